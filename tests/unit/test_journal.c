/* journal: replay gives every recipient's state; what a claim or attempt
 * without an outcome means; torn and damaged lines. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include <cmocka.h>

#include "journal.h"
#include "testlib.h"
#include "util.h"

static char *read_file(const char *dir)
{
	char *path = tl_path(dir, "journal");
	char *data = tl_read(path, NULL);
	free(path);
	return data;
}

static void append_raw(const char *dir, const char *bytes)
{
	char *path = xasprintf("%s/journal", dir);
	FILE *fp = fopen(path, "a");
	assert_non_null(fp);
	fputs(bytes, fp);
	fclose(fp);
	free(path);
}

static struct journal open_ok(const char *dir, enum journal_mode mode)
{
	struct journal j;
	struct diags d;
	diags_init(&d);
	if (journal_open(&j, dir, mode, &d) != 0)
		fail_msg("journal_open: %s", d.n ? d.v[0].msg : "?");
	diags_free(&d);
	return j;
}

static enum rstate state_of(const struct journal *j, const char *addr)
{
	const struct jentry *e = journal_get(j, addr);
	return e ? e->state : RS_PENDING;
}

static void test_outcomes(void **state)
{
	(void)state;
	char *dir = tl_tmpdir("journal");
	struct journal j = open_ok(dir, JOURNAL_WRITE);
	const char *group[] = {"a@example.com", "b@example.com", "c@example.com", "d@example.com"};
	assert_int_equal(journal_claim(&j, group, 4), 0);
	journal_record(&j, JE_ATTEMPT, "a@example.com", NULL, 0);
	journal_record(&j, JE_SENT, "a@example.com", "250 2.0.0 Ok: queued as 1", 0);
	journal_record(&j, JE_ATTEMPT, "b@example.com", NULL, 0);
	journal_record(&j, JE_FAILED, "b@example.com", "550 no\tsuch\nuser", 0);
	journal_record(&j, JE_DEFERRED, "c@example.com", "450 try later", 12345);
	journal_record(&j, JE_ATTEMPT, "d@example.com", NULL, 0); /* then the process dies */
	journal_note(&j, "started");
	journal_close(&j);

	j = open_ok(dir, JOURNAL_READ);
	assert_int_equal(state_of(&j, "a@example.com"), RS_SENT);
	assert_string_equal(journal_get(&j, "a@example.com")->reply, "250 2.0.0 Ok: queued as 1");
	assert_int_equal(state_of(&j, "b@example.com"), RS_FAILED);
	assert_string_equal(journal_get(&j, "b@example.com")->reply, "550 no such user");
	assert_int_equal(state_of(&j, "c@example.com"), RS_DEFERRED);
	assert_int_equal(journal_get(&j, "c@example.com")->next_try, 12345);
	assert_int_equal(journal_get(&j, "c@example.com")->deferrals, 1);
	/* An attempt without an outcome: the server may have it. */
	assert_int_equal(state_of(&j, "d@example.com"), RS_UNKNOWN);
	assert_true(journal_has_note(&j, "started"));
	journal_close(&j);
	/* Reading wrote nothing; a writer journals the verdict. */
	char *before = read_file(dir);
	assert_null(strstr(before, "\tunknown\t"));
	j = open_ok(dir, JOURNAL_WRITE);
	journal_close(&j);
	char *after = read_file(dir);
	assert_non_null(strstr(after, "\tunknown\td@example.com\t"));
	free(before);
	free(after);
	tl_rmtree(dir);
	free(dir);
}

/* A claim without an attempt: same boot (kill -9) -> still to send; another
 * boot (power loss: the attempt line may be lost) -> unknown. */
static void test_claims_and_boots(void **state)
{
	(void)state;
	char *dir = tl_tmpdir("journal");
	struct journal j = open_ok(dir, JOURNAL_WRITE);
	const char *group[] = {"same@example.com"};
	assert_int_equal(journal_claim(&j, group, 1), 0);
	journal_close(&j);
	/* A claim made under another boot, written as the journal writes it. */
	char *line = xasprintf("1700000000\tclaim\tother@example.com\t0\tnot-this-boot");
	uint32_t h = 2166136261u;
	for (const char *p = line; *p; p++) {
		h ^= (unsigned char)*p;
		h *= 16777619u;
	}
	char *full = xasprintf("%s\t#%08x\n", line, h);
	append_raw(dir, full);
	j = open_ok(dir, JOURNAL_WRITE);
	assert_int_equal(state_of(&j, "same@example.com"), RS_PENDING);
	assert_int_equal(state_of(&j, "other@example.com"), RS_UNKNOWN);
	assert_non_null(strstr(journal_get(&j, "other@example.com")->reply, "restart"));
	/* The user asks for unknown recipients to be sent again. */
	journal_record(&j, JE_RESEND, "other@example.com", "asked", 0);
	assert_int_equal(state_of(&j, "other@example.com"), RS_PENDING);
	journal_close(&j);
	j = open_ok(dir, JOURNAL_READ);
	assert_int_equal(state_of(&j, "other@example.com"), RS_PENDING);
	journal_close(&j);
	free(line);
	free(full);
	tl_rmtree(dir);
	free(dir);
}

