#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/udat.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "phrasebook.h"
#include "timewords.h"
#include "util.h"
#include "wordfold.h"

/* The languages read, with the regional forms whose names differ
 * ("Jänner", "juill.", "sept"). */
static const char *const locales[] = {"en", "de", "de_AT", "de_CH", "fr", "fr_CA",
                                      "es", "it", "nl",    "pt",    NULL};

enum { K_MONTH, K_WEEKDAY, K_NOON, K_DAYPART };

static struct phrasebook book;
static bool loaded;

/* Forms CLDR does not have but press releases write. */
static const struct {
	const char *phrase;
	int kind, value;
	unsigned flags;
} extras[] = {
    {"Sept", K_MONTH, 9, TIMEWORDS_CAP | TIMEWORDS_ABBR},
    {"Tues", K_WEEKDAY, 2, TIMEWORDS_CAP | TIMEWORDS_ABBR},
    {"Weds", K_WEEKDAY, 3, TIMEWORDS_CAP | TIMEWORDS_ABBR},
    {"Thur", K_WEEKDAY, 4, TIMEWORDS_CAP | TIMEWORDS_ABBR},
    {"Thurs", K_WEEKDAY, 4, TIMEWORDS_CAP | TIMEWORDS_ABBR},
    {"fév", K_MONTH, 2, TIMEWORDS_ABBR},
    {"juil", K_MONTH, 7, TIMEWORDS_ABBR},
    /* Portuguese names the weekday by its number alone, too */
    {"segunda", K_WEEKDAY, 1, TIMEWORDS_ABBR | TIMEWORDS_NEAR_DATE},
    {"terça", K_WEEKDAY, 2, TIMEWORDS_ABBR | TIMEWORDS_NEAR_DATE},
    {"quarta", K_WEEKDAY, 3, TIMEWORDS_ABBR | TIMEWORDS_NEAR_DATE},
    {"quinta", K_WEEKDAY, 4, TIMEWORDS_ABBR | TIMEWORDS_NEAR_DATE},
    {"sexta", K_WEEKDAY, 5, TIMEWORDS_ABBR | TIMEWORDS_NEAR_DATE},
    /* noon and midnight */
    {"noon", K_NOON, TW_HOUR_NOON, 0},
    {"midday", K_NOON, TW_HOUR_NOON, 0},
    {"midi", K_NOON, TW_HOUR_NOON, 0},
    {"Mittag", K_NOON, TW_HOUR_NOON, 0},
    {"mediodía", K_NOON, TW_HOUR_NOON, 0},
    {"mezzogiorno", K_NOON, TW_HOUR_NOON, 0},
    {"meio-dia", K_NOON, TW_HOUR_NOON, 0},
    {"midnight", K_NOON, TW_HOUR_MIDNIGHT, 0},
    {"minuit", K_NOON, TW_HOUR_MIDNIGHT, 0},
    {"Mitternacht", K_NOON, TW_HOUR_MIDNIGHT, 0},
    {"medianoche", K_NOON, TW_HOUR_MIDNIGHT, 0},
    {"mezzanotte", K_NOON, TW_HOUR_MIDNIGHT, 0},
    {"middernacht", K_NOON, TW_HOUR_MIDNIGHT, 0},
    {"meia-noite", K_NOON, TW_HOUR_MIDNIGHT, 0},
    /* parts of the day */
    {"in the morning", K_DAYPART, TW_DAY_MORNING, 0},
    {"du matin", K_DAYPART, TW_DAY_MORNING, 0},
    {"de la mañana", K_DAYPART, TW_DAY_MORNING, 0},
    {"de la madrugada", K_DAYPART, TW_DAY_MORNING, 0},
    {"da manhã", K_DAYPART, TW_DAY_MORNING, 0},
    {"da madrugada", K_DAYPART, TW_DAY_MORNING, 0},
    {"del mattino", K_DAYPART, TW_DAY_MORNING, 0},
    {"di mattina", K_DAYPART, TW_DAY_MORNING, 0},
    {"della mattina", K_DAYPART, TW_DAY_MORNING, 0},
    {"morgens", K_DAYPART, TW_DAY_MORNING, 0},
    {"vormittags", K_DAYPART, TW_DAY_MORNING, 0},
    {"früh", K_DAYPART, TW_DAY_MORNING, 0},
    {"s ochtends", K_DAYPART, TW_DAY_MORNING, 0},
    {"s morgens", K_DAYPART, TW_DAY_MORNING, 0},
    {"in the afternoon", K_DAYPART, TW_DAY_AFTERNOON, 0},
    {"de l’après-midi", K_DAYPART, TW_DAY_AFTERNOON, 0},
    {"de la tarde", K_DAYPART, TW_DAY_AFTERNOON, 0},
    {"da tarde", K_DAYPART, TW_DAY_AFTERNOON, 0},
    {"del pomeriggio", K_DAYPART, TW_DAY_AFTERNOON, 0},
    {"di pomeriggio", K_DAYPART, TW_DAY_AFTERNOON, 0},
    {"nachmittags", K_DAYPART, TW_DAY_AFTERNOON, 0},
    {"mittags", K_DAYPART, TW_DAY_AFTERNOON, 0},
    {"s middags", K_DAYPART, TW_DAY_AFTERNOON, 0},
    {"in the evening", K_DAYPART, TW_DAY_EVENING, 0},
    {"du soir", K_DAYPART, TW_DAY_EVENING, 0},
    {"abends", K_DAYPART, TW_DAY_EVENING, 0},
    {"s avonds", K_DAYPART, TW_DAY_EVENING, 0},
    {"di sera", K_DAYPART, TW_DAY_EVENING, 0},
    {"della sera", K_DAYPART, TW_DAY_EVENING, 0},
    {"at night", K_DAYPART, TW_DAY_NIGHT, 0},
    {"de la nuit", K_DAYPART, TW_DAY_NIGHT, 0},
    {"de la noche", K_DAYPART, TW_DAY_NIGHT, 0},
    {"da noite", K_DAYPART, TW_DAY_NIGHT, 0},
    {"di notte", K_DAYPART, TW_DAY_NIGHT, 0},
    {"della notte", K_DAYPART, TW_DAY_NIGHT, 0},
    {"nachts", K_DAYPART, TW_DAY_NIGHT, 0},
    {"s nachts", K_DAYPART, TW_DAY_NIGHT, 0},
};

