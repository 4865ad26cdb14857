/*
 * recipients: who gets one release.  Merges the lists of a send (the same
 * address on several lists gets one message; the domain is compared
 * case-insensitively; the first list's entry wins) and removes the addresses
 * of the suppression file (one address a line; '#' comments, on a line of
 * their own or after the address and a blank: "ana@example.com<TAB># 2024-05-02
 * hard 5.1.1 release ID", as `embargo bounces` writes them).
 */
#ifndef EMBARGO_RECIPIENTS_H
#define EMBARGO_RECIPIENTS_H

#include <stddef.h>

#include "diag.h"
#include "lists.h"
#include "strmap.h"

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

/* suppress_add with a note written after the address ("addr<TAB># note");
 * note may be NULL, and must hold no line break. */
int suppress_add_note(const char *suppress_file, const char *addr, const char *note,
                      struct diags *d);

/* Every suppressed address (lower case) -> its note ("" when it has none),
 * malloc'd strings put in notes (the caller frees the values).  Returns 0
 * or -1 with errors in d; a missing file is empty. */
int suppress_notes(const char *suppress_file, struct strmap *notes, struct diags *d);

#endif
