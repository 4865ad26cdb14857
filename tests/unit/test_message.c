/* message: the header values it computes itself: the unsubscribe URIs,
 * List-Id and Message-ID. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "message.h"
#include "util.h"

static const struct {
	const char *tmpl, *email, *want;
} uri_cases[] = {
    {"https://example.org/u?e={{recipient.email}}", "j+doe@example.com",
     "https://example.org/u?e=j%2Bdoe%40example.com"},
    {"mailto:leave@example.org?subject={{recipient.email}}", "a.b-c_d~e@x.org",
     "mailto:leave@example.org?subject=a.b-c_d~e%40x.org"},
    {"https://x.org/{{ recipient.email }}/{{recipient.email}}", "a@b", "https://x.org/a%40b/a%40b"},
    {"https://x.org/?q=a%20b&e={{recipient.email}}", "\"q\"@b",
     "https://x.org/?q=a%20b&e=%22q%22%40b"},
    {"mailto:unsubscribe@example.org", "a@b", "mailto:unsubscribe@example.org"},
    {"https://x.org/{{recipient.name}}", "a@b", "https://x.org/{{recipient.name}}"},
    {"https://x.org/{{recipient.email", "a@b", "https://x.org/{{recipient.email"},
    {"https://x.org/{{{{recipient.email}}", "a@b", "https://x.org/{{a%40b"},
    {"{{recipient.email}}", "jos\xc3\xa9@b.example", "jos%C3%A9%40b.example"},
    {"{{", "a@b", "{{"},
    {"x{{recipient.email}}{{recipient.email}}y{", "a b", "xa%20ba%20by{"},
    {"", "a@b", ""},
};

static void test_unsubscribe_uri(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof uri_cases / sizeof uri_cases[0]; i++) {
		char *got = message_unsubscribe_uri(uri_cases[i].tmpl, uri_cases[i].email);
		if (strcmp(got, uri_cases[i].want) != 0)
			fail_msg("case %zu: got %s, want %s", i, got, uri_cases[i].want);
		free(got);
	}
}

static const struct {
	const char *name, *description, *want;
} list_id_cases[] = {
    {"press", NULL, "<press.example.org>"},
    {"press", "", "<press.example.org>"},
    {"Tech Press", "Technology reporters", "Technology reporters <tech-press.example.org>"},
    {"a  b..c__d", NULL, "<a-b-c__d.example.org>"},
    {"--x--", NULL, "<x.example.org>"},
    {"***", NULL, "<list.example.org>"},
    {"presse-française", NULL, "<presse-fran-aise.example.org>"},
    {"p", "Press (tech) list", "\"Press (tech) list\" <p.example.org>"},
    {"p", "Say \"hi\"", "\"Say \\\"hi\\\"\" <p.example.org>"},
    {"p", "Correspondants étrangers", "Correspondants =?UTF-8?Q?=C3=A9trangers?= <p.example.org>"},
};

static void test_list_id(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof list_id_cases / sizeof list_id_cases[0]; i++) {
		char *got = message_list_id(list_id_cases[i].name, list_id_cases[i].description,
		                            "example.org");
		if (strcmp(got, list_id_cases[i].want) != 0)
			fail_msg("case %zu: got %s, want %s", i, got, list_id_cases[i].want);
		free(got);
	}
}

/* Stable per (key, release ID, address), different when any changes, and
 * the pair is not confused with its concatenation. */
static void test_message_id(void **state)
{
	(void)state;
	struct message_key k1, k2;
	memset(k1.k, 0x11, sizeof k1.k);
	memset(k2.k, 0x11, sizeof k2.k);
	k2.k[31] = 0x12;
	char *a = message_id(&k1, "2023-08-14-x", "a@example.com", "example.org");
	char *a2 = message_id(&k1, "2023-08-14-x", "a@example.com", "example.org");
	char *b = message_id(&k1, "2023-08-14-x", "b@example.com", "example.org");
	char *c = message_id(&k1, "2023-08-14-y", "a@example.com", "example.org");
	char *s1 = message_id(&k1, "ab", "c@d", "example.org");
	char *s2 = message_id(&k1, "a", "bc@d", "example.org");
	char *other_key = message_id(&k2, "2023-08-14-x", "a@example.com", "example.org");
	char *unkeyed = message_id(NULL, "2023-08-14-x", "a@example.com", "example.org");
	assert_string_equal(a, a2);
	assert_int_equal(strlen(a), 32 + strlen("@example.org"));
	assert_int_equal(strspn(a, "0123456789abcdef"), 32);
	assert_string_equal(a + 32, "@example.org");
	assert_string_not_equal(a, b);
	assert_string_not_equal(a, c);
	assert_string_not_equal(s1, s2);
	assert_string_not_equal(a, other_key);
	assert_string_not_equal(a, unkeyed);
	free(a);
	free(a2);
	free(b);
	free(c);
	free(s1);
	free(s2);
	free(other_key);
	free(unkeyed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_unsubscribe_uri),
	    cmocka_unit_test(test_list_id),
	    cmocka_unit_test(test_message_id),
	};
	return cmocka_run_group_tests_name("message", tests, NULL, NULL);
}
