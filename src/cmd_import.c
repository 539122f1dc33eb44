/*
 * unit import and import: units and powers from a clerk's spreadsheet.
 *
 * Every row is checked and every error reported (up to MAX_ERRORS) as
 * FILE:LINE: reason; any error rolls the whole import back.  A good file
 * is upserted by code in one transaction; --dry-run does all of it and
 * rolls back.
 */
#include <err.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "csvin.h"
#include "db.h"
#include "progress.h"
#include "refs.h"
#include "sheet.h"

#define MAX_ABSENT	10	/* absent codes named in the summary */
/* A file this large is read ahead in another thread (sheet_ahead_start()). */
#define READ_AHEAD_BYTES	(4LL << 20)

/* The columns are sheet.c's, in the order of the db layer's fields. */
_Static_assert(SHEET_UNIT_COLS == IMPORT_UNIT_FIELDS, "unit columns");
_Static_assert(SHEET_POWER_COLS == IMPORT_POWER_FIELDS, "power columns");

static const struct import_column unit_import_cols[IMPORT_UNIT_FIELDS] = {
	{ "code (编码)", 1, NULL },
	{ "name (名称)", 1, NULL },
	{ "kind (类型)", 1, NULL },
	{ "parent (上级)", 0, NULL },
	{ "within (所在新城)", 0, NULL },
};

static const char *const power_labels[IMPORT_POWER_FIELDS] = {
	"code (事项编码)", "name (事项名称)", "category (事项类型)",
	"department (主管部门)", "class (事权类别)", "legal_basis (设定依据)",
	"holder (实施主体)", "note (备注)",
};

/* Attributes that are never cleared: an empty cell of theirs is refused. */
#define POWER_NEVER_EMPTY	((1u << 1) | (1u << 2) | (1u << 3))
#define UNIT_NEVER_EMPTY	((1u << 1) | (1u << 2))

/* Whether the file has column I. */
static int
has_column(const struct sheet *ctx, int i)
{
	return ctx->index[i] >= 0;
}

/*
 * Field I of ROW as the import takes it: DB_IMPORT_KEEP when the file has
 * no such column.  An empty cell of an attribute in NEVER_EMPTY is
 * reported and gives NULL.
 */
