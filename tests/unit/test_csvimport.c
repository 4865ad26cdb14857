/* csvimport: spreadsheet CSV exports into press lists. */
#include "config.h"

#include <dirent.h>
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

#include "csvimport.h"
#include "lists.h"
#include "testlib.h"
#include "util.h"
#include "yamlload.h"

static char *tmp;

static int group_setup(void **state)
{
	(void)state;
	tmp = tl_tmpdir("csvimport");
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	int r = tl_rmtree(tmp);
	free(tmp);
	return r;
}

/* "key=value|key=value" per entry, one entry a line; CR and LF inside a
 * value are written \r and \n so that expectations stay on one line. */
static char *dump_entries(const struct value *l)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t i = 0; i < l->u.list.n; i++) {
		const struct value *e = l->u.list.items[i];
		for (size_t k = 0; k < e->u.map.n; k++) {
			strbuf_addf(&sb, "%s%s=", k ? "|" : "", e->u.map.keys[k]);
			assert_int_equal(e->u.map.vals[k]->type, VALUE_STRING);
			for (const char *s = e->u.map.vals[k]->u.str.s; *s; s++)
				if (*s == '\r')
					strbuf_adds(&sb, "\\r");
				else if (*s == '\n')
					strbuf_adds(&sb, "\\n");
				else
					strbuf_addch(&sb, *s);
		}
		strbuf_addch(&sb, '\n');
	}
	return strbuf_detach(&sb, NULL);
}

/* "LINE: reason" per note, one a line. */
static char *dump_notes(const struct csvimport_note *v, size_t n)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%d: %s\n", v[i].line, v[i].reason);
	return strbuf_detach(&sb, NULL);
}

struct case_ {
	const char *name;
	const char *csv;
	const char *entries; /* dump_entries of the result */
	const char *skipped; /* dump_notes of the skipped rows */
	const char *changed;
	size_t blank;
};

#define BAD_ADDR(line, shown) line ": invalid email \"" shown "\": "

