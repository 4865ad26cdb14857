#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeparse.h"
#include "timeparse_int.h"
#include "util.h"
#include "zones.h"

/*
 * timeresolve: step 4 of the time grammar (see timeparse.c).  With the line
 * read into components and clusters, every time gets a date (its cluster's,
 * or the line's only one; a year-less date its year, timeresolve_year.c)
 * and its zone readings (an abbreviation settled by a place or the
 * configured zone, an offset, an IANA name, a generic zone or a place
 * resolved with tzdata, "local time" at the place the line names); every
 * reading must give the same instant.  What cannot be settled without a
 * guess is refused, naming the readings: a word where a zone stands that no
 * table has, a zone when the tz database cannot be read.
 */

static const char *const weekday_names[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                             "Thursday", "Friday", "Saturday"};

/* "UTC-04:00" */
void timeresolve_fmt_offset(int off, char buf[16])
{
	int a = off < 0 ? -off : off;
	snprintf(buf, 16, "UTC%c%02u:%02u", off < 0 ? '-' : '+', (unsigned)(a / 3600) % 100u,
	         (unsigned)(a / 60 % 60) % 100u);
}

void timeresolve_cluster(const struct scan *sc, size_t k, size_t *lo, size_t *hi)
{
	*lo = k;
	*hi = k + 1;
	while (*lo > 0 && sc->cluster[*lo - 1] == sc->cluster[k])
		(*lo)--;
	while (*hi < sc->ncomp && sc->cluster[*hi] == sc->cluster[k])
		(*hi)++;
}

size_t timeresolve_cluster_find(const struct scan *sc, size_t k, enum comp_kind kind)
{
	size_t lo, hi;
	timeresolve_cluster(sc, k, &lo, &hi);
	for (size_t j = lo; j < hi; j++) {
		if (sc->comp[j].kind == kind)
			return j;
	}
	return NO_COMP;
}

/* The date of k's cluster nearest to k (the earlier one on a tie). */
static size_t nearest_date(const struct scan *sc, size_t k)
{
	size_t lo, hi, best = NO_COMP, bestd = 0;
	timeresolve_cluster(sc, k, &lo, &hi);
	for (size_t j = lo; j < hi; j++) {
		size_t d = j < k ? k - j : j - k;
		if (sc->comp[j].kind == C_DATE && (best == NO_COMP || d < bestd)) {
			best = j;
			bestd = d;
		}
	}
	return best;
}

static bool same_date(const struct comp *a, const struct comp *b)
{
	return a->year == b->year && a->month == b->month && a->day == b->day;
}

/* The line's date when it has one (however often written); NO_COMP when it
 * has none; *several when it has different ones. */
static size_t line_date(const struct scan *sc, bool *several)
{
	size_t found = NO_COMP;
	*several = false;
	for (size_t k = 0; k < sc->ncomp; k++) {
		if (sc->comp[k].kind != C_DATE)
			continue;
		if (found == NO_COMP)
			found = k;
		else if (!same_date(&sc->comp[found], &sc->comp[k]))
			*several = true;
	}
	return found;
}

/* --- checks before the zones ----------------------------------------------- */

static int first_comp_error(struct scan *sc)
{
	for (size_t k = 0; k < sc->ncomp; k++) {
		struct comp *c = &sc->comp[k];
		/* a year-less date is refused only when a time needs it */
		if (c->err && c->kind != C_DEAD && c->kind != C_PARTIAL) {
			timeparse_fail(sc, timeparse_comp_at(sc, k), c->hint, "%s", c->err);
			c->hint = NULL;
			return -1;
		}
	}
	return 0;
}

/* "1400" and "10.30" are times only in a cluster with a date; "2000" or
 * "1930" there could as well be a year, so without "hours" or a zone beside
 * them they are not read as times at all. */
static void settle_maybe_times(struct scan *sc)
{
	for (size_t k = 0; k < sc->ncomp; k++) {
		struct comp *c = &sc->comp[k];
		if (c->kind != C_MAYBE_TIME)
			continue;
		bool date = timeresolve_cluster_find(sc, k, C_DATE) != NO_COMP ||
		            timeresolve_cluster_find(sc, k, C_PARTIAL) != NO_COMP;
		c->kind = c->year_like || !date ? C_DEAD : C_TIME;
	}
}

