/*
 * render: the templates of a release (templates_dir/NAME.txt and NAME.html)
 * and the Mustache context they are rendered with (embargo-templates(5);
 * doc/design.md "Releases, templates and messages").
 *
 * The release-level part of the context is built once; per message the
 * caller sets the recipient, the list and the unsubscribe URL with
 * render_set_recipient() and renders both parts.
 *
 * The context (every name the lint accepts):
 *   id, title, subject, status ("immediate" | "embargoed"), release_line,
 *   dateline, release_text, release_at (UTC ISO 8601 or null), markdown
 *   (true for `format: markdown`),
 *   paragraphs [{text, html}]  the body: text as written (markdown: its
 *                              plain form), html escaped inline text with
 *                              its http(s) URLs as links
 *                              (markdown: the block's HTML from cmark;
 *                              a block of raw HTML alone is left out),
 *   body_text, body_html       the whole body at once (html: block HTML,
 *                              "<p>...</p>" per paragraph or cmark's),
 *   contacts [{name, title, org, phone, email, who, phones [{text, tel,
 *             sep}], emails [{address, sep}]}]
 *                              phone and email as written; who true when
 *                              a name, organisation or job heads it;
 *                              phones one per number, tel its digits with
 *                              a leading "+" if any, for href="tel:..."
 *                              ("+44 (0)20 ..." drops the "(0)", an
 *                              extension is ";ext=N"; null for a fax or
 *                              "202-358-1237/1726"); emails one per
 *                              address; sep true when a line of the
 *                              contact stands before the item,
 *   read_more [{text, url}],
 *   end_sections [{text, html, heading}]  end blocks other than "Read
 *                              more" ("Notes to editors", "About X"): text
 *                              as written, html escaped (URLs linked)
 *                              with <br> at line breaks, heading true for a
 *                              single short line without a full stop,
 *   has_contacts, has_read_more, has_end_sections  (Mustache cannot ask
 *                              whether a list is empty without iterating),
 *   embargo {until, banner}    advance copies only,
 *   recipient {email, name, ...every key of the list entry},
 *   list {name, description}, unsubscribe_url, sender {name, email}.
 * A key that exists with no value is null, never absent: Mustache looks
 * names up the context stack, and a contact without a title must render
 * "" for {{#contacts}}{{title}}{{/contacts}}, not the release's title.  For
 * the same reason a recipient gets null for every key that another entry of
 * the lists in play has (render_set_lists).
 *
 * The text part is wrapped after Mustache renders it (mailer/render/wrap.h): lines
 * longer than 72 characters are broken at spaces, never inside a word or a
 * URL, with a hanging indent under list markers and leading blanks.  The
 * template keeps control of the layout: wrapping only ever breaks a line,
 * never joins lines, so every line break the template writes stays; and a
 * comment at the very start of NAME.txt sets the width,
 *   {{! wrap: 66 }}   or   {{! wrap: off }}
 * (a number from 20 to 998; "off" or 0 leaves the rendered text as it is).
 */
#ifndef EMBARGO_RENDER_H
#define EMBARGO_RENDER_H

#include <stdbool.h>

#include "conf.h"
#include "diag.h"
#include "lists.h"
#include "mustache.h"
#include "release.h"
#include "strmap.h"
#include "util.h"
#include "value.h"

#define RENDER_MAX_TEMPLATE_SIZE (1u << 20)

/* Where a template's partials come from: its directory and extension. */
struct renderer;

struct render_src {
	const char *dir;
	const char *ext;
	struct renderer *r;
};

/* Partials are loaded through pointers into the struct: it must not move
 * between render_open and render_close. */
struct renderer {
	char *dir; /* templates_dir */
	struct render_src src_txt, src_html;
	char *name;            /* template name, e.g. "release" */
	struct mustache *txt;  /* NAME.txt, not HTML-escaped */
	struct mustache *html; /* NAME.html, HTML-escaped */
	size_t wrap;           /* text part width, 0: not wrapped */
	struct value *ctx;     /* the context; owned */
	struct strmap files;   /* path -> every template file read, as read */
	bool frozen;           /* a clone: templates come from files, never the disk */
	char **rkeys;          /* recipient keys of the lists in play; owned */
	size_t nrkeys;
};

/* Compile templates_dir/name.txt and .html.  Returns 0, or -1 with errors
 * naming the template file in d. */
int render_open(struct renderer *r, const char *templates_dir, const char *name, struct diags *d);
void render_close(struct renderer *r);

/* A renderer for another thread, made from src's templates as src read them
 * (never from the disk again, so that every message of a send comes from the
 * same bytes), with src's recipient keys.  The caller sets the release with
 * render_set_release.  Returns 0, or -1 with errors in d. */
int render_clone(struct renderer *dst, const struct renderer *src, struct diags *d);

/* Build the release-level context (see above). */
void render_set_release(struct renderer *r, const struct release *rel, const char *sender_name,
                        const char *sender_email);

/* Remember the recipient keys of lists (the lists in play): a recipient
 * that lacks one of them gets it as null.  render_lint calls it. */
void render_set_lists(struct renderer *r, struct list *const *lists, size_t nlists);

/* Set the recipient (its fields are copied), the list and the unsubscribe
 * URL (may be NULL).  embargo_until is NULL except for advance copies, where
 * it is the instant as written. */
void render_set_recipient(struct renderer *r, const struct recipient *rcpt,
                          const char *unsubscribe_url, const char *embargo_until);

/* Render both parts for the context as set, the text part wrapped.  Returns
 * 0, or -1 with errors. */
int render_parts(struct renderer *r, struct strbuf *text, struct strbuf *html, struct diags *d);

/* Lint (doc/design.md "Releases, templates and messages"; render_lint.c):
 * every name a template looks up must be one the context can have where it
 * stands: a top-level name, a key of an item of an enclosing section
 * ({{#contacts}}{{name}}), or a dotted path into a map (sender.name; not
 * into a list: contacts.name is an error).  recipient.KEY must be a key that an entry of
 * one of lists has (email always).  Each error names template file, line,
 * column and name, once; names inside a section that is itself an error are
 * not reported again.  Also calls render_set_lists(r, lists, nlists). */
int render_lint(struct renderer *r, struct list *const *lists, size_t nlists, struct diags *d);

/* True when path, its symbolic links followed, is a file inside
 * templates_dir (also reached through links).  *real, when real is not
 * NULL, is the resolved path or NULL (malloc'd). */
bool render_file_inside(const char *templates_dir, const char *path, char **real);

/* HTML-escape s into out (& < > " '). */
void render_html_escape(struct strbuf *out, const char *s);

/* HTML-escape s into out with every http:// or https:// URL that starts a
 * word made a link to itself; punctuation that ends a sentence after it,
 * and a ")" it did not open, stay outside. */
void render_html_linkify(struct strbuf *out, const char *s);

#endif
