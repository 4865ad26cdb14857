#include "config.h"

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "qp.h"

/* RFC 2045 6.7 rule 5: encoded lines are at most 76 characters; a line that
 * goes on after a soft break keeps one of them for the "=". */
#define QP_LINE_MAX 76

static const char qp_hex[] = "0123456789ABCDEF";

/* Byte classes for the byte-at-a-time path. */
enum { QP_LIT, QP_WS, QP_ENC };
#define L QP_LIT
#define W QP_WS
#define E QP_ENC

/* clang-format off */
static const unsigned char qp_class[256] = {
	/* 0x00: controls are encoded, tab is white space (a CR that ends a
	 * line never gets here: the line end is handled before) */
	E, E, E, E, E, E, E, E, E, W, E, E, E, E, E, E,
	E, E, E, E, E, E, E, E, E, E, E, E, E, E, E, E,
	/* 0x20: space, then visible ASCII except "=" */
	W, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
	L, L, L, L, L, L, L, L, L, L, L, L, L, E, L, L,
	L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
	L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
	L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
	L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, E,
	/* 0x80: 8-bit bytes */
	E, E, E, E, E, E, E, E, E, E, E, E, E, E, E, E,
	E, E, E, E, E, E, E, E, E, E, E, E, E, E, E, E,
	E, E, E, E, E, E, E, E, E, E, E, E, E, E, E, E,
	E, E, E, E, E, E, E, E, E, E, E, E, E, E, E, E,
	E, E, E, E, E, E, E, E, E, E, E, E, E, E, E, E,
	E, E, E, E, E, E, E, E, E, E, E, E, E, E, E, E,
	E, E, E, E, E, E, E, E, E, E, E, E, E, E, E, E,
	E, E, E, E, E, E, E, E, E, E, E, E, E, E, E, E,
};
/* clang-format on */
#undef L
#undef W
#undef E

/* Plain bytes are copied as they are wherever they stand in mid-line:
 * visible ASCII except "=", and space.  (Tab is literal in mid-line too,
 * but rare: it takes the byte-at-a-time path.) */
static int qp_plain(unsigned char c)
{
	return c - 0x20u < 0x5fu && c != '=';
}

/* The encoder writes whole 16-byte blocks past what it keeps. */
#define QP_BLOCK 16

/* Copy the plain bytes at the start of in[0..avail) to o, at most cap of
 * them; returns how many.  Up to QP_BLOCK bytes after them in o may be
 * overwritten. */
static size_t qp_copy_plain(char *o, const char *in, size_t avail, size_t cap)
{
	size_t n = 0;
#ifdef __SSE2__
	const __m128i one = _mm_set1_epi8(1), space = _mm_set1_epi8(0x20), eq = _mm_set1_epi8('=');
	/* whole blocks only, and none that starts at or after cap */
	size_t lim = avail < QP_BLOCK ? 0 : avail - QP_BLOCK + 1;
	if (lim > cap)
		lim = cap;
	while (n < lim) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(in + n));
		_mm_storeu_si128((__m128i *)(void *)(o + n), v);
		/* 0x20 to 0x7e are the bytes b with b + 1 above 0x20 as signed
		 * bytes (0x7f and the 8-bit bytes wrap round to negative) */
		__m128i ok = _mm_andnot_si128(_mm_cmpeq_epi8(v, eq),
		                              _mm_cmpgt_epi8(_mm_add_epi8(v, one), space));
		unsigned bad = (unsigned)_mm_movemask_epi8(ok) ^ 0xffffu;
		if (bad != 0) {
			n += (size_t)__builtin_ctz(bad);
			return n < cap ? n : cap;
		}
		n += QP_BLOCK;
	}
#endif
	for (; n < cap && n < avail && qp_plain((unsigned char)in[n]); n++)
		o[n] = in[n];
	return n < cap ? n : cap;
}

struct qp_out {
	char *o;    /* next free byte of the output buffer */
	size_t col; /* characters on the current output line */
};

static void qp_soft_break(struct qp_out *q)
{
	memcpy(q->o, "=\r\n", 3);
	q->o += 3;
	q->col = 0;
}

/* Does a line end (LF, CRLF) or the end of the input start at in[j]? */
static int qp_line_end(const char *in, size_t len, size_t j)
{
	return j == len || in[j] == '\n' || (in[j] == '\r' && j + 1 < len && in[j + 1] == '\n');
}

/* Whether byte i, on an output line that has col characters so far, must be
 * written as =XX.  last: i is the line's last byte.  Spaces and tabs are
 * literal unless they end a line (rule 3); "." and "From " are encoded at the
 * start of any output line, so that no transport (SMTP dot-stuffing, mbox)
 * ever touches them. */
