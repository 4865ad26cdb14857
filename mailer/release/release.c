#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <unistd.h>

#include "release.h"
#include "release_int.h"
#include "utf8.h"
#include "util.h"
#include "yamlload.h"
#include "zones.h"

static void release_init(struct release *rel, const char *path)
{
	memset(rel, 0, sizeof *rel);
	diags_init(&rel->diags);
	rel->path = xstrdup(path);
	char *tmp = xstrdup(path);
	rel->dir = xstrdup(dirname(tmp));
	free(tmp);
	rel->sources = value_new_map();
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void release_free(struct release *rel)
{
	free(rel->path);
	free(rel->dir);
	free(rel->id);
	free(rel->title);
	free(rel->subtitle);
	free(rel->subject);
	free(rel->release_text);
	free(rel->release_source);
	free(rel->zone_rule);
	free(rel->year_rule);
	free(rel->release_line);
	free(rel->decision);
	free(rel->dateline);
	contacts_free(rel->contacts, rel->ncontacts);
	free_strv(rel->paragraphs, rel->nparagraphs);
	for (size_t i = 0; i < rel->nread_more; i++) {
		free(rel->read_more[i].text);
		free(rel->read_more[i].url);
	}
	free(rel->read_more);
	free_strv(rel->end_sections, rel->nend_sections);
	free_strv(rel->lists, rel->nlists);
	free_strv(rel->attachments, rel->nattachments);
	free(rel->template_name);
	free(rel->from);
	free(rel->reply_to);
	free_strv(rel->advance.lists, rel->advance.nlists);
	free(rel->advance.at_text);
	value_free(rel->sources);
	diags_free(&rel->diags);
	memset(rel, 0, sizeof *rel);
}

void release_push_str(char ***v, size_t *n, char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = s;
}

void release_note_source(struct release *rel, const char *field, int first, int last)
{
	char *s = first == last ? xasprintf("text line %d", first)
	                        : xasprintf("text lines %d-%d", first, last);
	value_map_set(rel->sources, field, value_new_string_owned(s, strlen(s)));
}

bool release_from_front(const struct release *rel, const char *field)
{
	const char *s = value_map_get_string(rel->sources, field);
	return s && strcmp(s, "front matter") == 0;
}

/* ---- reading the file ---- */

/* Normalise CRLF and lone CR to LF in place; returns the new length. */
static size_t normalise_newlines(char *buf, size_t len)
{
	size_t j = 0;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\r') {
			buf[j++] = '\n';
			if (i + 1 < len && buf[i + 1] == '\n')
				i++;
		} else {
			buf[j++] = buf[i];
		}
	}
	buf[j] = '\0';
	return j;
}

static int read_text(struct release *rel, char **text, size_t *len)
{
	if (file_read_all(rel->path, RELEASE_MAX_SIZE, text, len) < 0) {
		int e = errno;
		if (e == ENOENT)
			return diag_error(&rel->diags, EX_NOINPUT, rel->path, 0, 0,
			                  "check the file name", "no such release file");
		if (e == EFBIG)
			return diag_error(&rel->diags, EX_DATAERR, rel->path, 0, 0,
			                  "a release is text: check that this is the right file",
			                  "file is larger than %u bytes", RELEASE_MAX_SIZE);
		if (e == EISDIR || e == ESPIPE)
			return diag_error(&rel->diags, EX_DATAERR, rel->path, 0, 0,
			                  "name a regular text file", "not a regular file");
		return diag_error(&rel->diags, EX_NOINPUT, rel->path, 0, 0, NULL, "cannot read: %s",
		                  strerror(e));
	}
	if (utf8_check(*text, *len, rel->path, 0, EX_DATAERR, "save the release as UTF-8 text",
	               &rel->diags) < 0) {
		free(*text);
		return -1;
	}
	*len = normalise_newlines(*text, *len);
	if (*len >= 3 && memcmp(*text, "\xEF\xBB\xBF", 3) == 0) {
		memmove(*text, *text + 3, *len - 3 + 1);
		*len -= 3;
	}
	return 0;
}

static void split_lines(char *text, struct lines *ls, int first_line)
{
	memset(ls, 0, sizeof *ls);
	ls->first_line = first_line;
	/* One allocation: growing the array a line at a time is quadratic
	 * where realloc always copies (AddressSanitizer's does). */
	size_t max = 1;
	for (const char *q = text; *q; q++)
		max += *q == '\n';
	ls->v = xcalloc(max, sizeof *ls->v);
	char *p = text;
	while (*p) {
		char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, n);
		/* Word processors leave non-breaking spaces and tabs; the layout
		 * walk only needs them to be whitespace at the ends. */
		ls->v[ls->n++] = line;
		p += n;
		if (*p == '\n')
			p++;
	}
}

static void lines_free(struct lines *ls)
{
	free_strv(ls->v, ls->n);
	free(ls->side);
}

/* "..., March 7, 202": a month, a day and a year of fewer than four digits at
 * the end of a line.  Returns where the date starts, or NULL. */
static const char *truncated_date(const char *s)
{
	static const char *const months[] = {"january",   "february", "march",    "april",
	                                     "may",       "june",     "july",     "august",
	                                     "september", "october",  "november", "december"};
	const char *comma = strrchr(s, ',');
	if (!comma)
		return NULL;
	const char *y = comma + 1;
	while (*y == ' ')
		y++;
	size_t digits = strspn(y, "0123456789");
	if (digits == 0 || digits >= 4 || y[digits] != '\0')
		return NULL;
	/* Walk back over ", D" and the month name. */
	const char *p = comma;
	while (p > s && isdigit((unsigned char)p[-1]))
		p--;
	if (p == comma || p == s || p[-1] != ' ')
		return NULL;
	p--;
	const char *m = p;
	while (m > s && isalpha((unsigned char)m[-1]))
		m--;
	for (size_t i = 0; i < 12; i++)
		if ((size_t)(p - m) >= 3 && strncasecmp(m, months[i], (size_t)(p - m)) == 0)
			return m;
	return NULL;
}

