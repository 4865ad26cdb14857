/*
 * zones: what the time grammar knows about time zones.
 *
 * Three const tables — fixed-offset abbreviations ("EDT", "Central European
 * Summer Time"), generic zones that follow the rule of the date ("ET",
 * "US Eastern time") and places ("London", "UK", "Sydney") mapped to IANA
 * zones — and the tzdata lookups that turn a wall-clock time in an IANA zone
 * into instants.
 *
 * Every tzdata lookup sets TZ to the zone, calls tzset(), and puts the
 * caller's TZ back (unset if it was unset) and calls tzset() again before it
 * returns: no result depends on the machine's zone.  TZ is process state, so
 * these functions are not thread-safe.  Nothing here allocates memory that
 * outlives a call; returned table entries are static and const.
 */
#ifndef EMBARGO_ZONES_H
#define EMBARGO_ZONES_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define ZONES_ABBR_MAX 16 /* room for a tzdata abbreviation ("AEDT", "+0530") */
#define ZONES_NAME_MAX 64 /* room for an IANA zone name */

/* A civil date and wall-clock time, no zone.  month 1-12, day 1-31. */
struct zones_wall {
	int year, month, day, hour, min, sec;
};

/* One reading of a fixed-offset abbreviation.  An abbreviation with several
 * readings ("CST", "IST", "AST") has consecutive entries. */
struct zones_fixed {
	const char *abbr;  /* as written, in capitals: "EDT" */
	const char *label; /* "US Eastern Daylight Time" */
	int offset;        /* seconds east of UTC */
	/* Zones (separated by spaces) whose local time it names for part of the
	 * year, checked when the text names no place: the abbreviation must be
	 * in force in one of them at the instant.  NULL: valid on any date
	 * (UTC, GMT). */
	const char *home;
	/* Spelled-out names, lower case, separated by '|'; may be NULL. */
	const char *names;
	unsigned flags; /* ZONES_AFTER_TIME: "UT" is also Utah */
};

enum {
	ZONES_CAPS = 1,       /* only when written in capitals ("ET", not "et") */
	ZONES_AFTER_TIME = 2, /* only right after a time ("noon Eastern") */
};

/* A name for an IANA zone whose offset is the one in force on the date. */
struct zones_generic {
	const char *words; /* lower-case words as matched: "us eastern time" */
	const char *zone;  /* "America/New_York" */
	const char *label; /* "ET" */
	unsigned flags;
};

/* A city, region or country. */
struct zones_place {
	const char *words; /* lower-case words: "new york", "são paulo" */
	const char *zones; /* one IANA zone, or several separated by spaces
	                      when the place spans several ("Australia") */
};

/* Readings of an abbreviation (compared without regard to case; the caller
 * checks capitals).  Returns how many consecutive entries start at *first,
 * 0 when it is not known. */
size_t zones_find_abbr(const char *abbr, size_t len, const struct zones_fixed **first);

/* The entry whose words match the longest prefix of words[0..n) (lower-case
 * words of the text), with *used set to how many it took; NULL if none. */
const struct zones_fixed *zones_find_fixed_name(const char *const *words, size_t n, size_t *used);
/* Generic zones also obey their flags: caps[k] says whether words[k] was
 * written in capitals, after_time whether the words follow a time. */
const struct zones_generic *zones_find_generic(const char *const *words, const bool *caps, size_t n,
                                               bool after_time, size_t *used);
const struct zones_place *zones_find_place(const char *const *words, size_t n, size_t *used);

/* Iterate a space-separated zone list: copies the next name into buf and
 * advances *p; false at the end. */
bool zones_list_next(const char **p, char buf[ZONES_NAME_MAX]);
bool zones_list_has(const char *list, const char *zone);
size_t zones_list_count(const char *list);

/* The tables themselves, for tests that check every entry against tzdata. */
extern const struct zones_fixed zones_fixed_table[];
extern const size_t zones_fixed_count;
extern const struct zones_generic zones_generic_table[];
extern const size_t zones_generic_count;
extern const struct zones_place zones_place_table[];
extern const size_t zones_place_count;

/* --- tzdata -------------------------------------------------------------- */

/* True when name is a safe IANA name ("Area/City", no "..") with a TZif file
 * under $TZDIR or /usr/share/zoneinfo.  Reads only the file's magic. */
bool zones_known(const char *name);

/* Where the tz database is read from ($TZDIR or /usr/share/zoneinfo), and
 * whether it can be read at all (it has UTC).  Without it glibc reads every
 * zone as UTC, so no zone may be resolved. */
const char *zones_database_dir(void);
bool zones_database_ok(void);

/* The offset (seconds east of UTC) and abbreviation in force in zone at t. */
void zones_offset_at(const char *zone, time_t t, int *offset, char abbr[ZONES_ABBR_MAX]);

/* True when zone, within half a year of t, uses abbr with that offset
 * (tzdata's own abbreviations: "EDT" for America/New_York). */
bool zones_uses_abbr(const char *zone, time_t t, const char *abbr, int offset);

/* A wall-clock time in zone, resolved.  n is 0 when the time does not exist
 * (clocks skip it), 1 for one instant, 2 when it happens twice (t[0] the
 * earlier).  offset/abbr go with t; for n == 0 they are the zone's offset
 * before and after the jump. */
struct zones_local {
	int n;
	time_t t[2];
	int offset[2];
	char abbr[2][ZONES_ABBR_MAX];
};
void zones_resolve(const char *zone, const struct zones_wall *w, struct zones_local *out);

/* --- calendar (proleptic Gregorian, no zone) ------------------------------ */

/* Seconds since the epoch of w read as UTC (hour 24 is the next day's 0). */
time_t zones_wall_epoch(const struct zones_wall *w);
void zones_epoch_wall(time_t t, struct zones_wall *w);
int zones_days_in_month(int year, int month);
/* 0 = Sunday ... 6 = Saturday */
int zones_weekday(int year, int month, int day);

#endif
