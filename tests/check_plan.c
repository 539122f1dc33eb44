/*
 * Query plans: one unit's positive list, and every section of stats, list,
 * show, diff, history, unit list, unit show and unit retire, cost in proportion to their own rows, not the
 * registry's size.  Held by the plan SQLite chooses, not by
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

/*
 * A power's spans: grant_span_by_power, covering (migration 0017).  A
 * unit's: grant_span_by_unit, covering when the query reads no more of
 * grant_span than stats does.
 */
#define GRANT_BY_POWER \
	"SEARCH g USING COVERING INDEX grant_span_by_power (power=?"
#define GRANT_BY_UNIT "SEARCH g USING INDEX grant_span_by_unit (to_unit=?"
#define GRANT_BY_UNIT_COVERING \
	"SEARCH g USING COVERING INDEX grant_span_by_unit (to_unit=?"
/* Whether a power is cancelled: a search of the cancellations alone. */
#define CANCEL_BY_POWER \
	"SEARCH dc USING INDEX delegation_cancels (power=?"
/* Every power's code and class, in key order, with no row of power. */
#define POWER_CLASSES "SCAN p USING COVERING INDEX power_by_department"

/* Whether a unit is retired: a search of its own attribute changes. */
#define RETIRED_BY_UNIT \
	"SEARCH ur USING INDEX attribute_change_by_code (entity=? AND code=?)"

/*
 * The positive list's plan searches grant_span by unit and scans none of
 * the big tables (g: grant_span, p: power, e: delegation).
 */
static void
assert_by_unit(const struct positive_filter *f)
{
	struct db *db = tu_fresh_registry();
	char plan[4096];

	ck_assert_int_eq(db_positive_list_plan(db, f, plan, sizeof(plan)),
	    DB_OK);
	ck_assert_msg(tu_has_line(plan, "SEARCH g USING INDEX grant_span_by_unit"),
	    "grant_span not searched by unit:\n%s", plan);
	ck_assert_msg(!tu_has_line(plan, "SCAN g") && !tu_has_line(plan, "SCAN p") &&
	    !tu_has_line(plan, "SCAN e"), "a whole table scanned:\n%s", plan);
	ck_assert_msg(tu_has_line(plan, "SEARCH p USING INDEX "
	    "sqlite_autoindex_power_1 (code=?)"), "power not searched by "
	    "code:\n%s", plan);
	ck_assert_msg(tu_has_line(plan, RETIRED_BY_UNIT), "membership not "
	    "searched by unit:\n%s", plan);
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

/*
 * A department's list by level: its powers through power_by_department,
 * whether each is cancelled through its own entries.
 */
START_TEST(test_department_list)
{
	struct db *db = tu_fresh_registry();
	const struct positive_filter f = {
		.department = "XQ06", .as_of = "2026-01-01",
	};
	char plan[4096];

	ck_assert_int_eq(db_positive_list_plan(db, &f, plan, sizeof(plan)),
	    DB_OK);
	ck_assert_msg(tu_has_line(plan, CANCEL_BY_POWER), "cancels not searched "
	    "by power:\n%s", plan);
	/* "SCAN g" is the department's spans, materialized. */
	ck_assert_msg(!tu_has_line(plan, "SCAN p") && !tu_has_line(plan, "SCAN e") &&
	    !tu_has_line(plan, "SCAN dc"), "a whole table scanned:\n%s", plan);
	db_close(db);
}
END_TEST

START_TEST(test_plan_text)
{
	struct db *db = tu_fresh_registry();
	char plan[16];
	const struct db_param p = { ":code", "x" };

	/* A plan too long for the buffer is an error, not a cut. */
	ck_assert_int_ne(db_explain(db, "SELECT * FROM power WHERE code = "
	    ":code", &p, 1, plan, sizeof(plan)), DB_OK);
	db_close(db);
}
END_TEST

/*
 * No table of the size of the registry is scanned, the outer query's or
 * a correlated subquery's: "SCAN g" (grant_span), "SCAN p" (power), "SCAN
 * e" or "SCAN d" (delegation, in the views and in history).  The lines of
 * PLAN that ALLOW names are let through (a read of every power that the
 * query prints).
 */
static void
assert_no_scan(const char *what, const char *plan, const char *allow)
{
	static const char *const big[] = { "SCAN g", "SCAN p", "SCAN e",
	    "SCAN d" };
	const char *line;
	size_t i;

	for (line = plan; *line != '\0'; ) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);

		for (i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
			size_t n = strlen(big[i]);

			if (len >= n && strncmp(line, big[i], n) == 0 &&
			    (len == n || line[n] == ' ') &&
			    (allow == NULL || strncmp(line, allow,
			    strlen(allow)) != 0))
				ck_abort_msg("%s: a whole table scanned:\n%s",
				    what, plan);
		}
		if (end == NULL)
			break;
		line = end + 1;
	}
}

