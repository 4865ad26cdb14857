/*
 * smtp: the session (smtp.h): settings, the password, the URL and the TLS
 * policy, the -v trace.
 */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <time.h>

#include "password.h"
#include "smtp_int.h"

long long smtp_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int smtp_envelope_ok(const char *addr)
{
	if (!addr || !*addr)
		return 0;
	for (const unsigned char *p = (const unsigned char *)addr; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == ' ' || *p == '<' || *p == '>')
			return 0;
	}
	return 1;
}

/* ---- the password ---------------------------------------------------- */

/* Where the password comes from is password.c's, shared with the IMAP and
 * POP3 logins of `embargo bounces`. */
static int smtp_find_password(struct smtp_session *s, const struct smtp_conf *c, struct diags *d)
{
	if (c->password_env) {
		if (password_from_env("smtp", c->password_env, &s->password, d) < 0)
			return -1;
	} else if (c->password_command) {
		if (password_from_command("smtp", c->password_command, &s->password, d) < 0)
			return -1;
	} else if (c->netrc) {
		if (password_netrc_check("smtp", c->netrc, d) < 0)
			return -1;
		s->netrc = xstrdup(c->netrc);
		return 0;
	}
	if (s->password && !c->username)
		return diag_error(d, EX_CONFIG, NULL, 0, 0, "set smtp.username",
		                  "a password is configured but smtp.username is not");
	if (c->username && !s->password)
		return diag_error(d, EX_CONFIG, NULL, 0, 0,
		                  "set smtp.password_env, smtp.password_command or smtp.netrc",
		                  "smtp.username is set but no password source is");
	return 0;
}

/* ---- the URL and the TLS policy ------------------------------------- */

static char *smtp_url_part(CURLU *u, CURLUPart part)
{
	char *v = NULL;
	if (curl_url_get(u, part, &v, 0) != CURLUE_OK)
		return NULL;
	char *r = xstrdup(v);
	curl_free(v);
	return r;
}

static bool smtp_url_has(CURLU *u, CURLUPart part)
{
	char *v = smtp_url_part(u, part);
	bool has = v && *v && strcmp(v, "/") != 0;
	free(v);
	return has;
}

/* The TLS mode decides the scheme: smtps:// for implicit TLS, smtp:// with
 * STARTTLS required otherwise.  tls none only to loopback. */
static int smtp_policy(struct smtp_session *s, const char *scheme, const char *host,
                       enum smtp_tls tls, struct diags *d)
{
	bool smtps = strcmp(scheme, "smtps") == 0;
	if (smtps && tls != SMTP_TLS_TLS)
		return diag_error(d, EX_CONFIG, NULL, 0, 0,
		                  "use smtp:// for STARTTLS, or smtp.tls: tls",
		                  "smtp.url is smtps:// (implicit TLS) but smtp.tls is not tls");
	char *bare = xstrdup(host);
	if (bare[0] == '[') {
		bare[strcspn(bare, "]")] = '\0';
		memmove(bare, bare + 1, strlen(bare));
	}
	bool loop = conf_host_is_loopback(bare);
	free(bare);
	if (tls == SMTP_TLS_NONE && !loop)
		return diag_error(
		    d, EX_CONFIG, NULL, 0, 0,
		    "use smtp.tls: starttls or tls (none is for loopback relays only)",
		    "smtp.tls none refused for %s: mail and passwords would cross the "
		    "network in clear",
		    host);
	s->tls = tls;
	return 0;
}

