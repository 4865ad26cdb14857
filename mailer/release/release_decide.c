/*
 * release_decide: is the release held, and until when?  (doc/design.md
 * "Never early".)
 *
 * Nothing that states an embargo goes as immediate.  The release is
 * immediate when its front matter says `status: immediate`, or when no
 * statement of an embargo stands anywhere in it (release_statements) — then
 * a release line "For immediate release" or a dateline may still say from
 * when.  Otherwise it is embargoed, and needs one instant that every
 * statement agrees on; a statement the grammar cannot read, one in a
 * language it does not read, and one that says "embargoed" and never until
 * when are refused, unless the front matter's release_at gives the instant
 * (and then no statement may contradict it).  Times in the body that are
 * not embargo statements never give the instant.
 *
 * The outcome is one line for the commands to print before anything else
 * (rel->decision): "HELD until ...", "IMMEDIATE — ..." or "REFUSED — ...".
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "release_int.h"
#include "utf8.h"
#include "util.h"
#include "zones.h"

#define DASH " \xe2\x80\x94 "
#define QUOTE_SHORT 60 /* characters of a sentence quoted in the decision */
#define QUOTE_LONG 200 /* ... and in an error */

/* The ways out a refusal names (issue of the never-early promise). */
#define WAYS_OUT                                                                                   \
	"write the instant in a release line (\"EMBARGOED UNTIL 10:00 BST, 15 August 2023\") "     \
	"or as release_at: in the front matter; if the sentence is not about this release, "       \
	"set status: immediate in the front matter"

struct decide {
	struct release *rel;
	const struct lines *ls;
	const struct layout *lay;
	const struct timeparse_opts *t;
	const struct statement **v; /* the statements, in the order of the text */
	size_t n;
	struct statement synth;          /* a release line no form names */
	const struct statement *chosen;  /* the statement that gave the instant */
	const struct statement *refusal; /* the first statement refused */
	const char *refusal_why;
	size_t errors_before;
};

static int file_line(const struct decide *d, size_t i)
{
	return d->ls->first_line + (int)i;
}

