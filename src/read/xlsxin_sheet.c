/*
 * A workbook's sheet, streamed: expat parses the sheet's XML as libzip
 * inflates it, and stops (resumably) at the end of each row, which goes
 * out as a record of csvin_read.c, so that the rules of a CSV file apply
 * to it unchanged.  Each cell goes where its reference (r="C12") puts
 * it; the cells left out are empty fields, and so are the rows left out
 * (never handed out).  A cell's text is what Excel shows of it: a shared
 * or inline string, its rich-text runs joined (phonetic runs left out),
 * a formula's cached value, TRUE or FALSE, a number as Excel writes it,
 * and a date (a number in a date format) as YYYY-MM-DD.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "i18n.h"
#include "xlsxin_internal.h"

/* Excel's last column, XFD; and the most bytes of one cell's text. */
#define XLSX_COLS	16384
#define CELL_BYTES_MAX	(1024 * 1024)

/* Fail at the cell being read, naming it, and stop the parser. */
static void
cell_fail(struct csvin *c, const char *why)
{
	struct xlsxin *x = c->x;

	csvin_fail(c, CSVIN_EINPUT, x->row, "%s", why);
	c->errcol = x->ccol + 1;
	XML_StopParser(x->p, XML_FALSE);
}

/* The column of a reference such as "C12", from 0; -1 when it has none. */
static long
ref_col(const char *r)
{
	long col = 0;
	int n = 0;

	for (; *r >= 'A' && *r <= 'Z' && n < 4; r++, n++)
		col = col * 26 + (*r - 'A' + 1);
	return n == 0 || n == 4 || col > XLSX_COLS ? -1 : col - 1;
}

/*
 * The civil date of DAYS since 1970-01-01 into BUF as YYYY-MM-DD
 * (Howard Hinnant's days_from_civil, inverted).
 */
static void
civil(long days, char *buf, size_t bufsz)
{
	long z = days + 719468, era, doe, yoe, y, doy, mp, d, m;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	snprintf(buf, bufsz, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
}

/*
 * A date cell's serial number SERIAL as YYYY-MM-DD into BUF, the time of
 * day dropped; 0, or -1 when it is no day Excel shows (then the number
 * stays).  In the 1900 system day 1 is 1900-01-01 and Excel counts a
 * 1900-02-29 that never was (day 60, Lotus's error), so days from 61 are
 * one less; in the 1904 system day 0 is 1904-01-01.
 */
static int
serial_date(double serial, int date1904, char *buf, size_t bufsz)
{
	long day;

	if (!(serial >= 0 && serial < 2958466))
		return -1;
	day = (long)serial;	/* not negative: floor */
	if (date1904)
		civil(day - 24107, buf, bufsz);
	else if (day == 0)
		return -1;
	else if (day == 60)
		snprintf(buf, bufsz, "1900-02-29");
	else
		civil(day - (day < 60 ? 25568 : 25569), buf, bufsz);
	return 0;
}

/*
 * A number's text as Excel shows it in General: an integer as it is,
 * another number to 15 significant digits (0.1+0.2 is 0.3).
 */
static const char *
number_text(const char *v, char *buf, size_t bufsz)
{
	const char *p = v + (*v == '-');

	if (*p != '\0' && strspn(p, "0123456789") == strlen(p))
		return v;
	snprintf(buf, bufsz, "%.15g", strtod(v, NULL));
	return buf;
}

/* The cell read: its text into the record, at its column. */
static void
cell_end(struct csvin *c)
{
	struct xlsxin *x = c->x;
	const char *v = x->cbuf != NULL ? x->cbuf : "", *t = x->ctype;
	char num[64];
	unsigned long idx;
	int numeric = 0;
	char *end;

	if (x->ccol < (long)c->nfield) {
		cell_fail(c, _("a cell out of order: the workbook is damaged; "
		    "save it again"));
		return;
	}
	if (strcmp(t, "s") == 0) {
		idx = strtoul(v, &end, 10);
		if (*v == '\0' || *end != '\0' || idx >= x->sst.n) {
			cell_fail(c, _("a cell names a shared string the workbook "
			    "lacks: the workbook is damaged; save it again"));
			return;
		}
		if ((v = sst_get(&x->sst, idx)) == NULL) {
			csvin_fail(c, CSVIN_EIO, x->row, _("cannot read the "
			    "workbook's shared strings back from a file in "
			    "%s: %s"),
			    x->sst.dir, strerror(errno));
			XML_StopParser(x->p, XML_FALSE);
			return;
		}
	} else if (strcmp(t, "b") == 0)
		v = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
	else if (strcmp(t, "d") == 0) {
		/* An ISO 8601 date cell: its day. */
		snprintf(num, sizeof(num), "%.*s", (int)strcspn(v, "T"), v);
		v = num;
	} else if ((strcmp(t, "n") == 0 || *t == '\0') && *v != '\0') {
		numeric = 1;
		if (x->cstyle < 0 || (size_t)x->cstyle >= x->nxf ||
		    !x->xf_date[x->cstyle] ||
		    serial_date(strtod(v, NULL), x->date1904, num,
		    sizeof(num)) != 0)
			v = number_text(v, num, sizeof(num));
		else {
			v = num;
			numeric = 0;
		}
	}
	/* inlineStr, str (a formula's text) and e (#N/A) are as they are. */
	while ((long)c->nfield < x->ccol)
		if (csvin_add_field(c, "", 0) == -1)
			goto fail;
	if (grow_array(&x->numeric, &x->numcap, c->nfield + 1, 1, 32) == -1) {
		csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(ENOMEM));
		goto fail;
	}
	memset(x->numeric + x->numlen, 0, c->nfield + 1 - x->numlen);
	x->numeric[c->nfield] = (unsigned char)numeric;
	x->numlen = c->nfield + 1;
	if (csvin_add_field(c, v, strlen(v)) == -1)
		goto fail;
	x->col = x->ccol + 1;
	return;
fail:
	XML_StopParser(x->p, XML_FALSE);
}

