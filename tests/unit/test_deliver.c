/* deliver: the send loop's contract, against a real SMTP server on
 * 127.0.0.1 that keeps, for each message, the journal as it stood when the
 * message's final "." arrived:
 *   - never twice: a recipient is claimed (and the claim synced) before its
 *     message is handed out, its attempt is journaled before its final ".",
 *     at most two groups are claimed and unfinished at once, and a recipient
 *     in a final state is never handed out again;
 *   - never early: nothing starts before not_before;
 *   - nothing lost: every recipient handed out ends in a journaled state
 *     (sent with the reply, failed with the 5xx, failed when its message
 *     cannot be composed, suppressed, deferred, failed once give_up_after
 *     has passed);
 *   - cancel stops it before the next message. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "deliver.h"
#include "office.h"
#include "testlib.h"

#define RELEASE "Ministry Announces New Solar Programme\n\nFor immediate release\n\nA paragraph.\n"

static struct office o; /* one server for the group */
static char *jdir;      /* the journal's directory, watched by the server */

static int group_setup(void **state)
{
	(void)state;
	if (!office_can_serve())
		return 0;
	char *tmp = tl_tmpdir("deliver-journal");
	jdir = tmp;
	char *watch = tl_path(jdir, "journal");
	struct office_server srv = {.watch = watch, .fail_rcpt = "refuse"};
	office_open(&o, "deliver", &srv, NULL);
	free(watch);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	if (o.dir)
		office_close(&o);
	tl_rmtree(jdir);
	free(jdir);
	return 0;
}

struct run {
	struct job job;
	struct journal j;
	struct deliver_stats st;
	struct diags d;
	size_t received_before;
	char **got; /* what arrived in this run */
	size_t ngot;
};

/* A job for list PREFIX of n journalists and an empty journal. */
static void run_open(struct run *r, const char *prefix, size_t n)
{
	if (!o.dir)
		skip(); /* no python3-aiosmtpd: a skip, counted as one */
	memset(r, 0, sizeof *r);
	free(office_list(&o, prefix, n, prefix));
	char *rel = office_file(&o, "r.txt", RELEASE);
	const char *lists[] = {prefix};
	office_job(&o, rel, lists, 1, NULL, 0, &r->job);
	free(rel);
	char *path = tl_path(jdir, "journal");
	unlink(path);
	free(path);
	diags_init(&r->d);
	assert_int_equal(journal_open(&r->j, jdir, JOURNAL_WRITE, &r->d), 0);
	char **v = office_received(&o, &r->received_before);
	office_received_free(v, r->received_before);
}

/* deliver_run to[0..n) with opts (journal NULL when no_journal). */
static int run_deliver(struct run *r, const struct recipient *const *to, size_t n,
                       const struct recipient *const *sup, size_t nsup,
                       const struct deliver_opts *opts, bool no_journal)
{
	struct smtp_session *s = smtp_open(&o.conf.smtp, r->job.from_addr, &r->d);
	assert_non_null(s);
	int rc = deliver_run(&r->job, no_journal ? NULL : &r->j, s, to, n, sup, nsup, opts, &r->st,
	                     &r->d);
	smtp_close(s);
	size_t all;
	char **v = office_received(&o, &all);
	r->ngot = all - r->received_before;
	r->got = xcalloc(r->ngot + 1, sizeof *r->got);
	for (size_t i = 0; i < r->ngot; i++)
		r->got[i] = xstrdup(v[r->received_before + i]);
	office_received_free(v, all);
	return rc;
}

static void run_close(struct run *r)
{
	office_received_free(r->got, r->ngot);
	journal_close(&r->j);
	job_free(&r->job);
	diags_free(&r->d);
}

static bool got(const struct run *r, const char *addr)
{
	for (size_t i = 0; i < r->ngot; i++)
		if (strcmp(r->got[i], addr) == 0)
			return true;
	return false;
}

static enum rstate state_of(const struct run *r, const char *addr)
{
	const struct jentry *e = journal_get(&r->j, addr);
	return e ? e->state : RS_PENDING;
}

static const struct deliver_opts plain = {.kind = MESSAGE_NORMAL, .give_up_after = 86400};

/* Where event ev of addr stands in the journal text (line number from 1),
 * or 0. */
static size_t line_of(const char *text, const char *ev, const char *addr)
{
	char *needle = xasprintf("\t%s\t%s\t", ev, addr);
	size_t line = 1, found = 0;
	for (const char *p = text; *p && !found; p++) {
		if (strncmp(p, needle, strlen(needle)) == 0)
			found = line;
		if (*p == '\n')
			line++;
	}
	free(needle);
	return found;
}

