/*
 * Running a query into an output writer.  The named queries of the other
 * db_*.c files and the 'sql' command come through here.
 */
#include <stdio.h>
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

/* How db_query_json_sections() frames the rows of one section. */
struct section {
	FILE		*fp;
	int		 one_row;	/* the first row's object, no array */
	long		 n;		/* rows written */
};

/* A db_row_fn: each row's object, into the section's object or array. */
static int
section_row(void *arg, int ncol, const char *const *names,
    const char *const *cells)
{
	struct section *s = arg;

	(void)ncol;
	(void)names;
	if (cells == NULL || (s->one_row && s->n > 0))
		return 0;
	if (!s->one_row)
		putc(s->n == 0 ? '[' : ',', s->fp);
	fputs(cells[0], s->fp);
	s->n++;
	return ferror(s->fp) ? -1 : 0;
}

/*
 * The sections are run one after the other into a buffer, each row's
 * object built by out_json_object() as for db_query(), and written at
 * once when all have run, so that a failure leaves no half object.
 */
int
db_query_json_sections(struct db *db, const struct db_section *sections,
    int n, const struct db_param *params, size_t nparams, FILE *fp)
{
	struct section sink;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;
	int i, rc = DB_OK;

	if ((mem = open_memstream(&buf, &len)) == NULL)
		return db_fail(db, "out of memory");
	putc('{', mem);
	for (i = 0; i < n && rc == DB_OK; i++) {
		sink.fp = mem;
		sink.one_row = sections[i].one_row;
		sink.n = 0;
		if (i > 0)
			putc(',', mem);
		out_json_string(mem, sections[i].name);
		putc(':', mem);
		rc = db_query_rows(db, sections[i].sql, params, nparams,
		    DB_ROWS_JSON, section_row, &sink, NULL);
		if (sink.n == 0)
			fputs(sink.one_row ? "null" : "[]", mem);
		else if (!sink.one_row)
			putc(']', mem);
	}
	fputs("}\n", mem);
	if (ferror(mem)) {
		fclose(mem);
		free(buf);
		return rc != DB_OK ? rc : db_fail(db, "out of memory");
	}
	fclose(mem);
	if (rc == DB_OK) {
		fwrite(buf, 1, len, fp);
		if (ferror(fp))
			rc = db_fail(db, "write: output failed");
	}
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
 * Column I of ST's current row as text, for the writers: NULL for an SQL
 * NULL, a BLOB as lowercase hex into *HEX (grown as needed, *CAP bytes;
 * the caller frees it), the rest as sqlite3_column_text() gives it; *TYPE
 * gets OUT_NUMBER for an integer or a real.  Valid until the next step.
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

	*type = OUT_TEXT;
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		return NULL;
	case SQLITE_INTEGER:
	case SQLITE_FLOAT:
		*type = OUT_NUMBER;
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
 * The rows of SQL to ROW, as db_query() would write them: first the
 * column names alone (CELLS NULL), then each row, a BLOB as lowercase
 * hex; with DB_ROWS_JSON one column, "json", each row's object built by
 * out_json_object(), a key for each column.  Writers that are not out.c's
 * (xlsx.c, html.c) and out.c's with options set by the caller come
 * through here.
 */
int
db_query_rows(struct db *db, const char *sql, const struct db_param *params,
    size_t nparams, int flags, db_row_fn *row, void *arg, long *rows)
{
	static const char *const json_names[] = { "json" };
	sqlite3_stmt *st = NULL;
	const char **names = NULL, **cells = NULL, *object = NULL;
	char **hex = NULL;
	size_t *hexcap = NULL;
	int *types = NULL;
	struct out_json *json = NULL;
	int i, n = 0, rc = DB_ERROR, step, failed = 0;
	long count = 0;

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
		db_fail(db, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++)
		names[i] = sqlite3_column_name(st, i);
	if ((flags & DB_ROWS_JSON) &&
	    (json = out_json_new(names, (size_t)n)) == NULL) {
		db_fail(db, "out of memory");
		goto out;
	}
	if ((rc = bind_params(db, st, params, nparams)) != DB_OK)
		goto out;
	rc = DB_ERROR;
	if ((json ? row(arg, 1, json_names, NULL) :
	    row(arg, n, names, NULL)) != 0) {
		db_fail(db, "stopped by the writer");
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < n; i++)
			cells[i] = cell_text(st, i, &hex[i], &hexcap[i],
			    &types[i], &failed);
		if (failed || (json && (object = out_json_object(json, cells,
		    types)) == NULL)) {
			db_fail(db, "out of memory");
			goto out;
		}
		if ((json ? row(arg, 1, json_names, &object) :
		    row(arg, n, names, cells)) != 0) {
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
	out_json_free(json);
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
