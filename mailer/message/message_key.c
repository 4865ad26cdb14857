#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "durable.h"
#include "message_key.h"
#include "spool.h"
#include "util.h"

#define KEY_FILE "message-id.key"
#define KEY_HEX (2 * MESSAGE_KEY_BYTES)

char *message_key_path(const char *spool_dir)
{
	return xasprintf("%s/" KEY_FILE, spool_dir);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* 0, 1 when path does not exist, -1 with an error in d. */
static int read_key(const char *path, struct message_key *key, struct diags *d)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return 1;
	if (fd < 0)
		return diag_error(d, errno == ELOOP ? EX_CONFIG : EX_NOINPUT, path, 0, 0,
		                  errno == ELOOP
		                      ? "remove the link: the spool holds no symbolic links"
		                      : "check the spool directory's permissions",
		                  "cannot read the Message-ID key: %s", strerror(errno));
	struct stat st;
	char buf[KEY_HEX + 2];
	ssize_t n = -1;
	int rc = 0;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		rc = diag_error(d, EX_CONFIG, path, 0, 0, "remove it: embargo makes a new one",
		                "the Message-ID key is not a regular file");
	} else if (st.st_mode & 077) {
		rc = diag_error(d, EX_CONFIG, path, 0, 0, "chmod 600 it",
		                "the Message-ID key is a secret and others can read it");
	} else if (st.st_uid != geteuid()) {
		rc = diag_error(d, EX_CONFIG, path, 0, 0, "chown it to the user who runs embargo",
		                "the Message-ID key belongs to another user");
	} else {
		n = read(fd, buf, sizeof buf);
	}
	close(fd);
	if (rc < 0)
		return -1;
	bool ok = n == KEY_HEX + 1 && buf[KEY_HEX] == '\n';
	for (size_t i = 0; ok && i < MESSAGE_KEY_BYTES; i++) {
		int hi = hexval(buf[2 * i]), lo = hexval(buf[2 * i + 1]);
		ok = hi >= 0 && lo >= 0;
		key->k[i] = (unsigned char)(hi << 4 | lo);
	}
	explicit_bzero(buf, sizeof buf);
	if (!ok)
		return diag_error(
		    d, EX_DATAERR, path, 0, 0,
		    "restore it from a backup; removing it makes the bounces of what "
		    "was sent before unmatchable",
		    "the Message-ID key is damaged (64 hex digits and a newline expected)");
	return 0;
}

/* Write a new key as a temporary file and link it to path: link() fails
 * when another process got there first, and then its key is the one. */
static int create_key(const char *path, struct diags *d)
{
	unsigned char k[MESSAGE_KEY_BYTES];
	if (getrandom(k, sizeof k, 0) != (ssize_t)sizeof k)
		return diag_error(d, EX_OSERR, path, 0, 0, NULL, "no random bytes for the key: %s",
		                  strerror(errno));
	char hex[KEY_HEX + 1];
	for (size_t i = 0; i < sizeof k; i++)
		snprintf(hex + 2 * i, 3, "%02x", k[i]);
	hex[KEY_HEX] = '\n';
	explicit_bzero(k, sizeof k);
	char *prefix = xasprintf("%s.tmp", path), *tmp = NULL;
	int rc = durable_write_new(prefix, hex, sizeof hex, 0600, &tmp);
	int e = errno;
	explicit_bzero(hex, sizeof hex);
	free(prefix);
	if (rc == 0) {
		if (link(tmp, path) < 0 && errno != EEXIST) {
			e = errno;
			rc = -1;
		}
		unlink(tmp);
		free(tmp);
	}
	if (rc < 0)
		return diag_error(d, EX_CANTCREAT, path, 0, 0,
		                  "check the spool directory's permissions",
		                  "cannot create the Message-ID key: %s", strerror(e));
	char *dir = xstrdup(path);
	*strrchr(dir, '/') = '\0';
	durable_sync_dir(dir);
	free(dir);
	return 0;
}

int message_key_load(const char *spool_dir, bool create, struct message_key *key, struct diags *d)
{
	char *path = message_key_path(spool_dir);
	int rc = read_key(path, key, d);
	if (rc == 1 && create) {
		struct spool sp;
		rc = spool_open(&sp, spool_dir, d);
		spool_close(&sp);
		if (rc == 0)
			rc = create_key(path, d);
		if (rc == 0)
			rc = read_key(path, key, d);
		if (rc == 1)
			rc = diag_error(d, EX_CANTCREAT, path, 0, 0, NULL,
			                "the Message-ID key vanished as it was made");
	}
	free(path);
	return rc;
}
