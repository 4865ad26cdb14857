/*
 * release_headline: which line of the head is the headline.  Above it real
 * releases put letterheads, the organisation's name and address, site
 * names, menus and breadcrumbs, document and filing numbers ("EXHIBIT
 * 99.1", "SG/SM/12161"), bulletin names, dates, disclaimers; under it
 * subtitles and highlights.  Each line of text scores by its shape (words,
 * case, final stop, length, what kind of line it is) and by where it
 * stands: in the stack of text blocks right above the body, a date, a
 * dateline or a release line, first in that stack, under a label, the date
 * or the contacts.  Never by the words of one organisation.  Labels glued
 * to the headline ("News Release: ...") are cut by the caller with
 * release_label_prefix.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "contacts.h"
#include "release_int.h"
#include "util.h"

static size_t count_words(const char *s)
{
	size_t n = 0;
	for (const char *p = s; *p; p++)
		n += *p != ' ' && (p == s || p[-1] == ' ');
	return n;
}

static bool has_digit(const char *s)
{
	return strpbrk(s, "0123456789") != NULL;
}

static bool ascii_upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool ascii_lower(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

/* ---- lines that are not headlines ---- */

/* The organisation's name standing alone ("Ministry of Information &
 * Broadcasting", "Supreme Court of Canada / Cour suprême du Canada",
 * "South African Police Service (Pretoria)"): an organisation's word,
 * every other word capitalised, in parentheses or a joining word. */
static bool org_name(const char *s, size_t words)
{
	const char *half = strstr(s, " / ");
	if (half) {
		char *left = xstrndup(s, (size_t)(half - s));
		bool yes = org_name(left, count_words(left));
		free(left);
		if (yes)
			return true;
	}
	if (words > 9 || has_digit(s) || !contacts_org_like(s))
		return false;
	/* The organisation's word ends the name or heads it ("... Electric
	 * Company", "Ministry of ...", "Reserve Bank of Australia"); in
	 * "Example Council Report Goes Out At Noon" it is a headline's word. */
	char *name = xstrdup(s);
	size_t len = strlen(name);
	if (len > 0 && name[len - 1] == ')' && strrchr(name, '('))
		*strrchr(name, '(') = '\0'; /* "(Pretoria)" */
	str_trim(name);
	const char *last = strrchr(name, ' ');
	bool placed = contacts_org_like(last ? last + 1 : name);
	for (char *w = strtok(name, " "), *prev = NULL; w && !placed;
	     prev = w, w = strtok(NULL, " "))
		placed = prev && contacts_org_like(prev) &&
		         (strcmp(w, "of") == 0 || strcmp(w, "for") == 0 || strcmp(w, "de") == 0 ||
		          strcmp(w, "du") == 0 || strcmp(w, "on") == 0);
	free(name);
	if (!placed)
		return false;
	static const char *const small[] = {"of",  "and", "for", "the", "&",  "/",  "-",
	                                    "de",  "du",  "des", "la",  "le", "et", "\xe2\x80\x93",
	                                    "für", "der", "und", "y",   "del"};
	char *copy = xstrdup(s);
	bool ok = true;
	char *save = NULL;
	for (char *w = strtok_r(copy, " ", &save); w && ok; w = strtok_r(NULL, " ", &save)) {
		unsigned char c = (unsigned char)(w[0] == '(' ? w[1] : w[0]);
		bool joining = false;
		for (size_t i = 0; i < sizeof small / sizeof small[0]; i++)
			joining |= strcmp(w, small[i]) == 0;
		ok = joining || ascii_upper(c) || c >= 0x80;
	}
	free(copy);
	return ok;
}

/* A site's section or bulletin name: "News Releases from Region 03",
 * "Press releases and news notes", "Press centre", "Daily News". */
