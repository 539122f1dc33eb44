/*
 * xlsxgen: a CSV file (UTF-8, from standard input) as an Excel workbook
 * made by libxlsxwriter, for the tests of the .xlsx reader
 * (tests/cli/t_xlsxin.sh) and the benchmark (tests/bench/run.sh).  It
 * writes what a clerk's Excel writes: shared strings, date cells with a
 * date format, a merged title row above the header, a sheet named in
 * Chinese, a code typed as a number, a sheet before the data.
 *
 * usage: xlsxgen [-s SHEET] [-t TITLE] [-d COL] [-n COL] [-p SHEET] [-m]
 *            OUT.xlsx < FILE.csv
 *   -s SHEET  the data sheet's name (default Sheet1)
 *   -t TITLE  a banner merged over the header's width, above it
 *   -d COL    column COL (from 0) holds dates: YYYY-MM-DD become date
 *             cells formatted yyyy-mm-dd (repeatable)
 *   -n COL    column COL holds numbers: written as number cells
 *   -p SHEET  a sheet named SHEET before the data sheet, holding a note
 *   -m        constant memory: inline strings, rows to disk as they come
 *             (for a million rows)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>
#include <xlsxwriter.h>

#define MAXCOL	64

static lxw_worksheet	*ws;
static lxw_format	*datefmt;
static unsigned long long dates, numbers;	/* masks of columns */
static lxw_row_t	 row;
static lxw_col_t	 col, width;
static int		 failed;

static void
cell(void *s, size_t len, void *arg)
{
	char *v, *end;
	int y, m, dd;
	double d;
	lxw_datetime dt;
	lxw_error e = LXW_NO_ERROR;

	(void)arg;
	if ((v = malloc(len + 1)) == NULL)
		exit(1);
	memcpy(v, s, len);
	v[len] = '\0';
	if (col < MAXCOL && (dates >> col & 1) &&
	    sscanf(v, "%4d-%2d-%2d", &y, &m, &dd) == 3) {
		dt = (lxw_datetime){ y, m, dd, 0, 0, 0 };
		e = worksheet_write_datetime(ws, row, col, &dt, datefmt);
	} else if (col < MAXCOL && (numbers >> col & 1) && len > 0 &&
	    (d = strtod(v, &end), *end == '\0'))
		e = worksheet_write_number(ws, row, col, d, NULL);
	else if (len > 0)
		e = worksheet_write_string(ws, row, col, v, NULL);
	if (e != LXW_NO_ERROR)
		failed = 1;
	free(v);
	col++;
	if (col > width)
		width = col;
}

static void
record(int ch, void *arg)
{
	(void)ch;
	(void)arg;
	row++;
	col = 0;
}

int
main(int argc, char **argv)
{
	lxw_workbook_options wo = { 0 };
	lxw_workbook *wb;
	lxw_worksheet *front = NULL;
	struct csv_parser p;
	const char *sheet = "Sheet1", *title = NULL, *before = NULL;
	char buf[65536];
	size_t n;
	int ch, skip;

	while ((ch = getopt(argc, argv, "s:t:d:n:p:m")) != -1) {
		switch (ch) {
		case 's': sheet = optarg; break;
		case 't': title = optarg; break;
		case 'd': dates |= 1ULL << atoi(optarg); break;
		case 'n': numbers |= 1ULL << atoi(optarg); break;
		case 'p': before = optarg; break;
		case 'm': wo.constant_memory = LXW_TRUE; break;
		default: goto usage;
		}
	}
	if (argc - optind != 1)
		goto usage;
	if ((wb = workbook_new_opt(argv[optind], &wo)) == NULL)
		return 1;
	if (before != NULL) {
		front = workbook_add_worksheet(wb, before);
		worksheet_write_string(front, 0, 0, "说明：数据在下一张表", NULL);
	}
	if ((ws = workbook_add_worksheet(wb, sheet)) == NULL)
		return 1;
	datefmt = workbook_add_format(wb);
	format_set_num_format(datefmt, "yyyy-mm-dd");
	/*
	 * The title goes in after the data in constant-memory mode cannot
	 * (rows go in order), so a title row is written first and merged
	 * over a width guessed from the header, read here ahead.
	 */
	if (csv_init(&p, CSV_APPEND_NULL) != 0)
		return 1;
	if (title != NULL)
		row = 1;
	for (skip = 0; (n = fread(buf, 1, sizeof(buf), stdin)) > 0; skip = 3) {
		/* A byte order mark is no part of the first cell. */
		if (skip == 0 && n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
			memmove(buf, buf + 3, n -= 3);
		if (csv_parse(&p, buf, n, cell, record, NULL) != n)
			failed = 1;
	}
	csv_fini(&p, cell, record, NULL);
	csv_free(&p);
	if (title != NULL && !wo.constant_memory)
		worksheet_merge_range(ws, 0, 0, 0, width > 0 ? width - 1 : 0,
		    title, NULL);
	if (workbook_close(wb) != LXW_NO_ERROR || failed) {
		fprintf(stderr, "xlsxgen: cannot write %s\n", argv[optind]);
		return 1;
	}
	return 0;
usage:
	fprintf(stderr, "usage: xlsxgen [-s SHEET] [-t TITLE] [-d COL] "
	    "[-n COL] [-p SHEET] [-m] OUT.xlsx < FILE.csv\n");
	return 2;
}