/* The row read: trimmed of its empty cells at the end, and handed out. */
static void
row_end(struct csvin *c)
{
	struct xlsxin *x = c->x;

	while (c->nfield > 0 && c->rlens[c->nfield - 1] == 0)
		c->nfield--;
	/* A row of no text is no row: a clerk sees none. */
	if (c->nfield == 0)
		return;
	while (c->nfield < c->width)
		if (csvin_add_field(c, "", 0) == -1) {
			XML_StopParser(x->p, XML_FALSE);
			return;
		}
	if (x->numlen < c->nfield) {
		if (grow_array(&x->numeric, &x->numcap, c->nfield, 1, 32) == -1) {
			csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(ENOMEM));
			XML_StopParser(x->p, XML_FALSE);
			return;
		}
		memset(x->numeric + x->numlen, 0, c->nfield - x->numlen);
	}
	x->row_ready = 1;
	XML_StopParser(x->p, XML_TRUE);
}

static void
sheet_start(void *ud, const char *el, const char **atts)
{
	struct csvin *c = ud;
	struct xlsxin *x = c->x;
	const char *v;

	el = xlsx_local(el);
	if (strcmp(el, "row") == 0) {
		x->in_row = 1;
		v = xlsx_attr(atts, "r");
		x->row = v != NULL ? atol(v) : x->row + 1;
		x->col = 0;
		x->numlen = 0;
		csvin_row_reset(c);
		c->rec_line = x->row;
	} else if (strcmp(el, "c") == 0 && x->in_row) {
		x->in_cell = 1;
		x->clen = 0;
		if (x->cbuf != NULL)
			x->cbuf[0] = '\0';
		v = xlsx_attr(atts, "r");
		x->ccol = v != NULL ? ref_col(v) : x->col;
		if (x->ccol < 0) {
			x->ccol = x->col;
			cell_fail(c, _("a cell's reference is not one Excel "
			    "writes: the workbook is damaged; save it again"));
			return;
		}
		v = xlsx_attr(atts, "t");
		snprintf(x->ctype, sizeof(x->ctype), "%s", v != NULL ? v : "n");
		v = xlsx_attr(atts, "s");
		x->cstyle = v != NULL ? atol(v) : 0;
	} else if (!x->in_cell)
		return;
	else if (strcmp(el, "v") == 0)
		x->in_text = 1;
	else if (strcmp(el, "is") == 0)
		x->in_is = 1;
	else if (strcmp(el, "rPh") == 0)
		x->in_rph = 1;
	else if (strcmp(el, "t") == 0 && x->in_is && !x->in_rph)
		x->in_text = 1;
}

