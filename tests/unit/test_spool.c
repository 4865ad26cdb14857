/* spool: the directory, the markers a release's state is read from without
 * its journal, the complete snapshots it lists, and the locks: taken without
 * waiting, refused while held, dropped with the descriptor, and the wait of
 * a person's command counted in tries, never in seconds. */
#include "config.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include <cmocka.h>

#include "spool.h"
#include "testlib.h"
#include "util.h"

static void test_open(void **state)
{
	(void)state;
	char *tmp = tl_tmpdir("spool");
	char *dir = tl_path(tmp, "a/b/spool");
	struct spool s;
	struct diags d;
	diags_init(&d);
	assert_int_equal(spool_open(&s, dir, &d), 0);
	struct stat st;
	char *rel = tl_path(dir, "releases");
	assert_int_equal(stat(rel, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700); /* nobody else reads what is promised */
	char *rdir = spool_release_dir(&s, "2030-03-15-x");
	char *want = tl_path(rel, "2030-03-15-x");
	assert_string_equal(rdir, want);
	assert_int_equal(spool_release_mkdir(&s, "2030-03-15-x", &d), 0);
	assert_int_equal(stat(rdir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	spool_close(&s);
	/* a spool that cannot be made is an error naming it */
	char *blocker = tl_write(tmp, "file", "not a directory\n");
	char *under = tl_path(blocker, "spool");
	assert_int_equal(spool_open(&s, under, &d), -1);
	assert_int_equal(diags_status(&d), EX_CANTCREAT);
	assert_string_equal(d.v[0].file, under);
	spool_close(&s);
	diags_free(&d);
	free(under);
	free(blocker);
	free(want);
	free(rdir);
	free(rel);
	free(dir);
	tl_rmtree(tmp);
	free(tmp);
}

static void test_markers(void **state)
{
	(void)state;
	char *dir = tl_tmpdir("spool-markers");
	assert_false(spool_marked(dir, "started"));
	assert_false(spool_release_started(dir));
	assert_int_equal(spool_marker_number(dir, "next"), 0);
	assert_int_equal(spool_mark(dir, "next", "1900000000"), 0);
	assert_true(spool_marked(dir, "next"));
	assert_int_equal(spool_marker_number(dir, "next"), 1900000000LL);
	char *path = tl_path(dir, "next");
	char *text = tl_read(path, NULL);
	assert_string_equal(text, "1900000000\n"); /* a file a person can read */
	free(text);
	free(path);
	spool_unmark(dir, "next");
	assert_false(spool_marked(dir, "next"));
	assert_int_equal(spool_marker_number(dir, "next"), 0);
	/* each part marks itself started before its first message */
	static const char *const starts[] = {"started", "advance-started", "advance-done"};
	for (size_t i = 0; i < 3; i++) {
		assert_false(spool_release_started(dir));
		assert_int_equal(spool_mark(dir, starts[i], NULL), 0);
		assert_true(spool_release_started(dir));
		spool_unmark(dir, starts[i]);
	}
	assert_int_equal(spool_mark(dir, "finished", NULL), 0);
	assert_false(spool_release_started(dir)); /* finished alone says nothing of it */
	tl_rmtree(dir);
	free(dir);
}

/* Only complete snapshots (schedule.yaml written last) are releases; a
 * snapshot still being written under a dot name is not. */
static void test_release_ids(void **state)
{
	(void)state;
	char *tmp = tl_tmpdir("spool-ids");
	struct spool s;
	struct diags d;
	diags_init(&d);
	assert_int_equal(spool_open(&s, tmp, &d), 0);
	free(tl_write(tmp, "releases/b-second/schedule.yaml", "id: b-second\n"));
	free(tl_write(tmp, "releases/a-first/schedule.yaml", "id: a-first\n"));
	free(tl_write(tmp, "releases/c-partial/journal", ""));
	free(tl_write(tmp, "releases/.d-being-written/schedule.yaml", "id: d\n"));
	size_t n;
	char **ids = spool_release_ids(&s, &n);
	assert_int_equal(n, 2);
	assert_string_equal(ids[0], "a-first");
	assert_string_equal(ids[1], "b-second");
	assert_null(ids[2]);
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	spool_close(&s);
	diags_free(&d);
	tl_rmtree(tmp);
	free(tmp);
}

static void test_lock(void **state)
{
	(void)state;
	char *dir = tl_tmpdir("spool-lock");
	char *path = tl_path(dir, "lock");
	struct diags d;
	diags_init(&d);
	assert_false(spool_busy(dir));
	int fd = spool_lock(path, &d);
	assert_true(fd >= 0);
	/* flock belongs to the open file: a second open, even in this process,
	 * is another holder and is refused at once */
	assert_int_equal(spool_lock(path, &d), -2);
	assert_true(spool_busy(dir));
	assert_int_equal(d.n, 0);
	spool_unlock(fd);
	assert_false(spool_busy(dir));
	fd = spool_lock(path, &d);
	assert_true(fd >= 0);
	/* the descriptor is not inherited by what embargo runs */
	assert_true((fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
	spool_unlock(fd);
	/* a lock file that cannot be opened is an error, not "busy" */
	char *nowhere = tl_path(dir, "missing/lock");
	assert_int_equal(spool_lock(nowhere, &d), -1);
	assert_int_equal(diags_status(&d), EX_CANTCREAT);
	free(nowhere);
	diags_free(&d);
	free(path);
	tl_rmtree(dir);
	free(dir);
}

struct waiter {
	int tries;   /* give_up calls so far */
	int stop_at; /* give up at this call (0: never) */
	int free_at; /* let the holder go at this call (0: never) */
	int *holder; /* the holder's descriptor */
};

static bool give_up(void *arg)
{
	struct waiter *w = arg;
	w->tries++;
	if (w->free_at && w->tries == w->free_at) {
		spool_unlock(*w->holder);
		*w->holder = -1;
	}
	return w->stop_at && w->tries >= w->stop_at;
}

/* The wait of schedule --replace and cancel: it asks give_up between tries
 * and stops as soon as it says so (the holder has started to send); it
 * takes the lock as soon as the holder lets go. */
static void test_lock_wait(void **state)
{
	(void)state;
	char *dir = tl_tmpdir("spool-wait");
	char *path = tl_path(dir, "lock");
	struct diags d;
	diags_init(&d);
	int holder = spool_lock(path, &d);
	assert_true(holder >= 0);
	struct waiter w = {.stop_at = 3, .holder = &holder};
	assert_int_equal(spool_lock_wait(path, 60000, give_up, &w, &d), -2);
	assert_int_equal(w.tries, 3); /* stopped at the third look, not at the time limit */
	w = (struct waiter){.free_at = 2, .holder = &holder};
	int fd = spool_lock_wait(path, 60000, give_up, &w, &d);
	assert_true(fd >= 0);
	assert_int_equal(w.tries, 2); /* the next try after the holder let go */
	assert_int_equal(holder, -1);
	spool_unlock(fd);
	/* free: taken at the first try, give_up never asked */
	w = (struct waiter){.stop_at = 1, .holder = &holder};
	fd = spool_lock_wait(path, 60000, give_up, &w, &d);
	assert_true(fd >= 0);
	assert_int_equal(w.tries, 0);
	/* a limit of 0 ms: one try, then the answer */
	int other = spool_lock_wait(path, 0, NULL, NULL, &d);
	assert_int_equal(other, -2);
	spool_unlock(fd);
	assert_int_equal(d.n, 0);
	diags_free(&d);
	free(path);
	tl_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_open),        cmocka_unit_test(test_markers),
	    cmocka_unit_test(test_release_ids), cmocka_unit_test(test_lock),
	    cmocka_unit_test(test_lock_wait),
	};
	return cmocka_run_group_tests_name("spool", tests, NULL, NULL);
}