static int qp_must_encode(const char *in, size_t len, size_t i, size_t col, int last)
{
	unsigned char c = (unsigned char)in[i];

	if (qp_class[c] == QP_WS)
		return last;
	if (qp_class[c] == QP_ENC)
		return 1;
	if (col == 0 && c == '.')
		return 1;
	if (col == 0 && c == 'F' && len - i >= 5 && memcmp(in + i, "From ", 5) == 0)
		return 1;
	return 0;
}

/* Emit byte i (literal or =XX), breaking the line softly first when it
 * would not fit. */
static void qp_put(const char *in, size_t len, size_t i, struct qp_out *q)
{
	int last = qp_line_end(in, len, i + 1);
	int enc = qp_must_encode(in, len, i, q->col, last);
	size_t w = enc ? 3 : 1;
	/* The last token of a line may use column 76; any other token must
	 * leave room for the "=" of a soft break. */
	size_t room = last ? QP_LINE_MAX : QP_LINE_MAX - 1;

	if (q->col + w > room) {
		qp_soft_break(q);
		/* at the start of the new line "." and "From " count again */
		enc = qp_must_encode(in, len, i, 0, last);
		w = enc ? 3 : 1;
	}
	unsigned char c = (unsigned char)in[i];
	if (enc) {
		q->o[0] = '=';
		q->o[1] = qp_hex[c >> 4];
		q->o[2] = qp_hex[c & 15];
	} else {
		q->o[0] = (char)c;
	}
	q->o += w;
	q->col += w;
}

/* qp_put for a byte that is always encoded, whatever its place. */
static void qp_put_encoded(const char *in, size_t len, size_t i, struct qp_out *q)
{
	size_t room = qp_line_end(in, len, i + 1) ? QP_LINE_MAX : QP_LINE_MAX - 1;
	unsigned char c = (unsigned char)in[i];
	if (q->col + 3 > room)
		qp_soft_break(q);
	q->o[0] = '=';
	q->o[1] = qp_hex[c >> 4];
	q->o[2] = qp_hex[c & 15];
	q->o += 3;
	q->col += 3;
}

/* Copy the run of plain bytes at in[i] (there is one) in one piece, as far
 * as each of them fits with room left for a soft break (column 75); a space
 * that ends the line is left to qp_put, to be encoded.  Returns how many
 * bytes were taken. */
static size_t qp_run(const char *in, size_t len, size_t i, struct qp_out *q)
{
	size_t n = qp_copy_plain(q->o, in + i, len - i, QP_LINE_MAX - 1 - q->col);
	if (in[i + n - 1] == ' ' && qp_line_end(in, len, i + n))
		n--;
	q->o += n;
	q->col += n;
	return n;
}

/* One step at a plain byte: a run copied in one piece ("." and "From " at
 * a line start are left to qp_put), or a soft break when the line is full
 * and the byte is not its last.  Returns 0 when qp_put must take the byte. */
static int qp_plain_step(const char *in, size_t len, size_t *i, struct qp_out *q)
{
	if (q->col < QP_LINE_MAX - 1 && (q->col > 0 || (in[*i] != '.' && in[*i] != 'F'))) {
		size_t n = qp_run(in, len, *i, q);
		*i += n;
		return n > 0;
	}
	if (q->col == QP_LINE_MAX - 1 && !qp_line_end(in, len, *i + 1)) {
		qp_soft_break(q);
		return 1;
	}
	return 0;
}

void qp_encode(const char *in, size_t len, struct strbuf *out)
{
	/* Worst case: every byte becomes =XX (or a line end CRLF) and every
	 * 24 input bytes add a soft break; the fast path may write one block
	 * past its end.  Reserving it once keeps the loop free of bounds
	 * checks. */
	strbuf_grow(out, 3 * len + len / 8 + 8 + QP_BLOCK);
	struct qp_out q = {out->buf + out->len, 0};

	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)in[i];
		if (qp_plain(c)) {
			if (qp_plain_step(in, len, &i, &q))
				continue;
		} else if (c == '\n' || (c == '\r' && i + 1 < len && in[i + 1] == '\n')) {
			/* a CR right before an LF belongs to the line end */
			memcpy(q.o, "\r\n", 2);
			q.o += 2;
			q.col = 0;
			i += c == '\n' ? 1 : 2;
			continue;
		}
		if (qp_class[c] == QP_ENC)
			qp_put_encoded(in, len, i, &q);
		else
			qp_put(in, len, i, &q);
		i++;
	}
	out->len = (size_t)(q.o - out->buf);
	out->buf[out->len] = '\0';
}
