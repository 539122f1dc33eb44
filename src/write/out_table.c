/*
 * The aligned table for people: every row is kept (spilled to a temporary
 * file past OUT_KEEP bytes) and measured, then printed at out_end(), the
 * columns two spaces apart and fitted to the terminal's width.
 */
#include <sys/ioctl.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out_internal.h"
#include "scratch.h"

/* A table column cut to fit the terminal keeps at least this many. */
#define OUT_MINWIDTH	6

/*
 * A line of the table.  Spaces are held back until something visible
 * follows them, so that no line ends in spaces, whatever the padding of
 * the last columns or the cells' own trailing blanks.
 */
struct line {
	FILE		*fp;
	size_t		 pending;	/* spaces not yet written */
};

/*
 * The width of the terminal FP writes to, or 0 when it is not one (a
 * pipe or a file is never cut) or its width is unknown.
 */
size_t
out_term_width(FILE *fp)
{
	struct winsize ws;
	const char *env;
	char *end;
	unsigned long n;
	int fd;

	if ((fd = fileno(fp)) == -1 || !isatty(fd))
		return 0;
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if ((env = getenv("COLUMNS")) != NULL && *env != '\0') {
		n = strtoul(env, &end, 10);
		if (*end == '\0' && n > 0 && n < 100000)
			return n;
	}
	return 0;
}

/*
 * Whether to colour (embolden) a table's header: only on a terminal, and
 * never when NO_COLOR is set to anything (no-color.org).
 */
int
out_wants_color(FILE *fp)
{
	const char *no = getenv("NO_COLOR");
	int fd = fileno(fp);

	return fd != -1 && isatty(fd) && (no == NULL || *no == '\0');
}

/*
 * A copy of S for the table: a line end (LF or CR LF) or a tab becomes a
 * space, since a newline would break the row and a tab defeat the
 * padding; every other control character its visible form ("\x1b"), so
 * that none reaches the terminal.  Caller frees; NULL when out of memory.
 */
char *
out_table_copy(const char *s)
{
	const char *p;
	char *copy, *q, buf[5];
	size_t len = strlen(s), n;

	/* At most 4 bytes for each byte: "\x1b" for ESC. */
	if (len > (SIZE_MAX - 1) / 4 || (copy = malloc(len * 4 + 1)) == NULL)
		return NULL;
	for (p = s, q = copy; *p != '\0'; p++) {
		if (p[0] == '\r' && p[1] == '\n') {
			*q++ = ' ';
			p++;
		} else if (*p == '\n' || *p == '\t')
			*q++ = ' ';
		else if ((n = out_control(p, buf)) != 0) {
			memcpy(q, buf, 4);
			q += 4;
			p += n - 1;
		} else
			*q++ = *p;
	}
	*q = '\0';
	return copy;
}

/*
 * Whether S reads as a number to align on the right: an optional '-',
 * digits, an optional fraction and exponent (SQLite prints large reals as
 * 1.0e+20), an optional '%'.  More than one digit before the point with a
 * leading zero is a code ("000123", a unit's number), which is text.
 */
static int
looks_numeric(const char *s)
{
	const char *p = s, *digits;

#define ISDIGIT(c)	((c) >= '0' && (c) <= '9')
	if (*p == '-')
		p++;
	for (digits = p; ISDIGIT(*p); p++)
		;
	if (p == digits || (p - digits > 1 && *digits == '0'))
		return 0;
	if (*p == '.') {
		for (digits = ++p; ISDIGIT(*p); p++)
			;
		if (p == digits)
			return 0;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		for (digits = p; ISDIGIT(*p); p++)
			;
		if (p == digits)
			return 0;
	}
#undef ISDIGIT
	if (*p == '%')
		p++;
	return *p == '\0';
}

/*
 * The table is aligned over all its rows, so they are kept until out_end()
 * prints them: in memory up to OUT_KEEP bytes, then, so that a large
 * result (a 300k-row list or diff took 220 to 790 MB) stays within the
 * program's 32 MiB, in a temporary file in $TMPDIR (else /tmp), removed
 * as soon as it is made, that out_end() reads back: two passes, the same
 * table.  Aligning over the first rows only and streaming the rest was
 * rejected: a wider cell further down would be cut or break the columns.
 * Where no temporary file can be made the rows stay in memory, as before.
 */
