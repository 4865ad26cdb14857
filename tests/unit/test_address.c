/* address: the RFC 5321 mailbox grammar, IDN domains, mailboxes with names. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "address.h"
#include "util.h"

struct row {
	const char *in;
	const char *out; /* normalised address, or NULL when invalid */
	const char *why; /* substring of the reason when invalid */
};

/* 63-octet labels and long local parts, built once. */
static char local64[80], local65[80], dom255[300], dom256[300], dom252[300], path254[300],
    path255[300], label63[80], label64[80], qlocal65[90];

static void fill(char *buf, char c, size_t n)
{
	memset(buf, c, n);
	buf[n] = '\0';
}

/* A domain of exactly n octets: labels of 62 'a's joined by dots, the last
 * label whatever is left (never empty, never all digits). */
static void make_domain(char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (i + 1) % 63 == 0 && i < n - 1 ? '.' : 'a';
	buf[n] = '\0';
}

static int setup(void **state)
{
	fill(local64, 'x', 64);
	fill(local65, 'x', 65);
	strcat(local64, "@example.com");
	strcat(local65, "@example.com");
	char d[260];
	make_domain(d, 255);
	snprintf(dom255, sizeof dom255, "a@%s", d);
	make_domain(d, 256);
	snprintf(dom256, sizeof dom256, "a@%s", d);
	make_domain(d, 252);
	snprintf(dom252, sizeof dom252, "a@%s", d);
	snprintf(path254, sizeof path254, "%s", dom252); /* 1 + 1 + 252 = 254 */
	make_domain(d, 253);
	snprintf(path255, sizeof path255, "a@%s", d);
	fill(label63, 'l', 63);
	strcat(label63, ".example.com");
	memmove(label63 + 2, label63, strlen(label63) + 1);
	label63[0] = 'a';
	label63[1] = '@';
	fill(label64, 'l', 64);
	strcat(label64, ".example.com");
	memmove(label64 + 2, label64, strlen(label64) + 1);
	label64[0] = 'a';
	label64[1] = '@';
	/* 63 characters of content plus two quotes: 65 octets on the wire */
	qlocal65[0] = '"';
	fill(qlocal65 + 1, 'q', 62);
	strcat(qlocal65, ",\"@example.com");
	(void)state;
	return 0;
}

