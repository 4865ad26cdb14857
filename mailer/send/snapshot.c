#include "config.h"

#include <dirent.h>
#include <libgen.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "attach.h"
#include "durable.h"
#include "render.h"
#include "snapshot.h"
#include "spool.h"
#include "yamlemit.h"
#include "yamlload.h"

/* What stops a snapshot being written is most often a full disk or the
 * spool directory's permissions, so every such error carries that hint.
 * verb: "write", "create", "replace"; e: the errno. */
static int cannot(struct diags *d, const char *path, const char *verb, int e)
{
	return diag_error(d, EX_CANTCREAT, path, 0, 0,
	                  "check free space and the spool directory's permissions",
	                  "cannot %s the snapshot: %s", verb, strerror(e));
}

static int copy_file(const char *from, const char *to, size_t max, struct diags *d)
{
	char *data;
	size_t len;
	if (file_read_all(from, max, &data, &len) < 0)
		return diag_error(d, EX_NOINPUT, from, 0, 0, NULL, "cannot read: %s", strerror(errno));
	int rc = durable_write(to, data, len);
	int e = errno;
	free(data);
	if (rc < 0)
		return cannot(d, to, "write", e);
	return 0;
}

static int copy_list(const char *dir, const struct list *l, struct diags *d)
{
	char *to = xasprintf("%s/lists/%s.yaml", dir, l->name);
	int rc = copy_file(l->path, to, LISTS_MAX_FILE_SIZE, d);
	free(to);
	return rc;
}

static bool is_template_file(const char *name)
{
	size_t n = strlen(name);
	if (name[0] == '.')
		return false;
	return (n > 4 && strcmp(name + n - 4, ".txt") == 0) ||
	       (n > 5 && strcmp(name + n - 5, ".html") == 0);
}

/* Every .txt and .html of the templates directory: partials can be any of
 * them. */
static int copy_templates(const char *dir, const char *templates_dir, struct diags *d)
{
	DIR *dp = opendir(templates_dir);
	if (!dp)
		return diag_error(d, EX_NOINPUT, templates_dir, 0, 0, NULL, "cannot read: %s",
		                  strerror(errno));
	int rc = 0;
	struct dirent *de;
	while (rc == 0 && (de = readdir(dp))) {
		if (!is_template_file(de->d_name))
			continue;
		char *from = xasprintf("%s/%s", templates_dir, de->d_name);
		char *to = xasprintf("%s/templates/%s", dir, de->d_name);
		struct stat st;
		/* a link out of the directory is no template (render.c) */
		if (stat(from, &st) == 0 && S_ISREG(st.st_mode) &&
		    render_file_inside(templates_dir, from, NULL))
			rc = copy_file(from, to, RENDER_MAX_TEMPLATE_SIZE, d);
		free(from);
		free(to);
	}
	closedir(dp);
	return rc;
}

static char *mailbox_text(const char *name, const char *addr)
{
	if (!name)
		return xstrdup(addr);
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addch(&sb, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_addch(&sb, '\\');
		strbuf_addch(&sb, *p);
	}
	strbuf_addf(&sb, "\" <%s>", addr);
	return strbuf_detach(&sb, NULL);
}

static void emit_mailbox(struct yamlemit *y, const char *key, const char *name, const char *addr)
{
	if (!addr)
		return;
	char *s = mailbox_text(name, addr);
	yamlemit_pair(y, key, s);
	free(s);
}

static void emit_seconds(struct yamlemit *y, const char *key, long secs)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%lds", secs);
	yamlemit_pair(y, key, buf);
}

static void emit_strings(struct yamlemit *y, const char *key, char *const *v, size_t n)
{
	yamlemit_string(y, key);
	yamlemit_seq_start(y);
	for (size_t i = 0; i < n; i++)
		yamlemit_string(y, v[i]);
	yamlemit_seq_end(y);
}

static void emit_config(struct yamlemit *y, const struct conf *c)
{
	static const char *const orders[] = {NULL, "mdy", "dmy"};
	yamlemit_map_start(y);
	emit_mailbox(y, "from", c->from_name, c->from_addr);
	emit_mailbox(y, "reply_to", c->reply_to_name, c->reply_to_addr);
	if (c->bounce_address)
		emit_mailbox(y, "bounce_address", NULL, c->bounce_address);
	if (c->timezone)
		yamlemit_pair(y, "timezone", c->timezone);
	if (c->date_order != DATE_ORDER_NONE)
		yamlemit_pair(y, "date_order", orders[c->date_order]);
	if (c->nunsubscribe)
		emit_strings(y, "unsubscribe", c->unsubscribe, c->nunsubscribe);
	emit_seconds(y, "max_lateness", c->max_lateness);
	emit_seconds(y, "give_up_after", c->give_up_after);
	yamlemit_pair(y, "lists_dir", "lists");
	yamlemit_pair(y, "templates_dir", "templates");
	yamlemit_map_end(y);
}

