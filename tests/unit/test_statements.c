/* release_statements and release_decide: statements of an embargo found on
 * any line, in any of the forms and languages embargo reads, told apart
 * from the word "embargo" as a topic; and the decision they make. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "release.h"
#include "release_int.h"
#include "testlib.h"
#include "util.h"

/* ---- release_statements on lines ---- */

static void lines_of(const char *text, struct lines *ls)
{
	memset(ls, 0, sizeof *ls);
	ls->first_line = 1;
	char *copy = xstrdup(text);
	size_t max = 1;
	for (const char *p = text; *p; p++)
		max += *p == '\n';
	ls->v = xcalloc(max, sizeof *ls->v);
	for (char *save = NULL, *l = strtok_r(copy, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save))
		ls->v[ls->n++] = xstrdup(strcmp(l, ".") == 0 ? "" : l);
	free(copy);
}

static void lines_free(struct lines *ls)
{
	for (size_t i = 0; i < ls->n; i++)
		free(ls->v[i]);
	free(ls->v);
}

struct stmt_case {
	const char *text; /* lines; a line "." is blank */
	enum stmt_kind kind;
	const char *utc; /* TIMED: the instant */
};

static const char *kind_name(enum stmt_kind k)
{
	static const char *const names[] = {"none",       "timed",   "dated",
	                                    "unreadable", "mention", "foreign"};
	return names[k];
}

