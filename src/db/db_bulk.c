/*
 * What the bulk writers (imports, batches of log entries) and the check
 * of the whole registry share: a larger page cache, and every unit's kind
 * held in memory rather than looked up row by row.
 */
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

int
db_bulk_cache(struct db *db)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d", BULK_CACHE_KIB);
	return db_exec(db, sql);
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
