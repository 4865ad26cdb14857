#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "address.h"
#include "conf.h"
#include "trust.h"
#include "util.h"
#include "value.h"
#include "yamlload.h"

#define ZONEINFO_DIR "/usr/share/zoneinfo"

enum conf_kind {
	K_MAILBOX,
	K_TIMEZONE,
	K_DATE_ORDER,
	K_PATH,
	K_URIS,
	K_DURATION,
	K_SMTP,
	K_URL,
	K_TLS,
	K_STRING,
	K_ENVNAME,
	K_INT,
	K_RATE,
	K_BOUNCES,
	K_SOURCES,
	K_BOOL,
};

/* The typed option table: one row per key of embargo.yaml(5)'s table.  off is the
 * field in struct conf; off2 the address field of a mailbox. */
struct conf_key {
	const char *section; /* NULL: top level; "smtp": under smtp:; "bounces" */
	const char *name;
	enum conf_kind kind;
	size_t off, off2;
	bool secret; /* naming it makes the file a secret (promise 6) */
};

#define F(field) offsetof(struct conf, field)

static const struct conf_key conf_keys[] = {
    {NULL, "from", K_MAILBOX, F(from_name), F(from_addr), false},
    {NULL, "reply_to", K_MAILBOX, F(reply_to_name), F(reply_to_addr), false},
    {NULL, "timezone", K_TIMEZONE, F(timezone), 0, false},
    {NULL, "date_order", K_DATE_ORDER, F(date_order), 0, false},
    {NULL, "lists_dir", K_PATH, F(lists_dir), 0, false},
    {NULL, "templates_dir", K_PATH, F(templates_dir), 0, false},
    {NULL, "spool_dir", K_PATH, F(spool_dir), 0, false},
    {NULL, "suppress_file", K_PATH, F(suppress_file), 0, false},
    {NULL, "unsubscribe", K_URIS, 0, 0, false},
    {NULL, "max_lateness", K_DURATION, F(max_lateness), 0, false},
    {NULL, "give_up_after", K_DURATION, F(give_up_after), 0, false},
    {NULL, "run_deadline", K_DURATION, F(run_deadline), 0, false},
    {NULL, "smtp", K_SMTP, 0, 0, false},
    {"smtp", "url", K_URL, F(smtp.url), 0, false},
    {"smtp", "tls", K_TLS, F(smtp.tls), 0, false},
    {"smtp", "ca_file", K_PATH, F(smtp.ca_file), 0, false},
    {"smtp", "username", K_STRING, F(smtp.username), 0, true},
    {"smtp", "password_env", K_ENVNAME, F(smtp.password_env), 0, false},
    {"smtp", "password_command", K_STRING, F(smtp.password_command), 0, true},
    {"smtp", "netrc", K_PATH, F(smtp.netrc), 0, true},
    {"smtp", "connections", K_INT, F(smtp.connections), 0, false},
    {"smtp", "max_per_connection", K_INT, F(smtp.max_per_connection), 0, false},
    {"smtp", "rate", K_RATE, F(smtp.rate), 0, false},
    {"smtp", "timeout", K_DURATION, F(smtp.timeout), 0, false},
    {NULL, "bounce_address", K_MAILBOX, F(bounce_address_name), F(bounce_address), false},
    {NULL, "bounces", K_BOUNCES, 0, 0, false},
    {"bounces", "sources", K_SOURCES, 0, 0, false},
    {"bounces", "soft_limit", K_INT, F(bounces.soft_limit), 0, false},
    {"bounces", "soft_window", K_DURATION, F(bounces.soft_window), 0, false},
    {"bounces", "ca_file", K_PATH, F(bounces.ca_file), 0, false},
    {"bounces", "password_env", K_ENVNAME, F(bounces.password_env), 0, false},
    {"bounces", "password_command", K_STRING, F(bounces.password_command), 0, true},
    {"bounces", "netrc", K_PATH, F(bounces.netrc), 0, true},
    {"bounces", "move_to", K_STRING, F(bounces.move_to), 0, false},
    {"bounces", "delete", K_BOOL, F(bounces.delete_processed), 0, false},
};

#define NKEYS (sizeof conf_keys / sizeof conf_keys[0])

struct conf_ctx {
	struct conf *c;
	struct diags *d;
	const char *file;
	char *dir;                       /* directory of the file, for relative paths */
	const struct value *seen[NKEYS]; /* the value of each key given; borrowed */
};

static void *field(struct conf *c, size_t off)
{
	return (char *)c + off;
}

/* ---- small parsers, usable on their own ---- */

