#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "phrasebook.h"
#include "timewords.h"
#include "util.h"
#include "wordfold.h"
#include "zonenames.h"
#include "zones.h"

/* The languages read and the regional forms whose zone names differ
 * (Canadian French has "HNE", "heure avancée de l'Est"). */
static const char *const locales[] = {"en", "de", "fr", "fr_CA", "es", "es_MX",
                                      "it", "nl", "pt", "pt_PT", NULL};

/* The zones whose names are read: one for each set of zones that share
 * their names (CLDR's metazones) and their rules, where the seven languages
 * are written or that they write about.  Zones that share names but not
 * rules (Brisbane's AEST without daylight time, Mexico City's "hora del
 * centro") are left out: their names would be a guess. */
static const char *const name_zones[] = {"Europe/Berlin",
                                         "Europe/Lisbon",
                                         "Europe/Athens",
                                         "Europe/London",
                                         "Europe/Dublin",
                                         "Europe/Moscow",
                                         "America/New_York",
                                         "America/Chicago",
                                         "America/Denver",
                                         "America/Los_Angeles",
                                         "America/Anchorage",
                                         "Pacific/Honolulu",
                                         "America/Halifax",
                                         "America/St_Johns",
                                         "America/Sao_Paulo",
                                         "America/Argentina/Buenos_Aires",
                                         "America/Santiago",
                                         "America/Bogota",
                                         "America/Lima",
                                         "America/Caracas",
                                         "America/Montevideo",
                                         "Asia/Tokyo",
                                         "Asia/Shanghai",
                                         "Asia/Hong_Kong",
                                         "Asia/Singapore",
                                         "Asia/Kolkata",
                                         "Asia/Dubai",
                                         "Asia/Riyadh",
                                         "Asia/Jerusalem",
                                         "Asia/Seoul",
                                         "Asia/Jakarta",
                                         "Asia/Bangkok",
                                         "Asia/Manila",
                                         "Asia/Karachi",
                                         "Africa/Johannesburg",
                                         "Africa/Lagos",
                                         "Africa/Nairobi",
                                         "Africa/Maputo",
                                         "Australia/Sydney",
                                         "Australia/Adelaide",
                                         "Australia/Perth",
                                         "Pacific/Auckland",
                                         NULL};

/* Frames that make the place after them a zone. */
static const char *const frames[] = {"heure de",
                                     "heure d’",
                                     "heure du",
                                     "heure des",
                                     "hora de",
                                     "hora del",
                                     "hora da",
                                     "hora do",
                                     "horário de",
                                     "horário da",
                                     "horário do",
                                     "hora oficial de",
                                     "horário oficial de",
                                     "ora di",
                                     "ora del",
                                     "local time in",
                                     "local time at",
                                     "hora local de",
                                     "hora local en",
                                     "heure locale de",
                                     "heure locale à",
                                     "ora locale di",
                                     "Ortszeit in",
                                     NULL};

static const char *const suffixes[] = {"time", "zeit", "tijd", "ortszeit", NULL};

static const char *const local_words[] = {
    "local time",  "heure locale", "hora local",  "horário local",     "ora locale", "Ortszeit",
    "lokale Zeit", "lokaler Zeit", "lokale tijd", "plaatselijke tijd", NULL};

/* Adjectives and names that say the zone of a country ("framed": they need
 * no capital and stand as a zone wherever they are). */
