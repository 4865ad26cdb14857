/*
 * timeparse_int: what the parts of the time grammar share, and nothing else
 * includes.  timeparse.c reads a line into tokens and clusters and finds its
 * components with timeparse_date.c (dates, weekdays), timeparse_clock.c
 * (times of day) and timeparse_zone.c (zones, places, and words that stand
 * where a zone stands); timeresolve.c gives each time its date (a year-less
 * date its year, timeresolve_year.c) and its zone readings and settles them
 * into one instant or a refusal.  A struct scan lives for one
 * timeparse_scan() call and owns its arrays.
 */
#ifndef EMBARGO_TIMEPARSE_INT_H
#define EMBARGO_TIMEPARSE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "timeparse.h"
#include "zones.h"

#define MAX_PLACES 16
#define MAX_WORDS 8
#define MAX_ZONES 8
#define NO_COMP ((size_t)-1)
#define KEY_MAX 32

enum tok_kind { TOK_WORD, TOK_NUM, TOK_PUNCT };

struct tok {
	enum tok_kind kind;
	size_t start, end; /* bytes of the text */
	char lc[KEY_MAX];  /* WORD: case-folded (empty when too long); NUM: digits */
	char key[KEY_MAX]; /* WORD: lc without accents ("aout" for "AOÛT") */
	bool space_before;
	bool caps;        /* WORD: no lower-case letter */
	bool initial_cap; /* WORD: starts with a capital */
	bool place;       /* part of a place named in the line */
	int ndigits;      /* NUM */
	long value;       /* NUM */
	char ch;          /* PUNCT: ASCII character; '~' for a Unicode dash */
};

enum comp_kind { C_DATE, C_PARTIAL, C_TIME, C_MAYBE_TIME, C_ZONE, C_WEEKDAY, C_RELDAY, C_DEAD };

/* Z_BAD: written like a zone but not one ("UTC+15", "Europe/Londn").
 * Z_UNKNOWN: a word standing where a zone stands that no table has
 * ("BRX", "Ohio time", "heure de Tombouctou").  Z_LOCAL: "local time". */
enum zone_kind {
	Z_FIXED,
	Z_AMBIG,
	Z_OFFSET,
	Z_IANA,
	Z_GENERIC,
	Z_PLACE,
	Z_LOCAL,
	Z_BAD,
	Z_UNKNOWN,
};

struct zone_read {
	enum zone_kind kind;
	const struct zones_fixed *fixed; /* FIXED; AMBIG: the first of nfixed */
	size_t nfixed;
	int offset; /* OFFSET */
	const struct zones_generic *generic;
	const struct zones_place *place;
	char iana[ZONES_NAME_MAX];
	bool unknown_place;      /* UNKNOWN: a place ("Ohio time"), not an abbreviation */
	size_t name_t0, name_t1; /* UNKNOWN: the tokens of the word itself */
	bool soft;               /* PLACE: "in Bangkok" after a date or time: the
	                            zone when the time has no other, never checked
	                            against one (it may be where the event is) */
};

