/* contacts: the shapes of media-contact blocks, phones as written, labels,
 * and which blocks are contacts at all. */
#include "config.h"

#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "contacts.h"

#define MAXC 3

struct want {
	const char *name, *title, *org, *phone, *email;
};

struct parse_case {
	const char *text;
	size_t n;
	struct want c[MAXC];
};

static const struct parse_case parse_cases[] = {
    /* The number in parentheses after the name: the parentheses are neither
     * name nor number, unless they hold an area code. */
    {"Contacts: Jane Doe (202-555-0100), John Roe (202) 555-0101",
     2,
     {{"Jane Doe", NULL, NULL, "202-555-0100", NULL},
      {"John Roe", NULL, NULL, "(202) 555-0101", NULL}}},
    /* One line, the layout of the bundled example. */
    {"Contact: Louisa Greve, +1 (571) 882-4825, Peter Irwin, +1 (646) 906-7722",
     2,
     {{"Louisa Greve", NULL, NULL, "+1 (571) 882-4825", NULL},
      {"Peter Irwin", NULL, NULL, "+1 (646) 906-7722", NULL}}},
    /* A block per person, blank-separated; "Name | Title"; (O)/(M)
     * labels kept; Tel:/Email: labels. */
    {"Media contacts:\n"
     "Jane Doe | Press Secretary\n"
     "(O) 202-555-0101 | (M) 202-555-0102\n"
     "jane.doe@example.org\n"
     "\n"
     "John Roe\n"
     "Director of Communications\n"
     "Example Coalition\n"
     "Tel: +1 202 555 0103\n"
     "Email: john.roe@example.org",
     2,
     {{"Jane Doe", "Press Secretary", NULL, "(O) 202-555-0101, (M) 202-555-0102",
       "jane.doe@example.org"},
      {"John Roe", "Director of Communications", "Example Coalition", "Tel: +1 202 555 0103",
       "john.roe@example.org"}}},
    /* The sentence form. */
    {"For more information, contact Jane Doe at jane@example.org or 202-555-0104.",
     1,
     {{"Jane Doe", NULL, NULL, "202-555-0104", "jane@example.org"}}},
    {"For further information please contact the press office on +44 20 7946 0123 or "
     "email press.office@example.org",
     1,
     {{NULL, NULL, "the press office", "+44 20 7946 0123", "press.office@example.org"}}},
    /* A comma inside a job title stays there; the ministry is the org. */
    {"For media queries, please contact:\n"
     "Ms Tan Li Ling\n"
     "Senior Manager, Corporate Communications\n"
     "Ministry of Example\n"
     "Email: tan_li_ling@example.org",
     1,
     {{"Ms Tan Li Ling", "Senior Manager, Corporate Communications", "Ministry of Example", NULL,
       "tan_li_ling@example.org"}}},
    /* An office named before a colon is the contact's name. */
    {"Press office: +44 20 7946 0000", 1, {{NULL, NULL, "Press office", "+44 20 7946 0000", NULL}}},
    /* Angle brackets, an extension, a mobile label. */
    {"Media enquiries: Jane Doe <jane@example.com>, Mobile: +61 2 5550 1234 ext. 12",
     1,
     {{"Jane Doe", NULL, NULL, "Mobile: +61 2 5550 1234 ext. 12", "jane@example.com"}}},
    /* Labels after the numbers, several numbers separated by " / ". */
    {"Rosa Alvarez\n"
     "Director of Communications, Example Foundation\n"
     "(202) 555-0131 (office) / (202) 555-0132 (mobile)\n"
     "rosa.alvarez@example.org",
     1,
     {{"Rosa Alvarez", "Director of Communications, Example Foundation", NULL,
       "(202) 555-0131 (office) / (202) 555-0132 (mobile)", "rosa.alvarez@example.org"}}},
    /* The organisation comes before the job when it looks like one; a web
     * address is kept with the organisation, not made a person. */
    {"CONTACT:\nJane Doe\nExample University\n(202) 555-0123\njdoe@example.org\nwww.example.org",
     1,
     {{"Jane Doe", NULL, "Example University, www.example.org", "(202) 555-0123",
       "jdoe@example.org"}}},
    /* A team line over a person's name and phone. */
    {"Contacts\nExample Cloud Press\nNoah Feld, +1 202 555 0120\npress@example.com",
     1,
     {{"Noah Feld", NULL, "Example Cloud Press", "+1 202 555 0120", "press@example.com"}}},
    /* An address that is not valid is kept as written (the caller warns). */
    {"Contact: Jane Citizen, +61 2 5550 1234, jane.citizen@example..org",
     1,
     {{"Jane Citizen", NULL, NULL, "+61 2 5550 1234", "jane.citizen@example..org"}}},
    /* Only an address: a contact without a name. */
    {"Media enquiries: press@example.net", 1, {{NULL, NULL, NULL, NULL, "press@example.net"}}},
    /* Nothing but a label. */
    {"Media contacts:", 0, {{NULL, NULL, NULL, NULL, NULL}}},
    /* Who issued it, with a number: the organisation's line. */
    {"FROM: SUPREME COURT OF CANADA (613) 995-4330",
     1,
     {{NULL, NULL, "SUPREME COURT OF CANADA", "(613) 995-4330", NULL}}},
    /* Two columns, a contact in each; "or" joins two names that share
     * the office and the number under them. */
    {"Melissa Thompson          Jerry Daly or Carol McCune\n"
     "Acme Corp.                Daly Gray Public Relations (Media)\n"
     "202-555-0101              703-555-0102",
     3,
     {{"Melissa Thompson", NULL, "Acme Corp.", "202-555-0101", NULL},
      {"Jerry Daly", NULL, "Daly Gray Public Relations (Media)", "703-555-0102", NULL},
      {"Carol McCune", NULL, "Daly Gray Public Relations (Media)", "703-555-0102", NULL}}},
    /* A person's name and job in one block, the number in the next. */
    {"Dr Jane Doe\nAssistant Governor (Economic)\n\nPhone: +61 2 9551 8800",
     1,
     {{"Dr Jane Doe", "Assistant Governor (Economic)", NULL, "Phone: +61 2 9551 8800", NULL}}},
    /* Each block may have its label: it is not the name. */
    {"Jane Doe\njane@example.org\n\nContact: John Roe (215) 814-5548",
     2,
     {{"Jane Doe", NULL, NULL, NULL, "jane@example.org"},
      {"John Roe", NULL, NULL, "(215) 814-5548", NULL}}},
    /* An office's job without a person: the job is the title. */
    {"Manager, Media Office\nInformation Department\nPhone: +61 2 9551 9720\nrbainfo@example.org",
     1,
     {{NULL, "Manager, Media Office", "Information Department", "Phone: +61 2 9551 9720",
       "rbainfo@example.org"}}},
    /* An office with a bracketed qualifier; a number under a label. */
    {"Press office (out of hours): +44 20 7946 0999, press@example.org",
     1,
     {{NULL, NULL, "Press office (out of hours)", "+44 20 7946 0999", "press@example.org"}}},
    {"Out of hours: 07700 900 555", 1, {{NULL, NULL, NULL, "Out of hours: 07700 900 555", NULL}}},
};

