/*
 * diff: the grants gained and lost between two dates.
 */
#include <err.h>
#include <stdio.h>

#include "cmd.h"
#include "db.h"
#include "i18n.h"
#include "rows.h"

static struct {
	enum out_format	 format;
	const char	*unit;
	char		 from[11], to[11];
} a;

const struct opt cmd_diff_opts[] = {
	OPT_CALLBACK("from", 0, "DATE", N_("the grants as of DATE"), a.from,
	    cmd_opt_date),
	OPT_CALLBACK("to", 0, "DATE", N_("against those as of DATE; default "
	    "today"), a.to, cmd_opt_date),
	OPT_STRING("unit", 0, "UNIT", N_("what UNIT gained and lost, or gave "
	    "and took back, with the entries that did it"), &a.unit),
	CMD_OPT_AS_RECORDED,
	CMD_OPT_FORMAT(&a.format, CMD_FORMATS),
	OPT_END
};

int
cmd_diff_check(int argc, char **argv)
{
	(void)argv;
	if (argc != 0 || a.from[0] == '\0') {
		if (a.from[0] == '\0')
			warnx(_("diff: --from DATE is needed"));
		return cmd_usage(current_cmd, 0);
	}
	return -1;
}

int
cmd_diff(int argc, char **argv, struct db *db)
{
	struct rows_out w;
	char code[64];
	long rows;
	int rc, status;

	(void)argc;
	(void)argv;
	if ((status = cmd_answer_as_of(db, a.to)) >= 0)
		return status;
	if (a.unit != NULL && (status = cmd_resolve_unit(db, "--unit", a.unit,
	    NULL, code)) >= 0)
		return status;
	rows_out_init(&w, stdout, a.format);
	rc = a.unit != NULL ?
	    db_diff_unit(db, code, a.from, a.to, rows_out_row, &w, &rows) :
	    db_diff(db, a.from, a.to, rows_out_row, &w, &rows);
	if ((rc = rows_out_end(&w, rc)) != DB_OK) {
		warnx(_("diff: %s"), rows_out_error(&w, db));
		return cmd_db_status(rc);
	}
	return EXIT_DONE;
}