/* "The embargo is 5 pm on Wednesday 17 ..." */
static char *quote_n(const char *s, size_t max)
{
	size_t n = strlen(s), cut = 0, chars = 0;
	while (cut < n && chars < max) {
		cut++;
		while (cut < n && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut++;
		chars++;
	}
	return cut < n ? xasprintf("%.*s...", (int)cut, s) : xstrdup(s);
}

static char *quote(const char *s)
{
	return quote_n(s, QUOTE_LONG);
}

/* "2010-11-17 06:00 UTC" */
static void format_utc(time_t t, char buf[40])
{
	struct zones_wall w;
	zones_epoch_wall(t, &w);
	if (w.sec)
		snprintf(buf, 40, "%04d-%02d-%02d %02d:%02d:%02d UTC", w.year, w.month, w.day,
		         w.hour, w.min, w.sec);
	else
		snprintf(buf, 40, "%04d-%02d-%02d %02d:%02d UTC", w.year, w.month, w.day, w.hour,
		         w.min);
}

/* ---- the release line and the dateline, as before statements ---- */

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

static void use_result(struct release *rel, const struct timeparse_result *r, const char *text,
                       int line_no)
{
	rel->has_instant = true;
	rel->release_at = r->instant;
	rel->utc_offset = r->utc_offset;
	rel->release_text = xstrndup(text + r->start, r->end - r->start);
	rel->zone_rule = r->zone_rule ? xstrdup(r->zone_rule) : NULL;
	rel->year_rule = r->year_rule ? xstrdup(r->year_rule) : NULL;
	rel->release_source = xasprintf("%s:%d", rel->path, line_no);
	release_note_source(rel, "release_at", line_no, line_no);
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
	             "to schedule it, add the time and zone, e.g. \"August 14, 2023, 12:00 "
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

/* An immediate release: from when may it go?  Its release line ("For
 * immediate release: 14 August 2023, 9:00 EDT") or its dateline may say. */
static void immediate_instant(struct release *rel, const struct line_time *rl,
                              const struct line_time *dl)
{
	enum timeparse_status a = rl->r.status, b = dl->r.status;
	if (a == TIMEPARSE_ERROR || b == TIMEPARSE_ERROR)
		return;
	if (a == TIMEPARSE_INSTANT) {
		use_result(rel, &rl->r, rl->text, rl->line_no);
		if (b == TIMEPARSE_INSTANT && dl->r.instant != rl->r.instant)
			warn_disagree(rel, rl, dl, false);
	} else if (b == TIMEPARSE_INSTANT && (a != TIMEPARSE_DATE_ONLY || same_date(rl, dl))) {
		use_result(rel, &dl->r, dl->text, dl->line_no);
	} else if (b == TIMEPARSE_INSTANT) {
		set_date(rel, rl);
		warn_disagree(rel, rl, dl, true);
	} else if (a == TIMEPARSE_DATE_ONLY || b == TIMEPARSE_DATE_ONLY) {
		warn_date_only(rel, a == TIMEPARSE_DATE_ONLY ? rl : dl);
	}
}

/* ---- the decision ---- */

static char *statement_where(const struct decide *d, const struct statement *s)
{
	char *q = quote_n(s->sentence, QUOTE_SHORT);
	char *w = xasprintf("line %d: \"%s\"", file_line(d, s->line), q);
	free(q);
	return w;
}

/* "not before 2023-08-14 12:00 UTC (August 14, 2023 08:00 AM EDT, line 3)" */
static char *not_before(const struct release *rel)
{
	if (!rel->has_instant)
		return xstrdup("");
	char utc[40];
	format_utc(rel->release_at, utc);
	const char *colon = rel->release_source ? strrchr(rel->release_source, ':') : NULL;
	return xasprintf("; not before %s (%s%s%s)", utc,
	                 rel->release_text ? rel->release_text : "", colon ? ", line " : "",
	                 colon ? colon + 1 : "");
}

static void decide_immediate(struct decide *d)
{
	struct release *rel = d->rel;
	struct line_time rl = {.what = "release line"}, dl = {.what = "dateline"};
	rel->status = RELEASE_IMMEDIATE;
	if (!rel->has_instant) {
		if (d->lay->release_first != LAYOUT_NONE)
			read_release_line(rel, d->ls, d->lay, d->t, &rl);
		read_line_time(rel, d->ls, d->lay->dateline, d->lay->dateline_len, d->t, &dl);
		immediate_instant(rel, &rl, &dl);
	}
	char *nb = not_before(rel);
	if (d->lay->release_first != LAYOUT_NONE) {
		int n = file_line(d, d->lay->release_first);
		release_note_source(rel, "status", n, n);
		rel->decision =
		    xasprintf("IMMEDIATE" DASH "line %d: \"%s\"%s", n, rel->release_line, nb);
	} else {
		value_map_set_string(rel->sources, "status",
		                     "no release line and no embargo statement: immediate");
		rel->decision = xasprintf(
		    "IMMEDIATE" DASH "no release line and no embargo statement in the text%s", nb);
	}
	free(nb);
	line_time_free(&rl);
	line_time_free(&dl);
}

/* Front matter `status: immediate`: the officer's word, over the text;
 * each statement it overrides is named in a warning. */
static void decide_front_immediate(struct decide *d)
{
	struct release *rel = d->rel;
	for (size_t i = 0; i < d->n; i++) {
		const struct statement *s = d->v[i];
		char *q = quote(s->sentence);
		diag_warning(
		    &rel->diags, rel->path, file_line(d, s->line), s->col,
		    "remove the sentence if it is wrong; journalists read it in the message",
		    "\"%s\" reads as an embargo statement, but status: immediate in the front "
		    "matter sends the release without waiting for it",
		    q);
		free(q);
	}
	char *nb = not_before(rel);
	rel->decision =
	    d->n ? xasprintf("IMMEDIATE" DASH "front matter status: immediate, over %zu embargo "
	                     "statement%s in the text (see the warnings)%s",
	                     d->n, d->n == 1 ? "" : "s", nb)
	         : xasprintf("IMMEDIATE" DASH "front matter status: immediate%s", nb);
	free(nb);
}

static void refuse(struct decide *d, const struct statement *s, const char *why)
{
	if (!d->refusal) {
		d->refusal = s;
		d->refusal_why = why;
	}
}

/* A statement whose time is not read: refused, unless front matter's
 * release_at gives the instant. */
static void unread_statement(struct decide *d, const struct statement *s)
{
	struct release *rel = d->rel;
	char *q = quote(s->sentence);
	int line = file_line(d, s->line);
	bool front = release_from_front(rel, "release_at");
	if (front) {
		diag_warning(&rel->diags, rel->path, line, s->col,
		             "make sure release_at in the front matter is the instant it means",
		             "\"%s\" states an embargo, but its time cannot be read: release_at in "
		             "the front matter gives the instant",
		             q);
	} else if (s->kind == STMT_FOREIGN) {
		diag_error(&rel->diags, EX_DATAERR, rel->path, line, s->col, WAYS_OUT,
		           "\"%s\" states an embargo in a language embargo does not read (it reads "
		           "English, German, French, Spanish, Italian, Dutch and Portuguese)",
		           q);
		refuse(d, s, "an embargo in a language embargo does not read");
	} else if (s->r.status == TIMEPARSE_ERROR) {
		char *hint =
		    xasprintf("%s; or %s", s->r.hint ? s->r.hint : "correct the time", WAYS_OUT);
		diag_error(&rel->diags, EX_DATAERR, rel->path, file_line(d, s->time_line),
		           s->time_col, hint, "embargo statement \"%s\": %s", q, s->r.error);
		free(hint);
		refuse(d, s, "its time cannot be read");
	} else {
		diag_error(&rel->diags, EX_DATAERR, rel->path, line, s->col, WAYS_OUT,
		           "\"%s\" states an embargo but gives no instant that can be read", q);
		refuse(d, s, "an embargo with no instant embargo can read");
	}
	free(q);
}

static void disagree(struct decide *d, const struct statement *a, const struct statement *b)
{
	char ua[32], ub[32];
	timeparse_format_utc(a->r.instant, ua);
	timeparse_format_utc(b->r.instant, ub);
	char *qa = quote(a->sentence), *qb = quote(b->sentence);
	diag_error(&d->rel->diags, EX_DATAERR, d->rel->path, file_line(d, b->line), b->col,
	           "correct one of them: every statement of the embargo must name the same instant",
	           "the embargo statements disagree: line %d (\"%s\") gives %s, line %d (\"%s\") "
	           "gives %s",
	           file_line(d, a->line), qa, ua, file_line(d, b->line), qb, ub);
	free(qa);
	free(qb);
	refuse(d, b, "the embargo statements disagree");
}

/* Front matter's release_at against a statement that gives a time. */
static void check_front_at(struct decide *d, const struct statement *s)
{
	struct release *rel = d->rel;
	if (s->r.instant == rel->release_at)
		return;
	char uf[32], us[32];
	timeparse_format_utc(rel->release_at, uf);
	timeparse_format_utc(s->r.instant, us);
	char *q = quote(s->sentence);
	diag_error(&rel->diags, EX_DATAERR, rel->path, file_line(d, s->line), s->col,
	           "journalists read the text's time in the message: make release_at agree with "
	           "it, or correct the text",
	           "release_at in the front matter (%s) disagrees with line %d: \"%s\" (%s)", uf,
	           file_line(d, s->line), q, us);
	free(q);
	refuse(d, s, "it disagrees with release_at in the front matter");
}

/* A statement with a date and no time: it must fall on the instant's
 * date (in the zone the instant is written in). */
static void check_dated(struct decide *d, const struct statement *s)
{
	struct release *rel = d->rel;
	char *q = quote(s->sentence);
	int line = file_line(d, s->line);
	if (!rel->has_instant) {
		diag_error(&rel->diags, EX_DATAERR, rel->path, line, s->col, WAYS_OUT,
		           "\"%s\" gives a date but no time: the embargo has no instant", q);
		refuse(d, s, "a date without a time");
	} else {
		struct zones_wall w;
		zones_epoch_wall(rel->release_at + rel->utc_offset, &w);
		if (w.year != s->r.year || w.month != s->r.month || w.day != s->r.day) {
			char local[32];
			timeparse_format_local(rel->release_at, rel->utc_offset, local);
			diag_error(&rel->diags, EX_DATAERR, rel->path, line, s->col,
			           "correct one of them: every statement of the embargo must name "
			           "the same day",
			           "\"%s\" gives %04d-%02d-%02d, but the embargo is %s", q,
			           s->r.year, s->r.month, s->r.day, local);
			refuse(d, s, "its date disagrees with the embargo");
		}
	}
	free(q);
}

/* The instant: front matter's release_at, or the statements' one time. */
static void embargo_instant(struct decide *d)
{
	struct release *rel = d->rel;
	bool front = release_from_front(rel, "release_at");
	for (size_t i = 0; i < d->n; i++) {
		const struct statement *s = d->v[i];
		if (s->kind == STMT_UNREADABLE || s->kind == STMT_FOREIGN)
			unread_statement(d, s);
		else if (s->kind == STMT_TIMED && front)
			check_front_at(d, s);
		else if (s->kind == STMT_TIMED && !d->chosen)
			d->chosen = s;
		else if (s->kind == STMT_TIMED && s->r.instant != d->chosen->r.instant)
			disagree(d, d->chosen, s);
	}
	if (d->chosen && !front && !d->refusal) {
		use_result(rel, &d->chosen->r, d->chosen->read, file_line(d, d->chosen->time_line));
	}
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i]->kind == STMT_DATED)
			check_dated(d, d->v[i]);
	if (!rel->has_instant && !d->refusal) {
		const struct statement *s = d->v[0];
		char *q = quote(s->sentence);
		diag_error(&rel->diags, EX_DATAERR, rel->path, file_line(d, s->line), s->col,
		           WAYS_OUT, "\"%s\" says the release is embargoed but not until when", q);
		free(q);
		refuse(d, s, "embargoed, and no instant");
	}
}