long conf_parse_duration(const char *s)
{
	if (!s || *s < '0' || *s > '9')
		return -1;
	long n = 0;
	while (*s >= '0' && *s <= '9') {
		if (n > (LONG_MAX - 9) / 10)
			return -1;
		n = n * 10 + (*s++ - '0');
	}
	long mult;
	switch (*s) {
	case 's':
		mult = 1;
		break;
	case 'm':
		mult = 60;
		break;
	case 'h':
		mult = 3600;
		break;
	case 'd':
		mult = 86400;
		break;
	default:
		return -1;
	}
	if (s[1] != '\0' || n <= 0 || n > LONG_MAX / mult)
		return -1;
	return n * mult;
}

bool conf_host_is_loopback(const char *host)
{
	if (!host)
		return false;
	size_t n = strlen(host);
	/* brackets, as in a URL, hold an IPv6 address only */
	bool bracketed = n >= 2 && host[0] == '[' && host[n - 1] == ']';
	char *h = bracketed ? xstrndup(host + 1, n - 2) : xstrdup(host);
	bool yes = false;
	struct in_addr a4;
	struct in6_addr a6;
	if (!bracketed && (str_eq_ci(h, "localhost") || str_eq_ci(h, "localhost.")))
		yes = true;
	else if (!bracketed && inet_pton(AF_INET, h, &a4) == 1)
		yes = (ntohl(a4.s_addr) >> 24) == 127;
	else if (inet_pton(AF_INET6, h, &a6) == 1)
		yes = IN6_IS_ADDR_LOOPBACK(&a6) ||
		      (IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127);
	free(h);
	return yes;
}

static long parse_positive(const char *s)
{
	if (!s || *s < '0' || *s > '9')
		return -1;
	long n = 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		n = n * 10 + (*s - '0');
		if (n > INT_MAX)
			return -1;
	}
	return *s == '\0' && n > 0 ? n : -1;
}

/* "N/s", "N/min", "N/h" -> messages per second; -1 when invalid. */
static double parse_rate(const char *s)
{
	const char *slash = strchr(s, '/');
	if (!slash)
		return -1;
	char *num = xstrndup(s, (size_t)(slash - s));
	long n = parse_positive(num);
	free(num);
	if (n < 0)
		return -1;
	if (strcmp(slash, "/s") == 0)
		return (double)n;
	if (strcmp(slash, "/min") == 0)
		return (double)n / 60.0;
	if (strcmp(slash, "/h") == 0)
		return (double)n / 3600.0;
	return -1;
}

static bool has_controls(const char *s, bool space_too)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f || (space_too && *p == ' '))
			return true;
	return false;
}

/* A value as it may be quoted back in a message: controls shown as '?', long
 * values cut. */
