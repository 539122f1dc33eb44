/*
 * Browsing the registry: the query behind 'list', and the power filter
 * it shares with 'export --what powers' (db_export.c).
 */
#include <string.h>

#include "i18n.h"
#include "db_internal.h"

/*
 * The query is put together from the filters given, each a fragment with
 * its values bound, so that SQLite sees only the terms that filter and can
 * drive the query from their index: "(:x IS NULL OR ...)" hides every
 * index from the planner, and --unit then ran a search of the unit's
 * grants for each power in the registry.  A unit or a kind starts from
 * the powers it holds and its live grants (power_by_holder,
 * grant_span_by_unit); a department or a category from its powers
 * (power_by_department: a category through each unit's part of it, a
 * search for each of the few units rather than an index more for every
 * import to write); the cost follows the rows printed (tests/check_plan.c).
 * A power cancelled by :as_of is in no list (DB_NOT_CANCELLED).
 */
int
db_power_query(struct db *db, const char *head, const struct power_filter *f,
    char *sql, size_t size)
{
	static const char by_department[] =
	    "  AND p.department = :department\n";
	/* Every unit's (department, category) in power_by_department. */
	static const char by_category[] =
	    "  AND p.department IN (SELECT code FROM unit)\n"
	    "  AND p.category IN (SELECT code FROM category\n"
	    "       WHERE code = :category OR name = :category)\n";
	static const char by_class[] =
	    "  AND p.class = :class\n";
	static const char by_unit[] =
	    "  AND p.code IN (SELECT code FROM power WHERE holder = :unit\n"
	    "       UNION SELECT g.power FROM grant_span g\n"
	    "       WHERE g.to_unit = :unit AND " DB_LIVE("g", ":as_of") ")\n";
	static const char by_kind[] =
	    "  AND p.code IN (SELECT x.code FROM unit k\n"
	    "       JOIN power x ON x.holder = k.code WHERE k.kind = :kind\n"
	    "       UNION SELECT g.power FROM unit k\n"
	    "       JOIN grant_span g ON g.to_unit = k.code\n"
	    "       WHERE k.kind = :kind AND " DB_LIVE("g", ":as_of") ")\n";
	static const char live[] =
	    "  AND " DB_NOT_CANCELLED("p.code", ":as_of") "\n";
	static const char tail[] = "ORDER BY p.code";

	if (strlen(head) + sizeof(live) + sizeof(by_department) + sizeof(by_category) +
	    sizeof(by_class) + sizeof(by_unit) + sizeof(by_kind) +
	    sizeof(tail) > size)
		return db_fail(db, _("a query of powers too long"));
	strcpy(sql, head);
	strcat(sql, live);
	if (f->department != NULL)
		strcat(sql, by_department);
	if (f->category != NULL)
		strcat(sql, by_category);
	if (f->class_name != NULL)
		strcat(sql, by_class);
	if (f->unit != NULL)
		strcat(sql, by_unit);
	if (f->kind != NULL)
		strcat(sql, by_kind);
	strcat(sql, tail);
	return DB_OK;
}

/* The list's rows, or when PLAN is set its query plan (PLANSZ bytes). */
static int
list_powers(struct db *db, const struct power_filter *f, db_row_fn *row,
    void *arg, char *plan, size_t plansz)
{
	static const char head[] =
	    "SELECT p.code, p.name, c.name AS category,\n"
	    "    d.name AS department, p.class,\n"
	    "    coalesce((SELECT group_concat(name, '、') FROM (\n"
	    "        " DB_LIVE_UNITS("u.name", "p.code") ")), h.name)"
	    " AS exercised_by\n"
	    "FROM power p\n"
	    "JOIN category c ON c.code = p.category\n"
	    "JOIN unit d ON d.code = p.department\n"
	    "JOIN unit h ON h.code = p.holder\n"
	    "WHERE 1\n";
	const struct db_param params[] = {
		{ ":department", f->department },
		{ ":category", f->category },
		{ ":class", f->class_name },
		{ ":unit", f->unit },
		{ ":kind", f->kind },
		{ ":as_of", f->as_of },
	};
	char sql[4096];
	int rc;

	if ((rc = db_power_query(db, head, f, sql, sizeof(sql))) != DB_OK)
		return rc;
	if (plan != NULL)
		return db_explain(db, sql, params,
		    sizeof(params) / sizeof(params[0]), plan, plansz);
	return db_query(db, sql, params, sizeof(params) / sizeof(params[0]),
	    row, arg, NULL);
}

int
db_list_powers(struct db *db, const struct power_filter *f, db_row_fn *row,
    void *arg)
{
	return list_powers(db, f, row, arg, NULL, 0);
}

int
db_list_powers_plan(struct db *db, const struct power_filter *f, char *buf,
    size_t size)
{
	return list_powers(db, f, NULL, NULL, buf, size);
}
