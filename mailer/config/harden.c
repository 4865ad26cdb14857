#include "config.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include "harden.h"

bool harden_needed(const struct conf *c)
{
	const struct smtp_conf *s = &c->smtp;
	return s->username || s->password_env || s->password_command || s->netrc;
}

int harden_secret(void)
{
	struct rlimit none = {0, 0};
	int rc = setrlimit(RLIMIT_CORE, &none);
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		rc = -1;
	return rc;
}
