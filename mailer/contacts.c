#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "contacts.h"
#include "util.h"

int contacts_is_phone(const char *s)
{
	int digits = 0;
	const char *p = s;
	/* Allow a label such as "Tel:", "(O)", "M:" in front of the number. */
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (isdigit(c))
			digits++;
		else if (!strchr(" +-().\t/", c) && !(digits == 0 && isalpha(c)) && c != ':')
			return 0;
	}
	return digits >= 7;
}

static int is_email(const char *s)
{
	const char *at = strchr(s, '@');
	return at && at != s && strchr(at, '.') && !strchr(s, ' ');
}

static struct contact *contact_new(struct contact **v, size_t *n, const char *name)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	struct contact *c = &(*v)[(*n)++];
	memset(c, 0, sizeof *c);
	c->name = xstrdup(name);
	return c;
}

static void append_field(char **field, const char *s)
{
	if (!*field) {
		*field = xstrdup(s);
		return;
	}
	char *joined = xasprintf("%s, %s", *field, s);
	free(*field);
	*field = joined;
}

/* One token of a contact line or block: a phone or email belongs to the
 * current contact; other text starts a new contact when the current one
 * already has a way to reach it, else it is the current one's title, then
 * organisation. */
static void take_token(const char *tok, struct contact **v, size_t *n, size_t first)
{
	struct contact *cur = *n > first ? &(*v)[*n - 1] : NULL;
	if (contacts_is_phone(tok)) {
		if (cur)
			append_field(&cur->phone, tok);
		return;
	}
	if (is_email(tok)) {
		if (cur && !cur->email)
			cur->email = xstrdup(tok);
		return;
	}
	if (!cur || cur->phone || cur->email)
		contact_new(v, n, tok);
	else if (!cur->title)
		cur->title = xstrdup(tok);
	else if (!cur->org)
		cur->org = xstrdup(tok);
}

static const char *strip_label(const char *line)
{
	static const char *labels[] = {"media contacts:", "media contact:", "press contacts:",
	                               "press contact:", "contacts:", "contact:"};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (str_starts_with_ci(line, labels[i]))
			return line + strlen(labels[i]);
	return line;
}

size_t contacts_parse(const char *text, struct contact **v, size_t *n)
{
	size_t first = *n;
	char *copy = xstrdup(text);
	char *save_line = NULL;
	for (char *line = strtok_r(copy, "\n", &save_line); line;
	     line = strtok_r(NULL, "\n", &save_line)) {
		char *rest = xstrdup(strip_label(line));
		char *save_tok = NULL;
		for (char *tok = strtok_r(rest, ",|", &save_tok); tok;
		     tok = strtok_r(NULL, ",|", &save_tok)) {
			str_trim(tok);
			if (*tok)
				take_token(tok, v, n, first);
		}
		free(rest);
	}
	free(copy);
	return *n - first;
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
