#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qp.h"
#include "util.h"

/* An independent decoder (RFC 2045 6.7): "=XX" is a byte, "=" CRLF a soft
 * break, anything else itself.  Returns -1 on a malformed "=". */
static int dec_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1; /* lower case is not what an encoder should write */
}

static int qp_decode(const char *s, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n;) {
		if (s[i] != '=') {
			strbuf_addch(out, s[i++]);
			continue;
		}
		if (i + 2 >= n)
			return -1;
		if (s[i + 1] == '\r' && s[i + 2] == '\n') {
			i += 3;
			continue;
		}
		int hi = dec_hex(s[i + 1]), lo = dec_hex(s[i + 2]);
		if (hi < 0 || lo < 0)
			return -1;
		strbuf_addch(out, (char)(hi * 16 + lo));
		i += 3;
	}
	return 0;
}

/* What decoding must give back: the input with every bare LF as CRLF. */
static void to_crlf(const char *s, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'))
			strbuf_addch(out, '\r');
		strbuf_addch(out, s[i]);
	}
}

/* Properties of any encoder output; fails the test with the offset. */
static void check_wire_form(const char *e, size_t n)
{
	size_t col = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)e[i];
		if (c == '\r') {
			assert_true(i + 1 < n && e[i + 1] == '\n');
			/* no trailing space or tab before a line end */
			assert_true(col == 0 || (e[i - 1] != ' ' && e[i - 1] != '\t'));
			col = 0;
			i++;
			continue;
		}
		assert_true(c != '\n');
		assert_true((c >= 33 && c <= 126) || c == ' ' || c == '\t');
		if (col == 0) {
			/* nothing a transport could touch at a line start */
			assert_true(c != '.');
			assert_false(n - i >= 5 && memcmp(e + i, "From ", 5) == 0);
		}
		if (c == '=') {
			assert_true(i + 2 < n);
			int soft = e[i + 1] == '\r' && e[i + 2] == '\n';
			assert_true(soft || (dec_hex(e[i + 1]) >= 0 && dec_hex(e[i + 2]) >= 0));
		}
		col++;
		assert_true(col <= 76);
	}
	/* the last line has no trailing white space either */
	if (n > 0)
		assert_true(e[n - 1] != ' ' && e[n - 1] != '\t');
}

static void round_trip(const char *in, size_t n)
{
	struct strbuf enc, dec, want;
	strbuf_init(&enc);
	strbuf_init(&dec);
	strbuf_init(&want);
	qp_encode(in, n, &enc);
	assert_int_equal(strlen(enc.buf), enc.len);
	check_wire_form(enc.buf, enc.len);
	assert_int_equal(qp_decode(enc.buf, enc.len, &dec), 0);
	to_crlf(in, n, &want);
	assert_int_equal(dec.len, want.len);
	assert_memory_equal(dec.buf, want.buf, want.len);
	strbuf_release(&enc);
	strbuf_release(&dec);
	strbuf_release(&want);
}

static char *repeat(char c, size_t n)
{
	char *s = xmalloc(n + 1);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

struct qp_case {
	const char *in;
	size_t len; /* 0: strlen(in) */
	const char *want;
};

static const struct qp_case cases[] = {
    {"", 0, ""},
    {"hello\n", 0, "hello\r\n"},
    {"hello\r\n", 0, "hello\r\n"},
    {"no final newline", 0, "no final newline"},
    {"a=b", 0, "a=3Db"},
    {"==", 0, "=3D=3D"},
    {"trail \n", 0, "trail=20\r\n"},
    {"trail \r\n", 0, "trail=20\r\n"},
    {"tab\t\n", 0, "tab=09\r\n"},
    {"two  \nspaces", 0, "two =20\r\nspaces"},
    {"end ", 0, "end=20"},
    {"inner  spaces stay\n", 0, "inner  spaces stay\r\n"},
    {"  lead\n", 0, "  lead\r\n"},
    {".\n", 0, "=2E\r\n"},
    {"..\n.x\n", 0, "=2E.\r\n=2Ex\r\n"},
    {"a.b\n", 0, "a.b\r\n"},
    {"From here\n", 0, "=46rom here\r\n"},
    {"From\n", 0, "From\r\n"},
    {"Fromage\n", 0, "Fromage\r\n"},
    {"x\nFrom y", 0, "x\r\n=46rom y"},
    {"caf\xc3\xa9\n", 0, "caf=C3=A9\r\n"},
    {"\xe2\x80\x9cquoted\xe2\x80\x9d", 0, "=E2=80=9Cquoted=E2=80=9D"},
    {"lone\rCR", 0, "lone=0DCR"},
    {"\r\r\n", 0, "=0D\r\n"},
    {"cr at end\r", 0, "cr at end=0D"},
    {"a\0b", 3, "a=00b"},
    {"\x7f~!", 0, "=7F~!"},
    {"\n\n", 0, "\r\n\r\n"},
    {" \n", 0, "=20\r\n"},
    {"\t", 0, "=09"},
    {"a\tb", 0, "a\tb"},
    {"a=\n", 0, "a=3D\r\n"},
    {"a=", 0, "a=3D"},
    {"\x1f \x7e\x7f", 0, "=1F ~=7F"},
    {"\x20\x21\x3c\x3e\x7e", 0, " !<>~"},
    {"Fx\n", 0, "Fx\r\n"},
    {"F", 0, "F"},
    {"From", 0, "From"},
    {"x\r\n.y", 0, "x\r\n=2Ey"},
    {"\nx", 0, "\r\nx"},
    {"\r\n", 0, "\r\n"},
    {"\r", 0, "=0D"},
    {"\0", 1, "=00"},
    {"\0abc\0", 5, "=00abc=00"},
    {"\xff", 0, "=FF"},
    {"\xc3\xa9", 0, "=C3=A9"},
    {"a \r\n \r\n", 0, "a=20\r\n=20\r\n"},
    {"a \rb", 0, "a =0Db"},
    {"a\r\rb", 0, "a=0D=0Db"},
};

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct qp_case *c = &cases[i];
		size_t n = c->len ? c->len : strlen(c->in);
		struct strbuf out;
		strbuf_init(&out);
		qp_encode(c->in, n, &out);
		if (strcmp(out.buf, c->want) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, out.buf, c->want);
		strbuf_release(&out);
		round_trip(c->in, n);
	}
}

