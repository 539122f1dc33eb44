/*
 * The command table and what every command shares: the global options,
 * running a command as its entry says (its options parsed by its table,
 * the registry opened for it), the mapping of results onto exit
 * statuses, and the parsers of the arguments several commands take
 * (formats, dates, units).
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "db.h"
#include "i18n.h"
#include "import_common.h"
#include "opt.h"
#include "refs.h"
#include "replay.h"
#include "sheet.h"
#include "text.h"

struct globals globals = {
	.timeout_ms = 5000,
};
const struct cmd *current_cmd;

/* What the three importing commands' --help says of FILE. */
static const char sheet_details[] = N_(
	"FILE is a CSV or text file saved by Excel (GB18030, UTF-8 with or\n"
	"without a BOM, UTF-16 with a BOM), or '-' for standard input; a\n"
	"device, FIFO or folder is refused.  Headers may be English or\n"
	"Chinese; title rows above the header, empty rows and empty unnamed\n"
	"columns are skipped.  Values are trimmed of surrounding white space\n"
	"(ASCII, U+3000, U+00A0); invisible or control characters, codes in\n"
	"scientific notation and codes with their leading zeros dropped are\n"
	"refused.  Any error: exit 3 and nothing written.  An .xlsx workbook\n"
	"is read directly (its first sheet, or --sheet NAME|N), known by its\n"
	"content; its errors name the cell (FILE:SHEET!C12).\n");

/* A command's options, checks and more help (struct cmd_spec). */
#define SPEC(opts, check, unopened, details) \
	&(const struct cmd_spec){ opts, check, unopened, details, NULL }
/* The same for a command that reads a sheet: sheet_details follow. */
#define SPEC_SHEET(opts, check, unopened, details) \
	&(const struct cmd_spec){ opts, check, unopened, details, sheet_details }