static const struct stmt_case stmt_cases[] = {
    /* English forms, anywhere in a line or a sentence */
    {"EMBARGOED UNTIL 00:01 BST, Tuesday 15 August 2023", STMT_TIMED, "2023-08-14T23:01:00Z"},
    {"Embargoed till 10:00 GMT 14 March 2024", STMT_TIMED, "2024-03-14T10:00:00Z"},
    {"Embargoed to 10:00 GMT 14 March 2024", STMT_TIMED, "2024-03-14T10:00:00Z"},
    {"Embargoed: 06.00hrs UK time Monday 23 August 2010", STMT_TIMED, "2010-08-23T05:00:00Z"},
    {"STRICTLY EMBARGOED UNTIL 00:01 GMT, 5 March 2020", STMT_TIMED, "2020-03-05T00:01:00Z"},
    {"Under strict embargo until 10:00 CET, 14 March 2024", STMT_TIMED, "2024-03-14T09:00:00Z"},
    {"This release is under embargo until 5 p.m. EDT on August 14, 2023.", STMT_TIMED,
     "2023-08-14T21:00:00Z"},
    {"The embargo lifts at 10:00 BST on 15 August 2023.", STMT_TIMED, "2023-08-15T09:00:00Z"},
    {"The embargo ends at 10:00 BST on 15 August 2023.", STMT_TIMED, "2023-08-15T09:00:00Z"},
    {"The embargo expires at 10:00 BST on 15 August 2023.", STMT_TIMED, "2023-08-15T09:00:00Z"},
    {"EMBARGO: 00:01 GMT 14 March 2024", STMT_TIMED, "2024-03-14T00:01:00Z"},
    {"Embargo time: 00:01 GMT 14 March 2024", STMT_TIMED, "2024-03-14T00:01:00Z"},
    {"NOT FOR PUBLICATION BEFORE 00:01 GMT 14 March 2024", STMT_TIMED, "2024-03-14T00:01:00Z"},
    {"Not for publication or broadcast before 00:01 GMT, 14 March 2024", STMT_TIMED,
     "2024-03-14T00:01:00Z"},
    {"Not for release, publication or broadcast until 00:01 GMT, 14 March 2024", STMT_TIMED,
     "2024-03-14T00:01:00Z"},
    {"Not for distribution until 9 a.m. EST, January 16, 2024", STMT_TIMED, "2024-01-16T14:00:00Z"},
    {"Not for use before 00.01 hrs GMT 14 March 2024", STMT_TIMED, "2024-03-14T00:01:00Z"},
    {"HOLD FOR RELEASE UNTIL 10 a.m. EDT, August 14, 2023", STMT_TIMED, "2023-08-14T14:00:00Z"},
    {"For release at 10:00 CET on 14 March 2024 (not before)", STMT_TIMED, "2024-03-14T09:00:00Z"},
    {"Please do not publish before 10:00 CET on 14 March 2024.", STMT_TIMED,
     "2024-03-14T09:00:00Z"},
    {"This story must not be published before 10:00 CET on 14 March 2024.", STMT_TIMED,
     "2024-03-14T09:00:00Z"},
    {"Please note the embargo: 10:00 CET, 14 March 2024.", STMT_TIMED, "2024-03-14T09:00:00Z"},
    {"The embargo is in place until 10:00 CET, 14 March 2024.", STMT_TIMED, "2024-03-14T09:00:00Z"},
    {"FOR PUBLICATION: 10:00 CET, 14 March 2024", STMT_TIMED, "2024-03-14T09:00:00Z"},
    {"Publication time: 10:00 CET, 14 March 2024", STMT_TIMED, "2024-03-14T09:00:00Z"},
    {"The paper is publishing online in Current Biology on 30 October 2014 at 12:00 EDT.",
     STMT_TIMED, "2014-10-30T16:00:00Z"},
    {"The embargo on this paper lifts at 10:00 EDT, 22 June 2000.", STMT_TIMED,
     "2000-06-22T14:00:00Z"},
    /* a sentence inside a paragraph, wrapped over two lines */
    {"Researchers today announced a new frog species found in the hills. The embargo is\n"
     "5 pm AEDT on Wednesday 17 November 2010. The frog is green.",
     STMT_TIMED, "2010-11-17T06:00:00Z"},
    {"Until 5 pm AEDT on Wednesday 17 November 2010 this release is under embargo.", STMT_TIMED,
     "2010-11-17T06:00:00Z"},
    /* the other sentences of the paragraph give no time */
    {"The briefing starts at 9:00 BST on 14 August 2023. Embargoed until 00:01 BST, 15 August "
     "2023.",
     STMT_TIMED, "2023-08-14T23:01:00Z"},
    /* the release line with its time on the next line */
    {"EMBARGOED UNTIL:\n00:01 BST, Tuesday 15 August 2023", STMT_TIMED, "2023-08-14T23:01:00Z"},
    /* German, French, Spanish, Italian, Dutch, Portuguese forms (their dates
     * in English here: the grammar reads theirs) */
    {"Sperrfrist: 10:00 CET, 14 March 2024", STMT_TIMED, "2024-03-14T09:00:00Z"},
    {"Sperrfrist bis 10:00 CET, 14 March 2024", STMT_TIMED, "2024-03-14T09:00:00Z"},
    {"Nicht zur Veröffentlichung vor 10:00 CET, 14 March 2024", STMT_TIMED, "2024-03-14T09:00:00Z"},
    {"SOUS EMBARGO JUSQU’AU 14 March 2024 10:00 CET", STMT_TIMED, "2024-03-14T09:00:00Z"},
    {"Embargo jusqu'à 10:00 CET, 14 March 2024", STMT_TIMED, "2024-03-14T09:00:00Z"},
    {"Ne pas publier avant 10:00 CET, 14 March 2024", STMT_TIMED, "2024-03-14T09:00:00Z"},
    {"Embargo hasta las 10:00 CET, 14 March 2024", STMT_TIMED, "2024-03-14T09:00:00Z"},
    {"Embargado hasta 10:00 CET, 14 March 2024", STMT_TIMED, "2024-03-14T09:00:00Z"},
    {"No publicar ni difundir el presente documento antes de las 10:00 CET, 14 March 2024",
     STMT_TIMED, "2024-03-14T09:00:00Z"},
    {"Embargo fino alle 10:00 CET, 14 March 2024", STMT_TIMED, "2024-03-14T09:00:00Z"},
    {"Sotto embargo fino alle 10:00 CET, 14 March 2024", STMT_TIMED, "2024-03-14T09:00:00Z"},
    {"Onder embargo tot 10:00 CET, 14 March 2024", STMT_TIMED, "2024-03-14T09:00:00Z"},
    {"Niet publiceren voor 10:00 CET, 14 March 2024", STMT_TIMED, "2024-03-14T09:00:00Z"},
    {"Sob embargo até 10:00 CET, 14 March 2024", STMT_TIMED, "2024-03-14T09:00:00Z"},
    {"EMBARGADO ATÉ 10:00 CET, 14 March 2024", STMT_TIMED, "2024-03-14T09:00:00Z"},
    /* an embargo, and no time: refused by the decision */
    {"EMBARGOED", STMT_MENTION, NULL},
    {"STRICTLY EMBARGOED", STMT_MENTION, NULL},
    {"Embargoed news release", STMT_MENTION, NULL},
    {"EMBARGOED FOR DELIVERY", STMT_MENTION, NULL},
    {"Please respect the embargo.", STMT_MENTION, NULL},
    {"This link will be live at the embargo time.", STMT_MENTION, NULL},
    {"The same embargo applies.", STMT_MENTION, NULL},
    {"Sperrfrist", STMT_MENTION, NULL},
    {"HOLD FOR RELEASE", STMT_MENTION, NULL},
    {"I will let you know when the embargo breaks, which will be after this call.", STMT_MENTION,
     NULL},
    {"EMBARGOED UNTIL FURTHER NOTICE", STMT_UNREADABLE, NULL},
    {"EMBARGOED UNTIL DELIVERY OF THE SPEECH", STMT_UNREADABLE, NULL},
    /* a zone word the grammar does not know is refused, never dropped */
    {"Embargoed until 10:00 BRX, 14 March 2024", STMT_UNREADABLE, NULL},
    {"Embargoed until 10:00 BRT, 14 March 2024", STMT_TIMED, "2024-03-14T13:00:00Z"},
    {"Embargoed until 9:00 a.m. CST, January 15, 2024", STMT_UNREADABLE, NULL},
    {"Embargoed until 15 August 2023", STMT_DATED, NULL},
    {"FOR RELEASE: Monday, August 14, 2023", STMT_DATED, NULL},
    /* languages embargo does not read */
    {"報道解禁：2024年5月14日 午前10時", STMT_FOREIGN, NULL},
    {"禁发时间：2024年5月14日10时", STMT_FOREIGN, NULL},
    {"엠바고: 2024년 5월 14일 오전 10시", STMT_FOREIGN, NULL},
    {"Эмбарго до 10:00 14 мая 2024 года", STMT_FOREIGN, NULL},
    /* the word as a topic, and words that are no statement */
    {"The UN Security Council extended the arms embargo on Libya until 1 July 2018.", STMT_NONE,
     NULL},
    {"The U.S. embargo against Cuba has lasted since 1962.", STMT_NONE, NULL},
    {"Congress should lift the embargo on Cuba.", STMT_NONE, NULL},
    {"The oil embargo of 1973 ended at midnight on 18 March 1974.", STMT_NONE, NULL},
    {"Sanctions and embargoes hurt ordinary people.", STMT_NONE, NULL},
    {"Imports of embargoed goods rose.", STMT_NONE, NULL},
    {"The Chinese embargo on rare earths took effect at 10:00 on 1 August 2023.", STMT_NONE, NULL},
    {"El embargo de bienes se decretó el 14 de marzo.", STMT_NONE, NULL},
    {"Notes to editors (not for publication)", STMT_NONE, NULL},
    {"NOT FOR RELEASE, PUBLICATION OR DISTRIBUTION IN OR INTO THE UNITED STATES", STMT_NONE, NULL},
    {"For immediate release", STMT_NONE, NULL},
    {"FOR PUBLICATION", STMT_NONE, NULL},
    {"The authorities kept a media embargo in Kashmir for months.", STMT_NONE, NULL},
    {"For release: immediately", STMT_NONE, NULL},
    {"Do not use before the expiry date printed on the pack.", STMT_NONE, NULL},
    {"Write to embargo@example.org for advance copies.", STMT_NONE, NULL},
    {"The hearing is on 20 August 2023 at 3:00 p.m. EDT.", STMT_NONE, NULL},
};

