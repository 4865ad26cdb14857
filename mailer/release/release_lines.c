/*
 * release_lines: what one line of a release is — blank, a label ("NEWS
 * RELEASE"), a release line ("EMBARGOED UNTIL ..."), the end of the body
 * ("###", "-ends-"), an end section heading ("Notes to editors", "About
 * ..."), a "Read more:" heading, or a dateline ("WASHINGTON, Aug. 14, 2023
 * /PRNewswire/ -- ...") — for the layout walk in release_layout.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fold.h"
#include "release_int.h"
#include "util.h"

/* ---- characters ---- */

static bool ascii_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool ascii_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Length of a blank at s: ASCII space or tab, or an invisible space word
 * processors leave (U+00A0, U+202F, U+200B, U+FEFF); 0 when none. */
static size_t blank_len(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] == ' ' || u[0] == '\t' || u[0] == '\f' || u[0] == '\v')
		return 1;
	if (u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xAF || u[2] == 0x8B))
		return 3;
	if (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		return 3;
	return 0;
}

const char *release_skip_blanks(const char *s)
{
	for (size_t n; (n = blank_len(s)) > 0;)
		s += n;
	return s;
}

bool release_blank(const char *s)
{
	return *release_skip_blanks(s) == '\0';
}

/* Where the words w (ASCII, any case, one space between words) end at the
 * start of s, when s starts with them and no letter follows; NULL when it
 * does not.  A space of w matches any run of blanks: word processors leave
 * "FOR IMMEDIATE  RELEASE" and no-break spaces. */
static const char *after_words(const char *s, const char *w)
{
	for (; *w; w++) {
		if (*w == ' ') {
			const char *t = release_skip_blanks(s);
			if (t == s)
				return NULL;
			s = t;
		} else if ((*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s) != *w) {
			return NULL;
		} else {
			s++;
		}
	}
	return ascii_alpha((unsigned char)*s) ? NULL : s;
}

static bool starts_word(const char *s, const char *w)
{
	return after_words(s, w) != NULL;
}

/* The line without blanks at the ends, each run of blanks inside it one
 * space, lower-cased (ASCII), and without a final ':' when colon is set.
 * Malloc'd. */
static char *line_key(const char *line, bool colon)
{
	char *t = str_trim_text(xstrdup(line));
	char *k = str_lower(t);
	free(t);
	size_t n = 0;
	for (const char *p = k; *p;) {
		size_t b = blank_len(p);
		if (b) {
			k[n++] = ' ';
			p = release_skip_blanks(p);
		} else {
			k[n++] = *p++;
		}
	}
	k[n] = '\0';
	if (colon && n > 0 && k[n - 1] == ':')
		k[--n] = '\0';
	while (n > 0 && k[n - 1] == ' ')
		k[--n] = '\0';
	return k;
}

static bool in_list(const char *k, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(k, list[i]) == 0)
			return true;
	return false;
}

/* One English table for the heuristics that pass over the words of a date
 * (codes, references, datelines); not timewords, which reads seven
 * languages from ICU and would also pass over "mars" or "mai". */
bool release_calendar_word(const char *k)
{
	static const char *const words[] = {
	    "january", "february",  "march",   "april",    "may",      "june",      "july",
	    "august",  "september", "october", "november", "december", "jan",       "feb",
	    "mar",     "apr",       "jun",     "jul",      "aug",      "sep",       "sept",
	    "oct",     "nov",       "dec",     "monday",   "tuesday",  "wednesday", "thursday",
	    "friday",  "saturday",  "sunday"};
	return in_list(k, words, sizeof words / sizeof words[0]);
}

/* ---- labels and release lines ---- */

static const char *const label_words[] = {
    "news release", "press release", "media release", "media advisory", "news advisory",
    "press advisory", "advisory", "statement", "press statement", "media statement",
    "joint statement", "for the press", "press notice", "media alert", "news alert", "press note",
    "news", "media notice", "photo release", "news update", "news note", "media note",
    "joint news release", "joint press release", "note to correspondents",
    "notice to correspondents",
    /* the same in the other languages releases are written in */
    "communiqu\xc3\xa9 de presse", "communique de presse", "communiqu\xc3\xa9", "pressemitteilung",
    "medienmitteilung", "presseinformation", "comunicado de prensa", "nota de prensa",
    "comunicado de imprensa", "comunicato stampa", "persbericht", "pressmeddelande",
    "pressemelding", "tiedote", "kenyataan media", "kenyataan akhbar", "siaran media",
    "siaran akhbar", "siaran pers"};

static bool label_key(const char *k)
{
	return in_list(k, label_words, sizeof label_words / sizeof label_words[0]);
}

/* "European Commission - Press release", "Press release | Ministry of
 * Example": a label beside a name.  Only the unmistakable labels count
 * here, so that "News – Minister resigns" stays a headline. */
