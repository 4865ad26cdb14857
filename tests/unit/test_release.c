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
#include "utf8.h"
#include "release_int.h"
#include "testlib.h"
#include "util.h"

static void parse_text(const char *text, size_t len, struct release *rel)
{
	tl_parse_release(text, len, NULL, rel);
}

static void parse_str(const char *text, struct release *rel)
{
	parse_text(text, strlen(text), rel);
}

static void test_example(void **state)
{
	(void)state;
	const char *dir = getenv("srcdir");
	char *path = xasprintf("%s/examples/uhrp-investment-ban-2023-08-14.txt", dir ? dir : ".");
	struct release rel;
	struct release_opts o = {{0}};
	assert_int_equal(release_parse(path, &o, &rel), 0);
	assert_null(tl_first_error(&rel.diags));
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
	assert_string_equal(rel.read_more[0].text,
	                    "UHRP Welcomes New Sanctions on Chinese DNA "
	                    "Company BGI for Targeting Uyghurs, March 7, 202");
	const struct diag *w = tl_first(&rel.diags, DIAG_WARNING);
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
	assert_null(tl_first_error(&rel.diags));
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
		const struct diag *e = tl_first(&rel.diags, DIAG_ERROR);
		if (!e)
			fail_msg("case %zu: no error", i);
		if (e->line != c->line || e->col != c->col || !strstr(e->msg, c->msg))
			fail_msg("case %zu: got %d:%d %s, want %d:%d %s", i, e->line, e->col,
			         e->msg, c->line, c->col, c->msg);
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
		assert_null(tl_first_error(&rel.diags));
		assert_string_equal(rel.title, "Headline Here");
		assert_int_equal(rel.nparagraphs, 2);
		assert_string_equal(rel.paragraphs[1], "Two.");
		release_free(&rel);
	}
}

/* Times in the body that are not embargo statements never give the
 * instant: a release that says "EMBARGOED" and no time is refused. */
static void test_body_times_ignored(void **state)
{
	(void)state;
	struct release rel;
	parse_str("Headline\n\nEMBARGOED\n\nThe hearing is on August 20, 2023 at 3:00 p.m. EDT.\n",
	          &rel);
	assert_int_equal(rel.status, RELEASE_EMBARGOED);
	assert_false(rel.has_instant);
	const struct diag *e = tl_first(&rel.diags, DIAG_ERROR);
	assert_non_null(e);
	assert_non_null(strstr(e->msg, "says the release is embargoed but not until when"));
	assert_int_equal(e->line, 3);
	assert_non_null(strstr(rel.decision, "REFUSED"));
	release_free(&rel);
}

