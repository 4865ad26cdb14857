/* Returned mail is written by strangers: bounce_report_parse must read any
 * bytes (deep MIME nesting, huge parts, broken encodings, NUL bytes)
 * without crashing, leaking or hanging, and what it reports must be safe to
 * print and to journal: valid UTF-8 without control characters, a kind and
 * classes in range, Message-IDs without brackets, blanks or control
 * characters. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bounce_report.h"
#include "fuzz.h"
#include "utf8.h"

static void check_text(const char *s)
{
	if (!s)
		return;
	size_t n = strlen(s);
	if (!utf8_valid(s, n, NULL))
		abort();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			abort();
}

/* No brackets, no blank, no control character. */
static void check_msgid(const char *id)
{
	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '<' || *p == '>')
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bounce_report rep;
	bounce_report_parse((const char *)data, size, &rep);
	if (rep.kind > BOUNCE_KIND_UNRECOGNISED)
		abort();
	for (size_t i = 0; i < rep.n; i++) {
		const struct bounce_rcpt *r = &rep.r[i];
		if (!r->address || r->cls > BOUNCE_UNKNOWN)
			abort();
		check_text(r->address);
		check_text(r->original);
		check_text(r->status);
		check_text(r->action);
		check_text(r->diagnostic);
		bounce_class_name(r->cls);
	}
	for (size_t i = 0; i < rep.nmsgids; i++)
		check_msgid(rep.msgids[i]);
	bounce_kind_name(rep.kind);
	bounce_report_free(&rep);
	return 0;
}
