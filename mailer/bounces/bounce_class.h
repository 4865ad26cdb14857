/*
 * bounce_class: what a returned message says about one recipient, as one of
 * the classes of doc/design.md "Bounces": hard (the address does not exist or
 * will never take mail), soft (full, disabled for now, temporary, expired),
 * policy (the receiving side refused the sender or the content), complaint
 * (an abuse report) or unknown.
 *
 * A hard class suppresses an address at once, so the rules err towards
 * unknown, never towards hard: a status code alone makes an address hard
 * only when it says the mailbox or domain does not exist (x.1.1, x.1.2,
 * x.1.3, x.1.6, x.1.10), and then only when nothing in the diagnostic speaks
 * of policy, spam, a full or disabled mailbox or a temporary condition; a
 * diagnostic without a code is hard only when it says so in words and says
 * nothing else.
 */
#ifndef EMBARGO_BOUNCE_CLASS_H
#define EMBARGO_BOUNCE_CLASS_H

#include <stdbool.h>

enum bounce_class {
	BOUNCE_HARD,
	BOUNCE_SOFT,
	BOUNCE_POLICY,
	BOUNCE_COMPLAINT,
	BOUNCE_UNKNOWN,
};

/* "hard", "soft", "policy", "complaint", "unknown". */
const char *bounce_class_name(enum bounce_class c);

/* The class of one failed recipient.  status is the RFC 3463 code ("5.1.1")
 * or NULL; diagnostic the server's words (Diagnostic-Code, or the text that
 * names the recipient in a vendor's bounce) or NULL.  An action other than
 * "failed" (delayed, delivered, relayed, expanded) or a 4.x.x status is
 * never hard. */
enum bounce_class bounce_classify(const char *action, const char *status, const char *diagnostic);

/* The first RFC 3463 status code ("5.1.1") in text, copied into out
 * (at least 16 bytes); false when there is none. */
bool bounce_find_status(const char *text, char out[16]);

#endif
