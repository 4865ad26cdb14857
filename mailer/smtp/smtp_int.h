/*
 * smtp_int.h: what the SMTP modules share.  Not for other modules: they use
 * smtp.h.
 *
 *   smtp.c       the session: settings, password, URL and TLS policy
 *   smtp_conn.c  a connection: libcurl opens it (CURLOPT_CONNECT_ONLY:
 *                greeting, EHLO, STARTTLS, AUTH) and hands it over; the
 *                extensions the relay offers; QUIT and close
 *   smtp_wire.c  bytes on a handed-over connection: the output stream (one
 *                write per group), replies read and split, the -v trace
 *   smtp_txn.c   transactions: the commands of each message, pipelined or
 *                one at a time, replies matched in order, outcomes
 *   smtp_run.c   the loop: asking for messages, polling every connection,
 *                timers, giving up
 */
#ifndef EMBARGO_SMTP_INT_H
#define EMBARGO_SMTP_INT_H

#include <curl/curl.h>
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>

#include "smtp.h"
#include "util.h"

enum {
	SMTP_REPLY_MAX = 1000, /* keep this much of a reply's text */
	SMTP_MAX_CONNECTIONS = 64,
	SMTP_LINE_MAX = 65536,    /* a reply line longer than this is a protocol error */
	SMTP_EXPECT_MAX = 16,     /* replies awaited on one connection, at most */
	SMTP_TXN_MAX = 2,         /* messages on one connection at once */
	SMTP_QUIT_WAIT_MS = 2000, /* how long smtp_close waits for the QUIT replies */
	SMTP_SECRET_MIN = 4,      /* shorter AUTH arguments ("=") are not hidden in replies */
	SMTP_SECRET_TAIL_MIN = 8, /* a secret cut off at a reply's end, hidden from this long */
};

/* Service extensions of the relay's EHLO reply that change what we send. */
enum smtp_ext {
	SMTP_EXT_PIPELINING = 1 << 0, /* RFC 2920 */
	SMTP_EXT_CHUNKING = 1 << 1,   /* RFC 3030 */
	SMTP_EXT_DSN = 1 << 2,        /* RFC 3461 */
	SMTP_EXT_8BITMIME = 1 << 3,   /* RFC 6152 */
	SMTP_EXT_SMTPUTF8 = 1 << 4,   /* RFC 6531 */
	SMTP_EXT_SIZE = 1 << 5,       /* RFC 1870 */
};

/* The commands whose replies we wait for. */
enum smtp_cmd {
	SMTP_CMD_RSET,
	SMTP_CMD_MAIL,
	SMTP_CMD_RCPT,
	SMTP_CMD_DATA,
	SMTP_CMD_DOT,      /* the content and its final "." */
	SMTP_CMD_BDAT,     /* BDAT n LAST and the content */
	SMTP_CMD_LONE_DOT, /* "." alone: DATA accepted for a transaction already failed */
	SMTP_CMD_QUIT,
};

enum smtp_conn_state {
	SMTP_CONN_NONE,       /* no connection */
	SMTP_CONN_CONNECTING, /* libcurl is connecting, greeting, TLS, AUTH */
	SMTP_CONN_READY,      /* handed over: ours */
	SMTP_CONN_QUITTING,   /* QUIT sent, waiting for its reply or EOF */
};

/* One message on a connection, from the moment a slot takes it until its
 * outcome is known and every reply due for it has arrived. */
struct smtp_txn {
	struct smtp_msg msg;
	bool used;                  /* holds a message */
	bool decided;               /* done() was called: msg's strings are no longer ours */
	bool queued;                /* its MAIL (and what follows it) is in the output */
	bool mail_ok;               /* MAIL accepted: the server holds a transaction */
	bool ready;                 /* the content may go: 354 to DATA, or RCPT accepted (BDAT) */
	bool final_queued;          /* attempt() said yes and the final command is queued */
	bool body_8bit;             /* a byte >= 0x80 in the message */
	bool head_utf8;             /* ... in the header or the envelope */
	bool rset;                  /* RSET goes before its MAIL */
	bool dot_line;              /* a line starts with ".": stuffing needed after DATA */
	unsigned long seq;          /* taken after every transaction with a lower one */
	unsigned pending;           /* replies still due for it */
	unsigned ncmds;             /* commands of it queued so far (one at a time: the next one) */
	enum smtp_stage next_stage; /* the stage of its next command */
	unsigned long long final_end; /* the output offset just past its final "." */
};

