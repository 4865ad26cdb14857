/*
 * release_layout: the layout walk.  The head — label, release line,
 * contacts, headline, subtitle, dateline, in the orders real releases put
 * them — is read line by line; the body block by block: paragraphs, contact
 * blocks, "Read more:" items, end sections ("###", "Notes to editors",
 * "About ...").  Nothing is dropped but labels, a letterhead above them and
 * end markers: a subtitle
 * is also the first paragraph, text after "###" is an end section, and a
 * contact block is read into contacts.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "contacts.h"
#include "value.h"
#include "release_int.h"
#include "utf8.h"
#include "util.h"

enum section { SEC_HEAD, SEC_BODY, SEC_READ_MORE, SEC_END };

/* First and last file line of what a field was read from (0: none). */
struct span {
	int first, last;
};

struct walk {
	struct release *rel;
	const struct lines *ls;
	const struct timeparse_opts *t;
	struct layout *lay;
	size_t i;
	enum section sec;
	bool title_done; /* the headline is read, or front matter sets it */
	bool title_text; /* ... read from the text */
	int nsubtitles;
	size_t deck_from;    /* a subtitle starts at the first line after this one
	                        (the headline's or a subtitle's end), nowhere else */
	bool copy_skipped;   /* the headline's copy under it was skipped */
	size_t bad_emails;   /* contact emails that are not addresses */
	size_t title_at;     /* the line the headline scorer chose, LAYOUT_NONE before */
	size_t title_second; /* a close second, or LAYOUT_NONE */
	char *title_why;     /* why the scorer chose it (malloc'd), NULL before */
	struct span title, subtitle, release_line, dateline, contacts, paragraphs, read_more,
	    end_sections;
};

/* ---- lines and blocks ---- */

static int line_no(const struct walk *w, size_t i)
{
	return w->ls->first_line + (int)i;
}

static void span_add(const struct walk *w, struct span *s, size_t a, size_t b)
{
	if (!s->first)
		s->first = line_no(w, a);
	s->last = line_no(w, b);
}

static bool blank_at(const struct walk *w, size_t i)
{
	return release_blank(w->ls->v[i]);
}

/* The end of the block of non-blank lines starting at i. */
static size_t block_end(const struct walk *w, size_t i)
{
	while (i < w->ls->n && !blank_at(w, i))
		i++;
	return i;
}

static size_t next_nonblank(const struct walk *w, size_t i)
{
	while (i < w->ls->n && blank_at(w, i))
		i++;
	return i;
}

/* Lines [a, b), each without blanks at its ends, joined by sep. */
static char *join_lines(const struct walk *w, size_t a, size_t b, const char *sep)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t i = a; i < b; i++) {
		char *t = str_trim_text(xstrdup(w->ls->v[i]));
		if (sb.len && *t)
			strbuf_adds(&sb, sep);
		strbuf_adds(&sb, t);
		free(t);
	}
	return strbuf_detach(&sb, NULL);
}

static bool has_time(const char *s, const struct timeparse_opts *t)
{
	struct timeparse_result r;
	timeparse_scan(s, t, &r);
	bool has = r.status != TIMEPARSE_NONE;
	timeparse_result_free(&r);
	return has;
}

/* ---- contacts ---- */

/* Lines of a block read to tell whether it starts contacts: a contact
 * block is short, and the head walk asks this of many lines. */
#define CONTACTS_PEEK 40

static bool contacts_at(const struct walk *w, size_t i)
{
	if (!contacts_line_may_start(w->ls->v[i]))
		return false;
	size_t e = block_end(w, i);
	char *block = join_lines(w, i, e - i > CONTACTS_PEEK ? i + CONTACTS_PEEK : e, "\n");
	bool yes = contacts_block_start(block);
	free(block);
	return yes;
}

/* Where in lines [a, b) s is written: line and character column. */
static void find_text(const struct walk *w, size_t a, size_t b, const char *s, int *line, int *col)
{
	*line = line_no(w, a);
	*col = 0;
	for (size_t i = a; i < b; i++) {
		const char *hit = strstr(w->ls->v[i], s);
		if (hit) {
			*line = line_no(w, i);
			*col = (int)utf8_width(w->ls->v[i], (size_t)(hit - w->ls->v[i])) + 1;
			return;
		}
	}
}

#define BAD_EMAILS_SHOWN 10

static void check_email(struct walk *w, const char *email, size_t a, size_t b)
{
	char *ascii = NULL, *why = NULL;
	/* Ten warnings say it; a thousand would bury the rest. */
	if (address_parse(email, &ascii, &why) < 0 && ++w->bad_emails <= BAD_EMAILS_SHOWN) {
		int line, col;
		find_text(w, a, b, email, &line, &col);
		diag_warning(&w->rel->diags, w->rel->path, line, col,
		             "correct the address: journalists see it as written",
		             "contact email \"%s\" is not a valid address: %s", email, why);
	}
	free(ascii);
	free(why);
}

/* A contact email that is not an address is a warning, not an error: the
 * release can still go, but the press officer should know. */
static void check_emails(struct walk *w, size_t from, size_t a, size_t b)
{
	for (size_t k = from; k < w->rel->ncontacts; k++) {
		if (!w->rel->contacts[k].email)
			continue;
		char *copy = xstrdup(w->rel->contacts[k].email);
		char *save = NULL;
		for (char *e = strtok_r(copy, ",", &save); e; e = strtok_r(NULL, ",", &save))
			check_email(w, str_trim(e), a, b);
		free(copy);
	}
}

