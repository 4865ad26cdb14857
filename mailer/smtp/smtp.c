#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
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
	const char *hint = "write smtp.url as smtp://host[:port] or smtps://host[:port]";
	CURLU *u = curl_url();
	if (!u)
		return diag_error(d, EX_SOFTWARE, NULL, 0, 0, NULL, "out of memory");
	int r = -1;
	char *scheme = NULL, *host = NULL, *port = NULL;
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
	if (smtp_url_has(u, CURLUPART_PATH) || smtp_url_has(u, CURLUPART_QUERY) ||
	    smtp_url_has(u, CURLUPART_FRAGMENT)) {
		diag_error(d, EX_CONFIG, NULL, 0, 0, hint, "smtp.url %s: unexpected path or query",
		           c->url);
		goto out;
	}
	if (smtp_policy(s, scheme, host, c->tls, d) < 0)
		goto out;
	/* libcurl 7.88 ignores the netrc when CURLOPT_USERNAME is set (the
	 * password is then empty): with a netrc the login goes in the URL,
	 * where it picks the netrc entry. */
	char *user = c->netrc && c->username ? curl_easy_escape(NULL, c->username, 0) : NULL;
	s->url =
	    xasprintf("%s://%s%s%s%s%s", c->tls == SMTP_TLS_TLS ? "smtps" : "smtp",
	              user ? user : "", user ? "@" : "", host, port ? ":" : "", port ? port : "");
	curl_free(user);
	r = 0;
out:
	free(scheme);
	free(host);
	free(port);
	curl_url_cleanup(u);
	return r;
}

/* CVE-2026-4873 (doc/design.md "Library facts"): a handle that once used a cleartext connection
 * may reuse it when TLS is later required.  Our connection caches live and
 * die with a session, and a session has one policy set before its first
 * send; a session whose policy differs from the process's first one also
 * starts every slot on a fresh connection. */
static bool smtp_policy_changed(const struct smtp_session *s)
{
	static uint64_t first;
	uint64_t h = 1469598103934665603ULL;
	char tls = (char)('0' + s->tls);
	const char *parts[] = {s->url, &tls, s->ca_file ? s->ca_file : ""};
	for (size_t i = 0; i < 3; i++) {
		size_t n = i == 1 ? 1 : strlen(parts[i]);
		for (size_t k = 0; k < n; k++)
			h = (h ^ (unsigned char)parts[i][k]) * 1099511628211ULL;
		h = (h ^ 0xff) * 1099511628211ULL;
	}
	if (!first) {
		first = h;
		return false;
	}
	return h != first;
}

/* ---- libcurl callbacks ---------------------------------------------- */

/* The commands libcurl sends tell us the stage; they reach us through the
 * debug callback only (CURLOPT_VERBOSE with our own CURLOPT_DEBUGFUNCTION,
 * so nothing is printed). */
static void smtp_saw_command(struct smtp_slot *sl, const char *cmd, size_t n)
{
	static const struct {
		const char *prefix;
		enum smtp_stage stage;
	} tab[] = {
	    {"EHLO ", SMTP_STAGE_CONNECT},    {"HELO ", SMTP_STAGE_CONNECT},
	    {"STARTTLS", SMTP_STAGE_CONNECT}, {"AUTH ", SMTP_STAGE_CONNECT},
	    {"MAIL FROM:", SMTP_STAGE_MAIL},  {"RCPT TO:", SMTP_STAGE_RCPT},
	    {"DATA\r", SMTP_STAGE_DATA},
	};
	if (n >= 4 && strncasecmp(cmd, "QUIT", 4) == 0) {
		sl->quit_sent = true;
		return;
	}
	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
		size_t k = strlen(tab[i].prefix);
		if (n >= k && strncasecmp(cmd, tab[i].prefix, k) == 0) {
			sl->stage = tab[i].stage;
			break;
		}
	}
	/* anything else is an AUTH continuation: same stage, one more reply due */
	sl->cmd_seq++;
}

static int smtp_debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *userp)
{
	struct smtp_slot *sl = userp;
	if (type == CURLINFO_HEADER_OUT && sl->busy)
		smtp_saw_command(sl, data, size);
	return 0;
}

static int smtp_reply_code(const char *line, size_t n)
{
	if (n < 3)
		return 0;
	for (size_t i = 0; i < 3; i++) {
		if (line[i] < '0' || line[i] > '9')
			return 0;
	}
	return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
}

