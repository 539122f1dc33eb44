/*
 * Excel workbooks through libxlsxwriter.
 *
 * The workbook is opened in constant_memory mode: each row goes to disk
 * as it comes, so an export of any size costs the same memory, and
 * strings are written inline rather than shared (the sheet XML holds the
 * code itself, which is what a reader of the file would grep for).
 *
 * The same rows must give the same bytes: libxlsxwriter dates the zip
 * entries 1980-01-01 and takes the document's "created" date from the
 * caller; nothing here reads the clock.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <xlsxwriter.h>

#include "grow.h"
#include "i18n.h"
#include "labels.h"
#include "out.h"
#include "xlsx.h"

/* Column widths, in characters of the default font, as Excel counts. */
#define XLSX_MINWIDTH	6
#define XLSX_MAXWIDTH	60
/*
 * The "created" date when the caller has none (an empty registry): a
 * fixed day, 2022-03-01T00:00:00Z, the seed's date, never the clock.
 */
#define XLSX_EPOCH	1646092800LL
/* Sheets with one name, made unique: "name~2" .. "name~999". */
#define XLSX_MAXSHEETS	999
/* The paper of the print set-up: A4, as offices in China print. */
#define XLSX_PAPER_A4	9

struct xlsx {
	lxw_workbook	*wb;
	lxw_worksheet	*ws;		/* the sheet rows go to */
	lxw_format	*bold;
	lxw_format	*date;		/* yyyy-mm-dd */
	struct xlsx_opts opts;
	int		 ncol;
	char		**names;	/* copies, for each sheet's header */
	int		 split;		/* column index, or -1 */
	char		*key;		/* the split column's value on ws */
	size_t		*width;		/* per column, on ws */
	lxw_row_t	 row;		/* the next row on ws */
	char		**sheets;	/* names used, to keep them unique */
	size_t		 nsheets, sheetcap;
	char		 err[256];
};

static int
fail(struct xlsx *x, const char *what, lxw_error e)
{
	snprintf(x->err, sizeof(x->err), "%s: %s", what, lxw_strerror(e));
	return -1;
}

