#include "config.h"

#include <arpa/inet.h>
#include <idn2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "utf8.h"
#include "util.h"

/* RFC 5321 4.5.3.1: 64 octets of local part, 255 of domain, and a path of
 * 256 including the angle brackets, so 254 for the address itself. */
#define LOCAL_MAX 64
#define DOMAIN_MAX 255
#define PATH_MAX_OCTETS 254
#define LABEL_MAX 63

static int fail(char **why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(char **why, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	*why = xvasprintf(fmt, ap);
	va_end(ap);
	return -1;
}

/* RFC 5322 atext. */
static bool is_atext(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

static bool is_ldh(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-';
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool has_non_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

/* Control characters are refused everywhere, even inside quotes: they would
 * reach an SMTP command or a header (doc/design.md "Secure"). */
static int check_controls(const char *s, char **why)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\r')
			return fail(why, "the address contains a carriage return (CR)");
		if (*p == '\n')
			return fail(why, "the address contains a line feed (LF)");
		if (*p < 0x20 || *p == 0x7f) {
			char hex[8];
			snprintf(hex, sizeof hex, "0x%02X", *p);
			return fail(why, "the address contains a control character (%s)", hex);
		}
	}
	return 0;
}

/* The dot-atom rule of RFC 5322: atext runs separated by single dots. */
static int check_dot_atom(const char *s, size_t n, char **why)
{
	if (n == 0)
		return fail(why, "the local part is empty");
	if (s[0] == '.')
		return fail(why, "the local part starts with a dot");
	if (s[n - 1] == '.')
		return fail(why, "the local part ends with a dot");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '.' && s[i + 1] == '.')
			return fail(why, "the local part has two dots in a row");
		if (c == ' ')
			return fail(why,
			            "the local part contains a space (quote it: \"a b\"@domain)");
		if (c != '.' && !is_atext(c)) {
			char ch[2] = {(char)c, '\0'};
			return fail(why, "the local part contains '%s' (quote it or remove it)",
			            ch);
		}
	}
	return 0;
}

static bool is_dot_atom(const char *s, size_t n)
{
	char *why = NULL;
	int r = check_dot_atom(s, n, &why);
	free(why);
	return r == 0;
}

/* A quoted local part starting at s[0] == '"'.  Stores the unescaped content
 * in *content and returns the length consumed including both quotes. */
static long scan_quoted(const char *s, struct strbuf *content, char **why)
{
	size_t i = 1;
	for (;;) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\0')
			return fail(why, "the quoted local part has no closing quote");
		if (c == '"')
			return (long)i + 1;
		if (c == '\\') {
			unsigned char e = (unsigned char)s[i + 1];
			if (e < 0x20 || e > 0x7e)
				return fail(why,
				            "a backslash in the quoted local part escapes nothing "
				            "printable");
			strbuf_addch(content, (char)e);
			i += 2;
			continue;
		}
		strbuf_addch(content, (char)c);
		i++;
	}
}

/* The local part in its shortest form: a quoted string whose content is a
 * valid dot-atom loses its quotes; otherwise only '"' and '\' are escaped.
 * One spelling per mailbox keeps the merge key honest. */
static char *local_canonical(const char *content, size_t n)
{
	if (is_dot_atom(content, n))
		return xstrndup(content, n);
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addch(&sb, '"');
	for (size_t i = 0; i < n; i++) {
		if (content[i] == '"' || content[i] == '\\')
			strbuf_addch(&sb, '\\');
		strbuf_addch(&sb, content[i]);
	}
	strbuf_addch(&sb, '"');
	return strbuf_detach(&sb, NULL);
}

/* Parse the local part at the start of in; on success *rest points at the
 * '@' and *local is the canonical local part. */
static int parse_local(const char *in, const char **rest, char **local, char **why)
{
	if (in[0] == '"') {
		struct strbuf content;
		strbuf_init(&content);
		long used = scan_quoted(in, &content, why);
		if (used < 0) {
			strbuf_release(&content);
			return -1;
		}
		if (has_non_ascii(content.buf, content.len)) {
			strbuf_release(&content);
			return fail(why,
			            "the local part is not ASCII (internationalised local parts "
			            "need SMTPUTF8, which embargo does not support)");
		}
		/* The envelope guard (smtp_envelope_ok) lets no space, '<' or '>'
		 * into MAIL FROM or RCPT TO: such an address could never be sent. */
		if (strpbrk(content.buf, " \t<>")) {
			strbuf_release(&content);
			return fail(why, "a space, tab, '<' or '>' inside a quoted local part is not "
			                 "supported (embargo never sends them in the SMTP envelope)");
		}
		*local = local_canonical(content.buf, content.len);
		strbuf_release(&content);
		*rest = in + used;
		return 0;
	}
	const char *at = strchr(in, '@');
	size_t n = at ? (size_t)(at - in) : strlen(in);
	if (has_non_ascii(in, n))
		return fail(why, "the local part is not ASCII (internationalised local parts "
		                 "need SMTPUTF8, which embargo does not support)");
	if (check_dot_atom(in, n, why) < 0)
		return -1;
	*local = xstrndup(in, n);
	*rest = in + n;
	return 0;
}

