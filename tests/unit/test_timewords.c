#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <unicode/ucal.h>
#include <unicode/uchar.h>
#include <unicode/udat.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "phrasebook.h"
#include "timeparse.h"
#include "timewords.h"
#include "util.h"
#include "wordfold.h"
#include "zonenames.h"

/*
 * The seven languages, checked against ICU itself: every date of three
 * years is written by ICU's own formatter in each language's full, long
 * and medium styles (and in capitals, and without accents), and dates with
 * times and zones are written with the language's hour marks and ICU's
 * zone names at 10:00 local time through the year (standard and summer
 * time).  The grammar must read back the very date or instant that ICU
 * was given: the expectation is the input, not the parser's output.
 */

static char *to_utf8(const UChar *u, int32_t n)
{
	char buf[512];
	UErrorCode e = U_ZERO_ERROR;
	u_strToUTF8(buf, sizeof buf, NULL, u, n, &e);
	assert_true(U_SUCCESS(e));
	return xstrdup(buf);
}

static UDateFormat *open_style(const char *loc, UDateFormatStyle style)
{
	static const UChar utc[] = {'U', 'T', 'C', 0};
	UErrorCode e = U_ZERO_ERROR;
	UDateFormat *f = udat_open(UDAT_NONE, style, loc, utc, -1, NULL, 0, &e);
	assert_true(U_SUCCESS(e));
	return f;
}

static UDateFormat *open_pattern(const char *loc, const char *zone, const char *pattern)
{
	UChar p[128], z[64];
	UErrorCode e = U_ZERO_ERROR;
	u_strFromUTF8(p, 128, NULL, pattern, -1, &e);
	u_uastrcpy(z, zone);
	UDateFormat *f = udat_open(UDAT_PATTERN, UDAT_PATTERN, loc, z, -1, p, -1, &e);
	assert_true(U_SUCCESS(e));
	return f;
}

static char *format(UDateFormat *f, UDate t)
{
	UChar u[256];
	UErrorCode e = U_ZERO_ERROR;
	int32_t n = udat_format(f, t, u, 256, NULL, &e);
	assert_true(U_SUCCESS(e));
	return to_utf8(u, n);
}

/* The text in capitals (ICU's own upper-casing), and without accents. */
static char *upper(const char *s, const char *loc)
{
	UChar u[256], v[256];
	UErrorCode e = U_ZERO_ERROR;
	int32_t n = 0;
	u_strFromUTF8(u, 256, &n, s, -1, &e);
	n = u_strToUpper(v, 256, u, n, loc, &e);
	assert_true(U_SUCCESS(e));
	return to_utf8(v, n);
}

/* The text without its accents, case kept ("Marz", "AOUT"). */
static char *no_accents(const char *s)
{
	UChar u[256], d[512], o[512];
	UErrorCode e = U_ZERO_ERROR;
	int32_t n = 0, k = 0;
	u_strFromUTF8(u, 256, &n, s, -1, &e);
	n = unorm2_normalize(unorm2_getNFDInstance(&e), u, n, d, 512, &e);
	assert_true(U_SUCCESS(e));
	for (int32_t i = 0; i < n; i++) {
		if (u_charType(d[i]) != U_NON_SPACING_MARK)
			o[k++] = d[i];
	}
	return to_utf8(o, k);
}

static size_t read_date(const char *text, int y, int m, int d)
{
	struct timeparse_result r;
	timeparse_scan(text, NULL, &r);
	bool ok = r.status == TIMEPARSE_DATE_ONLY && r.year == y && r.month == m && r.day == d;
	if (!ok)
		print_error("\"%s\": want %04d-%02d-%02d, got status %d %04d-%02d-%02d %s\n", text,
		            y, m, d, r.status, r.year, r.month, r.day, r.error ? r.error : "");
	timeparse_result_free(&r);
	return ok ? 0 : 1;
}

/* Every day of 2023 to 2025 in every language's full, long and medium date
 * styles, as written, in capitals and without accents. */
