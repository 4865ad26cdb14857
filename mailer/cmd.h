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

int cmd_check(int argc, char **argv, const struct global_opts *g);
int cmd_send(int argc, char **argv, const struct global_opts *g);
int cmd_schedule(int argc, char **argv, const struct global_opts *g);
int cmd_run(int argc, char **argv, const struct global_opts *g);
int cmd_status(int argc, char **argv, const struct global_opts *g);
int cmd_cancel(int argc, char **argv, const struct global_opts *g);
int cmd_lists(int argc, char **argv, const struct global_opts *g);
int cmd_unsubscribe(int argc, char **argv, const struct global_opts *g);

#endif
