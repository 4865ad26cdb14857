/*
 * mustache: the Mustache template engine (the official spec's required
 * modules: comments, delimiters, interpolation, inverted, partials, sections).
 *
 * A template is compiled once and rendered many times (one render per
 * journalist), against a value tree as its context.  Partials are loaded
 * through a callback when first needed and cached with the template; a partial
 * that includes itself deeper than MUSTACHE_MAX_PARTIAL_DEPTH is an error, not
 * a stack overflow, and so is a render that grows past MUSTACHE_MAX_OUTPUT
 * bytes or MUSTACHE_MAX_PARTIAL_CALLS inclusions.  Values interpolated into the output are never
 * parsed as templates again.
 */
#ifndef EMBARGO_MUSTACHE_H
#define EMBARGO_MUSTACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "util.h"
#include "value.h"

#define MUSTACHE_MAX_PARTIAL_DEPTH 32
/* One render stops with an error naming the partial it is in when its
 * output passes MUSTACHE_MAX_OUTPUT bytes, or after MUSTACHE_MAX_PARTIAL_CALLS
 * partial inclusions: partials that each include the next twice double the
 * work at every level (2^32 inclusions at the depth limit), and would run
 * for hours and fill the memory before the depth limit is reached.  A
 * message is far below both (a release is at most 4 MiB). */
#define MUSTACHE_MAX_OUTPUT (32u << 20)
#define MUSTACHE_MAX_PARTIAL_CALLS 1000000
/* The lint walk (mustache_names) visits a partial once per distinct list of
 * enclosing sections; partials that include each other inside many sections
 * can make that number explode, so past this many visits it stops with an
 * error rather than run for hours. */
#define MUSTACHE_MAX_LINT_VISITS 2000

/* Load the partial called name.  On success set *text (malloc'd, the caller
 * of the callback frees it), *len and *file (malloc'd, used in error messages)
 * and return 0; return 1 when there is no such partial (it renders empty, as
 * the spec says); return -1 after appending an error to d (an error that
 * names no file gets the file:line:col of the {{>name}} tag). */
typedef int (*mustache_partial_fn)(void *arg, const char *name, char **text, size_t *len,
                                   char **file, struct diags *d);

struct mustache_opts {
	bool escape_html;            /* {{name}} is HTML-escaped (.html templates) */
	mustache_partial_fn partial; /* NULL: every partial renders empty */
	void *partial_arg;
};

struct mustache;

/* Compile text[0..len); file names the template in errors (file:line:col).
 * Returns NULL after appending errors to d (e.g. an unclosed section). */
struct mustache *mustache_compile(const char *file, const char *text, size_t len,
                                  const struct mustache_opts *opts, struct diags *d);
void mustache_free(struct mustache *m);

/* Render against ctx, appending to out.  Returns 0, or -1 with errors in d
 * (out then holds a partial rendering: discard it).  Numbers interpolate in
 * their shortest exact form (85, 1.21), booleans as true/false, and null,
 * lists and maps as nothing. */
int mustache_render(struct mustache *m, const struct value *ctx, struct strbuf *out,
                    struct diags *d);

/* For lint: call fn once per tag that looks up a name ({{x}}, {{{x}}}, {{&x}},
 * {{#x}}, {{^x}}, and "." for the implicit iterator), in this template and
 * every partial it can reach, with the names of the sections enclosing it
 * (outermost first) so the caller can tell what context the name is resolved
 * in.  Inverted sections push no context and are not listed.  A partial is
 * walked once per distinct list of enclosing sections, and not again inside
 * itself; a partial that does not exist is a warning in d.  Returns 0, or -1
 * with errors in d (also after MUSTACHE_MAX_LINT_VISITS partial visits). */
typedef void (*mustache_name_fn)(void *arg, const char *file, int line, int col, const char *name,
                                 const char *const *sections, size_t nsections);
int mustache_names(struct mustache *m, mustache_name_fn fn, void *arg, struct diags *d);

#endif
