#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "address.h"
#include "job.h"

static void job_init(struct job *job, const struct conf *conf)
{
	memset(job, 0, sizeof *job);
	job->conf = conf;
}

static void add_name(struct job *job, const char *name)
{
	job->list_names = xrealloc(job->list_names, (job->nlist_names + 1) * sizeof(char *));
	job->list_names[job->nlist_names++] = xstrdup(name);
}

static int load_advance(struct job *job, const struct job_spec *spec, struct diags *d)
{
	const struct release *rel = &job->rel;
	char *const *names = spec->nadvance ? spec->advance : rel->advance.lists;
	size_t n = spec->nadvance ? spec->nadvance : rel->advance.nlists;
	int rc = 0;
	job->adv_lists = xcalloc(n + 1, sizeof *job->adv_lists);
	for (size_t i = 0; i < n; i++) {
		struct list *l = list_load(names[i], job->conf->lists_dir, d);
		if (!l)
			rc = -1;
		else
			job->adv_lists[job->nadv++] = l;
	}
	return rc;
}

static int load_lists(struct job *job, char *const *lists, size_t nlists, unsigned flags,
                      struct diags *d)
{
	const struct release *rel = &job->rel;
	for (size_t i = 0; i < nlists; i++)
		add_name(job, lists[i]);
	if (nlists > 0) /* --list wins over the front matter: check says so */
		value_map_set_string(rel->sources, "lists", "--list");
	if (nlists == 0)
		for (size_t i = 0; i < rel->nlists; i++)
			add_name(job, rel->lists[i]);
	int rc = 0;
	job->lists = xcalloc(job->nlist_names + 1, sizeof *job->lists);
	for (size_t i = 0; i < job->nlist_names; i++) {
		struct list *l = list_load(job->list_names[i], job->conf->lists_dir, d);
		if (!l)
			rc = -1;
		else
			job->lists[job->nlists++] = l;
	}
	if (job->nlist_names == 0 && !(flags & JOB_CHECK))
		rc = diag_error(d, EX_USAGE, rel->path, 0, 0,
		                "name one with --list NAME, or add lists: [NAME] to the front matter",
		                "no press list to send to");
	return rc;
}

/* For check without lists: lint recipient.* against every list in lists_dir. */
static void load_all_lists(struct job *job, struct diags *d)
{
	size_t n;
	char **names = lists_names(job->conf->lists_dir, &n);
	struct diags ignored;
	diags_init(&ignored);
	job->lists = xrealloc(job->lists, (n + 1) * sizeof *job->lists);
	for (size_t i = 0; i < n; i++) {
		struct list *l = list_load(names[i], job->conf->lists_dir, &ignored);
		if (l)
			job->lists[job->nlists++] = l;
		free(names[i]);
	}
	free(names);
	diags_free(&ignored);
	(void)d;
}

static int parse_mailbox(const char *what, const char *text, char **name, char **addr,
                         const char *where, struct diags *d)
{
	char *why = NULL;
	if (address_parse_mailbox(text, name, addr, &why) == 0)
		return 0;
	diag_error(d, EX_CONFIG, where, 0, 0, "write it as \"Name <address@example.org>\"",
	           "%s \"%s\": %s", what, text, why);
	free(why);
	return -1;
}

/* From: the release's front matter, else the first list's, else the config. */
static int resolve_sender(struct job *job, unsigned flags, struct diags *d)
{
	const struct conf *c = job->conf;
	const char *from = job->rel.from, *where = job->rel.path;
	if (!from && job->nlists && job->lists[0]->from) {
		from = job->lists[0]->from;
		where = job->lists[0]->path;
	}
	if (from) {
		if (parse_mailbox("from", from, &job->from_name, &job->from_addr, where, d) < 0)
			return -1;
	} else if (c->from_addr) {
		job->from_name = c->from_name ? xstrdup(c->from_name) : NULL;
		job->from_addr = xstrdup(c->from_addr);
	} else if (!(flags & JOB_CHECK)) {
		return diag_error(d, EX_CONFIG, c->path, 0, 0,
		                  "add from: \"Press Office <press@example.org>\" to embargo.yaml",
		                  "no sender address is configured");
	}
	const char *reply = job->rel.reply_to;
	if (!reply && job->nlists && job->lists[0]->reply_to)
		reply = job->lists[0]->reply_to;
	if (reply)
		return parse_mailbox("reply_to", reply, &job->reply_to_name, &job->reply_to_addr,
		                     job->rel.path, d);
	if (c->reply_to_addr) {
		job->reply_to_name = c->reply_to_name ? xstrdup(c->reply_to_name) : NULL;
		job->reply_to_addr = xstrdup(c->reply_to_addr);
	}
	return 0;
}

static void fill_sender(struct job *job)
{
	job->sender = (struct message_sender){
	    .from_name = job->from_name, .from_addr = job->from_addr,
	    .reply_to_name = job->reply_to_name, .reply_to_addr = job->reply_to_addr,
	    .unsubscribe = job->conf->unsubscribe, .nunsubscribe = job->conf->nunsubscribe,
	    .att = job->att.mime, .natt = job->att.n};
}

