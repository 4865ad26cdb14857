/*
 * embargo send RELEASE [--list L]... [--dry-run [--out DIR]] [--test ADDR]...
 *
 * Sends a release whose instant has passed (or an immediate release that
 * states no time), journaled in the spool exactly as `run` does; previews it
 * with --dry-run; sends single "[TEST] " copies with --test.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "address.h"
#include "cmd.h"
#include "composer.h"
#include "frame.h"
#include "conf.h"
#include "deliver.h"
#include "dispatch.h"
#include "snapshot.h"
#include "durable.h"
#include "job.h"
#include "spool_key.h"
#include "progress.h"
#include "journal.h"
#include "spool.h"
#include "strmap.h"
#include "timefmt.h"

struct send_opts {
	const char *release;
	char **lists;
	size_t nlists;
	char **tests;
	size_t ntests;
	bool dry_run;
	const char *out;
};

static void take_send_opt(void *opts, int key, char *arg)
{
	struct send_opts *o = opts;
	if (key == 'l')
		o->lists[o->nlists++] = arg;
	else if (key == 'n')
		o->dry_run = true;
	else if (key == 'o')
		o->out = arg;
	else if (key == 't')
		o->tests[o->ntests++] = arg;
}

static int parse_send_opts(int argc, char **argv, struct send_opts *o)
{
	static const struct option longopts[] = {
	    {"list", required_argument, NULL, 'l'},
	    {"dry-run", no_argument, NULL, 'n'},
	    {"out", required_argument, NULL, 'o'},
	    {"test", required_argument, NULL, 't'},
	    {0, 0, 0, 0},
	};
	static const struct cmd_syntax syntax = {
	    .name = "send", .options = longopts, .min = 1, .max = 1, .take = take_send_opt};
	o->lists = xcalloc((size_t)argc, sizeof *o->lists);
	o->tests = xcalloc((size_t)argc, sizeof *o->tests);
	int status = cmd_parse(argc, argv, &syntax, o);
	if (status == CMD_GO)
		o->release = argv[optind];
	return status;
}

/* What the options table cannot say: which options go together. */
static int check_send_opts(const struct send_opts *o, struct diags *d)
{
	if (o->out && !o->dry_run)
		return diag_plain(d, EX_USAGE, NULL, "--out goes with --dry-run");
	if (o->ntests && o->dry_run)
		return diag_plain(d, EX_USAGE, NULL,
		                  "--test sends a copy; it does not go with --dry-run");
	return 0;
}

/* When may it go?  Returns 0 (now), or -1 with why not in d. */
static int check_timing(const struct release *rel, bool quiet, struct diags *d)
{
	char utc[40], ago[40];
	time_t now = time(NULL);
	if (!rel->has_instant) {
		if (rel->status == RELEASE_EMBARGOED)
			return diag_error(
			    d, EX_DATAERR, rel->path, 0, 0,
			    "write the date, time and zone on the embargo line, or set "
			    "release_at in the front matter",
			    "the release is embargoed but no release instant could be "
			    "read");
		if (!quiet)
			fprintf(stderr,
			        "embargo: the release is for immediate release and states no "
			        "time: it goes now\n");
		return 0;
	}
	timefmt_utc(rel->release_at, utc, sizeof utc);
	timefmt_duration((long)(rel->release_at - now), ago, sizeof ago);
	if (now < rel->release_at) {
		char *hint = xasprintf("schedule it, and cron's embargo run sends it on time:\n"
		                       "    embargo schedule %s",
		                       rel->path);
		diag_plain(d, EX_TEMPFAIL, hint, "not yet: %s may go at %s (%s), in %s", rel->id,
		           utc, rel->release_text ? rel->release_text : "", ago);
		free(hint);
		return -1;
	}
	if (!quiet && now - rel->release_at >= 60)
		fprintf(stderr, "embargo: the release instant (%s) passed %s ago; sending now\n",
		        utc, ago);
	return 0;
}