static const struct cmd commands[] = {
	{ "init", cmd_init, OPEN_NONE, "init [--timezone ZONE]",
	    N_("create a registry"),
	    SPEC(cmd_init_opts, cmd_init_check, NULL, NULL) },
	{ "migrate", cmd_migrate, OPEN_NONE, "migrate [--status]",
	    N_("apply pending migrations, or list them"),
	    SPEC(cmd_migrate_opts, NULL, NULL, NULL) },
	{ "unit import", cmd_unit_import, OPEN_RW,
	    "unit import [--dry-run] [--encoding E] [--delimiter D] "
	    "[--ignore-unknown] [--sheet S]\n"
	    "                   [--effective DATE | --correction] FILE",
	    N_("import units from a spreadsheet"),
	    SPEC_SHEET(import_opt_table, import_file_operand, NULL,
	    N_("Columns: code/编码, name/名称, kind/类型, parent/上级, within/所在新城.\n"
	    "Only code is required: an absent column keeps that attribute of\n"
	    "every unit; an empty parent or within clears it.  A new unit needs\n"
	    "a name and a kind; a unit's kind never changes.\n")) },
	{ "unit list", cmd_unit_list, OPEN_RO,
	    "unit list [--as-of DATE] [--kind K] [--format F]",
	    N_("every unit and the number of powers it exercises"),
	    SPEC(cmd_unit_list_opts, NULL, NULL,
	    N_("A new city or street/town exercises the powers it was given and\n"
	    "holds on the date (its positive list); the New Area or a department\n"
	    "the powers it holds that no unit was given.\n")) },
	{ "unit show", cmd_unit_show, OPEN_RO,
	    "unit show [--as-of DATE] [--format F] UNIT",
	    N_("one unit: attributes, powers, history, changes"),
	    SPEC(cmd_unit_show_opts, cmd_show_check, NULL,
	    N_("UNIT is a code or an exact name; a name several units share is\n"
	    "refused, and an unknown unit exits 2.\n")) },
	{ "unit retire", cmd_unit_retire, OPEN_RW,
	    "unit retire UNIT --effective DATE --document DOC [--note TEXT] "
	    "[--dry-run]",
	    N_("end a unit's membership from a date (handed back)"),
	    SPEC(cmd_unit_retire_opts, cmd_unit_retire_check, NULL,
	    N_("A new city or a street/town only.  Each grant live to UNIT on DATE\n"
	    "ends that day by a revoke entry from its giver on DOC; no grant to\n"
	    "it may take effect on or after DATE (one dated before is ended on\n"
	    "DATE with it), and as of DATE on it is in no positive list by kind\n"
	    "and no stats by unit; unit list shows it retired.  Before DATE\n"
	    "every answer is as it was.  The retirement is an import run of units\n"
	    "(unit_retirements), covered by head and verify.  The New Area, a\n"
	    "department, a unit retired already or with an entry of its own on or\n"
	    "after DATE: exit 3.\n")) },
	{ "import", cmd_import, OPEN_RW,
	    "import [--dry-run] [--encoding E] [--delimiter D] "
	    "[--ignore-unknown] [--sheet S]\n"
	    "                   [--effective DATE | --correction] FILE",
	    N_("import powers from a spreadsheet"),
	    SPEC_SHEET(import_opt_table, import_file_operand, NULL,
	    N_("Columns: code/事项编码, name/事项名称, category/事项类型,\n"
	    "department/主管部门, class/事权类别, legal_basis/设定依据,\n"
	    "holder/实施主体, note/备注.  Only code is required: an absent column\n"
	    "keeps that attribute of every power; an empty legal_basis or note\n"
	    "clears it; an empty class or holder keeps the power's.  A new power\n"
	    "needs a name, a category and a department.  A change of holder or\n"
	    "department that would break an entry in the log is refused.\n")) },
	{ "undo", cmd_undo, OPEN_RW, "undo [--dry-run] import:N | entry:SEQ",
	    N_("append the events that reverse an import run or a batch"),
	    SPEC(cmd_undo_opts, cmd_undo_check, NULL,
	    N_("import:N is an import run (imports_readable), entry:SEQ the batch\n"
	    "of the log that recorded entry SEQ (history).  An import run is\n"
	    "undone by a run of its own that changes each attribute back from\n"
	    "the same date; a batch by entries that reverse each entry on its\n"
	    "date (a revoke of each grant it made, a grant again of each it\n"
	    "ended).  Afterwards every answer, as of any date, is as before the\n"
	    "run; the undo is a run too, and can be undone.  Nothing is deleted.\n"
	    "Refused (exit 3), naming them: later changes or entries that rest on\n"
	    "it, rows it added, a retirement, a cancellation, a correction made\n"
	    "over dated changes.\n")) },
	{ "list", cmd_list, OPEN_RO, "list [--unit UNIT] [--kind K] [--department D] [--category C]\n"
	    "                   [--class economic|social] [--as-of DATE] "
	    "[--format F]",
	    N_("list the powers"),
	    SPEC(cmd_list_opts, NULL, NULL, NULL) },
	{ "delegate", cmd_delegate, OPEN_RW,
	    "delegate --file FILE [--dry-run] [--encoding E] [--delimiter D] "
	    "[--ignore-unknown] [--sheet S]\n"
	    "       powers delegate CODE... --to UNIT --mode MODE --document DOC "
	    "--effective DATE\n"
	    "                       [--from UNIT] [--note TEXT] [--dry-run]",
	    N_("record delegations, entrustments and revocations"),
	    SPEC_SHEET(cmd_delegate_opts, cmd_delegate_check, NULL,
	    N_("Columns: power/事项编码, from/原实施主体, to/承接单位, mode/调整方式,\n"
	    "document/依据文号, effective/实施时间, note/备注.  A unit is named by\n"
	    "its code or its exact name; a name several units share is refused.\n"
	    "Dates: YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日, optionally\n"
	    "followed by a midnight time (0:00).\n")) },
	{ "cancel", cmd_cancel, OPEN_RW,
	    "cancel CODE... --effective DATE --document DOC [--note TEXT] "
	    "[--dry-run]",
	    N_("cancel powers (取消) from a date"),
	    SPEC(cmd_cancel_opts, cmd_cancel_check, NULL,
	    N_("From DATE on, each power is in no list and no count, its live\n"
	    "grants end that day, and no later entry of it is accepted.  The\n"
	    "cancellation is an entry of the log (mode cancel, from and to the\n"
	    "power's holder), shown by history and checked by verify.  A sheet\n"
	    "given to 'delegate --csv' cancels with the mode cancel (取消) and\n"
	    "an empty to.  An unknown or cancelled power: exit 3.\n")) },
	{ "positive-list", cmd_positive_list, OPEN_RO,
	    "positive-list (--unit UNIT | --kind new_city|street_town | "
	    "--department D)\n"
	    "                            [--as-of DATE] [--as-recorded DATE] [--format F]",
	    N_("the positive list (正面清单) of a unit, a kind or a department"),
	    SPEC(cmd_positive_list_opts, cmd_positive_list_check, NULL,
	    CMD_TWO_TIMES) },
	{ "show", cmd_show, OPEN_RO, "show [--as-of DATE] [--as-recorded DATE] [--format F] CODE",
	    N_("one power: attributes, holders, history"),
	    SPEC(cmd_show_opts, cmd_show_check, NULL, NULL) },
	{ "diff", cmd_diff, OPEN_RO,
	    "diff --from DATE [--to DATE] [--unit UNIT] [--as-recorded DATE] "
	    "[--format F]",
	    N_("grants gained and lost between two dates"),
	    SPEC(cmd_diff_opts, cmd_diff_check, NULL,
	    N_("With --unit, the grants given to UNIT or by it that changed, each\n"
	    "with the entry that made the change: its mode, document, date, seq\n"
	    "and who recorded it.  UNIT is a code or an exact name.\n")) },
	{ "history", cmd_history, OPEN_RO,
	    "history [CODE] [--unit UNIT] [--since DATE] [--until DATE] "
	    "[--as-recorded DATE]\n"
	    "                     [--format F]",
	    N_("the delegation log, readable"),
	    SPEC(cmd_history_opts, cmd_history_check, NULL,
	    N_("--unit UNIT keeps the entries to UNIT or from it (a code or an\n"
	    "exact name; a name several units share is refused).\n")) },
	{ "stats", cmd_stats, OPEN_RO,
	    "stats [--as-of DATE] [--as-recorded DATE] "
	    "[--by new_city|street_town|department]\n"
	    "                   [--format table|csv|tsv|json|markdown]",
	    N_("the counts: powers, delegated to new cities, the share"),
	    SPEC(cmd_stats_opts, NULL, NULL, CMD_TWO_TIMES) },
	{ "sql", cmd_sql, OPEN_RO,
	    "sql [--format F] [--param NAME=VALUE]... [--timeout SECONDS] QUERY",
	    N_("read-only ad-hoc SQL"),
	    SPEC(cmd_sql_opts, cmd_sql_check, NULL, NULL) },
	{ "schema", cmd_schema, OPEN_RO, "schema [--format F] [TABLE|VIEW]",
	    N_("the tables and views, or one's columns, a line on each"),
	    SPEC(cmd_schema_opts, cmd_schema_check, NULL, NULL) },
	{ "export", cmd_export, OPEN_RO,
	    "export [--what powers|grants|log|positive-list] "
	    "[--unit U | --kind K | --department D]\n"
	    "                     [--format csv|tsv|json|xlsx|html] --out FILE "
	    "[--as-of DATE] [--as-recorded DATE]\n"
	    "                     [--bom] [--raw]"
	    " [--manifest FILE] [--labels zh|en] [--title TEXT]\n"
	    "                     [--issuer TEXT]",
	    N_("write a file for scheduled jobs, atomically"),
	    SPEC(cmd_export_opts, cmd_export_check, NULL,
	    CMD_TWO_TIMES) },
	{ "backup", cmd_backup, OPEN_RO, "backup FILE",
	    N_("write a consistent snapshot of the registry"),
	    SPEC(NULL, cmd_backup_check, NULL, NULL) },
	{ "verify", cmd_verify, OPEN_RO, "verify [--expect-head HASH | --since HASH]",
	    N_("check integrity and the hash chains"),
	    SPEC(cmd_verify_opts, cmd_verify_check, cmd_verify_unopened,
	    NULL) },
	{ "head", cmd_head, OPEN_RO, "head",
	    N_("print the log's entry count and the registry's head hash"), NULL },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

const struct cmd *
cmd_find(int argc, char **argv, int *words)
{
	size_t i, n;

	for (i = 0; i < NCOMMANDS; i++) {
		const char *name = commands[i].name;
		const char *space = strchr(name, ' ');

		if (space == NULL) {
			if (strcmp(argv[0], name) == 0) {
				*words = 1;
				return &commands[i];
			}
			continue;
		}
		n = (size_t)(space - name);
		if (argc >= 2 && strncmp(argv[0], name, n) == 0 &&
		    argv[0][n] == '\0' && strcmp(argv[1], space + 1) == 0) {
			*words = 2;
			return &commands[i];
		}
	}
	return NULL;
}

void
cmd_list_all(FILE *fp)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		fprintf(fp, "  %-14s %s\n", commands[i].name,
		    _(commands[i].summary));
}

