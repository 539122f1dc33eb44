/*
 * The defences of ad-hoc SQL (db_sql.c says what each is for): the
 * authorizer, the limits, the time limit and the hard stop, put up
 * before the user's statement is prepared and taken down after it ran.
 */
#include <sys/time.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "i18n.h"
#include "db_internal.h"

/*
 * Virtual machine steps between two looks at the clock: few, so that a
 * row of many calls to costly functions is not run whole between two.
 */
#define PROGRESS_STEPS	100

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
	n = snprintf(g->why, sizeof(g->why), _("refused: "));
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
		refuse(g, _("function %s() is not allowed here"), a2);
		return SQLITE_DENY;
	case SQLITE_PRAGMA:
		if (in_list(a1, pragmas_reading, NELEM(pragmas_reading)) ||
		    (a2 == NULL && in_list(a1, pragmas_bare,
		    NELEM(pragmas_bare))))
			return SQLITE_OK;
		refuse(g, _("only pragmas that read are allowed here "
		    "(PRAGMA %s%s%s)"), a1 ? a1 : "", a2 ? " = " : "",
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
	refuse(g, _("the registry is read-only here (%s)"), what);
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
	return rc == SQLITE_ROW ? DB_OK : db_sqlite_fail(db, _("query_only"));
}

/*
 * Put the defences up on DB for one statement (the limits, the
 * authorizer, PRAGMA query_only and the defensive flag), keeping in G
 * what they replace.  DB_OK or an error; guard_disarm() undoes what was
 * done, also on failure.
 */
int
guard_arm(struct db *db, struct guard *g)
{
	int rc;

	memset(g, 0, sizeof(*g));
	if ((rc = query_only(db, &g->was_query_only)) != DB_OK ||
	    (rc = db_exec(db, "PRAGMA query_only = ON")) != DB_OK)
		return rc;
	/* None of the rest can fail: guard_disarm() undoes them all. */
	sqlite3_db_config(db->conn, SQLITE_DBCONFIG_DEFENSIVE, -1,
	    &g->was_defensive);
	sqlite3_db_config(db->conn, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db->conn, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0,
	    NULL);
	g->attached = sqlite3_limit(db->conn, SQLITE_LIMIT_ATTACHED, 0);
	g->length = sqlite3_limit(db->conn, SQLITE_LIMIT_LENGTH,
	    DB_SQL_MAX_LENGTH);
	g->pattern = sqlite3_limit(db->conn, SQLITE_LIMIT_LIKE_PATTERN_LENGTH,
	    DB_SQL_MAX_PATTERN);
	sqlite3_set_authorizer(db->conn, authorize, g);
	g->armed = 1;
	return DB_OK;
}

/*
 * Start the clock: TIMEOUT seconds for the statement's steps (the
 * progress handler), and DB_SQL_GRACE more of CPU for the hard stop.
 */
void
guard_time(struct db *db, struct guard *g, double timeout)
{
	struct itimerval hard;
	long ns;

	clock_gettime(CLOCK_MONOTONIC, &g->deadline);
	g->deadline.tv_sec += (time_t)timeout;
	ns = g->deadline.tv_nsec + (long)((timeout - (double)(time_t)timeout) *
	    1e9);
	g->deadline.tv_sec += ns / 1000000000L;
	g->deadline.tv_nsec = ns % 1000000000L;
	sqlite3_progress_handler(db->conn, PROGRESS_STEPS, progress, g);
	sqlite3_trace_v2(db->conn, SQLITE_TRACE_PROFILE, stepped, NULL);
	memset(&hard, 0, sizeof(hard));
	hard.it_value.tv_sec = (time_t)(timeout + DB_SQL_GRACE);
	hard.it_value.tv_usec = (suseconds_t)((timeout + DB_SQL_GRACE -
	    (double)hard.it_value.tv_sec) * 1e6);
	setitimer(ITIMER_PROF, &hard, NULL);
}

/* Undo what guard_arm() and guard_time() did, as they found it. */
void
guard_disarm(struct db *db, struct guard *g)
{
	if (!g->armed)
		return;
	hard_stop_disarm();
	sqlite3_trace_v2(db->conn, 0, NULL, NULL);
	sqlite3_progress_handler(db->conn, 0, NULL, NULL);
	sqlite3_set_authorizer(db->conn, NULL, NULL);
	sqlite3_limit(db->conn, SQLITE_LIMIT_ATTACHED, g->attached);
	sqlite3_limit(db->conn, SQLITE_LIMIT_LENGTH, g->length);
	sqlite3_limit(db->conn, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, g->pattern);
	sqlite3_db_config(db->conn, SQLITE_DBCONFIG_DEFENSIVE,
	    g->was_defensive, NULL);
	if (!g->was_query_only)
		sqlite3_exec(db->conn, "PRAGMA query_only = OFF", NULL, NULL,
		    NULL);
	g->armed = 0;
}

/*
 * Why preparing the user's statement failed, and what that means; or,
 * when it did not, a write of sqlite_schema that nothing else refused.
 */
int
guard_prepare_failed(struct db *db, const struct guard *g)
{
	if (g->why[0] != '\0') {
		db_fail(db, "%s", g->why);
		return DB_REJECT;
	}
	if (g->schema[0] != '\0') {
		db_fail(db, _("refused: the registry is read-only here (%s)"),
		    g->schema);
		return DB_REJECT;
	}
	switch (sqlite3_errcode(db->conn) & 0xff) {
	case SQLITE_ERROR:	/* syntax, no such table or column ... */
	case SQLITE_AUTH:
		db_fail(db, "%s", sqlite3_errmsg(db->conn));
		return DB_REJECT;
	default:
		return db_sqlite_fail(db, _("query"));
	}
}

/*
 * Why db_query() failed, RC its result: the time limit, a refusal met only
 * when a step prepares more (a table-valued pragma), an error in the query
 * itself (malformed JSON, an overflow), or the rest as it was.
 */
int
guard_run_failed(struct db *db, const struct guard *g, int rc, double timeout)
{
	if (g->timed_out) {
		db_fail(db, _("query took longer than %g s (--timeout)"), timeout);
		return DB_ERROR;
	}
	if (g->why[0] != '\0') {
		db_fail(db, "%s", g->why);
		return DB_REJECT;
	}
	if (rc == DB_ERROR && (sqlite3_errcode(db->conn) & 0xff) ==
	    SQLITE_TOOBIG) {
		db_fail(db, _("string or blob too big: a value holds at most %d "
		    "bytes here"), DB_SQL_MAX_LENGTH);
		return DB_REJECT;
	}
	if (rc == DB_ERROR && (sqlite3_errcode(db->conn) & 0xff) ==
	    SQLITE_ERROR) {
		if (strstr(sqlite3_errmsg(db->conn), "pattern too complex"))
			db_fail(db, _("LIKE or GLOB pattern too complex: a "
			    "pattern holds at most %d bytes here"),
			    DB_SQL_MAX_PATTERN);
		return DB_REJECT;
	}
	return rc;
}