/* A contact block, and the blocks after it written as contacts ("Media
 * contacts:" on a line of its own, then one block per person). */
/* A line with a phone number or an address. */
static bool line_has_reach(const char *line)
{
	int digits = 0;
	for (const char *p = line; *p; p++)
		digits += *p >= '0' && *p <= '9';
	return digits >= 7 || strchr(line, '@');
}

/* The end of a contact block at a: its blank line, or the first line after
 * a number or an address that reads as a headline or a paragraph
 * ("Contact: R3press@epa.gov" with the headline right under it). */
static size_t contacts_end(const struct walk *w, size_t a)
{
	bool reach = false;
	for (size_t i = a; i < w->ls->n && !blank_at(w, i); i++) {
		const char *line = w->ls->v[i];
		char *t = str_trim_text(xstrdup(line));
		size_t words = 1;
		for (const char *p = t; *p; p++)
			words += *p == ' ';
		bool heading = !line_has_reach(t) && strlen(t) > 0 &&
		               ((release_all_caps(t) && words >= 3) ||
		                (release_title_case(t) && words >= 6) || strlen(t) > 160);
		free(t);
		if (reach && heading)
			return i;
		reach |= line_has_reach(line);
	}
	return block_end(w, a);
}

/* A line of [a, b) has columns: three blanks or more inside it. */
static bool table_at(const struct walk *w, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++) {
		const char *t = release_skip_blanks(w->ls->v[i]);
		const char *g = strstr(t, "   ");
		if (g && g[strspn(g, " ")])
			return true;
	}
	return false;
}

/* Every line of [a, b) gives a number or an address. */
static bool reach_lines(const struct walk *w, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		if (!line_has_reach(w->ls->v[i]))
			return false;
	return b > a;
}

/* Lines [a, b) each give only a number or an address: "Out of hours:
 * 07700 900 555". */
static bool reach_block(const struct walk *w, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++) {
		char *t = str_trim_text(xstrdup(w->ls->v[i]));
		bool ok = contacts_reach_only(t);
		free(t);
		if (!ok)
			return false;
	}
	return b > a;
}

static void take_contacts(struct walk *w)
{
	struct release *rel = w->rel;
	size_t a = w->i, e = contacts_end(w, a);
	char *first = join_lines(w, a, e, "\n");
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_adds(&sb, first);
	free(first);
	for (bool more = true; more;) {
		size_t j = next_nonblank(w, e), f = block_end(w, j);
		char *next = j < w->ls->n ? join_lines(w, j, f, "\n") : NULL;
		/* a block of contacts, one that starts as contacts do, or lines
		 * that each give a number or an address ("Out of hours: 07700
		 * 900 555") */
		more = next && release_marker(w->ls->v[j]) == RELEASE_MARK_NONE &&
		       (contacts_block_like(next) || contacts_block_start(next) ||
		        (f - j <= 4 && reach_block(w, j, f)));
		if (next && !more && release_marker(w->ls->v[j]) == RELEASE_MARK_NONE &&
		    f - j <= 8) {
			/* a person's name, job and office in one block, the number
			 * in the next: "Dr Jane Doe\nAssistant Governor\n\nPhone: ..." */
			size_t j2 = next_nonblank(w, f), f2 = block_end(w, j2);
			char *pair =
			    j2 < w->ls->n && f2 - j2 <= 4 ? join_lines(w, j, f2, "\n") : NULL;
			if (pair && release_marker(w->ls->v[j2]) == RELEASE_MARK_NONE &&
			    contacts_block_like(pair) && reach_lines(w, j2, f2)) {
				free(next);
				next = join_lines(w, j, f, "\n");
				char *second = join_lines(w, j2, f2, "\n");
				strbuf_addf(&sb, "\n\n%s\n\n%s", next, second);
				free(second);
				e = f2;
				more = true;
				free(pair);
				free(next);
				continue;
			}
			free(pair);
		}
		if (more) {
			strbuf_addf(&sb, "\n\n%s", next);
			e = f;
		}
		free(next);
	}
	w->i = e;
	if (release_from_front(rel, "contacts")) {
		diag_warning(
		    &rel->diags, rel->path, line_no(w, a), 1,
		    "remove the contacts from the text, or contacts: from the front matter",
		    "the contacts written here are not read: the front matter sets contacts");
	} else {
		size_t before = rel->ncontacts;
		contacts_parse(sb.buf, &rel->contacts, &rel->ncontacts);
		check_emails(w, before, a, e);
		span_add(w, &w->contacts, a, e - 1);
	}
	strbuf_release(&sb);
}

/* Contacts written in the sentences of lines [a, e) ("To contact the
 * author, email Jane Doe at jane@example.org."): the text stays where it
 * is, and the contacts are read from it too. */
static void take_sentence_contacts(struct walk *w, size_t a, size_t e, const char *text)
{
	struct release *rel = w->rel;
	if (release_from_front(rel, "contacts"))
		return;
	size_t before = rel->ncontacts;
	if (contacts_from_sentences(text, &rel->contacts, &rel->ncontacts) > 0) {
		check_emails(w, before, a, e);
		span_add(w, &w->contacts, a, e - 1);
	}
}

