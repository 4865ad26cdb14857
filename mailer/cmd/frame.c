/*
 * frame: what every command shares around its work — printing the
 * diagnostics the modules return (the modules never print; see
 * tests/layers.test).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "diag.h"

void cmd_print_diags(const struct diags *d, FILE *fp)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->v[i]);
		fprintf(fp, "embargo: %s\n", s);
		free(s);
	}
}
