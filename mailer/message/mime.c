#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <libetpan/libetpan.h>

#include "mime.h"
#include "qp.h"
#include "rfc2047.h"
#include "utf8.h"

#define MIME_LINE_MAX 998
#define MIME_FILENAME_MAX 255
#define MIME_ADDR_MAX 254
/* Written on one line by libetpan, so kept well short of 998. */
#define MIME_MSGID_MAX 250
#define MIME_TYPE_MAX 200
/* Header lines are kept to 78 characters where we fold them ourselves. */
#define MIME_FOLD_COL 78

/* libetpan constructors return NULL only when malloc fails, and leave
 * ownership undefined when they do (doc/design.md "Library facts"): treat that as the fatal
 * out-of-memory it is, through the one xmalloc path. */
static void *mime_need(void *p)
{
	if (p == NULL)
		xmalloc(SIZE_MAX);
	return p;
}

static void mime_ok(int r)
{
	if (r != MAILIMF_NO_ERROR)
		xmalloc(SIZE_MAX);
}

/* ---- input checks (promise 6: no CR or LF from input reaches a header) ---- */

static int mime_refuse_breaks(struct diags *d, const char *what, const char *s)
{
	const char *p = strpbrk(s, "\r\n");
	if (p == NULL)
		return 0;
	return diag_error(d, EX_DATAERR, NULL, 0, 0, "header text must be a single line",
	                  "%s contains a line break (%s at byte %zu)", what,
	                  *p == '\r' ? "CR" : "LF", (size_t)(p - s));
}

/* UTF-8 header text: one line, valid UTF-8. */
static int mime_check_text(struct diags *d, const char *what, const char *s)
{
	size_t bad;
	if (mime_refuse_breaks(d, what, s) < 0)
		return -1;
	if (!utf8_valid(s, strlen(s), &bad))
		return diag_error(d, EX_DATAERR, NULL, 0, 0, NULL,
		                  "%s is not valid UTF-8 (byte %zu)", what, bad);
	return 0;
}

/* ASCII protocol text (addresses, Message-ID, extra header values): CR/LF
 * named as such, then nothing but the bytes allowed by ok(). */
static int mime_check_ascii(struct diags *d, const char *what, const char *s,
                            bool (*ok)(unsigned char))
{
	if (mime_refuse_breaks(d, what, s) < 0)
		return -1;
	if (*s == '\0')
		return diag_error(d, EX_DATAERR, NULL, 0, 0, NULL, "%s is empty", what);
	for (const char *p = s; *p; p++) {
		if (!ok((unsigned char)*p))
			return diag_error(
			    d, EX_DATAERR, NULL, 0, 0, NULL,
			    "%s contains a character not allowed there (byte 0x%02x at %zu)", what,
			    (unsigned char)*p, (size_t)(p - s));
	}
	return 0;
}

static bool mime_addr_char(unsigned char c)
{
	/* a quoted local part may hold spaces; angle brackets never */
	return c >= 0x20 && c < 0x7f && c != '<' && c != '>';
}

static bool mime_msgid_char(unsigned char c)
{
	return c > 0x20 && c < 0x7f && c != '<' && c != '>';
}

static bool mime_value_char(unsigned char c)
{
	return (c >= 0x20 && c < 0x7f) || c == '\t';
}

static bool mime_field_name_char(unsigned char c)
{
	return c > 0x20 && c < 0x7f && c != ':';
}

static int mime_check_addr(struct diags *d, const char *what, const char *addr)
{
	if (addr == NULL)
		return diag_error(d, EX_DATAERR, NULL, 0, 0, NULL, "%s is missing", what);
	if (mime_check_ascii(d, what, addr, mime_addr_char) < 0)
		return -1;
	if (strchr(addr, '@') == NULL)
		return diag_error(d, EX_DATAERR, NULL, 0, 0, NULL, "%s \"%s\" has no @", what,
		                  addr);
	/* RFC 5321 4.5.3.1.3; libetpan would hard-cut a longer one at 998 */
	if (strlen(addr) > MIME_ADDR_MAX)
		return diag_error(d, EX_DATAERR, NULL, 0, 0, NULL, "%s is longer than %d octets",
		                  what, MIME_ADDR_MAX);
	return 0;
}

