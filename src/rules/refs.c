#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grow.h"
#include "i18n.h"
#include "refs.h"
#include "text.h"

static const char *const kind_names[] = {
	[KIND_NEW_AREA] = "new_area",
	[KIND_DEPARTMENT] = "department",
	[KIND_NEW_CITY] = "new_city",
	[KIND_STREET_TOWN] = "street_town",
};
/* What a message calls each kind, translated (kind_word()). */
static const char *const kind_words[] = {
	[KIND_NEW_AREA] = NC_("kind", "new_area"),
	[KIND_DEPARTMENT] = NC_("kind", "department"),
	[KIND_NEW_CITY] = NC_("kind", "new_city"),
	[KIND_STREET_TOWN] = NC_("kind", "street_town"),
};

int
refs_add_unit(struct refs *r, const char *code, const char *name,
    enum unit_kind kind)
{
	struct unit_info *u;

	if (grow_array(&r->units, &r->unitcap, r->nunits + 1,
	    sizeof(*r->units), 16) == -1)
		return -1;
	u = &r->units[r->nunits];
	u->code = strdup(code);
	u->name = strdup(name);
	u->kind = kind;
	if (u->code == NULL || u->name == NULL) {
		free(u->code);
		free(u->name);
		return -1;
	}
	r->nunits++;
	return 0;
}

const struct unit_info *
refs_unit_by_code(const struct refs *r, const char *code)
{
	size_t i;

	/* Linear: unit files are small, and the refs may be unsorted. */
	for (i = 0; i < r->nunits; i++)
		if (strcmp(r->units[i].code, code) == 0)
			return &r->units[i];
	return NULL;
}

int
refs_set_unit(struct refs *r, const char *code, const char *name,
    enum unit_kind kind)
{
	struct unit_info *u;
	char *copy;

	if ((u = (struct unit_info *)refs_unit_by_code(r, code)) == NULL)
		return refs_add_unit(r, code, name, kind);
	if ((copy = strdup(name)) == NULL)
		return -1;
	free(u->name);
	u->name = copy;
	u->kind = kind;
	return 0;
}

int
refs_add_former(struct refs *r, const char *name, const char *code)
{
	struct former_name *f;

	if (grow_array(&r->formers, &r->formercap, r->nformers + 1,
	    sizeof(*r->formers), 8) == -1)
		return -1;
	f = &r->formers[r->nformers];
	f->name = strdup(name);
	f->code = strdup(code);
	if (f->name == NULL || f->code == NULL) {
		free(f->name);
		free(f->code);
		return -1;
	}
	r->nformers++;
	return 0;
}

const char *
refs_former(const struct refs *r, const char *name)
{
	const char *code = NULL;
	size_t i;

	/* Linear: a registry renames its units a few times at most. */
	for (i = 0; i < r->nformers; i++) {
		if (strcmp(r->formers[i].name, name) != 0)
			continue;
		if (code != NULL && strcmp(code, r->formers[i].code) != 0)
			return NULL;
		code = r->formers[i].code;
	}
	return code;
}

int
refs_add_category(struct refs *r, const char *code, const char *name)
{
	struct category_info *c;

	if (grow_array(&r->categories, &r->categorycap, r->ncategories + 1,
	    sizeof(*r->categories), 16) == -1)
		return -1;
	c = &r->categories[r->ncategories];
	c->code = strdup(code);
	c->name = strdup(name);
	if (c->code == NULL || c->name == NULL) {
		free(c->code);
		free(c->name);
		return -1;
	}
	r->ncategories++;
	return 0;
}

static int
by_code(const void *a, const void *b)
{
	return strcmp(((const struct unit_info *)a)->code,
	    ((const struct unit_info *)b)->code);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp((*(struct unit_info *const *)a)->name,
	    (*(struct unit_info *const *)b)->name);
}

int
refs_sort(struct refs *r)
{
	size_t i;

	/* qsort() and bsearch() take no NULL array, even for no items. */
	if (r->nunits == 0)
		return 0;
	qsort(r->units, r->nunits, sizeof(*r->units), by_code);
	free(r->by_name);
	if ((r->by_name = calloc(r->nunits + 1, sizeof(*r->by_name))) == NULL)
		return -1;
	for (i = 0; i < r->nunits; i++)
		r->by_name[i] = &r->units[i];
	qsort(r->by_name, r->nunits, sizeof(*r->by_name), by_name);
	return 0;
}

void
refs_free(struct refs *r)
{
	size_t i;

	for (i = 0; i < r->nunits; i++) {
		free(r->units[i].code);
		free(r->units[i].name);
	}
	for (i = 0; i < r->ncategories; i++) {
		free(r->categories[i].code);
		free(r->categories[i].name);
	}
	for (i = 0; i < r->nformers; i++) {
		free(r->formers[i].name);
		free(r->formers[i].code);
	}
	free(r->units);
	free(r->by_name);
	free(r->categories);
	free(r->formers);
	memset(r, 0, sizeof(*r));
}

