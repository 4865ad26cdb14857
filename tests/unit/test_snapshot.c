/* snapshot: what the spool keeps of a release, so that it is sent exactly as
 * it was checked: the meta data read back as written; the release, lists
 * and templates surviving every edit of the originals; a replacement cut
 * short leaving a release nothing sends; a replacement made meanwhile
 * refused to whoever read the old one; the message settings of the
 * snapshot with the transport and spool of today. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <cmocka.h>

#include "office.h"
#include "snapshot.h"
#include "spool.h"
#include "testlib.h"

#define RELEASE                                                                                    \
	"---\nid: solar-2030\nadvance: {lists: [wires], at: \"2030-03-15T08:00:00Z\"}\n---\n"      \
	"Ministry Announces New Solar Programme\n\n"                                               \
	"EMBARGOED UNTIL 10:00 a.m. EDT, Friday, March 15, 2030\n\n"                               \
	"A first paragraph.\n\nA second paragraph.\n"

struct fixture {
	struct office o;
	char *release;
	char *dir; /* the release's spool directory */
	struct job job;
	struct snapshot meta;
};

static void fixture_open(struct fixture *f, const char *extra)
{
	office_open(&f->o, "snapshot", NULL, extra);
	free(office_list(&f->o, "desk", 3, "d"));
	free(office_list(&f->o, "wires", 1, "w"));
	f->release = office_file(&f->o, "solar.txt", RELEASE);
	const char *lists[] = {"desk"};
	office_job(&f->o, f->release, lists, 1, NULL, 0, &f->job);
	snapshot_from_job(&f->meta, &f->job, "schedule");
	f->dir = tl_path(f->o.spool, "releases/solar-2030");
	struct diags d;
	diags_init(&d);
	struct spool sp = {.dir = f->o.spool}; /* as send and schedule make it */
	assert_int_equal(spool_release_mkdir(&sp, "solar-2030", &d), 0);
	int rc = snapshot_write(f->dir, &f->job, &f->meta, &d);
	tl_no_errors(&d, "snapshot_write");
	assert_int_equal(rc, 0);
	diags_free(&d);
}

static void fixture_close(struct fixture *f)
{
	snapshot_free(&f->meta);
	job_free(&f->job);
	free(f->release);
	free(f->dir);
	office_close(&f->o);
}

static void test_round_trip(void **state)
{
	(void)state;
	struct fixture f;
	fixture_open(&f, NULL);
	struct snapshot m;
	struct diags d;
	diags_init(&d);
	assert_int_equal(snapshot_read(f.dir, &m, &d), 0);
	assert_string_equal(m.id, "solar-2030");
	assert_string_equal(m.title, "Ministry Announces New Solar Programme");
	assert_string_equal(m.kind, "schedule");
	assert_string_equal(m.release_file, "solar.txt");
	assert_int_equal(m.nlists, 1);
	assert_string_equal(m.lists[0], "desk");
	assert_int_equal(m.nadvance, 1);
	assert_string_equal(m.advance_lists[0], "wires");
	assert_true(m.has_instant);
	assert_int_equal(m.release_at, 1899813600); /* 2030-03-15T14:00:00Z */
	assert_int_equal(m.utc_offset, -4 * 3600);
	assert_true(m.has_advance_at);
	assert_int_equal(m.advance_at, 1899792000);
	assert_string_equal(m.release_text, f.meta.release_text);
	assert_int_equal(m.created, f.meta.created);
	/* complete: listed by the spool, and checked as the one read */
	struct spool s = {.dir = f.o.spool};
	size_t n;
	char **ids = spool_release_ids(&s, &n);
	assert_int_equal(n, 1);
	assert_string_equal(ids[0], "solar-2030");
	free(ids[0]);
	free(ids);
	assert_int_equal(snapshot_check(f.dir, &m, &d), 0);
	assert_int_equal(d.n, 0);
	snapshot_free(&m);
	diags_free(&d);
	fixture_close(&f);
}

/* Edit, delete and rewrite everything the release was made of: the
 * snapshot still makes the same job. */
