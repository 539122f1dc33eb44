/*
 * The streamed formats, written a row at a time: CSV (RFC 4180), TSV (as
 * PostgreSQL's COPY escapes it), GitHub Markdown, and JSON objects with a
 * key for each column.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out_internal.h"

/*
 * RFC 4180: a field is quoted when it holds a comma, a quote, CR or LF, or
 * starts or ends in a blank (which spreadsheet imports would trim); quotes
 * inside are doubled.  NULL is an empty field.  With NEUTRALISE, a field
 * that would be a formula starts with a ' (inside the quotes, if any),
 * which spreadsheets show as text and do not print.
 */
static void
csv_field(FILE *fp, const char *s, int neutralise, int visible)
{
	size_t len;
	int tick, quote;

	if (s == NULL || *s == '\0')
		return;
	len = strlen(s);
	tick = neutralise && out_formula(s);
	quote = strpbrk(s, ",\"\r\n") != NULL ||
	    (!tick && (s[0] == ' ' || s[0] == '\t')) ||
	    s[len - 1] == ' ' || s[len - 1] == '\t';
	if (quote)
		putc('"', fp);
	if (tick)
		putc('\'', fp);
	for (; *s != '\0'; s++) {
		/* A terminal shows LF, CR LF and tabs as they are meant. */
		if (visible && *s != '\n' && *s != '\t' &&
		    !(s[0] == '\r' && s[1] == '\n') && out_put_control(fp, &s))
			continue;
		if (*s == '"')
			putc('"', fp);
		putc(*s, fp);
	}
	if (quote)
		putc('"', fp);
}

/*
 * A TSV field cannot hold a tab or a line end, so they are escaped as
 * PostgreSQL's COPY text format does, and the backslash with them.
 * NULL is an empty field, not COPY's \N: the readers are spreadsheets.
 * NEUTRALISE as for CSV.
 */
static void
tsv_field(FILE *fp, const char *s, int neutralise, int visible)
{
	if (s == NULL)
		return;
	if (neutralise && out_formula(s))
		putc('\'', fp);
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '\t':
			fputs("\\t", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		default:
			if (!visible || !out_put_control(fp, &s))
				putc(*s, fp);
			break;
		}
	}
}

/*
 * A GitHub table cell: '|' would end the cell and a line end the row, so
 * they become "\|" and "<br>" (LF, or CR LF as one).  Other control
 * characters but the tab are shown as "\x1b": Markdown is read by people,
 * often in a terminal.
 */
static void
md_field(FILE *fp, const char *s)
{
	if (s == NULL)
		return;
	for (; *s != '\0'; s++) {
		if (*s == '|')
			fputs("\\|", fp);
		else if (*s == '\r' && s[1] == '\n') {
			fputs("<br>", fp);
			s++;
		} else if (*s == '\n')
			fputs("<br>", fp);
		else if (*s == '\t' || !out_put_control(fp, &s))
			putc(*s, fp);
	}
}

/* One row of a streamed format: the fields, separators and line end. */
static void
stream_fields(struct out *o, const char *const *cells)
{
	size_t i;

	switch (o->format) {
	case OUT_CSV:
		for (i = 0; i < o->ncol; i++) {
			if (i > 0)
				putc(',', o->fp);
			csv_field(o->fp, cells[i],
			    o->options & OUT_NEUTRALISE, o->visible);
		}
		/* A lone empty field would be a blank line, which readers skip. */
		if (o->ncol == 1 && (cells[0] == NULL || cells[0][0] == '\0'))
			fputs("\"\"", o->fp);
		fputs("\r\n", o->fp);
		break;
	case OUT_TSV:
		for (i = 0; i < o->ncol; i++) {
			if (i > 0)
				putc('\t', o->fp);
			tsv_field(o->fp, cells[i],
			    o->options & OUT_NEUTRALISE, o->visible);
		}
		putc('\n', o->fp);
		break;
	case OUT_MARKDOWN:
		putc('|', o->fp);
		for (i = 0; i < o->ncol; i++) {
			putc(' ', o->fp);
			md_field(o->fp, cells[i]);
			fputs(" |", o->fp);
		}
		putc('\n', o->fp);
		break;
	case OUT_TABLE:
	case OUT_JSON:
		break;
	}
}

/* The header of a streamed format, once, before its first row. */
void
out_stream_begin(struct out *o)
{
	size_t i;

	if (o->begun)
		return;
	o->begun = 1;
	if ((o->options & OUT_BOM) &&
	    (o->format == OUT_CSV || o->format == OUT_TSV))
		fputs("\xef\xbb\xbf", o->fp);
	stream_fields(o, (const char *const *)o->columns);
	if (o->format == OUT_MARKDOWN) {
		putc('|', o->fp);
		for (i = 0; i < o->ncol; i++)
			fputs(" --- |", o->fp);
		putc('\n', o->fp);
	}
}

void
out_stream_row(struct out *o, const char *const *cells)
{
	out_stream_begin(o);
	stream_fields(o, cells);
}

/*
 * JSON rows.  The keys are fixed once for the columns; each row is built
 * into a buffer that grows to the longest row and is reused.
 */
struct out_json {
	size_t		 ncol;
	char		**keys;		/* owned, one a column */
	char		*buf;		/* the last object */
	size_t		 len;
	size_t		 cap;
	int		 failed;	/* out of memory while building */
};

/* Whether KEY is among the first N of LIST. */
static int
json_has(char *const *list, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i] != NULL && strcmp(list[i], key) == 0)
			return 1;
	return 0;
}

