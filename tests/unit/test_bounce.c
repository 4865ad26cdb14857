/* bounce_class, bounce_report and bounce_match, table-driven: the classes
 * of wording a server uses (each row a kind of sentence, not one message),
 * what a report of each format yields, and which reports tie to a message
 * embargo sent. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bounce_class.h"
#include "bounce_match.h"
#include "bounce_report.h"
#include "message.h"
#include "util.h"

/* ---- bounce_classify ---- */

static const struct {
	const char *action, *status, *diag;
	enum bounce_class want;
} class_cases[] = {
    /* the mailbox or domain does not exist: hard */
    {"failed", "5.1.1", "550 5.1.1 <a@b.example>: Recipient address rejected: User unknown",
     BOUNCE_HARD},
    {"failed", "5.1.1", NULL, BOUNCE_HARD},
    {"failed", "5.0.0", "550 5.1.1 The email account that you tried to reach does not exist.",
     BOUNCE_HARD},
    {"failed", "5.1.10", "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found",
     BOUNCE_HARD},
    {"failed", "5.1.2", "Host or domain name not found. Name service error for name=x.example",
     BOUNCE_HARD},
    {"failed", "5.1.6", "550 5.1.6 recipient no longer on server", BOUNCE_HARD},
    {NULL, NULL, "550 Unknown user kijitora@example.ne.jp", BOUNCE_HARD},
    {NULL, NULL, "554 delivery error: dd This user doesn't have a yahoo.com account", BOUNCE_HARD},
    {NULL, NULL, "550 #5.1.0 Address rejected. the address couldn't be found", BOUNCE_HARD},
    {NULL, NULL, "Does not have a final email delivery point", BOUNCE_HARD},
    {NULL, NULL, "550 Benutzer existiert nicht", BOUNCE_HARD},
    {NULL, NULL, "L'adresse n'existe pas", BOUNCE_HARD},
    /* full, disabled, temporary, delayed: soft */
    {"failed", "5.2.2", "550 5.2.2 <a@b.example>... Mailbox Full", BOUNCE_SOFT},
    {"failed", "5.0.0", "5.1.0 - Unknown address error 550-'5.2.2 Mailbox Full'", BOUNCE_SOFT},
    {"failed", "5.2.1", "550 5.2.1 The email account that you tried to reach is disabled",
     BOUNCE_SOFT},
    {"delayed", "4.4.1", "Connection timed out", BOUNCE_SOFT},
    {"failed", "4.2.2", "452 4.2.2 Over quota", BOUNCE_SOFT},
    {NULL, NULL, "451 Temporary local problem - please try later", BOUNCE_SOFT},
    {NULL, NULL, "Name service error for domain x.example: Host not found, try again", BOUNCE_SOFT},
    {NULL, NULL, "retry time not reached for any host after a long failure period", BOUNCE_SOFT},
    /* the sender or the content refused: policy, whatever else is said */
    {"failed", "5.7.1", "554 5.7.1 <a@b.example>: Recipient address rejected: Access denied",
     BOUNCE_POLICY},
    {"failed", "5.7.26", "550-5.7.26 Unauthenticated email is not accepted due to DMARC policy",
     BOUNCE_POLICY},
    {"failed", "5.7.606", "550 5.7.606 Access denied, banned sending IP. 550 5.1.1 User unknown",
     BOUNCE_POLICY},
    {"failed", "5.0.0", "521 blocked by blacklist. DNSRBL: Blocked for abuse", BOUNCE_POLICY},
    {"failed", "5.1.1", "550 5.1.1 user unknown (listed on Spamhaus)", BOUNCE_POLICY},
    {"failed", "5.0.0", "554 5.7.0 Reject, id=00832-01 - SPAM", BOUNCE_POLICY},
    {"failed", "5.0.0", "554 Host network not allowed", BOUNCE_POLICY},
    /* the words do not say: unknown, never hard */
    {"failed", "5.0.0", "550 Requested action not taken: mailbox unavailable", BOUNCE_UNKNOWN},
    {"failed", "5.0.0", NULL, BOUNCE_UNKNOWN},
    {NULL, NULL, "Check for typos or unnecessary spaces and try again", BOUNCE_UNKNOWN},
    {"delivered", "2.0.0", "250 ok", BOUNCE_UNKNOWN},
    {"relayed", NULL, NULL, BOUNCE_UNKNOWN},
};

