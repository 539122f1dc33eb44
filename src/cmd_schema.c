/*
 * schema: every table and view an analyst can read with 'powers sql', a
 * line on each; schema NAME: the columns of one, a line on each.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>

#include "cmd.h"
#include "db.h"
#include "rows.h"

int
cmd_schema(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct db *db;
	struct rows_out w;
	enum out_format format = OUT_TABLE;
	int ch, rc, status;

	while ((ch = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (cmd_parse_format(optarg, &format) != 0)
				return EXIT_USAGE;
			break;
		default:
			return cmd_usage(current_cmd, ch == 'h');
		}
	}
	if (argc - optind > 1)
		return cmd_usage(current_cmd, 0);
	if ((db = cmd_open(&status)) == NULL)
		return status;
	rows_out_init(&w, stdout, format);
	rc = rows_out_end(&w, optind < argc ? db_schema_columns(db,
	    argv[optind], rows_out_row, &w) : db_schema_list(db, rows_out_row,
	    &w));
	if (rc != DB_OK) {
		warnx("schema: %s", rows_out_error(&w, db));
		return rc == DB_REJECT ? EXIT_USAGE : cmd_db_status(rc);
	}
	return EXIT_DONE;
}