static const struct {
	const char *phrase, *zone;
} framed[] = {
    {"heure française", "Europe/Paris"},
    {"heure de France", "Europe/Paris"},
    {"heure belge", "Europe/Brussels"},
    {"heure suisse", "Europe/Zurich"},
    {"heure luxembourgeoise", "Europe/Luxembourg"},
    {"hora peninsular", "Europe/Madrid"},
    {"hora peninsular española", "Europe/Madrid"},
    {"hora oficial peninsular", "Europe/Madrid"},
    {"hora española", "Europe/Madrid"},
    {"hora canaria", "Atlantic/Canary"},
    {"hora portuguesa", "Europe/Lisbon"},
    {"hora de Portugal continental", "Europe/Lisbon"},
    {"ora italiana", "Europe/Rome"},
    {"ora di Roma", "Europe/Rome"},
    {"Nederlandse tijd", "Europe/Amsterdam"},
    {"Belgische tijd", "Europe/Brussels"},
    {"deutsche Zeit", "Europe/Berlin"},
    {"deutscher Zeit", "Europe/Berlin"},
    {"österreichische Zeit", "Europe/Vienna"},
    {"österreichischer Zeit", "Europe/Vienna"},
    {"Schweizer Zeit", "Europe/Zurich"},
    {"Berliner Zeit", "Europe/Berlin"},
    {"Wiener Zeit", "Europe/Vienna"},
    {"Zürcher Zeit", "Europe/Zurich"},
    {"horário de Brasília", "America/Sao_Paulo"},
    {"hora de Brasília", "America/Sao_Paulo"},
    {"horário oficial de Brasília", "America/Sao_Paulo"},
};

/* Cities CLDR does not name (they are not zone cities), in the languages
 * read. */
static const struct {
	const char *phrase, *zone;
} exonyms[] = {
    {"Pékin", "Asia/Shanghai"},
    {"Peking", "Asia/Shanghai"},
    {"Pekín", "Asia/Shanghai"},
    {"Pechino", "Asia/Shanghai"},
    {"Pequim", "Asia/Shanghai"},
    {"Genève", "Europe/Zurich"},
    {"Genf", "Europe/Zurich"},
    {"Ginevra", "Europe/Zurich"},
    {"Ginebra", "Europe/Zurich"},
    {"Genebra", "Europe/Zurich"},
    {"La Haye", "Europe/Amsterdam"},
    {"Den Haag", "Europe/Amsterdam"},
    {"La Haya", "Europe/Amsterdam"},
    {"L’Aia", "Europe/Amsterdam"},
    {"Haia", "Europe/Amsterdam"},
    {"Francfort", "Europe/Berlin"},
    {"Fráncfort", "Europe/Berlin"},
    {"Francoforte", "Europe/Berlin"},
    {"München", "Europe/Berlin"},
    {"Múnich", "Europe/Berlin"},
    {"Köln", "Europe/Berlin"},
    {"Hambourg", "Europe/Berlin"},
    {"Hamburgo", "Europe/Berlin"},
    {"Amburgo", "Europe/Berlin"},
    {"Straßburg", "Europe/Paris"},
    {"Estrasburgo", "Europe/Paris"},
    {"Strasburgo", "Europe/Paris"},
    {"Marseille", "Europe/Paris"},
    {"Marsella", "Europe/Paris"},
    {"Marsiglia", "Europe/Paris"},
    {"Barcelone", "Europe/Madrid"},
    {"Barcellona", "Europe/Madrid"},
    {"Séville", "Europe/Madrid"},
    {"Sevilla", "Europe/Madrid"},
    {"Valence", "Europe/Madrid"},
    {"Milano", "Europe/Rome"},
    {"Mailand", "Europe/Rome"},
    {"Milán", "Europe/Rome"},
    {"Milão", "Europe/Rome"},
    {"Napoli", "Europe/Rome"},
    {"Neapel", "Europe/Rome"},
    {"Nápoles", "Europe/Rome"},
    {"Torino", "Europe/Rome"},
    {"Turin", "Europe/Rome"},
    {"Firenze", "Europe/Rome"},
    {"Florenz", "Europe/Rome"},
    {"Venezia", "Europe/Rome"},
    {"Venedig", "Europe/Rome"},
    {"Anvers", "Europe/Brussels"},
    {"Antwerpen", "Europe/Brussels"},
    {"Amberes", "Europe/Brussels"},
    {"Gand", "Europe/Brussels"},
    {"Gent", "Europe/Brussels"},
    {"Porto", "Europe/Lisbon"},
    {"Oporto", "Europe/Lisbon"},
    {"Nova Iorque", "America/New_York"},
    {"Washington D.C.", "America/New_York"},
};