static int mime_check_name(struct diags *d, const char *what, const char *name)
{
	return name ? mime_check_text(d, what, name) : 0;
}

/* Headers we write ourselves; an extra one of these would be a duplicate. */
static const char *const mime_own_headers[] = {"From",
                                               "To",
                                               "Reply-To",
                                               "Subject",
                                               "Date",
                                               "Message-ID",
                                               "MIME-Version",
                                               "Content-Type",
                                               "Content-Transfer-Encoding",
                                               "Content-Disposition",
                                               "Sender",
                                               "Cc",
                                               "Bcc",
                                               NULL};

/* libetpan folds a custom header only at white space and hard-cuts a word
 * that reaches column 998: refuse a word that could. */
static int mime_check_words(struct diags *d, const struct mime_header *h)
{
	size_t limit = MIME_LINE_MAX - strlen(h->name) - 2, run = 0;
	for (const char *p = h->value; *p; p++) {
		run = (*p == ' ' || *p == '\t') ? 0 : run + 1;
		if (run >= limit)
			return diag_error(d, EX_DATAERR, NULL, 0, 0, NULL,
			                  "header %s has a word too long for one line", h->name);
	}
	return 0;
}

static int mime_check_extra(struct diags *d, const struct mime_header *h)
{
	if (h->name == NULL || h->value == NULL)
		return diag_error(d, EX_DATAERR, NULL, 0, 0, NULL,
		                  "extra header without name or value");
	if (mime_check_ascii(d, "extra header name", h->name, mime_field_name_char) < 0)
		return -1;
	if (strlen(h->name) > 76)
		return diag_error(d, EX_DATAERR, NULL, 0, 0, NULL, "header name %s is too long",
		                  h->name);
	for (size_t i = 0; mime_own_headers[i]; i++) {
		if (str_eq_ci(h->name, mime_own_headers[i]))
			return diag_error(
			    d, EX_DATAERR, NULL, 0, 0, NULL,
			    "extra header %s would duplicate one the message already has", h->name);
	}
	char *what = xasprintf("header %s", h->name);
	int r = mime_check_ascii(d, what, h->value, mime_value_char);
	free(what);
	if (r < 0)
		return -1;
	return mime_check_words(d, h);
}

static bool mime_blank(const char *s)
{
	return s[strspn(s, " \t")] == '\0';
}

static int mime_check_subject(struct diags *d, const char *subject)
{
	if (subject == NULL || mime_blank(subject))
		return diag_error(d, EX_DATAERR, NULL, 0, 0,
		                  "give the release a title or a subject", "the subject is empty");
	return mime_check_text(d, "subject", subject);
}

static int mime_check_date(struct diags *d, time_t t, int off)
{
	struct tm tm;
	time_t local = t + off;
	/* RFC 5322 zones are whole minutes; real ones lie within +-14 hours */
	if (off % 60 != 0 || off > 18 * 3600 || off < -18 * 3600)
		return diag_error(d, EX_DATAERR, NULL, 0, 0, NULL,
		                  "date offset %d s is not a whole-minute UTC offset", off);
	if (gmtime_r(&local, &tm) == NULL || tm.tm_year < 0 || tm.tm_year > 9999 - 1900)
		return diag_error(d, EX_DATAERR, NULL, 0, 0, NULL, "date is out of range");
	return 0;
}

/* ---- block scanning: the checks below run over every byte of every
 * message, and bodies are long runs of plain ASCII ---- */

/* How many bytes at the start of p[0..n) are ASCII other than NUL. */
static size_t mime_ascii_run(const char *p, size_t n)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i zero = _mm_setzero_si128();
	for (; n - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		/* the sign bits are the 8-bit bytes */
		unsigned m =
		    (unsigned)(_mm_movemask_epi8(v) | _mm_movemask_epi8(_mm_cmpeq_epi8(v, zero)));
		if (m != 0)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	while (i < n && (unsigned char)p[i] - 1u < 0x7fu)
		i++;
	return i;
}

