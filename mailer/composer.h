/*
 * composer: composes the messages of a send on a thread of its own, in the
 * order they are queued, a few ahead of the one being sent, so that on a
 * machine with a second CPU composing runs beside the SMTP exchange instead
 * of between its steps (composing costs as much CPU as the exchange itself).
 *
 * While a composer runs, its thread is the only user of the job's renderer
 * and release: the caller composes nothing itself.  Messages come out in the
 * order their recipients went in.  If no thread can be started, messages are
 * composed by composer_pop, in the caller's thread.
 */
#ifndef EMBARGO_COMPOSER_H
#define EMBARGO_COMPOSER_H

#include <stdbool.h>

#include "job.h"
#include "lists.h"
#include "message.h"
#include "util.h"

struct composer;

/* Start composing for job.  Never NULL. */
struct composer *composer_start(struct job *job);

/* Queue r's message of kind for composing (r is borrowed until its message
 * is popped or the composer stopped).  At most COMPOSER_QUEUE recipients may
 * be queued and not yet popped. */
#define COMPOSER_QUEUE 64
void composer_push(struct composer *c, const struct recipient *r, enum message_kind kind);

/* The message of the recipient queued first, waiting while it is being
 * composed: returns that recipient, with the message in *msg (an initialised
 * strbuf, whose old contents are released), or, when it could not be
 * composed, *msg empty and message_build's errors moved to d.  NULL when
 * nothing is queued. */
const struct recipient *composer_pop(struct composer *c, struct strbuf *msg, struct diags *d);

/* Stop the thread, drop what is queued (those recipients were never handed
 * out) and free c. */
void composer_stop(struct composer *c);

#endif