static bool label_beside_name(const char *k)
{
	static const char *const strong[] = {"press release",   "media release",
	                                     "news release",    "media advisory",
	                                     "press statement", "media statement"};
	static const char *const seps[] = {" - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", " | "};
	size_t ns = sizeof strong / sizeof strong[0];
	for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
		const char *s = strstr(k, seps[i]);
		if (!s || strlen(k) > 100)
			continue;
		char *left = xstrndup(k, (size_t)(s - k));
		bool hit = in_list(left, strong, ns) || in_list(s + strlen(seps[i]), strong, ns);
		free(left);
		if (hit)
			return true;
	}
	return false;
}

/* "NOT FOR RELEASE, PUBLICATION OR DISTRIBUTION IN OR INTO THE UNITED
 * STATES ...", "THIS ANNOUNCEMENT IS RESTRICTED AND IT IS NOT FOR RELEASE
 * ... IN OR INTO ...": stock exchange announcements say where they may not
 * go, not when; a notice that heads them like a label.  k is folded. */
static bool jurisdiction_notice(const char *k)
{
	static const char *const starts[] = {"not for release", "not for publication",
	                                     "not for distribution"};
	static const char *const places[] = {" in or into ", " into the united states",
	                                     " in the united states", " into or from ",
	                                     " within the united states"};
	for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
		const char *at = strstr(k, starts[i]);
		if (!at || at - k > 120)
			continue;
		for (size_t j = 0; j < sizeof places / sizeof places[0]; j++)
			if (strstr(at, places[j]))
				return true;
	}
	return false;
}

/* The words of a reference beside a label: a date, a place before it, a
 * number ("Press release: 7 December 2016", "NEWS RELEASE NO. M/46 2 June
 * 1972", "Vienna, 25 September 2006 Press release").  k is folded, without
 * the label. */
static bool reference_words(const char *k)
{
	static const char *const words[] = {"no", "nr", "ref", "number"};
	char *copy = xstrdup(k);
	size_t digits = 0, plain = 0;
	char *save = NULL;
	for (char *w = strtok_r(copy, " ,.:;/()-|", &save); w;
	     w = strtok_r(NULL, " ,.:;/()-|", &save)) {
		bool number = false, known = false;
		for (const char *p = w; *p; p++)
			number |= ascii_digit((unsigned char)*p);
		known =
		    release_calendar_word(w) || in_list(w, words, sizeof words / sizeof words[0]);
		digits += number;
		plain += !number && !known && (unsigned char)w[0] >= 'a';
	}
	free(copy);
	return digits > 0 && plain <= 2;
}

/* A label with a reference before or after it. */
static bool label_with_reference(const char *k)
{
	for (size_t i = 0; i < sizeof label_words / sizeof label_words[0]; i++) {
		size_t n = strlen(label_words[i]), len = strlen(k);
		if (strncmp(k, label_words[i], n) == 0 && !ascii_alpha((unsigned char)k[n]) &&
		    reference_words(k + n))
			return true;
		if (len > n && strcmp(k + len - n, label_words[i]) == 0 &&
		    !ascii_alpha((unsigned char)k[len - n - 1])) {
			char *rest = xstrndup(k, len - n);
			bool yes = reference_words(rest);
			free(rest);
			if (yes)
				return true;
		}
	}
	return false;
}

bool release_is_label(const char *line)
{
	char *k = line_key(line, true);
	char *f = fold_copy(line);
	bool hit = label_key(k) || label_beside_name(k) || jurisdiction_notice(f) ||
	           (strlen(k) <= 80 && label_with_reference(k));
	free(k);
	free(f);
	return hit;
}

/* A document number: "12-428", "No. 18/2018", "N° 18–2018", "SG/SM/12161":
 * its length at s, 0 when none. */
static size_t doc_number(const char *s)
{
	const char *p = s;
	if (str_starts_with_ci(p, "no.") || str_starts_with_ci(p, "no "))
		p = release_skip_blanks(p + 3);
	else if (str_starts_with(p, "N\xc2\xb0") || str_starts_with(p, "N\xc2\xba"))
		p = release_skip_blanks(p + 3);
	const char *q = p;
	size_t digits = 0;
	while (*q && (ascii_digit((unsigned char)*q) || strchr("/-.", *q) ||
	              str_starts_with(q, "\xe2\x80\x93") || (*q >= 'A' && *q <= 'Z'))) {
		digits += ascii_digit((unsigned char)*q);
		q += str_starts_with(q, "\xe2\x80\x93") ? 3 : 1;
	}
	return digits > 0 && (*q == '\0' || *q == ' ' || *q == ':') ? (size_t)(q - s) : 0;
}

static size_t separator_len(const char *q)
{
	if (*q == ':' || *q == '|' || (*q == '-' && q[1] == ' '))
		return 1;
	return str_starts_with(q, "\xe2\x80\x93") || str_starts_with(q, "\xe2\x80\x94") ? 3 : 0;
}

