/*
 * smtp: hand messages to the relay over SMTP with libcurl's multi interface.
 *
 * One recipient per transaction, up to smtp.connections connections reused for
 * up to smtp.max_per_connection messages each, an optional rate cap across
 * connections.  The caller feeds messages through next() and learns each
 * outcome through done(); attempt() is called for a message immediately
 * before its final "." leaves (at the end of the upload, from the read
 * callback), so that the caller can journal the attempt first (DESIGN.md
 * promise 2).
 *
 * Outcomes are classified like Postfix: a failure at the greeting, EHLO,
 * STARTTLS, AUTH or MAIL affects the transaction; RCPT only that recipient;
 * 421 anywhere and any 4xx defer; 5xx fail; no reply (EOF or timeout) after
 * the final "." is unknown, and the next transaction uses a fresh connection.
 * TLS policy: STARTTLS required (CURLUSESSL_ALL) unless tls is none, which is
 * only accepted for loopback hosts; certificates and host names verified.
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

enum smtp_stage { /* where the outcome was decided */
	SMTP_STAGE_CONNECT, /* connect, greeting, EHLO, STARTTLS, AUTH */
	SMTP_STAGE_MAIL,
	SMTP_STAGE_RCPT,
	SMTP_STAGE_DATA,    /* DATA command or the upload */
	SMTP_STAGE_DOT,     /* the reply to the final "." */
};

struct smtp_msg {
	const char *rcpt;   /* envelope recipient, validated address */
	const char *data;   /* the whole message, CRLF only; must stay valid until done() */
	size_t len;
	void *arg;          /* the caller's, passed back untouched */
};

struct smtp_result {
	enum smtp_outcome outcome;
	enum smtp_stage stage;
	int code;           /* the SMTP reply code, 0 when there was no reply */
	const char *reply;  /* the server's reply line(s), or a description of the
	                       local error ("connection refused", "TLS: certificate
	                       not trusted"); valid during done() only */
};

enum smtp_next {
	SMTP_NEXT_MSG,   /* *msg was filled in */
	SMTP_NEXT_WAIT,  /* nothing now; ask again after *wait_ms */
	SMTP_NEXT_DONE,  /* nothing more: finish the messages in flight and return */
};

struct smtp_callbacks {
	enum smtp_next (*next)(void *arg, struct smtp_msg *msg, long *wait_ms);
	/* Return 0 to let the final "." go, -1 to abort this message (it then
	 * ends DEFERRED with stage DATA and nothing is accepted by the server). */
	int (*attempt)(void *arg, const struct smtp_msg *msg);
	void (*done)(void *arg, const struct smtp_msg *msg, const struct smtp_result *r);
};

struct smtp_session;

/* Prepare a session: parse smtp.url, enforce the TLS policy (tls none to a
 * non-loopback host is EX_CONFIG), find the password (password_env,
 * password_command, netrc).  Nothing is sent yet.  Returns NULL with an error
 * in d. */
struct smtp_session *smtp_open(const struct smtp_conf *c, const char *mail_from,
                               struct diags *d);

/* Deliver until next() says DONE and every message in flight has ended.
 * Returns 0, or -1 with an error in d when delivery could not go on at all
 * (the messages not yet handed out are simply never asked for). */
int smtp_run(struct smtp_session *s, const struct smtp_callbacks *cb, void *arg,
             struct diags *d);

void smtp_close(struct smtp_session *s);

/* Reject CR, LF, NUL, space, '<' and '>' in an envelope address: the command
 * injection guard applied before any address reaches libcurl. */
int smtp_envelope_ok(const char *addr);

#endif