static void test_survives_edits(void **state)
{
	(void)state;
	struct fixture f;
	fixture_open(&f, NULL);
	assert_true(snapshot_same_release(f.dir, f.release));
	free(office_file(&f.o, "solar.txt",
	                 "A Different Headline\n\nFor immediate release\n\nNew.\n"));
	assert_false(snapshot_same_release(f.dir, f.release));
	free(office_list(&f.o, "desk", 10, "changed"));
	char *wires = tl_path(f.o.lists, "wires.yaml");
	assert_int_equal(unlink(wires), 0);
	free(wires);
	/* the configuration of today names other templates, another sender */
	char *tdir = tl_mkdir(f.o.dir, "other-templates");
	free(tl_write(tdir, "release.txt", "CHANGED {{title}}\n"));
	free(tl_write(tdir, "release.html", "<p>CHANGED</p>\n"));
	struct conf today = f.o.conf;
	today.templates_dir = tdir;
	today.from_addr = "someone-else@example.net";
	struct conf sc;
	struct diags d;
	diags_init(&d);
	assert_int_equal(snapshot_conf(f.dir, &today, &sc, &d), 0);
	assert_string_equal(sc.from_addr, "press@example.org");
	struct job job;
	assert_int_equal(snapshot_job(f.dir, &f.meta, &sc, &job, &d), 0);
	tl_no_errors(&d, "snapshot_job");
	assert_string_equal(job.rel.title, "Ministry Announces New Solar Programme");
	assert_int_equal(job.aud.n, 4); /* desk's 3 as they were, and wires */
	assert_string_equal(job.aud.to[0]->email, "d000@example.com");
	assert_int_equal(job.adv.n, 1);
	struct strbuf msg;
	strbuf_init(&msg);
	assert_int_equal(message_build(&job.render, &job.rel, &job.sender, job.aud.to[0],
	                               MESSAGE_NORMAL, 1700000000, &msg, &d),
	                 0);
	assert_null(strstr(msg.buf, "CHANGED"));
	assert_non_null(strstr(msg.buf, "From: Press Office <press@example.org>"));
	strbuf_release(&msg);
	job_free(&job);
	conf_free(&sc);
	diags_free(&d);
	free(tdir);
	fixture_close(&f);
}

/* The transport, the spool and the suppression file are today's; the
 * message settings are the snapshot's. */
static void test_conf(void **state)
{
	(void)state;
	struct fixture f;
	fixture_open(&f, "timezone: Europe/London\nmax_lateness: 2h\n");
	struct conf today = f.o.conf;
	today.timezone = "Asia/Tokyo";
	today.max_lateness = 60;
	today.spool_dir = "/srv/new-spool";
	today.suppress_file = "/srv/suppressed.txt";
	today.smtp.url = "smtp://relay.example.net:587";
	today.smtp.connections = 9;
	today.run_deadline = 120;
	struct conf sc;
	struct diags d;
	diags_init(&d);
	assert_int_equal(snapshot_conf(f.dir, &today, &sc, &d), 0);
	assert_string_equal(sc.timezone, "Europe/London");
	assert_int_equal(sc.max_lateness, 7200);
	assert_string_equal(sc.spool_dir, "/srv/new-spool");
	assert_string_equal(sc.suppress_file, "/srv/suppressed.txt");
	assert_string_equal(sc.smtp.url, "smtp://relay.example.net:587");
	assert_int_equal(sc.smtp.connections, 9);
	assert_int_equal(sc.run_deadline, 120);
	conf_free(&sc);
	diags_free(&d);
	fixture_close(&f);
}

/* A replacement cut short leaves "replacing": nothing of it is sent; one
 * made after a reader read the meta is refused to that reader. */
static void test_replacement(void **state)
{
	(void)state;
	struct fixture f;
	fixture_open(&f, NULL);
	struct diags d;
	diags_init(&d);
	assert_int_equal(spool_mark(f.dir, "replacing", NULL), 0);
	assert_int_equal(snapshot_check(f.dir, &f.meta, &d), -1);
	assert_int_equal(diags_status(&d), EX_DATAERR);
	assert_false(snapshot_same_release(f.dir, f.release));
	spool_unmark(f.dir, "replacing");
	diags_free(&d);
	diags_init(&d);
	/* replaced in place with a new instant */
	char *moved =
	    office_file(&f.o, "solar.txt",
	                "---\nid: solar-2030\n---\nMinistry Announces New Solar Programme\n\n"
	                "EMBARGOED UNTIL 11:00 a.m. EDT, Friday, March 15, 2030\n\nText.\n");
	struct job job;
	const char *lists[] = {"desk"};
	office_job(&f.o, moved, lists, 1, NULL, 0, &job);
	struct snapshot m2;
	snapshot_from_job(&m2, &job, "schedule");
	assert_int_equal(snapshot_write(f.dir, &job, &m2, &d), 0);
	assert_false(spool_marked(f.dir, "replacing")); /* gone once schedule.yaml is in place */
	assert_int_equal(snapshot_check(f.dir, &f.meta, &d), -1);
	assert_int_equal(diags_status(&d), EX_TEMPFAIL);
	diags_free(&d);
	diags_init(&d);
	assert_int_equal(snapshot_check(f.dir, &m2, &d), 0);
	struct snapshot back;
	assert_int_equal(snapshot_read(f.dir, &back, &d), 0);
	assert_int_equal(back.release_at, 1899817200);
	assert_int_equal(back.nadvance, 0);
	snapshot_free(&back);
	snapshot_free(&m2);
	job_free(&job);
	free(moved);
	diags_free(&d);
	fixture_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_survives_edits),
	    cmocka_unit_test(test_conf),
	    cmocka_unit_test(test_replacement),
	};
	return cmocka_run_group_tests_name("snapshot", tests, NULL, NULL);
}
