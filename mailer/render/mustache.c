#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "mustache.h"
#include "strmap.h"

/* Sections nested deeper than this in one template are refused: rendering,
 * lint and free recurse over the nesting. */
#define MUSTACHE_MAX_NESTING 100

enum mustache_kind {
	MK_TEXT,     /* literal template text */
	MK_INDENT,   /* a line start in a partial: the standalone indentation goes here */
	MK_VAR,      /* {{x}} {{{x}}} {{&x}} */
	MK_SECTION,  /* {{#x}} */
	MK_INVERTED, /* {{^x}} */
	MK_PARTIAL,  /* {{>x}} */
};

/* A compiled template is a flat array of nodes; a section's body is the
 * nodes between it and its end index, so rendering never re-parses. */
struct mustache_node {
	enum mustache_kind kind;
	bool escape;     /* MK_VAR: HTML-escape the value */
	bool standalone; /* MK_PARTIAL: alone on its line, so its blanks indent it */
	int line, col;
	size_t off, len; /* MK_TEXT: the text; MK_PARTIAL: its indentation */
	char *name;      /* tags: the name as written */
	char **parts;    /* MK_VAR/SECTION/INVERTED: the name split on dots, */
	size_t nparts;   /* parts[0] owning them all; 0 parts is "." */
	size_t end;      /* MK_SECTION/INVERTED: index just past the body */
	long partial;    /* MK_PARTIAL: index in the partial cache, -1 until loaded */
};

struct mustache_tmpl {
	char *file;
	char *src; /* nodes point into it */
	size_t len;
	struct mustache_node *nodes;
	size_t n, cap;
};

struct mustache_partial {
	char *name;
	struct mustache_tmpl *tmpl; /* NULL: no such partial, it renders empty */
};

struct mustache {
	struct mustache_opts opts;
	struct mustache_tmpl *main;
	struct mustache_partial *partials;
	size_t npartials, cap;
};

/* ---- compiling ---- */

struct mustache_parser {
	struct mustache_tmpl *t;
	struct diags *d;
	bool escape;        /* opts->escape_html */
	bool markers;       /* emit MK_INDENT at line starts (partials only) */
	bool at_line_start; /* the next node starts a line of the template */
	const char *otag, *ctag;
	size_t olen, clen;
	size_t pos;                        /* where the search for the next tag resumes */
	size_t text;                       /* start of the text not yet emitted */
	size_t open[MUSTACHE_MAX_NESTING]; /* node indices of open sections */
	size_t depth;
	size_t lc_off; /* position tracker: offset lc_off is at line:col */
	int line, col;
};

struct mustache_tag {
	char type;           /* # ^ / ! > = & { or 0 for a plain variable */
	size_t start, end;   /* the whole tag */
	size_t cstart, cend; /* its content, blanks trimmed */
	int line, col;
};

static void tmpl_free(struct mustache_tmpl *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		free(t->nodes[i].name);
		if (t->nodes[i].nparts > 0)
			free(t->nodes[i].parts[0]);
		free(t->nodes[i].parts);
	}
	free(t->nodes);
	free(t->src);
	free(t->file);
	free(t);
}

