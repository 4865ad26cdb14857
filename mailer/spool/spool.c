#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "durable.h"
#include "spool.h"
#include "trust.h"
#include "util.h"

/* Only the user running embargo may change what is in the spool: another
 * user who owns it or may write in it could remove a scheduled release or
 * put a forged one in the way of this user's run (root's, too). */
static int spool_check_dir(const char *dir, struct diags *d)
{
	static const char *risk = "remove scheduled releases or add forged ones";
	struct stat st;
	if (stat(dir, &st) < 0)
		return diag_error(d, EX_CANTCREAT, dir, 0, 0,
		                  "set spool_dir in embargo.yaml to a directory you can write",
		                  "cannot use the spool: %s", strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return diag_error(d, EX_CONFIG, dir, 0, 0,
		                  "set spool_dir in embargo.yaml to a directory",
		                  "the spool is not a directory");
	if (trust_owner(dir, &st, false, "the spool", risk, d) < 0)
		return -1;
	return trust_not_writable(dir, &st, 0700, "the spool", risk, d);
}

static int private_dir_error(const char *dir, const char *what, struct diags *d)
{
	int e = errno;
	if (e == ELOOP)
		return diag_error(d, EX_CANTCREAT, dir, 0, 0,
		                  "remove the link: the spool holds no symbolic links",
		                  "%s is a symbolic link: embargo does not write through one",
		                  what);
	if (e == EPERM)
		return diag_error(d, EX_CONFIG, dir, 0, 0,
		                  "remove it, or chown it to the user who runs embargo",
		                  "%s belongs to another user", what);
	return diag_error(d, EX_CANTCREAT, dir, 0, 0, "check the spool directory's permissions",
	                  "cannot create %s: %s", what, strerror(e));
}

int spool_open(struct spool *s, const char *dir, struct diags *d)
{
	s->dir = xstrdup(dir);
	if (durable_mkdirs(dir, 0700) < 0)
		return diag_error(d, EX_CANTCREAT, dir, 0, 0,
		                  "set spool_dir in embargo.yaml to a directory you can write",
		                  "cannot create the spool: %s", strerror(errno));
	if (spool_check_dir(dir, d) < 0)
		return -1;
	char *rel = xasprintf("%s/releases", dir);
	int rc = durable_mkdir_private(rel, 0700) < 0 ? private_dir_error(rel,
	                                                                  "the spool's "
	                                                                  "releases directory",
	                                                                  d)
	                                              : spool_check_dir(rel, d);
	free(rel);
	return rc;
}

void spool_close(struct spool *s)
{
	free(s->dir);
	s->dir = NULL;
}

int spool_note_run(const struct spool *s, const char *config)
{
	char *path = xasprintf("%s/last-run", s->dir);
	char *body = xasprintf("%lld\t%s\n", (long long)time(NULL), config ? config : "");
	int rc = durable_write(path, body, strlen(body));
	free(body);
	free(path);
	return rc;
}

time_t spool_last_run(const struct spool *s, char **config)
{
	char *path = xasprintf("%s/last-run", s->dir);
	char *data = NULL;
	size_t len;
	time_t when = 0;
	if (config)
		*config = NULL;
	if (file_read_all(path, 8192, &data, &len) == 0) {
		char *tab = strchr(data, '\t');
		when = (time_t)strtoll(data, NULL, 10);
		if (tab && config) {
			tab[strcspn(tab, "\n")] = '\0';
			*config = tab[1] ? xstrdup(tab + 1) : NULL;
		}
	}
	free(data);
	free(path);
	return when;
}

char *spool_release_dir(const struct spool *s, const char *id)
{
	return xasprintf("%s/releases/%s", s->dir, id);
}

int spool_release_mkdir(const struct spool *s, const char *id, struct diags *d)
{
	char *dir = spool_release_dir(s, id);
	int rc = durable_mkdir_private(dir, 0700);
	if (rc < 0)
		private_dir_error(dir, "the release's spool directory", d);
	free(dir);
	return rc;
}

int spool_lock(const char *path, struct diags *d)
{
	int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 && errno == ELOOP)
		return diag_error(d, EX_CANTCREAT, path, 0, 0,
		                  "remove the link: the spool holds no symbolic links",
		                  "the lock file is a symbolic link: embargo does not open one");
	if (fd < 0)
		return diag_error(d, EX_CANTCREAT, path, 0, 0, "check the spool directory's permissions",
		                  "cannot open the lock file: %s", strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int e = errno;
		close(fd);
		if (e == EWOULDBLOCK)
			return -2;
		return diag_error(d, EX_IOERR, path, 0, 0, NULL, "cannot lock: %s", strerror(e));
	}
	return fd;
}

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* flock has no timeout: try every 50 ms (a holder that has not started lets
 * go within milliseconds to seconds), and look at give_up between tries. */
int spool_lock_wait(const char *path, long ms, bool (*give_up)(void *arg), void *arg,
                    struct diags *d)
{
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		int fd = spool_lock(path, d);
		if (fd != -2 || (give_up && give_up(arg)) || elapsed_ms(&start) >= ms)
			return fd;
		struct timespec pause = {0, 50 * 1000000L};
		nanosleep(&pause, NULL);
	}
}

void spool_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

int spool_mark(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *body = xasprintf("%s\n", text ? text : "");
	int rc = durable_write(path, body, strlen(body));
	free(body);
	free(path);
	return rc;
}

bool spool_marked(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	bool there = access(path, F_OK) == 0;
	free(path);
	return there;
}

long long spool_marker_number(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *data = NULL;
	size_t len;
	long long n = 0;
	if (file_read_all(path, 64, &data, &len) == 0)
		n = strtoll(data, NULL, 10);
	free(data);
	free(path);
	return n;
}

void spool_unmark(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	unlink(path);
	free(path);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **spool_release_ids(const struct spool *s, size_t *n)
{
	char *dir = xasprintf("%s/releases", s->dir);
	DIR *dp = opendir(dir);
	char **ids = NULL;
	size_t cap = 0;
	*n = 0;
	struct dirent *de;
	while (dp && (de = readdir(dp))) {
		if (de->d_name[0] == '.')
			continue; /* ".", "..", and snapshots still being written */
		char *rdir = xasprintf("%s/%s", dir, de->d_name);
		if (spool_marked(rdir, "schedule.yaml")) {
			ids = xgrow(ids, &cap, *n + 2, sizeof *ids);
			ids[(*n)++] = xstrdup(de->d_name);
			ids[*n] = NULL;
		}
		free(rdir);
	}
	if (dp)
		closedir(dp);
	free(dir);
	if (*n)
		qsort(ids, *n, sizeof *ids, cmp_str);
	return ids;
}

bool spool_release_started(const char *dir)
{
	return spool_marked(dir, "started") || spool_marked(dir, "advance-started") ||
	       spool_marked(dir, "advance-done");
}

bool spool_busy(const char *dir)
{
	char *path = xasprintf("%s/lock", dir);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return false;
	bool busy = flock(fd, LOCK_SH | LOCK_NB) < 0 && errno == EWOULDBLOCK;
	close(fd);
	return busy;
}
