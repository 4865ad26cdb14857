/* recipients: merging the lists of a send and removing suppressed addresses. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>
#include <cmocka.h>

#include "lists.h"
#include "recipients.h"
#include "testlib.h"
#include "util.h"

static char *fixtures; /* .../tests/fixtures/lists */
static char *tmp;

static int group_setup(void **state)
{
	(void)state;
	fixtures = tl_fixture("lists");
	tmp = tl_tmpdir("recipients");
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	int r = tl_rmtree(tmp);
	free(tmp);
	free(fixtures);
	return r;
}

/* tmp/name, written with text unless text is NULL. */
static char *tmp_file(const char *name, const char *text)
{
	return text ? tl_write(tmp, name, text) : tl_path(tmp, name);
}

static struct list *load(const char *name)
{
	struct diags d;
	diags_init(&d);
	struct list *l = list_load(name, fixtures, &d);
	if (!l)
		diags_print(&d, stderr, "test_recipients");
	assert_non_null(l);
	diags_free(&d);
	return l;
}

static void expect_emails(const struct recipient *const *v, size_t n, const char *const *want,
                          size_t nwant)
{
	for (size_t i = 0; i < n && i < nwant; i++)
		if (strcmp(v[i]->email, want[i]) != 0)
			fail_msg("entry %zu: %s, want %s", i, v[i]->email, want[i]);
	assert_int_equal(n, nwant);
}

static void test_merge_and_suppress(void **state)
{
	(void)state;
	struct list *lists[2] = {load("desk-a"), load("desk-b")};
	char *supp = xasprintf("%s/suppressed.txt", fixtures);
	struct audience a;
	struct diags d;
	diags_init(&d);
	assert_int_equal(audience_build(lists, 2, supp, &a, &d), 0);
	/* Bob's two entries are two recipients, and a warning says why that
	 * is probably one journalist twice, at the second entry */
	assert_int_equal(d.n, 1);
	assert_int_equal(diags_errors(&d), 0);
	assert_int_equal(d.v[0].line, 8);
	assert_int_equal(d.v[0].col, 5);
	assert_non_null(strstr(d.v[0].file, "desk-b.yaml"));
	assert_non_null(strstr(d.v[0].msg, "Bob@example.net differs from bob@example.net ("));
	assert_non_null(strstr(d.v[0].msg, "desk-a.yaml:5) only in case"));
	diags_free(&d);
	diags_init(&d);
	static const char *const to[] = {"ana@example.com", "bob@example.net", "dan@example.com",
	                                 "Bob@example.net", "eve@example.org"};
	static const char *const out[] = {"carla@example.org", "frank@example.com"};
	expect_emails(a.to, a.n, to, 5);
	expect_emails(a.suppressed, a.nsuppressed, out, 2);
	assert_int_equal(a.merged, 2); /* ana@EXAMPLE.COM of desk-b, eve's second entry */
	/* the first list's entry wins, and entries point into their lists */
	assert_string_equal(a.to[0]->name, "Ana from A");
	assert_ptr_equal(a.to[0]->list, lists[0]);
	assert_ptr_equal(a.to[3]->list, lists[1]);
	assert_ptr_equal(a.suppressed[1]->list, lists[1]);
	audience_free(&a);

	/* the other order: desk-b's Ana wins */
	struct list *rev[2] = {lists[1], lists[0]};
	assert_int_equal(audience_build(rev, 2, supp, &a, &d), 0);
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.v[0].msg, "bob@example.net differs from Bob@example.net ("));
	static const char *const to_rev[] = {"ana@example.com", "Bob@example.net",
	                                     "eve@example.org", "bob@example.net",
	                                     "dan@example.com"};
	expect_emails(a.to, a.n, to_rev, 5);
	assert_string_equal(a.to[0]->name, "Ana from B");
	assert_int_equal(a.nsuppressed, 2);
	assert_int_equal(a.merged, 2);
	audience_free(&a);
	free(supp);
	list_free(lists[0]);
	list_free(lists[1]);
	diags_free(&d);
}

/* An address someone asked to leave is never sent to, however a list
 * writes its case: the suppression file compares the local part without
 * case too. */
