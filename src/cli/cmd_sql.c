/*
 * sql: one read-only SQL statement over the registry, for analysts.  The
 * db layer (db_sql.c) refuses what would write and keeps the time limit;
 * this file reads the options and says what went wrong.
 */
#define _GNU_SOURCE		/* program_invocation_short_name */
#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "db.h"
#include "i18n.h"
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
		warnx(_("sql: bad --param '%s': NAME=VALUE expected"), arg);
		return -1;
	}
	/* As SQLite reads a parameter's name: ASCII word or UTF-8. */
	for (s = name; s < eq; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '_' ||
		    (unsigned char)*s >= 0x80)) {
			warnx(_("sql: bad --param '%s': NAME is letters, digits "
			    "and '_'"), arg);
			return -1;
		}
	if ((p->name = strndup(name, (size_t)(eq - name))) == NULL) {
		warn(_("sql"));
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
		warnx(_("sql: bad --timeout '%s': seconds, more than 0"), arg);
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

static struct {
	enum out_format	 format;
	double		 timeout;
	struct db_param	*params;	/* names ours, values argv's */
	size_t		 nparams;
} a;

static void
free_params(void)
{
	size_t i;

	for (i = 0; i < a.nparams; i++)
		free((char *)a.params[i].name);
	free(a.params);
	a.params = NULL;
	a.nparams = 0;
}

static int
opt_param(const struct opt *o, const char *arg)
{
	struct db_param *grown;

	(void)o;
	if (arg == NULL) {
		free_params();
		return 0;
	}
	if ((grown = realloc(a.params, (a.nparams + 1) *
	    sizeof(*a.params))) == NULL) {
		warn(_("sql"));
		return -1;
	}
	a.params = grown;
	if (parse_param(arg, &a.params[a.nparams]) != 0)
		return -1;
	a.nparams++;
	return 0;
}

static int
opt_timeout(const struct opt *o, const char *arg)
{
	(void)o;
	if (arg == NULL) {
		a.timeout = DB_SQL_TIMEOUT;
		return 0;
	}
	return parse_timeout(arg, &a.timeout);
}

const struct opt cmd_sql_opts[] = {
	CMD_OPT_FORMAT(&a.format, CMD_FORMATS),
	OPT_CALLBACK("param", 0, "NAME=VALUE", N_("bind :NAME to VALUE; again "
	    "for each parameter"), NULL, opt_param),
	OPT_CALLBACK("timeout", 0, "SECONDS", N_("stop the query after SECONDS; "
	    "default 10"), NULL, opt_timeout),
	OPT_END
};

int
cmd_sql_check(int argc, char **argv)
{
	(void)argv;
	return argc != 1 ? cmd_usage(current_cmd, 0) : -1;
}

int
cmd_sql(int argc, char **argv, struct db *db)
{
	struct rows_out w;
	struct sigaction sa, was;
	int rc, status = EXIT_DONE;

	(void)argc;
	/* The same words as the time limit's own message below. */
	snprintf(hard_message, sizeof(hard_message), _("%s: sql: query took "
	    "longer than %g s (--timeout)\n"), program_invocation_short_name,
	    a.timeout);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = hard_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPROF, &sa, &was);
	rows_out_init(&w, stdout, a.format);
	w.titles = 0;		/* the query's own names, as written */
	rc = rows_out_end(&w, db_sql(db, argv[0], a.params, a.nparams,
	    a.timeout, rows_out_row, &w, NULL));
	sigaction(SIGPROF, &was, NULL);
	if (rc != DB_OK) {
		warnx(_("sql: %s"), rows_out_error(&w, db));
		status = rc == DB_SQL_USAGE ? EXIT_USAGE : cmd_db_status(rc);
	}
	free_params();
	return status;
}
