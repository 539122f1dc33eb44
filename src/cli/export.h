#ifndef EXPORT_H
#define EXPORT_H

/*
 * export, in three files beside cmd_export.c: export_args.c (the
 * options and their checks), export_sink.c (rows to the writer of the
 * format) and export_labels.c (the titles, sheet names and lines a
 * person reads).
 */
#include <stdio.h>

#include "db.h"
#include "hash.h"
#include "html.h"
#include "out.h"
#include "xlsx.h"

enum export_format {
	EXPORT_CSV,
	EXPORT_TSV,
	EXPORT_JSON,
	EXPORT_XLSX,
	EXPORT_HTML
};

/* What one export does, from the options. */
struct export {
	const char		*what;
	const char		*out;		/* "-": stdout */
	const char		*manifest;	/* NULL: none */
	const char		*title;		/* --title, or NULL */
	const char		*issuer;	/* --issuer, or NULL */
	enum export_format	 format;
	int			 options;	/* OUT_BOM, OUT_NEUTRALISE */
	/*
	 * --labels zh: headers (but json's keys) and coded values (modes,
	 * kinds, classes) in Chinese, labels.c's.
	 */
	int			 zh;
	const char		*unit_ref;	/* as given */
	const char		*dept_ref;
	struct positive_filter	 f;
	char			 as_of[11];
	char			 unit[64];	/* resolved codes */
	char			 department[64];
	/* Results. */
	long			 rows;
	long long		 bytes;
	char			 sha256[HASH_HEX_LEN + 1];
	char			*manifest_json;
};

/* export_args.c: the options as cmd_export_check() left them. */
extern struct export export_args;
/* "csv", "tsv", ... */
const char	*export_format_name(enum export_format);

/*
 * Where the rows go: one of the writers.  FAIL_AFTER is a test hook: in a
 * test build (-DPOWERS_TEST_HOOKS) with $POWERS_TEST_FAIL_AFTER_ROWS set to
 * N, the writer fails as a full disk would after N rows, so that tests can
 * show that a run failing half way leaves the old file and no temporary
 * one.  It changes nothing else, and the product has no such hook.
 */
struct sink {
	enum export_format	 format;
	FILE			*fp;		/* all but xlsx */
	const char		*path;		/* xlsx: the file to write */
	const struct xlsx_opts	*xo;
	const struct html_opts	*ho;
	int			 options;
	int			 zh;		/* csv, tsv, json: --labels zh */
	const char		**cells;	/* ncol, the row as written */
	char			**copies;	/* ncol, what cells[] owns */
	int			 ncells;	/* of cells and copies */
	struct out		*out;
	struct xlsx		*xlsx;
	struct html		*html;
	long			 rows;
	long			 fail_after;	/* -1: never */
	char			 err[512];	/* why the writer failed */
};

/* A db_row_fn: the rows of the export (the header first), to the writer. */
int	sink_row(void *arg, int ncol, const char *const *names,
	    const char *const *cells, const int *types);
/* Finish the writer: the file is complete when this returns 0. */
int	sink_end(struct sink *);
void	sink_free(struct sink *);

/* Text for people about what was exported: titles, sheets, the scope. */
struct labels {
	char	 title[256];
	char	 sheet[128];
	char	 scope[256];
	char	 footer[256];
	char	 print_footer[256];	/* a printed page's, Excel's &-codes */
	long long changed;		/* the last change, db_changed_at() */
	char	*name;		/* the unit's or department's name; free() */
};

/*
 * The labels of E, inside its read transaction, in Chinese but the
 * printed footer, which follows --labels.  A DB_* code.
 */
int	make_labels(struct db *, const struct export *e, struct labels *);

#endif
