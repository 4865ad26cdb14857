#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checkdoc.h"
#include "yamlemit.h"

static void emit_contacts(struct yamlemit *y, const struct release *rel)
{
	yamlemit_string(y, "contacts");
	yamlemit_seq_start(y);
	for (size_t i = 0; i < rel->ncontacts; i++) {
		const struct contact *c = &rel->contacts[i];
		yamlemit_map_start(y);
		for (size_t k = 0; k < CONTACT_NFIELDS; k++) {
			const char *v = contact_value(c, k);
			/* role only where the release labelled the contact */
			if (v || k != CONTACT_ROLE)
				yamlemit_pair(y, contact_keys[k], v);
		}
		yamlemit_map_end(y);
	}
	yamlemit_seq_end(y);
}

static void emit_read_more(struct yamlemit *y, const struct release *rel)
{
	yamlemit_string(y, "read_more");
	yamlemit_seq_start(y);
	for (size_t i = 0; i < rel->nread_more; i++) {
		yamlemit_map_start(y);
		yamlemit_pair(y, "text", rel->read_more[i].text);
		yamlemit_pair(y, "url", rel->read_more[i].url);
		yamlemit_map_end(y);
	}
	yamlemit_seq_end(y);
}

static void emit_diags(struct yamlemit *y, const char *key, const struct diags *d,
                       enum diag_level level)
{
	yamlemit_string(y, key);
	yamlemit_seq_start(y);
	for (size_t i = 0; i < d->n; i++) {
		if (d->v[i].level != level)
			continue;
		char *s = diag_format(&d->v[i]);
		yamlemit_string(y, s);
		free(s);
	}
	yamlemit_seq_end(y);
}

static void emit_instant(struct yamlemit *y, const struct release *rel)
{
	char utc[32], local[32];
	if (rel->has_instant) {
		timeparse_format_utc(rel->release_at, utc);
		timeparse_format_local(rel->release_at, rel->utc_offset, local);
	}
	yamlemit_pair(y, "release_at", rel->has_instant ? utc : NULL);
	yamlemit_pair(y, "release_local", rel->has_instant ? local : NULL);
	yamlemit_pair(y, "release_text", rel->release_text);
	yamlemit_pair(y, "release_source", rel->release_source);
	yamlemit_pair(y, "zone_rule", rel->zone_rule);
	yamlemit_pair(y, "year_rule", rel->year_rule);
}

/* advance: {lists, at, at_text} when the front matter names advance
 * copies; no key otherwise (the documents of releases without any stay as
 * they were). */
static void emit_advance(struct yamlemit *y, const struct release *rel)
{
	const struct release_advance *a = &rel->advance;
	if (!a->nlists && !a->has_at)
		return;
	yamlemit_string(y, "advance");
	char at[32];
	if (a->has_at)
		timeparse_format_utc(a->at, at);
	yamlemit_map_start(y);
	yamlemit_string(y, "lists");
	yamlemit_seq_start(y);
	for (size_t i = 0; i < a->nlists; i++)
		yamlemit_string(y, a->lists[i]);
	yamlemit_seq_end(y);
	yamlemit_pair(y, "at", a->has_at ? at : NULL);
	yamlemit_pair(y, "at_text", a->at_text);
	yamlemit_map_end(y);
}

static void emit_sources(struct yamlemit *y, const struct release *rel)
{
	yamlemit_string(y, "sources");
	yamlemit_map_start(y);
	for (size_t i = 0; i < rel->sources->u.map.n; i++) {
		const struct value *v = rel->sources->u.map.vals[i];
		yamlemit_pair(y, rel->sources->u.map.keys[i],
		              v->type == VALUE_STRING ? v->u.str.s : NULL);
	}
	yamlemit_map_end(y);
}

static void emit_body(struct yamlemit *y, const struct release *rel, char *const *lists,
                      size_t nlists, const struct diags *diags)
{
	yamlemit_map_start(y);
	yamlemit_pair(y, "decision", rel->decision);
	yamlemit_pair(y, "id", rel->id);
	yamlemit_pair(y, "title", rel->title);
	yamlemit_pair(y, "subtitle", rel->subtitle);
	yamlemit_pair(y, "status", rel->status == RELEASE_EMBARGOED ? "embargoed" : "immediate");
	yamlemit_pair(y, "release_line", rel->release_line);
	yamlemit_pair(y, "dateline", rel->dateline);
	emit_instant(y, rel);
	emit_contacts(y, rel);
	yamlemit_string(y, "lists");
	yamlemit_seq_start(y);
	for (size_t i = 0; i < nlists; i++)
		yamlemit_string(y, lists[i]);
	yamlemit_seq_end(y);
	emit_advance(y, rel);
	yamlemit_string(y, "paragraphs");
	yamlemit_long(y, (long)rel->nparagraphs);
	emit_read_more(y, rel);
	emit_sources(y, rel);
	emit_diags(y, "warnings", diags, DIAG_WARNING);
	emit_diags(y, "errors", diags, DIAG_ERROR);
	yamlemit_map_end(y);
}

int checkdoc_emit(FILE *fp, const struct release *rel, char *const *lists, size_t nlists,
                  const struct diags *diags)
{
	struct strbuf out;
	strbuf_init(&out);
	struct yamlemit y;
	yamlemit_begin(&y, &out);
	emit_body(&y, rel, lists, nlists, diags);
	int rc = yamlemit_end(&y);
	if (rc == 0 && fwrite(out.buf, 1, out.len, fp) != out.len)
		rc = -1;
	strbuf_release(&out);
	return rc;
}
