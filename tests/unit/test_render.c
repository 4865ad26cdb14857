/* render: the lint of template names, the context (null keys stop the
 * lookup, phone links, end sections, markdown) and the wrapped text part. */
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

#include "lists.h"
#include "render.h"
#include "testlib.h"
#include "util.h"

static char *tmpdir;

static void put(const char *name, const char *text)
{
	free(tl_write(tmpdir, name, text));
}

static void rm(const char *name)
{
	char *path = tl_path(tmpdir, name);
	unlink(path);
	free(path);
}

static int setup(void **state)
{
	(void)state;
	tmpdir = tl_tmpdir("render");
	/* Two lists: outlet only in "a", beat only in "b", nested data in "a". */
	put("a.yaml", "name: a\ndescription: List A\nrecipients:\n"
	              "  - email: ana@example.com\n    name: Ana\n    outlet: Daily\n"
	              "    title: Editor\n    address: {city: Paris}\n    tags: [x, y]\n"
	              "    links: [{href: 'https://a.example'}]\n"
	              "  - email: bo@example.com\n");
	put("b.yaml", "name: b\nrecipients:\n  - email: cy@example.com\n    beat: tech\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	int r = tl_rmtree(tmpdir);
	free(tmpdir);
	return r;
}

static struct list *load(const char *name)
{
	struct diags d;
	diags_init(&d);
	struct list *l = list_load(name, tmpdir, &d);
	if (!l)
		fail_msg("list %s: %s", name, d.n ? d.v[0].msg : "?");
	diags_free(&d);
	return l;
}

/* ---- lint ---- */

struct lint_case {
	const char *txt;   /* t.txt; t.html is "x" */
	const char *lists; /* "a", "b", "ab" or "" */
	int errors;        /* how many */
	const char *msg;   /* in the first error's message, or NULL */
	int line, col;     /* of the first error (0: not checked) */
	const char *hint;  /* in its hint, or NULL */
};

static const struct lint_case lint_cases[] = {
    /* Top level: every name of the context, and typos. */
    {"{{id}}{{title}}{{subject}}{{status}}{{release_line}}{{dateline}}{{release_text}}"
     "{{release_at}}{{markdown}}{{body_text}}{{{body_html}}}{{has_contacts}}"
     "{{has_read_more}}{{has_end_sections}}{{unsubscribe_url}}",
     "a", 0, NULL, 0, 0, NULL},
    {"Hello\n\n  {{titel}}\n", "a", 1, "\"titel\": no such name", 3, 3, "did you mean \"title\"?"},
    {"{{bogus}}", "a", 1, "\"bogus\"", 1, 1, NULL},
    {"{{.}}", "a", 1, "\".\" outside a section", 1, 1, NULL},
    /* Maps: dotted names into them, not into lists. */
    {"{{sender.name}}{{sender.email}}{{list.name}}{{list.description}}"
     "{{embargo.until}}{{embargo.banner}}",
     "a", 0, NULL, 0, 0, NULL},
    {"{{sender.nmae}}", "a", 1, "\"sender.nmae\"", 1, 1, "did you mean \"name\"?"},
    {"{{contacts.name}}", "a", 1, "\"contacts.name\"", 1, 1, NULL},
    {"{{title.x}}", "a", 1, "\"title.x\"", 1, 1, NULL},
    /* Names inside sections: the items' keys, and the names outside. */
    {"{{#contacts}}{{name}}{{title}}{{org}}{{phone}}{{email}}{{id}}{{who}}"
     "{{#phones}}{{text}}{{tel}}{{sep}}{{name}}{{/phones}}"
     "{{#emails}}{{address}}{{sep}}{{/emails}}{{/contacts}}",
     "a", 0, NULL, 0, 0, NULL},
    {"{{#contacts}}\n{{nmae}}\n{{/contacts}}", "a", 1, "\"nmae\"", 2, 1, "\"name\""},
    {"{{#contacts}}{{#phones}}{{tell}}{{/phones}}{{/contacts}}", "a", 1, "\"tell\"", 1, 25,
     "\"tel\""},
    {"{{#paragraphs}}{{text}}{{{html}}}{{.}}{{/paragraphs}}"
     "{{#read_more}}{{text}}{{url}}{{/read_more}}"
     "{{#end_sections}}{{text}}{{{html}}}{{#heading}}h{{/heading}}{{/end_sections}}",
     "a", 0, NULL, 0, 0, NULL},
    {"{{#read_more}}{{heading}}{{/read_more}}", "a", 1, "\"heading\"", 1, 15, NULL},
    {"{{#title}}{{.}}{{title}}{{/title}}", "a", 0, NULL, 0, 0, NULL},
    {"{{#title}}{{text}}{{/title}}", "a", 1, "\"text\"", 1, 11, NULL},
    {"{{#sender}}{{name}}{{email}}{{/sender}}{{#embargo}}{{banner}}{{/embargo}}", "a", 0, NULL, 0,
     0, NULL},
    /* Inverted sections push nothing. */
    {"{{^contacts}}{{name}}{{/contacts}}", "a", 1, "\"name\"", 1, 14, NULL},
    /* A section in error is reported once, not every name inside it. */
    {"{{#contatcs}}{{name}}{{phone}}{{/contatcs}}", "a", 1, "\"contatcs\"", 1, 1, "\"contacts\""},
    /* recipient.*: a key one of the lists in play has. */
    {"{{recipient.email}}{{recipient.outlet}}{{recipient.beat}}", "ab", 0, NULL, 0, 0, NULL},
    {"{{recipient.outlet}}", "b", 1, "no list in play (b) has this recipient key", 1, 1, NULL},
    {"x\n{{recipient.desk}}", "ab", 1, "\"recipient.desk\": no list in play (a, b)", 2, 1, NULL},
    {"{{recipient.email}}", "", 0, NULL, 0, 0, NULL},
    {"{{recipient.name}}", "", 1, "no list in play (none)", 1, 1, NULL},
    {"{{#recipient}}{{outlet}}{{beat}}{{email}}{{title}}{{/recipient}}", "ab", 0, NULL, 0, 0, NULL},
    {"{{#recipient}}{{desk}}{{/recipient}}", "ab", 1, "\"desk\"", 1, 15, NULL},
    {"{{#recipient.outlet}}{{recipient.outlet}}{{/recipient.outlet}}", "a", 0, NULL, 0, 0, NULL},
    /* Data inside entries: maps and lists of the list files. */
    {"{{recipient.address.city}}{{#recipient.tags}}{{.}}{{/recipient.tags}}"
     "{{#recipient.links}}{{href}}{{/recipient.links}}",
     "a", 0, NULL, 0, 0, NULL},
    {"{{recipient.address.zip}}", "a", 1, "\"recipient.address.zip\"", 1, 1, NULL},
    {"{{#recipient.links}}{{hrf}}{{/recipient.links}}", "a", 1, "\"hrf\"", 1, 21, NULL},
    /* A partial: its names are checked where it is included, and an error
     * in it is reported once, however often it is included. */
    {"{{#contacts}}{{> p}}{{/contacts}}{{#read_more}}{{> p}}{{/read_more}}", "a", 1, "\"oops\"", 1,
     10, NULL},
};

static int lint_one(const struct lint_case *c, struct diags *d)
{
	put("t.txt", c->txt);
	put("t.html", "x");
	put("p.txt", "{{title}}{{oops}}");
	struct list *lists[2];
	size_t n = 0;
	for (const char *p = c->lists; *p; p++)
		lists[n++] = load(*p == 'a' ? "a" : "b");
	struct renderer r;
	if (render_open(&r, tmpdir, "t", d) < 0)
		fail_msg("render_open: %s", d->v[0].msg);
	int rc = render_lint(&r, lists, n, d);
	render_close(&r);
	for (size_t i = 0; i < n; i++)
		list_free(lists[i]);
	return rc;
}

static void test_lint(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof lint_cases / sizeof lint_cases[0]; i++) {
		const struct lint_case *c = &lint_cases[i];
		struct diags d;
		diags_init(&d);
		int rc = lint_one(c, &d);
		if ((int)diags_errors(&d) != c->errors || rc != (c->errors ? -1 : 0))
			fail_msg("case %zu (%s): %zu errors, rc %d, want %d; first: %s", i, c->txt,
			         diags_errors(&d), rc, c->errors, d.n ? d.v[0].msg : "-");
		if (c->msg) {
			const struct diag *g = &d.v[0];
			if (!strstr(g->msg, c->msg))
				fail_msg("case %zu: message \"%s\" lacks \"%s\"", i, g->msg,
				         c->msg);
			if (c->line && (g->line != c->line || g->col != c->col))
				fail_msg("case %zu: at %d:%d, want %d:%d", i, g->line, g->col,
				         c->line, c->col);
			if (!g->file ||
			    !strstr(g->file,
			            c->line == 1 && strstr(c->msg, "oops") ? "/p.txt" : "/t.txt"))
				fail_msg("case %zu: file %s", i, g->file ? g->file : "(none)");
			if (c->hint && (!g->hint || !strstr(g->hint, c->hint)))
				fail_msg("case %zu: hint \"%s\" lacks \"%s\"", i,
				         g->hint ? g->hint : "", c->hint);
		}
		diags_free(&d);
	}
}

