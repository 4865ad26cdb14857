#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "bounce_apply.h"
#include "durable.h"
#include "journal.h"
#include "recipients.h"
#include "spool.h"
#include "util.h"

#define LEDGER_MAX_BYTES ((size_t)1 << 30)

/* ---- the ledger ---- */

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r')
			continue;
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

void bounce_message_hash(const char *buf, size_t len, char out[33])
{
	uint64_t a = fnv(0xcbf29ce484222325ULL, buf, len);
	uint64_t b = fnv(0x6c62272e07bb0142ULL, buf, len);
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)a, (unsigned long long)b);
}

static void ledger_apply_line(struct bounce_ledger *l, char *line)
{
	char *f[4] = {0};
	char *p = line;
	for (int i = 0; i < 4 && p; i++) {
		f[i] = p;
		p = strchr(p, '\t');
		if (p)
			*p++ = '\0';
	}
	if (!f[2])
		return;
	if (strcmp(f[1], "seen") == 0) {
		strmap_put(&l->seen, f[2], (void *)1);
	} else if (strcmp(f[1], "soft") == 0 && f[3]) {
		l->soft = xgrow(l->soft, &l->cap, l->nsoft + 1, sizeof *l->soft);
		l->soft[l->nsoft++] = (struct bounce_soft){xstrdup(f[2]), xstrdup(f[3]),
		                                           (time_t)strtoll(f[0], NULL, 10)};
	}
}