/* Contacts written in the sentences of a paragraph. */
static const struct parse_case sentence_cases[] = {
    {"The study appears today. To contact the author, email Jane Doe at jane@example.org.",
     1,
     {{"Jane Doe", NULL, NULL, NULL, "jane@example.org"}}},
    {"Reporters must call Jane Doe at 202-555-0100 (jane@example.org).",
     1,
     {{"Jane Doe", NULL, NULL, "202-555-0100", "jane@example.org"}}},
    {"(For more information: Jane Doe \xe2\x80\x93 Tel.: +41 22 555 0100; John Roe \xe2\x80\x93 "
     "Tel.: +41 22 555 0101)",
     2,
     {{"Jane Doe", NULL, NULL, "+41 22 555 0100", NULL},
      {"John Roe", NULL, NULL, "+41 22 555 0101", NULL}}},
    /* What someone is quoted saying directs no reporter. */
    {"\"The telephone Hotline - 1800 333 000 - has been in existence for years,\" Ms Lesley "
     "said. \"It is a positive tool. Reporters can call it on 1800 333 001.\" It works.",
     0,
     {{NULL, NULL, NULL, NULL, NULL}}},
    {"\xe2\x80\x9c"
     "For more information, call our hotline on 1800 333 000,\xe2\x80\x9d she said.",
     0,
     {{NULL, NULL, NULL, NULL, NULL}}},
    /* What asks the public for information is no media contact. */
    {"We encourage anyone with information to contact the Avondale Police Station on 09 820 "
     "5784. Information can also be passed on anonymously by contacting Crime Stoppers on "
     "0800 555 111.",
     0,
     {{NULL, NULL, NULL, NULL, NULL}}},
    /* An advisory's RSVP gives the office that takes the media. */
    {"How: RSVP the Police Media Centre if you are attending: media@police.example.nz",
     1,
     {{NULL, NULL, "Police Media Centre", NULL, "media@police.example.nz"}}},
    /* Prose without a cue, and a cue without a way to reach anyone. */
    {"Sales rose 4% to 1,234,567 units in 2023.", 0, {{NULL, NULL, NULL, NULL, NULL}}},
    {"For more information, contact the office.", 0, {{NULL, NULL, NULL, NULL, NULL}}},
};

