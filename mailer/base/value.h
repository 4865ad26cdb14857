/*
 * value: a small tree of data (null, bool, number, string, list, map).
 *
 * It is what YAML documents load into (config, lists, front matter) and what
 * Mustache templates render from.  Every node remembers where it came from
 * (line and column, 1-based, 0 when built in code) so that errors about it can
 * name the place.  A tree owns all of its nodes and strings: value_free() on
 * the root frees everything.  Map keys keep their insertion order.
 */
#ifndef EMBARGO_VALUE_H
#define EMBARGO_VALUE_H

#include <stdbool.h>
#include <stddef.h>

enum value_type { VALUE_NULL, VALUE_BOOL, VALUE_NUMBER, VALUE_STRING, VALUE_LIST, VALUE_MAP };

struct value {
	enum value_type type;
	int line, col;
	union {
		bool b;
		double num;
		struct {
			char *s; /* NUL-terminated; len excludes the NUL */
			size_t len;
		} str;
		struct {
			struct value **items;
			size_t n, cap;
		} list;
		struct {
			char **keys;
			struct value **vals;
			int *key_lines, *key_cols; /* where each key was written */
			size_t n, cap;
		} map;
	} u;
};

struct value *value_new_null(void);
struct value *value_new_bool(bool b);
struct value *value_new_number(double num);
struct value *value_new_string(const char *s);
struct value *value_new_stringn(const char *s, size_t n);
/* Takes ownership of s (malloc'd). */
struct value *value_new_string_owned(char *s, size_t n);
struct value *value_new_list(void);
struct value *value_new_map(void);
void value_free(struct value *v);
struct value *value_copy(const struct value *v);

/* Append item to a list; the list takes ownership. */
void value_list_push(struct value *list, struct value *item);
/* Set key in a map (replacing an existing entry); the map takes ownership of
 * val and copies key. */
void value_map_set(struct value *map, const char *key, struct value *val);
/* Remove key from a map and return its value without freeing it (NULL when
 * absent): lets a caller lend a subtree to a map for a moment. */
struct value *value_map_detach(struct value *map, const char *key);
/* Convenience setters; a NULL string sets null. */
void value_map_set_string(struct value *map, const char *key, const char *s);
void value_map_set_bool(struct value *map, const char *key, bool b);

/* Lookups return borrowed pointers, NULL when absent or v is not a map. */
struct value *value_map_get(const struct value *map, const char *key);
/* The string at key, or NULL when absent or not a string. */
const char *value_map_get_string(const struct value *map, const char *key);
/* Dotted path lookup: "recipient.email". */
struct value *value_get_path(const struct value *v, const char *dotted);

/* Mustache falsiness: null, false, empty list, empty string are false. */
bool value_truthy(const struct value *v);
const char *value_type_name(enum value_type t);

#endif