int
cmd_usage(const struct cmd *cmd, int help)
{
	fprintf(help ? stdout : stderr, _("usage: powers %s\n"), cmd->usage);
	if (!help)
		return EXIT_USAGE;
	printf(_("\nOptions:\n"));
	opt_print_help(cmd->spec && cmd->spec->opts ? cmd->spec->opts :
	    (const struct opt[]){ OPT_END }, stdout);
	if (cmd->spec != NULL && cmd->spec->details != NULL)
		printf("\n%s", _(cmd->spec->details));
	if (cmd->spec != NULL && cmd->spec->more != NULL)
		printf("%s", _(cmd->spec->more));
	return EXIT_DONE;
}

int
cmd_db_status(int rc)
{
	switch (rc) {
	case DB_OK:
		return EXIT_DONE;
	case DB_BUSY:
		return EXIT_BUSY;
	case DB_REJECT:
		return EXIT_INPUT;
	case DB_DAMAGED:
		return EXIT_CHECK;
	default:
		return EXIT_FAIL;
	}
}

int
cmd_parse_format(const char *name, enum out_format *format)
{
	if (out_format_parse(name, format) == 0)
		return 0;
	warnx(_("%s: unknown format '%s'"), current_cmd->name, name);
	return -1;
}

int
cmd_parse_date(const char *opt, const char *s, char out[11])
{
	char why[512];

	if (parse_date(s, out) == 0)
		return 0;
	date_error(opt, s, 0, why, sizeof(why));
	warnx("%s: %s", current_cmd->name, why);
	return -1;
}

