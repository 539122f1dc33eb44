/*
 * grant_span kept equal to a replay of the log, power by power, as
 * db_log_add() appends: rewritten the first time a batch meets a power,
 * then only what an entry changed.
 */
#include <stdlib.h>

#include "i18n.h"
#include "db_log_internal.h"
#include "grow.h"
#include "replay.h"

/* Insert one span of POWER into grant_span. */
static int
insert_span(struct db_log *lg, const char *power, const struct span *sp)
{
	sqlite3_stmt *st = lg->span;
	const struct entry *s = sp->start, *e = sp->end;
	int bound = SQLITE_OK;

	db_bind_static(st, 1, power, &bound);
	db_bind_static(st, 2, s->to, &bound);
	db_bind_static(st, 3, s->from, &bound);
	db_bind_static(st, 4, mode_name(s->mode), &bound);
	sqlite3_bind_int64(st, 5, s->seq);
	db_bind_static(st, 6, s->effective, &bound);
	if (e != NULL) {
		sqlite3_bind_int64(st, 7, e->seq);
		db_bind_static(st, 8, e->effective, &bound);
	} else {
		sqlite3_bind_null(st, 7);
		sqlite3_bind_null(st, 8);
	}
	return log_step_done(lg->db, st, bound, N_("writing grants"));
}

/*
 * Make grant_span hold the power's spans from a successful replay.  The
 * first time in a batch all of them are rewritten, whatever the table
 * held; after that only what changed since this batch wrote them: an
 * entry appended in date order adds a span or ends one.
 */
int
log_write_spans(struct db_log *lg, const char *power, const struct span *spans,
    size_t n)
{
	struct power_log *pl = &lg->cur;
	size_t i, j;
	int rc, bound;

	if (!pl->spans_known) {
		bound = SQLITE_OK;
		db_bind_static(lg->clear, 1, power, &bound);
		if ((rc = log_step_done(lg->db, lg->clear, bound,
		    N_("rewriting grants"))) != DB_OK)
			return rc;
		for (i = 0; i < n; i++)
			if ((rc = insert_span(lg, power, &spans[i])) != DB_OK)
				return rc;
		return DB_OK;
	}
	/* Spans gone: only a backdated entry does that. */
	for (j = 0; j < pl->nspans; j++) {
		for (i = 0; i < n && spans[i].start->seq != pl->span_start[j];
		    i++)
			;
		if (i < n)
			continue;
		bound = SQLITE_OK;
		db_bind_static(lg->span_drop, 1, power, &bound);
		sqlite3_bind_int64(lg->span_drop, 2, pl->span_start[j]);
		if ((rc = log_step_done(lg->db, lg->span_drop, bound,
		    N_("rewriting grants"))) != DB_OK)
			return rc;
	}
	for (i = 0; i < n; i++) {
		const struct entry *e = spans[i].end;
		long long end = e ? e->seq : 0;

		for (j = 0; j < pl->nspans &&
		    pl->span_start[j] != spans[i].start->seq; j++)
			;
		if (j == pl->nspans)
			rc = insert_span(lg, power, &spans[i]);
		else if (pl->span_end[j] == end)
			rc = DB_OK;
		else {
			/* The grant to whom, from whom and since when stay. */
			bound = SQLITE_OK;
			db_bind_static(lg->span_end, 1, power, &bound);
			sqlite3_bind_int64(lg->span_end, 2,
			    spans[i].start->seq);
			if (e != NULL) {
				sqlite3_bind_int64(lg->span_end, 3, e->seq);
				db_bind_static(lg->span_end, 4, e->effective,
				    &bound);
			} else {
				sqlite3_bind_null(lg->span_end, 3);
				sqlite3_bind_null(lg->span_end, 4);
			}
			rc = log_step_done(lg->db, lg->span_end, bound,
			    N_("writing grants"));
		}
		if (rc != DB_OK)
			return rc;
	}
	return DB_OK;
}

/* Note the spans just written, by the seq of their start and end. */
int
log_keep_spans(struct power_log *pl, const struct span *spans, size_t n)
{
	size_t i, cap;

	if (n > pl->spancap) {
		/* One capacity for both, kept once both have it. */
		cap = grow_cap(pl->spancap, n, 8);
		if (grow_resize(&pl->span_start, cap,
		    sizeof(*pl->span_start)) == -1 ||
		    grow_resize(&pl->span_end, cap, sizeof(*pl->span_end)) == -1)
			return -1;
		pl->spancap = cap;
	}
	for (i = 0; i < n; i++) {
		pl->span_start[i] = spans[i].start->seq;
		pl->span_end[i] = spans[i].end ? spans[i].end->seq : 0;
	}
	pl->nspans = n;
	pl->spans_known = 1;
	return 0;
}

