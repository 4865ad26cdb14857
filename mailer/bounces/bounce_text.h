/*
 * bounce_text: the plain-text side of returned mail, shared by
 * bounce_report's readers (internal to the bounce_ modules): header blocks,
 * the signs of a bounce and of an auto-reply, and the recipients a vendor's
 * text bounce names.
 */
#ifndef EMBARGO_BOUNCE_TEXT_H
#define EMBARGO_BOUNCE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "bounce_report.h"

/* One header block: names and unfolded values (both malloc'd). */
struct bounce_headers {
	char **name, **value;
	size_t n, cap;
};

/* Parse the header block at s[0..len) up to its first empty line (or the
 * end); returns the offset just past it.  At most 500 fields are kept. */
size_t bounce_headers_parse(const char *s, size_t len, struct bounce_headers *h);
void bounce_headers_free(struct bounce_headers *h);
/* The first value of name (case-insensitive), or NULL. */
const char *bounce_headers_get(const struct bounce_headers *h, const char *name);

/* True when the top-level headers look like a bounce (a mailer-daemon or
 * postmaster sender, a "Undelivered Mail"-like subject), or an auto-reply
 * (RFC 3834 Auto-Submitted: auto-replied, X-Autoreply, "Out of Office" ...). */
bool bounce_text_looks_bounce(const struct bounce_headers *top, const char *text);
bool bounce_text_looks_autoreply(const struct bounce_headers *top);

/* The recipients a text bounce names: addresses in text outside the copy
 * of the original message, other than those in skip[0..nskip) and the
 * mail system's own; each with the lines that speak of it as diagnostic
 * and its class.  Appended to rep. */
void bounce_text_recipients(const char *text, const char *const *skip, size_t nskip,
                            struct bounce_report *rep);

/* Copy s[0..n) as valid UTF-8 without control characters (tabs and line
 * breaks become spaces, runs of blanks one space, trimmed), malloc'd. */
char *bounce_clean(const char *s, size_t n);

/* The address inside "rfc822; <a@b>" or "<a@b>" or "a@b" (malloc'd), or
 * NULL when there is none. */
char *bounce_address_in(const char *s);

/* Add the Message-IDs ("<...>") of s to rep, without brackets, each once;
 * one with a blank or a control character between its brackets is no
 * Message-ID and is left out. */
void bounce_add_msgids(struct bounce_report *rep, const char *s);

#endif
