#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "markdown.h"
#include "render.h"
#include "strmap.h"
#include "utf8.h"
#include "wrap.h"

static int load_template_file(const char *path, char **text, size_t *len, struct diags *d)
{
	if (file_read_all(path, RENDER_MAX_TEMPLATE_SIZE, text, len) < 0) {
		int e = errno;
		if (e == ENOENT)
			return diag_error(d, EX_NOINPUT, path, 0, 0,
			                  "create it, or set templates_dir in embargo.yaml",
			                  "template not found");
		if (e == EFBIG)
			return diag_error(d, EX_DATAERR, path, 0, 0, "split it into partials",
			                  "the template is larger than %u bytes",
			                  RENDER_MAX_TEMPLATE_SIZE);
		return diag_error(d, EX_DATAERR, path, 0, 0, NULL, "cannot read template: %s",
		                  strerror(e));
	}
	/* a byte order mark (Windows editors) is not text to send */
	if (*len >= 3 && memcmp(*text, "\xEF\xBB\xBF", 3) == 0) {
		memmove(*text, *text + 3, *len - 3 + 1);
		*len -= 3;
	}
	if (utf8_check(*text, *len, path, 0, EX_DATAERR, "save the template as UTF-8", d) < 0) {
		free(*text);
		return -1;
	}
	return 0;
}

/* {{> NAME}} loads NAME.txt from a .txt template and NAME.html from an .html
 * one, from the same directory (doc/design.md "Releases, templates and messages"). */
struct render_file {
	char *text; /* NUL-terminated */
	size_t len;
};

static void remember(struct renderer *r, const char *path, const char *text, size_t len)
{
	struct render_file *f = xmalloc(sizeof *f);
	f->text = xstrndup(text, len);
	f->len = len;
	free(strmap_put(&r->files, path, f));
}

bool render_file_inside(const char *templates_dir, const char *path, char **real)
{
	char *base = realpath(templates_dir, NULL);
	char *file = realpath(path, NULL);
	size_t n = base ? strlen(base) : 0;
	bool inside = base && file && strncmp(file, base, n) == 0 &&
	              (file[n] == '/' || (n == 1 && base[0] == '/'));
	free(base);
	if (real)
		*real = file;
	else
		free(file);
	return inside;
}

/* A template may name a partial and a symbolic link may stand at its name,
 * but what is read must be a file of the templates directory: a link to
 * /etc/passwd would put that file in every message (as attachments, which
 * must stay beside the release). */
static int template_confined(const struct renderer *r, const char *path, struct diags *d)
{
	char *real = NULL;
	if (render_file_inside(r->dir, path, &real)) {
		free(real);
		return 0;
	}
	diag_error(d, EX_DATAERR, path, 0, 0,
	           "copy the file into the templates directory instead of linking it",
	           "a symbolic link to %s, outside the templates directory %s",
	           real ? real : "a file that cannot be resolved", r->dir);
	free(real);
	return -1;
}

/* A template file: as read before by this renderer (or the one it was
 * cloned from), else from the disk and remembered.  Returns 0 (*text is
 * malloc'd), 1 when there is no such file, -1 with an error in d. */
static int template_lookup(struct renderer *r, const char *path, char **text, size_t *len,
                           struct diags *d)
{
	const struct render_file *f = strmap_get(&r->files, path);
	if (f) {
		*text = xstrndup(f->text, f->len);
		*len = f->len;
		return 0;
	}
	if (r->frozen || access(path, F_OK) != 0)
		return 1;
	if (template_confined(r, path, d) < 0 || load_template_file(path, text, len, d) < 0)
		return -1;
	remember(r, path, *text, *len);
	return 0;
}

static int load_partial(void *arg, const char *name, char **text, size_t *len, char **file,
                        struct diags *d)
{
	const struct render_src *src = arg;
	if (!*name || strchr(name, '/') || name[0] == '.')
		return diag_error(d, EX_DATAERR, NULL, 0, 0,
		                  "name a file in the templates directory",
		                  "partial name \"%s\" is not a plain file name", name);
	char *path = xasprintf("%s/%s.%s", src->dir, name, src->ext);
	int rc = template_lookup(src->r, path, text, len, d);
	if (rc == 0)
		*file = path;
	else
		free(path);
	return rc;
}

/* "{{! wrap: N }}" or "{{! wrap: off }}" at the very start of the text
 * template sets the width the text part is wrapped at (render.h).  Returns
 * 0 (*width set, or left alone without a directive) or -1 with an error.
 * text is NUL-terminated (load_template_file). */
