#ifndef ROWS_H
#define ROWS_H

#include <stdio.h>

#include "db.h"
#include "out.h"

/*
 * The rows of a db query to one of out.c's writers: the command layer's
 * glue between db.h, which hands rows to a db_row_fn and knows no format,
 * and out.h, which writes them.  The command sets a sink up, gives
 * rows_out_row() and the sink to the db function, and passes the result
 * to rows_out_end():
 *
 *	rows_out_init(&w, stdout, format);
 *	rc = rows_out_end(&w, db_history(db, &f, rows_out_row, &w));
 *	if (rc != DB_OK)
 *		warnx("history: %s", rows_out_error(&w, db));
 */
struct rows_out {
	FILE		*fp;		/* borrowed */
	enum out_format	 format;
	struct out	*o;		/* made at the column names */
	const char	*err;		/* why the writer failed, or NULL */
	int		 titles;	/* column names translated (gettext);
					   rows_out_init() sets it for a table
					   and Markdown, sql takes it off */
};

void	rows_out_init(struct rows_out *, FILE *fp, enum out_format format);
/* A db_row_fn: the column names make the writer, each row goes to it. */
int	rows_out_row(void *arg, int ncol, const char *const *names,
	    const char *const *cells, const int *types);
/*
 * Finish after the db function returned RC: the writer is ended (the
 * table printed, the JSON array closed) when RC is DB_OK, else freed.
 * Returns RC, or DB_ERROR when the output failed.
 */
int	rows_out_end(struct rows_out *, int rc);
/* Why it failed: the writer's reason, else the registry's. */
const char *rows_out_error(const struct rows_out *, const struct db *);

/*
 * The N SECTIONS (PARAMS bound) as one JSON object to W's file, each row
 * an object with a key for each column, a one-row section an object and
 * the others arrays: {"summary": {...}, "by_new_city": [...], ...}.  The
 * whole object is built first and written at once, so that a failure
 * leaves no half object.  W's format is not used; rows_out_end() is not
 * needed.  DB_OK or an error, rows_out_error() saying why.
 */
int	rows_json_sections(struct rows_out *w, struct db *,
	    const struct db_section *sections, int n,
	    const struct db_param *params, size_t nparams);
/*
 * The N SECTIONS (PARAMS bound) in W's format to W's file: JSON as
 * rows_json_sections() writes it; a table or markdown with each
 * section's title above it; CSV and TSV a blank line between sections.
 * DB_OK or an error, rows_out_error() saying why.
 */
int	rows_sections(struct rows_out *w, struct db *,
	    const struct db_section *sections, int n,
	    const struct db_param *params, size_t nparams);

#endif
