#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "composer.h"
#include "deliver.h"

/* One message handed to the relay, kept until its outcome is known (and, for
 * an in-run retry, until it goes again). */
struct outmsg {
	struct strbuf data;
	const struct recipient *r;
	int tries;           /* transient failures in this run */
	time_t due;          /* an in-run retry goes no earlier */
	char *last_reply;    /* the reply that deferred it */
	struct outmsg *next; /* the retry queue */
};

struct loop {
	struct journal *j;
	const struct deliver_opts *o;
	struct deliver_stats *st;
	struct diags *d;
	const struct recipient *const *to;
	size_t n;
	size_t scan;                                  /* the next index of to[] to consider */
	const struct recipient *queue[DELIVER_GROUP]; /* claimed, not yet handed out */
	size_t qhead, qlen;
	const struct recipient *next[DELIVER_GROUP]; /* the next group: its claim is
	                                                 written and being synced */
	size_t nnext;
	struct composer *comp; /* composes queue[qhead..qlen) ahead, in order */
	const char *envid;     /* the release ID, for DSN ENVID */
	struct outmsg *retry;
	size_t in_flight; /* handed out, outcome not known yet */
	bool failed_io;   /* the journal could not be written: stop */
};

long deliver_backoff(int deferrals)
{
	long s = 300;
	for (int i = 0; i < deferrals && s < 3600; i++)
		s *= 2;
	return s < 3600 ? s : 3600;
}

/* Count why a recipient ended other than sent (deliver_stats.why). */
static void note_reason(struct deliver_stats *st, const char *outcome, const char *text)
{
	char shown[DELIVER_REASON_LEN];
	size_t n = strlen(text);
	if (n >= sizeof shown)
		snprintf(shown, sizeof shown, "%.*s...", (int)sizeof shown - 4, text);
	else
		memcpy(shown, text, n + 1);
	for (size_t i = 0; i < st->nwhy; i++) {
		if (strcmp(st->why[i].outcome, outcome) == 0 &&
		    strcmp(st->why[i].text, shown) == 0) {
			st->why[i].count++;
			return;
		}
	}
	if (st->nwhy == DELIVER_REASONS) {
		st->why_other++;
		return;
	}
	struct deliver_reason *w = &st->why[st->nwhy++];
	w->outcome = outcome;
	memcpy(w->text, shown, strlen(shown) + 1);
	w->count = 1;
}

static int record(struct loop *l, enum jevent ev, const char *addr, const char *detail, time_t next)
{
	if (!l->j)
		return 0;
	if (journal_record(l->j, ev, addr, detail, next) == 0)
		return 0;
	if (!l->failed_io)
		diag_error(l->d, EX_IOERR, l->j->path, 0, 0,
		           "free space or fix permissions in the spool, then run again",
		           "cannot write the journal: %s", strerror(errno));
	l->failed_io = true;
	return -1;
}

/* Is r to be sent in this run?  Deferred recipients past give_up_after are
 * failed here. */
static bool eligible(struct loop *l, const struct recipient *r, time_t now)
{
	if (!l->j)
		return true;
	struct jentry *e = journal_get(l->j, r->email);
	if (!e || e->state == RS_PENDING)
		return true;
	if (e->state != RS_DEFERRED)
		return false;
	if (now - e->first_deferred >= l->o->give_up_after) {
		char *why =
		    xasprintf("gave up after %lds of deferrals; last reply: %s",
		              (long)(now - e->first_deferred), e->reply ? e->reply : "none");
		if (record(l, JE_FAILED, r->email, why, 0) == 0) {
			l->st->failed++;
			note_reason(l->st, "failed", why);
		}
		free(why);
		return false;
	}
	return now >= e->next_try;
}

static void count_todo(struct loop *l)
{
	time_t now = time(NULL);
	for (size_t i = 0; i < l->n; i++) {
		struct jentry *e = l->j ? journal_get(l->j, l->to[i]->email) : NULL;
		if (!e || e->state == RS_PENDING || (e->state == RS_DEFERRED && now >= e->next_try))
			l->st->todo++;
		else if (e->state != RS_DEFERRED)
			l->st->done_before++;
	}
}