static void check_field(size_t i, size_t k, const char *what, const char *got, const char *want)
{
	if ((got == NULL) != (want == NULL) || (got && strcmp(got, want) != 0))
		fail_msg("case %zu contact %zu %s: got \"%s\", want \"%s\"", i, k, what,
		         got ? got : "(null)", want ? want : "(null)");
}

static void run_cases(const struct parse_case *cases, size_t ncases, bool sentences)
{
	for (size_t i = 0; i < ncases; i++) {
		const struct parse_case *c = &cases[i];
		struct contact *v = NULL;
		size_t n = 0;
		size_t found = sentences ? contacts_from_sentences(c->text, &v, &n)
		                         : contacts_parse(c->text, &v, &n);
		if (found != c->n || n != c->n)
			fail_msg("case %zu: %zu contacts, want %zu", i, found, c->n);
		for (size_t k = 0; k < n; k++) {
			check_field(i, k, "name", v[k].name, c->c[k].name);
			check_field(i, k, "title", v[k].title, c->c[k].title);
			check_field(i, k, "org", v[k].org, c->c[k].org);
			check_field(i, k, "phone", v[k].phone, c->c[k].phone);
			check_field(i, k, "email", v[k].email, c->c[k].email);
		}
		contacts_free(v, n);
	}
}

static void test_parse(void **state)
{
	(void)state;
	run_cases(parse_cases, sizeof parse_cases / sizeof parse_cases[0], false);
}

static void test_sentences(void **state)
{
	(void)state;
	run_cases(sentence_cases, sizeof sentence_cases / sizeof sentence_cases[0], true);
}

/* The same person written twice (a block and a sentence) is one contact;
 * a second copy that adds a number stays. */
static void test_dedupe(void **state)
{
	(void)state;
	struct contact *v = NULL;
	size_t n = 0;
	contacts_parse("Jane Doe, 202-555-0100, jane@example.org", &v, &n);
	contacts_from_sentences("For more information, contact Jane Doe at (202) 555-0100.", &v,
	                        &n);
	contacts_parse("Press office: press@example.org", &v, &n);
	contacts_parse("Press office: press@example.org", &v, &n);
	contacts_parse("Jane Doe, 202-555-0199", &v, &n);
	assert_int_equal(n, 5);
	contacts_dedupe(v, &n);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].phone, "202-555-0100");
	assert_string_equal(v[1].org, "Press office");
	assert_string_equal(v[2].phone, "202-555-0199");
	contacts_free(v, n);
}

