/*
 * verify's check of every index against its table, the part of SQLite's
 * integrity_check that quick_check leaves out, done by sums instead of
 * lookups: integrity_check looks each row of a table up in each of its
 * indexes, a jump to a random page per row when the rows came in an
 * order other than the index's (1M powers in scattered order: 14.9 s of
 * verify's time, see the commit).  Here each table is read once in its
 * own order and each index once in its own, every index entry (its
 * columns and the rowid) summed on both sides (db_verify_sum.c); the
 * sums of an index and its table agree when they hold the same entries.
 * A unique index is also read for two equal keys in a row, as it is in
 * key order.  Indexes come from the schema itself, so a migration that
 * adds one is checked with no change here; verify_schema() has already
 * compared the schema with the migrations.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db_internal.h"

/* What powers_verify_sum() gathers over one scan. */
struct gather {
	struct verify_sum	 sum;
	unsigned long long	 prev[2];
	int			 has_prev, dup;
};

/*
 * powers_verify_sum(NKEY, V...): the sum of the rows V..., and when NKEY
 * is above 0, whether two rows in a row had the same first NKEY values
 * (none NULL), as a unique index must not.
 */
static void
gather_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct gather *g = sqlite3_aggregate_context(ctx, sizeof(*g));
	unsigned long long h[2], k[2];
	int i, nkey, null = 0;

	if (g == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	nkey = sqlite3_value_int(argv[0]);
	verify_row_start(h);
	for (i = 1; i < argc; i++) {
		if (i == nkey + 1)
			memcpy(k, h, sizeof(k));
		null |= i <= nkey &&
		    sqlite3_value_type(argv[i]) == SQLITE_NULL;
		if (verify_row_value(h, argv[i]) != 0) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
	}
	verify_sum_add(&g->sum, h);
	if (nkey <= 0 || nkey + 1 >= argc || null) {
		g->has_prev = 0;
		return;
	}
	if (g->has_prev && memcmp(k, g->prev, sizeof(k)) == 0)
		g->dup = 1;
	memcpy(g->prev, k, sizeof(k));
	g->has_prev = 1;
}

static void
gather_final(sqlite3_context *ctx)
{
	struct gather *g = sqlite3_aggregate_context(ctx, 0);
	struct gather none;

	if (g == NULL) {
		memset(&none, 0, sizeof(none));
		g = &none;
	}
	/* A duplicate key: a sum no table gives. */
	if (g->dup)
		g->sum.rows = -1;
	sqlite3_result_blob(ctx, &g->sum, sizeof(g->sum), SQLITE_TRANSIENT);
}

/*
 * The condition of a partial index from its CREATE INDEX SQL: what
 * follows its WHERE, or NULL.  Borrowed from SQL.
 */
static const char *
partial_where(const char *sql)
{
	const char *p;

	for (p = sql; p != NULL && *p != '\0'; p++)
		if ((p == sql || strchr(" \t\n)", p[-1]) != NULL) &&
		    strncasecmp(p, "where", 5) == 0 &&
		    strchr(" \t\n(", p[5]) != NULL)
			return p + 5;
	return NULL;
}

/*
 * Append to S the call of powers_verify_sum() over index NAME's entries,
 * NKEY its key columns for the check of a unique key (0: none).  0, 1
 * when an entry holds an expression, which only integrity_check can
 * check, or -1 on an error (kept in DB).
 */
static int
append_call(struct db *db, sqlite3_str *s, const char *name, int nkey)
{
	sqlite3_stmt *st;
	int step, cols = 0;

	if ((st = db_prepare(db, "SELECT cid, name FROM pragma_index_xinfo(?1) "
	    "ORDER BY seqno")) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_str_appendf(s, "powers_verify_sum(%d", nkey);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int cid = sqlite3_column_int(st, 0);

		if (cid == -2)
			break;
		if (cid == -1)
			sqlite3_str_appendall(s, ", rowid");
		else
			sqlite3_str_appendf(s, ", \"%w\"",
			    (const char *)sqlite3_column_text(st, 1));
		cols++;
	}
	if (step != SQLITE_DONE && step != SQLITE_ROW) {
		db_sqlite_fail(db, "index sums");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	sqlite3_str_appendall(s, ")");
	return step == SQLITE_DONE && cols > 0 ? 0 : 1;
}

/* The blob of one powers_verify_sum() of ST's row, column I, into *S. */
static int
sum_of(sqlite3_stmt *st, int i, struct verify_sum *s)
{
	if (sqlite3_column_bytes(st, i) != (int)sizeof(*s))
		return -1;
	memcpy(s, sqlite3_column_blob(st, i), sizeof(*s));
	return 0;
}

/* One query's sums, NSUMS of them, into SUMS; DB_OK or an error. */
static int
run_sums(struct db *db, sqlite3_str *q, struct verify_sum *sums, int nsums,
    int *same)
{
	char *sql = sqlite3_str_finish(q);
	sqlite3_stmt *st;
	int i, step, rc = DB_OK;

	if (sql == NULL)
		return db_fail(db, "out of memory");
	if ((st = db_prepare(db, sql)) == NULL) {
		sqlite3_free(sql);
		return DB_ERROR;
	}
	sqlite3_free(sql);
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < nsums; i++)
			if (sum_of(st, i, &sums[i]) != 0)
				*same = 0;
	} else
		rc = db_sqlite_fail(db, "index sums");
	sqlite3_finalize(st);
	return rc;
}

