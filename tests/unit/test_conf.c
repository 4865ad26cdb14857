/* conf: every key, every default, the search order, errors with their place,
 * and the permission rules for files that name secrets. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>
#include <cmocka.h>

#include "conf.h"
#include "testlib.h"
#include "util.h"

static char orig_cwd[4096];
static char tmp[4096];

static void write_file(const char *path, mode_t mode, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static char *tmp_path(const char *rel)
{
	return xasprintf("%s/%s", tmp, rel);
}

/* Each test runs in a fresh empty directory with HOME inside it and no XDG
 * or EMBARGO_CONFIG variables, and the system-wide file is searched in that
 * directory's etc/ (conf_load_from), so nothing of the machine leaks in. */
static int enter_tmp(void **state)
{
	(void)state;
	char *dir = tl_tmpdir("conf");
	snprintf(tmp, sizeof tmp, "%s", dir);
	free(dir);
	char *home = tmp_path("home");
	mkdir(home, 0700);
	setenv("HOME", home, 1);
	free(home);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("XDG_STATE_HOME");
	unsetenv("EMBARGO_CONFIG");
	return chdir(tmp);
}

static int leave_tmp(void **state)
{
	(void)state;
	if (chdir(orig_cwd) < 0)
		return -1;
	return tl_rmtree(tmp);
}

/* conf_load, with tmp/etc/embargo/config.yaml as the system-wide file. */
static int load(const char *explicit_path, struct conf *c, struct diags *d)
{
	char *system_file = tmp_path("etc/embargo/config.yaml");
	int r = conf_load_from(explicit_path, system_file, c, d);
	free(system_file);
	return r;
}

static const struct diag *find_diag(const struct diags *d, const char *substr)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->v[i].msg, substr))
			return &d->v[i];
	return NULL;
}

static void dump(const struct diags *d)
{
	diags_print(d, stderr, "test_conf");
}

/* Write cfg.yaml with the given mode and load it explicitly. */
static int load_text(const char *text, mode_t mode, struct conf *c, struct diags *d)
{
	write_file("cfg.yaml", mode, text);
	diags_init(d);
	return load("cfg.yaml", c, d);
}

static void test_defaults_without_file(void **state)
{
	(void)state;
	struct conf c;
	struct diags d;
	diags_init(&d);
	assert_int_equal(load(NULL, &c, &d), 0);
	assert_int_equal(d.n, 0);
	assert_null(c.path);
	assert_null(c.from_addr);
	assert_null(c.from_name);
	assert_null(c.reply_to_addr);
	assert_null(c.timezone);
	assert_int_equal(c.date_order, DATE_ORDER_NONE);
	/* the installed lists are examples, never used unasked (issue 17) */
	assert_string_equal(c.lists_dir, "./lists");
	assert_string_equal(c.templates_dir, PKGDATADIR "/templates");
	assert_string_equal(c.suppress_file, "./lists/suppressed.txt");
	char *spool = tmp_path("home/.local/state/embargo");
	assert_string_equal(c.spool_dir, spool);
	free(spool);
	assert_int_equal(c.nunsubscribe, 0);
	assert_int_equal(c.max_lateness, 3600);
	assert_int_equal(c.give_up_after, 24 * 3600);
	assert_int_equal(c.run_deadline, 50 * 60);
	assert_null(c.smtp.url);
	assert_int_equal(c.smtp.tls, SMTP_TLS_STARTTLS);
	assert_null(c.smtp.ca_file);
	assert_null(c.smtp.username);
	assert_null(c.smtp.password_env);
	assert_null(c.smtp.password_command);
	assert_null(c.smtp.netrc);
	assert_int_equal(c.smtp.connections, 4);
	assert_int_equal(c.smtp.max_per_connection, 100);
	assert_true(c.smtp.rate == 0.0);
	assert_int_equal(c.smtp.timeout, 60);
	conf_free(&c);
}

