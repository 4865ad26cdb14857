/*
 * embargo bounces [--dry-run] [SOURCE]...: read the mail that came back,
 * tie each report to the message embargo sent, and follow it (journal,
 * suppression file).  Cron-friendly: nothing on stdout when nothing new was
 * read, a summary otherwise; 75 when something must wait for a later run
 * (a release being sent, a server out of reach).
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "bounce_apply.h"
#include "bounce_match.h"
#include "bounce_report.h"
#include "bounce_source.h"
#include "cmd.h"
#include "conf.h"
#include "frame.h"
#include "yamlemit.h"

struct tally_b {
	size_t read, skipped, matched, unmatched, later;
	size_t kinds[BOUNCE_KIND_UNRECOGNISED + 1];
	size_t classes[BOUNCE_UNKNOWN + 1];
	struct bounce_effects fx;
};

struct run {
	const struct conf *conf;
	bool dry;
	struct bounce_index ix;
	struct bounce_ledger ledger;
	struct bounce_policy policy;
	struct yamlemit y;
	struct strbuf yaml;
	struct tally_b t;
};

static void emit_entry(struct run *r, const struct bounce_msg *m, const struct bounce_report *rep,
                       const struct bounce_match *mt, size_t nm, const char *release)
{
	struct yamlemit *y = &r->y;
	yamlemit_map_start(y);
	yamlemit_pair(y, "file", m->where);
	yamlemit_pair(y, "kind", bounce_kind_name(rep->kind));
	yamlemit_string(y, "recipients");
	yamlemit_seq_start(y);
	for (size_t i = 0; i < rep->n; i++) {
		const struct bounce_rcpt *c = &rep->r[i];
		yamlemit_map_start(y);
		yamlemit_pair(y, "address", c->address);
		if (c->original)
			yamlemit_pair(y, "original", c->original);
		yamlemit_pair(y, "status", c->status);
		yamlemit_pair(y, "action", c->action);
		yamlemit_pair(y, "class", bounce_class_name(c->cls));
		yamlemit_pair(y, "diagnostic", c->diagnostic);
		bool matched = false;
		for (size_t k = 0; k < nm; k++)
			matched |= mt[k].rcpt == i;
		yamlemit_string(y, "matched");
		yamlemit_plain(y, matched ? "true" : "false");
		yamlemit_map_end(y);
	}
	yamlemit_seq_end(y);
	yamlemit_pair(y, "release", release);
	yamlemit_string(y, "matched");
	yamlemit_plain(y, nm > 0 ? "true" : "false");
	yamlemit_map_end(y);
}

static void count(struct run *r, const struct bounce_report *rep, size_t nm)
{
	r->t.read++;
	r->t.kinds[rep->kind]++;
	for (size_t i = 0; i < rep->n; i++)
		r->t.classes[rep->r[i].cls]++;
	if (rep->kind == BOUNCE_KIND_DSN || rep->kind == BOUNCE_KIND_COMPLAINT)
		*(nm ? &r->t.matched : &r->t.unmatched) += 1;
}

/* One message: 0 done, 1 left for later, -1 error. */
static int one_message(struct run *r, struct bounce_source *src, struct bounce_msg *m,
                       struct diags *d)
{
	char hash[33];
	bounce_message_hash(m->data, m->len, hash);
	if (!r->dry && bounce_ledger_seen(&r->ledger, hash)) {
		r->t.skipped++;
		return bounce_source_done(src, m, d); /* marked once more: harmless */
	}
	struct bounce_report rep;
	bounce_report_parse(m->data, m->len, &rep);
	struct bounce_match *mt;
	size_t nm;
	const char *release;
	bounce_match(&r->ix, &rep, &mt, &nm, &release);
	count(r, &rep, nm);
	int rc = 0;
	if (r->dry) {
		emit_entry(r, m, &rep, mt, nm, release);
	} else {
		rc = bounce_apply(&r->policy, &r->ledger, &rep, mt, nm, &r->t.fx, d);
		if (rc == 0 && bounce_ledger_mark(&r->ledger, hash, m->where) < 0)
			rc = diag_error(d, EX_IOERR, r->ledger.path, 0, 0, NULL,
			                "cannot write the ledger");
		if (rc == 0)
			rc = bounce_source_done(src, m, d);
		if (rc == 1)
			r->t.later++;
	}
	free(mt);
	bounce_report_free(&rep);
	return rc;
}

static int one_source(struct run *r, const char *spec, struct diags *d)
{
	struct bounce_source *src;
	int rc = bounce_source_open(spec, &r->conf->bounces, &src, d);
	struct bounce_msg m;
	int got;
	while (rc == 0 && (got = bounce_source_next(src, &m, d)) != 0) {
		if (got < 0) {
			rc = -1;
			break;
		}
		int one = one_message(r, src, &m, d);
		bounce_msg_free(&m);
		if (one < 0)
			rc = -1;
	}
	bounce_source_close(src);
	return rc;
}

