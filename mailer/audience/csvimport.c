#include "config.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "address.h"
#include "csvimport.h"
#include "durable.h"
#include "strmap.h"
#include "utf8.h"
#include "util.h"
#include "yamlemit.h"

#define CSVIMPORT_NAME_MAX 64 /* as lists.c: the name goes into List-Id */

struct csvp {
	struct csvimport *ci;
	const char *name;
	struct diags *d;
	char **f; /* fields of the record being read */
	size_t nf, capf;
	int line;       /* physical line being fed to libcsv */
	int rec_line;   /* where the record being read starts */
	bool in_record; /* a record has begun and not ended */
	bool ended;     /* the last chunk ended a record */
	bool header_done;
	bool failed; /* the header was refused: rows are not read */
	bool too_many;
	size_t email_col;
	struct strmap seen; /* address key -> line of its first row */
};

void csvimport_init(struct csvimport *ci)
{
	memset(ci, 0, sizeof *ci);
	ci->entries = value_new_list();
}

static void notes_free(struct csvimport_note *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].reason);
	free(v);
}

void csvimport_free(struct csvimport *ci)
{
	for (size_t i = 0; i < ci->nkeys; i++)
		free(ci->keys[i]);
	free(ci->keys);
	value_free(ci->entries);
	notes_free(ci->skipped, ci->nskipped);
	notes_free(ci->changed, ci->nchanged);
	memset(ci, 0, sizeof *ci);
}

static void note_add(struct csvimport_note **v, size_t *n, int line, char *reason)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[*n].line = line;
	(*v)[*n].reason = reason;
	(*n)++;
}

