#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounce_class.h"
#include "util.h"

const char *bounce_class_name(enum bounce_class c)
{
	static const char *const names[] = {"hard", "soft", "policy", "complaint", "unknown"};
	return names[c];
}

/* Phrases, lower case, matched on word boundaries; a trailing '*' matches
 * any ending ("temporar*": temporary, temporarily).  Policy is looked for
 * first: a refusal of the sender or the content is never the address's
 * fault, whatever else the server says. */
static const char *const policy_words[] = {
    "spam*",
    "blocked",
    "block list",
    "blocklist*",
    "blacklist*",
    "black list*",
    "denylist*",
    "rbl",
    "dnsbl",
    "spamhaus",
    "spamcop",
    "barracuda*",
    "reputation",
    "junk",
    "policy",
    "policies",
    "dmarc",
    "spf",
    "dkim",
    "authenticat*",
    "unauthenticated",
    "not authorized",
    "unauthorized",
    "not authorised",
    "not permitted",
    "not allowed",
    "access denied",
    "sender denied",
    "sender address rejected",
    "sender rejected",
    "sender is rejected",
    "sender verify",
    "content rejected",
    "content filter*",
    "virus*",
    "malware",
    "phish*",
    "message rejected",
    "rejected for",
    "message refused",
    "mail refused",
    "refused by",
    "rate limit*",
    "ratelimit*",
    "too many messages",
    "too many recipients",
    "too many connections",
    "ptr record*",
    "reverse dns",
    "rdns",
    "helo",
    "ehlo",
    "starttls",
    "tls required",
    "message too large",
    "message size",
    "size limit",
    "too big",
    "exceeds the maximum",
    "banned",
    "prohibited",
    "suspicious",
    "abuse",
    "is listed",
    "are listed",
    "listed on",
    "low reputation",
    "bulk mail",
    "unsolicited",
    "not accepted",
    "restricted",
    "firewall",
    "ip address",
    "your ip",
    "client host",
    "after mail from",
    "envelope sender",
    "from address",
    "sending domain",
    "unable to relay",
    "relay access denied",
    "relaying denied",
    "relay not permitted",
    "not relay*",
    "no relay*",
};

static const char *const soft_words[] = {
    "mailbox full",
    "mailbox is full",
    "mailbox has exceeded",
    "mailbox exceeded",
    "mail box full",
    "full mailbox",
    "box full",
    "is full",
    "quota*",
    "overquota*",
    "over quota",
    "insufficient storage",
    "storage limit",
    "storage space",
    "exceeded storage",
    "out of storage",
    "disk full",
    "temporar*",
    /* the resolver's TRY_AGAIN as Postfix words it; a bare "try again" is
     * mostly advice ("check for typos and try again") */
    "not found, try again",
    "try later",
    "retry later",
    "deferred",
    "timed out",
    "timeout",
    "time out",
    "connection refused",
    "could not connect",
    "connection reset",
    "connection lost",
    "expired",
    "retry time*",
    "too long",
    "suspended",
    "disabled",
    "inactive",
    "not active",
    "deactivated",
    "frozen",
    "locked",
    "on hold",
    "greylist*",
    "graylist*",
    "unavailable for",
    "not available at this time",
    "busy",
    "out of memory",
    "system error",
    "loop*",
    "hop count",
    "too many hops",
    "local error",
    "lookup error",
    "try again later",
    "delay*",
    "mail server temporarily",
    "not yet been delivered",
    "not yet delivered",
    "will be retried",
    "will continue trying",
    "still trying",
    "aborted after",
    "not reachable",
    "unreachable",
    "not responding",
    "no route to host",
};

