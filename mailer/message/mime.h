/*
 * mime: compose one journalist's message with libetpan.
 *
 * multipart/alternative {text/plain, text/html}, UTF-8, quoted-printable
 * (our own encoder); with attachments the whole is wrapped in
 * multipart/mixed, attachments in base64 with RFC 2231 file names and an
 * ASCII fallback.  Non-ASCII header text goes out as RFC 2047 encoded-words.
 *
 * The result has CRLF line ends only and no line over 998 octets; mime_compose
 * checks its own output and fails rather than hand the server anything else.
 * Header inputs containing CR, LF or NUL are refused (header injection).
 *
 * Details a reader of the output may want:
 * - Display names have white space trimmed and runs of it collapsed to one
 *   space; an empty one means no name.
 * - Boundaries derive from the Message-ID ("=_embargo_<hash>_alt", "_mix"),
 *   so the same input gives the same bytes (promise 5); "=_" cannot occur
 *   in quoted-printable or base64.
 * - A file name that is not plain ASCII goes out as Content-Disposition
 *   filename*=UTF-8''... (RFC 2231, continued over lines when long), with
 *   the ASCII fallback (one "_" per other character) as the Content-Type
 *   name= parameter.  Both in Content-Disposition would be a duplicate
 *   parameter to some parsers (Python's email package).
 */
#ifndef EMBARGO_MIME_H
#define EMBARGO_MIME_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "diag.h"
#include "util.h"

struct mime_header {
	const char *name;  /* e.g. "List-Id" */
	const char *value; /* ASCII, already in its final form */
};

struct mime_attachment {
	const char *filename;     /* UTF-8 */
	const char *content_type; /* "application/pdf" */
	const char *data;
	size_t len;
};

struct mime_message {
	const char *from_name; /* UTF-8 display name or NULL */
	const char *from_addr; /* envelope-valid address */
	const char *to_name;   /* UTF-8 display name or NULL */
	const char *to_addr;
	const char *reply_to_name; /* NULL: no name */
	const char *reply_to_addr; /* NULL: no Reply-To */
	const char *subject;       /* UTF-8, non-empty */
	time_t date;
	int date_offset;                 /* seconds east of UTC for the Date header */
	const char *message_id;          /* without angle brackets */
	const struct mime_header *extra; /* List-Id, List-Unsubscribe ... */
	size_t nextra;
	const char *text; /* UTF-8 text part, LF or CRLF line ends */
	size_t text_len;
	const char *html; /* UTF-8 HTML part */
	size_t html_len;
	const struct mime_attachment *att;
	size_t natt;
};

/* Append the whole message (headers and body, CRLF line ends) to out.
 * Returns 0, or -1 with an error in d (EX_DATAERR for bad input, EX_SOFTWARE
 * if the composed message failed its own wire check) and out as it was.
 * The strings, bodies and attachment data of m are only read. */
int mime_compose(const struct mime_message *m, struct strbuf *out, struct diags *d);

/* The wire check used before anything is handed to a server: CRLF line ends
 * only (no bare CR or LF), no line over 998 octets, no NUL.  Returns 0, or -1
 * and sets *why to a static description and *at to the offending offset. */
int mime_check_wire(const char *msg, size_t len, const char **why, size_t *at);

/* mime_check_wire, and on success *dot_line says whether a line starts with
 * "." (it would need dot-stuffing after DATA). */
int mime_check_wire_dots(const char *msg, size_t len, const char **why, size_t *at,
                         bool *dot_line);

#endif
