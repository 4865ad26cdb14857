/*
 * util: memory and string helpers shared by every module.
 *
 * Out-of-memory is fatal (one place prints and exits 71), so callers never
 * check these allocations.  A strbuf is a growable byte buffer that is always
 * NUL-terminated; it owns its bytes until strbuf_detach() hands them over.
 */
#ifndef EMBARGO_UTIL_H
#define EMBARGO_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow an array of *cap elements of size elem so that it holds need. */
void *xgrow(void *p, size_t *cap, size_t need, size_t elem);
char *xstrdup(const char *s);
/* At most n bytes of s, stopping at a NUL, like strndup. */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

struct strbuf {
	char *buf; /* always NUL-terminated, never NULL after init */
	size_t len;
	size_t cap;
};

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
/* Inline: messages are built from many small pieces, one per journalist. */
static inline void strbuf_add(struct strbuf *sb, const void *data, size_t n)
{
	if (sb->len + n >= sb->cap)
		strbuf_grow(sb, n);
	memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

static inline void strbuf_addch(struct strbuf *sb, char c)
{
	if (sb->len + 1 >= sb->cap)
		strbuf_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the buffer to the caller (free() it); sb must be initialised again
 * before it is reused. */
char *strbuf_detach(struct strbuf *sb, size_t *len);

/* Strip ASCII whitespace at both ends, in place; returns s. */
char *str_trim(char *s);
/* Strip ASCII whitespace and the invisible spaces word processors leave
 * (U+00A0 no-break space, U+200B zero width space, U+FEFF) at both ends. */
char *str_trim_text(char *s);
bool str_starts_with(const char *s, const char *prefix);
bool str_starts_with_ci(const char *s, const char *prefix);
bool str_eq_ci(const char *a, const char *b);
/* ASCII-only lower-casing into a new string. */
char *str_lower(const char *s);

/* Read a whole regular file (refuses FIFOs, directories and files over max
 * bytes).  Returns 0, or -1 with errno set (EISDIR, EFBIG, ESPIPE ...). */
int file_read_all(const char *path, size_t max, char **data, size_t *len);

#endif
