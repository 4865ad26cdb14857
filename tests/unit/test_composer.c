/* composer: messages composed ahead on threads of their own come out in the
 * order their recipients went in, each exactly the message message_build
 * makes for that recipient (Date aside: it is the moment of composing); a
 * message that cannot be composed comes out empty with its error, in its
 * place, and never stops the others; stopping drops what is queued. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "composer.h"
#include "office.h"
#include "testlib.h"

#define RELEASE                                                                                    \
	"---\nadvance: {lists: [desk], at: \"2030-03-15T08:00:00Z\"}\n---\n"                       \
	"Ministry Announces New Solar Programme\n\n"                                               \
	"EMBARGOED UNTIL 10:00 a.m. EDT, Friday, March 15, 2030\n\n"                               \
	"A first paragraph.\n\nA second paragraph.\n"

#define N 150 /* more than COMPOSER_QUEUE, pushed and popped in waves */

struct fixture {
	struct office o;
	struct job job;
	/* the test's own renderer for the messages it expects: while a
	 * composer runs, the job's renderer is its first thread's */
	struct renderer ref;
};

static void fixture_open(struct fixture *f)
{
	office_open(&f->o, "composer", NULL, NULL);
	free(office_list(&f->o, "desk", N, "d"));
	char *rel = office_file(&f->o, "r.txt", RELEASE);
	const char *lists[] = {"desk"};
	office_job(&f->o, rel, lists, 1, NULL, 0, &f->job);
	free(rel);
	assert_int_equal(f->job.aud.n, N);
	struct diags d;
	diags_init(&d);
	assert_int_equal(job_render_clone(&f->job, &f->ref, &d), 0);
	diags_free(&d);
}

static void fixture_close(struct fixture *f)
{
	render_close(&f->ref);
	job_free(&f->job);
	office_close(&f->o);
}

/* The message without its Date line. */
static char *undated(const char *msg, size_t len)
{
	char *s = xstrndup(msg, len);
	char *date = strncmp(s, "Date: ", 6) == 0 ? s : strstr(s, "\r\nDate: ");
	assert_non_null(date);
	char *end = strstr(date + 2, "\r\n");
	memmove(date, end + (date == s ? 2 : 0), strlen(end + (date == s ? 2 : 0)) + 1);
	return s;
}

static void expect_message(struct fixture *f, const struct recipient *r, enum message_kind kind,
                           const struct strbuf *got)
{
	struct strbuf want;
	struct diags d;
	strbuf_init(&want);
	diags_init(&d);
	assert_int_equal(
	    message_build(&f->ref, &f->job.rel, &f->job.sender, r, kind, 1700000000, &want, &d), 0);
	char *a = undated(got->buf, got->len), *b = undated(want.buf, want.len);
	if (strcmp(a, b) != 0)
		fail_msg("the message composed for %s is not message_build's", r->email);
	free(a);
	free(b);
	strbuf_release(&want);
	diags_free(&d);
}

static enum message_kind kind_of(size_t i)
{
	return i % 3 == 0 ? MESSAGE_ADVANCE : MESSAGE_NORMAL;
}

static void test_order_and_bytes(void **state)
{
	(void)state;
	struct fixture f;
	fixture_open(&f);
	struct composer *c = composer_start(&f.job);
	struct strbuf msg;
	strbuf_init(&msg);
	struct diags d;
	diags_init(&d);
	assert_null(composer_pop(c, &msg, &d)); /* nothing queued */
	size_t pushed = 0, popped = 0;
	while (popped < N) {
		/* fill up to the queue's limit, then take a few */
		while (pushed < N && pushed - popped < COMPOSER_QUEUE) {
			composer_push(c, f.job.aud.to[pushed], kind_of(pushed));
			pushed++;
		}
		for (size_t k = 0; k < 7 && popped < pushed; k++, popped++) {
			const struct recipient *r = composer_pop(c, &msg, &d);
			assert_ptr_equal(r, f.job.aud.to[popped]);
			assert_int_equal(d.n, 0);
			expect_message(&f, r, kind_of(popped), &msg);
		}
	}
	assert_null(composer_pop(c, &msg, &d));
	strbuf_release(&msg);
	diags_free(&d);
	composer_stop(c);
	fixture_close(&f);
}

/* A recipient whose message cannot be composed (a line break in the name,
 * which no list would let through) comes out in its place, empty, with
 * the error; the next ones are composed as ever. */
static void test_failure_in_place(void **state)
{
	(void)state;
	struct fixture f;
	fixture_open(&f);
	struct recipient bad = {.email = "bad@example.com", .name = "Bad\r\nBcc: x@example.com"};
	struct composer *c = composer_start(&f.job);
	composer_push(c, f.job.aud.to[0], MESSAGE_NORMAL);
	composer_push(c, &bad, MESSAGE_NORMAL);
	composer_push(c, f.job.aud.to[1], MESSAGE_NORMAL);
	struct strbuf msg;
	strbuf_init(&msg);
	struct diags d;
	diags_init(&d);
	assert_ptr_equal(composer_pop(c, &msg, &d), f.job.aud.to[0]);
	assert_true(msg.len > 0);
	assert_ptr_equal(composer_pop(c, &msg, &d), &bad);
	assert_int_equal(msg.len, 0);
	assert_true(diags_errors(&d) > 0);
	diags_free(&d);
	diags_init(&d);
	assert_ptr_equal(composer_pop(c, &msg, &d), f.job.aud.to[1]);
	assert_true(msg.len > 0);
	assert_int_equal(d.n, 0);
	expect_message(&f, f.job.aud.to[1], MESSAGE_NORMAL, &msg);
	strbuf_release(&msg);
	diags_free(&d);
	composer_stop(c);
	fixture_close(&f);
}

/* Stopping with messages queued and composed drops them (they were never
 * handed out); a composer that never got any stops too. */
static void test_stop(void **state)
{
	(void)state;
	struct fixture f;
	fixture_open(&f);
	struct composer *c = composer_start(&f.job);
	for (size_t i = 0; i < COMPOSER_QUEUE; i++)
		composer_push(c, f.job.aud.to[i], MESSAGE_NORMAL);
	struct strbuf msg;
	strbuf_init(&msg);
	struct diags d;
	diags_init(&d);
	assert_ptr_equal(composer_pop(c, &msg, &d), f.job.aud.to[0]);
	strbuf_release(&msg);
	diags_free(&d);
	composer_stop(c);
	composer_stop(composer_start(&f.job));
	fixture_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_order_and_bytes),
	    cmocka_unit_test(test_failure_in_place),
	    cmocka_unit_test(test_stop),
	};
	return cmocka_run_group_tests_name("composer", tests, NULL, NULL);
}
