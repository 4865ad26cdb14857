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
 * timeresolve_zone: the readings of one zone for one wall time (see
 * timeresolve.c): a fixed abbreviation checked to be in force, an ambiguous
 * one settled by a place or the configured zone, an offset, an IANA name, a
 * generic zone or a place resolved with tzdata (refused in a gap or an
 * overlap, or when the tz database cannot be read), and a word that stands
 * where a zone stands but is none (refused).
 */

/* "EDT (UTC-04:00)", or "UTC+08:00" when tzdata has only a numeric name. */
char *timeresolve_fmt_abbr_offset(const char *abbr, int off)
{
	char o[16];
	timeresolve_fmt_offset(off, o);
	if (!abbr[0] || abbr[0] == '+' || abbr[0] == '-')
		return xstrdup(o);
	return xasprintf("%s (%s)", abbr, o);
}

const char *timeresolve_config_zone(const struct scan *sc)
{
	const char *z = sc->opts->timezone;
	return z && *z && zones_known(z) ? z : NULL;
}

/* A zone read from the tz database must be there: without the database
 * glibc reads every zone as UTC, hours off.  what is how the zone was
 * written ("ET", "London time"). */
int timeresolve_need_tzdata(struct scan *sc, const char *zone, const char *what, size_t at)
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
	                      "%s needs %s, which the time zone database in %s does not have", what,
	                      zone, zones_database_dir());
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
	const char *cz = timeresolve_config_zone(sc);
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
	char *real = timeresolve_fmt_abbr_offset(abbr, off);
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
		if (timeresolve_need_tzdata(sc, zs[k], f->abbr, at) < 0)
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

struct reading *timeresolve_add_reading(struct readings *rs, size_t tc, size_t zc)
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
	char *a = timeresolve_fmt_abbr_offset(loc->abbr[0], loc->offset[0]);
	char *b = timeresolve_fmt_abbr_offset(loc->abbr[1], loc->offset[1]);
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
	char *a = timeresolve_fmt_abbr_offset(loc->abbr[0], loc->offset[0]);
	char *b = timeresolve_fmt_abbr_offset(loc->abbr[1], loc->offset[1]);
	char *tt = timeparse_comp_text(sc, r->time),
	     *dt = timeparse_date_text(date->year, date->month, date->day);
	timeparse_format_utc(loc->t[0], u0);
	timeparse_format_utc(loc->t[1], u1);
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
int timeresolve_read_local(struct scan *sc, const char *zone, const char *label,
                           const struct zones_wall *w, const struct comp *date, struct reading *r)
{
	struct zones_local loc;
	size_t at = timeparse_comp_at(sc, r->zone == NO_COMP ? r->time : r->zone);
	if (timeresolve_need_tzdata(sc, zone, label ? label : zone, at) < 0)
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
	char *ab = timeresolve_fmt_abbr_offset(loc.abbr[0], loc.offset[0]);
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
		rc = timeresolve_read_local(sc, zones, label, w, date, r);
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
		rc = timeresolve_read_local(sc, z, label, w, date, first ? r : &other);
		if (rc == 0 && !first && other.t != r->t) {
			timeparse_format_utc(r->t, u0);
			timeparse_format_utc(other.t, u1);
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
		               "\"%s\" after %s: embargo does not know the time zone of %s", all,
		               tt, word);
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

int timeresolve_read_zone(struct scan *sc, const struct zones_wall *w, const struct comp *date,
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
		return timeresolve_read_local(sc, z->iana, NULL, w, date, r);
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