struct comp {
	enum comp_kind kind;
	size_t t0, t1;         /* tokens [t0, t1) */
	int year, month, day;  /* DATE; PARTIAL has no year */
	bool year_taken;       /* DATE: a year-less date given its year */
	int wday;              /* WEEKDAY */
	bool near_date;        /* WEEKDAY: read only right before a date */
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
/* "15 August 2023", "15 August" (y 0), malloc'd. */
char *timeparse_date_text(int y, int m, int d);
const char *timeparse_month_name(int m);
/* Token i exists and is the punctuation c. */
bool timeparse_is_punct(const struct scan *sc, size_t i, char c);

/* Token helpers of the component finders. */
const struct tok *tp_tok(const struct scan *sc, size_t i);
bool tp_word(const struct scan *sc, size_t i, const char *key); /* accent-blind key */
bool tp_num(const struct scan *sc, size_t i, int mind, int maxd);
bool tp_tight(const struct scan *sc, size_t i); /* token i touches the one before */
int tp_val(const struct scan *sc, size_t i);
struct comp *tp_push(struct scan *sc, enum comp_kind kind, size_t t0, size_t t1);
void tp_comp_fail(struct comp *c, char *hint, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Consecutive words from token i, joined by spaces or by a tight hyphen or
 * apostrophe ("quarta-feira", "d’été"): their lower-case forms, keys,
 * capitals and token indexes.  Returns how many. */
struct words {
	const char *lc[MAX_WORDS], *key[MAX_WORDS];
	bool caps[MAX_WORDS];
	size_t idx[MAX_WORDS];
	size_t n;
};
size_t tp_words(const struct scan *sc, size_t i, struct words *w);
/* The last component is a time that ends right before token i. */
bool tp_after_time(const struct scan *sc, size_t i);

/* --- timeparse_date.c ------------------------------------------------------- */

/* A date at token i: pushes a C_DATE or C_PARTIAL and returns the token
 * after it, or 0. */
size_t tp_match_date(struct scan *sc, size_t i);
/* The month named at token i (1-12; 0 if none); *end is the token after it. */
int tp_month_at(const struct scan *sc, size_t i, size_t *end);
/* A weekday or relative day ("tomorrow") at token i, or 0. */
size_t tp_match_day(struct scan *sc, size_t i);
/* Drop the abbreviated weekdays of other languages ("Mi.", "mar.") that do
 * not stand right before a date: elsewhere they are common words. */
void tp_drop_loose_weekdays(struct scan *sc);
/* A four-digit number at token i that is a year (not "2000 hours"). */
bool tp_is_year(const struct scan *sc, size_t i);

/* --- timeparse_clock.c ------------------------------------------------------ */

/* A time of day at token i (or "noon", "midnight"): pushes a C_TIME or
 * C_MAYBE_TIME and returns the token after it, or 0. */
size_t tp_match_time(struct scan *sc, size_t i);

/* --- timeparse_zone.c ------------------------------------------------------- */

/* A zone, a place, or a word standing where a zone stands at token i: pushes
 * a C_ZONE (or records a place named in the line) and returns the token
 * after it, or 0. */
size_t tp_match_zone(struct scan *sc, size_t i);
/* Does a zone (or a place beside the time) start at token i, right after a
 * time?  Returns the token after it, or 0. */
size_t tp_zone_after_time(const struct scan *sc, size_t i);
/* Like it, but only a zone that can follow a bare hour ("12 Z", "10 CET"):
 * an abbreviation or an offset. */
size_t tp_abbr_after_hour(const struct scan *sc, size_t i);

/* --- timeresolve.c ------------------------------------------------------------ */

/* With tokens, components and clusters found, fill sc->res with the
 * instant, the date alone, or the error. */
void timeresolve_assemble(struct scan *sc);

/* Shared by timeresolve.c and timeresolve_year.c. */
struct reading {
	size_t time, zone; /* components; zone NO_COMP: the configured timezone */
	time_t t;
	int offset;
	char *rule;
};

struct readings {
	struct reading *v;
	size_t n, cap;
};

/* Read time component k (its date, its zones) into rs; -1 on a refusal. */
int timeresolve_time(struct scan *sc, size_t k, struct readings *rs);
void timeresolve_readings_free(struct readings *rs);
/* Components of k's cluster are the contiguous range [*lo, *hi). */
void timeresolve_cluster(const struct scan *sc, size_t k, size_t *lo, size_t *hi);
/* The first component of that kind in k's cluster, or NO_COMP. */
size_t timeresolve_cluster_find(const struct scan *sc, size_t k, enum comp_kind kind);
/* "UTC-04:00" */
void timeresolve_fmt_offset(int off, char buf[16]);

/* --- timeresolve_zone.c --------------------------------------------------------- */

/* The configured timezone when tzdata has it, else NULL. */
const char *timeresolve_config_zone(const struct scan *sc);
/* Refuse a zone the tz database cannot give (the database missing, or this
 * zone missing from it): -1.  what is how the zone was written. */
int timeresolve_need_tzdata(struct scan *sc, const char *zone, const char *what, size_t at);
/* A wall time in an IANA zone into r (label: how it was written, NULL for
 * an IANA name or the configured zone); -1 on a gap, an overlap, no tzdata. */
int timeresolve_read_local(struct scan *sc, const char *zone, const char *label,
                           const struct zones_wall *w, const struct comp *date, struct reading *r);
/* The reading of zone component r->zone for wall time w; -1 on a refusal. */
int timeresolve_read_zone(struct scan *sc, const struct zones_wall *w, const struct comp *date,
                          struct reading *r);
struct reading *timeresolve_add_reading(struct readings *rs, size_t tc, size_t zc);
/* "EDT (UTC-04:00)", or "UTC+08:00" when tzdata has only a numeric name;
 * malloc'd. */
char *timeresolve_fmt_abbr_offset(const char *abbr, int off);

/* --- timeresolve_year.c --------------------------------------------------------- */

/* Give each year-less date that a time belongs to the year of its one
 * occurrence from max_lateness ago to six months ahead of opts->now (a
 * weekday beside it must match), and say why in res->year_rule; or refuse.
 * With opts->now 0 nothing is done (the dates are then refused as having
 * no year).  -1 on a refusal. */
int timeresolve_years(struct scan *sc);

#endif
