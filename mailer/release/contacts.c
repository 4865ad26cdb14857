#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* Length of a dash word processors put inside numbers at p (U+2010 to
 * U+2013: hyphen, non-breaking hyphen, figure dash, en dash); 0. */
static size_t dash_len(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	return u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x90 && u[2] <= 0x93 ? 3 : 0;
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
	while (p < end && (alpha(*p) || *p == ' ' || *p == '-' || *p == ',' || *p == '.'))
		p++;
	if (p == q || p - q > 24 || p >= end || *p != ')')
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
		size_t sl = space_len(q) ? space_len(q) : dash_len(q);
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
	/* "Jerry Daly or Carol McCune", "Jonathan Birt / Lanie Marcus": names
	 * that share what follows them; [group, *n) while it is open */
	size_t group;
	size_t *groups; /* pairs first, end of each shared group */
	size_t ngroups;
	char *label; /* a phone label waiting for its number ("Tel:") */
	/* "Media: Jane Roe, ...": the role label of the contacts [role_from,
	 * *n), until a blank line or the next label */
	char *role;
	size_t role_from;
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

const char *const contact_keys[CONTACT_NFIELDS] = {"role", "name",  "title",
                                                   "org",  "phone", "email"};
static const size_t contact_offsets[CONTACT_NFIELDS] = {
    offsetof(struct contact, role),  offsetof(struct contact, name),
    offsetof(struct contact, title), offsetof(struct contact, org),
    offsetof(struct contact, phone), offsetof(struct contact, email)};

char **contact_field(struct contact *c, size_t i)
{
	return (char **)(void *)((char *)c + contact_offsets[i]);
}

const char *contact_value(const struct contact *c, size_t i)
{
	return *(char *const *)(const void *)((const char *)c + contact_offsets[i]);
}

static void contact_clear(struct contact *c)
{
	for (size_t i = 0; i < CONTACT_NFIELDS; i++)
		free(*contact_field(c, i));
}

static struct contact *contact_new(struct cparse *cp)
{
	struct contact *c = contacts_add(cp->v, cp->n);
	cp->closed = false;
	cp->group = *cp->n - 1;
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

static bool job_like(const char *s);

/* An office without a person: "AIUSA media relations", "the press
 * office", "Media Team". */
static bool office_like(const char *s)
{
	static const char *const ends[] = {"media relations",
	                                   "press office",
	                                   "media office",
	                                   "news office",
	                                   "communications office",
	                                   "press team",
	                                   "media team",
	                                   "newsroom",
	                                   "media desk",
	                                   "press desk",
	                                   "news desk",
	                                   "media unit",
	                                   "press service",
	                                   "communications team",
	                                   "public affairs",
	                                   "public relations",
	                                   "corporate communications",
	                                   "communications department",
	                                   "press department"};
	size_t n = strlen(s);
	/* "Daly Gray Public Relations (Media)": what is in brackets after it */
	const char *open = n > 0 && s[n - 1] == ')' ? strrchr(s, '(') : NULL;
	while (open && open > s && open[-1] == ' ')
		open--;
	if (open && open > s)
		n = (size_t)(open - s);
	for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
		size_t m = strlen(ends[i]);
		if (n >= m && strncasecmp(s + n - m, ends[i], m) == 0 &&
		    (n == m || s[n - m - 1] == ' ')) {
			/* "Senior Manager, Corporate Communications" is a job */
			char *before = xstrndup(s, n - m);
			bool job = job_like(before);
			free(before);
			return !job;
		}
	}
	return false;
}

/* The n bytes at w are capitals and stops: an initial or initials ("K",
 * "M.D"). */
static bool ascii_upper_word(const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((w[i] >= 'A' && w[i] <= 'Z') || w[i] == '.'))
			return false;
	return n > 0;
}

/* "Example University", "Ministry of Example": an organisation, not a job. */
static bool org_like(const char *s)
{
	static const char *const words[] = {
	    "university", "ministry", "department", "inc", "ltd", "llc", "plc", "corp",
	    "corporation", "foundation", "institute", "agency", "commission", "council",
	    "association", "society", "trust", "group", "company", "organisation", "organization",
	    "bureau", "centre", "center", "college", "school", "hospital", "embassy", "government",
	    "authority", "project", "network", "coalition", "alliance", "federation", "union",
	    "committee", "fund", "bank", "board", "gmbh", "limited", "partners", "campaign",
	    "museum", "laboratory", "observatory", "office", "court", "newsroom", "desk", "hotline",
	    "helpline", "tribunal", "police", "secretariat", "registry", "unit", "division", "team",
	    "service", "services", "holdings", "programme", "program",
	    /* the same in other languages */
	    "cour", "corte", "gericht", "minist\xc3\xa8re", "ministerio", "ministero",
	    "ministerium", "gouvernement", "gobierno", "regierung", "universit\xc3\xa9",
	    "universidad", "universit\xc3\xa0", "universit\xc3\xa4t", "institut", "instituto",
	    "agence", "agencia", "soci\xc3\xa9t\xc3\xa9", "sociedad"};
	return has_word_ci(s, words, sizeof words / sizeof words[0]);
}

