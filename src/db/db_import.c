/*
 * Imports of units and powers: an upsert by code that records every
 * changed attribute, row by row.  The checks of the whole import are in
 * db_import_check.c; its import_run row, hash-chained, in db_import_run.c.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "db_internal.h"
#include "grow.h"
#include "hash.h"

const char DB_IMPORT_KEEP[] = "(not given)";

/* changed_row(): the row is as the file says, nothing to write. */
#define ROW_UNCHANGED	1

static const char *const unit_columns[IMPORT_UNIT_FIELDS] = {
	"code", "name", "kind", "parent", "within",
};
static const char *const power_columns[IMPORT_POWER_FIELDS] = {
	"code", "name", "category", "department", "class", "legal_basis",
	"holder", "note",
};

/*
 * The statements of both tables, the same but for the table's name and
 * columns: macros paste them together at compile time, so that every
 * statement is a fixed string and nothing is formatted into SQL.
 */
#define SQL_EMPTY(t)	"SELECT NOT EXISTS (SELECT 1 FROM " t ")"
#define SQL_LINE(t)	"SELECT rowid FROM " t " WHERE code = ?1"
#define SQL_ABSENT(t)	"SELECT code FROM " t " WHERE code NOT IN " \
	"(SELECT code FROM temp.seen) ORDER BY code"
/* The table's digits-only codes with a leading zero, by length. */
#define SQL_ZERO_LENGTHS(t) "SELECT DISTINCT length(code) FROM " t \
	" WHERE code GLOB '0*' AND code NOT GLOB '*[^0-9]*'"
/*
 * The candidates C (line and code) that, padded with zeros (?1) to the
 * length ?2, are a code of the table: in a fresh import every code of the
 * table, its rowid the line; else those in temp.suspect.
 */
#define SQL_ZEROS(t, c)	"SELECT c.line, c.code, t.code FROM (" c ") " \
	"AS c JOIN " t " AS t ON t.code = substr(?1, 1, ?2 - length(c.code)) " \
	"|| c.code WHERE length(c.code) < ?2 ORDER BY c.line"
#define SQL_FRESH_CODES(t) "SELECT rowid AS line, code FROM " t " WHERE " \
	"code NOT GLOB '*[^0-9]*' AND code NOT GLOB '0*'"
#define SQL_SUSPECT_CODES "SELECT line, code FROM temp.suspect"

const struct table_spec import_specs[] = {
	[IMPORT_UNITS] = { "unit", "unit", "units", unit_columns,
	    IMPORT_UNIT_FIELDS, {
		"SELECT name, kind, parent, within, row_hash FROM unit "
		    "WHERE code = ?1",
		"INSERT INTO unit (code, name, kind, parent, within, row_hash) "
		    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		"INSERT INTO unit (rowid, code, name, kind, parent, within, "
		    "row_hash) VALUES (?7, ?1, ?2, ?3, ?4, ?5, ?6)",
		"UPDATE unit SET name = ?2, kind = ?3, parent = ?4, "
		    "within = ?5, row_hash = ?6 WHERE code = ?1",
		SQL_LINE("unit"), SQL_EMPTY("unit"), SQL_ABSENT("unit"),
		SQL_ZERO_LENGTHS("unit"),
		SQL_ZEROS("unit", SQL_FRESH_CODES("unit")),
		SQL_ZEROS("unit", SQL_SUSPECT_CODES),
	} },
	[IMPORT_POWERS] = { "power", "power", "powers", power_columns,
	    IMPORT_POWER_FIELDS, {
		"SELECT name, category, department, class, legal_basis, "
		    "holder, note, row_hash FROM power WHERE code = ?1",
		"INSERT INTO power (code, name, category, department, class, "
		    "legal_basis, holder, note, row_hash) VALUES (?1, ?2, ?3, "
		    "?4, ?5, ?6, ?7, ?8, ?9)",
		"INSERT INTO power (rowid, code, name, category, department, "
		    "class, legal_basis, holder, note, row_hash) VALUES (?10, "
		    "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
		"UPDATE power SET name = ?2, category = ?3, department = ?4, "
		    "class = ?5, legal_basis = ?6, holder = ?7, note = ?8, "
		    "row_hash = ?9 WHERE code = ?1",
		SQL_LINE("power"), SQL_EMPTY("power"), SQL_ABSENT("power"),
		SQL_ZERO_LENGTHS("power"),
		SQL_ZEROS("power", SQL_FRESH_CODES("power")),
		SQL_ZEROS("power", SQL_SUSPECT_CODES),
	} },
};

