/* The MIME composer, as a property: the input is split at NUL bytes into
 * from name, to name, subject, text, HTML, an attachment's file name and
 * its content.  mime_compose may refuse (bad header input); what it returns
 * must be CRLF only with no bare CR or LF, no line over 998 octets, no
 * "\r\n.\r\n" anywhere (the end of data is the server's), and a header whose
 * every line is a "Name:" field or a folded continuation. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "mime.h"

#define NFIELDS 7

static void split(const uint8_t *data, size_t size, char **f, size_t *len)
{
	for (int i = 0; i < NFIELDS; i++) {
		const uint8_t *rest;
		size_t restlen, alen;
		fuzz_split(data, size, &rest, &restlen, &alen);
		f[i] = fuzz_cstr(data, alen);
		len[i] = alen;
		if (!rest) {
			for (i++; i < NFIELDS; i++) {
				f[i] = NULL;
				len[i] = 0;
			}
			return;
		}
		data = rest;
		size = restlen;
	}
}

static void check_header_line(const char *s, size_t n)
{
	if (n == 0)
		abort();
	if (s[0] == ' ' || s[0] == '\t')
		return;
	const char *colon = memchr(s, ':', n);
	if (!colon || colon == s)
		abort();
	for (const char *p = s; p < colon; p++) {
		if (*p <= ' ' || *p > '~')
			abort();
	}
	if ((size_t)(colon - s) == 3 && strncasecmp(s, "bcc", 3) == 0)
		abort();
}

static void check_wire(const char *m, size_t len)
{
	size_t start = 0;
	bool in_header = true;
	for (size_t i = 0; i < len; i++) {
		if (m[i] == '\r' && (i + 1 >= len || m[i + 1] != '\n'))
			abort();
		if (m[i] == '\n' && (i == 0 || m[i - 1] != '\r'))
			abort();
		if (m[i] == '\0')
			abort();
		if (m[i] != '\n')
			continue;
		size_t n = i - 1 - start; /* the line without its CRLF */
		if (n > 998)
			abort();
		if (n == 1 && m[start] == '.')
			abort();
		if (in_header && n == 0)
			in_header = false;
		else if (in_header)
			check_header_line(m + start, n);
		start = i + 1;
	}
	if (start != len || in_header)
		abort(); /* the last line ends in CRLF; there is a body */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *f[NFIELDS];
	size_t len[NFIELDS];
	split(data, size, f, len);
	struct mime_attachment att = {f[5], "application/pdf", f[6], len[6]};
	struct mime_header extra[] = {{"List-Id", "<press.example.org>"}};
	struct mime_message m = {
	    .from_name = f[0], .from_addr = "press@example.org", .to_name = f[1],
	    .to_addr = "ana@example.com", .subject = f[2] && f[2][0] ? f[2] : "Subject",
	    .date = 1692028800, .date_offset = -4 * 3600,
	    .message_id = "0123456789abcdef0123456789abcdef@example.org",
	    .extra = extra, .nextra = 1,
	    .text = f[3] ? f[3] : "", .text_len = len[3], .html = f[4] ? f[4] : "",
	    .html_len = len[4], .att = &att, .natt = f[5] && f[5][0] ? 1 : 0};
	struct strbuf out;
	struct diags d;
	strbuf_init(&out);
	diags_init(&d);
	if (mime_compose(&m, &out, &d) == 0)
		check_wire(out.buf, out.len);
	else if (out.len != 0 || diags_errors(&d) == 0)
		abort();
	strbuf_release(&out);
	diags_free(&d);
	for (int i = 0; i < NFIELDS; i++)
		free(f[i]);
	return 0;
}
