/*
 * show: one power whole: its attributes, who exercises it, its history
 * and the changes imports made to it.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>

#include "cmd.h"
#include "db.h"
#include "rows.h"

int
cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum out_format format = OUT_TABLE;
	const char *code;
	char as_of[11];
	struct db *db;
	struct rows_out w;
	int ch, i, rc, status;

	as_of[0] = '\0';
	while ((ch = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (ch) {
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
	if (optind != argc - 1)
		return cmd_usage(current_cmd, 0);
	code = argv[optind];
	if ((db = cmd_open(&status)) == NULL)
		return status;
	if ((status = cmd_today(db, as_of)) >= 0)
		return status;
	if ((rc = db_power_exists(db, code)) != DB_OK) {
		warnx("show: %s", db_errmsg(db));
		return rc == DB_REJECT ? EXIT_USAGE : cmd_db_status(rc);
	}
	if (format == OUT_JSON) {
		const struct db_param p[] = {
			{ ":code", code },
			{ ":as_of", as_of },
		};

		rows_out_init(&w, stdout, format);
		rc = rows_json_sections(&w, db, db_show_sections,
		    db_show_nsections, p, 2);
	} else {
		rc = DB_OK;
		for (i = 0; i < db_show_nsections && rc == DB_OK; i++) {
			if (format == OUT_TABLE || format == OUT_MARKDOWN)
				printf("%s%s%s\n\n", i ? "\n" : "",
				    format == OUT_MARKDOWN ? "## " : "",
				    db_show_sections[i].title);
			else if (i > 0)
				putchar('\n');
			rows_out_init(&w, stdout, format);
			rc = rows_out_end(&w, db_show_section(db,
			    &db_show_sections[i], code, as_of, rows_out_row,
			    &w));
		}
	}
	if (rc != DB_OK) {
		warnx("show: %s", rows_out_error(&w, db));
		return cmd_db_status(rc);
	}
	return EXIT_DONE;
}

int
cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum out_format format = OUT_TABLE;
	char from[11] = "", to[11];
	struct db *db;
	struct rows_out w;
	long rows;
	int ch, rc, status;

	to[0] = '\0';
	while ((ch = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'F':
			if (cmd_parse_date("--from", optarg, from) != 0)
				return EXIT_USAGE;
			break;
		case 'T':
			if (cmd_parse_date("--to", optarg, to) != 0)
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
	if (optind != argc || from[0] == '\0') {
		if (from[0] == '\0')
			warnx("diff: --from DATE is needed");
		return cmd_usage(current_cmd, 0);
	}
	if ((db = cmd_open(&status)) == NULL)
		return status;
	if ((status = cmd_today(db, to)) >= 0)
		return status;
	rows_out_init(&w, stdout, format);
	if ((rc = rows_out_end(&w, db_diff(db, from, to, rows_out_row, &w,
	    &rows))) != DB_OK) {
		warnx("diff: %s", rows_out_error(&w, db));
		return cmd_db_status(rc);
	}
	return EXIT_DONE;
}
