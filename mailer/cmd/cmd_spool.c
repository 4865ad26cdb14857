#include "config.h"

#include <stdio.h>

#include <errno.h>
#include <string.h>

#include "cmd.h"
#include "conf.h"
#include "diag.h"
#include "harden.h"
#include "spool.h"

void cmd_guard_secret(const struct conf *conf)
{
	if (harden_needed(conf) && harden_secret() < 0)
		fprintf(stderr, "embargo: warning: cannot turn core files off: %s\n",
		        strerror(errno));
}

int cmd_with_spool(const struct global_opts *g, cmd_spool_fn fn, void *arg)
{
	struct diags d;
	diags_init(&d);
	struct conf conf;
	struct spool sp = {0};
	if (conf_load(g->config_path, &conf, &d) == 0 && spool_open(&sp, conf.spool_dir, &d) == 0)
		fn(&sp, &conf, arg, &d);
	int status = diags_status(&d);
	diags_print(&d, stderr, "embargo");
	spool_close(&sp);
	conf_free(&conf);
	diags_free(&d);
	return status;
}
