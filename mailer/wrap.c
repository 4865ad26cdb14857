#include "config.h"

#include <string.h>

#include "utf8.h"
#include "wrap.h"

/* Width in bytes of a list marker at s ("- ", "• ", "12. "), or 0. */
static size_t wrap_marker(const char *s, size_t n)
{
	static const char *const bullets[] = {"- ", "* ", "+ ", "\xE2\x80\xA2 "};
	for (size_t i = 0; i < sizeof bullets / sizeof bullets[0]; i++) {
		size_t k = strlen(bullets[i]);
		if (n >= k && memcmp(s, bullets[i], k) == 0)
			return k;
	}
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
	size_t width;
};

/* Break one line (without its end) into out.  The text between breaks is
 * copied in one piece: a message is wrapped once per journalist. */
static void wrap_one(const struct wrap_line *l, struct strbuf *out)
{
	const char *s = l->s;
	size_t n = l->n, lead = 0;
	while (lead < n && (s[lead] == ' ' || s[lead] == '\t'))
		lead++;
	size_t prefix = lead + wrap_marker(s + lead, n - lead);
	size_t hang = utf8_width(s, prefix);
	size_t lead_width = utf8_width(s, lead);
	size_t col = hang, seg = 0;
	bool has_word = false;
	for (size_t i = prefix; i < n;) {
		size_t sp = i;
		while (i < n && s[i] == ' ')
			i++;
		size_t w = i, ww = 0;
		for (; i < n && s[i] != ' '; i++)
			ww += ((unsigned char)s[i] & 0xC0) != 0x80; /* characters, not bytes */
		if (w == i) /* trailing spaces stay */
			break;
		size_t sw = w - sp;
		if (!has_word || col + sw + ww <= l->width) {
			col += sw + ww;
		} else {
			strbuf_add(out, s + seg, sp - seg);
			strbuf_adds(out, l->eol);
			strbuf_add(out, s, lead);
			for (size_t k = lead_width; k < hang; k++)
				strbuf_addch(out, ' ');
			seg = w;
			col = hang + ww;
		}
		has_word = true;
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
		struct wrap_line l = {text + at, end - at, "\n", width};
		if (l.n > 0 && l.s[l.n - 1] == '\r') {
			l.n--;
			l.eol = "\r\n";
		}
		wrap_one(&l, out); /* a line that fits comes out in one piece */
		if (nl)
			strbuf_adds(out, l.eol);
		at = nl ? end + 1 : len;
	}
}