size_t release_label_prefix(const char *s)
{
	static const char *const glued[] = {"news release",    "press release",   "media release",
	                                    "media advisory",  "news advisory",   "media alert",
	                                    "press statement", "media statement", "statement",
	                                    "release",         "advisory"};
	const char *p = release_skip_blanks(s), *rest = NULL;
	bool strong = false;
	for (size_t i = 0; i < sizeof glued / sizeof glued[0] && !rest; i++) {
		rest = after_words(p, glued[i]);
		strong = i < 8;
	}
	const char *q = release_skip_blanks(rest ? rest : p);
	size_t sep = rest ? separator_len(q) : 0;
	q = release_skip_blanks(q + sep);
	size_t num = doc_number(q), sep2 = 0;
	if (num) {
		q = release_skip_blanks(q + num);
		sep2 = separator_len(q);
		q = release_skip_blanks(q + sep2);
	}
	bool cut = rest ? sep > 0 || (num > 0 && sep2 > 0) || (strong && *q >= 'A' && *q <= 'Z')
	                : num > 0 && sep2 > 0;
	return cut && *q ? (size_t)(q - s) : 0;
}

/* "For release: immediately", "FOR RELEASE — IMMEDIATE". */
static bool for_release_now(const char *rest)
{
	rest = release_skip_blanks(rest);
	while (*rest == ':' || *rest == '-' || str_starts_with(rest, "\xe2\x80\x94") ||
	       str_starts_with(rest, "\xe2\x80\x93"))
		rest = release_skip_blanks(rest + (*rest == ':' || *rest == '-' ? 1 : 3));
	return starts_word(rest, "immediate") || starts_word(rest, "immediately");
}

bool release_line_status(const char *line, enum release_status *st)
{
	/* folded: "POUR DIFFUSION IMMÉDIATE" compares as "pour diffusion immediate" */
	static const char *const immediate[] = {
	    "for immediate release", "immediate release", "for release immediately",
	    "release immediately", "for immediate use", "for immediate publication",
	    "for immediate distribution", "for immediate broadcast", "for immediate posting",
	    "for release upon receipt", "for release on receipt", "for use upon receipt",
	    "for use on receipt",
	    /* de fr es it nl pt */
	    "zur sofortigen veroffentlichung", "zur sofortigen freigabe",
	    "sofort zur veroffentlichung", "pour diffusion immediate", "pour publication immediate",
	    "diffusion immediate", "publication immediate", "para publicacion inmediata",
	    "para difusion inmediata", "para su publicacion inmediata",
	    "para su difusion inmediata", "difusion inmediata", "publicacion inmediata",
	    "per la pubblicazione immediata", "per la diffusione immediata",
	    "per diffusione immediata", "per pubblicazione immediata", "diffusione immediata",
	    "voor onmiddellijke publicatie", "voor directe publicatie",
	    "voor onmiddellijke vrijgave", "para divulgacao imediata", "para publicacao imediata",
	    "divulgacao imediata", "publicacao imediata"};
	/* The head's release lines that state an embargo without the word for
	 * it; "EMBARGOED ..." and "FOR RELEASE ..." are found (or, as a topic,
	 * not) by release_statements. */
	static const char *const embargoed[] = {"under embargo",       "under strict embargo",
	                                        "strictly embargoed",  "strictly under embargo",
	                                        "not for publication", "not for release",
	                                        "not for broadcast",   "not for distribution",
	                                        "hold for release",    "for release"};
	if (strlen(line) > 200)
		return false;
	char *k = fold_copy(line);
	const char *s = release_skip_blanks(k);
	while (*s == '*' || *s == '[' || *s == '_' || *s == '#' || *s == '>')
		s = release_skip_blanks(s + 1);
	bool hit = jurisdiction_notice(s);
	if (hit) {
		free(k);
		return false;
	}
	for (size_t i = 0; i < sizeof immediate / sizeof immediate[0] && !hit; i++)
		if (starts_word(s, immediate[i])) {
			*st = RELEASE_IMMEDIATE;
			hit = true;
		}
	for (size_t i = 0; i < sizeof embargoed / sizeof embargoed[0] && !hit; i++) {
		const char *rest = after_words(s, embargoed[i]);
		if (rest) {
			*st = for_release_now(rest) ? RELEASE_IMMEDIATE : RELEASE_EMBARGOED;
			hit = true;
		}
	}
	free(k);
	return hit;
}

/* ---- the end of the body ---- */

/* The word a marker line dresses in punctuation ("- MORE -", "[END]"): k
 * without the bytes of strip at both ends; *n its length. */
static const char *marker_word(const char *k, const char *strip, size_t *n)
{
	while (*k && strchr(strip, *k))
		k++;
	*n = strlen(k);
	while (*n > 0 && strchr(strip, k[*n - 1]))
		(*n)--;
	return k;
}