#define OUT_KEEP	(4u << 20)

/* A cell in the spill file: its table copy and a NUL (NULL prints as ""). */
static void
spill_cell(FILE *fp, const char *cell)
{
	if (cell != NULL)
		fputs(cell, fp);
	putc('\0', fp);
}

/* Move the rows kept in memory to o->spill (a new temporary file). */
static void
spill_start(struct out *o)
{
	size_t i;
	int fd;

	o->kept = 0;	/* if none can be made, try again OUT_KEEP later */
	if ((fd = scratch_open("table", NULL)) == -1)
		return;
	if ((o->spill = fdopen(fd, "w+")) == NULL) {
		close(fd);
		return;
	}
	for (i = 0; i < o->nkept * o->ncol; i++) {
		spill_cell(o->spill, o->cells[i]);
		free(o->cells[i]);
	}
	free(o->cells);
	o->cells = NULL;
	o->nkept = o->caprow = o->kept = 0;
}

/* Keep a copy of one row and measure it.  0, or -1 when out of memory. */
int
out_table_row(struct out *o, const char *const *cells)
{
	char **grown, **row;
	size_t cap, i;

	if (o->spill == NULL && o->nkept == o->caprow) {
		cap = o->caprow ? o->caprow * 2 : 64;
		if (o->ncol != 0 && cap > SIZE_MAX / sizeof(*grown) / o->ncol)
			return -1;
		/* With no columns there is nothing to keep but the count. */
		if (o->ncol != 0) {
			grown = realloc(o->cells, cap * o->ncol * sizeof(*grown));
			if (grown == NULL)
				return -1;
			o->cells = grown;
		}
		o->caprow = cap;
	}
	/* Spilled, each cell is measured and written, then freed. */
	row = o->spill != NULL ? NULL : o->cells + o->nkept * o->ncol;
	for (i = 0; i < o->ncol; i++) {
		char *c = NULL;
		size_t w;

		if (cells[i] != NULL && (c = out_table_copy(cells[i])) == NULL) {
			while (row != NULL && i-- > 0)
				free(row[i]);
			return -1;
		}
		w = out_width(c);
		if (w > o->cols[i].width)
			o->cols[i].width = w;
		if (c != NULL && c[0] != '\0') {
			o->cols[i].nonempty++;
			if (!looks_numeric(c))
				o->cols[i].text = 1;
		}
		if (row == NULL) {
			spill_cell(o->spill, c);
			free(c);
		} else {
			row[i] = c;
			o->kept += (c ? strlen(c) + 1 : 0) + 2 * sizeof(*row);
		}
	}
	if (o->spill == NULL)
		o->nkept++;
	o->nrow++;
	if (o->spill == NULL && o->kept > OUT_KEEP)
		spill_start(o);
	return o->spill != NULL && ferror(o->spill) ? -1 : 0;
}

/* Whether a column is all numbers, to align on the right. */
static int
col_right(const struct out_col *c)
{
	return c->nonempty > 0 && !c->text;
}

static void
line_pad(struct line *l, size_t n)
{
	l->pending += n;
}

static void
line_put(struct line *l, const char *s, size_t len)
{
	size_t keep = len;

	while (keep > 0 && s[keep - 1] == ' ')
		keep--;
	if (keep == 0) {
		l->pending += len;
		return;
	}
	for (; l->pending > 0; l->pending--)
		putc(' ', l->fp);
	fwrite(s, 1, keep, l->fp);
	l->pending = len - keep;
}

static void
line_end(struct line *l)
{
	l->pending = 0;
	putc('\n', l->fp);
}

/*
 * Print S in WIDTH columns, on the right when RIGHT.  A cell wider than
 * WIDTH (the table was cut to fit) loses its tail at a character boundary
 * and ends in '…'; a wide character that would straddle the edge goes too,
 * and the column is padded instead.
 */
