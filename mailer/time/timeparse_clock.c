#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "timeparse_int.h"
#include "timewords.h"
#include "util.h"
#include "zonenames.h"

/*
 * Times of day: "12:00 p.m.", "12 noon", "9:30 AM", "10.30 a.m.", "18:00",
 * "00:01hrs", "2359 hours", "1400" beside a date or zone, and in the other
 * languages "10:00 Uhr", "10 Uhr", "00h01", "10h", "10 h 30", "à 10
 * heures", "a las 10:00 horas", "alle ore 10", "om 10.00 uur", "5 de la
 * tarde" (17:00), "10 Uhr abends" (22:00), "midi".  A bare hour with an
 * hour mark that is also a duration ("10 heures", "24 uur", "10h") is a time
 * after "à", "om", "às" ..., or beside a date; otherwise only maybe.
 */

enum suffix { SUF_NONE, SUF_AM, SUF_PM, SUF_NOON, SUF_MIDNIGHT, SUF_MARK };

struct suffix_read {
	enum suffix suf;
	enum timewords_mark mark;
	size_t end; /* the token after the suffix (or j when there is none) */
};

static void time_suffix(const struct scan *sc, size_t j, struct suffix_read *s)
{
	const struct tok *t = tp_tok(sc, j);
	struct words w;
	size_t used;
	s->suf = SUF_NONE;
	s->mark = TW_MARK_NONE;
	s->end = j;
	if (!t || t->kind != TOK_WORD)
		return;
	if (!strcmp(t->lc, "am") || !strcmp(t->lc, "pm")) {
		s->suf = t->lc[0] == 'a' ? SUF_AM : SUF_PM;
		s->end = j + 1;
		return;
	}
	/* "10 A. M.", with a space inside */
	if ((!strcmp(t->lc, "a") || !strcmp(t->lc, "p")) && timeparse_is_punct(sc, j + 1, '.') &&
	    tp_tight(sc, j + 1) && tp_word(sc, j + 2, "m")) {
		s->suf = t->lc[0] == 'a' ? SUF_AM : SUF_PM;
		s->end = timeparse_is_punct(sc, j + 3, '.') && tp_tight(sc, j + 3) ? j + 4 : j + 3;
		return;
	}
	if (tp_words(sc, j, &w)) {
		enum timewords_hourword hw = timewords_noon(w.key, w.n, &used);
		if (hw != TW_HOUR_NONE) {
			s->suf = hw == TW_HOUR_NOON ? SUF_NOON : SUF_MIDNIGHT;
			s->end = w.idx[used - 1] + 1;
			return;
		}
	}
	s->mark = timewords_hour_mark(t->key, !t->space_before);
	/* "10 h 30 heure de Paris": "heure de" frames the place */
	if (s->mark != TW_MARK_NONE && zonenames_frame(w.key, w.n))
		s->mark = TW_MARK_NONE;
	if (s->mark != TW_MARK_NONE) {
		s->suf = SUF_MARK;
		s->end = j + 1;
	}
}

/* A part of the day after the time, "'s avonds" with its apostrophe; *end
 * is the token after it. */
static enum timewords_daypart daypart_at(const struct scan *sc, size_t j, size_t *end)
{
	struct words w;
	size_t used;
	if (timeparse_is_punct(sc, j, '\'') && tp_word(sc, j + 1, "s"))
		j++;
	if (!tp_words(sc, j, &w))
		return TW_DAY_NONE;
	enum timewords_daypart dp = timewords_daypart(w.key, w.n, &used);
	if (dp != TW_DAY_NONE)
		*end = w.idx[used - 1] + 1;
	return dp;
}

static char *midnight_hint(void)
{
	return xstrdup("write 12:01 a.m. or 00:00 for the start of the day (or 24:00 for its end)");
}

