/*
 * Tests for the Mustache engine: every case of the official spec's required
 * modules (the YAML files in tests/mustache-spec/, one cmocka test per case,
 * built at run time), then what the spec does not cover: escaping off, values
 * never re-expanded, the partial recursion limit, compile errors with
 * positions, partial indentation, the partial cache and the lint hook.
 */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <cmocka.h>

#include "diag.h"
#include "mustache.h"
#include "testlib.h"
#include "util.h"
#include "value.h"
#include "yamlload.h"

static const char *const spec_required[] = {"comments", "delimiters", "interpolation",
                                            "inverted", "partials",   "sections"};
#define SPEC_NREQUIRED (sizeof spec_required / sizeof spec_required[0])

struct spec_case {
	char *title;              /* "module: name", the TAP line */
	const struct value *test; /* borrowed from the loaded spec file */
};

struct spec_suite {
	char *dir;
	struct value **files;
	char **modules; /* module name of each file */
	size_t nfiles, filecap;
	struct spec_case *cases;
	size_t ncases, casecap;
};

/* ---- helpers ---- */

/* Serve partials from a map of name → text (the spec's `partials`). */
static int map_partial(void *arg, const char *name, char **text, size_t *len, char **file,
                       struct diags *d)
{
	const struct value *p = value_map_get(arg, name);
	if (!p || p->type != VALUE_STRING)
		return 1;
	*text = xstrndup(p->u.str.s, p->u.str.len);
	*len = p->u.str.len;
	*file = xasprintf("%s.mustache", name);
	return 0;
}

static struct value *yaml(const char *text)
{
	struct diags d;
	diags_init(&d);
	struct value *v =
	    yamlload_buffer(text, strlen(text), "test", 0, YAMLLOAD_TYPED, EX_DATAERR, &d);
	assert_non_null(v);
	diags_free(&d);
	return v;
}

/* Compile and render once; NULL (errors in d) when either fails. */
static char *render_with(const char *tmpl, const struct value *ctx,
                         const struct mustache_opts *opts, struct diags *d)
{
	struct mustache *m = mustache_compile("main.mustache", tmpl, strlen(tmpl), opts, d);
	if (!m)
		return NULL;
	struct strbuf out;
	strbuf_init(&out);
	int rc = mustache_render(m, ctx, &out, d);
	mustache_free(m);
	if (rc < 0) {
		strbuf_release(&out);
		return NULL;
	}
	return strbuf_detach(&out, NULL);
}

/* Render tmpl against the YAML data with the YAML map of partials. */
static char *render_yaml(const char *tmpl, const char *data, const char *partials, bool escape,
                         struct diags *d)
{
	struct value *ctx = yaml(data);
	struct value *parts = yaml(partials ? partials : "{}");
	struct mustache_opts opts = {
	    .escape_html = escape, .partial = map_partial, .partial_arg = parts};
	char *got = render_with(tmpl, ctx, &opts, d);
	value_free(ctx);
	value_free(parts);
	return got;
}

static void check_render(const char *tmpl, const char *data, const char *partials, bool escape,
                         const char *expected)
{
	struct diags d;
	diags_init(&d);
	char *got = render_yaml(tmpl, data, partials, escape, &d);
	if (!got) {
		char *msg = diag_format(&d.v[0]);
		print_error("template %s: %s\n", tmpl, msg);
		free(msg);
	}
	assert_non_null(got);
	if (strcmp(got, expected) != 0)
		print_error("template %s\n", tmpl);
	assert_string_equal(got, expected);
	free(got);
	diags_free(&d);
}

/* ---- the spec ---- */

static char *spec_render(const struct value *test, const struct mustache_opts *opts,
                         const char *title, struct diags *d)
{
	const struct value *tmpl = value_map_get(test, "template");
	if (!tmpl || tmpl->type != VALUE_STRING)
		return NULL;
	struct mustache *m = mustache_compile(title, tmpl->u.str.s, tmpl->u.str.len, opts, d);
	if (!m)
		return NULL;
	struct strbuf out[2];
	int rc = 0;
	/* Twice from one compile: the second render uses the cached partials. */
	for (int i = 0; i < 2; i++) {
		strbuf_init(&out[i]);
		rc |= mustache_render(m, value_map_get(test, "data"), &out[i], d);
	}
	mustache_free(m);
	if (rc == 0 && strcmp(out[0].buf, out[1].buf) != 0)
		rc = diag_error(d, 1, title, 0, 0, NULL, "second render differs: '%s'", out[1].buf);
	strbuf_release(&out[1]);
	if (rc < 0) {
		strbuf_release(&out[0]);
		return NULL;
	}
	return strbuf_detach(&out[0], NULL);
}

