#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "bounce_text.h"
#include "utf8.h"
#include "util.h"

#define HEADER_FIELDS_MAX 500
#define HEADER_VALUE_MAX 8192
#define CONTEXT_LINES 8
#define CONTEXT_BYTES 800
#define TEXT_RECIPIENTS_MAX 50

/* ---- header blocks ---- */

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl : end;
}

static size_t trimmed_len(const char *p, const char *e)
{
	while (e > p && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return (size_t)(e - p);
}

static void header_append(struct bounce_headers *h, const char *p, size_t n)
{
	char **v = &h->value[h->n - 1];
	size_t have = strlen(*v);
	if (have >= HEADER_VALUE_MAX)
		return;
	if (n > HEADER_VALUE_MAX - have)
		n = HEADER_VALUE_MAX - have;
	char *nv = xasprintf("%s %.*s", *v, (int)n, p);
	free(*v);
	*v = nv;
}

static void header_add(struct bounce_headers *h, const char *p, size_t n)
{
	const char *colon = memchr(p, ':', n);
	if (!colon || colon == p || h->n >= HEADER_FIELDS_MAX)
		return;
	size_t nlen = trimmed_len(p, colon);
	const char *v = colon + 1;
	while (v < p + n && (*v == ' ' || *v == '\t'))
		v++;
	size_t vlen = (size_t)(p + n - v);
	if (vlen > HEADER_VALUE_MAX)
		vlen = HEADER_VALUE_MAX;
	h->name = xgrow(h->name, &h->cap, h->n + 1, sizeof *h->name);
	h->value = xrealloc(h->value, h->cap * sizeof *h->value);
	h->name[h->n] = xstrndup(p, nlen);
	h->value[h->n] = xstrndup(v, vlen);
	h->n++;
}

size_t bounce_headers_parse(const char *s, size_t len, struct bounce_headers *h)
{
	const char *p = s, *end = s + len;
	while (p < end) {
		const char *e = line_end(p, end);
		size_t n = trimmed_len(p, e);
		const char *next = e < end ? e + 1 : end;
		if (n == 0)
			return (size_t)(next - s);
		if ((*p == ' ' || *p == '\t') && h->n > 0) {
			const char *q = p;
			while (q < p + n && (*q == ' ' || *q == '\t'))
				q++;
			header_append(h, q, (size_t)(p + n - q));
		} else {
			header_add(h, p, n);
		}
		p = next;
	}
	return len;
}

void bounce_headers_free(struct bounce_headers *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free(h->name[i]);
		free(h->value[i]);
	}
	free(h->name);
	free(h->value);
	memset(h, 0, sizeof *h);
}

const char *bounce_headers_get(const struct bounce_headers *h, const char *name)
{
	for (size_t i = 0; i < h->n; i++)
		if (str_eq_ci(h->name[i], name))
			return h->value[i];
	return NULL;
}

/* ---- small text tools ---- */

char *bounce_clean(const char *s, size_t n)
{
	struct strbuf sb;
	strbuf_init(&sb);
	bool space = false;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t k = c < 0x80 ? 1 : utf8_seqlen(c);
		if (c < 0x20 || c == 0x7f) {
			space = true;
			i++;
			continue;
		}
		if (c >= 0x80 && (k == 0 || i + k > n || !utf8_valid(s + i, k, NULL))) {
			k = 1;
			c = '?';
		}
		if (c == ' ') {
			space = true;
			i++;
			continue;
		}
		if (space && sb.len)
			strbuf_addch(&sb, ' ');
		space = false;
		if (c == '?' && k == 1)
			strbuf_addch(&sb, '?');
		else
			strbuf_add(&sb, s + i, k);
		i += k;
	}
	return strbuf_detach(&sb, NULL);
}

static bool local_char(char c)
{
	/* the characters of real addresses: text around them ("SMTP=a@b",
	 * "'a@b'") stays out */
	return isalnum((unsigned char)c) || (c && strchr("._%+-", c));
}

static bool domain_char(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '-';
}

/* The address around the '@' at at (s <= at < end): its start and length,
 * or false. */
