/*
 * Where embargo keeps things, as the commands tell it (issue 17): the
 * configuration and the spool a command used, the line cron must run so
 * that `run` sends from the same spool with the same configuration, and
 * whether a run looks at the spool at all (SPOOL/last-run).  A set-up where
 * the officer schedules into one spool and cron's run reads another sends
 * nothing, without a word; these say so.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "conf.h"
#include "help.h"
#include "spool.h"
#include "timefmt.h"
#include "util.h"
#include "trust.h"

/* A run looks at the spool every minute: older than this, none does. */
#define WHERE_RUN_STALE 300

char *cmd_config_abspath(const struct conf *conf)
{
	if (!conf->path)
		return NULL;
	char *real = realpath(conf->path, NULL);
	return real ? real : xstrdup(conf->path);
}

char *cmd_run_line(const struct conf *conf)
{
	char *exe = realpath("/proc/self/exe", NULL);
	char *cfg = cmd_config_abspath(conf);
	char *line = cfg ? xasprintf("EMBARGO_CONFIG=%s %s run", cfg, exe ? exe : "embargo")
	                 : xasprintf("%s run", exe ? exe : "embargo");
	free(cfg);
	free(exe);
	return line;
}

char *cmd_cron_hint(const struct conf *conf)
{
	char *line = cmd_run_line(conf);
	char *user = trust_user_name(geteuid());
	char *hint =
	    xasprintf("the crontab of %s (crontab -e) needs the line: * * * * * %s", user, line);
	free(user);
	free(line);
	return hint;
}

/* "never", or how long ago. */
static void ago(time_t when, char *buf, size_t n)
{
	if (!when) {
		snprintf(buf, n, "never");
		return;
	}
	char span[40];
	timefmt_duration((long)(time(NULL) - when), span, sizeof span);
	snprintf(buf, n, "%s ago", span);
}

void cmd_check_runs(const struct spool *sp, const struct conf *conf, struct diags *d)
{
	char *last_cfg = NULL;
	time_t last = spool_last_run(sp, &last_cfg);
	char *mine = cmd_config_abspath(conf);
	char *hint = cmd_cron_hint(conf);
	if (!last) {
		diag_warning(
		    d, sp->dir, 0, 0, hint,
		    "no embargo run has looked at this spool yet: nothing in it goes until "
		    "one does");
	} else if (time(NULL) - last > WHERE_RUN_STALE) {
		char when[64];
		ago(last, when, sizeof when);
		diag_warning(
		    d, sp->dir, 0, 0, hint,
		    "the last embargo run looked at this spool %s: nothing in it goes until "
		    "one does again",
		    when);
	} else if (mine && last_cfg && strcmp(mine, last_cfg) != 0) {
		diag_warning(d, sp->dir, 0, 0, hint,
		             "the embargo run that looks at this spool reads another configuration "
		             "(%s): it sends with that one's relay and suppression file",
		             last_cfg);
	}
	free(hint);
	free(mine);
	free(last_cfg);
}

/* `embargo help`: where this user, in this directory, keeps things. */
static void cmd_where(FILE *fp, const struct global_opts *g)
{
	struct diags d;
	diags_init(&d);
	struct conf conf;
	int rc = conf_load(g->config_path, &conf, &d);
	char *cfg = cmd_config_abspath(&conf), *user = trust_user_name(geteuid());
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof cwd))
		snprintf(cwd, sizeof cwd, ".");
	fprintf(fp, "\nwhere (as %s, in %s):\n", user, cwd);
	fprintf(fp, "  configuration  %s%s\n", cfg ? cfg : "none found (defaults)",
	        rc < 0 ? " (it has errors: embargo check shows them)" : "");
	fprintf(fp, "  lists          %s\n", conf.lists_dir ? conf.lists_dir : "-");
	fprintf(fp, "  templates      %s\n", conf.templates_dir ? conf.templates_dir : "-");
	fprintf(fp, "  suppressed     %s\n", conf.suppress_file ? conf.suppress_file : "-");
	fprintf(fp, "  spool          %s\n", conf.spool_dir ? conf.spool_dir : "-");
	if (conf.spool_dir) {
		struct spool sp = {.dir = conf.spool_dir};
		char *last_cfg = NULL, when[64];
		ago(spool_last_run(&sp, &last_cfg), when, sizeof when);
		fprintf(fp, "  last run       %s%s%s\n", when, last_cfg ? ", with " : "",
		        last_cfg ? last_cfg : "");
		free(last_cfg);
	}
	char *line = cmd_run_line(&conf);
	fprintf(fp, "  cron's line    * * * * * %s\n", line);
	free(line);
	free(user);
	free(cfg);
	conf_free(&conf);
	diags_free(&d);
}

void cmd_help_overview(FILE *fp, const struct global_opts *g)
{
	help_overview(fp);
	cmd_where(fp, g);
}
