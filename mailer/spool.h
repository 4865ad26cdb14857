/*
 * spool: the directory where embargo keeps what it has promised to send.
 *
 *   SPOOL/lock                 held (flock) by `run`: one run at a time
 *   SPOOL/releases/ID/lock     held by whoever is sending release ID
 *   SPOOL/releases/ID/journal  per-recipient events (journal.h)
 *
 * Locks are flock(LOCK_EX|LOCK_NB) on files opened O_CLOEXEC: the kernel
 * drops them when the process dies, however it dies.
 */
#ifndef EMBARGO_SPOOL_H
#define EMBARGO_SPOOL_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

struct spool {
	char *dir;
};

/* Create the spool directory (mode 0700) if needed.  Returns 0 or -1 with
 * an error in d (EX_CANTCREAT). */
int spool_open(struct spool *s, const char *dir, struct diags *d);
void spool_close(struct spool *s);

/* SPOOL/releases/ID (malloc'd); spool_release_mkdir also creates it. */
char *spool_release_dir(const struct spool *s, const char *id);
int spool_release_mkdir(const struct spool *s, const char *id, struct diags *d);

/* Markers: small files in a release directory that say where it stands
 * without replaying its journal ("started", "advance-done", "finished",
 * "cancelled", "missed", and "next" holding the time of the next retry).
 * spool_mark writes one durably; text may be NULL. */
int spool_mark(const char *dir, const char *name, const char *text);
bool spool_marked(const char *dir, const char *name);
/* The number in marker name, or 0 when there is none. */
long long spool_marker_number(const char *dir, const char *name);
void spool_unmark(const char *dir, const char *name);

/* The release IDs in the spool (complete snapshots only), malloc'd. */
char **spool_release_ids(const struct spool *s, size_t *n);

/* Take a lock file without waiting: returns the descriptor (>= 0), -2 when
 * another process holds it, or -1 with an error in d. */
int spool_lock(const char *path, struct diags *d);
void spool_unlock(int fd);

/* True when a process holds dir/lock (is sending that release).  A shared
 * lock is taken and dropped at once to find out. */
bool spool_busy(const char *dir);

#endif