/* The contacts of a head typed in two columns (release_columns). */
static void take_side_contacts(struct walk *w)
{
	struct release *rel = w->rel;
	const struct lines *ls = w->ls;
	if (release_from_front(rel, "contacts")) {
		diag_warning(
		    &rel->diags, rel->path, line_no(w, ls->side_first), 1,
		    "remove the contacts from the text, or contacts: from the front matter",
		    "the contacts written here are not read: the front matter sets contacts");
		return;
	}
	size_t before = rel->ncontacts;
	contacts_parse(ls->side, &rel->contacts, &rel->ncontacts);
	check_emails(w, before, ls->side_first, ls->side_last + 1);
	span_add(w, &w->contacts, ls->side_first, ls->side_last);
}

/* ---- the head ---- */

/* "**Headline**", "*A subtitle*", "**FOR IMMEDIATE RELEASE**": emphasis
 * around the whole line, the same one to three marks on both sides, is not
 * part of the words. */
static void strip_emphasis(char *s)
{
	size_t len = strlen(s), n = strspn(s, s[0] == '_' ? "_" : "*");
	if (n < 1 || n > 3 || len <= 2 * n || s[n] == ' ' || s[len - n - 1] == ' ')
		return;
	for (size_t k = len - n; k < len; k++)
		if (s[k] != s[0])
			return;
	if (memchr(s + n, s[0], len - 2 * n))
		return; /* "*Partly* emphasised *words*": not around the whole */
	memmove(s, s + n, len - 2 * n);
	s[len - 2 * n] = '\0';
}

/* Line i is a release line: "FOR IMMEDIATE RELEASE", "EMBARGOED UNTIL ...",
 * or any line that states an embargo (release_statements), such as "This
 * release is under embargo until ..." written above the headline. */
static bool release_line_at(const struct walk *w, size_t i, enum release_status *st)
{
	if (w->ls->stmt && w->ls->stmt[i] != STMT_NONE) {
		*st = RELEASE_EMBARGOED;
		return true;
	}
	return release_line_status(w->ls->v[i], st);
}

/* "EMBARGOED UNTIL:" with the date and time on the next line. */
static bool time_continues(const struct walk *w, const char *text, size_t next)
{
	struct dateline d;
	if (next >= w->ls->n || blank_at(w, next) || has_time(text, w->t))
		return false;
	return release_dateline(w->ls->v[next], w->t, &d) && d.dated && !d.body && !d.placed;
}

static void take_release_line(struct walk *w, enum release_status st)
{
	struct release *rel = w->rel;
	size_t a = w->i;
	char *text = str_trim_text(xstrdup(w->ls->v[a]));
	w->lay->release_first = w->lay->release_last = a;
	w->i++;
	if (st == RELEASE_EMBARGOED && time_continues(w, text, w->i)) {
		char *more = str_trim_text(xstrdup(w->ls->v[w->i]));
		char *joined = xasprintf("%s %s", text, more);
		free(text);
		free(more);
		text = joined;
		w->lay->release_last = w->i++;
	}
	strip_emphasis(text);
	rel->release_line = text;
	span_add(w, &w->release_line, a, w->i - 1);
	w->lay->release_status = st;
}

static void take_dateline(struct walk *w, const struct dateline *d)
{
	struct release *rel = w->rel;
	size_t a = w->i;
	rel->dateline = str_trim_text(xstrndup(w->ls->v[a], d->len));
	w->lay->dateline = a;
	w->lay->dateline_len = d->len;
	span_add(w, &w->dateline, a, a);
	w->i++;
	if (!d->body)
		return;
	/* The dateline begins the first paragraph. */
	size_t e = block_end(w, w->i);
	char *first = str_trim_text(xstrdup(d->body));
	char *rest = join_lines(w, w->i, e, " ");
	release_push_str(&rel->paragraphs, &rel->nparagraphs,
	                 *rest ? xasprintf("%s %s", first, rest) : xstrdup(first));
	free(first);
	free(rest);
	span_add(w, &w->paragraphs, a, e - 1);
	w->i = e;
	w->sec = SEC_BODY;
}

/* A line that may be part of a headline: none of the other head lines. */
static bool headline_line(const struct walk *w, size_t i)
{
	const char *line = w->ls->v[i];
	enum release_status st;
	struct dateline d;
	return !release_is_label(line) && !release_line_at(w, i, &st) && !contacts_at(w, i) &&
	       release_marker(line) == RELEASE_MARK_NONE && !release_dateline(line, w->t, &d);
}

/* "# Headline" in a markdown-minded release: the marks are not the words. */
static void strip_heading_marks(char *title)
{
	size_t n = strspn(title, "#");
	if (n >= 1 && n <= 3 && title[n] == ' ' && title[n + 1])
		memmove(title, title + n + 1, strlen(title + n + 1) + 1);
	strip_emphasis(title);
}

/* The line after the headline that starts at a: one line, or two or three
 * written one under the other when they read as one ("ALL CAPS\nALL CAPS",
 * a line wrapped after "of"). */
static size_t headline_end(const struct walk *w, size_t a)
{
	size_t b = a + 1;
	struct dateline d;
	while (b < w->ls->n && b - a < 3 && !blank_at(w, b) && headline_line(w, b) &&
	       !release_dateline_inside(w->ls->v[b - 1], w->t, &d) &&
	       release_headline_continues(w->ls->v[b - 1], w->ls->v[b]))
		b++;
	return b;
}

/* "News Release: Headline", "Headline [14 August 2023]": a label, a
 * document number or a bracketed date glued to the headline is not part
 * of it. */