/* Recipients claimed in text and without an outcome yet. */
static size_t open_claims(const char *text)
{
	size_t claims = tl_count_lines(text, "\tclaim\t");
	static const char *const outcomes[] = {"\tsent\t", "\tfailed\t", "\tdeferred\t",
	                                       "\tunknown\t", "\tsuppressed\t"};
	size_t done = 0;
	for (size_t i = 0; i < 5; i++)
		done += tl_count_lines(text, outcomes[i]);
	return claims - done;
}

static void test_claims_before_handout(void **state)
{
	(void)state;
	struct run r;
	run_open(&r, "c", 40);
	assert_int_equal(run_deliver(&r, r.job.aud.to, r.job.aud.n, NULL, 0, &plain, false), 0);
	tl_no_errors(&r.d, "deliver_run");
	assert_int_equal(r.ngot, 40);
	assert_int_equal(r.st.sent, 40);
	for (size_t k = 0; k < r.ngot; k++) {
		/* what the journal said when this message's "." arrived */
		char *seen = office_watched(&o, r.received_before + k + 1);
		size_t claim = line_of(seen, "claim", r.got[k]);
		size_t attempt = line_of(seen, "attempt", r.got[k]);
		if (!claim || !attempt || claim > attempt)
			fail_msg("%s reached the server with claim at line %zu, attempt at %zu",
			         r.got[k], claim, attempt);
		assert_int_equal(line_of(seen, "sent", r.got[k]), 0);
		if (open_claims(seen) > 2 * DELIVER_GROUP)
			fail_msg("%zu recipients claimed and unfinished", open_claims(seen));
		free(seen);
	}
	for (size_t i = 0; i < r.job.aud.n; i++) {
		const struct jentry *e = journal_get(&r.j, r.job.aud.to[i]->email);
		assert_int_equal(e->state, RS_SENT);
		assert_non_null(strstr(e->reply, "250"));
		assert_true(got(&r, r.job.aud.to[i]->email));
	}
	run_close(&r);
}

static void test_never_early(void **state)
{
	(void)state;
	struct run r;
	run_open(&r, "e", 5);
	struct deliver_opts early = plain;
	early.not_before = time(NULL) + 3600;
	assert_int_equal(run_deliver(&r, r.job.aud.to, r.job.aud.n, NULL, 0, &early, false), 0);
	assert_true(r.st.early_stop);
	assert_int_equal(r.ngot, 0);
	assert_int_equal(r.st.sent, 0);
	char *path = tl_path(jdir, "journal");
	char *text = tl_read(path, NULL);
	assert_int_equal(tl_count_lines(text, "\tattempt\t"), 0);
	free(text);
	free(path);
	for (size_t i = 0; i < r.job.aud.n; i++)
		assert_int_equal(state_of(&r, r.job.aud.to[i]->email), RS_PENDING);
	run_close(&r);
}

/* Whoever the journal already has in a final state is never handed out
 * again; a deferred recipient waits for its next try. */
static void test_final_never_again(void **state)
{
	(void)state;
	struct run r;
	run_open(&r, "f", 12);
	static const enum jevent before[] = {JE_SENT,       JE_FAILED,    JE_UNKNOWN,
	                                     JE_SUPPRESSED, JE_CANCELLED, JE_MISSED};
	char addr[64];
	for (size_t i = 0; i < 6; i++) {
		snprintf(addr, sizeof addr, "f%03zu@example.com", i);
		assert_int_equal(journal_record(&r.j, before[i], addr, "earlier", 0), 0);
	}
	assert_int_equal(
	    journal_record(&r.j, JE_DEFERRED, "f006@example.com", "451 later", time(NULL) + 3600),
	    0);
	assert_int_equal(run_deliver(&r, r.job.aud.to, r.job.aud.n, NULL, 0, &plain, false), 0);
	assert_int_equal(r.st.done_before, 6);
	assert_int_equal(r.ngot, 5);
	for (size_t i = 0; i < 7; i++) {
		snprintf(addr, sizeof addr, "f%03zu@example.com", i);
		assert_false(got(&r, addr));
	}
	assert_int_equal(state_of(&r, "f006@example.com"), RS_DEFERRED);
	assert_int_equal(state_of(&r, "f007@example.com"), RS_SENT);
	run_close(&r);
}

/* A deferred recipient past give_up_after is failed, with the last reply,
 * and not sent; one within it whose next try has come is sent. */