/* contacts_parse appends: what was there stays. */
static void test_appends(void **state)
{
	(void)state;
	struct contact *v = NULL;
	size_t n = 0;
	assert_int_equal(contacts_parse("Contact: A One, 202-555-0100", &v, &n), 1);
	assert_int_equal(contacts_parse("Contact: B Two, 202-555-0101", &v, &n), 1);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].name, "A One");
	assert_string_equal(v[1].name, "B Two");
	contacts_free(v, n);
}

struct phone_case {
	const char *s;
	int phone;
};

static const struct phone_case phone_cases[] = {
    {"+1 (571) 882-4825", 1},
    {"202-555-0101", 1},
    {"+44 (0)20 7946 0123", 1},
    {"Tel: +44 20 7946 0123", 1},
    {"(M) 202-555-0102", 1},
    {"Out of hours: +44 20 7946 0999", 1},
    {"+61 2 5550 1234 ext. 12", 1},
    {"202 555 0101 x7", 1},
    {"(202) 555-0131 (office)", 1},
    {"202-555-0101 / 0102", 1},
    {"030/1234567", 1},
    {"+65\xc2\xa0"
     "6555\xc2\xa0"
     "0123",
     1},             /* no-break spaces inside */
    {"555-0101", 1}, /* a local number: seven digits */
    {"555-01", 0},   /* too few digits */
    {"Jane Doe", 0},
    {"jane@example.org", 0},
    {"2023-08-14 and more", 0},
    {"12 High Street, London", 0},
    {"", 0},
};

/* "Media: NAME ..., Investors: NAME ...": each label is its contacts'
 * role, until the next label or a blank line; "Media inquiries:" says
 * "Media"; a contact with no label has none. */
static void test_roles(void **state)
{
	(void)state;
	struct contact *v = NULL;
	size_t n = 0;
	contacts_parse("Contacts\n"
	               "Media: Jane Roe, +1 217 555 0100, jane@acme.example\n"
	               "Investors: John Doe, +1 217 555 0101 Media inquiries: Ann Poe, "
	               "ann@acme.example\n"
	               "Bob Hill, +1 217 555 0102\n"
	               "\n"
	               "Cy Lam, Head of News, +1 217 555 0103\n",
	               &v, &n);
	assert_int_equal(n, 5);
	const char *want[][2] = {{"Media", "Jane Roe"}, {"Investors", "John Doe"},
	                         {"Media", "Ann Poe"}, {"Media", "Bob Hill"}, {NULL, "Cy Lam"}};
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(v[i].name, want[i][1]);
		if (want[i][0])
			assert_string_equal(v[i].role, want[i][0]);
		else
			assert_null(v[i].role);
	}
	assert_null(v[0].title);
	assert_string_equal(v[4].title, "Head of News");
	contacts_free(v, n);
}

static void test_is_phone(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof phone_cases / sizeof phone_cases[0]; i++)
		if (!!contacts_is_phone(phone_cases[i].s) != phone_cases[i].phone)
			fail_msg("\"%s\": phone %d, want %d", phone_cases[i].s,
			         !!contacts_is_phone(phone_cases[i].s), phone_cases[i].phone);
}

struct label_case {
	const char *line;
	size_t len;
	bool sentence;
};

