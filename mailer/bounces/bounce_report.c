#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libetpan/libetpan.h>

#include "bounce_report.h"
#include "bounce_text.h"
#include "util.h"

/* libetpan parses MIME recursively: a message with more Content-Type lines
 * than this is read as plain text rather than risk its stack
 * (too_many_parts; doc/design.md "Library facts"). */
#define MIME_PARTS_MAX 200
#define WALK_DEPTH_MAX 20

const char *bounce_kind_name(enum bounce_kind k)
{
	static const char *const names[] = {"dsn", "complaint", "autoreply", "unrecognised"};
	return names[k];
}

/* What the walk over the MIME tree gathers. */
struct gather {
	struct strbuf text;     /* the report's human-readable text (text/plain) */
	struct strbuf html;     /* text/html, tags dropped, when there is no plain text */
	struct strbuf dsn;      /* message/delivery-status bodies */
	struct strbuf feedback; /* message/feedback-report bodies */
	struct strbuf returned; /* the returned message or headers */
	char *report_type;      /* multipart/report's report-type, lower case */
};

static void gather_init(struct gather *g)
{
	memset(g, 0, sizeof *g);
	strbuf_init(&g->text);
	strbuf_init(&g->html);
	strbuf_init(&g->dsn);
	strbuf_init(&g->feedback);
	strbuf_init(&g->returned);
}

static void gather_free(struct gather *g)
{
	strbuf_release(&g->text);
	strbuf_release(&g->html);
	strbuf_release(&g->dsn);
	strbuf_release(&g->feedback);
	strbuf_release(&g->returned);
	free(g->report_type);
}

