/* markdown: CommonMark bodies as safe HTML and as readable plain text. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "markdown.h"
#include "util.h"

struct md_case {
	const char *in;
	const char *text; /* the plain-text form, exactly */
};

static const struct md_case text_cases[] = {
    {"Plain words, “curly” and all.", "Plain words, “curly” and all."},
    {"Some *emphasis* and __strong__ text.", "Some *emphasis* and **strong** text."},
    {"Use `code` here.", "Use `code` here."},
    {"Read [the report](https://example.org/r?a=1&b=2).",
     "Read the report <https://example.org/r?a=1&b=2>."},
    {"See <https://example.org/x>.", "See <https://example.org/x>."},
    {"Write to <press@example.org>.", "Write to press@example.org."},
    {"An ![chart](https://example.org/c.png) here.", "An chart <https://example.org/c.png> here."},
    {"Bad [link](javascript:alert(1)) gone.", "Bad link gone."},
    {"Hello <b>bold</b> world<br>.", "Hello bold world."},
    {"<script>alert('x')</script>\n\nAfter.", "After."},
    {"<div>\nblock html\n</div>\n\nKept.", "Kept."},
    {"# Heading\n\nText.", "Heading\n\nText."},
    {"- one\n- two\n- three", "- one\n- two\n- three"},
    {"* one\n\n* two", "- one\n\n- two"},
    {"3. three\n4. four", "3. three\n4. four"},
    {"1) a\n2) b", "1) a\n2) b"},
    {"- item with a\n  second paragraph line\n\n  and a second paragraph\n- next",
     "- item with a second paragraph line\n\n  and a second paragraph\n\n- next"},
    {"- outer\n  - inner\n  - inner two", "- outer\n  - inner\n  - inner two"},
    {"> quoted\n> text\n\n> more", "> quoted text\n\n> more"},
    {"> a\n>\n> b", "> a\n>\n> b"},
    {"    code line\n    second", "    code line\n    second"},
    {"```\nfenced\n```", "    fenced"},
    {"one\ntwo", "one two"},
    {"hard  \nbreak", "hard\nbreak"},
    {"* * *", "* * *"},
    {"&amp; &lt;tag&gt; &copy;", "& <tag> ©"},
    {"", ""},
};

static void test_text_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof text_cases / sizeof text_cases[0]; i++) {
		char *t = markdown_to_text(text_cases[i].in, strlen(text_cases[i].in));
		if (strcmp(t, text_cases[i].text) != 0)
			fail_msg("case %zu: %s\n got: [%s]\nwant: [%s]", i, text_cases[i].in, t,
			         text_cases[i].text);
		free(t);
	}
}

struct html_case {
	const char *in;
	const char *has;   /* must appear */
	const char *lacks; /* must not appear (NULL: nothing) */
};

static const struct html_case html_cases[] = {
    {"Some *emphasis*.", "<p>Some <em>emphasis</em>.</p>", NULL},
    {"**strong**", "<strong>strong</strong>", NULL},
    {"[report](https://example.org/r?a=1&b=2)",
     "<a href=\"https://example.org/r?a=1&amp;b=2\">report</a>", NULL},
    {"- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>", NULL},
    {"<script>alert('x')</script>", "<!-- raw HTML omitted -->", "<script"},
    {"Text <script>alert(1)</script> inline.", "raw HTML omitted", "<script"},
    {"<img src=x onerror=alert(1)>", "raw HTML omitted", "onerror"},
    {"[x](javascript:alert(1))", "<a href=\"\">x</a>", "javascript:"},
    {"[x](JAVASCRIPT:alert(1))", "<a href=\"\">", "JAVASCRIPT:"},
    {"![i](data:text/html;base64,PHNjcmlwdD4=)", "<img src=\"\"", "data:text"},
    {"“curly” & <b>", "“curly” &amp; <!-- raw HTML omitted -->", "<b>"},
};

static void test_html_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof html_cases / sizeof html_cases[0]; i++) {
		const struct html_case *c = &html_cases[i];
		char *h = markdown_to_html(c->in, strlen(c->in));
		if (!strstr(h, c->has) || (c->lacks && strstr(h, c->lacks))) {
			fail_msg("case %zu: %s\n got: [%s]\nwant it to have [%s] and lack [%s]", i,
			         c->in, h, c->has, c->lacks ? c->lacks : "");
		}
		free(h);
	}
}

/* Hostile nesting is flattened, not recursed into without end. */
static void test_deep_nesting(void **state)
{
	(void)state;
	struct strbuf in;
	strbuf_init(&in);
	for (int i = 0; i < 5000; i++)
		strbuf_adds(&in, "> ");
	strbuf_adds(&in, "deep");
	char *t = markdown_to_text(in.buf, in.len);
	assert_non_null(strstr(t, "deep"));
	free(t);
	strbuf_reset(&in);
	for (int i = 0; i < 3000; i++)
		strbuf_adds(&in, "*a ");
	strbuf_adds(&in, "x");
	for (int i = 0; i < 3000; i++)
		strbuf_adds(&in, " a*");
	t = markdown_to_text(in.buf, in.len);
	assert_non_null(strstr(t, "x"));
	free(t);
	strbuf_release(&in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text_table),
	    cmocka_unit_test(test_html_table),
	    cmocka_unit_test(test_deep_nesting),
	};
	return cmocka_run_group_tests_name("markdown", tests, NULL, NULL);
}
