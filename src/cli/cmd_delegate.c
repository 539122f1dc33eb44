/*
 * delegate: record entries in the delegation log, from a clerk's sheet
 * (--file FILE, or --csv) or by hand (CODE... --to UNIT ...); cancel's entries by
 * hand too (cmd_cancel.c, through cmd_delegate_hand()).
 *
 * Each entry is checked against the rules as of its date, with every
 * entry before it, this batch's included (db_log_add()).  Any break:
 * every error reported, nothing written, exit 3.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "db.h"
#include "hash.h"
#include "i18n.h"
#include "progress.h"
#include "replay.h"
#include "sheet.h"
#include "text.h"

/* What the command line says, for either form. */
struct delegate_args {
	struct sheet_opts	 sheet;		/* --file FILE and its options */
	const char		*to, *from, *mode, *document, *effective,
				*note;
	char			**codes;
	int			 ncodes;
};

static struct delegate_args args;

/* The values by hand are trimmed (cmd_opt_trimmed), as a sheet's are. */
const struct opt cmd_delegate_opts[] = {
	OPT_STRING("file", 0, "FILE", N_("the entries of a sheet, CSV or .xlsx, "
	    "or - for standard input"), &args.sheet.file),
	OPT_STRING("csv", 0, "FILE", N_("the same as --file, its older name"),
	    &args.sheet.file),
	OPT_CALLBACK("to", 0, "UNIT", N_("by hand: the unit that receives the "
	    "powers"), &args.to, cmd_opt_trimmed),
	OPT_CALLBACK("from", 0, "UNIT", N_("by hand: the unit that gives them; "
	    "default each power's holder"), &args.from, cmd_opt_trimmed),
	OPT_CALLBACK("mode", 0, "MODE", N_("by hand: delegate (下放), entrust "
	    "(委托), revoke (收回) or cancel (取消)"), &args.mode,
	    cmd_opt_trimmed),
	OPT_CALLBACK("document", 0, "DOC", N_("by hand: the document number "
	    "(文号)"), &args.document, cmd_opt_trimmed),
	OPT_CALLBACK("effective", 0, "DATE", N_("by hand: the date the entries "
	    "take effect"), &args.effective, cmd_opt_trimmed),
	OPT_CALLBACK("note", 0, "TEXT", N_("by hand: a note on each entry"),
	    &args.note, cmd_opt_trimmed),
	OPT_INCLUDE(sheet_opt_table),
	OPT_END
};

/*
 * The options an entry needs, none empty once trimmed (an empty
 * document failed the log's CHECK as exit 5).  Returns -1 to go on, else
 * the exit status.
 */
static int
none_empty(const struct delegate_args *a)
{
	const struct {
		const char	*opt, *value, *what;
	} need[] = {
		{ "--to", a->to, N_("the unit that receives the power") },
		{ "--mode", a->mode, N_("delegate (下放), entrust (委托), revoke "
		    "(收回) or cancel (取消)") },
		{ "--document", a->document, N_("the document number (文号) the "
		    "entries rest on") },
		{ "--effective", a->effective, N_("the date the entries take "
		    "effect") },
	};
	size_t i;

	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		if (*need[i].value != '\0')
			continue;
		warnx(_("delegate: %s is empty: give %s"), need[i].opt,
		    _(need[i].what));
		return EXIT_USAGE;
	}
	return -1;
}

/*
 * Either form, checked before the registry is opened.  Returns -1 to go
 * on, else the exit status.
 */
int
cmd_delegate_check(int argc, char **argv)
{
	const char *csv = args.sheet.file;
	int by_hand, i, status;

	/* The shared options went to sheet_opt_values; no hash as read. */
	args.sheet = sheet_opt_values;
	args.sheet.file = csv;
	args.sheet.hash_as_read = 0;
	args.codes = argv;
	args.ncodes = argc;
	for (i = 0; i < args.ncodes; i++)
		args.codes[i] = text_trim_arg(args.codes[i]);
	by_hand = args.to || args.from || args.mode || args.document || args.effective ||
	    args.note;
	if (args.sheet.file != NULL) {
		if (by_hand || args.ncodes > 0) {
			warnx(_("delegate: --file takes its entries from the file "
			    "alone"));
			return EXIT_USAGE;
		}
		return -1;
	}
	if (args.ncodes == 0 || !args.to || !args.mode || !args.document ||
	    !args.effective) {
		warnx(_("delegate: give --file FILE, or CODE... with --to, --mode, "
		    "--document and --effective"));
		return cmd_usage(current_cmd, 0);
	}
	if ((status = none_empty(&args)) >= 0 ||
	    (status = cmd_entry_texts(args.document, args.note)) >= 0)
		return status;
	args.sheet.file = "command line";
	return -1;
}

