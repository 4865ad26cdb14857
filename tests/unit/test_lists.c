/* lists: loading press lists, reporting every bad entry with its place. */
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
#include "testlib.h"
#include "util.h"

static char *fixtures; /* .../tests/fixtures/lists */
static char *tmp;

static char *fixture(const char *name)
{
	return tl_path(fixtures, name);
}

static int group_setup(void **state)
{
	(void)state;
	fixtures = tl_fixture("lists");
	tmp = tl_tmpdir("lists");
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

static char *write_tmp(const char *name, const char *text)
{
	return tl_write(tmp, name, text);
}

/* A field of r, as a string that stays valid until the next call. */
static const char *field(const struct recipient *r, const char *key)
{
	static struct value *f;
	value_free(f);
	f = recipient_fields(r);
	return value_map_get_string(f, key);
}

static void test_valid_list(void **state)
{
	(void)state;
	struct diags d;
	diags_init(&d);
	struct list *l = list_load("tech-press", fixtures, &d);
	if (d.n)
		diags_print(&d, stderr, "test_lists");
	assert_non_null(l);
	assert_int_equal(d.n, 0);
	char *path = fixture("tech-press.yaml");
	assert_string_equal(l->path, path);
	free(path);
	assert_string_equal(l->name, "tech-press");
	assert_string_equal(l->description, "Technology reporters");
	assert_string_equal(l->from, "Press Office <press@example.org>");
	assert_string_equal(l->reply_to, "press@example.org");
	assert_int_equal(l->n, 5);

	const struct recipient *r = &l->r[0];
	assert_string_equal(r->email, "ana@example.com");
	assert_string_equal(r->name, "Ana Lima");
	assert_ptr_equal(r->list, l);
	assert_int_equal(r->line, 7);
	assert_int_equal(r->col, 5);
	assert_string_equal(field(r, "first_name"), "Ana");
	assert_string_equal(field(r, "outlet"), "Daily Example");
	assert_string_equal(field(r, "beat"), "technology");
	assert_string_equal(field(r, "name"), "Ana Lima");
	struct value *f = recipient_fields(r);
	const struct value *tags = value_map_get(f, "tags");
	assert_non_null(tags);
	assert_int_equal(tags->type, VALUE_LIST);
	assert_int_equal(tags->u.list.n, 2);
	assert_string_equal(tags->u.list.items[1]->u.str.s, "chips");
	/* the keys keep their order, email first */
	assert_int_equal(f->u.map.n, 6);
	assert_string_equal(f->u.map.keys[0], "email");
	assert_string_equal(f->u.map.keys[5], "tags");
	value_free(f);
	/* the list knows every key its entries have */
	assert_int_equal(l->nkeys, 6);
	assert_string_equal(l->keys[0], "email");
	assert_string_equal(l->keys[5], "tags");

	/* fields hold the normalised address */
	r = &l->r[1];
	assert_string_equal(r->email, "Bob@example.net");
	assert_string_equal(field(r, "email"), "Bob@example.net");
	assert_null(r->name);
	assert_int_equal(r->line, 13);
	r = &l->r[2];
	assert_string_equal(r->email, "info@xn--bcher-kva.example");
	assert_string_equal(field(r, "email"), "info@xn--bcher-kva.example");
	assert_string_equal(r->name, "Bücher, Redaktion");
	r = &l->r[3];
	assert_string_equal(r->email, "\"desk,editor\"@example.org");
	assert_null(r->name);
	/* a duplicate inside one list stays: merging is the audience's job */
	assert_string_equal(l->r[4].email, "ana@example.com");
	assert_string_equal(l->r[4].name, "Ana Lima (again)");
	list_free(l);
	diags_free(&d);
}

static void test_by_path_and_file_name(void **state)
{
	(void)state;
	struct diags d;
	diags_init(&d);
	char *path = fixture("no-name.yaml");
	struct list *l = list_load(path, "/nonexistent", &d);
	assert_non_null(l);
	assert_string_equal(l->name, "no-name");
	assert_string_equal(l->description, "the name comes from the file name");
	assert_null(l->from);
	assert_null(l->reply_to);
	assert_int_equal(l->n, 1);
	list_free(l);
	free(path);
	/* a relative path with .yaml is a path, not a name */
	char *cwd = getcwd(NULL, 0);
	assert_int_equal(chdir(fixtures), 0);
	l = list_load("desk-a.yaml", "/nonexistent", &d);
	assert_int_equal(chdir(cwd), 0);
	free(cwd);
	assert_non_null(l);
	assert_string_equal(l->path, "desk-a.yaml");
	assert_string_equal(l->name, "desk-a");
	list_free(l);
	assert_int_equal(d.n, 0);
	diags_free(&d);
}

struct expect {
	int line, col;
	const char *msg;
};

/* Every bad entry is reported, each at the place of the value at fault. */
static void test_invalid_entries(void **state)
{
	(void)state;
	static const struct expect want[] = {
	    {4, 12, "recipient 2: invalid email \"a..b@example.com\": the local part has two dots"},
	    {5, 5, "recipient 3: no email"},
	    {6, 12, "recipient 4: email must be a string, not list"},
	    {7, 5, "recipient 5: expected a map with email:, not a string"},
	    {9, 11, "recipient 6: name contains a line break"},
	    {11, 11, "recipient 7: name must be a string, not map"},
	    {13, 5, "recipient 8: the key \"first name\" cannot be used"},
	    {14, 12,
	     "recipient 9: invalid email \"a?@example.com\": the address contains a "
	     "carriage return"},
	    {15, 12,
	     "recipient 10: invalid email \"josé@example.com\": the local part is not "
	     "ASCII"},
	    {16, 12,
	     "recipient 11: invalid email \"b@-example.com\": a label of the domain starts "
	     "with a hyphen"},
	};
	struct diags d;
	diags_init(&d);
	char *path = fixture("invalid-entries.yaml");
	assert_null(list_load(path, fixtures, &d));
	if (d.n != sizeof want / sizeof want[0])
		diags_print(&d, stderr, "test_lists");
	assert_int_equal(d.n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < d.n; i++) {
		assert_int_equal(d.v[i].level, DIAG_ERROR);
		assert_int_equal(d.v[i].status, EX_DATAERR);
		assert_string_equal(d.v[i].file, path);
		assert_int_equal(d.v[i].line, want[i].line);
		assert_int_equal(d.v[i].col, want[i].col);
		if (!strstr(d.v[i].msg, want[i].msg))
			fail_msg("diag %zu: \"%s\" lacks \"%s\"", i, d.v[i].msg, want[i].msg);
	}
	/* a bare address as an entry gets a hint showing the form */
	assert_non_null(strstr(d.v[3].hint, "- email: ADDRESS"));
	assert_int_equal(diags_status(&d), EX_DATAERR);
	free(path);
	diags_free(&d);
}

static void expect_one_error(const char *spec, const char *dir, int status, int line, int col,
                             const char *msg)
{
	struct diags d;
	diags_init(&d);
	struct list *l = list_load(spec, dir, &d);
	if (l || d.n != 1 || !strstr(d.v[0].msg, msg)) {
		diags_print(&d, stderr, "test_lists");
		fail_msg("%s: want one error \"%s\"", spec, msg);
	}
	assert_int_equal(d.v[0].status, status);
	assert_int_equal(d.v[0].line, line);
	assert_int_equal(d.v[0].col, col);
	diags_free(&d);
}

static void test_file_errors(void **state)
{
	(void)state;
	char *p = fixture("unknown-key.yaml");
	expect_one_error(p, NULL, EX_DATAERR, 2, 1, "unknown key \"descripton\"");
	free(p);
	p = fixture("alias.yaml");
	expect_one_error(p, NULL, EX_DATAERR, 3, 5, "anchors and aliases are not allowed");
	free(p);
	p = fixture("duplicate-key.yaml");
	expect_one_error(p, NULL, EX_DATAERR, 4, 5, "duplicate key \"email\"");
	free(p);

	expect_one_error("missing", fixtures, EX_NOINPUT, 0, 0, "no list named \"missing\"");
	expect_one_error("/nonexistent/x.yaml", NULL, EX_NOINPUT, 0, 0, "no such file");
	expect_one_error("Tech Press", fixtures, EX_DATAERR, 0, 0,
	                 "\"Tech Press\" is not a list name");

	static const struct {
		const char *file, *text;
		int line, col;
		const char *msg;
	} rows[] = {
	    {"empty.yaml", "", 0, 0, "the list file is empty"},
	    {"seq.yaml", "- email: a@example.com\n", 1, 1, "must be a map of keys"},
	    {"str.yaml", "name: s\nrecipients: a@example.com\n", 2, 13,
	     "recipients must be a list, not a string"},
	    {"badname.yaml", "name: Tech Press\nrecipients: []\n", 1, 7,
	     "\"Tech Press\" is not a valid list name"},
	    {"dash.yaml", "name: -tech\nrecipients: []\n", 1, 7, "not a valid list name"},
	    {"Upper.yaml", "recipients: []\n", 0, 0, "the file name gives \"Upper\""},
	    {"desc.yaml", "description: \"a\\nb\"\n", 1, 14, "description contains a line break"},
	    {"from.yaml", "from: Press <press@example>\n", 1, 7, "from: the domain has no dot"},
	    {"rt.yaml", "reply_to: [a@example.org]\n", 1, 11, "reply_to must be a string"},
	    {"bytes.yaml", "name: x\nrecipients:\n  - email: \"a\\0b@example.com\"\n", 3, 12,
	     "NUL"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *path = write_tmp(rows[i].file, rows[i].text);
		expect_one_error(path, NULL, EX_DATAERR, rows[i].line, rows[i].col, rows[i].msg);
		free(path);
	}
}

static void test_empty_recipients(void **state)
{
	(void)state;
	struct diags d;
	diags_init(&d);
	char *path = write_tmp("quiet.yaml", "name: quiet\nrecipients: []\n");
	struct list *l = list_load(path, NULL, &d);
	assert_non_null(l);
	assert_int_equal(l->n, 0);
	list_free(l);
	free(path);
	path = write_tmp("bare.yaml", "name: bare\n");
	l = list_load(path, NULL, &d);
	assert_non_null(l);
	assert_int_equal(l->n, 0);
	list_free(l);
	free(path);
	assert_int_equal(d.n, 0);
	diags_free(&d);
}

static void test_names(void **state)
{
	(void)state;
	static const char *want[] = {"alias",           "desk-a",  "desk-b",     "duplicate-key",
	                             "invalid-entries", "no-name", "tech-press", "unknown-key"};
	size_t n;
	char **names = lists_names(fixtures, &n);
	assert_int_equal(n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(names[i], want[i]);
		free(names[i]);
	}
	assert_null(names[n]);
	free(names);
	/* hidden files, directories named *.yaml and other files are not lists */
	char *dir = xasprintf("%s/names", tmp);
	assert_int_equal(mkdir(dir, 0755), 0);
	char *p = write_tmp("names/b.yaml", "");
	free(p);
	p = write_tmp("names/a.yaml", "");
	free(p);
	p = write_tmp("names/.hidden.yaml", "");
	free(p);
	p = write_tmp("names/notes.txt", "");
	free(p);
	p = write_tmp("names/.yaml", "");
	free(p);
	p = xasprintf("%s/dir.yaml", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	names = lists_names(dir, &n);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "a");
	assert_string_equal(names[1], "b");
	free(names[0]);
	free(names[1]);
	free(names);
	free(dir);
	names = lists_names("/nonexistent", &n);
	assert_int_equal(n, 0);
	assert_null(names[0]);
	free(names);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid_list),       cmocka_unit_test(test_by_path_and_file_name),
	    cmocka_unit_test(test_invalid_entries),  cmocka_unit_test(test_file_errors),
	    cmocka_unit_test(test_empty_recipients), cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests_name("lists", tests, group_setup, group_teardown);
}
