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
	/*
	 * The table was empty when the import began: every row is new, the
	 * table itself holds the codes seen so far, and each row's rowid is
	 * the line it came from (see add_fresh()).
	 */
	int			 fresh;
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

/*
 * Build "SELECT a, b FROM t WHERE code = ?1" and its kin from the spec:
 * HOW is "select", "insert", "insert_line" (the rowid too), "update",
 * "line" (the rowid of a code) or "empty" (whether the table is).
 * Returns a copy the caller frees, NULL when out of memory.
 */
static char *
build_sql(const struct table_spec *s, const char *how)
{
	char buf[1024];
	size_t len = 0;
	int i, with_line = strcmp(how, "insert_line") == 0;

#define ADD(...) len += (size_t)snprintf(buf + len, sizeof(buf) - len, __VA_ARGS__)
	if (strcmp(how, "select") == 0) {
		ADD("SELECT ");
		for (i = 1; i < s->ncolumns; i++)
			ADD("%s, ", s->columns[i]);
		ADD("row_hash FROM %s WHERE code = ?1", s->table);
	} else if (strcmp(how, "insert") == 0 || with_line) {
		/* insert_line: the rowid is the line, ?N+2. */
		ADD("INSERT INTO %s (", s->table);
		if (with_line)
			ADD("rowid, ");
		for (i = 0; i < s->ncolumns; i++)
			ADD("%s, ", s->columns[i]);
		ADD("row_hash) VALUES (");
		if (with_line)
			ADD("?%d, ", s->ncolumns + 2);
		for (i = 0; i < s->ncolumns; i++)
			ADD("?%d, ", i + 1);
		ADD("?%d)", s->ncolumns + 1);
	} else if (strcmp(how, "line") == 0) {
		ADD("SELECT rowid FROM %s WHERE code = ?1", s->table);
	} else if (strcmp(how, "empty") == 0) {
		ADD("SELECT NOT EXISTS (SELECT 1 FROM %s)", s->table);
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
		/*
		 * A hash of another size was written behind the program's
		 * back: chaining onto it would hide the damage, and copying
		 * it would read past its end.
		 */
		if (sqlite3_column_bytes(st, 1) != HASH_LEN ||
		    sqlite3_column_bytes(st, 2) != HASH_LEN ||
		    sqlite3_column_bytes(st, 3) != HASH_LEN) {
			long long id = sqlite3_column_int64(st, 0);

			sqlite3_finalize(st);
			return db_fail(imp->db, "import #%lld is damaged (a hash "
			    "of the wrong size): run 'powers verify'", id);
		}
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

/* Whether the import's table holds no row: *EMPTY gets 1 or 0. */
static int
table_empty(struct db_import *imp, int *empty)
{
	sqlite3_stmt *st;
	int step;

	if ((st = prepare_built(imp->db, imp->spec, "empty")) == NULL)
		return DB_ERROR;
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		*empty = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (step != SQLITE_ROW)
		return db_sqlite_fail(imp->db, "import");
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
	    (rc = db_bulk_cache(db)) != DB_OK ||
	    (rc = load_last_run(imp)) != DB_OK ||
	    (rc = table_empty(imp, &imp->fresh)) != DB_OK)
		return rc;
	imp->change = db_prepare(db, "INSERT INTO attribute_change "
	    "(import_run, entity, code, attribute, old_value, new_value) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (imp->fresh) {
		/*
		 * Into an empty table (the first import, and the bulk
		 * load): no lookup before each insert, and no table of the
		 * codes seen besides the table itself.
		 */
		imp->insert = prepare_built(db, imp->spec, "insert_line");
		imp->seen_line = prepare_built(db, imp->spec, "line");
		if (!imp->change || !imp->insert || !imp->seen_line)
			return DB_ERROR;
		return DB_OK;
	}
	if ((rc = db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS seen "
	    "(code TEXT PRIMARY KEY, line INTEGER NOT NULL) "
	    "WITHOUT ROWID")) != DB_OK ||
	    (rc = db_exec(db, "DELETE FROM temp.seen")) != DB_OK)
		return rc;
	imp->select = prepare_built(db, imp->spec, "select");
	imp->insert = prepare_built(db, imp->spec, "insert");
	imp->update = prepare_built(db, imp->spec, "update");
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

/*
 * Run a statement that returns no row, then reset it.  BOUND is what
 * binding its parameters gave (SQLITE_OK, or the error).
 */
static int
step_done(struct db *db, sqlite3_stmt *st, int bound, const char *doing)
{
	int step = bound == SQLITE_OK ? sqlite3_step(st) : bound;

	db_unbind(st);
	if (step != SQLITE_DONE)
		return db_sqlite_fail(db, doing);
	return DB_OK;
}

/*
 * The line of the row that has CODE, from the statement LOOKUP (the seen
 * table, or the table itself in a fresh import), into *FIRST.  Returns
 * DB_REJECT, the duplicate being the news, or an error.
 */
static int
first_line_of(struct db_import *imp, sqlite3_stmt *lookup, const char *code,
    long *first)
{
	int bound = SQLITE_OK, step;

	db_bind_static(lookup, 1, code, &bound);
	step = bound == SQLITE_OK ? sqlite3_step(lookup) : bound;
	if (step == SQLITE_ROW)
		*first = (long)sqlite3_column_int64(lookup, 0);
	db_unbind(lookup);
	if (step != SQLITE_ROW)
		return db_sqlite_fail(imp->db, "import");
	return DB_REJECT;
}

/* Note the code as seen; DB_REJECT with the earlier line if it was. */
static int
mark_seen(struct db_import *imp, const char *code, long line, long *first)
{
	int bound = SQLITE_OK, step;

	db_bind_static(imp->seen, 1, code, &bound);
	sqlite3_bind_int64(imp->seen, 2, line);
	step = bound == SQLITE_OK ? sqlite3_step(imp->seen) : bound;
	db_unbind(imp->seen);
	if (step == SQLITE_DONE)
		return DB_OK;
	if ((step & 0xff) != SQLITE_CONSTRAINT)
		return db_sqlite_fail(imp->db, "import");
	return first_line_of(imp, imp->seen_line, code, first);
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
	int i, rc, bound;

	for (i = 1; i < s->ncolumns; i++) {
		const char *old = (const char *)sqlite3_column_text(imp->select,
		    i - 1);

		/* NULL for want of memory is not the value NULL. */
		if (old == NULL &&
		    sqlite3_errcode(imp->db->conn) == SQLITE_NOMEM)
			return db_sqlite_fail(imp->db, "import");
		if (same(old, fields[i]))
			continue;
		bound = SQLITE_OK;
		sqlite3_bind_int64(st, 1, imp->run_id);
		db_bind_static(st, 2, s->entity, &bound);
		db_bind_static(st, 3, fields[0], &bound);
		db_bind_static(st, 4, s->columns[i], &bound);
		db_bind_static(st, 5, old, &bound);
		db_bind_static(st, 6, fields[i], &bound);
		if ((rc = step_done(imp->db, st, bound, "recording a change")) !=
		    DB_OK)
			return rc;
	}
	return DB_OK;
}

/*
 * A row of a fresh import (the table was empty at the start): insert it,
 * its line as its rowid.  A code the table already holds came earlier in
 * this very file, so the primary key finds a duplicate, and the rowid of
 * the row it collides with is the line to name.  H is the row's hash.
 */
static int
add_fresh(struct db_import *imp, const char *const *fields, long line,
    const unsigned char *h, long *first_line)
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
		return first_line_of(imp, imp->seen_line, fields[0],
		    first_line);
	if (step != SQLITE_DONE)
		return db_sqlite_fail(imp->db, "import");
	imp->counts.rows++;
	imp->counts.added++;
	return DB_OK;
}