/* The dry run's "when would it go". */
static void say_when(const struct release *rel)
{
	char utc[40], span[40];
	time_t now = time(NULL);
	if (!rel->has_instant) {
		fprintf(stderr, "  would go: %s\n",
		        rel->status == RELEASE_EMBARGOED
		            ? "never: the release is embargoed but states no time"
		            : "now (immediate release, no time stated)");
		return;
	}
	timefmt_utc(rel->release_at, utc, sizeof utc);
	timefmt_duration((long)(rel->release_at - now), span, sizeof span);
	if (now < rel->release_at)
		fprintf(stderr, "  would go: at %s (%s), in %s\n", utc,
		        rel->release_text ? rel->release_text : "", span);
	else
		fprintf(stderr, "  would go: now (the release instant %s passed %s ago)\n", utc,
		        span);
}

/* Before its instant, a release with advance copies is previewed as `run`
 * will send it: the advance lists' recipients get the advance copy. */
static bool previews_advance(const struct job *job)
{
	const struct release *rel = &job->rel;
	return job->nadv && rel->advance.has_at && rel->has_instant && time(NULL) < rel->release_at;
}

static void summary_lists(const struct job *job)
{
	for (size_t i = 0; i < job->nlists; i++) {
		size_t n = 0;
		for (size_t k = 0; k < job->aud.n; k++)
			n += job->aud.to[k]->list == job->lists[i];
		fprintf(stderr, "  list %s: %zu recipients, %zu to send\n", job->lists[i]->name,
		        job->lists[i]->n, n);
	}
	for (size_t i = 0; i < job->nadv; i++)
		fprintf(stderr, "  advance list %s: %zu recipients\n", job->adv_lists[i]->name,
		        job->adv_lists[i]->n);
	fprintf(stderr, "  merged: %zu, suppressed: %zu, messages: %zu\n", job->aud.merged,
	        job->aud.nsuppressed, job->aud.n);
	if (previews_advance(job)) {
		char when[40];
		timefmt_utc(job->rel.advance.at, when, sizeof when);
		fprintf(stderr,
		        "  advance copies: %zu recipients get the \"EMBARGOED UNTIL\" copy at %s "
		        "(when scheduled)\n",
		        job->adv.n, when);
	}
}

static char *eml_name(size_t i, const char *addr)
{
	char *safe = xstrdup(addr);
	for (char *p = safe; *p; p++)
		if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20 || *p == '"')
			*p = '_';
	char *name = xasprintf("%06zu-%s.eml", i + 1, safe);
	free(safe);
	return name;
}

/* One .eml of --out: written under a temporary name nobody can guess
 * (durable_create_tmp: never through a link planted in DIR) and renamed
 * into place, so that nobody ever reads half a message under its real
 * name.  There is no fsync per file (on a disk it cost more than composing
 * the message): the caller syncs the directory once at the end.  A preview
 * that a power cut damaged is written again by running the same command. */
static int eml_write(int dirfd, const char *name, const struct strbuf *msg)
{
	char *prefix = xasprintf(".%s.tmp", name), *tmp = NULL;
	int fd = durable_create_tmp(dirfd, prefix, 0644, &tmp);
	free(prefix);
	if (fd < 0)
		return -1;
	int rc = durable_write_all(fd, msg->buf, msg->len);
	int e = errno;
	if (close(fd) < 0 && rc == 0) {
		rc = -1;
		e = errno;
	}
	if (rc == 0 && renameat(dirfd, tmp, dirfd, name) < 0) {
		rc = -1;
		e = errno;
	}
	if (rc < 0)
		unlinkat(dirfd, tmp, 0);
	free(tmp);
	errno = e;
	return rc;
}

static int out_open(const char *dir, struct diags *d)
{
	int fd = -1;
	if (durable_mkdirs(dir, 0755) == 0)
		fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		diag_error(d, EX_CANTCREAT, dir, 0, 0, NULL, "cannot create: %s", strerror(errno));
	return fd;
}

static void advance_addresses(const struct job *job, struct strmap *m)
{
	strmap_init(m);
	if (!previews_advance(job))
		return;
	for (size_t i = 0; i < job->adv.n; i++)
		strmap_put(m, job->adv.to[i]->email, (void *)job->adv.to[i]);
}

/* The preview's Message-IDs are those a send will give: keyed with the
 * spool's key, made now if there is none yet (the key records nothing
 * about the release).  A spool that cannot be written leaves the preview
 * unkeyed, and says so. */