static void test_classify(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof class_cases / sizeof *class_cases; i++) {
		enum bounce_class got = bounce_classify(class_cases[i].action,
		                                        class_cases[i].status, class_cases[i].diag);
		if (got != class_cases[i].want)
			fail_msg("row %zu (%s): %s, want %s", i,
			         class_cases[i].diag ? class_cases[i].diag : "-",
			         bounce_class_name(got), bounce_class_name(class_cases[i].want));
	}
}

static const struct {
	const char *text, *want; /* want NULL: none found */
} status_cases[] = {
    {"550 5.1.1 <a@b>: unknown", "5.1.1"},
    {"smtp; 550-5.7.26 Unauthenticated", "5.7.26"},
    {"(#5.5.0)", "5.5.0"},
    {"550 #5.1.0 Address rejected.", "5.1.0"},
    {"Status: 4.4.7", "4.4.7"},
    {"version 15.1.112.19 at 10.1.2.3", NULL},
    {"5.1.1.1 is an address", NULL},
    {"x5.1.1", NULL},
    {"6.1.1", NULL},
    {"", NULL},
};

static void test_find_status(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof status_cases / sizeof *status_cases; i++) {
		char out[16];
		bool found = bounce_find_status(status_cases[i].text, out);
		if (!status_cases[i].want)
			assert_false(found);
		else if (!found || strcmp(out, status_cases[i].want) != 0)
			fail_msg("row %zu: %s, want %s", i, found ? out : "none",
			         status_cases[i].want);
	}
}

/* ---- bounce_report_parse ---- */

#define DSN_HEAD                                                                                   \
	"From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\n"                              \
	"Subject: Undelivered Mail Returned to Sender\n"                                           \
	"MIME-Version: 1.0\n"                                                                      \
	"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n"          \
	"--B\nContent-Type: text/plain\n\nThe mail system\n\n"