#define INDEXES_MAX	16	/* more than any table of ours has */

/* An index of the table being checked. */
struct index {
	char	*name, *where;
	int	 nkey;
};

/*
 * Table TABLE (WR: WITHOUT ROWID) against each of its indexes, the
 * table read once for all of them; *SAME gets 0 when one differs.
 */
static int
check_table(struct db *db, const char *table, int wr, int *same)
{
	struct index ix[INDEXES_MAX];
	struct verify_sum mine[INDEXES_MAX], theirs;
	sqlite3_stmt *st;
	sqlite3_str *q;
	int i, k, n = 0, step, rc = DB_OK;

	if ((st = db_prepare(db, "SELECT i.name, i.\"unique\", s.sql, "
	    "(SELECT count(*) FROM pragma_index_xinfo(i.name) WHERE key) "
	    "FROM pragma_index_list(?1) i LEFT JOIN sqlite_schema s "
	    "ON s.name = i.name WHERE NOT (?2 AND i.origin = 'pk')")) == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, wr);
	while ((step = sqlite3_step(st)) == SQLITE_ROW && n < INDEXES_MAX) {
		const char *w = partial_where((const char *)
		    sqlite3_column_text(st, 2));

		ix[n].name = strdup((const char *)sqlite3_column_text(st, 0));
		ix[n].where = w != NULL ? strdup(w) : NULL;
		ix[n].nkey = sqlite3_column_int(st, 1) ?
		    sqlite3_column_int(st, 3) : 0;
		if (ix[n].name == NULL || (w != NULL && ix[n].where == NULL)) {
			free(ix[n].name);
			rc = db_fail(db, "out of memory");
			break;
		}
		n++;
	}
	if (rc == DB_OK && step == SQLITE_ROW)
		*same = 0;
	else if (rc == DB_OK && step != SQLITE_DONE)
		rc = db_sqlite_fail(db, "index list");
	sqlite3_finalize(st);
	if (rc != DB_OK || n == 0 || !*same)
		goto out;
	/* The table's side: every index's entries from one scan of it. */
	q = sqlite3_str_new(db->conn);
	sqlite3_str_appendall(q, "SELECT ");
	for (i = 0, k = 0; i < n && k == 0; i++) {
		if (i > 0)
			sqlite3_str_appendall(q, ", ");
		k = append_call(db, q, ix[i].name, 0);
		if (ix[i].where != NULL)
			sqlite3_str_appendf(q, " FILTER (WHERE %s)",
			    ix[i].where);
	}
	sqlite3_str_appendf(q, " FROM \"%w\" NOT INDEXED", table);
	if (k != 0) {
		sqlite3_free(sqlite3_str_finish(q));
		*same = 0;
		rc = k < 0 ? DB_ERROR : DB_OK;
		goto out;
	}
	if ((rc = run_sums(db, q, mine, n, same)) != DB_OK)
		goto out;
	/* Each index's side, from the index alone (it covers its entries). */
	for (i = 0; i < n && *same && rc == DB_OK; i++) {
		q = sqlite3_str_new(db->conn);
		sqlite3_str_appendall(q, "SELECT ");
		if ((k = append_call(db, q, ix[i].name, ix[i].nkey)) != 0) {
			sqlite3_free(sqlite3_str_finish(q));
			*same = 0;
			rc = k < 0 ? DB_ERROR : DB_OK;
			break;
		}
		sqlite3_str_appendf(q, " FROM \"%w\" INDEXED BY \"%w\"", table,
		    ix[i].name);
		if (ix[i].where != NULL)
			sqlite3_str_appendf(q, " WHERE %s", ix[i].where);
		rc = run_sums(db, q, &theirs, 1, same);
		if (rc == DB_OK && !verify_sum_eq(&mine[i], &theirs))
			*same = 0;
	}
out:
	for (i = 0; i < n; i++) {
		free(ix[i].name);
		free(ix[i].where);
	}
	return rc;
}

int
verify_indexes(struct db *db, int *same)
{
	sqlite3_stmt *st;
	int step = SQLITE_DONE, rc = DB_OK;

	*same = 1;
	if (sqlite3_create_function(db->conn, "powers_verify_sum", -1,
	    SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, NULL, gather_step,
	    gather_final) != SQLITE_OK)
		return db_sqlite_fail(db, "index sums");
	if ((st = db_prepare(db, "SELECT name, wr FROM pragma_table_list "
	    "WHERE schema = 'main' AND type = 'table' "
	    "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) == NULL)
		return DB_ERROR;
	while (*same && rc == DB_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = check_table(db, (const char *)sqlite3_column_text(st, 0),
		    sqlite3_column_int(st, 1), same);
	if (rc == DB_OK && *same && step != SQLITE_DONE)
		rc = db_sqlite_fail(db, "index sums");
	sqlite3_finalize(st);
	return rc;
}
