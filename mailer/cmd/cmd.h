/*
 * cmd: the subcommands.  Each parses its options, calls the modules,
 * prints, and returns a sysexits.h status, all one way (frame.h); none of
 * them holds logic that a module could hold.
 */
#ifndef EMBARGO_CMD_H
#define EMBARGO_CMD_H

#include <stdio.h>

struct global_opts {
	const char *config_path; /* --config, or NULL */
	int verbosity;           /* -1 quiet, 0 normal, 1 verbose */
};

struct conf;
struct diags;
struct spool;

/* The shape of the commands that read or change the spool (status,
 * cancel): load the configuration, open its spool, call fn, print every
 * diagnostic.  Returns the status of the first error, else 0. */
typedef void (*cmd_spool_fn)(const struct spool *sp, const struct conf *conf, void *arg,
                             struct diags *d);
int cmd_with_spool(const struct global_opts *g, cmd_spool_fn fn, void *arg);

/* Before a command that sends reads the relay's password: no core file
 * and no dumping from here on (harden.h), when the configuration names a
 * secret.  Warns on stderr when the kernel refuses. */
void cmd_guard_secret(const struct conf *conf);

/* Where things are (mailer/cmd/cmd_where.c).  The absolute path of the
 * configuration in use, or NULL; the command line cron must run for it
 * ("EMBARGO_CONFIG=/abs/embargo.yaml /usr/local/bin/embargo run"), and a
 * hint naming the crontab line; all malloc'd. */
char *cmd_config_abspath(const struct conf *conf);
char *cmd_run_line(const struct conf *conf);
char *cmd_cron_hint(const struct conf *conf);
/* Warnings in d when no run has looked at sp lately (SPOOL/last-run), or
 * the one that does reads another configuration. */
void cmd_check_runs(const struct spool *sp, const struct conf *conf, struct diags *d);
/* `embargo help` (and --help): the overview, then where this user, here,
 * keeps the configuration, lists, templates, suppression file and spool,
 * when a run last looked at the spool, and cron's line. */
void cmd_help_overview(FILE *fp, const struct global_opts *g);

/* Every diagnostic of d, "embargo: FILE:LINE:COL: error: ..." and its
 * hint, on fp (frame.c). */
void cmd_print_diags(const struct diags *d, FILE *fp);

/* Under a send's summary, each distinct reply that ended recipients other
 * than sent, "  deferred 3: 535 5.7.8 ..." (frame.c). */
struct deliver_stats;
void cmd_print_reasons(const struct deliver_stats *st, FILE *fp);

struct release;
/* The decision on a release ("HELD until ...", "IMMEDIATE — ...",
 * "REFUSED — ..."), the first line check, send and schedule print on
 * stderr, so that nobody misses it. */
void cmd_say_decision(const struct release *rel, const struct global_opts *g);

/* With -v, the SMTP dialogue on stderr (AUTH secrets hidden). */
struct smtp_conf;
void cmd_smtp_verbose(struct smtp_conf *c, const struct global_opts *g);

int cmd_check(int argc, char **argv, const struct global_opts *g);
int cmd_send(int argc, char **argv, const struct global_opts *g);
int cmd_schedule(int argc, char **argv, const struct global_opts *g);
int cmd_run(int argc, char **argv, const struct global_opts *g);
int cmd_status(int argc, char **argv, const struct global_opts *g);
int cmd_cancel(int argc, char **argv, const struct global_opts *g);
int cmd_lists(int argc, char **argv, const struct global_opts *g);
int cmd_unsubscribe(int argc, char **argv, const struct global_opts *g);
int cmd_bounces(int argc, char **argv, const struct global_opts *g);

#endif
