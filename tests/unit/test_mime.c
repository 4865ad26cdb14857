#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "mime.h"
#include "testlib.h"
#include "util.h"

#define PY "/usr/bin/python3"

/* 2023-08-14T16:00:00Z, the release instant of the example release */
#define T_RELEASE ((time_t)1692028800)

static const struct mime_header list_headers[] = {
    {"List-Id", "UHRP press list <press.uhrp.example.org>"},
    {"List-Unsubscribe",
     "<https://uhrp.example.org/"
     "unsubscribe?list=press&addr=louisa.greve%40example.com&sig=0123456789abcdef>, "
     "<mailto:unsubscribe@uhrp.example.org?subject=unsubscribe>"},
    {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"},
};

static const char ascii_text[] =
    "WASHINGTON, D.C. - The Uyghur Human Rights Project welcomes the order.\n"
    "\n"
    "Trailing spaces stay   \n"
    "A tab stays\t\n"
    ".\n"
    "From the field: a line that starts with From.\n"
    "= signs = everywhere ==\n"
    "no final newline";

static const char ascii_html[] =
    "<!DOCTYPE html>\n<html><body><p>The Uyghur Human Rights Project welcomes the order.</p>\n"
    "<p style=\"margin:0\">= signs and a very long line that goes on and on past seventy-six "
    "characters so that it must be broken softly somewhere</p></body></html>\n";

static struct mime_message ascii_message(void)
{
	struct mime_message m = {
	    .from_name = "UHRP Press Office",
	    .from_addr = "press@uhrp.example.org",
	    .to_name = "Louisa Greve",
	    .to_addr = "louisa.greve@example.com",
	    .subject = "UHRP Urges Biden Administration to Impose Investment Bans",
	    .date = T_RELEASE,
	    .date_offset = -4 * 3600,
	    .message_id = "3f2a9c1e0b7d4e55@uhrp.example.org",
	    .extra = list_headers,
	    .nextra = 3,
	    .text = ascii_text,
	    .text_len = sizeof ascii_text - 1,
	    .html = ascii_html,
	    .html_len = sizeof ascii_html - 1,
	};
	return m;
}

/* ---- helpers ---- */

static void hex(FILE *fp, const void *p, size_t n)
{
	const unsigned char *u = p;
	if (n == 0)
		fputc('-', fp);
	for (size_t i = 0; i < n; i++)
		fprintf(fp, "%02x", u[i]);
}

static void hexs(FILE *fp, const char *s)
{
	hex(fp, s, s ? strlen(s) : 0);
}

static char *script_path(void)
{
	const char *srcdir = getenv("srcdir");
	if (srcdir)
		return xasprintf("%s/tests/unit/mime_check.py", srcdir);
	char *file = xstrdup(__FILE__);
	char *p = xasprintf("%s/mime_check.py", dirname(file));
	free(file);
	return p;
}

static void expect_mailbox(FILE *fp, const char *key, const char *name, const char *addr)
{
	fprintf(fp, "%s ", key);
	hexs(fp, name);
	fputc(' ', fp);
	hexs(fp, addr);
	fputc('\n', fp);
}

/* Everything Python must find in the message composed from m. */
static void write_expectations(FILE *fp, const struct mime_message *m, const char *want_name[3])
{
	fputs("subject ", fp);
	hexs(fp, m->subject);
	fputs("\nmessage-id ", fp);
	hexs(fp, m->message_id);
	fprintf(fp, "\ndate %lld %d\n", (long long)m->date, m->date_offset);
	expect_mailbox(fp, "from", want_name[0], m->from_addr);
	expect_mailbox(fp, "to", want_name[1], m->to_addr);
	if (m->reply_to_addr)
		expect_mailbox(fp, "reply-to", want_name[2], m->reply_to_addr);
	for (size_t i = 0; i < m->nextra; i++) {
		fprintf(fp, "header %s ", m->extra[i].name);
		hexs(fp, m->extra[i].value);
		fputc('\n', fp);
	}
	fputs("text ", fp);
	hex(fp, m->text, m->text_len);
	fputs("\nhtml ", fp);
	hex(fp, m->html, m->html_len);
	fputs(m->natt ? "\nstructure multipart/mixed multipart/alternative text/plain text/html"
	              : "\nstructure multipart/alternative text/plain text/html",
	      fp);
	for (size_t i = 0; i < m->natt; i++)
		fprintf(fp, " %s", m->att[i].content_type);
	fputc('\n', fp);
	for (size_t i = 0; i < m->natt; i++) {
		fputs("attachment ", fp);
		hexs(fp, m->att[i].filename);
		fprintf(fp, " %s ", m->att[i].content_type);
		hex(fp, m->att[i].data, m->att[i].len);
		fputc('\n', fp);
	}
}

/* Compose m and have Python's email package check it. */
static char *compose_ok(const struct mime_message *m, size_t *len)
{
	struct strbuf out;
	struct diags d;
	strbuf_init(&out);
	diags_init(&d);
	if (mime_compose(m, &out, &d) != 0)
		fail_msg("compose failed: %s", d.n ? d.v[0].msg : "?");
	diags_free(&d);
	return strbuf_detach(&out, len);
}

/* Run mime_check.py on a message and its expectations; true when it
 * found nothing wrong (its findings are printed as TAP comments). */
static bool python_agrees(const char *msg_path, const char *exp_path)
{
	char *script = script_path();
	char *cmd = xasprintf(PY " %s %s %s", script, msg_path, exp_path);
	FILE *py = popen(cmd, "r");
	assert_non_null(py);
	char line[8192];
	bool ok = false;
	while (fgets(line, sizeof line, py)) {
		if (line[0] == '#')
			printf("%s", line);
		ok = strcmp(line, "result ok\n") == 0;
	}
	assert_int_equal(pclose(py), 0);
	free(cmd);
	free(script);
	return ok;
}

static void compose_and_check(const struct mime_message *m, const char *want_name[3])
{
	size_t len;
	char *msg = compose_ok(m, &len);
	const char *why;
	size_t at;
	assert_int_equal(mime_check_wire(msg, len, &why, &at), 0);
	assert_true(len >= 2 && memcmp(msg + len - 2, "\r\n", 2) == 0);
	if (access(PY, X_OK) != 0) {
		free(msg);
		skip();
	}
	char *msg_path = tl_temp_file("mime-msg", msg, len);
	char *exp = NULL;
	size_t exp_len = 0;
	FILE *fp = open_memstream(&exp, &exp_len);
	write_expectations(fp, m, want_name);
	fclose(fp);
	char *exp_path = tl_temp_file("mime-exp", exp, exp_len);
	bool ok = python_agrees(msg_path, exp_path);
	if (!ok)
		printf("# message kept in %s\n", msg_path);
	else
		unlink(msg_path);
	unlink(exp_path);
	free(exp);
	free(msg_path);
	free(exp_path);
	free(msg);
	assert_true(ok);
}

/* True when line is a whole line of the header block (the first or any
 * other before the blank line). */
static bool has_header_line(const char *msg, const char *line)
{
	char *want = xasprintf("\r\n%s\r\n", line);
	const char *end = strstr(msg, "\r\n\r\n");
	const char *p = strstr(msg, want);
	bool found =
	    (p != NULL && end != NULL && p < end) || strncmp(msg, want + 2, strlen(want + 2)) == 0;
	free(want);
	return found;
}

/* ---- composing ---- */

static void test_ascii_message(void **state)
{
	(void)state;
	struct mime_message m = ascii_message();
	const char *names[3] = {m.from_name, m.to_name, NULL};
	compose_and_check(&m, names);

	size_t len;
	char *msg = compose_ok(&m, &len);
	/* plain names and subject go out as they are, in one line each */
	assert_true(has_header_line(msg, "From: UHRP Press Office <press@uhrp.example.org>"));
	assert_true(has_header_line(msg, "To: Louisa Greve <louisa.greve@example.com>"));
	assert_true(has_header_line(
	    msg, "Subject: UHRP Urges Biden Administration to Impose Investment Bans"));
	assert_true(has_header_line(msg, "Date: Mon, 14 Aug 2023 12:00:00 -0400"));
	assert_true(has_header_line(msg, "Message-ID: <3f2a9c1e0b7d4e55@uhrp.example.org>"));
	assert_true(has_header_line(msg, "MIME-Version: 1.0"));
	assert_true(has_header_line(msg, "List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
	assert_null(strstr(msg, "Reply-To:"));
	free(msg);

	/* no name, or only white space: the bare address */
	m.from_name = " \t ";
	m.to_name = NULL;
	msg = compose_ok(&m, NULL);
	assert_true(has_header_line(msg, "From: press@uhrp.example.org"));
	assert_true(has_header_line(msg, "To: louisa.greve@example.com"));
	free(msg);
	names[0] = "";
	names[1] = "";
	compose_and_check(&m, names);
}

/* Kolkata's +05:30, which mailimf_get_date() gets wrong. */
static void test_date_offsets(void **state)
{
	(void)state;
	struct mime_message m = ascii_message();
	static const struct {
		int off;
		const char *line;
	} cases[] = {
	    {19800, "Date: Mon, 14 Aug 2023 21:30:00 +0530"},
	    {-12600, "Date: Mon, 14 Aug 2023 12:30:00 -0330"},
	    {0, "Date: Mon, 14 Aug 2023 16:00:00 +0000"},
	    {13 * 3600 + 45 * 60, "Date: Tue, 15 Aug 2023 05:45:00 +1345"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		m.date_offset = cases[i].off;
		char *msg = compose_ok(&m, NULL);
		if (!has_header_line(msg, cases[i].line))
			fail_msg("no \"%s\" in\n%.300s", cases[i].line, msg);
		free(msg);
	}
	m.date_offset = 19800;
	const char *names[3] = {m.from_name, m.to_name, NULL};
	compose_and_check(&m, names);
}

/* A PDF-like binary: every byte value, NULs, CRs and LFs. */
static char *pdf_like(size_t n)
{
	char *p = xmalloc(n);
	memcpy(p, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\r\n", 17);
	uint32_t x = 7;
	for (size_t i = 17; i < n; i++) {
		x = x * 1664525u + 1013904223u;
		p[i] = (char)(x >> 24);
	}
	return p;
}

static const char intl_text[] =
    "\xe2\x80\x9c"
    "Curly quotes\xe2\x80\x9d, \xe2\x80\x98single\xe2\x80\x99, an em dash \xe2\x80\x94 and "
    "\xe7\xbb\xb4\xe5\x90\xbe\xe5\xb0\x94\xe4\xba\xba\xe6\x9d\x83\xe9\xa1\xb9\xe7\x9b\xae in "
    "Chinese.\r\n"
    "A long line of UTF-8: "
    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3"
    "\xa9\xc3\xa9"
    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 "
    "\xf0\x9f\x93\xb0\xf0\x9f\x93\xb0\xf0\x9f\x93\xb0"
    "\xf0\x9f\x93\xb0\xf0\x9f\x93\xb0\xf0\x9f\x93\xb0\xf0\x9f\x93\xb0 end  \r\n"
    "From here on\r\n.\r\n\r\n-- \r\nUHRP\r\n";

static const char intl_html[] =
    "<p>\xe2\x80\x9c"
    "Curly quotes\xe2\x80\x9d &amp; \xe7\xbb\xb4\xe5\x90\xbe\xe5\xb0\x94</p>\n"
    "<p>=3D is not an escape here</p>\n";

static const char long_subject[] =
    "UHRP Urges Biden Administration to Impose \xe2\x80\x9cInvestment Bans\xe2\x80\x9d on Chinese "
    "Companies Complicit in Uyghur Forced Labour \xe2\x80\x94 "
    "\xe7\xbb\xb4\xe5\x90\xbe\xe5\xb0\x94\xe4\xba"
    "\xba\xe6\x9d\x83\xe9\xa1\xb9\xe7\x9b\xae \xf0\x9f\x9a\xa8 and a Statement by the Executive "
    "Director "
    "on the Treasury\xe2\x80\x99s Outbound Investment Rule, With Comments From Sanctioned "
    "Researchers "
    "\xd0\x90\xd1\x81\xd1\x81\xd0\xbe\xd1\x86\xd0\xb8\xd0\xb0\xd1\x86\xd0\xb8\xd1\x8f "
    "\xd0\xbd\xd0\xb5\xd0\xb7\xd0\xb0\xd0\xb2\xd0\xb8\xd1\x81\xd0\xb8\xd0\xbc\xd1\x8b\xd1\x85 and "
    "More";

static void test_international_message(void **state)
{
	(void)state;
	size_t pdf_len = 20000;
	char *pdf = pdf_like(pdf_len);
	static const char note[] = "Zolltabelle \xe2\x80\x93 Entwurf\n";
	const struct mime_attachment att[] = {
	    {"report.pdf", "application/pdf", pdf, pdf_len},
	    {"Bericht \xc3\xbc"
	     "ber Z\xc3\xb6lle \xe2\x80\x93 2023 \xe2\x80\x9c"
	     "final\xe2\x80\x9d.txt",
	     "text/plain", note, sizeof note - 1},
	    {"Q&A \"draft\" (v2), final \\ copy.txt", "text/plain", "", 0},
	    {"\xd0\x90\xd1\x81\xd1\x81\xd0\xbe\xd1\x86\xd0\xb8\xd0\xb0\xd1\x86\xd0\xb8\xd1\x8f "
	     "\xd0\xbd\xd0\xb5\xd0\xb7\xd0\xb0\xd0\xb2\xd0\xb8\xd1\x81\xd0\xb8\xd0\xbc\xd1\x8b\xd1"
	     "\x85 "
	     "\xd0\xb6\xd1\x83\xd1\x80\xd0\xbd\xd0\xb0\xd0\xbb\xd0\xb8\xd1\x81\xd1\x82\xd0\xbe\xd0"
	     "\xb2 "
	     "\xe2\x80\x94 "
	     "\xd0\xbf\xd1\x80\xd0\xb5\xd1\x81\xd1\x81-\xd1\x80\xd0\xb5\xd0\xbb\xd0\xb8\xd0\xb7."
	     "pdf",
	     "application/pdf", pdf, 300},
	};
	struct mime_message m = {
	    .from_name = "\xc3\x9cn\xc3\xaf"
	                 "c\xc3\xb6"
	                 "d\xc3\xa9 Press \xe2\x80\x94 B\xc3\xbcro",
	    .from_addr = "presse@example.de",
	    .to_name = "Greve, Louisa",
	    .to_addr = "lgreve@example.com",
	    .reply_to_name = "Peter J. Irwin",
	    .reply_to_addr = "pirwin@uhrp.example.org",
	    .subject = long_subject,
	    .date = T_RELEASE,
	    .date_offset = 2 * 3600,
	    .message_id = "a1b2c3d4e5f60718@example.de",
	    .extra = list_headers,
	    .nextra = 2,
	    .text = intl_text,
	    .text_len = sizeof intl_text - 1,
	    .html = intl_html,
	    .html_len = sizeof intl_html - 1,
	    .att = att,
	    .natt = sizeof att / sizeof att[0],
	};
	const char *names[3] = {m.from_name, m.to_name, m.reply_to_name};
	compose_and_check(&m, names);

	/* display names with curly quotes, CJK and white space to tidy */
	m.from_name = "  \xe2\x80\x9cThe\xe2\x80\x9d   Press\tOffice ";
	m.to_name =
	    "\xe7\xbb\xb4\xe5\x90\xbe\xe5\xb0\x94\xe4\xba\xba\xe6\x9d\x83\xe9\xa1\xb9\xe7\x9b\xae";
	m.reply_to_name = "O'Brien (PR)";
	names[0] = "\xe2\x80\x9cThe\xe2\x80\x9d Press Office";
	names[1] = m.to_name;
	names[2] = m.reply_to_name;
	compose_and_check(&m, names);
	free(pdf);
}

/* Names that take several encoded-words: Python 3.11 keeps the space
 * between them in display names (CPython gh-128110), so these are checked
 * against the RFC 2047 reading of the raw header here. */
static void test_long_display_name(void **state)
{
	(void)state;
	struct mime_message m = ascii_message();
	m.to_name =
	    "\xd0\x90\xd1\x81\xd1\x81\xd0\xbe\xd1\x86\xd0\xb8\xd0\xb0\xd1\x86\xd0\xb8\xd1\x8f "
	    "\xd0\xbd\xd0\xb5\xd0\xb7\xd0\xb0\xd0\xb2\xd0\xb8\xd1\x81\xd0\xb8\xd0\xbc\xd1\x8b\xd1"
	    "\x85 "
	    "\xd0\xb6\xd1\x83\xd1\x80\xd0\xbd\xd0\xb0\xd0\xbb\xd0\xb8\xd1\x81\xd1\x82\xd0\xbe\xd0"
	    "\xb2";
	char *msg = compose_ok(&m, NULL);
	const char *to = strstr(msg, "\r\nTo: ");
	assert_non_null(to);
	/* every line of the folded header stays short */
	const char *end = strstr(to + 2, "\r\n<");
	const char *stop = strstr(to + 2, "\r\nMessage-ID:");
	assert_non_null(stop);
	for (const char *p = to + 2; p < stop;) {
		const char *e = strstr(p, "\r\n");
		assert_true(e - p <= 78);
		p = e + 2;
	}
	(void)end;
	/* unfold and decode the way RFC 2047 says, using Python's legacy API */
	if (access(PY, X_OK) == 0) {
		char *path = tl_temp_file("mime-to", msg, strlen(msg));
		char *cmd =
		    xasprintf(PY " -c 'import sys, email, email.header as H; "
		                 "m = email.message_from_binary_file(open(sys.argv[1], \"rb\")); "
		                 "v = m[\"To\"].replace(\"\\r\\n\", \"\").replace(\"\\n\", \"\"); "
		                 "n = v[:v.rindex(\" <\")]; "
		                 "sys.stdout.write(str(H.make_header(H.decode_header(n))))' %s",
		              path);
		FILE *py = popen(cmd, "r");
		char got[512] = "";
		size_t n = fread(got, 1, sizeof got - 1, py);
		got[n] = '\0';
		assert_int_equal(pclose(py), 0);
		assert_string_equal(got, m.to_name);
		unlink(path);
		free(path);
		free(cmd);
	}
	free(msg);
}

/* Promise 5: the same input gives the same bytes (boundaries included). */
static void test_deterministic(void **state)
{
	(void)state;
	struct mime_message m = ascii_message();
	size_t n1, n2;
	char *a = compose_ok(&m, &n1), *b = compose_ok(&m, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(a, b, n1);
	free(b);
	m.message_id = "other@uhrp.example.org";
	b = compose_ok(&m, &n2);
	const char *ba = strstr(a, "boundary=\""), *bb = strstr(b, "boundary=\"");
	assert_non_null(ba);
	assert_non_null(bb);
	assert_true(strncmp(ba, "boundary=\"=_", 12) == 0);
	assert_false(strncmp(ba, bb, 40) == 0);
	free(a);
	free(b);
}

/* The output is appended: what the buffer held is kept. */
static void test_appends(void **state)
{
	(void)state;
	struct mime_message m = ascii_message();
	struct strbuf out;
	struct diags d;
	strbuf_init(&out);
	diags_init(&d);
	strbuf_adds(&out, "X-Before: 1\r\n");
	assert_int_equal(mime_compose(&m, &out, &d), 0);
	assert_true(strncmp(out.buf, "X-Before: 1\r\nDate: ", 19) == 0);
	strbuf_release(&out);
	diags_free(&d);
}

/* ---- refusals ---- */

static void expect_refused(const struct mime_message *m, const char *fragment)
{
	struct strbuf out;
	struct diags d;
	strbuf_init(&out);
	diags_init(&d);
	strbuf_adds(&out, "kept");
	assert_int_equal(mime_compose(m, &out, &d), -1);
	assert_string_equal(out.buf, "kept");
	assert_int_equal(diags_status(&d), EX_DATAERR);
	if (strstr(d.v[0].msg, fragment) == NULL)
		fail_msg("message \"%s\" does not say \"%s\"", d.v[0].msg, fragment);
	strbuf_release(&out);
	diags_free(&d);
}

/* One header input set to a bad value, and what the refusal must say. */
static const struct {
	size_t field; /* offset of a const char * in struct mime_message */
	const char *value;
	const char *says;
} refusals[] = {
    {offsetof(struct mime_message, subject), "Release\nBcc: everyone@example.com",
     "subject contains a line break (LF"},
    {offsetof(struct mime_message, subject), "Release\r", "subject contains a line break (CR"},
    {offsetof(struct mime_message, subject), "", "the subject is empty"},
    {offsetof(struct mime_message, subject), " \t ", "the subject is empty"},
    {offsetof(struct mime_message, subject), NULL, "the subject is empty"},
    {offsetof(struct mime_message, subject), "bad \xc3 utf-8", "subject is not valid UTF-8"},
    {offsetof(struct mime_message, to_name), "Louisa\rBcc: x@example.com",
     "to name contains a line break (CR"},
    {offsetof(struct mime_message, from_name), "Press\n", "from name contains a line break"},
    {offsetof(struct mime_message, reply_to_name), "R\nX: y",
     "reply-to name contains a line break"},
    {offsetof(struct mime_message, message_id), "abc@example.org\nBcc: x@example.com",
     "message id contains a line break (LF"},
    {offsetof(struct mime_message, message_id), "<abc@example.org>",
     "message id contains a character not allowed"},
    {offsetof(struct mime_message, message_id), "abc @example.org",
     "message id contains a character not allowed"},
    {offsetof(struct mime_message, message_id), "no-at-sign", "has no @"},
    {offsetof(struct mime_message, to_addr), "louisa@example.com\r\nRCPT TO:<x@example.com>",
     "to address contains a line break"},
    {offsetof(struct mime_message, to_addr), NULL, "to address is missing"},
    {offsetof(struct mime_message, from_addr), "Press <press@example.org>",
     "from address contains a character not allowed"},
    {offsetof(struct mime_message, reply_to_addr), "r@example.org\n",
     "reply-to address contains a line break"},
};

static void test_header_inputs_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
		struct mime_message m = ascii_message();
		*(const char **)((char *)&m + refusals[i].field) = refusals[i].value;
		expect_refused(&m, refusals[i].says);
	}
}

static const struct {
	struct mime_header h;
	const char *says;
} extra_refusals[] = {
    {{"List-Id", "x\r\nBcc: y@example.com"}, "header List-Id contains a line break"},
    {{"List-Id: x\r\nBcc", "y"}, "extra header name contains a line break"},
    {{"List:Id", "y"}, "extra header name contains a character not allowed"},
    {{"bcc", "y@example.com"}, "would duplicate"},
    {{"Content-Type", "text/plain"}, "would duplicate"},
    {{"List-Id", "Caf\xc3\xa9 <x.example.org>"}, "header List-Id contains a character not allowed"},
    {{"List-Id", ""}, "header List-Id is empty"},
};

static void test_extra_headers_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof extra_refusals / sizeof extra_refusals[0]; i++) {
		struct mime_message m = ascii_message();
		m.extra = &extra_refusals[i].h;
		m.nextra = 1;
		expect_refused(&m, extra_refusals[i].says);
	}
}

static const struct {
	struct mime_attachment a;
	const char *says;
} att_refusals[] = {
    {{"a\nb.pdf", "application/pdf", "x", 1}, "attachment file name contains a line break"},
    {{"a\tb.pdf", "application/pdf", "x", 1}, "contains a control character"},
    {{"", "application/pdf", "x", 1}, "attachment without a file name"},
    {{"a.pdf", "application/pdf\r\nX: y", "x", 1}, "no valid content type"},
    {{"a.pdf", "pdf", "x", 1}, "no valid content type"},
    {{"a.pdf", "application/pdf junk", "x", 1}, "no valid content type"},
    {{"a.pdf", "application/", "x", 1}, "no valid content type"},
    {{"a.pdf", NULL, "x", 1}, "no valid content type"},
    {{"a.eml", "multipart/mixed", "x", 1}, "multipart or message"},
    {{"a.pdf", "application/pdf", NULL, 5}, "has no data"},
};

static void test_attachments_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof att_refusals / sizeof att_refusals[0]; i++) {
		struct mime_message m = ascii_message();
		m.att = &att_refusals[i].a;
		m.natt = 1;
		expect_refused(&m, att_refusals[i].says);
	}
}

