/*
 * import: powers from a clerk's spreadsheet.
 *
 * Every row is checked and every error reported (up to SHEET_MAX_ERRORS)
 * as FILE:LINE: reason; any error rolls the whole import back.  A good
 * file is upserted by code in one transaction; --dry-run does all of it
 * and rolls back.  What unit import shares is in import_common.c.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "csvin.h"
#include "db.h"
#include "i18n.h"
#include "import_common.h"
#include "progress.h"
#include "refs.h"
#include "sheet.h"

/* A file this large is read ahead in another thread (sheet_ahead_start()). */
#define READ_AHEAD_BYTES	(4LL << 20)

/* The columns are sheet.c's, in the order of the db layer's fields. */
_Static_assert(SHEET_POWER_COLS == IMPORT_POWER_FIELDS, "power columns");

static const char *const power_labels[IMPORT_POWER_FIELDS] = {
	"code (事项编码)", "name (事项名称)", "category (事项类型)",
	"department (主管部门)", "class (事权类别)", "legal_basis (设定依据)",
	"holder (实施主体)", "note (备注)",
};

/* Attributes that are never cleared: an empty cell of theirs is refused. */
#define POWER_NEVER_EMPTY	((1u << 1) | (1u << 2) | (1u << 3))

/* An unknown category: the nearest by name, and every category. */
static void
unknown_category(struct sheet *ctx, long line, const char *ref)
{
	char near[512] = "", all[1024] = "";

	/* The read-ahead thread reports nothing: spare it the work. */
	if (!ctx->silent) {
		refs_suggest_category(&ctx->refs, ref, near, sizeof(near));
		refs_list_categories(&ctx->refs, all, sizeof(all));
	}
	if (*near != '\0')
		sheet_cell_error(ctx, line, 2, _("unknown category '%s': did "
		    "you mean %s? the categories: %s"), ref, near, all);
	else
		sheet_cell_error(ctx, line, 2, _("unknown category '%s': the "
		    "categories: %s"), ref, all);
}

/*
 * Check one power row and resolve its references into FIELDS (pointers
 * into ROW and into the refs; DB_IMPORT_KEEP for what the file does not
 * give).  Returns 0 when the row is good.
 */
static int
check_power(struct sheet *ctx, const struct csvin_row *row,
    const char **fields)
{
	const struct category_info *cat;
	const struct unit_info *dept, *holder;
	const char *class, *ref;
	long line = row->line;
	int i, bad = 0;

	for (i = 0; i < IMPORT_POWER_FIELDS; i++)
		if ((fields[i] = import_given(ctx, row, sheet_power_cols, i,
		    POWER_NEVER_EMPTY)) == NULL)
			bad = 1;
	if (bad)
		return -1;
	if (fields[2] == DB_IMPORT_KEEP)
		;
	else if ((cat = refs_category(&ctx->refs, fields[2])) == NULL) {
		unknown_category(ctx, line, fields[2]);
		bad = 1;
	} else
		fields[2] = cat->code;
	if (fields[3] != DB_IMPORT_KEEP) {
		dept = sheet_unit(ctx, line, "department", fields[3],
		    NEW_AREA_LEVEL, N_("a department of the New Area level"));
		if (dept == NULL)
			bad = 1;
		else
			fields[3] = dept->code;
	}
	/*
	 * A class and a holder are never cleared: an empty cell, like an
	 * absent column, keeps what a registered power has, and gives a new
	 * one the default (economic; the New Area).
	 */
	if (fields[4] == DB_IMPORT_KEEP || *fields[4] == '\0')
		fields[4] = DB_IMPORT_KEEP;
	else if ((class = parse_class(fields[4])) == NULL) {
		sheet_cell_error(ctx, line, 4, _("unknown class '%s': economic "
		    "(经济发展和项目审批类) or social (社会管理类)"), fields[4]);
		bad = 1;
	} else
		fields[4] = class;
	ref = fields[6];
	if (ref == DB_IMPORT_KEEP || *ref == '\0')
		fields[6] = DB_IMPORT_KEEP;
	else if ((holder = sheet_unit(ctx, line, "holder", ref, NEW_AREA_LEVEL,
	    N_("the New Area or one of its departments"))) == NULL)
		bad = 1;
	else
		fields[6] = holder->code;
	return bad ? -1 : 0;
}

/*
 * What a new power takes for what the file does not give: economic, no
 * legal basis, no note, the New Area as holder (when there is one New
 * Area); a name, a category and a department it must have.
 */
