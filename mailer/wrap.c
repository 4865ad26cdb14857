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

/* Break one line (without its end) into out. */
static void wrap_one(const struct wrap_line *l, struct strbuf *out)
{
	const char *s = l->s;
	size_t n = l->n, lead = 0;
	while (lead < n && (s[lead] == ' ' || s[lead] == '\t'))
		lead++;
	size_t prefix = lead + wrap_marker(s + lead, n - lead);
	size_t hang = utf8_width(s, prefix);
	size_t col = hang;
	bool has_word = false;
	strbuf_add(out, s, prefix);
	for (size_t i = prefix; i < n;) {
		size_t sp = i;
		while (i < n && s[i] == ' ')
			i++;
		size_t w = i;
		while (i < n && s[i] != ' ')
			i++;
		if (w == i) { /* trailing spaces stay */
			strbuf_add(out, s + sp, i - sp);
			break;
		}
		size_t ww = utf8_width(s + w, i - w), sw = w - sp;
		if (!has_word || col + sw + ww <= l->width) {
			strbuf_add(out, s + sp, i - sp);
			col += sw + ww;
		} else {
			strbuf_adds(out, l->eol);
			strbuf_add(out, s, lead);
			for (size_t k = utf8_width(s, lead); k < hang; k++)
				strbuf_addch(out, ' ');
			strbuf_add(out, s + w, i - w);
			col = hang + ww;
		}
		has_word = true;
	}
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
		if (utf8_width(l.s, l.n) <= width)
			strbuf_add(out, l.s, l.n);
		else
			wrap_one(&l, out);
		if (nl)
			strbuf_adds(out, l.eol);
		at = nl ? end + 1 : len;
	}
}
