/*
 * rfc2047: encoded-words for non-ASCII header text (RFC 2047), which libetpan
 * does not export.
 *
 * ASCII text is returned unchanged (after the caller has refused CR/LF);
 * anything else becomes UTF-8 encoded-words of at most RFC2047_WORD_MAX
 * characters separated by single spaces, never splitting a UTF-8 character, so
 * that libetpan can fold between them (doc/design.md "Library facts": longer
 * words make it fold
 * right after the header name).
 *
 * Encoding is by word: words (split at single spaces) that can be written
 * as they are stay plain, and each run of consecutive words that cannot
 * (non-ASCII, specials in a display name, "=?", over RFC2047_WORD_MAX
 * characters, next to a leading, trailing or doubled space) is encoded
 * whole, spaces included.  A run is never split at a plain word, so the
 * only spaces between two encoded-words are the ones RFC 2047 6.2 tells
 * decoders to drop.  (Python 3.11's address parser keeps them in display
 * names, CPython gh-128110; a display name whose encoded run fits one
 * word, as most do, reads back exactly there too.)
 */
#ifndef EMBARGO_RFC2047_H
#define EMBARGO_RFC2047_H

#include <stdbool.h>

#define RFC2047_WORD_MAX 60

enum rfc2047_context {
	RFC2047_TEXT,   /* unstructured text: Subject */
	RFC2047_PHRASE, /* a display name in From/To/Reply-To */
};

/* Returns a malloc'd header-safe string.  For RFC2047_PHRASE an ASCII name
 * that is not a plain run of atext and spaces is encoded too, so the result
 * is always safe to write unquoted.  s must be valid UTF-8 without CR or LF. */
char *rfc2047_encode(const char *s, enum rfc2047_context ctx);

/* True when s needs no encoding in ctx. */
bool rfc2047_is_plain(const char *s, enum rfc2047_context ctx);

#endif
