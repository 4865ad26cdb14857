/*
 * render_lint: can each name a template looks up ever have a value?  The
 * context's shape (render.h) is written down here as a schema; recipient
 * keys come from the lists in play.  A section pushes a frame: the items of
 * a list, a map's keys, a scalar (no keys), the recipient, or data inside
 * a recipient entry.  A name is resolved as Mustache does: its first part
 * down the frames, innermost first, the rest inside what that found.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "render.h"

enum rl_kind { RL_LEAF, RL_MAP, RL_LIST, RL_RECIPIENT };

struct rl_node {
	const char *name;
	enum rl_kind kind;
	const struct rl_node *kids; /* MAP: its keys; LIST: an item's keys */
};

#define RL_END                                                                                     \
	{                                                                                          \
		NULL, RL_LEAF, NULL                                                                \
	}

static const struct rl_node rl_phone[] = {
    {"text", RL_LEAF, NULL}, {"tel", RL_LEAF, NULL}, {"sep", RL_LEAF, NULL}, RL_END};
static const struct rl_node rl_email[] = {
    {"address", RL_LEAF, NULL}, {"sep", RL_LEAF, NULL}, RL_END};
static const struct rl_node rl_contact[] = {
    {"role", RL_LEAF, NULL},       {"name", RL_LEAF, NULL},
    {"title", RL_LEAF, NULL},      {"org", RL_LEAF, NULL},
    {"phone", RL_LEAF, NULL},      {"email", RL_LEAF, NULL},
    {"who", RL_LEAF, NULL},        {"phones", RL_LIST, rl_phone},
    {"emails", RL_LIST, rl_email}, RL_END};
static const struct rl_node rl_paragraph[] = {
    {"text", RL_LEAF, NULL}, {"html", RL_LEAF, NULL}, RL_END};
static const struct rl_node rl_link[] = {
    {"text", RL_LEAF, NULL}, {"url", RL_LEAF, NULL}, {"link", RL_LEAF, NULL}, RL_END};
static const struct rl_node rl_end[] = {
    {"text", RL_LEAF, NULL}, {"html", RL_LEAF, NULL}, {"heading", RL_LEAF, NULL}, RL_END};
static const struct rl_node rl_embargo[] = {
    {"until", RL_LEAF, NULL}, {"banner", RL_LEAF, NULL}, RL_END};
static const struct rl_node rl_list[] = {
    {"name", RL_LEAF, NULL}, {"description", RL_LEAF, NULL}, RL_END};
static const struct rl_node rl_sender[] = {
    {"name", RL_LEAF, NULL}, {"email", RL_LEAF, NULL}, RL_END};
static const struct rl_node rl_top[] = {{"id", RL_LEAF, NULL},
                                        {"title", RL_LEAF, NULL},
                                        {"subject", RL_LEAF, NULL},
                                        {"status", RL_LEAF, NULL},
                                        {"release_line", RL_LEAF, NULL},
                                        {"dateline", RL_LEAF, NULL},
                                        {"release_text", RL_LEAF, NULL},
                                        {"release_at", RL_LEAF, NULL},
                                        {"markdown", RL_LEAF, NULL},
                                        {"paragraphs", RL_LIST, rl_paragraph},
                                        {"body_text", RL_LEAF, NULL},
                                        {"body_html", RL_LEAF, NULL},
                                        {"contacts", RL_LIST, rl_contact},
                                        {"read_more", RL_LIST, rl_link},
                                        {"end_sections", RL_LIST, rl_end},
                                        {"has_contacts", RL_LEAF, NULL},
                                        {"has_read_more", RL_LEAF, NULL},
                                        {"has_end_sections", RL_LEAF, NULL},
                                        {"embargo", RL_MAP, rl_embargo},
                                        {"recipient", RL_RECIPIENT, NULL},
                                        {"list", RL_MAP, rl_list},
                                        {"unsubscribe_url", RL_LEAF, NULL},
                                        {"sender", RL_MAP, rl_sender},
                                        RL_END};