static void
assert_has(const char *what, const char *plan, const char *line)
{
	ck_assert_msg(tu_has_line(plan, line), "%s: no '%s' in:\n%s", what, line,
	    plan);
}

/*
 * The plan's lines after its first correlated subquery's (the plan gives
 * no depth: what follows is that subquery's, then the rest).
 */
static const char *
correlated(const char *what, const char *plan)
{
	const char *p = strstr(plan, "CORRELATED ");

	ck_assert_msg(p != NULL, "%s: no correlated subquery:\n%s", what,
	    plan);
	return strchr(p, '\n') + 1;
}

static const struct db_section *
section(const struct db_section *s, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(s[i].name, name) == 0)
			return &s[i];
	ck_abort_msg("no section '%s'", name);
	return NULL;
}


/*
 * stats: each figure from its index, read in key order (migration 0017).
 * The summary reads every power's code and class once from
 * power_by_department and searches each economic power's own spans and
 * cancels; a search of power by code for each grant to a new city read a
 * random page each on scattered codes (21.5 s at 1M).  By new city: a
 * unit's grants counted in grant_span_by_unit, less the social powers',
 * found from the power side.  By department, the correlated subquery
 * searches the power's own spans: searching every new city's grants for
 * each power was O(powers x grants), over 15 minutes at 300k.  No section
 * reads a row of power or grant_span for each row of another table.
 */
START_TEST(test_stats_sections)
{
	struct db *db = tu_fresh_registry();
	const struct db_param p = { ":as_of", "2026-01-01" };
	char plan[4096];
	const struct db_section *s;

	s = section(db_stats_sections, db_stats_nsections, "summary");
	ck_assert_int_eq(db_explain(db, s->sql, &p, 1, plan, sizeof(plan)),
	    DB_OK);
	assert_has("summary", plan, POWER_CLASSES);
	assert_no_scan("summary", plan, POWER_CLASSES);
	assert_has("summary", plan, CANCEL_BY_POWER);
	assert_has("summary", plan, GRANT_BY_POWER);
	s = section(db_stats_sections, db_stats_nsections, "by_new_city");
	ck_assert_int_eq(db_explain(db, s->sql, &p, 1, plan, sizeof(plan)),
	    DB_OK);
	assert_has("by_new_city", plan, GRANT_BY_UNIT_COVERING);
	assert_has("by_new_city", plan, GRANT_BY_POWER);
	assert_has("by_new_city", plan, RETIRED_BY_UNIT);
	assert_no_scan("by_new_city", plan, POWER_CLASSES);
	s = section(db_stats_sections, db_stats_nsections, "by_street_town");
	ck_assert_int_eq(db_explain(db, s->sql, &p, 1, plan, sizeof(plan)),
	    DB_OK);
	assert_has("by_street_town", plan, GRANT_BY_UNIT_COVERING);
	assert_has("by_street_town", plan, RETIRED_BY_UNIT);
	assert_no_scan("by_street_town", plan, NULL);
	s = section(db_stats_sections, db_stats_nsections, "by_department");
	ck_assert_int_eq(db_explain(db, s->sql, &p, 1, plan, sizeof(plan)),
	    DB_OK);
	assert_has("by_department", correlated("by_department", plan),
	    GRANT_BY_POWER);
	ck_assert_msg(!tu_has_line(correlated("by_department", plan),
	    GRANT_BY_UNIT),
	    "by_department: a new city's grants for each power:\n%s", plan);
	assert_has("by_department", plan, "SEARCH p USING COVERING INDEX "
	    "power_by_department (department=?)");
	assert_has("by_department", plan, CANCEL_BY_POWER);
	assert_no_scan("by_department", plan, NULL);
	db_close(db);
}
END_TEST

