/*
 * Imports of units and powers: an upsert by code that records every
 * changed attribute, the order-free digest of each table, and one
 * hash-chained import_run row per import.
 */
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "hash.h"
#include "refs.h"

struct table_spec {
	const char		*table;
	const char		*entity;	/* attribute_change.entity */
	const char		*what;		/* import_run.what */
	const char *const	*columns;	/* code first */
	int			 ncolumns;
};

static const char *const unit_columns[IMPORT_UNIT_FIELDS] = {
	"code", "name", "kind", "parent", "within",
};
static const char *const power_columns[IMPORT_POWER_FIELDS] = {
	"code", "name", "category", "department", "class", "legal_basis",
	"holder", "note",
};
static const struct table_spec specs[] = {
	[IMPORT_UNITS] = { "unit", "unit", "units", unit_columns,
	    IMPORT_UNIT_FIELDS },
	[IMPORT_POWERS] = { "power", "power", "powers", power_columns,
	    IMPORT_POWER_FIELDS },
};

struct db_import {
	struct db		*db;
	const struct table_spec	*spec;
	sqlite3_stmt		*select, *insert, *update, *change, *seen,
				*seen_line;
	long long		 run_id;
	unsigned char		 prev_run_hash[HASH_LEN];
	int			 has_prev_run;
	/* XOR of row_hash over each table: [0] units, [1] powers. */
	unsigned char		 digest[2][HASH_LEN];
	struct import_counts	 counts;
};

int
db_refs_load(struct db *db, struct refs *r)
{
	sqlite3_stmt *st;
	enum unit_kind kind;
	int rc = DB_OK, step;

	if ((st = db_prepare(db, "SELECT code, name, kind FROM unit")) == NULL)
		return DB_ERROR;
	while (rc == DB_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (parse_kind((const char *)sqlite3_column_text(st, 2),
		    &kind) != 0 ||
		    refs_add_unit(r, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1), kind) != 0)
			rc = db_fail(db, "loading units: out of memory");
	}
	if (rc == DB_OK && step != SQLITE_DONE)
		rc = db_sqlite_fail(db, "loading units");
	sqlite3_finalize(st);
	if (rc != DB_OK)
		return rc;
	if ((st = db_prepare(db, "SELECT code, name FROM category")) == NULL)
		return DB_ERROR;
	while (rc == DB_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
		if (refs_add_category(r, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1)) != 0)
			rc = db_fail(db, "loading categories: out of memory");
	if (rc == DB_OK && step != SQLITE_DONE)
		rc = db_sqlite_fail(db, "loading categories");
	sqlite3_finalize(st);
	if (rc == DB_OK && refs_sort(r) != 0)
		rc = db_fail(db, "out of memory");
	return rc;
}

/* Build "SELECT a, b FROM t WHERE code = ?1" and its kin from the spec. */
static char *
build_sql(const struct table_spec *s, const char *how)
{
	char buf[1024];
	size_t len = 0;
	int i;

#define ADD(...) len += (size_t)snprintf(buf + len, sizeof(buf) - len, __VA_ARGS__)
	if (strcmp(how, "select") == 0) {
		ADD("SELECT ");
		for (i = 1; i < s->ncolumns; i++)
			ADD("%s, ", s->columns[i]);
		ADD("row_hash FROM %s WHERE code = ?1", s->table);
	} else if (strcmp(how, "insert") == 0) {
		ADD("INSERT INTO %s (", s->table);
		for (i = 0; i < s->ncolumns; i++)
			ADD("%s, ", s->columns[i]);
		ADD("row_hash) VALUES (");
		for (i = 0; i < s->ncolumns; i++)
			ADD("?%d, ", i + 1);
		ADD("?%d)", s->ncolumns + 1);
	} else {
		ADD("UPDATE %s SET ", s->table);
		for (i = 1; i < s->ncolumns; i++)
			ADD("%s = ?%d, ", s->columns[i], i + 1);
		ADD("row_hash = ?%d WHERE code = ?1", s->ncolumns + 1);
	}
#undef ADD
	return len < sizeof(buf) ? strdup(buf) : NULL;
}

static sqlite3_stmt *
prepare_built(struct db *db, const struct table_spec *s, const char *how)
{
	char *sql = build_sql(s, how);
	sqlite3_stmt *st;

	if (sql == NULL) {
		db_fail(db, "out of memory");
		return NULL;
	}
	st = db_prepare(db, sql);
	free(sql);
	return st;
}

