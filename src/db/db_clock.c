/*
 * Recorded times keep the order of the records.  --as-recorded cuts the
 * registry at the end of a day by the times its records were made at
 * (import_run.at, delegation.recorded_at): a record made by a machine
 * whose clock was set back would fall before records made earlier, and
 * the registry "as it stood" on a day would hold what came after it.
 * So a write whose time is well behind the last record is refused, and
 * the clock, not the registry, is to be put right.  A few minutes behind
 * is let through: NTP steps a clock by seconds, and two machines writing
 * to one registry on a share keep time only so well.
 */
#include <stdio.h>
#include <string.h>

#include "db_internal.h"
#include "i18n.h"

/* How far behind the last record a new one may be, in seconds. */
#define CLOCK_SLACK	300

int
db_clock_check(struct db *db, const char *at)
{
	sqlite3_stmt *st;
	char last[32] = "";
	long long behind = 0;
	int step;

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
	if (behind <= CLOCK_SLACK)
		return DB_OK;
	return db_fail(db, _("this machine's clock says %s, %lld minutes before "
	    "the registry's last record (%s): set the clock right and try "
	    "again; records keep the order they were made in"), at,
	    (behind + 59) / 60, last);
}
