/*
 * frame: what every command shares around its work — printing the
 * diagnostics the modules return (the modules never print; see
 * tests/layers.test).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "deliver.h"
#include "diag.h"

void cmd_print_diags(const struct diags *d, FILE *fp)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->v[i]);
		fprintf(fp, "embargo: %s\n", s);
		free(s);
	}
}

/* Why recipients ended other than sent: each distinct reply once, with
 * its count, under the summary line (`--test` is how an admin checks the
 * relay: it must say what the relay said). */
void cmd_print_reasons(const struct deliver_stats *st, FILE *fp)
{
	for (size_t i = 0; i < st->nwhy; i++)
		fprintf(fp, "  %s %zu: %s\n", st->why[i].outcome, st->why[i].count,
		        st->why[i].text);
	if (st->why_other)
		fprintf(fp,
		        "  %zu more for other reasons: embargo status ID lists each recipient\n",
		        st->why_other);
}
