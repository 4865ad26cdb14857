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

/* "EDT (UTC-04:00)", or "UTC+08:00" when tzdata has only a numeric name. */
static char *fmt_abbr_offset(const char *abbr, int off)
{
	char o[16];
	timeresolve_fmt_offset(off, o);
	if (!abbr[0] || abbr[0] == '+' || abbr[0] == '-')
		return xstrdup(o);
	return xasprintf("%s (%s)", abbr, o);
}

static void fmt_utc(time_t t, char buf[32])
{
	timeparse_format_utc(t, buf);
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

static size_t cluster_find(const struct scan *sc, size_t k, enum comp_kind kind)
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
		bool date = cluster_find(sc, k, C_DATE) != NO_COMP ||
		            cluster_find(sc, k, C_PARTIAL) != NO_COMP;
		c->kind = c->year_like || !date ? C_DEAD : C_TIME;
	}
}

static int check_weekday(struct scan *sc, size_t k)
{
	size_t d = nearest_date(sc, k);
	bool several;
	if (d == NO_COMP && cluster_find(sc, k, C_TIME) != NO_COMP) {
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

/* --- zone readings --------------------------------------------------------- */

static const char *config_zone(const struct scan *sc)
{
	const char *z = sc->opts->timezone;
	return z && *z && zones_known(z) ? z : NULL;
}

/* A zone read from the tz database must be there: without the database
 * glibc reads every zone as UTC, hours off.  what is how the zone was
 * written ("ET", "London time"). */
static int need_tzdata(struct scan *sc, const char *zone, const char *what, size_t at)
{
	if (zones_known(zone))
		return 0;
	if (!zones_database_ok())
		return timeparse_fail(
		    sc, at,
		    xasprintf("install the tz database (Debian: tzdata) or point TZDIR at it, or "
		              "write the offset from UTC (e.g. UTC+02:00)"),
		    "%s needs the time zone database, which cannot be read in %s", what,
		    zones_database_dir());
	return timeparse_fail(sc, at,
	                      xstrdup("update the tz database (tzdata), or write the offset "
	                              "from UTC"),
	                      "%s needs %s, which the time zone database in %s does not have",
	                      what, zone, zones_database_dir());
}


static bool relates(const struct zones_fixed *f, const char *zone, time_t t)
{
	return zones_list_has(f->home, zone) || zones_uses_abbr(zone, t, f->abbr, f->offset);
}

/* The zones of the places named in the line that reading f belongs to; when
 * there are none, the configured zone if f belongs to it.  *why names the
 * first source. */
static size_t related_zones(const struct scan *sc, const struct zones_fixed *f, time_t t,
                            bool use_config, char out[MAX_ZONES][ZONES_NAME_MAX], char **why)
{
	size_t n = 0;
	char z[ZONES_NAME_MAX];
	*why = NULL;
	for (size_t i = 0; i < sc->nplace; i++) {
		const char *p = sc->place[i].place->zones;
		while (zones_list_next(&p, z)) {
			if (n == MAX_ZONES || !relates(f, z, t))
				continue;
			memcpy(out[n++], z, ZONES_NAME_MAX);
			if (!*why)
				*why = timeparse_span_text(sc, sc->place[i].t0, sc->place[i].t1);
		}
	}
	const char *cz = config_zone(sc);
	if (!n && use_config && cz && relates(f, cz, t)) {
		snprintf(out[n++], ZONES_NAME_MAX, "%s", cz);
		*why = xasprintf("the configured timezone %s", cz);
	}
	return n;
}

static int not_in_force(struct scan *sc, const struct zones_fixed *f, const char *zone, time_t t,
                        size_t at, const struct comp *date)
{
	int off;
	char abbr[ZONES_ABBR_MAX], want[16];
	zones_offset_at(zone, t, &off, abbr);
	char *real = fmt_abbr_offset(abbr, off);
	char *dt = timeparse_date_text(date->year, date->month, date->day);
	timeresolve_fmt_offset(f->offset, want);
	timeparse_fail(
	    sc, at,
	    xasprintf("write the zone in force on that date (%s), or %s to take the rule of the "
	              "date from tzdata",
	              abbr[0] == '+' || abbr[0] == '-' ? real : abbr, zone),
	    "%s (%s) is not in force in %s on %s: %s is", f->abbr, want, zone, dt, real);
	free(real);
	free(dt);
	return -1;
}

/* A fixed abbreviation must be the one in force, at that instant, in the
 * places of the line it belongs to (or the configured zone, or its home). */
static int check_in_force(struct scan *sc, const struct zones_fixed *f, time_t t, size_t at,
                          const struct comp *date)
{
	char zs[MAX_ZONES][ZONES_NAME_MAX], buf[ZONES_NAME_MAX];
	char *why;
	if (!f->home)
		return 0;
	size_t n = related_zones(sc, f, t, true, zs, &why);
	free(why);
	if (n == 0) {
		for (const char *p = f->home; n < MAX_ZONES && zones_list_next(&p, buf);)
			memcpy(zs[n++], buf, ZONES_NAME_MAX);
	}
	for (size_t k = 0; k < n; k++) {
		if (need_tzdata(sc, zs[k], f->abbr, at) < 0)
			return -1;
	}
	for (size_t k = 0; k < n; k++) {
		char abbr[ZONES_ABBR_MAX];
		int off;
		zones_offset_at(zs[k], t, &off, abbr);
		if (off == f->offset)
			return 0;
	}
	return not_in_force(sc, f, zs[0], t, at, date);
}

static struct reading *add_reading(struct readings *rs, size_t tc, size_t zc)
{
	rs->v = xgrow(rs->v, &rs->cap, rs->n + 1, sizeof *rs->v);
	struct reading *r = &rs->v[rs->n++];
	memset(r, 0, sizeof *r);
	r->time = tc;
	r->zone = zc;
	return r;
}

static int read_fixed(struct scan *sc, const struct zones_fixed *f, const char *why,
                      const struct zones_wall *w, const struct comp *date, struct reading *r)
{
	char off[16];
	r->t = zones_wall_epoch(w) - f->offset;
	r->offset = f->offset;
	if (check_in_force(sc, f, r->t, timeparse_comp_at(sc, r->zone), date) < 0)
		return -1;
	timeresolve_fmt_offset(f->offset, off);
	if (why)
		r->rule = xasprintf("%s read as %s (%s): %s", f->abbr, f->label, off, why);
	else
		r->rule = xasprintf("%s (%s)", f->abbr, off);
	return 0;
}

/* The readings of z that the places of the line (or, with use_config, the
 * configured zone) point to: *hit is the last, *why names its source. */
static size_t settle_by(struct scan *sc, const struct zone_read *z, time_t epoch, bool use_config,
                        const struct zones_fixed **hit, char **why)
{
	size_t hits = 0;
	char zs[MAX_ZONES][ZONES_NAME_MAX];
	for (size_t k = 0; k < z->nfixed; k++) {
		const struct zones_fixed *f = &z->fixed[k];
		char *w;
		if (!related_zones(sc, f, epoch - f->offset, use_config, zs, &w)) {
			free(w);
			continue;
		}
		hits++;
		*hit = f;
		free(*why);
		*why = w;
	}
	return hits;
}

/* CST, IST, AST: settled by the places of the line, else by the configured
 * zone, else refused. */
static const struct zones_fixed *settle(struct scan *sc, const struct zone_read *z, time_t epoch,
                                        char **why)
{
	const struct zones_fixed *hit = NULL;
	*why = NULL;
	size_t hits = settle_by(sc, z, epoch, false, &hit, why);
	if (hits == 0)
		hits = settle_by(sc, z, epoch, true, &hit, why);
	if (hits == 1)
		return hit;
	free(*why);
	*why = NULL;
	return NULL;
}

static int ambiguous(struct scan *sc, const struct zone_read *z, size_t at)
{
	struct strbuf sb, hint;
	strbuf_init(&sb);
	strbuf_init(&hint);
	for (size_t k = 0; k < z->nfixed; k++) {
		char off[16];
		timeresolve_fmt_offset(z->fixed[k].offset, off);
		strbuf_addf(&sb, "%s%s (%s)",
		            k == 0               ? ""
		            : k + 1 == z->nfixed ? " or "
		                                 : ", ",
		            z->fixed[k].label, off);
		strbuf_addf(&hint, "%s%s", k == 0 ? "" : ", ", off);
	}
	char city[ZONES_NAME_MAX];
	const char *home = z->fixed[0].home;
	if (!home || !zones_list_next(&home, city))
		snprintf(city, sizeof city, "London");
	char *c = strrchr(city, '/') ? strrchr(city, '/') + 1 : city;
	for (char *u = c; *u; u++)
		*u = *u == '_' ? ' ' : *u;
	timeparse_fail(
	    sc, at,
	    xasprintf(
	        "name the place beside the time (e.g. \"%s time\"), write the offset (%s), or "
	        "set `timezone` in embargo.yaml",
	        c, hint.buf),
	    "%s is ambiguous: %s", z->fixed[0].abbr, sb.buf);
	strbuf_release(&sb);
	strbuf_release(&hint);
	return -1;
}

static int read_ambiguous(struct scan *sc, const struct comp *zc, const struct zones_wall *w,
                          const struct comp *date, struct reading *r)
{
	char *why;
	const struct zones_fixed *f = settle(sc, &zc->zone, zones_wall_epoch(w), &why);
	if (!f)
		return ambiguous(sc, &zc->zone, timeparse_comp_at(sc, r->zone));
	int rc = read_fixed(sc, f, why, w, date, r);
	free(why);
	return rc;
}

static int gap_error(struct scan *sc, const struct reading *r, const char *where,
                     const struct zones_local *loc, const struct comp *date)
{
	char *a = fmt_abbr_offset(loc->abbr[0], loc->offset[0]);
	char *b = fmt_abbr_offset(loc->abbr[1], loc->offset[1]);
	char *tt = timeparse_comp_text(sc, r->time),
	     *dt = timeparse_date_text(date->year, date->month, date->day);
	timeparse_fail(
	    sc, timeparse_comp_at(sc, r->time),
	    xasprintf("write a time that exists, or say which offset is meant: %s or %s", a, b),
	    "%s on %s does not exist in %s: the clocks go forward from %s to %s", tt, dt, where, a,
	    b);
	free(a);
	free(b);
	free(tt);
	free(dt);
	return -1;
}

static int overlap_error(struct scan *sc, const struct reading *r, const char *where,
                         const struct zones_local *loc, const struct comp *date)
{
	char u0[32], u1[32];
	char *a = fmt_abbr_offset(loc->abbr[0], loc->offset[0]);
	char *b = fmt_abbr_offset(loc->abbr[1], loc->offset[1]);
	char *tt = timeparse_comp_text(sc, r->time),
	     *dt = timeparse_date_text(date->year, date->month, date->day);
	fmt_utc(loc->t[0], u0);
	fmt_utc(loc->t[1], u1);
	timeparse_fail(sc, timeparse_comp_at(sc, r->time),
	               xasprintf("say which with the zone or offset in force: %s or %s", a, b),
	               "%s on %s happens twice in %s: %s in %s and %s in %s", tt, dt, where, u0, a,
	               u1, b);
	free(a);
	free(b);
	free(tt);
	free(dt);
	return -1;
}

/* A wall time in an IANA zone: one instant, or refused (gap, overlap).
 * label is how the zone was written ("ET", "London time"), NULL for an IANA
 * name or the configured zone. */
static int read_local(struct scan *sc, const char *zone, const char *label,
                      const struct zones_wall *w, const struct comp *date, struct reading *r)
{
	struct zones_local loc;
	size_t at = timeparse_comp_at(sc, r->zone == NO_COMP ? r->time : r->zone);
	if (need_tzdata(sc, zone, label ? label : zone, at) < 0)
		return -1;
	zones_resolve(zone, w, &loc);
	char *where = label ? xasprintf("%s (%s)", zone, label) : xstrdup(zone);
	int rc = 0;
	if (loc.n == 0)
		rc = gap_error(sc, r, where, &loc, date);
	else if (loc.n == 2)
		rc = overlap_error(sc, r, where, &loc, date);
	free(where);
	if (rc < 0)
		return -1;
	r->t = loc.t[0];
	r->offset = loc.offset[0];
	char *ab = fmt_abbr_offset(loc.abbr[0], loc.offset[0]);
	if (r->zone == NO_COMP)
		r->rule = xasprintf("timezone from the configuration: %s, %s", zone, ab);
	else if (label)
		r->rule = xasprintf("%s: %s, %s on that date", label, zone, ab);
	else
		r->rule = xasprintf("%s: %s on that date", zone, ab);
	free(ab);
	return 0;
}

static int read_place(struct scan *sc, const struct comp *zc, const struct zones_wall *w,
                      const struct comp *date, struct reading *r)
{
	const char *zones = zc->zone.place->zones;
	char *label = timeparse_span_text(sc, zc->t0, zc->t1);
	int rc;
	if (zones_list_count(zones) != 1) {
		rc = timeparse_fail(
		    sc, timeparse_comp_at(sc, r->zone),
		    xasprintf("name the city (e.g. \"Sydney time\") or write the zone"),
		    "%s spans several time zones (%s)", label, zones);
	} else {
		rc = read_local(sc, zones, label, w, date, r);
	}
	free(label);
	return rc;
}

static int read_offset(struct scan *sc, const struct comp *zc, const struct zones_wall *w,
                       struct reading *r)
{
	char off[16];
	char *text = timeparse_span_text(sc, zc->t0, zc->t1);
	r->t = zones_wall_epoch(w) - zc->zone.offset;
	r->offset = zc->zone.offset;
	timeresolve_fmt_offset(r->offset, off);
	r->rule = xasprintf("%s (%s)", text, off);
	free(text);
	return 0;
}

/* A generic zone: the rule of the date in its zone, or in each of its
 * zones (a name several share), which must agree. */
static int read_generic(struct scan *sc, const struct comp *zc, const struct zones_wall *w,
                        const struct comp *date, struct reading *r)
{
	char z[ZONES_NAME_MAX], u0[32], u1[32];
	const char *list = zc->zone.generic->zone;
	char *label = timeparse_span_text(sc, zc->t0, zc->t1);
	int rc = 0;
	bool first = true;
	while (rc == 0 && zones_list_next(&list, z)) {
		struct reading other = *r;
		other.rule = NULL;
		rc = read_local(sc, z, label, w, date, first ? r : &other);
		if (rc == 0 && !first && other.t != r->t) {
			fmt_utc(r->t, u0);
			fmt_utc(other.t, u1);
			rc = timeparse_fail(sc, timeparse_comp_at(sc, r->zone),
			                    xstrdup("write the zone abbreviation or the offset in "
			                            "force, or name the city"),
			                    "%s is ambiguous: %s in %s, %s in %s", label, u0,
			                    zc->zone.generic->zone, u1, z);
		}
		free(other.rule);
		first = false;
	}
	free(label);
	return rc;
}

/* A word where a zone stands that embargo does not know: never dropped for
 * the configured zone (hours off), always refused. */
static int unknown_zone(struct scan *sc, const struct comp *zc, struct reading *r)
{
	const struct zone_read *z = &zc->zone;
	char *word = timeparse_span_text(sc, z->name_t0, z->name_t1);
	char *all = timeparse_span_text(sc, zc->t0, zc->t1);
	char *tt = timeparse_comp_text(sc, r->time);
	if (z->unknown_place)
		timeparse_fail(sc, sc->tok[z->name_t0].start,
		               xstrdup("name a city embargo knows (\"Chicago time\", \"heure de "
		                       "Paris\"), or write the zone (CST, UTC-6) or its IANA name "
		                       "(America/Chicago)"),
		               "\"%s\" after %s: embargo does not know the time zone of %s", all, tt,
		               word);
	else
		timeparse_fail(sc, sc->tok[z->name_t0].start,
		               xstrdup("write a zone embargo knows: an abbreviation (CET, EDT, "
		                       "BRT), an offset (UTC-3) or an IANA name "
		                       "(America/Sao_Paulo)"),
		               "%s after %s is not a time zone embargo knows", word, tt);
	free(word);
	free(all);
	free(tt);
	return -1;
}

static int read_zone(struct scan *sc, const struct zones_wall *w, const struct comp *date,
                     struct reading *r)
{
	const struct comp *zc = &sc->comp[r->zone];
	const struct zone_read *z = &zc->zone;
	char *label;
	switch (z->kind) {
	case Z_FIXED:
		return read_fixed(sc, z->fixed, NULL, w, date, r);
	case Z_AMBIG:
		return read_ambiguous(sc, zc, w, date, r);
	case Z_OFFSET:
		return read_offset(sc, zc, w, r);
	case Z_IANA:
		if (!zones_known(z->iana) && zones_database_ok())
			break;
		return read_local(sc, z->iana, NULL, w, date, r);
	case Z_GENERIC:
		return read_generic(sc, zc, w, date, r);
	case Z_PLACE:
		return read_place(sc, zc, w, date, r);
	case Z_UNKNOWN:
		return unknown_zone(sc, zc, r);
	case Z_LOCAL: /* read by read_time */
	case Z_BAD:
		break;
	}
	label = timeparse_span_text(sc, zc->t0, zc->t1);
	timeparse_fail(
	    sc, timeparse_comp_at(sc, r->zone),
	    xstrdup("write an IANA zone tzdata knows (Europe/London) or an offset from UTC-12:00 "
	            "to UTC+14:00"),
	    "%s is not a time zone", label);
	free(label);
	return -1;
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
	if ((other = cluster_find(sc, k, C_RELDAY)) != NO_COMP) {
		char *rel = timeparse_comp_text(sc, other);
		timeparse_fail(sc, timeparse_comp_at(sc, other),
		               xstrdup("write the date with its year beside the time"),
		               "\"%s\" is relative: %s needs a date", rel, tt);
		free(rel);
	} else if ((other = cluster_find(sc, k, C_PARTIAL)) != NO_COMP) {
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
		need_tzdata(sc, tz, "the configured timezone", timeparse_comp_at(sc, k));
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
		if (j == r->zone || c->kind != C_ZONE || c->zone.kind != Z_PLACE ||
		    zone_target(sc, j) != k || zones_list_count(c->zone.place->zones) != 1)
			continue;
		int off;
		char abbr[ZONES_ABBR_MAX], u[32], want[16];
		if (need_tzdata(sc, c->zone.place->zones, c->zone.place->words,
		                timeparse_comp_at(sc, j)) < 0)
			return -1;
		zones_offset_at(c->zone.place->zones, r->t, &off, abbr);
		if (off == r->offset)
			continue;
		char *a = reading_text(sc, r), *b = timeparse_span_text(sc, c->t0, c->t1);
		char *real = fmt_abbr_offset(abbr, off);
		fmt_utc(r->t, u);
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
	int rc = read_local(sc, p->place->zones, label, w, date, r);
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
		return read_at_place(sc, p, lc, w, date, add_reading(rs, k, lc));
	if (other_time_zoned(sc, k))
		return 0;
	const char *cz = config_zone(sc);
	if (where < 0 || !cz)
		return local_refused(sc, k, lc, where < 0);
	struct reading *r = add_reading(rs, k, NO_COMP);
	if (read_local(sc, cz, NULL, w, date, r) < 0)
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
		fmt_utc(r->t, u0);
		fmt_utc(loc.t, u1);
		rc = timeparse_fail(sc, timeparse_comp_at(sc, lc),
		                    xstrdup("correct the zone or the place so that both agree"),
		                    "the zones disagree: %s is %s, but local time at %s (%s) is %s", a,
		                    u0, b, p->place->zones, u1);
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
		const char *cz = config_zone(sc);
		if (!cz)
			return no_zone(sc, k, date);
		return read_local(sc, cz, NULL, &w, date, add_reading(rs, k, NO_COMP));
	}
	size_t first = rs->n;
	for (size_t i = 0; i < n; i++) {
		if (read_zone(sc, &w, date, add_reading(rs, k, zs[i])) < 0)
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
		fmt_utc(rs->v[0].t, u0);
		fmt_utc(rs->v[i].t, u1);
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
