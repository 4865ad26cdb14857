/*
 * smtp: hand messages to the relay over SMTP with libcurl's multi interface.
 *
 * One recipient per transaction, up to smtp.connections connections reused for
 * up to smtp.max_per_connection messages each, an optional rate cap across
 * connections.  The caller feeds messages through next() and learns each
 * outcome through done(); attempt() is called for a message immediately
 * before its final "." can leave (from the read callback, as libcurl takes
 * the message's last bytes), so that the caller can journal the attempt
 * first (doc/design.md "Never twice").
 *
 * Outcomes are classified like Postfix: a failure at the greeting, EHLO,
 * STARTTLS, AUTH or MAIL affects the transaction; RCPT only that recipient;
 * 421 anywhere and any 4xx defer; 5xx fail; no reply (EOF or timeout) after
 * the final "." is unknown, and the next transaction uses a fresh connection.
 * TLS policy: STARTTLS required (CURLUSESSL_ALL) unless tls is none, which is
 * only accepted for loopback hosts; certificates and host names verified.
 *
 * libcurl 7.88 waits for the reply to the final "." synchronously, inside
 * its multi loop: each connection is therefore driven by a thread of its own
 * (the first by the caller's), so that the wait holds up that connection
 * only.  The callbacks are never called concurrently: they run one at a
 * time, under the session's lock, from whichever connection's thread needs
 * them, so the caller needs no locking of its own.
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
	SMTP_STAGE_MAIL,
	SMTP_STAGE_RCPT,
	SMTP_STAGE_DATA, /* DATA command or the upload */
	SMTP_STAGE_DOT,  /* the reply to the final "." */
};

struct smtp_msg {
	const char *rcpt; /* envelope recipient, validated address */
	const char *data; /* the whole message, CRLF only; must stay valid until done() */
	size_t len;
	void *arg; /* the caller's, passed back untouched */
};

struct smtp_result {
	enum smtp_outcome outcome;
	enum smtp_stage stage;
	int code; /* the SMTP reply code, 0 when there was no reply */
	/* The reply to the last command (lines joined by a space, control
	 * characters as '?', at most 1000 bytes; a QUIT's "221" never), or a
	 * description of the local error ("connect: ...", "TLS: server
	 * certificate not trusted: ...", "local: bare LF at offset 17");
	 * valid during done() only. */
	const char *reply;
};

enum smtp_next {
	SMTP_NEXT_MSG,  /* *msg was filled in */
	SMTP_NEXT_WAIT, /* nothing now; ask again after *wait_ms */
	SMTP_NEXT_DONE, /* nothing more: finish the messages in flight and return */
};

struct smtp_callbacks {
	enum smtp_next (*next)(void *arg, struct smtp_msg *msg, long *wait_ms);
	/* Return 0 to let the final "." go, -1 to abort this message (it then
	 * ends DEFERRED with stage DATA and nothing is accepted by the server). */
	int (*attempt)(void *arg, const struct smtp_msg *msg);
	void (*done)(void *arg, const struct smtp_msg *msg, const struct smtp_result *r);
};

struct smtp_session;

/* smtp_run stops asking for messages after this many consecutive
 * connection-stage failures. */
#define SMTP_GIVE_UP 5

/* Prepare a session: parse smtp.url, enforce the TLS policy (tls none to a
 * non-loopback host is EX_CONFIG), find the password (password_env,
 * password_command run with /bin/sh -c keeping the first line of its
 * output, netrc which must not be readable by others; with a netrc,
 * smtp.username picks the entry, else the host's first one).  mail_from must pass
 * smtp_envelope_ok.  Nothing is sent yet.  Each of the smtp.connections
 * connections has its own libcurl multi handle and connection cache, which
 * live and die with the session: no connection outlives a session's TLS
 * policy (doc/design.md "Library facts", CVE-2026-4873).  Returns NULL with an error in d; the
 * session is freed with smtp_close, which closes its connections (QUIT). */
struct smtp_session *smtp_open(const struct smtp_conf *c, const char *mail_from, struct diags *d);

/* Deliver until next() says DONE and every message in flight has ended.
 * next() is asked only when a connection is free and smtp.rate allows a
 * start (starts are spaced at least 1/rate apart across connections); after
 * SMTP_NEXT_WAIT it is asked again once *wait_ms have passed, or sooner when
 * a message in flight ends.  done() is called exactly once per message
 * handed out; attempt() is called from inside libcurl (its read callback);
 * with several connections, from their threads, one call at a time (see
 * above): no callback may call back into this session.
 *
 * A message is refused before any traffic, FAILED with a reply starting
 * "local: ", when its recipient fails smtp_envelope_ok (stage RCPT) or its
 * data fails mime_check_wire (stage DATA, e.g. "local: bare LF at offset
 * 17"); attempt() is not called for it.  Once attempt() has let the "." go,
 * any end without a reply to it is UNKNOWN, except a failed send (the "."
 * never left whole: DEFERRED, stage DATA).  A 5xx before MAIL (greeting,
 * EHLO, STARTTLS, AUTH) and 530 at MAIL defer rather than fail: they are
 * the session's problem, not the recipient's.
 *
 * There are no retries here: a DEFERRED message is the caller's to hand out
 * again through next() (the 1 s and 2 s retries of doc/design.md
 * "Releases, templates and messages") or to defer
 * to a later run.
 *
 * Returns 0 when next() said DONE and everything in flight has ended.
 * Returns 1 after SMTP_GIVE_UP (5) consecutive transactions failed at the
 * connection stage (connect, greeting, EHLO, STARTTLS, AUTH, or 530 at
 * MAIL): next() is no longer asked, the messages in flight are finished, a
 * warning naming the last failure is added to d, and the messages never
 * handed out stay the caller's to defer.  Returns -1 with an error in
 * d when delivery could not go on at all (an internal libcurl or poll
 * failure); every message in flight still gets its done() first (UNKNOWN if
 * its "." had gone, else DEFERRED). */
int smtp_run(struct smtp_session *s, const struct smtp_callbacks *cb, void *arg, struct diags *d);

void smtp_close(struct smtp_session *s);

/* Reject CR, LF, NUL, space, '<' and '>' in an envelope address (and every
 * other control character, and the empty address): the command injection
 * guard applied before any address reaches libcurl.  Returns 1 when addr
 * may be used, else 0. */
int smtp_envelope_ok(const char *addr);

#endif
