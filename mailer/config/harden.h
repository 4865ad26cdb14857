/*
 * harden: what the process does before it holds a secret (the relay's
 * password, from smtp.password_env, smtp.password_command or smtp.netrc).
 *
 * A crash must not leave the password on the disk in a core file, and no
 * other process of the same user may read it from this one's memory: the
 * core size limit goes to 0 (soft and hard, so that nothing this process
 * starts raises it again) and the process stops being dumpable, which
 * also closes /proc/PID/mem and ptrace to other processes of the user.
 */
#ifndef EMBARGO_HARDEN_H
#define EMBARGO_HARDEN_H

#include "conf.h"

/* True when c names a secret: smtp.username or a password source. */
bool harden_needed(const struct conf *c);

/* RLIMIT_CORE 0 and PR_SET_DUMPABLE 0 for the rest of the process's life.
 * Returns 0, or -1 with errno when the kernel refused (the caller warns;
 * sending goes on). */
int harden_secret(void);

#endif
