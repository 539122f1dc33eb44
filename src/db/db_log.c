/*
 * The delegation log: appending entries under the rules (src/rules/replay.c),
 * chaining each to the one before, and keeping grant_span equal to a
 * replay of the log (the writing of grant_span in db_log_spans.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "db_log_internal.h"
#include "db_log_cache.h"
#include "db_log_rules.h"
#include "grow.h"
#include "hash.h"
#include "replay.h"

/*
 * The statements a batch runs for its entries.  Each searches a primary
 * key or delegation_identity, none an index db_bulk_defer() drops while
 * a large batch writes (tests/check_plan_bulk.c).
 */
const char *const db_log_row_sql[LOG_NSQL] = {
	[LOG_SQL_POWER] = "SELECT holder, department, (SELECT "
	    "max(c.effective) FROM attribute_change c WHERE c.entity = 'power' "
	    "AND c.code = ?1 AND c.attribute IN ('holder', 'department')) "
	    "FROM power WHERE code = ?1",
	[LOG_SQL_TIMELINE] = "SELECT seq, from_unit, to_unit, mode, "
	    "effective, document FROM delegation WHERE power = ?1 "
	    "ORDER BY effective, seq",
	[LOG_SQL_APPEND] = "INSERT INTO delegation (seq, power, "
	    "from_unit, to_unit, mode, document, effective, note, recorded_by, "
	    "recorded_at, batch, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	[LOG_SQL_CLEAR] = "DELETE FROM grant_span WHERE power = ?1",
	[LOG_SQL_SPAN] = "INSERT INTO grant_span (power, to_unit, "
	    "from_unit, mode, start_seq, start_date, end_seq, end_date) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[LOG_SQL_SPAN_END] = "UPDATE grant_span SET end_seq = ?3, "
	    "end_date = ?4 WHERE power = ?1 AND start_seq = ?2",
	[LOG_SQL_SPAN_DROP] = "DELETE FROM grant_span "
	    "WHERE power = ?1 AND start_seq = ?2",
};

int
db_log_head(struct db *db, long long *count, char hex[HASH_HEX_LEN + 1])
{
	sqlite3_stmt *st;
	int step;

	*count = 0;
	hex[0] = '\0';
	st = db_prepare(db, "SELECT seq, hash FROM delegation "
	    "ORDER BY seq DESC LIMIT 1");
	if (st == NULL)
		return DB_ERROR;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*count = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == HASH_LEN)
			hash_hex(sqlite3_column_blob(st, 1), hex);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return db_sqlite_fail(db, _("reading the log's head"));
	return DB_OK;
}

int
db_log_begin(struct db *db, const char *batch, const char *by,
    const char *at, struct db_log **out)
{
	struct db_log *lg;
	sqlite3_stmt *st;
	int rc, step;

	*out = NULL;
	if ((lg = calloc(1, sizeof(*lg))) == NULL)
		return db_fail(db, _("out of memory"));
	lg->db = db;
	lg->batch = batch;
	lg->by = by;
	lg->at = at;
	if ((rc = db_begin(db)) != DB_OK) {
		free(lg);
		return rc;
	}
	*out = lg;
	if ((rc = db_record_time(db, at, lg->at_buf)) != DB_OK ||
	    (rc = db_bulk_cache(db)) != DB_OK)
		return rc;
	lg->at = lg->at_buf;
	if ((st = db_prepare(db, "SELECT seq, hash FROM delegation "
	    "ORDER BY seq DESC LIMIT 1")) == NULL)
		return DB_ERROR;
	lg->next_seq = 1;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		lg->next_seq = sqlite3_column_int64(st, 0) + 1;
		if (sqlite3_column_bytes(st, 1) == HASH_LEN) {
			memcpy(lg->prev, sqlite3_column_blob(st, 1), HASH_LEN);
			lg->has_prev = 1;
		}
	}
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return db_sqlite_fail(db, _("reading the log"));
	/* Append-only and numbered from 1: the entries it holds. */
	lg->before = lg->next_seq - 1;
	if ((rc = unit_kinds_load(db, &lg->units)) != DB_OK ||
	    (rc = log_cache_start(lg)) != DB_OK)
		return rc;

	lg->power = db_prepare(db, db_log_row_sql[LOG_SQL_POWER]);
	lg->timeline = db_prepare(db, db_log_row_sql[LOG_SQL_TIMELINE]);
	lg->append = db_prepare(db, db_log_row_sql[LOG_SQL_APPEND]);
	lg->clear = db_prepare(db, db_log_row_sql[LOG_SQL_CLEAR]);
	lg->span = db_prepare(db, db_log_row_sql[LOG_SQL_SPAN]);
	lg->span_end = db_prepare(db, db_log_row_sql[LOG_SQL_SPAN_END]);
	lg->span_drop = db_prepare(db, db_log_row_sql[LOG_SQL_SPAN_DROP]);
	if (!lg->power || !lg->timeline || !lg->append || !lg->clear ||
	    !lg->span || !lg->span_end || !lg->span_drop)
		return DB_ERROR;
	return DB_OK;
}