static int smtp_parse_url(struct smtp_session *s, const struct smtp_conf *c, struct diags *d)
{
	const char *hint = "write smtp.url as smtp://host[:port][/ehlo-name] or "
	                   "smtps://host[:port][/ehlo-name]";
	CURLU *u = curl_url();
	if (!u)
		return diag_error(d, EX_SOFTWARE, NULL, 0, 0, NULL, "out of memory");
	int r = -1;
	char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL;
	if (curl_url_set(u, CURLUPART_URL, c->url, 0) != CURLUE_OK) {
		diag_error(d, EX_CONFIG, NULL, 0, 0, hint, "smtp.url %s is not a URL", c->url);
		goto out;
	}
	scheme = smtp_url_part(u, CURLUPART_SCHEME);
	host = smtp_url_part(u, CURLUPART_HOST);
	port = smtp_url_part(u, CURLUPART_PORT);
	if (!scheme || !host || (strcmp(scheme, "smtp") != 0 && strcmp(scheme, "smtps") != 0)) {
		diag_error(d, EX_CONFIG, NULL, 0, 0, hint,
		           "smtp.url %s: not an smtp:// or smtps:// URL", c->url);
		goto out;
	}
	if (smtp_url_has(u, CURLUPART_USER) || smtp_url_has(u, CURLUPART_PASSWORD)) {
		diag_error(d, EX_CONFIG, NULL, 0, 0, "use smtp.username and a password source",
		           "smtp.url must not hold a user name or password");
		goto out;
	}
	if (smtp_url_has(u, CURLUPART_QUERY) || smtp_url_has(u, CURLUPART_FRAGMENT)) {
		diag_error(d, EX_CONFIG, NULL, 0, 0, hint, "smtp.url %s: unexpected query", c->url);
		goto out;
	}
	/* the path, a host name, is the EHLO name: libcurl says EHLO with it
	 * (else with the machine's host name) */
	path = smtp_url_part(u, CURLUPART_PATH);
	if (path && !conf_ehlo_path_ok(path)) {
		diag_error(d, EX_CONFIG, NULL, 0, 0, hint,
		           "smtp.url %s: only a host name may follow the '/'", c->url);
		goto out;
	}
	if (smtp_policy(s, scheme, host, c->tls, d) < 0)
		goto out;
	/* libcurl 7.88 ignores the netrc when CURLOPT_USERNAME is set (the
	 * password is then empty): with a netrc the login goes in the URL,
	 * where it picks the netrc entry. */
	char *user = c->netrc && c->username ? curl_easy_escape(NULL, c->username, 0) : NULL;
	s->url = xasprintf("%s://%s%s%s%s%s%s", c->tls == SMTP_TLS_TLS ? "smtps" : "smtp",
	                   user ? user : "", user ? "@" : "", host, port ? ":" : "",
	                   port ? port : "", path && strcmp(path, "/") != 0 ? path : "");
	curl_free(user);
	r = 0;
out:
	free(scheme);
	free(host);
	free(port);
	free(path);
	curl_url_cleanup(u);
	return r;
}

/* ---- session -------------------------------------------------------- */

/* What libcurl sends and reads while it authenticates (its debug
 * callback shows us every line, smtp_conn.c): whether AUTH was said at all
 * (credentials set and none used is an error, smtp_conn.c), and each
 * argument sent after it (the initial response, LOGIN's lines), which a
 * relay may echo in a reply: smtp_redact hides them wherever a reply is
 * kept or shown. */
void smtp_auth_watch(struct smtp_slot *sl, char dir, const char *p, size_t n)
{
	while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
		n--;
	if (dir == '>' && n >= 5 && strncasecmp(p, "AUTH ", 5) == 0) {
		sl->in_auth = true;
		sl->auth_sent = true;
		const char *arg = memchr(p + 5, ' ', n - 5);
		if (arg)
			smtp_add_secret(sl, arg + 1, n - (size_t)(arg + 1 - p));
	} else if (dir == '>' && sl->in_auth) {
		smtp_add_secret(sl, p, n);
	} else if (dir == '<' && sl->in_auth && n >= 4 && p[3] != '-' &&
	           strncmp(p, "334", 3) != 0) {
		sl->in_auth = false; /* the exchange's last reply */
	}
}

void smtp_add_secret(struct smtp_slot *sl, const char *p, size_t n)
{
	if (n < SMTP_SECRET_MIN)
		return;
	strbuf_add(&sl->secrets, p, n);
	strbuf_addch(&sl->secrets, '\n');
}

/* Replace from the end of sb what starts a secret and was cut off there
 * (a reply is kept to SMTP_REPLY_MAX bytes). */
static void smtp_redact_tail(struct strbuf *sb, size_t from, const char *sec, size_t n)
{
	for (size_t k = n - 1; k >= SMTP_SECRET_TAIL_MIN; k--) {
		if (sb->len - from >= k && memcmp(sb->buf + sb->len - k, sec, k) == 0) {
			sb->len -= k;
			sb->buf[sb->len] = '\0';
			strbuf_adds(sb, "(hidden)");
			return;
		}
	}
}

static void smtp_redact_one(struct strbuf *sb, size_t from, const char *sec, size_t n)
{
	if (n < SMTP_SECRET_MIN)
		return;
	struct strbuf out;
	strbuf_init(&out);
	strbuf_add(&out, sb->buf, from);
	const char *p = sb->buf + from, *end = sb->buf + sb->len, *hit;
	while ((hit = memmem(p, (size_t)(end - p), sec, n)) != NULL) {
		strbuf_add(&out, p, (size_t)(hit - p));
		strbuf_adds(&out, "(hidden)");
		p = hit + n;
	}
	strbuf_add(&out, p, (size_t)(end - p));
	smtp_redact_tail(&out, from, sec, n);
	strbuf_release(sb);
	*sb = out;
}

/* Hide in sb (from offset from on) every secret the session knows: the
 * password and what was sent after AUTH on this connection. */
