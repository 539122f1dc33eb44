/*
 * Ad-hoc SQL: db_sql() reads and prints, and refuses every way of
 * writing, attaching, vacuuming, setting a pragma or loading code, on a
 * read-write connection as on a read-only one; the time limit stops a
 * runaway query; db_schema_list() hides nothing.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "rows.h"
#include "testutil.h"

/*
 * A registry on disk for the read-only tests, made and removed by the
 * runner (an unchecked fixture), so that a failed test leaves no file.
 */
static char path[64];

static void
make_registry(void)
{
	tu_registry_file(path, sizeof(path));
}

/* The registry at PATH, opened read-only as 'powers sql' opens it. */
static struct db *
open_read_only(void)
{
	struct db *db = NULL;

	ck_assert_int_eq(db_open(&db, path, DB_READ, 0), DB_OK);
	return db;
}

/* A read-only connection leaves its -wal and -shm files behind. */
static void
remove_registry(void)
{
	char aside[80];

	unlink(path);
	snprintf(aside, sizeof(aside), "%s-wal", path);
	unlink(aside);
	snprintf(aside, sizeof(aside), "%s-shm", path);
	unlink(aside);
}

/*
 * Run SQL through db_sql() with PARAMS and a time limit of TIMEOUT
 * seconds; *OUT (may be NULL) gets what it printed, caller frees.
 */
static int
run_params(struct db *db, const char *sql, const struct db_param *params,
    size_t nparams, double timeout, enum out_format format, char **out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct rows_out w;
	int rc;

	ck_assert_ptr_nonnull(fp);
	rows_out_init(&w, fp, format);
	rc = rows_out_end(&w, db_sql(db, sql, params, nparams, timeout,
	    rows_out_row, &w, NULL));
	ck_assert_int_eq(fclose(fp), 0);
	if (out != NULL)
		*out = buf;
	else
		free(buf);
	return rc;
}

static int
run(struct db *db, const char *sql, enum out_format format, char **out)
{
	return run_params(db, sql, NULL, 0, DB_SQL_TIMEOUT, format, out);
}

/* SQL's one value, as CSV prints it; NULL is a test failure. */
static char *
value(struct db *db, const char *sql)
{
	char *out = NULL, *nl;

	ck_assert_msg(run(db, sql, OUT_CSV, &out) == DB_OK, "%s: %s", sql,
	    db_errmsg(db));
	/* The header line, then the value; CSV ends lines with CRLF. */
	ck_assert_ptr_nonnull(nl = strchr(out, '\n'));
	memmove(out, nl + 1, strlen(nl + 1) + 1);
	if ((nl = strchr(out, '\r')) != NULL)
		*nl = '\0';
	return out;
}

/* SQL's one value is WANT. */
static void
expect_value(struct db *db, const char *sql, const char *want)
{
	char *got = value(db, sql);

	ck_assert_msg(strcmp(got, want) == 0, "%s: '%s', not '%s'", sql, got,
	    want);
	free(got);
}

/* The registry's content in brief, to see that a refusal changed none. */
static char *
fingerprint(struct db *db)
{
	return value(db, "SELECT (SELECT count(*) FROM category) || '/' || "
	    "(SELECT count(*) FROM schema_doc) || '/' || "
	    "(SELECT count(*) FROM sqlite_schema) || '/' || "
	    "(SELECT group_concat(name) FROM category)");
}

/*
 * What must be refused, with a word the message must hold: that it was
 * refused and what.
 */