void
db_log_free(struct db_log *lg)
{
	if (lg == NULL)
		return;
	sqlite3_finalize(lg->power);
	sqlite3_finalize(lg->timeline);
	sqlite3_finalize(lg->append);
	sqlite3_finalize(lg->clear);
	sqlite3_finalize(lg->span);
	sqlite3_finalize(lg->span_end);
	sqlite3_finalize(lg->span_drop);
	log_cache_clear(&lg->cur);
	free(lg->cur.v);
	free(lg->cur.span_start);
	free(lg->cur.span_end);
	unit_kinds_free(&lg->units);
	seen_free(&lg->met);
	free(lg->ev);
	free(lg->spans);
	free(lg);
}

void
db_log_counts(const struct db_log *lg, struct log_counts *c)
{
	*c = lg->counts;
}

/*
 * Run a statement that returns no row, then reset it.  BOUND is what
 * binding its parameters gave.  DOING is marked N_() and translated only
 * on failure (import_step_done() says why).
 */
int
log_step_done(struct db *db, sqlite3_stmt *st, int bound, const char *doing)
{
	int step = bound == SQLITE_OK ? sqlite3_step(st) : bound;

	db_unbind(st);
	if (step != SQLITE_DONE) {
		/*
		 * What the rules allow SQLite never refuses: a constraint
		 * here is a failure, not a broken rule to report as one.
		 */
		if (db_sqlite_fail(db, _(doing)) == DB_BUSY)
			return DB_BUSY;
		return DB_ERROR;
	}
	return DB_OK;
}


/* Chain and insert the entry as number lg->next_seq. */
static int
append_entry(struct db_log *lg, const struct log_row *r, const char *from)
{
	sqlite3_stmt *st = lg->append;
	unsigned char h[HASH_LEN];
	char seq[24];
	const char *fields[] = {
		seq, r->power, from, r->to, r->mode, r->document, r->effective,
		r->note, lg->by, lg->at, lg->batch,
	};
	size_t i;
	int rc, bound = SQLITE_OK;

	snprintf(seq, sizeof(seq), "%lld", lg->next_seq);
	if (hash_fields("delegation", lg->has_prev ? lg->prev : NULL, fields,
	    sizeof(fields) / sizeof(fields[0]), h) != 0)
		return db_fail(lg->db, _("sha-256 failed"));
	sqlite3_bind_int64(st, 1, lg->next_seq);
	for (i = 1; i < sizeof(fields) / sizeof(fields[0]); i++)
		db_bind_static(st, (int)i + 1, fields[i], &bound);
	if (lg->has_prev)
		sqlite3_bind_blob(st, 12, lg->prev, HASH_LEN, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 12);
	sqlite3_bind_blob(st, 13, h, HASH_LEN, SQLITE_STATIC);
	if ((rc = log_step_done(lg->db, st, bound, N_("appending to the log"))) !=
	    DB_OK)
		return rc;
	memcpy(lg->prev, h, HASH_LEN);
	lg->has_prev = 1;
	lg->next_seq++;
	return DB_OK;
}

/* Room for a replay of N entries in lg->ev and lg->spans.  0 or -1. */
static int
replay_room(struct db_log *lg, size_t n)
{
	size_t cap;

	if (n <= lg->evcap)
		return 0;
	/* One capacity for both, kept once both have it. */
	cap = grow_cap(lg->evcap, n, 16);
	if (grow_resize(&lg->ev, cap, sizeof(*lg->ev)) == -1 ||
	    grow_resize(&lg->spans, cap, sizeof(*lg->spans)) == -1)
		return -1;
	lg->evcap = cap;
	return 0;
}