static const struct case_ cases[] = {
    {"plain", "email,name\na@example.com,Ana\n", "email=a@example.com|name=Ana\n", "", "", 0},
    {"quoted commas", "email,name,outlet\na@example.com,\"Lima, Ana\",\"Times, The\"\n",
     "email=a@example.com|name=Lima, Ana|outlet=Times, The\n", "", "", 0},
    {"doubled quotes", "email,name\na@example.com,\"Ana \"\"The Pen\"\" Lima\"\n",
     "email=a@example.com|name=Ana \"The Pen\" Lima\n", "", "", 0},
    {"CRLF and LF inside quoted fields",
     "email,notes\r\na@example.com,\"one\r\ntwo\"\r\nb@example.com,\"three\nfour\"\r\n",
     "email=a@example.com|notes=one\\r\\ntwo\nemail=b@example.com|notes=three\\nfour\n", "", "", 0},
    {"CRLF line ends", "email,name\r\na@example.com,Ana\r\nb@example.com,Bo\r\n",
     "email=a@example.com|name=Ana\nemail=b@example.com|name=Bo\n", "", "", 0},
    {"no final newline", "email,name\na@example.com,Ana\nb@example.com,\"Bo\"",
     "email=a@example.com|name=Ana\nemail=b@example.com|name=Bo\n", "", "", 0},
    {"BOM",
     "\xEF\xBB\xBF"
     "email,name\na@example.com,Ana\n",
     "email=a@example.com|name=Ana\n", "", "", 0},
    {"header case and spaces",
     "\xEF\xBB\xBF"
     "E-Mail Address,First Name,\" OUTLET \",Email\nz@example.com,Zoë,Le Monde,a@example.com\n",
     "email=a@example.com|e-mail_address=z@example.com|first_name=Zoë|outlet=Le Monde\n", "", "",
     0},
    {"email column last, kept first", "Name,EMAIL\nAna,a@example.com\n",
     "email=a@example.com|name=Ana\n", "", "", 0},
    {"too many and too few fields",
     "email,name\na@example.com,Ana,extra\nb@example.com\nc@example.com,Cy\n",
     "email=c@example.com|name=Cy\n",
     "2: 3 fields where the header has 2\n3: 1 fields where the header has 2\n", "", 0},
    {"bad address after a record of three lines",
     "email,notes\na@example.com,\"l1\nl2\nl3\"\nbad@@example.com,x\nc@example.com,\"\r\n\"\n"
     "d@,y\n",
     "email=a@example.com|notes=l1\\nl2\\nl3\nemail=c@example.com|notes=\\r\\n\n",
     BAD_ADDR("5", "bad@@example.com") "\n" BAD_ADDR("8", "d@") "\n", "", 0},
    {"duplicates: the domain's case does not matter, the local part's does",
     "email,name\na@Example.COM,One\na@example.com,Two\nA@example.com,Three\n"
     " a@EXAMPLE.com ,Four\n",
     "email=a@Example.COM|name=One\nemail=A@example.com|name=Three\n",
     "3: \"a@example.com\" is a duplicate of line 2\n"
     "5: \"a@EXAMPLE.com\" is a duplicate of line 2\n",
     "", 0},
    {"a skipped row does not make a later one a duplicate",
     "email,name\na@example.com,\"x\x01y\"\na@example.com,Ana\n", "email=a@example.com|name=Ana\n",
     "2: the name contains a control character\n", "", 0},
    {"empty email", "email,name\n,Ana\n\"  \",Bo\nc@example.com,Cy\n",
     "email=c@example.com|name=Cy\n", "2: no email\n3: no email\n", "", 0},
    {"spaces around the email", "email,name\n  a@example.com  ,Ana\n\" b@example.com\t\",Bo\n",
     "email=a@example.com|name=Ana\nemail=b@example.com|name=Bo\n", "", "", 0},
    {"blank rows and lines are ignored",
     "email,name\n\n,\na@example.com,Ana\n   \n\"\",\"\"\r\nb@example.com,Bo\n",
     "email=a@example.com|name=Ana\nemail=b@example.com|name=Bo\n", "", "", 2},
    {"a line break in a name becomes a space",
     "email,name\na@example.com,\"Ana\r\n  Lima\"\nb@example.com,\"Bo\tBa\"\n"
     "c@example.com,\"Cy\n\"\n",
     "email=a@example.com|name=Ana Lima\nemail=b@example.com|name=Bo Ba\n"
     "email=c@example.com|name=Cy\n",
     "",
     "2: the line break in the name \"Ana Lima\" became a space\n"
     "4: the line break in the name \"Bo Ba\" became a space\n"
     "5: the line break in the name \"Cy\" became a space\n",
     0},
    {"lone CR line ends", "email,name\ra@example.com,Ana\rx,y\r", "email=a@example.com|name=Ana\n",
     BAD_ADDR("3", "x") "\n", "", 0},
    {"values kept as written", "email,Zip,Active,Note\na@example.com,0123,no,null\n",
     "email=a@example.com|zip=0123|active=no|note=null\n", "", "", 0},
    {"header only", "email,name\r\n", "", "", "", 0},
    {"IDN domain kept as written", "email\ninfo@bücher.example\n", "email=info@bücher.example\n",
     "", "", 0},
    /* The separator is the header row's: ';' from spreadsheets in languages
     * with decimal commas, or tab; a comma inside a field stays text. */
    {"semicolons", "\"Email\";Name;Outlet\r\na@example.com;\"Lima, Ana\";Times, The\r\n",
     "email=a@example.com|name=Lima, Ana|outlet=Times, The\n", "", "", 0},
    {"tabs, spaces inside fields kept", "email\tname\na@example.com\tAna  Lima\n",
     "email=a@example.com|name=Ana  Lima\n", "", "", 0},
    {"commas win over semicolons in text", "email,name,note\na@example.com,Ana,a;b;c;d\n",
     "email=a@example.com|name=Ana|note=a;b;c;d\n", "", "", 0},
    {"semicolons: a row with commas has too few fields",
     "email;name\na@example.com,Ana\nb@example.com;Bo\n", "email=b@example.com|name=Bo\n",
     "2: 1 fields where the header has 2\n", "", 0},
};

/* Skip reasons for bad addresses end with address_parse's reason: compare
 * only up to it. */
