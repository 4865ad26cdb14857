/*
 * help: what `embargo --help`, `embargo help COMMAND` and `embargo COMMAND
 * --help` print, from one table of commands (synopsis, summary, options,
 * exit statuses), so that the three never disagree; and `embargo --version`
 * with the versions of the libraries it runs with.  The man pages
 * (doc/embargo.1) say the same at length; tests/docs.test checks that every
 * option the commands accept is in this table and in the manual.
 *
 * Unlike the library modules, this one prints: it is the commands' voice,
 * and writes only to the stream it is given.
 */
#ifndef EMBARGO_HELP_H
#define EMBARGO_HELP_H

#include <stdbool.h>
#include <stdio.h>

struct help_option {
	const char *name; /* "--list" */
	const char *arg;  /* "L", or NULL for a flag */
	const char *text; /* one sentence or two, wrapped when printed */
};

struct help_command {
	const char *name;                  /* "send" */
	const char *synopsis[3];           /* after "embargo ", NULL-terminated */
	const char *summary;               /* one line */
	const char *description;           /* a paragraph, wrapped when printed */
	const struct help_option *options; /* ends with a NULL name */
	const char *exit_status;           /* a paragraph */
};

/* The command called name, or NULL. */
const struct help_command *help_find(const char *name);

/* Every command, in the order of the manual; *n is set to the count. */
const struct help_command *help_commands(size_t *n);

/* "usage: embargo ..." for one command.  full adds the description, the
 * options and the exit statuses (what --help prints on stdout); without it
 * (a usage error, on stderr) a pointer to `embargo help NAME` follows.
 * name must be in the table. */
void help_usage(FILE *fp, const char *name, bool full);

/* The overview: global usage, options and every command's synopsis. */
void help_overview(FILE *fp);

/* "embargo VERSION" and one line per library, with the version found at
 * run time. */
void help_version(FILE *fp);

#endif
