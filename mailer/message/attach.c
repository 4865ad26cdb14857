#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <limits.h>
#include <magic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "attach.h"
#include "durable.h"
#include "utf8.h"
#include "util.h"

/* ---- where the front matter wrote a path ---- */

struct attach_src {
	const struct release *rel;
	char *text;   /* the release file, or NULL */
	int key_line; /* the line of "attachments:", 0 when not found */
	int end_line; /* the front matter's closing "---" */
};

static bool line_is(const char *line, size_t n, const char *s)
{
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\r'))
		n--;
	return n == strlen(s) && memcmp(line, s, n) == 0;
}

/* Find the "attachments:" key and the end of the front matter. */
static void src_open(struct attach_src *s, const struct release *rel)
{
	size_t len;
	memset(s, 0, sizeof *s);
	s->rel = rel;
	if (file_read_all(rel->path, RELEASE_MAX_SIZE, &s->text, &len) < 0) {
		s->text = NULL;
		return;
	}
	const char *p = s->text;
	for (int line = 1; *p; line++) {
		size_t n = strcspn(p, "\n");
		if (line == 1 && !line_is(p, n, "---"))
			break;
		if (line > 1 && (line_is(p, n, "---") || line_is(p, n, "..."))) {
			s->end_line = line;
			break;
		}
		if (!s->key_line && str_starts_with(p, "attachments:"))
			s->key_line = line;
		p += n + (p[n] == '\n');
	}
}

/* Does line hold path as a whole YAML scalar ("- path", "[a, path]",
 * "'path'"), not inside a longer one? */
static bool line_holds(const char *line, const char *path)
{
	size_t n = strlen(path);
	for (const char *p = strstr(line, path); p; p = strstr(p + 1, path)) {
		char before = p == line ? ' ' : p[-1], after = p[n];
		if (strchr(" \t-[,\"'", before) && (after == '\0' || strchr(" \t\r,]\"'#", after)))
			return true;
	}
	return false;
}

/* The front-matter line that wrote path: the first line from the key on
 * that holds it as written, else the key's line (an escaped path), else
 * 0. */
static int src_line(const struct attach_src *s, const char *path)
{
	if (!s->text || !s->key_line)
		return 0;
	const char *p = s->text;
	for (int line = 1; *p && line < s->end_line; line++) {
		size_t n = strcspn(p, "\n");
		if (line >= s->key_line) {
			char *copy = xstrndup(p, n);
			bool hit = *path ? line_holds(copy, path)
			                 : line_holds(copy, "\"\"") || line_holds(copy, "''");
			free(copy);
			if (hit)
				return line;
		}
		p += n + (p[n] == '\n');
	}
	return s->key_line;
}

/* An error about the attachment written as path, at its front-matter line. */
static int att_error(struct diags *d, const struct attach_src *s, const char *path,
                     const char *hint, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int att_error(struct diags *d, const struct attach_src *s, const char *path,
                     const char *hint, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	diag_error(d, EX_DATAERR, s->rel->path, src_line(s, path), 0, hint, "attachment \"%s\": %s",
	           path, msg);
	free(msg);
	return -1;
}

/* ---- the path ---- */

/* A plain relative path: not absolute, no "..", no empty name.  Returns
 * the path with "." components and doubled slashes removed (malloc'd), or
 * NULL after an error. */
static char *att_relpath(struct diags *d, const struct attach_src *s, const char *path)
{
	if (!*path) {
		att_error(d, s, path, "name a file beside the release", "empty path");
		return NULL;
	}
	if (path[0] == '/') {
		att_error(d, s, path,
		          "write the path relative to the release file, e.g. media/photo.jpg",
		          "an absolute path (the release and its attachments must move together)");
		return NULL;
	}
	struct strbuf out;
	strbuf_init(&out);
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			strbuf_release(&out);
			att_error(d, s, path,
			          "keep attachments in the release's directory or below it",
			          "the path leaves the release's directory (\"..\")");
			return NULL;
		}
		if (n > 0 && !(n == 1 && p[0] == '.')) {
			if (out.len)
				strbuf_addch(&out, '/');
			strbuf_add(&out, p, n);
		}
		p += n + (p[n] == '/');
	}
	if (out.len == 0) {
		strbuf_release(&out);
		att_error(d, s, path, "name a file beside the release", "not a file name");
		return NULL;
	}
	return strbuf_detach(&out, NULL);
}