static void preview_key(struct job *job, struct message_key *key, struct diags *d)
{
	struct diags kd;
	diags_init(&kd);
	if (spool_key_load(job->conf->spool_dir, true, key, &kd) == 0) {
		job->sender.key = key;
	} else if (kd.n) {
		char *m = diag_format(&kd.v[0]);
		diag_warning(d, NULL, 0, 0, NULL,
		             "the preview's Message-IDs are not those a send will give: %s", m);
		free(m);
	}
	diags_free(&kd);
}

static int dry_run(struct job *job, const struct send_opts *o, struct diags *d)
{
	int dirfd = o->out ? out_open(o->out, d) : -1;
	if (o->out && dirfd < 0)
		return -1;
	struct message_key key;
	preview_key(job, &key, d);
	struct strmap adv;
	advance_addresses(job, &adv);
	struct strbuf msg;
	strbuf_init(&msg);
	size_t n = o->out ? job->aud.n : (job->aud.n > 0), queued = 0;
	/* composed on the composer's thread while this one writes the files */
	struct composer *c = composer_start(job);
	for (size_t i = 0; i < n; i++) {
		for (; queued < n && queued - i < COMPOSER_QUEUE; queued++) {
			const struct recipient *q = job->aud.to[queued];
			bool early = strmap_get(&adv, q->email) != NULL;
			composer_push(c, q, early ? MESSAGE_ADVANCE : MESSAGE_NORMAL);
		}
		size_t before = diags_errors(d);
		const struct recipient *r = composer_pop(c, &msg, d);
		if (diags_errors(d) > before)
			break;
		if (!o->out) {
			fwrite(msg.buf, 1, msg.len, stdout);
			continue;
		}
		char *name = eml_name(i, r->email);
		if (eml_write(dirfd, name, &msg) < 0)
			diag_error(d, EX_CANTCREAT, o->out, 0, 0, NULL, "cannot write %s: %s", name,
			           strerror(errno));
		free(name);
		if (diags_errors(d))
			break;
	}
	composer_stop(c);
	job->sender.key = NULL;
	explicit_bzero(&key, sizeof key);
	strbuf_release(&msg);
	strmap_free(&adv);
	if (dirfd >= 0 && !diags_errors(d) && fsync(dirfd) < 0)
		diag_error(d, EX_IOERR, o->out, 0, 0, NULL, "cannot sync: %s", strerror(errno));
	if (dirfd >= 0)
		close(dirfd);
	return diags_errors(d) ? -1 : 0;
}

static int outcome_status(const struct deliver_stats *st)
{
	/* unknown needs a person's attention (embargo status ID), like failed. */
	if (st->failed || st->unknown)
		return EX_UNAVAILABLE;
	return st->deferred ? EX_TEMPFAIL : 0;
}

static void print_summary(const char *id, const struct deliver_stats *st)
{
	fprintf(stderr,
	        "embargo: %s: sent %zu, failed %zu, deferred %zu, unknown %zu, "
	        "suppressed %zu%s\n",
	        id, st->sent, st->failed, st->deferred, st->unknown, st->suppressed,
	        st->gave_up ? " (the server kept failing: the rest is deferred)" : "");
	cmd_print_reasons(st, stderr);
	if (st->unknown)
		fprintf(stderr,
		        "  %zu message(s) may or may not have arrived: see embargo status %s\n",
		        st->unknown, id);
}

static struct smtp_session *open_smtp(const struct conf *conf, const struct job *job,
                                      struct diags *d)
{
	if (conf_require_relay(conf, "nothing can be sent", d) < 0)
		return NULL;
	/* bounces go to bounce_address when it is set (embargo bounces reads them) */
	return smtp_open(&conf->smtp, conf->bounce_address ? conf->bounce_address : job->from_addr,
	                 d);
}

