/*
 * unit retire: a unit's membership ends from a date.  Its live grants
 * end that day by revoke entries of the log, appended as delegate
 * appends them (db_log.c), so that the replay and verify need nothing
 * new; the end itself is an import run of units with the unit's
 * attribute changes retired_from, retired_document and retired_note, so
 * that the import chain, and with it head and verify, covers it
 * (migrations/0014_retire_units.sql).  From then on the rules take no
 * grant to it (src/rules/replay.c, through unit_kinds_retired()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "db_log_internal.h"
#include "grow.h"
#include "hash.h"

/*
 * The queries of a retirement, for their plans (tests/check_plan.c): the
 * unit with what refuses it (the powers it holds, through power_by_holder
 * and power_by_department; its first entry on or after the day, through
 * delegation_by_to and delegation_by_from), and its live grants (through
 * grant_span_by_unit).  ?1 is the unit's code, ?2 the day.
 */
#define REFUSAL_SQL \
	"SELECT name, kind, " \
	"(SELECT code FROM power WHERE holder = ?1 UNION ALL " \
	"SELECT code FROM power WHERE department = ?1 LIMIT 1), " \
	"(SELECT seq || ' (' || effective || ', ' || mode || ' of ' || " \
	"power || ')' FROM delegation WHERE (to_unit = ?1 OR " \
	"from_unit = ?1) AND (effective > ?2 OR (effective = ?2 AND " \
	"mode <> 'revoke')) ORDER BY seq LIMIT 1) " \
	"FROM unit WHERE code = ?1"
#define LIVE_SQL \
	"SELECT g.power, g.from_unit FROM grant_span g " \
	"WHERE g.to_unit = ?1 AND " DB_LIVE("g", "?2") " ORDER BY g.power"
const char *const db_unit_retire_queries[] = { REFUSAL_SQL, LIVE_SQL };
const int db_unit_retire_nqueries = 2;

/* A grant live to the unit on the day: its power and its giver. */
struct live {
	char	*power, *from;
};

/*
 * Why R may not be retired, into WHY: DB_REJECT, or DB_OK when it may.
 * NAME gets the unit's name.
 */
static int
refusal(struct db_log *lg, const struct unit_retire *r, char name[256],
    char *why, size_t whysz)
{
	const struct retired *ret;
	sqlite3_stmt *st;
	const char *kind;
	int step, rc = DB_OK;

	if ((st = db_prepare(lg->db, REFUSAL_SQL)) == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, r->code);
	db_bind_text(st, 2, r->effective);
	if ((step = sqlite3_step(st)) != SQLITE_ROW) {
		rc = step == SQLITE_DONE ? db_fail(lg->db, _("no unit '%s'"),
		    r->code) : db_sqlite_fail(lg->db, _("reading the unit"));
		goto out;
	}
	snprintf(name, 256, "%s", (const char *)sqlite3_column_text(st, 0));
	kind = (const char *)sqlite3_column_text(st, 1);
	rc = DB_REJECT;
	if (kind == NULL || strcmp(kind, "new_area") == 0 ||
	    strcmp(kind, "department") == 0)
		snprintf(why, whysz, _("'%s' is %s %s: the New Area and its "
		    "departments are never retired, only a new city or a "
		    "street/town"), r->code, kind && strcmp(kind, "new_area") ==
		    0 ? "the" : "a", kind ? kind : "unit of no kind");
	else if ((ret = unit_kinds_retired(&lg->units, r->code)) != NULL)
		snprintf(why, whysz, _("'%s' is retired already from %s by '%s'"),
		    r->code, ret->from, ret->document);
	else if (sqlite3_column_type(st, 2) != SQLITE_NULL)
		snprintf(why, whysz, _("'%s' holds power '%s': give the power "
		    "another holder or department first"), r->code,
		    sqlite3_column_text(st, 2));
	else if (sqlite3_column_type(st, 3) != SQLITE_NULL)
		snprintf(why, whysz, _("'%s' has log entry #%s taking effect on "
		    "or after %s: retire it from a later date"), r->code,
		    sqlite3_column_text(st, 3), r->effective);
	else
		rc = DB_OK;
out:
	sqlite3_finalize(st);
	return rc;
}

static void
live_free(struct live *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].power);
		free(v[i].from);
	}
	free(v);
}

/*
 * The grants live to CODE on DAY, in memory (*V, *N): the revokes that
 * end them rewrite grant_span, which a statement stepping it must not
 * see.  Through grant_span_by_unit, the unit's own rows.
 */