static void test_statement_kinds(void **state)
{
	(void)state;
	struct timeparse_opts t = {0};
	for (size_t i = 0; i < sizeof stmt_cases / sizeof stmt_cases[0]; i++) {
		const struct stmt_case *c = &stmt_cases[i];
		struct lines ls;
		struct statements st;
		lines_of(c->text, &ls);
		release_statements(&ls, &t, &st);
		enum stmt_kind got = st.n ? st.v[0].kind : STMT_NONE;
		if (got != c->kind)
			fail_msg("case %zu \"%s\": %s, want %s (%zu statements)", i, c->text,
			         kind_name(got), kind_name(c->kind), st.n);
		if (c->utc) {
			char buf[32];
			timeparse_format_utc(st.v[0].r.instant, buf);
			if (strcmp(buf, c->utc) != 0)
				fail_msg("case %zu \"%s\": %s, want %s", i, c->text, buf, c->utc);
		}
		if (got != STMT_NONE && !st.on_line[st.v[0].line])
			fail_msg("case %zu: the line is not marked", i);
		statements_free(&st);
		lines_free(&ls);
	}
}

/* The word as a topic in one place makes the bare word the same topic
 * elsewhere; where it never is one, the bare word says "embargoed". */
static void test_bare_word(void **state)
{
	(void)state;
	struct timeparse_opts t = {0};
	struct lines ls;
	struct statements st;
	lines_of("The U.S. embargo against Cuba began in 1962.\n.\n"
	         "The embargo has cost the island dearly.\n",
	         &ls);
	release_statements(&ls, &t, &st);
	assert_int_equal(st.n, 0);
	statements_free(&st);
	lines_free(&ls);
	lines_of("Headline\n.\nThe embargo has been moved up to the end of this call.\n", &ls);
	release_statements(&ls, &t, &st);
	assert_int_equal(st.n, 1);
	assert_int_equal(st.v[0].kind, STMT_MENTION);
	assert_int_equal(st.v[0].line, 2);
	statements_free(&st);
	lines_free(&ls);
}

