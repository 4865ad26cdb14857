#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>
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
	const struct yamlload_items *items; /* NULL: build the whole tree */
	size_t nitems;
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

static struct value *load_value(struct loader *ld, const char *key, yaml_event_t *ev);

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
		struct value *val = load_value(ld, key, &ev);
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

/* The streamed sequence (see yamlload_file_items): each item is loaded,
 * handed over and forgotten; the tree keeps an empty list in its place. */
static struct value *load_items(struct loader *ld, yaml_event_t *start)
{
	ld->depth++; /* 2: the top-level map holds it */
	struct value *list = value_new_list();
	list->line = mark_line(ld, start->start_mark);
	list->col = mark_col(start->start_mark);
	for (;;) {
		yaml_event_t ev;
		if (next_event(ld, &ev) < 0)
			break;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			ld->depth--;
			return list;
		}
		struct value *item = load_node(ld, &ev);
		yaml_event_delete(&ev);
		if (!item || ld->items->item(ld->items->arg, item, ld->nitems++) < 0)
			break;
	}
	value_free(list);
	return NULL;
}

/* The value of key in a map: the streamed sequence, or a node like any
 * other. */
static struct value *load_value(struct loader *ld, const char *key, yaml_event_t *ev)
{
	if (ld->items && ld->depth == 1 && strcmp(key, ld->items->key) == 0 &&
	    ev->type == YAML_SEQUENCE_START_EVENT && !event_anchor(ev))
		return load_items(ld, ev);
	return load_node(ld, ev);
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
	if (utf8_check(buf, len, name, line_offset, err_status,
	               "save the file as UTF-8 (without NUL bytes)", d) < 0)
		return NULL;
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

/* Why a YAML file could not be read (errno e of file_read_all or open). */
static void yl_open_error(const char *path, int e, size_t max_size, int err_status,
                          struct diags *d)
{
	if (e == ENOENT)
		diag_error(d, EX_NOINPUT, path, 0, 0, "check the path", "no such file");
	else if (e == EFBIG)
		diag_error(d, err_status, path, 0, 0, "split it into smaller files",
		           "file is larger than %zu bytes", max_size);
	else if (e == EISDIR || e == ESPIPE)
		diag_error(d, err_status, path, 0, 0, "name a regular YAML file", "not a regular file");
	else
		diag_error(d, EX_NOINPUT, path, 0, 0, NULL, "cannot read: %s", strerror(e));
}

struct value *yamlload_file(const char *path, size_t max_size, int flags, int err_status,
                            struct diags *d)
{
	char *buf;
	size_t len;
	if (file_read_all(path, max_size, &buf, &len) < 0) {
		yl_open_error(path, errno, max_size, err_status, d);
		return NULL;
	}
	struct value *v = yamlload_buffer(buf, len, path, 0, flags, err_status, d);
	free(buf);
	return v;
}

/* ---- reading a file in pieces (yamlload_file_items) ---- */

enum { YL_CHUNK = 65536 };

struct yl_file {
	int fd;
	size_t max;            /* the caller's cap on the file size */
	size_t total;          /* bytes read so far */
	size_t given;          /* bytes handed to libyaml (after a byte order mark) */
	unsigned char carry[4];/* an incomplete UTF-8 sequence at the end of a read */
	size_t ncarry;
	bool started;          /* the byte order mark has been looked for */
	int err;               /* errno of a failed read, EFBIG when over max */
	bool bad;              /* invalid UTF-8 or NUL at offset bad_at */
	size_t bad_at;
};

/* Bytes at the end of buf[0..n) that start a UTF-8 sequence running past n. */
static size_t yl_tail(const unsigned char *buf, size_t n)
{
	for (size_t k = 1; k <= 3 && k <= n; k++) {
		unsigned char c = buf[n - k];
		if (c < 0x80)
			return 0;
		if (c >= 0xC0)
			return utf8_seqlen(c) > k ? k : 0;
	}
	return 0;
}

static ssize_t yl_read_some(struct yl_file *f, unsigned char *buf, size_t room)
{
	ssize_t r;
	do
		r = read(f->fd, buf, room);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		f->err = errno;
	else if ((f->total += (size_t)r) > f->max)
		f->err = EFBIG;
	return f->err ? -1 : r;
}

/* libyaml's read handler: whole UTF-8 sequences only, each piece checked
 * (as yamlload_buffer checks the whole buffer) before libyaml sees it. */
static int yl_read(void *data, unsigned char *buf, size_t size, size_t *size_read)
{
	struct yl_file *f = data;
	size_t n = f->ncarry, ok;
	memcpy(buf, f->carry, n);
	for (;;) {
		ssize_t r = yl_read_some(f, buf + n, size - n);
		if (r < 0)
			return 0;
		n += (size_t)r;
		if (!f->started && (n >= 3 || r == 0)) {
			/* a byte order mark, as yamlload_buffer skips it */
			f->started = true;
			if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
				n -= 3;
				memmove(buf, buf + 3, n);
			}
		}
		ok = n - (r == 0 ? 0 : yl_tail(buf, n));
		if (r == 0 || (ok > 0 && f->started))
			break;
	}
	size_t bad;
	if (!utf8_valid((const char *)buf, ok, &bad)) {
		f->bad = true;
		f->bad_at = f->given + bad;
		return 0;
	}
	f->ncarry = n - ok;
	memcpy(f->carry, buf + ok, f->ncarry);
	f->given += ok;
	*size_read = ok;
	return 1;
}

