/*
 * testlib: what the C unit tests share — a temporary directory per test
 * program, files written and read in it, the fixtures of tests/fixtures, a
 * release parsed from a string, and diagnostics turned into test failures.
 * Every helper fails the running cmocka test (fail_msg) rather than
 * returning an error: a test reads as the steps it takes.
 *
 * Include after cmocka.h.  Paths returned are malloc'd; free them.
 */
#ifndef EMBARGO_TESTLIB_H
#define EMBARGO_TESTLIB_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "diag.h"
#include "release.h"

/* A new directory /tmp/embargo-NAME-XXXXXX ($TMPDIR when set). */
char *tl_tmpdir(const char *name);

/* Remove a tree (symbolic links removed, never followed); NULL is fine.
 * Returns 0 or -1. */
int tl_rmtree(const char *path);

/* dir/rel. */
char *tl_path(const char *dir, const char *rel);

/* Write text (tl_write) or len bytes (tl_write_bytes) to dir/rel, creating
 * the directories on the way; the file's mode is 0644 (tl_write_mode: mode).
 * Returns the path. */
char *tl_write(const char *dir, const char *rel, const char *text);
char *tl_write_mode(const char *dir, const char *rel, const char *text, mode_t mode);
char *tl_write_bytes(const char *dir, const char *rel, const void *data, size_t len);

/* A new file /tmp/embargo-NAME-XXXXXX ($TMPDIR when set) holding len
 * bytes of data; the caller unlinks it. */
char *tl_temp_file(const char *name, const void *data, size_t len);

/* mkdir -p dir/rel; returns the path. */
char *tl_mkdir(const char *dir, const char *rel);

/* The whole file, NUL-terminated (*len without the NUL, len may be NULL). */
char *tl_read(const char *path, size_t *len);

/* A file in the source tree: $srcdir/REL under make check, else relative to
 * this file's place in the tree (a test run by hand from the build tree). */
char *tl_srcpath(const char *rel);
/* tests/fixtures/REL in the source tree. */
char *tl_fixture(const char *rel);

/* Parse text as the release file release.txt of a temporary directory of
 * its own (removed again); o may be NULL.  rel is always initialised:
 * release_free it. */
void tl_parse_release(const char *text, size_t len, const struct release_opts *o,
                      struct release *rel);

/* The first diagnostic at that level, or NULL; tl_first_error: the message
 * of the first error, or NULL. */
const struct diag *tl_first(const struct diags *d, enum diag_level level);
const char *tl_first_error(const struct diags *d);

/* Fail the test, printing every diagnostic in d, when d holds an error. */
void tl_no_errors(const struct diags *d, const char *what);

/* How many lines of text contain needle. */
size_t tl_count_lines(const char *text, const char *needle);

#endif