static void test_give_up_after(void **state)
{
	(void)state;
	struct run r;
	run_open(&r, "g", 2);
	assert_int_equal(journal_record(&r.j, JE_DEFERRED, "g000@example.com", "451 busy", 1), 0);
	assert_int_equal(journal_record(&r.j, JE_DEFERRED, "g001@example.com", "451 busy", 1), 0);
	struct deliver_opts o1 = plain;
	o1.give_up_after = 0;
	const struct recipient *first[] = {r.job.aud.to[0]};
	assert_int_equal(run_deliver(&r, first, 1, NULL, 0, &o1, false), 0);
	assert_int_equal(r.ngot, 0);
	const struct jentry *e = journal_get(&r.j, "g000@example.com");
	assert_int_equal(e->state, RS_FAILED);
	assert_non_null(strstr(e->reply, "gave up"));
	assert_non_null(strstr(e->reply, "451 busy"));
	office_received_free(r.got, r.ngot);
	r.received_before += r.ngot;
	const struct recipient *second[] = {r.job.aud.to[1]};
	assert_int_equal(run_deliver(&r, second, 1, NULL, 0, &plain, false), 0);
	assert_int_equal(r.ngot, 1);
	assert_int_equal(state_of(&r, "g001@example.com"), RS_SENT);
	run_close(&r);
}

/* Refused at RCPT: failed with the server's reply; suppressed: journaled,
 * never sent; a message that cannot be composed: failed, never dropped. */
static void test_every_outcome_journaled(void **state)
{
	(void)state;
	struct run r;
	run_open(&r, "refuse", 3);
	free(office_list(&o, "s", 1, "s"));
	struct recipient bad = {.email = "bad@example.com", .name = "Bad\r\nBcc: x@example.com"};
	struct recipient sup = {.email = "s000@example.com"};
	const struct recipient *to[] = {r.job.aud.to[0], &bad, r.job.aud.to[1]};
	const struct recipient *supv[] = {&sup};
	assert_int_equal(run_deliver(&r, to, 3, supv, 1, &plain, false), 0);
	assert_int_equal(r.ngot, 0);
	assert_int_equal(r.st.failed, 3);
	assert_int_equal(r.st.suppressed, 1);
	const struct jentry *e = journal_get(&r.j, "refuse000@example.com");
	assert_int_equal(e->state, RS_FAILED);
	assert_non_null(strstr(e->reply, "550 5.1.1"));
	e = journal_get(&r.j, "bad@example.com");
	assert_int_equal(e->state, RS_FAILED);
	assert_true(strncmp(e->reply, "local: ", 7) == 0);
	assert_int_equal(state_of(&r, "s000@example.com"), RS_SUPPRESSED);
	assert_int_equal(state_of(&r, "refuse001@example.com"), RS_FAILED);
	run_close(&r);
}

/* embargo cancel: the file stands, nothing more goes. */
static void test_cancel(void **state)
{
	(void)state;
	struct run r;
	run_open(&r, "k", 3);
	char *cancel = tl_write(jdir, "cancelled", "");
	struct deliver_opts oc = plain;
	oc.cancel_file = cancel;
	assert_int_equal(run_deliver(&r, r.job.aud.to, r.job.aud.n, NULL, 0, &oc, false), 0);
	assert_true(r.st.cancelled);
	assert_int_equal(r.ngot, 0);
	unlink(cancel);
	free(cancel);
	run_close(&r);
}

/* Test copies go without a journal. */
static void test_without_journal(void **state)
{
	(void)state;
	struct run r;
	run_open(&r, "t", 2);
	struct deliver_opts ot = plain;
	ot.kind = MESSAGE_TEST;
	assert_int_equal(run_deliver(&r, r.job.aud.to, r.job.aud.n, NULL, 0, &ot, true), 0);
	assert_int_equal(r.ngot, 2);
	assert_int_equal(r.st.sent, 2);
	assert_int_equal(r.j.n, 0);
	char *msg = office_message(&o, r.received_before + 1);
	assert_non_null(strstr(msg, "Subject: [TEST] "));
	free(msg);
	run_close(&r);
}

static void test_backoff(void **state)
{
	(void)state;
	static const long want[] = {300, 600, 1200, 2400, 3600, 3600, 3600};
	for (int i = 0; i < 7; i++)
		assert_int_equal(deliver_backoff(i), want[i]);
	assert_int_equal(deliver_backoff(1000), 3600);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_claims_before_handout),   cmocka_unit_test(test_never_early),
	    cmocka_unit_test(test_final_never_again),       cmocka_unit_test(test_give_up_after),
	    cmocka_unit_test(test_every_outcome_journaled), cmocka_unit_test(test_cancel),
	    cmocka_unit_test(test_without_journal),         cmocka_unit_test(test_backoff),
	};
	return cmocka_run_group_tests_name("deliver", tests, group_setup, group_teardown);
}