enum { K_FIXED, K_GENERIC, K_PLACE, K_LOCAL, K_FRAME, K_SUFFIX };
enum { F_CAPS = 1, F_FRAMED = 2, F_ENGLISH = 4 };

static struct phrasebook book;
static bool loaded;

/* --- names as ICU gives them ------------------------------------------------ */

/* A fixed-offset name read from ICU before the entries are built. */
struct pending {
	int kind; /* K_FIXED, K_GENERIC */
	char *key, *name, *label, *zones;
	int offset;
	bool caps;
};

static struct {
	struct pending *v;
	size_t n, cap;
} pend;

static bool letters_only(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);
	if (n < min || n > max)
		return false;
	for (; *s; s++) {
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
			return false;
	}
	return true;
}

/* A name spelled out, not an offset ("GMT+02:00", "UTC−3") or a place
 * ("heure : Allemagne", "New York (Ortszeit)"). */
static bool spelled(const char *s)
{
	return s[0] && !strstr(s, "GMT") && !strstr(s, "UTC") && !strpbrk(s, ":()+0123456789");
}

static bool to_utf8(const UChar *u, int32_t n, char *out, size_t cap)
{
	UErrorCode e = U_ZERO_ERROR;
	if (n <= 0)
		return false;
	u_strToUTF8(out, (int32_t)cap, NULL, u, n, &e);
	return U_SUCCESS(e) && e != U_STRING_NOT_TERMINATED_WARNING;
}

/* Does zones.c's English table already read this phrase? */
static bool english_knows(const char *key)
{
	const char *w[8];
	bool caps[8];
	char buf[256];
	size_t n = 0, used;
	const struct zones_fixed *f;
	snprintf(buf, sizeof buf, "%s", key);
	for (char *p = strtok(buf, " "); p && n < 8; p = strtok(NULL, " ")) {
		caps[n] = true;
		w[n++] = p;
	}
	if (n == 1 && zones_find_abbr(w[0], strlen(w[0]), &f))
		return true;
	if (zones_find_fixed_name(w, n, &used) && used == n)
		return true;
	return zones_find_generic(w, caps, n, true, &used) && used == n;
}

static void add_pending(int kind, const char *name, const char *label, int offset, const char *zone,
                        bool caps)
{
	char *key = wordfold_phrase(name, true);
	/* "AT" (Atlantic time) is a word */
	if (!key || (caps && timewords_common(key))) {
		free(key);
		return;
	}
	pend.v = xgrow(pend.v, &pend.cap, pend.n + 1, sizeof *pend.v);
	pend.v[pend.n++] =
	    (struct pending){kind, key, xstrdup(name), xstrdup(label), xstrdup(zone), offset, caps};
}

static void add_fixed(const char *name, const char *label, int offset, const char *zone, bool caps)
{
	add_pending(K_FIXED, name, label, offset, zone, caps);
}

static void add_generic(const char *name, const char *zone, bool caps)
{
	add_pending(K_GENERIC, name, name, 0, zone, caps);
}

static void add_place(const char *name, const char *zones, unsigned flags)
{
	char *key = wordfold_phrase(name, true);
	if (!key)
		return;
	struct zones_place *p = xcalloc(1, sizeof *p);
	p->words = xstrdup(key);
	p->zones = xstrdup(zones);
	phrasebook_add(&book, key, K_PLACE, 0, flags, p);
}

static void add_word(const char *phrase, int kind)
{
	char *key = wordfold_phrase(phrase, true);
	if (key)
		phrasebook_add(&book, key, kind, 0, 0, NULL);
}

