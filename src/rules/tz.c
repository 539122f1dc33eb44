/*
 * Time zones: checking an IANA name and listing its UTC offsets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grow.h"
#include "i18n.h"
#include "tz.h"

/* What tz_spans() covers: 1970-01-01 to 2100-01-01, UTC. */
#define TZ_FROM		0LL
#define TZ_UNTIL	4102444800LL
/* The first span's start: 0001-01-01T00:00:00Z. */
#define TZ_DAWN		(-62135596800LL)

int
tz_check(const char *name, char *why, size_t whysz)
{
	const char *dir = getenv("TZDIR"), *s;
	char path[4096], magic[4];
	FILE *fp;
	size_t got;

	if (dir == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	if (*name == '\0' || strlen(name) > 255 || *name == '/' ||
	    strstr(name, "..") != NULL || strstr(name, "//") != NULL ||
	    name[strlen(name) - 1] == '/') {
		snprintf(why, whysz, _("not an IANA name"));
		return -1;
	}
	for (s = name; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || strchr("/_+-", *s) != NULL)) {
			snprintf(why, whysz, _("not an IANA name"));
			return -1;
		}
	/* The machine's own zone and the leap-second zones are not names. */
	if (strcmp(name, "localtime") == 0 || strncmp(name, "right/", 6) == 0 ||
	    strcmp(name, "posixrules") == 0) {
		snprintf(why, whysz, _("not an IANA name"));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "rb")) == NULL) {
		snprintf(why, whysz, _("no such zone in %s"), dir);
		return -1;
	}
	got = fread(magic, 1, sizeof(magic), fp);
	fclose(fp);
	if (got != sizeof(magic) || memcmp(magic, "TZif", 4) != 0) {
		snprintf(why, whysz, _("no such zone in %s"), dir);
		return -1;
	}
	return 0;
}

/* NAME's offset at T; TZ is set to NAME already. */
static long
offset_at(long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL)
		return 0;
	return tm.tm_gmtoff;
}

static int
push(struct tz_span **v, size_t *n, size_t *cap, long long since, long off)
{
	if (grow_array(v, cap, *n + 1, sizeof(**v), 64) == -1)
		return -1;
	(*v)[*n].since = since;
	(*v)[(*n)++].utc_offset = off;
	return 0;
}

/*
 * A day at a time, then to the second where the offset changed: zones
 * change at most a few times a year, never twice in a day.
 */
int
tz_spans(const char *name, struct tz_span **spans, size_t *n)
{
	char *old = getenv("TZ"), *saved = NULL;
	struct tz_span *v = NULL;
	size_t cap = 0, count = 0;
	long long t, lo, hi, mid;
	long off, next;
	int rc = -1;

	if (old != NULL && (saved = strdup(old)) == NULL)
		return -1;
	if (setenv("TZ", name, 1) != 0)
		goto out;
	tzset();
	off = offset_at(TZ_FROM);
	if (push(&v, &count, &cap, TZ_DAWN, off) != 0)
		goto out;
	for (t = TZ_FROM; t < TZ_UNTIL; t += 86400) {
		if ((next = offset_at(t + 86400)) == off)
			continue;
		/* The change is in (lo, hi]: the first second of next. */
		for (lo = t, hi = t + 86400; hi - lo > 1; ) {
			mid = lo + (hi - lo) / 2;
			if (offset_at(mid) == off)
				lo = mid;
			else
				hi = mid;
		}
		off = offset_at(hi);
		if (push(&v, &count, &cap, hi, off) != 0)
			goto out;
	}
	rc = 0;
out:
	if (saved != NULL)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
	if (rc != 0) {
		free(v);
		v = NULL;
		count = 0;
	}
	*spans = v;
	*n = count;
	return rc;
}
