/* The list loader and the suppression file: the input up to the first NUL
 * is a list file, the rest a suppression file; the audience of the list is
 * built against it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lists.h"
#include "recipients.h"
#include "smtp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *rest;
	size_t alen, restlen;
	fuzz_split(data, size, &rest, &restlen, &alen);
	char *path = strdup(fuzz_write("list.yaml", data, alen));
	char *supp = strdup(fuzz_write("suppressed.txt", rest ? rest : data, rest ? restlen : 0));
	struct diags d;
	diags_init(&d);
	struct list *l = list_load(path, fuzz_dir(), &d);
	if (l) {
		for (size_t i = 0; i < l->n; i++) {
			const char *e = l->r[i].email;
			if (e[0] != '"' && !smtp_envelope_ok(e))
				abort(); /* see fuzz_address.c for quoted local parts */
			if (l->r[i].name && strpbrk(l->r[i].name, "\r\n"))
				abort();
		}
		struct audience a;
		struct list *const lists[] = {l};
		if (audience_build(lists, 1, supp, &a, &d) == 0)
			audience_free(&a);
		list_free(l);
	} else if (diags_errors(&d) == 0) {
		abort();
	}
	diags_free(&d);
	free(path);
	free(supp);
	return 0;
}
