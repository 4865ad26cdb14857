/*
 * smtp: hand messages to the relay over SMTP.
 *
 * libcurl makes each connection (TCP, STARTTLS or implicit TLS with
 * certificate and host checks, AUTH: CURLOPT_CONNECT_ONLY) and hands it
 * over; embargo then sends its own transactions through libcurl's TLS layer
 * (curl_easy_send, curl_easy_recv), one recipient per transaction, up to
 * smtp.connections connections reused for up to smtp.max_per_connection
 * messages each, an optional rate cap across connections.
 *
 * What the relay offers in its EHLO reply decides how:
 *   - PIPELINING (RFC 2920): MAIL, RCPT and DATA go in one write; the
 *     content, its final "." and the next message's MAIL, RCPT and DATA in
 *     the next: one round trip a message.  Without it, one command at a time.
 *   - CHUNKING (RFC 3030): the content goes as "BDAT <size> LAST", exactly as
 *     composed, no dot-stuffing; else after DATA, dot-stuffed (a message with
 *     no line starting with "." is sent as it is, without a copy pass).
 *   - DSN (RFC 3461): RET=HDRS and ENVID=<the release ID> on MAIL,
 *     NOTIFY=FAILURE,DELAY and ORCPT=rfc822;<address> on RCPT.
 *   - SIZE (RFC 1870): SIZE=<bytes> on MAIL.
 *   - 8BITMIME, SMTPUTF8: BODY=8BITMIME and SMTPUTF8 only when the message
 *     needs them (a byte >= 0x80 in the content, in the header or the
 *     envelope); a message that needs one the relay does not offer is
 *     refused before anything is sent.
 * Replies are matched to their commands in order.
 *
 * The caller feeds messages through next() and learns each outcome through
 * done(); attempt() is called for a message immediately before the write
 * that carries its final "." (or its "BDAT ... LAST"), so that the caller can
 * journal the attempt first (doc/design.md "Never twice").  That write may also carry
 * the next message's MAIL, RCPT and DATA: they cannot make it accepted.  A
 * message's final "." never leaves before the reply to the final "." of the
 * message before it on the same connection has come and done() has been
 * called for it: a crash leaves at most one message per connection unknown.
 *
 * Outcomes are classified like Postfix: a failure at the greeting, EHLO,
 * STARTTLS, AUTH or MAIL affects the transaction; RCPT only that recipient
 * (the DATA or BDAT after a refused RCPT is never counted as sent); a 421
 * anywhere defers the messages on that connection; other 4xx defer; 5xx
 * fail; no reply (EOF or timeout) after the final "." is unknown.  Every
 * reply is waited for at most smtp.timeout (the per-command timeout of RFC
 * 5321 4.5.3.2, counted from when the command was written or the reply
 * before it arrived).  After any fault the connection is closed and the
 * next message goes on a new one.
 * TLS policy: STARTTLS required (CURLUSESSL_ALL) unless tls is none, which is
 * only accepted for loopback hosts; certificates and host names verified.
 *
 * One thread drives every connection (poll); the callbacks are called from
 * the thread that called smtp_run, one at a time.
 */
#ifndef EMBARGO_SMTP_H
#define EMBARGO_SMTP_H

#include <stddef.h>

#include "conf.h"
#include "diag.h"

enum smtp_outcome {
	SMTP_SENT,     /* 2xx after the final "." */
	SMTP_DEFERRED, /* 4xx, 421, connection failure before the final "." */
	SMTP_FAILED,   /* 5xx */
	SMTP_UNKNOWN,  /* no reply after the final "." */
};

/* where the outcome was decided */
enum smtp_stage {
	SMTP_STAGE_CONNECT, /* connect, greeting, EHLO, STARTTLS, AUTH */
	SMTP_STAGE_MAIL,    /* MAIL (and the RSET before it) */
	SMTP_STAGE_RCPT,
	SMTP_STAGE_DATA, /* DATA, or the content before its final "." left */
	SMTP_STAGE_DOT,  /* the reply to the final "." (or BDAT ... LAST) */
};

struct smtp_msg {
	const char *rcpt; /* envelope recipient, validated address */
	const char *data; /* the whole message, CRLF only; must stay valid until done() */
	size_t len;
	const char *envid; /* DSN ENVID (the release ID), or NULL */
	void *arg;         /* the caller's, passed back untouched */
};

struct smtp_result {
	enum smtp_outcome outcome;
	enum smtp_stage stage;
	int code; /* the SMTP reply code, 0 when there was no reply */
	/* The reply to the last command (lines joined by a space, control
	 * characters as '?', at most 1000 bytes), or a description of the local
	 * error ("connect: ...", "TLS: server certificate not trusted: ...",
	 * "local: bare LF at offset 17"); valid during done() only. */
	const char *reply;
};

enum smtp_next {
	SMTP_NEXT_MSG,  /* *msg was filled in */
	SMTP_NEXT_WAIT, /* nothing now; ask again after *wait_ms */
	SMTP_NEXT_DONE, /* nothing more: finish the messages in flight and return */
};

