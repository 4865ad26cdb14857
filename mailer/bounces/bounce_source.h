/*
 * bounce_source: where returned mail is read, through libetpan's storage
 * and session drivers: a Maildir directory, an mbox file, a single message
 * file, an IMAP folder (imaps://user@host[:port]/FOLDER) or a POP3 mailbox
 * (pop3s://user@host[:port]).  IMAP and POP3 run over bounce_tls (the
 * server's certificate checked); the password comes from
 * bounces.password_env, password_command or netrc, as for SMTP.
 *
 * A processed message is marked where it lives: the Maildir "seen" flag, the
 * IMAP keyword $EmbargoProcessed (or a move to bounces.move_to); it is
 * deleted only with bounces.delete (IMAP, POP3, Maildir).  Single files and
 * mbox files are left as they are: the ledger (bounce_apply.h) remembers
 * what was read.
 */
#ifndef EMBARGO_BOUNCE_SOURCE_H
#define EMBARGO_BOUNCE_SOURCE_H

#include <stddef.h>

#include "conf.h"
#include "diag.h"

struct bounce_source;

struct bounce_msg {
	char *where; /* a path, or SOURCE#UID: what the dry run prints as file */
	char *data;  /* the whole message */
	size_t len;
	size_t index; /* the source's own handle */
};

/* Open spec (a path or URL) with the settings of bc.  Returns 0, or -1 with
 * an error in d (EX_NOINPUT: no such file; EX_CONFIG: a bad URL or no
 * password; EX_TEMPFAIL: the server cannot be reached; EX_NOPERM: login
 * refused). */
int bounce_source_open(const char *spec, const struct bounces_conf *bc, struct bounce_source **out,
                       struct diags *d);

/* The next message: 1 (m filled; free with bounce_msg_free), 0 at the end,
 * -1 with an error in d. */
int bounce_source_next(struct bounce_source *s, struct bounce_msg *m, struct diags *d);

/* Mark m processed (flag, move or delete as configured). */
int bounce_source_done(struct bounce_source *s, const struct bounce_msg *m, struct diags *d);

void bounce_msg_free(struct bounce_msg *m);

/* Expunge what was deleted or moved, log out and free. */
void bounce_source_close(struct bounce_source *s);

#endif
