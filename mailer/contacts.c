#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "contacts.h"
#include "util.h"

/* ---- characters and words ---- */

/* Length of a space at p: ASCII blank, or the no-break spaces (U+00A0,
 * U+202F) word processors put inside phone numbers; 0 when there is none. */
static size_t space_len(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	if (u[0] == ' ' || u[0] == '\t')
		return 1;
	if (u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0xAF)
		return 3;
	return 0;
}

static bool alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* s starts with word w (ASCII, any case) followed by a non-letter. */
static bool starts_word(const char *s, const char *w)
{
	return str_starts_with_ci(s, w) && !alpha(s[strlen(w)]);
}

/* ---- phones ---- */

/* An extension after a number: "ext. 12", "x12", "extension 12".  Returns
 * the end of it, or NULL when the text is something else. */
static const char *skip_extension(const char *q, const char *end)
{
	static const char *const words[] = {"extension", "ext", "x"};
	size_t i = 0;
	while (i < 3 && !str_starts_with_ci(q, words[i]))
		i++;
	if (i == 3)
		return NULL;
	q += strlen(words[i]);
	if (q < end && *q == '.')
		q++;
	while (q < end && *q == ' ')
		q++;
	if (q == end || !digit(*q))
		return NULL;
	while (q < end && (digit(*q) || *q == ' '))
		q++;
	return q == end ? q : NULL;
}

/* A label after the number: "(202) 555-0131 (office)".  The number loop
 * took the "(" already.  Returns the end, or NULL. */
static const char *skip_suffix_label(const char *q, const char *end)
{
	if (q[-1] != '(')
		return NULL;
	const char *p = q;
	while (p < end && (alpha(*p) || *p == ' ' || *p == '-'))
		p++;
	if (p == q || p - q > 16 || p >= end || *p != ')')
		return NULL;
	for (p++; p < end && *p == ' '; p++)
		;
	return p == end ? p : NULL;
}

/* One number of a phone field, [p, end): an optional label ("Tel:", "(M)",
 * "Out of hours:"), the number (digits, spaces, "+-()."), an optional
 * extension.  Returns how many digits the number has, -1 when it is not one. */
static int phone_part(const char *p, const char *end)
{
	const char *q = p;
	while (q < end && !digit(*q) && *q != '+') {
		if (!alpha(*q) && !strchr(" ().:-", *q) && !space_len(q))
			return -1;
		q += space_len(q) ? space_len(q) : 1;
	}
	if (q - p > 24)
		return -1;
	int digits = 0;
	while (q < end) {
		size_t sl = space_len(q);
		if (sl)
			q += sl;
		else if (digit(*q) || strchr("+-().", *q))
			digits += digit(*q++);
		else
			break;
	}
	if (q < end && !skip_extension(q, end) && !skip_suffix_label(q, end))
		return -1;
	return digits;
}

int contacts_is_phone(const char *s)
{
	size_t len = strlen(s);
	if (len == 0 || len > 80 || strchr(s, '@'))
		return 0;
	int total = 0;
	const char *p = s, *end = s + len;
	while (p < end) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		const char *stop = slash ? slash : end;
		int d = phone_part(p, stop);
		if (d < 0)
			return 0;
		total += d;
		p = slash ? slash + 1 : end;
	}
	return total >= 7 && total <= 40;
}

/* Words that label a phone number and stay with it ("Tel: ...", "(M) ..."). */
static bool phone_label_known(const char *label, size_t n)
{
	static const char *const known[] = {"tel",         "tel.",
	                                    "telephone",   "phone",
	                                    "ph",          "ph.",
	                                    "t",           "m",
	                                    "o",           "c",
	                                    "w",           "h",
	                                    "mobile",      "mob",
	                                    "mob.",        "cell",
	                                    "cellphone",   "office",
	                                    "direct",      "direct line",
	                                    "fax",         "main",
	                                    "desk",        "landline",
	                                    "switchboard", "out of hours",
	                                    "after hours", "24 hours",
	                                    "whatsapp",    "signal",
	                                    "work",        "home"};
	char buf[32];
	size_t j = 0;
	for (size_t i = 0; i < n && j + 1 < sizeof buf; i++)
		if (!strchr("():", label[i]))
			buf[j++] = (char)tolower((unsigned char)label[i]);
	buf[j] = '\0';
	char *t = str_trim(buf);
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strcmp(t, known[i]) == 0)
			return true;
	return false;
}

