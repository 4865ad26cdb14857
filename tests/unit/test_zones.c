/* zones: the tables the time grammar reads (abbreviations with all their
 * readings, generic zones and their flags, places, longest match first) and
 * the tzdata lookups: a wall time in a zone resolved to none, one or two
 * instants (the method of doc/design.md "Time zones"), never through
 * tm_isdst, and the caller's TZ left as it was. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "testlib.h"
#include "timeparse.h"
#include "zones.h"

/* Seconds since the epoch of "YYYY-MM-DDTHH:MM:SSZ". */
static time_t utc(const char *iso)
{
	struct zones_wall w = {0};
	assert_int_equal(
	    sscanf(iso, "%d-%d-%dT%d:%d:%d", &w.year, &w.month, &w.day, &w.hour, &w.min, &w.sec),
	    6);
	return zones_wall_epoch(&w);
}

/* An abbreviation with several readings has them all, side by side; case
 * does not matter here (the grammar checks capitals). */
static void test_abbreviations(void **state)
{
	(void)state;
	static const struct {
		const char *abbr;
		size_t readings;
		int first_offset;
	} cases[] = {
	    {"EDT", 1, -4 * 3600}, {"BST", 1, 3600},  {"UTC", 1, 0},     {"GMT", 1, 0},
	    {"CST", 2, -6 * 3600}, {"IST", 3, 19800}, {"ist", 3, 19800}, {"AST", 2, -4 * 3600},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct zones_fixed *f = NULL;
		size_t n = zones_find_abbr(cases[i].abbr, strlen(cases[i].abbr), &f);
		if (n != cases[i].readings)
			fail_msg("%s: %zu readings, want %zu", cases[i].abbr, n, cases[i].readings);
		assert_int_equal(f->offset, cases[i].first_offset);
		for (size_t k = 0; k < n; k++)
			assert_true(strcasecmp(f[k].abbr, cases[i].abbr) == 0);
	}
	const struct zones_fixed *f = NULL;
	assert_int_equal(zones_find_abbr("XYZT", 4, &f), 0);
	/* len is honoured: "EDT" inside a longer buffer */
	assert_int_equal(zones_find_abbr("EDTX", 3, &f), 1);
	/* UTC and GMT hold on any date; the others name their zones */
	assert_int_equal(zones_find_abbr("UTC", 3, &f), 1);
	assert_null(f->home);
	assert_int_equal(zones_find_abbr("BST", 3, &f), 1);
	assert_true(zones_list_has(f->home, "Europe/London"));
}

/* Every abbreviation's readings are consecutive: a reading found first is
 * never followed, further down the table, by another of the same name. */
static void test_readings_adjacent(void **state)
{
	(void)state;
	for (size_t i = 0; i < zones_fixed_count; i++) {
		const char *a = zones_fixed_table[i].abbr;
		size_t j = i + 1;
		while (j < zones_fixed_count && strcmp(zones_fixed_table[j].abbr, a) == 0)
			j++;
		for (size_t k = j; k < zones_fixed_count; k++)
			if (strcmp(zones_fixed_table[k].abbr, a) == 0)
				fail_msg("%s at %zu and again at %zu", a, i, k);
		i = j - 1;
	}
}

static void test_names_and_places(void **state)
{
	(void)state;
	size_t used = 0;
	const char *eastern[] = {"eastern", "daylight", "time", "today"};
	const struct zones_fixed *f = zones_find_fixed_name(eastern, 4, &used);
	assert_non_null(f);
	assert_string_equal(f->abbr, "EDT");
	assert_int_equal(used, 3);
	/* generic zones: "ET" only in capitals; the longest words win */
	const char *et[] = {"et"};
	bool caps[] = {true, false, false};
	const struct zones_generic *g = zones_find_generic(et, caps, 1, false, &used);
	assert_non_null(g);
	assert_string_equal(g->zone, "America/New_York");
	bool lower[] = {false};
	assert_null(zones_find_generic(et, lower, 1, false, &used));
	const char *us[] = {"us", "eastern", "time"};
	g = zones_find_generic(us, caps, 3, false, &used);
	assert_non_null(g);
	assert_int_equal(used, 3);
	/* places: one zone, or every zone of a country that spans several */
	const char *london[] = {"london", "time"};
	const struct zones_place *p = zones_find_place(london, 2, &used);
	assert_non_null(p);
	assert_string_equal(p->zones, "Europe/London");
	assert_int_equal(used, 1);
	const char *ny[] = {"new", "york", "city"};
	p = zones_find_place(ny, 3, &used);
	assert_non_null(p);
	assert_int_equal(used, 3);
	assert_string_equal(p->zones, "America/New_York");
	const char *au[] = {"australia"};
	p = zones_find_place(au, 1, &used);
	assert_non_null(p);
	assert_true(zones_list_count(p->zones) > 1);
	assert_true(zones_list_has(p->zones, "Australia/Sydney"));
	const char *none[] = {"atlantis"};
	assert_null(zones_find_place(none, 1, &used));
}

