/*
 * embargo: the command-line front end.  Global options, then one subcommand.
 * What each command is called and what it takes is written once, in
 * help.c's table; this table only maps names to functions.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cmd.h"
#include "help.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv, const struct global_opts *g);
};

static int cmd_help(int argc, char **argv, const struct global_opts *g);

static const struct command commands[] = {
    {"check", cmd_check},       {"send", cmd_send},
    {"schedule", cmd_schedule}, {"run", cmd_run},
    {"status", cmd_status},     {"cancel", cmd_cancel},
    {"lists", cmd_lists},       {"unsubscribe", cmd_unsubscribe},
    {"bounces", cmd_bounces},   {"help", cmd_help},
};

/* embargo help [COMMAND] */
static int cmd_help(int argc, char **argv, const struct global_opts *g)
{
	if (argc == 1) {
		cmd_help_overview(stdout, g);
		return 0;
	}
	const char *name = argc == 2 && strcmp(argv[1], "--help") == 0 ? "help" : argv[1];
	if (argc == 2 && help_find(name)) {
		help_usage(stdout, name, true);
		return 0;
	}
	if (argc == 2)
		fprintf(stderr, "embargo: no command \"%s\"\n", argv[1]);
	help_usage(stderr, "help", false);
	return EX_USAGE;
}

static int parse_global(int argc, char **argv, struct global_opts *g)
{
	static const struct option longopts[] = {
	    {"config", required_argument, NULL, 'c'}, {"verbose", no_argument, NULL, 'v'},
	    {"quiet", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},      {0, 0, 0, 0},
	};
	int c;
	/* "+" stops at the first non-option: the rest belongs to the command. */
	while ((c = getopt_long(argc, argv, "+c:vqh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			g->config_path = optarg;
			break;
		case 'v':
			g->verbosity = 1;
			break;
		case 'q':
			g->verbosity = -1;
			break;
		case 'h':
			cmd_help_overview(stdout, g);
			return 0;
		case 'V':
			help_version(stdout);
			return 0;
		default:
			fprintf(stderr, "Try 'embargo --help'.\n");
			return EX_USAGE;
		}
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct global_opts g = {0};
	int status = parse_global(argc, argv, &g);
	if (status >= 0)
		return status;
	if (optind >= argc) {
		cmd_help_overview(stderr, &g);
		return EX_USAGE;
	}
	const char *name = argv[optind];
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, name) == 0) {
			int at = optind;
			optind = 0; /* glibc: reinitialise getopt for the command */
			return commands[i].fn(argc - at, argv + at, &g);
		}
	fprintf(stderr, "embargo: unknown command \"%s\"\nTry 'embargo --help'.\n", name);
	return EX_USAGE;
}
