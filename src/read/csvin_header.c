/*
 * The spreadsheet reader's header mapping: the cells of a header onto the
 * columns a command knows, by their English or Chinese names.  See
 * csvin.h.
 */
#include <stdio.h>
#include <string.h>

#include "csvin.h"
#include "i18n.h"
#include "text.h"

/* Whether the N bytes at S equal the string T, ASCII case ignored. */
static int
ascii_caseeq(const char *s, size_t n, const char *t)
{
	size_t i;
	unsigned char a, b;

	for (i = 0; i < n; i++) {
		a = (unsigned char)s[i];
		b = (unsigned char)t[i];
		if (b == '\0')
			return 0;
		if (a >= 'A' && a <= 'Z')
			a += 'a' - 'A';
		if (b >= 'A' && b <= 'Z')
			b += 'a' - 'A';
		if (a != b)
			return 0;
	}
	return t[n] == '\0';
}

/*
 * Say that the header cell NAME (LEN bytes) names no column of COLS, into
 * ERR: shown with what a clerk cannot see as <U+XXXX>, with the nearest
 * column's name (a few edits away, or typed in part: 事项名 for 事项名称),
 * the columns there are, and --ignore-unknown.
 */
static void
unknown_column(const char *name, size_t len, const struct csvin_col *cols,
    size_t ncol, char *err, size_t errsz)
{
	char typed[512], shown[256], near[96] = "", list[512] = "";
	const char *best = NULL, *cand;
	size_t i, k, d, bestd = (size_t)-1, at = 0;

	snprintf(typed, sizeof(typed), "%.*s", (int)len, name);
	text_show(name, len, 0, shown, sizeof(shown));
	for (i = 0; i < ncol; i++) {
		for (k = 0; k < 2; k++) {
			if ((cand = k == 0 ? cols[i].en : cols[i].zh) == NULL)
				continue;
			d = text_distance(typed, cand);
			if (text_in_order(typed, cand) || text_in_order(cand, typed))
				d = d < 1 ? d : 1;
			if (d < bestd) {
				bestd = d;
				best = cand;
			}
		}
		at += (size_t)snprintf(list + at, at < sizeof(list) ?
		    sizeof(list) - at : 0, "%s%s/%s", i ? ", " : "",
		    cols[i].en ? cols[i].en : "", cols[i].zh ? cols[i].zh : "");
		if (at >= sizeof(list))
			at = sizeof(list);
	}
	/* Near: at most a third of what was typed, and not all of it. */
	if (best != NULL && bestd != (size_t)-1 && bestd * 3 <= text_length(typed)
	    + 2 && bestd < text_length(typed))
		snprintf(near, sizeof(near), _(" (did you mean '%s'?)"), best);
	snprintf(err, errsz, _("unknown column '%s'%s; the columns: %s; or give "
	    "--ignore-unknown to skip the columns it does not know"), shown,
	    near, list);
}

int
csvin_map_header(const struct csvin_row *hdr, const struct csvin_col *cols,
    size_t ncol, int ignore_unknown, int *index, char *err, size_t errsz)
{
	const char *name;
	size_t i, j, len;

	for (i = 0; i < ncol; i++)
		index[i] = -1;
	for (j = 0; j < hdr->nfield; j++) {
		name = hdr->field[j];
		len = hdr->len[j];
		text_trim(&name, &len);
		if (len == 0)
			continue;
		for (i = 0; i < ncol; i++) {
			if (cols[i].en != NULL &&
			    ascii_caseeq(name, len, cols[i].en))
				break;
			if (cols[i].zh != NULL && strlen(cols[i].zh) == len &&
			    memcmp(name, cols[i].zh, len) == 0)
				break;
		}
		if (i == ncol) {
			if (ignore_unknown)
				continue;
			unknown_column(name, len, cols, ncol, err, errsz);
			return -1;
		}
		if (index[i] != -1) {
			snprintf(err, errsz, _("column '%s' twice"),
			    cols[i].en != NULL ? cols[i].en : cols[i].zh);
			return -1;
		}
		index[i] = (int)j;
	}
	for (i = 0; i < ncol; i++) {
		if (!cols[i].required || index[i] != -1)
			continue;
		if (cols[i].en != NULL && cols[i].zh != NULL)
			snprintf(err, errsz, _("missing column '%s' (%s)"),
			    cols[i].en, cols[i].zh);
		else
			snprintf(err, errsz, _("missing column '%s'"),
			    cols[i].en != NULL ? cols[i].en : cols[i].zh);
		return -1;
	}
	return 0;
}
