/*
 * csvimport: a press list from a spreadsheet's CSV export.
 *
 * The CSV is RFC 4180, read with libcsv in strict mode: the first row names
 * the columns and says the separator (the one of ',', ';' and tab it holds
 * most often outside quotes: a spreadsheet in a language with decimal commas
 * exports semicolons), quoted fields keep their separators, doubled quotes and line
 * breaks, CRLF or LF line ends, a final newline is optional, a UTF-8 BOM at
 * the start is skipped, spaces around unquoted fields are dropped (libcsv's
 * default).  Input that is not UTF-8 is refused, naming the byte offset.
 *
 * Header names become the entries' keys: trimmed, lower-cased, spaces turned
 * into '_'; each must then match [a-z0-9_-]+ and one must be "email" (a bad,
 * empty or repeated name refuses the whole import, naming the column).
 *
 * Each data row becomes one entry with every column as a string.  A row that
 * cannot be imported is skipped and reported with the physical line its
 * record starts on (1-based; a quoted field with line breaks makes a record
 * span several lines): a wrong number of fields, an empty email, an address
 * address_parse refuses, a duplicate of an earlier row (local part as is,
 * domain case-insensitive) or a name with control characters.  Rows whose
 * fields are all empty are ignored (spreadsheets export blank rows).  A line
 * break inside a name (which a list cannot hold) becomes one space and is
 * reported as a change.  The email is kept as written, without surrounding
 * spaces.
 *
 * The list is written as lists_dir/NAME.yaml through yamlemit (so values
 * such as "no", "null" or "0123" read back as the same strings), durably,
 * and only after the written text has loaded back with list_load.
 */
#ifndef EMBARGO_CSVIMPORT_H
#define EMBARGO_CSVIMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "lists.h"
#include "value.h"

#define CSVIMPORT_MAX_FILE_SIZE LISTS_MAX_FILE_SIZE

/* One row that was skipped or changed. */
struct csvimport_note {
	int line;     /* physical line where the record starts, 1-based */
	char *reason; /* lower-case, no full stop; owned */
};

struct csvimport {
	char **keys; /* column keys in header order; owned */
	size_t nkeys;
	struct value *entries; /* list of maps (email first, then the other columns
	                        * in header order, every value a string); owned */
	struct csvimport_note *skipped;
	size_t nskipped;
	struct csvimport_note *changed; /* imported, but not exactly as written */
	size_t nchanged;
	size_t blank; /* rows with every field empty, ignored */
};

void csvimport_init(struct csvimport *ci);
void csvimport_free(struct csvimport *ci);

/* Parse CSV text buf[0..len); name is used in errors.  Returns 0 when the
 * text is CSV with a usable header (even if every row was skipped), or -1
 * with errors in d (EX_DATAERR: not UTF-8, not CSV, no header, a bad header,
 * too many rows).  ci must have been initialised; on failure it holds
 * nothing useful but must still be freed. */
int csvimport_parse(const char *buf, size_t len, const char *name, struct csvimport *ci,
                    struct diags *d);

/* Read the file at path and parse it (a missing file is EX_NOINPUT). */
int csvimport_read(const char *path, struct csvimport *ci, struct diags *d);

/* A list name: [a-z0-9][a-z0-9._-]*, at most 64 characters. */
bool csvimport_name_ok(const char *name);

/* The list file's text: name, description (omitted when NULL) and
 * recipients.  Returns a malloc'd NUL-terminated text and its length in
 * *len, or NULL when the emitter fails. */
char *csvimport_yaml(const struct csvimport *ci, const char *name, const char *description,
                     size_t *len);

/* May the list NAME be written in lists_dir?  Returns 0, or -1 with an error
 * in d: an invalid name (EX_USAGE), or an existing list without force
 * (EX_CANTCREAT).  Lets a command refuse before reading a large file;
 * csvimport_write checks again. */
int csvimport_target(const char *lists_dir, const char *name, bool force, struct diags *d);

/* Write the list as lists_dir/NAME.yaml (creating lists_dir if missing).
 * An existing list is replaced only with force (else EX_CANTCREAT).  The
 * text is written to a hidden file beside it, loaded back with list_load and
 * compared, and only then renamed into place, so a bad import never
 * replaces a list.  Returns 0, or -1 with errors in d.  *path_out, when not
 * NULL, receives the malloc'd path of the list. */
int csvimport_write(const struct csvimport *ci, const char *lists_dir, const char *name,
                    const char *description, bool force, char **path_out, struct diags *d);

#endif