/* "For immediate release" and an embargo in the same release. */
static void immediate_and_embargo(struct decide *d)
{
	const struct layout *lay = d->lay;
	if (lay->release_first == LAYOUT_NONE || lay->release_status != RELEASE_IMMEDIATE)
		return;
	const struct statement *s = d->v[0];
	char *q = quote(s->sentence);
	diag_error(&d->rel->diags, EX_DATAERR, d->rel->path, file_line(d, lay->release_first), 1,
	           "remove the one that is wrong; if the embargo sentence is not about this "
	           "release, set status: immediate in the front matter",
	           "the release line says \"%s\", but line %d states an embargo: \"%s\"",
	           d->rel->release_line, file_line(d, s->line), q);
	free(q);
	refuse(d, s, "\"For immediate release\" and an embargo");
}

/* The dateline's time, when it says otherwise, is named in a warning: the
 * embargo statement wins. */
static void dateline_against(struct decide *d)
{
	struct release *rel = d->rel;
	if (!rel->has_instant || d->lay->dateline == LAYOUT_NONE)
		return;
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i]->first <= d->lay->dateline && d->lay->dateline <= d->v[i]->last)
			return;
	struct line_time dl = {.what = "dateline"};
	struct diags quiet;
	diags_init(&quiet);
	struct diags keep = rel->diags;
	rel->diags = quiet;
	read_line_time(rel, d->ls, d->lay->dateline, d->lay->dateline_len, d->t, &dl);
	diags_free(&rel->diags);
	rel->diags = keep;
	if (dl.r.status == TIMEPARSE_INSTANT && dl.r.instant != rel->release_at) {
		char local[32];
		char *b = describe(&dl);
		timeparse_format_local(rel->release_at, rel->utc_offset, local);
		diag_warning(&rel->diags, rel->path, dl.line_no, start_col(&dl),
		             "make the dateline agree with the embargo, or leave the time out of "
		             "the dateline",
		             "the embargo is %s but the dateline gives %s: the embargo wins", local,
		             b);
		free(b);
	}
	line_time_free(&dl);
}