static void test_defaults_local_dirs(void **state)
{
	(void)state;
	assert_int_equal(mkdir("lists", 0755), 0);
	assert_int_equal(mkdir("templates", 0755), 0);
	setenv("XDG_STATE_HOME", "/srv/state", 1);
	struct conf c;
	struct diags d;
	assert_int_equal(load_text("# nothing but a comment\n", 0600, &c, &d), 0);
	assert_string_equal(c.path, "cfg.yaml");
	assert_string_equal(c.lists_dir, "./lists");
	assert_string_equal(c.templates_dir, "./templates");
	assert_string_equal(c.suppress_file, "./lists/suppressed.txt");
	assert_string_equal(c.spool_dir, "/srv/state/embargo");
	conf_free(&c);
	diags_free(&d);
	/* a relative XDG_STATE_HOME is ignored, as the XDG spec says */
	setenv("XDG_STATE_HOME", "state", 1);
	assert_int_equal(load_text("", 0600, &c, &d), 0);
	char *spool = tmp_path("home/.local/state/embargo");
	assert_string_equal(c.spool_dir, spool);
	free(spool);
	conf_free(&c);
	diags_free(&d);
}

/* The lists and templates beside the configuration come first: cron's run
 * with EMBARGO_CONFIG finds the officer's, wherever it starts (issue 17). */
static void test_defaults_beside_config(void **state)
{
	(void)state;
	assert_int_equal(mkdir("office", 0700), 0);
	assert_int_equal(mkdir("office/lists", 0755), 0);
	assert_int_equal(mkdir("office/templates", 0755), 0);
	assert_int_equal(mkdir("lists", 0755), 0);
	write_file("office/embargo.yaml", 0600, "# the officer's\n");
	struct conf c;
	struct diags d;
	diags_init(&d);
	assert_int_equal(conf_load("office/embargo.yaml", &c, &d), 0);
	assert_string_equal(c.lists_dir, "office/lists");
	assert_string_equal(c.templates_dir, "office/templates");
	assert_string_equal(c.suppress_file, "office/lists/suppressed.txt");
	conf_free(&c);
	diags_free(&d);
	/* none beside it: ./lists, and the installed templates */
	assert_int_equal(rmdir("office/lists"), 0);
	assert_int_equal(rmdir("office/templates"), 0);
	diags_init(&d);
	assert_int_equal(conf_load("office/embargo.yaml", &c, &d), 0);
	assert_string_equal(c.lists_dir, "./lists");
	assert_string_equal(c.templates_dir, PKGDATADIR "/templates");
	conf_free(&c);
	diags_free(&d);
}

static const char full_config[] = "from: \"Press Office <press@example.org>\"\n"
                                  "reply_to: Ana Lima <ana@EXAMPLE.org>\n"
                                  "timezone: America/New_York\n"
                                  "date_order: dmy\n"
                                  "lists_dir: lists\n"
                                  "templates_dir: /srv/embargo/templates\n"
                                  "spool_dir: spool\n"
                                  "suppress_file: ~/suppressed.txt\n"
                                  "unsubscribe:\n"
                                  "  - mailto:unsubscribe@example.org\n"
                                  "  - https://example.org/u?e={{recipient.email}}\n"
                                  "max_lateness: 90s\n"
                                  "give_up_after: 2d\n"
                                  "run_deadline: 30m\n"
                                  "smtp:\n"
                                  "  url: smtps://mail.example.net:465\n"
                                  "  ca_file: ca.pem\n"
                                  "  username: press\n"
                                  "  password_command: pass show smtp\n"
                                  "  connections: 8\n"
                                  "  max_per_connection: 250\n"
                                  "  rate: 600/min\n"
                                  "  timeout: 2m\n";

