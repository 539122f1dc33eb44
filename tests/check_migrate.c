/*
 * Migrations: applied in order with user_version, each in one
 * transaction; a newer registry refused; schema/schema.sql current.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "rows.h"
#include "testutil.h"

START_TEST(test_migrate_sets_version)
{
	struct db *db = tu_fresh_registry();
	int version = -1;

	ck_assert_int_eq(db_schema_version(db, &version), DB_OK);
	ck_assert_int_eq(version, db_schema_latest());
	ck_assert_int_gt(version, 0);
	/* A second run applies nothing and changes nothing. */
	ck_assert_int_eq(db_migrate(db, NULL, NULL), DB_OK);
	ck_assert_int_eq(db_schema_version(db, &version), DB_OK);
	ck_assert_int_eq(version, db_schema_latest());
	db_close(db);
}
END_TEST

START_TEST(test_schema_file_current)
{
	struct db *db = tu_fresh_registry();
	char *dumped = NULL, *sql = NULL, *onfile, path[4096];
	size_t dlen = 0, flen = 0;
	FILE *mem = open_memstream(&dumped, &dlen);

	ck_assert_ptr_nonnull(mem);
	ck_assert_int_eq(db_schema_dump(db, &sql), DB_OK);
	fputs(sql, mem);
	free(sql);
	fclose(mem);
	snprintf(path, sizeof(path), "%s/schema/schema.sql", tu_top());
	onfile = tu_read_file(path, &flen);
	ck_assert_msg(onfile != NULL, "cannot read %s", path);
	ck_assert_msg(dlen == flen && memcmp(dumped, onfile, dlen) == 0,
	    "schema/schema.sql is stale: run 'make schema'");
	free(dumped);
	free(onfile);
	db_close(db);
}
END_TEST

/* Fresh registry on disk at PATH with the migrations applied. */
static void
make_registry(const char *path)
{
	struct db *db = NULL;

	unlink(path);
	ck_assert_int_eq(db_open(&db, path, DB_CREATE, 0), DB_OK);
	ck_assert_int_eq(db_migrate(db, NULL, NULL), DB_OK);
	db_close(db);
}

START_TEST(test_newer_registry_refused)
{
	char path[] = "/tmp/powers-newer-XXXXXX";
	struct db *db = NULL;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	make_registry(path);
	/* Pretend a later program migrated it further. */
	ck_assert_int_eq(db_open(&db, path, DB_MIGRATE, 0), DB_OK);
	db_close(db);
	{
		char cmd[256];

		snprintf(cmd, sizeof(cmd), "sqlite3 %s 'PRAGMA user_version "
		    "= %d'", path, db_schema_latest() + 1);
		ck_assert_int_eq(system(cmd), 0);
	}
	ck_assert_int_eq(db_open(&db, path, DB_WRITE, 0), DB_ERROR);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "newer"));
	db_close(db);
	db = NULL;
	ck_assert_int_eq(db_open(&db, path, DB_MIGRATE, 0), DB_ERROR);
	db_close(db);
	unlink(path);
}
END_TEST

START_TEST(test_other_sqlite_file_refused)
{
	char path[] = "/tmp/powers-other-XXXXXX", cmd[256];
	struct db *db = NULL;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(cmd, sizeof(cmd), "sqlite3 %s 'CREATE TABLE t (x)'", path);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(db_open(&db, path, DB_READ, 0), DB_ERROR);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), "not a powers registry"));
	db_close(db);
	unlink(path);
}
END_TEST

START_TEST(test_missing_registry_not_created)
{
	const char *path = "/tmp/powers-no-such-registry.db";
	struct db *db = NULL;

	unlink(path);
	ck_assert_int_eq(db_open(&db, path, DB_WRITE, 0), DB_ERROR);
	ck_assert_ptr_nonnull(strstr(db_errmsg(db), path));
	db_close(db);
	ck_assert_int_ne(access(path, F_OK), 0);
}
END_TEST

START_TEST(test_strict_and_checks)
{
	struct db *db = tu_fresh_registry();
	long rows = -1;
	FILE *null = fopen("/dev/null", "w");
	struct rows_out w;

	/* The CHECK on kinds holds: no unit of an unknown kind. */
	ck_assert_ptr_nonnull(null);
	rows_out_init(&w, null, OUT_CSV);
	ck_assert_int_eq(rows_out_end(&w, db_query(db, "INSERT INTO unit "
	    "(code, name, kind, row_hash) VALUES ('X', 'x', 'county', "
	    "zeroblob(32)) RETURNING 1", NULL, 0, rows_out_row, &w, &rows)),
	    DB_REJECT);
	/* Nor an empty code. */
	rows_out_init(&w, null, OUT_CSV);
	ck_assert_int_eq(rows_out_end(&w, db_query(db, "INSERT INTO unit "
	    "(code, name, kind, row_hash) VALUES ('', 'x', 'new_city', "
	    "zeroblob(32)) RETURNING 1", NULL, 0, rows_out_row, &w, &rows)),
	    DB_REJECT);
	/* STRICT: an integer where TEXT is due is stored as text, a blob not. */
	rows_out_init(&w, null, OUT_CSV);
	ck_assert_int_eq(rows_out_end(&w, db_query(db, "INSERT INTO unit "
	    "(code, name, kind, row_hash) VALUES ('X', x'00', 'new_city', "
	    "zeroblob(32)) RETURNING 1", NULL, 0, rows_out_row, &w, &rows)),
	    DB_REJECT);
	fclose(null);
	db_close(db);
}
END_TEST

Suite *
migrate_suite(void)
{
	Suite *s = suite_create("migrate");
	TCase *tc = tcase_create("migrate");

	tcase_add_test(tc, test_migrate_sets_version);
	tcase_add_test(tc, test_schema_file_current);
	tcase_add_test(tc, test_newer_registry_refused);
	tcase_add_test(tc, test_other_sqlite_file_refused);
	tcase_add_test(tc, test_missing_registry_not_created);
	tcase_add_test(tc, test_strict_and_checks);
	suite_add_tcase(s, tc);
	return s;
}
