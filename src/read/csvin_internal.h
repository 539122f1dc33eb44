#ifndef CSVIN_INTERNAL_H
#define CSVIN_INTERNAL_H

/*
 * What the csvin*.c files share and nothing else sees: the reader's state
 * and the few functions one file calls in another.
 *
 *	csvin.c		opening (files, standard input), closing, the getters
 *	csvin_detect.c	the first pass: hash, encoding, dialect
 *	csvin_encoding.c  an encoding given checked against the file, and
 *			a GB18030 file's lines of UTF-8
 *	csvin_read.c	the second pass: records through libcsv
 *	csvin_header.c	mapping a header onto columns
 *	xlsxin.c	a workbook instead (xlsxin_internal.h): its package
 *	xlsxin_sheet.c	and its sheet, streamed into the same records
 *
 * Two passes over the file.  The first (csvin_detect()) reads every byte
 * once: it hashes them and decodes them, as the caller said, as the BOM
 * says, or both as UTF-8 and as GB18030 side by side, and on the decoded
 * text it counts lines, notes the first NUL and the first invalid byte,
 * the first line end, and counts the delimiters of the header.  It keeps
 * only counters, so a 150 MB file costs no more memory than a 1 KB one,
 * and a file that is bad at its last line is refused before any row is
 * imported.  Opened by csvin_open_hash_as_read(), a file whose encoding
 * is certain is read by the first pass only to the end of its header:
 * the second pass hashes the bytes, and its own checks of NULs and
 * invalid bytes, which are there for a file changed between the passes,
 * give the same errors on the same lines.  An import of 1M rows so ends
 * 0.7 s sooner.  Without a BOM the encoding is certain once GB18030 has
 * failed on bytes that UTF-8 takes, most often on the first row of
 * Chinese; a later invalid byte then fails both, and the second pass
 * reports any of its input errors as the whole file's verdict would
 * (csvin_late_verdict()).  A file of ASCII is read to its end, or to its
 * first byte over 0x7f, which may be GB18030's.
 *
 * The second pass (csvin_next()) rewinds, decodes again and feeds libcsv
 * one physical line at a time: a record starts on the line before which
 * libcsv was between records.  A line ends at CRLF, LF or CR, wherever it
 * is: Excel ends rows with CRLF but breaks lines inside a cell with a bare
 * LF, and a clerk's editor counts both, so the line end found first only
 * names the dialect.  libcsv ends records on CR or LF alike, which agrees.
 */

#include <stdio.h>

#include <csv.h>
#include <openssl/evp.h>

#include "csvin.h"
#include "decode.h"
#include "hash.h"

/* Bytes read at a time, in both passes. */
#define BLOCK		(64 * 1024)

/*
 * Strict, so that text after a closing quote ("abc"def) is an error rather
 * than silently swallowing the following lines into the field until the
 * next quote.  Its other complaint, a quote inside an unquoted field
 * (abc"def, common in hand-made files), is forgiven in feed().
 */
#define CSV_OPTS	(CSV_STRICT | CSV_STRICT_FINI)


struct csvin {
	FILE		*fp;
	char		*raw;		/* BLOCK bytes as read */
	enum csvin_err	 err;
	char		 errmsg[256];
	long		 errline;

	char		 encoding[64];
	char		 dialect[128];	/* or a sheet's name, 31 characters */
	char		 sha256[HASH_HEX_LEN + 1];
	int		 delim;
	long long	 size;		/* bytes of the file */
	long long	 offset;	/* bytes read in the second pass */
	EVP_MD_CTX	*md;		/* hashing in the second pass, or NULL */

	/*
	 * An encoding given that is not one of Unicode's (GBK, GB18030,
	 * CP1252, BIG5 ...) on a file that may be UTF-8: the bytes are
	 * checked as UTF-8 too, as they are read, and the file refused at
	 * its end if they are (with some not ASCII).  A file of UTF-8 read
	 * as any of them is mojibake.
	 */
	const char	*forced;	/* the encoding given, or NULL */
	int		 gb_forced;	/* and it is not a Unicode encoding */
	struct decode	*u8;		/* the bytes as UTF-8, while valid */
	int		 nonascii;	/* a byte over 0x7f seen */

	/*
	 * UTF-8 without a BOM, found so by a first pass that stopped once
	 * GB18030 had failed: an error of the second pass gives way to the
	 * verdict a first pass to the end would have given (invalid in both,
	 * or a NUL), see csvin_late_verdict().
	 */
	int		 not_gb;

	/* The second pass. */
	struct decode	*dec;
	const char	*text;		/* decoded text, owned by dec */
	size_t		 textlen;
	size_t		 textpos;
	int		 started;	/* some text seen: the BOM is behind */
	int		 eof;		/* all bytes read and decoded */
	int		 decerr;	/* the text ends at an invalid byte */
	int		 finished;	/* csv_fini() called */
	int		 done;		/* csvin_next() said 0 */
	int		 at_line_start;
	int		 pending_cr;	/* a line ended at a CR that ended the
					   text: an LF may follow */
	long		 line;		/* the physical line being fed */
	long		 rec_line;	/* the line the record started on */
	long		 nrec;		/* records handed out */
	struct csv_parser parser;
	int		 parser_init;

