/*
 * embargo status [ID]: one row per release in the spool with its state and
 * the count of recipients in each state; with an ID, when the first and the
 * last message were accepted, and every recipient not sent, with its state
 * and the server's reply.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cmd.h"
#include "frame.h"
#include "conf.h"
#include "journal.h"
#include "snapshot.h"
#include "spool.h"
#include "tally.h"
#include "timefmt.h"
#include "timeparse.h"

/* The snapshot's job and journal, to count against. */
struct loaded {
	char *dir;
	struct snapshot meta;
	struct conf conf;
	struct job job;
	struct journal j;
	bool have_job, have_conf, have_j;
};

static int load_release(const struct spool *sp, const struct conf *cur, const char *id,
                        struct loaded *l, struct diags *d)
{
	memset(l, 0, sizeof *l);
	l->dir = spool_release_dir(sp, id);
	if (snapshot_read(l->dir, &l->meta, d) < 0)
		return -1;
	/* A snapshot being rewritten (schedule --replace) is half old, half new:
	 * say so rather than fail on a file that is not there yet. */
	if (spool_marked(l->dir, "replacing") && spool_busy(l->dir))
		return diag_error(d, EX_TEMPFAIL, l->dir, 0, 0, "run embargo status again",
		                  "release %s is being replaced right now", id);
	if (spool_marked(l->dir, "replacing") && spool_marked(l->dir, "cancelled"))
		return 1; /* an interrupted replacement, cancelled: nothing to count */
	if (snapshot_check(l->dir, &l->meta, d) < 0)
		return -1;
	l->have_conf = true;
	if (snapshot_conf(l->dir, cur, &l->conf, d) < 0)
		return -1;
	l->have_job = true;
	struct diags quiet; /* the snapshot was checked when it was made */
	diags_init(&quiet);
	int rc = snapshot_job(l->dir, &l->meta, &l->conf, &l->job, &quiet);
	if (rc < 0)
		diags_move(d, &quiet);
	diags_free(&quiet);
	if (rc < 0)
		return -1;
	l->have_j = true;
	return journal_open(&l->j, l->dir, spool_busy(l->dir) ? JOURNAL_READ_LIVE : JOURNAL_READ, d);
}

static void unload(struct loaded *l)
{
	if (l->have_j)
		journal_close(&l->j);
	if (l->have_job)
		job_free(&l->job);
	if (l->have_conf)
		conf_free(&l->conf);
	snapshot_free(&l->meta);
	free(l->dir);
}

static void print_counts(const struct tally *t)
{
	static const enum rstate order[] = {RS_SENT,    RS_FAILED,    RS_DEFERRED,
	                                    RS_PENDING, RS_SUPPRESSED, RS_UNKNOWN,
	                                    RS_CANCELLED, RS_MISSED,  RS_BOUNCED};
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		printf("%s%s %zu", i ? ", " : "", journal_state_name(order[i]), t->count[order[i]]);
}

static void print_row(const struct loaded *l, const struct tally *t)
{
	const struct snapshot *m = &l->meta;
	printf("%s  %s\n  %s\n", m->id, t->state, m->title);
	if (m->has_instant) {
		char utc[40], local[32];
		timefmt_utc(m->release_at, utc, sizeof utc);
		timeparse_format_local(m->release_at, m->utc_offset, local);
		printf("  at %s = %s", utc, local);
		if (m->release_text)
			printf(" (\"%s\")", m->release_text);
		printf("\n");
	} else {
		printf("  immediate: no release instant\n");
	}
	printf("  ");
	print_counts(t);
	printf("\n");
}

/* Cron's run sends a release within a minute of its time; two minutes after
 * it, a part not started with no run since means that no run looks at this
 * spool (a crontab that reads another one, or none). */
#define STATUS_RUN_GRACE 120

static void warn_part(const struct spool *sp, const struct conf *cur, const char *id,
                      const char *what, time_t due, time_t last_run, struct diags *d)
{
	time_t now = time(NULL);
	if (now - due <= STATUS_RUN_GRACE || last_run >= due)
		return;
	char late[40], when[64];
	timefmt_duration((long)(now - due), late, sizeof late);
	if (last_run) {
		char span[40];
		timefmt_duration((long)(now - last_run), span, sizeof span);
		snprintf(when, sizeof when, "the last one %s ago", span);
	} else {
		snprintf(when, sizeof when, "none ever");
	}
	char *hint = cmd_cron_hint(cur);
	diag_warning(d, sp->dir, 0, 0, hint,
	             "%s: %s was due %s ago and no embargo run has looked at this spool since "
	             "(%s): it has not gone",
	             id, what, late, when);
	free(hint);
}

/* A part of the release whose time has passed and that no run picked up. */
static void warn_unpicked(const struct spool *sp, const struct conf *cur, const struct loaded *l,
                          time_t last_run, struct diags *d)
{
	const struct snapshot *m = &l->meta;
	const char *dir = l->dir;
	if (spool_marked(dir, "cancelled") || spool_marked(dir, "missed") ||
	    spool_marked(dir, "started"))
		return;
	if (m->nadvance && m->has_advance_at && !spool_marked(dir, "advance-started") &&
	    !spool_marked(dir, "advance-done"))
		warn_part(sp, cur, m->id, "its advance copies", m->advance_at, last_run, d);
	if (m->has_instant)
		warn_part(sp, cur, m->id, "the release", m->release_at, last_run, d);
}