/* CLDR writes German and English month names with a capital: so must the
 * text ("May" is a month, "may" a verb).  Elsewhere any case is read. */
static unsigned case_flags(const char *name)
{
	bool lower, cap;
	wordfold_case(name, strlen(name), &lower, &cap);
	return cap ? TIMEWORDS_CAP : 0;
}

static void add_name(const char *name, int kind, int value, unsigned flags)
{
	char *key = wordfold_phrase(name, true);
	if (key)
		phrasebook_add(&book, key, kind, value, flags, NULL);
}

static void add_symbols(UDateFormat *f, UDateFormatSymbolType type, int kind, unsigned flags,
                        bool english)
{
	int count = udat_countSymbols(f, type);
	for (int i = 0; i < count; i++) {
		UChar u[64];
		char name[128];
		UErrorCode e = U_ZERO_ERROR;
		int32_t n = udat_getSymbols(f, type, i, u, 64, &e);
		if (U_FAILURE(e) || n <= 0 || n >= 64)
			continue;
		u_strToUTF8(name, sizeof name, NULL, u, n, &e);
		if (U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING)
			continue;
		unsigned fl = flags | case_flags(name);
		/* an abbreviated weekday of another language is a common word
		 * ("do", "so", "mar"): read only right before a date */
		if (kind == K_WEEKDAY && (flags & TIMEWORDS_ABBR) && !english)
			fl |= TIMEWORDS_NEAR_DATE;
		/* months count from 0, weekdays from 1 (Sunday) */
		add_name(name, kind, kind == K_MONTH ? i + 1 : i - 1, fl);
	}
}

