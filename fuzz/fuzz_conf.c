/* The configuration loader, on a file (mode 600) holding the input. */
#include "config.h"

#include <stdlib.h>
#include <sys/stat.h>

#include "conf.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_write("embargo.yaml", data, size);
	struct conf c;
	struct diags d;
	diags_init(&d);
	int r = conf_load(path, &c, &d);
	if ((r == 0) != (diags_errors(&d) == 0))
		abort();
	/* conf.h: the directories are always set, errors or not (check prints
	 * its document after a bad configuration) */
	if (!c.lists_dir || !c.templates_dir || !c.suppress_file || (r == 0 && !c.spool_dir))
		abort();
	conf_free(&c);
	diags_free(&d);
	return 0;
}