static char *shown(const char *s)
{
	char *t = xstrndup(s, strnlen(s, 60)); /* xstrndup copies n bytes */
	for (char *p = t; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	if (strlen(s) > 60) {
		char *u = xasprintf("%s...", t);
		free(t);
		return u;
	}
	return t;
}

static int key_error(struct conf_ctx *x, const struct conf_key *k, const struct value *v,
                     const char *hint, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int key_error(struct conf_ctx *x, const struct conf_key *k, const struct value *v,
                     const char *hint, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	diag_error(x->d, EX_CONFIG, x->file, v->line, v->col, hint, "%s%s%s: %s",
	           k->section ? k->section : "", k->section ? "." : "", k->name, msg);
	free(msg);
	return -1;
}

/* ---- smtp.url ---- */

static int url_fail(char **why, char *msg)
{
	*why = msg;
	return -1;
}

static int url_host(const char *auth, char **host, char **why)
{
	const char *end;
	if (auth[0] == '[') {
		end = strchr(auth, ']');
		if (!end)
			return url_fail(why, xstrdup("the IPv6 host has no closing ']'"));
		char *in = xstrndup(auth + 1, (size_t)(end - auth - 1));
		struct in6_addr a6;
		int ok = inet_pton(AF_INET6, in, &a6) == 1;
		free(in);
		if (!ok)
			return url_fail(why,
			                xstrdup("the host in brackets is not an IPv6 address"));
		end++;
	} else {
		end = auth + strspn(auth, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		                          "0123456789.-");
		if (end == auth)
			return url_fail(why,
			                xstrdup("the URL has no host (smtp://mail.example.org)"));
	}
	if (*end == ':') {
		long port = parse_positive(end + 1);
		if (port < 1 || port > 65535)
			return url_fail(why, xstrdup("the port must be a number from 1 to 65535"));
	} else if (*end != '\0') {
		return url_fail(why, xasprintf("unexpected '%c' after the host", *end));
	}
	*host = xstrndup(auth, (size_t)(end - auth));
	return 0;
}

bool conf_ehlo_path_ok(const char *path)
{
	return !*path ||
	       path[1 + strspn(path + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                                 "0123456789.-")] == '\0';
}

/* smtp://host[:port][/ehlo-name] or smtps://...; *tls is the scheme's TLS
 * mode and *host the host as written (brackets kept). */
static int url_parse(const char *url, enum smtp_tls *tls, char **host, char **why)
{
	const char *rest;
	*host = NULL;
	if (has_controls(url, true))
		return url_fail(why,
		                xstrdup("the URL contains a space, CR, LF or control character"));
	if (str_starts_with_ci(url, "smtp://")) {
		*tls = SMTP_TLS_STARTTLS;
		rest = url + 7;
	} else if (str_starts_with_ci(url, "smtps://")) {
		*tls = SMTP_TLS_TLS;
		rest = url + 8;
	} else {
		return url_fail(why, xstrdup("the URL must start with smtp:// or smtps://"));
	}
	size_t alen = strcspn(rest, "/");
	if (!conf_ehlo_path_ok(rest + alen))
		return url_fail(why, xstrdup("the URL may only have a host name after '/'"));
	char *auth = xstrndup(rest, alen);
	int r;
	if (strchr(auth, '@'))
		r = url_fail(why, xstrdup("the URL contains a user name or password"));
	else
		r = url_host(auth, host, why);
	free(auth);
	return r;
}

/* ---- values ---- */

static int want_string(struct conf_ctx *x, const struct conf_key *k, const struct value *v)
{
	if (v->type == VALUE_STRING)
		return 0;
	return key_error(x, k, v, "write a single value after the colon",
	                 "expected a string, "
	                 "not a %s",
	                 value_type_name(v->type));
}

static char *resolve_path(struct conf_ctx *x, const char *p)
{
	const char *home = getenv("HOME");
	if (p[0] == '~' && p[1] == '/' && home && *home)
		return xasprintf("%s%s", home, p + 1);
	if (p[0] == '/' || !x->dir || strcmp(x->dir, ".") == 0)
		return xstrdup(p);
	return xasprintf("%s/%s", x->dir, p);
}

static int set_path(struct conf_ctx *x, const struct conf_key *k, const struct value *v)
{
	const char *s = v->u.str.s;
	if (*s == '\0')
		return key_error(x, k, v, "name a file or directory, or remove the key",
		                 "the path is empty");
	if (has_controls(s, false))
		return key_error(x, k, v, NULL, "the path contains a control character");
	char **f = field(x->c, k->off);
	free(*f);
	*f = resolve_path(x, s);
	return 0;
}

static int set_mailbox(struct conf_ctx *x, const struct conf_key *k, const struct value *v)
{
	char *name, *addr, *why;
	if (address_parse_mailbox(v->u.str.s, &name, &addr, &why) < 0) {
		key_error(x, k, v, "write an address such as \"Press Office <press@example.org>\"",
		          "%s", why);
		free(why);
		return -1;
	}
	char **fn = field(x->c, k->off), **fa = field(x->c, k->off2);
	free(*fn);
	free(*fa);
	*fn = name;
	*fa = addr;
	return 0;
}

/* A TZif file under the zoneinfo directory; zone.tab and friends are
 * regular files there too, hence the magic check. */
static bool zone_exists(const char *name)
{
	char *path = xasprintf("%s/%s", ZONEINFO_DIR, name);
	struct stat st;
	bool ok = false;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd >= 0) {
		char magic[4];
		ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && read(fd, magic, 4) == 4 &&
		     memcmp(magic, "TZif", 4) == 0;
		close(fd);
	}
	free(path);
	return ok;
}

/* "\"VALUE\" is not WHAT" for a value its key's parser refused, with how
 * to write one.  Returns -1. */
static int not_a(struct conf_ctx *x, const struct conf_key *k, const struct value *v,
                 const char *what, const char *hint)
{
	char *sh = shown(v->u.str.s);
	key_error(x, k, v, hint, "\"%s\" is not %s", sh, what);
	free(sh);
	return -1;
}

static int set_timezone(struct conf_ctx *x, const struct conf_key *k, const struct value *v)
{
	const char *s = v->u.str.s;
	const char *hint = "use an IANA name such as Europe/London or America/New_York";
	bool shape = *s && *s != '/' && !strstr(s, "..") &&
	             strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	                       "/_+-") == strlen(s);
	if (!shape || !zone_exists(s))
		return not_a(x, k, v, "a time zone of the tz database", hint);
	char **f = field(x->c, k->off);
	free(*f);
	*f = xstrdup(s);
	return 0;
}

static int set_date_order(struct conf_ctx *x, const struct conf_key *k, const struct value *v)
{
	enum date_order *f = field(x->c, k->off);
	if (strcmp(v->u.str.s, "mdy") == 0)
		*f = DATE_ORDER_MDY;
	else if (strcmp(v->u.str.s, "dmy") == 0)
		*f = DATE_ORDER_DMY;
	else
		return key_error(x, k, v, "mdy reads 03/04/2024 as March 4, dmy as 3 April",
		                 "expected mdy or dmy");
	return 0;
}

