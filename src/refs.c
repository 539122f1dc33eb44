#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "refs.h"

static const char *const kind_names[] = {
	[KIND_NEW_AREA] = "new_area",
	[KIND_DEPARTMENT] = "department",
	[KIND_NEW_CITY] = "new_city",
	[KIND_STREET_TOWN] = "street_town",
};

int
refs_add_unit(struct refs *r, const char *code, const char *name,
    enum unit_kind kind)
{
	struct unit_info *v, *u;

	v = realloc(r->units, (r->nunits + 1) * sizeof(*v));
	if (v == NULL)
		return -1;
	r->units = v;
	u = &v[r->nunits];
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

int
refs_set_unit(struct refs *r, const char *code, const char *name,
    enum unit_kind kind)
{
	char *copy;
	size_t i;

	/* Linear: unit files are small, and the refs are unsorted here. */
	for (i = 0; i < r->nunits; i++) {
		if (strcmp(r->units[i].code, code) != 0)
			continue;
		if ((copy = strdup(name)) == NULL)
			return -1;
		free(r->units[i].name);
		r->units[i].name = copy;
		r->units[i].kind = kind;
		return 0;
	}
	return refs_add_unit(r, code, name, kind);
}

int
refs_add_category(struct refs *r, const char *code, const char *name)
{
	struct category_info *v, *c;

	v = realloc(r->categories, (r->ncategories + 1) * sizeof(*v));
	if (v == NULL)
		return -1;
	r->categories = v;
	c = &v[r->ncategories];
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
	free(r->units);
	free(r->by_name);
	free(r->categories);
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