/* A megabyte of the word costs a bounded number of readings. */
static void test_many_statements(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	for (int i = 0; i < 20000; i++)
		strbuf_adds(&sb, "embargoed until 10:00 BST 15 August 2023 ");
	struct timeparse_opts t = {0};
	struct lines ls;
	struct statements st;
	lines_of(sb.buf, &ls);
	release_statements(&ls, &t, &st);
	assert_true(st.too_many);
	assert_true(st.n <= 200);
	statements_free(&st);
	lines_free(&ls);
	strbuf_release(&sb);
}

/* ---- release_decide through release_parse ---- */

struct decide_case {
	const char *text;
	const char *decision; /* how rel.decision starts */
	const char *utc;      /* release_at, or NULL (front matter's stays, refused or not) */
	const char *error;    /* a substring of the first error, or NULL for none */
	int error_line;
};

static const struct decide_case decide_cases[] = {
    /* 1: immediate only when nothing says otherwise */
    {"Headline\n\nBody.\n", "IMMEDIATE \xe2\x80\x94 no release line and no embargo statement", NULL,
     NULL, 0},
    {"Headline\nFor immediate release\n\nBody.\n",
     "IMMEDIATE \xe2\x80\x94 line 2: \"For immediate release\"", NULL, NULL, 0},
    {"---\nstatus: immediate\n---\nHeadline\n\nBody. Embargoed until 10:00 BST, 15 August 2023.\n",
     "IMMEDIATE \xe2\x80\x94 front matter status: immediate, over 1 embargo statement", NULL, NULL,
     0},
    /* 2: a statement anywhere holds it */
    {"Headline\n\nBody. The embargo is 5 pm AEDT on Wednesday 17 November 2010. More.\n",
     "HELD until 2010-11-17 06:00 UTC (5 pm AEDT on Wednesday 17 November 2010) \xe2\x80\x94 "
     "line 3: \"The embargo is 5 pm AEDT",
     "2010-11-17T06:00:00Z", NULL, 0},
    {"Headline\n\nBody.\n\n###\n\nNotes to editors\nThis release is embargoed until 00:01 BST "
     "on Tuesday 15 August 2023.\n",
     "HELD until 2023-08-14 23:01 UTC", "2023-08-14T23:01:00Z", NULL, 0},
    {"This release is under embargo until 00:01 BST on Tuesday 15 August 2023.\nHeadline Of "
     "The Day\n\nBody.\n",
     "HELD until 2023-08-14 23:01 UTC", "2023-08-14T23:01:00Z", NULL, 0},
    /* 3: refusals name the line and both ways out */
    {"Headline\n\nBody. The same embargo applies.\n", "REFUSED \xe2\x80\x94 line 3", NULL,
     "says the release is embargoed but not until when", 3},
    {"Headline\nEMBARGOED UNTIL FURTHER NOTICE\n\nLONDON, 14 August 2023, 10:00 BST \xe2\x80\x93 "
     "Body.\n",
     "REFUSED \xe2\x80\x94 line 2", NULL, "gives no instant that can be read", 2},
    {"Headline\n\nBody.\n\n解禁：2024年5月14日 午前10時\n", "REFUSED \xe2\x80\x94 line 5", NULL,
     "in a language embargo does not read", 5},
    /* 4: agreement */
    {"Headline\nEMBARGOED UNTIL 00:01 BST, 15 August 2023\n\nBody. The embargo lifts at 00:01 "
     "BST on 15 August 2023.\n",
     "HELD until 2023-08-14 23:01 UTC", "2023-08-14T23:01:00Z", NULL, 0},
    {"Headline\nEmbargoed until 11:00 PDT, June 8, 2023\n\nBody. Embargoed until 2 p.m. EDT, "
     "June 8, 2023.\n",
     "HELD until 2023-06-08 18:00 UTC", "2023-06-08T18:00:00Z", NULL, 0},
    {"Headline\nEMBARGOED UNTIL 00:01 BST, 15 August 2023\n\nBody. The embargo lifts at 00:01 "
     "BST on 16 August 2023.\n",
     "REFUSED \xe2\x80\x94 line 4", NULL, "the embargo statements disagree: line 2", 4},
    {"Headline\nFOR IMMEDIATE RELEASE\n\nBody. The embargo lifts at 00:01 BST on 16 August "
     "2023.\n",
     "REFUSED", NULL, "the release line says \"FOR IMMEDIATE RELEASE\", but line 4 states", 2},
    /* 10: an embargo never borrows the dateline's time */
    {"Headline\nEMBARGOED\n\nLONDON, 14 August 2023, 10:00 BST \xe2\x80\x93 Body.\n",
     "REFUSED \xe2\x80\x94 line 2", NULL, "says the release is embargoed but not until when", 2},
    {"Headline\nEMBARGOED UNTIL:\n\nLONDON, 14 August 2023, 10:00 BST \xe2\x80\x93 Body.\n",
     "REFUSED \xe2\x80\x94 line 2", NULL, "gives no instant that can be read", 2},
    {"---\nrelease_at: 2023-08-15T00:01:00+01:00\n---\nHeadline\nEMBARGOED UNTIL DELIVERY\n\n"
     "Body.\n",
     "HELD until 2023-08-14 23:01 UTC", "2023-08-14T23:01:00Z", NULL, 0},
    /* 12: front matter and text */
    {"---\nrelease_at: 2023-08-15T00:01:00+01:00\n---\nHeadline\nEMBARGOED UNTIL 00:01 BST, 15 "
     "August 2023\n\nBody.\n",
     "HELD until 2023-08-14 23:01 UTC", "2023-08-14T23:01:00Z", NULL, 0},
    {"---\nrelease_at: 2023-08-15T00:01:00+01:00\n---\nHeadline\nEMBARGOED UNTIL 10:00 BST, 15 "
     "August 2023\n\nBody.\n",
     "REFUSED \xe2\x80\x94 line 5", "2023-08-14T23:01:00Z",
     "release_at in the front matter (2023-08-14T23:01:00Z) disagrees with line 5", 5},
    {"---\nrelease_at: 2023-08-15T00:01:00+01:00\n---\nHeadline\nEMBARGOED UNTIL 16 August "
     "2023\n\nBody.\n",
     "REFUSED", "2023-08-14T23:01:00Z",
     "gives 2023-08-16, but the embargo is 2023-08-15T00:01:00+01:00", 5},
    {"---\nstatus: embargoed\n---\nHeadline\n\nBody.\n", "REFUSED", NULL, "nothing says until when",
     0},
    /* a topic release stays immediate */
    {"UN Council Extends Arms Embargo on Libya\nFor immediate release\n\nThe Council extended "
     "the arms embargo until 1 July 2018. The embargo covers all weapons.\n",
     "IMMEDIATE \xe2\x80\x94 line 2", NULL, NULL, 0},
};