/* utf8_valid, same answer and offset, with ASCII runs skipped a block at a
 * time: each other sequence is handed to utf8_valid on its own (UTF-8
 * sequences are self-delimiting). */
static bool mime_utf8_valid(const char *s, size_t len, size_t *bad)
{
	size_t i = 0;
	while (i < len) {
		i += mime_ascii_run(s + i, len - i);
		if (i == len)
			break;
		unsigned char c = (unsigned char)s[i];
		size_t k = c ? utf8_seqlen(c) : 1, b;
		if (!utf8_valid(s + i, k <= len - i ? k : len - i, &b)) {
			*bad = i + b;
			return false;
		}
		i += k;
	}
	return true;
}

static int mime_check_body(struct diags *d, const char *what, const char *s, size_t len)
{
	size_t bad;
	if (s == NULL && len > 0)
		return diag_error(d, EX_DATAERR, NULL, 0, 0, NULL, "%s is missing", what);
	/* the part says charset=utf-8 */
	if (len > 0 && !mime_utf8_valid(s, len, &bad))
		return diag_error(d, EX_DATAERR, NULL, 0, 0, NULL,
		                  "%s is not valid UTF-8 or contains NUL (byte %zu)", what, bad);
	return 0;
}

static bool mime_token_char(unsigned char c)
{
	return c > 0x20 && c < 0x7f && strchr("()<>@,;:\\\"/[]?=", c) == NULL;
}

/* "type/subtype" made of RFC 2045 tokens, then parameters: libetpan's
 * parser takes "pdf" for pdf/unknown and ignores trailing junk. */
static bool mime_type_shape(const char *type)
{
	const char *p = type;
	size_t n = 0;
	for (const char *q = type; *q; q++) {
		if ((unsigned char)*q < 0x20 || (unsigned char)*q > 0x7e)
			return false;
	}
	while (mime_token_char((unsigned char)*p))
		p++, n++;
	if (n == 0 || *p++ != '/')
		return false;
	for (n = 0; mime_token_char((unsigned char)*p); p++)
		n++;
	p += strspn(p, " ");
	return n > 0 && (*p == '\0' || *p == ';');
}

static struct mailmime_content *mime_parse_type(const char *type)
{
	if (type == NULL || strlen(type) > MIME_TYPE_MAX || !mime_type_shape(type))
		return NULL;
	return mailmime_content_new_with_str(type);
}

static int mime_check_attachment(struct diags *d, const struct mime_attachment *a)
{
	if (a->filename == NULL || *a->filename == '\0')
		return diag_error(d, EX_DATAERR, NULL, 0, 0, NULL,
		                  "attachment without a file name");
	if (mime_check_text(d, "attachment file name", a->filename) < 0)
		return -1;
	for (const char *p = a->filename; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return diag_error(
			    d, EX_DATAERR, NULL, 0, 0, NULL,
			    "attachment file name \"%s\" contains a control character",
			    a->filename);
	}
	if (strlen(a->filename) > MIME_FILENAME_MAX)
		return diag_error(d, EX_DATAERR, NULL, 0, 0, NULL,
		                  "attachment file name is longer than %d bytes",
		                  MIME_FILENAME_MAX);
	if (a->data == NULL && a->len > 0)
		return diag_error(d, EX_DATAERR, NULL, 0, 0, NULL, "attachment %s has no data",
		                  a->filename);
	struct mailmime_content *ct = mime_parse_type(a->content_type);
	if (ct == NULL)
		return diag_error(d, EX_DATAERR, NULL, 0, 0, "for example application/pdf",
		                  "attachment %s has no valid content type", a->filename);
	bool discrete = ct->ct_type->tp_type == MAILMIME_TYPE_DISCRETE_TYPE;
	mailmime_content_free(ct);
	if (!discrete)
		return diag_error(d, EX_DATAERR, NULL, 0, 0, NULL,
		                  "attachment %s cannot have a multipart or message type",
		                  a->filename);
	return 0;
}

