/*
 * smtp_run: the loop that drives every connection (smtp.h): ask for
 * messages, give them to connections, write, poll, read, match replies,
 * time out, reopen.  One thread: libcurl opens connections through one multi
 * handle per slot (driven with curl_multi_socket_action on our poll set);
 * handed-over connections are ours.
 */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "mime.h"
#include "smtp_int.h"

/* ---- asking for messages ------------------------------------------- */

/* smtp.rate as a token bucket holding at most one token: starts are spaced
 * at least 1/rate apart.  Returns the milliseconds to wait, 0 to go now. */
static long long smtp_token_wait(struct smtp_session *s, long long now)
{
	if (s->rate <= 0)
		return 0;
	s->tokens += (double)(now - s->token_ms) * s->rate / 1000.0;
	s->token_ms = now;
	if (s->tokens >= 1.0) {
		s->tokens = 1.0;
		return 0;
	}
	return (long long)((1.0 - s->tokens) * 1000.0 / s->rate) + 1;
}

static bool smtp_gave_up(const struct smtp_session *s)
{
	return s->conn_failures >= SMTP_GIVE_UP || s->auth_refused;
}

/* How many connections may take messages now: smtp.connections, or one
 * while credentials are set and none has authenticated yet. */
static size_t smtp_conn_cap(const struct smtp_session *s)
{
	return s->creds && !s->authed ? 1 : s->nconn;
}

/* Why a message must not reach the wire at all (FAILED with no traffic):
 * a reply text to free and the stage, or NULL when it may go. */
static char *smtp_local_refusal(const struct smtp_msg *m, enum smtp_stage *stage, bool *dot_line)
{
	const char *why = NULL;
	size_t at = 0;
	*stage = SMTP_STAGE_RCPT;
	if (!m->rcpt || !smtp_envelope_ok(m->rcpt))
		return xstrdup("local: envelope recipient is empty or holds a forbidden character "
		               "(control, space, '<' or '>')");
	if (mime_check_wire_dots(m->data, m->len, &why, &at, dot_line) < 0) {
		*stage = SMTP_STAGE_DATA;
		return xasprintf("local: %s at offset %zu", why, at);
	}
	return NULL;
}

/* Ask next() for a message for sl.  Returns true when sl took one. */
static bool smtp_ask(struct smtp_session *s, struct smtp_slot *sl)
{
	for (;;) {
		long long now = smtp_now_ms();
		if (!s->asking || s->fatal || smtp_gave_up(s) || now < s->ask_at)
			return false;
		long long w = smtp_token_wait(s, now);
		if (w > 0) {
			s->ask_at = now + w;
			return false;
		}
		struct smtp_msg m = {0};
		long wait_ms = 0;
		enum smtp_next r = s->cb->next(s->cbarg, &m, &wait_ms);
		if (r == SMTP_NEXT_DONE) {
			s->asking = false;
			return false;
		}
		if (r == SMTP_NEXT_WAIT) {
			s->ask_at = now + (wait_ms > 0 ? wait_ms : 1);
			return false;
		}
		s->tokens -= 1.0;
		enum smtp_stage stage;
		bool dot_line = true;
		char *why = smtp_local_refusal(&m, &stage, &dot_line);
		if (why) {
			struct smtp_result res = {SMTP_FAILED, stage, 0, why};
			s->tokens += 1.0; /* nothing reached the wire */
			s->cb->done(s->cbarg, &m, &res);
			free(why);
			continue;
		}
		if (sl->state == SMTP_CONN_NONE && smtp_conn_start(sl) < 0) {
			struct smtp_result res = {SMTP_DEFERRED, SMTP_STAGE_CONNECT, 0,
			                          "local: delivery stopped by an internal error"};
			diag_error(s->d, EX_SOFTWARE, NULL, 0, 0, NULL,
			           "libcurl refused a connection");
			s->fatal = true;
			s->cb->done(s->cbarg, &m, &res);
			return false;
		}
		smtp_txn_take(sl, &m, dot_line);
		return true;
	}
}

/* A connection taking messages: being opened, or open and neither full
 * (smtp.max_per_connection) nor broken nor closing. */
static bool smtp_active(const struct smtp_slot *sl)
{
	return sl->state == SMTP_CONN_CONNECTING ||
	       (sl->state == SMTP_CONN_READY && !sl->dead && sl->uses < sl->s->max_per_conn);
}

static size_t smtp_nactive(const struct smtp_session *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nslots; i++)
		n += smtp_active(&s->slots[i]);
	return n;
}

/* Give messages to the slots that can take one: connections ready first,
 * then those being opened (the message waits for it), then new ones while
 * fewer than smtp.connections take messages. */