static void spec_case_test(void **state)
{
	const struct spec_case *c = *state;
	const struct value *expected = value_map_get(c->test, "expected");
	struct mustache_opts opts = {.escape_html = true,
	                             .partial = map_partial,
	                             .partial_arg = value_map_get(c->test, "partials")};
	struct diags d;
	diags_init(&d);
	char *got = spec_render(c->test, &opts, c->title, &d);
	char *err = d.n ? diag_format(&d.v[0]) : xstrdup("malformed spec case");
	diags_free(&d);
	if (!got)
		fail_msg("%s: %s", c->title, err);
	free(err);
	assert_non_null(expected);
	assert_int_equal(expected->type, VALUE_STRING);
	if (strcmp(got, expected->u.str.s) != 0)
		print_error("%s: expected '%s', got '%s'\n", c->title, expected->u.str.s, got);
	assert_string_equal(got, expected->u.str.s);
	free(got);
}

/* Every required module is there and has cases. */
static void spec_modules_present(void **state)
{
	const struct spec_suite *s = *state;
	for (size_t r = 0; r < SPEC_NREQUIRED; r++) {
		size_t cases = 0;
		for (size_t i = 0; i < s->nfiles; i++) {
			const struct value *tests = value_map_get(s->files[i], "tests");
			if (strcmp(s->modules[i], spec_required[r]) == 0 && tests &&
			    tests->type == VALUE_LIST)
				cases = tests->u.list.n;
		}
		if (cases == 0)
			print_error("spec module %s missing from %s\n", spec_required[r], s->dir);
		assert_true(cases > 0);
	}
}

static int spec_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void spec_add_file(struct spec_suite *s, const char *name, struct value *root)
{
	s->files = xgrow(s->files, &s->filecap, s->nfiles + 1, sizeof *s->files);
	s->modules = xrealloc(s->modules, s->filecap * sizeof *s->modules);
	s->files[s->nfiles] = root;
	s->modules[s->nfiles++] = xstrndup(name, strlen(name) - 4);
	const struct value *tests = value_map_get(root, "tests");
	for (size_t i = 0; tests && tests->type == VALUE_LIST && i < tests->u.list.n; i++) {
		const struct value *t = tests->u.list.items[i];
		const char *tname = value_map_get_string(t, "name");
		s->cases = xgrow(s->cases, &s->casecap, s->ncases + 1, sizeof *s->cases);
		char *title = xasprintf("%s: %s", s->modules[s->nfiles - 1], tname ? tname : "?");
		for (char *c = title; *c; c++)
			if (*c == '#') /* a directive in TAP */
				*c = '_';
		s->cases[s->ncases].title = title;
		s->cases[s->ncases++].test = t;
	}
}

static char **spec_list_dir(const char *dir, size_t *n)
{
	DIR *dp = opendir(dir);
	char **names = NULL;
	size_t cap = 0;
	*n = 0;
	if (!dp)
		return NULL;
	for (struct dirent *e = readdir(dp); e; e = readdir(dp)) {
		size_t len = strlen(e->d_name);
		if (len > 4 && strcmp(e->d_name + len - 4, ".yml") == 0) {
			names = xgrow(names, &cap, *n + 1, sizeof *names);
			names[(*n)++] = xstrdup(e->d_name);
		}
	}
	closedir(dp);
	qsort(names, *n, sizeof *names, spec_name_cmp);
	return names;
}

