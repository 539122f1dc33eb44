/*
 * Running a query into an output writer.  The named queries of the other
 * db_*.c files and the 'sql' command come through here.
 */
#include <stdlib.h>
#include <string.h>

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
			return db_sqlite_fail(db, "bind");
	}
	return DB_OK;
}

/* Append S to the growing buffer *BUF; -1 when out of memory. */
static int
append(char **buf, size_t *len, size_t *cap, const char *s)
{
	size_t n = strlen(s);
	char *p;

	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		if ((p = realloc(*buf, *cap)) == NULL)
			return -1;
		*buf = p;
	}
	memcpy(*buf + *len, s, n + 1);
	*len += n;
	return 0;
}

/* Append S as an SQL string literal or a quoted identifier (QUOTE). */
static int
append_quoted(char **buf, size_t *len, size_t *cap, const char *s, char quote)
{
	char one[2] = { quote, '\0' };
	char doubled[3] = { quote, quote, '\0' };

	if (append(buf, len, cap, one) != 0)
		return -1;
	for (; *s; s++) {
		char c[2] = { *s, '\0' };

		if (append(buf, len, cap, *s == quote ? doubled : c) != 0)
			return -1;
	}
	return append(buf, len, cap, one);
}

/*
 * Append json_object('a', "a", ...) over the columns of the prepared
 * INNER statement.  0, or -1 when out of memory.
 */
static int
append_json_object(char **buf, size_t *len, size_t *cap, sqlite3_stmt *inner)
{
	int i, n = sqlite3_column_count(inner);
	int ok = append(buf, len, cap, "json_object(") == 0;

	for (i = 0; ok && i < n; i++) {
		const char *name = sqlite3_column_name(inner, i);

		ok = (i == 0 || append(buf, len, cap, ", ") == 0) &&
		    append_quoted(buf, len, cap, name, '\'') == 0 &&
		    append(buf, len, cap, ", ") == 0 &&
		    append_quoted(buf, len, cap, name, '"') == 0;
	}
	return ok && append(buf, len, cap, ")") == 0 ? 0 : -1;
}

/*
 * The query SQL wrapped so that each row comes back as one JSON object
 * built by SQLite: SELECT json_object('a', "a", ...) FROM (SQL).  Column
 * names come from the prepared inner statement.  Caller frees.
 */
static char *
json_wrap(sqlite3_stmt *inner, const char *sql)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;

	if (append(&buf, &len, &cap, "SELECT ") != 0 ||
	    append_json_object(&buf, &len, &cap, inner) != 0 ||
	    append(&buf, &len, &cap, " FROM (") != 0 ||
	    append(&buf, &len, &cap, sql) != 0 ||
	    append(&buf, &len, &cap, "\n)") != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

int
db_query_json_sections(struct db *db, const struct db_section *sections,
    int n, const struct db_param *params, size_t nparams, FILE *fp)
{
	sqlite3_stmt *inner = NULL, *st = NULL;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int i, ok, rc = DB_ERROR;

	ok = append(&buf, &len, &cap, "SELECT json_object(") == 0;
	for (i = 0; ok && i < n; i++) {
		const struct db_section *s = &sections[i];

		if ((inner = db_prepare(db, s->sql)) == NULL)
			goto out;
		ok = (i == 0 || append(&buf, &len, &cap, ",\n") == 0) &&
		    append_quoted(&buf, &len, &cap, s->name, '\'') == 0 &&
		    append(&buf, &len, &cap, ", (SELECT ") == 0 &&
		    (s->one_row || append(&buf, &len, &cap,
		    "json_group_array(") == 0) &&
		    append_json_object(&buf, &len, &cap, inner) == 0 &&
		    (s->one_row || append(&buf, &len, &cap, ")") == 0) &&
		    append(&buf, &len, &cap, " FROM (") == 0 &&
		    append(&buf, &len, &cap, s->sql) == 0 &&
		    append(&buf, &len, &cap, "\n))") == 0;
		sqlite3_finalize(inner);
		inner = NULL;
	}
	if (!ok || append(&buf, &len, &cap, ")") != 0) {
		db_fail(db, "out of memory");
		goto out;
	}
	if ((st = db_prepare(db, buf)) == NULL ||
	    (rc = bind_params(db, st, params, nparams)) != DB_OK)
		goto out;
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = db_sqlite_fail(db, "query");
		goto out;
	}
	fprintf(fp, "%s\n", (const char *)sqlite3_column_text(st, 0));
	rc = ferror(fp) ? db_fail(db, "write: output failed") : DB_OK;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(inner);
	free(buf);
	return rc;
}

