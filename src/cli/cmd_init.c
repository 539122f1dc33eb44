/*
 * init: create a registry.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "atomic.h"
#include "cmd.h"
#include "db.h"
#include "i18n.h"
#include "tz.h"

static const char *zone;

const struct opt cmd_init_opts[] = {
	OPT_STRING("timezone", 0, "ZONE", N_("the registry's time zone, an "
	    "IANA name; default Asia/Shanghai"), &zone),
	CMD_OPT_QUIET,
	OPT_END
};

_Static_assert(sizeof(TZ_DEFAULT) == sizeof("Asia/Shanghai"),
    "--help names the default zone");

int
cmd_init_check(int argc, char **argv)
{
	char why[128];

	(void)argv;
	if (argc != 0)
		return cmd_usage(current_cmd, 0);
	if (zone == NULL)
		zone = TZ_DEFAULT;
	if (tz_check(zone, why, sizeof(why)) != 0) {
		warnx(_("init: --timezone: unknown time zone '%s': %s; give an "
		    "IANA name such as 'Asia/Shanghai' or 'UTC'"), zone, why);
		return EXIT_USAGE;
	}
	return -1;
}

/* Remove a registry that init created but could not finish. */
static void
remove_registry(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char name[4096];
	size_t i;

	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(name, sizeof(name), "%s%s", path, suffix[i]);
		unlink(name);
	}
}

/*
 * The registry is built in a temporary file beside its path and renamed
 * into place when complete: killed at any point, init leaves either no
 * registry or a whole one, never a half-made file that init and migrate
 * would both refuse.
 */
int
cmd_init(int argc, char **argv, struct db *db)
{
	struct tz_span *spans = NULL;
	struct atomic *tmp = NULL;
	size_t nspans;
	int rc;

	(void)argc;
	(void)argv;
	if (access(globals.db_path, F_OK) == 0) {
		warnx(_("init: '%s' already exists"), globals.db_path);
		return EXIT_FAIL;
	}
	if (tz_spans(zone, &spans, &nspans) != 0) {
		warnx(_("init: out of memory"));
		return EXIT_FAIL;
	}
	if ((tmp = atomic_open(globals.db_path, 0)) == NULL) {
		warn(_("init: '%s'"), globals.db_path);
		free(spans);
		return EXIT_FAIL;
	}
	rc = db_open(&db, atomic_path(tmp), DB_CREATE, globals.timeout_ms);
	if (rc == DB_OK)
		rc = db_migrate(db, cmd_say_applied, NULL);
	if (rc == DB_OK)
		rc = db_time_zone_set(db, zone, spans, nspans);
	free(spans);
	if (rc != DB_OK) {
		warnx(_("init: %s"), db_errmsg(db));
		db_close(db);
		remove_registry(atomic_path(tmp));
		atomic_abort(tmp);
		return cmd_db_status(rc);
	}
	/* Closing checkpoints the WAL into the file and removes it. */
	db_close(db);
	if (atomic_commit(tmp) != 0) {
		warn(_("init: %s '%s'"), atomic_error(tmp), globals.db_path);
		remove_registry(atomic_path(tmp));
		atomic_abort(tmp);
		return EXIT_FAIL;
	}
	if (!globals.quiet)
		printf(_("created registry '%s' at schema version %d, time "
		    "zone %s\n"), globals.db_path, db_schema_latest(), zone);
	return EXIT_DONE;
}

