/*
 * What the bulk writers (imports, batches of log entries) and the check
 * of the whole registry share: a larger page cache, secondary indexes
 * built after the rows of a large write, and every unit's kind held in
 * memory rather than looked up row by row.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "db_internal.h"
#include "grow.h"

/*
 * The page cache of a bulk write, in KiB.  SQLite's default, 2 MB, made
 * the import of 1M powers spill and re-read pages of its temporary table
 * of codes; without that table 8 MiB imports as fast as 16 MiB, well
 * within the 32 MiB the bench allows the process (tests/bench/RESULTS.md).
 */
#define BULK_CACHE_KIB	8192
/* The page cache, and so the sorter, of db_bulk_rebuild(). */
#define REBUILD_CACHE	"PRAGMA cache_size = -2048"

int
db_bulk_cache(struct db *db)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d", BULK_CACHE_KIB);
	return db_exec(db, sql);
}

/*
 * The rows a bulk write takes into live indexes before it may build them
 * after its rows instead: below this a table's indexes fit in the page
 * cache, and dropping and making them again costs more than it saves.
 */
#define BULK_ROWS	10000

int
db_bulk_due(long long written, long long before)
{
	long long at = BULK_ROWS;

#ifdef POWERS_TEST_HOOKS
	/* So that the tests' small files take the path of a large one. */
	const char *hook = getenv("POWERS_TEST_BULK_ROWS");

	if (hook != NULL && *hook != '\0')
		at = atoll(hook);
#endif
	/*
	 * Kept live, each later row goes at a random place of each index,
	 * a tree of BEFORE rows at least; built after, every row is
	 * sorted once.  Once the batch outgrows the table the sort is the
	 * cheaper (tests/bench: a first import, a first batch of the log).
	 */
	if (at <= before)
		at = before + 1;
	return written == at;
}

/*
 * The indexes a bulk write may build after its rows, a DROP for each.
 * None is UNIQUE: power's code (its primary key, which names the line of
 * a duplicate) and delegation_identity stay live.  None is searched by a
 * statement a bulk write runs per row: those search the primary keys
 * and delegation_identity (a power's log), as tests/check_plan_bulk.c
 * holds.  Each index is named whole, so that no name is formatted into
 * SQL.
 */
#define DEFER(table, name)	{ table, name, "DROP INDEX " name }
static const struct deferrable {
	const char	*table, *name, *drop;
} deferrable[] = {
	DEFER("power", "power_by_department"),
	DEFER("power", "power_by_holder"),
	DEFER("delegation", "delegation_by_from"),
	DEFER("delegation", "delegation_by_to"),
	DEFER("delegation", "delegation_cancels"),
	DEFER("grant_span", "grant_span_by_power"),
	DEFER("grant_span", "grant_span_by_unit"),
	DEFER("grant_span", "grant_span_by_end"),
};
#undef DEFER

/* Keep SQL (a copy) as the next index to make again.  DB_OK or error. */
static int
keep_deferred(struct db *db, const char *sql)
{
	char *copy;

	if (grow_array(&db->deferred, &db->deferredcap, db->ndeferred + 1,
	    sizeof(*db->deferred), 8) == -1 || (copy = strdup(sql)) == NULL)
		return db_fail(db, _("out of memory"));
	db->deferred[db->ndeferred++] = copy;
	return DB_OK;
}

int
db_bulk_defer(struct db *db, const char *table)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = DB_OK, step, bound;

	/* The SQL of each as the registry holds it, so it comes back same. */
	if ((st = db_prepare(db, "SELECT sql FROM sqlite_schema WHERE "
	    "type = 'index' AND name = ?1 AND tbl_name = ?2 AND "
	    "sql IS NOT NULL")) == NULL)
		return DB_ERROR;
	for (i = 0; i < sizeof(deferrable) / sizeof(deferrable[0]) &&
	    rc == DB_OK; i++) {
		if (strcmp(deferrable[i].table, table) != 0)
			continue;
		bound = SQLITE_OK;
		db_bind_static(st, 1, deferrable[i].name, &bound);
		db_bind_static(st, 2, table, &bound);
		step = bound == SQLITE_OK ? sqlite3_step(st) : bound;
		/* Dropped already, or not in this registry: nothing to do. */
		if (step == SQLITE_DONE) {
			db_unbind(st);
			continue;
		}
		if (step != SQLITE_ROW)
			rc = db_sqlite_fail(db, _("schema"));
		else
			rc = keep_deferred(db,
			    (const char *)sqlite3_column_text(st, 0));
		db_unbind(st);
		if (rc == DB_OK)
			rc = db_exec(db, deferrable[i].drop);
	}
	sqlite3_finalize(st);
