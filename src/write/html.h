#ifndef HTML_H
#define HTML_H

#include <stdio.h>

/*
 * A self-contained HTML page for the public: inline CSS and JavaScript,
 * nothing fetched, every value escaped.  Rows come grouped: a change of
 * the section column starts an <h2> section, a change of the group column
 * a heading (<h3> under a section, else <h2>) and a new table.  Every
 * table has the same columns at the same widths, by the kind of each
 * (html.c's kinds[]); on a narrow screen each row is a card of labelled
 * values.  A filter box narrows the rows in the browser and follows the
 * address ("page.html#q=建筑").
 */

struct html;

struct html_opts {
	const char	*title;		/* <title> and <h1> */
	const char	*issuer;	/* the issuing authority, or NULL */
	const char	*as_of;		/* YYYY-MM-DD the page holds as of, or NULL */
	const char	*const *lines;	/* under the title; NULL-terminated */
	const char	*section;	/* column starting <h2> sections, or NULL */
	const char	*group;		/* column starting tables, or NULL */
	const char	*const *hide;	/* columns not shown; NULL-terminated */
	const char	*footer;	/* a line at the end; may be NULL */
	/*
	 * 0: column headings and coded values (modes, kinds, classes) in
	 * Chinese, for the public; 1: the registry's names (--labels en).
	 */
	int		 raw_names;
};

/* A page written to FP (borrowed).  NULL when out of memory. */
struct html	*html_new(FILE *fp, const struct html_opts *);
/*
 * The column names (CELLS NULL), once, then each row, as db_query()
 * hands them.  0, or -1 when a write failed or memory ran out.
 */
int		 html_row(struct html *, int ncol, const char *const *names,
		    const char *const *cells);
/* Close the page and flush FP.  0 or -1.  Free H with html_free(). */
int		 html_end(struct html *);
void		 html_free(struct html *);

/* S with & < > " ' escaped and control characters shown as \x1b, to FP. */
void		 html_escape(FILE *fp, const char *s);

#endif