int bounce_ledger_open(struct bounce_ledger *l, const char *spool_dir, struct diags *d)
{
	memset(l, 0, sizeof *l);
	l->fd = l->lock_fd = -1;
	strmap_init(&l->seen);
	char *dir = xasprintf("%s/bounces", spool_dir);
	if (durable_mkdirs(dir, 0700) < 0) {
		diag_error(d, EX_CANTCREAT, dir, 0, 0, "set spool_dir to a directory you can write",
		           "cannot create the bounces directory: %s", strerror(errno));
		free(dir);
		return -1;
	}
	char *lock = xasprintf("%s/lock", dir);
	l->lock_fd = spool_lock(lock, d);
	free(lock);
	l->path = xasprintf("%s/ledger", dir);
	free(dir);
	if (l->lock_fd == -2)
		return 1;
	if (l->lock_fd < 0)
		return -1;
	char *buf;
	size_t len;
	if (file_read_all(l->path, LEDGER_MAX_BYTES, &buf, &len) == 0) {
		for (char *p = buf, *nl;
		     p < buf + len && (nl = memchr(p, '\n', len - (size_t)(p - buf))); p = nl + 1) {
			*nl = '\0';
			ledger_apply_line(l, p);
		}
		free(buf);
	} else if (errno != ENOENT) {
		return diag_error(d, EX_IOERR, l->path, 0, 0, NULL, "cannot read the ledger: %s",
		                  strerror(errno));
	}
	l->fd = open(l->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (l->fd < 0)
		return diag_error(d, EX_CANTCREAT, l->path, 0, 0, NULL,
		                  "cannot open the ledger: %s", strerror(errno));
	return 0;
}

void bounce_ledger_close(struct bounce_ledger *l)
{
	if (l->fd >= 0)
		close(l->fd);
	spool_unlock(l->lock_fd);
	for (size_t i = 0; i < l->nsoft; i++) {
		free(l->soft[i].addr);
		free(l->soft[i].release);
	}
	free(l->soft);
	strmap_free(&l->seen);
	free(l->path);
	memset(l, 0, sizeof *l);
	l->fd = l->lock_fd = -1;
}

bool bounce_ledger_seen(const struct bounce_ledger *l, const char *hash)
{
	return strmap_get(&l->seen, hash) != NULL;
}

/* Tabs and line breaks would break the line format. */
static char *field(const char *s)
{
	char *c = xstrdup(s ? s : "-");
	for (char *p = c; *p; p++)
		if (*p == '\t' || *p == '\n' || *p == '\r')
			*p = ' ';
	return c;
}

static int ledger_append(struct bounce_ledger *l, const char *kind, const char *a, const char *b)
{
	char *fa = field(a), *fb = field(b);
	char *line = xasprintf("%lld\t%s\t%s\t%s\n", (long long)time(NULL), kind, fa, fb);
	int rc = durable_write_all(l->fd, line, strlen(line));
	if (rc == 0)
		rc = fdatasync(l->fd);
	free(line);
	free(fa);
	free(fb);
	return rc;
}

int bounce_ledger_mark(struct bounce_ledger *l, const char *hash, const char *where)
{
	if (ledger_append(l, "seen", hash, where) < 0)
		return -1;
	strmap_put(&l->seen, hash, (void *)1);
	return 0;
}

/* Soft bounces of addr within the window, one per release, this one
 * included (recorded). */
static size_t soft_count(struct bounce_ledger *l, const struct bounce_policy *p, const char *addr,
                         const char *release)
{
	char *low = str_lower(addr);
	bool have = false;
	for (size_t i = 0; i < l->nsoft && !have; i++)
		have =
		    strcmp(l->soft[i].addr, low) == 0 && strcmp(l->soft[i].release, release) == 0;
	if (!have && ledger_append(l, "soft", low, release) == 0) {
		l->soft = xgrow(l->soft, &l->cap, l->nsoft + 1, sizeof *l->soft);
		l->soft[l->nsoft++] = (struct bounce_soft){xstrdup(low), xstrdup(release), p->now};
	}
	size_t n = 0;
	for (size_t i = 0; i < l->nsoft; i++) {
		bool counted = false;
		for (size_t k = 0; k < i && !counted; k++)
			counted = strcmp(l->soft[k].addr, low) == 0 &&
			          strcmp(l->soft[k].release, l->soft[i].release) == 0;
		if (!counted && strcmp(l->soft[i].addr, low) == 0 &&
		    p->now - l->soft[i].when <= p->soft_window)
			n++;
	}
	free(low);
	return n;
}

/* ---- effects ---- */

static bool failed(const struct bounce_rcpt *r)
{
	return !r->action || strcmp(r->action, "failed") == 0 ||
	       strcmp(r->action, "failure") == 0 || strcmp(r->action, "error") == 0;
}

static char *detail_of(const struct bounce_rcpt *r)
{
	return xasprintf("%s %s %s", bounce_class_name(r->cls), r->status ? r->status : "-",
	                 r->diagnostic ? r->diagnostic : "");
}

/* Record the bounce in the release's journal, under its lock.  Returns 0,
 * 1 when a sender holds the lock, -1 on error. */
static int journal_bounce(const struct bounce_policy *p, const struct bounce_sent *s,
                          const struct bounce_rcpt *r, struct diags *d)
{
	char *dir = xasprintf("%s/releases/%s", p->spool_dir, s->release);
	char *lock = xasprintf("%s/lock", dir);
	int fd = spool_lock_wait(lock, SPOOL_LOCK_WAIT_MS, NULL, NULL, d);
	int rc = fd == -2 ? 1 : fd < 0 ? -1 : 0;
	if (rc == 0) {
		struct journal j;
		rc = journal_open(&j, dir, JOURNAL_WRITE, d);
		const struct jentry *e = rc == 0 ? journal_get(&j, s->addr) : NULL;
		char *detail = detail_of(r);
		bool same =
		    e && e->state == RS_BOUNCED && e->reply && strcmp(e->reply, detail) == 0;
		if (rc == 0 && !same &&
		    (journal_record(&j, JE_BOUNCED, s->addr, detail, 0) < 0 ||
		     journal_sync(&j) < 0))
			rc = diag_error(d, EX_IOERR, j.path, 0, 0, NULL,
			                "cannot write the journal: %s", strerror(errno));
		free(detail);
		journal_close(&j);
		spool_unlock(fd);
	}
	free(lock);
	free(dir);
	return rc;
}

static int suppress(const struct bounce_policy *p, const struct bounce_sent *s,
                    const struct bounce_rcpt *r, const char *why, struct bounce_effects *fx,
                    struct diags *d)
{
	char day[16];
	struct tm tm;
	gmtime_r(&p->now, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	char *note =
	    xasprintf("%s %s %s release %s", day, why, r->status ? r->status : "-", s->release);
	int rc = suppress_add_note(p->suppress_file, s->addr, note, d);
	free(note);
	if (rc == 0)
		fx->suppressed++;
	return rc < 0 ? -1 : 0;
}

static int apply_one(const struct bounce_policy *p, struct bounce_ledger *l,
                     const struct bounce_report *rep, const struct bounce_match *m,
                     struct bounce_effects *fx, struct diags *d)
{
	const struct bounce_rcpt *r = &rep->r[m->rcpt];
	if (rep->kind == BOUNCE_KIND_COMPLAINT)
		return r->cls == BOUNCE_COMPLAINT ? suppress(p, m->sent, r, "complaint", fx, d) : 0;
	if (rep->kind != BOUNCE_KIND_DSN || !failed(r))
		return 0;
	int rc = journal_bounce(p, m->sent, r, d);
	if (rc != 0)
		return rc;
	fx->journaled++;
	if (r->cls == BOUNCE_HARD)
		return suppress(p, m->sent, r, "hard bounce", fx, d);
	if (r->cls == BOUNCE_SOFT) {
		size_t n = soft_count(l, p, m->sent->addr, m->sent->release);
		if (p->soft_limit > 0 && n >= (size_t)p->soft_limit) {
			char *why = xasprintf("soft bounce %zu of %ld", n, p->soft_limit);
			rc = suppress(p, m->sent, r, why, fx, d);
			free(why);
		}
	}
	return rc;
}

int bounce_apply(const struct bounce_policy *p, struct bounce_ledger *l,
                 const struct bounce_report *rep, const struct bounce_match *m, size_t n,
                 struct bounce_effects *fx, struct diags *d)
{
	int status = 0;
	for (size_t i = 0; i < n; i++) {
		int rc = apply_one(p, l, rep, &m[i], fx, d);
		if (rc < 0)
			return -1;
		if (rc == 1) {
			fx->busy++;
			status = 1;
		}
	}
	return status;
}
