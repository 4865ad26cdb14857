/*
 * smtp_run: one transaction from start to outcome, and the loop that drives
 * every connection (smtp.h).
 */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sysexits.h>
#include <time.h>

#include "mime.h"
#include "smtp_int.h"

/* ---- one transaction ------------------------------------------------ */

/* Printable, bounded text for a reply field. */
static void smtp_add_text(struct strbuf *sb, const char *p)
{
	for (; *p && sb->len < SMTP_REPLY_MAX; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '\r' || c == '\n')
			continue;
		strbuf_addch(sb, c < 0x20 || c == 0x7f ? '?' : (char)c);
	}
}

static void smtp_describe(CURLcode rc, const char *errbuf, struct strbuf *out)
{
	static const struct {
		CURLcode rc;
		const char *prefix;
	} tab[] = {
	    {CURLE_COULDNT_RESOLVE_HOST, "connect: "},
	    {CURLE_COULDNT_CONNECT, "connect: "},
	    {CURLE_PEER_FAILED_VERIFICATION, "TLS: server certificate not trusted: "},
	    {CURLE_SSL_CONNECT_ERROR, "TLS: "},
	    {CURLE_USE_SSL_FAILED,
	     "TLS: the server does not offer STARTTLS, nothing was sent in clear: "},
	    {CURLE_OPERATION_TIMEDOUT, "timeout: "},
	    {CURLE_LOGIN_DENIED, "AUTH: "},
	    {CURLE_RECV_ERROR, "connection lost: "},
	    {CURLE_SEND_ERROR, "connection lost: "},
	    {CURLE_GOT_NOTHING, "connection lost: "},
	};
	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
		if (tab[i].rc == rc) {
			strbuf_adds(out, tab[i].prefix);
			break;
		}
	}
	smtp_add_text(out, errbuf && *errbuf ? errbuf : curl_easy_strerror(rc));
}

/* Postfix's rules (doc/design.md "Library facts"): 421 and 4xx defer; 5xx fails the recipient,
 * except before MAIL (the greeting, EHLO, STARTTLS, AUTH: a problem of the
 * session, not of the message) and 530 at MAIL (authentication required),
 * which defer; no reply after the final "." is unknown. */
static void smtp_classify(struct smtp_slot *sl, CURLcode rc, struct smtp_result *r,
                          struct strbuf *text)
{
	bool answered = sl->replied && sl->reply_seq == sl->cmd_seq;
	r->stage = sl->stage;
	r->code = 0;
	if (rc == CURLE_OK || (sl->dot_replied && sl->code / 100 == 2)) {
		r->outcome = SMTP_SENT;
		r->code = sl->code;
		strbuf_add(text, sl->reply.buf, sl->reply.len);
	} else if (sl->aborted) {
		r->outcome = SMTP_DEFERRED;
		r->stage = SMTP_STAGE_DATA;
		strbuf_adds(text, "local: the attempt could not be recorded; message withdrawn "
		                  "before the final \".\"");
	} else if (answered && sl->code >= 400) {
		bool session = sl->stage == SMTP_STAGE_CONNECT ||
		               (sl->stage == SMTP_STAGE_MAIL && sl->code == 530);
		r->outcome = sl->code / 100 == 5 && !session ? SMTP_FAILED : SMTP_DEFERRED;
		r->code = sl->code;
		strbuf_add(text, sl->reply.buf, sl->reply.len);
	} else if (sl->dot_sent && rc == CURLE_SEND_ERROR) {
		/* a send failed, and the "." is the last thing sent: it never
		 * left whole, so the server cannot have accepted the message */
		r->outcome = SMTP_DEFERRED;
		r->stage = SMTP_STAGE_DATA;
		smtp_describe(rc, sl->errbuf, text);
	} else if (sl->dot_sent) {
		r->outcome = SMTP_UNKNOWN;
		strbuf_adds(text, "no reply to the final \".\": ");
		smtp_describe(rc, sl->errbuf, text);
	} else {
		r->outcome = SMTP_DEFERRED;
		smtp_describe(rc, sl->errbuf, text);
	}
}

/* Make sure a connection left in an unknown state is never reused: shut its
 * socket down (libcurl owns and later closes the descriptor), so that
 * libcurl finds it dead instead of waiting for a QUIT reply on it. */
static void smtp_kill_connection(struct smtp_slot *sl)
{
	curl_socket_t fd = CURL_SOCKET_BAD;
	if (curl_easy_getinfo(sl->easy, CURLINFO_ACTIVESOCKET, &fd) == CURLE_OK &&
	    fd != CURL_SOCKET_BAD)
		shutdown(fd, SHUT_RDWR);
}

