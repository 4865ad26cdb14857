#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "render.h"
#include "utf8.h"

static int load_template_file(const char *path, char **text, size_t *len, struct diags *d)
{
	if (file_read_all(path, RENDER_MAX_TEMPLATE_SIZE, text, len) < 0) {
		int e = errno;
		if (e == ENOENT)
			return diag_error(d, EX_NOINPUT, path, 0, 0,
			                  "create it, or set templates_dir in embargo.yaml",
			                  "template not found");
		return diag_error(d, EX_DATAERR, path, 0, 0, NULL, "cannot read template: %s",
		                  e == EFBIG ? "file too large" : strerror(e));
	}
	size_t bad;
	if (!utf8_valid(*text, *len, &bad)) {
		int line, col;
		utf8_position(*text, bad, &line, &col);
		diag_error(d, EX_DATAERR, path, line, col, "save the template as UTF-8",
		           "not UTF-8: byte 0x%02X at offset %zu", (unsigned char)(*text)[bad], bad);
		free(*text);
		return -1;
	}
	return 0;
}

/* {{> NAME}} loads NAME.txt from a .txt template and NAME.html from an .html
 * one, from the same directory (DESIGN.md). */
static int load_partial(void *arg, const char *name, char **text, size_t *len, char **file,
                        struct diags *d)
{
	const struct render_src *src = arg;
	if (!*name || strchr(name, '/') || name[0] == '.')
		return diag_error(d, EX_DATAERR, NULL, 0, 0, "name a file in the templates directory",
		                  "partial name \"%s\" is not a plain file name", name);
	char *path = xasprintf("%s/%s.%s", src->dir, name, src->ext);
	if (access(path, F_OK) != 0) {
		free(path);
		return 1;
	}
	if (load_template_file(path, text, len, d) < 0) {
		free(path);
		return -1;
	}
	*file = path;
	return 0;
}

static struct mustache *compile_part(const char *dir, const char *name, const char *ext,
                                     struct render_src *src, struct diags *d)
{
	char *path = xasprintf("%s/%s.%s", dir, name, ext);
	char *text;
	size_t len;
	struct mustache *m = NULL;
	if (load_template_file(path, &text, &len, d) == 0) {
		struct mustache_opts o = {.escape_html = strcmp(ext, "html") == 0,
		                          .partial = load_partial,
		                          .partial_arg = src};
		m = mustache_compile(path, text, len, &o, d);
		free(text);
	}
	free(path);
	return m;
}

int render_open(struct renderer *r, const char *templates_dir, const char *name,
                struct diags *d)
{
	memset(r, 0, sizeof *r);
	r->dir = xstrdup(templates_dir);
	r->name = xstrdup(name);
	r->src_txt = (struct render_src){r->dir, "txt"};
	r->src_html = (struct render_src){r->dir, "html"};
	r->ctx = value_new_map();
	if (!*name || strchr(name, '/') || name[0] == '.')
		return diag_error(d, EX_DATAERR, NULL, 0, 0, "name a template in templates_dir",
		                  "template name \"%s\" is not a plain name", name);
	r->txt = compile_part(r->dir, name, "txt", &r->src_txt, d);
	r->html = compile_part(r->dir, name, "html", &r->src_html, d);
	return r->txt && r->html ? 0 : -1;
}

void render_close(struct renderer *r)
{
	if (r->lent)
		value_map_detach(r->ctx, "recipient");
	value_free(r->ctx);
	mustache_free(r->txt);
	mustache_free(r->html);
	free(r->dir);
	free(r->name);
	memset(r, 0, sizeof *r);
}

void render_html_escape(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			strbuf_adds(out, "&amp;");
			break;
		case '<':
			strbuf_adds(out, "&lt;");
			break;
		case '>':
			strbuf_adds(out, "&gt;");
			break;
		case '"':
			strbuf_adds(out, "&quot;");
			break;
		case '\'':
			strbuf_adds(out, "&#39;");
			break;
		default:
			strbuf_addch(out, *s);
		}
	}
}

