/*
 * unit import: units from a clerk's spreadsheet.
 *
 * Every row is read before any is written, since a parent may come after
 * its children; then checked and upserted by code in one transaction, as
 * import does (import_common.c).  Any error rolls the whole import back.
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

/* The columns are sheet.c's, in the order of the db layer's fields. */
_Static_assert(SHEET_UNIT_COLS == IMPORT_UNIT_FIELDS, "unit columns");

static const struct import_column unit_import_cols[IMPORT_UNIT_FIELDS] = {
	{ "code (编码)", 1, NULL },
	{ "name (名称)", 1, NULL },
	{ "kind (类型)", 1, NULL },
	{ "parent (上级)", 0, NULL },
	{ "within (所在新城)", 0, NULL },
};

/* Attributes that are never cleared: an empty cell of theirs is refused. */
#define UNIT_NEVER_EMPTY	((1u << 1) | (1u << 2))

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
			if ((f[i] = import_given(ctx, &row, sheet_unit_cols, i,
			    UNIT_NEVER_EMPTY)) == NULL)
				bad = 1;
		if (bad)
			continue;
		if (f[2] != DB_IMPORT_KEEP) {
			if (parse_kind(f[2], &kind) != 0) {
				sheet_cell_error(ctx, row.line, 2,
				    _("unknown kind '%s': %s"), f[2], KIND_WORDS);
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
	warnx(_("%s: out of memory"), current_cmd->name);
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
		sheet_error(ctx, u->line, _("the registry's New Area is '%s' (%s): "
		    "a registry holds one; give '%s' another kind, or import "
		    "it into a registry of its own"), other->code, other->name,
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
		    ANY_KIND, N_("a unit"));
		if (parent == NULL)
			bad = 1;
		else if (strcmp(parent->code, fields[0]) == 0) {
			sheet_error(ctx, u->line, _("unit '%s' is its own parent"),
			    fields[0]);
			bad = 1;
		} else if (kind_known && kind == KIND_NEW_AREA) {
			sheet_error(ctx, u->line, _("the New Area '%s' has no "
			    "parent"), fields[0]);
			bad = 1;
		} else if (parent->kind != KIND_NEW_AREA) {
			sheet_error(ctx, u->line, _("parent '%s' is a %s, not the "
			    "New Area: the New Area manages every unit"),
			    u->field[3], kind_word(parent->kind));
			bad = 1;
		} else
			fields[3] = parent->code;
	}
	if (fields[4] != NULL && fields[4] != DB_IMPORT_KEEP) {
		within = sheet_unit(ctx, u->line, "within", u->field[4],
		    1u << KIND_NEW_CITY, N_("a new_city"));
		if (within == NULL)
			bad = 1;
		else if (kind_known && kind != KIND_STREET_TOWN) {
			sheet_error(ctx, u->line, _("only a street_town lies within "
			    "a new city; '%s' is a %s"), fields[0],
			    kind_word(kind));
			bad = 1;
		} else
			fields[4] = within->code;
	}
	return bad ? -1 : 0;
}

int
cmd_unit_import(int argc, char **argv, struct db *db)
{
	struct sheet_opts opts = sheet_opt_values;
	struct sheet ctx = { .opts = &opts };
	struct db_import *imp = NULL;
	struct unit_line *units = NULL;
	const char *fields[IMPORT_UNIT_FIELDS];
	char why[1024];
	size_t n = 0, i;
	int status, rc;

	(void)argc;
	(void)argv;
	if ((status = sheet_open(&ctx, sheet_unit_cols, IMPORT_UNIT_FIELDS)) >= 0)
		goto out;
	if ((rc = db_refs_load(db, &ctx.refs)) != DB_OK ||
	    (rc = db_import_begin(db, IMPORT_UNITS, unit_import_cols,
	    &imp)) != DB_OK) {
		status = import_db_failed(db, imp, rc);
		goto out;
	}
	if ((status = import_needed_columns(&ctx, db, imp, sheet_unit_cols,
	    unit_import_cols, IMPORT_UNIT_FIELDS, "unit")) >= 0 ||
	    (status = import_set_dates(db, imp)) >= 0)
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
			status = import_db_failed(db, imp, rc);
			goto out;
		}
	}
	status = import_end(&ctx, db, imp, _("units"));
out:
	free_unit_lines(units, n);
	sheet_close(&ctx);
	return status;
}