static int check_weekday(struct scan *sc, size_t k)
{
	size_t d = nearest_date(sc, k);
	bool several;
	if (d == NO_COMP && timeresolve_cluster_find(sc, k, C_TIME) != NO_COMP) {
		d = line_date(sc, &several);
		if (several)
			d = NO_COMP;
	}
	if (d == NO_COMP)
		return 0;
	const struct comp *dc = &sc->comp[d];
	int real = zones_weekday(dc->year, dc->month, dc->day);
	if (real == sc->comp[k].wday)
		return 0;
	char *date = timeparse_date_text(dc->year, dc->month, dc->day);
	char *word = timeparse_comp_text(sc, k);
	timeparse_fail(sc, timeparse_comp_at(sc, k), xstrdup("correct the weekday or the date"),
	               "%s does not match %s, which is a %s", word, date, weekday_names[real]);
	free(date);
	free(word);
	return -1;
}

static int check_weekdays(struct scan *sc)
{
	for (size_t k = 0; k < sc->ncomp; k++) {
		if (sc->comp[k].kind == C_WEEKDAY && check_weekday(sc, k) < 0)
			return -1;
	}
	return 0;
}

/* --- times, dates and zones together ------------------------------------------ */

/* The time a zone belongs to: the nearest before it in its cluster, else the
 * nearest after it. */
static size_t zone_target(const struct scan *sc, size_t z)
{
	size_t lo, hi;
	timeresolve_cluster(sc, z, &lo, &hi);
	for (size_t j = z; j-- > lo;) {
		if (sc->comp[j].kind == C_TIME)
			return j;
	}
	for (size_t j = z + 1; j < hi; j++) {
		if (sc->comp[j].kind == C_TIME)
			return j;
	}
	return NO_COMP;
}

/* Zones written for time k: explicit ones, else the places beside it. */
static size_t direct_zones(const struct scan *sc, size_t k, size_t out[MAX_ZONES])
{
	size_t lo, hi, n = 0;
	timeresolve_cluster(sc, k, &lo, &hi);
	for (int pass = 0; pass < 2 && n == 0; pass++) {
		for (size_t j = lo; j < hi && n < MAX_ZONES; j++) {
			const struct comp *c = &sc->comp[j];
			if (c->kind == C_ZONE && c->zone.kind != Z_LOCAL &&
			    (c->zone.kind == Z_PLACE) == (pass == 1) && zone_target(sc, j) == k)
				out[n++] = j;
		}
	}
	return n;
}

static bool same_clock(const struct comp *a, const struct comp *b)
{
	return a->hour == b->hour && a->min == b->min && a->sec == b->sec;
}

/* "9:00 a.m. – 10:30 a.m. PT": time k starts a range that the next
 * component, a time after a lone dash, ends. */
static bool range_start(const struct scan *sc, size_t k)
{
	const struct comp *a = &sc->comp[k], *b = a + 1;
	if (k + 1 >= sc->ncomp || a->kind != C_TIME || b->kind != C_TIME ||
	    sc->cluster[k] != sc->cluster[k + 1] || b->t0 != a->t1 + 1)
		return false;
	return timeparse_is_punct(sc, a->t1, '-') || timeparse_is_punct(sc, a->t1, '~');
}

/* A time without a zone takes the zones of the next time of its cluster
 * when that one ends its range ("9:00 – 10:30 a.m. PT") or shows the same
 * clock ("12:00 p.m. (noon) EDT"). */
static size_t time_zones(const struct scan *sc, size_t k, size_t out[MAX_ZONES])
{
	size_t n = direct_zones(sc, k, out), lo, hi;
	if (n)
		return n;
	if (range_start(sc, k))
		return direct_zones(sc, k + 1, out);
	timeresolve_cluster(sc, k, &lo, &hi);
	for (size_t j = k + 1; j < hi; j++) {
		if (sc->comp[j].kind == C_TIME)
			return same_clock(&sc->comp[j], &sc->comp[k]) ? direct_zones(sc, j, out)
			                                              : 0;
	}
	return 0;
}