void smtp_redact(const struct smtp_slot *sl, struct strbuf *sb, size_t from)
{
	const char *p = sl->secrets.buf, *end = p + sl->secrets.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		smtp_redact_one(sb, from, p, (size_t)(nl - p));
		p = nl + 1;
	}
	if (sl->s->password)
		smtp_redact_one(sb, from, sl->s->password, strlen(sl->s->password));
}

/* One line of the dialogue for -v.  What follows AUTH (its initial response
 * and every line of the exchange) and the server's 334 challenges are
 * hidden, and any echo of them in a reply: they carry the password. */
void smtp_trace(struct smtp_slot *sl, char dir, const char *p, size_t n)
{
	struct smtp_session *s = sl->s;
	if (!s->trace)
		return;
	while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
		n--;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addf(&sb, "[%u] %c ", sl->id, dir);
	size_t from = sb.len;
	if (dir == '>' && n >= 5 && strncasecmp(p, "AUTH ", 5) == 0) {
		size_t k = 5;
		while (k < n && p[k] != ' ')
			k++;
		smtp_add_text(&sb, p, k);
		if (k < n)
			strbuf_adds(&sb, " (hidden)");
	} else if (dir == '>' && sl->in_auth) {
		strbuf_adds(&sb, "(hidden)");
	} else if (dir == '<' && n >= 4 && strncmp(p, "334", 3) == 0) {
		strbuf_adds(&sb, "334 (hidden)");
	} else {
		smtp_add_text(&sb, p, n);
		smtp_redact(sl, &sb, from);
	}
	s->trace(s->trace_arg, sb.buf);
	strbuf_release(&sb);
}

static int smtp_open_slots(struct smtp_session *s, long connections, struct diags *d)
{
	if (connections < 1)
		connections = 1;
	if (connections > SMTP_MAX_CONNECTIONS)
		connections = SMTP_MAX_CONNECTIONS;
	s->nconn = (size_t)connections;
	s->nslots = 2 * s->nconn;
	s->slots = xcalloc(s->nslots, sizeof *s->slots);
	for (size_t i = 0; i < s->nslots; i++) {
		s->slots[i].s = s;
		s->slots[i].id = (unsigned)i + 1;
		if (!smtp_conn_init(&s->slots[i]))
			return diag_error(d, EX_SOFTWARE, NULL, 0, 0, NULL,
			                  "libcurl refused the SMTP settings (%s)", curl_version());
	}
	return 0;
}

struct smtp_session *smtp_open(const struct smtp_conf *c, const char *mail_from, struct diags *d)
{
	if (!c->url) {
		diag_error(d, EX_CONFIG, NULL, 0, 0,
		           "set smtp.url, e.g. smtp://relay.example.org:587",
		           "no SMTP relay is configured");
		return NULL;
	}
	if (!smtp_envelope_ok(mail_from)) {
		diag_error(d, EX_CONFIG, NULL, 0, 0, "check the from address",
		           "envelope sender \"%s\" is empty or holds a forbidden character",
		           mail_from ? mail_from : "");
		return NULL;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		diag_error(d, EX_SOFTWARE, NULL, 0, 0, NULL, "libcurl failed to initialise");
		return NULL;
	}
	struct smtp_session *s = xcalloc(1, sizeof *s);
	strbuf_init(&s->last_failure);
	s->trace = c->trace;
	s->trace_arg = c->trace_arg;
	s->mail_from = xasprintf("<%s>", mail_from);
	s->ca_file = c->ca_file ? xstrdup(c->ca_file) : NULL;
	s->username = c->username ? xstrdup(c->username) : NULL;
	s->timeout = c->timeout > 0 ? c->timeout : 60;
	s->max_per_conn = c->max_per_connection > 0 ? c->max_per_connection : 100;
	s->rate = c->rate > 0 ? c->rate : 0;
	if (smtp_parse_url(s, c, d) < 0 || smtp_find_password(s, c, d) < 0 ||
	    smtp_open_slots(s, c->connections, d) < 0) {
		smtp_close(s);
		return NULL;
	}
	s->creds = s->password || s->netrc;
	return s;
}

void smtp_counters(const struct smtp_session *s, struct smtp_counters *out)
{
	out->connects = s->count.connects;
	out->writes = s->count.writes;
	out->commands = s->count.commands;
	out->replies = s->count.replies;
}

void smtp_close(struct smtp_session *s)
{
	if (!s)
		return;
	smtp_quit_all(s);
	for (size_t i = 0; i < s->nslots; i++)
		smtp_conn_release(&s->slots[i]);
	free(s->slots);
	free(s->pfd);
	free(s->url);
	free(s->mail_from);
	free(s->ca_file);
	free(s->username);
	if (s->password) {
		explicit_bzero(s->password, strlen(s->password));
		free(s->password);
	}
	free(s->netrc);
	strbuf_release(&s->last_failure);
	free(s);
	curl_global_cleanup();
}
