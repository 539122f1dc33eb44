/*
 * undo of a batch of the log: the entries that reverse each entry of one
 * batch on its own date, appended as a batch of their own (db_undo.c says
 * why this way and what is refused).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "db_internal.h"

/* One entry of the batch, its strings owned. */
struct undone {
	long long	 seq;
	char		*power, *from, *to, *document, *effective;
	char		*was;	/* its mode */
	char		*back;	/* the mode that reverses it */
};

static void
free_undone(struct undone *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].power);
		free(v[i].from);
		free(v[i].to);
		free(v[i].was);
		free(v[i].back);
		free(v[i].document);
		free(v[i].effective);
	}
	free(v);
}

/*
 * The batch of entry SEQ: the entries around it recorded with the same
 * batch id at the same time, one run of seqs (a batch is one transaction),
 * found along the primary key.  *LO and *HI get its first and last seq.
 */
static int
batch_bounds(struct db *db, long long seq, long long *lo, long long *hi,
    char *why, size_t whysz)
{
	sqlite3_stmt *st;
	int step;

	st = db_prepare(db, "WITH b AS (SELECT batch, recorded_at FROM "
	    "delegation WHERE seq = ?1) SELECT (SELECT coalesce(max(d.seq), 0) "
	    "+ 1 FROM delegation d, b WHERE d.seq < ?1 AND (d.batch <> b.batch "
	    "OR d.recorded_at <> b.recorded_at)), (SELECT coalesce(min(d.seq), "
	    "(SELECT max(seq) FROM delegation) + 1) - 1 FROM delegation d, b "
	    "WHERE d.seq > ?1 AND (d.batch <> b.batch OR d.recorded_at <> "
	    "b.recorded_at)), EXISTS (SELECT 1 FROM b)");
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, seq);
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*lo = sqlite3_column_int64(st, 0);
		*hi = sqlite3_column_int64(st, 1);
		if (!sqlite3_column_int(st, 2))
			step = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (step == SQLITE_DONE) {
		snprintf(why, whysz, _("there is no log entry #%lld: history "
		    "lists them with their seq"), seq);
		return DB_REJECT;
	}
	if (step != SQLITE_ROW)
		return db_sqlite_fail(db, _("undo"));
	return DB_OK;
}

/* The entries LO..HI, into *V (*N of them). */
static int
load_batch(struct db *db, long long lo, long long hi, struct undone **v,
    size_t *n)
{
	sqlite3_stmt *st;
	size_t cap = (size_t)(hi - lo + 1);
	int step, rc = DB_OK;

	*n = 0;
	if ((*v = calloc(cap, sizeof(**v))) == NULL)
		return db_fail(db, _("out of memory"));
	st = db_prepare(db, "SELECT d.seq, d.power, d.from_unit, d.to_unit, "
	    "CASE d.mode WHEN 'revoke' THEN coalesce((SELECT g.mode FROM "
	    "grant_span g WHERE g.power = d.power AND g.end_seq = d.seq), "
	    "'delegate') ELSE d.mode END, d.document, d.effective, d.mode "
	    "FROM delegation d WHERE d.seq BETWEEN ?1 AND ?2 ORDER BY d.seq "
	    "DESC");
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	while ((step = sqlite3_step(st)) == SQLITE_ROW && *n < cap) {
		struct undone *u = &(*v)[(*n)++];

		u->seq = sqlite3_column_int64(st, 0);
		u->power = db_column_dup(st, 1);
		u->from = db_column_dup(st, 2);
		u->to = db_column_dup(st, 3);
		u->was = db_column_dup(st, 7);
		/* A grant is revoked; a revoke gives the grant back. */
		u->back = u->was && strcmp(u->was, "revoke") == 0 ?
		    db_column_dup(st, 4) : strdup("revoke");
		u->document = db_column_dup(st, 5);
		u->effective = db_column_dup(st, 6);
		if (!u->power || !u->from || !u->to || !u->was || !u->back ||
		    !u->document || !u->effective) {
			rc = db_fail(db, _("out of memory"));
			break;
		}
	}
	if (rc == DB_OK && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = db_sqlite_fail(db, _("undo"));
	sqlite3_finalize(st);
	return rc;
}

int
db_undo_batch(struct db *db, long long seq, const char *by, const char *at,
    long long *first, long long *last, long *appended, char *why,
    size_t whysz)
{
	struct undone *v = NULL;
	struct db_log *lg = NULL;
	struct log_counts counts;
	char batch[96], note[64], document[1200];
	size_t n = 0, i;
	int rc;

	*why = '\0';
	*appended = 0;
	if ((rc = batch_bounds(db, seq, first, last, why, whysz)) != DB_OK ||
	    (rc = load_batch(db, *first, *last, &v, &n)) != DB_OK)
		goto out;
	for (i = 0; i < n; i++)
		if (strcmp(v[i].was, "cancel") == 0) {
			snprintf(why, whysz, _("entry #%lld cancels power '%s' "
			    "(取消): a cancellation is final, and its batch "
			    "(#%lld to #%lld) is not undone"), v[i].seq,
			    v[i].power, *first, *last);
			rc = DB_REJECT;
			goto out;
		}
	snprintf(batch, sizeof(batch), "undo:%lld-%lld", *first, *last);
	if ((rc = db_log_begin(db, batch, by, at, &lg)) != DB_OK)
		goto out;
	for (i = 0; i < n; i++) {
		struct log_row r = {
			.power = v[i].power, .from = v[i].from, .to = v[i].to,
			.mode = v[i].back, .document = document,
			.effective = v[i].effective, .note = note,
		};
		char reason[1024];

		/*
		 * The document says what it rests on, and keeps the entry
		 * apart from the one it gives back when an undo is undone
		 * (the log's identity includes the document).
		 */
		snprintf(note, sizeof(note), "undo of entry #%lld", v[i].seq);
		snprintf(document, sizeof(document), "%s (undo of entry #%lld)",
		    v[i].document, v[i].seq);
		if ((rc = db_log_add(lg, &r, reason, sizeof(reason))) ==
		    DB_REJECT)
			snprintf(why, whysz, _("entry #%lld (%s of '%s' to '%s' "
			    "from %s) cannot be undone: %s"), v[i].seq,
			    v[i].was, v[i].power, v[i].to, v[i].effective,
			    reason);
		if (rc != DB_OK)
			goto out;
	}
	db_log_counts(lg, &counts);
	*appended = counts.appended;
out:
	db_log_free(lg);
	free_undone(v, n);
	return rc;
}
