#ifndef DB_LOG_INTERNAL_H
#define DB_LOG_INTERNAL_H

/*
 * A batch of the delegation log as db_log.c, db_log_spans.c,
 * db_log_cache.c, db_log_rules.c and db_unit_retire.c share it.
 */

#include "db_internal.h"
#include "seen.h"

/*
 * One entry of a power's log as the cache holds it: the entry replay()
 * reads, with its strings owned, and what else makes two entries the
 * same (its document).  KNOWN is 0 when a unit it names is not in the
 * registry: such an entry counts as logged but is not replayed, as the
 * join of the query that loaded it would have dropped it.
 */
struct logged {
	struct entry	 e;
	char		*document;
	int		 known;
};

/*
 * The log of the power the last entry was for, so that the next entry,
 * in a sheet most often for the same power, needs no query: consecutive
 * entries of one power cost what appending them costs.  Loaded from the
 * registry when another power comes, which sees every entry this batch
 * appended.  SPAN_START and SPAN_END are the spans of grant_span of the
 * power as this batch last wrote them (END 0 while live); SPANS_KNOWN is
 * 0 until the first write, which rewrites all of them.
 */
struct power_log {
	char		*power;		/* NULL: none loaded */
	char		*holder;	/* NULL: no such power */
	char		*department;
	/*
	 * The last day a dated change of holder or department takes effect
	 * (NULL: none): the rules check a giver against the holder as it
	 * is, so no entry may be dated before it (not_before_holder()).
	 */
	char		*holder_from;
	struct logged	*v;		/* sorted by effective, then seq */
	size_t		 n, cap;
	long long	*span_start, *span_end;
	size_t		 nspans, spancap;
	int		 spans_known;
};

struct db_log {
	struct db		*db;
	const char		*batch, *by, *at;
	char			 at_buf[32];	/* AT as db_record_time() gives */
	sqlite3_stmt		*power, *timeline, *append, *clear, *span,
				*span_end, *span_drop;
	struct unit_kinds	 units;
	struct power_log	 cur;
	/* Room for one replay: the entries in order and their spans. */
	struct entry		*ev;
	struct span		*spans;
	size_t			 evcap;
	long long		 next_seq;
	long long		 before;	/* entries before this batch */
	/*
	 * The powers this batch met, when the log had none before it
	 * (met.bits NULL otherwise): one it has not met has no log.
	 */
	struct seen		 met;
	unsigned char		 prev[HASH_LEN];
	int			 has_prev;
	struct log_counts	 counts;
};

/*
 * Run a statement that returns no row, then reset it.  BOUND is what
 * binding its parameters gave.  A constraint is a failure here.  DOING,
 * marked N_(), is translated only on failure.
 */
int	log_step_done(struct db *, sqlite3_stmt *, int bound,
	    const char *doing);
/* Make grant_span hold POWER's N SPANS, replayed (db_log_spans.c). */
int	log_write_spans(struct db_log *, const char *power,
	    const struct span *spans, size_t n);
/* Note the spans just written in PL; 0, or -1 when out of memory. */
int	log_keep_spans(struct power_log *pl, const struct span *spans,
	    size_t n);

#endif
