#ifndef CMD_H
#define CMD_H

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

/* How main() opens the registry before running a command. */
enum cmd_open {
	OPEN_NONE,	/* the command opens it itself (init) */
	OPEN_RO,	/* read-only: queries */
	OPEN_RW		/* read-write, schema current: writers */
};

struct cmd {
	const char	*name;		/* "unit import", "positive-list" */
	int		(*fn)(int argc, char **argv);
	enum cmd_open	 open;
	const char	*usage;		/* after "usage: powers " */
	const char	*summary;	/* one line for --help */
	const char	*details;	/* more lines for COMMAND --help, or NULL */
};

/* Global options that commands read. */
struct globals {
	const char	*db_path;
	int		 quiet;
	const char	*by;		/* operator: --by, else $USER */
	int		 timeout_ms;	/* busy timeout */
};
extern struct globals globals;

/*
 * Print the usage line of the running command to stderr and return
 * EXIT_USAGE; with HELP, print it to stdout and return EXIT_DONE.
 */
int	cmd_usage(const struct cmd *, int help);
/* The command that is running, for messages. */
extern const struct cmd *current_cmd;
/*
 * Open the registry as the running command's table entry says, once its
 * options are parsed (so that a usage error is reported as one, not as a
 * missing registry).  NULL, the error reported and *STATUS set, on
 * failure.  main() closes it with cmd_close() after the command.
 */
struct db	*cmd_open(int *status);
void		 cmd_close(void);
/* The exit status for a db layer result (DB_BUSY gives EXIT_BUSY ...). */
int	cmd_db_status(int rc);

int	cmd_init(int, char **);
int	cmd_migrate(int, char **);
int	cmd_unit_import(int, char **);
int	cmd_import(int, char **);
int	cmd_list(int, char **);
int	cmd_delegate(int, char **);
int	cmd_stats(int, char **);
int	cmd_history(int, char **);
int	cmd_verify(int, char **);
int	cmd_head(int, char **);
int	cmd_sql(int, char **);
int	cmd_positive_list(int, char **);
int	cmd_show(int, char **);
int	cmd_diff(int, char **);
int	cmd_export(int, char **);
int	cmd_backup(int, char **);
int	cmd_schema(int, char **);

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
