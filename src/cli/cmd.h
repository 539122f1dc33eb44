#ifndef CMD_H
#define CMD_H

#include <stdio.h>

#include "i18n.h"
#include "opt.h"
#include "out.h"

struct db;

/*
 * Exit status, as ../shared/domain.md fixes it: scripts outside this
 * repository rely on each number.
 */
enum exit_status {
	EXIT_DONE = 0,		/* done */
	EXIT_CHECK = 1,		/* a check said no: verify found damage */
	EXIT_USAGE = 2,		/* unknown command or option, bad argument */
	EXIT_INPUT = 3,		/* input rejected; nothing was written */
	EXIT_BUSY = 4,		/* registry locked past the timeout: retry */
	EXIT_FAIL = 5		/* I/O, a missing file, a database error */
};

/* How cmd_run() opens the registry before running a command. */
enum cmd_open {
	OPEN_NONE,	/* the command opens it itself: init, migrate */
	OPEN_RO,	/* read-only: queries */
	OPEN_RW		/* read-write, schema current: writers */
};

/*
 * A command, as the table in cmd.c has it.  cmd_run() parses the options
 * by SPEC->opts, runs SPEC->check on the operands (before the registry is
 * opened, so that a usage error is reported as one, not as a missing
 * registry), opens the registry as OPEN says, and runs FN on the operands
 * with it (NULL for OPEN_NONE).  FN and the check see the operands alone:
 * ARGV[0] is the first.
 */
struct cmd_spec;
struct cmd {
	const char	*name;		/* "unit import", "positive-list" */
	int		(*fn)(int argc, char **argv, struct db *);
	enum cmd_open	 open;
	const char	*usage;		/* after "usage: powers " */
	const char	*summary;	/* one line for --help, marked N_() */
	const struct cmd_spec *spec;	/* NULL: no options, no operands */
};
struct cmd_spec {
	const struct opt *opts;		/* its options; NULL: none but --help */
	/* The operands and the options together: -1 to go on, else the
	   exit status, the problem reported.  NULL: no operands. */
	int		(*check)(int argc, char **argv);
	/* When the registry does not open: the exit status, given the
	   status of the failure (reported already).  NULL: that status. */
	int		(*unopened)(int status);
	const char	*details;	/* more lines for COMMAND --help, or NULL;
					   marked N_(), translated when printed */
	const char	*more;		/* lines after them, or NULL: the same
					   text of several commands */
};

/* Global options that commands read. */
struct globals {
	const char	*db_path;
	int		 quiet;
	const char	*by;		/* operator: --by, else $USER */
	int		 timeout_ms;	/* busy timeout */
	int		 after_last;	/* --after-last-record */
};
extern struct globals globals;

/*
 * The command ARGV names, one word ("list") or two ("unit import");
 * *WORDS gets how many it took.  NULL when none.
 */
const struct cmd *cmd_find(int argc, char **argv, int *words);
/* Every command, a line each, for 'powers --help'. */
void	cmd_list_all(FILE *);
/*
 * Run CMD on ARGV (ARGV[0] its last word) as its entry says: parse the
 * options, check, open the registry, run, close.  The exit status.
 */
int	cmd_run(const struct cmd *, int argc, char **argv);
/*
 * Parse ARGV by OPTS for CMD: -1 to go on (*FIRST the first operand),
 * else the exit status (--help printed, or a usage error reported).
 */
int	cmd_parse(const struct cmd *, const struct opt *opts, int argc,
	    char **argv, int *first);

/*
 * Print the usage line of CMD to stderr and return EXIT_USAGE; with
 * HELP, print it, its options and its details to stdout and return
 * EXIT_DONE.
 */
int	cmd_usage(const struct cmd *, int help);
/* The command that is running, for messages. */
extern const struct cmd *current_cmd;
/* The exit status for a db layer result (DB_BUSY gives EXIT_BUSY ...). */
int	cmd_db_status(int rc);
/*
 * End a write of the db layer that gave RC (DB_REJECT with WHY): read
 * the log's head into *COUNT and HEAD inside the transaction (after
 * COMMIT nothing may fail), then commit unless DRY_RUN; report a refusal
 * or a failure.  Returns RC as it ends: DB_OK when the summary is due.
 * The caller rolls back (a dry run, a failure) and maps RC to a status.
 */
