#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "dispatch.h"
#include "durable.h"
#include "message_key.h"
#include "spool.h"

static bool is_final(const struct jentry *e)
{
	return e && e->state != RS_PENDING && e->state != RS_DEFERRED;
}

bool dispatch_due(const char *dir, const struct snapshot *m, time_t now, bool resend)
{
	if (spool_marked(dir, "cancelled") || spool_marked(dir, "missed"))
		return false;
	if (resend)
		return true;
	if (spool_marked(dir, "finished"))
		return false;
	bool main_due = !m->has_instant || now >= m->release_at;
	if (main_due) {
		long long next = spool_marker_number(dir, "next");
		return next == 0 || now >= next;
	}
	return m->nadvance && m->has_advance_at && now >= m->advance_at &&
	       !spool_marked(dir, "advance-done");
}

static int mark(const char *dir, struct journal *j, const char *name, const char *text,
                struct diags *d)
{
	if (spool_mark(dir, name, text) == 0 && journal_note(j, name) == 0)
		return 0;
	return diag_error(d, EX_IOERR, dir, 0, 0,
	                  "check free space and the spool directory's permissions",
	                  "cannot record \"%s\" in the spool: %s", name, strerror(errno));
}

/* Record ev for every recipient of to[] that is not final yet. */
static long record_rest(struct journal *j, const struct recipient *const *to, size_t n,
                        enum jevent ev, const char *why, struct diags *d)
{
	long count = 0;
	for (size_t i = 0; i < n; i++) {
		if (is_final(journal_get(j, to[i]->email)))
			continue;
		if (journal_record(j, ev, to[i]->email, why, 0) < 0)
			return diag_error(d, EX_IOERR, j->path, 0, 0, NULL,
			                  "cannot write the journal: %s", strerror(errno));
		count++;
	}
	if (journal_sync(j) < 0)
		return diag_error(d, EX_IOERR, j->path, 0, 0, NULL, "cannot sync the journal: %s",
		                  strerror(errno));
	return count;
}

/* send by hand after run missed the release: its missed recipients go
 * back to pending (journaled first), then the marker goes, and the send
 * starts it as any late send. */
static int unmiss(const char *dir, struct journal *j, struct dispatch_report *r, struct diags *d)
{
	for (size_t i = 0; i < j->n; i++) {
		if (j->v[i]->state != RS_MISSED)
			continue;
		if (journal_record(j, JE_RESEND, j->v[i]->addr, "missed by run: sent by hand", 0) <
		    0)
			return diag_error(d, EX_IOERR, j->path, 0, 0, NULL,
			                  "cannot write the journal: %s", strerror(errno));
		r->unmissed++;
	}
	if (journal_sync(j) < 0 || journal_note(j, "missed, sent by hand") < 0)
		return diag_error(d, EX_IOERR, j->path, 0, 0, NULL, "cannot sync the journal: %s",
		                  strerror(errno));
	spool_unmark(dir, "missed");
	return durable_sync_dir(dir) < 0 ? diag_error(d, EX_IOERR, dir, 0, 0, NULL,
	                                              "cannot sync the spool: %s", strerror(errno))
	                                 : 0;
}

/* The recipients still deferred after this run, when the first of them is
 * tried next, and its last reply (send reports them: they are not done). */
static void waiting(const struct journal *j, const struct audience *a, struct dispatch_report *r)
{
	const struct jentry *first = NULL;
	for (size_t i = 0; i < a->n; i++) {
		const struct jentry *e = journal_get(j, a->to[i]->email);
		if (!e || e->state != RS_DEFERRED)
			continue;
		r->waiting++;
		if (!first || e->next_try < first->next_try)
			first = e;
	}
	if (!first)
		return;
	r->waiting_until = first->next_try;
	snprintf(r->waiting_reply, sizeof r->waiting_reply, "%s",
	         first->reply ? first->reply : "none");
}

