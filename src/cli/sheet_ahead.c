/*
 * Reading a sheet ahead: while the caller writes one row, a thread reads,
 * checks, resolves and hashes the rows after it, handed over in batches
 * in the order of the file.  See sheet.h.
 */
#include <err.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "grow.h"
#include "i18n.h"
#include "sheet.h"

/*
 * Batches handed from the reading thread to the writing one: a few, so
 * that neither waits for the other, of at most AHEAD_ROWS rows and
 * AHEAD_TEXT bytes of fields (unless one row needs more), so that memory
 * does not grow with the file.
 */
#define AHEAD_BATCHES	3
#define AHEAD_ROWS	512
#define AHEAD_TEXT	(512 * 1024)

/*
 * A resolved field: in the batch's text (a field as read) or elsewhere
 * (the refs, a constant), which stays put.
 */
struct ahead_field {
	const char	*ptr;
	size_t		 off;
	int		 in_text;
};

struct ahead_slot {
	long			 line;
	long long		 offset;
	size_t			 first;		/* its fields: off[first...] */
	size_t			 nfield;
	size_t			 error;		/* row error in text, or SIZE_MAX */
	int			 ok, failed;
	struct ahead_field	 field[SHEET_MAX_COLUMNS];
	unsigned char		 hash[SHEET_HASH_LEN];
};

struct ahead_batch {
	char			*text;
	size_t			 used, cap;
	size_t			*off, *len;	/* each field's place in text */
	size_t			 nfields, fcap;
	struct ahead_slot	 slot[AHEAD_ROWS];
	size_t			 nslot;
	int			 full;		/* filled, not yet consumed */
	int			 last;		/* the reader's last batch */
	int			 end;		/* then: 0 at the end, -1 failed */
};

/* A row as read, over a batch's text: the field pointers it needs. */
struct ahead_view {
	char			**field;
	size_t			 cap;
};

struct sheet_ahead {
	struct sheet		*ctx;		/* the caller's: loud */
	struct sheet		 quiet;		/* the thread's copy: silent */
	sheet_check_fn		*check;
	void			*arg;
	int			 threaded;
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 changed;
	int			 stop;		/* the writer needs no more */
	int			 nomem;		/* the reader ran out of memory */
	struct ahead_batch	 batch[AHEAD_BATCHES];
	size_t			 w, r;		/* batches filled, consumed */
	size_t			 at;		/* next slot of batch r */
	int			 done;		/* the last batch was consumed */
	int			 end;		/* and how the reader ended */
	struct ahead_view	 rview, wview;	/* reader's, writer's */
};

/* Point V's fields at the text of SLOT in B, as a csvin row.  0 or -1. */
static int
view_row(struct ahead_view *v, const struct ahead_batch *b,
    const struct ahead_slot *slot, struct csvin_row *row)
{
	size_t i;

	if (grow_array(&v->field, &v->cap, slot->nfield, sizeof(*v->field),
	    16) == -1)
		return -1;
	for (i = 0; i < slot->nfield; i++)
		v->field[i] = b->text + b->off[slot->first + i];
	memset(row, 0, sizeof(*row));
	row->line = slot->line;
	row->nfield = slot->nfield;
	row->field = v->field;
	row->len = b->len + slot->first;
	row->error = slot->error == SIZE_MAX ? NULL : b->text + slot->error;
	return 0;
}

/*
 * Copy ROW into batch B and check it silently.  Returns 0, 1 when it does
 * not fit (B has rows: hand B over and put it in the next), or -1 when
 * out of memory.
 */