int
cmd_end_write(struct db *db, int rc, const char *why, int dry_run,
    long long *count, char head[65])
{
	if (rc == DB_REJECT) {
		warnx("%s: %s", current_cmd->name, why);
		return rc;
	}
	if (rc == DB_OK)
		rc = db_log_head(db, count, head);
	if (rc == DB_OK && !dry_run)
		rc = db_commit(db);
	if (rc != DB_OK)
		warnx("%s: %s", current_cmd->name, db_errmsg(db));
	return rc;
}

char cmd_as_recorded[11];

int
cmd_today(struct db *db, char out[11])
{
	int rc;

	db_set_as_recorded(db, cmd_as_recorded[0] != '\0' ? cmd_as_recorded :
	    NULL);
	if (cmd_as_recorded[0] != '\0') {
		char today[11];

		if ((rc = db_today(db, today)) != DB_OK)
			goto failed;
		/* A later day's registry is not known yet: no answer is. */
		if (strcmp(cmd_as_recorded, today) > 0) {
			warnx(_("%s: --as-recorded %s is after today (%s): the "
			    "registry as it will stand then is not known; give "
			    "today or an earlier day"), current_cmd->name,
			    cmd_as_recorded, today);
			return EXIT_USAGE;
		}
	}
	if (out[0] != '\0' || (rc = db_today(db, out)) == DB_OK)
		return -1;
failed:
	warnx("%s: %s", current_cmd->name, db_errmsg(db));
	return cmd_db_status(rc);
}