static int check_uri(struct conf_ctx *x, const struct conf_key *k, const struct value *v)
{
	const char *s = v->u.str.s;
	const char *hint = "write mailto:unsubscribe@example.org or "
	                   "https://example.org/unsubscribe?e={{recipient.email}}";
	if (has_controls(s, true) || strpbrk(s, "<>\""))
		return key_error(x, k, v, "percent-encode spaces and quotes",
		                 "the URI contains a space, control character, quote or angle "
		                 "bracket");
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p >= 0x80)
			return key_error(x, k, v, "percent-encode non-ASCII characters",
			                 "the URI is not ASCII");
	bool ok = (str_starts_with_ci(s, "mailto:") && s[7]) ||
	          (str_starts_with_ci(s, "https://") && s[8] && s[8] != '/');
	if (!ok)
		return key_error(x, k, v, hint, "expected a mailto: or https:// URI");
	return 0;
}

/* A key that takes one string or a list of them: each item checked as a
 * string and handed to add.  Every item is looked at, so that all the
 * errors are reported at once; returns -1 if any was refused. */
static int each_string(struct conf_ctx *x, const struct conf_key *k, const struct value *v,
                       int (*add)(struct conf_ctx *, const struct conf_key *, const struct value *))
{
	const struct value *const *items = &v;
	size_t n = 1;
	if (v->type == VALUE_LIST) {
		items = (const struct value *const *)v->u.list.items;
		n = v->u.list.n;
	}
	int bad = 0;
	for (size_t i = 0; i < n; i++)
		if (want_string(x, k, items[i]) < 0 || add(x, k, items[i]) < 0)
			bad = -1;
	return bad;
}

static int add_uri(struct conf_ctx *x, const struct conf_key *k, const struct value *v)
{
	if (check_uri(x, k, v) < 0)
		return -1;
	struct conf *c = x->c;
	c->unsubscribe = xrealloc(c->unsubscribe, (c->nunsubscribe + 1) * sizeof(char *));
	c->unsubscribe[c->nunsubscribe++] = xstrdup(v->u.str.s);
	return 0;
}

static int set_uris(struct conf_ctx *x, const struct conf_key *k, const struct value *v)
{
	return each_string(x, k, v, add_uri);
}

static int set_duration(struct conf_ctx *x, const struct conf_key *k, const struct value *v)
{
	long secs = conf_parse_duration(v->u.str.s);
	if (secs < 0)
		return not_a(x, k, v, "a duration",
		             "write a positive whole number and a unit: 90s, 30m, 1h or 2d");
	*(long *)field(x->c, k->off) = secs;
	return 0;
}

static int set_int(struct conf_ctx *x, const struct conf_key *k, const struct value *v)
{
	long n = parse_positive(v->u.str.s);
	if (n < 0)
		return not_a(x, k, v, "a positive integer", "write a whole number greater than 0");
	*(long *)field(x->c, k->off) = n;
	return 0;
}

static int set_rate(struct conf_ctx *x, const struct conf_key *k, const struct value *v)
{
	double r = parse_rate(v->u.str.s);
	if (r < 0)
		return not_a(x, k, v, "a rate",
		             "write N/s, N/min or N/h with a whole N, e.g. 10/s or 600/min");
	*(double *)field(x->c, k->off) = r;
	return 0;
}

static int set_tls(struct conf_ctx *x, const struct conf_key *k, const struct value *v)
{
	enum smtp_tls *f = field(x->c, k->off);
	const char *s = v->u.str.s;
	if (strcmp(s, "starttls") == 0)
		*f = SMTP_TLS_STARTTLS;
	else if (strcmp(s, "tls") == 0)
		*f = SMTP_TLS_TLS;
	else if (strcmp(s, "none") == 0)
		*f = SMTP_TLS_NONE;
	else
		return key_error(x, k, v,
		                 "starttls for smtp:// (port 587), tls for smtps:// "
		                 "(port 465)",
		                 "expected starttls, tls or none");
	return 0;
}

static int set_url(struct conf_ctx *x, const struct conf_key *k, const struct value *v)
{
	enum smtp_tls tls;
	char *host, *why;
	if (url_parse(v->u.str.s, &tls, &host, &why) < 0) {
		key_error(x, k, v,
		          "write smtp://mail.example.org:587 or smtps://mail.example.org "
		          "(put the user in smtp.username)",
		          "%s", why);
		free(why);
		return -1;
	}
	free(host);
	char **f = field(x->c, k->off);
	free(*f);
	*f = xstrdup(v->u.str.s);
	return 0;
}

static int set_string(struct conf_ctx *x, const struct conf_key *k, const struct value *v)
{
	const char *s = v->u.str.s;
	if (*s == '\0')
		return key_error(x, k, v, "remove the key or give it a value",
		                 "the value is empty");
	if (has_controls(s, false))
		return key_error(x, k, v, NULL, "the value contains a CR, LF or control character");
	if (k->kind == K_ENVNAME &&
	    (strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
	         strlen(s) ||
	     (*s >= '0' && *s <= '9')))
		return key_error(x, k, v, "name the environment variable, e.g. SMTP_PASSWORD",
		                 "not an environment variable name");
	char **f = field(x->c, k->off);
	free(*f);
	*f = xstrdup(s);
	return 0;
}