static const struct {
	const char *name, *msg;
	enum bounce_kind kind;
	const char *addr; /* the first recipient, or NULL for none */
	const char *status;
	enum bounce_class cls;
	const char *msgid; /* a Message-ID the report must list, or NULL */
} report_cases[] = {
    {"RFC 3464 DSN",
     DSN_HEAD "<ana@news.example>: host mx said: 550 5.1.1 User unknown\n\n"
              "--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx\n\n"
              "Final-Recipient: rfc822; ana@news.example\nAction: failed\nStatus: 5.1.1\n"
              "Diagnostic-Code: smtp; 550 5.1.1 <ana@news.example>: User unknown\n\n"
              "--B\nContent-Type: text/rfc822-headers\n\n"
              "Message-ID: <0123456789abcdef0123456789abcdef@example.org>\nTo: ana@news.example\n\n"
              "--B--\n",
     BOUNCE_KIND_DSN, "ana@news.example", "5.1.1", BOUNCE_HARD,
     "0123456789abcdef0123456789abcdef@example.org"},
    {"DSN whose address holds atext the text search leaves out",
     DSN_HEAD "\n--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx\n\n"
              "Final-Recipient: rfc822; mango-=#43@panda.example\nAction: failed\n"
              "Status: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown in local table\n\n"
              "--B--\n",
     BOUNCE_KIND_DSN, "mango-=#43@panda.example", "5.1.1", BOUNCE_HARD, NULL},
    {"DSN delay warning",
     DSN_HEAD "\n--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx\n\n"
              "Final-Recipient: rfc822; bo@news.example\nAction: delayed\nStatus: 4.4.1\n"
              "Diagnostic-Code: X-Postfix; connect to mx: Connection timed out\n\n--B--\n",
     BOUNCE_KIND_DSN, "bo@news.example", "4.4.1", BOUNCE_SOFT, NULL},
    {"RFC 5965 feedback report",
     "From: fbl@isp.example\nSubject: complaint\nMIME-Version: 1.0\n"
     "Content-Type: multipart/report; report-type=feedback-report; boundary=\"F\"\n\n"
     "--F\nContent-Type: text/plain\n\nAn abuse report\n\n"
     "--F\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\nVersion: 1\n"
     "Original-Rcpt-To: <cy@news.example>\n\n"
     "--F\nContent-Type: message/rfc822\n\nMessage-ID: <abc@example.org>\nTo: cy@news.example\n"
     "Subject: x\n\nbody\n--F--\n",
     BOUNCE_KIND_COMPLAINT, "cy@news.example", NULL, BOUNCE_COMPLAINT, "abc@example.org"},
    {"Microsoft JMRP junk report",
     "From: staff@hotmail.example\nSubject: complaint about message from 192.0.2.1\n"
     "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"J\"\n\n"
     "--J\nContent-Type: message/rfc822\n\nX-HmXmrOriginalRecipient: <di@news.example>\n"
     "To: di@news.example\nMessage-ID: <def@example.org>\n\nNyaan\n--J--\n",
     BOUNCE_KIND_COMPLAINT, "di@news.example", NULL, BOUNCE_COMPLAINT, "def@example.org"},
    {"qmail text bounce",
     "From: MAILER-DAEMON@mx4.example.jp\nSubject: failure notice\n\n"
     "Hi. This is the qmail-send program at mx4.example.jp.\n"
     "I'm afraid I wasn't able to deliver your message to the following addresses.\n\n"
     "<kijitora@example.ne.jp>:\n"
     "remote host 192.0.2.32 said: 550 Unknown user kijitora@example.ne.jp\n\n"
     "--- Below this line is a copy of the message.\n\n"
     "Message-ID: <ghi@example.org>\nTo: other@example.com\n\nneko\n",
     BOUNCE_KIND_DSN, "kijitora@example.ne.jp", NULL, BOUNCE_HARD, "ghi@example.org"},
    {"Exim text bounce naming only X-Failed-Recipients",
     "From: Mail Delivery System <Mailer-Daemon@mx.example>\n"
     "X-Failed-Recipients: eve@news.example\n"
     "Subject: Mail delivery failed: returning message to sender\n\n"
     "A message that you sent could not be delivered. Mailbox quota exceeded.\n",
     BOUNCE_KIND_DSN, "eve@news.example", NULL, BOUNCE_SOFT, NULL},
    {"RFC 3834 auto-reply",
     "From: kijitora@example.net\nAuto-Submitted: auto-replied\nSubject: Away until May 5\n\n"
     "I am currently away; write to fay@example.net instead.\n",
     BOUNCE_KIND_AUTOREPLY, NULL, NULL, BOUNCE_UNKNOWN, NULL},
    {"out of office by subject",
     "From: gil@news.example\nSubject: Automatic reply: Harbour reopens\n\nOut today.\n",
     BOUNCE_KIND_AUTOREPLY, NULL, NULL, BOUNCE_UNKNOWN, NULL},
    {"ordinary mail", "From: hal@news.example\nSubject: Re: your release\n\nThanks!\n",
     BOUNCE_KIND_UNRECOGNISED, NULL, NULL, BOUNCE_UNKNOWN, NULL},
    {"blank lines before the headers",
     "   \n\nFrom: ivy@news.example\nPrecedence: auto_reply\nSubject: Re: x\n\nI am away.\n",
     BOUNCE_KIND_AUTOREPLY, NULL, NULL, BOUNCE_UNKNOWN, NULL},
    {"mbox From line",
     "From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n" DSN_HEAD
     "\n--B\nContent-Type: message/delivery-status\n\n"
     "Final-Recipient: rfc822; jo@news.example\nAction: failed\n"
     "Status: 5.2.2\n\n--B--\n",
     BOUNCE_KIND_DSN, "jo@news.example", "5.2.2", BOUNCE_SOFT, NULL},
};

static void test_report(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof report_cases / sizeof *report_cases; i++) {
		const char *msg = report_cases[i].msg;
		struct bounce_report rep;
		bounce_report_parse(msg, strlen(msg), &rep);
		const char *name = report_cases[i].name;
		if (rep.kind != report_cases[i].kind)
			fail_msg("%s: kind %s, want %s", name, bounce_kind_name(rep.kind),
			         bounce_kind_name(report_cases[i].kind));
		if (!report_cases[i].addr) {
			if (rep.n != 0)
				fail_msg("%s: %zu recipients, want none", name, rep.n);
		} else {
			if (rep.n < 1 || strcmp(rep.r[0].address, report_cases[i].addr) != 0)
				fail_msg("%s: recipient %s, want %s", name,
				         rep.n ? rep.r[0].address : "none", report_cases[i].addr);
			if ((report_cases[i].status == NULL) != (rep.r[0].status == NULL) ||
			    (report_cases[i].status &&
			     strcmp(report_cases[i].status, rep.r[0].status) != 0))
				fail_msg("%s: status %s, want %s", name,
				         rep.r[0].status ? rep.r[0].status : "null",
				         report_cases[i].status ? report_cases[i].status : "null");
			if (rep.r[0].cls != report_cases[i].cls)
				fail_msg("%s: class %s, want %s", name,
				         bounce_class_name(rep.r[0].cls),
				         bounce_class_name(report_cases[i].cls));
		}
		if (report_cases[i].msgid) {
			bool found = false;
			for (size_t k = 0; k < rep.nmsgids; k++)
				found |= strcmp(rep.msgids[k], report_cases[i].msgid) == 0;
			if (!found)
				fail_msg("%s: Message-ID %s not listed", name,
				         report_cases[i].msgid);
		}
		bounce_report_free(&rep);
	}
}

