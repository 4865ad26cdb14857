/*
 * contacts: the media-contacts block of a release.
 *
 * Reads the common shapes: "Contact: Name, phone, Name, phone" on one line;
 * a "Media contact(s):" block with name, title, organisation, email and phone
 * on separate lines (several contacts separated by blank lines or following
 * each other); "Name | Title"; "(O)"/"(M)"/"Tel:"/"Mobile:" phone labels,
 * kept with the number; "Email:" labels, dropped from the address; "Jane Doe
 * <jane@example.org>"; "Press office: 020 7946 0000"; and the sentence "For
 * more information, contact Name at email or phone".  Phones and emails are
 * kept as written (several of one contact joined by ", "); whether an email
 * is a valid address is for the caller to say (a warning, not an error).
 * Nothing that is not a label is dropped: text after a name, a title and an
 * organisation is added to the organisation.
 */
#ifndef EMBARGO_CONTACTS_H
#define EMBARGO_CONTACTS_H

#include <stdbool.h>
#include <stddef.h>

struct contact {
	/* the label the release put before the contact ("Media", "Investors",
	 * "Media Relations" of "Investors: Jane Doe, ..."), or NULL */
	char *role;
	char *name; /* NULL when the block names only a phone or an address */
	char *title;
	char *org;
	char *phone; /* the number(s) as written, "+1 (571) 882-4825" */
	char *email; /* as written, without an "Email:" label or angle brackets */
};

/* The fields of a contact by name, in the order `check` shows them:
 * contact_keys[i] names *contact_field(c, i).  The check document, the
 * templates' values and the front matter all walk this one table. */
enum { CONTACT_ROLE, CONTACT_NFIELDS = 6 };
extern const char *const contact_keys[CONTACT_NFIELDS];
char **contact_field(struct contact *c, size_t i);
const char *contact_value(const struct contact *c, size_t i);

/* Parse the text of a contact line or block (lines separated by '\n'; a
 * label such as "Media contacts:" on the first line is skipped).  Appends to
 * *v / *n.  Returns the number of contacts found.  Every contact has a name,
 * a phone or an email; no field holds a line break. */
size_t contacts_parse(const char *text, struct contact **v, size_t *n);
void contacts_free(struct contact *v, size_t n);

/* Append one zeroed contact to *v / *n and return it.  The array's capacity
 * is the next power of two of *n, so appending is linear (a release can
 * hold 30,000 contact blocks); an array given to contacts_parse or
 * contacts_add must only ever have grown through them (or be NULL, 0). */
struct contact *contacts_add(struct contact **v, size_t *n);

/* True when s names an organisation or an office ("Example University",
 * "Ministry of Example", "the press office"). */
bool contacts_org_like(const char *s);

/* True when s names a person ("Jane Doe"), an organisation or an office
 * ("Ministry for Foreign Affairs", "the press office"). */
bool contacts_name_like(const char *s);

/* True when s looks like a phone number: an optional label ("Tel:", "(M)"),
 * digits, spaces, + - ( ) . and at least 7 digits, an optional extension
 * ("ext. 12"); several numbers may be separated by '/'. */
int contacts_is_phone(const char *s);

/* A line that only gives a number or an address, after a label of a few
 * words for a number ("Out of hours: 07700 900 555", "Email: a@b.org"). */
bool contacts_reach_only(const char *line);

/* The length of a contacts label at the start of line ("Media contacts:",
 * "For further information, please contact:", "For more information,
 * contact"), 0 when there is none.  *sentence is set when the label runs on
 * into a sentence ("contact Jane Doe at jane@example.org"). */
size_t contacts_label(const char *line, bool *sentence);

/* True when block (lines separated by '\n') starts a contacts block: a
 * label, or an office named before a colon ("Press office: ..."); a
 * sentence, an office or a label without the word "contact" ("For more
 * information") must give a phone or an address. */
bool contacts_block_start(const char *block);
/* The first line of a block that contacts_block_start may say yes to (a
 * label or an office): the cheap test before the block is joined. */
bool contacts_line_may_start(const char *line);

/* True when block looks like a contact written without a label (after
 * "###", or after a "Media contacts:" line): up to eight short lines, or one
 * line of fields separated by ',' or '|'; a name first; a phone or an
 * address. */
bool contacts_block_like(const char *block);

/* The contacts that sentences of text give ("To contact the author, email
 * Jane Doe at jane@example.org.", "For more information, contact the
 * Centre for Example Studies, telephone 021 650 2885.", "(For more
 * information: Jane Doe - Tel.: +32 2 29 96302; John Roe - Tel.: ...)"):
 * each number or address after a word that says so ("contact", "call",
 * "email", "For more information") belongs to the last name or
 * organisation written before it.  Appends to *v / *n; returns how many. */
size_t contacts_from_sentences(const char *text, struct contact **v, size_t *n);

/* Drop a contact that repeats an earlier one: the same name (or none) and
 * no number or address the earlier one lacks. */
void contacts_dedupe(struct contact *v, size_t *n);

#endif
