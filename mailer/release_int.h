/*
 * release_int: what the parts of the release parser share (release.c,
 * release_front.c, release_layout.c); nothing else includes it.
 */
#ifndef EMBARGO_RELEASE_INT_H
#define EMBARGO_RELEASE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "release.h"
#include "timeparse.h"

/* The text of a release split into lines, with their 1-based numbers in the
 * file (front matter shifts them). */
struct lines {
	char **v;
	size_t n;
	int first_line;
};

struct front {
	struct release *rel;
	struct timeparse_opts time; /* with the front matter's timezone, if any */
	char *timezone;             /* owned copy */
};

/* Append s (taken over) to the string vector *v of *n. */
void release_push_str(char ***v, size_t *n, char *s);

/* Split off "---\n...\n---\n" at the top of text and apply it to rel (and
 * f->time, when it sets a timezone).  Returns the offset where the text after
 * it starts (0 when there is no front matter) and sets *next_line to the
 * file's line number there. */
size_t release_front_matter(struct release *rel, const char *text, struct front *f, int *next_line);

#endif