static const char *mem_find(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	const char *end = hay + hlen;
	for (const char *p = hay; (size_t)(end - p) >= nlen; p++) {
		p = memchr(p, needle[0], (size_t)(end - p) - nlen + 1);
		if (!p)
			return NULL;
		if (memcmp(p, needle, nlen) == 0)
			return p;
	}
	return NULL;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_space(char c)
{
	return is_blank(c) || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Offsets only grow while compiling, so the walk is linear overall.
 * Columns count UTF-8 characters, not bytes. */
static void parser_locate(struct mustache_parser *p, size_t off, int *line, int *col)
{
	for (; p->lc_off < off; p->lc_off++) {
		unsigned char c = (unsigned char)p->t->src[p->lc_off];
		if (c == '\n') {
			p->line++;
			p->col = 1;
		} else if ((c & 0xC0) != 0x80) {
			p->col++;
		}
	}
	*line = p->line;
	*col = p->col;
}

/* Append an error at line:col quoting the tag at src[start..end). */
static int parser_error(struct mustache_parser *p, int line, int col, size_t start, size_t end,
                        const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

static int parser_error(struct mustache_parser *p, int line, int col, size_t start, size_t end,
                        const char *hint, const char *fmt, ...)
{
	const char *s = p->t->src + start;
	size_t n = end - start;
	const char *nl = memchr(s, '\n', n);
	if (nl)
		n = (size_t)(nl - s);
	if (n > 40)
		n = 40;
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	diag_error(p->d, EX_DATAERR, p->t->file, line, col, hint, "%s '%.*s%s'", msg, (int)n, s,
	           n < end - start ? "..." : "");
	free(msg);
	return -1;
}

static struct mustache_node *parser_push(struct mustache_parser *p, enum mustache_kind kind)
{
	struct mustache_tmpl *t = p->t;
	t->nodes = xgrow(t->nodes, &t->cap, t->n + 1, sizeof *t->nodes);
	struct mustache_node *node = &t->nodes[t->n++];
	memset(node, 0, sizeof *node);
	node->kind = kind;
	node->partial = -1;
	return node;
}

/* Emit src[from..to) as text; in a partial, each line gets an indent marker
 * in front so that a standalone inclusion can indent it at render time. */
static void parser_text(struct mustache_parser *p, size_t from, size_t to)
{
	const char *s = p->t->src;
	while (from < to) {
		const char *nl = p->markers ? memchr(s + from, '\n', to - from) : NULL;
		size_t stop = nl ? (size_t)(nl - s) + 1 : to;
		if (p->markers && p->at_line_start)
			parser_push(p, MK_INDENT);
		struct mustache_node *node = parser_push(p, MK_TEXT);
		node->off = from;
		node->len = stop - from;
		p->at_line_start = s[stop - 1] == '\n';
		from = stop;
	}
}

/* A tag alone on its line (bar blanks) takes the whole line with it.  On
 * success *left is where its line starts and *right where the next begins. */
static bool parser_standalone(const struct mustache_parser *p, const struct mustache_tag *tag,
                              size_t *left, size_t *right)
{
	const char *s = p->t->src;
	size_t len = p->t->len, i = tag->start, j = tag->end;
	while (i > p->text && is_blank(s[i - 1]))
		i--;
	if (i > 0 && s[i - 1] != '\n')
		return false;
	while (j < len && is_blank(s[j]))
		j++;
	if (j + 1 < len && s[j] == '\r' && s[j + 1] == '\n')
		j += 2;
	else if (j < len && s[j] == '\n')
		j++;
	else if (j < len)
		return false;
	*left = i;
	*right = j;
	return true;
}

/* Find the end of a tag whose content starts at from: the closing delimiter,
 * preceded by closer ('}' or '=') when the tag type needs one. */
static long parser_find_close(const struct mustache_parser *p, size_t from, char closer)
{
	const char *s = p->t->src;
	size_t at = from;
	for (;;) {
		const char *c = mem_find(s + at, p->t->len - at, p->ctag, p->clen);
		if (!c)
			return -1;
		size_t k = (size_t)(c - s);
		if (!closer)
			return (long)k;
		if (k > from && s[k - 1] == closer)
			return (long)(k - 1);
		at = k + 1;
	}
}

static int parser_read_tag(struct mustache_parser *p, size_t start, struct mustache_tag *tag)
{
	const char *s = p->t->src;
	size_t i = start + p->olen;
	memset(tag, 0, sizeof *tag);
	tag->start = start;
	parser_locate(p, start, &tag->line, &tag->col);
	if (i < p->t->len && s[i] && strchr("#^/!>=&{", s[i]))
		tag->type = s[i++];
	char closer = tag->type == '{' ? '}' : tag->type == '=' ? '=' : 0;
	long k = parser_find_close(p, i, closer);
	if (k < 0)
		return parser_error(p, tag->line, tag->col, start, p->t->len,
		                    "close it with the closing delimiter", "unclosed tag");
	tag->end = (size_t)k + (closer ? 1 : 0) + p->clen;
	while (i < (size_t)k && is_space(s[i]))
		i++;
	while ((size_t)k > i && is_space(s[k - 1]))
		k--;
	tag->cstart = i;
	tag->cend = (size_t)k;
	return 0;
}

static bool name_has_space(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (is_space(s[i]))
			return true;
	return false;
}

/* Split a dotted name into node->parts; "." is the implicit iterator. */
static bool parser_split_name(struct mustache_node *node)
{
	if (strcmp(node->name, ".") == 0)
		return true;
	char *buf = xstrdup(node->name);
	size_t n = 1;
	for (char *c = buf; *c; c++)
		n += *c == '.';
	node->parts = xcalloc(n, sizeof *node->parts);
	node->nparts = n;
	char *part = buf;
	for (size_t i = 0; i < n; i++) {
		char *dot = strchr(part, '.');
		if (dot)
			*dot = '\0';
		node->parts[i] = part;
		if (!*part)
			return false;
		part = dot ? dot + 1 : part;
	}
	return true;
}

/* Add the node for a tag, with the indent marker an inline tag at a line start
 * needs.  Returns NULL after an error about the tag's name. */
static struct mustache_node *parser_tag_node(struct mustache_parser *p,
                                             const struct mustache_tag *tag,
                                             enum mustache_kind kind, bool alone)
{
	const char *s = p->t->src + tag->cstart;
	size_t n = tag->cend - tag->cstart;
	if (n == 0 || name_has_space(s, n)) {
		parser_error(p, tag->line, tag->col, tag->start, tag->end,
		             "a tag holds one name without blanks",
		             n ? "name with blanks in tag" : "empty tag");
		return NULL;
	}
	if (!alone && p->markers && p->at_line_start)
		parser_push(p, MK_INDENT);
	p->at_line_start = alone;
	struct mustache_node *node = parser_push(p, kind);
	node->line = tag->line;
	node->col = tag->col;
	node->name = xstrndup(s, n);
	if (kind != MK_PARTIAL && !parser_split_name(node)) {
		parser_error(p, tag->line, tag->col, tag->start, tag->end,
		             "dotted names need a name between the dots", "bad name in tag");
		return NULL;
	}
	return node;
}

static int parser_open(struct mustache_parser *p, const struct mustache_tag *tag, bool alone)
{
	if (p->depth == MUSTACHE_MAX_NESTING)
		return parser_error(p, tag->line, tag->col, tag->start, tag->end, NULL,
		                    "sections nested more than %d deep at", MUSTACHE_MAX_NESTING);
	enum mustache_kind kind = tag->type == '#' ? MK_SECTION : MK_INVERTED;
	if (!parser_tag_node(p, tag, kind, alone))
		return -1;
	p->open[p->depth++] = p->t->n - 1;
	return 0;
}

static int parser_close(struct mustache_parser *p, const struct mustache_tag *tag)
{
	const char *s = p->t->src + tag->cstart;
	size_t n = tag->cend - tag->cstart;
	if (p->depth == 0)
		return parser_error(p, tag->line, tag->col, tag->start, tag->end,
		                    "remove it or open the section before", "no open section for");
	struct mustache_node *open = &p->t->nodes[p->open[p->depth - 1]];
	if (strlen(open->name) != n || memcmp(open->name, s, n) != 0) {
		char *hint = xasprintf("section '%s' opened at %d:%d is closed with {{/%s}}",
		                       open->name, open->line, open->col, open->name);
		parser_error(p, tag->line, tag->col, tag->start, tag->end, hint,
		             "mismatched closing tag");
		free(hint);
		return -1;
	}
	open->end = p->t->n;
	p->depth--;
	return 0;
}

/* {{=<% %>=}}: two delimiters without blanks or '=' between the '='s. */
static int parser_delims(struct mustache_parser *p, const struct mustache_tag *tag)
{
	const char *s = p->t->src;
	size_t i = tag->cstart, e = tag->cend, o = i;
	while (i < e && !is_space(s[i]))
		i++;
	size_t olen = i - o;
	while (i < e && is_space(s[i]))
		i++;
	size_t c = i, clen = e - c;
	if (olen == 0 || clen == 0 || memchr(s + o, '=', olen) || memchr(s + c, '=', clen) ||
	    name_has_space(s + c, clen))
		return parser_error(p, tag->line, tag->col, tag->start, tag->end,
		                    "write it as {{=<% %>=}}: two delimiters without '=' or blanks",
		                    "bad set-delimiter tag");
	p->otag = s + o;
	p->olen = olen;
	p->ctag = s + c;
	p->clen = clen;
	return 0;
}

static int parser_apply(struct mustache_parser *p, const struct mustache_tag *tag, bool alone,
                        size_t left)
{
	struct mustache_node *node;
	switch (tag->type) {
	case '!':
		return 0;
	case '=':
		return parser_delims(p, tag);
	case '#':
	case '^':
		return parser_open(p, tag, alone);
	case '/':
		return parser_close(p, tag);
	case '>':
		node = parser_tag_node(p, tag, MK_PARTIAL, alone);
		if (node && alone) {
			node->standalone = true;
			node->off = left;
			node->len = tag->start - left;
		}
		return node ? 0 : -1;
	default:
		node = parser_tag_node(p, tag, MK_VAR, false);
		if (node)
			node->escape = p->escape && tag->type == 0;
		return node ? 0 : -1;
	}
}

static int parser_tag(struct mustache_parser *p, size_t start)
{
	struct mustache_tag tag;
	size_t left = 0, right = 0;
	if (parser_read_tag(p, start, &tag) < 0)
		return -1;
	bool alone =
	    tag.type && strchr("#^/!>=", tag.type) && parser_standalone(p, &tag, &left, &right);
	parser_text(p, p->text, alone ? left : tag.start);
	p->text = p->pos = alone ? right : tag.end;
	return parser_apply(p, &tag, alone, left);
}

static int parser_run(struct mustache_parser *p)
{
	const char *s = p->t->src;
	for (;;) {
		const char *o = mem_find(s + p->pos, p->t->len - p->pos, p->otag, p->olen);
		if (!o)
			break;
		if (parser_tag(p, (size_t)(o - s)) < 0)
			return -1;
	}
	parser_text(p, p->text, p->t->len);
	if (p->depth > 0) {
		const struct mustache_node *open = &p->t->nodes[p->open[p->depth - 1]];
		char *hint = xasprintf("close it with {{/%s}}", open->name);
		diag_error(p->d, EX_DATAERR, p->t->file, open->line, open->col, hint,
		           "unclosed section '{{%c%s}}'", open->kind == MK_SECTION ? '#' : '^',
		           open->name);
		free(hint);
		return -1;
	}
	return 0;
}

/* Takes ownership of file and src, even on failure. */
static struct mustache_tmpl *tmpl_compile(char *file, char *src, size_t len, bool markers,
                                          bool escape, struct diags *d)
{
	struct mustache_tmpl *t = xcalloc(1, sizeof *t);
	t->file = file;
	t->src = src;
	t->len = len;
	struct mustache_parser p = {
	    .t = t,
	    .d = d,
	    .escape = escape,
	    .markers = markers,
	    .at_line_start = true,
	    .otag = "{{",
	    .ctag = "}}",
	    .olen = 2,
	    .clen = 2,
	    .line = 1,
	    .col = 1,
	};
	if (parser_run(&p) < 0) {
		tmpl_free(t);
		return NULL;
	}
	return t;
}

struct mustache *mustache_compile(const char *file, const char *text, size_t len,
                                  const struct mustache_opts *opts, struct diags *d)
{
	struct mustache *m = xcalloc(1, sizeof *m);
	if (opts)
		m->opts = *opts;
	m->main =
	    tmpl_compile(xstrdup(file), xstrndup(text, len), len, false, m->opts.escape_html, d);
	if (!m->main) {
		free(m);
		return NULL;
	}
	return m;
}

void mustache_free(struct mustache *m)
{
	if (!m)
		return;
	tmpl_free(m->main);
	for (size_t i = 0; i < m->npartials; i++) {
		free(m->partials[i].name);
		tmpl_free(m->partials[i].tmpl);
	}
	free(m->partials);
	free(m);
}

/* Find the partial in the cache, or load and compile it once.  A partial that
 * does not compile is not cached: the next render reports it again. */
static int mustache_partial(struct mustache *m, const char *name, long *idx, struct diags *d)
{
	for (size_t i = 0; i < m->npartials; i++) {
		if (strcmp(m->partials[i].name, name) == 0) {
			*idx = (long)i;
			return 0;
		}
	}
	struct mustache_tmpl *t = NULL;
	if (m->opts.partial) {
		char *text = NULL, *file = NULL;
		size_t len = 0;
		int rc = m->opts.partial(m->opts.partial_arg, name, &text, &len, &file, d);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			t = tmpl_compile(file ? file : xstrdup(name), text, len, true,
			                 m->opts.escape_html, d);
			if (!t)
				return -1;
		}
	}
	m->partials = xgrow(m->partials, &m->cap, m->npartials + 1, sizeof *m->partials);
	m->partials[m->npartials].name = xstrdup(name);
	m->partials[m->npartials].tmpl = t;
	*idx = (long)m->npartials++;
	return 0;
}

/* The node's partial, loading it when first needed; *pt NULL when absent.
 * Errors of the callback that name no file get the place of the tag. */
static int mustache_node_partial(struct mustache *m, const struct mustache_tmpl *t,
                                 struct mustache_node *node, struct mustache_tmpl **pt,
                                 struct diags *d)
{
	size_t before = d->n;
	if (node->partial < 0 && mustache_partial(m, node->name, &node->partial, d) < 0) {
		for (size_t i = before; i < d->n; i++) {
			if (d->v[i].file)
				continue;
			d->v[i].file = xstrdup(t->file);
			d->v[i].line = node->line;
			d->v[i].col = node->col;
		}
		return -1;
	}
	*pt = m->partials[node->partial].tmpl;
	return 0;
}

/* ---- rendering ---- */

struct mustache_render {
	struct mustache *m;
	struct strbuf *out;
	struct diags *d;
	const struct value **stack; /* the context stack, top last */
	size_t n, cap;
	struct strbuf indent; /* indentation of the standalone partials we are in; */
	size_t indent_from;   /* an inline partial uses none of it */
	int depth;            /* partials we are in */
	size_t start;         /* out->len when the render began */
	size_t calls;         /* partials included so far */
	/* the innermost {{>name}} being rendered, for the errors of the bounds */
	const struct mustache_tmpl *in_t;
	const struct mustache_node *in_node;
};

/* The bounds of one render (mustache.h), named by the partial they hit. */
static int render_bound(struct mustache_render *r, const char *what, size_t limit)
{
	if (!r->in_node)
		return diag_error(r->d, EX_DATAERR, NULL, 0, 0,
		                  "render less: the template is too big for one message",
		                  "the rendering has more than %zu %s", limit, what);
	return diag_error(r->d, EX_DATAERR, r->in_t->file, r->in_node->line, r->in_node->col,
	                  "include partials fewer times: each inclusion of a partial that "
	                  "includes others multiplies them",
	                  "the rendering has more than %zu %s, in partial '%s'", limit, what,
	                  r->in_node->name);
}

static int render_range(struct mustache_render *r, struct mustache_tmpl *t, size_t from, size_t to);

/* The spec's name resolution: the first part is searched down the context
 * stack, the others only inside what the previous part found. */
static const struct value *render_lookup(const struct mustache_render *r,
                                         const struct mustache_node *node)
{
	if (node->nparts == 0)
		return r->n ? r->stack[r->n - 1] : NULL;
	const struct value *v = NULL;
	for (size_t i = r->n; i-- > 0 && !v;)
		v = value_map_get(r->stack[i], node->parts[0]);
	for (size_t k = 1; v && k < node->nparts; k++)
		v = value_map_get(v, node->parts[k]);
	return v;
}

static void render_push(struct mustache_render *r, const struct value *v)
{
	r->stack = xgrow(r->stack, &r->cap, r->n + 1, sizeof *r->stack);
	r->stack[r->n++] = v;
}

static void html_escape(struct strbuf *out, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *ent;
		switch (s[i]) {
		case '&':
			ent = "&amp;";
			break;
		case '<':
			ent = "&lt;";
			break;
		case '>':
			ent = "&gt;";
			break;
		case '"':
			ent = "&quot;";
			break;
		case '\'':
			ent = "&#39;";
			break;
		default:
			continue;
		}
		strbuf_add(out, s + start, i - start);
		strbuf_adds(out, ent);
		start = i + 1;
	}
	strbuf_add(out, s + start, n - start);
}

/* Integers without a fraction ("85"), others in the fewest digits that read
 * back as the same double ("1.21" for 1.210, as the spec expects). */
static void render_number(struct strbuf *out, double x)
{
	char buf[40];
	if (fabs(x) < 1e15 && x == (double)(long long)x) {
		snprintf(buf, sizeof buf, "%lld", (long long)x);
	} else {
		for (int prec = 1; prec <= 17; prec++) {
			snprintf(buf, sizeof buf, "%.*g", prec, x);
			if (strtod(buf, NULL) == x)
				break;
		}
	}
	strbuf_adds(out, buf);
}

/* Lists and maps interpolate as nothing: there is no one right text for
 * them, and lint can point at such tags. */
static void render_value(struct strbuf *out, const struct value *v, bool escape)
{
	if (!v)
		return;
	switch (v->type) {
	case VALUE_STRING:
		if (escape)
			html_escape(out, v->u.str.s, v->u.str.len);
		else
			strbuf_add(out, v->u.str.s, v->u.str.len);
		break;
	case VALUE_NUMBER:
		render_number(out, v->u.num);
		break;
	case VALUE_BOOL:
		strbuf_adds(out, v->u.b ? "true" : "false");
		break;
	default:
		break;
	}
}

static int render_body(struct mustache_render *r, struct mustache_tmpl *t, size_t i,
                       const struct value *v)
{
	render_push(r, v);
	int rc = render_range(r, t, i + 1, t->nodes[i].end);
	r->n--;
	return rc;
}

static int render_section(struct mustache_render *r, struct mustache_tmpl *t, size_t i)
{
	const struct value *v = render_lookup(r, &t->nodes[i]);
	if (t->nodes[i].kind == MK_INVERTED)
		return value_truthy(v) ? 0 : render_range(r, t, i + 1, t->nodes[i].end);
	if (!value_truthy(v))
		return 0;
	if (v->type != VALUE_LIST)
		return render_body(r, t, i, v);
	for (size_t k = 0; k < v->u.list.n; k++)
		if (render_body(r, t, i, v->u.list.items[k]) < 0)
			return -1;
	return 0;
}

static int render_partial(struct mustache_render *r, struct mustache_tmpl *t, size_t i)
{
	struct mustache_node *node = &t->nodes[i];
	struct mustache_tmpl *pt;
	if (mustache_node_partial(r->m, t, node, &pt, r->d) < 0)
		return -1;
	if (!pt)
		return 0;
	if (r->depth >= MUSTACHE_MAX_PARTIAL_DEPTH)
		return diag_error(
		    r->d, EX_DATAERR, t->file, node->line, node->col,
		    "a partial that includes itself needs a section that ends the recursion",
		    "partial '%s' nested more than %d deep", node->name,
		    MUSTACHE_MAX_PARTIAL_DEPTH);
	const struct mustache_tmpl *keep_t = r->in_t;
	const struct mustache_node *keep_node = r->in_node;
	r->in_t = t;
	r->in_node = node;
	if (++r->calls > MUSTACHE_MAX_PARTIAL_CALLS)
		return render_bound(r, "partial inclusions", MUSTACHE_MAX_PARTIAL_CALLS);
	/* A standalone partial is indented by its line's blanks on top of ours.
	 * An inline one is not indented at all (the spec indents the lines of a
	 * partial's own text only), and its first line continues the current one. */
	size_t keep = r->indent.len, keep_from = r->indent_from, from = 0;
	if (node->standalone)
		strbuf_add(&r->indent, t->src + node->off, node->len);
	else
		r->indent_from = r->indent.len;
	if (!node->standalone && pt->n > 0 && pt->nodes[0].kind == MK_INDENT)
		from = 1;
	r->depth++;
	int rc = render_range(r, pt, from, pt->n);
	r->depth--;
	r->in_t = keep_t;
	r->in_node = keep_node;
	r->indent.len = keep;
	r->indent.buf[keep] = '\0';
	r->indent_from = keep_from;
	return rc;
}

static int render_range(struct mustache_render *r, struct mustache_tmpl *t, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		const struct mustache_node *node = &t->nodes[i];
		int rc = 0;
		switch (node->kind) {
		case MK_TEXT:
			strbuf_add(r->out, t->src + node->off, node->len);
			break;
		case MK_INDENT:
			strbuf_add(r->out, r->indent.buf + r->indent_from,
			           r->indent.len - r->indent_from);
			break;
		case MK_VAR:
			render_value(r->out, render_lookup(r, node), node->escape);
			break;
		case MK_SECTION:
		case MK_INVERTED:
			rc = render_section(r, t, i);
			i = node->end - 1;
			break;
		case MK_PARTIAL:
			rc = render_partial(r, t, i);
			break;
		}
		if (rc < 0)
			return -1;
		if (r->out->len - r->start > MUSTACHE_MAX_OUTPUT)
			return render_bound(r, "bytes", MUSTACHE_MAX_OUTPUT);
	}
	return 0;
}

