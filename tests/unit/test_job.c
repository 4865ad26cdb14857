/* job: a release made ready to send, validated as a whole before anything
 * goes anywhere (doc/design.md "Bad input"): every problem of the release,
 * its lists and its templates is reported at once; the lists come from
 * --list, else from the front matter; everyone on the lists and the advance
 * lists is in the audience once; the sender comes from the front matter,
 * the first list, then the configuration; a renderer made for another
 * thread renders the very same bytes. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <cmocka.h>

#include "job.h"
#include "office.h"
#include "testlib.h"

#define RELEASE                                                                                    \
	"Ministry Announces New Solar Programme\n\n"                                               \
	"EMBARGOED UNTIL 10:00 a.m. EDT, Friday, March 15, 2030\n\n"                               \
	"A first paragraph.\n\nA second paragraph.\n"

static int prepare(struct office *o, const char *release, const char *const *lists, size_t nlists,
                   unsigned flags, struct job *job, struct diags *d)
{
	struct job_spec spec = {
	    .release = release, .lists = (char *const *)lists, .nlists = nlists, .flags = flags};
	diags_init(d);
	return job_prepare(job, &o->conf, &spec, d);
}

static bool has_error(const struct diags *d, const char *text)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].level == DIAG_ERROR && strstr(d->v[i].msg, text))
			return true;
	return false;
}

static void test_lists_and_audience(void **state)
{
	(void)state;
	struct office o;
	office_open(&o, "job", NULL, NULL);
	free(office_list(&o, "desk", 3, "d"));
	free(office_list(&o, "wires", 2, "w"));
	/* d001 is on both lists, its domain in capitals (the local part is compared as written) */
	free(tl_write(
	    o.lists, "both.yaml",
	    "name: both\nrecipients:\n  - email: d001@EXAMPLE.COM\n  - email: x@example.com\n"));
	char *rel = office_file(&o, "r.txt", "---\nlists: [desk, wires]\n---\n" RELEASE);
	struct job job;
	struct diags d;
	/* no --list: the front matter's */
	assert_int_equal(prepare(&o, rel, NULL, 0, 0, &job, &d), 0);
	assert_int_equal(job.nlists, 2);
	assert_int_equal(job.aud.n, 5);
	assert_string_equal(job.aud.to[0]->email, "d000@example.com");
	assert_string_equal(job.aud.to[4]->email, "w001@example.com");
	job_free(&job);
	diags_free(&d);
	/* --list wins over the front matter; duplicates are merged */
	const char *lists[] = {"desk", "both"};
	assert_int_equal(prepare(&o, rel, lists, 2, 0, &job, &d), 0);
	assert_int_equal(job.nlists, 2);
	assert_int_equal(job.aud.n, 4);
	assert_int_equal(job.aud.merged, 1);
	job_free(&job);
	diags_free(&d);
	free(rel);
	office_close(&o);
}

/* A release with no list anywhere is refused for a send; check lints
 * against every list there is instead. */
static void test_no_list(void **state)
{
	(void)state;
	struct office o;
	office_open(&o, "job-nolist", NULL, NULL);
	free(office_list(&o, "desk", 1, "d"));
	char *rel = office_file(&o, "r.txt", RELEASE);
	struct job job;
	struct diags d;
	assert_int_equal(prepare(&o, rel, NULL, 0, 0, &job, &d), -1);
	assert_true(has_error(&d, "no press list to send to"));
	assert_int_equal(diags_status(&d), EX_USAGE);
	job_free(&job);
	diags_free(&d);
	assert_int_equal(prepare(&o, rel, NULL, 0, JOB_CHECK, &job, &d), 0);
	assert_int_equal(job.nlists, 1);
	job_free(&job);
	diags_free(&d);
	free(rel);
	office_close(&o);
}

/* Everything wrong is said at once: a bad list and a template name no list
 * has, together, and the job is refused. */
static void test_all_problems_at_once(void **state)
{
	(void)state;
	struct office o;
	char *templates = NULL;
	office_open(&o, "job-bad", NULL, NULL);
	templates = tl_mkdir(o.dir, "templates");
	free(tl_write(templates, "release.txt", "Dear {{recipient.nickname}},\n{{body_text}}\n"));
	free(tl_write(templates, "release.html", "<p>{{{body_html}}}</p>\n"));
	free(o.conf.templates_dir);
	o.conf.templates_dir = xstrdup(templates);
	free(office_list(&o, "desk", 1, "d"));
	free(tl_write(o.lists, "broken.yaml",
	              "name: broken\nrecipients:\n  - email: not an address\n"));
	char *rel = office_file(&o, "r.txt", RELEASE);
	const char *lists[] = {"desk", "broken"};
	struct job job;
	struct diags d;
	assert_int_equal(prepare(&o, rel, lists, 2, 0, &job, &d), -1);
	bool list_named = false, lint_named = false;
	for (size_t i = 0; i < d.n; i++) {
		list_named |= d.v[i].file && strstr(d.v[i].file, "broken.yaml") != NULL;
		lint_named |= strstr(d.v[i].msg, "recipient.nickname") != NULL;
	}
	assert_true(list_named);
	assert_true(lint_named);
	job_free(&job);
	diags_free(&d);
	free(rel);
	free(templates);
	office_close(&o);
}

