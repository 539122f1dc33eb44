/*
 * Answers as of a day (--as-of) and as recorded at the end of a day
 * (--as-recorded), over the same queries as today's.
 *
 * The tables hold the registry as it is: each power and unit with its
 * latest attributes, grant_span as the whole log replays.  That is the
 * answer for a day after every dated event and as recorded now, and the
 * queries read it straight (the plain path: nothing here runs but one
 * search).  When the answer differs, because an attribute event takes
 * effect after the day (migration 0015) or something was recorded after
 * the end of --as-recorded's day, the connection gets TEMP views named
 * as the tables: SQLite looks a name up in temp before main, so every
 * query of the db layer (they all name power, unit, grant_span,
 * delegation, attribute_change and import_run unqualified) reads the
 * registry as it stood, and no query is written twice.  The views name
 * main's tables explicitly; the schema's own views (positive_list ...)
 * are main's and read main's tables, as analysts expect.
 *
 * TEMP, not a migration, for the reasons of db_import.c's scratch tables:
 * they belong to one connection and one answer, live outside the file,
 * are never journaled, and go when the connection closes.  SQLite keeps
 * the temp database in its own small page cache and past it in a file it
 * unlinks as it opens it (as out_table.c spills a large table), so that a
 * million moved rows stay within the 32 MiB bound and nothing appears
 * beside the registry.  Their definitions are
 * fixed strings; the day and the cuts are rows of temp.as_of_day, bound.
 *
 * A power's or unit's attribute on day D as recorded by run R (the last
 * import run recorded by the end of --as-recorded's day, else the last
 * run): the events of that attribute form a chain, each one's old value
 * the one before's new value (an import compares with the row as it is).
 * The event that holds is the last, in the order recorded, of those by R
 * that hold by D (no date, i.e. a correction or a change recorded before
 * migration 0015, holds from the start); with none, the value before the
 * first event.  An import refuses a change dated before a later-dated one
 * of the same attribute (db_import.c), so the order recorded is the order
 * of dates after the last correction.  A row exists from its 'added'
 * event's date and run; a row without one was added before migration
 * 0015 and, as recorded, exists from the first import of its table (the
 * run that added it is not known: said in the man page).
 *
 * A grant as recorded at entry S (the last recorded by the end of the
 * day): each delegate or entrust entry by S starts one, the first revoke
 * of the same unit or cancel of the power by S after it in the log's
 * order (effective date, then seq) ends it: replay() of the log as it
 * stood, which was checked when each entry was appended.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "db_internal.h"

/* The day, the recorded day (NULL: now) and the cuts, in one row. */
#define AS_OF(col)	"(SELECT " col " FROM temp.as_of_day)"

/* Event C (of attribute_change) holds on the day, recorded by the cut. */
#define HOLDS(c) \
	"(" c ".import_run <= " AS_OF("run_cut") " AND (" c ".effective " \
	"IS NULL OR " c ".effective <= " AS_OF("day") "))"

/*
 * Attribute ATTR of the ENTITY whose code is CODE (alias T) on the day:
 * the value of the event that holds, else the value before the first
 * event; the row's own when it has none.  Only an attribute of a row in
 * temp.as_of_moved has an event that does not hold: any other keeps its
 * value with one search of that table, in memory.  char(1), which no value may hold, stands
 * for a NULL value (a unit's cleared parent).
 */
#define ATTR(entity, t, attr) \
	"CASE WHEN " t ".code IN (SELECT code FROM temp.as_of_moved\n" \
	"    WHERE entity = '" entity "' AND attribute = '" attr "')\n" \
	"    THEN nullif(coalesce((\n" \
	"    SELECT coalesce(CASE WHEN " HOLDS("c") " THEN c.new_value\n" \
	"        ELSE c.old_value END, char(1))\n" \
	"    FROM main.attribute_change c WHERE c.entity = '" entity "'\n" \
	"        AND c.code = " t ".code AND c.attribute = '" attr "'\n" \
	"    ORDER BY " HOLDS("c") " DESC,\n" \
	"        CASE WHEN " HOLDS("c") " THEN -c.id ELSE c.id END LIMIT 1),\n" \
	"    " t "." attr "), char(1)) ELSE " t "." attr " END AS " attr

/*
 * The row T of ENTITY exists on the day as recorded: no 'added' event of
 * it that does not hold, and, as recorded, its table imported by then.
 */
#define EXISTS(entity, t, what) \
	"(" t ".code NOT IN (SELECT code FROM temp.as_of_moved\n" \
	"    WHERE entity = '" entity "' AND attribute = 'added')\n" \
	"    OR NOT EXISTS (SELECT 1\n" \
	"    FROM main.attribute_change x WHERE x.entity = '" entity "'\n" \
	"    AND x.code = " t ".code AND x.attribute = 'added'\n" \
	"    AND NOT " HOLDS("x") "))\n" \
	"AND (SELECT min(id) FROM main.import_run WHERE what = '" what "')\n" \
	"    <= " AS_OF("run_cut")