static bool address_at(const char *s, const char *end, const char *at, const char **start,
                       size_t *len)
{
	const char *a = at, *b = at + 1;
	while (a > s && local_char(a[-1]))
		a--;
	while (a < at && *a == '.')
		a++;
	while (b < end && domain_char(*b))
		b++;
	while (b > at + 1 && (b[-1] == '.' || b[-1] == '-'))
		b--;
	if (a == at || b == at + 1 || at - a > 64 || b - at > 255)
		return false;
	const char *dot = NULL;
	for (const char *q = at + 1; q < b; q++)
		if (*q == '.')
			dot = q;
	if (!dot || at[1] == '.' || at[1] == '-' || b - dot < 3)
		return false;
	for (const char *q = dot + 1; q < b; q++)
		if (!isalpha((unsigned char)*q) &&
		    !(q > dot + 2 && str_starts_with_ci(dot + 1, "xn--")))
			return false;
	*start = a;
	*len = (size_t)(b - a);
	return true;
}

char *bounce_address_in(const char *s)
{
	if (!s)
		return NULL;
	const char *end = s + strlen(s);
	for (const char *at = strchr(s, '@'); at; at = strchr(at + 1, '@')) {
		const char *a;
		size_t n;
		if (address_at(s, end, at, &a, &n))
			return xstrndup(a, n);
	}
	return NULL;
}

/* A msg-id (RFC 5322 3.6.4) holds no blank and no control character: a tab,
 * CR or LF between the brackets (a fold, or bytes that are no header) makes
 * it no Message-ID at all. */
static bool msgid_ok(const char *id, size_t n)
{
	if (n < 3 || n > 250 || !memchr(id, '@', n))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)id[i];
		if (c <= 0x20 || c == 0x7f || c == '<')
			return false;
	}
	return true;
}

void bounce_add_msgids(struct bounce_report *rep, const char *s)
{
	for (const char *p = s ? strchr(s, '<') : NULL; p; p = strchr(p + 1, '<')) {
		const char *q = strchr(p + 1, '>');
		if (!q)
			return;
		size_t n = (size_t)(q - p - 1);
		if (!msgid_ok(p + 1, n))
			continue;
		char *id = xstrndup(p + 1, n);
		bool dup = false;
		for (size_t i = 0; i < rep->nmsgids && !dup; i++)
			dup = strcmp(rep->msgids[i], id) == 0;
		if (dup || rep->nmsgids >= 100) {
			free(id);
			continue;
		}
		rep->msgids = xrealloc(rep->msgids, (rep->nmsgids + 1) * sizeof *rep->msgids);
		rep->msgids[rep->nmsgids++] = id;
	}
}

static bool contains_ci(const char *s, const char *needle)
{
	if (!s)
		return false;
	size_t n = strlen(needle);
	for (; *s; s++)
		if (strncasecmp(s, needle, n) == 0)
			return true;
	return false;
}

static bool contains_any_ci(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (contains_ci(s, *words))
			return true;
	return false;
}

/* ---- what kind of message ---- */

static const char *const daemon_words[] = {
    "mailer-daemon", "mailer_daemon", "mailerdaemon",       "mail-daemon", "postmaster",
    "mail delivery", "mdaemon",       "mail administrator", "mail system", NULL};

static const char *const bounce_subjects[] = {"undeliver",
                                              "undelivered",
                                              "delivery status notification",
                                              "delivery failure",
                                              "delivery failed",
                                              "delivery has failed",
                                              "failure notice",
                                              "returned mail",
                                              "mail delivery failed",
                                              "non remis",
                                              "non-remis",
                                              "unzustellbar",
                                              "nicht zustellbar",
                                              "nondeliverable",
                                              "non-deliverable",
                                              "not delivered",
                                              "could not be delivered",
                                              "delivery problem",
                                              "delivery notification",
                                              "returned to sender",
                                              "mail system error",
                                              "delivery error",
                                              "message not delivered",
                                              "permanent error",
                                              "undeliverable",
                                              "no entregado",
                                              "non recapitabile",
                                              "niet afgeleverd",
                                              "onbestelbaar",
                                              "mail failure",
                                              "delivery report",
                                              "rejected",
                                              "failed delivery",
                                              "could not send",
                                              NULL};

