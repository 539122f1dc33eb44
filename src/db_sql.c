/*
 * Ad-hoc SQL for analysts ('powers sql') and the list of what they can
 * read ('powers schema').
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
 * Each is undone before db_sql() returns.
 */
#include <sys/time.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "db_internal.h"

/*
 * Virtual machine steps between two looks at the clock: few, so that a
 * row of many calls to costly functions is not run whole between two.
 */
#define PROGRESS_STEPS	100

/* What the authorizer and the progress handler of one db_sql() share. */
struct guard {
	int		 verb;		/* the first action seen: SQLITE_SELECT ... */
	char		 why[512];	/* the first refusal; "" when none */
	char		 schema[128];	/* a write of sqlite_schema asked */
	struct timespec	 deadline;	/* CLOCK_MONOTONIC */
	int		 timed_out;
};

/*
 * Pragmas that only read, whatever their argument: it names a table or an
 * index, or bounds a check.
 */
static const char *const pragmas_reading[] = {
	"collation_list", "compile_options", "database_list",
	"foreign_key_check", "foreign_key_list", "function_list",
	"index_info", "index_list", "index_xinfo", "integrity_check",
	"module_list", "pragma_list", "quick_check", "table_info",
	"table_list", "table_xinfo",
};

/*
 * Pragmas that read without an argument and set something with one
 * (PRAGMA user_version = 5), so they are allowed bare only.
 * journal_mode is not here: even bare, SQLite counts it as a write.
 */
static const char *const pragmas_bare[] = {
	"application_id", "data_version", "encoding", "foreign_keys",
	"freelist_count", "page_count", "page_size", "query_only",
	"schema_version", "user_version",
};

/*
 * Functions that reach outside the registry: load_extension() runs code
 * from any file; fts3_tokenizer() takes a pointer; the others come with
 * the sqlite3 shell or its fileio extension and read or write files.  This
 * program's SQLite has only the first two, but a build with more must
 * still refuse them.
 */
static const char *const functions_denied[] = {
	"edit", "fts3_tokenizer", "load_extension", "readfile", "writefile",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int
in_list(const char *name, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; name != NULL && i < n; i++)
		if (strcasecmp(name, list[i]) == 0)
			return 1;
	return 0;
}

static int
is_schema_table(const char *name)
{
	return name != NULL && (strcasecmp(name, "sqlite_master") == 0 ||
	    strcasecmp(name, "sqlite_schema") == 0 ||
	    strcasecmp(name, "sqlite_temp_master") == 0 ||
	    strcasecmp(name, "sqlite_temp_schema") == 0);
}