/* Whether the import's table holds no row: *EMPTY gets 1 or 0. */
static int
table_empty(struct db_import *imp, int *empty)
{
	sqlite3_stmt *st;
	int step;

	if ((st = db_prepare(imp->db, imp->spec->sql.empty)) == NULL)
		return DB_ERROR;
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		*empty = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (step != SQLITE_ROW)
		return db_sqlite_fail(imp->db, _("import"));
	return DB_OK;
}

/*
 * The import's scratch tables, the only DDL outside migrations/: the
 * codes this import has seen (each with its line, to name a duplicate)
 * and the digits-only ones it added without a leading zero (checked for
 * Excel's dropped zeros at the end).  TEMP, not a migration, because they
 * belong to one import on one connection: SQLite keeps them in the
 * connection's temp database, outside the registry file, so they are
 * never journaled, never seen by another connection, by verify's schema
 * check or by 'powers schema', and go when the connection closes.  Not a
 * set in memory, because a temp table spills to a file: 1M codes with
 * their lines stay within the 32 MiB a large import may use.  A fresh
 * import needs neither: the table itself holds the codes seen.
 */
static int
scratch_tables(struct db *db)
{
	int rc;

	if ((rc = db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS seen "
	    "(code TEXT PRIMARY KEY, line INTEGER NOT NULL) "
	    "WITHOUT ROWID")) != DB_OK ||
	    (rc = db_exec(db, "DELETE FROM temp.seen")) != DB_OK ||
	    (rc = db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS suspect "
	    "(code TEXT PRIMARY KEY, line INTEGER NOT NULL) "
	    "WITHOUT ROWID")) != DB_OK ||
	    (rc = db_exec(db, "DELETE FROM temp.suspect")) != DB_OK)
		return rc;
	return DB_OK;
}

int
db_import_begin(struct db *db, enum import_what what,
    const struct import_column *cols, struct db_import **out)
{
	struct db_import *imp;
	int rc;

	*out = NULL;
	if ((imp = calloc(1, sizeof(*imp))) == NULL)
		return db_fail(db, _("out of memory"));
	imp->db = db;
	imp->spec = &import_specs[what];
	imp->cols = cols;
	if ((rc = db_begin(db)) != DB_OK) {
		free(imp);
		return rc;
	}
	*out = imp;
	if ((rc = db_exec(db, "PRAGMA defer_foreign_keys = ON")) != DB_OK ||
	    (rc = db_bulk_cache(db)) != DB_OK ||
	    (rc = import_load_last_run(imp)) != DB_OK ||
	    (rc = table_empty(imp, &imp->fresh)) != DB_OK)
		return rc;
	imp->change = db_prepare(db, "INSERT INTO attribute_change "
	    "(import_run, entity, code, attribute, old_value, new_value, "
	    "effective) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (imp->fresh) {
		/*
		 * Into an empty table (the first import, and the bulk
		 * load): no lookup before each insert, and no table of the
		 * codes seen besides the table itself.
		 */
		imp->insert = db_prepare(db, imp->spec->sql.insert_line);
		imp->seen_line = db_prepare(db, imp->spec->sql.line);
		if (!imp->change || !imp->insert || !imp->seen_line)
			return DB_ERROR;
		return DB_OK;
	}
	if ((rc = scratch_tables(db)) != DB_OK)
		return rc;
	/* The latest date a change of one attribute holds from. */
	imp->later = db_prepare(db, "SELECT effective, import_run, old_value "
	    "FROM attribute_change WHERE entity = ?1 AND code = ?2 AND "
	    "attribute = ?3 AND effective > ?4 AND id > coalesce((SELECT "
	    "max(id) FROM attribute_change WHERE entity = ?1 AND code = ?2 "
	    "AND attribute = ?3 AND effective IS NULL), 0) ORDER BY id "
	    "LIMIT 1");
	imp->select = db_prepare(db, imp->spec->sql.select);
	imp->insert = db_prepare(db, imp->spec->sql.insert);
	imp->update = db_prepare(db, imp->spec->sql.update);
	imp->seen = db_prepare(db, "INSERT INTO temp.seen (code, line) "
	    "VALUES (?1, ?2)");
	imp->seen_line = db_prepare(db, "SELECT line FROM temp.seen "
	    "WHERE code = ?1");
	imp->suspect = db_prepare(db, "INSERT INTO temp.suspect (code, line) "
	    "VALUES (?1, ?2)");
	if (!imp->later || !imp->select || !imp->insert || !imp->update ||
	    !imp->change ||
	    !imp->seen || !imp->seen_line || !imp->suspect)
		return DB_ERROR;
	return DB_OK;
}