/* The HTML template is linted too, and names its own file. */
static void test_lint_html(void **state)
{
	(void)state;
	put("t.txt", "{{title}}");
	put("t.html", "<p>{{titl}}</p>");
	struct renderer r;
	struct diags d;
	diags_init(&d);
	assert_int_equal(render_open(&r, tmpdir, "t", &d), 0);
	assert_int_equal(render_lint(&r, NULL, 0, &d), -1);
	assert_int_equal(diags_errors(&d), 1);
	assert_non_null(strstr(d.v[0].file, "/t.html"));
	assert_int_equal(d.v[0].col, 4);
	render_close(&r);
	diags_free(&d);
}

/* ---- the context, through render_parts ---- */

static struct contact contacts[] = {
    {.name = "Ana Lima", .phone = "+44 (0)20 7946 0000, (M) 07700 900123"},
    {.name = "Bo Chen",
     .title = "Director",
     .org = "Org",
     .phone = "030/1234567 / +1 555 0100",
     .email = "bo@example.org"},
    /* no name, organisation or title: a hotline */
    {.phone = "Tel (24h): +44 20 7946 0999 x12, Fax: 020 7946 0998, 202-358-1237/1726",
     .email = "a@example.org, b@example.org"},
};
static char *paras[] = {"First <para> & “quotes”.", "Second paragraph."};
static char *ends[] = {"Notes to editors", "1. The report is online.\n2. Photos on request."};
static struct link links[] = {{.text = "A link", .url = "https://example.org/a"},
                              {.text = "No URL", .url = NULL}};