/* The next group of eligible recipients, into l->next. */
static void pick_group(struct loop *l, const char **addrs)
{
	time_t now = time(NULL);
	l->nnext = 0;
	while (l->scan < l->n && l->nnext < DELIVER_GROUP) {
		const struct recipient *r = l->to[l->scan++];
		if (eligible(l, r, now)) {
			addrs[l->nnext] = r->email;
			l->next[l->nnext++] = r;
		}
	}
}

static void claim_failed(struct loop *l)
{
	diag_error(l->d, EX_IOERR, l->j->path, 0, 0,
	           "free space or fix permissions in the spool, then run again",
	           "cannot claim recipients in the journal: %s", strerror(errno));
	l->failed_io = true;
	l->nnext = 0;
}

/* Write the claim of the group after the current one and start its
 * fdatasync, which then runs while the current group is sent.  The group
 * goes to the composer at once: composing sends nothing, so its messages
 * can be ready before the claim is durable, and the first of them is not
 * composed while every connection waits for it. */
static void claim_next(struct loop *l)
{
	const char *addrs[DELIVER_GROUP];
	pick_group(l, addrs);
	if (l->nnext > 0 && l->j && journal_claim_start(l->j, addrs, l->nnext) < 0) {
		claim_failed(l);
		return;
	}
	for (size_t i = 0; i < l->nnext; i++)
		composer_push(l->comp, l->next[i], l->o->kind);
}

/* The next group becomes the one to send once its claim is durable: no
 * recipient is handed out before (doc/design.md "Never twice").  Then the claim of
 * the group after it starts. */
static void fill_group(struct loop *l)
{
	l->qhead = l->qlen = 0;
	if (l->nnext == 0 && !l->failed_io)
		claim_next(l); /* the first group, or none was ready */
	if (l->nnext == 0 || l->failed_io)
		return;
	if (l->j && journal_claim_wait(l->j) < 0) {
		claim_failed(l);
		return;
	}
	memcpy(l->queue, l->next, l->nnext * sizeof *l->queue);
	l->qlen = l->nnext;
	l->nnext = 0;
	claim_next(l);
}

/* The message of queue[qhead], from the composer (which composed it while
 * the relay was busy with the one before). */
static struct outmsg *take(struct loop *l)
{
	struct outmsg *m = xcalloc(1, sizeof *m);
	strbuf_init(&m->data);
	struct diags local;
	diags_init(&local);
	m->r = composer_pop(l->comp, &m->data, &local);
	l->qhead++;
	if (!diags_errors(&local)) {
		diags_free(&local);
		return m;
	}
	/* A message that cannot be composed is failed, never silently dropped. */
	char *why = diag_format(&local.v[0]);
	char *detail = xasprintf("local: %s", why);
	if (record(l, JE_FAILED, m->r->email, detail, 0) == 0) {
		l->st->failed++;
		note_reason(l->st, "failed", detail);
	}
	free(detail);
	free(why);
	diags_free(&local);
	strbuf_release(&m->data);
	free(m);
	return NULL;
}

static void hand_out(struct loop *l, struct outmsg *m, struct smtp_msg *msg)
{
	l->in_flight++;
	msg->rcpt = m->r->email;
	msg->data = m->data.buf;
	msg->len = m->data.len;
	msg->envid = l->envid;
	msg->arg = m;
}

static void outmsg_free(struct outmsg *m)
{
	free(m->last_reply);
	strbuf_release(&m->data);
	free(m);
}

/* Milliseconds from now to t (at least 1). */
static long ms_until(time_t t)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	long long ms = ((long long)t - ts.tv_sec) * 1000 - ts.tv_nsec / 1000000 + 1;
	return ms < 1 ? 1 : ms > 60000 ? 60000 : (long)ms;
}