/* ---- the fields of a contact ---- */

struct cparse {
	struct contact **v;
	size_t *n;
	size_t first;  /* contacts before this index were there already */
	bool closed;   /* a blank line ended the current contact */
	bool sentence; /* "For more information, contact Jane Doe at ..." */
};

static struct contact *current(const struct cparse *cp)
{
	return *cp->n > cp->first && !cp->closed ? &(*cp->v)[*cp->n - 1] : NULL;
}

struct contact *contacts_add(struct contact **v, size_t *n)
{
	if ((*n & (*n - 1)) == 0) /* 0 or a power of two: the array is full */
		*v = xrealloc(*v, (*n ? 2 * *n : 1) * sizeof **v);
	struct contact *c = &(*v)[(*n)++];
	memset(c, 0, sizeof *c);
	return c;
}

static struct contact *contact_new(struct cparse *cp)
{
	struct contact *c = contacts_add(cp->v, cp->n);
	cp->closed = false;
	return c;
}

/* Several phones (or emails) of one contact are joined by ", ", the way the
 * one-line layout writes them (render.c splits them again).  A field that
 * would grow past FIELD_MAX bytes takes no more (returns false): the caller
 * starts another contact, so that nothing is dropped and a block of a
 * thousand commas stays linear. */
#define FIELD_MAX 512

static bool append_field(char **field, const char *s)
{
	if (!*field) {
		*field = xstrdup(s);
		return true;
	}
	if (strlen(*field) + strlen(s) > FIELD_MAX)
		return false;
	char *joined = xasprintf("%s, %s", *field, s);
	free(*field);
	*field = joined;
	return true;
}

static bool has_word_ci(const char *s, const char *const *words, size_t n)
{
	for (const char *p = s; *p; p++) {
		if (p != s && alpha(p[-1]))
			continue;
		for (size_t i = 0; i < n; i++)
			if (starts_word(p, words[i]))
				return true;
	}
	return false;
}

/* "Example University", "Ministry of Example": an organisation, not a job. */
static bool org_like(const char *s)
{
	static const char *const words[] = {
	    "university", "ministry",     "department",   "inc",        "ltd",         "llc",
	    "plc",        "corp",         "corporation",  "foundation", "institute",   "agency",
	    "commission", "council",      "association",  "society",    "trust",       "group",
	    "company",    "organisation", "organization", "bureau",     "centre",      "center",
	    "college",    "school",       "hospital",     "embassy",    "government",  "authority",
	    "project",    "network",      "coalition",    "alliance",   "federation",  "union",
	    "committee",  "fund",         "bank",         "board",      "gmbh",        "limited",
	    "partners",   "campaign",     "museum",       "laboratory", "observatory", "office"};
	return has_word_ci(s, words, sizeof words / sizeof words[0]);
}

static bool job_like(const char *s)
{
	static const char *const words[] = {
	    "director",   "manager",      "officer",   "secretary", "head",        "spokesperson",
	    "spokesman",  "spokeswoman",  "adviser",   "advisor",   "coordinator", "co-ordinator",
	    "specialist", "lead",         "chief",     "president", "vp",          "editor",
	    "associate",  "assistant",    "executive", "press",     "media",       "communications",
	    "relations",  "counsel",      "professor", "analyst",   "consultant",  "representative",
	    "strategist", "correspondent"};
	return has_word_ci(s, words, sizeof words / sizeof words[0]);
}

/* Text that is neither phone nor email: a name starts a contact; then a job
 * title and an organisation.  Nothing is dropped: what comes after both is
 * added to the organisation. */
static void take_text(struct cparse *cp, const char *tok)
{
	struct contact *c = current(cp);
	bool web =
	    str_starts_with_ci(tok, "http") || str_starts_with_ci(tok, "www.") || tok[0] == '@';
	if (c && web && append_field(&c->org, tok)) {
		return;
	} else if (!c || c->phone || c->email || web) {
		contact_new(cp)->name = xstrdup(tok);
	} else if (!c->name) {
		c->name = xstrdup(tok);
	} else if (!c->org && org_like(tok) && !job_like(tok)) {
		c->org = xstrdup(tok);
	} else if (!c->title) {
		c->title = xstrdup(tok);
	} else if (!append_field(&c->org, tok)) {
		contact_new(cp)->name = xstrdup(tok);
	}
}