static void test_decisions(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof decide_cases / sizeof decide_cases[0]; i++) {
		const struct decide_case *c = &decide_cases[i];
		struct release rel;
		tl_parse_release(c->text, strlen(c->text), NULL, &rel);
		if (!rel.decision || !str_starts_with(rel.decision, c->decision))
			fail_msg("case %zu: decision \"%s\", want \"%s...\"", i,
			         rel.decision ? rel.decision : "(null)", c->decision);
		char buf[32] = "(none)";
		if (rel.has_instant)
			timeparse_format_utc(rel.release_at, buf);
		if ((c->utc != NULL) != rel.has_instant || (c->utc && strcmp(buf, c->utc) != 0))
			fail_msg("case %zu: release_at %s, want %s", i, buf,
			         c->utc ? c->utc : "(none)");
		const struct diag *e = tl_first(&rel.diags, DIAG_ERROR);
		if ((e != NULL) != (c->error != NULL))
			fail_msg("case %zu: error %s, want %s", i, e ? e->msg : "(none)",
			         c->error ? c->error : "(none)");
		if (e && (!strstr(e->msg, c->error) || e->line != c->error_line || !e->hint))
			fail_msg("case %zu: error %d: %s, want %d: %s", i, e->line, e->msg,
			         c->error_line, c->error);
		if (e && c->error_line && !strstr(e->hint, "release_at") &&
		    !strstr(e->hint, "status: immediate") && !strstr(e->hint, "correct one"))
			fail_msg("case %zu: hint names no way out: %s", i, e->hint);
		if (c->decision[0] == 'I' && rel.status != RELEASE_IMMEDIATE)
			fail_msg("case %zu: status embargoed", i);
		if (c->decision[0] != 'I' && rel.status != RELEASE_EMBARGOED)
			fail_msg("case %zu: status immediate", i);
		release_free(&rel);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_statement_kinds),
	    cmocka_unit_test(test_bare_word),
	    cmocka_unit_test(test_many_statements),
	    cmocka_unit_test(test_decisions),
	};
	return cmocka_run_group_tests_name("statements", tests, NULL, NULL);
}
