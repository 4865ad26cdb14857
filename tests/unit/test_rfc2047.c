#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rfc2047.h"
#include "testlib.h"
#include "utf8.h"
#include "util.h"

#define PY "/usr/bin/python3"

struct enc_case {
	enum rfc2047_context ctx;
	const char *in;
	const char *want;
};

/* Expected words were computed with Python's base64 and the Q rules of
 * RFC 2047 5(1) and 5(3), not with this encoder. */
static const struct enc_case cases[] = {
    {RFC2047_PHRASE, "", ""},
    {RFC2047_PHRASE, "Louisa Greve", "Louisa Greve"},
    {RFC2047_PHRASE, "Under_score O'Brien", "Under_score O'Brien"},
    {RFC2047_PHRASE, "Greve, Louisa", "=?UTF-8?Q?Greve=2C?= Louisa"},
    {RFC2047_PHRASE, "Peter J. Irwin", "Peter =?UTF-8?Q?J=2E?= Irwin"},
    {RFC2047_PHRASE, "O'Brien (PR)", "O'Brien =?UTF-8?Q?=28PR=29?="},
    {RFC2047_PHRASE,
     "Jos\xc3\xa9 Garc\xc3\xad"
     "a",
     "=?UTF-8?B?Sm9zw6kgR2FyY8OtYQ==?="},
    {RFC2047_PHRASE, "Zo\xc3\xab Bront\xc3\xab", "=?UTF-8?B?Wm/DqyBCcm9udMOr?="},
    {RFC2047_PHRASE,
     "Dr. M\xc3\xbcller-L\xc3\xbc"
     "denscheidt",
     "=?UTF-8?Q?Dr=2E_M=C3=BCller-L=C3=BCdenscheidt?="},
    {RFC2047_PHRASE,
     "Press Office \xc3\x9cn\xc3\xaf"
     "c\xc3\xb6"
     "d\xc3\xa9",
     "Press Office =?UTF-8?B?w5xuw69jw7Zkw6k=?="},
    {RFC2047_PHRASE, "a=?b", "=?UTF-8?Q?a=3D=3Fb?="},
    {RFC2047_TEXT, "Hello world", "Hello world"},
    {RFC2047_TEXT, "Price: $5 (net) <b> \"q\" x_y", "Price: $5 (net) <b> \"q\" x_y"},
    {RFC2047_TEXT, "Caf\xc3\xa9 opens", "=?UTF-8?B?Q2Fmw6k=?= opens"},
    {RFC2047_TEXT, "  two  spaces ", "=?UTF-8?Q?__two__spaces_?="},
    {RFC2047_TEXT, "a=?b", "=?UTF-8?Q?a=3D=3Fb?="},
    {RFC2047_TEXT, "tab\there", "=?UTF-8?Q?tab=09here?="},
    {RFC2047_TEXT, "\xe4\xb8\xad\xe5\x9b\xbd", "=?UTF-8?B?5Lit5Zu9?="},
    {RFC2047_TEXT,
     "UHRP Urges Biden Administration to Impose \xe2\x80\x9cInvestment Bans\xe2\x80\x9d",
     "UHRP Urges Biden Administration to Impose =?UTF-8?B?4oCcSW52ZXN0bWVudCBCYW5z4oCd?="},
};

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = rfc2047_encode(cases[i].in, cases[i].ctx);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, got, cases[i].want);
		free(got);
	}
}

static void test_is_plain(void **state)
{
	(void)state;
	assert_true(rfc2047_is_plain("", RFC2047_PHRASE));
	assert_true(rfc2047_is_plain("Louisa Greve", RFC2047_PHRASE));
	assert_false(rfc2047_is_plain("Greve, Louisa", RFC2047_PHRASE));
	assert_true(rfc2047_is_plain("Greve, Louisa", RFC2047_TEXT));
	assert_false(rfc2047_is_plain("Caf\xc3\xa9", RFC2047_TEXT));
	assert_false(rfc2047_is_plain(" lead", RFC2047_TEXT));
	assert_false(rfc2047_is_plain("trail ", RFC2047_TEXT));
	assert_false(rfc2047_is_plain("dou  ble", RFC2047_TEXT));
	assert_false(rfc2047_is_plain("=?utf-8?q?x?=", RFC2047_TEXT));
	assert_false(rfc2047_is_plain("a\tb", RFC2047_PHRASE));
}

/* ---- an independent decoder ---- */

static int b64_val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	return (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
}

