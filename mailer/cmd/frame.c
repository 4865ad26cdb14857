/*
 * frame: what every command shares around its work (frame.h) — parsing
 * its options, loading the configuration and the release, and printing
 * the diagnostics the modules return (the modules never print; see
 * tests/layers.test).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "deliver.h"
#include "frame.h"
#include "help.h"

static void say_one(const struct diag *g, FILE *fp)
{
	char *s = diag_format(g);
	fprintf(fp, "embargo: %s\n", s);
	free(s);
}

void cmd_print_diags(const struct diags *d, FILE *fp)
{
	for (size_t i = 0; i < d->n; i++)
		say_one(&d->v[i], fp);
}

/* s's options and --help, in one table for getopt_long; free it. */
static struct option *with_help(const struct option *opts)
{
	size_t n = 0;
	while (opts && opts[n].name)
		n++;
	struct option *all = xcalloc(n + 2, sizeof *all);
	if (n)
		memcpy(all, opts, n * sizeof *all);
	all[n] = (struct option){"help", no_argument, NULL, 'h'};
	return all;
}

int cmd_parse(int argc, char **argv, const struct cmd_syntax *s, void *opts)
{
	struct option *longopts = with_help(s->options);
	int c, status = CMD_GO;
	optind = 0; /* glibc: start afresh (main's getopt, or a subcommand's) */
	while (status == CMD_GO &&
	       (c = getopt_long(argc, argv, s->options_first ? "+h" : "h", longopts, NULL)) != -1) {
		if (c == 'h')
			status = 0;
		else if (c == '?' || c == ':')
			status = EX_USAGE;
		else
			s->take(opts, c, optarg);
	}
	free(longopts);
	int n = argc - optind;
	if (status == CMD_GO && (n < s->min || (s->max >= 0 && n > s->max)))
		status = EX_USAGE;
	if (status != CMD_GO)
		help_usage(status == 0 ? stdout : stderr, s->name, status == 0);
	return status;
}

int cmd_usage_error(const char *name, const char *msg)
{
	struct diags d;
	diags_init(&d);
	diag_plain(&d, EX_USAGE, NULL, "%s", msg);
	cmd_print_diags(&d, stderr);
	diags_free(&d);
	help_usage(stderr, name, false);
	return EX_USAGE;
}

void cmd_frame_init(struct cmd_frame *f, const struct global_opts *g)
{
	memset(f, 0, sizeof *f);
	f->g = g;
	diags_init(&f->d);
}

int cmd_frame_load(struct cmd_frame *f)
{
	f->loaded = true;
	int rc = conf_load(f->g->config_path, &f->conf, &f->d);
	if (rc == 0)
		cmd_smtp_verbose(&f->conf.smtp, f->g);
	return rc;
}

int cmd_frame_prepare(struct cmd_frame *f, const struct job_spec *spec)
{
	bool check = spec->flags & JOB_CHECK;
	if (cmd_frame_load(f) < 0 && !check)
		return -1;
	f->prepared = true;
	int rc = job_prepare(&f->job, &f->conf, spec, &f->d);
	cmd_say_decision(&f->job.rel, f->g);
	if (rc == 0 && !check && f->g->verbosity >= 0)
		cmd_frame_say(f, true);
	return rc;
}

void cmd_frame_say(struct cmd_frame *f, bool warnings)
{
	for (; f->said < f->d.n; f->said++) {
		const struct diag *g = &f->d.v[f->said];
		if (g->level == DIAG_ERROR || warnings)
			say_one(g, stderr);
	}
}

int cmd_with_conf(const struct global_opts *g, int (*fn)(struct cmd_frame *f, void *arg), void *arg)
{
	struct cmd_frame f;
	cmd_frame_init(&f, g);
	int rc = cmd_frame_load(&f);
	if (rc == 0)
		rc = fn(&f, arg);
	return cmd_frame_end(&f, rc);
}

int cmd_frame_end(struct cmd_frame *f, int rc)
{
	bool failed = rc < 0 || diags_errors(&f->d);
	cmd_frame_say(f, failed || (rc == 0 && f->g->verbosity >= 0));
	int status = rc > 0 ? rc : diags_status(&f->d);
	if (f->prepared)
		job_free(&f->job);
	if (f->loaded)
		conf_free(&f->conf);
	diags_free(&f->d);
	return status;
}

/* Why recipients ended other than sent: each distinct reply once, with
 * its count, under the summary line (`--test` is how an admin checks the
 * relay: it must say what the relay said). */
void cmd_print_reasons(const struct deliver_stats *st, FILE *fp)
{
	for (size_t i = 0; i < st->nwhy; i++)
		fprintf(fp, "  %s %zu: %s\n", st->why[i].outcome, st->why[i].count,
		        st->why[i].text);
	if (st->why_other)
		fprintf(fp,
		        "  %zu more for other reasons: embargo status ID lists each recipient\n",
		        st->why_other);
}