static void smtp_fill(struct smtp_session *s)
{
	static const enum smtp_conn_state order[] = {SMTP_CONN_READY, SMTP_CONN_CONNECTING,
	                                             SMTP_CONN_NONE};
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
		for (size_t i = 0; i < s->nslots; i++) {
			struct smtp_slot *sl = &s->slots[i];
			if (sl->state != order[k])
				continue;
			if (order[k] == SMTP_CONN_NONE && smtp_nactive(s) >= smtp_conn_cap(s))
				return;
			while (smtp_txn_can_take(sl) && smtp_ask(s, sl))
				smtp_txn_pump(sl);
		}
	}
}

/* ---- connections ----------------------------------------------------- */

static void smtp_start(struct smtp_session *s, struct smtp_slot *sl)
{
	if (smtp_conn_start(sl) < 0) {
		diag_error(s->d, EX_SOFTWARE, NULL, 0, 0, NULL, "libcurl refused a connection");
		s->fatal = true;
	}
}

/* While messages may come, keep s->want connections open or opening: the
 * first ones before the first message, a successor as soon as a connection
 * is full (it opens while the full one finishes its last message), a new
 * one for one that broke.  Not after a connection failed to open: a relay
 * that is down would be hammered (and counted out) while next() waits. */
static void smtp_keep_open(struct smtp_session *s)
{
	/* after a failure to connect, connections open only for a message */
	if (!s->asking || s->conn_failures > 0 || s->auth_refused)
		return;
	size_t n = smtp_nactive(s);
	size_t want = s->want < smtp_conn_cap(s) ? s->want : smtp_conn_cap(s);
	for (size_t i = 0; i < s->nslots && n < want && !s->fatal; i++) {
		if (s->slots[i].state == SMTP_CONN_NONE && !smtp_txn_busy(&s->slots[i])) {
			smtp_start(s, &s->slots[i]);
			n++;
		}
	}
}

static void smtp_arm(struct smtp_slot *sl, bool progress, long long now)
{
	bool waiting = sl->nexpect > 0 || smtp_wire_pending_out(sl);
	if (!waiting || sl->state < SMTP_CONN_READY)
		sl->deadline = 0;
	else if (progress || sl->deadline == 0)
		sl->deadline = now + sl->s->timeout * 1000;
}

/* Read and act on what a handed-over connection has for us. */
static void smtp_io(struct smtp_slot *sl, short revents)
{
	struct strbuf wwhy, rwhy;
	strbuf_init(&wwhy);
	strbuf_init(&rwhy);
	int w = 0, r = 0;
	if (revents & POLLOUT)
		w = smtp_wire_flush(sl, &wwhy);
	/* after a failed write, read what the server said before it closed */
	if (w < 0 || (revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)))
		r = smtp_wire_read(sl, &rwhy);
	bool progress = w > 0;
	while (!sl->dead && sl->state >= SMTP_CONN_READY && smtp_wire_next_reply(sl)) {
		progress = true;
		smtp_txn_reply(sl);
	}
	if ((w < 0 || r != 0) && !sl->dead && sl->state >= SMTP_CONN_READY) {
		if (sl->state == SMTP_CONN_QUITTING) {
			/* the goodbye is over; the last message, if unanswered, is lost */
			if (smtp_txn_busy(sl))
				smtp_txn_lost(sl, r != 0 ? rwhy.buf : wwhy.buf);
			while (sl->nexpect > 0)
				smtp_expect_pop(sl);
		} else if (!smtp_txn_busy(sl) && sl->nexpect == 0) {
			smtp_conn_close(sl); /* the server ended an idle connection */
		} else {
			smtp_txn_lost(sl, r != 0 ? rwhy.buf : wwhy.buf);
		}
	}
	smtp_arm(sl, progress, smtp_now_ms());
	strbuf_release(&wwhy);
	strbuf_release(&rwhy);
}

/* Close a connection found broken (its messages settled), or whose QUIT
 * was answered; a full one says QUIT once its last message is answered
 * (with PIPELINING the QUIT went with that message). */
static void smtp_tidy(struct smtp_session *s, struct smtp_slot *sl)
{
	if (sl->state == SMTP_CONN_READY && sl->dead) {
		smtp_txn_lost(sl, "local: the connection was closed after a fault on it");
		smtp_conn_close(sl);
	} else if (sl->state == SMTP_CONN_QUITTING && sl->nexpect == 0) {
		smtp_conn_close(sl);
	} else if (sl->state == SMTP_CONN_READY && sl->uses >= s->max_per_conn &&
	           !smtp_txn_busy(sl) && sl->nexpect == 0) {
		smtp_conn_quit(sl);
	}
}

