#include "config.h"

#include <stdio.h>

#include "cmd.h"
#include "conf.h"
#include "diag.h"
#include "spool.h"

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