static const char *const replay_views[] = {
	"CREATE TEMP VIEW power AS SELECT p.code AS code,\n"
	"    " ATTR("power", "p", "name") ",\n"
	"    " ATTR("power", "p", "category") ",\n"
	"    " ATTR("power", "p", "department") ",\n"
	"    " ATTR("power", "p", "class") ",\n"
	"    " ATTR("power", "p", "legal_basis") ",\n"
	"    " ATTR("power", "p", "holder") ",\n"
	"    " ATTR("power", "p", "note") ",\n"
	"    p.row_hash AS row_hash\n"
	"FROM main.power p WHERE " EXISTS("power", "p", "powers"),
	"CREATE TEMP VIEW unit AS SELECT u.code AS code,\n"
	"    " ATTR("unit", "u", "name") ", u.kind AS kind,\n"
	"    " ATTR("unit", "u", "parent") ",\n"
	"    " ATTR("unit", "u", "within") ",\n"
	"    u.row_hash AS row_hash\n"
	"FROM main.unit u WHERE " EXISTS("unit", "u", "units"),
};

/* The end of a grant started by entry D: the first that ends it by S. */
#define GRANT_END(col) \
	"(SELECT x." col " FROM main.delegation x WHERE x.power = d.power\n" \
	"    AND x.seq <= " AS_OF("seq_cut") "\n" \
	"    AND (x.mode = 'cancel' OR (x.mode = 'revoke'\n" \
	"        AND x.to_unit = d.to_unit))\n" \
	"    AND (x.effective > d.effective OR (x.effective = d.effective\n" \
	"        AND x.seq > d.seq))\n" \
	"    ORDER BY x.effective, x.seq LIMIT 1)"

/* As recorded: the tables cut where the day ended, grants replayed. */
static const char *const recorded_views[] = {
	"CREATE TEMP VIEW import_run AS SELECT * FROM main.import_run\n"
	"WHERE id <= " AS_OF("run_cut"),
	"CREATE TEMP VIEW attribute_change AS SELECT * FROM\n"
	"    main.attribute_change WHERE import_run <= " AS_OF("run_cut"),
	"CREATE TEMP VIEW delegation AS SELECT * FROM main.delegation\n"
	"WHERE seq <= " AS_OF("seq_cut"),
	"CREATE TEMP VIEW grant_span AS SELECT d.power AS power,\n"
	"    d.to_unit AS to_unit, d.from_unit AS from_unit, d.mode AS mode,\n"
	"    d.seq AS start_seq, d.effective AS start_date,\n"
	"    " GRANT_END("seq") " AS end_seq,\n"
	"    " GRANT_END("effective") " AS end_date\n"
	"FROM main.delegation d WHERE d.seq <= " AS_OF("seq_cut") "\n"
	"    AND d.mode IN ('delegate', 'entrust')",
};

/* Take the views away: the tables answer again. */
static int
drop_views(struct db *db)
{
	static const char *const drops[] = {
		"DROP VIEW IF EXISTS temp.power",
		"DROP VIEW IF EXISTS temp.unit",
		"DROP VIEW IF EXISTS temp.import_run",
		"DROP VIEW IF EXISTS temp.attribute_change",
		"DROP VIEW IF EXISTS temp.delegation",
		"DROP VIEW IF EXISTS temp.grant_span",
	};
	size_t i;
	int rc;

	for (i = 0; i < sizeof(drops) / sizeof(drops[0]); i++)
		if ((rc = db_exec(db, drops[i])) != DB_OK)
			return rc;
	return DB_OK;
}

/* An integer the statement SQL gives for ?1 = DAY, ?2 = REC. */
static int
query_int(struct db *db, const char *sql, const char *day, const char *rec,
    long long *out)
{
	sqlite3_stmt *st;
	int step;

	if ((st = db_prepare(db, sql)) == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, day);
	db_bind_text(st, 2, rec);
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (step != SQLITE_ROW)
		return db_sqlite_fail(db, _("reading the registry as of a date"));
	return DB_OK;
}

/*
 * The last entry of the log recorded by the end of day REC in the
 * registry's zone, into *SEQ (0: none): a binary search by seq, since the
 * log is recorded in time order, a few searches of the primary key where
 * a scan of every entry's time would cost the whole log.
 */
static int
seq_cut(struct db *db, const char *rec, long long *seq)
{
	long long lo = 0, hi, mid, after;
	int rc;

	if ((rc = query_int(db, "SELECT coalesce(max(seq), 0) FROM "
	    "main.delegation", NULL, NULL, &hi)) != DB_OK)
		return rc;
	/* lo is recorded by then (or 0), every seq above hi is not. */
	while (lo < hi) {
		char num[24];

		mid = lo + (hi - lo + 1) / 2;
		snprintf(num, sizeof(num), "%lld", mid);
		if ((rc = query_int(db, "SELECT " DB_LOCAL_DATE("recorded_at")
		    " > ?2 FROM main.delegation WHERE seq >= CAST(?1 AS "
		    "INTEGER) ORDER BY seq LIMIT 1", num, rec, &after)) != DB_OK)
			return rc;
		if (after)
			hi = mid - 1;
		else
			lo = mid;
	}
	*seq = lo;
	return DB_OK;
}

