/*
 * The queries behind 'export': powers, grants and the log for files that
 * scheduled jobs pick up, the read transaction they share, and the
 * manifest that describes a file written.
 *
 * Every query orders its rows completely (by a key), so that the same
 * registry always gives the same bytes; none reads the clock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "db_internal.h"
#include "hash.h"

/*
 * Every attribute of each power, its note included, and who exercises it
 * on :as_of: the units holding a live grant, in code order, with how they
 * got it, else the holder.  The three exercised_* columns are lists in
 * the same order.  --unit: exercised by (or held by) the unit; --kind: by
 * a unit of the kind; --department: the department's powers; the terms
 * are 'list''s (db_power_query()), and the columns powers_readable's.
 */
static const char export_powers[] =
    "SELECT p.code AS code, p.name AS name, p.category AS category_code,\n"
    "    c.name AS category, p.department AS department_code,\n"
    "    d.name AS department, p.class, p.legal_basis,\n"
    "    p.holder AS holder_code, h.name AS holder, p.note,\n"
    "    coalesce((SELECT group_concat(code, ';') FROM ("
    DB_LIVE_UNITS("u.code", "p.code") "\n"
    "        )), p.holder) AS exercised_by_codes,\n"
    "    coalesce((SELECT group_concat(name, '、') FROM ("
    DB_LIVE_UNITS("u.name", "p.code") "\n"
    "        )), h.name) AS exercised_by,\n"
    "    coalesce((SELECT group_concat(mode, ';') FROM ("
    DB_LIVE_UNITS("g.mode", "p.code") "\n"
    "        )), 'holder') AS exercised_modes\n"
    "FROM power p\n"
    "JOIN category c ON c.code = p.category\n"
    "JOIN unit d ON d.code = p.department\n"
    "JOIN unit h ON h.code = p.holder\n"
    "WHERE 1\n";

/*
 * The grants live on :as_of, one row a grant, with the department of the
 * power and the log entries that started (and, when one is recorded for
 * a later day, will end) it.  Past and future grants are not included:
 * the log export has them all.  --unit, --kind: the unit given the power
 * is that unit, or of that kind; --department: the power's department.
 */
static const char export_grants[] =
    "SELECT g.power_code AS power, g.power_name, g.class,\n"
    "    p.department AS department_code, d.name AS department,\n"
    "    g.unit_code, g.unit_name AS unit, g.unit_kind, g.from_code,\n"
    "    g.from_name AS from_unit,\n"
    "    g.mode, g.document, g.start_date, g.end_date, g.start_seq,\n"
    "    g.end_seq\n"
    "FROM " DB_GRANTS_READABLE " g\n"
    "JOIN power p ON p.code = g.power_code\n"
    "JOIN unit d ON d.code = p.department\n"
    "WHERE " DB_LIVE("g", ":as_of") "\n"
    "  AND (:unit IS NULL OR g.unit_code = :unit)\n"
    "  AND (:kind IS NULL OR g.unit_kind = :kind)\n"
    "  AND (:department IS NULL OR p.department = :department)\n"
    "ORDER BY g.power_code, g.unit_code, g.start_seq";

/*
 * The whole log, readable, in the order it was recorded.  --unit: entries
 * from or to the unit; --kind: to a unit of the kind; --department: on the
 * department's powers.
 */
static const char export_log[] =
    "SELECT l.seq, l.effective, l.power_code AS power, l.power_name,\n"
    "    l.mode, l.from_code, l.from_name AS from_unit, l.to_code,\n"
    "    l.to_name AS to_unit, l.document, l.note, l.recorded_by,\n"
    "    l.recorded_at, l.batch\n"
    "FROM " DB_LOG_READABLE " l\n"
    "JOIN power p ON p.code = l.power_code\n"
    "JOIN unit t ON t.code = l.to_code\n"
    "WHERE (:unit IS NULL OR l.from_code = :unit OR l.to_code = :unit)\n"
    "  AND (:kind IS NULL OR t.kind = :kind)\n"
    "  AND (:department IS NULL OR p.department = :department)\n"
    "ORDER BY l.seq";

int
db_export_rows(struct db *db, const char *what,
    const struct positive_filter *f, db_row_fn *row, void *arg, long *rows)
{
	const struct db_param params[] = {
		{ ":unit", f->unit },
		{ ":kind", f->kind },
		{ ":department", f->department },
		{ ":as_of", f->as_of },
	};
	const struct power_filter pf = {
		.unit = f->unit,
		.kind = f->kind,
		.department = f->department,
		.as_of = f->as_of,
	};
	const char *sql;
	char powers[4096];
	int rc;

	if (strcmp(what, "positive-list") == 0)
		return db_positive_list(db, f, row, arg, rows);
	if (strcmp(what, "powers") == 0) {
		if ((rc = db_power_query(db, export_powers, &pf, powers,
		    sizeof(powers))) != DB_OK)
			return rc;
		sql = powers;
	} else if (strcmp(what, "grants") == 0)
		sql = export_grants;
	else if (strcmp(what, "log") == 0)
		sql = export_log;
	else
		return db_fail(db, _("nothing to export called '%s'"), what);
	return db_query(db, sql, params, sizeof(params) / sizeof(params[0]),
	    row, arg, rows);
}