/* "9:00 – 10:30 p.m.": the start could be 9 a.m. or 9 p.m. */
static int check_range(struct scan *sc, size_t k)
{
	const struct comp *a = &sc->comp[k];
	if (!range_start(sc, k) || a->meridiem || !a[1].meridiem || a->hour > 12)
		return 0;
	char *tt = timeparse_comp_text(sc, k);
	timeparse_fail(sc, timeparse_comp_at(sc, k),
	               xasprintf("write a.m. or p.m. after %s too", tt),
	               "%s starts a range without a.m. or p.m.", tt);
	free(tt);
	return -1;
}

/* The date of time k: its cluster's, else the line's only date. */
static size_t date_for(struct scan *sc, size_t k)
{
	size_t d = nearest_date(sc, k), other;
	bool several;
	if (d != NO_COMP)
		return d;
	char *tt = timeparse_comp_text(sc, k);
	if ((other = timeresolve_cluster_find(sc, k, C_RELDAY)) != NO_COMP) {
		char *rel = timeparse_comp_text(sc, other);
		timeparse_fail(sc, timeparse_comp_at(sc, other),
		               xstrdup("write the date with its year beside the time"),
		               "\"%s\" is relative: %s needs a date", rel, tt);
		free(rel);
	} else if ((other = timeresolve_cluster_find(sc, k, C_PARTIAL)) != NO_COMP) {
		char *pt = timeparse_comp_text(sc, other);
		timeparse_fail(sc, timeparse_comp_at(sc, other),
		               xstrdup("write the date with its year"),
		               "%s has no year: %s needs a full date", pt, tt);
		free(pt);
	} else if ((d = line_date(sc, &several)) != NO_COMP && !several) {
		free(tt);
		return d;
	} else if (d != NO_COMP) {
		timeparse_fail(sc, timeparse_comp_at(sc, k),
		               xstrdup("write the date beside the time"),
		               "%s has no date beside it and the line has several", tt);
	} else {
		timeparse_fail(sc, timeparse_comp_at(sc, k),
		               xstrdup("write the date with its year beside the time (e.g. "
		                       "14 August 2023)"),
		               "%s has no date", tt);
	}
	free(tt);
	return NO_COMP;
}

static int no_zone(struct scan *sc, size_t k, const struct comp *date)
{
	char *tt = timeparse_comp_text(sc, k),
	     *dt = timeparse_date_text(date->year, date->month, date->day);
	const char *tz = sc->opts->timezone;
	if (tz && *tz && !zones_database_ok())
		timeresolve_need_tzdata(sc, tz, "the configured timezone",
		                        timeparse_comp_at(sc, k));
	else if (tz && *tz)
		timeparse_fail(
		    sc, timeparse_comp_at(sc, k),
		    xstrdup("set `timezone` in embargo.yaml to an IANA name such "
		            "as Europe/London"),
		    "%s has no time zone and the configured timezone \"%s\" is not a known zone",
		    tt, tz);
	else
		timeparse_fail(
		    sc, timeparse_comp_at(sc, k),
		    xstrdup(
		        "write the zone beside the time (e.g. 10:00 BST, 10:00 UK time or 10:00 "
		        "UTC+1), or set `timezone` in embargo.yaml"),
		    "%s on %s has no time zone", tt, dt);
	free(tt);
	free(dt);
	return -1;
}

static char *reading_text(const struct scan *sc, const struct reading *r);

/* "12:00 GMT UK time": a place beside a time that has its own zone must
 * show that same wall clock at the instant. */
static int check_places_beside(struct scan *sc, size_t k, const struct reading *r)
{
	size_t lo, hi;
	timeresolve_cluster(sc, k, &lo, &hi);
	for (size_t j = lo; j < hi; j++) {
		const struct comp *c = &sc->comp[j];
		if (j == r->zone || c->kind != C_ZONE || c->zone.kind != Z_PLACE || c->zone.soft ||
		    zone_target(sc, j) != k || zones_list_count(c->zone.place->zones) != 1)
			continue;
		int off;
		char abbr[ZONES_ABBR_MAX], u[32], want[16];
		if (timeresolve_need_tzdata(sc, c->zone.place->zones, c->zone.place->words,
		                            timeparse_comp_at(sc, j)) < 0)
			return -1;
		zones_offset_at(c->zone.place->zones, r->t, &off, abbr);
		if (off == r->offset)
			continue;
		char *a = reading_text(sc, r), *b = timeparse_span_text(sc, c->t0, c->t1);
		char *real = timeresolve_fmt_abbr_offset(abbr, off);
		timeparse_format_utc(r->t, u);
		timeresolve_fmt_offset(r->offset, want);
		timeparse_fail(sc, timeparse_comp_at(sc, j),
		               xstrdup("correct the zone or the place so that both agree"),
		               "the zones disagree: %s is %s, when %s (%s) is at %s, not %s", a, u,
		               b, c->zone.place->zones, real, want);
		free(a);
		free(b);
		free(real);
		return -1;
	}
	return 0;
}

