#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "util.h"

static uint64_t strmap_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

void strmap_init(struct strmap *m)
{
	m->cap = 16;
	m->n = 0;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
}

void strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	memset(m, 0, sizeof *m);
}

static struct strmap_slot *strmap_find(const struct strmap *m, const char *key)
{
	size_t mask = m->cap - 1;
	for (size_t i = (size_t)strmap_hash(key) & mask;; i = (i + 1) & mask) {
		struct strmap_slot *s = &m->slots[i];
		if (!s->key || strcmp(s->key, key) == 0)
			return s;
	}
}

void *strmap_get(const struct strmap *m, const char *key)
{
	struct strmap_slot *s = strmap_find(m, key);
	return s->key ? s->val : NULL;
}

static void strmap_rehash(struct strmap *m)
{
	struct strmap old = *m;
	m->cap *= 2;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			*strmap_find(m, old.slots[i].key) = old.slots[i];
	free(old.slots);
}

void *strmap_put(struct strmap *m, const char *key, void *val)
{
	if ((m->n + 1) * 4 > m->cap * 3)
		strmap_rehash(m);
	struct strmap_slot *s = strmap_find(m, key);
	if (s->key) {
		void *prev = s->val;
		s->val = val;
		return prev;
	}
	s->key = xstrdup(key);
	s->val = val;
	m->n++;
	return NULL;
}
