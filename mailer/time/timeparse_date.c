#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "timeparse_int.h"
#include "timewords.h"
#include "util.h"
#include "zones.h"

/*
 * Dates and weekdays of the time grammar: "August 14, 2023", "14 August
 * 2023", "Monday 14th August 2023", "14.08.2023", "2023-08-14", and in the
 * other languages "Mittwoch, 15. Mai 2024", "le mercredi 1er juin 2022",
 * "12 de mayo de 2022", "martedì 14 maggio 2024", "woensdag 15 mei 2024",
 * "quarta-feira, 15 de maio de 2024".  Month and weekday names come from
 * timewords (ICU); a date without a year is partial.
 */

static bool hours_word(const struct scan *sc, size_t i)
{
	const struct tok *t = tp_tok(sc, i);
	return t && t->kind == TOK_WORD &&
	       timewords_hour_mark(t->key, !t->space_before) != TW_MARK_NONE;
}

bool tp_is_year(const struct scan *sc, size_t i)
{
	if (!tp_num(sc, i, 4, 4) || tp_val(sc, i) < 1900 || tp_val(sc, i) > 2199)
		return false;
	return !hours_word(sc, i + 1) &&
	       !(timeparse_is_punct(sc, i + 1, ':') && tp_tight(sc, i + 1));
}

/* The month at token i with its reading rules; 0 if none. */
static int month_flags(const struct scan *sc, size_t i, size_t *end, unsigned *flags)
{
	struct words w;
	size_t used;
	*flags = 0;
	if (!tp_words(sc, i, &w))
		return 0;
	int m = timewords_month(w.key, w.n, sc->tok[i].initial_cap, &used, flags);
	if (m < 1)
		return 0;
	*end = w.idx[used - 1] + 1;
	return m;
}

int tp_month_at(const struct scan *sc, size_t i, size_t *end)
{
	unsigned flags;
	return month_flags(sc, i, end, &flags);
}

/* "st", "nd", "rd", "th"; French "er", "ère", "re", "e"; Spanish,
 * Portuguese and Italian "º", "ª", "°" (also after a dot: "1.º"). */
static size_t skip_ordinal(const struct scan *sc, size_t j)
{
	static const char *const sfx[] = {"st", "nd", "rd", "th", "er", "ere", "re",
	                                  "e",  "º",  "ª",  "°",  "o",  "a",   NULL};
	const struct tok *t = tp_tok(sc, j);
	if (t && t->kind == TOK_PUNCT && t->ch == '.' && !t->space_before) {
		const struct tok *u = tp_tok(sc, j + 1);
		if (u && u->kind == TOK_WORD && !u->space_before &&
		    (!strcmp(u->lc, "º") || !strcmp(u->lc, "ª")))
			return j + 2;
		return j;
	}
	if (!t || t->kind != TOK_WORD || t->space_before)
		return j;
	for (const char *const *s = sfx; *s; s++) {
		if (!strcmp(t->lc, *s) || !strcmp(t->key, *s))
			return j + 1;
	}
	return j;
}

static size_t push_date(struct scan *sc, size_t t0, size_t t1, int y, int m, int d)
{
	struct comp *c = tp_push(sc, C_DATE, t0, t1);
	c->year = y;
	c->month = m;
	c->day = d;
	if (m < 1 || m > 12) {
		char *text = timeparse_comp_text(sc, sc->ncomp - 1);
		tp_comp_fail(c, xstrdup("check the month and the day"),
		             "%s is not a date: there is no month %d", text, m);
		free(text);
	} else if (d < 1 || d > zones_days_in_month(y, m)) {
		const char *mn = timeparse_month_name(m);
		tp_comp_fail(c, xstrdup("check the day and the month"),
		             "%d %s %d is not a date: %s %d has %d days", d, mn, y, mn, y,
		             zones_days_in_month(y, m));
	}
	return t1;
}

static size_t push_partial(struct scan *sc, size_t t0, size_t t1, int m, int d)
{
	struct comp *c = tp_push(sc, C_PARTIAL, t0, t1);
	c->month = m;
	c->day = d;
	/* 29 February exists in leap years */
	if (d < 1 || d > zones_days_in_month(2024, m)) {
		const char *mn = timeparse_month_name(m);
		tp_comp_fail(c, xstrdup("check the day and the month"),
		             "%d %s is not a date: %s has %d days", d, mn, mn,
		             zones_days_in_month(2024, m));
	}
	return t1;
}

/* Between the month and the year: ",", Spanish and Portuguese "de",
 * "del" ("12 de mayo de 2022"). */