static const char *
given(struct sheet *ctx, const struct csvin_row *row,
    const struct csvin_col *cols, int i, unsigned never_empty)
{
	const char *v;

	if (!has_column(ctx, i))
		return DB_IMPORT_KEEP;
	v = sheet_field(ctx, row, i);
	if (*v == '\0' && (never_empty & (1u << i))) {
		sheet_error(ctx, row->line, "empty %s (%s): a %s is never "
		    "cleared; give it, or leave the column out to keep it",
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
		printf("  absent from the file (kept): %s\n", code);
}

#define MAX_CHANGES	20	/* changed attributes named in the summary */

static void
print_change(const char *code, const char *attribute, const char *old_value,
    const char *new_value, void *arg)
{
	(void)arg;
	/* An empty cell of a column the file has clears the attribute. */
	if (new_value == NULL || *new_value == '\0')
		printf("  cleared %s %s: was '%s'\n", code, attribute,
		    old_value ? old_value : "");
	else
		printf("  changed %s %s: '%s' -> '%s'\n", code, attribute,
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
			printf("  ... and %ld more changes\n",
			    changes - MAX_CHANGES);
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
			printf("  ... and %ld more absent\n",
			    c.absent - MAX_ABSENT);
		printf("%s%ld %s: %ld new, %ld changed, %ld unchanged, "
		    "%ld absent from the file%s\n",
		    ctx->opts->dry_run ? "dry run: " : "", c.rows, noun,
		    c.added, c.changed, c.unchanged, c.absent,
		    ctx->opts->dry_run ? "; nothing written" : "");
	}
	return EXIT_DONE;
}

/* A db layer failure mid-import: report, roll back, give the status. */
static int
db_failed(struct db *db, struct db_import *imp, int rc)
{
	warnx("%s: %s", current_cmd->name, db_errmsg(db));
	db_import_free(imp);
	db_rollback(db);
	return cmd_db_status(rc);
}

/* ---- powers ---- */

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
	sheet_error(ctx, line, "unknown category '%s': %s%s%sthe categories: %s",
	    ref, *near ? "did you mean " : "", near, *near ? "? " : "", all);
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
		if ((fields[i] = given(ctx, row, sheet_power_cols, i,
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
		    NEW_AREA_LEVEL, "a department of the New Area level");
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
		sheet_error(ctx, line, "unknown class '%s': economic "
		    "(经济发展和项目审批类) or social (社会管理类)", fields[4]);
		bad = 1;
	} else
		fields[4] = class;
	ref = fields[6];
	if (ref == DB_IMPORT_KEEP || *ref == '\0')
		fields[6] = DB_IMPORT_KEEP;
	else if ((holder = sheet_unit(ctx, line, "holder", ref, NEW_AREA_LEVEL,
	    "the New Area or one of its departments")) == NULL)
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
 * hashed, so that the writing thread only writes.
 */
static int
read_power(struct sheet *ctx, const struct csvin_row *row,
    struct sheet_row *out, void *arg)
{
	(void)arg;
	if (sheet_check_shape(ctx, row, sheet_power_cols, IMPORT_POWER_FIELDS) != 0 ||
	    check_power(ctx, row, out->field) != 0)
		return -1;
	if (!keeps_any(out->field, IMPORT_POWER_FIELDS) &&
	    db_import_hash(IMPORT_POWERS, out->field, out->hash) != 0)
		out->failed = 1;
	return 0;
}

/*
 * Into an empty table every row is new, and so needs every column a new
 * row needs: a missing one is said once, on the header's line.  Returns
 * -1 to go on, else the exit status.
 */
static int
needed_columns(struct sheet *ctx, struct db *db, struct db_import *imp,
    const struct csvin_col *cols, const struct import_column *icols,
    int ncol, const char *noun)
{
	int i;

	if (!db_import_fresh(imp))
		return -1;
	for (i = 0; i < ncol; i++)
		if (icols[i].needed && !has_column(ctx, i))
			sheet_error(ctx, ctx->header_line, "missing column '%s' "
			    "(%s): every %s is new, and a new %s needs it",
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
		return db_failed(db, imp, rc);
	return -1;
}

int
cmd_import(int argc, char **argv)
{
	struct db *db;
	struct sheet_opts opts;
	struct sheet ctx = { .opts = &opts };
	struct db_import *imp = NULL;
	struct import_column cols[IMPORT_POWER_FIELDS];
	struct progress *bar = NULL;
	struct sheet_row row;
	char why[1024];
	int status, rc, got;

	if ((status = sheet_options(argc, argv, &opts)) >= 0)
		return status;
	if ((db = cmd_open(&status)) == NULL)
		return status;
	if ((status = sheet_open(&ctx, sheet_power_cols, IMPORT_POWER_FIELDS)) >= 0)
		goto out;
	if ((rc = db_refs_load(db, &ctx.refs)) != DB_OK) {
		status = db_failed(db, imp, rc);
		goto out;
	}
	power_columns(&ctx, cols);
	if ((rc = db_import_begin(db, IMPORT_POWERS, cols, &imp)) != DB_OK) {
		status = db_failed(db, imp, rc);
		goto out;
	}
	if ((status = needed_columns(&ctx, db, imp, sheet_power_cols, cols,
	    IMPORT_POWER_FIELDS, "power")) >= 0)
		goto out;
	/*
	 * Reading, checking and hashing the rows took a third of an import's
	 * time; on a file of some size another thread does it while this one
	 * writes.  Below that a thread is not worth starting.
	 */
	if ((status = sheet_ahead_start(&ctx, read_power, NULL,
	    READ_AHEAD_BYTES)) >= 0) {
		db_import_free(imp);
		db_rollback(db);
		goto out;
	}
	bar = progress_start("importing", csvin_size(ctx.in), globals.quiet);
	while ((got = sheet_ahead_next(&ctx, &row)) == 1) {
		progress_update(bar, row.offset, row.line);
		if (row.failed) {
			warnx("%s: sha-256 failed", current_cmd->name);
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
			status = db_failed(db, imp, rc);
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
	if ((status = check_whole(&ctx, db, imp)) >= 0)
		goto out;
	if (ctx.errors > 0) {
		db_import_free(imp);
		db_rollback(db);
		status = sheet_refuse(&ctx);
		goto out;
	}
	status = finish(&ctx, db, imp, "powers");
out:
	progress_end(bar);
	sheet_close(&ctx);
	return status;
}

/* ---- units ---- */

/*
 * A unit row kept until the whole file is read: parents may come later.
 * A field is a copy, or DB_IMPORT_KEEP (not given), which is not freed.
 */
struct unit_line {
	long		 line;
	const char	*field[IMPORT_UNIT_FIELDS];
};

static void
free_unit_lines(struct unit_line *v, size_t n)
{
	size_t i;
	int j;

	for (i = 0; i < n; i++)
		for (j = 0; j < IMPORT_UNIT_FIELDS; j++)
			if (v[i].field[j] != DB_IMPORT_KEEP)
				free((char *)v[i].field[j]);
	free(v);
}

/*
 * The kind of the unit of line U: as the file gives it, else as the
 * registry has it.  -1 when neither says (a new unit without a kind).
 */
static int
unit_line_kind(const struct sheet *ctx, const struct unit_line *u,
    enum unit_kind *kind)
{
	const struct unit_info *known;

	if (u->field[2] != DB_IMPORT_KEEP)
		return parse_kind(u->field[2], kind);
	if ((known = refs_unit_by_code(&ctx->refs, u->field[0])) == NULL)
		return -1;
	*kind = known->kind;
	return 0;
}

/*
 * Read every unit row, checking what can be checked alone, and add the
 * file's units to the refs so that references between them resolve.
 * Returns -1 to go on, else the exit status.
 */
static int
read_units(struct sheet *ctx, struct unit_line **out, size_t *nout)
{
	struct unit_line *v = NULL, *grown, *u;
	const struct unit_info *known;
	const char *f[IMPORT_UNIT_FIELDS];
	struct csvin_row row;
	enum unit_kind kind;
	size_t n = 0;
	int got, i, bad;

	while ((got = csvin_next(ctx->in, &row)) == 1) {
		if (sheet_check_shape(ctx, &row, sheet_unit_cols, IMPORT_UNIT_FIELDS) != 0)
			continue;
		for (i = bad = 0; i < IMPORT_UNIT_FIELDS; i++)
			if ((f[i] = given(ctx, &row, sheet_unit_cols, i,
			    UNIT_NEVER_EMPTY)) == NULL)
				bad = 1;
		if (bad)
			continue;
		if (f[2] != DB_IMPORT_KEEP) {
			if (parse_kind(f[2], &kind) != 0) {
				sheet_error(ctx, row.line, "unknown kind '%s': "
				    KIND_WORDS, f[2]);
				continue;
			}
			f[2] = kind_name(kind);
		}
		if ((grown = realloc(v, (n + 1) * sizeof(*v))) == NULL)
			goto nomem;
		v = grown;
		u = &v[n++];
		u->line = row.line;
		for (i = 0; i < IMPORT_UNIT_FIELDS; i++)
			u->field[i] = NULL;
		for (i = 0; i < IMPORT_UNIT_FIELDS; i++)
			if ((u->field[i] = f[i] == DB_IMPORT_KEEP ?
			    DB_IMPORT_KEEP : strdup(f[i])) == NULL)
				goto nomem;
		/* A new unit without a kind is refused when it is written. */
		if (unit_line_kind(ctx, u, &kind) != 0)
			continue;
		known = refs_unit_by_code(&ctx->refs, u->field[0]);
		if (refs_set_unit(&ctx->refs, u->field[0],
		    u->field[1] != DB_IMPORT_KEEP ? u->field[1] :
		    known != NULL ? known->name : u->field[0], kind) != 0)
			goto nomem;
	}
	*out = v;
	*nout = n;
	if (got < 0)
		return sheet_reader_failed(ctx);
	if (refs_sort(&ctx->refs) != 0)
		goto nomem;
	return -1;
nomem:
	*out = v;
	*nout = n;
	warnx("%s: out of memory", current_cmd->name);
	return EXIT_FAIL;
}

/* A New Area of the refs whose code is not CODE, or NULL. */
static const struct unit_info *
other_new_area(const struct refs *refs, const char *code)
{
	size_t i;

	for (i = 0; i < refs->nunits; i++)
		if (refs->units[i].kind == KIND_NEW_AREA &&
		    strcmp(refs->units[i].code, code) != 0)
			return &refs->units[i];
	return NULL;
}

/*
 * Check a unit's parent and 'within'; resolve them into FIELDS (NULL for
 * an empty cell: cleared; DB_IMPORT_KEEP when the file has no column).
 */
static int
check_unit(struct sheet *ctx, const struct unit_line *u,
    const char **fields)
{
	const struct unit_info *parent = NULL, *within, *other;
	enum unit_kind kind;
	int i, bad = 0, kind_known;

	for (i = 0; i < IMPORT_UNIT_FIELDS; i++)
		fields[i] = u->field[i];
	kind_known = unit_line_kind(ctx, u, &kind) == 0;
	/* One New Area: it holds every power, so a second could give any. */
	if (kind_known && kind == KIND_NEW_AREA &&
	    (other = other_new_area(&ctx->refs, fields[0])) != NULL) {
		sheet_error(ctx, u->line, "the registry's New Area is '%s' (%s): "
		    "a registry holds one; give '%s' another kind, or import "
		    "it into a registry of its own", other->code, other->name,
		    fields[0]);
		bad = 1;
	}
	for (i = 3; i < IMPORT_UNIT_FIELDS; i++)
		if (fields[i] != DB_IMPORT_KEEP && *fields[i] == '\0')
			fields[i] = NULL;
	/*
	 * Two levels and no more: every unit but the New Area is managed
	 * by the New Area (a street/town too: 'within' only groups it), so
	 * no chain of parents can loop.
	 */
	if (fields[3] != NULL && fields[3] != DB_IMPORT_KEEP) {
		parent = sheet_unit(ctx, u->line, "parent", u->field[3],
		    ANY_KIND, "a unit");
		if (parent == NULL)
			bad = 1;
		else if (strcmp(parent->code, fields[0]) == 0) {
			sheet_error(ctx, u->line, "unit '%s' is its own parent",
			    fields[0]);
			bad = 1;
		} else if (kind_known && kind == KIND_NEW_AREA) {
			sheet_error(ctx, u->line, "the New Area '%s' has no "
			    "parent", fields[0]);
			bad = 1;
		} else if (parent->kind != KIND_NEW_AREA) {
			sheet_error(ctx, u->line, "parent '%s' is a %s, not the "
			    "New Area: the New Area manages every unit",
			    u->field[3], kind_name(parent->kind));
			bad = 1;
		} else
			fields[3] = parent->code;
	}
	if (fields[4] != NULL && fields[4] != DB_IMPORT_KEEP) {
		within = sheet_unit(ctx, u->line, "within", u->field[4],
		    1u << KIND_NEW_CITY, "a new_city");
		if (within == NULL)
			bad = 1;
		else if (kind_known && kind != KIND_STREET_TOWN) {
			sheet_error(ctx, u->line, "only a street_town lies within "
			    "a new city; '%s' is a %s", fields[0],
			    kind_name(kind));
			bad = 1;
		} else
			fields[4] = within->code;
	}
	return bad ? -1 : 0;
}

int
cmd_unit_import(int argc, char **argv)
{
	struct db *db;
	struct sheet_opts opts;
	struct sheet ctx = { .opts = &opts };
	struct db_import *imp = NULL;
	struct unit_line *units = NULL;
	const char *fields[IMPORT_UNIT_FIELDS];
	char why[1024];
	size_t n = 0, i;
	int status, rc;

	if ((status = sheet_options(argc, argv, &opts)) >= 0)
		return status;
	if ((db = cmd_open(&status)) == NULL)
		return status;
	if ((status = sheet_open(&ctx, sheet_unit_cols, IMPORT_UNIT_FIELDS)) >= 0)
		goto out;
	if ((rc = db_refs_load(db, &ctx.refs)) != DB_OK ||
	    (rc = db_import_begin(db, IMPORT_UNITS, unit_import_cols,
	    &imp)) != DB_OK) {
		status = db_failed(db, imp, rc);
		goto out;
	}
	if ((status = needed_columns(&ctx, db, imp, sheet_unit_cols,
	    unit_import_cols, IMPORT_UNIT_FIELDS, "unit")) >= 0)
		goto out;
	if ((status = read_units(&ctx, &units, &n)) >= 0) {
		db_import_free(imp);
		db_rollback(db);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (check_unit(&ctx, &units[i], fields) != 0)
			continue;
		rc = db_import_row(imp, fields, units[i].line, why,
		    sizeof(why));
		if (rc == DB_REJECT)
			sheet_error(&ctx, units[i].line, "%s", why);
		else if (rc != DB_OK) {
			status = db_failed(db, imp, rc);
			goto out;
		}
	}
	if ((status = check_whole(&ctx, db, imp)) >= 0)
		goto out;
	if (ctx.errors > 0) {
		db_import_free(imp);
		db_rollback(db);
		status = sheet_refuse(&ctx);
		goto out;
	}
	status = finish(&ctx, db, imp, "units");
out:
	free_unit_lines(units, n);
	sheet_close(&ctx);
	return status;
}