static void decode_b(const char *t, size_t n, struct strbuf *out)
{
	assert_int_equal(n % 4, 0);
	for (size_t i = 0; i < n; i += 4) {
		int v[4];
		for (int k = 0; k < 4; k++)
			v[k] = t[i + k] == '=' ? 0 : b64_val(t[i + k]);
		for (int k = 0; k < 4; k++)
			assert_true(v[k] >= 0);
		unsigned x = (unsigned)(v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3]);
		strbuf_addch(out, (char)(x >> 16));
		if (t[i + 2] != '=')
			strbuf_addch(out, (char)(x >> 8));
		if (t[i + 3] != '=')
			strbuf_addch(out, (char)x);
	}
}

static void decode_q(const char *t, size_t n, enum rfc2047_context ctx, struct strbuf *out)
{
	for (size_t i = 0; i < n; i++) {
		char c = t[i];
		if (c == '_') {
			strbuf_addch(out, ' ');
		} else if (c == '=') {
			assert_true(i + 2 < n);
			int hi = hexval(t[i + 1]), lo = hexval(t[i + 2]);
			assert_true(hi >= 0 && lo >= 0);
			strbuf_addch(out, (char)(hi * 16 + lo));
			i += 2;
		} else if (ctx == RFC2047_PHRASE) {
			/* RFC 2047 5(3): only these may stand for themselves */
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9') || strchr("!*+-/", c)))
				fail_msg("character '%c' not allowed in a phrase Q word", c);
			strbuf_addch(out, c);
		} else {
			assert_true(c > 0x20 && c < 0x7f && c != '?');
			strbuf_addch(out, c);
		}
	}
}

/* Decode one encoded-word into out; false when tok is not one. */
static bool decode_word(const char *tok, size_t n, enum rfc2047_context ctx, struct strbuf *out)
{
	if (n < 12 || memcmp(tok, "=?UTF-8?", 8) != 0 || tok[9] != '?' ||
	    memcmp(tok + n - 2, "?=", 2) != 0)
		return false;
	assert_true(n <= RFC2047_WORD_MAX);
	size_t before = out->len;
	if (tok[8] == 'B')
		decode_b(tok + 10, n - 12, out);
	else if (tok[8] == 'Q')
		decode_q(tok + 10, n - 12, ctx, out);
	else
		fail_msg("unknown encoding %c", tok[8]);
	/* each word holds whole UTF-8 characters */
	assert_true(utf8_valid(out->buf + before, out->len - before, NULL));
	return true;
}

/* RFC 2047 6.2: the space between two adjacent encoded-words is dropped,
 * any other space is kept.  Also checks the shape of the output: visible
 * ASCII and single spaces only, atext in a phrase, no word over the limit. */
static char *decode(const char *enc, enum rfc2047_context ctx)
{
	struct strbuf out;
	strbuf_init(&out);
	bool prev_ew = false, first = true;
	const char *p = enc;
	assert_true(*enc != ' ');
	while (*p) {
		const char *e = strchr(p, ' ');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		assert_true(n > 0 && n <= RFC2047_WORD_MAX);
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)p[i];
			assert_true(c > 0x20 && c < 0x7f);
			if (ctx == RFC2047_PHRASE && !strchr("!#$%&'*+-/=?^_`{|}~", c) &&
			    !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9')))
				fail_msg("'%c' would make libetpan quote the name", c);
		}
		struct strbuf w;
		strbuf_init(&w);
		bool ew = decode_word(p, n, ctx, &w);
		if (!first && !(ew && prev_ew))
			strbuf_addch(&out, ' ');
		if (ew)
			strbuf_add(&out, w.buf, w.len);
		else
			strbuf_add(&out, p, n);
		strbuf_release(&w);
		prev_ew = ew;
		first = false;
		p += n;
		if (*p == ' ') {
			p++;
			assert_true(*p != ' ' && *p != '\0');
		}
	}
	return strbuf_detach(&out, NULL);
}

/* ---- round trips ---- */

