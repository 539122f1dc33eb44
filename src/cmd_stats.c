/*
 * stats: the seed's figures computed from the registry, as of a date.
 * history: the log in readable form.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "db.h"
#include "replay.h"
#include "rows.h"

/* "--by new_city" picks a section; "new-city" and "city" do too. */
static const struct db_section *
find_section(const char *by)
{
	char name[64];
	int i;

	snprintf(name, sizeof(name), "by_%s", by);
	for (i = 0; name[i]; i++)
		if (name[i] == '-')
			name[i] = '_';
	for (i = 0; i < db_stats_nsections; i++)
		if (strcmp(db_stats_sections[i].name, name) == 0 ||
		    strcmp(db_stats_sections[i].name, by) == 0)
			return &db_stats_sections[i];
	return NULL;
}

int
cmd_stats(int argc, char **argv)
{
	struct db *db;
	static const struct option opts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "by", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct db_section *only = NULL;
	enum out_format format = OUT_TABLE;
	struct rows_out w;
	char as_of[11];
	int ch, i, rc = DB_OK, status;

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
		case 'b':
			if ((only = find_section(optarg)) == NULL) {
				warnx("stats: unknown --by '%s': new_city, "
				    "street_town or department", optarg);
				return EXIT_USAGE;
			}
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
	if (format == OUT_JSON && only == NULL) {
		const struct db_param p = { ":as_of", as_of };

		rows_out_init(&w, stdout, format);
		rc = rows_json_sections(&w, db, db_stats_sections,
		    db_stats_nsections, &p, 1);
	} else if (only != NULL || format != OUT_TABLE) {
		/* Programs get one table: the summary, or the part asked. */
		rows_out_init(&w, stdout, format);
		rc = rows_out_end(&w, db_stats_section(db, only ? only :
		    &db_stats_sections[0], as_of, rows_out_row, &w));
	} else {
		for (i = 0; i < db_stats_nsections && rc == DB_OK; i++) {
			printf("%s%s (as of %s)\n\n", i ? "\n" : "",
			    db_stats_sections[i].title, as_of);
			rows_out_init(&w, stdout, format);
			rc = rows_out_end(&w, db_stats_section(db,
			    &db_stats_sections[i], as_of, rows_out_row, &w));
		}
	}
	if (rc != DB_OK) {
		warnx("stats: %s", rows_out_error(&w, db));
		return cmd_db_status(rc);
	}
	return EXIT_DONE;
}

int
cmd_history(int argc, char **argv)
{
	struct db *db;
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct history_filter f = { 0 };
	struct rows_out w;
	enum out_format format = OUT_TABLE;
	char since[11], until[11];
	int ch, rc, status;

	while ((ch = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			if (cmd_parse_date("--since", optarg, since) != 0)
				return EXIT_USAGE;
			f.since = since;
			break;
		case 'u':
			if (cmd_parse_date("--until", optarg, until) != 0)
				return EXIT_USAGE;
			f.until = until;
			break;
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
	if (argc - optind == 1)
		f.power = argv[optind];
	if ((db = cmd_open(&status)) == NULL)
		return status;
	rows_out_init(&w, stdout, format);
	if ((rc = rows_out_end(&w, db_history(db, &f, rows_out_row, &w))) !=
	    DB_OK) {
		warnx("history: %s", rows_out_error(&w, db));
		return cmd_db_status(rc);
	}
	return EXIT_DONE;
}