static void test_every_key(void **state)
{
	(void)state;
	assert_int_equal(mkdir("conf", 0755), 0);
	write_file("conf/embargo.yaml", 0600, full_config);
	struct conf c;
	struct diags d;
	diags_init(&d);
	int r = load("conf/embargo.yaml", &c, &d);
	dump(&d);
	assert_int_equal(r, 0);
	assert_int_equal(d.n, 0);
	assert_string_equal(c.path, "conf/embargo.yaml");
	assert_string_equal(c.from_name, "Press Office");
	assert_string_equal(c.from_addr, "press@example.org");
	assert_string_equal(c.reply_to_name, "Ana Lima");
	assert_string_equal(c.reply_to_addr, "ana@example.org");
	assert_string_equal(c.timezone, "America/New_York");
	assert_int_equal(c.date_order, DATE_ORDER_DMY);
	/* relative paths are taken from the configuration's directory */
	assert_string_equal(c.lists_dir, "conf/lists");
	assert_string_equal(c.templates_dir, "/srv/embargo/templates");
	assert_string_equal(c.spool_dir, "conf/spool");
	char *supp = tmp_path("home/suppressed.txt");
	assert_string_equal(c.suppress_file, supp);
	free(supp);
	assert_int_equal(c.nunsubscribe, 2);
	assert_string_equal(c.unsubscribe[0], "mailto:unsubscribe@example.org");
	assert_string_equal(c.unsubscribe[1], "https://example.org/u?e={{recipient.email}}");
	assert_int_equal(c.max_lateness, 90);
	assert_int_equal(c.give_up_after, 2 * 86400);
	assert_int_equal(c.run_deadline, 30 * 60);
	assert_string_equal(c.smtp.url, "smtps://mail.example.net:465");
	assert_int_equal(c.smtp.tls, SMTP_TLS_TLS);
	assert_string_equal(c.smtp.ca_file, "conf/ca.pem");
	assert_string_equal(c.smtp.username, "press");
	assert_string_equal(c.smtp.password_command, "pass show smtp");
	assert_null(c.smtp.password_env);
	assert_null(c.smtp.netrc);
	assert_int_equal(c.smtp.connections, 8);
	assert_int_equal(c.smtp.max_per_connection, 250);
	assert_true(c.smtp.rate == 10.0);
	assert_int_equal(c.smtp.timeout, 120);
	conf_free(&c);
	diags_free(&d);
}

static void test_other_values(void **state)
{
	(void)state;
	struct conf c;
	struct diags d;
	int r = load_text("unsubscribe: mailto:u@example.org\n"
	                  "date_order: mdy\n"
	                  "lists_dir: /abs/lists\n"
	                  "smtp:\n"
	                  "  url: smtp://127.0.0.1:2525\n"
	                  "  tls: none\n"
	                  "  password_env: SMTP_PASSWORD\n"
	                  "  rate: 36/h\n",
	                  0644, &c, &d);
	dump(&d);
	assert_int_equal(r, 0);
	assert_int_equal(c.nunsubscribe, 1);
	assert_string_equal(c.unsubscribe[0], "mailto:u@example.org");
	assert_int_equal(c.date_order, DATE_ORDER_MDY);
	assert_string_equal(c.lists_dir, "/abs/lists");
	assert_string_equal(c.suppress_file, "/abs/lists/suppressed.txt");
	assert_int_equal(c.smtp.tls, SMTP_TLS_NONE);
	assert_string_equal(c.smtp.password_env, "SMTP_PASSWORD");
	assert_true(c.smtp.rate > 0.0099 && c.smtp.rate < 0.0101);
	conf_free(&c);
	diags_free(&d);
	/* tls by scheme, and none to every kind of loopback host */
	static const struct {
		const char *yaml;
		enum smtp_tls tls;
	} tls_rows[] = {
	    {"smtp:\n  url: smtp://mail.example.net\n", SMTP_TLS_STARTTLS},
	    {"smtp:\n  url: SMTPS://mail.example.net\n", SMTP_TLS_TLS},
	    {"smtp:\n  url: smtps://mail.example.net\n  tls: tls\n", SMTP_TLS_TLS},
	    {"smtp:\n  url: smtp://mail.example.net:587\n  tls: starttls\n", SMTP_TLS_STARTTLS},
	    {"smtp:\n  url: smtp://localhost:2525\n  tls: none\n", SMTP_TLS_NONE},
	    {"smtp:\n  url: smtp://[::1]:2525\n  tls: none\n", SMTP_TLS_NONE},
	    {"smtp:\n  url: smtp://127.8.9.10\n  tls: none\n", SMTP_TLS_NONE},
	    {"smtp:\n  url: smtp://mail.example.net/ehlo.example.net\n", SMTP_TLS_STARTTLS},
	    {"smtp:\n  tls: tls\n", SMTP_TLS_TLS},
	};
	for (size_t i = 0; i < sizeof tls_rows / sizeof tls_rows[0]; i++) {
		r = load_text(tls_rows[i].yaml, 0600, &c, &d);
		dump(&d);
		assert_int_equal(r, 0);
		assert_int_equal(c.smtp.tls, tls_rows[i].tls);
		conf_free(&c);
		diags_free(&d);
	}
}

