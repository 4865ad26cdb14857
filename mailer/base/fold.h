/*
 * fold: text folded for matching words written in any case and with or
 * without accents, as press offices type them: "SOUS EMBARGO JUSQU’AU" and
 * "sous embargo jusqu'au" fold to the same bytes, "até" to "ate",
 * "Veröffentlichung" to "veroffentlichung".
 *
 * ASCII letters are lower-cased; the Latin-1 letters with accents lose them
 * (ß becomes "ss"); typographic quotes become ' and ", dashes -, and every
 * kind of space one ASCII space.  Any other byte is copied.  map[k] is the
 * offset in the original text of folded byte k, so that a match reports the
 * column where it is written.
 */
#ifndef EMBARGO_FOLD_H
#define EMBARGO_FOLD_H

#include <stddef.h>

struct fold {
	char *s;     /* the folded text, NUL-terminated */
	size_t len;  /* its length */
	size_t *map; /* len + 1 entries: map[len] is the original's length */
};

/* Fold the n bytes of text (valid UTF-8 or not: bytes it does not know are
 * copied).  Free with fold_free. */
void fold_text(const char *text, size_t n, struct fold *f);
void fold_free(struct fold *f);

/* A folded copy of s, malloc'd (no map). */
char *fold_copy(const char *s);

#endif
