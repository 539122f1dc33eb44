/*
 * Query plans: one unit's positive list costs in proportion to its own
 * rows, not the registry's size.  Held by the plan SQLite chooses, not by
 * a timing: grant_span is searched through grant_span_by_unit, and no
 * table of the size of the registry (grant_span, power, delegation) is
 * scanned.  The registry never runs ANALYZE, so the plan of an empty one
 * is the plan of a full one.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "testutil.h"

static struct db *
fresh(void)
{
	struct db *db = NULL;

	ck_assert_int_eq(db_open(&db, ":memory:", DB_CREATE, 0), DB_OK);
	ck_assert_int_eq(db_migrate(db, NULL, NULL), DB_OK);
	return db;
}

/* Whether a line of PLAN starts with PREFIX. */
static int
has_line(const char *plan, const char *prefix)
{
	const char *p = plan;
	size_t n = strlen(prefix);

	while (*p != '\0') {
		if (strncmp(p, prefix, n) == 0)
			return 1;
		if ((p = strchr(p, '\n')) == NULL)
			break;
		p++;
	}
	return 0;
}

/*
 * The positive list's plan searches grant_span by unit and scans none of
 * the big tables (g: grant_span, p: power, e: delegation).
 */
static void
assert_by_unit(const struct positive_filter *f)
{
	struct db *db = fresh();
	char plan[4096];

	ck_assert_int_eq(db_positive_list_plan(db, f, plan, sizeof(plan)),
	    DB_OK);
	ck_assert_msg(has_line(plan, "SEARCH g USING INDEX grant_span_by_unit"),
	    "grant_span not searched by unit:\n%s", plan);
	ck_assert_msg(!has_line(plan, "SCAN g") && !has_line(plan, "SCAN p") &&
	    !has_line(plan, "SCAN e"), "a whole table scanned:\n%s", plan);
	ck_assert_msg(has_line(plan, "SEARCH p USING INDEX "
	    "sqlite_autoindex_power_1 (code=?)"), "power not searched by "
	    "code:\n%s", plan);
	db_close(db);
}

START_TEST(test_one_unit_uses_index)
{
	const struct positive_filter f = {
		.unit = "JZ01", .as_of = "2026-01-01",
	};

	assert_by_unit(&f);
}
END_TEST

START_TEST(test_one_kind_uses_index)
{
	const struct positive_filter f = {
		.kind = "street_town", .as_of = "2026-01-01",
	};

	assert_by_unit(&f);
}
END_TEST

START_TEST(test_plan_text)
{
	struct db *db = fresh();
	char plan[16];
	const struct db_param p = { ":code", "x" };

	/* A plan too long for the buffer is an error, not a cut. */
	ck_assert_int_ne(db_explain(db, "SELECT * FROM power WHERE code = "
	    ":code", &p, 1, plan, sizeof(plan)), DB_OK);
	db_close(db);
}
END_TEST

Suite *
plan_suite(void)
{
	Suite *s = suite_create("plan");
	TCase *tc = tcase_create("plan");

	tcase_add_test(tc, test_one_unit_uses_index);
	tcase_add_test(tc, test_one_kind_uses_index);
	tcase_add_test(tc, test_plan_text);
	suite_add_tcase(s, tc);
	return s;
}