int
db_import_fresh(const struct db_import *imp)
{
	return imp->fresh;
}

void
db_import_free(struct db_import *imp)
{
	if (imp == NULL)
		return;
	sqlite3_finalize(imp->select);
	sqlite3_finalize(imp->insert);
	sqlite3_finalize(imp->update);
	sqlite3_finalize(imp->change);
	sqlite3_finalize(imp->seen);
	sqlite3_finalize(imp->seen_line);
	sqlite3_finalize(imp->suspect);
	sqlite3_finalize(imp->later);
	free(imp->kept);
	free(imp->aheadbuf);
	free(imp);
}

/*
 * Run a statement that returns no row, then reset it.  BOUND is what
 * binding its parameters gave (SQLITE_OK, or the error).  DOING is marked
 * N_() and translated only on failure: gettext() once a row cost 3% of
 * a batch (callgrind).
 */
int
import_step_done(struct db *db, sqlite3_stmt *st, int bound, const char *doing)
{
	int step = bound == SQLITE_OK ? sqlite3_step(st) : bound;

	db_unbind(st);
	if (step != SQLITE_DONE)
		return db_sqlite_fail(db, _(doing));
	return DB_OK;
}

/*
 * The row that has CODE came earlier in this file: find its line with
 * the statement LOOKUP (the seen table, or the table itself in a fresh
 * import) and say so in WHY.  Returns DB_REJECT, the duplicate being the
 * news, or an error.
 */
static int
duplicate(struct db_import *imp, sqlite3_stmt *lookup, const char *code,
    char *why, size_t whysz)
{
	int bound = SQLITE_OK, step;

	db_bind_static(lookup, 1, code, &bound);
	step = bound == SQLITE_OK ? sqlite3_step(lookup) : bound;
	if (step == SQLITE_ROW)
		snprintf(why, whysz, _("code '%s' already on line %lld"), code,
		    sqlite3_column_int64(lookup, 0));
	db_unbind(lookup);
	if (step != SQLITE_ROW)
		return db_sqlite_fail(imp->db, _("import"));
	return DB_REJECT;
}

/* Note the code as seen; DB_REJECT, said in WHY, if it was. */
static int
mark_seen(struct db_import *imp, const char *code, long line, char *why,
    size_t whysz)
{
	int bound = SQLITE_OK, step;

	db_bind_static(imp->seen, 1, code, &bound);
	sqlite3_bind_int64(imp->seen, 2, line);
	step = bound == SQLITE_OK ? sqlite3_step(imp->seen) : bound;
	db_unbind(imp->seen);
	if (step == SQLITE_DONE)
		return DB_OK;
	if ((step & 0xff) != SQLITE_CONSTRAINT)
		return db_sqlite_fail(imp->db, _("import"));
	return duplicate(imp, imp->seen_line, code, why, whysz);
}