static void
line_cell(struct line *l, const char *s, size_t width, int right)
{
	const char *p;
	uint32_t cp;
	size_t w, n, cw;
	int cut;

	if (s == NULL)
		s = "";
	w = out_width(s);
	n = strlen(s);
	cut = w > width;
	if (cut) {
		/* Keep what fits in WIDTH - 1, then one column for '…'. */
		for (p = s, w = 0; *p != '\0'; p += n) {
			n = out_utf8_decode(p, &cp);
			cw = out_cp_width(cp);
			if (w + cw > width - 1)
				break;
			w += cw;
		}
		n = (size_t)(p - s);
		w++;
	}
	if (right)
		line_pad(l, width - w);
	line_put(l, s, n);
	if (cut)
		line_put(l, "\xe2\x80\xa6", 3);
	if (!right)
		line_pad(l, width - w);
}

/*
 * Shrink the widest columns one column at a time until the table fits in
 * o->maxwidth or every column is down to OUT_MINWIDTH (or narrower by
 * nature).  Taking from the widest first cuts long names and leaves the
 * short codes and numbers whole.
 */
static void
table_fit(struct out *o)
{
	size_t total, i, widest;

	if (o->maxwidth == 0 || o->ncol == 0)
		return;
	total = 2 * (o->ncol - 1);
	for (i = 0; i < o->ncol; i++)
		total += o->cols[i].width;
	while (total > o->maxwidth) {
		widest = 0;
		for (i = 1; i < o->ncol; i++)
			if (o->cols[i].width > o->cols[widest].width)
				widest = i;
		if (o->cols[widest].width <= OUT_MINWIDTH)
			break;
		o->cols[widest].width--;
		total--;
	}
}

/* The second pass: the rows out_row() wrote to o->spill. */
static void
spill_print(struct out *o, struct line *l)
{
	char *cell = NULL;
	size_t cap = 0, i;

	if (fflush(o->spill) == EOF || fseek(o->spill, 0, SEEK_SET) != 0) {
		o->failed = 1;
		return;
	}
	while (o->ncol > 0) {
		for (i = 0; i < o->ncol; i++) {
			if (getdelim(&cell, &cap, '\0', o->spill) == -1)
				break;
			if (i > 0)
				line_pad(l, 2);
			line_cell(l, cell, o->cols[i].width,
			    col_right(&o->cols[i]));
		}
		if (i == 0)
			break;
		line_end(l);
		if (i < o->ncol) {
			o->failed = 1;	/* a row cut short: a read error */
			break;
		}
	}
	if (ferror(o->spill))
		o->failed = 1;
	free(cell);
}

/*
 * The header, a rule of '-' under each column, and the rows; columns two
 * spaces apart.  A column whose every non-empty cell is a number is
 * aligned on the right, its name too, so the name sits over the digits.
 */
void
out_table_print(struct out *o)
{
	struct line l = { o->fp, 0 };
	size_t r, i, k;

	table_fit(o);
	if (o->bold)
		fputs("\033[1m", o->fp);
	for (i = 0; i < o->ncol; i++) {
		if (i > 0)
			line_pad(&l, 2);
		line_cell(&l, o->columns[i], o->cols[i].width,
		    col_right(&o->cols[i]));
	}
	if (o->bold)
		fputs("\033[0m", o->fp);
	line_end(&l);
	for (i = 0; i < o->ncol; i++) {
		if (i > 0)
			line_pad(&l, 2);
		for (k = 0; k < o->cols[i].width; k++)
			line_put(&l, "-", 1);
	}
	line_end(&l);
	for (r = 0; r < o->nkept; r++) {
		for (i = 0; i < o->ncol; i++) {
			if (i > 0)
				line_pad(&l, 2);
			line_cell(&l, o->cells[r * o->ncol + i],
			    o->cols[i].width, col_right(&o->cols[i]));
		}
		line_end(&l);
	}
	if (o->spill != NULL)
		spill_print(o, &l);
}
