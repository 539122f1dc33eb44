/*
 * The Chinese for the registry's names, for people: column headings and
 * coded values.  The headings of the columns a file may be imported from
 * are the import's own (事项编码, 原实施主体 ... in sheet.c); the others
 * name what the column holds the way the clerks' lists do.
 */
#include <stdlib.h>
#include <string.h>

#include "labels.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Headings for the columns the registry's queries give. */
static const struct {
	const char	*name;
	const char	*label;
} columns[] = {
	{ "no", "序号" }, { "unit_code", "单位编码" }, { "unit", "承接单位" },
	{ "unit_kind", "单位类型" }, { "department", "主管部门" },
	{ "department_code", "部门编码" }, { "category", "事项类型" },
	{ "category_code", "类型编码" }, { "code", "事项编码" },
	{ "name", "事项名称" }, { "power", "事项编码" },
	{ "power_name", "事项名称" }, { "mode", "调整方式" },
	{ "document", "依据文号" }, { "documents", "依据文号" },
	{ "effective", "实施时间" }, { "level", "层级" },
	{ "class", "事权类别" }, { "holders", "实施主体" },
	{ "holder", "实施主体" }, { "holder_code", "实施主体编码" },
	{ "legal_basis", "设定依据" }, { "note", "备注" },
	{ "exercised_by", "行使单位" },
	{ "exercised_by_codes", "行使单位编码" },
	{ "exercised_modes", "行使方式" }, { "from_code", "原实施主体编码" },
	{ "from_unit", "原实施主体" }, { "to_code", "承接单位编码" },
	{ "to_unit", "承接单位" }, { "start_date", "起始日期" },
	{ "end_date", "终止日期" }, { "start_seq", "起始记录" },
	{ "end_seq", "终止记录" }, { "seq", "记录号" },
	{ "recorded_by", "记录人" }, { "recorded_at", "记录时间" },
	{ "batch", "批次" },
};

/*
 * The registry's names for modes, kinds, levels and classes.  The import
 * reads each of these back (replay.c's modes, refs.c's classes).
 */
static const struct {
	const char	*value;
	const char	*label;
} values[] = {
	{ "delegate", "下放" }, { "entrust", "委托" }, { "revoke", "收回" },
	{ "cancel", "取消" }, { "holder", "本级行使" },
	{ "new_area_level", "新区本级" }, { "new_area", "新区" },
	{ "department", "部门" }, { "new_city", "新城" },
	{ "street_town", "街镇" },
	{ "economic", "经济发展和项目审批类" }, { "social", "社会管理类" },
};

/* Columns whose values are translated with values[]. */
static const char *const coded[] = {
	"mode", "level", "class", "unit_kind", "exercised_modes",
};

const char *
label_column(const char *name)
{
	size_t i;

	for (i = 0; i < NELEM(columns); i++)
		if (strcmp(columns[i].name, name) == 0)
			return columns[i].label;
	return name;
}

/* The Chinese for the N bytes at S, or NULL when it names none. */
static const char *
item(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < NELEM(values); i++)
		if (strlen(values[i].value) == n &&
		    memcmp(values[i].value, s, n) == 0)
			return values[i].label;
	return NULL;
}

const char *
label_value(const char *column, const char *value, const char *sep,
    char **copy)
{
	const char *p, *end, *l;
	size_t i, len, n, size;
	char *q;

	*copy = NULL;
	if (value == NULL || *value == '\0')
		return value;
	for (i = 0; i < NELEM(coded); i++)
		if (strcmp(coded[i], column) == 0)
			break;
	if (i == NELEM(coded))
		return value;
	/* A label is at most 30 bytes (10 CJK characters) for an item. */
	len = strlen(value);
	size = (len + 1) * (30 + strlen(sep)) + len + 1;
	if ((q = *copy = malloc(size)) == NULL)
		return NULL;
	for (p = value, n = 0; ; p = end + 1) {
		end = strchr(p, ';');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (p != value) {
			memcpy(q + n, sep, strlen(sep));
			n += strlen(sep);
		}
		/* An item with no Chinese is kept as it is. */
		if ((l = item(p, len)) == NULL || strlen(l) > 30)
			l = NULL;
		memcpy(q + n, l != NULL ? l : p, l != NULL ? strlen(l) : len);
		n += l != NULL ? strlen(l) : len;
		if (end == NULL)
			break;
	}
	q[n] = '\0';
	return q;
}