/* Keep a reply line printable and bounded: it ends up in the journal. */
static void smtp_add_line(struct strbuf *sb, const char *p, size_t n)
{
	while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
		n--;
	if (sb->len)
		strbuf_addch(sb, ' ');
	for (size_t i = 0; i < n && sb->len < SMTP_REPLY_MAX; i++) {
		unsigned char c = (unsigned char)p[i];
		strbuf_addch(sb, c < 0x20 || c == 0x7f ? '?' : (char)c);
	}
}

/* libcurl hands every server reply line to the header callback. */
static size_t smtp_header_cb(char *buf, size_t size, size_t nitems, void *userp)
{
	struct smtp_slot *sl = userp;
	size_t n = size * nitems;
	if (!sl->busy || sl->quit_sent || sl->dot_replied)
		return n;
	smtp_add_line(&sl->line, buf, n);
	if (n >= 4 && buf[3] == '-')
		return n; /* more lines of this reply follow */
	sl->code = smtp_reply_code(buf, n);
	strbuf_reset(&sl->reply);
	strbuf_add(&sl->reply, sl->line.buf, sl->line.len);
	strbuf_reset(&sl->line);
	sl->replied = true;
	sl->reply_seq = sl->cmd_seq;
	if (sl->dot_sent)
		sl->dot_replied = true;
	return n;
}

/* attempt() comes with the message's last bytes: when libcurl knows the
 * size (CURLOPT_INFILESIZE, for the SIZE parameter) it sends the final "."
 * right after them without asking for more, and it asks again (to get 0)
 * only when dot-stuffing changed the byte count.  Either way the "." cannot
 * leave before this returns. */
static bool smtp_attempt(struct smtp_slot *sl)
{
	struct smtp_session *s = sl->s;
	sl->attempted = true;
	/* called inside libcurl, where the slot's thread does not hold the lock */
	pthread_mutex_lock(&s->lock);
	int r = s->cb->attempt ? s->cb->attempt(s->cbarg, &sl->msg) : 0;
	pthread_mutex_unlock(&s->lock);
	if (r != 0) {
		sl->aborted = true;
		return false;
	}
	sl->dot_sent = true;
	sl->stage = SMTP_STAGE_DOT;
	sl->cmd_seq++;
	return true;
}

static size_t smtp_read_cb(char *buf, size_t size, size_t nitems, void *userp)
{
	struct smtp_slot *sl = userp;
	size_t room = size * nitems;
	size_t left = sl->msg.len - sl->off;
	size_t k = left < room ? left : room;
	if (sl->aborted)
		return CURL_READFUNC_ABORT;
	if (k == left && !sl->attempted && !smtp_attempt(sl))
		return CURL_READFUNC_ABORT;
	memcpy(buf, sl->msg.data + sl->off, k);
	sl->off += k;
	return k;
}

/* libcurl rewinds when it retries on a new connection.  Before attempt()
 * that is harmless; after it, the message may have been accepted: refuse. */
static int smtp_seek_cb(void *userp, curl_off_t offset, int origin)
{
	struct smtp_slot *sl = userp;
	if (sl->attempted || origin != SEEK_SET || offset != 0)
		return CURL_SEEKFUNC_CANTSEEK;
	sl->off = 0;
	return CURL_SEEKFUNC_OK;
}

static int smtp_socket_cb(CURL *h, curl_socket_t fd, int what, void *userp, void *sockp)
{
	struct smtp_slot *sl = userp;
	size_t i = 0;
	while (i < sl->nsocks && sl->socks[i].fd != fd)
		i++;
	if (what == CURL_POLL_REMOVE) {
		if (i < sl->nsocks)
			sl->socks[i] = sl->socks[--sl->nsocks];
		return 0;
	}
	if (i == sl->nsocks) {
		sl->socks = xgrow(sl->socks, &sl->capsocks, sl->nsocks + 1, sizeof *sl->socks);
		sl->nsocks++;
	}
	sl->socks[i].fd = fd;
	sl->socks[i].what = what;
	return 0;
}

/* ---- session -------------------------------------------------------- */

