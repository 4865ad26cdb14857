/*
 * release_int: what the parts of the release parser share (release.c,
 * release_front.c, release_columns.c, release_layout.c, release_lines.c); nothing else
 * includes it.
 */
#ifndef EMBARGO_RELEASE_INT_H
#define EMBARGO_RELEASE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "release.h"
#include "timeparse.h"

/* The text of a release split into lines, with their 1-based numbers in the
 * file (front matter shifts them). */
struct lines {
	char **v;
	size_t n;
	int first_line;
	/* the right column of a head typed in two columns (release_columns):
	 * contacts, from lines [side_first, side_last]; NULL when none */
	char *side;
	size_t side_first, side_last;
	/* the kind of the first embargo statement on each line (enum
	 * stmt_kind), STMT_NONE for most; NULL before release_statements */
	const unsigned char *stmt;
};

struct front {
	struct release *rel;
	struct timeparse_opts time; /* with the front matter's timezone, if any */
	char *timezone;             /* owned copy */
	const char *text;           /* the file's text, from line 1 (borrowed) */
};

#define LAYOUT_NONE ((size_t)-1)

/* Characters in a subject line (the headline unless front matter sets one). */
#define RELEASE_SUBJECT_MAX 300

/* Where the layout walk found the lines that may give the instant: indexes
 * into struct lines, LAYOUT_NONE when absent. */
struct layout {
	size_t release_first;               /* the release line */
	size_t release_last;                /* its date and time may continue on the next line */
	enum release_status release_status; /* what the release line says */
	size_t dateline;                    /* the line that holds the dateline ... */
	size_t dateline_len;                /* ... in its first dateline_len bytes */
	size_t title_line;                  /* the headline's first line */
	int first_line;                     /* the file's line number of lines[0] */
};

/* Append s (taken over) to the string vector *v of *n. */
void release_push_str(char ***v, size_t *n, char *s);

/* Split off "---\n...\n---\n" at the top of text and apply it to rel (and
 * f->time, when it sets a timezone).  Returns the offset where the text after
 * it starts (0 when there is no front matter) and sets *next_line to the
 * file's line number there. */
size_t release_front_matter(struct release *rel, const char *text, struct front *f, int *next_line);

/* sources[field] = "text line N" or "text lines N-M" (file line numbers). */
void release_note_source(struct release *rel, const char *field, int first, int last);
/* True when front matter set field (it is then not searched for). */
bool release_from_front(const struct release *rel, const char *field);

/* release_columns.c: split a head typed in two columns (release line and
 * date on the left, the media contact on the right): the right column goes
 * to ls->side (malloc'd) and is cut from its lines. */
void release_columns(struct lines *ls);

/* release_layout.c: read the headline, release line, dateline, contacts,
 * body and end sections of ls into rel, and say in lay where the lines that
 * may give the instant are.  Warnings (contacts whose email is not an
 * address, contacts the front matter replaces) go to rel->diags. */
void release_layout(struct release *rel, const struct lines *ls, const struct timeparse_opts *t,
                    struct layout *lay);

/* ---- release_statements.c: statements of an embargo, anywhere ---- */

enum stmt_kind {
	STMT_NONE,
	STMT_TIMED,      /* gives the instant */
	STMT_DATED,      /* gives a date and no time */
	STMT_UNREADABLE, /* says until when in words or forms the grammar cannot read
	                    ("until further notice", an unknown zone) */
	STMT_MENTION,    /* says the release is embargoed, not until when ("EMBARGOED") */
	STMT_FOREIGN,    /* in a language embargo does not read (解禁, 禁发) */
};

struct statement {
	enum stmt_kind kind;
	char *sentence; /* the sentence as written, its lines joined by spaces */
	char *read;  /* what the time grammar read: the sentence, or its clause from the form on */
	size_t line; /* index into struct lines of the line of its form */
	int col;     /* character column of the form there, 1-based */
	size_t first, last; /* the lines the sentence spans */
	size_t time_line;   /* where the time (or the grammar's error) is */
	int time_col;
	struct timeparse_result r; /* what the time grammar read in the sentence */
	bool bare;                 /* the word "embargo" in no form (release_statements.c) */
};

struct statements {
	struct statement *v;
	size_t n, cap;
	size_t ntriggers;       /* forms found, read or not */
	bool too_many;          /* the search stopped: more than a release has */
	bool topical_seen;      /* the word "embargo" stands as a topic somewhere */
	unsigned char *on_line; /* for struct lines.stmt */
};

/* Search every line of ls for statements of an embargo on the release. */
void release_statements(const struct lines *ls, const struct timeparse_opts *t,
                        struct statements *st);
void statements_free(struct statements *st);

/* release_decide.c: held or immediate, and until when, from the
 * statements, the release line, the dateline and the front matter; sets
 * rel->status, the instant, rel->decision and the errors that refuse it. */
void release_decide(struct release *rel, const struct lines *ls, const struct layout *lay,
                    const struct timeparse_opts *t, const struct statements *st);

/* ---- release_headline.c: the likeliest headline ---- */

