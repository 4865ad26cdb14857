/*
 * smtp_conn: one connection's life (smtp_int.h).
 *
 * libcurl opens it with CURLOPT_CONNECT_ONLY: connect, greeting, EHLO,
 * STARTTLS with certificate and host checks, the EHLO after it, AUTH; then
 * it returns with the connection open, ours to talk on through
 * curl_easy_send and curl_easy_recv (smtp_wire.c).  Meanwhile its header
 * callback shows us each reply (the last EHLO's lists the extensions; a
 * failure's reply is what a message waiting for the connection is deferred
 * with) and its debug callback each command (which reply is EHLO's, and the
 * -v trace).  libcurl does not send QUIT for a CONNECT_ONLY connection when
 * its handle leaves the multi handle: smtp_conn_quit does.
 */
#include "config.h"

#include <ctype.h>
#include <curl/curl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtp_int.h"

/* ---- what libcurl shows us while it connects ----------------------- */

/* One line of the EHLO reply: the first names the server, each other one
 * an extension. */
static void smtp_ehlo_line(struct smtp_slot *sl, const char *p, size_t n)
{
	static const struct {
		const char *kw;
		unsigned bit;
	} tab[] = {
	    {"PIPELINING", SMTP_EXT_PIPELINING},
	    {"CHUNKING", SMTP_EXT_CHUNKING},
	    {"DSN", SMTP_EXT_DSN},
	    {"8BITMIME", SMTP_EXT_8BITMIME},
	    {"SMTPUTF8", SMTP_EXT_SMTPUTF8},
	    {"SIZE", SMTP_EXT_SIZE},
	};
	if (sl->ehlo_capture == 1 || n < 4 || p[0] != '2') {
		sl->ehlo_capture = 2;
		return;
	}
	p += 4;
	n -= 4;
	size_t k = 0;
	while (k < n && p[k] != ' ' && p[k] != '\r' && p[k] != '\n')
		k++;
	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
		if (strlen(tab[i].kw) == k && strncasecmp(p, tab[i].kw, k) == 0)
			sl->ext |= tab[i].bit;
	}
}

/* Every reply line of the connection phase. */
static size_t smtp_header_cb(char *buf, size_t size, size_t nitems, void *userp)
{
	struct smtp_slot *sl = userp;
	size_t n = size * nitems;
	if (sl->state != SMTP_CONN_CONNECTING)
		return n;
	bool last = n < 4 || buf[3] != '-';
	if (sl->ehlo_capture)
		smtp_ehlo_line(sl, buf, n);
	if (!sl->reply_open) {
		strbuf_reset(&sl->reply);
		sl->reply_open = true;
	}
	if (sl->reply.len)
		strbuf_addch(&sl->reply, ' ');
	size_t from = sl->reply.len;
	smtp_add_text(&sl->reply, buf, n);
	smtp_redact(sl, &sl->reply, from); /* a relay may echo what followed AUTH */
	if (last) {
		sl->code = smtp_reply_code(buf, n);
		sl->reply_open = false;
		sl->ehlo_capture = 0;
	}
	return n;
}

/* Every command libcurl sends and every reply line, with CURLOPT_VERBOSE
 * (on only while connecting; nothing is printed by libcurl). */
static int smtp_debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *userp)
{
	struct smtp_slot *sl = userp;
	(void)h;
	if (type == CURLINFO_HEADER_OUT || type == CURLINFO_HEADER_IN)
		smtp_auth_watch(sl, type == CURLINFO_HEADER_OUT ? '>' : '<', data, size);
	if (type == CURLINFO_HEADER_OUT) {
		if (size >= 5 &&
		    (strncasecmp(data, "EHLO ", 5) == 0 || strncasecmp(data, "HELO ", 5) == 0)) {
			sl->ext = 0;
			sl->ehlo_capture = toupper((unsigned char)data[0]) == 'E' ? 1 : 0;
		}
		smtp_trace(sl, '>', data, size);
	} else if (type == CURLINFO_HEADER_IN) {
		smtp_trace(sl, '<', data, size);
	}
	return 0;
}

