/*
 * The checks of an import as a whole, once every row is written: the
 * codes Excel's dropping of leading zeros could have made, and the log
 * replayed under the holders and departments the import changed.  And
 * the registry's units and categories that rows are checked against.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "db_internal.h"
#include "grow.h"
#include "replay.h"

int
db_refs_load(struct db *db, struct refs *r)
{
	sqlite3_stmt *st;
	enum unit_kind kind;
	int rc = DB_OK, step;

	if ((st = db_prepare(db, "SELECT code, name, kind FROM unit")) == NULL)
		return DB_ERROR;
	while (rc == DB_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (parse_kind((const char *)sqlite3_column_text(st, 2),
		    &kind) != 0 ||
		    refs_add_unit(r, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1), kind) != 0)
			rc = db_fail(db, _("loading units: out of memory"));
	}
	if (rc == DB_OK && step != SQLITE_DONE)
		rc = db_sqlite_fail(db, _("loading units"));
	sqlite3_finalize(st);
	if (rc != DB_OK)
		return rc;
	/* The names units bore before a rename, for the message of a sheet. */
	if ((st = db_prepare(db, "SELECT DISTINCT old_value, code FROM "
	    "attribute_change WHERE entity = 'unit' AND attribute = 'name' "
	    "AND old_value IS NOT NULL")) == NULL)
		return DB_ERROR;
	while (rc == DB_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
		if (refs_add_former(r, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1)) != 0)
			rc = db_fail(db, _("loading units: out of memory"));
	if (rc == DB_OK && step != SQLITE_DONE)
		rc = db_sqlite_fail(db, _("loading units"));
	sqlite3_finalize(st);
	if (rc != DB_OK)
		return rc;
	if ((st = db_prepare(db, "SELECT code, name FROM category")) == NULL)
		return DB_ERROR;
	while (rc == DB_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
		if (refs_add_category(r, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1)) != 0)
			rc = db_fail(db, _("loading categories: out of memory"));
	if (rc == DB_OK && step != SQLITE_DONE)
		rc = db_sqlite_fail(db, _("loading categories"));
	sqlite3_finalize(st);
	if (rc == DB_OK && refs_sort(r) != 0)
		rc = db_fail(db, _("out of memory"));
	return rc;
}

/*
 * The digits-only codes without a leading zero that the file added
 * which, padded with zeros to LEN, are another code of the table:
 * Excel's damage.  SQL is the spec's zeros_fresh or zeros_suspect.
 */
static int
zeros_dropped(struct db_import *imp, const char *sql, int len,
    void (*each)(long, const char *, void *), void *arg, long *problems)
{
	static const char zeros[LEN_BITS + 1] =
	    "0000000000000000000000000000000000000000000000000000000000000000";
	char why[512];
	sqlite3_stmt *st;
	int step;

	if ((st = db_prepare(imp->db, sql)) == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, zeros, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, len);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(why, sizeof(why), _("%s '%s' looks like '%s' with its "
		    "leading zeros dropped, as Excel does to a number: format "
		    "the code column as text (文本) and type the codes again"),
		    imp->cols[0].label, sqlite3_column_text(st, 1),
		    sqlite3_column_text(st, 2));
		each((long)sqlite3_column_int64(st, 0), why, arg);
		(*problems)++;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return db_sqlite_fail(imp->db, _("checking codes"));
	return DB_OK;
}

/* Excel's dropped zeros, for every length a code with zeros has. */
static int
check_zeros(struct db_import *imp, void (*each)(long, const char *, void *),
    void *arg, long *problems)
{
	const char *candidates;
	unsigned long long lens = imp->zero_lens;
	sqlite3_stmt *st;
	int len, rc, step;

	if (imp->fresh) {
		/* Every code is the file's, each row's rowid its line. */
		if (imp->bare_lens == 0)
			return DB_OK;
		candidates = imp->spec->sql.zeros_fresh;
	} else {
		if (imp->nsuspect == 0)
			return DB_OK;
		candidates = imp->spec->sql.zeros_suspect;
		/* The registry's codes with zeros count too. */
		if ((st = db_prepare(imp->db, imp->spec->sql.zero_lengths)) ==
		    NULL)
			return DB_ERROR;
		while ((step = sqlite3_step(st)) == SQLITE_ROW)
			if ((len = sqlite3_column_int(st, 0)) < LEN_BITS)
				lens |= 1ull << len;
		sqlite3_finalize(st);
		if (step != SQLITE_DONE)
			return db_sqlite_fail(imp->db, _("checking codes"));
	}
	for (len = 2; len < LEN_BITS; len++) {
		/* Only a code longer than some candidate can be one padded. */
		if (!(lens & (1ull << len)) ||
		    !(imp->bare_lens & ((1ull << len) - 1)))
			continue;
		if ((rc = zeros_dropped(imp, candidates, len, each, arg,
		    problems)) != DB_OK)
			return rc;
	}
	return DB_OK;
}

