/*
 * The figures of 'stats' and the readable log of 'history'.
 */
#include <string.h>

#include "i18n.h"
#include "db_internal.h"

/* A live grant of the power CODE to a new city: a search of its spans. */
#define DB_NEW_CITY_GRANT(code) \
	"SELECT 1 FROM grant_span g\n" \
	"        CROSS JOIN unit u ON u.code = g.to_unit\n" \
	"        WHERE g.power = " code " AND u.kind = 'new_city' AND " \
	DB_LIVE("g", ":as_of")

/*
 * Each figure is read in one pass over power_by_department, which holds
 * every power's code and class in key order (migration 0017): a power
 * cancelled by :as_of left out (its grants have ended: it leaves every
 * count on that day), an economic power counted as delegated when a
 * search of its own spans (grant_span_by_power, covering) finds a live
 * grant to a new city.  Searching power by code for each grant instead
 * read a random page each on scattered codes (21.5 s at 1M).  A unit
 * retired by :as_of has no live grant (its grants end by revoke).
 */
#define SUMMARY_FROM \
	"FROM (SELECT count(CASE WHEN p.class = 'economic' THEN 1 END)" \
	" AS econ,\n" \
	"        count(CASE WHEN p.class = 'social' THEN 1 END) AS social,\n" \
	"        count(CASE WHEN p.class = 'economic' AND EXISTS (\n" \
	"            " DB_NEW_CITY_GRANT("p.code") ") THEN 1 END) AS n\n" \
	"     FROM power p WHERE " DB_NOT_CANCELLED("p.code", ":as_of") ") k"

/*
 * The live grants to new cities of FROM (grant_span g, and what it is
 * joined with) under the terms WHERE (each followed by AND), counted by
 * unit: code, n, and e the entrusted.
 */
#define BY_UNIT(from, where) \
	"SELECT g.to_unit AS code, count(*) AS n,\n" \
	"        count(CASE WHEN g.mode = 'entrust' THEN 1 END) AS e\n" \
	"    FROM " from " WHERE " where DB_LIVE("g", ":as_of") "\n" \
	"        AND g.to_unit IN (SELECT code FROM unit WHERE kind = 'new_city')\n" \
	"    GROUP BY g.to_unit"

const struct db_section db_stats_sections[] = {
	{ "summary", N_("Summary"),
	    "SELECT :as_of AS as_of,\n"
	    "    k.econ AS economic_powers,\n"
	    "    k.n AS delegated_to_new_cities,\n"
	    "    printf('%.2f', CASE WHEN k.econ = 0 THEN 0 ELSE\n"
	    "        100.0 * k.n / k.econ END) AS share_percent,\n"
	    "    k.econ - k.n AS kept_by_new_area_level,\n"
	    "    k.social AS social_powers\n"
	    SUMMARY_FROM, 1 },
	/*
	 * A new city's live grants counted in grant_span_by_unit (covering),
	 * less those of social powers, found from the power side: a scan of
	 * power_by_department (code and class) and a search of each social
	 * power's spans.  A search of power by code for each grant read a
	 * random page each on scattered codes (12 s at 1M); class is
	 * 'economic' or 'social' (a CHECK), so the rest are economic.
	 */
	{ "by_new_city", N_("By new city"),
	    "SELECT u.code, u.name,\n"
	    "    coalesce(a.n, 0) - coalesce(s.n, 0) AS economic_powers,\n"
	    "    coalesce(a.e, 0) - coalesce(s.e, 0) AS entrusted\n"
	    "FROM unit u\n"
	    "LEFT JOIN (" BY_UNIT("grant_span g", "") ") a ON a.code = u.code\n"
	    "LEFT JOIN (" BY_UNIT("power p CROSS JOIN grant_span g",
	    "g.power = p.code AND p.class = 'social' AND ") ") s\n"
	    "    ON s.code = u.code\n"
	    "WHERE u.kind = 'new_city' AND " DB_MEMBER("u.code", ":as_of") "\n"
	    "ORDER BY u.code", 0 },
	{ "by_street_town", N_("By street/town"),
	    "SELECT u.code, u.name, w.name AS within,\n"
	    "    count(g.power) AS powers,\n"
	    "    count(CASE WHEN p.class = 'social' THEN 1 END)"
	    " AS social_powers,\n"
	    "    count(CASE WHEN g.mode = 'entrust' THEN 1 END) AS entrusted\n"
	    "FROM unit u\n"
	    "LEFT JOIN unit w ON w.code = u.within\n"
	    "LEFT JOIN grant_span g ON g.to_unit = u.code AND "
	    DB_LIVE("g", ":as_of") "\n"
	    "LEFT JOIN power p ON p.code = g.power\n"
	    "WHERE u.kind = 'street_town' AND "
	    DB_MEMBER("u.code", ":as_of") "\n"
	    "GROUP BY u.code ORDER BY u.code", 0 },
	/*
	 * Each economic power's own spans, searched by the primary key
	 * (power, start_seq): g comes before u (CROSS JOIN), since a search
	 * of every new city's grants for each power was O(powers x grants).
	 * A power is in one department, so no DISTINCT is needed.
	 */
	{ "by_department", N_("By department"),
	    "SELECT d.code, d.name,\n"
	    "    count(p.code) AS economic_powers,\n"
	    "    count(CASE WHEN EXISTS (" DB_NEW_CITY_GRANT("p.code") ")\n"
	    "        THEN 1 END) AS delegated_to_new_cities\n"
	    "FROM unit d\n"
	    "LEFT JOIN power p ON p.department = d.code AND p.class = 'economic'\n"
	    "    AND " DB_NOT_CANCELLED("p.code", ":as_of") "\n"
	    "WHERE d.kind IN ('new_area', 'department')\n"
	    "GROUP BY d.code ORDER BY d.code", 0 },
};
const int db_stats_nsections =
    sizeof(db_stats_sections) / sizeof(db_stats_sections[0]);