/* --- "local time" -------------------------------------------------------------- */

/* The "local time" written for time k, or NO_COMP. */
static size_t local_comp(const struct scan *sc, size_t k)
{
	size_t lo, hi;
	timeresolve_cluster(sc, k, &lo, &hi);
	for (size_t j = lo; j < hi; j++) {
		const struct comp *c = &sc->comp[j];
		if (c->kind == C_ZONE && c->zone.kind == Z_LOCAL && zone_target(sc, j) == k)
			return j;
	}
	return NO_COMP;
}

/* Where "local time" is: the one zone of the places the line names.
 * Returns 1 and the place (*p) when they name one zone, 0 when the line
 * names no place, -1 when its places have several zones. */
static int local_place(const struct scan *sc, const struct place_ref **p)
{
	*p = NULL;
	for (size_t i = 0; i < sc->nplace; i++) {
		const struct place_ref *r = &sc->place[i];
		if (zones_list_count(r->place->zones) != 1 ||
		    (*p && strcmp((*p)->place->zones, r->place->zones) != 0))
			return -1;
		if (!*p)
			*p = r;
	}
	return *p ? 1 : 0;
}

/* Another time of the line has a zone of its own ("08:25 local time (07:25
 * GMT)"): that zone decides. */
static bool other_time_zoned(const struct scan *sc, size_t k)
{
	size_t zs[MAX_ZONES];
	for (size_t j = 0; j < sc->ncomp; j++) {
		if (j != k && sc->comp[j].kind == C_TIME && time_zones(sc, j, zs))
			return true;
	}
	return false;
}

/* "08:25 local time" at the place the line names. */
static int read_at_place(struct scan *sc, const struct place_ref *p, size_t lc,
                         const struct zones_wall *w, const struct comp *date, struct reading *r)
{
	char *place = timeparse_span_text(sc, p->t0, p->t1);
	char *lt = timeparse_comp_text(sc, lc);
	char *label = xasprintf("%s at %s", lt, place);
	int rc = timeresolve_read_local(sc, p->place->zones, label, w, date, r);
	free(place);
	free(lt);
	free(label);
	return rc;
}

static int local_refused(struct scan *sc, size_t k, size_t lc, bool several)
{
	char *lt = timeparse_comp_text(sc, lc), *tt = timeparse_comp_text(sc, k);
	timeparse_fail(sc, timeparse_comp_at(sc, lc),
	               xstrdup("name the place (\"10:00 London time\") or write the zone "
	                       "(10:00 BST)"),
	               several ? "\"%s\" after %s: the line names places in several time zones"
	                       : "\"%s\" after %s does not say where: the line names no place",
	               lt, tt);
	free(lt);
	free(tt);
	return -1;
}

/* Time k says only "local time": the place the line names, else (when
 * another time has a zone of its own, which decides) nothing, else the
 * configured timezone. */
static int read_local_only(struct scan *sc, size_t k, size_t lc, const struct zones_wall *w,
                           const struct comp *date, struct readings *rs)
{
	const struct place_ref *p;
	int where = local_place(sc, &p);
	if (where > 0)
		return read_at_place(sc, p, lc, w, date, timeresolve_add_reading(rs, k, lc));
	if (other_time_zoned(sc, k))
		return 0;
	const char *cz = timeresolve_config_zone(sc);
	if (where < 0 || !cz)
		return local_refused(sc, k, lc, where < 0);
	struct reading *r = timeresolve_add_reading(rs, k, NO_COMP);
	if (timeresolve_read_local(sc, cz, NULL, w, date, r) < 0)
		return -1;
	char *rule = xasprintf("local time: %s", r->rule);
	free(r->rule);
	r->rule = rule;
	return 0;
}

/* "08:25 CET local time" with the place known: the explicit zone decides
 * and the local reading must agree with it. */
