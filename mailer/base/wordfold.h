/*
 * wordfold: how the time grammar compares the words of its seven languages.
 *
 * A word is compared by its key: Unicode full case folding ("AOÛT" and
 * "août" meet, "ß" becomes "ss"), and for the accent-blind key also without
 * combining marks ("aout", "marz").  ICU does the folding and the
 * normalisation; plain ASCII takes a fast path that gives the same result.
 * Nothing here keeps state or allocates beyond what a function returns.
 */
#ifndef EMBARGO_WORDFOLD_H
#define EMBARGO_WORDFOLD_H

#include <stdbool.h>
#include <stddef.h>

/* Fold the UTF-8 word s[0..len) into out (NUL-terminated, at most cap
 * bytes); with strip_marks also drop accents.  Invalid UTF-8 becomes
 * U+FFFD.  Returns false, with out empty, when the key does not fit. */
bool wordfold(const char *s, size_t len, bool strip_marks, char *out, size_t cap);

/* The letter case of the word s[0..len): whether it has a lower-case
 * letter, and whether it starts with a capital (or a title-case letter). */
void wordfold_case(const char *s, size_t len, bool *has_lower, bool *initial_cap);

/* A phrase ("heure d’été d’Europe centrale", "quarta-feira") as the keys of
 * its words joined by single spaces ("heure d ete d europe centrale"):
 * words are split at spaces, hyphens, apostrophes and other punctuation,
 * which are dropped.  malloc'd; NULL when the phrase has no word or a word
 * is longer than a key holds (31 bytes). */
char *wordfold_phrase(const char *s, bool strip_marks);

#endif
