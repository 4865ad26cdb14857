#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeparse.h"
#include "timeparse_int.h"
#include "util.h"
#include "zones.h"

/*
 * How a line is read:
 *  1. tokens: words (lower-cased; "a.m." and "U.S." become "am" and "us"),
 *     numbers and punctuation, each knowing whether a space precedes it;
 *  2. components, left to right: dates, times, zones, weekdays, relative
 *     days; places named in the line are remembered (they settle ambiguous
 *     abbreviations and check that an abbreviation is in force);
 *  3. clusters: components joined only by connectors ("," "(" "at" "on" ...)
 *     belong together: "00:01 hrs UK time, Tuesday 15 August 2023";
 *  4. (timeresolve.c) every time gets a date (its cluster's, or the line's
 *     only one) and its zone readings; every reading must give the same
 *     instant.
 * Anything that needs a guess is refused with the readings it could not
 * choose between.
 */

static const char *const month_names[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};

/* --- small helpers --------------------------------------------------------- */

static bool ascii_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool ascii_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static char ascii_lower(unsigned char c)
{
	return (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

/* The first error wins; hint is taken over. */
int timeparse_fail(struct scan *sc, size_t at, char *hint, const char *fmt, ...)
{
	struct timeparse_result *r = sc->res;
	if (r->status == TIMEPARSE_ERROR) {
		free(hint);
		return -1;
	}
	va_list ap;
	va_start(ap, fmt);
	r->error = xvasprintf(fmt, ap);
	va_end(ap);
	r->hint = hint;
	r->error_at = at;
	r->status = TIMEPARSE_ERROR;
	return -1;
}

static void comp_fail(struct comp *c, char *hint, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void comp_fail(struct comp *c, char *hint, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	c->err = xvasprintf(fmt, ap);
	va_end(ap);
	c->hint = hint;
}

char *timeparse_span_text(const struct scan *sc, size_t t0, size_t t1)
{
	size_t a = sc->tok[t0].start, b = sc->tok[t1 - 1].end;
	return xstrndup(sc->text + a, b - a);
}

char *timeparse_comp_text(const struct scan *sc, size_t k)
{
	return timeparse_span_text(sc, sc->comp[k].t0, sc->comp[k].t1);
}

size_t timeparse_comp_at(const struct scan *sc, size_t k)
{
	return sc->tok[sc->comp[k].t0].start;
}

char *timeparse_date_text(int y, int m, int d)
{
	return xasprintf("%d %s %d", d, month_names[m - 1], y);
}

/* --- tokenizer --------------------------------------------------------------- */

/* Non-ASCII spaces and punctuation; anything else non-ASCII is a letter.
 * Returns the byte length and sets *ch (' ' for a space), or 0. */
static size_t unicode_punct(const unsigned char *s, char *ch)
{
	if (s[0] == 0xC2 && s[1] == 0xA0)
		return *ch = ' ', 2;
	if (s[0] == 0xE2 && s[1] == 0x80) {
		unsigned char c = s[2];
		if ((c >= 0x80 && c <= 0x8B) || c == 0xAF)
			return *ch = ' ', 3;
		if (c >= 0x90 && c <= 0x95)
			return *ch = '~', 3;
		if (c >= 0x98 && c <= 0x9F)
			return *ch = '\'', 3;
		if (c == 0xA6)
			return *ch = '~', 3;
	}
	if (s[0] == 0xE2 && s[1] == 0x88 && s[2] == 0x92)
		return *ch = '-', 3; /* minus sign */
	if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return *ch = ' ', 3; /* ideographic space */
	if (s[0] == 0xEF && s[1] == 0xBC) {
		static const char map[] = "\x88(\x89)\x8c,\x9a:";
		for (const char *m = map; *m; m += 2) {
			if (s[2] == (unsigned char)m[0])
				return *ch = m[1], 3;
		}
	}
	return 0;
}

static bool word_byte(const unsigned char *s, size_t i)
{
	char ch;
	if (ascii_alpha(s[i]) || s[i] == '_')
		return true;
	return s[i] >= 0x80 && !unicode_punct(s + i, &ch);
}

static bool is_space_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static void lc_add(struct tok *t, size_t *n, unsigned char c, bool *lower)
{
	if (c >= 'a' && c <= 'z')
		*lower = true;
	if (*n + 1 < sizeof t->lc)
		t->lc[*n] = ascii_lower(c);
	(*n)++;
}

/* "a.m.", "U.S.": single letters joined by dots become one word. */
static bool starts_chain(const unsigned char *s, size_t i)
{
	return ascii_alpha(s[i]) && s[i + 1] == '.' && ascii_alpha(s[i + 2]) &&
	       !word_byte(s, i + 3);
}

static size_t lex_word(const unsigned char *s, size_t i, struct tok *t)
{
	size_t n = 0;
	bool lower = false;
	t->kind = TOK_WORD;
	t->initial_cap = !(s[i] >= 'a' && s[i] <= 'z') && s[i] != '_';
	if (starts_chain(s, i)) {
		while (ascii_alpha(s[i]) && !word_byte(s, i + 1)) {
			lc_add(t, &n, s[i++], &lower);
			if (s[i] != '.')
				break;
			i++;
		}
	} else {
		while (word_byte(s, i))
			lc_add(t, &n, s[i++], &lower);
	}
	t->lc[n < sizeof t->lc ? n : 0] = '\0';
	t->caps = !lower;
	return i;
}

static size_t lex_num(const unsigned char *s, size_t i, struct tok *t)
{
	size_t n = 0;
	t->kind = TOK_NUM;
	while (ascii_digit(s[i])) {
		if (n < 9)
			t->value = t->value * 10 + (s[i] - '0');
		if (n + 1 < sizeof t->lc)
			t->lc[n] = (char)s[i];
		n++;
		i++;
	}
	t->ndigits = (int)n;
	return i;
}

static void tokenize(struct scan *sc)
{
	const unsigned char *s = (const unsigned char *)sc->text;
	size_t i = 0;
	bool space = true;
	while (s[i]) {
		char ch = 0;
		size_t ulen = s[i] >= 0x80 ? unicode_punct(s + i, &ch) : 0;
		if (is_space_byte(s[i]) || (ulen && ch == ' ')) {
			i += ulen ? ulen : 1;
			space = true;
			continue;
		}
		sc->tok = xgrow(sc->tok, &sc->captok, sc->ntok + 1, sizeof *sc->tok);
		struct tok *t = &sc->tok[sc->ntok++];
		memset(t, 0, sizeof *t);
		t->space_before = space;
		space = false;
		t->start = i;
		if (ascii_digit(s[i])) {
			i = lex_num(s, i, t);
		} else if (ulen) {
			t->kind = TOK_PUNCT;
			t->ch = ch;
			i += ulen;
		} else if (word_byte(s, i)) {
			i = lex_word(s, i, t);
		} else {
			t->kind = TOK_PUNCT;
			t->ch = (char)s[i++];
		}
		t->end = i;
	}
}

/* --- token predicates -------------------------------------------------------- */

static const struct tok *tk(const struct scan *sc, size_t i)
{
	return i < sc->ntok ? &sc->tok[i] : NULL;
}

bool timeparse_is_punct(const struct scan *sc, size_t i, char c)
{
	const struct tok *t = tk(sc, i);
	return t && t->kind == TOK_PUNCT && t->ch == c;
}

static bool is_word(const struct scan *sc, size_t i, const char *w)
{
	const struct tok *t = tk(sc, i);
	return t && t->kind == TOK_WORD && strcmp(t->lc, w) == 0;
}

static bool is_num(const struct scan *sc, size_t i, int mind, int maxd)
{
	const struct tok *t = tk(sc, i);
	return t && t->kind == TOK_NUM && t->ndigits >= mind && t->ndigits <= maxd;
}

/* Token i exists and touches the one before it. */
static bool tight(const struct scan *sc, size_t i)
{
	const struct tok *t = tk(sc, i);
	return t && !t->space_before;
}

static int val(const struct scan *sc, size_t i)
{
	return (int)sc->tok[i].value;
}

static bool word_in(const char *w, const char *const *list)
{
	for (; *list; list++) {
		if (strcmp(w, *list) == 0)
			return true;
	}
	return false;
}

/* --- components ---------------------------------------------------------------- */

static struct comp *push_comp(struct scan *sc, enum comp_kind kind, size_t t0, size_t t1)
{
	sc->comp = xgrow(sc->comp, &sc->capcomp, sc->ncomp + 1, sizeof *sc->comp);
	struct comp *c = &sc->comp[sc->ncomp++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->t0 = t0;
	c->t1 = t1;
	return c;
}

static int month_of(const struct scan *sc, size_t i)
{
	static const char *const full[] = {"january",   "february", "march",    "april",
	                                   "may",       "june",     "july",     "august",
	                                   "september", "october",  "november", "december"};
	const struct tok *t = tk(sc, i);
	if (!t || t->kind != TOK_WORD || !t->initial_cap)
		return 0;
	if (strcmp(t->lc, "sept") == 0)
		return 9;
	for (int m = 0; m < 12; m++) {
		if (strcmp(t->lc, full[m]) == 0 ||
		    (strlen(t->lc) == 3 && strncmp(t->lc, full[m], 3) == 0))
			return m + 1;
	}
	return 0;
}

static int weekday_of(const struct scan *sc, size_t i)
{
	static const char *const names[][4] = {
	    {"sunday", "sun", NULL, NULL},        {"monday", "mon", NULL, NULL},
	    {"tuesday", "tue", "tues", NULL},     {"wednesday", "wed", "weds", NULL},
	    {"thursday", "thu", "thur", "thurs"}, {"friday", "fri", NULL, NULL},
	    {"saturday", "sat", NULL, NULL},
	};
	const struct tok *t = tk(sc, i);
	if (!t || t->kind != TOK_WORD || !t->initial_cap)
		return -1;
	for (int d = 0; d < 7; d++) {
		for (int k = 0; k < 4 && names[d][k]; k++) {
			if (strcmp(t->lc, names[d][k]) == 0)
				return d;
		}
	}
	return -1;
}

static bool hours_word(const struct scan *sc, size_t i)
{
	static const char *const w[] = {"hrs", "hours", "hr", NULL};
	const struct tok *t = tk(sc, i);
	return t && t->kind == TOK_WORD &&
	       (word_in(t->lc, w) || (!t->space_before && !strcmp(t->lc, "h")));
}

/* A four-digit year in a plausible range that is not a time ("2000 hours"). */
static bool is_year(const struct scan *sc, size_t i)
{
	if (!is_num(sc, i, 4, 4) || val(sc, i) < 1900 || val(sc, i) > 2199)
		return false;
	return !hours_word(sc, i + 1) && !(timeparse_is_punct(sc, i + 1, ':') && tight(sc, i + 1));
}

static size_t skip_ordinal(const struct scan *sc, size_t j)
{
	static const char *const sfx[] = {"st", "nd", "rd", "th", NULL};
	const struct tok *t = tk(sc, j);
	if (t && t->kind == TOK_WORD && !t->space_before && word_in(t->lc, sfx))
		return j + 1;
	return j;
}

static size_t push_date(struct scan *sc, size_t t0, size_t t1, int y, int m, int d)
{
	struct comp *c = push_comp(sc, C_DATE, t0, t1);
	c->year = y;
	c->month = m;
	c->day = d;
	if (m < 1 || m > 12) {
		char *text = timeparse_comp_text(sc, sc->ncomp - 1);
		comp_fail(c, xstrdup("check the month and the day"),
		          "%s is not a date: there is no month %d", text, m);
		free(text);
	} else if (d < 1 || d > zones_days_in_month(y, m)) {
		comp_fail(c, xstrdup("check the day and the month"),
		          "%d %s %d is not a date: %s %d has %d days", d, month_names[m - 1], y,
		          month_names[m - 1], y, zones_days_in_month(y, m));
	}
	return t1;
}

static size_t push_partial(struct scan *sc, size_t t0, size_t t1, int m, int d)
{
	struct comp *c = push_comp(sc, C_PARTIAL, t0, t1);
	c->month = m;
	c->day = d;
	return t1;
}

/* "August 14, 2023", "Aug. 14 2023", "August 14th, 2023"; "March 7" alone is
 * partial (no year: "March 7, 202" gives none). */
static size_t date_month_first(struct scan *sc, size_t i)
{
	int m = month_of(sc, i);
	if (!m)
		return 0;
	size_t j = i + 1;
	if (timeparse_is_punct(sc, j, '.') && tight(sc, j))
		j++;
	if (!is_num(sc, j, 1, 2))
		return 0;
	int d = val(sc, j);
	j = skip_ordinal(sc, j + 1);
	size_t k = timeparse_is_punct(sc, j, ',') ? j + 1 : j;
	if (is_year(sc, k))
		return push_date(sc, i, k + 1, val(sc, k), m, d);
	return push_partial(sc, i, j, m, d);
}

/* "14 August 2023", "14th of August, 2023", "14 Aug 2023", "14-Aug-2023". */
static size_t date_day_first(struct scan *sc, size_t i)
{
	if (!is_num(sc, i, 1, 2))
		return 0;
	int d = val(sc, i);
	size_t j = skip_ordinal(sc, i + 1);
	if (timeparse_is_punct(sc, j, '-') && tight(sc, j) && month_of(sc, j + 1) &&
	    tight(sc, j + 1) && timeparse_is_punct(sc, j + 2, '-') && tight(sc, j + 2) &&
	    is_year(sc, j + 3) && tight(sc, j + 3))
		return push_date(sc, i, j + 4, val(sc, j + 3), month_of(sc, j + 1), d);
	if (is_word(sc, j, "of"))
		j++;
	int m = month_of(sc, j);
	if (!m)
		return 0;
	j++;
	if (timeparse_is_punct(sc, j, '.') && tight(sc, j))
		j++;
	size_t k = timeparse_is_punct(sc, j, ',') ? j + 1 : j;
	if (is_year(sc, k))
		return push_date(sc, i, k + 1, val(sc, k), m, d);
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
	struct comp *c = push_comp(sc, C_DATE, i, i + 5);
	char *text = timeparse_comp_text(sc, sc->ncomp - 1);
	comp_fail(c,
	          xasprintf("write the month as a word (%d %s %d) or set `date_order` (mdy or dmy) "
	                    "in embargo.yaml",
	                    b, month_names[a - 1], y),
	          "%s is ambiguous: %d %s %d (month first) or %d %s %d (day first)", text, b,
	          month_names[a - 1], y, a, month_names[b - 1], y);
	free(text);
	return i + 5;
}

/* "2023-08-14", "2023/08/14", "14.08.2023", "08/14/2023", "14-08-2023". */
static size_t date_numeric(struct scan *sc, size_t i)
{
	if (!is_num(sc, i, 1, 4))
		return 0;
	const struct tok *sep = tk(sc, i + 1);
	if (!sep || sep->kind != TOK_PUNCT || !strchr("-/.", sep->ch) || !sep->ch)
		return 0;
	if (!tight(sc, i + 1) || !tight(sc, i + 2) || !tight(sc, i + 3) || !tight(sc, i + 4) ||
	    !timeparse_is_punct(sc, i + 3, sep->ch) || !is_num(sc, i + 2, 1, 2))
		return 0;
	int a = val(sc, i), b = val(sc, i + 2);
	if (sc->tok[i].ndigits == 4 && is_num(sc, i + 4, 1, 2) && is_year(sc, i))
		return push_date(sc, i, i + 5, a, b, val(sc, i + 4));
	if (sc->tok[i].ndigits > 2 || !is_year(sc, i + 4))
		return 0;
	if (sep->ch == '.')
		return push_date(sc, i, i + 5, val(sc, i + 4), b, a);
	return date_slash(sc, i, a, b, val(sc, i + 4));
}

static size_t match_date(struct scan *sc, size_t i)
{
	size_t e = date_month_first(sc, i);
	if (!e)
		e = date_numeric(sc, i);
	if (!e)
		e = date_day_first(sc, i);
	return e;
}

/* --- times ------------------------------------------------------------------- */

enum suffix { SUF_NONE, SUF_AM, SUF_PM, SUF_NOON, SUF_MIDNIGHT, SUF_HOURS };

static enum suffix time_suffix(const struct scan *sc, size_t j, size_t *end)
{
	const struct tok *t = tk(sc, j);
	*end = j;
	if (!t || t->kind != TOK_WORD)
		return SUF_NONE;
	*end = j + 1;
	if (!strcmp(t->lc, "am"))
		return SUF_AM;
	if (!strcmp(t->lc, "pm"))
		return SUF_PM;
	if (!strcmp(t->lc, "noon") || !strcmp(t->lc, "midday"))
		return SUF_NOON;
	if (!strcmp(t->lc, "midnight"))
		return SUF_MIDNIGHT;
	if (hours_word(sc, j))
		return SUF_HOURS;
	*end = j;
	return SUF_NONE;
}

static char *midnight_hint(void)
{
	return xstrdup("write 12:01 a.m. or 00:00 for the start of the day (or 24:00 for its end)");
}

static void time_meridiem(struct comp *c, enum suffix suf, const char *text)
{
	if (c->hour > 12 || (c->hour == 0 && suf == SUF_PM) || c->min > 59 || c->sec > 59) {
		comp_fail(c,
		          xstrdup("write a 12-hour time with a.m./p.m. (2:30 p.m.) or a 24-hour "
		                  "time without (14:30)"),
		          "%s is not a time of day", text);
		return;
	}
	if (suf == SUF_AM && c->hour == 12)
		c->hour = 0;
	else if (suf == SUF_PM && c->hour != 12)
		c->hour += 12;
}

/* Checks and converts a time read as h:m:s with its suffix. */
static void time_finish(struct scan *sc, struct comp *c, enum suffix suf)
{
	char *text = timeparse_comp_text(sc, (size_t)(c - sc->comp));
	c->meridiem = suf == SUF_AM || suf == SUF_PM || suf == SUF_NOON;
	if (suf == SUF_AM || suf == SUF_PM) {
		time_meridiem(c, suf, text);
	} else if (suf == SUF_NOON) {
		if (c->hour != 12 || c->min || c->sec)
			comp_fail(c, xstrdup("write 12 noon or 12:00"), "%s is not a time of day",
			          text);
	} else if (suf == SUF_MIDNIGHT) {
		comp_fail(c, midnight_hint(),
		          "\"%s\" is ambiguous: the start or the end of the day?", text);
	} else if (!((c->hour <= 23 && c->min <= 59 && c->sec <= 59) ||
	             (c->hour == 24 && !c->min && !c->sec))) {
		comp_fail(c,
		          xstrdup("write a 24-hour time from 00:00 to 23:59 (24:00 is the end of "
		                  "the day)"),
		          "%s is not a time of day", text);
	}
	free(text);
}

/* "noon", "midday", "midnight" standing alone. */
static size_t time_word(struct scan *sc, size_t i)
{
	const struct tok *t = &sc->tok[i];
	if (!strcmp(t->lc, "noon") || !strcmp(t->lc, "midday")) {
		struct comp *c = push_comp(sc, C_TIME, i, i + 1);
		c->hour = 12;
		c->meridiem = true;
		return i + 1;
	}
	/* "one minute after midnight" names no time of its own. */
	if (strcmp(t->lc, "midnight") != 0 ||
	    (i > 0 && (is_word(sc, i - 1, "after") || is_word(sc, i - 1, "past"))))
		return 0;
	struct comp *c = push_comp(sc, C_TIME, i, i + 1);
	comp_fail(c, midnight_hint(),
	          "\"midnight\" is ambiguous: the start or the end of the day?");
	return i + 1;
}

static size_t zone_probe_after_time(const struct scan *sc, size_t i);

/* "1400", "2359 hours", "0001hrs": four digits are a time only beside
 * "hours" or a zone; otherwise maybe, decided by the cluster. */
static size_t time_four_digits(struct scan *sc, size_t i)
{
	int v = val(sc, i), h = v / 100, m = v % 100;
	if (h > 24 || m > 59 || (h == 24 && m) || month_of(sc, i - 1) ||
	    (i > 0 && timeparse_is_punct(sc, i - 1, '+')) ||
	    (i > 0 && timeparse_is_punct(sc, i - 1, '-') && tight(sc, i)))
		return 0;
	size_t e;
	enum suffix suf = time_suffix(sc, i + 1, &e);
	struct comp *c;
	if (suf == SUF_NONE && !zone_probe_after_time(sc, i + 1)) {
		c = push_comp(sc, C_MAYBE_TIME, i, i + 1);
		c->year_like = v >= 1900 && v <= 2099;
	} else {
		c = push_comp(sc, C_TIME, i, suf == SUF_NONE ? i + 1 : e);
	}
	c->hour = h;
	c->min = m;
	time_finish(sc, c, suf);
	return c->t1;
}

/* Minutes, seconds and fractions after the hour token: ":30", ".30",
 * ":00:00.000", "h00".  Returns the token after them; *sep is the separator
 * (0 when there are no minutes). */
static size_t time_fields(const struct scan *sc, size_t j, int f[3], bool *frac, char *sep)
{
	*sep = 0;
	*frac = false;
	if ((timeparse_is_punct(sc, j, ':') || timeparse_is_punct(sc, j, '.')) && tight(sc, j) &&
	    is_num(sc, j + 1, 2, 2) && tight(sc, j + 1)) {
		*sep = sc->tok[j].ch;
		f[1] = val(sc, j + 1);
		j += 2;
		if (*sep == ':' && timeparse_is_punct(sc, j, ':') && tight(sc, j) &&
		    is_num(sc, j + 1, 2, 2) && tight(sc, j + 1)) {
			f[2] = val(sc, j + 1);
			j += 2;
			if (timeparse_is_punct(sc, j, '.') && tight(sc, j) &&
			    is_num(sc, j + 1, 1, 9) && tight(sc, j + 1)) {
				*frac = sc->tok[j + 1].value != 0;
				j += 2;
			}
		}
	} else if (is_word(sc, j, "h") && tight(sc, j) && is_num(sc, j + 1, 2, 2) &&
	           tight(sc, j + 1)) {
		*sep = 'h';
		f[1] = val(sc, j + 1);
		j += 2;
	}
	return j;
}

/* "9 o'clock" (a.m. or p.m.?) unless a.m./p.m. follows. */
static size_t time_oclock(struct scan *sc, size_t i, size_t j)
{
	size_t e;
	if (!is_word(sc, j, "o") || !timeparse_is_punct(sc, j + 1, '\'') || !tight(sc, j + 1) ||
	    !is_word(sc, j + 2, "clock") || !tight(sc, j + 2))
		return 0;
	enum suffix suf = time_suffix(sc, j + 3, &e);
	struct comp *c = push_comp(sc, C_TIME, i, suf == SUF_AM || suf == SUF_PM ? e : j + 3);
	c->hour = val(sc, i);
	if (suf == SUF_AM || suf == SUF_PM) {
		time_finish(sc, c, suf);
	} else {
		char *text = timeparse_comp_text(sc, sc->ncomp - 1);
		comp_fail(c, xasprintf("write %d a.m. or %d p.m.", c->hour, c->hour),
		          "\"%s\" does not say a.m. or p.m.", text);
		free(text);
	}
	return c->t1;
}

static size_t match_time(struct scan *sc, size_t i)
{
	const struct tok *t = &sc->tok[i];
	if (t->kind == TOK_WORD)
		return time_word(sc, i);
	if (t->kind != TOK_NUM)
		return 0;
	if (t->ndigits == 4)
		return time_four_digits(sc, i);
	if (t->ndigits > 2)
		return 0;
	int f[3] = {val(sc, i), 0, 0};
	bool frac;
	char sep;
	size_t j = time_fields(sc, i + 1, f, &frac, &sep), e;
	enum suffix suf = time_suffix(sc, j, &e);
	enum comp_kind kind = C_TIME;
	if (sep == 0 && suf == SUF_NONE)
		return time_oclock(sc, i, j);
	if (sep == 0 && suf == SUF_HOURS)
		return 0; /* "10 hours" is a duration */
	if (sep == '.' && suf == SUF_NONE && !zone_probe_after_time(sc, j))
		kind = C_MAYBE_TIME; /* "2.50": a time only beside a date */
	struct comp *c = push_comp(sc, kind, i, suf == SUF_NONE ? j : e);
	c->hour = f[0];
	c->min = f[1];
	c->sec = f[2] + (frac ? 1 : 0); /* never early: round a fraction up */
	time_finish(sc, c, suf);
	if (kind == C_MAYBE_TIME && c->err) {
		/* "25.50" is a number, not a bad time */
		free(c->err);
		free(c->hint);
		sc->ncomp--;
		return 0;
	}
	return c->t1;
}

/* --- zones ------------------------------------------------------------------- */

/* Consecutive words from token i (joined by spaces or a tight hyphen). */
static size_t words_at(const struct scan *sc, size_t i, const char *w[MAX_WORDS],
                       bool caps[MAX_WORDS], size_t idx[MAX_WORDS])
{
	size_t n = 0, j = i;
	while (n < MAX_WORDS && j < sc->ntok && sc->tok[j].kind == TOK_WORD && sc->tok[j].lc[0]) {
		w[n] = sc->tok[j].lc;
		caps[n] = sc->tok[j].caps;
		idx[n++] = j;
		if (j + 1 < sc->ntok && sc->tok[j + 1].kind == TOK_WORD &&
		    sc->tok[j + 1].space_before)
			j++;
		else if (timeparse_is_punct(sc, j + 1, '-') && tight(sc, j + 1) &&
		         tight(sc, j + 2) && j + 2 < sc->ntok && sc->tok[j + 2].kind == TOK_WORD)
			j += 2;
		else
			break;
	}
	return n;
}

static bool offset_ok(int hh, int mm)
{
	return hh <= 14 && mm <= 59;
}

/* "+05:30", "-0400" at token i (the sign); "+8" only when short is true. */
static size_t probe_signed(const struct scan *sc, size_t i, bool short_ok, struct zone_read *z)
{
	int sign = timeparse_is_punct(sc, i, '+') ? 1 : timeparse_is_punct(sc, i, '-') ? -1 : 0;
	int hh, mm = 0;
	size_t e;
	if (!sign || !tight(sc, i + 1))
		return 0;
	if (is_num(sc, i + 1, 4, 4)) {
		hh = val(sc, i + 1) / 100;
		mm = val(sc, i + 1) % 100;
		e = i + 2;
	} else if (is_num(sc, i + 1, short_ok ? 1 : 2, 2)) {
		hh = val(sc, i + 1);
		e = i + 2;
		if (timeparse_is_punct(sc, e, ':') && tight(sc, e) && is_num(sc, e + 1, 2, 2) &&
		    tight(sc, e + 1)) {
			mm = val(sc, e + 1);
			e += 2;
		} else if (!short_ok) {
			return 0;
		}
	} else {
		return 0;
	}
	z->kind = offset_ok(hh, mm) ? Z_OFFSET : Z_BAD;
	z->offset = sign * (hh * 3600 + mm * 60);
	return e;
}

/* "UTC+8", "GMT-5", "UTC+05:30". */
/* "UTC+8", "GMT-5", "UTC+05:30", also "GMT -5": an offset after UTC/GMT is
 * never ignored (12:00 GMT read without its -5 would be five hours early). */
static size_t probe_utc_offset(const struct scan *sc, size_t i, struct zone_read *z)
{
	const struct tok *t = &sc->tok[i];
	if (!t->caps || (strcmp(t->lc, "utc") && strcmp(t->lc, "gmt")))
		return 0;
	const struct tok *sign = tk(sc, i + 1), *num = tk(sc, i + 2);
	if (!sign || (sign->space_before && !(sign->kind == TOK_PUNCT && num &&
	                                      num->kind == TOK_NUM && !num->space_before)))
		return 0;
	return probe_signed(sc, i + 1, true, z);
}

/* "America/New_York": an area we know, a slash, and a name tzdata has. */
static size_t probe_iana(const struct scan *sc, size_t i, struct zone_read *z)
{
	static const char *const areas[] = {"Africa/", "America/",  "Antarctica/", "Arctic/",
	                                    "Asia/",   "Atlantic/", "Australia/",  "Europe/",
	                                    "Indian/", "Pacific/",  "Etc/",        NULL};
	const char *s = sc->text + sc->tok[i].start;
	bool area = false;
	for (const char *const *a = areas; *a && !area; a++)
		area = strncmp(s, *a, strlen(*a)) == 0;
	if (!area)
		return 0;
	size_t len =
	    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+-/");
	while (len && (s[len - 1] == '/' || s[len - 1] == '-' || s[len - 1] == '+'))
		len--;
	size_t endbyte = sc->tok[i].start + len, e = i;
	while (e < sc->ntok && sc->tok[e].end < endbyte)
		e++;
	if (e >= sc->ntok || sc->tok[e].end != endbyte || len >= ZONES_NAME_MAX)
		return 0;
	memcpy(z->iana, s, len);
	z->iana[len] = '\0';
	z->kind = zones_known(z->iana) ? Z_IANA : Z_BAD;
	return e + 1;
}

/* Where a place stands: "London time", "(London)" and "18:00 London" are
 * beside the time; anywhere else it is only named in the line. */
static size_t place_extent(const struct scan *sc, size_t i, size_t e, bool after_time, bool *beside)
{
	*beside = true;
	if (is_word(sc, e, "time"))
		return e + 1;
	if (i > 0 && timeparse_is_punct(sc, i - 1, '(') && timeparse_is_punct(sc, e, ')'))
		return e;
	*beside = after_time;
	return e;
}

static bool region_follows(const struct scan *sc, size_t e)
{
	static const char *const w[] = {"europe", "european",  "africa",     "african",  "asia",
	                                "asian",  "australia", "australian", "america",  "american",
	                                "canada", "canadian",  "pacific",    "atlantic", NULL};
	return e < sc->ntok && sc->tok[e].kind == TOK_WORD && word_in(sc->tok[e].lc, w);
}

/* Abbreviations, spelled-out names, generic zones and places: the longest
 * match wins, ties in that order. */
static size_t probe_named(const struct scan *sc, size_t i, bool after_time, struct zone_read *z,
                          bool *beside)
{
	const char *w[MAX_WORDS];
	bool caps[MAX_WORDS];
	size_t idx[MAX_WORDS], uf, ug, up;
	size_t n = words_at(sc, i, w, caps, idx);
	if (!n)
		return 0;
	const struct zones_fixed *first = NULL;
	size_t na = caps[0] && strlen(w[0]) >= 2 ? zones_find_abbr(w[0], strlen(w[0]), &first) : 0;
	const struct zones_fixed *f = zones_find_fixed_name(w, n, &uf);
	const struct zones_generic *g = zones_find_generic(w, caps, n, after_time, &ug);
	const struct zones_place *p = zones_find_place(w, n, &up);
	if (!sc->tok[i].initial_cap)
		up = 0;
	size_t best = na ? 1 : 0;
	best = uf > best ? uf : best;
	best = ug > best ? ug : best;
	best = up > best ? up : best;
	if (!best)
		return 0;
	if (na && best == 1) {
		z->kind = na == 1 ? Z_FIXED : Z_AMBIG;
		z->fixed = first;
		z->nfixed = na;
	} else if (uf == best) {
		z->kind = Z_FIXED;
		z->fixed = f;
		z->nfixed = 1;
	} else if (ug == best) {
		if ((g->flags & ZONES_AFTER_TIME) && region_follows(sc, idx[best - 1] + 1))
			return 0; /* "Eastern Europe" */
		z->kind = Z_GENERIC;
		z->generic = g;
	} else {
		z->kind = Z_PLACE;
		z->place = p;
		return place_extent(sc, i, idx[best - 1] + 1, after_time, beside);
	}
	*beside = true;
	return idx[best - 1] + 1;
}

/* A zone at token i; 0 if none.  *beside is false for a place that is only
 * named in the line. */
static size_t zone_probe(const struct scan *sc, size_t i, bool after_time, struct zone_read *z,
                         bool *beside)
{
	const struct tok *t = tk(sc, i);
	size_t e;
	memset(z, 0, sizeof *z);
	*beside = true;
	if (!t)
		return 0;
	if (t->kind == TOK_PUNCT)
		return after_time ? probe_signed(sc, i, false, z) : 0;
	if (t->kind != TOK_WORD)
		return 0;
	if ((e = probe_iana(sc, i, z)) || (e = probe_utc_offset(sc, i, z)))
		return e;
	if (t->caps && !strcmp(t->lc, "z")) {
		if (!after_time || t->space_before)
			return 0;
		z->kind = Z_FIXED;
		z->nfixed = zones_find_abbr("Z", 1, &z->fixed);
		return i + 1;
	}
	return probe_named(sc, i, after_time, z, beside);
}

/* Does a zone (or a place beside the time) start at token i? */
static size_t zone_probe_after_time(const struct scan *sc, size_t i)
{
	struct zone_read z;
	bool beside;
	size_t e = zone_probe(sc, i, true, &z, &beside);
	return e && beside ? e : 0;
}

static bool after_time_at(const struct scan *sc, size_t i)
{
	if (!sc->ncomp)
		return false;
	const struct comp *c = &sc->comp[sc->ncomp - 1];
	return (c->kind == C_TIME || c->kind == C_MAYBE_TIME) && c->t1 == i;
}

/* "12:00 EDT -05:00": an offset right after a zone is read too (and must
 * agree), never dropped. */
static bool offset_after_zone(const struct scan *sc, size_t i)
{
	const struct comp *c = sc->ncomp ? &sc->comp[sc->ncomp - 1] : NULL;
	return c && c->kind == C_ZONE && c->t1 == i && sc->tok[i].kind == TOK_PUNCT;
}

static size_t match_zone(struct scan *sc, size_t i)
{
	struct zone_read z;
	bool beside;
	bool after = after_time_at(sc, i) || offset_after_zone(sc, i);
	size_t e = zone_probe(sc, i, after, &z, &beside);
	if (!e)
		return 0;
	if (z.kind == Z_PLACE && sc->nplace < MAX_PLACES) {
		struct place_ref *p = &sc->place[sc->nplace++];
		p->place = z.place;
		p->t0 = i;
		p->t1 = e;
	}
	if (z.kind == Z_PLACE && !beside) {
		for (size_t j = i; j < e; j++)
			sc->tok[j].place = true;
		return e;
	}
	push_comp(sc, C_ZONE, i, e)->zone = z;
	return e;
}

static size_t match_other(struct scan *sc, size_t i)
{
	static const char *const rel[] = {"today", "tomorrow", "tonight", "yesterday", NULL};
	int wd = weekday_of(sc, i);
	if (wd >= 0) {
		size_t e = timeparse_is_punct(sc, i + 1, '.') && tight(sc, i + 1) ? i + 2 : i + 1;
		push_comp(sc, C_WEEKDAY, i, e)->wday = wd;
		return e;
	}
	if (sc->tok[i].kind == TOK_WORD && word_in(sc->tok[i].lc, rel)) {
		push_comp(sc, C_RELDAY, i, i + 1);
		return i + 1;
	}
	return 0;
}

static void find_components(struct scan *sc)
{
	size_t i = 0;
	while (i < sc->ntok) {
		size_t e = match_date(sc, i);
		if (!e)
			e = match_time(sc, i);
		if (!e)
			e = match_zone(sc, i);
		if (!e)
			e = match_other(sc, i);
		i = e > i ? e : i + 1;
	}
}

/* --- clusters ---------------------------------------------------------------- */

static bool connector(const struct tok *t)
{
	static const char *const words[] = {"at",   "on", "the", "of",    "or", "local",
	                                    "time", "t",  "hrs", "hours", NULL};
	if (t->place)
		return true;
	if (t->kind == TOK_PUNCT)
		return t->ch && strchr(",()/-~;:|[]'\"", t->ch);
	return t->kind == TOK_WORD && word_in(t->lc, words);
}

static void build_clusters(struct scan *sc)
{
	size_t id = 0;
	sc->cluster = xcalloc(sc->ncomp ? sc->ncomp : 1, sizeof *sc->cluster);
	for (size_t k = 1; k < sc->ncomp; k++) {
		for (size_t j = sc->comp[k - 1].t1; j < sc->comp[k].t0; j++) {
			if (!connector(&sc->tok[j])) {
				id++;
				break;
			}
		}
		sc->cluster[k] = id;
	}
}

/* --- entry points ---------------------------------------------------------------- */

static void scan_free(struct scan *sc)
{
	for (size_t k = 0; k < sc->ncomp; k++) {
		free(sc->comp[k].err);
		free(sc->comp[k].hint);
	}
	free(sc->comp);
	free(sc->tok);
	free(sc->cluster);
}

void timeparse_scan(const char *text, const struct timeparse_opts *opts,
                    struct timeparse_result *res)
{
	static const struct timeparse_opts none = {NULL, DATE_ORDER_NONE};
	struct scan sc;
	memset(res, 0, sizeof *res);
	memset(&sc, 0, sizeof sc);
	res->status = TIMEPARSE_NONE;
	sc.text = text ? text : "";
	sc.opts = opts ? opts : &none;
	sc.res = res;
	tokenize(&sc);
	find_components(&sc);
	build_clusters(&sc);
	timeresolve_assemble(&sc);
	if (res->status == TIMEPARSE_ERROR && res->end <= res->start) {
		res->start = res->error_at;
		res->end = res->error_at;
	}
	scan_free(&sc);
}

void timeparse_result_free(struct timeparse_result *res)
{
	free(res->zone_rule);
	free(res->error);
	free(res->hint);
	memset(res, 0, sizeof *res);
}

void timeparse_format_utc(time_t t, char buf[32])
{
	struct zones_wall w;
	zones_epoch_wall(t, &w);
	snprintf(buf, 32, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)w.year % 10000u,
	         (unsigned)w.month % 100u, (unsigned)w.day % 100u, (unsigned)w.hour % 100u,
	         (unsigned)w.min % 100u, (unsigned)w.sec % 100u);
}

void timeparse_format_local(time_t t, int utc_offset, char buf[32])
{
	struct zones_wall w;
	int a = utc_offset < 0 ? -utc_offset : utc_offset;
	zones_epoch_wall(t + utc_offset, &w);
	snprintf(buf, 32, "%04u-%02u-%02uT%02u:%02u:%02u%c%02u:%02u", (unsigned)w.year % 10000u,
	         (unsigned)w.month % 100u, (unsigned)w.day % 100u, (unsigned)w.hour % 100u,
	         (unsigned)w.min % 100u, (unsigned)w.sec % 100u, utc_offset < 0 ? '-' : '+',
	         (unsigned)(a / 3600) % 100u, (unsigned)(a / 60 % 60) % 100u);
}