static void fake_release(struct release *rel)
{
	memset(rel, 0, sizeof *rel);
	rel->id = "2023-08-14-headline";
	rel->title = "The Headline & <More>";
	rel->subject = rel->title;
	rel->release_line = "For immediate release";
	rel->contacts = contacts;
	rel->ncontacts = 3;
	rel->paragraphs = paras;
	rel->nparagraphs = 2;
	rel->end_sections = ends;
	rel->nend_sections = 2;
	rel->read_more = links;
	rel->nread_more = 2;
}

/* Render txt (and html) for rel and the first recipient of the lists. */
static void render_with(const char *txt, const char *html, const struct release *rel,
                        struct list **lists, size_t n, const struct recipient *rcpt,
                        struct strbuf *text, struct strbuf *out_html)
{
	put("t.txt", txt);
	put("t.html", html);
	struct renderer r;
	struct diags d;
	diags_init(&d);
	if (render_open(&r, tmpdir, "t", &d) < 0)
		fail_msg("render_open: %s", d.v[0].msg);
	render_set_release(&r, rel, "Press Office", "press@example.org");
	render_set_lists(&r, lists, n);
	if (rcpt)
		render_set_recipient(&r, rcpt, "https://example.org/u", NULL);
	assert_int_equal(render_parts(&r, text, out_html, &d), 0);
	render_close(&r);
	diags_free(&d);
}

struct ctx_case {
	const char *tmpl;
	const char *want; /* the rendered text part (width 0 via the directive) */
};

