/*
 * embargo unsubscribe ADDR: add an address to the suppression file, so that
 * no release is ever sent to it.  Exit 0 whether it was added or already
 * there, 64 for an address that is not one.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

#include "address.h"
#include "cmd.h"
#include "frame.h"
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

/* The address as the suppression file keeps it (ASCII), or NULL with the
 * reason in d. */
static char *unsubscribe_address(const char *arg, struct diags *d)
{
	char *ascii = NULL, *why = NULL;
	if (address_parse(arg, &ascii, &why) < 0) {
		diag_plain(d, EX_USAGE, "give one address such as name@example.com",
		           "invalid address: %s", why);
		free(why);
	}
	return ascii;
}

int cmd_unsubscribe(int argc, char **argv, const struct global_opts *g)
{
	static const struct cmd_syntax syntax = {.name = "unsubscribe", .min = 1, .max = 1};
	int status = cmd_parse(argc, argv, &syntax, NULL);
	if (status != CMD_GO)
		return status;
	struct cmd_frame f;
	cmd_frame_init(&f, g);
	char *ascii = unsubscribe_address(argv[optind], &f.d);
	int rc = ascii ? cmd_frame_load(&f) : -1;
	if (rc == 0)
		rc = unsubscribe_add(&f.conf, ascii, g->verbosity < 0, &f.d) < 0 ? -1 : 0;
	free(ascii);
	return cmd_frame_end(&f, rc);
}