/* "type/subtype" in lower case, malloc'd; text/plain when there is none. */
static char *content_type(const struct mailmime *m)
{
	const struct mailmime_content *ct = m->mm_content_type;
	if (!ct || !ct->ct_type)
		return xstrdup("text/plain");
	const char *type = "application";
	const struct mailmime_type *t = ct->ct_type;
	if (t->tp_type == MAILMIME_TYPE_DISCRETE_TYPE && t->tp_data.tp_discrete_type) {
		static const char *const names[] = {"",      "text",  "image",
		                                    "audio", "video", "application"};
		int dt = t->tp_data.tp_discrete_type->dt_type;
		type = dt == MAILMIME_DISCRETE_TYPE_EXTENSION
		           ? t->tp_data.tp_discrete_type->dt_extension
		           : (dt > 0 && dt <= 5 ? names[dt] : "application");
	} else if (t->tp_type == MAILMIME_TYPE_COMPOSITE_TYPE && t->tp_data.tp_composite_type) {
		const struct mailmime_composite_type *c = t->tp_data.tp_composite_type;
		type = c->ct_type == MAILMIME_COMPOSITE_TYPE_MESSAGE     ? "message"
		       : c->ct_type == MAILMIME_COMPOSITE_TYPE_MULTIPART ? "multipart"
		                                                         : c->ct_token;
	}
	char *s =
	    xasprintf("%s/%s", type ? type : "application", ct->ct_subtype ? ct->ct_subtype : "");
	for (char *p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return s;
}

static char *content_param(const struct mailmime *m, const char *name)
{
	if (!m->mm_content_type || !m->mm_content_type->ct_parameters)
		return NULL;
	for (clistiter *it = clist_begin(m->mm_content_type->ct_parameters); it;
	     it = clist_next(it)) {
		const struct mailmime_parameter *p = clist_content(it);
		if (p->pa_name && p->pa_value && str_eq_ci(p->pa_name, name))
			return str_lower(p->pa_value);
	}
	return NULL;
}

/* The decoded body of a part (transfer encoding undone), appended to out. */
static void add_body(const struct mailmime *m, struct strbuf *out)
{
	const struct mailmime_data *b = m->mm_body;
	if (!b || b->dt_type != MAILMIME_DATA_TEXT || !b->dt_data.dt_text.dt_data)
		return;
	const char *data = b->dt_data.dt_text.dt_data;
	size_t len = b->dt_data.dt_text.dt_length;
	int enc = m->mm_mime_fields ? mailmime_transfer_encoding_get(m->mm_mime_fields)
	                            : MAILMIME_MECHANISM_8BIT;
	char *dec = NULL;
	size_t dlen = 0, idx = 0;
	if ((enc == MAILMIME_MECHANISM_BASE64 || enc == MAILMIME_MECHANISM_QUOTED_PRINTABLE) &&
	    mailmime_part_parse(data, len, &idx, enc, &dec, &dlen) == MAILIMF_NO_ERROR) {
		strbuf_add(out, dec, dlen);
		mailmime_decoded_part_free(dec);
	} else {
		strbuf_add(out, data, len);
	}
	strbuf_addch(out, '\n');
}

/* Tags out, entities for the few characters addresses and codes need. */
static void add_html_text(const struct mailmime *m, struct strbuf *out)
{
	struct strbuf raw;
	strbuf_init(&raw);
	add_body(m, &raw);
	bool tag = false;
	for (size_t i = 0; i < raw.len; i++) {
		char c = raw.buf[i];
		if (c == '<') {
			tag = true;
			/* block elements end a line, as a browser shows them */
			if (i + 3 < raw.len && (strncasecmp(raw.buf + i, "<br", 3) == 0 ||
			                        strncasecmp(raw.buf + i, "<p", 2) == 0 ||
			                        strncasecmp(raw.buf + i, "<div", 4) == 0 ||
			                        strncasecmp(raw.buf + i, "<tr", 3) == 0))
				strbuf_addch(out, '\n');
		} else if (c == '>' && tag) {
			tag = false;
		} else if (!tag && c == '&' && strncmp(raw.buf + i, "&lt;", 4) == 0) {
			strbuf_addch(out, '<');
			i += 3;
		} else if (!tag && c == '&' && strncmp(raw.buf + i, "&gt;", 4) == 0) {
			strbuf_addch(out, '>');
			i += 3;
		} else if (!tag && c == '&' && strncmp(raw.buf + i, "&nbsp;", 6) == 0) {
			strbuf_addch(out, ' ');
			i += 5;
		} else if (!tag) {
			strbuf_addch(out, c);
		}
	}
	strbuf_release(&raw);
}

static void walk(const struct mailmime *m, struct gather *g, int depth, bool returned);

static void walk_part(const struct mailmime *m, struct gather *g, int depth, bool returned)
{
	char *ct = content_type(m);
	if (str_starts_with(ct, "multipart/")) {
		if (strcmp(ct, "multipart/report") == 0 && !g->report_type && !returned)
			g->report_type = content_param(m, "report-type");
		walk(m, g, depth, returned);
	} else if (returned) {
		/* inside the returned message: only its headers matter (walk) */
	} else if (strcmp(ct, "message/delivery-status") == 0 ||
	           strcmp(ct, "message/global-delivery-status") == 0) {
		add_body(m, &g->dsn);
		strbuf_addch(&g->dsn, '\n');
	} else if (strcmp(ct, "message/feedback-report") == 0) {
		add_body(m, &g->feedback);
	} else if (strcmp(ct, "message/rfc822") == 0 || strcmp(ct, "message/global") == 0 ||
	           strcmp(ct, "text/rfc822-headers") == 0 ||
	           strcmp(ct, "message/rfc822-headers") == 0 ||
	           strcmp(ct, "message/global-headers") == 0) {
		if (g->returned.len < BOUNCE_MAX_BYTES)
			add_body(m, &g->returned);
		if (m->mm_type == MAILMIME_MESSAGE)
			walk(m, g, depth, true);
	} else if (strcmp(ct, "text/plain") == 0 || strcmp(ct, "text/enriched") == 0) {
		add_body(m, &g->text);
	} else if (strcmp(ct, "text/html") == 0) {
		add_html_text(m, &g->html);
	}
	free(ct);
}

static void walk(const struct mailmime *m, struct gather *g, int depth, bool returned)
{
	if (!m || depth > WALK_DEPTH_MAX)
		return;
	if (m->mm_type == MAILMIME_MULTIPLE) {
		clist *parts = m->mm_data.mm_multipart.mm_mp_list;
		for (clistiter *it = parts ? clist_begin(parts) : NULL; it; it = clist_next(it))
			walk_part(clist_content(it), g, depth + 1, returned);
	} else if (m->mm_type == MAILMIME_MESSAGE) {
		const struct mailmime *body = m->mm_data.mm_message.mm_msg_mime;
		if (body && !returned)
			walk_part(body, g, depth + 1, returned);
	} else if (m->mm_type == MAILMIME_SINGLE) {
		walk_part(m, g, depth + 1, returned);
	}
}

/* Does the line at p name Content-Type?  libetpan reads a field name
 * followed by blanks or a fold before its colon ("Content-Type :",
 * "Content-Type\n :"), so any of these counts; counting a line that is no
 * field costs nothing but reading a message as plain text. */
static bool content_type_line(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if ((size_t)(end - p) < 12 || strncasecmp(p, "content-type", 12) != 0)
		return false;
	p += 12;
	return p == end || *p == ':' || *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n';
}

/* libetpan parses MIME recursively, a few frames per multipart or message
 * level, with no limit of its own: the tens of thousands of levels a few
 * megabytes can hold overflow the stack.  Nesting needs a Content-Type
 * field at least every second level (a digest's parts are message/rfc822
 * by default), so a message with more lines that could be one than
 * MIME_PARTS_MAX is never handed to it. */
static bool too_many_parts(const char *buf, size_t len)
{
	size_t n = 0;
	const char *end = buf + len;
	for (const char *p = buf; p && p < end;) {
		if (content_type_line(p, end) && ++n > MIME_PARTS_MAX)
			return true;
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : NULL;
	}
	return false;
}

/* ---- reading what was gathered ---- */

static struct bounce_rcpt *add_rcpt(struct bounce_report *rep)
{
	rep->r = xrealloc(rep->r, (rep->n + 1) * sizeof *rep->r);
	struct bounce_rcpt *r = &rep->r[rep->n++];
	memset(r, 0, sizeof *r);
	return r;
}

/* "smtp; 550 5.1.1 ..." -> "550 5.1.1 ..." (the type before ';' dropped). */
static char *typed_value(const char *v)
{
	if (!v)
		return NULL;
	const char *semi = strchr(v, ';');
	const char *s = semi && semi - v < 20 ? semi + 1 : v;
	char *c = bounce_clean(s, strlen(s));
	if (!*c) {
		free(c);
		return NULL;
	}
	return c;
}

static char *status_of(const char *v)
{
	char code[16];
	return v && bounce_find_status(v, code) ? xstrdup(code) : NULL;
}

static bool has_rcpt(const struct bounce_report *rep, const char *addr)
{
	for (size_t i = 0; i < rep->n; i++)
		if (str_eq_ci(rep->r[i].address, addr))
			return true;
	return false;
}

/* The first word of Action, lower case: "failed (bad destination ...)" is
 * "failed".  NULL when there is none. */
static char *action_of(const char *v)
{
	if (!v)
		return NULL;
	while (*v == ' ' || *v == '\t')
		v++;
	size_t n = 0;
	while (isalpha((unsigned char)v[n]) && n < 20)
		n++;
	if (n == 0)
		return NULL;
	char *a = xstrndup(v, n);
	for (char *p = a; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return a;
}

/* The address of a delivery-status field ("rfc822; addr", RFC 3464
 * section 2.3.2): the addr-spec after the type, whole, since its local
 * part may hold any atext ("mango-=#43@panda.com") that the search for
 * addresses in running text leaves out; that search when the value is not
 * one addr-spec.  Malloc'd, or NULL. */
static char *dsn_address(const char *v)
{
	if (!v)
		return NULL;
	const char *semi = strchr(v, ';');
	const char *p = semi && semi - v < 20 ? semi + 1 : v;
	while (*p == ' ' || *p == '\t' || *p == '<')
		p++;
	size_t n = strcspn(p, " \t<>;,\"()");
	const char *at = memchr(p, '@', n);
	bool ok = at && at > p && at < p + n - 1 && !memchr(at + 1, '@', (size_t)(p + n - at - 1));
	for (size_t i = 0; ok && i < n; i++)
		ok = (unsigned char)p[i] > 0x20 && p[i] != 0x7f;
	return ok ? bounce_clean(p, n) : bounce_address_in(v);
}

/* The per-recipient groups of a delivery-status body (the first group is
 * the per-message one). */
static void read_dsn(const char *s, size_t len, struct bounce_report *rep)
{
	size_t off = 0;
	while (off < len && rep->n < 100) {
		struct bounce_headers h = {0};
		size_t used = bounce_headers_parse(s + off, len - off, &h);
		off += used ? used : len - off;
		const char *fr = bounce_headers_get(&h, "Final-Recipient");
		char *addr = fr ? dsn_address(fr) : NULL;
		const char *orig = bounce_headers_get(&h, "Original-Recipient");
		if (!addr && orig)
			addr = dsn_address(orig);
		if (addr && has_rcpt(rep, addr)) {
			free(addr); /* a group repeated (alias expansions) */
		} else if (addr) {
			struct bounce_rcpt *r = add_rcpt(rep);
			r->address = bounce_clean(addr, strlen(addr));
			free(addr);
			r->original = orig ? dsn_address(orig) : NULL;
			r->action = action_of(bounce_headers_get(&h, "Action"));
			const char *status = bounce_headers_get(&h, "Status");
			r->status = status_of(status);
			r->diagnostic = typed_value(bounce_headers_get(&h, "Diagnostic-Code"));
			/* "Status: 5.0.0 (recipient reached disk quota)" */
			if (!r->diagnostic && status && strchr(status, '('))
				r->diagnostic = bounce_clean(status, strlen(status));
		}
		bounce_headers_free(&h);
	}
}

/* A delivery-status group without a diagnostic takes the words the text
 * part says about its address. */
static void dsn_classify(struct bounce_report *rep, const char *text)
{
	struct bounce_report t = {0};
	if (text)
		bounce_text_recipients(text, NULL, 0, &t);
	for (size_t i = 0; i < rep->n; i++) {
		struct bounce_rcpt *r = &rep->r[i];
		const char *words = NULL;
		for (size_t j = 0; j < t.n && !words; j++)
			if (str_eq_ci(t.r[j].address, r->address) && t.r[j].diagnostic)
				words = t.r[j].diagnostic;
		if (!r->diagnostic && words)
			r->diagnostic = xstrdup(words);
		r->cls = bounce_classify(r->action, r->status, r->diagnostic);
		/* Providers put the explanation in the human-readable part
		 * ("the address couldn't be found") and a bare reply in the
		 * delivery status ("550 #5.1.0 Address rejected"): when the
		 * fields do not decide, the text about the recipient is read
		 * with them (policy words in either still win). */
		if (r->cls == BOUNCE_UNKNOWN && words && r->diagnostic != words &&
		    strcmp(r->diagnostic, words) != 0) {
			char *both = xasprintf("%s %s", r->diagnostic, words);
			r->cls = bounce_classify(r->action, r->status, both);
			free(both);
		}
	}
	bounce_report_free(&t);
}

static void read_feedback(const struct gather *g, struct bounce_report *rep)
{
	struct bounce_headers h = {0}, ret = {0};
	bounce_headers_parse(g->feedback.buf, g->feedback.len, &h);
	bounce_headers_parse(g->returned.buf, g->returned.len, &ret);
	const char *type = bounce_headers_get(&h, "Feedback-Type");
	bool not_spam = type && str_starts_with_ci(type, "not-spam");
	for (size_t i = 0; i < h.n; i++) {
		if (!str_eq_ci(h.name[i], "Original-Rcpt-To") &&
		    !str_eq_ci(h.name[i], "Removal-Recipient"))
			continue;
		char *a = bounce_address_in(h.value[i]);
		if (a) {
			add_rcpt(rep)->address = a;
		}
	}
	if (rep->n == 0) {
		char *a = bounce_address_in(bounce_headers_get(&ret, "To"));
		if (a)
			add_rcpt(rep)->address = a;
	}
	for (size_t i = 0; i < rep->n; i++) {
		rep->r[i].cls = not_spam ? BOUNCE_UNKNOWN : BOUNCE_COMPLAINT;
		rep->r[i].diagnostic =
		    type ? xasprintf("feedback report: %s", type) : xstrdup("feedback report");
	}
	bounce_headers_free(&h);
	bounce_headers_free(&ret);
}

/* The Message-IDs of the returned message and of "Message-ID:" lines quoted
 * anywhere in the text. */
static void collect_msgids(struct bounce_report *rep, const struct bounce_headers *top,
                           const struct gather *g)
{
	struct bounce_headers ret = {0};
	bounce_headers_parse(g->returned.buf, g->returned.len, &ret);
	bounce_add_msgids(rep, bounce_headers_get(&ret, "Message-ID"));
	bounce_headers_free(&ret);
	bounce_add_msgids(rep, bounce_headers_get(top, "In-Reply-To"));
	bounce_add_msgids(rep, bounce_headers_get(top, "References"));
	const struct strbuf *texts[] = {&g->text, &g->html, &g->returned};
	for (size_t t = 0; t < 3; t++) {
		const char *s = texts[t]->buf;
		for (const char *p = s; p && *p;) {
			const char *nl = strchr(p, '\n');
			const char *q = p;
			while (*q == ' ' || *q == '\t' || *q == '>')
				q++;
			if (strncasecmp(q, "message-id:", 11) == 0) {
				char *line = xstrndup(q, nl ? (size_t)(nl - q) : strlen(q));
				/* a folded header puts the id on the next line */
				if (!strchr(line, '<') && nl) {
					free(line);
					const char *nl2 = strchr(nl + 1, '\n');
					line = xstrndup(nl + 1, nl2 ? (size_t)(nl2 - nl - 1)
					                            : strlen(nl + 1));
				}
				bounce_add_msgids(rep, line);
				free(line);
			}
			p = nl ? nl + 1 : NULL;
		}
	}
}

/* X-Failed-Recipients (Exim, Gmail): the recipients of a report whose text
 * names none, each classed by the report's first lines. */
static void failed_recipients(struct bounce_report *rep, const struct bounce_headers *top,
                              const char *text)
{
	const char *v = bounce_headers_get(top, "X-Failed-Recipients");
	char *head = v ? bounce_clean(text, strnlen(text, 2000)) : NULL;
	for (const char *p = v; p && *p && rep->n < 50;) {
		size_t n = strcspn(p, ",");
		char *one = xstrndup(p, n);
		char *a = dsn_address(one);
		free(one);
		if (a && !has_rcpt(rep, a)) {
			struct bounce_rcpt *r = add_rcpt(rep);
			r->address = a;
			r->diagnostic = xstrdup(head);
			r->cls = bounce_classify(NULL, NULL, head);
		} else {
			free(a);
		}
		p += n + (p[n] == ',');
	}
	free(head);
}

static void read_text_bounce(struct bounce_report *rep, const struct bounce_headers *top,
                             const char *text)
{
	char *skip[2] = {bounce_address_in(bounce_headers_get(top, "From")),
	                 bounce_address_in(bounce_headers_get(top, "To"))};
	bounce_text_recipients(text, (const char *const *)skip, 2, rep);
	if (rep->n == 0)
		failed_recipients(rep, top, text);
	/* One recipient whose lines say nothing: the report's first lines are
	 * about it. */
	if (rep->n == 1 && rep->r[0].cls == BOUNCE_UNKNOWN && !rep->r[0].status) {
		char *head = bounce_clean(text, strnlen(text, 2000));
		rep->r[0].cls = bounce_classify(NULL, NULL, head);
		free(head);
	}
	free(skip[0]);
	free(skip[1]);
}

static void parse_depth(const char *buf, size_t len, struct bounce_report *rep, int depth);

/* A report forwarded as an attachment (some gateways wrap the DSN they got
 * in a message of their own): read the attachment as the report. */
static bool read_wrapped(struct bounce_report *rep, const struct gather *g, int depth)
{
	if (depth > 0 || g->returned.len == 0)
		return false;
	struct bounce_headers h = {0};
	bounce_headers_parse(g->returned.buf, g->returned.len, &h);
	const char *ct = bounce_headers_get(&h, "Content-Type");
	bool report = ct && str_starts_with_ci(ct, "multipart/report");
	bounce_headers_free(&h);
	if (!report)
		return false;
	struct bounce_report inner;
	parse_depth(g->returned.buf, g->returned.len, &inner, depth + 1);
	if (inner.kind != BOUNCE_KIND_DSN && inner.kind != BOUNCE_KIND_COMPLAINT) {
		bounce_report_free(&inner);
		return false;
	}
	*rep = inner;
	return true;
}

/* Microsoft's junk-mail reports (JMRP, Outlook.com and Hotmail) are no
 * RFC 5965 report: the complained-of message comes back whole, with the
 * recipient who complained in X-HmXmrOriginalRecipient.  True when g holds
 * one (its recipients added to rep). */
static bool read_jmrp(const struct gather *g, struct bounce_report *rep)
{
	struct bounce_headers ret = {0};
	bounce_headers_parse(g->returned.buf, g->returned.len, &ret);
	char *a = bounce_address_in(bounce_headers_get(&ret, "X-HmXmrOriginalRecipient"));
	bounce_headers_free(&ret);
	if (!a)
		return false;
	struct bounce_rcpt *r = add_rcpt(rep);
	r->address = a;
	r->cls = BOUNCE_COMPLAINT;
	r->diagnostic = xstrdup("junk mail report (Microsoft JMRP)");
	return true;
}

static void decide(struct bounce_report *rep, const struct bounce_headers *top, struct gather *g,
                   int depth)
{
	const char *text = g->text.len ? g->text.buf : g->html.buf ? g->html.buf : "";
	bool fbl = g->feedback.len > 0 ||
	           (g->report_type && strcmp(g->report_type, "feedback-report") == 0);
	if (fbl) {
		rep->kind = BOUNCE_KIND_COMPLAINT;
		read_feedback(g, rep);
	} else if (g->dsn.len == 0 && read_jmrp(g, rep)) {
		rep->kind = BOUNCE_KIND_COMPLAINT;
	} else if (g->dsn.len > 0) {
		rep->kind = BOUNCE_KIND_DSN;
		read_dsn(g->dsn.buf, g->dsn.len, rep);
		dsn_classify(rep, text);
		if (rep->n == 0)
			read_text_bounce(rep, top, text);
	} else if (read_wrapped(rep, g, depth)) {
		/* the attachment was the report */
	} else if (bounce_text_looks_bounce(top, text)) {
		rep->kind = BOUNCE_KIND_DSN;
		read_text_bounce(rep, top, text);
	} else if (bounce_text_looks_autoreply(top)) {
		rep->kind = BOUNCE_KIND_AUTOREPLY;
	} else {
		rep->kind = BOUNCE_KIND_UNRECOGNISED;
	}
}

void bounce_report_parse(const char *buf, size_t len, struct bounce_report *rep)
{
	parse_depth(buf, len, rep, 0);
}

static void parse_depth(const char *buf, size_t len, struct bounce_report *rep, int depth)
{
	memset(rep, 0, sizeof *rep);
	if (len > BOUNCE_MAX_BYTES)
		len = BOUNCE_MAX_BYTES;
	char *copy = xmalloc(len + 1);
	for (size_t i = 0; i < len; i++)
		copy[i] = buf[i] ? buf[i] : ' ';
	copy[len] = '\0';
	/* blank lines before the headers (some exports and archives have
	 * them) would end the header block before it starts */
	char *msg = copy;
	while (msg < copy + len && (*msg == ' ' || *msg == '\t' || *msg == '\r' || *msg == '\n'))
		msg++;
	if (msg > copy && msg[-1] != '\n')
		msg = copy; /* a folded first line is left to the parsers */
	len -= (size_t)(msg - copy);
	/* an mbox "From " line before the headers is not a header */
	if (strncmp(msg, "From ", 5) == 0) {
		char *nl = strchr(msg, '\n');
		char *after = nl ? nl + 1 : msg + len;
		len -= (size_t)(after - msg);
		msg = after;
	}
	struct bounce_headers top = {0};
	size_t body = bounce_headers_parse(msg, len, &top);
	struct gather g;
	gather_init(&g);
	struct mailmime *mime = NULL;
	size_t idx = 0;
	if (!too_many_parts(msg, len) &&
	    mailmime_parse(msg, len, &idx, &mime) == MAILIMF_NO_ERROR && mime) {
		walk(mime, &g, 0, false);
	} else {
		strbuf_add(&g.text, msg + body, len - body);
	}
	if (g.text.len == 0 && g.html.len == 0 && g.dsn.len == 0 && g.feedback.len == 0)
		strbuf_add(&g.text, msg + body, len - body);
	decide(rep, &top, &g, depth);
	collect_msgids(rep, &top, &g);
	if (mime)
		mailmime_free(mime);
	gather_free(&g);
	bounce_headers_free(&top);
	free(copy);
}

void bounce_report_free(struct bounce_report *rep)
{
	for (size_t i = 0; i < rep->n; i++) {
		free(rep->r[i].address);
		free(rep->r[i].original);
		free(rep->r[i].status);
		free(rep->r[i].action);
		free(rep->r[i].diagnostic);
	}
	free(rep->r);
	for (size_t i = 0; i < rep->nmsgids; i++)
		free(rep->msgids[i]);
	free(rep->msgids);
	memset(rep, 0, sizeof *rep);
}