/* A cancelled release whose snapshot a replacement left incomplete. */
static void print_incomplete(const struct loaded *l)
{
	printf("%s  cancelled\n  %s\n  its snapshot is incomplete (an interrupted replacement): "
	       "nothing of it is sent\n",
	       l->meta.id, l->meta.title ? l->meta.title : "");
}

static int status_all(const struct spool *sp, const struct conf *cur, struct diags *d)
{
	size_t n;
	char **ids = spool_release_ids(sp, &n);
	time_t last_run = spool_last_run(sp, NULL);
	if (n == 0)
		printf("no releases in the spool (%s)\n", sp->dir);
	for (size_t i = 0; i < n; i++) {
		struct loaded l;
		struct tally t;
		int rc = load_release(sp, cur, ids[i], &l, d);
		if (rc == 0) {
			tally_count(l.dir, &l.job, &l.j, &t);
			print_row(&l, &t);
			warn_unpicked(sp, cur, &l, last_run, d);
		} else if (rc == 1) {
			print_incomplete(&l);
		}
		unload(&l);
		free(ids[i]);
	}
	free(ids);
	return diags_errors(d) ? -1 : 0;
}

static void print_recipient(const struct journal *j, const char *addr, enum rstate fallback)
{
	const struct jentry *e = journal_get(j, addr);
	enum rstate s = e ? e->state : fallback;
	if (s == RS_SENT)
		return;
	printf("  %-10s %s", journal_state_name(s), addr);
	if (e && e->reply)
		printf("  %s", e->reply);
	if (e && s == RS_DEFERRED) {
		char when[40];
		timefmt_utc(e->next_try, when, sizeof when);
		printf("  (next try %s)", when);
	}
	printf("\n");
}

/* When the relay accepted the first and the last message (the journal's
 * times, to the second), relative to the instant: how long the lift took. */
static void print_accepted(const struct loaded *l)
{
	time_t first = 0, last = 0;
	for (size_t i = 0; i < l->job.aud.n; i++) {
		const struct jentry *e = journal_get(&l->j, l->job.aud.to[i]->email);
		if (!e || e->state != RS_SENT || !e->outcome_at)
			continue;
		if (!first || e->outcome_at < first)
			first = e->outcome_at;
		if (e->outcome_at > last)
			last = e->outcome_at;
	}
	if (!first)
		return;
	char a[40], b[40];
	if (!l->meta.has_instant) {
		timefmt_utc(first, a, sizeof a);
		timefmt_utc(last, b, sizeof b);
		printf("  accepted: the first at %s, the last at %s\n", a, b);
		return;
	}
	long d1 = (long)(first - l->meta.release_at), d2 = (long)(last - l->meta.release_at);
	timefmt_duration(d1, a, sizeof a);
	timefmt_duration(d2, b, sizeof b);
	printf("  accepted: the first %s %s the instant, the last %s %s\n", a,
	       d1 < 0 ? "before" : "after", b, d2 < 0 ? "before" : "after");
}

static int status_one(const struct spool *sp, const struct conf *cur, const char *id,
                      struct diags *d)
{
	char *dir = spool_release_dir(sp, id);
	bool there = spool_marked(dir, "schedule.yaml");
	free(dir);
	if (!there)
		return diag_error(d, EX_NOINPUT, NULL, 0, 0, "embargo status lists the releases",
		                  "no release %s in the spool", id);
	struct loaded l;
	struct tally t;
	int rc = load_release(sp, cur, id, &l, d);
	if (rc == 1) {
		print_incomplete(&l);
		rc = 0;
	} else if (rc == 0) {
		tally_count(l.dir, &l.job, &l.j, &t);
		print_row(&l, &t);
		print_accepted(&l);
		warn_unpicked(sp, cur, &l, spool_last_run(sp, NULL), d);
		for (size_t i = 0; i < l.job.aud.n; i++)
			print_recipient(&l.j, l.job.aud.to[i]->email, RS_PENDING);
		for (size_t i = 0; i < l.job.aud.nsuppressed; i++)
			print_recipient(&l.j, l.job.aud.suppressed[i]->email, RS_SUPPRESSED);
		if (t.count[RS_UNKNOWN])
			printf("%zu recipient(s) may or may not have received it (the server did not "
			       "confirm).\nTo send them again: embargo run --resend-unknown %s\n",
			       t.count[RS_UNKNOWN], id);
	}
	unload(&l);
	return rc;
}

/* Every release, or the one named by arg. */
static void status_of(const struct spool *sp, const struct conf *cur, void *arg,
                      struct diags *d)
{
	if (arg)
		status_one(sp, cur, arg, d);
	else
		status_all(sp, cur, d);
}

int cmd_status(int argc, char **argv, const struct global_opts *g)
{
	static const struct cmd_syntax syntax = {.name = "status", .min = 0, .max = 1};
	int rc = cmd_parse(argc, argv, &syntax, NULL);
	if (rc != CMD_GO)
		return rc;
	return cmd_with_spool(g, status_of, optind < argc ? argv[optind] : NULL);
}