/* Load every spec file; 0, or -1 after printing why. */
static int spec_load(struct spec_suite *s)
{
	const char *top = getenv("srcdir");
	s->dir =
	    top && *top ? xasprintf("%s/tests/mustache-spec", top) : xstrdup("tests/mustache-spec");
	size_t n;
	char **names = spec_list_dir(s->dir, &n);
	int rc = names ? 0 : -1;
	if (!names)
		fprintf(stderr, "cannot read %s (set srcdir to the source tree)\n", s->dir);
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", s->dir, names[i]);
		struct diags d;
		diags_init(&d);
		struct value *root = yamlload_file(path, 1 << 20, YAMLLOAD_TYPED, EX_DATAERR, &d);
		if (root)
			spec_add_file(s, names[i], root);
		else
			tl_print_diags(&d, stderr, "test_mustache"), rc = -1;
		diags_free(&d);
		free(path);
		free(names[i]);
	}
	free(names);
	return rc;
}

static void spec_free(struct spec_suite *s)
{
	for (size_t i = 0; i < s->nfiles; i++) {
		value_free(s->files[i]);
		free(s->modules[i]);
	}
	for (size_t i = 0; i < s->ncases; i++)
		free(s->cases[i].title);
	free(s->files);
	free(s->modules);
	free(s->cases);
	free(s->dir);
}

/* ---- beyond the spec ---- */

static void test_escape_off(void **state)
{
	const char *data = "{x: \"<b class='a'>&amp;\\\"\"}";
	check_render("{{x}}|{{{x}}}|{{&x}}", data, NULL, false,
	             "<b class='a'>&amp;\"|<b class='a'>&amp;\"|<b class='a'>&amp;\"");
	check_render("{{x}}|{{{x}}}", data, NULL, true,
	             "&lt;b class=&#39;a&#39;&gt;&amp;amp;&quot;|<b class='a'>&amp;\"");
}

static int counting_partial(void *arg, const char *name, char **text, size_t *len, char **file,
                            struct diags *d)
{
	int *calls = arg;
	(*calls)++;
	*text = xstrdup("PARTIAL");
	*len = strlen(*text);
	*file = xstrdup(name);
	return 0;
}

/* Values are data, never template: "{{" inside one renders as is. */
static void test_no_reexpansion(void **state)
{
	struct value *ctx = yaml("{items: ['{{x}}', '{{#x}}y{{/x}}', '{{>p}}', '{{=<% %>=}}<%x%>', "
	                         "'{{'], x: BAD, y: '{{{x}}}'}");
	int calls = 0;
	struct mustache_opts opts = {.partial = counting_partial, .partial_arg = &calls};
	struct diags d;
	diags_init(&d);
	char *got = render_with("{{#items}}[{{.}}]{{/items}}{{y}}{{{y}}}{{&y}}", ctx, &opts, &d);
	assert_non_null(got);
	assert_string_equal(got, "[{{x}}][{{#x}}y{{/x}}][{{>p}}][{{=<% %>=}}<%x%>][{{]"
	                         "{{{x}}}{{{x}}}{{{x}}}");
	assert_int_equal(calls, 0);
	free(got);
	value_free(ctx);
	diags_free(&d);
}

/* n truthy "c" maps in a chain that ends with c: false: {c: {c: {c: false}}}
 * for n = 2 (the innermost c must be false, or lookup finds an outer one). */
static struct value *nested(int n)
{
	struct value *v = value_new_map();
	value_map_set_bool(v, "c", false);
	for (int i = 0; i < n; i++) {
		struct value *outer = value_new_map();
		value_map_set(outer, "c", v);
		v = outer;
	}
	return v;
}

static void test_recursion_limit(void **state)
{
	struct value *parts = yaml("{self: 'x{{>self}}', n: '{{#c}}+{{>n}}{{/c}}'}");
	struct mustache_opts opts = {.partial = map_partial, .partial_arg = parts};
	struct diags d;
	diags_init(&d);
	assert_null(render_with("a\n{{>self}}", NULL, &opts, &d));
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, "self.mustache");
	assert_int_equal(d.v[0].line, 1);
	assert_int_equal(d.v[0].col, 2);
	assert_non_null(strstr(d.v[0].msg, "partial 'self' nested more than 32 deep"));
	assert_int_equal(d.v[0].status, EX_DATAERR);
	diags_free(&d);

	/* Recursion that ends within the limit renders: the template includes n
	 * once, then once more per level of c (31 levels: depth 32). */
	struct value *ok = nested(MUSTACHE_MAX_PARTIAL_DEPTH - 1),
	             *deep = nested(MUSTACHE_MAX_PARTIAL_DEPTH);
	diags_init(&d);
	char *got = render_with("{{>n}}", ok, &opts, &d);
	assert_non_null(got);
	assert_int_equal(strlen(got), MUSTACHE_MAX_PARTIAL_DEPTH - 1);
	assert_null(render_with("{{>n}}", deep, &opts, &d));
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, "n.mustache");
	assert_int_equal(d.v[0].col, 8);
	free(got);
	diags_free(&d);
	value_free(ok);
	value_free(deep);
	value_free(parts);
}

