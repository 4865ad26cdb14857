/*
 * durable: the one way embargo writes files that must survive a crash:
 * a temporary name in the same directory, write, fsync, rename into place,
 * fsync the directory (OpenSMTPD's queue_fs, mblaze's mdeliver).  Used by the
 * spool.  (`send --dry-run --out` writes previews the same way but without a
 * sync per file: a preview lost to a power cut is made again.)
 */
#ifndef EMBARGO_DURABLE_H
#define EMBARGO_DURABLE_H

#include <stddef.h>

/* Write data to path atomically and durably.  Returns 0, or -1 with errno
 * set (the temporary file is removed). */
int durable_write(const char *path, const void *data, size_t len);

/* fsync a directory so that renames and creations in it are durable. */
int durable_sync_dir(const char *dir);

/* mkdir -p with mode; existing directories are fine.  Returns 0 or -1 with
 * errno. */
int durable_mkdirs(const char *path, unsigned mode);

/* Remove a directory tree that embargo wrote (a partial snapshot).  Symbolic
 * links are removed, never followed. */
int durable_remove_tree(const char *path);

/* Write all of buf to fd, retrying short writes and EINTR. */
int durable_write_all(int fd, const void *buf, size_t len);

#endif
