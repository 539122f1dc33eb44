#ifndef XLSXIN_INTERNAL_H
#define XLSXIN_INTERNAL_H

/*
 * The .xlsx reader, shared by xlsxin.c (the package: the zip through
 * libzip, the workbook, its relationships, styles and shared strings,
 * each parsed whole by expat) and xlsxin_sheet.c (the sheet, streamed by
 * expat from zip_fread(), one row at a time, into the records of
 * csvin_read.c).  The only files that include <zip.h> and <expat.h>.
 *
 * Memory: the sheet is never held whole; a row is parsed, handed out,
 * and the parser suspended (XML_StopParser) until the next row is asked
 * for.  The shared strings are kept, since a cell names one by its
 * index anywhere in the sheet: the first SST_MEMORY bytes in memory, the
 * rest on a scratch file (xlsxin_sst.h).
 */

#include <stdint.h>

#include <expat.h>
#include <zip.h>

#include "csvin_internal.h"
#include "xlsxin_sst.h"

/*
 * Zip bombs.  A cap on the bytes inflated, every entry read counted:
 * 1 GiB, 4 times the sheet XML of a million powers of 8 columns (about
 * 250 MB), while inflating it takes a few seconds, not the disk or the
 * night.  And a cap on each entry's ratio, its bytes over its
 * compressed bytes, counted as they come, whatever its header claims:
 * sheet XML compresses 5 to 30 times, styled empty cells some 100;
 * 200 is past any sheet, and it applies only past 1 MiB, where a bomb
 * begins to cost.
 */
#define XLSX_TOTAL_MAX	(1LL << 30)
#define XLSX_RATIO_MAX	200
#define XLSX_RATIO_FROM	(1LL << 20)
/* Bytes inflated at a time. */
#define XLSX_CHUNK	(64 * 1024)
/* Excel's sheet names are at most 31 characters. */
#define XLSX_NAME_MAX	128

/* An entry of the package being read, checked as it is. */
struct xentry {
	zip_file_t	*zf;
	char		 name[256];
	zip_uint64_t	 size, comp;	/* the header's claims */
	long long	 got;		/* bytes inflated */
};

struct xlsxin {
	zip_t		*zip;
	long long	 total;		/* bytes inflated, every entry */
	int		 date1904;
	char		 sheet[XLSX_NAME_MAX];
	char		 part[256];	/* the sheet's entry */

	/* Styles: whether each cell format (s="N") is a date's. */
	unsigned char	*xf_date;
	size_t		 nxf, xfcap;

	/* Shared strings: in memory, then on a scratch file. */
	struct sst	 sst;

	/* The sheet, streamed. */
	struct xentry	 ent;
	XML_Parser	 p;
	int		 suspended;	/* a row ended: the parser waits */
	int		 final;		/* the last bytes given to expat */
	int		 row_ready;
	int		 done;
	long		 row;		/* the row being read, from 1 */
	long		 col;		/* the next cell's column, from 0 */
	int		 in_row, in_cell, in_text, in_rph, in_is;
	char		 ctype[12];	/* the cell's t="" */
	long		 cstyle;	/* its s="" */
	long		 ccol;
	char		*cbuf;		/* its text */
	size_t		 clen, ccap;
	unsigned char	*numeric;	/* of each field: a number cell */
	size_t		 numlen, numcap;

	/* Parsing a whole document: the state of its handlers. */
	int		 depth;
	char		 want_id[64];	/* the sheet's relationship */
	long		 nth;		/* sheets seen, or the one asked */
	const char	*ask;		/* --sheet, or NULL */
	char		 names[512];	/* the sheets, for the message */
	int		 found;
	int		 in_xfs, in_si;
	char		*numfmt_date;	/* custom formats, by id, 164.. */
};

/* xlsxin.c */

/* The local name of an XML name: "x:row" is "row". */
const char	*xlsx_local(const char *name);
/* The attribute NAME (a local name) of ATTS, or NULL. */
const char	*xlsx_attr(const char **atts, const char *name);
/*
 * Open the entry NAME (missing: 0 when OPTIONAL, else refused), refusing
 * an encrypted one.  1 open, 0 missing, -1 with the error kept.
 */
int	xlsx_entry_open(struct csvin *c, struct xentry *e, const char *name,
	    int optional);
/*
 * Up to N bytes of the entry into BUF, checked against the caps: the
 * bytes read, 0 at its end, -1 with the error kept.
 */
long	xlsx_entry_read(struct csvin *c, struct xentry *e, char *buf, size_t n);
void	xlsx_entry_close(struct xentry *e);
/* Append S (N bytes) to *BUF (length *LEN, capacity *CAP).  0 or -1. */
int	xlsx_append(char **buf, size_t *len, size_t *cap, const char *s,
	    size_t n);

/* xlsxin_sheet.c */

/* Start streaming the sheet C->x->part.  0, or -1 with the error kept. */
int	xlsx_sheet_start(struct csvin *c);

#endif