static size_t resend_unknown(struct journal *j)
{
	size_t n = 0;
	for (size_t i = 0; i < j->n; i++)
		if (j->v[i]->state == RS_UNKNOWN &&
		    journal_record(j, JE_RESEND, j->v[i]->addr, "resend asked for", 0) == 0)
			n++;
	return n;
}

static bool all_final(const struct journal *j, const struct audience *a, time_t *next)
{
	bool done = true;
	*next = 0;
	for (size_t i = 0; i < a->n; i++) {
		const struct jentry *e = journal_get(j, a->to[i]->email);
		if (is_final(e))
			continue;
		done = false;
		if (e && e->state == RS_DEFERRED && (*next == 0 || e->next_try < *next))
			*next = e->next_try;
		else if (!e || e->state == RS_PENDING)
			*next = 1; /* pending now: due at once */
	}
	return done;
}

static struct deliver_opts deliver_opts(const struct job *job, const struct dispatch_opts *o,
                                        char *cancel)
{
	return (struct deliver_opts){
		.kind = MESSAGE_NORMAL,
		.deadline = o->deadline,
		.give_up_after = job->conf->give_up_after,
		.cancel_file = cancel,
		.progress = o->progress,
		.progress_arg = o->progress_arg,
	};
}

static int run_advance(const char *dir, struct job *job, const struct snapshot *m,
                       struct journal *j, struct smtp_session *s, const struct dispatch_opts *o,
                       char *cancel, struct dispatch_report *r, struct diags *d)
{
	struct deliver_opts dopts = deliver_opts(job, o, cancel);
	dopts.kind = MESSAGE_ADVANCE;
	dopts.not_before = m->advance_at;
	r->ran_adv = true;
	/* From here on a replacement is refused (spool_release_started). */
	if (!spool_marked(dir, "advance-started") && mark(dir, j, "advance-started", NULL, d) < 0)
		return -1;
	if (deliver_run(job, j, s, job->adv.to, job->adv.n, job->adv.suppressed,
	                job->adv.nsuppressed, &dopts, &r->adv, d) < 0)
		return -1;
	time_t next;
	if (all_final(j, &job->adv, &next))
		return mark(dir, j, "advance-done", NULL, d);
	return 0;
}

/* At or after the instant: start (unless run reaches it too late), or go on. */
static int run_main(const char *dir, struct job *job, const struct snapshot *m,
                    struct journal *j, struct smtp_session *s, const struct dispatch_opts *o,
                    char *cancel, struct dispatch_report *r, struct diags *d)
{
	time_t now = time(NULL);
	if (!spool_marked(dir, "started")) {
		long late = m->has_instant ? (long)(now - m->release_at) : 0;
		if (o->mode == DISPATCH_RUN && late > job->conf->max_lateness) {
			char *why = xasprintf("not started: run first reached it %lds after its instant "
			                      "(max_lateness %lds)",
			                      late, job->conf->max_lateness);
			long n = record_rest(j, job->aud.to, job->aud.n, JE_MISSED, why, d);
			free(why);
			if (n < 0)
				return -1;
			r->missed = (size_t)n;
			return mark(dir, j, "missed", NULL, d);
		}
		char buf[32];
		snprintf(buf, sizeof buf, "%ld", late);
		if (mark(dir, j, "started", buf, d) < 0)
			return -1;
		r->late = late;
	}
	struct deliver_opts dopts = deliver_opts(job, o, cancel);
	dopts.not_before = m->has_instant ? m->release_at : 0;
	r->ran_main = true;
	return deliver_run(job, j, s, job->aud.to, job->aud.n, job->aud.suppressed,
	                   job->aud.nsuppressed, &dopts, &r->main, d);
}

