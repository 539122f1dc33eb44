/*
 * verify's schema check: sqlite_schema and the rows the migrations write
 * against a registry made in memory by the same migrations.
 */
#include <string.h>

#include "i18n.h"
#include "db_internal.h"
#include "hash.h"

/*
 * Compare the current rows of HAVE (the registry's sqlite_schema) and
 * WANT (the migrations'), HS and WS their last steps, and name a
 * difference (*SHOWN counts them, ten at most told).  *C gets which one
 * comes first: < 0 HAVE, > 0 WANT, 0 the same object.  DB_OK or an
 * error.
 */
static int
compare_object(struct verify *v, sqlite3_stmt *have, sqlite3_stmt *want,
    int hs, int ws, int *shown, int *c)
{
	const char *ht = NULL, *hn = NULL, *wt = NULL, *wn = NULL;
	int k, oom = 0;

	if (hs == SQLITE_ROW) {
		ht = verify_text(have, 0, &oom);
		hn = verify_text(have, 1, &oom);
	}
	if (ws == SQLITE_ROW) {
		wt = verify_text(want, 0, &oom);
		wn = verify_text(want, 1, &oom);
	}
	if (oom)
		return db_fail(v->db, _("out of memory"));
	if (hs != SQLITE_ROW)
		*c = 1;
	else if (ws != SQLITE_ROW)
		*c = -1;
	else if ((*c = strcmp(ht ? ht : "", wt ? wt : "")) == 0)
		*c = strcmp(hn ? hn : "", wn ? wn : "");
	if (*c < 0 && (*shown)++ < 10)
		verify_damage(v, _("schema: %s '%s' is not one the migrations "
		    "create: added behind the program's back"), ht, hn);
	else if (*c > 0 && (*shown)++ < 10)
		verify_damage(v, _("schema: %s '%s' is missing: the migrations "
		    "create it"), wt, wn);
	else if (*c == 0) {
		for (k = 2; k < 4; k++) {
			const char *a = verify_text(have, k, &oom);
			const char *b = verify_text(want, k, &oom);

			if ((a == NULL) != (b == NULL) ||
			    (a != NULL && strcmp(a, b) != 0))
				break;
		}
		if (oom)
			return db_fail(v->db, _("out of memory"));
		if (k < 4 && (*shown)++ < 10)
			verify_damage(v, _("schema: %s '%s' differs from what "
			    "the migrations create: redefined behind the "
			    "program's back"), ht, hn);
	}
	return DB_OK;
}

/*
 * Every object of sqlite_schema (type, name, table, SQL) in the registry
 * against those in MEM, merged by type and name, each difference named.
 * SQLite's statistics (sqlite_stat*, written by ANALYZE) are not the
 * schema.
 */
static int
compare_objects(struct verify *v, struct db *mem)
{
	static const char objects[] = "SELECT type, name, tbl_name, sql "
	    "FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_stat%' "
	    "ESCAPE '\\' ORDER BY type, name";
	sqlite3_stmt *have = NULL, *want = NULL;
	int rc, c = 0, hs, ws, shown = 0;

	if ((have = db_prepare(v->db, objects)) == NULL) {
		rc = verify_failed(v, "sqlite_schema");
		goto out;
	}
	if ((want = db_prepare(mem, objects)) == NULL) {
		rc = db_fail(v->db, _("the schema to compare with: %s"),
		    db_errmsg(mem));
		goto out;
	}
	hs = sqlite3_step(have);
	ws = sqlite3_step(want);
	while (hs == SQLITE_ROW || ws == SQLITE_ROW) {
		if ((rc = compare_object(v, have, want, hs, ws, &shown, &c)) !=
		    DB_OK)
			goto out;
		if (c <= 0)
			hs = sqlite3_step(have);
		if (c >= 0)
			ws = sqlite3_step(want);
	}
	if (hs != SQLITE_DONE) {
		rc = verify_failed(v, "sqlite_schema");
		goto out;
	}
	if (ws != SQLITE_DONE) {
		rc = db_fail(v->db, _("the schema to compare with: %s"),
		    sqlite3_errmsg(mem->conn));
		goto out;
	}
	rc = DB_OK;
out:
	sqlite3_finalize(have);
	sqlite3_finalize(want);
	return rc;
}

/*
 * The rows the migrations alone write, category, schema_doc and
 * schema_column_doc, against MEM's: a digest of each table.
 */
static int
compare_rows(struct verify *v, struct db *mem)
{
	static const struct {
		const char *table, *query;
	} rows[] = {
		{ "category", "SELECT code, name FROM category" },
		{ "schema_doc", "SELECT name, kind, description FROM schema_doc" },
		{ "schema_column_doc", "SELECT object, name, description FROM "
		    "schema_column_doc" },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		unsigned char a[HASH_LEN] = { 0 }, b[HASH_LEN] = { 0 };
		long long n;

		/* A table the schema check found missing: nothing to read. */
		if (v->damaged)
			break;
		if (verify_digest(v->db, rows[i].query, -1, rows[i].table, a,
		    &n) != DB_OK)
			return verify_failed(v, rows[i].table);
		if (verify_digest(mem, rows[i].query, -1, rows[i].table, b,
		    NULL) != DB_OK)
			return db_fail(v->db, _("the schema to compare with: %s"),
			    db_errmsg(mem));
		if (memcmp(a, b, HASH_LEN) != 0)
			verify_damage(v, _("%s: the %lld rows are not those the "
			    "migrations write: a row was edited, added or "
			    "deleted behind the program's back"), rows[i].table,
			    n);
	}
	return DB_OK;
}

/*
 * The schema against what the migrations create: the migrations applied
 * to a registry in memory, and its objects and the rows the migrations
 * write compared with the registry's.
 */
int
verify_schema(struct verify *v)
{
	struct db *mem = NULL;
	int rc;

	if ((rc = db_open(&mem, ":memory:", DB_CREATE, 0)) != DB_OK ||
	    (rc = db_migrate(mem, NULL, NULL)) != DB_OK)
		rc = db_fail(v->db, _("the schema to compare with: %s"),
		    db_errmsg(mem));
	else if ((rc = compare_objects(v, mem)) == DB_OK)
		rc = compare_rows(v, mem);
	db_close(mem);
	return rc;
}