/* The error yamlload_buffer gives for invalid UTF-8, with the line and
 * column counted on a second reading of the file up to the bad byte. */
static void yl_bad_utf8(const char *path, const struct yl_file *f, int err_status,
                        struct diags *d)
{
	char *buf = NULL;
	size_t len = 0, skip = 0;
	int line = 0, col = 0;
	unsigned char c = 0;
	if (file_read_all(path, f->max, &buf, &len) == 0) {
		skip = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
		if (skip + f->bad_at < len) {
			utf8_position(buf + skip, f->bad_at, &line, &col);
			c = (unsigned char)buf[skip + f->bad_at];
		}
	}
	free(buf);
	diag_error(d, err_status, path, line, col, "save the file as UTF-8 (without NUL bytes)",
	           c ? "not UTF-8: byte 0x%02X at offset %zu" : "NUL byte (0x%02X) at offset %zu",
	           c, f->bad_at);
}

/* Open path as file_read_all does: a regular file no larger than max. */
static int yl_open(const char *path, size_t max)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	int e = 0;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		e = errno;
	else if (S_ISDIR(st.st_mode))
		e = EISDIR;
	else if (!S_ISREG(st.st_mode))
		e = ESPIPE;
	else if ((size_t)st.st_size > max)
		e = EFBIG;
	if (e) {
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* After the parse: a failed read or bad UTF-8 stopped libyaml with an input
 * error, which says less than the cause; otherwise the loader's own
 * diagnostics stand. */
static void yl_report(const char *path, const struct yl_file *f, struct diags *local,
                      int err_status, struct diags *d)
{
	if (f->err)
		yl_open_error(path, f->err, f->max, err_status, d);
	else if (f->bad)
		yl_bad_utf8(path, f, err_status, d);
	else
		diags_move(d, local);
	diags_free(local);
}

struct value *yamlload_file_items(const char *path, size_t max_size, int flags, int err_status,
                                  const struct yamlload_items *items, struct diags *d)
{
	struct yl_file f = {.fd = yl_open(path, max_size), .max = max_size};
	if (f.fd < 0) {
		yl_open_error(path, errno, max_size, err_status, d);
		return NULL;
	}
	struct loader ld = {.name = path, .flags = flags, .status = err_status, .d = d,
	                    .items = items};
	struct value *root = NULL;
	if (!yaml_parser_initialize(&ld.parser)) {
		diag_error(d, EX_SOFTWARE, path, 0, 0, NULL, "cannot initialise the YAML parser");
	} else {
		yaml_parser_set_input(&ld.parser, yl_read, &f);
		yaml_parser_set_encoding(&ld.parser, YAML_UTF8_ENCODING);
		/* a read or UTF-8 problem stops libyaml with an input error:
		 * report the cause instead */
		struct diags local;
		diags_init(&local);
		ld.d = &local;
		root = load_stream(&ld);
		yaml_parser_delete(&ld.parser);
		yl_report(path, &f, &local, err_status, d);
		if (f.err || f.bad) {
			value_free(root);
			root = NULL;
		}
	}
	close(f.fd);
	return root;
}
