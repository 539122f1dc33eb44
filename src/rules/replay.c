#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "replay.h"

static const char *const mode_names[] = {
	[MODE_DELEGATE] = "delegate",
	[MODE_ENTRUST] = "entrust",
	[MODE_REVOKE] = "revoke",
	[MODE_CANCEL] = "cancel",
};

int
parse_mode(const char *s, enum mode *mode)
{
	static const struct {
		const char	*word;
		enum mode	 mode;
	} words[] = {
		{ "delegate", MODE_DELEGATE }, { "下放", MODE_DELEGATE },
		{ "entrust", MODE_ENTRUST }, { "委托", MODE_ENTRUST },
		{ "revoke", MODE_REVOKE }, { "收回", MODE_REVOKE },
		{ "cancel", MODE_CANCEL }, { "取消", MODE_CANCEL },
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasecmp(s, words[i].word) == 0) {
			*mode = words[i].mode;
			return 0;
		}
	return -1;
}

const char *
mode_name(enum mode mode)
{
	return mode_names[mode];
}

/* Read 1 to MAXDIGITS digits at *P into *V; 0 or -1. */
static int
digits(const char **p, int maxdigits, int *v)
{
	int n = 0;

	*v = 0;
	while (**p >= '0' && **p <= '9' && n < maxdigits) {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n > 0 ? 0 : -1;
}

/* Skip one separator: '-', '/', '.', or the given UTF-8 word. */
static int
separator(const char **p, const char *word)
{
	size_t n = strlen(word);

	if (**p == '-' || **p == '/' || **p == '.') {
		(*p)++;
		return 0;
	}
	if (strncmp(*p, word, n) == 0) {
		*p += n;
		return 0;
	}
	return -1;
}

/* What parse_day() found. */
enum day {
	DAY_OK,
	DAY_FORM,	/* not one of the forms */
	DAY_TIME,	/* a date, then a time that is not midnight */
	DAY_CALENDAR,	/* no such month or day */
	DAY_EARLY	/* before 1900 */
};

/*
 * After a date, an optional time: one or more spaces (or a 'T'), then
 * H:MM or H:MM:SS, the hour of one or two digits.  DAY_OK at midnight (or
 * with no time), DAY_TIME for another time, DAY_FORM when not a time.
 */
static enum day
midnight(const char *p)
{
	int h, m, sec = 0;
	const char *q;

	if (*p == '\0')
		return DAY_OK;
	if (*p == 'T')
		p++;
	else if (*p == ' ') {
		while (*p == ' ')
			p++;
	} else
		return DAY_FORM;
	if (digits(&p, 2, &h) != 0 || *p++ != ':')
		return DAY_FORM;
	q = p;
	if (digits(&p, 2, &m) != 0 || p - q != 2)
		return DAY_FORM;
	if (*p == ':') {
		q = ++p;
		if (digits(&p, 2, &sec) != 0 || p - q != 2)
			return DAY_FORM;
	}
	if (*p != '\0' || h > 23 || m > 59 || sec > 59)
		return DAY_FORM;
	return h == 0 && m == 0 && sec == 0 ? DAY_OK : DAY_TIME;
}

static enum day
parse_day(const char *s, char out[11])
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	const char *p = s;
	int y, m, d, leap, max;
	enum day rc;

	if (digits(&p, 4, &y) != 0 || p - s != 4 || separator(&p, "年") != 0 ||
	    digits(&p, 2, &m) != 0 || separator(&p, "月") != 0 ||
	    digits(&p, 2, &d) != 0)
		return DAY_FORM;
	if (strncmp(p, "日", strlen("日")) == 0)
		p += strlen("日");
	if ((rc = midnight(p)) == DAY_FORM)
		return rc;
	if (y < 1900)
		return DAY_EARLY;
	if (m < 1 || m > 12 || d < 1)
		return DAY_CALENDAR;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	max = mdays[m - 1] + (m == 2 && leap);
	if (d > max)
		return DAY_CALENDAR;
	if (rc != DAY_OK)
		return rc;
	/* The bounds checked above keep this to ten characters. */
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u,
	    (unsigned)m % 100u, (unsigned)d % 100u);
	return DAY_OK;
}

int
parse_date(const char *s, char out[11])
{
	return parse_day(s, out) == DAY_OK ? 0 : -1;
}

/*
 * Whether S is what Excel shows of a date cell formatted as a number: a
 * serial of five digits (1927 to 2173), maybe with a time as a fraction.
 * Then OUT gets the date it stands for in Excel's 1900 system, where day
 * 1 is 1900-01-01 and day 60 the 1900-02-29 that never was: from day 61
 * on, day N is 1899-12-30 plus N days.
 */
static int
excel_serial(const char *s, char out[11])
{
	const char *p = s;
	long z, era, doe, yoe, doy, mp, y, m, d;
	int n;

	if (digits(&p, 5, &n) != 0 || p - s != 5 || n < 10000)
		return 0;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (*p != '\0')
		return 0;
	/* Days since 1970-01-01, then the civil date (H. Hinnant's). */
	z = n - 25569L + 719468L;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);
	snprintf(out, 11, "%04lu-%02lu-%02lu", (unsigned long)y % 10000u,
	    (unsigned long)m % 100u, (unsigned long)d % 100u);
	return 1;
}