static void strip_glued(char *title)
{
	size_t n = release_label_prefix(title);
	if (n)
		memmove(title, title + n, strlen(title + n) + 1);
	size_t len = strlen(title);
	char *open = len > 0 && title[len - 1] == ']' ? strrchr(title, '[') : NULL;
	if (open && open > title && strpbrk(open, "0123456789")) {
		*open = '\0';
		str_trim(title);
	}
}

/* The headline: the line the scorer chose (release_headline.c) among the
 * lines of the head from here to the body. */
static void take_headline(struct walk *w)
{
	struct release *rel = w->rel;
	size_t a = w->i, b = headline_end(w, a);
	rel->title = join_lines(w, a, b, " ");
	w->lay->title_line = a;
	span_add(w, &w->title, a, b - 1);
	w->title_done = w->title_text = true;
	w->i = w->deck_from = b;
	/* "HEADLINE OTTAWA, 2010-02-12. THE COURT ...": the dateline on the
	 * headline's line is no part of it; it begins the first paragraph.  Its
	 * time is not read for the instant: that reads datelines that begin a
	 * line. */
	struct dateline d;
	size_t cut = release_dateline_inside(rel->title, w->t, &d);
	if (cut) {
		char *dateline = str_trim_text(xstrndup(rel->title + cut, d.len));
		char *first = d.body ? str_trim_text(xstrdup(d.body)) : NULL;
		rel->title[cut] = '\0';
		str_trim_text(rel->title);
		span_add(w, &w->dateline, b - 1, b - 1);
		if (!rel->dateline)
			rel->dateline = dateline;
		else
			free(dateline);
		if (first) {
			size_t e = block_end(w, b);
			char *rest = join_lines(w, b, e, " ");
			release_push_str(&rel->paragraphs, &rel->nparagraphs,
			                 *rest ? xasprintf("%s %s", first, rest) : xstrdup(first));
			free(first);
			free(rest);
			span_add(w, &w->paragraphs, b - 1, e - 1);
			w->i = e;
			w->sec = SEC_BODY;
		}
	}
	strip_heading_marks(rel->title);
	strip_glued(rel->title);
}

/* Line j starts another part of the head. */
static bool head_line(const struct walk *w, size_t j)
{
	const char *line = w->ls->v[j];
	enum release_status st;
	struct dateline d;
	return release_line_at(w, j, &st) || release_is_label(line) || contacts_at(w, j) ||
	       release_dateline(line, w->t, &d);
}

/* Lines [a, b) end a sentence of six words or more ("The Minister today
 * welcomed the report."): body text, where a subtitle ends without a stop. */
static bool sentence_block(const struct walk *w, size_t a, size_t b)
{
	char *t = join_lines(w, a, b, " ");
	size_t n = strlen(t), words = 1;
	for (size_t k = 0; k < n; k++)
		words += t[k] == ' ';
	bool yes = n >= 2 && strchr(".!", t[n - 1]) && t[n - 2] != '.' && words >= 6 &&
	           ((t[n - 2] >= 'a' && t[n - 2] <= 'z') || (t[n - 2] >= '0' && t[n - 2] <= '9'));
	free(t);
	return yes;
}

/* The end of a subtitle starting at i: it runs to a blank line or to a
 * line that starts another part of the head.  Returns i when the lines at
 * i are not a subtitle: a subtitle stands between the headline and a
 * release line, contacts or the dateline, in at most three short lines,
 * right after the headline (blank lines aside) or another subtitle; set
 * apart from the headline by a blank line, a sentence is the body's. */
static size_t subtitle_end(const struct walk *w)
{
	size_t i = w->i, e = i;
	if (!w->title_text || w->nsubtitles >= 2 || next_nonblank(w, w->deck_from) != i ||
	    release_marker(w->ls->v[i]) != RELEASE_MARK_NONE)
		return i;
	size_t bytes = 0;
	while (e < w->ls->n && e - i <= 3 && !blank_at(w, e) && (e == i || !head_line(w, e)))
		bytes += strlen(w->ls->v[e++]);
	size_t j = next_nonblank(w, e);
	if (e - i > 3 || bytes > 300 || j >= w->ls->n || !head_line(w, j))
		return i;
	if (i > 0 && blank_at(w, i - 1) && sentence_block(w, i, e))
		return i;
	return e;
}

static void take_subtitle(struct walk *w, size_t e)
{
	struct release *rel = w->rel;
	char *text = join_lines(w, w->i, e, " ");
	if (!rel->subtitle) {
		rel->subtitle = xstrdup(text);
		strip_emphasis(rel->subtitle);
	}
	/* Templates that know no subtitle still show it: it is the first
	 * paragraph of the body too. */
	take_sentence_contacts(w, w->i, e, text);
	release_push_str(&rel->paragraphs, &rel->nparagraphs, text);
	span_add(w, &w->subtitle, w->i, e - 1);
	span_add(w, &w->paragraphs, w->i, e - 1);
	w->nsubtitles++;
	w->i = w->deck_from = e;
}

/* Lines [a, b) as a headline would be: one to three short lines of
 * headline_line()s. */
static bool headline_shaped(const struct walk *w, size_t a, size_t b)
{
	size_t bytes = 0;
	for (size_t k = a; k < b; k++) {
		if (blank_at(w, k) || !headline_line(w, k))
			return false;
		bytes += strlen(w->ls->v[k]);
	}
	return b > a && b - a <= 3 && bytes <= 300;
}

/* A letterhead: the organisation's name (and maybe its address) written
 * above the label or the release line with no blank line between.  It is
 * one only when the head goes on past that line with more than a release
 * line (a label, a date, contacts) and then a headline-shaped block that
 * is not the last of the text: "Headline\nEmbargoed until ...\n\nBody."
 * keeps its headline.  A letterhead is skipped like the label it heads.
 * Returns the line after it, or w->i. */
