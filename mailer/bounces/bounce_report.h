/*
 * bounce_report: what one returned message says.  A report is read from
 * its bytes alone, with no knowledge of what embargo sent (that is
 * bounce_match's work):
 *
 *   - RFC 3464 delivery status notifications (multipart/report with a
 *     message/delivery-status part): a recipient per Final-Recipient group,
 *     with Action, Status and Diagnostic-Code;
 *   - RFC 5965 feedback reports (message/feedback-report): complaints about
 *     the recipients the report names (Original-Rcpt-To, else the returned
 *     message's To);
 *   - the text bounces of servers that send no delivery-status part
 *     (qmail, Exim, Sendmail, Postfix without DSN, Exchange, Gmail, Yahoo,
 *     ...): recipients are the addresses the text names outside the copy of
 *     the original message, each with the lines that speak of it;
 *   - RFC 3834 auto-replies and out-of-office messages, which are not
 *     bounces and name no recipient.
 *
 * Every recipient gets a class (bounce_class.h).  The Message-IDs a report
 * carries (the returned message's or headers' Message-ID, In-Reply-To and
 * References, "Message-ID:" lines quoted in the text) are listed for the
 * matcher.
 *
 * Any bytes are read, never trusted: at most BOUNCE_MAX_BYTES of a message
 * are looked at, NUL bytes are read as spaces, a message nested deeper than
 * libetpan can be trusted to parse is read as plain text, and every string
 * in a report is valid UTF-8 without control characters.
 */
#ifndef EMBARGO_BOUNCE_REPORT_H
#define EMBARGO_BOUNCE_REPORT_H

#include <stddef.h>

#include "bounce_class.h"

#define BOUNCE_MAX_BYTES (8u << 20)

enum bounce_kind {
	BOUNCE_KIND_DSN,
	BOUNCE_KIND_COMPLAINT,
	BOUNCE_KIND_AUTOREPLY,
	BOUNCE_KIND_UNRECOGNISED,
};

struct bounce_rcpt {
	char *address;    /* as the report writes it (Final-Recipient's address) */
	char *original;   /* Original-Recipient's address, or NULL */
	char *status;     /* "5.1.1", or NULL */
	char *action;     /* "failed", "delayed" ..., or NULL (text bounces) */
	char *diagnostic; /* the server's words, or NULL */
	enum bounce_class cls;
};

struct bounce_report {
	enum bounce_kind kind;
	struct bounce_rcpt *r;
	size_t n;
	char **msgids; /* without angle brackets, each once */
	size_t nmsgids;
};

/* Read buf[0..len).  Never fails: what it cannot read is "unrecognised".
 * Free with bounce_report_free. */
void bounce_report_parse(const char *buf, size_t len, struct bounce_report *rep);
void bounce_report_free(struct bounce_report *rep);

/* "dsn", "complaint", "autoreply", "unrecognised". */
const char *bounce_kind_name(enum bounce_kind k);

#endif
