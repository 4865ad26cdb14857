#include "config.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"
#include "wrap.h"

/* Width in bytes of a list marker at s ("- ", "• ", "12. "), or 0. */
static size_t wrap_marker(const char *s, size_t n)
{
	if (n >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ')
		return 2;
	if (n >= 4 && memcmp(s, "\xE2\x80\xA2 ", 4) == 0) /* U+2022 BULLET */
		return 4;
	size_t d = 0;
	while (d < n && d < 3 && s[d] >= '0' && s[d] <= '9')
		d++;
	if (d > 0 && d + 1 < n && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ')
		return d + 2;
	return 0;
}

struct wrap_line {
	const char *s;
	size_t n;
	const char *eol; /* what a break inserts: the line's own end */
	size_t eol_len;
	size_t width;
};

/* Where the (budget + 1)-th character from s[pos] starts, or n when the
 * rest has no more than budget characters.  Eight bytes at a time while
 * they surely fit: this is most of the work of wrapping a paragraph. */
static size_t wrap_limit(const char *s, size_t n, size_t pos, size_t budget)
{
	size_t i = pos, chars = 0;
	while (i + 8 <= n && chars + 8 <= budget) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		/* continuation bytes (10xxxxxx) do not count */
		uint64_t cont = (x & ~(x << 1) & 0x8080808080808080ULL) >> 7;
		chars += 8 - (size_t)((cont * 0x0101010101010101ULL) >> 56);
		i += 8;
	}
	for (; i < n; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		if (chars == budget)
			return i;
		chars++;
	}
	return n;
}

/* The end of the word starting at s[w] (the next space, or n). */
static size_t wrap_word_end(const char *s, size_t n, size_t w)
{
	const char *sp = memchr(s + w, ' ', n - w);
	return sp ? (size_t)(sp - s) : n;
}

/* Break one line (without its end) into out, greedily: each output line
 * takes every word that fits, found by counting characters up to the
 * column and stepping back to the last word end before it, instead of
 * measuring word by word.  The text between breaks is copied in one piece:
 * a message is wrapped once per journalist. */
static void wrap_one(const struct wrap_line *l, struct strbuf *out)
{
	const char *s = l->s;
	size_t n = l->n, lead = 0;
	while (lead < n && (s[lead] == ' ' || s[lead] == '\t'))
		lead++;
	size_t prefix = lead + wrap_marker(s + lead, n - lead);
	size_t hang = utf8_width(s, prefix), lead_width = utf8_width(s, lead);
	/* the first word goes on the first line whatever its width */
	size_t w = prefix, seg = 0;
	while (w < n && s[w] == ' ')
		w++;
	size_t pos = wrap_word_end(s, n, w);
	size_t col = hang + utf8_width(s + prefix, pos - prefix);
	while (pos < n) {
		/* pos ends a word placed at column col: place what fits after it */
		size_t lim = wrap_limit(s, n, pos, col < l->width ? l->width - col : 0);
		if (lim == n)
			break; /* the rest of the line fits */
		size_t bp = lim;
		while (bp > pos && !(s[bp] == ' ' && s[bp - 1] != ' '))
			bp--;
		for (w = bp; w < n && s[w] == ' ';)
			w++;
		if (w == n)
			break; /* only spaces after the break point: they stay */
		strbuf_add(out, s + seg, bp - seg);
		strbuf_add(out, l->eol, l->eol_len);
		strbuf_add(out, s, lead);
		for (size_t k = lead_width; k < hang; k++)
			strbuf_addch(out, ' ');
		/* the word after a break starts its line whatever its width */
		seg = w;
		pos = wrap_word_end(s, n, w);
		col = hang + utf8_width(s + w, pos - w);
	}
	strbuf_add(out, s + seg, n - seg);
}

void wrap_text(const char *text, size_t len, size_t width, struct strbuf *out)
{
	if (width == 0) {
		strbuf_add(out, text, len);
		return;
	}
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - text) : len;
		struct wrap_line l = {text + at, end - at, "\n", 1, width};
		if (l.n > 0 && l.s[l.n - 1] == '\r') {
			l.n--;
			l.eol = "\r\n";
			l.eol_len = 2;
		}
		wrap_one(&l, out); /* a line that fits comes out in one piece */
		if (nl)
			strbuf_add(out, l.eol, l.eol_len);
		at = nl ? end + 1 : len;
	}
}
