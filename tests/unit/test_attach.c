/* attach: content types, the paths a release may attach and those it may
 * not (with the front-matter line), size limits, and the spool copy. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "attach.h"
#include "durable.h"
#include "release.h"
#include "util.h"

static char tmpdir[] = "/tmp/embargo-attach-XXXXXX";
static char outside[] = "/tmp/embargo-attach-out-XXXXXX";

static char *at(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static void put(const char *name, const void *data, size_t len)
{
	char *path = at(name);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	fclose(fp);
	free(path);
}

static void sparse(const char *name, off_t size)
{
	char *path = at(name);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(ftruncate(fileno(fp), size), 0);
	fclose(fp);
	free(path);
}

static const char PDF[] = "%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n";

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(tmpdir) || !mkdtemp(outside))
		return -1;
	char *p = at("media");
	mkdir(p, 0755);
	free(p);
	p = at("adir");
	mkdir(p, 0755);
	free(p);
	put("a.pdf", PDF, sizeof PDF - 1);
	put("media/b.pdf", PDF, sizeof PDF - 1);
	p = at("fifo");
	mkfifo(p, 0644);
	free(p);
	char *o = xasprintf("%s/secret.txt", outside);
	FILE *fp = fopen(o, "w");
	fputs("secret\n", fp);
	fclose(fp);
	p = at("out.txt");
	assert_int_equal(symlink(o, p), 0);
	free(p);
	free(o);
	p = at("in.pdf");
	assert_int_equal(symlink("media/b.pdf", p), 0);
	free(p);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	durable_remove_tree(tmpdir);
	durable_remove_tree(outside);
	return 0;
}

/* ---- content types ---- */

static const unsigned char PNG[] = {0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0,
                                    0,    0x0d, 0x49, 0x48, 0x44, 0x52, 0,    0,    0, 1,
                                    0,    0,    0,    1,    8,    6,    0,    0,    0};
static const char BINARY[] = "\x00\x01\x02\x03\x04\x05garbage\xff\xfe\x00";

struct type_case {
	const char *data;
	size_t len;
	const char *name;
	const char *want;
};

static const struct type_case type_cases[] = {
    /* The bytes decide. */
    {PDF, sizeof PDF - 1, "report.bin", "application/pdf"},
    {(const char *)PNG, sizeof PNG, "photo.jpg", "image/png"},
    {"plain words\n", 12, "notes.pdf", "text/plain; charset=utf-8"},
    {"a,b\n1,2\n", 8, "data.csv", "text/plain; charset=utf-8"},
    {"caf\xe9 au lait, cr\xe8me br\xfbl\xe9"
     "e\n",
     26, "latin1.txt", "text/plain"},
    /* libmagic cannot tell: the extension does, case-insensitively. */
    {BINARY, sizeof BINARY - 1, "a.pdf", "application/pdf"},
    {BINARY, sizeof BINARY - 1, "a.JPG", "image/jpeg"},
    {BINARY, sizeof BINARY - 1, "a.jpeg", "image/jpeg"},
    {BINARY, sizeof BINARY - 1, "a.png", "image/png"},
    {BINARY, sizeof BINARY - 1, "a.docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {BINARY, sizeof BINARY - 1, "a.xlsx",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {BINARY, sizeof BINARY - 1, "a.pptx",
     "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    {BINARY, sizeof BINARY - 1, "a.zip", "application/zip"},
    {BINARY, sizeof BINARY - 1, "a.csv", "text/csv"},
    {BINARY, sizeof BINARY - 1, "a.txt", "text/plain"},
    {BINARY, sizeof BINARY - 1, "a.exe", "application/octet-stream"},
    {BINARY, sizeof BINARY - 1, "noext", "application/octet-stream"},
    {BINARY, sizeof BINARY - 1, ".pdf.", "application/octet-stream"},
    /* An empty file: the extension. */
    {"", 0, "empty.pdf", "application/pdf"},
    {"", 0, "empty.txt", "text/plain; charset=utf-8"},
};

static void test_content_types(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof type_cases / sizeof type_cases[0]; i++) {
		const struct type_case *c = &type_cases[i];
		char *t = attach_content_type(c->data, c->len, c->name);
		if (strcmp(t, c->want) != 0)
			fail_msg("case %zu (%s): got %s, want %s", i, c->name, t, c->want);
		free(t);
	}
}

