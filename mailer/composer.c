#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "composer.h"

/* Messages composed ahead of the one being sent: enough to ride out a slow
 * reply, few enough to stay small (about 10 KB each).  The thread, once it
 * is that far ahead, sleeps until half of them are taken: one wake-up for
 * eight messages, not one each. */
#define COMPOSER_AHEAD 16

struct composer_item {
	const struct recipient *r;
	enum message_kind kind;
	struct strbuf msg;
	struct diags d; /* why it could not be composed */
};

/* The queue is a ring of COMPOSER_QUEUE items; head, next and tail count up
 * for ever (an item's slot is its count modulo the ring): [head, next) are
 * composed, next is being composed or next to be, [next, tail) wait. */
struct composer {
	struct job *job;
	pthread_t thread;
	bool threaded;
	pthread_mutex_t lock;
	pthread_cond_t work;  /* for the thread: something to compose */
	pthread_cond_t ready; /* for composer_pop: the head is composed */
	bool sleeping;        /* the thread waits on work */
	bool waiting;         /* composer_pop waits on ready */
	struct composer_item items[COMPOSER_QUEUE];
	size_t head, next, tail;
	bool stop;
};

static struct composer_item *composer_item(struct composer *c, size_t i)
{
	return &c->items[i % COMPOSER_QUEUE];
}

/* The one place messages are composed while a composer runs. */
static void composer_compose(struct composer *c, struct composer_item *it)
{
	struct job *job = c->job;
	if (message_build(&job->render, &job->rel, &job->sender, it->r, it->kind, time(NULL),
	                  &it->msg, &it->d) == 0)
		return;
	strbuf_reset(&it->msg);
	if (!diags_errors(&it->d)) /* never an empty message that looks composed */
		diag_error(&it->d, EX_SOFTWARE, NULL, 0, 0, NULL, "cannot compose the message");
}

static void *composer_main(void *arg)
{
	struct composer *c = arg;
	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->stop && (c->next == c->tail || c->next - c->head >= COMPOSER_AHEAD)) {
			c->sleeping = true;
			pthread_cond_wait(&c->work, &c->lock);
			c->sleeping = false;
		}
		if (c->stop)
			break;
		struct composer_item *it = composer_item(c, c->next);
		/* the item is this thread's until next moves past it */
		pthread_mutex_unlock(&c->lock);
		composer_compose(c, it);
		pthread_mutex_lock(&c->lock);
		c->next++;
		if (c->waiting)
			pthread_cond_signal(&c->ready);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

struct composer *composer_start(struct job *job)
{
	struct composer *c = xcalloc(1, sizeof *c);
	c->job = job;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->work, NULL);
	pthread_cond_init(&c->ready, NULL);
	c->threaded = pthread_create(&c->thread, NULL, composer_main, c) == 0;
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
	if (!c->threaded) {
		composer_compose(c, it);
		c->next++;
	}
	while (c->next == c->head) {
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
		pthread_cond_signal(&c->work);
	pthread_mutex_unlock(&c->lock);
	return r;
}

void composer_stop(struct composer *c)
{
	pthread_mutex_lock(&c->lock);
	c->stop = true;
	pthread_cond_signal(&c->work);
	pthread_mutex_unlock(&c->lock);
	if (c->threaded)
		pthread_join(c->thread, NULL);
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