static const struct ctx_case ctx_cases[] = {
    /* A contact without a title renders "", not the release's title. */
    {"{{#contacts}}[{{title}}]{{/contacts}}", "[][Director][]"},
    {"{{#contacts}}[{{org}}|{{email}}]{{/contacts}}",
     "[|][Org|bo@example.org][|a@example.org, b@example.org]"},
    /* A read-more item without a URL: null, not inherited. */
    {"{{#read_more}}[{{url}}]{{/read_more}}", "[https://example.org/a][]"},
    /* Phones: one per number, tel as digits and a leading +. */
    {"{{#contacts}}{{#phones}}{{text}}={{tel}};{{/phones}}{{/contacts}}",
     "+44 (0)20 7946 0000=+442079460000;(M) 07700 900123=07700900123;"
     "030/1234567=0301234567;+1 555 0100=+15550100;"
     /* the "24" of a label is no number's; an extension; a fax and a
      * number written as two have no tel */
     "Tel (24h): +44 20 7946 0999 x12=+442079460999;ext=12;Fax: 020 7946 0998=;"
     "202-358-1237/1726=;"},
    /* who: a name, an organisation or a job heads the contact; sep: a
     * line stands before the number or address; an address each */
    {"{{#contacts}}{{#who}}W{{/who}}{{#phones}}{{#sep}}|{{/sep}}p{{/phones}}"
     "{{#emails}}{{#sep}}|{{/sep}}{{address}}{{/emails}};{{/contacts}}",
     "W|p|p;W|p|p|bo@example.org;p|p|p|a@example.org|b@example.org;"},
    /* End sections as written, with heading flags. */
    {"{{#end_sections}}{{#heading}}# {{/heading}}{{text}}\n{{/end_sections}}",
     "# Notes to editors\n1. The report is online.\n2. Photos on request.\n"},
    {"{{#has_end_sections}}yes{{/has_end_sections}}{{^markdown}} text{{/markdown}}", "yes text"},
    /* Text is not escaped; the embargo of a normal copy is empty. */
    {"{{title}}|{{#embargo}}E{{/embargo}}|{{list.name}}|{{unsubscribe_url}}",
     "The Headline & <More>||a|https://example.org/u"},
    {"{{#paragraphs}}{{text}}\n{{/paragraphs}}", "First <para> & “quotes”.\nSecond paragraph.\n"},
    {"{{body_text}}", "First <para> & “quotes”.\n\nSecond paragraph."},
};

static void test_context(void **state)
{
	(void)state;
	struct release rel;
	fake_release(&rel);
	struct list *a = load("a");
	for (size_t i = 0; i < sizeof ctx_cases / sizeof ctx_cases[0]; i++) {
		struct strbuf text, html;
		strbuf_init(&text);
		strbuf_init(&html);
		char *tmpl = xasprintf("{{! wrap: off }}%s", ctx_cases[i].tmpl);
		render_with(tmpl, "x", &rel, &a, 1, &a->r[0], &text, &html);
		if (strcmp(text.buf, ctx_cases[i].want) != 0)
			fail_msg("case %zu: %s\n got: [%s]\nwant: [%s]", i, ctx_cases[i].tmpl,
			         text.buf, ctx_cases[i].want);
		free(tmpl);
		strbuf_release(&text);
		strbuf_release(&html);
	}
	list_free(a);
}

/* A recipient without a key another entry has gets null: the lookup stops
 * there instead of finding the release's title. */
static void test_recipient_nulls(void **state)
{
	(void)state;
	struct release rel;
	fake_release(&rel);
	struct list *lists[2] = {load("a"), load("b")};
	const char *tmpl = "{{#recipient}}[{{title}}|{{outlet}}|{{beat}}|{{email}}]{{/recipient}}";
	const struct {
		const struct recipient *r;
		const char *want;
	} cases[] = {
	    {&lists[0]->r[0], "[Editor|Daily||ana@example.com]"},
	    {&lists[0]->r[1], "[|||bo@example.com]"},
	    {&lists[1]->r[0], "[||tech|cy@example.com]"},
	};
	for (size_t i = 0; i < 3; i++) {
		struct strbuf text, html;
		strbuf_init(&text);
		strbuf_init(&html);
		render_with(tmpl, "x", &rel, lists, 2, cases[i].r, &text, &html);
		assert_string_equal(text.buf, cases[i].want);
		strbuf_release(&text);
		strbuf_release(&html);
	}
	/* The list's own data is left as it was. */
	struct value *f = recipient_fields(&lists[0]->r[1]);
	assert_null(value_map_get(f, "title"));
	value_free(f);
	list_free(lists[0]);
	list_free(lists[1]);
}

