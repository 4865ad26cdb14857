#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "diag.h"
#include "util.h"

void diags_init(struct diags *d)
{
	memset(d, 0, sizeof *d);
}

void diags_free(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
		free(d->v[i].hint);
	}
	free(d->v);
	diags_init(d);
}

static void diags_vadd(struct diags *d, enum diag_level level, int status, const char *file,
                       int line, int col, const char *hint, const char *fmt, va_list ap)
{
	d->v = xgrow(d->v, &d->cap, d->n + 1, sizeof *d->v);
	struct diag *g = &d->v[d->n++];
	g->level = level;
	g->status = status;
	g->file = file ? xstrdup(file) : NULL;
	g->line = line;
	g->col = col;
	g->msg = xvasprintf(fmt, ap);
	g->hint = hint ? xstrdup(hint) : NULL;
	g->plain = false;
}

int diag_error(struct diags *d, int status, const char *file, int line, int col,
               const char *hint, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diags_vadd(d, DIAG_ERROR, status, file, line, col, hint, fmt, ap);
	va_end(ap);
	return -1;
}

int diag_plain(struct diags *d, int status, const char *hint, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diags_vadd(d, DIAG_ERROR, status, NULL, 0, 0, hint, fmt, ap);
	va_end(ap);
	d->v[d->n - 1].plain = true;
	return -1;
}

void diag_warning(struct diags *d, const char *file, int line, int col, const char *hint,
                  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diags_vadd(d, DIAG_WARNING, 0, file, line, col, hint, fmt, ap);
	va_end(ap);
}

size_t diags_errors(const struct diags *d)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		n += d->v[i].level == DIAG_ERROR;
	return n;
}

int diags_status(const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].level == DIAG_ERROR)
			return d->v[i].status ? d->v[i].status : EX_DATAERR;
	return 0;
}

void diags_move(struct diags *dst, struct diags *src)
{
	for (size_t i = 0; i < src->n; i++) {
		dst->v = xgrow(dst->v, &dst->cap, dst->n + 1, sizeof *dst->v);
		dst->v[dst->n++] = src->v[i];
	}
	free(src->v);
	diags_init(src);
}

char *diag_format(const struct diag *g)
{
	struct strbuf sb;
	strbuf_init(&sb);
	if (g->file) {
		strbuf_adds(&sb, g->file);
		if (g->line > 0) {
			strbuf_addf(&sb, ":%d", g->line);
			if (g->col > 0)
				strbuf_addf(&sb, ":%d", g->col);
		}
		strbuf_adds(&sb, ": ");
	}
	if (!g->plain)
		strbuf_adds(&sb, g->level == DIAG_ERROR ? "error: " : "warning: ");
	strbuf_adds(&sb, g->msg);
	if (g->hint) {
		strbuf_adds(&sb, "\n  hint: ");
		strbuf_adds(&sb, g->hint);
	}
	return strbuf_detach(&sb, NULL);
}