/* db_query()'s writer, fed by db_query_rows(). */
struct to_out {
	FILE		*fp;
	enum out_format	 format;
	struct out	*o;
	int		 failed;	/* a write (or out_new()) failed */
};

static int
row_to_out(void *arg, int ncol, const char *const *names,
    const char *const *cells)
{
	struct to_out *t = arg;
	int rc;

	if (cells == NULL)
		rc = (t->o = out_new(t->fp, t->format, names,
		    (size_t)ncol)) == NULL ? -1 : 0;
	else if (t->format == OUT_JSON)
		rc = out_json_row(t->o, cells[0]);
	else
		rc = out_row(t->o, cells);
	if (rc != 0)
		t->failed = 1;
	return rc;
}

int
db_query(struct db *db, const char *sql, const struct db_param *params,
    size_t nparams, FILE *fp, enum out_format format, long *rows)
{
	struct to_out t = { fp, format, NULL, 0 };
	int rc;

	rc = db_query_rows(db, sql, params, nparams, format == OUT_JSON ?
	    DB_ROWS_JSON : 0, row_to_out, &t, rows);
	if (rc != DB_OK) {
		if (t.failed)
			db_fail(db, t.o == NULL ? "out of memory" :
			    "write: output failed");
		out_free(t.o);
		return rc;
	}
	if (out_end(t.o) != 0)
		return db_fail(db, "write: output failed");
	return DB_OK;
}

/*
 * The rows of SQL to ROW, as db_query() would write them: first the
 * column names alone (CELLS NULL), then each row; with DB_ROWS_JSON one
 * column, "json", each row's object built by json_object().  Writers that
 * are not out.c's (xlsx.c, html.c) and out.c's with options set by the
 * caller come through here.
 */
int
db_query_rows(struct db *db, const char *sql, const struct db_param *params,
    size_t nparams, int flags, db_row_fn *row, void *arg, long *rows)
{
	static const char *const json_names[] = { "json" };
	sqlite3_stmt *st = NULL, *inner = NULL;
	const char **names = NULL, **cells = NULL;
	char *wrapped = NULL;
	int i, n, rc = DB_ERROR, step;
	long count = 0;

	if ((inner = db_prepare(db, sql)) == NULL)
		goto out;
	if (flags & DB_ROWS_JSON) {
		if ((wrapped = json_wrap(inner, sql)) == NULL) {
			db_fail(db, "out of memory");
			goto out;
		}
		sqlite3_finalize(inner);
		if ((inner = db_prepare(db, wrapped)) == NULL)
			goto out;
	}
	st = inner;
	inner = NULL;
	n = sqlite3_column_count(st);
	names = calloc((size_t)n + 1, sizeof(*names));
	cells = calloc((size_t)n + 1, sizeof(*cells));
	if (names == NULL || cells == NULL) {
		db_fail(db, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++)
		names[i] = (flags & DB_ROWS_JSON) ? json_names[0] :
		    sqlite3_column_name(st, i);
	if ((rc = bind_params(db, st, params, nparams)) != DB_OK)
		goto out;
	rc = DB_ERROR;
	if (row(arg, n, names, NULL) != 0) {
		db_fail(db, "stopped by the writer");
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < n; i++)
			cells[i] = (const char *)sqlite3_column_text(st, i);
		if (row(arg, n, names, cells) != 0) {
			db_fail(db, "stopped by the writer");
			goto out;
		}
		count++;
	}
	if (step != SQLITE_DONE) {
		rc = db_sqlite_fail(db, "query");
		goto out;
	}
	rc = DB_OK;
	if (rows)
		*rows = count;
out:
	free(wrapped);
	free(cells);
	free(names);
	sqlite3_finalize(st);
	sqlite3_finalize(inner);
	return rc;
}