/*
 * The registered code that CODE, all digits, is with its leading zeros
 * dropped (as Excel drops them), into OUT (OUTSZ bytes); 0 when found.
 * Tries each length up to CODE_MAX: a lookup by primary key each.
 */
#define CODE_MAX	40
static int
zeros_dropped(struct db_log *lg, const char *code, char *out, size_t outsz)
{
	char padded[CODE_MAX + 1];
	size_t len = strspn(code, "0123456789"), k;
	int step = SQLITE_DONE, bound;

	if (len == 0 || code[len] != '\0' || len >= CODE_MAX)
		return -1;
	for (k = 1; k + len <= CODE_MAX && step != SQLITE_ROW; k++) {
		memset(padded, '0', k);
		memcpy(padded + k, code, len + 1);
		bound = SQLITE_OK;
		db_bind_static(lg->power, 1, padded, &bound);
		step = bound == SQLITE_OK ? sqlite3_step(lg->power) : bound;
		db_unbind(lg->power);
	}
	if (step != SQLITE_ROW)
		return -1;
	snprintf(out, outsz, "%s", padded);
	return 0;
}

/*
 * The giver of R (the power's holder when R names none) into *FROM, and
 * the kinds of both units, once log_cache_load() has loaded R's power.
 * DB_OK, DB_REJECT (said in WHY) when the power or a unit is unknown, or
 * an error.
 */
static int
entry_units(struct db_log *lg, const struct log_row *r, const char **from,
    enum unit_kind *from_kind, enum unit_kind *to_kind, char *why,
    size_t whysz)
{
	struct power_log *pl = &lg->cur;
	int rc;

	if (pl->holder == NULL) {
		char padded[CODE_MAX + 1];

		if (zeros_dropped(lg, r->power, padded, sizeof(padded)) == 0)
			snprintf(why, whysz, _("unknown power '%s': it looks like "
			    "'%s' with its leading zeros dropped, as Excel does "
			    "to a number: format the code column as text (文本) "
			    "and type the codes again"), r->power, padded);
		else
			snprintf(why, whysz, _("unknown power '%s'"), r->power);
		return DB_REJECT;
	}
	*from = r->from ? r->from : pl->holder;
	rc = DB_OK;
	if (log_unit_kind(lg, *from, from_kind, &rc) != 0) {
		if (rc != DB_OK)
			return rc;
		snprintf(why, whysz, _("unknown unit '%s'"), *from);
		return DB_REJECT;
	}
	if (log_unit_kind(lg, r->to, to_kind, &rc) != 0) {
		if (rc != DB_OK)
			return rc;
		snprintf(why, whysz, _("unknown unit '%s'"), r->to);
		return DB_REJECT;
	}
	return DB_OK;
}

/* The cancel among the first N entries of the cached log, or NULL. */
static const struct logged *
cancel_before(const struct power_log *pl, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (pl->v[i].known && pl->v[i].e.mode == MODE_CANCEL)
			return &pl->v[i];
	return NULL;
}

/*
 * After the grant R from FROM was appended (its spans are lg->spans,
 * NSPANS of them): a grant to a retired unit, which the rules take only
 * when it takes effect before the retirement, ends on the retirement's
 * date as the unit's other grants did, by a revoke of that date on the
 * retirement's document appended with it.  So no grant to a retired
 * unit is live on or after that day, whenever it was recorded.
 */
static int
end_at_retirement(struct db_log *lg, const struct log_row *r,
    const char *from, size_t nspans)
{
	const struct retired *ret = unit_kinds_retired(&lg->units, r->to);
	struct log_row end;
	char why[768];
	size_t i;
	int rc;

	if (ret == NULL || strcmp(r->mode, "revoke") == 0 ||
	    strcmp(r->mode, "cancel") == 0)
		return DB_OK;
	for (i = 0; i < nspans; i++)
		if (lg->spans[i].start->seq == lg->next_seq - 1)
			break;
	if (i == nspans || (lg->spans[i].end != NULL &&
	    strcmp(lg->spans[i].end->effective, ret->from) <= 0))
		return DB_OK;
	memset(&end, 0, sizeof(end));
	end.power = r->power;
	end.from = from;
	end.to = r->to;
	end.mode = "revoke";
	end.document = ret->document;
	end.effective = ret->from;
	end.note = "";
	if ((rc = db_log_add(lg, &end, why, sizeof(why))) == DB_REJECT)
		rc = db_fail(lg->db, _("ending a grant at the retirement of "
		    "'%s': %s"), r->to, why);
	return rc;
}

