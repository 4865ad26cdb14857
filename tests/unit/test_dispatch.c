/* dispatch: what is due of a release in the spool, and sending it as run
 * and send do: everyone once at the instant (a second pass sends nothing);
 * nothing before it; advance copies alone before it, marked; a release run
 * reaches later than max_lateness missed, never sent; cancel and an
 * interrupted replacement send nothing.  Against a real SMTP server. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include <cmocka.h>

#include "dispatch.h"
#include "office.h"
#include "spool.h"
#include "testlib.h"

#define PAST "EMBARGOED UNTIL 10:00 a.m. EDT, Monday, August 14, 2023"
#define FUTURE "EMBARGOED UNTIL 10:00 a.m. EDT, Friday, March 15, 2030"

static struct office o;

static int group_setup(void **state)
{
	(void)state;
	if (office_can_serve())
		office_open(&o, "dispatch", &(struct office_server){0}, NULL);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	if (o.dir)
		office_close(&o);
	return 0;
}

struct rel {
	struct job job;
	struct snapshot meta;
	char *dir;
	size_t before; /* messages the server had */
};

static size_t received(void)
{
	size_t n;
	char **v = office_received(&o, &n);
	office_received_free(v, n);
	return n;
}

/* Release ID in the spool, for list ID of n journalists (and an advance
 * list ID-adv of 2 when front matter says so). */
static void rel_open(struct rel *r, const char *id, const char *front, const char *line, size_t n)
{
	if (!o.dir)
		skip();
	memset(r, 0, sizeof *r);
	char *list = xasprintf("%s-", id), *adv = xasprintf("%s-adv", id);
	free(office_list(&o, id, n, list));
	free(office_list(&o, adv, 2, adv));
	char *name = xasprintf("%s.txt", id);
	char *text = xasprintf("---\nid: %s\nlists: [%s]\n%s---\nSolar Programme %s\n\n%s\n\n"
	                       "A paragraph.\n",
	                       id, id, front ? front : "", id, line);
	char *path = office_file(&o, name, text);
	office_job(&o, path, NULL, 0, NULL, 0, &r->job);
	snapshot_from_job(&r->meta, &r->job, "schedule");
	struct spool sp = {.dir = o.spool};
	r->dir = spool_release_dir(&sp, id);
	struct diags d;
	diags_init(&d);
	assert_int_equal(spool_release_mkdir(&sp, id, &d), 0);
	int rc = snapshot_write(r->dir, &r->job, &r->meta, &d);
	tl_no_errors(&d, "snapshot_write");
	assert_int_equal(rc, 0);
	diags_free(&d);
	r->before = received();
	free(path);
	free(text);
	free(name);
	free(adv);
	free(list);
}

static void rel_close(struct rel *r)
{
	snapshot_free(&r->meta);
	job_free(&r->job);
	free(r->dir);
}

static int dispatch(struct rel *r, enum dispatch_mode mode, struct dispatch_report *rep,
                    struct diags *d)
{
	struct dispatch_opts opts = {.mode = mode};
	diags_init(d);
	return dispatch_release(r->dir, &r->job, &r->meta, &opts, rep, d);
}

static enum rstate state_of(const struct rel *r, const char *addr)
{
	struct journal j;
	struct diags d;
	diags_init(&d);
	assert_int_equal(journal_open(&j, r->dir, JOURNAL_READ, &d), 0);
	const struct jentry *e = journal_get(&j, addr);
	enum rstate s = e ? e->state : RS_PENDING;
	journal_close(&j);
	diags_free(&d);
	return s;
}