int mustache_render(struct mustache *m, const struct value *ctx, struct strbuf *out,
                    struct diags *d)
{
	struct mustache_render r = {.m = m, .out = out, .d = d, .start = out->len};
	strbuf_init(&r.indent);
	if (ctx)
		render_push(&r, ctx);
	int rc = render_range(&r, m->main, 0, m->main->n);
	free(r.stack);
	strbuf_release(&r.indent);
	return rc;
}

/* ---- lint ---- */

struct mustache_walk {
	struct mustache *m;
	mustache_name_fn fn;
	void *arg;
	struct diags *d;
	const char **secs; /* names of the enclosing sections, outermost first */
	size_t nsecs, seccap;
	long *path; /* partials being walked, to stop at recursion */
	size_t npath, pathcap;
	struct strmap seen; /* "partial\nsection\n..." of the partials walked */
};

static int walk_range(struct mustache_walk *w, struct mustache_tmpl *t, size_t from, size_t to);

/* Has this partial been walked already inside the same sections?  If not,
 * remember it.  Without this, partials included many times over multiply. */
static bool walk_seen(struct mustache_walk *w, long partial)
{
	struct strbuf key;
	strbuf_init(&key);
	strbuf_addf(&key, "%ld\n", partial);
	for (size_t i = 0; i < w->nsecs; i++) {
		strbuf_adds(&key, w->secs[i]);
		strbuf_addch(&key, '\n');
	}
	bool seen = strmap_get(&w->seen, key.buf) != NULL;
	if (!seen)
		strmap_put(&w->seen, key.buf, w);
	strbuf_release(&key);
	return seen;
}

