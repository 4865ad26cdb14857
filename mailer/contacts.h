/*
 * contacts: the media-contacts block of a release.
 *
 * Reads the common shapes: "Contact: Name, phone, Name, phone" on one line;
 * a "Media contact(s):" block with name, title, organisation, email and phone
 * on separate lines; "Name | Title"; "(O)"/"(M)" phone labels; "For more
 * information, contact Name at email or phone".  Phones are kept as written.
 */
#ifndef EMBARGO_CONTACTS_H
#define EMBARGO_CONTACTS_H

#include <stddef.h>

struct contact {
	char *name;
	char *title;
	char *org;
	char *phone; /* the number(s) as written, "+1 (571) 882-4825" */
	char *email;
};

/* Parse the text of a contact line or block (lines separated by '\n').
 * Appends to *v / *n.  Returns the number of contacts found. */
size_t contacts_parse(const char *text, struct contact **v, size_t *n);
void contacts_free(struct contact *v, size_t n);

/* True when s looks like a phone number (digits, spaces, +, -, (, ), . and
 * at least 7 digits). */
int contacts_is_phone(const char *s);

#endif