/* dispatch_due reads markers and meta only. */
static void test_due(void **state)
{
	(void)state;
	char *dir = tl_tmpdir("dispatch-due");
	struct snapshot m = {.has_instant = true,
	                     .release_at = 1000,
	                     .nadvance = 1,
	                     .has_advance_at = true,
	                     .advance_at = 500};
	assert_false(dispatch_due(dir, &m, 499, false)); /* nothing yet */
	assert_true(dispatch_due(dir, &m, 500, false));  /* the advance copies */
	assert_int_equal(spool_mark(dir, "advance-done", NULL), 0);
	assert_false(dispatch_due(dir, &m, 999, false));
	assert_true(dispatch_due(dir, &m, 1000, false)); /* the instant */
	assert_int_equal(spool_mark(dir, "next", "2000"), 0);
	assert_false(dispatch_due(dir, &m, 1999, false)); /* deferred ones wait */
	assert_true(dispatch_due(dir, &m, 2000, false));
	assert_int_equal(spool_mark(dir, "finished", NULL), 0);
	assert_false(dispatch_due(dir, &m, 5000, false));
	assert_true(dispatch_due(dir, &m, 5000, true)); /* --resend-unknown */
	assert_int_equal(spool_mark(dir, "cancelled", NULL), 0);
	assert_false(dispatch_due(dir, &m, 5000, true));
	spool_unmark(dir, "cancelled");
	assert_int_equal(spool_mark(dir, "missed", NULL), 0);
	assert_false(dispatch_due(dir, &m, 5000, true));
	struct snapshot now = {0}; /* immediate */
	char *dir2 = tl_tmpdir("dispatch-due2");
	assert_true(dispatch_due(dir2, &now, 0, false));
	tl_rmtree(dir);
	tl_rmtree(dir2);
	free(dir);
	free(dir2);
}

/* send: everyone once; a second pass finds them done and sends nothing. */
static void test_send_once(void **state)
{
	(void)state;
	struct rel r;
	rel_open(&r, "once", NULL, PAST, 20);
	struct dispatch_report rep;
	struct diags d;
	assert_int_equal(dispatch(&r, DISPATCH_SEND, &rep, &d), 0);
	tl_no_errors(&d, "dispatch_release");
	assert_true(rep.ran_main);
	assert_int_equal(rep.main.sent, 20);
	assert_true(rep.finished);
	assert_true(rep.late > 0);
	assert_int_equal(received() - r.before, 20);
	assert_true(spool_marked(r.dir, "started"));
	assert_true(spool_marked(r.dir, "finished"));
	diags_free(&d);
	assert_int_equal(dispatch(&r, DISPATCH_SEND, &rep, &d), 0);
	assert_int_equal(rep.main.sent, 0);
	assert_int_equal(rep.done_before, 20);
	assert_int_equal(received() - r.before, 20);
	diags_free(&d);
	rel_close(&r);
}

static void test_not_before_instant(void **state)
{
	(void)state;
	struct rel r;
	rel_open(&r, "future", NULL, FUTURE, 3);
	struct dispatch_report rep;
	struct diags d;
	assert_int_equal(dispatch(&r, DISPATCH_RUN, &rep, &d), 0);
	assert_false(rep.ran_main);
	assert_int_equal(received(), r.before);
	assert_false(spool_marked(r.dir, "started"));
	assert_false(spool_release_started(r.dir)); /* it can still be replaced */
	diags_free(&d);
	rel_close(&r);
}

/* Before the instant only the advance lists get their copy, marked
 * EMBARGOED; everyone else waits. */
static void test_advance(void **state)
{
	(void)state;
	struct rel r;
	rel_open(&r, "adv", "advance: {lists: [adv-adv], at: \"2023-01-01T00:00:00Z\"}\n", FUTURE,
	         3);
	struct dispatch_report rep;
	struct diags d;
	assert_int_equal(dispatch(&r, DISPATCH_RUN, &rep, &d), 0);
	tl_no_errors(&d, "dispatch_release");
	assert_true(rep.ran_adv);
	assert_false(rep.ran_main);
	assert_int_equal(rep.adv.sent, 2);
	assert_int_equal(received() - r.before, 2);
	char *msg = office_message(&o, r.before + 1);
	assert_non_null(strstr(msg, "Subject: EMBARGOED UNTIL"));
	free(msg);
	assert_true(spool_marked(r.dir, "advance-started"));
	assert_true(spool_marked(r.dir, "advance-done"));
	assert_false(spool_marked(r.dir, "started"));
	assert_int_equal(state_of(&r, "adv-000@example.com"), RS_PENDING);
	diags_free(&d);
	/* run again: the advance copies are not sent twice */
	assert_int_equal(dispatch(&r, DISPATCH_RUN, &rep, &d), 0);
	assert_int_equal(received() - r.before, 2);
	diags_free(&d);
	rel_close(&r);
}

