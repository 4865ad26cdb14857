#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeparse_int.h"
#include "util.h"
#include "zones.h"

/*
 * Dates written without a year ("Wednesday 15 March at 11:00 CET", common
 * in real embargo statements).  Such a date is the one occurrence whose
 * instant falls from max_lateness before now to about six months (183
 * days) after it: a release is scheduled ahead of its embargo and read
 * again at most max_lateness after it.  A weekday written beside it must
 * match that occurrence.  No occurrence, or two (a max_lateness of months),
 * is refused with a hint to write the year.  now is the caller's clock
 * (opts->now); with none, nothing is taken and the date is refused.
 */

#define AHEAD (183L * 86400L)

static const char *const weekday_names[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                             "Thursday", "Friday", "Saturday"};

/* "1 h", "30 min", "2 d", "90 s" */
static char *fmt_duration(long s)
{
	if (s > 0 && s % 86400 == 0)
		return xasprintf("%ld d", s / 86400);
	if (s > 0 && s % 3600 == 0)
		return xasprintf("%ld h", s / 3600);
	if (s > 0 && s % 60 == 0)
		return xasprintf("%ld min", s / 60);
	return xasprintf("%ld s", s);
}

/* The window, as the messages name it: "from 1 h ago to six months ahead
 * (now 2024-03-01T09:00:00Z)". */
static char *fmt_window(const struct scan *sc)
{
	char now[32];
	char *late = fmt_duration(sc->opts->max_lateness > 0 ? sc->opts->max_lateness : 0);
	timeparse_format_utc(sc->opts->now, now);
	char *s = xasprintf("from %s ago to six months ahead (now %s)", late, now);
	free(late);
	return s;
}

/* The instant time k names when year-less date p is in year y: 0 and *t,
 * or -1 when that reading is refused (the caller cannot place it). */
static int trial(struct scan *sc, size_t k, struct comp *p, int y, time_t *t)
{
	struct comp saved = *p;
	struct timeparse_result tmp, *real = sc->res;
	struct readings rs = {NULL, 0, 0};
	memset(&tmp, 0, sizeof tmp);
	p->kind = C_DATE;
	p->year = y;
	sc->res = &tmp;
	int rc = timeresolve_time(sc, k, &rs);
	if (rc == 0 && rs.n)
		*t = rs.v[0].t;
	else
		rc = -1;
	timeresolve_readings_free(&rs);
	sc->res = real;
	free(tmp.error);
	free(tmp.hint);
	p->kind = saved.kind;
	p->year = saved.year;
	return rc;
}

struct candidates {
	int year[3];
	time_t t[3];
	size_t n;
	int next; /* the first year after the window, for the hint */
};

/* The years (of now's, the one before and after) whose occurrence of p at
 * time k falls in the window.  An occurrence the zones refuse counts when
 * its wall time is near the window: its own error is then reported. */
static void candidates(struct scan *sc, size_t k, struct comp *p, struct candidates *c)
{
	time_t now = sc->opts->now;
	time_t lo = now - (sc->opts->max_lateness > 0 ? sc->opts->max_lateness : 0);
	time_t hi = now + AHEAD;
	struct zones_wall nw;
	const struct comp *tc = &sc->comp[k];
	zones_epoch_wall(now, &nw);
	memset(c, 0, sizeof *c);
	c->next = 0;
	for (int y = nw.year - 1; y <= nw.year + 1; y++) {
		if (p->day > zones_days_in_month(y, p->month))
			continue;
		struct zones_wall w = {y, p->month, p->day, tc->hour, tc->min, tc->sec};
		time_t e = zones_wall_epoch(&w), t = e;
		/* offsets run from UTC-12 to UTC+14 */
		bool in = e + 12 * 3600 >= lo && e - 14 * 3600 <= hi;
		if (in && trial(sc, k, p, y, &t) == 0) {
			in = t >= lo && t <= hi;
		}
		if (!in)
			continue;
		c->year[c->n] = y;
		c->t[c->n++] = t;
	}
	/* the hint's year: the next occurrence that has the date */
	for (int y = nw.year; !c->next && y < nw.year + 9; y++) {
		struct zones_wall w = {y, p->month, p->day, tc->hour, tc->min, tc->sec};
		if (p->day <= zones_days_in_month(y, p->month) &&
		    zones_wall_epoch(&w) - 14 * 3600 > now)
			c->next = y;
	}
}

static int none_fits(struct scan *sc, size_t k, struct comp *p, const struct candidates *c)
{
	char *text = timeparse_comp_text(sc, (size_t)(p - sc->comp));
	char *tt = timeparse_comp_text(sc, k), *win = fmt_window(sc);
	char *date = timeparse_date_text(0, p->month, p->day);
	timeparse_fail(sc, sc->tok[p->t0].start,
	               xasprintf("write the year (e.g. %d %s %d)", p->day,
	                         timeparse_month_name(p->month), c->next),
	               "\"%s\" has no year, and no %s at %s falls %s", text, date, tt, win);
	free(text);
	free(tt);
	free(win);
	free(date);
	return -1;
}

