/*
 * sql: one read-only SQL statement over the registry, for analysts.  The
 * db layer (db_sql.c) refuses what would write and keeps the time limit;
 * this file reads the options and says what went wrong.
 */
#define _GNU_SOURCE		/* program_invocation_short_name */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "db.h"
#include "rows.h"

/*
 * Parse ARG, NAME=VALUE, into P: the name copied without the ':' (or '@',
 * '$') a query writes before it, the value borrowed from ARG.  Caller
 * frees P->name.  0, or -1 when bad (warned).
 */
static int
parse_param(const char *arg, struct db_param *p)
{
	const char *name = arg, *eq = strchr(arg, '='), *s;

	if (*name == ':' || *name == '@' || *name == '$')
		name++;
	if (eq == NULL || eq == name) {
		warnx("sql: bad --param '%s': NAME=VALUE expected", arg);
		return -1;
	}
	/* As SQLite reads a parameter's name: ASCII word or UTF-8. */
	for (s = name; s < eq; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '_' ||
		    (unsigned char)*s >= 0x80)) {
			warnx("sql: bad --param '%s': NAME is letters, digits "
			    "and '_'", arg);
			return -1;
		}
	if ((p->name = strndup(name, (size_t)(eq - name))) == NULL) {
		warn("sql");
		return -1;
	}
	p->value = eq + 1;
	return 0;
}

/* Parse --timeout SECONDS into *SECS, warning when bad; 0 or -1. */
static int
parse_timeout(const char *arg, double *secs)
{
	char *end;

	*secs = strtod(arg, &end);
	/* NaN fails both comparisons. */
	if (*arg == '\0' || *end != '\0' || !(*secs > 0 && *secs <= 86400)) {
		warnx("sql: bad --timeout '%s': seconds, more than 0", arg);
		return -1;
	}
	return 0;
}

/* What hard_stop() says, made before the query runs. */
static char	hard_message[256];

/*
 * SIGPROF from db_sql(): the query is stuck in a long function call past
 * its time limit, and nothing can interrupt it but ending the process.
 * The registry was only read, so no transaction is lost.  Only
 * async-signal-safe calls here.
 */
static void
hard_stop(int sig)
{
	ssize_t n;

	(void)sig;
	n = write(STDERR_FILENO, hard_message, strlen(hard_message));
	(void)n;
	_exit(EXIT_FAIL);
}

int
cmd_sql(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "param", required_argument, NULL, 'p' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sigaction sa, was;
	struct db *db;
	struct db_param *params;
	struct rows_out w;
	enum out_format format = OUT_TABLE;
	double timeout = DB_SQL_TIMEOUT;
	size_t i, nparams = 0;
	int ch, rc, status = EXIT_DONE;

	/* Each --param takes an argument, so ARGC bounds their number. */
	if ((params = calloc((size_t)argc, sizeof(*params))) == NULL) {
		warn("sql");
		return EXIT_FAIL;
	}
	while ((ch = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (cmd_parse_format(optarg, &format) != 0)
				status = EXIT_USAGE;
			break;
		case 'p':
			if (parse_param(optarg, &params[nparams]) != 0)
				status = EXIT_USAGE;
			else
				nparams++;
			break;
		case 't':
			if (parse_timeout(optarg, &timeout) != 0)
				status = EXIT_USAGE;
			break;
		default:
			status = cmd_usage(current_cmd, ch == 'h');
			goto out;
		}
		if (status != EXIT_DONE)
			goto out;
	}
	if (optind != argc - 1) {
		status = cmd_usage(current_cmd, 0);
		goto out;
	}
	if ((db = cmd_open(&status)) == NULL)
		goto out;
	/* The same words as the time limit's own message below. */
	snprintf(hard_message, sizeof(hard_message), "%s: sql: query took "
	    "longer than %g s (--timeout)\n", program_invocation_short_name,
	    timeout);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = hard_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPROF, &sa, &was);
	rows_out_init(&w, stdout, format);
	rc = rows_out_end(&w, db_sql(db, argv[optind], params, nparams,
	    timeout, rows_out_row, &w, NULL));
	sigaction(SIGPROF, &was, NULL);
	if (rc != DB_OK) {
		warnx("sql: %s", rows_out_error(&w, db));
		status = rc == DB_SQL_USAGE ? EXIT_USAGE : cmd_db_status(rc);
	}
out:
	for (i = 0; i < nparams; i++)
		free((char *)params[i].name);
	free(params);
	return status;
}
