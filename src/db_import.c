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
#include "replay.h"

const char DB_IMPORT_KEEP[] = "(not given)";

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

/*
 * Lengths of codes as a bit mask (bit N: some code of N bytes), for the
 * codes that Excel's dropping of leading zeros could have made, and
 * those it could have been made from.  Longer codes are not tracked.
 */
#define LEN_BITS	64

struct db_import {
	struct db		*db;
	const struct table_spec	*spec;
	const struct import_column *cols;
	sqlite3_stmt		*select, *insert, *update, *change, *seen,
				*seen_line, *suspect;
	/*
	 * The row being written once its DB_IMPORT_KEEP fields are filled:
	 * the pointers, and the text of the old values they point into.
	 */
	const char		*whole[IMPORT_POWER_FIELDS];
	char			*kept;
	size_t			 keptcap;
	/*
	 * Digits-only codes: those without a leading zero that this import
	 * added (in temp.suspect unless fresh), and those with one.
	 */
	unsigned long long	 bare_lens, zero_lens;
	long			 nsuspect;
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
	/*
	 * The last run's changes_digest (has_changes: it has one, it was
	 * written since migration 0007) and attribute_change's last id
	 * before this run: the digest grows by this run's rows.
	 */
	unsigned char		 changes[HASH_LEN];
	int			 has_changes;
	long long		 changes_before;
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
	    "powers_digest, changes_digest, (SELECT max(id) FROM "
	    "attribute_change) FROM import_run ORDER BY id DESC LIMIT 1");
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
		/* Before 0007 none: the digest starts from every row. */
		if (sqlite3_column_bytes(st, 4) == HASH_LEN) {
			memcpy(imp->changes, sqlite3_column_blob(st, 4),
			    HASH_LEN);
			imp->has_changes = 1;
			imp->changes_before = sqlite3_column_int64(st, 5);
		}
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
db_import_begin(struct db *db, enum import_what what,
    const struct import_column *cols, struct db_import **out)
{
	struct db_import *imp;
	int rc;

	*out = NULL;
	if ((imp = calloc(1, sizeof(*imp))) == NULL)
		return db_fail(db, "out of memory");
	imp->db = db;
	imp->spec = &specs[what];
	imp->cols = cols;
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
	    (rc = db_exec(db, "DELETE FROM temp.seen")) != DB_OK ||
	    (rc = db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS suspect "
	    "(code TEXT PRIMARY KEY, line INTEGER NOT NULL) "
	    "WITHOUT ROWID")) != DB_OK ||
	    (rc = db_exec(db, "DELETE FROM temp.suspect")) != DB_OK)
		return rc;
	imp->select = prepare_built(db, imp->spec, "select");
	imp->insert = prepare_built(db, imp->spec, "insert");
	imp->update = prepare_built(db, imp->spec, "update");
	imp->seen = db_prepare(db, "INSERT INTO temp.seen (code, line) "
	    "VALUES (?1, ?2)");
	imp->seen_line = db_prepare(db, "SELECT line FROM temp.seen "
	    "WHERE code = ?1");
	imp->suspect = db_prepare(db, "INSERT INTO temp.suspect (code, line) "
	    "VALUES (?1, ?2)");
	if (!imp->select || !imp->insert || !imp->update || !imp->change ||
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
	free(imp->kept);
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
		snprintf(why, whysz, "code '%s' already on line %lld", code,
		    sqlite3_column_int64(lookup, 0));
	db_unbind(lookup);
	if (step != SQLITE_ROW)
		return db_sqlite_fail(imp->db, "import");
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
		return db_sqlite_fail(imp->db, "import");
	return duplicate(imp, imp->seen_line, code, why, whysz);
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
	char *grown;
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
			snprintf(why, whysz, "'%s' is not registered yet, and a "
			    "new %s needs its %s, which the file does not give",
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
	if (need > imp->keptcap) {
		if ((grown = realloc(imp->kept, need)) == NULL)
			return db_fail(imp->db, "out of memory");
		imp->kept = grown;
		imp->keptcap = need;
	}
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

	if (imp->spec != &specs[IMPORT_UNITS] || fields[2] == DB_IMPORT_KEEP)
		return DB_OK;
	old = (const char *)sqlite3_column_text(imp->select, 1);
	if (old == NULL || strcmp(old, fields[2]) == 0)
		return DB_OK;
	snprintf(why, whysz, "unit '%s' is a %s and cannot become a %s: a "
	    "unit's kind never changes, so a unit that becomes another kind "
	    "is a new unit: give it a new code", fields[0], old, fields[2]);
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
		return db_sqlite_fail(imp->db, "import");
	imp->counts.rows++;
	imp->counts.added++;
	note_lengths(imp, fields[0]);
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
    char *why, size_t whysz)
{
	unsigned char h[HASH_LEN];

	if (hash_fields(imp->spec->table, NULL, fields,
	    (size_t)imp->spec->ncolumns, h) != 0)
		return db_fail(imp->db, "sha-256 failed");
	return db_import_hashed(imp, fields, h, line, why, whysz);
}

/* Hash imp->whole into H again, once its kept fields are filled. */
static int
rehash(struct db_import *imp, unsigned char h[HASH_LEN])
{
	if (hash_fields(imp->spec->table, NULL, imp->whole,
	    (size_t)imp->spec->ncolumns, h) != 0)
		return db_fail(imp->db, "sha-256 failed");
	return DB_OK;
}

/* A new digits-only code without a leading zero, to check at the end. */
static int
add_suspect(struct db_import *imp, const char *code, long line)
{
	int bound = SQLITE_OK, rc;

	db_bind_static(imp->suspect, 1, code, &bound);
	sqlite3_bind_int64(imp->suspect, 2, line);
	if ((rc = step_done(imp->db, imp->suspect, bound, "import")) == DB_OK)
		imp->nsuspect++;
	return rc;
}

int
db_import_hashed(struct db_import *imp, const char *const *fields,
    const unsigned char *given, long line, char *why, size_t whysz)
{
	const struct table_spec *s = imp->spec;
	unsigned char *digest = imp->digest[s == &specs[IMPORT_POWERS]];
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
		return db_sqlite_fail(imp->db, "import");
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
		rc = record_changes(imp, row);
		db_unbind(imp->select);
		if (rc != DB_OK)
			return rc;
		write = imp->update;
		imp->counts.changed++;
	} else {
		db_unbind(imp->select);
		if (note_lengths(imp, row[0]) &&
		    (rc = add_suspect(imp, row[0], line)) != DB_OK)
			return rc;
		write = imp->insert;
		imp->counts.added++;
	}
	bound = SQLITE_OK;
	for (i = 0; i < s->ncolumns; i++)
		db_bind_static(write, i + 1, row[i], &bound);
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

/*
 * The digits-only codes without a leading zero that the file added
 * (CANDIDATES: SQL giving code and line) which, padded with zeros to
 * LEN, are another code of the table: Excel's damage.
 */
static int
zeros_dropped(struct db_import *imp, const char *candidates, int len,
    void (*each)(long, const char *, void *), void *arg, long *problems)
{
	static const char zeros[LEN_BITS + 1] =
	    "0000000000000000000000000000000000000000000000000000000000000000";
	char sql[512], why[512];
	sqlite3_stmt *st;
	int step;

	/* Identifiers from the spec, never from input. */
	snprintf(sql, sizeof(sql), "SELECT c.line, c.code, t.code FROM (%s) "
	    "AS c JOIN %s AS t ON t.code = substr(?1, 1, ?2 - length(c.code)) "
	    "|| c.code WHERE length(c.code) < ?2 ORDER BY c.line", candidates,
	    imp->spec->table);
	if ((st = db_prepare(imp->db, sql)) == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, zeros, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, len);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(why, sizeof(why), "%s '%s' looks like '%s' with its "
		    "leading zeros dropped, as Excel does to a number: format "
		    "the code column as text (文本) and type the codes again",
		    imp->cols[0].label, sqlite3_column_text(st, 1),
		    sqlite3_column_text(st, 2));
		each((long)sqlite3_column_int64(st, 0), why, arg);
		(*problems)++;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return db_sqlite_fail(imp->db, "checking codes");
	return DB_OK;
}

/* Excel's dropped zeros, for every length a code with zeros has. */
static int
check_zeros(struct db_import *imp, void (*each)(long, const char *, void *),
    void *arg, long *problems)
{
	char candidates[256], lengths[256];
	unsigned long long lens = imp->zero_lens;
	sqlite3_stmt *st;
	int len, rc, step;

	if (imp->fresh) {
		/* Every code is the file's, each row's rowid its line. */
		if (imp->bare_lens == 0)
			return DB_OK;
		snprintf(candidates, sizeof(candidates), "SELECT rowid AS line, "
		    "code FROM %s WHERE code NOT GLOB '*[^0-9]*' AND code NOT "
		    "GLOB '0*'", imp->spec->table);
	} else {
		if (imp->nsuspect == 0)
			return DB_OK;
		snprintf(candidates, sizeof(candidates), "SELECT line, code "
		    "FROM temp.suspect");
		/* The registry's codes with zeros count too. */
		snprintf(lengths, sizeof(lengths), "SELECT DISTINCT "
		    "length(code) FROM %s WHERE code GLOB '0*' AND code NOT "
		    "GLOB '*[^0-9]*'", imp->spec->table);
		if ((st = db_prepare(imp->db, lengths)) == NULL)
			return DB_ERROR;
		while ((step = sqlite3_step(st)) == SQLITE_ROW)
			if ((len = sqlite3_column_int(st, 0)) < LEN_BITS)
				lens |= 1ull << len;
		sqlite3_finalize(st);
		if (step != SQLITE_DONE)
			return db_sqlite_fail(imp->db, "checking codes");
	}
	for (len = 2; len < LEN_BITS; len++) {
		/* Only a code longer than some candidate can be one padded. */
		if (!(lens & (1ull << len)) ||
		    !(imp->bare_lens & ((1ull << len) - 1)))
			continue;
		if ((rc = zeros_dropped(imp, candidates, len, each, arg,
		    problems)) != DB_OK)
			return rc;
	}
	return DB_OK;
}

/* One logged entry of a power, its strings owned. */
struct held_entry {
	struct entry	 e;
	char		*from, *to, *effective;
};

static void
free_entries(struct held_entry *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].from);
		free(v[i].to);
		free(v[i].effective);
	}
	free(v);
}

