#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "composer.h"

/* Messages composed ahead of the one being sent: enough to ride out a slow
 * reply, few enough to stay small (about 10 KB each).  The threads, once
 * they are that far ahead, sleep until half of them are taken: one wake-up
 * for eight messages, not one each. */
#define COMPOSER_AHEAD 16

/* Composing threads: one per CPU, at most this many.  Each has a renderer
 * of its own (the first the job's, the others clones of it). */
#define COMPOSER_THREADS 2

struct composer_item {
	const struct recipient *r;
	enum message_kind kind;
	bool done;      /* composed (msg or d filled) */
	struct strbuf msg;
	struct diags d; /* why it could not be composed */
};

struct composer_thread {
	struct composer *c;
	struct renderer *render;
	struct renderer clone; /* for threads other than the first */
	pthread_t thread;
	bool started;
};

/* The queue is a ring of COMPOSER_QUEUE items; head, next and tail count up
 * for ever (an item's slot is its count modulo the ring): [head, tail) are
 * queued, items before next are taken by a thread (and done once composed),
 * [next, tail) wait. */
struct composer {
	struct job *job;
	struct composer_thread t[COMPOSER_THREADS];
	size_t nthreads;
	pthread_mutex_t lock;
	pthread_cond_t work;  /* for the threads: something to compose */
	pthread_cond_t ready; /* for composer_pop: the head is composed */
	size_t sleeping;      /* threads waiting on work */
	bool waiting;         /* composer_pop waits on ready */
	struct composer_item items[COMPOSER_QUEUE];
	size_t head, next, tail;
	bool stop;
};

static struct composer_item *composer_item(struct composer *c, size_t i)
{
	return &c->items[i % COMPOSER_QUEUE];
}

/* Messages are composed here only: each thread with its own renderer, the
 * release, sender and attachments shared read only. */
static void composer_compose(struct composer *c, struct renderer *render,
                             struct composer_item *it)
{
	struct job *job = c->job;
	if (message_build(render, &job->rel, &job->sender, it->r, it->kind, time(NULL), &it->msg,
	                  &it->d) == 0)
		return;
	strbuf_reset(&it->msg);
	if (!diags_errors(&it->d)) /* never an empty message that looks composed */
		diag_error(&it->d, EX_SOFTWARE, NULL, 0, 0, NULL, "cannot compose the message");
}

static void *composer_main(void *arg)
{
	struct composer_thread *t = arg;
	struct composer *c = t->c;
	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->stop && (c->next == c->tail || c->next - c->head >= COMPOSER_AHEAD)) {
			c->sleeping++;
			pthread_cond_wait(&c->work, &c->lock);
			c->sleeping--;
		}
		if (c->stop)
			break;
		struct composer_item *it = composer_item(c, c->next++);
		/* the item is this thread's until it is done */
		pthread_mutex_unlock(&c->lock);
		composer_compose(c, t->render, it);
		pthread_mutex_lock(&c->lock);
		it->done = true;
		if (c->waiting)
			pthread_cond_signal(&c->ready);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

static size_t composer_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > COMPOSER_THREADS ? COMPOSER_THREADS : (size_t)n;
}

/* A thread other than the first renders with a clone of the job's renderer;
 * if none can be made, fewer threads compose. */
static bool composer_thread_start(struct composer *c, struct composer_thread *t, size_t i)
{
	t->c = c;
	t->render = &c->job->render;
	if (i > 0) {
		struct diags d;
		diags_init(&d);
		bool ok = job_render_clone(c->job, &t->clone, &d) == 0;
		diags_free(&d);
		if (!ok) {
			render_close(&t->clone);
			return false;
		}
		t->render = &t->clone;
	}
	t->started = pthread_create(&t->thread, NULL, composer_main, t) == 0;
	if (!t->started && i > 0)
		render_close(&t->clone);
	return t->started;
}

struct composer *composer_start(struct job *job)
{
	struct composer *c = xcalloc(1, sizeof *c);
	c->job = job;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->work, NULL);
	pthread_cond_init(&c->ready, NULL);
	size_t want = composer_cpus();
	while (c->nthreads < want && composer_thread_start(c, &c->t[c->nthreads], c->nthreads))
		c->nthreads++;
	return c;
}

void composer_push(struct composer *c, const struct recipient *r, enum message_kind kind)
{
	pthread_mutex_lock(&c->lock);
	if (c->tail - c->head >= COMPOSER_QUEUE)
		abort(); /* the caller broke the contract: never overwrite a queued item */
	struct composer_item *it = composer_item(c, c->tail);
	it->r = r;
	it->kind = kind;
	it->done = false;
	strbuf_init(&it->msg);
	diags_init(&it->d);
	c->tail++;
	if (c->sleeping && c->next - c->head < COMPOSER_AHEAD)
		pthread_cond_signal(&c->work);
	pthread_mutex_unlock(&c->lock);
}

const struct recipient *composer_pop(struct composer *c, struct strbuf *msg, struct diags *d)
{
	pthread_mutex_lock(&c->lock);
	if (c->head == c->tail) {
		pthread_mutex_unlock(&c->lock);
		return NULL;
	}
	struct composer_item *it = composer_item(c, c->head);
	if (c->nthreads == 0) { /* no thread: compose here */
		composer_compose(c, &c->job->render, it);
		it->done = true;
		c->next++;
	}
	while (!it->done) {
		c->waiting = true;
		pthread_cond_wait(&c->ready, &c->lock);
		c->waiting = false;
	}
	strbuf_release(msg);
	*msg = it->msg;
	diags_move(d, &it->d);
	diags_free(&it->d);
	const struct recipient *r = it->r;
	c->head++;
	if (c->sleeping && c->next < c->tail && c->next - c->head <= COMPOSER_AHEAD / 2)
		pthread_cond_broadcast(&c->work);
	pthread_mutex_unlock(&c->lock);
	return r;
}

void composer_stop(struct composer *c)
{
	pthread_mutex_lock(&c->lock);
	c->stop = true;
	pthread_cond_broadcast(&c->work);
	pthread_mutex_unlock(&c->lock);
	for (size_t i = 0; i < c->nthreads; i++) {
		pthread_join(c->t[i].thread, NULL);
		if (i > 0)
			render_close(&c->t[i].clone);
	}
	for (size_t i = c->head; i != c->tail; i++) {
		struct composer_item *it = composer_item(c, i);
		strbuf_release(&it->msg);
		diags_free(&it->d);
	}
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->work);
	pthread_cond_destroy(&c->ready);
	free(c);
}
