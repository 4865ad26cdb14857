#include "config.h"

#include <stdio.h>

#include "timefmt.h"

void timefmt_duration(long seconds, char *buf, size_t n)
{
	static const struct {
		long secs;
		const char *unit;
	} units[] = {{86400, "d"}, {3600, "h"}, {60, "min"}, {1, "s"}};
	if (seconds < 0)
		seconds = -seconds;
	if (seconds >= 2 * 86400) {
		snprintf(buf, n, "%ld days", seconds / 86400);
		return;
	}
	for (size_t i = 0; i < 4; i++) {
		if (seconds < units[i].secs && i < 3)
			continue;
		long a = seconds / units[i].secs;
		long rest = seconds % units[i].secs;
		if (i < 3 && rest / units[i + 1].secs > 0)
			snprintf(buf, n, "%ld %s %ld %s", a, units[i].unit, rest / units[i + 1].secs,
			         units[i + 1].unit);
		else
			snprintf(buf, n, "%ld %s", a, units[i].unit);
		return;
	}
}

void timefmt_utc(time_t t, char *buf, size_t n)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%d %H:%M:%S UTC", &tm);
}