static size_t letterhead_end(const struct walk *w)
{
	size_t a = w->i, e = a;
	enum release_status st;
	while (e < w->ls->n && e - a < 3 && !blank_at(w, e) && headline_line(w, e))
		e++;
	if (e == a || e >= w->ls->n || blank_at(w, e) ||
	    !(release_is_label(w->ls->v[e]) || release_line_at(w, e, &st)))
		return a;
	/* past the label, release line, date and contacts to what comes next */
	size_t j = e, more = 0;
	struct dateline d;
	for (;; more++) {
		j = next_nonblank(w, j);
		if (j >= w->ls->n)
			return a;
		const char *line = w->ls->v[j];
		if (contacts_at(w, j))
			j = block_end(w, j);
		else if (release_is_label(line) || release_line_at(w, j, &st) ||
		         (release_dateline(line, w->t, &d) && d.dated && !d.body))
			j++;
		else
			break;
	}
	bool label = release_is_label(w->ls->v[e]);
	size_t b = block_end(w, j);
	bool headline = headline_shaped(w, j, b) && next_nonblank(w, b) < w->ls->n;
	return headline && (label || more > 1) ? e : a;
}

#define HEAD_SCAN 40 /* lines of the head the scorer looks at, at most */

/* Lines [a, b) are a paragraph of the body: sentences of thirty words or
 * more, or a long line that ends one. */
static bool paragraph_at(const struct walk *w, size_t a, size_t b)
{
	char *t = join_lines(w, a, b, " ");
	size_t n = strlen(t), words = 1;
	for (size_t k = 0; k < n; k++)
		words += t[k] == ' ';
	const char *end = n ? t + n - 1 : t;
	while (end > t && strchr("\"'\x9d\x99\x80\xe2)", *end))
		end--;
	bool yes =
	    n > 250 || (words >= 30 && strchr(".!?", *end)) || (n > 160 && strchr(".!?", *end));
	free(t);
	return yes;
}

/* Line j is a line of wrapped prose: long, in a block whose lines from j
 * on read as a paragraph, and it ends open ("... recovery and"), ends a
 * sentence or holds the end of one.  A headline over the body's lines, in
 * the same block, is none. */
static bool wrapped_prose(const struct walk *w, size_t j)
{
	const char *line = w->ls->v[j];
	size_t e = block_end(w, j);
	if (e > j + 20)
		e = j + 20; /* twenty lines tell prose */
	if (e <= j + 1 || strlen(line) < 60 || !paragraph_at(w, j, e))
		return false;
	char *t = str_trim_text(xstrdup(line));
	bool inside = false;
	for (const char *p = t + 1; p[0] && p[1] && !inside; p++)
		inside = strchr(".!?", *p) && p[1] == ' ' && p[-1] >= 'a' && p[-1] <= 'z';
	size_t n = strlen(t);
	/* not "?": a question is a headline as often as not */
	bool stop = n > 1 && t[n - 1] == '.' && t[n - 2] >= 'a' && t[n - 2] <= 'z';
	bool yes = inside || stop || release_ends_open(t);
	free(t);
	return yes;
}

/* A sentence of fifteen words or more, ended: the body's, not a deck's. */
static bool long_sentence(const char *line)
{
	char *t = str_trim_text(xstrdup(line));
	size_t n = strlen(t), words = 1;
	for (size_t k = 0; k < n; k++)
		words += t[k] == ' ' && k + 1 < n && t[k + 1] != ' ';
	bool yes = n > 1 && t[n - 1] == '.' && t[n - 2] >= 'a' && t[n - 2] <= 'z' && words >= 15;
	free(t);
	return yes;
}

/* Line j is a block of its own that ends a sentence ("Body.", "The
 * Minister today welcomed the report."): set apart from the headline by a
 * blank line, a sentence is the body's. */
static bool sentence_alone(const struct walk *w, size_t j, size_t a)
{
	if (a != j || (j + 1 < w->ls->n && !blank_at(w, j + 1)))
		return false;
	char *t = str_trim_text(xstrdup(w->ls->v[j]));
	size_t n = strlen(t);
	bool yes = n > 1 && t[n - 1] == '.' && t[n - 2] >= 'a' && t[n - 2] <= 'z';
	free(t);
	return yes;
}

/* Line j heads a list in its block ("Highlights of the Quarter" over "-
 * Revenue up"): the body's heading. */
static bool heading_over_list(const struct walk *w, size_t j)
{
	if (j + 1 >= w->ls->n || blank_at(w, j + 1))
		return false;
	const char *s = release_skip_blanks(w->ls->v[j + 1]);
	return ((s[0] == '-' || s[0] == '*') && s[1] == ' ') || str_starts_with(s, "\xe2\x80\xa2");
}

