#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sysexits.h>

#include <gnutls/crypto.h>

#include "address.h"
#include "message.h"
#include "mime.h"
#include "rfc2047.h"

/* Keyed, so that nobody without the spool's key can make a Message-ID
 * that bounce_match takes for one of embargo's (message_key.h). */
char *message_id(const struct message_key *key, const char *release_id, const char *addr,
                 const char *domain)
{
	size_t a = strlen(release_id), b = strlen(addr);
	char *data = xmalloc(a + 1 + b);
	memcpy(data, release_id, a + 1); /* the NUL keeps ("ab", "c") from ("a", "bc") */
	memcpy(data + a + 1, addr, b);
	static const struct message_key none; /* all zero: unkeyed */
	unsigned char mac[32];
	/* SHA-256 is in every GnuTLS build, FIPS mode included (hence a
	 * 32-byte key even when unkeyed): a failure is a broken library */
	if (gnutls_hmac_fast(GNUTLS_MAC_SHA256, (key ? key : &none)->k, sizeof none.k, data,
	                     a + 1 + b, mac) < 0)
		abort();
	free(data);
	char hex[33];
	for (size_t i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", mac[i]);
	return xasprintf("%s@%s", hex, domain);
}

/* "{{recipient.email}}", blanks allowed inside the braces as Mustache
 * allows them.  Returns the length of the marker at p, or 0. */
static size_t unsubscribe_marker(const char *p)
{
	const char *q = p;
	if (!str_starts_with(q, "{{"))
		return 0;
	q += 2;
	q += strspn(q, " \t");
	if (!str_starts_with(q, "recipient.email"))
		return 0;
	q += strlen("recipient.email");
	q += strspn(q, " \t");
	return str_starts_with(q, "}}") ? (size_t)(q + 2 - p) : 0;
}

/* RFC 3986 unreserved characters stay, everything else is %XX: "+" and
 * "@" too, so the address reads back exactly. */
static void append_percent_encoded(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *e = (const unsigned char *)s; *e; e++) {
		if ((*e >= 'a' && *e <= 'z') || (*e >= 'A' && *e <= 'Z') ||
		    (*e >= '0' && *e <= '9') || *e == '-' || *e == '.' || *e == '_' || *e == '~') {
			strbuf_addch(sb, (char)*e);
		} else {
			char esc[3] = {'%', hex[*e >> 4], hex[*e & 15]};
			strbuf_add(sb, esc, 3);
		}
	}
}

char *message_unsubscribe_uri(const char *tmpl, const char *email)
{
	struct strbuf sb;
	strbuf_init(&sb);
	const char *p = tmpl;
	for (const char *b; (b = strstr(p, "{{")) != NULL;) {
		size_t m = unsubscribe_marker(b);
		/* text up to a marker in one piece; a "{{" that opens none is text */
		strbuf_add(&sb, p, (size_t)(b - p) + (m ? 0 : 1));
		if (m)
			append_percent_encoded(&sb, email);
		p = b + (m ? m : 1);
	}
	strbuf_adds(&sb, p);
	return strbuf_detach(&sb, NULL);
}

/* A display phrase: as it is when plain, a quoted string when it is ASCII
 * with specials, RFC 2047 encoded-words when it is not ASCII. */
static void append_phrase(struct strbuf *sb, const char *s)
{
	bool ascii = true;
	for (const char *p = s; *p; p++)
		ascii &= *p >= 0x20 && *p < 0x7f;
	if (!ascii || rfc2047_is_plain(s, RFC2047_PHRASE)) {
		char *phrase = rfc2047_encode(s, RFC2047_PHRASE);
		strbuf_adds(sb, phrase);
		free(phrase);
		return;
	}
	strbuf_addch(sb, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *p);
	}
	strbuf_addch(sb, '"');
}

char *message_list_id(const char *list_name, const char *description, const char *domain)
{
	struct strbuf sb;
	strbuf_init(&sb);
	if (description && *description && strlen(description) <= MESSAGE_LIST_ID_PHRASE_MAX) {
		append_phrase(&sb, description);
		strbuf_addch(&sb, ' ');
	}
	strbuf_addch(&sb, '<');
	/* RFC 2919: the id is a dot-atom; a list name may be anything. */
	size_t start = sb.len;
	for (const char *p = list_name; *p; p++) {
		char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
		if (ok)
			strbuf_addch(&sb, c);
		else if (sb.len > start && sb.buf[sb.len - 1] != '-')
			strbuf_addch(&sb, '-');
	}
	while (sb.len > start && sb.buf[sb.len - 1] == '-')
		sb.buf[--sb.len] = '\0';
	if (sb.len == start)
		strbuf_adds(&sb, "list");
	strbuf_addf(&sb, ".%s>", domain);
	return strbuf_detach(&sb, NULL);
}

