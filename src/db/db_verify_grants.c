/*
 * verify's replay: every power's log replayed under the rules
 * (src/rules/replay.c) and its spans compared with grant_span, one power in
 * memory at a time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "db_internal.h"
#include "grow.h"
#include "replay.h"

/* One power's log entry as read, its strings in the arena. */
struct entry_row {
	long long	 seq;
	size_t		 from, to, mode, effective;	/* arena offsets */
};

/*
 * What one power needs in memory: its log entries and its rows of
 * grant_span, their bytes in one arena; kept for the next power.
 */
struct group {
	char			*arena;
	size_t			 used, cap;
	struct entry_row	*ev;
	size_t			 nev, evcap;
	struct grant_row	*gv;
	size_t			 ngv, gvcap;
	struct cell		 power;
	/* A replay: entries with kinds, their spans, as grant rows. */
	struct entry		*entries;
	struct span		*spans;
	struct grant_row	*rv;
	size_t			 rcap;
	/* An entry seen that names a power or unit the registry lacks. */
	int			 dangling;
};

/* Copy N bytes into the arena; *OFF gets where.  0, or -1 (memory). */
static int
arena_put(struct group *g, const void *p, size_t n, size_t *off)
{
	if (grow_array(&g->arena, &g->cap, g->used + n + 1, 1, 4096) == -1)
		return -1;
	if (n > 0)
		memcpy(g->arena + g->used, p, n);
	g->arena[g->used + n] = '\0';
	*off = g->used;
	g->used += n + 1;
	return 0;
}

/*
 * Column I of the current row into *C, its bytes in the arena.  0, or -1
 * when out of memory.
 */
static int
cell_get(struct group *g, sqlite3_stmt *st, int i, struct cell *c)
{
	const void *p;

	memset(c, 0, sizeof(*c));
	c->type = sqlite3_column_type(st, i);
	switch (c->type) {
	case SQLITE_NULL:
		return 0;
	case SQLITE_INTEGER:
		c->i = sqlite3_column_int64(st, i);
		return 0;
	case SQLITE_BLOB:
		p = sqlite3_column_blob(st, i);
		break;
	default:
		c->type = SQLITE_TEXT;
		p = sqlite3_column_text(st, i);
		break;
	}
	c->len = (size_t)sqlite3_column_bytes(st, i);
	if (p == NULL && c->len > 0)
		return -1;
	return arena_put(g, p, c->len, &c->off);
}

/* Room for a replay of N entries: entries, spans, replayed rows. */
static int
replay_room(struct group *g, size_t n)
{
	size_t cap;

	if (n <= g->rcap)
		return 0;
	/* One capacity for all three, kept once all have it. */
	cap = grow_cap(g->rcap, n, 16);
	if (grow_resize(&g->entries, cap, sizeof(*g->entries)) == -1 ||
	    grow_resize(&g->spans, cap, sizeof(*g->spans)) == -1 ||
	    grow_resize(&g->rv, cap, sizeof(*g->rv)) == -1)
		return -1;
	g->rcap = cap;
	return 0;
}

static void
group_free(struct group *g)
{
	free(g->arena);
	free(g->ev);
	free(g->gv);
	free(g->entries);
	free(g->spans);
	free(g->rv);
}

/*
 * Replay G's entries under HOLDER and DEPT into g->spans, *NSPANS of
 * them.  Entries that name a unit the registry lacks are left out, as a
 * join would.  0, or -1 when an entry breaks the rules or has no known
 * kind or mode (damage told through V).
 */
static int
replay_entries(struct verify *v, struct group *g, struct unit_kinds *units,
    const char *holder, const char *dept, size_t *nspans)
{
	const struct entry *bad;
	char why[512];
	size_t i, n = 0;

	for (i = 0; i < g->nev; i++) {
		const struct entry_row *r = &g->ev[i];
		struct entry *e = &g->entries[n];
		int f, t;

		memset(e, 0, sizeof(*e));
		e->seq = r->seq;
		e->from = g->arena + r->from;
		e->to = g->arena + r->to;
		e->effective = g->arena + r->effective;
		f = unit_kinds_find(units, e->from, &e->from_kind);
		t = unit_kinds_find(units, e->to, &e->to_kind);
		e->to_retired = unit_kinds_retired(units, e->to);
		/* A unit the registry lacks: the join dropped it. */
		if (f == -1 || t == -1) {
			g->dangling = 1;
			continue;
		}
		if (f != 0 || t != 0 ||
		    parse_mode(g->arena + r->mode, &e->mode) != 0) {
			verify_damage(v, _("log entry #%lld: unknown kind or "
			    "mode"), r->seq);
			return -1;
		}
		n++;
	}
	if (replay(g->entries, n, holder, dept, g->spans, nspans, &bad, why,
	    sizeof(why)) != 0) {
		verify_damage(v, _("log entry #%lld of power '%s' breaks the "
		    "rules: %s"), bad->seq, g->power.s, why);
		return -1;
	}
	return 0;
}

