/*
 * release_statements: every statement of an embargo on the release, wherever
 * it stands — the release line, a line above the headline, a sentence inside
 * a paragraph ("The embargo is 5 pm on Wednesday 17 November 2010."), notes
 * to editors, a footer — in English, German, French, Spanish, Italian, Dutch
 * and Portuguese; statements in languages the time grammar does not read
 * (解禁, 禁发) are recognised so that they can be refused.
 *
 * A statement is found by its form ("embargoed until", "not for publication
 * before", "Sperrfrist", "sous embargo jusqu'au", ...), and the time grammar
 * reads the sentence it stands in.  The word "embargo" as a topic (an arms
 * embargo, the embargo on Cuba) states nothing about the release.  What
 * cannot be told apart is kept as a statement, for the decision to refuse:
 * never early comes before never refused.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "release_int.h"
#include "utf8.h"
#include "util.h"

/* A sentence handed to the time grammar is at most this long around its
 * statement: a megabyte-long paragraph costs a megabyte, not its square. */
#define SENTENCE_MAX 600
/* More statements than this in one release is not a release. */
#define STATEMENTS_MAX 200

/* ---- the text of a unit: lines joined where a sentence runs on ---- */

enum tok_kind { TK_WORD, TK_NUM, TK_PUNCT };

struct tok {
	size_t a, b; /* bytes [a, b) of the folded text */
	enum tok_kind kind;
};

/* Lines [first, last] joined by spaces: the original bytes, their folded
 * form and its tokens. */
struct unit {
	const struct lines *ls;
	size_t first, last;
	char *text;     /* the lines joined by ' ' */
	size_t *starts; /* where each line starts in text */
	struct fold f;
	struct tok *tok;
	size_t ntok, captok;
	int mixed;         /* some word starts in lower case: -1 until asked */
	bool topical_seen; /* "embargo" as a topic stands in it */
};

static bool word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || c >= 0x80;
}

static void tokenize(struct unit *u)
{
	const char *s = u->f.s;
	for (size_t i = 0; i < u->f.len;) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t') {
			i++;
			continue;
		}
		size_t j = i + 1;
		enum tok_kind kind = TK_PUNCT;
		if (word_byte(c)) {
			kind = TK_WORD;
			while (j < u->f.len && word_byte((unsigned char)s[j]))
				j++;
		} else if (c >= '0' && c <= '9') {
			kind = TK_NUM;
			while (j < u->f.len && s[j] >= '0' && s[j] <= '9')
				j++;
		}
		u->tok = xgrow(u->tok, &u->captok, u->ntok + 1, sizeof *u->tok);
		u->tok[u->ntok++] = (struct tok){i, j, kind};
		i = j;
	}
}

static void unit_init(struct unit *u, const struct lines *ls, size_t first, size_t last)
{
	struct strbuf sb;
	memset(u, 0, sizeof *u);
	u->ls = ls;
	u->first = first;
	u->last = last;
	u->starts = xmalloc((last - first + 1) * sizeof *u->starts);
	strbuf_init(&sb);
	for (size_t i = first; i <= last; i++) {
		if (i > first)
			strbuf_addch(&sb, ' ');
		u->starts[i - first] = sb.len;
		strbuf_adds(&sb, ls->v[i]);
	}
	u->text = strbuf_detach(&sb, NULL);
	u->mixed = -1;
	fold_text(u->text, strlen(u->text), &u->f);
	tokenize(u);
}

static void unit_free(struct unit *u)
{
	free(u->text);
	free(u->starts);
	fold_free(&u->f);
	free(u->tok);
}

/* The line (index into ls) and 1-based character column of byte off of
 * the unit's text. */
static void unit_where(const struct unit *u, size_t off, size_t *line, int *col)
{
	size_t k = u->last - u->first;
	while (k > 0 && u->starts[k] > off)
		k--;
	*line = u->first + k;
	size_t in = off - u->starts[k];
	*col = (int)utf8_width(u->ls->v[*line], in) + 1;
}

/* Token i is the word w. */
static bool tok_is(const struct unit *u, size_t i, const char *w)
{
	if (i >= u->ntok || u->tok[i].kind != TK_WORD)
		return false;
	size_t n = u->tok[i].b - u->tok[i].a;
	return strlen(w) == n && memcmp(u->f.s + u->tok[i].a, w, n) == 0;
}

static bool tok_prefix(const struct unit *u, size_t i, const char *p)
{
	if (i >= u->ntok || u->tok[i].kind != TK_WORD)
		return false;
	size_t n = strlen(p);
	return u->tok[i].b - u->tok[i].a >= n && memcmp(u->f.s + u->tok[i].a, p, n) == 0;
}

static bool tok_punct(const struct unit *u, size_t i, char c)
{
	return i < u->ntok && u->tok[i].kind == TK_PUNCT && u->f.s[u->tok[i].a] == c;
}

static bool tok_in(const struct unit *u, size_t i, const char *const *list)
{
	for (; *list; list++)
		if (tok_is(u, i, *list))
			return true;
	return false;
}

/* ---- the forms of a statement ---- */

/* Words that may stand between "not for", "do not", "ne pas" ... and the
 * "before" that makes them a statement: "not for publication, broadcast or
 * transmission before". */
static const char *const pub_words[] = {
    "publication", "publications", "publish", "published", "publishing", "release", "released",
    "releasing", "broadcast", "broadcasting", "broadcasted", "distribution", "distribute",
    "distributed", "transmission", "transmit", "transmitted", "circulation", "circulate",
    "circulated", "airing", "air", "aired", "online", "print", "printed", "printing", "reporting",
    "report", "reported", "posting", "post", "posted", "quote", "quoted", "share", "shared",
    "disclosure", "disclose", "disclosed", "wire", "media", "internet", "web", "social", "radio",
    "tv", "television", "or", "and", "in", "any", "form", "the", "on", "by", "of", "be",
    /* what may not be published: "do not publish this release before" */
    "this", "these", "it", "its", "content", "contents", "material", "information", "story", "news",
    "details", "embargoed", "document", "el", "presente", "documento", "este", "esta", "nota",
    "prensa", "comunicado", "informacion", "dieser", "diese", "ce", "cette", "communique", "presse",
    "questo", "questa", "comunicato", "deze", "dit", "persbericht",
    /* de fr es it nl pt */
    "veroffentlichen", "veroffentlichung", "verbreiten", "verbreitung", "oder", "und", "publier",
    "diffuser", "diffusion", "publication", "communiquer", "reprendre", "ni", "ou", "et",
    "publicar", "difundir", "divulgar", "publicacion", "difusion", "o", "y", "pubblicare",
    "diffondere", "pubblicazione", "diffusione", "ne", "e", "publiceren", "verspreiden",
    "publicatie", "openbaar", "maken", "of", "en", "divulgacao", "publicacao", "nem", "su", "la",
    NULL};

/* The words that end such a chain and ask for an instant. */
static const char *const until_words[] = {"before", "until", "till",  "prior", "ahead", "earlier",
                                          "avant",  "jusqu", "antes", "hasta", "prima", "fino",
                                          "voor",   "tot",   "vor",   "bis",   "ate",   NULL};

