/*
 * positive-list: the positive list (正面清单) of a unit, of every unit of
 * a kind, or of a department split by level.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "db.h"
#include "rows.h"

int
cmd_positive_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "unit", required_argument, NULL, 'u' },
		{ "kind", required_argument, NULL, 'k' },
		{ "department", required_argument, NULL, 'd' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct positive_filter f = { 0 };
	struct rows_out w;
	enum out_format format = OUT_TABLE;
	const char *unit = NULL, *dept = NULL;
	char as_of[11], code[64];
	struct db *db;
	long rows;
	int ch, rc, status, given = 0;

	as_of[0] = '\0';
	while ((ch = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'u':
			unit = optarg;
			given++;
			break;
		case 'k':
			if (strcmp(optarg, "new_city") != 0 &&
			    strcmp(optarg, "street_town") != 0) {
				warnx("positive-list: --kind: new_city or "
				    "street_town, not '%s'", optarg);
				return EXIT_USAGE;
			}
			f.kind = optarg;
			given++;
			break;
		case 'd':
			dept = optarg;
			given++;
			break;
		case 'a':
			if (cmd_parse_date("--as-of", optarg, as_of) != 0)
				return EXIT_USAGE;
			break;
		case 'f':
			if (cmd_parse_format(optarg, &format) != 0)
				return EXIT_USAGE;
			break;
		default:
			return cmd_usage(current_cmd, ch == 'h');
		}
	}
	if (optind != argc || given != 1) {
		if (given != 1)
			warnx("positive-list: give one of --unit, --kind and "
			    "--department");
		return cmd_usage(current_cmd, 0);
	}
	if ((db = cmd_open(&status)) == NULL)
		return status;
	if ((status = cmd_today(db, as_of)) >= 0)
		return status;
	f.as_of = as_of;
	if (unit != NULL) {
		if ((status = cmd_resolve_unit(db, "--unit", unit,
		    "new_city or street_town", code)) >= 0)
			return status;
		f.unit = code;
	}
	if (dept != NULL) {
		if ((status = cmd_resolve_unit(db, "--department", dept,
		    "department or new_area", code)) >= 0)
			return status;
		f.department = code;
	}
	rows_out_init(&w, stdout, format);
	if ((rc = rows_out_end(&w, db_positive_list(db, &f, rows_out_row, &w,
	    &rows))) != DB_OK) {
		warnx("positive-list: %s", rows_out_error(&w, db));
		return cmd_db_status(rc);
	}
	return EXIT_DONE;
}
