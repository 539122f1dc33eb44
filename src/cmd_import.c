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

static const struct csvin_col unit_cols[IMPORT_UNIT_FIELDS] = {
	{ "code", "编码", 1 },
	{ "name", "名称", 1 },
	{ "kind", "类型", 1 },
	{ "parent", "上级", 0 },
	{ "within", "所在新城", 0 },
};

static const struct csvin_col power_cols[IMPORT_POWER_FIELDS] = {
	{ "code", "事项编码", 1 },
	{ "name", "事项名称", 1 },
	{ "category", "事项类型", 1 },
	{ "department", "主管部门", 1 },
	{ "class", "事权类别", 0 },
	{ "legal_basis", "设定依据", 0 },
	{ "holder", "实施主体", 0 },
	{ "note", "备注", 0 },
};

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
	printf("  changed %s %s: '%s' -> '%s'\n", code, attribute,
	    old_value ? old_value : "", new_value ? new_value : "");
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

/*
 * Check one power row and resolve its references into FIELDS (pointers
 * into ROW and into the refs).  Returns 0 when the row is good.
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
		fields[i] = sheet_field(ctx, row, i);
	if ((cat = refs_category(&ctx->refs, fields[2])) == NULL) {
		sheet_error(ctx, line, "unknown category '%s'", fields[2]);
		bad = 1;
	} else
		fields[2] = cat->code;
	dept = sheet_unit(ctx, line, "department", fields[3],
	    NEW_AREA_LEVEL, "a department of the New Area level");
	if (dept == NULL)
		bad = 1;
	else
		fields[3] = dept->code;
	if ((class = parse_class(fields[4])) == NULL) {
		sheet_error(ctx, line, "unknown class '%s': economic "
		    "(经济发展和项目审批类) or social (社会管理类)", fields[4]);
		bad = 1;
	} else
		fields[4] = class;
	ref = fields[6];
	if (*ref == '\0') {
		if ((holder = refs_only_unit(&ctx->refs, KIND_NEW_AREA)) == NULL) {
			sheet_error(ctx, line, "no holder given, and the registry "
			    "has no single New Area to default to");
			bad = 1;
		}
	} else
		holder = sheet_unit(ctx, line, "holder", ref, NEW_AREA_LEVEL,
		    "the New Area or one of its departments");
	if (holder == NULL)
		bad = 1;
	else
		fields[6] = holder->code;
	return bad ? -1 : 0;
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
	if (sheet_check_shape(ctx, row, power_cols, IMPORT_POWER_FIELDS) != 0 ||
	    check_power(ctx, row, out->field) != 0)
		return -1;
	if (db_import_hash(IMPORT_POWERS, out->field, out->hash) != 0)
		out->failed = 1;
	return 0;
}

int
cmd_import(int argc, char **argv)
{
	struct db *db;
	struct sheet_opts opts;
	struct sheet ctx = { .opts = &opts };
	struct db_import *imp = NULL;
	struct progress *bar = NULL;
	struct sheet_row row;
	long first;
	int status, rc, got;

	if ((status = sheet_options(argc, argv, &opts)) >= 0)
		return status;
	if ((db = cmd_open(&status)) == NULL)
		return status;
	if ((status = sheet_open(&ctx, power_cols, IMPORT_POWER_FIELDS)) >= 0)
		goto out;
	if ((rc = db_refs_load(db, &ctx.refs)) != DB_OK ||
	    (rc = db_import_begin(db, IMPORT_POWERS, &imp)) != DB_OK) {
		status = db_failed(db, imp, rc);
		goto out;
	}
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
		rc = db_import_hashed(imp, row.field, row.hash, row.line,
		    &first);
		if (rc == DB_REJECT)
			sheet_error(&ctx, row.line, "code '%s' already on line %ld",
			    row.field[0], first);
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

/* A unit row kept until the whole file is read: parents may come later. */
struct unit_line {
	long	 line;
	char	*field[IMPORT_UNIT_FIELDS];
};

static void
free_unit_lines(struct unit_line *v, size_t n)
{
	size_t i;
	int j;

	for (i = 0; i < n; i++)
		for (j = 0; j < IMPORT_UNIT_FIELDS; j++)
			free(v[i].field[j]);
	free(v);
}