static void test_ids(void **state)
{
	(void)state;
	struct release r = {.title = "Hello, World! It's 2023's best: \xe2\x80\x9cNews\xe2\x80\x9d",
	                    .has_instant = true,
	                    .release_at = 1692028800,
	                    .utc_offset = -4 * 3600};
	char *id = release_make_id(&r);
	assert_string_equal(id, "2023-08-14-hello-world-it-2023-best-news");
	free(id);
	r = (struct release){.title = "Late night news",
	                     .has_instant = true,
	                     .release_at = 1692072000,
	                     .utc_offset = -4 * 3600}; /* 00:00 EDT */
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

/* ---- layouts ---- */

static void check_str(size_t i, const char *what, const char *got, const char *want)
{
	if ((got == NULL) != (want == NULL) || (got && strcmp(got, want) != 0))
		fail_msg("case %zu %s: got \"%s\", want \"%s\"", i, what, got ? got : "(null)",
		         want ? want : "(null)");
}

static const char *utc_or_null(const struct release *rel, char buf[32])
{
	if (!rel->has_instant)
		return NULL;
	timeparse_format_utc(rel->release_at, buf);
	return buf;
}

struct layout_case {
	const char *text;
	const char *title, *subtitle, *release_line, *dateline;
	enum release_status status;
	const char *release_at; /* UTC, or NULL for none */
	size_t nparagraphs;
	const char *first_paragraph; /* NULL: not checked */
	size_t ncontacts, nend_sections, nread_more;
};

static const struct layout_case layout_cases[] = {
    /* 0: a headline wrapped after "for"; the dateline starts the body. */
    {"Minister Announces Funding for\nRural Railway Stations\n\n"
     "LONDON, 14 August 2023 \xe2\x80\x93 The minister said.\n",
     "Minister Announces Funding for Rural Railway Stations", NULL, NULL, "LONDON, 14 August 2023",
     RELEASE_IMMEDIATE, NULL, 1, "The minister said.", 0, 0, 0},
    /* 1: two lines in capitals, then a subtitle right under them. */
    {"CITY APPROVES PLAN\nTO REBUILD PIERS\nCouncil vote was 8-1\n\n"
     "SEATTLE \xe2\x80\x93 The council voted.\n",
     "CITY APPROVES PLAN TO REBUILD PIERS", "Council vote was 8-1", NULL, "SEATTLE",
     RELEASE_IMMEDIATE, NULL, 2, "Council vote was 8-1", 0, 0, 0},
    /* 2: a short title-case line over another: headline and subtitle. */
    {"Big News Today\nSmall Towns Benefit Most\n\nFOR IMMEDIATE RELEASE\n\nBody text.\n",
     "Big News Today", "Small Towns Benefit Most", "FOR IMMEDIATE RELEASE", NULL, RELEASE_IMMEDIATE,
     NULL, 2, NULL, 0, 0, 0},
    /* 3: the release line's time on the next line. */
    {"Headline\n\nEMBARGOED UNTIL:\n00:01 BST, Tuesday 15 August 2023\n\nBody.\n", "Headline", NULL,
     "EMBARGOED UNTIL: 00:01 BST, Tuesday 15 August 2023", NULL, RELEASE_EMBARGOED,
     "2023-08-14T23:01:00Z", 1, "Body.", 0, 0, 0},
    /* 4-7: other ways to say embargoed. */
    {"Headline\nUnder embargo until 10:00 CEST, 14 September 2023\n\nBody.\n", "Headline", NULL,
     "Under embargo until 10:00 CEST, 14 September 2023", NULL, RELEASE_EMBARGOED,
     "2023-09-14T08:00:00Z", 1, NULL, 0, 0, 0},
    {"EMBARGO LIFTS 06:00 GMT+8, 16 AUGUST 2023\n\nHeadline\n\nBody.\n", "Headline", NULL,
     "EMBARGO LIFTS 06:00 GMT+8, 16 AUGUST 2023", NULL, RELEASE_EMBARGOED, "2023-08-15T22:00:00Z",
     1, NULL, 0, 0, 0},
    {"Headline\n\nEmbargoed: 9 a.m. ET, August 14, 2023\n\nBody.\n", "Headline", NULL,
     "Embargoed: 9 a.m. ET, August 14, 2023", NULL, RELEASE_EMBARGOED, "2023-08-14T13:00:00Z", 1,
     NULL, 0, 0, 0},
    {"Headline\n\nEMBARGO: not for publication or broadcast before 00:01 BST, Tuesday 15 "
     "August 2023\n\nBody.\n",
     "Headline", NULL,
     "EMBARGO: not for publication or broadcast before 00:01 BST, Tuesday 15 August 2023", NULL,
     RELEASE_EMBARGOED, "2023-08-14T23:01:00Z", 1, NULL, 0, 0, 0},
    /* 8: body times never give the instant, whatever they look like. */
    {"Headline\n\nJoin us on August 20, 2023 at 3:00 p.m. EDT\n\n"
     "WHEN: Tuesday, August 15, 2023, 10:00 a.m. EDT\n\n"
     "The hearing is on August 20, 2023 at 3:00 p.m. EDT.\n",
     "Headline", NULL, NULL, NULL, RELEASE_IMMEDIATE, NULL, 3,
     "Join us on August 20, 2023 at 3:00 p.m. EDT", 0, 0, 0},
    /* 9: a wire tag after the date. */
    {"Headline\n\nWASHINGTON, Aug. 14, 2023, 9:00 a.m. EDT /PRNewswire/ -- The company "
     "said.\n",
     "Headline", NULL, NULL, "WASHINGTON, Aug. 14, 2023, 9:00 a.m. EDT /PRNewswire/",
     RELEASE_IMMEDIATE, "2023-08-14T13:00:00Z", 1, "The company said.", 0, 0, 0},
    /* 10: Business Wire's tag after the place. */
    {"Headline\n\nSAN FRANCISCO--(BUSINESS WIRE)--Example Corp. today said.\n", "Headline", NULL,
     NULL, "SAN FRANCISCO--(BUSINESS WIRE)", RELEASE_IMMEDIATE, NULL, 1,
     "Example Corp. today said.", 0, 0, 0},
    /* 11: end sections, contacts after "###", read-more items with URLs. */
    {"Headline\n\nBody one.\n\nAbout 40 per cent of people agree.\n\nRead more:\n"
     "- First report \xe2\x80\x93 https://example.org/one\nSecond report\n"
     "https://example.org/two\n\nAbout Example Org\nExample Org is a charity.\n\n###\n\n"
     "Jane Doe\n+1 202 555 0101\njane@example.org\n",
     "Headline", NULL, NULL, NULL, RELEASE_IMMEDIATE, NULL, 2, "Body one.", 1, 1, 2},
    /* 12: prose that starts like a release line or a label is prose. */
    {"Headline\n\nEmbargoes on grain exports were lifted in June.\n\nStatements from both "
     "sides followed.\n",
     "Headline", NULL, NULL, NULL, RELEASE_IMMEDIATE, NULL, 2,
     "Embargoes on grain exports were lifted in June.", 0, 0, 0},
    /* 13: labels, and a dateline indented with blanks and a no-break space. */
    {"MEDIA ADVISORY\n\nHeadline\n\n \xc2\xa0"
     "Brussels, 14 September 2023\n\nBody.\n",
     "Headline", NULL, NULL, "Brussels, 14 September 2023", RELEASE_IMMEDIATE, NULL, 1, "Body.", 0,
     0, 0},
    /* 14: a contact block at the top, several contacts after a label. */
    {"FOR IMMEDIATE RELEASE\nMedia contacts:\n\nJane Doe, 202-555-0101\n\nJohn Roe, "
     "202-555-0102\n\nHeadline\n\nBody.\n",
     "Headline", NULL, "FOR IMMEDIATE RELEASE", NULL, RELEASE_IMMEDIATE, NULL, 1, "Body.", 2, 0, 0},
    /* 15: a list after a heading keeps its line breaks. */
    {"Headline\n\nHighlights of the Quarter\n- Revenue up\n- Costs down\n", "Headline", NULL, NULL,
     NULL, RELEASE_IMMEDIATE, NULL, 1, "Highlights of the Quarter\n- Revenue up\n- Costs down", 0,
     0, 0},
    /* 16, 17: "For release: immediately" is immediate, "for release at" is not;
     * markdown heading marks are not part of the headline. */
    {"# Headline\nFor release: immediately\n\nBody.\n", "Headline", NULL,
     "For release: immediately", NULL, RELEASE_IMMEDIATE, NULL, 1, "Body.", 0, 0, 0},
    {"Headline\nFOR RELEASE AT 10:00 CEST, 14 SEPTEMBER 2023\n\nBody.\n", "Headline", NULL,
     "FOR RELEASE AT 10:00 CEST, 14 SEPTEMBER 2023", NULL, RELEASE_EMBARGOED,
     "2023-09-14T08:00:00Z", 1, "Body.", 0, 0, 0},
    /* 18, 19: a label beside a name; a headline that only starts like a label. */
    {"Example Ministry | Press release\n\nHeadline\n\nBody.\n", "Headline", NULL, NULL, NULL,
     RELEASE_IMMEDIATE, NULL, 1, "Body.", 0, 0, 0},
    {"News \xe2\x80\x93 Minister resigns\n\nBody.\n", "News \xe2\x80\x93 Minister resigns", NULL,
     NULL, NULL, RELEASE_IMMEDIATE, NULL, 1, "Body.", 0, 0, 0},
    /* 20-22: a letterhead over the release line, a date and contacts, or
     * over a label, is not the headline... */
    {"Example Human Rights Project\nFOR IMMEDIATE RELEASE\nAugust 14, 2023\n\n"
     "Contact: Jane Doe, +1 202 555 0100, press@example.org\n\nHeadline Under the Letterhead\n\n"
     "WASHINGTON \xe2\x80\x94 Body one.\n\nBody two.\n",
     "Headline Under the Letterhead", NULL, "FOR IMMEDIATE RELEASE", "August 14, 2023",
     RELEASE_IMMEDIATE, NULL, 2, "WASHINGTON \xe2\x80\x94 Body one.", 1, 0, 0},
    {"Example Ministry\n1 Main Street, Springfield\nPRESS RELEASE\n\nHeadline\n\nBody one.\n\n"
     "Body two.\n",
     "Headline", NULL, NULL, NULL, RELEASE_IMMEDIATE, NULL, 2, "Body one.", 0, 0, 0},
    /* ... but a headline right over the release line stays the headline. */
    {"Headline\nFOR IMMEDIATE RELEASE\n\nBody one.\n\nBody two.\n", "Headline", NULL,
     "FOR IMMEDIATE RELEASE", NULL, RELEASE_IMMEDIATE, NULL, 2, "Body one.", 0, 0, 0},
    /* 23-27: a head in two columns: the release line and its time on the
     * left, the contact on the right (the last line right only)... */
    {"EMBARGOED UNTIL 00:01 BST, 15 August 2023     Media contact: Jane Doe\n"
     "                                              020 7946 0000\n"
     "                                              press@example.org.uk\n\nHeadline\n\nBody.\n",
     "Headline", NULL, "EMBARGOED UNTIL 00:01 BST, 15 August 2023", NULL, RELEASE_EMBARGOED,
     "2023-08-14T23:01:00Z", 1, "Body.", 1, 0, 0},
    /* ... or one line with a contact label on the right; not when the
     * right column is no contact ... */
    {"FOR IMMEDIATE RELEASE        Contact: Jane Doe, 020 7946 0000\n\nHeadline\n\nBody.\n",
     "Headline", NULL, "FOR IMMEDIATE RELEASE", NULL, RELEASE_IMMEDIATE, NULL, 1, "Body.", 1, 0, 0},
    {"FOR IMMEDIATE RELEASE                    Ref. 2023/114\n\nHeadline\n\nBody.\n", "Headline",
     NULL, "FOR IMMEDIATE RELEASE                    Ref. 2023/114", NULL, RELEASE_IMMEDIATE, NULL,
     1, "Body.", 0, 0, 0},
    /* ... columns lined up with tabs (to multiples of eight) ... */
    {"FOR IMMEDIATE RELEASE\t\t\tContact: Jane Doe\nAugust 14, 2023\t\t\t\t+1 202 555 0100\n\n"
     "Headline\n\nBody.\n",
     "Headline", NULL, "FOR IMMEDIATE RELEASE", "August 14, 2023", RELEASE_IMMEDIATE, NULL, 1,
     "Body.", 1, 0, 0},
    /* ... and never in the body. */
    {"Headline\n\nBody.\n\nRegion        Jobs\nNorth         Jane Doe, 020 7946 0000\n"
     "South         jane@example.org\n",
     "Headline", NULL, NULL, NULL, RELEASE_IMMEDIATE, NULL, 2, "Body.", 0, 0, 0},
    /* 29, 30: emphasis around a whole headline or subtitle is markup, not
     * words; inside them it stays. */
    {"**Headline**\n*A subtitle*\n\nFOR IMMEDIATE RELEASE\n\nBody.\n", "Headline", "A subtitle",
     "FOR IMMEDIATE RELEASE", NULL, RELEASE_IMMEDIATE, NULL, 2, "*A subtitle*", 0, 0, 0},
    {"*Partly* emphasised *here*\n\nBody.\n", "*Partly* emphasised *here*", NULL, NULL, NULL,
     RELEASE_IMMEDIATE, NULL, 1, "Body.", 0, 0, 0},
    /* 31, 32: runs of blanks, and no-break spaces, between the words of a
     * label or a release line, as word processors leave them. */
    {"NEWS \xc2\xa0 RELEASE\n\nHeadline\nFOR IMMEDIATE  RELEASE\n\nBody.\n", "Headline", NULL,
     "FOR IMMEDIATE  RELEASE", NULL, RELEASE_IMMEDIATE, NULL, 1, "Body.", 0, 0, 0},
    {"Headline\n\nUnder\xc2\xa0\xc2\xa0"
     "embargo   until 10:00 CEST, 14 September 2023\n\nBody.\n",
     "Headline", NULL,
     "Under\xc2\xa0\xc2\xa0"
     "embargo   until 10:00 CEST, 14 September 2023",
     NULL, RELEASE_EMBARGOED, "2023-09-14T08:00:00Z", 1, "Body.", 0, 0, 0},
    /* 33, 34: where a printed release turned the page ("-more-", "Page 1 of
     * 2" alone on a line) is not text; a sentence about a page is. */
    {"Headline\n\nFirst.\n\n- MORE -\n\nPage 1 of 2\n\n(more)\n\nSecond.\n\nPage 2/2\n", "Headline",
     NULL, NULL, NULL, RELEASE_IMMEDIATE, NULL, 2, "First.", 0, 0, 0},
    {"Headline\n\nPage 3 of 40 shows the growth.\n\nMore\n", "Headline", NULL, NULL, NULL,
     RELEASE_IMMEDIATE, NULL, 2, "Page 3 of 40 shows the growth.", 0, 0, 0},
    /* 35: emphasis around a whole release line is markup too; the instant
     * is still read from the line as written. */
    {"Headline\n\n**EMBARGOED UNTIL 00:01 BST, 15 August 2023**\n\nBody.\n", "Headline", NULL,
     "EMBARGOED UNTIL 00:01 BST, 15 August 2023", NULL, RELEASE_EMBARGOED, "2023-08-14T23:01:00Z",
     1, "Body.", 0, 0, 0},
    /* 36-38: a sentence set apart from the headline by a blank line is the
     * body, even right before contacts; a deck without a stop, or a
     * sentence right under the headline, is a subtitle. */
    {"Minister welcomes report\n\nThe Minister for Example today welcomed the report.\n\n"
     "Media contact: Sam Carter 0400 000 000\n",
     "Minister welcomes report", NULL, NULL, NULL, RELEASE_IMMEDIATE, NULL, 1,
     "The Minister for Example today welcomed the report.", 1, 0, 0},
    {"Headline\n\nA deck of six words or more here\n\nFOR IMMEDIATE RELEASE\n\nBody.\n", "Headline",
     "A deck of six words or more here", "FOR IMMEDIATE RELEASE", NULL, RELEASE_IMMEDIATE, NULL, 2,
     "A deck of six words or more here", 0, 0, 0},
    {"Headline\nThe council voted eight to one last night.\n\nFOR IMMEDIATE RELEASE\n\nBody.\n",
     "Headline", "The council voted eight to one last night.", "FOR IMMEDIATE RELEASE", NULL,
     RELEASE_IMMEDIATE, NULL, 2, "The council voted eight to one last night.", 0, 0, 0},
    /* 39: a short block after the release line, before contacts, is body:
     * a subtitle stands right under the headline. */
    {"Headline\n\nFOR IMMEDIATE RELEASE\n\nBody.\n\nContact\nJane Doe | +1 202 555 0100\n",
     "Headline", NULL, "FOR IMMEDIATE RELEASE", NULL, RELEASE_IMMEDIATE, NULL, 1, "Body.", 1, 0, 0},
    /* 40-45: a dateline written on the headline's line is never part of
     * the headline: it and the text after it begin the body.  In a
     * headline in capitals the place is the last word before the comma,
     * or the last two ("NEW YORK"). */
    {"NEWS RELEASE\n\nSUPREME COURT OF CANADA ANNOUNCES JUDGMENT IN APPEAL OTTAWA, 2010-02-12. "
     "THE SUPREME COURT OF CANADA HAS TODAY DEPOSITED JUDGMENT.\nIT FOLLOWS.\n\nMore.\n",
     "SUPREME COURT OF CANADA ANNOUNCES JUDGMENT IN APPEAL", NULL, NULL, "OTTAWA, 2010-02-12",
     RELEASE_IMMEDIATE, NULL, 2,
     "THE SUPREME COURT OF CANADA HAS TODAY DEPOSITED JUDGMENT. IT FOLLOWS.", 0, 0, 0},
    {"Minister opens new bridge LONDON, 14 August 2023 \xe2\x80\x93 The minister opened it.\n\n"
     "More.\n",
     "Minister opens new bridge", NULL, NULL, "LONDON, 14 August 2023", RELEASE_IMMEDIATE, NULL, 2,
     "The minister opened it.", 0, 0, 0},
    {"ACME REPORTS RECORD THIRD QUARTER NEW YORK, March 3, 2022 /PRNewswire/ -- Acme Corp. said.\n",
     "ACME REPORTS RECORD THIRD QUARTER", NULL, NULL, "NEW YORK, March 3, 2022 /PRNewswire/",
     RELEASE_IMMEDIATE, NULL, 1, "Acme Corp. said.", 0, 0, 0},
    {"Acme Opens Plant in Texas MEXICO CITY, 3 March 2022 -- Acme said.\n",
     "Acme Opens Plant in Texas", NULL, NULL, "MEXICO CITY, 3 March 2022", RELEASE_IMMEDIATE, NULL,
     1, "Acme said.", 0, 0, 0},
    {"Supreme Court Announces Judgment in Appeal OTTAWA, 2010-02-12\n\nThe court ruled.\n",
     "Supreme Court Announces Judgment in Appeal", NULL, NULL, "OTTAWA, 2010-02-12",
     RELEASE_IMMEDIATE, NULL, 1, "The court ruled.", 0, 0, 0},
    /* a site's section in a word or two above a headline in title case */
    {"Analysis\n\nCypress Announces First-Ever Cash Dividend\n\n13th May 2011\nES Admin\n0\n"
     "Cypress Semiconductor Corp. today announced a dividend policy.\n",
     "Cypress Announces First-Ever Cash Dividend", NULL, NULL, "13th May 2011", RELEASE_IMMEDIATE,
     NULL, 1, NULL, 0, 0, 0},
    /* skip links run into the menu, an image's words; an "Information:"
     * heading alone over the contact, and site text under it */
    {"Skip first menu Skip all menus Canada Example Heritage Government of Canada\n"
     "Fran\xc3\xa7"
     "aisContact UsHelpSearch\nNews Release Banner\n\n"
     "Government of Canada Announces Funding to Two Groups\n\n"
     "LABRADOR CITY, August 29, 2003 -- The minister announced funding.\n\nInformation:\n\n"
     "Jane Doe\nPress Secretary\nOffice of the Minister\n(819) 555-0188\n\n[ Media Room ]\n",
     "Government of Canada Announces Funding to Two Groups", NULL, NULL,
     "LABRADOR CITY, August 29, 2003", RELEASE_IMMEDIATE, NULL, 2,
     "The minister announced funding.", 1, 0, 0},
    /* a page's title that runs the head's lines together; a statement's
     * speaker and job over its subject */
    {"MEDIA STATEMENT BY THE HON. JANE DOE MP MINISTER FOR FOREIGN AFFAIRS NEW EMBASSY OPENS IN "
     "OSLO\n\nMEDIA STATEMENT\n\nBY THE HON. JANE DOE MP\n\nMINISTER FOR FOREIGN AFFAIRS\n\n"
     "NEW EMBASSY OPENS IN OSLO\n\nThe minister today opened the embassy.\n",
     "NEW EMBASSY OPENS IN OSLO", NULL, NULL, NULL, RELEASE_IMMEDIATE, NULL, 1,
     "The minister today opened the embassy.", 0, 0, 0},
    /* a page's title over the same headline split over lines by blanks */
    {"MALAYSIA CONDEMNS THE ATTACK IN NICE AND CALLS UPON THE WORLD TO ACT\n\n \n\n"
     "MALAYSIA CONDEMNS THE ATTACK IN NICE\n\nAND CALLS UPON THE WORLD\n\nTO ACT\n\n \n\n"
     "Malaysia strongly condemns the attack.\n",
     "MALAYSIA CONDEMNS THE ATTACK IN NICE AND CALLS UPON THE WORLD TO ACT", NULL, NULL, NULL,
     RELEASE_IMMEDIATE, NULL, 1, "Malaysia strongly condemns the attack.", 0, 0, 0},
    /* a banner over its button, a menu between bars; the headline written
     * twice (the page's title and its heading) is taken once */
    {"Example Has an Ethical Paywall\nLicence needed for work use Learn More\n\n"
     "Politics | Parliament TV | Crime | Housing | Search\n\n"
     "Action Plan Short of the Mark\n\nAction Plan Short of the Mark\n\n"
     "For immediate release\n\nThe plan falls short.\n",
     "Action Plan Short of the Mark", NULL, "For immediate release", NULL, RELEASE_IMMEDIATE, NULL,
     1, "The plan falls short.", 0, 0, 0},
    /* ... but a time's zone is no place, nor is a place after a stop */
    {"Headline\n\nEMBARGOED UNTIL 10:00 GMT, Wednesday 31 January 2024\n\nWe met. LONDON, 14 "
     "August 2023 was the day.\n",
     "Headline", NULL, "EMBARGOED UNTIL 10:00 GMT, Wednesday 31 January 2024", NULL,
     RELEASE_EMBARGOED, "2024-01-31T10:00:00Z", 1, "We met. LONDON, 14 August 2023 was the day.", 0,
     0, 0},
};

static void test_layouts(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof layout_cases / sizeof layout_cases[0]; i++) {
		const struct layout_case *c = &layout_cases[i];
		struct release rel;
		char buf[32];
		parse_str(c->text, &rel);
		if (tl_first_error(&rel.diags))
			fail_msg("case %zu: error %s", i, tl_first_error(&rel.diags));
		check_str(i, "title", rel.title, c->title);
		check_str(i, "subtitle", rel.subtitle, c->subtitle);
		check_str(i, "release line", rel.release_line, c->release_line);
		check_str(i, "dateline", rel.dateline, c->dateline);
		check_str(i, "release_at", utc_or_null(&rel, buf), c->release_at);
		if (rel.status != c->status || rel.nparagraphs != c->nparagraphs ||
		    rel.ncontacts != c->ncontacts || rel.nend_sections != c->nend_sections ||
		    rel.nread_more != c->nread_more)
			fail_msg(
			    "case %zu: status %d paragraphs %zu contacts %zu end %zu read_more %zu",
			    i, rel.status, rel.nparagraphs, rel.ncontacts, rel.nend_sections,
			    rel.nread_more);
		if (c->first_paragraph)
			check_str(i, "first paragraph", rel.paragraphs[0], c->first_paragraph);
		release_free(&rel);
	}
}

