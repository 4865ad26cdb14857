/*
 * smtp_driver: run mailer/smtp/smtp.c against a real server for tests/smtp.test.
 *
 *   smtp_driver --config FILE [--abort RCPT]... [--wait-first MS] [--trace 1]
 *               [--envid ID] [--wait-ready TEXT] RCPT FILE...
 *
 * Loads the configuration as --config does, opens a session with the
 * configured from address, hands out one message per (RCPT, FILE) pair in
 * order and prints, one line each, in the order they happen:
 *   attempt RCPT MS                  attempt() was called, MS after the start
 *   done RCPT OUTCOME STAGE CODE REPLY
 *   trace LINE                       the SMTP dialogue (with --trace 1)
 *   next wait MS | next msg RCPT     what next() said (with --trace 1)
 *   run STATUS                       what smtp_run returned
 *   counters C W M R                 connections, writes, commands, replies
 *   diag TEXT                        every diagnostic
 * attempt() returns -1 for the recipients named with --abort.  With
 * --wait-ready TEXT (and --trace 1), next() says WAIT until a trace line
 * holding TEXT has gone by (20 s at most): a message is handed out only
 * once a connection opened ahead is ready.  Exits with the
 * diagnostics' sysexits status when smtp_open fails, else 0.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conf.h"
#include "diag.h"
#include "smtp.h"
#include "util.h"

struct driver {
	char **rcpt;
	char **data;
	size_t *len;
	size_t n, next;
	char **abort;
	size_t nabort;
	long wait_first;
	bool trace;
	const char *envid;
	const char *wait_ready; /* NULL once seen */
	struct timespec t0;
};

static long elapsed_ms(const struct driver *dr)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - dr->t0.tv_sec) * 1000 + (t.tv_nsec - dr->t0.tv_nsec) / 1000000;
}

/* The recipient as one printable word: bytes up to space become '?'. */
static void print_rcpt(const char *rcpt)
{
	for (const unsigned char *p = (const unsigned char *)rcpt; *p; p++)
		putchar(*p <= ' ' || *p == 0x7f ? '?' : *p);
}

static enum smtp_next drv_next(void *arg, struct smtp_msg *msg, long *wait_ms)
{
	struct driver *dr = arg;
	if (dr->wait_first > 0) {
		*wait_ms = dr->wait_first;
		dr->wait_first = 0;
		if (dr->trace)
			printf("next wait %ld\n", *wait_ms);
		return SMTP_NEXT_WAIT;
	}
	if (dr->wait_ready && elapsed_ms(dr) < 20000) {
		*wait_ms = 20;
		return SMTP_NEXT_WAIT;
	}
	if (dr->next == dr->n)
		return SMTP_NEXT_DONE;
	if (dr->trace) {
		fputs("next msg ", stdout);
		print_rcpt(dr->rcpt[dr->next]);
		putchar('\n');
	}
	msg->rcpt = dr->rcpt[dr->next];
	msg->data = dr->data[dr->next];
	msg->len = dr->len[dr->next];
	msg->envid = dr->envid;
	msg->arg = NULL;
	dr->next++;
	return SMTP_NEXT_MSG;
}

static int drv_attempt(void *arg, const struct smtp_msg *msg)
{
	struct driver *dr = arg;
	fputs("attempt ", stdout);
	print_rcpt(msg->rcpt);
	printf(" %ld\n", elapsed_ms(dr));
	fflush(stdout);
	for (size_t i = 0; i < dr->nabort; i++) {
		if (strcmp(dr->abort[i], msg->rcpt) == 0)
			return -1;
	}
	return 0;
}

static void drv_done(void *arg, const struct smtp_msg *msg, const struct smtp_result *r)
{
	static const char *outcome[] = {"sent", "deferred", "failed", "unknown"};
	static const char *stage[] = {"connect", "mail", "rcpt", "data", "dot"};
	fputs("done ", stdout);
	print_rcpt(msg->rcpt);
	printf(" %s %s %d %s\n", outcome[r->outcome], stage[r->stage], r->code, r->reply);
	fflush(stdout);
}

static void print_diags(const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->v[i]);
		for (char *p = s; *p; p++) {
			if (*p == '\n')
				*p = ' ';
		}
		printf("diag %s\n", s);
		free(s);
	}
}