static int mime_validate(const struct mime_message *m, struct diags *d)
{
	if (mime_check_addr(d, "from address", m->from_addr) < 0 ||
	    mime_check_addr(d, "to address", m->to_addr) < 0 ||
	    (m->reply_to_addr && mime_check_addr(d, "reply-to address", m->reply_to_addr) < 0) ||
	    mime_check_name(d, "from name", m->from_name) < 0 ||
	    mime_check_name(d, "to name", m->to_name) < 0 ||
	    mime_check_name(d, "reply-to name", m->reply_to_name) < 0 ||
	    mime_check_subject(d, m->subject) < 0 ||
	    mime_check_date(d, m->date, m->date_offset) < 0)
		return -1;
	if (m->message_id == NULL)
		return diag_error(d, EX_DATAERR, NULL, 0, 0, NULL, "message id is missing");
	if (mime_check_ascii(d, "message id", m->message_id, mime_msgid_char) < 0)
		return -1;
	if (strchr(m->message_id, '@') == NULL)
		return diag_error(d, EX_DATAERR, NULL, 0, 0, NULL, "message id \"%s\" has no @",
		                  m->message_id);
	if (strlen(m->message_id) > MIME_MSGID_MAX)
		return diag_error(d, EX_DATAERR, NULL, 0, 0, NULL,
		                  "message id is longer than %d octets", MIME_MSGID_MAX);
	for (size_t i = 0; i < m->nextra; i++) {
		if (mime_check_extra(d, &m->extra[i]) < 0)
			return -1;
	}
	if (mime_check_body(d, "text part", m->text, m->text_len) < 0 ||
	    mime_check_body(d, "html part", m->html, m->html_len) < 0)
		return -1;
	for (size_t i = 0; i < m->natt; i++) {
		if (mime_check_attachment(d, &m->att[i]) < 0)
			return -1;
	}
	return 0;
}

/* ---- header fields ---- */

/* A display name as written for From/To/Reply-To: white space trimmed and
 * collapsed (it carries no meaning in a name, and a doubled space would
 * force encoding), then RFC 2047 for a phrase.  NULL when there is none. */