static bool section_name(const char *s, size_t words)
{
	static const char *const names[] = {
	    "news release",   "press release",  "media release",  "newsroom",      "news room",
	    "news centre",    "news center",    "press room",     "press centre",  "press center",
	    "media centre",   "media center",   "press office",   "daily news",    "latest news",
	    "news and media", "media and news", "briefing notes", "press briefing"};
	static const char *const bulletins[] = {"weekly",  "daily",   "bulletin", "newsletter",
	                                        "digest",  "update",  "updates",  "briefing",
	                                        "express", "roundup", "wire"};
	if (words > 6)
		return false;
	char *k = str_lower(s);
	bool yes = false;
	for (size_t i = 0; i < sizeof names / sizeof names[0] && !yes; i++)
		yes = strstr(k, names[i]) == k;
	/* "JapanGov Weekly", "Midday Express": a bulletin's name */
	const char *last = strrchr(k, ' ');
	for (size_t i = 0; i < sizeof bulletins / sizeof bulletins[0] && !yes && last && words <= 3;
	     i++)
		yes = strcmp(last + 1, bulletins[i]) == 0;
	free(k);
	return yes;
}

/* "WHEN: Tuesday ...", "Posted On: ...", "Source: Hong Kong Government",
 * "Tel: ...": a field, not a headline.  A word or two before the colon
 * heads a short value; a field's own name heads any value.  "Kenya: Worst
 * drought in years threatens children" is a headline (a label glued to a
 * headline is cut from it instead). */
static bool field(const char *s)
{
	static const char *const names[] = {
	    "source",      "sources", "date",        "dated",        "posted",     "posted on",
	    "published",   "updated", "last update", "last updated", "when",       "where",
	    "time",        "venue",   "tel",         "phone",        "email",      "e-mail",
	    "contact",     "by",      "author",      "category",     "categories", "tags",
	    "tagged",      "ref",     "reference",   "issued",       "issued by",  "release date",
	    "filed under", "topics",  "subjects",    "location"};
	const char *colon = strchr(s, ':');
	if (!colon || (colon[1] != ' ' && colon[1] != '\0') || release_label_prefix(s) > 0)
		return false;
	char *head = str_trim(xstrndup(s, (size_t)(colon - s)));
	char *k = str_lower(head);
	bool named = false;
	for (size_t i = 0; i < sizeof names / sizeof names[0] && !named; i++)
		named = strcmp(k, names[i]) == 0;
	size_t value = count_words(colon + 1);
	bool yes = named || release_all_caps(head) ? true : count_words(head) <= 2 && value <= 4;
	free(head);
	free(k);
	return yes;
}

/* A banner's line that ends with its button: "Licence needed for work use
 * Learn More". */
static bool button_line(const char *s, size_t words)
{
	static const char *const buttons[] = {" learn more", " read more", " sign up", " subscribe",
	                                      " find out more"};
	for (size_t i = 0; i < sizeof buttons / sizeof buttons[0]; i++) {
		size_t n = strlen(s), m = strlen(buttons[i]);
		if (words <= 12 && n > m && strcasecmp(s + n - m, buttons[i]) == 0)
			return true;
	}
	return false;
}

/* Words of a site's pages, menus and buttons: "Text Size", "Skip to main
 * content", "Print", "Continue reading", "Left navigation", and an image's
 * words ("News Release Banner"). */
