/* The wire, as a property (doc/design.md "Secure"): many random releases and
 * recipients, with random bytes in names, subjects and bodies (CR, lone LF,
 * ".", "\r\n.\r\n", long lines, non-ASCII, invalid UTF-8), are parsed by the
 * real loaders, rendered with the shipped templates and composed by
 * message_build; whatever is not refused on the way must leave as CRLF-only
 * lines of at most 998 octets with no end-of-data sequence inside and a
 * header of well-formed fields.  And the SMTP envelope: every address that
 * address_parse and smtp_envelope_ok let through is free of CR, LF, NUL,
 * controls, spaces and angle brackets.  The generator is seeded (WIRE_SEED
 * picks another seed), so a failure names an input that can be replayed. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "address.h"
#include "lists.h"
#include "message.h"
#include "mime.h"
#include "release.h"
#include "render.h"
#include "smtp.h"
#include "util.h"

#define RELEASES 150
#define ADDRESSES 20000

static uint64_t rng_state;
static char tmpdir[] = "/tmp/embargo-wire-XXXXXX";

static uint32_t rnd(uint32_t n)
{
	/* xorshift64*: small, fast, the same sequence everywhere */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ull) >> 33) % n;
}

/* A piece of text a header or a wire line could trip on.  Pieces with
 * control characters or invalid UTF-8 (which most loaders rightly refuse)
 * come only in hostile strings, so that plenty of messages get built. */
static void add_piece(struct strbuf *sb, bool hostile)
{
	static const char *const tame[] = {
	    ".", "..", " ", "<", ">", "\"", "=", "=?UTF-8?Q?x?=", "Bcc: x@example.com", ":",
	    "caf\xc3\xa9", "\xe4\xb8\xad\xe6\x96\x87", "\xf0\x9f\x93\xb0", "\xe2\x80\x8b", "{{title}}",
	    "{{", "}}", "#", "---", "-ends-", "http://example.org/a?b=c&d=e", "~", "\\", "word",
	    "Word ", "EMBARGOED UNTIL 9 a.m. EDT, August 14, 2023", "&amp;", "<b>", "'"};
	static const char *const nasty[] = {"\r", "\n", "\r\n", "\r\n.\r\n", "\n.\n", "\t",
	                                    "\xef\xbb\xbf", "\xff", "\xc3", "\x1b", "\x7f", "\r.\r"};
	uint32_t k = rnd(12);
	if (k == 0) { /* a long run without spaces: a line over 998 octets */
		size_t n = 900 + rnd(2200);
		for (size_t i = 0; i < n; i++)
			strbuf_addch(sb, (char)('a' + rnd(26)));
	} else if (hostile && k == 1) {
		strbuf_addch(sb, (char)(1 + rnd(255)));
	} else if (hostile && k < 5) {
		strbuf_adds(sb, nasty[rnd(sizeof nasty / sizeof nasty[0])]);
	} else {
		strbuf_adds(sb, tame[rnd(sizeof tame / sizeof tame[0])]);
	}
}

/* Up to max_pieces pieces; one string in five is hostile. */
static char *random_text(size_t max_pieces)
{
	struct strbuf sb;
	strbuf_init(&sb);
	bool hostile = rnd(5) == 0;
	size_t n = rnd((uint32_t)max_pieces + 1);
	for (size_t i = 0; i < n; i++)
		add_piece(&sb, hostile);
	return strbuf_detach(&sb, NULL);
}

/* Body text: the line structure itself is hostile (CR-only, LF, CRLF, dot
 * lines, long lines), the bytes mostly valid. */
static char *random_body(void)
{
	static const char *const breaks[] = {"\n", "\r", "\r\n", "\r\n.\r\n", "\n.\n", "\n.", " "};
	struct strbuf sb;
	strbuf_init(&sb);
	size_t n = 1 + rnd(12);
	for (size_t i = 0; i < n; i++) {
		add_piece(&sb, rnd(20) == 0);
		if (rnd(3) == 0)
			strbuf_adds(&sb, breaks[rnd(sizeof breaks / sizeof breaks[0])]);
	}
	return strbuf_detach(&sb, NULL);
}

/* s as a YAML double-quoted scalar: escapes keep CR, LF and controls in the
 * value, so that they reach the loaders' own checks.  Bytes that are not
 * UTF-8 stay raw (the loader refuses the file: also a fine outcome). */
static void add_yaml_quoted(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_addf(sb, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			strbuf_addf(sb, "\\x%02x", *p);
		else
			strbuf_addch(sb, (char)*p);
	}
	strbuf_addch(sb, '"');
}

static char *write_file(const char *name, const char *text, size_t len)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	fclose(fp);
	return path;
}

/* A release: front matter with random title/subject, or the plain layout
 * with a random headline; then random body paragraphs either way. */