/* Hostile bytes: NULs, no headers, deep nesting, a huge line.  Survived,
 * and every string printable. */
static void test_report_hostile(void **state)
{
	(void)state;
	struct strbuf deep;
	strbuf_init(&deep);
	for (int i = 0; i < 300; i++)
		strbuf_addf(&deep, "Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n", i,
		            i);
	strbuf_adds(&deep, "Final-Recipient: rfc822; x@y.example\n");
	const struct {
		const char *buf;
		size_t len;
	} inputs[] = {
	    {"", 0},
	    {"\0\0\0From: a@b\0\n\nStatus: 5.1.1\0", 28},
	    {"no headers at all", 17},
	    {deep.buf, deep.len},
	};
	for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
		struct bounce_report rep;
		bounce_report_parse(inputs[i].buf, inputs[i].len, &rep);
		for (size_t k = 0; k < rep.n; k++)
			for (const unsigned char *p = (const unsigned char *)rep.r[k].address; *p;
			     p++)
				assert_true(*p >= 0x20 && *p != 0x7f);
		bounce_report_free(&rep);
	}
	strbuf_release(&deep);
}

/* Every Message-ID listed is one: no blank, no control character, no
 * bracket between its brackets (a tab there made it through once). */
static void test_report_msgids(void **state)
{
	(void)state;
	const char *msg = "From: MAILER-DAEMON@mx.example\nSubject: Undelivered Mail\n"
	                  "References: <ok@example.org> <a\x01b@example.org>\n\n"
	                  "<ana@news.example>: 550 5.1.1 User unknown\n\n"
	                  "--- Below this line is a copy of the message.\n\n"
	                  "Message-Id: <20\t\t120116075746.12053783@m.sender.example>\n"
	                  "Message-Id: <20\r120116075746.1@m.sender.example>\n"
	                  "Message-Id: <20\x7f12@m.sender.example>\n"
	                  "To: ana@news.example\n\nneko\n";
	struct bounce_report rep;
	bounce_report_parse(msg, strlen(msg), &rep);
	assert_int_equal(rep.nmsgids, 1);
	assert_string_equal(rep.msgids[0], "ok@example.org");
	bounce_report_free(&rep);
}

/* A nesting libetpan would recurse into beyond MIME_PARTS_MAX levels is
 * read as plain text however its Content-Type fields are spelled: blanks
 * or a fold before the colon are a Content-Type field to libetpan (whose
 * recursion, tens of thousands of levels deep, overflowed the stack).  Read
 * as plain text, the base64 part says nothing and the address at the bottom
 * is the recipient. */
static void test_report_deep_spellings(void **state)
{
	(void)state;
	const char *spellings[] = {
	    "Content-Type :", "Content-type\t:", "content-TYPE\n :", "Content-Type\r\n\t:"};
	for (size_t k = 0; k < sizeof spellings / sizeof *spellings; k++) {
		struct strbuf m;
		strbuf_init(&m);
		strbuf_addf(&m,
		            "From: MAILER-DAEMON@mx.example\nSubject: Undelivered Mail\n"
		            "%s multipart/mixed; boundary=\"top\"\n\n--top\n"
		            "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n"
		            /* "<kim@news.example>: 550 5.1.1 User unknown" */
		            "PGtpbUBuZXdzLmV4YW1wbGU+OiA1NTAgNS4xLjEgVXNlciB1bmtub3du\n\n--top\n",
		            spellings[k]);
		for (int i = 0; i < 250; i++)
			strbuf_addf(&m, "%s multipart/mixed; boundary=\"n%d\"\n\n--n%d\n",
			            spellings[k], i, i);
		strbuf_adds(&m, "\n<lex@news.example>: 550 5.1.1 User unknown\n");
		struct bounce_report rep;
		bounce_report_parse(m.buf, m.len, &rep);
		if (rep.n != 1 || strcmp(rep.r[0].address, "lex@news.example") != 0)
			fail_msg("spelling %zu: %zu recipients, the first %s", k, rep.n,
			         rep.n ? rep.r[0].address : "none");
		bounce_report_free(&rep);
		strbuf_release(&m);
	}
}

/* ---- bounce_match ---- */

/* A report naming addr, carrying the Message-ID embargo gave (rel, sent_to)
 * under key, or msgid when given. */
