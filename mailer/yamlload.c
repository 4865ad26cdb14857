#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <yaml.h>

#include "utf8.h"
#include "util.h"
#include "yamlload.h"

struct loader {
	yaml_parser_t parser;
	const char *name;
	int line_offset;
	int flags;
	int status;
	struct diags *d;
	int depth;
};

static int mark_line(struct loader *ld, yaml_mark_t m)
{
	return (int)m.line + 1 + ld->line_offset;
}

static int mark_col(yaml_mark_t m)
{
	return (int)m.column + 1;
}

static int load_error(struct loader *ld, yaml_mark_t m, const char *hint, const char *msg)
{
	return diag_error(ld->d, ld->status, ld->name, mark_line(ld, m), mark_col(m), hint, "%s",
	                  msg);
}

static int next_event(struct loader *ld, yaml_event_t *ev)
{
	if (yaml_parser_parse(&ld->parser, ev))
		return 0;
	yaml_parser_t *p = &ld->parser;
	const char *what = p->problem ? p->problem : "invalid YAML";
	if (p->context)
		return diag_error(ld->d, ld->status, ld->name, (int)p->problem_mark.line + 1 + ld->line_offset,
		                  (int)p->problem_mark.column + 1,
		                  "check the indentation and quoting near this place",
		                  "YAML syntax: %s %s", p->context, what);
	return diag_error(ld->d, ld->status, ld->name, (int)p->problem_mark.line + 1 + ld->line_offset,
	                  (int)p->problem_mark.column + 1,
	                  "check the indentation and quoting near this place", "YAML syntax: %s",
	                  what);
}

static bool plain_is_null(const char *s, size_t n)
{
	return n == 0 || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
	       strcmp(s, "NULL") == 0;
}

static struct value *typed_scalar(const char *s, size_t n)
{
	if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0)
		return value_new_bool(true);
	if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0)
		return value_new_bool(false);
	if (n > 0 && strspn(s, "+-0123456789.eE") == n) {
		char *end;
		double num = strtod(s, &end);
		if (*end == '\0' && isfinite(num))
			return value_new_number(num);
	}
	return NULL;
}

static struct value *load_scalar(struct loader *ld, yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	struct value *v = NULL;
	if (plain && plain_is_null(s, n))
		v = value_new_null();
	else if (plain && (ld->flags & YAMLLOAD_TYPED))
		v = typed_scalar(s, n);
	if (!v)
		v = value_new_stringn(s, n);
	return v;
}

static struct value *load_node(struct loader *ld, yaml_event_t *ev);

static struct value *load_sequence(struct loader *ld)
{
	struct value *list = value_new_list();
	for (;;) {
		yaml_event_t ev;
		if (next_event(ld, &ev) < 0)
			goto fail;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return list;
		}
		struct value *item = load_node(ld, &ev);
		yaml_event_delete(&ev);
		if (!item)
			goto fail;
		value_list_push(list, item);
	}
fail:
	value_free(list);
	return NULL;
}

static int map_key(struct loader *ld, yaml_event_t *ev, struct value *map, char **key)
{
	if (ev->type != YAML_SCALAR_EVENT)
		return load_error(ld, ev->start_mark, "write keys as plain words such as \"name:\"",
		                  "a key must be a plain string, not a list or map");
	if (ev->data.scalar.anchor)
		return load_error(ld, ev->start_mark, "write the value out in full",
		                  "YAML anchors and aliases are not allowed");
	const char *k = (const char *)ev->data.scalar.value;
	if (strlen(k) != ev->data.scalar.length)
		return load_error(ld, ev->start_mark, "remove the NUL byte", "a key contains a NUL byte");
	if (value_map_get(map, k))
		return diag_error(ld->d, ld->status, ld->name, mark_line(ld, ev->start_mark),
		                  mark_col(ev->start_mark), "remove one of the two entries",
		                  "duplicate key \"%s\"", k);
	*key = xstrdup(k);
	return 0;
}

static struct value *load_mapping(struct loader *ld)
{
	struct value *map = value_new_map();
	for (;;) {
		yaml_event_t ev;
		if (next_event(ld, &ev) < 0)
			goto fail;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return map;
		}
		char *key = NULL;
		int kline = mark_line(ld, ev.start_mark), kcol = mark_col(ev.start_mark);
		int r = map_key(ld, &ev, map, &key);
		yaml_event_delete(&ev);
		if (r < 0)
			goto fail;
		if (next_event(ld, &ev) < 0) {
			free(key);
			goto fail;
		}
		struct value *val = load_node(ld, &ev);
		yaml_event_delete(&ev);
		if (!val) {
			free(key);
			goto fail;
		}
		value_map_set(map, key, val);
		map->u.map.key_lines[map->u.map.n - 1] = kline;
		map->u.map.key_cols[map->u.map.n - 1] = kcol;
		free(key);
	}
fail:
	value_free(map);
	return NULL;
}

