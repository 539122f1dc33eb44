/*
 * Positive lists, one power shown whole, and the grants that changed
 * between two dates: the queries behind positive-list, show and diff.
 *
 * DB_LIVE() (db_internal.h) says when a grant is live.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "db_internal.h"

int
db_unit_lookup(struct db *db, const char *ref, char *code, char *kind,
    db_unit_fn *each, void *arg)
{
	/*
	 * A unit whose code is REF, else every unit named REF, else every
	 * unit that had the name REF before a rename (a clerk asking of a
	 * day before it uses the name of that day): a code wins over a
	 * name, a name over a former one.  The total is on every row, so
	 * that one pass tells one unit from several.
	 */
	static const char sql[] =
	    "WITH hit AS (\n"
	    "    SELECT code, name, kind FROM unit WHERE code = ?1\n"
	    "    UNION ALL\n"
	    "    SELECT code, name, kind FROM unit WHERE name = ?1\n"
	    "    AND NOT EXISTS (SELECT 1 FROM unit WHERE code = ?1)\n"
	    "    UNION ALL\n"
	    "    SELECT code, name, kind FROM unit WHERE code IN (\n"
	    "        SELECT c.code FROM attribute_change c\n"
	    "        WHERE c.entity = 'unit' AND c.attribute = 'name'\n"
	    "        AND ?1 IN (c.old_value, c.new_value))\n"
	    "    AND NOT EXISTS (SELECT 1 FROM unit WHERE code = ?1 OR name = ?1))\n"
	    "SELECT code, name, kind, count(*) OVER () FROM hit ORDER BY code";
	sqlite3_stmt *st;
	int n = 0, step;

	if ((st = db_prepare(db, sql)) == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, ref);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		n = sqlite3_column_int(st, 3);
		if (n == 1) {
			snprintf(code, 64, "%s", sqlite3_column_text(st, 0));
			snprintf(kind, 64, "%s", sqlite3_column_text(st, 2));
		} else if (each != NULL)
			each(arg, (const char *)sqlite3_column_text(st, 0),
			    (const char *)sqlite3_column_text(st, 1),
			    (const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return db_sqlite_fail(db, _("looking up a unit"));
	if (n == 0) {
		db_fail(db, _("unknown unit '%s'"), ref);
		return DB_REJECT;
	}
	if (n > 1) {
		db_fail(db, _("'%s' names %d units"), ref, n);
		return DB_AMBIGUOUS;
	}
	return DB_OK;
}

int
db_unit_near(struct db *db, const char *ref, int limit, db_unit_fn *each,
    void *arg, int *total)
{
	/*
	 * A scan of every unit: a registry holds tens of them, and the
	 * query runs only once a command is already refused.  The closest
	 * in length come first.
	 */
	static const char sql[] =
	    "SELECT code, name, kind, count(*) OVER () FROM unit\n"
	    "WHERE ?1 <> '' AND (instr(name, ?1) > 0 OR instr(?1, name) > 0\n"
	    "    OR code = ?1 COLLATE NOCASE)\n"
	    "ORDER BY abs(length(name) - length(?1)), code";
	sqlite3_stmt *st;
	int i = 0, step;

	*total = 0;
	if ((st = db_prepare(db, sql)) == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, ref);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*total = sqlite3_column_int(st, 3);
		if (i++ >= limit)
			continue;
		each(arg, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return db_sqlite_fail(db, _("looking up units"));
	return DB_OK;
}

/*
 * The positive list to ROW or, when PLAN is set, its query plan there
 * (PLANSZ bytes): the queries are kept in one place for
 * db_positive_list() and db_positive_list_plan().
 */
static int
positive_list(struct db *db, const struct positive_filter *f, db_row_fn *row,
    void *arg, long *rows, char *plan, size_t plansz)
{
	/*
	 * One unit or every unit of a kind.  The lookup goes through
	 * grant_span_by_unit (to_unit, start_date): the cost follows the
	 * unit's own rows, not the registry's size.  A unit retired by
	 * :as_of is in no list (DB_MEMBER).
	 */
	static const char by_unit[] =
	    "SELECT row_number() OVER (PARTITION BY g.to_unit\n"
	    "        ORDER BY p.department, p.category, p.code) AS no,\n"
	    "    u.code AS unit_code, u.name AS unit,\n"
	    "    d.name AS department, c.name AS category,\n"
	    "    p.code, p.name, g.mode, e.document, g.start_date AS effective\n"
	    "FROM unit u\n"
	    "JOIN grant_span g ON g.to_unit = u.code\n"
	    "JOIN power p ON p.code = g.power\n"
	    "JOIN unit d ON d.code = p.department\n"
	    "JOIN category c ON c.code = p.category\n"
	    "JOIN delegation e ON e.seq = g.start_seq\n"
	    "WHERE (u.code = :unit OR (:unit IS NULL AND u.kind = :kind))\n"
	    "  AND " DB_LIVE("g", ":as_of") "\n"
	    "  AND " DB_MEMBER("u.code", ":as_of") "\n"
	    "ORDER BY u.code, p.department, p.category, p.code";
	/*
	 * A department's powers by level: each power once at the New Area
	 * level when no unit holds it and it is not cancelled, else once
	 * per level that holds it, with the holders named.
	 */
	static const char by_department[] =
	    "WITH held AS (\n"
	    "    SELECT g.power, u.kind AS level,\n"
	    "        group_concat(u.name, '、') AS holders,\n"
	    "        group_concat(DISTINCT e.document) AS documents\n"
	    "    FROM (SELECT * FROM grant_span g JOIN power p\n"
	    "          ON p.code = g.power AND p.department = :department\n"
	    "          WHERE " DB_LIVE("g", ":as_of") " ORDER BY g.to_unit) g\n"
	    "    JOIN unit u ON u.code = g.to_unit\n"
	    "    JOIN delegation e ON e.seq = g.start_seq\n"
	    "    GROUP BY g.power, u.kind),\n"
	    "levels AS (\n"
	    "    SELECT power, level, holders, documents FROM held\n"
	    "    UNION ALL\n"
	    "    SELECT p.code, 'new_area_level', h.name, NULL\n"
	    "    FROM power p JOIN unit h ON h.code = p.holder\n"
	    "    WHERE p.department = :department\n"
	    "      AND " DB_NOT_CANCELLED("p.code", ":as_of") "\n"
	    "      AND p.code NOT IN (SELECT power FROM held))\n"
	    "SELECT row_number() OVER (PARTITION BY l.level\n"
	    "        ORDER BY p.category, p.code) AS no,\n"
	    "    l.level, c.name AS category, p.code, p.name, p.class,\n"
	    "    l.holders, l.documents\n"
	    "FROM levels l\n"
	    "JOIN power p ON p.code = l.power\n"
	    "JOIN category c ON c.code = p.category\n"
	    "ORDER BY CASE l.level WHEN 'new_area_level' THEN 0\n"
	    "    WHEN 'new_city' THEN 1 ELSE 2 END, p.category, p.code";
	const struct db_param params[] = {
		{ ":unit", f->unit },
		{ ":kind", f->kind },
		{ ":department", f->department },
		{ ":as_of", f->as_of },
	};

	if (plan != NULL)
		return db_explain(db, f->department ? by_department : by_unit,
		    params, sizeof(params) / sizeof(params[0]), plan, plansz);
	return db_query(db, f->department ? by_department : by_unit, params,
	    sizeof(params) / sizeof(params[0]), row, arg, rows);
}

int
db_positive_list(struct db *db, const struct positive_filter *f,
    db_row_fn *row, void *arg, long *rows)
{
	return positive_list(db, f, row, arg, rows, NULL, 0);
}

int
db_positive_list_plan(struct db *db, const struct positive_filter *f,
    char *buf, size_t size)
{
	return positive_list(db, f, NULL, NULL, NULL, buf, size);
}

const struct db_section db_show_sections[] = {
	{ "power", N_("Power"),
	    "SELECT p.code, p.name, p.category AS category_code,\n"
	    "    k.name AS category, p.department AS department_code,\n"
	    "    d.name AS department, p.class, p.legal_basis,\n"
	    "    p.holder AS holder_code, h.name AS holder, p.note,\n"
	    "    c.effective AS cancelled_from, c.document AS cancelled_by\n"
	    "FROM power p\n"
	    "JOIN category k ON k.code = p.category\n"
	    "JOIN unit d ON d.code = p.department\n"
	    "JOIN unit h ON h.code = p.holder\n"
	    "LEFT JOIN delegation c ON c.power = p.code AND c.mode = 'cancel'\n"
	    "WHERE p.code = :code", 1 },
	{ "holders", N_("Exercised by"),
	    "SELECT g.unit_code, g.unit_name AS unit, g.unit_kind, g.mode,\n"
	    "    g.from_code, g.document, g.start_date AS since\n"
	    "FROM " DB_GRANTS_READABLE " g\n"
	    "WHERE g.power_code = :code AND " DB_LIVE("g", ":as_of") "\n"
	    "UNION ALL\n"
	    "SELECT p.holder, h.name, h.kind, 'holder', NULL, NULL, NULL\n"
	    "FROM power p JOIN unit h ON h.code = p.holder\n"
	    "WHERE p.code = :code AND NOT EXISTS (SELECT 1 FROM grant_span g\n"
	    "    WHERE g.power = :code AND " DB_LIVE("g", ":as_of") ")\n"
	    "  AND " DB_NOT_CANCELLED(":code", ":as_of") "\n"
	    "ORDER BY 1", 0 },
	{ "history", N_("History"),
	    "SELECT seq, effective, mode, from_code, from_name AS from_unit,\n"
	    "    to_code, to_name AS to_unit, document, note, recorded_by,\n"
	    "    recorded_at, recorded_on\n"
	    "FROM " DB_LOG_READABLE " WHERE power_code = :code\n"
	    "ORDER BY effective, seq", 0 },
	{ "changes", N_("Changes by import"), DB_CHANGES_OF("power"), 0 },
};
const int db_show_nsections =
    sizeof(db_show_sections) / sizeof(db_show_sections[0]);

int
db_power_exists(struct db *db, const char *code)
{
	sqlite3_stmt *st;
	int step;

	if ((st = db_prepare(db, "SELECT 1 FROM power WHERE code = ?1")) == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, code);
	step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step == SQLITE_ROW)
		return DB_OK;
	if (step == SQLITE_DONE) {
		db_fail(db, _("unknown power '%s'"), code);
		return DB_REJECT;
	}
	return db_sqlite_fail(db, _("looking up a power"));
}

/*
 * A grant changed between the two dates when it is live on one and not
 * the other: with LO the earlier and HI the later, it started in (LO, HI]
 * and had not ended by HI, or it ended in (LO, HI] and had started by LO.
 * Each arm is a range of an index: grant_span_by_unit (to_unit,
 * start_date) searched for each unit (a few dozen), and grant_span_by_end;
 * the cost follows the grants that changed, not the registry's size.
 * PLAN and PLANSZ as for positive_list().
 */
static int
diff(struct db *db, const char *unit, const char *from, const char *to,
    db_row_fn *row, void *arg, long *rows, char *plan, size_t plansz)
{
#define DIFF_COLS \
	"SELECT CASE WHEN " DB_LIVE("g", ":to") " THEN 'gained'\n" \
	"        ELSE 'lost' END AS change,\n" \
	"    g.power_code AS power, g.power_name, g.unit_code,\n" \
	"    g.unit_name AS unit, g.unit_kind,\n" \
	"    g.mode, g.from_code, g.document,\n" \
	"    CASE WHEN " DB_LIVE("g", ":to") " THEN g.start_date\n" \
	"        ELSE g.end_date END AS effective\n" \
	"FROM " DB_GRANTS_READABLE " g\n"
	static const char all[] =
	    DIFF_COLS
	    "WHERE g.unit_code IN (SELECT code FROM unit)\n"
	    "  AND g.start_date > :lo AND g.start_date <= :hi\n"
	    "  AND (g.end_date IS NULL OR g.end_date > :hi)\n"
	    "UNION ALL\n"
	    DIFF_COLS
	    "WHERE g.end_date > :lo AND g.end_date <= :hi\n"
	    "  AND g.start_date <= :lo\n"
	    "ORDER BY 1, 2, 4";
#undef DIFF_COLS
	/*
	 * With UNIT, what that unit gained and lost: the grants given to it
	 * or by it that changed, each with the entry that made the change
	 * (its mode, document, date and who recorded it: a grant's first
	 * entry when gained, the entry that ended it when lost).  A
	 * grantee's grants come from grant_span_by_unit, by start or by end;
	 * a giver's from its entries between the dates (delegation_by_from)
	 * and the grant each began or ended, by the power's key: the cost
	 * follows the unit's own rows.  A grant ended by no entry of the log
	 * (none is yet; a retired unit's may be) is still lost, its date the
	 * end's.
	 */
#define UNIT_DIFF_COLS \
	"SELECT CASE WHEN " DB_LIVE("g", ":to") " THEN 'gained'\n" \
	"        ELSE 'lost' END AS change,\n" \
	"    g.power, p.name AS power_name, g.to_unit AS unit_code,\n" \
	"    u.name AS unit, u.kind AS unit_kind, g.from_unit AS from_code,\n" \
	"    d.mode, d.document, coalesce(d.effective, g.end_date)\n" \
	"        AS effective, d.seq, d.recorded_by, d.recorded_at\n"
#define UNIT_DIFF_JOIN \
	"JOIN power p ON p.code = g.power\n" \
	"JOIN " DB_UNITS(":to") " u ON u.code = g.to_unit\n"
#define UNIT_DIFF_GIVEN(seq) \
	"FROM delegation d\n" \
	"CROSS JOIN grant_span g ON g.power = d.power AND g." seq " = d.seq\n" \
	UNIT_DIFF_JOIN \
	"WHERE d.from_unit = :unit AND d.effective > :lo AND d.effective <= :hi\n"
	static const char of_unit[] =
	    UNIT_DIFF_COLS
	    "FROM grant_span g JOIN delegation d ON d.seq = g.start_seq\n"
	    UNIT_DIFF_JOIN
	    "WHERE g.to_unit = :unit AND g.start_date > :lo\n"
	    "  AND g.start_date <= :hi\n"
	    "  AND (g.end_date IS NULL OR g.end_date > :hi)\n"
	    "UNION ALL\n"
	    UNIT_DIFF_COLS
	    "FROM grant_span g LEFT JOIN delegation d ON d.seq = g.end_seq\n"
	    UNIT_DIFF_JOIN
	    "WHERE g.to_unit = :unit AND g.end_date > :lo\n"
	    "  AND g.end_date <= :hi AND g.start_date <= :lo\n"
	    "UNION ALL\n"
	    UNIT_DIFF_COLS
	    UNIT_DIFF_GIVEN("start_seq")
	    "  AND (g.end_date IS NULL OR g.end_date > :hi)\n"
	    "UNION ALL\n"
	    UNIT_DIFF_COLS
	    UNIT_DIFF_GIVEN("end_seq")
	    "  AND g.start_date <= :lo\n"
	    "ORDER BY 1, 2, 4";
#undef UNIT_DIFF_GIVEN
#undef UNIT_DIFF_JOIN
#undef UNIT_DIFF_COLS
	const char *sql = unit != NULL ? of_unit : all;
	const int forward = strcmp(from, to) <= 0;
	const struct db_param params[] = {
		{ ":unit", unit },
		{ ":from", from },
		{ ":to", to },
		{ ":lo", forward ? from : to },
		{ ":hi", forward ? to : from },
	};

	if (plan != NULL)
		return db_explain(db, sql, params, 5, plan, plansz);
	return db_query(db, sql, params, 5, row, arg, rows);
}

int
db_diff(struct db *db, const char *from, const char *to, db_row_fn *row,
    void *arg, long *rows)
{
	return diff(db, NULL, from, to, row, arg, rows, NULL, 0);
}

int
db_diff_plan(struct db *db, const char *from, const char *to, char *buf,
    size_t size)
{
	return diff(db, NULL, from, to, NULL, NULL, NULL, buf, size);
}

int
db_diff_unit(struct db *db, const char *unit, const char *from,
    const char *to, db_row_fn *row, void *arg, long *rows)
{
	return diff(db, unit, from, to, row, arg, rows, NULL, 0);
}

int
db_diff_unit_plan(struct db *db, const char *unit, const char *from,
    const char *to, char *buf, size_t size)
{
	return diff(db, unit, from, to, NULL, NULL, NULL, buf, size);
}
