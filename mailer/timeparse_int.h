/*
 * timeparse_int: what the two halves of the time grammar share, and nothing
 * else includes.  timeparse.c reads a line into tokens, components (dates,
 * times, zones, weekdays, places) and clusters; timeresolve.c gives each time
 * its date and zone readings and settles them into one instant or a refusal.
 * A struct scan lives for one timeparse_scan() call and owns its arrays.
 */
#ifndef EMBARGO_TIMEPARSE_INT_H
#define EMBARGO_TIMEPARSE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "timeparse.h"
#include "zones.h"

#define MAX_PLACES 16
#define MAX_WORDS 6
#define MAX_ZONES 8
#define NO_COMP ((size_t)-1)

enum tok_kind { TOK_WORD, TOK_NUM, TOK_PUNCT };

struct tok {
	enum tok_kind kind;
	size_t start, end; /* bytes of the text */
	char lc[32];       /* WORD: lower-case (empty when too long); NUM: digits */
	bool space_before;
	bool caps;        /* WORD: no lower-case letter */
	bool initial_cap; /* WORD: starts with a capital or a non-ASCII letter */
	bool place;       /* part of a place named in the line */
	int ndigits;      /* NUM */
	long value;       /* NUM */
	char ch;          /* PUNCT: ASCII character; '~' for a Unicode dash */
};

enum comp_kind { C_DATE, C_PARTIAL, C_TIME, C_MAYBE_TIME, C_ZONE, C_WEEKDAY, C_RELDAY, C_DEAD };

/* Z_BAD: written like a zone but not one ("UTC+15", "Europe/Londn"). */
enum zone_kind { Z_FIXED, Z_AMBIG, Z_OFFSET, Z_IANA, Z_GENERIC, Z_PLACE, Z_BAD };

struct zone_read {
	enum zone_kind kind;
	const struct zones_fixed *fixed; /* FIXED; AMBIG: the first of nfixed */
	size_t nfixed;
	int offset; /* OFFSET */
	const struct zones_generic *generic;
	const struct zones_place *place;
	char iana[ZONES_NAME_MAX];
};

struct comp {
	enum comp_kind kind;
	size_t t0, t1;         /* tokens [t0, t1) */
	int year, month, day;  /* DATE; PARTIAL has no year */
	int wday;              /* WEEKDAY */
	int hour, min, sec;    /* TIME; hour 24 is the end of the day */
	bool meridiem;         /* TIME: written with a.m./p.m. or noon */
	bool year_like;        /* MAYBE_TIME: "2000" could be a year */
	struct zone_read zone; /* ZONE */
	char *err, *hint;      /* a component that is an error in itself */
};

struct place_ref {
	const struct zones_place *place;
	size_t t0, t1;
};

struct scan {
	const char *text;
	const struct timeparse_opts *opts;
	struct timeparse_result *res;
	struct tok *tok;
	size_t ntok, captok;
	struct comp *comp;
	size_t ncomp, capcomp;
	struct place_ref place[MAX_PLACES];
	size_t nplace;
	size_t *cluster; /* cluster id of each component */
};

/* --- timeparse.c -------------------------------------------------------------- */

/* Record the error at byte offset at of the text; the first error wins.
 * hint (malloc'd or NULL) is taken over.  Returns -1. */
int timeparse_fail(struct scan *sc, size_t at, char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The text of tokens [t0, t1), or of component k, malloc'd. */
char *timeparse_span_text(const struct scan *sc, size_t t0, size_t t1);
char *timeparse_comp_text(const struct scan *sc, size_t k);
/* Byte offset in the text where component k starts. */
size_t timeparse_comp_at(const struct scan *sc, size_t k);
/* "15 August 2023", malloc'd. */
char *timeparse_date_text(int y, int m, int d);
/* Token i exists and is the punctuation c. */
bool timeparse_is_punct(const struct scan *sc, size_t i, char c);

/* --- timeresolve.c ------------------------------------------------------------ */

/* Step 4: with tokens, components and clusters found, fill sc->res with the
 * instant, the date alone, or the error. */
void timeresolve_assemble(struct scan *sc);

#endif
