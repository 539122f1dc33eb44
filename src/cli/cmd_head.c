/*
 * head: print the chain's head, to be kept elsewhere and given back to
 * 'verify --expect-head'.
 */
#include <err.h>
#include <stdio.h>

#include "cmd.h"
#include "db.h"
#include "hash.h"
#include "i18n.h"

int
cmd_head(int argc, char **argv, struct db *db)
{
	char hex[HASH_HEX_LEN + 1];
	long long count;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = db_registry_head(db, &count, hex)) != DB_OK) {
		warnx(_("head: %s"), db_errmsg(db));
		return cmd_db_status(rc);
	}
	printf("%lld %s\n", count, hex);
	return EXIT_DONE;
}
