/*
 * embargo run [--resend-unknown ID]: cron's entry point.  Takes the spool
 * lock (another run holding it: exit 0 at once), sends every release that
 * has come due, resumes interrupted ones, retries deferred recipients, and
 * stops at run_deadline.  Each release is read again from its snapshot, under
 * its own lock, when the run gets to it: a release replaced while the run
 * was busy with others goes at its new instant, with its new content.
 * Prints nothing when there is nothing to do; each release event is one
 * syslog line (LOG_MAIL) when not on a terminal.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <syslog.h>
#include <unistd.h>

#include "cmd.h"
#include "frame.h"
#include "conf.h"
#include "dispatch.h"
#include "progress.h"
#include "snapshot.h"
#include "spool.h"
#include "timefmt.h"

struct runner {
	const struct conf *conf;
	const struct global_opts *g;
	struct spool sp;
	const char *resend_id;
	bool tty;
	bool resend_found;
	time_t deadline;
	bool failed, deferred; /* this run: for the exit status */
	struct diags d;
};

/* One event: on stdout/stderr unless -q (errors always), and in syslog when
 * cron (not a terminal) runs us. */
static void say(struct runner *rn, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(struct runner *rn, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (error || rn->g->verbosity >= 0)
		fprintf(error ? stderr : stdout, "embargo: %s\n", msg);
	if (!rn->tty)
		syslog(error ? LOG_ERR : LOG_NOTICE, "%s", msg);
	free(msg);
}

static void report(struct runner *rn, const char *id, const struct dispatch_report *r)
{
	if (r->resent)
		say(rn, false, "%s: %zu unknown recipient(s) will be sent again", id, r->resent);
	if (r->missed) {
		say(rn, true, "%s: missed: not started within max_lateness of its instant; %zu "
		              "recipients were not sent",
		    id, r->missed);
		rn->failed = true;
	}
	const struct deliver_stats *s[2] = {&r->adv, &r->main};
	const char *what[2] = {"advance copies", "release"};
	bool ran[2] = {r->ran_adv, r->ran_main};
	for (int k = 0; k < 2; k++) {
		size_t n = s[k]->sent + s[k]->failed + s[k]->deferred + s[k]->unknown;
		if (!ran[k] || n == 0)
			continue;
		bool bad = s[k]->failed || s[k]->unknown;
		say(rn, bad, "%s: %s: sent %zu, failed %zu, deferred %zu, unknown %zu%s", id, what[k],
		    s[k]->sent, s[k]->failed, s[k]->deferred, s[k]->unknown,
		    s[k]->gave_up ? " (the server kept failing)" : "");
		for (size_t i = 0; i < s[k]->nwhy; i++)
			say(rn, bad, "%s: %s: %s %zu: %s", id, what[k], s[k]->why[i].outcome,
			    s[k]->why[i].count, s[k]->why[i].text);
		rn->failed |= bad;
		rn->deferred |= s[k]->deferred > 0;
	}
	if (r->cancelled)
		say(rn, false, "%s: cancelled: %zu recipients will not get it", id, r->cancelled);
	if (r->finished && (r->ran_main || r->resent))
		say(rn, false, "%s: finished", id);
}

static void say_diags(struct runner *rn, const char *id, struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		if (d->v[i].level != DIAG_ERROR)
			continue;
		char *m = diag_format(&d->v[i]);
		say(rn, true, "%s: %s", id, m);
		free(m);
		rn->failed = true;
	}
}

static void run_release(struct runner *rn, const char *dir, const struct snapshot *m,
                        bool resend, struct diags *d)
{
	struct conf sc;
	struct job job;
	if (snapshot_conf(dir, rn->conf, &sc, d) < 0) {
		conf_free(&sc);
		return;
	}
	cmd_smtp_verbose(&sc.smtp, rn->g);
	if (snapshot_job(dir, m, &sc, &job, d) == 0) {
		struct progress p;
		progress_init(&p, isatty(2) && rn->g->verbosity >= 0);
		struct dispatch_opts o = {.mode = DISPATCH_RUN, .deadline = rn->deadline,
		                          .resend_unknown = resend, .progress = progress_update,
		                          .progress_arg = &p};
		struct dispatch_report r;
		int rc = dispatch_release(dir, &job, m, &o, &r, d);
		progress_finish(&p);
		if (rc == 0 && r.ran_main && r.main.done_before == 0 && r.main.todo && r.late > 60) {
			char late[40];
			timefmt_duration(r.late, late, sizeof late);
			say(rn, false, "%s: started %s after its instant", m->id, late);
		}
		if (rc == 0)
			report(rn, m->id, &r);
	}
	job_free(&job);
	conf_free(&sc);
}

/* The snapshot as it is now: schedule --replace may have changed it since
 * load_all read it, and only what is read under the release's lock is sent.
 * Returns false, with any error in d, when it cannot be read. */
static bool reread(const char *dir, struct snapshot *fresh, struct diags *d)
{
	if (snapshot_read(dir, fresh, d) == 0)
		return true;
	snapshot_free(fresh);
	return false;
}

