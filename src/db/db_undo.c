/*
 * undo: the events that reverse one import run or one batch of the log,
 * appended; nothing is deleted (issue 14, point 4).
 *
 * An import run is undone by a run of its own: each attribute it changed
 * changes back, from the same date (its changes held from one date, or
 * from the start), through the import's own path (db_import.c), so that
 * the row hashes, the table digests and the import chain are kept as an
 * import keeps them, and the log is replayed under the values it puts
 * back (db_import_check()).  After it the attribute on every date is what
 * it was before the run: the later event holds where the run's did, and
 * gives back the value before it.  Refused, naming them: a change of the
 * same attribute recorded after the run (it rests on the run: undo it
 * first); a correction made over dated changes (a correction holds on
 * every date, so that what it replaced cannot be given back by one event
 * each); a run that added rows (a row once added stays: cancel a power,
 * retire a unit); a retirement.
 *
 * A batch of the log (the entries one 'delegate' or 'cancel' recorded,
 * named by any of its entries) is undone by a batch of entries that
 * reverse each one on its own date, last first: a revoke of each grant it
 * started (the grant then lasts no day) and a grant again, in the mode it
 * had, of each it ended.  Each is checked by the rules with every entry
 * logged (db_log_add()), so that an entry recorded later that rests on
 * the batch (a revoke of the grant it made) is named and the undo
 * refused.  A cancellation is final: refused.  The undo is a run, or a
 * batch, like any other, and so can be undone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "db_internal.h"

/* An import run's reason not to be undone, into WHY; 1 when there is one. */
static int
import_refusal(struct db *db, long long run, char *why, size_t whysz, int *rc)
{
	static const struct {
		const char	*sql;
		const char	*fmt;
	} checks[] = {
		{ "SELECT code, NULL, NULL FROM attribute_change WHERE "
		    "import_run = ?1 AND attribute = 'retired_from' LIMIT 1",
		    N_("import #%lld is the retirement of unit '%s' (unit retire): "
		    "a retirement is not undone") },
		{ "SELECT c.code, c.attribute, l.import_run FROM attribute_change "
		    "c JOIN attribute_change l ON l.entity = c.entity AND "
		    "l.code = c.code AND l.attribute = c.attribute AND "
		    "l.id > c.id WHERE c.import_run = ?1 ORDER BY c.id, l.id "
		    "LIMIT 1",
		    N_("import #%lld changed '%s' %s, and import #%s changed it "
		    "again after it, resting on it: undo import #%s first") },
		{ "SELECT c.code, c.attribute, e.import_run FROM attribute_change "
		    "c JOIN attribute_change e ON e.entity = c.entity AND "
		    "e.code = c.code AND e.attribute = c.attribute AND "
		    "e.id < c.id AND e.effective IS NOT NULL WHERE "
		    "c.import_run = ?1 AND c.effective IS NULL LIMIT 1",
		    N_("import #%lld corrected '%s' %s from the start over the "
		    "dated change of import #%s: an undo cannot give that back; "
		    "import the values again as they should be") },
	};
	size_t i;

	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		sqlite3_stmt *st = db_prepare(db, checks[i].sql);
		int step;

		if (st == NULL) {
			*rc = DB_ERROR;
			return 1;
		}
		sqlite3_bind_int64(st, 1, run);
		if ((step = sqlite3_step(st)) == SQLITE_ROW) {
			const char *a = (const char *)sqlite3_column_text(st, 0);
			const char *b = (const char *)sqlite3_column_text(st, 1);
			const char *c = (const char *)sqlite3_column_text(st, 2);

			snprintf(why, whysz, _(checks[i].fmt), run, a ? a : "",
			    b ? b : "", c ? c : "", c ? c : "");
		}
		sqlite3_finalize(st);
		if (step == SQLITE_ROW) {
			*rc = DB_REJECT;
			return 1;
		}
		if (step != SQLITE_DONE) {
			*rc = db_sqlite_fail(db, _("undo"));
			return 1;
		}
	}
	return 0;
}

/* The run's table, its hash in hex and the date its changes held from. */
struct run_facts {
	enum import_what	what;
	char			hash[HASH_HEX_LEN + 1];
	char			effective[11];	/* empty: from the start */
	long			changes, added;
};

static int
load_run(struct db *db, long long run, struct run_facts *f, char *why,
    size_t whysz)
{
	sqlite3_stmt *st;
	int step, rc = DB_OK;

	memset(f, 0, sizeof(*f));
	st = db_prepare(db, "SELECT r.what, lower(hex(r.hash)), (SELECT "
	    "c.effective FROM attribute_change c WHERE c.import_run = r.id "
	    "ORDER BY c.id LIMIT 1), (SELECT count(*) FROM attribute_change c "
	    "WHERE c.import_run = r.id), r.added FROM import_run r "
	    "WHERE r.id = ?1");
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, run);
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *what = (const char *)sqlite3_column_text(st, 0);
		const char *h = (const char *)sqlite3_column_text(st, 1);
		const char *e = (const char *)sqlite3_column_text(st, 2);

		f->what = what && strcmp(what, "units") == 0 ? IMPORT_UNITS :
		    IMPORT_POWERS;
		snprintf(f->hash, sizeof(f->hash), "%s", h ? h : "");
		snprintf(f->effective, sizeof(f->effective), "%s", e ? e : "");
		f->changes = (long)sqlite3_column_int64(st, 3);
		f->added = (long)sqlite3_column_int64(st, 4);
	} else if (step == SQLITE_DONE) {
		snprintf(why, whysz, _("there is no import #%lld: imports_readable "
		    "lists them (powers sql)"), run);
		rc = DB_REJECT;
	} else
		rc = db_sqlite_fail(db, _("undo"));
	sqlite3_finalize(st);
	if (rc == DB_OK && f->added > 0) {
		snprintf(why, whysz, _("import #%lld added %ld rows: a row once "
		    "added stays; cancel a power, or retire a unit, instead"),
		    run, f->added);
		rc = DB_REJECT;
	} else if (rc == DB_OK && f->changes == 0) {
		snprintf(why, whysz, _("import #%lld changed nothing: nothing to "
		    "undo"), run);
		rc = DB_REJECT;
	}
	return rc;
}

