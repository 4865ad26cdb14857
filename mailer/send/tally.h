/*
 * tally: where a release in the spool stands — the count of recipients in
 * each state of doc/design.md "Nothing lost" and the release's own state (scheduled,
 * advance-sent, sending, sent, partly-sent, missed, cancelled), for `status`.
 */
#ifndef EMBARGO_TALLY_H
#define EMBARGO_TALLY_H

#include <stddef.h>

#include "diag.h"
#include "job.h"
#include "journal.h"
#include "snapshot.h"

struct tally {
	size_t count[RS_NSTATES]; /* pending included */
	size_t total;
	const char *state;
};

/* Count job's audience (and its suppressed entries) against the journal. */
void tally_count(const char *dir, const struct job *job, const struct journal *j, struct tally *t);

#endif
