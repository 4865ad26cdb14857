/*
 * yamlemit: writing YAML documents with libyaml's emitter (the check
 * document, spool snapshots, imported lists).  Strings that a YAML reader
 * would resolve to another type when written plain (null, booleans, numbers,
 * timestamps) are quoted, so everything reads back as the string it was.
 */
#ifndef EMBARGO_YAMLEMIT_H
#define EMBARGO_YAMLEMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "util.h"

struct yamlemit {
	yaml_emitter_t e;
	bool failed;
};

/* Start a document written into out (appended). */
void yamlemit_begin(struct yamlemit *y, struct strbuf *out);
/* End the document; returns 0, or -1 if any event failed. */
int yamlemit_end(struct yamlemit *y);

void yamlemit_string(struct yamlemit *y, const char *s); /* NULL writes null */
void yamlemit_plain(struct yamlemit *y, const char *s);  /* numbers, true/false */
void yamlemit_long(struct yamlemit *y, long n);
void yamlemit_pair(struct yamlemit *y, const char *key, const char *val);
void yamlemit_map_start(struct yamlemit *y);
void yamlemit_map_end(struct yamlemit *y);
void yamlemit_seq_start(struct yamlemit *y);
void yamlemit_seq_end(struct yamlemit *y);

/* True when s, written plain, would not read back as a string. */
bool yamlemit_needs_quotes(const char *s);

#endif
