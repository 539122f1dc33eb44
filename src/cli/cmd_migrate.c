/*
 * migrate: apply pending migrations, or list them.
 */
#include <err.h>
#include <stdio.h>

#include "cmd.h"
#include "db.h"
#include "i18n.h"
#include "migrations.h"

/* What a migration says as it applies (init's too). */
void
cmd_say_applied(int number, const char *name, void *arg)
{
	(void)arg;
	(void)number;
	if (!globals.quiet)
		printf(_("applied %s\n"), name);
}

static int status_only;

const struct opt cmd_migrate_opts[] = {
	OPT_BOOL("status", 0, N_("list each migration, applied or pending"),
	    &status_only),
	CMD_OPT_QUIET,
	OPT_END
};

/* migrate --status: each migration, applied or pending. */
static void
print_status(int version)
{
	int i;

	for (i = 0; i < migrations_count; i++)
		printf("%-8s %s\n", migrations[i].number <= version ?
		    "applied" : "pending", migrations[i].name);
}

/*
 * The table says OPEN_NONE: migrate opens the registry at any older
 * schema, and --status must work on one that needs migrating too.
 */
int
cmd_migrate(int argc, char **argv, struct db *db)
{
	int rc, version = 0, before;

	(void)argc;
	(void)argv;
	rc = db_open(&db, globals.db_path, status_only ? DB_READ : DB_MIGRATE,
	    globals.timeout_ms);
	/* --status must also work on a registry that needs migrating. */
	if (rc != DB_OK && status_only) {
		db_close(db);
		rc = db_open(&db, globals.db_path, DB_MIGRATE,
		    globals.timeout_ms);
	}
	if (rc == DB_OK)
		rc = db_schema_version(db, &version);
	before = version;
	if (rc == DB_OK && !status_only)
		rc = db_migrate(db, cmd_say_applied, NULL);
	if (rc == DB_OK && !status_only)
		rc = db_schema_version(db, &version);
	if (rc != DB_OK) {
		warnx(_("migrate: %s"), db_errmsg(db));
		db_close(db);
		return cmd_db_status(rc);
	}
	db_close(db);
	if (status_only)
		print_status(version);
	else if (!globals.quiet && before == version)
		printf(_("registry '%s' is at schema version %d: nothing to do\n"),
		    globals.db_path, version);
	return EXIT_DONE;
}