static char *mime_display_name(const char *name)
{
	if (name == NULL)
		return NULL;
	struct strbuf sb;
	strbuf_init(&sb);
	for (const char *p = name; *p; p++) {
		bool space = *p == ' ' || *p == '\t';
		if (!space)
			strbuf_addch(&sb, *p);
		else if (sb.len > 0 && sb.buf[sb.len - 1] != ' ')
			strbuf_addch(&sb, ' ');
	}
	if (sb.len > 0 && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
	char *enc = sb.len ? rfc2047_encode(sb.buf, RFC2047_PHRASE) : NULL;
	strbuf_release(&sb);
	return enc;
}

static struct mailimf_address_list *mime_address_list(const char *name, const char *addr)
{
	struct mailimf_address_list *l = mime_need(mailimf_address_list_new_empty());
	mime_ok(mailimf_address_list_add_mb(l, mime_display_name(name), xstrdup(addr)));
	return l;
}

/* The Date header from the instant and the offset we were given
 * (doc/design.md "Library facts": mailimf_get_date() gets non-whole-hour
 * offsets wrong). */
static struct mailimf_date_time *mime_date(time_t t, int off)
{
	struct tm tm;
	time_t local = t + off;
	gmtime_r(&local, &tm);
	int a = off < 0 ? -off : off;
	int zone = (a / 3600 * 100 + a % 3600 / 60) * (off < 0 ? -1 : 1);
	return mime_need(mailimf_date_time_new(tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900,
	                                       tm.tm_hour, tm.tm_min, tm.tm_sec, zone));
}

static struct mailimf_fields *mime_imf_fields(const struct mime_message *m)
{
	struct mailimf_mailbox_list *from = mime_need(mailimf_mailbox_list_new_empty());
	mime_ok(mailimf_mailbox_list_add_mb(from, mime_display_name(m->from_name),
	                                    xstrdup(m->from_addr)));
	struct mailimf_address_list *reply_to = NULL;
	if (m->reply_to_addr)
		reply_to = mime_address_list(m->reply_to_name, m->reply_to_addr);
	struct mailimf_fields *f = mime_need(mailimf_fields_new_with_data_all(
	    mime_date(m->date, m->date_offset), from, NULL, reply_to,
	    mime_address_list(m->to_name, m->to_addr), NULL, NULL, xstrdup(m->message_id), NULL,
	    NULL, rfc2047_encode(m->subject, RFC2047_TEXT)));
	for (size_t i = 0; i < m->nextra; i++) {
		struct mailimf_field *h = mime_need(mailimf_field_new_custom(
		    xstrdup(m->extra[i].name), xstrdup(m->extra[i].value)));
		mime_ok(mailimf_fields_add(f, h));
	}
	return f;
}

/* ---- body parts ---- */

static void mime_add_param(struct mailmime_content *ct, const char *name, const char *value)
{
	if (ct->ct_parameters == NULL)
		ct->ct_parameters = mime_need(clist_new());
	/* mailmime_param_new_with_data copies both strings */
	struct mailmime_parameter *p =
	    mime_need(mailmime_param_new_with_data((char *)name, (char *)value));
	if (clist_append(ct->ct_parameters, p) < 0)
		xmalloc(SIZE_MAX);
}

/* Boundaries are derived from the Message-ID so that a dry run shows the
 * very bytes a send would (promise 5).  "=_" can occur in neither
 * quoted-printable (a "=" is always followed by hex or a line break) nor
 * base64, so no part can contain a delimiter line. */
static char *mime_boundary(const char *message_id, const char *tag)
{
	uint64_t h = 14695981039346656037u;
	for (const unsigned char *p = (const unsigned char *)message_id; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	return xasprintf("=_embargo_%016llx_%s", (unsigned long long)h, tag);
}

static struct mailmime *mime_multipart(const char *type, const char *message_id, const char *tag)
{
	struct mailmime_content *ct = mime_need(mailmime_content_new_with_str(type));
	char *b = mime_boundary(message_id, tag);
	mime_add_param(ct, "boundary", b);
	free(b);
	/* mailmime_new() with our own boundary: mailmime_new_empty() would add
	 * a random one (unseeded random(), and a second boundary parameter) */
	return mime_need(mailmime_new(MAILMIME_MULTIPLE, NULL, 0, NULL, ct, NULL, NULL, NULL,
	                              mime_need(clist_new()), NULL, NULL));
}

/* A text part over our own quoted-printable (doc/design.md "Library facts":
 * libetpan's encoder changes text).  The tree holds a one-byte stand-in for the encoded body
 * (see mime_put); stand_in is borrowed until the message is written. */
static struct mailmime *mime_text_part(const char *type, const char *stand_in)
{
	struct mailmime_content *ct = mime_need(mailmime_content_new_with_str(type));
	mime_add_param(ct, "charset", "utf-8");
	struct mailmime_fields *fields =
	    mime_need(mailmime_fields_new_encoding(MAILMIME_MECHANISM_QUOTED_PRINTABLE));
	struct mailmime_data *body =
	    mime_need(mailmime_data_new_data(MAILMIME_MECHANISM_QUOTED_PRINTABLE, 1, stand_in, 1));
	return mime_need(
	    mailmime_new(MAILMIME_SINGLE, NULL, 0, fields, ct, body, NULL, NULL, NULL, NULL, NULL));
}

static void mime_add_part(struct mailmime *parent, struct mailmime *child)
{
	mime_ok(mailmime_add_part(parent, child));
}

/* ---- attachments ---- */

/* A file name libetpan can write as filename="..." and every reader takes
 * back as it is: visible ASCII and spaces, nothing like an encoded-word. */
static bool mime_filename_plain(const char *s)
{
	for (const char *p = s; *p; p++) {
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			return false;
	}
	return strstr(s, "=?") == NULL;
}

/* The ASCII fallback for readers without RFC 2231: one "_" per character
 * that is not printable ASCII, and no "=?". */
static char *mime_filename_fallback(const char *s)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t i = 0, n = strlen(s); i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t k = utf8_seqlen(c);
		bool q = c == '?' && sb.len > 0 && sb.buf[sb.len - 1] == '=';
		strbuf_addch(&sb, (c < 0x80 && !q) ? (char)c : '_');
		i += k > n - i ? n - i : k;
	}
	return strbuf_detach(&sb, NULL);
}

