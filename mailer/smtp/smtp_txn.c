/*
 * smtp_txn: the transactions on one connection (smtp_int.h, smtp.h).
 *
 * A message's commands: RSET when the server may still hold a transaction
 * that did not end with a final "." (after a refused RCPT, say), MAIL, RCPT,
 * and DATA unless the relay offers CHUNKING.  With PIPELINING they are
 * queued together, behind whatever is queued already (the message before's
 * content and "."); without it, one at a time, each after the reply to the
 * one before.  The content goes when DATA got 354 or, with CHUNKING, when
 * RCPT was accepted, and only after attempt() said yes.
 *
 * Replies come in the order of the commands (RFC 2920 3.1); each is matched
 * with the head of the slot's expect ring and decides, or moves on, the
 * transaction it belongs to.  Since a message's content waits for a reply
 * that comes after the reply to the final "." of the message before it, no
 * message's final "." leaves while another's on the same connection is
 * unanswered.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "smtp_int.h"

enum {
	SMTP_STEPS = 4,      /* RSET, MAIL, RCPT, DATA */
	SMTP_ENVID_MAX = 100 /* RFC 3461 4.4 */
};

/* ---- what a message needs ------------------------------------------ */

static bool smtp_has_high(const char *p, size_t n)
{
	size_t i = 0;
	for (; i + 32 <= n; i += 32) {
		uint64_t w[4];
		memcpy(w, p + i, sizeof w);
		if ((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ULL)
			return true;
	}
	for (; i < n; i++) {
		if ((unsigned char)p[i] >= 0x80)
			return true;
	}
	return false;
}

/* A byte >= 0x80 in the content needs 8BITMIME; in the header or the
 * envelope, SMTPUTF8 (RFC 6531, 6532). */
static void smtp_txn_classify(const struct smtp_session *s, struct smtp_txn *t)
{
	const struct smtp_msg *m = &t->msg;
	t->body_8bit = smtp_has_high(m->data, m->len);
	size_t head = m->len;
	const char *end = t->body_8bit ? memmem(m->data, m->len, "\r\n\r\n", 4) : NULL;
	if (end)
		head = (size_t)(end - m->data);
	t->head_utf8 = (t->body_8bit && smtp_has_high(m->data, head)) ||
	               smtp_has_high(m->rcpt, strlen(m->rcpt)) ||
	               smtp_has_high(s->mail_from, strlen(s->mail_from));
}

static const char *smtp_unmet(const struct smtp_slot *sl, const struct smtp_txn *t)
{
	if (t->head_utf8 && !(sl->ext & SMTP_EXT_SMTPUTF8))
		return "local: the message needs SMTPUTF8 (a non-ASCII address or header) and the "
		       "relay does not offer it";
	if (t->body_8bit && !t->head_utf8 && !(sl->ext & SMTP_EXT_8BITMIME))
		return "local: the message has 8-bit content and the relay does not offer 8BITMIME";
	return NULL;
}

/* RFC 3461 4: xtext, with '+', '=' and bytes outside '!'..'~' as +XX. */
static void smtp_xtext(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= '!' && *p <= '~' && *p != '+' && *p != '=') {
			strbuf_addch(sb, (char)*p);
		} else {
			strbuf_addch(sb, '+');
			strbuf_addch(sb, hex[*p >> 4]);
			strbuf_addch(sb, hex[*p & 15]);
		}
	}
}

static void smtp_mail_command(const struct smtp_slot *sl, const struct smtp_txn *t,
                              struct strbuf *cmd)
{
	strbuf_addf(cmd, "MAIL FROM:%s", sl->s->mail_from);
	if (sl->ext & SMTP_EXT_SIZE)
		strbuf_addf(cmd, " SIZE=%zu", t->msg.len);
	if (t->body_8bit && (sl->ext & SMTP_EXT_8BITMIME))
		strbuf_adds(cmd, " BODY=8BITMIME");
	if (t->head_utf8)
		strbuf_adds(cmd, " SMTPUTF8");
	if (!(sl->ext & SMTP_EXT_DSN))
		return;
	/* bounces carry the headers only, and name the release */
	strbuf_adds(cmd, " RET=HDRS");
	if (t->msg.envid && *t->msg.envid) {
		struct strbuf x;
		strbuf_init(&x);
		smtp_xtext(&x, t->msg.envid);
		if (x.len <= SMTP_ENVID_MAX)
			strbuf_addf(cmd, " ENVID=%s", x.buf);
		strbuf_release(&x);
	}
}

