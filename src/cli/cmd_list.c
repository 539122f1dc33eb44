/*
 * list: the powers in the registry.
 */
#include <err.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "db.h"
#include "i18n.h"
#include "rows.h"
#include "refs.h"

static struct {
	enum out_format	 format;
	const char	*unit, *dept, *category, *class_name, *kind;
	char		 as_of[11];
} a;

static int
opt_class(const struct opt *o, const char *arg)
{
	(void)o;
	if (arg == NULL)
		a.class_name = NULL;
	else if ((a.class_name = parse_class(arg)) == NULL || *arg == '\0') {
		warnx(_("list: unknown class '%s'"), arg);
		return -1;
	}
	return 0;
}

const struct opt cmd_list_opts[] = {
	OPT_STRING("unit", 0, "UNIT", N_("the powers UNIT exercises"), &a.unit),
	OPT_CALLBACK("kind", 0, "K", N_("the powers units of kind K exercise"),
	    &a.kind, cmd_opt_kind),
	OPT_STRING("department", 0, "D", N_("the powers of department D"),
	    &a.dept),
	OPT_STRING("category", 0, "C", N_("the powers of category C"),
	    &a.category),
	OPT_CALLBACK("class", 0, "CLASS", N_("economic or social"), NULL,
	    opt_class),
	CMD_OPT_AS_OF(a.as_of),
	CMD_OPT_FORMAT(&a.format, CMD_FORMATS),
	OPT_END
};

int
cmd_list(int argc, char **argv, struct db *db)
{
	struct rows_out w;
	struct power_filter filter = { 0 };
	char code[64], dept_code[64];
	int rc, status;

	(void)argc;
	(void)argv;
	filter.as_of = a.as_of;
	filter.category = a.category;
	filter.class_name = a.class_name;
	filter.kind = a.kind;
	if ((status = cmd_today(db, a.as_of)) >= 0)
		return status;
	if (a.unit != NULL) {
		if ((status = cmd_resolve_unit(db, "--unit", a.unit, NULL,
		    code)) >= 0)
			return status;
		filter.unit = code;
	}
	/* One department, by its code: two that share a name are not merged. */
	if (a.dept != NULL) {
		if ((status = cmd_resolve_unit(db, "--department", a.dept,
		    N_("department or new_area"), dept_code)) >= 0)
			return status;
		filter.department = dept_code;
	}
	rows_out_init(&w, stdout, a.format);
	if ((rc = rows_out_end(&w, db_list_powers(db, &filter, rows_out_row,
	    &w))) != DB_OK) {
		warnx(_("list: %s"), rows_out_error(&w, db));
		return cmd_db_status(rc);
	}
	return EXIT_DONE;
}
