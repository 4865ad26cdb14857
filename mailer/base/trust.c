#include "config.h"

#include <pwd.h>
#include <stdlib.h>
#include <sysexits.h>
#include <unistd.h>

#include "trust.h"
#include "util.h"

char *trust_user_name(uid_t uid)
{
	struct passwd *pw = getpwuid(uid);
	return pw && pw->pw_name ? xstrdup(pw->pw_name) : xasprintf("%ld", (long)uid);
}

int trust_owner(const char *path, const struct stat *st, bool root_ok, const char *what,
                const char *risk, struct diags *d)
{
	uid_t me = geteuid();
	if (st->st_uid == me || (root_ok && st->st_uid == 0))
		return 0;
	char *owner = trust_user_name(st->st_uid), *mine = trust_user_name(me);
	char *hint = xasprintf("if it is yours to use, run as root: chown %s %s", mine, path);
	diag_error(d, EX_CONFIG, path, 0, 0, hint,
	           "%s belongs to %s, not to %s who runs embargo%s: %s could %s", what, owner, mine,
	           root_ok && me != 0 ? " (or root)" : "", owner, risk);
	free(hint);
	free(owner);
	free(mine);
	return -1;
}

int trust_not_writable(const char *path, const struct stat *st, unsigned fix_mode, const char *what,
                       const char *risk, struct diags *d)
{
	if (!(st->st_mode & (S_IWGRP | S_IWOTH)))
		return 0;
	char *hint = xasprintf("chmod %o %s", fix_mode, path);
	diag_error(d, EX_CONFIG, path, 0, 0, hint,
	           "%s is writable by others (mode %04o): they could %s", what,
	           (unsigned)(st->st_mode & 07777), risk);
	free(hint);
	return -1;
}