static enum head_kind head_kind_at(const struct walk *w, size_t j, const char **name)
{
	const char *line = w->ls->v[j];
	struct dateline d;
	enum release_status st;
	*name = NULL;
	if (blank_at(w, j))
		return HEAD_BLANK;
	if (release_dateline_inside(line, w->t, &d) && !release_is_label(line) &&
	    !release_line_at(w, j, &st) && !contacts_at(w, j))
		return HEAD_TEXT; /* a headline, its dateline and the body's start */
	size_t a = j;
	while (a > 0 && !blank_at(w, a - 1))
		a--;
	*name = "the body";
	if (release_marker(line) != RELEASE_MARK_NONE || paragraph_at(w, j, j + 1) ||
	    wrapped_prose(w, j) || long_sentence(line) || sentence_alone(w, j, a) ||
	    heading_over_list(w, j))
		return HEAD_BODY;
	/* more than eight lines are no contact block: nine say so */
	size_t e = block_end(w, a);
	char *block = join_lines(w, a, e - a > 9 ? a + 9 : e, "\n");
	bool contact = contacts_block_like(block);
	free(block);
	*name = "the contacts";
	if (contact)
		return HEAD_PART;
	if (release_dateline(line, w->t, &d)) {
		*name = d.body ? "the dateline and the body" : "the date";
		return d.body ? HEAD_BODY : HEAD_DATE;
	}
	*name = "a label";
	if (release_is_label(line))
		return HEAD_PART;
	*name = "the release line";
	if (release_line_at(w, j, &st))
		return HEAD_PART;
	*name = "the contacts";
	if (contacts_at(w, j))
		return HEAD_PART;
	*name = "the date";
	if (release_date_line(line, w->t))
		return HEAD_DATE;
	*name = NULL;
	return HEAD_TEXT;
}

/* Choose the headline among the lines from w->i to the body. */
static void pick_headline(struct walk *w)
{
	struct head_line v[HEAD_SCAN] = {{0}};
	char *units[HEAD_SCAN]; /* a headline written over lines, joined */
	size_t n = 0;
	for (size_t j = w->i; j < w->ls->n && n < HEAD_SCAN; j++) {
		v[n].text = w->ls->v[j];
		v[n].kind = head_kind_at(w, j, &v[n].name);
		v[n].unit_end = n + 1;
		v[n].body_after = false;
		units[n] = NULL;
		if (v[n].kind == HEAD_TEXT) {
			size_t e = headline_end(w, j);
			v[n].unit_end = e - w->i;
			if (e > j + 1)
				v[n].text = units[n] = join_lines(w, j, e, " ");
			struct dateline d;
			size_t cut = release_dateline_inside(v[n].text, w->t, &d);
			if (cut) {
				char *head = str_trim_text(xstrndup(v[n].text, cut));
				free(units[n]);
				v[n].text = units[n] = head;
				v[n].body_after = true;
			}
		}
		n++;
	}
	struct headline_pick p;
	release_headline_pick(v, n, &p);
	for (size_t k = 0; k < n; k++)
		free(units[k]);
	w->title_at = w->i + p.best;
	w->title_second = p.second == LAYOUT_NONE ? LAYOUT_NONE : w->i + p.second;
	free(w->title_why);
	w->title_why = p.why;
}

/* Lower case, one blank between words: what two copies of a line share. */
static char *folded(const char *s)
{
	char *k = str_lower(s), *o = k;
	for (const char *p = k; *p; p++)
		if (*p != ' ' && *p != '\t')
			*o++ = *p;
		else if (o > k && o[-1] != ' ')
			*o++ = ' ';
	while (o > k && o[-1] == ' ')
		o--;
	*o = '\0';
	return k;
}

/* The lines from here (over blank lines, four at most) that, run together,
 * are the headline again: "MALAYSIA CONDEMNS ...\n\nAND CALLS UPON ..."
 * under the page's title that holds the whole.  The line after them, or
 * w->i when they are not. */
static size_t copy_end(const struct walk *w)
{
	char *title = folded(w->rel->title);
	struct strbuf sb;
	strbuf_init(&sb);
	size_t end = w->i;
	for (size_t j = w->i, m = 0; j < w->ls->n && m < 4 && sb.len < strlen(title); m++) {
		char *part = folded(w->ls->v[j]);
		strbuf_addf(&sb, "%s%s", sb.len ? " " : "", part);
		free(part);
		j = next_nonblank(w, j + 1);
		if (strcmp(sb.buf, title) == 0)
			end = j;
	}
	free(title);
	strbuf_release(&sb);
	return end;
}

/* One non-blank line of the head.  Returns false when it starts the body. */
static bool walk_head_line(struct walk *w)
{
	struct release *rel = w->rel;
	const char *line = w->ls->v[w->i];
	enum release_status st;
	struct dateline d;
	size_t e;
	if (!w->title_done && release_is_label(line))
		w->i++;
	else if (!w->title_done && !rel->release_line && !rel->dateline &&
	         (e = letterhead_end(w)) > w->i)
		w->i = e;
	else if (!rel->release_line && release_line_at(w, w->i, &st))
		take_release_line(w, st);
	else if (!w->title_done && release_line_at(w, w->i, &st))
		w->i++; /* a second statement above the headline: not the headline */
	else if (contacts_at(w, w->i))
		take_contacts(w);
	else if (!rel->dateline && release_dateline(line, w->t, &d) &&
	         (w->title_done || (d.dated && !d.body)))
		take_dateline(w, &d);
	else if (!w->title_done && w->title_at == LAYOUT_NONE)
		pick_headline(w); /* and come back to this line */
	else if (!w->title_done && w->i < w->title_at)
		w->i++; /* above the headline: a letterhead, a site's name, a code */
	else if (!w->title_done)
		take_headline(w);
	else if (w->title_text && !w->copy_skipped && w->i == next_nonblank(w, w->deck_from) &&
	         (e = copy_end(w)) > w->i) {
		w->i = w->deck_from = e; /* the headline again, split over lines */
		w->copy_skipped = true;
	} else if ((e = subtitle_end(w)) > w->i)
		take_subtitle(w, e);
	else
		return false;
	return true;
}