static void make_report(struct bounce_report *rep, const struct message_key *key, const char *rel,
                        const char *sent_to, const char *addr, const char *orig, const char *msgid)
{
	memset(rep, 0, sizeof *rep);
	rep->kind = BOUNCE_KIND_DSN;
	rep->r = xcalloc(1, sizeof *rep->r);
	rep->n = 1;
	rep->r[0].address = xstrdup(addr);
	rep->r[0].original = orig ? xstrdup(orig) : NULL;
	rep->r[0].cls = BOUNCE_HARD;
	rep->msgids = xcalloc(1, sizeof *rep->msgids);
	rep->nmsgids = 1;
	rep->msgids[0] = msgid ? xstrdup(msgid) : message_id(key, rel, sent_to, "example.org");
}

static void upper_hex(char *id)
{
	for (char *p = id; *p && *p != '@'; p++)
		if (*p >= 'a' && *p <= 'f')
			*p = (char)(*p - 'a' + 'A');
}

static void test_match(void **state)
{
	(void)state;
	struct message_key key, other;
	memset(key.k, 7, sizeof key.k);
	memset(other.k, 8, sizeof other.k);
	struct bounce_index ix;
	bounce_index_init(&ix, &key);
	bounce_index_add(&ix, "rel-1", "ana@news.example");
	bounce_index_add(&ix, "rel-1", "bo@news.example");
	bounce_index_add(&ix, "rel-2", "ana@news.example");
	char *unkeyed = message_id(NULL, "rel-1", "ana@news.example", "example.org");
	char *upper = message_id(&key, "rel-2", "ana@news.example", "example.org");
	upper_hex(upper);
	const struct {
		const char *name;
		const struct message_key *k;
		const char *rel, *sent_to, *addr, *orig, *msgid;
		size_t want;
		const char *want_release;
	} cases[] = {
	    {"the Message-ID and the address", &key, "rel-1", "ana@news.example",
	     "ana@news.example", NULL, NULL, 1, "rel-1"},
	    {"the address in another case", &key, "rel-1", "ana@news.example", "ANA@news.example",
	     NULL, NULL, 1, "rel-1"},
	    {"Original-Recipient names it", &key, "rel-1", "bo@news.example", "bo@relay.example",
	     "bo@news.example", NULL, 1, "rel-1"},
	    {"the other release's Message-ID", &key, "rel-2", "ana@news.example",
	     "ana@news.example", NULL, NULL, 1, "rel-2"},
	    {"upper-case hex", &key, NULL, NULL, "ana@news.example", NULL, upper, 1, "rel-2"},
	    {"a known Message-ID beside another address", &key, "rel-1", "ana@news.example",
	     "bo@news.example", NULL, NULL, 0, "rel-1"},
	    {"an address never sent to", &key, "rel-1", "cy@news.example", "cy@news.example", NULL,
	     NULL, 0, NULL},
	    {"a release never sent", &key, "rel-9", "ana@news.example", "ana@news.example", NULL,
	     NULL, 0, NULL},
	    {"another spool's key", &other, "rel-1", "ana@news.example", "ana@news.example", NULL,
	     NULL, 0, NULL},
	    {"the unkeyed (guessable) Message-ID", &key, NULL, NULL, "ana@news.example", NULL,
	     unkeyed, 0, NULL},
	    {"no Message-ID of embargo's", &key, NULL, NULL, "ana@news.example", NULL,
	     "CAB123@mail.example.com", 0, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct bounce_report rep;
		make_report(&rep, cases[i].k, cases[i].rel, cases[i].sent_to, cases[i].addr,
		            cases[i].orig, cases[i].msgid);
		struct bounce_match *m;
		size_t n;
		const char *release;
		bounce_match(&ix, &rep, &m, &n, &release);
		if (n != cases[i].want)
			fail_msg("%s: %zu matches, want %zu", cases[i].name, n, cases[i].want);
		if ((release == NULL) != (cases[i].want_release == NULL) ||
		    (release && strcmp(release, cases[i].want_release) != 0))
			fail_msg("%s: release %s, want %s", cases[i].name,
			         release ? release : "none",
			         cases[i].want_release ? cases[i].want_release : "none");
		free(m);
		bounce_report_free(&rep);
	}
	free(unkeyed);
	free(upper);
	bounce_index_free(&ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_classify),      cmocka_unit_test(test_find_status),
	    cmocka_unit_test(test_report),        cmocka_unit_test(test_report_hostile),
	    cmocka_unit_test(test_report_msgids), cmocka_unit_test(test_report_deep_spellings),
	    cmocka_unit_test(test_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