/* Keep the first refusal only: later ones follow from it. */
static void
refuse(struct guard *g, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
refuse(struct guard *g, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (g->why[0] != '\0')
		return;
	n = snprintf(g->why, sizeof(g->why), "refused: ");
	va_start(ap, fmt);
	vsnprintf(g->why + n, sizeof(g->why) - (size_t)n, fmt, ap);
	va_end(ap);
}

/* Name an action the authorizer denies, with what it acts on. */
static void
describe(int code, const char *a1, const char *a2, char *buf, size_t size)
{
	static const struct {
		int		 code;
		const char	*name;
	} names[] = {
		{ SQLITE_CREATE_INDEX, "CREATE INDEX" },
		{ SQLITE_CREATE_TABLE, "CREATE TABLE" },
		{ SQLITE_CREATE_TEMP_INDEX, "CREATE TEMP INDEX" },
		{ SQLITE_CREATE_TEMP_TABLE, "CREATE TEMP TABLE" },
		{ SQLITE_CREATE_TEMP_TRIGGER, "CREATE TEMP TRIGGER" },
		{ SQLITE_CREATE_TEMP_VIEW, "CREATE TEMP VIEW" },
		{ SQLITE_CREATE_TRIGGER, "CREATE TRIGGER" },
		{ SQLITE_CREATE_VIEW, "CREATE VIEW" },
		{ SQLITE_CREATE_VTABLE, "CREATE VIRTUAL TABLE" },
		{ SQLITE_DROP_INDEX, "DROP INDEX" },
		{ SQLITE_DROP_TABLE, "DROP TABLE" },
		{ SQLITE_DROP_TEMP_INDEX, "DROP INDEX" },
		{ SQLITE_DROP_TEMP_TABLE, "DROP TABLE" },
		{ SQLITE_DROP_TEMP_TRIGGER, "DROP TRIGGER" },
		{ SQLITE_DROP_TEMP_VIEW, "DROP VIEW" },
		{ SQLITE_DROP_TRIGGER, "DROP TRIGGER" },
		{ SQLITE_DROP_VIEW, "DROP VIEW" },
		{ SQLITE_DROP_VTABLE, "DROP VIRTUAL TABLE" },
		{ SQLITE_REINDEX, "REINDEX" },
		{ SQLITE_ANALYZE, "ANALYZE" },
		{ SQLITE_DETACH, "DETACH" },
	};
	size_t i;

	if (a1 == NULL)
		a1 = "";
	switch (code) {
	case SQLITE_INSERT:
		snprintf(buf, size, "INSERT on %s", a1);
		return;
	case SQLITE_UPDATE:
		snprintf(buf, size, "UPDATE on %s", a1);
		return;
	case SQLITE_DELETE:
		snprintf(buf, size, "DELETE on %s", a1);
		return;
	case SQLITE_ALTER_TABLE:
		snprintf(buf, size, "ALTER TABLE %s", a2 ? a2 : "");
		return;
	case SQLITE_ATTACH:
		snprintf(buf, size, "ATTACH '%s'", a1);
		return;
	case SQLITE_TRANSACTION:
		snprintf(buf, size, "%s", a1);
		return;
	case SQLITE_SAVEPOINT:
		snprintf(buf, size, "SAVEPOINT %s", a2 ? a2 : "");
		return;
	}
	for (i = 0; i < NELEM(names); i++)
		if (names[i].code == code) {
			snprintf(buf, size, "%s %s", names[i].name, a1);
			return;
		}
	snprintf(buf, size, "action %d", code);
}

/*
 * The authorizer, called as each statement is prepared: allow what reads,
 * deny the rest and keep why.  A1 and A2 depend on CODE (sqlite3.h).
 */
static int
authorize(void *arg, int code, const char *a1, const char *a2,
    const char *dbname, const char *inner)
{
	struct guard *g = arg;
	char what[256];

	(void)dbname;
	(void)inner;
	if (g->verb == 0)
		g->verb = code;
	switch (code) {
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	case SQLITE_FUNCTION:
		if (!in_list(a2, functions_denied, NELEM(functions_denied)))
			return SQLITE_OK;
		refuse(g, "function %s() is not allowed here", a2);
		return SQLITE_DENY;
	case SQLITE_PRAGMA:
		if (in_list(a1, pragmas_reading, NELEM(pragmas_reading)) ||
		    (a2 == NULL && in_list(a1, pragmas_bare,
		    NELEM(pragmas_bare))))
			return SQLITE_OK;
		refuse(g, "only pragmas that read are allowed here "
		    "(PRAGMA %s%s%s)", a1 ? a1 : "", a2 ? " = " : "",
		    a2 ? a2 : "");
		return SQLITE_DENY;
	case SQLITE_INSERT:
	case SQLITE_UPDATE:
	case SQLITE_DELETE:
		if (!is_schema_table(a1))
			break;
		/*
		 * Connecting a table-valued function (json_each(),
		 * pragma_table_info()) parses SQLite's own UPDATE of
		 * sqlite_schema, which is never run.  Inside a SELECT it
		 * can be nothing else: SQLite has no UPDATE in a query.
		 */
		if (g->verb == SQLITE_SELECT && code == SQLITE_UPDATE)
			return SQLITE_OK;
		/*
		 * CREATE and DROP ask to write sqlite_schema before they
		 * ask to do what they are, and "DROP TABLE power" says more
		 * than "DELETE on sqlite_master": let this pass and be
		 * denied next.  db_sql() refuses the statement all the same
		 * if nothing is.
		 */
		if (g->schema[0] == '\0')
			describe(code, a1, a2, g->schema, sizeof(g->schema));
		return SQLITE_OK;
	}
	describe(code, a1, a2, what, sizeof(what));
	refuse(g, "the registry is read-only here (%s)", what);
	return SQLITE_DENY;
}

/* Stop the CPU timer (after the last step, and when db_sql() returns). */
static void
hard_stop_disarm(void)
{
	struct itimerval off;

	memset(&off, 0, sizeof(off));
	setitimer(ITIMER_PROF, &off, NULL);
}

/* SQLITE_TRACE_PROFILE: the statement ran its last step. */
static int
stepped(unsigned type, void *arg, void *p, void *x)
{
	(void)type;
	(void)arg;
	(void)p;
	(void)x;
	hard_stop_disarm();
	return 0;
}

/* The progress handler: a non-zero return interrupts the statement. */
static int
progress(void *arg)
{
	struct guard *g = arg;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec > g->deadline.tv_sec ||
	    (now.tv_sec == g->deadline.tv_sec &&
	    now.tv_nsec >= g->deadline.tv_nsec)) {
		g->timed_out = 1;
		return 1;
	}
	return 0;
}

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
		return db_fail(db, "out of memory");
	for (i = 1; i <= n; i++) {
		const char *name = sqlite3_bind_parameter_name(st, i);
		const struct db_param *p = NULL;

		if (name == NULL || *name == '?') {
			db_fail(db, "parameter %d has no name: write :NAME in "
			    "the query and give --param NAME=VALUE", i);
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
		db_fail(db, "no value for %s: give --param NAME=VALUE",
		    missing);
		return DB_SQL_USAGE;
	}
	return DB_OK;
}