static char *random_release(void)
{
	struct strbuf sb;
	strbuf_init(&sb);
	char *title = random_text(4), *subject = random_text(3);
	if (rnd(2)) {
		strbuf_adds(&sb, "---\nid: wire-test\ntitle: ");
		add_yaml_quoted(&sb, *title ? title : "t");
		if (rnd(2)) {
			strbuf_adds(&sb, "\nsubject: ");
			add_yaml_quoted(&sb, subject);
		}
		strbuf_adds(&sb, "\n---\n");
	} else {
		strbuf_adds(&sb, title);
		strbuf_adds(&sb, "\n\nFor immediate release\n\n");
	}
	size_t paragraphs = 1 + rnd(5);
	for (size_t i = 0; i < paragraphs; i++) {
		char *body = random_body();
		strbuf_addf(&sb, "%s%s\n\n", rnd(3) ? "Paragraph " : "", body);
		free(body);
	}
	free(title);
	free(subject);
	char *path = write_file("release.txt", sb.buf, sb.len);
	strbuf_release(&sb);
	return path;
}

static struct list *random_list(void)
{
	struct strbuf sb;
	strbuf_init(&sb);
	char *desc = random_text(3);
	strbuf_adds(&sb, "name: wire\ndescription: ");
	add_yaml_quoted(&sb, desc);
	strbuf_adds(&sb, "\nrecipients:\n");
	for (int i = 0; i < 3; i++) {
		char *name = random_text(3), *outlet = random_text(6);
		strbuf_addf(&sb, "  - email: r%d@example.com\n    name: ", i);
		add_yaml_quoted(&sb, name);
		strbuf_adds(&sb, "\n    first_name: ");
		add_yaml_quoted(&sb, name);
		strbuf_adds(&sb, "\n    outlet: ");
		add_yaml_quoted(&sb, outlet);
		strbuf_addch(&sb, '\n');
		free(name);
		free(outlet);
	}
	free(desc);
	char *path = write_file("wire.yaml", sb.buf, sb.len);
	strbuf_release(&sb);
	struct diags d;
	diags_init(&d);
	struct list *l = list_load(path, tmpdir, &d);
	diags_free(&d);
	free(path);
	return l;
}

/* A header line is a "Name:" field (printable ASCII name) or a folded
 * continuation. */
static void check_header_line(const char *s, size_t n, size_t at)
{
	if (n > 0 && (s[0] == ' ' || s[0] == '\t'))
		return;
	const char *colon = memchr(s, ':', n);
	if (!colon || colon == s)
		fail_msg("header line at byte %zu is neither a field nor a continuation: %.*s", at,
		         (int)(n > 80 ? 80 : n), s);
	for (const char *p = s; p < colon; p++)
		if (*p <= ' ' || *p > '~')
			fail_msg("header name at byte %zu holds byte 0x%02X", at, (unsigned char)*p);
}

/* The wire property of one composed message. */
static void check_wire(const char *m, size_t len)
{
	size_t start = 0;
	int in_header = 1;
	for (size_t i = 0; i < len; i++) {
		if (m[i] == '\0')
			fail_msg("NUL at byte %zu", i);
		if (m[i] == '\r' && (i + 1 == len || m[i + 1] != '\n'))
			fail_msg("bare CR at byte %zu", i);
		if (m[i] != '\n')
			continue;
		if (i == 0 || m[i - 1] != '\r')
			fail_msg("bare LF at byte %zu", i);
		size_t n = i - 1 - start;
		if (n > 998)
			fail_msg("line of %zu octets at byte %zu", n, start);
		if (n == 1 && m[start] == '.')
			fail_msg("end-of-data line \".\" at byte %zu (of %zu)", start, len);
		if (in_header && n == 0)
			in_header = 0;
		else if (in_header)
			check_header_line(m + start, n, start);
		start = i + 1;
	}
	assert_int_equal(start, len); /* the last line ends with CRLF */
	assert_int_equal(in_header, 0);
	const char *why;
	size_t at;
	assert_int_equal(mime_check_wire(m, len, &why, &at), 0);
}

struct tally {
	size_t releases, refused_release, refused_list, built, refused_message;
};

static void build_all(struct renderer *r, const struct release *rel, const struct list *l,
                      struct tally *t)
{
	static char *const unsub[] = {"https://example.org/u?a={{recipient.email}}",
	                              "mailto:unsubscribe@example.org"};
	struct message_sender s = {.from_name = "Press \xc3\x89quipe", .from_addr = "press@example.org",
	                           .reply_to_addr = "desk@example.org", .unsubscribe = unsub,
	                           .nunsubscribe = 2};
	for (size_t i = 0; i < l->n; i++) {
		struct strbuf out;
		struct diags d;
		strbuf_init(&out);
		diags_init(&d);
		enum message_kind kind = (enum message_kind)rnd(3);
		if (message_build(r, rel, &s, &l->r[i], kind, 1692028800, &out, &d) == 0) {
			check_wire(out.buf, out.len);
			t->built++;
		} else {
			assert_true(diags_errors(&d) > 0);
			t->refused_message++;
		}
		strbuf_release(&out);
		diags_free(&d);
	}
}

