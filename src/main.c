/*
 * powers: a registry of the powers a government level holds and hands down.
 *
 * Global options, the command table and dispatch.  Each command lives in
 * src/cmd_<name>.c; main() opens the registry as the table says, runs the
 * command, closes, and checks that stdout was really written.
 */
#include <err.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "db.h"
#include "text.h"

/* What the three importing commands' --help says of FILE. */
#define SHEET_DETAILS \
	"FILE is a CSV or text file saved by Excel (GB18030, UTF-8 with or\n" \
	"without a BOM, UTF-16 with a BOM), or '-' for standard input; a\n" \
	"device, FIFO or folder is refused.  Headers may be English or\n" \
	"Chinese; title rows above the header, empty rows and empty unnamed\n" \
	"columns are skipped.  Values are trimmed of surrounding white space\n" \
	"(ASCII, U+3000, U+00A0); invisible or control characters, codes in\n" \
	"scientific notation and codes with their leading zeros dropped are\n" \
	"refused.  Any error: exit 3 and nothing written.\n"

static const struct cmd commands[] = {
	{ "init", cmd_init, OPEN_NONE, "init [--timezone ZONE]",
	    "create a registry", NULL },
	{ "migrate", cmd_migrate, OPEN_NONE, "migrate [--status]",
	    "apply pending migrations, or list them", NULL },
	{ "unit import", cmd_unit_import, OPEN_RW,
	    "unit import [--dry-run] [--encoding E] [--delimiter D] "
	    "[--ignore-unknown] FILE",
	    "import units from a spreadsheet",
	    "Columns: code/编码, name/名称, kind/类型, parent/上级, within/所在新城.\n"
	    "Only code is required: an absent column keeps that attribute of\n"
	    "every unit; an empty parent or within clears it.  A new unit needs\n"
	    "a name and a kind; a unit's kind never changes.\n"
	    SHEET_DETAILS },
	{ "import", cmd_import, OPEN_RW,
	    "import [--dry-run] [--encoding E] [--delimiter D] "
	    "[--ignore-unknown] FILE",
	    "import powers from a spreadsheet",
	    "Columns: code/事项编码, name/事项名称, category/事项类型,\n"
	    "department/主管部门, class/事权类别, legal_basis/设定依据,\n"
	    "holder/实施主体, note/备注.  Only code is required: an absent column\n"
	    "keeps that attribute of every power; an empty legal_basis or note\n"
	    "clears it; an empty class or holder keeps the power's.  A new power\n"
	    "needs a name, a category and a department.  A change of holder or\n"
	    "department that would break an entry in the log is refused.\n"
	    SHEET_DETAILS },
	{ "list", cmd_list, OPEN_RO, "list [--unit UNIT] [--kind K] [--department D] [--category C]\n"
	    "                   [--class economic|social] [--as-of DATE] "
	    "[--format F]",
	    "list the powers", NULL },
	{ "delegate", cmd_delegate, OPEN_RW,
	    "delegate --csv FILE [--dry-run] [--encoding E] [--delimiter D] "
	    "[--ignore-unknown]\n"
	    "       powers delegate CODE... --to UNIT --mode MODE --document DOC "
	    "--effective DATE\n"
	    "                       [--from UNIT] [--note TEXT] [--dry-run]",
	    "record delegations, entrustments and revocations",
	    "Columns: power/事项编码, from/原实施主体, to/承接单位, mode/调整方式,\n"
	    "document/依据文号, effective/实施时间, note/备注.  A unit is named by\n"
	    "its code or its exact name; a name several units share is refused.\n"
	    "Dates: YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日, optionally\n"
	    "followed by a midnight time (0:00).\n"
	    SHEET_DETAILS },
	{ "positive-list", cmd_positive_list, OPEN_RO,
	    "positive-list (--unit UNIT | --kind new_city|street_town | "
	    "--department D)\n"
	    "                            [--as-of DATE] [--format F]",
	    "the positive list (正面清单) of a unit, a kind or a department", NULL },
	{ "show", cmd_show, OPEN_RO, "show [--as-of DATE] [--format F] CODE",
	    "one power: attributes, holders, history", NULL },
	{ "diff", cmd_diff, OPEN_RO,
	    "diff --from DATE [--to DATE] [--format F]",
	    "grants gained and lost between two dates", NULL },
	{ "history", cmd_history, OPEN_RO,
	    "history [CODE] [--since DATE] [--until DATE] [--format F]",
	    "the delegation log, readable", NULL },
	{ "stats", cmd_stats, OPEN_RO,
	    "stats [--as-of DATE] [--by new_city|street_town|department] "
	    "[--format table|csv|tsv|json]",
	    "the counts: powers, delegated to new cities, the share", NULL },
	{ "sql", cmd_sql, OPEN_RO,
	    "sql [--format F] [--param NAME=VALUE]... [--timeout SECONDS] QUERY",
	    "read-only ad-hoc SQL", NULL },
	{ "schema", cmd_schema, OPEN_RO, "schema [--format F] [TABLE|VIEW]",
	    "the tables and views, or one's columns, a line on each", NULL },
	{ "export", cmd_export, OPEN_RO,
	    "export [--what powers|grants|log|positive-list] "
	    "[--unit U | --kind K | --department D]\n"
	    "                     [--format csv|tsv|json|xlsx|html] --out FILE "
	    "[--as-of DATE] [--bom] [--raw]\n"
	    "                     [--manifest FILE]",
	    "write a file for scheduled jobs, atomically", NULL },
	{ "backup", cmd_backup, OPEN_RO, "backup FILE",
	    "write a consistent snapshot of the registry", NULL },
	{ "verify", cmd_verify, OPEN_RO, "verify [--expect-head HASH]",
	    "check integrity and the hash chains", NULL },
	{ "head", cmd_head, OPEN_RO, "head",
	    "print the log's entry count and the registry's head hash", NULL },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void
usage_all(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: powers [--db FILE] [-q] [--by NAME] "
	    "[--timeout SECONDS] COMMAND [ARGS]\n"
	    "       powers --version | --help\n\n"
	    "The registry is --db FILE, else $POWERS_DB, else ./powers.db\n"
	    "(a plain path, never a URI; symbolic links followed).\n\n"
	    "Commands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(fp, "  %-14s %s\n", commands[i].name,
		    commands[i].summary);
	fprintf(fp, "\n'powers COMMAND --help' shows a command's options; "
	    "see also powers(1).\n");
}