int
db_import_hash(enum import_what what, const char *const *fields,
    unsigned char h[HASH_LEN])
{
	const struct table_spec *s = &specs[what];

	return hash_fields(s->table, NULL, fields, (size_t)s->ncolumns, h);
}

int
db_import_row(struct db_import *imp, const char *const *fields, long line,
    long *first_line)
{
	unsigned char h[HASH_LEN];

	if (hash_fields(imp->spec->table, NULL, fields,
	    (size_t)imp->spec->ncolumns, h) != 0)
		return db_fail(imp->db, "sha-256 failed");
	return db_import_hashed(imp, fields, h, line, first_line);
}

int
db_import_hashed(struct db_import *imp, const char *const *fields,
    const unsigned char *h, long line, long *first_line)
{
	const struct table_spec *s = imp->spec;
	unsigned char *digest = imp->digest[s == &specs[IMPORT_POWERS]];
	sqlite3_stmt *write;
	int i, rc, step, bound;

	if (imp->fresh) {
		if ((rc = add_fresh(imp, fields, line, h, first_line)) ==
		    DB_OK)
			hash_xor(digest, h);
		return rc;
	}
	if ((rc = mark_seen(imp, fields[0], line, first_line)) != DB_OK)
		return rc;
	imp->counts.rows++;

	bound = SQLITE_OK;
	db_bind_static(imp->select, 1, fields[0], &bound);
	step = bound == SQLITE_OK ? sqlite3_step(imp->select) : bound;
	if (step == SQLITE_ROW) {
		const void *old = sqlite3_column_blob(imp->select,
		    s->ncolumns - 1);

		if (old != NULL && sqlite3_column_bytes(imp->select,
		    s->ncolumns - 1) == HASH_LEN &&
		    memcmp(old, h, HASH_LEN) == 0) {
			db_unbind(imp->select);
			imp->counts.unchanged++;
			return DB_OK;
		}
		if (old != NULL && sqlite3_column_bytes(imp->select,
		    s->ncolumns - 1) == HASH_LEN)
			hash_xor(digest, old);
		rc = record_changes(imp, fields);
		db_unbind(imp->select);
		if (rc != DB_OK)
			return rc;
		write = imp->update;
		imp->counts.changed++;
	} else if (step == SQLITE_DONE) {
		db_unbind(imp->select);
		write = imp->insert;
		imp->counts.added++;
	} else {
		db_unbind(imp->select);
		return db_sqlite_fail(imp->db, "import");
	}
	bound = SQLITE_OK;
	for (i = 0; i < s->ncolumns; i++)
		db_bind_static(write, i + 1, fields[i], &bound);
	sqlite3_bind_blob(write, s->ncolumns + 1, h, HASH_LEN, SQLITE_STATIC);
	if ((rc = step_done(imp->db, write, bound, "import")) != DB_OK)
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
db_import_changes(struct db_import *imp,
    void (*each)(const char *, const char *, const char *, const char *,
    void *), void *arg, long max, long *total)
{
	sqlite3_stmt *st;
	int step;

	*total = 0;
	st = db_prepare(imp->db, "SELECT code, attribute, old_value, new_value "
	    "FROM attribute_change WHERE import_run = ?1 ORDER BY id");
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, imp->run_id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (*total < max)
			each((const char *)sqlite3_column_text(st, 0),
			    (const char *)sqlite3_column_text(st, 1),
			    (const char *)sqlite3_column_text(st, 2),
			    (const char *)sqlite3_column_text(st, 3), arg);
		(*total)++;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return db_sqlite_fail(imp->db, "reading the changes");
	return DB_OK;
}

int
db_import_finish(struct db_import *imp, const struct import_meta *m,
    struct import_counts *counts, void (*each)(const char *, void *),
    void *arg, long max)
{
	char num[5][24], udig[HASH_HEX_LEN + 1], pdig[HASH_HEX_LEN + 1];
	const struct import_counts *c = &imp->counts;
	long values[5];
	unsigned char h[HASH_LEN];
	sqlite3_stmt *st;
	int rc, i, bound = SQLITE_OK;

	/* After a fresh import every row came from the file. */
	if (!imp->fresh && (rc = count_absent(imp, each, arg, max)) != DB_OK)
		return rc;
	*counts = imp->counts;
	/* Read only now: count_absent() has just counted the absent rows. */
	values[0] = c->rows;
	values[1] = c->added;
	values[2] = c->changed;
	values[3] = c->unchanged;
	values[4] = c->absent;
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
	db_bind_static(st, 2, imp->spec->what, &bound);
	db_bind_static(st, 3, m->file, &bound);
	db_bind_static(st, 4, m->sha256, &bound);
	db_bind_static(st, 5, m->encoding, &bound);
	db_bind_static(st, 6, m->dialect, &bound);
	for (i = 0; i < 5; i++)
		sqlite3_bind_int64(st, 7 + i, values[i]);
	db_bind_static(st, 12, m->operator_name, &bound);
	db_bind_static(st, 13, m->at, &bound);
	sqlite3_bind_blob(st, 14, imp->digest[0], HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(st, 15, imp->digest[1], HASH_LEN, SQLITE_STATIC);
	if (imp->has_prev_run)
		sqlite3_bind_blob(st, 16, imp->prev_run_hash, HASH_LEN,
		    SQLITE_STATIC);
	sqlite3_bind_blob(st, 17, h, HASH_LEN, SQLITE_STATIC);
	rc = step_done(imp->db, st, bound, "recording the import");
	sqlite3_finalize(st);
	return rc;
}