static const struct {
	const char	*sql;
	const char	*says;
} refused[] = {
	{ "INSERT INTO category (code, name) VALUES ('99', 'x')",
	    "INSERT on category" },
	{ "UPDATE category SET name = 'x'", "UPDATE on category" },
	{ "DELETE FROM category", "DELETE on category" },
	{ "DELETE FROM power", "the registry is read-only here (DELETE on power)" },
	{ "REPLACE INTO category VALUES ('01', 'x')", "INSERT on category" },
	{ "INSERT INTO category SELECT '98', 'y' RETURNING *",
	    "INSERT on category" },
	{ "DROP TABLE category", "DROP TABLE category" },
	{ "DROP VIEW positive_list", "DROP VIEW positive_list" },
	{ "DROP INDEX unit_by_name", "DROP INDEX unit_by_name" },
	{ "CREATE TABLE x (a)", "CREATE TABLE x" },
	{ "CREATE TEMP TABLE x (a)", "CREATE TEMP TABLE x" },
	{ "CREATE TEMP VIEW v AS SELECT 1", "CREATE TEMP VIEW v" },
	{ "CREATE INDEX i ON category (name)", "CREATE INDEX i" },
	{ "CREATE VIEW v AS SELECT 1", "CREATE VIEW v" },
	{ "CREATE TRIGGER t AFTER INSERT ON category BEGIN SELECT 1; END",
	    "CREATE TRIGGER t" },
	{ "CREATE VIRTUAL TABLE x USING json_each", "refused" },
	{ "ALTER TABLE category ADD COLUMN x", "ALTER TABLE category" },
	{ "ALTER TABLE category RENAME TO c2", "ALTER TABLE category" },
	{ "REINDEX", "refused" },
	{ "ANALYZE", "refused" },
	{ "ATTACH '/tmp/powers-sql-attach.db' AS y", "ATTACH" },
	{ "ATTACH ':memory:' AS y", "ATTACH" },
	{ "DETACH y", "DETACH y" },
	{ "VACUUM", "VACUUM" },
	{ "VACUUM INTO '/tmp/powers-sql-vacuum.db'", "VACUUM" },
	{ "BEGIN", "BEGIN" },
	{ "BEGIN IMMEDIATE", "BEGIN" },
	{ "COMMIT", "COMMIT" },
	{ "SAVEPOINT s", "SAVEPOINT s" },
	{ "PRAGMA user_version = 5", "PRAGMA user_version = 5" },
	{ "PRAGMA user_version(5)", "PRAGMA user_version = 5" },
	{ "PRAGMA application_id = 1", "PRAGMA application_id" },
	{ "PRAGMA journal_mode = DELETE", "PRAGMA journal_mode" },
	{ "PRAGMA journal_mode", "journal_mode" },
	{ "PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys = OFF" },
	{ "PRAGMA query_only = OFF", "PRAGMA query_only = OFF" },
	{ "PRAGMA writable_schema = ON", "PRAGMA writable_schema" },
	{ "PRAGMA main.user_version = 5", "PRAGMA user_version" },
	{ "PRAGMA wal_checkpoint", "PRAGMA wal_checkpoint" },
	{ "PRAGMA optimize", "PRAGMA optimize" },
	{ "PRAGMA incremental_vacuum", "PRAGMA incremental_vacuum" },
	{ "PRAGMA shrink_memory", "PRAGMA shrink_memory" },
	{ "PRAGMA temp_store_directory = '/tmp'", "temp_store_directory" },
	{ "SELECT load_extension('x')", "function load_extension()" },
	{ "SELECT LOAD_EXTENSION('/tmp/x.so', 'init')", "load_extension" },
	{ "SELECT * FROM pragma_journal_mode", "journal_mode" },
	{ "EXPLAIN DELETE FROM category", "DELETE on category" },
	{ "WITH c AS (SELECT 1) DELETE FROM category", "DELETE on category" },
};

/* Run every refusal on DB; none may change what FINGERPRINT sees. */
static void
check_refusals(struct db *db)
{
	char *before = fingerprint(db), *after, version[16];
	size_t i;

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		int rc = run(db, refused[i].sql, OUT_TABLE, NULL);

		ck_assert_msg(rc == DB_REJECT, "'%s' gave %d, not DB_REJECT: "
		    "%s", refused[i].sql, rc, db_errmsg(db));
		ck_assert_msg(strstr(db_errmsg(db), "refused") != NULL &&
		    strstr(db_errmsg(db), refused[i].says) != NULL,
		    "'%s': message '%s' lacks '%s'", refused[i].sql,
		    db_errmsg(db), refused[i].says);
	}
	after = fingerprint(db);
	ck_assert_str_eq(before, after);
	snprintf(version, sizeof(version), "%d", db_schema_latest());
	expect_value(db, "PRAGMA user_version", version);
	free(before);
	free(after);
}

START_TEST(test_refusals_read_write)
{
	struct db *db = tu_fresh_registry();

	check_refusals(db);
	db_close(db);
}
END_TEST

