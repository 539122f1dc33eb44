/*
 * Opening the registry, its migrations and transactions.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "db_internal.h"
#include "migrations.h"

/* PRAGMA application_id: "PWRS", so that another SQLite file is refused. */

int
db_fail(struct db *db, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(db->err, sizeof(db->err), fmt, ap);
	va_end(ap);
	return DB_ERROR;
}

int
db_sqlite_fail(struct db *db, const char *doing)
{
	int code = db->conn ? sqlite3_extended_errcode(db->conn) : SQLITE_ERROR;

	snprintf(db->err, sizeof(db->err), "%s: %s", doing,
	    db->conn ? sqlite3_errmsg(db->conn) : _("no connection"));
	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		snprintf(db->err, sizeof(db->err),
		    _("registry '%s' is busy: %s"), db->path,
		    _("locked by another process past the timeout"));
		return DB_BUSY;
	case SQLITE_CONSTRAINT:
		return DB_REJECT;
	default:
		return DB_ERROR;
	}
}

const char *
db_errmsg(const struct db *db)
{
	if (db == NULL)
		return _("out of memory");
	return db->err[0] ? db->err : _("unknown error");
}

sqlite3_stmt *
db_prepare(struct db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db->conn, sql, -1, &st, NULL) != SQLITE_OK) {
		db_sqlite_fail(db, _("prepare"));
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

int
db_exec(struct db *db, const char *sql)
{
	if (sqlite3_exec(db->conn, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_sqlite_fail(db, _("exec"));
	return DB_OK;
}

int
db_bind_text(sqlite3_stmt *st, int pos, const char *value)
{
	if (value == NULL)
		return sqlite3_bind_null(st, pos);
	return sqlite3_bind_text(st, pos, value, -1, SQLITE_TRANSIENT);
}

char *
db_column_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? strdup((const char *)s) : NULL;
}

int
db_schema_latest(void)
{
	return migrations_count ? migrations[migrations_count - 1].number : 0;
}

int
db_pragma_int(struct db *db, const char *sql, int *value)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_prepare(db, sql)) == NULL)
		return DB_ERROR;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_sqlite_fail(db, sql);
	return DB_OK;
}

int
db_schema_version(struct db *db, int *version)
{
	return db_pragma_int(db, "PRAGMA user_version", version);
}

/*
 * Whether the file at PATH is in WAL mode: bytes 18 and 19 of its header
 * are 2 (1 for a rollback journal).  0 when it cannot be read.
 */
static int
file_is_wal(const char *path)
{
	unsigned char v[2];
	int fd, wal = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	if (pread(fd, v, 2, 18) == 2 && v[0] == 2 && v[1] == 2)
		wal = 1;
	close(fd);
	return wal;
}

/*
 * The first read of the registry failed: say what it is.  Only a file
 * that SQLite does not read as a database is "not a powers registry";
 * a permission, a full disk or an I/O error is named as such, with the
 * system's word for it, and so is a WAL-mode file that SQLite can read
 * only where it may create the -wal and -shm files beside it.
 */
static int
read_failed(struct db *db, enum db_mode mode)
{
	char why[sizeof(db->err)];
	int code = sqlite3_extended_errcode(db->conn);
	int sys = sqlite3_system_errno(db->conn);

	snprintf(why, sizeof(why), "%s", sqlite3_errmsg(db->conn));
	if ((code & 0xff) == SQLITE_NOTADB || (code & 0xff) == SQLITE_CORRUPT)
		return db_fail(db, _("'%s' is not a powers registry: %s"),
		    db->path, why);
	if (mode == DB_READ && file_is_wal(db->path))
		return db_fail(db, _("cannot read registry '%s': %s%s%s%s: it "
		    "is in WAL mode, which SQLite reads only where it may "
		    "create its -wal and -shm files: read it where it may, or "
		    "read a 'powers backup' of it, which opens read-only "
		    "anywhere"),
		    db->path, why, sys ? " (" : "", sys ? strerror(sys) : "",
		    sys ? ")" : "");
	return db_fail(db, _("cannot read registry '%s': %s%s%s%s"), db->path,
	    why, sys ? " (" : "", sys ? strerror(sys) : "", sys ? ")" : "");
}