static void expect(const char *in, const char *want)
{
	struct strbuf out;
	strbuf_init(&out);
	qp_encode(in, strlen(in), &out);
	assert_string_equal(out.buf, want);
	strbuf_release(&out);
	round_trip(in, strlen(in));
}

/* Around the line limit: input is na "a"s then tail, the encoding wa "a"s
 * then want.  76 characters fit a line; the 77th forces a soft break after
 * 75, leaving room for the "=". */
static const struct {
	size_t na;
	const char *tail;
	size_t wa;
	const char *want;
} edges[] = {
    {76, "\n", 76, "\r\n"},
    {76, "", 76, ""},
    {77, "", 75, "=\r\naa"},
    {77, "\n", 75, "=\r\naa\r\n"},
    /* a trailing space that no longer fits moves to its own line, encoded */
    {75, " \n", 75, "=\r\n=20\r\n"},
    {75, " ", 75, "=\r\n=20"},
    /* "=XX" triplets are never split across a soft break */
    {74, "\xc3\xa9", 74, "=\r\n=C3=A9"},
    {72, "\xc3\xa9", 72, "=C3=\r\n=A9"},
    {73, "\xc3\xa9", 73, "=\r\n=C3=A9"},
    {74, "=", 74, "=\r\n=3D"},
    {73, "=", 73, "=3D"},
    /* after a soft break "." and "From " are at a line start again */
    {75, ".b", 75, "=\r\n=2Eb"},
    {75, "From x", 75, "=\r\n=46rom x"},
    /* a space before a soft break is not trailing white space */
    {74, " x", 74, " x"},
    {74, " xy", 74, " =\r\nxy"},
    /* the last character of a line may take column 76, a space cannot */
    {73, " ", 73, "=20"},
    {74, " ", 74, "=\r\n=20"},
    {74, "\t\n", 74, "=\r\n=09\r\n"},
    {75, " x", 75, "=\r\n x"},
    {75, "\t", 75, "=\r\n=09"},
    {75, "\tx", 75, "=\r\n\tx"},
    {75, "=", 75, "=\r\n=3D"},
    /* the lines that follow a line end or a soft break */
    {76, "\nb", 76, "\r\nb"},
    {76, "\r\n.", 76, "\r\n=2E"},
    {150, "", 75,
     "=\r\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
    {151, "", 75,
     "=\r\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
    {152, "", 75,
     "=\r\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=\r\naa"},
    /* a run that ends at a 16-byte block boundary, one before, one after */
    {15, " \n", 15, "=20\r\n"},
    {16, " \r\n", 16, "=20\r\n"},
    {17, " ", 17, "=20"},
    {31, "=x", 31, "=3Dx"},
    {32, "\xc3\xa9", 32, "=C3=A9"},
    {33, "\x7f", 33, "=7F"},
    {15, "\n", 15, "\r\n"},
    {16, "\r\n", 16, "\r\n"},
    {16, "\r", 16, "=0D"},
    {47, "\x01x", 47, "=01x"},
    {48, " \t ", 48, " \t=20"},
};

/* Runs that start after an encoded byte (column 3): 72 plain characters
 * fill the line up to the room kept for a soft break. */
static const struct {
	const char *head;
	size_t na;
	const char *tail;
	const char *whead;
	size_t wa;
	const char *want;
} runs[] = {
    {"=", 72, "", "=3D", 72, ""},
    {"=", 73, "", "=3D", 73, ""},
    {"=", 73, "\n", "=3D", 73, "\r\n"},
    {"=", 74, "", "=3D", 72, "=\r\naa"},
    {"=", 72, " ", "=3D", 72, "=\r\n=20"},
    {"=", 70, " ", "=3D", 70, "=20"},
    {"\xc3\xa9", 69, "", "=C3=A9", 69, ""},
    {"\xc3\xa9", 70, "", "=C3=A9", 70, ""},
    {"\xc3\xa9", 71, "", "=C3=A9", 69, "=\r\naa"},
    {"\xc3\xa9", 69, "\xc3\xa9", "=C3=A9", 69, "=\r\n=C3=A9"},
    {"\t", 75, "", "\t", 75, ""},
    {"\t", 76, "", "\t", 74, "=\r\naa"},
    {".", 10, "\n.", "=2E", 10, "\r\n=2E"},
    {"From ", 70, "", "=46rom ", 68, "=\r\naa"},
};

static void test_line_lengths(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
		char *a = repeat('a', edges[i].na), *w = repeat('a', edges[i].wa);
		char *in = xasprintf("%s%s", a, edges[i].tail);
		char *want = xasprintf("%s%s", w, edges[i].want);
		expect(in, want);
		free(a), free(w), free(in), free(want);
	}
}

static void test_runs(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		char *a = repeat('a', runs[i].na), *w = repeat('a', runs[i].wa);
		char *in = xasprintf("%s%s%s", runs[i].head, a, runs[i].tail);
		char *want = xasprintf("%s%s%s", runs[i].whead, w, runs[i].want);
		expect(in, want);
		free(a), free(w), free(in), free(want);
	}
}

