/*
 * export: the rows, to the writer of the format (csv, tsv, json: out.c;
 * xlsx.c; html.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export.h"
#include "i18n.h"
#include "labels.h"

/*
 * --labels zh for csv, tsv and json: the headers (csv and tsv; json's
 * keys are for machines) into S->cells, whose room for the rows'
 * translated cells is made here.  The writer copies the headers.  0, or
 * -1 for want of memory.
 */
static int
zh_begin(struct sink *s, int ncol, const char *const *names)
{
	int i;

	if ((s->cells = calloc((size_t)ncol + 1, sizeof(*s->cells))) == NULL ||
	    (s->copies = calloc((size_t)ncol + 1, sizeof(*s->copies))) == NULL)
		return -1;
	s->ncells = ncol;
	for (i = 0; i < ncol; i++)
		s->cells[i] = s->format == EXPORT_JSON ? names[i] :
		    label_column(names[i]);
	return 0;
}

/*
 * CELLS of a row with its coded values (modes, kinds, classes) in
 * Chinese, valid until the next row; NULL for want of memory.
 */
static const char *const *
zh_cells(struct sink *s, int ncol, const char *const *names,
    const char *const *cells)
{
	int i;

	for (i = 0; i < ncol; i++) {
		free(s->copies[i]);
		s->cells[i] = label_value(names[i], cells[i], ";",
		    &s->copies[i]);
		if (s->cells[i] == NULL && cells[i] != NULL)
			return NULL;
	}
	return s->cells;
}

/* The header: make the writer, then give it the column names. */
static int
sink_begin(struct sink *s, int ncol, const char *const *names)
{
	enum out_format of;

	switch (s->format) {
	case EXPORT_CSV:
	case EXPORT_TSV:
	case EXPORT_JSON:
		of = s->format == EXPORT_CSV ? OUT_CSV :
		    s->format == EXPORT_TSV ? OUT_TSV : OUT_JSON;
		if (s->zh && zh_begin(s, ncol, names) != 0)
			break;
		if ((s->out = out_new(s->fp, of, s->zh ? s->cells : names,
		    (size_t)ncol)) == NULL)
			break;
		out_set_csv(s->out, s->options);
		/* --out - goes through a temporary file: is it for a person? */
		if (s->path == NULL)
			out_set_visible(s->out, isatty(STDOUT_FILENO));
		return 0;
	case EXPORT_XLSX:
		if ((s->xlsx = xlsx_new(s->path, s->xo)) == NULL)
			break;
		if (xlsx_row(s->xlsx, ncol, names, NULL) == 0)
			return 0;
		snprintf(s->err, sizeof(s->err), "%s", xlsx_error(s->xlsx));
		return -1;
	case EXPORT_HTML:
		if ((s->html = html_new(s->fp, s->ho)) == NULL)
			break;
		if (html_row(s->html, ncol, names, NULL) == 0)
			return 0;
		snprintf(s->err, sizeof(s->err), _("write error: %s"),
		    strerror(errno));
		return -1;
	}
	snprintf(s->err, sizeof(s->err), _("out of memory"));
	return -1;
}

int
sink_row(void *arg, int ncol, const char *const *names,
    const char *const *cells, const int *types)
{
	struct sink *s = arg;
	int rc = -1;

	if (cells == NULL)
		return sink_begin(s, ncol, names);
	if (s->fail_after >= 0 && s->rows >= s->fail_after) {
		snprintf(s->err, sizeof(s->err), "failing after %ld rows, as "
		    "the test hook asks", s->rows);
		return -1;
	}
	switch (s->format) {
	case EXPORT_CSV:
	case EXPORT_TSV:
	case EXPORT_JSON:
		if (s->zh && (cells = zh_cells(s, ncol, names, cells)) == NULL) {
			snprintf(s->err, sizeof(s->err), _("out of memory"));
			return -1;
		}
		rc = out_typed_row(s->out, cells, types);
		break;
	case EXPORT_XLSX:
		if ((rc = xlsx_row(s->xlsx, ncol, names, cells)) != 0) {
			snprintf(s->err, sizeof(s->err), "%s",
			    xlsx_error(s->xlsx));
			return -1;
		}
		break;
	case EXPORT_HTML:
		rc = html_row(s->html, ncol, names, cells);
		break;
	}
	if (rc != 0) {
		snprintf(s->err, sizeof(s->err), _("write error: %s"),
		    strerror(errno));
		return -1;
	}
	s->rows++;
	return 0;
}

int
sink_end(struct sink *s)
{
	int rc = 0;

	switch (s->format) {
	case EXPORT_CSV:
	case EXPORT_TSV:
	case EXPORT_JSON:
		rc = out_end(s->out);
		s->out = NULL;
		break;
	case EXPORT_XLSX:
		if ((rc = xlsx_end(s->xlsx)) != 0) {
			snprintf(s->err, sizeof(s->err), "%s",
			    xlsx_error(s->xlsx));
			return -1;
		}
		break;
	case EXPORT_HTML:
		rc = html_end(s->html);
		break;
	}
	if (rc != 0)
		snprintf(s->err, sizeof(s->err), _("write error: %s"),
		    strerror(errno));
	return rc;
}

void
sink_free(struct sink *s)
{
	int i;

	for (i = 0; s->copies != NULL && i < s->ncells; i++)
		free(s->copies[i]);
	free(s->copies);
	free(s->cells);
	out_free(s->out);
	xlsx_free(s->xlsx);
	html_free(s->html);
}

