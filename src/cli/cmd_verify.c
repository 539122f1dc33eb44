/*
 * verify: check integrity and the hash chains.
 */
#include <err.h>
#include <string.h>
#include <stdio.h>

#include "cmd.h"
#include "db.h"
#include "hash.h"
#include "i18n.h"

static const char *expect, *since;

const struct opt cmd_verify_opts[] = {
	OPT_STRING("expect-head", 0, "HASH", N_("also that the registry grew "
	    "from HASH, as 'powers head' printed it"), &expect),
	OPT_STRING("since", 0, "HASH", N_("only what was recorded after the "
	    "head HASH, and the cheap checks: weaker, see the manual"), &since),
	CMD_OPT_QUIET,
	OPT_END
};

int
cmd_verify_check(int argc, char **argv)
{
	unsigned char head[HASH_LEN];

	(void)argv;
	if (argc != 0)
		return cmd_usage(current_cmd, 0);
	/* 'powers head' prints "COUNT HASH": take it as printed. */
	if (expect != NULL && strrchr(expect, ' ') != NULL)
		expect = strrchr(expect, ' ') + 1;
	if (since != NULL && strrchr(since, ' ') != NULL)
		since = strrchr(since, ' ') + 1;
	if (expect != NULL && hash_unhex(expect, head) != 0) {
		warnx(_("verify: bad --expect-head '%s': 64 hex digits, as "
		    "'powers head' prints"), expect);
		return EXIT_USAGE;
	}
	if (since != NULL && hash_unhex(since, head) != 0) {
		warnx(_("verify: bad --since '%s': 64 hex digits, as "
		    "'powers head' prints"), since);
		return EXIT_USAGE;
	}
	if (since != NULL && expect != NULL) {
		warnx(_("verify: --since and --expect-head go apart: --since "
		    "checks that its head is a state already"));
		return EXIT_USAGE;
	}
	return -1;
}

/* A registry that does not open: a file that is not whole is damage. */
int
cmd_verify_unopened(int status)
{
	char why[512];

	switch (db_verify_unopened(globals.db_path, why, sizeof(why))) {
	case 1:
		warnx(_("verify: registry '%s' is damaged: %s"), globals.db_path,
		    why);
		return EXIT_CHECK;
	case -1:
		warn(_("verify: could not check '%s'"), globals.db_path);
		break;
	default:
		warnx(_("verify: could not check '%s'"), globals.db_path);
	}
	return status;
}

static void
print_damage(const char *msg, void *arg)
{
	(void)arg;
	warnx(_("verify: %s"), msg);
}

int
cmd_verify(int argc, char **argv, struct db *db)
{
	long long entries, at = -1;
	int rc;

	(void)argc;
	(void)argv;
	if (since != NULL) {
		rc = db_verify_since(db, since, print_damage, NULL, &at,
		    &entries);
		/* A head from before the last import: all of it, then. */
		if (rc == DB_OK && at < 0)
			rc = db_verify(db, since, print_damage, NULL, &entries);
	} else
		rc = db_verify(db, expect, print_damage, NULL, &entries);
	if (rc == DB_DAMAGED) {
		warnx(_("verify: registry '%s' is damaged"), globals.db_path);
		return EXIT_CHECK;
	}
	if (rc != DB_OK) {
		warnx(_("verify: could not check: %s"), db_errmsg(db));
		return cmd_db_status(rc);
	}
	if (globals.quiet)
		return EXIT_DONE;
	if (since != NULL && at >= 0)
		printf(_("ok: %lld log entries since the kept head (#%lld) "
		    "chained, their powers' grants match; what came before "
		    "is taken on the head's word (verify checks all)\n"),
		    entries - at, at);
	else if (since != NULL)
		printf(_("an import since the kept head: ok: %lld log entries "
		    "chained; units, powers and grants match; head found\n"),
		    entries);
	else
		printf(_("ok: %lld log entries chained; units, powers and grants "
		    "match%s\n"), entries, expect ? _("; head found") : "");
	return EXIT_DONE;
}