/* "###", "# # #", "-30-", "ENDS", "-ends-", "– ENDS –", "[END]". */
static bool end_line(const char *k)
{
	size_t hashes = 0, other = 0;
	for (const char *p = k; *p; p++) {
		if (*p == '#')
			hashes++;
		else if (*p != ' ')
			other++;
	}
	if (hashes >= 3 && other == 0)
		return true;
	size_t n;
	const char *a = marker_word(k, "-*_[]()<># \xe2\x80\x93\x94", &n);
	if (n == 4 && strncmp(a, "ends", 4) == 0)
		return true;
	if (n == 3 && strncmp(a, "end", 3) == 0)
		return true;
	return n == 2 && strncmp(a, "30", 2) == 0 && a != k;
}

/* "-more-", "- MORE -", "(more)", "Page 1 of 2", "Page 2/3": where a printed
 * release turned the page, with nothing else on the line (k is line_key's). */
static bool page_line(const char *k)
{
	size_t n;
	const char *a = marker_word(k, "-*_[]()<> \xe2\x80\x93\x94", &n);
	if (n == 4 && strncmp(a, "more", 4) == 0 && a != k)
		return true;
	unsigned p1, p2;
	int used = 0;
	char *copy = xstrndup(a, n);
	bool page = (sscanf(copy, "page %u of %u%n", &p1, &p2, &used) == 2 ||
	             sscanf(copy, "page %u/%u%n", &p1, &p2, &used) == 2) &&
	            (size_t)used == n && p1 >= 1 && p1 <= p2 && p2 <= 99;
	free(copy);
	return page;
}

/* "About Example University", "ABOUT THE COALITION": a heading of at most
 * 80 bytes that names something, not "About 40 per cent of ...". */
static bool about_heading(const char *line)
{
	char *t = str_trim_text(xstrdup(line));
	size_t n = strlen(t);
	bool hit = starts_word(t, "about") && n > 6 && n <= 80 && !strstr(t, ". ");
	if (hit) {
		unsigned char c = (unsigned char)t[6];
		hit = (c >= 'A' && c <= 'Z') || c >= 0x80 || starts_word(t + 6, "the");
	}
	if (hit && t[n - 1] == '.') {
		/* "About Example Corp." ends with an abbreviation, not a sentence. */
		const char *w = strrchr(t, ' ');
		hit = w && strlen(w + 1) <= 5;
	}
	free(t);
	return hit;
}

enum release_marker release_marker(const char *line)
{
	static const char *const read_more[] = {"read more",
	                                        "related",
	                                        "related links",
	                                        "related content",
	                                        "related news",
	                                        "related stories",
	                                        "further reading",
	                                        "see also",
	                                        "more on this",
	                                        "links",
	                                        "for more information",
	                                        "more information",
	                                        "further information",
	                                        "for further information"};
	static const char *const sections[] = {"notes to editors",
	                                       "note to editors",
	                                       "notes for editors",
	                                       "note for editors",
	                                       "editor's note",
	                                       "editor's notes",
	                                       "editors' notes",
	                                       "editors notes",
	                                       "editor\xe2\x80\x99s note",
	                                       "editor\xe2\x80\x99s notes",
	                                       "editors\xe2\x80\x99 notes",
	                                       "background",
	                                       "background information",
	                                       "about this release",
	                                       "fact sheet",
	                                       "quick facts",
	                                       "additional information",
	                                       "media kit",
	                                       "photos",
	                                       "images",
	                                       "multimedia"};
	char *k = line_key(line, true);
	enum release_marker m = RELEASE_MARK_NONE;
	if (in_list(k, read_more, sizeof read_more / sizeof read_more[0]))
		m = RELEASE_MARK_READ_MORE;
	else if (end_line(k))
		m = RELEASE_MARK_END;
	else if (page_line(k))
		m = RELEASE_MARK_PAGE;
	else if (in_list(k, sections, sizeof sections / sizeof sections[0]) || about_heading(line))
		m = RELEASE_MARK_SECTION;
	free(k);
	return m;
}

/* ---- headlines ---- */

/* Letters of the line: how many upper-case, how many lower-case. */
static void count_case(const char *s, int *upper, int *lower)
{
	*upper = *lower = 0;
	for (; *s; s++) {
		if (*s >= 'A' && *s <= 'Z')
			(*upper)++;
		else if (*s >= 'a' && *s <= 'z')
			(*lower)++;
	}
}

bool release_all_caps(const char *s)
{
	int up, low;
	count_case(s, &up, &low);
	return up >= 3 && low == 0;
}

bool release_title_case(const char *s)
{
	int words = 0, caps = 0;
	for (const char *p = s; *p;) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		if (p - w >= 4 && ascii_alpha((unsigned char)*w)) {
			words++;
			caps += *w >= 'A' && *w <= 'Z';
		}
	}
	return words > 0 && caps * 10 >= words * 7;
}

/* The last word of a wrapped line that cannot end a headline. */
bool release_ends_open(const char *s)
{
	static const char *const words[] = {
	    "of", "to",   "for", "and", "in",   "on",   "with",  "the",  "a",    "an",  "at",
	    "by", "from", "as",  "or",  "into", "over", "after", "amid", "than", "its", "their"};
	size_t n = strlen(s);
	if (n > 0 && strchr(",:;&-", s[n - 1]))
		return true;
	const char *w = strrchr(s, ' ');
	w = w ? w + 1 : s;
	char *k = str_lower(w);
	bool hit = in_list(k, words, sizeof words / sizeof words[0]);
	free(k);
	return hit;
}