/* "~": at least one pub_word, then an until_word.  Returns the token after
 * it, or 0.  ("use" is not one: "do not use before the expiry date".) */
static size_t match_chain(const struct unit *u, size_t i)
{
	size_t j = i, words = 0;
	while (j < u->ntok && j - i < 10 && !tok_in(u, j, until_words)) {
		if (!(tok_in(u, j, pub_words) || tok_punct(u, j, ',') || tok_punct(u, j, '/')))
			return 0;
		words += u->tok[j].kind == TK_WORD;
		j++;
	}
	return words && tok_in(u, j, until_words) ? j + 1 : 0;
}

/* Does pattern pat (items separated by spaces: a word, "word*" for a
 * prefix, "?word" when it may be left out, one punctuation character, "~"
 * for a publication chain, "^" for an until_word) match at token i?  Returns the token after the
 * match, or 0. */
static size_t match_pat(const struct unit *u, size_t i, const char *pat)
{
	while (*pat == ' ')
		pat++;
	if (!*pat)
		return i;
	size_t n = strcspn(pat, " ");
	char item[40];
	if (n >= sizeof item)
		return 0;
	memcpy(item, pat, n);
	item[n] = '\0';
	const char *rest = pat + n;
	if (item[0] == '?') {
		size_t e = tok_is(u, i, item + 1) ? match_pat(u, i + 1, rest) : 0;
		return e ? e : match_pat(u, i, rest);
	}
	if (strcmp(item, "^") == 0)
		return tok_in(u, i, until_words) ? match_pat(u, i + 1, rest) : 0;
	if (strcmp(item, "~") == 0) {
		size_t e = match_chain(u, i);
		return e ? match_pat(u, e, rest) : 0;
	}
	bool ok;
	if (n > 1 && item[n - 1] == '*') {
		item[n - 1] = '\0';
		ok = tok_prefix(u, i, item);
	} else if (n == 1 && !word_byte((unsigned char)item[0])) {
		ok = tok_punct(u, i, item[0]);
	} else {
		ok = tok_is(u, i, item);
	}
	return ok ? match_pat(u, i + 1, rest) : 0;
}

/* How strongly a form states an embargo on the release. */
enum strength {
	S_WEAK,    /* a statement only when its sentence gives a time (or fails to) */
	S_MENTION, /* says the release is embargoed; the time may be elsewhere */
	S_WANTS,   /* says until when: a sentence the grammar cannot read is refused */
};

#define F_TOPICAL 1 /* the word "embargo" in it may be a topic: look around it */
#define F_START 2   /* only at the start of a line or a sentence */
#define F_LINE 4    /* only at the start of a line */

struct form {
	const char *pat;
	enum strength strength;
	unsigned flags;
};

