/*
 * The plans of a bulk write's own statements while it writes without the
 * indexes it builds after its rows (src/db/db_bulk.c): each entry of a
 * batch searches primary keys and delegation_identity, never scans a
 * table of the registry's size; and the indexes are back after the
 * commit, and after a rollback.  The test build defers from the row
 * $POWERS_TEST_BULK_ROWS names, here the first.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "testutil.h"

/* The plan of SQL into PLAN (SIZE bytes). */
static void
plan_of(struct db *db, const char *sql, char *plan, size_t size)
{
	ck_assert_int_eq(db_explain(db, sql, NULL, 0, plan, size), DB_OK);
}

/* A unit's entries: through delegation_by_to when it is there. */
#define BY_TO	"SELECT seq FROM delegation WHERE to_unit = 'KG'"
/* A holder's powers: through power_by_holder. */
#define BY_HOLDER "SELECT code FROM power WHERE holder = 'XA'"

START_TEST(test_batch_without_its_indexes)
{
	/* A New Area, a department of it, a new city; two of its powers. */
	static const char *const units[] = {
		"XA", "新区", "new_area", NULL, NULL,
		"XA07", "生态环境局", "department", "XA", NULL,
		"KG", "空港新城", "new_city", "XA", NULL,
	};
	static const char *const powers[] = {
		"E1", "环评审批", "01", "XA07", "economic", "", "XA", "",
		"E2", "排污许可", "01", "XA07", "social", "", "XA", "",
	};
	const struct log_row grant = { "E1", "XA", "KG", "entrust",
	    "西咸管发〔2024〕1号", "2024-01-01", "" };
	struct db *db;
	struct db_log *lg;
	char plan[4096], why[256];
	size_t i;

	setenv("POWERS_TEST_BULK_ROWS", "1", 1);
	db = tu_fresh_registry();
	tu_import_rows(db, IMPORT_UNITS, units, 3, IMPORT_UNIT_FIELDS, NULL);
	/* Deferred from its first row, made again by the commit. */
	tu_import_rows(db, IMPORT_POWERS, powers, 2, IMPORT_POWER_FIELDS, NULL);
	plan_of(db, BY_HOLDER, plan, sizeof(plan));
	ck_assert_msg(tu_has_line(plan, "SEARCH power USING INDEX "
	    "power_by_holder"), "power_by_holder not made again:\n%s", plan);

	ck_assert_int_eq(db_log_begin(db, "hand:t", "tester",
	    "2026-11-26T00:00:00Z", &lg), DB_OK);
	ck_assert_int_eq(db_log_add(lg, &grant, why, sizeof(why)), DB_OK);
	/* The batch writes without delegation_by_to now ... */
	plan_of(db, BY_TO, plan, sizeof(plan));
	ck_assert_msg(tu_has_line(plan, "SCAN delegation"),
	    "delegation_by_to still there:\n%s", plan);
	/* ... and its own statements search as before. */
	for (i = 0; i < LOG_NSQL; i++) {
		plan_of(db, db_log_row_sql[i], plan, sizeof(plan));
		ck_assert_msg(!tu_has_line(plan, "SCAN "), "a scan in the plan "
		    "of '%s':\n%s", db_log_row_sql[i], plan);
	}
	db_log_free(lg);
	/* A rollback brings the indexes back as they were. */
	db_rollback(db);
	plan_of(db, BY_TO, plan, sizeof(plan));
	ck_assert_msg(tu_has_line(plan, "SEARCH delegation USING COVERING INDEX "
	    "delegation_by_to"), "delegation_by_to not back:\n%s", plan);
	db_close(db);
	unsetenv("POWERS_TEST_BULK_ROWS");
}
END_TEST

Suite *
plan_bulk_suite(void)
{
	Suite *s = suite_create("plan_bulk");
	TCase *tc = tcase_create("plan_bulk");

	tcase_add_test(tc, test_batch_without_its_indexes);
	suite_add_tcase(s, tc);
	return s;
}
