#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "replay.h"

static const char *const mode_names[] = {
	[MODE_DELEGATE] = "delegate",
	[MODE_ENTRUST] = "entrust",
	[MODE_REVOKE] = "revoke",
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

int
parse_date(const char *s, char out[11])
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	const char *p = s;
	int y, m, d, leap, max;

	if (digits(&p, 4, &y) != 0 || p - s != 4 || separator(&p, "年") != 0 ||
	    digits(&p, 2, &m) != 0 || separator(&p, "月") != 0 ||
	    digits(&p, 2, &d) != 0)
		return -1;
	if (strcmp(p, "日") == 0)
		p += strlen("日");
	if (*p != '\0' || y < 1900 || m < 1 || m > 12 || d < 1)
		return -1;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	max = mdays[m - 1] + (m == 2 && leap);
	if (d > max)
		return -1;
	/* The bounds checked above keep this to ten characters. */
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u,
	    (unsigned)m % 100u, (unsigned)d % 100u);
	return 0;
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
	const struct entry *e;
	struct span *live, *held;
	size_t i;

	*nspans = 0;
	for (i = 0; i < n; i++) {
		e = &entries[i];
		*bad = e;
		live = live_grant(spans, *nspans, e->to);
		if (e->mode == MODE_REVOKE) {
			if (live == NULL) {
				snprintf(why, whysz, "revoke: '%s' holds no "
				    "live grant of this power on %s", e->to,
				    e->effective);
				return -1;
			}
			if (strcmp(live->start->from, e->from) != 0) {
				snprintf(why, whysz, "revoke: the grant to '%s' "
				    "came from '%s', not '%s'", e->to,
				    live->start->from, e->from);
				return -1;
			}
			live->end = e;
			continue;
		}
		if (!is_new_area_level(e->from_kind)) {
			held = live_grant(spans, *nspans, e->from);
			if (held != NULL && held->start->mode == MODE_ENTRUST)
				snprintf(why, whysz, "'%s' exercises this power "
				    "by entrustment (委托) and can never pass it "
				    "on", e->from);
			else
				snprintf(why, whysz, "'%s' is a %s: grants come "
				    "from the New Area level", e->from,
				    kind_name(e->from_kind));
			return -1;
		}
		if (!holds(e, holder, department)) {
			snprintf(why, whysz, "'%s' does not hold this power "
			    "(its holder is '%s')", e->from, holder);
			return -1;
		}
		if (e->to_kind != KIND_NEW_CITY &&
		    e->to_kind != KIND_STREET_TOWN) {
			snprintf(why, whysz, "'%s' is a %s: grants go to a new "
			    "city or a street/town", e->to,
			    kind_name(e->to_kind));
			return -1;
		}
		if (live != NULL) {
			snprintf(why, whysz, "'%s' already holds this power "
			    "since %s", e->to, live->start->effective);
			return -1;
		}
		spans[*nspans].start = e;
		spans[*nspans].end = NULL;
		(*nspans)++;
	}
	*bad = NULL;
	return 0;
}
