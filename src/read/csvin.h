#ifndef CSVIN_H
#define CSVIN_H

#include <stddef.h>

/*
 * The spreadsheet reader: the only module that includes <csv.h> and
 * <iconv.h> (the latter in its helper, decode.c).  It opens a file saved by
 * Excel or by hand, finds its encoding (BOM, then UTF-8, then GB18030; or as
 * told), its delimiter (comma, tab or semicolon, from the header line; or as
 * told) and its line ends, and hands out records as UTF-8 fields with the
 * physical line each record starts on.  It streams: memory does not grow
 * with the file.
 *
 * It never prints and never exits: every failure is kept for csvin_errmsg().
 */

struct csvin;

/* What went wrong, for the caller's exit status. */
enum csvin_err {
	CSVIN_OK = 0,
	CSVIN_EIO,	/* cannot open or read the file: exit 5 */
	CSVIN_EINPUT,	/* the file's content is refused: exit 3 */
	CSVIN_EARG	/* an encoding iconv does not know, or a delimiter
			   other than ',', '\t', ';': exit 2 */
};

/* The longest field Excel holds in a cell, in characters. */
#define CSVIN_FIELD_MAX 32767

struct csvin_row {
	long		 line;	  /* physical line the record starts on, from 1;
				     a line ends at CRLF, LF or CR, blank
				     lines and quoted line breaks included */
	size_t		 nfield;
	char		**field;  /* UTF-8, NUL-terminated, trimmed of spaces */
	size_t		*len;	  /* byte length of each field */
	const char	*error;	  /* non-NULL: this record is bad (e.g. a field
				     over CSVIN_FIELD_MAX); fields still set */
	const unsigned char *numeric; /* a workbook's: 1 for each field that
				     is a number cell; NULL in a text file */
};

/*
 * Open PATH.  ENCODING is NULL to detect, else an iconv name ("GB18030",
 * "UTF-8", "UTF-16LE", ...).  DELIMITER is 0 to detect from the header line,
 * else ',', '\t' or ';'.  Returns NULL only when out of memory; otherwise
 * check csvin_error().  Free with csvin_close().
 *
 * Detection reads the whole file once (it also computes the SHA-256 of its
 * bytes), so that a file that is not valid UTF-8 anywhere is known before
 * the first row is handed out.  So csvin_open() already refuses, with
 * CSVIN_EINPUT and the line: bytes invalid in the encoding, a NUL byte, and
 * an empty file (no bytes, only a BOM, only blank lines: "empty file").
 */
struct csvin	*csvin_open(const char *path, const char *encoding, int delimiter);

/*
 * The same, but when the encoding is certain (given, or named by a byte
 * order mark) the first pass stops after the header line: the rest is
 * hashed and checked as its records are read, the checks giving the same
 * errors on the same lines, after the records before them.  So a large
 * file is read once, not twice, before its last record; but
 * csvin_sha256() is known only once csvin_next() has said 0 (before, it
 * is "").  For an import, which records the hash at its end; not for a
 * batch of log entries, named by it from the start.
 */
struct csvin	*csvin_open_hash_as_read(const char *path, const char *encoding,
		    int delimiter);
/*
 * Either, as HASH_AS_READ says, with the sheet to read when the file is
 * an .xlsx workbook: SHEET a sheet's name or its number from 1, NULL for
 * the first.  A workbook is known by its content (a zip archive holding
 * xl/workbook.xml), not its name; its rows come out as a CSV file's do,
 * each cell where its reference puts it (column A the first field, a
 * cell left out an empty field), line the row's number.  ENCODING and
 * DELIMITER are refused for a workbook, SHEET for a text file
 * (CSVIN_EARG).  Errors in a workbook name the cell: csvin_errcol().
 */
struct csvin	*csvin_open_sheet(const char *path, const char *encoding,
		    int delimiter, int hash_as_read, const char *sheet);
void		 csvin_close(struct csvin *);

/*
 * A GB encoding (GBK, GB18030, CP936 ...) given for a file that is UTF-8
 * with some text not ASCII is refused ("the file is UTF-8, not GBK"), at
 * the open when the first pass reads the whole file, else by the last
 * csvin_next(), before it says 0.  UTF-8 given for a file that is not
 * says which encoding fits, if one does.  This asks now, reading the
 * whole file again: for a caller about to refuse the file for what may
 * be a wrong encoding (a header of mojibake).  So does a file without a
 * BOM found to be UTF-8 from its start, which may hold a NUL or a byte
 * that is not UTF-8 further on: the refusal a first pass to the end
 * gives it, rather than the header's.  0, or -1 with the error kept.
 */