static struct value *contacts_value(const struct release *rel)
{
	struct value *list = value_new_list();
	for (size_t i = 0; i < rel->ncontacts; i++) {
		const struct contact *c = &rel->contacts[i];
		struct value *m = value_new_map();
		value_map_set_string(m, "name", c->name);
		value_map_set_string(m, "title", c->title);
		value_map_set_string(m, "org", c->org);
		value_map_set_string(m, "phone", c->phone);
		value_map_set_string(m, "email", c->email);
		value_list_push(list, m);
	}
	return list;
}

static struct value *read_more_value(const struct release *rel)
{
	struct value *list = value_new_list();
	for (size_t i = 0; i < rel->nread_more; i++) {
		struct value *m = value_new_map();
		value_map_set_string(m, "text", rel->read_more[i].text);
		value_map_set_string(m, "url", rel->read_more[i].url);
		value_list_push(list, m);
	}
	return list;
}

/* paragraphs [{text, html}], body_text and body_html. */
static void set_body(struct value *ctx, const struct release *rel)
{
	struct value *list = value_new_list();
	struct strbuf text, html, p;
	strbuf_init(&text);
	strbuf_init(&html);
	strbuf_init(&p);
	for (size_t i = 0; i < rel->nparagraphs; i++) {
		strbuf_reset(&p);
		render_html_escape(&p, rel->paragraphs[i]);
		struct value *m = value_new_map();
		value_map_set_string(m, "text", rel->paragraphs[i]);
		value_map_set_string(m, "html", p.buf);
		value_list_push(list, m);
		strbuf_addf(&text, "%s%s", i ? "\n\n" : "", rel->paragraphs[i]);
		strbuf_addf(&html, "<p>%s</p>\n", p.buf);
	}
	value_map_set(ctx, "paragraphs", list);
	value_map_set(ctx, "body_text", value_new_string_owned(text.buf, text.len));
	value_map_set(ctx, "body_html", value_new_string_owned(html.buf, html.len));
	strbuf_release(&p);
}

void render_set_release(struct renderer *r, const struct release *rel, const char *sender_name,
                        const char *sender_email)
{
	struct value *c = r->ctx;
	char when[32];
	value_map_set_string(c, "id", rel->id);
	value_map_set_string(c, "title", rel->title);
	value_map_set_string(c, "subject", rel->subject);
	value_map_set_string(c, "status",
	                     rel->status == RELEASE_EMBARGOED ? "embargoed" : "immediate");
	value_map_set_string(c, "release_line", rel->release_line);
	value_map_set_string(c, "dateline", rel->dateline);
	value_map_set_string(c, "release_text", rel->release_text);
	if (rel->has_instant)
		timeparse_format_utc(rel->release_at, when);
	value_map_set_string(c, "release_at", rel->has_instant ? when : NULL);
	set_body(c, rel);
	value_map_set(c, "contacts", contacts_value(rel));
	value_map_set(c, "read_more", read_more_value(rel));
	/* Mustache cannot ask "is this list empty?" without iterating it. */
	value_map_set_bool(c, "has_contacts", rel->ncontacts > 0);
	value_map_set_bool(c, "has_read_more", rel->nread_more > 0);
	struct value *sender = value_new_map();
	value_map_set_string(sender, "name", sender_name);
	value_map_set_string(sender, "email", sender_email);
	value_map_set(c, "sender", sender);
}

void render_set_recipient(struct renderer *r, const struct recipient *rcpt,
                          const char *unsubscribe_url, const char *embargo_until)
{
	struct value *c = r->ctx;
	if (r->lent)
		value_map_detach(c, "recipient");
	value_map_set(c, "recipient", rcpt->fields);
	r->lent = true;
	struct value *list = value_new_map();
	value_map_set_string(list, "name", rcpt->list ? rcpt->list->name : NULL);
	value_map_set_string(list, "description", rcpt->list ? rcpt->list->description : NULL);
	value_map_set(c, "list", list);
	value_map_set_string(c, "unsubscribe_url", unsubscribe_url);
	if (embargo_until) {
		struct value *e = value_new_map();
		value_map_set_string(e, "until", embargo_until);
		char *banner = xasprintf("EMBARGOED UNTIL %s", embargo_until);
		value_map_set(e, "banner", value_new_string_owned(banner, strlen(banner)));
		value_map_set(c, "embargo", e);
	} else {
		value_free(value_map_detach(c, "embargo"));
	}
}