static int walk_section(struct conf_ctx *x, const struct value *map, const char *section);

static int set_bool(struct conf_ctx *x, const struct conf_key *k, const struct value *v)
{
	bool *f = field(x->c, k->off);
	if (strcmp(v->u.str.s, "true") == 0 || strcmp(v->u.str.s, "yes") == 0)
		*f = true;
	else if (strcmp(v->u.str.s, "false") == 0 || strcmp(v->u.str.s, "no") == 0)
		*f = false;
	else
		return key_error(x, k, v, "write true or false", "expected true or false");
	return 0;
}

/* One bounce source: an imaps:// or pop3s:// URL as written, else a path
 * (relative to the configuration's directory). */
static int add_source(struct conf_ctx *x, const struct conf_key *k, const struct value *v)
{
	const char *s = v->u.str.s;
	if (*s == '\0' || has_controls(s, true))
		return key_error(x, k, v, "name a Maildir, an mbox file or an imaps:// URL",
		                 "empty, or holds a space or control character");
	struct bounces_conf *b = &x->c->bounces;
	bool url = strstr(s, "://") != NULL;
	if (url && !str_starts_with_ci(s, "imaps://") && !str_starts_with_ci(s, "pop3s://"))
		return key_error(x, k, v,
		                 "use imaps://user@host/FOLDER or pop3s://user@host (TLS from the "
		                 "first byte, certificate checked)",
		                 "only imaps:// and pop3s:// mailboxes are read");
	b->sources = xrealloc(b->sources, (b->nsources + 1) * sizeof *b->sources);
	b->sources[b->nsources++] = url ? xstrdup(s) : resolve_path(x, s);
	return 0;
}

static int set_sources(struct conf_ctx *x, const struct conf_key *k, const struct value *v)
{
	return each_string(x, k, v, add_source);
}

static int set_value(struct conf_ctx *x, const struct conf_key *k, const struct value *v)
{
	if (k->kind == K_SMTP) {
		if (v->type != VALUE_MAP)
			return key_error(x, k, v, "indent url:, tls: ... under smtp:",
			                 "expected a map of settings, not a %s",
			                 value_type_name(v->type));
		return walk_section(x, v, "smtp");
	}
	if (k->kind == K_BOUNCES) {
		if (v->type != VALUE_MAP)
			return key_error(x, k, v, "indent sources:, soft_limit: ... under bounces:",
			                 "expected a map of settings, not a %s",
			                 value_type_name(v->type));
		return walk_section(x, v, "bounces");
	}
	if (k->kind == K_SOURCES)
		return set_sources(x, k, v);
	if (k->kind == K_URIS && v->type == VALUE_LIST)
		return set_uris(x, k, v);
	if (want_string(x, k, v) < 0)
		return -1;
	switch (k->kind) {
	case K_MAILBOX:
		return set_mailbox(x, k, v);
	case K_TIMEZONE:
		return set_timezone(x, k, v);
	case K_DATE_ORDER:
		return set_date_order(x, k, v);
	case K_PATH:
		return set_path(x, k, v);
	case K_URIS:
		return set_uris(x, k, v);
	case K_DURATION:
		return set_duration(x, k, v);
	case K_URL:
		return set_url(x, k, v);
	case K_TLS:
		return set_tls(x, k, v);
	case K_INT:
		return set_int(x, k, v);
	case K_RATE:
		return set_rate(x, k, v);
	case K_BOOL:
		return set_bool(x, k, v);
	default:
		return set_string(x, k, v);
	}
}

/* ---- unknown keys ---- */

