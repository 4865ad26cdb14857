/*
 * journal: the append-only record of one release's per-recipient events
 * (doc/design.md "Never twice", "Nothing lost").  The format is described
 * exactly, once, in doc/design.md "The journal": one line per event, six
 * tab-separated fields (time, event, address, next try, detail, checksum),
 * readable with less and grep; tests/journal.test holds the code to it.
 *
 * At most once: a group of recipients is claimed with one write and an
 * fdatasync before any of them is sent (the claim's detail is the raw boot
 * ID); each message's attempt is written (write(), which survives kill -9)
 * before its final "."; outcomes are written after the server's reply and
 * become durable with the next claim or journal_sync.  Replaying the
 * journal gives every recipient's state:
 *   - an attempt with no outcome is UNKNOWN (the server may have it);
 *   - a claim with no attempt is PENDING when the machine has not rebooted
 *     since (the attempt line would be in the page cache), else UNKNOWN (after
 *     power loss the attempt line may be lost): at most the group being sent
 *     and the next one, claimed ahead (deliver.h: 32 recipients).
 * A torn last line (power loss mid-write) is detected by its missing newline
 * or bad checksum and cut off; a damaged line elsewhere is an error.
 */
#ifndef EMBARGO_JOURNAL_H
#define EMBARGO_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "diag.h"
#include "strmap.h"

enum rstate {
	RS_PENDING, /* not yet sent (also: claimed, not attempted, same boot) */
	RS_SENT,
	RS_FAILED,
	RS_DEFERRED,
	RS_SUPPRESSED,
	RS_UNKNOWN,
	RS_CANCELLED,
	RS_MISSED,
	RS_BOUNCED, /* sent, then returned as a bounce (embargo bounces) */
	RS_NSTATES
};

enum jevent {
	JE_CLAIM,
	JE_ATTEMPT,
	JE_SENT,
	JE_FAILED,
	JE_DEFERRED,
	JE_SUPPRESSED,
	JE_UNKNOWN,
	JE_CANCELLED,
	JE_MISSED,
	JE_RESEND, /* the user asked to send again: an unknown recipient
	              (run --resend-unknown), or a missed one (send by hand) */
	JE_NOTE,   /* a release-level note; address "-" */
	JE_BOUNCED, /* a bounce came back; detail: "CLASS STATUS DIAGNOSTIC" */
};

struct jentry {
	char *addr;
	enum rstate state;
	bool claimed;   /* claimed, no outcome yet */
	bool attempted; /* attempt written, no outcome yet */
	char *claim_boot;
	char *reply;           /* last server reply, or NULL */
	time_t next_try;       /* DEFERRED: not before this time */
	time_t first_deferred; /* DEFERRED: when it was first deferred */
	time_t outcome_at;   /* when its last outcome was written (sent: accepted) */
	int deferrals;
};

struct journal {
	int fd;
	off_t size; /* bytes of whole lines in the file */
	char *path;
	char *boot_id;
	struct strmap index; /* addr -> struct jentry * */
	struct jentry **v;
	size_t n, cap;
	char **notes; /* release-level events ("started", "cancelled" ...) */
	size_t nnotes;
	struct journal_pending *pending; /* a claim being synced (journal_claim_start) */
};

enum journal_mode {
	JOURNAL_WRITE,     /* the caller holds the release's lock: a torn last line
	                      is cut, and what replay settles (see above) is
	                      journaled as "unknown" lines */
	JOURNAL_READ,      /* read only, nobody is sending: settle in memory */
	JOURNAL_READ_LIVE, /* read only while another process is sending: claims
	                      and attempts without an outcome stay pending */
};

/* Open dir/journal (created in JOURNAL_WRITE mode) and replay it.  Returns
 * 0, or -1 with an error in d (EX_IOERR/EX_CANTCREAT/EX_DATAERR).  Call
 * journal_close in either case: a failed open may hold memory. */
int journal_open(struct journal *j, const char *dir, enum journal_mode mode, struct diags *d);
void journal_close(struct journal *j);

/* The entry of addr, or NULL when it has no event yet. */
struct jentry *journal_get(const struct journal *j, const char *addr);

/* Claim addrs[0..n) with one write and fdatasync.  Returns 0 or -1 (errno). */
int journal_claim(struct journal *j, const char *const *addrs, size_t n);

/* journal_claim in two halves, so that the fdatasync runs in the background
 * (a thread of its own) while the caller goes on, e.g. sends the group
 * claimed before: journal_claim_start writes the claim lines and starts their
 * fdatasync; journal_claim_wait waits for it.  Until journal_claim_wait has
 * returned 0 the claim is not durable and none of addrs may be sent.  The
 * strings addrs[i] must stay valid until then.  One claim at a time: start
 * again only after the wait.  Both return 0 or -1 (errno); journal_close
 * waits for a claim still being synced. */
int journal_claim_start(struct journal *j, const char *const *addrs, size_t n);
int journal_claim_wait(struct journal *j);

/* Append one event (write(), not synced).  detail may be NULL; next_try is
 * used for JE_DEFERRED.  Updates the in-memory state.  Returns 0 or -1. */
int journal_record(struct journal *j, enum jevent ev, const char *addr, const char *detail,
                   time_t next_try);

/* A release-level note such as "started" or "cancelled" (synced). */
int journal_note(struct journal *j, const char *note);
bool journal_has_note(const struct journal *j, const char *note);

int journal_sync(struct journal *j);

const char *journal_state_name(enum rstate s);

#endif
