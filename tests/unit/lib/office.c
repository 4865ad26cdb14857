#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "office.h"
#include "spool.h"
#include "testlib.h"
#include "util.h"

#define PYTHON "/usr/bin/python3"

bool office_can_serve(void)
{
	return access(PYTHON, X_OK) == 0 && system(PYTHON " -c 'import aiosmtpd' 2>/dev/null") == 0;
}

static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0)
		fail_msg("no free port: %s", strerror(errno));
	close(fd);
	return ntohs(a.sin_port);
}

static bool listening(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_port = htons((uint16_t)port),
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	bool ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

static void start_server(struct office *o, const struct office_server *srv)
{
	o->port = free_port();
	char *script = tl_srcpath("tests/lib/capture_server.py");
	char port[16];
	snprintf(port, sizeof port, "%d", o->port);
	const char *argv[12] = {PYTHON, script, "--port", port, "--dir", o->inbox};
	size_t n = 6;
	if (srv->watch) {
		argv[n++] = "--watch";
		argv[n++] = srv->watch;
	}
	if (srv->fail_rcpt) {
		argv[n++] = "--fail-rcpt";
		argv[n++] = srv->fail_rcpt;
	}
	argv[n] = NULL;
	fflush(NULL);
	o->server = fork();
	if (o->server == 0) {
		execv(PYTHON, (char *const *)argv);
		_exit(127);
	}
	free(script);
	if (o->server < 0)
		fail_msg("fork: %s", strerror(errno));
	/* Wait for it to listen (a start, not a measure: at most 20 s). */
	for (int i = 0; i < 2000 && !listening(o->port); i++) {
		struct timespec pause = {0, 10 * 1000000L};
		nanosleep(&pause, NULL);
		if (waitpid(o->server, NULL, WNOHANG) == o->server)
			fail_msg("the SMTP server exited before it listened");
	}
	if (!listening(o->port))
		fail_msg("the SMTP server did not listen on port %d", o->port);
}

void office_open(struct office *o, const char *name, const struct office_server *server,
                 const char *extra)
{
	memset(o, 0, sizeof *o);
	o->dir = tl_tmpdir(name);
	o->lists = tl_mkdir(o->dir, "lists");
	o->spool = tl_path(o->dir, "spool");
	o->inbox = tl_mkdir(o->dir, "inbox");
	if (server)
		start_server(o, server);
	char *templates = tl_srcpath("templates");
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addf(&sb,
	            "from: \"Press Office <press@example.org>\"\n"
	            "reply_to: press@example.org\n"
	            "lists_dir: %s\ntemplates_dir: %s\nspool_dir: %s\n",
	            o->lists, templates, o->spool);
	if (server)
		strbuf_addf(&sb,
		            "smtp:\n  url: smtp://127.0.0.1:%d\n  tls: none\n  connections: 2\n",
		            o->port);
	if (extra)
		strbuf_adds(&sb, extra);
	o->config = tl_write_mode(o->dir, "embargo.yaml", sb.buf, 0600);
	strbuf_release(&sb);
	free(templates);
	struct diags d;
	diags_init(&d);
	char *nosys = tl_path(o->dir, "no-system-config.yaml");
	conf_load_from(o->config, nosys, &o->conf, &d);
	free(nosys);
	tl_no_errors(&d, "the office's embargo.yaml");
	struct spool sp; /* made as the commands make it: private, with releases/ */
	spool_open(&sp, o->spool, &d);
	tl_no_errors(&d, "the office's spool");
	spool_close(&sp);
	diags_free(&d);
}

void office_close(struct office *o)
{
	if (o->server > 0) {
		kill(o->server, SIGTERM);
		waitpid(o->server, NULL, 0);
	}
	conf_free(&o->conf);
	tl_rmtree(o->dir);
	free(o->dir);
	free(o->lists);
	free(o->spool);
	free(o->inbox);
	free(o->config);
	memset(o, 0, sizeof *o);
}

char *office_list(struct office *o, const char *name, size_t n, const char *prefix)
{
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addf(&sb, "name: %s\nrecipients:\n", name);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "  - email: %s%03zu@example.com\n    name: Journalist %zu\n",
		            prefix, i, i);
	char *file = xasprintf("%s.yaml", name);
	char *path = tl_write(o->lists, file, sb.buf);
	free(file);
	strbuf_release(&sb);
	return path;
}

char *office_file(struct office *o, const char *name, const char *text)
{
	return tl_write(o->dir, name, text);
}

void office_job(struct office *o, const char *release, const char *const *lists, size_t nlists,
                const char *const *adv, size_t nadv, struct job *job)
{
	struct job_spec spec = {.release = release,
	                        .lists = (char *const *)lists,
	                        .nlists = nlists,
	                        .advance = (char *const *)adv,
	                        .nadvance = nadv};
	struct diags d;
	diags_init(&d);
	job_prepare(job, &o->conf, &spec, &d);
	tl_no_errors(&d, release);
	diags_free(&d);
}

static char *inbox_file(struct office *o, size_t k, const char *ext)
{
	char *name = xasprintf("%zu.%s", k, ext);
	char *path = tl_path(o->inbox, name);
	free(name);
	return path;
}

/* The first address of "rcpt_tos": ["..."] in the server's JSON. */
static char *first_rcpt(const char *json)
{
	const char *p = strstr(json, "\"rcpt_tos\": [\"");
	if (!p)
		fail_msg("no rcpt_tos in %s", json);
	p += strlen("\"rcpt_tos\": [\"");
	return xstrndup(p, strcspn(p, "\""));
}

char **office_received(struct office *o, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	*n = 0;
	for (size_t k = 1;; k++) {
		char *path = inbox_file(o, k, "json");
		bool there = access(path, F_OK) == 0;
		if (there) {
			char *json = tl_read(path, NULL);
			v = xgrow(v, &cap, *n + 1, sizeof *v);
			v[(*n)++] = first_rcpt(json);
			free(json);
		}
		free(path);
		if (!there)
			break;
	}
	return v;
}

void office_received_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

char *office_message(struct office *o, size_t k)
{
	char *path = inbox_file(o, k, "eml");
	char *data = tl_read(path, NULL);
	free(path);
	return data;
}

char *office_watched(struct office *o, size_t k)
{
	char *path = inbox_file(o, k, "watch");
	char *data = tl_read(path, NULL);
	free(path);
	return data;
}
