/*
 * Browsing the registry: the query behind 'list'.
 */
#include "db_internal.h"

/* Grant G is live on :as_of (see db_browse.c). */
#define LIVE(g) \
	"(" g ".start_date <= :as_of AND (" g ".end_date IS NULL OR " \
	g ".end_date > :as_of))"

int
db_list_powers(struct db *db, const struct power_filter *f, FILE *fp,
    enum out_format format)
{
	static const char sql[] =
	    "SELECT p.code, p.name, c.name AS category,\n"
	    "    d.name AS department, p.class,\n"
	    "    coalesce((SELECT group_concat(name, '、') FROM (\n"
	    "        SELECT u.name FROM grant_span g\n"
	    "        JOIN unit u ON u.code = g.to_unit\n"
	    "        WHERE g.power = p.code AND " LIVE("g") "\n"
	    "        ORDER BY u.code)), h.name) AS exercised_by\n"
	    "FROM power p\n"
	    "JOIN category c ON c.code = p.category\n"
	    "JOIN unit d ON d.code = p.department\n"
	    "JOIN unit h ON h.code = p.holder\n"
	    "WHERE (:department IS NULL OR p.department = :department)\n"
	    "  AND (:category IS NULL OR p.category = :category\n"
	    "       OR c.name = :category)\n"
	    "  AND (:class IS NULL OR p.class = :class)\n"
	    "  AND (:unit IS NULL OR p.holder = :unit OR EXISTS (\n"
	    "       SELECT 1 FROM grant_span g WHERE g.power = p.code\n"
	    "       AND g.to_unit = :unit AND " LIVE("g") "))\n"
	    "  AND (:kind IS NULL OR h.kind = :kind OR EXISTS (\n"
	    "       SELECT 1 FROM grant_span g JOIN unit u ON u.code = g.to_unit\n"
	    "       WHERE g.power = p.code AND u.kind = :kind AND " LIVE("g") "))\n"
	    "ORDER BY p.code";
	const struct db_param params[] = {
		{ ":department", f->department },
		{ ":category", f->category },
		{ ":class", f->class_name },
		{ ":unit", f->unit },
		{ ":kind", f->kind },
		{ ":as_of", f->as_of },
	};

	return db_query(db, sql, params, sizeof(params) / sizeof(params[0]),
	    fp, format, NULL);
}