/* What a name or section resolves to. */
enum rl_res {
	RL_NONE,     /* nothing: an error */
	RL_SUPPRESS, /* inside a section already in error: say nothing */
	RL_SCHEMA,   /* a node of the schema */
	RL_RCPT,     /* the recipient map */
	RL_RDATA,    /* data inside recipient entries, at path */
	RL_ANY,      /* data we cannot see into: anything goes */
	RL_SCALAR,   /* a frame of a scalar section: no keys */
};

#define RL_PATH_MAX 256

struct rl_frame {
	enum rl_res res;
	const struct rl_node *node; /* RL_SCHEMA */
	char path[RL_PATH_MAX];     /* RL_RDATA: dotted path in an entry */
};

struct rl {
	struct list *const *lists;
	size_t nlists;
	struct diags *d;
	char **seen; /* "file:line:col" already reported */
	size_t nseen;
	int errors;
};

static const struct rl_node *rl_find(const struct rl_node *kids, const char *name)
{
	for (; kids && kids->name; kids++)
		if (strcmp(kids->name, name) == 0)
			return kids;
	return NULL;
}

/* Does key exist in the value v (a map, or a list of maps)? */
static bool rl_value_has(const struct value *v, const char *key)
{
	if (v && v->type == VALUE_LIST) {
		for (size_t i = 0; i < v->u.list.n; i++)
			if (value_map_get(v->u.list.items[i], key))
				return true;
		return false;
	}
	return value_map_get(v, key) != NULL;
}

/* Does some recipient of the lists have key inside the data at path ("" is
 * the entry itself)? */
static bool rl_recipients_have(const struct rl *l, const char *path, const char *key)
{
	if (!*path && strcmp(key, "email") == 0)
		return true;
	for (size_t i = 0; i < l->nlists; i++) {
		/* a key of the entries: the list knows them all */
		for (size_t k = 0; !*path && k < l->lists[i]->nkeys; k++)
			if (strcmp(l->lists[i]->keys[k], key) == 0)
				return true;
		for (size_t j = 0; *path && j < l->lists[i]->n; j++) {
			struct value *f = recipient_fields(&l->lists[i]->r[j]);
			bool has = rl_value_has(value_get_path(f, path), key);
			value_free(f);
			if (has)
				return true;
		}
	}
	return false;
}

static void rl_path_join(struct rl_frame *f, const char *base, const char *key)
{
	size_t need = strlen(base) + strlen(key) + 2;
	if (need > RL_PATH_MAX) {
		f->res = RL_ANY;
		return;
	}
	f->res = RL_RDATA;
	snprintf(f->path, sizeof f->path, "%s%s%s", base, *base ? "." : "", key);
}

/* Walk parts[1..n) from what parts[0] found. */
static void rl_rest(const struct rl *l, struct rl_frame *f, char **parts, size_t n)
{
	for (size_t k = 1; k < n && f->res != RL_NONE && f->res != RL_ANY; k++) {
		if (f->res == RL_SCHEMA && f->node->kind == RL_RECIPIENT) {
			f->res = RL_RCPT;
			f->path[0] = '\0';
		}
		if (f->res == RL_SCHEMA) {
			/* Dotted names go into maps only: contacts.name finds nothing. */
			f->node = f->node->kind == RL_MAP ? rl_find(f->node->kids, parts[k]) : NULL;
			f->res = f->node ? RL_SCHEMA : RL_NONE;
		} else if (rl_recipients_have(l, f->path, parts[k])) {
			char base[RL_PATH_MAX];
			snprintf(base, sizeof base, "%s", f->path);
			rl_path_join(f, base, parts[k]);
		} else {
			f->res = RL_NONE;
		}
	}
}