/* RFC 2231 ext-value characters (attr-char of RFC 5987); the rest is %XX. */
static bool mime_attr_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("!#$&+-.^_`|~", c));
}

static void mime_pct(struct strbuf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; p < (const unsigned char *)s + n;
	     p++) {
		if (mime_attr_char(*p)) {
			strbuf_addch(out, (char)*p);
		} else {
			char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			strbuf_add(out, e, 3);
		}
	}
}

/* Bytes of s that fit in width percent-encoded characters, in whole UTF-8
 * characters: Python's email package decodes each segment on its own. */
static size_t mime_pct_span(const char *s, size_t width)
{
	size_t i = 0, w = 0;
	while (s[i]) {
		size_t k = utf8_seqlen((unsigned char)s[i]), kw = 0;
		for (size_t j = 0; j < k && s[i + j]; j++)
			kw += mime_attr_char((unsigned char)s[i + j]) ? 1 : 3;
		if (w + kw > width && i > 0)
			break;
		w += kw;
		i += k;
	}
	return i;
}

/* "attachment; filename*=UTF-8''..." with RFC 2231 continuations when the
 * value does not fit one folded line. */
static char *mime_disposition_2231(const char *filename)
{
	static const char one[] = " filename*=UTF-8''";
	struct strbuf out;
	strbuf_init(&out);
	strbuf_adds(&out, "attachment;");
	size_t all = strlen(filename);
	if (mime_pct_span(filename, MIME_FOLD_COL - (sizeof one - 1)) == all) {
		strbuf_addf(&out, "\r\n%s", one);
		mime_pct(&out, filename, all);
		return strbuf_detach(&out, NULL);
	}
	for (int seg = 0; *filename; seg++) {
		size_t n = mime_pct_span(filename, 60);
		strbuf_addf(&out, "%s\r\n filename*%d*=%s", seg ? ";" : "", seg,
		            seg ? "" : "UTF-8''");
		mime_pct(&out, filename, n);
		filename += n;
	}
	return strbuf_detach(&out, NULL);
}

/* Content-Disposition: plain names through libetpan (filename="..."); other
 * names as an RFC 2231 value, which libetpan cannot write (it quotes every
 * parameter), so the whole value goes in as the disposition type, a token
 * libetpan writes verbatim. */
static struct mailmime_disposition *mime_disposition(const char *filename)
{
	if (mime_filename_plain(filename))
		return mime_need(mailmime_disposition_new_filename(
		    MAILMIME_DISPOSITION_TYPE_ATTACHMENT, xstrdup(filename)));
	struct mailmime_disposition_type *t = mime_need(mailmime_disposition_type_new(
	    MAILMIME_DISPOSITION_TYPE_EXTENSION, mime_disposition_2231(filename)));
	return mime_need(mailmime_disposition_new(t, mime_need(clist_new())));
}

/* Base64 by libetpan; the data is borrowed until the message is written.
 * The Content-Type name= carries the ASCII fallback (Python's email package
 * counts filename and filename* side by side as a duplicate parameter). */