static void assert_notes(const char *got, const char *want)
{
	if (strstr(want, "invalid email")) {
		const char *w = want, *g = got;
		while (*w) {
			const char *wl = strchr(w, '\n');
			const char *gl = strchr(g, '\n');
			assert_non_null(gl);
			if (strncmp(g, w, (size_t)(wl - w)) != 0)
				fail_msg("got \"%.*s\", want a line starting \"%.*s\"",
				         (int)(gl - g), g, (int)(wl - w), w);
			w = wl + 1;
			g = gl + 1;
		}
		assert_string_equal(g, "");
		return;
	}
	assert_string_equal(got, want);
}

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct case_ *c = &cases[i];
		struct diags d;
		diags_init(&d);
		struct csvimport ci;
		csvimport_init(&ci);
		int r = csvimport_parse(c->csv, strlen(c->csv), "t.csv", &ci, &d);
		if (r != 0) {
			diags_print(&d, stderr, c->name);
			fail_msg("case \"%s\" failed", c->name);
		}
		assert_int_equal(d.n, 0);
		char *e = dump_entries(ci.entries), *s = dump_notes(ci.skipped, ci.nskipped);
		char *ch = dump_notes(ci.changed, ci.nchanged);
		if (strcmp(e, c->entries) != 0)
			fail_msg("case \"%s\": entries\n%s\nwant\n%s", c->name, e, c->entries);
		assert_notes(s, c->skipped);
		assert_string_equal(ch, c->changed);
		assert_int_equal(ci.blank, c->blank);
		free(e);
		free(s);
		free(ch);
		csvimport_free(&ci);
		diags_free(&d);
	}
}

struct bad_case {
	const char *name;
	const char *csv;
	size_t len; /* 0: strlen */
	int line, col;
	const char *msg;
};

static const struct bad_case bad_cases[] = {
    {"empty file", "", 0, 0, 0, "the file is empty"},
    {"BOM and blank lines only", "\xEF\xBB\xBF\r\n\n  \n", 0, 0, 0, "the file is empty"},
    {"no email column", "name,outlet\nAna,Example\n", 0, 1, 0, "the header has no email column"},
    {"no email column after blank lines", "\n\nname,e-mail\n", 0, 3, 0,
     "the header has no email column"},
    {"a column that cannot be a key", "email,Phone (work)\n", 0, 1, 0,
     "column 2 of the header: \"Phone (work)\" cannot be a key"},
    {"a non-ASCII column name", "email,Prénom\n", 0, 1, 0,
     "column 2 of the header: \"Prénom\" cannot be a key"},
    {"an empty column name", "email,,name\n", 0, 1, 0, "column 2 of the header: no name"},
    {"a repeated column", "Email,Name,First name,first_name\n", 0, 1, 0,
     "column 4 of the header: \"first_name\" repeats a column"},
    {"not UTF-8", "email,name\na@example.com,Caf\xE9\n", 0, 2, 18,
     "not UTF-8: byte 0xE9 at offset 28"},
    {"a NUL byte", "email,name\na@example.com,A\0na\n", 30, 2, 16, "NUL byte (0x00) at offset 26"},
    {"a quote inside an unquoted field", "email,name\n\"a\nb\",x\na@example.com,Ana \"A\"\n", 0, 4,
     19, "not CSV"},
    {"a quoted field that never ends", "email,name\na@example.com,\"Ana\nLima\n", 0, 2, 0,
     "a quoted field that starts here never ends"},
};

static void test_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *c = &bad_cases[i];
		struct diags d;
		diags_init(&d);
		struct csvimport ci;
		csvimport_init(&ci);
		size_t len = c->len ? c->len : strlen(c->csv);
		if (csvimport_parse(c->csv, len, "t.csv", &ci, &d) == 0)
			fail_msg("case \"%s\" was accepted", c->name);
		if (d.n != 1 || !strstr(d.v[0].msg, c->msg) || d.v[0].line != c->line ||
		    d.v[0].col != c->col) {
			diags_print(&d, stderr, "test_csvimport");
			fail_msg("case \"%s\": want %d:%d %s", c->name, c->line, c->col, c->msg);
		}
		assert_int_equal(d.v[0].status, EX_DATAERR);
		assert_string_equal(d.v[0].file, "t.csv");
		csvimport_free(&ci);
		diags_free(&d);
	}
}

/* Every value, however a YAML reader might type or misparse it plain,
 * reads back as the same string. */