/* The number after a name: "202-555-0100)" of "Jane Doe (202-555-0100)"
 * loses the parenthesis that closed around it (one that closes an area
 * code, "(202) 555-0100", has its opening one). */
static char *phone_after_name(const char *s)
{
	char *phone = xstrdup(s);
	size_t n = strlen(phone);
	if (n > 0 && phone[n - 1] == ')' && !strchr(phone, '('))
		phone[--n] = '\0';
	return str_trim(phone);
}

/* "Press office: 020 7946 0000" starts a contact named "Press office",
 * "Jane Doe (202-555-0100)" one named "Jane Doe"; "Tel: ..." and "(M) ..."
 * keep their label with the number. */
static void take_phone(struct cparse *cp, const char *tok)
{
	struct contact *c = current(cp);
	size_t lab = 0;
	while (tok[lab] && !digit(tok[lab]) && tok[lab] != '+')
		lab++;
	if (lab > 0 && tok[lab - 1] == '(') {
		/* "Jane Doe (202) 555-0100": the parenthesis opens an area code */
		const char *close = strchr(tok + lab, ')');
		if (close && close[1] != '\0')
			lab--;
	}
	if (lab > 0 && !phone_label_known(tok, lab) && (!c || c->phone || c->email)) {
		char *name = str_trim(xstrndup(tok, lab));
		size_t n = strlen(name);
		while (n > 0 && strchr(":-( ", name[n - 1]))
			name[--n] = '\0';
		c = contact_new(cp);
		c->name = name;
		c->phone = phone_after_name(tok + lab);
		return;
	}
	if (!c || !append_field(&c->phone, tok))
		contact_new(cp)->phone = xstrdup(tok);
}

static void take_email(struct cparse *cp, const char *addr)
{
	struct contact *c = current(cp);
	if (!c || !append_field(&c->email, addr))
		contact_new(cp)->email = xstrdup(addr);
}

/* ---- tokens ---- */

/* Words in front of an email or phone that only say what it is. */
static const char *strip_lead_words(const char *s)
{
	static const char *const lead[] = {
	    "by emailing", "by email", "by phone", "by calling", "emailing", "e-mail",
	    "email",       "mail",     "e",        "calling",    "call",     "telephone",
	    "phone",       "on",       "at",       "via",        "or"};
	for (bool again = true; again;) {
		again = false;
		for (size_t i = 0; i < sizeof lead / sizeof lead[0]; i++) {
			size_t n = strlen(lead[i]);
			if (str_starts_with_ci(s, lead[i]) && strchr(" :", s[n])) {
				s += n;
				while (*s == ' ' || *s == ':')
					s++;
				again = true;
			}
		}
	}
	return s;
}

/* The address in a token with an '@' ("Email: a@example.org",
 * "Jane Doe <a@example.org>"); what stands before it, other than a label, is
 * text of its own (a name).  Returns false when the token has no address. */
static bool take_with_email(struct cparse *cp, const char *tok)
{
	const char *at = strchr(tok, '@');
	if (!at || at == tok)
		return false;
	const char *a = at, *b = at;
	while (a > tok && !strchr(" \t<(:", a[-1]))
		a--;
	while (*b && !strchr(" \t>),;", *b))
		b++;
	char *addr = xstrndup(a, (size_t)(b - a));
	size_t n = strlen(addr);
	while (n > 0 && strchr(".", addr[n - 1]))
		addr[--n] = '\0';
	if (a == at) { /* "@handle": not an address */
		free(addr);
		return false;
	}
	char *before = str_trim(xstrndup(tok, (size_t)(a - tok)));
	n = strlen(before);
	while (n > 0 && strchr("<(:-", before[n - 1]))
		before[--n] = '\0';
	const char *rest = strip_lead_words(str_trim(before));
	if (*rest)
		take_text(cp, rest);
	take_email(cp, addr);
	free(before);
	free(addr);
	return true;
}

static void take_token(struct cparse *cp, char *tok)
{
	str_trim(tok);
	size_t n = strlen(tok);
	if (cp->sentence)
		while (n > 0 && strchr(".;", tok[n - 1]))
			tok[--n] = '\0';
	const char *t = cp->sentence ? strip_lead_words(tok) : tok;
	if (!*t)
		return;
	if (contacts_is_phone(t))
		take_phone(cp, t);
	else if (!take_with_email(cp, t))
		take_text(cp, t);
}

