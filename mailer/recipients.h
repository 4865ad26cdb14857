/*
 * recipients: who gets one release.  Merges the lists of a send (the same
 * address on several lists gets one message; the domain is compared
 * case-insensitively; the first list's entry wins) and removes the addresses
 * of the suppression file (one address a line; '#' comments).
 */
#ifndef EMBARGO_RECIPIENTS_H
#define EMBARGO_RECIPIENTS_H

#include <stddef.h>

#include "diag.h"
#include "lists.h"

#define SUPPRESS_MAX_FILE_SIZE (64u << 20) /* bytes; a larger suppression file is refused */

struct audience {
	const struct recipient **to; /* who gets a message, in list order; borrowed */
	size_t n;
	const struct recipient **suppressed; /* on a list but suppressed; borrowed */
	size_t nsuppressed;
	size_t merged; /* entries dropped as duplicates of an earlier one */
};

/* Build the audience of lists[0..nlists).  suppress_file may name a file that
 * does not exist (nothing is suppressed).  Returns 0, or -1 with errors in d
 * (an unreadable or invalid suppression file, EX_DATAERR). */
int audience_build(struct list *const *lists, size_t nlists, const char *suppress_file,
                   struct audience *a, struct diags *d);
void audience_free(struct audience *a);

/* Append addr to the suppression file (creating it), unless already there.
 * Returns 0 (added), 1 (already present) or -1 with an error in d. */
int suppress_add(const char *suppress_file, const char *addr, struct diags *d);

#endif