struct smtp_callbacks {
	enum smtp_next (*next)(void *arg, struct smtp_msg *msg, long *wait_ms);
	/* Return 0 to let the final "." go, -1 to withdraw this message (it then
	 * ends DEFERRED with stage DATA and nothing is accepted by the server). */
	int (*attempt)(void *arg, const struct smtp_msg *msg);
	void (*done)(void *arg, const struct smtp_msg *msg, const struct smtp_result *r);
};

struct smtp_session;

/* smtp_run stops asking for messages after this many consecutive
 * connection failures. */
#define SMTP_GIVE_UP 5

/* Prepare a session: parse smtp.url, enforce the TLS policy (tls none to a
 * non-loopback host is EX_CONFIG), find the password (password_env,
 * password_command run with /bin/sh -c keeping the first line of its
 * output, netrc which must not be readable by others; with a netrc,
 * smtp.username picks the entry, else the host's first one).  mail_from must
 * pass smtp_envelope_ok.  Nothing is sent yet.  Each of the
 * smtp.connections connections has its own libcurl multi handle and
 * connection cache, which live and die with the session: no connection
 * outlives a session's TLS policy (doc/design.md "Library facts",
 * CVE-2026-4873).  Returns NULL
 * with an error in d; the session is freed with smtp_close, which closes its
 * connections (QUIT). */
struct smtp_session *smtp_open(const struct smtp_conf *c, const char *mail_from, struct diags *d);

/* Deliver until next() says DONE and every message in flight has ended.
 *
 * expect is how many messages the caller means to hand out (0: unknown):
 * that many connections, up to smtp.connections, are opened and
 * authenticated at once, before next() has a message, so that a caller whose
 * next() says WAIT until an instant starts at that instant on connections
 * that are ready.  Others open when a message needs them.
 *
 * next() is asked only when a connection can take a message and smtp.rate
 * allows a start (starts are spaced at least 1/rate apart across
 * connections); a connection still opening takes one, which waits for it.
 * After SMTP_NEXT_WAIT next() is asked again once *wait_ms have passed, or
 * sooner when a message ends.  done() is called exactly once per message
 * handed out.  No callback may call back into this session.
 *
 * A message is refused before any traffic, FAILED with a reply starting
 * "local: ", when its recipient fails smtp_envelope_ok (stage RCPT), its data
 * fails mime_check_wire (stage DATA, e.g. "local: bare LF at offset 17"), or
 * it needs SMTPUTF8 or 8BITMIME and the relay does not offer it (stage
 * MAIL); attempt() is not called for it.  Once attempt() has let the "." go,
 * any end without a reply to it is UNKNOWN, except when the "." never left
 * whole (DEFERRED, stage DATA).  A 5xx before MAIL (greeting, EHLO, STARTTLS,
 * AUTH) and 530 at MAIL defer rather than fail: they are the session's
 * problem, not the recipient's.  A connection that fails to open defers the
 * message waiting for it (stage CONNECT, the server's reply or libcurl's
 * error); one opened ahead that fails with no message waiting defers nothing.
 *
 * There are no retries here: a DEFERRED message is the caller's to hand out
 * again through next() (the 1 s and 2 s retries of doc/design.md
 * "Releases, templates and messages") or to defer
 * to a later run.
 *
 * Returns 0 when next() said DONE and everything in flight has ended.
 * Returns 1 after SMTP_GIVE_UP (5) consecutive connection failures (connect,
 * greeting, EHLO, STARTTLS, AUTH, or 530 at MAIL): next() is no longer
 * asked, the messages in flight are finished, a warning naming the last
 * failure is added to d, and the messages never handed out stay the
 * caller's to defer.  Returns 2, with an error (EX_CONFIG) in d naming the
 * settings, when credentials are set and the relay refused them (a 5xx to
 * AUTH) or opened without AUTH (it offers none): next() is no longer asked,
 * the message waiting for that connection is DEFERRED (stage CONNECT), and
 * no other connection tries them: while credentials are set, one connection
 * opens alone until it has authenticated.  A session that returned 2 sends
 * nothing more.  Returns -1 with an error in d when delivery could not
 * go on at all (an internal libcurl or poll failure); every message in
 * flight still gets its done() first (UNKNOWN if its "." had gone, else
 * DEFERRED). */
int smtp_run(struct smtp_session *s, const struct smtp_callbacks *cb, void *arg, size_t expect,
             struct diags *d);

/* What a session did so far, for tests and benchmarks. */
struct smtp_counters {
	unsigned long connects; /* connections opened (handed over by libcurl) */
	unsigned long writes;   /* groups written: output queued while none was pending */
	unsigned long commands; /* commands sent by us (the content counts as one) */
	unsigned long replies;  /* replies read by us */
};
void smtp_counters(const struct smtp_session *s, struct smtp_counters *out);

void smtp_close(struct smtp_session *s);

/* Reject CR, LF, NUL, space, '<' and '>' in an envelope address (and every
 * other control character, and the empty address): the command injection
 * guard applied before any address reaches the wire.  Returns 1 when addr
 * may be used, else 0. */
int smtp_envelope_ok(const char *addr);

#endif
