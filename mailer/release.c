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

/* One step of the layout walk. */
enum section { SEC_HEAD, SEC_BODY, SEC_READ_MORE, SEC_END };

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

static void note_source(struct release *rel, const char *field, int line)
{
	char *s = xasprintf("text line %d", line);
	value_map_set(rel->sources, field, value_new_string_owned(s, strlen(s)));
}

static bool field_from_front(const struct release *rel, const char *field)
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
	size_t bad;
	if (!utf8_valid(*text, *len, &bad)) {
		int line, col;
		utf8_position(*text, bad, &line, &col);
		diag_error(&rel->diags, EX_DATAERR, rel->path, line, col,
		           "save the release as UTF-8 text",
		           (*text)[bad] ? "not UTF-8: byte 0x%02X at offset %zu"
		                        : "NUL byte (0x%02X) at offset %zu",
		           (unsigned char)(*text)[bad], bad);
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
	char *p = text;
	while (*p) {
		char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, n);
		/* Word processors leave non-breaking spaces and tabs; the layout
		 * walk only needs them to be whitespace at the ends. */
		release_push_str(&ls->v, &ls->n, line);
		p += n;
		if (*p == '\n')
			p++;
	}
}

static void lines_free(struct lines *ls)
{
	free_strv(ls->v, ls->n);
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

/* ---- the layout ---- */

static bool line_is_one_of(const char *line, const char *const *words, size_t n)
{
	char *s = str_trim(xstrdup(line));
	bool hit = false;
	for (size_t i = 0; i < n && !hit; i++)
		hit = str_eq_ci(s, words[i]);
	free(s);
	return hit;
}

static bool is_label(const char *line)
{
	static const char *const labels[] = {"news release",    "press release", "media release",
	                                     "media advisory",  "news advisory", "statement",
	                                     "press statement", "for the press"};
	return line_is_one_of(line, labels, sizeof labels / sizeof labels[0]);
}

static bool is_release_line(const char *line, enum release_status *st)
{
	static const char *const immediate[] = {"for immediate release", "immediate release",
	                                        "for release immediately"};
	static const char *const embargoed[] = {
	    "embargoed",           "embargo",         "under embargo",    "strictly embargoed",
	    "not for publication", "not for release", "hold for release", "for release at",
	    "for release on"};
	const char *s = line;
	while (isspace((unsigned char)*s) || *s == '*' || *s == '[')
		s++;
	for (size_t i = 0; i < sizeof immediate / sizeof immediate[0]; i++)
		if (str_starts_with_ci(s, immediate[i])) {
			*st = RELEASE_IMMEDIATE;
			return true;
		}
	for (size_t i = 0; i < sizeof embargoed / sizeof embargoed[0]; i++)
		if (str_starts_with_ci(s, embargoed[i])) {
			*st = RELEASE_EMBARGOED;
			return true;
		}
	return false;
}

static bool is_contact_line(const char *line)
{
	static const char *const starts[] = {
	    "contact:",        "contacts:",       "media contact",   "press contact",
	    "media enquiries", "media inquiries", "press enquiries", "press inquiries"};
	for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
		if (str_starts_with_ci(line, starts[i]))
			return true;
	return false;
}

enum marker { MARK_NONE, MARK_READ_MORE, MARK_END, MARK_SECTION };

static enum marker end_marker(const char *line)
{
	static const char *const read_more[] = {"read more:", "read more",
	                                        "related:", "related links:", "further reading:"};
	static const char *const end[] = {"###",    "# # #",    "-30-", "- 30 -", "ends",
	                                  "-ends-", "- ends -", "end",  "-end-"};
	static const char *const sections[] = {
	    "notes to editors", "notes to editors:", "note to editors",
	    "note to editors:", "editor's notes",    "editors' notes"};
	if (line_is_one_of(line, read_more, sizeof read_more / sizeof read_more[0]))
		return MARK_READ_MORE;
	if (line_is_one_of(line, end, sizeof end / sizeof end[0]))
		return MARK_END;
	if (line_is_one_of(line, sections, sizeof sections / sizeof sections[0]))
		return MARK_SECTION;
	return MARK_NONE;
}

/* The block of consecutive non-blank lines starting at i, joined by sep. */
static char *take_block(const struct lines *ls, size_t *i, const char *sep)
{
	struct strbuf sb;
	strbuf_init(&sb);
	while (*i < ls->n && !blank(ls->v[*i])) {
		char *t = str_trim_text(xstrdup(ls->v[*i]));
		if (sb.len)
			strbuf_adds(&sb, sep);
		strbuf_adds(&sb, t);
		free(t);
		(*i)++;
	}
	return strbuf_detach(&sb, NULL);
}

struct walk {
	struct release *rel;
	const struct lines *ls;
	size_t i;
	enum section sec;
	int release_line_no;
	int dateline_no;
	int title_line_no;
};

static int walk_line_no(const struct walk *w, size_t i)
{
	return w->ls->first_line + (int)i;
}

static void take_contacts(struct walk *w)
{
	char *block = take_block(w->ls, &w->i, "\n");
	if (!field_from_front(w->rel, "contacts"))
		contacts_parse(block, &w->rel->contacts, &w->rel->ncontacts);
	free(block);
}

/* A dateline is a date (and time) with at most a place before it
 * ("WASHINGTON, Aug. 14, 2023 /PRNewswire/ -- The company ...") and nothing
 * after it but a wire tag and a dash that starts the body.  A sentence that
 * merely mentions a date is body text, and body text never gives the
 * instant.  Returns false when line is not a dateline; else *body is where
 * the body starts in line (NULL when the line holds no body text). */
static bool dateline_split(const char *line, const struct timeparse_opts *t, const char **body)
{
	struct timeparse_result r;
	timeparse_scan(line, t, &r);
	bool is = r.status != TIMEPARSE_NONE && r.start <= 60;
	const char *p = line + r.end;
	size_t start = r.start;
	timeparse_result_free(&r);
	for (size_t i = 0; is && i + 1 < start; i++)
		if ((line[i] == '.' || line[i] == '!' || line[i] == '?') && line[i + 1] == ' ' &&
		    i > 3)
			is = false; /* a sentence ends before the date: this is prose */
	if (!is)
		return false;
	while (*p == ' ' || *p == '\t' || *p == ',')
		p++;
	if (*p == '/') { /* a wire tag: /PRNewswire/ */
		const char *end = strchr(p + 1, '/');
		if (!end)
			return false;
		p = end + 1;
		while (*p == ' ')
			p++;
	}
	*body = NULL;
	if (*p == '\0')
		return true;
	static const char *const dashes[] = {"--", "\xe2\x80\x94", "\xe2\x80\x93", "-"};
	for (size_t i = 0; i < sizeof dashes / sizeof dashes[0]; i++)
		if (str_starts_with(p, dashes[i])) {
			p += strlen(dashes[i]);
			while (*p == ' ')
				p++;
			*body = *p ? p : NULL;
			return true;
		}
	return false;
}

/* The dateline, and the start of the body when it shares its line. */
static void take_dateline(struct walk *w, const char *body)
{
	struct release *rel = w->rel;
	const char *line = w->ls->v[w->i];
	w->dateline_no = walk_line_no(w, w->i);
	if (!body) {
		rel->dateline = str_trim(xstrdup(line));
		w->i++;
		return;
	}
	const char *cut = body;
	while (cut > line && (cut[-1] == ' ' || cut[-1] == '-' || (unsigned char)cut[-1] >= 0x80))
		cut--;
	rel->dateline = str_trim(xstrndup(line, (size_t)(cut - line)));
	char *first = str_trim_text(xstrdup(body));
	w->i++;
	char *rest = take_block(w->ls, &w->i, " ");
	release_push_str(&rel->paragraphs, &rel->nparagraphs,
	                 *rest ? xasprintf("%s %s", first, rest) : xstrdup(first));
	free(first);
	free(rest);
	w->sec = SEC_BODY;
}

/* One non-blank line of the head: label, release line, contacts, headline,
 * dateline.  Returns false when the line starts the body. */
static bool walk_head_line(struct walk *w, const struct timeparse_opts *t)
{
	struct release *rel = w->rel;
	const char *line = w->ls->v[w->i];
	const char *body;
	enum release_status st;
	if (!rel->title && is_label(line)) {
		w->i++;
	} else if (!rel->release_line && is_release_line(line, &st)) {
		rel->release_line = str_trim(xstrdup(line));
		if (!field_from_front(rel, "status"))
			rel->status = st;
		w->release_line_no = walk_line_no(w, w->i++);
	} else if (is_contact_line(line)) {
		take_contacts(w);
	} else if (!rel->title && !field_from_front(rel, "title")) {
		rel->title = str_trim(xstrdup(line));
		w->title_line_no = walk_line_no(w, w->i++);
	} else if (!rel->dateline && dateline_split(line, t, &body)) {
		take_dateline(w, body);
	} else {
		return false;
	}
	return true;
}

static void add_read_more(struct release *rel, const char *line, int line_no)
{
	char *t = str_trim(xstrdup(line));
	bool url = str_starts_with_ci(t, "http://") || str_starts_with_ci(t, "https://");
	if (url && rel->nread_more > 0 && !rel->read_more[rel->nread_more - 1].url) {
		rel->read_more[rel->nread_more - 1].url = t;
		return;
	}
	rel->read_more = xrealloc(rel->read_more, (rel->nread_more + 1) * sizeof *rel->read_more);
	rel->read_more[rel->nread_more].text = t;
	rel->read_more[rel->nread_more].url = url ? xstrdup(t) : NULL;
	rel->read_more[rel->nread_more].line = line_no;
	rel->nread_more++;
}

static void walk_body_block(struct walk *w)
{
	struct release *rel = w->rel;
	const char *line = w->ls->v[w->i];
	enum marker m = end_marker(line);
	if (m == MARK_READ_MORE || m == MARK_END) {
		w->sec = m == MARK_READ_MORE ? SEC_READ_MORE : SEC_END;
		w->i++;
	} else if (is_contact_line(line)) {
		take_contacts(w);
	} else if (w->sec == SEC_END || m == MARK_SECTION) {
		/* before the read-more loop, which stops at a section heading
		 * without taking it */
		w->sec = SEC_END;
		release_push_str(&rel->end_sections, &rel->nend_sections,
		                 take_block(w->ls, &w->i, "\n"));
	} else if (w->sec == SEC_READ_MORE) {
		while (w->i < w->ls->n && !blank(w->ls->v[w->i]) &&
		       end_marker(w->ls->v[w->i]) == MARK_NONE) {
			add_read_more(rel, w->ls->v[w->i], walk_line_no(w, w->i));
			w->i++;
		}
	} else {
		release_push_str(&rel->paragraphs, &rel->nparagraphs,
		                 take_block(w->ls, &w->i, " "));
	}
}

static void walk(struct walk *w, const struct timeparse_opts *t)
{
	while (w->i < w->ls->n) {
		if (blank(w->ls->v[w->i])) {
			w->i++;
			continue;
		}
		if (w->sec == SEC_HEAD && walk_head_line(w, t))
			continue;
		if (w->sec == SEC_HEAD)
			w->sec = SEC_BODY;
		walk_body_block(w);
	}
}

/* ---- the instant ---- */

static int scan_line_instant(struct release *rel, const char *line, int line_no,
                             const struct timeparse_opts *t, struct timeparse_result *r)
{
	timeparse_scan(line, t, r);
	if (r->status == TIMEPARSE_ERROR) {
		diag_error(&rel->diags, EX_DATAERR, rel->path, line_no, (int)r->error_at + 1,
		           r->hint, "%s", r->error);
		return -1;
	}
	if (r->status != TIMEPARSE_INSTANT)
		return 0;
	rel->has_instant = true;
	rel->release_at = r->instant;
	rel->utc_offset = r->utc_offset;
	rel->release_text = xstrndup(line + r->start, r->end - r->start);
	rel->zone_rule = r->zone_rule ? xstrdup(r->zone_rule) : NULL;
	rel->release_source = xasprintf("%s:%d", rel->path, line_no);
	note_source(rel, "release_at", line_no);
	return 1;
}

/* Only the release line and the dateline give the instant (DESIGN.md). */
static void resolve_instant(struct walk *w, const struct timeparse_opts *t)
{
	struct release *rel = w->rel;
	if (rel->has_instant)
		return;
	const char *lines[] = {rel->release_line, rel->dateline};
	int nos[] = {w->release_line_no, w->dateline_no};
	bool date_only = false;
	for (int k = 0; k < 2; k++) {
		if (!lines[k])
			continue;
		struct timeparse_result r;
		int got = scan_line_instant(rel, lines[k], nos[k], t, &r);
		if (r.status == TIMEPARSE_DATE_ONLY && !date_only) {
			date_only = true;
			rel->date_y = r.year;
			rel->date_m = r.month;
			rel->date_d = r.day;
		}
		timeparse_result_free(&r);
		if (got != 0)
			return;
	}
	if (date_only)
		diag_warning(&rel->diags, rel->path,
		             w->dateline_no ? w->dateline_no : w->release_line_no, 0,
		             "add a time and zone, e.g. \"August 14, 2023, 12:00 p.m. EDT\"",
		             "the release gives a date but no time: it has no release instant");
	else if (rel->status == RELEASE_EMBARGOED)
		diag_warning(&rel->diags, rel->path, w->release_line_no, 0,
		             "write the date, time and zone on the embargo line",
		             "the release is embargoed but states no time");
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

static void check_required(struct release *rel, int title_line)
{
	if (!rel->template_name)
		rel->template_name = xstrdup("release");
	if (!rel->title || !*rel->title) {
		diag_error(&rel->diags, EX_DATAERR, rel->path, 1, 1,
		           "put the headline on the first line, or set title: in front matter",
		           "the release has no headline");
		return;
	}
	if (!field_from_front(rel, "title"))
		note_source(rel, "title", title_line);
	if (!rel->subject)
		rel->subject = xstrdup(rel->title);
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
	struct walk w = {.rel = rel, .ls = &ls, .sec = SEC_HEAD};
	walk(&w, &f.time);
	resolve_instant(&w, &f.time);
	warn_read_more(rel);
	check_required(rel, w.title_line_no);
	lines_free(&ls);
	free(f.timezone);
	free(text);
	return 0;
}
