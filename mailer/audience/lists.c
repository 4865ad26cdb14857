#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>

#include "address.h"
#include "lists.h"
#include "strmap.h"
#include "util.h"
#include "yamlload.h"

#define LIST_NAME_MAX 64

/* A list name goes into the List-Id header: [a-z0-9][a-z0-9._-]*. */
static bool lists_name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > LIST_NAME_MAX || !((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

static bool lists_has_controls(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return true;
	return false;
}

/* A value quoted back in a message: controls as '?', cut at 60 bytes. */
static char *lists_shown(const char *s)
{
	char *t = xstrndup(s, strnlen(s, 60)); /* xstrndup copies exactly n bytes */
	for (char *p = t; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return t;
}

static bool lists_is_path(const char *spec)
{
	size_t n = strlen(spec);
	return strchr(spec, '/') || (n >= 5 && strcmp(spec + n - 5, ".yaml") == 0);
}

/* "dir/tech-press.yaml" -> "tech-press" */
static char *lists_name_from_path(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	if (n >= 5 && strcmp(base + n - 5, ".yaml") == 0)
		n -= 5;
	return xstrndup(base, n);
}

/* ---- the recipients' storage ----
 *
 * A list of 200,000 recipients held as value trees took 1.3 KB a recipient.
 * Each entry is kept instead as one packed run of bytes in large chunks: the
 * key as a number (the list's keys are stored once), then the value:
 *   'n' null, 'f'/'t' a boolean, 'd' a double (8 bytes),
 *   's' length, bytes, NUL (email and name point into it),
 *   'l' count, values; 'm' count, (length, key bytes, NUL, value)...
 * Counts and lengths are LEB128 numbers.  About 130 bytes a recipient. */

enum { STORE_CHUNK = 64 * 1024 };

struct store_chunk {
	struct store_chunk *next;
	unsigned char data[];
};

struct list_store {
	struct store_chunk *chunks;
	unsigned char *p; /* the free part of the newest chunk */
	size_t left;
	struct strmap key_ids; /* key -> its index in list->keys, plus one */
	struct strbuf pack;    /* the entry being packed */
	size_t rcap;           /* list->r has room for this many */
};

static struct list_store *store_new(void)
{
	struct list_store *st = xcalloc(1, sizeof *st);
	strmap_init(&st->key_ids);
	strbuf_init(&st->pack);
	return st;
}

static void store_free(struct list_store *st)
{
	if (!st)
		return;
	while (st->chunks) {
		struct store_chunk *c = st->chunks;
		st->chunks = c->next;
		free(c);
	}
	strmap_free(&st->key_ids);
	strbuf_release(&st->pack);
	free(st);
}

/* n bytes that stay where they are until store_free. */
static unsigned char *store_alloc(struct list_store *st, size_t n)
{
	if (n > st->left) {
		size_t size = n > STORE_CHUNK ? n : STORE_CHUNK;
		struct store_chunk *c = xmalloc(sizeof *c + size);
		c->next = st->chunks;
		st->chunks = c;
		st->p = c->data;
		st->left = size;
	}
	unsigned char *r = st->p;
	st->p += n;
	st->left -= n;
	return r;
}

static size_t key_id(struct list *l, const char *key)
{
	uintptr_t id = (uintptr_t)strmap_get(&l->store->key_ids, key);
	if (id)
		return (size_t)id - 1;
	l->keys = xrealloc(l->keys, (l->nkeys + 1) * sizeof *l->keys);
	l->keys[l->nkeys] = xstrdup(key);
	strmap_put(&l->store->key_ids, key, (void *)(uintptr_t)(l->nkeys + 1));
	return l->nkeys++;
}

static void pack_number(struct strbuf *sb, size_t v)
{
	do {
		unsigned char b = v & 0x7f;
		v >>= 7;
		strbuf_addch(sb, (char)(v ? b | 0x80 : b));
	} while (v);
}

static size_t unpack_number(const unsigned char **p)
{
	size_t v = 0;
	unsigned shift = 0;
	unsigned char b;
	do {
		b = *(*p)++;
		v |= (size_t)(b & 0x7f) << shift;
		shift += 7;
	} while (b & 0x80);
	return v;
}

/* Returns the offset of a string's bytes in sb (for email and name). */
static size_t pack_string(struct strbuf *sb, const char *s, size_t n)
{
	strbuf_addch(sb, 's');
	pack_number(sb, n);
	size_t at = sb->len;
	strbuf_add(sb, s, n);
	strbuf_addch(sb, '\0');
	return at;
}

static void pack_value(struct strbuf *sb, const struct value *v)
{
	switch (v->type) {
	case VALUE_NULL:
		strbuf_addch(sb, 'n');
		break;
	case VALUE_BOOL:
		strbuf_addch(sb, v->u.b ? 't' : 'f');
		break;
	case VALUE_NUMBER:
		strbuf_addch(sb, 'd');
		strbuf_add(sb, (const char *)&v->u.num, sizeof v->u.num);
		break;
	case VALUE_STRING:
		pack_string(sb, v->u.str.s, v->u.str.len);
		break;
	case VALUE_LIST:
		strbuf_addch(sb, 'l');
		pack_number(sb, v->u.list.n);
		for (size_t i = 0; i < v->u.list.n; i++)
			pack_value(sb, v->u.list.items[i]);
		break;
	case VALUE_MAP:
		strbuf_addch(sb, 'm');
		pack_number(sb, v->u.map.n);
		for (size_t i = 0; i < v->u.map.n; i++) {
			pack_number(sb, strlen(v->u.map.keys[i]));
			strbuf_adds(sb, v->u.map.keys[i]);
			strbuf_addch(sb, '\0');
			pack_value(sb, v->u.map.vals[i]);
		}
		break;
	}
}

static struct value *unpack_value(const unsigned char **p)
{
	unsigned char tag = *(*p)++;
	struct value *v;
	size_t n;
	double num;
	switch (tag) {
	case 'n':
		return value_new_null();
	case 't':
	case 'f':
		return value_new_bool(tag == 't');
	case 'd':
		memcpy(&num, *p, sizeof num);
		*p += sizeof num;
		return value_new_number(num);
	case 's':
		n = unpack_number(p);
		v = value_new_stringn((const char *)*p, n);
		*p += n + 1;
		return v;
	case 'l':
		v = value_new_list();
		for (n = unpack_number(p); n > 0; n--)
			value_list_push(v, unpack_value(p));
		return v;
	default: /* 'm' */
		v = value_new_map();
		for (n = unpack_number(p); n > 0; n--) {
			size_t klen = unpack_number(p);
			const char *key = (const char *)*p;
			*p += klen + 1;
			value_map_set(v, key, unpack_value(p));
		}
		return v;
	}
}

/* Pack entry e (a map, already checked) into the list's storage and point
 * r at it. */
static void pack_entry(struct list *l, const struct value *e, struct recipient *r)
{
	struct strbuf *sb = &l->store->pack;
	size_t email = 0, name = 0;
	strbuf_reset(sb);
	pack_number(sb, e->u.map.n);
	for (size_t i = 0; i < e->u.map.n; i++) {
		const char *k = e->u.map.keys[i];
		const struct value *v = e->u.map.vals[i];
		pack_number(sb, key_id(l, k));
		if (v->type != VALUE_STRING) {
			pack_value(sb, v);
			continue;
		}
		size_t at = pack_string(sb, v->u.str.s, v->u.str.len);
		if (strcmp(k, "email") == 0)
			email = at;
		else if (strcmp(k, "name") == 0 && v->u.str.len > 0)
			name = at;
	}
	unsigned char *blob = store_alloc(l->store, sb->len);
	memcpy(blob, sb->buf, sb->len);
	r->fields = blob;
	r->email = (char *)blob + email;
	r->name = name ? (char *)blob + name : NULL;
}

struct value *recipient_fields(const struct recipient *r)
{
	struct value *m = value_new_map();
	if (!r->fields) {
		value_map_set_string(m, "email", r->email);
		return m;
	}
	const unsigned char *p = r->fields;
	for (size_t n = unpack_number(&p); n > 0; n--) {
		size_t k = unpack_number(&p);
		value_map_set(m, r->list->keys[k], unpack_value(&p));
	}
	return m;
}

/* ---- one recipient ---- */

struct lists_ctx {
	struct list *l;
	struct diags *d;
	size_t index; /* 1-based number of the entry, for messages */
};

static int entry_error(struct lists_ctx *x, const struct value *at, const char *hint,
                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int entry_error(struct lists_ctx *x, const struct value *at, const char *hint,
                       const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	diag_error(x->d, EX_DATAERR, x->l->path, at->line, at->col, hint, "recipient %zu: %s",
	           x->index, msg);
	free(msg);
	return -1;
}

/* Keys reach templates as recipient.KEY, so they must be names a template
 * can write. */
static int check_field_keys(struct lists_ctx *x, const struct value *e)
{
	int r = 0;
	for (size_t i = 0; i < e->u.map.n; i++) {
		const char *k = e->u.map.keys[i];
		if (*k && strspn(k, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		                    "0123456789_-") == strlen(k))
			continue;
		char *sh = lists_shown(k);
		struct value at = {.line = e->u.map.key_lines[i], .col = e->u.map.key_cols[i]};
		r = entry_error(x, &at, "use letters, digits, '_' and '-' (e.g. first_name)",
		                "the key \"%s\" cannot be used in a template as recipient.KEY", sh);
		free(sh);
	}
	return r;
}

static int entry_email(struct lists_ctx *x, struct value *e, char **email)
{
	struct value *v = value_map_get(e, "email");
	if (!v)
		return entry_error(x, e, "add an \"email:\" line to the entry", "no email");
	if (v->type != VALUE_STRING)
		return entry_error(x, v, "write one address after \"email:\"",
		                   "email must be a string, not %s", value_type_name(v->type));
	if (strlen(v->u.str.s) != v->u.str.len)
		return entry_error(x, v, "remove the \\0 escape", "email contains a NUL byte");
	char *why;
	if (address_parse(v->u.str.s, email, &why) < 0) {
		char *sh = lists_shown(v->u.str.s);
		entry_error(x, v, "fix or remove the address", "invalid email \"%s\": %s", sh, why);
		free(sh);
		free(why);
		return -1;
	}
	int line = v->line, col = v->col;
	struct value *norm = value_new_string(*email);
	norm->line = line;
	norm->col = col;
	value_map_set(e, "email", norm);
	return 0;
}

static int entry_name(struct lists_ctx *x, const struct value *e)
{
	const struct value *v = value_map_get(e, "name");
	if (!v || v->type == VALUE_NULL)
		return 0;
	if (v->type != VALUE_STRING)
		return entry_error(x, v, "write the name as text", "name must be a string, not %s",
		                   value_type_name(v->type));
	if (lists_has_controls(v->u.str.s) || strlen(v->u.str.s) != v->u.str.len)
		return entry_error(x, v, "keep the name on one line",
		                   "name contains a line break or control character");
	return 0;
}

/* Check entry e (which stays the caller's) and pack it into r. */
static int entry_read(struct lists_ctx *x, struct value *e, struct recipient *r)
{
	if (e->type != VALUE_MAP) {
		const char *hint = e->type == VALUE_STRING && strchr(e->u.str.s, '@')
		                       ? "write it as \"- email: ADDRESS\""
		                       : "each entry is a map with at least \"email:\"";
		return entry_error(x, e, hint, "expected a map with email:, not a %s",
		                   value_type_name(e->type));
	}
	char *email = NULL;
	int bad = check_field_keys(x, e);
	if (entry_email(x, e, &email) < 0)
		bad = -1;
	if (entry_name(x, e) < 0)
		bad = -1;
	free(email); /* e now holds it, normalised */
	if (bad < 0)
		return -1;
	pack_entry(x->l, e, r);
	r->list = x->l;
	r->line = e->line;
	r->col = e->col;
	return 0;
}

/* One entry of recipients:, as the loader reads it (yamlload_items). */
static int list_item(void *arg, struct value *item, size_t index)
{
	struct lists_ctx *x = arg;
	struct list *l = x->l;
	if (index >= LISTS_MAX_RECIPIENTS) {
		diag_error(
		    x->d, EX_DATAERR, l->path, item->line, item->col,
		    "split it into several lists and name them all for the send",
		    "the list has more than %u recipients; at most %u are allowed in one list",
		    LISTS_MAX_RECIPIENTS, LISTS_MAX_RECIPIENTS);
		value_free(item);
		return -1;
	}
	x->index = index + 1;
	l->r = xgrow(l->r, &l->store->rcap, l->n + 1, sizeof *l->r);
	if (entry_read(x, item, &l->r[l->n]) == 0)
		l->n++;
	value_free(item);
	return 0;
}

/* recipients: as the loader left it: an empty list when its entries went to
 * list_item, or whatever else was written there. */
static int list_recipients(struct list *l, struct value *v, struct diags *d)
{
	if (v->type == VALUE_NULL)
		return 0;
	if (v->type != VALUE_LIST)
		return diag_error(d, EX_DATAERR, l->path, v->line, v->col,
		                  "write one \"- email: ...\" entry per line under recipients:",
		                  "recipients must be a list, not a %s", value_type_name(v->type));
	struct lists_ctx x = {.l = l, .d = d};
	for (size_t i = 0; i < v->u.list.n; i++) {
		struct value *item = v->u.list.items[i];
		v->u.list.items[i] = value_new_null(); /* list_item takes it */
		if (list_item(&x, item, i) < 0)
			return -1;
	}
	return 0;
}

/* ---- the list file ---- */

static int top_string(struct list *l, const struct value *v, const char *key, char **out,
                      struct diags *d)
{
	if (v->type == VALUE_NULL)
		return 0;
	if (v->type != VALUE_STRING)
		return diag_error(d, EX_DATAERR, l->path, v->line, v->col, NULL,
		                  "%s must be a string, not a %s", key, value_type_name(v->type));
	if (lists_has_controls(v->u.str.s) || strlen(v->u.str.s) != v->u.str.len)
		return diag_error(d, EX_DATAERR, l->path, v->line, v->col, "keep it on one line",
		                  "%s contains a line break or control character", key);
	*out = xstrdup(v->u.str.s);
	return 0;
}

static int top_mailbox(struct list *l, const struct value *v, const char *key, char **out,
                       struct diags *d)
{
	if (top_string(l, v, key, out, d) < 0)
		return -1;
	if (!*out)
		return 0;
	char *name, *addr, *why;
	if (address_parse_mailbox(*out, &name, &addr, &why) == 0) {
		free(name);
		free(addr);
		return 0;
	}
	diag_error(d, EX_DATAERR, l->path, v->line, v->col,
	           "write an address such as \"Press Office <press@example.org>\"", "%s: %s", key,
	           why);
	free(why);
	return -1;
}

static int top_name(struct list *l, const struct value *v, struct diags *d)
{
	if (top_string(l, v, "name", &l->name, d) < 0)
		return -1;
	if (!l->name || lists_name_ok(l->name))
		return 0;
	char *sh = lists_shown(l->name);
	diag_error(d, EX_DATAERR, l->path, v->line, v->col,
	           "use lower-case letters, digits, '.', '_' and '-', starting with a letter or "
	           "digit (it becomes the List-Id)",
	           "\"%s\" is not a valid list name", sh);
	free(sh);
	return -1;
}

static int top_key(struct list *l, struct value *root, size_t i, struct diags *d)
{
	const char *k = root->u.map.keys[i];
	struct value *v = root->u.map.vals[i];
	if (strcmp(k, "name") == 0)
		return top_name(l, v, d);
	if (strcmp(k, "description") == 0)
		return top_string(l, v, k, &l->description, d);
	if (strcmp(k, "from") == 0)
		return top_mailbox(l, v, k, &l->from, d);
	if (strcmp(k, "reply_to") == 0)
		return top_mailbox(l, v, k, &l->reply_to, d);
	if (strcmp(k, "recipients") == 0)
		return list_recipients(l, v, d);
	char *sh = lists_shown(k);
	diag_error(d, EX_DATAERR, l->path, root->u.map.key_lines[i], root->u.map.key_cols[i],
	           "known keys: name, description, from, reply_to, recipients (per-recipient "
	           "keys go inside each entry)",
	           "unknown key \"%s\"", sh);
	free(sh);
	return -1;
}

static void list_read(struct list *l, struct value *root, struct diags *d)
{
	if (root->type != VALUE_MAP) {
		diag_error(d, EX_DATAERR, l->path, root->line, root->col,
		           "start with \"name:\" and \"recipients:\" (see lists/press.yaml)",
		           root->type == VALUE_NULL ? "the list file is empty"
		                                    : "a list file must be a map of keys");
		return;
	}
	for (size_t i = 0; i < root->u.map.n; i++)
		top_key(l, root, i, d);
	if (l->name)
		return;
	l->name = lists_name_from_path(l->path);
	if (!lists_name_ok(l->name)) {
		char *sh = lists_shown(l->name);
		diag_error(d, EX_DATAERR, l->path, 0, 0,
		           "add a \"name:\" key or rename the file (lower-case letters, digits, "
		           "'.', '_' and '-')",
		           "the file name gives \"%s\", which is not a valid list name", sh);
		free(sh);
	}
}

static char *list_locate(const char *spec, const char *lists_dir, struct diags *d)
{
	if (lists_is_path(spec))
		return xstrdup(spec);
	char *hint = xasprintf("`embargo lists` shows the lists in %s", lists_dir);
	char *path = NULL;
	struct stat st;
	if (!lists_name_ok(spec)) {
		char *sh = lists_shown(spec);
		diag_error(d, EX_DATAERR, NULL, 0, 0, hint, "\"%s\" is not a list name", sh);
		free(sh);
	} else {
		path = xasprintf("%s/%s.yaml", lists_dir, spec);
		char *example = xasprintf("%s/lists/%s.yaml", PKGDATADIR, spec);
		if (stat(path, &st) < 0 && errno == ENOENT && stat(example, &st) == 0) {
			/* the installed lists are examples, never used unasked */
			free(hint);
			hint =
			    xasprintf("an example list \"%s\" is installed: to use it, cp %s %s/",
			              spec, example, lists_dir);
		}
		free(example);
		if (stat(path, &st) < 0 && errno == ENOENT) {
			diag_error(d, EX_NOINPUT, path, 0, 0, hint, "no list named \"%s\"", spec);
			free(path);
			path = NULL;
		}
	}
	free(hint);
	return path;
}

struct list *list_load(const char *spec, const char *lists_dir, struct diags *d)
{
	char *path = list_locate(spec, lists_dir, d);
	if (!path)
		return NULL;
	struct list *l = xcalloc(1, sizeof *l);
	l->path = path;
	l->store = store_new();
	struct lists_ctx x = {.l = l, .d = d};
	const struct yamlload_items items = {.key = "recipients", .item = list_item, .arg = &x};
	size_t before = diags_errors(d);
	struct value *root =
	    yamlload_file_items(path, LISTS_MAX_FILE_SIZE, 0, EX_DATAERR, &items, d);
	if (root)
		list_read(l, root, d);
	value_free(root);
	if (!root || diags_errors(d) > before) {
		list_free(l);
		return NULL;
	}
	/* loading is over: give back what only it needed */
	l->r = xrealloc(l->r, (l->n ? l->n : 1) * sizeof *l->r);
	l->store->rcap = l->n ? l->n : 1;
	strbuf_release(&l->store->pack);
	strbuf_init(&l->store->pack);
	return l;
}

void list_free(struct list *l)
{
	if (!l)
		return;
	free(l->r);
	for (size_t i = 0; i < l->nkeys; i++)
		free(l->keys[i]);
	free(l->keys);
	store_free(l->store);
	free(l->name);
	free(l->description);
	free(l->path);
	free(l->from);
	free(l->reply_to);
	free(l);
}

static int lists_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool lists_is_file(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name);
	struct stat st;
	bool ok = stat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	return ok;
}

char **lists_names(const char *lists_dir, size_t *n)
{
	size_t cap = 0;
	char **v = NULL;
	*n = 0;
	DIR *dir = opendir(lists_dir);
	struct dirent *de;
	while (dir && (de = readdir(dir)) != NULL) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len <= 5 ||
		    strcmp(de->d_name + len - 5, ".yaml") != 0 ||
		    !lists_is_file(lists_dir, de->d_name))
			continue;
		v = xgrow(v, &cap, *n + 2, sizeof *v);
		v[(*n)++] = xstrndup(de->d_name, len - 5);
	}
	if (dir)
		closedir(dir);
	v = xgrow(v, &cap, *n + 1, sizeof *v);
	v[*n] = NULL;
	qsort(v, *n, sizeof *v, lists_cmp);
	return v;
}