int
cmd_answer_as_of(struct db *db, char day[11])
{
	int rc, status;

	if ((status = cmd_today(db, day)) >= 0)
		return status;
	if ((rc = db_as_of(db, day)) == DB_OK)
		return -1;
	warnx("%s: %s", current_cmd->name, db_errmsg(db));
	return cmd_db_status(rc);
}

/* Units named in a message as they come: "NAME (CODE, KIND), ...". */
struct unit_list {
	FILE	*fp;		/* open_memstream(); NULL when out of memory */
	int	 n;
};

static void
unit_list_add(void *arg, const char *code, const char *name,
    const char *kind)
{
	struct unit_list *l = arg;

	if (l->fp != NULL)
		fprintf(l->fp, "%s%s (%s, %s)", l->n > 0 ? ", " : "", name, code,
		    kind);
	l->n++;
}

/*
 * Resolve REF to a unit of one of the kinds in WANT (a comma list);
 * CODE gets its code.  A name that several units bear is never guessed:
 * each is named with its code.  An unknown REF is an error when
 * UNKNOWN_IS_ERROR is set, else CODE gets "".
 * Returns -1 to go on, else the exit status.
 */
static int
resolve_unit(struct db *db, const char *opt, const char *ref,
    const char *want, char *code, int unknown_is_error)
{
	enum { NEAR = 5 };	/* units suggested for an unknown one */
	struct unit_list l = { NULL, 0 };
	char kind[64], *text = NULL;
	enum unit_kind k;
	size_t len = 0;
	int rc, status = -1, total = 0, unknown;

	l.fp = open_memstream(&text, &len);
	rc = db_unit_lookup(db, ref, code, kind, unit_list_add, &l);
	if ((unknown = rc == DB_REJECT) && unknown_is_error)
		rc = db_unit_near(db, ref, NEAR, unit_list_add, &l, &total);
	if (l.fp != NULL && fclose(l.fp) != 0) {
		free(text);
		text = NULL;
	}
	if (rc == DB_AMBIGUOUS) {
		warnx(_("%s: %s '%s' names several units: %s: give the code"),
		    current_cmd->name, opt, ref, text ? text : "(out of memory)");
		status = EXIT_USAGE;
	} else if (unknown && !unknown_is_error) {
		*code = '\0';
	} else if (rc != DB_OK) {
		warnx("%s: %s", current_cmd->name, db_errmsg(db));
		status = cmd_db_status(rc);
	} else if (unknown) {
		if (total > 0 && text != NULL && total > NEAR)
			warnx(_("%s: %s: unknown unit '%s': did you mean %s (or %d "
			    "more)?"), current_cmd->name, opt, ref, text,
			    total - NEAR);
		else if (total > 0 && text != NULL)
			warnx(_("%s: %s: unknown unit '%s': did you mean %s?"),
			    current_cmd->name, opt, ref, text);
		else
			warnx(_("%s: %s: unknown unit '%s'"), current_cmd->name,
			    opt, ref);
		status = EXIT_USAGE;
	} else if (want != NULL && strstr(want, kind) == NULL) {
		warnx(_("%s: %s: '%s' is a %s, not a %s%s"), current_cmd->name, opt,
		    ref, parse_kind(kind, &k) == 0 ? kind_word(k) : kind, _(want),
		    strcmp(kind, "department") == 0 ? _(" (use --department)") :
		    "");
		status = EXIT_USAGE;
	}
	free(text);
	return status;
}

int
cmd_resolve_unit(struct db *db, const char *opt, const char *ref,
    const char *want, char *code)
{
	return resolve_unit(db, opt, ref, want, code, 1);
}

