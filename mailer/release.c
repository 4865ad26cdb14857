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
	free(rel->release_line);
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

/* ---- the instant ---- */

/* What the time grammar read in the release line or the dateline. */
struct line_time {
	const char *what; /* "release line", "dateline" */
	int line_no;      /* 0: there is no such line */
	char *text;       /* the part of the line that was read, from its start */
	struct timeparse_result r;
};

/* Read the first len bytes of line i.  An error names file:line:column
 * (characters, counting the line's leading blanks), the line and what
 * would make it valid. */
static void read_line_time(struct release *rel, const struct lines *ls, size_t i, size_t len,
                           const struct timeparse_opts *t, struct line_time *lt)
{
	lt->line_no = 0;
	lt->text = NULL;
	memset(&lt->r, 0, sizeof lt->r);
	lt->r.status = TIMEPARSE_NONE;
	if (i == LAYOUT_NONE)
		return;
	lt->line_no = ls->first_line + (int)i;
	lt->text = xstrndup(ls->v[i], len);
	timeparse_scan(lt->text, t, &lt->r);
	if (lt->r.status != TIMEPARSE_ERROR)
		return;
	char *shown = str_trim_text(xstrdup(lt->text));
	int col = (int)utf8_width(lt->text, lt->r.error_at) + 1;
	diag_error(&rel->diags, EX_DATAERR, rel->path, lt->line_no, col, lt->r.hint,
	           "%s \"%s\": %s", lt->what, shown, lt->r.error);
	free(shown);
}

static void line_time_free(struct line_time *lt)
{
	free(lt->text);
	timeparse_result_free(&lt->r);
}

/* The release line, or the line under it that holds its date and time. */
static void read_release_line(struct release *rel, const struct lines *ls, const struct layout *lay,
                              const struct timeparse_opts *t, struct line_time *lt)
{
	size_t i = lay->release_first;
	read_line_time(rel, ls, i, i == LAYOUT_NONE ? 0 : strlen(ls->v[i]), t, lt);
	if (lt->r.status == TIMEPARSE_NONE && lay->release_last != i) {
		line_time_free(lt);
		i = lay->release_last;
		read_line_time(rel, ls, i, strlen(ls->v[i]), t, lt);
	}
}

static int start_col(const struct line_time *lt)
{
	return (int)utf8_width(lt->text, lt->r.start) + 1;
}

static char *written(const struct line_time *lt)
{
	return xstrndup(lt->text + lt->r.start, lt->r.end - lt->r.start);
}

static void use_time(struct release *rel, const struct line_time *lt)
{
	const struct timeparse_result *r = &lt->r;
	rel->has_instant = true;
	rel->release_at = r->instant;
	rel->utc_offset = r->utc_offset;
	rel->release_text = written(lt);
	rel->zone_rule = r->zone_rule ? xstrdup(r->zone_rule) : NULL;
	rel->release_source = xasprintf("%s:%d", rel->path, lt->line_no);
	release_note_source(rel, "release_at", lt->line_no, lt->line_no);
}

/* "2023-08-15T00:01:00+01:00 ("00:01 BST, 15 August 2023", line 3)" */
static char *describe(const struct line_time *lt)
{
	char local[32];
	char *text = written(lt);
	char *s;
	if (lt->r.status == TIMEPARSE_INSTANT) {
		timeparse_format_local(lt->r.instant, lt->r.utc_offset, local);
		s = xasprintf("%s (\"%s\", line %d)", local, text, lt->line_no);
	} else {
		s = xasprintf("the date \"%s\" (line %d)", text, lt->line_no);
	}
	free(text);
	return s;
}

/* The release line wins over a dateline that says otherwise, and the
 * warning names both. */
static void warn_disagree(struct release *rel, const struct line_time *rl,
                          const struct line_time *dl, bool no_time)
{
	char *a = describe(rl), *b = describe(dl);
	diag_warning(&rel->diags, rel->path, dl->line_no, start_col(dl),
	             no_time ? "write the time and zone on the release line"
	                     : "make the dateline agree with the release line, or leave the time "
	                       "out of the dateline",
	             "the release line gives %s but the dateline gives %s: the release line "
	             "wins%s",
	             a, b, no_time ? ", and it states no time" : "");
	free(a);
	free(b);
}

