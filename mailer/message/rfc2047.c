#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rfc2047.h"
#include "utf8.h"
#include "util.h"

/* "=?UTF-8?Q?" and "?=" around the encoded text */
#define RFC2047_OVERHEAD 12

struct rfc2047_token {
	size_t start, end; /* byte range in the input, without the space */
	bool plain;
};

static bool rfc2047_atext(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

/* A word written as is: what libetpan writes unquoted (atext in a display
 * name, any visible ASCII in a Subject), short enough to fold around, and
 * nothing a decoder could mistake for an encoded-word. */
static bool rfc2047_plain_word(const char *w, size_t n, enum rfc2047_context ctx)
{
	if (n == 0 || n > RFC2047_WORD_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];
		if (ctx == RFC2047_PHRASE ? !rfc2047_atext(c) : (c < 0x21 || c > 0x7e))
			return false;
		if (c == '=' && i + 1 < n && w[i + 1] == '?')
			return false;
	}
	return true;
}

/* Split s at single spaces.  Returns the number of tokens (at least one). */
static size_t rfc2047_tokens(const char *s, enum rfc2047_context ctx, struct rfc2047_token **out)
{
	size_t n = 1;
	for (const char *p = s; *p; p++)
		n += *p == ' ';
	struct rfc2047_token *t = xcalloc(n, sizeof *t);
	size_t k = 0, start = 0, len = strlen(s);
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != ' ')
			continue;
		t[k].start = start;
		t[k].end = i;
		t[k].plain = rfc2047_plain_word(s + start, i - start, ctx);
		k++;
		start = i + 1;
	}
	/* An empty token stands for a leading, trailing or doubled space,
	 * which only survives inside an encoded-word: encode its neighbours
	 * with it. */
	for (size_t i = 0; i < n; i++) {
		if (t[i].start != t[i].end)
			continue;
		if (i > 0)
			t[i - 1].plain = false;
		if (i + 1 < n)
			t[i + 1].plain = false;
	}
	*out = t;
	return n;
}

bool rfc2047_is_plain(const char *s, enum rfc2047_context ctx)
{
	if (*s == '\0')
		return true;
	struct rfc2047_token *t;
	size_t n = rfc2047_tokens(s, ctx, &t);
	bool plain = true;
	for (size_t i = 0; i < n && plain; i++)
		plain = t[i].plain;
	free(t);
	return plain;
}

/* Q-encoding of one byte: 1 or 3 characters.  RFC 2047 5(3) limits a
 * display name to letters, digits and "!*+-/"; in a Subject (5(1)) any
 * visible ASCII but "=", "?" and "_" may stand for itself. */
static bool rfc2047_q_literal(unsigned char c, enum rfc2047_context ctx)
{
	if (ctx == RFC2047_PHRASE)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		       (c != '\0' && strchr("!*+-/", c));
	return c > 0x20 && c < 0x7f && c != '=' && c != '?' && c != '_';
}

static size_t rfc2047_q_width(unsigned char c, enum rfc2047_context ctx)
{
	return (c == ' ' || rfc2047_q_literal(c, ctx)) ? 1 : 3;
}

static size_t rfc2047_b_width(size_t n)
{
	return (n + 2) / 3 * 4;
}

static void rfc2047_put_q(const char *p, size_t n, enum rfc2047_context ctx, struct strbuf *out)
{
	static const char hex[] = "0123456789ABCDEF";

	strbuf_adds(out, "=?UTF-8?Q?");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == ' ') {
			strbuf_addch(out, '_');
		} else if (rfc2047_q_literal(c, ctx)) {
			strbuf_addch(out, (char)c);
		} else {
			char e[3] = {'=', hex[c >> 4], hex[c & 15]};
			strbuf_add(out, e, 3);
		}
	}
	strbuf_adds(out, "?=");
}

static void rfc2047_put_b(const char *p, size_t n, struct strbuf *out)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *u = (const unsigned char *)p;

	strbuf_adds(out, "=?UTF-8?B?");
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)u[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)u[i + 1] << 8;
		if (i + 2 < n)
			v |= u[i + 2];
		char e[4] = {b64[v >> 18], b64[(v >> 12) & 63], b64[(v >> 6) & 63], b64[v & 63]};
		if (i + 1 >= n)
			e[2] = '=';
		if (i + 2 >= n)
			e[3] = '=';
		strbuf_add(out, e, 4);
	}
	strbuf_adds(out, "?=");
}

/* Encode p[0..n) as encoded-words of at most RFC2047_WORD_MAX characters,
 * each holding whole UTF-8 characters, in Q or B, whichever is shorter. */
static void rfc2047_put_run(const char *p, size_t n, enum rfc2047_context ctx, struct strbuf *out)
{
	size_t i = 0;
	while (i < n) {
		size_t j = i, q = 0;
		while (j < n) {
			size_t k = utf8_seqlen((unsigned char)p[j]);
			if (k > n - j)
				k = n - j;
			size_t nq = q;
			for (size_t m = 0; m < k; m++)
				nq += rfc2047_q_width((unsigned char)p[j + m], ctx);
			size_t nb = rfc2047_b_width(j + k - i);
			size_t best = nq < nb ? nq : nb;
			/* one character (12 characters at most in Q) always fits */
			if (j > i && best + RFC2047_OVERHEAD > RFC2047_WORD_MAX)
				break;
			q = nq;
			j += k;
		}
		if (i > 0)
			strbuf_addch(out, ' ');
		if (q <= rfc2047_b_width(j - i))
			rfc2047_put_q(p + i, j - i, ctx, out);
		else
			rfc2047_put_b(p + i, j - i, out);
		i = j;
	}
}

/* Plain words stay as they are; each run of words that needs encoding
 * (with the spaces inside it) becomes encoded-words.  Keeping runs whole
 * matters: a decoder drops the space between two encoded-words but keeps
 * the one between an encoded-word and a plain word. */
char *rfc2047_encode(const char *s, enum rfc2047_context ctx)
{
	struct rfc2047_token *t;
	size_t n = rfc2047_tokens(s, ctx, &t);
	struct strbuf out;

	strbuf_init(&out);
	for (size_t i = 0; i < n;) {
		if (i > 0)
			strbuf_addch(&out, ' ');
		if (t[i].plain) {
			strbuf_add(&out, s + t[i].start, t[i].end - t[i].start);
			i++;
			continue;
		}
		size_t j = i;
		while (j + 1 < n && !t[j + 1].plain)
			j++;
		rfc2047_put_run(s + t[i].start, t[j].end - t[i].start, ctx, &out);
		i = j + 1;
	}
	free(t);
	return strbuf_detach(&out, NULL);
}