/*
 * A deferred BEGIN takes no lock; the snapshot starts at the first read,
 * which is done here so that a registry locked past the timeout shows as
 * busy at once, before any output is begun.
 */
int
db_read_begin(struct db *db)
{
	sqlite3_stmt *st;
	int rc, step;

	if ((rc = db_exec(db, "BEGIN")) != DB_OK)
		return rc;
	db->in_tx = 1;
	if ((st = db_prepare(db, "SELECT count(*) FROM sqlite_schema")) == NULL) {
		db_rollback(db);
		return DB_ERROR;
	}
	step = sqlite3_step(st);
	rc = step == SQLITE_ROW ? DB_OK :
	    db_sqlite_fail(db, _("beginning to read"));
	sqlite3_finalize(st);
	if (rc != DB_OK)
		db_rollback(db);
	return rc;
}

/* Nothing was written: COMMIT only ends the snapshot. */
int
db_read_end(struct db *db)
{
	int rc;

	if ((rc = db_exec(db, "COMMIT")) == DB_OK)
		db->in_tx = 0;
	return rc;
}

int
db_unit_name(struct db *db, const char *code, char **name)
{
	sqlite3_stmt *st;
	int step;

	*name = NULL;
	if ((st = db_prepare(db, "SELECT name FROM unit WHERE code = ?1")) == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, code);
	if ((step = sqlite3_step(st)) == SQLITE_ROW &&
	    (*name = db_column_dup(st, 0)) == NULL) {
		sqlite3_finalize(st);
		return db_fail(db, _("out of memory"));
	}
	sqlite3_finalize(st);
	if (step == SQLITE_ROW)
		return DB_OK;
	if (step == SQLITE_DONE) {
		db_fail(db, _("unknown unit '%s'"), code);
		return DB_REJECT;
	}
	return db_sqlite_fail(db, _("looking up a unit"));
}

/*
 * The times are ISO 8601 UTC as db_now() gives them, so the greatest
 * string is the latest time and strftime('%s') reads its "Z".
 */
int
db_changed_at(struct db *db, long long *when)
{
	sqlite3_stmt *st;
	int step;

	*when = 0;
	st = db_prepare(db, "SELECT coalesce(CAST(strftime('%s', max(t)) AS "
	    "INTEGER), 0) FROM (SELECT max(at) AS t FROM import_run "
	    "UNION ALL SELECT max(recorded_at) FROM delegation)");
	if (st == NULL)
		return DB_ERROR;
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		*when = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (step != SQLITE_ROW)
		return db_sqlite_fail(db, _("reading when the registry changed"));
	return DB_OK;
}

int
db_export_manifest(struct db *db, const struct export_manifest *m,
    char **json)
{
	static const char sql[] =
	    "SELECT json_object('program', 'powers', 'version', :version,\n"
	    "    'what', :what, 'format', :format, 'file', :file,\n"
	    "    'unit', :unit, 'kind', :kind, 'department', :department,\n"
	    "    'as_of', :as_of, 'as_recorded', nullif(:as_recorded, ''),\n"
	    "    'rows', CAST(:rows AS INTEGER),\n"
	    "    'bytes', CAST(:bytes AS INTEGER), 'sha256', :sha256,\n"
	    "    'log_entries', CAST(:log_entries AS INTEGER),\n"
	    "    'log_head', nullif(:log_head, ''))";
	char rows[24], bytes[24], entries[24], head[HASH_HEX_LEN + 1];
	const struct db_param params[] = {
		{ ":version", POWERS_VERSION },
		{ ":what", m->what },
		{ ":format", m->format },
		{ ":file", m->file },
		{ ":unit", m->unit },
		{ ":kind", m->kind },
		{ ":department", m->department },
		{ ":as_of", m->as_of },
		{ ":as_recorded", db->as_recorded },
		{ ":rows", rows },
		{ ":bytes", bytes },
		{ ":sha256", m->sha256 },
		{ ":log_entries", entries },
		{ ":log_head", head },
	};
	sqlite3_stmt *st;
	long long count;
	size_t i;
	int pos, rc, step;

	*json = NULL;
	if ((rc = db_log_head(db, &count, head)) != DB_OK)
		return rc;
	snprintf(rows, sizeof(rows), "%ld", m->rows);
	snprintf(bytes, sizeof(bytes), "%lld", m->bytes);
	snprintf(entries, sizeof(entries), "%lld", count);
	if ((st = db_prepare(db, sql)) == NULL)
		return DB_ERROR;
	for (i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
		pos = sqlite3_bind_parameter_index(st, params[i].name);
		if (pos == 0 || db_bind_text(st, pos, params[i].value) !=
		    SQLITE_OK) {
			sqlite3_finalize(st);
			return db_fail(db, _("manifest: binding '%s'"),
			    params[i].name);
		}
	}
	if ((step = sqlite3_step(st)) == SQLITE_ROW &&
	    (*json = db_column_dup(st, 0)) == NULL) {
		sqlite3_finalize(st);
		return db_fail(db, _("out of memory"));
	}
	rc = step == SQLITE_ROW ? DB_OK : db_sqlite_fail(db, _("manifest"));
	sqlite3_finalize(st);
	return rc;
}