static void test_read_more_urls(void **state)
{
	(void)state;
	struct release rel;
	parse_str(layout_cases[11].text, &rel);
	assert_int_equal(rel.nread_more, 2);
	assert_string_equal(rel.read_more[0].text, "First report");
	assert_string_equal(rel.read_more[0].url, "https://example.org/one");
	assert_string_equal(rel.read_more[1].text, "Second report");
	assert_string_equal(rel.read_more[1].url, "https://example.org/two");
	assert_string_equal(rel.contacts[0].name, "Jane Doe");
	assert_string_equal(rel.end_sections[0], "About Example Org\nExample Org is a charity.");
	assert_string_equal(rel.paragraphs[1], "About 40 per cent of people agree.");
	release_free(&rel);
}

/* The text before a URL loses its trailing blanks and dashes whole
 * characters at a time: a letter written in two bytes before the dash
 * stays whole, even when its last byte is one of a dash's ("\xc4\x93" is "ē",
 * "\xe2\x80\x93" an en dash). */
static void test_read_more_characters(void **state)
{
	(void)state;
	struct release rel;
	parse_str("Headline\n\nBody.\n\nRead more:\n"
	          "- Caf\xc3\xa9 \xe2\x80\x93 https://example.org/cafe\n"
	          "- R\xc4\xabgas dom\xc4\x93 \xe2\x80\x94 https://example.org/riga\n"
	          "- \xe2\x80\x9cQuoted\xe2\x80\x9d - https://example.org/quoted\n"
	          "- Plain: https://example.org/plain\n",
	          &rel);
	assert_int_equal(rel.nread_more, 4);
	assert_string_equal(rel.read_more[0].text, "Caf\xc3\xa9");
	assert_string_equal(rel.read_more[1].text, "R\xc4\xabgas dom\xc4\x93");
	assert_string_equal(rel.read_more[2].text, "\xe2\x80\x9cQuoted\xe2\x80\x9d");
	assert_string_equal(rel.read_more[3].text, "Plain");
	release_free(&rel);
}

