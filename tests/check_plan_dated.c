/*
 * The plans of one unit's positive list as of a day before a dated change
 * and as recorded on an earlier day (issue 14): the TEMP views of
 * db_as_of.c must keep it in proportion to the unit's own rows, as
 * check_plan.c holds it for the tables: the unit's log entries searched
 * through delegation_by_to, each power by its code, each event of a power
 * by attribute_change_by_code; no table of the registry's size scanned.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "testutil.h"

static char path[64];

/*
 * A registry file with a unit's grant and a change of its power's name
 * from 2027-01-01, recorded on 2026-11-26.
 */
static void
make_registry(void)
{
	static const char *const units[] = {
		"XQ", "西咸新区", "new_area", NULL, NULL,
		"D1", "局", "department", "XQ", NULL,
		"C1", "城", "new_city", "XQ", NULL,
	};
	static const char *const powers[] = {
		"P1", "事项", "01", "D1", "economic", "", "XQ", "",
	};
	static const char *const renamed[] = {
		"P1", "新事项", "01", "D1", "economic", "", "XQ", "",
	};
	const struct log_row grant = { "P1", "XQ", "C1", "delegate", "文1号",
	    "2022-03-03", "" };
	struct db *db = NULL;
	struct db_log *lg;
	char why[256];
	tu_registry_file(path, sizeof(path));
	ck_assert_int_eq(db_open(&db, path, DB_WRITE, 0), DB_OK);
	tu_import_rows(db, IMPORT_UNITS, units, 3, IMPORT_UNIT_FIELDS, NULL);
	tu_import_rows(db, IMPORT_POWERS, powers, 1, IMPORT_POWER_FIELDS, NULL);
	ck_assert_int_eq(db_log_begin(db, "hand:t", "tester",
	    "2026-11-26T00:00:00Z", &lg), DB_OK);
	ck_assert_int_eq(db_log_add(lg, &grant, why, sizeof(why)), DB_OK);
	db_log_free(lg);
	ck_assert_int_eq(db_commit(db), DB_OK);
	tu_import_rows(db, IMPORT_POWERS, renamed, 1, IMPORT_POWER_FIELDS,
	    "2027-01-01");
	db_close(db);
}

/* The positive list of C1 as of 2026-01-01, as recorded on RECORDED. */
static void
assert_plan(const char *recorded, const char *by_unit)
{
	static const char *const scans[] = {
		"SCAN g", "SCAN p", "SCAN d", "SCAN e", "SCAN c", "SCAN x",
		"SCAN main.", "SCAN power", "SCAN delegation",
		"SCAN grant_span", "SCAN attribute_change",
	};
	const struct positive_filter f = { .unit = "C1", .as_of = "2026-01-01" };
	struct db *db = NULL;
	char plan[16384];
	size_t i;

	ck_assert_int_eq(db_open(&db, path, DB_READ, 0), DB_OK);
	db_set_as_recorded(db, recorded);
	ck_assert_int_eq(db_positive_list_plan(db, &f, plan, sizeof(plan)),
	    DB_OK);
	ck_assert_msg(tu_has_line(plan, by_unit), "not searched by unit (%s):\n%s",
	    by_unit, plan);
	ck_assert_msg(tu_has_line(plan, "SEARCH p USING INDEX "
	    "sqlite_autoindex_power_1 (code=?)"), "power not by code:\n%s",
	    plan);
	ck_assert_msg(tu_has_line(plan, "SEARCH c USING INDEX "
	    "attribute_change_by_code (entity=? AND code=?)"), "a power's "
	    "events not searched by its code (no replay?):\n%s", plan);
	for (i = 0; i < sizeof(scans) / sizeof(scans[0]); i++)
		ck_assert_msg(!tu_has_line(plan, scans[i]), "'%s' in the plan:\n%s",
		    scans[i], plan);
	db_close(db);
}

START_TEST(test_as_of_before_a_change)
{
	make_registry();
	assert_plan(NULL, "SEARCH g USING INDEX grant_span_by_unit");
	unlink(path);
}
END_TEST

START_TEST(test_as_recorded)
{
	make_registry();
	assert_plan("2026-11-25", "SEARCH d USING INDEX delegation_by_to");
	unlink(path);
}
END_TEST

Suite *
plan_dated_suite(void)
{
	Suite *s = suite_create("plan_dated");
	TCase *tc = tcase_create("plan_dated");

	tcase_add_test(tc, test_as_of_before_a_change);
	tcase_add_test(tc, test_as_recorded);
	suite_add_tcase(s, tc);
	return s;
}
