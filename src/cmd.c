/*
 * What every command shares: the global options, the mapping of results
 * onto exit statuses, opening the registry, and the parsers of the
 * arguments several commands take (formats, dates, units).
 */
#include <err.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "db.h"
#include "replay.h"

struct globals globals = {
	.timeout_ms = 5000,
};
const struct cmd *current_cmd;

int
cmd_usage(const struct cmd *cmd, int help)
{
	fprintf(help ? stdout : stderr, "usage: powers %s\n", cmd->usage);
	return help ? EXIT_DONE : EXIT_USAGE;
}

int
cmd_db_status(int rc)
{
	switch (rc) {
	case DB_OK:
		return EXIT_DONE;
	case DB_BUSY:
		return EXIT_BUSY;
	case DB_REJECT:
		return EXIT_INPUT;
	case DB_DAMAGED:
		return EXIT_CHECK;
	default:
		return EXIT_FAIL;
	}
}

int
cmd_parse_format(const char *name, enum out_format *format)
{
	if (out_format_parse(name, format) == 0)
		return 0;
	warnx("%s: unknown format '%s'", current_cmd->name, name);
	return -1;
}

int
cmd_parse_date(const char *opt, const char *s, char out[11])
{
	if (parse_date(s, out) == 0)
		return 0;
	warnx("%s: bad %s '%s': a real date, YYYY-MM-DD", current_cmd->name,
	    opt, s);
	return -1;
}

int
cmd_today(struct db *db, char out[11])
{
	int rc;

	if (out[0] != '\0' || (rc = db_today(db, out)) == DB_OK)
		return -1;
	warnx("%s: %s", current_cmd->name, db_errmsg(db));
	return cmd_db_status(rc);
}

/*
 * Resolve REF to a unit of one of the kinds in WANT (a comma list);
 * CODE gets its code.  Returns -1 to go on, else the exit status.
 */
int
cmd_resolve_unit(struct db *db, const char *opt, const char *ref,
    const char *want, char *code)
{
	char kind[64];
	int rc;

	if ((rc = db_unit_lookup(db, ref, code, kind)) == DB_REJECT) {
		warnx("%s: %s: unknown unit '%s'", current_cmd->name, opt, ref);
		return EXIT_USAGE;
	}
	if (rc != DB_OK) {
		warnx("%s: %s", current_cmd->name, db_errmsg(db));
		return cmd_db_status(rc);
	}
	if (want != NULL && strstr(want, kind) == NULL) {
		warnx("%s: %s: '%s' is a %s, not a %s%s", current_cmd->name, opt,
		    ref, kind, want, strcmp(kind, "department") == 0 ?
		    " (use --department)" : "");
		return EXIT_USAGE;
	}
	return -1;
}

/* The registry the running command opened, for cmd_close(). */
static struct db *registry;

struct db *
cmd_open(int *status)
{
	int rc;

	rc = db_open(&registry, globals.db_path, current_cmd->open == OPEN_RO ?
	    DB_READ : DB_WRITE, globals.timeout_ms);
	if (rc != DB_OK) {
		warnx("%s", db_errmsg(registry));
		cmd_close();
		*status = cmd_db_status(rc);
		return NULL;
	}
	return registry;
}

void
cmd_close(void)
{
	db_close(registry);
	registry = NULL;
}
