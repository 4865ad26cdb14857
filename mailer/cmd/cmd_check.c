/*
 * embargo check RELEASE [--list L]...: parse and validate a release, its lists
 * and templates, and print the release as understood (a YAML document, even
 * when there are errors; exit 65 or the status of the first error then).
 */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

#include "checkdoc.h"
#include "cmd.h"
#include "help.h"
#include "conf.h"
#include "job.h"

static int check_usage(FILE *fp)
{
	help_usage(fp, "check", fp == stdout);
	return fp == stdout ? 0 : EX_USAGE;
}

void cmd_say_decision(const struct release *rel, const struct global_opts *g)
{
	if (rel->decision && (g->verbosity >= 0 || str_starts_with(rel->decision, "REFUSED")))
		fprintf(stderr, "embargo: %s\n", rel->decision);
}

int cmd_check(int argc, char **argv, const struct global_opts *g)
{
	static const struct option longopts[] = {
	    {"list", required_argument, NULL, 'l'},
	    {"help", no_argument, NULL, 'h'},
	    {0, 0, 0, 0},
	};
	char **lists = xcalloc((size_t)argc, sizeof *lists);
	size_t nlists = 0;
	int c;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'l') {
			lists[nlists++] = optarg;
			continue;
		}
		free(lists);
		return check_usage(c == 'h' ? stdout : stderr);
	}
	if (optind != argc - 1) {
		free(lists);
		return check_usage(stderr);
	}
	struct diags d;
	diags_init(&d);
	struct conf conf;
	conf_load(g->config_path, &conf, &d);
	struct job job;
	struct job_spec spec = {
	    .release = argv[optind], .lists = lists, .nlists = nlists, .flags = JOB_CHECK};
	job_prepare(&job, &conf, &spec, &d);
	cmd_say_decision(&job.rel, g);
	bool written = checkdoc_emit(stdout, &job.rel, job.list_names, job.nlist_names, &d) == 0 &&
	               fflush(stdout) == 0 && !ferror(stdout);
	if (!written)
		fprintf(stderr, "embargo: cannot write the check document\n");
	int status = diags_status(&d);
	if (!written && status == 0)
		status = EX_IOERR; /* a check that printed nothing has not passed */
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].level == DIAG_ERROR) {
			char *s = diag_format(&d.v[i]);
			fprintf(stderr, "embargo: %s\n", s);
			free(s);
		}
	job_free(&job);
	conf_free(&conf);
	diags_free(&d);
	free(lists);
	return status;
}