static void test_yaml_round_trip(void **state)
{
	(void)state;
	static const char *const tricky[] = {"no",         "No",
	                                     "NULL",       "null",
	                                     "~",          "",
	                                     "yes",        "off",
	                                     "y",          "n",
	                                     "True",       "0123",
	                                     "1e3",        "-1",
	                                     "+1",         ".5",
	                                     ".inf",       "0x1F",
	                                     "2024-01-01", "12:30",
	                                     "-dash",      "- dash",
	                                     "a: b",       "a:b",
	                                     "#x",         "x #y",
	                                     "'q'",        "\"dq\"",
	                                     "trailing ",  " leading",
	                                     "tab\there",  "line\nbreak",
	                                     "crlf\r\nx",  "Zoë",
	                                     "日本語",     "\xE2\x80\xA8",
	                                     "@at",        "`tick",
	                                     "!tag",       "&anchor",
	                                     "*alias",     "%dir",
	                                     "|",          ">",
	                                     "? q",        "[x]",
	                                     "{x}",        ",",
	                                     "a, b",       "back\\slash",
	                                     "O'Brien",    "=",
	                                     "<<",         "\x7f",
	                                     "x\x01y",     "ends with newline\n"};
	size_t n = sizeof tricky / sizeof tricky[0];
	struct csvimport ci;
	csvimport_init(&ci);
	for (size_t i = 0; i < n; i++) {
		struct value *e = value_new_map();
		char *email = xasprintf("r%zu@example.com", i);
		value_map_set_string(e, "email", email);
		free(email);
		value_map_set_string(e, "note", tricky[i]);
		value_map_set_string(e, "no", tricky[i]); /* keys are quoted too */
		value_list_push(ci.entries, e);
	}
	size_t len;
	char *text = csvimport_yaml(&ci, "round-trip", "values, \"as\" written", &len);
	assert_non_null(text);
	assert_int_equal(strlen(text), len);
	struct diags d;
	diags_init(&d);
	struct value *root = yamlload_buffer(text, len, "out.yaml", 0, 0, EX_DATAERR, &d);
	if (!root) {
		diags_print(&d, stderr, "test_csvimport");
		fail_msg("%s", text);
	}
	assert_string_equal(value_map_get_string(root, "name"), "round-trip");
	assert_string_equal(value_map_get_string(root, "description"), "values, \"as\" written");
	const struct value *r = value_map_get(root, "recipients");
	assert_int_equal(r->u.list.n, n);
	for (size_t i = 0; i < n; i++) {
		const struct value *e = r->u.list.items[i];
		const struct value *v = value_map_get(e, "note");
		if (!v || v->type != VALUE_STRING || strcmp(v->u.str.s, tricky[i]) != 0)
			fail_msg("\"%s\" did not read back:\n%s", tricky[i], text);
		assert_string_equal(value_map_get_string(e, "no"), tricky[i]);
	}
	/* one entry a line: no folding */
	assert_non_null(
	    strstr(text, "\n- email: r0@example.com\n  note: \"no\"\n  \"no\": \"no\"\n"));
	value_free(root);
	diags_free(&d);
	free(text);
	csvimport_free(&ci);
}

static void test_names(void **state)
{
	(void)state;
	assert_true(csvimport_name_ok("press"));
	assert_true(csvimport_name_ok("0day.tech_press-2"));
	assert_false(csvimport_name_ok(""));
	assert_false(csvimport_name_ok("Press"));
	assert_false(csvimport_name_ok("-press"));
	assert_false(csvimport_name_ok(".press"));
	assert_false(csvimport_name_ok("../press"));
	assert_false(csvimport_name_ok("a/b"));
	assert_false(csvimport_name_ok("tech press"));
	char n64[66];
	memset(n64, 'a', 64);
	n64[64] = '\0';
	assert_true(csvimport_name_ok(n64));
	n64[64] = 'a';
	n64[65] = '\0';
	assert_false(csvimport_name_ok(n64));
}

/* The directory holds exactly the named files (no staged leftovers). */
static void assert_dir_holds(const char *dir, const char *want)
{
	DIR *dp = opendir(dir);
	assert_non_null(dp);
	struct dirent *de;
	size_t n = 0;
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (strcmp(de->d_name, want) != 0)
			fail_msg("unexpected file %s in %s", de->d_name, dir);
		n++;
	}
	closedir(dp);
	assert_int_equal(n, 1);
}

static struct csvimport parsed(const char *csv)
{
	struct csvimport ci;
	struct diags d;
	diags_init(&d);
	csvimport_init(&ci);
	assert_int_equal(csvimport_parse(csv, strlen(csv), "t.csv", &ci, &d), 0);
	diags_free(&d);
	return ci;
}