/* RFC 5321 Snum: 1 to 3 digits, value 0-255. */
static bool ipv4_literal_ok(const char *s)
{
	for (int part = 0; part < 4; part++) {
		int digits = 0, v = 0;
		while (is_digit((unsigned char)*s) && digits < 4) {
			v = v * 10 + (*s++ - '0');
			digits++;
		}
		if (digits == 0 || digits > 3 || v > 255)
			return false;
		if (part < 3 && *s++ != '.')
			return false;
	}
	return *s == '\0';
}

static int parse_literal(const char *dom, char **out, char **why)
{
	size_t n = strlen(dom);
	if (dom[n - 1] != ']')
		return fail(why, "the address literal has no closing ']'");
	char *inner = xstrndup(dom + 1, n - 2);
	int r = 0;
	if (str_starts_with_ci(inner, "IPv6:")) {
		struct in6_addr a6;
		if (inet_pton(AF_INET6, inner + 5, &a6) != 1)
			r = fail(why, "the IPv6 address literal is not a valid IPv6 address");
		else {
			char *low = str_lower(inner + 5);
			*out = xasprintf("[IPv6:%s]", low);
			free(low);
		}
	} else if (strchr(inner, ':')) {
		r = fail(why, "unsupported address literal (only [IPv4] and [IPv6:...] are "
		              "allowed)");
	} else if (!ipv4_literal_ok(inner)) {
		r = fail(why, "the address literal is not a valid IPv4 address (four numbers "
		              "0-255)");
	} else {
		*out = xstrdup(dom);
	}
	free(inner);
	return r;
}

static int check_label(const char *s, size_t n, char **why)
{
	if (n == 0)
		return fail(why, "the domain has an empty label");
	if (n > LABEL_MAX)
		return fail(why, "a label of the domain is longer than 63 octets");
	if (s[0] == '-')
		return fail(why, "a label of the domain starts with a hyphen");
	if (s[n - 1] == '-')
		return fail(why, "a label of the domain ends with a hyphen");
	for (size_t i = 0; i < n; i++) {
		if (!is_ldh((unsigned char)s[i])) {
			char ch[2] = {s[i], '\0'};
			return fail(why,
			            "the domain contains '%s' (letters, digits, hyphens and "
			            "dots only)",
			            ch);
		}
	}
	return 0;
}

/* LDH labels separated by dots, at least two of them, the last not all
 * digits (that is an IP address written without brackets). */
static int check_hostname(const char *dom, char **why)
{
	size_t n = strlen(dom);
	if (n > DOMAIN_MAX)
		return fail(why, "the domain is longer than 255 octets");
	if (!strchr(dom, '.'))
		return fail(why, "the domain has no dot (a full domain such as example.com is "
		                 "needed)");
	const char *p = dom, *last = dom;
	for (;;) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);
		if (check_label(p, len, why) < 0)
			return -1;
		last = p;
		if (!dot)
			break;
		p = dot + 1;
	}
	if (strspn(last, "0123456789") == strlen(last))
		return fail(why, "the domain ends in a number (write an IP address as "
		                 "[192.0.2.1])");
	return 0;
}

