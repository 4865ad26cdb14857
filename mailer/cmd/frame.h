/*
 * frame: the one way a command is written.
 *
 * A command parses its options with cmd_parse (one table of long options,
 * --help added, a clear value back), then does its work inside a struct
 * cmd_frame: the frame loads the configuration (and, for the commands that
 * read a release, prepares the job), collects every diagnostic the modules
 * return, says them on stderr and maps them to the exit status.  Only cmd/
 * prints (tests/layers.test); this is where the commands print what the
 * modules found.
 */
#ifndef EMBARGO_FRAME_H
#define EMBARGO_FRAME_H

#include <getopt.h>
#include <stdbool.h>

#include "cmd.h"
#include "conf.h"
#include "diag.h"
#include "job.h"

/* cmd_parse's "go on": any other value is the status to exit with. */
#define CMD_GO (-1)

/* What a command accepts. */
struct cmd_syntax {
	const char *name;             /* as in help.c's table: the usage printed */
	const struct option *options; /* besides --help; ends with a zero entry; NULL: none */
	int min, max;                 /* how many operands; max -1: any number */
	/* options only before the first operand: an operand that looks like
	 * an option (a path, a URL) is taken as it is */
	bool options_first;
	/* each option found, by its val, with its argument or NULL */
	void (*take)(void *opts, int key, char *arg);
};

/* Parse argv by s into opts.  Returns CMD_GO with optind at the first
 * operand, or the status to exit with: 0 after --help (the full help on
 * stdout), EX_USAGE after a usage error (getopt's words, then the usage on
 * stderr). */
int cmd_parse(int argc, char **argv, const struct cmd_syntax *s, void *opts);

/* A usage error the option table cannot say ("lists import needs --name
 * NAME"): msg, then the usage of name, on stderr.  Returns EX_USAGE. */
int cmd_usage_error(const char *name, const char *msg);

struct cmd_frame {
	const struct global_opts *g;
	struct diags d;
	size_t said; /* the diagnostics of d already dealt with */
	struct conf conf;
	bool loaded; /* conf_load was called: conf is to be freed */
	struct job job;
	bool prepared; /* job_prepare was called: job is to be freed */
};

void cmd_frame_init(struct cmd_frame *f, const struct global_opts *g);

/* Load the configuration.  Returns 0, or -1 with the errors in f->d. */
int cmd_frame_load(struct cmd_frame *f);

/* Load the configuration and prepare the job of spec (job_prepare), then
 * say the decision on the release, and its warnings unless -q, before
 * anything is sent or scheduled.  Returns 0, or -1 with the errors in
 * f->d.  With JOB_CHECK, a configuration that does not load does not stop
 * the release being read (check reports everything at once), and the
 * warnings are left for check's document. */
int cmd_frame_prepare(struct cmd_frame *f, const struct job_spec *spec);

/* Say the diagnostics not said yet: the errors, and the warnings when
 * warnings is true (those left out count as dealt with). */
void cmd_frame_say(struct cmd_frame *f, bool warnings);

/* The end of a command.  rc is 0 (done), -1 (failed: why is in f->d) or
 * an exit status the command's own output has explained (a summary's
 * counts).  Says what is left: the errors always; the warnings when the
 * command failed with errors, or when it is done and not -q ("with -q
 * nothing but errors").  Frees the frame; returns the exit status: rc when
 * positive, else that of the first error, else 0. */
int cmd_frame_end(struct cmd_frame *f, int rc);

/* The shape of a command that needs the configuration and nothing else
 * of the frame's: load it, call fn (which returns as a command's step
 * does: 0, -1, or an explained status), end.  Returns the exit status. */
int cmd_with_conf(const struct global_opts *g, int (*fn)(struct cmd_frame *f, void *arg),
                  void *arg);

#endif