static void time_meridiem(struct comp *c, enum suffix suf, const char *text)
{
	if (c->hour > 12 || (c->hour == 0 && suf == SUF_PM) || c->min > 59 || c->sec > 59) {
		tp_comp_fail(c,
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

/* "5 de la tarde" is 17:00, "10 Uhr abends" 22:00; "12 de la mañana" or
 * "2 de la noche" could be either half of the day. */
static void time_daypart(struct comp *c, enum timewords_daypart dp, const char *text)
{
	int h = c->hour;
	bool ok = false;
	if (dp == TW_DAY_NONE || c->meridiem || c->err)
		return;
	switch (dp) {
	case TW_DAY_MORNING:
		ok = h >= 1 && h <= 11;
		break;
	case TW_DAY_AFTERNOON:
		ok = h >= 1 && h <= 23;
		c->hour = h >= 1 && h <= 11 ? h + 12 : h;
		break;
	case TW_DAY_EVENING:
		ok = (h >= 5 && h <= 11) || (h >= 17 && h <= 23);
		c->hour = h <= 11 ? h + 12 : h;
		break;
	case TW_DAY_NIGHT:
		ok = (h >= 8 && h <= 11) || (h >= 20 && h <= 23);
		c->hour = h <= 11 ? h + 12 : h;
		break;
	case TW_DAY_NONE:
		break;
	}
	c->meridiem = true;
	if (!ok)
		tp_comp_fail(c,
		             xstrdup("write the time on the 24-hour clock (e.g. 05:00 or 17:00)"),
		             "\"%s\" is ambiguous: which half of the day?", text);
}

/* Checks and converts a time read as h:m:s with its suffix. */
static void time_finish(struct scan *sc, struct comp *c, enum suffix suf, enum timewords_daypart dp)
{
	char *text = timeparse_comp_text(sc, (size_t)(c - sc->comp));
	c->meridiem = suf == SUF_AM || suf == SUF_PM || suf == SUF_NOON;
	if (suf == SUF_AM || suf == SUF_PM) {
		time_meridiem(c, suf, text);
	} else if (suf == SUF_NOON) {
		if (c->hour != 12 || c->min || c->sec)
			tp_comp_fail(c, xstrdup("write 12 noon or 12:00"),
			             "%s is not a time of day", text);
	} else if (suf == SUF_MIDNIGHT) {
		tp_comp_fail(c, midnight_hint(),
		             "\"%s\" is ambiguous: the start or the end of the day?", text);
	} else if (!((c->hour <= 23 && c->min <= 59 && c->sec <= 59) ||
	             (c->hour == 24 && !c->min && !c->sec))) {
		tp_comp_fail(c,
		             xstrdup("write a 24-hour time from 00:00 to 23:59 (24:00 is the end "
		                     "of the day)"),
		             "%s is not a time of day", text);
	}
	time_daypart(c, dp, text);
	free(text);
}

/* Token i is the second half of a hyphenated word ("après-midi"). */
static bool joiner_before(const struct scan *sc, size_t i)
{
	return i >= 2 && timeparse_is_punct(sc, i - 1, '-') && tp_tight(sc, i - 1) &&
	       tp_tight(sc, i) && sc->tok[i - 2].kind == TOK_WORD;
}

/* "noon", "midi", "meio-dia", "midnight", "minuit" standing alone.  A
 * capitalised noon word of another language is a name ("Mezzogiorno", the
 * south of Italy). */
static size_t time_word(struct scan *sc, size_t i)
{
	const struct tok *t = &sc->tok[i];
	struct words w;
	size_t used;
	if (!tp_words(sc, i, &w))
		return 0;
	enum timewords_hourword hw = timewords_noon(w.key, w.n, &used);
	bool english =
	    !strcmp(t->key, "noon") || !strcmp(t->key, "midday") || !strcmp(t->key, "midnight");
	if (hw == TW_HOUR_NONE || (t->initial_cap && !t->caps && !english))
		return 0;
	/* "après-midi" is the afternoon */
	if (joiner_before(sc, i))
		return 0;
	size_t e = w.idx[used - 1] + 1;
	if (hw == TW_HOUR_NOON) {
		struct comp *c = tp_push(sc, C_TIME, i, e);
		c->hour = 12;
		c->meridiem = true;
		return e;
	}
	/* "one minute after midnight" names no time of its own. */
	if (i > 0 && (tp_word(sc, i - 1, "after") || tp_word(sc, i - 1, "past")))
		return 0;
	struct comp *c = tp_push(sc, C_TIME, i, e);
	char *text = timeparse_comp_text(sc, sc->ncomp - 1);
	tp_comp_fail(c, midnight_hint(), "\"%s\" is ambiguous: the start or the end of the day?",
	             text);
	free(text);
	return e;
}

/* "1400", "2359 hours", "0001hrs": four digits are a time only beside
 * "hours" or a zone; otherwise maybe, decided by the cluster. */
static size_t time_four_digits(struct scan *sc, size_t i)
{
	int v = tp_val(sc, i), h = v / 100, m = v % 100;
	size_t e;
	if (h > 24 || m > 59 || (h == 24 && m) || (i > 0 && tp_month_at(sc, i - 1, &e)) ||
	    (i > 0 && timeparse_is_punct(sc, i - 1, '+')) ||
	    (i > 0 && timeparse_is_punct(sc, i - 1, '-') && tp_tight(sc, i)))
		return 0;
	struct suffix_read s;
	time_suffix(sc, i + 1, &s);
	struct comp *c;
	if (s.suf == SUF_NONE && !tp_zone_after_time(sc, i + 1)) {
		c = tp_push(sc, C_MAYBE_TIME, i, i + 1);
		c->year_like = v >= 1900 && v <= 2099;
	} else {
		c = tp_push(sc, C_TIME, i, s.end > i + 1 ? s.end : i + 1);
	}
	c->hour = h;
	c->min = m;
	time_finish(sc, c, s.suf, TW_DAY_NONE);
	return c->t1;
}

/* A number at j that starts a date ("15. Mai", "15 mai", "15/05"), so it
 * is not the minutes of "10 Uhr 15". */
static bool date_follows(const struct scan *sc, size_t j)
{
	size_t e;
	const struct tok *p = tp_tok(sc, j + 1);
	if (tp_month_at(sc, j + 1, &e))
		return true;
	if (!p || p->kind != TOK_PUNCT || p->space_before)
		return false;
	return (p->ch == '.' && tp_month_at(sc, j + 2, &e)) || p->ch == '/' ||
	       (p->ch == '.' && tp_num(sc, j + 2, 1, 2) && tp_tight(sc, j + 2));
}

/* Minutes, seconds and fractions after the hour token: ":30", ".30",
 * ":00:00.000", "h00", "h30", "u30", " h 30", " Uhr 30", " heures 30".
 * Returns the token after them; *sep is the separator ('h' for an hour
 * mark, 0 when there are no minutes). */
static size_t time_fields(const struct scan *sc, size_t j, int f[3], bool *frac, char *sep)
{
	const struct tok *t = tp_tok(sc, j);
	*sep = 0;
	*frac = false;
	if ((timeparse_is_punct(sc, j, ':') || timeparse_is_punct(sc, j, '.')) && tp_tight(sc, j) &&
	    tp_num(sc, j + 1, 2, 2) && tp_tight(sc, j + 1)) {
		*sep = sc->tok[j].ch;
		f[1] = tp_val(sc, j + 1);
		j += 2;
		if (*sep == ':' && timeparse_is_punct(sc, j, ':') && tp_tight(sc, j) &&
		    tp_num(sc, j + 1, 2, 2) && tp_tight(sc, j + 1)) {
			f[2] = tp_val(sc, j + 1);
			j += 2;
			if (timeparse_is_punct(sc, j, '.') && tp_tight(sc, j) &&
			    tp_num(sc, j + 1, 1, 9) && tp_tight(sc, j + 1)) {
				*frac = sc->tok[j + 1].value != 0;
				j += 2;
			}
		}
	} else if (t && t->kind == TOK_WORD &&
	           timewords_hour_mark(t->key, !t->space_before) != TW_MARK_NONE &&
	           timewords_hour_mark(t->key, !t->space_before) != TW_MARK_ENGLISH &&
	           tp_num(sc, j + 1, 2, 2) && tp_tight(sc, j + 1) == !t->space_before &&
	           !date_follows(sc, j + 1)) {
		*sep = 'h';
		f[1] = tp_val(sc, j + 1);
		j += 2;
	}
	return j;
}

/* "9 o'clock" (a.m. or p.m.?) unless a.m./p.m. follows. */
static size_t time_oclock(struct scan *sc, size_t i, size_t j)
{
	struct suffix_read s;
	if (!tp_word(sc, j, "o") || !timeparse_is_punct(sc, j + 1, '\'') || !tp_tight(sc, j + 1) ||
	    !tp_word(sc, j + 2, "clock") || !tp_tight(sc, j + 2))
		return 0;
	time_suffix(sc, j + 3, &s);
	bool mer = s.suf == SUF_AM || s.suf == SUF_PM;
	struct comp *c = tp_push(sc, C_TIME, i, mer ? s.end : j + 3);
	c->hour = tp_val(sc, i);
	if (mer) {
		time_finish(sc, c, s.suf, TW_DAY_NONE);
	} else {
		char *text = timeparse_comp_text(sc, sc->ncomp - 1);
		tp_comp_fail(c, xasprintf("write %d a.m. or %d p.m.", c->hour, c->hour),
		             "\"%s\" does not say a.m. or p.m.", text);
		free(text);
	}
	return c->t1;
}

/* What a bare hour ("10") with what follows it is: a time, maybe one, or
 * none (0: the caller returns). */
static enum comp_kind bare_hour(const struct scan *sc, size_t i, const struct suffix_read *s,
                                enum timewords_daypart dp, size_t j)
{
	bool at = i > 0 && sc->tok[i - 1].kind == TOK_WORD && timewords_at(sc->tok[i - 1].key);
	switch (s->suf) {
	case SUF_AM:
	case SUF_PM:
	case SUF_NOON:
	case SUF_MIDNIGHT:
		return C_TIME;
	case SUF_MARK:
		if (s->mark == TW_MARK_CLOCK)
			return C_TIME;
		if (s->mark == TW_MARK_HOURS)
			return at || dp != TW_DAY_NONE ? C_TIME : C_MAYBE_TIME;
		return C_DEAD; /* "10 hours" is a duration */
	case SUF_NONE:
		break;
	}
	if (dp != TW_DAY_NONE || (i > 0 && tp_word(sc, i - 1, "ore")))
		return C_TIME; /* "5 de la tarde", "alle ore 10" */
	if (tp_abbr_after_hour(sc, j))
		return C_TIME; /* "12 Z", "10 CET" */
	return C_DEAD;
}

static size_t match_number(struct scan *sc, size_t i)
{
	int f[3] = {tp_val(sc, i), 0, 0};
	bool frac;
	char sep;
	size_t j = time_fields(sc, i + 1, f, &frac, &sep), end, dpend = 0;
	struct suffix_read s;
	time_suffix(sc, j, &s);
	if (sep == 'h' && s.suf == SUF_MARK)
		s.suf = SUF_NONE, s.end = j; /* "10 h 30" has its mark */
	enum timewords_daypart dp = daypart_at(sc, s.end, &dpend);
	enum comp_kind kind = C_TIME;
	bool at = i > 0 && sc->tok[i - 1].kind == TOK_WORD && timewords_at(sc->tok[i - 1].key);
	if (sep == 0) {
		if (s.suf == SUF_NONE && dp == TW_DAY_NONE && time_oclock(sc, i, j))
			return sc->comp[sc->ncomp - 1].t1;
		kind = bare_hour(sc, i, &s, dp, j);
		if (kind == C_DEAD)
			return 0;
	} else if (sep == '.' && s.suf == SUF_NONE && dp == TW_DAY_NONE && !at &&
	           !tp_zone_after_time(sc, j)) {
		kind = C_MAYBE_TIME; /* "2.50": a time only beside a date */
	}
	end = dp != TW_DAY_NONE ? dpend : s.end > j ? s.end : j;
	struct comp *c = tp_push(sc, kind, i, end);
	c->hour = f[0];
	c->min = f[1];
	c->sec = f[2] + (frac ? 1 : 0); /* never early: round a fraction up */
	time_finish(sc, c, s.suf == SUF_MARK ? SUF_NONE : s.suf, dp);
	if (kind == C_MAYBE_TIME && c->err) {
		/* "25.50" is a number, not a bad time */
		free(c->err);
		free(c->hint);
		sc->ncomp--;
		return 0;
	}
	return c->t1;
}

size_t tp_match_time(struct scan *sc, size_t i)
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
	return match_number(sc, i);
}
