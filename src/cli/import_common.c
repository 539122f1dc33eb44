/*
 * What unit import and import share: the fields of a row as an import
 * takes them, the columns a fresh table needs, the checks over the whole
 * file, and the summary at the end.
 */
#include <err.h>
#include <stdio.h>

#include "cmd.h"
#include "csvin.h"
#include "db.h"
#include "i18n.h"
#include "import_common.h"
#include "sheet.h"

#define MAX_ABSENT	10	/* absent codes named in the summary */

struct import_date_opts import_date_values;

const struct opt import_opt_table[] = {
	OPT_INCLUDE(sheet_opt_table),
	OPT_CALLBACK("effective", 0, "DATE", N_("the changes hold from DATE, and "
	    "new rows exist from it; default: changes from today in the "
	    "registry's time zone, new rows from the start"),
	    import_date_values.effective, cmd_opt_date),
	OPT_BOOL("correction", 0, N_("the changes hold from the start, as if "
	    "always so (correct a mistake)"), &import_date_values.correction),
	OPT_END
};

int
import_file_operand(int argc, char **argv)
{
	const struct import_date_opts *d = &import_date_values;

	if (d->correction && d->effective[0] != '\0') {
		warnx(_("%s: --correction holds from the start: give it or "
		    "--effective DATE, not both"), current_cmd->name);
		return EXIT_USAGE;
	}
	return sheet_file_operand(argc, argv);
}

int
import_set_dates(struct db *db, struct db_import *imp)
{
	struct import_date_opts *d = &import_date_values;
	char today[11] = "";
	int status;

	if (d->correction) {
		db_import_dates(imp, NULL, NULL);
		return -1;
	}
	if (d->effective[0] != '\0') {
		db_import_dates(imp, d->effective, d->effective);
		return -1;
	}
	if ((status = cmd_today(db, today)) >= 0) {
		db_import_free(imp);
		db_rollback(db);
		return status;
	}
	db_import_dates(imp, today, NULL);
	return -1;
}

/* The line of the summary that says from when its changes hold. */
static void
print_dates(void)
{
	const struct import_date_opts *d = &import_date_values;

	if (d->correction)
		printf(_("  the changes are corrections: they hold from the "
		    "start\n"));
	else if (d->effective[0] != '\0')
		printf(_("  the changes hold, and new rows exist, from %s\n"),
		    d->effective);
	else
		printf(_("  the changes hold from today; new rows exist from "
		    "the start\n"));
}

/* Whether the file has column I. */
int
import_has_column(const struct sheet *ctx, int i)
{
	return ctx->index[i] >= 0;
}

/*
 * Field I of ROW as the import takes it: DB_IMPORT_KEEP when the file has
 * no such column.  An empty cell of an attribute in NEVER_EMPTY is
 * reported and gives NULL.
 */
const char *
import_given(struct sheet *ctx, const struct csvin_row *row,
    const struct csvin_col *cols, int i, unsigned never_empty)
{
	const char *v;

	if (!import_has_column(ctx, i))
		return DB_IMPORT_KEEP;
	v = sheet_field(ctx, row, i);
	if (*v == '\0' && (never_empty & (1u << i))) {
		sheet_cell_error(ctx, row->line, i, _("empty %s (%s): a %s is never "
		    "cleared; give it, or leave the column out to keep it"),
		    cols[i].en, cols[i].zh, cols[i].en);
		return NULL;
	}
	return v;
}

static void
print_absent(const char *code, void *arg)
{
	(void)arg;
	if (!globals.quiet)
		printf(_("  absent from the file (kept): %s\n"), code);
}

#define MAX_CHANGES	20	/* changed attributes named in the summary */

static void
print_change(const char *code, const char *attribute, const char *old_value,
    const char *new_value, void *arg)
{
	(void)arg;
	/* An empty cell of a column the file has clears the attribute. */
	if (new_value == NULL || *new_value == '\0')
		printf(_("  cleared %s %s: was '%s'\n"), code, attribute,
		    old_value ? old_value : "");
	else
		printf(_("  changed %s %s: '%s' -> '%s'\n"), code, attribute,
		    old_value ? old_value : "", new_value);
}

/*
 * Record the import, commit it (or roll back a dry run) and print the
 * summary.  Returns the exit status.
 */
