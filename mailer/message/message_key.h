/*
 * message_key: the secret that makes embargo's Message-IDs unguessable
 * (DESIGN.md "Bounces": a report counts only when it carries a Message-ID
 * embargo made).  A Message-ID is a keyed hash (HMAC-SHA-256) of the
 * release ID and the address; without the key, knowing both is not enough
 * to forge a bounce that suppresses a journalist.
 *
 * The key lives in the spool, SPOOL/message-id.key: 32 random bytes as 64
 * hex digits and a newline, mode 0600, created once (a temporary file made
 * with O_EXCL, then linked to its name, so that two processes that create
 * it at once agree on one key) and never changed.  Every message of every
 * release of a spool is keyed with it, so an interrupted send and its
 * resumption, or a retry a week later, give a recipient the same
 * Message-ID.  Removing the file makes the bounces of everything sent
 * before unmatchable: they are then counted as unmatched, never applied.
 */
#ifndef EMBARGO_MESSAGE_KEY_H
#define EMBARGO_MESSAGE_KEY_H

#include <stdbool.h>

#include "diag.h"

#define MESSAGE_KEY_BYTES 32

struct message_key {
	unsigned char k[MESSAGE_KEY_BYTES];
};

/* Read the spool's key into key; when it does not exist and create is
 * true, create it (and the spool directory).  Returns 0, 1 when there is no
 * key and create is false, or -1 with an error in d (a key others can
 * read, a damaged key, a spool that cannot be written). */
int message_key_load(const char *spool_dir, bool create, struct message_key *key, struct diags *d);

/* The key file's path (malloc'd). */
char *message_key_path(const char *spool_dir);

#endif
