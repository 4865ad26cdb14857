/*
 * render: the templates of a release (templates_dir/NAME.txt and NAME.html)
 * and the Mustache context they are rendered with (DESIGN.md "Templates").
 *
 * The release-level part of the context is built once; per message the
 * caller lends the recipient's fields, the list and the unsubscribe URL with
 * render_set_recipient() and renders both parts.
 */
#ifndef EMBARGO_RENDER_H
#define EMBARGO_RENDER_H

#include <stdbool.h>

#include "conf.h"
#include "diag.h"
#include "lists.h"
#include "mustache.h"
#include "release.h"
#include "util.h"
#include "value.h"

#define RENDER_MAX_TEMPLATE_SIZE (1u << 20)

/* Where a template's partials come from: its directory and extension. */
struct render_src {
	const char *dir;
	const char *ext;
};

/* Partials are loaded through pointers into the struct: it must not move
 * between render_open and render_close. */
struct renderer {
	char *dir;            /* templates_dir */
	struct render_src src_txt, src_html;
	char *name;           /* template name, e.g. "release" */
	struct mustache *txt; /* NAME.txt, not HTML-escaped */
	struct mustache *html;/* NAME.html, HTML-escaped */
	struct value *ctx;    /* the context; owned except the lent recipient */
	bool lent;            /* ctx holds a lent "recipient" */
};

/* Compile templates_dir/name.txt and .html.  Returns 0, or -1 with errors
 * naming the template file in d. */
int render_open(struct renderer *r, const char *templates_dir, const char *name,
                struct diags *d);
void render_close(struct renderer *r);

/* Build the release-level context: id, title, subject, status, release_line,
 * dateline, paragraphs [{text, html}], body_text, body_html, contacts,
 * read_more, sender {name, email}. */
void render_set_release(struct renderer *r, const struct release *rel, const char *sender_name,
                        const char *sender_email);

/* Lend the recipient (its fields map stays owned by the list), the list and
 * the unsubscribe URL (may be NULL) to the context.  embargo_until is NULL
 * except for advance copies, where it is the instant as written. */
void render_set_recipient(struct renderer *r, const struct recipient *rcpt,
                          const char *unsubscribe_url, const char *embargo_until);

/* Render both parts for the context as set.  Returns 0, or -1 with errors. */
int render_parts(struct renderer *r, struct strbuf *text, struct strbuf *html, struct diags *d);

/* Lint (DESIGN.md "Templates"): every name a template looks up must be one
 * the context can have; for recipient.* a key that one of lists has.  Errors
 * name template file, line and name. */
int render_lint(struct renderer *r, struct list *const *lists, size_t nlists, struct diags *d);

/* HTML-escape s into out (& < > " '). */
void render_html_escape(struct strbuf *out, const char *s);

#endif