int
db_stats_section(struct db *db, const struct db_section *s, const char *as_of,
    db_row_fn *row, void *arg)
{
	const struct db_param p = { ":as_of", as_of };

	return db_query(db, s->sql, &p, 1, row, arg, NULL);
}

/*
 * One query for each set of filters, so that the planner sees only the
 * terms that filter: a power's entries through delegation_identity
 * (power, ...), a unit's through delegation_by_to and delegation_by_from
 * (one search each, their rows sorted), a span of days through
 * delegation_by_to searched for each unit (a few dozen) rather than
 * through an index of its own, one more for every entry 'delegate'
 * writes; with no filter the log is read in its own order (seq).
 */
static int
history(struct db *db, const struct history_filter *f, db_row_fn *row,
    void *arg, char *plan, size_t plansz)
{
	static const char by_power[] =
	    "WHERE d.power = :power\n"
	    "  AND (:since IS NULL OR d.effective >= :since)\n"
	    "  AND (:until IS NULL OR d.effective <= :until)\n";
	static const char and_unit[] =
	    "  AND " DB_ENTRY_OF("d", ":unit") "\n";
	static const char by_unit[] =
	    "WHERE " DB_ENTRY_OF("d", ":unit") "\n";
	/* Each unit's part of delegation_by_to (to_unit, effective). */
	static const char by_dates[] =
	    "WHERE d.to_unit IN (SELECT code FROM unit)\n";
	static const char dates[] =
	    "  AND d.effective >= coalesce(:since, '')\n"
	    "  AND d.effective <= coalesce(:until, '9999-12-31')\n";
	static const char tail[] = "ORDER BY d.seq";
	char sql[sizeof(DB_LOG_HEAD) + sizeof(by_power) + sizeof(and_unit) +
	    sizeof(dates) + sizeof(tail)];
	const struct db_param params[] = {
		{ ":power", f->power },
		{ ":unit", f->unit },
		{ ":since", f->since },
		{ ":until", f->until },
	};

	strcpy(sql, DB_LOG_HEAD);
	if (f->power != NULL) {
		strcat(sql, by_power);
		if (f->unit != NULL)
			strcat(sql, and_unit);
	} else if (f->unit != NULL || f->since != NULL || f->until != NULL) {
		strcat(sql, f->unit != NULL ? by_unit : by_dates);
		strcat(sql, dates);
	}
	strcat(sql, tail);
	if (plan != NULL)
		return db_explain(db, sql, params, 4, plan, plansz);
	return db_query(db, sql, params, 4, row, arg, NULL);
}

int
db_history(struct db *db, const struct history_filter *f, db_row_fn *row,
    void *arg)
{
	return history(db, f, row, arg, NULL, 0);
}

int
db_history_plan(struct db *db, const struct history_filter *f, char *buf,
    size_t size)
{
	return history(db, f, NULL, NULL, buf, size);
}
