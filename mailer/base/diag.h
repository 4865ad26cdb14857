/*
 * diag: errors and warnings as values.
 *
 * Library-like modules never print or exit: they append a diagnostic naming
 * file:line:column, what is wrong and how to fix it, and return failure.  The
 * command that called them prints the list and maps the worst one to a
 * sysexits.h status.
 */
#ifndef EMBARGO_DIAG_H
#define EMBARGO_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum diag_level { DIAG_WARNING, DIAG_ERROR };

struct diag {
	enum diag_level level;
	int status; /* sysexits.h value for errors (EX_DATAERR, EX_CONFIG, ...) */
	char *file; /* may be NULL when the problem has no file */
	int line;   /* 1-based; 0 when unknown */
	int col;    /* 1-based; 0 when unknown */
	char *msg;  /* what is wrong, lower-case, no full stop */
	char *hint; /* how to fix it; may be NULL */
	bool plain; /* said without file and label: see diag_plain */
};

struct diags {
	struct diag *v;
	size_t n;
	size_t cap;
};

void diags_init(struct diags *d);
void diags_free(struct diags *d);

/* Append one diagnostic.  file may be NULL; hint may be NULL.  Always returns
 * -1 so that "return diag_error(...)" reads well. */
int diag_error(struct diags *d, int status, const char *file, int line, int col, const char *hint,
               const char *fmt, ...) __attribute__((format(printf, 7, 8)));
void diag_warning(struct diags *d, const char *file, int line, int col, const char *hint,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* An error said as a plain sentence, with no file and no "error: " label:
 * what a command says of its own command line ("--out goes with
 * --dry-run") or of the moment ("not yet: ..."), the way getopt speaks of
 * an unknown option.  hint may be NULL.  Returns -1. */
int diag_plain(struct diags *d, int status, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

size_t diags_errors(const struct diags *d);
/* The sysexits status of the first error, or 0 when there is none. */
int diags_status(const struct diags *d);
/* Move every diagnostic of src to the end of dst; src is left empty. */
void diags_move(struct diags *dst, struct diags *src);

/* "file:line:col: error: msg (hint)" on one line, or two with the hint;
 * "msg" alone (and the hint) for a plain one. */
char *diag_format(const struct diag *g);

#endif