/*
 * A registry that this user may only read is refused to a writer at
 * once, as what it is, rather than at its first write.
 */
static int
check_writable(struct db *db)
{
	int denied;

	if (sqlite3_db_readonly(db->conn, "main") != 1)
		return DB_OK;
	denied = access(db->path, W_OK) != 0;
	return db_fail(db, _("registry '%s' is read-only for this user%s%s%s: "
	    "writing needs write access to it and its folder"), db->path,
	    denied ? " (" : "", denied ? strerror(errno) : "",
	    denied ? ")" : "");
}

/*
 * Refuse what is not a registry this program can use: another SQLite file,
 * a registry newer than the program, and for MODE other than DB_MIGRATE
 * one with pending migrations.
 */
static int
check_schema(struct db *db, enum db_mode mode)
{
	int app, version, rc, latest = db_schema_latest();

	/*
	 * The first read of the file: a registry locked past the timeout
	 * (another process holding it exclusively) is busy, not foreign.
	 * The message is copied first: db_fail() writes over db->err.
	 */
	rc = db_pragma_int(db, "PRAGMA application_id", &app);
	if (rc != DB_OK && db_journal_is_hot(db)) {
		if ((rc = db_journal_recover(db)) != DB_OK)
			return rc;
		rc = db_pragma_int(db, "PRAGMA application_id", &app);
	}
	if (rc != DB_OK) {
		if (rc == DB_BUSY)
			return rc;
		return read_failed(db, mode);
	}
	if (app != POWERS_APPLICATION_ID)
		return db_fail(db, _("'%s' is not a powers registry"), db->path);
	if ((rc = db_schema_version(db, &version)) != DB_OK)
		return rc;
	if (version > latest)
		return db_fail(db, _("registry '%s' has schema version %d, newer "
		    "than this program's %d: use a newer powers"), db->path,
		    version, latest);
	if (version < latest && mode != DB_MIGRATE)
		return db_fail(db, _("registry '%s' has schema version %d, this "
		    "program needs %d: run 'powers migrate'"), db->path,
		    version, latest);
	return DB_OK;
}

char *
db_plain_path(const char *path)
{
	char *p;

	if (*path == '/')
		return strdup(path);
	if ((p = malloc(strlen(path) + 3)) != NULL)
		sprintf(p, "./%s", path);
	return p;
}

