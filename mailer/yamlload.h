/*
 * yamlload: read one YAML document into a value tree, safely.
 *
 * Built on libyaml's event API (fast and lean; NOTES.md).  What libyaml lets
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

#endif