static void
power_columns(const struct sheet *ctx, struct import_column *cols)
{
	const struct unit_info *new_area;
	int i;

	new_area = refs_only_unit(&ctx->refs, KIND_NEW_AREA);
	for (i = 0; i < IMPORT_POWER_FIELDS; i++) {
		cols[i].label = power_labels[i];
		cols[i].needed = i < 4;
		cols[i].dflt = "";
	}
	cols[4].dflt = "economic";
	if (new_area != NULL)
		cols[6].dflt = new_area->code;
	else {
		cols[6].label = "holder (实施主体), and the registry has no "
		    "single New Area to default to";
		cols[6].needed = 1;
	}
}

/* Whether any field is DB_IMPORT_KEEP: then the row is hashed once whole. */
static int
keeps_any(const char *const *fields, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (fields[i] == DB_IMPORT_KEEP)
			return 1;
	return 0;
}

/*
 * A power row as the read-ahead thread takes it: checked, resolved and
 * hashed, so that the writing thread only writes.  ARG is the columns'
 * defaults when the table was empty (every row new), else NULL: a new
 * row takes the default of each field the file leaves out, as
 * db_import_hashed() would give it, and is hashed here, not hashed
 * again there (a tenth of the writing thread's time on a file with
 * empty classes or holders).  A field a new row needs stays left out,
 * for the writing thread to refuse.
 */
static int
read_power(struct sheet *ctx, const struct csvin_row *row,
    struct sheet_row *out, void *arg)
{
	const struct import_column *fresh = arg;
	int i;

	if (sheet_check_shape(ctx, row, sheet_power_cols, IMPORT_POWER_FIELDS) != 0 ||
	    check_power(ctx, row, out->field) != 0)
		return -1;
	for (i = 0; fresh != NULL && i < IMPORT_POWER_FIELDS; i++)
		if (out->field[i] == DB_IMPORT_KEEP && !fresh[i].needed)
			out->field[i] = fresh[i].dflt;
	if (!keeps_any(out->field, IMPORT_POWER_FIELDS) &&
	    db_import_hash(IMPORT_POWERS, out->field, out->hash) != 0)
		out->failed = 1;
	return 0;
}

int
cmd_import(int argc, char **argv, struct db *db)
{
	struct sheet_opts opts = sheet_opt_values;
	struct sheet ctx = { .opts = &opts };
	struct db_import *imp = NULL;
	struct import_column cols[IMPORT_POWER_FIELDS];
	struct progress *bar = NULL;
	struct sheet_row row;
	char why[1024];
	int status, rc, got;

	(void)argc;
	(void)argv;
	if ((status = sheet_open(&ctx, sheet_power_cols, IMPORT_POWER_FIELDS)) >= 0)
		goto out;
	if ((rc = db_refs_load(db, &ctx.refs)) != DB_OK) {
		status = import_db_failed(db, imp, rc);
		goto out;
	}
	power_columns(&ctx, cols);
	if ((rc = db_import_begin(db, IMPORT_POWERS, cols, &imp)) != DB_OK) {
		status = import_db_failed(db, imp, rc);
		goto out;
	}
	if ((status = import_needed_columns(&ctx, db, imp, sheet_power_cols, cols,
	    IMPORT_POWER_FIELDS, "power")) >= 0 ||
	    (status = import_set_dates(db, imp)) >= 0)
		goto out;
	/*
	 * Reading, checking and hashing the rows took a third of an import's
	 * time; on a file of some size another thread does it while this one
	 * writes.  Below that a thread is not worth starting.
	 */
	if ((status = sheet_ahead_start(&ctx, read_power,
	    db_import_fresh(imp) ? cols : NULL, READ_AHEAD_BYTES)) >= 0) {
		db_import_free(imp);
		db_rollback(db);
		goto out;
	}
	bar = progress_start("importing", csvin_size(ctx.in), globals.quiet);
	while ((got = sheet_ahead_next(&ctx, &row)) == 1) {
		progress_update(bar, row.offset, row.line);
		if (row.failed) {
			warnx(_("%s: sha-256 failed"), current_cmd->name);
			db_import_free(imp);
			db_rollback(db);
			status = EXIT_FAIL;
			goto out;
		}
		rc = db_import_hashed(imp, row.field, row.hash, row.line, why,
		    sizeof(why));
		if (rc == DB_REJECT)
			sheet_error(&ctx, row.line, "%s", why);
		else if (rc != DB_OK) {
			status = import_db_failed(db, imp, rc);
			goto out;
		}
	}
	progress_end(bar);
	bar = NULL;
	if (got < 0) {
		db_import_free(imp);
		db_rollback(db);
		status = sheet_ahead_failed(&ctx);
		goto out;
	}
	status = import_end(&ctx, db, imp, _("powers"));
out:
	progress_end(bar);
	sheet_close(&ctx);
	return status;
}