struct smtp_expect { /* a reply we wait for, in order */
	enum smtp_cmd cmd;
	enum smtp_stage stage;
	struct smtp_txn *t; /* NULL for QUIT */
};

struct smtp_sock { /* a socket libcurl asked us to watch while it connects */
	curl_socket_t fd;
	int what; /* CURL_POLL_IN / OUT / INOUT */
};

/* One connection slot: its own libcurl multi handle, so that the connection
 * cache holds this slot's connection only (libcurl closes a CONNECT_ONLY
 * connection when its handle leaves the multi handle, and checks idle
 * connections of a shared cache for liveness by reading from them). */
struct smtp_slot {
	struct smtp_session *s;
	unsigned id; /* 1-based, for the trace */
	CURLM *multi;
	CURL *easy;
	enum smtp_conn_state state;
	bool added; /* easy is in multi (CONNECTING or READY) */
	struct smtp_sock *socks;
	size_t nsocks, capsocks;
	curl_socket_t fd;      /* READY: the connection's socket */
	unsigned ext;          /* enum smtp_ext of the last EHLO reply */
	unsigned ehlo_capture; /* the reply being read is EHLO's: 1 its first line
	                          is next, 2 its extensions; 0 not EHLO's */
	bool in_auth;          /* the trace hides what follows AUTH */
	bool auth_sent;        /* libcurl said AUTH on this connection */
	struct strbuf secrets; /* what followed AUTH, each line ending in '\n' */
	long uses;             /* transactions taken on this connection */
	bool need_rset;        /* the server may hold an unfinished transaction */
	bool dead;             /* READY but lost: close it at the next chance */
	long long deadline;    /* monotonic ms: a reply or a write is overdue; 0: none */
	char errbuf[CURL_ERROR_SIZE];
	/* the output: bytes queued, how far written, and the offset of out[0]
	 * in everything written on the connection */
	struct strbuf out;
	size_t out_off;
	unsigned long long out_base;
	/* the input: bytes read, how far parsed; the reply being assembled */
	struct strbuf in;
	size_t in_off;
	struct strbuf reply; /* printable, bounded */
	bool reply_open;     /* more lines of it are due */
	int code;            /* of the last complete reply; 0: none */
	/* replies awaited, in order (a ring) */
	struct smtp_expect expect[SMTP_EXPECT_MAX];
	unsigned ehead, nexpect;
	/* the messages on the connection, and the one whose commands go now */
	struct smtp_txn txn[SMTP_TXN_MAX];
	struct smtp_txn *cur;
	unsigned long seq;
	size_t pfirst, pcount; /* its entries in the session's poll set */
};

struct smtp_counters_int {
	unsigned long connects, writes, commands, replies;
};

struct smtp_session {
	char *url;       /* rebuilt from smtp.url, scheme by TLS mode */
	char *mail_from; /* "<addr>" */
	enum smtp_tls tls;
	char *ca_file;
	char *username;
	char *password;
	char *netrc;
	long timeout; /* seconds, per reply */
	long max_per_conn;
	double rate;
	void (*trace)(void *arg, const char *line);
	void *trace_arg;
	/* 2 * smtp.connections slots: at most smtp.connections take messages at
	 * once; the others are closing (a full connection finishing its last
	 * message and QUIT while its successor opens) or closed */
	struct smtp_slot *slots;
	size_t nslots;
	size_t nconn; /* smtp.connections */
	struct pollfd *pfd;
	size_t cappfd;
	/* during smtp_run */
	const struct smtp_callbacks *cb;
	void *cbarg;
	struct diags *d;
	bool fatal; /* an internal error: every slot stops */
	double tokens;
	long long token_ms;
	bool asking;       /* next() has not said DONE */
	size_t want;       /* connections kept open ahead while asking */
	long long ask_at;  /* do not ask next() before this (monotonic ms) */
	int conn_failures; /* consecutive, across slots */
	struct strbuf last_failure;
	/* Credentials are set (username, password or netrc): every connection
	 * must authenticate, and until one has, only one opens at a time, so
	 * that a wrong password is tried once, not once per connection. */
	bool creds;
	bool authed;       /* a connection of this session has authenticated */
	bool auth_refused; /* the relay refused them, or offered no AUTH: stop */
	bool auth_absent;  /* ... it offered no AUTH (smtp_conn_no_auth says so) */
	struct smtp_counters_int count;
};