int
cmd_entry_texts(const char *document, const char *note)
{
	char why[768];

	/* What a clerk cannot see has no place in the log (exit 2, named). */
	if (text_refusal("--document", document, strlen(document), TEXT_LINE,
	    why, sizeof(why)) != 0 || (note != NULL && text_refusal("--note",
	    note, strlen(note), TEXT_LINES, why, sizeof(why)) != 0)) {
		warnx("%s: %s", current_cmd->name, why);
		return EXIT_USAGE;
	}
	return -1;
}
/* One entry as written, checked and resolved into *ROW.  0 if good. */
struct raw_entry {
	const char	*power, *from, *to, *mode, *document, *effective,
			*note;
};

static int
check_entry(struct sheet *s, long line, const struct raw_entry *raw,
    struct log_row *row, char date[11])
{
	const struct unit_info *u;
	enum mode mode;
	int bad = 0;

	memset(row, 0, sizeof(*row));
	row->power = raw->power;
	row->document = raw->document;
	row->note = raw->note ? raw->note : "";
	if (raw->from != NULL && *raw->from != '\0') {
		if ((u = sheet_unit(s, line, "from", raw->from, ANY_KIND,
		    N_("a unit"))) == NULL)
			bad = 1;
		else
			row->from = u->code;
	}
	if (parse_mode(raw->mode, &mode) != 0) {
		sheet_cell_error(s, line, LOG_COL_MODE, _("unknown mode '%s': delegate (下放), "
		    "entrust (委托), revoke (收回) or cancel (取消)"), raw->mode);
		bad = 1;
		mode = MODE_CANCEL;	/* no second error for its 'to' */
	} else
		row->mode = mode_name(mode);
	/* A cancel gives to no one: its 'to' may be empty (the holder). */
	if (raw->to == NULL || *raw->to == '\0') {
		if (mode != MODE_CANCEL) {
			sheet_cell_error(s, line, LOG_COL_TO, _("empty to (承接单位): give the unit "
			    "that receives the power"));
			bad = 1;
		}
	} else if ((u = sheet_unit(s, line, "to", raw->to, ANY_KIND,
	    N_("a unit"))) == NULL)
		bad = 1;
	else
		row->to = u->code;
	if (parse_date(raw->effective, date) != 0) {
		char why[512];

		date_error("date", raw->effective, s->in != NULL, why,
		    sizeof(why));
		sheet_cell_error(s, line, LOG_COL_EFFECTIVE, "%s", why);
		bad = 1;
	} else
		row->effective = date;
	return bad ? -1 : 0;
}

/* Append one checked entry; a broken rule is reported at LINE. */
static int
add_entry(struct sheet *s, struct db *db, struct db_log *lg, long line,
    const struct log_row *row)
{
	char why[768];
	int rc;

	rc = db_log_add(lg, row, why, sizeof(why));
	if (rc == DB_REJECT) {
		sheet_error(s, line, "%s: %s", row->power, why);
		return DB_OK;
	}
	if (rc != DB_OK)
		warnx("%s: %s", current_cmd->name, db_errmsg(db));
	return rc;
}

/* Entries from the sheet; returns -1 to go on, else the exit status. */
static int
from_sheet(struct sheet *s, struct db *db, struct db_log *lg)
{
	struct progress *bar;
	struct csvin_row r;
	struct log_row row;
	char date[11];
	int got, rc;

	bar = progress_start("delegating", csvin_size(s->in), globals.quiet);
	while ((got = csvin_next(s->in, &r)) == 1) {
		struct raw_entry raw = {
			sheet_field(s, &r, LOG_COL_POWER),
			sheet_field(s, &r, LOG_COL_FROM),
			sheet_field(s, &r, LOG_COL_TO),
			sheet_field(s, &r, LOG_COL_MODE),
			sheet_field(s, &r, LOG_COL_DOCUMENT),
			sheet_field(s, &r, LOG_COL_EFFECTIVE),
			sheet_field(s, &r, LOG_COL_NOTE),
		};

		progress_update(bar, csvin_offset(s->in), r.line);
		if (sheet_check_shape(s, &r, sheet_log_cols, SHEET_LOG_COLS) != 0 ||
		    check_entry(s, r.line, &raw, &row, date) != 0)
			continue;
		if ((rc = add_entry(s, db, lg, r.line, &row)) != DB_OK) {
			progress_end(bar);
			return cmd_db_status(rc);
		}
	}
	progress_end(bar);
	if (got < 0)
		return sheet_reader_failed(s);
	return -1;
}