static void emit_time(struct yamlemit *y, const char *key, bool has, time_t t)
{
	yamlemit_string(y, key);
	if (has)
		yamlemit_long(y, (long)t);
	else
		yamlemit_string(y, NULL);
}

static void emit_schedule(struct yamlemit *y, const struct snapshot *m)
{
	yamlemit_map_start(y);
	yamlemit_pair(y, "id", m->id);
	yamlemit_pair(y, "title", m->title);
	yamlemit_pair(y, "kind", m->kind);
	yamlemit_pair(y, "release_file", m->release_file);
	emit_strings(y, "lists", m->lists, m->nlists);
	emit_strings(y, "advance_lists", m->advance_lists, m->nadvance);
	emit_time(y, "advance_at", m->has_advance_at, m->advance_at);
	emit_time(y, "release_at", m->has_instant, m->release_at);
	yamlemit_string(y, "utc_offset");
	yamlemit_long(y, m->utc_offset);
	yamlemit_pair(y, "release_text", m->release_text);
	emit_time(y, "created", true, m->created);
	yamlemit_map_end(y);
}

static int write_yaml(const char *path, void (*fn)(struct yamlemit *, const void *),
                      const void *arg, struct diags *d)
{
	struct strbuf sb;
	strbuf_init(&sb);
	struct yamlemit y;
	yamlemit_begin(&y, &sb);
	fn(&y, arg);
	int rc = yamlemit_end(&y);
	if (rc == 0 && durable_write(path, sb.buf, sb.len) < 0)
		rc = -1;
	if (rc < 0)
		diag_error(d, EX_CANTCREAT, path, 0, 0, NULL, "cannot write the snapshot: %s",
		           strerror(errno));
	strbuf_release(&sb);
	return rc;
}

static void emit_config_cb(struct yamlemit *y, const void *arg)
{
	emit_config(y, arg);
}

static void emit_schedule_cb(struct yamlemit *y, const void *arg)
{
	emit_schedule(y, arg);
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void snapshot_from_job(struct snapshot *m, const struct job *job, const char *kind)
{
	const struct release *rel = &job->rel;
	memset(m, 0, sizeof *m);
	m->id = xstrdup(rel->id);
	m->title = xstrdup(rel->title ? rel->title : "");
	m->kind = xstrdup(kind);
	char *copy = xstrdup(rel->path);
	m->release_file = xstrdup(basename(copy));
	free(copy);
	m->lists = xcalloc(job->nlists + 1, sizeof *m->lists);
	for (size_t i = 0; i < job->nlists; i++)
		m->lists[m->nlists++] = xstrdup(job->lists[i]->name);
	m->advance_lists = xcalloc(job->nadv + 1, sizeof *m->advance_lists);
	for (size_t i = 0; i < job->nadv; i++)
		m->advance_lists[m->nadvance++] = xstrdup(job->adv_lists[i]->name);
	m->has_advance_at = rel->advance.has_at;
	m->advance_at = rel->advance.at;
	m->has_instant = rel->has_instant;
	m->release_at = rel->release_at;
	m->utc_offset = rel->utc_offset;
	m->release_text = rel->release_text ? xstrdup(rel->release_text) : NULL;
	m->created = time(NULL);
}

void snapshot_free(struct snapshot *m)
{
	free(m->id);
	free(m->title);
	free(m->kind);
	free(m->release_file);
	free_strv(m->lists, m->nlists);
	free_strv(m->advance_lists, m->nadvance);
	free(m->release_text);
	memset(m, 0, sizeof *m);
}

/* fn on each of the three directories of the snapshot at dir, in the
 * order of parts, up to the first that fails (its result, errno set). */
static int each_part(const char *dir, const char *const parts[3], int (*fn)(const char *path))
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < 3; i++) {
		char *p = xasprintf("%s/%s", dir, parts[i]);
		rc = fn(p);
		free(p);
	}
	return rc;
}

static int make_part(const char *path)
{
	return durable_mkdir_private(path, 0700);
}

static int remove_part(const char *path)
{
	return access(path, F_OK) == 0 ? durable_remove_tree(path) : 0;
}

static int make_dirs(const char *dir, struct diags *d)
{
	static const char *const parts[] = {"lists", "templates", "release"};
	if (each_part(dir, parts, make_part) < 0)
		return cannot(d, dir, "create", errno);
	return 0;
}