/* The HTML part escapes what it interpolates; html values are ready. */
static void test_html_values(void **state)
{
	(void)state;
	struct release rel;
	fake_release(&rel);
	struct list *a = load("a");
	struct strbuf text, html;
	strbuf_init(&text);
	strbuf_init(&html);
	render_with("x",
	            "{{title}}|{{#paragraphs}}{{{html}}};{{/paragraphs}}|"
	            "{{#end_sections}}{{{html}}};{{/end_sections}}|{{{body_html}}}",
	            &rel, &a, 1, &a->r[0], &text, &html);
	assert_string_equal(
	    html.buf, "The Headline &amp; &lt;More&gt;|"
	              "First &lt;para&gt; &amp; “quotes”.;Second paragraph.;|"
	              "Notes to editors;1. The report is online.<br>\n2. Photos on request.;|"
	              "<p>First &lt;para&gt; &amp; “quotes”.</p>\n<p>Second paragraph.</p>\n");
	strbuf_release(&text);
	strbuf_release(&html);
	list_free(a);
}

/* format: markdown: cmark's HTML without raw HTML, the plain form in text. */
static void test_markdown_body(void **state)
{
	(void)state;
	struct release rel;
	fake_release(&rel);
	char *md[] = {"Read *this* and [the report](https://example.org/r).", "- one\n- two",
	              "<script>alert(1)</script>", "Last."};
	rel.paragraphs = md;
	rel.nparagraphs = 4;
	rel.markdown = true;
	struct list *a = load("a");
	struct strbuf text, html;
	strbuf_init(&text);
	strbuf_init(&html);
	render_with("{{! wrap: off }}{{#paragraphs}}{{text}}\n{{/paragraphs}}--\n{{body_text}}",
	            "{{#markdown}}{{{body_html}}}{{/markdown}}", &rel, &a, 1, &a->r[0], &text,
	            &html);
	assert_string_equal(text.buf, "Read *this* and the report <https://example.org/r>.\n"
	                              "- one\n- two\nLast.\n--\n"
	                              "Read *this* and the report <https://example.org/r>.\n\n"
	                              "- one\n- two\n\nLast.");
	assert_non_null(strstr(html.buf, "<em>this</em>"));
	assert_non_null(strstr(html.buf, "<a href=\"https://example.org/r\">the report</a>"));
	assert_non_null(strstr(html.buf, "<li>one</li>"));
	assert_null(strstr(html.buf, "<script"));
	assert_null(strstr(text.buf, "<script"));
	strbuf_release(&text);
	strbuf_release(&html);
	list_free(a);
}

/* The text part is wrapped at 72 by default, at the directive's width, or
 * not at all; a bad directive is an error at the top of the template. */