static int check_local(struct scan *sc, size_t k, size_t lc, const struct zones_wall *w,
                       const struct comp *date, const struct reading *r)
{
	const struct place_ref *p;
	struct reading loc = {k, lc, 0, 0, NULL};
	char u0[32], u1[32];
	if (local_place(sc, &p) <= 0)
		return 0;
	int rc = read_at_place(sc, p, lc, w, date, &loc);
	if (rc == 0 && loc.t != r->t) {
		char *a = reading_text(sc, r), *b = timeparse_span_text(sc, p->t0, p->t1);
		timeparse_format_utc(r->t, u0);
		timeparse_format_utc(loc.t, u1);
		rc = timeparse_fail(sc, timeparse_comp_at(sc, lc),
		                    xstrdup("correct the zone or the place so that both agree"),
		                    "the zones disagree: %s is %s, but local time at %s (%s) is %s",
		                    a, u0, b, p->place->zones, u1);
		free(a);
		free(b);
	}
	free(loc.rule);
	return rc;
}

static int read_time(struct scan *sc, size_t k, struct readings *rs)
{
	size_t d = date_for(sc, k), zs[MAX_ZONES];
	if (d == NO_COMP || check_range(sc, k) < 0)
		return -1;
	const struct comp *date = &sc->comp[d], *tc = &sc->comp[k];
	struct zones_wall w = {date->year, date->month, date->day, tc->hour, tc->min, tc->sec};
	size_t n = time_zones(sc, k, zs), lc = local_comp(sc, k);
	if (n == 0 && lc != NO_COMP)
		return read_local_only(sc, k, lc, &w, date, rs);
	if (n == 0) {
		const char *cz = timeresolve_config_zone(sc);
		if (!cz)
			return no_zone(sc, k, date);
		return timeresolve_read_local(sc, cz, NULL, &w, date,
		                              timeresolve_add_reading(rs, k, NO_COMP));
	}
	size_t first = rs->n;
	for (size_t i = 0; i < n; i++) {
		if (timeresolve_read_zone(sc, &w, date, timeresolve_add_reading(rs, k, zs[i])) < 0)
			return -1;
	}
	if (check_places_beside(sc, k, &rs->v[first]) < 0)
		return -1;
	return lc == NO_COMP ? 0 : check_local(sc, k, lc, &w, date, &rs->v[first]);
}

int timeresolve_time(struct scan *sc, size_t k, struct readings *rs)
{
	return read_time(sc, k, rs);
}

void timeresolve_readings_free(struct readings *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		free(rs->v[i].rule);
	free(rs->v);
	memset(rs, 0, sizeof *rs);
}

static char *reading_text(const struct scan *sc, const struct reading *r)
{
	const struct comp *tc = &sc->comp[r->time];
	if (r->zone == NO_COMP)
		return timeparse_span_text(sc, tc->t0, tc->t1);
	const struct comp *zc = &sc->comp[r->zone];
	if (tc->t1 == zc->t0)
		return timeparse_span_text(sc, tc->t0, zc->t1);
	char *a = timeparse_span_text(sc, tc->t0, tc->t1),
	     *b = timeparse_span_text(sc, zc->t0, zc->t1);
	char *both = zc->t0 > tc->t0 ? xasprintf("%s %s", a, b) : xasprintf("%s %s", b, a);
	free(a);
	free(b);
	return both;
}

static int check_agree(struct scan *sc, const struct readings *rs)
{
	for (size_t i = 1; i < rs->n; i++) {
		if (rs->v[i].t == rs->v[0].t)
			continue;
		char u0[32], u1[32];
		char *a = reading_text(sc, &rs->v[0]), *b = reading_text(sc, &rs->v[i]);
		timeparse_format_utc(rs->v[0].t, u0);
		timeparse_format_utc(rs->v[i].t, u1);
		timeparse_fail(
		    sc, timeparse_comp_at(sc, rs->v[i].time),
		    xstrdup(
		        "correct one of them: every time in the line must name the same instant"),
		    "the times disagree: %s is %s but %s is %s", a, u0, b, u1);
		free(a);
		free(b);
		return -1;
	}
	return 0;
}

