/*
 * HTML pages: a positive list published to the public, or any export as
 * one table.
 *
 * The page is written as the rows stream in, so it costs no memory; the
 * counts that need every row (how many are shown) are left to the script.
 * Nothing is fetched: the page must open the same from a file, an
 * intranet or an archive years later, and must not tell a third party who
 * reads it.  Values go through html_escape() and never into the script.
 */
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "html_internal.h"
#include "labels.h"
#include "out.h"

struct html {
	FILE		*fp;
	struct html_opts opts;
	int		 ncol;
	int		 section;	/* column index, or -1 */
	int		 group;		/* column index, or -1 */
	char		*show;		/* ncol flags: shown as a column */
	int		*lay;		/* ncol indexes into layout[], or -1 */
	char		*cur_section;	/* values of the open section, group */
	char		*cur_group;
	int		 in_section;
	int		 in_table;
	char		**names;	/* copies, for each table's head */
	long		 rows;
	int		 failed;
};

/*
 * How a column is laid out, by its name: one width for it in every table
 * of the page, so that the departments' tables line up on one grid, and
 * how its values may break.  A code, a date or a document number is one
 * token: broken after "〔2022" it is misread, so it keeps to one line
 * (ONE_LINE), or each item of a list does (PER_ITEM, items split at SEP
 * and each in a <span>).  A batch, a long hash, breaks anywhere.  The
 * widths are em of the page's font, wide enough for the longest values
 * the registry holds ("西咸管办发〔2022〕15号"), in tenths, so that no
 * locale's decimal point gets into the CSS; a column not named here
 * is text, and the text columns share what the others leave.
 */
enum wrap { WRAP, ONE_LINE, PER_ITEM, ANYWHERE };

static const struct {
	const char	*name;
	int		 width;		/* tenths of an em */
	enum wrap	 wrap;
	char		 sep;
} layout[] = {
	{ "no", 35, ONE_LINE, 0 }, { "seq", 45, ONE_LINE, 0 },
	{ "start_seq", 45, ONE_LINE, 0 },
	{ "end_seq", 45, ONE_LINE, 0 },
	{ "code", 85, ONE_LINE, 0 }, { "power", 85, ONE_LINE, 0 },
	{ "unit_code", 60, ONE_LINE, 0 },
	{ "department_code", 60, ONE_LINE, 0 },
	{ "category_code", 60, ONE_LINE, 0 },
	{ "holder_code", 60, ONE_LINE, 0 },
	{ "from_code", 60, ONE_LINE, 0 }, { "to_code", 60, ONE_LINE, 0 },
	{ "exercised_by_codes", 80, PER_ITEM, ';' },
	{ "effective", 70, ONE_LINE, 0 },
	{ "start_date", 70, ONE_LINE, 0 },
	{ "end_date", 70, ONE_LINE, 0 },
	{ "recorded_at", 120, ONE_LINE, 0 },
	{ "document", 130, ONE_LINE, 0 },
	{ "documents", 130, PER_ITEM, ',' },
	{ "mode", 40, WRAP, 0 }, { "unit_kind", 45, WRAP, 0 },
	{ "level", 60, WRAP, 0 }, { "category", 65, WRAP, 0 },
	{ "class", 65, WRAP, 0 }, { "exercised_modes", 60, WRAP, 0 },
	{ "batch", 90, ANYWHERE, 0 },
};
#define NLAYOUT (sizeof(layout) / sizeof(layout[0]))

/*
 * A control character other than the tab and a line end (LF, CR LF) is
 * shown as out.c shows it, "\x1b": HTML allows no character reference to
 * one (&#x1b; is a parse error), and a page is read by people.
 */
/* The character at S, escaped, to FP: the bytes of S it took. */
static size_t
escape_one(FILE *fp, const char *s)
{
	char buf[5];
	size_t n;

	if ((n = out_text_control(s, buf)) != 0) {
		fputs(buf, fp);
		return n;
	}
	switch (*s) {
	case '&':
		fputs("&amp;", fp);
		break;
	case '<':
		fputs("&lt;", fp);
		break;
	case '>':
		fputs("&gt;", fp);
		break;
	case '"':
		fputs("&quot;", fp);
		break;
	case '\'':
		fputs("&#39;", fp);
		break;
	default:
		putc(*s, fp);
		break;
	}
	return 1;
}