/* list: driven by the index of the filter given. */
static void
assert_list(const struct power_filter *f, const char *want, const char *allow)
{
	struct db *db = tu_fresh_registry();
	char plan[4096];

	ck_assert_int_eq(db_list_powers_plan(db, f, plan, sizeof(plan)), DB_OK);
	if (want != NULL)
		assert_has("list", plan, want);
	/* exercised_by: each power's own spans. */
	assert_has("list", correlated("list", plan), GRANT_BY_POWER);
	assert_has("list", plan, CANCEL_BY_POWER);
	assert_no_scan("list", plan, allow);
	db_close(db);
}

START_TEST(test_list_filters)
{
	const struct power_filter all = { .as_of = "2026-01-01" };
	const struct power_filter unit = { .unit = "JZ01",
	    .as_of = "2026-01-01" };
	const struct power_filter kind = { .kind = "new_city",
	    .as_of = "2026-01-01" };
	const struct power_filter dept = { .department = "XQ03",
	    .as_of = "2026-01-01" };
	const struct power_filter cat = { .category = "01",
	    .as_of = "2026-01-01" };

	/* Every power is printed: one pass over power in code order. */
	assert_list(&all, "SCAN p USING INDEX sqlite_autoindex_power_1",
	    "SCAN p USING INDEX sqlite_autoindex_power_1");
	assert_list(&unit, GRANT_BY_UNIT_COVERING, NULL);
	assert_list(&unit, "SEARCH power USING INDEX power_by_holder "
	    "(holder=?)", NULL);
	assert_list(&kind, GRANT_BY_UNIT_COVERING, NULL);
	assert_list(&dept, "SEARCH p USING INDEX power_by_department "
	    "(department=?)", NULL);
	assert_list(&cat, "SEARCH p USING INDEX power_by_department "
	    "(department=? AND category=?)", NULL);
}
END_TEST

/* show: one power, by its code, in every section. */
START_TEST(test_show_sections)
{
	struct db *db = tu_fresh_registry();
	const struct db_param p[] = { { ":code", "X" },
	    { ":as_of", "2026-01-01" } };
	char plan[4096];
	int i;

	for (i = 0; i < db_show_nsections; i++) {
		ck_assert_int_eq(db_explain(db, db_show_sections[i].sql, p, 2,
		    plan, sizeof(plan)), DB_OK);
		assert_no_scan(db_show_sections[i].name, plan, NULL);
	}
	ck_assert_int_eq(db_explain(db, section(db_show_sections,
	    db_show_nsections, "holders")->sql, p, 2, plan, sizeof(plan)),
	    DB_OK);
	assert_has("holders", plan, GRANT_BY_POWER);
	ck_assert_int_eq(db_explain(db, section(db_show_sections,
	    db_show_nsections, "history")->sql, p, 2, plan, sizeof(plan)),
	    DB_OK);
	assert_has("history", plan,
	    "SEARCH d USING INDEX delegation_identity (power=?)");
	db_close(db);
}
END_TEST

/* diff: the grants that started or ended between the dates. */
START_TEST(test_diff)
{
	struct db *db = tu_fresh_registry();
	char plan[16384];

	ck_assert_int_eq(db_diff_plan(db, "2022-01-01", "2026-01-01", plan,
	    sizeof(plan)), DB_OK);
	assert_has("diff", plan, GRANT_BY_UNIT " AND start_date>? AND "
	    "start_date<?)");
	assert_has("diff", plan, "SEARCH g USING INDEX grant_span_by_end "
	    "(end_date>? AND end_date<?)");
	assert_no_scan("diff", plan, NULL);
	/* Backwards too. */
	ck_assert_int_eq(db_diff_plan(db, "2026-01-01", "2022-01-01", plan,
	    sizeof(plan)), DB_OK);
	assert_has("diff", plan, GRANT_BY_UNIT " AND start_date>? AND "
	    "start_date<?)");
	assert_no_scan("diff", plan, NULL);
	db_close(db);
}
END_TEST

