/*
 * embargo lists                       one row per list in lists_dir
 * embargo lists NAME|PATH             validate one list, naming every problem
 * embargo lists import FILE.csv --name NAME [--force]
 *
 * Exit 0 when every list shown is valid, 65 when one is not, 66 when a named
 * list does not exist.  An import exits 0 when the list was written (skipped
 * rows are reported), 65 when the CSV is refused or no row could be
 * imported, 73 when the list exists and --force was not given.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>

#include "cmd.h"
#include "frame.h"
#include "conf.h"
#include "address.h"
#include "csvimport.h"
#include "lists.h"
#include "recipients.h"
#include "strmap.h"
#include "util.h"
#include "yamlload.h"

/* What a list shows in the table and the validation, even when invalid. */
struct list_row {
	char *name;
	char *description;
	long count;      /* entries under recipients:, -1 when unreadable */
	long suppressed; /* entries in the suppression file, -1 when unknown */
	size_t problems; /* 0: valid */
};

/* The suppression file read once, with its problems in d; after that each
 * list counts its entries in it quietly. */
static bool suppress_ok(const struct conf *conf, struct diags *d)
{
	struct audience a;
	bool ok = audience_build(NULL, 0, conf->suppress_file, &a, d) == 0;
	if (ok)
		audience_free(&a);
	return ok;
}

static long count_suppressed(struct list *l, const struct conf *conf)
{
	struct diags quiet;
	diags_init(&quiet);
	struct audience a;
	long n = -1;
	if (audience_build(&l, 1, conf->suppress_file, &a, &quiet) == 0) {
		n = (long)a.nsuppressed;
		audience_free(&a);
	}
	diags_free(&quiet);
	return n;
}

static bool spec_is_path(const char *spec)
{
	size_t n = strlen(spec);
	return strchr(spec, '/') || (n >= 5 && strcmp(spec + n - 5, ".yaml") == 0);
}

/* An invalid list has no struct list: read what can be read of it, with
 * no diagnostics (list_load has given them). */
static void row_from_file(struct list_row *row, const char *path)
{
	struct diags quiet;
	diags_init(&quiet);
	struct value *root = yamlload_file(path, LISTS_MAX_FILE_SIZE, 0, EX_DATAERR, &quiet);
	const char *name = value_map_get_string(root, "name");
	const char *desc = value_map_get_string(root, "description");
	const struct value *r = value_map_get(root, "recipients");
	if (name && !strpbrk(name, "\r\n"))
		row->name = xstrdup(name);
	if (desc && !strpbrk(desc, "\r\n"))
		row->description = xstrdup(desc);
	if (r && r->type == VALUE_LIST)
		row->count = (long)r->u.list.n;
	else if (root && root->type == VALUE_MAP && (!r || r->type == VALUE_NULL))
		row->count = 0;
	value_free(root);
	diags_free(&quiet);
}

/* Load spec; fill row (suppressed counted when supp); problems go into d. */
static struct list *row_load(struct list_row *row, const char *spec, const char *path,
                             const struct conf *conf, bool supp, struct diags *d)
{
	memset(row, 0, sizeof *row);
	size_t before = diags_errors(d);
	struct list *l = list_load(spec, conf->lists_dir, d);
	row->suppressed = -1;
	if (l) {
		row->name = xstrdup(l->name);
		row->description = l->description ? xstrdup(l->description) : NULL;
		row->count = (long)l->n;
		if (supp)
			row->suppressed = count_suppressed(l, conf);
		return l;
	}
	row->problems = diags_errors(d) - before;
	row->count = -1;
	row_from_file(row, path);
	return NULL;
}

static void row_free(struct list_row *row)
{
	free(row->name);
	free(row->description);
}

static char *row_status(const struct list_row *row)
{
	if (!row->problems)
		return xstrdup("ok");
	return xasprintf("%zu problem%s", row->problems, row->problems == 1 ? "" : "s");
}