START_TEST(test_refusals_read_only)
{
	struct db *db = open_read_only();

	check_refusals(db);
	db_close(db);
}
END_TEST

/* VACUUM INTO and ATTACH make no file, read-write or read-only. */
START_TEST(test_no_file_created)
{
	static const char *const files[] = {
		"/tmp/powers-sql-vacuum.db", "/tmp/powers-sql-attach.db",
	};
	struct db *rw = tu_fresh_registry(), *ro = open_read_only();
	size_t i;

	for (i = 0; i < 2; i++)
		unlink(files[i]);
	ck_assert_int_eq(run(rw, "VACUUM INTO '/tmp/powers-sql-vacuum.db'",
	    OUT_TABLE, NULL), DB_REJECT);
	ck_assert_int_eq(run(ro, "VACUUM INTO '/tmp/powers-sql-vacuum.db'",
	    OUT_TABLE, NULL), DB_REJECT);
	ck_assert_int_eq(run(rw, "ATTACH '/tmp/powers-sql-attach.db' AS y",
	    OUT_TABLE, NULL), DB_REJECT);
	ck_assert_int_eq(run(ro, "ATTACH DATABASE '/tmp/powers-sql-attach.db' "
	    "AS y", OUT_TABLE, NULL), DB_REJECT);
	for (i = 0; i < 2; i++)
		ck_assert_msg(access(files[i], F_OK) != 0 && errno == ENOENT,
		    "%s was created", files[i]);
	db_close(rw);
	db_close(ro);
}
END_TEST

/* One statement at a time; an empty query is a usage error too. */
START_TEST(test_one_statement)
{
	struct db *db = tu_fresh_registry();
	char *out = NULL;

	ck_assert_int_eq(run(db, "SELECT 1; SELECT 2", OUT_CSV, NULL),
	    DB_SQL_USAGE);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "one statement"));
	ck_assert_int_eq(run(db, "SELECT 1; DELETE FROM category", OUT_CSV,
	    NULL), DB_SQL_USAGE);
	ck_assert_int_eq(run(db, "SELECT 1;\n/* c */ x", OUT_CSV, NULL),
	    DB_SQL_USAGE);
	expect_value(db, "SELECT count(*) FROM category", "11");
	ck_assert_int_eq(run(db, "", OUT_CSV, NULL), DB_SQL_USAGE);
	ck_assert_int_eq(run(db, " ;; -- nothing\n", OUT_CSV, NULL),
	    DB_SQL_USAGE);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "empty"));
	/* What follows may be blank, comments and semicolons. */
	ck_assert_int_eq(run(db, " ;SELECT 1 AS a; ;\n-- done\n/* end */ ;",
	    OUT_JSON, &out), DB_OK);
	ck_assert_str_eq(out, "[\n{\"a\":1}\n]\n");
	free(out);
	ck_assert_int_eq(run(db, "SELECT 2 AS a -- note;", OUT_JSON, &out),
	    DB_OK);
	ck_assert_str_eq(out, "[\n{\"a\":2}\n]\n");
	free(out);
	db_close(db);
}
END_TEST

/* A syntax error or a missing table is input rejected, with SQLite's word. */
START_TEST(test_bad_query)
{
	struct db *db = tu_fresh_registry();

	ck_assert_int_eq(run(db, "SELEC 1", OUT_TABLE, NULL), DB_REJECT);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "syntax error"));
	ck_assert_int_eq(run(db, "SELECT * FROM nowhere", OUT_TABLE, NULL),
	    DB_REJECT);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "no such table: nowhere"));
	/* An error met while running is the query's too. */
	ck_assert_int_eq(run(db, "SELECT json('{')", OUT_TABLE, NULL),
	    DB_REJECT);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "malformed JSON"));
	/* SQLite refuses this one itself, before the authorizer is asked. */
	ck_assert_int_eq(run(db, "UPDATE sqlite_schema SET sql = ''",
	    OUT_TABLE, NULL), DB_REJECT);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "may not be modified"));
	db_close(db);
}
END_TEST