/* The names of one zone in one locale (generic: the locale's formatter of
 * generic names): standard and daylight time, long and short (dst_off ==
 * std_off: the zone keeps one offset), and the generic name.  Short generic
 * names ("HE", "AT") are not read: they are words as often as zones, and
 * ICU takes long to make them. */
static void names_of_zone(const char *loc, UDateFormat *generic, const char *zone, UCalendar *cal,
                          int std_off, int dst_off)
{
	static const UCalendarDisplayNameType types[4] = {UCAL_STANDARD, UCAL_SHORT_STANDARD,
	                                                  UCAL_DST, UCAL_SHORT_DST};
	char name[5][256];
	UChar u[128];
	for (int t = 0; t < 5; t++) {
		UErrorCode e = U_ZERO_ERROR;
		int32_t n = t < 4 ? ucal_getTimeZoneDisplayName(cal, types[t], loc, u, 128, &e)
		                  : udat_formatCalendar(generic, cal, u, 128, NULL, &e);
		if (U_FAILURE(e) || !to_utf8(u, n, name[t], sizeof name[t]))
			name[t][0] = '\0';
	}
	const char *lstd = name[0], *sstd = name[1], *ldst = name[2], *sdst = name[3];
	const char *gen = name[4];
	/* Greenwich Mean Time, in any language, is UTC on any date (as GMT
	 * is), not London's winter time */
	const char *std_home =
	    std_off == 0 && (!strcmp(zone, "Europe/London") || !strcmp(zone, "Europe/Dublin"))
	        ? ""
	        : zone;
	/* a zone without a name of its own in a language is named by its
	 * offset ("GMT+02:00") or its place ("heure : Allemagne") */
	if (spelled(lstd))
		add_fixed(lstd, lstd, std_off, std_home, false);
	if (letters_only(sstd, 2, 6))
		add_fixed(sstd, spelled(lstd) ? lstd : sstd, std_off, std_home, true);
	if (dst_off != std_off && spelled(ldst))
		add_fixed(ldst, ldst, dst_off, zone, false);
	if (dst_off != std_off && letters_only(sdst, 2, 6))
		add_fixed(sdst, spelled(ldst) ? ldst : sdst, dst_off, zone, true);
	if (spelled(gen) && strcmp(gen, lstd) != 0 && strcmp(gen, ldst) != 0)
		add_generic(gen, zone, false);
}

static UCalendar *open_zone(const char *zone)
{
	UChar zid[ZONES_NAME_MAX];
	UErrorCode e = U_ZERO_ERROR;
	u_uastrncpy(zid, zone, ZONES_NAME_MAX);
	UCalendar *cal = ucal_open(zid, -1, "en", UCAL_GREGORIAN, &e);
	return U_FAILURE(e) ? NULL : cal;
}

static UDateFormat *open_format(const char *loc, const char *pattern)
{
	UChar p[8];
	UErrorCode e = U_ZERO_ERROR;
	u_uastrncpy(p, pattern, 8);
	UDateFormat *f = udat_open(UDAT_PATTERN, UDAT_PATTERN, loc, NULL, 0, p, -1, &e);
	return U_FAILURE(e) ? NULL : f;
}

/* The zone's offsets in standard and in daylight time over the coming
 * year (equal when it keeps one). */
static void seasons(UCalendar *cal, int *std_off, int *dst_off)
{
	UDate now = ucal_getNow();
	bool have_std = false, have_dst = false;
	*std_off = *dst_off = 0;
	for (int q = 0; q < 4; q++) {
		UErrorCode e = U_ZERO_ERROR;
		ucal_setMillis(cal, now + q * 91.0 * 86400000.0, &e);
		int raw = ucal_get(cal, UCAL_ZONE_OFFSET, &e) / 1000;
		int sav = ucal_get(cal, UCAL_DST_OFFSET, &e) / 1000;
		if (U_FAILURE(e))
			continue;
		if (sav && !have_dst) {
			*dst_off = raw + sav;
			have_dst = true;
		} else if (!sav && !have_std) {
			*std_off = raw;
			have_std = true;
		}
	}
	if (!have_dst)
		*dst_off = *std_off;
}