static const struct form forms[] = {
    /* English */
    {"embargoed until", S_WANTS, 0},
    {"embargoed till", S_WANTS, 0},
    {"embargoed til", S_WANTS, 0},
    {"embargoed up to", S_WANTS, 0},
    {"embargoed upto", S_WANTS, 0},
    {"embargoed through", S_WANTS, 0},
    {"embargoed :", S_WANTS, 0},
    {"embargoed to", S_WEAK, 0},
    {"embargoed for", S_WEAK, 0},
    {"strictly embargoed", S_MENTION, 0},
    {"embargoed", S_MENTION, F_START},
    {"under ?a ?an ?strict ?press ?news ?media embargo until", S_WANTS, 0},
    {"under ?a ?an ?strict ?press ?news ?media embargo till", S_WANTS, 0},
    {"under ?a ?an ?strict ?press ?news ?media embargo :", S_WANTS, 0},
    {"under ?a ?an ?strict ?press ?news ?media embargo", S_MENTION, 0},
    {"strictly under embargo", S_MENTION, 0},
    {"embargo until", S_WANTS, F_TOPICAL},
    {"embargo till", S_WANTS, F_TOPICAL},
    {"embargo up to", S_WANTS, F_TOPICAL},
    {"embargo :", S_WANTS, F_TOPICAL},
    {"embargo", S_WANTS, F_TOPICAL | F_START},
    {"embargo lifts", S_MENTION, F_TOPICAL},
    {"embargo lift", S_MENTION, F_TOPICAL},
    {"embargo ends", S_MENTION, F_TOPICAL},
    {"embargo expires", S_MENTION, F_TOPICAL},
    {"embargo is lifted", S_MENTION, F_TOPICAL},
    {"embargo will lift", S_MENTION, F_TOPICAL},
    {"embargo will be lifted", S_MENTION, F_TOPICAL},
    {"embargo will end", S_MENTION, F_TOPICAL},
    {"embargo will expire", S_MENTION, F_TOPICAL},
    /* "This link will be live at the embargo time": the time said
     * elsewhere; "Embargo time: 10:00 ..." gives it */
    {"embargo time", S_MENTION, F_TOPICAL},
    {"embargo date", S_MENTION, F_TOPICAL},
    {"embargo deadline", S_MENTION, F_TOPICAL},
    {"embargo details", S_MENTION, F_TOPICAL},
    {"embargo notice", S_MENTION, F_TOPICAL},
    {"embargo applies", S_MENTION, F_TOPICAL},
    {"embargo apply", S_MENTION, F_TOPICAL},
    {"embargo is in place", S_MENTION, F_TOPICAL},
    {"embargo is in effect", S_MENTION, F_TOPICAL},
    {"embargo in place", S_MENTION, F_TOPICAL},
    {"strict embargo", S_MENTION, F_TOPICAL},
    {"news embargo", S_MENTION, F_TOPICAL},
    {"press embargo", S_MENTION, F_TOPICAL},
    {"media embargo", S_MENTION, F_TOPICAL},
    {"publication embargo", S_MENTION, F_TOPICAL},
    {"respect ?the ?this embargo", S_MENTION, F_TOPICAL},
    {"observe ?the ?this embargo", S_MENTION, F_TOPICAL},
    {"honour ?the ?this embargo", S_MENTION, F_TOPICAL},
    {"honor ?the ?this embargo", S_MENTION, F_TOPICAL},
    {"note ?the ?this embargo", S_MENTION, F_TOPICAL},
    {"adhere to ?the ?this embargo", S_MENTION, F_TOPICAL},
    {"abide by ?the ?this embargo", S_MENTION, F_TOPICAL},
    {"break ?the ?this embargo", S_MENTION, F_TOPICAL},
    {"breaking ?the ?this embargo", S_MENTION, F_TOPICAL},
    {"breach ?of ?the ?this embargo", S_MENTION, F_TOPICAL},
    {"not for ~", S_WANTS, 0},
    {"not to be ~", S_WANTS, 0},
    {"not be ~", S_WANTS, 0},
    {"do not ~", S_WANTS, 0},
    {"don ' t ~", S_WANTS, 0},
    {"not for use ^", S_WANTS, 0},
    {"no publication ^", S_WANTS, 0},
    {"no publication or broadcast ^", S_WANTS, 0},
    {"no broadcast ^", S_WANTS, 0},
    {"no release ^", S_WANTS, 0},
    {"hold for release until", S_WANTS, 0},
    {"hold for release", S_MENTION, 0},
    {"held for release until", S_WANTS, 0},
    {"held for release", S_MENTION, 0},
    {"hold until", S_WANTS, F_START},
    {"for release", S_WANTS, F_START},
    /* "FOR PUBLICATION" alone heads what may be published at once */
    {"for publication", S_WEAK, F_LINE},
    {"for publication and broadcast", S_WEAK, F_LINE},
    {"going to lift at", S_WEAK, 0},
    {"will lift at", S_WEAK, 0},
    {"not before", S_WEAK, 0},
    {"no earlier than", S_WEAK, 0},
    {"publication time", S_WEAK, 0},
    {"publication date", S_WEAK, 0},
    {"time of publication", S_WEAK, 0},
    {"release time", S_WEAK, 0},
    {"time of release", S_WEAK, 0},
    /* journals state the embargo as the time of publication: "The paper is
     * publishing online in Current Biology on Thursday October 30 at 12:00pm
     * EDT", "will be published in Nature on 5 June at 16:00 London time" */
    {"will be published", S_WEAK, 0},
    {"being published", S_WEAK, 0},
    {"will publish", S_WEAK, 0},
    {"is publishing", S_WEAK, 0},
    {"are publishing", S_WEAK, 0},
    {"publishing online", S_WEAK, 0},
    {"published online", S_WEAK, 0},
    {"publishes online", S_WEAK, 0},
    {"to be published", S_WEAK, 0},
    {"scheduled for publication", S_WEAK, 0},
    /* German */
    {"sperrfrist", S_MENTION, 0},
    {"sperrfrist :", S_WANTS, 0},
    {"sperrfrist bis", S_WANTS, 0},
    {"sperrvermerk", S_MENTION, 0},
    {"embargo bis", S_WANTS, F_TOPICAL},
    {"unter embargo", S_MENTION, 0},
    {"unter embargo bis", S_WANTS, 0},
    {"veroffentlichung nicht vor", S_WANTS, 0},
    {"nicht zur ~", S_WANTS, 0},
    {"nicht vor", S_WEAK, 0},
    {"frei ab", S_WEAK, 0},
    {"freigabe", S_WEAK, 0},
    {"veroffentlichung ab", S_WEAK, 0},
    {"veroffentlichungszeitpunkt", S_WEAK, 0},
    /* French */
    {"sous embargo", S_MENTION, 0},
    {"sous embargo jusqu", S_WANTS, 0},
    {"sous embargo :", S_WANTS, 0},
    {"embargo jusqu", S_WANTS, F_TOPICAL},
    {"ne pas ~", S_WANTS, 0},
    {"ne pas publier ^", S_WANTS, 0},
    {"ne pas diffuser ^", S_WANTS, 0},
    {"diffusion interdite avant", S_WANTS, 0},
    {"diffusion interdite jusqu", S_WANTS, 0},
    {"publication interdite avant", S_WANTS, 0},
    {"publication interdite jusqu", S_WANTS, 0},
    {"pas de ~", S_WANTS, 0},
    {"levee de l ' embargo", S_WEAK, 0},
    {"levee de l embargo", S_WEAK, 0},
    {"fin de l ' embargo", S_WEAK, 0},
    {"respecter l ' embargo", S_MENTION, 0},
    /* Spanish */
    {"no publicar ~", S_WANTS, 0},
    {"no publicar ^", S_WANTS, 0},
    {"no difundir ~", S_WANTS, 0},
    {"no difundir ^", S_WANTS, 0},
    {"retenida la publicacion hasta", S_WANTS, 0},
    {"publicacion retenida hasta", S_WANTS, 0},
    {"embargo hasta", S_WANTS, F_TOPICAL},
    {"embargado hasta", S_WANTS, 0},
    {"embargada hasta", S_WANTS, 0},
    {"bajo embargo", S_MENTION, 0},
    {"bajo embargo hasta", S_WANTS, 0},
    {"embargo informativo", S_MENTION, 0},
    {"embargo informativo hasta", S_WANTS, 0},
    {"prohibida su ~", S_WANTS, 0},
    {"prohibida la ~", S_WANTS, 0},
    /* Italian */
    {"embargo fino", S_WANTS, F_TOPICAL},
    {"sotto embargo", S_MENTION, 0},
    {"sotto embargo fino", S_WANTS, 0},
    {"embargo alle", S_WANTS, F_TOPICAL},
    {"non ~", S_WANTS, 0},
    {"non pubblicare ^", S_WANTS, 0},
    {"non diffondere ^", S_WANTS, 0},
    {"vietata la ~", S_WANTS, 0},
    {"diffusione vietata prima", S_WANTS, 0},
    {"pubblicazione vietata prima", S_WANTS, 0},
    /* Dutch */
    {"embargo tot", S_WANTS, F_TOPICAL},
    {"onder embargo", S_MENTION, 0},
    {"onder embargo tot", S_WANTS, 0},
    {"niet ~", S_WANTS, 0},
    {"niet publiceren ^", S_WANTS, 0},
    {"niet voor publicatie voor", S_WANTS, 0},
    /* Portuguese */
    {"embargo ate", S_WANTS, F_TOPICAL},
    {"embargado ate", S_WANTS, 0},
    {"embargada ate", S_WANTS, 0},
    {"sob embargo", S_MENTION, 0},
    {"sob embargo ate", S_WANTS, 0},
    {"nao ~", S_WANTS, 0},
    {"nao publicar ^", S_WANTS, 0},
    {"nao divulgar ^", S_WANTS, 0},
    {"divulgacao proibida antes", S_WANTS, 0},
    {"publicacao proibida antes", S_WANTS, 0},
};

/* Markers of an embargo in languages the grammar does not read: found, and
 * refused.  Matched as written (no case in these scripts but Cyrillic). */