static bool walk_on_path(const struct mustache_walk *w, long partial)
{
	for (size_t i = 0; i < w->npath; i++)
		if (w->path[i] == partial)
			return true;
	return false;
}

static int walk_partial(struct mustache_walk *w, struct mustache_tmpl *t,
                        struct mustache_node *node)
{
	struct mustache_tmpl *pt;
	if (mustache_node_partial(w->m, t, node, &pt, w->d) < 0)
		return -1;
	if (!pt) {
		diag_warning(w->d, t->file, node->line, node->col, "it renders as nothing",
		             "no partial named '%s'", node->name);
		return 0;
	}
	if (walk_on_path(w, node->partial) || walk_seen(w, node->partial))
		return 0;
	if (w->seen.n > MUSTACHE_MAX_LINT_VISITS)
		return diag_error(w->d, EX_DATAERR, t->file, node->line, node->col,
		                  "include fewer partials inside sections",
		                  "partials nest in more than %d ways: too many to check",
		                  MUSTACHE_MAX_LINT_VISITS);
	w->path = xgrow(w->path, &w->pathcap, w->npath + 1, sizeof *w->path);
	w->path[w->npath++] = node->partial;
	int rc = walk_range(w, pt, 0, pt->n);
	w->npath--;
	return rc;
}

