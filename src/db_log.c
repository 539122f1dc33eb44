/*
 * The delegation log: appending entries under the rules (src/replay.c),
 * chaining each to the one before, and keeping grant_span equal to a
 * replay of the log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "hash.h"
#include "replay.h"

struct db_log {
	struct db		*db;
	const char		*batch, *by, *at;
	sqlite3_stmt		*same, *power, *unit, *timeline, *append,
				*clear, *span;
	long long		 next_seq;
	unsigned char		 prev[HASH_LEN];
	int			 has_prev;
	struct log_counts	 counts;
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
		return db_sqlite_fail(db, "reading the log's head");
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
		return db_fail(db, "out of memory");
	lg->db = db;
	lg->batch = batch;
	lg->by = by;
	lg->at = at;
	if ((rc = db_begin(db)) != DB_OK) {
		free(lg);
		return rc;
	}
	*out = lg;
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
		return db_sqlite_fail(db, "reading the log");

	lg->same = db_prepare(db, "SELECT seq FROM delegation WHERE power = ?1 "
	    "AND from_unit = ?2 AND to_unit = ?3 AND mode = ?4 "
	    "AND document = ?5 AND effective = ?6");
	lg->power = db_prepare(db, "SELECT holder, department FROM power "
	    "WHERE code = ?1");
	lg->unit = db_prepare(db, "SELECT kind FROM unit WHERE code = ?1");
	lg->timeline = db_prepare(db, "SELECT d.seq, d.from_unit, f.kind, "
	    "d.to_unit, t.kind, d.mode, d.effective FROM delegation d "
	    "JOIN unit f ON f.code = d.from_unit "
	    "JOIN unit t ON t.code = d.to_unit "
	    "WHERE d.power = ?1 ORDER BY d.effective, d.seq");
	lg->append = db_prepare(db, "INSERT INTO delegation (seq, power, "
	    "from_unit, to_unit, mode, document, effective, note, recorded_by, "
	    "recorded_at, batch, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
	lg->clear = db_prepare(db, "DELETE FROM grant_span WHERE power = ?1");
	lg->span = db_prepare(db, "INSERT INTO grant_span (power, to_unit, "
	    "from_unit, mode, start_seq, start_date, end_seq, end_date) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	if (!lg->same || !lg->power || !lg->unit || !lg->timeline ||
	    !lg->append || !lg->clear || !lg->span)
		return DB_ERROR;
	return DB_OK;
}

void
db_log_free(struct db_log *lg)
{
	if (lg == NULL)
		return;
	sqlite3_finalize(lg->same);
	sqlite3_finalize(lg->power);
	sqlite3_finalize(lg->unit);
	sqlite3_finalize(lg->timeline);
	sqlite3_finalize(lg->append);
	sqlite3_finalize(lg->clear);
	sqlite3_finalize(lg->span);
	free(lg);
}

void
db_log_counts(const struct db_log *lg, struct log_counts *c)
{
	*c = lg->counts;
}

/* A power's log loaded for replay; its strings are copies it frees. */
struct timeline {
	struct entry	*v;
	size_t		 n;
};

static void
timeline_free(struct timeline *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free((char *)t->v[i].from);
		free((char *)t->v[i].to);
		free((char *)t->v[i].effective);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/* Append one entry to T, copying its strings.  0 or -1. */
static int
timeline_add(struct timeline *t, long long seq, const char *from,
    const char *from_kind, const char *to, const char *to_kind,
    const char *mode, const char *effective)
{
	struct entry *v, *e;

	if ((v = realloc(t->v, (t->n + 1) * sizeof(*v))) == NULL)
		return -1;
	t->v = v;
	e = &v[t->n];
	memset(e, 0, sizeof(*e));
	e->seq = seq;
	if (parse_kind(from_kind, &e->from_kind) != 0 ||
	    parse_kind(to_kind, &e->to_kind) != 0 ||
	    parse_mode(mode, &e->mode) != 0)
		return -1;
	e->from = strdup(from);
	e->to = strdup(to);
	e->effective = strdup(effective);
	t->n++;
	return e->from && e->to && e->effective ? 0 : -1;
}

static int
load_timeline(struct db_log *lg, const char *power, struct timeline *t)
{
	sqlite3_stmt *st = lg->timeline;
	int step, rc = DB_OK;

	db_bind_text(st, 1, power);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (timeline_add(t, sqlite3_column_int64(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2),
		    (const char *)sqlite3_column_text(st, 3),
		    (const char *)sqlite3_column_text(st, 4),
		    (const char *)sqlite3_column_text(st, 5),
		    (const char *)sqlite3_column_text(st, 6)) != 0) {
			rc = db_fail(lg->db, "loading the log of '%s': bad entry "
			    "or out of memory", power);
			break;
		}
	}
	if (rc == DB_OK && step != SQLITE_DONE)
		rc = db_sqlite_fail(lg->db, "loading the log");
	sqlite3_reset(st);
	return rc;
}

/*
 * Look up one or two text columns by one key: *OUT (and *OUT2) get copies
 * the caller frees, NULL when there is no such row.
 */
static int
lookup(struct db *db, sqlite3_stmt *st, const char *key, char **out,
    char **out2)
{
	int step;

	*out = NULL;
	if (out2)
		*out2 = NULL;
	db_bind_text(st, 1, key);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*out = db_column_dup(st, 0);
		if (out2)
			*out2 = db_column_dup(st, 1);
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return db_sqlite_fail(db, "lookup");
	return DB_OK;
}