static void dates_as_icu_writes_them(void **state)
{
	(void)state;
	static const char *const locs[] = {"en_GB", "en_US", "de",    "de_AT", "de_CH", "fr",
	                                   "fr_CA", "fr_BE", "es",    "es_MX", "it",    "nl",
	                                   "nl_BE", "pt",    "pt_BR", "pt_PT", NULL};
	static const UDateFormatStyle styles[] = {UDAT_FULL, UDAT_LONG, UDAT_MEDIUM};
	size_t checked = 0, failures = 0;
	for (const char *const *l = locs; *l; l++) {
		for (size_t s = 0; s < 3; s++) {
			UDateFormat *f = open_style(*l, styles[s]);
			for (int day = 0; day < 3 * 365 + 1; day += 1) {
				UDate t =
				    (1672574400.0 + day * 86400.0) * 1000.0; /* 2023-01-01 12:00Z */
				time_t tt = (time_t)(t / 1000);
				struct tm tm;
				gmtime_r(&tt, &tm);
				char *text = format(f, t), *up = upper(text, *l),
				     *na = no_accents(text);
				int y = tm.tm_year + 1900, m = tm.tm_mon + 1;
				/* "15/05/2024" needs date_order: test_timeparse has it */
				if (!strpbrk(text, "abcdefghijklmnopqrstuvwxyz")) {
					free(text);
					free(up);
					free(na);
					continue;
				}
				failures += read_date(text, y, m, tm.tm_mday);
				failures += read_date(up, y, m, tm.tm_mday);
				failures += read_date(na, y, m, tm.tm_mday);
				checked += 3;
				free(text);
				free(up);
				free(na);
			}
			udat_close(f);
		}
	}
	print_message("%zu dates read back\n", checked);
	assert_true(checked > 100000);
	assert_int_equal(failures, 0);
}

/* 10:00 local time on day d (days since 2023-01-01) in zone. */
static UDate ten_local(const char *zone, int d)
{
	UChar z[64];
	UErrorCode e = U_ZERO_ERROR;
	u_uastrcpy(z, zone);
	UCalendar *c = ucal_open(z, -1, "en", UCAL_GREGORIAN, &e);
	ucal_clear(c);
	ucal_setDateTime(c, 2023, UCAL_JANUARY, 1 + d, 10, 0, 0, &e);
	UDate t = ucal_getMillis(c, &e);
	ucal_close(c);
	assert_true(U_SUCCESS(e));
	return t;
}

/* Dates, times and zones as each language writes them, ICU filling in the
 * names: 10:00 local every five days of 2023 to 2025 must read back as the
 * instant ICU formatted. */
