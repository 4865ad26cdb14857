/*
 * wrap: break the long lines of a plain-text part at a column, the way a
 * press release is typed (doc/design.md "Releases, templates and messages"; render
 * applies it to the
 * rendered text part).
 *
 * Rules, each one a promise the tests check:
 * - Lines are only ever broken, never joined: a line break the template or
 *   the release wrote stays where it is, and a line that fits is copied
 *   byte for byte.
 * - Breaks happen only at ASCII spaces.  A word, and so a URL, is never
 *   broken: a word wider than the column stands alone on its line, however
 *   long (quoted-printable keeps such lines within 998 octets on the wire).
 *   U+00A0 (no-break space) is not a break point: it glues words.
 * - The run of spaces where a line is broken is dropped; every other byte of
 *   the line arrives unchanged, so replacing each inserted line break and its
 *   continuation indent by one space gives the text back (when the break
 *   fell on a single space).
 * - Width counts characters (UTF-8 code points), not bytes: a curly quote is
 *   one column.
 * - Continuation lines get a hanging indent: the line's leading blanks, plus
 *   the width of a list marker that follows them ("- ", "* ", "+ ", "• ",
 *   "1. ", "12) "), so list items and indented contact lines wrap under
 *   their text.
 * - A line's own end ("\n" or "\r\n") is kept; a last line without one
 *   stays without one.
 */
#ifndef EMBARGO_WRAP_H
#define EMBARGO_WRAP_H

#include <stddef.h>

#include "util.h"

#define WRAP_DEFAULT_WIDTH 72

/* Append text[0..len) to out with every line wider than width characters
 * broken as above.  width 0 copies the text unchanged. */
void wrap_text(const char *text, size_t len, size_t width, struct strbuf *out);

#endif
