/* password: the environment, a command's first line, a netrc entry; the
 * errors name the configuration's section and key. */
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

#include "password.h"
#include "util.h"

static char netrc[] = "/tmp/embargo-test-netrc-XXXXXX";

static int setup(void **state)
{
	(void)state;
	int fd = mkstemp(netrc);
	if (fd < 0)
		return -1;
	const char text[] = "machine smtp.example.org login press password relay-pw\n"
	                    "machine mail.example.org\n  login bounces\n  password imap-pw\n"
	                    "machine mail.example.org login other password other-pw\n"
	                    "default login anyone password fallback-pw\n";
	int ok = write(fd, text, sizeof text - 1) == (ssize_t)(sizeof text - 1);
	close(fd);
	return ok ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	unlink(netrc);
	return 0;
}

static const char *first_message(struct diags *d)
{
	return d->n ? d->v[0].msg : "";
}

static void test_env(void **state)
{
	(void)state;
	struct diags d;
	diags_init(&d);
	char *pw = NULL;
	setenv("EMBARGO_TEST_PW", "s3cret", 1);
	assert_int_equal(password_from_env("bounces", "EMBARGO_TEST_PW", &pw, &d), 0);
	assert_string_equal(pw, "s3cret");
	free(pw);
	setenv("EMBARGO_TEST_PW", "", 1);
	assert_int_equal(password_from_env("smtp", "EMBARGO_TEST_PW", &pw, &d), -1);
	assert_non_null(strstr(first_message(&d), "smtp.password_env: environment variable "
	                                          "EMBARGO_TEST_PW is not set"));
	diags_free(&d);
}

static const struct {
	const char *cmd, *want, *error;
} command_cases[] = {
    {"printf 'pw-one\\nsecond line\\n'", "pw-one", NULL},
    {"printf 'crlf-pw\\r\\n'", "crlf-pw", NULL},
    {"true", NULL, "bounces.password_command printed no password"},
    {"echo pw; exit 3", NULL, "bounces.password_command failed (status 3)"},
};

static void test_command(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof command_cases / sizeof *command_cases; i++) {
		struct diags d;
		diags_init(&d);
		char *pw = NULL;
		int rc = password_from_command("bounces", command_cases[i].cmd, &pw, &d);
		if (command_cases[i].want) {
			assert_int_equal(rc, 0);
			assert_string_equal(pw, command_cases[i].want);
		} else {
			assert_int_equal(rc, -1);
			assert_null(pw);
			if (!strstr(first_message(&d), command_cases[i].error))
				fail_msg("%s: \"%s\", want \"%s\"", command_cases[i].cmd,
				         first_message(&d), command_cases[i].error);
		}
		free(pw);
		diags_free(&d);
	}
}

static const struct {
	const char *host, *user, *want;
} netrc_cases[] = {
    {"smtp.example.org", "press", "relay-pw"},
    {"mail.example.org", "bounces", "imap-pw"}, /* entries over several lines */
    {"mail.example.org", "other", "other-pw"},
    {"unknown.example.org", "anyone", "fallback-pw"}, /* default */
    {"smtp.example.org", "nobody", NULL},
};

static void test_netrc(void **state)
{
	(void)state;
	chmod(netrc, 0600);
	for (size_t i = 0; i < sizeof netrc_cases / sizeof *netrc_cases; i++) {
		struct diags d;
		diags_init(&d);
		char *pw = NULL;
		int rc = password_from_netrc("bounces", netrc, netrc_cases[i].host,
		                             netrc_cases[i].user, &pw, &d);
		if (netrc_cases[i].want) {
			assert_int_equal(rc, 0);
			assert_string_equal(pw, netrc_cases[i].want);
		} else {
			assert_int_equal(rc, -1);
			assert_non_null(
			    strstr(first_message(&d), "bounces.netrc has no password for"));
		}
		free(pw);
		diags_free(&d);
	}
	/* a netrc others can read is refused before it is read */
	chmod(netrc, 0644);
	struct diags d;
	diags_init(&d);
	char *pw = NULL;
	assert_int_equal(
	    password_from_netrc("bounces", netrc, "smtp.example.org", "press", &pw, &d), -1);
	assert_null(pw);
	assert_non_null(strstr(first_message(&d), "holds a secret and others can read it"));
	assert_int_equal(password_netrc_check("smtp", "/nonexistent/netrc", &d), -1);
	diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_env),
	    cmocka_unit_test(test_command),
	    cmocka_unit_test(test_netrc),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