static void widen(const struct scan *sc, size_t k, size_t *lo, size_t *hi)
{
	const struct comp *c = &sc->comp[k];
	if (sc->tok[c->t0].start < *lo)
		*lo = sc->tok[c->t0].start;
	if (sc->tok[c->t1 - 1].end > *hi)
		*hi = sc->tok[c->t1 - 1].end;
}

/* "CST (Beijing" reads better with its ")": take a closing parenthesis the
 * span needs when it comes right after it. */
static void set_span(struct scan *sc, size_t lo, size_t hi)
{
	int open = 0;
	for (size_t i = lo; i < hi; i++)
		open += sc->text[i] == '(' ? 1 : sc->text[i] == ')' ? -1 : 0;
	for (size_t i = hi; open > 0 && sc->text[i] == ')'; i++, open--)
		hi = i + 1;
	sc->res->start = lo;
	sc->res->end = hi;
}

/* The span of the clusters that gave the instant, plus a date borrowed from
 * elsewhere in the line. */
static void instant_span(struct scan *sc, const struct readings *rs, size_t date)
{
	size_t lo = (size_t)-1, hi = 0;
	for (size_t i = 0; i < rs->n; i++) {
		size_t a, b;
		timeresolve_cluster(sc, rs->v[i].time, &a, &b);
		for (size_t j = a; j < b; j++) {
			if (sc->comp[j].kind != C_DEAD && sc->comp[j].kind != C_PARTIAL)
				widen(sc, j, &lo, &hi);
		}
	}
	widen(sc, date, &lo, &hi);
	set_span(sc, lo, hi);
}

static void fill_instant(struct scan *sc, const struct readings *rs)
{
	struct timeparse_result *res = sc->res;
	struct strbuf rule;
	size_t date = date_for(sc, rs->v[0].time);
	strbuf_init(&rule);
	for (size_t i = 0; i < rs->n; i++) {
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			dup = strcmp(rs->v[i].rule, rs->v[j].rule) == 0;
		if (!dup)
			strbuf_addf(&rule, "%s%s", rule.len ? "; " : "", rs->v[i].rule);
	}
	res->status = TIMEPARSE_INSTANT;
	res->instant = rs->v[0].t;
	res->utc_offset = rs->v[0].offset;
	res->zone_rule = strbuf_detach(&rule, NULL);
	res->year = sc->comp[date].year;
	res->month = sc->comp[date].month;
	res->day = sc->comp[date].day;
	instant_span(sc, rs, date);
}

static void read_instant(struct scan *sc)
{
	struct readings rs = {NULL, 0, 0};
	int rc = 0;
	for (size_t k = 0; k < sc->ncomp && rc == 0; k++) {
		/* the end of a range is not the release instant */
		if (sc->comp[k].kind == C_TIME && !(k > 0 && range_start(sc, k - 1)))
			rc = read_time(sc, k, &rs);
	}
	if (rc == 0 && rs.n == 0)
		rc = timeparse_fail(sc, 0, xstrdup("write the zone beside the time"),
		                    "no time in the line says its zone");
	if (rc == 0 && check_agree(sc, &rs) == 0)
		fill_instant(sc, &rs);
	timeresolve_readings_free(&rs);
}

static void read_date_only(struct scan *sc)
{
	for (size_t k = 0; k < sc->ncomp; k++) {
		const struct comp *c = &sc->comp[k];
		if (c->kind != C_DATE)
			continue;
		size_t lo = (size_t)-1, hi = 0, a, b;
		timeresolve_cluster(sc, k, &a, &b);
		for (size_t j = a; j < b; j++) {
			if (j == k || sc->comp[j].kind == C_WEEKDAY)
				widen(sc, j, &lo, &hi);
		}
		sc->res->status = TIMEPARSE_DATE_ONLY;
		sc->res->year = c->year;
		sc->res->month = c->month;
		sc->res->day = c->day;
		set_span(sc, lo, hi);
		return;
	}
}

void timeresolve_assemble(struct scan *sc)
{
	settle_maybe_times(sc);
	if (first_comp_error(sc) < 0 || timeresolve_years(sc) < 0 || check_weekdays(sc) < 0)
		return;
	for (size_t k = 0; k < sc->ncomp; k++) {
		if (sc->comp[k].kind == C_TIME) {
			read_instant(sc);
			return;
		}
	}
	read_date_only(sc);
}
