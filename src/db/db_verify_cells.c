/*
 * verify's grant rows compared as EXCEPT would: the order of SQLite's
 * values, and the least row on each side of a power's difference, named
 * as EXCEPT's row would be.  No statement runs here; db_verify_grants.c
 * collects the rows.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "db_internal.h"

static int
type_rank(int type)
{
	switch (type) {
	case SQLITE_NULL:
		return 0;
	case SQLITE_INTEGER:
		return 1;
	case SQLITE_TEXT:
		return 2;
	default:
		return 3;
	}
}

int
verify_cell_cmp(const struct cell *a, const struct cell *b)
{
	size_t n;
	int c;

	if (a->type != b->type)
		return type_rank(a->type) - type_rank(b->type);
	switch (a->type) {
	case SQLITE_NULL:
		return 0;
	case SQLITE_INTEGER:
		return (a->i > b->i) - (a->i < b->i);
	default:
		n = a->len < b->len ? a->len : b->len;
		if (n > 0 && (c = memcmp(a->s, b->s, n)) != 0)
			return c;
		return (a->len > b->len) - (a->len < b->len);
	}
}

static int
grant_cmp(const struct grant_row *a, const struct grant_row *b)
{
	int i, c;

	for (i = 0; i < G_NCOLS; i++)
		if ((c = verify_cell_cmp(&a->c[i], &b->c[i])) != 0)
			return c;
	return 0;
}

void
verify_cell_text(struct cell *c, const char *s)
{
	memset(c, 0, sizeof(*c));
	if (s == NULL) {
		c->type = SQLITE_NULL;
		return;
	}
	c->type = SQLITE_TEXT;
	c->s = s;
	c->len = strlen(s);
}

void
verify_cell_int(struct cell *c, long long i)
{
	memset(c, 0, sizeof(*c));
	c->type = SQLITE_INTEGER;
	c->i = i;
}

/* The message EXCEPT's row would give: the power, to whom, which entry. */
static void
grant_message(char *buf, size_t size, const struct cell *power,
    const struct grant_row *r)
{
	char seq[32];

	if (r->c[G_START_SEQ].type == SQLITE_INTEGER)
		snprintf(seq, sizeof(seq), "%lld", r->c[G_START_SEQ].i);
	else
		snprintf(seq, sizeof(seq), "%.*s", (int)(r->c[G_START_SEQ].len <
		    sizeof(seq) ? r->c[G_START_SEQ].len : sizeof(seq) - 1),
		    r->c[G_START_SEQ].s ? r->c[G_START_SEQ].s : "");
	/* Text up to a NUL, as SQLite's concatenation printed would be. */
	snprintf(buf, size, _("grant of power %.*s to %.*s from entry #%s "
	    "differs from a replay of the log"),
	    power->type == SQLITE_NULL ? 0 : (int)power->len,
	    power->s ? power->s : "",
	    r->c[G_TO].type == SQLITE_NULL ? 0 : (int)r->c[G_TO].len,
	    r->c[G_TO].s ? r->c[G_TO].s : "", seq);
}

/* A value as a message shows it: NULL, a number, or 'text'. */
static void
cell_words(char *buf, size_t size, const struct cell *c)
{
	if (c->type == SQLITE_NULL)
		snprintf(buf, size, "NULL");
	else if (c->type == SQLITE_INTEGER)
		snprintf(buf, size, "%lld", c->i);
	else
		snprintf(buf, size, "'%.*s'", (int)(c->len < 200 ? c->len : 200),
		    c->s ? c->s : "");
}

/* grant_span's columns after power, in the order of G_TO to G_END_DATE. */
static const char *const grant_column[G_NCOLS] = {
	"to_unit", "from_unit", "mode", "start_seq", "start_date", "end_seq",
	"end_date",
};

/*
 * After the message of R, in BUF: what tells it from the row of OTHER
 * (N rows, the other side) that starts at the same entry, the first
 * column that differs, or that the other side has none.  STORED: R is a
 * row of grant_span, OTHER the replay's.  So a grant edited to name a
 * unit or entry the registry lacks shows the value it names.
 */
static void
grant_detail(char *buf, size_t size, const struct grant_row *r,
    const struct grant_row *other, size_t n, int stored)
{
	const struct grant_row *g, *l;
	char gv[256], lv[256];
	size_t used = strlen(buf), j;
	int k;

	for (j = 0; j < n && verify_cell_cmp(&r->c[G_START_SEQ],
	    &other[j].c[G_START_SEQ]) != 0; j++)
		;
	if (j == n) {
		snprintf(buf + used, size - used, "%s", stored ?
		    _(": the log gives no grant from that entry") :
		    _(": grant_span has no row of it"));
		return;
	}
	g = stored ? r : &other[j];
	l = stored ? &other[j] : r;
	for (k = 0; k < G_NCOLS && verify_cell_cmp(&g->c[k], &l->c[k]) == 0;
	    k++)
		;
	if (k == G_NCOLS)
		return;
	cell_words(gv, sizeof(gv), &g->c[k]);
	cell_words(lv, sizeof(lv), &l->c[k]);
	snprintf(buf + used, size - used, _(": grant_span's %s is %s where "
	    "the log gives %s"), grant_column[k], gv, lv);
}

/* The least of the NA rows of A that none of the NB rows of B equals. */
static const struct grant_row *
least_missing(const struct grant_row *a, size_t na,
    const struct grant_row *b, size_t nb)
{
	const struct grant_row *least = NULL;
	size_t i, j;

	for (i = 0; i < na; i++) {
		for (j = 0; j < nb && grant_cmp(&a[i], &b[j]); j++)
			;
		if (j == nb && (!least || grant_cmp(&a[i], least) < 0))
			least = &a[i];
	}
	return least;
}

void
verify_grants_diff(struct grants_diff *d, const struct cell *power,
    const struct grant_row *stored, size_t nstored,
    const struct grant_row *replayed, size_t nreplayed)
{
	const struct grant_row *least;

	if (!d->found_stored &&
	    (least = least_missing(stored, nstored, replayed,
	    nreplayed)) != NULL) {
		grant_message(d->stored, sizeof(d->stored), power, least);
		grant_detail(d->stored, sizeof(d->stored), least, replayed,
		    nreplayed, 1);
		d->found_stored = 1;
	}
	if (!d->found_replayed &&
	    (least = least_missing(replayed, nreplayed, stored,
	    nstored)) != NULL) {
		grant_message(d->replayed, sizeof(d->replayed), power, least);
		grant_detail(d->replayed, sizeof(d->replayed), least, stored,
		    nstored, 0);
		d->found_replayed = 1;
	}
}