static struct mailmime *mime_attachment(const struct mime_attachment *a)
{
	struct mailmime_content *ct = mime_need(mailmime_content_new_with_str(a->content_type));
	char *fallback = mime_filename_fallback(a->filename);
	mime_add_param(ct, "name", fallback);
	free(fallback);
	struct mailmime_fields *fields = mime_need(mailmime_fields_new_with_data(
	    mime_need(mailmime_mechanism_new(MAILMIME_MECHANISM_BASE64, NULL)), NULL, NULL,
	    mime_disposition(a->filename), NULL));
	struct mailmime_data *body = mime_need(
	    mailmime_data_new_data(MAILMIME_MECHANISM_BASE64, 0, a->len ? a->data : "", a->len));
	return mime_need(
	    mailmime_new(MAILMIME_SINGLE, NULL, 0, fields, ct, body, NULL, NULL, NULL, NULL, NULL));
}

/* ---- the message ---- */

/* libetpan writes an encoded body through mailimf_string_write_driver, which
 * walks it byte by byte to hard-cut lines over 998 octets: that cost as much
 * as composing the rest of the message.  Our quoted-printable lines are at
 * most 76 octets, so each body goes into the tree as a one-byte stand-in,
 * and mime_put writes the real body when libetpan hands that byte over (it
 * passes back the very pointer it was given: the data is borrowed, not
 * copied).  mime_compose checks that each body was written exactly once. */
enum { MIME_TEXT, MIME_HTML, MIME_NBODIES };

static const char mime_stand_in[MIME_NBODIES] = {'t', 'h'};

struct mime_writer {
	struct strbuf *out;
	struct strbuf body[MIME_NBODIES]; /* quoted-printable */
	int written[MIME_NBODIES];
};

static struct mailmime *mime_tree(const struct mime_message *m, struct mime_writer *w)
{
	struct mailmime *msg = mime_need(mailmime_new_message_data(NULL));
	mailmime_set_imf_fields(msg, mime_imf_fields(m));

	struct mailmime *alt = mime_multipart("multipart/alternative", m->message_id, "alt");
	qp_encode(m->text ? m->text : "", m->text_len, &w->body[MIME_TEXT]);
	qp_encode(m->html ? m->html : "", m->html_len, &w->body[MIME_HTML]);
	mime_add_part(alt, mime_text_part("text/plain", &mime_stand_in[MIME_TEXT]));
	mime_add_part(alt, mime_text_part("text/html", &mime_stand_in[MIME_HTML]));
	if (m->natt == 0) {
		mime_add_part(msg, alt);
		return msg;
	}
	struct mailmime *mixed = mime_multipart("multipart/mixed", m->message_id, "mix");
	mime_add_part(mixed, alt);
	for (size_t i = 0; i < m->natt; i++)
		mime_add_part(mixed, mime_attachment(&m->att[i]));
	mime_add_part(msg, mixed);
	return msg;
}

static int mime_put(void *data, const char *s, size_t n)
{
	struct mime_writer *w = data;
	for (int k = 0; k < MIME_NBODIES; k++) {
		if (s == &mime_stand_in[k] && n == 1) {
			strbuf_add(w->out, w->body[k].buf, w->body[k].len);
			w->written[k]++;
			return 1;
		}
	}
	strbuf_add(w->out, s, n);
	return 1; /* libetpan's writers take 0 as failure */
}

int mime_compose(const struct mime_message *m, struct strbuf *out, struct diags *d)
{
	if (mime_validate(m, d) < 0)
		return -1;
	struct mime_writer w = {.out = out};
	for (int k = 0; k < MIME_NBODIES; k++)
		strbuf_init(&w.body[k]);
	struct mailmime *msg = mime_tree(m, &w);

	size_t start = out->len, att = 0;
	for (size_t i = 0; i < m->natt; i++)
		att += m->att[i].len / 57 * 78 + 80;
	strbuf_grow(out, w.body[MIME_TEXT].len + w.body[MIME_HTML].len + att + 2048);
	int col = 0;
	int r = mailmime_write_driver(mime_put, &w, &col, msg);
	mailmime_free(msg);
	for (int k = 0; k < MIME_NBODIES; k++)
		strbuf_release(&w.body[k]);

	const char *why = "libetpan could not write it";
	size_t at = 0;
	if (r == MAILIMF_NO_ERROR && (w.written[MIME_TEXT] != 1 || w.written[MIME_HTML] != 1)) {
		r = MAILIMF_ERROR_INVAL;
		why = "libetpan did not write a body where expected";
	}
	if (r == MAILIMF_NO_ERROR &&
	    mime_check_wire(out->buf + start, out->len - start, &why, &at) == 0)
		return 0;
	out->len = start;
	out->buf[start] = '\0';
	return diag_error(d, EX_SOFTWARE, NULL, 0, 0, NULL,
	                  "composed message is not fit to send: %s (offset %zu)", why, at);
}