static bool site_text(const char *s, size_t words)
{
	static const char *const starts[] = {"skip to",
	                                     "text size",
	                                     "font size",
	                                     "print",
	                                     "share",
	                                     "email this",
	                                     "back to",
	                                     "continue reading",
	                                     "continuer \xc3\xa0 lire",
	                                     "read more",
	                                     "menu",
	                                     "search",
	                                     "home",
	                                     "main navigation",
	                                     "left navigation",
	                                     "navigation",
	                                     "chemin de navigation",
	                                     "additional tools",
	                                     "you are here",
	                                     "to the text of this page",
	                                     "accessibility",
	                                     "image",
	                                     "images",
	                                     "body",
	                                     "photo",
	                                     "close",
	                                     "subscribe",
	                                     "follow us",
	                                     "listen",
	                                     "download",
	                                     "related topics",
	                                     "tagged",
	                                     "sign in",
	                                     "log in",
	                                     "english",
	                                     "français",
	                                     "español",
	                                     "translate",
	                                     "toggle",
	                                     "page content",
	                                     "open in",
	                                     "jump to",
	                                     "go to"};
	/* skip links, often run into the menu after them: "Skip first menu
	 * Skip all menus Canada ..." */
	static const char *const skips[] = {"skip to ",        "skip first ", "skip all ",
	                                    "skip navigation", "skip main",   "skip menu",
	                                    "skip content",    "skip links"};
	for (size_t i = 0; i < sizeof skips / sizeof skips[0]; i++)
		if (str_starts_with_ci(s, skips[i]))
			return true;
	if (button_line(s, words))
		return true;
	/* the words of an image standing for it: "News Release Banner",
	 * "Ministry logo" */
	const char *last = strrchr(s, ' ');
	if (words <= 4 && last &&
	    (strcasecmp(last + 1, "banner") == 0 || strcasecmp(last + 1, "logo") == 0))
		return true;
	if (words > 6)
		return false;
	char *k = str_lower(s);
	size_t n = strlen(k);
	bool yes = n <= 2; /* "x", "|", "»" */
	for (size_t i = 0; i < sizeof starts / sizeof starts[0] && !yes; i++) {
		size_t m = strlen(starts[i]);
		yes = strncmp(k, starts[i], m) == 0 && (k[m] == '\0' || k[m] == ' ' || k[m] == ':');
	}
	free(k);
	return yes;
}

/* "Home / Media / Press Releases", "Home > News > 2023": a breadcrumb, or
 * a menu between bars. */
static bool breadcrumb(const char *s)
{
	static const char *const seps[] = {" / ", " > ", " \xc2\xbb ", " :: ", " \xe2\x80\xba "};
	size_t n = 0, bars = 0;
	for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
		for (const char *p = strstr(s, seps[i]); p; p = strstr(p + 1, seps[i]))
			n++;
	/* "Gordon Campbell | Parliament TV | Parliament Today | ...": a menu */
	for (const char *p = strstr(s, " | "); p; p = strstr(p + 1, " | "))
		bars++;
	return n >= 2 || bars >= 3;
}

/* A code, a number or a date with at most one word beside it:
 * "EXHIBIT 99.1", "13/2019", "ICC-CPI-20161207-PR1263", "7981st Meeting
 * (PM)", "FRIDAY MAY 16. 1975 NO. 516/75": numbers and at most one word
 * ("Results Announced 14 August 2023" is a headline).  Month and day names
 * do not count as words. */
static bool codeish(const char *s)
{
	static const char *const others[] = {"no", "nr", "am", "pm"};
	size_t words = 0, numbers = 0;
	char *copy = str_lower(s);
	char *save = NULL;
	for (char *w = strtok_r(copy, " ,.()[]", &save); w; w = strtok_r(NULL, " ,.()[]", &save)) {
		if (has_digit(w)) {
			numbers++;
			continue;
		}
		size_t letters = 0;
		for (const char *p = w; *p; p++)
			letters += ascii_lower((unsigned char)*p) || (unsigned char)*p >= 0x80;
		bool cal = release_calendar_word(w);
		for (size_t i = 0; i < sizeof others / sizeof others[0] && !cal; i++)
			cal = strcmp(w, others[i]) == 0;
		words += letters >= 2 && !cal;
	}
	free(copy);
	return numbers >= 1 && words <= 1;
}

/* The name of who speaks, written alone under a statement's label: "YB
 * DATO' SERI HISHAMMUDDIN TUN HUSSEIN", "By the Hon. Jane Doe MP", "H.E.
 * Mr. John Roe": an honorific first, a few words. */