void
html_escape(FILE *fp, const char *s)
{
	if (s == NULL)
		return;
	while (*s != '\0')
		s += escape_one(fp, s);
}

/* The heading of column NAME: in Chinese (labels.c) unless raw_names. */
static const char *
label(const struct html *h, const char *name)
{
	return h->opts.raw_names ? name : label_column(name);
}

/*
 * VALUE of a PER_ITEM column: each item, split at SEP, in a <span> that
 * keeps it on one line, the separators between them where a line may
 * break.
 */
static void
items(FILE *fp, const char *value, char sep)
{
	const char *p;

	fputs("<span>", fp);
	for (p = value; *p != '\0'; p++) {
		if (*p != sep)
			p += escape_one(fp, p) - 1;
		else
			fprintf(fp, "</span>%c<span>", sep);
	}
	fputs("</span>", fp);
}

/*
 * VALUE of COLUMN, escaped: a PER_ITEM column (LAY, an index into
 * layout[], or -1) item by item; a coded value in Chinese unless
 * raw_names, a list of them joined by "；".  0, or -1 for want of memory
 * (VALUE is written as it is).
 */
static int
cell(const struct html *h, const char *column, int lay, const char *value)
{
	const char *s = value;
	char *copy = NULL;

	if (value != NULL && *value != '\0' && lay != -1 &&
	    layout[lay].wrap == PER_ITEM) {
		items(h->fp, value, layout[lay].sep);
		return 0;
	}
	if (!h->opts.raw_names &&
	    (s = label_value(column, value, "；", &copy)) == NULL &&
	    value != NULL) {
		html_escape(h->fp, value);
		return -1;
	}
	html_escape(h->fp, s);
	free(copy);
	return 0;
}

struct html *
html_new(FILE *fp, const struct html_opts *opts)
{
	struct html *h;

	if ((h = calloc(1, sizeof(*h))) == NULL)
		return NULL;
	h->fp = fp;
	h->opts = *opts;
	h->section = h->group = -1;
	return h;
}

/*
 * S as the text of a CSS string, to FP: a quote, a backslash, markup
 * characters and controls as escapes ("\\3c "), so that no value ends the
 * string or the <style> element.
 */
static void
css_string(FILE *fp, const char *s)
{
	unsigned char c;

	putc('"', fp);
	for (; (c = (unsigned char)*s) != '\0'; s++)
		if (c < 0x20 || c == 0x7f || strchr("\"\\<>&'", c) != NULL)
			fprintf(fp, "\\%x ", c);
		else
			putc(c, fp);
	putc('"', fp);
}

/*
 * The page's rules for its columns, by position among those shown: the
 * width and the breaking of each (layout[]), the same in every table;
 * a text column at least TEXT_MIN wide, the table scrolling in its box
 * when the screen is narrower than that (a wide export, not the
 * positive list); and on a phone, each value's label.
 */
#define TEXT_MIN 80	/* tenths of an em */

static void
columns(struct html *h)
{
	int i, k, w, min = 0;

	fputs("<style>\n", h->fp);
	for (i = 0, k = 0; i < h->ncol; i++) {
		if (!h->show[i])
			continue;
		k++;
		if (h->lay[i] == -1) {
			min += TEXT_MIN;
			continue;
		}
		min += (w = layout[h->lay[i]].width);
		fprintf(h->fp, "th:nth-child(%d){width:%d.%dem}\n", k,
		    w / 10, w % 10);
		if (layout[h->lay[i]].wrap == ONE_LINE)
			fprintf(h->fp, "td:nth-child(%d){white-space:nowrap}\n",
			    k);
		else if (layout[h->lay[i]].wrap == PER_ITEM)
			fprintf(h->fp, "td:nth-child(%d) span"
			    "{white-space:nowrap}\n", k);
		else if (layout[h->lay[i]].wrap == ANYWHERE)
			fprintf(h->fp, "td:nth-child(%d)"
			    "{overflow-wrap:anywhere}\n", k);
	}
	fprintf(h->fp, "table{min-width:%d.%dem}\n", min / 10, min % 10);
	fputs("@media screen and (max-width:40rem){\ntable{min-width:0}\n",
	    h->fp);
	for (i = 0, k = 0; i < h->ncol; i++) {
		if (!h->show[i])
			continue;
		fprintf(h->fp, "td:nth-child(%d)::before{content:", ++k);
		css_string(h->fp, label(h, h->names[i]));
		fputs("}\n", h->fp);
	}
	fputs("}\n</style>\n", h->fp);
}

