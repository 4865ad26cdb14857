#include "config.h"

#include <stdint.h>
#include <string.h>

#include "qp.h"

/* RFC 2045 6.7 rule 5: encoded lines are at most 76 characters; a line that
 * goes on after a soft break keeps one of them for the "=". */
#define QP_LINE_MAX 76

static const char qp_hex[] = "0123456789ABCDEF";

/* Byte classes.  The encoder works a line at a time, so that "does this
 * byte end the line" is a comparison with the line's end, and a run of
 * common bytes (visible ASCII and inner white space in mid-line) costs a
 * table look-up and a store per byte. */
enum { QP_LIT, QP_WS, QP_ENC };
#define L QP_LIT
#define W QP_WS
#define E QP_ENC

/* clang-format off */
static const unsigned char qp_class[256] = {
	/* 0x00: controls are encoded, tab is white space (a CR that ends a
	 * line never gets here: the line stops before it) */
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

/* Are all 8 bytes at p visible ASCII or spaces (0x20 to 0x7e), none of them
 * "="?  Word-at-a-time tests (Hacker's Delight 6-1), exact for these bounds. */
static int qp_plain8(const char *p)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t w, eq;
	memcpy(&w, p, sizeof w);
	eq = w ^ (ones * '=');
	uint64_t below = (w - ones * 0x20) & ~w & highs;
	uint64_t above = ((w + ones * (0x7f - 0x7e)) | w) & highs;
	uint64_t equals = (eq - ones) & ~eq & highs;
	return !(below | above | equals);
}

struct qp_out {
	char *o;    /* next free byte of the output buffer */
	size_t col; /* characters on the current output line */
};

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
static void qp_put(const char *in, size_t len, size_t i, int last, struct qp_out *q)
{
	int enc = qp_must_encode(in, len, i, q->col, last);
	size_t w = enc ? 3 : 1;
	/* The last token of a line may use column 76; any other token must
	 * leave room for the "=" of a soft break. */
	size_t room = last ? QP_LINE_MAX : QP_LINE_MAX - 1;

	if (q->col + w > room) {
		memcpy(q->o, "=\r\n", 3);
		q->o += 3;
		q->col = 0;
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

/* Encode in[start..end), one input line without its line end. */
static void qp_line(const char *in, size_t len, size_t start, size_t end, struct qp_out *q)
{
	size_t i = start;
	while (i < end) {
		/* the common case: a run of literal bytes in mid-line, each of
		 * which fits even if a soft break has to follow it (columns 1 to
		 * 74), none of them the line's last (a space or tab there is
		 * encoded) */
		if (q->col - 1 < QP_LINE_MAX - 2 && end - i > 1) {
			size_t stop = i + (QP_LINE_MAX - 1 - q->col), from = i;
			if (stop > end - 1)
				stop = end - 1;
			char *o = q->o;
			while (stop - i >= 8 && qp_plain8(in + i)) {
				memcpy(o, in + i, 8);
				o += 8;
				i += 8;
			}
			while (i < stop && qp_class[(unsigned char)in[i]] != QP_ENC)
				*o++ = in[i++];
			q->o = o;
			q->col += i - from;
			if (i > from)
				continue;
		}
		qp_put(in, len, i, i + 1 == end, q);
		i++;
	}
}

void qp_encode(const char *in, size_t len, struct strbuf *out)
{
	/* Worst case: every byte becomes =XX (or a line end CRLF) and every
	 * 24 input bytes add a soft break.  Reserving it once keeps the loop
	 * free of bounds checks. */
	strbuf_grow(out, 3 * len + len / 8 + 8);
	struct qp_out q = {out->buf + out->len, 0};

	size_t i = 0;
	while (i < len) {
		const char *nl = memchr(in + i, '\n', len - i);
		size_t stop = nl ? (size_t)(nl - in) : len;
		/* a CR right before the LF belongs to the line end */
		size_t end = nl && stop > i && in[stop - 1] == '\r' ? stop - 1 : stop;
		qp_line(in, len, i, end, &q);
		if (!nl)
			break;
		memcpy(q.o, "\r\n", 2);
		q.o += 2;
		q.col = 0;
		i = stop + 1;
	}
	out->len = (size_t)(q.o - out->buf);
	out->buf[out->len] = '\0';
}
