/* utf8: validation with the offset of the first bad byte, and positions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"

struct valid_case {
	const char *in;
	size_t len;
	int ok;
	size_t bad;
};

#define C(s, ok, bad) {s, sizeof(s) - 1, ok, bad}

static const struct valid_case valid_cases[] = {
	C("", 1, 0),
	C("plain ASCII", 1, 0),
	C("caf\xc3\xa9", 1, 0),                /* é */
	C("\xe2\x80\x9cquoted\xe2\x80\x9d", 1, 0), /* curly quotes */
	C("\xf0\x9f\x93\xb0 news", 1, 0),      /* emoji, 4 bytes */
	C("\xef\xbb\xbf" "BOM", 1, 0),
	C("caf\xe9", 0, 3),                    /* Latin-1 é */
	C("ab\xc3", 0, 2),                     /* truncated sequence */
	C("a\xc0\xaf" "b", 0, 1),                 /* overlong '/' */
	C("a\xe0\x80\xaf" "b", 0, 1),             /* overlong, 3 bytes */
	C("x\xed\xa0\x80y", 0, 1),             /* UTF-16 surrogate */
	C("x\xf4\x90\x80\x80", 0, 1),          /* above U+10FFFF */
	C("x\xf5\x80\x80\x80", 0, 1),          /* invalid lead byte */
	C("ok\x80", 0, 2),                     /* lone continuation */
	C("a\0b", 0, 1),                       /* NUL */
	C("\xe2\x80", 0, 0),                   /* truncated at the end */
	C("\xe2\x28\xa1", 0, 0),               /* bad second byte */
	C("\xf0\x9f\x93\x28", 0, 0),           /* bad fourth byte */
};

static void test_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof valid_cases / sizeof valid_cases[0]; i++) {
		const struct valid_case *c = &valid_cases[i];
		size_t bad = 999;
		int ok = utf8_valid(c->in, c->len, &bad);
		if (ok != c->ok || (!ok && bad != c->bad))
			fail_msg("case %zu: got ok=%d bad=%zu, want ok=%d bad=%zu", i, ok, bad, c->ok,
			         c->bad);
	}
}

static void test_position(void **state)
{
	(void)state;
	const char *s = "ab\nc\xc3\xa9" "d\n\nx";
	int line, col;
	utf8_position(s, 0, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
	utf8_position(s, 3, &line, &col); /* 'c' */
	assert_int_equal(line, 2);
	assert_int_equal(col, 1);
	utf8_position(s, 6, &line, &col); /* 'd' after the two-byte é */
	assert_int_equal(line, 2);
	assert_int_equal(col, 3);
	utf8_position(s, 9, &line, &col); /* 'x' */
	assert_int_equal(line, 4);
	assert_int_equal(col, 1);
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(utf8_width("caf\xc3\xa9", 5), 4);
	assert_int_equal(utf8_width("\xf0\x9f\x93\xb0", 4), 1);
	assert_int_equal(utf8_seqlen(0xc3), 2);
	assert_int_equal(utf8_seqlen(0xe2), 3);
	assert_int_equal(utf8_seqlen(0xf0), 4);
	assert_int_equal(utf8_seqlen(0x80), 1);
}

/* The eight-at-a-time count agrees with a byte-by-byte one on any bytes,
 * any length and any alignment. */
static void test_width_property(void **state)
{
	(void)state;
	static const unsigned char alphabet[] = {'a', ' ', 0xC3, 0xA9, 0xE2, 0x80, 0x9C, 0xF0, 0x9F,
	                                         0x93, 0xB0, 0x80, 0xBF, 0xC0, 0xFF, '\n'};
	char buf[200];
	unsigned seed = 12345;
	for (int round = 0; round < 20000; round++) {
		size_t n = (seed = seed * 1103515245 + 12345) % 150, off = (seed >> 8) % 8;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245 + 12345;
			buf[off + i] = (char)alphabet[(seed >> 16) % sizeof alphabet];
		}
		size_t naive = 0;
		for (size_t i = 0; i < n; i++)
			naive += ((unsigned char)buf[off + i] & 0xC0) != 0x80;
		if (utf8_width(buf + off, n) != naive)
			fail_msg("round %d: width %zu, byte by byte %zu", round, utf8_width(buf + off, n),
			         naive);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_position),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_width_property),
	};
	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