/*
 * Load the log of POWER, in replay order, into *OUT (*N entries; the
 * caller frees with free_entries()).
 */
static int
load_entries(struct db_import *imp, sqlite3_stmt *st, const char *power,
    struct held_entry **out, size_t *n)
{
	struct held_entry *v = NULL, *grown, *x;
	size_t cap = 0;
	int step, bound = SQLITE_OK, rc = DB_OK;

	*n = 0;
	db_bind_static(st, 1, power, &bound);
	while ((step = bound == SQLITE_OK ? sqlite3_step(st) : bound) ==
	    SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((grown = realloc(v, cap * sizeof(*v))) == NULL) {
				rc = db_fail(imp->db, "out of memory");
				break;
			}
			v = grown;
		}
		x = &v[(*n)++];
		memset(x, 0, sizeof(*x));
		x->e.seq = sqlite3_column_int64(st, 0);
		x->from = db_column_dup(st, 1);
		x->to = db_column_dup(st, 3);
		x->effective = db_column_dup(st, 6);
		if (x->from == NULL || x->to == NULL || x->effective == NULL ||
		    parse_kind((const char *)sqlite3_column_text(st, 2),
		    &x->e.from_kind) != 0 ||
		    parse_kind((const char *)sqlite3_column_text(st, 4),
		    &x->e.to_kind) != 0 ||
		    parse_mode((const char *)sqlite3_column_text(st, 5),
		    &x->e.mode) != 0) {
			rc = db_fail(imp->db, "loading the log of '%s': bad entry "
			    "or out of memory", power);
			break;
		}
		x->e.from = x->from;
		x->e.to = x->to;
		x->e.effective = x->effective;
	}
	if (rc == DB_OK && step != SQLITE_DONE)
		rc = db_sqlite_fail(imp->db, "loading the log");
	db_unbind(st);
	*out = v;
	return rc;
}