/* Optimal string alignment distance: a swapped pair of letters counts one. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > 40 || m > 40)
		return 99;
	size_t dd[41][41];
	for (size_t i = 0; i <= n; i++)
		dd[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		dd[0][j] = j;
	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++) {
			size_t best = dd[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (dd[i - 1][j] + 1 < best)
				best = dd[i - 1][j] + 1;
			if (dd[i][j - 1] + 1 < best)
				best = dd[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    dd[i - 2][j - 2] + 1 < best)
				best = dd[i - 2][j - 2] + 1;
			dd[i][j] = best;
		}
	}
	return dd[n][m];
}

static bool same_section(const struct conf_key *k, const char *section)
{
	return section ? k->section && strcmp(k->section, section) == 0 : !k->section;
}

static const struct conf_key *find_key(const char *section, const char *name)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (same_section(&conf_keys[i], section) && strcmp(conf_keys[i].name, name) == 0)
			return &conf_keys[i];
	return NULL;
}

static char *unknown_hint(const char *section, const char *name)
{
	const char *other = section ? NULL : "smtp";
	if (!section && str_starts_with(name, "smtp.") && find_key("smtp", name + 5))
		return xasprintf("write it nested: \"smtp:\" on its own line, then \"  %s: ...\"",
		                 name + 5);
	if (find_key(other, name))
		return section ? xasprintf("%s is a top-level key: move it out of %s:", name, section)
		               : xasprintf("%s belongs under smtp:", name);
	const struct conf_key *best = NULL;
	size_t bestd = 99, max = strlen(name) >= 5 ? 2 : 1;
	for (size_t i = 0; i < NKEYS; i++) {
		size_t dist = edit_distance(name, conf_keys[i].name);
		if (strlen(name) >= 3 && str_starts_with(conf_keys[i].name, name))
			dist = max; /* "user" for "username" */
		if (same_section(&conf_keys[i], section) && dist <= max && dist < bestd) {
			best = &conf_keys[i];
			bestd = dist;
		}
	}
	if (best)
		return xasprintf("did you mean \"%s\"?", best->name);
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_adds(&sb, "known keys:");
	for (size_t i = 0; i < NKEYS; i++)
		if (same_section(&conf_keys[i], section))
			strbuf_addf(&sb, " %s", conf_keys[i].name);
	return strbuf_detach(&sb, NULL);
}

static int unknown_key(struct conf_ctx *x, const char *section, const char *name, int line, int col)
{
	char *pre_s = section ? xasprintf("%s.", section) : xstrdup("");
	const char *pre = pre_s;
	if (strcmp(name, "password") == 0) {
		diag_error(x->d, EX_CONFIG, x->file, line, col,
		           "use smtp.password_env (an environment variable), "
		           "smtp.password_command (a command that prints it) or smtp.netrc",
		           "%spassword: a password is never written in the configuration", pre);
		free(pre_s);
		return -1;
	}
	char *hint = unknown_hint(section, name);
	char *sh = shown(name);
	diag_error(x->d, EX_CONFIG, x->file, line, col, hint, "unknown key \"%s%s\"", pre, sh);
	free(sh);
	free(hint);
	free(pre_s);
	return -1;
}

static int walk_section(struct conf_ctx *x, const struct value *map, const char *section)
{
	int r = 0;
	for (size_t i = 0; i < map->u.map.n; i++) {
		const char *name = map->u.map.keys[i];
		const struct value *v = map->u.map.vals[i];
		const struct conf_key *k = find_key(section, name);
		if (!k) {
			r = unknown_key(x, section, name, map->u.map.key_lines[i],
			                map->u.map.key_cols[i]);
			continue;
		}
		if (v->type == VALUE_NULL)
			continue; /* "key:" with nothing: the default */
		x->seen[k - conf_keys] = v;
		if (set_value(x, k, v) < 0)
			r = -1;
	}
	return r;
}

/* ---- checks across keys ---- */

static const struct value *seen(struct conf_ctx *x, const char *section, const char *name)
{
	return x->seen[find_key(section, name) - conf_keys];
}

static int check_password_sources(struct conf_ctx *x, const char *section)
{
	static const char *names[] = {"password_env", "password_command", "netrc"};
	const char *first = NULL;
	for (size_t i = 0; i < 3; i++) {
		const struct value *v = seen(x, section, names[i]);
		if (!v)
			continue;
		if (first)
			return key_error(
			    x, find_key(section, names[i]), v, "keep only one of them",
			    "%s.%s is already given: the password comes from one place", section, first);
		first = names[i];
	}
	return 0;
}

static int check_tls(struct conf_ctx *x)
{
	const struct value *u = seen(x, "smtp", "url"), *t = seen(x, "smtp", "tls");
	struct smtp_conf *s = &x->c->smtp;
	enum smtp_tls by_scheme;
	char *host = NULL, *why = NULL;
	if (!u || !s->url || url_parse(s->url, &by_scheme, &host, &why) < 0) {
		free(why);
		return 0;
	}
	int r = 0;
	const struct conf_key *k = find_key("smtp", "tls");
	if (!t)
		s->tls = by_scheme;
	else if (by_scheme == SMTP_TLS_TLS && s->tls != SMTP_TLS_TLS)
		r = key_error(x, k, t, "remove smtp.tls, or use an smtp:// URL for STARTTLS",
		              "smtps:// is TLS from the first byte: tls must be tls");
	else if (by_scheme == SMTP_TLS_STARTTLS && s->tls == SMTP_TLS_TLS)
		r = key_error(x, k, t, "use an smtps:// URL for TLS from the first byte",
		              "tls with an smtp:// URL: the scheme says STARTTLS");
	if (r == 0 && s->tls == SMTP_TLS_NONE && !conf_host_is_loopback(host))
		r = key_error(
		    x, k, t,
		    "use starttls or tls: without TLS the mail and any password "
		    "cross the network in clear",
		    "none is allowed only to a loopback host (127.0.0.1, ::1, localhost), "
		    "not %s",
		    host);
	free(host);
	return r;
}

