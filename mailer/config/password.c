#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sysexits.h>

#include "password.h"
#include "util.h"

int password_from_env(const char *what, const char *name, char **pw, struct diags *d)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return diag_error(d, EX_CONFIG, NULL, 0, 0, "export it before running embargo",
		                  "%s.password_env: environment variable %s is not set", what,
		                  name);
	*pw = xstrdup(v);
	return 0;
}

int password_from_command(const char *what, const char *cmd, char **pw, struct diags *d)
{
	FILE *fp = popen(cmd, "re");
	if (!fp)
		return diag_error(d, EX_OSERR, NULL, 0, 0, NULL,
		                  "%s.password_command: cannot run: %s", what, strerror(errno));
	struct strbuf sb;
	strbuf_init(&sb);
	char buf[512];
	size_t n;
	/* read to the end, so that the command never dies of a closed pipe */
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
		if (sb.len < 4096)
			strbuf_add(&sb, buf, n);
	}
	explicit_bzero(buf, sizeof buf);
	int st = pclose(fp);
	sb.len = strcspn(sb.buf, "\r\n");
	sb.buf[sb.len] = '\0';
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0 || sb.len == 0) {
		explicit_bzero(sb.buf, sb.cap);
		strbuf_release(&sb);
		if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			return diag_error(d, EX_CONFIG, NULL, 0, 0,
			                  "the command must print the password",
			                  "%s.password_command printed no password", what);
		return diag_error(d, EX_CONFIG, NULL, 0, 0, "run the command by hand to see why",
		                  "%s.password_command failed (status %d)", what,
		                  st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	}
	*pw = strbuf_detach(&sb, NULL);
	return 0;
}

int password_netrc_check(const char *what, const char *path, struct diags *d)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return diag_error(d, EX_CONFIG, NULL, 0, 0, NULL, "%s.netrc %s: %s", what, path,
		                  strerror(errno));
	if (!S_ISREG(st.st_mode))
		return diag_error(d, EX_CONFIG, NULL, 0, 0, NULL, "%s.netrc %s: not a regular file",
		                  what, path);
	if (st.st_mode & 077)
		return diag_error(d, EX_CONFIG, NULL, 0, 0, "chmod 600 it",
		                  "%s.netrc %s holds a secret and others can read it", what, path);
	return 0;
}

int password_from_netrc(const char *what, const char *path, const char *host, const char *user,
                        char **pw, struct diags *d)
{
	*pw = NULL;
	if (password_netrc_check(what, path, d) < 0)
		return -1;
	char *buf;
	size_t len;
	if (file_read_all(path, 1 << 20, &buf, &len) < 0)
		return diag_error(d, EX_CONFIG, path, 0, 0, NULL, "cannot read %s.netrc: %s", what,
		                  strerror(errno));
	char *save = NULL, *machine = NULL, *login = NULL;
	for (char *t = strtok_r(buf, " \t\r\n", &save); t && !*pw;
	     t = strtok_r(NULL, " \t\r\n", &save)) {
		if (strcmp(t, "default") == 0) {
			machine = t; /* matches any host */
			login = NULL;
			continue;
		}
		char *v = strtok_r(NULL, " \t\r\n", &save);
		if (!v)
			break;
		if (strcmp(t, "machine") == 0) {
			machine = v;
			login = NULL;
		} else if (strcmp(t, "login") == 0) {
			login = v;
		} else if (strcmp(t, "password") == 0 && machine &&
		           (strcmp(machine, "default") == 0 || strcmp(machine, host) == 0) &&
		           (!login || strcmp(login, user) == 0)) {
			*pw = xstrdup(v);
		}
	}
	explicit_bzero(buf, len);
	free(buf);
	if (!*pw)
		return diag_error(d, EX_CONFIG, path, 0, 0,
		                  "add: machine HOST login USER password PW",
		                  "%s.netrc has no password for %s at %s", what, user, host);
	return 0;
}
