/*
 * markdown: `format: markdown` release bodies (doc/design.md
 * "Releases, templates and messages"), read
 * as CommonMark with libcmark, in the two forms a message needs.
 *
 * HTML: cmark's HTML renderer in its safe mode (the default since cmark
 * 0.29; CMARK_OPT_UNSAFE is never set): raw HTML, inline or block, is
 * replaced by the comment "<!-- raw HTML omitted -->" and links or images
 * with javascript:, vbscript:, file: or non-image data: URLs lose the URL.
 * A <script> in a release never reaches a journalist's HTML part.
 *
 * Plain text: Markdown's own readable form, with these choices:
 * - raw HTML is dropped (an HTML block entirely; inline tags are removed and
 *   the text between them kept), so no tag reaches the text part either;
 * - emphasis keeps its markers as *word* and strong as **word**, and code
 *   spans keep their backticks: they read as intended in plain text;
 * - a link is "text <url>" (just "<url>" when the text is the URL itself);
 *   an image is its alt text and "<url>"; unsafe URLs (as above) are left
 *   out;
 * - headings are their text alone on a line; a thematic break is "* * *";
 * - bullet lists use "- ", ordered lists "N." or "N)" numbered from their
 *   start; continuation lines of an item are indented under its text; a
 *   block quote prefixes "> "; a code block is indented four spaces;
 * - blocks are separated by a blank line, the items of a tight list by a
 *   line break; soft line breaks become spaces.
 * Lines are not wrapped here: the text part is wrapped after rendering.
 */
#ifndef EMBARGO_MARKDOWN_H
#define EMBARGO_MARKDOWN_H

#include <stddef.h>

/* Nesting deeper than this (block quotes in lists in ...) is rendered flat
 * in the plain-text form, so hostile input cannot exhaust the stack. */
#define MARKDOWN_MAX_DEPTH 32

/* The HTML of the CommonMark document md[0..len) (UTF-8).  Malloc'd. */
char *markdown_to_html(const char *md, size_t len);

/* The plain-text form described above, without a trailing line break.
 * Malloc'd. */
char *markdown_to_text(const char *md, size_t len);

#endif
