#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "durable.h"
#include "journal.h"
#include "util.h"

static const char *const event_names[] = {"claim", "attempt", "sent", "failed", "deferred",
                                          "suppressed", "unknown", "cancelled", "missed",
                                          "resend", "note", "bounced"};
#define NEVENTS (sizeof event_names / sizeof event_names[0])

static const char *const state_names[RS_NSTATES] = {
	"pending", "sent",      "failed", "deferred", "suppressed",
	"unknown", "cancelled", "missed", "bounced"};

const char *journal_state_name(enum rstate s)
{
	return state_names[s];
}

static uint32_t line_sum(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

/* The machine's boot ID: a claim made under the same boot ID had its attempt
 * lines in the page cache, which survives kill -9 but not power loss. */
static char *read_boot_id(void)
{
	char buf[64] = "";
	FILE *fp = fopen("/proc/sys/kernel/random/boot_id", "re");
	if (fp) {
		if (!fgets(buf, sizeof buf, fp))
			buf[0] = '\0';
		fclose(fp);
	}
	buf[strcspn(buf, "\n")] = '\0';
	return xstrdup(buf[0] ? buf : "unknown");
}

static struct jentry *entry_for(struct journal *j, const char *addr)
{
	struct jentry *e = strmap_get(&j->index, addr);
	if (e)
		return e;
	e = xcalloc(1, sizeof *e);
	e->addr = xstrdup(addr);
	e->state = RS_PENDING;
	j->v = xgrow(j->v, &j->cap, j->n + 1, sizeof *j->v);
	j->v[j->n++] = e;
	strmap_put(&j->index, addr, e);
	return e;
}

struct jentry *journal_get(const struct journal *j, const char *addr)
{
	return strmap_get(&j->index, addr);
}

static void set_reply(struct jentry *e, const char *detail)
{
	char *copy = detail && *detail ? xstrdup(detail) : NULL;
	free(e->reply); /* detail may be e->reply itself */
	e->reply = copy;
}

static void entry_outcome(struct jentry *e, enum rstate s, const char *detail)
{
	e->state = s;
	e->claimed = e->attempted = false;
	set_reply(e, detail);
}

static void apply(struct journal *j, time_t t, enum jevent ev, const char *addr,
                  time_t next, const char *detail)
{
	struct jentry *e = entry_for(j, addr);
	switch (ev) {
	case JE_CLAIM:
		e->claimed = true;
		e->attempted = false;
		free(e->claim_boot);
		e->claim_boot = xstrdup(detail ? detail : "");
		break;
	case JE_ATTEMPT:
		e->attempted = true;
		break;
	case JE_DEFERRED:
		entry_outcome(e, RS_DEFERRED, detail);
		e->outcome_at = t;
		e->next_try = next;
		if (e->deferrals++ == 0)
			e->first_deferred = t;
		break;
	case JE_RESEND:
		entry_outcome(e, RS_PENDING, e->reply);
		break;
	default: {
		static const enum rstate final[] = {
			[JE_SENT] = RS_SENT,           [JE_FAILED] = RS_FAILED,
			[JE_SUPPRESSED] = RS_SUPPRESSED, [JE_UNKNOWN] = RS_UNKNOWN,
			[JE_CANCELLED] = RS_CANCELLED, [JE_MISSED] = RS_MISSED,
			[JE_BOUNCED] = RS_BOUNCED};
		entry_outcome(e, final[ev], detail);
		e->outcome_at = t;
	}
	}
}

/* Tabs, CR and LF in a server reply would break the line format. */
static void add_field(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '\t');
	for (; s && *s; s++)
		strbuf_addch(sb, (*s == '\t' || *s == '\r' || *s == '\n') ? ' ' : *s);
}

static void format_line(struct strbuf *sb, time_t t, const char *event, const char *addr,
                        time_t next, const char *detail)
{
	size_t start = sb->len;
	strbuf_addf(sb, "%lld", (long long)t);
	add_field(sb, event);
	add_field(sb, addr);
	strbuf_addf(sb, "\t%lld", (long long)next);
	add_field(sb, detail);
	uint32_t sum = line_sum(sb->buf + start, sb->len - start);
	strbuf_addf(sb, "\t#%08" PRIx32 "\n", sum);
}

/* Split one line (without its newline) into its fields; false when it is
 * damaged. */
static bool parse_line(char *line, time_t *t, enum jevent *ev, char **addr, time_t *next,
                       char **detail)
{
	char *hash = strrchr(line, '\t');
	if (!hash || hash[1] != '#')
		return false;
	uint32_t want;
	if (sscanf(hash + 2, "%8" SCNx32, &want) != 1 || line_sum(line, (size_t)(hash - line)) != want)
		return false;
	*hash = '\0';
	char *f[5];
	char *p = line;
	for (int i = 0; i < 5; i++) {
		f[i] = p;
		p = strchr(p, '\t');
		if (!p && i < 4)
			return false;
		if (p)
			*p++ = '\0';
	}
	*t = (time_t)strtoll(f[0], NULL, 10);
	*next = (time_t)strtoll(f[3], NULL, 10);
	*addr = f[2];
	*detail = f[4];
	for (size_t i = 0; i < NEVENTS; i++)
		if (strcmp(f[1], event_names[i]) == 0) {
			*ev = (enum jevent)i;
			return true;
		}
	return false;
}