static void add_zone_names(void)
{
	UDateFormat *gf[16];
	const char *loc[16];
	size_t nl = 0;
	for (const char *const *l = locales; *l && nl < 16; l++) {
		loc[nl] = *l;
		gf[nl] = open_format(*l, "vvvv");
		nl += gf[nl] != NULL;
	}
	for (size_t i = 0; name_zones[i]; i++) {
		UCalendar *cal = open_zone(name_zones[i]);
		int std_off, dst_off;
		if (!cal)
			continue;
		seasons(cal, &std_off, &dst_off);
		for (size_t k = 0; k < nl; k++)
			names_of_zone(loc[k], gf[k], name_zones[i], cal, std_off, dst_off);
		ucal_close(cal);
	}
	for (size_t k = 0; k < nl; k++)
		udat_close(gf[k]);
}

static int cmp_pending(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static bool same_group(size_t a, size_t b)
{
	return !strcmp(pend.v[a].key, pend.v[b].key) && pend.v[a].kind == pend.v[b].kind;
}

/* The zones of a home list, with zone added once. */
static char *home_add(char *home, const char *zone)
{
	if (zones_list_has(home, zone))
		return home;
	char *s = home ? xasprintf("%s %s", home, zone) : xstrdup(zone);
	free(home);
	return s;
}

/* One key: an array of one fixed reading per offset (several offsets: the
 * name is ambiguous, like "CST"). */
static size_t build_fixed_key(size_t i)
{
	size_t j = i, nofs = 0;
	while (j < pend.n && same_group(i, j)) {
		if (j == i || pend.v[j].offset != pend.v[j - 1].offset)
			nofs++;
		j++;
	}
	struct zones_fixed *f = xcalloc(nofs, sizeof *f);
	bool *anydate = xcalloc(nofs, sizeof *anydate);
	size_t k = 0;
	bool caps = true;
	for (size_t a = i; a < j; a++) {
		if (a > i && pend.v[a].offset != pend.v[a - 1].offset)
			k++;
		if (!f[k].abbr) {
			f[k].abbr = xstrdup(pend.v[a].name);
			f[k].label = xstrdup(pend.v[a].label);
			f[k].offset = pend.v[a].offset;
		}
		if (!pend.v[a].zones[0])
			anydate[k] = true;
		else
			f[k].home = home_add((char *)f[k].home, pend.v[a].zones);
		caps &= pend.v[a].caps;
	}
	for (k = 0; k < nofs; k++) {
		if (anydate[k]) {
			free((char *)f[k].home);
			f[k].home = NULL;
		}
	}
	free(anydate);
	phrasebook_add(&book, xstrdup(pend.v[i].key), K_FIXED, (int)nofs, caps ? F_CAPS : 0, f);
	return j;
}

/* One key: the rule of the date in every zone that has the name (they
 * must agree when it is read). */
static size_t build_generic_key(size_t i)
{
	size_t j = i;
	bool caps = true;
	char *zones = NULL;
	for (; j < pend.n && same_group(i, j); j++) {
		zones = home_add(zones, pend.v[j].zones);
		caps &= pend.v[j].caps;
	}
	struct zones_generic *g = xcalloc(1, sizeof *g);
	g->words = xstrdup(pend.v[i].key);
	g->zone = zones;
	g->label = xstrdup(pend.v[i].name);
	g->flags = caps ? ZONES_CAPS : 0;
	phrasebook_add(&book, xstrdup(pend.v[i].key), K_GENERIC, 0, caps ? F_CAPS : 0, g);
	return j;
}

static void build_pending(void)
{
	if (pend.n)
		qsort(pend.v, pend.n, sizeof *pend.v, cmp_pending);
	for (size_t i = 0; i < pend.n;) {
		size_t j = i + 1;
		while (j < pend.n && same_group(i, j))
			j++;
		/* zones.c's own reading of a name stands */
		if (!english_knows(pend.v[i].key))
			j = pend.v[i].kind == K_FIXED ? build_fixed_key(i) : build_generic_key(i);
		i = j;
	}
	for (size_t i = 0; i < pend.n; i++) {
		free(pend.v[i].key);
		free(pend.v[i].name);
		free(pend.v[i].label);
		free(pend.v[i].zones);
	}
	free(pend.v);
	memset(&pend, 0, sizeof pend);
}

/* --- places -------------------------------------------------------------------- */

static const struct zones_place *english_place(const char *name)
{
	char *key = wordfold_phrase(name, false);
	const struct zones_place *hit = NULL;
	for (size_t i = 0; key && i < zones_place_count && !hit; i++) {
		if (!strcmp(zones_place_table[i].words, key))
			hit = &zones_place_table[i];
	}
	free(key);
	return hit;
}

static void add_english_places(void)
{
	for (size_t i = 0; i < zones_place_count; i++) {
		char *key = wordfold_phrase(zones_place_table[i].words, true);
		if (key)
			phrasebook_add(&book, key, K_PLACE, 0, F_ENGLISH, &zones_place_table[i]);
	}
}

static void format_zone(UDateFormat *f, UCalendar *cal, char *out, size_t cap)
{
	UChar u[128];
	UErrorCode e = U_ZERO_ERROR;
	int32_t n = udat_formatCalendar(f, cal, u, 128, NULL, &e);
	if (U_FAILURE(e) || !to_utf8(u, n, out, cap))
		out[0] = '\0';
}

/* The city that names a zone, in each language ("Londres", "Lissabon"),
 * for the zones whose English city is in the place table. */
static void add_zone_cities(void)
{
	UDateFormat *loc[32];
	size_t nl = 0;
	for (const char *const *l = locales; *l && nl < 32; l++)
		loc[nl++] = open_format(*l, "VVV");
	for (size_t i = 0; loc[0] && i < zones_place_count; i++) {
		const char *zone = zones_place_table[i].zones;
		char city[128], name[128];
		if (strchr(zone, ' ') || (i > 0 && !strcmp(zones_place_table[i - 1].zones, zone)))
			continue;
		UCalendar *cal = open_zone(zone);
		if (!cal)
			continue;
		format_zone(loc[0], cal, city, sizeof city);
		const struct zones_place *p = english_place(city);
		for (size_t k = 1; p && !strcmp(p->zones, zone) && k < nl; k++) {
			if (!loc[k])
				continue;
			format_zone(loc[k], cal, name, sizeof name);
			if (name[0])
				add_place(name, zone, 0);
		}
		ucal_close(cal);
	}
	for (size_t k = 0; k < nl; k++) {
		if (loc[k])
			udat_close(loc[k]);
	}
}

/* Countries of the place table, named in each language ("Allemagne"). */
static void add_countries(void)
{
	for (const char *const *c = uloc_getISOCountries(); *c; c++) {
		char id[8], name[128];
		UChar u[128];
		UErrorCode e = U_ZERO_ERROR;
		snprintf(id, sizeof id, "_%s", *c);
		int32_t n = uloc_getDisplayCountry(id, "en", u, 128, &e);
		if (U_FAILURE(e) || !to_utf8(u, n, name, sizeof name))
			continue;
		const struct zones_place *p = english_place(name);
		if (!p)
			continue;
		for (const char *const *l = locales; *l; l++) {
			e = U_ZERO_ERROR;
			n = uloc_getDisplayCountry(id, *l, u, 128, &e);
			if (U_SUCCESS(e) && to_utf8(u, n, name, sizeof name))
				add_place(name, p->zones, 0);
		}
	}
}

static void drop_place(struct phrase *p)
{
	struct zones_place *z = (struct zones_place *)p->data;
	if (!(p->flags & F_ENGLISH)) {
		free((char *)z->words);
		free((char *)z->zones);
		free(z);
	}
	free(p->key);
}

/* A place key that names two different sets of zones is dropped, unless
 * the English table has it (its reading stands); repeats are merged. */
static void merge_places(void)
{
	size_t out = 0;
	for (size_t i = 0; i < book.n;) {
		size_t j = i + 1;
		if (book.v[i].kind != K_PLACE) {
			book.v[out++] = book.v[i];
			i = j;
			continue;
		}
		const struct phrase *keep = &book.v[i];
		bool clash = false;
		for (; j < book.n && book.v[j].kind == K_PLACE && !strcmp(book.v[j].key, keep->key);
		     j++) {
			const struct zones_place *a = keep->data, *b = book.v[j].data;
			if (book.v[j].flags & F_ENGLISH)
				keep = &book.v[j];
			else if (!(keep->flags & F_ENGLISH) && strcmp(a->zones, b->zones) != 0)
				clash = true;
		}
		if (keep->flags & F_ENGLISH)
			clash = false;
		struct phrase kept = *keep;
		for (size_t k = i; k < j; k++) {
			if (&book.v[k] != keep || clash)
				drop_place(&book.v[k]);
		}
		if (!clash)
			book.v[out++] = kept;
		i = j;
	}
	book.n = out;
}

static void load(void)
{
	if (!phrasebook_start(&book, &loaded))
		return;
	add_zone_names();
	build_pending();
	add_english_places();
	add_zone_cities();
	add_countries();
	for (size_t i = 0; i < sizeof exonyms / sizeof exonyms[0]; i++)
		add_place(exonyms[i].phrase, exonyms[i].zone, 0);
	for (size_t i = 0; i < sizeof framed / sizeof framed[0]; i++)
		add_place(framed[i].phrase, framed[i].zone, F_FRAMED);
	for (size_t i = 0; local_words[i]; i++)
		add_word(local_words[i], K_LOCAL);
	for (size_t i = 0; frames[i]; i++)
		add_word(frames[i], K_FRAME);
	for (size_t i = 0; suffixes[i]; i++)
		add_word(suffixes[i], K_SUFFIX);
	phrasebook_sort(&book);
	merge_places();
}

/* --- lookups -------------------------------------------------------------------- */

size_t zonenames_find(const char *const *keys, size_t n, struct zonenames_hit *hit)
{
	static const int kinds[] = {K_FIXED, K_GENERIC, K_LOCAL, K_PLACE};
	const struct phrase *p;
	size_t best = 0, used;
	load();
	memset(hit, 0, sizeof *hit);
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		size_t hits = phrasebook_find(&book, keys, n, kinds[k], &p, &used);
		if (!hits || used <= best)
			continue;
		best = used;
		hit->caps = p->flags & F_CAPS;
		hit->framed = p->flags & F_FRAMED;
		switch (kinds[k]) {
		case K_FIXED:
			hit->kind = ZN_FIXED;
			hit->fixed = p->data;
			hit->nfixed = (size_t)p->value;
			break;
		case K_GENERIC:
			hit->kind = ZN_GENERIC;
			hit->generic = p->data;
			break;
		case K_LOCAL:
			hit->kind = ZN_LOCAL;
			break;
		default:
			hit->kind = ZN_PLACE;
			hit->place = p->data;
			break;
		}
	}
	return best;
}

size_t zonenames_frame(const char *const *keys, size_t n)
{
	const struct phrase *p;
	size_t used;
	load();
	return phrasebook_find(&book, keys, n, K_FRAME, &p, &used) ? used : 0;
}

bool zonenames_suffix(const char *key)
{
	const struct phrase *p;
	load();
	return phrasebook_get(&book, key, K_SUFFIX, &p) > 0;
}
