#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "timeparse_int.h"
#include "timewords.h"
#include "zonenames.h"
#include "zones.h"

/*
 * Zones of the time grammar: abbreviations and names (zones.c's English
 * tables, zonenames' names in the other languages), offsets, IANA names,
 * places ("London time", "(Singapore)", "heure de Paris", "hora de
 * Madrid", "Nederlandse tijd"), "local time" — and the words that stand
 * where a zone stands but that no table has ("12:00 BRX", "Ohio time",
 * "heure de Tombouctou", "12:00 (Xyz)"): they become Z_UNKNOWN zones, so
 * that they are refused, never dropped for the configured zone.
 */

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
	if (!sign || !tp_tight(sc, i + 1))
		return 0;
	if (tp_num(sc, i + 1, 4, 4)) {
		hh = tp_val(sc, i + 1) / 100;
		mm = tp_val(sc, i + 1) % 100;
		e = i + 2;
	} else if (tp_num(sc, i + 1, short_ok ? 1 : 2, 2)) {
		hh = tp_val(sc, i + 1);
		e = i + 2;
		if (timeparse_is_punct(sc, e, ':') && tp_tight(sc, e) && tp_num(sc, e + 1, 2, 2) &&
		    tp_tight(sc, e + 1)) {
			mm = tp_val(sc, e + 1);
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

/* "UTC+8", "GMT-5", "UTC+05:30", also "GMT -5": an offset after UTC/GMT is
 * never ignored (12:00 GMT read without its -5 would be five hours early). */
static size_t probe_utc_offset(const struct scan *sc, size_t i, struct zone_read *z)
{
	const struct tok *t = &sc->tok[i];
	if (!t->caps || (strcmp(t->lc, "utc") && strcmp(t->lc, "gmt")))
		return 0;
	const struct tok *sign = tp_tok(sc, i + 1), *num = tp_tok(sc, i + 2);
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
	/* a name not in tzdata is refused when read (it says whether the
	 * database itself is missing) */
	z->kind = Z_IANA;
	return e + 1;
}

/* Where a place stands: "London time", "Berliner Zeit", "(London)" and
 * "18:00 London" are beside the time; anywhere else it is only named in
 * the line. */
static size_t place_extent(const struct scan *sc, size_t i, size_t e, bool after_time, bool *beside)
{
	*beside = true;
	if (e < sc->ntok && sc->tok[e].kind == TOK_WORD && zonenames_suffix(sc->tok[e].key))
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
	if (e >= sc->ntok || sc->tok[e].kind != TOK_WORD)
		return false;
	for (const char *const *p = w; *p; p++) {
		if (!strcmp(sc->tok[e].key, *p))
			return true;
	}
	return false;
}

static bool all_caps(const struct words *w, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		if (!w->caps[k])
			return false;
	}
	return true;
}

/* A run of capitalised words from token i (at most three): "Ohio",
 * "Tombouctou", "Baton Rouge".  Returns how many words. */
static size_t capital_run(const struct scan *sc, const struct words *w, size_t from)
{
	size_t n = 0;
	while (from + n < w->n && n < 3 && sc->tok[w->idx[from + n]].initial_cap)
		n++;
	return n;
}

/* A name from zonenames: the other languages' names and every place. */
static size_t probe_names(const struct scan *sc, const struct words *w, bool after_time,
                          struct zonenames_hit *h)
{
	size_t u = zonenames_find(w->key, w->n, h);
	if (!u || (h->caps && (!all_caps(w, u) || !after_time)))
		return 0;
	if (h->kind == ZN_PLACE && !h->framed && !sc->tok[w->idx[0]].initial_cap)
		return 0;
	return u;
}

/* "heure de Paris", "hora de Madrid", "local time in Geneva": a frame and a
 * place; a frame and a capitalised word no table has is an unknown place.
 * Returns the words taken; *h is the place (kind ZN_NONE: unknown). */
static size_t probe_frame(const struct scan *sc, const struct words *w, struct zonenames_hit *h,
                          size_t *frame)
{
	struct words rest;
	size_t f = zonenames_frame(w->key, w->n);
	memset(h, 0, sizeof *h);
	*frame = f;
	if (!f || f >= w->n || !sc->tok[w->idx[f]].initial_cap)
		return 0;
	rest = *w;
	memmove(rest.lc, w->lc + f, (w->n - f) * sizeof *w->lc);
	memmove(rest.key, w->key + f, (w->n - f) * sizeof *w->key);
	memmove(rest.caps, w->caps + f, (w->n - f) * sizeof *w->caps);
	memmove(rest.idx, w->idx + f, (w->n - f) * sizeof *w->idx);
	rest.n = w->n - f;
	size_t u = probe_names(sc, &rest, false, h);
	if (u && h->kind == ZN_PLACE)
		return f + u;
	memset(h, 0, sizeof *h);
	return f + capital_run(sc, w, f);
}

static void read_hit(const struct zonenames_hit *h, struct zone_read *z)
{
	switch (h->kind) {
	case ZN_FIXED:
		z->kind = h->nfixed == 1 ? Z_FIXED : Z_AMBIG;
		z->fixed = h->fixed;
		z->nfixed = h->nfixed;
		break;
	case ZN_GENERIC:
		z->kind = Z_GENERIC;
		z->generic = h->generic;
		break;
	case ZN_LOCAL:
		z->kind = Z_LOCAL;
		break;
	default:
		z->kind = Z_PLACE;
		z->place = h->place;
		break;
	}
}

/* Abbreviations, spelled-out names, generic zones, the other languages'
 * names, places and frames: the longest match wins, ties in that order. */
static size_t probe_named(const struct scan *sc, size_t i, bool after_time, struct zone_read *z,
                          bool *beside)
{
	struct words w;
	struct zonenames_hit h, fh;
	size_t uf, ug, frame;
	if (!tp_words(sc, i, &w))
		return 0;
	const struct zones_fixed *first = NULL;
	size_t len0 = strlen(w.lc[0]);
	size_t na = w.caps[0] && len0 >= 2 ? zones_find_abbr(w.lc[0], len0, &first) : 0;
	if (na && (first->flags & ZONES_AFTER_TIME) && !after_time)
		na = 0;
	const struct zones_fixed *f = zones_find_fixed_name(w.lc, w.n, &uf);
	const struct zones_generic *g = zones_find_generic(w.lc, w.caps, w.n, after_time, &ug);
	size_t ui = probe_names(sc, &w, after_time, &h);
	size_t ufr = probe_frame(sc, &w, &fh, &frame);
	size_t best = na ? 1 : 0;
	best = uf > best ? uf : best;
	best = ug > best ? ug : best;
	best = ui > best ? ui : best;
	best = ufr > best ? ufr : best;
	if (!best)
		return 0;
	*beside = true;
	if (na && best == 1) {
		z->kind = na == 1 ? Z_FIXED : Z_AMBIG;
		z->fixed = first;
		z->nfixed = na;
	} else if (uf == best) {
		z->kind = Z_FIXED;
		z->fixed = f;
		z->nfixed = 1;
	} else if (ug == best) {
		if ((g->flags & ZONES_AFTER_TIME) && region_follows(sc, w.idx[best - 1] + 1))
			return 0; /* "Eastern Europe" */
		z->kind = Z_GENERIC;
		z->generic = g;
	} else if (ui == best) {
		read_hit(&h, z);
		if (z->kind == Z_PLACE && !h.framed)
			return place_extent(sc, i, w.idx[best - 1] + 1, after_time, beside);
	} else if (fh.kind == ZN_PLACE) {
		read_hit(&fh, z);
	} else {
		z->kind = Z_UNKNOWN;
		z->unknown_place = true;
		z->name_t0 = w.idx[frame];
		z->name_t1 = w.idx[best - 1] + 1;
	}
	return w.idx[best - 1] + 1;
}

/* A zone at token i; 0 if none.  *beside is false for a place that is only
 * named in the line. */
static size_t zone_probe(const struct scan *sc, size_t i, bool after_time, struct zone_read *z,
                         bool *beside)
{
	const struct tok *t = tp_tok(sc, i);
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
	/* "1200Z", "12 Z": Z (Zulu) is UTC right after a time */
	if (t->caps && !strcmp(t->lc, "z")) {
		if (!after_time)
			return 0;
		z->kind = Z_FIXED;
		z->nfixed = zones_find_abbr("Z", 1, &z->fixed);
		return i + 1;
	}
	return probe_named(sc, i, after_time, z, beside);
}

size_t tp_zone_after_time(const struct scan *sc, size_t i)
{
	struct zone_read z;
	bool beside;
	size_t e = zone_probe(sc, i, true, &z, &beside);
	return e && beside && z.kind != Z_UNKNOWN ? e : 0;
}

size_t tp_abbr_after_hour(const struct scan *sc, size_t i)
{
	struct zone_read z;
	bool beside;
	const struct tok *t = tp_tok(sc, i);
	if (!t || t->kind != TOK_WORD || !t->caps)
		return 0;
	size_t e = zone_probe(sc, i, true, &z, &beside);
	bool abbr = z.kind == Z_FIXED || z.kind == Z_AMBIG || z.kind == Z_OFFSET ||
	            (z.kind == Z_GENERIC && (z.generic->flags & ZONES_CAPS));
	return e == i + 1 || (e && z.kind == Z_OFFSET) ? (abbr ? e : 0) : 0;
}

/* "12:00 EDT -05:00": an offset right after a zone is read too (and must
 * agree), never dropped. */
static bool offset_after_zone(const struct scan *sc, size_t i)
{
	const struct comp *c = sc->ncomp ? &sc->comp[sc->ncomp - 1] : NULL;
	return c && c->kind == C_ZONE && c->t1 == i && sc->tok[i].kind == TOK_PUNCT;
}

/* A word that has a meaning of its own in a date or time line. */
static bool known_word(const struct scan *sc, size_t i)
{
	struct words w;
	size_t used, e;
	unsigned flags;
	const struct tok *t = &sc->tok[i];
	if (timewords_common(t->key) || tp_month_at(sc, i, &e))
		return true;
	return tp_words(sc, i, &w) && timewords_weekday(w.key, w.n, true, &used, &flags) >= 0;
}

/* What stands where a zone stands but is none we know: an abbreviation
 * right after the time ("12:00 BRX"), a word in parentheses right after it
 * ("12:00 (Xyz)").  "Ohio time" and "heure de Tombouctou" are found by
 * probe_named. */
static size_t unknown_zone(const struct scan *sc, size_t i, struct zone_read *z)
{
	const struct tok *t = &sc->tok[i];
	size_t len = strlen(t->lc);
	memset(z, 0, sizeof *z);
	z->kind = Z_UNKNOWN;
	if (!tp_after_time(sc, i))
		return 0;
	if (t->kind == TOK_WORD && t->caps && len >= 2 && len <= 5 && !known_word(sc, i)) {
		z->name_t0 = i;
		z->name_t1 = i + 1;
		return i + 1;
	}
	const struct tok *u = tp_tok(sc, i + 1);
	struct zone_read inner;
	bool beside;
	if (timeparse_is_punct(sc, i, '(') && u && u->kind == TOK_WORD && u->initial_cap &&
	    timeparse_is_punct(sc, i + 2, ')') && !zone_probe(sc, i + 1, true, &inner, &beside) &&
	    !known_word(sc, i + 1)) {
		z->unknown_place = !u->caps;
		z->name_t0 = i + 1;
		z->name_t1 = i + 2;
		return i + 3;
	}
	return 0;
}

/* A time stands before token i in the line. */
static bool time_before(const struct scan *sc)
{
	for (size_t k = 0; k < sc->ncomp; k++) {
		if (sc->comp[k].kind == C_TIME || sc->comp[k].kind == C_MAYBE_TIME)
			return true;
	}
	return false;
}

/* "Embargo time: 10:00", "Release Time": labels, not places. */
static bool label_word(const char *key)
{
	static const char *const w[] = {
	    "embargo", "release",  "publication", "press",  "delivery", "start",
	    "end",     "deadline", "broadcast",   "launch", "event",    "meeting",
	    "opening", "closing",  "lifting",     "issue",  NULL};
	for (const char *const *p = w; *p; p++) {
		if (!strcmp(key, *p))
			return true;
	}
	return false;
}

/* "12:00 Ohio time", "10 Uhr Baton Rouge Zeit": capitalised words no
 * table has before a word that makes a place a zone, after a time. */
static size_t unknown_place(const struct scan *sc, size_t i, struct zone_read *z)
{
	struct words w;
	if (!sc->tok[i].initial_cap || !time_before(sc) || !tp_words(sc, i, &w))
		return 0;
	size_t n = capital_run(sc, &w, 0);
	if (!n || n >= w.n || !zonenames_suffix(w.key[n]) || known_word(sc, i) ||
	    label_word(w.key[0]) || timeparse_is_punct(sc, w.idx[n] + 1, ':'))
		return 0;
	memset(z, 0, sizeof *z);
	z->kind = Z_UNKNOWN;
	z->unknown_place = true;
	z->name_t0 = i;
	z->name_t1 = w.idx[n - 1] + 1;
	return w.idx[n] + 1;
}

/* "6:00 a.m. on Saturday, November 19th, in Bangkok": a place after "in"
 * (English, German, Dutch) right after a date or a time, maybe after a
 * comma.  Not "a Roma", "à Paris", "en Madrid": there the place is as
 * often where an event under embargo is held as the zone of the time. */
static size_t place_after_in(const struct scan *sc, size_t i, struct zone_read *z)
{
	static const char *const in[] = {"in", NULL};
	const struct comp *c = sc->ncomp ? &sc->comp[sc->ncomp - 1] : NULL;
	const struct tok *t = &sc->tok[i];
	bool beside, prep = false;
	if (!c || t->kind != TOK_WORD || t->caps || i + 1 >= sc->ntok ||
	    !sc->tok[i + 1].initial_cap)
		return 0;
	for (const char *const *p = in; *p && !prep; p++)
		prep = !strcmp(t->key, *p);
	bool next_to = c->t1 == i || (c->t1 + 1 == i && timeparse_is_punct(sc, c->t1, ','));
	if (!prep || !next_to ||
	    !(c->kind == C_TIME || c->kind == C_DATE || c->kind == C_PARTIAL ||
	      c->kind == C_WEEKDAY))
		return 0;
	size_t e = zone_probe(sc, i + 1, false, z, &beside);
	if (!e || z->kind != Z_PLACE)
		return 0;
	z->soft = true;
	return e;
}

size_t tp_match_zone(struct scan *sc, size_t i)
{
	struct zone_read z;
	bool beside;
	size_t e0 = place_after_in(sc, i, &z);
	if (e0) {
		if (sc->nplace < MAX_PLACES)
			sc->place[sc->nplace++] = (struct place_ref){z.place, i + 1, e0};
		tp_push(sc, C_ZONE, i, e0)->zone = z;
		return e0;
	}
	/* "10:00 (ET)": in parentheses right after the time */
	bool after = tp_after_time(sc, i) || offset_after_zone(sc, i) ||
	             (i > 0 && timeparse_is_punct(sc, i - 1, '(') && tp_after_time(sc, i - 1));
	size_t e = zone_probe(sc, i, after, &z, &beside);
	if (!e && !(e = unknown_zone(sc, i, &z)) && !(e = unknown_place(sc, i, &z)))
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
	size_t t0 = i;
	if (z.kind == Z_UNKNOWN && timeparse_is_punct(sc, i, '('))
		t0 = i + 1;
	tp_push(sc, C_ZONE, t0, z.kind == Z_UNKNOWN && t0 > i ? e - 1 : e)->zone = z;
	return e;
}