bool contacts_org_like(const char *s)
{
	return org_like(s);
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

/* ---- names ---- */

/* The first words of a line: a name or a name and a job needs no more. */
struct words {
	const char *w[12]; /* pointers into the line */
	size_t len[12];
	size_t n;
};

static void split_words(const char *s, struct words *ws)
{
	size_t n = 0;
	for (const char *p = s; *p && n < 12;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		ws->w[n] = p;
		while (*p && *p != ' ')
			p++;
		ws->len[n] = (size_t)(p - ws->w[n]);
		n++;
	}
	ws->n = n;
}

/* One word of a person's name: "Jane", "O'Neil", "Tan", "R.", "Dr", "van". */
static bool name_word(const char *w, size_t n)
{
	static const char *const small[] = {"de",    "da", "del", "van", "von", "der", "bin",
	                                    "binti", "al", "el",  "la",  "le",  "du",  "dos"};
	unsigned char c = (unsigned char)w[0];
	if (c >= 0x80)
		return true; /* "Éric", "Łukasz" */
	if (c >= 'A' && c <= 'Z') {
		for (size_t i = 1; i < n; i++)
			if (!alpha(w[i]) && !strchr(".'-", w[i]) && (unsigned char)w[i] < 0x80)
				return false;
		return true;
	}
	for (size_t i = 0; i < sizeof small / sizeof small[0]; i++)
		if (strlen(small[i]) == n && strncmp(w, small[i], n) == 0)
			return true;
	return false;
}

/* s reads as a person's name: two to five name words, no digit, neither an
 * organisation nor a job ("Jane Doe", "Ms Tan Li Ling", "Terence R.
 * Montgomery"). */
static bool person_like(const char *s)
{
	struct words ws;
	split_words(s, &ws);
	if (ws.n < 2 || ws.n > 5 || strpbrk(s, "0123456789@:,;|()"))
		return false;
	for (size_t i = 0; i < ws.n; i++)
		if (!name_word(ws.w[i], ws.len[i]))
			return false;
	return !org_like(s) && !job_like(s);
}

bool contacts_name_like(const char *s)
{
	char *t = str_trim(xstrdup(s));
	bool yes = person_like(t) || org_like(t) || office_like(t);
	free(t);
	return yes;
}

/* "MEDIA COMMUNICATIONS Amy Bass ...": a role written in capitals before a
 * name.  Returns where the name starts, or s. */
static const char *skip_caps_role(const char *s)
{
	const char *p = s, *name = s;
	int caps = 0;
	for (;;) {
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		bool upper = p - w >= 2;
		for (const char *q = w; q < p && upper; q++)
			upper = (*q >= 'A' && *q <= 'Z') || *q == '&' || *q == '-';
		if (!upper)
			break;
		caps++;
		while (*p == ' ')
			p++;
		name = p;
	}
	/* "EPA Press Office": the capitals are the office's name */
	return caps > 0 && name[0] >= 'A' && name[0] <= 'Z' && name[1] >= 'a' && name[1] <= 'z' &&
	               !office_like(name) && !org_like(name)
	           ? name
	           : s;
}

static void group_close(struct cparse *cp)
{
	if (*cp->n - cp->group < 2)
		return;
	cp->groups = xrealloc(cp->groups, (cp->ngroups + 2) * sizeof *cp->groups);
	cp->groups[cp->ngroups++] = cp->group;
	cp->groups[cp->ngroups++] = *cp->n;
	cp->group = *cp->n;
}

/* "Jerry Daly or Carol McCune", "Jonathan Birt / Lanie Marcus", "Ed
 * Campion/Malissa Reyes": several people who share the title, phone and
 * address written after them.  Returns false when s is not that. */
static bool take_names(struct cparse *cp, const char *s)
{
	static const char *const seps[] = {" / ", "/", " or ", " and ", " & "};
	for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
		if (!strstr(s, seps[k]))
			continue;
		char *copy = xstrdup(s);
		char *parts[6];
		size_t n = 0;
		bool ok = true;
		for (char *p = copy; p && ok;) {
			char *e = strstr(p, seps[k]);
			if (e)
				*e = '\0';
			if (n == 6)
				ok = false;
			else
				parts[n++] = str_trim(p);
			p = e ? e + strlen(seps[k]) : NULL;
		}
		for (size_t i = 0; i < n && ok; i++)
			ok = person_like(parts[i]);
		if (ok && n >= 2) {
			size_t first = *cp->n;
			for (size_t i = 0; i < n; i++)
				contact_new(cp)->name = xstrdup(parts[i]);
			cp->group = first;
		}
		free(copy);
		if (ok && n >= 2)
			return true;
	}
	return false;
}

/* The first words of s that name a person before a job: "Fred Lash Chief
 * Financial Officer", "Amy Bass Director of Corporate Communications".
 * Returns the length of the name, 0 when s is not that. */
static size_t name_before_job(const char *s)
{
	struct words ws;
	split_words(s, &ws);
	for (size_t k = 2; k <= 4 && k < ws.n; k++) {
		size_t end = (size_t)(ws.w[k - 1] + ws.len[k - 1] - s);
		char *name = xstrndup(s, end);
		bool person = person_like(name);
		free(name);
		if (!person)
			return 0;
		char *word = xstrndup(ws.w[k], ws.len[k]);
		bool job = job_like(word);
		free(word);
		if (job && ws.n - k >= 2)
			return end;
	}
	return 0;
}

/* The first word of s is a job's: "Manager, Media Office", "Head of
 * Communications". */
static bool first_word_job(const char *s)
{
	char *w = xstrndup(s, strcspn(s, " ,"));
	bool yes = job_like(w);
	free(w);
	return yes;
}

/* A contact starts with text: a person (or several sharing a line), a
 * person and a job, or an office without a person, which is kept as the
 * contact's organisation ("EPA Press Office", "Media Relations"). */