/*
 * Read every unit row, checking what can be checked alone, and add the
 * file's units to the refs so that references between them resolve.
 * Returns -1 to go on, else the exit status.
 */
static int
read_units(struct sheet *ctx, struct unit_line **out, size_t *nout)
{
	struct unit_line *v = NULL, *grown;
	struct csvin_row row;
	enum unit_kind kind;
	size_t n = 0;
	int got, i;

	while ((got = csvin_next(ctx->in, &row)) == 1) {
		if (sheet_check_shape(ctx, &row, unit_cols, IMPORT_UNIT_FIELDS) != 0)
			continue;
		if (parse_kind(sheet_field(ctx, &row, 2), &kind) != 0) {
			sheet_error(ctx, row.line, "unknown kind '%s': new_area, "
			    "department, new_city or street_town",
			    sheet_field(ctx, &row, 2));
			continue;
		}
		if ((grown = realloc(v, (n + 1) * sizeof(*v))) == NULL)
			goto nomem;
		v = grown;
		v[n].line = row.line;
		for (i = 0; i < IMPORT_UNIT_FIELDS; i++)
			v[n].field[i] = strdup(i == 2 ? kind_name(kind) :
			    sheet_field(ctx, &row, i));
		n++;
		for (i = 0; i < IMPORT_UNIT_FIELDS; i++)
			if (v[n - 1].field[i] == NULL)
				goto nomem;
		if (refs_set_unit(&ctx->refs, v[n - 1].field[0],
		    v[n - 1].field[1], kind) != 0)
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

/* Check a unit's parent and 'within'; resolve them into FIELDS. */
static int
check_unit(struct sheet *ctx, const struct unit_line *u,
    const char **fields)
{
	const struct unit_info *parent = NULL, *within;
	enum unit_kind kind;
	int i, bad = 0;

	for (i = 0; i < IMPORT_UNIT_FIELDS; i++)
		fields[i] = u->field[i];
	parse_kind(fields[2], &kind);
	fields[3] = fields[4] = NULL;
	/*
	 * Two levels and no more: every unit but the New Area is managed
	 * by the New Area (a street/town too: 'within' only groups it), so
	 * no chain of parents can loop.
	 */
	if (*u->field[3] != '\0') {
		parent = sheet_unit(ctx, u->line, "parent", u->field[3],
		    ANY_KIND, "a unit");
		if (parent == NULL)
			bad = 1;
		else if (strcmp(parent->code, fields[0]) == 0) {
			sheet_error(ctx, u->line, "unit '%s' is its own parent",
			    fields[0]);
			bad = 1;
		} else if (kind == KIND_NEW_AREA) {
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
	if (*u->field[4] != '\0') {
		within = sheet_unit(ctx, u->line, "within", u->field[4],
		    1u << KIND_NEW_CITY, "a new_city");
		if (within == NULL)
			bad = 1;
		else if (kind != KIND_STREET_TOWN) {
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
	size_t n = 0, i;
	long first;
	int status, rc;

	if ((status = sheet_options(argc, argv, &opts)) >= 0)
		return status;
	if ((db = cmd_open(&status)) == NULL)
		return status;
	if ((status = sheet_open(&ctx, unit_cols, IMPORT_UNIT_FIELDS)) >= 0)
		goto out;
	if ((rc = db_refs_load(db, &ctx.refs)) != DB_OK ||
	    (rc = db_import_begin(db, IMPORT_UNITS, &imp)) != DB_OK) {
		status = db_failed(db, imp, rc);
		goto out;
	}
	if ((status = read_units(&ctx, &units, &n)) >= 0) {
		db_import_free(imp);
		db_rollback(db);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (check_unit(&ctx, &units[i], fields) != 0)
			continue;
		rc = db_import_row(imp, fields, units[i].line, &first);
		if (rc == DB_REJECT)
			sheet_error(&ctx, units[i].line, "code '%s' already on "
			    "line %ld", fields[0], first);
		else if (rc != DB_OK) {
			status = db_failed(db, imp, rc);
			goto out;
		}
	}
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