/* A value quoted back in a message: controls as '?', cut at 60 bytes. */
static char *shown(const char *s)
{
	char *t = xstrndup(s, strnlen(s, 60));
	for (char *p = t; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return t;
}

bool csvimport_name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > CSVIMPORT_NAME_MAX ||
	    !((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

/* ---- the header row ---- */

/* "First Name" -> "first_name"; NULL when the result is not a usable key. */
static char *header_key(const char *raw)
{
	char *k = str_lower(raw);
	str_trim(k);
	for (char *p = k; *p; p++)
		if (*p == ' ')
			*p = '_';
	if (*k && strspn(k, "abcdefghijklmnopqrstuvwxyz0123456789_-") == strlen(k))
		return k;
	free(k);
	return NULL;
}

static int header_error(struct csvp *p, size_t col, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int header_error(struct csvp *p, size_t col, const char *hint, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	diag_error(p->d, EX_DATAERR, p->name, p->rec_line, 0, hint, "column %zu of the header: %s",
	           col + 1, msg);
	free(msg);
	return -1;
}

static int header_bad(struct csvp *p, size_t i)
{
	char *t = shown(p->f[i]);
	if (*str_trim(t) == '\0')
		header_error(p, i, "name the column, or delete it", "no name");
	else
		header_error(p, i,
		             "use letters, digits, spaces, '_' and '-' (it becomes recipient.KEY "
		             "in templates)",
		             "\"%s\" cannot be a key", t);
	free(t);
	return -1;
}

static int header_column(struct csvp *p, size_t i)
{
	struct csvimport *ci = p->ci;
	char *k = header_key(p->f[i]);
	if (!k)
		return header_bad(p, i);
	for (size_t j = 0; j < ci->nkeys; j++)
		if (strcmp(ci->keys[j], k) == 0) {
			char *hint =
			    xasprintf("column %zu gives the same key; rename one of them", j + 1);
			header_error(p, i, hint, "\"%s\" repeats a column", k);
			free(hint);
			free(k);
			return -1;
		}
	ci->keys[ci->nkeys++] = k;
	return 0;
}

static int header_read(struct csvp *p)
{
	struct csvimport *ci = p->ci;
	int bad = 0;
	ci->keys = xcalloc(p->nf, sizeof *ci->keys);
	for (size_t i = 0; i < p->nf; i++)
		if (header_column(p, i) < 0)
			bad = -1;
	if (bad < 0)
		return -1;
	for (size_t i = 0; i < ci->nkeys; i++)
		if (strcmp(ci->keys[i], "email") == 0) {
			p->email_col = i;
			return 0;
		}
	return diag_error(p->d, EX_DATAERR, p->name, p->rec_line, 0,
	                  "the first row names the columns: call the column of addresses \"email\"",
	                  "the header has no email column");
}

/* ---- one data row ---- */

static void skip(struct csvp *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void skip(struct csvp *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	note_add(&p->ci->skipped, &p->ci->nskipped, p->rec_line, msg);
}

static bool row_blank(const struct csvp *p)
{
	for (size_t i = 0; i < p->nf; i++)
		if (*p->f[i])
			return false;
	return true;
}

/* A list's name is one line: a line break (a cell with Alt-Enter) becomes a
 * space; other control characters refuse the row.  Returns 1 when changed,
 * 0 when not, -1 when refused. */
static int fold_name(char *s)
{
	char *w = s;
	int changed = 0;
	for (const char *r = s; *r;) {
		size_t sp = strspn(r, " \t\r\n");
		if (sp && strcspn(r, "\t\r\n") < sp) {
			*w++ = ' ';
			r += sp;
			changed = 1;
			continue;
		}
		if ((unsigned char)*r < 0x20 || *r == 0x7f)
			return -1;
		*w++ = *r++;
	}
	*w = '\0';
	if (changed)
		str_trim(s);
	return changed;
}

static int row_name(struct csvp *p)
{
	for (size_t i = 0; i < p->ci->nkeys; i++) {
		if (strcmp(p->ci->keys[i], "name") != 0)
			continue;
		int r = fold_name(p->f[i]);
		if (r < 0) {
			skip(p, "the name contains a control character");
		} else if (r > 0) {
			char *sh = shown(p->f[i]);
			note_add(&p->ci->changed, &p->ci->nchanged, p->rec_line,
			         xasprintf("the line break in the name \"%s\" became a space", sh));
			free(sh);
		}
		return r < 0 ? -1 : 0;
	}
	return 0;
}

/* The email field, trimmed, parsed and not seen before: returns 0 with its
 * merge key in *key, or -1 when the row is skipped. */
static int row_email(struct csvp *p, char **key)
{
	char *email = str_trim(p->f[p->email_col]);
	char *ascii, *why;
	if (!*email) {
		skip(p, "no email");
		return -1;
	}
	if (address_parse(email, &ascii, &why) < 0) {
		char *sh = shown(email);
		skip(p, "invalid email \"%s\": %s", sh, why);
		free(sh);
		free(why);
		return -1;
	}
	*key = address_key(ascii);
	free(ascii);
	intptr_t first = (intptr_t)strmap_get(&p->seen, *key);
	if (first == 0)
		return 0;
	char *sh = shown(email);
	skip(p, "\"%s\" is a duplicate of line %ld", sh, (long)first);
	free(sh);
	free(*key);
	return -1;
}

static void row_add(struct csvp *p)
{
	struct csvimport *ci = p->ci;
	struct value *e = value_new_map();
	value_map_set_string(e, "email", p->f[p->email_col]);
	for (size_t i = 0; i < ci->nkeys; i++)
		if (i != p->email_col)
			value_map_set_string(e, ci->keys[i], p->f[i]);
	value_list_push(ci->entries, e);
}

static void row_read(struct csvp *p)
{
	struct csvimport *ci = p->ci;
	char *key;
	if (row_blank(p)) {
		ci->blank++;
		return;
	}
	if (p->nf != ci->nkeys) {
		skip(p, "%zu fields where the header has %zu", p->nf, ci->nkeys);
		return;
	}
	if (row_email(p, &key) < 0)
		return;
	if (row_name(p) == 0) {
		if (ci->entries->u.list.n < LISTS_MAX_RECIPIENTS) {
			strmap_put(&p->seen, key, (void *)(intptr_t)p->rec_line);
			row_add(p);
		} else {
			p->too_many = true;
		}
	}
	free(key);
}

/* ---- feeding libcsv ---- */

static void on_field(void *field, size_t len, void *data)
{
	struct csvp *p = data;
	p->f = xgrow(p->f, &p->capf, p->nf + 1, sizeof *p->f);
	char *s = xmalloc(len + 1);
	if (field && len)
		memcpy(s, field, len);
	s[len] = '\0';
	p->f[p->nf++] = s;
}

static void on_record(int c, void *data)
{
	struct csvp *p = data;
	(void)c;
	if (!p->failed) {
		if (p->header_done) {
			row_read(p);
		} else {
			p->header_done = true;
			p->failed = header_read(p) < 0;
		}
	}
	for (size_t i = 0; i < p->nf; i++)
		free(p->f[i]);
	p->nf = 0;
	p->in_record = false;
	p->ended = true;
}

/* The end of the physical line starting at pos: after LF, CRLF or a lone CR,
 * the line ends libcsv itself knows.  buf need not be NUL-terminated. */
static size_t line_end(const char *buf, size_t len, size_t pos)
{
	while (pos < len && buf[pos] != '\r' && buf[pos] != '\n')
		pos++;
	if (pos < len && buf[pos] == '\r' && pos + 1 < len && buf[pos + 1] == '\n')
		return pos + 2;
	return pos < len ? pos + 1 : len;
}

static bool has_content(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n", s[i]))
			return true;
	return false;
}

/* Feed one physical line at a time, so that a record's first line is known:
 * it is the first line with content after the previous record ended. */
static int feed(struct csvp *p, struct csv_parser *cp, const char *buf, size_t len, size_t pos)
{
	for (p->line = 1; pos < len; p->line++) {
		size_t end = line_end(buf, len, pos);
		if (!p->in_record)
			p->rec_line = p->line;
		p->ended = false;
		size_t got = csv_parse(cp, buf + pos, end - pos, on_field, on_record, p);
		if (got != end - pos)
			return diag_error(p->d, EX_DATAERR, p->name, p->line,
			                  (int)utf8_width(buf + pos, got) + 1,
			                  "quote the whole field, and double every quote inside it",
			                  "not CSV: %s", csv_strerror(csv_error(cp)));
		if (!p->ended && has_content(buf + pos, end - pos))
			p->in_record = true;
		pos = end;
	}
	if (csv_fini(cp, on_field, on_record, p) != 0)
		return diag_error(p->d, EX_DATAERR, p->name, p->rec_line, 0,
		                  "close the quoted field with a '\"'",
		                  "not CSV: a quoted field that starts here never ends");
	return 0;
}

static int check_utf8(const char *buf, size_t len, const char *name, struct diags *d)
{
	return utf8_check(buf, len, name, 0, EX_DATAERR, "export the spreadsheet as \"CSV UTF-8\"",
	                  d);
}

static int parse_end(struct csvp *p)
{
	if (p->failed)
		return -1;
	if (!p->header_done)
		return diag_error(p->d, EX_DATAERR, p->name, 0, 0,
		                  "the first row names the columns, one of them \"email\"",
		                  "the file is empty");
	if (p->too_many)
		return diag_error(p->d, EX_DATAERR, p->name, 0, 0,
		                  "split the file and import it as several lists",
		                  "more than %u rows; a list holds at most %u recipients",
		                  LISTS_MAX_RECIPIENTS, LISTS_MAX_RECIPIENTS);
	return 0;
}

/* Blanks libcsv drops around unquoted fields when tab separates them. */
static int csvimport_is_space(unsigned char c)
{
	return c == ' ';
}

/* The separator the header row uses: a spreadsheet set to a language that
 * writes decimal commas exports "CSV" with semicolons, and some export tabs.
 * The one of ',', ';' and tab found most often outside quotes in the first
 * row; ',' when none is. */
static unsigned char csv_delimiter(const char *buf, size_t len)
{
	static const unsigned char cand[] = {',', ';', '\t'};
	size_t count[3] = {0, 0, 0};
	bool quoted = false;
	for (size_t i = 0; i < len && (quoted || (buf[i] != '\n' && buf[i] != '\r')); i++) {
		if (buf[i] == '"')
			quoted = !quoted;
		for (size_t k = 0; !quoted && k < 3; k++)
			count[k] += (unsigned char)buf[i] == cand[k];
	}
	size_t best = 0;
	for (size_t k = 1; k < 3; k++)
		if (count[k] > count[best])
			best = k;
	return cand[best];
}

int csvimport_parse(const char *buf, size_t len, const char *name, struct csvimport *ci,
                    struct diags *d)
{
	if (check_utf8(buf, len, name, d) < 0)
		return -1;
	struct csv_parser cp;
	if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return diag_error(d, EX_SOFTWARE, name, 0, 0, NULL, "cannot start the CSV parser");
	struct csvp p = {.ci = ci, .name = name, .d = d};
	strmap_init(&p.seen);
	size_t start = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	unsigned char delim = csv_delimiter(buf + start, len - start);
	csv_set_delim(&cp, delim);
	if (delim == '\t') /* a tab is the separator, not a blank to drop */
		csv_set_space_func(&cp, csvimport_is_space);
	int r = feed(&p, &cp, buf, len, start);
	if (r == 0)
		r = parse_end(&p);
	for (size_t i = 0; i < p.nf; i++)
		free(p.f[i]);
	free(p.f);
	strmap_free(&p.seen);
	csv_free(&cp);
	return r;
}

int csvimport_read(const char *path, struct csvimport *ci, struct diags *d)
{
	char *buf;
	size_t len;
	if (file_read_all(path, CSVIMPORT_MAX_FILE_SIZE, &buf, &len) < 0) {
		int e = errno;
		if (e == EFBIG)
			return diag_error(d, EX_DATAERR, path, 0, 0,
			                  "split it into several files and lists",
			                  "file is larger than %u bytes", CSVIMPORT_MAX_FILE_SIZE);
		if (e == EISDIR || e == ESPIPE)
			return diag_error(d, EX_DATAERR, path, 0, 0, "name a CSV file",
			                  "not a regular file");
		return diag_error(d, EX_NOINPUT, path, 0, 0, "check the path", "cannot read: %s",
		                  e == ENOENT ? "no such file" : strerror(e));
	}
	int r = csvimport_parse(buf, len, path, ci, d);
	free(buf);
	return r;
}

/* ---- writing the list ---- */

char *csvimport_yaml(const struct csvimport *ci, const char *name, const char *description,
                     size_t *len)
{
	struct strbuf sb;
	strbuf_init(&sb);
	struct yamlemit y;
	yamlemit_begin(&y, &sb);
	yamlemit_map_start(&y);
	yamlemit_pair(&y, "name", name);
	if (description)
		yamlemit_pair(&y, "description", description);
	yamlemit_string(&y, "recipients");
	yamlemit_seq_start(&y);
	const struct value *l = ci->entries;
	for (size_t i = 0; i < l->u.list.n; i++) {
		const struct value *e = l->u.list.items[i];
		yamlemit_map_start(&y);
		for (size_t k = 0; k < e->u.map.n; k++)
			yamlemit_pair(&y, e->u.map.keys[k], e->u.map.vals[k]->u.str.s);
		yamlemit_map_end(&y);
	}
	yamlemit_seq_end(&y);
	yamlemit_map_end(&y);
	if (yamlemit_end(&y) < 0) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, len);
}

/* Load the staged file back: it must be a valid list with every entry. */
static int write_verify(const struct csvimport *ci, const char *staged, const char *lists_dir,
                        struct diags *d)
{
	struct list *l = list_load(staged, lists_dir, d);
	if (!l)
		return diag_error(d, EX_SOFTWARE, staged, 0, 0, "please report this as a bug",
		                  "the written list does not load back");
	size_t n = l->n;
	list_free(l);
	if (n != ci->entries->u.list.n)
		return diag_error(d, EX_SOFTWARE, staged, 0, 0, "please report this as a bug",
		                  "the written list loads back with %zu recipients, not %zu", n,
		                  ci->entries->u.list.n);
	return 0;
}

static int exists_error(const char *path, struct diags *d)
{
	return diag_error(d, EX_CANTCREAT, path, 0, 0,
	                  "choose another --name, or add --force to replace it",
	                  "the list already exists");
}

/* Put the staged file in place: link() refuses to replace an existing list
 * atomically; rename() replaces one (--force). */
static int write_place(const char *staged, const char *path, bool force, struct diags *d)
{
	int r = force ? rename(staged, path) : link(staged, path);
	if (r == 0)
		return 0;
	if (errno == EEXIST)
		return exists_error(path, d);
	return diag_error(d, EX_CANTCREAT, path, 0, 0, NULL, "cannot write the list: %s",
	                  strerror(errno));
}

/* The list under a new name nobody can guess (durable_write_new), to be
 * read back and then put in place. */
static int write_staged(const char *lists_dir, const char *name, const char *text, size_t len,
                        char **staged, struct diags *d)
{
	char *prefix = xasprintf("%s/.%s.yaml.import", lists_dir, name);
	int rc = durable_write_new(prefix, text, len, 0644, staged);
	int e = errno;
	if (rc < 0)
		diag_error(d, EX_CANTCREAT, prefix, 0, 0,
		           "check that lists_dir is writable, or set lists_dir in embargo.yaml",
		           "cannot write the list: %s", strerror(e));
	free(prefix);
	return rc;
}

int csvimport_target(const char *lists_dir, const char *name, bool force, struct diags *d)
{
	struct stat st;
	if (!csvimport_name_ok(name))
		return diag_error(
		    d, EX_USAGE, NULL, 0, 0,
		    "use lower-case letters, digits, '.', '_' and '-', starting with a "
		    "letter or digit (it becomes the List-Id)",
		    "\"%s\" is not a valid list name", name);
	char *path = xasprintf("%s/%s.yaml", lists_dir, name);
	int r = !force && lstat(path, &st) == 0 ? exists_error(path, d) : 0;
	free(path);
	return r;
}

int csvimport_write(const struct csvimport *ci, const char *lists_dir, const char *name,
                    const char *description, bool force, char **path_out, struct diags *d)
{
	char *path = xasprintf("%s/%s.yaml", lists_dir, name);
	char *staged = NULL;
	size_t len = 0;
	char *text = NULL;
	int r = csvimport_target(lists_dir, name, force, d);
	if (r == 0 && durable_mkdirs(lists_dir, 0755) < 0)
		r = diag_error(d, EX_CANTCREAT, lists_dir, 0, 0, "check lists_dir in embargo.yaml",
		               "cannot create the lists directory: %s", strerror(errno));
	if (r == 0) {
		text = csvimport_yaml(ci, name, description, &len);
		if (!text)
			r = diag_error(d, EX_SOFTWARE, NULL, 0, 0, NULL, "cannot write YAML");
	}
	if (r == 0)
		r = write_staged(lists_dir, name, text, len, &staged, d);
	if (r == 0 && (r = write_verify(ci, staged, lists_dir, d)) == 0 &&
	    (r = write_place(staged, path, force, d)) == 0)
		durable_sync_dir(lists_dir);
	if (staged)
		unlink(staged);
	free(staged);
	free(text);
	if (r == 0 && path_out)
		*path_out = path;
	else
		free(path);
	return r;
}
