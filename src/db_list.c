/*
 * Browsing the registry: the queries behind 'list'.
 */
#include "db_internal.h"

int
db_list_powers(struct db *db, const struct power_filter *f, FILE *fp,
    enum out_format format)
{
	static const char sql[] =
	    "SELECT p.code, p.name, c.name AS category,\n"
	    "    d.name AS department, p.class, h.name AS holder\n"
	    "FROM power p\n"
	    "JOIN category c ON c.code = p.category\n"
	    "JOIN unit d ON d.code = p.department\n"
	    "JOIN unit h ON h.code = p.holder\n"
	    "WHERE (:department IS NULL OR p.department = :department\n"
	    "       OR d.name = :department)\n"
	    "  AND (:category IS NULL OR p.category = :category\n"
	    "       OR c.name = :category)\n"
	    "  AND (:class IS NULL OR p.class = :class)\n"
	    "ORDER BY p.code";
	const struct db_param params[] = {
		{ ":department", f->department },
		{ ":category", f->category },
		{ ":class", f->class_name },
	};

	return db_query(db, sql, params, sizeof(params) / sizeof(params[0]),
	    fp, format, NULL);
}