static void add_locale(const char *loc)
{
	static const UChar pattern[] = {'y', 0};
	UErrorCode e = U_ZERO_ERROR;
	UDateFormat *f = udat_open(UDAT_PATTERN, UDAT_PATTERN, loc, NULL, 0, pattern, 1, &e);
	if (U_FAILURE(e))
		return;
	bool en = strncmp(loc, "en", 2) == 0;
	add_symbols(f, UDAT_MONTHS, K_MONTH, 0, en);
	add_symbols(f, UDAT_STANDALONE_MONTHS, K_MONTH, 0, en);
	add_symbols(f, UDAT_SHORT_MONTHS, K_MONTH, TIMEWORDS_ABBR, en);
	add_symbols(f, UDAT_STANDALONE_SHORT_MONTHS, K_MONTH, TIMEWORDS_ABBR, en);
	add_symbols(f, UDAT_WEEKDAYS, K_WEEKDAY, 0, en);
	add_symbols(f, UDAT_STANDALONE_WEEKDAYS, K_WEEKDAY, 0, en);
	add_symbols(f, UDAT_SHORT_WEEKDAYS, K_WEEKDAY, TIMEWORDS_ABBR, en);
	add_symbols(f, UDAT_STANDALONE_SHORT_WEEKDAYS, K_WEEKDAY, TIMEWORDS_ABBR, en);
	udat_close(f);
}

/* Per key and kind, at most two entries: the freest reading among the
 * sources that write the name with a capital ("May", English) and among
 * those that do not ("may", Spanish, an abbreviation): a lower-case word
 * gets the second's rules only.  Within each, a full name in one language
 * is not restricted by an abbreviation in another.  A name that means two
 * months or two weekdays is dropped. */
static void merge(void)
{
	size_t out = 0;
	for (size_t i = 0; i < book.n;) {
		size_t j = i + 1;
		bool clash = false;
		unsigned cls[2] = {~0u, ~0u}; /* [0]: needs a capital, [1]: any case */
		while (j < book.n && !strcmp(book.v[j].key, book.v[i].key) &&
		       book.v[j].kind == book.v[i].kind)
			j++;
		for (size_t k = i; k < j; k++) {
			clash |= book.v[k].value != book.v[i].value || book.v[k].value < 0;
			unsigned f = book.v[k].flags;
			cls[(f & TIMEWORDS_CAP) ? 0 : 1] &= f;
		}
		struct phrase first = book.v[i];
		for (size_t k = i + 1; k < j; k++)
			free(book.v[k].key);
		if (clash) {
			free(first.key);
			i = j;
			continue;
		}
		for (int c = 0; c < 2; c++) {
			if (cls[c] == ~0u)
				continue;
			struct phrase p = first;
			p.flags = cls[c];
			if (c == 1 && cls[0] != ~0u)
				p.key = xstrdup(first.key);
			book.v[out++] = p;
		}
		if (cls[0] == ~0u && cls[1] == ~0u)
			free(first.key);
		i = j;
	}
	book.n = out;
}

static void load(void)
{
	if (!phrasebook_start(&book, &loaded))
		return;
	for (const char *const *l = locales; *l; l++)
		add_locale(*l);
	for (size_t i = 0; i < sizeof extras / sizeof extras[0]; i++)
		add_name(extras[i].phrase, extras[i].kind, extras[i].value, extras[i].flags);
	phrasebook_sort(&book);
	merge();
}

/* The entry that the word's case allows: with a capital the freer of the
 * two, else the one that needs none. */
static int find(int kind, const char *const *keys, size_t n, bool capital, size_t *used,
                unsigned *flags)
{
	const struct phrase *p, *best = NULL;
	load();
	size_t hits = phrasebook_find(&book, keys, n, kind, &p, used);
	for (size_t k = 0; k < hits; k++) {
		if ((p[k].flags & TIMEWORDS_CAP) && !capital)
			continue;
		if (!best || (p[k].flags & ~TIMEWORDS_CAP) < (best->flags & ~TIMEWORDS_CAP))
			best = &p[k];
	}
	if (!best)
		return -1;
	if (flags)
		*flags = best->flags;
	return best->value;
}

int timewords_month(const char *const *keys, size_t n, bool capital, size_t *used, unsigned *flags)
{
	return find(K_MONTH, keys, n, capital, used, flags);
}