static void test_bad_input_refused(void **state)
{
	(void)state;
	struct mime_message m = ascii_message();
	m.text = "nul\0inside";
	m.text_len = 10;
	expect_refused(&m, "text part is not valid UTF-8 or contains NUL");
	m = ascii_message();
	m.html = "\xff";
	m.html_len = 1;
	expect_refused(&m, "html part is not valid UTF-8");
	m = ascii_message();
	m.date_offset = 19800 + 7;
	expect_refused(&m, "whole-minute");

	/* inputs libetpan would write on one line and hard-cut at 998 */
	char *huge = xmalloc(2001);
	memset(huge, 'a', 2000);
	huge[2000] = '\0';
	huge[1000] = '@';
	m = ascii_message();
	m.to_addr = huge;
	expect_refused(&m, "to address is longer than 254 octets");
	m = ascii_message();
	m.message_id = huge;
	expect_refused(&m, "message id is longer than 250 octets");
	struct mime_header longword[] = {{"List-Id", huge}};
	m = ascii_message();
	m.extra = longword;
	m.nextra = 1;
	expect_refused(&m, "header List-Id has a word too long for one line");
	free(huge);
}

/* ---- the wire check ---- */

static void test_check_wire(void **state)
{
	(void)state;
	char *l998 = xmalloc(1200), *l999 = xmalloc(1200);
	memset(l998, 'x', 998);
	memcpy(l998 + 998, "\r\n", 3);
	memset(l999, 'x', 999);
	memcpy(l999 + 999, "\r\n", 3);
	char *two = xasprintf("ok\r\n%s", l999);
	char *lf998 = xasprintf("%.998s\n", l998);
	char *nul998 = xasprintf("%.998s", l998);
	char *nul_late = xasprintf("%.999s", l999);
	nul_late[998] = '\0';
	const struct {
		const char *msg;
		size_t len; /* 0: strlen */
		const char *why;
		size_t at;
	} cases[] = {
	    {"", 0, NULL, 0},
	    {"a\r\nb\r\n\r\n", 0, NULL, 0},
	    {"no end", 0, NULL, 0},
	    {l998, 0, NULL, 0},
	    {"a\nb\r\n", 0, "bare LF", 1},
	    {"\n", 0, "bare LF", 0},
	    {"ab\r\nc\rd\r\n", 0, "bare CR", 5},
	    {"end\r", 0, "bare CR", 3},
	    {"a\r\r\n", 0, "bare CR", 1},
	    {"a\0b\r\n", 5, "NUL byte", 1},
	    {l999, 0, "line longer than 998 octets", 0},
	    {two, 0, "line longer than 998 octets", 4},
	    {lf998, 0, "bare LF", 998},
	    {nul998, 999, "NUL byte", 998},
	    {nul_late, 999, "NUL byte", 998},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *why = NULL;
		size_t at = 12345;
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].msg);
		int r = mime_check_wire(cases[i].msg, len, &why, &at);
		if (cases[i].why == NULL) {
			if (r != 0)
				fail_msg("case %zu refused: %s at %zu", i, why, at);
			continue;
		}
		assert_int_equal(r, -1);
		assert_string_equal(why, cases[i].why);
		assert_int_equal(at, cases[i].at);
	}
	free(l998);
	free(l999);
	free(two);
	free(lf998);
	free(nul998);
	free(nul_late);
}