/*
 * The document up to the first table: the title, the issuer, the lines,
 * the date, the filter box, and the line that says the filter matched
 * nothing.
 */
static void
page_head(struct html *h)
{
	const char *const *line;

	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>", h->fp);
	html_escape(h->fp, h->opts.title);
	fputs("</title>\n", h->fp);
	fputs(html_style, h->fp);
	columns(h);
	fputs("</head>\n<body>\n<header>\n<h1>", h->fp);
	html_escape(h->fp, h->opts.title);
	fputs("</h1>\n", h->fp);
	if (h->opts.issuer != NULL) {
		fputs("<p class=\"meta\">发布机关：", h->fp);
		html_escape(h->fp, h->opts.issuer);
		fputs("</p>\n", h->fp);
	}
	for (line = h->opts.lines; line != NULL && *line != NULL; line++) {
		fputs("<p class=\"meta\">", h->fp);
		html_escape(h->fp, *line);
		fputs("</p>\n", h->fp);
	}
	if (h->opts.as_of != NULL) {
		fputs("<p class=\"meta\">截至 <time datetime=\"", h->fp);
		html_escape(h->fp, h->opts.as_of);
		fputs("\">", h->fp);
		html_escape(h->fp, h->opts.as_of);
		fputs("</time></p>\n", h->fp);
	}
	fputs("<div class=\"filter\"><label>筛选 <input id=\"q\" "
	    "type=\"search\" placeholder=\"事项名称、编码、文号、部门……\" "
	    "autocomplete=\"off\"></label><span id=\"count\" "
	    "aria-live=\"polite\"></span></div>\n</header>\n<main>\n"
	    "<p id=\"none\" role=\"status\" hidden></p>\n", h->fp);
}

static void
close_table(struct html *h)
{
	if (!h->in_table)
		return;
	fputs(h->group != -1 ? "</tbody>\n</table>\n</section>\n" :
	    "</tbody>\n</table>\n</div>\n", h->fp);
	h->in_table = 0;
}

static void
close_section(struct html *h)
{
	close_table(h);
	if (!h->in_section)
		return;
	fputs("</section>\n", h->fp);
	h->in_section = 0;
}

/*
 * A table with its head, under a heading when rows are grouped: an <h3>
 * under a section's <h2>, else an <h2>, so that no level is skipped.
 */
static void
open_table(struct html *h, const char *heading)
{
	int i, level = h->section != -1 ? 3 : 2;

	/* A section needs its heading: without one, the table is a <div>. */
	fputs(h->group != -1 ? "<section class=\"group\">\n" :
	    "<div class=\"group\">\n", h->fp);
	if (h->group != -1) {
		fprintf(h->fp, "<h%d>", level);
		(void)cell(h, h->names[h->group], -1, heading);
		fprintf(h->fp, "</h%d>\n", level);
	}
	fputs("<table>\n<thead><tr>", h->fp);
	for (i = 0; i < h->ncol; i++) {
		if (!h->show[i])
			continue;
		fputs("<th>", h->fp);
		html_escape(h->fp, label(h, h->names[i]));
		fputs("</th>", h->fp);
	}
	fputs("</tr></thead>\n<tbody>\n", h->fp);
	h->in_table = 1;
}

