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
#include "labels.h"
#include "out.h"

struct html {
	FILE		*fp;
	struct html_opts opts;
	int		 ncol;
	int		 section;	/* column index, or -1 */
	int		 group;		/* column index, or -1 */
	char		*show;		/* ncol flags: shown as a column */
	char		*cur_section;	/* values of the open section, group */
	char		*cur_group;
	int		 in_section;
	int		 in_table;
	char		**names;	/* copies, for each table's head */
	long		 rows;
	int		 failed;
};

/*
 * The page's style and script.  The script reads no value from the page
 * into code: it compares text only.  "#q=..." in the address is the first
 * filter, so that a link can point at a narrowed list (and a headless
 * browser can test the filter).
 */
static const char style[] =
    "<style>\n"
    ":root{color-scheme:light;font-family:system-ui,\"Noto Sans CJK SC\","
    "\"Microsoft YaHei\",\"PingFang SC\",sans-serif;line-height:1.5}\n"
    "body{margin:0 auto;max-width:80rem;padding:1rem 1.5rem;color:#1a1a1a}\n"
    "h1{font-size:1.6rem;margin:.5rem 0}\n"
    "h2{font-size:1.3rem;margin:2rem 0 .5rem;border-bottom:2px solid #8b0000}\n"
    "h3{font-size:1.05rem;margin:1.2rem 0 .4rem}\n"
    ".meta{color:#444;margin:.2rem 0}\n"
    ".filter{position:sticky;top:0;background:#fff;padding:.6rem 0;"
    "border-bottom:1px solid #ddd;z-index:1}\n"
    ".filter input{font:inherit;width:min(30rem,90%);padding:.3rem .5rem}\n"
    "#count{margin-left:1rem;color:#444}\n"
    "table{border-collapse:collapse;width:100%;margin-bottom:.5rem}\n"
    "th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;"
    "vertical-align:top;white-space:pre-line}\n"
    "th{background:#f3f3f3}\n"
    "tbody tr:nth-child(even){background:#fafafa}\n"
    "footer{margin-top:2rem;color:#666;font-size:.9rem}\n"
    "[hidden]{display:none!important}\n"
    "@media print{.filter{display:none}}\n"
    "</style>\n";

static const char script[] =
    "<script>\n"
    "(function () {\n"
    "\t'use strict';\n"
    "\tvar q = document.getElementById('q');\n"
    "\tvar count = document.getElementById('count');\n"
    "\tvar rows = Array.prototype.slice.call(\n"
    "\t    document.querySelectorAll('tbody tr'));\n"
    "\tvar boxes = Array.prototype.slice.call(\n"
    "\t    document.querySelectorAll('section.group, section.unit'));\n"
    "\t/* A row matches on its cells and on its headings. */\n"
    "\tvar text = rows.map(function (tr) {\n"
    "\t\tvar s = tr.textContent, box = tr.closest('section.group');\n"
    "\t\tvar unit = tr.closest('section.unit');\n"
    "\t\tif (box && box.firstElementChild.tagName === 'H3')\n"
    "\t\t\ts += ' ' + box.firstElementChild.textContent;\n"
    "\t\tif (unit)\n"
    "\t\t\ts += ' ' + unit.firstElementChild.textContent;\n"
    "\t\treturn s.toLowerCase();\n"
    "\t});\n"
    "\tfunction apply() {\n"
    "\t\tvar words = q.value.toLowerCase().split(/\\s+/)\n"
    "\t\t    .filter(function (w) { return w !== ''; });\n"
    "\t\tvar shown = 0;\n"
    "\t\trows.forEach(function (tr, i) {\n"
    "\t\t\tvar ok = words.every(function (w) {\n"
    "\t\t\t\treturn text[i].indexOf(w) !== -1;\n"
    "\t\t\t});\n"
    "\t\t\ttr.hidden = !ok;\n"
    "\t\t\tif (ok)\n"
    "\t\t\t\tshown++;\n"
    "\t\t});\n"
    "\t\tboxes.forEach(function (box) {\n"
    "\t\t\tbox.hidden = rows.length > 0 &&\n"
    "\t\t\t    box.querySelector('tbody tr:not([hidden])') === null;\n"
    "\t\t});\n"
    "\t\tcount.textContent = '显示 ' + shown + ' / ' + rows.length + ' 项';\n"
    "\t}\n"
    "\tvar m = /^#(?:.*&)?q=([^&]*)/.exec(location.hash);\n"
    "\tif (m) {\n"
    "\t\ttry {\n"
    "\t\t\tq.value = decodeURIComponent(m[1].replace(/\\+/g, ' '));\n"
    "\t\t} catch (e) {\n"
    "\t\t\tq.value = m[1];\n"
    "\t\t}\n"
    "\t}\n"
    "\tq.addEventListener('input', function () {\n"
    "\t\tapply();\n"
    "\t\ttry {\n"
    "\t\t\thistory.replaceState(null, '', q.value === '' ?\n"
    "\t\t\t    location.pathname : '#q=' + encodeURIComponent(q.value));\n"
    "\t\t} catch (e) {\n"
    "\t\t\t/* file: pages may refuse; the filter works all the same. */\n"
    "\t\t}\n"
    "\t});\n"
    "\tapply();\n"
    "})();\n"
    "</script>\n";

