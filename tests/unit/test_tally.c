/* tally: where a release stands, for status: every recipient of the
 * audience counted once in the state its journal gives it (pending when it
 * has none; suppressed people as suppressed), and the release's own state
 * from its markers and those counts. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "journal.h"
#include "office.h"
#include "spool.h"
#include "tally.h"
#include "testlib.h"

#define RELEASE "Ministry Announces New Solar Programme\n\nFor immediate release\n\nA paragraph.\n"

struct fixture {
	struct office o;
	struct job job;
	char *dir;
	struct journal j;
};

static void fixture_open(struct fixture *f)
{
	office_open(&f->o, "tally", NULL, NULL);
	free(office_list(&f->o, "desk", 8, "d"));
	free(tl_write(f->o.lists, "suppressed.txt", "d007@example.com\n"));
	char *rel = office_file(&f->o, "r.txt", RELEASE);
	const char *lists[] = {"desk"};
	office_job(&f->o, rel, lists, 1, NULL, 0, &f->job);
	free(rel);
	assert_int_equal(f->job.aud.n, 7);
	assert_int_equal(f->job.aud.nsuppressed, 1);
	f->dir = tl_mkdir(f->o.dir, "release");
	struct diags d;
	diags_init(&d);
	assert_int_equal(journal_open(&f->j, f->dir, JOURNAL_WRITE, &d), 0);
	diags_free(&d);
}

static void fixture_close(struct fixture *f)
{
	journal_close(&f->j);
	job_free(&f->job);
	free(f->dir);
	office_close(&f->o);
}

static void record(struct fixture *f, enum jevent ev, const char *addr)
{
	assert_int_equal(journal_record(&f->j, ev, addr, "250 ok", 0), 0);
}

static void test_counts(void **state)
{
	(void)state;
	struct fixture f;
	fixture_open(&f);
	struct tally t;
	tally_count(f.dir, &f.job, &f.j, &t);
	assert_int_equal(t.total, 8);
	assert_int_equal(t.count[RS_PENDING], 7);
	assert_int_equal(t.count[RS_SUPPRESSED], 1); /* suppressed before any journal line */
	assert_string_equal(t.state, "scheduled");
	record(&f, JE_SENT, "d000@example.com");
	record(&f, JE_SENT, "d001@example.com");
	record(&f, JE_FAILED, "d002@example.com");
	record(&f, JE_DEFERRED, "d003@example.com");
	record(&f, JE_UNKNOWN, "d004@example.com");
	record(&f, JE_CANCELLED, "d005@example.com");
	record(&f, JE_ATTEMPT, "d006@example.com"); /* in flight: not an outcome */
	record(&f, JE_SENT, "nobody@example.com");  /* not in the audience: not counted */
	tally_count(f.dir, &f.job, &f.j, &t);
	assert_int_equal(t.total, 8);
	assert_int_equal(t.count[RS_SENT], 2);
	assert_int_equal(t.count[RS_FAILED], 1);
	assert_int_equal(t.count[RS_DEFERRED], 1);
	assert_int_equal(t.count[RS_UNKNOWN], 1);
	assert_int_equal(t.count[RS_CANCELLED], 1);
	assert_int_equal(t.count[RS_PENDING], 1);
	assert_int_equal(t.count[RS_SUPPRESSED], 1);
	size_t sum = 0;
	for (int s = 0; s < RS_NSTATES; s++)
		sum += t.count[s];
	assert_int_equal(sum, t.total); /* each recipient in exactly one state */
	fixture_close(&f);
}

/* The release's state, from its markers and its counts. */
static void test_release_state(void **state)
{
	(void)state;
	struct fixture f;
	fixture_open(&f);
	struct tally t;
	record(&f, JE_SENT, "d000@example.com"); /* an advance copy */
	tally_count(f.dir, &f.job, &f.j, &t);
	assert_string_equal(t.state, "advance-sent");
	assert_int_equal(spool_mark(f.dir, "started", NULL), 0);
	tally_count(f.dir, &f.job, &f.j, &t);
	assert_string_equal(t.state, "sending");
	static const char *const rest[] = {"d001@example.com", "d002@example.com",
	                                   "d003@example.com", "d004@example.com",
	                                   "d005@example.com", "d006@example.com"};
	for (size_t i = 0; i < 6; i++)
		record(&f, JE_SENT, rest[i]);
	tally_count(f.dir, &f.job, &f.j, &t);
	assert_string_equal(t.state, "sent");
	record(&f, JE_DEFERRED, "d006@example.com");
	tally_count(f.dir, &f.job, &f.j, &t);
	assert_string_equal(t.state, "sending"); /* a deferred recipient is still open */
	record(&f, JE_UNKNOWN, "d006@example.com");
	tally_count(f.dir, &f.job, &f.j, &t);
	assert_string_equal(t.state, "partly-sent");
	assert_int_equal(spool_mark(f.dir, "missed", NULL), 0);
	tally_count(f.dir, &f.job, &f.j, &t);
	assert_string_equal(t.state, "missed");
	assert_int_equal(spool_mark(f.dir, "cancelled", NULL), 0);
	tally_count(f.dir, &f.job, &f.j, &t);
	assert_string_equal(t.state, "cancelled"); /* cancelled says it first */
	fixture_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_counts),
	    cmocka_unit_test(test_release_state),
	};
	return cmocka_run_group_tests_name("tally", tests, NULL, NULL);
}
