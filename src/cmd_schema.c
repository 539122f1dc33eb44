/*
 * schema: every table and view an analyst can read with 'powers sql', a
 * line on each; schema NAME: the columns of one, a line on each.
 */
#include <err.h>
#include <stdio.h>

#include "cmd.h"
#include "db.h"

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
	int rc;

	rc = argc > 0 ? db_schema_columns(db, argv[0], stdout,
	    format) : db_schema_list(db, stdout, format);
	if (rc != DB_OK) {
		warnx("schema: %s", db_errmsg(db));
		return rc == DB_REJECT ? EXIT_USAGE : cmd_db_status(rc);
	}
	return EXIT_DONE;
}