static const char *const foreign_marks[] = {
    "\xe8\xa7\xa3\xe7\xa6\x81",                                         /* 解禁 (ja, zh) */
    "\xe7\xa6\x81\xe5\x8f\x91",                                         /* 禁发 */
    "\xe7\xa6\x81\xe7\x99\xbc",                                         /* 禁發 */
    "\xe7\xa6\x81\xe6\xad\xa2\xe5\x8f\x91\xe5\xb8\x83",                 /* 禁止发布 */
    "\xe7\xa6\x81\xe6\xad\xa2\xe7\x99\xbc\xe5\xb8\x83",                 /* 禁止發布 */
    "\xe7\xa6\x81\xe6\xad\xa2\xe7\x99\xbc\xe4\xbd\x88",                 /* 禁止發佈 */
    "\xe5\xa0\xb1\xe9\x81\x93\xe7\xa6\x81\xe6\xad\xa2",                 /* 報道禁止 */
    "\xec\x97\xa0\xeb\xb0\x94\xea\xb3\xa0",                             /* 엠바고 (ko) */
    "\xeb\xb3\xb4\xeb\x8f\x84\xec\x9c\xa0\xec\x98\x88",                 /* 보도유예 */
    "\xd1\x8d\xd0\xbc\xd0\xb1\xd0\xb0\xd1\x80\xd0\xb3\xd0\xbe",         /* эмбарго (ru) */
    "\xd0\xad\xd0\xbc\xd0\xb1\xd0\xb0\xd1\x80\xd0\xb3\xd0\xbe",         /* Эмбарго */
    "\xd0\xad\xd0\x9c\xd0\x91\xd0\x90\xd0\xa0\xd0\x93\xd0\x9e",         /* ЭМБАРГО */
    "\xce\xb5\xce\xbc\xcf\x80\xce\xac\xcf\x81\xce\xb3\xce\xba\xce\xbf", /* εμπάργκο (el) */
    "sperrefrist",                                                      /* nb, da (folded) */
    "julkaisuvapaa",                                                    /* fi */
    "\xe5\x90\x8c\xe6\x99\x82\xe7\x99\xba\xe8\xa1\xa8", /* 同時発表 (ja: announced at once) */
    "\xe4\xb8\x8d\xe5\xbe\x97\xe5\x9c\xa8",             /* 不得在 (zh: not ... before) */
    "\xe4\xb9\x8b\xe5\x89\x8d\xe5\x8f\x91\xe8\xa1\xa8", /* 之前发表 (zh: before ... published) */
    "\xe4\xb9\x8b\xe5\x89\x8d\xe7\x99\xbc\xe8\xa1\xa8", /* 之前發表 (zh: before ... published) */
    "\xe4\xb9\x8b\xe5\x89\x8d\xe5\x8f\x91\xe5\xb8\x83", /* 之前发布 (zh: before ... issued) */
    "\xe5\x8f\x91\xe8\xa1\x8c\xe9\x99\x90\xe5\x88\xb6", /* 发行限制 (zh: release restriction) */
    "\xe7\x99\xbc\xe8\xa1\x8c\xe9\x99\x90\xe5\x88\xb6", /* 發行限制 (zh: release restriction) */
    NULL};

/* ---- the word "embargo" as a topic ---- */

/* "an arms embargo", "the U.S. embargo", "a 60-year embargo". */
static const char *const topic_before[] = {"arms",
                                           "arm",
                                           "weapons",
                                           "weapon",
                                           "trade",
                                           "oil",
                                           "petroleum",
                                           "economic",
                                           "financial",
                                           "commercial",
                                           "military",
                                           "grain",
                                           "import",
                                           "export",
                                           "steel",
                                           "food",
                                           "meat",
                                           "beef",
                                           "gas",
                                           "energy",
                                           "technology",
                                           "tech",
                                           "chip",
                                           "chips",
                                           "fishing",
                                           "fish",
                                           "sports",
                                           "sporting",
                                           "cultural",
                                           "total",
                                           "full",
                                           "partial",
                                           "complete",
                                           "naval",
                                           "nuclear",
                                           "us",
                                           "usa",
                                           "american",
                                           "british",
                                           "european",
                                           "eu",
                                           "un",
                                           "russian",
                                           "chinese",
                                           "soviet",
                                           "israeli",
                                           "arab",
                                           "cuban",
                                           "iranian",
                                           "western",
                                           "international",
                                           "unilateral",
                                           "multilateral",
                                           "global",
                                           "year",
                                           "years",
                                           "decade",
                                           "decades",
                                           "old",
                                           "long",
                                           "longstanding",
                                           "standing",
                                           "illegal",
                                           "unjust",
                                           "cruel",
                                           "criminal",
                                           "genocidal",
                                           "punitive",
                                           "diamond",
                                           "timber",
                                           "cotton",
                                           "coal",
                                           "wheat",
                                           "rice",
                                           "fertiliser",
                                           "fertilizer",
                                           "gold",
                                           "equipment",
                                           "goods",
                                           "travel",
                                           "aviation",
                                           "maritime",
                                           "shipping",
                                           "cattle",
                                           "vaccine",
                                           "nato",
                                           "s",
                                           NULL};

/* "l'embargo américain", "el embargo económico". */
static const char *const topic_after[] = {"americain",   "americano", "americana", "estadounidense",
                                          "economique",  "economico", "economica", "commercial",
                                          "commerciale", "comercial", "petrolier", "petrolero",
                                          "militaire",   "militar",   "militare",  "financier",
                                          "financiero",  "imposed",   "against",   "contre",
                                          "contra",      "gegen",     "contro",    "tegen",
                                          "policy",      "policies",  "regime",    NULL};

/* "lift the embargo", "imposed an embargo". */
static const char *const topic_verbs[] = {
    "impose",     "imposed",    "imposes",   "imposing",   "lift",         "lifts",     "lifted",
    "lifting",    "end",        "ends",      "ended",      "ending",       "tighten",   "tightened",
    "tightening", "extend",     "extended",  "extending",  "enforce",      "enforced",  "enforcing",
    "violate",    "violated",   "violates",  "violating",  "support",      "supported", "supports",
    "oppose",     "opposed",    "opposes",   "condemn",    "condemned",    "renew",     "renewed",
    "maintain",   "maintained", "introduce", "introduced", "reimpose",     "reimposed", "relax",
    "relaxed",    "ease",       "eased",     "easing",     "declared",     "declare",   "lever",
    "lever",      "imponer",    "levantar",  "impor",      "levantamento", "imposer",   NULL};

/* What "on", "for", "of" may name when the embargo is the release's (and
 * the briefings under embargo: "the embargo for the call is 11:30 p.m."). */
static const char *const release_nouns[] = {"release",
                                            "releases",
                                            "news",
                                            "story",
                                            "stories",
                                            "paper",
                                            "papers",
                                            "study",
                                            "studies",
                                            "article",
                                            "articles",
                                            "report",
                                            "reports",
                                            "result",
                                            "results",
                                            "announcement",
                                            "announcements",
                                            "information",
                                            "material",
                                            "materials",
                                            "content",
                                            "findings",
                                            "data",
                                            "research",
                                            "publication",
                                            "publications",
                                            "item",
                                            "items",
                                            "statement",
                                            "statements",
                                            "speech",
                                            "document",
                                            "documents",
                                            "embargoed",
                                            "press",
                                            "media",
                                            "it",
                                            "them",
                                            "all",
                                            "communique",
                                            "comunicado",
                                            "comunicato",
                                            "nota",
                                            "informacion",
                                            "mitteilung",
                                            "pressemitteilung",
                                            "persbericht",
                                            "bericht",
                                            "notizia",
                                            "nieuws",
                                            "noticia",
                                            "journal",
                                            "issue",
                                            "survey",
                                            "figures",
                                            "statistics",
                                            "video",
                                            "footage",
                                            "copy",
                                            "copies",
                                            "call",
                                            "calls",
                                            "briefing",
                                            "briefings",
                                            "remarks",
                                            "transcript",
                                            "session",
                                            "conference",
                                            "presentation",
                                            "presentations",
                                            "interview",
                                            "event",
                                            "background",
                                            "informacoes",
                                            "informacao",
                                            "informations",
                                            "informazioni",
                                            "informatie",
                                            "dados",
                                            "datos",
                                            "donnees",
                                            "estudo",
                                            "estudio",
                                            "etude",
                                            "studio",
                                            "studie",
                                            "relatorio",
                                            "informe",
                                            "rapport",
                                            "rapporto",
                                            "artigo",
                                            "articulo",
                                            "articolo",
                                            "artikel",
                                            "noticias",
                                            "resultats",
                                            "resultados",
                                            "risultati",
                                            "ergebnisse",
                                            "studien",
                                            "place",
                                            "effect",
                                            "force",
                                            NULL};