static const char *const round_inputs[] = {
    "Louisa Greve",
    "Greve, Louisa",
    "Peter J. Irwin",
    "\"Quoted\" \\ back\\slash",
    "Jos\xc3\xa9 Garc\xc3\xad"
    "a",
    "  leading and trailing  ",
    "double  space",
    "tab\tinside",
    "=?UTF-8?Q?not_an_encoded_word?=",
    "\xe2\x80\x9c"
    "Curly quotes\xe2\x80\x9d and \xe2\x80\x98single\xe2\x80\x99 ones",
    "\xe5\x8c\x97\xe4\xba\xac\xe5\xb8\x82\xe4\xba\xba\xe6\xb0\x91\xe6\x94\xbf\xe5\xba\x9c\xe6\x96"
    "\xb0"
    "\xe9\x97\xbb\xe5\x8a\x9e\xe5\x85\xac\xe5\xae\xa4\xe5\x8f\x91\xe5\xb8\x83\xe4\xbc\x9a\xe9\x80"
    "\x9a"
    "\xe7\x9f\xa5\xe5\x85\xa8\xe6\x96\x87",
    "\xd0\x90\xd1\x81\xd1\x81\xd0\xbe\xd1\x86\xd0\xb8\xd0\xb0\xd1\x86\xd0\xb8\xd1\x8f "
    "\xd0\xbd\xd0\xb5\xd0\xb7\xd0\xb0\xd0\xb2\xd0\xb8\xd1\x81\xd0\xb8\xd0\xbc\xd1\x8b\xd1\x85 "
    "\xd0\xb6\xd1\x83\xd1\x80\xd0\xbd\xd0\xb0\xd0\xbb\xd0\xb8\xd1\x81\xd1\x82\xd0\xbe\xd0\xb2",
    "\xf0\x9f\x93\xb0\xf0\x9f\x93\xb0\xf0\x9f\x93\xb0 Breaking \xf0\x9f\x9a\xa8",
    "x",
    "\xc3\xa9",
};

/* A 300-character subject of mixed scripts, emoji and curly quotes. */
static char *long_subject(void)
{
	static const char *parts[] = {
	    "UHRP ",
	    "\xe2\x80\x9c",
	    "urges",
	    "\xe2\x80\x9d ",
	    "\xe7\xbb\xb4\xe5\x90\xbe\xe5\xb0\x94 ",
	    "\xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9 ",
	    "\xf0\x9f\x87\xba\xf0\x9f\x87\xb8",
	    "caf\xc3\xa9 ",
	    "na\xc3\xaf"
	    "ve ",
	    "\xce\xb5\xce\xbb\xce\xbb\xce\xb7\xce\xbd\xce\xb9\xce\xba\xce\xac ",
	    "\xe2\x80\x94 ",
	    "bans; ",
	    "\xe6\x97\xa5\xe6\x9c\xac ",
	    "=?",
	    "_x_ "};
	struct strbuf s;
	strbuf_init(&s);
	size_t i = 0;
	while (utf8_width(s.buf, s.len) < 300)
		strbuf_adds(&s, parts[i++ % (sizeof parts / sizeof parts[0])]);
	return strbuf_detach(&s, NULL);
}