static void
free_names(char **v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

struct xlsx *
xlsx_new(const char *path, const struct xlsx_opts *opts)
{
	lxw_workbook_options wo = { .constant_memory = LXW_TRUE };
	lxw_doc_properties props;
	struct xlsx *x;
	char title[256];

	if ((x = calloc(1, sizeof(*x))) == NULL)
		return NULL;
	x->opts = *opts;
	x->split = -1;
	if ((x->wb = workbook_new_opt(path, &wo)) == NULL) {
		free(x);
		return NULL;
	}
	memset(&props, 0, sizeof(props));
	/* libxlsxwriter takes a char *; it copies the text. */
	snprintf(title, sizeof(title), "%s", opts->title ? opts->title : "");
	props.title = opts->title ? title : NULL;
	props.created = (time_t)(opts->created ? opts->created : XLSX_EPOCH);
	if (workbook_set_properties(x->wb, &props) != LXW_NO_ERROR ||
	    (x->bold = workbook_add_format(x->wb)) == NULL ||
	    (x->date = workbook_add_format(x->wb)) == NULL) {
		xlsx_free(x);
		return NULL;
	}
	format_set_bold(x->bold);
	format_set_num_format(x->date, "yyyy-mm-dd");
	return x;
}

const char *
xlsx_error(const struct xlsx *x)
{
	return x->err[0] ? x->err : "out of memory";
}

/*
 * Excel's rules for a sheet name: at most 31 UTF-16 units, none of
 * []:*?/\, no ' first or last, not "History", unique ignoring case.  A
 * unit's name always fits; anything else is mended, not refused.  The
 * name goes into BUF (LXW_MAX_SHEETNAME_LENGTH bytes).
 */
static void
sheet_name(struct xlsx *x, const char *want, char *buf)
{
	char base[LXW_MAX_SHEETNAME_LENGTH];
	const unsigned char *p;
	size_t len = 0, units = 0, n, i, k, limit;
	int taken;

	for (p = (const unsigned char *)want; *p != '\0' && units < 31; p += n) {
		/* A UTF-8 lead byte says how long; four bytes: a surrogate pair. */
		n = *p < 0x80 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
		for (k = 1; k < n; k++)
			if (p[k] == '\0')
				break;
		if (k < n)
			break;
		if (units + (n == 4 ? 2 : 1) > 31)
			break;
		if (n == 1 && (strchr("[]:*?/\\", *p) != NULL || *p < 0x20))
			base[len++] = '_';
		else {
			memcpy(base + len, p, n);
			len += n;
		}
		units += n == 4 ? 2 : 1;
	}
	base[len] = '\0';
	while (len > 0 && base[len - 1] == '\'')
		base[--len] = '\0';
	for (i = 0; base[i] == '\''; i++)
		;
	memmove(base, base + i, len - i + 1);
	if (base[0] == '\0' || strcasecmp(base, "History") == 0)
		snprintf(base + strlen(base), sizeof(base) - strlen(base), "%s",
		    base[0] == '\0' ? "Sheet" : "_");

	snprintf(buf, LXW_MAX_SHEETNAME_LENGTH, "%s", base);
	for (k = 2; k <= XLSX_MAXSHEETS; k++) {
		for (taken = 0, i = 0; i < x->nsheets && !taken; i++)
			taken = strcasecmp(x->sheets[i], buf) == 0;
		if (!taken)
			return;
		/* Room for "~K" within 31 units: cut whole characters. */
		limit = 31 - (k < 10 ? 2 : k < 100 ? 3 : 4);
		for (len = 0, units = 0, p = (const unsigned char *)base;
		    *p != '\0'; p += n, len += n) {
			n = *p < 0x80 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
			if (units + (n == 4 ? 2 : 1) > limit)
				break;
			units += n == 4 ? 2 : 1;
		}
		snprintf(buf, LXW_MAX_SHEETNAME_LENGTH, "%.*s~%zu", (int)len,
		    base, k);
	}
}

/* The widths of the sheet being finished, and its filter. */
static int
finish_sheet(struct xlsx *x)
{
	lxw_error e;
	int i;

	if (x->ws == NULL)
		return 0;
	for (i = 0; i < x->ncol; i++) {
		double w = (double)x->width[i] + 2;

		if (w < XLSX_MINWIDTH)
			w = XLSX_MINWIDTH;
		if (w > XLSX_MAXWIDTH)
			w = XLSX_MAXWIDTH;
		if ((e = worksheet_set_column(x->ws, (lxw_col_t)i,
		    (lxw_col_t)i, w, NULL)) != LXW_NO_ERROR)
			return fail(x, "column width", e);
	}
	if (x->ncol > 0 && (e = worksheet_autofilter(x->ws, 0, 0,
	    x->row > 0 ? x->row - 1 : 0, (lxw_col_t)(x->ncol - 1))) !=
	    LXW_NO_ERROR)
		return fail(x, "filter", e);
	x->ws = NULL;
	return 0;
}

/*
 * The sheet's print set-up: landscape A4, as wide as one page and as
 * long as it takes, the header row on every page, the footer.
 */
static int
print_setup(struct xlsx *x)
{
	lxw_error e;

	worksheet_set_landscape(x->ws);
	worksheet_set_paper(x->ws, XLSX_PAPER_A4);
	worksheet_fit_to_pages(x->ws, 1, 0);
	if ((e = worksheet_repeat_rows(x->ws, 0, 0)) != LXW_NO_ERROR)
		return fail(x, "print titles", e);
	if (x->opts.footer != NULL &&
	    (e = worksheet_set_footer(x->ws, x->opts.footer)) != LXW_NO_ERROR)
		return fail(x, "footer", e);
	return 0;
}

/* A new sheet named NAME with the bold, frozen header. */
static int
start_sheet(struct xlsx *x, const char *name)
{
	char buf[LXW_MAX_SHEETNAME_LENGTH];
	lxw_error e;
	int i;

	if (finish_sheet(x) != 0)
		return -1;
	sheet_name(x, name, buf);
	if (grow_array(&x->sheets, &x->sheetcap, x->nsheets + 1,
	    sizeof(*x->sheets), 4) == -1)
		return -1;
	if ((x->sheets[x->nsheets] = strdup(buf)) == NULL)
		return -1;
	x->nsheets++;
	if ((x->ws = workbook_add_worksheet(x->wb, buf)) == NULL) {
		snprintf(x->err, sizeof(x->err), _("cannot add the sheet '%s'"),
		    buf);
		return -1;
	}
	x->row = 0;
	for (i = 0; i < x->ncol; i++) {
		const char *head = x->opts.zh ? label_column(x->names[i]) :
		    x->names[i];

		x->width[i] = out_width(head);
		if ((e = worksheet_write_string(x->ws, 0, (lxw_col_t)i,
		    head, x->bold)) != LXW_NO_ERROR)
			return fail(x, "header", e);
	}
	x->row = 1;
	worksheet_freeze_panes(x->ws, 1, 0);
	return print_setup(x);
}

/* Copy the column names; open the one sheet now unless split. */
static int
header(struct xlsx *x, int ncol, const char *const *names)
{
	int i;

	x->ncol = ncol;
	if ((x->names = calloc((size_t)ncol + 1, sizeof(*x->names))) == NULL ||
	    (x->width = calloc((size_t)ncol + 1, sizeof(*x->width))) == NULL)
		return -1;
	for (i = 0; i < ncol; i++) {
		if ((x->names[i] = strdup(names[i])) == NULL)
			return -1;
		if (x->opts.split != NULL && strcmp(names[i], x->opts.split) == 0)
			x->split = i;
	}
	if (x->split == -1)
		return start_sheet(x, x->opts.sheet ? x->opts.sheet : "Sheet1");
	return 0;
}

/*
 * A running number ("no", "seq") is written as a number, so that it
 * sorts; every other cell is text, codes above all: "010310001000" must
 * not become 10310001000.
 */
static int
is_count(const char *name, const char *s)
{
	size_t i;

	if (strcmp(name, "no") != 0 && strcmp(name, "seq") != 0)
		return 0;
	if (s[0] < '1' || s[0] > '9')
		return 0;
	for (i = 1; s[i] != '\0'; i++)
		if (s[i] < '0' || s[i] > '9' || i >= 15)
			return 0;
	return 1;
}

/*
 * S as a person is shown it (a workbook is read by people): a control
 * character as "\x1b", as out.c and html.c show it.  libxlsxwriter would
 * keep it as "_x001B_", which Excel gives back as the raw character.  S
 * itself when it has none; else a copy into *COPY, which the caller
 * frees; NULL for want of memory.
 */
static const char *
shown(const char *s, char **copy)
{
	char buf[5], *p;
	size_t n, len = 0, i;

	*copy = NULL;
	for (i = 0; s[i] != '\0' && out_text_control(s + i, buf) == 0; i++)
		;
	if (s[i] == '\0')
		return s;
	/* An escape is at most 4 bytes for each byte of S it replaces. */
	if ((p = *copy = malloc(strlen(s) * 4 + 1)) == NULL)
		return NULL;
	for (i = 0; s[i] != '\0'; i++) {
		if ((n = out_text_control(s + i, buf)) == 0) {
			p[len++] = s[i];
			continue;
		}
		memcpy(p + len, buf, strlen(buf));
		len += strlen(buf);
		i += n - 1;
	}
	p[len] = '\0';
	return p;
}

/*
 * S as a date cell, when it is a date of a date column: the dates of the
 * log and of grants, "YYYY-MM-DD", into *D.  A time of record keeps its
 * zone ("...Z") and stays text.  1 or 0.
 */
static int
is_date(const char *name, const char *s, lxw_datetime *d)
{
	static const char *const dates[] = {
		"effective", "start_date", "end_date", NULL
	};
	size_t i;

	for (i = 0; dates[i] != NULL; i++)
		if (strcmp(dates[i], name) == 0)
			break;
	if (dates[i] == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	memset(d, 0, sizeof(*d));
	d->year = (int)strtol(s, NULL, 10);
	d->month = (uint8_t)strtol(s + 5, NULL, 10);
	d->day = (uint8_t)strtol(s + 8, NULL, 10);
	/* Excel's calendar starts in 1900. */
	return d->year >= 1900 && d->month >= 1 && d->month <= 12 &&
	    d->day >= 1 && d->day <= 31;
}

/*
 * The cell at column I of the current row: a number, a date, else text
 * as a person is shown it (in Chinese for opts.zh).  0, or -1 with the
 * error set.
 */
static int
write_cell(struct xlsx *x, int i, const char *value)
{
	const char *s = value, *cell;
	char *copy = NULL, *escaped = NULL;
	lxw_datetime d;
	lxw_error e;
	size_t w;

	if (is_count(x->names[i], value))
		e = worksheet_write_number(x->ws, x->row, (lxw_col_t)i,
		    strtod(value, NULL), NULL);
	else if (is_date(x->names[i], value, &d))
		e = worksheet_write_datetime(x->ws, x->row, (lxw_col_t)i, &d,
		    x->date);
	else {
		if (x->opts.zh &&
		    (s = label_value(x->names[i], value, ";", &copy)) == NULL)
			return fail(x, "writing a cell",
			    LXW_ERROR_MEMORY_MALLOC_FAILED);
		if ((cell = shown(s, &escaped)) == NULL) {
			free(copy);
			return fail(x, "writing a cell",
			    LXW_ERROR_MEMORY_MALLOC_FAILED);
		}
		e = worksheet_write_string(x->ws, x->row, (lxw_col_t)i, cell,
		    NULL);
		free(escaped);
	}
	if ((w = out_width(s)) > x->width[i])
		x->width[i] = w;
	free(copy);
	if (e != LXW_NO_ERROR)
		return fail(x, "writing a cell", e);
	return 0;
}

int
xlsx_row(struct xlsx *x, int ncol, const char *const *names,
    const char *const *cells)
{
	int i;

	if (cells == NULL)
		return header(x, ncol, names);
	if (x->split != -1) {
		const char *key = cells[x->split] ? cells[x->split] : "";

		if (x->key == NULL || strcmp(x->key, key) != 0) {
			free(x->key);
			if ((x->key = strdup(key)) == NULL ||
			    start_sheet(x, key) != 0)
				return -1;
		}
	}
	for (i = 0; i < x->ncol; i++)
		if (cells[i] != NULL && write_cell(x, i, cells[i]) != 0)
			return -1;
	x->row++;
	return 0;
}

int
xlsx_end(struct xlsx *x)
{
	lxw_workbook *wb = x->wb;
	lxw_error e;

	/* Split, and no row came: one sheet with the header alone. */
	if (x->nsheets == 0 && x->names != NULL &&
	    start_sheet(x, x->opts.sheet ? x->opts.sheet : "Sheet1") != 0)
		return -1;
	if (finish_sheet(x) != 0)
		return -1;
	x->wb = NULL;
	if ((e = workbook_close(wb)) != LXW_NO_ERROR)
		return fail(x, "writing the workbook", e);
	return 0;
}

void
xlsx_free(struct xlsx *x)
{
	if (x == NULL)
		return;
	if (x->wb != NULL)
		workbook_close(x->wb);
	free_names(x->sheets, x->nsheets);
	free_names(x->names, (size_t)x->ncol);
	free(x->width);
	free(x->key);
	free(x);
}
