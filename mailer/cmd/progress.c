#include "config.h"

#include <stdio.h>

#include "progress.h"
#include "timefmt.h"

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void progress_init(struct progress *p, bool on)
{
	p->on = on;
	p->drawn = false;
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	p->last = p->start;
}

void progress_update(void *arg, const struct deliver_stats *st)
{
	struct progress *p = arg;
	if (!p->on)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	size_t done = st->sent + st->failed + st->deferred + st->unknown;
	if (p->drawn && seconds_between(&p->last, &now) < 0.1 && done < st->todo)
		return;
	p->last = now;
	double secs = seconds_between(&p->start, &now);
	double rate = secs > 0 ? (double)done / secs : 0;
	char eta[40] = "-";
	if (rate > 0 && st->todo > done)
		timefmt_duration((long)((double)(st->todo - done) / rate) + 1, eta, sizeof eta);
	fprintf(stderr, "\r\033[Ksent %zu, failed %zu, deferred %zu, %.0f msg/s, ETA %s", st->sent,
	        st->failed, st->deferred, rate, eta);
	fflush(stderr);
	p->drawn = true;
}

void progress_finish(struct progress *p)
{
	if (p->drawn)
		fputc('\n', stderr);
	p->drawn = false;
}