/*
 * Fill temp.as_of_day and temp.as_of_moved for DAY and REC; *NEEDED gets
 * whether the answer differs from the tables', *RECORDED whether it
 * differs as recorded (something was recorded after REC's day).
 */
static int
fill_day(struct db *db, const char *day, const char *rec, int *needed,
    int *recorded)
{
	long long runs, run_cut, seqs, cut = 0, moved;
	sqlite3_stmt *st;
	int rc, bound = SQLITE_OK;

	if ((rc = db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS as_of_day "
	    "(day TEXT, recorded TEXT, run_cut INTEGER, seq_cut INTEGER)")) !=
	    DB_OK || (rc = db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS "
	    "as_of_moved (entity TEXT, attribute TEXT, code TEXT, PRIMARY KEY "
	    "(entity, attribute, code)) WITHOUT ROWID")) != DB_OK ||
	    (rc = db_exec(db, "DELETE FROM temp.as_of_day")) != DB_OK ||
	    (rc = db_exec(db, "DELETE FROM temp.as_of_moved")) != DB_OK)
		return rc;
	if ((rc = query_int(db, "SELECT coalesce(max(id), 0) FROM "
	    "main.import_run", NULL, NULL, &runs)) != DB_OK ||
	    (rc = query_int(db, "SELECT coalesce(max(id), 0) FROM "
	    "main.import_run WHERE ?2 IS NULL OR " DB_LOCAL_DATE("at")
	    " <= ?2", NULL, rec, &run_cut)) != DB_OK ||
	    (rc = query_int(db, "SELECT coalesce(max(seq), 0) FROM "
	    "main.delegation", NULL, NULL, &seqs)) != DB_OK)
		return rc;
	if (rec != NULL && (rc = seq_cut(db, rec, &cut)) != DB_OK)
		return rc;
	if (rec == NULL)
		cut = seqs;
	st = db_prepare(db, "INSERT INTO temp.as_of_day VALUES (?1, ?2, ?3, ?4)");
	if (st == NULL)
		return DB_ERROR;
	db_bind_static(st, 1, day, &bound);
	db_bind_static(st, 2, rec, &bound);
	sqlite3_bind_int64(st, 3, run_cut);
	sqlite3_bind_int64(st, 4, cut);
	rc = bound == SQLITE_OK ? sqlite3_step(st) : bound;
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_sqlite_fail(db, _("reading the registry as of a date"));
	/* Rows with an event that does not hold: dated after, or too late. */
	if ((rc = db_exec(db, "INSERT OR IGNORE INTO temp.as_of_moved "
	    "SELECT entity, attribute, code FROM main.attribute_change WHERE "
	    "effective > " AS_OF("day") " UNION SELECT entity, attribute, code "
	    "FROM main.attribute_change WHERE import_run > " AS_OF("run_cut"))) !=
	    DB_OK ||
	    (rc = query_int(db, "SELECT count(*) FROM temp.as_of_moved", NULL,
	    NULL, &moved)) != DB_OK)
		return rc;
	*recorded = run_cut < runs || cut < seqs;
	*needed = moved > 0 || *recorded;
	return DB_OK;
}

static int
create(struct db *db, const char *const *sql, size_t n)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		if ((rc = db_exec(db, sql[i])) != DB_OK)
			return rc;
	return DB_OK;
}

int
db_as_of(struct db *db, const char *day)
{
	const char *rec = db->as_recorded[0] != '\0' ? db->as_recorded : NULL;
	int rc, needed = 0, recorded = 0;

	if (day == NULL || !sqlite3_db_readonly(db->conn, "main"))
		return DB_OK;
	if (db->shadow_set && strcmp(db->shadow_day, day) == 0)
		return DB_OK;
	if ((rc = drop_views(db)) != DB_OK ||
	    (rc = fill_day(db, day, rec, &needed, &recorded)) != DB_OK)
		return rc;
	if (needed && (rc = create(db, replay_views, sizeof(replay_views) /
	    sizeof(replay_views[0]))) != DB_OK)
		return rc;
	if (recorded && (rc = create(db, recorded_views,
	    sizeof(recorded_views) / sizeof(recorded_views[0]))) != DB_OK)
		return rc;
	snprintf(db->shadow_day, sizeof(db->shadow_day), "%s", day);
	db->shadow_set = 1;
	return DB_OK;
}

void
db_set_as_recorded(struct db *db, const char *day)
{
	snprintf(db->as_recorded, sizeof(db->as_recorded), "%s",
	    day != NULL ? day : "");
	db->shadow_set = 0;
}