static const yaml_char_t *event_anchor(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return ev->data.scalar.anchor;
	case YAML_SEQUENCE_START_EVENT:
		return ev->data.sequence_start.anchor;
	case YAML_MAPPING_START_EVENT:
		return ev->data.mapping_start.anchor;
	default:
		return NULL;
	}
}

static struct value *load_node(struct loader *ld, yaml_event_t *ev)
{
	if (ev->type == YAML_ALIAS_EVENT || event_anchor(ev)) {
		load_error(ld, ev->start_mark, "write the value out in full",
		           "YAML anchors and aliases are not allowed");
		return NULL;
	}
	struct value *v = NULL;
	if (ev->type == YAML_SCALAR_EVENT) {
		v = load_scalar(ld, ev);
	} else if (ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT) {
		if (++ld->depth > YAMLLOAD_MAX_DEPTH) {
			char msg[80];
			snprintf(msg, sizeof msg, "nesting deeper than %d levels", YAMLLOAD_MAX_DEPTH);
			load_error(ld, ev->start_mark, "flatten the structure", msg);
			return NULL;
		}
		v = ev->type == YAML_SEQUENCE_START_EVENT ? load_sequence(ld) : load_mapping(ld);
		ld->depth--;
	} else {
		load_error(ld, ev->start_mark, NULL, "unexpected YAML event");
	}
	if (v) {
		v->line = mark_line(ld, ev->start_mark);
		v->col = mark_col(ev->start_mark);
	}
	return v;
}

/* STREAM-START DOCUMENT-START node DOCUMENT-END (DOCUMENT-START ... refused)
 * STREAM-END. */
static struct value *load_stream(struct loader *ld)
{
	yaml_event_t ev;
	struct value *root = NULL;
	if (next_event(ld, &ev) < 0)
		return NULL;
	yaml_event_delete(&ev); /* stream start */
	if (next_event(ld, &ev) < 0)
		return NULL;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		return value_new_null();
	}
	yaml_event_delete(&ev); /* document start */
	if (next_event(ld, &ev) < 0)
		return NULL;
	root = load_node(ld, &ev);
	yaml_event_delete(&ev);
	if (!root)
		return NULL;
	if (next_event(ld, &ev) < 0)
		goto fail;
	yaml_event_delete(&ev); /* document end */
	if (next_event(ld, &ev) < 0)
		goto fail;
	if (ev.type != YAML_STREAM_END_EVENT) {
		load_error(ld, ev.start_mark, "keep one document per file (remove the extra \"---\")",
		           "more than one YAML document");
		yaml_event_delete(&ev);
		goto fail;
	}
	yaml_event_delete(&ev);
	return root;
fail:
	value_free(root);
	return NULL;
}

struct value *yamlload_buffer(const char *buf, size_t len, const char *name, int line_offset,
                              int flags, int err_status, struct diags *d)
{
	/* A byte order mark may start the file (Windows editors write one);
	 * libyaml, told the encoding, would read it as content. */
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	size_t bad;
	if (!utf8_valid(buf, len, &bad)) {
		int line, col;
		utf8_position(buf, bad, &line, &col);
		diag_error(d, err_status, name, line + line_offset, col,
		           "save the file as UTF-8 (without NUL bytes)",
		           buf[bad] ? "invalid UTF-8: byte 0x%02X at offset %zu"
		                    : "NUL byte (0x%02X) at offset %zu",
		           (unsigned char)buf[bad], bad);
		return NULL;
	}
	struct loader ld = {.name = name, .line_offset = line_offset, .flags = flags,
	                    .status = err_status, .d = d};
	if (!yaml_parser_initialize(&ld.parser)) {
		diag_error(d, EX_SOFTWARE, name, 0, 0, NULL, "cannot initialise the YAML parser");
		return NULL;
	}
	yaml_parser_set_input_string(&ld.parser, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&ld.parser, YAML_UTF8_ENCODING);
	struct value *root = load_stream(&ld);
	yaml_parser_delete(&ld.parser);
	return root;
}

struct value *yamlload_file(const char *path, size_t max_size, int flags, int err_status,
                            struct diags *d)
{
	char *buf;
	size_t len;
	if (file_read_all(path, max_size, &buf, &len) < 0) {
		int e = errno;
		if (e == ENOENT)
			diag_error(d, EX_NOINPUT, path, 0, 0, "check the path", "no such file");
		else if (e == EFBIG)
			diag_error(d, err_status, path, 0, 0, "split it into smaller files",
			           "file is larger than %zu bytes", max_size);
		else if (e == EISDIR || e == ESPIPE)
			diag_error(d, err_status, path, 0, 0, "name a regular YAML file",
			           "not a regular file");
		else
			diag_error(d, EX_NOINPUT, path, 0, 0, NULL, "cannot read: %s", strerror(e));
		return NULL;
	}
	struct value *v = yamlload_buffer(buf, len, path, 0, flags, err_status, d);
	free(buf);
	return v;
}