/*
 * Why preparing the user's statement failed, and what that means; or,
 * when it did not, a write of sqlite_schema that nothing else refused.
 */
static int
prepare_failed(struct db *db, const struct guard *g)
{
	if (g->why[0] != '\0') {
		db_fail(db, "%s", g->why);
		return DB_REJECT;
	}
	if (g->schema[0] != '\0') {
		db_fail(db, "refused: the registry is read-only here (%s)",
		    g->schema);
		return DB_REJECT;
	}
	switch (sqlite3_errcode(db->conn) & 0xff) {
	case SQLITE_ERROR:	/* syntax, no such table or column ... */
	case SQLITE_AUTH:
		db_fail(db, "%s", sqlite3_errmsg(db->conn));
		return DB_REJECT;
	default:
		return db_sqlite_fail(db, "query");
	}
}

/*
 * Why db_query() failed, RC its result: the time limit, a refusal met only
 * when a step prepares more (a table-valued pragma), an error in the query
 * itself (malformed JSON, an overflow), or the rest as it was.
 */
static int
run_failed(struct db *db, const struct guard *g, int rc, double timeout)
{
	if (g->timed_out) {
		db_fail(db, "query took longer than %g s (--timeout)", timeout);
		return DB_ERROR;
	}
	if (g->why[0] != '\0') {
		db_fail(db, "%s", g->why);
		return DB_REJECT;
	}
	if (rc == DB_ERROR && (sqlite3_errcode(db->conn) & 0xff) ==
	    SQLITE_TOOBIG) {
		db_fail(db, "string or blob too big: a value holds at most %d "
		    "bytes here", DB_SQL_MAX_LENGTH);
		return DB_REJECT;
	}
	if (rc == DB_ERROR && (sqlite3_errcode(db->conn) & 0xff) ==
	    SQLITE_ERROR) {
		if (strstr(sqlite3_errmsg(db->conn), "pattern too complex"))
			db_fail(db, "LIKE or GLOB pattern too complex: a "
			    "pattern holds at most %d bytes here",
			    DB_SQL_MAX_PATTERN);
		return DB_REJECT;
	}
	return rc;
}

/* Read PRAGMA query_only into *ON; DB_OK or an error. */
static int
query_only(struct db *db, int *on)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_prepare(db, "PRAGMA query_only")) == NULL)
		return DB_ERROR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*on = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? DB_OK : db_sqlite_fail(db, "query_only");
}

