/*
 * embargo: the command-line front end.  Global options, then one subcommand.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cmd.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv, const struct global_opts *g);
	const char *usage;
};

static const struct command commands[] = {
	{"check", cmd_check, "check RELEASE [--list L]...     parse and validate; print the release as understood"},
	{"send", cmd_send, "send RELEASE [--list L]... [--dry-run [--out DIR]] [--test ADDR]..."},
	{"schedule", cmd_schedule, "schedule RELEASE [--list L]... [--replace] [--advance-list L]... [--advance-at TIME]"},
	{"run", cmd_run, "run [--resend-unknown ID]      cron entry point: send what is due, resume, retry"},
	{"status", cmd_status, "status [ID]                     releases and per-recipient states"},
	{"cancel", cmd_cancel, "cancel ID                       stop a scheduled or sending release"},
	{"lists", cmd_lists, "lists [NAME]                    lists with counts; validate one"},
	{"lists", cmd_lists, "lists import FILE.csv --name NAME [--force]"},
	{"unsubscribe", cmd_unsubscribe, "unsubscribe ADDR                add to the suppression file"},
};

static void usage(FILE *fp)
{
	fprintf(fp, "usage: embargo [--config FILE] [-v|-q] COMMAND ...\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(fp, "  embargo %s\n", commands[i].usage);
}

int main(int argc, char **argv)
{
	struct global_opts g = {0};
	static const struct option longopts[] = {
		{"config", required_argument, NULL, 'c'},
		{"verbose", no_argument, NULL, 'v'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{0, 0, 0, 0},
	};
	int c;
	/* "+" stops at the first non-option: the rest belongs to the command. */
	while ((c = getopt_long(argc, argv, "+c:vqh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			g.config_path = optarg;
			break;
		case 'v':
			g.verbosity = 1;
			break;
		case 'q':
			g.verbosity = -1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("embargo %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EX_USAGE;
	}
	const char *name = argv[optind];
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, name) == 0) {
			int at = optind;
			optind = 0; /* glibc: reinitialise getopt for the command */
			return commands[i].fn(argc - at, argv + at, &g);
		}
	fprintf(stderr, "embargo: unknown command \"%s\"\n", name);
	usage(stderr);
	return EX_USAGE;
}
