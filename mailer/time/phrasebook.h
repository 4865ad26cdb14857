/*
 * phrasebook: a sorted set of phrases (word keys joined by single spaces,
 * see wordfold_phrase) with what each one means, looked up by the longest
 * phrase that starts a run of words.  The time grammar keeps its month,
 * weekday, zone and place names in phrasebooks built once per process.
 *
 * A phrasebook owns its keys; data pointers are the caller's.
 */
#ifndef EMBARGO_PHRASEBOOK_H
#define EMBARGO_PHRASEBOOK_H

#include <stdbool.h>
#include <stddef.h>

struct phrase {
	char *key;      /* "mitteleuropaische sommerzeit" */
	int kind;       /* what sort of word: the caller's enum */
	int value;      /* a month, a weekday, an offset ... */
	unsigned flags; /* the caller's */
	const void *data;
};

struct phrasebook {
	struct phrase *v;
	size_t n, cap;
	size_t maxwords; /* words in the longest phrase */
	bool sorted;
};

void phrasebook_init(struct phrasebook *pb);
/* The start of a phrasebook built once per process: true the first time
 * (*built is set and pb initialised, to be filled), false ever after. */
bool phrasebook_start(struct phrasebook *pb, bool *built);
void phrasebook_free(struct phrasebook *pb);

/* Add a phrase; key is taken over. */
void phrasebook_add(struct phrasebook *pb, char *key, int kind, int value, unsigned flags,
                    const void *data);

/* Sort by key, kind and value, so that lookups can start.  Called again
 * after more adds. */
void phrasebook_sort(struct phrasebook *pb);

/* The entries of the given kind whose key is the longest phrase made of
 * words[0..m) for some m <= n: returns how many (they are consecutive from
 * *first) and sets *used to m; 0 when none. */
size_t phrasebook_find(const struct phrasebook *pb, const char *const *words, size_t n, int kind,
                       const struct phrase **first, size_t *used);

/* The entries of the given kind with exactly this key (0 when none). */
size_t phrasebook_get(const struct phrasebook *pb, const char *key, int kind,
                      const struct phrase **first);

#endif
