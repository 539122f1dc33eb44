/*
 * Recorded times keep the order of the records.  --as-recorded cuts the
 * registry at the end of a day by the times its records were made at
 * (import_run.at, delegation.recorded_at): a record made by a machine
 * whose clock was set back would fall before records made earlier, and
 * the registry "as it stood" on a day would hold what came after it.
 *
 * So a write is never stamped before the last record.  A few minutes
 * behind it (NTP steps a clock by seconds; two machines writing to one
 * registry on a share keep time only so well) it takes the last
 * record's time.  Further behind, it is refused: either this clock is
 * wrong, and is to be put right, or the last record came from a clock
 * that was ahead (a PC keeping Beijing time in a clock read as UTC is 8
 * hours ahead), and waiting for it would stop every clerk; then
 * 'powers --after-last-record' stamps the write with the last record's
 * time, as asked.
 */
#include <stdio.h>
#include <string.h>

#include "db_internal.h"
#include "i18n.h"

/* How far behind the last record a write may be, in seconds. */
#define CLOCK_SLACK	300

void
db_set_after_last(struct db *db, int on)
{
	db->after_last = on;
}

/* SECS as a person reads a gap: days, else hours and minutes. */
static void
gap_text(long long secs, char *buf, size_t size)
{
	long long min = (secs + 59) / 60;

	if (min >= 2 * 24 * 60)
		snprintf(buf, size, _("%lld days"), min / (24 * 60));
	else if (min >= 60)
		snprintf(buf, size, _("%lld h %lld min"), min / 60, min % 60);
	else
		snprintf(buf, size, _("%lld min"), min);
}

int
db_record_time(struct db *db, const char *at, char out[32])
{
	sqlite3_stmt *st;
	char last[32] = "", gap[64];
	long long behind = 0;
	int step;

	snprintf(out, 32, "%s", at);
	/* The last of each: both tables grow in the order of their keys. */
	st = db_prepare(db, "SELECT t, CAST(strftime('%s', t) AS INTEGER) - "
	    "CAST(strftime('%s', ?1) AS INTEGER) FROM (SELECT (SELECT at FROM "
	    "import_run ORDER BY id DESC LIMIT 1) AS t UNION ALL SELECT "
	    "(SELECT recorded_at FROM delegation ORDER BY seq DESC LIMIT 1)) "
	    "WHERE t IS NOT NULL ORDER BY 2 DESC LIMIT 1");
	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, at);
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(last, sizeof(last), "%s",
		    (const char *)sqlite3_column_text(st, 0));
		behind = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return db_sqlite_fail(db, _("reading the time of the last record"));
	if (behind <= 0)
		return DB_OK;
	if (behind <= CLOCK_SLACK || db->after_last) {
		snprintf(out, 32, "%s", last);
		return DB_OK;
	}
	gap_text(behind, gap, sizeof(gap));
	return db_fail(db, _("this machine's clock says %s, %s before the "
	    "registry's last record (%s): set this clock right and try again; "
	    "or, if the machine that made that record had a clock ahead, give "
	    "'powers --after-last-record' to record this at %s, keeping the "
	    "order of the records"), at, gap, last, last);
}