bool release_headline_continues(const char *first, const char *next)
{
	char *a = str_trim_text(xstrdup(first)), *b = str_trim_text(xstrdup(next));
	size_t na = strlen(a), nb = strlen(b);
	bool yes = false;
	if (na > 0 && nb > 0 && nb <= 160 && !strchr(".!?", a[na - 1])) {
		unsigned char c = (unsigned char)b[0];
		/* "Body", "Image": one word under a headline ends no sentence of
		 * it, nor does "x" under "Skip to main content" */
		if (!strchr(b, ' ') &&
		    ((!release_ends_open(a) && !(c >= 'a' && c <= 'z')) || nb <= 2))
			nb = 0;
		/* Two lines in title case are one headline wrapped when the first
		 * is as long as a wrapped line and the second shorter; a complete
		 * headline over a line in title case has a subtitle under it. */
		yes = nb > 0 && ((release_all_caps(a) && release_all_caps(b)) ||
		                 (c >= 'a' && c <= 'z') || release_ends_open(a) ||
		                 (na >= 45 && na <= 80 && nb < na && release_title_case(a) &&
		                  release_title_case(b) && !release_all_caps(b)));
	}
	free(a);
	free(b);
	return yes;
}

bool release_heading_over(const char *first, const char *next)
{
	char *a = str_trim_text(xstrdup(first)), *b = str_trim_text(xstrdup(next));
	size_t na = strlen(a);
	bool yes = na > 0 && na <= 60 && (strlen(b) > na || strchr("-*", b[0])) &&
	           !strchr(".,;:!?\"'", a[na - 1]) &&
	           (release_title_case(a) || release_all_caps(a)) &&
	           !str_starts_with(a + na - (na >= 3 ? 3 : 0), "\xe2\x80\x9d");
	free(a);
	free(b);
	return yes;
}

/* ---- date lines ---- */

bool release_date_line(const char *line, const struct timeparse_opts *t)
{
	if (strlen(line) > 100)
		return false;
	struct timeparse_result r;
	timeparse_scan(line, t, &r);
	bool dated = r.status == TIMEPARSE_INSTANT || r.status == TIMEPARSE_DATE_ONLY;
	/* it starts with the date: "Results Announced 14 August 2023" is a
	 * headline */
	const char *p = release_skip_blanks(line);
	while (*p == '[' || *p == '(')
		p++;
	dated = dated && r.start <= (size_t)(p - line);
	size_t words = 0;
	if (dated) {
		for (size_t i = 0; line[i]; i++) {
			if (i >= r.start && i < r.end)
				continue;
			if (ascii_alpha((unsigned char)line[i]) &&
			    (i == 0 || line[i - 1] == ' ' || (i == r.end && i > 0)))
				words++;
		}
	}
	timeparse_result_free(&r);
	return dated && words <= 5;
}

/* ---- datelines ---- */