static const char *const hard_words[] = {
    "user unknown",
    "unknown user",
    "no such user*",
    "no such mailbox",
    "no such recipient",
    "no such address",
    "no such account",
    "no such person",
    "no such local user",
    "recipient unknown",
    "unknown recipient*",
    "recipient not found",
    "user not found",
    "mailbox not found",
    "address not found",
    "addressee unknown",
    "account not found",
    "does not exist",
    "doesn't exist",
    "doesnt exist",
    "do not exist",
    "not exist",
    "non-existent",
    "nonexistent",
    "non existent",
    "invalid recipient*",
    "invalid mailbox",
    "invalid address",
    "invalid user",
    "invalid e-mail address",
    "invalid email address",
    "unknown address",
    "address unknown",
    "unknown mailbox",
    "unknown local part",
    "unknown or illegal alias",
    "illegal alias",
    "no mailbox here",
    "no mailbox",
    "not a valid mailbox",
    "unrouteable address",
    "unroutable address",
    "host or domain name not found",
    "domain not found",
    "host not found",
    "domain does not exist",
    "no such domain",
    "unknown domain",
    "nxdomain",
    "name or service not known",
    "null mx",
    "no mx",
    "couldn't be found",
    "could not be found",
    "not listed in",
    "no longer valid",
    "no longer with",
    "no longer in use",
    "no longer available",
    "no longer active",
    "no longer exists",
    "no longer accepts mail",
    "has moved",
    "moved away",
    "not our customer",
    "recipnotfound",
    "recipientnotfound",
    "bad destination mailbox",
    "user doesn't have a",
    "doesn't have an account",
    "does not have an account",
    "not a known user",
    "unknown to this server",
    "is unknown",
    "not found",
    "n'existe pas",
    "existiert nicht",
    "unbekannt",
    "no existe",
    "non esiste",
    "inexistente",
    "desconocido",
    "sconosciuto",
    "invalid final delivery",
    "no account by that name",
    "no valid recipients",
    "mailbox unknown",
    "unknown account",
    "account unknown",
    "no user",
    "bad address",
    "address is invalid",
    "recipient invalid",
    "invalid destination",
    "not recognized",
    "not recognised",
    "wasn't found",
    "was not found",
    "user not known",
    "not known",
    /* directory look-ups (ph, LDAP gateways): the name matches nobody */
    "no matches to",
    "did not exactly match",
    "did not match any",
    "does not match any",
    "final email delivery point",
    "final delivery point",
};

/* text, lower case, every run of blanks and line breaks one space. */
static char *fold(const char *text)
{
	struct strbuf sb;
	strbuf_init(&sb);
	bool space = false;
	/* a diagnostic is a few lines: what follows the first 4 KiB is noise */
	for (const unsigned char *p = (const unsigned char *)text; *p && sb.len < 4096; p++) {
		if (isspace(*p)) {
			space = sb.len > 0;
			continue;
		}
		if (space)
			strbuf_addch(&sb, ' ');
		space = false;
		strbuf_addch(&sb, (char)tolower(*p));
	}
	return strbuf_detach(&sb, NULL);
}

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static bool has_phrase(const char *text, size_t len, const char *phrase)
{
	size_t n = strlen(phrase);
	bool prefix = n > 0 && phrase[n - 1] == '*';
	if (prefix)
		n--;
	const char *end = text + len;
	for (const char *p = text; (p = memmem(p, (size_t)(end - p), phrase, n)) != NULL; p++) {
		bool start_ok = p == text || !word_char(p[-1]);
		bool end_ok = prefix || !word_char(p[n]);
		if (start_ok && end_ok)
			return true;
	}
	return false;
}

static bool has_any(const char *text, const char *const *words, size_t n)
{
	size_t len = strlen(text);
	for (size_t i = 0; i < n; i++)
		if (has_phrase(text, len, words[i]))
			return true;
	return false;
}

#define HAS(text, words) has_any(text, words, sizeof words / sizeof words[0])

