#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "durable.h"
#include "util.h"

int durable_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int durable_sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}

/* 64 bits nobody else can predict; getrandom() cannot fail for 8 bytes
 * once the pool is initialised, the clock is the fallback before that. */
static uint64_t random_suffix(void)
{
	uint64_t r;
	if (getrandom(&r, sizeof r, GRND_NONBLOCK) == (ssize_t)sizeof r)
		return r;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	static uint64_t counter;
	return ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ ((uint64_t)getpid() << 40) ^
	       ++counter * 0x9e3779b97f4a7c15ull;
}

int durable_create_tmp(int dirfd, const char *prefix, unsigned mode, char **tmp)
{
	for (int tries = 0; tries < 100; tries++) {
		char *name = xasprintf("%s.%016llx", prefix, (unsigned long long)random_suffix());
		int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		                (mode_t)mode);
		if (fd >= 0) {
			*tmp = name;
			return fd;
		}
		int e = errno;
		free(name);
		errno = e;
		if (e != EEXIST)
			return -1;
	}
	return -1; /* errno is EEXIST */
}

int durable_write_new(const char *prefix, const void *data, size_t len, unsigned mode, char **tmp)
{
	int fd = durable_create_tmp(AT_FDCWD, prefix, mode, tmp);
	if (fd < 0)
		return -1;
	int rc = durable_write_all(fd, data, len);
	if (rc == 0)
		rc = fsync(fd);
	int e = errno;
	if (close(fd) < 0 && rc == 0) {
		rc = -1;
		e = errno;
	}
	if (rc < 0) {
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
	}
	errno = e;
	return rc;
}

static int durable_write_nodirsync(const char *path, const void *data, size_t len)
{
	char *prefix = xasprintf("%s.tmp", path);
	char *tmp = NULL;
	int rc = durable_write_new(prefix, data, len, 0644, &tmp);
	int e = errno;
	free(prefix);
	if (rc == 0 && rename(tmp, path) < 0) {
		rc = -1;
		e = errno;
		unlink(tmp);
	}
	free(tmp);
	errno = e;
	return rc;
}

int durable_write(const char *path, const void *data, size_t len)
{
	if (durable_write_nodirsync(path, data, len) < 0)
		return -1;
	char *copy = xstrdup(path);
	int rc = durable_sync_dir(dirname(copy));
	int e = errno;
	free(copy);
	errno = e;
	return rc;
}

int durable_mkdirs(const char *path, unsigned mode)
{
	if (!*path) {
		errno = ENOENT;
		return -1;
	}
	char *p = xstrdup(path);
	int rc = 0;
	for (char *s = p + 1; rc == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST)
			rc = -1;
		*s = c;
		if (c == '\0')
			break;
	}
	struct stat st;
	if (rc == 0 && stat(path, &st) < 0) {
		rc = -1;
	} else if (rc == 0 && !S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		rc = -1;
	}
	free(p);
	return rc;
}

int durable_mkdir_private(const char *path, unsigned mode)
{
	if (mkdir(path, (mode_t)mode) < 0 && errno != EEXIST)
		return -1;
	struct stat st;
	if (lstat(path, &st) < 0)
		return -1;
	if (S_ISLNK(st.st_mode)) {
		errno = ELOOP;
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	if (st.st_uid != geteuid()) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

int durable_remove_tree(const char *path)
{
	return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