static bool calendar_word(const char *s, size_t n)
{
	static const char *const words[] = {"mon",   "tue",   "tues",    "wed", "thu",
	                                    "thur",  "thurs", "fri",     "sat", "sun",
	                                    "today", "noon",  "midnight"};
	char buf[16];
	size_t j = 0;
	for (size_t i = 0; i < n && j + 1 < sizeof buf; i++)
		if (s[i] != '.')
			buf[j++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	buf[j] = '\0';
	return release_calendar_word(buf) || in_list(buf, words, sizeof words / sizeof words[0]);
}

/* One word of a place before the date: capitalised ("Washington", "D.C.",
 * "NEW", "São") or a small joining word ("upon").  Returns its length, 0 when
 * the word at s is not one (a month or a weekday ends the place). */
static size_t place_word(const char *s)
{
	static const char *const small[] = {"of", "de", "da",   "do",  "del", "la",
	                                    "le", "am", "upon", "sur", "en"};
	size_t n = 0;
	while (s[n] && !strchr(" \t,()/", s[n]))
		n++;
	if (n == 0 || n > 30 || calendar_word(s, n))
		return 0;
	unsigned char c = (unsigned char)s[0];
	if (str_starts_with(s, "\xe2\x80")) /* dashes, quotes: U+2000-U+203F */
		return 0;
	if (!(c >= 'A' && c <= 'Z') && c < 0x80) {
		char w[8] = "";
		if (n < sizeof w) {
			memcpy(w, s, n);
			w[n] = '\0';
		}
		return in_list(w, small, sizeof small / sizeof small[0]) ? n : 0;
	}
	for (size_t i = 1; i < n; i++) {
		unsigned char d = (unsigned char)s[i];
		if (!ascii_alpha(d) && d < 0x80 && !strchr(".'-", d))
			return 0;
	}
	return n;
}

/* The place at the start of s ("WASHINGTON, D.C.,", "SYDNEY, Australia",
 * "RIO DE JANEIRO, Brazil"): its length in bytes and how many words it has.
 * A place is short: each part between commas has at most three words, so
 * that "Council Report Goes Out At Noon Eastern" is no place. */
static size_t place_len(const char *s, int *words)
{
	const char *p = s;
	int part = 0;
	*words = 0;
	while (*words < 6) {
		const char *q = p;
		bool comma = false;
		while (*q == ' ' || *q == ',')
			comma |= *q++ == ',';
		size_t n = place_word(q);
		if (!n)
			break;
		part = comma ? 1 : part + 1;
		if (part > 3) {
			*words = 0;
			return 0;
		}
		p = q + n;
		(*words)++;
	}
	return (size_t)(p - s);
}

/* A date starts at s: a digit, a month or a weekday.  "Noon", "midnight"
 * and "today" start no date: a headline may hold them. */
static bool date_start(const char *s)
{
	s += strspn(s, " ,(");
	if (ascii_digit((unsigned char)*s))
		return true;
	size_t n = strcspn(s, " ,.");
	static const char *const not_dates[] = {"noon", "midnight", "today"};
	for (size_t i = 0; i < sizeof not_dates / sizeof not_dates[0]; i++)
		if (n == strlen(not_dates[i]) && strncasecmp(s, not_dates[i], n) == 0)
			return false;
	return calendar_word(s, n);
}

/* The separator that ends a dateline at p: "--", an em or en dash, a hyphen
 * with a space beside it, or ": " when colon is allowed.  Its length, 0. */
static size_t separator_at(const char *line, const char *p, bool colon)
{
	if (str_starts_with(p, "--"))
		return 2;
	if (str_starts_with(p, "\xe2\x80\x94") || str_starts_with(p, "\xe2\x80\x93"))
		return 3;
	if (*p == '-' && ((p > line && p[-1] == ' ') || p[1] == ' '))
		return 1;
	if (colon && p[0] == ':' && p[1] == ' ')
		return 1;
	return 0;
}

/* A wire tag at p: "/PRNewswire/", "(BUSINESS WIRE)" with no digit inside.
 * Returns its length, 0 when there is none. */
static size_t wire_tag(const char *p)
{
	char close = *p == '/' ? '/' : *p == '(' ? ')' : 0;
	if (!close || !ascii_alpha((unsigned char)p[1]))
		return 0;
	size_t n = 1;
	while (p[n] && p[n] != close && n < 48) {
		if (ascii_digit((unsigned char)p[n]) || (close == '/' && p[n] == ' '))
			return 0;
		n++;
	}
	return p[n] == close ? n + 1 : 0;
}

/* What ends the date part of a dateline: a separator, a wire tag before a
 * separator or the end of the line, or the end of the line itself.  Sets
 * *tag and *sep (lengths, 0 when absent); returns where it starts. */
static const char *date_part_end(const char *line, const char *q, size_t *tag, size_t *sep)
{
	*tag = *sep = 0;
	const char *p = q;
	for (; *p && p - q < 160; p++) {
		if ((*sep = separator_at(line, p, true)) > 0)
			return p;
		size_t t = wire_tag(p);
		const char *after = release_skip_blanks(p + t);
		if (t && (!*after || separator_at(line, after, false))) {
			*tag = t;
			*sep = separator_at(line, after, false);
			return p;
		}
	}
	return *p ? NULL : p;
}

/* The text [a, b) holds nothing but blanks and the punctuation around a
 * date: ", ( ) .". */
static bool only_junk(const char *a, const char *b)
{
	for (; a < b; a++)
		if (!strchr(" ,().\t", *a))
			return false;
	return true;
}

/* A sentence ends inside [a, b): ". " after a lower-case word of four
 * letters or more. */
static bool sentence_inside(const char *a, const char *b)
{
	for (const char *p = a + 4; p + 1 < b; p++)
		if (strchr(".!?", *p) && p[1] == ' ' && p[-1] >= 'a' && p[-1] <= 'z' &&
		    ascii_alpha((unsigned char)p[-4]))
			return true;
	return false;
}

/* Is [q, end) the date (and time) of a dateline?  It must start as a date
 * does (a headline with "noon" or "24 hours" in it is none), and only what
 * the time grammar reads may stand there, with ", ( )" around it. */
static bool date_part(const char *q, const char *end, const struct timeparse_opts *t)
{
	if (end <= q || end - q > 120 || sentence_inside(q, end) || !date_start(q))
		return false;
	char *s = xstrndup(q, (size_t)(end - q));
	struct timeparse_result r;
	timeparse_scan(s, t, &r);
	bool ok = false;
	if (r.status == TIMEPARSE_INSTANT || r.status == TIMEPARSE_DATE_ONLY)
		ok = only_junk(s, s + r.start) && only_junk(s + r.end, s + strlen(s));
	else if (r.status == TIMEPARSE_ERROR)
		ok = true; /* it starts as a date does: the error is the dateline's */
	timeparse_result_free(&r);
	free(s);
	return ok;
}

/* "Date: 14 August 2023", "Issued: ...": a label the date may follow. */
static const char *skip_date_label(const char *p)
{
	static const char *const labels[] = {"release date",    "date",   "dated",
	                                     "issued on",       "issued", "published",
	                                     "publication date"};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		size_t n = strlen(labels[i]);
		if (str_starts_with_ci(p, labels[i]) && p[n] == ':')
			return release_skip_blanks(p + n + 1);
	}
	return p;
}