static void put_config(const char *path, const char *from)
{
	char *text = xasprintf("from: %s\n", from);
	write_file(path, 0600, text);
	free(text);
}

static void expect_found(const char *explicit_path, const char *path, const char *from)
{
	struct conf c;
	struct diags d;
	diags_init(&d);
	assert_int_equal(load(explicit_path, &c, &d), 0);
	assert_string_equal(c.path, path);
	assert_string_equal(c.from_addr, from);
	conf_free(&c);
	diags_free(&d);
}

static void test_search_order(void **state)
{
	(void)state;
	char *xdg = tmp_path("xdg"), *xdgfile = tmp_path("xdg/embargo/config.yaml");
	char *homefile = tmp_path("home/.config/embargo/config.yaml");
	char *envfile = tmp_path("env.yaml"), *sysfile = tmp_path("etc/embargo/config.yaml");
	assert_int_equal(system("mkdir -p xdg/embargo home/.config/embargo etc/embargo"), 0);
	put_config(sysfile, "system@example.com");
	put_config("explicit.yaml", "explicit@example.com");
	put_config(envfile, "env@example.com");
	put_config("embargo.yaml", "cwd@example.com");
	put_config(xdgfile, "xdg@example.com");
	put_config(homefile, "home@example.com");
	setenv("EMBARGO_CONFIG", envfile, 1);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	expect_found("explicit.yaml", "explicit.yaml", "explicit@example.com");
	expect_found(NULL, envfile, "env@example.com");
	unsetenv("EMBARGO_CONFIG");
	expect_found(NULL, "./embargo.yaml", "cwd@example.com");
	unlink("embargo.yaml");
	expect_found(NULL, xdgfile, "xdg@example.com");
	unsetenv("XDG_CONFIG_HOME");
	expect_found(NULL, homefile, "home@example.com");
	/* a relative XDG_CONFIG_HOME is ignored */
	setenv("XDG_CONFIG_HOME", "xdg", 1);
	expect_found(NULL, homefile, "home@example.com");
	/* the system-wide file comes last */
	unlink(homefile);
	expect_found(NULL, sysfile, "system@example.com");
	unlink(sysfile);
	struct conf c;
	struct diags d;
	diags_init(&d);
	assert_int_equal(load(NULL, &c, &d), 0);
	assert_null(c.path);
	conf_free(&c);
	diags_free(&d);
	assert_string_equal(CONF_SYSTEM_FILE, "/etc/embargo/config.yaml");
	free(sysfile);
	free(xdg);
	free(xdgfile);
	free(homefile);
	free(envfile);
}

static void test_named_file_missing(void **state)
{
	(void)state;
	struct conf c;
	struct diags d;
	diags_init(&d);
	assert_int_equal(load("nowhere.yaml", &c, &d), -1);
	assert_int_equal(diags_status(&d), EX_NOINPUT);
	assert_string_equal(d.v[0].file, "nowhere.yaml");
	conf_free(&c);
	diags_free(&d);
	/* EMBARGO_CONFIG naming a missing file is not silently skipped */
	put_config("embargo.yaml", "cwd@example.com");
	setenv("EMBARGO_CONFIG", "gone.yaml", 1);
	assert_int_equal(load(NULL, &c, &d), -1);
	assert_int_equal(diags_status(&d), EX_CONFIG);
	assert_string_equal(d.v[0].file, "gone.yaml");
	conf_free(&c);
	diags_free(&d);
}

