/*
 * job: a release made ready to send — the parsed release, its lists and
 * audience, its templates and the sender identity — validated as a whole
 * before anything goes anywhere (doc/design.md "Bad input": a release, list,
 * template or config that does not validate sends nothing to anyone).
 */
#ifndef EMBARGO_JOB_H
#define EMBARGO_JOB_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "attach.h"
#include "conf.h"
#include "diag.h"
#include "lists.h"
#include "message.h"
#include "recipients.h"
#include "release.h"
#include "render.h"

enum job_flags {
	JOB_CHECK = 1, /* for `check`: no sender needed; lint against every list
	                  in lists_dir when none is named */
};

/* What to prepare: the release and the lists named for it (when none are
 * given the release's front matter names them). */
struct job_spec {
	const char *release;
	char *const *lists;
	size_t nlists;
	char *const *advance; /* advance lists; none: the front matter's */
	size_t nadvance;
	unsigned flags; /* enum job_flags */
	/* the moment a date written without its year is read against; 0: the
	 * real clock.  A snapshot is read again against the moment it was
	 * made, so that the run sends at the instant schedule showed. */
	time_t now;
};

struct job {
	const struct conf *conf;
	struct release rel;
	char **list_names; /* the lists in play, as named */
	size_t nlist_names;
	struct list **lists;
	size_t nlists;
	struct list **adv_lists; /* advance lists */
	size_t nadv;
	struct audience aud; /* everyone who gets the release: lists and advance lists */
	bool have_aud;
	struct audience adv; /* who gets the advance copy */
	bool have_adv;
	struct renderer render;
	bool have_render;
	struct attachments att; /* read once, lent to every message by sender */
	bool have_att;
	struct message_sender sender;
	char *from_name, *from_addr, *reply_to_name, *reply_to_addr; /* owned */
};

/* Parse, load and validate everything.  Every problem is appended to d (the
 * release's warnings too).  Returns 0 when nothing is in error, else -1.
 * job is always initialised: free it with job_free. */
int job_prepare(struct job *job, const struct conf *conf, const struct job_spec *spec,
                struct diags *d);
void job_free(struct job *job);

/* A renderer for another thread, made from job->render's templates as read
 * (render_clone) and set to the job's release.  Returns 0, or -1 with errors
 * in d; close it with render_close. */
int job_render_clone(const struct job *job, struct renderer *r, struct diags *d);

#endif