static int wrap_directive(const char *path, const char *text, size_t *width, struct diags *d)
{
	if (!str_starts_with(text, "{{!"))
		return 0;
	const char *p = text + 3;
	p += strspn(p, " \t\n");
	if (!str_starts_with(p, "wrap:"))
		return 0;
	p += 5;
	p += strspn(p, " \t");
	unsigned long n = 0;
	const char *stop = p + 3;
	if (!str_starts_with(p, "off")) {
		char *e;
		n = strtoul(p, &e, 10);
		stop = e;
	}
	bool ok = stop != p && (*stop == '}' || strchr(" \t\n", *stop)) && *p != '-' &&
	          (n == 0 || (n >= 20 && n <= 998));
	if (!ok)
		return diag_error(d, EX_DATAERR, path, 1, 1,
		                  "write {{! wrap: 72 }} (20 to 998 columns) or {{! wrap: off }}",
		                  "bad wrap directive");
	*width = n;
	return 0;
}

static struct mustache *compile_part(const char *dir, const char *name, const char *ext,
                                     struct render_src *src, size_t *wrap, struct diags *d)
{
	char *path = xasprintf("%s/%s.%s", dir, name, ext);
	char *text;
	size_t len;
	struct mustache *m = NULL;
	int rc = template_lookup(src->r, path, &text, &len, d);
	if (rc == 1)
		diag_error(d, EX_NOINPUT, path, 0, 0,
		           "create it, or set templates_dir in embargo.yaml", "template not found");
	if (rc == 0) {
		struct mustache_opts o = {.escape_html = strcmp(ext, "html") == 0,
		                          .partial = load_partial,
		                          .partial_arg = src};
		if (!wrap || wrap_directive(path, text, wrap, d) == 0)
			m = mustache_compile(path, text, len, &o, d);
		free(text);
	}
	free(path);
	return m;
}

int render_open(struct renderer *r, const char *templates_dir, const char *name, struct diags *d)
{
	memset(r, 0, sizeof *r);
	r->dir = xstrdup(templates_dir);
	r->name = xstrdup(name);
	r->src_txt = (struct render_src){r->dir, "txt", r};
	r->src_html = (struct render_src){r->dir, "html", r};
	r->ctx = value_new_map();
	r->wrap = WRAP_DEFAULT_WIDTH;
	strmap_init(&r->files);
	if (!*name || strchr(name, '/') || name[0] == '.')
		return diag_error(d, EX_DATAERR, NULL, 0, 0, "name a template in templates_dir",
		                  "template name \"%s\" is not a plain name", name);
	r->txt = compile_part(r->dir, name, "txt", &r->src_txt, &r->wrap, d);
	r->html = compile_part(r->dir, name, "html", &r->src_html, NULL, d);
	return r->txt && r->html ? 0 : -1;
}

int render_clone(struct renderer *dst, const struct renderer *src, struct diags *d)
{
	memset(dst, 0, sizeof *dst);
	dst->dir = xstrdup(src->dir);
	dst->name = xstrdup(src->name);
	dst->src_txt = (struct render_src){dst->dir, "txt", dst};
	dst->src_html = (struct render_src){dst->dir, "html", dst};
	dst->ctx = value_new_map();
	dst->wrap = WRAP_DEFAULT_WIDTH;
	strmap_init(&dst->files);
	for (size_t i = 0; i < src->files.cap; i++) {
		const struct strmap_slot *sl = &src->files.slots[i];
		if (sl->key) {
			const struct render_file *f = sl->val;
			remember(dst, sl->key, f->text, f->len);
		}
	}
	dst->frozen = true;
	dst->txt = compile_part(dst->dir, dst->name, "txt", &dst->src_txt, &dst->wrap, d);
	dst->html = compile_part(dst->dir, dst->name, "html", &dst->src_html, NULL, d);
	for (size_t i = 0; i < src->nrkeys; i++) {
		dst->rkeys = xrealloc(dst->rkeys, (dst->nrkeys + 1) * sizeof *dst->rkeys);
		dst->rkeys[dst->nrkeys++] = xstrdup(src->rkeys[i]);
	}
	return dst->txt && dst->html ? 0 : -1;
}

