/*
 * release: a press release as embargo understands it.
 *
 * release_parse reads the plain-text layouts press offices use and the
 * optional YAML front matter between "---" lines, which sets or overrides
 * any field (and is the escape hatch for a layout the walk cannot read):
 *  - the head, in any order: labels ("NEWS RELEASE", "European Commission -
 *    Press release"), the release line ("FOR IMMEDIATE RELEASE", "EMBARGOED
 *    UNTIL ...", "EMBARGO: not for publication before ...", "Under embargo
 *    until ...", the time possibly on the next line), contacts, the headline
 *    (two or three lines joined when they read as one), a subtitle (kept as
 *    the first paragraph too), the dateline ("WASHINGTON, Aug. 14, 2023
 *    /PRNewswire/ --", "SYDNEY, Australia —", "Brussels, 14 September
 *    2023"), which may begin the first paragraph;
 *  - the body: paragraphs, contact blocks ("Media contacts:", "For more
 *    information, contact ..."), "Read more:" items, and end sections after
 *    "###", "-30-", "ENDS", "Notes to editors" or "About ...", where
 *    contacts written without a label are read too.
 * Nothing that states an embargo goes as immediate (release_statements.c,
 * release_decide.c): every line is searched for a statement of an embargo;
 * the release is immediate only when front matter or a release line says
 * so, or when none stands anywhere, and an embargo needs one instant every
 * statement agrees on.  Times in the body that are no statements never
 * give it.  rel->decision says what was decided, in one line.  A date
 * without a time gives no instant.  rel->sources says where each field
 * came from.  Problems go into rel->diags (errors and warnings with
 * file:line:col, columns in characters of the line as written);
 * release_parse returns -1 only when the file cannot be read at all.
 */
#ifndef EMBARGO_RELEASE_H
#define EMBARGO_RELEASE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "contacts.h"
#include "diag.h"
#include "timeparse.h"
#include "value.h"

#define RELEASE_MAX_SIZE (4u << 20) /* bytes; larger files are refused */

enum release_status { RELEASE_IMMEDIATE, RELEASE_EMBARGOED };

struct link {
	char *text; /* "UHRP Welcomes ..., March 7, 202" as written */
	char *url;  /* NULL when the item has no URL */
	int line;   /* where it is written */
};

struct release_advance {
	char **lists;
	size_t nlists;
	bool has_at;
	time_t at;
	char *at_text;
};

struct release {
	char *path;
	char *dir; /* the directory holding the release */
	char *id;
	char *title;    /* the headline (lines of a wrapped headline joined) */
	char *subtitle; /* a subheadline under it, or NULL; it is also the first
	                   paragraph, so that no template drops it */
	char *subject;  /* title unless front matter sets subject */
	enum release_status status;
	bool has_instant;
	time_t release_at;
	int utc_offset;             /* of the zone as written */
	char *release_text;         /* the date/time as written, or NULL */
	int date_y, date_m, date_d; /* a date written without a time (0: none) */
	char *release_source;       /* "file:line" of the line that gave the instant */
	char *zone_rule;
	char *year_rule; /* the year given to a date written without one, and why; or NULL */
	char *release_line; /* "EMBARGOED UNTIL ..." / "For immediate release" as written */
	char *decision;     /* one line: "HELD until 2010-11-17 06:00 UTC (...) — line 3: ...",
	                       "IMMEDIATE — ...", "REFUSED — ..." (release_decide.c) */
	char *dateline;     /* the dateline as written, or NULL */
	struct contact *contacts;
	size_t ncontacts;
	char **paragraphs; /* body paragraphs, lines joined by spaces (a list whose
	                      lines start with bullets or "WHEN:" keeps its breaks) */
	size_t nparagraphs;
	struct link *read_more;
	size_t nread_more;
	char **end_sections; /* other end sections ("Notes to editors" ...) as text */
	size_t nend_sections;
	char **lists; /* from front matter `lists:` */
	size_t nlists;
	char **attachments; /* paths as written, relative to dir */
	size_t nattachments;
	char *template_name; /* front matter `template:`, default "release" */
	char *from;          /* front matter overrides, as written */
	char *reply_to;
	bool markdown; /* front matter `format: markdown` */
	struct release_advance advance;
	struct value *sources; /* map: field -> "front matter" | "text line N" |
	                          "text lines N-M" | how a default was made */
	struct diags diags;
};

struct release_opts {
	struct timeparse_opts time;
};

/* Parse the release at path.  rel is always initialised (free it with
 * release_free).  Returns 0 when the file was read (check rel->diags for
 * errors), -1 when it could not be read (the error is in rel->diags too). */
int release_parse(const char *path, const struct release_opts *opts, struct release *rel);
void release_free(struct release *rel);

/* The release ID when front matter gives none: the local date of the
 * instant (or the date written without a time, or none) and a slug of the
 * title's first eight words:
 * "2023-08-14-uhrp-urges-biden-administration-to-impose-investment-bans".
 * Malloc'd. */
char *release_make_id(const struct release *rel);

/* True when s is an acceptable release ID ([a-z0-9][a-z0-9._-]*, at most 120
 * characters): it names a spool directory. */
bool release_id_ok(const char *s);

#endif
