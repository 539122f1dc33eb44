#ifndef XLSX_H
#define XLSX_H

/*
 * An Excel workbook written through libxlsxwriter, row by row, for clerks:
 * every cell a text cell (codes keep their leading zeros and nothing is
 * ever a formula) but running numbers and dates (date cells, shown
 * yyyy-mm-dd), a bold frozen header with a filter, columns as wide as
 * their Chinese text, and a print set-up: landscape A4, one page wide,
 * the header on every page, a footer.  The only file that includes
 * <xlsxwriter.h>.
 */

struct xlsx;

struct xlsx_opts {
	const char	*sheet;		/* the sheet's name, or NULL: "Sheet1" */
	/*
	 * A column whose value starts a new sheet, named by it, whenever it
	 * changes (the unit of a positive list of several units); NULL: one
	 * sheet.  Rows must come grouped by it.
	 */
	const char	*split;
	const char	*title;		/* document property; may be NULL */
	/*
	 * The document's "created" date, seconds since 1970: a date taken
	 * from the data, so that the same data gives the same bytes.  0 means
	 * a fixed date, never the clock.
	 */
	long long	 created;
	/* Each sheet's printed footer, in Excel's &-codes; NULL: none. */
	const char	*footer;
	/* Headings and coded values in Chinese (labels.c); 0: as given. */
	int		 zh;
};

/*
 * A workbook to be written at PATH when xlsx_end() is called (the
 * caller's temporary file).  NULL when out of memory or when
 * libxlsxwriter cannot start one.
 */
struct xlsx	*xlsx_new(const char *path, const struct xlsx_opts *);
/*
 * The column names (CELLS NULL), once, then each row (a NULL cell stays
 * empty), as db_query() hands them.  0, or -1 with xlsx_error() set.
 */
int		 xlsx_row(struct xlsx *, int ncol, const char *const *names,
		    const char *const *cells);
/*
 * Size the columns and write the file.  0, or -1 with xlsx_error() set.
 * Free X with xlsx_free() either way.
 */
int		 xlsx_end(struct xlsx *);
/*
 * Free X.  Before xlsx_end() (after an error) the workbook is written out
 * all the same, libxlsxwriter having no way to drop one: the caller
 * removes the file.  xlsx_free(NULL) does nothing.
 */
void		 xlsx_free(struct xlsx *);
/* Why the last call failed. */
const char	*xlsx_error(const struct xlsx *);

#endif