int
cmd_unit_unambiguous(struct db *db, const char *opt, const char *ref,
    char *code)
{
	return resolve_unit(db, opt, ref, NULL, code, 0);
}

int
cmd_parse(const struct cmd *cmd, const struct opt *opts, int argc,
    char **argv, int *first)
{
	static const struct opt none[] = { OPT_END };

	switch (opt_parse(opts ? opts : none, argc, argv, 0, first)) {
	case OPT_OK:
		return -1;
	case OPT_HELP:
		return cmd_usage(cmd, 1);
	case OPT_UNKNOWN:
		return cmd_usage(cmd, 0);
	default:
		return EXIT_USAGE;
	}
}

/*
 * The registry is opened once the options and operands are checked, so
 * that a usage error is reported as one, not as a missing registry, and
 * --help needs none.
 */
int
cmd_run(const struct cmd *cmd, int argc, char **argv)
{
	const struct cmd_spec *spec = cmd->spec;
	struct db *db = NULL;
	int first, rc, status;

	current_cmd = cmd;
	if ((status = cmd_parse(cmd, spec ? spec->opts : NULL, argc, argv,
	    &first)) >= 0)
		return status;
	argc -= first;
	argv += first;
	if (spec != NULL && spec->check != NULL)
		status = spec->check(argc, argv);
	else if (argc > 0)
		status = cmd_usage(cmd, 0);
	if (status >= 0)
		return status;
	if (cmd->open != OPEN_NONE) {
		rc = db_open(&db, globals.db_path, cmd->open == OPEN_RO ?
		    DB_READ : DB_WRITE, globals.timeout_ms);
		if (rc != DB_OK) {
			warnx("%s", db_errmsg(db));
			db_close(db);
			status = cmd_db_status(rc);
			return spec && spec->unopened ? spec->unopened(status) :
			    status;
		}
	}
	status = cmd->fn(argc, argv, db);
	db_close(db);
	return status;
}

int
cmd_opt_format(const struct opt *o, const char *arg)
{
	if (arg == NULL) {
		*(enum out_format *)o->value = OUT_TABLE;
		return 0;
	}
	return cmd_parse_format(arg, o->value);
}

int
cmd_opt_date(const struct opt *o, const char *arg)
{
	char opt[64];

	if (arg == NULL) {
		*(char *)o->value = '\0';
		return 0;
	}
	snprintf(opt, sizeof(opt), "--%s", o->name);
	return cmd_parse_date(opt, arg, o->value);
}

int
cmd_opt_quiet(const struct opt *o, const char *arg)
{
	(void)o;
	/* Not reset: the global -q holds for the command too. */
	if (arg != NULL)
		globals.quiet = 1;
	return 0;
}

/* Trimmed, as a sheet's values are, so that the same entry is one. */
int
cmd_opt_trimmed(const struct opt *o, const char *arg)
{
	*(const char **)o->value = arg ? text_trim_arg((char *)arg) : NULL;
	return 0;
}

int
cmd_opt_kind(const struct opt *o, const char *arg)
{
	enum unit_kind kind;

	if (arg == NULL)
		*(const char **)o->value = NULL;
	else if (parse_kind(arg, &kind) != 0) {
		warnx(_("%s: unknown kind '%s'"), current_cmd->name, arg);
		return -1;
	} else
		*(const char **)o->value = kind_name(kind);
	return 0;
}

int
cmd_opt_scope(const struct opt *o, const char *arg)
{
	struct cmd_scope *s = o->value;

	if (arg == NULL) {
		memset(s, 0, sizeof(*s));
		return 0;
	}
	if (strcmp(o->name, "unit") == 0)
		s->unit = arg;
	else if (strcmp(o->name, "department") == 0)
		s->dept = arg;
	else if (strcmp(arg, "new_city") != 0 &&
	    strcmp(arg, "street_town") != 0) {
		warnx(_("%s: --kind: new_city or street_town, not '%s'"),
		    current_cmd->name, arg);
		return -1;
	} else
		s->kind = arg;
	s->given++;
	return 0;
}