struct compile_error_case {
	const char *tmpl;
	int line, col;
	const char *msg; /* a substring of the message */
};

static void test_compile_errors(void **state)
{
	static const struct compile_error_case cases[] = {
	    {"x\n  {{#a}}\n  {{/b}}\n", 3, 3, "mismatched closing tag '{{/b}}'"},
	    {"x\n{{#a}}{{#b}}{{/b}}", 2, 1, "unclosed section '{{#a}}'"},
	    {"{{^a}}", 1, 1, "unclosed section '{{^a}}'"},
	    {"ab {{/a}}", 1, 4, "no open section for '{{/a}}'"},
	    {"héllo {{name", 1, 7, "unclosed tag '{{name'"},
	    {"{{{name}}", 1, 1, "unclosed tag '{{{name}}'"},
	    {"x {{}}", 1, 3, "empty tag '{{}}'"},
	    {"x {{# }}", 1, 3, "empty tag '{{# }}'"},
	    {"\n\n {{first name}}", 3, 2, "name with blanks in tag '{{first name}}'"},
	    {"{{a..b}}", 1, 1, "bad name in tag '{{a..b}}'"},
	    {"{{#.a}}{{/.a}}", 1, 1, "bad name in tag '{{#.a}}'"},
	    {"{{=<% =}}", 1, 1, "bad set-delimiter tag '{{=<% =}}'"},
	    {"{{= a b c =}}", 1, 1, "bad set-delimiter tag"},
	    {"{{=a= b=}}", 1, 1, "bad set-delimiter tag"},
	    {"{{=<% %>=}}\n<%#a%>\n<%/b%>", 3, 1, "mismatched closing tag '<%/b%>'"},
	    {"{{>}}", 1, 1, "empty tag '{{>}}'"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct compile_error_case *c = &cases[i];
		struct diags d;
		diags_init(&d);
		struct mustache *m = mustache_compile("t.html", c->tmpl, strlen(c->tmpl), NULL, &d);
		if (m || d.n != 1 || d.v[0].line != c->line || d.v[0].col != c->col ||
		    !strstr(d.v[0].msg, c->msg))
			print_error("case %zu '%s': got %d:%d %s\n", i, c->tmpl,
			            d.n ? d.v[0].line : 0, d.n ? d.v[0].col : 0,
			            d.n ? d.v[0].msg : "no error");
		assert_null(m);
		assert_int_equal(d.n, 1);
		assert_string_equal(d.v[0].file, "t.html");
		assert_int_equal(d.v[0].line, c->line);
		assert_int_equal(d.v[0].col, c->col);
		assert_non_null(strstr(d.v[0].msg, c->msg));
		assert_int_equal(d.v[0].status, EX_DATAERR);
		diags_free(&d);
	}
}

static void test_nesting_limit(void **state)
{
	struct strbuf t;
	strbuf_init(&t);
	for (int i = 0; i < 101; i++)
		strbuf_adds(&t, "{{#a}}");
	struct diags d;
	diags_init(&d);
	assert_null(mustache_compile("deep", t.buf, t.len, NULL, &d));
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].col, 601);
	assert_non_null(strstr(d.v[0].msg, "nested more than 100 deep"));
	diags_free(&d);
	strbuf_release(&t);
}

static int failing_partial(void *arg, const char *name, char **text, size_t *len, char **file,
                           struct diags *d)
{
	return diag_error(d, EX_NOINPUT, NULL, 0, 0, NULL, "cannot read %s", name);
}