/* One logged entry of a power, its strings owned. */
struct held_entry {
	struct entry	 e;
	char		*from, *to, *effective;
	struct retired	 retired;	/* of to, its strings owned */
};

static void
free_entries(struct held_entry *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].from);
		free(v[i].to);
		free(v[i].effective);
		free((char *)v[i].retired.from);
		free((char *)v[i].retired.document);
	}
	free(v);
}

/*
 * Load the log of POWER, in replay order, into *OUT (*N entries; the
 * caller frees with free_entries()).
 */
static int
load_entries(struct db_import *imp, sqlite3_stmt *st, const char *power,
    struct held_entry **out, size_t *n)
{
	struct held_entry *v = NULL, *x;
	size_t cap = 0;
	int step, bound = SQLITE_OK, rc = DB_OK;

	*n = 0;
	db_bind_static(st, 1, power, &bound);
	while ((step = bound == SQLITE_OK ? sqlite3_step(st) : bound) ==
	    SQLITE_ROW) {
		if (grow_array(&v, &cap, *n + 1, sizeof(*v), 16) == -1) {
			rc = db_fail(imp->db, _("out of memory"));
			break;
		}
		x = &v[(*n)++];
		memset(x, 0, sizeof(*x));
		x->e.seq = sqlite3_column_int64(st, 0);
		x->from = db_column_dup(st, 1);
		x->to = db_column_dup(st, 3);
		x->effective = db_column_dup(st, 6);
		if (x->from == NULL || x->to == NULL || x->effective == NULL ||
		    parse_kind((const char *)sqlite3_column_text(st, 2),
		    &x->e.from_kind) != 0 ||
		    parse_kind((const char *)sqlite3_column_text(st, 4),
		    &x->e.to_kind) != 0 ||
		    parse_mode((const char *)sqlite3_column_text(st, 5),
		    &x->e.mode) != 0) {
			rc = db_fail(imp->db, _("loading the log of '%s': bad entry "
			    "or out of memory"), power);
			break;
		}
		x->e.from = x->from;
		x->e.to = x->to;
		x->e.effective = x->effective;
		if (sqlite3_column_type(st, 7) != SQLITE_NULL) {
			x->retired.from = db_column_dup(st, 7);
			x->retired.document = db_column_dup(st, 8);
			if (x->retired.from == NULL ||
			    x->retired.document == NULL) {
				rc = db_fail(imp->db, _("out of memory"));
				break;
			}
		}
	}
	if (rc == DB_OK && step != SQLITE_DONE)
		rc = db_sqlite_fail(imp->db, _("loading the log"));
	db_unbind(st);
	*out = v;
	return rc;
}

/*
 * Replay the log of POWER under its holder HOLDER and department DEPT as
 * this import leaves them; a broken entry is a problem at LINE.  The
 * attributes are one value for every entry today; once they are dated,
 * each entry is to be replayed under the values of its own date.
 */
static int
replay_power(struct db_import *imp, sqlite3_stmt *log, const char *power,
    const char *holder, const char *dept, long line,
    void (*each)(long, const char *, void *), void *arg, long *problems)
{
	struct held_entry *v = NULL;
	struct entry *ev = NULL;
	struct span *spans = NULL;
	const struct entry *bad;
	char why[512], msg[1024], names[256];
	size_t n, i, nspans, at;
	int rc;

	if ((rc = load_entries(imp, log, power, &v, &n)) != DB_OK || n == 0)
		goto out;
	ev = calloc(n, sizeof(*ev));
	spans = calloc(n, sizeof(*spans));
	if (ev == NULL || spans == NULL) {
		rc = db_fail(imp->db, _("out of memory"));
		goto out;
	}
	for (i = 0; i < n; i++) {
		ev[i] = v[i].e;
		/* Pointed at only now: v moved while it grew. */
		ev[i].to_retired = v[i].retired.from != NULL ? &v[i].retired :
		    NULL;
	}
	if (replay(ev, n, holder, dept, spans, &nspans, &bad, why,
	    sizeof(why)) == 0)
		goto out;
	/* Name every entry given by a department that would not hold it. */
	names[0] = '\0';
	for (i = at = 0; i < n; i++) {
		if (ev[i].mode == MODE_REVOKE || ev[i].mode == MODE_CANCEL ||
		    ev[i].from_kind != KIND_DEPARTMENT ||
		    strcmp(ev[i].from, holder) == 0 ||
		    strcmp(ev[i].from, dept) == 0 || at >= sizeof(names) - 32)
			continue;
		at += (size_t)snprintf(names + at, sizeof(names) - at, "%s#%lld",
		    at ? ", " : "", ev[i].seq);
	}
	snprintf(msg, sizeof(msg), _("power '%s': this change would break logged "
	    "entry #%lld (%s, %s to '%s'): %s%s%s; the log is never rewritten, "
	    "and its entries rest on the holder and department they were "
	    "given under, revoked ones too: keep this power's holder and "
	    "department"),
	    power, bad->seq, bad->effective, mode_name(bad->mode), bad->to, why,
	    *names ? "; entries given by the old holder: " : "", names);
	each(line, msg, arg);
	(*problems)++;
out:
	free(spans);
	free(ev);
	free_entries(v, n);
	return rc;
}