/* Inverted sections push no context, so only sections enter w->secs. */
static int walk_section(struct mustache_walk *w, struct mustache_tmpl *t, size_t i)
{
	const struct mustache_node *node = &t->nodes[i];
	if (node->kind == MK_INVERTED)
		return walk_range(w, t, i + 1, node->end);
	w->secs = xgrow(w->secs, &w->seccap, w->nsecs + 1, sizeof *w->secs);
	w->secs[w->nsecs++] = node->name;
	int rc = walk_range(w, t, i + 1, node->end);
	w->nsecs--;
	return rc;
}

static int walk_range(struct mustache_walk *w, struct mustache_tmpl *t, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		struct mustache_node *node = &t->nodes[i];
		int rc = 0;
		if (node->kind == MK_VAR || node->kind == MK_SECTION || node->kind == MK_INVERTED)
			w->fn(w->arg, t->file, node->line, node->col, node->name, w->secs,
			      w->nsecs);
		if (node->kind == MK_SECTION || node->kind == MK_INVERTED) {
			rc = walk_section(w, t, i);
			i = node->end - 1;
		} else if (node->kind == MK_PARTIAL) {
			rc = walk_partial(w, t, node);
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

int mustache_names(struct mustache *m, mustache_name_fn fn, void *arg, struct diags *d)
{
	struct mustache_walk w = {.m = m, .fn = fn, .arg = arg, .d = d};
	strmap_init(&w.seen);
	int rc = walk_range(&w, m->main, 0, m->main->n);
	strmap_free(&w.seen);
	free(w.path);
	free(w.secs);
	return rc;
}