int
db_log_add(struct db_log *lg, const struct log_row *r, char *why,
    size_t whysz)
{
	struct power_log *pl = &lg->cur;
	const struct entry *bad;
	const struct logged *cancel;
	enum unit_kind from_kind, to_kind;
	struct log_row as_cancel;
	enum mode mode;
	const char *from;
	size_t at, i, n, nspans;
	int rc;

	if ((rc = log_cache_load(lg, r->power)) != DB_OK)
		return rc;
	if (pl->holder != NULL && parse_mode(r->mode, &mode) == 0 &&
	    mode == MODE_CANCEL) {
		if ((rc = cancel_row(pl, r, &as_cancel, why, whysz)) != DB_OK)
			return rc;
		r = &as_cancel;
	}
	if ((rc = entry_units(lg, r, &from, &from_kind, &to_kind, why,
	    whysz)) != DB_OK)
		return rc;

	/* The same entry logged before: skip it, so a rerun adds nothing. */
	if (log_cache_holds(pl, r, from)) {
		lg->counts.skipped++;
		return DB_OK;
	}

	if ((rc = not_before_since(lg, r, why, whysz)) != DB_OK ||
	    (rc = not_before_holder(pl, r, why, whysz)) != DB_OK)
		return rc;
	/*
	 * Replay the power's log with the new entry in its place: after
	 * every entry of its date or before, as it is recorded last.
	 */
	for (at = pl->n; at > 0 &&
	    strcmp(pl->v[at - 1].e.effective, r->effective) > 0; at--)
		;
	if (log_cache_insert(pl, at, lg->next_seq, from, r->to, r->mode,
	    r->effective, r->document, 1, from_kind, to_kind,
	    unit_kinds_retired(&lg->units, r->to)) != 0 ||
	    replay_room(lg, pl->n) != 0) {
		log_cache_clear(pl);
		return db_fail(lg->db, _("out of memory"));
	}
	for (i = n = 0; i < pl->n; i++)
		if (pl->v[i].known)
			lg->ev[n++] = pl->v[i].e;
	if (replay(lg->ev, n, pl->holder, pl->department, lg->spans, &nspans,
	    &bad, why, whysz) != 0) {
		/* After a cancel: name it as the clerk knows it. */
		if (bad->seq == lg->next_seq &&
		    (cancel = cancel_before(pl, at)) != NULL)
			snprintf(why, whysz, _("the power was cancelled (取消) "
			    "from %s by '%s' (log entry #%lld): no entry of it "
			    "may take effect on or after that day"),
			    cancel->e.effective, cancel->document,
			    cancel->e.seq);
		/* A backdated entry may break one logged after it. */
		else if (bad->seq != lg->next_seq) {
			char reason[512];

			snprintf(reason, sizeof(reason), "%s", why);
			snprintf(why, whysz, _("it would break logged entry #%lld "
			    "(%s, %s to '%s'): %s"), bad->seq, bad->effective,
			    mode_name(bad->mode), bad->to, reason);
		}
		log_cache_remove(pl, at);
		return DB_REJECT;
	}
	if ((rc = append_entry(lg, r, from)) == DB_OK &&
	    (rc = log_write_spans(lg, r->power, lg->spans, nspans)) == DB_OK &&
	    log_keep_spans(pl, lg->spans, nspans) != 0)
		rc = db_fail(lg->db, _("out of memory"));
	if (rc != DB_OK) {
		/* Not written as the cache says: load again next time. */
		log_cache_clear(pl);
		return rc;
	}
	lg->counts.appended++;
	/* A batch larger than the log: its indexes built after its rows. */
	if (db_bulk_due(lg->counts.appended, lg->before) &&
	    ((rc = db_bulk_defer(lg->db, "delegation")) != DB_OK ||
	    (rc = db_bulk_defer(lg->db, "grant_span")) != DB_OK))
		return rc;
	return end_at_retirement(lg, r, from, nspans);
}
