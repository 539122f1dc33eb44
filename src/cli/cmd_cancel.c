/*
 * cancel: powers cancelled (取消) from a date.  Each cancellation is an
 * entry of the delegation log, mode cancel, from the power's holder to
 * its holder: chained with every other entry, it ends the power's live
 * grants on its date, takes the power out of every list and count from
 * then on, and no later entry of the power is accepted (src/rules/
 * replay.c).  The batch is delegate's by hand (cmd_delegate_hand()).
 */
#include <err.h>
#include <stdio.h>

#include "cmd.h"
#include "i18n.h"
#include "text.h"

static struct {
	char		 effective[11];
	const char	*document, *note;
	int		 dry_run;
} a;

const struct opt cmd_cancel_opts[] = {
	OPT_CALLBACK("effective", 0, "DATE", N_("the first day the powers are "
	    "cancelled"), a.effective, cmd_opt_date),
	OPT_CALLBACK("document", 0, "DOC", N_("the document number (文号) the "
	    "cancellation rests on"), &a.document, cmd_opt_trimmed),
	OPT_CALLBACK("note", 0, "TEXT", N_("a note on each entry"), &a.note,
	    cmd_opt_trimmed),
	OPT_BOOL("dry-run", 'n', N_("check and report, write nothing"),
	    &a.dry_run),
	CMD_OPT_QUIET,
	OPT_END
};

/* Codes, a date and a document, before the registry is opened. */
int
cmd_cancel_check(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		argv[i] = text_trim_arg(argv[i]);
	if (argc == 0 || a.effective[0] == '\0' || a.document == NULL) {
		warnx(_("cancel: give CODE... with --effective and --document"));
		return cmd_usage(current_cmd, 0);
	}
	if (*a.document == '\0') {
		warnx(_("cancel: --document is empty: give the document number "
		    "(文号) the cancellation rests on"));
		return EXIT_USAGE;
	}
	return cmd_entry_texts(a.document, a.note);
}

int
cmd_cancel(int argc, char **argv, struct db *db)
{
	const struct hand_entries h = {
		.codes = argv,
		.ncodes = argc,
		.mode = "cancel",
		.document = a.document,
		.effective = a.effective,
		.note = a.note,
		.dry_run = a.dry_run,
	};

	return cmd_delegate_hand(db, &h);
}
