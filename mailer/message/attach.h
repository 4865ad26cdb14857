/*
 * attach: the files a release attaches (front matter `attachments:`), read
 * once per job and handed to every message (doc/design.md
 * "Releases, templates and messages").
 *
 * Paths are written relative to the release file: "media/photo.jpg".  Each
 * one must name a regular, readable file inside the release's directory.
 * Refused, each with an error naming the release file and the front-matter
 * line that wrote the path (EX_DATAERR, so nothing is sent): an absolute
 * path or one with a ".." component (a release and its attachments must
 * move together, into the spool too); a path that leaves the directory
 * through a symbolic link (a link to /etc/shadow); a directory, FIFO,
 * socket or device; a file that is missing or unreadable; more than
 * ATTACH_MAX_TOTAL bytes in all.  A file over ATTACH_WARN_SIZE is a warning:
 * many mailboxes refuse large messages.
 *
 * The content type comes from the bytes (libmagic, MAGIC_MIME_TYPE); only
 * when libmagic cannot tell (application/octet-stream, an empty file, no
 * magic database) does the extension decide, from a small table (.pdf
 * .jpg .jpeg .png .docx .xlsx .pptx .zip .csv .txt).  A text file (text/...) that is
 * valid UTF-8 gets "; charset=utf-8".  mime encodes the bytes in base64
 * and writes the name with RFC 2231 and an ASCII fallback.
 */
#ifndef EMBARGO_ATTACH_H
#define EMBARGO_ATTACH_H

#include <stddef.h>

#include "diag.h"
#include "mime.h"
#include "release.h"

/* All attachments of a release together.  Base64 makes them a third
 * larger on the wire (about 20.5 MiB for 15 MiB), which stays under the
 * 25 MB message limit of the large mailbox providers with room for the
 * text and HTML parts. */
#define ATTACH_MAX_TOTAL (15u << 20)
/* One attachment above this is a warning (it is sent all the same). */
#define ATTACH_WARN_SIZE (5u << 20)

struct attachment {
	char *path;         /* as written in the front matter */
	char *relpath;      /* relative to the release's directory, "./" removed */
	char *filename;     /* its last component: the name journalists see */
	char *content_type; /* "application/pdf", "text/csv; charset=utf-8" */
	char *data;         /* the bytes, read once */
	size_t len;
};

struct attachments {
	struct attachment *v;
	size_t n;
	struct mime_attachment *mime; /* n views of v for mime_compose */
	size_t total;                 /* bytes, all of them */
};

/* Read every attachment of rel (rel->attachments, relative to rel->dir).
 * a is always initialised; free it with attach_free.  Returns 0, or -1
 * with every problem in d (warnings too). */
int attach_load(struct attachments *a, const struct release *rel, struct diags *d);
void attach_free(struct attachments *a);

/* The content type of data as described above; name gives the extension.
 * Malloc'd. */
char *attach_content_type(const char *data, size_t len, const char *name);

/* ---- for the spool snapshot (mailer/send/snapshot.c) ----
 * Write every attachment's bytes to dir/relpath, creating the directories
 * below dir, each file durably (durable_write).  A copy of the release file
 * placed in dir then finds its attachments exactly as the original did.
 * relpath can be any plain relative name ("config.yaml" too), so dir
 * should hold nothing but the release and its attachments.  Returns 0, or
 * -1 with an error in d (EX_CANTCREAT). */
int attach_write(const struct attachments *a, const char *dir, struct diags *d);

#endif