/* Before the instant: within DELIVER_AHEAD, wait for it with the first
 * group claimed and composing; any earlier, stop (never early, whatever
 * the clock did). */
static enum smtp_next before_instant(struct loop *l, time_t now, long *wait_ms)
{
	if (l->o->not_before - now > DELIVER_AHEAD) {
		l->st->early_stop = true;
		return SMTP_NEXT_DONE;
	}
	if (l->nnext == 0 && l->qhead == l->qlen)
		claim_next(l);
	*wait_ms = ms_until(l->o->not_before);
	return SMTP_NEXT_WAIT;
}

static enum smtp_next next_msg(void *arg, struct smtp_msg *msg, long *wait_ms)
{
	struct loop *l = arg;
	time_t now = time(NULL);
	if (l->failed_io)
		return SMTP_NEXT_DONE;
	if (l->o->not_before && now < l->o->not_before)
		return before_instant(l, now, wait_ms);
	if (l->o->deadline && now >= l->o->deadline)
		return SMTP_NEXT_DONE;
	if (l->o->cancel_file && access(l->o->cancel_file, F_OK) == 0) {
		l->st->cancelled = true; /* embargo cancel: stop before the next message */
		return SMTP_NEXT_DONE;
	}
	if (l->retry && l->retry->due <= now) {
		struct outmsg *m = l->retry;
		l->retry = m->next;
		hand_out(l, m, msg);
		return SMTP_NEXT_MSG;
	}
	for (;;) {
		if (l->qhead == l->qlen)
			fill_group(l);
		if (l->qhead == l->qlen)
			break;
		struct outmsg *m = take(l);
		if (m) {
			hand_out(l, m, msg);
			return SMTP_NEXT_MSG;
		}
	}
	if (l->retry && !l->failed_io) {
		*wait_ms = (long)(l->retry->due - now) * 1000;
		return SMTP_NEXT_WAIT;
	}
	if (l->in_flight > 0 && !l->failed_io) {
		/* One of them may come back deferred, to be retried in this run. */
		*wait_ms = 50;
		return SMTP_NEXT_WAIT;
	}
	return SMTP_NEXT_DONE;
}

static int attempt(void *arg, const struct smtp_msg *msg)
{
	struct loop *l = arg;
	return record(l, JE_ATTEMPT, msg->rcpt, NULL, 0);
}

static void push_retry(struct loop *l, struct outmsg *m)
{
	struct outmsg **p = &l->retry;
	while (*p && (*p)->due <= m->due)
		p = &(*p)->next;
	m->next = *p;
	*p = m;
}

static void defer(struct loop *l, const struct recipient *r, const char *reply)
{
	struct jentry *e = l->j ? journal_get(l->j, r->email) : NULL;
	time_t next = time(NULL) + deliver_backoff(e ? e->deferrals : 0);
	if (record(l, JE_DEFERRED, r->email, reply, next) == 0) {
		l->st->deferred++;
		note_reason(l->st, "deferred", reply);
	}
}

static void done(void *arg, const struct smtp_msg *msg, const struct smtp_result *res)
{
	struct loop *l = arg;
	struct outmsg *m = msg->arg;
	l->in_flight--;
	const char *text = res->reply ? res->reply : "no reply";
	char *reply = res->code || str_starts_with(text, "local:") ? xstrdup(text)
	                                                           : xasprintf("local: %s", text);
	switch (res->outcome) {
	case SMTP_SENT:
		if (record(l, JE_SENT, m->r->email, reply, 0) == 0)
			l->st->sent++;
		break;
	case SMTP_FAILED:
		if (record(l, JE_FAILED, m->r->email, reply, 0) == 0) {
			l->st->failed++;
			note_reason(l->st, "failed", reply);
		}
		break;
	case SMTP_UNKNOWN:
		if (record(l, JE_UNKNOWN, m->r->email, reply, 0) == 0) {
			l->st->unknown++;
			note_reason(l->st, "unknown", reply);
		}
		break;
	case SMTP_DEFERRED:
		if (++m->tries <= 2) { /* within the run: after 1 s, then 2 s */
			m->due = time(NULL) + m->tries;
			free(m->last_reply);
			m->last_reply = reply;
			push_retry(l, m);
			return;
		}
		defer(l, m->r, reply);
		break;
	}
	free(reply);
	outmsg_free(m);
	if (l->o->progress)
		l->o->progress(l->o->progress_arg, l->st);
}

