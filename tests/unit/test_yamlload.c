/* yamlload: the safe YAML loader — what it loads, and what it refuses with
 * file:line:column. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "util.h"
#include "yamlload.h"

static struct value *load(const char *text, int flags, struct diags *d)
{
	diags_init(d);
	return yamlload_buffer(text, strlen(text), "t.yaml", 0, flags, EX_DATAERR, d);
}

static void test_map_and_positions(void **state)
{
	(void)state;
	struct diags d;
	struct value *v = load("name: press\nrecipients:\n  - email: a@example.com\n    name: A\n",
	                       0, &d);
	assert_non_null(v);
	assert_int_equal(v->type, VALUE_MAP);
	assert_string_equal(value_map_get_string(v, "name"), "press");
	struct value *r = value_map_get(v, "recipients");
	assert_int_equal(r->type, VALUE_LIST);
	assert_int_equal(r->u.list.n, 1);
	struct value *e = value_map_get(r->u.list.items[0], "email");
	assert_int_equal(e->line, 3);
	assert_int_equal(e->col, 12);
	assert_int_equal(v->u.map.key_lines[1], 2);
	assert_int_equal(v->u.map.key_cols[1], 1);
	value_free(v);
	diags_free(&d);
}

static void test_scalars(void **state)
{
	(void)state;
	struct diags d;
	struct value *v = load("a: no\nb: 85\nc:\nd: ~\ne: 'null'\nf: true\n", 0, &d);
	assert_non_null(v);
	assert_string_equal(value_map_get_string(v, "a"), "no"); /* no implicit typing */
	assert_string_equal(value_map_get_string(v, "b"), "85");
	assert_int_equal(value_map_get(v, "c")->type, VALUE_NULL);
	assert_int_equal(value_map_get(v, "d")->type, VALUE_NULL);
	assert_string_equal(value_map_get_string(v, "e"), "null");
	assert_string_equal(value_map_get_string(v, "f"), "true");
	value_free(v);
	diags_free(&d);
	v = load("b: 1.210\nf: true\ng: \"85\"\n", YAMLLOAD_TYPED, &d);
	assert_int_equal(value_map_get(v, "b")->type, VALUE_NUMBER);
	assert_true(value_map_get(v, "b")->u.num == 1.21);
	assert_int_equal(value_map_get(v, "f")->type, VALUE_BOOL);
	assert_int_equal(value_map_get(v, "g")->type, VALUE_STRING);
	value_free(v);
	diags_free(&d);
}

struct refusal {
	const char *text;
	int line, col;
	const char *msg;
};

static const struct refusal refusals[] = {
	{"a: &x 1\nb: *x\n", 1, 4, "anchors and aliases"},
	{"a: [1, 2]\nb: *x\n", 2, 4, "anchors and aliases"}, /* undefined alias */
	{"x: &a [1, *a]\n", 1, 4, "anchors and aliases"},
	{"name: a\nname: b\n", 2, 1, "duplicate key \"name\""},
	{"a: 1\n---\nb: 2\n", 2, 1, "more than one YAML document"},
	{"? [a]\n: 1\n", 1, 3, "a key must be a plain string"},
	{"a: [1\n", 2, 1, "YAML syntax"},
	{"a: \"caf\xe9\"\n", 1, 8, "not UTF-8: byte 0xE9 at offset 7"},
	{"a: 1\nb: x\0y\n", 2, 5, "NUL byte"},
};

static void test_refusals(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
		const struct refusal *c = &refusals[i];
		struct diags d;
		diags_init(&d);
		size_t len = strlen(c->text);
		if (i == 8)
			len = 11; /* the NUL case */
		struct value *v = yamlload_buffer(c->text, len, "t.yaml", 0, 0, EX_DATAERR, &d);
		if (v)
			fail_msg("case %zu loaded", i);
		assert_true(d.n >= 1);
		if (d.v[0].line != c->line || d.v[0].col != c->col || !strstr(d.v[0].msg, c->msg))
			fail_msg("case %zu: got %d:%d %s, want %d:%d %s", i, d.v[0].line, d.v[0].col,
			         d.v[0].msg, c->line, c->col, c->msg);
		assert_int_equal(d.v[0].status, EX_DATAERR);
		assert_string_equal(d.v[0].file, "t.yaml");
		diags_free(&d);
	}
}

