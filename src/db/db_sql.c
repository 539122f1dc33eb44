/*
 * Ad-hoc SQL for analysts ('powers sql'): the statement checked and run
 * here, the defences in db_sql_guard.c.
 *
 * A query from the command line is untrusted text run on the registry, so
 * it meets several defences, any one of which stops a write:
 *   - main() opens the registry read-only (SQLITE_OPEN_READONLY);
 *   - PRAGMA query_only, so that a read-write connection (the tests use
 *     one) cannot write either;
 *   - SQLITE_DBCONFIG_DEFENSIVE, so that nothing writes around the schema
 *     (writable_schema, shadow tables); loading extensions is switched off;
 *   - an authorizer that allows reading (SELECT, READ, RECURSIVE, functions
 *     but those that reach files, pragmas that only read) and denies every
 *     other action, keeping what it denied for the message;
 *   - sqlite3_stmt_readonly() once prepared: the authorizer never sees
 *     VACUUM, and sees VACUUM INTO only as the ATTACH it runs when stepped,
 *     so both are refused here, before anything runs and a file is made;
 *   - SQLITE_LIMIT_ATTACHED 0: no database file can be attached at all;
 *   - one statement, and a time limit through the progress handler;
 *   - limits on what one function call can do, since the progress handler
 *     is only called between the steps of the virtual machine, never
 *     inside a call: a value holds at most DB_SQL_MAX_LENGTH bytes and a
 *     LIKE or GLOB pattern DB_SQL_MAX_PATTERN (a LIKE costs the length of
 *     its text times that of its pattern: 600 kB by 40 kB ran 39 s).
 *     instr() and replace() still cost up to the square of the value's
 *     length (3.5 s at 1 MB), and a row may call them many times, so
 *   - a CPU timer (ITIMER_PROF) raises SIGPROF when the query has run
 *     DB_SQL_GRACE seconds of CPU past the limit, however long its calls:
 *     nothing inside SQLite can be interrupted, so the caller's handler
 *     ends the process (cmd_sql.c); the timer stops when the statement's
 *     last step returns, before the output is finished, so that printing
 *     a large table or waiting on a slow pipe is never cut.
 * Each is undone before db_sql() returns (guard_disarm()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "db_internal.h"

/*
 * Skip what SQLite skips between statements: white space, comments and
 * semicolons.  Returns a pointer into S.
 */
static const char *
skip_blank(const char *s)
{
	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\f' ||
		    *s == '\r' || *s == ';')
			s++;
		else if (s[0] == '-' && s[1] == '-') {
			while (*s != '\0' && *s != '\n')
				s++;
		} else if (s[0] == '/' && s[1] == '*') {
			/* An unclosed comment runs to the end, as in SQLite. */
			for (s += 2; *s != '\0' && !(s[0] == '*' && s[1] == '/');
			    s++)
				;
			if (*s != '\0')
				s += 2;
		} else
			return s;
	}
}

/* The statement's first keyword, upper case, cut to fit BUF. */
static void
first_word(const char *s, char *buf, size_t size)
{
	size_t n = 0;

	for (; n + 1 < size && ((*s >= 'a' && *s <= 'z') ||
	    (*s >= 'A' && *s <= 'Z')); s++)
		buf[n++] = (*s >= 'a' && *s <= 'z') ? *s - 'a' + 'A' : *s;
	buf[n] = '\0';
}

/*
 * The text of the first statement, START to TAIL, without the semicolons
 * and white space that end it, for db_query() to run.  Caller frees; NULL
 * when out of memory.
 */