static int mime_wire_fail(const char **why, size_t *at, const char *what, size_t where)
{
	*why = what;
	*at = where;
	return -1;
}

/* The wire check looks at 64 bytes at a time: a mask with a bit for each
 * byte up to 0x0d, a superset of the ones it cares about (CR, LF, NUL),
 * which are rare in a message but for the line ends. */
#define MIME_WIRE_BLOCK 64

#ifdef __SSE2__
static uint64_t mime_low_mask16(const char *p)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	/* saturating: zero exactly for the bytes up to CR */
	v = _mm_cmpeq_epi8(_mm_subs_epu8(v, _mm_set1_epi8('\r')), _mm_setzero_si128());
	return (uint64_t)(unsigned)_mm_movemask_epi8(v);
}
#endif

static uint64_t mime_low_mask(const char *p, size_t n)
{
	uint64_t m = 0;
#ifdef __SSE2__
	if (n >= MIME_WIRE_BLOCK)
		return mime_low_mask16(p) | mime_low_mask16(p + 16) << 16 |
		       mime_low_mask16(p + 32) << 32 | mime_low_mask16(p + 48) << 48;
#endif
	for (size_t i = 0; i < n && i < MIME_WIRE_BLOCK; i++)
		m |= (uint64_t)((unsigned char)p[i] <= '\r') << i;
	return m;
}

/* Problems are reported in the order a byte loop would meet them: a line
 * over 998 octets (at its start) when the next CR, LF or NUL, or the end,
 * is further than that from where it starts; then a CR, LF or NUL that is
 * not part of a CRLF pair.  This runs twice on every message; the second
 * time (before the message goes to the server) it also says whether a line
 * starts with "." (one more byte looked at per line), so that a message
 * without one is sent after DATA without a dot-stuffing pass. */
int mime_check_wire_dots(const char *msg, size_t len, const char **why, size_t *at, bool *dot_line)
{
	size_t line = 0;
	bool dot = len > 0 && msg[0] == '.';
	for (size_t base = 0; base < len; base += MIME_WIRE_BLOCK) {
		uint64_t m = mime_low_mask(msg + base, len - base);
		for (; m != 0; m &= m - 1) {
			size_t i = base + (size_t)__builtin_ctzll(m);
			unsigned char c = (unsigned char)msg[i];
			if (c == '\r' && i + 1 < len && msg[i + 1] == '\n') {
				if (i - line > MIME_LINE_MAX)
					break;
				line = i + 2;
				dot = dot || (line < len && msg[line] == '.');
				/* the next bit, if in this block, is the LF */
				m &= m - 1;
				continue;
			}
			/* the LF of a pair that crossed blocks, a tab, a control */
			if (i < line || (c != '\r' && c != '\n' && c != '\0'))
				continue;
			if (i - line > MIME_LINE_MAX)
				break;
			return mime_wire_fail(why, at,
			                      c == '\r'   ? "bare CR"
			                      : c == '\n' ? "bare LF"
			                                  : "NUL byte",
			                      i);
		}
		if (m != 0)
			return mime_wire_fail(why, at, "line longer than 998 octets", line);
	}
	if (len - line > MIME_LINE_MAX)
		return mime_wire_fail(why, at, "line longer than 998 octets", line);
	if (dot_line)
		*dot_line = dot;
	return 0;
}

int mime_check_wire(const char *msg, size_t len, const char **why, size_t *at)
{
	return mime_check_wire_dots(msg, len, why, at, NULL);
}