/* Resolve parts[0..n) in frames[0..nf) (outermost first). */
static struct rl_frame rl_resolve(const struct rl *l, const struct rl_frame *frames, size_t nf,
                                  char **parts, size_t n)
{
	struct rl_frame f = {.res = RL_NONE};
	for (size_t i = 0; i < nf; i++)
		if (frames[i].res == RL_SUPPRESS || frames[i].res == RL_NONE)
			return (struct rl_frame){.res = RL_SUPPRESS};
	if (n == 0) /* "." is the innermost frame itself */
		return nf > 1 ? frames[nf - 1] : f;
	for (size_t i = nf; i-- > 0;) {
		const struct rl_frame *fr = &frames[i];
		if (fr->res == RL_ANY)
			return *fr;
		if (fr->res == RL_SCHEMA && rl_find(fr->node->kids, parts[0])) {
			f.res = RL_SCHEMA;
			f.node = rl_find(fr->node->kids, parts[0]);
			break;
		}
		if ((fr->res == RL_RCPT || fr->res == RL_RDATA) &&
		    rl_recipients_have(l, fr->path, parts[0])) {
			rl_path_join(&f, fr->path, parts[0]);
			break;
		}
	}
	if (f.res != RL_NONE)
		rl_rest(l, &f, parts, n);
	return f;
}

/* The frame a section on what r resolved to pushes. */
static struct rl_frame rl_push(struct rl_frame r)
{
	if (r.res != RL_SCHEMA)
		return r;
	switch (r.node->kind) {
	case RL_LEAF:
		return (struct rl_frame){.res = RL_SCALAR};
	case RL_RECIPIENT:
		return (struct rl_frame){.res = RL_RCPT};
	default:
		return r;
	}
}

static const struct rl_node rl_root = {"", RL_MAP, rl_top};

/* "a.b.c" split on dots into *parts (malloc'd array into a malloc'd copy,
 * freed with rl_parts_free); "." is no parts. */
static size_t rl_split(const char *name, char ***parts)
{
	*parts = NULL;
	if (strcmp(name, ".") == 0)
		return 0;
	char *copy = xstrdup(name);
	size_t n = 1;
	for (const char *p = copy; *p; p++)
		n += *p == '.';
	*parts = xcalloc(n, sizeof **parts);
	char *p = copy;
	for (size_t i = 0; i < n; i++) {
		(*parts)[i] = p;
		p += strcspn(p, ".");
		if (*p)
			*p++ = '\0';
	}
	return n;
}

static void rl_parts_free(char **parts, size_t n)
{
	if (n)
		free(parts[0]);
	free(parts);
}

static struct rl_frame rl_resolve_name(const struct rl *l, const struct rl_frame *frames, size_t nf,
                                       const char *name)
{
	char **parts;
	size_t n = rl_split(name, &parts);
	struct rl_frame r = rl_resolve(l, frames, nf, parts, n);
	rl_parts_free(parts, n);
	return r;
}

/* Edit distance of two short names, for "did you mean". */
static size_t rl_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 40 || lb > 40)
		return 99;
	size_t row[41];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* The closest of kids to name, if close enough to be a typo. */
static const char *rl_closest(const struct rl_node *kids, const char *name, size_t *bestd)
{
	const char *best = NULL;
	for (const struct rl_node *k = kids; k && k->name; k++) {
		size_t dist = rl_distance(name, k->name);
		if (dist < *bestd && dist < strlen(k->name)) {
			*bestd = dist;
			best = k->name;
		}
	}
	return best;
}

/* A schema name close to name: for a.b, a key of the map a; for a plain
 * name, one visible in the frames. */
static const char *rl_suggest(const struct rl_frame *frames, size_t nf, const char *name)
{
	size_t bestd = 3;
	const char *best = NULL;
	char **parts;
	size_t n = rl_split(name, &parts);
	if (n > 1) {
		const struct rl_node *node = NULL;
		for (size_t i = nf; i-- > 0 && !node;)
			if (frames[i].res == RL_SCHEMA)
				node = rl_find(frames[i].node->kids, parts[0]);
		for (size_t k = 1; node && k + 1 < n; k++)
			node = node->kind == RL_MAP ? rl_find(node->kids, parts[k]) : NULL;
		if (node && node->kind == RL_MAP)
			best = rl_closest(node->kids, parts[n - 1], &bestd);
	} else if (n == 1) {
		for (size_t i = 0; i < nf; i++)
			if (frames[i].res == RL_SCHEMA) {
				const char *b = rl_closest(frames[i].node->kids, parts[0], &bestd);
				best = b ? b : best;
			}
	}
	rl_parts_free(parts, n);
	return best;
}

