#include "config.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

size_t utf8_seqlen(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 1;
}

/* RFC 3629 table 4: the allowed ranges of the second byte. */
static bool second_ok(unsigned char c0, unsigned char c1)
{
	if (c0 == 0xE0)
		return c1 >= 0xA0 && c1 <= 0xBF;
	if (c0 == 0xED)
		return c1 >= 0x80 && c1 <= 0x9F;
	if (c0 == 0xF0)
		return c1 >= 0x90 && c1 <= 0xBF;
	if (c0 == 0xF4)
		return c1 >= 0x80 && c1 <= 0x8F;
	return c1 >= 0x80 && c1 <= 0xBF;
}

bool utf8_valid(const char *buf, size_t len, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t i = 0;
	while (i < len) {
		unsigned char c = p[i];
		if (c == 0)
			goto fail;
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n = utf8_seqlen(c);
		if (n == 1 || i + n > len || !second_ok(c, p[i + 1]))
			goto fail;
		for (size_t k = 2; k < n; k++)
			if ((p[i + k] & 0xC0) != 0x80)
				goto fail;
		i += n;
	}
	return true;
fail:
	/* The offset is where the invalid sequence starts. */
	if (bad)
		*bad = i;
	return false;
}

void utf8_position(const char *buf, size_t off, int *line, int *col)
{
	int l = 1, c = 1;
	for (size_t i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)buf[i];
		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* Characters are the bytes that are not continuation bytes (10xxxxxx),
 * counted eight at a time: a continuation byte has bit 7 set and bit 6
 * clear (x << 1 brings each byte's bit 6 under its bit 7); the multiply adds
 * the eight 0-or-1 bytes into the top byte. */
size_t utf8_width(const char *s, size_t n)
{
	size_t w = n, i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		uint64_t cont = (x & ~(x << 1) & 0x8080808080808080ULL) >> 7;
		w -= (size_t)((cont * 0x0101010101010101ULL) >> 56);
	}
	for (; i < n; i++)
		w -= ((unsigned char)s[i] & 0xC0) == 0x80;
	return w;
}

int utf8_check(const char *buf, size_t len, const char *file, int line_offset, int status,
               const char *hint, struct diags *d)
{
	size_t bad;
	if (utf8_valid(buf, len, &bad))
		return 0;
	int line, col;
	utf8_position(buf, bad, &line, &col);
	return diag_error(d, status, file, line + line_offset, col, hint,
	                  buf[bad] ? "not UTF-8: byte 0x%02X at offset %zu"
	                           : "NUL byte (0x%02X) at offset %zu",
	                  (unsigned char)buf[bad], bad);
}