/* ---- datelines ---- */

struct dateline_case {
	const char *line;
	bool ok;
	const char *dateline; /* the first len bytes of line */
	const char *body;
	bool dated, placed;
};

static const struct dateline_case dateline_cases[] = {
    {"WASHINGTON, Aug. 14, 2023 /PRNewswire/ -- The company said.", true,
     "WASHINGTON, Aug. 14, 2023 /PRNewswire/", "The company said.", true, true},
    {"LONDON, 14 August 2023 \xe2\x80\x93 The Government said.", true, "LONDON, 14 August 2023",
     "The Government said.", true, true},
    {"SYDNEY, Australia \xe2\x80\x94 Reefs regrew.", true, "SYDNEY, Australia", "Reefs regrew.",
     false, true},
    {"Brussels, 14 September 2023", true, "Brussels, 14 September 2023", NULL, true, true},
    {"August 14, 2023, 12:00 p.m. EDT", true, "August 14, 2023, 12:00 p.m. EDT", NULL, true, false},
    {"ST. LOUIS, Mo., Aug. 14, 2023 (GLOBE NEWSWIRE) -- Example Corp.", true,
     "ST. LOUIS, Mo., Aug. 14, 2023 (GLOBE NEWSWIRE)", "Example Corp.", true, true},
    {"SAN FRANCISCO--(BUSINESS WIRE)--Example Corp. today", true, "SAN FRANCISCO--(BUSINESS WIRE)",
     "Example Corp. today", false, true},
    {"NEW YORK, NY \xe2\x80\x93 August 14, 2023 \xe2\x80\x93 The Foundation", true,
     "NEW YORK, NY \xe2\x80\x93 August 14, 2023", "The Foundation", true, true},
    {"CHICAGO (Aug. 14, 2023) \xe2\x80\x94 The city", true, "CHICAGO (Aug. 14, 2023)", "The city",
     true, true},
    {"LONDON, 14 August 2023: The Government", true, "LONDON, 14 August 2023", "The Government",
     true, true},
    {"Date: 14 August 2023", true, "Date: 14 August 2023", NULL, true, false},
    /* Portuguese (and the other languages' dates) are read like English. */
    {"S\xc3\x83O PAULO, 14 de agosto de 2023 \xe2\x80\x93 A empresa", true,
     "S\xc3\x83O PAULO, 14 de agosto de 2023", "A empresa", true, true},
    /* The place in parentheses, in any case, maybe with its date. */
    {"(Washington, DC) \xe2\x80\x93 The coalition said.", true, "(Washington, DC)",
     "The coalition said.", false, true},
    {"(WASHINGTON, D.C., Aug. 14, 2023) -- The coalition said.", true,
     "(WASHINGTON, D.C., Aug. 14, 2023)", "The coalition said.", true, true},
    {"(This is an aside) - and more.", false, NULL, NULL, false, false},
    {"(Washington, DC) The coalition said.", false, NULL, NULL, false, false},
    /* Not datelines: prose, labels, lower-case places, a colon after a
     * place without a date. */
    {"The hearing is on August 20, 2023 at 3:00 p.m. EDT.", false, NULL, NULL, false, false},
    {"Join us on August 20, 2023 at 3:00 p.m. EDT", false, NULL, NULL, false, false},
    {"WHEN: Tuesday, August 15, 2023, 10:00 a.m. EDT", false, NULL, NULL, false, false},
    {"Today \xe2\x80\x93 the council voted.", false, NULL, NULL, false, false},
    {"UPDATE: the council voted.", false, NULL, NULL, false, false},
    {"Since 2021 \xe2\x80\x93 when the law passed \xe2\x80\x93 it grew.", false, NULL, NULL, false,
     false},
};

