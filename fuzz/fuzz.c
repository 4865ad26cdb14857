#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* $FUZZ_TMPDIR (set by fuzz/run) or /tmp: the files written there are
 * rewritten for every input, so the directory stays small; it is removed at
 * a normal exit. */
static char fuzz_tmp[256];

static void fuzz_cleanup(void)
{
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_tmp);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz: could not remove %s\n", fuzz_tmp);
}

const char *fuzz_dir(void)
{
	if (!fuzz_tmp[0]) {
		const char *base = getenv("FUZZ_TMPDIR");
		snprintf(fuzz_tmp, sizeof fuzz_tmp, "%s/embargo-fuzz.%ld", base && *base ? base : "/tmp",
		         (long)getpid());
		if (mkdir(fuzz_tmp, 0700) < 0 && errno != EEXIST)
			abort();
		atexit(fuzz_cleanup);
	}
	return fuzz_tmp;
}

const char *fuzz_write(const char *name, const uint8_t *data, size_t size)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		abort();
	size_t off = 0;
	while (off < size) {
		ssize_t w = write(fd, data + off, size - off);
		if (w <= 0)
			abort();
		off += (size_t)w;
	}
	close(fd);
	return path;
}

void fuzz_split(const uint8_t *data, size_t size, const uint8_t **rest, size_t *restlen,
                size_t *alen)
{
	const uint8_t *nul = memchr(data, 0, size);
	if (!nul) {
		*alen = size;
		*rest = NULL;
		*restlen = 0;
		return;
	}
	*alen = (size_t)(nul - data);
	*rest = nul + 1;
	*restlen = size - *alen - 1;
}