static size_t before_year(const struct scan *sc, size_t k)
{
	if (timeparse_is_punct(sc, k, ','))
		k++;
	if (tp_word(sc, k, "de") || tp_word(sc, k, "del"))
		k++;
	return k;
}

/* A year-less date is read only from a full month name or a capital: a
 * lower-case abbreviation after a number is too often a word ("10 out of
 * 12" is not 10 October). */
static bool partial_ok(const struct scan *sc, size_t i, unsigned flags)
{
	return !(flags & TIMEWORDS_ABBR) || sc->tok[i].initial_cap;
}

/* "August 14, 2023", "Aug. 14 2023", "August 14th, 2023"; "March 7" alone is
 * partial (no year: "March 7, 202" gives none).  Only with a capital: no
 * language but English writes the month first. */
static size_t date_month_first(struct scan *sc, size_t i)
{
	unsigned flags;
	size_t j;
	int m = month_flags(sc, i, &j, &flags);
	if (!m || !sc->tok[i].initial_cap)
		return 0;
	if (timeparse_is_punct(sc, j, '.') && tp_tight(sc, j))
		j++;
	if (!tp_num(sc, j, 1, 2))
		return 0;
	int d = tp_val(sc, j);
	j = skip_ordinal(sc, j + 1);
	size_t k = timeparse_is_punct(sc, j, ',') ? j + 1 : j, e;
	if (tp_is_year(sc, k))
		return push_date(sc, i, k + 1, tp_val(sc, k), m, d);
	/* "Mar. 14 mai 2024": a French Tuesday before a day-first date */
	if (!partial_ok(sc, i, flags) || tp_month_at(sc, j, &e) ||
	    (timeparse_is_punct(sc, j, '.') && tp_month_at(sc, j + 1, &e)))
		return 0;
	return push_partial(sc, i, j, m, d);
}

/* "14 August 2023", "14th of August, 2023", "14 Aug 2023", "14-Aug-2023",
 * "15. Mai 2024", "1er juin", "12 de mayo de 2022", "1.º de maio". */
static size_t date_day_first(struct scan *sc, size_t i)
{
	unsigned flags;
	size_t j, e;
	if (!tp_num(sc, i, 1, 2))
		return 0;
	int d = tp_val(sc, i);
	j = i + 1;
	if (timeparse_is_punct(sc, j, '.') && tp_tight(sc, j) && tp_month_at(sc, j + 1, &e))
		j++; /* German "15. Mai" */
	j = skip_ordinal(sc, j);
	if (timeparse_is_punct(sc, j, '-') && tp_tight(sc, j) && tp_month_at(sc, j + 1, &e) &&
	    e == j + 2 && tp_tight(sc, j + 1) && timeparse_is_punct(sc, j + 2, '-') &&
	    tp_tight(sc, j + 2) && tp_is_year(sc, j + 3) && tp_tight(sc, j + 3))
		return push_date(sc, i, j + 4, tp_val(sc, j + 3), tp_month_at(sc, j + 1, &e), d);
	if (tp_word(sc, j, "of") || tp_word(sc, j, "de"))
		j++;
	size_t mt = j;
	int m = month_flags(sc, j, &j, &flags);
	if (!m)
		return 0;
	if (timeparse_is_punct(sc, j, '.') && tp_tight(sc, j))
		j++;
	size_t k = before_year(sc, j);
	if (tp_is_year(sc, k))
		return push_date(sc, i, k + 1, tp_val(sc, k), m, d);
	if (!partial_ok(sc, mt, flags))
		return 0;
	return push_partial(sc, i, j, m, d);
}

/* Slash or dash dates with the year last: the order is known when one number
 * exceeds 12 or both are equal, else it takes opts->date_order. */
static size_t date_slash(struct scan *sc, size_t i, int a, int b, int y)
{
	enum date_order order = sc->opts->date_order;
	if (a == b || (a > 12 && b <= 12))
		return push_date(sc, i, i + 5, y, b, a);
	if (b > 12 && a <= 12)
		return push_date(sc, i, i + 5, y, a, b);
	if ((a > 12 && b > 12) || a < 1 || b < 1)
		return push_date(sc, i, i + 5, y, a, b); /* reported as no month or no day */
	if (order == DATE_ORDER_MDY)
		return push_date(sc, i, i + 5, y, a, b);
	if (order == DATE_ORDER_DMY)
		return push_date(sc, i, i + 5, y, b, a);
	struct comp *c = tp_push(sc, C_DATE, i, i + 5);
	char *text = timeparse_comp_text(sc, sc->ncomp - 1);
	tp_comp_fail(c,
	             xasprintf("write the month as a word (%d %s %d) or set `date_order` (mdy or "
	                       "dmy) in embargo.yaml",
	                       b, timeparse_month_name(a), y),
	             "%s is ambiguous: %d %s %d (month first) or %d %s %d (day first)", text, b,
	             timeparse_month_name(a), y, a, timeparse_month_name(b), y);
	free(text);
	return i + 5;
}