/* The sender: front matter, else the first list's, else the config; a
 * send without any is refused, a check is not. */
static void test_sender(void **state)
{
	(void)state;
	struct office o;
	office_open(&o, "job-sender", NULL, NULL);
	free(tl_write(o.lists, "own.yaml",
	              "name: own\nfrom: \"Desk <desk@example.net>\"\n"
	              "recipients:\n  - email: a@example.com\n"));
	free(office_list(&o, "plain", 1, "p"));
	char *rel = office_file(&o, "r.txt", RELEASE);
	char *fm =
	    office_file(&o, "fm.txt", "---\nfrom: \"Front <front@example.com>\"\n---\n" RELEASE);
	struct job job;
	struct diags d;
	const char *own[] = {"own"}, *plain[] = {"plain"};
	assert_int_equal(prepare(&o, fm, own, 1, 0, &job, &d), 0);
	assert_string_equal(job.from_addr, "front@example.com");
	job_free(&job);
	diags_free(&d);
	assert_int_equal(prepare(&o, rel, own, 1, 0, &job, &d), 0);
	assert_string_equal(job.from_addr, "desk@example.net");
	assert_string_equal(job.from_name, "Desk");
	job_free(&job);
	diags_free(&d);
	assert_int_equal(prepare(&o, rel, plain, 1, 0, &job, &d), 0);
	assert_string_equal(job.from_addr, "press@example.org");
	assert_string_equal(job.sender.reply_to_addr, "press@example.org");
	job_free(&job);
	diags_free(&d);
	free(o.conf.from_addr);
	o.conf.from_addr = NULL;
	assert_int_equal(prepare(&o, rel, plain, 1, 0, &job, &d), -1);
	assert_true(has_error(&d, "no sender address is configured"));
	job_free(&job);
	diags_free(&d);
	assert_int_equal(prepare(&o, rel, plain, 1, JOB_CHECK, &job, &d), 0);
	job_free(&job);
	diags_free(&d);
	free(rel);
	free(fm);
	office_close(&o);
}

/* Advance lists: their people are in the audience once, and in the
 * advance audience. */
static void test_advance(void **state)
{
	(void)state;
	struct office o;
	office_open(&o, "job-adv", NULL, NULL);
	free(office_list(&o, "desk", 2, "d"));
	free(office_list(&o, "wires", 2, "w"));
	char *rel = office_file(&o, "r.txt",
	                        "---\nlists: [desk]\nadvance: {lists: [wires, desk], at: "
	                        "\"2030-03-15T08:00:00Z\"}\n---\n" RELEASE);
	struct job job;
	office_job(&o, rel, NULL, 0, NULL, 0, &job);
	assert_int_equal(job.nadv, 2);
	assert_int_equal(job.aud.n, 4);
	assert_int_equal(job.adv.n, 4);
	job_free(&job);
	free(rel);
	office_close(&o);
}

/* A clone renders exactly what the job's renderer does. */
static void test_render_clone(void **state)
{
	(void)state;
	struct office o;
	office_open(&o, "job-clone", NULL, NULL);
	free(office_list(&o, "desk", 3, "d"));
	char *rel = office_file(&o, "r.txt", RELEASE);
	const char *lists[] = {"desk"};
	struct job job;
	office_job(&o, rel, lists, 1, NULL, 0, &job);
	struct renderer clone;
	struct diags d;
	diags_init(&d);
	assert_int_equal(job_render_clone(&job, &clone, &d), 0);
	for (size_t i = 0; i < job.aud.n; i++) {
		struct strbuf a, b;
		strbuf_init(&a);
		strbuf_init(&b);
		assert_int_equal(message_build(&job.render, &job.rel, &job.sender, job.aud.to[i],
		                               MESSAGE_NORMAL, 1700000000, &a, &d),
		                 0);
		assert_int_equal(message_build(&clone, &job.rel, &job.sender, job.aud.to[i],
		                               MESSAGE_NORMAL, 1700000000, &b, &d),
		                 0);
		assert_int_equal(a.len, b.len);
		assert_memory_equal(a.buf, b.buf, a.len);
		strbuf_release(&a);
		strbuf_release(&b);
	}
	render_close(&clone);
	diags_free(&d);
	job_free(&job);
	free(rel);
	office_close(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lists_and_audience),
	    cmocka_unit_test(test_no_list),
	    cmocka_unit_test(test_all_problems_at_once),
	    cmocka_unit_test(test_sender),
	    cmocka_unit_test(test_advance),
	    cmocka_unit_test(test_render_clone),
	};
	return cmocka_run_group_tests_name("job", tests, NULL, NULL);
}