struct headers {
	struct mime_header h[3];
	size_t n;
	char *list_id, *unsub;
};

/* uris: the sender's unsubscribe URIs for this recipient (s->nunsubscribe). */
static void list_headers(struct headers *hd, const struct message_sender *s,
                         const struct recipient *rcpt, char *const *uris)
{
	memset(hd, 0, sizeof *hd);
	const char *domain = address_domain(s->from_addr);
	if (rcpt->list && rcpt->list->name) {
		hd->list_id = message_list_id(rcpt->list->name, rcpt->list->description, domain);
		hd->h[hd->n++] = (struct mime_header){"List-Id", hd->list_id};
	}
	if (s->nunsubscribe == 0)
		return;
	struct strbuf sb;
	strbuf_init(&sb);
	bool https = false;
	for (size_t i = 0; i < s->nunsubscribe; i++) {
		if (i)
			strbuf_add(&sb, ", ", 2);
		strbuf_addch(&sb, '<');
		strbuf_adds(&sb, uris[i]);
		strbuf_addch(&sb, '>');
		https |= str_starts_with_ci(uris[i], "https:");
	}
	hd->unsub = strbuf_detach(&sb, NULL);
	hd->h[hd->n++] = (struct mime_header){"List-Unsubscribe", hd->unsub};
	/* RFC 8058: one-click only with an https URI. */
	if (https)
		hd->h[hd->n++] =
		    (struct mime_header){"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"};
}

static char *subject_for(const struct release *rel, enum message_kind kind)
{
	if (kind == MESSAGE_TEST)
		return xasprintf("[TEST] %s", rel->subject);
	if (kind == MESSAGE_ADVANCE)
		return xasprintf("EMBARGOED UNTIL %s: %s",
		                 rel->release_text ? rel->release_text : "further notice",
		                 rel->subject);
	return xstrdup(rel->subject);
}

/* The URI a template's {{unsubscribe_url}} gets: the first https one, else
 * the first; NULL when there is none. */
static const char *first_unsubscribe_url(char *const *uris, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (str_starts_with_ci(uris[i], "https:"))
			return uris[i];
	return n ? uris[0] : NULL;
}

int message_build(struct renderer *r, const struct release *rel, const struct message_sender *s,
                  const struct recipient *rcpt, enum message_kind kind, time_t date,
                  struct strbuf *out, struct diags *d)
{
	char **uris = xcalloc(s->nunsubscribe + 1, sizeof *uris);
	for (size_t i = 0; i < s->nunsubscribe; i++)
		uris[i] = message_unsubscribe_uri(s->unsubscribe[i], rcpt->email);
	render_set_recipient(r, rcpt, first_unsubscribe_url(uris, s->nunsubscribe),
	                     kind == MESSAGE_ADVANCE
	                         ? (rel->release_text ? rel->release_text : "further notice")
	                         : NULL);
	struct strbuf text, html;
	strbuf_init(&text);
	strbuf_init(&html);
	int rc = render_parts(r, &text, &html, d);
	if (rc == 0) {
		struct headers hd;
		list_headers(&hd, s, rcpt, uris);
		char *subject = subject_for(rel, kind);
		char *mid = message_id(s->key, rel->id, rcpt->email, address_domain(s->from_addr));
		struct mime_message m = {
		    .from_name = s->from_name,
		    .from_addr = s->from_addr,
		    .to_name = rcpt->name,
		    .to_addr = rcpt->email,
		    .reply_to_name = s->reply_to_name,
		    .reply_to_addr = s->reply_to_addr,
		    .subject = subject,
		    .date = date,
		    .date_offset = 0,
		    .message_id = mid,
		    .extra = hd.h,
		    .nextra = hd.n,
		    .text = text.buf,
		    .text_len = text.len,
		    .html = html.buf,
		    .html_len = html.len,
		    .att = s->att,
		    .natt = s->natt,
		};
		rc = mime_compose(&m, out, d);
		free(mid);
		free(subject);
		free(hd.list_id);
		free(hd.unsub);
	}
	strbuf_release(&text);
	strbuf_release(&html);
	for (size_t i = 0; i < s->nunsubscribe; i++)
		free(uris[i]);
	free(uris);
	return rc;
}
