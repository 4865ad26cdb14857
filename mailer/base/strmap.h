/*
 * strmap: a hash map from strings to pointers (open addressing, FNV-1a).
 * Keys are copied; values are borrowed.  Lists of 200,000 recipients are
 * merged and journaled through it, so lookups must stay O(1).
 */
#ifndef EMBARGO_STRMAP_H
#define EMBARGO_STRMAP_H

#include <stddef.h>

struct strmap_slot {
	char *key;
	void *val;
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap; /* a power of two */
	size_t n;
};

void strmap_init(struct strmap *m);
void strmap_free(struct strmap *m);
void *strmap_get(const struct strmap *m, const char *key);
/* Insert or replace; returns the previous value or NULL. */
void *strmap_put(struct strmap *m, const char *key, void *val);

#endif
