/* The time grammar (timeparse_scan) on one line of arbitrary bytes, with
 * and without a configured timezone and date order.  Checks the result's
 * own promises: spans inside the text, an error message with every error,
 * a zone rule with every instant. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "timeparse.h"

static void scan(const char *text, size_t len, const struct timeparse_opts *o)
{
	struct timeparse_result r;
	timeparse_scan(text, o, &r);
	switch (r.status) {
	case TIMEPARSE_INSTANT: {
		char a[32], b[32];
		if (!r.zone_rule || r.start > r.end || r.end > len || (r.year_rule && !r.year_rule[0]))
			abort();
		timeparse_format_utc(r.instant, a);
		timeparse_format_local(r.instant, r.utc_offset, b);
		break;
	}
	case TIMEPARSE_DATE_ONLY:
		if (r.start > r.end || r.end > len || r.month < 1 || r.month > 12 || r.day < 1 ||
		    r.day > 31)
			abort();
		break;
	case TIMEPARSE_ERROR:
		if (!r.error || !r.error[0] || r.error_at > len || r.year_rule)
			abort();
		break;
	case TIMEPARSE_NONE:
		break;
	}
	timeparse_result_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	size_t len = strlen(text);
	/* a fixed clock (2024-03-01T09:00:00Z) for year-less dates: a crash
	 * must reproduce */
	static const struct timeparse_opts plain = {NULL, DATE_ORDER_NONE, 0, 0};
	static const struct timeparse_opts zoned = {"Europe/London", DATE_ORDER_MDY, 1709283600,
	                                            3600};
	scan(text, len, &plain);
	scan(text, len, &zoned);
	free(text);
	return 0;
}
