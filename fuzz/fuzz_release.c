/* The release parser: plain text and front matter, read from a file as
 * embargo reads it, with and without a configured timezone. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fuzz.h"
#include "release.h"

/* A fixed clock (2024-03-01T09:00:00Z) for dates written without a year:
 * a crash must reproduce. */
#define FUZZ_NOW 1709283600

static void parse_once(const char *path, const char *tz, enum date_order order, time_t now)
{
	struct release_opts opts = {
	    .time = {.timezone = tz, .date_order = order, .now = now, .max_lateness = 3600}};
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
	parse_once(path, NULL, DATE_ORDER_NONE, 0);
	parse_once(path, "America/New_York", DATE_ORDER_DMY, FUZZ_NOW);
	return 0;
}