static void one_release(struct renderer *r, struct list *l, struct tally *t)
{
	char *path = random_release();
	struct release rel;
	struct release_opts o = {{0}};
	t->releases++;
	if (release_parse(path, &o, &rel) < 0 || diags_errors(&rel.diags) > 0 || !rel.title) {
		t->refused_release++;
	} else {
		if (!rel.id)
			rel.id = release_make_id(&rel);
		struct list *const lists[] = {l};
		render_set_lists(r, lists, 1);
		render_set_release(r, &rel, "Press", "press@example.org");
		build_all(r, &rel, l, t);
	}
	release_free(&rel);
	free(path);
}

static void test_messages(void **state)
{
	(void)state;
	const char *srcdir = getenv("srcdir");
	char *templates = xasprintf("%s/templates", srcdir ? srcdir : ".");
	struct tally t = {0};
	for (int i = 0; i < RELEASES; i++) {
		struct list *l = random_list();
		if (!l) {
			t.refused_list++;
			continue;
		}
		struct renderer r;
		struct diags d;
		diags_init(&d);
		if (render_open(&r, templates, "release", &d) < 0)
			fail_msg("templates: %s", d.n ? d.v[0].msg : "?");
		one_release(&r, l, &t);
		render_close(&r);
		diags_free(&d);
		list_free(l);
	}
	print_message("# %zu releases (%zu refused), %zu lists refused, %zu messages built, "
	              "%zu refused\n",
	              t.releases, t.refused_release, t.refused_list, t.built, t.refused_message);
	/* The test means something only if many inputs got through. */
	assert_true(t.built >= RELEASES / 4);
	free(templates);
}

/* A random address: a local part and a domain from hostile pieces. */
static char *random_address(void)
{
	static const char *const local[] = {"ana", "a.b", "\"a b\"", "\"a\\\"b\"", "a+tag", "\"a<b>\"",
	                                     "a\r\nRCPT TO:<x@y>", "a b", "<a>", "a\n", "x\ty", "",
	                                     "\"\"", "o'neil", "\"a\r\"", "a\x01", "\xc3\xa9"};
	static const char *const domain[] = {"example.com", "EXAMPLE.org", "[127.0.0.1]", "[IPv6:::1]",
	                                     "b\xc3\xbc"
	                                     "cher.example",
	                                     "example.com>", "example.com\r\n", "ex ample.com",
	                                     "-bad.example", "a..b", "example.com\n.", "x"};
	char *s = xasprintf("%s%s@%s%s", rnd(8) ? "" : " ", local[rnd(sizeof local / sizeof local[0])],
	                    domain[rnd(sizeof domain / sizeof domain[0])], rnd(8) ? "" : ">");
	if (rnd(4) == 0) { /* and sometimes a random byte anywhere */
		size_t n = strlen(s);
		if (n)
			s[rnd((uint32_t)n)] = (char)(1 + rnd(255));
	}
	return s;
}

static void check_envelope(const char *ascii)
{
	for (const unsigned char *p = (const unsigned char *)ascii; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == ' ' || *p == '<' || *p == '>')
			fail_msg("envelope address \"%s\" holds byte 0x%02X", ascii, *p);
	assert_true(*ascii != '\0');
}

static void test_envelope(void **state)
{
	(void)state;
	size_t parsed = 0, usable = 0;
	for (int i = 0; i < ADDRESSES; i++) {
		char *in = random_address(), *ascii = NULL, *why = NULL, *name = NULL;
		int ok = address_parse(in, &ascii, &why);
		if (ok == 0) {
			parsed++;
			assert_null(strpbrk(ascii, "\r\n"));
			if (smtp_envelope_ok(ascii)) {
				usable++;
				check_envelope(ascii);
			}
		}
		free(ascii);
		free(why);
		ascii = why = NULL;
		if (address_parse_mailbox(in, &name, &ascii, &why) == 0) {
			assert_null(strpbrk(ascii, "\r\n"));
			assert_true(name == NULL || strpbrk(name, "\r\n") == NULL);
			if (smtp_envelope_ok(ascii))
				check_envelope(ascii);
		}
		free(name);
		free(ascii);
		free(why);
		free(in);
	}
	print_message("# %zu of %d random addresses parsed, %zu usable in the envelope\n", parsed,
	              ADDRESSES, usable);
	assert_true(usable >= ADDRESSES / 20);
	/* the guard itself, on what a parser bug could let through */
	static const char *const bad[] = {"a@b\r\nRCPT TO:<c@d>", "a@b\n", "a b@c", "<a@b>", "a@b>",
	                                  "", "a\x01@b", "a@b\x7f"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(smtp_envelope_ok(bad[i]), 0);
}

static int setup(void **state)
{
	(void)state;
	const char *seed = getenv("WIRE_SEED");
	rng_state = seed ? strtoull(seed, NULL, 0) : 0x9e3779b97f4a7c15ull;
	if (rng_state == 0)
		rng_state = 1;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char *a = xasprintf("%s/release.txt", tmpdir), *b = xasprintf("%s/wire.yaml", tmpdir);
	unlink(a);
	unlink(b);
	free(a);
	free(b);
	return rmdir(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_messages),
	    cmocka_unit_test(test_envelope),
	};
	return cmocka_run_group_tests_name("wire", tests, setup, teardown);
}