static int smtp_socket_cb(CURL *h, curl_socket_t fd, int what, void *userp, void *sockp)
{
	struct smtp_slot *sl = userp;
	(void)h;
	(void)sockp;
	size_t i = 0;
	while (i < sl->nsocks && sl->socks[i].fd != fd)
		i++;
	if (what == CURL_POLL_REMOVE) {
		if (i < sl->nsocks)
			sl->socks[i] = sl->socks[--sl->nsocks];
		return 0;
	}
	if (i == sl->nsocks) {
		sl->socks = xgrow(sl->socks, &sl->capsocks, sl->nsocks + 1, sizeof *sl->socks);
		sl->nsocks++;
	}
	sl->socks[i].fd = fd;
	sl->socks[i].what = what;
	return 0;
}

void smtp_describe(CURLcode rc, const char *errbuf, struct strbuf *out)
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
	const char *text = errbuf && *errbuf ? errbuf : curl_easy_strerror(rc);
	smtp_add_text(out, text, strlen(text));
}

/* ---- the handle ------------------------------------------------------ */

static bool smtp_easy_setup(struct smtp_slot *sl)
{
	struct smtp_session *s = sl->s;
	CURL *e = sl->easy;
	bool ok = true;
#define SET(opt, val) ok = ok && curl_easy_setopt(e, opt, val) == CURLE_OK
	SET(CURLOPT_URL, s->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	SET(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
	SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
	SET(CURLOPT_CONNECT_ONLY, 1L);
	SET(CURLOPT_HEADERFUNCTION, smtp_header_cb);
	SET(CURLOPT_HEADERDATA, sl);
	SET(CURLOPT_DEBUGFUNCTION, smtp_debug_cb);
	SET(CURLOPT_DEBUGDATA, sl);
	SET(CURLOPT_ERRORBUFFER, sl->errbuf);
	SET(CURLOPT_PRIVATE, sl);
	SET(CURLOPT_NOSIGNAL, 1L);
	/* never CURLUSESSL_TRY: it falls back to plaintext in silence */
	SET(CURLOPT_USE_SSL,
	    s->tls == SMTP_TLS_NONE ? (long)CURLUSESSL_NONE : (long)CURLUSESSL_ALL);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	if (s->ca_file)
		SET(CURLOPT_CAINFO, s->ca_file);
	if (s->username && !s->netrc)
		SET(CURLOPT_USERNAME, s->username);
	if (s->password)
		SET(CURLOPT_PASSWORD, s->password);
	if (s->netrc) {
		SET(CURLOPT_NETRC, (long)CURL_NETRC_REQUIRED);
		SET(CURLOPT_NETRC_FILE, s->netrc);
	}
	SET(CURLOPT_SASL_IR, 1L);
	/* the whole of connect, greeting, EHLO, STARTTLS and AUTH */
	SET(CURLOPT_CONNECTTIMEOUT, s->timeout);
	SET(CURLOPT_SERVER_RESPONSE_TIMEOUT, s->timeout);
	/* Every connection new, never one from a cache: CVE-2026-4873 (doc/design.md "Library
	 * facts") lets a handle reuse a cleartext connection when TLS is required. Here a
	 * connection lives as long as its handle is in the slot's own multi handle, and leaving it
	 * closes the connection. */
	SET(CURLOPT_FRESH_CONNECT, 1L);
#undef SET
	return ok;
}

bool smtp_conn_init(struct smtp_slot *sl)
{
	sl->fd = CURL_SOCKET_BAD;
	strbuf_init(&sl->out);
	strbuf_init(&sl->in);
	strbuf_init(&sl->reply);
	strbuf_init(&sl->secrets);
	sl->multi = curl_multi_init();
	sl->easy = curl_easy_init();
	if (!sl->multi || !sl->easy)
		return false;
	bool ok =
	    curl_multi_setopt(sl->multi, CURLMOPT_SOCKETFUNCTION, smtp_socket_cb) == CURLM_OK &&
	    curl_multi_setopt(sl->multi, CURLMOPT_SOCKETDATA, sl) == CURLM_OK &&
	    curl_multi_setopt(sl->multi, CURLMOPT_MAXCONNECTS, 1L) == CURLM_OK;
	return ok && smtp_easy_setup(sl);
}

void smtp_conn_release(struct smtp_slot *sl)
{
	if (sl->easy && sl->added)
		curl_multi_remove_handle(sl->multi, sl->easy);
	if (sl->easy)
		curl_easy_cleanup(sl->easy);
	if (sl->multi)
		curl_multi_cleanup(sl->multi);
	free(sl->socks);
	strbuf_release(&sl->out);
	strbuf_release(&sl->in);
	strbuf_release(&sl->reply);
	explicit_bzero(sl->secrets.buf, sl->secrets.len);
	strbuf_release(&sl->secrets);
}

/* Start opening the slot's connection.  Returns -1 when libcurl refuses. */
int smtp_conn_start(struct smtp_slot *sl)
{
	smtp_wire_reset(sl);
	sl->ext = 0;
	sl->ehlo_capture = 0;
	sl->in_auth = false;
	sl->auth_sent = false;
	explicit_bzero(sl->secrets.buf, sl->secrets.len);
	strbuf_reset(&sl->secrets);
	sl->uses = 0;
	sl->need_rset = false;
	sl->dead = false;
	sl->deadline = 0;
	sl->errbuf[0] = '\0';
	if (curl_easy_setopt(sl->easy, CURLOPT_VERBOSE, 1L) != CURLE_OK ||
	    curl_multi_add_handle(sl->multi, sl->easy) != CURLM_OK)
		return -1;
	sl->added = true;
	sl->state = SMTP_CONN_CONNECTING;
	return 0;
}

size_t smtp_conn_pollfds(struct smtp_slot *sl, struct pollfd *pfd)
{
	for (size_t k = 0; k < sl->nsocks; k++) {
		pfd[k].fd = sl->socks[k].fd;
		pfd[k].events = (short)(((sl->socks[k].what & CURL_POLL_IN) ? POLLIN : 0) |
		                        ((sl->socks[k].what & CURL_POLL_OUT) ? POLLOUT : 0));
		pfd[k].revents = 0;
	}
	return sl->nsocks;
}

/* Milliseconds until the slot's libcurl timer (-1: none). */
long smtp_conn_timeout(struct smtp_slot *sl)
{
	long ms = -1;
	if (curl_multi_timeout(sl->multi, &ms) != CURLM_OK)
		ms = -1;
	return ms;
}

const char *smtp_conn_no_auth(const struct smtp_session *s)
{
	return s->netrc ? "the relay offers no AUTH, or the netrc has no entry for it: nothing "
	                  "was sent unauthenticated"
	                : "the relay offers no AUTH: nothing was sent unauthenticated";
}

/* Credentials are set and libcurl opened the connection without AUTH:
 * the relay offers none (or no mechanism libcurl has), or the netrc has no
 * entry for the host.  Sending unauthenticated is not what the admin asked
 * for: the message waiting is deferred, the run stops (smtp_run), the
 * connection says QUIT. */
static void smtp_conn_unauthenticated(struct smtp_slot *sl)
{
	struct smtp_session *s = sl->s;
	char *why = xasprintf("AUTH: %s", smtp_conn_no_auth(s));
	s->auth_refused = true;
	s->auth_absent = true;
	smtp_note_conn_failure(s, why);
	smtp_txn_connect_failed(sl, 0, why);
	free(why);
	smtp_conn_quit(sl);
}

/* libcurl is done: the connection is ours, or it failed. */
static void smtp_conn_done(struct smtp_slot *sl, CURLcode rc)
{
	struct smtp_session *s = sl->s;
	curl_socket_t fd = CURL_SOCKET_BAD;
	if (rc == CURLE_OK &&
	    (curl_easy_getinfo(sl->easy, CURLINFO_ACTIVESOCKET, &fd) != CURLE_OK ||
	     fd == CURL_SOCKET_BAD))
		rc = CURLE_GOT_NOTHING;
	if (rc == CURLE_OK) {
		/* the debug callback has done its work: libcurl would otherwise
		 * format a message for each curl_easy_recv */
		curl_easy_setopt(sl->easy, CURLOPT_VERBOSE, 0L);
		sl->fd = fd;
		sl->state = SMTP_CONN_READY;
		sl->code = 0;
		sl->reply_open = false;
		strbuf_reset(&sl->reply);
		s->count.connects++;
		if (s->creds && !sl->auth_sent)
			smtp_conn_unauthenticated(sl);
		else
			s->authed = s->authed || s->creds;
		return;
	}
	struct strbuf why;
	strbuf_init(&why);
	int code = sl->code >= 400 ? sl->code : 0;
	if (code)
		strbuf_add(&why, sl->reply.buf, sl->reply.len);
	else
		smtp_describe(rc, sl->errbuf, &why);
	/* implicit TLS met a server greeting in clear: a STARTTLS port */
	if (rc == CURLE_SSL_CONNECT_ERROR && s->tls == SMTP_TLS_TLS &&
	    strstr(sl->errbuf, "unexpected TLS packet"))
		strbuf_adds(&why, " (the port may speak STARTTLS: then write smtp:// and "
		                  "smtp.tls: starttls)");
	smtp_redact(sl, &why, 0);
	/* The relay refused the credentials (535, or no mechanism in common):
	 * trying again, on this connection or another, cannot help, and a
	 * provider locks an account that keeps failing.  A 4xx to AUTH
	 * (454: temporary failure) is retried like any other. */
	if (sl->auth_sent && (rc == CURLE_LOGIN_DENIED || rc == CURLE_AUTH_ERROR) &&
	    (code == 0 || code >= 500))
		s->auth_refused = true;
	smtp_conn_close(sl);
	smtp_note_conn_failure(s, why.buf);
	smtp_txn_connect_failed(sl, code, why.buf);
	strbuf_release(&why);
}

/* Let libcurl act on the slot's sockets (pfd[0..n)) and its timer. */
void smtp_conn_drive(struct smtp_slot *sl, const struct pollfd *pfd, size_t n)
{
	int running;
	for (size_t k = 0; k < n; k++) {
		short ev = pfd[k].revents;
		int flags = 0;
		if (!ev)
			continue;
		if (ev & (POLLIN | POLLHUP))
			flags |= CURL_CSELECT_IN;
		if (ev & POLLOUT)
			flags |= CURL_CSELECT_OUT;
		if (ev & (POLLERR | POLLNVAL))
			flags |= CURL_CSELECT_ERR;
		curl_multi_socket_action(sl->multi, pfd[k].fd, flags, &running);
	}
	long ms = smtp_conn_timeout(sl);
	if (ms == 0)
		curl_multi_socket_action(sl->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	CURLMsg *m;
	int q;
	while (sl->state == SMTP_CONN_CONNECTING &&
	       (m = curl_multi_info_read(sl->multi, &q)) != NULL) {
		if (m->msg == CURLMSG_DONE)
			smtp_conn_done(sl, m->data.result);
	}
}

/* Close the connection (libcurl closes the socket, without QUIT).  The
 * slot's transactions must have been settled. */
void smtp_conn_close(struct smtp_slot *sl)
{
	if (sl->added)
		curl_multi_remove_handle(sl->multi, sl->easy);
	sl->added = false;
	sl->nsocks = 0;
	sl->fd = CURL_SOCKET_BAD;
	sl->state = SMTP_CONN_NONE;
	sl->dead = false;
	sl->deadline = 0;
	smtp_wire_reset(sl);
}

/* Say goodbye: QUIT, after whatever is still queued; the reply (or EOF)
 * closes the connection. */
void smtp_conn_quit(struct smtp_slot *sl)
{
	smtp_wire_command(sl, "QUIT");
	smtp_expect_push(sl, SMTP_CMD_QUIT, SMTP_STAGE_CONNECT, NULL);
	sl->state = SMTP_CONN_QUITTING;
}
