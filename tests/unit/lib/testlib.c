#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "testlib.h"
#include "util.h"

char *tl_tmpdir(const char *name)
{
	const char *base = getenv("TMPDIR");
	char *dir = xasprintf("%s/embargo-%s-XXXXXX", base && *base == '/' ? base : "/tmp", name);
	if (!mkdtemp(dir))
		fail_msg("mkdtemp %s: %s", dir, strerror(errno));
	return dir;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path)) < 0 && errno != ENOENT ? -1 : 0;
}

int tl_rmtree(const char *path)
{
	if (!path)
		return 0;
	return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS) < 0 && errno != ENOENT ? -1 : 0;
}

char *tl_path(const char *dir, const char *rel)
{
	return xasprintf("%s/%s", dir, rel);
}

static void mkdirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			fail_msg("mkdir %s: %s", path, strerror(errno));
		*p = '/';
	}
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		fail_msg("mkdir %s: %s", path, strerror(errno));
}

char *tl_mkdir(const char *dir, const char *rel)
{
	char *path = tl_path(dir, rel);
	mkdirs(path);
	return path;
}

static char *write_at(const char *dir, const char *rel, const void *data, size_t len, mode_t mode)
{
	char *path = tl_path(dir, rel);
	char *slash = strrchr(path, '/');
	*slash = '\0';
	mkdirs(path);
	*slash = '/';
	FILE *fp = fopen(path, "wb");
	if (!fp)
		fail_msg("cannot write %s: %s", path, strerror(errno));
	if (len && fwrite(data, 1, len, fp) != len)
		fail_msg("cannot write %s", path);
	if (fclose(fp) != 0 || chmod(path, mode) != 0)
		fail_msg("cannot write %s: %s", path, strerror(errno));
	return path;
}

char *tl_write(const char *dir, const char *rel, const char *text)
{
	return write_at(dir, rel, text, strlen(text), 0644);
}

char *tl_write_mode(const char *dir, const char *rel, const char *text, mode_t mode)
{
	return write_at(dir, rel, text, strlen(text), mode);
}

char *tl_write_bytes(const char *dir, const char *rel, const void *data, size_t len)
{
	return write_at(dir, rel, data, len, 0644);
}

char *tl_temp_file(const char *name, const void *data, size_t len)
{
	const char *base = getenv("TMPDIR");
	char *path = xasprintf("%s/embargo-%s-XXXXXX", base && *base == '/' ? base : "/tmp", name);
	int fd = mkstemp(path);
	if (fd < 0)
		fail_msg("mkstemp %s: %s", path, strerror(errno));
	const char *p = data;
	for (size_t off = 0; off < len;) {
		ssize_t k = write(fd, p + off, len - off);
		if (k < 0)
			fail_msg("cannot write %s: %s", path, strerror(errno));
		off += (size_t)k;
	}
	close(fd);
	return path;
}

char *tl_read(const char *path, size_t *len)
{
	char *buf;
	size_t n;
	if (file_read_all(path, (size_t)1 << 30, &buf, &n) < 0)
		fail_msg("cannot read %s: %s", path, strerror(errno));
	if (len)
		*len = n;
	return buf;
}

char *tl_srcpath(const char *rel)
{
	const char *src = getenv("srcdir");
	if (src && *src)
		return xasprintf("%s/%s", src, rel);
	const char *f = __FILE__;
	const char *end = strstr(f, "tests/unit/lib/testlib.c");
	char *path = xasprintf("%.*s%s", end ? (int)(end - f) : 0, f, rel);
	char cwd[4096];
	if (path[0] != '/' && getcwd(cwd, sizeof cwd)) { /* the tree, from the build tree */
		char *abs = xasprintf("%s/%s", cwd, path);
		free(path);
		path = abs;
	}
	return path;
}

char *tl_fixture(const char *rel)
{
	char *r = xasprintf("tests/fixtures/%s", rel);
	char *path = tl_srcpath(r);
	free(r);
	return path;
}

void tl_parse_release(const char *text, size_t len, const struct release_opts *o,
                      struct release *rel)
{
	char *dir = tl_tmpdir("release");
	char *path = tl_write_bytes(dir, "release.txt", text, len);
	struct release_opts none = {0};
	release_parse(path, o ? o : &none, rel);
	free(path);
	tl_rmtree(dir);
	free(dir);
}

const struct diag *tl_first(const struct diags *d, enum diag_level level)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].level == level)
			return &d->v[i];
	return NULL;
}

const char *tl_first_error(const struct diags *d)
{
	const struct diag *e = tl_first(d, DIAG_ERROR);
	return e ? e->msg : NULL;
}

void tl_no_errors(const struct diags *d, const char *what)
{
	if (!diags_errors(d))
		return;
	diags_print(d, stderr, what);
	fail_msg("%s: %s", what, tl_first_error(d));
}

size_t tl_count_lines(const char *text, const char *needle)
{
	size_t n = 0;
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		char *line = xstrndup(text, len);
		n += strstr(line, needle) != NULL;
		free(line);
		text += len + (nl != NULL);
	}
	return n;
}