static int parse_args(int argc, char **argv, struct driver *dr, const char **config)
{
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i += 2) {
		if (i + 1 >= argc)
			return -1;
		if (strcmp(argv[i], "--config") == 0)
			*config = argv[i + 1];
		else if (strcmp(argv[i], "--abort") == 0) {
			dr->abort = xrealloc(dr->abort, (dr->nabort + 1) * sizeof *dr->abort);
			dr->abort[dr->nabort++] = argv[i + 1];
		} else if (strcmp(argv[i], "--wait-first") == 0) {
			dr->wait_first = atol(argv[i + 1]);
		} else if (strcmp(argv[i], "--trace") == 0) {
			dr->trace = atoi(argv[i + 1]) != 0;
		} else if (strcmp(argv[i], "--envid") == 0) {
			dr->envid = argv[i + 1];
		} else if (strcmp(argv[i], "--wait-ready") == 0) {
			dr->wait_ready = argv[i + 1];
		} else {
			return -1;
		}
	}
	if ((argc - i) % 2 != 0)
		return -1;
	dr->n = (size_t)(argc - i) / 2;
	dr->rcpt = xcalloc(dr->n + 1, sizeof *dr->rcpt);
	dr->data = xcalloc(dr->n + 1, sizeof *dr->data);
	dr->len = xcalloc(dr->n + 1, sizeof *dr->len);
	for (size_t k = 0; k < dr->n; k++, i += 2) {
		dr->rcpt[k] = argv[i];
		if (k > 0 && strcmp(argv[i + 1], argv[i - 1]) == 0) {
			/* the same file again (bench/send: one message, N times) */
			dr->data[k] = xmalloc(dr->len[k - 1] + 1);
			memcpy(dr->data[k], dr->data[k - 1], dr->len[k - 1] + 1);
			dr->len[k] = dr->len[k - 1];
			continue;
		}
		if (file_read_all(argv[i + 1], 64 << 20, &dr->data[k], &dr->len[k]) < 0) {
			perror(argv[i + 1]);
			return -1;
		}
	}
	return 0;
}

static void driver_free(struct driver *dr)
{
	for (size_t k = 0; k < dr->n; k++)
		free(dr->data[k]);
	free(dr->rcpt);
	free(dr->data);
	free(dr->len);
	free(dr->abort);
}

static void drv_trace(void *arg, const char *line)
{
	struct driver *dr = arg;
	if (dr->wait_ready && strstr(line, dr->wait_ready))
		dr->wait_ready = NULL;
	printf("trace %s\n", line);
	fflush(stdout);
}

static int run(struct driver *dr, struct conf *c, struct diags *d)
{
	if (dr->trace) {
		c->smtp.trace = drv_trace;
		c->smtp.trace_arg = dr;
	}
	static const struct smtp_callbacks cb = {
	    .next = drv_next, .attempt = drv_attempt, .done = drv_done};
	struct smtp_session *s = smtp_open(&c->smtp, c->from_addr, d);
	if (!s) {
		print_diags(d);
		return diags_status(d);
	}
	clock_gettime(CLOCK_MONOTONIC, &dr->t0);
	int r = smtp_run(s, &cb, dr, dr->n, d);
	struct smtp_counters k;
	smtp_counters(s, &k);
	printf("run %d\n", r);
	printf("counters %lu %lu %lu %lu\n", k.connects, k.writes, k.commands, k.replies);
	print_diags(d);
	smtp_close(s);
	return 0;
}

int main(int argc, char **argv)
{
	struct driver dr = {0};
	const char *config = NULL;
	struct conf c;
	struct diags d;
	int status = 64;
	diags_init(&d);
	if (parse_args(argc, argv, &dr, &config) < 0 || !config) {
		fprintf(stderr,
		        "usage: smtp_driver --config FILE [--abort RCPT]... [--wait-first MS] "
		        "[--trace 1] [--envid ID] [--wait-ready TEXT] RCPT FILE...\n");
		driver_free(&dr);
		return 64;
	}
	if (conf_load(config, &c, &d) < 0) {
		print_diags(&d);
		status = diags_status(&d);
	} else
		status = run(&dr, &c, &d);
	conf_free(&c);
	diags_free(&d);
	driver_free(&dr);
	return status;
}
