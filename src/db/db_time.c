/*
 * The registry's time zone: its name and UTC offsets (time_zone and
 * time_zone_offset, migrations/0005_add_time_zone.sql), and today there.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "db_internal.h"
#include "tz.h"

int
db_time_zone_set(struct db *db, const char *name, const struct tz_span *spans,
    size_t n)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	if ((rc = db_begin(db)) != DB_OK)
		return rc;
	if ((rc = db_exec(db, "DELETE FROM time_zone_offset")) != DB_OK)
		goto out;
	rc = DB_ERROR;
	if ((st = db_prepare(db, "UPDATE time_zone SET name = ?1")) == NULL)
		goto out;
	db_bind_text(st, 1, name);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = db_sqlite_fail(db, _("setting the time zone"));
		goto out;
	}
	sqlite3_finalize(st);
	st = db_prepare(db, "INSERT INTO time_zone_offset (since, utc_offset) "
	    "VALUES (?1, ?2)");
	if (st == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, spans[i].since);
		sqlite3_bind_int64(st, 2, spans[i].utc_offset);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = db_sqlite_fail(db, _("setting the time zone"));
			goto out;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	st = NULL;
	return db_commit(db);
out:
	sqlite3_finalize(st);
	db_rollback(db);
	return rc;
}

int
db_utc_offset(struct db *db, long long t, long *offset)
{
	sqlite3_stmt *st;
	int step;

	st = db_prepare(db, "SELECT utc_offset FROM time_zone_offset "
	    "WHERE since <= ?1 ORDER BY since DESC LIMIT 1");
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, t);
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		*offset = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (step == SQLITE_DONE)
		return db_fail(db, _("registry '%s' has no UTC offset for its "
		    "time zone (table time_zone_offset): restore it from a "
		    "backup"), db->path);
	if (step != SQLITE_ROW)
		return db_sqlite_fail(db, _("reading the time zone"));
	return DB_OK;
}

int
db_today(struct db *db, char out[11])
{
	long long now = db_clock();
	time_t t;
	struct tm tm;
	long offset;
	int rc;

	if ((rc = db_utc_offset(db, now, &offset)) != DB_OK)
		return rc;
	t = (time_t)(now + offset);
	if (gmtime_r(&t, &tm) == NULL)
		return db_fail(db, _("the clock is out of range"));
	strftime(out, 11, "%Y-%m-%d", &tm);
	return DB_OK;
}
