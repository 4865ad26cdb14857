/*
 * embargo cancel ID: stop a scheduled or sending release.  The "cancelled"
 * marker goes first (a process sending it stops before its next message,
 * and a run that gets to it later never starts it); then, under the
 * release's lock, every recipient not yet in a final state is journaled as
 * cancelled (by the sending process itself when it holds the lock).
 * A cancelled release never sends again.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cmd.h"
#include "frame.h"
#include "conf.h"
#include "dispatch.h"
#include "snapshot.h"
#include "spool.h"

static int cancel_locked(const char *dir, const struct conf *cur, struct diags *d)
{
	if (spool_marked(dir, "replacing")) {
		/* No audience to journal: the marker alone keeps it from going. */
		printf("cancelled %s: its snapshot is incomplete (an interrupted replacement); "
		       "nothing of it will be sent\n",
		       strrchr(dir, '/') + 1);
		return 0;
	}
	struct snapshot m;
	struct conf sc;
	struct job job;
	long n = -1;
	if (snapshot_read(dir, &m, d) == 0 && snapshot_conf(dir, cur, &sc, d) == 0) {
		if (snapshot_job(dir, &m, &sc, &job, d) == 0)
			n = dispatch_cancel_rest(dir, &job, d);
		job_free(&job);
		conf_free(&sc);
	}
	if (n >= 0)
		printf("cancelled %s: %ld recipient(s) will not get it\n", m.id, n);
	snapshot_free(&m);
	return n < 0 ? -1 : 0;
}

static bool started(void *dir)
{
	return spool_release_started(dir);
}

/* Errors go into d (the command prints them and exits with their status). */
static void cancel_release(const struct spool *sp, const struct conf *cur, void *arg,
                           struct diags *d)
{
	const char *id = arg;
	char *dir = spool_release_dir(sp, id);
	if (!spool_marked(dir, "schedule.yaml")) {
		diag_error(d, EX_NOINPUT, NULL, 0, 0, "embargo status lists the releases",
		           "no release %s in the spool", id);
	} else if (spool_marked(dir, "finished")) {
		printf("%s has already been sent to everyone: nothing to cancel\n", id);
	} else if (spool_mark(dir, "cancelled", NULL) < 0) {
		diag_error(d, EX_IOERR, dir, 0, 0, NULL, "cannot mark it cancelled: %s",
		           strerror(errno));
	} else {
		/* A process sending it stops before its next message and journals
		 * the rest as cancelled itself.  One that holds the lock without
		 * having started (a run preparing it, a replacement being written)
		 * lets go soon: wait for it, so that the rest are journaled here. */
		char *lockpath = xasprintf("%s/lock", dir);
		int fd = spool_lock_wait(lockpath, SPOOL_LOCK_WAIT_MS, started, dir, d);
		if (fd == -2)
			printf("%s is being sent right now: it stops before the next message, and the "
			       "rest are marked cancelled\n", id);
		else if (fd >= 0)
			cancel_locked(dir, cur, d);
		spool_unlock(fd);
		free(lockpath);
	}
	free(dir);
}

int cmd_cancel(int argc, char **argv, const struct global_opts *g)
{
	static const struct cmd_syntax syntax = {.name = "cancel", .min = 1, .max = 1};
	int rc = cmd_parse(argc, argv, &syntax, NULL);
	if (rc != CMD_GO)
		return rc;
	return cmd_with_spool(g, cancel_release, argv[optind]);
}
