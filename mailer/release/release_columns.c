/*
 * release_columns: a head typed in two columns, the release line and date on
 * the left and the media contact on the right,
 *
 *   FOR IMMEDIATE RELEASE                 Contact: Jane Doe
 *   August 14, 2023                       +1 202 555 0100
 *                                         press@example.org
 *
 * is split before the layout walk reads it: the left column stays in the
 * lines, the right one becomes ls->side.  Only in the first two blocks of the
 * text, only for right parts at one column (a gap of four blanks or more
 * before them) and only when that column reads as contacts: two lines or
 * more that look like a contact, or one line that starts with a contact
 * label.  A table in the body, or a gap inside a headline, is left alone.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "contacts.h"
#include "release_int.h"
#include "util.h"

#define COLUMN_GAP 4  /* blanks between the columns, at least */
#define COLUMN_MIN 20 /* the right column starts at this character or later */
#define COLUMN_MAX_LINES 8

/* The column where byte offset off of s is shown: characters, not bytes,
 * and tabs to the next multiple of eight, as a terminal shows them. */
static size_t column_of(const char *s, size_t off)
{
	size_t c = 0;
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '\t')
			c = (c / 8 + 1) * 8;
		else
			c += ((unsigned char)s[i] & 0xC0) != 0x80;
	}
	return c;
}

/* Where the right part of line s starts (a byte offset), or 0 when it has
 * none: text, a gap (COLUMN_GAP spaces or more, or a tab), text; or only
 * blanks up to a column of COLUMN_MIN or more. */
static size_t right_part(const char *s)
{
	size_t i = strspn(s, " \t");
	if (!s[i])
		return 0;
	if (column_of(s, i) >= COLUMN_MIN)
		return i; /* the left column is empty on this line */
	for (; s[i]; i++) {
		if (s[i] != ' ' && s[i] != '\t')
			continue;
		size_t k = strspn(s + i, " \t");
		if (!s[i + k])
			return 0;
		if ((k >= COLUMN_GAP || memchr(s + i, '\t', k)) &&
		    column_of(s, i + k) >= COLUMN_MIN)
			return i + k;
		i += k - 1; /* a gap too far left is inside the left column */
	}
	return 0;
}

/* The lines of the first two blocks, at most COLUMN_MAX_LINES of text. */
static size_t head_end(const struct lines *ls)
{
	size_t i = 0, blocks = 0, text = 0;
	while (i < ls->n && release_blank(ls->v[i]))
		i++;
	for (; i < ls->n && text < COLUMN_MAX_LINES; i++) {
		bool blank = release_blank(ls->v[i]);
		if (blank && i > 0 && !release_blank(ls->v[i - 1]) && ++blocks == 2)
			break;
		text += !blank;
	}
	return i;
}

static char *side_text(const struct lines *ls, const size_t *at, size_t a, size_t b)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t i = a; i < b; i++) {
		if (!at[i])
			continue;
		char *t = str_trim_text(xstrdup(ls->v[i] + at[i]));
		if (sb.len)
			strbuf_addch(&sb, '\n');
		strbuf_adds(&sb, t);
		free(t);
	}
	return strbuf_detach(&sb, NULL);
}

/* The first column that two lines or more of [0, end) agree on (within one
 * character), else the last right part alone: its lines are [*first,
 * *last); at[] keeps only the right parts that start there.  Returns false
 * when no line has one. */
static bool pick_column(const struct lines *ls, size_t end, size_t *at, size_t *first, size_t *last)
{
	size_t col = 0, count = 0;
	for (size_t i = 0; i < end; i++) {
		if (!at[i])
			continue;
		size_t c = column_of(ls->v[i], at[i]);
		if (count > 0 && c + 1 >= col && c <= col + 1) {
			count++;
			*last = i + 1;
			continue;
		}
		if (count >= 2)
			break;
		col = c;
		count = 1;
		*first = i;
		*last = i + 1;
	}
	if (count == 0)
		return false;
	for (size_t i = *first; i < *last; i++) {
		size_t c = at[i] ? column_of(ls->v[i], at[i]) : 0;
		if (at[i] && (c + 1 < col || c > col + 1))
			at[i] = 0; /* a gap elsewhere on this line is not the column */
	}
	return true;
}

void release_columns(struct lines *ls)
{
	size_t end = head_end(ls), first = 0, last = 0;
	size_t *at = xcalloc(end + 1, sizeof *at);
	for (size_t i = 0; i < end; i++)
		at[i] = right_part(ls->v[i]);
	char *side =
	    pick_column(ls, end, at, &first, &last) ? side_text(ls, at, first, last) : NULL;
	/* one line on the right is a column only when it is labelled a contact */
	bool one = side && !strchr(side, '\n');
	if (side && (contacts_block_start(side) || (!one && contacts_block_like(side)))) {
		for (size_t i = first; i < last; i++) {
			if (!at[i])
				continue;
			/* the left column keeps its own columns: cut, trim the end only */
			size_t n = at[i];
			while (n > 0 && (ls->v[i][n - 1] == ' ' || ls->v[i][n - 1] == '\t'))
				n--;
			ls->v[i][n] = '\0';
		}
		ls->side = side;
		ls->side_first = first;
		ls->side_last = last - 1;
		side = NULL;
	}
	free(side);
	free(at);
}
