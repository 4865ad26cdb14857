/* wrap: breaking the text part at a column without touching words, URLs or
 * the bytes between them. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"
#include "util.h"
#include "wrap.h"

struct wrap_case {
	const char *in;
	size_t width;
	const char *out;
};

static const struct wrap_case cases[] = {
    /* A line that fits is copied as it is, trailing blanks and all. */
    {"short line  \n", 20, "short line  \n"},
    {"exactly twenty chars", 20, "exactly twenty chars"},
    {"one two three four five", 10, "one two\nthree four\nfive"},
    /* The run of spaces at a break goes; other runs stay. */
    {"aaaa  bbbb   cccc", 10, "aaaa  bbbb\ncccc"},
    /* A word longer than the line stands alone, unbroken. */
    {"see https://example.org/a/very/long/path?x=1 now", 20,
     "see\nhttps://example.org/a/very/long/path?x=1\nnow"},
    {"https://example.org/a/very/long/path", 10, "https://example.org/a/very/long/path"},
    /* Width counts characters: 10 curly quotes are 10 columns, 30 bytes. */
    {"\xe2\x80\x9c\xe2\x80\x9c\xe2\x80\x9c\xe2\x80\x9c\xe2\x80\x9c \xe2\x80\x9d\xe2\x80\x9d"
     "\xe2\x80\x9d\xe2\x80\x9d",
     10,
     "\xe2\x80\x9c\xe2\x80\x9c\xe2\x80\x9c\xe2\x80\x9c\xe2\x80\x9c \xe2\x80\x9d\xe2\x80\x9d"
     "\xe2\x80\x9d\xe2\x80\x9d"},
    {"\xe2\x80\x9cIt\xe2\x80\x99s\xe2\x80\x9d said he", 8,
     "\xe2\x80\x9cIt\xe2\x80\x99s\xe2\x80\x9d\nsaid he"},
    /* A no-break space glues. */
    {"call +1\xc2\xa0"
     "555\xc2\xa0"
     "0100 now",
     12,
     "call\n+1\xc2\xa0"
     "555\xc2\xa0"
     "0100\nnow"},
    /* Hanging indents: list markers and leading blanks. */
    {"- first item text here", 12, "- first item\n  text here"},
    {"* starred item text", 12, "* starred\n  item text"},
    {"12. numbered item text", 13, "12. numbered\n    item text"},
    {"3) paren item text", 10, "3) paren\n   item\n   text"},
    {"\xe2\x80\xa2 bullet point text", 12, "\xe2\x80\xa2 bullet\n  point text"},
    {"  indented line of text", 12, "  indented\n  line of\n  text"},
    {"  - nested item of text", 14, "  - nested\n    item of\n    text"},
    /* Not markers: no space after, or a word. */
    {"-dash words here", 8, "-dash\nwords\nhere"},
    {"2023. was a year", 8, "2023.\nwas a\nyear"},
    /* CRLF lines break with CRLF; lines are never joined. */
    {"one two three\r\nfour\r\n", 8, "one two\r\nthree\r\nfour\r\n"},
    {"a\nb\n\nc d e f g h i j k\n", 5, "a\nb\n\nc d e\nf g h\ni j k\n"},
    /* Trailing blanks on a long line stay on its last piece. */
    {"aaa bbb ccc   ", 8, "aaa bbb\nccc   "},
    /* Blank and empty lines. */
    {"\n\n", 5, "\n\n"},
    {"            ", 5, "            "},
    /* Width 0 is off. */
    {"one two three four five", 0, "one two three four five"},
};

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct strbuf out;
		strbuf_init(&out);
		wrap_text(cases[i].in, strlen(cases[i].in), cases[i].width, &out);
		if (strcmp(out.buf, cases[i].out) != 0)
			fail_msg("case %zu: %s\n got: [%s]\nwant: [%s]", i, cases[i].in, out.buf,
			         cases[i].out);
		strbuf_release(&out);
	}
}

/* A real paragraph: no line over 72 characters (it has no longer word),
 * and putting one space back for each break gives the paragraph again. */
static void test_paragraph_round_trip(void **state)
{
	(void)state;
	const char *p =
	    "\xe2\x80\x9cIt\xe2\x80\x99s incomprehensible to me that Americans are still free to "
	    "invest in companies that have so brazenly facilitated mass internment and genocide "
	    "in East Turkistan,\xe2\x80\x9d said UHRP Executive Director, Omer Kanat. "
	    "\xe2\x80\x9cNo "
	    "American should be allowed to directly support Chinese companies that have quite "
	    "literally implemented Chinese government policies to identify, track, monitor, and "
	    "control an entire population based on their ethnicity,\xe2\x80\x9d he continued. See "
	    "https://example.org/reports/2023/08/a-rather-long-url-that-must-stay-whole-"
	    "0123456789012345678901234567890123456789 for more.";
	struct strbuf out;
	strbuf_init(&out);
	wrap_text(p, strlen(p), 72, &out);
	size_t lines = 0;
	for (char *line = out.buf; line; lines++) {
		char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		size_t w = utf8_width(line, n);
		if (w > 72 && memchr(line, ' ', n))
			fail_msg("line %zu is %zu wide and has a space: %.*s", lines, w, (int)n,
			         line);
		if (w > 72)
			assert_non_null(strstr(line, "https://"));
		line = nl ? nl + 1 : NULL;
	}
	assert_true(lines >= 8);
	for (char *c = out.buf; *c; c++)
		if (*c == '\n')
			*c = ' ';
	assert_string_equal(out.buf, p);
	strbuf_release(&out);
}