static void start_contact(struct cparse *cp, struct contact *c, const char *tok)
{
	const char *s = skip_caps_role(tok);
	if (!c && take_names(cp, s))
		return;
	if (!c)
		c = contact_new(cp);
	size_t n = name_before_job(s);
	if (n) {
		c->name = str_trim(xstrndup(s, n));
		c->title = str_trim(xstrdup(s + n));
	} else if (!person_like(s) && (office_like(s) || (org_like(s) && !job_like(s))) &&
	           !strchr(s, '@')) {
		c->org = xstrdup(s);
	} else if (!person_like(s) && first_word_job(s) && !strchr(s, '@')) {
		c->title = xstrdup(s); /* "Manager, Media Office": the job of an office */
	} else if (!person_like(s) && org_like(s) && !strchr(s, '@')) {
		c->org = xstrdup(s);
	} else {
		c->name = xstrdup(s);
	}
}

/* Text that is neither phone nor email: a name starts a contact; then a job
 * title and an organisation.  Nothing is dropped: what comes after both is
 * added to the organisation. */
static void take_text(struct cparse *cp, const char *tok)
{
	struct contact *c = current(cp);
	/* "1150-3262, 4549, 4550": other lines of the number before */
	if (c && c->phone && tok[strspn(tok, "0123456789 -")] == '\0' && digit(tok[0]) &&
	    strlen(tok) <= 6 && append_field(&c->phone, tok))
		return;
	bool web =
	    str_starts_with_ci(tok, "http") || str_starts_with_ci(tok, "www.") || tok[0] == '@';
	if (c && web && append_field(&c->org, tok)) {
		return;
	} else if (web) {
		contact_new(cp)->name = xstrdup(tok);
	} else if (!c || c->phone || c->email) {
		group_close(cp);
		start_contact(cp, NULL, tok);
	} else if (!c->name && !c->org && !c->title) {
		start_contact(cp, c, tok);
	} else if (!c->name && person_like(tok)) {
		c->name = xstrdup(tok);
	} else if (!c->org && (office_like(tok) || (org_like(tok) && !job_like(tok)))) {
		c->org = xstrdup(tok);
	} else if (!c->name && c->org && !c->title && org_like(tok) && append_field(&c->org, tok)) {
		return;
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
		group_close(cp);
		c = contact_new(cp);
		start_contact(cp, c, name);
		free(name);
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

/* ---- tokens that mix text, phones and addresses ---- */

/* A phone number starting at s (a digit, "+" or "(" at a word's start): its
 * end, when it has seven digits or more; NULL when none starts there. */
static const char *phone_run(const char *s)
{
	const char *q = s, *last = NULL;
	int digits = 0, open = 0;
	while (*q) {
		size_t sl = space_len(q) ? space_len(q) : dash_len(q);
		if (sl) {
			q += sl;
		} else if (digit(*q) || strchr("+-().", *q)) {
			if (digit(*q)) {
				digits++;
				last = q + 1;
			} else if (*q == '(') {
				open++;
			} else if (*q == ')' && last && open > 0) {
				open--;
				last = q + 1; /* "(202) 555", not the ")" that closes round it */
			}
			q++;
		} else {
			break;
		}
	}
	/* six digits written in groups ("65 2999") are a local number too */
	bool grouped = false;
	for (const char *g = s; g + 1 < (last ? last : s); g++)
		grouped |= digit(g[0]) && !digit(g[1]) && g[1] != '.';
	if (digits < 6 || (digits == 6 && !grouped) || digits > 20 || !last)
		return NULL;
	/* "ext. 12", "x7" after it */
	const char *e = last;
	while (*e == ' ')
		e++;
	if (str_starts_with_ci(e, "ext") || ((*e == 'x' || *e == 'X') && digit(e[1]))) {
		e += *e == 'x' || *e == 'X' ? 1 : 3;
		if (*e == '.')
			e++;
		while (*e == ' ')
			e++;
		if (digit(*e)) {
			while (digit(*e))
				e++;
			last = e;
		}
	}
	return last;
}

/* Where the first address or phone number in s starts; its end in *end and
 * whether it is an address in *email.  NULL when s has none. */
static const char *next_reach(const char *s, const char **end, bool *email)
{
	for (const char *p = s; *p; p++) {
		bool start = p == s || strchr(" \t,;:(<[/|", p[-1]) || space_len(p - 1) == 1;
		if (!start)
			continue;
		const char *at = p;
		while (*at && !strchr(" \t,;<>()[]|", *at) && *at != '@')
			at++;
		if (*at == '@' && at > p) {
			const char *b = at;
			while (*b && !strchr(" \t>),;]|", *b))
				b++;
			while (b > at && b[-1] == '.')
				b--;
			if (b > at + 1) {
				*end = b;
				*email = true;
				return p;
			}
		}
		if (digit(*p) || *p == '+' || (*p == '(' && digit(p[1]))) {
			const char *e = phone_run(p);
			if (e) {
				*end = e;
				*email = false;
				return p;
			}
		}
	}
	return NULL;
}

/* "Investors:", "Media Relations:", "Media:": a role that starts another
 * contact in the middle of a line.  Its length with the colon, 0. */
static size_t role_label(const char *s)
{
	static const char *const roles[] = {
	    "investors",      "investor relations", "investor contact", "investor contacts",
	    "media",          "media relations",    "media contact",    "media contacts",
	    "press",          "analysts",           "financial media",  "trade media",
	    "business media", "investor inquiries", "media inquiries",  "media enquiries"};
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		size_t n = strlen(roles[i]);
		if (str_starts_with_ci(s, roles[i]) && s[n] == ':')
			return n + 1;
	}
	return 0;
}

/* "office hours", "after hours": words in lower case before a number say
 * which it is; a name or an organisation is capitalised. */
static bool lower_label(const char *s)
{
	size_t words = 1;
	for (const char *p = s; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			return false;
		words += *p == ' ';
	}
	return words <= 3 && strlen(s) <= 24;
}

/* The contacts since the role label take it as their role; then no role
 * is pending. */
static void role_flush(struct cparse *cp)
{
	for (size_t i = cp->role_from; cp->role && i < *cp->n; i++)
		if (!(*cp->v)[i].role)
			(*cp->v)[i].role = xstrdup(cp->role);
	free(cp->role);
	cp->role = NULL;
}

/* A role label (n bytes with its colon) starts the contacts that follow;
 * "Media contacts:" and "Media inquiries:" say "Media". */
static void role_start(struct cparse *cp, const char *label, size_t n)
{
	static const char *const generic[] = {" contacts", " contact", " inquiries", " enquiries"};
	role_flush(cp);
	size_t len = n - 1;
	for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++) {
		size_t k = strlen(generic[i]);
		if (len > k && strncasecmp(label + len - k, generic[i], k) == 0) {
			len -= k;
			break;
		}
	}
	cp->role = xstrndup(label, len);
	cp->role_from = *cp->n;
}

