/*
 * utf8: validation and positions in UTF-8 text.
 *
 * Every input embargo reads (releases, lists, templates, config) must be
 * UTF-8; a byte that is not is named by its offset, line and column.
 */
#ifndef EMBARGO_UTF8_H
#define EMBARGO_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* Returns true when buf[0..len) is valid UTF-8 without NUL bytes.  Otherwise
 * false with *bad the offset of the first byte of the first invalid
 * sequence (or of the NUL). */
bool utf8_valid(const char *buf, size_t len, size_t *bad);

/* The check every input goes through: 0 when buf[0..len) is UTF-8 without
 * NUL bytes; else -1 with an error (status) in d naming file, line
 * (+ line_offset) and column, the byte and its offset ("not UTF-8: byte
 * 0xE9 at offset 36", "NUL byte (0x00) at offset 5") and the hint. */
int utf8_check(const char *buf, size_t len, const char *file, int line_offset, int status,
               const char *hint, struct diags *d);

/* The 1-based line and column (in characters) of byte offset off. */
void utf8_position(const char *buf, size_t off, int *line, int *col);

/* Length in bytes of the UTF-8 sequence starting with byte c (1 for
 * continuation or invalid bytes). */
size_t utf8_seqlen(unsigned char c);

/* Number of characters in s[0..n). */
size_t utf8_width(const char *s, size_t n);

#endif