static void test_suppress_any_case(void **state)
{
	(void)state;
	struct list *lists[1] = {load("desk-a")};
	char *supp = tmp_file("any-case.txt", "ANA@Example.com\nBob@example.net\n");
	struct audience a;
	struct diags d;
	diags_init(&d);
	assert_int_equal(audience_build(lists, 1, supp, &a, &d), 0);
	assert_int_equal(d.n, 0);
	static const char *const to[] = {"carla@example.org", "dan@example.com"};
	static const char *const out[] = {"ana@example.com", "bob@example.net"};
	expect_emails(a.to, a.n, to, 2);
	expect_emails(a.suppressed, a.nsuppressed, out, 2);
	audience_free(&a);
	/* adding another spelling of an address already there adds nothing */
	assert_int_equal(suppress_add(supp, "ana@EXAMPLE.COM", &d), 1);
	char *text = tl_read(supp, NULL);
	assert_string_equal(text, "ANA@Example.com\nBob@example.net\n");
	free(text);
	free(supp);
	list_free(lists[0]);
	diags_free(&d);
}

/* Each spelling of an address that differs in the local part's case is a
 * recipient of its own, with a warning; each again is merged. */
static void test_case_variants(void **state)
{
	(void)state;
	char *path = tmp_file("variants.yaml", "name: variants\nrecipients:\n"
	                                       "  - email: Bob@example.net\n"
	                                       "  - email: bob@example.net\n"
	                                       "  - email: BOB@Example.NET\n"
	                                       "  - email: bob@EXAMPLE.net\n"
	                                       "  - email: Bob@example.net\n");
	struct diags d;
	diags_init(&d);
	struct list *l = list_load("variants", tmp, &d);
	assert_non_null(l);
	struct audience a;
	assert_int_equal(audience_build(&l, 1, NULL, &a, &d), 0);
	static const char *const to[] = {"Bob@example.net", "bob@example.net", "BOB@example.net"};
	expect_emails(a.to, a.n, to, 3);
	assert_int_equal(a.merged, 2);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.v[0].line, 4);
	assert_int_equal(d.v[1].line, 5);
	assert_non_null(strstr(d.v[1].msg, "BOB@example.net differs from Bob@example.net ("));
	assert_non_null(strstr(d.v[1].msg, "variants.yaml:3) only in case"));
	audience_free(&a);
	list_free(l);
	diags_free(&d);
	free(path);
}

static void test_no_suppression_file(void **state)
{
	(void)state;
	struct list *l = load("tech-press");
	struct audience a;
	struct diags d;
	diags_init(&d);
	char *none = tmp_file("none.txt", NULL);
	assert_int_equal(audience_build(&l, 1, none, &a, &d), 0);
	assert_int_equal(a.n, 4); /* ana appears twice in tech-press */
	assert_int_equal(a.merged, 1);
	assert_int_equal(a.nsuppressed, 0);
	assert_string_equal(a.to[0]->name, "Ana Lima");
	audience_free(&a);
	assert_int_equal(audience_build(&l, 1, NULL, &a, &d), 0);
	assert_int_equal(a.n, 4);
	audience_free(&a);
	assert_int_equal(audience_build(NULL, 0, none, &a, &d), 0);
	assert_int_equal(a.n, 0);
	assert_int_equal(a.merged, 0);
	audience_free(&a);
	assert_int_equal(d.n, 0);
	list_free(l);
	free(none);
	diags_free(&d);
}

static void test_invalid_suppression_file(void **state)
{
	(void)state;
	struct list *l = load("desk-a");
	char *bad = tmp_file("bad.txt", "ana@example.com\n# fine\nnot an address\n\r\n"
	                                "b..c@example.com\r\n");
	struct audience a;
	struct diags d;
	diags_init(&d);
	assert_int_equal(audience_build(&l, 1, bad, &a, &d), -1);
	assert_int_equal(d.n, 2);
	assert_int_equal(diags_status(&d), EX_DATAERR);
	assert_string_equal(d.v[0].file, bad);
	assert_int_equal(d.v[0].line, 3);
	assert_non_null(strstr(d.v[0].msg, "invalid address in the suppression file"));
	assert_int_equal(d.v[1].line, 5);
	assert_non_null(strstr(d.v[1].msg, "two dots"));
	assert_null(a.to);
	assert_int_equal(a.n, 0);
	diags_free(&d);
	/* a directory is not a suppression file */
	assert_int_equal(audience_build(&l, 1, tmp, &a, &d), -1);
	assert_int_equal(diags_status(&d), EX_DATAERR);
	diags_free(&d);
	list_free(l);
	free(bad);
}

