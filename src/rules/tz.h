#ifndef TZ_H
#define TZ_H

#include <stddef.h>

/*
 * Time zones by IANA name ("Asia/Shanghai"), read from the machine's zone
 * data ($TZDIR, else /usr/share/zoneinfo) with the C library's localtime.
 * SQLite has no zone data, so a registry keeps its zone's UTC offsets as
 * spans (migrations/0005_add_time_zone.sql).
 */

/* The registry's zone when init is given none. */
#define TZ_DEFAULT	"Asia/Shanghai"

/* From SINCE (seconds from 1970, UTC) on, the zone is UTC_OFFSET seconds east. */
struct tz_span {
	long long	since;
	long		utc_offset;
};

/*
 * Whether NAME is an IANA zone the machine knows: a relative name of
 * letters, digits and "/_+-" whose file under the zone folder is TZif
 * data.  Returns 0, or -1 with the reason in WHY (WHYSZ bytes).
 */
int	tz_check(const char *name, char *why, size_t whysz);

/*
 * NAME's offsets from 1970 to 2100, each span where one begins; the first
 * starts at 0001-01-01 with the offset of 1970.  *SPANS (caller frees) gets
 * *N of them.  The process's TZ is put back as it was.  Returns 0, or -1
 * (out of memory).  NAME must have passed tz_check().
 */
int	tz_spans(const char *name, struct tz_span **spans, size_t *n);

#endif
