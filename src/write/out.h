#ifndef OUT_H
#define OUT_H

#include <stddef.h>
#include <stdio.h>

/*
 * Writers for rows of text: an aligned table for people, CSV and TSV for
 * programs, Markdown for documents, JSON for both.  The caller hands column
 * names once, then one row at a time; out_end() finishes the output.
 *
 * A JSON row is an object built by out_json_object() from the cells and
 * their types (out_typed_row() does both) and framed by out_json_row()
 * into an array, one object a line.
 *
 * Control characters (C0 but the tab and the line end, DEL and C1) are
 * shown as \xHH, the code point in hex ("\x1b" for ESC), wherever a
 * person reads: in the table and in Markdown always, in CSV and TSV when
 * FP is a terminal.  CSV and TSV to a file or a pipe keep the value; JSON
 * escapes every control as \u00HH, which keeps it and shows nothing raw.
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

/*
 * Show control characters escaped (ON) or keep them (0), in CSV and TSV;
 * out_new() sets it when FP is a terminal.  The table and Markdown always
 * show them escaped.
 */
void		 out_set_visible(struct out *, int on);
/*
 * When S starts with a control character (any C0, DEL, or a C1 in UTF-8),
 * its visible form "\xHH" into BUF and the bytes it takes in S; else 0.
 */
size_t		 out_control(const char *s, char buf[5]);
/*
 * As out_control(), for text that keeps its tabs and line ends (LF,
 * CR LF): 0 at those too.  HTML pages and workbook cells.
 */
size_t		 out_text_control(const char *s, char buf[5]);

/* One row of NCOL cells (copied); a NULL cell is an SQL NULL.  0 or -1. */
int		 out_row(struct out *, const char *const *cells);
/* One row as a JSON object's text, for OUT_JSON only.  0 or -1. */
int		 out_json_row(struct out *, const char *object);
/*
 * One row of NCOL cells with their TYPES (OUT_TEXT or OUT_NUMBER, below;
 * NULL: all text), for every format: for OUT_JSON the object with a key
 * for each column, as out_json_object() builds it; for the others the
 * cells as out_row() takes them.  0 or -1.
 */
int		 out_typed_row(struct out *, const char *const *cells,
		    const int *types);

/*
 * A cell's type, for JSON: OUT_NUMBER cells are written as they are
 * (SQLite's text of an integer or a real), OUT_TEXT cells as strings (a
 * BLOB comes as its hex).  A NULL cell is null whatever its type.
 */
#define OUT_TEXT	0
#define OUT_NUMBER	1

/*
 * Rows of NCOL columns named COLUMNS (copied) as JSON objects.  Each
 * column has a key of its own: the first column of a name keeps it; a
 * later one of the same name takes NAME_2, NAME_3 ..., the first that no
 * column has and no earlier key took ("a", "b", "a" -> a, b, a_2; with a
 * real column a_2 the repeat is a_3).  NULL when out of memory; free with
 * out_json_free().
 */
struct out_json	*out_json_new(const char *const *columns, size_t ncol);
/* The key out_json_new() gave column I; valid until out_json_free(). */
const char	*out_json_key(const struct out_json *, size_t i);
/*
 * The row CELLS (NCOL, TYPES each OUT_TEXT or OUT_NUMBER; TYPES NULL: all
 * text) as one JSON object on one line: {"a":1,"b":"x"}.  Borrowed until
 * the next call or out_json_free(); NULL when out of memory.
 */
const char	*out_json_object(struct out_json *, const char *const *cells,
		    const int *types);
void		 out_json_free(struct out_json *);
/* S as a JSON string, quotes included, to FP. */
void		 out_json_string(FILE *fp, const char *s);

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
