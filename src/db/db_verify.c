/*
 * verify: recompute what the registry claims, and say where it differs.
 * Here are the order of the checks and how each reports damage; the
 * checks are in db_verify_chain.c (the import and log chains, the tables'
 * digests, the head), db_verify_grants.c (grant_span against a replay of
 * the log), db_verify_schema.c (the schema against the migrations) and
 * db_verify_integrity.c (SQLite's own checks, in a thread of their own,
 * and a file that does not open).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "db_internal.h"
#include "hash.h"

void
verify_damage(struct verify *v, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	v->damaged = 1;
	v->report(msg, v->arg);
}

/*
 * SQLite saying the file is corrupt is damage to report, not a failure
 * to check: the same exit status as any other damage.
 */
int
verify_failed(struct verify *v, const char *doing)
{
	int code = sqlite3_errcode(v->db->conn);

	if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
		verify_damage(v, "%s: %s", doing, sqlite3_errmsg(v->db->conn));
		return DB_OK;
	}
	return db_sqlite_fail(v->db, doing);
}

/*
 * Column I of the current row as text, NULL for SQL NULL.  *OOM is set
 * when SQLite could not make the text (out of memory: NULL, and the
 * connection says so): a failure to check, not a value that differs.
 */
const char *
verify_text(sqlite3_stmt *st, int i, int *oom)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	if (s == NULL &&
	    sqlite3_errcode(sqlite3_db_handle(st)) == SQLITE_NOMEM)
		*oom = 1;
	return s;
}

/* Hash columns FIRST..FIRST+N-1 of the current row as text. */
int
verify_hash_columns(struct verify *v, sqlite3_stmt *st, int first, int n,
    const char *tag, const unsigned char *prev, unsigned char out[HASH_LEN])
{
	const char *fields[16];
	int i, oom = 0;

	for (i = 0; i < n && i < 16; i++)
		fields[i] = verify_text(st, first + i, &oom);
	if (oom)
		return db_fail(v->db, _("out of memory"));
	if (hash_fields(tag, prev, fields, (size_t)n, out) != 0)
		return db_fail(v->db, _("sha-256 failed"));
	return DB_OK;
}

/*
 * Hash each row of QUERY (its columns as text, under TAG) and XOR it into
 * DIGEST; *ROWS (may be NULL) gets how many.  P1, when not negative, is
 * bound to ?1.
 */
int
verify_digest(struct db *db, const char *query, long long p1, const char *tag,
    unsigned char digest[HASH_LEN], long long *rows)
{
	const char *fields[16];
	unsigned char h[HASH_LEN];
	sqlite3_stmt *st;
	long long n = 0;
	int step, i, ncol, oom;

	if ((st = db_prepare(db, query)) == NULL)
		return DB_ERROR;
	if (p1 >= 0)
		sqlite3_bind_int64(st, 1, p1);
	ncol = sqlite3_column_count(st);
	if (ncol > 16)
		ncol = 16;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0, oom = 0; i < ncol; i++)
			fields[i] = verify_text(st, i, &oom);
		if (oom) {
			sqlite3_finalize(st);
			return db_fail(db, _("out of memory"));
		}
		if (hash_fields(tag, NULL, fields, (size_t)ncol, h) != 0) {
			sqlite3_finalize(st);
			return db_fail(db, _("sha-256 failed"));
		}
		hash_xor(digest, h);
		n++;
	}
	sqlite3_finalize(st);
	if (rows != NULL)
		*rows = n;
	if (step != SQLITE_DONE)
		return db_sqlite_fail(db, tag);
	return DB_OK;
}

/* The units' columns as hashed, then row_hash. */
#define UNITS_HASHED	"SELECT code, name, kind, parent, within, row_hash " \
	"FROM unit"