/* The first NSPANS replayed spans of G as grant rows, in g->rv. */
static void
spans_to_rows(struct group *g, size_t nspans)
{
	size_t i;

	for (i = 0; i < nspans; i++) {
		const struct entry *st = g->spans[i].start, *en = g->spans[i].end;
		struct grant_row *r = &g->rv[i];

		verify_cell_text(&r->c[G_TO], st->to);
		verify_cell_text(&r->c[G_FROM], st->from);
		verify_cell_text(&r->c[G_MODE], mode_name(st->mode));
		verify_cell_int(&r->c[G_START_SEQ], st->seq);
		verify_cell_text(&r->c[G_START_DATE], st->effective);
		if (en != NULL) {
			verify_cell_int(&r->c[G_END_SEQ], en->seq);
			verify_cell_text(&r->c[G_END_DATE], en->effective);
		} else {
			verify_cell_text(&r->c[G_END_SEQ], NULL);
			verify_cell_text(&r->c[G_END_DATE], NULL);
		}
	}
}

/* Add the row R of grant_span of POWER to SUM. */
static void
sum_grant(struct verify_sum *sum, const struct cell *power,
    const struct grant_row *r)
{
	unsigned long long h[2];
	int k;

	verify_row_start(h);
	verify_row_cell(h, power);
	for (k = 0; k < G_NCOLS; k++)
		verify_row_cell(h, &r->c[k]);
	verify_sum_add(sum, h);
}

/*
 * Replay one power's entries (collected in G) under HOLDER and DEPT (NULL:
 * no row of power, its entries all left out), and add its spans to SUM,
 * or when SUM is NULL diff them with its rows of grant_span in G.
 * Returns DB_OK (damage reported through V) or an error.
 */
static int
replay_group(struct verify *v, struct group *g, const char *holder,
    const char *dept, struct unit_kinds *units, struct grants_diff *d,
    struct verify_sum *sum)
{
	size_t i, nspans = 0;

	if (replay_room(g, g->nev) != 0)
		return db_fail(v->db, _("out of memory"));
	if (holder != NULL &&
	    replay_entries(v, g, units, holder, dept, &nspans) != 0)
		return DB_OK;
	if (sum == NULL && d->found_stored && d->found_replayed)
		return DB_OK;
	spans_to_rows(g, nspans);
	if (sum != NULL)
		for (i = 0; i < nspans; i++)
			sum_grant(sum, &g->power, &g->rv[i]);
	else
		verify_grants_diff(d, &g->power, g->gv, g->ngv, g->rv, nspans);
	return DB_OK;
}

/* Step a stream: 1 at a row, 0 at its end, or an error (via V). */
static int
stream_step(struct verify *v, sqlite3_stmt *st, const char *doing, int *rc)
{
	int step = sqlite3_step(st);

	if (step == SQLITE_ROW)
		return 1;
	if (step != SQLITE_DONE)
		*rc = verify_failed(v, doing);
	return 0;
}

/*
 * Column I of ST's row as a cell, as cell_get() makes it, borrowed.  0,
 * or -1 when SQLite could not make its text (out of memory).
 */
static int
cell_peek(sqlite3_stmt *st, int i, struct cell *c)
{
	memset(c, 0, sizeof(*c));
	c->type = sqlite3_column_type(st, i);
	if (c->type == SQLITE_INTEGER)
		c->i = sqlite3_column_int64(st, i);
	else if (c->type == SQLITE_BLOB)
		c->s = sqlite3_column_blob(st, i);
	else if (c->type != SQLITE_NULL) {
		c->type = SQLITE_TEXT;
		c->s = (const char *)sqlite3_column_text(st, i);
	}
	c->len = (size_t)sqlite3_column_bytes(st, i);
	return (c->type == SQLITE_TEXT || c->type == SQLITE_BLOB) &&
	    c->s == NULL && c->len > 0 ? -1 : 0;
}

