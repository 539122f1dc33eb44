#ifndef OUT_H
#define OUT_H

#include <stddef.h>
#include <stdio.h>

/*
 * Writers for rows of text: an aligned table for people, CSV and TSV for
 * programs, Markdown for documents, JSON for both.  The caller hands column
 * names once, then one row at a time; out_end() finishes the output.
 *
 * JSON rows are not built here: SQLite's json_object() builds each row
 * (see db_query.c) and out_json_row() only frames them into an array, one
 * object a line.
 */

enum out_format {
	OUT_TABLE,
	OUT_CSV,
	OUT_TSV,
	OUT_JSON,
	OUT_MARKDOWN
};

struct out;

/* "table", "csv", "tsv", "json", "markdown" (also "md").  0 or -1. */
int		 out_format_parse(const char *name, enum out_format *format);
const char	*out_format_name(enum out_format);

/*
 * A writer of FORMAT to FP, with NCOL columns named COLUMNS (copied).
 * Returns NULL when out of memory.  Free with out_end() or out_free().
 */
struct out	*out_new(FILE *fp, enum out_format format,
		    const char *const *columns, size_t ncol);
enum out_format	 out_format(const struct out *);
/*
 * Fit an OUT_TABLE into COLUMNS terminal columns by cutting its widest
 * cells; 0 never cuts.  out_new() sets the terminal's width when FP is
 * one, else 0.
 */
void		 out_set_width(struct out *, size_t columns);

/*
 * Options of a CSV or TSV writer, for files that spreadsheets open; set
 * them with out_set_csv() before the first row.  out_new() sets none.
 */
#define OUT_BOM		0x1	/* begin with a UTF-8 byte order mark (Excel) */
#define OUT_NEUTRALISE	0x2	/* a cell out_formula() is true of gets a
				   leading ' (OWASP's CSV injection rule) */
void		 out_set_csv(struct out *, int options);
/*
 * Whether a spreadsheet would read S as a formula: it starts with '=',
 * '+', '-', '@', a tab or a carriage return.
 */
int		 out_formula(const char *s);

/* One row of NCOL cells (copied); a NULL cell is an SQL NULL.  0 or -1. */
int		 out_row(struct out *, const char *const *cells);
/* One row as a JSON object's text, for OUT_JSON only.  0 or -1. */
int		 out_json_row(struct out *, const char *object);

/*
 * Finish: the table is measured and printed here, the JSON array closed.
 * Frees the writer.  Returns 0, or -1 when a write failed.
 */
int		 out_end(struct out *);
/* Free without finishing, after an error.  out_free(NULL) does nothing. */
void		 out_free(struct out *);

/* Columns a UTF-8 string takes in a terminal: CJK characters take two. */
size_t		 out_width(const char *s);

#endif