static void run_one(struct runner *rn, const struct snapshot *m)
{
	char *dir = spool_release_dir(&rn->sp, m->id);
	bool resend = rn->resend_id && strcmp(m->id, rn->resend_id) == 0;
	struct diags d;
	diags_init(&d);
	struct snapshot fresh;
	/* Cheap first look without the lock (a release replaced with an
	 * earlier instant is due now), then again under it. */
	if (reread(dir, &fresh, &d)) {
		bool due = dispatch_due(dir, &fresh, time(NULL), resend);
		snapshot_free(&fresh);
		if (due) {
			char *lockpath = xasprintf("%s/lock", dir);
			int fd = spool_lock(lockpath, &d);
			if (fd == -2 && rn->g->verbosity > 0)
				say(rn, false,
				    "%s: another embargo process holds it (sends, replaces or cancels it)",
				    m->id);
			if (fd >= 0 && reread(dir, &fresh, &d)) {
				/* an interrupted replacement is reported, not sent */
				if (dispatch_due(dir, &fresh, time(NULL), resend) &&
				    snapshot_check(dir, &fresh, &d) == 0)
					run_release(rn, dir, &fresh, resend, &d);
				snapshot_free(&fresh);
			}
			spool_unlock(fd);
			free(lockpath);
		}
	}
	say_diags(rn, m->id, &d);
	diags_free(&d);
	free(dir);
}

static int cmp_instant(const void *a, const void *b)
{
	const struct snapshot *x = a, *y = b;
	time_t tx = x->has_instant ? x->release_at : 0, ty = y->has_instant ? y->release_at : 0;
	return tx < ty ? -1 : tx > ty;
}

/* Every complete snapshot in the spool, earliest instant first. */
static struct snapshot *load_all(struct runner *rn, size_t *n)
{
	size_t nids;
	char **ids = spool_release_ids(&rn->sp, &nids);
	struct snapshot *v = xcalloc(nids + 1, sizeof *v);
	*n = 0;
	for (size_t i = 0; i < nids; i++) {
		char *dir = spool_release_dir(&rn->sp, ids[i]);
		struct diags d;
		diags_init(&d);
		if (snapshot_read(dir, &v[*n], &d) == 0)
			(*n)++;
		else
			say_diags(rn, ids[i], &d);
		diags_free(&d);
		free(dir);
		free(ids[i]);
	}
	free(ids);
	qsort(v, *n, sizeof *v, cmp_instant);
	return v;
}

static void run_all(struct runner *rn)
{
	size_t n;
	struct snapshot *v = load_all(rn, &n);
	for (size_t i = 0; i < n; i++) {
		if (rn->resend_id && strcmp(v[i].id, rn->resend_id) == 0)
			rn->resend_found = true;
		if (time(NULL) >= rn->deadline) {
			say(rn, false, "run_deadline reached: the next run goes on");
			break;
		}
		run_one(rn, &v[i]);
	}
	for (size_t i = 0; i < n; i++)
		snapshot_free(&v[i]);
	free(v);
}

static int run_locked(struct runner *rn)
{
	char *lockpath = xasprintf("%s/lock", rn->sp.dir);
	int fd = spool_lock(lockpath, &rn->d);
	free(lockpath);
	if (fd == -2) {
		if (rn->g->verbosity > 0)
			printf("embargo: another embargo run holds the spool lock; it does the work\n");
		return 0;
	}
	if (fd < 0)
		return -1;
	/* schedule and status tell a spool that no run looks at (cmd_where.c) */
	char *cfg = cmd_config_abspath(rn->conf);
	if (spool_note_run(&rn->sp, cfg) < 0)
		diag_error(&rn->d, EX_IOERR, rn->sp.dir, 0, 0,
		           "check free space and the spool directory's permissions",
		           "cannot record the run in the spool: %s", strerror(errno));
	free(cfg);
	rn->deadline = time(NULL) + rn->conf->run_deadline;
	run_all(rn);
	spool_unlock(fd);
	if (rn->resend_id && !rn->resend_found)
		return diag_error(&rn->d, EX_NOINPUT, NULL, 0, 0, "see embargo status for the IDs",
		                  "no release %s in the spool", rn->resend_id);
	return 0;
}

static void take_run_opt(void *opts, int key, char *arg)
{
	if (key == 'R')
		((struct runner *)opts)->resend_id = arg;
}

int cmd_run(int argc, char **argv, const struct global_opts *g)
{
	static const struct option longopts[] = {
	    {"resend-unknown", required_argument, NULL, 'R'},
	    {0, 0, 0, 0},
	};
	static const struct cmd_syntax syntax = {
	    .name = "run", .options = longopts, .min = 0, .max = 0, .take = take_run_opt};
	struct runner rn = {.g = g, .tty = isatty(1) || isatty(2)};
	int status = cmd_parse(argc, argv, &syntax, &rn);
	if (status != CMD_GO)
		return status;
	diags_init(&rn.d);
	struct conf conf;
	if (!rn.tty)
		openlog("embargo", LOG_PID, LOG_MAIL);
	if (conf_load(g->config_path, &conf, &rn.d) == 0) {
		rn.conf = &conf;
		cmd_guard_secret(&conf);
		if (spool_open(&rn.sp, conf.spool_dir, &rn.d) == 0)
			run_locked(&rn);
		spool_close(&rn.sp);
	}
	if (diags_errors(&rn.d)) {
		say_diags(&rn, "run", &rn.d);
		status = diags_status(&rn.d);
	} else {
		status = rn.failed ? EX_UNAVAILABLE : rn.deferred ? EX_TEMPFAIL : 0;
	}
	diags_free(&rn.d);
	conf_free(&conf);
	if (!rn.tty)
		closelog();
	return status;
}