static void held_decision(struct decide *d)
{
	struct release *rel = d->rel;
	if (d->refusal || diags_errors(&rel->diags) > d->errors_before) {
		const struct statement *s = d->refusal ? d->refusal : d->v[0];
		char *w = statement_where(d, s);
		rel->decision =
		    xasprintf("REFUSED" DASH "%s: %s (see the errors)", w,
		              d->refusal_why ? d->refusal_why : "an error in the release");
		free(w);
		return;
	}
	char utc[40];
	format_utc(rel->release_at, utc);
	char *w = d->chosen && !release_from_front(rel, "release_at")
	              ? statement_where(d, d->chosen)
	              : xstrdup("front matter release_at");
	rel->decision = xasprintf("HELD until %s (%s)" DASH "%s", utc,
	                          rel->release_text ? rel->release_text : "", w);
	free(w);
}

static void decide_embargoed(struct decide *d)
{
	struct release *rel = d->rel;
	rel->status = RELEASE_EMBARGOED;
	if (!release_from_front(rel, "status")) {
		int n = file_line(d, d->v[0]->line);
		release_note_source(rel, "status", n, n);
	}
	immediate_and_embargo(d);
	embargo_instant(d);
	dateline_against(d);
	held_decision(d);
}

/* Front matter `status: embargoed` with no statement in the text: only
 * release_at can say until when. */
