#ifndef DB_LOG_RULES_H
#define DB_LOG_RULES_H

/*
 * The rules of one entry that the replay of its power's log does not
 * hold (db_log_rules.c, for db_log_add()).  Each returns DB_OK, or
 * DB_REJECT with the reason in WHY.
 */

#include "db_log_internal.h"

/* A cancel R of the loaded power as it is logged, into *OUT. */
int	cancel_row(const struct power_log *, const struct log_row *r,
	    struct log_row *out, char *why, size_t whysz);
/* No entry dated before a dated change of its power's holder. */
int	not_before_holder(const struct power_log *, const struct log_row *r,
	    char *why, size_t whysz);
/* No grant dated before its unit exists. */
int	not_before_since(struct db_log *, const struct log_row *r, char *why,
	    size_t whysz);

#endif
