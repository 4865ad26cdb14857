/*
 * smtp_int.h: what smtp.c (the session: settings, libcurl handles and
 * callbacks) and smtp_run.c (the transactions and the loop that drives
 * them) share.  Not for other modules: they use smtp.h.
 */
#ifndef EMBARGO_SMTP_INT_H
#define EMBARGO_SMTP_INT_H

#include <curl/curl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "smtp.h"
#include "util.h"

enum {
	SMTP_UPLOAD_BUFFER = 16384, /* the default halves throughput (design.md) */
	SMTP_REPLY_MAX = 1000,      /* keep this much of a reply's text */
	SMTP_MAX_CONNECTIONS = 64,
};

struct smtp_sock { /* a socket libcurl asked us to watch */
	curl_socket_t fd;
	int what; /* CURL_POLL_IN / OUT / INOUT */
};

/* One connection slot: its own multi handle, so that its connection cache
 * holds this slot's connection only and per-connection counting,
 * FRESH_CONNECT and FORBID_REUSE mean exactly what they say. */
struct smtp_slot {
	struct smtp_session *s;
	pthread_t thread; /* the thread that drives it (slot 0: smtp_run's own) */
	bool running;     /* that thread was started */
	bool live;        /* that thread still takes messages */
	struct pollfd *pfd;
	size_t cappfd;
	CURLM *multi;
	CURL *easy;
	struct curl_slist *rcpt;
	struct smtp_sock *socks;
	size_t nsocks, capsocks;
	bool busy;   /* it has a message (given under the lock by smtp_ask) */
	bool added;  /* that message's transfer is in its multi handle */
	bool fresh;  /* next transfer must not reuse a connection */
	long uses;   /* messages on the current connection */
	bool forbid; /* this transfer closes its connection */
	/* the transaction in flight */
	struct smtp_msg msg;
	size_t off;
	enum smtp_stage stage;
	unsigned cmd_seq;   /* commands sent (the "." counts as one) */
	unsigned reply_seq; /* cmd_seq when the last reply completed */
	bool replied;       /* some reply completed in this transaction */
	bool quit_sent;     /* later replies belong to QUIT: ignore them */
	bool attempted;     /* attempt() was called */
	bool aborted;       /* attempt() said no */
	bool dot_sent;
	bool dot_replied;    /* the "."'s reply arrived: the outcome is fixed */
	int code;            /* the last complete reply */
	struct strbuf line;  /* the reply being read */
	struct strbuf reply; /* the last complete reply */
	char errbuf[CURL_ERROR_SIZE];
};

struct smtp_session {
	char *url;       /* rebuilt from smtp.url, scheme by TLS mode */
	char *mail_from; /* "<addr>" */
	enum smtp_tls tls;
	char *ca_file;
	char *username;
	char *password;
	char *netrc;
	long timeout;
	long max_per_conn;
	double rate;
	struct smtp_slot *slots;
	size_t nslots;
	/* During smtp_run each slot has a thread of its own, so that libcurl's
	 * synchronous wait for the reply to a "." (7.88) holds up that
	 * connection only.  A thread holds the lock except while it checks,
	 * starts and drives its slot's message (the slot is its alone then);
	 * the callbacks run under it, one at a time, and so does everything
	 * below. */
	pthread_mutex_t lock;
	pthread_cond_t wake; /* a message ended, or nothing more will be asked */
	const struct smtp_callbacks *cb;
	void *cbarg;
	struct diags *d;
	bool fatal; /* an internal error: every slot stops */
	double tokens;
	long long token_ms;
	bool asking;       /* next() has not said DONE */
	long long ask_at;  /* do not ask next() before this (monotonic ms) */
	int conn_failures; /* consecutive, across slots */
	struct strbuf last_failure;
};

/* Monotonic milliseconds. */
long long smtp_now_ms(void);

#endif