static void times_as_icu_writes_them(void **state)
{
	(void)state;
	static const struct {
		const char *loc, *zone, *pattern;
	} forms[] = {
	    {"de", "Europe/Berlin", "EEEE, d. MMMM y, HH:mm 'Uhr' z"},
	    {"de", "Europe/Berlin", "d. MMMM y, HH.mm 'Uhr' zzzz"},
	    {"de", "Europe/Berlin", "d. MMM y, H 'Uhr' vvvv"},
	    {"de_AT", "Europe/Vienna", "EEEE, d. MMMM y, HH:mm 'Uhr Wiener Zeit'"},
	    {"de", "Europe/Athens", "d. MMMM y, HH:mm 'Uhr' z"},
	    {"de", "Europe/Lisbon", "d. MMMM y, HH:mm 'Uhr' z"},
	    {"fr", "Europe/Paris", "EEEE d MMMM y 'à' HH'h'mm, 'heure de Paris'"},
	    {"fr", "Europe/Paris", "'le' d MMMM y 'à' HH 'h' mm zzzz"},
	    {"fr", "Europe/Brussels", "d MMM y 'à' HH'h', 'heure de Bruxelles'"},
	    {"fr", "Europe/Paris", "d MMMM y 'à' HH 'heures', 'heure française'"},
	    {"fr_CA", "America/Toronto", "EEEE d MMMM y 'à' HH 'h' mm z"},
	    {"fr_CA", "America/Toronto", "d MMMM y 'à' HH 'h' mm zzzz"},
	    {"es", "Europe/Madrid", "EEEE, d 'de' MMMM 'de' y, 'a las' HH:mm 'horas', zzzz"},
	    {"es", "Europe/Madrid", "d 'de' MMMM 'de' y, HH:mm 'h, hora peninsular'"},
	    {"es", "America/Los_Angeles", "d 'de' MMMM 'de' y, HH:mm vvvv"},
	    {"es", "Europe/Madrid", "d 'de' MMMM 'de' y, h 'de la mañana, hora de Madrid'"},
	    {"it", "Europe/Rome", "EEEE d MMMM y 'alle ore' HH:mm zzzz"},
	    {"it", "Europe/Rome", "d MMMM y, 'ore' HH.mm, 'ora italiana'"},
	    {"nl", "Europe/Amsterdam", "EEEE d MMMM y 'om' HH.mm 'uur' zzzz"},
	    {"nl", "Europe/Amsterdam", "d MMMM y 'om' H 'uur Nederlandse tijd'"},
	    {"nl", "Europe/Brussels", "EEEE d MMMM y, HH:mm 'uur (Belgische tijd)'"},
	    {"pt", "America/Sao_Paulo",
	     "EEEE, d 'de' MMMM 'de' y, 'às' HH'h'mm, 'horário de Brasília'"},
	    {"pt_BR", "America/Sao_Paulo", "d 'de' MMMM 'de' y, HH'h'mm z"},
	    {"pt_PT", "Europe/Lisbon", "EEEE, d 'de' MMMM 'de' y, 'às' HH:mm ('hora de Lisboa')"},
	    {"pt", "Europe/Lisbon", "d 'de' MMMM 'de' y, 'às' HH:mm zzzz"},
	    {"en_GB", "Europe/London", "EEEE d MMMM y, HH:mm z"},
	    {"en_US", "America/New_York", "EEEE, MMMM d, y, h:mm a z"},
	};
	size_t checked = 0, failures = 0;
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		UDateFormat *f = open_pattern(forms[i].loc, forms[i].zone, forms[i].pattern);
		for (int d = 0; d < 3 * 365; d += 5) {
			UDate t = ten_local(forms[i].zone, d);
			char *text = format(f, t);
			struct timeparse_result r;
			timeparse_scan(text, NULL, &r);
			checked++;
			if (r.status != TIMEPARSE_INSTANT || (double)r.instant * 1000.0 != t) {
				char want[32];
				timeparse_format_utc((time_t)(t / 1000), want);
				print_error("\"%s\": want %s, got status %d %lld %s\n", text, want,
				            r.status, (long long)r.instant, r.error ? r.error : "");
				failures++;
			}
			timeparse_result_free(&r);
			free(text);
		}
		udat_close(f);
	}
	print_message("%zu instants read back\n", checked);
	assert_true(checked > 5000);
	assert_int_equal(failures, 0);
}

/* Folding: case and accents meet; keys that do not fit are refused. */
static void folding(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		bool strip;
		const char *out;
	} cases[] = {
	    {"AOÛT", false, "août"},          {"AOÛT", true, "aout"},
	    {"März", true, "marz"},           {"MÄRZ", false, "märz"},
	    {"Straße", false, "strasse"},     {"JÄNNER", true, "janner"},
	    {"miércoles", true, "miercoles"}, {"MARTEDÌ", true, "martedi"},
	    {"Hello", false, "hello"},
	};
	char key[32];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_true(
		    wordfold(cases[i].in, strlen(cases[i].in), cases[i].strip, key, sizeof key));
		assert_string_equal(key, cases[i].out);
	}
	assert_false(wordfold("abcdefghijklmnopqrstuvwxyzabcdefghij", 36, false, key, sizeof key));
	assert_string_equal(key, "");
	/* invalid UTF-8 is not a crash */
	assert_true(wordfold("\xff\xfe", 2, true, key, sizeof key));
	char *p = wordfold_phrase("heure d’été d’Europe centrale", true);
	assert_string_equal(p, "heure d ete d europe centrale");
	free(p);
	p = wordfold_phrase("quarta-feira", true);
	assert_string_equal(p, "quarta feira");
	free(p);
	assert_null(wordfold_phrase(" - ", true));
	bool lower, cap;
	wordfold_case("Émile", strlen("Émile"), &lower, &cap);
	assert_true(lower && cap);
	wordfold_case("ÉTÉ", strlen("ÉTÉ"), &lower, &cap);
	assert_true(!lower && cap);
	wordfold_case("été", strlen("été"), &lower, &cap);
	assert_true(lower && !cap);
}