/* The last import_run: its id, hash and digests, if there is one. */
static int
load_last_run(struct db_import *imp)
{
	sqlite3_stmt *st;
	int step;

	st = db_prepare(imp->db, "SELECT id, hash, units_digest, "
	    "powers_digest FROM import_run ORDER BY id DESC LIMIT 1");
	if (st == NULL)
		return DB_ERROR;
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		imp->run_id = sqlite3_column_int64(st, 0) + 1;
		imp->has_prev_run = 1;
		memcpy(imp->prev_run_hash, sqlite3_column_blob(st, 1), HASH_LEN);
		memcpy(imp->digest[0], sqlite3_column_blob(st, 2), HASH_LEN);
		memcpy(imp->digest[1], sqlite3_column_blob(st, 3), HASH_LEN);
	} else
		imp->run_id = 1;
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return db_sqlite_fail(imp->db, "reading import_run");
	return DB_OK;
}

int
db_import_begin(struct db *db, enum import_what what, struct db_import **out)
{
	struct db_import *imp;
	int rc;

	*out = NULL;
	if ((imp = calloc(1, sizeof(*imp))) == NULL)
		return db_fail(db, "out of memory");
	imp->db = db;
	imp->spec = &specs[what];
	if ((rc = db_begin(db)) != DB_OK) {
		free(imp);
		return rc;
	}
	*out = imp;
	if ((rc = db_exec(db, "PRAGMA defer_foreign_keys = ON")) != DB_OK ||
	    (rc = db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS seen "
	    "(code TEXT PRIMARY KEY, line INTEGER NOT NULL)")) != DB_OK ||
	    (rc = db_exec(db, "DELETE FROM temp.seen")) != DB_OK ||
	    (rc = load_last_run(imp)) != DB_OK)
		return rc;
	imp->select = prepare_built(db, imp->spec, "select");
	imp->insert = prepare_built(db, imp->spec, "insert");
	imp->update = prepare_built(db, imp->spec, "update");
	imp->change = db_prepare(db, "INSERT INTO attribute_change "
	    "(import_run, entity, code, attribute, old_value, new_value) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	imp->seen = db_prepare(db, "INSERT INTO temp.seen (code, line) "
	    "VALUES (?1, ?2)");
	imp->seen_line = db_prepare(db, "SELECT line FROM temp.seen "
	    "WHERE code = ?1");
	if (!imp->select || !imp->insert || !imp->update || !imp->change ||
	    !imp->seen || !imp->seen_line)
		return DB_ERROR;
	return DB_OK;
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
	free(imp);
}

/* Run a statement that returns no row, then reset it. */
static int
step_done(struct db *db, sqlite3_stmt *st, const char *doing)
{
	int step = sqlite3_step(st);

	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return db_sqlite_fail(db, doing);
	return DB_OK;
}