/* The field index of ATTRIBUTE in table spec S; 0 (the code) for none. */
static int
field_of(const struct table_spec *s, const char *attribute)
{
	int i;

	for (i = 1; i < s->ncolumns; i++)
		if (strcmp(s->columns[i], attribute) == 0)
			return i;
	return 0;
}

/* Where the first problem db_import_check() finds is kept. */
struct problem {
	char	*why;
	size_t	 size;
};

static void
first_problem(long line, const char *problem, void *arg)
{
	struct problem *p = arg;

	(void)line;
	if (*p->why == '\0')
		snprintf(p->why, p->size, "%s", problem);
}

/*
 * Give each row the run changed its old values back, a row at a time in
 * code order: the fields not changed by the run are kept as they are.
 */
static int
put_back(struct db *db, struct db_import *imp, const struct table_spec *s,
    long long run, char *why, size_t whysz)
{
	const char *fields[IMPORT_POWER_FIELDS];
	char *owned[IMPORT_POWER_FIELDS] = { NULL };
	char *code = NULL;
	sqlite3_stmt *st;
	long line = 0;
	int step, i, rc = DB_OK;

	st = db_prepare(db, "SELECT code, attribute, old_value FROM "
	    "attribute_change WHERE import_run = ?1 ORDER BY code, id");
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, run);
	for (;;) {
		const char *c;

		step = sqlite3_step(st);
		c = step == SQLITE_ROW ?
		    (const char *)sqlite3_column_text(st, 0) : NULL;
		/* A row is complete when the next change is another's. */
		if (code != NULL && (c == NULL || strcmp(c, code) != 0)) {
			fields[0] = code;
			rc = db_import_row(imp, fields, ++line, why, whysz);
			free(code);
			code = NULL;
			for (i = 0; i < s->ncolumns; i++) {
				free(owned[i]);
				owned[i] = NULL;
			}
			if (rc != DB_OK)
				break;
		}
		if (step != SQLITE_ROW || c == NULL)
			break;
		if (code == NULL) {
			if ((code = strdup(c)) == NULL) {
				rc = db_fail(db, _("out of memory"));
				break;
			}
			for (i = 1; i < s->ncolumns; i++)
				fields[i] = DB_IMPORT_KEEP;
		}
		i = field_of(s, (const char *)sqlite3_column_text(st, 1));
		if (i > 0) {
			owned[i] = db_column_dup(st, 2);
			fields[i] = owned[i];
		}
	}
	free(code);
	for (i = 0; i < s->ncolumns; i++)
		free(owned[i]);
	if (rc == DB_OK && step != SQLITE_DONE)
		rc = db_sqlite_fail(db, _("undo"));
	sqlite3_finalize(st);
	return rc;
}

int
db_undo_import(struct db *db, long long run, const char *by, const char *at,
    long long *undo_run, long *changed, char *why, size_t whysz)
{
	static const struct import_column keep[IMPORT_POWER_FIELDS];
	struct db_import *imp = NULL;
	struct import_counts counts;
	struct run_facts f;
	char file[64], dialect[64];
	struct import_meta m;
	struct problem first = { why, whysz };
	long problems = 0;
	int rc;

	*why = '\0';
	if ((rc = load_run(db, run, &f, why, whysz)) != DB_OK ||
	    import_refusal(db, run, why, whysz, &rc))
		return rc;
	if ((rc = db_import_begin(db, f.what, keep, &imp)) != DB_OK)
		goto out;
	db_import_dates(imp, f.effective[0] ? f.effective : NULL, NULL);
	*undo_run = imp->run_id;
	if ((rc = put_back(db, imp, imp->spec, run, why, whysz)) != DB_OK ||
	    (rc = db_import_check(imp, first_problem, &first, &problems)) !=
	    DB_OK)
		goto out;
	if (problems > 0) {
		rc = DB_REJECT;
		goto out;
	}
	snprintf(file, sizeof(file), "undo of import #%lld", run);
	snprintf(dialect, sizeof(dialect), "import #%lld", run);
	m.file = file;
	m.sha256 = f.hash;
	m.encoding = "undo";
	m.dialect = dialect;
	m.operator_name = by;
	m.at = at;
	rc = db_import_finish(imp, &m, &counts, NULL, NULL, 0);
	*changed = counts.changed;
out:
	db_import_free(imp);
	return rc;
}