/* A snapshot rewritten in place: "replacing" first, then the old parts go
 * (an old release file or list under another name must not stay beside the
 * new ones). */
static int begin_replacing(const char *dir, struct diags *d)
{
	static const char *const parts[] = {"release", "lists", "templates"};
	int rc = spool_mark(dir, "replacing", NULL);
	if (rc == 0)
		rc = each_part(dir, parts, remove_part);
	if (rc < 0)
		return cannot(d, dir, "replace", errno);
	return 0;
}

static int end_replacing(const char *dir, struct diags *d)
{
	char *p = xasprintf("%s/replacing", dir);
	int rc = unlink(p) == 0 ? durable_sync_dir(dir) : -1;
	free(p);
	if (rc < 0)
		return diag_error(d, EX_IOERR, dir, 0, 0, NULL, "cannot finish the snapshot: %s",
		                  strerror(errno));
	return 0;
}

int snapshot_write(const char *dir, const struct job *job, const struct snapshot *meta,
                   struct diags *d)
{
	bool in_place = spool_marked(dir, "schedule.yaml");
	if (in_place && begin_replacing(dir, d) < 0)
		return -1;
	if (make_dirs(dir, d) < 0)
		return -1;
	char *path = snapshot_release_path(dir, meta);
	int rc = copy_file(job->rel.path, path, RELEASE_MAX_SIZE, d);
	free(path);
	if (rc == 0 && job->have_att) {
		/* Beside the copy, at their relative paths: the copy finds them as
		 * the original did.  release/ holds nothing else. */
		char *rdir = xasprintf("%s/release", dir);
		rc = attach_write(&job->att, rdir, d);
		free(rdir);
	}
	for (size_t i = 0; rc == 0 && i < job->nlists; i++)
		rc = copy_list(dir, job->lists[i], d);
	for (size_t i = 0; rc == 0 && i < job->nadv; i++)
		rc = copy_list(dir, job->adv_lists[i], d);
	if (rc == 0)
		rc = copy_templates(dir, job->conf->templates_dir, d);
	if (rc == 0) {
		path = xasprintf("%s/config.yaml", dir);
		rc = write_yaml(path, emit_config_cb, job->conf, d);
		free(path);
	}
	if (rc == 0) {
		/* schedule.yaml last: a snapshot without it is incomplete and ignored. */
		path = xasprintf("%s/schedule.yaml", dir);
		rc = write_yaml(path, emit_schedule_cb, meta, d);
		free(path);
	}
	if (rc == 0 && in_place)
		rc = end_replacing(dir, d);
	return rc;
}

static int read_time(const struct value *root, const char *key, bool *has, time_t *t)
{
	const char *s = value_map_get_string(root, key);
	*has = s != NULL;
	if (!s)
		return 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	*t = (time_t)v;
	return *end == '\0' ? 0 : -1;
}

static char **read_strings(const struct value *root, const char *key, size_t *n)
{
	const struct value *v = value_map_get(root, key);
	*n = 0;
	char **out = xcalloc((v && v->type == VALUE_LIST ? v->u.list.n : 0) + 1, sizeof *out);
	for (size_t i = 0; v && v->type == VALUE_LIST && i < v->u.list.n; i++)
		if (v->u.list.items[i]->type == VALUE_STRING)
			out[(*n)++] = xstrdup(v->u.list.items[i]->u.str.s);
	return out;
}

static char *read_string(const struct value *root, const char *key)
{
	const char *s = value_map_get_string(root, key);
	return s ? xstrdup(s) : NULL;
}

int snapshot_read(const char *dir, struct snapshot *m, struct diags *d)
{
	memset(m, 0, sizeof *m);
	char *path = xasprintf("%s/schedule.yaml", dir);
	struct value *root = yamlload_file(path, 1u << 20, 0, EX_DATAERR, d);
	int rc = root && root->type == VALUE_MAP ? 0 : -1;
	if (rc == 0) {
		m->id = read_string(root, "id");
		m->title = read_string(root, "title");
		m->kind = read_string(root, "kind");
		m->release_file = read_string(root, "release_file");
		m->release_text = read_string(root, "release_text");
		m->lists = read_strings(root, "lists", &m->nlists);
		m->advance_lists = read_strings(root, "advance_lists", &m->nadvance);
		bool has;
		time_t off = 0;
		rc |= read_time(root, "advance_at", &m->has_advance_at, &m->advance_at);
		rc |= read_time(root, "release_at", &m->has_instant, &m->release_at);
		rc |= read_time(root, "utc_offset", &has, &off);
		rc |= read_time(root, "created", &has, &m->created);
		m->utc_offset = (int)off;
		if (rc != 0 || !m->id || !m->release_file || strchr(m->release_file, '/'))
			rc = diag_error(d, EX_DATAERR, path, 0, 0,
			                "the spool entry is damaged: inspect it by hand",
			                "bad snapshot");
	} else if (root) {
		rc = diag_error(d, EX_DATAERR, path, 0, 0, NULL, "bad snapshot");
	}
	value_free(root);
	free(path);
	return rc;
}

