/*
 * embargo schedule RELEASE [--list L]... [--replace]
 *                          [--advance-list L]... [--advance-at TIME]
 *
 * Validates everything a send needs and puts a snapshot of it in the spool,
 * where cron's `embargo run` sends it at its instant.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "frame.h"
#include "conf.h"
#include "durable.h"
#include "job.h"
#include "spool_key.h"
#include "journal.h"
#include "snapshot.h"
#include "spool.h"
#include "timefmt.h"

struct schedule_opts {
	struct job_spec spec;
	char **lists, **advance;
	const char *advance_at;
	bool replace;
};

static void take_schedule_opt(void *opts, int key, char *arg)
{
	struct schedule_opts *o = opts;
	if (key == 'l')
		o->lists[o->spec.nlists++] = arg;
	else if (key == 'a')
		o->advance[o->spec.nadvance++] = arg;
	else if (key == 'A')
		o->advance_at = arg;
	else if (key == 'r')
		o->replace = true;
}

static int parse_schedule_opts(int argc, char **argv, struct schedule_opts *o)
{
	static const struct option longopts[] = {
	    {"list", required_argument, NULL, 'l'},
	    {"replace", no_argument, NULL, 'r'},
	    {"advance-list", required_argument, NULL, 'a'},
	    {"advance-at", required_argument, NULL, 'A'},
	    {0, 0, 0, 0},
	};
	static const struct cmd_syntax syntax = {
	    .name = "schedule", .options = longopts, .min = 1, .max = 1, .take = take_schedule_opt};
	o->lists = xcalloc((size_t)argc, sizeof *o->lists);
	o->advance = xcalloc((size_t)argc, sizeof *o->advance);
	o->spec.lists = o->lists;
	o->spec.advance = o->advance;
	int status = cmd_parse(argc, argv, &syntax, o);
	if (status == CMD_GO)
		o->spec.release = argv[optind];
	return status;
}

/* --advance-at overrides the front matter's advance time. */
static int apply_advance_at(struct job *job, const char *text, struct diags *d)
{
	struct timeparse_opts t = {.timezone = job->conf->timezone,
	                           .date_order = job->conf->date_order,
	                           .now = time(NULL),
	                           .max_lateness = job->conf->max_lateness};
	struct timeparse_result r;
	timeparse_scan(text, &t, &r);
	int rc = 0;
	if (r.status == TIMEPARSE_INSTANT) {
		job->rel.advance.has_at = true;
		job->rel.advance.at = r.instant;
	} else {
		rc = diag_error(d, EX_USAGE, NULL, 0, 0,
		                r.hint ? r.hint : "write a date, a time and a zone",
		                "--advance-at \"%s\": %s", text,
		                r.error ? r.error : "needs a date, a time and a zone");
	}
	timeparse_result_free(&r);
	return rc;
}

/* What a scheduled send needs beyond what job_prepare checked. */
static int check_schedulable(const struct job *job, struct diags *d)
{
	const struct release *rel = &job->rel;
	const struct conf *c = job->conf;
	if (!rel->has_instant)
		return diag_error(d, EX_DATAERR, rel->path, 0, 0,
		                  "add the time and zone to the release line or dateline, e.g. "
		                  "\"EMBARGOED UNTIL 10:00 a.m. EDT, August 14, 2023\"; or send an "
		                  "immediate release now with: embargo send",
		                  "the release states no time to send it at");
	if (conf_require_relay(c, "run could not send it", d) < 0)
		return -1;
	const struct smtp_conf *sc = &c->smtp;
	if (sc->username && !sc->password_env && !sc->password_command && !sc->netrc)
		return diag_error(
		    d, EX_CONFIG, c->path, 0, 0,
		    "add smtp.password_env, smtp.password_command or smtp.netrc",
		    "smtp.username is set but nothing says where its password comes from");
	if (sc->password_env && !getenv(sc->password_env))
		diag_warning(d, c->path, 0, 0,
		             "the run that sends it needs it: under cron prefer smtp.netrc or "
		             "smtp.password_command (cron mails its environment, password "
		             "included); under systemd, an EnvironmentFile= of mode 600",
		             "smtp.password_env names %s, which is not set here", sc->password_env);
	long late = (long)(time(NULL) - rel->release_at);
	if (late > c->max_lateness) {
		char ago[40];
		timefmt_duration(late, ago, sizeof ago);
		return diag_error(d, EX_UNAVAILABLE, rel->path, 0, 0,
		                  "if it must still go, send it by hand: embargo send RELEASE",
		                  "the release instant passed %s ago, more than max_lateness: it "
		                  "would be missed",
		                  ago);
	}
	if (job->nadv && !rel->advance.has_at)
		return diag_error(d, EX_USAGE, rel->path, 0, 0, "give --advance-at TIME",
		                  "advance lists are named but no advance time");
	if (rel->advance.has_at && !job->nadv)
		return diag_error(d, EX_USAGE, rel->path, 0, 0, "give --advance-list NAME",
		                  "an advance time is given but no advance list");
	if (job->nadv && rel->advance.at >= rel->release_at)
		return diag_error(d, EX_USAGE, rel->path, 0, 0,
		                  "the advance time must come before the release instant",
		                  "advance copies would go after the release");
	return 0;
}