/* What a line of the head is, for the headline scorer. */
enum head_kind {
	HEAD_BLANK,
	HEAD_TEXT, /* may be the headline */
	HEAD_PART, /* a label, a release line, contacts */
	HEAD_DATE, /* a date or a dateline standing alone, a line of a date and a few words */
	HEAD_BODY, /* where the body starts: a dateline with text, a paragraph */
};

struct head_line {
	const char *text;
	enum head_kind kind;
	size_t unit_end;  /* HEAD_TEXT: the line after the headline it would start */
	const char *name; /* other kinds: what the line is, for sources ("a label") */
	bool body_after;  /* HEAD_TEXT: a dateline (and the body) follow on its line */
};

struct headline_pick {
	size_t best;   /* the index of the headline's line */
	size_t second; /* a close runner-up, or LAYOUT_NONE */
	char *why;     /* malloc'd: why it was taken, for sources */
};

/* The line of v[0..n) most like a headline: its shape (a few to about
 * thirty words, title case or capitals, no final stop, not site text, a
 * code, a field, the organisation's name or a section's name) and where it
 * stands (first of the text right above the body, a date, a dateline or a
 * release line; under a label, a date or contacts), the first of equals.
 * Body text above every line that may be the headline (a site's banner)
 * does not end the head.  n > 0. */
void release_headline_pick(const struct head_line *v, size_t n, struct headline_pick *out);

/* "News Release: ", "PRESS RELEASE : ", "Media advisory - ", "RELEASE: 12-428
 * ", "N° 18–2018: ": the length of a label or a document number glued to the
 * start of a headline, 0 when none. */
size_t release_label_prefix(const char *s);

/* ---- release_lines.c: what one line is ---- */

const char *release_skip_blanks(const char *s);
/* Only blanks, counting the invisible spaces word processors leave. */
bool release_blank(const char *s);
/* "NEWS RELEASE", "Media advisory:", "European Commission - Press release" */
bool release_is_label(const char *line);
/* "FOR IMMEDIATE RELEASE", "EMBARGOED UNTIL ...", "Under embargo until ...". */
bool release_line_status(const char *line, enum release_status *st);
/* No lower-case letter and at least three capitals. */
bool release_all_caps(const char *s);
/* Most words of four letters or more start with a capital. */
bool release_title_case(const char *s);
/* next, written right under the headline line first, continues it: both in
 * capitals, next starts in lower case, first ends open ("of", ","), or both
 * are in title case and first is long enough to have been wrapped. */
bool release_headline_continues(const char *first, const char *next);

/* k (lower case) is an English month name, in full or short ("jan",
 * "sept"), or a weekday name in full; each caller adds its own few words. */
bool release_calendar_word(const char *k);

/* The line ends where a headline cannot: "of", "and", a comma. */
bool release_ends_open(const char *s);

/* A line that starts with a date and has at most five words beside it:
 * "16 Mar 2009 Posted in Press releases". */
bool release_date_line(const char *line, const struct timeparse_opts *t);

/* first is a heading over the paragraph that next continues: a short line
 * in title case or capitals, without a final stop, above a longer one or a list
 * ("Conference Call", "Second-Quarter Highlights"). */
bool release_heading_over(const char *first, const char *next);

enum release_marker {
	RELEASE_MARK_NONE,
	RELEASE_MARK_READ_MORE, /* "Read more:", "Related links" */
	RELEASE_MARK_END,       /* "###", "-30-", "ENDS", "-ends-" */
	RELEASE_MARK_SECTION,   /* "Notes to editors", "About Example Org" */
	RELEASE_MARK_PAGE,      /* "-more-", "(MORE)", "Page 1 of 2": a printed page ends */
};
enum release_marker release_marker(const char *line);

/* A dateline: a place (optional), a date and time (optional when a place in
 * capitals and a dash stand there), a wire tag (optional), and a dash or
 * ": " before the body, or the end of the line.  "WASHINGTON, Aug. 14, 2023
 * /PRNewswire/ -- The company ...", "LONDON, 14 August 2023 –", "SYDNEY,
 * Australia — ...", "Brussels, 14 September 2023", "August 14, 2023, 12:00
 * p.m. EDT".  A sentence that mentions a date is not one. */
struct dateline {
	size_t len;       /* bytes of the line that are the dateline (from its start) */
	const char *body; /* the body text after it on the same line, or NULL */
	bool dated;       /* it writes a date or a time */
	bool placed;      /* it names a place before the date */
};
bool release_dateline(const char *line, const struct timeparse_opts *t, struct dateline *d);
/* A dateline written on the headline's line, after three words at least:
 * "SUPREME COURT ... JUDGMENT IN APPEAL OTTAWA, 2010-02-12. THE SUPREME
 * COURT ...", "Minister Opens Bridge LONDON, 14 August 2023 – The ...".  Its
 * place is in capitals and it has a date; the body may follow.  Returns
 * where it starts (d->len counts from there), 0 when there is none. */
size_t release_dateline_inside(const char *line, const struct timeparse_opts *t,
                               struct dateline *d);

#endif