/*
 * The powers whose holder or department this import changed, replayed
 * under their new values: no import may make a logged entry break the
 * rules.  (A unit's kind cannot change at all: kind_kept().)
 */
static int
check_log(struct db_import *imp, void (*each)(long, const char *, void *),
    void *arg, long *problems)
{
	sqlite3_stmt *changed, *log;
	int step = SQLITE_DONE, rc = DB_OK;

	if (imp->fresh || imp->spec != &import_specs[IMPORT_POWERS])
		return DB_OK;
	changed = db_prepare(imp->db, "SELECT p.code, p.holder, p.department, "
	    "s.line FROM (SELECT DISTINCT code FROM attribute_change "
	    "WHERE import_run = ?1 AND entity = 'power' AND attribute IN "
	    "('holder', 'department')) AS c JOIN power AS p ON p.code = c.code "
	    "JOIN temp.seen AS s ON s.code = c.code ORDER BY s.line");
	/* With the retirement of each receiver (unit_retirements). */
	log = db_prepare(imp->db, "SELECT d.seq, d.from_unit, f.kind, "
	    "d.to_unit, t.kind, d.mode, d.effective, r.retired_from, "
	    "r.document FROM delegation AS d "
	    "JOIN unit AS f ON f.code = d.from_unit JOIN unit AS t "
	    "ON t.code = d.to_unit LEFT JOIN unit_retirements AS r "
	    "ON r.unit_code = d.to_unit WHERE d.power = ?1 "
	    "ORDER BY d.effective, d.seq");
	if (changed == NULL || log == NULL) {
		sqlite3_finalize(changed);
		sqlite3_finalize(log);
		return DB_ERROR;
	}
	sqlite3_bind_int64(changed, 1, imp->run_id);
	while (rc == DB_OK && (step = sqlite3_step(changed)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(changed, 0);
		const char *holder = (const char *)sqlite3_column_text(changed, 1);
		const char *dept = (const char *)sqlite3_column_text(changed, 2);

		if (code == NULL || holder == NULL || dept == NULL) {
			rc = db_fail(imp->db, _("checking the log: out of memory"));
			break;
		}
		rc = replay_power(imp, log, code, holder, dept,
		    (long)sqlite3_column_int64(changed, 3), each, arg, problems);
	}
	if (rc == DB_OK && step != SQLITE_DONE)
		rc = db_sqlite_fail(imp->db, _("checking the log"));
	sqlite3_finalize(changed);
	sqlite3_finalize(log);
	return rc;
}

int
db_import_check(struct db_import *imp,
    void (*each)(long line, const char *why, void *arg), void *arg,
    long *problems)
{
	int rc;

	*problems = 0;
	if ((rc = check_zeros(imp, each, arg, problems)) != DB_OK)
		return rc;
	return check_log(imp, each, arg, problems);
}

int
db_import_changes(struct db_import *imp,
    void (*each)(const char *, const char *, const char *, const char *,
    void *), void *arg, long max, long *total)
{
	sqlite3_stmt *st;
	int step;

	*total = 0;
	st = db_prepare(imp->db, "SELECT code, attribute, old_value, new_value "
	    "FROM attribute_change WHERE import_run = ?1 AND attribute <> "
	    "'added' ORDER BY id");
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, imp->run_id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (*total < max)
			each((const char *)sqlite3_column_text(st, 0),
			    (const char *)sqlite3_column_text(st, 1),
			    (const char *)sqlite3_column_text(st, 2),
			    (const char *)sqlite3_column_text(st, 3), arg);
		(*total)++;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return db_sqlite_fail(imp->db, _("reading the changes"));
	return DB_OK;
}