int		 csvin_check_encoding(struct csvin *);

/*
 * The next record into *ROW.  Returns 1 for a record, 0 at the end, -1 on a
 * fatal error (bytes invalid in the encoding, a NUL byte, an unterminated
 * quote, a read error): see csvin_error(), csvin_errmsg(), csvin_errline().
 * ROW's pointers stay valid until the next call or csvin_close().
 * Empty lines are skipped, and so are lines that hold only white space
 * (a record of one field, empty once trimmed), and records whose every
 * field is empty (counted: csvin_blank_rows()).  The first record is the
 * header; a file with no record at all is "empty file".  Quotes follow
 * RFC 4180; a quote inside an unquoted field (abc"def) is kept as text,
 * but text after a closing quote ("abc"def) is refused.  A field over
 * 1 MiB or a record over 4 MiB or 16384 fields is refused, so that a
 * missing closing quote cannot make memory grow with the file.
 */
int		 csvin_next(struct csvin *, struct csvin_row *row);

/*
 * Excel's empty rows: records of more than one field, every one empty once
 * trimmed (",,,,"), skipped by csvin_next() and counted here.
 */
long		 csvin_blank_rows(const struct csvin *);
/*
 * Excel's empty columns: the fields of the header HDR that are empty name
 * no column (csvin_map_header() maps them to nothing), so every later
 * record must leave them empty.  The first record that does not gets, as
 * its row->error, the column's position and value, once per column.
 * 0, or -1 when out of memory.
 */
int		 csvin_unnamed_columns(struct csvin *, const struct csvin_row *hdr);

enum csvin_err	 csvin_error(const struct csvin *);
/* A lowercase reason without the file name, e.g. "bytes invalid in GB18030". */
const char	*csvin_errmsg(const struct csvin *);
/* The physical line of the error, 0 when it has none. */
long		 csvin_errline(const struct csvin *);
/* The column of the error in a workbook, from 1; 0 when it has none. */
long		 csvin_errcol(const struct csvin *);
/* The sheet read, when the file is a workbook; else NULL. */
const char	*csvin_sheet(const struct csvin *);
/*
 * Where LINE and the field AT (from 0; -1: none) are, for a message:
 * "12" in a text file, "事项!C12" in a workbook ("事项!12" without AT).
 * Into BUF (BUFSZ bytes), which it returns.
 */
const char	*csvin_where(const struct csvin *, long line, long at, char *buf,
		    size_t bufsz);

/* What was used, for the import summary: "GB18030", "UTF-8 with BOM" ... */
const char	*csvin_encoding(const struct csvin *);
/* "comma, CRLF", "tab, LF", ... */
const char	*csvin_dialect(const struct csvin *);
/*
 * SHA-256 of the file's bytes, as 64 lowercase hex digits ("" until the
 * last record when opened by csvin_open_hash_as_read()).
 */
const char	*csvin_sha256(const struct csvin *);
/* Bytes of the file, and bytes consumed so far (for a progress bar). */
long long	 csvin_size(const struct csvin *);
long long	 csvin_offset(const struct csvin *);

/*
 * Header mapping.  Each column has an English and a Chinese name; the header
 * may use either, in any order.
 */
struct csvin_col {
	const char	*en;
	const char	*zh;
	int		 required;	/* the column: 1 with a value in
					   each row, CSVIN_COLUMN_ONLY without */
};
#define CSVIN_COLUMN_ONLY	2

/*
 * Map the header HDR onto the NCOL columns COLS: INDEX[i] gets the field
 * position of COLS[i], or -1 when absent.  Names match case-insensitively
 * (English) and after trimming; an empty name maps to nothing (see
 * csvin_unnamed_columns()).  Refused: a required column missing, a
 * column named twice, and an unknown column unless IGNORE_UNKNOWN.
 * Returns 0, or -1 with the reason in ERR (ERRSZ bytes), e.g.
 * "unknown column '备考'".
 */
int		 csvin_map_header(const struct csvin_row *hdr,
		    const struct csvin_col *cols, size_t ncol,
		    int ignore_unknown, int *index, char *err, size_t errsz);

#endif