static int to_a_labels(const char *dom, char **out, char **why)
{
	size_t bad;
	if (!utf8_valid(dom, strlen(dom), &bad))
		return fail(why, "the domain is not valid UTF-8");
	char *ace = NULL;
	int rc = idn2_to_ascii_8z(dom, &ace, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
	if (rc != IDN2_OK)
		return fail(why, "the internationalised domain is invalid: %s", idn2_strerror(rc));
	*out = str_lower(ace);
	idn2_free(ace);
	return 0;
}

static int parse_domain(const char *dom, char **out, char **why)
{
	if (*dom == '\0')
		return fail(why, "the domain is empty");
	if (strchr(dom, '@'))
		return fail(why, "the address has more than one '@'");
	if (dom[0] == '[')
		return parse_literal(dom, out, why);
	if (strchr(dom, ' '))
		return fail(why, "the domain contains a space");
	char *ascii = NULL;
	if (has_non_ascii(dom, strlen(dom))) {
		if (to_a_labels(dom, &ascii, why) < 0)
			return -1;
	} else {
		ascii = str_lower(dom);
	}
	if (check_hostname(ascii, why) < 0) {
		free(ascii);
		return -1;
	}
	*out = ascii;
	return 0;
}

static int check_shape(const char *in, char **why)
{
	if (!in || *in == '\0')
		return fail(why, "the address is empty");
	if (check_controls(in, why) < 0)
		return -1;
	size_t n = strlen(in);
	if (in[0] == ' ' || in[n - 1] == ' ')
		return fail(why, "the address has leading or trailing spaces");
	if (in[0] == '<')
		return fail(why, "the address is in angle brackets (write it bare: "
		                 "name@example.com)");
	return 0;
}

int address_parse(const char *in, char **ascii, char **why)
{
	*ascii = NULL;
	*why = NULL;
	if (check_shape(in, why) < 0)
		return -1;
	const char *rest = in;
	char *local = NULL, *domain = NULL;
	if (parse_local(in, &rest, &local, why) < 0)
		return -1;
	int r = -1;
	if (*rest != '@')
		fail(why, *rest ? "unexpected text after the quoted local part"
		                : "the address has no '@' (write local-part@domain)");
	else if (strlen(local) > LOCAL_MAX)
		fail(why, "the local part is longer than 64 octets");
	else if (parse_domain(rest + 1, &domain, why) == 0)
		r = 0;
	if (r == 0 && strlen(local) + 1 + strlen(domain) > PATH_MAX_OCTETS)
		r = fail(why, "the address is longer than 254 octets");
	if (r == 0)
		*ascii = xasprintf("%s@%s", local, domain);
	free(local);
	free(domain);
	return r;
}

const char *address_domain(const char *ascii)
{
	const char *at = strrchr(ascii, '@');
	return at ? at + 1 : ascii + strlen(ascii);
}

char *address_key(const char *ascii)
{
	const char *dom = address_domain(ascii);
	size_t local = (size_t)(dom - ascii);
	char *key = xstrdup(ascii);
	for (char *p = key + local; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return key;
}

/* The display name of "Name <addr>" or "\"Quoted, Name\" <addr>", trimmed;
 * NULL when there is none. */
static int mailbox_name(const char *s, size_t n, char **name, char **why)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	*name = NULL;
	if (n == 0)
		return 0;
	if (s[0] != '"') {
		if (memchr(s, '"', n) || memchr(s, '<', n) || memchr(s, '>', n))
			return fail(why, "the display name has a stray '\"', '<' or '>' (quote the "
			                 "whole name)");
		*name = xstrndup(s, n);
		return 0;
	}
	struct strbuf sb;
	strbuf_init(&sb);
	char *q = xstrndup(s, n);
	long used = scan_quoted(q, &sb, why);
	free(q);
	if (used >= 0 && (size_t)used != n) {
		strbuf_release(&sb);
		return fail(why, "unexpected text after the quoted display name");
	}
	if (used < 0) {
		strbuf_release(&sb);
		return -1;
	}
	if (sb.len == 0)
		strbuf_release(&sb);
	else
		*name = strbuf_detach(&sb, NULL);
	return 0;
}

static int check_name_bytes(const char *in, char **why)
{
	size_t bad;
	if (!utf8_valid(in, strlen(in), &bad))
		return fail(why, "the mailbox is not valid UTF-8");
	return check_controls(in, why);
}

int address_parse_mailbox(const char *in, char **name, char **ascii, char **why)
{
	*name = NULL;
	*ascii = NULL;
	*why = NULL;
	if (!in || *in == '\0')
		return fail(why, "the address is empty");
	if (check_name_bytes(in, why) < 0)
		return -1;
	char *s = str_trim(xstrdup(in));
	size_t n = strlen(s);
	const char *lt = strrchr(s, '<');
	int r;
	if (n > 0 && s[n - 1] == '>' && lt) {
		char *addr = xstrndup(lt + 1, (size_t)(s + n - 1 - (lt + 1)));
		r = mailbox_name(s, (size_t)(lt - s), name, why);
		if (r == 0)
			r = address_parse(addr, ascii, why);
		free(addr);
	} else if (strchr(s, '<') || strchr(s, '>')) {
		r = fail(why, "unbalanced angle brackets (write Name <name@example.com>)");
	} else {
		r = address_parse(s, ascii, why);
	}
	if (r < 0) {
		free(*name);
		*name = NULL;
	}
	free(s);
	return r;
}