static int
finish(struct sheet *ctx, struct db *db, struct db_import *imp,
    const char *noun)
{
	struct import_counts c;
	struct import_meta m = {
		.file = ctx->opts->file,
		.sha256 = csvin_sha256(ctx->in),
		.encoding = csvin_encoding(ctx->in),
		.dialect = csvin_dialect(ctx->in),
		.operator_name = globals.by,
		.at = db_now(),
	};
	int rc;

	long changes = 0;

	if (!globals.quiet) {
		printf("%s: %s, %s\n", ctx->opts->file, m.encoding, m.dialect);
		sheet_print_skipped(ctx);
		rc = db_import_changes(imp, print_change, NULL, MAX_CHANGES,
		    &changes);
		if (rc == DB_OK && changes > MAX_CHANGES)
			printf(_("  ... and %ld more changes\n"),
			    changes - MAX_CHANGES);
		if (rc == DB_OK && changes > 0)
			print_dates();
	} else
		rc = DB_OK;
	if (rc == DB_OK)
		rc = db_import_finish(imp, &m, &c, print_absent, NULL,
		    MAX_ABSENT);
	db_import_free(imp);
	if (rc == DB_OK && !ctx->opts->dry_run)
		rc = db_commit(db);
	if (rc != DB_OK) {
		warnx("%s: %s", current_cmd->name, db_errmsg(db));
		db_rollback(db);
		return cmd_db_status(rc);
	}
	if (ctx->opts->dry_run)
		db_rollback(db);
	if (!globals.quiet) {
		if (c.absent > MAX_ABSENT)
			printf(_("  ... and %ld more absent\n"),
			    c.absent - MAX_ABSENT);
		printf(_("%s%ld %s: %ld new, %ld changed, %ld unchanged, "
		    "%ld absent from the file%s\n"),
		    ctx->opts->dry_run ? _("dry run: ") : "", c.rows, noun,
		    c.added, c.changed, c.unchanged, c.absent,
		    ctx->opts->dry_run ? _("; nothing written") : "");
	}
	return EXIT_DONE;
}

/* A db layer failure mid-import: report, roll back, give the status. */
int
import_db_failed(struct db *db, struct db_import *imp, int rc)
{
	warnx("%s: %s", current_cmd->name, db_errmsg(db));
	db_import_free(imp);
	db_rollback(db);
	return cmd_db_status(rc);
}

/*
 * Into an empty table every row is new, and so needs every column a new
 * row needs: a missing one is said once, on the header's line.  Returns
 * -1 to go on, else the exit status.
 */
int
import_needed_columns(struct sheet *ctx, struct db *db, struct db_import *imp,
    const struct csvin_col *cols, const struct import_column *icols,
    int ncol, const char *noun)
{
	int i;

	if (!db_import_fresh(imp))
		return -1;
	for (i = 0; i < ncol; i++)
		if (icols[i].needed && !import_has_column(ctx, i))
			sheet_error(ctx, ctx->header_line, _("missing column '%s' "
			    "(%s): every %s is new, and a new %s needs it"),
			    cols[i].en, cols[i].zh, noun, noun);
	if (ctx->errors == 0)
		return -1;
	db_import_free(imp);
	db_rollback(db);
	return sheet_refuse(ctx);
}

/* A problem db_import_check() found, reported at its line. */
static void
report_problem(long line, const char *why, void *arg)
{
	sheet_error(arg, line, "%s", why);
}

/*
 * The checks over the whole file, once every row is in: any problem is
 * an error of the sheet.  Returns -1 to go on, else the exit status.
 */
static int
check_whole(struct sheet *ctx, struct db *db, struct db_import *imp)
{
	long problems;
	int rc;

	if ((rc = db_import_check(imp, report_problem, ctx, &problems)) !=
	    DB_OK)
		return import_db_failed(db, imp, rc);
	return -1;
}


int
import_end(struct sheet *ctx, struct db *db, struct db_import *imp,
    const char *noun)
{
	int status;

	if ((status = check_whole(ctx, db, imp)) >= 0)
		return status;
	if (ctx->errors > 0) {
		db_import_free(imp);
		db_rollback(db);
		return sheet_refuse(ctx);
	}
	return finish(ctx, db, imp, noun);
}
