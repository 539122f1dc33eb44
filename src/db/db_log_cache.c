/*
 * The power a batch of the log works on, cached: its holder, department
 * and log, loaded when an entry names it (db_log.c appends under the
 * rules), and skipped when the batch knows the power has no log yet.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "db_log_internal.h"
#include "db_log_cache.h"
#include "grow.h"
#include "replay.h"
#include "seen.h"

/*
 * The kind of the unit CODE into *KIND: 0, -1 when there is no such unit.
 * A kind that is none of the four stops the batch (DB_ERROR).
 */
int
log_unit_kind(struct db_log *lg, const char *code, enum unit_kind *kind,
    int *rc)
{
	switch (unit_kinds_find(&lg->units, code, kind)) {
	case 0:
		return 0;
	case -2:
		*rc = db_fail(lg->db, _("unit '%s' has an unknown kind"), code);
		return -1;
	default:
		return -1;
	}
}

/* Forget the cached power. */
void
log_cache_clear(struct power_log *pl)
{
	size_t i;

	for (i = 0; i < pl->n; i++) {
		free((char *)pl->v[i].e.from);
		free((char *)pl->v[i].e.to);
		free((char *)pl->v[i].e.effective);
		free(pl->v[i].document);
	}
	pl->n = 0;
	free(pl->power);
	free(pl->holder);
	free(pl->department);
	free(pl->holder_from);
	pl->power = pl->holder = pl->department = pl->holder_from = NULL;
	pl->nspans = 0;
	pl->spans_known = 0;
}

/*
 * A batch into an empty log looks no power's log up until it has met the
 * power: each lookup by code is a search of delegation_identity at a
 * random page once the codes come in scattered order, and with grant_span
 * empty there is nothing to clear either (the count of powers sizes the
 * filter).  grant_span is looked at, not assumed, empty: a log emptied
 * behind the program's back leaves the slower path to mend it.  So is
 * the log: lg->before is its greatest seq, 0 beside an entry numbered 0
 * (or less) written behind the program's back, whose power's log must
 * still be loaded.
 */
int
log_cache_start(struct db_log *lg)
{
	sqlite3_stmt *st;
	long long powers = 0;
	int step, empty = 0;

	if (lg->before != 0)
		return DB_OK;
	st = db_prepare(lg->db, "SELECT NOT EXISTS (SELECT 1 FROM grant_span) "
	    "AND NOT EXISTS (SELECT 1 FROM delegation), "
	    "(SELECT max(rowid) FROM power)");
	if (st == NULL)
		return DB_ERROR;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		empty = sqlite3_column_int(st, 0);
		powers = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_ROW)
		return db_sqlite_fail(lg->db, _("reading the log"));
	if (empty && seen_init(&lg->met, powers > 0 ? (size_t)powers : 0) != 0)
		return db_fail(lg->db, _("out of memory"));
	return DB_OK;
}

/*
 * Put an entry into the cached log at index AT (the others move up),
 * copying its strings.  0, or -1 when out of memory or the mode is not
 * one.
 */
int
log_cache_insert(struct power_log *pl, size_t at, long long seq,
    const char *from, const char *to, const char *mode,
    const char *effective, const char *document, int known,
    enum unit_kind from_kind, enum unit_kind to_kind,
    const struct retired *to_retired)
{
	struct logged x;

	memset(&x, 0, sizeof(x));
	x.e.seq = seq;
	x.e.from_kind = from_kind;
	x.e.to_kind = to_kind;
	x.e.to_retired = to_retired;
	x.known = known;
	if (parse_mode(mode, &x.e.mode) != 0)
		return -1;
	x.e.from = strdup(from);
	x.e.to = strdup(to);
	x.e.effective = strdup(effective);
	x.document = strdup(document);
	if (grow_array(&pl->v, &pl->cap, pl->n + 1, sizeof(*pl->v), 8) == -1 ||
	    !x.e.from || !x.e.to || !x.e.effective || !x.document) {
		free((char *)x.e.from);
		free((char *)x.e.to);
		free((char *)x.e.effective);
		free(x.document);
		return -1;
	}
	memmove(&pl->v[at + 1], &pl->v[at], (pl->n - at) * sizeof(*pl->v));
	pl->v[at] = x;
	pl->n++;
	return 0;
}