/* A line holds several fields when it has a phone, an address or a '|', or
 * when it opens a contact ("Jane Doe, Director, Example Org"); otherwise a
 * comma belongs to the field ("Senior Manager, Corporate Communications"). */
static bool line_splits(const struct cparse *cp, const char *line)
{
	if (cp->sentence || strpbrk(line, "@|;"))
		return true;
	int digits = 0;
	for (const char *p = line; *p; p++)
		digits += digit(*p);
	const struct contact *c = current(cp);
	return digits >= 7 || !c || c->phone || c->email;
}

/* Cut at the first separator: ',', '|', ';' and, in a sentence, " or ",
 * " at ", " on ".  Returns the rest (NULL at the end). */
static char *cut_token(const struct cparse *cp, char *s)
{
	static const char *const words[] = {" or ", " at ", " on "};
	for (char *p = s; *p; p++) {
		if (strchr(",|;", *p)) {
			*p = '\0';
			return p + 1;
		}
		for (size_t i = 0; cp->sentence && *p == ' ' && i < 3; i++) {
			if (strncmp(p, words[i], 4) == 0) {
				*p = '\0';
				return p + 4;
			}
		}
	}
	return NULL;
}

/* "Example Cloud Press\nNoah Feld, +1 202 555 0120": a line that gives a
 * name and a phone under a line that gave only a name.  The first line
 * named the team the person belongs to. */
static void name_with_reach(struct cparse *cp, const char *line)
{
	struct contact *c = current(cp);
	size_t n = strcspn(line, ",|;");
	if (!c || !c->name || c->title || c->org || c->phone || c->email || !line[n])
		return;
	char *first = str_trim(xstrndup(line, n));
	char *rest = str_trim(xstrdup(line + n + 1));
	if (*first && !strchr(first, '@') && !contacts_is_phone(first) && !job_like(first) &&
	    !org_like(first) && (strchr(rest, '@') || contacts_is_phone(strip_lead_words(rest)))) {
		c->org = c->name;
		c->name = NULL;
	}
	free(first);
	free(rest);
}

static void parse_line(struct cparse *cp, char *line)
{
	if (!line_splits(cp, line)) {
		take_token(cp, line);
		return;
	}
	if (!cp->sentence)
		name_with_reach(cp, line);
	for (char *p = line; p;) {
		char *next = cut_token(cp, p);
		take_token(cp, p);
		p = next;
	}
}

/* ---- labels ---- */

static const char *const labels[] = {"for further information",
                                     "for more information",
                                     "further information",
                                     "more information",
                                     "for media enquiries",
                                     "for media inquiries",
                                     "for media queries",
                                     "for press enquiries",
                                     "for press inquiries",
                                     "for interviews",
                                     "media contact information",
                                     "contact information",
                                     "contact info",
                                     "contact details",
                                     "media contacts",
                                     "media contact",
                                     "press contacts",
                                     "press contact",
                                     "media enquiries",
                                     "media inquiries",
                                     "media queries",
                                     "press enquiries",
                                     "press inquiries",
                                     "press queries",
                                     "contacts",
                                     "contact",
                                     "enquiries",
                                     "inquiries",
                                     "media information"};

/* Offices named before a colon: the name of a contact, not a label. */
static const char *const offices[] = {
    "press office",    "media office", "news office", "communications office",
    "media relations", "press team",   "media team",  "newsroom"};

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* The line gives an address or seven digits. */
static bool line_reach(const char *s)
{
	int digits = 0;
	for (const char *p = s; *p; p++)
		digits += digit(*p);
	return digits >= 7 || strchr(s, '@');
}

size_t contacts_label(const char *line, bool *sentence)
{
	const char *s = skip_blanks(line);
	*sentence = false;
	size_t i = 0, n = sizeof labels / sizeof labels[0];
	while (i < n && !starts_word(s, labels[i]))
		i++;
	if (i == n)
		return 0;
	const char *p = skip_blanks(s + strlen(labels[i]));
	bool noun = strstr(labels[i], "contact") != NULL;
	bool verb = strcmp(labels[i], "contact") == 0;
	if (*p == ',' || *p == '-')
		p = skip_blanks(p + 1);
	if (starts_word(p, "please"))
		p = skip_blanks(p + 6);
	if (!noun && starts_word(p, "contact")) {
		p = skip_blanks(p + 7);
		verb = true;
	}
	if (*p == ':')
		return (size_t)(skip_blanks(p + 1) - line);
	if (*p == '\0')
		return (size_t)(p - line);
	/* Running text after the label: a sentence when it says "contact"
	 * ("contact Jane Doe at ..."); after "Media contact" without a colon,
	 * the contact itself when the line gives a phone or an address. */
	*sentence = verb;
	if (verb || (noun && line_reach(p)))
		return (size_t)(p - line);
	return 0;
}

