/*
 * stats: the seed's figures computed from the registry, as of a date.
 */
#include <err.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "db.h"
#include "i18n.h"
#include "rows.h"

static struct {
	enum out_format		 format;
	const struct db_section	*only;	/* --by: one part; NULL: all */
	char			 as_of[11];
} a;

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

static int
opt_by(const struct opt *o, const char *arg)
{
	(void)o;
	if (arg == NULL)
		a.only = NULL;
	else if ((a.only = find_section(arg)) == NULL) {
		warnx(_("stats: unknown --by '%s': new_city, street_town or "
		    "department"), arg);
		return -1;
	}
	return 0;
}

const struct opt cmd_stats_opts[] = {
	CMD_OPT_AS_OF(a.as_of),
	OPT_CALLBACK("by", 0, "B", N_("one part: new_city, street_town or "
	    "department"), NULL, opt_by),
	CMD_OPT_FORMAT(&a.format, CMD_FORMATS),
	OPT_END
};

int
cmd_stats(int argc, char **argv, struct db *db)
{
	struct rows_out w;
	const struct db_section *only = a.only;
	enum out_format format = a.format;
	char *as_of = a.as_of;
	int i, rc = DB_OK, status;

	(void)argc;
	(void)argv;
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
			printf(_("%s%s (as of %s)\n\n"), i ? "\n" : "",
			    _(db_stats_sections[i].title), as_of);
			rows_out_init(&w, stdout, format);
			rc = rows_out_end(&w, db_stats_section(db,
			    &db_stats_sections[i], as_of, rows_out_row, &w));
		}
	}
	if (rc != DB_OK) {
		warnx(_("stats: %s"), rows_out_error(&w, db));
		return cmd_db_status(rc);
	}
	return EXIT_DONE;
}