static void smtp_rcpt_command(const struct smtp_slot *sl, const struct smtp_txn *t,
                              struct strbuf *cmd)
{
	strbuf_addf(cmd, "RCPT TO:<%s>", t->msg.rcpt);
	if (!(sl->ext & SMTP_EXT_DSN))
		return;
	strbuf_adds(cmd, " NOTIFY=FAILURE,DELAY");
	if (!smtp_has_high(t->msg.rcpt, strlen(t->msg.rcpt))) {
		strbuf_adds(cmd, " ORCPT=rfc822;");
		smtp_xtext(cmd, t->msg.rcpt);
	}
}

/* ---- outcomes -------------------------------------------------------- */

void smtp_note_conn_failure(struct smtp_session *s, const char *why)
{
	s->conn_failures++;
	strbuf_reset(&s->last_failure);
	strbuf_adds(&s->last_failure, why);
}

/* Tell the caller; from here on t->msg is no longer ours. */
void smtp_txn_end(struct smtp_slot *sl, struct smtp_txn *t, enum smtp_outcome o,
                  enum smtp_stage stage, int code, const char *text)
{
	struct smtp_session *s = sl->s;
	struct smtp_result r = {o, stage, code, text};
	if (o != SMTP_SENT && stage == SMTP_STAGE_MAIL && code == 530)
		smtp_note_conn_failure(s, text); /* authentication required */
	else if (o == SMTP_SENT || stage != SMTP_STAGE_CONNECT)
		s->conn_failures = 0;
	t->decided = true;
	s->ask_at = 0; /* what next() waited for may have happened */
	s->cb->done(s->cbarg, &t->msg, &r);
	t->msg.data = NULL;
	t->msg.rcpt = NULL;
	t->msg.envid = NULL;
}

/* A transaction decided and answered in full frees its place. */
static void smtp_settle(struct smtp_slot *sl, struct smtp_txn *t)
{
	if (!t->used || !t->decided || t->pending > 0)
		return;
	if (sl->cur == t)
		sl->cur = NULL;
	t->used = false;
}

static struct smtp_txn *smtp_oldest_open(struct smtp_slot *sl)
{
	struct smtp_txn *best = NULL;
	for (size_t i = 0; i < SMTP_TXN_MAX; i++) {
		struct smtp_txn *t = &sl->txn[i];
		if (t->used && !t->decided && (!best || t->seq < best->seq))
			best = t;
	}
	return best;
}

/* The stage t was in: its first unanswered command's. */
static enum smtp_stage smtp_stage_of(const struct smtp_slot *sl, const struct smtp_txn *t)
{
	for (unsigned k = 0; k < sl->nexpect; k++) {
		const struct smtp_expect *e = &sl->expect[(sl->ehead + k) % SMTP_EXPECT_MAX];
		if (e->t == t)
			return e->stage;
	}
	return t->ready ? SMTP_STAGE_DATA : t->next_stage;
}

/* Forget every reply still due; the transactions are settled. */
static void smtp_drop_expected(struct smtp_slot *sl)
{
	while (sl->nexpect > 0)
		smtp_expect_pop(sl);
	for (size_t i = 0; i < SMTP_TXN_MAX; i++)
		smtp_settle(sl, &sl->txn[i]);
}

/* The connection is gone (EOF, an error, a timeout, a protocol error):
 * a message whose final "." left whole and got no reply is UNKNOWN, every
 * other one DEFERRED where it stood; the connection is closed next. */
void smtp_txn_lost(struct smtp_slot *sl, const char *why)
{
	struct smtp_txn *t;
	struct strbuf text;
	strbuf_init(&text);
	while ((t = smtp_oldest_open(sl)) != NULL) {
		strbuf_reset(&text);
		if (t->final_queued && smtp_wire_written(sl) >= t->final_end) {
			strbuf_adds(&text, "no reply to the final \".\": ");
			strbuf_adds(&text, why);
			smtp_txn_end(sl, t, SMTP_UNKNOWN, SMTP_STAGE_DOT, 0, text.buf);
		} else if (t->final_queued) {
			/* the "." never left whole: the server cannot have the message */
			smtp_txn_end(sl, t, SMTP_DEFERRED, SMTP_STAGE_DATA, 0, why);
		} else {
			smtp_txn_end(sl, t, SMTP_DEFERRED, smtp_stage_of(sl, t), 0, why);
		}
	}
	strbuf_release(&text);
	smtp_drop_expected(sl);
	sl->dead = true;
}

