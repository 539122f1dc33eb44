/*
 * undo: append the events that reverse one import run (import:N, the id
 * imports_readable shows) or one batch of the log (entry:SEQ, the batch
 * that recorded entry SEQ, as history shows it).  Nothing is deleted; the
 * undo is a run or a batch of its own, and so can be undone.  The work
 * and what is refused are db_undo.c's.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "db.h"
#include "i18n.h"

static struct {
	int	dry_run;
} a;

const struct opt cmd_undo_opts[] = {
	OPT_BOOL("dry-run", 'n', N_("check and report, write nothing"),
	    &a.dry_run),
	CMD_OPT_QUIET,
	OPT_END
};

/* What RUN names: an import run or an entry of the log, and its number. */
static enum { RUN_BAD, RUN_IMPORT, RUN_ENTRY }
parse_run(const char *run, long long *n)
{
	const char *digits;
	char *end;

	if (strncmp(run, "import:", 7) == 0)
		digits = run + 7;
	else if (strncmp(run, "entry:", 6) == 0)
		digits = run + 6;
	else
		return RUN_BAD;
	if (*digits < '1' || *digits > '9')
		return RUN_BAD;
	*n = strtoll(digits, &end, 10);
	if (*end != '\0' || *n <= 0)
		return RUN_BAD;
	return *run == 'i' ? RUN_IMPORT : RUN_ENTRY;
}

int
cmd_undo_check(int argc, char **argv)
{
	long long n;

	if (argc != 1)
		return cmd_usage(current_cmd, 0);
	if (parse_run(argv[0], &n) == RUN_BAD) {
		warnx(_("undo: '%s' names no run: give import:N (an import run, "
		    "as imports_readable lists them) or entry:SEQ (the batch "
		    "of the log that recorded entry SEQ, as history shows it)"),
		    argv[0]);
		return EXIT_USAGE;
	}
	return -1;
}

int
cmd_undo(int argc, char **argv, struct db *db)
{
	char why[1024], head[65];
	long long n, first = 0, last = 0, undo_run = 0, count;
	long done = 0;
	int rc, import;

	(void)argc;
	import = parse_run(argv[0], &n) == RUN_IMPORT;
	if (import)
		rc = db_undo_import(db, n, globals.by, db_now(), &undo_run,
		    &done, why, sizeof(why));
	else
		rc = db_undo_batch(db, n, globals.by, db_now(), &first, &last,
		    &done, why, sizeof(why));
	if ((rc = cmd_end_write(db, rc, why, a.dry_run, &count, head)) !=
	    DB_OK || globals.quiet)
		goto out;
	if (import)
		printf(_("%simport #%lld undone by import #%lld: %ld rows changed "
		    "back%s\n"), a.dry_run ? _("dry run: ") : "", n, undo_run,
		    done, a.dry_run ? _("; nothing written") : "");
	else
		printf(_("%sentries #%lld to #%lld undone by %ld entries%s\n"),
		    a.dry_run ? _("dry run: ") : "", first, last, done,
		    a.dry_run ? _("; nothing written") : "");
out:
	db_rollback(db);
	return cmd_db_status(rc);
}
