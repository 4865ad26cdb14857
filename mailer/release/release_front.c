/*
 * release_front: the YAML front matter of a release (embargo-release(5);
 * doc/design.md "Releases, templates and messages"):
 * every field it sets overrides the text and is not searched for there.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "release.h"
#include "release_int.h"
#include "utf8.h"
#include "util.h"
#include "yamlload.h"

static int front_error(struct front *f, const struct value *v, const char *hint, const char *msg,
                       const char *key)
{
	return diag_error(&f->rel->diags, EX_DATAERR, f->rel->path, v->line, v->col, hint,
	                  "front matter: %s: %s", key, msg);
}

static int front_string(struct front *f, const struct value *v, const char *key, char **out)
{
	if (v->type != VALUE_STRING)
		return front_error(f, v, "write it as text", "must be a string", key);
	if (strpbrk(v->u.str.s, "\r\n"))
		return front_error(f, v, "keep it on one line", "must not contain a line break",
		                   key);
	free(*out);
	*out = xstrdup(v->u.str.s);
	return 0;
}

/* A title or subject: one line with some text in it (the Subject header is
 * never empty, and check must say so before send does). */
static int front_text(struct front *f, const struct value *v, const char *key, char **out)
{
	if (v->type == VALUE_STRING) {
		/* checked before front_string sets *out: on an error the field
		 * stays unset, as with front_string's own errors */
		char *t = str_trim_text(xstrdup(v->u.str.s));
		bool blank = *t == '\0';
		free(t);
		if (blank)
			return front_error(f, v, "write the headline, or remove the key",
			                   "is empty", key);
	}
	return front_string(f, v, key, out);
}

static int front_strings(struct front *f, const struct value *v, const char *key, char ***out,
                         size_t *n)
{
	if (v->type == VALUE_STRING) {
		release_push_str(out, n, xstrdup(v->u.str.s));
		return 0;
	}
	if (v->type != VALUE_LIST)
		return front_error(f, v, "write a list such as [a, b]", "must be a list of strings",
		                   key);
	for (size_t i = 0; i < v->u.list.n; i++) {
		const struct value *it = v->u.list.items[i];
		if (it->type != VALUE_STRING)
			return front_error(f, it, "write each item as text",
			                   "items must be strings", key);
		release_push_str(out, n, xstrdup(it->u.str.s));
	}
	return 0;
}

/* The column of byte off of a string value: columns count characters, and
 * a quoted value starts after its quote (libyaml marks the quote). */