/* A runaway query stops at the time limit, soon after it. */
START_TEST(test_time_limit)
{
	struct db *db = open_read_only();
	struct timespec t0, t1;
	double took;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(run_params(db, "WITH RECURSIVE c(x) AS (SELECT 1 "
	    "UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000000) "
	    "SELECT count(*) FROM c", NULL, 0, 0.2, OUT_TABLE, NULL),
	    DB_ERROR);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	took = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	ck_assert_str_eq(db_errmsg(db),
	    "query took longer than 0.2 s (--timeout)");
	ck_assert_msg(took >= 0.2 && took < 5, "took %.2f s", took);
	/* The limit is gone afterwards: the connection is as it was. */
	expect_value(db, "SELECT count(*) FROM category", "11");
	db_close(db);
}
END_TEST

START_TEST(test_select_formats)
{
	struct db *db = open_read_only();
	char *out = NULL;

	ck_assert_int_eq(run(db, "SELECT code, name FROM category "
	    "WHERE code IN ('01', '20') ORDER BY code", OUT_CSV, &out), DB_OK);
	ck_assert_str_eq(out, "code,name\r\n01,行政许可\r\n20,公共服务\r\n");
	free(out);
	ck_assert_int_eq(run(db, "SELECT code, name FROM category "
	    "WHERE code = '01'", OUT_TSV, &out), DB_OK);
	ck_assert_str_eq(out, "code\tname\n01\t行政许可\n");
	free(out);
	ck_assert_int_eq(run(db, "SELECT code, name, NULL AS none, 2 AS n "
	    "FROM category WHERE code = '01';", OUT_JSON, &out), DB_OK);
	ck_assert_str_eq(out, "[\n{\"code\":\"01\",\"name\":\"行政许可\","
	    "\"none\":null,\"n\":2}\n]\n");
	free(out);
	ck_assert_int_eq(run(db, "SELECT code FROM category WHERE code = '01'",
	    OUT_MARKDOWN, &out), DB_OK);
	ck_assert_ptr_nonnull(strstr(out, "| code |"));
	free(out);
	ck_assert_int_eq(run(db, "SELECT code FROM category WHERE code = '01'",
	    OUT_TABLE, &out), DB_OK);
	ck_assert_ptr_nonnull(strstr(out, "01"));
	free(out);
	db_close(db);
}
END_TEST

/* Views, CTEs, table-valued functions and reading pragmas are allowed. */
START_TEST(test_reading_allowed)
{
	struct db *db = open_read_only();
	char *out = NULL;

	expect_value(db, "SELECT count(*) FROM positive_list", "0");
	expect_value(db, "SELECT count(*) FROM powers_readable", "0");
	expect_value(db, "SELECT count(*) FROM schema_doc WHERE kind = 'view'",
	    "8");
	expect_value(db, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
	    "SELECT x + 1 FROM c WHERE x < 10) SELECT sum(x) FROM c", "55");
	expect_value(db, "SELECT count(*) FROM json_each('[1,2,3]')", "3");
	expect_value(db, "WITH j AS (SELECT value FROM json_each('[4,5]')) "
	    "SELECT sum(value) FROM j", "9");
	expect_value(db, "SELECT count(*) FROM pragma_table_info('category')",
	    "2");
	expect_value(db, "PRAGMA application_id", "1347899987");
	expect_value(db, "VALUES (7)", "7");
	ck_assert_int_eq(run(db, "PRAGMA table_info(category)", OUT_CSV, &out),
	    DB_OK);
	ck_assert_ptr_nonnull(strstr(out, ",code,TEXT,"));
	free(out);
	ck_assert_int_eq(run(db, "PRAGMA integrity_check", OUT_CSV, &out),
	    DB_OK);
	ck_assert_ptr_nonnull(strstr(out, "ok"));
	free(out);
	ck_assert_int_eq(run(db, "EXPLAIN QUERY PLAN SELECT * FROM category",
	    OUT_CSV, NULL), DB_OK);
	/* JSON is rendered from the rows, so a pragma has it too. */
	ck_assert_int_eq(run(db, "PRAGMA table_info(category)", OUT_JSON,
	    &out), DB_OK);
	ck_assert_ptr_nonnull(strstr(out, "{\"cid\":0,\"name\":\"code\""));
	free(out);
	db_close(db);
}
END_TEST

