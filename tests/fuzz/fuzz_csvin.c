/*
 * Fuzz the spreadsheet reader (src/read/csvin.c): the input is a whole file,
 * read with detection, then again as GB18030 with ';' forced.
 *
 * Checked: every record has a field, fields are NUL-terminated UTF-8 of
 * the length given and within the bounds csvin.h promises, lines never go
 * back, and the reader ends with 0 (and stays there) or with -1 and a
 * reason; the header maps onto the powers' columns or says why not.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "csvin.h"
#include "fuzzutil.h"
#include "sheet.h"

/* The powers' columns, as import has them (sheet.c). */
#define NCOL SHEET_POWER_COLS

/* Whether the N bytes at S are UTF-8 (structure only: lead and trail bytes). */
static int
utf8_shape(const unsigned char *s, size_t n)
{
	size_t i = 0, k, len;

	while (i < n) {
		if (s[i] < 0x80)
			len = 1;
		else if ((s[i] & 0xe0) == 0xc0)
			len = 2;
		else if ((s[i] & 0xf0) == 0xe0)
			len = 3;
		else if ((s[i] & 0xf8) == 0xf0)
			len = 4;
		else
			return 0;
		if (i + len > n)
			return 0;
		for (k = 1; k < len; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
		i += len;
	}
	return 1;
}

static void
read_all(const char *path, const char *encoding, int delimiter)
{
	struct csvin *in;
	struct csvin_row row;
	char err[256];
	int index[NCOL];
	long last = 0, nrec = 0;
	size_t i;
	int got;

	if ((in = csvin_open(path, encoding, delimiter)) == NULL)
		fu_die("csvin_open: NULL");
	if (csvin_error(in) != CSVIN_OK) {
		if (csvin_errmsg(in)[0] == '\0')
			fu_die("csvin_open: an error without a reason");
		csvin_close(in);
		return;
	}
	if (strlen(csvin_sha256(in)) != 64)
		fu_die("sha256 '%s'", csvin_sha256(in));
	while ((got = csvin_next(in, &row)) == 1) {
		if (row.nfield == 0 || row.nfield > 16384)
			fu_die("record of %zu fields", row.nfield);
		if (row.line < 1 || row.line < last)
			fu_die("record on line %ld after line %ld", row.line, last);
		last = row.line;
		for (i = 0; i < row.nfield; i++) {
			if (strlen(row.field[i]) != row.len[i])
				fu_die("field %zu: length %zu, strlen %zu", i,
				    row.len[i], strlen(row.field[i]));
			if (row.len[i] > 1024 * 1024)
				fu_die("field %zu: %zu bytes", i, row.len[i]);
			if (!utf8_shape((const unsigned char *)row.field[i],
			    row.len[i]))
				fu_die("field %zu on line %ld: not UTF-8", i,
				    row.line);
		}
		if (nrec++ == 0) {
			if (csvin_map_header(&row, sheet_power_cols, NCOL, 0, index,
			    err, sizeof(err)) != 0 && err[0] == '\0')
				fu_die("csvin_map_header: no reason");
			if (csvin_map_header(&row, sheet_power_cols, NCOL, 1, index,
			    err, sizeof(err)) == 0)
				for (i = 0; i < NCOL; i++)
					if (index[i] >= (int)row.nfield)
						fu_die("column %zu mapped to %d of "
						    "%zu", i, index[i],
						    row.nfield);
		}
		if (csvin_offset(in) > csvin_size(in))
			fu_die("offset %lld past size %lld", csvin_offset(in),
			    csvin_size(in));
	}
	if (got == -1) {
		if (csvin_error(in) == CSVIN_OK || csvin_errmsg(in)[0] == '\0')
			fu_die("csvin_next: -1 without an error");
		if (csvin_next(in, &row) != -1)
			fu_die("csvin_next: an error forgotten");
	} else if (got == 0) {
		if (nrec == 0)
			fu_die("csvin_next: 0 records and no error");
		if (csvin_next(in, &row) != 0)
			fu_die("csvin_next: more after the end");
	} else
		fu_die("csvin_next: %d", got);
	csvin_close(in);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[300];

	if (path[0] == '\0')
		snprintf(path, sizeof(path), "%s/input.csv", fu_init());
	fu_write(path, data, size);
	read_all(path, NULL, 0);
	read_all(path, "GB18030", ';');
	return 0;
}