static void test_datelines(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof dateline_cases / sizeof dateline_cases[0]; i++) {
		const struct dateline_case *c = &dateline_cases[i];
		struct dateline d;
		bool ok = release_dateline(c->line, NULL, &d);
		if (ok != c->ok)
			fail_msg("case %zu \"%s\": dateline %d, want %d", i, c->line, ok, c->ok);
		if (!ok)
			continue;
		char *got = xstrndup(c->line, d.len);
		check_str(i, "dateline", got, c->dateline);
		check_str(i, "body", d.body, c->body);
		free(got);
		if (d.dated != c->dated || d.placed != c->placed)
			fail_msg("case %zu: dated %d placed %d", i, d.dated, d.placed);
	}
}

/* ---- which line gives the instant ---- */

struct instant_case {
	const char *text;
	const char *release_at; /* UTC, or NULL */
	const char *warning;    /* a substring of the one warning, or NULL for none */
	int warning_line, warning_col;
};

static const struct instant_case instant_cases[] = {
    /* The embargo wins over a dateline that says otherwise. */
    {"Headline\nEMBARGOED UNTIL 00:01 BST, 15 August 2023\n\n"
     "LONDON, 14 August 2023, 10:00 BST \xe2\x80\x93 Body.\n",
     "2023-08-14T23:01:00Z",
     "the embargo is 2023-08-15T00:01:00+01:00 but the dateline gives "
     "2023-08-14T10:00:00+01:00 (\"14 August 2023, 10:00 BST\", line 4): the embargo wins",
     4, 9},
    /* The same instant written twice: no warning. */
    {"Headline\nEMBARGOED UNTIL 10:00 BST, 14 August 2023\n\n"
     "LONDON, 14 August 2023, 10:00 BST \xe2\x80\x93 Body.\n",
     "2023-08-14T09:00:00Z", NULL, 0, 0},
    /* An immediate release: the dateline says from when. */
    {"Headline\nFOR IMMEDIATE RELEASE\n\nLONDON, 14 August 2023, 10:00 BST \xe2\x80\x93 "
     "Body.\n",
     "2023-08-14T09:00:00Z", NULL, 0, 0},
    /* A date without a time. */
    {"Headline\nFOR IMMEDIATE RELEASE\nAugust 14, 2023\n\nBody.\n", NULL,
     "the dateline gives the date \"August 14, 2023\" but no time", 3, 1},
    {"Headline\n\nBody.\n", NULL, NULL, 0, 0},
};