#ifdef POWERS_TEST_HOOKS
	/*
	 * The kill trial of tests/cli/t_bulk.sh: a cache of a few pages,
	 * so that the rows after this point reach the file before the
	 * commit, as a large write's do.
	 */
	if (rc == DB_OK && getenv("POWERS_TEST_BULK_KILL") != NULL)
		rc = db_exec(db, "PRAGMA cache_size = 4");
#endif
	return rc;
}

/* Run SQL, one statement whole (the registry's own CREATE INDEX). */
static int
exec_one(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	const char *tail = NULL;
	int step;

	if (sqlite3_prepare_v2(db->conn, sql, -1, &st, &tail) != SQLITE_OK)
		return db_sqlite_fail(db, _("making an index again"));
	if (st == NULL || (tail != NULL && tail[strspn(tail, " \t\n;")] != '\0')) {
		sqlite3_finalize(st);
		return db_fail(db, _("making an index again: not one statement"));
	}
	step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return db_sqlite_fail(db, _("making an index again"));
	return DB_OK;
}

int
db_bulk_rebuild(struct db *db)
{
	size_t i;
	int rc;

	if (db->ndeferred == 0)
		return DB_OK;
	/*
	 * SQLite gives CREATE INDEX a sorter as large as the page cache:
	 * 8 MiB on top of the cache, all of it at 1M rows and less at 100k,
	 * so a write's peak memory grew with its size (tests/bench: 18.4 ->
	 * 26.3 MiB).  With a small cache for the build both stay near the
	 * peak of the rows.
	 */
	if ((rc = db_exec(db, REBUILD_CACHE)) != DB_OK)
		return rc;
	/* In the order dropped; a failure leaves them to the rollback. */
	for (i = 0; i < db->ndeferred; i++)
		if ((rc = exec_one(db, db->deferred[i])) != DB_OK)
			return rc;
#ifdef POWERS_TEST_HOOKS
	/* Killed with every index made again, before the commit. */
	if (db->ndeferred > 0 && getenv("POWERS_TEST_BULK_KILL") != NULL)
		raise(SIGKILL);
#endif
	db_bulk_forget(db);
	return db_bulk_cache(db);
}

void
db_bulk_forget(struct db *db)
{
	size_t i;

	for (i = 0; i < db->ndeferred; i++)
		free(db->deferred[i]);
	free(db->deferred);
	db->deferred = NULL;
	db->ndeferred = db->deferredcap = 0;
}

void
db_bind_static(sqlite3_stmt *st, int pos, const char *value, int *rc)
{
	int r;

	if (value == NULL)
		r = sqlite3_bind_null(st, pos);
	else
		r = sqlite3_bind_text(st, pos, value, -1, SQLITE_STATIC);
	if (*rc == SQLITE_OK)
		*rc = r;
}