static void apply_note(struct journal *j, const char *note)
{
	j->notes = xrealloc(j->notes, (j->nnotes + 1) * sizeof *j->notes);
	j->notes[j->nnotes++] = xstrdup(note);
}

/* Replay buf[0..len); returns the length of the good prefix (a torn or
 * damaged last line is cut), or -1 when a line before the last is damaged. */
static long replay(struct journal *j, char *buf, size_t len, size_t *bad_line)
{
	size_t off = 0, lineno = 0;
	while (off < len) {
		char *nl = memchr(buf + off, '\n', len - off);
		lineno++;
		if (!nl)
			return (long)off; /* torn: no newline */
		*nl = '\0';
		time_t t, next;
		enum jevent ev;
		char *addr, *detail;
		bool ok = parse_line(buf + off, &t, &ev, &addr, &next, &detail);
		if (!ok) {
			if ((size_t)(nl - buf) + 1 == len)
				return (long)off; /* a damaged last line: torn by power loss */
			*bad_line = lineno;
			return -1;
		}
		if (ev == JE_NOTE)
			apply_note(j, detail);
		else
			apply(j, t, ev, addr, next, detail);
		off = (size_t)(nl - buf) + 1;
	}
	return (long)off;
}

/* What a claim without an outcome means after the process that made it is
 * gone (see the header).  In JOURNAL_WRITE mode the verdict is journaled, so
 * that the journal itself says "unknown". */
static int settle(struct journal *j, enum journal_mode mode)
{
	if (mode == JOURNAL_READ_LIVE)
		return 0;
	bool wrote = false;
	for (size_t i = 0; i < j->n; i++) {
		struct jentry *e = j->v[i];
		if (e->attempted || (e->claimed && strcmp(e->claim_boot, j->boot_id) != 0)) {
			const char *why = e->attempted ? "interrupted after the message was handed over"
			                               : "interrupted by a restart of the machine";
			if (mode == JOURNAL_WRITE) {
				if (journal_record(j, JE_UNKNOWN, e->addr, why, 0) < 0)
					return -1;
				wrote = true;
			} else {
				entry_outcome(e, RS_UNKNOWN, why);
			}
		}
		e->claimed = e->attempted = false;
	}
	return wrote ? journal_sync(j) : 0;
}

static int load(struct journal *j, enum journal_mode mode, struct diags *d)
{
	char *buf;
	size_t len;
	if (file_read_all(j->path, (size_t)1 << 34, &buf, &len) < 0)
		return diag_error(d, EX_IOERR, j->path, 0, 0, NULL, "cannot read the journal: %s",
		                  strerror(errno));
	size_t bad_line = 0;
	long good = replay(j, buf, len, &bad_line);
	free(buf);
	if (good < 0)
		return diag_error(d, EX_DATAERR, j->path, (int)bad_line, 1,
		                  "the journal is damaged: inspect it by hand before sending again",
		                  "damaged journal line");
	if (mode == JOURNAL_WRITE && (size_t)good < len && ftruncate(j->fd, good) < 0)
		return diag_error(d, EX_IOERR, j->path, 0, 0, NULL, "cannot cut a torn line: %s",
		                  strerror(errno));
	j->size = good;
	if (settle(j, mode) < 0)
		return diag_error(d, EX_IOERR, j->path, 0, 0,
		                  "free space or fix permissions in the spool, then run again",
		                  "cannot write the journal: %s", strerror(errno));
	return 0;
}

