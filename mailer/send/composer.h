/*
 * composer: composes the messages of a send on threads of their own (one per
 * CPU, at most two), in the order they are queued, a few ahead of the one
 * being sent, so that composing runs beside the SMTP exchange instead of
 * between its steps (composing costs as much CPU as the exchange itself).
 *
 * Each thread renders with a renderer of its own: the first with the job's,
 * the others with clones made from the very template bytes the job read
 * (render_clone), so every message of a send comes from the same templates.
 * The release, sender and attachments are shared read only; the caller
 * composes nothing itself while a composer runs.  Messages come out in the
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