static void summary(const struct run *r, bool quiet)
{
	const struct tally_b *t = &r->t;
	if (quiet || t->read == 0)
		return;
	printf("bounces: %zu read: %zu dsn, %zu complaint, %zu autoreply, %zu unrecognised; "
	       "recipients: %zu hard, %zu soft, %zu policy, %zu complaint, %zu unknown; "
	       "%zu matched, %zu unmatched",
	       t->read, t->kinds[BOUNCE_KIND_DSN], t->kinds[BOUNCE_KIND_COMPLAINT],
	       t->kinds[BOUNCE_KIND_AUTOREPLY], t->kinds[BOUNCE_KIND_UNRECOGNISED],
	       t->classes[BOUNCE_HARD], t->classes[BOUNCE_SOFT], t->classes[BOUNCE_POLICY],
	       t->classes[BOUNCE_COMPLAINT], t->classes[BOUNCE_UNKNOWN], t->matched, t->unmatched);
	if (!r->dry)
		printf("; %zu journaled bounced, %zu suppressed", t->fx.journaled,
		       t->fx.suppressed);
	printf("\n");
	if (t->classes[BOUNCE_POLICY])
		printf(
		    "policy bounces mean the receiving servers refused the sender or the content: "
		    "check the relay's reputation, SPF, DKIM and DMARC\n");
	if (t->later)
		printf("%zu message(s) wait for the next run: their release is being sent\n",
		       t->later);
}

static void take_opt(void *opts, int key, char *arg)
{
	(void)arg;
	if (key == 'n')
		*(bool *)opts = true;
}

static int parse_opts(int argc, char **argv, bool *dry)
{
	static const struct option longopts[] = {{"dry-run", no_argument, NULL, 'n'}, {0, 0, 0, 0}};
	/* options first: a source is a path or a URL, taken as it is */
	static const struct cmd_syntax syntax = {.name = "bounces",
	                                         .options = longopts,
	                                         .min = 0,
	                                         .max = -1,
	                                         .options_first = true,
	                                         .take = take_opt};
	return cmd_parse(argc, argv, &syntax, dry);
}

static int bounces_run(struct run *r, char **specs, size_t n, bool quiet, struct diags *d)
{
	int busy = 0;
	if (!r->dry) {
		busy = bounce_ledger_open(&r->ledger, r->conf->spool_dir, d);
		if (busy != 0)
			return busy; /* 1: another `embargo bounces` is at work */
	}
	if (bounce_index_build(&r->ix, r->conf->spool_dir, d) < 0)
		return -1;
	r->policy = (struct bounce_policy){r->conf->spool_dir, r->conf->suppress_file,
	                                   r->conf->bounces.soft_limit,
	                                   r->conf->bounces.soft_window, time(NULL)};
	if (r->dry) {
		strbuf_init(&r->yaml);
		yamlemit_begin(&r->y, &r->yaml);
		yamlemit_seq_start(&r->y);
	}
	int rc = 0;
	for (size_t i = 0; i < n; i++)
		if (one_source(r, specs[i], d) < 0)
			rc = -1;
	if (r->dry) {
		yamlemit_seq_end(&r->y);
		yamlemit_end(&r->y);
		fwrite(r->yaml.buf, 1, r->yaml.len, stdout);
		strbuf_release(&r->yaml);
	}
	summary(r, quiet || r->dry);
	return rc;
}

int cmd_bounces(int argc, char **argv, const struct global_opts *g)
{
	bool dry = false;
	int status = parse_opts(argc, argv, &dry);
	if (status != CMD_GO)
		return status;
	struct cmd_frame f;
	cmd_frame_init(&f, g);
	struct run r = {.conf = &f.conf, .dry = dry};
	r.ledger.fd = r.ledger.lock_fd = -1;
	int rc = cmd_frame_load(&f);
	if (rc == 0) {
		char **specs = optind < argc ? argv + optind : f.conf.bounces.sources;
		size_t n = optind < argc ? (size_t)(argc - optind) : f.conf.bounces.nsources;
		if (n == 0)
			rc = diag_error(
			    &f.d, EX_USAGE, f.conf.path, 0, 0,
			    "name a Maildir, mbox file or imaps:// URL, or set bounces.sources",
			    "no source of returned mail");
		else
			bounces_run(&r, specs, n, g->verbosity < 0, &f.d);
	}
	/* what waits for its release's send to finish is read by the next run */
	if (rc == 0 && !diags_errors(&f.d) && r.t.later)
		rc = EX_TEMPFAIL;
	cmd_frame_say(&f, g->verbosity >= 0); /* even when only the status says 75 */
	if (!dry)
		bounce_ledger_close(&r.ledger);
	bounce_index_free(&r.ix);
	return cmd_frame_end(&f, rc);
}