static void smtp_reset_transaction(struct smtp_slot *sl, const struct smtp_msg *m)
{
	sl->msg = *m;
	sl->off = 0;
	sl->stage = SMTP_STAGE_CONNECT;
	sl->cmd_seq = sl->reply_seq = 0;
	sl->replied = sl->quit_sent = sl->attempted = sl->aborted = false;
	sl->dot_sent = sl->dot_replied = false;
	sl->code = 0;
	sl->errbuf[0] = '\0';
	strbuf_reset(&sl->line);
	strbuf_reset(&sl->reply);
}

/* Hand the slot's message to libcurl: on the slot's own thread, without
 * the lock.  Returns -1 when libcurl refuses it. */
static int smtp_start(struct smtp_slot *sl)
{
	struct smtp_session *s = sl->s;
	char *rcpt = xasprintf("<%s>", sl->msg.rcpt);
	curl_slist_free_all(sl->rcpt);
	sl->rcpt = curl_slist_append(NULL, rcpt);
	free(rcpt);
	if (!sl->rcpt)
		return -1;
	/* the last message of a connection closes it (QUIT) when it is done */
	long last = sl->fresh ? 1 : sl->uses + 1;
	sl->forbid = last >= s->max_per_conn;
	bool ok =
	    curl_easy_setopt(sl->easy, CURLOPT_MAIL_RCPT, sl->rcpt) == CURLE_OK &&
	    curl_easy_setopt(sl->easy, CURLOPT_INFILESIZE_LARGE, (curl_off_t)sl->msg.len) ==
	        CURLE_OK &&
	    curl_easy_setopt(sl->easy, CURLOPT_FRESH_CONNECT, sl->fresh ? 1L : 0L) == CURLE_OK &&
	    curl_easy_setopt(sl->easy, CURLOPT_FORBID_REUSE, sl->forbid ? 1L : 0L) == CURLE_OK;
	if (!ok || curl_multi_add_handle(sl->multi, sl->easy) != CURLM_OK)
		return -1;
	sl->fresh = false;
	sl->added = true;
	return 0;
}

/* Why a message must not reach the wire at all (FAILED with no traffic):
 * a reply text to free and the stage, or NULL when it may go.  Pure, so
 * that the slot's thread runs it outside the lock (the wire check reads
 * every byte of the message). */
static char *smtp_local_refusal(const struct smtp_msg *m, enum smtp_stage *stage)
{
	const char *why = NULL;
	size_t at = 0;
	*stage = SMTP_STAGE_RCPT;
	if (!m->rcpt || !smtp_envelope_ok(m->rcpt))
		return xstrdup("local: envelope recipient is empty or holds a forbidden character "
		               "(control, space, '<' or '>')");
	if (mime_check_wire(m->data, m->len, &why, &at) < 0) {
		*stage = SMTP_STAGE_DATA;
		return xasprintf("local: %s at offset %zu", why, at);
	}
	return NULL;
}

static void smtp_count(struct smtp_session *s, const struct smtp_result *r)
{
	bool session = r->outcome != SMTP_SENT && (r->stage == SMTP_STAGE_CONNECT ||
	                                           (r->stage == SMTP_STAGE_MAIL && r->code == 530));
	if (!session) {
		s->conn_failures = 0;
		return;
	}
	s->conn_failures++;
	strbuf_reset(&s->last_failure);
	strbuf_adds(&s->last_failure, r->reply);
}

static void smtp_finish(struct smtp_slot *sl, CURLcode rc)
{
	struct smtp_session *s = sl->s;
	struct smtp_result r;
	struct strbuf text;
	long nconn = 0;
	strbuf_init(&text);
	smtp_classify(sl, rc, &r, &text);
	r.reply = text.buf;
	curl_easy_getinfo(sl->easy, CURLINFO_NUM_CONNECTS, &nconn);
	sl->uses = nconn > 0 ? 1 : sl->uses + 1;
	if (r.outcome != SMTP_SENT) {
		smtp_kill_connection(sl);
		sl->fresh = true;
	}
	if (sl->forbid || sl->fresh)
		sl->uses = 0; /* the next transfer opens a new connection */
	curl_multi_remove_handle(sl->multi, sl->easy);
	sl->added = false;
	sl->busy = false;
	smtp_count(s, &r);
	s->cb->done(s->cbarg, &sl->msg, &r);
	strbuf_release(&text);
}

/* ---- the loop ------------------------------------------------------- */

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
	return s->conn_failures >= SMTP_GIVE_UP;
}

/* The slot's message ends without a transfer: refused before any traffic
 * (FAILED: nothing reached the wire, so its rate token is given back), or
 * not taken by libcurl (DEFERRED, and delivery stops). */
