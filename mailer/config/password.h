/*
 * password: where a password comes from, the same way for every server
 * embargo logs in to (the SMTP relay; the IMAP or POP3 mailbox of `embargo
 * bounces`): an environment variable (password_env), the first line a
 * command prints (password_command) or a netrc file (netrc).  what is the
 * configuration's section ("smtp", "bounces"), named in every error, which
 * names the key ("smtp.password_command failed (status 1)").
 *
 * Passwords are malloc'd; the caller wipes them (explicit_bzero) before it
 * frees them.
 */
#ifndef EMBARGO_PASSWORD_H
#define EMBARGO_PASSWORD_H

#include "diag.h"

/* The value of the environment variable name.  Returns 0 (*pw set), or -1
 * with an error in d (EX_CONFIG: not set, or empty). */
int password_from_env(const char *what, const char *name, char **pw, struct diags *d);

/* Run cmd with /bin/sh -c and keep the first line of what it prints.
 * Returns 0 (*pw set), or -1 with an error in d (EX_OSERR: cannot run it;
 * EX_CONFIG: it failed, or printed nothing). */
int password_from_command(const char *what, const char *cmd, char **pw, struct diags *d);

/* A netrc file is a secret: a regular file nobody but its owner can read.
 * Returns 0, or -1 with an error in d (EX_CONFIG). */
int password_netrc_check(const char *what, const char *path, struct diags *d);

/* The password of "machine HOST login USER password PW" in the netrc file
 * path (an entry without login matches any user), after
 * password_netrc_check.  Returns 0 (*pw set), or -1 with an error in d
 * (EX_CONFIG). */
int password_from_netrc(const char *what, const char *path, const char *host, const char *user,
                        char **pw, struct diags *d);

#endif
