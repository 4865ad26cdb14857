/*
 * embargo unsubscribe ADDR: add an address to the suppression file, so that
 * no release is ever sent to it.  Exit 0 whether it was added or already
 * there, 64 for an address that is not one.
 */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

#include "address.h"
#include "cmd.h"
#include "help.h"
#include "conf.h"
#include "recipients.h"

static int unsubscribe_add(const struct conf *conf, const char *ascii, bool quiet, struct diags *d)
{
	int r = suppress_add(conf->suppress_file, ascii, d);
	if (r < 0 || quiet)
		return r;
	if (r == 0)
		printf("added %s to %s\n", ascii, conf->suppress_file);
	else
		printf("%s is already suppressed (%s)\n", ascii, conf->suppress_file);
	return r;
}

int cmd_unsubscribe(int argc, char **argv, const struct global_opts *g)
{
	int rc = help_parse_plain(argc, argv, "unsubscribe", 1, 1);
	if (rc >= 0)
		return rc;
	char *ascii, *why;
	if (address_parse(argv[optind], &ascii, &why) < 0) {
		fprintf(stderr,
		        "embargo: invalid address: %s\n  hint: give one address such as "
		        "name@example.com\n",
		        why);
		free(why);
		return EX_USAGE;
	}
	struct diags d;
	diags_init(&d);
	struct conf conf;
	if (conf_load(g->config_path, &conf, &d) == 0)
		unsubscribe_add(&conf, ascii, g->verbosity < 0, &d);
	diags_print(&d, stderr, "embargo");
	int status = diags_status(&d);
	conf_free(&conf);
	diags_free(&d);
	free(ascii);
	return status;
}