static void test_lists(void **state)
{
	(void)state;
	const char *list = "Europe/London America/New_York Asia/Kolkata";
	char buf[ZONES_NAME_MAX];
	const char *p = list;
	assert_true(zones_list_next(&p, buf));
	assert_string_equal(buf, "Europe/London");
	assert_true(zones_list_next(&p, buf));
	assert_string_equal(buf, "America/New_York");
	assert_true(zones_list_next(&p, buf));
	assert_false(zones_list_next(&p, buf));
	assert_int_equal(zones_list_count(list), 3);
	assert_int_equal(zones_list_count(""), 0);
	assert_true(zones_list_has(list, "Asia/Kolkata"));
	assert_false(zones_list_has(list, "Asia/Kolk"));
	assert_false(zones_list_has(NULL, "Asia/Kolkata"));
}

struct resolve_case {
	const char *zone;
	struct zones_wall wall;
	int n;
	const char *t0, *t1; /* the instants, earlier first */
};

/* The cases of doc/design.md "Time zones" and more: gaps, overlaps, negative DST (Dublin), a
 * half-hour shift (Lord Howe), a zone without DST, a day skipped (Apia). */
static const struct resolve_case resolve_cases[] = {
    {"America/New_York", {2024, 3, 10, 2, 30, 0}, 0, NULL, NULL},
    {"America/New_York",
     {2024, 11, 3, 1, 30, 0},
     2,
     "2024-11-03T05:30:00Z",
     "2024-11-03T06:30:00Z"},
    {"America/New_York", {2023, 8, 14, 12, 0, 0}, 1, "2023-08-14T16:00:00Z", NULL},
    {"Europe/Dublin", {2024, 10, 27, 1, 30, 0}, 2, "2024-10-27T00:30:00Z", "2024-10-27T01:30:00Z"},
    {"Europe/Dublin", {2024, 3, 31, 1, 30, 0}, 0, NULL, NULL},
    {"Europe/Dublin", {2024, 7, 1, 12, 0, 0}, 1, "2024-07-01T11:00:00Z", NULL},
    {"Europe/London", {2023, 8, 15, 0, 1, 0}, 1, "2023-08-14T23:01:00Z", NULL},
    {"Australia/Lord_Howe",
     {2024, 4, 7, 1, 45, 0},
     2,
     "2024-04-06T14:45:00Z",
     "2024-04-06T15:15:00Z"},
    {"Australia/Lord_Howe", {2024, 10, 6, 2, 15, 0}, 0, NULL, NULL},
    {"Asia/Kolkata", {2024, 1, 1, 10, 0, 0}, 1, "2024-01-01T04:30:00Z", NULL},
    {"Pacific/Kiritimati", {2024, 1, 1, 0, 0, 0}, 1, "2023-12-31T10:00:00Z", NULL},
    {"Pacific/Apia", {2011, 12, 30, 12, 0, 0}, 0, NULL, NULL},
    /* 24:00 is the end of that day */
    {"America/New_York", {2023, 8, 14, 24, 0, 0}, 1, "2023-08-15T04:00:00Z", NULL},
};

static void test_resolve(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof resolve_cases / sizeof resolve_cases[0]; i++) {
		const struct resolve_case *c = &resolve_cases[i];
		struct zones_local out;
		zones_resolve(c->zone, &c->wall, &out);
		if (out.n != c->n)
			fail_msg("case %zu (%s): %d instants, want %d", i, c->zone, out.n, c->n);
		const char *want[2] = {c->t0, c->t1};
		for (int k = 0; k < out.n; k++) {
			if (out.t[k] != utc(want[k])) {
				char got[32];
				timeparse_format_utc(out.t[k], got);
				fail_msg("case %zu (%s): instant %d is %s, want %s", i, c->zone, k,
				         got, want[k]);
			}
			/* the offset goes with the instant */
			struct zones_wall back;
			zones_epoch_wall(out.t[k] + out.offset[k], &back);
			struct zones_wall w = c->wall;
			if (w.hour == 24) {
				zones_epoch_wall(zones_wall_epoch(&w), &w);
			}
			assert_memory_equal(&back, &w, sizeof w);
		}
	}
}