/* 421 (or a refused RSET): the server is closing the connection; every
 * message on it is deferred with its reply. */
static void smtp_txn_closing(struct smtp_slot *sl, int code, const char *reply)
{
	struct smtp_txn *t;
	while ((t = smtp_oldest_open(sl)) != NULL)
		smtp_txn_end(sl, t, SMTP_DEFERRED, smtp_stage_of(sl, t), code, reply);
	smtp_drop_expected(sl);
	sl->dead = true;
}

void smtp_txn_connect_failed(struct smtp_slot *sl, int code, const char *why)
{
	struct smtp_txn *t;
	while ((t = smtp_oldest_open(sl)) != NULL)
		smtp_txn_end(sl, t, SMTP_DEFERRED, SMTP_STAGE_CONNECT, code, why);
	smtp_drop_expected(sl);
}

/* ---- sending --------------------------------------------------------- */

static unsigned smtp_used(const struct smtp_slot *sl)
{
	unsigned n = 0;
	for (size_t i = 0; i < SMTP_TXN_MAX; i++)
		n += sl->txn[i].used;
	return n;
}

bool smtp_txn_busy(const struct smtp_slot *sl)
{
	return smtp_used(sl) > 0;
}

bool smtp_txn_can_take(const struct smtp_slot *sl)
{
	unsigned n = smtp_used(sl);
	switch (sl->state) {
	case SMTP_CONN_NONE:
	case SMTP_CONN_CONNECTING:
		return n == 0; /* one message waits for the connection */
	case SMTP_CONN_QUITTING:
		return false;
	case SMTP_CONN_READY:
		break;
	}
	if (sl->dead || sl->cur || sl->uses >= sl->s->max_per_conn)
		return false;
	if (sl->ext & SMTP_EXT_PIPELINING)
		return n < SMTP_TXN_MAX; /* the other one's final "." is queued */
	return n == 0 && sl->nexpect == 0;
}

void smtp_txn_take(struct smtp_slot *sl, const struct smtp_msg *m, bool dot_line)
{
	struct smtp_txn *t = &sl->txn[0];
	if (t->used)
		t = &sl->txn[1];
	memset(t, 0, sizeof *t);
	t->used = true;
	t->msg = *m;
	t->next_stage = SMTP_STAGE_MAIL;
	t->seq = ++sl->seq;
	t->dot_line = dot_line;
	smtp_txn_classify(sl->s, t);
	sl->cur = t;
	sl->uses++;
}

/* Queue one command step of t; false when the step does not apply. */
static bool smtp_queue_step(struct smtp_slot *sl, struct smtp_txn *t, unsigned step,
                            struct strbuf *cmd)
{
	static const struct {
		enum smtp_cmd cmd;
		enum smtp_stage stage, next;
	} tab[SMTP_STEPS] = {
	    {SMTP_CMD_RSET, SMTP_STAGE_MAIL, SMTP_STAGE_MAIL},
	    {SMTP_CMD_MAIL, SMTP_STAGE_MAIL, SMTP_STAGE_RCPT},
	    {SMTP_CMD_RCPT, SMTP_STAGE_RCPT, SMTP_STAGE_DATA},
	    {SMTP_CMD_DATA, SMTP_STAGE_DATA, SMTP_STAGE_DATA},
	};
	strbuf_reset(cmd);
	if (step == 0 && !t->rset)
		return false;
	if (step == 3 && (sl->ext & SMTP_EXT_CHUNKING))
		return false;
	if (step == 0)
		strbuf_adds(cmd, "RSET");
	else if (step == 1)
		smtp_mail_command(sl, t, cmd);
	else if (step == 2)
		smtp_rcpt_command(sl, t, cmd);
	else
		strbuf_adds(cmd, "DATA");
	smtp_wire_command(sl, cmd->buf);
	smtp_expect_push(sl, tab[step].cmd, tab[step].stage, t);
	t->next_stage = tab[step].next;
	return true;
}

/* The commands of t before its content: all of them with PIPELINING, else
 * the next one. */
static void smtp_queue_commands(struct smtp_slot *sl, struct smtp_txn *t)
{
	if (t->ncmds == 0) {
		const char *unmet = smtp_unmet(sl, t);
		if (unmet) {
			smtp_txn_end(sl, t, SMTP_FAILED, SMTP_STAGE_MAIL, 0, unmet);
			smtp_settle(sl, t);
			return;
		}
		t->rset = sl->need_rset;
		sl->need_rset = false;
	}
	struct strbuf cmd;
	strbuf_init(&cmd);
	while (t->ncmds < SMTP_STEPS) {
		if (smtp_queue_step(sl, t, t->ncmds++, &cmd) && !(sl->ext & SMTP_EXT_PIPELINING))
			break;
	}
	strbuf_release(&cmd);
}