/* The current row of ST's power against the power of group G. */
static int
row_cmp(sqlite3_stmt *st, const struct group *g)
{
	struct cell c, p = g->power;

	(void)cell_peek(st, 0, &c);
	p.s = g->arena + p.off;
	return verify_cell_cmp(&c, &p);
}

/*
 * Start group G with the next power: the lesser of the two streams'
 * current rows (E_ROW, G_ROW: whether ES and GS are at one).  0, or -1
 * when out of memory.
 */
static int
group_start(struct group *g, sqlite3_stmt *es, sqlite3_stmt *gs, int e_row,
    int g_row)
{
	struct cell ec, gc;

	g->used = g->nev = g->ngv = 0;
	if (!e_row || !g_row)
		return cell_get(g, e_row ? es : gs, 0, &g->power);
	if (cell_get(g, es, 0, &ec) != 0 || cell_get(g, gs, 0, &gc) != 0)
		return -1;
	ec.s = g->arena + ec.off;
	gc.s = g->arena + gc.off;
	g->power = verify_cell_cmp(&ec, &gc) <= 0 ? ec : gc;
	return 0;
}

/*
 * Collect into G the log entries of its power from ES, *E_ROW whether ES
 * is at a row; *RC gets a failure to step.  0, or -1 when out of memory.
 */
static int
group_entries(struct verify *v, struct group *g, sqlite3_stmt *es,
    int *e_row, int *rc)
{
	for (; *e_row && row_cmp(es, g) == 0;
	    *e_row = stream_step(v, es, "replay", rc)) {
		struct entry_row *r;
		int oom = 0;
		const char *f = verify_text(es, 2, &oom);
		const char *t = verify_text(es, 3, &oom);
		const char *m = verify_text(es, 4, &oom);
		const char *eff = verify_text(es, 5, &oom);

		if (oom)
			return -1;
		if (grow_array(&g->ev, &g->evcap, g->nev + 1, sizeof(*g->ev),
		    16) == -1)
			return -1;
		r = &g->ev[g->nev];
		r->seq = sqlite3_column_int64(es, 1);
		/* A C string each, as the replay reads them. */
		if (arena_put(g, f ? f : "", f ? strlen(f) : 0,
		    &r->from) != 0 ||
		    arena_put(g, t ? t : "", t ? strlen(t) : 0,
		    &r->to) != 0 ||
		    arena_put(g, m ? m : "", m ? strlen(m) : 0,
		    &r->mode) != 0 ||
		    arena_put(g, eff ? eff : "", eff ? strlen(eff) : 0,
		    &r->effective) != 0)
			return -1;
		g->nev++;
	}
	return 0;
}

/*
 * Collect into G the rows of grant_span of its power from GS, as
 * group_entries() does the entries.  0, or -1 when out of memory.
 */
static int
group_grants(struct verify *v, struct group *g, sqlite3_stmt *gs,
    int *g_row, int *rc)
{
	int k;

	for (; *g_row && row_cmp(gs, g) == 0;
	    *g_row = stream_step(v, gs, "grants", rc)) {
		struct grant_row *r;

		if (grow_array(&g->gv, &g->gvcap, g->ngv + 1, sizeof(*g->gv),
		    16) == -1)
			return -1;
		r = &g->gv[g->ngv];
		for (k = 0; k < G_NCOLS; k++)
			if (cell_get(g, gs, 1 + k, &r->c[k]) != 0)
				return -1;
		g->ngv++;
	}
	return 0;
}

/* The arena of G is whole now: point its cells into it. */
static void
group_point(struct group *g)
{
	size_t i;
	int k;

	g->power.s = g->arena + g->power.off;
	for (i = 0; i < g->ngv; i++)
		for (k = 0; k < G_NCOLS; k++)
			g->gv[i].c[k].s = g->arena + g->gv[i].c[k].off;
}

/*
 * The holder and department of G's power into *HOLDER and *DEPT, from PS,
 * the rows of power in the order of code (*P_ROW: whether PS is at one),
 * moved on to G's power; both stay NULL when the power has no entry, or
 * no row of power.  They are borrowed from PS until it next steps.  0,
 * or a failure to step in *RC.
 */