static void warn_read_more(struct release *rel)
{
	for (size_t i = 0; i < rel->nread_more; i++) {
		const char *d = truncated_date(rel->read_more[i].text);
		if (d)
			diag_warning(&rel->diags, rel->path, rel->read_more[i].line,
			             (int)utf8_width(rel->read_more[i].text,
			                             (size_t)(d - rel->read_more[i].text)) +
			                 1,
			             "the text is kept as written; correct the year in the release",
			             "read_more item %zu: the date \"%s\" has an incomplete year",
			             i + 1, d);
	}
}

/* ---- identity ---- */

bool release_id_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 120 || !(islower((unsigned char)s[0]) || isdigit((unsigned char)s[0])))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(islower(c) || isdigit(c) || c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* Up to eight words of the title, ASCII letters and digits, joined by '-';
 * words of other scripts are dropped (the date and the rest still make the ID
 * unique per release). */
static void slug_append(struct strbuf *sb, const char *title)
{
	int words = 0;
	const char *p = title;
	while (*p && words < 8) {
		while (*p && !isalnum((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (sb->len)
			strbuf_addch(sb, '-');
		while (isalnum((unsigned char)*p))
			strbuf_addch(sb, (char)tolower((unsigned char)*p++));
		/* "Biden's" is one word: skip an apostrophe and what follows. */
		while (*p == '\'' || (unsigned char)*p >= 0x80)
			while (*p && !isspace((unsigned char)*p) && !strchr(",.:;!?", *p))
				p++;
		words++;
	}
}

char *release_make_id(const struct release *rel)
{
	struct strbuf sb;
	strbuf_init(&sb);
	if (rel->has_instant) {
		time_t local = rel->release_at + rel->utc_offset;
		struct tm tm;
		gmtime_r(&local, &tm);
		strbuf_addf(&sb, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	} else if (rel->date_y) {
		strbuf_addf(&sb, "%04d-%02d-%02d", rel->date_y, rel->date_m, rel->date_d);
	}
	slug_append(&sb, rel->title ? rel->title : "");
	if (sb.len == 0)
		strbuf_adds(&sb, "release");
	return strbuf_detach(&sb, NULL);
}

/* ---- the whole ---- */

/* Where the fields nothing in the text gave come from. */
static void note_defaults(struct release *rel)
{
	struct value *src = rel->sources;
	if (!value_map_get(src, "subject"))
		value_map_set_string(src, "subject", "the title");
	if (!value_map_get(src, "id"))
		value_map_set_string(src, "id",
		                     rel->has_instant ? "the local date of release_at and the title"
		                     : rel->date_y    ? "the date written and the title"
		                                      : "the title");
}

/* The subject line of every message: a headline that runs on for
 * hundreds of characters is a layout the walk misread, or a body without a
 * headline line. */
static void check_subject(struct release *rel, const struct layout *lay)
{
	size_t width = utf8_width(rel->subject, strlen(rel->subject));
	if (width <= RELEASE_SUBJECT_MAX)
		return;
	bool front = release_from_front(rel, "subject") || release_from_front(rel, "title");
	diag_error(
	    &rel->diags, EX_DATAERR, rel->path,
	    front || lay->title_line == LAYOUT_NONE ? 0 : lay->first_line + (int)lay->title_line,
	    front ? 0 : 1,
	    front ? "set a shorter title: or subject: in the front matter"
	          : "put the headline on a line of its own with a blank line after it, or set "
	            "title: in the front matter",
	    "the headline (the subject of every message) is %zu characters long: at most %d", width,
	    RELEASE_SUBJECT_MAX);
}

static void check_required(struct release *rel, const struct layout *lay)
{
	if (!rel->template_name)
		rel->template_name = xstrdup("release");
	if (!rel->title || !*rel->title) {
		diag_error(&rel->diags, EX_DATAERR, rel->path, 1, 1,
		           "put the headline on the first line, or set title: in front matter",
		           "the release has no headline");
		return;
	}
	if (!rel->subject)
		rel->subject = xstrdup(rel->title);
	check_subject(rel, lay);
	if (!rel->id)
		rel->id = release_make_id(rel);
	if (rel->nparagraphs == 0)
		diag_warning(&rel->diags, rel->path, 0, 0, "write the body after the dateline",
		             "the release has no body paragraphs");
}

int release_parse(const char *path, const struct release_opts *opts, struct release *rel)
{
	release_init(rel, path);
	char *text;
	size_t len;
	if (read_text(rel, &text, &len) < 0)
		return -1;
	struct front f = {.rel = rel, .time = opts->time};
	int first_line;
	size_t off = release_front_matter(rel, text, &f, &first_line);
	struct lines ls;
	split_lines(text + off, &ls, first_line);
	release_columns(&ls);
	struct layout lay;
	struct statements st;
	release_statements(&ls, &f.time, &st);
	ls.stmt = st.on_line;
	release_layout(rel, &ls, &f.time, &lay);
	release_decide(rel, &ls, &lay, &f.time, &st);
	statements_free(&st);
	warn_read_more(rel);
	check_required(rel, &lay);
	note_defaults(rel);
	lines_free(&ls);
	free(f.timezone);
	free(text);
	return 0;
}
