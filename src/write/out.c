/*
 * Writers for rows of text: an aligned table, CSV, TSV, Markdown, and
 * JSON objects with a key for each column.
 *
 * Only the table is buffered, because its columns are measured before the
 * first line is printed; the other formats stream one row at a time, so a
 * large export costs no memory here.  Nothing is printed before the first
 * row or out_end(): a writer freed with out_free() after an early error
 * leaves no half header behind.
 *
 * This file holds the calls and hands each row to its format's file
 * (out_internal.h says which).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out_internal.h"

int
out_format_parse(const char *name, enum out_format *format)
{
	static const struct {
		const char	*name;
		enum out_format	 format;
	} names[] = {
		{ "table", OUT_TABLE },
		{ "csv", OUT_CSV },
		{ "tsv", OUT_TSV },
		{ "json", OUT_JSON },
		{ "markdown", OUT_MARKDOWN },
		{ "md", OUT_MARKDOWN },
	};
	size_t i;

	if (name == NULL)
		return -1;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(name, names[i].name) == 0) {
			*format = names[i].format;
			return 0;
		}
	}
	return -1;
}

/* Static storage; "?" for a value outside the enum. */
const char *
out_format_name(enum out_format format)
{
	switch (format) {
	case OUT_TABLE:
		return "table";
	case OUT_CSV:
		return "csv";
	case OUT_TSV:
		return "tsv";
	case OUT_JSON:
		return "json";
	case OUT_MARKDOWN:
		return "markdown";
	}
	return "?";
}

/*
 * The writer copies the column names (a NULL name becomes ""), so the
 * caller may free COLUMNS at once.  FP stays the caller's: neither
 * out_end() nor out_free() closes it.  A table on a terminal is fitted to
 * its width; out_set_width() changes that.
 */
struct out *
out_new(FILE *fp, enum out_format format, const char *const *columns,
    size_t ncol)
{
	struct out *o;
	size_t i;

	if ((o = calloc(1, sizeof(*o))) == NULL)
		return NULL;
	o->fp = fp;
	o->format = format;
	o->ncol = ncol;
	/* calloc(0) may return NULL; one spare slot keeps NULL meaning OOM. */
	if ((o->columns = calloc(ncol + 1, sizeof(*o->columns))) == NULL ||
	    (o->cols = calloc(ncol + 1, sizeof(*o->cols))) == NULL)
		goto fail;
	for (i = 0; i < ncol; i++) {
		if (format == OUT_TABLE)
			o->columns[i] = out_table_copy(columns[i] ? columns[i] : "");
		else
			o->columns[i] = strdup(columns[i] ? columns[i] : "");
		if (o->columns[i] == NULL)
			goto fail;
		o->cols[i].width = out_width(o->columns[i]);
	}
	if (format == OUT_TABLE) {
		o->maxwidth = out_term_width(fp);
		o->bold = out_wants_color(fp);
	}
	if (format == OUT_JSON && (o->json = out_json_new(columns, ncol)) ==
	    NULL)
		goto fail;
	o->visible = fileno(fp) != -1 && isatty(fileno(fp));
	return o;
fail:
	out_free(o);
	return NULL;
}

enum out_format
out_format(const struct out *o)
{
	return o->format;
}

/*
 * Fit an OUT_TABLE into COLUMNS terminal columns, as far as the minimum
 * column width allows; 0 never cuts.  Other formats never cut.
 */
void
out_set_width(struct out *o, size_t columns)
{
	o->maxwidth = columns;
}

/* Only CSV and TSV heed it: the table and Markdown always escape. */
void
out_set_visible(struct out *o, int on)
{
	o->visible = on;
}


/* Only CSV and TSV take options; the others ignore them. */
void
out_set_csv(struct out *o, int options)
{
	o->options = options;
}

/*
 * OWASP's list (CSV Injection): '=', '+', '-' and '@' start a formula in
 * Excel, LibreOffice and Google Sheets, and a leading tab or carriage
 * return may be stripped on import, leaving one.  A negative number is
 * caught too: "'-1" is text, which a registry of codes and names can
 * afford.
 */
int
out_formula(const char *s)
{
	return s != NULL && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
}

/*
 * CELLS is copied (or written at once), so the caller may reuse it as soon
 * as this returns: sqlite3_column_text() pointers are fine.  Returns -1
 * when out of memory, when a write failed, or for an OUT_JSON writer.
 */
int
out_row(struct out *o, const char *const *cells)
{
	switch (o->format) {
	case OUT_TABLE:
		if (out_table_row(o, cells) == -1) {
			o->failed = 1;
			return -1;
		}
		return 0;
	case OUT_JSON:
		/* A JSON row needs its cells' types: out_typed_row(). */
		o->failed = 1;
		return -1;
	case OUT_CSV:
	case OUT_TSV:
	case OUT_MARKDOWN:
		out_stream_row(o, cells);
		break;
	}
	o->nrow++;
	return ferror(o->fp) ? -1 : 0;
}

/*
 * OBJECT is one JSON object on one line, as out_json_object() builds it; it
 * is written at once, not kept.
 */
int
out_json_row(struct out *o, const char *object)
{
	if (o->format != OUT_JSON || object == NULL) {
		o->failed = 1;
		return -1;
	}
	fputs(o->nrow == 0 ? "[\n" : ",\n", o->fp);
	fputs(object, o->fp);
	o->nrow++;
	o->begun = 1;
	return ferror(o->fp) ? -1 : 0;
}

/* The object is built in o->json's buffer, then written as out_json_row(). */
int
out_typed_row(struct out *o, const char *const *cells, const int *types)
{
	const char *object;

	if (o->format != OUT_JSON)
		return out_row(o, cells);
	if ((object = out_json_object(o->json, cells, types)) == NULL) {
		o->failed = 1;
		return -1;
	}
	return out_json_row(o, object);
}

/*
 * The header of CSV, TSV and Markdown is printed even without rows, so
 * that a script reading an empty result still sees the columns.  FP is
 * flushed, so that a full disk shows here and not at the caller's fclose().
 * Returns -1 when a write failed or an earlier call returned -1.
 */
int
out_end(struct out *o)
{
	int rc;

	switch (o->format) {
	case OUT_TABLE:
		out_table_print(o);
		break;
	case OUT_JSON:
		fputs(o->nrow == 0 ? "[]\n" : "\n]\n", o->fp);
		break;
	case OUT_CSV:
	case OUT_TSV:
	case OUT_MARKDOWN:
		out_stream_begin(o);
		break;
	}
	rc = 0;
	if (fflush(o->fp) == EOF || ferror(o->fp) || o->failed)
		rc = -1;
	out_free(o);
	return rc;
}

void
out_free(struct out *o)
{
	size_t i;

	if (o == NULL)
		return;
	if (o->cells != NULL) {
		for (i = 0; i < o->nkept * o->ncol; i++)
			free(o->cells[i]);
		free(o->cells);
	}
	if (o->spill != NULL)
		fclose(o->spill);
	if (o->columns != NULL) {
		for (i = 0; i < o->ncol; i++)
			free(o->columns[i]);
		free(o->columns);
	}
	free(o->cols);
	out_json_free(o->json);
	free(o);
}

