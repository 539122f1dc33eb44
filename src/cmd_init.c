/*
 * init and migrate: create a registry, apply pending migrations.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "atomic.h"
#include "cmd.h"
#include "db.h"
#include "migrations.h"
#include "tz.h"

static void
say_applied(int number, const char *name, void *arg)
{
	(void)arg;
	(void)number;
	if (!globals.quiet)
		printf("applied %s\n", name);
}

/*
 * Parse --timezone ZONE and --help; *ZONE gets the zone, checked.  Returns
 * -1 to go on, else an exit status.
 */
static int
init_options(int argc, char **argv, const char **zone)
{
	static const struct option opts[] = {
		{ "timezone", required_argument, NULL, 'z' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char why[128];
	int ch;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (ch != 'z')
			return cmd_usage(current_cmd, ch == 'h');
		*zone = optarg;
	}
	if (optind != argc)
		return cmd_usage(current_cmd, 0);
	if (tz_check(*zone, why, sizeof(why)) != 0) {
		warnx("init: --timezone: unknown time zone '%s': %s; give an "
		    "IANA name such as 'Asia/Shanghai' or 'UTC'", *zone, why);
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
cmd_init(int argc, char **argv)
{
	const char *zone = TZ_DEFAULT;
	struct tz_span *spans = NULL;
	struct atomic *tmp = NULL;
	struct db *db = NULL;
	size_t nspans;
	int rc, status;

	if ((status = init_options(argc, argv, &zone)) >= 0)
		return status;
	if (access(globals.db_path, F_OK) == 0) {
		warnx("init: '%s' already exists", globals.db_path);
		return EXIT_FAIL;
	}
	if (tz_spans(zone, &spans, &nspans) != 0) {
		warnx("init: out of memory");
		return EXIT_FAIL;
	}
	if ((tmp = atomic_open(globals.db_path, 0)) == NULL) {
		warn("init: '%s'", globals.db_path);
		free(spans);
		return EXIT_FAIL;
	}
	rc = db_open(&db, atomic_path(tmp), DB_CREATE, globals.timeout_ms);
	if (rc == DB_OK)
		rc = db_migrate(db, say_applied, NULL);
	if (rc == DB_OK)
		rc = db_time_zone_set(db, zone, spans, nspans);
	free(spans);
	if (rc != DB_OK) {
		warnx("init: %s", db_errmsg(db));
		db_close(db);
		remove_registry(atomic_path(tmp));
		atomic_abort(tmp);
		return cmd_db_status(rc);
	}
	/* Closing checkpoints the WAL into the file and removes it. */
	db_close(db);
	if (atomic_commit(tmp) != 0) {
		warn("init: %s '%s'", atomic_error(tmp), globals.db_path);
		remove_registry(atomic_path(tmp));
		atomic_abort(tmp);
		return EXIT_FAIL;
	}
	if (!globals.quiet)
		printf("created registry '%s' at schema version %d, time "
		    "zone %s\n", globals.db_path, db_schema_latest(), zone);
	return EXIT_DONE;
}

/* migrate --status: each migration, applied or pending. */
static void
print_status(int version)
{
	int i;

	for (i = 0; i < migrations_count; i++)
		printf("%-8s %s\n", migrations[i].number <= version ?
		    "applied" : "pending", migrations[i].name);
}

int
cmd_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "status", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct db *db = NULL;
	int ch, rc, status_only = 0, version = 0, before;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (ch == 's')
			status_only = 1;
		else
			return cmd_usage(current_cmd, ch == 'h');
	}
	if (optind != argc)
		return cmd_usage(current_cmd, 0);
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
		rc = db_migrate(db, say_applied, NULL);
	if (rc == DB_OK && !status_only)
		rc = db_schema_version(db, &version);
	if (rc != DB_OK) {
		warnx("migrate: %s", db_errmsg(db));
		db_close(db);
		return cmd_db_status(rc);
	}
	db_close(db);
	if (status_only)
		print_status(version);
	else if (!globals.quiet && before == version)
		printf("registry '%s' is at schema version %d: nothing to do\n",
		    globals.db_path, version);
	return EXIT_DONE;
}