static void number(char *buf, size_t size, long n)
{
	if (n < 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%ld", n);
}

static void row_print(const struct list_row *row, const char *file_name, int width)
{
	char count[24], supp[24];
	char *status = row_status(row);
	number(count, sizeof count, row->count);
	number(supp, sizeof supp, row->suppressed);
	if (row->description && *row->description)
		printf("%-*s  %10s  %10s  %-11s  %s\n", width, file_name, count, supp, status,
		       row->description);
	else
		printf("%-*s  %10s  %10s  %s\n", width, file_name, count, supp, status);
	free(status);
}

static int lists_table(const struct conf *conf, struct diags *d)
{
	struct stat st;
	if (stat(conf->lists_dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return diag_error(
		    d, EX_NOINPUT, conf->lists_dir, 0, 0,
		    "create it (mkdir lists), or set lists_dir in embargo.yaml; example "
		    "lists are installed in " PKGDATADIR "/lists",
		    "the lists directory does not exist");
	bool supp = suppress_ok(conf, d);
	size_t n;
	char **names = lists_names(conf->lists_dir, &n);
	int width = 4;
	for (size_t i = 0; i < n; i++)
		if ((int)strlen(names[i]) > width)
			width = (int)strlen(names[i]);
	if (n)
		printf("%-*s  %10s  %10s  %-11s  %s\n", width, "NAME", "RECIPIENTS", "SUPPRESSED",
		       "STATUS", "DESCRIPTION");
	else
		fprintf(stderr, "embargo: no lists in %s\n", conf->lists_dir);
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s.yaml", conf->lists_dir, names[i]);
		struct list_row row;
		list_free(row_load(&row, names[i], path, conf, supp, d));
		row_print(&row, names[i], width);
		row_free(&row);
		free(path);
		free(names[i]);
	}
	free(names);
	return diags_errors(d) ? EX_DATAERR : 0;
}

/* What a suppression note says, as a reason: the notes `embargo bounces`
 * writes ("2024-05-02 hard bounce 5.1.1 release ID") give theirs; an
 * address without a note was unsubscribed or added by hand. */
static const char *suppress_reason(const char *note)
{
	static const char *const reasons[] = {"hard bounce", "complaint", "soft bounce"};
	if (!note || !*note)
		return "unsubscribed or added by hand";
	const char *p = note;
	if (strlen(p) > 11 && p[4] == '-' && p[7] == '-' && p[10] == ' ')
		p += 11; /* the date */
	for (size_t i = 0; i < sizeof reasons / sizeof *reasons; i++)
		if (str_starts_with(p, reasons[i]))
			return reasons[i];
	return "a note";
}

/* The list's suppressed addresses: how many for each reason, then each
 * with its note. */
static void print_suppressed(struct list *l, const struct conf *conf)
{
	struct diags quiet;
	diags_init(&quiet);
	struct audience a;
	struct strmap notes;
	strmap_init(&notes);
	if (audience_build(&l, 1, conf->suppress_file, &a, &quiet) == 0) {
		suppress_notes(conf->suppress_file, &notes, &quiet);
		const char **why = xcalloc(a.nsuppressed + 1, sizeof *why);
		const char *names[8];
		size_t counts[8], nnames = 0;
		for (size_t i = 0; i < a.nsuppressed; i++) {
			char *ascii = NULL, *err = NULL, *key = NULL;
			if (address_parse(a.suppressed[i]->email, &ascii, &err) == 0)
				key = str_lower(ascii);
			why[i] = key ? strmap_get(&notes, key) : NULL;
			const char *r = suppress_reason(why[i]);
			size_t k = 0;
			while (k < nnames && strcmp(names[k], r) != 0)
				k++;
			if (k == nnames && nnames < 8) {
				names[nnames] = r;
				counts[nnames++] = 0;
			}
			if (k < nnames)
				counts[k]++;
			free(ascii);
			free(err);
			free(key);
		}
		printf("  why:");
		for (size_t k = 0; k < nnames; k++)
			printf("%s %zu %s", k ? "," : "", counts[k], names[k]);
		printf("\n");
		for (size_t i = 0; i < a.nsuppressed; i++)
			printf("  %s  %s\n", a.suppressed[i]->email,
			       why[i] && *why[i] ? why[i] : suppress_reason(why[i]));
		free(why);
		audience_free(&a);
	}
	for (size_t i = 0; i < notes.cap; i++)
		free(notes.slots[i].val); /* suppress_notes' strings */
	strmap_free(&notes);
	diags_free(&quiet);
}

static int lists_one(const struct conf *conf, const char *spec, struct diags *d)
{
	char *path =
	    spec_is_path(spec) ? xstrdup(spec) : xasprintf("%s/%s.yaml", conf->lists_dir, spec);
	struct list_row row;
	bool supp = suppress_ok(conf, d);
	struct list *l = row_load(&row, spec, path, conf, supp, d);
	int status = diags_status(d);
	if (status != EX_NOINPUT) {
		char *st = row_status(&row);
		printf("name: %s\n", row.name ? row.name : spec);
		printf("description: %s\n", row.description ? row.description : "");
		printf("path: %s\n", l ? l->path : path);
		if (row.count < 0)
			printf("recipients: unknown\n");
		else
			printf("recipients: %ld\n", row.count);
		if (row.suppressed >= 0)
			printf("suppressed: %ld (in %s)\n", row.suppressed, conf->suppress_file);
		if (row.suppressed > 0 && l)
			print_suppressed(l, conf);
		printf("status: %s\n", st);
		free(st);
	}
	list_free(l);
	row_free(&row);
	free(path);
	return status;
}

/* ---- import ---- */

struct import_opts {
	const char *csv;
	const char *name;
	bool force;
};

static void take_import_opt(void *opts, int key, char *arg)
{
	struct import_opts *o = opts;
	if (key == 'n')
		o->name = arg;
	else if (key == 'f')
		o->force = true;
}

static int import_parse_opts(int argc, char **argv, struct import_opts *o)
{
	static const struct option longopts[] = {
	    {"name", required_argument, NULL, 'n'},
	    {"force", no_argument, NULL, 'f'},
	    {0, 0, 0, 0},
	};
	static const struct cmd_syntax syntax = {
	    .name = "lists", .options = longopts, .min = 1, .max = 1, .take = take_import_opt};
	int status = cmd_parse(argc, argv, &syntax, o);
	if (status == CMD_GO && !o->name)
		return cmd_usage_error("lists", "lists import needs --name NAME");
	if (status == CMD_GO)
		o->csv = argv[optind];
	return status;
}

/* "imported from contacts.csv", when the file's name can go in a list. */
static char *import_description(const char *csv)
{
	const char *base = strrchr(csv, '/');
	base = base ? base + 1 : csv;
	for (const unsigned char *p = (const unsigned char *)base; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return NULL;
	return xasprintf("imported from %s", base);
}

/* Each skipped or changed row as a warning naming the CSV's line, in line
 * order. */
static void import_report(const struct csvimport *ci, const char *csv, struct diags *d)
{
	size_t i = 0, j = 0;
	while (i < ci->nskipped || j < ci->nchanged) {
		if (j == ci->nchanged ||
		    (i < ci->nskipped && ci->skipped[i].line <= ci->changed[j].line)) {
			diag_warning(d, csv, ci->skipped[i].line, 0, NULL, "row skipped: %s",
			             ci->skipped[i].reason);
			i++;
		} else {
			diag_warning(d, csv, ci->changed[j].line, 0, NULL, "row changed: %s",
			             ci->changed[j].reason);
			j++;
		}
	}
}

static int import_run(const struct conf *conf, const struct import_opts *o, bool quiet,
                      struct diags *d)
{
	struct csvimport ci;
	csvimport_init(&ci);
	char *path = NULL, *desc = NULL;
	if (csvimport_target(conf->lists_dir, o->name, o->force, d) < 0 ||
	    csvimport_read(o->csv, &ci, d) < 0)
		goto out;
	import_report(&ci, o->csv, d);
	size_t n = ci.entries->u.list.n;
	if (n == 0) {
		diag_error(d, EX_DATAERR, o->csv, 0, 0,
		           ci.nskipped ? "fix the rows named above" : "add a row per recipient",
		           "nothing to import: %s",
		           ci.nskipped ? "every row was skipped" : "the file has no rows");
		goto out;
	}
	desc = import_description(o->csv);
	if (csvimport_write(&ci, conf->lists_dir, o->name, desc, o->force, &path, d) < 0)
		goto out;
	if (!quiet)
		printf("imported %zu recipient%s into %s; skipped %zu row%s\n", n,
		       n == 1 ? "" : "s", path, ci.nskipped, ci.nskipped == 1 ? "" : "s");
out:
	free(path);
	free(desc);
	csvimport_free(&ci);
	return diags_status(d);
}

static int import_framed(struct cmd_frame *f, void *opts)
{
	return import_run(&f->conf, opts, f->g->verbosity < 0, &f->d) ? -1 : 0;
}

static int lists_framed(struct cmd_frame *f, void *name)
{
	return name ? lists_one(&f->conf, name, &f->d) : lists_table(&f->conf, &f->d);
}

static int lists_import(int argc, char **argv, const struct global_opts *g)
{
	struct import_opts o = {0};
	int status = import_parse_opts(argc, argv, &o);
	if (status != CMD_GO)
		return status;
	return cmd_with_conf(g, import_framed, &o);
}

int cmd_lists(int argc, char **argv, const struct global_opts *g)
{
	if (argc >= 2 && strcmp(argv[1], "import") == 0)
		return lists_import(argc - 1, argv + 1, g);
	static const struct cmd_syntax syntax = {.name = "lists", .min = 0, .max = 1};
	int status = cmd_parse(argc, argv, &syntax, NULL);
	if (status != CMD_GO)
		return status;
	return cmd_with_conf(g, lists_framed, optind < argc ? argv[optind] : NULL);
}