/* Around the 16- and 64-byte blocks the check reads at once: nx "x"s, then
 * the tail (tlen bytes). */
static const struct {
	size_t nx;
	const char *tail;
	size_t tlen;
	const char *why;
	size_t at;
} wire_blocks[] = {
    {62, "\r\n", 2, NULL, 0},
    {63, "\r\nab", 4, NULL, 0},
    {64, "\r\n", 2, NULL, 0},
    {63, "\t\x0b\x0c\x01\r\n", 6, NULL, 0},
    {63, "\rab", 3, "bare CR", 63},
    {63, "\r", 1, "bare CR", 63},
    {64, "\n", 1, "bare LF", 64},
    {63, "\n", 1, "bare LF", 63},
    {15, "\r\r\n", 3, "bare CR", 15},
    {16, "\0", 1, "NUL byte", 16},
    {127, "\0", 1, "NUL byte", 127},
    {0, "\0", 1, "NUL byte", 0},
    {0, "\r\n\n", 3, "bare LF", 2},
    {0, "\r\n\r\n\r\n\r", 7, "bare CR", 6},
    {62, "\r\n\r\n\n", 5, "bare LF", 66},
    {40, "\r\n\t\r\n\0", 6, "NUL byte", 45},
};

static void test_check_wire_blocks(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof wire_blocks / sizeof wire_blocks[0]; i++) {
		size_t n = wire_blocks[i].nx + wire_blocks[i].tlen;
		char *msg = xmalloc(n);
		memset(msg, 'x', wire_blocks[i].nx);
		memcpy(msg + wire_blocks[i].nx, wire_blocks[i].tail, wire_blocks[i].tlen);
		const char *why = NULL;
		size_t at = 12345;
		int r = mime_check_wire(msg, n, &why, &at);
		if (wire_blocks[i].why == NULL && r != 0)
			fail_msg("case %zu refused: %s at %zu", i, why, at);
		if (wire_blocks[i].why != NULL) {
			assert_int_equal(r, -1);
			assert_string_equal(why, wire_blocks[i].why);
			assert_int_equal(at, wire_blocks[i].at);
		}
		free(msg);
	}
}