/* ---- paths ---- */

/* Parse a release attaching the given front-matter lines, and load. */
static int load(const char *attach_lines, struct attachments *a, struct diags *d)
{
	char *text = xasprintf("---\ntitle: T\nattachments:\n%s---\nBody.\n", attach_lines);
	put("rel.txt", text, strlen(text));
	free(text);
	char *path = at("rel.txt");
	struct release rel;
	struct release_opts o = {{0}};
	release_parse(path, &o, &rel);
	free(path);
	assert_int_equal(diags_errors(&rel.diags), 0);
	int rc = attach_load(a, &rel, d);
	release_free(&rel);
	return rc;
}

struct ok_case {
	const char *line; /* one front-matter item */
	const char *relpath;
	const char *filename;
};

static const struct ok_case ok_cases[] = {
    {"  - a.pdf\n", "a.pdf", "a.pdf"},
    {"  - ./a.pdf\n", "a.pdf", "a.pdf"},
    {"  - media//./b.pdf\n", "media/b.pdf", "b.pdf"},
    {"  - \"media/b.pdf\"\n", "media/b.pdf", "b.pdf"},
    /* A link that stays inside the directory: its own name. */
    {"  - in.pdf\n", "in.pdf", "in.pdf"},
};

static void test_paths_ok(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof ok_cases / sizeof ok_cases[0]; i++) {
		struct attachments a;
		struct diags d;
		diags_init(&d);
		if (load(ok_cases[i].line, &a, &d) != 0)
			fail_msg("case %zu: %s", i, d.n ? d.v[0].msg : "?");
		assert_int_equal(a.n, 1);
		assert_string_equal(a.v[0].relpath, ok_cases[i].relpath);
		assert_string_equal(a.v[0].filename, ok_cases[i].filename);
		assert_string_equal(a.v[0].content_type, "application/pdf");
		assert_int_equal(a.v[0].len, sizeof PDF - 1);
		assert_memory_equal(a.v[0].data, PDF, sizeof PDF - 1);
		assert_ptr_equal(a.mime[0].data, a.v[0].data);
		assert_string_equal(a.mime[0].filename, ok_cases[i].filename);
		assert_int_equal(a.total, sizeof PDF - 1);
		attach_free(&a);
		diags_free(&d);
	}
}

struct bad_case {
	const char *lines; /* front-matter items, the bad one on line 5 */
	const char *msg;
};

static const struct bad_case bad_cases[] = {
    {"  - a.pdf\n  - ../x.pdf\n", "leaves the release's directory"},
    {"  - a.pdf\n  - media/../../x.pdf\n", "leaves the release's directory"},
    {"  - a.pdf\n  - media/../a.pdf\n", "leaves the release's directory"},
    {"  - a.pdf\n  - /etc/hostname\n", "an absolute path"},
    {"  - a.pdf\n  - out.txt\n", "a symbolic link to /tmp/embargo-attach-out-"},
    {"  - a.pdf\n  - fifo\n", "a FIFO, not a regular file"},
    {"  - a.pdf\n  - adir\n", "a directory, not a file"},
    {"  - a.pdf\n  - media\n", "a directory, not a file"},
    {"  - a.pdf\n  - nope.pdf\n", "no such file"},
    {"  - a.pdf\n  - media/nope/x.pdf\n", "no such file"},
    {"  - a.pdf\n  - .\n", "not a file name"},
    {"  - a.pdf\n  - \"\"\n", "empty path"},
};

