#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "value.h"

static struct value *value_alloc(enum value_type t)
{
	struct value *v = xcalloc(1, sizeof *v);
	v->type = t;
	return v;
}

struct value *value_new_null(void)
{
	return value_alloc(VALUE_NULL);
}

struct value *value_new_bool(bool b)
{
	struct value *v = value_alloc(VALUE_BOOL);
	v->u.b = b;
	return v;
}

struct value *value_new_number(double num)
{
	struct value *v = value_alloc(VALUE_NUMBER);
	v->u.num = num;
	return v;
}

struct value *value_new_string_owned(char *s, size_t n)
{
	struct value *v = value_alloc(VALUE_STRING);
	v->u.str.s = s;
	v->u.str.len = n;
	return v;
}

struct value *value_new_stringn(const char *s, size_t n)
{
	return value_new_string_owned(xstrndup(s, n), n);
}

struct value *value_new_string(const char *s)
{
	return value_new_stringn(s, strlen(s));
}

struct value *value_new_list(void)
{
	return value_alloc(VALUE_LIST);
}

struct value *value_new_map(void)
{
	return value_alloc(VALUE_MAP);
}

void value_free(struct value *v)
{
	if (!v)
		return;
	switch (v->type) {
	case VALUE_STRING:
		free(v->u.str.s);
		break;
	case VALUE_LIST:
		for (size_t i = 0; i < v->u.list.n; i++)
			value_free(v->u.list.items[i]);
		free(v->u.list.items);
		break;
	case VALUE_MAP:
		for (size_t i = 0; i < v->u.map.n; i++) {
			free(v->u.map.keys[i]);
			value_free(v->u.map.vals[i]);
		}
		free(v->u.map.keys);
		free(v->u.map.vals);
		free(v->u.map.key_lines);
		free(v->u.map.key_cols);
		break;
	default:
		break;
	}
	free(v);
}

struct value *value_copy(const struct value *v)
{
	struct value *c;
	switch (v->type) {
	case VALUE_STRING:
		c = value_new_stringn(v->u.str.s, v->u.str.len);
		break;
	case VALUE_LIST:
		c = value_new_list();
		for (size_t i = 0; i < v->u.list.n; i++)
			value_list_push(c, value_copy(v->u.list.items[i]));
		break;
	case VALUE_MAP:
		c = value_new_map();
		for (size_t i = 0; i < v->u.map.n; i++) {
			value_map_set(c, v->u.map.keys[i], value_copy(v->u.map.vals[i]));
			c->u.map.key_lines[i] = v->u.map.key_lines[i];
			c->u.map.key_cols[i] = v->u.map.key_cols[i];
		}
		break;
	default:
		c = value_alloc(v->type);
		c->u = v->u;
		break;
	}
	c->line = v->line;
	c->col = v->col;
	return c;
}

void value_list_push(struct value *list, struct value *item)
{
	size_t cap = list->u.list.cap;
	list->u.list.items = xgrow(list->u.list.items, &cap, list->u.list.n + 1, sizeof item);
	list->u.list.cap = cap;
	list->u.list.items[list->u.list.n++] = item;
}

static long value_map_index(const struct value *map, const char *key)
{
	/* the first byte settles most keys without a call: Mustache looks
	 * every name up through every map of its context stack */
	for (size_t i = 0; i < map->u.map.n; i++)
		if (map->u.map.keys[i][0] == key[0] && strcmp(map->u.map.keys[i], key) == 0)
			return (long)i;
	return -1;
}

void value_map_set(struct value *map, const char *key, struct value *val)
{
	long i = value_map_index(map, key);
	if (i >= 0) {
		value_free(map->u.map.vals[i]);
		map->u.map.vals[i] = val;
		return;
	}
	size_t n = map->u.map.n, cap = map->u.map.cap, c;
	c = cap;
	map->u.map.keys = xgrow(map->u.map.keys, &c, n + 1, sizeof(char *));
	c = cap;
	map->u.map.vals = xgrow(map->u.map.vals, &c, n + 1, sizeof(struct value *));
	c = cap;
	map->u.map.key_lines = xgrow(map->u.map.key_lines, &c, n + 1, sizeof(int));
	c = cap;
	map->u.map.key_cols = xgrow(map->u.map.key_cols, &c, n + 1, sizeof(int));
	map->u.map.cap = c;
	map->u.map.keys[n] = xstrdup(key);
	map->u.map.vals[n] = val;
	map->u.map.key_lines[n] = val->line;
	map->u.map.key_cols[n] = val->col;
	map->u.map.n = n + 1;
}

struct value *value_map_detach(struct value *map, const char *key)
{
	long i = value_map_index(map, key);
	if (i < 0)
		return NULL;
	struct value *v = map->u.map.vals[i];
	free(map->u.map.keys[i]);
	size_t rest = map->u.map.n - (size_t)i - 1;
	memmove(&map->u.map.keys[i], &map->u.map.keys[i + 1], rest * sizeof(char *));
	memmove(&map->u.map.vals[i], &map->u.map.vals[i + 1], rest * sizeof(struct value *));
	memmove(&map->u.map.key_lines[i], &map->u.map.key_lines[i + 1], rest * sizeof(int));
	memmove(&map->u.map.key_cols[i], &map->u.map.key_cols[i + 1], rest * sizeof(int));
	map->u.map.n--;
	return v;
}

void value_map_set_string(struct value *map, const char *key, const char *s)
{
	value_map_set(map, key, s ? value_new_string(s) : value_new_null());
}

void value_map_set_bool(struct value *map, const char *key, bool b)
{
	value_map_set(map, key, value_new_bool(b));
}

struct value *value_map_get(const struct value *map, const char *key)
{
	if (!map || map->type != VALUE_MAP)
		return NULL;
	long i = value_map_index(map, key);
	return i < 0 ? NULL : map->u.map.vals[i];
}

const char *value_map_get_string(const struct value *map, const char *key)
{
	struct value *v = value_map_get(map, key);
	return v && v->type == VALUE_STRING ? v->u.str.s : NULL;
}

struct value *value_get_path(const struct value *v, const char *dotted)
{
	const char *p = dotted;
	while (v && *p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		char *key = xstrndup(p, n);
		v = value_map_get(v, key);
		free(key);
		p += n;
		if (*p == '.')
			p++;
	}
	return (struct value *)v;
}

bool value_truthy(const struct value *v)
{
	if (!v)
		return false;
	switch (v->type) {
	case VALUE_NULL:
		return false;
	case VALUE_BOOL:
		return v->u.b;
	case VALUE_STRING:
		return v->u.str.len > 0;
	case VALUE_LIST:
		return v->u.list.n > 0;
	default:
		return true;
	}
}

const char *value_type_name(enum value_type t)
{
	static const char *names[] = {"null", "boolean", "number", "string", "list", "map"};
	return names[t];
}
