/* The CSV importer: what it imports is written as a list file's YAML that
 * loads back (as csvimport_write checks before it renames). */
#include "config.h"

#include <stdlib.h>

#include "csvimport.h"
#include "fuzz.h"
#include "yamlload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csvimport ci;
	struct diags d;
	csvimport_init(&ci);
	diags_init(&d);
	if (csvimport_parse((const char *)data, size, "fuzz.csv", &ci, &d) == 0) {
		size_t len;
		char *yaml = csvimport_yaml(&ci, "fuzz-list", "a description", &len);
		if (!yaml)
			abort();
		struct value *v = yamlload_buffer(yaml, len, "fuzz-list.yaml", 0, 0, 65, &d);
		if (!v)
			abort();
		value_free(v);
		free(yaml);
	} else if (diags_errors(&d) == 0) {
		abort();
	}
	csvimport_free(&ci);
	diags_free(&d);
	return 0;
}