/* Long lines of multi-byte UTF-8 at every alignment against the soft break. */
static void test_utf8_long_lines(void **state)
{
	(void)state;
	static const char *pieces[] = {
	    "\xc3\xa9", "\xe2\x80\x9c", "\xf0\x9f\x93\xb0", "\xe4\xb8\xad", "=", " ", ".", "From "};
	for (size_t shift = 0; shift < 8; shift++) {
		struct strbuf in;
		strbuf_init(&in);
		for (size_t i = 0; i < shift; i++)
			strbuf_addch(&in, 'x');
		for (size_t i = 0; i < 400; i++)
			strbuf_adds(&in, pieces[(i * 7 + shift) % 8]);
		strbuf_adds(&in, " \t\n");
		round_trip(in.buf, in.len);
		strbuf_release(&in);
	}
}

static void test_crlf_and_lf(void **state)
{
	(void)state;
	const char *lf = "one\ntwo \nthree\t\n\n.\nFrom me\nlast";
	const char *crlf = "one\r\ntwo \r\nthree\t\r\n\r\n.\r\nFrom me\r\nlast";
	struct strbuf a, b;
	strbuf_init(&a);
	strbuf_init(&b);
	qp_encode(lf, strlen(lf), &a);
	qp_encode(crlf, strlen(crlf), &b);
	assert_string_equal(a.buf, b.buf);
	assert_string_equal(a.buf, "one\r\ntwo=20\r\nthree=09\r\n\r\n=2E\r\n=46rom me\r\nlast");
	round_trip(lf, strlen(lf));
	round_trip(crlf, strlen(crlf));
	strbuf_release(&a);
	strbuf_release(&b);
}

/* Appending keeps what the buffer held. */
static void test_appends(void **state)
{
	(void)state;
	struct strbuf out;
	strbuf_init(&out);
	strbuf_adds(&out, "head:");
	qp_encode("a=b", 3, &out);
	assert_string_equal(out.buf, "head:a=3Db");
	strbuf_release(&out);
}

static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

/* Random inputs built from the characters that matter. */
static void test_random(void **state)
{
	(void)state;
	static const char alphabet[] = " \t\r\n=.F\xc3\xa9\x80\x00xyzFrom ";
	for (int round = 0; round < 2000; round++) {
		size_t n = rng() % 300;
		char *s = xmalloc(n + 1);
		for (size_t i = 0; i < n; i++)
			s[i] = alphabet[rng() % (sizeof alphabet - 1)];
		round_trip(s, n);
		free(s);
	}
	/* and every byte value */
	char all[256];
	for (int i = 0; i < 256; i++)
		all[i] = (char)i;
	round_trip(all, sizeof all);
}

static void test_megabyte_line(void **state)
{
	(void)state;
	size_t n = 1 << 20;
	char *s = xmalloc(n);
	for (size_t i = 0; i < n; i++)
		s[i] = (i % 13 == 0) ? '=' : (i % 29 == 0) ? '\xe2' : (char)('a' + i % 26);
	round_trip(s, n);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),       cmocka_unit_test(test_line_lengths),
	    cmocka_unit_test(test_runs),        cmocka_unit_test(test_utf8_long_lines),
	    cmocka_unit_test(test_crlf_and_lf), cmocka_unit_test(test_appends),
	    cmocka_unit_test(test_random),      cmocka_unit_test(test_megabyte_line),
	};
	return cmocka_run_group_tests_name("qp", tests, NULL, NULL);
}