static int
put_row(struct sheet_ahead *a, struct ahead_batch *b,
    const struct csvin_row *row)
{
	struct ahead_slot *slot;
	struct sheet_row out;
	struct csvin_row view;
	size_t bytes = 0, i, cap;
	char *t;

	for (i = 0; i < row->nfield; i++)
		bytes += row->len[i] + 1;
	if (row->error != NULL)
		bytes += strlen(row->error) + 1;
	if (b->used + bytes > b->cap) {
		if (b->nslot > 0)
			return 1;
		/* An empty batch: nothing points into its text yet. */
		cap = bytes > AHEAD_TEXT ? bytes : AHEAD_TEXT;
		if ((t = realloc(b->text, cap)) == NULL)
			return -1;
		b->text = t;
		b->cap = cap;
	}
	if (b->nfields + row->nfield > b->fcap) {
		/* Two arrays of one capacity. */
		cap = grow_cap(b->fcap, b->nfields + row->nfield, 1024);
		if (grow_resize(&b->off, cap, sizeof(*b->off)) == -1 ||
		    grow_resize(&b->len, cap, sizeof(*b->len)) == -1)
			return -1;
		b->fcap = cap;
	}
	slot = &b->slot[b->nslot];
	memset(slot, 0, sizeof(*slot));
	slot->line = row->line;
	slot->offset = csvin_offset(a->quiet.in);
	slot->first = b->nfields;
	slot->nfield = row->nfield;
	for (i = 0; i < row->nfield; i++) {
		memcpy(b->text + b->used, row->field[i], row->len[i] + 1);
		b->off[b->nfields] = b->used;
		b->len[b->nfields++] = row->len[i];
		b->used += row->len[i] + 1;
	}
	slot->error = SIZE_MAX;
	if (row->error != NULL) {
		slot->error = b->used;
		memcpy(b->text + b->used, row->error, strlen(row->error) + 1);
		b->used += strlen(row->error) + 1;
	}
	if (view_row(&a->rview, b, slot, &view) != 0)
		return -1;
	memset(&out, 0, sizeof(out));
	slot->ok = a->check(&a->quiet, &view, &out, a->arg) == 0;
	if (slot->ok) {
		slot->failed = out.failed;
		memcpy(slot->hash, out.hash, sizeof(slot->hash));
		for (i = 0; i < SHEET_MAX_COLUMNS; i++) {
			const char *f = out.field[i];

			slot->field[i].in_text = f != NULL && f >= b->text &&
			    f < b->text + b->cap;
			if (slot->field[i].in_text)
				slot->field[i].off = (size_t)(f - b->text);
			else
				slot->field[i].ptr = f;
		}
	}
	b->nslot++;
	return 0;
}

/* The reading thread: fills the batches in turn until the end. */
static void *
reader(void *arg)
{
	struct sheet_ahead *a = arg;
	struct ahead_batch *b;
	struct csvin_row row;
	int got = 1, pending = 0, rc;

	for (;;) {
		b = &a->batch[a->w % AHEAD_BATCHES];
		pthread_mutex_lock(&a->lock);
		while (b->full && !a->stop)
			pthread_cond_wait(&a->changed, &a->lock);
		rc = a->stop;
		pthread_mutex_unlock(&a->lock);
		if (rc)
			return NULL;
		b->used = b->nfields = b->nslot = 0;
		b->last = 0;
		while (b->nslot < AHEAD_ROWS) {
			/* A row the last batch had no room for comes first. */
			if (!pending && (got = csvin_next(a->quiet.in, &row)) != 1)
				break;
			pending = 0;
			if ((rc = put_row(a, b, &row)) == 1) {
				pending = 1;
				break;
			}
			if (rc == -1) {
				a->nomem = 1;
				got = -1;
				break;
			}
		}
		if (got != 1) {
			b->last = 1;
			b->end = got < 0 ? -1 : 0;
		}
		pthread_mutex_lock(&a->lock);
		b->full = 1;
		a->w++;
		pthread_cond_broadcast(&a->changed);
		pthread_mutex_unlock(&a->lock);
		if (b->last)
			return NULL;
	}
}

int
sheet_ahead_start(struct sheet *ctx, sheet_check_fn *check, void *arg,
    long long min_bytes)
{
	struct sheet_ahead *a;

	if ((a = calloc(1, sizeof(*a))) == NULL) {
		warnx(_("%s: out of memory"), current_cmd->name);
		return EXIT_FAIL;
	}
	a->ctx = ctx;
	a->check = check;
	a->arg = arg;
	ctx->ahead = a;
	if (csvin_size(ctx->in) < min_bytes)
		return -1;
	a->quiet = *ctx;
	a->quiet.silent = 1;
	a->quiet.ahead = NULL;
	if (pthread_mutex_init(&a->lock, NULL) != 0)
		return -1;
	if (pthread_cond_init(&a->changed, NULL) != 0) {
		pthread_mutex_destroy(&a->lock);
		return -1;
	}
	/* No thread to be had: read in line. */
	if (pthread_create(&a->thread, NULL, reader, a) != 0) {
		pthread_cond_destroy(&a->changed);
		pthread_mutex_destroy(&a->lock);
		return -1;
	}
	a->threaded = 1;
	return -1;
}