static void test_suppress_add(void **state)
{
	(void)state;
	struct diags d;
	diags_init(&d);
	char *f = tmp_file("add.txt", NULL);
	assert_int_equal(suppress_add(f, "Ana@EXAMPLE.com", &d), 0);
	char *text = tl_read(f, NULL);
	assert_string_equal(text, "Ana@example.com\n");
	free(text);
	struct stat st;
	assert_int_equal(stat(f, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(suppress_add(f, "Ana@example.COM", &d), 1);
	assert_int_equal(suppress_add(f, "Ana@example.com", &d), 1);
	/* suppressed whatever the case of its local part: already there */
	assert_int_equal(suppress_add(f, "ana@example.com", &d), 1);
	assert_int_equal(suppress_add(f, "info@bücher.example", &d), 0);
	assert_int_equal(suppress_add(f, "info@xn--bcher-kva.example", &d), 1);
	text = tl_read(f, NULL);
	assert_string_equal(text, "Ana@example.com\ninfo@xn--bcher-kva.example\n");
	free(text);
	assert_int_equal(d.n, 0);
	free(f);

	/* a last line without its newline is completed first */
	f = tmp_file("nonl.txt", "# list\nbob@example.org");
	assert_int_equal(suppress_add(f, "bob@example.org", &d), 1);
	assert_int_equal(suppress_add(f, "eve@example.org", &d), 0);
	text = tl_read(f, NULL);
	assert_string_equal(text, "# list\nbob@example.org\neve@example.org\n");
	free(text);
	free(f);

	/* errors: a bad address, a file in a missing directory, a bad file */
	f = tmp_file("x.txt", NULL);
	assert_int_equal(suppress_add(f, "a@b@example.org", &d), -1);
	assert_int_equal(diags_status(&d), EX_DATAERR);
	assert_int_equal(access(f, F_OK), -1);
	diags_free(&d);
	free(f);
	f = tmp_file("missing/x.txt", NULL);
	assert_int_equal(suppress_add(f, "a@example.org", &d), -1);
	assert_int_equal(diags_status(&d), EX_CANTCREAT);
	diags_free(&d);
	free(f);
	f = tmp_file("broken.txt", "nonsense\n");
	assert_int_equal(suppress_add(f, "a@example.org", &d), -1);
	assert_int_equal(d.v[0].line, 1);
	text = tl_read(f, NULL);
	assert_string_equal(text, "nonsense\n");
	free(text);
	diags_free(&d);
	free(f);
	assert_int_equal(suppress_add(NULL, "a@example.org", &d), -1);
	diags_free(&d);
}

/* Two lists of 100,000 each, half of the second the first's addresses with
 * the domain in capitals, and 1,000 suppressed: counts exact, time linear. */
static struct list *big_list(const char *name, size_t n, size_t offset, bool upper)
{
	struct list *l = xcalloc(1, sizeof *l);
	l->name = xstrdup(name);
	l->r = xcalloc(n, sizeof *l->r);
	for (size_t i = 0; i < n; i++) {
		l->r[i].email =
		    xasprintf("user%zu@%s", i + offset, upper ? "EXAMPLE.com" : "example.com");
		l->r[i].list = l;
	}
	l->n = n;
	return l;
}

/* big_list's addresses are its own (a loaded list keeps them in its storage) */
static void big_list_free(struct list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->r[i].email);
	list_free(l);
}

static void test_large_lists(void **state)
{
	(void)state;
	enum { N = 100000 };
	struct list *lists[2] = {big_list("one", N, 0, false), big_list("two", N, N / 2, true)};
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t i = 0; i < 1000; i++)
		strbuf_addf(&sb, "user%zu@example.com\n", i * 97);
	char *supp = tmp_file("big.txt", sb.buf);
	strbuf_release(&sb);
	struct audience a;
	struct diags d;
	diags_init(&d);
	assert_int_equal(audience_build(lists, 2, supp, &a, &d), 0);
	/* user0 .. user149999, of which user0, user97, ... user96903 are suppressed */
	assert_int_equal(a.merged, N / 2);
	assert_int_equal(a.nsuppressed, 1000);
	assert_int_equal(a.n, N + N / 2 - 1000);
	assert_string_equal(a.to[0]->email, "user1@example.com");
	assert_string_equal(a.to[a.n - 1]->email, "user149999@EXAMPLE.com");
	assert_string_equal(a.suppressed[999]->email, "user96903@example.com");
	audience_free(&a);
	big_list_free(lists[0]);
	big_list_free(lists[1]);
	free(supp);
	diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_merge_and_suppress),
	    cmocka_unit_test(test_suppress_any_case),
	    cmocka_unit_test(test_case_variants),
	    cmocka_unit_test(test_no_suppression_file),
	    cmocka_unit_test(test_invalid_suppression_file),
	    cmocka_unit_test(test_suppress_add),
	    cmocka_unit_test(test_large_lists),
	};
	return cmocka_run_group_tests_name("recipients", tests, group_setup, group_teardown);
}
