#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "phrasebook.h"
#include "util.h"

void phrasebook_init(struct phrasebook *pb)
{
	memset(pb, 0, sizeof *pb);
}

bool phrasebook_start(struct phrasebook *pb, bool *built)
{
	if (*built)
		return false;
	*built = true;
	phrasebook_init(pb);
	return true;
}

void phrasebook_free(struct phrasebook *pb)
{
	for (size_t i = 0; i < pb->n; i++)
		free(pb->v[i].key);
	free(pb->v);
	memset(pb, 0, sizeof *pb);
}

void phrasebook_add(struct phrasebook *pb, char *key, int kind, int value, unsigned flags,
                    const void *data)
{
	size_t words = 1;
	for (const char *p = key; *p; p++)
		words += *p == ' ';
	if (words > pb->maxwords)
		pb->maxwords = words;
	pb->v = xgrow(pb->v, &pb->cap, pb->n + 1, sizeof *pb->v);
	pb->v[pb->n++] = (struct phrase){key, kind, value, flags, data};
	pb->sorted = false;
}

static int cmp_key_kind(const char *key, int kind, const struct phrase *p)
{
	int c = strcmp(key, p->key);
	if (c)
		return c;
	return kind < p->kind ? -1 : kind > p->kind;
}

static int cmp_phrase(const void *a, const void *b)
{
	const struct phrase *x = a, *y = b;
	int c = cmp_key_kind(x->key, x->kind, y);
	if (c)
		return c;
	return x->value < y->value ? -1 : x->value > y->value;
}

void phrasebook_sort(struct phrasebook *pb)
{
	if (pb->n)
		qsort(pb->v, pb->n, sizeof *pb->v, cmp_phrase);
	pb->sorted = true;
}

size_t phrasebook_get(const struct phrasebook *pb, const char *key, int kind,
                      const struct phrase **first)
{
	size_t lo = 0, hi = pb->n;
	*first = NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_key_kind(key, kind, &pb->v[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t n = 0;
	while (lo + n < pb->n && cmp_key_kind(key, kind, &pb->v[lo + n]) == 0)
		n++;
	if (n)
		*first = &pb->v[lo];
	return n;
}

size_t phrasebook_find(const struct phrasebook *pb, const char *const *words, size_t n, int kind,
                       const struct phrase **first, size_t *used)
{
	char buf[256];
	*first = NULL;
	*used = 0;
	if (n > pb->maxwords)
		n = pb->maxwords;
	for (size_t m = n; m > 0; m--) {
		size_t len = 0;
		bool fits = true;
		for (size_t k = 0; k < m && fits; k++) {
			size_t w = strlen(words[k]);
			fits = w && len + w + 1 < sizeof buf;
			if (!fits)
				break;
			if (k)
				buf[len++] = ' ';
			memcpy(buf + len, words[k], w);
			len += w;
		}
		if (!fits)
			continue;
		buf[len] = '\0';
		size_t hits = phrasebook_get(pb, buf, kind, first);
		if (hits) {
			*used = m;
			return hits;
		}
	}
	return 0;
}
