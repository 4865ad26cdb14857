/*
 * trust: whose files embargo acts on (doc/design.md "Secure").
 *
 * A configuration can make embargo run a command (smtp.password_command)
 * and send mail in its user's name; a netrc holds the relay's password; the
 * spool decides what is sent and to whom.  Another user who owns one of
 * them, or may write to it, could make embargo do their bidding as the user
 * who runs it (root's cron job, too).  These checks refuse that, with the
 * chmod or chown that fixes it in the hint; the errors are EX_CONFIG.
 */
#ifndef EMBARGO_TRUST_H
#define EMBARGO_TRUST_H

#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "diag.h"

/* The name of user uid, or its number (malloc'd). */
char *trust_user_name(uid_t uid);

/* st (of path) belongs to the user running embargo, or to root when
 * root_ok.  what names the file in the error ("the configuration"), risk
 * says what its owner could do ("run commands as you").  Returns 0, or -1
 * with an error in d. */
int trust_owner(const char *path, const struct stat *st, bool root_ok, const char *what,
                const char *risk, struct diags *d);

/* Nobody but the owner may write st (no mode bit 0022); the hint is
 * "chmod MODE path" with fix_mode (e.g. 0700 for a directory).  Returns 0,
 * or -1 with an error in d. */
int trust_not_writable(const char *path, const struct stat *st, unsigned fix_mode, const char *what,
                       const char *risk, struct diags *d);

#endif