/* history: a power's entries, or a span of days, from their index. */
START_TEST(test_history)
{
	struct db *db = tu_fresh_registry();
	const struct history_filter power = { .power = "X" };
	const struct history_filter since = { .since = "2025-01-01" };
	const struct history_filter span = { .since = "2025-01-01",
	    .until = "2025-02-01" };
	const struct history_filter all = { 0 };
	char plan[4096];

	ck_assert_int_eq(db_history_plan(db, &power, plan, sizeof(plan)),
	    DB_OK);
	assert_has("history CODE", plan,
	    "SEARCH d USING INDEX delegation_identity (power=?)");
	assert_no_scan("history CODE", plan, NULL);
	ck_assert_int_eq(db_history_plan(db, &since, plan, sizeof(plan)),
	    DB_OK);
	assert_has("history --since", plan,
	    "SEARCH d USING INDEX delegation_by_to (to_unit=? AND effective>?");
	assert_no_scan("history --since", plan, NULL);
	ck_assert_int_eq(db_history_plan(db, &span, plan, sizeof(plan)),
	    DB_OK);
	assert_has("history --since --until", plan,
	    "SEARCH d USING INDEX delegation_by_to (to_unit=? AND effective>?");
	/* The whole log, in its own order: no sort. */
	ck_assert_int_eq(db_history_plan(db, &all, plan, sizeof(plan)), DB_OK);
	ck_assert_msg(!tu_has_line(plan, "USE TEMP B-TREE"), "history sorts the "
	    "whole log:\n%s", plan);
	db_close(db);
}
END_TEST

/*
 * history --unit: a unit's entries are those it was given (delegation_by_to
 * (to_unit, effective)) and those it gave (delegation_by_from (from_unit,
 * effective)), one search each of the dates asked (all of them when none
 * is): a department's or the New Area's were a scan of the whole log.
 * With a power, that power's entries.
 */
#define LOG_TO "SEARCH d USING INDEX delegation_by_to (to_unit=?"
#define LOG_FROM "SEARCH d USING INDEX delegation_by_from (from_unit=?"

START_TEST(test_history_unit)
{
	static const char dates[] = " AND effective>? AND effective<?)";
	const struct {
		struct history_filter f;
		const char *want[2];
	} cases[] = {
		{ { .unit = "JZ01" }, { LOG_TO, LOG_FROM } },
		{ { .unit = "JZ01", .since = "2025-01-01", .until = "2025-02-01" },
		    { LOG_TO, LOG_FROM } },
		{ { .unit = "JZ01", .power = "X" },
		    { "SEARCH d USING INDEX delegation_identity (power=?", NULL } },
	};
	struct db *db = tu_fresh_registry();
	char plan[4096], want[256];
	size_t i, j;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(db_history_plan(db, &cases[i].f, plan,
		    sizeof(plan)), DB_OK);
		for (j = 0; j < 2 && cases[i].want[j] != NULL; j++) {
			snprintf(want, sizeof(want), "%s%s", cases[i].want[j],
			    cases[i].f.power == NULL ? dates : "");
			assert_has("history --unit", plan, want);
		}
		assert_no_scan("history --unit", plan, NULL);
	}
	db_close(db);
}
END_TEST

/*
 * diff --unit: a grantee's grants by start and by end through
 * grant_span_by_unit, a giver's entries between the dates through
 * delegation_by_from and the grant of each by the power's key; both ways.
 */
START_TEST(test_diff_unit)
{
	struct db *db = tu_fresh_registry();
	char plan[16384];
	int back;

	for (back = 0; back < 2; back++) {
		ck_assert_int_eq(db_diff_unit_plan(db, "JZ01",
		    back ? "2026-01-01" : "2022-01-01",
		    back ? "2022-01-01" : "2026-01-01", plan, sizeof(plan)),
		    DB_OK);
		assert_has("diff --unit", plan, GRANT_BY_UNIT " AND "
		    "start_date>? AND start_date<?)");
		assert_has("diff --unit", plan, LOG_FROM " AND effective>? AND "
		    "effective<?)");
		assert_has("diff --unit", plan, "SEARCH g USING INDEX "
		    "sqlite_autoindex_grant_span_1 (power=? AND start_seq=?)");
		assert_no_scan("diff --unit", plan, NULL);
	}
	db_close(db);
}
END_TEST

/* The plan of the section NAME of 'unit show', for one unit. */
static void
unit_show_plan(struct db *db, const char *name, char *plan, size_t size)
{
	const struct db_param p[] = { { ":code", "JZ01" },
	    { ":as_of", "2026-01-01" } };

	ck_assert_int_eq(db_explain(db, section(db_unit_show_sections,
	    db_unit_show_nsections, name)->sql, p, 2, plan, size), DB_OK);
}

