/*
 * What every command shares: the global options and the mapping of
 * results onto exit statuses.
 */
#include <err.h>
#include <stdio.h>

#include "cmd.h"
#include "db.h"

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