/* ---- the body ---- */

/* Every line starts with a bullet, a number or a "WHEN:" label: the line
 * breaks are part of the text. */
static bool list_block(const struct walk *w, size_t a, size_t b)
{
	if (b - a < 2)
		return false;
	for (size_t i = a; i < b; i++) {
		const char *s = release_skip_blanks(w->ls->v[i]);
		size_t caps = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ /&");
		size_t num = strspn(s, "0123456789");
		bool bullet = ((s[0] == '-' || s[0] == '*') && s[1] == ' ') ||
		              str_starts_with(s, "\xe2\x80\xa2") ||
		              str_starts_with(s, "\xc2\xb7") || str_starts_with(s, "\xe2\x80\x93 ");
		if (!bullet && !(num > 0 && strchr(".)", s[num])) && !(caps >= 2 && s[caps] == ':'))
			return false;
	}
	return true;
}

/* A paragraph's lines joined by spaces; a heading over it and the lines of
 * a list keep their line breaks.  A markdown body keeps every break: they
 * are CommonMark's to read (a tight list is one block of lines). */
static char *paragraph_text(const struct walk *w, size_t a, size_t e)
{
	if (w->rel->markdown)
		return join_lines(w, a, e, "\n");
	size_t b = a;
	struct strbuf sb;
	strbuf_init(&sb);
	if (e - a >= 2 && release_heading_over(w->ls->v[a], w->ls->v[a + 1])) {
		char *head = join_lines(w, a, a + 1, "");
		strbuf_addf(&sb, "%s\n", head);
		free(head);
		b = a + 1;
	}
	char *rest = join_lines(w, b, e, list_block(w, b, e) ? "\n" : " ");
	strbuf_adds(&sb, rest);
	free(rest);
	return strbuf_detach(&sb, NULL);
}

static void take_paragraph(struct walk *w)
{
	size_t a = w->i, e = block_end(w, a);
	char *text = paragraph_text(w, a, e);
	take_sentence_contacts(w, a, e, text);
	release_push_str(&w->rel->paragraphs, &w->rel->nparagraphs, text);
	span_add(w, &w->paragraphs, a, e - 1);
	w->i = e;
}

static void take_end_section(struct walk *w)
{
	size_t a = w->i, e = block_end(w, a);
	char *text = join_lines(w, a, e, "\n");
	take_sentence_contacts(w, a, e, text);
	release_push_str(&w->rel->end_sections, &w->rel->nend_sections, text);
	span_add(w, &w->end_sections, a, e - 1);
	w->sec = SEC_END;
	w->i = e;
}

/* The URL in a read-more line: at its start, or after a blank, "(" or "<". */
static char *find_url(char *t)
{
	for (char *p = t; *p; p++) {
		if ((p == t || strchr(" (<", p[-1])) &&
		    (str_starts_with_ci(p, "https://") || str_starts_with_ci(p, "http://")))
			return p;
	}
	return NULL;
}

static void add_read_more(struct release *rel, const char *line, int line_no)
{
	char *t = str_trim_text(xstrdup(line));
	if ((t[0] == '-' || t[0] == '*') && t[1] == ' ')
		memmove(t, t + 2, strlen(t + 2) + 1);
	else if (str_starts_with(t, "\xe2\x80\xa2 "))
		memmove(t, t + 4, strlen(t + 4) + 1);
	char *url = find_url(t);
	char *u = url ? xstrndup(url, strcspn(url, " )>")) : NULL;
	if (url == t && rel->nread_more > 0 && !rel->read_more[rel->nread_more - 1].url) {
		rel->read_more[rel->nread_more - 1].url = u;
		free(t);
		return;
	}
	if (url && url > t) {
		/* "Title – https://..." : the text is what stands before the URL,
		 * without the blanks and dashes between them, character by
		 * character ("domē –" keeps its "ē"). */
		*url = '\0';
		size_t n = strlen(t);
		for (;;) {
			if (n > 0 && strchr(" -:(<\t", t[n - 1]))
				n--;
			else if (n >= 3 && (str_starts_with(t + n - 3, "\xe2\x80\x93") ||
			                    str_starts_with(t + n - 3, "\xe2\x80\x94")))
				n -= 3; /* an en or em dash */
			else
				break;
			t[n] = '\0';
		}
	}
	rel->read_more = xrealloc(rel->read_more, (rel->nread_more + 1) * sizeof *rel->read_more);
	struct link *l = &rel->read_more[rel->nread_more++];
	l->text = url == t ? xstrdup(u) : t;
	l->url = u;
	l->line = line_no;
	if (url == t)
		free(t);
}

static void take_read_more(struct walk *w)
{
	size_t a = w->i;
	while (w->i < w->ls->n && !blank_at(w, w->i) &&
	       release_marker(w->ls->v[w->i]) == RELEASE_MARK_NONE) {
		add_read_more(w->rel, w->ls->v[w->i], line_no(w, w->i));
		w->i++;
	}
	span_add(w, &w->read_more, a, w->i - 1);
}

/* Line a alone in its block is a contacts label ("Information:",
 * "Contacts") and the next block reads as a contact. */
static bool contacts_heading(const struct walk *w, size_t a, size_t e)
{
	bool sentence;
	const char *line = w->ls->v[a];
	size_t n = e == a + 1 ? contacts_label(line, &sentence) : 0;
	if (!n || sentence || line[n + strspn(line + n, " \t")])
		return false;
	size_t j = next_nonblank(w, e);
	if (j >= w->ls->n)
		return false;
	char *next = join_lines(w, j, block_end(w, j), "\n");
	bool yes = contacts_block_like(next);
	free(next);
	return yes;
}