int	cmd_end_write(struct db *, int rc, const char *why, int dry_run,
	    long long *count, char head[65]);

/*
 * Whether TARGET names the registry or a file SQLite keeps beside it
 * (target.c): renaming over one would destroy it.
 */
int	cmd_is_registry(const char *target);
/*
 * Whether TARGET, given to CMD's OPT ("--out", NULL for backup's FILE),
 * is a node that is not a regular file: refused, and said.
 */
int	cmd_refused(const char *cmd, const char *opt, const char *target);

/* The options several commands share (cmd.c); see opt.h. */
opt_fn	cmd_opt_format;		/* VALUE: an enum out_format * */
opt_fn	cmd_opt_date;		/* VALUE: a char[11], YYYY-MM-DD or "" */
opt_fn	cmd_opt_quiet;		/* sets globals.quiet; a reset leaves it */
opt_fn	cmd_opt_trimmed;	/* VALUE: a const char **, trimmed */
/* VALUE: a const char **, a kind's English name; any of the four kinds. */
opt_fn	cmd_opt_kind;
/*
 * --unit, --kind and --department of a positive list (and an export's):
 * each is counted as it comes, for "give one of them".  A --kind other
 * than new_city or street_town is refused.
 */
struct cmd_scope {
	const char	*unit, *kind, *dept;
	int		 given;
};
opt_fn	cmd_opt_scope;		/* VALUE: a struct cmd_scope *, by name */
/* HELP: the line of --help, which names the formats. */
#define CMD_FORMATS	N_("output format: table, csv, tsv, json or markdown")
#define CMD_OPT_FORMAT(v, help) \
	OPT_CALLBACK("format", 'f', "F", help, v, cmd_opt_format)
/*
 * --as-of DATE into V, and beside it --as-recorded DATE, which every
 * command that takes --as-of takes: cmd_today() hands it to the registry.
 */
extern char cmd_as_recorded[11];
/* --as-recorded alone, for the commands that take no --as-of. */
#define CMD_OPT_AS_RECORDED \
	OPT_CALLBACK("as-recorded", 0, "DATE", N_("the registry as it stood " \
	    "at the end of DATE in its time zone; default now"), \
	    cmd_as_recorded, cmd_opt_date)
/*
 * Make the queries that follow answer as of DAY (empty: today, filled
 * in) and as --as-recorded says, for a command whose queries name no
 * :as_of (history, diff).  Returns -1 to go on, else the exit status.
 */
int	cmd_answer_as_of(struct db *, char day[11]);
/* What --help says of the two times, with an example. */
#define CMD_TWO_TIMES \
	N_("Two times: --as-of DATE is the day the answer is about (default\n" \
	"today); --as-recorded DATE answers as the registry stood at the end\n" \
	"of that day, before what was recorded later (default now).  A list\n" \
	"published on 2022-03-03 is made again, byte for byte, after later\n" \
	"corrections with:\n" \
	"  powers export --what positive-list --unit FDXC --as-of 2022-03-03 \\\n" \
	"      --as-recorded 2022-03-03 --out fdxc.csv\n")
#define CMD_OPT_AS_OF(v) \
	OPT_CALLBACK("as-of", 0, "DATE", N_("as of DATE; default today in " \
	    "the registry's time zone"), v, cmd_opt_date), \
	OPT_CALLBACK("as-recorded", 0, "DATE", N_("the registry as it stood " \
	    "at the end of DATE in its time zone; default now"), \
	    cmd_as_recorded, cmd_opt_date)
#define CMD_OPT_QUIET \
	OPT_CALLBACK("quiet", 'q', NULL, N_("print nothing but errors"), NULL, \
	    cmd_opt_quiet)

/*
 * The commands, each in its cmd_<name>.c with its table of options and
 * the check of its operands.
 */
int	cmd_init(int, char **, struct db *);
extern const struct opt cmd_init_opts[];
int	cmd_init_check(int, char **);
int	cmd_migrate(int, char **, struct db *);
extern const struct opt cmd_migrate_opts[];
void	cmd_say_applied(int number, const char *name, void *arg);
int	cmd_unit_import(int, char **, struct db *);
int	cmd_import(int, char **, struct db *);
int	cmd_list(int, char **, struct db *);
extern const struct opt cmd_list_opts[];
int	cmd_delegate(int, char **, struct db *);
extern const struct opt cmd_delegate_opts[];
int	cmd_delegate_check(int, char **);
/*
 * Entries by hand, one of MODE for each of the NCODES CODES, recorded as
 * 'delegate CODE...' records them, in one batch: cancel's.  TO and FROM
 * may be NULL (each power's holder).  Returns the exit status.
 */