	/* The record being built: fields copied out of libcsv's buffer. */
	char		*rbuf;
	size_t		 rlen, rcap;
	size_t		*roff;		/* each field's offset in rbuf */
	size_t		*rlens;
	char		**rfield;
	size_t		 nfield, fcap;
	int		 row_done;	/* libcsv ended the record */
	char		 rowerr[256];
	long		 nblank;	/* records of empty fields skipped */

	/* The header's columns without a name, and whether one held text. */
	size_t		*unnamed;
	char		*unnamed_said;
	size_t		 nunnamed;
	size_t		 width;		/* the header's fields, once known */

	/* An .xlsx workbook, read instead of text (xlsxin.c), or NULL. */
	struct xlsxin	*x;
	long		 errcol;	/* the column of the error, from 1 */
};

/* csvin.c */

/*
 * Keep the first fatal error in C, printf-style, at LINE (0: none).
 * Returns -1, for the callers' convenience.
 */
int	csvin_fail(struct csvin *c, enum csvin_err, long line,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* csvin_read.c: the record being built, for both readers. */

/* Append a field, trimmed.  0, or -1 with the error kept. */
int	csvin_add_field(struct csvin *c, const char *s, size_t len);
/* The record built into ROW: 1, or 0 when it is blank (skipped). */
int	csvin_hand_out(struct csvin *c, struct csvin_row *row);
void	csvin_row_reset(struct csvin *c);

/* xlsxin.c, xlsxin_sheet.c */

/*
 * Whether the file, at its start, is a zip archive (what an .xlsx is);
 * an OLE2 file (.xls) is refused.  1, 0, or -1 with the error kept.
 */
int	xlsxin_sniff(struct csvin *c);
/*
 * Open the workbook C->fp holds, its sheet SHEET (a name or a number
 * from 1; NULL: the first): hash it, check the package, read its shared
 * strings and styles, and start the sheet.  0, or -1 with the error kept.
 */
int	xlsxin_open(struct csvin *c, const char *sheet);
/* csvin_next() for a workbook. */
int	xlsxin_next(struct csvin *c, struct csvin_row *row);
void	xlsxin_close(struct xlsxin *x);
/* The sheet's name, for errors and the summary. */
const char *xlsxin_sheet(const struct xlsxin *x);

/* csvin_detect.c */

/*
 * The first pass: hash the file, find its encoding, check that all of it
 * decodes, and find its dialect.  ENCODING and DELIMITER are as given to
 * csvin_open().  With HASH_AS_READ, a file is read only as far as its
 * encoding is certain and its header read, and the second pass hashes it.  On
 * success C has its encoding, dialect, hash (or a hash begun), size and
 * decoder (rewound).  Returns 0, or -1 with the error kept in C.
 */
int	csvin_detect(struct csvin *c, const char *encoding, int delimiter,
	    int hash_as_read);
/* The index of CH in the candidate delimiters (, \t ;), or -1. */
int	csvin_delim_index(unsigned char ch);

/* csvin_encoding.c */

/* Check N more bytes of the file, RAW, as UTF-8 (see struct csvin). */
void	csvin_u8_feed(struct csvin *c, const char *raw, size_t n, int eof);
/* Refuse a file read to its end as a GB encoding that is UTF-8.  0 or -1. */
int	csvin_u8_verdict(struct csvin *c);
/*
 * Refuse bytes invalid in the encoding NAME at LINE, saying which
 * encoding fits when one was given.  Returns -1.
 */
int	csvin_invalid_bytes(struct csvin *c, const char *name, long line);
/*
 * Refuse a GB18030 file with a line of UTF-8 in it, naming both lines:
 * an extra pass over the file.  0, or -1 with the error kept.
 */
int	csvin_mixed(struct csvin *c);

/* csvin_detect.c, for the second pass */

/*
 * After the second pass has failed with an input error, on a file that
 * C->not_gb says is UTF-8 by a part of it: the error the whole file gives
 * in its place, if it has a byte that is not UTF-8 or a NUL (the first
 * pass reads such a file to its end, and conclude() says so).
 */
void	csvin_late_verdict(struct csvin *c);
/*
 * The same verdict asked for before any error, by csvin_check_encoding():
 * 0 if the whole file has none to give, else -1 with it kept in C.
 */
int	csvin_late_check(struct csvin *c);
/* The hash of MD, finished, into C as hex.  0, or -1 when libcrypto fails. */
int	csvin_keep_digest(struct csvin *c, EVP_MD_CTX *md);

#endif
