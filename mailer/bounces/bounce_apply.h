/*
 * bounce_apply: what follows from a matched report (doc/design.md "Bounces"),
 * and the ledger that keeps `embargo bounces` from reading a message twice.
 *
 *   - a failed delivery makes the recipient's journal state "bounced", with
 *     "CLASS STATUS DIAGNOSTIC" as its detail (status ID shows it); the
 *     journal is written under the release's lock;
 *   - a hard bounce or a complaint adds the address to the suppression file
 *     at once, with the date, the class, the status and the release ID;
 *   - a soft bounce is counted in the ledger: the address is suppressed once
 *     soft bounces of soft_limit different releases fall within soft_window;
 *   - policy and unknown bounces suppress nobody: they are reported;
 *   - a delay warning (Action: delayed) changes nothing.
 *
 * The ledger, SPOOL/bounces/ledger, is append-only and readable like the
 * journal ("TIME<TAB>seen<TAB>HASH<TAB>WHERE", "TIME<TAB>soft<TAB>ADDR<TAB>
 * RELEASE"); SPOOL/bounces/lock is held (flock) while one `embargo bounces`
 * runs.
 */
#ifndef EMBARGO_BOUNCE_APPLY_H
#define EMBARGO_BOUNCE_APPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "bounce_match.h"
#include "bounce_report.h"
#include "diag.h"
#include "strmap.h"

struct bounce_soft {
	char *addr; /* lower case */
	char *release;
	time_t when;
};

struct bounce_ledger {
	char *path;
	int fd, lock_fd;
	struct strmap seen; /* message hash -> (void *)1 */
	struct bounce_soft *soft;
	size_t nsoft, cap;
};

/* Take SPOOL/bounces/lock and read the ledger.  Returns 0, 1 when another
 * `embargo bounces` holds the lock, or -1 with an error in d.  Close it in
 * every case. */
int bounce_ledger_open(struct bounce_ledger *l, const char *spool_dir, struct diags *d);
void bounce_ledger_close(struct bounce_ledger *l);

/* A message's identity: a hash of its bytes without CRs (the same message
 * read from IMAP or from a Maildir file has the same one); 33 bytes. */
void bounce_message_hash(const char *buf, size_t len, char out[33]);

bool bounce_ledger_seen(const struct bounce_ledger *l, const char *hash);
int bounce_ledger_mark(struct bounce_ledger *l, const char *hash, const char *where);

/* The settings bounce_apply follows. */
struct bounce_policy {
	const char *spool_dir;
	const char *suppress_file;
	long soft_limit;
	long soft_window; /* seconds */
	time_t now;
};

struct bounce_effects {
	size_t journaled;  /* recipients whose state became bounced */
	size_t suppressed; /* addresses added to the suppression file */
	size_t busy;       /* matches left for later: their release was being sent */
};

/* Apply the matches m[0..n) of rep.  Returns 0 (effects in *fx, added to),
 * 1 when a release's lock was held by a sender (nothing of this report was
 * recorded as done: read it again later), or -1 with an error in d. */
int bounce_apply(const struct bounce_policy *p, struct bounce_ledger *l,
                 const struct bounce_report *rep, const struct bounce_match *m, size_t n,
                 struct bounce_effects *fx, struct diags *d);

#endif