/* After events: send what the connections may send now, close the ones
 * that are done or broken, take new messages. */
static void smtp_service(struct smtp_session *s)
{
	for (size_t i = 0; i < s->nslots; i++) {
		smtp_tidy(s, &s->slots[i]);
		smtp_txn_pump(&s->slots[i]);
	}
	smtp_fill(s);
	for (size_t i = 0; i < s->nslots; i++) {
		struct smtp_slot *sl = &s->slots[i];
		smtp_tidy(s, sl); /* attempt() may have refused after 354 */
		if (sl->state >= SMTP_CONN_READY && smtp_wire_pending_out(sl))
			smtp_io(sl, POLLOUT); /* optimistic: the socket has room, as a rule */
		smtp_tidy(s, sl);
	}
	smtp_keep_open(s);
}

static void smtp_check_deadline(struct smtp_slot *sl, long long now)
{
	if (sl->state < SMTP_CONN_READY || sl->dead || !sl->deadline || now < sl->deadline)
		return;
	if (sl->state == SMTP_CONN_QUITTING && !smtp_txn_busy(sl)) {
		smtp_conn_close(sl);
		return;
	}
	char *why = smtp_wire_pending_out(sl)
	                ? xasprintf("timeout: the server took nothing for %ld s", sl->s->timeout)
	                : xasprintf("timeout: nothing for %ld s", sl->s->timeout);
	smtp_txn_lost(sl, why);
	free(why);
}

/* ---- waiting ----------------------------------------------------------- */

static size_t smtp_pollset(struct smtp_session *s)
{
	size_t need = 0;
	for (size_t i = 0; i < s->nslots; i++)
		need += s->slots[i].nsocks + 1;
	s->pfd = xgrow(s->pfd, &s->cappfd, need + 1, sizeof *s->pfd);
	size_t n = 0;
	for (size_t i = 0; i < s->nslots; i++) {
		struct smtp_slot *sl = &s->slots[i];
		sl->pfirst = n;
		if (sl->state == SMTP_CONN_CONNECTING) {
			n += smtp_conn_pollfds(sl, s->pfd + n);
		} else if (sl->state >= SMTP_CONN_READY) {
			s->pfd[n].fd = sl->fd;
			s->pfd[n].events =
			    (short)(POLLIN | (smtp_wire_pending_out(sl) ? POLLOUT : 0));
			s->pfd[n].revents = 0;
			n++;
		}
		sl->pcount = n - sl->pfirst;
	}
	return n;
}

static bool smtp_any_can_take(const struct smtp_session *s)
{
	for (size_t i = 0; i < s->nslots; i++) {
		if (smtp_txn_can_take(&s->slots[i]))
			return true;
	}
	return false;
}

static int smtp_poll_timeout(struct smtp_session *s, long long now)
{
	long long until = now + 60000;
	for (size_t i = 0; i < s->nslots; i++) {
		struct smtp_slot *sl = &s->slots[i];
		long ms = sl->state == SMTP_CONN_CONNECTING ? smtp_conn_timeout(sl) : -1;
		if (ms >= 0 && now + ms < until)
			until = now + ms;
		if (sl->state >= SMTP_CONN_READY && sl->deadline && sl->deadline < until)
			until = sl->deadline;
	}
	if (s->asking && !smtp_gave_up(s) && s->ask_at < until && smtp_any_can_take(s))
		until = s->ask_at;
	return until > now ? (int)(until - now) : 0;
}

/* Wait for the sockets or the next timer, and act on what happened.
 * Returns -1 when poll fails (errno). */
static int smtp_wait(struct smtp_session *s)
{
	size_t n = smtp_pollset(s);
	int r = poll(s->pfd, n, smtp_poll_timeout(s, smtp_now_ms()));
	if (r < 0 && errno != EINTR)
		return -1;
	for (size_t k = 0; r < 0 && k < n; k++)
		s->pfd[k].revents = 0;
	long long now = smtp_now_ms();
	for (size_t i = 0; i < s->nslots; i++) {
		struct smtp_slot *sl = &s->slots[i];
		if (sl->state == SMTP_CONN_CONNECTING) {
			smtp_conn_drive(sl, s->pfd + sl->pfirst, sl->pcount);
		} else if (sl->state >= SMTP_CONN_READY && sl->pcount == 1 &&
		           s->pfd[sl->pfirst].revents) {
			smtp_io(sl, s->pfd[sl->pfirst].revents);
		}
		smtp_check_deadline(sl, now);
	}
	return 0;
}

/* ---- the run ----------------------------------------------------------- */