struct bad {
	const char *yaml;
	const char *msg; /* substring of the error */
	int line, col;
	const char *hint; /* substring of the hint, or NULL */
};

static const struct bad bad_rows[] = {
    /* unknown keys, typos and misplaced keys */
    {"from: a@example.com\nsmpt:\n  url: smtp://x.example.com\n", "unknown key \"smpt\"", 2, 1,
     "did you mean \"smtp\"?"},
    {"time_zone: Europe/London\n", "unknown key \"time_zone\"", 1, 1, "\"timezone\""},
    {"replyto: a@example.com\n", "unknown key \"replyto\"", 1, 1, "\"reply_to\""},
    {"list_dir: x\n", "unknown key \"list_dir\"", 1, 1, "\"lists_dir\""},
    {"max_latenes: 1h\n", "unknown key \"max_latenes\"", 1, 1, "\"max_lateness\""},
    {"smtp:\n  urll: smtp://x.example.com\n", "unknown key \"smtp.urll\"", 2, 3, "\"url\""},
    {"smtp:\n    user: x\n", "unknown key \"smtp.user\"", 2, 5, "\"username\""},
    {"smtp:\n  conections: 3\n", "unknown key \"smtp.conections\"", 2, 3, "\"connections\""},
    {"color: blue\n", "unknown key \"color\"", 1, 1, "known keys: from"},
    {"url: smtp://x.example.com\n", "unknown key \"url\"", 1, 1, "belongs under smtp:"},
    {"smtp:\n  from: a@example.com\n", "unknown key \"smtp.from\"", 2, 3, "top-level key"},
    {"smtp.url: smtp://x.example.com\n", "unknown key \"smtp.url\"", 1, 1, "write it nested"},
    {"smtp:\n  password: hunter2\n", "smtp.password: a password is never written", 2, 3,
     "password_env"},
    {"password: hunter2\n", "password: a password is never written", 1, 1, "netrc"},
    /* the shape of the document and of smtp */
    {"- from\n- to\n", "must be a map of keys, not a list", 1, 1, NULL},
    {"just words\n", "must be a map of keys, not a string", 1, 1, NULL},
    {"smtp: smtp://x.example.com\n", "smtp: expected a map", 1, 7, "indent"},
    {"from: [a@example.com]\n", "from: expected a string, not a list", 1, 7, NULL},
    /* addresses */
    {"\nfrom: Press Office <press@example>\n", "from: the domain has no dot", 2, 7, NULL},
    {"reply_to: a..b@example.org\n", "reply_to: the local part has two dots", 1, 11, NULL},
    {"from: \"Press\\r\\nBcc: x@example.com <p@example.org>\"\n", "carriage return", 1, 7, NULL},
    /* durations */
    {"max_lateness: 90\n", "max_lateness: \"90\" is not a duration", 1, 15, "90s, 30m"},
    {"max_lateness: 1w\n", "\"1w\" is not a duration", 1, 15, NULL},
    {"give_up_after: -5m\n", "\"-5m\" is not a duration", 1, 16, NULL},
    {"give_up_after: 0s\n", "\"0s\" is not a duration", 1, 16, NULL},
    {"run_deadline: 1.5h\n", "\"1.5h\" is not a duration", 1, 15, NULL},
    {"run_deadline: 1 h\n", "\"1 h\" is not a duration", 1, 15, NULL},
    {"smtp:\n  timeout: 60\n", "smtp.timeout: \"60\" is not a duration", 2, 12, NULL},
    /* integers and rates */
    {"smtp:\n  connections: 0\n", "smtp.connections: \"0\" is not a positive integer", 2, 16, NULL},
    {"smtp:\n  connections: -2\n", "\"-2\" is not a positive integer", 2, 16, NULL},
    {"smtp:\n  max_per_connection: 4.5\n", "\"4.5\" is not a positive integer", 2, 23, NULL},
    {"smtp:\n  max_per_connection: many\n", "\"many\" is not a positive integer", 2, 23, NULL},
    {"smtp:\n  rate: 10\n", "smtp.rate: \"10\" is not a rate", 2, 9, "N/s"},
    {"smtp:\n  rate: 10/m\n", "\"10/m\" is not a rate", 2, 9, NULL},
    {"smtp:\n  rate: 0/s\n", "\"0/s\" is not a rate", 2, 9, NULL},
    {"smtp:\n  rate: x/h\n", "\"x/h\" is not a rate", 2, 9, NULL},
    /* tls and url */
    {"smtp:\n  tls: ssl\n", "smtp.tls: expected starttls, tls or none", 2, 8, NULL},
    {"smtp:\n  url: smtp://mail.example.net\n  tls: none\n",
     "none is allowed only to a loopback host", 3, 8, "starttls"},
    {"smtp:\n  url: smtp://127.0.0.1.example.net\n  tls: none\n", "not 127.0.0.1.example.net", 3, 8,
     NULL},
    {"smtp:\n  url: smtps://mail.example.net\n  tls: starttls\n",
     "smtps:// is TLS from the first byte", 3, 8, NULL},
    {"smtp:\n  url: smtps://localhost\n  tls: none\n", "smtps:// is TLS", 3, 8, NULL},
    {"smtp:\n  url: smtp://mail.example.net\n  tls: tls\n", "tls with an smtp:// URL", 3, 8,
     "smtps://"},
    {"smtp:\n  url: ftp://mail.example.net\n", "smtp.url: the URL must start with smtp://", 2, 8,
     NULL},
    {"smtp:\n  url: smtp://\n", "the URL has no host", 2, 8, NULL},
    {"smtp:\n  url: smtp://mail.example.net:0\n", "the port must be", 2, 8, NULL},
    {"smtp:\n  url: smtp://mail.example.net:99999\n", "the port must be", 2, 8, NULL},
    {"smtp:\n  url: smtp://mail.example.net:x\n", "the port must be", 2, 8, NULL},
    {"smtp:\n  url: smtp://user:pw@mail.example.net\n", "user name or password", 2, 8,
     "smtp.username"},
    {"smtp:\n  url: \"smtp://mail.example.net\\r\\nQUIT\"\n", "CR, LF", 2, 8, NULL},
    {"smtp:\n  url: \"smtp://mail example.net\"\n", "space", 2, 8, NULL},
    {"smtp:\n  url: smtp://[::g]\n", "not an IPv6 address", 2, 8, NULL},
    {"smtp:\n  url: smtp://mail.example.net/a?b\n", "only have a host name after '/'", 2, 8, NULL},
    {"smtp:\n  url: smtp://mail_x.example.net\n", "unexpected '_'", 2, 8, NULL},
    /* password sources */
    {"smtp:\n  password_env: A\n  netrc: /x/netrc\n",
     "smtp.netrc: smtp.password_env is "
     "already given",
     3, 10, "only one"},
    {"smtp:\n  password_env: 1PASS\n", "not an environment variable name", 2, 17, NULL},
    {"smtp:\n  password_env: MY-PASS\n", "not an environment variable name", 2, 17, NULL},
    {"smtp:\n  username: \"\"\n", "smtp.username: the value is empty", 2, 13, NULL},
    {"smtp:\n  username: \"a\\nb\"\n", "control character", 2, 13, NULL},
    /* timezone, date order, unsubscribe, paths */
    {"timezone: Mars/Olympus_Mons\n", "\"Mars/Olympus_Mons\" is not a time zone", 1, 11,
     "Europe/London"},
    {"timezone: ../../../etc/passwd\n", "is not a time zone", 1, 11, NULL},
    {"timezone: /etc/localtime\n", "is not a time zone", 1, 11, NULL},
    {"timezone: zone.tab\n", "\"zone.tab\" is not a time zone", 1, 11, NULL},
    {"timezone: America\n", "\"America\" is not a time zone", 1, 11, NULL},
    {"timezone: EST5EDT x\n", "is not a time zone", 1, 11, NULL},
    {"date_order: ymd\n", "date_order: expected mdy or dmy", 1, 13, NULL},
    {"unsubscribe: ftp://example.org/u\n", "expected a mailto: or https:// URI", 1, 14, NULL},
    {"unsubscribe:\n  - mailto:u@example.org\n  - http://example.org/u\n",
     "expected a mailto: or https://", 3, 5, NULL},
    {"unsubscribe:\n  - https://example.org/a b\n", "contains a space", 2, 5, NULL},
    {"unsubscribe:\n  - [mailto:a@example.org]\n", "unsubscribe: expected a string", 2, 5, NULL},
    {"unsubscribe: \"mailto:\"\n", "expected a mailto:", 1, 14, NULL},
    {"unsubscribe: https://ex\xc3\xa4mple.org/\n", "not ASCII", 1, 14, NULL},
    {"lists_dir: \"\"\n", "lists_dir: the path is empty", 1, 12, NULL},
    /* the YAML itself */
    {"from: &a x@example.org\nreply_to: *a\n", "anchors and aliases", 1, 7, NULL},
    {"from: a@example.org\nfrom: b@example.org\n", "duplicate key \"from\"", 2, 1, NULL},
};