/* Rewrite the power's spans from a successful replay. */
static int
write_spans(struct db_log *lg, const char *power, const struct span *spans,
    size_t n)
{
	sqlite3_stmt *st = lg->span;
	size_t i;
	int step;

	db_bind_text(lg->clear, 1, power);
	step = sqlite3_step(lg->clear);
	sqlite3_reset(lg->clear);
	if (step != SQLITE_DONE)
		return db_sqlite_fail(lg->db, "rewriting grants");
	for (i = 0; i < n; i++) {
		const struct entry *s = spans[i].start, *e = spans[i].end;

		db_bind_text(st, 1, power);
		db_bind_text(st, 2, s->to);
		db_bind_text(st, 3, s->from);
		db_bind_text(st, 4, mode_name(s->mode));
		sqlite3_bind_int64(st, 5, s->seq);
		db_bind_text(st, 6, s->effective);
		if (e != NULL) {
			sqlite3_bind_int64(st, 7, e->seq);
			db_bind_text(st, 8, e->effective);
		} else {
			sqlite3_bind_null(st, 7);
			sqlite3_bind_null(st, 8);
		}
		step = sqlite3_step(st);
		sqlite3_reset(st);
		if (step != SQLITE_DONE)
			return db_sqlite_fail(lg->db, "writing grants");
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
	int step;

	snprintf(seq, sizeof(seq), "%lld", lg->next_seq);
	if (hash_fields("delegation", lg->has_prev ? lg->prev : NULL, fields,
	    sizeof(fields) / sizeof(fields[0]), h) != 0)
		return db_fail(lg->db, "sha-256 failed");
	sqlite3_bind_int64(st, 1, lg->next_seq);
	for (i = 1; i < sizeof(fields) / sizeof(fields[0]); i++)
		db_bind_text(st, (int)i + 1, fields[i]);
	if (lg->has_prev)
		sqlite3_bind_blob(st, 12, lg->prev, HASH_LEN, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 12);
	sqlite3_bind_blob(st, 13, h, HASH_LEN, SQLITE_TRANSIENT);
	step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return db_sqlite_fail(lg->db, "appending to the log");
	memcpy(lg->prev, h, HASH_LEN);
	lg->has_prev = 1;
	lg->next_seq++;
	return DB_OK;
}

int
db_log_add(struct db_log *lg, const struct log_row *r, char *why,
    size_t whysz)
{
	struct timeline t = { 0 };
	struct span *spans = NULL;
	const struct entry *bad;
	char *holder = NULL, *department = NULL, *from_kind = NULL,
	    *to_kind = NULL;
	const char *from;
	size_t nspans;
	int rc, step;

	if ((rc = lookup(lg->db, lg->power, r->power, &holder,
	    &department)) != DB_OK)
		goto out;
	if (holder == NULL) {
		snprintf(why, whysz, "unknown power '%s'", r->power);
		rc = DB_REJECT;
		goto out;
	}
	from = r->from ? r->from : holder;
	if ((rc = lookup(lg->db, lg->unit, from, &from_kind, NULL)) != DB_OK ||
	    (rc = lookup(lg->db, lg->unit, r->to, &to_kind, NULL)) != DB_OK)
		goto out;
	if (from_kind == NULL || to_kind == NULL) {
		snprintf(why, whysz, "unknown unit '%s'",
		    from_kind == NULL ? from : r->to);
		rc = DB_REJECT;
		goto out;
	}

	/* The same entry logged before: skip it, so a rerun adds nothing. */
	db_bind_text(lg->same, 1, r->power);
	db_bind_text(lg->same, 2, from);
	db_bind_text(lg->same, 3, r->to);
	db_bind_text(lg->same, 4, r->mode);
	db_bind_text(lg->same, 5, r->document);
	db_bind_text(lg->same, 6, r->effective);
	step = sqlite3_step(lg->same);
	sqlite3_reset(lg->same);
	if (step == SQLITE_ROW) {
		lg->counts.skipped++;
		rc = DB_OK;
		goto out;
	}
	if (step != SQLITE_DONE) {
		rc = db_sqlite_fail(lg->db, "reading the log");
		goto out;
	}

	/* Replay the power's log with the new entry in its place. */
	if ((rc = load_timeline(lg, r->power, &t)) != DB_OK)
		goto out;
	if (timeline_add(&t, lg->next_seq, from, from_kind, r->to, to_kind,
	    r->mode, r->effective) != 0) {
		rc = db_fail(lg->db, "out of memory");
		goto out;
	}
	replay_sort(t.v, t.n);
	if ((spans = calloc(t.n, sizeof(*spans))) == NULL) {
		rc = db_fail(lg->db, "out of memory");
		goto out;
	}
	if (replay(t.v, t.n, holder, department, spans, &nspans, &bad, why,
	    whysz) != 0) {
		/* A backdated entry may break one logged after it. */
		if (bad->seq != lg->next_seq) {
			char reason[512];

			snprintf(reason, sizeof(reason), "%s", why);
			snprintf(why, whysz, "it would break logged entry #%lld "
			    "(%s, %s to '%s'): %s", bad->seq, bad->effective,
			    mode_name(bad->mode), bad->to, reason);
		}
		rc = DB_REJECT;
		goto out;
	}
	if ((rc = append_entry(lg, r, from)) != DB_OK ||
	    (rc = write_spans(lg, r->power, spans, nspans)) != DB_OK)
		goto out;
	lg->counts.appended++;
out:
	free(spans);
	timeline_free(&t);
	free(holder);
	free(department);
	free(from_kind);
	free(to_kind);
	return rc;
}
