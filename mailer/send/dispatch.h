/*
 * dispatch: send what is due of one release held in the spool, as `run` and
 * a real `send` both do (doc/design.md "The spool" and "Releases, templates and messages"):
 *
 *   - advance copies to the advance lists at their time, before the instant;
 *   - at the release instant, everyone else (and any advance recipient who
 *     has not had a copy); nobody gets the release twice;
 *   - a release that `run` first reaches more than max_lateness after its
 *     instant is not started: its recipients are missed (`send`, a
 *     deliberate act, does not apply max_lateness, and sends a release
 *     that run missed to the recipients it did not reach);
 *   - deferred recipients are retried when their backoff has passed;
 *   - `embargo cancel` stops it before the next message.
 *
 * The caller holds the release's lock and read meta from the snapshot under
 * it (dispatch_release checks that it is still the snapshot in dir), so the
 * instant obeyed is the one of the snapshot sent, whatever a replacement did
 * before.  Markers in the release directory (spool.h) let later runs skip it
 * cheaply; "advance-started" and "started" are marked before the first
 * message of their part, and from then on the release cannot be replaced.
 */
#ifndef EMBARGO_DISPATCH_H
#define EMBARGO_DISPATCH_H

#include <stdbool.h>
#include <time.h>

#include "deliver.h"
#include "diag.h"
#include "job.h"
#include "snapshot.h"

enum dispatch_mode { DISPATCH_RUN, DISPATCH_SEND };

struct dispatch_opts {
	enum dispatch_mode mode;
	time_t deadline;     /* no transaction starts later; 0: none */
	bool resend_unknown; /* the user asked: resend recipients in state unknown */
	void (*progress)(void *arg, const struct deliver_stats *st);
	void *progress_arg;
};

struct dispatch_report {
	bool ran_adv, ran_main;
	struct deliver_stats adv, main;
	size_t missed;      /* recipients marked missed now */
	size_t cancelled;   /* recipients marked cancelled now */
	size_t resent;      /* unknown recipients put back to pending */
	size_t done_before; /* recipients already final before this run */
	size_t unmissed;    /* send by hand: missed recipients put back to send */
	bool finished;      /* every recipient is now in a final state */
	long late;          /* seconds after the instant the send started */
	/* after the run: recipients of the release deferred (this run or an
	 * earlier one), the earliest next try, and that recipient's last reply */
	size_t waiting;
	time_t waiting_until;
	char waiting_reply[512];
};

/* Is anything of the release in dir possibly due at now?  Cheap: reads only
 * markers and meta, never the journal. */
bool dispatch_due(const char *dir, const struct snapshot *meta, time_t now, bool resend);

int dispatch_release(const char *dir, struct job *job, const struct snapshot *meta,
                     const struct dispatch_opts *o, struct dispatch_report *r, struct diags *d);

/* Mark every recipient not in a final state as cancelled (the caller holds
 * the lock).  Returns the number marked, or -1 with an error in d. */
long dispatch_cancel_rest(const char *dir, struct job *job, struct diags *d);

#endif
