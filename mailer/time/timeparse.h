/*
 * timeparse: the time grammar.  Reads the date, time and zone that a press
 * release writes in its release line or dateline ("EMBARGOED UNTIL 00:01 hrs
 * UK time, Tuesday 15 August 2023", "August 14, 2023, 12:00 p.m. EDT") and
 * resolves them to one instant, or refuses with a message that names the
 * readings it could not choose between (doc/design.md "Bad input": never
 * guessed).
 *
 * English, German, French, Spanish, Italian, Dutch and Portuguese are read
 * alike ("Mittwoch, 15. Mai 2024, 10:00 Uhr MESZ", "le 12 mai 2022 à 00h01,
 * heure de Paris"): the names come from ICU (timewords, zonenames).
 *
 * Pure: no I/O beyond tzdata and ICU's data, no printing; the result does
 * not depend on the machine's TZ (it is saved and restored around every
 * zone computation) nor on the clock (opts->now is the caller's).
 */
#ifndef EMBARGO_TIMEPARSE_H
#define EMBARGO_TIMEPARSE_H

#include <stddef.h>
#include <time.h>

enum date_order { DATE_ORDER_NONE, DATE_ORDER_MDY, DATE_ORDER_DMY };

struct timeparse_opts {
	const char *timezone;       /* IANA zone for times written without one; NULL: none */
	enum date_order date_order; /* how to read ambiguous slash dates */
	/* A date written without a year ("Wednesday 15 March at 11:00 CET")
	 * is the one occurrence from max_lateness (seconds) before now to
	 * about six months (183 days) after it.  now is the real clock,
	 * time(NULL), of the command that reads the release; 0: year-less
	 * dates are refused. */
	time_t now;
	long max_lateness;
};

enum timeparse_status {
	TIMEPARSE_NONE,      /* no date and no time in the text */
	TIMEPARSE_DATE_ONLY, /* a date without a time: no instant */
	TIMEPARSE_INSTANT,   /* date, time and zone resolved to one instant */
	TIMEPARSE_ERROR,     /* something that cannot be read without guessing */
};

struct timeparse_result {
	enum timeparse_status status;
	time_t instant;       /* INSTANT: seconds since the epoch */
	int utc_offset;       /* INSTANT: seconds east of UTC of the zone as stated */
	int year, month, day; /* DATE_ONLY, INSTANT: the date as written */
	size_t start, end;    /* byte span of the date/time/zone text in the input */
	char *zone_rule;      /* INSTANT: how the zone was read, e.g.
	                         "EDT (UTC-04:00)" or
	                         "London time: Europe/London, BST (UTC+01:00) on that date" */
	char *year_rule;      /* INSTANT: the year given to a date written without one,
	                         and why ("2024: the only 15 March from 1 h ago to six
	                         months ahead (now 2024-03-01T09:00:00Z); a Friday, as
	                         written"); NULL when the year was written */
	char *error;          /* ERROR: what is wrong, naming the readings */
	char *hint;           /* ERROR: how to write it instead */
	size_t error_at;      /* ERROR: byte offset in the text the error is about */
};

/* Find and read the date, time and zone in one line of text.  Words around
 * them ("EMBARGOED UNTIL", "WASHINGTON,", "/PRNewswire/ --") are skipped.
 * res is filled in; free it with timeparse_result_free(). */
void timeparse_scan(const char *text, const struct timeparse_opts *opts,
                    struct timeparse_result *res);
void timeparse_result_free(struct timeparse_result *res);

/* "2023-08-14T16:00:00Z" */
void timeparse_format_utc(time_t t, char buf[32]);
/* "2023-08-14T12:00:00-04:00" */
void timeparse_format_local(time_t t, int utc_offset, char buf[32]);

#endif