static void smtp_trace_content(struct smtp_slot *sl, size_t len)
{
	if (!sl->s->trace)
		return;
	char line[64];
	int n = snprintf(line, sizeof line, "(the message, %zu bytes)", len);
	smtp_trace(sl, '>', line, (size_t)n);
}

/* t's content and its final "." (or BDAT ... LAST), after attempt(). */
static void smtp_send_final(struct smtp_slot *sl, struct smtp_txn *t)
{
	struct smtp_session *s = sl->s;
	bool chunking = sl->ext & SMTP_EXT_CHUNKING;
	if (s->cb->attempt && s->cb->attempt(s->cbarg, &t->msg) != 0) {
		smtp_txn_end(sl, t, SMTP_DEFERRED, SMTP_STAGE_DATA, 0,
		             "local: the attempt could not be recorded; message withdrawn before "
		             "the final \".\"");
		if (chunking)
			sl->need_rset = true; /* MAIL and RCPT were accepted */
		else
			sl->dead = true; /* after 354 only closing ends it without a "." */
		smtp_settle(sl, t);
		return;
	}
	if (chunking) {
		char cmd[64];
		snprintf(cmd, sizeof cmd, "BDAT %zu LAST", t->msg.len);
		smtp_wire_command(sl, cmd);
		smtp_trace_content(sl, t->msg.len);
		smtp_wire_add(sl, t->msg.data, t->msg.len);
		smtp_expect_push(sl, SMTP_CMD_BDAT, SMTP_STAGE_DOT, t);
	} else {
		smtp_trace_content(sl, t->msg.len);
		smtp_wire_dot_stuffed(sl, t->msg.data, t->msg.len, t->dot_line);
		smtp_trace(sl, '>', ".", 1);
		smtp_expect_push(sl, SMTP_CMD_DOT, SMTP_STAGE_DOT, t);
	}
	t->final_queued = true;
	t->final_end = smtp_wire_queued(sl);
	sl->need_rset = false;
	if (sl->cur == t)
		sl->cur = NULL;
	/* the connection's last message: QUIT goes with it (RFC 2920 3.1) */
	if (sl->uses >= s->max_per_conn && (sl->ext & SMTP_EXT_PIPELINING))
		smtp_conn_quit(sl);
}

void smtp_txn_pump(struct smtp_slot *sl)
{
	while (sl->state == SMTP_CONN_READY && !sl->dead && sl->cur) {
		struct smtp_txn *t = sl->cur;
		if (t->ready && !t->decided && !t->final_queued)
			smtp_send_final(sl, t);
		else if (t->ncmds < SMTP_STEPS && !t->decided &&
		         ((sl->ext & SMTP_EXT_PIPELINING) || sl->nexpect == 0))
			smtp_queue_commands(sl, t);
		else
			break;
	}
}

/* ---- replies --------------------------------------------------------- */

static enum smtp_outcome smtp_by_code(int code)
{
	return code / 100 == 2 ? SMTP_SENT : code / 100 == 5 ? SMTP_FAILED : SMTP_DEFERRED;
}

static void smtp_on_mail(struct smtp_slot *sl, struct smtp_txn *t, int code, const char *text)
{
	if (t->decided)
		return;
	if (code / 100 == 2) {
		t->mail_ok = true;
		return;
	}
	/* 530: authentication required, the session's problem; 503: the server
	 * still holds a transaction we thought ended: ours, not the recipient's */
	enum smtp_outcome o = code == 530 || code == 503 ? SMTP_DEFERRED : smtp_by_code(code);
	if (code == 503)
		sl->need_rset = true;
	smtp_txn_end(sl, t, o, SMTP_STAGE_MAIL, code, text);
}

static void smtp_on_rcpt(struct smtp_slot *sl, struct smtp_txn *t, int code, const char *text)
{
	if (t->decided)
		return;
	if (code / 100 == 2) {
		if (sl->ext & SMTP_EXT_CHUNKING)
			t->ready = true;
		return;
	}
	/* the server holds the transaction MAIL opened */
	sl->need_rset = sl->need_rset || t->mail_ok;
	smtp_txn_end(sl, t, smtp_by_code(code), SMTP_STAGE_RCPT, code, text);
}

