/*
 * spool: the directory where embargo keeps what it has promised to send.
 *
 *   SPOOL/lock                 held (flock) by `run`: one run at a time
 *   SPOOL/last-run             when a run last looked at the spool, and the
 *                              configuration it read ("TIME\tPATH")
 *   SPOOL/releases/ID/lock     held by whoever sends, replaces or cancels
 *                              release ID: its snapshot and markers change
 *                              only under it
 *   SPOOL/releases/ID/journal  per-recipient events (journal.h)
 *
 * Locks are flock(LOCK_EX|LOCK_NB) on files opened O_CLOEXEC: the kernel
 * drops them when the process dies, however it dies.  `run` holds the spool
 * lock for as long as it runs (up to run_deadline), a release's lock only
 * while it sends that release; commands a person runs (schedule --replace,
 * cancel) never take the spool lock, so a long run never makes them wait.
 */
#ifndef EMBARGO_SPOOL_H
#define EMBARGO_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "diag.h"

struct spool {
	char *dir;
};

/* Create the spool directory (mode 0700) if needed.  Returns 0 or -1 with
 * an error in d (EX_CANTCREAT). */
int spool_open(struct spool *s, const char *dir, struct diags *d);
void spool_close(struct spool *s);

/* Record that a run looks at the spool now, with the configuration it
 * read (its absolute path, or NULL for none): schedule and status use it to
 * tell a spool that no run looks at.  Returns 0 or -1 with errno. */
int spool_note_run(const struct spool *s, const char *config);

/* When a run last looked at the spool (0: never) and its configuration
 * (*config malloc'd, NULL when unknown or none; config may be NULL). */
time_t spool_last_run(const struct spool *s, char **config);

/* SPOOL/releases/ID (malloc'd); spool_release_mkdir also creates it. */
char *spool_release_dir(const struct spool *s, const char *id);
int spool_release_mkdir(const struct spool *s, const char *id, struct diags *d);

/* Markers: small files in a release directory that say where it stands
 * without replaying its journal ("advance-started", "advance-done",
 * "started", "finished", "cancelled", "missed", "next" holding the time of
 * the next retry, and "replacing" while a snapshot is rewritten in place).
 * spool_mark writes one durably; text may be NULL. */
int spool_mark(const char *dir, const char *name, const char *text);
bool spool_marked(const char *dir, const char *name);
/* The number in marker name, or 0 when there is none. */
long long spool_marker_number(const char *dir, const char *name);
void spool_unmark(const char *dir, const char *name);

/* The release IDs in the spool (complete snapshots only), malloc'd. */
char **spool_release_ids(const struct spool *s, size_t *n);

/* True when a message of the release in dir may have gone out: the first
 * advance copy or the first message of the release was about to be handed
 * over ("advance-started", "advance-done" or "started" is marked; each is
 * marked before the first message of its part). */
bool spool_release_started(const char *dir);

/* Take a lock file without waiting: returns the descriptor (>= 0), -2 when
 * another process holds it, or -1 with an error in d. */
int spool_lock(const char *path, struct diags *d);

/* How long a command a person runs waits for a release's lock that another
 * process holds without having started to send (a run preparing the
 * release, a replacement being written). */
#define SPOOL_LOCK_WAIT_MS 10000

/* spool_lock, waiting up to ms milliseconds for the holder to let go; it
 * stops waiting as soon as give_up(arg) is true (the holder has started to
 * send, and keeps the lock until it is done).  Returns as spool_lock. */
int spool_lock_wait(const char *path, long ms, bool (*give_up)(void *arg), void *arg,
                    struct diags *d);
void spool_unlock(int fd);

/* True when a process holds dir/lock (is sending that release).  A shared
 * lock is taken and dropped at once to find out. */
bool spool_busy(const char *dir);

#endif