/* Lines of 998 and 999 octets after a first line of 61 (so they start
 * just before a block boundary), and a stray byte past the 998th octet. */
static void test_check_wire_long_lines(void **state)
{
	(void)state;
	char *x = xmalloc(1100);
	memset(x, 'x', 1100);
	const struct {
		size_t nx;
		const char *tail;
		const char *why;
		size_t at;
	} cases[] = {
	    {998, "\r\n", NULL, 0},
	    {998, "", NULL, 0},
	    {999, "\r\n", "line longer than 998 octets", 63},
	    {999, "", "line longer than 998 octets", 63},
	    {999, "\n", "line longer than 998 octets", 63},
	    {998, "\n", "bare LF", 63 + 998},
	    {997, "\r", "bare CR", 63 + 997},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *msg = xasprintf("%.61s\r\n%.*s%s", x, (int)cases[i].nx, x, cases[i].tail);
		const char *why = NULL;
		size_t at = 12345;
		int r = mime_check_wire(msg, strlen(msg), &why, &at);
		if (cases[i].why == NULL && r != 0)
			fail_msg("case %zu refused: %s at %zu", i, why, at);
		if (cases[i].why != NULL) {
			assert_int_equal(r, -1);
			assert_string_equal(why, cases[i].why);
			assert_int_equal(at, cases[i].at);
		}
		free(msg);
	}
	free(x);
}

