#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "address.h"
#include "recipients.h"
#include "utf8.h"
#include "util.h"


/* A set of addresses compared by merge key (address_key: the local part as
 * is, the domain without case) or, folded, without case altogether; without
 * building the keys: open addressing, linear probing, kept at most half
 * full, so a 200,000-entry send is linear, not quadratic, and holds no copy
 * of its addresses. */
struct keyset {
	char **slots; /* NULL: empty */
	size_t cap;   /* a power of two */
	size_t n;
	bool owned; /* the set frees its keys (else they are borrowed) */
	bool fold;  /* the local part without case too */
};

static unsigned char key_lower(char c)
{
	return (unsigned char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

static uint64_t keyset_hash(const struct keyset *ks, const char *s)
{
	uint64_t h = 14695981039346656037u; /* FNV-1a */
	const char *dom = ks->fold ? s : address_domain(s);
	for (const char *p = s; *p; p++) {
		h ^= p < dom ? (unsigned char)*p : key_lower(*p);
		h *= 1099511628211u;
	}
	return h;
}

static bool keyset_same(const struct keyset *ks, const char *a, const char *b)
{
	const char *da = ks->fold ? a : address_domain(a), *db = ks->fold ? b : address_domain(b);
	if (da - a != db - b || memcmp(a, b, (size_t)(da - a)) != 0)
		return false;
	for (; *da && key_lower(*da) == key_lower(*db); da++)
		db++;
	return *da == '\0' && *db == '\0';
}

static void keyset_init(struct keyset *ks, size_t expect, bool owned, bool fold)
{
	ks->cap = 16;
	while (ks->cap < expect * 2)
		ks->cap *= 2;
	ks->slots = xcalloc(ks->cap, sizeof *ks->slots);
	ks->n = 0;
	ks->owned = owned;
	ks->fold = fold;
}

static void keyset_free(struct keyset *ks)
{
	for (size_t i = 0; ks->owned && i < ks->cap; i++)
		free(ks->slots[i]);
	free(ks->slots);
	memset(ks, 0, sizeof *ks);
}

static size_t keyset_slot(const struct keyset *ks, const char *key)
{
	size_t i = (size_t)keyset_hash(ks, key) & (ks->cap - 1);
	while (ks->slots[i] && !keyset_same(ks, ks->slots[i], key))
		i = (i + 1) & (ks->cap - 1);
	return i;
}

/* The key of the set equal to key, or NULL. */
static const char *keyset_find(const struct keyset *ks, const char *key)
{
	return ks->slots[keyset_slot(ks, key)];
}

static bool keyset_has(const struct keyset *ks, const char *key)
{
	return keyset_find(ks, key) != NULL;
}

static void keyset_grow(struct keyset *ks)
{
	struct keyset bigger;
	keyset_init(&bigger, ks->cap, ks->owned, ks->fold);
	for (size_t i = 0; i < ks->cap; i++)
		if (ks->slots[i])
			bigger.slots[keyset_slot(&bigger, ks->slots[i])] = ks->slots[i];
	bigger.n = ks->n;
	free(ks->slots);
	*ks = bigger;
}

/* Add key (taken over by an owning set).  Returns true when it was new; a
 * key already there is freed by an owning set. */
static bool keyset_add(struct keyset *ks, char *key)
{
	size_t i = keyset_slot(ks, key);
	if (ks->slots[i]) {
		if (ks->owned)
			free(key);
		return false;
	}
	ks->slots[i] = key;
	if (++ks->n * 2 > ks->cap)
		keyset_grow(ks);
	return true;
}

/* ---- the suppression file ---- */

/* Cut a trailing comment ("addr<TAB># why"): '#' after a blank.  Returns
 * the comment's text (after "#", trimmed) inside line, or NULL. */
static char *cut_comment(char *line)
{
	for (char *p = line; *p; p++)
		if ((*p == ' ' || *p == '\t') && p[1 + strspn(p + 1, " \t")] == '#') {
			char *c = p + 1 + strspn(p + 1, " \t") + 1;
			*p = '\0';
			str_trim(line);
			return str_trim(c);
		}
	return NULL;
}

/* The next line of buf[*pos..len), trimmed, in a new string; NULL at the end. */
static char *next_line(const char *buf, size_t len, size_t *pos)
{
	if (*pos >= len)
		return NULL;
	const char *start = buf + *pos;
	const char *nl = memchr(start, '\n', len - *pos);
	size_t n = nl ? (size_t)(nl - start) : len - *pos;
	*pos += n + (nl ? 1 : 0);
	return str_trim(xstrndup(start, n));
}

/* Invalid UTF-8 or a NUL byte is named by its offset, line and column, as
 * in every other input (a NUL would otherwise cut the line short). */
static int suppress_check_text(const char *file, const char *buf, size_t len, struct diags *d)
{
	return utf8_check(buf, len, file, 0, EX_DATAERR,
	                  "save the file as UTF-8 (without NUL bytes)", d);
}

/* Read the suppression file into ks; *ends_nl tells whether the file is
 * empty or ends with a newline.  A missing file (or none) suppresses nothing. */
static int suppress_read(const char *file, struct keyset *ks, bool *ends_nl, struct strmap *notes,
                         struct diags *d)
{
	char *buf;
	size_t len;
	/* Without case altogether: most mail systems ignore the case of the
	 * local part, and an address someone asked to leave is never sent to,
	 * however a list writes it. */
	keyset_init(ks, 64, true, true);
	*ends_nl = true;
	if (!file)
		return 0;
	if (file_read_all(file, SUPPRESS_MAX_FILE_SIZE, &buf, &len) < 0) {
		if (errno == ENOENT)
			return 0;
		if (errno == EFBIG)
			return diag_error(d, EX_DATAERR, file, 0, 0, "split it, or remove old entries",
			                  "the suppression file is larger than %u bytes",
			                  SUPPRESS_MAX_FILE_SIZE);
		return diag_error(d, EX_DATAERR, file, 0, 0, "check the path set as suppress_file",
		                  "cannot read the suppression file: %s", strerror(errno));
	}
	*ends_nl = len == 0 || buf[len - 1] == '\n';
	if (suppress_check_text(file, buf, len, d) < 0) {
		free(buf);
		return -1;
	}
	/* a byte order mark (Windows editors) is not part of the first line */
	size_t pos = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	size_t before = diags_errors(d);
	char *line;
	for (int lineno = 1; (line = next_line(buf, len, &pos)) != NULL; lineno++) {
		char *ascii, *why;
		if (line[0] == '\0' || line[0] == '#') {
			free(line);
			continue;
		}
		char *note = cut_comment(line);
		if (address_parse(line, &ascii, &why) < 0) {
			diag_error(d, EX_DATAERR, file, lineno, 1,
			           "write one address a line; '#' starts a comment line",
			           "invalid address in the suppression file: %s", why);
			free(why);
		} else {
			if (notes) {
				char *k = str_lower(ascii);
				free(strmap_put(notes, k, xstrdup(note ? note : "")));
				free(k);
			}
			keyset_add(ks, address_key(ascii));
			free(ascii);
		}
		free(line);
	}
	free(buf);
	return diags_errors(d) > before ? -1 : 0;
}

/* ---- the audience ---- */

static void push(const struct recipient ***v, size_t *n, size_t *cap, const struct recipient *r)
{
	*v = xgrow(*v, cap, *n + 1, sizeof **v);
	(*v)[(*n)++] = r;
}

/* The recipient whose address is the string at email (a list's storage):
 * looked for only for a warning, so a walk is fine. */
static const struct recipient *by_email(struct list *const *lists, size_t nlists,
                                        const char *email)
{
	for (size_t i = 0; i < nlists; i++)
		for (size_t j = 0; j < lists[i]->n; j++)
			if (lists[i]->r[j].email == email)
				return &lists[i]->r[j];
	return NULL;
}

/* Two entries whose addresses differ only in the case of the local part are
 * two recipients (doc/design.md "Never twice": only the domain is compared
 * without case), but
 * most mail systems deliver them to one mailbox: the journalist would get
 * two copies.  Say so, with both places. */
static void warn_case_twin(const struct recipient *r, const struct recipient *first,
                           struct diags *d)
{
	if (!r->list || !first || !first->list)
		return;
	diag_warning(d, r->list->path, r->line, r->col,
	             "remove one of the two entries, or write the address the same way in both "
	             "(they are then merged)",
	             "%s differs from %s (%s:%d) only in case: most mail systems deliver both to "
	             "one mailbox, so that journalist would get two copies",
	             r->email, first->email, first->list->path, first->line);
}

/* Is r's address new to the audience?  seen holds the first of each
 * address without case; variants the later spellings that differ from it
 * in the local part's case, each a recipient of its own (with a warning). */
static bool audience_new(struct list *const *lists, size_t nlists, struct keyset *seen,
                         struct keyset *variants, const struct recipient *r, struct diags *d)
{
	const char *first = keyset_find(seen, r->email);
	if (!first)
		return keyset_add(seen, r->email);
	if (keyset_same(variants, first, r->email) || !keyset_add(variants, r->email))
		return false; /* the same address again */
	warn_case_twin(r, by_email(lists, nlists, first), d);
	return true;
}

int audience_build(struct list *const *lists, size_t nlists, const char *suppress_file,
                   struct audience *a, struct diags *d)
{
	memset(a, 0, sizeof *a);
	struct keyset suppressed, seen, variants;
	bool ends_nl;
	if (suppress_read(suppress_file, &suppressed, &ends_nl, NULL, d) < 0) {
		keyset_free(&suppressed);
		return -1;
	}
	size_t total = 0, cap_to = 0, cap_sup = 0;
	for (size_t i = 0; i < nlists; i++)
		total += lists[i]->n;
	keyset_init(&seen, total, false, true);
	keyset_init(&variants, 16, false, false);
	for (size_t i = 0; i < nlists; i++) {
		for (size_t j = 0; j < lists[i]->n; j++) {
			const struct recipient *r = &lists[i]->r[j];
			if (!audience_new(lists, nlists, &seen, &variants, r, d))
				a->merged++;
			else if (keyset_has(&suppressed, r->email))
				push(&a->suppressed, &a->nsuppressed, &cap_sup, r);
			else
				push(&a->to, &a->n, &cap_to, r);
		}
	}
	keyset_free(&seen);
	keyset_free(&variants);
	keyset_free(&suppressed);
	return 0;
}

void audience_free(struct audience *a)
{
	free(a->to);
	free(a->suppressed);
	memset(a, 0, sizeof *a);
}

/* ---- adding to the file ---- */

static int suppress_append(const char *file, const char *line, struct diags *d)
{
	/* O_NOFOLLOW: an address is never appended through a symbolic link
	 * planted at the name, to a file the link points to */
	int fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0 && errno == ELOOP)
		return diag_error(
		    d, EX_CANTCREAT, file, 0, 0,
		    "replace the link with the file itself, or set suppress_file to it",
		    "the suppression file is a symbolic link: embargo does not write "
		    "through one");
	if (fd < 0)
		return diag_error(d, EX_CANTCREAT, file, 0, 0,
		                  "check that the directory exists and is writable",
		                  "cannot open the suppression file: %s", strerror(errno));
	size_t n = strlen(line);
	/* one write: lines from two processes never interleave */
	ssize_t w = write(fd, line, n);
	int e = errno;
	if (w == (ssize_t)n && fsync(fd) < 0) {
		e = errno;
		w = -1;
	}
	close(fd);
	if (w != (ssize_t)n)
		return diag_error(d, EX_IOERR, file, 0, 0, NULL,
		                  "cannot write the suppression file: %s",
		                  w < 0 ? strerror(e) : "short write");
	return 0;
}

int suppress_add(const char *suppress_file, const char *addr, struct diags *d)
{
	return suppress_add_note(suppress_file, addr, NULL, d);
}

int suppress_notes(const char *suppress_file, struct strmap *notes, struct diags *d)
{
	struct keyset ks;
	bool ends_nl;
	int r = suppress_read(suppress_file, &ks, &ends_nl, notes, d);
	keyset_free(&ks);
	return r;
}

int suppress_add_note(const char *suppress_file, const char *addr, const char *note,
                      struct diags *d)
{
	char *ascii, *why;
	if (!suppress_file)
		return diag_error(d, EX_CONFIG, NULL, 0, 0,
		                  "set suppress_file in the configuration",
		                  "no suppression file is configured");
	if (address_parse(addr, &ascii, &why) < 0) {
		diag_error(d, EX_DATAERR, NULL, 0, 0, "give one address such as name@example.com",
		           "invalid address: %s", why);
		free(why);
		return -1;
	}
	struct keyset ks;
	bool ends_nl;
	int r = suppress_read(suppress_file, &ks, &ends_nl, NULL, d);
	char *key = address_key(ascii);
	if (r == 0 && keyset_has(&ks, key)) {
		r = 1;
	} else if (r == 0) {
		/* a file whose last line lacks its newline gets one first */
		char *line = note ? xasprintf("%s%s\t# %s\n", ends_nl ? "" : "\n", ascii, note)
		                  : xasprintf("%s%s\n", ends_nl ? "" : "\n", ascii);
		r = suppress_append(suppress_file, line, d);
		free(line);
	}
	free(key);
	free(ascii);
	keyset_free(&ks);
	return r;
}