static int value_col(const struct front *f, const struct value *v, size_t off)
{
	const char *p = f->text;
	for (int line = 1; line < v->line && p; line++) {
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	int col = v->col;
	for (int c = 1; p && *p && *p != '\n' && c < v->col; c++)
		p += utf8_seqlen((unsigned char)*p);
	if (p && (*p == '"' || *p == '\''))
		col++;
	return col + (int)utf8_width(v->u.str.s, off);
}

static int front_time(struct front *f, const struct value *v, const char *key, time_t *at,
                      int *offset, char **text, char **rule)
{
	if (v->type != VALUE_STRING)
		return front_error(f, v, "write a date and time with a zone, in quotes",
		                   "must be a string", key);
	struct timeparse_result r;
	timeparse_scan(v->u.str.s, &f->time, &r);
	int rc = 0;
	if (r.status == TIMEPARSE_INSTANT) {
		*at = r.instant;
		*offset = r.utc_offset;
		free(*text);
		*text = xstrdup(v->u.str.s);
		if (rule) {
			free(*rule);
			*rule = r.zone_rule ? xstrdup(r.zone_rule) : NULL;
		}
	} else if (r.status == TIMEPARSE_ERROR) {
		rc = diag_error(&f->rel->diags, EX_DATAERR, f->rel->path, v->line,
		                value_col(f, v, r.error_at), r.hint, "front matter: %s \"%s\": %s",
		                key, v->u.str.s, r.error);
	} else {
		rc = front_error(f, v, "write a date, a time and a zone: \"2023-08-14 12:00 EDT\"",
		                 "needs a date, a time and a zone", key);
	}
	timeparse_result_free(&r);
	return rc;
}

static int front_contacts(struct front *f, const struct value *v)
{
	if (v->type != VALUE_LIST)
		return front_error(f, v, "write a list of {role, name, title, org, phone, email}",
		                   "must be a list", "contacts");
	struct release *rel = f->rel;
	contacts_free(rel->contacts, rel->ncontacts);
	rel->contacts = NULL;
	rel->ncontacts = 0;
	for (size_t i = 0; i < v->u.list.n; i++) {
		const struct value *m = v->u.list.items[i];
		if (m->type != VALUE_MAP)
			return front_error(f, m, "write each contact as {name: ..., phone: ...}",
			                   "each contact must be a map", "contacts");
		struct contact *c = contacts_add(&rel->contacts, &rel->ncontacts);
		for (size_t k = 0; k < m->u.map.n; k++) {
			size_t j = 0;
			while (j < CONTACT_NFIELDS &&
			       strcmp(contact_keys[j], m->u.map.keys[k]) != 0)
				j++;
			if (j == CONTACT_NFIELDS)
				return front_error(f, m->u.map.vals[k],
				                   "use role, name, title, org, phone or email",
				                   "unknown contact field", m->u.map.keys[k]);
			if (front_string(f, m->u.map.vals[k], contact_keys[j],
			                 contact_field(c, j)) < 0)
				return -1;
		}
	}
	return 0;
}

static int front_advance(struct front *f, const struct value *v)
{
	struct release *rel = f->rel;
	if (v->type != VALUE_MAP)
		return front_error(f, v, "write advance: {lists: [NAME], at: \"TIME\"}",
		                   "must be a map", "advance");
	for (size_t k = 0; k < v->u.map.n; k++) {
		const char *key = v->u.map.keys[k];
		const struct value *x = v->u.map.vals[k];
		int offset;
		if (strcmp(key, "lists") == 0) {
			if (front_strings(f, x, "advance.lists", &rel->advance.lists,
			                  &rel->advance.nlists) < 0)
				return -1;
		} else if (strcmp(key, "at") == 0) {
			if (front_time(f, x, "advance.at", &rel->advance.at, &offset,
			               &rel->advance.at_text, NULL) < 0)
				return -1;
			rel->advance.has_at = true;
		} else {
			return front_error(f, x, "use lists and at", "unknown key", key);
		}
	}
	return 0;
}

static int front_status(struct front *f, const struct value *v)
{
	if (v->type == VALUE_STRING && strcmp(v->u.str.s, "immediate") == 0)
		f->rel->status = RELEASE_IMMEDIATE;
	else if (v->type == VALUE_STRING && strcmp(v->u.str.s, "embargoed") == 0)
		f->rel->status = RELEASE_EMBARGOED;
	else
		return front_error(f, v, "write immediate or embargoed", "unknown status",
		                   "status");
	return 0;
}

static int front_format(struct front *f, const struct value *v)
{
	if (v->type == VALUE_STRING && strcmp(v->u.str.s, "markdown") == 0)
		f->rel->markdown = true;
	else if (v->type == VALUE_STRING && strcmp(v->u.str.s, "text") == 0)
		f->rel->markdown = false;
	else
		return front_error(f, v, "write text or markdown", "unknown format", "format");
	return 0;
}

static int front_timezone(struct front *f, const struct value *v)
{
	char *tz = NULL;
	if (front_string(f, v, "timezone", &tz) < 0)
		return -1;
	char *path = xasprintf("/usr/share/zoneinfo/%s", tz);
	bool ok = tz[0] != '/' && !strstr(tz, "..") && access(path, R_OK) == 0;
	free(path);
	if (!ok) {
		free(tz);
		return front_error(f, v, "write an IANA zone name such as America/New_York",
		                   "not a known time zone", "timezone");
	}
	free(f->timezone);
	f->timezone = tz;
	f->time.timezone = tz;
	return 0;
}

static int front_key(struct front *f, const struct value *root, size_t i)
{
	const char *key = root->u.map.keys[i];
	const struct value *v = root->u.map.vals[i];
	struct release *rel = f->rel;
	if (strcmp(key, "timezone") == 0)
		return 0; /* read first, in front_apply */
	if (strcmp(key, "id") == 0) {
		if (front_string(f, v, key, &rel->id) < 0)
			return -1;
		if (!release_id_ok(rel->id))
			return front_error(f, v, "use lower-case letters, digits, '.', '_' and '-'",
			                   "not a valid release ID", key);
		return 0;
	}
	if (strcmp(key, "title") == 0)
		return front_text(f, v, key, &rel->title);
	if (strcmp(key, "subject") == 0)
		return front_text(f, v, key, &rel->subject);
	if (strcmp(key, "template") == 0)
		return front_string(f, v, key, &rel->template_name);
	if (strcmp(key, "from") == 0)
		return front_string(f, v, key, &rel->from);
	if (strcmp(key, "reply_to") == 0)
		return front_string(f, v, key, &rel->reply_to);
	if (strcmp(key, "status") == 0)
		return front_status(f, v);
	if (strcmp(key, "format") == 0)
		return front_format(f, v);
	if (strcmp(key, "lists") == 0)
		return front_strings(f, v, key, &rel->lists, &rel->nlists);
	if (strcmp(key, "attachments") == 0)
		return front_strings(f, v, key, &rel->attachments, &rel->nattachments);
	if (strcmp(key, "contacts") == 0)
		return front_contacts(f, v);
	if (strcmp(key, "advance") == 0)
		return front_advance(f, v);
	if (strcmp(key, "release_at") == 0) {
		if (front_time(f, v, key, &rel->release_at, &rel->utc_offset, &rel->release_text,
		               &rel->zone_rule) < 0)
			return -1;
		rel->has_instant = true;
		free(rel->release_source);
		rel->release_source = xasprintf("%s:%d", rel->path, v->line);
		return 0;
	}
	return diag_error(&rel->diags, EX_DATAERR, rel->path, root->u.map.key_lines[i],
	                  root->u.map.key_cols[i],
	                  "known keys: id, title, subject, release_at, timezone, status, contacts, "
	                  "lists, attachments, template, from, reply_to, format, advance",
	                  "front matter: unknown key \"%s\"", key);
}

static void front_apply(struct front *f, const struct value *root)
{
	if (root->type == VALUE_NULL)
		return;
	if (root->type != VALUE_MAP) {
		front_error(f, root, "write key: value lines between the --- lines",
		            "must be a map of keys", "front matter");
		return;
	}
	const struct value *tz = value_map_get(root, "timezone");
	if (tz && front_timezone(f, tz) < 0)
		return;
	for (size_t i = 0; i < root->u.map.n; i++) {
		if (front_key(f, root, i) == 0)
			value_map_set_string(f->rel->sources, root->u.map.keys[i], "front matter");
	}
}

size_t release_front_matter(struct release *rel, const char *text, struct front *f, int *next_line)
{
	f->text = text;
	*next_line = 1;
	if (strncmp(text, "---\n", 4) != 0)
		return 0;
	const char *p = text + 4;
	int line = 2;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if ((n == 3 && (strncmp(p, "---", 3) == 0 || strncmp(p, "...", 3) == 0))) {
			struct value *root =
			    yamlload_buffer(text + 4, (size_t)(p - text - 4), rel->path, 1, 0,
			                    EX_DATAERR, &rel->diags);
			if (root)
				front_apply(f, root);
			value_free(root);
			*next_line = line + 1;
			return (size_t)(p - text) + n + (nl ? 1 : 0);
		}
		p += n + (nl ? 1 : 0);
		line++;
	}
	diag_error(&rel->diags, EX_DATAERR, rel->path, 1, 1,
	           "end the front matter with a line of three dashes: ---",
	           "front matter is not closed");
	return strlen(text);
}