static bool office_line(const char *line)
{
	const char *s = skip_blanks(line);
	for (size_t i = 0; i < sizeof offices / sizeof offices[0]; i++) {
		size_t n = strlen(offices[i]);
		if (starts_word(s, offices[i]) && (s[n] == ':' || s[n] == '\0'))
			return true;
	}
	return false;
}

static bool has_reach(const char *block)
{
	char *copy = xstrdup(block);
	bool found = strchr(copy, '@') != NULL;
	char *save = NULL;
	for (char *l = strtok_r(copy, "\n,;|", &save); l && !found;
	     l = strtok_r(NULL, "\n,;|", &save)) {
		found = contacts_is_phone(strip_lead_words(str_trim(l)));
		/* "the press office on 020 7946 0000": a phone is at most 80
		 * bytes, so only the end of a token can be one. */
		char *w = NULL;
		for (char *x = strstr(l, " on "); x; x = strstr(x + 1, " on "))
			w = x;
		if (w && strnlen(w + 4, 82) <= 81)
			found = contacts_is_phone(str_trim(w + 4));
	}
	free(copy);
	return found;
}

bool contacts_block_start(const char *block)
{
	bool sentence;
	if (office_line(block))
		return has_reach(block);
	size_t n = contacts_label(block, &sentence);
	if (!n)
		return false;
	/* "For more information" heads links as often as contacts: without
	 * the word "contact" it needs a phone or an address. */
	char *label = str_lower(block);
	label[n] = '\0';
	bool weak = !strstr(label, "contact") && (strstr(label, "information") != NULL);
	free(label);
	return (!sentence && !weak) || has_reach(block);
}

/* The first field of a contact's first line is a name: no digit, no '@',
 * at most six words. */
static bool name_first(const char *line)
{
	size_t n = strcspn(line, ",|;"), words = 0;
	for (size_t i = 0; i < n; i++) {
		if (digit(line[i]) || line[i] == '@')
			return false;
		words += line[i] != ' ' && (i == 0 || line[i - 1] == ' ');
	}
	return words > 0 && words <= 6;
}

/* A block after the end of the body written as a contact without a label:
 * short lines, a name first, a phone or an address. */
bool contacts_block_like(const char *block)
{
	char *copy = xstrdup(block);
	char *save = NULL;
	size_t lines = 0;
	bool ok = true;
	for (char *l = strtok_r(copy, "\n", &save); l && ok; l = strtok_r(NULL, "\n", &save)) {
		str_trim(l);
		size_t n = strlen(l);
		ok = n > 0 && n <= 100 && ++lines <= 8;
		if (lines == 1)
			ok = ok && name_first(l);
		ok = ok && (strchr(l, '@') || contacts_is_phone(l) || l[n - 1] != '.');
	}
	free(copy);
	return ok && (lines >= 2 || strpbrk(block, ",|;")) && has_reach(block);
}

/* ---- the whole ---- */

size_t contacts_parse(const char *text, struct contact **v, size_t *n)
{
	struct cparse cp = {.v = v, .n = n, .first = *n, .closed = false};
	char *copy = xstrdup(text);
	bool first = true;
	char *line = copy;
	while (line) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		const char *rest = line;
		if (first && *str_trim(line)) {
			rest += contacts_label(line, &cp.sentence);
			first = false;
		}
		char *l = str_trim_text(xstrdup(rest));
		if (*l)
			parse_line(&cp, l);
		else if (!first)
			cp.closed = true;
		free(l);
		line = nl ? nl + 1 : NULL;
	}
	free(copy);
	return *n - cp.first;
}

void contacts_free(struct contact *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].title);
		free(v[i].org);
		free(v[i].phone);
		free(v[i].email);
	}
	free(v);
}
