/*
 * address: e-mail addresses for the envelope and the To/From headers.
 *
 * The RFC 5321 Mailbox grammar (dot-atom or quoted-string local part; a
 * domain of LDH labels or an address literal [IPv4] / [IPv6:...]), with IDN
 * domains converted to A-labels by libidn2.  Refused with a reason: non-ASCII
 * local parts (no SMTPUTF8), CR, LF, NUL or other control characters anywhere,
 * a local part over 64 octets, a domain over 255, a path over 254.
 */
#ifndef EMBARGO_ADDRESS_H
#define EMBARGO_ADDRESS_H

#include <stdbool.h>

/* Parse one bare address ("name@example.com", no display name, no angle
 * brackets; surrounding whitespace is an error).  On success return 0 and set
 * *ascii to a malloc'd address with the domain in lower-case A-labels.  On
 * failure return -1 and set *why to a malloc'd reason ("the domain has an
 * empty label", ...). */
int address_parse(const char *in, char **ascii, char **why);

/* The merge key of an already parsed address: the local part as is and the
 * domain lower-cased (malloc'd). */
char *address_key(const char *ascii);

/* Parse "Display Name <addr>" or a bare address, as written in the config's
 * from/reply_to.  *name is NULL when there is none.  Same return as
 * address_parse. */
int address_parse_mailbox(const char *in, char **name, char **ascii, char **why);

/* The domain part of a parsed address (borrowed pointer into ascii). */
const char *address_domain(const char *ascii);

#endif