START_TEST(test_params)
{
	struct db *db = open_read_only();
	const struct db_param p[] = {
		{ "code", "20" },
		{ "kind", "unused" },
		{ ":code", "01" },	/* the last given wins */
	};
	const struct db_param two[] = {
		{ "a", "x" }, { "b", "y'); DROP TABLE category; --" },
	};
	char *out = NULL;

	ck_assert_int_eq(run_params(db, "SELECT name FROM category "
	    "WHERE code = :code", p, 3, 1, OUT_CSV, &out), DB_OK);
	ck_assert_str_eq(out, "name\r\n行政许可\r\n");
	free(out);
	ck_assert_int_eq(run_params(db, "SELECT name FROM category "
	    "WHERE code = @code", p, 1, 1, OUT_JSON, &out), DB_OK);
	ck_assert_str_eq(out, "[\n{\"name\":\"公共服务\"}\n]\n");
	free(out);
	/* Values are bound, never SQL. */
	ck_assert_int_eq(run_params(db, "SELECT :a || $b AS v", two, 2, 1,
	    OUT_CSV, &out), DB_OK);
	ck_assert_str_eq(out, "v\r\nxy'); DROP TABLE category; --\r\n");
	free(out);
	/* Every parameter named and not given is a usage error. */
	ck_assert_int_eq(run_params(db, "SELECT :x, :code, :y", p, 1, 1,
	    OUT_CSV, NULL), DB_SQL_USAGE);
	ck_assert_str_eq(db_errmsg(db),
	    "no value for :x, :y: give --param NAME=VALUE");
	ck_assert_int_eq(run_params(db, "SELECT ?", p, 1, 1, OUT_CSV, NULL),
	    DB_SQL_USAGE);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "no name"));
	db_close(db);
}
END_TEST

/* After db_sql(), refused or not, the connection can write again. */
START_TEST(test_connection_restored)
{
	struct db *db = tu_fresh_registry();

	ck_assert_int_eq(run(db, "DELETE FROM category", OUT_CSV, NULL),
	    DB_REJECT);
	ck_assert_int_eq(run(db, "SELECT 1", OUT_CSV, NULL), DB_OK);
	/* BEGIN IMMEDIATE fails under query_only or the authorizer. */
	ck_assert_int_eq(db_begin(db), DB_OK);
	ck_assert_int_eq(db_commit(db), DB_OK);
	db_close(db);
}
END_TEST

START_TEST(test_schema_list)
{
	struct db *db = open_read_only();
	char *out = NULL, *doc;
	const char *s;
	size_t len = 0;
	long lines = 0;
	FILE *fp = open_memstream(&out, &len);
	struct rows_out w;

	ck_assert_ptr_nonnull(fp);
	rows_out_init(&w, fp, OUT_CSV);
	ck_assert_int_eq(rows_out_end(&w, db_schema_list(db, rows_out_row,
	    &w)), DB_OK);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_ptr_nonnull(strstr(out, "name,kind,description\r\n"));
	ck_assert_ptr_nonnull(strstr(out, "\r\nunit,table,"));
	ck_assert_ptr_nonnull(strstr(out, "\r\ndelegation,table,"));
	ck_assert_ptr_nonnull(strstr(out, "\r\npositive_list,view,"));
	/* Every table and view has its line, documented or not. */
	doc = value(db, "SELECT count(*) FROM sqlite_schema "
	    "WHERE type IN ('table', 'view')");
	for (s = out; *s; s++)
		lines += *s == '\n';
	ck_assert_int_eq(lines - 1, atol(doc));
	free(doc);
	free(out);
	db_close(db);
}
END_TEST

Suite *
sql_suite(void)
{
	Suite *s = suite_create("sql");
	TCase *tc = tcase_create("sql");

	tcase_set_timeout(tc, 30);
	tcase_add_unchecked_fixture(tc, make_registry, remove_registry);
	tcase_add_test(tc, test_refusals_read_write);
	tcase_add_test(tc, test_refusals_read_only);
	tcase_add_test(tc, test_no_file_created);
	tcase_add_test(tc, test_one_statement);
	tcase_add_test(tc, test_bad_query);
	tcase_add_test(tc, test_time_limit);
	tcase_add_test(tc, test_select_formats);
	tcase_add_test(tc, test_reading_allowed);
	tcase_add_test(tc, test_params);
	tcase_add_test(tc, test_connection_restored);
	tcase_add_test(tc, test_schema_list);
	suite_add_tcase(s, tc);
	return s;
}