static void walk_body_block(struct walk *w)
{
	enum release_marker m = release_marker(w->ls->v[w->i]);
	if (m == RELEASE_MARK_END) {
		w->sec = SEC_END;
		w->i++;
		return;
	}
	if (m == RELEASE_MARK_PAGE && block_end(w, w->i) == w->i + 1) {
		w->i++; /* a page turned in print: not part of the text */
		return;
	}
	/* "For more information:" heads links or contacts: the block says. */
	char *block = join_lines(w, w->i, block_end(w, w->i), "\n");
	/* the last block of the text, short lines ending with a number or
	 * an address, is a sign-off's contact: "Ministry for Foreign
	 * Affairs\nPress Department\nTel.: ..." */
	size_t e = block_end(w, w->i);
	bool last = next_nonblank(w, e) >= w->ls->n && e - w->i >= 2 &&
	            line_has_reach(w->ls->v[e - 1]) && contacts_name_like(w->ls->v[w->i]) &&
	            !table_at(w, w->i, e);
	bool contacts =
	    contacts_block_start(block) ||
	    (m == RELEASE_MARK_NONE && (w->sec == SEC_END || last) && contacts_block_like(block)) ||
	    contacts_heading(w, w->i, e);
	free(block);
	if (contacts) {
		take_contacts(w);
	} else if (m == RELEASE_MARK_READ_MORE) {
		w->sec = SEC_READ_MORE;
		w->i++;
	} else if (m == RELEASE_MARK_SECTION || w->sec == SEC_END) {
		take_end_section(w);
	} else if (w->sec == SEC_READ_MORE) {
		take_read_more(w);
	} else {
		take_paragraph(w);
	}
}

/* ---- the walk ---- */

static void note_spans(struct walk *w)
{
	const struct {
		const char *field;
		const struct span *s;
	} spans[] = {{"title", &w->title},
	             {"subtitle", &w->subtitle},
	             {"release_line", &w->release_line},
	             {"dateline", &w->dateline},
	             {"contacts", &w->contacts},
	             {"paragraphs", &w->paragraphs},
	             {"read_more", &w->read_more},
	             {"end_sections", &w->end_sections}};
	for (size_t i = 0; i < sizeof spans / sizeof spans[0]; i++)
		if (spans[i].s->first)
			release_note_source(w->rel, spans[i].field, spans[i].s->first,
			                    spans[i].s->last);
	if (w->title.first && w->title_why) {
		/* which line, and why the scorer took it */
		const char *at = value_map_get_string(w->rel->sources, "title");
		char *s = xasprintf("%s (%s)", at, w->title_why);
		value_map_set(w->rel->sources, "title", value_new_string_owned(s, strlen(s)));
	}
}

/* A line of text the scorer found nearly as likely a headline as the one
 * it took: the officer should know, and can say with front matter. */
static void warn_second(struct walk *w)
{
	if (!w->title_text || w->title_second == LAYOUT_NONE || w->title_second == w->title_at)
		return;
	char *other = str_trim_text(xstrdup(w->ls->v[w->title_second]));
	/* shown cut to 60 bytes or fewer, at the start of a character */
	size_t len = strlen(other), cut = len;
	if (len > 60) {
		cut = 60;
		while (cut > 0 && ((unsigned char)other[cut] & 0xC0) == 0x80)
			cut--;
	}
	diag_warning(&w->rel->diags, w->rel->path, line_no(w, w->title_second), 1,
	             "if that line is the headline, set title: in the front matter",
	             "line %d (\"%.*s%s\") reads nearly as much like a headline as line %d, "
	             "which was taken",
	             line_no(w, w->title_second), (int)cut, other, cut < len ? "..." : "",
	             line_no(w, w->title_at));
	free(other);
}

void release_layout(struct release *rel, const struct lines *ls, const struct timeparse_opts *t,
                    struct layout *lay)
{
	struct walk w = {.rel = rel,
	                 .ls = ls,
	                 .t = t,
	                 .lay = lay,
	                 .sec = SEC_HEAD,
	                 .title_at = LAYOUT_NONE,
	                 .title_second = LAYOUT_NONE};
	lay->release_first = lay->release_last = lay->dateline = LAYOUT_NONE;
	lay->dateline_len = 0;
	lay->title_line = LAYOUT_NONE;
	lay->release_status = RELEASE_IMMEDIATE;
	lay->first_line = ls->first_line;
	w.title_done = release_from_front(rel, "title");
	if (ls->side)
		take_side_contacts(&w);
	while (w.i < ls->n) {
		if (blank_at(&w, w.i)) {
			w.i++;
			continue;
		}
		if (w.sec == SEC_HEAD && walk_head_line(&w))
			continue;
		if (w.sec == SEC_HEAD)
			w.sec = SEC_BODY;
		walk_body_block(&w);
	}
	contacts_dedupe(rel->contacts, &rel->ncontacts);
	note_spans(&w);
	warn_second(&w);
	free(w.title_why);
	if (w.bad_emails > BAD_EMAILS_SHOWN)
		diag_warning(&rel->diags, rel->path, 0, 0, "correct the addresses",
		             "%zu more contact emails are not valid addresses",
		             w.bad_emails - BAD_EMAILS_SHOWN);
}
