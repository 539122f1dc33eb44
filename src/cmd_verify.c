/*
 * verify: check integrity and the hash chains.  head: print the chain's
 * head, to be kept elsewhere and given back to 'verify --expect-head'.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>

#include "cmd.h"
#include "db.h"
#include "hash.h"

static void
print_damage(const char *msg, void *arg)
{
	(void)arg;
	warnx("verify: %s", msg);
}

int
cmd_verify(int argc, char **argv)
{
	struct db *db;
	static const struct option opts[] = {
		{ "expect-head", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *expect = NULL;
	unsigned char head[HASH_LEN];
	long long entries;
	int ch, rc, status;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (ch == 'e')
			expect = optarg;
		else
			return cmd_usage(current_cmd, ch == 'h');
	}
	if (optind != argc)
		return cmd_usage(current_cmd, 0);
	if (expect != NULL && hash_unhex(expect, head) != 0) {
		warnx("verify: bad --expect-head '%s': 64 hex digits, as "
		    "'powers head' prints", expect);
		return EXIT_USAGE;
	}
	if ((db = cmd_open(&status)) == NULL) {
		char why[512];

		/* A file that is not whole is damage; else it was not checked. */
		switch (db_verify_unopened(globals.db_path, why, sizeof(why))) {
		case 1:
			warnx("verify: registry '%s' is damaged: %s",
			    globals.db_path, why);
			return EXIT_CHECK;
		case -1:
			warn("verify: could not check '%s'", globals.db_path);
			break;
		default:
			warnx("verify: could not check '%s'", globals.db_path);
		}
		return status;
	}
	rc = db_verify(db, expect, print_damage, NULL, &entries);
	if (rc == DB_DAMAGED) {
		warnx("verify: registry '%s' is damaged", globals.db_path);
		return EXIT_CHECK;
	}
	if (rc != DB_OK) {
		warnx("verify: could not check: %s", db_errmsg(db));
		return cmd_db_status(rc);
	}
	if (!globals.quiet)
		printf("ok: %lld log entries chained; units, powers and grants "
		    "match%s\n", entries, expect ? "; head found" : "");
	return EXIT_DONE;
}

int
cmd_head(int argc, char **argv)
{
	struct db *db;
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char hex[HASH_HEX_LEN + 1];
	long long count;
	int ch, rc, status;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		return cmd_usage(current_cmd, ch == 'h');
	if (optind != argc)
		return cmd_usage(current_cmd, 0);
	if ((db = cmd_open(&status)) == NULL)
		return status;
	if ((rc = db_registry_head(db, &count, hex)) != DB_OK) {
		warnx("head: %s", db_errmsg(db));
		return cmd_db_status(rc);
	}
	printf("%lld %s\n", count, hex);
	return EXIT_DONE;
}
