/*
 * Units: every unit with what it exercises and, once retired, since when
 * ('unit list'), and one unit whole ('unit show').  A unit's name and grouping are read through
 * DB_UNITS() (db_internal.h), the one place that will date them.
 */
#include "i18n.h"
#include "db_internal.h"

/*
 * The powers the unit whose code is CODE (an SQL expression) exercises on
 * :as_of, a row each (power, mode, from_unit, start_seq, start_date): its
 * live grants, through grant_span_by_unit, and the powers it holds that
 * no unit was given that day, through power_by_holder and each power's
 * own spans.  Who exercises a power is what 'show' says: the units given
 * it, else its holder.  'unit list' counts these rows; 'unit show' lists
 * them.
 */
#define EXERCISED(code) \
	"SELECT g.power, g.mode, g.from_unit, g.start_seq, g.start_date\n" \
	"    FROM grant_span g\n" \
	"    WHERE g.to_unit = " code " AND " DB_LIVE("g", ":as_of") "\n" \
	"    UNION ALL\n" \
	"    SELECT h.code, 'holder', NULL, NULL, NULL FROM power h\n" \
	"    WHERE h.holder = " code " AND NOT EXISTS (SELECT 1\n" \
	"        FROM grant_span g\n" \
	"        WHERE g.power = h.code AND " DB_LIVE("g", ":as_of") ")"

/*
 * A unit list reads each unit once and, for each, its own grants and the
 * powers it holds: the cost is the registry's grants and powers read once
 * each, as the figures of 'stats' are, never a table for each row.
 */
static int
unit_list(struct db *db, const char *kind, const char *as_of,
    db_row_fn *row, void *arg, char *plan, size_t plansz)
{
	static const char sql[] =
	    "SELECT u.code, u.name, u.kind, u.parent, u.within,\n"
	    "    (SELECT count(*) FROM (" EXERCISED("u.code") ")) AS powers,\n"
	    "    u.retired_from\n"
	    "FROM " DB_UNITS(":as_of") " u\n"
	    "WHERE :kind IS NULL OR u.kind = :kind\n"
	    "ORDER BY CASE u.kind WHEN 'new_area' THEN 0\n"
	    "    WHEN 'department' THEN 1 WHEN 'new_city' THEN 2 ELSE 3 END,\n"
	    "    u.code";
	const struct db_param params[] = {
		{ ":kind", kind },
		{ ":as_of", as_of },
	};

	if (plan != NULL)
		return db_explain(db, sql, params, 2, plan, plansz);
	return db_query(db, sql, params, 2, row, arg, NULL);
}

int
db_unit_list(struct db *db, const char *kind, const char *as_of,
    db_row_fn *row, void *arg)
{
	return unit_list(db, kind, as_of, row, arg, NULL, 0);
}

int
db_unit_list_plan(struct db *db, const char *kind, const char *as_of,
    char *buf, size_t size)
{
	return unit_list(db, kind, as_of, NULL, NULL, buf, size);
}

const struct db_section db_unit_show_sections[] = {
	{ "unit", N_("Unit"),
	    "SELECT u.code, u.name, u.kind, u.parent AS parent_code,\n"
	    "    pu.name AS parent, u.within AS within_code, wu.name AS within\n"
	    "FROM " DB_UNITS(":as_of") " u\n"
	    "LEFT JOIN " DB_UNITS(":as_of") " pu ON pu.code = u.parent\n"
	    "LEFT JOIN " DB_UNITS(":as_of") " wu ON wu.code = u.within\n"
	    "WHERE u.code = :code", 1 },
	{ "retirement", N_("Retirement"),
	    "SELECT r.retired_from, r.document, r.note, r.recorded_by,\n"
	    "    r.recorded_at, " DB_LOCAL_DATE("r.recorded_at") " AS recorded_on\n"
	    "FROM unit_retirements r WHERE r.unit_code = :code", 0 },
	{ "powers", N_("Powers exercised"),
	    "SELECT x.power, p.name AS power_name, d.name AS department,\n"
	    "    x.mode, x.from_unit AS from_code, e.document,\n"
	    "    x.start_date AS since\n"
	    "FROM (" EXERCISED(":code") ") x\n"
	    "JOIN power p ON p.code = x.power\n"
	    "JOIN " DB_UNITS(":as_of") " d ON d.code = p.department\n"
	    "LEFT JOIN delegation e ON e.seq = x.start_seq\n"
	    "ORDER BY x.power", 0 },
	{ "history", N_("History"),
	    DB_LOG_HEAD
	    "WHERE " DB_ENTRY_OF("d", ":code") "\n"
	    "ORDER BY d.seq", 0 },
	{ "changes", N_("Changes by import"), DB_CHANGES_OF("unit"), 0 },
};
const int db_unit_show_nsections =
    sizeof(db_unit_show_sections) / sizeof(db_unit_show_sections[0]);
