/*
 * The events of an import (migration 0015): each change it makes to a row
 * is recorded with the date it holds from, and each row it adds with the
 * day it exists from; a change is compared with the value on the run's
 * date, so that a change scheduled for a later day is kept.  The upsert
 * itself is db_import.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "grow.h"
#include "i18n.h"

void
db_import_dates(struct db_import *imp, const char *changes_from,
    const char *added_from)
{
	snprintf(imp->changes_from, sizeof(imp->changes_from), "%s",
	    changes_from ? changes_from : "");
	snprintf(imp->added_from, sizeof(imp->added_from), "%s",
	    added_from ? added_from : "");
	imp->added_given = added_from != NULL;
}

static int
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* An empty date is NULL: from the start. */
static const char *
date_or_null(const char *date)
{
	return *date != '\0' ? date : NULL;
}

/*
 * Record one event of the row whose code is CODE: ATTRIBUTE from OLD to
 * NEW, from the date FROM (NULL: from the start).
 */
static int
record_event(struct db_import *imp, const char *code, const char *attribute,
    const char *old, const char *new, const char *from)
{
	sqlite3_stmt *st = imp->change;
	int bound = SQLITE_OK;

	sqlite3_bind_int64(st, 1, imp->run_id);
	db_bind_static(st, 2, imp->spec->entity, &bound);
	db_bind_static(st, 3, code, &bound);
	db_bind_static(st, 4, attribute, &bound);
	db_bind_static(st, 5, old, &bound);
	db_bind_static(st, 6, new, &bound);
	db_bind_static(st, 7, from, &bound);
	return import_step_done(imp->db, st, bound, N_("recording a change"));
}

/*
 * The first change of ATTRIBUTE of the row CODE dated after this run's
 * date (and after its last correction), if any: the row holds that
 * change's value already, so the file is compared with the value on the
 * run's date, the change's old value.  The same: *AHEAD is set, nothing
 * changes (a list re-imported unchanged after a change scheduled for a
 * later day).  Another: the file's value would hold only until that
 * change, which the file does not say: refused (DB_REJECT, said in WHY).
 * A correction holds from the start over every date, and is never
 * refused.
 */
static int
no_later_change(struct db_import *imp, const char *code,
    const char *attribute, const char *value, int *ahead, char *why,
    size_t whysz)
{
	sqlite3_stmt *st = imp->later;
	int bound = SQLITE_OK, step;

	*ahead = 0;
	if (imp->changes_from[0] == '\0')
		return DB_OK;
	db_bind_static(st, 1, imp->spec->entity, &bound);
	db_bind_static(st, 2, code, &bound);
	db_bind_static(st, 3, attribute, &bound);
	db_bind_static(st, 4, imp->changes_from, &bound);
	step = bound == SQLITE_OK ? sqlite3_step(st) : bound;
	if (step == SQLITE_ROW && same((const char *)sqlite3_column_text(st,
	    2), value))
		*ahead = 1;
	else if (step == SQLITE_ROW)
		snprintf(why, whysz, _("the %s of '%s' changes from %s by import "
		    "#%lld, after %s: the file's value would hold only until "
		    "then; give --effective %s or later, or undo import #%lld "
		    "first (--correction would replace it on every date)"),
		    attribute, code, (const char *)sqlite3_column_text(st, 0),
		    sqlite3_column_int64(st, 1), imp->changes_from,
		    (const char *)sqlite3_column_text(st, 0),
		    sqlite3_column_int64(st, 1));
	db_unbind(st);
	if (step == SQLITE_ROW)
		return *ahead ? DB_OK : DB_REJECT;
	if (step != SQLITE_DONE)
		return db_sqlite_fail(imp->db, _("import"));
	return DB_OK;
}

/*
 * Record each attribute of the selected row that FIELDS change, from the
 * run's date; DB_REJECT (said in WHY) when one cannot change from it.
 * *KEEP gets a bit (1 << I) for each attribute I the row keeps, a later
 * change holding it already.
 */
int
import_record_changes(struct db_import *imp, const char *const *fields,
    unsigned *keep, char *why, size_t whysz)
{
	const struct table_spec *s = imp->spec;
	int i, rc, ahead;

	*keep = 0;
	for (i = 1; i < s->ncolumns; i++) {
		const char *old = (const char *)sqlite3_column_text(imp->select,
		    i - 1);

		/* NULL for want of memory is not the value NULL. */
		if (old == NULL &&
		    sqlite3_errcode(imp->db->conn) == SQLITE_NOMEM)
			return db_sqlite_fail(imp->db, _("import"));
		if (same(old, fields[i]))
			continue;
		if ((rc = no_later_change(imp, fields[0], s->columns[i],
		    fields[i], &ahead, why, whysz)) != DB_OK)
			return rc;
		if (ahead) {
			*keep |= 1u << i;
			continue;
		}
		if ((rc = record_event(imp, fields[0], s->columns[i], old,
		    fields[i], date_or_null(imp->changes_from))) != DB_OK)
			return rc;
	}
	return DB_OK;
}

/*
 * The row to write when KEEP names attributes the row keeps: ROW with
 * the selected row's values there, copied (the select is reset before
 * the write), into imp->ahead.  DB_OK or an error.
 */
int
import_keep_ahead(struct db_import *imp, const char *const *row, unsigned keep)
{
	const struct table_spec *s = imp->spec;
	size_t need = 0, at = 0, len;
	const char *v;
	int i;

	for (i = 1; i < s->ncolumns; i++)
		if ((keep & (1u << i)) && (v = (const char *)sqlite3_column_text(
		    imp->select, i - 1)) != NULL)
			need += strlen(v) + 1;
	if (need > 0 && grow_array(&imp->aheadbuf, &imp->aheadcap, need, 1,
	    256) == -1)
		return db_fail(imp->db, _("out of memory"));
	for (i = 0; i < s->ncolumns; i++) {
		imp->ahead[i] = row[i];
		if (!(keep & (1u << i)))
			continue;
		v = (const char *)sqlite3_column_text(imp->select, i - 1);
		if (v == NULL) {
			imp->ahead[i] = NULL;
			continue;
		}
		len = strlen(v) + 1;
		memcpy(imp->aheadbuf + at, v, len);
		imp->ahead[i] = imp->aheadbuf + at;
		at += len;
	}
	return DB_OK;
}

/*
 * The row CODE is new: an 'added' event, so that it exists from the run's
 * date and, as recorded, from the run (db_as_of.c).
 */
int
import_record_added(struct db_import *imp, const char *code)
{
	return record_event(imp, code, "added", NULL, NULL,
	    date_or_null(imp->added_from));
}
