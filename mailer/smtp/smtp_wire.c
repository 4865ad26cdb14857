/*
 * smtp_wire: bytes on a handed-over connection (smtp_int.h).
 *
 * The output is one buffer per connection: commands, content and the next
 * commands are appended, then written with as few curl_easy_send calls as
 * the socket allows (one, on a socket with room), so a pipelined group
 * leaves as one write.  Offsets count every byte written on the connection,
 * so that a transaction can tell whether its final "." has left whole.
 * curl_easy_send goes through libcurl's TLS layer: after CURLE_AGAIN the same
 * bytes are offered again from the same offset, as GnuTLS requires.
 *
 * The input is read until CURLE_AGAIN (GnuTLS may hold decrypted bytes that
 * poll cannot see) and split into replies, each line shown to the trace.
 */
#include "config.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <string.h>

#include "smtp_int.h"

enum { SMTP_READ_CHUNK = 16384 };

/* Printable, bounded text for a reply field: CR and LF dropped, other
 * control characters as '?'. */
void smtp_add_text(struct strbuf *sb, const char *p, size_t n)
{
	for (size_t i = 0; i < n && sb->len < SMTP_REPLY_MAX; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == '\r' || c == '\n')
			continue;
		strbuf_addch(sb, c < 0x20 || c == 0x7f ? '?' : (char)c);
	}
}

int smtp_reply_code(const char *line, size_t n)
{
	if (n < 3)
		return 0;
	for (size_t i = 0; i < 3; i++) {
		if (line[i] < '0' || line[i] > '9')
			return 0;
	}
	if (n > 3 && line[3] != ' ' && line[3] != '-' && line[3] != '\r' && line[3] != '\n')
		return 0;
	return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
}

void smtp_expect_push(struct smtp_slot *sl, enum smtp_cmd cmd, enum smtp_stage stage,
                      struct smtp_txn *t)
{
	/* at most RSET, MAIL, RCPT, DATA of one message, the final of the one
	 * before, a lone "." and QUIT: the ring never fills */
	sl->expect[(sl->ehead + sl->nexpect) % SMTP_EXPECT_MAX] =
	    (struct smtp_expect){cmd, stage, t};
	sl->nexpect++;
	if (t)
		t->pending++;
}

struct smtp_expect smtp_expect_pop(struct smtp_slot *sl)
{
	struct smtp_expect e = sl->expect[sl->ehead];
	sl->ehead = (sl->ehead + 1) % SMTP_EXPECT_MAX;
	sl->nexpect--;
	if (e.t)
		e.t->pending--;
	return e;
}

void smtp_wire_reset(struct smtp_slot *sl)
{
	strbuf_reset(&sl->out);
	sl->out_off = 0;
	sl->out_base = 0;
	strbuf_reset(&sl->in);
	sl->in_off = 0;
	strbuf_reset(&sl->reply);
	sl->reply_open = false;
	sl->code = 0;
	sl->ehead = sl->nexpect = 0;
}

bool smtp_wire_pending_out(const struct smtp_slot *sl)
{
	return sl->out_off < sl->out.len;
}

void smtp_wire_add(struct smtp_slot *sl, const char *p, size_t n)
{
	if (!smtp_wire_pending_out(sl)) {
		/* everything before was written: a new group starts */
		sl->out_base += sl->out.len;
		strbuf_reset(&sl->out);
		sl->out_off = 0;
		sl->s->count.writes++;
	}
	strbuf_add(&sl->out, p, n);
}

void smtp_wire_command(struct smtp_slot *sl, const char *line)
{
	smtp_trace(sl, '>', line, strlen(line));
	smtp_wire_add(sl, line, strlen(line));
	smtp_wire_add(sl, "\r\n", 2);
	sl->s->count.commands++;
}

/* The content after DATA: a "." starting a line doubled (RFC 5321 4.5.2),
 * then CRLF if the message does not end with one, then ".".  A message with
 * no such line (the wire check said so: dot_line false) is copied in one
 * piece, without a search. */
void smtp_wire_dot_stuffed(struct smtp_slot *sl, const char *data, size_t len, bool dot_line)
{
	const char *p = data, *end = data + len;
	if (len > 0 && *p == '.')
		smtp_wire_add(sl, ".", 1);
	while (dot_line) {
		const char *q = memmem(p, (size_t)(end - p), "\n.", 2);
		if (!q)
			break;
		smtp_wire_add(sl, p, (size_t)(q + 1 - p));
		smtp_wire_add(sl, ".", 1);
		p = q + 1;
	}
	smtp_wire_add(sl, p, (size_t)(end - p));
	if (len < 2 || memcmp(end - 2, "\r\n", 2) != 0)
		smtp_wire_add(sl, "\r\n", 2);
	smtp_wire_add(sl, ".\r\n", 3);
	sl->s->count.commands++;
}

