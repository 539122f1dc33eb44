/*
 * unit show: one unit whole: its attributes, the powers it exercises as
 * of a date, its entries in the log and the changes imports made to it.
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

const struct opt cmd_unit_show_opts[] = {
	CMD_OPT_AS_OF(a.as_of),
	CMD_OPT_FORMAT(&a.format, CMD_FORMATS),
	OPT_END
};

int
cmd_unit_show(int argc, char **argv, struct db *db)
{
	struct rows_out w;
	char code[64];
	const struct db_param p[] = {
		{ ":code", code },
		{ ":as_of", a.as_of },
	};
	int rc, status;

	(void)argc;
	if ((status = cmd_today(db, a.as_of)) >= 0 ||
	    (status = cmd_resolve_unit(db, N_("unit"), argv[0], NULL, code)) >= 0)
		return status;
	rows_out_init(&w, stdout, a.format);
	rc = rows_sections(&w, db, db_unit_show_sections,
	    db_unit_show_nsections, p, 2);
	if (rc != DB_OK) {
		warnx(_("unit show: %s"), rows_out_error(&w, db));
		return cmd_db_status(rc);
	}
	return EXIT_DONE;
}