/* After sending: cancelled, finished, or when to look again. */
static int settle_release(const char *dir, struct job *job, struct journal *j, char *cancel,
                          struct dispatch_report *r, struct diags *d)
{
	if (access(cancel, F_OK) == 0) {
		long n = record_rest(j, job->aud.to, job->aud.n, JE_CANCELLED, "cancelled", d);
		if (n < 0)
			return -1;
		r->cancelled = (size_t)n;
	}
	time_t next;
	r->finished = all_final(j, &job->aud, &next);
	if (r->finished) {
		spool_unmark(dir, "next");
		return spool_marked(dir, "finished") ? 0 : mark(dir, j, "finished", NULL, d);
	}
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", (long long)next);
	if (spool_mark(dir, "next", buf) < 0)
		return diag_error(d, EX_IOERR, dir, 0, 0, NULL, "cannot write the spool: %s",
		                  strerror(errno));
	return 0;
}

static size_t count_final(const struct journal *j, const struct audience *a)
{
	size_t n = 0;
	for (size_t i = 0; i < a->n; i++)
		n += is_final(journal_get(j, a->to[i]->email));
	return n;
}

int dispatch_release(const char *dir, struct job *job, const struct snapshot *m,
                     const struct dispatch_opts *o, struct dispatch_report *r,
                     struct diags *d)
{
	memset(r, 0, sizeof *r);
	/* The lock is held from here to the last message: the snapshot read
	 * under it is the one sent, at its instant (a replacement needs the
	 * lock, and is refused once "started" is marked). */
	if (snapshot_check(dir, m, d) < 0)
		return -1;
	struct journal j;
	if (journal_open(&j, dir, JOURNAL_WRITE, d) < 0) {
		journal_close(&j);
		return -1;
	}
	char *cancel = xasprintf("%s/cancelled", dir);
	if (o->resend_unknown)
		r->resent = resend_unknown(&j);
	if (o->mode == DISPATCH_SEND && spool_marked(dir, "missed") &&
	    !spool_marked(dir, "started") && unmiss(dir, &j, r, d) < 0) {
		free(cancel);
		journal_close(&j);
		return -1;
	}
	r->done_before = count_final(&j, &job->aud);
	/* Message-IDs keyed with the spool's secret: the same for a recipient
	 * in every attempt, and unguessable to a forger of bounces */
	struct message_key key;
	if (message_key_load(job->conf->spool_dir, true, &key, d) < 0) {
		free(cancel);
		journal_close(&j);
		return -1;
	}
	job->sender.key = &key;
	struct smtp_session *s = smtp_open(&job->conf->smtp,
	                                   job->conf->bounce_address ? job->conf->bounce_address
	                                                             : job->from_addr,
	                                   d);
	int rc = s ? 0 : -1;
	time_t now = time(NULL);
	bool main_due = !m->has_instant || now >= m->release_at;
	if (rc == 0 && !main_due && o->mode == DISPATCH_RUN && job->nadv && m->has_advance_at &&
	    now >= m->advance_at && !spool_marked(dir, "advance-done"))
		rc = run_advance(dir, job, m, &j, s, o, cancel, r, d);
	if (rc == 0 && main_due && access(cancel, F_OK) != 0)
		rc = run_main(dir, job, m, &j, s, o, cancel, r, d);
	if (rc == 0 && (main_due || access(cancel, F_OK) == 0) && !spool_marked(dir, "missed"))
		rc = settle_release(dir, job, &j, cancel, r, d);
	if (rc == 0)
		waiting(&j, &job->aud, r);
	if (s)
		smtp_close(s);
	job->sender.key = NULL;
	explicit_bzero(&key, sizeof key);
	free(cancel);
	journal_close(&j);
	return rc;
}

long dispatch_cancel_rest(const char *dir, struct job *job, struct diags *d)
{
	struct journal j;
	long n = -1;
	if (journal_open(&j, dir, JOURNAL_WRITE, d) == 0) {
		n = record_rest(&j, job->aud.to, job->aud.n, JE_CANCELLED, "cancelled", d);
		if (n >= 0 && journal_note(&j, "cancelled") < 0)
			n = -1;
	}
	journal_close(&j);
	return n;
}