/* --test ADDR...: one "[TEST] " copy each, at any time, not journaled. */
static int send_tests(struct job *job, const struct send_opts *o, const struct global_opts *g,
                      struct diags *d)
{
	struct recipient *rs = xcalloc(o->ntests, sizeof *rs);
	const struct recipient **to = xcalloc(o->ntests, sizeof *to);
	int status = 0;
	for (size_t i = 0; i < o->ntests && status == 0; i++) {
		char *why = NULL;
		if (address_parse(o->tests[i], &rs[i].email, &why) < 0) {
			status = diag_error(d, EX_USAGE, NULL, 0, 0, NULL, "--test %s: %s",
			                    o->tests[i], why);
			free(why);
		}
		to[i] = &rs[i];
	}
	struct smtp_session *s = status == 0 ? open_smtp(job->conf, job, d) : NULL;
	if (s) {
		struct deliver_opts dopts = {.kind = MESSAGE_TEST,
		                             .give_up_after = job->conf->give_up_after};
		struct deliver_stats st;
		if (deliver_run(job, NULL, s, to, o->ntests, NULL, 0, &dopts, &st, d) == 0) {
			if (g->verbosity >= 0)
				print_summary("test copies", &st);
			status = outcome_status(&st);
		}
		smtp_close(s);
	}
	for (size_t i = 0; i < o->ntests; i++)
		free(rs[i].email);
	free(rs);
	free(to);
	return diags_errors(d) ? -1 : status;
}

/* A journaled send's summary: this send's outcomes, then what is left to
 * do, which the exit status reflects too: recipients cancelled (69),
 * recipients deferred by this send or an earlier one and waiting for
 * their next try (75). */
static int report_journaled(const char *id, const struct dispatch_report *r, bool quiet)
{
	const struct deliver_stats *st = &r->main;
	size_t cancelled = r->cancelled;
	int status = outcome_status(st);
	if (cancelled || st->cancelled)
		status = EX_UNAVAILABLE;
	else if (status == 0 && r->waiting)
		status = EX_TEMPFAIL;
	if (quiet && status != EX_UNAVAILABLE)
		return status;
	fprintf(stderr,
	        "embargo: %s: sent %zu, failed %zu, deferred %zu, unknown %zu, suppressed %zu, "
	        "cancelled %zu%s\n",
	        id, st->sent, st->failed, r->waiting, st->unknown, st->suppressed, cancelled,
	        st->gave_up ? " (the server kept failing: the rest is deferred)" : "");
	cmd_print_reasons(st, stderr);
	if (r->waiting) {
		char when[40];
		timefmt_utc(r->waiting_until, when, sizeof when);
		fprintf(stderr,
		        "  %zu deferred until %s, last reply: %s\n"
		        "  hint: embargo run tries them again then (or this send, run again)\n",
		        r->waiting, when, r->waiting_reply);
	}
	if (st->unknown)
		fprintf(stderr,
		        "  %zu message(s) may or may not have arrived: see embargo status %s\n",
		        st->unknown, id);
	if (cancelled || st->cancelled)
		fprintf(stderr,
		        "  cancelled (embargo cancel %s) while it was being sent: %zu recipient(s) "
		        "will not get it\n",
		        id, cancelled);
	return status;
}

static int deliver_journaled(struct job *job, const char *dir, const struct global_opts *g,
                             struct diags *d)
{
	struct snapshot meta;
	if (snapshot_read(dir, &meta, d) < 0)
		return -1;
	struct progress p;
	progress_init(&p, isatty(2) && g->verbosity >= 0);
	struct dispatch_opts o = {
	    .mode = DISPATCH_SEND, .progress = progress_update, .progress_arg = &p};
	struct dispatch_report r;
	int rc = dispatch_release(dir, job, &meta, &o, &r, d);
	progress_finish(&p);
	snapshot_free(&meta);
	if (rc < 0)
		return -1;
	if (r.unmissed && g->verbosity >= 0)
		fprintf(stderr,
		        "embargo: %s was missed by embargo run (not started within max_lateness of "
		        "its instant): sending it now, by hand, to the %zu recipient(s) it did not "
		        "reach\n",
		        job->rel.id, r.unmissed);
	if (r.done_before && g->verbosity >= 0)
		fprintf(stderr,
		        "embargo: %s was sent before: %zu of %zu recipients were done and are "
		        "not sent again\n",
		        job->rel.id, r.done_before, job->aud.n);
	if (g->verbosity < 0 && (r.main.failed || r.main.unknown))
		return report_journaled(job->rel.id, &r, false);
	return report_journaled(job->rel.id, &r, g->verbosity < 0);
}