/* Every check but integrity_check, in order; see verify_all(). */
int
verify_chains(struct verify *v, const char *expect_head,
    const unsigned char *expect, long long *entries)
{
	struct chain c;
	unsigned char zone[HASH_LEN];
	int rc, found, schema_damaged = 0;

	memset(&c, 0, sizeof(c));
	/*
	 * The schema first: what the other checks read must be what the
	 * migrations made; what it finds does not stop the other checks (a
	 * trigger dropped to edit a table behind the program's back, the
	 * edit is named too).  Then the chains before foreign keys, so that
	 * a deleted entry is named as such and not as a grant left dangling.
	 */
	if ((rc = verify_schema(v)) != DB_OK)
		goto out;
	schema_damaged = v->damaged;
	v->damaged = 0;
	if ((rc = db_zone_digest(v->db, zone)) != DB_OK) {
		rc = verify_failed(v, "time_zone");
		goto out;
	}
	if ((rc = verify_imports(v, &c, expect_head ? zone : NULL)) != DB_OK ||
	    (rc = verify_extra(v, &c, zone)) != DB_OK ||
	    (rc = verify_rows(v, "unit", UNITS_HASHED, 5,
	    c.digests[0])) != DB_OK ||
	    (rc = verify_rows(v, "power", "SELECT code, name, category, "
	    "department, class, legal_basis, holder, note, row_hash "
	    "FROM power", 8, c.digests[1])) != DB_OK ||
	    (rc = verify_events(v)) != DB_OK ||
	    (rc = verify_log(v, expect_head ? expect : NULL, &c, &found,
	    entries, 1)) != DB_OK)
		goto out;
	if (expect_head && !found && !v->damaged)
		verify_damage(v, _("the registry holds no state with head %s: "
		    "it was truncated or rewritten (imports, changes, time "
		    "zone or log)"), expect_head);
	if (v->damaged) {
		rc = DB_DAMAGED;
		goto out;
	}
	/*
	 * The foreign keys of the tables but the log, whose verify_grants()
	 * checks faster and names as this would (grant_span has none).
	 */
	if ((rc = verify_pragma(v, "PRAGMA foreign_key_check(unit)",
	    "foreign_key_check")) != DB_OK ||
	    (rc = verify_pragma(v, "PRAGMA foreign_key_check(power)",
	    "foreign_key_check")) != DB_OK ||
	    (rc = verify_pragma(v, "PRAGMA foreign_key_check(attribute_change)",
	    "foreign_key_check")) != DB_OK)
		goto out;
	if (!v->damaged && (rc = verify_grants(v)) != DB_OK)
		goto out;
	rc = v->damaged ? DB_DAMAGED : DB_OK;
out:
	if (schema_damaged) {
		v->damaged = 1;
		if (rc == DB_OK)
			rc = DB_DAMAGED;
	}
	free(c.heads);
	return rc;
}

int
db_verify(struct db *db, const char *expect_head,
    void (*report)(const char *, void *), void *arg, long long *entries)
{
	struct verify v = { db, report, arg, 0 };
	unsigned char expect[HASH_LEN];
	int rc;

	*entries = 0;
	if (expect_head && hash_unhex(expect_head, expect) != 0)
		return db_fail(db, _("bad head '%s': 64 hex digits expected"),
		    expect_head);
	/*
	 * One snapshot for every check but integrity_check: an import
	 * committed between reading its digest and reading its table is not
	 * damage.  The deferred BEGIN takes it at the first read.
	 */
	if ((rc = db_bulk_cache(db)) != DB_OK ||
	    (rc = db_exec(db, "BEGIN")) != DB_OK)
		return rc;
	rc = verify_all(&v, expect_head, expect, entries);
	db_rollback(db);
	return rc;
}

/*
 * verify --since: the checks of the whole registry that cost little (the
 * schema, the import chain, the attribute changes' and time zone's
 * digests, the units), the log from the kept head's entry on and the
 * grants of the powers of the entries after it; *AT gets that entry, or
 * -1 when EXPECT is not a state since the last import (nothing checked
 * past the import chain then).  The rest is taken on the kept head's
 * word: no integrity or foreign key check of the whole file, no entry
 * before the head re-hashed, no power's row, no grant of a power no entry
 * since touched; a full verify checks them.
 */
static int
verify_since(struct verify *v, const unsigned char *expect, long long *at,
    long long *entries)
{
	struct chain c;
	unsigned char zone[HASH_LEN];
	int rc, found;

	memset(&c, 0, sizeof(c));
	*at = -1;
	if ((rc = verify_schema(v)) != DB_OK)
		return rc;
	if ((rc = db_zone_digest(v->db, zone)) != DB_OK)
		return verify_failed(v, "time_zone");
	if ((rc = verify_imports(v, &c, NULL)) != DB_OK ||
	    (rc = verify_extra(v, &c, zone)) != DB_OK ||
	    (rc = verify_rows(v, "unit", UNITS_HASHED, 5,
	    c.digests[0])) != DB_OK)
		goto out;
	if (v->damaged || (rc = verify_since_find(v, expect, at)) != DB_OK ||
	    *at < 0)
		goto out;
	if ((rc = verify_log(v, NULL, &c, &found, entries,
	    *at > 0 ? *at : 1)) != DB_OK || v->damaged)
		goto out;
	rc = verify_grants_since(v, *at);
out:
	free(c.heads);
	if (rc == DB_OK && v->damaged)
		rc = DB_DAMAGED;
	return rc;
}

int
db_verify_since(struct db *db, const char *since,
    void (*report)(const char *, void *), void *arg, long long *at,
    long long *entries)
{
	struct verify v = { db, report, arg, 0 };
	unsigned char expect[HASH_LEN];
	int rc;

	*entries = 0;
	*at = -1;
	if (hash_unhex(since, expect) != 0)
		return db_fail(db, "bad head '%s': 64 hex digits expected",
		    since);
	/* One snapshot for every check, as db_verify() takes. */
	if ((rc = db_bulk_cache(db)) != DB_OK ||
	    (rc = db_exec(db, "BEGIN")) != DB_OK)
		return rc;
	rc = verify_since(&v, expect, at, entries);
	db_rollback(db);
	return rc;
}