/* "2023-08-14", "2023/08/14", "14.08.2023", "08/14/2023", "14-08-2023". */
static size_t date_numeric(struct scan *sc, size_t i)
{
	if (!tp_num(sc, i, 1, 4))
		return 0;
	const struct tok *sep = tp_tok(sc, i + 1);
	if (!sep || sep->kind != TOK_PUNCT || !sep->ch || !strchr("-/.", sep->ch))
		return 0;
	if (!tp_tight(sc, i + 1) || !tp_tight(sc, i + 2) || !tp_tight(sc, i + 3) ||
	    !tp_tight(sc, i + 4) || !timeparse_is_punct(sc, i + 3, sep->ch) ||
	    !tp_num(sc, i + 2, 1, 2))
		return 0;
	int a = tp_val(sc, i), b = tp_val(sc, i + 2);
	if (sc->tok[i].ndigits == 4 && tp_num(sc, i + 4, 1, 2) && tp_is_year(sc, i))
		return push_date(sc, i, i + 5, a, b, tp_val(sc, i + 4));
	if (sc->tok[i].ndigits > 2 || !tp_is_year(sc, i + 4))
		return 0;
	if (sep->ch == '.')
		return push_date(sc, i, i + 5, tp_val(sc, i + 4), b, a);
	return date_slash(sc, i, a, b, tp_val(sc, i + 4));
}

size_t tp_match_date(struct scan *sc, size_t i)
{
	size_t e = date_month_first(sc, i);
	if (!e)
		e = date_numeric(sc, i);
	if (!e)
		e = date_day_first(sc, i);
	return e;
}

/* --- weekdays ------------------------------------------------------------------ */

static size_t match_weekday(struct scan *sc, size_t i)
{
	struct words w;
	size_t used;
	unsigned flags;
	if (!tp_words(sc, i, &w))
		return 0;
	int wd = timewords_weekday(w.key, w.n, sc->tok[i].initial_cap, &used, &flags);
	if (wd < 0)
		return 0;
	size_t e = w.idx[used - 1] + 1;
	if (timeparse_is_punct(sc, e, '.') && tp_tight(sc, e))
		e++;
	struct comp *c = tp_push(sc, C_WEEKDAY, i, e);
	c->wday = wd;
	c->near_date = flags & TIMEWORDS_NEAR_DATE;
	return e;
}

size_t tp_match_day(struct scan *sc, size_t i)
{
	static const char *const rel[] = {
	    "today", "tomorrow", "tonight", "yesterday", "heute",   "morgen", "demain", "aujourd",
	    "hoy",   "manana",   "oggi",    "domani",    "vandaag", "hoje",   "amanha", NULL};
	size_t e = match_weekday(sc, i);
	if (e)
		return e;
	if (sc->tok[i].kind != TOK_WORD)
		return 0;
	for (const char *const *r = rel; *r; r++) {
		if (!strcmp(sc->tok[i].key, *r)) {
			tp_push(sc, C_RELDAY, i, i + 1);
			return i + 1;
		}
	}
	return 0;
}

void tp_drop_loose_weekdays(struct scan *sc)
{
	size_t out = 0;
	for (size_t k = 0; k < sc->ncomp; k++) {
		struct comp *c = &sc->comp[k];
		if (c->kind == C_WEEKDAY && c->near_date) {
			const struct comp *n = k + 1 < sc->ncomp ? &sc->comp[k + 1] : NULL;
			size_t gap = n ? n->t0 - c->t1 : 0;
			/* "So, 15 March" is English: a two-letter abbreviation
			 * before a comma needs its dot ("So., 15. März") */
			bool dotted = c->t1 - c->t0 > 1 || strlen(sc->tok[c->t0].lc) > 2;
			bool ok = n && (n->kind == C_DATE || n->kind == C_PARTIAL) &&
			          (gap == 0 ||
			           (gap == 1 && timeparse_is_punct(sc, c->t1, ',') && dotted));
			if (!ok) {
				free(c->err);
				free(c->hint);
				continue;
			}
		}
		sc->comp[out++] = *c;
	}
	sc->ncomp = out;
}
