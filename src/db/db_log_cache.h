#ifndef DB_LOG_CACHE_H
#define DB_LOG_CACHE_H

/*
 * The cached power of a batch of the log (db_log_cache.c, for db_log.c):
 * lg->cur, one power at a time, its log sorted by effective, then seq.
 */

#include "db_log_internal.h"

/*
 * The kind of the unit CODE into *KIND: 0, -1 when there is no such unit.
 * A kind that is none of the four stops the batch (*RC = DB_ERROR).
 */
int	log_unit_kind(struct db_log *, const char *code, enum unit_kind *kind,
	    int *rc);
/*
 * When the log is empty, note so: from then on a power the batch has not
 * met has no log to load (lg->met).  DB_OK or an error.
 */
int	log_cache_start(struct db_log *);
/* Make POWER the cached power, loading what it has.  DB_OK or an error. */
int	log_cache_load(struct db_log *, const char *power);
void	log_cache_clear(struct power_log *);
/* Put an entry in at index AT, copying its strings.  0, or -1. */
int	log_cache_insert(struct power_log *, size_t at, long long seq,
	    const char *from, const char *to, const char *mode,
	    const char *effective, const char *document, int known,
	    enum unit_kind from_kind, enum unit_kind to_kind,
	    const struct retired *to_retired);
void	log_cache_remove(struct power_log *, size_t at);
/* Whether the cached log holds the entry R with giver FROM already. */
int	log_cache_holds(const struct power_log *, const struct log_row *r,
	    const char *from);

#endif