static bool smtp_easy_setup(struct smtp_slot *sl)
{
	struct smtp_session *s = sl->s;
	CURL *e = sl->easy;
	bool ok = true;
#define SET(opt, val) ok = ok && curl_easy_setopt(e, opt, val) == CURLE_OK
	SET(CURLOPT_URL, s->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	SET(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
	SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
	SET(CURLOPT_MAIL_FROM, s->mail_from);
	SET(CURLOPT_UPLOAD, 1L);
	SET(CURLOPT_UPLOAD_BUFFERSIZE, (long)SMTP_UPLOAD_BUFFER);
	SET(CURLOPT_READFUNCTION, smtp_read_cb);
	SET(CURLOPT_READDATA, sl);
	SET(CURLOPT_SEEKFUNCTION, smtp_seek_cb);
	SET(CURLOPT_SEEKDATA, sl);
	SET(CURLOPT_HEADERFUNCTION, smtp_header_cb);
	SET(CURLOPT_HEADERDATA, sl);
	SET(CURLOPT_DEBUGFUNCTION, smtp_debug_cb);
	SET(CURLOPT_DEBUGDATA, sl);
	SET(CURLOPT_VERBOSE, 1L);
	SET(CURLOPT_ERRORBUFFER, sl->errbuf);
	SET(CURLOPT_PRIVATE, sl);
	SET(CURLOPT_NOSIGNAL, 1L);
	/* never CURLUSESSL_TRY: it falls back to plaintext in silence */
	SET(CURLOPT_USE_SSL,
	    s->tls == SMTP_TLS_NONE ? (long)CURLUSESSL_NONE : (long)CURLUSESSL_ALL);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	if (s->ca_file)
		SET(CURLOPT_CAINFO, s->ca_file);
	if (s->username && !s->netrc)
		SET(CURLOPT_USERNAME, s->username);
	if (s->password)
		SET(CURLOPT_PASSWORD, s->password);
	if (s->netrc) {
		SET(CURLOPT_NETRC, (long)CURL_NETRC_REQUIRED);
		SET(CURLOPT_NETRC_FILE, s->netrc);
	}
	SET(CURLOPT_SASL_IR, 1L);
	SET(CURLOPT_CONNECTTIMEOUT, s->timeout);
	SET(CURLOPT_SERVER_RESPONSE_TIMEOUT, s->timeout);
	/* an upload the server stops reading would otherwise hang for ever */
	SET(CURLOPT_LOW_SPEED_LIMIT, 1L);
	SET(CURLOPT_LOW_SPEED_TIME, s->timeout);
#undef SET
	return ok;
}

static bool smtp_slot_init(struct smtp_session *s, struct smtp_slot *sl)
{
	sl->s = s;
	strbuf_init(&sl->line);
	strbuf_init(&sl->reply);
	sl->multi = curl_multi_init();
	sl->easy = curl_easy_init();
	if (!sl->multi || !sl->easy)
		return false;
	bool ok =
	    curl_multi_setopt(sl->multi, CURLMOPT_SOCKETFUNCTION, smtp_socket_cb) == CURLM_OK &&
	    curl_multi_setopt(sl->multi, CURLMOPT_SOCKETDATA, sl) == CURLM_OK &&
	    curl_multi_setopt(sl->multi, CURLMOPT_MAXCONNECTS, 1L) == CURLM_OK;
	return ok && smtp_easy_setup(sl);
}

static void smtp_slot_release(struct smtp_slot *sl)
{
	if (sl->easy && sl->busy)
		curl_multi_remove_handle(sl->multi, sl->easy);
	if (sl->easy)
		curl_easy_cleanup(sl->easy);
	if (sl->multi)
		curl_multi_cleanup(sl->multi); /* closes the connection (QUIT) */
	curl_slist_free_all(sl->rcpt);
	free(sl->socks);
	free(sl->pfd);
	strbuf_release(&sl->line);
	strbuf_release(&sl->reply);
}

static int smtp_open_slots(struct smtp_session *s, long connections, struct diags *d)
{
	if (connections < 1)
		connections = 1;
	if (connections > SMTP_MAX_CONNECTIONS)
		connections = SMTP_MAX_CONNECTIONS;
	s->nslots = (size_t)connections;
	s->slots = xcalloc(s->nslots, sizeof *s->slots);
	bool fresh = smtp_policy_changed(s);
	for (size_t i = 0; i < s->nslots; i++) {
		if (!smtp_slot_init(s, &s->slots[i]))
			return diag_error(d, EX_SOFTWARE, NULL, 0, 0, NULL,
			                  "libcurl refused the SMTP settings (%s)", curl_version());
		s->slots[i].fresh = fresh;
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
	pthread_mutex_init(&s->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC); /* immune to clock steps */
	pthread_cond_init(&s->wake, &ca);
	pthread_condattr_destroy(&ca);
	strbuf_init(&s->last_failure);
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
	return s;
}

void smtp_close(struct smtp_session *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nslots; i++)
		smtp_slot_release(&s->slots[i]);
	free(s->slots);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->wake);
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
