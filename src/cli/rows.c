/*
 * Rows from the registry to out.c's writers (rows.h): the command layer
 * renders, the db layer only hands rows over.
 */
#include <stdio.h>
#include <stdlib.h>

#include "i18n.h"
#include "rows.h"

/* The cell types pass from db.h to out.h as they are. */
_Static_assert(DB_CELL_TEXT == OUT_TEXT && DB_CELL_NUMBER == OUT_NUMBER,
    "db.h's and out.h's cell types differ");

void
rows_out_init(struct rows_out *w, FILE *fp, enum out_format format)
{
	w->fp = fp;
	w->format = format;
	w->o = NULL;
	w->err = NULL;
}

int
rows_out_row(void *arg, int ncol, const char *const *names,
    const char *const *cells, const int *types)
{
	struct rows_out *w = arg;

	if (cells == NULL) {
		if ((w->o = out_new(w->fp, w->format, names,
		    (size_t)ncol)) == NULL) {
			w->err = _("out of memory");
			return -1;
		}
		return 0;
	}
	if (out_typed_row(w->o, cells, types) != 0) {
		w->err = _("write: output failed");
		return -1;
	}
	return 0;
}

int
rows_out_end(struct rows_out *w, int rc)
{
	struct out *o = w->o;

	w->o = NULL;
	if (rc != DB_OK || o == NULL) {
		out_free(o);
		return rc;
	}
	if (out_end(o) != 0) {
		w->err = _("write: output failed");
		return DB_ERROR;
	}
	return DB_OK;
}

const char *
rows_out_error(const struct rows_out *w, const struct db *db)
{
	return w->err != NULL ? w->err : db_errmsg(db);
}

/* How rows_json_sections() frames the rows of one section. */
struct section {
	FILE		*fp;
	int		 one_row;	/* the first row's object, no array */
	long		 n;		/* rows written */
	struct out_json	*json;		/* the section's keys */
	const char	*err;
};

/* A db_row_fn: each row's object, into the section's object or array. */
static int
section_row(void *arg, int ncol, const char *const *names,
    const char *const *cells, const int *types)
{
	struct section *s = arg;
	const char *object;

	if (cells == NULL) {
		if ((s->json = out_json_new(names, (size_t)ncol)) == NULL) {
			s->err = "out of memory";
			return -1;
		}
		return 0;
	}
	if (s->one_row && s->n > 0)
		return 0;
	if ((object = out_json_object(s->json, cells, types)) == NULL) {
		s->err = "out of memory";
		return -1;
	}
	if (!s->one_row)
		putc(s->n == 0 ? '[' : ',', s->fp);
	fputs(object, s->fp);
	s->n++;
	if (ferror(s->fp)) {
		s->err = "out of memory";
		return -1;
	}
	return 0;
}

int
rows_json_sections(struct rows_out *w, struct db *db,
    const struct db_section *sections, int n, const struct db_param *params,
    size_t nparams)
{
	struct section sink;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;
	int i, rc = DB_OK;

	if ((mem = open_memstream(&buf, &len)) == NULL) {
		w->err = _("out of memory");
		return DB_ERROR;
	}
	putc('{', mem);
	for (i = 0; i < n && rc == DB_OK; i++) {
		sink.fp = mem;
		sink.one_row = sections[i].one_row;
		sink.n = 0;
		sink.json = NULL;
		sink.err = NULL;
		if (i > 0)
			putc(',', mem);
		out_json_string(mem, sections[i].name);
		putc(':', mem);
		rc = db_query(db, sections[i].sql, params, nparams,
		    section_row, &sink, NULL);
		out_json_free(sink.json);
		if (sink.err != NULL)
			w->err = sink.err;
		if (sink.n == 0)
			fputs(sink.one_row ? "null" : "[]", mem);
		else if (!sink.one_row)
			putc(']', mem);
	}
	fputs("}\n", mem);
	if (ferror(mem)) {
		fclose(mem);
		free(buf);
		if (rc == DB_OK) {
			w->err = _("out of memory");
			rc = DB_ERROR;
		}
		return rc;
	}
	fclose(mem);
	if (rc == DB_OK) {
		fwrite(buf, 1, len, w->fp);
		if (ferror(w->fp)) {
			w->err = _("write: output failed");
			rc = DB_ERROR;
		}
	}
	free(buf);
	return rc;
}

int
rows_sections(struct rows_out *w, struct db *db,
    const struct db_section *sections, int n, const struct db_param *params,
    size_t nparams)
{
	enum out_format format = w->format;
	FILE *fp = w->fp;
	int i, rc = DB_OK;

	if (format == OUT_JSON)
		return rows_json_sections(w, db, sections, n, params, nparams);
	for (i = 0; i < n && rc == DB_OK; i++) {
		if (format == OUT_TABLE || format == OUT_MARKDOWN)
			fprintf(fp, "%s%s%s\n\n", i ? "\n" : "",
			    format == OUT_MARKDOWN ? "## " : "",
			    _(sections[i].title));
		else if (i > 0)
			putc('\n', fp);
		rows_out_init(w, fp, format);
		rc = rows_out_end(w, db_query(db, sections[i].sql, params,
		    nparams, rows_out_row, w, NULL));
	}
	return rc;
}