static void test_bad_values(void **state)
{
	(void)state;
	size_t bad = 0;
	for (size_t i = 0; i < sizeof bad_rows / sizeof bad_rows[0]; i++) {
		const struct bad *t = &bad_rows[i];
		struct conf c;
		struct diags d;
		int r = load_text(t->yaml, 0600, &c, &d);
		const struct diag *g = find_diag(&d, t->msg);
		bool ok = r == -1 && diags_status(&d) == EX_CONFIG && g && g->line == t->line &&
		          g->col == t->col && g->file && strcmp(g->file, "cfg.yaml") == 0 &&
		          (!t->hint || (g->hint && strstr(g->hint, t->hint)));
		if (!ok) {
			print_error("row %zu: r=%d want \"%s\" at %d:%d\n", i, r, t->msg, t->line,
			            t->col);
			dump(&d);
			bad++;
		}
		conf_free(&c);
		diags_free(&d);
	}
	assert_int_equal(bad, 0);
}

/* Every problem of a file is reported, not only the first. */
static void test_all_errors_reported(void **state)
{
	(void)state;
	struct conf c;
	struct diags d;
	int r = load_text("max_lateness: 1x\ncolour: red\nsmtp:\n  rate: fast\n", 0600, &c, &d);
	assert_int_equal(r, -1);
	assert_int_equal(diags_errors(&d), 3);
	conf_free(&c);
	diags_free(&d);
}