/* Text between the numbers and addresses of a token: separators and the
 * words that only say what comes next are not text; a phone label waits
 * for its number; a role label closes the contact before it. */
static void take_piece(struct cparse *cp, const char *a, const char *b)
{
	char *t = xstrndup(a, (size_t)(b - a));
	for (char *r = t; *r;) {
		size_t n = 0;
		char *hit = NULL;
		for (char *q = r; *q && !hit; q++)
			if ((q == r || q[-1] == ' ') && (n = role_label(q)) > 0)
				hit = q;
		char *role = hit ? xstrndup(hit, n) : NULL;
		if (hit)
			*hit = '\0';
		char *piece = str_trim(r);
		size_t len = strlen(piece);
		while (len > 0 && (strchr(",;:|-/<([", piece[len - 1]) ||
		                   dash_len(piece + len - (len >= 3 ? 3 : len)) == 3)) {
			piece[len - (dash_len(piece + len - (len >= 3 ? 3 : len)) == 3 && len >= 3
			                 ? 3
			                 : 1)] = '\0';
			str_trim(piece);
			len = strlen(piece);
		}
		while (*piece && strchr(",;:|-/>)]", *piece))
			piece = str_trim(piece + 1);
		len = strlen(piece); /* what went from the front is gone from len */
		for (const char *w = " or", *v = " and"; len > 3;) {
			if (len >= 3 && strcmp(piece + len - 3, w) == 0)
				piece[len -= 3] = '\0';
			else if (len >= 4 && strcmp(piece + len - 4, v) == 0)
				piece[len -= 4] = '\0';
			else
				break;
			str_trim(piece);
			len = strlen(piece);
		}
		const char *text = strip_lead_words(piece);
		if (*text && (phone_label_known(text, strlen(text)) || lower_label(text))) {
			free(cp->label);
			cp->label = xstrdup(text);
		} else if (*text) {
			take_text(cp, text);
		}
		if (!hit)
			break;
		group_close(cp);
		cp->closed = true;
		role_start(cp, role, n);
		free(role);
		r = hit + n;
	}
	free(t);
}

/* "David Sternberg 215-814-5548 sternberg.david@epa.gov", "(212) 637-3673
 * or mears.mary@epa.gov": names, numbers and addresses in one token. */
static void take_mixed(struct cparse *cp, const char *tok)
{
	const char *p = tok, *end;
	bool email;
	for (const char *a; (a = next_reach(p, &end, &email)) != NULL; p = end) {
		take_piece(cp, p, a);
		char *item = xstrndup(a, (size_t)(end - a));
		if (email) {
			take_email(cp, item);
		} else {
			char *phone =
			    cp->label ? xasprintf("%s %s", cp->label, item) : xstrdup(item);
			struct contact *c = current(cp);
			if (!c || !append_field(&c->phone, phone))
				contact_new(cp)->phone = xstrdup(phone);
			free(phone);
			free(cp->label);
			cp->label = NULL;
		}
		free(item);
	}
	take_piece(cp, p, p + strlen(p));
}

static void take_token(struct cparse *cp, char *tok)
{
	str_trim(tok);
	size_t n = strlen(tok);
	if (cp->sentence)
		while (n > 0 && strchr(".;", tok[n - 1]))
			tok[--n] = '\0';
	const char *t = cp->sentence ? strip_lead_words(tok) : tok;
	const char *end;
	bool email;
	if (!*t)
		return;
	if (contacts_is_phone(t) && !role_label(t))
		take_phone(cp, t);
	else if (next_reach(t, &end, &email) || role_label(t))
		take_mixed(cp, t);
	else
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
	if (digits < 7 && !c && first_word_job(line))
		return false; /* "Manager, Media Office" */
	return digits >= 7 || !c || c->phone || c->email;
}

/* Cut at the first separator: ',', '|', ';' and, in a sentence, " or ",
 * " at ", " on ".  Returns the rest (NULL at the end). */
