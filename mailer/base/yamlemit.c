#include "config.h"

#include <stdio.h>
#include <string.h>

#include "yamlemit.h"

static void emit(struct yamlemit *y, yaml_event_t *ev)
{
	if (!y->failed && !yaml_emitter_emit(&y->e, ev))
		y->failed = true;
}

static int write_sb(void *data, unsigned char *buf, size_t size)
{
	strbuf_add(data, buf, size);
	return 1;
}

void yamlemit_begin(struct yamlemit *y, struct strbuf *out)
{
	memset(y, 0, sizeof *y);
	if (!yaml_emitter_initialize(&y->e)) {
		y->failed = true;
		return;
	}
	yaml_emitter_set_output(&y->e, write_sb, out);
	yaml_emitter_set_unicode(&y->e, 1);
	yaml_emitter_set_width(&y->e, -1);
	yaml_event_t ev;
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	emit(y, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 0);
	emit(y, &ev);
}

int yamlemit_end(struct yamlemit *y)
{
	yaml_event_t ev;
	yaml_document_end_event_initialize(&ev, 1);
	emit(y, &ev);
	yaml_stream_end_event_initialize(&ev);
	emit(y, &ev);
	yaml_emitter_delete(&y->e);
	return y->failed ? -1 : 0;
}

bool yamlemit_needs_quotes(const char *s)
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

static void scalar(struct yamlemit *y, const char *s, yaml_scalar_style_t style, bool plain_ok)
{
	yaml_event_t ev;
	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), plain_ok,
	                             !plain_ok || style != YAML_PLAIN_SCALAR_STYLE, style);
	emit(y, &ev);
}

void yamlemit_string(struct yamlemit *y, const char *s)
{
	if (!s)
		scalar(y, "null", YAML_PLAIN_SCALAR_STYLE, true);
	else if (yamlemit_needs_quotes(s))
		scalar(y, s, YAML_DOUBLE_QUOTED_SCALAR_STYLE, false);
	else
		scalar(y, s, YAML_ANY_SCALAR_STYLE, true);
}

void yamlemit_plain(struct yamlemit *y, const char *s)
{
	scalar(y, s, YAML_PLAIN_SCALAR_STYLE, true);
}

void yamlemit_long(struct yamlemit *y, long n)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%ld", n);
	yamlemit_plain(y, buf);
}

void yamlemit_pair(struct yamlemit *y, const char *key, const char *val)
{
	yamlemit_string(y, key);
	yamlemit_string(y, val);
}

void yamlemit_map_start(struct yamlemit *y)
{
	yaml_event_t ev;
	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
	emit(y, &ev);
}

void yamlemit_map_end(struct yamlemit *y)
{
	yaml_event_t ev;
	yaml_mapping_end_event_initialize(&ev);
	emit(y, &ev);
}

void yamlemit_seq_start(struct yamlemit *y)
{
	yaml_event_t ev;
	yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
	emit(y, &ev);
}

void yamlemit_seq_end(struct yamlemit *y)
{
	yaml_event_t ev;
	yaml_sequence_end_event_initialize(&ev);
	emit(y, &ev);
}