static void decide_front_embargoed(struct decide *d)
{
	struct release *rel = d->rel;
	if (rel->has_instant) {
		held_decision(d);
		return;
	}
	diag_error(&rel->diags, EX_DATAERR, rel->path, 0, 0,
	           "set release_at: in the front matter, or write the embargo in the text",
	           "the front matter says status: embargoed, but nothing says until when");
	rel->decision = xstrdup("REFUSED" DASH "front matter status: embargoed, and no instant "
	                        "(see the errors)");
}

/* The release line the layout took is embargoed but no form of
 * release_statements is on it ("NOT FOR PUBLICATION" at the top): it is a
 * statement too. */
static bool synthesize_release_line(struct decide *d, const struct statements *st)
{
	const struct layout *lay = d->lay;
	if (lay->release_first == LAYOUT_NONE || lay->release_status != RELEASE_EMBARGOED)
		return false;
	for (size_t i = 0; i < st->n; i++)
		if (st->v[i].first <= lay->release_last && lay->release_first <= st->v[i].last)
			return false;
	struct statement *s = &d->synth;
	memset(s, 0, sizeof *s);
	s->line = s->first = s->time_line = lay->release_first;
	s->last = lay->release_last;
	s->col = s->time_col = 1;
	s->sentence = xstrdup(d->rel->release_line);
	s->read = xstrdup(s->sentence);
	timeparse_scan(s->read, d->t, &s->r);
	s->kind = s->r.status == TIMEPARSE_INSTANT     ? STMT_TIMED
	          : s->r.status == TIMEPARSE_DATE_ONLY ? STMT_DATED
	          : s->r.status == TIMEPARSE_ERROR     ? STMT_UNREADABLE
	                                               : STMT_MENTION;
	return true;
}

static void gather(struct decide *d, const struct statements *st)
{
	bool synth = synthesize_release_line(d, st);
	d->v = xcalloc(st->n + 1, sizeof *d->v);
	size_t i = 0;
	for (; i < st->n && (!synth || st->v[i].line < d->synth.line); i++)
		d->v[d->n++] = &st->v[i];
	if (synth)
		d->v[d->n++] = &d->synth;
	for (; i < st->n; i++)
		d->v[d->n++] = &st->v[i];
}

void release_decide(struct release *rel, const struct lines *ls, const struct layout *lay,
                    const struct timeparse_opts *t, const struct statements *st)
{
	struct decide d = {.rel = rel, .ls = ls, .lay = lay, .t = t};
	d.errors_before = diags_errors(&rel->diags);
	gather(&d, st);
	if (st->too_many)
		diag_error(&rel->diags, EX_DATAERR, rel->path, 0, 0,
		           "a release states its embargo once or twice: check that this is the "
		           "right file",
		           "more than %zu embargo statements: the release is not read further",
		           st->ntriggers);
	bool front_status = release_from_front(rel, "status");
	if (front_status && rel->status == RELEASE_IMMEDIATE)
		decide_front_immediate(&d);
	else if (d.n)
		decide_embargoed(&d);
	else if (front_status)
		decide_front_embargoed(&d);
	else
		decide_immediate(&d);
	if (d.synth.sentence) {
		free(d.synth.sentence);
		free(d.synth.read);
		timeparse_result_free(&d.synth.r);
	}
	free(d.v);
}
