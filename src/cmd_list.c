/*
 * list: the powers in the registry.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "db.h"
#include "refs.h"
#include "rows.h"

int
cmd_list(int argc, char **argv)
{
	struct db *db;
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "department", required_argument, NULL, 'd' },
		{ "category", required_argument, NULL, 'c' },
		{ "class", required_argument, NULL, 'k' },
		{ "unit", required_argument, NULL, 'u' },
		{ "kind", required_argument, NULL, 'K' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct power_filter filter = { 0 };
	struct rows_out w;
	enum out_format format = OUT_TABLE;
	enum unit_kind kind;
	const char *unit = NULL, *dept = NULL;
	char as_of[11], code[64], dept_code[64];
	int ch, rc, status;

	as_of[0] = '\0';
	filter.as_of = as_of;
	while ((ch = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (cmd_parse_format(optarg, &format) != 0)
				return EXIT_USAGE;
			break;
		case 'd':
			dept = optarg;
			break;
		case 'c':
			filter.category = optarg;
			break;
		case 'k':
			if ((filter.class_name = parse_class(optarg)) == NULL ||
			    *optarg == '\0') {
				warnx("list: unknown class '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'u':
			unit = optarg;
			break;
		case 'K':
			if (parse_kind(optarg, &kind) != 0) {
				warnx("list: unknown kind '%s'", optarg);
				return EXIT_USAGE;
			}
			filter.kind = kind_name(kind);
			break;
		case 'a':
			if (cmd_parse_date("--as-of", optarg, as_of) != 0)
				return EXIT_USAGE;
			break;
		default:
			return cmd_usage(current_cmd, ch == 'h');
		}
	}
	if (optind != argc)
		return cmd_usage(current_cmd, 0);
	if ((db = cmd_open(&status)) == NULL)
		return status;
	if ((status = cmd_today(db, as_of)) >= 0)
		return status;
	if (unit != NULL) {
		if ((status = cmd_resolve_unit(db, "--unit", unit, NULL,
		    code)) >= 0)
			return status;
		filter.unit = code;
	}
	/* One department, by its code: two that share a name are not merged. */
	if (dept != NULL) {
		if ((status = cmd_resolve_unit(db, "--department", dept,
		    "department or new_area", dept_code)) >= 0)
			return status;
		filter.department = dept_code;
	}
	rows_out_init(&w, stdout, format);
	if ((rc = rows_out_end(&w, db_list_powers(db, &filter, rows_out_row,
	    &w))) != DB_OK) {
		warnx("list: %s", rows_out_error(&w, db));
		return cmd_db_status(rc);
	}
	return EXIT_DONE;
}