/* smtp.c */
long long smtp_now_ms(void);
void smtp_trace(struct smtp_slot *sl, char dir, const char *p, size_t n);
void smtp_auth_watch(struct smtp_slot *sl, char dir, const char *p, size_t n);
void smtp_add_secret(struct smtp_slot *sl, const char *p, size_t n);
void smtp_redact(const struct smtp_slot *sl, struct strbuf *sb, size_t from);

/* smtp_conn.c */
bool smtp_conn_init(struct smtp_slot *sl);
void smtp_conn_release(struct smtp_slot *sl);
int smtp_conn_start(struct smtp_slot *sl);
size_t smtp_conn_pollfds(struct smtp_slot *sl, struct pollfd *pfd);
void smtp_conn_drive(struct smtp_slot *sl, const struct pollfd *pfd, size_t n);
long smtp_conn_timeout(struct smtp_slot *sl);
void smtp_conn_close(struct smtp_slot *sl);
void smtp_conn_quit(struct smtp_slot *sl);
void smtp_describe(CURLcode rc, const char *errbuf, struct strbuf *out);
/* Why credentials set and a connection opened without AUTH is refused. */
const char *smtp_conn_no_auth(const struct smtp_session *s);

/* smtp_wire.c */
void smtp_wire_reset(struct smtp_slot *sl);
void smtp_wire_add(struct smtp_slot *sl, const char *p, size_t n);
void smtp_wire_command(struct smtp_slot *sl, const char *line);
void smtp_wire_dot_stuffed(struct smtp_slot *sl, const char *data, size_t len, bool dot_line);
unsigned long long smtp_wire_queued(const struct smtp_slot *sl);
unsigned long long smtp_wire_written(const struct smtp_slot *sl);
bool smtp_wire_pending_out(const struct smtp_slot *sl);
int smtp_wire_flush(struct smtp_slot *sl, struct strbuf *why);
int smtp_wire_read(struct smtp_slot *sl, struct strbuf *why);
int smtp_wire_next_reply(struct smtp_slot *sl);
void smtp_expect_push(struct smtp_slot *sl, enum smtp_cmd cmd, enum smtp_stage stage,
                      struct smtp_txn *t);
struct smtp_expect smtp_expect_pop(struct smtp_slot *sl);
void smtp_add_text(struct strbuf *sb, const char *p, size_t n);
int smtp_reply_code(const char *line, size_t n);

/* smtp_txn.c */
bool smtp_txn_can_take(const struct smtp_slot *sl);
void smtp_txn_take(struct smtp_slot *sl, const struct smtp_msg *m, bool dot_line);
void smtp_txn_pump(struct smtp_slot *sl);
void smtp_txn_reply(struct smtp_slot *sl);
void smtp_txn_lost(struct smtp_slot *sl, const char *why);
void smtp_txn_connect_failed(struct smtp_slot *sl, int code, const char *why);
bool smtp_txn_busy(const struct smtp_slot *sl);
void smtp_txn_end(struct smtp_slot *sl, struct smtp_txn *t, enum smtp_outcome o,
                  enum smtp_stage stage, int code, const char *text);
void smtp_note_conn_failure(struct smtp_session *s, const char *why);

/* smtp_run.c */
void smtp_quit_all(struct smtp_session *s);

#endif