/* The spool keeps a snapshot of every real send, so that `run` can finish an
 * interrupted one.  The same ID with other content is refused once started. */
static int ensure_snapshot(struct job *job, const char *dir, struct diags *d)
{
	if (spool_marked(dir, "cancelled"))
		return diag_error(d, EX_UNAVAILABLE, job->rel.path, 0, 0,
		                  "give the release a new id: in its front matter",
		                  "release %s was cancelled: a cancelled release never sends again",
		                  job->rel.id);
	bool have = spool_marked(dir, "schedule.yaml");
	if (have && snapshot_same_release(dir, job->rel.path))
		return 0;
	if (have && spool_release_started(dir)) /* advance copies count */
		return diag_error(d, EX_DATAERR, job->rel.path, 0, 0,
		                  "give the changed release a new id: in its front matter",
		                  "release %s has already been sent with different content",
		                  job->rel.id);
	struct snapshot meta;
	snapshot_from_job(&meta, job, "send");
	int rc = snapshot_write(dir, job, &meta, d);
	snapshot_free(&meta);
	return rc;
}

static int send_real(struct job *job, const struct global_opts *g, struct diags *d)
{
	if (conf_require_relay(job->conf, "nothing can be sent", d) < 0)
		return -1;
	struct spool sp;
	int status = -1;
	if (spool_open(&sp, job->conf->spool_dir, d) == 0 &&
	    spool_release_mkdir(&sp, job->rel.id, d) == 0) {
		char *dir = spool_release_dir(&sp, job->rel.id);
		char *lockpath = xasprintf("%s/lock", dir);
		int fd = spool_lock(lockpath, d);
		if (fd == -2) {
			diag_plain(d, EX_TEMPFAIL, NULL,
			           "another embargo process is sending %s right now; it will "
			           "finish it",
			           job->rel.id);
		} else if (fd >= 0) {
			if (ensure_snapshot(job, dir, d) == 0)
				status = deliver_journaled(job, dir, g, d);
			spool_unlock(fd);
		}
		free(lockpath);
		free(dir);
	}
	spool_close(&sp);
	return status;
}

/* The dry run: the messages, then (its preview key's warning first) the
 * summary. */
static int send_dry(struct cmd_frame *f, const struct send_opts *o)
{
	int rc = dry_run(&f->job, o, &f->d);
	if (rc == 0) {
		cmd_frame_say(f, f->g->verbosity >= 0);
		summary_lists(&f->job);
		say_when(&f->job.rel);
	}
	return rc;
}

static int send_job(struct cmd_frame *f, const struct send_opts *o)
{
	if (o->ntests)
		return send_tests(&f->job, o, f->g, &f->d);
	if (o->dry_run)
		return send_dry(f, o);
	int rc = check_timing(&f->job.rel, f->g->verbosity < 0, &f->d);
	return rc == 0 ? send_real(&f->job, f->g, &f->d) : rc;
}

static void smtp_trace_line(void *arg, const char *line)
{
	(void)arg;
	fprintf(stderr, "embargo: smtp %s\n", line);
}

void cmd_smtp_verbose(struct smtp_conf *c, const struct global_opts *g)
{
	if (g->verbosity > 0)
		c->trace = smtp_trace_line;
}

int cmd_send(int argc, char **argv, const struct global_opts *g)
{
	struct send_opts o = {0};
	int status = parse_send_opts(argc, argv, &o);
	if (status == CMD_GO) {
		struct cmd_frame f;
		cmd_frame_init(&f, g);
		struct job_spec spec = {.release = o.release, .lists = o.lists, .nlists = o.nlists};
		int rc = check_send_opts(&o, &f.d);
		if (rc == 0)
			rc = cmd_frame_prepare(&f, &spec);
		if (rc == 0 && !o.dry_run)
			cmd_guard_secret(&f.conf);
		if (rc == 0)
			rc = send_job(&f, &o);
		status = cmd_frame_end(&f, rc);
	}
	free(o.lists);
	free(o.tests);
	return status;
}
