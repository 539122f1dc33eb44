/*
 * history: the delegation log in readable form.
 */
#include <err.h>
#include <stdio.h>

#include "cmd.h"
#include "db.h"
#include "i18n.h"
#include "rows.h"

static struct {
	enum out_format	 format;
	const char	*unit;
	char		 since[11], until[11];
} a;

const struct opt cmd_history_opts[] = {
	OPT_STRING("unit", 0, "UNIT", N_("the entries that gave UNIT a power or "
	    "took one from it, or that it gave or took back"), &a.unit),
	OPT_CALLBACK("since", 0, "DATE", N_("the entries effective from DATE"),
	    a.since, cmd_opt_date),
	OPT_CALLBACK("until", 0, "DATE", N_("the entries effective until DATE"),
	    a.until, cmd_opt_date),
	CMD_OPT_AS_RECORDED,
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
	struct rows_out w;
	struct history_filter f = { 0 };
	char code[64], today[11] = "";
	int rc, status;

	if ((status = cmd_answer_as_of(db, today)) >= 0)
		return status;
	if (argc == 1)
		f.power = argv[0];
	if (a.unit != NULL) {
		if ((status = cmd_resolve_unit(db, "--unit", a.unit, NULL,
		    code)) >= 0)
			return status;
		f.unit = code;
	}
	if (a.since[0] != '\0')
		f.since = a.since;
	if (a.until[0] != '\0')
		f.until = a.until;
	rows_out_init(&w, stdout, a.format);
	if ((rc = rows_out_end(&w, db_history(db, &f, rows_out_row, &w))) !=
	    DB_OK) {
		warnx(_("history: %s"), rows_out_error(&w, db));
		return cmd_db_status(rc);
	}
	return EXIT_DONE;
}
