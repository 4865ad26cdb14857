/*
 * progress: the one updating line a long send shows on a terminal (sent,
 * failed, deferred, messages/s, ETA), redrawn at most ten times a second so
 * that drawing never slows the send.  Off when stderr is not a terminal or
 * with -q: cron gets only the summary.
 */
#ifndef EMBARGO_PROGRESS_H
#define EMBARGO_PROGRESS_H

#include <stdbool.h>
#include <time.h>

#include "deliver.h"

struct progress {
	bool on;
	bool drawn; /* a line is on the screen */
	struct timespec start, last;
};

void progress_init(struct progress *p, bool on);
/* A deliver_opts.progress callback; arg is the struct progress. */
void progress_update(void *arg, const struct deliver_stats *st);
/* End the line (if one was drawn) so that what follows starts clean. */
void progress_finish(struct progress *p);

#endif