static int several_fit(struct scan *sc, struct comp *p, const struct candidates *c)
{
	char *text = timeparse_comp_text(sc, (size_t)(p - sc->comp));
	char *win = fmt_window(sc);
	timeparse_fail(sc, sc->tok[p->t0].start,
	               xasprintf("write the year (%d %s %d or %d %s %d)", p->day,
	                         timeparse_month_name(p->month), c->year[0], p->day,
	                         timeparse_month_name(p->month), c->year[1]),
	               "\"%s\" has no year, and both %d and %d fall %s", text, c->year[0],
	               c->year[1], win);
	free(text);
	free(win);
	return -1;
}

/* A weekday beside the date must be the one of the year taken. */
static int check_weekday(struct scan *sc, struct comp *p, int y, const char *why)
{
	size_t lo, hi, self = (size_t)(p - sc->comp);
	int real = zones_weekday(y, p->month, p->day);
	timeresolve_cluster(sc, self, &lo, &hi);
	for (size_t j = lo; j < hi; j++) {
		const struct comp *w = &sc->comp[j];
		if (w->kind != C_WEEKDAY || w->wday == real)
			continue;
		char *word = timeparse_comp_text(sc, j);
		char *date = timeparse_date_text(y, p->month, p->day);
		int near = y;
		for (int d = 1; d < 12 && near == y; d++) {
			if (zones_weekday(y - d, p->month, p->day) == w->wday &&
			    p->day <= zones_days_in_month(y - d, p->month))
				near = y - d;
			else if (zones_weekday(y + d, p->month, p->day) == w->wday &&
			         p->day <= zones_days_in_month(y + d, p->month))
				near = y + d;
		}
		timeparse_fail(sc, timeparse_comp_at(sc, j),
		               xasprintf("write the year with the date (%s %d %s %d is a %s), or "
		                         "correct the weekday",
		                         word, p->day, timeparse_month_name(p->month), near,
		                         weekday_names[w->wday]),
		               "%s does not match %s, which is a %s (%s)", word, date,
		               weekday_names[real], why);
		free(word);
		free(date);
		return -1;
	}
	return 0;
}

/* A component of that kind stands in the cluster of component k. */
static bool cluster_has(const struct scan *sc, size_t k, enum comp_kind kind)
{
	return timeresolve_cluster_find(sc, k, kind) != NO_COMP;
}

static void add_rule(struct scan *sc, const char *rule)
{
	struct timeparse_result *r = sc->res;
	char *s = r->year_rule ? xasprintf("%s; %s", r->year_rule, rule) : xstrdup(rule);
	free(r->year_rule);
	r->year_rule = s;
}

/* Year-less date p, which time k belongs to. */
static int take_year(struct scan *sc, struct comp *p, size_t k)
{
	struct candidates c;
	if (p->err) {
		timeparse_fail(sc, sc->tok[p->t0].start, p->hint, "%s", p->err);
		p->hint = NULL;
		return -1;
	}
	candidates(sc, k, p, &c);
	if (c.n == 0)
		return none_fits(sc, k, p, &c);
	if (c.n > 1)
		return several_fit(sc, p, &c);
	int y = c.year[0];
	char *date = timeparse_date_text(0, p->month, p->day), *win = fmt_window(sc);
	char *why = xasprintf("%d: the only %s %s", y, date, win);
	int rc = check_weekday(sc, p, y, why);
	if (rc == 0) {
		size_t self = (size_t)(p - sc->comp);
		char *rule = cluster_has(sc, self, C_WEEKDAY)
		                 ? xasprintf("%s; a %s, as written", why,
		                             weekday_names[zones_weekday(y, p->month, p->day)])
		                 : xstrdup(why);
		add_rule(sc, rule);
		free(rule);
		p->kind = C_DATE;
		p->year = y;
		p->year_taken = true;
	}
	free(date);
	free(win);
	free(why);
	return rc;
}

/* "op 16 juni ... (onder embargo tot 11.15 uur)": a time with no date
 * beside it borrows the line's date, as a full date is borrowed, when the
 * line has one year-less date (however often written) and no full one. */
static int line_year(struct scan *sc)
{
	size_t p = NO_COMP, k = NO_COMP;
	for (size_t i = 0; i < sc->ncomp; i++) {
		const struct comp *c = &sc->comp[i];
		if (c->kind == C_DATE)
			return 0;
		if (c->kind == C_PARTIAL) {
			if (p != NO_COMP &&
			    (c->month != sc->comp[p].month || c->day != sc->comp[p].day))
				return 0;
			if (p == NO_COMP)
				p = i;
		}
		if (c->kind == C_TIME && k == NO_COMP && !cluster_has(sc, i, C_PARTIAL) &&
		    !cluster_has(sc, i, C_RELDAY))
			k = i;
	}
	if (p == NO_COMP || k == NO_COMP)
		return 0;
	return take_year(sc, &sc->comp[p], k);
}

int timeresolve_years(struct scan *sc)
{
	if (!sc->opts->now)
		return 0;
	for (size_t i = 0; i < sc->ncomp; i++) {
		struct comp *p = &sc->comp[i];
		size_t lo, hi, k = NO_COMP;
		bool dated = false;
		if (p->kind != C_PARTIAL)
			continue;
		timeresolve_cluster(sc, i, &lo, &hi);
		for (size_t j = lo; j < hi; j++) {
			dated |= sc->comp[j].kind == C_DATE;
			if (k == NO_COMP && sc->comp[j].kind == C_TIME)
				k = j;
		}
		if (dated || k == NO_COMP)
			continue;
		if (take_year(sc, p, k) < 0)
			return -1;
	}
	return line_year(sc);
}