static void test_instants(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof instant_cases / sizeof instant_cases[0]; i++) {
		const struct instant_case *c = &instant_cases[i];
		struct release rel;
		char buf[32];
		parse_str(c->text, &rel);
		if (tl_first_error(&rel.diags))
			fail_msg("case %zu: error %s", i, tl_first_error(&rel.diags));
		check_str(i, "release_at", utc_or_null(&rel, buf), c->release_at);
		const struct diag *w = tl_first(&rel.diags, DIAG_WARNING);
		if (!c->warning && w)
			fail_msg("case %zu: unexpected warning %s", i, w->msg);
		if (c->warning && (!w || !strstr(w->msg, c->warning) ||
		                   w->line != c->warning_line || w->col != c->warning_col))
			fail_msg("case %zu: got %d:%d %s, want %d:%d %s", i, w ? w->line : 0,
			         w ? w->col : 0, w ? w->msg : "no warning", c->warning_line,
			         c->warning_col, c->warning);
		release_free(&rel);
	}
}

/* Errors name line and column, the column counting characters (an en dash
 * is one) and the line's leading blanks. */
static const struct refusal time_refusals[] = {
    {"Headline\n\n  Embargoed \xe2\x80\x93 until 9:00 a.m. CST, January 15, 2024\n\nBody.\n", 3, 31,
     "embargo statement \"Embargoed \xe2\x80\x93 until 9:00 a.m. CST, January 15, 2024\": CST is "
     "ambiguous"},
    {"Headline\n\nHARTFORD, Conn., January 16, 2024, 10:00 a.m. EDT -- Body text.\n", 3, 47,
     "dateline \"HARTFORD, Conn., January 16, 2024, 10:00 a.m. EDT\": EDT (UTC-04:00) is not "
     "in force"},
    {"Headline\n\nEMBARGOED UNTIL:\n2:30 a.m. US Eastern time, Sunday, March 10, 2024\n\nBody.\n",
     4, 1, "does not exist in America/New_York"},
    {"Headline\n\nStrictly embargoed until 00:01 BST, Monday 15 August 2023\n\nBody.\n", 3, 37,
     "Monday does not match 15 August 2023, which is a Tuesday"},
    /* An embargo never borrows the dateline's time: a date alone, or no
     * time at all, is refused. */
    {"Headline\nEMBARGOED UNTIL 14 August 2023\n\nLONDON, 14 August 2023, 10:00 BST \xe2\x80\x93 "
     "Body.\n",
     2, 1, "gives a date but no time"},
    {"Headline\nEMBARGOED\n\nLONDON, 14 August 2023, 10:00 BST \xe2\x80\x93 Body.\n", 2, 1,
     "says the release is embargoed but not until when"},
    {"Headline\nEMBARGOED UNTIL FURTHER NOTICE\n\nLONDON, 14 August 2023, 10:00 BST \xe2\x80\x93 "
     "Body.\n",
     2, 1, "states an embargo but gives no instant that can be read"},
    {"Headline\nEMBARGOED UNTIL DELIVERY OF THE SPEECH\n\nBody.\n", 2, 1,
     "states an embargo but gives no instant that can be read"},
    {"---\ntitle: T\xc3\xa9st\nrelease_at: \"2023-08-14 10:00 CST\"\n---\nBody.\n", 3, 31,
     "front matter: release_at \"2023-08-14 10:00 CST\": CST is ambiguous"},
    {"---\nadvance: {lists: [a], at: 2023-08-14 09:00 CST}\n---\nT\n\nBody.\n", 2, 44,
     "front matter: advance.at"},
};