static const char *att_kind(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory, not a file";
	if (S_ISFIFO(m))
		return "a FIFO, not a regular file";
	if (S_ISSOCK(m))
		return "a socket, not a regular file";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device, not a regular file";
	return "not a regular file";
}

/* Resolve base/rel and check it stays inside base (no symbolic link out)
 * and is a regular file.  Returns the resolved path (malloc'd) or NULL
 * after an error. */
static char *att_resolve(struct diags *d, const struct attach_src *s, const char *base,
                         const char *path, const char *rel, struct stat *st)
{
	char *full = xasprintf("%s/%s", base, rel);
	char *real = realpath(full, NULL);
	int e = errno;
	free(full);
	if (!real) {
		att_error(d, s, path,
		          e == ENOENT ? "check the name; paths are relative to the release file"
		                      : NULL,
		          "%s", e == ENOENT ? "no such file" : strerror(e));
		return NULL;
	}
	size_t bl = strlen(base);
	if (bl > 0 && base[bl - 1] == '/') /* the release is in "/" */
		bl--;
	if (strncmp(real, base, bl) != 0 || real[bl] != '/') {
		att_error(d, s, path,
		          "copy the file into the release's directory instead of linking it",
		          "a symbolic link to %s, outside the release's directory %s", real, base);
		free(real);
		return NULL;
	}
	const char *bad = NULL;
	if (lstat(real, st) < 0)
		bad = strerror(errno);
	else if (!S_ISREG(st->st_mode))
		bad = att_kind(st->st_mode);
	if (bad) {
		att_error(d, s, path, "attach a regular file", "%s", bad);
		free(real);
		return NULL;
	}
	return real;
}

/* Read the regular file real (st from lstat) into a.  O_NOFOLLOW and the
 * inode check refuse a file swapped for a link or another file since. */
static int att_read(struct diags *d, const struct attach_src *s, const char *path, const char *real,
                    const struct stat *st, size_t room, struct attachment *a)
{
	if ((unsigned long long)st->st_size > room)
		return att_error(d, s, path, "link to large files instead of attaching them",
		                 "%.1f MB would take the attachments over the %u MB limit",
		                 (double)st->st_size / 1e6, ATTACH_MAX_TOTAL >> 20);
	int fd = open(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat now;
	if (fd < 0 || fstat(fd, &now) < 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return att_error(d, s, path, e == EACCES ? "make the file readable" : NULL, "%s",
		                 strerror(e));
	}
	if (now.st_dev != st->st_dev || now.st_ino != st->st_ino || !S_ISREG(now.st_mode)) {
		close(fd);
		return att_error(d, s, path, "try again", "the file changed while it was read");
	}
	struct strbuf sb;
	strbuf_init(&sb);
	ssize_t r;
	for (;;) {
		strbuf_grow(&sb, 65536);
		r = read(fd, sb.buf + sb.len, sb.cap - sb.len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || sb.len + (size_t)r > room)
			break;
		sb.len += (size_t)r;
	}
	int e = errno;
	close(fd);
	if (r != 0) {
		strbuf_release(&sb);
		return att_error(d, s, path, NULL, "%s",
		                 r < 0 ? strerror(e)
		                       : "the file grew past the limit while it was read");
	}
	a->data = strbuf_detach(&sb, &a->len);
	return 0;
}

/* ---- content type ---- */

static const struct {
	const char *ext;
	const char *type;
} att_exts[] = {
    {"pdf", "application/pdf"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"png", "image/png"},
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    {"zip", "application/zip"},
    {"csv", "text/csv"},
    {"txt", "text/plain"},
};

static const char *att_ext_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot || strchr(dot, '/'))
		return "application/octet-stream";
	for (size_t i = 0; i < sizeof att_exts / sizeof att_exts[0]; i++)
		if (str_eq_ci(dot + 1, att_exts[i].ext))
			return att_exts[i].type;
	return "application/octet-stream";
}

/* libmagic's answer, or NULL when it has none worth taking. */
static char *att_magic_type(magic_t m, const char *data, size_t len)
{
	const char *t = m && len > 0 ? magic_buffer(m, data, len) : NULL;
	if (!t || !strchr(t, '/') || strcmp(t, "application/octet-stream") == 0 ||
	    str_starts_with(t, "inode/") || strpbrk(t, " ;\r\n"))
		return NULL;
	return xstrdup(t);
}

