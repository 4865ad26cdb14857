/* release: the layout walk, front matter, identity and refusals. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <cmocka.h>

#include "release.h"
#include "util.h"

static char *write_tmp(const char *text, size_t len)
{
	char *path = xstrdup("/tmp/embargo-release-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

static void parse_text(const char *text, size_t len, struct release *rel)
{
	char *path = write_tmp(text, len);
	struct release_opts o = {{0}};
	release_parse(path, &o, rel);
	unlink(path);
	free(path);
}

static void parse_str(const char *text, struct release *rel)
{
	parse_text(text, strlen(text), rel);
}

static const char *first_error(const struct release *rel)
{
	for (size_t i = 0; i < rel->diags.n; i++)
		if (rel->diags.v[i].level == DIAG_ERROR)
			return rel->diags.v[i].msg;
	return NULL;
}

static const struct diag *first_diag(const struct release *rel, enum diag_level lv)
{
	for (size_t i = 0; i < rel->diags.n; i++)
		if (rel->diags.v[i].level == lv)
			return &rel->diags.v[i];
	return NULL;
}

static void test_example(void **state)
{
	(void)state;
	const char *dir = getenv("srcdir");
	char *path = xasprintf("%s/examples/uhrp-investment-ban-2023-08-14.txt", dir ? dir : ".");
	struct release rel;
	struct release_opts o = {{0}};
	assert_int_equal(release_parse(path, &o, &rel), 0);
	assert_null(first_error(&rel));
	assert_string_equal(rel.title, "UHRP Urges Biden Administration to Impose Investment Bans "
	                               "on Hikvision and Dahua");
	assert_int_equal(rel.status, RELEASE_IMMEDIATE);
	assert_true(rel.has_instant);
	assert_int_equal(rel.release_at, 1692028800); /* 2023-08-14T16:00:00Z */
	assert_int_equal(rel.utc_offset, -4 * 3600);
	assert_int_equal(rel.ncontacts, 2);
	assert_string_equal(rel.contacts[0].name, "Louisa Greve");
	assert_string_equal(rel.contacts[0].phone, "+1 (571) 882-4825");
	assert_string_equal(rel.contacts[1].name, "Peter Irwin");
	assert_string_equal(rel.contacts[1].phone, "+1 (646) 906-7722");
	assert_int_equal(rel.nparagraphs, 5);
	/* The trailing no-break spaces after "Dahua." are not content. */
	size_t n3 = strlen(rel.paragraphs[2]);
	assert_string_equal(rel.paragraphs[2] + n3 - 6, "Dahua.");
	assert_int_equal(rel.nread_more, 7);
	assert_string_equal(rel.read_more[0].text, "UHRP Welcomes New Sanctions on Chinese DNA "
	                                           "Company BGI for Targeting Uyghurs, March 7, 202");
	const struct diag *w = first_diag(&rel, DIAG_WARNING);
	assert_non_null(w);
	assert_int_equal(w->line, 20);
	assert_non_null(strstr(w->msg, "March 7, 202"));
	assert_string_equal(rel.id, "2023-08-14-uhrp-urges-biden-administration-to-impose-"
	                            "investment-bans");
	release_free(&rel);
	free(path);
}

static void test_front_matter(void **state)
{
	(void)state;
	struct release rel;
	parse_str("---\n"
	          "id: my-release\n"
	          "title: \"Front Title: with colon\"\n"
	          "lists: [press, tech]\n"
	          "status: embargoed\n"
	          "release_at: \"2023-08-14T16:00:00Z\"\n"
	          "contacts:\n"
	          "  - {name: Ana Lima, phone: \"+1 555 0100 200\", email: ana@example.org}\n"
	          "---\n"
	          "First paragraph of the body.\n"
	          "\n"
	          "Second paragraph.\n",
	          &rel);
	assert_null(first_error(&rel));
	assert_string_equal(rel.id, "my-release");
	assert_string_equal(rel.title, "Front Title: with colon");
	assert_string_equal(rel.subject, "Front Title: with colon");
	assert_int_equal(rel.nlists, 2);
	assert_string_equal(rel.lists[1], "tech");
	assert_int_equal(rel.status, RELEASE_EMBARGOED);
	assert_true(rel.has_instant);
	assert_int_equal(rel.release_at, 1692028800);
	assert_int_equal(rel.ncontacts, 1);
	assert_string_equal(rel.contacts[0].email, "ana@example.org");
	/* With title: set, the text after the front matter starts with the body. */
	assert_int_equal(rel.nparagraphs, 2);
	assert_string_equal(rel.paragraphs[0], "First paragraph of the body.");
	assert_string_equal(value_map_get_string(rel.sources, "title"), "front matter");
	release_free(&rel);
}

