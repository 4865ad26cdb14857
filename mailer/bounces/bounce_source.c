#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sysexits.h>

#include <libetpan/libetpan.h>

#include "bounce_source.h"
#include "bounce_tls.h"
#include "password.h"
#include "util.h"

#define MESSAGE_MAX_BYTES ((size_t)64 << 20)
#define PROCESSED_KEYWORD "$EmbargoProcessed"
#define SERVER_TIMEOUT 60

enum source_kind { SRC_FILE, SRC_MBOX, SRC_MAILDIR, SRC_IMAP, SRC_POP3 };

struct bounce_source {
	enum source_kind kind;
	char *spec;
	const struct bounces_conf *bc;
	struct mailstorage *storage; /* Maildir, mbox */
	mailsession *session;        /* every kind but SRC_FILE */
	struct mailmessage_list *list;
	size_t next;
	bool expunge;
};

/* ---- the password ---- */

/* As for SMTP (password.h), from the bounces: section's keys. */
static int find_password(const struct bounces_conf *bc, const char *host, const char *user,
                         char **pw, struct diags *d)
{
	*pw = NULL;
	if (bc->password_env)
		return password_from_env("bounces", bc->password_env, pw, d);
	if (bc->password_command)
		return password_from_command("bounces", bc->password_command, pw, d);
	if (bc->netrc)
		return password_from_netrc("bounces", bc->netrc, host, user, pw, d);
	return diag_error(d, EX_CONFIG, NULL, 0, 0,
	                  "set bounces.password_env, bounces.password_command or bounces.netrc",
	                  "no password for %s at %s", user, host);
}

/* ---- URLs ---- */

struct url {
	char *user, *host, *folder;
	int port;
};

static void url_free(struct url *u)
{
	free(u->user);
	free(u->host);
	free(u->folder);
}

static char *percent_decode(const char *s, size_t n)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		if (s[i] == '%' && i + 2 < n + 0 + 1 && sscanf(s + i + 1, "%2x", &v) == 1) {
			strbuf_addch(&sb, (char)v);
			i += 2;
		} else {
			strbuf_addch(&sb, s[i]);
		}
	}
	return strbuf_detach(&sb, NULL);
}

/* scheme://user@host[:port][/folder] */
static int url_parse(const char *spec, size_t scheme_len, int default_port, struct url *u,
                     struct diags *d)
{
	memset(u, 0, sizeof *u);
	const char *p = spec + scheme_len;
	const char *at = strchr(p, '@');
	const char *slash = strchr(p, '/');
	if (!at || (slash && slash < at))
		return diag_error(d, EX_CONFIG, NULL, 0, 0, "write imaps://user@host/INBOX",
		                  "%s: the URL names no user", spec);
	u->user = percent_decode(p, (size_t)(at - p));
	const char *h = at + 1;
	const char *hend = slash ? slash : h + strlen(h);
	const char *colon = memchr(h, ':', (size_t)(hend - h));
	u->host = xstrndup(h, (size_t)((colon ? colon : hend) - h));
	u->port = colon ? atoi(colon + 1) : default_port;
	u->folder =
	    slash && slash[1] ? percent_decode(slash + 1, strlen(slash + 1)) : xstrdup("INBOX");
	if (!u->host[0] || u->port <= 0 || u->port > 65535)
		return diag_error(d, EX_CONFIG, NULL, 0, 0, "write imaps://user@host[:port]/FOLDER",
		                  "%s: bad host or port", spec);
	return 0;
}

/* ---- opening ---- */

static int open_local(struct bounce_source *s, struct diags *d)
{
	struct stat st;
	if (stat(s->spec, &st) < 0)
		return diag_error(d, EX_NOINPUT, s->spec, 0, 0,
		                  "name a Maildir, an mbox file or a message",
		                  "cannot read the source: %s", strerror(errno));
	if (S_ISREG(st.st_mode)) {
		FILE *fp = fopen(s->spec, "re");
		char head[5] = "";
		if (fp) {
			if (fread(head, 1, 5, fp) != 5)
				head[0] = '\0';
			fclose(fp);
		}
		s->kind = memcmp(head, "From ", 5) == 0 ? SRC_MBOX : SRC_FILE;
		if (s->kind == SRC_FILE)
			return 0;
	} else {
		s->kind = SRC_MAILDIR;
	}
	s->storage = mailstorage_new(NULL);
	int r = s->kind == SRC_MBOX ? mbox_mailstorage_init(s->storage, s->spec, 0, NULL, NULL)
	                            : maildir_mailstorage_init(s->storage, s->spec, 0, NULL, NULL);
	if (r == MAIL_NO_ERROR)
		r = mailstorage_connect(s->storage);
	if (r != MAIL_NO_ERROR)
		return diag_error(d, EX_NOINPUT, s->spec, 0, 0,
		                  s->kind == SRC_MAILDIR ? "a Maildir has cur/, new/ and tmp/"
		                                         : NULL,
		                  "cannot open the %s (libetpan error %d)",
		                  s->kind == SRC_MBOX ? "mbox file" : "Maildir", r);
	s->session = s->storage->sto_session;
	return 0;
}