static void set_dup(char **dst, const char *src)
{
	free(*dst);
	*dst = src ? xstrdup(src) : NULL;
}

int snapshot_conf(const char *dir, const struct conf *cur, struct conf *out, struct diags *d)
{
	char *path = xasprintf("%s/config.yaml", dir);
	int rc = conf_load(path, out, d);
	free(path);
	if (rc < 0)
		return -1;
	set_dup(&out->spool_dir, cur->spool_dir);
	set_dup(&out->suppress_file, cur->suppress_file);
	out->run_deadline = cur->run_deadline;
	struct smtp_conf *s = &out->smtp;
	const struct smtp_conf *c = &cur->smtp;
	set_dup(&s->url, c->url);
	set_dup(&s->ca_file, c->ca_file);
	set_dup(&s->username, c->username);
	set_dup(&s->password_env, c->password_env);
	set_dup(&s->password_command, c->password_command);
	set_dup(&s->netrc, c->netrc);
	s->tls = c->tls;
	s->connections = c->connections;
	s->max_per_connection = c->max_per_connection;
	s->rate = c->rate;
	s->timeout = c->timeout;
	return 0;
}

int snapshot_job(const char *dir, const struct snapshot *meta, const struct conf *snapconf,
                 struct job *job, struct diags *d)
{
	char *path = snapshot_release_path(dir, meta);
	struct job_spec spec = {.release = path,
	                        .lists = meta->lists,
	                        .nlists = meta->nlists,
	                        .advance = meta->advance_lists,
	                        .nadvance = meta->nadvance,
	                        .now = meta->created};
	int rc = job_prepare(job, snapconf, &spec, d);
	free(path);
	return rc;
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same_strv(char *const *a, size_t na, char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i], b[i]) != 0)
			return false;
	return true;
}

static bool same_meta(const struct snapshot *a, const struct snapshot *b)
{
	return same_str(a->id, b->id) && same_str(a->release_file, b->release_file) &&
	       same_strv(a->lists, a->nlists, b->lists, b->nlists) &&
	       same_strv(a->advance_lists, a->nadvance, b->advance_lists, b->nadvance) &&
	       a->has_instant == b->has_instant &&
	       (!a->has_instant || a->release_at == b->release_at) &&
	       a->has_advance_at == b->has_advance_at &&
	       (!a->has_advance_at || a->advance_at == b->advance_at) && a->created == b->created;
}

int snapshot_check(const char *dir, const struct snapshot *meta, struct diags *d)
{
	if (spool_marked(dir, "replacing")) {
		char *hint = xasprintf("schedule it again with embargo schedule --replace RELEASE, or "
		                       "stop it with embargo cancel %s",
		                       meta->id);
		diag_error(d, EX_DATAERR, dir, 0, 0, hint,
		           "release %s: a replacement of its snapshot was interrupted; nothing of it "
		           "is sent until it is replaced again",
		           meta->id);
		free(hint);
		return -1;
	}
	struct snapshot now;
	int rc = snapshot_read(dir, &now, d);
	if (rc == 0 && !same_meta(meta, &now))
		rc = diag_error(d, EX_TEMPFAIL, dir, 0, 0, "the next embargo run sends it as it is now",
		                "release %s was replaced after this process read it: nothing of it "
		                "was sent",
		                meta->id);
	snapshot_free(&now);
	return rc;
}

char *snapshot_release_path(const char *dir, const struct snapshot *meta)
{
	return xasprintf("%s/release/%s", dir, meta->release_file);
}

bool snapshot_same_release(const char *dir, const char *path)
{
	if (spool_marked(dir, "replacing"))
		return false; /* half old, half new: write it again */
	struct snapshot meta;
	struct diags d;
	diags_init(&d);
	int rc = snapshot_read(dir, &meta, &d);
	diags_free(&d);
	if (rc < 0) {
		snapshot_free(&meta);
		return false;
	}
	char *snap = snapshot_release_path(dir, &meta);
	snapshot_free(&meta);
	char *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	bool same = file_read_all(snap, RELEASE_MAX_SIZE, &a, &na) == 0 &&
	            file_read_all(path, RELEASE_MAX_SIZE, &b, &nb) == 0 && na == nb &&
	            memcmp(a, b, na) == 0;
	free(a);
	free(b);
	free(snap);
	return same;
}
