/*
 * positive-list: the positive list (正面清单) of a unit, of every unit of
 * a kind, or of a department split by level.
 */
#include <err.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "db.h"
#include "i18n.h"
#include "rows.h"

static struct {
	enum out_format	 format;
	struct cmd_scope scope;
	char		 as_of[11];
} a;

const struct opt cmd_positive_list_opts[] = {
	OPT_CALLBACK("unit", 0, "UNIT", N_("the list of UNIT, a new city or a "
	    "street/town"), &a.scope, cmd_opt_scope),
	OPT_CALLBACK("kind", 0, "K", N_("the lists of every unit of kind K, "
	    "new_city or street_town"), &a.scope, cmd_opt_scope),
	OPT_CALLBACK("department", 0, "D", N_("the list of department D, split "
	    "by level"), &a.scope, cmd_opt_scope),
	CMD_OPT_AS_OF(a.as_of),
	CMD_OPT_FORMAT(&a.format, CMD_FORMATS),
	OPT_END
};

int
cmd_positive_list_check(int argc, char **argv)
{
	(void)argv;
	if (argc != 0 || a.scope.given != 1) {
		if (a.scope.given != 1)
			warnx(_("positive-list: give one of --unit, --kind and "
			    "--department"));
		return cmd_usage(current_cmd, 0);
	}
	return -1;
}

int
cmd_positive_list(int argc, char **argv, struct db *db)
{
	struct rows_out w;
	struct positive_filter f = { 0 };
	char code[64];
	long rows;
	int rc, status;

	(void)argc;
	(void)argv;
	if ((status = cmd_today(db, a.as_of)) >= 0)
		return status;
	f.as_of = a.as_of;
	f.kind = a.scope.kind;
	if (a.scope.unit != NULL) {
		if ((status = cmd_resolve_unit(db, "--unit", a.scope.unit,
		    N_("new_city or street_town"), code)) >= 0)
			return status;
		f.unit = code;
	}
	if (a.scope.dept != NULL) {
		if ((status = cmd_resolve_unit(db, "--department", a.scope.dept,
		    N_("department or new_area"), code)) >= 0)
			return status;
		f.department = code;
	}
	rows_out_init(&w, stdout, a.format);
	if ((rc = rows_out_end(&w, db_positive_list(db, &f, rows_out_row, &w,
	    &rows))) != DB_OK) {
		warnx(_("positive-list: %s"), rows_out_error(&w, db));
		return cmd_db_status(rc);
	}
	return EXIT_DONE;
}