int render_parts(struct renderer *r, struct strbuf *text, struct strbuf *html, struct diags *d)
{
	if (mustache_render(r->txt, r->ctx, text, d) < 0)
		return -1;
	return mustache_render(r->html, r->ctx, html, d);
}

/* ---- lint ---- */

struct known {
	const char *name;
	const char *children; /* space-separated names an item of it has, or NULL */
};

static const struct known known_names[] = {
	{"id", NULL}, {"title", NULL}, {"subject", NULL}, {"status", NULL},
	{"release_line", NULL}, {"dateline", NULL}, {"release_text", NULL}, {"release_at", NULL},
	{"paragraphs", "text html"}, {"body_text", NULL}, {"body_html", NULL},
	{"contacts", "name title org phone email"}, {"read_more", "text url"},
	{"embargo", "until banner"}, {"recipient", NULL}, {"list", "name description"},
	{"unsubscribe_url", NULL}, {"sender", "name email"}, {"has_contacts", NULL},
	{"has_read_more", NULL},
};

struct lint {
	struct list *const *lists;
	size_t nlists;
	struct diags *d;
	int errors;
};

static const struct known *known_find(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof known_names / sizeof known_names[0]; i++)
		if (strlen(known_names[i].name) == n && strncmp(known_names[i].name, name, n) == 0)
			return &known_names[i];
	return NULL;
}

static bool word_in(const char *words, const char *w, size_t n)
{
	const char *p = words;
	while (p && *p) {
		size_t len = strcspn(p, " ");
		if (len == n && strncmp(p, w, n) == 0)
			return true;
		p += len;
		while (*p == ' ')
			p++;
	}
	return false;
}

static bool recipient_has(const struct lint *l, const char *key)
{
	if (strcmp(key, "email") == 0)
		return true;
	for (size_t i = 0; i < l->nlists; i++)
		for (size_t j = 0; j < l->lists[i]->n; j++)
			if (value_map_get(l->lists[i]->r[j].fields, key))
				return true;
	return false;
}

/* Can a name be resolved in some context?  Either it starts with a name of
 * the top level (and its second part, if any, is a child of that), or it is a
 * plain name that an item of an enclosing section has. */
static bool lint_name_ok(const struct lint *l, const char *name, const char *const *sections,
                         size_t nsections)
{
	if (strcmp(name, ".") == 0)
		return nsections > 0;
	size_t n = strcspn(name, ".");
	const char *rest = name[n] ? name + n + 1 : NULL;
	const struct known *k = known_find(name, n);
	if (k && !rest)
		return true;
	if (k && !strchr(rest, '.')) {
		if (strcmp(k->name, "recipient") == 0)
			return recipient_has(l, rest);
		return k->children && word_in(k->children, rest, strlen(rest));
	}
	if (rest)
		return false;
	for (size_t i = 0; i < nsections; i++) {
		const struct known *sk = known_find(sections[i], strlen(sections[i]));
		if (!sk)
			continue;
		if (strcmp(sk->name, "recipient") == 0 && recipient_has(l, name))
			return true;
		if (sk->children && word_in(sk->children, name, n))
			return true;
	}
	return false;
}

static void lint_name(void *arg, const char *file, int line, int col, const char *name,
                      const char *const *sections, size_t nsections)
{
	struct lint *l = arg;
	if (lint_name_ok(l, name, sections, nsections))
		return;
	bool rcpt = str_starts_with(name, "recipient.");
	diag_error(l->d, EX_DATAERR, file, line, col,
	           rcpt ? "add the key to the list entries, or correct the name"
	                : "see embargo-templates(5) for the names a template can use",
	           rcpt ? "\"%s\": no list in play has this recipient key"
	                : "\"%s\": no such name in the template context",
	           name);
	l->errors++;
}

int render_lint(struct renderer *r, struct list *const *lists, size_t nlists, struct diags *d)
{
	struct lint l = {.lists = lists, .nlists = nlists, .d = d};
	if (r->txt && mustache_names(r->txt, lint_name, &l, d) < 0)
		return -1;
	if (r->html && mustache_names(r->html, lint_name, &l, d) < 0)
		return -1;
	return l.errors ? -1 : 0;
}
