/*
 * checkdoc: the YAML document `embargo check` prints (embargo(1), "embargo
 * check"), written with libyaml's emitter so that scripts and tests can read
 * it.  Keys: id, title, subtitle, status, release_line, dateline, release_at,
 * release_local, release_text, release_source, zone_rule, contacts, lists,
 * advance ({lists, at, at_text}, only when the release names advance
 * copies), paragraphs, read_more, sources
 * (where each field came from), warnings, errors.
 */
#ifndef EMBARGO_CHECKDOC_H
#define EMBARGO_CHECKDOC_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "release.h"

/* Write the document for rel.  lists are the names of the lists in play;
 * diags holds every warning and error found (release, lists, templates,
 * config).  Returns 0, or -1 when the emitter failed. */
int checkdoc_emit(FILE *fp, const struct release *rel, char *const *lists, size_t nlists,
                  const struct diags *diags);

#endif