/*
 * Replay the log of POWER under its holder HOLDER and department DEPT as
 * this import leaves them; a broken entry is a problem at LINE.  The
 * attributes are one value for every entry today; once they are dated,
 * each entry is to be replayed under the values of its own date.
 */
static int
replay_power(struct db_import *imp, sqlite3_stmt *log, const char *power,
    const char *holder, const char *dept, long line,
    void (*each)(long, const char *, void *), void *arg, long *problems)
{
	struct held_entry *v = NULL;
	struct entry *ev = NULL;
	struct span *spans = NULL;
	const struct entry *bad;
	char why[512], msg[1024], names[256];
	size_t n, i, nspans, at;
	int rc;

	if ((rc = load_entries(imp, log, power, &v, &n)) != DB_OK || n == 0)
		goto out;
	ev = calloc(n, sizeof(*ev));
	spans = calloc(n, sizeof(*spans));
	if (ev == NULL || spans == NULL) {
		rc = db_fail(imp->db, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++)
		ev[i] = v[i].e;
	if (replay(ev, n, holder, dept, spans, &nspans, &bad, why,
	    sizeof(why)) == 0)
		goto out;
	/* Name every entry given by a department that would not hold it. */
	names[0] = '\0';
	for (i = at = 0; i < n; i++) {
		if (ev[i].mode == MODE_REVOKE ||
		    ev[i].from_kind != KIND_DEPARTMENT ||
		    strcmp(ev[i].from, holder) == 0 ||
		    strcmp(ev[i].from, dept) == 0 || at >= sizeof(names) - 32)
			continue;
		at += (size_t)snprintf(names + at, sizeof(names) - at, "%s#%lld",
		    at ? ", " : "", ev[i].seq);
	}
	snprintf(msg, sizeof(msg), "power '%s': this change would break logged "
	    "entry #%lld (%s, %s to '%s'): %s%s%s; the log is never rewritten, "
	    "and its entries rest on the holder and department they were "
	    "given under, revoked ones too: keep this power's holder and "
	    "department",
	    power, bad->seq, bad->effective, mode_name(bad->mode), bad->to, why,
	    *names ? "; entries given by the old holder: " : "", names);
	each(line, msg, arg);
	(*problems)++;
out:
	free(spans);
	free(ev);
	free_entries(v, n);
	return rc;
}

/*
 * The powers whose holder or department this import changed, replayed
 * under their new values: no import may make a logged entry break the
 * rules.  (A unit's kind cannot change at all: kind_kept().)
 */
static int
check_log(struct db_import *imp, void (*each)(long, const char *, void *),
    void *arg, long *problems)
{
	sqlite3_stmt *changed, *log;
	int step = SQLITE_DONE, rc = DB_OK;

	if (imp->fresh || imp->spec != &specs[IMPORT_POWERS])
		return DB_OK;
	changed = db_prepare(imp->db, "SELECT p.code, p.holder, p.department, "
	    "s.line FROM (SELECT DISTINCT code FROM attribute_change "
	    "WHERE import_run = ?1 AND entity = 'power' AND attribute IN "
	    "('holder', 'department')) AS c JOIN power AS p ON p.code = c.code "
	    "JOIN temp.seen AS s ON s.code = c.code ORDER BY s.line");
	log = db_prepare(imp->db, "SELECT d.seq, d.from_unit, f.kind, "
	    "d.to_unit, t.kind, d.mode, d.effective FROM delegation AS d "
	    "JOIN unit AS f ON f.code = d.from_unit JOIN unit AS t "
	    "ON t.code = d.to_unit WHERE d.power = ?1 "
	    "ORDER BY d.effective, d.seq");
	if (changed == NULL || log == NULL) {
		sqlite3_finalize(changed);
		sqlite3_finalize(log);
		return DB_ERROR;
	}
	sqlite3_bind_int64(changed, 1, imp->run_id);
	while (rc == DB_OK && (step = sqlite3_step(changed)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(changed, 0);
		const char *holder = (const char *)sqlite3_column_text(changed, 1);
		const char *dept = (const char *)sqlite3_column_text(changed, 2);

		if (code == NULL || holder == NULL || dept == NULL) {
			rc = db_fail(imp->db, "checking the log: out of memory");
			break;
		}
		rc = replay_power(imp, log, code, holder, dept,
		    (long)sqlite3_column_int64(changed, 3), each, arg, problems);
	}
	if (rc == DB_OK && step != SQLITE_DONE)
		rc = db_sqlite_fail(imp->db, "checking the log");
	sqlite3_finalize(changed);
	sqlite3_finalize(log);
	return rc;
}

int
db_import_check(struct db_import *imp,
    void (*each)(long line, const char *why, void *arg), void *arg,
    long *problems)
{
	int rc;

	*problems = 0;
	if ((rc = check_zeros(imp, each, arg, problems)) != DB_OK)
		return rc;
	return check_log(imp, each, arg, problems);
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
	unsigned char h[HASH_LEN], zone[HASH_LEN], extra[HASH_LEN];
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
	/*
	 * The attribute changes (the last run's digest and this run's rows,
	 * or every row when the last run has none) and the time zone, in
	 * the chain: migrations/0007_chain_changes_and_zone.sql.
	 */
	if (!imp->has_changes) {
		memset(imp->changes, 0, HASH_LEN);
		imp->changes_before = 0;
	}
	if ((rc = db_changes_digest(imp->db, imp->changes_before,
	    imp->changes)) != DB_OK ||
	    (rc = db_zone_digest(imp->db, zone)) != DB_OK)
		return rc;
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
	if (db_import_extra_hash(h, imp->changes, zone, extra) != 0)
		return db_fail(imp->db, "sha-256 failed");
	st = db_prepare(imp->db, "INSERT INTO import_run (id, what, file, "
	    "sha256, encoding, dialect, rows, added, changed, unchanged, "
	    "absent, operator, at, units_digest, powers_digest, prev_hash, "
	    "hash, changes_digest, zone_digest, extra_hash) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
	    "?17, ?18, ?19, ?20)");
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
	sqlite3_bind_blob(st, 18, imp->changes, HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(st, 19, zone, HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(st, 20, extra, HASH_LEN, SQLITE_STATIC);
	rc = step_done(imp->db, st, bound, "recording the import");
	sqlite3_finalize(st);
	return rc;
}