static int open_remote(struct bounce_source *s, struct diags *d)
{
	bool imap = str_starts_with_ci(s->spec, "imaps://");
	struct url u;
	int rc = url_parse(s->spec, 8, imap ? 993 : 995, &u, d);
	char *pw = NULL;
	if (rc == 0)
		rc = find_password(s->bc, u.host, u.user, &pw, d);
	mailstream *stream = NULL;
	if (rc == 0) {
		stream = bounce_tls_connect(u.host, u.port, s->bc->ca_file, SERVER_TIMEOUT, d);
		rc = stream ? 0 : -1;
	}
	if (rc == 0) {
		s->kind = imap ? SRC_IMAP : SRC_POP3;
		s->session = mailsession_new(imap ? imap_session_driver : pop3_session_driver);
		/* the session owns the stream from here, even when it fails */
		int r = mailsession_connect_stream(s->session, stream);
		if (r == MAIL_NO_ERROR_NON_AUTHENTICATED || r == MAIL_NO_ERROR_AUTHENTICATED)
			r = MAIL_NO_ERROR;
		if (r == MAIL_NO_ERROR)
			r = mailsession_login(s->session, u.user, pw);
		if (r == MAIL_NO_ERROR && imap)
			r = mailsession_select_folder(s->session, u.folder);
		if (r != MAIL_NO_ERROR)
			rc = diag_error(
			    d, r == MAIL_ERROR_LOGIN ? EX_NOPERM : EX_TEMPFAIL, NULL, 0, 0,
			    r == MAIL_ERROR_LOGIN ? "check the user and the password" : NULL,
			    "%s: %s failed (libetpan error %d)", s->spec,
			    r == MAIL_ERROR_LOGIN ? "login" : "the session", r);
	}
	if (pw)
		explicit_bzero(pw, strlen(pw));
	free(pw);
	url_free(&u);
	return rc;
}

static mailimap *imap_of(struct bounce_source *s);

/* The IMAP folder's messages not yet marked processed (UID SEARCH UNKEYWORD
 * $EmbargoProcessed), so that a run fetches only what is new even when
 * processed mail stays in the folder (no move_to, no delete).  libetpan's
 * own list would name every message, and each would be fetched again. */
static int imap_unprocessed(struct bounce_source *s)
{
	struct mailimap_search_key *key =
	    mailimap_search_key_new_unkeyword(xstrdup(PROCESSED_KEYWORD));
	clist *found = NULL;
	int r = mailimap_uid_search(imap_of(s), NULL, key, &found);
	mailimap_search_key_free(key);
	if (r != MAILIMAP_NO_ERROR)
		return MAIL_ERROR_FETCH;
	carray *tab = carray_new(16);
	r = MAIL_NO_ERROR;
	for (clistiter *it = clist_begin(found); it && r == MAIL_NO_ERROR; it = clist_next(it)) {
		mailmessage *msg = mailmessage_new();
		uint32_t uid = *(uint32_t *)clist_content(it);
		r = mailmessage_init(msg, s->session, imap_message_driver, uid, 0);
		if (r == MAIL_NO_ERROR && carray_add(tab, msg, NULL) < 0)
			r = MAIL_ERROR_MEMORY;
		if (r != MAIL_NO_ERROR)
			mailmessage_free(msg);
	}
	mailimap_search_result_free(found);
	s->list = mailmessage_list_new(tab);
	return r;
}

int bounce_source_open(const char *spec, const struct bounces_conf *bc, struct bounce_source **out,
                       struct diags *d)
{
	struct bounce_source *s = xcalloc(1, sizeof *s);
	s->spec = xstrdup(spec);
	s->bc = bc;
	*out = s;
	int rc;
	if (str_starts_with_ci(spec, "imaps://") || str_starts_with_ci(spec, "pop3s://"))
		rc = open_remote(s, d);
	else if (strstr(spec, "://"))
		rc = diag_error(d, EX_USAGE, NULL, 0, 0, "use imaps:// or pop3s:// (TLS)",
		                "%s: not a source embargo reads", spec);
	else
		rc = open_local(s, d);
	if (rc == 0 && s->session &&
	    (s->kind == SRC_IMAP
	         ? imap_unprocessed(s)
	         : mailsession_get_messages_list(s->session, &s->list)) != MAIL_NO_ERROR)
		rc = diag_error(d, EX_TEMPFAIL, spec, 0, 0, NULL, "cannot list the messages");
	return rc;
}

/* ---- reading ---- */

static int next_file(struct bounce_source *s, struct bounce_msg *m, struct diags *d)
{
	if (s->next++ > 0)
		return 0;
	if (file_read_all(s->spec, MESSAGE_MAX_BYTES, &m->data, &m->len) < 0)
		return diag_error(d, EX_NOINPUT, s->spec, 0, 0, NULL, "cannot read: %s",
		                  strerror(errno));
	m->where = xstrdup(s->spec);
	return 1;
}