/*
 * Whether CODE is all ASCII digits: 0 when not, else 1, or 2 when it
 * starts with a zero.  *LEN gets its length.
 */
static int
digits_only(const char *code, size_t *len)
{
	const char *p;

	for (p = code; *p >= '0' && *p <= '9'; p++)
		;
	*len = (size_t)(p - code);
	if (*p != '\0' || p == code)
		return 0;
	return *code == '0' ? 2 : 1;
}

/* Note the lengths of a digits-only code; 1 when it has no leading zero. */
static int
note_lengths(struct db_import *imp, const char *code)
{
	size_t len;
	int d = digits_only(code, &len);

	if (d == 0 || len >= LEN_BITS)
		return 0;
	if (d == 2) {
		imp->zero_lens |= 1ull << len;
		return 0;
	}
	imp->bare_lens |= 1ull << len;
	return 1;
}

/*
 * Fill the DB_IMPORT_KEEP fields of FIELDS into imp->whole: from the
 * selected row when OLD (its values copied, since the select is reset
 * before the write), else from the columns' defaults.  Returns DB_OK,
 * DB_REJECT (said in WHY) when a new row lacks a field without default,
 * or an error.  *KEPT gets whether any field was DB_IMPORT_KEEP.
 */
static int
fill_kept(struct db_import *imp, const char *const *fields, int old,
    int *kept, char *why, size_t whysz)
{
	const struct table_spec *s = imp->spec;
	size_t need = 0, at = 0, len;
	const char *v;
	int i;

	*kept = 0;
	for (i = 0; i < s->ncolumns; i++) {
		imp->whole[i] = fields[i];
		if (fields[i] != DB_IMPORT_KEEP)
			continue;
		*kept = 1;
		if (old) {
			v = (const char *)sqlite3_column_text(imp->select, i - 1);
			if (v != NULL)
				need += strlen(v) + 1;
		} else if (imp->cols[i].needed) {
			snprintf(why, whysz, _("'%s' is not registered yet, and a "
			    "new %s needs its %s, which the file does not give"),
			    fields[0], s->entity, imp->cols[i].label);
			return DB_REJECT;
		} else
			imp->whole[i] = imp->cols[i].dflt;
	}
	if (!old || need == 0) {
		for (i = 0; i < s->ncolumns && old; i++)
			if (fields[i] == DB_IMPORT_KEEP)
				imp->whole[i] = NULL;
		return DB_OK;
	}
	if (grow_array(&imp->kept, &imp->keptcap, need, 1, 256) == -1)
		return db_fail(imp->db, _("out of memory"));
	for (i = 1; i < s->ncolumns; i++) {
		if (fields[i] != DB_IMPORT_KEEP)
			continue;
		v = (const char *)sqlite3_column_text(imp->select, i - 1);
		if (v == NULL) {
			imp->whole[i] = NULL;
			continue;
		}
		len = strlen(v) + 1;
		memcpy(imp->kept + at, v, len);
		imp->whole[i] = imp->kept + at;
		at += len;
	}
	return DB_OK;
}

/*
 * A unit's kind never changes (a unit that becomes another kind is a new
 * unit): the entries already logged for it were checked against it.
 */
static int
kind_kept(struct db_import *imp, const char *const *fields, char *why,
    size_t whysz)
{
	const char *old;

	if (imp->spec != &import_specs[IMPORT_UNITS] ||
	    fields[2] == DB_IMPORT_KEEP)
		return DB_OK;
	old = (const char *)sqlite3_column_text(imp->select, 1);
	if (old == NULL || strcmp(old, fields[2]) == 0)
		return DB_OK;
	snprintf(why, whysz, _("unit '%s' is a %s and cannot become a %s: a "
	    "unit's kind never changes, so a unit that becomes another kind "
	    "is a new unit: give it a new code"), fields[0], old, fields[2]);
	return DB_REJECT;
}