static const char *const object_words[] = {
    "in",  "on",    "against", "of",    "upon", "over", "for",  "sur", "su",
    "sui", "sulla", "sulle",   "sobre", "op",   "de",   "del",  "da",  "do",
    "das", "dos",   "des",     "du",    "aux",  "auf",  "uber", NULL};

static const char *const articles[] = {
    "the", "this",  "these",  "that",   "its",    "their", "our", "a",    "an",   "la",   "le",
    "les", "l",     "el",     "los",    "las",    "lo",    "il",  "gli",  "der",  "die",  "dem",
    "den", "het",   "o",      "os",     "as",     "un",    "una", "une",  "esta", "este", "cette",
    "ce",  "diese", "dieser", "questa", "questo", "deze",  "dit", "esse", "essa", NULL};

/* Words that make what follows "embargo on" a time, not a country. */
static const char *const time_words[] = {
    "monday",  "tuesday",   "wednesday", "thursday", "friday",   "saturday", "sunday",
    "january", "february",  "march",     "april",    "may",      "june",     "july",
    "august",  "september", "october",   "november", "december", "noon",     "midnight",
    "midday",  "today",     "tomorrow",  "tonight",  NULL};

/* The word before token k, past punctuation inside a name ("U.S.",
 * "60-year"); SIZE_MAX when there is none. */
static size_t word_before(const struct unit *u, size_t k)
{
	size_t j = k;
	while (j > 0 && k - j < 3) {
		j--;
		if (u->tok[j].kind != TK_PUNCT)
			return j;
		char c = u->f.s[u->tok[j].a];
		if (c != '.' && c != '-' && c != '\'')
			return SIZE_MAX;
	}
	return SIZE_MAX;
}

/* A capitalised word before "embargo" in mixed-case text names whose
 * embargo it is ("the Chinese embargo"). */
static bool named_before(struct unit *u, size_t j)
{
	static const char *const plain[] = {"the",    "this",  "that",        "a",     "an",
	                                    "strict", "press", "news",        "media", "our",
	                                    "its",    "any",   "publication", "no",    "please",
	                                    "note",   "under", "strictly",    NULL};
	unsigned char c = (unsigned char)u->text[u->f.map[u->tok[j].a]];
	if (!(c >= 'A' && c <= 'Z') || tok_in(u, j, plain))
		return false;
	/* in a line of capitals every word is one */
	if (u->mixed < 0) {
		u->mixed = 0;
		for (size_t k = 0; k < u->ntok && !u->mixed; k++) {
			size_t a = u->f.map[u->tok[k].a];
			u->mixed =
			    u->tok[k].kind == TK_WORD && u->text[a] >= 'a' && u->text[a] <= 'z';
		}
	}
	return u->mixed && j > 0 && !tok_punct(u, j - 1, '.');
}

/* What "embargo on ..." names: the release or a time (false), or anything
 * else (a topic). */
static bool object_is_topic(const struct unit *u, size_t j)
{
	for (size_t n = 0; n < 3 && (tok_in(u, j, articles) || tok_punct(u, j, '\'')); n++)
		j++;
	if (j >= u->ntok || u->tok[j].kind == TK_NUM)
		return false;
	return !(tok_in(u, j, release_nouns) || tok_in(u, j, time_words));
}

/* Is the word at k ("embargo", "embargoed") a topic in its sentence? */
static bool topical(struct unit *u, size_t k)
{
	size_t j = word_before(u, k);
	if (j != SIZE_MAX &&
	    (tok_in(u, j, topic_before) || u->tok[j].kind == TK_NUM || named_before(u, j)))
		return true;
	if (tok_in(u, k + 1, object_words))
		return object_is_topic(u, k + 2);
	if (tok_in(u, k + 1, topic_after))
		return true;
	for (size_t n = 0, i = k; n < 4 && i > 0; n++) {
		i--;
		if (tok_in(u, i, topic_verbs))
			return true;
		if (!tok_in(u, i, articles) && !tok_in(u, i, topic_before))
			break;
	}
	return false;
}

/* "Embargoed countries", "embargoed goods", "embargoed copies of the
 * report": the word describes something other than the release. */
static bool embargoed_describes(const struct unit *u, size_t k)
{
	static const char *const things[] = {
	    "goods",    "countries", "country",     "nations",      "nation",      "items",
	    "products", "oil",       "weapons",     "arms",         "technology",  "exports",
	    "imports",  "entities",  "companies",   "persons",      "individuals", "regimes",
	    "regime",   "states",    "territories", "destinations", "copies",      "copy",
	    "access",   "briefings", "cargo",       "shipments",    "vessels",     "ships",
	    "aircraft", "equipment", "materials",   "commodities",  NULL};
	return tok_in(u, k + 1, things);
}

/* ---- where a form may stand ---- */