static void test_paths_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		struct attachments a;
		struct diags d;
		diags_init(&d);
		int rc = load(bad_cases[i].lines, &a, &d);
		if (rc != -1 || diags_errors(&d) != 1)
			fail_msg("case %zu: rc %d, %zu errors", i, rc, diags_errors(&d));
		const struct diag *g = &d.v[0];
		if (!strstr(g->msg, bad_cases[i].msg))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, g->msg, bad_cases[i].msg);
		assert_int_equal(g->status, 65);
		assert_non_null(strstr(g->file, "/rel.txt"));
		if (g->line != 5)
			fail_msg("case %zu: line %d, want 5", i, g->line);
		assert_int_equal(a.n, 1); /* the good one was read */
		attach_free(&a);
		diags_free(&d);
	}
}

/* A path written in flow style or escaped is placed at the key's line. */
static void test_line_of_key(void **state)
{
	(void)state;
	char *text =
	    xstrdup("---\ntitle: T\nattachments: [a.pdf, \"m\\u00e9dia.pdf\"]\n---\nBody.\n");
	put("rel.txt", text, strlen(text));
	free(text);
	char *path = at("rel.txt");
	struct release rel;
	struct release_opts o = {{0}};
	release_parse(path, &o, &rel);
	free(path);
	struct attachments a;
	struct diags d;
	diags_init(&d);
	assert_int_equal(attach_load(&a, &rel, &d), -1);
	assert_int_equal(d.v[0].line, 3);
	assert_non_null(strstr(d.v[0].msg, "média.pdf"));
	attach_free(&a);
	diags_free(&d);
	release_free(&rel);
}

/* 15 MiB in all; over 5 MB one is a warning. */
static void test_sizes(void **state)
{
	(void)state;
	sparse("huge.pdf", (16 << 20));
	sparse("eight.pdf", (8 << 20));
	sparse("six.pdf", (6 << 20));
	struct attachments a;
	struct diags d;
	diags_init(&d);
	assert_int_equal(load("  - huge.pdf\n", &a, &d), -1);
	assert_non_null(strstr(d.v[0].msg, "over the 15 MB limit"));
	assert_int_equal(d.v[0].line, 4);
	attach_free(&a);
	diags_free(&d);

	diags_init(&d);
	assert_int_equal(load("  - eight.pdf\n  - eight.pdf\n", &a, &d), -1);
	assert_int_equal(diags_errors(&d), 1);
	assert_int_equal(a.n, 1);
	attach_free(&a);
	diags_free(&d);

	diags_init(&d);
	assert_int_equal(load("  - six.pdf\n  - a.pdf\n", &a, &d), 0);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].level, DIAG_WARNING);
	assert_non_null(strstr(d.v[0].msg, "\"six.pdf\" is 6.3 MB"));
	assert_int_equal(a.total, (6u << 20) + sizeof PDF - 1);
	attach_free(&a);
	diags_free(&d);
}

/* The spool copy: dir/relpath, directories created, the same bytes. */
static void test_write(void **state)
{
	(void)state;
	struct attachments a;
	struct diags d;
	diags_init(&d);
	assert_int_equal(load("  - a.pdf\n  - media/b.pdf\n", &a, &d), 0);
	char *dir = at("spool/snap");
	assert_int_equal(attach_write(&a, dir, &d), 0);
	char *copy = xasprintf("%s/media/b.pdf", dir);
	char *data;
	size_t len;
	assert_int_equal(file_read_all(copy, 1 << 20, &data, &len), 0);
	assert_int_equal(len, sizeof PDF - 1);
	assert_memory_equal(data, PDF, len);
	free(data);
	free(copy);
	free(dir);
	attach_free(&a);
	diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_content_types), cmocka_unit_test(test_paths_ok),
	    cmocka_unit_test(test_paths_refused), cmocka_unit_test(test_line_of_key),
	    cmocka_unit_test(test_sizes),         cmocka_unit_test(test_write),
	};
	return cmocka_run_group_tests_name("attach", tests, setup, teardown);
}