static const char *const bounce_phrases[] = {"could not be delivered",
                                             "couldn't be delivered",
                                             "wasn't delivered",
                                             "was not delivered",
                                             "delivery to the following recipient",
                                             "qmail-send program",
                                             "this is the mail system at",
                                             "permanent fatal error",
                                             "permanent error",
                                             "delivery has failed",
                                             "undeliverable",
                                             "unable to deliver",
                                             "could not deliver",
                                             "not be delivered",
                                             "following address(es) failed",
                                             "delivery failed",
                                             NULL};

bool bounce_text_looks_bounce(const struct bounce_headers *top, const char *text)
{
	const char *from = bounce_headers_get(top, "From");
	const char *subject = bounce_headers_get(top, "Subject");
	if (contains_any_ci(from, daemon_words) || contains_any_ci(subject, bounce_subjects))
		return true;
	/* the first lines of the text, not a quoted original further down */
	char *head = xstrndup(text ? text : "", 1500);
	bool yes = contains_any_ci(head, bounce_phrases);
	free(head);
	return yes;
}

static const char *const autoreply_subjects[] = {"out of office",
                                                 "out of the office",
                                                 "automatic reply",
                                                 "auto reply",
                                                 "autoreply",
                                                 "auto-reply",
                                                 "auto response",
                                                 "autoresponse",
                                                 "auto-response",
                                                 "auto:",
                                                 "abwesenheit",
                                                 "abwesend",
                                                 "automatische antwort",
                                                 "automatische antwoord",
                                                 "automatisch antwoord",
                                                 "afwezig",
                                                 "réponse automatique",
                                                 "reponse automatique",
                                                 "absence",
                                                 "respuesta automática",
                                                 "respuesta automatica",
                                                 "risposta automatica",
                                                 "resposta automática",
                                                 "resposta automatica",
                                                 "fuori ufficio",
                                                 "vacation",
                                                 "away from",
                                                 "on leave",
                                                 "on holiday",
                                                 "ausser haus",
                                                 "außer haus",
                                                 NULL};

bool bounce_text_looks_autoreply(const struct bounce_headers *top)
{
	const char *as = bounce_headers_get(top, "Auto-Submitted");
	if (as && str_starts_with_ci(as, "auto-replied"))
		return true;
	const char *prec = bounce_headers_get(top, "Precedence");
	if (bounce_headers_get(top, "X-Autoreply") || bounce_headers_get(top, "X-Autorespond") ||
	    bounce_headers_get(top, "X-Autoresponder") || (prec && str_eq_ci(prec, "auto_reply")))
		return true;
	const char *subject = bounce_headers_get(top, "Subject");
	return contains_any_ci(subject, autoreply_subjects);
}

/* ---- recipients of a text bounce ---- */

/* Lines that start a copy of the original message: what follows is the
 * sender's own text and headers, not the report. */
static const char *const quote_markers[] = {"below this line is a copy of the message",
                                            "this is a copy of the message",
                                            "original message follows",
                                            "----- original message",
                                            "-----original message",
                                            "original message headers",
                                            "message headers follow",
                                            "------ original message",
                                            "unsent message below",
                                            "the original message headers",
                                            "header of the original",
                                            "headers of the original",
                                            "original message header",
                                            "copy of original message",
                                            "--- the original message",
                                            "message truncated",
                                            "forwarded message",
                                            NULL};

static const char *const header_starts[] = {"received:", "return-path:", "dkim-signature:", NULL};

static const char *const skip_starts[] = {
    "from:",       "to:",           "cc:",          "sender:",
    "reply-to:",   "date:",         "subject:",     "in-reply-to:",
    "references:", "delivered-to:", "envelope-to:", "x-",
    "list-",       "return-path",   "message-id:",  NULL};

static bool line_starts_any(const char *p, const char *e, const char *const *words)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '>'))
		p++;
	for (; *words; words++)
		if ((size_t)(e - p) >= strlen(*words) &&
		    strncasecmp(p, *words, strlen(*words)) == 0)
			return true;
	return false;
}

static bool line_has_any(const char *p, const char *e, const char *const *words)
{
	char *line = xstrndup(p, (size_t)(e - p));
	bool yes = contains_any_ci(line, words);
	free(line);
	return yes;
}

