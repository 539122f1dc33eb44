/*
 * Rows from the registry to out.c's writers (rows.h): the command layer
 * renders, the db layer only hands rows over.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "rows.h"

/* The cell types pass from db.h to out.h as they are. */
_Static_assert(DB_CELL_TEXT == OUT_TEXT && DB_CELL_NUMBER == OUT_NUMBER,
    "db.h's and out.h's cell types differ");

/*
 * The names of the columns the registry's queries give, in the context
 * "column" (so that "powers", a count here, is not the noun of the
 * messages): the titles of a table or Markdown for people, translated.
 * CSV, TSV and JSON, for programs, keep the names.
 */
static const char *const titles[] = {
	NC_("column", "as_of"), NC_("column", "at"), NC_("column", "at_date"),
	NC_("column", "attribute"), NC_("column", "category"),
	NC_("column", "category_code"), NC_("column", "cancelled_by"),
	NC_("column", "cancelled_from"), NC_("column", "change"),
	NC_("column", "class"), NC_("column", "code"),
	NC_("column", "delegated_to_new_cities"), NC_("column", "department"),
	NC_("column", "department_code"), NC_("column", "description"),
	NC_("column", "document"), NC_("column", "documents"),
	NC_("column", "economic_powers"), NC_("column", "effective"),
	NC_("column", "entrusted"), NC_("column", "exercised_by"),
	NC_("column", "file"), NC_("column", "from_code"),
	NC_("column", "from_name"), NC_("column", "from_unit"),
	NC_("column", "holder"), NC_("column", "holder_code"),
	NC_("column", "holders"), NC_("column", "kept_by_new_area_level"),
	NC_("column", "kind"), NC_("column", "legal_basis"),
	NC_("column", "level"), NC_("column", "mode"), NC_("column", "name"),
	NC_("column", "new_value"), NC_("column", "no"), NC_("column", "note"),
	NC_("column", "old_value"), NC_("column", "operator"),
	NC_("column", "parent"), NC_("column", "parent_code"),
	NC_("column", "power"), NC_("column", "power_name"),
	NC_("column", "powers"), NC_("column", "recorded_at"),
	NC_("column", "recorded_by"), NC_("column", "recorded_on"),
	NC_("column", "retired_from"), NC_("column", "seq"),
	NC_("column", "share_percent"), NC_("column", "since"),
	NC_("column", "social_powers"), NC_("column", "to_code"),
	NC_("column", "to_name"), NC_("column", "to_unit"),
	NC_("column", "unit"), NC_("column", "unit_code"),
	NC_("column", "unit_kind"), NC_("column", "within"),
	NC_("column", "within_code"),
};

/* NAME's title for people: its translation, else NAME.  Static. */
static const char *
title(const char *name)
{
	return gettext_in(titles, sizeof(titles) / sizeof(titles[0]),
	    "column", name);
}

void
rows_out_init(struct rows_out *w, FILE *fp, enum out_format format)
{
	w->fp = fp;
	w->format = format;
	w->o = NULL;
	w->err = NULL;
	w->titles = format == OUT_TABLE || format == OUT_MARKDOWN;
}

/* The writer, its columns titled when W's are (out_new() copies them). */
static struct out *
make_writer(struct rows_out *w, int ncol, const char *const *names)
{
	const char **t;
	struct out *o;
	int i;

	if (!w->titles)
		return out_new(w->fp, w->format, names, (size_t)ncol);
	if ((t = calloc((size_t)ncol + 1, sizeof(*t))) == NULL)
		return NULL;
	for (i = 0; i < ncol; i++)
		t[i] = title(names[i]);
	o = out_new(w->fp, w->format, t, (size_t)ncol);
	free(t);
	return o;
}

int
rows_out_row(void *arg, int ncol, const char *const *names,
    const char *const *cells, const int *types)
{
	struct rows_out *w = arg;

	if (cells == NULL) {
		if ((w->o = make_writer(w, ncol, names)) == NULL) {
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
