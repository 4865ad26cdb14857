/*
 * lists: press lists (lists_dir/NAME.yaml).
 *
 *   name: tech-press
 *   description: Technology reporters
 *   from: "Press Office <press@example.org>"     (optional)
 *   reply_to: press@example.org                   (optional)
 *   recipients:
 *     - email: ana@example.com
 *       name: Ana Lima
 *       outlet: Daily Example
 *
 * Read with yamlload (no aliases, depth and size caps, duplicate keys are
 * errors), the entries one at a time (yamlload_file_items).  Every recipient
 * needs a valid email; every key of an entry reaches templates as
 * recipient.KEY.  A list with any invalid entry is invalid: the loader
 * reports every problem with file:line:column and returns failure.
 */
#ifndef EMBARGO_LISTS_H
#define EMBARGO_LISTS_H

#include <stddef.h>

#include "diag.h"
#include "value.h"

#define LISTS_MAX_FILE_SIZE (64u << 20) /* bytes per list file */
#define LISTS_MAX_RECIPIENTS 1000000u   /* entries per list */

struct list;
struct list_store;

struct recipient {
	char *email; /* parsed address, domain in A-labels */
	char *name;  /* display name or NULL */
	/* Every key of the entry (email normalised), packed: read them with
	 * recipient_fields.  In a list, email, name and fields live in the
	 * list's storage and list_free frees them; NULL fields means a
	 * recipient with an email only (a --test address). */
	const unsigned char *fields;
	const struct list *list; /* the list it came from */
	int line, col;           /* where the entry starts */
};

struct list {
	char *name;        /* from the file's name: key, else the file name without .yaml */
	char *description; /* may be NULL */
	char *path;
	char *from; /* optional overrides, as written */
	char *reply_to;
	struct recipient *r;
	size_t n;
	char **keys; /* every key some entry has, in the order first met */
	size_t nkeys;
	struct list_store *store; /* the recipients' strings (lists.c) */
};

/* Load list spec: a name (lists_dir/NAME.yaml) or a path (contains '/' or ends
 * in .yaml).  Returns the list, or NULL with errors in d (EX_DATAERR for
 * invalid content, EX_NOINPUT when missing). */
struct list *list_load(const char *spec, const char *lists_dir, struct diags *d);
void list_free(struct list *l);

/* A new map of every key of r's entry, email normalised, as the list gave
 * it (the caller frees it with value_free); for a recipient without fields, a
 * map holding its email.  Entries are stored packed (a 200,000-recipient list
 * fits in 30 MB), so this builds the map each time it is called. */
struct value *recipient_fields(const struct recipient *r);

/* The names of every NAME.yaml in lists_dir, sorted (malloc'd array of
 * malloc'd strings). */
char **lists_names(const char *lists_dir, size_t *n);

#endif