/* run reaches a release longer than max_lateness after its instant:
 * missed, nothing sent, and never due again for run; a person's send then
 * sends it to those run did not reach, once. */
static void test_late(void **state)
{
	(void)state;
	struct rel r;
	rel_open(&r, "late", NULL, PAST, 4);
	struct dispatch_report rep;
	struct diags d;
	assert_int_equal(dispatch(&r, DISPATCH_RUN, &rep, &d), 0);
	assert_int_equal(rep.missed, 4);
	assert_false(rep.ran_main);
	assert_int_equal(received(), r.before);
	assert_true(spool_marked(r.dir, "missed"));
	assert_int_equal(state_of(&r, "late-000@example.com"), RS_MISSED);
	assert_false(dispatch_due(r.dir, &r.meta, time(NULL), false));
	diags_free(&d);
	/* a person sends it: the recipients run did not reach get it, once */
	assert_int_equal(dispatch(&r, DISPATCH_SEND, &rep, &d), 0);
	tl_no_errors(&d, "dispatch_release");
	assert_int_equal(rep.unmissed, 4);
	assert_int_equal(rep.main.sent, 4);
	assert_int_equal(received() - r.before, 4);
	assert_int_equal(state_of(&r, "late-000@example.com"), RS_SENT);
	diags_free(&d);
	assert_int_equal(dispatch(&r, DISPATCH_SEND, &rep, &d), 0);
	assert_int_equal(received() - r.before, 4);
	diags_free(&d);
	rel_close(&r);
}

static void test_cancelled(void **state)
{
	(void)state;
	struct rel r;
	rel_open(&r, "cancel", NULL, PAST, 3);
	assert_int_equal(spool_mark(r.dir, "cancelled", NULL), 0);
	struct dispatch_report rep;
	struct diags d;
	assert_int_equal(dispatch(&r, DISPATCH_SEND, &rep, &d), 0);
	assert_int_equal(received(), r.before);
	assert_int_equal(rep.cancelled, 3);
	assert_int_equal(state_of(&r, "cancel-002@example.com"), RS_CANCELLED);
	diags_free(&d);
	/* dispatch_cancel_rest: every recipient not final */
	struct rel r2;
	rel_open(&r2, "cancel2", NULL, PAST, 3);
	diags_init(&d);
	assert_int_equal(dispatch_cancel_rest(r2.dir, &r2.job, &d), 3);
	assert_int_equal(state_of(&r2, "cancel2-000@example.com"), RS_CANCELLED);
	assert_int_equal(dispatch_cancel_rest(r2.dir, &r2.job, &d), 0);
	diags_free(&d);
	rel_close(&r2);
	rel_close(&r);
}

/* A replacement cut short: refused, nothing sent, nothing marked. */
static void test_interrupted_replacement(void **state)
{
	(void)state;
	struct rel r;
	rel_open(&r, "torn", NULL, PAST, 2);
	assert_int_equal(spool_mark(r.dir, "replacing", NULL), 0);
	struct dispatch_report rep;
	struct diags d;
	assert_int_equal(dispatch(&r, DISPATCH_SEND, &rep, &d), -1);
	assert_int_equal(diags_status(&d), EX_DATAERR);
	assert_int_equal(received(), r.before);
	assert_false(spool_marked(r.dir, "started"));
	diags_free(&d);
	rel_close(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_due),
	    cmocka_unit_test(test_send_once),
	    cmocka_unit_test(test_not_before_instant),
	    cmocka_unit_test(test_advance),
	    cmocka_unit_test(test_late),
	    cmocka_unit_test(test_cancelled),
	    cmocka_unit_test(test_interrupted_replacement),
	};
	return cmocka_run_group_tests_name("dispatch", tests, group_setup, group_teardown);
}
