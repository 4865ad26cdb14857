/*
 * message: one journalist's message, from the rendered templates to the
 * bytes handed to the server: headers of doc/design.md
 * "Releases, templates and messages" (From, To,
 * Reply-To, Subject, Date, Message-ID, List-Id, List-Unsubscribe and
 * List-Unsubscribe-Post), composed by mime.
 *
 * The bytes depend only on the release, the recipient, the sender settings
 * and the date: a dry run builds exactly what a real send would, except Date
 * (doc/design.md "Preview").
 */
#ifndef EMBARGO_MESSAGE_H
#define EMBARGO_MESSAGE_H

#include <stddef.h>
#include <time.h>

#include "diag.h"
#include "lists.h"
#include "message_key.h"
#include "mime.h"
#include "release.h"
#include "render.h"
#include "util.h"

enum message_kind {
	MESSAGE_NORMAL,
	MESSAGE_TEST,    /* "[TEST] " before the subject */
	MESSAGE_ADVANCE, /* "EMBARGOED UNTIL <as written>" before the subject and a banner */
};

struct message_sender {
	const char *from_name; /* may be NULL */
	const char *from_addr;
	const char *reply_to_name; /* may be NULL */
	const char *reply_to_addr; /* NULL: no Reply-To */
	char *const *unsubscribe;  /* URIs; "{{recipient.email}}" inside is replaced */
	size_t nunsubscribe;
	const struct mime_attachment *att; /* the release's attachments (attach.h), */
	size_t natt;                       /* read once per job, in every message */
	/* the spool's secret (message_key.h) that real sends key Message-IDs
	 * with; NULL: unkeyed (test copies, previews without a spool) */
	const struct message_key *key;
};

/* "<32 hex digits>@domain" without brackets: HMAC-SHA-256 of the release ID
 * and the address under key (all zero when NULL), stable per (key,
 * release ID, address) and unguessable without the key.  Malloc'd. */
char *message_id(const struct message_key *key, const char *release_id, const char *addr,
                 const char *domain);

/* Build the whole message for rcpt into out (appended).  Returns 0, or -1
 * with an error in d. */
int message_build(struct renderer *r, const struct release *rel, const struct message_sender *s,
                  const struct recipient *rcpt, enum message_kind kind, time_t date,
                  struct strbuf *out, struct diags *d);

/* The unsubscribe URI with {{recipient.email}} (blanks allowed inside the
 * braces) replaced by the address percent-encoded: every byte but RFC 3986
 * unreserved ones as %XX, so "j+doe@example.org" is "j%2Bdoe%40example.org".
 * Malloc'd. */
char *message_unsubscribe_uri(const char *tmpl, const char *email);

/* The List-Id value (RFC 2919): the description as a phrase (plain, quoted
 * or RFC 2047 as needed; left out when longer than MESSAGE_LIST_ID_PHRASE_MAX
 * bytes, since a long quoted phrase cannot be folded within 998 octets), then
 * <NAME.domain> with the name folded to a dot-atom label: lower case letters,
 * digits and "_", any other run as one "-" ("Tech Press" is "tech-press";
 * nothing left is "list").  Malloc'd. */
#define MESSAGE_LIST_ID_PHRASE_MAX 200
char *message_list_id(const char *list_name, const char *description, const char *domain);

#endif
