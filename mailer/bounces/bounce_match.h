/*
 * bounce_match: ties a report to a message embargo really sent, so that a
 * forged bounce changes nothing (doc/design.md "Bounces").
 *
 * embargo's Message-IDs are "<keyed hash of release ID and address>@domain"
 * (message.h), keyed with the spool's secret (message_key.h), so that
 * nobody who knows a release ID and an address can make one.  The index
 * holds that hash for every recipient the spool's journals record as sent
 * (or bounced, or unknown: the server may have taken it), so a Message-ID
 * found in a report names one release and one address.  A spool without a
 * key has sent nothing that a report could name: its index is empty.
 * A report recipient counts only when the report carries such a Message-ID
 * and the recipient's address (Final-Recipient, or Original-Recipient) is
 * that address: an address embargo never sent to, a Message-ID it never
 * made, or a known Message-ID beside another address matches nothing.
 */
#ifndef EMBARGO_BOUNCE_MATCH_H
#define EMBARGO_BOUNCE_MATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "bounce_report.h"
#include "diag.h"
#include "message_key.h"
#include "strmap.h"

struct bounce_sent {
	char *release; /* release ID */
	char *addr;    /* the address as journaled */
};

struct bounce_index {
	struct message_key key;
	bool have_key;
	struct strmap by_hash; /* Message-ID local part -> struct bounce_sent * */
	struct bounce_sent **v;
	size_t n, cap;
};

/* Index every sent message of every release in spool_dir (a spool that
 * does not exist is empty).  Journals are only read.  Returns 0, or -1 with
 * an error in d (a damaged journal).  Free with bounce_index_free in either
 * case. */
int bounce_index_build(struct bounce_index *ix, const char *spool_dir, struct diags *d);
void bounce_index_free(struct bounce_index *ix);

/* An empty index whose Message-IDs are keyed with key (for tests). */
void bounce_index_init(struct bounce_index *ix, const struct message_key *key);

/* Add one sent message (for tests and the index builder). */
void bounce_index_add(struct bounce_index *ix, const char *release, const char *addr);

struct bounce_match {
	size_t rcpt; /* index into the report's recipients */
	const struct bounce_sent *sent;
};

/* The report's recipients that are tied to a sent message, in *out
 * (malloc'd, *n of them).  *release is the release of the first Message-ID
 * of the report that embargo made (borrowed, NULL when none), whether or not
 * a recipient matched it. */
void bounce_match(const struct bounce_index *ix, const struct bounce_report *rep,
                  struct bounce_match **out, size_t *n, const char **release);

#endif
