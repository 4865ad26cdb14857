#include "config.h"

#include <stdbool.h>
#include <string.h>
#include <yaml.h>

#include "checkdoc.h"
#include "util.h"

struct emitter {
	yaml_emitter_t e;
	int failed;
};

static void emit(struct emitter *em, yaml_event_t *ev)
{
	if (!em->failed && !yaml_emitter_emit(&em->e, ev))
		em->failed = 1;
}

/* A string that a YAML reader would resolve to another type (null, a
 * boolean, a number, a timestamp) when written plain gets quotes. */
static bool looks_typed(const char *s)
{
	static const char *const words[] = {"~", "null", "true", "false", "yes", "no", "on",
	                                    "off", "y", "n"};
	if (!*s || strchr("0123456789+-.", *s))
		return true;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (str_eq_ci(s, words[i]))
			return true;
	return false;
}

static void scalar(struct emitter *em, const char *s)
{
	yaml_event_t ev;
	if (s)
		yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1,
		                             looks_typed(s) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
		                                            : YAML_ANY_SCALAR_STYLE);
	else
		yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)"null", 4, 1, 0,
		                             YAML_PLAIN_SCALAR_STYLE);
	emit(em, &ev);
}

static void number(struct emitter *em, size_t n)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%zu", n);
	yaml_event_t ev;
	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)buf, (int)strlen(buf), 1, 0,
	                             YAML_PLAIN_SCALAR_STYLE);
	emit(em, &ev);
}

static void pair(struct emitter *em, const char *key, const char *val)
{
	scalar(em, key);
	scalar(em, val);
}

static void map_start(struct emitter *em)
{
	yaml_event_t ev;
	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
	emit(em, &ev);
}

static void map_end(struct emitter *em)
{
	yaml_event_t ev;
	yaml_mapping_end_event_initialize(&ev);
	emit(em, &ev);
}

static void seq_start(struct emitter *em)
{
	yaml_event_t ev;
	yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
	emit(em, &ev);
}

static void seq_end(struct emitter *em)
{
	yaml_event_t ev;
	yaml_sequence_end_event_initialize(&ev);
	emit(em, &ev);
}

static void emit_contacts(struct emitter *em, const struct release *rel)
{
	scalar(em, "contacts");
	seq_start(em);
	for (size_t i = 0; i < rel->ncontacts; i++) {
		const struct contact *c = &rel->contacts[i];
		map_start(em);
		pair(em, "name", c->name);
		pair(em, "title", c->title);
		pair(em, "org", c->org);
		pair(em, "phone", c->phone);
		pair(em, "email", c->email);
		map_end(em);
	}
	seq_end(em);
}

static void emit_read_more(struct emitter *em, const struct release *rel)
{
	scalar(em, "read_more");
	seq_start(em);
	for (size_t i = 0; i < rel->nread_more; i++) {
		map_start(em);
		pair(em, "text", rel->read_more[i].text);
		pair(em, "url", rel->read_more[i].url);
		map_end(em);
	}
	seq_end(em);
}

static void emit_diags(struct emitter *em, const char *key, const struct diags *d,
                       enum diag_level level)
{
	scalar(em, key);
	seq_start(em);
	for (size_t i = 0; i < d->n; i++) {
		if (d->v[i].level != level)
			continue;
		char *s = diag_format(&d->v[i]);
		scalar(em, s);
		free(s);
	}
	seq_end(em);
}

static void emit_instant(struct emitter *em, const struct release *rel)
{
	char utc[32], local[32];
	if (rel->has_instant) {
		timeparse_format_utc(rel->release_at, utc);
		timeparse_format_local(rel->release_at, rel->utc_offset, local);
	}
	pair(em, "release_at", rel->has_instant ? utc : NULL);
	pair(em, "release_local", rel->has_instant ? local : NULL);
	pair(em, "release_text", rel->release_text);
	pair(em, "release_source", rel->release_source);
	pair(em, "zone_rule", rel->zone_rule);
}

static void emit_sources(struct emitter *em, const struct release *rel)
{
	scalar(em, "sources");
	map_start(em);
	for (size_t i = 0; i < rel->sources->u.map.n; i++) {
		const struct value *v = rel->sources->u.map.vals[i];
		pair(em, rel->sources->u.map.keys[i], v->type == VALUE_STRING ? v->u.str.s : NULL);
	}
	map_end(em);
}

static void emit_body(struct emitter *em, const struct release *rel, char *const *lists,
                      size_t nlists, const struct diags *diags)
{
	map_start(em);
	pair(em, "id", rel->id);
	pair(em, "title", rel->title);
	pair(em, "status", rel->status == RELEASE_EMBARGOED ? "embargoed" : "immediate");
	emit_instant(em, rel);
	emit_contacts(em, rel);
	scalar(em, "lists");
	seq_start(em);
	for (size_t i = 0; i < nlists; i++)
		scalar(em, lists[i]);
	seq_end(em);
	scalar(em, "paragraphs");
	number(em, rel->nparagraphs);
	emit_read_more(em, rel);
	emit_sources(em, rel);
	emit_diags(em, "warnings", diags, DIAG_WARNING);
	emit_diags(em, "errors", diags, DIAG_ERROR);
	map_end(em);
}

static int write_fp(void *data, unsigned char *buf, size_t size)
{
	return fwrite(buf, 1, size, (FILE *)data) == size;
}

int checkdoc_emit(FILE *fp, const struct release *rel, char *const *lists, size_t nlists,
                  const struct diags *diags)
{
	struct emitter em = {0};
	if (!yaml_emitter_initialize(&em.e))
		return -1;
	yaml_emitter_set_output(&em.e, write_fp, fp);
	yaml_emitter_set_unicode(&em.e, 1);
	yaml_emitter_set_width(&em.e, -1);
	yaml_event_t ev;
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	emit(&em, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 0);
	emit(&em, &ev);
	emit_body(&em, rel, lists, nlists, diags);
	yaml_document_end_event_initialize(&ev, 1);
	emit(&em, &ev);
	yaml_stream_end_event_initialize(&ev);
	emit(&em, &ev);
	yaml_emitter_delete(&em.e);
	return em.failed ? -1 : 0;
}