/* The folded offset where line l of the unit starts. */
static size_t folded_line_start(const struct unit *u, size_t l)
{
	size_t want = u->starts[l - u->first], lo = 0, hi = u->f.len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (u->f.map[mid] < want)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Token i is the first of its line, past marks ("**", "# ", "> ", "[").  */
static bool at_line_start(const struct unit *u, size_t i)
{
	size_t line;
	int col;
	unit_where(u, u->f.map[u->tok[i].a], &line, &col);
	for (size_t p = folded_line_start(u, line); p < u->tok[i].a; p++)
		if (!strchr(" *#>[_-", u->f.s[p]))
			return false;
	return true;
}

static bool at_sentence_start(const struct unit *u, size_t i)
{
	if (i == 0 || at_line_start(u, i))
		return true;
	const struct tok *p = &u->tok[i - 1];
	return p->kind == TK_PUNCT && strchr(".!?:([|*\"", u->f.s[p->a]);
}

/* "For release: immediately", "FOR RELEASE — IMMEDIATE", "For release on
 * receipt" are release lines of an immediate release. */
static bool immediate_after(const struct unit *u, size_t e)
{
	static const char *const now[] = {"immediate", "immediately", "now", "upon", NULL};
	while (tok_punct(u, e, ':') || tok_punct(u, e, '-'))
		e++;
	return tok_in(u, e, now) || (tok_is(u, e, "on") && tok_is(u, e + 1, "receipt"));
}

/* ---- sentences ---- */

/* Words a "." after which does not end a sentence. */
static const char *const abbreviations[] = {
    "mr",   "mrs",  "ms",    "dr",   "prof",   "st",  "no",  "nr",  "inc", "ltd",  "co",
    "corp", "jr",   "sr",    "vs",   "approx", "ca",  "jan", "feb", "mar", "apr",  "jun",
    "jul",  "aug",  "sep",   "sept", "oct",    "nov", "dec", "mon", "tue", "tues", "wed",
    "thu",  "thur", "thurs", "fri",  "sat",    "sun", "hrs", "hr",  "min", "gov",  "dept",
    "univ", "ave",  "etc",   "incl", "abs",    "art", "cf",  "ed",  "eds", "fig",  "vol",
    "janv", "fevr", "avr",   "juil", "sept",   "okt", "mrz", "dez", "ene", "dic",  "ago",
    "gen",  "giu",  "lug",   "ott",  "mei",    "mrt", "ma",  "di",  "wo",  "do",   "vr",
    "za",   "zo",   "lun",   "mar",  "mer",    "jeu", "ven", "sam", "dim", "uhr",  NULL};

/* Does a sentence end at token j ("." "!" "?" before a space and a capital,
 * a digit, a quote or the end)? */
static bool sentence_ends(const struct unit *u, size_t j)
{
	const struct tok *t = &u->tok[j];
	char c = u->f.s[t->a];
	if (t->kind != TK_PUNCT || !strchr(".!?", c))
		return false;
	if (j + 1 >= u->ntok)
		return true;
	if (u->tok[j + 1].a == t->b)
		return false; /* "10.30", "a.m" */
	unsigned char n = (unsigned char)u->text[u->f.map[u->tok[j + 1].a]];
	if (!((n >= 'A' && n <= 'Z') || (n >= '0' && n <= '9') || n >= 0x80 || strchr("\"'(*[", n)))
		return false;
	if (c != '.' || j == 0)
		return true;
	const struct tok *p = &u->tok[j - 1];
	if (p->b != t->a)
		return true;
	if (p->kind == TK_WORD)
		return p->b - p->a > 1 && !tok_in(u, j - 1, abbreviations);
	/* "14. Mai 2024": a day before its month, not the end of a sentence */
	return !(p->kind == TK_NUM && p->b - p->a <= 2);
}

/* The sentence around tokens [t0, t1): token range [*s, *e). */
static void sentence_of(const struct unit *u, size_t t0, size_t t1, size_t *s, size_t *e)
{
	*s = t0;
	while (*s > 0 && !sentence_ends(u, *s - 1) &&
	       u->tok[t0].a - u->tok[*s - 1].a < SENTENCE_MAX / 2)
		(*s)--;
	*e = t1;
	while (*e < u->ntok && u->tok[*e].b - u->tok[t1 - 1].b < SENTENCE_MAX / 2) {
		(*e)++;
		if (sentence_ends(u, *e - 1))
			break;
	}
}

/* ---- finding the statements of a unit ---- */

struct trigger {
	size_t t0, t1; /* the form's tokens */
	enum strength strength;
	bool bare; /* the word "embargo" alone, in no form */
};

/* The first words of the forms, sorted, each with its form: most words
 * start none and are passed over after a binary search, and a word that
 * starts some is matched against those only. */
struct first_word {
	char w[24];
	size_t form;
};

struct first_words {
	struct first_word *v;
	size_t n;
};

static int cmp_first(const void *a, const void *b)
{
	const struct first_word *x = a, *y = b;
	int c = strcmp(x->w, y->w);
	return c ? c : (x->form > y->form) - (x->form < y->form);
}

static int cmp_key(const void *key, const void *b)
{
	return strcmp(key, ((const struct first_word *)b)->w);
}

static void first_words_init(struct first_words *fw)
{
	size_t nf = sizeof forms / sizeof forms[0];
	fw->v = xcalloc(nf, sizeof *fw->v);
	fw->n = 0;
	for (size_t k = 0; k < nf; k++) {
		size_t n = strcspn(forms[k].pat, " ");
		if (n < sizeof fw->v[0].w) {
			memcpy(fw->v[fw->n].w, forms[k].pat, n);
			fw->v[fw->n++].form = k;
		}
	}
	qsort(fw->v, fw->n, sizeof *fw->v, cmp_first);
}

/* The forms that token i may start: [*lo, *hi) of fw->v. */
static bool forms_starting(const struct unit *u, size_t i, const struct first_words *fw, size_t *lo,
                           size_t *hi)
{
	char w[24];
	size_t n = u->tok[i].b - u->tok[i].a;
	if (u->tok[i].kind != TK_WORD || n >= sizeof w)
		return false;
	memcpy(w, u->f.s + u->tok[i].a, n);
	w[n] = '\0';
	const struct first_word *hit = bsearch(w, fw->v, fw->n, sizeof *fw->v, cmp_key);
	if (!hit)
		return false;
	*lo = *hi = (size_t)(hit - fw->v);
	while (*lo > 0 && strcmp(fw->v[*lo - 1].w, w) == 0)
		(*lo)--;
	while (*hi < fw->n && strcmp(fw->v[*hi].w, w) == 0)
		(*hi)++;
	return true;
}

/* The longest form at token i that may stand there; false when none. */
static bool form_at(struct unit *u, size_t i, const struct first_words *fw, struct trigger *tr)
{
	size_t best = 0;
	enum strength strength = S_WEAK;
	unsigned flags = 0;
	size_t lo, hi;
	if (!forms_starting(u, i, fw, &lo, &hi))
		return false;
	/* the longest form says where it ends, the strongest how much it says:
	 * "EMBARGOED FOR DELIVERY" is "embargoed" at a line's start */
	for (size_t k = lo; k < hi; k++) {
		const struct form *f = &forms[fw->v[k].form];
		size_t e = match_pat(u, i, f->pat);
		if (e <= i || ((f->flags & F_START) && !at_sentence_start(u, i)) ||
		    ((f->flags & F_LINE) && !at_line_start(u, i)))
			continue;
		if (str_starts_with(f->pat, "for ") && immediate_after(u, e))
			return false;
		best = e - i > best ? e - i : best;
		strength = f->strength > strength ? f->strength : strength;
		flags |= f->flags;
	}
	if (!best)
		return false;
	*tr = (struct trigger){i, i + best, strength, false};
	for (size_t j = i; j < i + best; j++) {
		if (tok_is(u, j, "embargoed") && embargoed_describes(u, j))
			return false;
		if ((flags & F_TOPICAL) && tok_prefix(u, j, "embargo") && topical(u, j)) {
			u->topical_seen = true;
			return false;
		}
	}
	return true;
}

/* The word "embargo" (or "embargoed", "embargado") outside every form: a
 * statement only when its sentence gives a time, and not as a topic. */
static bool bare_word_at(struct unit *u, size_t i, struct trigger *tr)
{
	if (!tok_prefix(u, i, "embarg"))
		return false;
	if (tok_is(u, i, "embargoes") || tok_is(u, i, "embargos")) {
		u->topical_seen = true;
		return false;
	}
	/* part of an address or a file name: "embargo@example.org" */
	size_t a = u->f.map[u->tok[i].a], b = u->f.map[u->tok[i].b];
	if ((a > 0 && strchr("@/._", u->text[a - 1])) || strchr("@/_", u->text[b]))
		return false;
	if (tok_is(u, i, "embargoed") ? embargoed_describes(u, i) : topical(u, i)) {
		u->topical_seen = true;
		return false;
	}
	/* "the embargo on this paper" names the release: it says there is an
	 * embargo, with or without its time */
	bool named = tok_in(u, i + 1, object_words) && !object_is_topic(u, i + 2);
	*tr = (struct trigger){i, i + 1, named ? S_MENTION : S_WEAK, !named};
	return true;
}

static enum stmt_kind classify(enum strength st, enum timeparse_status ts)
{
	switch (ts) {
	case TIMEPARSE_INSTANT:
		return STMT_TIMED;
	case TIMEPARSE_ERROR:
		return STMT_UNREADABLE;
	case TIMEPARSE_DATE_ONLY:
		return st == S_WEAK ? STMT_NONE : STMT_DATED;
	case TIMEPARSE_NONE:
		break;
	}
	return st == S_WANTS ? STMT_UNREADABLE : st == S_MENTION ? STMT_MENTION : STMT_NONE;
}

static struct statement *push_statement(struct statements *st)
{
	st->v = xgrow(st->v, &st->cap, st->n + 1, sizeof *st->v);
	struct statement *s = &st->v[st->n++];
	memset(s, 0, sizeof *s);
	return s;
}

/* What the time grammar read in part of a sentence: the text (malloc'd),
 * where it starts in the unit's text, and the result. */
struct reading {
	char *text;
	size_t at;
	struct timeparse_result r;
};

static void reading_free(struct reading *rd)
{
	free(rd->text);
	timeparse_result_free(&rd->r);
	rd->text = NULL;
}

/* Read tokens [s, e) of the unit, with more text after them (NULL: none). */
static void read_span(const struct unit *u, size_t s, size_t e, const char *more,
                      const struct timeparse_opts *t, struct reading *rd)
{
	size_t a = u->f.map[u->tok[s].a], b = u->f.map[u->tok[e - 1].b];
	rd->text = more ? xasprintf("%.*s%s", (int)(b - a), u->text + a, more)
	                : xstrndup(u->text + a, b - a);
	rd->at = a;
	timeparse_scan(rd->text, t, &rd->r);
}

/* Keep the better of two readings in *best: an instant over anything, and
 * the first otherwise unless it read nothing at all. */
static void keep_better(struct reading *best, struct reading *other)
{
	bool take = other->r.status == TIMEPARSE_INSTANT ||
	            (best->r.status == TIMEPARSE_NONE && best->r.status != other->r.status &&
	             best->r.status != TIMEPARSE_INSTANT);
	if (best->r.status == TIMEPARSE_INSTANT)
		take = false;
	if (take) {
		reading_free(best);
		*best = *other;
	} else {
		reading_free(other);
	}
}

/* Where the clause of a form ends: at the parenthesis that closes one
 * opened before the form in its sentence ("... kunnen (onder embargo tot
 * dinsdag 27 maart, 10.00 uur) een exemplaar ... van 14.00 uur tot 16.00
 * uur ..."), else at the sentence's end. */
static size_t clause_end(const struct unit *u, size_t s, const struct trigger *tr, size_t e)
{
	int open = 0;
	for (size_t j = s; j < tr->t0; j++)
		open += tok_punct(u, j, '(') ? 1 : tok_punct(u, j, ')') && open > 0 ? -1 : 0;
	if (open <= 0)
		return e;
	for (size_t j = tr->t1; j < e; j++)
		if (tok_punct(u, j, ')'))
			return j > tr->t1 ? j : e;
	return e;
}

/* ", 16 June 2009": the one date the rest of the sentence gives (tokens
 * [s, t0) and [ce, e)), written in English for the grammar; NULL when it
 * gives none.  A clause that says only "until 11.15 uur die ochtend" is
 * read with its sentence's date, as a line's time takes the line's only
 * date. */
static char *sentence_date(const struct unit *u, size_t s, size_t t0, size_t ce, size_t e,
                           const struct timeparse_opts *t)
{
	static const char *const months[] = {"January",   "February", "March",    "April",
	                                     "May",       "June",     "July",     "August",
	                                     "September", "October",  "November", "December"};
	int y = 0, m = 0, d = 0, found = 0;
	size_t parts[2][2] = {{s, t0}, {ce, e}};
	for (int k = 0; k < 2; k++) {
		if (parts[k][0] >= parts[k][1])
			continue;
		struct reading rd;
		read_span(u, parts[k][0], parts[k][1], NULL, t, &rd);
		if ((rd.r.status == TIMEPARSE_INSTANT || rd.r.status == TIMEPARSE_DATE_ONLY) &&
		    rd.r.month >= 1 && rd.r.month <= 12) {
			if (found && (rd.r.year != y || rd.r.month != m || rd.r.day != d))
				found = 2;
			else if (!found)
				found = 1;
			y = rd.r.year;
			m = rd.r.month;
			d = rd.r.day;
		}
		reading_free(&rd);
	}
	return found == 1 ? xasprintf(", %d %s %d", d, months[m - 1], y) : NULL;
}

/* Read the sentence of tokens [s, e) around the form tr with the time
 * grammar and keep it when it is a statement.  The clause from the form on
 * is read first ("The briefing starts at 11.30; the embargo lifts at 00.01
 * on ..." is about 00.01), then the whole sentence ("Until 5 pm AEDT on
 * ..., this release is under embargo"), then the clause with the date the
 * rest of the sentence gives. */
static void read_sentence(const struct unit *u, size_t s, size_t e, const struct trigger *tr,
                          const struct timeparse_opts *t, struct statements *st)
{
	struct reading best, other;
	size_t ce = clause_end(u, s, tr, e);
	read_span(u, tr->t0, ce, NULL, t, &best);
	if (best.r.status != TIMEPARSE_INSTANT && (s < tr->t0 || ce < e)) {
		read_span(u, s, e, NULL, t, &other);
		keep_better(&best, &other);
	}
	if (best.r.status == TIMEPARSE_ERROR) {
		char *date = sentence_date(u, s, tr->t0, ce, e, t);
		if (date) {
			read_span(u, tr->t0, ce, date, t, &other);
			keep_better(&best, &other);
			free(date);
		}
	}
	enum stmt_kind kind = classify(tr->bare ? S_MENTION : tr->strength, best.r.status);
	if (kind == STMT_NONE) {
		reading_free(&best);
		return;
	}
	struct statement *sm = push_statement(st);
	sm->kind = kind;
	sm->bare = tr->bare;
	sm->read = best.text;
	size_t sa = u->f.map[u->tok[s].a], sb = u->f.map[u->tok[e - 1].b];
	sm->sentence = xstrndup(u->text + sa, sb - sa);
	sm->r = best.r;
	unit_where(u, u->f.map[u->tok[tr->t0].a], &sm->line, &sm->col);
	size_t at = best.r.status == TIMEPARSE_ERROR ? best.r.error_at : best.r.start;
	size_t len = u->f.map[u->tok[e - 1].b] - best.at;
	unit_where(u, best.at + (at < len ? at : 0), &sm->time_line, &sm->time_col);
	unit_where(u, sa, &sm->first, &(int){0});
	unit_where(u, sb > sa ? sb - 1 : sa, &sm->last, &(int){0});
}

static void scan_unit(struct unit *u, const struct first_words *fw, const struct timeparse_opts *t,
                      struct statements *st)
{
	size_t read_to = 0; /* the tokens before this one are in a sentence read */
	for (size_t i = 0; i < u->ntok && st->ntriggers < STATEMENTS_MAX; i++) {
		struct trigger tr;
		if (u->tok[i].kind != TK_WORD ||
		    !(form_at(u, i, fw, &tr) || bare_word_at(u, i, &tr)))
			continue;
		st->ntriggers++;
		i = tr.t1 - 1;
		if (tr.t0 < read_to)
			continue; /* one statement a sentence */
		size_t s, e;
		sentence_of(u, tr.t0, tr.t1, &s, &e);
		/* the strongest form of the sentence says what it is */
		for (size_t j = tr.t1; j < e; j++) {
			struct trigger more;
			if (form_at(u, j, fw, &more) && (more.strength > tr.strength || tr.bare)) {
				tr.strength =
				    more.strength > tr.strength ? more.strength : tr.strength;
				tr.bare = false;
			}
		}
		read_sentence(u, s < read_to ? read_to : s, e, &tr, t, st);
		read_to = e;
	}
}

/* ---- units ---- */

/* The last word of a line that leaves its sentence open. */
static const char *const open_words[] = {
    "until", "till", "til",   "to",  "on",  "at",    "of",  "before", "from",  "the",
    "and",   "or",   "prior", "for", "by",  "bis",   "um",  "ab",     "vor",   "am",
    "jusqu", "au",   "le",    "du",  "de",  "hasta", "las", "el",     "fino",  "alle",
    "al",    "ore",  "tot",   "om",  "ate", "as",    "a",   "is",     "avant", "antes",
    "prima", "voor", "en",    "et",  "y",   "e",     "und", "ou",     "o",     NULL};

/* Does line i run on into line i + 1 (same block)?  A line ending in ":",
 * ",", a dash or an open word does; so does a long line of prose wrapped
 * before a word in lower case.  A dateline with a place never continues
 * a statement: "EMBARGOED UNTIL:" does not borrow its time. */
static bool runs_on(const struct lines *ls, size_t i, const struct timeparse_opts *t)
{
	if (i + 1 >= ls->n || release_blank(ls->v[i + 1]))
		return false;
	char *k = fold_copy(ls->v[i]);
	str_trim(k);
	size_t n = strlen(k);
	bool open = n > 0 && strchr(":,-(/", k[n - 1]);
	if (!open && n > 0) {
		size_t w = n;
		while (w > 0 && word_byte((unsigned char)k[w - 1]))
			w--;
		for (const char *const *o = open_words; *o && !open && w < n; o++)
			open = strcmp(k + w, *o) == 0;
	}
	if (!open && utf8_width(ls->v[i], strlen(ls->v[i])) >= 60 && !strchr(".!?\"')", k[n - 1])) {
		const char *next = release_skip_blanks(ls->v[i + 1]);
		open = (*next >= 'a' && *next <= 'z') || (*next >= '0' && *next <= '9');
	}
	free(k);
	struct dateline d;
	return open && !(release_dateline(ls->v[i + 1], t, &d) && d.placed);
}

/* A line in a language embargo does not read that marks an embargo. */
static void scan_foreign(const struct lines *ls, size_t i, struct statements *st)
{
	char *k = fold_copy(ls->v[i]);
	const char *hit = NULL;
	for (const char *const *m = foreign_marks; *m && !hit; m++)
		hit = strstr(k, *m);
	if (hit) {
		struct statement *sm = push_statement(st);
		sm->kind = STMT_FOREIGN;
		sm->sentence = str_trim_text(xstrndup(ls->v[i], 300));
		sm->read = xstrdup(sm->sentence);
		sm->line = sm->first = sm->last = sm->time_line = i;
		/* the folded line keeps these marks' bytes where they are, but
		 * not always its other characters: find the mark in the original */
		const char *orig = strstr(ls->v[i], hit);
		size_t off = orig ? (size_t)(orig - ls->v[i]) : 0;
		sm->col = sm->time_col = (int)utf8_width(ls->v[i], off) + 1;
		st->ntriggers++;
	}
	free(k);
}

#define UNIT_MAX_LINES 40

/* The word "embargo" alone, in no form and not a topic ("the embargo has
 * been moved up to the end of this call"): in a release where the word is
 * never a topic it says the release is embargoed; where it is a topic
 * elsewhere ("the U.S. embargo ... the embargo has cost"), it is the same
 * topic, and a statement only when its sentence gives a time. */
static void settle_bare(struct statements *st)
{
	size_t k = 0;
	for (size_t i = 0; i < st->n; i++) {
		struct statement *s = &st->v[i];
		if (s->bare && st->topical_seen)
			s->kind = classify(S_WEAK, s->r.status);
		if (s->kind == STMT_NONE) {
			free(s->sentence);
			free(s->read);
			timeparse_result_free(&s->r);
			continue;
		}
		st->v[k++] = *s;
	}
	st->n = k;
}

void release_statements(const struct lines *ls, const struct timeparse_opts *t,
                        struct statements *st)
{
	memset(st, 0, sizeof *st);
	st->on_line = xcalloc(ls->n ? ls->n : 1, 1);
	struct first_words fw;
	first_words_init(&fw);
	for (size_t i = 0; i < ls->n && st->ntriggers < STATEMENTS_MAX;) {
		if (release_blank(ls->v[i])) {
			i++;
			continue;
		}
		size_t last = i;
		while (last - i < UNIT_MAX_LINES && runs_on(ls, last, t))
			last++;
		size_t before = st->n;
		for (size_t j = i; j <= last; j++)
			scan_foreign(ls, j, st);
		struct unit u;
		unit_init(&u, ls, i, last);
		scan_unit(&u, &fw, t, st);
		st->topical_seen |= u.topical_seen;
		unit_free(&u);
		(void)before;
		i = last + 1;
	}
	st->too_many = st->ntriggers >= STATEMENTS_MAX;
	free(fw.v);
	settle_bare(st);
	for (size_t k = 0; k < st->n; k++)
		if (!st->on_line[st->v[k].line])
			st->on_line[st->v[k].line] = (unsigned char)st->v[k].kind;
}

void statements_free(struct statements *st)
{
	for (size_t i = 0; i < st->n; i++) {
		free(st->v[i].sentence);
		free(st->v[i].read);
		timeparse_result_free(&st->v[i].r);
	}
	free(st->v);
	free(st->on_line);
	memset(st, 0, sizeof *st);
}
