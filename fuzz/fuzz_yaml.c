/* The safe YAML loader on arbitrary bytes, untyped (config, lists, front
 * matter) or typed (spec data) by the input's length. */
#include "config.h"

#include <stdlib.h>

#include "fuzz.h"
#include "yamlload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d;
	diags_init(&d);
	struct value *v = yamlload_buffer((const char *)data, size, "fuzz.yaml", (int)(size % 7), (size & 1) ? YAMLLOAD_TYPED : 0, 65, &d);
	if (!v && diags_errors(&d) == 0)
		abort();
	if (v && diags_errors(&d) != 0)
		abort();
	value_free(v);
	diags_free(&d);
	return 0;
}
