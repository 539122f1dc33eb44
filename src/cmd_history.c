/*
 * history: the delegation log in readable form.
 */
#include <err.h>
#include <stdio.h>

#include "cmd.h"
#include "db.h"

static struct {
	enum out_format	 format;
	char		 since[11], until[11];
} a;

const struct opt cmd_history_opts[] = {
	OPT_CALLBACK("since", 0, "DATE", "the entries effective from DATE",
	    a.since, cmd_opt_date),
	OPT_CALLBACK("until", 0, "DATE", "the entries effective until DATE",
	    a.until, cmd_opt_date),
	CMD_OPT_FORMAT(&a.format, CMD_FORMATS),
	OPT_END
};

int
cmd_history_check(int argc, char **argv)
{
	(void)argv;
	return argc > 1 ? cmd_usage(current_cmd, 0) : -1;
}

int
cmd_history(int argc, char **argv, struct db *db)
{
	struct history_filter f = { 0 };
	int rc;

	if (argc == 1)
		f.power = argv[0];
	if (a.since[0] != '\0')
		f.since = a.since;
	if (a.until[0] != '\0')
		f.until = a.until;
	if ((rc = db_history(db, &f, stdout, a.format)) != DB_OK) {
		warnx("history: %s", db_errmsg(db));
		return cmd_db_status(rc);
	}
	return EXIT_DONE;
}
