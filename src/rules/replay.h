#ifndef REPLAY_H
#define REPLAY_H

#include <stddef.h>

#include "refs.h"

/*
 * The rules of delegation, applied by replaying one power's log in order
 * of effective date, then of recording.  Pure: no registry, no output, so
 * that the rules are tested on their own and 'verify' and 'delegate' share
 * one implementation.
 */

enum mode {
	MODE_DELEGATE,	/* 下放 */
	MODE_ENTRUST,	/* 委托: exercised in the giver's name */
	MODE_REVOKE,	/* 收回: ends a live grant */
	MODE_CANCEL	/* 取消: the power ends, every grant with it */
};

/*
 * A unit's retirement ('unit retire'): the first day it is no member of
 * the registry's area, and the document it rests on.
 */
struct retired {
	const char	*from;		/* YYYY-MM-DD */
	const char	*document;
};

struct entry {
	long long	 seq;		/* order of recording */
	const char	*from;
	enum unit_kind	 from_kind;
	const char	*to;
	enum unit_kind	 to_kind;
	enum mode	 mode;
	const char	*effective;	/* YYYY-MM-DD */
	/* TO's retirement, NULL while it is a member; borrowed. */
	const struct retired *to_retired;
};

/* A grant while it lasts: from START's date until END's, or on. */
struct span {
	const struct entry	*start;
	const struct entry	*end;	/* the revoke or cancel; NULL: live */
};

/*
 * Replay the N entries of one power (sorted with replay_sort()) whose
 * holder is HOLDER and department DEPARTMENT.  A cancel ends every live
 * grant on its date and is the power's last entry: any entry after it in
 * that order breaks the rules, a second cancel too.  No grant (delegate
 * or entrust) to a unit takes effect on or after its retirement; its
 * grants are ended by revokes of that date ('unit retire').  On success returns 0 and
 * fills SPANS (room for N) and *NSPANS.  On the first entry that breaks a
 * rule returns -1 with that entry in *BAD and the reason in WHY.
 */
int	replay(const struct entry *entries, size_t n, const char *holder,
	    const char *department, struct span *spans, size_t *nspans,
	    const struct entry **bad, char *why, size_t whysz);

/* Sort by effective date, then by seq. */
void	replay_sort(struct entry *entries, size_t n);

/* Parsers: 0, or -1 when unknown or not a real date. */
int		 parse_mode(const char *s, enum mode *mode);
const char	*mode_name(enum mode);
/*
 * A date as clerks write it: 2022-02-16, 2022/2/16, 2022.2.16 or
 * 2022年2月16日, into OUT as YYYY-MM-DD (11 bytes).  Checks the calendar.
 */
int		 parse_date(const char *s, char out[11]);
/*
 * The forms parse_date() takes, for the messages.  A date may be followed
 * by a time at midnight (0:00, 00:00:00: Excel's date-times), not another.
 */
#define DATE_FORMS	"YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日, " \
			"optionally followed by a midnight time (0:00)"
/*
 * Why S is not a date, into BUF (BUFSZ bytes) as "bad WHAT 'S': reason;
 * write DATE_FORMS": a time of day, a day not in the calendar, a year
 * before 1900, or what looks like an Excel date serial number (then
 * named as the date it would be; IN_SHEET adds how to fix the column).
 */
void		 date_error(const char *what, const char *s, int in_sheet,
		    char *buf, size_t bufsz);

#endif
