/* The Mustache engine.  The input is split at NUL bytes into a template, a
 * YAML context (typed, as the spec data is) and a partial's text; the
 * partial called "self" is the template itself (recursion), any other name
 * is the third part.  The template is compiled, rendered and walked by the
 * lint walker. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "mustache.h"
#include "yamlload.h"

struct parts {
	const char *tmpl, *partial;
	size_t tlen, plen;
	bool has_partial;
};

static int load_partial(void *arg, const char *name, char **text, size_t *len, char **file,
                        struct diags *d)
{
	const struct parts *p = arg;
	const char *src = p->partial;
	size_t n = p->plen;
	if (strcmp(name, "self") == 0) {
		src = p->tmpl;
		n = p->tlen;
	} else if (!p->has_partial) {
		return 1;
	}
	*text = malloc(n + 1);
	if (!*text)
		abort();
	if (n)
		memcpy(*text, src, n);
	(*text)[n] = '\0';
	*len = n;
	*file = strdup(name);
	return 0;
}

static void on_name(void *arg, const char *file, int line, int col, const char *name,
                    const char *const *sections, size_t nsections)
{
	if (!name || (nsections && !sections))
		abort();
}

static void run(const struct parts *p, const char *ctx_text, size_t ctx_len, bool html)
{
	struct diags d;
	diags_init(&d);
	struct mustache_opts o = {.escape_html = html, .partial = load_partial,
	                          .partial_arg = (void *)p};
	struct value *ctx = yamlload_buffer(ctx_text, ctx_len, "ctx", 0, YAMLLOAD_TYPED, 65, &d);
	struct mustache *m = mustache_compile("t.mustache", p->tmpl, p->tlen, &o, &d);
	if (m) {
		struct strbuf out;
		strbuf_init(&out);
		mustache_render(m, ctx, &out, &d);
		strbuf_release(&out);
		mustache_names(m, on_name, NULL, &d);
		mustache_free(m);
	}
	value_free(ctx);
	diags_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *rest, *rest2;
	size_t alen, restlen, blen, rest2len;
	fuzz_split(data, size, &rest, &restlen, &alen);
	struct parts p = {.tmpl = (const char *)data, .tlen = alen};
	const char *ctx = "";
	blen = 0;
	if (rest) {
		fuzz_split(rest, restlen, &rest2, &rest2len, &blen);
		ctx = (const char *)rest;
		if (rest2) {
			p.partial = (const char *)rest2;
			p.plen = rest2len;
			p.has_partial = true;
		}
	}
	run(&p, ctx, blen, size & 1);
	return 0;
}