/* Take the entry at index AT out of the cached log. */
void
log_cache_remove(struct power_log *pl, size_t at)
{
	free((char *)pl->v[at].e.from);
	free((char *)pl->v[at].e.to);
	free((char *)pl->v[at].e.effective);
	free(pl->v[at].document);
	memmove(&pl->v[at], &pl->v[at + 1], (pl->n - at - 1) * sizeof(*pl->v));
	pl->n--;
}

/*
 * Make POWER the cached power: its holder and department (none when there
 * is no such power) and its log, every entry in order of date then of
 * recording.  Nothing to do when it is cached already.
 */
int
log_cache_load(struct db_log *lg, const char *power)
{
	struct power_log *pl = &lg->cur;
	sqlite3_stmt *st;
	enum unit_kind fk, tk;
	int step, rc = DB_OK, bound = SQLITE_OK;

	if (pl->power != NULL && strcmp(pl->power, power) == 0)
		return DB_OK;
	log_cache_clear(pl);
	if ((pl->power = strdup(power)) == NULL)
		return db_fail(lg->db, _("out of memory"));
	st = lg->power;
	db_bind_static(st, 1, power, &bound);
	if ((step = bound == SQLITE_OK ? sqlite3_step(st) : bound) ==
	    SQLITE_ROW) {
		pl->holder = db_column_dup(st, 0);
		pl->department = db_column_dup(st, 1);
		if (pl->holder == NULL || pl->department == NULL ||
		    (sqlite3_column_type(st, 2) != SQLITE_NULL &&
		    (pl->holder_from = db_column_dup(st, 2)) == NULL))
			rc = db_fail(lg->db, _("out of memory"));
	}
	db_unbind(st);
	if (rc == DB_OK && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = db_sqlite_fail(lg->db, _("lookup"));
	if (rc != DB_OK || pl->holder == NULL)
		goto out;
	/* The log had nothing, and no entry of this batch named it. */
	if (lg->met.bits != NULL && !seen_maybe(&lg->met, power)) {
		seen_add(&lg->met, power);
		pl->spans_known = 1;
		goto out;
	}

	st = lg->timeline;
	db_bind_static(st, 1, power, &bound);
	while ((step = bound == SQLITE_OK ? sqlite3_step(st) : bound) ==
	    SQLITE_ROW) {
		const char *from = (const char *)sqlite3_column_text(st, 1);
		const char *to = (const char *)sqlite3_column_text(st, 2);
		const char *mode = (const char *)sqlite3_column_text(st, 3);
		const char *eff = (const char *)sqlite3_column_text(st, 4);
		const char *doc = (const char *)sqlite3_column_text(st, 5);
		int known;

		if (!from || !to || !mode || !eff || !doc) {
			rc = db_fail(lg->db, _("loading the log of '%s': bad "
			    "entry or out of memory"), power);
			break;
		}
		known = log_unit_kind(lg, from, &fk, &rc) == 0 &&
		    log_unit_kind(lg, to, &tk, &rc) == 0;
		if (rc != DB_OK)
			break;
		if (!known)
			fk = tk = KIND_NEW_AREA;
		if (log_cache_insert(pl, pl->n, sqlite3_column_int64(st, 0), from,
		    to, mode, eff, doc, known, fk, tk,
		    unit_kinds_retired(&lg->units, to)) != 0) {
			rc = db_fail(lg->db, _("loading the log of '%s': bad "
			    "entry or out of memory"), power);
			break;
		}
	}
	if (rc == DB_OK && step != SQLITE_DONE)
		rc = db_sqlite_fail(lg->db, _("loading the log"));
	db_unbind(st);
out:
	if (rc != DB_OK)
		log_cache_clear(pl);
	return rc;
}

/* Whether the cached log holds the entry R with giver FROM already. */
int
log_cache_holds(const struct power_log *pl, const struct log_row *r,
    const char *from)
{
	enum mode mode;
	size_t i;

	if (parse_mode(r->mode, &mode) != 0)
		return 0;
	for (i = 0; i < pl->n; i++) {
		const struct logged *l = &pl->v[i];

		if (l->e.mode == mode && strcmp(l->e.effective,
		    r->effective) == 0 && strcmp(l->e.to, r->to) == 0 &&
		    strcmp(l->e.from, from) == 0 &&
		    strcmp(l->document, r->document) == 0)
			return 1;
	}
	return 0;
}
