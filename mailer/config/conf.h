/*
 * conf: embargo.yaml, the process's configuration.
 *
 * Found via an explicit path (--config), $EMBARGO_CONFIG, ./embargo.yaml,
 * $XDG_CONFIG_HOME/embargo/config.yaml (default ~/.config), then
 * /etc/embargo/config.yaml; no file at all is a valid, empty configuration.
 * Unknown keys and bad values are errors naming file:line:column and the key
 * (EX_CONFIG).  Directories left unset are resolved here: lists and
 * templates beside the configuration file when they exist, else ./lists
 * and ./templates; the installed templates under PKGDATADIR when there are
 * none, never the installed example lists.
 */
#ifndef EMBARGO_CONF_H
#define EMBARGO_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "timeparse.h"

#define CONF_MAX_FILE_SIZE (1u << 20) /* bytes; a larger configuration is refused */

/* The system-wide configuration file, the last place searched. */
#define CONF_SYSTEM_FILE "/etc/embargo/config.yaml"

enum smtp_tls { SMTP_TLS_STARTTLS, SMTP_TLS_TLS, SMTP_TLS_NONE };

struct smtp_conf {
	char *url;         /* "smtp://host:port" or "smtps://host"; NULL: unset */
	enum smtp_tls tls; /* from smtp.tls, else by scheme */
	char *ca_file;     /* NULL: the system CAs */
	char *username;
	char *password_env; /* at most one of these three */
	char *password_command;
	char *netrc;
	long connections;        /* default 4 */
	long max_per_connection; /* default 100 */
	double rate;             /* messages per second across connections; 0: unlimited */
	long timeout;            /* seconds per server reply, default 60 */
	/* Not from the file: a command sets it for -v.  Called with each line of
	 * the SMTP dialogue ("[1] > MAIL FROM:<...>", AUTH secrets hidden). */
	void (*trace)(void *arg, const char *line);
	void *trace_arg;
};

/* bounces: where `embargo bounces` reads returned mail, and what it does. */
struct bounces_conf {
	char **sources; /* Maildir or mbox paths, imaps:// or pop3s:// URLs */
	size_t nsources;
	long soft_limit;  /* soft bounces before an address is suppressed, default 3 */
	long soft_window; /* seconds those are counted over, default 30 days */
	char *ca_file;    /* PEM file for a private CA of the IMAP/POP3 server */
	char *password_env; /* at most one of these three, as for smtp */
	char *password_command;
	char *netrc;
	char *move_to; /* IMAP folder or Maildir (+NAME sub-folder) processed mail moves to */
	bool delete_processed; /* "delete: true": processed mail is deleted */
};

struct conf {
	char *path;      /* the file it was read from; NULL when none */
	char *from_name; /* display name of "from", may be NULL */
	char *from_addr; /* NULL: unset (sending is refused) */
	char *reply_to_name;
	char *reply_to_addr;
	char *timezone; /* IANA name or NULL */
	enum date_order date_order;
	char *lists_dir;     /* always set after conf_load (it may not exist) */
	char *templates_dir; /* always set */
	char *spool_dir;     /* always set: default $XDG_STATE_HOME/embargo */
	char *suppress_file; /* always set: default lists_dir/suppressed.txt */
	char **unsubscribe;  /* URIs, may contain {{recipient.email}} */
	size_t nunsubscribe;
	long max_lateness;  /* seconds, default 3600 */
	long give_up_after; /* seconds, default 86400 */
	long run_deadline;  /* seconds, default 3000 */
	struct smtp_conf smtp;
	char *bounce_address_name; /* unused: a display name given with bounce_address */
	char *bounce_address;      /* envelope sender (MAIL FROM); NULL: from_addr */
	struct bounces_conf bounces;
};

/* Find and load the configuration.  explicit_path (from --config) may be
 * NULL.  Returns 0, or -1 with errors in d (EX_CONFIG; EX_NOINPUT when an
 * explicitly named file does not exist).  c is always initialised and must be
 * freed with conf_free. */
int conf_load(const char *explicit_path, struct conf *c, struct diags *d);

/* conf_load with system_file searched last instead of CONF_SYSTEM_FILE: the
 * unit tests' way to search a root of their own, never the machine's /etc. */
int conf_load_from(const char *explicit_path, const char *system_file, struct conf *c,
                   struct diags *d);
void conf_free(struct conf *c);

/* "90s", "30m", "1h", "2d" -> seconds; -1 when invalid. */
long conf_parse_duration(const char *s);

/* A configuration that sends needs smtp.url: returns 0, or -1 with an
 * EX_CONFIG error naming the config file, what cannot happen without it
 * (consequence, e.g. "nothing can be sent") and how to set it. */
int conf_require_relay(const struct conf *c, const char *consequence, struct diags *d);

/* True when host (from smtp.url) is a loopback address or "localhost". */
bool conf_host_is_loopback(const char *host);

/* True when path (what follows the host and port of smtp.url) is empty or
 * "/" and a host name (letters, digits, dots, hyphens): the EHLO name. */
bool conf_ehlo_path_ok(const char *path);

#endif
