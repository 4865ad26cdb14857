/*
 * spool_key: the spool's Message-ID key file, SPOOL/message-id.key
 * (message_key.h says what the key is for): read it, or make it once.
 */
#ifndef EMBARGO_SPOOL_KEY_H
#define EMBARGO_SPOOL_KEY_H

#include <stdbool.h>

#include "diag.h"
#include "message_key.h"

/* Read the spool's key into key; when it does not exist and create is
 * true, create it (and the spool directory).  Returns 0, 1 when there is no
 * key and create is false, or -1 with an error in d (a key others can
 * read, a damaged key, a spool that cannot be written). */
int spool_key_load(const char *spool_dir, bool create, struct message_key *key, struct diags *d);

/* The key file's path (malloc'd). */
char *spool_key_path(const char *spool_dir);

#endif