int timewords_weekday(const char *const *keys, size_t n, bool capital, size_t *used,
                      unsigned *flags)
{
	return find(K_WEEKDAY, keys, n, capital, used, flags);
}

enum timewords_hourword timewords_noon(const char *const *keys, size_t n, size_t *used)
{
	int v = find(K_NOON, keys, n, true, used, NULL);
	return v < 0 ? TW_HOUR_NONE : (enum timewords_hourword)v;
}

enum timewords_daypart timewords_daypart(const char *const *keys, size_t n, size_t *used)
{
	int v = find(K_DAYPART, keys, n, true, used, NULL);
	return v < 0 ? TW_DAY_NONE : (enum timewords_daypart)v;
}

/* --- the grammar's own small word sets (accent-blind keys) ----------------- */

static bool in_list(const char *key, const char *const *list)
{
	for (; *list; list++) {
		if (strcmp(key, *list) == 0)
			return true;
	}
	return false;
}

enum timewords_mark timewords_hour_mark(const char *key, bool tight)
{
	static const char *const clock[] = {"uhr", "uur", NULL};
	static const char *const hours[] = {"heures", "heure", "horas", "hora", "hs", NULL};
	static const char *const english[] = {"hrs", "hours", "hr", NULL};
	if (in_list(key, clock))
		return TW_MARK_CLOCK;
	if (in_list(key, hours) || !strcmp(key, "h") || (tight && !strcmp(key, "u")))
		return TW_MARK_HOURS;
	if (in_list(key, english))
		return TW_MARK_ENGLISH;
	return TW_MARK_NONE;
}

bool timewords_at(const char *key)
{
	static const char *const w[] = {"a",   "as", "las", "los", "om",    "um", "alle",
	                                "ore", "at", "ab",  "des", "vanaf", "ao", NULL};
	return in_list(key, w);
}

bool timewords_connector(const char *key)
{
	static const char *const w[] = {
	    /* English */
	    "at", "on", "the", "of", "or", "local", "time", "t", "hrs", "hours",
	    /* German */
	    "um", "am", "den", "dem", "ab", "uhr",
	    /* French */
	    "a", "le", "du", "de", "d", "l", "heure", "heures", "h",
	    /* Spanish and Portuguese */
	    "el", "las", "del", "as", "ao", "do", "da", "hora", "horas", "hs",
	    /* Italian */
	    "alle", "ore", "il", "di",
	    /* Dutch */
	    "om", "op", "uur", "u", NULL};
	return in_list(key, w);
}

bool timewords_common(const char *key)
{
	static const char *const w[] = {
	    /* English */
	    "at", "on", "the", "of", "or", "and", "to", "until", "till", "for", "in", "by", "when",
	    "local", "time", "sharp", "next", "this", "that", "is", "are", "was", "will", "with",
	    "from", "as", "an", "a", "it", "its", "not", "no", "but", "so", "then", "plus", "hrs",
	    "hr", "hours", "noon", "after", "before", "if", "we", "us", "our", "all", "any", "may",
	    "must", "can", "be", "has", "have", "per", "via", "only", "he", "she", "they", "you",
	    "i", "me", "him", "her", "do", "does", "did", "up", "out", "off", "over",
	    /* German */
	    "uhr", "und", "oder", "am", "um", "im", "bis", "zum", "zur", "ab", "den", "dem", "der",
	    "die", "das", "mit", "von", "vor", "nach", "ist", "ein", "eine", "auf",
	    /* French */
	    "h", "du", "de", "le", "la", "les", "et", "ou", "au", "aux", "des", "un", "une", "en",
	    "par", "pour", "sur", "avec", "sans", "dans",
	    /* Spanish, Portuguese */
	    "el", "los", "las", "del", "y", "e", "o", "da", "do", "das", "dos", "por", "para",
	    "con", "com", "sin", "sem", "hora", "horas", "hs", "em", "na", "no", "nos", "nas",
	    /* Italian */
	    "ore", "alle", "alla", "di", "il", "lo", "nel", "sul", "per", "con", "ed",
	    /* Dutch */
	    "uur", "u", "om", "op", "van", "het", "een", "tot", "met", "voor", NULL};
	return in_list(key, w);
}
