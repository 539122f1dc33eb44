/*
 * Running a query into a row callback.  The named queries of the other
 * db_*.c files and the 'sql' command come through here; the command that
 * asked renders the rows (rows.c for out.c's formats).
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "db_internal.h"

static int
bind_params(struct db *db, sqlite3_stmt *st, const struct db_param *params,
    size_t nparams)
{
	size_t i;
	int pos;

	for (i = 0; i < nparams; i++) {
		if ((pos = sqlite3_bind_parameter_index(st, params[i].name)) == 0)
			continue;
		if (db_bind_text(st, pos, params[i].value) != SQLITE_OK)
			return db_sqlite_fail(db, _("bind"));
	}
	return DB_OK;
}

/*
 * Column I of ST's current row as text, for the writers: NULL for an SQL
 * NULL, a BLOB as lowercase hex into *HEX (grown as needed, *CAP bytes;
 * the caller frees it), the rest as sqlite3_column_text() gives it; *TYPE
 * gets DB_CELL_NUMBER for an integer or a real.  Valid until the next step.
 * *FAILED is set when out of memory.
 */
static const char *
cell_text(sqlite3_stmt *st, int i, char **hex, size_t *cap, int *type,
    int *failed)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *b;
	size_t k, n;
	char *p;

	*type = DB_CELL_TEXT;
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		return NULL;
	case SQLITE_INTEGER:
	case SQLITE_FLOAT:
		*type = DB_CELL_NUMBER;
		break;
	case SQLITE_BLOB:
		b = sqlite3_column_blob(st, i);
		n = (size_t)sqlite3_column_bytes(st, i);
		if (n * 2 + 1 > *cap) {
			if ((p = realloc(*hex, n * 2 + 1)) == NULL) {
				*failed = 1;
				return NULL;
			}
			*hex = p;
			*cap = n * 2 + 1;
		}
		for (k = 0; k < n; k++) {
			(*hex)[2 * k] = digits[b[k] >> 4];
			(*hex)[2 * k + 1] = digits[b[k] & 0xf];
		}
		(*hex)[2 * n] = '\0';
		return *hex;
	}
	return (const char *)sqlite3_column_text(st, i);
}

/*
 * First the column names alone (CELLS NULL), then each row with the type
 * of each cell: the writer, not SQL around the user's query, makes JSON
 * of them, so that repeated column names keep a key each (issue 9).
 */
int
db_query(struct db *db, const char *sql, const struct db_param *params,
    size_t nparams, db_row_fn *row, void *arg, long *rows)
{
	sqlite3_stmt *st = NULL;
	const char **names = NULL, **cells = NULL;
	char **hex = NULL;
	size_t *hexcap = NULL;
	int *types = NULL;
	int i, n = 0, rc = DB_ERROR, step, failed = 0;
	long count = 0;

	/* The program's queries name their day :as_of; a user's may too. */
	for (i = 0; !db->ad_hoc && i < (int)nparams; i++)
		if (strcmp(params[i].name, ":as_of") == 0 &&
		    (rc = db_as_of(db, params[i].value)) != DB_OK)
			return rc;
	rc = DB_ERROR;
	if ((st = db_prepare(db, sql)) == NULL)
		goto out;
	n = sqlite3_column_count(st);
	names = calloc((size_t)n + 1, sizeof(*names));
	cells = calloc((size_t)n + 1, sizeof(*cells));
	hex = calloc((size_t)n + 1, sizeof(*hex));
	hexcap = calloc((size_t)n + 1, sizeof(*hexcap));
	types = calloc((size_t)n + 1, sizeof(*types));
	if (names == NULL || cells == NULL || hex == NULL || hexcap == NULL ||
	    types == NULL) {
		db_fail(db, _("out of memory"));
		goto out;
	}
	for (i = 0; i < n; i++)
		names[i] = sqlite3_column_name(st, i);
	if ((rc = bind_params(db, st, params, nparams)) != DB_OK)
		goto out;
	rc = DB_ERROR;
	if (row(arg, n, names, NULL, NULL) != 0) {
		db_fail(db, _("stopped by the writer"));
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < n; i++)
			cells[i] = cell_text(st, i, &hex[i], &hexcap[i],
			    &types[i], &failed);
		if (failed) {
			db_fail(db, _("out of memory"));
			goto out;
		}
		if (row(arg, n, names, cells, types) != 0) {
			db_fail(db, _("stopped by the writer"));
			goto out;
		}
		count++;
	}
	if (step != SQLITE_DONE) {
		rc = db_sqlite_fail(db, _("query"));
		goto out;
	}
	rc = DB_OK;
	if (rows)
		*rows = count;
out:
	if (hex != NULL)
		for (i = 0; i < n; i++)
			free(hex[i]);
	free(hex);
	free(hexcap);
	free(types);
	free(cells);
	free(names);
	sqlite3_finalize(st);
	return rc;
}