/*
 * unit list: each unit's count from its own grants (grant_span_by_unit)
 * and the powers it holds (power_by_holder, then each one's spans), read
 * once for each of the few units; unit show: one unit, in every section.
 */
START_TEST(test_units)
{
	struct db *db = tu_fresh_registry();
	const char *holder = "SEARCH h USING INDEX power_by_holder (holder=?)";
	char plan[4096];
	int i;

	ck_assert_int_eq(db_unit_list_plan(db, NULL, "2026-01-01", plan,
	    sizeof(plan)), DB_OK);
	assert_has("unit list", correlated("unit list", plan), GRANT_BY_UNIT);
	assert_has("unit list", plan, holder);
	assert_has("unit list", plan, GRANT_BY_POWER);
	assert_has("unit list", plan, RETIRED_BY_UNIT);
	assert_no_scan("unit list", plan, NULL);
	ck_assert_int_eq(db_unit_list_plan(db, "street_town", "2026-01-01",
	    plan, sizeof(plan)), DB_OK);
	assert_no_scan("unit list --kind", plan, NULL);
	for (i = 0; i < db_unit_show_nsections; i++) {
		unit_show_plan(db, db_unit_show_sections[i].name, plan,
		    sizeof(plan));
		assert_no_scan(db_unit_show_sections[i].name, plan, NULL);
	}
	unit_show_plan(db, "powers", plan, sizeof(plan));
	assert_has("unit show powers", plan, GRANT_BY_UNIT);
	assert_has("unit show powers", plan, holder);
	unit_show_plan(db, "history", plan, sizeof(plan));
	assert_has("unit show history", plan, LOG_TO);
	assert_has("unit show history", plan, LOG_FROM);
	unit_show_plan(db, "retirement", plan, sizeof(plan));
	assert_has("unit show retirement", plan, "SEARCH f USING INDEX "
	    "attribute_change_by_code (entity=? AND code=?)");
	assert_no_scan("unit show retirement", plan, "SCAN d");
	ck_assert_msg(!tu_has_line(plan, "SCAN"), "unit show retirement: a "
	    "scan:\n%s", plan);
	unit_show_plan(db, "changes", plan, sizeof(plan));
	assert_has("unit show changes", plan, "SEARCH c USING INDEX "
	    "attribute_change_by_code (entity=? AND code=?)");
	db_close(db);
}
END_TEST

/*
 * unit retire: the unit and what refuses it, its own entries through
 * both indexes of the log; its live grants through grant_span_by_unit.
 */
START_TEST(test_unit_retire)
{
	struct db *db = tu_fresh_registry();
	const struct db_param p[] = { { "?1", "JZ01" },
	    { "?2", "2026-01-01" } };
	char plan[4096];

	ck_assert_int_eq(db_unit_retire_nqueries, 2);
	ck_assert_int_eq(db_explain(db, db_unit_retire_queries[0], p, 2, plan,
	    sizeof(plan)), DB_OK);
	assert_has("retire refusal", plan, "SEARCH power USING INDEX "
	    "power_by_holder (holder=?)");
	assert_has("retire refusal", plan, "SEARCH power USING COVERING "
	    "INDEX power_by_department (department=?)");
	assert_has("retire refusal", plan, "SEARCH delegation USING INDEX "
	    "delegation_by_to (to_unit=?");
	assert_has("retire refusal", plan, "SEARCH delegation USING INDEX "
	    "delegation_by_from (from_unit=?");
	ck_assert_msg(!tu_has_line(plan, "SCAN"), "retire refusal: a "
	    "scan:\n%s", plan);
	ck_assert_int_eq(db_explain(db, db_unit_retire_queries[1], p, 2, plan,
	    sizeof(plan)), DB_OK);
	assert_has("retire live grants", plan, GRANT_BY_UNIT);
	assert_no_scan("retire live grants", plan, NULL);
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
	tcase_add_test(tc, test_department_list);
	tcase_add_test(tc, test_stats_sections);
	tcase_add_test(tc, test_list_filters);
	tcase_add_test(tc, test_show_sections);
	tcase_add_test(tc, test_diff);
	tcase_add_test(tc, test_history);
	tcase_add_test(tc, test_history_unit);
	tcase_add_test(tc, test_diff_unit);
	tcase_add_test(tc, test_units);
	tcase_add_test(tc, test_unit_retire);
	suite_add_tcase(s, tc);
	return s;
}