/* "names here: a, b, c" for the innermost frame with a schema: what a
 * template can write at that place (render.h lists them all). */
static char *rl_names_here(const struct rl_frame *frames, size_t nf)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t i = nf; i-- > 0;) {
		if (frames[i].res != RL_SCHEMA)
			continue;
		strbuf_adds(&sb, i ? "names of the section here: " : "names a template can use: ");
		for (const struct rl_node *k = frames[i].node->kids; k->name; k++)
			strbuf_addf(&sb, "%s%s", k == frames[i].node->kids ? "" : ", ", k->name);
		break;
	}
	return strbuf_detach(&sb, NULL);
}

static bool rl_seen(struct rl *l, const char *file, int line, int col)
{
	char *key = xasprintf("%s:%d:%d", file, line, col);
	for (size_t i = 0; i < l->nseen; i++) {
		if (strcmp(l->seen[i], key) == 0) {
			free(key);
			return true;
		}
	}
	l->seen = xrealloc(l->seen, (l->nseen + 1) * sizeof *l->seen);
	l->seen[l->nseen++] = key;
	return false;
}

static void rl_report(struct rl *l, const char *file, int line, int col, const char *name,
                      const struct rl_frame *frames, size_t nf)
{
	if (rl_seen(l, file, line, col))
		return;
	l->errors++;
	if (str_starts_with(name, "recipient.")) {
		struct strbuf names;
		strbuf_init(&names);
		for (size_t i = 0; i < l->nlists; i++)
			strbuf_addf(&names, "%s%s", i ? ", " : "", l->lists[i]->name);
		diag_error(l->d, EX_DATAERR, file, line, col,
		           "add the key to the list entries, or correct the name",
		           "\"%s\": no list in play (%s) has this recipient key", name,
		           l->nlists ? names.buf : "none");
		strbuf_release(&names);
		return;
	}
	const char *near = rl_suggest(frames, nf, name);
	char *hint = near ? xasprintf("did you mean \"%s\"?", near) : rl_names_here(frames, nf);
	diag_error(l->d, EX_DATAERR, file, line, col, hint,
	           "\"%s\": no such name in the template context%s", name,
	           strcmp(name, ".") == 0 ? " (\".\" outside a section)" : "");
	free(hint);
}

static void rl_name(void *arg, const char *file, int line, int col, const char *name,
                    const char *const *sections, size_t nsections)
{
	struct rl *l = arg;
	struct rl_frame *frames = xcalloc(nsections + 1, sizeof *frames);
	frames[0] = (struct rl_frame){.res = RL_SCHEMA, .node = &rl_root};
	size_t nf = 1;
	for (size_t i = 0; i < nsections; i++)
		frames[nf++] = rl_push(rl_resolve_name(l, frames, i + 1, sections[i]));
	struct rl_frame r = rl_resolve_name(l, frames, nf, name);
	if (r.res == RL_NONE)
		rl_report(l, file, line, col, name, frames, nf);
	free(frames);
}

int render_lint(struct renderer *r, struct list *const *lists, size_t nlists, struct diags *d)
{
	render_set_lists(r, lists, nlists);
	struct rl l = {.lists = lists, .nlists = nlists, .d = d};
	int rc = 0;
	if (r->txt && mustache_names(r->txt, rl_name, &l, d) < 0)
		rc = -1;
	if (rc == 0 && r->html && mustache_names(r->html, rl_name, &l, d) < 0)
		rc = -1;
	for (size_t i = 0; i < l.nseen; i++)
		free(l.seen[i]);
	free(l.seen);
	return rc < 0 || l.errors ? -1 : 0;
}
