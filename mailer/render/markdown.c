#include "config.h"

#include <cmark.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "markdown.h"
#include "util.h"

char *markdown_to_html(const char *md, size_t len)
{
	/* cmark 0.30 is safe by default; CMARK_OPT_SAFE is kept for older
	 * versions, where it had to be asked for.  Never CMARK_OPT_UNSAFE. */
	char *html = cmark_markdown_to_html(md, len, CMARK_OPT_SAFE);
	/* cmark's allocator aborts when memory runs out: NULL cannot happen. */
	char *copy = xstrdup(html ? html : "");
	free(html);
	return copy;
}

/* ---- plain text ---- */

/* The URL schemes cmark's safe mode refuses; data: is left out of plain
 * text in every form (it is the content, not a place). */
static bool md_url_unsafe(const char *url)
{
	static const char *const schemes[] = {"javascript:", "vbscript:", "file:", "data:"};
	for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
		if (str_starts_with_ci(url, schemes[i]))
			return true;
	return false;
}

/* Too deep to recurse: the text of every leaf, blocks on their own lines. */
static void md_flat(cmark_node *node, struct strbuf *out)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE))
			strbuf_adds(out, cmark_node_get_literal(n));
		else if (ev == CMARK_EVENT_ENTER &&
		         (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK))
			strbuf_addch(out, ' ');
		else if (ev == CMARK_EVENT_EXIT && t == CMARK_NODE_PARAGRAPH && out->len)
			strbuf_addch(out, '\n');
	}
	cmark_iter_free(it);
}

static void md_inlines(cmark_node *parent, struct strbuf *out, int depth);

static void md_link(cmark_node *n, struct strbuf *out, int depth)
{
	const char *url = cmark_node_get_url(n);
	struct strbuf text;
	strbuf_init(&text);
	md_inlines(n, &text, depth + 1);
	bool show = url && *url && !md_url_unsafe(url);
	if (show && (strcmp(text.buf, url) == 0 || text.len == 0)) {
		strbuf_addf(out, "<%s>", url);
	} else {
		strbuf_add(out, text.buf, text.len);
		/* <foo@example.org> is written as the address alone. */
		if (show && !(str_starts_with_ci(url, "mailto:") && strcmp(url + 7, text.buf) == 0))
			strbuf_addf(out, " <%s>", url);
	}
	strbuf_release(&text);
}

static void md_inline(cmark_node *n, struct strbuf *out, int depth)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
		strbuf_adds(out, cmark_node_get_literal(n));
		break;
	case CMARK_NODE_SOFTBREAK:
		strbuf_addch(out, ' ');
		break;
	case CMARK_NODE_LINEBREAK:
		strbuf_addch(out, '\n');
		break;
	case CMARK_NODE_CODE:
		strbuf_addf(out, "`%s`", cmark_node_get_literal(n));
		break;
	case CMARK_NODE_HTML_INLINE:
		break;
	case CMARK_NODE_EMPH:
	case CMARK_NODE_STRONG: {
		const char *mark = cmark_node_get_type(n) == CMARK_NODE_EMPH ? "*" : "**";
		strbuf_adds(out, mark);
		md_inlines(n, out, depth + 1);
		strbuf_adds(out, mark);
		break;
	}
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE:
		md_link(n, out, depth);
		break;
	default:
		md_inlines(n, out, depth + 1);
	}
}

static void md_inlines(cmark_node *parent, struct strbuf *out, int depth)
{
	if (depth > MARKDOWN_MAX_DEPTH) {
		md_flat(parent, out);
		return;
	}
	for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n))
		md_inline(n, out, depth);
}

/* Each line of src into out, the first after first, the others after rest;
 * an empty line gets the prefix without its trailing blanks. */
static void md_prefix(const char *src, const char *first, const char *rest, struct strbuf *out)
{
	const char *p = src;
	for (bool one = true;; one = false) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *pre = one ? first : rest;
		size_t plen = strlen(pre);
		if (n == 0)
			while (plen > 0 && pre[plen - 1] == ' ')
				plen--;
		strbuf_add(out, pre, plen);
		strbuf_add(out, p, n);
		if (!nl)
			break;
		strbuf_addch(out, '\n');
		p = nl + 1;
	}
}

static void md_block(cmark_node *n, struct strbuf *out, int depth);

/* The children of parent, each non-empty one after sep. */
static void md_children(cmark_node *parent, struct strbuf *out, const char *sep, int depth)
{
	struct strbuf one;
	strbuf_init(&one);
	for (cmark_node *c = cmark_node_first_child(parent); c; c = cmark_node_next(c)) {
		strbuf_reset(&one);
		md_block(c, &one, depth + 1);
		if (one.len == 0)
			continue;
		if (out->len)
			strbuf_adds(out, sep);
		strbuf_add(out, one.buf, one.len);
	}
	strbuf_release(&one);
}

static void md_list(cmark_node *list, struct strbuf *out, int depth)
{
	bool tight = cmark_node_get_list_tight(list);
	bool ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
	char delim = cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ? ')' : '.';
	int num = cmark_node_get_list_start(list);
	struct strbuf item;
	strbuf_init(&item);
	for (cmark_node *c = cmark_node_first_child(list); c; c = cmark_node_next(c), num++) {
		strbuf_reset(&item);
		md_children(c, &item, tight ? "\n" : "\n\n", depth + 1);
		char marker[24];
		if (ordered)
			snprintf(marker, sizeof marker, "%d%c ", num, delim);
		else
			snprintf(marker, sizeof marker, "- ");
		char indent[24];
		memset(indent, ' ', strlen(marker));
		indent[strlen(marker)] = '\0';
		if (out->len)
			strbuf_adds(out, tight ? "\n" : "\n\n");
		md_prefix(item.buf, marker, indent, out);
	}
	strbuf_release(&item);
}

static void md_code_block(cmark_node *n, struct strbuf *out)
{
	char *code = xstrdup(cmark_node_get_literal(n));
	size_t len = strlen(code);
	while (len > 0 && code[len - 1] == '\n')
		code[--len] = '\0';
	md_prefix(code, "    ", "    ", out);
	free(code);
}

static void md_block(cmark_node *n, struct strbuf *out, int depth)
{
	if (depth > MARKDOWN_MAX_DEPTH) {
		md_flat(n, out);
		return;
	}
	struct strbuf inner;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
	case CMARK_NODE_HEADING:
		md_inlines(n, out, depth);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		strbuf_adds(out, "* * *");
		break;
	case CMARK_NODE_CODE_BLOCK:
		md_code_block(n, out);
		break;
	case CMARK_NODE_HTML_BLOCK:
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		strbuf_init(&inner);
		md_children(n, &inner, "\n\n", depth);
		if (inner.len)
			md_prefix(inner.buf, "> ", "> ", out);
		strbuf_release(&inner);
		break;
	case CMARK_NODE_LIST:
		md_list(n, out, depth);
		break;
	default:
		md_children(n, out, "\n\n", depth);
	}
}

char *markdown_to_text(const char *md, size_t len)
{
	cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
	struct strbuf out;
	strbuf_init(&out);
	if (doc)
		md_block(doc, &out, 0);
	cmark_node_free(doc);
	return strbuf_detach(&out, NULL);
}