static bool smtp_more(const struct smtp_session *s)
{
	if (s->asking && !smtp_gave_up(s))
		return true;
	for (size_t i = 0; i < s->nslots; i++) {
		if (smtp_txn_busy(&s->slots[i]))
			return true;
	}
	return false;
}

/* Delivery cannot go on: end every message in flight honestly. */
static void smtp_abandon(struct smtp_session *s)
{
	const char *why = "local: delivery stopped by an internal error";
	for (size_t i = 0; i < s->nslots; i++) {
		struct smtp_slot *sl = &s->slots[i];
		if (sl->state <= SMTP_CONN_CONNECTING)
			smtp_txn_connect_failed(sl, 0, why);
		else
			smtp_txn_lost(sl, why);
		smtp_conn_close(sl);
	}
}

int smtp_run(struct smtp_session *s, const struct smtp_callbacks *cb, void *arg, size_t expect,
             struct diags *d)
{
	s->cb = cb;
	s->cbarg = arg;
	s->d = d;
	s->fatal = false;
	s->asking = true;
	s->ask_at = 0;
	s->conn_failures = 0;
	s->tokens = 1.0;
	s->token_ms = smtp_now_ms();
	/* open (and authenticate) ahead the connections the messages will need */
	s->want = expect < s->nconn ? expect : s->nconn;
	smtp_keep_open(s);
	while (!s->fatal) {
		smtp_service(s);
		if (s->fatal || !smtp_more(s))
			break;
		if (smtp_wait(s) < 0) {
			diag_error(d, EX_OSERR, NULL, 0, 0, NULL, "poll: %s", strerror(errno));
			s->fatal = true;
		}
	}
	int r = 0;
	if (s->fatal) {
		smtp_abandon(s);
		r = -1;
	} else if (s->auth_refused && s->auth_absent) {
		r = 2;
		diag_error(d, EX_CONFIG, NULL, 0, 0,
		           "point smtp.url at the relay's submission port (587), which asks for "
		           "AUTH, or remove smtp.username and the password to send without it",
		           "credentials are set but %s", smtp_conn_no_auth(s));
	} else if (s->auth_refused) {
		r = 2;
		diag_error(d, EX_CONFIG, NULL, 0, 0,
		           s->netrc
		               ? "check smtp.username and the netrc's entry for the relay's host "
		                 "(smtp.netrc); to send without AUTH, remove them"
		               : "check smtp.username and the password (smtp.password_env or "
		                 "smtp.password_command); to send without AUTH, remove them",
		           "the relay did not accept the credentials: %s (embargo tried once: a "
		           "relay locks an account that keeps failing)",
		           s->last_failure.buf);
	} else if (smtp_gave_up(s)) {
		r = 1;
		/* a warning: the status says it, the caller maps it to an exit */
		diag_warning(d, NULL, 0, 0,
		             "check smtp.url, smtp.tls, smtp.ca_file and the credentials",
		             "gave up after %d consecutive connection failures: %s", SMTP_GIVE_UP,
		             s->last_failure.buf);
	}
	s->cb = NULL;
	s->d = NULL;
	return r;
}

/* QUIT on every open connection, and wait a little for the replies: a
 * server logs a connection closed without it as a lost one. */
void smtp_quit_all(struct smtp_session *s)
{
	bool any = false;
	for (size_t i = 0; i < s->nslots; i++) {
		struct smtp_slot *sl = &s->slots[i];
		if (sl->state == SMTP_CONN_READY && !sl->dead && !smtp_txn_busy(sl)) {
			smtp_conn_quit(sl);
			smtp_io(sl, POLLOUT);
		}
		if (sl->state == SMTP_CONN_QUITTING)
			any = true;
		else if (sl->state != SMTP_CONN_NONE)
			smtp_conn_close(sl);
	}
	long long until = smtp_now_ms() + SMTP_QUIT_WAIT_MS;
	while (any) {
		long long now = smtp_now_ms();
		size_t n = smtp_pollset(s);
		if (now >= until || poll(s->pfd, n, (int)(until - now)) < 0)
			break;
		any = false;
		for (size_t i = 0; i < s->nslots; i++) {
			struct smtp_slot *sl = &s->slots[i];
			if (sl->state != SMTP_CONN_QUITTING)
				continue;
			if (sl->pcount == 1 && s->pfd[sl->pfirst].revents)
				smtp_io(sl, s->pfd[sl->pfirst].revents);
			if (sl->state == SMTP_CONN_QUITTING && sl->nexpect == 0)
				smtp_conn_close(sl);
			any = any || sl->state == SMTP_CONN_QUITTING;
		}
	}
	for (size_t i = 0; i < s->nslots; i++) {
		if (s->slots[i].state != SMTP_CONN_NONE)
			smtp_conn_close(&s->slots[i]);
	}
}