/* Billion laughs and deep nesting are refused quickly. */
static void test_hostile(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_adds(&sb, "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
	for (char c = 'b'; c <= 'j'; c++)
		strbuf_addf(&sb, "%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n", c, c, c - 1, c - 1,
		            c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);
	struct diags d;
	diags_init(&d);
	assert_null(yamlload_buffer(sb.buf, sb.len, "t.yaml", 0, 0, EX_DATAERR, &d));
	assert_non_null(strstr(d.v[0].msg, "anchors and aliases"));
	diags_free(&d);

	strbuf_reset(&sb);
	for (int i = 0; i < 100000; i++)
		strbuf_addch(&sb, '[');
	for (int i = 0; i < 100000; i++)
		strbuf_addch(&sb, ']');
	clock_t t0 = clock();
	diags_init(&d);
	assert_null(yamlload_buffer(sb.buf, sb.len, "deep.yaml", 0, 0, EX_DATAERR, &d));
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_non_null(strstr(d.v[0].msg, "nesting deeper than 64 levels"));
	assert_int_equal(d.v[0].line, 1);
	assert_int_equal(d.v[0].col, YAMLLOAD_MAX_DEPTH + 1);
	assert_true(secs < 2.0);
	diags_free(&d);
	strbuf_release(&sb);
}

static void test_line_offset_and_empty(void **state)
{
	(void)state;
	struct diags d;
	diags_init(&d);
	assert_null(yamlload_buffer("a: 1\na: 2\n", 10, "r.txt", 1, 0, EX_DATAERR, &d));
	assert_int_equal(d.v[0].line, 3); /* front matter starts after line 1 */
	diags_free(&d);
	struct value *v = load("", 0, &d);
	assert_non_null(v);
	assert_int_equal(v->type, VALUE_NULL);
	value_free(v);
	diags_free(&d);
}

static void test_files(void **state)
{
	(void)state;
	struct diags d;
	diags_init(&d);
	assert_null(yamlload_file("/nonexistent/x.yaml", 1024, 0, EX_CONFIG, &d));
	assert_int_equal(d.v[0].status, EX_NOINPUT);
	diags_free(&d);
	diags_init(&d);
	assert_null(yamlload_file("/", 1024, 0, EX_CONFIG, &d));
	assert_non_null(strstr(d.v[0].msg, "not a regular file"));
	assert_int_equal(d.v[0].status, EX_CONFIG);
	diags_free(&d);
}

/* ---- yamlload_file_items: the streamed sequence ---- */

static char *write_file(const char *data, size_t len)
{
	char *path = xstrdup("/tmp/test_yamlload.XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

struct seen {
	struct value *items[8];
	size_t n, stop_at;
	size_t index_ok;
};

static int take(void *arg, struct value *item, size_t index)
{
	struct seen *s = arg;
	s->index_ok += index == s->n;
	if (s->n == s->stop_at) {
		value_free(item);
		return -1;
	}
	if (s->n < 8)
		s->items[s->n] = item;
	else
		value_free(item);
	s->n++;
	return 0;
}

static void seen_free(struct seen *s)
{
	for (size_t i = 0; i < s->n && i < 8; i++)
		value_free(s->items[i]);
}

static void test_items(void **state)
{
	(void)state;
	const char *text = "\xEF\xBB\xBFname: press\nrecipients:\n  - email: a@example.com\n"
	                   "    name: A\n  - b@example.com\n  - [1, 2]\nafter: yes\n";
	char *path = write_file(text, strlen(text));
	struct seen s = {.stop_at = 100};
	struct yamlload_items it = {.key = "recipients", .item = take, .arg = &s};
	struct diags d;
	diags_init(&d);
	struct value *v = yamlload_file_items(path, 1024, 0, EX_DATAERR, &it, &d);
	assert_non_null(v);
	assert_int_equal(d.n, 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.index_ok, 3);
	assert_int_equal(s.items[0]->type, VALUE_MAP);
	assert_string_equal(value_map_get_string(s.items[0], "name"), "A");
	assert_int_equal(s.items[0]->line, 3);
	assert_int_equal(s.items[0]->col, 5);
	assert_string_equal(s.items[1]->u.str.s, "b@example.com");
	assert_int_equal(s.items[2]->type, VALUE_LIST);
	/* the tree keeps the rest, and an empty list where the items were */
	const struct value *r = value_map_get(v, "recipients");
	assert_int_equal(r->type, VALUE_LIST);
	assert_int_equal(r->u.list.n, 0);
	assert_int_equal(r->line, 3);
	assert_int_equal(r->col, 3);
	assert_string_equal(value_map_get_string(v, "name"), "press");
	assert_string_equal(value_map_get_string(v, "after"), "yes");
	value_free(v);
	seen_free(&s);

	/* the callback can stop the load */
	struct seen s2 = {.stop_at = 1};
	it.arg = &s2;
	assert_null(yamlload_file_items(path, 1024, 0, EX_DATAERR, &it, &d));
	assert_int_equal(s2.n, 1);
	seen_free(&s2);
	/* only the top-level key is streamed */
	free(path);
	text = "a:\n  recipients: [1, 2]\nrecipients: x\n";
	path = write_file(text, strlen(text));
	struct seen s3 = {.stop_at = 100};
	it.arg = &s3;
	v = yamlload_file_items(path, 1024, 0, EX_DATAERR, &it, &d);
	assert_int_equal(s3.n, 0);
	assert_int_equal(value_get_path(v, "a.recipients")->u.list.n, 2);
	assert_string_equal(value_map_get_string(v, "recipients"), "x");
	value_free(v);
	unlink(path);
	free(path);
	diags_free(&d);
}

/* Every refusal of yamlload_buffer is the same, at the same place, when the
 * file is read in pieces. */
static void test_items_refusals(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
		const struct refusal *c = &refusals[i];
		size_t len = i == 8 ? 11 : strlen(c->text);
		char *path = write_file(c->text, len);
		struct seen s = {.stop_at = 100};
		struct yamlload_items it = {.key = "a", .item = take, .arg = &s};
		struct diags d;
		diags_init(&d);
		assert_null(yamlload_file_items(path, 1024, 0, EX_DATAERR, &it, &d));
		assert_true(d.n >= 1);
		if (d.v[0].line != c->line || d.v[0].col != c->col || !strstr(d.v[0].msg, c->msg))
			fail_msg("case %zu: got %d:%d %s, want %d:%d %s", i, d.v[0].line, d.v[0].col,
			         d.v[0].msg, c->line, c->col, c->msg);
		assert_string_equal(d.v[0].file, path);
		seen_free(&s);
		diags_free(&d);
		unlink(path);
		free(path);
	}
}

/* A file of several pieces: characters cut by a piece boundary are whole
 * for libyaml, and a bad byte far in is named as yamlload_buffer names it. */
static void test_items_large(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_adds(&sb, "recipients:\n");
	size_t n = 0;
	while (sb.len < 300000) {
		/* one to four bytes per character, so that every boundary is met */
		static const char *const chars[] = {"\xF0\x9F\x93\xB0" "a", "\xC3\xA9\xE2\x80\x9C"};
		strbuf_addf(&sb, "  - \"x%zu %s\"\n", n, chars[n % 3 != 0]);
		n++;
	}
	char *path = write_file(sb.buf, sb.len);
	struct seen s = {.stop_at = (size_t)-1};
	struct yamlload_items it = {.key = "recipients", .item = take, .arg = &s};
	struct diags d;
	diags_init(&d);
	struct value *v = yamlload_file_items(path, sb.len, 0, EX_DATAERR, &it, &d);
	assert_non_null(v);
	assert_int_equal(s.n, n);
	assert_int_equal(s.index_ok, n);
	assert_string_equal(s.items[4]->u.str.s, "x4 \xC3\xA9\xE2\x80\x9C");
	value_free(v);
	seen_free(&s);
	unlink(path);
	free(path);
	/* one byte over the cap */
	path = write_file(sb.buf, sb.len);
	assert_null(yamlload_file_items(path, sb.len - 1, 0, EX_DATAERR, &it, &d));
	assert_non_null(strstr(d.v[0].msg, "larger than"));
	diags_free(&d);
	unlink(path);
	free(path);

	sb.buf[250001] = '\xff';
	path = write_file(sb.buf, sb.len);
	struct diags want;
	diags_init(&want);
	assert_null(yamlload_buffer(sb.buf, sb.len, path, 0, 0, EX_DATAERR, &want));
	struct seen s2 = {.stop_at = (size_t)-1};
	it.arg = &s2;
	diags_init(&d);
	assert_null(yamlload_file_items(path, sb.len, 0, EX_DATAERR, &it, &d));
	assert_true(s2.n > 1000); /* the items before it were handed over */
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].msg, want.v[0].msg);
	assert_int_equal(d.v[0].line, want.v[0].line);
	assert_int_equal(d.v[0].col, want.v[0].col);
	seen_free(&s2);
	diags_free(&d);
	diags_free(&want);
	unlink(path);
	free(path);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_and_positions),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_line_offset_and_empty),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_items),
		cmocka_unit_test(test_items_refusals),
		cmocka_unit_test(test_items_large),
	};
	return cmocka_run_group_tests_name("yamlload", tests, NULL, NULL);
}