/*
 * The key of column I: its name, or, when an earlier key took it, NAME_K
 * for the smallest K >= 2 that is no column's name (whatever its place)
 * and no earlier key.  Caller frees; NULL when out of memory.
 */
static char *
json_key(const char *const *columns, size_t ncol, char *const *keys,
    size_t i)
{
	const char *name = columns[i] ? columns[i] : "";
	char *key;
	size_t size, j, k;
	int taken;

	if (!json_has(keys, i, name))
		return strdup(name);
	size = strlen(name) + 24;
	if ((key = malloc(size)) == NULL)
		return NULL;
	for (k = 2; ; k++) {
		snprintf(key, size, "%s_%zu", name, k);
		taken = json_has(keys, i, key);
		for (j = 0; !taken && j < ncol; j++)
			taken = columns[j] != NULL &&
			    strcmp(columns[j], key) == 0;
		if (!taken)
			return key;
	}
}

struct out_json *
out_json_new(const char *const *columns, size_t ncol)
{
	struct out_json *j;
	size_t i;

	if ((j = calloc(1, sizeof(*j))) == NULL)
		return NULL;
	j->ncol = ncol;
	if ((j->keys = calloc(ncol + 1, sizeof(*j->keys))) == NULL)
		goto fail;
	for (i = 0; i < ncol; i++)
		if ((j->keys[i] = json_key(columns, ncol, j->keys, i)) == NULL)
			goto fail;
	return j;
fail:
	out_json_free(j);
	return NULL;
}

const char *
out_json_key(const struct out_json *j, size_t i)
{
	return i < j->ncol ? j->keys[i] : NULL;
}

void
out_json_free(struct out_json *j)
{
	size_t i;

	if (j == NULL)
		return;
	if (j->keys != NULL) {
		for (i = 0; i < j->ncol; i++)
			free(j->keys[i]);
		free(j->keys);
	}
	free(j->buf);
	free(j);
}

/* Append N bytes of S to the object being built. */
static void
json_put(struct out_json *j, const char *s, size_t n)
{
	char *p;
	size_t cap;

	if (j->failed)
		return;
	if (j->len + n + 1 > j->cap) {
		cap = (j->len + n + 1) * 2;
		if ((p = realloc(j->buf, cap)) == NULL) {
			j->failed = 1;
			return;
		}
		j->buf = p;
		j->cap = cap;
	}
	memcpy(j->buf + j->len, s, n);
	j->len += n;
	j->buf[j->len] = '\0';
}

/*
 * S as a JSON string, to J (FP NULL) or FP.  As SQLite's json_quote()
 * writes it, so that the output of earlier versions stays the same: '"'
 * and '\' escaped, \b \t \n \f \r for those, \u00hh for the other C0
 * controls; and, unlike json_quote(), DEL and the C1 controls as \u00hh
 * too, so that none reaches a terminal raw.  The value is kept either way.
 */
static void
json_string(struct out_json *j, FILE *fp, const char *str)
{
	const unsigned char *s = (const unsigned char *)str, *run;
	char esc[8];
	unsigned c;
	size_t n;

#define JSON_PUT(p, len) (fp ? (void)fwrite((p), 1, (len), fp) : \
    json_put(j, (p), (len)))
	JSON_PUT("\"", 1);
	for (run = s; *s != '\0'; ) {
		c = s[0];
		n = 1;
		if (c == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f) {
			c = s[1];
			n = 2;
		} else if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) {
			s++;
			continue;
		}
		JSON_PUT((const char *)run, (size_t)(s - run));
		if (c == '"' || c == '\\')
			snprintf(esc, sizeof(esc), "\\%c", c);
		else if (c == '\b')
			snprintf(esc, sizeof(esc), "\\b");
		else if (c == '\t')
			snprintf(esc, sizeof(esc), "\\t");
		else if (c == '\n')
			snprintf(esc, sizeof(esc), "\\n");
		else if (c == '\f')
			snprintf(esc, sizeof(esc), "\\f");
		else if (c == '\r')
			snprintf(esc, sizeof(esc), "\\r");
		else
			snprintf(esc, sizeof(esc), "\\u%04x", c);
		JSON_PUT(esc, strlen(esc));
		s += n;
		run = s;
	}
	JSON_PUT((const char *)run, (size_t)(s - run));
	JSON_PUT("\"", 1);
#undef JSON_PUT
}

void
out_json_string(FILE *fp, const char *s)
{
	json_string(NULL, fp, s);
}

/*
 * A number as SQLite prints it (1, 0.5, 1.0e+20), but for the infinities,
 * which JSON has no word for: they become 9.0e+999 and -9.0e+999, which
 * readers take for them, as SQLite's own json functions do since 3.45.
 */
static void
json_number(struct out_json *j, const char *s)
{
	if (strcmp(s, "Inf") == 0)
		s = "9.0e+999";
	else if (strcmp(s, "-Inf") == 0)
		s = "-9.0e+999";
	json_put(j, s, strlen(s));
}

const char *
out_json_object(struct out_json *j, const char *const *cells,
    const int *types)
{
	size_t i;

	j->len = 0;
	j->failed = 0;
	json_put(j, "{", 1);
	for (i = 0; i < j->ncol; i++) {
		if (i > 0)
			json_put(j, ",", 1);
		json_string(j, NULL, j->keys[i]);
		json_put(j, ":", 1);
		if (cells[i] == NULL)
			json_put(j, "null", 4);
		else if (types != NULL && types[i] == OUT_NUMBER)
			json_number(j, cells[i]);
		else
			json_string(j, NULL, cells[i]);
	}
	json_put(j, "}", 1);
	return j->failed ? NULL : j->buf;
}