/*
 * Find the command named by ARGV, one word ("list") or two ("unit
 * import"); *WORDS gets how many it took.
 */
static const struct cmd *
find_command(int argc, char **argv, int *words)
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

/* Flush stdout and report a failed write, so a full disk is not silence. */
static int
finish_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		warn("write error on standard output");
		return status == EXIT_DONE ? EXIT_FAIL : status;
	}
	return status;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "by", required_argument, NULL, 'b' },
		{ "timeout", required_argument, NULL, 't' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd *cmd;
	char *end;
	double secs;
	char msg[768];
	int ch, words, status, by_given = 0;

	setlocale(LC_CTYPE, "C.UTF-8");
	globals.db_path = getenv("POWERS_DB");
	globals.by = getenv("USER");
	while ((ch = getopt_long(argc, argv, "+qh", opts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			globals.db_path = optarg;
			break;
		case 'q':
			globals.quiet = 1;
			break;
		case 'b':
			globals.by = text_trim_arg(optarg);
			by_given = 1;
			break;
		case 't':
			secs = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' || secs < 0 ||
			    secs > 86400) {
				warnx("bad --timeout '%s': seconds expected",
				    optarg);
				return EXIT_USAGE;
			}
			globals.timeout_ms = (int)(secs * 1000);
			break;
		case 'V':
			printf("powers %s\n", POWERS_VERSION);
			return finish_stdout(EXIT_DONE);
		case 'h':
			usage_all(stdout);
			return finish_stdout(EXIT_DONE);
		default:
			usage_all(stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage_all(stderr);
		return EXIT_USAGE;
	}
	if (globals.db_path == NULL || *globals.db_path == '\0')
		globals.db_path = "powers.db";
	if (by_given && *globals.by == '\0') {
		warnx("--by is empty: give the name of who records");
		return EXIT_USAGE;
	}
	if (globals.by == NULL || *globals.by == '\0')
		globals.by = "unknown";
	/* The operator is recorded with every import and entry. */
	if (text_refusal(by_given ? "--by" : "$USER", globals.by,
	    strlen(globals.by), TEXT_LINE, msg, sizeof(msg)) != 0) {
		warnx("%s", msg);
		return EXIT_USAGE;
	}
	if ((cmd = find_command(argc, argv, &words)) == NULL) {
		warnx("unknown command '%s'", argv[0]);
		usage_all(stderr);
		return EXIT_USAGE;
	}
	current_cmd = cmd;
	/* The command sees its last word as argv[0], as getopt expects. */
	argc -= words - 1;
	argv += words - 1;
	optind = 0;

	status = cmd->fn(argc, argv);
	cmd_close();
	return finish_stdout(status);
}
