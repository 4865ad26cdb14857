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

int cmd_with_spool(const struct global_opts *g, cmd_spool_fn fn, void *arg)
{
	struct cmd_frame f;
	cmd_frame_init(&f, g);
	struct spool sp = {0};
	int rc = cmd_frame_load(&f);
	if (rc == 0)
		rc = spool_open(&sp, f.conf.spool_dir, &f.d);
	if (rc == 0)
		fn(&sp, &f.conf, arg, &f.d);
	spool_close(&sp);
	return cmd_frame_end(&f, rc);
}