void render_close(struct renderer *r)
{
	for (size_t i = 0; i < r->files.cap; i++) {
		struct render_file *f = r->files.slots ? r->files.slots[i].val : NULL;
		if (f) {
			free(f->text);
			free(f);
		}
	}
	if (r->files.slots)
		strmap_free(&r->files);
	value_free(r->ctx);
	for (size_t i = 0; i < r->nrkeys; i++)
		free(r->rkeys[i]);
	free(r->rkeys);
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

/* The href of one phone number as written: the digits of its first run of
 * seven to fifteen ("Tel (24h): +44 ..." skips the "24"), with the "+" of
 * an international number ("+44 (0)20 ..." loses the national "(0)") and
 * an extension after it as ";ext=" ("ext. 12", "x12").  NULL when no run
 * is a number one can dial: more than fifteen digits, or a "/" after a
 * whole number, are several numbers written as one ("202-358-1237/1726"). */
static char *tel_href(const char *num)
{
	for (const char *p = num; *p; p++) {
		if (!(*p == '+' || (*p >= '0' && *p <= '9')))
			continue;
		struct strbuf sb;
		strbuf_init(&sb);
		const char *q = p;
		size_t digits = 0;
		/* a "/" after an area code ("030/1234567") is inside the
		 * number; after a whole number it starts another */
		for (; *q && strchr("0123456789+-(). /", *q) && !(*q == '/' && digits >= 7); q++) {
			if (*q == '+' && sb.len == 0)
				strbuf_addch(&sb, '+');
			else if (sb.len > 0 && sb.buf[0] == '+' && str_starts_with(q, "(0)"))
				q += 2;
			else if (*q >= '0' && *q <= '9') {
				strbuf_addch(&sb, *q);
				digits++;
			}
		}
		if (digits < 7) {
			strbuf_release(&sb);
			p = q > p ? q - 1 : p;
			continue;
		}
		if (digits > 15 || *q == '/') {
			strbuf_release(&sb);
			return NULL;
		}
		/* "ext. 12", "extension 12", "x12" */
		const char *e = q;
		if (str_starts_with_ci(e, "extension"))
			e += 9;
		else if (str_starts_with_ci(e, "ext"))
			e += 3;
		else if (*e == 'x' || *e == 'X')
			e += 1;
		else
			e = NULL;
		if (e) {
			e += strspn(e, ". :");
			size_t n = strspn(e, "0123456789");
			if (n > 0 && n <= 6) {
				strbuf_adds(&sb, ";ext=");
				strbuf_add(&sb, e, n);
			}
		}
		return strbuf_detach(&sb, NULL);
	}
	return NULL;
}

/* "Fax: +61 2 9221 5528", "(fax)": a number one sends paper to. */
static bool fax_number(const char *text)
{
	for (const char *p = strcasestr(text, "fax"); p; p = strcasestr(p + 1, "fax"))
		if ((p == text || !isalpha((unsigned char)p[-1])) && !isalpha((unsigned char)p[3]))
			return true;
	return false;
}

/* phones [{text, tel, sep}]: a contact's phone field holds one number or
 * several joined by ", " (contacts.c); " / " separates numbers too.  A
 * single "/" does not: "030/1234567" is one German number.  Each number is
 * shown as written; tel is null for a fax and for what cannot be dialled.
 * sep: a line of the contact stands before it (*lines counts them). */
static struct value *phones_value(const char *phone, size_t *lines)
{
	struct value *list = value_new_list();
	if (!phone)
		return list;
	char *copy = xstrdup(phone);
	for (char *p = copy; p && *p;) {
		char *comma = strchr(p, ','), *slash = strstr(p, " / ");
		char *end = comma && (!slash || comma < slash) ? comma : slash;
		if (end)
			*end = '\0';
		char *text = str_trim(p);
		if (*text) {
			char *tel = fax_number(text) ? NULL : tel_href(text);
			struct value *m = value_new_map();
			value_map_set_string(m, "text", text);
			if (tel)
				value_map_set(m, "tel", value_new_string_owned(tel, strlen(tel)));
			else
				value_map_set(m, "tel", value_new_null());
			value_map_set_bool(m, "sep", (*lines)++ > 0);
			value_list_push(list, m);
		}
		p = !end ? NULL : end + (end == comma ? 1 : 3);
	}
	free(copy);
	return list;
}

/* emails [{address, sep}]: a contact's email field holds one address or
 * several joined by ", ". */
static struct value *emails_value(const char *email, size_t *lines)
{
	struct value *list = value_new_list();
	if (!email)
		return list;
	char *copy = xstrdup(email);
	char *save = NULL;
	for (char *e = strtok_r(copy, ",", &save); e; e = strtok_r(NULL, ",", &save)) {
		char *address = str_trim(e);
		if (!*address)
			continue;
		struct value *m = value_new_map();
		value_map_set_string(m, "address", address);
		value_map_set_bool(m, "sep", (*lines)++ > 0);
		value_list_push(list, m);
	}
	free(copy);
	return list;
}

/* Where the URL starting at s ends: at white space, less the punctuation a
 * sentence puts after it (a ")" only when the URL opened none). */
static size_t url_len(const char *s)
{
	size_t n = 0, open = 0, close = 0;
	while (s[n] && !strchr(" \t\n<>\"", s[n])) {
		open += s[n] == '(';
		close += s[n] == ')';
		n++;
	}
	while (n > 0 && (strchr(".,;:!?'", s[n - 1]) || (s[n - 1] == ')' && close > open))) {
		close -= s[n - 1] == ')';
		n--;
	}
	return n;
}

void render_html_linkify(struct strbuf *out, const char *s)
{
	const char *p = s;
	while (*p) {
		const char *hit = NULL;
		for (const char *q = p; *q && !hit; q++)
			if ((q == s || strchr(" \t\n(", q[-1])) &&
			    (str_starts_with_ci(q, "https://") || str_starts_with_ci(q, "http://")))
				hit = q;
		size_t n = hit ? url_len(hit) : 0;
		if (!hit || n <= strlen("https://")) {
			render_html_escape(out, p);
			return;
		}
		char *text = xstrndup(p, (size_t)(hit - p)), *url = xstrndup(hit, n);
		render_html_escape(out, text);
		strbuf_adds(out, "<a href=\"");
		render_html_escape(out, url);
		strbuf_adds(out, "\">");
		render_html_escape(out, url);
		strbuf_adds(out, "</a>");
		free(text);
		free(url);
		p = hit + n;
	}
}

static struct value *contacts_value(const struct release *rel)
{
	struct value *list = value_new_list();
	for (size_t i = 0; i < rel->ncontacts; i++) {
		const struct contact *c = &rel->contacts[i];
		struct value *m = value_new_map();
		for (size_t k = 0; k < CONTACT_NFIELDS; k++)
			value_map_set_string(m, contact_keys[k], contact_value(c, k));
		/* the lines of the contact: who (name, organisation or job),
		 * then each number and address */
		size_t lines = c->role || c->name || c->org || c->title ? 1 : 0;
		value_map_set_bool(m, "who", lines > 0);
		value_map_set(m, "phones", phones_value(c->phone, &lines));
		value_map_set(m, "emails", emails_value(c->email, &lines));
		value_list_push(list, m);
	}
	return list;
}

static struct value *read_more_value(const struct release *rel)
{
	struct value *list = value_new_list();
	for (size_t i = 0; i < rel->nread_more; i++) {
		struct value *m = value_new_map();
		const struct link *k = &rel->read_more[i];
		value_map_set_string(m, "text", k->text);
		value_map_set_string(m, "url", k->url);
		/* The URL to show after the text, unless the text is the URL. */
		value_map_set_string(m, "link", k->url && strcmp(k->url, k->text) ? k->url : NULL);
		value_list_push(list, m);
	}
	return list;
}

/* A heading is one line of at most 80 characters that does not end a
 * sentence: "Notes to editors", "About UHRP:". */
static bool is_heading(const char *s)
{
	size_t n = strlen(s);
	return n > 0 && !strchr(s, '\n') && utf8_width(s, n) <= 80 && !strchr(".!?", s[n - 1]);
}

/* end_sections [{text, html, heading}]: html escaped, <br> at line breaks. */
static struct value *end_sections_value(const struct release *rel)
{
	struct value *list = value_new_list();
	struct strbuf html;
	strbuf_init(&html);
	for (size_t i = 0; i < rel->nend_sections; i++) {
		const char *text = rel->end_sections[i];
		strbuf_reset(&html);
		char *copy = xstrdup(text);
		char *save = NULL;
		for (char *line = strtok_r(copy, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			if (html.len)
				strbuf_adds(&html, "<br>\n");
			render_html_linkify(&html, line);
		}
		free(copy);
		struct value *m = value_new_map();
		value_map_set_string(m, "text", text);
		value_map_set_string(m, "html", html.buf);
		value_map_set_bool(m, "heading", is_heading(text));
		value_list_push(list, m);
	}
	strbuf_release(&html);
	return list;
}

/* One paragraph's {text, html}; markdown paragraphs are read as CommonMark
 * (mailer/render/markdown.h), others escaped as they are. */
static struct value *paragraph_value(const char *p, bool markdown, struct strbuf *tmp)
{
	struct value *m = value_new_map();
	if (markdown) {
		char *text = markdown_to_text(p, strlen(p));
		char *html = markdown_to_html(p, strlen(p));
		value_map_set(m, "text", value_new_string_owned(text, strlen(text)));
		value_map_set(m, "html", value_new_string_owned(html, strlen(html)));
		return m;
	}
	strbuf_reset(tmp);
	render_html_linkify(tmp, p);
	value_map_set_string(m, "text", p);
	value_map_set_string(m, "html", tmp->buf);
	return m;
}

/* paragraphs [{text, html}], body_text and body_html.  A markdown body is
 * read as one document, so that a loose list or a link reference spanning
 * paragraphs works in body_text and body_html. */
static void set_body(struct value *ctx, const struct release *rel)
{
	struct value *list = value_new_list();
	struct strbuf text, html, tmp;
	strbuf_init(&text);
	strbuf_init(&html);
	strbuf_init(&tmp);
	for (size_t i = 0; i < rel->nparagraphs; i++) {
		struct value *m = paragraph_value(rel->paragraphs[i], rel->markdown, &tmp);
		/* A markdown block of raw HTML alone has no text: no empty paragraph. */
		if (rel->markdown && !*value_map_get_string(m, "text"))
			value_free(m);
		else
			value_list_push(list, m);
		strbuf_addf(&text, "%s%s", i ? "\n\n" : "", rel->paragraphs[i]);
		if (!rel->markdown)
			strbuf_addf(&html, "<p>%s</p>\n", value_map_get_string(m, "html"));
	}
	if (rel->markdown) {
		char *t = markdown_to_text(text.buf, text.len);
		char *h = markdown_to_html(text.buf, text.len);
		strbuf_release(&text);
		strbuf_release(&html);
		value_map_set(ctx, "body_text", value_new_string_owned(t, strlen(t)));
		value_map_set(ctx, "body_html", value_new_string_owned(h, strlen(h)));
	} else {
		value_map_set(ctx, "body_text", value_new_string_owned(text.buf, text.len));
		value_map_set(ctx, "body_html", value_new_string_owned(html.buf, html.len));
	}
	value_map_set(ctx, "paragraphs", list);
	strbuf_release(&tmp);
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
	value_map_set_bool(c, "markdown", rel->markdown);
	set_body(c, rel);
	value_map_set(c, "contacts", contacts_value(rel));
	value_map_set(c, "read_more", read_more_value(rel));
	value_map_set(c, "end_sections", end_sections_value(rel));
	value_map_set_bool(c, "has_contacts", rel->ncontacts > 0);
	value_map_set_bool(c, "has_read_more", rel->nread_more > 0);
	value_map_set_bool(c, "has_end_sections", rel->nend_sections > 0);
	struct value *sender = value_new_map();
	value_map_set_string(sender, "name", sender_name);
	value_map_set_string(sender, "email", sender_email);
	value_map_set(c, "sender", sender);
}

static bool rkey_known(const struct renderer *r, const char *key)
{
	for (size_t i = 0; i < r->nrkeys; i++)
		if (strcmp(r->rkeys[i], key) == 0)
			return true;
	return false;
}

void render_set_lists(struct renderer *r, struct list *const *lists, size_t nlists)
{
	for (size_t i = 0; i < nlists; i++) {
		for (size_t k = 0; k < lists[i]->nkeys; k++) {
			if (rkey_known(r, lists[i]->keys[k]))
				continue;
			r->rkeys = xrealloc(r->rkeys, (r->nrkeys + 1) * sizeof *r->rkeys);
			r->rkeys[r->nrkeys++] = xstrdup(lists[i]->keys[k]);
		}
	}
}

/* The recipient's fields, with null for the keys other entries have. */
static struct value *recipient_value(const struct renderer *r, const struct recipient *rcpt)
{
	struct value *v = recipient_fields(rcpt);
	for (size_t i = 0; i < r->nrkeys; i++)
		if (!value_map_get(v, r->rkeys[i]))
			value_map_set(v, r->rkeys[i], value_new_null());
	if (!value_map_get_string(v, "email"))
		value_map_set_string(v, "email", rcpt->email);
	return v;
}

void render_set_recipient(struct renderer *r, const struct recipient *rcpt,
                          const char *unsubscribe_url, const char *embargo_until)
{
	struct value *c = r->ctx;
	value_map_set(c, "recipient", recipient_value(r, rcpt));
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
		value_map_set(c, "embargo", value_new_null());
	}
}

int render_parts(struct renderer *r, struct strbuf *text, struct strbuf *html, struct diags *d)
{
	struct strbuf raw;
	strbuf_init(&raw);
	int rc = mustache_render(r->txt, r->ctx, &raw, d);
	if (rc == 0) {
		wrap_text(raw.buf, raw.len, r->wrap, text);
		rc = mustache_render(r->html, r->ctx, html, d);
	}
	strbuf_release(&raw);
	return rc;
}