static void test_wrap_directive(void **state)
{
	(void)state;
	struct release rel;
	fake_release(&rel);
	char *long_para[] = {"aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm "
	                     "nnnn oooo pppp"};
	rel.paragraphs = long_para;
	rel.nparagraphs = 1;
	const struct {
		const char *head;
		const char *want;
	} cases[] = {
	    {"",
	     "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn\noooo pppp"},
	    {"{{! wrap: 30 }}\n",
	     "aaaa bbbb cccc dddd eeee ffff\ngggg hhhh iiii jjjj kkkk llll\nmmmm nnnn oooo pppp"},
	    {"{{!wrap:off}}", "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm "
	                      "nnnn oooo pppp"},
	    {"{{! wrap: 0 }}", "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm "
	                       "nnnn oooo pppp"},
	    {"{{! just a comment }}",
	     "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn\noooo pppp"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct strbuf text, html;
		strbuf_init(&text);
		strbuf_init(&html);
		char *tmpl = xasprintf("%s{{#paragraphs}}{{text}}{{/paragraphs}}", cases[i].head);
		render_with(tmpl, "x", &rel, NULL, 0, NULL, &text, &html);
		if (strcmp(text.buf, cases[i].want) != 0)
			fail_msg("case %zu: got [%s]", i, text.buf);
		free(tmpl);
		strbuf_release(&text);
		strbuf_release(&html);
	}
	const char *bad[] = {"{{! wrap: 5 }}", "{{! wrap: wide }}", "{{! wrap: 1000 }}",
	                     "{{! wrap: -72 }}", "{{! wrap: 72px }}"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		put("t.txt", bad[i]);
		put("t.html", "x");
		struct renderer r;
		struct diags d;
		diags_init(&d);
		if (render_open(&r, tmpdir, "t", &d) == 0)
			fail_msg("\"%s\" was accepted", bad[i]);
		assert_non_null(strstr(d.v[0].msg, "bad wrap directive"));
		assert_int_equal(d.v[0].line, 1);
		render_close(&r);
		diags_free(&d);
	}
}

static const struct {
	const char *in, *want;
} link_cases[] = {
    {"See https://example.org/a.",
     "See <a href=\"https://example.org/a\">https://example.org/a</a>."},
    {"(https://x.org/a_(b))", "(<a href=\"https://x.org/a_(b)\">https://x.org/a_(b)</a>)"},
    {"at https://x.org/?a=1&b=2, then",
     "at <a href=\"https://x.org/?a=1&amp;b=2\">https://x.org/?a=1&amp;b=2</a>, then"},
    {"http://a.org and HTTPS://b.org/",
     "<a href=\"http://a.org\">http://a.org</a> and <a href=\"HTTPS://b.org/\">HTTPS://b.org/</a>"},
    {"nohttps://x.org", "nohttps://x.org"},
    {"https:// alone", "https:// alone"},
    {"a <b> & “c”", "a &lt;b&gt; &amp; “c”"},
    {"\"https://x.org/q\"", "&quot;https://x.org/q&quot;"},
};

static void test_linkify(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof link_cases / sizeof link_cases[0]; i++) {
		struct strbuf out;
		strbuf_init(&out);
		render_html_linkify(&out, link_cases[i].in);
		if (strcmp(out.buf, link_cases[i].want) != 0)
			fail_msg("case %zu: got [%s]\nwant [%s]", i, out.buf, link_cases[i].want);
		strbuf_release(&out);
	}
}

/* A clone renders from the bytes the original read, partials included,
 * whatever happens to the files afterwards. */
static void test_clone(void **state)
{
	(void)state;
	put("c.txt", "{{! wrap: off }}{{title}} [{{> part}}] {{list.name}}");
	put("c.html", "<p>{{title}}</p>{{> part}}");
	put("part.txt", "txt partial");
	put("part.html", "<b>html partial</b>");
	struct release rel;
	fake_release(&rel);
	struct diags d;
	diags_init(&d);
	struct list *a = list_load("a", tmpdir, &d);
	assert_non_null(a);
	struct renderer r, c;
	assert_int_equal(render_open(&r, tmpdir, "c", &d), 0);
	assert_int_equal(render_lint(&r, &a, 1, &d), 0); /* reads the partials */
	render_set_release(&r, &rel, "Press Office", "press@example.org");
	put("c.txt", "{{title}} CHANGED");
	rm("part.txt");
	rm("part.html");
	assert_int_equal(render_clone(&c, &r, &d), 0);
	render_set_release(&c, &rel, "Press Office", "press@example.org");
	struct renderer *both[2] = {&r, &c};
	struct strbuf text[2], html[2];
	for (int i = 0; i < 2; i++) {
		strbuf_init(&text[i]);
		strbuf_init(&html[i]);
		render_set_recipient(both[i], &a->r[0], NULL, NULL);
		assert_int_equal(render_parts(both[i], &text[i], &html[i], &d), 0);
	}
	assert_string_equal(text[0].buf, "The Headline & <More> [txt partial] a");
	assert_string_equal(text[1].buf, text[0].buf);
	assert_string_equal(html[1].buf, html[0].buf);
	for (int i = 0; i < 2; i++) {
		strbuf_release(&text[i]);
		strbuf_release(&html[i]);
	}
	render_close(&c);
	render_close(&r);
	list_free(a);
	diags_free(&d);
	rm("c.txt");
	rm("c.html");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lint),           cmocka_unit_test(test_lint_html),
	    cmocka_unit_test(test_context),        cmocka_unit_test(test_recipient_nulls),
	    cmocka_unit_test(test_html_values),    cmocka_unit_test(test_markdown_body),
	    cmocka_unit_test(test_wrap_directive), cmocka_unit_test(test_linkify),
	    cmocka_unit_test(test_clone),
	};
	return cmocka_run_group_tests_name("render", tests, setup, teardown);
}