/* Words at the limit: 60 ASCII characters stay plain, 61 are encoded. */
static char *word_of(size_t n, char c)
{
	char *s = xmalloc(n + 1);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static void check_round_trip(const char *in, enum rfc2047_context ctx)
{
	char *enc = rfc2047_encode(in, ctx);
	char *dec = decode(enc, ctx);
	if (strcmp(dec, in) != 0)
		fail_msg("\"%s\" -> \"%s\" -> \"%s\"", in, enc, dec);
	/* plain input comes back unchanged, anything else does not */
	if (rfc2047_is_plain(in, ctx))
		assert_string_equal(enc, in);
	else
		assert_string_not_equal(enc, in);
	free(enc);
	free(dec);
}

static void test_round_trips(void **state)
{
	(void)state;
	for (int ctx = RFC2047_TEXT; ctx <= RFC2047_PHRASE; ctx++) {
		for (size_t i = 0; i < sizeof round_inputs / sizeof round_inputs[0]; i++)
			check_round_trip(round_inputs[i], (enum rfc2047_context)ctx);
		char *s = long_subject();
		assert_true(utf8_width(s, strlen(s)) >= 300);
		check_round_trip(s, (enum rfc2047_context)ctx);
		free(s);
	}
}

static void test_word_limits(void **state)
{
	(void)state;
	char *w60 = word_of(60, 'a'), *w61 = word_of(61, 'a');
	char *enc = rfc2047_encode(w60, RFC2047_TEXT);
	assert_string_equal(enc, w60);
	free(enc);
	enc = rfc2047_encode(w61, RFC2047_TEXT);
	assert_string_not_equal(enc, w61);
	free(enc);
	check_round_trip(w61, RFC2047_TEXT);
	check_round_trip(w61, RFC2047_PHRASE);
	free(w60);
	free(w61);

	/* runs of every length and alignment: 1-4 byte characters, each word
	 * within the limit and holding whole characters */
	static const char *chars[] = {"a", "\xc3\xa9", "\xe4\xb8\xad", "\xf0\x9f\x93\xb0",
	                              " ", "."};
	for (size_t len = 1; len < 90; len++) {
		for (size_t k = 0; k < 6; k++) {
			struct strbuf s;
			strbuf_init(&s);
			strbuf_adds(&s, "\xc3\xa9");
			for (size_t i = 0; i < len; i++)
				strbuf_adds(&s, chars[(i * (k + 1) + k) % 6]);
			check_round_trip(s.buf, RFC2047_TEXT);
			check_round_trip(s.buf, RFC2047_PHRASE);
			strbuf_release(&s);
		}
	}
}

/* ---- Python's decoders as a second opinion ---- */

static void hexdump(FILE *fp, const char *s)
{
	for (; *s; s++)
		fprintf(fp, "%02x", (unsigned char)*s);
}

/* For each line "ctx hex(input) encoded" Python checks that the legacy
 * decoder (RFC 2047 6.2 spacing) gives the input back, that a Subject parses
 * back exactly with policy.default, and that a display name does too when
 * its encoded runs fit one word each (CPython gh-128110 otherwise) and it
 * has no leading, trailing or doubled space (policy.default collapses white
 * space inside encoded-words of a display name). */
static const char py_check[] =
    "import sys, email, email.policy\n"
    "from email.header import decode_header, make_header\n"
    "bad = n = 0\n"
    "for line in open(sys.argv[1], encoding='ascii'):\n"
    "    ctx, hx, enc = line.rstrip('\\n').split(' ', 2)\n"
    "    want = bytes.fromhex(hx).decode('utf-8')\n"
    "    got = [str(make_header(decode_header(enc)))]\n"
    "    if ctx == 'T':\n"
    "        m = email.message_from_string('Subject: ' + enc + '\\n\\n', "
    "policy=email.policy.default)\n"
    "        got.append(str(m['Subject']))\n"
    "        if m['Subject'].defects: got.append('defects')\n"
    "    elif '?= =?' not in enc and ' '.join(want.split(' ')) == ' '.join(want.split()):\n"
    "        m = email.message_from_string('From: ' + enc + ' <a@example.org>\\n\\n', "
    "policy=email.policy.default)\n"
    "        got.append(m['From'].addresses[0].display_name)\n"
    "        if m['From'].defects: got.append('defects')\n"
    "    n += 1\n"
    "    for g in got:\n"
    "        if g != want:\n"
    "            bad += 1\n"
    "            print('# mismatch', ctx, repr(want), repr(enc), repr(g))\n"
    "print('checked', n, 'bad', bad)\n";

/* One line per input and context for py_check; returns how many. */
static size_t write_py_cases(FILE *fp)
{
	size_t count = 0, nr = sizeof round_inputs / sizeof round_inputs[0];
	char *extra[] = {long_subject(), word_of(61, 'b')};
	for (int ctx = RFC2047_TEXT; ctx <= RFC2047_PHRASE; ctx++) {
		for (size_t i = 0; i < nr + 2; i++) {
			const char *in = i < nr ? round_inputs[i] : extra[i - nr];
			/* a tab is folding white space to Python's header parser */
			if (strchr(in, '\t'))
				continue;
			char *enc = rfc2047_encode(in, (enum rfc2047_context)ctx);
			fprintf(fp, "%c ", ctx == RFC2047_TEXT ? 'T' : 'P');
			hexdump(fp, in);
			fprintf(fp, " %s\n", enc);
			free(enc);
			count++;
		}
	}
	free(extra[0]);
	free(extra[1]);
	return count;
}

static void test_python_decodes(void **state)
{
	(void)state;
	if (access(PY, X_OK) != 0)
		skip();
	char *lines = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&lines, &len);
	size_t count = write_py_cases(fp);
	fclose(fp);
	char *path = tl_temp_file("rfc2047-cases", lines, len);
	char *script = tl_temp_file("rfc2047-check", py_check, sizeof py_check - 1);
	free(lines);

	char *cmd = xasprintf(PY " %s %s", script, path);
	FILE *py = popen(cmd, "r");
	assert_non_null(py);
	char line[4096], *want = xasprintf("checked %zu bad 0\n", count);
	bool seen = false;
	while (fgets(line, sizeof line, py)) {
		printf("# %s", line[0] == '#' ? line + 2 : line);
		seen = seen || strcmp(line, want) == 0;
	}
	int rc = pclose(py);
	unlink(path);
	unlink(script);
	free(path);
	free(script);
	free(cmd);
	free(want);
	assert_int_equal(rc, 0);
	assert_true(seen);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),          cmocka_unit_test(test_is_plain),
	    cmocka_unit_test(test_round_trips),    cmocka_unit_test(test_word_limits),
	    cmocka_unit_test(test_python_decodes),
	};
	return cmocka_run_group_tests_name("rfc2047", tests, NULL, NULL);
}