static void smtp_end_untried(struct smtp_slot *sl, enum smtp_outcome outcome,
                             enum smtp_stage stage, const char *text)
{
	struct smtp_session *s = sl->s;
	struct smtp_result r = {outcome, stage, 0, text};
	sl->busy = false;
	if (outcome == SMTP_FAILED)
		s->tokens += 1.0;
	s->cb->done(s->cbarg, &sl->msg, &r);
}

static struct smtp_slot *smtp_idle_slot(struct smtp_session *s)
{
	for (size_t i = 0; i < s->nslots; i++) {
		if (s->slots[i].live && !s->slots[i].busy)
			return &s->slots[i];
	}
	return NULL;
}

/* Give every idle slot a message while next() has some and the rate allows
 * (whichever thread holds the lock does it for all: an unfair lock would
 * otherwise leave some slots waiting).  The slot's own thread checks and
 * starts it (smtp_slot_main). */
static void smtp_ask(struct smtp_session *s)
{
	struct smtp_slot *sl;
	while (s->asking && !smtp_gave_up(s) && (sl = smtp_idle_slot(s)) != NULL) {
		long long now = smtp_now_ms();
		if (now < s->ask_at)
			break;
		long long w = smtp_token_wait(s, now);
		if (w > 0) {
			s->ask_at = now + w;
			break;
		}
		struct smtp_msg m = {0};
		long wait_ms = 0;
		enum smtp_next r = s->cb->next(s->cbarg, &m, &wait_ms);
		if (r == SMTP_NEXT_DONE) {
			s->asking = false;
		} else if (r == SMTP_NEXT_WAIT) {
			s->ask_at = now + (wait_ms > 0 ? wait_ms : 1);
			break;
		} else {
			smtp_reset_transaction(sl, &m);
			sl->busy = true;
			s->tokens -= 1.0;
		}
	}
	pthread_cond_broadcast(&s->wake); /* slots given a message may be asleep */
}

/* An idle slot waits for the time to ask again, or for a message to end
 * (it may come back to be retried, or be the last one). */
static void smtp_sleep(struct smtp_session *s)
{
	long long now = smtp_now_ms();
	long long until = s->ask_at > now ? s->ask_at : now + 60000;
	struct timespec ts = {.tv_sec = (time_t)(until / 1000),
	                      .tv_nsec = (long)(until % 1000) * 1000000};
	pthread_cond_timedwait(&s->wake, &s->lock, &ts);
}

static size_t smtp_pollfds(struct smtp_slot *sl)
{
	sl->pfd = xgrow(sl->pfd, &sl->cappfd, sl->nsocks + 1, sizeof *sl->pfd);
	for (size_t k = 0; k < sl->nsocks; k++) {
		sl->pfd[k].fd = sl->socks[k].fd;
		sl->pfd[k].events = (short)(((sl->socks[k].what & CURL_POLL_IN) ? POLLIN : 0) |
		                            ((sl->socks[k].what & CURL_POLL_OUT) ? POLLOUT : 0));
		sl->pfd[k].revents = 0;
	}
	return sl->nsocks;
}

/* Milliseconds until the slot's libcurl timer. */
static int smtp_poll_timeout(struct smtp_slot *sl)
{
	long ms = -1;
	if (curl_multi_timeout(sl->multi, &ms) != CURLM_OK || ms < 0 || ms > 60000)
		ms = 60000;
	return (int)ms;
}

static void smtp_drive(struct smtp_slot *sl, size_t n)
{
	int running;
	for (size_t k = 0; k < n; k++) {
		short ev = sl->pfd[k].revents;
		int flags = 0;
		if (!ev)
			continue;
		if (ev & (POLLIN | POLLHUP))
			flags |= CURL_CSELECT_IN;
		if (ev & POLLOUT)
			flags |= CURL_CSELECT_OUT;
		if (ev & (POLLERR | POLLNVAL))
			flags |= CURL_CSELECT_ERR;
		curl_multi_socket_action(sl->multi, sl->pfd[k].fd, flags, &running);
	}
	long ms = -1;
	if (curl_multi_timeout(sl->multi, &ms) == CURLM_OK && ms == 0)
		curl_multi_socket_action(sl->multi, CURL_SOCKET_TIMEOUT, 0, &running);
}

/* Wait for the slot's sockets or timer and let libcurl act on them: without
 * the lock (attempt() takes it). */
static int smtp_wait(struct smtp_slot *sl)
{
	int timeout = smtp_poll_timeout(sl);
	if (timeout == 0) { /* a timer due now (a transfer just added): no poll */
		smtp_drive(sl, 0);
		return 0;
	}
	size_t n = smtp_pollfds(sl);
	if (poll(sl->pfd, n, timeout) < 0) {
		if (errno != EINTR)
			return -1;
		n = 0;
	}
	smtp_drive(sl, n);
	return 0;
}