/* After a dash that follows the place, Business Wire writes its tag:
 * "SAN FRANCISCO--(BUSINESS WIRE)--Example Corp. today ...". */
static const char *wire_after_place(const char *line, const char *p, size_t *len)
{
	size_t t = wire_tag(p);
	size_t s = t ? separator_at(line, p + t, false) : 0;
	if (!s)
		return NULL;
	*len = (size_t)(p + t - line);
	return p + t + s;
}

/* "NEW YORK, NY – August 14, 2023, 9:00 a.m. ET – The ...": the date
 * between two dashes after the place.  Returns where the body starts. */
static const char *date_after_place(const char *line, const struct timeparse_opts *t,
                                    const char *body, size_t *len, struct dateline *d)
{
	size_t tag, sep;
	const char *p = release_skip_blanks(body);
	const char *end = date_part_end(line, p, &tag, &sep);
	if (!end || (!sep && !tag && *end) || only_junk(p, end) || !date_part(p, end, t))
		return body;
	d->dated = true;
	*len = (size_t)(end - line) + tag;
	return *end ? release_skip_blanks(end + tag) + sep : NULL;
}

static void dateline_finish(const char *line, size_t len, const char *body, struct dateline *d)
{
	while (len > 0 && strchr(" ,\t", line[len - 1]))
		len--;
	d->len = len;
	body = body ? release_skip_blanks(body) : NULL;
	d->body = body && *body ? body : NULL;
}

/* "(Washington, DC) - The ...", "(WASHINGTON, D.C., Aug. 14, 2023) -- ...":
 * the place, and maybe its date, in parentheses before a dash.  The
 * parentheses make it a dateline whatever the case of the place; what
 * follows the place inside them must be a date. */
static bool paren_dateline(const char *line, const struct timeparse_opts *t, struct dateline *d)
{
	const char *p = release_skip_blanks(line);
	if (*p != '(')
		return false;
	int words;
	const char *q = p + 1 + place_len(p + 1, &words);
	const char *close = strchr(q, ')');
	if (words == 0 || !close || close - p > 120)
		return false;
	bool dated = !only_junk(q, close);
	if (dated && !date_part(q, close, t))
		return false;
	const char *after = release_skip_blanks(close + 1);
	size_t sep = separator_at(line, after, false);
	if (!sep)
		return false;
	d->placed = true;
	d->dated = dated;
	dateline_finish(line, (size_t)(close + 1 - line), after + sep, d);
	return d->body != NULL;
}

bool release_dateline(const char *line, const struct timeparse_opts *t, struct dateline *d)
{
	memset(d, 0, sizeof *d);
	if (paren_dateline(line, t, d))
		return true;
	memset(d, 0, sizeof *d);
	const char *p = skip_date_label(release_skip_blanks(line));
	int words;
	const char *q = p + place_len(p, &words);
	d->placed = words > 0;
	size_t tag, sep;
	const char *end = date_part_end(line, q, &tag, &sep);
	if (!end)
		return false;
	if (only_junk(q, end)) {
		/* No date: "SYDNEY, Australia — ..." needs a place in capitals, a
		 * dash and the body after it. */
		int up, low;
		char *first = xstrndup(p, strcspn(p, " ,"));
		count_case(first, &up, &low);
		free(first);
		if (!d->placed || low > 0 || up < 2 || (!sep && !tag) || (sep && end[0] == ':'))
			return false;
		size_t len = (size_t)(end - line) + tag;
		const char *body = release_skip_blanks(end + tag) + sep;
		const char *wire = wire_after_place(line, body, &len);
		body = wire ? wire : date_after_place(line, t, body, &len, d);
		dateline_finish(line, len, body, d);
		return d->body != NULL || d->dated;
	}
	/* "LONDON, 14 August 2023", not "Results Announced 14 August 2023" */
	const char *after = release_skip_blanks(q);
	if (d->placed && *after != ',' && *after != '(' && !separator_at(line, after, false))
		return false;
	if (!date_part(q, end, t))
		return false;
	d->dated = true;
	const char *body = *end ? release_skip_blanks(end + tag) + sep : NULL;
	dateline_finish(line, (size_t)(end - line) + tag, body, d);
	return true;
}

/* The place of a dateline written after the headline on the same line is
 * in capitals: no letter in lower case, and two capitals at least. */
static bool caps_place(const char *p, size_t len)
{
	int up = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c >= 'a' && c <= 'z')
			return false;
		up += c >= 'A' && c <= 'Z';
	}
	return up >= 2;
}