/* mime_check_wire_dots: whether a line starts with ".", first or last line
 * included, a CRLF across a 64-byte block included. */
static void test_check_wire_dots(void **state)
{
	(void)state;
	static const struct {
		const char *msg;
		bool dot;
	} cases[] = {
	    {"a\r\nb\r\n", false},
	    {".a\r\nb\r\n", true},
	    {"a\r\n.\r\n", true},
	    {"a\r\nb.\r\nc .\r\n", false},
	    {"a\r\n..b", true},
	    {"a\r\n", false},
	    {"", false},
	    {"0123456789012345678901234567890123456789012345678901234567890\r\n.x\r\n", true},
	    {"01234567890123456789012345678901234567890123456789012345678901\r\n.x\r\n", true},
	    {"012345678901234567890123456789012345678901234567890123456789012\r\n.x\r\n", true},
	    {"012345678901234567890123456789012345678901234567890123456789012\r\nx.\r\n", false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *why = NULL;
		size_t at = 0;
		bool dot = !cases[i].dot;
		if (mime_check_wire_dots(cases[i].msg, strlen(cases[i].msg), &why, &at, &dot) != 0)
			fail_msg("case %zu refused: %s at %zu", i, why, at);
		if (dot != cases[i].dot)
			fail_msg("case %zu: dot line %d, expected %d", i, dot, cases[i].dot);
	}
}

/* The body check names the first bad byte, wherever it falls in a block. */
static void test_body_offsets(void **state)
{
	(void)state;
	static const struct {
		size_t nx;
		const char *tail;
		size_t tlen;
		const char *says;
	} cases[] = {
	    {15, "\0", 1, "(byte 15)"},   {16, "\0", 1, "(byte 16)"},
	    {31, "\xff", 1, "(byte 31)"}, {17, "\xc3\xa9\xc3", 3, "(byte 19)"},
	    {0, "\x80", 1, "(byte 0)"},   {40, "\xe2\x80\x9c\0", 4, "(byte 43)"},
	};
	char *buf = xmalloc(64);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(buf, 'x', cases[i].nx);
		memcpy(buf + cases[i].nx, cases[i].tail, cases[i].tlen);
		struct mime_message m = ascii_message();
		m.text = buf;
		m.text_len = cases[i].nx + cases[i].tlen;
		expect_refused(&m, cases[i].says);
	}
	free(buf);
}