static const struct row rows[] = {
    /* plain valid addresses */
    {"ana@example.com", "ana@example.com", NULL},
    {"a@example.org", "a@example.org", NULL},
    {"first.last@example.net", "first.last@example.net", NULL},
    {"ana+press@example.com", "ana+press@example.com", NULL},
    {"o'brien@example.com", "o'brien@example.com", NULL},
    {"x_y-z@sub.example.com", "x_y-z@sub.example.com", NULL},
    {"!#$%&'*+-/=?^_`{|}~@example.com", "!#$%&'*+-/=?^_`{|}~@example.com", NULL},
    {"a.b.c.d@example.com", "a.b.c.d@example.com", NULL},
    {"1234@example.com", "1234@example.com", NULL},
    {"a@a-b.example.com", "a@a-b.example.com", NULL},
    {"a@a--b.example.com", "a@a--b.example.com", NULL},
    {"a@123.example.com", "a@123.example.com", NULL},
    {"a@example.com1", "a@example.com1", NULL},
    /* the domain is lower-cased, the local part is not */
    {"Ana@EXAMPLE.COM", "Ana@example.com", NULL},
    {"ANA@Example.Org", "ANA@example.org", NULL},
    {"MiXeD.Case@Sub.Example.Net", "MiXeD.Case@sub.example.net", NULL},
    /* quoted local parts */
    {"\"ana lima\"@example.com", NULL, "a space, tab, '<' or '>' inside a quoted local part"},
    {"\"a b c\"@example.com", NULL, "not supported"},
    {"\"a<b\"@example.com", NULL, "not supported"},
    {"\"a>b\"@example.com", NULL, "not supported"},
    {"\"ana\"@example.com", "ana@example.com", NULL},
    {"\"a.b\"@example.com", "a.b@example.com", NULL},
    {"\"a..b\"@example.com", "\"a..b\"@example.com", NULL},
    {"\".a\"@example.com", "\".a\"@example.com", NULL},
    {"\"a@b\"@example.com", "\"a@b\"@example.com", NULL},
    {"\"a\\\"b\"@example.com", "\"a\\\"b\"@example.com", NULL},
    {"\"a\\\\b\"@example.com", "\"a\\\\b\"@example.com", NULL},
    {"\"\\a\"@example.com", "a@example.com", NULL},
    {"\"a,b\"@example.com", "\"a,b\"@example.com", NULL},
    {"\"\"@example.com", "\"\"@example.com", NULL},
    /* IDN domains to A-labels */
    {"info@bücher.example", "info@xn--bcher-kva.example", NULL},
    {"info@BÜCHER.example", "info@xn--bcher-kva.example", NULL},
    {"info@straße.example", "info@xn--strae-oqa.example", NULL},
    {"info@münchen.example.com", "info@xn--mnchen-3ya.example.com", NULL},
    {"info@例え.テスト", "info@xn--r8jz45g.xn--zckzah", NULL},
    {"info@xn--bcher-kva.example", "info@xn--bcher-kva.example", NULL},
    {"info@XN--BCHER-KVA.EXAMPLE", "info@xn--bcher-kva.example", NULL},
    /* address literals */
    {"a@[192.0.2.1]", "a@[192.0.2.1]", NULL},
    {"a@[0.0.0.0]", "a@[0.0.0.0]", NULL},
    {"a@[255.255.255.255]", "a@[255.255.255.255]", NULL},
    {"a@[IPv6:2001:db8::1]", "a@[IPv6:2001:db8::1]", NULL},
    {"a@[IPv6:2001:DB8::1]", "a@[IPv6:2001:db8::1]", NULL},
    {"a@[ipv6:::1]", "a@[IPv6:::1]", NULL},
    {"a@[300.1.1.1]", NULL, "IPv4"},
    {"a@[192.0.2]", NULL, "IPv4"},
    {"a@[192.0.2.1.5]", NULL, "IPv4"},
    {"a@[192.0.2.1", NULL, "closing ']'"},
    {"a@[IPv6:2001:db8::g]", NULL, "IPv6"},
    {"a@[IPv6:192.0.2.1]", NULL, "IPv6"},
    {"a@[2001:db8::1]", NULL, "unsupported address literal"},
    {"a@[]", NULL, "IPv4"},
    /* lengths */
    {local64, local64, NULL},
    {local65, NULL, "longer than 64"},
    {qlocal65, NULL, "longer than 64"},
    {label63, label63, NULL},
    {label64, NULL, "longer than 63"},
    {path254, path254, NULL},
    {path255, NULL, "longer than 254"},
    {dom255, NULL, "longer than 254"},
    {dom256, NULL, "longer than 255"},
    /* local part errors */
    {"a..b@example.com", NULL, "two dots"},
    {".a@example.com", NULL, "starts with a dot"},
    {"a.@example.com", NULL, "ends with a dot"},
    {"@example.com", NULL, "local part is empty"},
    {"a b@example.com", NULL, "space"},
    {"a(b)@example.com", NULL, "'('"},
    {"a,b@example.com", NULL, "','"},
    {"a\"b\"@example.com", NULL, "'\"'"},
    {"\"unterminated@example.com", NULL, "no closing quote"},
    {"\"a\"b@example.com", NULL, "after the quoted local part"},
    {"ana.müller@example.com", NULL, "SMTPUTF8"},
    {"\"ané\"@example.com", NULL, "SMTPUTF8"},
    {"用户@example.com", NULL, "SMTPUTF8"},
    /* domain errors */
    {"a@-b.example", NULL, "starts with a hyphen"},
    {"a@b-.example", NULL, "ends with a hyphen"},
    {"a@example", NULL, "no dot"},
    {"a@localhost", NULL, "no dot"},
    {"a@", NULL, "domain is empty"},
    {"a@.example.com", NULL, "empty label"},
    {"a@example..com", NULL, "empty label"},
    {"a@example.com.", NULL, "empty label"},
    {"a@exa_mple.com", NULL, "'_'"},
    {"a@exa mple.com", NULL, "space"},
    {"a@192.0.2.1", NULL, "ends in a number"},
    {"a@b@c", NULL, "more than one '@'"},
    {"a@b@example.com", NULL, "more than one '@'"},
    {"a@xn--.example", NULL, NULL},
    {"a@\xff.example", NULL, "UTF-8"},
    /* shape errors */
    {"", NULL, "empty"},
    {"ana", NULL, "no '@'"},
    {"ana.example.com", NULL, "no '@'"},
    {"<a@example.com>", NULL, "angle brackets"},
    {" a@example.com", NULL, "leading or trailing"},
    {"a@example.com ", NULL, "leading or trailing"},
    {"Ana <a@example.com>", NULL, "space"},
    /* control characters */
    {"a\r@example.com", NULL, "carriage return"},
    {"a@example.com\r\nRCPT TO:<b@example.com>", NULL, "carriage return"},
    {"a\n@example.com", NULL, "line feed"},
    {"a@exam\nple.com", NULL, "line feed"},
    {"\"a\rb\"@example.com", NULL, "carriage return"},
    {"a\t@example.com", NULL, "control character (0x09)"},
    {"a\x7f@example.com", NULL, "control character (0x7F)"},
    {"a\x01@example.com", NULL, "control character (0x01)"},
};