int bounce_source_next(struct bounce_source *s, struct bounce_msg *m, struct diags *d)
{
	memset(m, 0, sizeof *m);
	if (s->kind == SRC_FILE)
		return next_file(s, m, d);
	while (s->list && s->next < carray_count(s->list->msg_tab)) {
		size_t i = s->next++;
		mailmessage *msg = carray_get(s->list->msg_tab, (unsigned)i);
		char *data = NULL;
		size_t len = 0;
		if (mailmessage_fetch(msg, &data, &len) != MAIL_NO_ERROR || !data)
			continue; /* gone since the list was taken */
		m->data = xmalloc(len + 1);
		memcpy(m->data, data, len);
		m->data[len] = '\0';
		m->len = len;
		mailmessage_fetch_result_free(msg, data);
		m->index = i;
		if (s->kind == SRC_MAILDIR && msg->msg_uid)
			m->where = xasprintf("%s/%s", s->spec, msg->msg_uid);
		else
			m->where = xasprintf("%s#%s", s->spec, msg->msg_uid ? msg->msg_uid : "?");
		return 1;
	}
	return 0;
}

void bounce_msg_free(struct bounce_msg *m)
{
	free(m->where);
	free(m->data);
	memset(m, 0, sizeof *m);
}

/* ---- marking ---- */

static mailimap *imap_of(struct bounce_source *s)
{
	return ((struct imap_session_state_data *)s->session->sess_data)->imap_session;
}

static int imap_store(mailimap *imap, uint32_t uid, struct mailimap_flag *flag)
{
	struct mailimap_flag_list *fl = mailimap_flag_list_new_empty();
	mailimap_flag_list_add(fl, flag);
	struct mailimap_store_att_flags *att = mailimap_store_att_flags_new_add_flags_silent(fl);
	struct mailimap_set *set = mailimap_set_new_single(uid);
	int r = mailimap_uid_store(imap, set, att);
	mailimap_set_free(set);
	mailimap_store_att_flags_free(att);
	return r;
}

static int done_imap(struct bounce_source *s, uint32_t uid)
{
	mailimap *imap = imap_of(s);
	int r = imap_store(imap, uid, mailimap_flag_new_flag_keyword(xstrdup(PROCESSED_KEYWORD)));
	if (r == MAILIMAP_NO_ERROR && s->bc->move_to) {
		struct mailimap_set *set = mailimap_set_new_single(uid);
		r = mailimap_uid_copy(imap, set, s->bc->move_to);
		mailimap_set_free(set);
	}
	if (r == MAILIMAP_NO_ERROR && (s->bc->move_to || s->bc->delete_processed)) {
		r = imap_store(imap, uid, mailimap_flag_new_deleted());
		s->expunge = true;
	}
	return r;
}

int bounce_source_done(struct bounce_source *s, const struct bounce_msg *m, struct diags *d)
{
	if (s->kind == SRC_FILE || s->kind == SRC_MBOX || !s->list)
		return 0;
	mailmessage *msg = carray_get(s->list->msg_tab, (unsigned)m->index);
	int r;
	if (s->kind == SRC_IMAP) {
		r = done_imap(s, msg->msg_index);
		r = r == MAILIMAP_NO_ERROR ? MAIL_NO_ERROR : MAIL_ERROR_STORE;
	} else if (s->kind == SRC_POP3) {
		r = s->bc->delete_processed ? mailsession_remove_message(s->session, msg->msg_index)
		                            : MAIL_NO_ERROR;
	} else {
		struct mail_flags *flags = NULL;
		r = mailmessage_get_flags(msg, &flags);
		if (r == MAIL_NO_ERROR && flags) {
			flags->fl_flags |= MAIL_FLAG_SEEN;
			flags->fl_flags &= ~MAIL_FLAG_NEW;
			if (s->bc->delete_processed) {
				flags->fl_flags |= MAIL_FLAG_DELETED;
				s->expunge = true;
			}
			r = mailmessage_check(msg);
		}
	}
	if (r != MAIL_NO_ERROR)
		return diag_error(d, EX_TEMPFAIL, m->where, 0, 0, NULL,
		                  "cannot mark the message as processed (libetpan error %d)", r);
	return 0;
}

void bounce_source_close(struct bounce_source *s)
{
	if (!s)
		return;
	if (s->list)
		mailmessage_list_free(s->list);
	if (s->session && s->expunge && s->kind != SRC_POP3)
		mailsession_expunge_folder(s->session);
	if (s->storage) {
		mailstorage_disconnect(s->storage);
		mailstorage_free(s->storage);
	} else if (s->session) {
		mailsession_logout(s->session);
		mailsession_free(s->session);
	}
	free(s->spec);
	free(s);
}
