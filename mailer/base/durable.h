/*
 * durable: the one way embargo writes files that must survive a crash:
 * a temporary name in the same directory, write, fsync, rename into place,
 * fsync the directory (OpenSMTPD's queue_fs, mblaze's mdeliver).  Used by the
 * spool.  (`send --dry-run --out` writes previews the same way but without a
 * sync per file: a preview lost to a power cut is made again.)
 *
 * Every file embargo creates is created here, under a name nobody can
 * guess (a random suffix) and with O_CREAT|O_EXCL|O_NOFOLLOW: a symbolic
 * link or a file that someone else planted at the name is never written
 * through or reused, it makes the name be tried again.
 */
#ifndef EMBARGO_DURABLE_H
#define EMBARGO_DURABLE_H

#include <stddef.h>

/* Create a new file prefix.RANDOM (RANDOM: 16 hex digits) relative to dirfd
 * (AT_FDCWD for a path) with O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC
 * and mode; a name that exists is tried again with another suffix.
 * Returns the descriptor and *tmp (malloc'd, the name as created), or -1
 * with errno set. */
int durable_create_tmp(int dirfd, const char *prefix, unsigned mode, char **tmp);

/* Write data to a new file prefix.RANDOM (durable_create_tmp) and fsync it;
 * *tmp is its name (malloc'd), for the caller to rename or link into
 * place.  Returns 0, or -1 with errno set (nothing is left behind). */
int durable_write_new(const char *prefix, const void *data, size_t len, unsigned mode, char **tmp);

/* Write data to path atomically and durably.  Returns 0, or -1 with errno
 * set (the temporary file is removed). */
int durable_write(const char *path, const void *data, size_t len);

/* fsync a directory so that renames and creations in it are durable. */
int durable_sync_dir(const char *dir);

/* mkdir -p with mode; existing directories are fine.  Returns 0 or -1 with
 * errno. */
int durable_mkdirs(const char *path, unsigned mode);

/* mkdir with mode, unless it exists; either way path must then be a
 * directory of its own (not a symbolic link) owned by the user running
 * embargo.  For the spool's directories, where a link planted by someone
 * else would send the spool's files elsewhere.  Returns 0, or -1 with errno
 * (ELOOP for a symbolic link, ENOTDIR, EPERM for another owner). */
int durable_mkdir_private(const char *path, unsigned mode);

/* Remove a directory tree that embargo wrote (a partial snapshot).  Symbolic
 * links are removed, never followed. */
int durable_remove_tree(const char *path);

/* Write all of buf to fd, retrying short writes and EINTR. */
int durable_write_all(int fd, const void *buf, size_t len);

#endif
