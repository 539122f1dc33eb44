/*
 * backup: a consistent copy of the registry, while writers run.  It
 * replaces its target atomically, as export does (atomic.c).
 */
#include <err.h>
#include <stdio.h>
#include <string.h>

#include "atomic.h"
#include "cmd.h"
#include "db.h"
#include "i18n.h"

int
cmd_backup_check(int argc, char **argv)
{
	const char *target;

	if (argc != 1 || *argv[0] == '\0') {
		warnx(_("backup: one FILE is needed"));
		return cmd_usage(current_cmd, 0);
	}
	target = argv[0];
	if (strcmp(target, "-") == 0) {
		warnx(_("backup: a registry is not written to standard output"));
		return EXIT_USAGE;
	}
	if (cmd_is_registry(target)) {
		warnx(_("backup: '%s' is the registry or one of its files"),
		    target);
		return EXIT_USAGE;
	}
	if (cmd_refused("backup", NULL, target))
		return EXIT_USAGE;
	return -1;
}

int
cmd_backup(int argc, char **argv, struct db *db)
{
	const char *target = argv[0];
	struct atomic *a;
	long pages = 0;
	int rc;

	(void)argc;
	if ((a = atomic_open(target, 0)) == NULL) {
		warn(_("backup: cannot write '%s'"), target);
		return EXIT_FAIL;
	}
	if ((rc = db_backup(db, atomic_path(a), &pages)) != DB_OK) {
		warnx(_("backup: %s"), db_errmsg(db));
		atomic_abort(a);
		return cmd_db_status(rc);
	}
	if (atomic_commit(a) != 0) {
		warn(_("backup: %s for '%s'"), atomic_error(a), target);
		atomic_abort(a);
		return EXIT_FAIL;
	}
	if (!globals.quiet)
		printf(_("backup: %ld pages to '%s'\n"), pages, target);
	return EXIT_DONE;
}