/* What is left when the loop ends: in-run retries are deferred to a later
 * run; when the server kept failing, so is everything not yet tried.  (When
 * the loop stops for the clock or the deadline, claimed recipients stay
 * pending: the next run sends them.) */
static void defer_rest(struct loop *l, bool rest, const char *why)
{
	while (l->retry) {
		struct outmsg *m = l->retry;
		l->retry = m->next;
		defer(l, m->r, m->last_reply ? m->last_reply : why);
		outmsg_free(m);
	}
	if (!rest)
		return; /* the groups claimed and not sent stay pending */
	while (l->qhead < l->qlen)
		defer(l, l->queue[l->qhead++], why);
	for (size_t i = 0; i < l->nnext; i++)
		defer(l, l->next[i], why);
	l->nnext = 0;
	time_t now = time(NULL);
	while (l->scan < l->n) {
		const struct recipient *r = l->to[l->scan++];
		if (eligible(l, r, now))
			defer(l, r, why);
	}
}

static void record_suppressed(struct loop *l, const struct recipient *const *sup, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct jentry *e = l->j ? journal_get(l->j, sup[i]->email) : NULL;
		if (e && e->state == RS_SUPPRESSED)
			continue;
		if (!e || e->state == RS_PENDING || e->state == RS_DEFERRED)
			record(l, JE_SUPPRESSED, sup[i]->email, "in the suppression file", 0);
		l->st->suppressed++;
	}
}

/* Started well ahead of the instant: open the connections only shortly
 * before it (a relay closes idle connections); the wait ends early when
 * the release is cancelled. */
static void wait_to_connect(const struct deliver_opts *o)
{
	if (!o->not_before)
		return;
	for (;;) {
		time_t now = time(NULL);
		if (o->not_before - now <= DELIVER_CONNECT_AHEAD ||
		    o->not_before - now > DELIVER_AHEAD)
			return;
		if (o->cancel_file && access(o->cancel_file, F_OK) == 0)
			return;
		sleep(1);
	}
}

int deliver_run(struct job *job, struct journal *journal, struct smtp_session *smtp,
                const struct recipient *const *to, size_t n,
                const struct recipient *const *suppressed, size_t nsup,
                const struct deliver_opts *opts, struct deliver_stats *st, struct diags *d)
{
	memset(st, 0, sizeof *st);
	st->started = time(NULL);
	struct loop l = {
	    .j = journal, .o = opts, .st = st, .d = d, .to = to, .n = n, .envid = job->rel.id};
	if (journal)
		record_suppressed(&l, suppressed, nsup);
	count_todo(&l);
	l.comp = composer_start(job);
	wait_to_connect(opts);
	struct smtp_callbacks cb = {.next = next_msg, .attempt = attempt, .done = done};
	int rc = smtp_run(smtp, &cb, &l, st->todo, d);
	if (rc == 1) {
		st->gave_up = true;
		defer_rest(&l, true, "not attempted: the server kept failing; a later run retries");
		rc = 0;
	} else if (rc == 2) {
		/* the relay refused the credentials: an error in d names them */
		defer_rest(&l, true, "not attempted: the relay did not accept the credentials");
		rc = -1;
	} else {
		defer_rest(&l, false, "not retried before the run ended");
	}
	composer_stop(l.comp); /* what it still holds was never handed out */
	if (journal && journal_sync(journal) < 0 && !l.failed_io)
		diag_error(d, EX_IOERR, journal->path, 0, 0, NULL, "cannot sync the journal: %s",
		           strerror(errno));
	return rc < 0 || l.failed_io ? -1 : 0;
}