static void set_date(struct release *rel, const struct line_time *lt)
{
	rel->date_y = lt->r.year;
	rel->date_m = lt->r.month;
	rel->date_d = lt->r.day;
}

static void warn_date_only(struct release *rel, const struct line_time *lt)
{
	char *date = written(lt);
	set_date(rel, lt);
	diag_warning(&rel->diags, rel->path, lt->line_no, start_col(lt),
	             rel->status == RELEASE_EMBARGOED
	                 ? "add the time and zone, e.g. \"EMBARGOED UNTIL 10:00 a.m. EDT, August "
	                   "14, 2023\": an embargoed release cannot be scheduled or sent without "
	                   "them"
	                 : "to schedule it, add the time and zone, e.g. \"August 14, 2023, 12:00 "
	                   "p.m. EDT\"; embargo send sends an immediate release without a time at "
	                   "once",
	             "the %s gives the date \"%s\" but no time: the release has no instant",
	             lt->what, date);
	free(date);
}

/* The dateline's instant falls on the date the release line gives. */
static bool same_date(const struct line_time *rl, const struct line_time *dl)
{
	struct zones_wall w;
	zones_epoch_wall(dl->r.instant + dl->r.utc_offset, &w);
	return w.year == rl->r.year && w.month == rl->r.month && w.day == rl->r.day;
}

static void choose_instant(struct release *rel, const struct line_time *rl,
                           const struct line_time *dl)
{
	enum timeparse_status a = rl->r.status, b = dl->r.status;
	if (a == TIMEPARSE_ERROR || b == TIMEPARSE_ERROR)
		return;
	if (a == TIMEPARSE_INSTANT) {
		use_time(rel, rl);
		if (b == TIMEPARSE_INSTANT && dl->r.instant != rl->r.instant)
			warn_disagree(rel, rl, dl, false);
	} else if (b == TIMEPARSE_INSTANT && (a != TIMEPARSE_DATE_ONLY || same_date(rl, dl))) {
		use_time(rel, dl);
	} else if (b == TIMEPARSE_INSTANT) {
		set_date(rel, rl);
		warn_disagree(rel, rl, dl, true);
	} else if (a == TIMEPARSE_DATE_ONLY || b == TIMEPARSE_DATE_ONLY) {
		warn_date_only(rel, a == TIMEPARSE_DATE_ONLY ? rl : dl);
	} else if (rel->status == RELEASE_EMBARGOED) {
		diag_warning(&rel->diags, rel->path, rl->line_no, rl->line_no ? 1 : 0,
		             "write the date, time and zone on the release line, e.g. \"EMBARGOED "
		             "UNTIL 10:00 a.m. EDT, August 14, 2023\", or set release_at in the "
		             "front matter",
		             "the release is embargoed but states no time: it cannot be scheduled "
		             "or sent");
	}
}

/* Only the release line and the dateline give the instant (DESIGN.md);
 * front matter's release_at overrides both. */
static void resolve_instant(struct release *rel, const struct lines *ls, const struct layout *lay,
                            const struct timeparse_opts *t)
{
	if (rel->has_instant)
		return;
	struct line_time rl = {.what = "release line"}, dl = {.what = "dateline"};
	read_release_line(rel, ls, lay, t, &rl);
	read_line_time(rel, ls, lay->dateline, lay->dateline_len, t, &dl);
	choose_instant(rel, &rl, &dl);
	line_time_free(&rl);
	line_time_free(&dl);
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
	if (!value_map_get(src, "status"))
		value_map_set_string(src, "status", "no release line: immediate");
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
	release_layout(rel, &ls, &f.time, &lay);
	resolve_instant(rel, &ls, &lay, &f.time);
	warn_read_more(rel);
	check_required(rel, &lay);
	note_defaults(rel);
	lines_free(&ls);
	free(f.timezone);
	free(text);
	return 0;
}