/* Drive the slot's transfer until libcurl says it has ended (*rc its
 * result).  Without the lock: the transfer is this thread's alone from the
 * moment it is started until smtp_finish, and only attempt() (which takes
 * the lock itself) reaches the caller meanwhile.  Taking the lock once per
 * message instead of once per poll is what lets four connections share it
 * without waiting on each other.  Returns -1 when poll fails (errno). */
static int smtp_drive_to_end(struct smtp_slot *sl, CURLcode *rc)
{
	for (;;) {
		if (smtp_wait(sl) < 0)
			return -1;
		CURLMsg *m;
		int q;
		while ((m = curl_multi_info_read(sl->multi, &q)) != NULL) {
			if (m->msg == CURLMSG_DONE) {
				*rc = m->data.result;
				return 0;
			}
		}
	}
}

/* Check the slot's message, start it and drive it to its end: outside the
 * lock (the slot is this thread's alone while it is busy, and only
 * attempt(), which takes the lock itself, reaches the caller meanwhile);
 * then, under the lock again, end it. */
static void smtp_transfer(struct smtp_slot *sl)
{
	struct smtp_session *s = sl->s;
	pthread_mutex_unlock(&s->lock);
	enum smtp_stage stage;
	char *refused = smtp_local_refusal(&sl->msg, &stage);
	int started = refused ? 0 : smtp_start(sl);
	CURLcode rc = CURLE_OK;
	int r = refused || started < 0 ? 0 : smtp_drive_to_end(sl, &rc);
	int e = errno;
	pthread_mutex_lock(&s->lock);
	if (refused) {
		smtp_end_untried(sl, SMTP_FAILED, stage, refused);
		free(refused);
	} else if (started < 0) {
		diag_error(s->d, EX_SOFTWARE, NULL, 0, 0, NULL, "libcurl refused a transfer");
		smtp_end_untried(sl, SMTP_DEFERRED, SMTP_STAGE_CONNECT,
		                 "local: delivery stopped by an internal error");
		s->fatal = true;
	} else if (r < 0) {
		diag_error(s->d, EX_OSERR, NULL, 0, 0, NULL, "poll: %s", strerror(e));
		s->fatal = true; /* smtp_abandon ends the message */
	} else {
		smtp_finish(sl, rc);
		/* what next() said to wait for may have happened */
		s->ask_at = 0;
		pthread_cond_broadcast(&s->wake);
	}
}

/* One slot's loop: ask for a message, drive it to its end, again, until
 * next() says DONE, the server keeps failing or something breaks. */
static void *smtp_slot_main(void *arg)
{
	struct smtp_slot *sl = arg;
	struct smtp_session *s = sl->s;
	pthread_mutex_lock(&s->lock);
	while (!s->fatal) {
		smtp_ask(s);
		if (sl->busy) {
			smtp_transfer(sl);
			continue;
		}
		if (!s->asking || smtp_gave_up(s))
			break;
		smtp_sleep(s);
	}
	sl->live = false;
	pthread_cond_broadcast(&s->wake);
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

/* Delivery cannot go on: end every message in flight honestly (every slot's
 * thread has ended). */
static void smtp_abandon(struct smtp_session *s)
{
	for (size_t i = 0; i < s->nslots; i++) {
		struct smtp_slot *sl = &s->slots[i];
		if (!sl->busy)
			continue;
		struct smtp_result r = {SMTP_DEFERRED, sl->stage, 0,
		                        "local: delivery stopped by an internal error"};
		if (sl->dot_sent && !sl->dot_replied)
			r.outcome = SMTP_UNKNOWN;
		if (sl->added) {
			smtp_kill_connection(sl);
			curl_multi_remove_handle(sl->multi, sl->easy);
			sl->added = false;
		}
		sl->busy = false;
		sl->fresh = true;
		s->cb->done(s->cbarg, &sl->msg, &r);
	}
}

/* Slot 0 runs in the calling thread; the others get threads of their own
 * (a slot whose thread cannot start stays unused). */
static void smtp_run_slots(struct smtp_session *s)
{
	s->slots[0].live = true;
	for (size_t i = 1; i < s->nslots; i++) {
		struct smtp_slot *sl = &s->slots[i];
		pthread_mutex_lock(&s->lock);
		sl->running = sl->live = pthread_create(&sl->thread, NULL, smtp_slot_main, sl) == 0;
		pthread_mutex_unlock(&s->lock);
	}
	smtp_slot_main(&s->slots[0]);
	for (size_t i = 1; i < s->nslots; i++)
		if (s->slots[i].running)
			pthread_join(s->slots[i].thread, NULL);
}

int smtp_run(struct smtp_session *s, const struct smtp_callbacks *cb, void *arg, struct diags *d)
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
	smtp_run_slots(s);
	int r = 0;
	if (s->fatal) {
		smtp_abandon(s);
		r = -1;
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
