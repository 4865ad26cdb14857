/*
 * release_headline: which line of the head is the headline.  Above it real
 * releases put letterheads, the organisation's name and address, site
 * names and breadcrumbs, document and filing numbers ("EXHIBIT 99.1",
 * "SG/SM/12161"), bulletin names, disclaimers; the layout walk skips them
 * when a likelier line follows.  A line scores by its shape (words, case,
 * final stop, length) and by what stands under it (a release line, a date,
 * a dateline or the body), never by the words of one organisation.  Labels
 * glued to the headline ("News Release: ...") are cut by the caller with
 * release_label_prefix.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

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

/* The organisation's name standing alone ("Ministry of Information &
 * Broadcasting", "Supreme Court of Canada / Cour suprême du Canada"): an
 * organisation's word, every other word capitalised or a joining word. */
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
	static const char *const small[] = {"of",  "and", "for", "the", "&", "/",  "-",
	                                    "de",  "du",  "des", "la",  "le", "et", "\xe2\x80\x93",
	                                    "für", "der", "und", "y",   "del"};
	char *copy = xstrdup(s);
	bool ok = true;
	char *save = NULL;
	for (char *w = strtok_r(copy, " ", &save); w && ok; w = strtok_r(NULL, " ", &save)) {
		unsigned char c = (unsigned char)w[0];
		bool joining = false;
		for (size_t i = 0; i < sizeof small / sizeof small[0]; i++)
			joining |= strcmp(w, small[i]) == 0;
		ok = joining || (c >= 'A' && c <= 'Z') || c >= 0x80;
	}
	free(copy);
	return ok;
}

/* A site's section name or breadcrumb: "News Releases from Region 03",
 * "Press releases and news notes". */
static bool section_name(const char *s, size_t words)
{
	static const char *const names[] = {"news release", "press release", "media release",
	                                    "newsroom",     "news centre",   "news center",
	                                    "press room",   "press centre",  "media centre"};
	if (words > 6)
		return false;
	char *k = str_lower(s);
	bool yes = false;
	for (size_t i = 0; i < sizeof names / sizeof names[0] && !yes; i++)
		yes = strstr(k, names[i]) == k;
	free(k);
	return yes;
}

/* "WHEN: Tuesday ...", "Posted On: ...", "Tel: ...": a field, not a
 * headline (a label glued to a headline is cut from it instead). */
static bool field(const char *s)
{
	const char *colon = strchr(s, ':');
	if (!colon || colon[1] != ' ' || release_label_prefix(s) > 0)
		return false;
	char *head = xstrndup(s, (size_t)(colon - s));
	bool yes = count_words(head) <= 2 || release_all_caps(head);
	free(head);
	return yes;
}

/* A line of site chrome or a code: "EXHIBIT 99.1", "Text Size", "(le
 * français suit)", "| | News Release |", a web address. */
static bool chrome(const char *s, size_t words)
{
	size_t n = strlen(s);
	if (strchr(s, '|') || (s[0] == '(' && s[n - 1] == ')'))
		return true;
	if (str_starts_with_ci(s, "http") || str_starts_with_ci(s, "www."))
		return true;
	return words <= 4 && has_digit(s);
}

/* Line j stands right above a release line, a date, a dateline or the
 * body (blank lines aside). */
static bool stands_above(const struct head_line *v, size_t n, size_t j)
{
	size_t k = v[j].unit_end;
	while (k < n && v[k].kind == HEAD_BLANK)
		k++;
	return k < n && v[k].kind != HEAD_TEXT;
}

/* "- item", "* item", "• item": a list, never a headline. */
static bool bullet(const char *s)
{
	return ((s[0] == '-' || s[0] == '*') && s[1] == ' ') || str_starts_with(s, "\xe2\x80\xa2");
}

/* Score of line i (tenths): its shape, then what stands under it. */
static int score(const struct head_line *v, size_t n, size_t i)
{
	char *s = str_trim_text(xstrdup(v[i].text));
	size_t len = strlen(s), words = count_words(s);
	int sc = 0;
	if (words >= 3 && words <= 30)
		sc += 20;
	else if (words == 2)
		sc -= 10;
	else if (words <= 1)
		sc -= 10;
	else
		sc -= 40;
	if (len > 250)
		sc -= 60;
	if (release_all_caps(s) || release_title_case(s))
		sc += 20;
	if (len > 0 && s[len - 1] == ':')
		sc -= 30;
	else if (len > 1 && s[len - 1] == '.' && s[len - 2] >= 'a' && s[len - 2] <= 'z' &&
	         words > 3)
		sc -= 20;
	if (chrome(s, words) || bullet(s) || section_name(s, words) || field(s))
		sc -= 40;
	if (i == 0)
		sc += 30; /* the first line of text, unless a likelier one follows */
	if (org_name(s, words))
		sc -= 30;
	size_t j = v[i].unit_end;
	while (j < n && v[j].kind == HEAD_BLANK)
		j++;
	if (j >= n)
		sc -= 30; /* the last words of the text: a body without a headline */
	else if (v[j].kind == HEAD_PART || v[j].kind == HEAD_DATE || v[j].kind == HEAD_BODY)
		sc += 30;
	else if (v[j].kind == HEAD_TEXT && !bullet(release_skip_blanks(v[j].text)) &&
	         (j == v[i].unit_end || stands_above(v, n, j)))
		sc += 30; /* a subtitle under it */
	else if (v[j].kind == HEAD_TEXT && strlen(v[j].text) > len)
		sc += 10; /* the body's first sentence */
	if (i > 0 && v[i - 1].kind == HEAD_TEXT)
		sc -= 15; /* under another line of text: a subtitle */
	size_t k = i;
	while (k > 0 && v[k - 1].kind == HEAD_BLANK)
		k--;
	if (k > 0 && v[k - 1].kind == HEAD_PART)
		sc += 10;
	free(s);
	return sc - (int)(i < 20 ? i : 20);
}

size_t release_headline_pick(const struct head_line *v, size_t n, size_t *second)
{
	size_t best = 0, next = LAYOUT_NONE, covered = v[0].unit_end;
	int bs = score(v, n, 0), ns = -1000;
	for (size_t i = 1; i < n; i++) {
		if (v[i].kind != HEAD_TEXT || i < covered)
			continue; /* a line of a headline written over two */
		covered = v[i].unit_end;
		int sc = score(v, n, i);
		if (sc > bs) {
			next = best;
			ns = bs;
			best = i;
			bs = sc;
		} else if (sc > ns) {
			next = i;
			ns = sc;
		}
	}
	*second = next != LAYOUT_NONE && ns >= bs - 5 ? next : LAYOUT_NONE;
	return best;
}
