/*
 * embargo check RELEASE [--list L]...: parse and validate a release, its lists
 * and templates, and print the release as understood (a YAML document, even
 * when there are errors; exit 65 or the status of the first error then).
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

#include "checkdoc.h"
#include "cmd.h"
#include "frame.h"
#include "conf.h"
#include "job.h"

struct check_opts {
	char **lists;
	size_t nlists;
};

static void take_check_opt(void *opts, int key, char *arg)
{
	struct check_opts *o = opts;
	if (key == 'l')
		o->lists[o->nlists++] = arg;
}

void cmd_say_decision(const struct release *rel, const struct global_opts *g)
{
	if (rel->decision && (g->verbosity >= 0 || str_starts_with(rel->decision, "REFUSED")))
		fprintf(stderr, "embargo: %s\n", rel->decision);
}

/* The document on stdout, even when there are errors: scripts read it. */
static int check_emit(struct cmd_frame *f)
{
	struct job *job = &f->job;
	bool written =
	    checkdoc_emit(stdout, &job->rel, job->list_names, job->nlist_names, &f->d) == 0 &&
	    fflush(stdout) == 0 && !ferror(stdout);
	if (written)
		return 0;
	/* a check that printed nothing has not passed */
	return diag_plain(&f->d, EX_IOERR, NULL, "cannot write the check document");
}

int cmd_check(int argc, char **argv, const struct global_opts *g)
{
	static const struct option longopts[] = {
	    {"list", required_argument, NULL, 'l'},
	    {0, 0, 0, 0},
	};
	static const struct cmd_syntax syntax = {
	    .name = "check", .options = longopts, .min = 1, .max = 1, .take = take_check_opt};
	struct check_opts o = {.lists = xcalloc((size_t)argc, sizeof *o.lists)};
	int status = cmd_parse(argc, argv, &syntax, &o);
	if (status == CMD_GO) {
		struct cmd_frame f;
		cmd_frame_init(&f, g);
		struct job_spec spec = {.release = argv[optind],
		                        .lists = o.lists,
		                        .nlists = o.nlists,
		                        .flags = JOB_CHECK};
		int rc = cmd_frame_prepare(&f, &spec);
		if (check_emit(&f) < 0)
			rc = -1;
		cmd_frame_say(&f, false); /* the warnings are in the document */
		status = cmd_frame_end(&f, rc);
	}
	free(o.lists);
	return status;
}
