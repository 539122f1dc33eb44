/*
 * What analysts can read ('powers schema'): the tables and views, and one's
 * columns, with their descriptions, handed through db_query() to the
 * caller's row callback, as db_sql() hands its rows.
 */
#include "i18n.h"
#include "db_internal.h"

int
db_schema_list(struct db *db, db_row_fn *row, void *arg)
{
	/*
	 * sqlite_schema is the base, so that a table or view without a
	 * line in schema_doc is listed all the same (its description
	 * empty), and a line on something gone is not.  Documented ones
	 * come first, in the order schema_doc's migration wrote them.
	 */
	static const char sql[] =
	    "SELECT s.name, s.type AS kind,\n"
	    "    coalesce(d.description, '') AS description\n"
	    "FROM sqlite_schema s\n"
	    "LEFT JOIN schema_doc d ON d.name = s.name\n"
	    "WHERE s.type IN ('table', 'view')\n"
	    "ORDER BY d.rowid IS NULL, d.rowid, s.name";

	return db_query(db, sql, NULL, 0, row, arg, NULL);
}

int
db_schema_columns(struct db *db, const char *name, db_row_fn *row,
    void *arg)
{
	/*
	 * The object's own name (SQL names are case-blind) keys
	 * schema_column_doc; pragma_table_info gives the columns in order.
	 */
	static const char sql[] =
	    "SELECT c.name AS column, c.type,\n"
	    "    coalesce(d.description, '') AS description\n"
	    "FROM sqlite_schema s, pragma_table_info(s.name) c\n"
	    "LEFT JOIN schema_column_doc d\n"
	    "    ON d.object = s.name AND d.name = c.name\n"
	    "WHERE s.name = :name COLLATE NOCASE\n"
	    "  AND s.type IN ('table', 'view')\n"
	    "ORDER BY c.cid";
	const struct db_param params[] = {
		{ ":name", name },
	};
	sqlite3_stmt *st;
	int step;

	st = db_prepare(db, "SELECT 1 FROM sqlite_schema "
	    "WHERE name = ?1 COLLATE NOCASE AND type IN ('table', 'view')");
	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, name);
	step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step == SQLITE_DONE) {
		db_fail(db, _("no table or view '%s': 'powers schema' lists them"),
		    name);
		return DB_REJECT;
	}
	if (step != SQLITE_ROW)
		return db_sqlite_fail(db, _("looking up a table or view"));
	return db_query(db, sql, params, 1, row, arg, NULL);
}
