#include "config.h"

#include <string.h>

#include "qp.h"

/* RFC 2045 6.7 rule 5: encoded lines are at most 76 characters; a line that
 * goes on after a soft break keeps one of them for the "=". */
#define QP_LINE_MAX 76

static const char qp_hex[] = "0123456789ABCDEF";

/* True when in[i] starts a line end (LF or CRLF) or the input ends there. */
static int qp_at_eol(const char *in, size_t len, size_t i)
{
	if (i >= len || in[i] == '\n')
		return 1;
	return in[i] == '\r' && i + 1 < len && in[i + 1] == '\n';
}

/* Whether byte i must be written as =XX on an output line that has col
 * characters so far.  Spaces and tabs are literal unless they end a line
 * (rule 3); "." and "From " are encoded at the start of any output line so
 * that no transport (SMTP dot-stuffing, mbox) ever touches them. */
static int qp_must_encode(const char *in, size_t len, size_t i, size_t col)
{
	unsigned char c = (unsigned char)in[i];

	if (c == ' ' || c == '\t')
		return qp_at_eol(in, len, i + 1);
	if (c < 33 || c > 126 || c == '=')
		return 1;
	if (col == 0 && c == '.')
		return 1;
	if (col == 0 && c == 'F' && len - i >= 5 && memcmp(in + i, "From ", 5) == 0)
		return 1;
	return 0;
}

struct qp_out {
	char *o;    /* next free byte of the output buffer */
	size_t col; /* characters on the current output line */
};

/* Emit byte i (literal or =XX), breaking the line softly first when it
 * would not fit. */
static void qp_put(const char *in, size_t len, size_t i, struct qp_out *q)
{
	int enc = qp_must_encode(in, len, i, q->col);
	size_t w = enc ? 3 : 1;
	/* The last token of a line may use column 76; any other token must
	 * leave room for the "=" of a soft break. */
	size_t room = qp_at_eol(in, len, i + 1) ? QP_LINE_MAX : QP_LINE_MAX - 1;

	if (q->col + w > room) {
		memcpy(q->o, "=\r\n", 3);
		q->o += 3;
		q->col = 0;
		/* at the start of the new line "." and "From " count again */
		enc = qp_must_encode(in, len, i, 0);
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

void qp_encode(const char *in, size_t len, struct strbuf *out)
{
	/* Worst case: every byte becomes =XX (or a line end CRLF) and every
	 * 24 input bytes add a soft break.  Reserving it once keeps the loop
	 * free of bounds checks. */
	strbuf_grow(out, 3 * len + len / 8 + 8);
	struct qp_out q = {out->buf + out->len, 0};

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];
		/* the common case: a visible character in mid-line that fits
		 * even if a soft break has to follow it */
		if (c > 32 && c < 127 && c != '=' && q.col > 0 && q.col < QP_LINE_MAX - 1) {
			*q.o++ = (char)c;
			q.col++;
			continue;
		}
		if (in[i] == '\n' || (in[i] == '\r' && i + 1 < len && in[i + 1] == '\n')) {
			if (in[i] == '\r')
				i++;
			memcpy(q.o, "\r\n", 2);
			q.o += 2;
			q.col = 0;
			continue;
		}
		qp_put(in, len, i, &q);
	}
	out->len = (size_t)(q.o - out->buf);
	out->buf[out->len] = '\0';
}