/* Note the code as seen; DB_REJECT with the earlier line if it was. */
static int
mark_seen(struct db_import *imp, const char *code, long line, long *first)
{
	int step;

	sqlite3_bind_text(imp->seen, 1, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(imp->seen, 2, line);
	step = sqlite3_step(imp->seen);
	sqlite3_reset(imp->seen);
	if (step == SQLITE_DONE)
		return DB_OK;
	if ((step & 0xff) != SQLITE_CONSTRAINT)
		return db_sqlite_fail(imp->db, "import");
	sqlite3_bind_text(imp->seen_line, 1, code, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(imp->seen_line) == SQLITE_ROW)
		*first = sqlite3_column_int(imp->seen_line, 0);
	sqlite3_reset(imp->seen_line);
	return DB_REJECT;
}

static int
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Record each attribute of the selected row that FIELDS change. */
static int
record_changes(struct db_import *imp, const char *const *fields)
{
	const struct table_spec *s = imp->spec;
	sqlite3_stmt *st = imp->change;
	int i, rc;

	for (i = 1; i < s->ncolumns; i++) {
		const char *old = (const char *)sqlite3_column_text(imp->select,
		    i - 1);

		if (same(old, fields[i]))
			continue;
		sqlite3_bind_int64(st, 1, imp->run_id);
		sqlite3_bind_text(st, 2, s->entity, -1, SQLITE_STATIC);
		db_bind_text(st, 3, fields[0]);
		sqlite3_bind_text(st, 4, s->columns[i], -1, SQLITE_STATIC);
		db_bind_text(st, 5, old);
		db_bind_text(st, 6, fields[i]);
		if ((rc = step_done(imp->db, st, "recording a change")) != DB_OK)
			return rc;
	}
	return DB_OK;
}

int
db_import_row(struct db_import *imp, const char *const *fields, long line,
    long *first_line)
{
	const struct table_spec *s = imp->spec;
	unsigned char *digest = imp->digest[s == &specs[IMPORT_POWERS]];
	unsigned char h[HASH_LEN];
	sqlite3_stmt *write;
	int i, rc, step;

	if ((rc = mark_seen(imp, fields[0], line, first_line)) != DB_OK)
		return rc;
	imp->counts.rows++;
	if (hash_fields(s->table, NULL, fields, (size_t)s->ncolumns, h) != 0)
		return db_fail(imp->db, "sha-256 failed");

	db_bind_text(imp->select, 1, fields[0]);
	step = sqlite3_step(imp->select);
	if (step == SQLITE_ROW) {
		const void *old = sqlite3_column_blob(imp->select,
		    s->ncolumns - 1);

		if (old != NULL && sqlite3_column_bytes(imp->select,
		    s->ncolumns - 1) == HASH_LEN &&
		    memcmp(old, h, HASH_LEN) == 0) {
			sqlite3_reset(imp->select);
			imp->counts.unchanged++;
			return DB_OK;
		}
		if (old != NULL && sqlite3_column_bytes(imp->select,
		    s->ncolumns - 1) == HASH_LEN)
			hash_xor(digest, old);
		rc = record_changes(imp, fields);
		sqlite3_reset(imp->select);
		if (rc != DB_OK)
			return rc;
		write = imp->update;
		imp->counts.changed++;
	} else if (step == SQLITE_DONE) {
		sqlite3_reset(imp->select);
		write = imp->insert;
		imp->counts.added++;
	} else {
		sqlite3_reset(imp->select);
		return db_sqlite_fail(imp->db, "import");
	}
	for (i = 0; i < s->ncolumns; i++)
		db_bind_text(write, i + 1, fields[i]);
	sqlite3_bind_blob(write, s->ncolumns + 1, h, HASH_LEN, SQLITE_STATIC);
	if ((rc = step_done(imp->db, write, "import")) != DB_OK)
		return rc;
	hash_xor(digest, h);
	return DB_OK;
}

static int
count_absent(struct db_import *imp, void (*each)(const char *, void *),
    void *arg, long max)
{
	char sql[256];
	sqlite3_stmt *st;
	int step;

	snprintf(sql, sizeof(sql), "SELECT code FROM %s WHERE code NOT IN "
	    "(SELECT code FROM temp.seen) ORDER BY code", imp->spec->table);
	if ((st = db_prepare(imp->db, sql)) == NULL)
		return DB_ERROR;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (each != NULL && imp->counts.absent < max)
			each((const char *)sqlite3_column_text(st, 0), arg);
		imp->counts.absent++;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return db_sqlite_fail(imp->db, "counting absent rows");
	return DB_OK;
}

int
db_import_finish(struct db_import *imp, const struct import_meta *m,
    struct import_counts *counts, void (*each)(const char *, void *),
    void *arg, long max)
{
	char num[5][24], udig[HASH_HEX_LEN + 1], pdig[HASH_HEX_LEN + 1];
	const struct import_counts *c = &imp->counts;
	const long values[5] = {
		c->rows, c->added, c->changed, c->unchanged, c->absent,
	};
	unsigned char h[HASH_LEN];
	sqlite3_stmt *st;
	int rc, i;

	if ((rc = count_absent(imp, each, arg, max)) != DB_OK)
		return rc;
	*counts = imp->counts;
	for (i = 0; i < 5; i++)
		snprintf(num[i], sizeof(num[i]), "%ld", values[i]);
	hash_hex(imp->digest[0], udig);
	hash_hex(imp->digest[1], pdig);
	{
		const char *fields[] = {
			imp->spec->what, m->file, m->sha256, m->encoding,
			m->dialect, num[0], num[1], num[2], num[3], num[4],
			m->operator_name, m->at, udig, pdig,
		};

		if (hash_fields("import_run", imp->has_prev_run ?
		    imp->prev_run_hash : NULL, fields,
		    sizeof(fields) / sizeof(fields[0]), h) != 0)
			return db_fail(imp->db, "sha-256 failed");
	}
	st = db_prepare(imp->db, "INSERT INTO import_run (id, what, file, "
	    "sha256, encoding, dialect, rows, added, changed, unchanged, "
	    "absent, operator, at, units_digest, powers_digest, prev_hash, "
	    "hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
	    "?13, ?14, ?15, ?16, ?17)");
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, imp->run_id);
	db_bind_text(st, 2, imp->spec->what);
	db_bind_text(st, 3, m->file);
	db_bind_text(st, 4, m->sha256);
	db_bind_text(st, 5, m->encoding);
	db_bind_text(st, 6, m->dialect);
	for (i = 0; i < 5; i++)
		sqlite3_bind_int64(st, 7 + i, values[i]);
	db_bind_text(st, 12, m->operator_name);
	db_bind_text(st, 13, m->at);
	sqlite3_bind_blob(st, 14, imp->digest[0], HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(st, 15, imp->digest[1], HASH_LEN, SQLITE_STATIC);
	if (imp->has_prev_run)
		sqlite3_bind_blob(st, 16, imp->prev_run_hash, HASH_LEN,
		    SQLITE_STATIC);
	sqlite3_bind_blob(st, 17, h, HASH_LEN, SQLITE_STATIC);
	rc = step_done(imp->db, st, "recording the import");
	sqlite3_finalize(st);
	return rc;
}