static void
sheet_end(void *ud, const char *el)
{
	struct csvin *c = ud;
	struct xlsxin *x = c->x;

	el = xlsx_local(el);
	if (strcmp(el, "v") == 0 || strcmp(el, "t") == 0)
		x->in_text = 0;
	else if (strcmp(el, "rPh") == 0)
		x->in_rph = 0;
	else if (strcmp(el, "is") == 0)
		x->in_is = 0;
	else if (strcmp(el, "c") == 0 && x->in_cell) {
		x->in_cell = x->in_is = x->in_rph = x->in_text = 0;
		cell_end(c);
	} else if (strcmp(el, "row") == 0 && x->in_row) {
		x->in_row = 0;
		row_end(c);
	}
}

static void
sheet_text(void *ud, const char *s, int len)
{
	struct csvin *c = ud;
	struct xlsxin *x = c->x;

	if (!x->in_text)
		return;
	if (x->clen + (size_t)len > CELL_BYTES_MAX) {
		cell_fail(c, _("a cell over 1 MiB"));
		return;
	}
	if (xlsx_append(&x->cbuf, &x->clen, &x->ccap, s, (size_t)len) == -1) {
		csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(ENOMEM));
		XML_StopParser(x->p, XML_FALSE);
	}
}

int
xlsx_sheet_start(struct csvin *c)
{
	struct xlsxin *x = c->x;

	if (xlsx_entry_open(c, &x->ent, x->part, 0) != 1)
		return -1;
	if ((x->p = XML_ParserCreate(NULL)) == NULL)
		return csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(ENOMEM));
	XML_SetUserData(x->p, c);
	XML_SetElementHandler(x->p, sheet_start, sheet_end);
	XML_SetCharacterDataHandler(x->p, sheet_text);
	return 0;
}

int
xlsxin_next(struct csvin *c, struct csvin_row *row)
{
	struct xlsxin *x = c->x;
	enum XML_Status st;
	void *buf;
	long n;

	if (c->err != CSVIN_OK)
		return -1;
	if (x->done)
		return 0;
	for (;;) {
		if (x->row_ready) {
			x->row_ready = 0;
			if (csvin_hand_out(c, row)) {
				row->numeric = x->numeric;
				if (x->ent.size > 0)
					c->offset = (long long)((double)c->size *
					    (double)x->ent.got /
					    (double)x->ent.size);
				return 1;
			}
			continue;
		}
		if (x->suspended) {
			x->suspended = 0;
			st = XML_ResumeParser(x->p);
		} else if (x->final) {
			if (c->nrec == 0)
				return csvin_fail(c, CSVIN_EINPUT, 0, _("the sheet "
				    "'%s' is empty"), x->sheet);
			x->done = 1;
			c->offset = c->size;
			return 0;
		} else {
			if ((buf = XML_GetBuffer(x->p, XLSX_CHUNK)) == NULL)
				return csvin_fail(c, CSVIN_EIO, 0, "%s",
				    strerror(ENOMEM));
			if ((n = xlsx_entry_read(c, &x->ent, buf,
			    XLSX_CHUNK)) < 0)
				return -1;
			x->final = n == 0;
			st = XML_ParseBuffer(x->p, (int)n, x->final);
		}
		if (st == XML_STATUS_ERROR) {
			if (c->err == CSVIN_OK)
				csvin_fail(c, CSVIN_EINPUT, x->row, _("malformed "
				    "XML in the sheet (%s, line %lu): %s: the "
				    "workbook is damaged; save it again"),
				    x->part, XML_GetCurrentLineNumber(x->p),
				    XML_ErrorString(XML_GetErrorCode(x->p)));
			return -1;
		}
		if (st == XML_STATUS_SUSPENDED)
			x->suspended = 1;
	}
}