/* Where the report's own text ends: the first line of a quoted original. */
static size_t report_length(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *e = line_end(p, end);
		if (line_has_any(p, e, quote_markers) || line_starts_any(p, e, header_starts))
			return (size_t)(p - text);
		p = e < end ? e + 1 : end;
	}
	return len;
}

static bool is_system_address(const char *a, size_t n)
{
	static const char *const locals[] = {"postmaster@",  "mailer-daemon@", "mailer_daemon@",
	                                     "mail-daemon@", "noreply@",       "no-reply@",
	                                     "abuse@",       "root@",          NULL};
	for (const char *const *l = locals; *l; l++)
		if (n > strlen(*l) && strncasecmp(a, *l, strlen(*l)) == 0)
			return true;
	return false;
}

static bool skipped(const char *a, size_t n, const char *const *skip, size_t nskip)
{
	for (size_t i = 0; i < nskip; i++)
		if (skip[i] && strlen(skip[i]) == n && strncasecmp(skip[i], a, n) == 0)
			return true;
	return is_system_address(a, n);
}

static bool known(const struct bounce_report *rep, const char *a, size_t n)
{
	for (size_t i = 0; i < rep->n; i++)
		if (strlen(rep->r[i].address) == n && strncasecmp(rep->r[i].address, a, n) == 0)
			return true;
	return false;
}

/* Does line p..e name an address other than a[0..n)? */
static bool names_other(const char *p, const char *e, const char *a, size_t n)
{
	for (const char *at = memchr(p, '@', (size_t)(e - p)); at;
	     at = memchr(at + 1, '@', (size_t)(e - at - 1))) {
		const char *s;
		size_t len;
		if (address_at(p, e, at, &s, &len) && !(len == n && strncasecmp(s, a, n) == 0) &&
		    !is_system_address(s, len))
			return true;
		if (at + 1 >= e)
			break;
	}
	return false;
}

/* The lines that speak of the address a[0..n) found on the line at p: that
 * line and the ones after it, up to the next address or the end of the
 * paragraph (the one after, when the address stands alone on its line). */
static char *context_of(const char *p, const char *end, const char *a, size_t n)
{
	const char *start = p, *q = p;
	int lines = 0, blanks = 0, words = 0;
	while (q < end && lines < CONTEXT_LINES && (size_t)(q - start) < CONTEXT_BYTES) {
		const char *e = line_end(q, end);
		bool blank = trimmed_len(q, e) == 0;
		if (lines > 0 && !blank && names_other(q, e, a, n))
			break;
		if (blank) {
			if (words > 0 || ++blanks > 2)
				break;
		} else {
			lines++;
			if (q != start)
				words++;
		}
		q = e < end ? e + 1 : end;
	}
	size_t len = (size_t)(q - start);
	return bounce_clean(start, len > CONTEXT_BYTES ? CONTEXT_BYTES : len);
}

static void add_text_recipient(struct bounce_report *rep, const char *a, size_t n, char *diag)
{
	rep->r = xrealloc(rep->r, (rep->n + 1) * sizeof *rep->r);
	struct bounce_rcpt *r = &rep->r[rep->n++];
	memset(r, 0, sizeof *r);
	r->address = bounce_clean(a, n);
	char code[16];
	if (bounce_find_status(diag, code))
		r->status = xstrdup(code);
	r->diagnostic = diag;
	r->cls = bounce_classify(NULL, r->status, diag);
}

void bounce_text_recipients(const char *text, const char *const *skip, size_t nskip,
                            struct bounce_report *rep)
{
	size_t len = report_length(text, strlen(text));
	const char *p = text, *end = text + len;
	while (p < end && rep->n < TEXT_RECIPIENTS_MAX) {
		const char *e = line_end(p, end);
		if (!line_starts_any(p, e, skip_starts)) {
			for (const char *at = memchr(p, '@', (size_t)(e - p)); at;
			     at = at + 1 < e ? memchr(at + 1, '@', (size_t)(e - at - 1)) : NULL) {
				const char *a;
				size_t n;
				if (!address_at(p, e, at, &a, &n) || skipped(a, n, skip, nskip) ||
				    known(rep, a, n))
					continue;
				add_text_recipient(rep, a, n, context_of(p, end, a, n));
			}
		}
		p = e < end ? e + 1 : end;
	}
}