/* Who may change the file (trust.h): another user who owns it or may
 * write to it could make embargo run their commands (password_command) and
 * send what they like, as the user running embargo. */
static int check_mode(struct conf_ctx *x, bool secret)
{
	static const char *risk = "change where mail and passwords go and make embargo run "
	                          "their commands (smtp.password_command)";
	struct stat st;
	if (stat(x->file, &st) < 0)
		return 0; /* it was just read: yamlload reported any real problem */
	if (!secret)
		return trust_owner(x->file, &st, true, "the configuration", risk, x->d) < 0 ||
		               trust_not_writable(x->file, &st, 0600, "the configuration", risk,
		                                  x->d) < 0
		           ? -1
		           : 0;
	if (!(st.st_mode & 077))
		return 0;
	char *hint = xasprintf("chmod 600 %s", x->file);
	diag_error(x->d, EX_CONFIG, x->file, 0, 0, hint,
	           "the configuration names a secret (smtp.username, password_command or netrc) "
	           "but others can read it (mode %04o)",
	           (unsigned)(st.st_mode & 07777));
	free(hint);
	return -1;
}

/* The netrc holds the password: its owner and its mode are checked as the
 * configuration's, when it is read (smtp.h) and here already, so that
 * check and schedule say so.  A netrc that does not exist yet is the
 * send's problem. */
static int check_netrc(struct conf_ctx *x)
{
	const struct value *v = seen(x, "smtp", "netrc");
	const char *path = x->c->smtp.netrc;
	struct stat st;
	if (!v || !path || stat(path, &st) < 0)
		return 0;
	const struct conf_key *k = find_key("smtp", "netrc");
	if (!S_ISREG(st.st_mode))
		return key_error(x, k, v, "name a netrc(5) file", "%s is not a regular file", path);
	struct diags own;
	diags_init(&own);
	int r =
	    trust_owner(path, &st, true, "the netrc", "read or replace the relay's password", &own);
	if (r < 0)
		key_error(x, k, v, own.v[0].hint, "%s", own.v[0].msg);
	else if (st.st_mode & 077) {
		char *hint = xasprintf("chmod 600 %s", path);
		r = key_error(x, k, v, hint, "%s holds a secret and others can read it (mode %04o)",
		              path, (unsigned)(st.st_mode & 07777));
		free(hint);
	}
	diags_free(&own);
	return r;
}

static bool names_secret(struct conf_ctx *x)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (conf_keys[i].secret && x->seen[i])
			return true;
	return false;
}

/* ---- finding the file ---- */

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static const char *home_dir(void)
{
	const char *h = getenv("HOME");
	if (h && *h)
		return h;
	struct passwd *pw = getpwuid(getuid());
	return pw && pw->pw_dir && *pw->pw_dir ? pw->pw_dir : NULL;
}

/* An XDG base directory: the variable when it is absolute, else HOME/fallback. */
static char *xdg_dir(const char *var, const char *fallback)
{
	const char *v = getenv(var);
	if (v && v[0] == '/')
		return xstrdup(v);
	const char *home = home_dir();
	return home ? xasprintf("%s/%s", home, fallback) : NULL;
}

/* 0 and *path set: found; 1: none; -1: a named file is missing. */
static int conf_find(const char *explicit_path, const char *system_file, char **path,
                     struct diags *d)
{
	const char *env = getenv("EMBARGO_CONFIG");
	const char *named = explicit_path ? explicit_path : (env && *env ? env : NULL);
	if (named) {
		if (!exists(named))
			return diag_error(d, explicit_path ? EX_NOINPUT : EX_CONFIG, named, 0, 0,
			                  explicit_path ? "check the --config argument"
			                                : "check $EMBARGO_CONFIG",
			                  "no such configuration file");
		*path = xstrdup(named);
		return 0;
	}
	char *xdg = xdg_dir("XDG_CONFIG_HOME", ".config");
	char *cands[3] = {xstrdup("./embargo.yaml"),
	                  xdg ? xasprintf("%s/embargo/config.yaml", xdg) : NULL,
	                  xstrdup(system_file)};
	free(xdg);
	*path = NULL;
	for (size_t i = 0; i < 3; i++) {
		if (!*path && cands[i] && exists(cands[i]))
			*path = cands[i];
		else
			free(cands[i]);
	}
	return *path ? 0 : 1;
}

/* ---- defaults ---- */

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static char *dir_of(const char *path);

/* NAME beside the configuration file when that directory exists (cron's
 * run with EMBARGO_CONFIG finds the officer's lists wherever it starts),
 * else ./NAME; NULL when neither exists. */
static char *default_dir(const struct conf *c, const char *name)
{
	if (c->path) {
		char *dir = dir_of(c->path);
		char *beside = xasprintf("%s/%s", dir, name);
		free(dir);
		if (is_dir(beside))
			return beside;
		free(beside);
	}
	char *here = xasprintf("./%s", name);
	if (is_dir(here))
		return here;
	free(here);
	return NULL;
}

