#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeparse.h"
#include "timeparse_int.h"
#include "timewords.h"
#include "util.h"
#include "wordfold.h"
#include "zones.h"

/*
 * How a line is read:
 *  1. tokens: words (case-folded, and accent-blind keys; "a.m." and "U.S."
 *     become "am" and "us"), numbers and punctuation, each knowing whether
 *     a space precedes it;
 *  2. components, left to right: dates (timeparse_date.c), times
 *     (timeparse_clock.c), zones (timeparse_zone.c), weekdays, relative
 *     days; places named in the line are remembered (they settle ambiguous
 *     abbreviations, check that an abbreviation is in force and say where
 *     "local time" is);
 *  3. clusters: components joined only by connectors ("," "(" "at" "on"
 *     "à" "um" ...) belong together: "00:01 hrs UK time, Tuesday 15 August
 *     2023";
 *  4. (timeresolve.c) every time gets a date (its cluster's, or the line's
 *     only one; a year-less date its year) and its zone readings; every
 *     reading must give the same instant.
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

void tp_comp_fail(struct comp *c, char *hint, const char *fmt, ...)
{
	va_list ap;
	if (c->err) {
		free(hint);
		return;
	}
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

const char *timeparse_month_name(int m)
{
	return m >= 1 && m <= 12 ? month_names[m - 1] : "?";
}

char *timeparse_date_text(int y, int m, int d)
{
	if (!y)
		return xasprintf("%d %s", d, timeparse_month_name(m));
	return xasprintf("%d %s %d", d, timeparse_month_name(m), y);
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

/* "a.m.", "U.S.": single letters joined by dots become one word. */
static bool starts_chain(const unsigned char *s, size_t i)
{
	return ascii_alpha(s[i]) && s[i + 1] == '.' && ascii_alpha(s[i + 2]) &&
	       !word_byte(s, i + 3);
}

static size_t lex_chain(const unsigned char *s, size_t i, struct tok *t)
{
	size_t n = 0;
	bool lower = false;
	while (ascii_alpha(s[i]) && !word_byte(s, i + 1)) {
		lower |= s[i] >= 'a' && s[i] <= 'z';
		if (n + 1 < sizeof t->lc)
			t->lc[n++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
		i++;
		if (s[i] != '.')
			break;
		i++;
	}
	t->lc[n] = '\0';
	memcpy(t->key, t->lc, sizeof t->key);
	t->caps = !lower;
	return i;
}

static size_t lex_word(const unsigned char *s, size_t i, struct tok *t)
{
	size_t start = i;
	bool lower;
	t->kind = TOK_WORD;
	if (starts_chain(s, i)) {
		t->initial_cap = !(s[i] >= 'a' && s[i] <= 'z');
		return lex_chain(s, i, t);
	}
	while (word_byte(s, i))
		i++;
	const char *w = (const char *)s + start;
	wordfold(w, i - start, false, t->lc, sizeof t->lc);
	wordfold(w, i - start, true, t->key, sizeof t->key);
	wordfold_case(w, i - start, &lower, &t->initial_cap);
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

const struct tok *tp_tok(const struct scan *sc, size_t i)
{
	return i < sc->ntok ? &sc->tok[i] : NULL;
}

bool timeparse_is_punct(const struct scan *sc, size_t i, char c)
{
	const struct tok *t = tp_tok(sc, i);
	return t && t->kind == TOK_PUNCT && t->ch == c;
}

bool tp_word(const struct scan *sc, size_t i, const char *key)
{
	const struct tok *t = tp_tok(sc, i);
	return t && t->kind == TOK_WORD && strcmp(t->key, key) == 0;
}

bool tp_num(const struct scan *sc, size_t i, int mind, int maxd)
{
	const struct tok *t = tp_tok(sc, i);
	return t && t->kind == TOK_NUM && t->ndigits >= mind && t->ndigits <= maxd;
}

bool tp_tight(const struct scan *sc, size_t i)
{
	const struct tok *t = tp_tok(sc, i);
	return t && !t->space_before;
}

int tp_val(const struct scan *sc, size_t i)
{
	return (int)sc->tok[i].value;
}

struct comp *tp_push(struct scan *sc, enum comp_kind kind, size_t t0, size_t t1)
{
	sc->comp = xgrow(sc->comp, &sc->capcomp, sc->ncomp + 1, sizeof *sc->comp);
	struct comp *c = &sc->comp[sc->ncomp++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->t0 = t0;
	c->t1 = t1;
	return c;
}

static bool is_word_tok(const struct scan *sc, size_t j)
{
	return j < sc->ntok && sc->tok[j].kind == TOK_WORD && sc->tok[j].lc[0];
}

/* A hyphen or apostrophe that joins two words: "quarta-feira", "d’été". */
static bool joiner(const struct scan *sc, size_t j)
{
	return (timeparse_is_punct(sc, j, '-') || timeparse_is_punct(sc, j, '\'')) &&
	       tp_tight(sc, j) && tp_tight(sc, j + 1) && is_word_tok(sc, j + 1);
}

size_t tp_words(const struct scan *sc, size_t i, struct words *w)
{
	size_t j = i;
	w->n = 0;
	while (w->n < MAX_WORDS && is_word_tok(sc, j)) {
		w->lc[w->n] = sc->tok[j].lc;
		w->key[w->n] = sc->tok[j].key;
		w->caps[w->n] = sc->tok[j].caps;
		w->idx[w->n++] = j;
		if (is_word_tok(sc, j + 1) && sc->tok[j + 1].space_before)
			j++;
		else if (joiner(sc, j + 1))
			j += 2;
		else
			break;
	}
	return w->n;
}

bool tp_after_time(const struct scan *sc, size_t i)
{
	if (!sc->ncomp)
		return false;
	const struct comp *c = &sc->comp[sc->ncomp - 1];
	return (c->kind == C_TIME || c->kind == C_MAYBE_TIME) && c->t1 == i;
}

static void find_components(struct scan *sc)
{
	size_t i = 0;
	while (i < sc->ntok) {
		size_t e = tp_match_date(sc, i);
		if (!e)
			e = tp_match_time(sc, i);
		if (!e)
			e = tp_match_zone(sc, i);
		if (!e)
			e = tp_match_day(sc, i);
		i = e > i ? e : i + 1;
	}
	tp_drop_loose_weekdays(sc);
}

/* --- clusters ---------------------------------------------------------------- */

static bool connector(const struct tok *t)
{
	if (t->place)
		return true;
	if (t->kind == TOK_PUNCT)
		return t->ch && strchr(",()/-~;:|[]'\"", t->ch);
	return t->kind == TOK_WORD && timewords_connector(t->key);
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
	static const struct timeparse_opts none = {NULL, DATE_ORDER_NONE, 0, 0};
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
	if (res->status != TIMEPARSE_INSTANT) {
		free(res->year_rule);
		res->year_rule = NULL;
	}
	scan_free(&sc);
}

void timeparse_result_free(struct timeparse_result *res)
{
	free(res->zone_rule);
	free(res->year_rule);
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