static char *cut_token(const struct cparse *cp, char *s)
{
	static const char *const words[] = {" or ", " at ", " on "};
	int depth = 0;
	for (char *p = s; *p; p++) {
		/* "(Washington, DC)" is one token */
		depth += *p == '(' ? 1 : *p == ')' && depth > 0 ? -1 : 0;
		if (strchr(",|;", *p) && (depth == 0 || *p != ',')) {
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
                                     "media information",
                                     "for information",
                                     "information"};

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
	/* "FROM: SUPREME COURT OF CANADA (613) 995-4330": who issued it, with
	 * a number or an address on the line */
	static const char *const issuers[] = {"from", "source", "issued by"};
	const char *s = skip_blanks(line);
	*sentence = false;
	for (size_t k = 0; k < sizeof issuers / sizeof issuers[0]; k++) {
		size_t m = strlen(issuers[k]);
		if (starts_word(s, issuers[k]) && s[m] == ':' && line_reach(s + m))
			return (size_t)(skip_blanks(s + m + 1) - line);
	}
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
	/* "Enquiries (office hours 65 2999)": a number in brackets after it */
	if (*p == '(' && line_reach(p))
		return (size_t)(p - line);
	return 0;
}

static bool office_line(const char *line)
{
	const char *s = skip_blanks(line);
	for (size_t i = 0; i < sizeof offices / sizeof offices[0]; i++) {
		size_t n = strlen(offices[i]);
		if (!starts_word(s, offices[i]))
			continue;
		/* "Press office (out of hours):": what is bracketed after it
		 * says when or where */
		const char *close = s[n] == ' ' && s[n + 1] == '(' ? strchr(s + n, ')') : NULL;
		if (close && close - s < 80)
			n = (size_t)(close + 1 - s);
		if (s[n] == ':' || s[n] == '\0')
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

bool contacts_line_may_start(const char *line)
{
	bool sentence;
	return office_line(line) || contacts_label(line, &sentence) > 0;
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
static bool block_like(const char *block);
static bool column_gap(const char *s, size_t *a, size_t *b);

/* A block typed in two columns, a contact in each ("Melissa Thompson
 * Jerry Daly or Carol McCune" over their jobs and numbers): either column
 * reads as a contact. */
static bool columns_like(const char *block)
{
	struct strbuf left, right;
	strbuf_init(&left);
	strbuf_init(&right);
	char *copy = xstrdup(block);
	size_t split = 0;
	char *save = NULL;
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		size_t a, b;
		if (column_gap(l, &a, &b)) {
			split++;
			strbuf_add(&left, l, a);
			strbuf_addf(&right, "%s\n", l + b);
		} else {
			strbuf_adds(&left, l);
		}
		strbuf_addch(&left, '\n');
	}
	bool yes = split >= 2 && (block_like(left.buf) || block_like(right.buf));
	free(copy);
	strbuf_release(&left);
	strbuf_release(&right);
	return yes;
}

bool contacts_block_like(const char *block)
{
	return block_like(block) || columns_like(block);
}

static bool block_like(const char *block)
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

/* What a group of names shares: the fields written after the last of
 * them, copied to the others that have none. */
static void fill_groups(struct cparse *cp)
{
	role_flush(cp);
	group_close(cp);
	struct contact *v = *cp->v;
	for (size_t g = 0; g + 1 < cp->ngroups; g += 2) {
		size_t first = cp->groups[g], end = cp->groups[g + 1];
		const struct contact *last = &v[end - 1];
		for (size_t i = first; i + 1 < end; i++) {
			char **dst[] = {&v[i].title, &v[i].org, &v[i].phone, &v[i].email};
			char *const src[] = {last->title, last->org, last->phone, last->email};
			for (size_t k = 0; k < 4; k++)
				if (!*dst[k] && src[k])
					*dst[k] = xstrdup(src[k]);
		}
	}
	free(cp->groups);
	free(cp->label);
}

/* A line that only gives a number or an address ("Phone: +61 2 9551
 * 8800"), written after a blank line under a person who has neither: it is
 * still that person's. */
static bool reach_only(const char *line)
{
	const char *t = strip_lead_words(line);
	if (contacts_is_phone(t))
		return true;
	const char *end;
	bool email;
	const char *a = next_reach(t, &end, &email);
	return a && email && a == t && !end[strspn(end, " .")];
}

bool contacts_reach_only(const char *line)
{
	const char *s = skip_blanks(line);
	if (reach_only(s))
		return true;
	/* "Out of hours: 07700 900 555": a label of a few words, a number */
	const char *colon = strchr(s, ':');
	size_t words = 0;
	for (const char *p = s; colon && p < colon; p++)
		words += *p != ' ' && (p == s || p[-1] == ' ');
	return colon && words <= 3 && !strpbrk(s, "@") && contacts_is_phone(skip_blanks(colon + 1));
}

/* "Contact: AIUSA media relations, 202-509-8194 (Washington, DC)  Tom
 * Parker, policy director ..., issued the following statement ...": the
 * contact ends where, after two blanks or more, prose runs on with no
 * number or address in it. */
static void cut_prose(char *l)
{
	for (char *g = strstr(l, "  "); g; g = strstr(g + 1, "  ")) {
		const char *rest = g + strspn(g, " ");
		int digits = 0;
		for (const char *p = rest; *p; p++)
			digits += digit(*p);
		char *head = xstrndup(l, (size_t)(g - l));
		bool reach = line_reach(head);
		free(head);
		if (reach && strlen(rest) >= 60 && !strchr(rest, '@') && digits < 7) {
			*g = '\0';
			return;
		}
	}
}

static void parse_lines(struct cparse *cp, char *copy)
{
	bool first = true, block_start = true;
	char *line = copy;
	while (line) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		const char *rest = line;
		if (first && *str_trim(line)) {
			rest += contacts_label(line, &cp->sentence);
			first = block_start = false;
		} else if (block_start && *line) {
			/* each block after a blank line may have its label:
			 * "Contact: Jane Doe (215) 814-5548" */
			bool sentence;
			size_t n = contacts_label(line, &sentence);
			if (!sentence)
				rest += n;
			block_start = false;
		}
		block_start |= !*line;
		char *l = str_trim_text(xstrdup(rest));
		cut_prose(l);
		if (*l) {
			const struct contact *last =
			    *cp->n > cp->first ? &(*cp->v)[*cp->n - 1] : NULL;
			if (cp->closed && last && !last->phone && !last->email && reach_only(l))
				cp->closed = false;
			if (cp->closed)
				group_close(cp);
			parse_line(cp, l);
		} else if (!first) {
			cp->closed = true;
			role_flush(cp); /* a role labels its own block only */
		}
		free(l);
		line = nl ? nl + 1 : NULL;
	}
}

/* Where a gap of three blanks or more splits line s in two columns
 * ("Melissa Thompson   Jerry Daly"): the gap's start and end, false when
 * there is none. */
static bool column_gap(const char *s, size_t *a, size_t *b)
{
	const char *t = s + strspn(s, " \t");
	const char *g = strstr(t, "   ");
	if (!g)
		g = strchr(t, '\t');
	if (!g || g == t)
		return false;
	size_t e = (size_t)(g - s) + strspn(g, " \t");
	if (!s[e])
		return false;
	*a = (size_t)(g - s);
	*b = e;
	return true;
}

/* A block typed in two columns, one contact in each: two lines or more
 * with a gap of three blanks inside them.  The columns are read one after
 * the other; false when the block is not that. */
static bool parse_columns(struct cparse *cp, const char *text)
{
	char *copy = xstrdup(text);
	struct strbuf left, right;
	strbuf_init(&left);
	strbuf_init(&right);
	size_t split = 0;
	for (char *l = copy, *nl; l; l = nl ? nl + 1 : NULL) {
		nl = strchr(l, '\n');
		if (nl)
			*nl = '\0';
		size_t a, b;
		if (column_gap(l, &a, &b)) {
			split++;
			strbuf_add(&left, l, a);
			strbuf_adds(&right, l + b);
		} else {
			strbuf_adds(&left, l);
		}
		strbuf_addch(&left, '\n');
		strbuf_addch(&right, '\n');
	}
	bool yes = split >= 2;
	if (yes) {
		parse_lines(cp, left.buf);
		cp->closed = true;
		group_close(cp);
		char *r = strbuf_detach(&right, NULL);
		parse_lines(cp, r);
		free(r);
	}
	strbuf_release(&left);
	strbuf_release(&right);
	free(copy);
	return yes;
}

size_t contacts_parse(const char *text, struct contact **v, size_t *n)
{
	struct cparse cp = {.v = v, .n = n, .first = *n, .group = *n};
	if (!parse_columns(&cp, text)) {
		char *copy = xstrdup(text);
		parse_lines(&cp, copy);
		free(copy);
	}
	fill_groups(&cp);
	return *n - cp.first;
}

/* ---- contacts in sentences ---- */

/* The words that say a sentence gives a contact. */
static const char *const cues[] = {"for more information",
                                   "for further information",
                                   "media advisory",
                                   "speak with",
                                   "speak to",
                                   "write to",
                                   "contacting",
                                   "contacts",
                                   "contact",
                                   "calling",
                                   "call",
                                   "emailing",
                                   "e-mail",
                                   "email",
                                   "telephone",
                                   "phone",
                                   "tel",
                                   "reach",
                                   "ring",
                                   "enquiries",
                                   "inquiries",
                                   "fax",
                                   "rsvp"};

/* Where the first cue of s starts, or NULL. */
static const char *first_cue(const char *s)
{
	for (const char *p = s; *p; p++) {
		if (p != s && alpha(p[-1]))
			continue;
		for (size_t i = 0; i < sizeof cues / sizeof cues[0]; i++)
			if (starts_word(p, cues[i]))
				return p;
	}
	return NULL;
}

/* The word w (n bytes) is one of words[], whatever its case. */
static bool word_in(const char *w, size_t n, const char *const *words, size_t nwords)
{
	char buf[16];
	if (n >= sizeof buf)
		return false;
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)tolower((unsigned char)w[i]);
	buf[n] = '\0';
	for (size_t i = 0; i < nwords; i++)
		if (strcmp(buf, words[i]) == 0)
			return true;
	return false;
}

/* A word that only says what follows, capitalised at a sentence's or a
 * label's start: never part of a name. */
static bool cue_word(const char *w, size_t n)
{
	static const char *const words[] = {
	    "to",        "for",       "please",     "media",       "advisory",  "contact",
	    "contacts",  "call",      "email",      "e-mail",      "tel",       "tel.",
	    "phone",     "telephone", "mobile",     "fax",         "reporters", "journalists",
	    "news",      "more",      "further",    "information", "or",        "and",
	    "the",       "in",        "at",         "on",          "by",        "via",
	    "enquiries", "inquiries", "interviews", "a",           "an",        "all",
	    "rsvp"};
	return word_in(w, n, words, sizeof words / sizeof words[0]);
}

static bool honorific(const char *w, size_t n)
{
	static const char *const words[] = {"dr",        "dr.", "mr",   "mr.",  "ms",
	                                    "ms.",       "mrs", "mrs.", "prof", "prof.",
	                                    "professor", "sir", "dame"};
	return word_in(w, n, words, sizeof words / sizeof words[0]);
}

/* p starts a letter beyond ASCII ("É", "Ł"), not a dash or a quote
 * (U+2000 to U+207F). */
static bool utf8_letter(const char *p)
{
	unsigned char c = (unsigned char)p[0], d = (unsigned char)p[1];
	return c >= 0xC3 && !(c == 0xE2 && (d == 0x80 || d == 0x81));
}

/* A run of a name or an organisation's name in a sentence. */
struct run {
	size_t at, end; /* byte offsets */
	bool person;
	char *text;
};

/* The runs of capitalised words of s (small joining words inside them)
 * that name a person or an organisation. */
static size_t name_runs(const char *s, struct run **out)
{
	static const char *const joining[] = {"of",  "for", "and", "the", "de", "du", "da", "van",
	                                      "von", "der", "la",  "le",  "al", "el", "bin"};
	size_t cap = 0, n = 0;
	*out = NULL;
	const char *p = s;
	while (*p) {
		while (*p && !alpha(*p) && !utf8_letter(p))
			p++;
		if (!*p)
			break;
		/* a run from p */
		const char *start = NULL, *last_end = NULL;
		bool titled = false;
		for (;;) {
			const char *w = p;
			while (*p && *p != ' ' && !strchr(",;:()[]\"", *p) && !space_len(p))
				p++;
			size_t wn = (size_t)(p - w);
			while (wn > 1 && w[wn - 1] == '.' &&
			       !(wn <= 4 && strchr(w, '.') == w + wn - 1 &&
			         ascii_upper_word(w, wn - 1)))
				wn--; /* a final stop, not an initial's or "Dr." */
			unsigned char c = (unsigned char)w[0];
			bool upper = (c >= 'A' && c <= 'Z') || utf8_letter(w);
			bool join = false;
			for (size_t i = 0; i < sizeof joining / sizeof joining[0] && start; i++)
				join |= strlen(joining[i]) == wn && strncmp(w, joining[i], wn) == 0;
			/* "Police Media Centre": a cue's word inside a name, with a
			 * capitalised word after it */
			bool inner =
			    upper && start && cue_word(w, wn) && p[0] == ' ' &&
			    ((p[1] >= 'A' && p[1] <= 'Z') || utf8_letter(p + 1)) &&
			    (str_starts_with_ci(w, "media") || str_starts_with_ci(w, "news") ||
			     str_starts_with_ci(w, "information"));
			bool ok = wn > 0 && ((upper && !cue_word(w, wn)) || join || inner ||
			                     (upper && start && honorific(w, wn)));
			if (upper && !start && honorific(w, wn))
				ok = true;
			if (!ok)
				break;
			if (!start)
				start = w;
			if (!join) {
				last_end = w + wn;
				titled |= !honorific(w, wn);
			}
			/* the run goes on over one blank to a next word */
			if (*p != ' ' || !p[1] || strchr(",;:()[]\"", p[1]))
				break;
			const char *q = p + 1;
			unsigned char d = (unsigned char)*q;
			if (!((d >= 'A' && d <= 'Z') || utf8_letter(q) || (d >= 'a' && d <= 'z')))
				break;
			p = q;
		}
		if (start && last_end && titled) {
			char *t = xstrndup(start, (size_t)(last_end - start));
			const char *bare = t;
			size_t hn = strcspn(t, " ");
			if (honorific(t, hn) && t[hn])
				bare = t + hn + 1;
			bool person = person_like(bare) || (bare != t && !org_like(bare) && *bare);
			bool org = !person && (org_like(t) || office_like(t));
			if (person || org) {
				if (n == cap)
					*out = xrealloc(*out,
					                (cap = cap ? 2 * cap : 4) * sizeof **out);
				(*out)[n++] = (struct run){(size_t)(start - s),
				                           (size_t)(last_end - s), person, t};
			} else {
				free(t);
			}
		}
		if (*p)
			p++;
	}
	return n;
}

/* Is "fax" written right before offset at (after from)? */
static bool fax_before(const char *s, size_t from, size_t at)
{
	size_t b = at > from + 40 ? at - 40 : from;
	for (size_t i = b; i + 3 <= at; i++)
		if (strncasecmp(s + i, "fax", 3) == 0 && (i == 0 || !alpha(s[i - 1])) &&
		    !alpha(s[i + 3]))
			return true;
	return false;
}

/* The contacts a sentence gives: each number or address belongs to the
 * last name (or organisation) written before it from the sentence's first
 * cue on; an organisation before a person is that person's.  An address
 * right after "email" with no name is an office's. */
/* The sentence asks the public, not reporters: "anyone with information
 * ... contact the Avondale Police Station on 09 820 5784", "Information can
 * also be provided anonymously to Crime Stoppers on 0800 555 111". */
static bool to_the_public(const char *sent)
{
	static const char *const words[] = {"anyone with information",
	                                    "anyone who",
	                                    "members of the public",
	                                    "the public",
	                                    "anonymously",
	                                    "crime stoppers",
	                                    "crimestoppers",
	                                    "witnesses",
	                                    "quote file",
	                                    "quote event",
	                                    "quoting"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcasestr(sent, words[i]))
			return true;
	return false;
}

static void sentence_contacts(const char *sent, struct contact **v, size_t *n)
{
	const char *cue = first_cue(sent);
	if (!cue || to_the_public(sent))
		return;
	const char *end;
	bool email;
	if (!next_reach(cue, &end, &email))
		return;
	struct run *runs;
	size_t nruns = name_runs(cue, &runs);
	size_t base = *n;
	size_t *owner_of = xcalloc(nruns + 1, sizeof *owner_of); /* contact index + 1 */
	size_t nameless = 0;                                     /* contact index + 1 */
	size_t prev_end = 0;
	for (const char *p = cue, *a; (a = next_reach(p, &end, &email)) != NULL; p = end) {
		size_t at = (size_t)(a - cue);
		size_t r = nruns;
		for (size_t k = 0; k < nruns; k++)
			if (runs[k].end <= at)
				r = k;
		struct contact *c = NULL;
		if (r < nruns && owner_of[r]) {
			c = &(*v)[owner_of[r] - 1];
		} else if (r < nruns) {
			c = contacts_add(v, n);
			owner_of[r] = *n;
			if (runs[r].person) {
				c->name = xstrdup(runs[r].text);
				for (size_t k = r; k-- > 0;)
					if (!runs[k].person) {
						c->org = xstrdup(runs[k].text);
						break;
					}
			} else {
				c->org = xstrdup(runs[r].text);
			}
		} else if (email && nameless) {
			c = &(*v)[nameless - 1];
		} else if (email) {
			c = contacts_add(v, n);
			nameless = *n;
		}
		char *item = xstrndup(a, (size_t)(end - a));
		if (c && email) {
			if (!append_field(&c->email, item))
				contacts_add(v, n)->email = xstrdup(item);
		} else if (c) {
			char *phone = fax_before(cue, prev_end, at) ? xasprintf("Fax %s", item)
			                                            : xstrdup(item);
			if (!append_field(&c->phone, phone))
				contacts_add(v, n)->phone = xstrdup(phone);
			free(phone);
		}
		free(item);
		prev_end = (size_t)(end - cue);
	}
	/* a contact that got only a fax is no contact */
	for (size_t i = base; i < *n; i++) {
		struct contact *c = &(*v)[i];
		if (!c->email && c->phone && strncmp(c->phone, "Fax ", 4) == 0 &&
		    !strstr(c->phone, ", ")) {
			free(c->phone);
			c->phone = NULL;
		}
	}
	size_t k = base;
	for (size_t i = base; i < *n; i++) {
		struct contact *c = &(*v)[i];
		if (c->phone || c->email)
			(*v)[k++] = *c;
		else
			contact_clear(c);
	}
	*n = k;
	for (size_t i = 0; i < nruns; i++)
		free(runs[i].text);
	free(runs);
	free(owner_of);
}

/* The quotation state after the character at p: a straight quote turns
 * it, "“" opens and "”" closes one. */
static bool quote_after(const char *p, bool open)
{
	if (*p == '"')
		return !open;
	if (str_starts_with(p, "\xe2\x80\x9c"))
		return true;
	if (str_starts_with(p, "\xe2\x80\x9d"))
		return false;
	return open;
}

size_t contacts_from_sentences(const char *text, struct contact **v, size_t *n)
{
	size_t before = *n;
	char *copy = xstrdup(text);
	for (char *p = copy; *p; p++)
		if (*p == '\n')
			*p = ' ';
	/* sentences end at ". " after a word of three letters or more in lower
	 * case or a digit, or after an address, before a capital or "(" */
	char *start = copy;
	bool open = false, start_open = false; /* inside a quotation */
	for (char *p = copy;; p++) {
		bool stop = *p == '\0';
		if (!stop && strchr(".!?", *p) && p[1] == ' ' && p - copy >= 3 &&
		    (isdigit((unsigned char)p[-1]) ||
		     (islower((unsigned char)p[-1]) && islower((unsigned char)p[-2]) &&
		      islower((unsigned char)p[-3])))) {
			const char *q = p + 1;
			while (*q == ' ')
				q++;
			stop = (*q >= 'A' && *q <= 'Z') || *q == '(' || *q == '"';
		}
		if (stop) {
			char saved = *p;
			*p = '\0';
			/* what someone is quoted saying ("The hotline - 1800 333
			 * 000 - has ...," Ms Lesley said) directs no reporter */
			const char *s = start + strspn(start, " ");
			bool quoted = start_open || *s == '"' || str_starts_with(s, "\xe2\x80\x9c");
			if (p - start < 2000 && !quoted)
				sentence_contacts(start, v, n);
			*p = saved;
			if (!saved)
				break;
			start = p + 1;
			start_open = open = quote_after(p, open);
			continue;
		}
		open = quote_after(p, open);
	}
	free(copy);
	return *n - before;
}

/* The same person (or office) written twice, in two blocks or a block and
 * a sentence: the second copy goes when it adds nothing. */
static bool same_digits(const char *a, const char *b)
{
	while (*a || *b) {
		while (*a && !digit(*a))
			a++;
		while (*b && !digit(*b))
			b++;
		if (*a != *b)
			return false;
		if (*a) {
			a++;
			b++;
		}
	}
	return true;
}

static bool covers(const char *have, const char *more, bool phone)
{
	if (!more)
		return true;
	if (!have)
		return false;
	return phone ? same_digits(have, more) || strstr(have, more) != NULL
	             : strcasestr(have, more) != NULL;
}

#define DEDUPE_WINDOW 64 /* a copy stands near what it repeats; bounded work */

void contacts_dedupe(struct contact *v, size_t *n)
{
	size_t k = 0;
	for (size_t i = 0; i < *n; i++) {
		bool dup = false;
		for (size_t j = k > DEDUPE_WINDOW ? k - DEDUPE_WINDOW : 0; j < k && !dup; j++) {
			const struct contact *a = &v[j], *b = &v[i];
			bool same_name = a->name && b->name ? strcasecmp(a->name, b->name) == 0
			                                    : !a->name && !b->name;
			dup = same_name && (b->phone || b->email) &&
			      covers(a->phone, b->phone, true) &&
			      covers(a->email, b->email, false) &&
			      (a->name || (a->phone && b->phone) || (a->email && b->email));
		}
		if (dup) {
			contact_clear(&v[i]);
		} else {
			v[k++] = v[i];
		}
	}
	*n = k;
}

void contacts_free(struct contact *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		contact_clear(&v[i]);
	free(v);
}
