#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "util.h"

/* The letters U+00C0..U+00FF without their accents, upper and lower case
 * alike; '\0' where the letter has no ASCII base (× ÷ Þ þ Ð ð Æ æ). */
static const char latin1_base[64] = "aaaaaa\0ceeeeiiii\0nooooo\0ouuuuy\0\0"
                                    "aaaaaa\0ceeeeiiii\0nooooo\0ouuuuy\0y";

/* What the bytes at s fold to, for the non-ASCII characters we know:
 * writes up to two bytes to out and returns how many bytes of s it read,
 * or 0 when the character is copied as it is. */
static size_t fold_char(const unsigned char *s, size_t n, char out[2], size_t *nout)
{
	*nout = 1;
	if (n >= 2 && s[0] == 0xC3 && s[1] >= 0x80 && s[1] <= 0xBF) {
		if (s[1] == 0x9F) { /* ß */
			out[0] = out[1] = 's';
			*nout = 2;
			return 2;
		}
		char b = latin1_base[s[1] - 0x80];
		if (!b)
			return 0;
		out[0] = b;
		return 2;
	}
	if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0) {
		out[0] = ' ';
		return 2;
	}
	if (n >= 2 && s[0] == 0xC5 && (s[1] == 0x92 || s[1] == 0x93)) { /* Œ œ */
		out[0] = 'o';
		out[1] = 'e';
		*nout = 2;
		return 2;
	}
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80) {
		unsigned char c = s[2];
		if (c <= 0x8B || c == 0xAF)
			out[0] = ' ';
		else if (c >= 0x90 && c <= 0x95)
			out[0] = '-';
		else if (c >= 0x98 && c <= 0x9B)
			out[0] = '\'';
		else if (c >= 0x9C && c <= 0x9F)
			out[0] = '"';
		else
			return 0;
		return 3;
	}
	if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) { /* ideographic space */
		out[0] = ' ';
		return 3;
	}
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) { /* BOM, ZWNBSP */
		out[0] = ' ';
		return 3;
	}
	return 0;
}

void fold_text(const char *text, size_t n, struct fold *f)
{
	const unsigned char *s = (const unsigned char *)text;
	/* A character folds to at most two bytes and takes at least one. */
	f->s = xmalloc(2 * n + 1);
	f->map = xmalloc((2 * n + 1) * sizeof *f->map);
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		char out[2];
		size_t nout, used = s[i] >= 0x80 ? fold_char(s + i, n - i, out, &nout) : 0;
		if (used) {
			for (size_t j = 0; j < nout; j++) {
				f->map[k] = i;
				f->s[k++] = out[j];
			}
			i += used;
			continue;
		}
		unsigned char c = s[i];
		f->map[k] = i;
		f->s[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c == '\t' ? ' ' : c);
		i++;
	}
	f->map[k] = n;
	f->s[k] = '\0';
	f->len = k;
}

void fold_free(struct fold *f)
{
	free(f->s);
	free(f->map);
	memset(f, 0, sizeof *f);
}

char *fold_copy(const char *s)
{
	struct fold f;
	fold_text(s, strlen(s), &f);
	free(f.map);
	return f.s;
}