static char *
first_statement(const char *start, const char *tail)
{
	size_t n = (size_t)(tail - start);
	char *s;

	while (n > 0 && (start[n - 1] == ';' || start[n - 1] == ' ' ||
	    start[n - 1] == '\t' || start[n - 1] == '\n' ||
	    start[n - 1] == '\f' || start[n - 1] == '\r'))
		n--;
	if ((s = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(s, start, n);
	s[n] = '\0';
	return s;
}

/* NAME without the ':', '@' or '$' that a query writes before it. */
static const char *
bare(const char *name)
{
	return *name == ':' || *name == '@' || *name == '$' ? name + 1 : name;
}

/*
 * Match ST's parameters with PARAMS: each named one (:name, @name, $name)
 * needs a value, the last given under its name; an unnamed one (?, ?1)
 * cannot be given.  *BOUND gets the values under ST's own names, for
 * db_query(): names borrowed from ST, values from PARAMS, valid while both
 * live.  Caller frees *BOUND, also on failure.
 */
static int
match_params(struct db *db, sqlite3_stmt *st, const struct db_param *params,
    size_t nparams, struct db_param **bound, size_t *nbound)
{
	char missing[512] = "";
	size_t j, len = 0;
	int i, n = sqlite3_bind_parameter_count(st);

	*nbound = 0;
	if ((*bound = calloc((size_t)n + 1, sizeof(**bound))) == NULL)
		return db_fail(db, _("out of memory"));
	for (i = 1; i <= n; i++) {
		const char *name = sqlite3_bind_parameter_name(st, i);
		const struct db_param *p = NULL;

		if (name == NULL || *name == '?') {
			db_fail(db, _("parameter %d has no name: write :NAME in "
			    "the query and give --param NAME=VALUE"), i);
			return DB_SQL_USAGE;
		}
		for (j = nparams; p == NULL && j > 0; j--)
			if (strcmp(bare(params[j - 1].name), bare(name)) == 0)
				p = &params[j - 1];
		if (p == NULL) {
			if (len < sizeof(missing))
				len += (size_t)snprintf(missing + len,
				    sizeof(missing) - len, "%s%s",
				    len ? ", " : "", name);
			continue;
		}
		(*bound)[*nbound].name = name;
		(*bound)[*nbound].value = p->value;
		(*nbound)++;
	}
	if (missing[0] != '\0') {
		db_fail(db, _("no value for %s: give --param NAME=VALUE"),
		    missing);
		return DB_SQL_USAGE;
	}
	return DB_OK;
}

int
db_sql(struct db *db, const char *sql, const struct db_param *params,
    size_t nparams, double timeout, db_row_fn *row, void *arg, long *rows)
{
	struct guard g;
	struct db_param *bound = NULL;
	sqlite3_stmt *st = NULL;
	const char *start, *tail = NULL;
	char *one = NULL, verb[16];
	size_t nbound = 0;
	int rc;

	if ((rc = guard_arm(db, &g)) != DB_OK)
		goto out;
	start = skip_blank(sql);
	if (sqlite3_prepare_v2(db->conn, start, -1, &st, &tail) !=
	    SQLITE_OK) {
		rc = guard_prepare_failed(db, &g);
		goto out;
	}
	if (g.schema[0] != '\0') {
		rc = guard_prepare_failed(db, &g);
		goto out;
	}
	rc = DB_SQL_USAGE;
	if (st == NULL) {
		db_fail(db, _("empty query: give one SQL statement"));
		goto out;
	}
	if (*skip_blank(tail) != '\0') {
		db_fail(db, _("one statement at a time: the query goes on "
		    "after the first"));
		goto out;
	}
	first_word(start, verb, sizeof(verb));
	if (!sqlite3_stmt_readonly(st)) {
		db_fail(db, _("refused: the registry is read-only here (%s)"),
		    verb);
		rc = DB_REJECT;
		goto out;
	}
	if ((rc = match_params(db, st, params, nparams, &bound, &nbound)) !=
	    DB_OK)
		goto out;
	if ((one = first_statement(start, tail)) == NULL) {
		rc = db_fail(db, _("out of memory"));
		goto out;
	}
	guard_time(db, &g, timeout);
	db->ad_hoc = 1;
	rc = db_query(db, one, bound, nbound, row, arg, rows);
	db->ad_hoc = 0;
	if (rc != DB_OK)
		rc = guard_run_failed(db, &g, rc, timeout);
out:
	sqlite3_finalize(st);
	guard_disarm(db, &g);
	free(one);
	free(bound);
	return rc;
}
