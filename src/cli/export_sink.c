/*
 * export: the rows, to the writer of the format (csv, tsv, json: out.c;
 * xlsx.c; html.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "export.h"

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
		if ((s->out = out_new(s->fp, of, names, (size_t)ncol)) == NULL)
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
		snprintf(s->err, sizeof(s->err), "write error: %s",
		    strerror(errno));
		return -1;
	}
	snprintf(s->err, sizeof(s->err), "out of memory");
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
		snprintf(s->err, sizeof(s->err), "write error: %s",
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
		snprintf(s->err, sizeof(s->err), "write error: %s",
		    strerror(errno));
	return rc;
}

void
sink_free(struct sink *s)
{
	out_free(s->out);
	xlsx_free(s->xlsx);
	html_free(s->html);
}