/* The secret is never quoted back in an error. */
static void test_password_not_echoed(void **state)
{
	(void)state;
	struct conf c;
	struct diags d;
	assert_int_equal(load_text("smtp:\n  password: hunter2\n", 0600, &c, &d), -1);
	for (size_t i = 0; i < d.n; i++) {
		assert_null(strstr(d.v[i].msg, "hunter2"));
		assert_true(!d.v[i].hint || !strstr(d.v[i].hint, "hunter2"));
	}
	conf_free(&c);
	diags_free(&d);
}

static void test_permissions(void **state)
{
	(void)state;
	static const struct {
		const char *yaml;
		mode_t mode;
		int ok;
		const char *msg;
	} rows[] = {
	    {"smtp:\n  password_command: pass smtp\n", 0644, 0, "names a secret"},
	    {"smtp:\n  password_command: pass smtp\n", 0640, 0, "names a secret"},
	    {"smtp:\n  password_command: pass smtp\n", 0604, 0, "names a secret"},
	    {"smtp:\n  password_command: pass smtp\n", 0600, 1, NULL},
	    {"smtp:\n  password_command: pass smtp\n", 0400, 1, NULL},
	    {"smtp:\n  netrc: /x/netrc\n", 0644, 0, "names a secret"},
	    {"smtp:\n  username: press\n  password_env: P\n", 0644, 0, "names a secret"},
	    {"smtp:\n  password_env: P\n", 0644, 1, NULL},
	    {"from: a@example.org\n", 0644, 1, NULL},
	    {"from: a@example.org\n", 0664, 0, "writable by others"},
	    {"from: a@example.org\n", 0606, 0, "writable by others"},
	    {"smtp:\n  password_env: P\n", 0620, 0, "writable by others"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct conf c;
		struct diags d;
		int r = load_text(rows[i].yaml, rows[i].mode, &c, &d);
		if (rows[i].ok) {
			dump(&d);
			assert_int_equal(r, 0);
		} else {
			assert_int_equal(r, -1);
			assert_int_equal(diags_status(&d), EX_CONFIG);
			const struct diag *g = find_diag(&d, rows[i].msg);
			assert_non_null(g);
			assert_string_equal(g->file, "cfg.yaml");
			assert_string_equal(g->hint, "chmod 600 cfg.yaml");
		}
		conf_free(&c);
		diags_free(&d);
	}
}

static void test_parse_duration(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		long secs;
	} rows[] = {
	    {"90s", 90},
	    {"30m", 1800},
	    {"1h", 3600},
	    {"2d", 172800},
	    {"1s", 1},
	    {"24h", 86400},
	    {"0001m", 60},
	    {"0s", -1},
	    {"", -1},
	    {"s", -1},
	    {"90", -1},
	    {"1w", -1},
	    {"1H", -1},
	    {"1.5h", -1},
	    {"-1h", -1},
	    {"+1h", -1},
	    {" 1h", -1},
	    {"1h ", -1},
	    {"1hh", -1},
	    {"1h30m", -1},
	    {"99999999999999999999s", -1},
	    {"9223372036854775807d", -1},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		long got = conf_parse_duration(rows[i].in);
		if (got != rows[i].secs)
			print_error("duration \"%s\": got %ld\n", rows[i].in, got);
		assert_int_equal(got, rows[i].secs);
	}
	assert_int_equal(conf_parse_duration(NULL), -1);
}