/* The rule written the plain way, byte by byte, as a reference. */
static int wire_reference(const char *m, size_t n, const char **why, size_t *at)
{
	size_t line = 0;
	for (size_t i = 0; i < n; i++) {
		if (m[i] == '\n' || (m[i] == '\r' && (i + 1 == n || m[i + 1] != '\n')) ||
		    m[i] == '\0') {
			*why = m[i] == '\n' ? "bare LF" : m[i] == '\r' ? "bare CR" : "NUL byte";
			*at = i;
			return -1;
		}
		if (m[i] == '\r') {
			line = i + 2;
			i++;
		} else if (i - line + 1 > 998) {
			*why = "line longer than 998 octets";
			*at = line;
			return -1;
		}
	}
	return 0;
}

static void test_check_wire_random(void **state)
{
	(void)state;
	uint32_t x = 99;
	int seen[3] = {0, 0, 0}; /* fine, overlong, stray byte */
	char *buf = xmalloc(4000);
	for (int round = 0; round < 3000; round++) {
		size_t n = 0, len = (x = x * 1664525u + 1013904223u) % 4000;
		while (n < len) {
			x = x * 1664525u + 1013904223u;
			unsigned r = (x >> 8) % 100000;
			/* CRLF lines around 1,000 characters, now and then a stray byte */
			if (r < 105 && n + 2 <= len) {
				buf[n++] = '\r';
				buf[n++] = '\n';
				continue;
			}
			buf[n++] = r < 110 ? '\n' : r < 115 ? '\r' : r < 118 ? '\0' : 'x';
		}
		const char *w1 = NULL, *w2 = NULL;
		size_t a1 = 0, a2 = 0;
		int r1 = mime_check_wire(buf, n, &w1, &a1), r2 = wire_reference(buf, n, &w2, &a2);
		assert_int_equal(r1, r2);
		if (r1 < 0) {
			assert_string_equal(w1, w2);
			assert_int_equal(a1, a2);
		}
		seen[r1 == 0 ? 0 : strcmp(w1, "line longer than 998 octets") == 0 ? 1 : 2]++;
	}
	/* every outcome came up often enough to mean something */
	for (int i = 0; i < 3; i++)
		assert_true(seen[i] > 100);
	free(buf);
}

