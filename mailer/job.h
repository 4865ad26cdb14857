/*
 * job: a release made ready to send — the parsed release, its lists and
 * audience, its templates and the sender identity — validated as a whole
 * before anything goes anywhere (DESIGN.md promise 4: a release, list,
 * template or config that does not validate sends nothing to anyone).
 */
#ifndef EMBARGO_JOB_H
#define EMBARGO_JOB_H

#include <stdbool.h>
#include <stddef.h>

#include "conf.h"
#include "diag.h"
#include "lists.h"
#include "message.h"
#include "recipients.h"
#include "release.h"
#include "render.h"

enum job_flags {
	JOB_CHECK = 1,      /* for `check`: no sender needed; lint against every list
	                       in lists_dir when none is named */
};

struct job {
	const struct conf *conf;
	struct release rel;
	char **list_names;  /* the lists in play, as named */
	size_t nlist_names;
	struct list **lists;
	size_t nlists;
	struct audience aud;
	bool have_aud;
	struct renderer render;
	bool have_render;
	struct message_sender sender;
	char *from_name, *from_addr, *reply_to_name, *reply_to_addr; /* owned */
};

/* Parse, load and validate everything.  lists/nlists: --list arguments (may
 * be empty: then the release's front matter names them).  Every problem is
 * appended to d (the release's warnings too).  Returns 0 when nothing is in
 * error, else -1.  job is always initialised: free it with job_free. */
int job_prepare(struct job *job, const struct conf *conf, const char *release_path,
                char *const *lists, size_t nlists, unsigned flags, struct diags *d);
void job_free(struct job *job);

#endif