static int
column_index(const char *const *names, int ncol, const char *name)
{
	int i;

	for (i = 0; name != NULL && i < ncol; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

/* Where column NAME is in layout[], or -1. */
static int
layout_index(const char *name)
{
	size_t i;

	for (i = 0; i < NLAYOUT; i++)
		if (strcmp(layout[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int
header(struct html *h, int ncol, const char *const *names)
{
	const char *const *hide;
	int i;

	h->ncol = ncol;
	if ((h->show = calloc((size_t)ncol + 1, 1)) == NULL ||
	    (h->names = calloc((size_t)ncol + 1, sizeof(*h->names))) == NULL ||
	    (h->lay = calloc((size_t)ncol + 1, sizeof(*h->lay))) == NULL)
		return -1;
	for (i = 0; i < ncol; i++) {
		if ((h->names[i] = strdup(names[i])) == NULL)
			return -1;
		h->lay[i] = layout_index(names[i]);
		h->show[i] = 1;
		for (hide = h->opts.hide; hide && *hide; hide++)
			if (strcmp(*hide, names[i]) == 0)
				h->show[i] = 0;
	}
	h->section = column_index(names, ncol, h->opts.section);
	h->group = column_index(names, ncol, h->opts.group);
	page_head(h);
	return ferror(h->fp) ? -1 : 0;
}

/* Whether the value at column I of CELLS differs from *CUR; keeps it. */
static int
changed(char **cur, const char *const *cells, int i, int *oom)
{
	const char *v;

	if (i == -1)
		return 0;
	v = cells[i] ? cells[i] : "";
	if (*cur != NULL && strcmp(*cur, v) == 0)
		return 0;
	free(*cur);
	if ((*cur = strdup(v)) == NULL)
		*oom = 1;
	return 1;
}

int
html_row(struct html *h, int ncol, const char *const *names,
    const char *const *cells)
{
	int i, oom = 0, new_section;

	if (cells == NULL)
		return header(h, ncol, names);
	new_section = changed(&h->cur_section, cells, h->section, &oom);
	if (new_section) {
		close_section(h);
		fputs("<section class=\"unit\">\n<h2>", h->fp);
		html_escape(h->fp, h->cur_section);
		fputs("</h2>\n", h->fp);
		h->in_section = 1;
		/* A new section starts its groups afresh. */
		free(h->cur_group);
		h->cur_group = NULL;
	}
	if (changed(&h->cur_group, cells, h->group, &oom) ||
	    !h->in_table) {
		close_table(h);
		open_table(h, h->cur_group);
	}
	if (oom)
		return -1;
	fputs("<tr>", h->fp);
	for (i = 0; i < h->ncol; i++) {
		if (!h->show[i])
			continue;
		fputs("<td>", h->fp);
		if (cell(h, h->names[i], h->lay[i], cells[i]) != 0)
			oom = 1;
		fputs("</td>", h->fp);
	}
	fputs("</tr>\n", h->fp);
	h->rows++;
	return oom || ferror(h->fp) ? -1 : 0;
}

int
html_end(struct html *h)
{
	if (h->names == NULL)
		return -1;
	close_section(h);
	if (h->rows == 0)
		fputs("<p>（无）</p>\n", h->fp);
	fputs("</main>\n<footer>\n", h->fp);
	fprintf(h->fp, "<p>共 %ld 项", h->rows);
	if (h->opts.footer != NULL) {
		fputs(" · ", h->fp);
		html_escape(h->fp, h->opts.footer);
	}
	fputs("</p>\n</footer>\n", h->fp);
	fputs(html_script, h->fp);
	fputs("</body>\n</html>\n", h->fp);
	return fflush(h->fp) == EOF || ferror(h->fp) ? -1 : 0;
}

void
html_free(struct html *h)
{
	int i;

	if (h == NULL)
		return;
	if (h->names != NULL)
		for (i = 0; i < h->ncol; i++)
			free(h->names[i]);
	free(h->names);
	free(h->show);
	free(h->lay);
	free(h->cur_section);
	free(h->cur_group);
	free(h);
}
