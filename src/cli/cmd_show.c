/*
 * show: one power whole: its attributes, who exercises it, its history
 * and the changes imports made to it.
 */
#include <err.h>
#include <stdio.h>

#include "cmd.h"
#include "db.h"
#include "i18n.h"
#include "rows.h"

static struct {
	enum out_format	 format;
	char		 as_of[11];
} a;

const struct opt cmd_show_opts[] = {
	CMD_OPT_AS_OF(a.as_of),
	CMD_OPT_FORMAT(&a.format, CMD_FORMATS),
	OPT_END
};

/* One operand: a power's code (or, for 'unit show', a unit). */
int
cmd_show_check(int argc, char **argv)
{
	(void)argv;
	return argc != 1 ? cmd_usage(current_cmd, 0) : -1;
}

int
cmd_show(int argc, char **argv, struct db *db)
{
	struct rows_out w;
	enum out_format format = a.format;
	const char *code = argv[0];
	char *as_of = a.as_of;
	const struct db_param p[] = {
		{ ":code", code },
		{ ":as_of", as_of },
	};
	int rc, status;

	(void)argc;
	if ((status = cmd_today(db, as_of)) >= 0)
		return status;
	if ((rc = db_power_exists(db, code)) != DB_OK) {
		warnx(_("show: %s"), db_errmsg(db));
		return rc == DB_REJECT ? EXIT_USAGE : cmd_db_status(rc);
	}
	rows_out_init(&w, stdout, format);
	rc = rows_sections(&w, db, db_show_sections, db_show_nsections, p, 2);
	if (rc != DB_OK) {
		warnx(_("show: %s"), rows_out_error(&w, db));
		return cmd_db_status(rc);
	}
	return EXIT_DONE;
}