struct refusal {
	const char *text;
	int line, col;
	const char *msg;
};

static const struct refusal refusals[] = {
	{"---\nfoo: 1\n---\nTitle\n", 2, 1, "unknown key \"foo\""},
	{"---\ntitle: x\n", 1, 1, "front matter is not closed"},
	{"---\nstatus: later\n---\nTitle\n", 2, 9, "unknown status"},
	{"---\nlists: {a: 1}\n---\nTitle\n", 2, 8, "must be a list"},
	{"---\na: &x 1\n---\nTitle\n", 2, 4, "anchors and aliases"},
	{"---\nid: Bad ID\n---\nTitle\n", 2, 5, "not a valid release ID"},
	{"---\ntitle: null\n---\n\n", 2, 8, "title: must be a string"},
	{"\n\n\n", 1, 1, "no headline"},
	{"Title\n\nCaf\xe9\n", 3, 4, "not UTF-8: byte 0xE9 at offset 10"},
	{"Title\0\n", 1, 6, "NUL byte"},
};

static void test_refusals(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
		const struct refusal *c = &refusals[i];
		struct release rel;
		parse_text(c->text, i == 9 ? 7 : strlen(c->text), &rel);
		const struct diag *e = first_diag(&rel, DIAG_ERROR);
		if (!e)
			fail_msg("case %zu: no error", i);
		if (e->line != c->line || e->col != c->col || !strstr(e->msg, c->msg))
			fail_msg("case %zu: got %d:%d %s, want %d:%d %s", i, e->line, e->col, e->msg,
			         c->line, c->col, c->msg);
		assert_int_equal(e->status, EX_DATAERR);
		release_free(&rel);
	}
}

static void test_line_ends(void **state)
{
	(void)state;
	const char *variants[] = {
		"Headline Here\r\n\r\nFor immediate release\r\n\r\nOne.\r\n\r\nTwo.\r\n",
		"Headline Here\r\rFor immediate release\r\rOne.\r\rTwo.\r",
		"\xef\xbb\xbfHeadline Here\n\nFor immediate release\r\n\nOne.\r\rTwo.",
	};
	for (size_t i = 0; i < 3; i++) {
		struct release rel;
		parse_str(variants[i], &rel);
		assert_null(first_error(&rel));
		assert_string_equal(rel.title, "Headline Here");
		assert_int_equal(rel.nparagraphs, 2);
		assert_string_equal(rel.paragraphs[1], "Two.");
		release_free(&rel);
	}
}

/* Times in the body never give the instant. */
static void test_body_times_ignored(void **state)
{
	(void)state;
	struct release rel;
	parse_str("Headline\n\nEMBARGOED\n\nThe hearing is on August 20, 2023 at 3:00 p.m. EDT.\n",
	          &rel);
	assert_int_equal(rel.status, RELEASE_EMBARGOED);
	assert_false(rel.has_instant);
	const struct diag *w = first_diag(&rel, DIAG_WARNING);
	assert_non_null(w);
	assert_non_null(strstr(w->msg, "embargoed but states no time"));
	release_free(&rel);
}

static void test_ids(void **state)
{
	(void)state;
	struct release r = {.title = "Hello, World! It's 2023's best: \xe2\x80\x9cNews\xe2\x80\x9d",
	                    .has_instant = true, .release_at = 1692028800, .utc_offset = -4 * 3600};
	char *id = release_make_id(&r);
	assert_string_equal(id, "2023-08-14-hello-world-it-2023-best-news");
	free(id);
	r = (struct release){.title = "Late night news", .has_instant = true,
	                     .release_at = 1692072000, .utc_offset = -4 * 3600}; /* 00:00 EDT */
	id = release_make_id(&r);
	assert_string_equal(id, "2023-08-15-late-night-news");
	free(id);
	r = (struct release){.title = "No time"};
	id = release_make_id(&r);
	assert_string_equal(id, "no-time");
	free(id);
	r = (struct release){.title = "Dated", .date_y = 2023, .date_m = 8, .date_d = 3};
	id = release_make_id(&r);
	assert_string_equal(id, "2023-08-03-dated");
	free(id);
	assert_true(release_id_ok("2023-08-14-a.b_c"));
	assert_false(release_id_ok("Upper"));
	assert_false(release_id_ok("../etc"));
	assert_false(release_id_ok(""));
	assert_false(release_id_ok("-x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_front_matter),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_body_times_ignored),
		cmocka_unit_test(test_ids),
	};
	return cmocka_run_group_tests_name("release", tests, NULL, NULL);
}