/* The break goes where the next word would pass the column, not earlier. */
static void test_greedy(void **state)
{
	(void)state;
	struct strbuf out;
	strbuf_init(&out);
	const char *in = "aaaa bbbb cccc dddd eeee";
	for (size_t width = 4; width <= 24; width++) {
		strbuf_reset(&out);
		wrap_text(in, strlen(in), width, &out);
		char *first_nl = strchr(out.buf, '\n');
		size_t first = first_nl ? (size_t)(first_nl - out.buf) : out.len;
		/* The first line holds as many whole words as fit. */
		size_t want = width >= 24 ? 24 : (width + 1) / 5 * 5 - 1;
		if (want < 4)
			want = 4;
		if (first != want)
			fail_msg("width %zu: first line %zu long, want %zu: %s", width, first, want,
			         out.buf);
	}
	strbuf_release(&out);
}

/* The rules above, measured word by word: the way wrap_text worked before
 * it learnt to count characters eight bytes at a time.  Random lines must
 * come out of both the same. */
static void ref_line(const char *s, size_t n, size_t width, struct strbuf *out)
{
	size_t lead = 0;
	while (lead < n && (s[lead] == ' ' || s[lead] == '\t'))
		lead++;
	size_t marker = 0;
	static const char *const bullets[] = {"- ", "* ", "+ ", "\xE2\x80\xA2 "};
	for (size_t i = 0; i < 4 && !marker; i++)
		if (n - lead >= strlen(bullets[i]) && memcmp(s + lead, bullets[i], strlen(bullets[i])) == 0)
			marker = strlen(bullets[i]);
	size_t d = 0;
	while (!marker && lead + d < n && d < 3 && s[lead + d] >= '0' && s[lead + d] <= '9')
		d++;
	if (!marker && d > 0 && lead + d + 1 < n && (s[lead + d] == '.' || s[lead + d] == ')') &&
	    s[lead + d + 1] == ' ')
		marker = d + 2;
	size_t prefix = lead + marker, hang = utf8_width(s, prefix), col = hang, seg = 0;
	int has_word = 0;
	for (size_t i = prefix; i < n;) {
		size_t sp = i;
		while (i < n && s[i] == ' ')
			i++;
		size_t w = i, ww = 0;
		for (; i < n && s[i] != ' '; i++)
			ww += ((unsigned char)s[i] & 0xC0) != 0x80;
		if (w == i)
			break;
		if (!has_word || col + (w - sp) + ww <= width) {
			col += (w - sp) + ww;
		} else {
			strbuf_add(out, s + seg, sp - seg);
			strbuf_addch(out, '\n');
			strbuf_add(out, s, lead);
			for (size_t k = utf8_width(s, lead); k < hang; k++)
				strbuf_addch(out, ' ');
			seg = w;
			col = hang + ww;
		}
		has_word = 1;
	}
	strbuf_add(out, s + seg, n - seg);
}

static void test_against_reference(void **state)
{
	(void)state;
	static const char *const atoms[] = {"a", "bc", "defgh", " ", " ", "  ", "\t",
	                                    "\xC3\xA9", "\xE2\x80\x94", "\xF0\x9F\x98\x80",
	                                    "\xC2\xA0", "https://example.org/a/very/long/path"};
	static const char *const starts[] = {"", "  ", "- ", "  * ", "12. ", "3) ", "\t",
	                                     "\xE2\x80\xA2 ", "   "};
	struct strbuf in, got, want;
	strbuf_init(&in);
	strbuf_init(&got);
	strbuf_init(&want);
	unsigned seed = 12345;
	for (int round = 0; round < 20000; round++) {
		strbuf_reset(&in);
		seed = seed * 1103515245u + 12345u;
		strbuf_adds(&in, starts[(seed >> 16) % 9]);
		size_t natoms = (seed >> 8) % 90;
		for (size_t k = 0; k < natoms; k++) {
			seed = seed * 1103515245u + 12345u;
			strbuf_adds(&in, atoms[(seed >> 16) % 12]);
		}
		size_t width = 1 + (seed >> 4) % 90;
		strbuf_reset(&got);
		strbuf_reset(&want);
		wrap_text(in.buf, in.len, width, &got);
		ref_line(in.buf, in.len, width, &want);
		if (got.len != want.len || memcmp(got.buf, want.buf, got.len) != 0)
			fail_msg("round %d, width %zu:\n[%s]\ngot\n[%s]\nwant\n[%s]", round, width,
			         in.buf, got.buf, want.buf);
	}
	strbuf_release(&in);
	strbuf_release(&got);
	strbuf_release(&want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_paragraph_round_trip),
	    cmocka_unit_test(test_greedy),
	    cmocka_unit_test(test_against_reference),
	};
	return cmocka_run_group_tests_name("wrap", tests, NULL, NULL);
}