static void test_write(void **state)
{
	(void)state;
	char *dir = xasprintf("%s/lists", tmp); /* created by the import */
	struct csvimport ci = parsed("email,name,zip\na@example.com,\"Lima, Ana\",0123\n"
	                             "b@bücher.example,\"Ana\nB\",no\n");
	struct diags d;
	diags_init(&d);
	char *path = NULL;
	assert_int_equal(csvimport_write(&ci, dir, "desk", "from t.csv", false, &path, &d), 0);
	assert_int_equal(d.n, 0);
	char *want = xasprintf("%s/desk.yaml", dir);
	assert_string_equal(path, want);
	assert_dir_holds(dir, "desk.yaml");

	struct list *l = list_load("desk", dir, &d);
	assert_non_null(l);
	assert_string_equal(l->name, "desk");
	assert_string_equal(l->description, "from t.csv");
	assert_int_equal(l->n, 2);
	assert_string_equal(l->r[0].name, "Lima, Ana");
	struct value *f = recipient_fields(&l->r[0]);
	assert_string_equal(value_map_get_string(f, "zip"), "0123");
	value_free(f);
	assert_string_equal(l->r[1].email, "b@xn--bcher-kva.example");
	assert_string_equal(l->r[1].name, "Ana B");
	f = recipient_fields(&l->r[1]);
	assert_string_equal(value_map_get_string(f, "zip"), "no");
	value_free(f);
	list_free(l);

	/* an existing list is replaced only with force */
	struct csvimport one = parsed("email\nc@example.com\n");
	assert_int_equal(csvimport_write(&one, dir, "desk", NULL, false, NULL, &d), -1);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].status, EX_CANTCREAT);
	assert_string_equal(d.v[0].file, want);
	assert_non_null(strstr(d.v[0].msg, "already exists"));
	assert_non_null(strstr(d.v[0].hint, "--force"));
	l = list_load("desk", dir, &d);
	assert_int_equal(l->n, 2);
	list_free(l);
	assert_int_equal(csvimport_write(&one, dir, "desk", NULL, true, NULL, &d), 0);
	l = list_load("desk", dir, &d);
	assert_int_equal(l->n, 1);
	assert_null(l->description);
	list_free(l);
	assert_dir_holds(dir, "desk.yaml");

	/* a bad name writes nothing */
	assert_int_equal(csvimport_write(&one, dir, "../desk", NULL, true, NULL, &d), -1);
	assert_int_equal(d.v[d.n - 1].status, EX_USAGE);
	assert_dir_holds(dir, "desk.yaml");
	assert_int_equal(d.n, 2);

	/* the check a command makes before reading a large file */
	assert_int_equal(csvimport_target(dir, "desk", true, &d), 0);
	assert_int_equal(csvimport_target(dir, "other", false, &d), 0);
	assert_int_equal(csvimport_target(dir, "desk", false, &d), -1);
	assert_int_equal(d.v[d.n - 1].status, EX_CANTCREAT);
	assert_int_equal(csvimport_target(dir, "Desk", true, &d), -1);
	assert_int_equal(d.v[d.n - 1].status, EX_USAGE);
	assert_int_equal(d.n, 4);

	csvimport_free(&one);
	csvimport_free(&ci);
	diags_free(&d);
	free(want);
	free(path);
	free(dir);
}

/* A large import: every row kept, the right line for the last one. */
static void test_many_rows(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_adds(&sb, "email,name,notes\r\n");
	for (int i = 0; i < 20000; i++)
		strbuf_addf(&sb, "r%d@example.com,\"Name %d\",\"a\r\nb\"\r\n", i, i);
	strbuf_adds(&sb, "r7@example.com,Again,x\r\n");
	struct diags d;
	diags_init(&d);
	struct csvimport ci;
	csvimport_init(&ci);
	assert_int_equal(csvimport_parse(sb.buf, sb.len, "big.csv", &ci, &d), 0);
	assert_int_equal(ci.entries->u.list.n, 20000);
	assert_int_equal(ci.nskipped, 1);
	assert_int_equal(ci.skipped[0].line, 2 + 2 * 20000);
	assert_string_equal(ci.skipped[0].reason, "\"r7@example.com\" is a duplicate of line 16");
	csvimport_free(&ci);
	diags_free(&d);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),           cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_yaml_round_trip), cmocka_unit_test(test_names),
	    cmocka_unit_test(test_write),           cmocka_unit_test(test_many_rows),
	};
	return cmocka_run_group_tests_name("csvimport", tests, group_setup, group_teardown);
}