/*
 * Entries from the command line, one per code; errors name the code.
 * A name in --to or --from that several units bear is refused first, as
 * in every option that names a unit (exit 2, each named with its code);
 * an unknown one stays an error of the entries (exit 3), and the rules
 * check the kinds.
 */
static int
by_hand(struct sheet *s, struct db *db, struct db_log *lg,
    const struct delegate_args *a)
{
	struct log_row row;
	char date[11], to[64] = "", from[64] = "";
	int i, rc, to_status, from_status = -1;

	to_status = a->to ? cmd_unit_unambiguous(db, "--to", a->to, to) : -1;
	if (a->from != NULL && *a->from != '\0')
		from_status = cmd_unit_unambiguous(db, "--from", a->from, from);
	if (to_status >= 0 || from_status >= 0)
		return to_status >= 0 ? to_status : from_status;
	for (i = 0; i < a->ncodes; i++) {
		struct raw_entry raw = {
			a->codes[i], *from ? from : a->from, *to ? to : a->to,
			a->mode, a->document, a->effective, a->note,
		};

		if (check_entry(s, i + 1, &raw, &row, date) != 0)
			continue;
		if ((rc = add_entry(s, db, lg, i + 1, &row)) != DB_OK)
			return cmd_db_status(rc);
	}
	return -1;
}

int
cmd_delegate(int argc, char **argv, struct db *db)
{
	struct sheet s = { .opts = &args.sheet };
	struct db_log *lg = NULL;
	struct log_counts c;
	char batch[96], head[HASH_HEX_LEN + 1];
	long long count;
	int status, rc;

	(void)argc;
	(void)argv;
	if (args.ncodes == 0) {
		if ((status = sheet_open(&s, sheet_log_cols, SHEET_LOG_COLS)) >= 0)
			goto out;
		snprintf(batch, sizeof(batch), "file:%s", csvin_sha256(s.in));
	} else
		snprintf(batch, sizeof(batch), "hand:%s", db_now());
	if ((rc = db_refs_load(db, &s.refs)) != DB_OK ||
	    (rc = db_log_begin(db, batch, globals.by, db_now(), &lg)) != DB_OK) {
		warnx("%s: %s", current_cmd->name, db_errmsg(db));
		status = cmd_db_status(rc);
		goto out;
	}
	status = args.ncodes == 0 ? from_sheet(&s, db, lg) : by_hand(&s, db, lg, &args);
	if (status >= 0)
		goto out;
	if (s.errors > 0) {
		status = sheet_refuse(&s);
		goto out;
	}
	db_log_counts(lg, &c);
	db_log_free(lg);
	lg = NULL;
	/*
	 * The head is read inside the transaction: once COMMIT succeeds
	 * nothing may fail, or a written batch would be reported as not.
	 */
	rc = db_log_head(db, &count, head);
	if (rc == DB_OK && !args.sheet.dry_run)
		rc = db_commit(db);
	if (rc != DB_OK) {
		warnx("%s: %s", current_cmd->name, db_errmsg(db));
		status = cmd_db_status(rc);
		goto out;
	}
	if (!globals.quiet) {
		if (s.in != NULL)
			printf("%s: %s, %s\n", args.sheet.file,
			    csvin_encoding(s.in), csvin_dialect(s.in));
		sheet_print_skipped(&s);
		printf(_("%s%ld entries appended, %ld already logged (skipped)%s\n"),
		    args.sheet.dry_run ? _("dry run: ") : "", c.appended, c.skipped,
		    args.sheet.dry_run ? _("; nothing written") : "");
		printf(_("log: %lld entries, head %s\n"), count,
		    *head ? head : _("(empty)"));
	}
	status = EXIT_DONE;
out:
	db_log_free(lg);
	db_rollback(db);
	sheet_close(&s);
	return status;
}

int
cmd_delegate_hand(struct db *db, const struct hand_entries *h)
{
	memset(&args, 0, sizeof(args));
	args.sheet.file = "command line";
	args.sheet.dry_run = h->dry_run;
	args.codes = h->codes;
	args.ncodes = h->ncodes;
	args.mode = h->mode;
	args.document = h->document;
	args.effective = h->effective;
	args.note = h->note;
	return cmd_delegate(0, NULL, db);
}