/* A new release: the snapshot is written under a name `run` ignores, then
 * renamed into place in one step. */
static int schedule_new(const struct spool *sp, struct job *job, const struct snapshot *meta,
                        struct diags *d)
{
	/* mkdtemp: a name nobody can guess, and a directory of its own (a link
	 * planted at a guessable name would take the snapshot elsewhere) */
	char *tmp = xasprintf("%s/releases/.tmp-%s-XXXXXX", sp->dir, job->rel.id);
	char *dir = spool_release_dir(sp, job->rel.id);
	char *releases = xasprintf("%s/releases", sp->dir);
	int rc = mkdtemp(tmp) ? 0
	                      : diag_error(d, EX_CANTCREAT, tmp, 0, 0, NULL, "cannot create: %s",
	                                   strerror(errno));
	if (rc == 0)
		rc = snapshot_write(tmp, job, meta, d);
	if (rc == 0 && rename(tmp, dir) < 0)
		rc = diag_error(d, errno == ENOTEMPTY || errno == EEXIST ? EX_DATAERR : EX_IOERR,
		                dir, 0, 0, "use --replace to swap its content",
		                "release %s is already scheduled", job->rel.id);
	if (rc == 0 && durable_sync_dir(releases) < 0)
		rc = diag_error(d, EX_IOERR, releases, 0, 0, NULL, "cannot sync: %s",
		                strerror(errno));
	if (rc < 0)
		durable_remove_tree(tmp); /* the partial snapshot */
	free(releases);
	free(dir);
	free(tmp);
	return rc;
}

static int refuse_started(const struct job *job, struct diags *d)
{
	return diag_error(d, EX_DATAERR, job->rel.path, 0, 0,
	                  "give the changed release a new id: in its front matter",
	                  "release %s has started sending: it can no longer be replaced",
	                  job->rel.id);
}

/* --replace: only before its send started, under the release's lock. */
static int schedule_replace(const char *dir, struct job *job, const struct snapshot *meta,
                            struct diags *d)
{
	const char *id = job->rel.id;
	if (spool_marked(dir, "cancelled"))
		return diag_error(d, EX_UNAVAILABLE, job->rel.path, 0, 0,
		                  "give the release a new id: in its front matter",
		                  "release %s was cancelled: a cancelled release never sends again",
		                  id);
	if (spool_marked(dir, "missed"))
		return diag_error(d, EX_UNAVAILABLE, job->rel.path, 0, 0,
		                  "give the release a new id: in its front matter",
		                  "release %s was missed (not started within max_lateness of its "
		                  "instant): it can no longer be replaced",
		                  id);
	if (spool_release_started(dir))
		return refuse_started(job, d);
	struct journal j;
	int rc = journal_open(&j, dir, JOURNAL_WRITE, d);
	if (rc == 0 && j.n > 0)
		rc = refuse_started(job, d);
	if (rc == 0)
		rc = snapshot_write(dir, job, meta, d);
	if (rc == 0)
		journal_note(&j, "replaced");
	journal_close(&j);
	return rc;
}

static bool started(void *dir)
{
	return spool_release_started(dir);
}

/* The release's lock, as a replacement needs it.  A run or send that holds
 * it and has started keeps it until it is done: that is a refusal at once.
 * One that has not started (a run reading the snapshot, connecting to the
 * relay, or finding that the release is not due after all) lets go soon:
 * wait for it, a few seconds at most, never for the run as a whole. */
