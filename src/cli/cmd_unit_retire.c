/*
 * unit retire: a unit leaves the registry's area from a date (handed
 * back, as 双照, 陈杨寨, 泾干 and 南位 went back to 咸阳 in 2021).  Its
 * live grants end that day by revoke entries of the log, no grant to it
 * takes effect on or after that day, and from then on it is in no list
 * or count by unit; the work is db_unit_retire()'s (db_unit_retire.c).
 */
#include <err.h>
#include <stdio.h>

#include "cmd.h"
#include "db.h"
#include "hash.h"
#include "i18n.h"
#include "text.h"

static struct {
	char		 effective[11];
	const char	*document, *note;
	int		 dry_run;
} a;

const struct opt cmd_unit_retire_opts[] = {
	OPT_CALLBACK("effective", 0, "DATE", N_("the first day the unit is no "
	    "member"), a.effective, cmd_opt_date),
	OPT_CALLBACK("document", 0, "DOC", N_("the document number (文号) the "
	    "retirement rests on"), &a.document, cmd_opt_trimmed),
	OPT_CALLBACK("note", 0, "TEXT", N_("a note on the retirement and its "
	    "entries"), &a.note, cmd_opt_trimmed),
	OPT_BOOL("dry-run", 'n', N_("check and report, write nothing"),
	    &a.dry_run),
	CMD_OPT_QUIET,
	OPT_END
};

/* One unit, a date and a document, before the registry is opened. */
int
cmd_unit_retire_check(int argc, char **argv)
{
	if (argc != 1 || a.effective[0] == '\0' || a.document == NULL) {
		warnx(_("unit retire: give one UNIT with --effective and "
		    "--document"));
		return cmd_usage(current_cmd, 0);
	}
	argv[0] = text_trim_arg(argv[0]);
	if (*a.document == '\0') {
		warnx(_("unit retire: --document is empty: give the document "
		    "number (文号) the retirement rests on"));
		return EXIT_USAGE;
	}
	return cmd_entry_texts(a.document, a.note);
}

int
cmd_unit_retire(int argc, char **argv, struct db *db)
{
	struct unit_retire r = {
		.effective = a.effective,
		.document = a.document,
		.note = a.note,
		.by = globals.by,
		.at = db_now(),
	};
	char code[64], name[256], why[1024], head[HASH_HEX_LEN + 1];
	long long count;
	long ended;
	int rc, status;

	(void)argc;
	if ((status = cmd_resolve_unit(db, N_("unit"), argv[0], NULL, code)) >= 0)
		return status;
	r.code = code;
	rc = db_unit_retire(db, &r, &ended, name, why, sizeof(why));
	if ((rc = cmd_end_write(db, rc, why, a.dry_run, &count, head)) !=
	    DB_OK)
		goto out;
	if (!globals.quiet) {
		printf(_("%sunit '%s' (%s) retired from %s: %ld live grants ended "
		    "by revoke entries%s\n"), a.dry_run ? _("dry run: ") : "", code,
		    name, a.effective, ended, a.dry_run ?
		    _("; nothing written") : "");
		printf(_("log: %lld entries, head %s\n"), count,
		    *head ? head : _("(empty)"));
	}
out:
	db_rollback(db);
	return cmd_db_status(rc);
}
