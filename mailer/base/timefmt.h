/*
 * timefmt: durations and instants as people read them ("3 h 12 min",
 * "2023-08-14 16:00:00 UTC").
 */
#ifndef EMBARGO_TIMEFMT_H
#define EMBARGO_TIMEFMT_H

#include <stddef.h>
#include <time.h>

/* "1200 days", "1 d 3 h", "3 h 12 min", "45 min", "12 s". */
void timefmt_duration(long seconds, char *buf, size_t n);

/* "2023-08-14 16:00:00 UTC" */
void timefmt_utc(time_t t, char *buf, size_t n);

#endif
