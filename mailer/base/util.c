#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "util.h"

static void die_oom(void)
{
	static const char msg[] = "embargo: out of memory\n";
	ssize_t w = write(2, msg, sizeof msg - 1);
	(void)w;
	exit(EX_OSERR);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		die_oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

void *xgrow(void *p, size_t *cap, size_t need, size_t elem)
{
	size_t c = *cap;
	if (need <= c)
		return p;
	if (c < 8)
		c = 8;
	while (c < need) {
		if (c > ((size_t)-1) / 2 / elem)
			die_oom();
		c *= 2;
	}
	*cap = c;
	return xrealloc(p, c * elem);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	n = strnlen(s, n);
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	char *p;
	if (vasprintf(&p, fmt, ap) < 0)
		die_oom();
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void strbuf_init(struct strbuf *sb)
{
	sb->cap = 64;
	sb->buf = xmalloc(sb->cap);
	sb->buf[0] = '\0';
	sb->len = 0;
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	sb->buf[0] = '\0';
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	sb->buf = xgrow(sb->buf, &sb->cap, sb->len + extra + 1, 1);
}

void strbuf_adds(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		die_oom();
	if ((size_t)n >= sb->cap - sb->len) {
		strbuf_grow(sb, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
		va_end(ap);
	}
	sb->len += (size_t)n;
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *p = sb->buf;
	if (len)
		*len = sb->len;
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return p;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char *str_trim(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && is_space(s[n - 1]))
		s[--n] = '\0';
	size_t i = 0;
	while (is_space(s[i]))
		i++;
	if (i)
		memmove(s, s + i, n - i + 1);
	return s;
}

/* Length of the blank (ASCII or invisible Unicode space) at p, 0 if none. */
static size_t blank_len(const unsigned char *p)
{
	if (is_space((char)p[0]))
		return 1;
	if (p[0] == 0xC2 && p[1] == 0xA0)
		return 2;
	if ((p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x8B) ||
	    (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF))
		return 3;
	return 0;
}

char *str_trim_text(char *s)
{
	size_t n = strlen(s), k;
	for (;;) {
		if (n >= 1 && is_space(s[n - 1]))
			k = 1;
		else if (n >= 2 && blank_len((unsigned char *)s + n - 2) == 2)
			k = 2;
		else if (n >= 3 && blank_len((unsigned char *)s + n - 3) == 3)
			k = 3;
		else
			break;
		n -= k;
		s[n] = '\0';
	}
	size_t i = 0;
	while ((k = blank_len((unsigned char *)s + i)) > 0)
		i += k;
	if (i)
		memmove(s, s + i, n - i + 1);
	return s;
}

bool str_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_starts_with_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

bool str_eq_ci(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

char *str_lower(const char *s)
{
	char *p = xstrdup(s);
	for (char *q = p; *q; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q - 'A' + 'a');
	return p;
}

int file_read_all(const char *path, size_t max, char **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) < 0)
		goto fail;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		errno = ESPIPE;
		goto fail;
	}
	if ((size_t)st.st_size > max) {
		errno = EFBIG;
		goto fail;
	}
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_grow(&sb, (size_t)st.st_size);
	for (;;) {
		strbuf_grow(&sb, 65536);
		ssize_t r = read(fd, sb.buf + sb.len, sb.cap - sb.len - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			strbuf_release(&sb);
			goto fail;
		}
		if (r == 0)
			break;
		sb.len += (size_t)r;
		if (sb.len > max) {
			strbuf_release(&sb);
			errno = EFBIG;
			goto fail;
		}
	}
	sb.buf[sb.len] = '\0';
	close(fd);
	*data = sb.buf;
	*len = sb.len;
	return 0;
fail:;
	int e = errno;
	close(fd);
	errno = e;
	return -1;
}