/* Stop the thread, if any, and free what reading ahead holds. */
void
sheet_ahead_stop(struct sheet *ctx)
{
	struct sheet_ahead *a = ctx->ahead;
	size_t i;

	if (a == NULL)
		return;
	if (a->threaded) {
		pthread_mutex_lock(&a->lock);
		a->stop = 1;
		pthread_cond_broadcast(&a->changed);
		pthread_mutex_unlock(&a->lock);
		pthread_join(a->thread, NULL);
		pthread_cond_destroy(&a->changed);
		pthread_mutex_destroy(&a->lock);
	}
	for (i = 0; i < AHEAD_BATCHES; i++) {
		free(a->batch[i].text);
		free(a->batch[i].off);
		free(a->batch[i].len);
	}
	free(a->rview.field);
	free(a->wview.field);
	free(a);
	ctx->ahead = NULL;
}

/* The next good row, read in line. */
static int
next_in_line(struct sheet *ctx, struct sheet_row *out)
{
	struct sheet_ahead *a = ctx->ahead;
	struct csvin_row row;
	int got;

	while ((got = csvin_next(ctx->in, &row)) == 1) {
		memset(out, 0, sizeof(*out));
		if (a->check(ctx, &row, out, a->arg) != 0)
			continue;
		out->line = row.line;
		out->offset = csvin_offset(ctx->in);
		return 1;
	}
	return got;
}

int
sheet_ahead_next(struct sheet *ctx, struct sheet_row *out)
{
	struct sheet_ahead *a = ctx->ahead;
	struct ahead_batch *b;
	struct ahead_slot *slot;
	struct csvin_row view;
	size_t i;

	if (!a->threaded)
		return next_in_line(ctx, out);
	for (;;) {
		if (a->done)
			return a->end;
		b = &a->batch[a->r % AHEAD_BATCHES];
		if (a->at == 0) {
			pthread_mutex_lock(&a->lock);
			while (!b->full)
				pthread_cond_wait(&a->changed, &a->lock);
			pthread_mutex_unlock(&a->lock);
		}
		if (a->at < b->nslot) {
			slot = &b->slot[a->at++];
			memset(out, 0, sizeof(*out));
			out->line = slot->line;
			out->offset = slot->offset;
			if (!slot->ok) {
				/* Bad: check it again, aloud, in its turn. */
				if (view_row(&a->wview, b, slot, &view) != 0) {
					a->nomem = 1;
					a->done = 1;
					a->end = -1;
					continue;
				}
				if (a->check(ctx, &view, out, a->arg) != 0)
					continue;
				return 1;
			}
			out->failed = slot->failed;
			memcpy(out->hash, slot->hash, sizeof(out->hash));
			for (i = 0; i < SHEET_MAX_COLUMNS; i++)
				out->field[i] = slot->field[i].in_text ?
				    b->text + slot->field[i].off :
				    slot->field[i].ptr;
			return 1;
		}
		if (b->last) {
			a->done = 1;
			a->end = b->end;
			continue;
		}
		/* Batch done: the reader may fill it again. */
		pthread_mutex_lock(&a->lock);
		b->full = 0;
		a->r++;
		a->at = 0;
		pthread_cond_broadcast(&a->changed);
		pthread_mutex_unlock(&a->lock);
	}
}

int
sheet_ahead_failed(struct sheet *ctx)
{
	struct sheet_ahead *a = ctx->ahead;
	int nomem = a != NULL && a->nomem;

	/* The reader has stopped: csvin is the caller's again. */
	sheet_ahead_stop(ctx);
	if (nomem) {
		warnx(_("%s: out of memory"), current_cmd->name);
		return EXIT_FAIL;
	}
	return sheet_reader_failed(ctx);
}