static int
live_grants(struct db *db, const char *code, const char *day,
    struct live **v, size_t *n)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int step, rc = DB_OK;

	*v = NULL;
	*n = 0;
	if ((st = db_prepare(db, LIVE_SQL)) == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, code);
	db_bind_text(st, 2, day);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (grow_array(v, &cap, *n + 1, sizeof(**v), 64) == -1) {
			rc = db_fail(db, _("out of memory"));
			break;
		}
		(*v)[*n].power = db_column_dup(st, 0);
		(*v)[*n].from = db_column_dup(st, 1);
		if ((*v)[(*n)++].from == NULL || (*v)[*n - 1].power == NULL) {
			rc = db_fail(db, _("out of memory"));
			break;
		}
	}
	if (rc == DB_OK && step != SQLITE_DONE)
		rc = db_sqlite_fail(db, _("reading the unit's grants"));
	sqlite3_finalize(st);
	return rc;
}

/* One attribute change of the retirement, in run IMP's. */
static int
change(struct db_import *imp, sqlite3_stmt *st, const char *code,
    const char *attribute, const char *value)
{
	int bound = SQLITE_OK;

	sqlite3_bind_int64(st, 1, imp->run_id);
	db_bind_static(st, 2, code, &bound);
	db_bind_static(st, 3, attribute, &bound);
	db_bind_static(st, 4, value, &bound);
	return import_step_done(imp->db, st, bound, N_("recording the retirement"));
}

/*
 * The retirement's import run: a run of units that changes no row of
 * unit (its digests are the last run's), with three attribute changes,
 * chained by db_import_finish() as every import is.  Its sha256 is of
 * the retirement's own fields, as an import's is of its file.
 */
static int
write_run(struct db *db, const struct unit_retire *r)
{
	struct db_import imp;
	struct import_counts counts;
	struct import_meta m;
	sqlite3_stmt *st;
	unsigned char h[HASH_LEN];
	char hex[HASH_HEX_LEN + 1], file[128];
	const char *note = r->note ? r->note : "";
	const char *fields[] = { r->code, r->effective, r->document, note };
	int rc;

	memset(&imp, 0, sizeof(imp));
	imp.db = db;
	imp.spec = &import_specs[IMPORT_UNITS];
	imp.fresh = 1;		/* no row read: none absent */
	/* The changes name the run before it is written, as an import's. */
	if ((rc = db_exec(db, "PRAGMA defer_foreign_keys = ON")) != DB_OK ||
	    (rc = import_load_last_run(&imp)) != DB_OK)
		return rc;
	st = db_prepare(db, "INSERT INTO attribute_change (import_run, "
	    "entity, code, attribute, old_value, new_value) "
	    "VALUES (?1, 'unit', ?2, ?3, NULL, ?4)");
	if (st == NULL)
		return DB_ERROR;
	if ((rc = change(&imp, st, r->code, "retired_from", r->effective)) ==
	    DB_OK && (rc = change(&imp, st, r->code, "retired_document",
	    r->document)) == DB_OK)
		rc = change(&imp, st, r->code, "retired_note", note);
	sqlite3_finalize(st);
	if (rc != DB_OK)
		return rc;
	if (hash_fields("unit retire", NULL, fields, 4, h) != 0)
		return db_fail(db, _("sha-256 failed"));
	hash_hex(h, hex);
	snprintf(file, sizeof(file), "unit retire %s", r->code);
	m.file = file;
	m.sha256 = hex;
	m.encoding = "UTF-8";
	m.dialect = "command line";
	m.operator_name = r->by;
	m.at = r->at;
	imp.counts.rows = imp.counts.changed = 1;
	return db_import_finish(&imp, &m, &counts, NULL, NULL, 0);
}

int
db_unit_retire(struct db *db, const struct unit_retire *r, long *ended,
    char name[256], char *why, size_t whysz)
{
	struct db_log *lg = NULL;
	struct live *v = NULL;
	struct log_row row;
	char batch[160], reason[768];
	size_t i, n = 0;
	int rc;

	*ended = 0;
	name[0] = '\0';
	snprintf(batch, sizeof(batch), "retire:%s:%s", r->code, r->at);
	if ((rc = db_log_begin(db, batch, r->by, r->at, &lg)) != DB_OK ||
	    (rc = refusal(lg, r, name, why, whysz)) != DB_OK ||
	    (rc = live_grants(db, r->code, r->effective, &v, &n)) != DB_OK)
		goto out;
	for (i = 0; i < n; i++) {
		memset(&row, 0, sizeof(row));
		row.power = v[i].power;
		row.from = v[i].from;
		row.to = r->code;
		row.mode = "revoke";
		row.document = r->document;
		row.effective = r->effective;
		row.note = r->note ? r->note : "";
		if ((rc = db_log_add(lg, &row, reason, sizeof(reason))) ==
		    DB_REJECT)
			snprintf(why, whysz, _("power '%s': %s"), v[i].power,
			    reason);
		if (rc != DB_OK)
			goto out;
	}
	*ended = (long)n;
	/* What the rules allow SQLite never refuses: not a rejection. */
	if ((rc = write_run(db, r)) == DB_REJECT)
		rc = DB_ERROR;
out:
	live_free(v, n);
	db_log_free(lg);
	return rc;
}