bool bounce_find_status(const char *text, char out[16])
{
	for (const char *p = text; p && *p; p++) {
		if ((*p != '2' && *p != '4' && *p != '5') || p[1] != '.' ||
		    (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '.')))
			continue;
		const char *q = p + 2;
		size_t a = strspn(q, "0123456789");
		if (a < 1 || a > 3 || q[a] != '.')
			continue;
		size_t b = strspn(q + a + 1, "0123456789");
		if (b < 1 || b > 3 || isalnum((unsigned char)q[a + 1 + b]) ||
		    (q[a + 1 + b] == '.' && isdigit((unsigned char)q[a + 2 + b])))
			continue;
		size_t len = (size_t)(q + a + 1 + b - p);
		memcpy(out, p, len);
		out[len] = '\0';
		return true;
	}
	return false;
}

enum verdict { V_TEXT, V_HARD, V_SOFT, V_POLICY, V_UNKNOWN };

/* What an RFC 3463 code says on its own; V_TEXT: the words decide.  fallback
 * is what the words decide when they say nothing. */
static enum verdict by_code(const char *status, enum verdict *fallback)
{
	int cls = 0, subj = 0, det = 0;
	*fallback = V_UNKNOWN;
	if (!status || sscanf(status, "%d.%d.%d", &cls, &subj, &det) != 3)
		return V_TEXT;
	if (cls == 2)
		return V_UNKNOWN;
	if (cls == 4)
		return subj == 7 ? V_POLICY : V_SOFT;
	if (cls != 5)
		return V_TEXT;
	switch (subj) {
	case 1:
		if (det == 1 || det == 2 || det == 3 || det == 6 || det == 10)
			return V_HARD;
		return det == 7 || det == 8 ? V_POLICY : V_TEXT;
	case 2:
		*fallback = V_SOFT;
		return det == 3 ? V_POLICY : det == 1 || det == 2 ? V_SOFT : V_TEXT;
	case 3:
		return det == 4 ? V_POLICY : V_TEXT;
	case 4:
		if (det == 7)
			return V_SOFT;
		return V_TEXT;
	case 6:
	case 7:
		return V_POLICY;
	default:
		return V_TEXT;
	}
}

static enum bounce_class to_class(enum verdict v)
{
	switch (v) {
	case V_HARD:
		return BOUNCE_HARD;
	case V_SOFT:
		return BOUNCE_SOFT;
	case V_POLICY:
		return BOUNCE_POLICY;
	default:
		return BOUNCE_UNKNOWN;
	}
}

/* The more telling of two codes: a DSN's Status is often x.0.0 while the
 * server's reply inside Diagnostic-Code has the detail. */
static const char *best_status(const char *status, const char *in_text)
{
	if (!status || !*status)
		return in_text;
	if (in_text && status[0] == in_text[0] && str_starts_with(status + 1, ".0.0"))
		return in_text;
	return status;
}

enum bounce_class bounce_classify(const char *action, const char *status, const char *diagnostic)
{
	if (action && *action && !str_eq_ci(action, "failed") && !str_eq_ci(action, "failure") &&
	    !str_eq_ci(action, "error"))
		return str_eq_ci(action, "delayed") ? BOUNCE_SOFT : BOUNCE_UNKNOWN;
	char code[16];
	const char *in_text = diagnostic && bounce_find_status(diagnostic, code) ? code : NULL;
	const char *st = best_status(status, in_text);
	char *t = fold(diagnostic ? diagnostic : "");
	enum verdict fallback;
	enum verdict v = by_code(st, &fallback);
	/* A bare SMTP reply code ("450 ...", "550 ...") says temporary or not. */
	if (v == V_TEXT && !st && t[0] == '4' && isdigit((unsigned char)t[1]) &&
	    isdigit((unsigned char)t[2]))
		v = V_SOFT;
	bool policy = HAS(t, policy_words), soft = HAS(t, soft_words), hard = HAS(t, hard_words);
	enum bounce_class c;
	if (v == V_POLICY || v == V_SOFT || v == V_UNKNOWN)
		c = v == V_SOFT && policy ? BOUNCE_POLICY : to_class(v);
	else if (policy)
		c = BOUNCE_POLICY;
	else if (soft)
		c = BOUNCE_SOFT;
	else if (v == V_HARD || hard)
		c = BOUNCE_HARD;
	else
		c = to_class(fallback);
	free(t);
	return c;
}