int
db_open(struct db **dbp, const char *path, enum db_mode mode, int timeout_ms)
{
	struct db *db;
	struct stat sb;
	char *name = NULL;
	int flags, rc;

	*dbp = db = calloc(1, sizeof(*db));
	if (db == NULL)
		return DB_ERROR;
	if ((db->path = strdup(path)) == NULL)
		return db_fail(db, _("out of memory"));

	/*
	 * Only init creates a registry: a mistyped --db must not leave an
	 * empty file behind.  Check first, for a message naming the path.
	 */
	if (mode == DB_CREATE) {
		if (stat(path, &sb) == 0 && sb.st_size > 0)
			return db_fail(db, _("'%s' already exists"), path);
		flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	} else {
		if (stat(path, &sb) != 0 && errno != ENOENT)
			return db_fail(db, _("cannot open registry '%s': %s"),
			    path, strerror(errno));
		if (stat(path, &sb) != 0)
			return db_fail(db, _("no registry at '%s': %s%s"), path,
			    strerror(errno), errno == ENOENT ?
			    _(" (create one with 'powers init')") : "");
		flags = mode == DB_READ ? SQLITE_OPEN_READONLY :
		    SQLITE_OPEN_READWRITE;
	}
	/*
	 * The path is a file's, whatever it looks like: SQLite, built with
	 * URI names on, would read "file:u.db" as u.db (and "?mode=" as
	 * options) while init made a file named "file:u.db".  Symbolic links
	 * are followed, to the file the user named; SQLite puts the -wal
	 * beside that file.  ":memory:" is kept for the tests' registries
	 * only: init never opens the user's path itself.
	 */
	if (mode == DB_CREATE && strcmp(path, ":memory:") == 0)
		name = strdup(path);
	else
		name = db_plain_path(path);
	if (name == NULL)
		return db_fail(db, _("out of memory"));
	/*
	 * A connection is used by one thread at a time (verify's second
	 * thread opens its own): SQLite's mutex per call is not needed.
	 */
	rc = sqlite3_open_v2(name, &db->conn, flags | SQLITE_OPEN_NOMUTEX,
	    NULL);
	free(name);
	if (rc != SQLITE_OK && db->conn == NULL)
		return db_fail(db, _("out of memory"));
	if (rc != SQLITE_OK)
		return db_fail(db, _("cannot open registry '%s': %s%s%s%s"), path,
		    sqlite3_errmsg(db->conn),
		    sqlite3_system_errno(db->conn) ? " (" : "",
		    sqlite3_system_errno(db->conn) ?
		    strerror(sqlite3_system_errno(db->conn)) : "",
		    sqlite3_system_errno(db->conn) ? ")" : "");
	sqlite3_extended_result_codes(db->conn, 1);
	sqlite3_busy_timeout(db->conn, timeout_ms);
	db->timeout_ms = timeout_ms;
	if (db_exec(db, "PRAGMA foreign_keys = ON") != DB_OK)
		return DB_ERROR;

	if (mode == DB_CREATE) {
		/*
		 * The journal stays SQLite's default, a rollback journal
		 * deleted at each commit, and no free page is kept, for
		 * the reasons db_journal.c gives.  auto_vacuum is set
		 * before the first table, as SQLite asks.
		 */
		char sql[64];

		if ((rc = db_exec(db, "PRAGMA auto_vacuum = FULL")) != DB_OK)
			return rc;
		snprintf(sql, sizeof(sql), "PRAGMA application_id = %d",
		    POWERS_APPLICATION_ID);
		return db_exec(db, sql);
	}
	if ((rc = check_schema(db, mode)) != DB_OK || mode == DB_READ)
		return rc;
	return check_writable(db);
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	db_rollback(db);
	sqlite3_close_v2(db->conn);
	free(db->path);
	free(db);
}

int
db_begin(struct db *db)
{
	int rc;

	if ((rc = db_exec(db, "BEGIN IMMEDIATE")) == DB_OK)
		db->in_tx = 1;
	return rc;
}

int
db_commit(struct db *db)
{
	int rc;

	/* The indexes a bulk write built after its rows, in its transaction. */
	if ((rc = db_bulk_rebuild(db)) != DB_OK)
		return rc;
	if ((rc = db_exec(db, "COMMIT")) == DB_OK)
		db->in_tx = 0;
	return rc;
}