/* A place in capitals and its date at p, with the body after them: "OTTAWA,
 * 2010-02-12. THE ...", "LONDON, 14 August 2023 – The ...", "NEW YORK, March
 * 3, 2022 /PRNewswire/ -- ...", or the end of the line.  After a headline
 * a stop may end the date. */
static bool dateline_inside_at(const char *line, const char *p, const struct timeparse_opts *t,
                               struct dateline *d)
{
	int words;
	size_t n = place_len(p, &words);
	if (!words || !caps_place(p, n))
		return false;
	const char *q = p + n;
	if (*q != ',')
		return false;
	q++;
	for (const char *e = q; *e && e - q < 120; e++) {
		size_t sep = separator_at(line, e, false), tag = wire_tag(e);
		if (tag) {
			const char *after = release_skip_blanks(e + tag);
			sep = separator_at(line, after, false);
			if (!sep)
				continue;
			tag = (size_t)(after - e);
		} else if (!sep && !(e[0] == '.' && e[1] == ' ')) {
			continue;
		} else if (!sep) {
			sep = 1;
		}
		if (!date_part(q, e, t) || only_junk(q, e))
			continue;
		const char *body = release_skip_blanks(e + tag + sep);
		if (!*body)
			return false;
		memset(d, 0, sizeof *d);
		d->placed = d->dated = true;
		size_t len = (size_t)(e - p) + (tag ? wire_tag(e) : 0);
		dateline_finish(p, len, body, d);
		return d->body != NULL;
	}
	/* "Headline OTTAWA, 2010-02-12": the dateline ends the line */
	const char *end = q + strlen(q);
	while (end > q && strchr(" .\t", end[-1]))
		end--;
	if (!date_part(q, end, t) || only_junk(q, end))
		return false;
	memset(d, 0, sizeof *d);
	d->placed = d->dated = true;
	dateline_finish(p, (size_t)(end - p), NULL, d);
	return true;
}

/* Words that begin a place of two words ("NEW YORK", "SAN JOSE", "HONG
 * KONG"): in a headline in capitals nothing else tells where the place
 * begins. */
static bool place_first_word(const char *s, size_t n)
{
	static const char *const words[] = {
	    "NEW",       "SAN",    "SANTA", "SAO",   "S\xc3\x83O", "LOS",    "LAS",    "LA",
	    "EL",        "ST.",    "SAINT", "FORT",  "PORT",       "CAPE",   "HONG",   "KUALA",
	    "BUENOS",    "RIO",    "TEL",   "ABU",   "ADDIS",      "DAR",    "PHNOM",  "SALT",
	    "BATON",     "PALO",   "GRAND", "THE",   "MEXICO",     "KANSAS", "QUEBEC", "PANAMA",
	    "GUATEMALA", "KUWAIT", "SRI",   "COSTA", "PUERTO",     "BANDAR", "HO",     "DE"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strlen(words[i]) == n && strncmp(s, words[i], n) == 0)
			return true;
	return false;
}

static bool time_word(const char *s, size_t n)
{
	static const char *const words[] = {"a.m.", "p.m.", "am", "pm", "hrs", "hours", "h"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strlen(words[i]) == n && strncasecmp(s, words[i], n) == 0)
			return true;
	return false;
}

size_t release_dateline_inside(const char *line, const struct timeparse_opts *t, struct dateline *d)
{
	/* The place is in capitals.  After a headline in lower case it starts
	 * at the first word in capitals that begins one.  After a headline in
	 * capitals every word from the headline's last few on begins a place
	 * ("IN APPEAL OTTAWA,"): it is the last word before the comma, or the
	 * last two ("NEW YORK", "MEXICO CITY"). */
	size_t found = 0, before = 0, words = 0, last = 0;
	bool prev_ok = false, before_ok = false;
	struct dateline at, prev_at;
	memset(d, 0, sizeof *d);
	for (const char *p = release_skip_blanks(line); *p; words++) {
		/* not after a stop, nor after a time ("10:00 GMT, 31 January") */
		bool ok = words >= 3 && !strchr(".!?:;", p[-2]) &&
		          !ascii_digit((unsigned char)p[-2]) &&
		          !time_word(line + last, (size_t)(p - 1 - (line + last))) &&
		          dateline_inside_at(line, p, t, &at);
		if (ok) {
			char *head = xstrndup(line, (size_t)(p - line));
			int up, low;
			count_case(head, &up, &low);
			free(head);
			before_ok = prev_ok;
			before = found;
			prev_at = *d;
			found = (size_t)(p - line);
			*d = at;
			if (low > 0)
				return found;
		} else if (prev_ok) {
			break;
		}
		prev_ok = ok;
		last = (size_t)(p - line);
		p += strcspn(p, " ");
		p = release_skip_blanks(p);
	}
	if (found && before_ok) {
		size_t n = strcspn(line + before, " ");
		if (place_first_word(line + before, n) || str_starts_with(line + found, "CITY,")) {
			*d = prev_at;
			return before;
		}
	}
	return found;
}