static bool speaker_name(const char *s, size_t words)
{
	static const char *const honorifics[] = {
	    "hon",   "hon.",  "honourable", "honorable",  "the",   "rt",
	    "rt.",   "yb",    "yab",        "ybhg",       "dato'", "dato\xe2\x80\x99",
	    "datuk", "datin", "tan",        "sri",        "seri",  "tun",
	    "h.e.",  "his",   "her",        "excellency", "sen.",  "senator",
	    "rep.",  "mr",    "mr.",        "mrs",        "mrs.",  "ms",
	    "ms.",   "dr",    "dr.",        "prof",       "prof.", "professor",
	    "sir",   "dame",  "by"};
	if (words < 2 || words > 9 || has_digit(s))
		return false;
	/* at least the first word, and more words in a row, are honorifics,
	 * or the line says "by" someone */
	char *k = str_lower(s);
	size_t lead = 0;
	for (char *save = NULL, *w = strtok_r(k, " ,", &save); w; w = strtok_r(NULL, " ,", &save)) {
		bool hon = false;
		for (size_t i = 0; i < sizeof honorifics / sizeof honorifics[0] && !hon; i++)
			hon = strcmp(w, honorifics[i]) == 0;
		if (!hon)
			break;
		lead++;
	}
	bool by = str_starts_with(k, "by ");
	free(k);
	return (lead >= 2 || (lead == 1 && by)) && lead < words;
}

/* A job written alone under a speaker's name: "MENTERI LUAR NEGERI",
 * "Minister for Foreign Affairs", "Secretary-General". */
static bool job_line(const char *s, size_t words)
{
	static const char *const jobs[] = {"minister",
	                                   "menteri",
	                                   "secretary",
	                                   "president",
	                                   "chair",
	                                   "chairman",
	                                   "chairperson",
	                                   "governor",
	                                   "mayor",
	                                   "premier",
	                                   "ambassador",
	                                   "spokesperson",
	                                   "director",
	                                   "deputy",
	                                   "chief",
	                                   "commissioner",
	                                   "member of parliament",
	                                   "senator"};
	if (words > 7 || has_digit(s))
		return false;
	for (size_t i = 0; i < sizeof jobs / sizeof jobs[0]; i++)
		if (str_starts_with_ci(s, jobs[i]))
			return true;
	return false;
}

/* A line of site chrome or a code: "(le français suit)", "[Ministry of
 * Foreign Affairs of Japan] [Tuesday, Feb 23, 2016]", "| | News Release
 * |", a web address. */
static bool chrome(const char *s, size_t words)
{
	size_t n = strlen(s);
	if (strchr(s, '|') && (s[0] == '|' || s[n - 1] == '|'))
		return true;
	if ((s[0] == '(' && s[n - 1] == ')') || (s[0] == '[' && s[n - 1] == ']'))
		return true;
	if (str_starts_with_ci(s, "http") || str_starts_with_ci(s, "www."))
		return true;
	return breadcrumb(s) || codeish(s) || site_text(s, words);
}

/* An address or a telephone number (nine digits or more written as
 * numbers are, not "Resolution 2360 (2017)"): contacts, never a headline. */
static bool contact_details(const char *s)
{
	const char *at = strchr(s, '@');
	if (at && at > s && at[-1] != ' ' && at[1] && at[1] != ' ' && strchr(at, '.'))
		return true;
	for (const char *p = s; *p; p++) {
		if (!strchr("0123456789+(", *p) || (p > s && strchr("0123456789", p[-1])))
			continue;
		size_t digits = 0, k = 0;
		while (p[k] && strchr("0123456789 +-().", p[k]))
			digits += p[k++] >= '0' && p[k - 1] <= '9';
		if (digits >= 9)
			return true;
	}
	return false;
}

/* "- item", "* item", "• item", "1. item", "2) item": a list, never a
 * headline. */