static char *att_type(magic_t m, const char *data, size_t len, const char *name)
{
	char *t = att_magic_type(m, data, len);
	if (!t)
		t = xstrdup(att_ext_type(name));
	size_t bad;
	if (str_starts_with(t, "text/") && utf8_valid(data, len, &bad)) {
		char *with = xasprintf("%s; charset=utf-8", t);
		free(t);
		t = with;
	}
	return t;
}

static magic_t att_magic_open(void)
{
	magic_t m = magic_open(MAGIC_MIME_TYPE);
	if (m && magic_load(m, NULL) != 0) {
		magic_close(m);
		m = NULL;
	}
	return m;
}

char *attach_content_type(const char *data, size_t len, const char *name)
{
	magic_t m = att_magic_open();
	char *t = att_type(m, data, len, name);
	if (m)
		magic_close(m);
	return t;
}

/* ---- the whole set ---- */

static int att_one(struct attachments *a, const struct attach_src *s, const char *base,
                   const char *path, magic_t m, struct diags *d)
{
	char *rel = att_relpath(d, s, path);
	if (!rel)
		return -1;
	struct stat st;
	char *real = att_resolve(d, s, base, path, rel, &st);
	struct attachment at = {.path = xstrdup(path), .relpath = rel};
	int rc = real ? att_read(d, s, path, real, &st, ATTACH_MAX_TOTAL - a->total, &at) : -1;
	free(real);
	if (rc < 0) {
		free(at.path);
		free(at.relpath);
		return -1;
	}
	const char *slash = strrchr(rel, '/');
	at.filename = xstrdup(slash ? slash + 1 : rel);
	at.content_type = att_type(m, at.data, at.len, at.filename);
	if (at.len > ATTACH_WARN_SIZE)
		diag_warning(d, s->rel->path, src_line(s, path), 0,
		             "many mailboxes refuse large messages: consider a link instead",
		             "attachment \"%s\" is %.1f MB", path, (double)at.len / 1e6);
	a->v = xrealloc(a->v, (a->n + 1) * sizeof *a->v);
	a->v[a->n++] = at;
	a->total += at.len;
	return 0;
}

int attach_load(struct attachments *a, const struct release *rel, struct diags *d)
{
	memset(a, 0, sizeof *a);
	if (rel->nattachments == 0)
		return 0;
	struct attach_src s;
	src_open(&s, rel);
	char *base = realpath(rel->dir ? rel->dir : ".", NULL);
	int rc = 0;
	if (!base) {
		rc = diag_error(d, EX_NOINPUT, rel->path, 0, 0, NULL,
		                "cannot resolve the release's directory: %s", strerror(errno));
	} else {
		magic_t m = att_magic_open();
		for (size_t i = 0; i < rel->nattachments; i++)
			if (att_one(a, &s, base, rel->attachments[i], m, d) < 0)
				rc = -1;
		if (m)
			magic_close(m);
	}
	free(base);
	free(s.text);
	a->mime = xcalloc(a->n + 1, sizeof *a->mime);
	for (size_t i = 0; i < a->n; i++)
		a->mime[i] = (struct mime_attachment){a->v[i].filename, a->v[i].content_type,
		                                      a->v[i].data, a->v[i].len};
	return rc;
}

void attach_free(struct attachments *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->v[i].path);
		free(a->v[i].relpath);
		free(a->v[i].filename);
		free(a->v[i].content_type);
		free(a->v[i].data);
	}
	free(a->v);
	free(a->mime);
	memset(a, 0, sizeof *a);
}

int attach_write(const struct attachments *a, const char *dir, struct diags *d)
{
	for (size_t i = 0; i < a->n; i++) {
		char *to = xasprintf("%s/%s", dir, a->v[i].relpath);
		char *sub = xstrdup(to);
		*strrchr(sub, '/') = '\0';
		int rc = durable_mkdirs(sub, 0700) < 0
		             ? -1
		             : durable_write(to, a->v[i].data, a->v[i].len);
		int e = errno;
		free(sub);
		if (rc < 0) {
			diag_error(d, EX_CANTCREAT, to, 0, 0, NULL,
			           "cannot write the attachment: %s", strerror(e));
			free(to);
			return -1;
		}
		free(to);
	}
	return 0;
}
