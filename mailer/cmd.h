/*
 * cmd: the subcommands.  Each parses its own options, calls the modules,
 * prints, and returns a sysexits.h status; none of them holds logic that a
 * module could hold.
 */
#ifndef EMBARGO_CMD_H
#define EMBARGO_CMD_H

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

#endif