/* The abbreviations tzdata uses, and the offset in force, by date. */
static void test_offsets(void **state)
{
	(void)state;
	int off;
	char abbr[ZONES_ABBR_MAX];
	zones_offset_at("America/New_York", utc("2024-01-15T12:00:00Z"), &off, abbr);
	assert_int_equal(off, -5 * 3600);
	assert_string_equal(abbr, "EST");
	zones_offset_at("America/New_York", utc("2024-07-15T12:00:00Z"), &off, abbr);
	assert_int_equal(off, -4 * 3600);
	assert_string_equal(abbr, "EDT");
	/* "EDT" is New York's within half a year of any date; "BST" is not */
	assert_true(
	    zones_uses_abbr("America/New_York", utc("2024-01-15T12:00:00Z"), "EDT", -4 * 3600));
	assert_false(zones_uses_abbr("America/New_York", utc("2024-01-15T12:00:00Z"), "BST", 3600));
	assert_false(zones_uses_abbr("Asia/Kolkata", utc("2024-01-15T12:00:00Z"), "IST", 3600));
	assert_true(zones_uses_abbr("Asia/Kolkata", utc("2024-01-15T12:00:00Z"), "IST", 19800));
}

/* No lookup leaves TZ changed: set, unset or empty, it is put back. */
static void test_tz_untouched(void **state)
{
	(void)state;
	struct zones_wall w = {2024, 11, 3, 1, 30, 0};
	struct zones_local out;
	int off;
	char abbr[ZONES_ABBR_MAX];
	setenv("TZ", "Pacific/Kiritimati", 1);
	tzset();
	zones_resolve("America/New_York", &w, &out);
	zones_offset_at("Europe/Dublin", 0, &off, abbr);
	assert_string_equal(getenv("TZ"), "Pacific/Kiritimati");
	time_t t = utc("2024-01-01T00:00:00Z");
	struct tm tm;
	localtime_r(&t, &tm);
	assert_int_equal(tm.tm_gmtoff, 14 * 3600); /* and tzset() saw it again */
	unsetenv("TZ");
	tzset();
	zones_resolve("Europe/London", &w, &out);
	assert_null(getenv("TZ"));
	setenv("TZ", "", 1);
	zones_uses_abbr("Europe/London", 0, "BST", 3600);
	assert_string_equal(getenv("TZ"), "");
	unsetenv("TZ");
}

/* Names are checked before any file is opened: nothing out of the zone
 * directory, nothing that is not a TZif file. */
static void test_known(void **state)
{
	(void)state;
	assert_true(zones_known("Europe/London"));
	assert_true(zones_known("America/Argentina/Buenos_Aires"));
	assert_true(zones_known("UTC"));
	static const char *const bad[] = {
	    "",   "../etc/passwd", "/etc/passwd",    "Europe/../../etc", "Europe/Londn",
	    "-x", ".hidden",       "Europe/London ", "zone.tab",         NULL};
	for (size_t i = 0; bad[i]; i++)
		if (zones_known(bad[i]))
			fail_msg("\"%s\" taken for a zone", bad[i]);
	assert_false(zones_known(NULL));
}

static void test_calendar(void **state)
{
	(void)state;
	struct zones_wall w = {2023, 8, 14, 16, 0, 0};
	time_t t = zones_wall_epoch(&w);
	assert_int_equal(t, 1692028800);
	struct zones_wall back;
	zones_epoch_wall(t, &back);
	assert_memory_equal(&back, &w, sizeof w);
	assert_int_equal(zones_weekday(2023, 8, 14), 1); /* a Monday */
	assert_int_equal(zones_weekday(2000, 1, 1), 6);
	assert_int_equal(zones_days_in_month(2024, 2), 29);
	assert_int_equal(zones_days_in_month(2023, 2), 28);
	assert_int_equal(zones_days_in_month(1900, 2), 28);
	assert_int_equal(zones_days_in_month(2000, 2), 29);
	assert_int_equal(zones_days_in_month(2023, 12), 31);
	struct zones_wall end = {2023, 12, 31, 24, 0, 0};
	struct zones_wall next = {2024, 1, 1, 0, 0, 0};
	assert_int_equal(zones_wall_epoch(&end), zones_wall_epoch(&next));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_abbreviations),    cmocka_unit_test(test_readings_adjacent),
	    cmocka_unit_test(test_names_and_places), cmocka_unit_test(test_lists),
	    cmocka_unit_test(test_resolve),          cmocka_unit_test(test_offsets),
	    cmocka_unit_test(test_tz_untouched),     cmocka_unit_test(test_known),
	    cmocka_unit_test(test_calendar),
	};
	return cmocka_run_group_tests_name("zones", tests, NULL, NULL);
}
