#include "config.h"

#include <stdio.h>

#include <errno.h>
#include <string.h>

#include "frame.h"
#include "conf.h"
#include "diag.h"
#include "harden.h"
#include "spool.h"

void cmd_guard_secret(const struct conf *conf)
{
	if (!harden_needed(conf) || harden_secret() == 0)
		return;
	int e = errno;
	/* said at once, whatever the command says later: the password is read next */
	struct diags d;
	diags_init(&d);
	diag_warning(&d, NULL, 0, 0, NULL, "cannot turn core files off: %s", strerror(e));
	cmd_print_diags(&d, stderr);
	diags_free(&d);
}

struct spool_call {
	cmd_spool_fn fn;
	void *arg;
};

static int with_spool(struct cmd_frame *f, void *call)
{
	const struct spool_call *c = call;
	struct spool sp = {0};
	int rc = spool_open(&sp, f->conf.spool_dir, &f->d);
	if (rc == 0)
		c->fn(&sp, &f->conf, c->arg, &f->d);
	spool_close(&sp);
	return rc;
}

int cmd_with_spool(const struct global_opts *g, cmd_spool_fn fn, void *arg)
{
	return cmd_with_conf(g, with_spool, &(struct spool_call){fn, arg});
}
