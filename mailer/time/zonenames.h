/*
 * zonenames: the names of zones and places the time grammar reads in its
 * seven languages, beside zones.c's English tables.
 *
 * From ICU's CLDR data, per language: the zone names newsrooms write
 * ("MESZ", "Mitteleuropäische Sommerzeit", "heure normale de l'Est", "HAE",
 * "hora de Europa central"), the cities that name zones ("Londres",
 * "Bruxelles", "Lissabon") and the countries ("Allemagne", "España") of
 * zones.c's place table.  Hand-written here, because CLDR does not have
 * them: the frames around a place ("heure de Paris", "hora de Madrid",
 * "ora di Roma", "horário de Brasília", "Berliner Zeit"), the adjectives
 * ("heure française", "hora peninsular", "ora italiana", "Nederlandse
 * tijd"), "local time" in each language, and the names of cities that are
 * not zone cities ("Pékin", "Genève").
 *
 * Lookups take accent-blind keys (wordfold).  zones.c's place table is read
 * through here too, so "QUÉBEC" and "Quebec" are the same place.  Built
 * once per process at the first lookup; the entries live until exit.
 */
#ifndef EMBARGO_ZONENAMES_H
#define EMBARGO_ZONENAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "zones.h"

enum zonenames_kind {
	ZN_NONE,
	ZN_FIXED,   /* a fixed offset: fixed[0..nfixed) (several: ambiguous) */
	ZN_GENERIC, /* the rule of the date in generic->zone (one or more
	               zones, separated by spaces, that must agree) */
	ZN_PLACE,   /* a city, region or country */
	ZN_LOCAL,   /* "local time", "heure locale", "Ortszeit" */
};

struct zonenames_hit {
	enum zonenames_kind kind;
	const struct zones_fixed *fixed;
	size_t nfixed;
	const struct zones_generic *generic;
	const struct zones_place *place;
	bool caps;   /* an abbreviation: read only in capitals, right after a
	                time ("10 Uhr MESZ", "10 h (HAE)") */
	bool framed; /* a place that says it is a zone ("heure française") */
};

/* The longest name that starts at keys[0] (accent-blind keys of the
 * words): returns how many words it takes (0: none) and fills *hit. */
size_t zonenames_find(const char *const *keys, size_t n, struct zonenames_hit *hit);

/* The words before a place that make it a zone: "heure de", "heure d'",
 * "hora de", "horário de", "ora di", "local time in" ...  Returns how many
 * words of keys[0..n) the frame takes, 0 if none. */
size_t zonenames_frame(const char *const *keys, size_t n);

/* The word after a place that makes it a zone: "time", "Zeit", "tijd". */
bool zonenames_suffix(const char *key);

#endif