static void phrasebooks(void **state)
{
	(void)state;
	struct phrasebook pb;
	const struct phrase *p;
	size_t used;
	phrasebook_init(&pb);
	phrasebook_add(&pb, xstrdup("hora de madrid"), 1, 10, 0, NULL);
	phrasebook_add(&pb, xstrdup("hora"), 1, 11, 0, NULL);
	phrasebook_add(&pb, xstrdup("hora"), 2, 12, 0, NULL);
	phrasebook_sort(&pb);
	const char *w[] = {"hora", "de", "madrid", "y"};
	assert_int_equal(phrasebook_find(&pb, w, 4, 1, &p, &used), 1);
	assert_int_equal(used, 3);
	assert_int_equal(p->value, 10);
	assert_int_equal(phrasebook_find(&pb, w, 2, 1, &p, &used), 1);
	assert_int_equal(p->value, 11);
	assert_int_equal(phrasebook_find(&pb, w, 4, 2, &p, &used), 1);
	assert_int_equal(p->value, 12);
	assert_int_equal(phrasebook_find(&pb, w + 1, 3, 1, &p, &used), 0);
	phrasebook_free(&pb);
}

/* Words CLDR gives, found as the grammar asks for them. */
static void names(void **state)
{
	(void)state;
	size_t used;
	unsigned flags;
	const char *jan[] = {"janner"}, *may[] = {"may"}, *mar[] = {"mar"};
	assert_int_equal(timewords_month(jan, 1, true, &used, &flags), 1);
	assert_int_equal(timewords_month(jan, 1, false, &used, &flags), -1); /* German */
	assert_int_equal(timewords_month(may, 1, true, &used, &flags), 5);
	assert_false(flags & TIMEWORDS_ABBR); /* "May", English */
	assert_int_equal(timewords_month(may, 1, false, &used, &flags), 5);
	assert_true(flags & TIMEWORDS_ABBR); /* "may": only Spanish, abbreviated */
	assert_int_equal(timewords_month(mar, 1, false, &used, &flags), 3);
	assert_true(flags & TIMEWORDS_ABBR);
	const char *qf[] = {"quarta", "feira"}, *mi[] = {"mi"};
	assert_int_equal(timewords_weekday(qf, 2, false, &used, &flags), 3);
	assert_int_equal(used, 2);
	assert_int_equal(timewords_weekday(mi, 1, true, &used, &flags), 3);
	assert_true(flags & TIMEWORDS_NEAR_DATE);
	struct zonenames_hit h;
	const char *mesz[] = {"mesz"}, *paris[] = {"heure", "de"}, *lon[] = {"londres"};
	assert_int_equal(zonenames_find(mesz, 1, &h), 1);
	assert_int_equal(h.kind, ZN_FIXED);
	assert_int_equal(h.fixed->offset, 7200);
	assert_true(h.caps);
	assert_int_equal(zonenames_frame(paris, 2), 2);
	assert_int_equal(zonenames_find(lon, 1, &h), 1);
	assert_int_equal(h.kind, ZN_PLACE);
	assert_string_equal(h.place->zones, "Europe/London");
	const char *at[] = {"at"};
	assert_int_equal(zonenames_find(at, 1, &h), 0); /* CLDR's "AT" is a word */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(folding),
	    cmocka_unit_test(phrasebooks),
	    cmocka_unit_test(names),
	    cmocka_unit_test(dates_as_icu_writes_them),
	    cmocka_unit_test(times_as_icu_writes_them),
	};
	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests_name("timewords", tests, NULL, NULL);
}
