/*
 * yamlload: read one YAML document into a value tree, safely.
 *
 * Built on libyaml's event API (fast and lean; doc/design.md "Library facts").  What libyaml lets
 * through and we refuse: anchors and aliases (loops, billion laughs), nesting
 * deeper than YAMLLOAD_MAX_DEPTH, duplicate keys, keys that are not plain
 * strings, more than one document, invalid UTF-8 and NUL bytes, and input
 * larger than the caller's cap.  Every error names file:line:column.
 *
 * Scalars load as strings, except that a plain (unquoted) empty scalar, "~"
 * and "null" load as null.  With YAMLLOAD_TYPED, plain true/false load as
 * booleans and plain numbers as numbers (used for the Mustache spec data);
 * without it there is no implicit typing ("no" stays "no").
 */
#ifndef EMBARGO_YAMLLOAD_H
#define EMBARGO_YAMLLOAD_H

#include <stddef.h>

#include "diag.h"
#include "value.h"

#define YAMLLOAD_MAX_DEPTH 64

enum yamlload_flags {
	YAMLLOAD_TYPED = 1,
};

/* Load buf[0..len) as one YAML document.  name is used in errors;
 * line_offset is added to every line number (for front matter that starts
 * after line 1).  Errors are appended to d with status err_status.  Returns the
 * tree (the caller frees it with value_free), NULL on error.  An empty
 * document loads as a null value. */
struct value *yamlload_buffer(const char *buf, size_t len, const char *name, int line_offset,
                              int flags, int err_status, struct diags *d);

/* Read the regular file at path (at most max_size bytes; FIFOs, directories
 * and larger files are refused) and load it.  A missing file is EX_NOINPUT. */
struct value *yamlload_file(const char *path, size_t max_size, int flags, int err_status,
                            struct diags *d);

/* One sequence of a document, handed over an item at a time: a press list of
 * 200,000 entries loaded as one tree took 250 MB. */
struct yamlload_items {
	const char *key; /* the key of the top-level map whose sequence it is */
	/* Called with each item in order (index from 0); the callback takes
	 * the item over.  Returning -1 stops the load (the callback has put
	 * its error in its own diagnostics); yamlload_file_items then returns
	 * NULL. */
	int (*item)(void *arg, struct value *item, size_t index);
	void *arg;
};

/* yamlload_file for large files: the file is read in pieces (never whole),
 * and when the document is a map whose key items->key holds a sequence, the
 * items of that sequence are not kept: each goes to items->item as soon as
 * it is read, and the returned tree has an empty list there (with the
 * sequence's line and column).  Everything else is checked and reported as
 * yamlload_file does (the same errors; a problem found after some items were
 * handed over still fails the load). */
struct value *yamlload_file_items(const char *path, size_t max_size, int flags, int err_status,
                                  const struct yamlload_items *items, struct diags *d);

#endif