/*
 * A control character other than the tab and a line end (LF, CR LF) is
 * shown as out.c shows it, "\x1b": HTML allows no character reference to
 * one (&#x1b; is a parse error), and a page is read by people.
 */
void
html_escape(FILE *fp, const char *s)
{
	char buf[5];
	size_t n;

	if (s == NULL)
		return;
	for (; *s != '\0'; s++) {
		if ((n = out_text_control(s, buf)) != 0) {
			fputs(buf, fp);
			s += n - 1;
			continue;
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
	}
}

/* The heading of column NAME: in Chinese (labels.c) unless raw_names. */
static const char *
label(const struct html *h, const char *name)
{
	return h->opts.raw_names ? name : label_column(name);
}

/*
 * VALUE of COLUMN, escaped: a coded value in Chinese unless raw_names, a
 * list of them joined by "；".  0, or -1 for want of memory (VALUE is
 * written as it is).
 */
static int
cell(const struct html *h, const char *column, const char *value)
{
	const char *s = value;
	char *copy = NULL;

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

/* The document up to the first table: title, lines, the filter box. */
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
	fputs(style, h->fp);
	fputs("</head>\n<body>\n<header>\n<h1>", h->fp);
	html_escape(h->fp, h->opts.title);
	fputs("</h1>\n", h->fp);
	for (line = h->opts.lines; line != NULL && *line != NULL; line++) {
		fputs("<p class=\"meta\">", h->fp);
		html_escape(h->fp, *line);
		fputs("</p>\n", h->fp);
	}
	fputs("<div class=\"filter\"><label>筛选 <input id=\"q\" "
	    "type=\"search\" placeholder=\"事项名称、编码、文号、部门……\" "
	    "autocomplete=\"off\"></label><span id=\"count\" "
	    "aria-live=\"polite\"></span></div>\n</header>\n<main>\n", h->fp);
}

static void
close_table(struct html *h)
{
	if (!h->in_table)
		return;
	fputs("</tbody>\n</table>\n</section>\n", h->fp);
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

/* A table with its head, under an <h3> when rows are grouped. */
static void
open_table(struct html *h, const char *heading)
{
	int i;

	fputs("<section class=\"group\">\n", h->fp);
	if (h->group != -1) {
		fputs("<h3>", h->fp);
		(void)cell(h, h->names[h->group], heading);
		fputs("</h3>\n", h->fp);
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

static int
header(struct html *h, int ncol, const char *const *names)
{
	const char *const *hide;
	int i;

	h->ncol = ncol;
	if ((h->show = calloc((size_t)ncol + 1, 1)) == NULL ||
	    (h->names = calloc((size_t)ncol + 1, sizeof(*h->names))) == NULL)
		return -1;
	for (i = 0; i < ncol; i++) {
		if ((h->names[i] = strdup(names[i])) == NULL)
			return -1;
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
		if (cell(h, h->names[i], cells[i]) != 0)
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
	fputs(script, h->fp);
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
	free(h->cur_section);
	free(h->cur_group);
	free(h);
}