static void test_loopback(void **state)
{
	(void)state;
	static const struct {
		const char *host;
		bool loop;
	} rows[] = {
	    {"localhost", true},
	    {"LOCALHOST", true},
	    {"127.0.0.1", true},
	    {"127.255.255.254", true},
	    {"127.1.2.3", true},
	    {"::1", true},
	    {"[::1]", true},
	    {"::ffff:127.0.0.1", true},
	    {"0:0:0:0:0:0:0:1", true},
	    {"128.0.0.1", false},
	    {"126.0.0.1", false},
	    {"10.0.0.1", false},
	    {"::2", false},
	    {"[::]", false},
	    {"localhost.example.com", false},
	    {"127.0.0.1.example.com", false},
	    {"mail.example.com", false},
	    {"", false},
	    {"127.1", false},
	    {"[127.0.0.1]", false},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (conf_host_is_loopback(rows[i].host) != rows[i].loop)
			print_error("host \"%s\"\n", rows[i].host);
		assert_int_equal(conf_host_is_loopback(rows[i].host), rows[i].loop);
	}
	assert_false(conf_host_is_loopback(NULL));
}

#define T(f) cmocka_unit_test_setup_teardown(f, enter_tmp, leave_tmp)

int main(void)
{
	if (!getcwd(orig_cwd, sizeof orig_cwd))
		return 1;
	const struct CMUnitTest tests[] = {
	    T(test_defaults_without_file),
	    T(test_defaults_local_dirs),
	    T(test_defaults_beside_config),
	    T(test_every_key),
	    T(test_other_values),
	    T(test_search_order),
	    T(test_named_file_missing),
	    T(test_bad_values),
	    T(test_all_errors_reported),
	    T(test_password_not_echoed),
	    T(test_permissions),
	    cmocka_unit_test(test_parse_duration),
	    cmocka_unit_test(test_loopback),
	};
	return cmocka_run_group_tests_name("conf", tests, NULL, NULL);
}
