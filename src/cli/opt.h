#ifndef OPT_H
#define OPT_H

#include <stdio.h>

/*
 * A command's options as one table (git's parse-options): the same table
 * parses argv (getopt_long underneath), prints the lines of --help, and
 * is what tests/cli/t_options.sh compares with the man page and the bash
 * completion.  Every table takes -h, --help without saying so.
 */

struct opt;

/*
 * What an OPT_CALLBACK does with ARG: the option's argument ("" for one
 * that takes none).  Before parsing, every callback is called with ARG
 * NULL to set its default, so that a value never outlives its run.
 * Returns 0, or -1 when ARG is bad (the problem reported).
 */
typedef int	opt_fn(const struct opt *, const char *arg);

enum opt_kind {
	OPTK_END,
	OPTK_BOOL,	/* VALUE, an int *, set to 1 (reset to 0) */
	OPTK_STRING,	/* VALUE, a const char **, gets ARG (reset to NULL) */
	OPTK_CALLBACK,	/* FN(opt, arg) */
	OPTK_INCLUDE	/* SUB: another table, its options taken here */
};

struct opt {
	enum opt_kind	 kind;
	const char	*name;		/* long name, without "--" */
	int		 short_name;	/* 0: none */
	const char	*arg;		/* its argument in --help; NULL: none */
	const char	*help;		/* one line, marked N_(): translated
					   when printed */
	void		*value;		/* where the value goes */
	opt_fn		*fn;
	const struct opt *sub;
};

#define OPT_BOOL(l, s, h, v)	{ OPTK_BOOL, l, s, NULL, h, v, NULL, NULL }
#define OPT_STRING(l, s, a, h, v) \
	{ OPTK_STRING, l, s, a, h, v, NULL, NULL }
#define OPT_CALLBACK(l, s, a, h, v, f) \
	{ OPTK_CALLBACK, l, s, a, h, v, f, NULL }
#define OPT_INCLUDE(t)	{ OPTK_INCLUDE, NULL, 0, NULL, NULL, NULL, NULL, t }
#define OPT_END		{ OPTK_END, NULL, 0, NULL, NULL, NULL, NULL, NULL }

/* What opt_parse() found. */
enum opt_result {
	OPT_OK = 0,	/* *FIRST: the first operand */
	OPT_HELP,	/* -h or --help */
	OPT_UNKNOWN,	/* an unknown option or a missing argument: getopt said */
	OPT_BAD		/* a bad argument: the callback said */
};

/* opt_parse() FLAGS. */
#define OPT_STOP_AT_OPERAND	1	/* global options: stop at the command */

/*
 * Reset every value of TABLE, then parse the options of ARGV (ARGV[0] is
 * the command's name) by it.  Options and operands mix unless
 * OPT_STOP_AT_OPERAND; the operands are permuted to the end, from
 * *FIRST.  Stops at the first bad option.
 */
enum opt_result	opt_parse(const struct opt *table, int argc, char **argv,
		    int flags, int *first);
/* A line per option of TABLE, --help last, to FP. */
void		opt_print_help(const struct opt *table, FILE *fp);

#endif