static void test_torn_and_damaged(void **state)
{
	(void)state;
	char *dir = tl_tmpdir("journal");
	struct journal j = open_ok(dir, JOURNAL_WRITE);
	journal_record(&j, JE_SENT, "a@example.com", "250 ok", 0);
	journal_close(&j);
	append_raw(dir, "1700000000\tsent\tb@exam"); /* torn by power loss */
	j = open_ok(dir, JOURNAL_WRITE);
	assert_int_equal(state_of(&j, "a@example.com"), RS_SENT);
	assert_null(journal_get(&j, "b@example.com"));
	journal_record(&j, JE_SENT, "c@example.com", "250 ok", 0);
	journal_close(&j);
	char *text = read_file(dir);
	assert_null(strstr(text, "b@exam")); /* cut before the next line */
	free(text);
	/* A complete last line with a bad checksum is torn too. */
	append_raw(dir, "1700000000\tsent\tz@example.com\t0\t250\t#00000000\n");
	j = open_ok(dir, JOURNAL_WRITE);
	assert_null(journal_get(&j, "z@example.com"));
	journal_close(&j);
	/* A damaged line with good lines after it is an error: never guess. */
	append_raw(dir, "garbage\n");
	j = open_ok(dir, JOURNAL_WRITE);
	journal_record(&j, JE_SENT, "d@example.com", "250 ok", 0);
	journal_close(&j);
	char *path = xasprintf("%s/journal", dir);
	FILE *fp = fopen(path, "r+");
	assert_non_null(fp);
	fseek(fp, 3, SEEK_SET);
	fputc('X', fp); /* damage the first line */
	fclose(fp);
	free(path);
	struct diags d;
	diags_init(&d);
	assert_int_equal(journal_open(&j, dir, JOURNAL_WRITE, &d), -1);
	assert_int_equal(d.v[0].status, EX_DATAERR);
	assert_int_equal(d.v[0].line, 1);
	assert_non_null(strstr(d.v[0].msg, "damaged"));
	journal_close(&j);
	diags_free(&d);
	tl_rmtree(dir);
	free(dir);
}

static void test_read_live(void **state)
{
	(void)state;
	char *dir = tl_tmpdir("journal");
	struct journal j = open_ok(dir, JOURNAL_WRITE);
	const char *group[] = {"a@example.com"};
	journal_claim(&j, group, 1);
	journal_record(&j, JE_ATTEMPT, "a@example.com", NULL, 0);
	/* Another process sending: in flight is not unknown. */
	struct journal r = open_ok(dir, JOURNAL_READ_LIVE);
	assert_int_equal(state_of(&r, "a@example.com"), RS_PENDING);
	journal_close(&r);
	journal_close(&j);
	tl_rmtree(dir);
	free(dir);
}

/* A claim synced in the background: lines written at once, the claim known
 * (and due to be applied) only after the wait; outcomes written meanwhile
 * stay in order; one claim at a time; close waits for a claim in flight. */
static void test_claim_in_background(void **state)
{
	(void)state;
	char *dir = tl_tmpdir("journal");
	struct journal j = open_ok(dir, JOURNAL_WRITE);
	const char *first[] = {"a@example.com", "b@example.com"};
	assert_int_equal(journal_claim(&j, first, 2), 0);
	const char *next[] = {"c@example.com", "d@example.com"};
	assert_int_equal(journal_claim_start(&j, next, 2), 0);
	assert_null(journal_get(&j, "c@example.com")); /* not durable yet */
	char *text = read_file(dir);
	assert_non_null(strstr(text, "\tclaim\tc@example.com\t")); /* written, though */
	free(text);
	assert_int_equal(journal_claim_start(&j, first, 2), -1); /* one at a time */
	assert_int_equal(errno, EBUSY);
	journal_record(&j, JE_ATTEMPT, "a@example.com", NULL, 0);
	journal_record(&j, JE_SENT, "a@example.com", "250 ok", 0);
	assert_int_equal(journal_claim_wait(&j), 0);
	assert_true(journal_get(&j, "c@example.com")->claimed);
	assert_int_equal(journal_claim_wait(&j), 0); /* nothing to wait for */
	/* the next claim may start; the journal is closed while it syncs */
	const char *last[] = {"e@example.com"};
	assert_int_equal(journal_claim_start(&j, last, 1), 0);
	journal_close(&j);
	/* same boot: claimed and never attempted is still to send */
	j = open_ok(dir, JOURNAL_READ);
	assert_int_equal(state_of(&j, "a@example.com"), RS_SENT);
	assert_int_equal(state_of(&j, "b@example.com"), RS_PENDING);
	assert_int_equal(state_of(&j, "c@example.com"), RS_PENDING);
	assert_int_equal(state_of(&j, "e@example.com"), RS_PENDING);
	assert_true(journal_get(&j, "e@example.com") != NULL);
	journal_close(&j);
	tl_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outcomes),
		cmocka_unit_test(test_claims_and_boots),
		cmocka_unit_test(test_torn_and_damaged),
		cmocka_unit_test(test_read_live),
		cmocka_unit_test(test_claim_in_background),
	};
	return cmocka_run_group_tests_name("journal", tests, NULL, NULL);
}
