#ifndef SHEET_H
#define SHEET_H

#include <stddef.h>

#include "csvin.h"
#include "opt.h"
#include "refs.h"

/*
 * A clerk's sheet as the importing commands read it (unit import, import,
 * delegate --file): a CSV file or an .xlsx workbook, their shared
 * options, the header mapped onto columns, the checks every row needs,
 * and errors reported as FILE:LINE: reason (FILE:SHEET!CELL: in a
 * workbook), up to SHEET_MAX_ERRORS of them.
 */

#define SHEET_MAX_ERRORS	100
#define SHEET_MAX_COLUMNS	8
#define SHEET_HASH_LEN		32	/* a SHA-256 */
#define SHEET_TITLE_MAX		20	/* records looked at for the header */

/* Kinds a unit reference may be, as a mask of 1 << enum unit_kind. */
#define NEW_AREA_LEVEL ((1u << KIND_NEW_AREA) | (1u << KIND_DEPARTMENT))
#define ANY_KIND 0xfu

/* The columns of each kind of file (sheet.c), code first. */
#define SHEET_UNIT_COLS		5
#define SHEET_POWER_COLS	8
enum log_col {
	LOG_COL_POWER, LOG_COL_FROM, LOG_COL_TO, LOG_COL_MODE,
	LOG_COL_DOCUMENT, LOG_COL_EFFECTIVE, LOG_COL_NOTE, SHEET_LOG_COLS
};
extern const struct csvin_col sheet_unit_cols[SHEET_UNIT_COLS];
extern const struct csvin_col sheet_power_cols[SHEET_POWER_COLS];
extern const struct csvin_col sheet_log_cols[SHEET_LOG_COLS];

struct sheet_opts {
	int		 dry_run;
	int		 ignore_unknown;
	const char	*encoding;
	int		 delimiter;
	const char	*file;
	const char	*sheet;		/* --sheet: a workbook's, or NULL */
	int		 hash_as_read;	/* csvin_open_hash_as_read() */
};

struct sheet_ahead;

struct sheet {
	const struct sheet_opts	*opts;
	struct csvin		*in;
	struct refs		 refs;
	int			 index[SHEET_MAX_COLUMNS];
	size_t			 nheader;
	long			 header_line;
	long			 errors;
	int			 silent;	/* sheet_error() says nothing */
	struct sheet_ahead	*ahead;		/* rows read ahead, if any */
	long			 title[SHEET_TITLE_MAX];	/* lines of the
						   title rows above the header */
	size_t			 ntitle;
	const struct csvin_col	*cols;		/* sheet_open()'s */
	size_t			 ncol;
};

/*
 * The options every import takes (delegate --csv's too), and where they
 * go: an OPT_INCLUDE of sheet_opt_table parses them into sheet_opt_values.
 */
extern const struct opt sheet_opt_table[];
extern struct sheet_opts sheet_opt_values;
/* The FILE operand of an import, into sheet_opt_values; -1 to go on. */
int	sheet_file_operand(int argc, char **argv);
/*
 * Parse the options every import takes, and the FILE operand, into O.
 * Returns -1 to go on, else the exit status.
 */
int	sheet_options(int argc, char **argv, struct sheet_opts *);
/* ',' for "comma" or ",", '\t' for "tab", ';' for "semicolon"; else -1. */
int	sheet_parse_delimiter(const char *);
/*
 * Open the file and map its header onto COLS.  The header is the first
 * record (of the first SHEET_TITLE_MAX) with a cell that names one of
 * COLS: the records above it are title rows, skipped.  When none does,
 * the first record is reported as the header, with the way out when it
 * is one of another kind of file or one column holding a delimiter.
 * Returns -1 to go on, else the exit status (the error reported).
 */
int	sheet_open(struct sheet *, const struct csvin_col *cols, size_t ncol);
/*
 * For the import summary: the title rows skipped above the header and
 * Excel's empty rows, one line each, if any.
 */
void	sheet_print_skipped(const struct sheet *);
/* Free what the sheet holds: the reader and the refs. */
void	sheet_close(struct sheet *);
/*
 * Report a fatal reader error: bad content is refused like bad rows (every
 * error counted, exit 3); a read error is exit 5, a bad --encoding 2.
 */
int	sheet_reader_failed(struct sheet *);
/*
 * Report an error at LINE (0: the file as a whole); only the first
 * SHEET_MAX_ERRORS print.
 */
void	sheet_error(struct sheet *, long line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/*
 * The same, about column COL of the sheet's columns (an index into the
 * COLS of sheet_open(); -1: the row): a workbook's error names its cell.
 */
void	sheet_cell_error(struct sheet *, long line, int col, const char *fmt,
	    ...) __attribute__((format(printf, 4, 5)));
/* Report how many errors there were; returns EXIT_INPUT. */
int	sheet_refuse(struct sheet *);

/* Column I of ROW, or "" when the file has no such column. */
const char	*sheet_field(const struct sheet *, const struct csvin_row *,
		    int i);
/*
 * What every row needs: the reader's verdict, the number of fields, the
 * required ones not empty, a code without control characters.  0 when
 * the row may go on to the rest of the checks.
 */
int	sheet_check_shape(struct sheet *, const struct csvin_row *,
	    const struct csvin_col *cols, size_t ncol);
/*
 * The unit REF names, which must be of one of KINDS (a mask) described
 * by KINDS_TEXT; NULL, the error reported, when not.  WHAT names the
 * column in the message.
 */
const struct unit_info *sheet_unit(struct sheet *, long line,
		    const char *what, const char *ref, unsigned kinds,
		    const char *kinds_text);

/*
 * Reading ahead: while the caller writes one row, another thread reads,
 * checks, resolves and hashes the rows after it, and hands them over in
 * the order of the file.  Messages stay in order: a row the thread finds
 * bad is checked again, aloud, when its turn comes.
 */

/* A row read ahead.  Its pointers stay valid until the next call. */
struct sheet_row {
	long		 line;
	long long	 offset;	/* bytes of the file read by then */
	const char	*field[SHEET_MAX_COLUMNS];	/* resolved */
	unsigned char	 hash[SHEET_HASH_LEN];
	int		 failed;	/* the hash could not be computed */
};

/*
 * Check ROW, resolve it into OUT->field and hash it into OUT->hash (on
 * failure set OUT->failed and return 0).  Returns 0 when the row is good,
 * -1 when it is not, its errors reported through CTX: silent in the
 * thread, aloud when checked again.  May read CTX's options, header and
 * refs, nothing else, and must give the same answer twice.
 */
typedef int	sheet_check_fn(struct sheet *ctx, const struct csvin_row *row,
		    struct sheet_row *out, void *arg);

/*
 * Read the rows of the open sheet ahead with CHECK, in a thread when the
 * file has at least MIN_BYTES (reading in line below that, or when no
 * thread can be had).  Returns -1 to go on, else the exit status.
 * sheet_close() stops it.
 */
int	sheet_ahead_start(struct sheet *, sheet_check_fn *check, void *arg,
	    long long min_bytes);
/*
 * The next good row: 1, 0 at the end, -1 when the reader failed (then
 * sheet_ahead_failed() reports it and gives the exit status).  Bad rows
 * are reported and skipped.
 */
int	sheet_ahead_next(struct sheet *, struct sheet_row *);
int	sheet_ahead_failed(struct sheet *);
/*
 * Stop the reading thread, if any, and free what reading ahead holds;
 * nothing when the sheet reads no rows ahead.  sheet_close() calls it.
 */
void	sheet_ahead_stop(struct sheet *);

#endif