/* Everyone: the lists, then the advance lists; and the advance audience. */
static int build_audiences(struct job *job, struct diags *d)
{
	size_t n = job->nlists + job->nadv;
	struct list **all = xcalloc(n + 1, sizeof *all);
	memcpy(all, job->lists, job->nlists * sizeof *all);
	memcpy(all + job->nlists, job->adv_lists, job->nadv * sizeof *all);
	job->have_aud = audience_build(all, n, job->conf->suppress_file, &job->aud, d) == 0;
	free(all);
	if (job->have_aud && job->nadv)
		job->have_adv = audience_build(job->adv_lists, job->nadv, job->conf->suppress_file,
		                               &job->adv, d) == 0;
	return job->have_aud && (job->nadv == 0 || job->have_adv) ? 0 : -1;
}

/* recipient.* in the templates is checked against every list in play:
 * the lists and the advance lists. */
static int lint_templates(struct job *job, struct diags *d)
{
	size_t n = job->nlists + job->nadv;
	struct list **all = xcalloc(n + 1, sizeof *all);
	memcpy(all, job->lists, job->nlists * sizeof *all);
	memcpy(all + job->nlists, job->adv_lists, job->nadv * sizeof *all);
	int rc = render_lint(&job->render, all, n, d);
	free(all);
	return rc;
}

/* A template that lint passes can still fail to render (a partial that
 * includes itself for ever): render one message now, so that check says so
 * and nothing is sent. */
static int trial_render(struct job *job, struct diags *d)
{
	struct recipient sample = {.email = "journalist@example.com"};
	const struct recipient *r = &sample;
	if (job->have_aud && job->aud.n)
		r = job->aud.to[0];
	else if (job->nlists && job->lists[0]->n)
		r = &job->lists[0]->r[0];
	render_set_recipient(&job->render, r, NULL, NULL);
	struct strbuf text, html;
	strbuf_init(&text);
	strbuf_init(&html);
	int rc = render_parts(&job->render, &text, &html, d);
	strbuf_release(&text);
	strbuf_release(&html);
	return rc;
}

int job_prepare(struct job *job, const struct conf *conf, const struct job_spec *spec,
                struct diags *d)
{
	job_init(job, conf);
	unsigned flags = spec->flags;
	/* a date written without a year is read against the real clock */
	struct release_opts ro = {.time = {.timezone = conf->timezone,
	                                   .date_order = conf->date_order,
	                                   .now = spec->now ? spec->now : time(NULL),
	                                   .max_lateness = conf->max_lateness}};
	int rc = release_parse(spec->release, &ro, &job->rel);
	diags_move(d, &job->rel.diags);
	if (rc < 0)
		return -1;
	job->have_att = true;
	if (attach_load(&job->att, &job->rel, d) < 0)
		rc = -1;
	if (load_lists(job, spec->lists, spec->nlists, flags, d) < 0)
		rc = -1;
	if (load_advance(job, spec, d) < 0)
		rc = -1;
	if (job->nlist_names == 0 && (flags & JOB_CHECK))
		load_all_lists(job, d);
	if (rc == 0 && !(flags & JOB_CHECK))
		rc = build_audiences(job, d);
	if (resolve_sender(job, flags, d) < 0)
		rc = -1;
	fill_sender(job);
	job->have_render = true;
	if (render_open(&job->render, conf->templates_dir, job->rel.template_name, d) < 0 ||
	    lint_templates(job, d) < 0)
		rc = -1;
	render_set_release(&job->render, &job->rel, job->from_name, job->from_addr);
	if (rc == 0 && diags_errors(d) == 0 && trial_render(job, d) < 0)
		rc = -1;
	return rc == 0 && diags_errors(d) == 0 ? 0 : -1;
}

int job_render_clone(const struct job *job, struct renderer *r, struct diags *d)
{
	if (render_clone(r, &job->render, d) < 0)
		return -1;
	render_set_release(r, &job->rel, job->from_name, job->from_addr);
	return 0;
}

void job_free(struct job *job)
{
	if (job->have_render)
		render_close(&job->render);
	if (job->have_att)
		attach_free(&job->att);
	if (job->have_aud)
		audience_free(&job->aud);
	if (job->have_adv)
		audience_free(&job->adv);
	for (size_t i = 0; i < job->nlists; i++)
		list_free(job->lists[i]);
	free(job->lists);
	for (size_t i = 0; i < job->nadv; i++)
		list_free(job->adv_lists[i]);
	free(job->adv_lists);
	for (size_t i = 0; i < job->nlist_names; i++)
		free(job->list_names[i]);
	free(job->list_names);
	free(job->from_name);
	free(job->from_addr);
	free(job->reply_to_name);
	free(job->reply_to_addr);
	release_free(&job->rel);
	memset(job, 0, sizeof *job);
}