/*
 * A row of a fresh import (the table was empty at the start): insert it,
 * its line as its rowid.  A code the table already holds came earlier in
 * this very file, so the primary key finds a duplicate, and the rowid of
 * the row it collides with is the line to name.  H is the row's hash.
 */
static int
add_fresh(struct db_import *imp, const char *const *fields, long line,
    const unsigned char *h, char *why, size_t whysz)
{
	const struct table_spec *s = imp->spec;
	sqlite3_stmt *st = imp->insert;
	int i, step, bound = SQLITE_OK;

	for (i = 0; i < s->ncolumns; i++)
		db_bind_static(st, i + 1, fields[i], &bound);
	sqlite3_bind_blob(st, s->ncolumns + 1, h, HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(st, s->ncolumns + 2, line);
	step = bound == SQLITE_OK ? sqlite3_step(st) : bound;
	db_unbind(st);
	if (step == SQLITE_CONSTRAINT_PRIMARYKEY)
		return duplicate(imp, imp->seen_line, fields[0], why, whysz);
	if (step != SQLITE_DONE)
		return db_sqlite_fail(imp->db, _("import"));
	imp->counts.rows++;
	imp->counts.added++;
	note_lengths(imp, fields[0]);
	/* A large first import: the indexes built after its rows. */
	if (db_bulk_due(imp->counts.rows, 0) &&
	    db_bulk_defer(imp->db, s->table) != DB_OK)
		return DB_ERROR;
	/* Into an empty table only a date given makes it an event. */
	return imp->added_given ? import_record_added(imp, fields[0]) : DB_OK;
}

int
db_import_hash(enum import_what what, const char *const *fields,
    unsigned char h[HASH_LEN])
{
	const struct table_spec *s = &import_specs[what];

	return hash_fields(s->table, NULL, fields, (size_t)s->ncolumns, h);
}

int
db_import_row(struct db_import *imp, const char *const *fields, long line,
    char *why, size_t whysz)
{
	unsigned char h[HASH_LEN];

	if (hash_fields(imp->spec->table, NULL, fields,
	    (size_t)imp->spec->ncolumns, h) != 0)
		return db_fail(imp->db, _("sha-256 failed"));
	return db_import_hashed(imp, fields, h, line, why, whysz);
}

/* Hash imp->whole into H again, once its kept fields are filled. */
static int
rehash(struct db_import *imp, unsigned char h[HASH_LEN])
{
	if (hash_fields(imp->spec->table, NULL, imp->whole,
	    (size_t)imp->spec->ncolumns, h) != 0)
		return db_fail(imp->db, _("sha-256 failed"));
	return DB_OK;
}

/* A new digits-only code without a leading zero, to check at the end. */
static int
add_suspect(struct db_import *imp, const char *code, long line)
{
	int bound = SQLITE_OK, rc;

	db_bind_static(imp->suspect, 1, code, &bound);
	sqlite3_bind_int64(imp->suspect, 2, line);
	if ((rc = import_step_done(imp->db, imp->suspect, bound,
	    N_("import"))) == DB_OK)
		imp->nsuspect++;
	return rc;
}

/*
 * The selected row (imp->select, reset here) against the file's ROW and
 * its hash H: the same, counted unchanged (ROW_UNCHANGED);
 * else each change recorded, the attributes a later-dated change holds
 * already kept (*ROW and *H then point at the row to write, its hash in
 * MINE), the old row's hash taken out of the table's digest.
 */
static int
changed_row(struct db_import *imp, const char *const **row,
    const unsigned char **h, unsigned char *mine, char *why, size_t whysz)
{
	const struct table_spec *s = imp->spec;
	unsigned char *digest = imp->digest[s == &import_specs[IMPORT_POWERS]];
	const void *old = sqlite3_column_blob(imp->select, s->ncolumns - 1);
	int hashed = old != NULL && sqlite3_column_bytes(imp->select,
	    s->ncolumns - 1) == HASH_LEN;
	unsigned keep;
	int rc;

	if (hashed && memcmp(old, *h, HASH_LEN) == 0) {
		rc = ROW_UNCHANGED;
		goto unchanged;
	}
	rc = import_record_changes(imp, *row, &keep, why, whysz);
	if (rc == DB_OK && keep != 0 &&
	    (rc = import_keep_ahead(imp, *row, keep)) == DB_OK) {
		*row = imp->ahead;
		if (hash_fields(s->table, NULL, *row, (size_t)s->ncolumns,
		    mine) != 0)
			rc = db_fail(imp->db, _("sha-256 failed"));
		*h = mine;
		/* Only what a later change holds already: unchanged. */
		if (rc == DB_OK && hashed && memcmp(old, *h, HASH_LEN) == 0) {
			rc = ROW_UNCHANGED;
			goto unchanged;
		}
	}
	if (rc == DB_OK && hashed)
		hash_xor(digest, old);
	db_unbind(imp->select);
	if (rc == DB_OK)
		imp->counts.changed++;
	return rc;
unchanged:
	db_unbind(imp->select);
	imp->counts.unchanged++;
	return rc;
}

int
db_import_hashed(struct db_import *imp, const char *const *fields,
    const unsigned char *given, long line, char *why, size_t whysz)
{
	const struct table_spec *s = imp->spec;
	unsigned char *digest = imp->digest[s == &import_specs[IMPORT_POWERS]];
	unsigned char mine[HASH_LEN];
	const unsigned char *h = given;
	const char *const *row;
	sqlite3_stmt *write;
	int i, rc, step, bound, kept;

	if (imp->fresh) {
		if ((rc = fill_kept(imp, fields, 0, &kept, why, whysz)) !=
		    DB_OK || (kept && (rc = rehash(imp, mine)) != DB_OK))
			return rc;
		if (kept)
			h = mine;
		if ((rc = add_fresh(imp, imp->whole, line, h, why, whysz)) ==
		    DB_OK)
			hash_xor(digest, h);
		return rc;
	}
	if ((rc = mark_seen(imp, fields[0], line, why, whysz)) != DB_OK)
		return rc;
	imp->counts.rows++;

	bound = SQLITE_OK;
	db_bind_static(imp->select, 1, fields[0], &bound);
	step = bound == SQLITE_OK ? sqlite3_step(imp->select) : bound;
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		db_unbind(imp->select);
		return db_sqlite_fail(imp->db, _("import"));
	}
	if ((step == SQLITE_ROW &&
	    (rc = kind_kept(imp, fields, why, whysz)) != DB_OK) ||
	    (rc = fill_kept(imp, fields, step == SQLITE_ROW, &kept, why,
	    whysz)) != DB_OK || (kept && (rc = rehash(imp, mine)) != DB_OK)) {
		db_unbind(imp->select);
		return rc;
	}
	if (kept)
		h = mine;
	row = imp->whole;
	if (step == SQLITE_ROW) {
		/* *ROW and H become what is written, if anything. */
		if ((rc = changed_row(imp, &row, &h, mine, why, whysz)) != DB_OK)
			return rc == ROW_UNCHANGED ? DB_OK : rc;
		write = imp->update;
	} else {
		db_unbind(imp->select);
		if (note_lengths(imp, row[0]) &&
		    (rc = add_suspect(imp, row[0], line)) != DB_OK)
			return rc;
		write = imp->insert;
		imp->counts.added++;
		if ((rc = import_record_added(imp, row[0])) != DB_OK)
			return rc;
	}
	bound = SQLITE_OK;
	for (i = 0; i < s->ncolumns; i++)
		db_bind_static(write, i + 1, row[i], &bound);
	sqlite3_bind_blob(write, s->ncolumns + 1, h, HASH_LEN, SQLITE_STATIC);
	if ((rc = import_step_done(imp->db, write, bound, N_("import"))) != DB_OK)
		return rc;
	hash_xor(digest, h);
	return DB_OK;
}
