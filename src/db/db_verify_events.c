/*
 * verify's replay of the attribute events (migration 0015): each
 * attribute's changes, in the order recorded, form a chain (each one's
 * old value the one before's new value, since an import compares with
 * the row as it is), the last one's new value is the row's, and a row an
 * 'added' event names is in its table.  The answers as of a date and as
 * recorded (db_as_of.c) rest on exactly this.  The digests of the import
 * chain catch an event edited, added or deleted; this catches a row
 * edited with its hash recomputed by someone who also kept the digests
 * (its table digest is then what the chain says, its events not), and
 * says which attribute of which row.
 */
#include "i18n.h"
#include "db_internal.h"

/*
 * Each event that breaks the chain or the row, with what it says and
 * what is found: kind, entity, code, attribute, import run, its value,
 * the value found.  A unit's kind never changes, so no event names it.
 */
static const char events_sql[] =
    "WITH ev AS (SELECT c.entity, c.code, c.attribute, c.import_run,\n"
    "    c.old_value, c.new_value,\n"
    "    lag(c.new_value) OVER w AS before, lag(c.id) OVER w AS prev,\n"
    "    lead(c.id) OVER w AS next\n"
    "  FROM attribute_change c WHERE c.attribute NOT IN ('added',\n"
    "    'retired_from', 'retired_document', 'retired_note')\n"
    "  WINDOW w AS (PARTITION BY c.entity, c.code, c.attribute\n"
    "    ORDER BY c.id))\n"
    "SELECT 'chain', entity, code, attribute, import_run, old_value, before\n"
    "FROM ev WHERE prev IS NOT NULL AND old_value IS NOT before\n"
    "UNION ALL\n"
    "SELECT 'row', entity, code, attribute, import_run, new_value, now\n"
    "FROM (SELECT e.*, CASE e.entity\n"
    "    WHEN 'power' THEN (SELECT CASE e.attribute\n"
    "        WHEN 'name' THEN p.name WHEN 'category' THEN p.category\n"
    "        WHEN 'department' THEN p.department WHEN 'class' THEN p.class\n"
    "        WHEN 'legal_basis' THEN p.legal_basis\n"
    "        WHEN 'holder' THEN p.holder WHEN 'note' THEN p.note END\n"
    "        FROM power p WHERE p.code = e.code)\n"
    "    ELSE (SELECT CASE e.attribute WHEN 'name' THEN u.name\n"
    "        WHEN 'parent' THEN u.parent WHEN 'within' THEN u.within END\n"
    "        FROM unit u WHERE u.code = e.code) END AS now\n"
    "    FROM ev e WHERE e.next IS NULL)\n"
    "WHERE new_value IS NOT now\n"
    "UNION ALL\n"
    "SELECT 'added', a.entity, a.code, 'added', a.import_run, NULL, NULL\n"
    "FROM attribute_change a WHERE a.attribute = 'added'\n"
    "  AND NOT EXISTS (SELECT 1 FROM power p WHERE a.entity = 'power'\n"
    "      AND p.code = a.code)\n"
    "  AND NOT EXISTS (SELECT 1 FROM unit u WHERE a.entity = 'unit'\n"
    "      AND u.code = a.code)\n"
    "LIMIT 10";

static const char *
or_null(const char *s)
{
	return s != NULL ? s : "(none)";
}

int
verify_events(struct verify *v)
{
	sqlite3_stmt *st;
	int step;

	if ((st = db_prepare(v->db, events_sql)) == NULL)
		return verify_failed(v, "attribute_change");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 0);
		const char *entity = (const char *)sqlite3_column_text(st, 1);
		const char *code = (const char *)sqlite3_column_text(st, 2);
		const char *attr = (const char *)sqlite3_column_text(st, 3);
		long long run = sqlite3_column_int64(st, 4);
		const char *said = (const char *)sqlite3_column_text(st, 5);
		const char *found = (const char *)sqlite3_column_text(st, 6);

		if (kind == NULL || entity == NULL || code == NULL ||
		    attr == NULL)
			continue;
		if (kind[0] == 'c')
			verify_damage(v, _("attribute_change: the %s of %s '%s' "
			    "changed by import #%lld from '%s', but the change "
			    "before it left '%s': an event edited or taken away"),
			    attr, entity, code, run, or_null(said),
			    or_null(found));
		else if (kind[0] == 'r')
			verify_damage(v, _("%s '%s': its %s is '%s', but its last "
			    "change (import #%lld) made it '%s': the row was "
			    "edited behind the program's back"), entity, code,
			    attr, or_null(found), run, or_null(said));
		else
			verify_damage(v, _("attribute_change: import #%lld added "
			    "%s '%s', which is not in its table"), run, entity,
			    code);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return verify_failed(v, "attribute_change");
	return DB_OK;
}
