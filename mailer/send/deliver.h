/*
 * deliver: the send loop shared by `send` and `run`.  For each recipient
 * still to do it composes the message (message.h), hands it to the relay
 * (smtp.h) and records every step in the release's journal (journal.h), in
 * the order that keeps the promises of doc/design.md:
 *
 *   - never early: the clock is read again before every transaction, and no
 *     transaction starts before opts->not_before;
 *   - ready at the instant: called up to DELIVER_AHEAD seconds before
 *     not_before, it claims and composes the first group and, from
 *     DELIVER_CONNECT_AHEAD seconds before, opens and authenticates the
 *     connections; the first MAIL goes at not_before, not earlier (called
 *     any earlier, it sends nothing and says early_stop);
 *   - never twice: recipients are claimed in durable groups before their
 *     messages are built, the attempt is journaled before the final ".", and
 *     a recipient already sent, failed, unknown, suppressed, cancelled or
 *     missed is never handed out again;
 *   - nothing lost: every recipient handed out ends in a journaled state.
 *
 * Retries: a transient failure is retried within the run after 1 s and 2 s,
 * then deferred to later runs with a backoff starting at 5 minutes and
 * doubling to 1 hour, until give_up_after has passed since the first
 * deferral; then it is failed.
 */
#ifndef EMBARGO_DELIVER_H
#define EMBARGO_DELIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "diag.h"
#include "job.h"
#include "journal.h"
#include "message.h"
#include "smtp.h"

/* Recipients claimed (and synced) at a time.  The claim of the next group is
 * synced while the current one is sent, so at most two groups, 32
 * recipients, are claimed and not finished at once: what a power loss can
 * turn into "unknown" (journal.h). */
#define DELIVER_GROUP 16

#define DELIVER_AHEAD 60         /* seconds: how early a caller may start */
#define DELIVER_CONNECT_AHEAD 10 /* seconds: connections open this early */

/* The distinct replies (or local errors) that ended recipients other than
 * sent, so that a summary can say why: the first DELIVER_REASONS kept, each
 * to DELIVER_REASON_LEN - 1 bytes. */
#define DELIVER_REASONS 4
#define DELIVER_REASON_LEN 240

struct deliver_reason {
	const char *outcome; /* "failed", "deferred", "unknown" */
	char text[DELIVER_REASON_LEN];
	size_t count;
};

struct deliver_stats {
	size_t todo; /* recipients this run set out to send */
	size_t sent, failed, deferred, unknown, suppressed;
	size_t done_before; /* already in a final state from an earlier run */
	bool early_stop;    /* the clock said it was too early: stopped */
	bool gave_up;       /* the server kept failing: the rest deferred */
	bool cancelled;     /* opts->cancel_file appeared: stopped */
	time_t started;
	struct deliver_reason why[DELIVER_REASONS];
	size_t nwhy;
	size_t why_other; /* recipients ended for a reason not kept in why[] */
};

struct deliver_opts {
	enum message_kind kind;
	time_t not_before;       /* no transaction starts earlier; 0: any time */
	time_t deadline;         /* no transaction starts later; 0: none */
	long give_up_after;      /* seconds */
	const char *cancel_file; /* stop before the next message once it exists */
	void (*progress)(void *arg, const struct deliver_stats *st);
	void *progress_arg;
};

/* Send to to[0..n) (journal may be NULL for --test copies, which are not
 * journaled).  suppressed[0..nsup) are journaled as suppressed.  Returns 0
 * when the loop ran to its end (outcomes in st), -1 with an error in d when
 * it could not run or go on (spool unwritable, TLS policy not met, the relay
 * refused the credentials: then what was not sent is deferred). */
int deliver_run(struct job *job, struct journal *journal, struct smtp_session *smtp,
                const struct recipient *const *to, size_t n,
                const struct recipient *const *suppressed, size_t nsup,
                const struct deliver_opts *opts, struct deliver_stats *st, struct diags *d);

/* The backoff before the (deferrals+1)th try: 5 min doubling to 1 h. */
long deliver_backoff(int deferrals);

#endif