static bool bullet(const char *s)
{
	size_t d = strspn(s, "0123456789");
	return ((s[0] == '-' || s[0] == '*') && s[1] == ' ') ||
	       str_starts_with(s, "\xe2\x80\xa2") ||
	       (d > 0 && d <= 2 && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ');
}

/* The line ends a sentence: a full stop after a word in lower case (not
 * "..", not "Inc." or "FPRO."). */
static bool ends_sentence(const char *s, size_t len, size_t words)
{
	return len > 2 && words > 3 && strchr(".!", s[len - 1]) && s[len - 2] != '.' &&
	       (ascii_lower((unsigned char)s[len - 2]) || s[len - 2] == ')');
}

/* ---- the score ---- */

struct shape {
	int score;
	const char * not ; /* why the line is no headline, or NULL */
	size_t words;
	bool cased;  /* in title case or capitals */
	bool twice;  /* written twice, one under the other */
	bool button; /* a banner's line that ends with its button */
};

/* Score of the shape of a line (tenths of nothing in particular). */
static struct shape shape_of(const char *line)
{
	char *s = str_trim_text(xstrdup(line));
	/* "# Headline", "**Headline**": the marks are not the words */
	size_t marks = strspn(s, "#");
	if (marks && s[marks] == ' ')
		memmove(s, s + marks + 1, strlen(s + marks + 1) + 1);
	size_t lead = strspn(s, "*_"), len = strlen(s);
	while (len > lead && strchr("*_", s[len - 1]))
		s[--len] = '\0';
	memmove(s, s + lead, len - lead + 1);
	len = strlen(s);
	size_t words = count_words(s);
	struct shape sh = {0, NULL, words, false, false, false};
	if (words == 0)
		sh.score = -100;
	else if (words == 1)
		sh.score = -20;
	else if (words == 2)
		sh.score = -10;
	else if (words <= 4)
		sh.score = 0;
	else if (words <= 7)
		sh.score = 15;
	else if (words <= 30)
		sh.score = 25;
	else
		sh.score = -25;
	if (len > 250)
		sh.score -= 60;
	sh.cased = release_all_caps(s) || release_title_case(s);
	if (sh.cased)
		sh.score += 15;
	if (len > 0 && s[len - 1] == ':')
		sh.score -= 30;
	else if (ends_sentence(s, len, words)) {
		sh.score -= 35;
		sh.not = "a sentence";
	}
	if (len == 0)
		sh.not = "blank";
	else if (bullet(s))
		sh.not = "a list item";
	else if (section_name(s, words))
		sh.not = "a section or bulletin name";
	else if (field(s))
		sh.not = "a field";
	else if (org_name(s, words))
		sh.not = "the organisation's name";
	else if (chrome(s, words)) {
		sh.not = "site text or a code";
		sh.button = button_line(s, words);
	} else if (contact_details(s))
		sh.not = "contact details";
	else if (speaker_name(s, words))
		sh.not = "a speaker's name";
	if (sh.not &&strcmp(sh.not, "a sentence") != 0)
		sh.score -= 80;
	free(s);
	return sh;
}

/* The next line of v after j that is not blank, n when none. */
static size_t next_nonblank(const struct head_line *v, size_t n, size_t j)
{
	while (j < n && v[j].kind == HEAD_BLANK)
		j++;
	return j;
}

static size_t prev_nonblank(const struct head_line *v, size_t i)
{
	while (i > 0 && v[i - 1].kind == HEAD_BLANK)
		i--;
	return i > 0 ? i - 1 : LAYOUT_NONE;
}

/* The text of line i without blanks at its ends, lower-cased. */
static char *key_of(const struct head_line *v, size_t i)
{
	char *t = str_trim_text(xstrdup(v[i].text));
	char *k = str_lower(t);
	free(t);
	return k;
}

/* The next line of text after the unit that starts at j, or n. */
static size_t next_text(const struct head_line *v, size_t n, size_t j)
{
	size_t k = next_nonblank(v, n, v[j].unit_end);
	return k < n && v[k].kind == HEAD_TEXT ? k : n;
}

/* Line i and another line repeat each other ("Headline | Site name" or
 * "HEADLINE.(PHOTO).#PRESS RELEASE" over "HEADLINE"; "Headline written
 * whole" over "Headline written" and "whole" split by a blank line): the
 * copy that is not the headline is the one with words added that are not
 * its own (a page's title), or the one split apart.  True when i is that
 * copy. */
static bool a_copy(const struct head_line *v, size_t n, size_t i)
{
	char *a = key_of(v, i);
	size_t na = strlen(a);
	bool yes = false;
	for (size_t j = 0; j < n && !yes; j++) {
		if (j == i || v[j].kind != HEAD_TEXT)
			continue;
		char *b = key_of(v, j);
		size_t nb = strlen(b);
		/* the longer starts with the shorter */
		const char *lo = na > nb ? a : b, *sh = na > nb ? b : a;
		size_t nl = na > nb ? na : nb, ns = na > nb ? nb : na;
		size_t shorter = na > nb ? j : i;
		if (ns >= 20 && ns < nl && strncmp(lo, sh, ns) == 0) {
			/* is the rest of the longer the lines after the shorter
			 * (one, or a few over blank lines)? */
			char *rest = str_trim(xstrdup(lo + ns));
			struct strbuf after;
			strbuf_init(&after);
			for (size_t k = next_text(v, n, shorter), m = 0;
			     k < n && m < 4 && after.len < strlen(rest);
			     k = next_text(v, n, k), m++) {
				char *next = key_of(v, k);
				strbuf_addf(&after, "%s%s", after.len ? " " : "", next);
				free(next);
			}
			bool split = *rest && after.len && strcmp(rest, after.buf) == 0;
			yes = split ? shorter == i : shorter != i;

			free(rest);
			strbuf_release(&after);
		}
		free(b);
	}
	free(a);
	return yes;
}

/* Line i holds, word for word, a label written alone below it and another
 * line of text below it: a page's title that runs the head's lines together
 * ("KENYATAAN MEDIA YB DATO' SERI ... KES POSITIF COVID-19 ..." over
 * "KENYATAAN MEDIA", the name, the subject). */
static bool run_together(const struct head_line *v, size_t n, size_t i)
{
	char *line = key_of(v, i);
	bool label = false, text = false;
	for (size_t k = i + 1; k < n && k < i + 16 && v[k].kind != HEAD_BODY; k++) {
		if (v[k].kind == HEAD_BLANK)
			continue;
		char *part = key_of(v, k);
		bool in = strlen(part) >= 4 && strstr(line, part) != NULL;
		free(part);
		label |=
		    in && v[k].kind == HEAD_PART && v[k].name && strcmp(v[k].name, "a label") == 0;
		text |= in && v[k].kind == HEAD_TEXT;
	}
	free(line);
	return label && text;
}

struct scored {
	int score;
	struct shape shape;
	/* what stands around the line, for sources: */
	const char *under, *above;
	bool first, subtitle;
};

/* The end of the window the headline is chosen in: the first line of the
 * body that stands under a line that may be the headline.  Body text above
 * every such line (a site's banner, a notice) is not the body yet. */
static size_t window_end(const struct head_line *v, size_t n, const struct shape *sh)
{
	bool candidate = false;
	for (size_t i = 0; i < n; i++) {
		if (v[i].kind == HEAD_BODY && candidate)
			return i;
		candidate |= v[i].kind == HEAD_TEXT && !sh[i].not ;
		if (candidate && v[i].body_after)
			return i + 1; /* the body starts on its line */
	}
	return n;
}

static void score_line(const struct head_line *v, size_t n, const struct shape *sh, size_t i,
                       struct scored *sc)
{
	sc->shape = sh[i];
	int s = sh[i].score;
	/* the stack: text blocks with only blank lines between them */
	size_t top = i, bottom = v[i].unit_end;
	for (size_t p = prev_nonblank(v, i); p != LAYOUT_NONE && v[p].kind == HEAD_TEXT;
	     p = prev_nonblank(v, p))
		top = p;
	size_t below = next_nonblank(v, n, bottom);
	while (below < n && v[below].kind == HEAD_TEXT)
		below = next_nonblank(v, n, v[below].unit_end);
	/* the first line of text in the stack; a line of one or two words
	 * ("Analysis", "Decision Information", "Image") is a site's section
	 * as often as not: above a line in title case or capitals it does not
	 * stop that line from being the first */
	sc->first = !sh[i].not ;
	for (size_t k = top; k < i && sc->first; k++)
		sc->first = !(v[k].kind == HEAD_TEXT &&
		              !sh[k].not &&(sh[k].words > 2 || sh[i].words <= 2 || !sh[i].cased));
	if (sc->first)
		s += 30;
	/* what stands under the stack: the headline is the first line of the
	 * text right above the body, a date or a release line */
	sc->above = NULL;
	if (v[i].body_after) {
		s += 30;
		sc->above = "its dateline, written after it on its line";
	} else if (below >= n) {
		s -= 30;
	} else if (v[below].kind == HEAD_BODY) {
		s += 30;
		sc->above = v[below].name;
	} else {
		s += 20;
		sc->above = v[below].name;
	}
	size_t j = next_nonblank(v, n, bottom);
	sc->subtitle = j < n && v[j].kind == HEAD_TEXT && sh[j].score > 0;
	if (sc->subtitle)
		s += 5;
	/* what stands right above it */
	size_t p = prev_nonblank(v, i);
	sc->under = NULL;
	if (p != LAYOUT_NONE && (v[p].kind == HEAD_PART || v[p].kind == HEAD_DATE)) {
		s += 15;
		sc->under = v[p].name;
	} else if (p != LAYOUT_NONE && p + 1 == i && v[p].kind == HEAD_TEXT && sh[p].score > 0) {
		s -= 10; /* right under another line of text: a subtitle */
	}
	/* a label further down: this is a letterhead over it */
	for (size_t k = bottom; k < n && v[k].kind != HEAD_BODY; k++)
		if (v[k].kind == HEAD_PART && v[k].name && strcmp(v[k].name, "a label") == 0) {
			s -= 15;
			break;
		}
	if (i == 0)
		s += 5;
	sc->score = s - (int)(i < 30 ? i / 2 : 15);
}

static char *explain(const struct head_line *v, const struct shape *sh, size_t best,
                     const struct scored *sc)
{
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_adds(&sb, "the likeliest headline");
	const char *sep = ": ";
	if (sc->above) {
		strbuf_addf(&sb, "%s%s above %s", sep,
		            sc->first ? "the first line of text" : "a line", sc->above);
		sep = ", ";
	}
	if (sc->subtitle) {
		strbuf_addf(&sb, "%sover a subtitle", sep);
		sep = ", ";
	}
	if (sh[best].twice) {
		strbuf_addf(&sb, "%swritten twice", sep);
		sep = ", ";
	}
	if (sc->under) {
		strbuf_addf(&sb, "%sunder %s", sep, sc->under);
		sep = ", ";
	}
	size_t shown = 0, skipped = 0;
	for (size_t k = 0; k < best; k++) {
		if (v[k].kind != HEAD_TEXT || !sh[k].not )
			continue;
		if (shown < 3) {
			strbuf_addf(&sb, "%s%s", shown ? ", " : "; skipped above it: ", sh[k].not );
			shown++;
		}
		skipped++;
	}
	if (skipped > shown)
		strbuf_addf(&sb, " and %zu more", skipped - shown);
	return strbuf_detach(&sb, NULL);
}

void release_headline_pick(const struct head_line *v, size_t n, struct headline_pick *out)
{
	struct shape *sh = xcalloc(n ? n : 1, sizeof *sh);
	for (size_t i = 0; i < n; i++)
		sh[i] = v[i].kind == HEAD_TEXT ? shape_of(v[i].text)
		                               : (struct shape){-100, NULL, 0, false, false, false};
	/* the lines of a headline written over two are what it is */
	for (size_t i = 0; i < n; i++)
		for (size_t k = i + 1; v[i].kind == HEAD_TEXT && k < v[i].unit_end && k < n; k++)
			sh[k] = sh[i];
	/* lines of a word or two one under another ("Decision Information",
	 * "Decision Content"): a site's menu */
	for (size_t i = 0; i < n; i++) {
		if (v[i].kind != HEAD_TEXT || sh[i].words > 2)
			continue;
		size_t p = prev_nonblank(v, i), q = next_nonblank(v, n, v[i].unit_end);
		if ((p != LAYOUT_NONE && v[p].kind == HEAD_TEXT && sh[p].words <= 2) ||
		    (q < n && v[q].kind == HEAD_TEXT && sh[q].words <= 2)) {
			sh[i].score -= sh[i].not ? 0 : 80;
			if (!sh[i].not )
				sh[i].not = "site text or a code";
		}
	}
	/* a line in one block with a banner's button ("Scoop has an Ethical
	 * Paywall" over "Licence needed for work use Learn More") is the
	 * banner's */
	for (size_t i = 0; i < n; i++) {
		if (v[i].kind != HEAD_TEXT || sh[i].not )
			continue;
		bool banner = false;
		for (size_t k = i; k > 0 && v[k - 1].kind == HEAD_TEXT && !banner; k--)
			banner = sh[k - 1].button;
		for (size_t k = i + 1; k < n && v[k].kind == HEAD_TEXT && !banner; k++)
			banner = sh[k].button;
		if (banner) {
			sh[i].not = "site text or a code";
			sh[i].score -= 80;
		}
	}
	/* a line written twice, one under the other (a page's title and its
	 * heading), is the headline, once */
	for (size_t i = 0; i < n; i++) {
		size_t q = v[i].kind == HEAD_TEXT && !sh[i].not ? next_text(v, n, i) : n;
		if (q >= n || sh[q].not )
			continue;
		char *a = key_of(v, i), *b = key_of(v, q);
		if (strcmp(a, b) == 0) {
			sh[i].score += 30;
			sh[i].twice = true;
			sh[q].not = "a copy of the headline";
			sh[q].score -= 80;
		}
		free(a);
		free(b);
	}
	/* a job under a speaker's name is the speaker's */
	for (size_t i = 0; i < n; i++) {
		size_t q =
		    v[i].kind == HEAD_TEXT && sh[i].not &&strcmp(sh[i].not, "a speaker's name") == 0
		        ? next_nonblank(v, n, v[i].unit_end)
		        : n;
		if (q < n && v[q].kind == HEAD_TEXT &&
		    !sh[q].not &&job_line(v[q].text, sh[q].words)) {
			sh[q].not = "a speaker's job";
			sh[q].score -= 80;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (v[i].kind == HEAD_TEXT &&
		    !sh[i].not &&(a_copy(v, n, i) || run_together(v, n, i))) {
			sh[i].not = "a copy of the headline";
			sh[i].score -= 80;
		}
	size_t end = window_end(v, n, sh);
	size_t best = LAYOUT_NONE, next = LAYOUT_NONE, covered = 0;
	struct scored bs = {0}, cur;
	int ns = -10000;
	for (size_t i = 0; i < end; i++) {
		if (v[i].kind != HEAD_TEXT || i < covered)
			continue; /* a line of a headline written over two */
		covered = v[i].unit_end;
		score_line(v, n, sh, i, &cur);
		if (best == LAYOUT_NONE || cur.score > bs.score) {
			if (best != LAYOUT_NONE) {
				next = best;
				ns = bs.score;
			}
			best = i;
			bs = cur;
		} else if (cur.score > ns) {
			next = i;
			ns = cur.score;
		}
	}
	if (best == LAYOUT_NONE)
		best = 0; /* no line of text: the first line, as the caller found it */
	out->best = best;
	out->second =
	    next != LAYOUT_NONE && ns >= bs.score - 8 && sh[next].score > 0 ? next : LAYOUT_NONE;
	out->why = explain(v, sh, best, &bs);
	free(sh);
}