static int replace_locked(const char *dir, struct job *job, const struct snapshot *meta,
                          struct diags *d)
{
	char *lockpath = xasprintf("%s/lock", dir);
	int fd = spool_lock_wait(lockpath, SPOOL_LOCK_WAIT_MS, started, (void *)dir, d);
	free(lockpath);
	if (fd == -2 && spool_release_started(dir))
		return refuse_started(job, d);
	if (fd == -2)
		return diag_error(d, EX_TEMPFAIL, dir, 0, 0,
		                  "try again in a minute; embargo status shows whether it has started",
		                  "release %s is held by another embargo process that is about to send "
		                  "it (it has not started yet)",
		                  job->rel.id);
	if (fd < 0)
		return -1;
	int rc = schedule_replace(dir, job, meta, d);
	spool_unlock(fd);
	return rc;
}

static int schedule_into_spool(struct job *job, bool replace, bool *replaced, struct diags *d)
{
	struct spool sp;
	if (spool_open(&sp, job->conf->spool_dir, d) < 0) {
		spool_close(&sp);
		return -1;
	}
	cmd_check_runs(&sp, job->conf, d);
	/* the Message-ID key, made now while the spool is written anyway, so
	 * that the run that sends needs no new file */
	struct message_key key;
	if (spool_key_load(job->conf->spool_dir, true, &key, d) < 0) {
		spool_close(&sp);
		return -1;
	}
	explicit_bzero(&key, sizeof key);
	struct snapshot meta;
	snapshot_from_job(&meta, job, "schedule");
	char *dir = spool_release_dir(&sp, job->rel.id);
	int rc;
	*replaced = false;
	if (!spool_marked(dir, "schedule.yaml")) {
		rc = schedule_new(&sp, job, &meta, d);
	} else if (!replace) {
		rc = diag_error(d, EX_DATAERR, job->rel.path, 0, 0,
		                "use --replace to swap its content (before it starts sending)",
		                "release %s is already scheduled", job->rel.id);
	} else {
		rc = replace_locked(dir, job, &meta, d);
		*replaced = rc == 0;
	}
	free(dir);
	snapshot_free(&meta);
	spool_close(&sp);
	return rc;
}

static void print_scheduled(const struct job *job, bool replaced)
{
	const struct release *rel = &job->rel;
	char utc[40], span[40];
	timefmt_utc(rel->release_at, utc, sizeof utc);
	timefmt_duration((long)(rel->release_at - time(NULL)), span, sizeof span);
	printf("%s %s\n", replaced ? "replaced" : "scheduled", rel->id);
	printf("  release at: %s (%s)\n", utc, rel->release_text ? rel->release_text : "");
	if (rel->release_at > time(NULL))
		printf("  in:         %s\n", span);
	else
		printf("  in:         due now: the next embargo run sends it\n");
	printf("  recipients: %zu (merged %zu, suppressed %zu)\n", job->aud.n, job->aud.merged,
	       job->aud.nsuppressed);
	if (job->nadv) {
		timefmt_utc(rel->advance.at, utc, sizeof utc);
		printf("  advance:    %zu recipients at %s\n", job->adv.n, utc);
	}
	/* which spool, and which run sends it: a run that reads another spool
	 * never would (cmd_where.c) */
	char *cfg = cmd_config_abspath(job->conf), *line = cmd_run_line(job->conf);
	printf("  spool:      %s\n", job->conf->spool_dir);
	printf("  config:     %s\n", cfg ? cfg : "none (defaults)");
	printf("  sent by:    %s (cron, every minute)\n", line);
	free(line);
	free(cfg);
}

/* Everything after the job is prepared: the advance time given on the
 * command line, the checks a send at the instant needs, the spool. */
static int schedule_job(struct cmd_frame *f, const struct schedule_opts *o)
{
	struct job *job = &f->job;
	int rc = o->advance_at ? apply_advance_at(job, o->advance_at, &f->d) : 0;
	if (rc == 0)
		rc = check_schedulable(job, &f->d);
	bool replaced = false;
	if (rc == 0)
		rc = schedule_into_spool(job, o->replace, &replaced, &f->d);
	if (rc == 0 && f->g->verbosity >= 0)
		print_scheduled(job, replaced);
	return rc;
}

int cmd_schedule(int argc, char **argv, const struct global_opts *g)
{
	struct schedule_opts o = {0};
	int status = parse_schedule_opts(argc, argv, &o);
	if (status == CMD_GO) {
		struct cmd_frame f;
		cmd_frame_init(&f, g);
		int rc = cmd_frame_prepare(&f, &o.spec);
		if (rc == 0)
			rc = schedule_job(&f, &o);
		status = cmd_frame_end(&f, rc);
	}
	free(o.lists);
	free(o.advance);
	return status;
}
