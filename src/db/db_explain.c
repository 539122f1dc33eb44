/*
 * Query plans, so that a test can hold a query to the index it must use:
 * a cost that has to follow one unit's own rows, not the registry's size,
 * is checked by its plan rather than by a timing.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "db_internal.h"

int
db_explain(struct db *db, const char *sql, const struct db_param *params,
    size_t nparams, char *buf, size_t size)
{
	static const char prefix[] = "EXPLAIN QUERY PLAN ";
	sqlite3_stmt *st = NULL;
	char *q;
	size_t i, len = 0;
	int step = SQLITE_DONE, pos, rc = DB_OK, bound = SQLITE_OK;

	if (size > 0)
		buf[0] = '\0';
	/* The plan of the query as db_query() runs it, over the same views. */
	for (i = 0; i < nparams; i++)
		if (strcmp(params[i].name, ":as_of") == 0 &&
		    (rc = db_as_of(db, params[i].value)) != DB_OK)
			return rc;
	if ((q = sqlite3_mprintf("%s%s", prefix, sql)) == NULL)
		return db_fail(db, _("out of memory"));
	st = db_prepare(db, q);
	sqlite3_free(q);
	if (st == NULL)
		return DB_ERROR;
	/* Bound as the query runs: a plan may depend on the values. */
	for (i = 0; i < nparams; i++)
		if ((pos = sqlite3_bind_parameter_index(st,
		    params[i].name)) > 0)
			db_bind_static(st, pos, params[i].value, &bound);
	/* Each step on a line: id, parent, unused, detail. */
	while (bound == SQLITE_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(st, 3);
		int n = snprintf(buf + len, size - len, "%s\n",
		    detail ? detail : "");

		if (n < 0 || (size_t)n >= size - len) {
			rc = db_fail(db, _("query plan: over %zu bytes"), size);
			break;
		}
		len += (size_t)n;
	}
	if (rc == DB_OK && (bound != SQLITE_OK || step != SQLITE_DONE))
		rc = db_sqlite_fail(db, _("query plan"));
	sqlite3_finalize(st);
	return rc;
}