static void
group_holder(struct verify *v, const struct group *g, sqlite3_stmt *ps,
    int *p_row, const char **holder, const char **dept, int *rc)
{
	int c = -1, oom = 0;

	while (*p_row && (c = row_cmp(ps, g)) < 0)
		*p_row = stream_step(v, ps, "replay", rc);
	if (g->nev == 0 || g->power.type != SQLITE_TEXT || !*p_row || c != 0)
		return;
	*holder = verify_text(ps, 1, &oom);
	*dept = verify_text(ps, 2, &oom);
	if (oom)
		*rc = db_fail(v->db, "out of memory");
	if (oom || *holder == NULL || *dept == NULL)
		*holder = *dept = NULL;
}

/* The streams of grants_pass(): of every power, or of those since ?1. */
#define SINCE	" IN (SELECT power FROM delegation WHERE seq > ?1)"
#define ENTRIES	"SELECT power, seq, from_unit, to_unit, mode, effective " \
	"FROM delegation"
#define GRANTS	"SELECT power, to_unit, from_unit, mode, start_seq, " \
	"start_date, end_seq, end_date FROM grant_span"
/*
 * The sum of grant_span's rows into *SUM, the table read in its own
 * order: by power through its primary key, a jump to a random page per
 * row once the codes came in scattered order (1M powers: see the
 * commit).
 */
static int
sum_stored(struct verify *v, struct verify_sum *sum)
{
	struct grant_row r;
	struct cell power;
	sqlite3_stmt *st;
	int rc = DB_OK, k;

	if ((st = db_prepare(v->db, GRANTS " NOT INDEXED")) == NULL)
		return verify_failed(v, "grants");
	while (stream_step(v, st, "grants", &rc)) {
		int oom = cell_peek(st, 0, &power);

		for (k = 0; k < G_NCOLS; k++)
			oom |= cell_peek(st, 1 + k, &r.c[k]);
		if (oom) {
			rc = db_fail(v->db, "out of memory");
			break;
		}
		sum_grant(sum, &power, &r);
	}
	sqlite3_finalize(st);
	return rc;
}

static const char *const entries_sql[2] = {
	ENTRIES " ORDER BY power, effective, seq",
	ENTRIES " WHERE power" SINCE " ORDER BY power, effective, seq"
};
static const char *const grants_sql[2] = {
	GRANTS " ORDER BY power, start_seq",
	GRANTS " WHERE power" SINCE " ORDER BY power, start_seq"
};
static const char *const powers_sql[2] = {
	"SELECT code, holder, department FROM power NOT INDEXED ORDER BY code",
	"SELECT code, holder, department FROM power WHERE code" SINCE
	" ORDER BY code"
};

/*
 * One pass of the replay, power by power: the log in the order of the
 * identity index (power first) and the rows of power sorted by code
 * (SQLite's sorter, in bounded memory, spilling to a temporary file:
 * faster than a lookup by code per power at a random page), merged, so
 * that one power's entries are in memory at a time.  With SUM, every
 * replayed span is added to it; without, grant_span is merged in too,
 * through its primary key, and each power's rows diffed with its spans
 * into D.
 */
static int
grants_pass(struct verify *v, struct unit_kinds *units, struct grants_diff *d,
    struct verify_sum *sum, int *dangling, long long after)
{
	struct group g;
	sqlite3_stmt *es = NULL, *gs = NULL, *ps = NULL;
	int rc = DB_OK, e_row, g_row = 0, p_row, k;

	memset(&g, 0, sizeof(g));
	/*
	 * AFTER, when not negative, keeps the powers of the entries after
	 * it, each one's rows then found through the indexes by code.
	 */
	k = after >= 0;
	es = db_prepare(v->db, entries_sql[k]);
	if (sum == NULL)
		gs = db_prepare(v->db, grants_sql[k]);
	ps = db_prepare(v->db, powers_sql[k]);
	if (es == NULL || (sum == NULL && gs == NULL) || ps == NULL) {
		rc = verify_failed(v, "replay");
		goto out;
	}
	if (k) {
		sqlite3_bind_int64(es, 1, after);
		if (gs != NULL)
			sqlite3_bind_int64(gs, 1, after);
		sqlite3_bind_int64(ps, 1, after);
	}
	e_row = stream_step(v, es, "replay", &rc);
	p_row = rc == DB_OK ? stream_step(v, ps, "replay", &rc) : 0;
	if (gs != NULL && rc == DB_OK)
		g_row = stream_step(v, gs, "grants", &rc);
	while (rc == DB_OK && !v->damaged && (e_row || g_row)) {
		const char *holder = NULL, *dept = NULL;

		if (group_start(&g, es, gs, e_row, g_row) != 0 ||
		    group_entries(v, &g, es, &e_row, &rc) != 0)
			goto nomem;
		if (rc == DB_OK && gs != NULL &&
		    group_grants(v, &g, gs, &g_row, &rc) != 0)
			goto nomem;
		if (rc != DB_OK)
			break;
		group_point(&g);
		group_holder(v, &g, ps, &p_row, &holder, &dept, &rc);
		if (g.nev > 0 && holder == NULL)
			g.dangling = 1;
		if (rc == DB_OK)
			rc = replay_group(v, &g, holder, dept, units, d, sum);
	}
	*dangling = g.dangling;
	goto out;
nomem:
	rc = db_fail(v->db, _("out of memory"));
out:
	sqlite3_finalize(es);
	sqlite3_finalize(gs);
	sqlite3_finalize(ps);
	group_free(&g);
	return rc;
}