/* ---- speed ---- */

static char *filler(size_t n, const char *unit)
{
	struct strbuf sb;
	strbuf_init(&sb);
	while (sb.len < n)
		strbuf_adds(&sb, unit);
	return strbuf_detach(&sb, NULL);
}

/* About 15 KB of text and HTML, like a real release; prints messages/s. */
static void test_benchmark(void **state)
{
	(void)state;
	char *text = filler(6000, "The Uyghur Human Rights Project welcomes the order \xe2\x80\x94 "
	                          "\xe2\x80\x9cinvestment bans\xe2\x80\x9d now.\n");
	char *html = filler(9000, "<p style=\"margin:0 0 1em\">The Uyghur Human Rights Project "
	                          "welcomes the order &mdash; investment bans now.</p>\n");
	struct mime_message m = ascii_message();
	m.to_name = "Zo\xc3\xab Bront\xc3\xab";
	m.text = text;
	m.text_len = strlen(text);
	m.html = html;
	m.html_len = strlen(html);
	struct strbuf out;
	struct diags d;
	strbuf_init(&out);
	diags_init(&d);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	double secs = 0;
	size_t n = 0, size = 0;
	while (n < 20 || secs < 0.5) {
		strbuf_reset(&out);
		assert_int_equal(mime_compose(&m, &out, &d), 0);
		size = out.len;
		n++;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	}
	printf("# mime_compose: %.0f messages/s (%zu messages of %zu bytes in %.2f s)\n",
	       (double)n / secs, n, size, secs);
	strbuf_release(&out);
	diags_free(&d);
	free(text);
	free(html);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ascii_message),
	    cmocka_unit_test(test_date_offsets),
	    cmocka_unit_test(test_international_message),
	    cmocka_unit_test(test_long_display_name),
	    cmocka_unit_test(test_deterministic),
	    cmocka_unit_test(test_appends),
	    cmocka_unit_test(test_header_inputs_refused),
	    cmocka_unit_test(test_extra_headers_refused),
	    cmocka_unit_test(test_attachments_refused),
	    cmocka_unit_test(test_bad_input_refused),
	    cmocka_unit_test(test_check_wire),
	    cmocka_unit_test(test_check_wire_random),
	    cmocka_unit_test(test_check_wire_blocks),
	    cmocka_unit_test(test_check_wire_long_lines),
	    cmocka_unit_test(test_body_offsets),
	    cmocka_unit_test(test_check_wire_dots),
	    cmocka_unit_test(test_benchmark),
	};
	return cmocka_run_group_tests_name("mime", tests, NULL, NULL);
}
