/*
 * office: a press office in a temporary directory, for the unit tests of the
 * send path (job, snapshot, composer, deliver, dispatch, tally): an
 * embargo.yaml, press lists of made-up journalists, the shipped templates,
 * releases, a spool, and a real SMTP server on 127.0.0.1
 * (tests/lib/capture_server.py, python3-aiosmtpd) that keeps what it is
 * given.  Helpers fail the running test on any problem.
 */
#ifndef EMBARGO_OFFICE_H
#define EMBARGO_OFFICE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "conf.h"
#include "job.h"

struct office {
	char *dir;    /* the office's temporary directory */
	char *lists;  /* dir/lists */
	char *spool;  /* dir/spool, made (spool_open) */
	char *inbox;  /* dir/inbox: the server's N.eml, N.json, N.watch */
	char *config; /* dir/embargo.yaml */
	struct conf conf;
	pid_t server; /* 0: no server */
	int port;
};

/* Options of the server: watch (a file whose bytes it keeps for each
 * message as it arrives, or NULL), fail_rcpt (RCPT of an address holding it
 * is refused with 550, or NULL). */
struct office_server {
	const char *watch;
	const char *fail_rcpt;
};

/* True when the SMTP server can run here (python3 with aiosmtpd). */
bool office_can_serve(void);

/* A new office; with server, an SMTP server is started and smtp.url points
 * at it (tls: none, smtp.connections 2).  extra is appended to
 * embargo.yaml (may be NULL).  The configuration is loaded into o->conf. */
void office_open(struct office *o, const char *name, const struct office_server *server,
                 const char *extra);
void office_close(struct office *o);

/* lists/NAME.yaml with n journalists, PREFIX000@example.com, PREFIX001@...,
 * named "Journalist 0", ...  Returns the path. */
char *office_list(struct office *o, const char *name, size_t n, const char *prefix);

/* dir/NAME holding text; returns the path. */
char *office_file(struct office *o, const char *name, const char *text);

/* job_prepare of release with the lists named (none: the front matter's),
 * advance lists adv.  Fails the test on an error. */
void office_job(struct office *o, const char *release, const char *const *lists, size_t nlists,
                const char *const *adv, size_t nadv, struct job *job);

/* What the server took, in arrival order: the envelope recipient of each
 * message (malloc'd array of malloc'd strings, *n of them). */
char **office_received(struct office *o, size_t *n);
void office_received_free(char **v, size_t n);
/* The k-th message (1-based) as received, and what --watch kept for it. */
char *office_message(struct office *o, size_t k);
char *office_watched(struct office *o, size_t k);

#endif
