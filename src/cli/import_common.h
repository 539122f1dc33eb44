#ifndef IMPORT_COMMON_H
#define IMPORT_COMMON_H

/* What unit import and import share (import_common.c). */

#include "csvin.h"
#include "db.h"
#include "opt.h"
#include "sheet.h"

/* --effective and --correction of import and unit import. */
struct import_date_opts {
	char	effective[11];	/* empty: not given */
	int	correction;
};
extern struct import_date_opts import_date_values;
/* sheet_opt_table's options and those two. */
extern const struct opt import_opt_table[];
/* The FILE operand, once the two options are known not to clash. */
int	import_file_operand(int argc, char **argv);
/*
 * Give IMP the dates of its events as the options say (changes from
 * today by default, new rows from the start).  Returns -1 to go on, else
 * the exit status (the import freed, rolled back).
 */
int	import_set_dates(struct db *, struct db_import *imp);

/* Whether the file has column I. */
int	import_has_column(const struct sheet *, int i);
/*
 * Field I of ROW as the import takes it: DB_IMPORT_KEEP when the file has
 * no such column.  An empty cell of an attribute in NEVER_EMPTY (a mask
 * of 1 << I) is reported and gives NULL.
 */
const char *import_given(struct sheet *, const struct csvin_row *row,
	    const struct csvin_col *cols, int i, unsigned never_empty);
/*
 * Into an empty table every row is new, and so needs every column a new
 * row needs: a missing one is said once, on the header's line.  Returns
 * -1 to go on, else the exit status (the import freed, rolled back).
 */
int	import_needed_columns(struct sheet *, struct db *, struct db_import *,
	    const struct csvin_col *cols, const struct import_column *icols,
	    int ncol, const char *noun);
/*
 * Once every row is in: the checks over the whole file (any problem is
 * an error of the sheet); then, when the sheet has no error, record the
 * import, commit it (or roll back a dry run) and print the summary.  IMP
 * is freed either way.  Returns the exit status.
 */
int	import_end(struct sheet *, struct db *, struct db_import *imp,
	    const char *noun);
/* A db layer failure mid-import: report, free IMP, roll back; the status. */
int	import_db_failed(struct db *, struct db_import *imp, int rc);

#endif