void
db_unbind(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

struct unit_kind_of {
	char		*code;
	int		 kind;		/* enum unit_kind, -1 when none */
	struct retired	 retired;	/* from NULL: a member */
	char		*since;		/* exists from; NULL: from the start */
};

static int
by_code(const void *a, const void *b)
{
	return strcmp(((const struct unit_kind_of *)a)->code,
	    ((const struct unit_kind_of *)b)->code);
}

int
unit_kinds_load(struct db *db, struct unit_kinds *uk)
{
	struct unit_kind_of *v;
	sqlite3_stmt *st;
	enum unit_kind kind;
	size_t cap = 0;
	int step, rc = DB_OK;

	memset(uk, 0, sizeof(*uk));
	/* Each unit's retirement, searched in its own attribute changes. */
	if ((st = db_prepare(db, "SELECT u.code, u.kind, "
	    "(SELECT c.new_value FROM attribute_change c WHERE c.entity = "
	    "'unit' AND c.code = u.code AND c.attribute = 'retired_from'), "
	    "(SELECT c.new_value FROM attribute_change c WHERE c.entity = "
	    "'unit' AND c.code = u.code AND c.attribute = 'retired_document'), "
	    "(SELECT c.effective FROM attribute_change c WHERE c.entity = "
	    "'unit' AND c.code = u.code AND c.attribute = 'added') "
	    "FROM unit u")) == NULL)
		return DB_ERROR;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		const char *k = (const char *)sqlite3_column_text(st, 1);

		if (code == NULL)
			continue;
		if (grow_array(&uk->v, &cap, uk->n + 1, sizeof(*uk->v),
		    64) == -1) {
			rc = db_fail(db, _("out of memory"));
			break;
		}
		v = &uk->v[uk->n];
		memset(v, 0, sizeof(*v));
		v->kind = k != NULL && parse_kind(k, &kind) == 0 ?
		    (int)kind : -1;
		v->code = strdup(code);
		uk->n++;
		if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
			v->retired.from = db_column_dup(st, 2);
			v->retired.document = sqlite3_column_type(st, 3) ==
			    SQLITE_NULL ? strdup("") : db_column_dup(st, 3);
			if (v->retired.from == NULL ||
			    v->retired.document == NULL) {
				rc = db_fail(db, _("out of memory"));
				break;
			}
		}
		if (sqlite3_column_type(st, 4) != SQLITE_NULL &&
		    (v->since = db_column_dup(st, 4)) == NULL) {
			rc = db_fail(db, "out of memory");
			break;
		}
		if (v->code == NULL) {
			rc = db_fail(db, _("out of memory"));
			break;
		}
	}
	if (rc == DB_OK && step != SQLITE_DONE)
		rc = db_sqlite_fail(db, _("reading the units"));
	sqlite3_finalize(st);
	if (rc == DB_OK && uk->n > 1)
		qsort(uk->v, uk->n, sizeof(*uk->v), by_code);
	return rc;
}

int
unit_kinds_find(const struct unit_kinds *uk, const char *code,
    enum unit_kind *kind)
{
	struct unit_kind_of key = { (char *)code, 0, { NULL, NULL }, NULL }, *u;

	if (uk->n == 0 || code == NULL)
		return -1;
	if ((u = bsearch(&key, uk->v, uk->n, sizeof(*uk->v), by_code)) == NULL)
		return -1;
	if (u->kind < 0)
		return -2;
	*kind = (enum unit_kind)u->kind;
	return 0;
}

const struct retired *
unit_kinds_retired(const struct unit_kinds *uk, const char *code)
{
	struct unit_kind_of key = { (char *)code, 0, { NULL, NULL }, NULL }, *u;

	if (uk->n == 0 || code == NULL)
		return NULL;
	if ((u = bsearch(&key, uk->v, uk->n, sizeof(*uk->v), by_code)) == NULL)
		return NULL;
	return u->retired.from != NULL ? &u->retired : NULL;
}

const char *
unit_kinds_since(const struct unit_kinds *uk, const char *code)
{
	struct unit_kind_of key = { (char *)code, 0, { NULL, NULL }, NULL }, *u;

	if (uk->n == 0 || code == NULL)
		return NULL;
	if ((u = bsearch(&key, uk->v, uk->n, sizeof(*uk->v), by_code)) == NULL)
		return NULL;
	return u->since;
}

void
unit_kinds_free(struct unit_kinds *uk)
{
	size_t i;

	for (i = 0; i < uk->n; i++) {
		free(uk->v[i].code);
		free((char *)uk->v[i].retired.from);
		free((char *)uk->v[i].retired.document);
		free(uk->v[i].since);
	}
	free(uk->v);
	memset(uk, 0, sizeof(*uk));
}
