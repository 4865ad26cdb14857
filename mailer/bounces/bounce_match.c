#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bounce_match.h"
#include "journal.h"
#include "message.h"
#include "spool.h"
#include "util.h"

/* The local part of the Message-ID message.c gives (release, addr). */
static char *hash_of(const struct bounce_index *ix, const char *release, const char *addr)
{
	char *mid = message_id(&ix->key, release, addr, "x");
	char *at = strchr(mid, '@');
	if (at)
		*at = '\0';
	return mid;
}

void bounce_index_add(struct bounce_index *ix, const char *release, const char *addr)
{
	struct bounce_sent *s = xcalloc(1, sizeof *s);
	s->release = xstrdup(release);
	s->addr = xstrdup(addr);
	ix->v = xgrow(ix->v, &ix->cap, ix->n + 1, sizeof *ix->v);
	ix->v[ix->n++] = s;
	char *h = hash_of(ix, release, addr);
	strmap_put(&ix->by_hash, h, s);
	free(h);
}

static int index_release(struct bounce_index *ix, const char *spool_dir, const char *id,
                         struct diags *d)
{
	char *dir = xasprintf("%s/releases/%s", spool_dir, id);
	struct journal j;
	int rc = journal_open(&j, dir, spool_busy(dir) ? JOURNAL_READ_LIVE : JOURNAL_READ, d);
	for (size_t i = 0; rc == 0 && i < j.n; i++) {
		enum rstate s = j.v[i]->state;
		if (s == RS_SENT || s == RS_BOUNCED || s == RS_UNKNOWN)
			bounce_index_add(ix, id, j.v[i]->addr);
	}
	journal_close(&j);
	free(dir);
	return rc;
}

void bounce_index_init(struct bounce_index *ix, const struct message_key *key)
{
	memset(ix, 0, sizeof *ix);
	strmap_init(&ix->by_hash);
	if (key) {
		ix->key = *key;
		ix->have_key = true;
	}
}

int bounce_index_build(struct bounce_index *ix, const char *spool_dir, struct diags *d)
{
	bounce_index_init(ix, NULL);
	int k = message_key_load(spool_dir, false, &ix->key, d);
	if (k != 0)
		return k < 0 ? -1 : 0; /* no key: nothing was sent with one */
	ix->have_key = true;
	struct spool sp = {.dir = (char *)spool_dir};
	size_t n;
	char **ids = spool_release_ids(&sp, &n);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		if (index_release(ix, spool_dir, ids[i], d) < 0)
			rc = -1;
		free(ids[i]);
	}
	free(ids);
	return rc;
}

void bounce_index_free(struct bounce_index *ix)
{
	for (size_t i = 0; i < ix->n; i++) {
		free(ix->v[i]->release);
		free(ix->v[i]->addr);
		free(ix->v[i]);
	}
	free(ix->v);
	strmap_free(&ix->by_hash);
	explicit_bzero(&ix->key, sizeof ix->key);
	memset(ix, 0, sizeof *ix);
}

/* The sent message a Message-ID names, or NULL. */
static const struct bounce_sent *lookup(const struct bounce_index *ix, const char *msgid)
{
	const char *at = strrchr(msgid, '@');
	if (!at || at - msgid != 32)
		return NULL;
	char local[33];
	memcpy(local, msgid, 32);
	local[32] = '\0';
	for (char *p = local; *p; p++)
		if (*p >= 'A' && *p <= 'F')
			*p = (char)(*p - 'A' + 'a');
	return strmap_get(&ix->by_hash, local);
}

static bool same_address(const char *a, const char *b)
{
	return a && b && str_eq_ci(a, b);
}

void bounce_match(const struct bounce_index *ix, const struct bounce_report *rep,
                  struct bounce_match **out, size_t *n, const char **release)
{
	*out = NULL;
	*n = 0;
	*release = NULL;
	size_t cap = 0;
	for (size_t m = 0; m < rep->nmsgids; m++) {
		const struct bounce_sent *s = lookup(ix, rep->msgids[m]);
		if (!s)
			continue;
		if (!*release)
			*release = s->release;
		for (size_t r = 0; r < rep->n; r++) {
			const struct bounce_rcpt *rc = &rep->r[r];
			if (!same_address(rc->address, s->addr) &&
			    !same_address(rc->original, s->addr))
				continue;
			bool dup = false;
			for (size_t k = 0; k < *n && !dup; k++)
				dup = (*out)[k].rcpt == r && (*out)[k].sent == s;
			if (dup)
				continue;
			*out = xgrow(*out, &cap, *n + 1, sizeof **out);
			(*out)[(*n)++] = (struct bounce_match){r, s};
		}
	}
}
