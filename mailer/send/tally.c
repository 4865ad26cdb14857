#include "config.h"

#include <string.h>

#include "spool.h"
#include "tally.h"

static void count_one(const struct journal *j, const char *addr, enum rstate fallback,
                      struct tally *t)
{
	const struct jentry *e = journal_get(j, addr);
	t->count[e ? e->state : fallback]++;
	t->total++;
}

static const char *release_state(const char *dir, const struct tally *t)
{
	if (spool_marked(dir, "cancelled"))
		return "cancelled";
	if (spool_marked(dir, "missed"))
		return "missed";
	size_t open = t->count[RS_PENDING] + t->count[RS_DEFERRED];
	if (spool_marked(dir, "started")) {
		if (open)
			return "sending";
		return t->count[RS_FAILED] || t->count[RS_UNKNOWN] ? "partly-sent" : "sent";
	}
	if (spool_marked(dir, "advance-done") || t->count[RS_SENT])
		return "advance-sent";
	return "scheduled";
}

void tally_count(const char *dir, const struct job *job, const struct journal *j,
                 struct tally *t)
{
	memset(t, 0, sizeof *t);
	for (size_t i = 0; i < job->aud.n; i++)
		count_one(j, job->aud.to[i]->email, RS_PENDING, t);
	for (size_t i = 0; i < job->aud.nsuppressed; i++)
		count_one(j, job->aud.suppressed[i]->email, RS_SUPPRESSED, t);
	t->state = release_state(dir, t);
}