static void smtp_on_data(struct smtp_slot *sl, struct smtp_txn *t, int code, const char *text)
{
	if (code == 354 && t->decided) {
		/* DATA accepted although the transaction failed (RCPT refused):
		 * end it with nothing in it (RFC 2920 3.1) */
		smtp_trace(sl, '>', ".", 1);
		smtp_wire_add(sl, ".\r\n", 3);
		smtp_expect_push(sl, SMTP_CMD_LONE_DOT, SMTP_STAGE_DATA, t);
		t->final_queued = true;
		sl->need_rset = false;
		if (sl->cur == t)
			sl->cur = NULL;
	} else if (code == 354) {
		t->ready = true;
	} else if (!t->decided) {
		/* the server holds the transaction MAIL opened */
		sl->need_rset = sl->need_rset || t->mail_ok;
		smtp_txn_end(sl, t, code / 100 == 2 ? SMTP_DEFERRED : smtp_by_code(code),
		             SMTP_STAGE_DATA, code, text);
	}
}

static void smtp_on_final(struct smtp_slot *sl, struct smtp_txn *t, bool bdat, int code,
                          const char *text)
{
	bool whole = smtp_wire_written(sl) >= t->final_end;
	if (!whole) {
		/* The server answered before the message ended: the rest of it
		 * would be read as commands.  A refusal is a refusal; an
		 * acceptance of a message it cannot have whole is not trusted. */
		sl->dead = true;
		if (code / 100 == 2) {
			struct strbuf why;
			strbuf_init(&why);
			strbuf_adds(&why,
			            "protocol error: accepted before the end of the message: ");
			strbuf_adds(&why, text);
			smtp_txn_end(sl, t, SMTP_UNKNOWN, SMTP_STAGE_DOT, code, why.buf);
			strbuf_release(&why);
			return;
		}
	}
	if (bdat && code / 100 != 2)
		sl->need_rset = true; /* whatever the server kept of it */
	smtp_txn_end(sl, t, smtp_by_code(code), SMTP_STAGE_DOT, code, text);
}

/* A reply to no command: a server closing with 421, else a protocol error. */
static void smtp_unsolicited(struct smtp_slot *sl, int code, const char *text)
{
	if (sl->state == SMTP_CONN_QUITTING)
		return;
	if (code == 421) {
		smtp_txn_closing(sl, code, text);
		return;
	}
	struct strbuf why;
	strbuf_init(&why);
	strbuf_adds(&why, "protocol error: a reply to no command: ");
	strbuf_adds(&why, text);
	smtp_txn_lost(sl, why.buf);
	strbuf_release(&why);
}

static bool smtp_reply_fits(const struct smtp_expect *e, int code)
{
	if (code < 200 || code > 599)
		return false;
	if (code / 100 == 3)
		return code == 354 && e->cmd == SMTP_CMD_DATA;
	return true;
}

/* The complete reply in sl->code and sl->reply, to the oldest command
 * still waiting for one. */
void smtp_txn_reply(struct smtp_slot *sl)
{
	int code = sl->code;
	const char *text = sl->reply.buf;
	if (sl->nexpect == 0) {
		smtp_unsolicited(sl, code, text);
		return;
	}
	if (!smtp_reply_fits(&sl->expect[sl->ehead], code)) {
		struct strbuf why;
		strbuf_init(&why);
		strbuf_adds(&why, "protocol error: unexpected reply: ");
		strbuf_adds(&why, text);
		smtp_txn_lost(sl, why.buf);
		strbuf_release(&why);
		return;
	}
	struct smtp_expect e = smtp_expect_pop(sl);
	struct smtp_txn *t = e.t;
	switch (e.cmd) {
	case SMTP_CMD_RSET:
		if (code / 100 != 2)
			smtp_txn_closing(sl, code, text);
		break;
	case SMTP_CMD_MAIL:
		smtp_on_mail(sl, t, code, text);
		break;
	case SMTP_CMD_RCPT:
		smtp_on_rcpt(sl, t, code, text);
		break;
	case SMTP_CMD_DATA:
		smtp_on_data(sl, t, code, text);
		break;
	case SMTP_CMD_DOT:
	case SMTP_CMD_BDAT:
		smtp_on_final(sl, t, e.cmd == SMTP_CMD_BDAT, code, text);
		break;
	case SMTP_CMD_LONE_DOT:
	case SMTP_CMD_QUIT:
		break;
	}
	if (code == 421 && sl->state == SMTP_CONN_READY)
		smtp_txn_closing(sl, code, text);
	if (t)
		smtp_settle(sl, t);
}
