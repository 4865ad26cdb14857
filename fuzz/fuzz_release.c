/* The release parser: plain text and front matter, read from a file as
 * embargo reads it, with and without a configured timezone. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "release.h"

static void parse_once(const char *path, const char *tz, enum date_order order)
{
	struct release_opts opts = {.time = {.timezone = tz, .date_order = order}};
	struct release rel;
	if (release_parse(path, &opts, &rel) == 0 && rel.title) {
		char *id = release_make_id(&rel);
		if (!id || (!release_id_ok(id) && id[0]))
			; /* an unusable ID is reported by the command, not here */
		free(id);
	}
	if (rel.nparagraphs && !rel.paragraphs)
		abort();
	/* the decision says what status and instant say (release_decide.c) */
	if (rel.decision) {
		bool held = strncmp(rel.decision, "HELD", 4) == 0;
		bool immediate = strncmp(rel.decision, "IMMEDIATE", 9) == 0;
		bool refused = strncmp(rel.decision, "REFUSED", 7) == 0;
		if (!(held || immediate || refused) ||
		    (held && (!rel.has_instant || rel.status != RELEASE_EMBARGOED)) ||
		    (immediate && rel.status != RELEASE_IMMEDIATE) ||
		    (refused && (!diags_errors(&rel.diags) || rel.status != RELEASE_EMBARGOED)))
			abort();
	}
	release_free(&rel);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_write("release.txt", data, size);
	parse_once(path, NULL, DATE_ORDER_NONE);
	parse_once(path, "America/New_York", DATE_ORDER_DMY);
	return 0;
}
