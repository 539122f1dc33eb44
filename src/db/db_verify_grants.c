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
 * The holder and department of G's power into *HOLDER and *DEPT (caller
 * frees; both stay NULL when the power has no entry, or no row of power).
 * DB_OK or an error.
 */
static int
group_holder(struct verify *v, const struct group *g, sqlite3_stmt *power_st,
    char **holder, char **dept)
{
	int step, bound = SQLITE_OK;

	if (g->nev == 0 || g->power.type != SQLITE_TEXT)
		return DB_OK;
	db_bind_static(power_st, 1, g->power.s, &bound);
	step = bound == SQLITE_OK ? sqlite3_step(power_st) : bound;
	if (step == SQLITE_ROW) {
		*holder = db_column_dup(power_st, 0);
		*dept = db_column_dup(power_st, 1);
		if (*holder == NULL || *dept == NULL) {
			db_unbind(power_st);
			return db_fail(v->db, _("out of memory"));
		}
	}
	db_unbind(power_st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return verify_failed(v, "replay");
	return DB_OK;
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
		if (f == -1 || t == -1)
			continue;
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

/*
 * Replay one power's entries (collected in G) and diff its spans with its
 * rows of grant_span.  No row of power leaves its entries all out.
 * Returns DB_OK (damage reported through V) or an error.
 */
static int
replay_group(struct verify *v, struct group *g, sqlite3_stmt *power_st,
    struct unit_kinds *units, struct grants_diff *d)
{
	char *holder = NULL, *dept = NULL;
	size_t nspans = 0;
	int rc;

	if ((rc = group_holder(v, g, power_st, &holder, &dept)) != DB_OK)
		goto out;
	if (replay_room(g, g->nev) != 0) {
		rc = db_fail(v->db, _("out of memory"));
		goto out;
	}
	if (holder != NULL &&
	    replay_entries(v, g, units, holder, dept, &nspans) != 0)
		goto out;
	if (d->found_stored && d->found_replayed)
		goto out;
	spans_to_rows(g, nspans);
	verify_grants_diff(d, &g->power, g->gv, g->ngv, g->rv, nspans);
out:
	free(holder);
	free(dept);
	return rc;
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

/* Whether the current row of ST is for the power of group G. */
static int
same_power(sqlite3_stmt *st, const struct group *g)
{
	struct cell c, p = g->power;

	memset(&c, 0, sizeof(c));
	c.type = sqlite3_column_type(st, 0);
	if (c.type == SQLITE_INTEGER)
		c.i = sqlite3_column_int64(st, 0);
	else if (c.type == SQLITE_BLOB)
		c.s = sqlite3_column_blob(st, 0);
	else if (c.type != SQLITE_NULL) {
		c.type = SQLITE_TEXT;
		c.s = (const char *)sqlite3_column_text(st, 0);
	}
	c.len = (size_t)sqlite3_column_bytes(st, 0);
	p.s = g->arena + p.off;
	return verify_cell_cmp(&c, &p) == 0;
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
	for (; *e_row && same_power(es, g);
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

	for (; *g_row && same_power(gs, g);
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
 * Replay every power's log and compare its spans with grant_span, power by
 * power: the log in the order of the identity index (power first) and
 * grant_span in its primary key's, both by power code, merged, so that
 * one power's entries and rows are in memory at a time and nothing is
 * sorted whole or written.  What differs is reported as the EXCEPT of
 * the two would name it: the least row of grant_span that the replay
 * lacks, else the least replayed row that grant_span lacks.
 */
int
verify_grants(struct verify *v)
{
	struct group g;
	struct grants_diff d;
	struct unit_kinds units;
	sqlite3_stmt *es = NULL, *gs = NULL, *ps = NULL;
	int rc = DB_OK, e_row, g_row;

	memset(&g, 0, sizeof(g));
	memset(&d, 0, sizeof(d));
	if ((rc = unit_kinds_load(v->db, &units)) != DB_OK)
		goto out;
	es = db_prepare(v->db, "SELECT power, seq, from_unit, to_unit, mode, "
	    "effective FROM delegation ORDER BY power, effective, seq");
	gs = db_prepare(v->db, "SELECT power, to_unit, from_unit, mode, "
	    "start_seq, start_date, end_seq, end_date FROM grant_span "
	    "ORDER BY power, start_seq");
	ps = db_prepare(v->db, "SELECT holder, department FROM power "
	    "WHERE code = ?1");
	if (es == NULL || gs == NULL || ps == NULL) {
		rc = verify_failed(v, "replay");
		goto out;
	}
	e_row = stream_step(v, es, "replay", &rc);
	g_row = rc == DB_OK ? stream_step(v, gs, "grants", &rc) : 0;
	while (rc == DB_OK && !v->damaged && (e_row || g_row)) {
		if (group_start(&g, es, gs, e_row, g_row) != 0 ||
		    group_entries(v, &g, es, &e_row, &rc) != 0)
			goto nomem;
		if (rc != DB_OK)
			break;
		if (group_grants(v, &g, gs, &g_row, &rc) != 0)
			goto nomem;
		if (rc != DB_OK)
			break;
		group_point(&g);
		rc = replay_group(v, &g, ps, &units, &d);
	}
	if (rc == DB_OK && !v->damaged && (d.found_stored || d.found_replayed))
		verify_damage(v, _("grants: %s"), d.found_stored ? d.stored :
		    d.replayed);
	goto out;
nomem:
	rc = db_fail(v->db, _("out of memory"));
out:
	sqlite3_finalize(es);
	sqlite3_finalize(gs);
	sqlite3_finalize(ps);
	unit_kinds_free(&units);
	group_free(&g);
	return rc;
}
