/*
 * qp: quoted-printable encoding (RFC 2045 section 6.7), written here because
 * libetpan's encoder changes text (it doubles a space or tab before a line
 * break: doc/design.md "Library facts").
 *
 * Input: text with LF or CRLF line ends (a lone CR is encoded as =0D).
 * Output: CRLF line ends only, every line at most 76 characters, "=" soft
 * breaks, trailing spaces and tabs encoded, a "." at the start of a line
 * encoded as =2E and "From " at the start of a line as =46rom (both survive
 * any transport unchanged).  Decoding the output gives back the input with
 * CRLF line ends, byte for byte.
 */
#ifndef EMBARGO_QP_H
#define EMBARGO_QP_H

#include <stddef.h>

#include "util.h"

void qp_encode(const char *in, size_t len, struct strbuf *out);

#endif
