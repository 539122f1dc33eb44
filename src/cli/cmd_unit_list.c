/*
 * unit list: every unit, with the number of powers it exercises as of a
 * date.
 */
#include <err.h>
#include <stdio.h>

#include "cmd.h"
#include "db.h"
#include "i18n.h"
#include "rows.h"

static struct {
	enum out_format	 format;
	const char	*kind;
	char		 as_of[11];
} a;

const struct opt cmd_unit_list_opts[] = {
	CMD_OPT_AS_OF(a.as_of),
	OPT_CALLBACK("kind", 0, "K", N_("the units of kind K: new_area, "
	    "department, new_city or street_town"), &a.kind, cmd_opt_kind),
	CMD_OPT_FORMAT(&a.format, CMD_FORMATS),
	OPT_END
};

int
cmd_unit_list(int argc, char **argv, struct db *db)
{
	struct rows_out w;
	int rc, status;

	(void)argc;
	(void)argv;
	if ((status = cmd_today(db, a.as_of)) >= 0)
		return status;
	rows_out_init(&w, stdout, a.format);
	if ((rc = rows_out_end(&w, db_unit_list(db, a.kind, a.as_of,
	    rows_out_row, &w))) != DB_OK) {
		warnx(_("unit list: %s"), rows_out_error(&w, db));
		return cmd_db_status(rc);
	}
	return EXIT_DONE;
}