static void test_time_refusals(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof time_refusals / sizeof time_refusals[0]; i++) {
		const struct refusal *c = &time_refusals[i];
		struct release rel;
		parse_str(c->text, &rel);
		const struct diag *e = tl_first(&rel.diags, DIAG_ERROR);
		if (!e)
			fail_msg("case %zu: no error", i);
		if (e->line != c->line || e->col != c->col || !strstr(e->msg, c->msg) || !e->hint)
			fail_msg("case %zu: got %d:%d %s, want %d:%d %s", i, e->line, e->col,
			         e->msg, c->line, c->col, c->msg);
		assert_false(rel.has_instant);
		release_free(&rel);
	}
}

/* sources says where every field came from. */
static void test_sources(void **state)
{
	(void)state;
	struct release rel;
	parse_str("Headline Over\nTwo Lines, Wrapped\n\nEMBARGOED UNTIL 10:00 BST, 14 August 2023\n"
	          "Contact: Jane Doe, 202-555-0101\n\nLONDON \xe2\x80\x93 First.\nStill first.\n\n"
	          "Second.\n\n###\n\nNotes.\n",
	          &rel);
	static const char *const want[][2] = {
	    {"title", "text lines 1-2 (the likeliest headline: the first line of text above the "
	              "release line)"},
	    {"release_line", "text line 4"},
	    {"status", "text line 4"},
	    {"release_at", "text line 4"},
	    {"contacts", "text line 5"},
	    {"dateline", "text line 7"},
	    {"paragraphs", "text lines 7-10"},
	    {"end_sections", "text line 14"},
	    {"subject", "the title"},
	    {"id", "the local date of release_at and the title"},
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		check_str(i, want[i][0], value_map_get_string(rel.sources, want[i][0]), want[i][1]);
	assert_string_equal(rel.title, "Headline Over Two Lines, Wrapped");
	release_free(&rel);
	parse_str("Headline\n\nBody.\n", &rel);
	assert_string_equal(value_map_get_string(rel.sources, "status"),
	                    "no release line and no embargo statement: immediate");
	assert_null(value_map_get(rel.sources, "release_at"));
	release_free(&rel);
}

/* A headline of more than 300 characters would be the subject of every
 * message: refused, at the headline's line. */
static void parse_headline_of(size_t n, struct release *rel)
{
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_adds(&sb, "NEWS RELEASE\n\n");
	for (size_t i = 0; i < n; i++)
		strbuf_adds(&sb, i % 2 ? "w" : "\xc3\xa9"); /* characters, not bytes */
	strbuf_adds(&sb, "\n\nBody.\n");
	parse_str(sb.buf, rel);
	strbuf_release(&sb);
}

static void test_long_headline(void **state)
{
	(void)state;
	struct release rel;
	parse_headline_of(300, &rel);
	assert_null(tl_first_error(&rel.diags));
	assert_int_equal(strlen(rel.title), 450);
	release_free(&rel);
	parse_headline_of(301, &rel);
	const struct diag *e = tl_first(&rel.diags, DIAG_ERROR);
	assert_non_null(e);
	assert_int_equal(e->line, 3);
	assert_int_equal(e->col, 1);
	assert_non_null(strstr(e->msg, "is 301 characters long: at most 300"));
	release_free(&rel);
}

/* A contact email that is not an address is a warning at its place. */
static void test_contact_email_warning(void **state)
{
	(void)state;
	struct release rel;
	parse_str("Headline\n\nBody.\n\nMedia contact:\nJane Doe\n\xc3\x89quipe presse, "
	          "jane@example..org\n",
	          &rel);
	assert_null(tl_first_error(&rel.diags));
	const struct diag *w = tl_first(&rel.diags, DIAG_WARNING);
	assert_non_null(w);
	assert_int_equal(w->line, 7);
	assert_int_equal(w->col, 16);
	assert_non_null(
	    strstr(w->msg, "contact email \"jane@example..org\" is not a valid address"));
	assert_string_equal(rel.contacts[0].email, "jane@example..org");
	release_free(&rel);
}

/* A close second is named in a warning, its text cut at the start of a
 * character: the document that shows it must stay UTF-8. */
static void test_close_second(void **state)
{
	(void)state;
	struct release rel;
	parse_str("R\xc3\xa9gions Fran\xc3\xa7"
	          "aises l\xe2\x80\x99\xc3\x89t\xc3\xa9 de Tous les D\xc3\xa9"
	          "fis Pour les \xc3\x89l\xc3\xa9ments Naturels\n\nFOR IMMEDIATE RELEASE\n\n"
	          "City Council Approves New Harbour Plan\n\n"
	          "The council voted eight to one last night to approve the plan.\n",
	          &rel);
	assert_string_equal(rel.title, "City Council Approves New Harbour Plan");
	const struct diag *w = tl_first(&rel.diags, DIAG_WARNING);
	assert_non_null(w);
	assert_int_equal(w->line, 1);
	assert_non_null(strstr(w->msg, "reads nearly as much like a headline as line 5"));
	assert_non_null(strstr(w->msg, "Pour les ...\")"));
	assert_true(utf8_valid(w->msg, strlen(w->msg), NULL));
	release_free(&rel);
}

/* A markdown body keeps its line breaks for CommonMark: a tight list. */
static void test_markdown_breaks(void **state)
{
	(void)state;
	struct release rel;
	parse_str("---\nformat: markdown\n---\nHeadline\n\nFOR IMMEDIATE RELEASE\n\n"
	          "Key points:\n- first point\n- second point\n",
	          &rel);
	assert_int_equal(rel.nparagraphs, 1);
	assert_string_equal(rel.paragraphs[0], "Key points:\n- first point\n- second point");
	release_free(&rel);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_markdown_breaks),
	    cmocka_unit_test(test_example),
	    cmocka_unit_test(test_front_matter),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_line_ends),
	    cmocka_unit_test(test_body_times_ignored),
	    cmocka_unit_test(test_ids),
	    cmocka_unit_test(test_layouts),
	    cmocka_unit_test(test_read_more_urls),
	    cmocka_unit_test(test_read_more_characters),
	    cmocka_unit_test(test_datelines),
	    cmocka_unit_test(test_instants),
	    cmocka_unit_test(test_time_refusals),
	    cmocka_unit_test(test_sources),
	    cmocka_unit_test(test_contact_email_warning),
	    cmocka_unit_test(test_close_second),
	    cmocka_unit_test(test_long_headline),
	};
	return cmocka_run_group_tests_name("release", tests, NULL, NULL);
}