const struct unit_info *
refs_unit(const struct refs *r, const char *ref, int *ambiguous)
{
	struct unit_info key = { .code = (char *)ref, .name = (char *)ref };
	struct unit_info *kp = &key, **hit;
	const struct unit_info *u;

	if (ambiguous)
		*ambiguous = 0;
	if (r->nunits == 0)
		return NULL;
	u = bsearch(&key, r->units, r->nunits, sizeof(*r->units), by_code);
	if (u != NULL)
		return u;
	hit = bsearch(&kp, r->by_name, r->nunits, sizeof(*r->by_name),
	    by_name);
	if (hit == NULL)
		return NULL;
	/* Names need not be unique: refuse to pick one of several. */
	if ((hit > r->by_name && strcmp(hit[-1]->name, ref) == 0) ||
	    (hit + 1 < r->by_name + r->nunits &&
	    strcmp(hit[1]->name, ref) == 0)) {
		if (ambiguous)
			*ambiguous = 1;
		return NULL;
	}
	return *hit;
}

const struct unit_info *
refs_only_unit(const struct refs *r, enum unit_kind kind)
{
	const struct unit_info *found = NULL;
	size_t i;

	for (i = 0; i < r->nunits; i++) {
		if (r->units[i].kind != kind)
			continue;
		if (found != NULL)
			return NULL;
		found = &r->units[i];
	}
	return found;
}

const struct category_info *
refs_category(const struct refs *r, const char *ref)
{
	char padded[3];
	size_t i;

	/* Excel drops the leading zero of "01": take "1" as "01". */
	if (ref[0] >= '1' && ref[0] <= '9' && ref[1] == '\0') {
		padded[0] = '0';
		padded[1] = ref[0];
		padded[2] = '\0';
		ref = padded;
	}
	for (i = 0; i < r->ncategories; i++)
		if (strcmp(r->categories[i].code, ref) == 0 ||
		    strcmp(r->categories[i].name, ref) == 0)
			return &r->categories[i];
	return NULL;
}

/* ---- Suggestions: the names nearest to what was typed ---- */

#define FAR		((size_t)-1)
#define BY_DISTANCE	1000	/* ranks below: names that hold or are held */

/* Whether D edits from a string of REFLEN to one of LEN are few. */
static int
few_edits(size_t d, size_t reflen, size_t len)
{
	size_t longer = reflen > len ? reflen : len;

	return d <= (longer / 3 > 1 ? longer / 3 : 1);
}

/*
 * How near REF (REFLEN characters) is to NAME, or to CODE (may be NULL):
 * a rank, lower nearer, or FAR.  A name that holds REF, that REF holds or
 * that holds REF's characters in order ranks first, by distance; then a
 * name or code a few edits away.  One character holds too little.
 */
static size_t
nearness(const char *ref, size_t reflen, const char *name, const char *code)
{
	size_t len = text_length(name), d;

	if (code != NULL && strcasecmp(ref, code) == 0)
		return 0;
	d = text_distance(ref, name);
	if (d >= BY_DISTANCE)
		d = BY_DISTANCE - 1;
	if (reflen >= 2 && len >= 2 && (strstr(name, ref) != NULL ||
	    strstr(ref, name) != NULL || text_in_order(ref, name)))
		return d;
	if (few_edits(d, reflen, len))
		return BY_DISTANCE + d;
	if (code != NULL) {
		d = text_distance(ref, code);
		if (d < BY_DISTANCE && few_edits(d, reflen, text_length(code)))
			return BY_DISTANCE + d;
	}
	return FAR;
}

/* The nearest items seen so far, nearest first; ties in the order seen. */
struct nearest {
	size_t		 rank[REFS_SUGGEST_MAX];
	size_t		 item[REFS_SUGGEST_MAX];
	int		 n;
};

static void
nearest_add(struct nearest *nr, size_t rank, size_t item)
{
	int i;

	if (rank == FAR || (nr->n == REFS_SUGGEST_MAX &&
	    rank >= nr->rank[REFS_SUGGEST_MAX - 1]))
		return;
	if (nr->n < REFS_SUGGEST_MAX)
		nr->n++;
	for (i = nr->n - 1; i > 0 && nr->rank[i - 1] > rank; i--) {
		nr->rank[i] = nr->rank[i - 1];
		nr->item[i] = nr->item[i - 1];
	}
	nr->rank[i] = rank;
	nr->item[i] = item;
}

/* Append to BUF (SIZE bytes, holding *AT) what FMT makes; cut at SIZE. */
static void
append(char *buf, size_t size, size_t *at, const char *fmt, const char *a,
    const char *b)
{
	int n;

	if (*at >= size)
		return;
	n = snprintf(buf + *at, size - *at, fmt, a, b);
	if (n > 0)
		*at += (size_t)n < size - *at ? (size_t)n : size - *at - 1;
}