int
db_sql(struct db *db, const char *sql, const struct db_param *params,
    size_t nparams, double timeout, FILE *fp, enum out_format format,
    long *rows)
{
	struct guard g;
	struct itimerval hard;
	struct db_param *bound = NULL;
	sqlite3_stmt *st = NULL;
	const char *start, *tail = NULL;
	char *one = NULL, verb[16];
	size_t nbound = 0;
	int rc, was_query_only = 0, was_defensive = 0, attached = 0;
	int length = 0, pattern = 0, guarded = 0;
	long ns;

	memset(&g, 0, sizeof(g));
	if ((rc = query_only(db, &was_query_only)) != DB_OK ||
	    (rc = db_exec(db, "PRAGMA query_only = ON")) != DB_OK)
		goto out;
	/* None of the rest can fail: from here on, out: undoes them all. */
	sqlite3_db_config(db->conn, SQLITE_DBCONFIG_DEFENSIVE, -1,
	    &was_defensive);
	sqlite3_db_config(db->conn, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db->conn, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0,
	    NULL);
	attached = sqlite3_limit(db->conn, SQLITE_LIMIT_ATTACHED, 0);
	length = sqlite3_limit(db->conn, SQLITE_LIMIT_LENGTH,
	    DB_SQL_MAX_LENGTH);
	pattern = sqlite3_limit(db->conn, SQLITE_LIMIT_LIKE_PATTERN_LENGTH,
	    DB_SQL_MAX_PATTERN);
	sqlite3_set_authorizer(db->conn, authorize, &g);
	guarded = 1;

	start = skip_blank(sql);
	if (sqlite3_prepare_v2(db->conn, start, -1, &st, &tail) !=
	    SQLITE_OK) {
		rc = prepare_failed(db, &g);
		goto out;
	}
	if (g.schema[0] != '\0') {
		rc = prepare_failed(db, &g);
		goto out;
	}
	rc = DB_SQL_USAGE;
	if (st == NULL) {
		db_fail(db, "empty query: give one SQL statement");
		goto out;
	}
	if (*skip_blank(tail) != '\0') {
		db_fail(db, "one statement at a time: the query goes on "
		    "after the first");
		goto out;
	}
	first_word(start, verb, sizeof(verb));
	if (!sqlite3_stmt_readonly(st)) {
		db_fail(db, "refused: the registry is read-only here (%s)",
		    verb);
		rc = DB_REJECT;
		goto out;
	}
	if ((rc = match_params(db, st, params, nparams, &bound, &nbound)) !=
	    DB_OK)
		goto out;
	if ((one = first_statement(start, tail)) == NULL) {
		rc = db_fail(db, "out of memory");
		goto out;
	}

	clock_gettime(CLOCK_MONOTONIC, &g.deadline);
	g.deadline.tv_sec += (time_t)timeout;
	ns = g.deadline.tv_nsec + (long)((timeout - (double)(time_t)timeout) *
	    1e9);
	g.deadline.tv_sec += ns / 1000000000L;
	g.deadline.tv_nsec = ns % 1000000000L;
	sqlite3_progress_handler(db->conn, PROGRESS_STEPS, progress, &g);
	sqlite3_trace_v2(db->conn, SQLITE_TRACE_PROFILE, stepped, NULL);
	memset(&hard, 0, sizeof(hard));
	hard.it_value.tv_sec = (time_t)(timeout + DB_SQL_GRACE);
	hard.it_value.tv_usec = (suseconds_t)((timeout + DB_SQL_GRACE -
	    (double)hard.it_value.tv_sec) * 1e6);
	setitimer(ITIMER_PROF, &hard, NULL);
	if ((rc = db_query(db, one, bound, nbound, fp, format, rows)) != DB_OK)
		rc = run_failed(db, &g, rc, timeout);
out:
	sqlite3_finalize(st);
	if (guarded) {
		hard_stop_disarm();
		sqlite3_trace_v2(db->conn, 0, NULL, NULL);
		sqlite3_progress_handler(db->conn, 0, NULL, NULL);
		sqlite3_set_authorizer(db->conn, NULL, NULL);
		sqlite3_limit(db->conn, SQLITE_LIMIT_ATTACHED, attached);
		sqlite3_limit(db->conn, SQLITE_LIMIT_LENGTH, length);
		sqlite3_limit(db->conn, SQLITE_LIMIT_LIKE_PATTERN_LENGTH,
		    pattern);
		sqlite3_db_config(db->conn, SQLITE_DBCONFIG_DEFENSIVE,
		    was_defensive, NULL);
		if (!was_query_only)
			sqlite3_exec(db->conn, "PRAGMA query_only = OFF",
			    NULL, NULL, NULL);
	}
	free(one);
	free(bound);
	return rc;
}

int
db_schema_list(struct db *db, FILE *fp, enum out_format format)
{
	/*
	 * sqlite_schema is the base, so that a table or view without a
	 * line in schema_doc is listed all the same (its description
	 * empty), and a line on something gone is not.  Documented ones
	 * come first, in the order schema_doc's migration wrote them.
	 */
	static const char sql[] =
	    "SELECT s.name, s.type AS kind,\n"
	    "    coalesce(d.description, '') AS description\n"
	    "FROM sqlite_schema s\n"
	    "LEFT JOIN schema_doc d ON d.name = s.name\n"
	    "WHERE s.type IN ('table', 'view')\n"
	    "ORDER BY d.rowid IS NULL, d.rowid, s.name";

	return db_query(db, sql, NULL, 0, fp, format, NULL);
}

int
db_schema_columns(struct db *db, const char *name, FILE *fp,
    enum out_format format)
{
	/*
	 * The object's own name (SQL names are case-blind) keys
	 * schema_column_doc; pragma_table_info gives the columns in order.
	 */
	static const char sql[] =
	    "SELECT c.name AS column, c.type,\n"
	    "    coalesce(d.description, '') AS description\n"
	    "FROM sqlite_schema s, pragma_table_info(s.name) c\n"
	    "LEFT JOIN schema_column_doc d\n"
	    "    ON d.object = s.name AND d.name = c.name\n"
	    "WHERE s.name = :name COLLATE NOCASE\n"
	    "  AND s.type IN ('table', 'view')\n"
	    "ORDER BY c.cid";
	const struct db_param params[] = {
		{ ":name", name },
	};
	sqlite3_stmt *st;
	int step;

	st = db_prepare(db, "SELECT 1 FROM sqlite_schema "
	    "WHERE name = ?1 COLLATE NOCASE AND type IN ('table', 'view')");
	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, name);
	step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step == SQLITE_DONE) {
		db_fail(db, "no table or view '%s': 'powers schema' lists them",
		    name);
		return DB_REJECT;
	}
	if (step != SQLITE_ROW)
		return db_sqlite_fail(db, "looking up a table or view");
	return db_query(db, sql, params, 1, fp, format, NULL);
}
