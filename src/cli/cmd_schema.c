/*
 * schema: every table and view an analyst can read with 'powers sql', a
 * line on each; schema NAME: the columns of one, a line on each.
 */
#include <err.h>
#include <stdio.h>

#include "cmd.h"
#include "db.h"
#include "i18n.h"
#include "rows.h"

static enum out_format format;

const struct opt cmd_schema_opts[] = {
	CMD_OPT_FORMAT(&format, CMD_FORMATS),
	OPT_END
};

int
cmd_schema_check(int argc, char **argv)
{
	(void)argv;
	return argc > 1 ? cmd_usage(current_cmd, 0) : -1;
}

int
cmd_schema(int argc, char **argv, struct db *db)
{
	struct rows_out w;
	int rc;

	rows_out_init(&w, stdout, format);
	rc = rows_out_end(&w, argc > 0 ? db_schema_columns(db, argv[0],
	    rows_out_row, &w) : db_schema_list(db, rows_out_row, &w));
	if (rc != DB_OK) {
		warnx(_("schema: %s"), rows_out_error(&w, db));
		return rc == DB_REJECT ? EXIT_USAGE : cmd_db_status(rc);
	}
	return EXIT_DONE;
}