void
date_error(const char *what, const char *s, int in_sheet, char *buf,
    size_t bufsz)
{
	char day[11];
	const char *why = "";

	switch (parse_day(s, day)) {
	case DAY_TIME:
		why = "holds a time of day; ";
		break;
	case DAY_CALENDAR:
		why = "not a day of the calendar; ";
		break;
	case DAY_EARLY:
		why = "before 1900; ";
		break;
	default:
		if (excel_serial(s, day)) {
			snprintf(buf, bufsz, "bad %s '%s': looks like an Excel "
			    "date serial number (%s)%s; write " DATE_FORMS,
			    what, s, day, in_sheet ? ": format the column as "
			    "a date or as text" : "");
			return;
		}
		break;
	}
	snprintf(buf, bufsz, "bad %s '%s': %swrite " DATE_FORMS, what, s, why);
}

static int
by_date_then_seq(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->effective, y->effective);

	if (c != 0)
		return c;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

void
replay_sort(struct entry *entries, size_t n)
{
	qsort(entries, n, sizeof(*entries), by_date_then_seq);
}

static int
is_new_area_level(enum unit_kind k)
{
	return k == KIND_NEW_AREA || k == KIND_DEPARTMENT;
}

/*
 * Whether FROM holds the power: the New Area holds every power of its
 * level; a department holds the powers it is the holder or the
 * department of.
 */
static int
holds(const struct entry *e, const char *holder, const char *department)
{
	return e->from_kind == KIND_NEW_AREA || strcmp(e->from, holder) == 0 ||
	    strcmp(e->from, department) == 0;
}

/* The live span granting to TO, or NULL. */
static struct span *
live_grant(struct span *spans, size_t nspans, const char *to)
{
	size_t i;

	for (i = 0; i < nspans; i++)
		if (spans[i].end == NULL && strcmp(spans[i].start->to, to) == 0)
			return &spans[i];
	return NULL;
}

int
replay(const struct entry *entries, size_t n, const char *holder,
    const char *department, struct span *spans, size_t *nspans,
    const struct entry **bad, char *why, size_t whysz)
{
	const struct entry *e, *cancel = NULL;
	struct span *live, *held;
	size_t i, j;

	*nspans = 0;
	for (i = 0; i < n; i++) {
		e = &entries[i];
		*bad = e;
		if (cancel != NULL) {
			snprintf(why, whysz, _("the power is cancelled (取消)%s "
			    "from %s (entry #%lld): no entry of it takes effect "
			    "on or after that day"), e->mode == MODE_CANCEL ?
			    " already" : "", cancel->effective, cancel->seq);
			return -1;
		}
		/* Given by no one to no one: the giver is not checked. */
		if (e->mode == MODE_CANCEL) {
			for (j = 0; j < *nspans; j++)
				if (spans[j].end == NULL)
					spans[j].end = e;
			cancel = e;
			continue;
		}
		live = live_grant(spans, *nspans, e->to);
		if (e->mode == MODE_REVOKE) {
			if (live == NULL) {
				snprintf(why, whysz, _("revoke: '%s' holds no "
				    "live grant of this power on %s"), e->to,
				    e->effective);
				return -1;
			}
			if (strcmp(live->start->from, e->from) != 0) {
				snprintf(why, whysz, _("revoke: the grant to '%s' "
				    "came from '%s', not '%s'"), e->to,
				    live->start->from, e->from);
				return -1;
			}
			live->end = e;
			continue;
		}
		/* The giver's kind rule covers a retired giver: none gives. */
		if (e->to_retired != NULL &&
		    strcmp(e->effective, e->to_retired->from) >= 0) {
			snprintf(why, whysz, _("'%s' is retired from %s by '%s': "
			    "no grant to it may take effect on or after that "
			    "day"), e->to, e->to_retired->from,
			    e->to_retired->document);
			return -1;
		}
		if (!is_new_area_level(e->from_kind)) {
			held = live_grant(spans, *nspans, e->from);
			if (held != NULL && held->start->mode == MODE_ENTRUST)
				snprintf(why, whysz, _("'%s' exercises this power "
				    "by entrustment (委托) and can never pass it "
				    "on"), e->from);
			else
				snprintf(why, whysz, _("'%s' is a %s: grants come "
				    "from the New Area level"), e->from,
				    kind_word(e->from_kind));
			return -1;
		}
		if (!holds(e, holder, department)) {
			snprintf(why, whysz, _("'%s' does not hold this power "
			    "(its holder is '%s')"), e->from, holder);
			return -1;
		}
		if (e->to_kind != KIND_NEW_CITY &&
		    e->to_kind != KIND_STREET_TOWN) {
			snprintf(why, whysz, _("'%s' is a %s: grants go to a new "
			    "city or a street/town"), e->to,
			    kind_word(e->to_kind));
			return -1;
		}
		if (live != NULL) {
			snprintf(why, whysz, _("'%s' already holds this power "
			    "since %s"), e->to, live->start->effective);
			return -1;
		}
		spans[*nspans].start = e;
		spans[*nspans].end = NULL;
		(*nspans)++;
	}
	*bad = NULL;
	return 0;
}