static void test_partial_errors(void **state)
{
	struct value *parts = yaml("{bad: \"ok\\n {{#a}}\"}");
	struct mustache_opts opts = {.partial = map_partial, .partial_arg = parts};
	struct diags d;
	diags_init(&d);
	/* A partial is compiled when first rendered: its error names its file. */
	struct mustache *m = mustache_compile("main", "[{{>bad}}]", 10, &opts, &d);
	assert_non_null(m);
	struct strbuf out;
	strbuf_init(&out);
	assert_int_equal(mustache_render(m, NULL, &out, &d), -1);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, "bad.mustache");
	assert_int_equal(d.v[0].line, 2);
	assert_int_equal(d.v[0].col, 2);
	mustache_free(m);
	strbuf_release(&out);
	diags_free(&d);
	value_free(parts);

	/* A callback error that names no file gets the place of the tag. */
	diags_init(&d);
	opts = (struct mustache_opts){.partial = failing_partial};
	assert_null(render_with("ab\n  {{> x}}", NULL, &opts, &d));
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, "main.mustache");
	assert_int_equal(d.v[0].line, 2);
	assert_int_equal(d.v[0].col, 3);
	assert_string_equal(d.v[0].msg, "cannot read x");
	diags_free(&d);

	/* Without a callback every partial renders empty. */
	diags_init(&d);
	char *got = render_with("[{{>nope}}]", NULL, NULL, &d);
	assert_string_equal(got, "[]");
	free(got);
	diags_free(&d);
}

static void test_partial_indent(void **state)
{
	/* Standalone partials indent cumulatively. */
	check_render("<\n  {{>a}}\n>", "{}", "{a: \"A1\\n  {{>b}}\\nA2\\n\", b: \"B1\\nB2\\n\"}",
	             false, "<\n  A1\n    B1\n    B2\n  A2\n>");
	/* An inline partial is not indented, even inside an indented one. */
	check_render("<\n  {{>a}}\n>", "{}", "{a: \"A {{>b}}\\n\", b: \"x\\ny\"}", false,
	             "<\n  A x\ny\n>");
	/* Lines of a section body inside an indented partial are indented. */
	check_render(" {{>list}}", "{items: [1, 2]}",
	             "{list: \"{{#items}}\\n- {{.}}\\n{{/items}}\\n\"}", false, " - 1\n - 2\n");
}

static void test_values(void **state)
{
	check_render("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}}",
	             "{a: 85, b: 1.210, c: -3, d: 1e20, e: 0.1, f: 1234567.25, g: true}", NULL,
	             true, "85 1.21 -3 1e+20 0.1 1234567.25 true");
	/* Lists, maps and null interpolate as nothing; false and 0 are values. */
	check_render("[{{l}}{{m}}{{n}}] {{f}} {{z}}",
	             "{l: [1], m: {a: 1}, n: null, f: false, z: 0}", NULL, true, "[] false 0");
	/* Sections: a map pushes context, a string is truthy, 0 is truthy. */
	check_render("{{#m}}{{a}}{{/m}}{{#s}}<{{.}}>{{/s}}{{#z}}zero{{/z}}{{^e}}empty{{/e}}",
	             "{m: {a: 1}, s: str, z: 0, e: ''}", NULL, true, "1<str>zeroempty");
}

/* Compiled once, rendered many times; each partial is loaded once. */
static void test_compile_once(void **state)
{
	int calls = 0;
	struct mustache_opts opts = {.partial = counting_partial, .partial_arg = &calls};
	struct diags d;
	diags_init(&d);
	const char *tmpl = "{{#items}}{{.}}:{{>p}}{{/items}}";
	struct mustache *m = mustache_compile("main", tmpl, strlen(tmpl), &opts, &d);
	assert_non_null(m);
	for (int i = 1; i <= 3; i++) {
		struct value *ctx = value_new_map(), *items = value_new_list();
		for (int k = 0; k < i; k++)
			value_list_push(items, value_new_number(k));
		value_map_set(ctx, "items", items);
		struct strbuf out;
		strbuf_init(&out);
		assert_int_equal(mustache_render(m, ctx, &out, &d), 0);
		const char *expect[] = {"", "0:PARTIAL", "0:PARTIAL1:PARTIAL",
		                        "0:PARTIAL1:PARTIAL2:PARTIAL"};
		assert_string_equal(out.buf, expect[i]);
		strbuf_release(&out);
		value_free(ctx);
	}
	assert_int_equal(calls, 1);
	mustache_free(m);
	diags_free(&d);
}