struct hand_entries {
	char		**codes;
	int		 ncodes;
	const char	*to, *from, *mode, *document, *effective, *note;
	int		 dry_run;
};
int	cmd_delegate_hand(struct db *, const struct hand_entries *);
/*
 * --document and --note (may be NULL) as the log takes them: nothing a
 * clerk cannot see.  Returns -1 to go on, else EXIT_USAGE, said.
 */
int	cmd_entry_texts(const char *document, const char *note);
int	cmd_cancel(int, char **, struct db *);
extern const struct opt cmd_cancel_opts[];
int	cmd_cancel_check(int, char **);
int	cmd_positive_list(int, char **, struct db *);
extern const struct opt cmd_positive_list_opts[];
int	cmd_positive_list_check(int, char **);
int	cmd_unit_list(int, char **, struct db *);
extern const struct opt cmd_unit_list_opts[];
int	cmd_unit_show(int, char **, struct db *);
extern const struct opt cmd_unit_show_opts[];
int	cmd_undo(int, char **, struct db *);
extern const struct opt cmd_undo_opts[];
int	cmd_undo_check(int, char **);
int	cmd_unit_retire(int, char **, struct db *);
extern const struct opt cmd_unit_retire_opts[];
int	cmd_unit_retire_check(int, char **);
int	cmd_show(int, char **, struct db *);
extern const struct opt cmd_show_opts[];
int	cmd_show_check(int, char **);
int	cmd_diff(int, char **, struct db *);
extern const struct opt cmd_diff_opts[];
int	cmd_diff_check(int, char **);
int	cmd_history(int, char **, struct db *);
extern const struct opt cmd_history_opts[];
int	cmd_history_check(int, char **);
int	cmd_stats(int, char **, struct db *);
extern const struct opt cmd_stats_opts[];
int	cmd_sql(int, char **, struct db *);
extern const struct opt cmd_sql_opts[];
int	cmd_sql_check(int, char **);
int	cmd_schema(int, char **, struct db *);
extern const struct opt cmd_schema_opts[];
int	cmd_schema_check(int, char **);
int	cmd_export(int, char **, struct db *);
extern const struct opt cmd_export_opts[];
int	cmd_export_check(int, char **);
int	cmd_backup(int, char **, struct db *);
int	cmd_backup_check(int, char **);
int	cmd_verify(int, char **, struct db *);
extern const struct opt cmd_verify_opts[];
int	cmd_verify_check(int, char **);
int	cmd_head(int, char **, struct db *);
int	cmd_verify_unopened(int status);

/* Parse --format NAME, warning when unknown; 0 or -1. */
int	cmd_parse_format(const char *name, enum out_format *format);

/* Parse a date option into OUT (YYYY-MM-DD), warning when bad; 0 or -1. */
int	cmd_parse_date(const char *opt, const char *s, char out[11]);
/*
 * Resolve the unit REF given to option OPT: CODE (64 bytes) gets its code;
 * WANT (may be NULL) names the kinds allowed ("new_city or street_town").
 * A code wins over a name; a name that several units bear is refused,
 * each named with its code; an unknown REF is refused with the units
 * whose names come close.  Returns -1 to go on, else the exit status, the
 * error reported (EXIT_USAGE for all three).
 */
int	cmd_resolve_unit(struct db *, const char *opt, const char *ref,
	    const char *want, char *code);
/*
 * The same for an option whose unknown units the caller reports itself
 * (delegate by hand, as a line of input): CODE gets "" when REF names no
 * unit; a name that several units bear is still refused here (exit 2).
 */
int	cmd_unit_unambiguous(struct db *, const char *opt, const char *ref,
	    char *code);
/*
 * Today, YYYY-MM-DD in the registry's time zone, into OUT unless OUT holds
 * a date already (an --as-of given; start it empty).  Returns -1 to go on,
 * else the exit status, the error reported.
 */
int	cmd_today(struct db *, char out[11]);

#endif
