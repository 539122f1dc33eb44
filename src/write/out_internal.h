#ifndef OUT_INTERNAL_H
#define OUT_INTERNAL_H

/*
 * What the out*.c files share and nothing else sees: the writer itself
 * and the helpers one file keeps for the others.  out.c holds the public
 * calls and hands each row to its format's file: out_table.c (the aligned
 * table), out_stream.c (CSV, TSV, Markdown, JSON); out_width.c knows how
 * many columns a character takes and which ones are control characters.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "out.h"

struct out_col {
	size_t		 width;		/* widest cell or the name, in columns */
	size_t		 nonempty;	/* cells that are neither NULL nor "" */
	int		 text;		/* some non-empty cell is not a number */
};

struct out {
	FILE		*fp;		/* borrowed: the caller closes it */
	enum out_format	 format;
	size_t		 ncol;
	char		**columns;	/* owned copies of the names */
	struct out_col	*cols;		/* OUT_TABLE: measured as rows arrive */
	char		**cells;	/* OUT_TABLE: nkept * ncol owned copies */
	size_t		 nrow;		/* rows taken (all formats) */
	size_t		 nkept;		/* OUT_TABLE: rows in cells */
	size_t		 caprow;	/* rows that cells has room for */
	size_t		 kept;		/* OUT_TABLE: bytes that cells holds */
	FILE		*spill;		/* OUT_TABLE: the rows, past OUT_KEEP */
	size_t		 maxwidth;	/* OUT_TABLE: cut to fit; 0: never */
	struct out_json	*json;		/* OUT_JSON: the keys, for typed rows */
	int		 begun;		/* the header or '[' is out */
	int		 bold;		/* OUT_TABLE: a bold header (a terminal) */
	int		 options;	/* OUT_CSV, OUT_TSV: OUT_BOM ... */
	int		 visible;	/* show control characters escaped */
	int		 failed;	/* a call returned -1 */
};

/* ---- out_width.c ---- */

/*
 * The code point at S into *CP; the bytes it takes, at least 1.  S must
 * not be at its terminating NUL.
 */
size_t	out_utf8_decode(const char *s, uint32_t *cp);
/* The columns code point CP takes in a terminal: 0, 1 or 2. */
int	out_cp_width(uint32_t cp);
/*
 * Write the control character at *S in its visible form and move *S to
 * its last byte; 0 when *S is not at one (nothing written).
 */
int	out_put_control(FILE *fp, const char **s);

/* ---- out_table.c ---- */

/* FP's terminal width, 0 when it is no terminal or its width unknown. */
size_t	out_term_width(FILE *fp);
/* Whether to embolden the table's header on FP. */
int	out_wants_color(FILE *fp);
/* S as the table shows it: no line ends, tabs or controls.  Caller frees. */
char	*out_table_copy(const char *s);
/* Keep and measure one row.  0, or -1 when out of memory. */
int	out_table_row(struct out *, const char *const *cells);
/* Print the table: the header, the rule and every row kept. */
void	out_table_print(struct out *);

/* ---- out_stream.c ---- */

/* The header of CSV, TSV or Markdown, once, before the first row. */
void	out_stream_begin(struct out *);
/* One row of CSV, TSV or Markdown, the header first if it is not out. */
void	out_stream_row(struct out *, const char *const *cells);

#endif