int journal_open(struct journal *j, const char *dir, enum journal_mode mode, struct diags *d)
{
	memset(j, 0, sizeof *j);
	strmap_init(&j->index);
	j->boot_id = read_boot_id();
	j->path = xasprintf("%s/journal", dir);
	if (mode == JOURNAL_WRITE)
		/* O_NOFOLLOW: a link planted at the name never takes the
		 * journal's lines elsewhere */
		j->fd = open(j->path, O_RDWR | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600);
	else
		j->fd = open(j->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (j->fd < 0 && mode != JOURNAL_WRITE && errno == ENOENT)
		return 0; /* nothing journaled yet */
	if (j->fd < 0 && errno == ELOOP)
		return diag_error(
		    d, EX_CANTCREAT, j->path, 0, 0,
		    "remove the link: the spool holds no symbolic links",
		    "the journal is a symbolic link: embargo does not write through one");
	if (j->fd < 0)
		return diag_error(d, EX_CANTCREAT, j->path, 0, 0,
		                  "check that the spool directory is writable",
		                  "cannot open the journal: %s", strerror(errno));
	return load(j, mode, d);
}

void journal_close(struct journal *j)
{
	if (j->pending)
		journal_claim_wait(j); /* the sync must end before its descriptor */
	if (j->fd >= 0)
		close(j->fd);
	for (size_t i = 0; i < j->n; i++) {
		free(j->v[i]->addr);
		free(j->v[i]->claim_boot);
		free(j->v[i]->reply);
		free(j->v[i]);
	}
	free(j->v);
	for (size_t i = 0; i < j->nnotes; i++)
		free(j->notes[i]);
	free(j->notes);
	strmap_free(&j->index);
	free(j->path);
	free(j->boot_id);
	memset(j, 0, sizeof *j);
	j->fd = -1;
}

/* A write that fails part way (a full disk) leaves part of a line: cut it
 * off, or the next line appended after it would turn it into a damaged line
 * in the middle of the journal. */
static int append(struct journal *j, const struct strbuf *sb)
{
	if (durable_write_all(j->fd, sb->buf, sb->len) == 0) {
		j->size += (off_t)sb->len;
		return 0;
	}
	int e = errno;
	if (ftruncate(j->fd, j->size) < 0) {
		/* The torn tail stays; replay cuts it when it is still the last line. */
	}
	errno = e;
	return -1;
}

int journal_sync(struct journal *j)
{
	return fdatasync(j->fd);
}

/* A claim whose lines are written and whose fdatasync runs in a thread of
 * its own (joined by journal_claim_wait, so none outlives the journal). */
struct journal_pending {
	pthread_t thread;
	bool threaded; /* else the sync ran at once (no thread could start) */
	int fd;
	const char **addrs; /* a copy of the caller's array, not of the strings */
	size_t n;
	time_t when;
	int rc, err;
};

static void *pending_sync(void *arg)
{
	struct journal_pending *p = arg;
	p->rc = fdatasync(p->fd);
	p->err = errno;
	return NULL;
}

int journal_claim_start(struct journal *j, const char *const *addrs, size_t n)
{
	if (j->pending) {
		errno = EBUSY;
		return -1;
	}
	struct strbuf sb;
	strbuf_init(&sb);
	time_t now = time(NULL);
	for (size_t i = 0; i < n; i++)
		format_line(&sb, now, "claim", addrs[i], 0, j->boot_id);
	int rc = append(j, &sb);
	strbuf_release(&sb);
	if (rc < 0)
		return -1;
	struct journal_pending *p = xcalloc(1, sizeof *p);
	p->fd = j->fd;
	p->addrs = xcalloc(n ? n : 1, sizeof *p->addrs);
	memcpy(p->addrs, addrs, n * sizeof *addrs);
	p->n = n;
	p->when = now;
	/* fdatasync in the thread covers every line written before it starts */
	p->threaded = pthread_create(&p->thread, NULL, pending_sync, p) == 0;
	if (!p->threaded)
		pending_sync(p);
	j->pending = p;
	return 0;
}

int journal_claim_wait(struct journal *j)
{
	struct journal_pending *p = j->pending;
	if (!p)
		return 0;
	if (p->threaded)
		pthread_join(p->thread, NULL);
	int rc = p->rc, err = p->err;
	if (rc == 0)
		for (size_t i = 0; i < p->n; i++)
			apply(j, p->when, JE_CLAIM, p->addrs[i], 0, j->boot_id);
	free(p->addrs);
	free(p);
	j->pending = NULL;
	errno = err;
	return rc;
}

/* The claim in one call: the same lines and sync as the two halves. */
int journal_claim(struct journal *j, const char *const *addrs, size_t n)
{
	if (journal_claim_start(j, addrs, n) < 0)
		return -1;
	return journal_claim_wait(j);
}

int journal_record(struct journal *j, enum jevent ev, const char *addr, const char *detail,
                   time_t next_try)
{
	struct strbuf sb;
	strbuf_init(&sb);
	time_t now = time(NULL);
	format_line(&sb, now, event_names[ev], addr, next_try, detail);
	int rc = append(j, &sb);
	strbuf_release(&sb);
	if (rc == 0)
		apply(j, now, ev, addr, next_try, detail);
	return rc;
}

int journal_note(struct journal *j, const char *note)
{
	struct strbuf sb;
	strbuf_init(&sb);
	format_line(&sb, time(NULL), event_names[JE_NOTE], "-", 0, note);
	int rc = append(j, &sb);
	if (rc == 0)
		rc = journal_sync(j);
	strbuf_release(&sb);
	if (rc == 0)
		apply_note(j, note);
	return rc;
}

bool journal_has_note(const struct journal *j, const char *note)
{
	for (size_t i = 0; i < j->nnotes; i++)
		if (strcmp(j->notes[i], note) == 0)
			return true;
	return false;
}
