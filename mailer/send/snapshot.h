/*
 * snapshot: what the spool keeps of a release so that it sends exactly as it
 * was checked, whatever happens to the files and the configuration later.
 *
 *   SPOOL/releases/ID/release/FILE    the release as it was given, under its
 *                                     own name, with its attachments beside
 *                                     it at their relative paths
 *   SPOOL/releases/ID/lists/NAME.yaml the lists in play (and advance lists)
 *   SPOOL/releases/ID/templates/...  the templates directory's .txt/.html
 *   SPOOL/releases/ID/config.yaml     the message settings (from, reply_to,
 *                                     timezone, date_order, unsubscribe,
 *                                     max_lateness, give_up_after)
 *   SPOOL/releases/ID/schedule.yaml   id, title, lists, instant, advance
 *
 * A snapshot is written whole into a new directory that is then renamed into
 * place (schedule), or rewritten in place under the release's lock
 * (schedule --replace, a send with new content): then the marker
 * "replacing" stands from before the first file is touched until
 * schedule.yaml, the last, is in place, so that a replacement cut short by a
 * crash leaves a release that nothing sends (snapshot_check) rather than a
 * mix of old and new.
 *
 * The transport (smtp.*), the spool and the suppression file always come
 * from the configuration in force when the message goes: a relay or password
 * change applies to what is already scheduled, and an unsubscribe made after
 * scheduling is honoured.
 */
#ifndef EMBARGO_SNAPSHOT_H
#define EMBARGO_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "conf.h"
#include "diag.h"
#include "job.h"

struct snapshot {
	char *id;
	char *title;
	char *kind;         /* "schedule" or "send" */
	char *release_file; /* the release's file name under release/ */
	char **lists;       /* list names in lists/ */
	size_t nlists;
	char **advance_lists;
	size_t nadvance;
	bool has_advance_at;
	time_t advance_at;
	bool has_instant;
	time_t release_at;
	int utc_offset;
	char *release_text;
	time_t created;
};

/* Fill meta from a prepared job. */
void snapshot_from_job(struct snapshot *meta, const struct job *job, const char *kind);

/* Write the snapshot of job (its lists and advance lists) into dir (created
 * if missing).  Over an existing snapshot (the caller holds the release's
 * lock), its release/, lists/ and templates/ are replaced whole, under the
 * "replacing" marker. */
int snapshot_write(const char *dir, const struct job *job, const struct snapshot *meta,
                   struct diags *d);

/* Read dir/schedule.yaml.  Returns 0 or -1 with an error in d. */
int snapshot_read(const char *dir, struct snapshot *meta, struct diags *d);
void snapshot_free(struct snapshot *meta);

/* Under the release's lock, before its first message: the snapshot in dir
 * is complete (no "replacing" marker) and is still the one meta was read
 * from.  Returns 0, or -1 with an error in d: EX_DATAERR for an interrupted
 * replacement, EX_TEMPFAIL when it was replaced since. */
int snapshot_check(const char *dir, const struct snapshot *meta, struct diags *d);

/* The configuration to send the snapshot with: dir/config.yaml, with the
 * transport, spool and suppression file of current. */
int snapshot_conf(const char *dir, const struct conf *current, struct conf *out, struct diags *d);

/* Prepare the snapshot's job (release, its lists, templates). */
int snapshot_job(const char *dir, const struct snapshot *meta, const struct conf *snapconf,
                 struct job *job, struct diags *d);

/* The snapshot's copy of the release (malloc'd). */
char *snapshot_release_path(const char *dir, const struct snapshot *meta);

/* True when the snapshot's copy of the release has exactly the bytes of path
 * (and the snapshot is complete). */
bool snapshot_same_release(const char *dir, const char *path);

#endif