/* The separator before item I of N: "", ", " or " or ". */
static const char *
sep(int i, int n)
{
	/* TRANSLATORS: between the last two units a message suggests. */
	return i == 0 ? "" : i == n - 1 ? _(" or ") : ", ";
}

int
refs_suggest_unit(const struct refs *r, const char *ref, unsigned kinds,
    char *buf, size_t size)
{
	struct nearest nr = { .n = 0 };
	const struct unit_info *u;
	size_t i, at = 0, reflen = text_length(ref);
	int k;

	if (size > 0)
		buf[0] = '\0';
	if (*ref == '\0')
		return 0;
	for (i = 0; i < r->nunits; i++) {
		u = &r->units[i];
		if (kinds & (1u << u->kind))
			nearest_add(&nr, nearness(ref, reflen, u->name, u->code),
			    i);
	}
	for (k = 0; k < nr.n; k++) {
		u = &r->units[nr.item[k]];
		append(buf, size, &at, "%s", sep(k, nr.n), "");
		append(buf, size, &at, "'%s' (%s)", u->name, u->code);
	}
	return nr.n;
}

int
refs_units_named(const struct refs *r, const char *name, char *buf,
    size_t size)
{
	size_t i, at = 0;
	int n = 0;

	if (size > 0)
		buf[0] = '\0';
	for (i = 0; i < r->nunits; i++) {
		if (strcmp(r->units[i].name, name) != 0)
			continue;
		append(buf, size, &at, "%s%s", n++ ? ", " : "", r->units[i].code);
		append(buf, size, &at, " (%s)%s", kind_word(r->units[i].kind), "");
	}
	return n;
}

int
refs_suggest_category(const struct refs *r, const char *ref, char *buf,
    size_t size)
{
	struct nearest nr = { .n = 0 };
	const struct category_info *c;
	size_t i, at = 0, reflen = text_length(ref);
	int k;

	if (size > 0)
		buf[0] = '\0';
	if (*ref == '\0')
		return 0;
	/* By name only: a mistyped code is as near to one code as another. */
	for (i = 0; i < r->ncategories; i++)
		nearest_add(&nr, nearness(ref, reflen, r->categories[i].name,
		    NULL), i);
	for (k = 0; k < nr.n && k < 3; k++) {
		c = &r->categories[nr.item[k]];
		append(buf, size, &at, "%s", sep(k, nr.n < 3 ? nr.n : 3), "");
		append(buf, size, &at, "%s %s", c->code, c->name);
	}
	return k;
}

void
refs_list_categories(const struct refs *r, char *buf, size_t size)
{
	size_t i, at = 0;

	if (size > 0)
		buf[0] = '\0';
	for (i = 0; i < r->ncategories; i++) {
		append(buf, size, &at, "%s%s", i ? ", " : "",
		    r->categories[i].code);
		append(buf, size, &at, " %s%s", r->categories[i].name, "");
	}
}

int
parse_kind(const char *s, enum unit_kind *kind)
{
	static const struct {
		const char	*word;
		enum unit_kind	 kind;
	} words[] = {
		{ "new_area", KIND_NEW_AREA },
		{ "新区", KIND_NEW_AREA },
		{ "新区本级", KIND_NEW_AREA },
		{ "department", KIND_DEPARTMENT },
		{ "部门", KIND_DEPARTMENT },
		{ "内设机构", KIND_DEPARTMENT },
		{ "new_city", KIND_NEW_CITY },
		{ "新城", KIND_NEW_CITY },
		{ "street_town", KIND_STREET_TOWN },
		{ "街镇", KIND_STREET_TOWN },
		{ "街道", KIND_STREET_TOWN },
		{ "镇", KIND_STREET_TOWN },
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasecmp(s, words[i].word) == 0) {
			*kind = words[i].kind;
			return 0;
		}
	return -1;
}

const char *
kind_name(enum unit_kind kind)
{
	return kind_names[kind];
}

const char *
kind_word(enum unit_kind kind)
{
	const char *t = gettext(kind_words[kind]);

	return t == kind_words[kind] ? kind_names[kind] : t;
}

const char *
parse_class(const char *s)
{
	static const char *const economic[] = {
		"", "economic", "经济发展和项目审批类", "经济发展类", "经济",
	};
	static const char *const social[] = {
		"social", "社会管理类", "社会治理类", "社会",
	};
	size_t i;

	for (i = 0; i < sizeof(economic) / sizeof(economic[0]); i++)
		if (strcasecmp(s, economic[i]) == 0)
			return "economic";
	for (i = 0; i < sizeof(social) / sizeof(social[0]); i++)
		if (strcasecmp(s, social[i]) == 0)
			return "social";
	return NULL;
}