void
db_rollback(struct db *db)
{
	if (db->conn && !sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
	db_bulk_forget(db);
}

/*
 * Whether the registry breaks a foreign key: DB_OK, or DB_ERROR naming
 * the first table that does.
 */
static int
foreign_keys_hold(struct db *db)
{
	sqlite3_stmt *st;
	int step, rc = DB_OK;

	if ((st = db_prepare(db, "PRAGMA foreign_key_check")) == NULL)
		return DB_ERROR;
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		rc = db_fail(db, _("table %s breaks a foreign key"),
		    (const char *)sqlite3_column_text(st, 0));
	else if (step != SQLITE_DONE)
		rc = db_sqlite_fail(db, _("checking foreign keys"));
	sqlite3_finalize(st);
	return rc;
}

/*
 * Apply migration M in one transaction.  Foreign keys are off while it
 * runs, as SQLite's way of rebuilding a table asks: with them on, renaming
 * a table rewrites the references of the tables that refer to it, and
 * dropping it checks every row of theirs once for each row of its own.
 * They are checked whole before the commit instead.
 */
static int
migrate_one(struct db *db, const struct migration *m)
{
	char sql[64], why[sizeof(db->err)];
	int rc;

	if ((rc = db_exec(db, "PRAGMA foreign_keys = OFF")) != DB_OK)
		return rc;
	if ((rc = db_begin(db)) != DB_OK)
		goto out;
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", m->number);
	if ((rc = db_exec(db, m->sql)) != DB_OK ||
	    (rc = foreign_keys_hold(db)) != DB_OK ||
	    (rc = db_exec(db, sql)) != DB_OK) {
		snprintf(why, sizeof(why), "%s", db->err);
		db_rollback(db);
		db_fail(db, _("migration %s: %s"), m->name, why);
		goto out;
	}
	/* Foreign keys go back on only outside a transaction. */
	if ((rc = db_commit(db)) != DB_OK)
		db_rollback(db);
out:
	if (db_exec(db, "PRAGMA foreign_keys = ON") != DB_OK && rc == DB_OK)
		rc = DB_ERROR;
	return rc;
}

int
db_migrate(struct db *db, void (*done)(int, const char *, void *), void *arg)
{
	int i, version, rc;

	if ((rc = db_schema_version(db, &version)) != DB_OK)
		return rc;
	for (i = 0; i < migrations_count; i++) {
		const struct migration *m = &migrations[i];

		if (m->number <= version)
			continue;
		if ((rc = migrate_one(db, m)) != DB_OK)
			return rc;
		if (done)
			done(m->number, m->name, arg);
	}
	return db_journal_settle(db);
}

/*
 * The clock.  A test build takes $POWERS_NOW (YYYY-MM-DDTHH:MM:SSZ) in its
 * place; the product has no such hook, since recorded times are hashed
 * into the chain.  A malformed value is ignored.
 */
long long
db_clock(void)
{
#ifdef POWERS_TEST_HOOKS
	const char *env = getenv("POWERS_NOW");
	struct tm tm;
	int len = 0;

	memset(&tm, 0, sizeof(tm));
	if (env && sscanf(env, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year,
	    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec,
	    &len) == 6 && len == 20 && env[len] == '\0') {
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		return (long long)timegm(&tm);
	}
#endif
	return (long long)time(NULL);
}

const char *
db_now(void)
{
	static char buf[32];
	time_t t = (time_t)db_clock();
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

/*
 * Built with SQLite's string builder, then copied, so that the caller
 * frees it with free() and never calls sqlite3_free().
 */
int
db_schema_dump(struct db *db, char **sql)
{
	sqlite3_stmt *st;
	sqlite3_str *text;
	char *built;
	int step, version;

	*sql = NULL;
	if (db_schema_version(db, &version) != DB_OK)
		return DB_ERROR;
	st = db_prepare(db, "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL "
	    "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 "
	    "WHEN 'view' THEN 2 ELSE 3 END, name");
	if (st == NULL)
		return DB_ERROR;
	text = sqlite3_str_new(db->conn);
	sqlite3_str_appendf(text, "-- Generated from migrations/ by 'make "
	    "schema': do not edit.\n-- Schema version %d.\n\n", version);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		sqlite3_str_appendf(text, "%s;\n\n",
		    sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		sqlite3_free(sqlite3_str_finish(text));
		return db_sqlite_fail(db, _("schema"));
	}
	built = sqlite3_str_finish(text);
	if (built == NULL || (*sql = strdup(built)) == NULL) {
		sqlite3_free(built);
		return db_fail(db, _("out of memory"));
	}
	sqlite3_free(built);
	return DB_OK;
}