static const struct label_case label_cases[] = {
    {"Contact: Jane Doe", 9, false},
    {"Media contacts:", 15, false},
    {"MEDIA CONTACT", 13, false},
    {"For further information please contact:", 39, false},
    {"For more information, contact Jane Doe at jane@example.org", 30, true},
    {"Inquiries:", 10, false},
    {"Contact Information:", 20, false},
    {"Media Contact Information: Jane Doe", 27, false},
    {"Contact details:", 16, false},
    {"For more information about the programme, visit the website.", 0, false},
    {"Contacts between the two sides resumed in June.", 0, false},
    {"Media contact Jane Doe, 202-555-0101", 14, false},
    {"Contact Jane Doe on 202-555-0101", 8, true},
    {"Contactless payments rose by 20%.", 0, false},
    {"Jane Doe", 0, false},
};

static void test_labels(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof label_cases / sizeof label_cases[0]; i++) {
		const struct label_case *c = &label_cases[i];
		bool sentence = !c->sentence;
		size_t len = contacts_label(c->line, &sentence);
		if (len != c->len || sentence != c->sentence)
			fail_msg("\"%s\": label %zu sentence %d, want %zu %d", c->line, len,
			         sentence, c->len, c->sentence);
	}
}

struct block_case {
	const char *block;
	bool start, like;
};

static const struct block_case block_cases[] = {
    {"Media contact:\nJane Doe\n+1 202 555 0101", true, true},
    {"Media contacts:", true, false},
    {"Press office: +44 20 7946 0000", true, false},
    /* Without "contact", "For more information" needs a phone or address. */
    {"For More Information\nQuestions and answers\nhttps://example.org/qa", false, false},
    {"For more information:\nJane Doe\njane@example.org", true, true},
    {"For more information, contact Jane Doe at jane@example.org.", true, true},
    {"For more information, contact the office.", false, false},
    /* Contacts written without a label. */
    {"Jane Doe\nDirector\n+1 202 555 0101\njane@example.org", false, true},
    {"Jane Doe, +1 202 555 0101", false, true},
    {"Jane Doe | jane@example.org", false, true},
    /* Prose and notes are not contacts. */
    {"The report was published on 14 August. Call 202-555-0101 for copies.", false, false},
    {"Example Org\n123 Main St\nWashington, DC 20001", false, false},
    {"1. Interviews: +44 20 7946 0123\n2. Photos on request.", false, false},
};

static void test_blocks(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof block_cases / sizeof block_cases[0]; i++) {
		const struct block_case *c = &block_cases[i];
		bool start = contacts_block_start(c->block), like = contacts_block_like(c->block);
		if (start != c->start || like != c->like)
			fail_msg("case %zu: start %d like %d, want %d %d", i, start, like, c->start,
			         c->like);
	}
}

/* Whatever the text, every contact has a name, a phone or an email, and no
 * field holds a line break (fuzz/fuzz_contacts.c checks the same). */
static void test_invariants(void **state)
{
	(void)state;
	const char *texts[] = {"Contact:\n\n\n",
	                       "\n\n,,,|||;;;\n",
	                       "@@@\n@",
	                       "Email:\nTel:",
	                       "Contact: , , +1 202 555 0100",
	                       "a\nb\nc\nd\ne\nf\ng\nh",
	                       "For more information, contact at or on ."};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct contact *v = NULL;
		size_t n = 0;
		contacts_parse(texts[i], &v, &n);
		for (size_t k = 0; k < n; k++) {
			const char *f[] = {v[k].name, v[k].title, v[k].org, v[k].phone, v[k].email};
			assert_true(v[k].name || v[k].phone || v[k].email);
			for (size_t j = 0; j < 5; j++)
				assert_true(!f[j] || (!strchr(f[j], '\n') && *f[j]));
		}
		contacts_free(v, n);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),    cmocka_unit_test(test_sentences),
	    cmocka_unit_test(test_dedupe),   cmocka_unit_test(test_appends),
	    cmocka_unit_test(test_is_phone), cmocka_unit_test(test_labels),
	    cmocka_unit_test(test_blocks),   cmocka_unit_test(test_invariants),
	    cmocka_unit_test(test_roles),
	};
	return cmocka_run_group_tests_name("contacts", tests, NULL, NULL);
}