static int conf_defaults(struct conf *c, struct diags *d)
{
	/* The installed lists are examples: never used unasked. */
	if (!c->lists_dir) {
		c->lists_dir = default_dir(c, "lists");
		if (!c->lists_dir)
			c->lists_dir = xstrdup("./lists");
	}
	if (!c->templates_dir) {
		c->templates_dir = default_dir(c, "templates");
		if (!c->templates_dir)
			c->templates_dir = xstrdup(PKGDATADIR "/templates");
	}
	if (!c->suppress_file)
		c->suppress_file = xasprintf("%s/suppressed.txt", c->lists_dir);
	if (!c->spool_dir) {
		char *state = xdg_dir("XDG_STATE_HOME", ".local/state");
		if (!state)
			return diag_error(d, EX_CONFIG, c->path, 0, 0,
			                  "set spool_dir in the configuration, or HOME",
			                  "no spool directory: HOME is not set");
		c->spool_dir = xasprintf("%s/embargo", state);
		free(state);
	}
	return 0;
}

static void conf_init(struct conf *c)
{
	memset(c, 0, sizeof *c);
	c->date_order = DATE_ORDER_NONE;
	c->max_lateness = 3600;
	c->give_up_after = 86400;
	c->run_deadline = 3000;
	c->smtp.tls = SMTP_TLS_STARTTLS;
	c->smtp.connections = 4;
	c->smtp.max_per_connection = 100;
	c->smtp.timeout = 60;
	c->bounces.soft_limit = 3;
	c->bounces.soft_window = 30 * 86400;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static int conf_read(struct conf *c, struct diags *d)
{
	struct conf_ctx x = {.c = c, .d = d, .file = c->path, .dir = dir_of(c->path)};
	size_t before = diags_errors(d);
	if (check_mode(&x, false) < 0)
		goto out;
	struct value *root = yamlload_file(c->path, CONF_MAX_FILE_SIZE, 0, EX_CONFIG, d);
	if (!root)
		goto out;
	if (root->type == VALUE_MAP) {
		walk_section(&x, root, NULL);
		check_password_sources(&x, "smtp");
		check_password_sources(&x, "bounces");
		check_tls(&x);
		check_netrc(&x);
		check_mode(&x, names_secret(&x));
	} else if (root->type != VALUE_NULL) {
		diag_error(d, EX_CONFIG, c->path, root->line, root->col,
		           "write settings as \"key: value\" lines",
		           "the configuration must be a map of keys, not a %s",
		           value_type_name(root->type));
	}
	value_free(root);
out:
	free(x.dir);
	return diags_errors(d) > before ? -1 : 0;
}

int conf_load_from(const char *explicit_path, const char *system_file, struct conf *c,
                   struct diags *d)
{
	conf_init(c);
	int found = conf_find(explicit_path, system_file, &c->path, d);
	int r = found < 0 ? -1 : 0;
	if (found == 0 && conf_read(c, d) < 0)
		r = -1;
	/* The directories are set even after an error (conf.h: "always set"):
	 * check goes on to print its document. */
	if (conf_defaults(c, d) < 0)
		r = -1;
	return r;
}

int conf_load(const char *explicit_path, struct conf *c, struct diags *d)
{
	return conf_load_from(explicit_path, CONF_SYSTEM_FILE, c, d);
}

void conf_free(struct conf *c)
{
	free(c->path);
	free(c->from_name);
	free(c->from_addr);
	free(c->reply_to_name);
	free(c->reply_to_addr);
	free(c->timezone);
	free(c->lists_dir);
	free(c->templates_dir);
	free(c->spool_dir);
	free(c->suppress_file);
	for (size_t i = 0; i < c->nunsubscribe; i++)
		free(c->unsubscribe[i]);
	free(c->unsubscribe);
	free(c->smtp.url);
	free(c->smtp.ca_file);
	free(c->smtp.username);
	free(c->smtp.password_env);
	free(c->smtp.password_command);
	free(c->smtp.netrc);
	free(c->bounce_address_name);
	free(c->bounce_address);
	for (size_t i = 0; i < c->bounces.nsources; i++)
		free(c->bounces.sources[i]);
	free(c->bounces.sources);
	free(c->bounces.ca_file);
	free(c->bounces.password_env);
	free(c->bounces.password_command);
	free(c->bounces.netrc);
	free(c->bounces.move_to);
	memset(c, 0, sizeof *c);
}

int conf_require_relay(const struct conf *c, const char *consequence, struct diags *d)
{
	if (c->smtp.url)
		return 0;
	return diag_error(d, EX_CONFIG, c->path, 0, 0,
	                  "add smtp: {url: smtp://relay.example.org:587} to embargo.yaml",
	                  "no SMTP relay is configured: %s", consequence);
}
