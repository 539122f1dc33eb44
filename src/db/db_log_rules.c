/*
 * The rules of one entry that the replay of its power's log does not
 * hold: what a cancel names, and no entry dated before its power's
 * holder or its unit was there.  See db_log_rules.h.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "db_log_internal.h"
#include "db_log_rules.h"
#include "replay.h"

/*
 * A cancel R of the loaded power as it is logged, into *OUT: from its
 * holder to its holder, for it takes the power from no one and gives it
 * to no one.  DB_OK, or DB_REJECT (said in WHY) when R names another
 * unit.
 */
int
cancel_row(const struct power_log *pl, const struct log_row *r,
    struct log_row *out, char *why, size_t whysz)
{
	if ((r->from != NULL && strcmp(r->from, pl->holder) != 0) ||
	    (r->to != NULL && strcmp(r->to, pl->holder) != 0)) {
		snprintf(why, whysz, _("a cancel (取消) takes the power from no "
		    "one and gives it to no one: leave from and to empty, or "
		    "name its holder '%s'"), pl->holder);
		return DB_REJECT;
	}
	*out = *r;
	out->from = out->to = pl->holder;
	return DB_OK;
}

/*
 * The rules check a giver against the power's holder and department as
 * they are; a dated change of either (import --effective) makes them
 * hold only from its day, so an entry dated before the last such change
 * is refused rather than checked against a holder it did not have.  A
 * cancel names the holder of its day too; a revoke names the grant's
 * giver, whom the rules check, and so is let through (unit retire).  (The holder on each entry's
 * own day is the better rule; replay() takes one holder a power.)
 */
int
not_before_holder(const struct power_log *pl, const struct log_row *r,
    char *why, size_t whysz)
{
	enum mode mode;

	/* A revoke names the grant's giver, not the holder: not checked. */
	if (pl->holder_from == NULL || r->effective == NULL ||
	    strcmp(r->effective, pl->holder_from) >= 0 ||
	    (parse_mode(r->mode, &mode) == 0 && mode == MODE_REVOKE))
		return DB_OK;
	snprintf(why, whysz, _("the holder or department of '%s' changes from "
	    "%s (import --effective): no entry of it may be dated before "
	    "that day, since the rules check it against the holder as it "
	    "is; date it %s or later, or make that change a correction"),
	    r->power, pl->holder_from, pl->holder_from);
	return DB_REJECT;
}

/*
 * A unit imported with --effective exists from that day (its 'added'
 * event): no grant to it may take effect before.  Checked as an entry is
 * appended; the entries logged before the unit was imported cannot name
 * it, so the replay of a logged power never meets one.
 */
int
not_before_since(struct db_log *lg, const struct log_row *r, char *why,
    size_t whysz)
{
	const char *since = unit_kinds_since(&lg->units, r->to);
	enum mode mode;

	if (since == NULL || r->effective == NULL ||
	    strcmp(r->effective, since) >= 0 ||
	    parse_mode(r->mode, &mode) != 0 ||
	    (mode != MODE_DELEGATE && mode != MODE_ENTRUST))
		return DB_OK;
	snprintf(why, whysz, _("'%s' exists from %s (unit import --effective): "
	    "no grant to it may take effect before that day"), r->to, since);
	return DB_REJECT;
}