static void collect_name(void *arg, const char *file, int line, int col, const char *name,
                         const char *const *sections, size_t nsections)
{
	struct strbuf *sb = arg;
	strbuf_addf(sb, "%s:%d:%d %s [", file, line, col, name);
	for (size_t i = 0; i < nsections; i++)
		strbuf_addf(sb, "%s%s", i ? " " : "", sections[i]);
	strbuf_adds(sb, "]\n");
}

static void check_names(const char *tmpl, const char *partials, const char *expected,
                        size_t warnings)
{
	struct value *parts = yaml(partials);
	struct mustache_opts opts = {.partial = map_partial, .partial_arg = parts};
	struct diags d;
	diags_init(&d);
	struct mustache *m = mustache_compile("main.txt", tmpl, strlen(tmpl), &opts, &d);
	assert_non_null(m);
	struct strbuf sb;
	strbuf_init(&sb);
	assert_int_equal(mustache_names(m, collect_name, &sb, &d), 0);
	assert_string_equal(sb.buf, expected);
	assert_int_equal(d.n, warnings);
	assert_int_equal(diags_errors(&d), 0);
	strbuf_release(&sb);
	mustache_free(m);
	diags_free(&d);
	value_free(parts);
}

static void test_names(void **state)
{
	check_names("Dear {{recipient.first_name}},\n"
	            "{{#contacts}}\n"
	            "{{> card}}\n"
	            "{{> card}}\n"
	            "{{/contacts}}\n"
	            "{{^paragraphs}}{{{body_text}}}{{/paragraphs}}\n"
	            "{{>card}}{{>missing}}\n",
	            "{card: \"{{name}} {{#phone}}{{.}}{{/phone}}\\n\"}",
	            "main.txt:1:6 recipient.first_name []\n"
	            "main.txt:2:1 contacts []\n"
	            "card.mustache:1:1 name [contacts]\n"
	            "card.mustache:1:10 phone [contacts]\n"
	            "card.mustache:1:20 . [contacts phone]\n"
	            "main.txt:6:1 paragraphs []\n"
	            "main.txt:6:16 body_text []\n"
	            "card.mustache:1:1 name []\n"
	            "card.mustache:1:10 phone []\n"
	            "card.mustache:1:20 . [phone]\n",
	            1);
	/* A recursive partial is followed once. */
	check_names("{{>node}}", "{node: '{{content}}<{{#nodes}}{{>node}}{{/nodes}}>'}",
	            "node.mustache:1:1 content []\n"
	            "node.mustache:1:13 nodes []\n",
	            0);
}

/* The spec cases first, then the tests above, in one group. */
static const struct CMUnitTest unit_tests[] = {
    cmocka_unit_test(test_escape_off),      cmocka_unit_test(test_no_reexpansion),
    cmocka_unit_test(test_recursion_limit), cmocka_unit_test(test_compile_errors),
    cmocka_unit_test(test_nesting_limit),   cmocka_unit_test(test_partial_errors),
    cmocka_unit_test(test_partial_indent),  cmocka_unit_test(test_values),
    cmocka_unit_test(test_compile_once),    cmocka_unit_test(test_names),
};

int main(void)
{
	struct spec_suite suite = {0};
	if (spec_load(&suite) < 0) {
		spec_free(&suite);
		return 1;
	}
	size_t nunit = sizeof unit_tests / sizeof unit_tests[0], n = 0;
	struct CMUnitTest *tests = xcalloc(suite.ncases + 1 + nunit, sizeof *tests);
	tests[n++] = (struct CMUnitTest){.name = "spec: required modules present",
	                                 .test_func = spec_modules_present,
	                                 .initial_state = &suite};
	for (size_t i = 0; i < suite.ncases; i++)
		tests[n++] = (struct CMUnitTest){.name = suite.cases[i].title,
		                                 .test_func = spec_case_test,
		                                 .initial_state = &suite.cases[i]};
	for (size_t i = 0; i < nunit; i++)
		tests[n++] = unit_tests[i];
	int failed = _cmocka_run_group_tests("mustache", tests, n, NULL, NULL);
	free(tests);
	spec_free(&suite);
	return failed;
}