/*
 * foreign_key_check on the log, naming what it finds.  grant_span has no
 * foreign keys (migration 0018): a row of it naming a power, unit or
 * entry the registry lacks is no replayed span, which the diff names.
 */
static int
foreign_keys(struct verify *v)
{
	return verify_pragma(v, "PRAGMA foreign_key_check(delegation)",
	    "foreign_key_check");
}

/*
 * Replay every power's log and compare its spans with grant_span: first
 * as two sums, the replay's and grant_span's read in its own order
 * (db_verify_sum.c), and only when they differ again power by power, to
 * name what differs as the EXCEPT of the two would: the least row of
 * grant_span that the replay lacks, else the least replayed row that
 * grant_span lacks.  Nothing is sorted whole or written.
 *
 * The foreign keys of the log are checked here too, for SQLite's
 * foreign_key_check looks each of its rows up by power code, a random
 * page each (1M powers: 4 s, see the commit): an entry naming a power or
 * unit the registry lacks shows in the replay, and when the sums agree
 * every row of grant_span is a replayed span, whose power, units and
 * entries are there.  When either fails, foreign_key_check runs on the
 * log after all, to name the entry, as it did when it ran first.
 */
int
verify_grants(struct verify *v)
{
	struct grants_diff d;
	struct unit_kinds units;
	struct verify_sum replayed, stored;
	int rc, dangling = 0;

	memset(&d, 0, sizeof(d));
	memset(&replayed, 0, sizeof(replayed));
	memset(&stored, 0, sizeof(stored));
	if ((rc = unit_kinds_load(v->db, &units)) != DB_OK ||
	    (rc = grants_pass(v, &units, &d, &replayed, &dangling, -1)) != DB_OK ||
	    v->damaged || (rc = sum_stored(v, &stored)) != DB_OK ||
	    v->damaged || (!dangling && verify_sum_eq(&replayed, &stored)))
		goto out;
	if ((rc = foreign_keys(v)) != DB_OK || v->damaged ||
	    (rc = grants_pass(v, &units, &d, NULL, &dangling, -1)) != DB_OK ||
	    v->damaged)
		goto out;
	if (d.found_stored || d.found_replayed)
		verify_damage(v, "grants: %s", d.found_stored ? d.stored :
		    d.replayed);
	else if (!verify_sum_eq(&replayed, &stored))
		verify_damage(v, "grants: grant_span holds a grant twice");
out:
	unit_kinds_free(&units);
	return rc;
}

/*
 * verify --since: the grants of the powers of the entries after AFTER,
 * diffed with a replay of each one's whole log, found by code; the
 * foreign keys of the log checked when an entry names a power or unit
 * the registry lacks.
 */
int
verify_grants_since(struct verify *v, long long after)
{
	struct grants_diff d;
	struct unit_kinds units;
	int rc, dangling = 0;

	memset(&d, 0, sizeof(d));
	if ((rc = unit_kinds_load(v->db, &units)) != DB_OK ||
	    (rc = grants_pass(v, &units, &d, NULL, &dangling, after)) !=
	    DB_OK || v->damaged ||
	    (dangling && ((rc = foreign_keys(v)) != DB_OK || v->damaged)))
		goto out;
	if (d.found_stored || d.found_replayed)
		verify_damage(v, "grants: %s", d.found_stored ? d.stored :
		    d.replayed);
out:
	unit_kinds_free(&units);
	return rc;
}