unsigned long long smtp_wire_queued(const struct smtp_slot *sl)
{
	return sl->out_base + sl->out.len;
}

unsigned long long smtp_wire_written(const struct smtp_slot *sl)
{
	return sl->out_base + sl->out_off;
}

/* Write what is queued, as far as the socket takes it.  Returns 1 when
 * bytes left, 0 when none could (wait for POLLOUT), -1 with why set when
 * the connection failed. */
int smtp_wire_flush(struct smtp_slot *sl, struct strbuf *why)
{
	int moved = 0;
	while (smtp_wire_pending_out(sl)) {
		size_t n = 0;
		CURLcode rc = curl_easy_send(sl->easy, sl->out.buf + sl->out_off,
		                             sl->out.len - sl->out_off, &n);
		if (rc == CURLE_AGAIN)
			break;
		if (rc != CURLE_OK) {
			strbuf_adds(why, "connection lost: ");
			strbuf_adds(why, curl_easy_strerror(rc));
			return -1;
		}
		sl->out_off += n;
		moved = 1;
	}
	return moved;
}

/* Read everything the connection has now.  Returns 0 (maybe nothing read),
 * 1 at end of file, -1 with why set when reading failed; what was read
 * before the end or the failure is in the input either way. */
int smtp_wire_read(struct smtp_slot *sl, struct strbuf *why)
{
	for (;;) {
		if (sl->in_off > 0 && sl->in_off == sl->in.len) {
			strbuf_reset(&sl->in);
			sl->in_off = 0;
		}
		strbuf_grow(&sl->in, SMTP_READ_CHUNK);
		size_t n = 0, room = sl->in.cap - sl->in.len - 1;
		CURLcode rc = curl_easy_recv(sl->easy, sl->in.buf + sl->in.len, room, &n);
		if (rc == CURLE_AGAIN)
			return 0;
		if (rc != CURLE_OK) {
			strbuf_adds(why, "connection lost: ");
			strbuf_adds(why, curl_easy_strerror(rc));
			return -1;
		}
		if (n == 0) {
			strbuf_adds(why, "connection lost: the server closed the connection");
			return 1;
		}
		sl->in.len += n;
		sl->in.buf[sl->in.len] = '\0';
		if (sl->in.len - sl->in_off > SMTP_LINE_MAX &&
		    !memchr(sl->in.buf + sl->in_off, '\n', sl->in.len - sl->in_off)) {
			strbuf_adds(why, "protocol error: a reply line without end");
			return -1;
		}
		/* A short read drained the socket (poll says when more comes);
		 * TLS may hold decrypted bytes that poll cannot see: read on. */
		if (n < room && sl->s->tls == SMTP_TLS_NONE)
			return 0;
	}
}

/* The next complete reply from the input: returns 1 with it in sl->code
 * (0 when it is no SMTP reply) and sl->reply, 0 when none is complete. */
int smtp_wire_next_reply(struct smtp_slot *sl)
{
	for (;;) {
		const char *p = sl->in.buf + sl->in_off;
		size_t left = sl->in.len - sl->in_off;
		const char *nl = memchr(p, '\n', left);
		if (!nl) {
			if (sl->in_off > 0 && left > 0) {
				memmove(sl->in.buf, p, left);
				sl->in.len = left;
				sl->in.buf[left] = '\0';
				sl->in_off = 0;
			}
			return 0;
		}
		size_t n = (size_t)(nl + 1 - p);
		sl->in_off += n;
		smtp_trace(sl, '<', p, n);
		if (!sl->reply_open) {
			strbuf_reset(&sl->reply);
			sl->reply_open = true;
		} else if (sl->reply.len) {
			strbuf_addch(&sl->reply, ' ');
		}
		smtp_add_text(&sl->reply, p, n);
		if (n >= 5 && p[3] == '-' && smtp_reply_code(p, n))
			continue; /* more lines of this reply follow */
		sl->code = smtp_reply_code(p, n);
		sl->reply_open = false;
		sl->s->count.replies++;
		return 1;
	}
}