static void test_table(void **state)
{
	size_t bad = 0;
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *t = &rows[i];
		char *out = NULL, *why = NULL;
		int r = address_parse(t->in, &out, &why);
		bool ok;
		if (t->out)
			ok = r == 0 && out && strcmp(out, t->out) == 0 && !why;
		else
			ok = r == -1 && !out && why && (!t->why || strstr(why, t->why));
		if (!ok) {
			print_error("row %zu: %s -> r=%d out=%s why=%s (want %s / %s)\n", i, t->in,
			            r, out ? out : "(null)", why ? why : "(null)",
			            t->out ? t->out : "(invalid)", t->why ? t->why : "");
			bad++;
		}
		free(out);
		free(why);
	}
	assert_true(sizeof rows / sizeof rows[0] >= 80);
	assert_int_equal(bad, 0);
}

/* A NUL ends a C string: what follows it is never seen, so "a\0@x" is just
 * "a" and is refused for lacking an '@'. */
static void test_embedded_nul(void **state)
{
	static const char in[] = "a\0@example.com";
	char *out, *why;
	(void)state;
	assert_int_equal(address_parse(in, &out, &why), -1);
	assert_null(out);
	assert_non_null(strstr(why, "no '@'"));
	free(why);
}

static void test_key_and_domain(void **state)
{
	(void)state;
	char *k = address_key("Ana.Lima@EXAMPLE.Com");
	assert_string_equal(k, "Ana.Lima@example.com");
	free(k);
	k = address_key("\"A@B\"@Example.ORG");
	assert_string_equal(k, "\"A@B\"@example.org");
	free(k);
	assert_string_equal(address_domain("a@example.net"), "example.net");
	assert_string_equal(address_domain("\"x@y\"@example.net"), "example.net");
	/* keys of two spellings of one mailbox agree */
	char *a, *b, *why;
	assert_int_equal(address_parse("\"ana\"@Example.COM", &a, &why), 0);
	assert_int_equal(address_parse("ana@example.com", &b, &why), 0);
	char *ka = address_key(a), *kb = address_key(b);
	assert_string_equal(ka, kb);
	free(a);
	free(b);
	free(ka);
	free(kb);
}

struct mbox {
	const char *in;
	const char *name; /* expected name or NULL */
	const char *addr; /* expected address, NULL when invalid */
	const char *why;
};

static const struct mbox mboxes[] = {
    {"Press Office <press@example.org>", "Press Office", "press@example.org", NULL},
    {"\"Office, Press\" <press@example.org>", "Office, Press", "press@example.org", NULL},
    {"\"Say \\\"hi\\\"\" <a@example.org>", "Say \"hi\"", "a@example.org", NULL},
    {"press@EXAMPLE.org", NULL, "press@example.org", NULL},
    {"<press@example.org>", NULL, "press@example.org", NULL},
    {"  Ana Lima   <ana@example.com>  ", "Ana Lima", "ana@example.com", NULL},
    {"Zoë Ångström <zoe@bücher.example>", "Zoë Ångström", "zoe@xn--bcher-kva.example", NULL},
    {"\"\" <a@example.org>", NULL, "a@example.org", NULL},
    {"Ana\r\nBcc: x@example.com <a@example.org>", NULL, NULL, "carriage return"},
    {"Ana\n <a@example.org>", NULL, NULL, "line feed"},
    {"Ana <a@example.org", NULL, NULL, "angle brackets"},
    {"Ana a@example.org>", NULL, NULL, "angle brackets"},
    {"Ana <bad@@example.org>", NULL, NULL, "more than one '@'"},
    {"Ana <>", NULL, NULL, "empty"},
    {"\"Ana <a@example.org>", NULL, NULL, "no closing quote"},
    {"\"Ana\" x <a@example.org>", NULL, NULL, "after the quoted display name"},
    {"An\"a <a@example.org>", NULL, NULL, "stray"},
    {"A <b> <a@example.org>", NULL, NULL, "stray"},
    {"", NULL, NULL, "empty"},
};

static void test_mailbox(void **state)
{
	size_t bad = 0;
	(void)state;
	for (size_t i = 0; i < sizeof mboxes / sizeof mboxes[0]; i++) {
		const struct mbox *t = &mboxes[i];
		char *name = NULL, *addr = NULL, *why = NULL;
		int r = address_parse_mailbox(t->in, &name, &addr, &why);
		bool ok;
		if (t->addr)
			ok = r == 0 && addr && strcmp(addr, t->addr) == 0 &&
			     (t->name ? name && strcmp(name, t->name) == 0 : name == NULL);
		else
			ok = r == -1 && !name && !addr && why && strstr(why, t->why);
		if (!ok) {
			print_error("mailbox %zu: [%s] -> r=%d name=%s addr=%s why=%s\n", i, t->in,
			            r, name ? name : "(null)", addr ? addr : "(null)",
			            why ? why : "(null)");
			bad++;
		}
		free(name);
		free(addr);
		free(why);
	}
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_embedded_nul),
	    cmocka_unit_test(test_key_and_domain),
	    cmocka_unit_test(test_mailbox),
	};
	return cmocka_run_group_tests_name("address", tests, setup, NULL);
}
