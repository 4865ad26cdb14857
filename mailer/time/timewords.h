/*
 * timewords: the words of dates and times in the languages the time
 * grammar reads — English, German, French, Spanish, Italian, Dutch and
 * Portuguese.
 *
 * Month and weekday names, full and abbreviated, come from ICU's CLDR data
 * for those languages (and their regional forms: "Jänner" is Austrian), so
 * they are not hand-written here; a few forms CLDR lacks ("Sept", "Tues")
 * are added.  The small closed sets of the grammar itself — hour marks
 * ("Uhr", "h", "heures"), day parts ("de la tarde"), noon and midnight,
 * connectors ("à", "um", "alle ore") — are this module's own tables.
 *
 * Every lookup takes accent-blind keys (wordfold with strip_marks), so
 * "AOÛT", "août" and "aout" are the same month.  The ICU data is read once
 * per process, at the first lookup.
 */
#ifndef EMBARGO_TIMEWORDS_H
#define EMBARGO_TIMEWORDS_H

#include <stdbool.h>
#include <stddef.h>

enum {
	TIMEWORDS_CAP = 1,       /* read only when written with a capital ("May") */
	TIMEWORDS_ABBR = 2,      /* an abbreviation ("Aug", "janv") */
	TIMEWORDS_NEAR_DATE = 4, /* a weekday only right before a date ("Mi., 15. Mai") */
};

/* The month (1-12) or weekday (0 = Sunday) the phrase starting at keys[0]
 * names, written with a capital or not: returns it, or -1; *used is how
 * many words it took and *flags says how it may be read ("may" in lower
 * case is Spanish, an abbreviation; "May" English, a full name). */
int timewords_month(const char *const *keys, size_t n, bool capital, size_t *used, unsigned *flags);
int timewords_weekday(const char *const *keys, size_t n, bool capital, size_t *used,
                      unsigned *flags);

/* How a word after an hour marks it as a time of day. */
enum timewords_mark {
	TW_MARK_NONE,
	TW_MARK_CLOCK,   /* "Uhr", "uur": always a time of day ("10 Uhr") */
	TW_MARK_HOURS,   /* "h", "heures", "horas": a time with minutes, after
	                    "à"/"om"/..., or beside a date; else a duration */
	TW_MARK_ENGLISH, /* "hrs", "hours": a time only with minutes or four
	                    digits ("00:01 hrs", "2359 hours") */
};
/* tight: the word touches the number before it ("10h", "10u30"). */
enum timewords_mark timewords_hour_mark(const char *key, bool tight);

/* Words that say "at" before an hour ("à", "às", "a las", "om", "um",
 * "alle", "ore"): "à 10 heures" is a time, "10 heures" may be a duration. */
bool timewords_at(const char *key);

/* Words that stand between the parts of a date and time and join them
 * ("at", "on", "le", "de", "del", "um", "alle", "ore", "om", "às" ...). */
bool timewords_connector(const char *key);

/* Short words of the seven languages that can follow a time in capitals
 * without being a zone ("AT", "ON", "UND", "ET", "DE" ...). */
bool timewords_common(const char *key);

/* Noon and midnight: "noon", "midi", "Mittag", "mediodía", "meio-dia";
 * "midnight", "minuit", "Mitternacht", "medianoche", "meia-noite". */
enum timewords_hourword { TW_HOUR_NONE, TW_HOUR_NOON, TW_HOUR_MIDNIGHT };
enum timewords_hourword timewords_noon(const char *const *keys, size_t n, size_t *used);

/* A part of the day after a time ("in the evening", "de la tarde",
 * "nachmittags", "'s avonds" — the apostrophe is the caller's to skip). */
enum timewords_daypart {
	TW_DAY_NONE,
	TW_DAY_MORNING,   /* 1-11: as written */
	TW_DAY_AFTERNOON, /* 12: noon; 1-11: p.m.; 13-23: as written */
	TW_DAY_EVENING,   /* 5-11: p.m.; 17-23: as written */
	TW_DAY_NIGHT,     /* 8-11: p.m.; 20-23: as written */
};
enum timewords_daypart timewords_daypart(const char *const *keys, size_t n, size_t *used);

#endif
