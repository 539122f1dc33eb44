/*
 * The figures of 'stats' and the readable log of 'history'.
 *
 * A grant is live on :as_of when it started on or before that day and did
 * not end by it; LIVE(g) says so for grant_span g.
 */
#include "db_internal.h"

#define LIVE(g) \
	"(" g ".start_date <= :as_of AND (" g ".end_date IS NULL OR " \
	g ".end_date > :as_of))"

/* Distinct economic powers with a live grant to a new city. */
#define DELEGATED_TO_NEW_CITIES \
	"(SELECT count(DISTINCT g.power) FROM grant_span g " \
	"JOIN unit u ON u.code = g.to_unit JOIN power p ON p.code = g.power " \
	"WHERE u.kind = 'new_city' AND p.class = 'economic' AND " LIVE("g") ")"

#define ECONOMIC "(SELECT count(*) FROM power WHERE class = 'economic')"

const struct db_section db_stats_sections[] = {
	{ "summary", "Summary",
	    "SELECT :as_of AS as_of,\n"
	    "    " ECONOMIC " AS economic_powers,\n"
	    "    " DELEGATED_TO_NEW_CITIES " AS delegated_to_new_cities,\n"
	    "    printf('%.2f', CASE WHEN " ECONOMIC " = 0 THEN 0 ELSE\n"
	    "        100.0 * " DELEGATED_TO_NEW_CITIES " / " ECONOMIC
	    " END) AS share_percent,\n"
	    "    " ECONOMIC " - " DELEGATED_TO_NEW_CITIES
	    " AS kept_by_new_area_level,\n"
	    "    (SELECT count(*) FROM power WHERE class = 'social')"
	    " AS social_powers", 1 },
	{ "by_new_city", "By new city",
	    "SELECT u.code, u.name,\n"
	    "    count(p.code) AS economic_powers,\n"
	    "    count(CASE WHEN g.mode = 'entrust' THEN p.code END)"
	    " AS entrusted\n"
	    "FROM unit u\n"
	    "LEFT JOIN grant_span g ON g.to_unit = u.code AND " LIVE("g") "\n"
	    "LEFT JOIN power p ON p.code = g.power AND p.class = 'economic'\n"
	    "WHERE u.kind = 'new_city'\n"
	    "GROUP BY u.code ORDER BY u.code", 0 },
	{ "by_street_town", "By street/town",
	    "SELECT u.code, u.name, w.name AS within,\n"
	    "    count(g.power) AS powers,\n"
	    "    count(CASE WHEN p.class = 'social' THEN 1 END)"
	    " AS social_powers,\n"
	    "    count(CASE WHEN g.mode = 'entrust' THEN 1 END) AS entrusted\n"
	    "FROM unit u\n"
	    "LEFT JOIN unit w ON w.code = u.within\n"
	    "LEFT JOIN grant_span g ON g.to_unit = u.code AND " LIVE("g") "\n"
	    "LEFT JOIN power p ON p.code = g.power\n"
	    "WHERE u.kind = 'street_town'\n"
	    "GROUP BY u.code ORDER BY u.code", 0 },
	{ "by_department", "By department",
	    "SELECT d.code, d.name,\n"
	    "    count(p.code) AS economic_powers,\n"
	    "    count(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM grant_span g\n"
	    "        JOIN unit u ON u.code = g.to_unit\n"
	    "        WHERE g.power = p.code AND u.kind = 'new_city' AND "
	    LIVE("g") ")\n"
	    "        THEN p.code END) AS delegated_to_new_cities\n"
	    "FROM unit d\n"
	    "LEFT JOIN power p ON p.department = d.code AND p.class = 'economic'\n"
	    "WHERE d.kind IN ('new_area', 'department')\n"
	    "GROUP BY d.code ORDER BY d.code", 0 },
};
const int db_stats_nsections =
    sizeof(db_stats_sections) / sizeof(db_stats_sections[0]);

int
db_stats_section(struct db *db, const struct db_section *s, const char *as_of,
    FILE *fp, enum out_format format)
{
	const struct db_param p = { ":as_of", as_of };

	return db_query(db, s->sql, &p, 1, fp, format, NULL);
}

int
db_history(struct db *db, const struct history_filter *f, FILE *fp,
    enum out_format format)
{
	static const char sql[] =
	    "SELECT d.seq, d.effective, d.power, p.name AS power_name,\n"
	    "    d.mode, d.from_unit AS from_code, fu.name AS from_name,\n"
	    "    d.to_unit AS to_code, tu.name AS to_name, d.document, d.note,\n"
	    "    d.recorded_by, d.recorded_at\n"
	    "FROM delegation d\n"
	    "JOIN power p ON p.code = d.power\n"
	    "JOIN unit fu ON fu.code = d.from_unit\n"
	    "JOIN unit tu ON tu.code = d.to_unit\n"
	    "WHERE (:power IS NULL OR d.power = :power)\n"
	    "  AND (:since IS NULL OR d.effective >= :since)\n"
	    "  AND (:until IS NULL OR d.effective <= :until)\n"
	    "ORDER BY d.seq";
	const struct db_param params[] = {
		{ ":power", f->power },
		{ ":since", f->since },
		{ ":until", f->until },
	};

	return db_query(db, sql, params, 3, fp, format, NULL);
}
