/*
 * export: the text a person reads about what was exported, in Chinese as
 * the clerks write it: the title, the sheet's name, the scope line, the
 * footer that names the log's head.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "export.h"

/*
 * The printed page's footer, for a workbook: the date the export holds
 * on (the log's: the day of its last entry, in UTC, so that no clock
 * is read), the page, and the registry's head as 'powers head' prints
 * it, to be checked with 'verify --expect-head'.  A DB_* code.
 */
static int
print_footer(struct db *db, const struct export *e, struct labels *l)
{
	char head[HASH_HEX_LEN + 1], day[16] = "-";
	long long count;
	time_t t = (time_t)l->changed;
	struct tm tm;
	int rc, log = strcmp(e->what, "log") == 0;

	if ((rc = db_registry_head(db, &count, head)) != DB_OK)
		return rc;
	if (!log)
		snprintf(day, sizeof(day), "%s", e->as_of);
	else if (l->changed > 0 && gmtime_r(&t, &tm) != NULL)
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	if (e->zh)
		snprintf(l->print_footer, sizeof(l->print_footer),
		    "&L&8%s %s&C&8第 &P 页，共 &N 页&R&8powers head %lld %s",
		    log ? "记录至" : "截至", day, count, head);
	else
		snprintf(l->print_footer, sizeof(l->print_footer),
		    "&L&8%s %s&C&8page &P of &N&R&8powers head %lld %s",
		    log ? "recorded to" : "as of", day, count, head);
	return DB_OK;
}

int
make_labels(struct db *db, const struct export *e, struct labels *l)
{
	const char *code = e->f.unit ? e->f.unit : e->f.department;
	long long entries;
	char head[HASH_HEX_LEN + 1];
	int rc;

	if (code != NULL && (rc = db_unit_name(db, code, &l->name)) != DB_OK)
		return rc;
	if ((rc = db_log_head(db, &entries, head)) != DB_OK ||
	    (rc = db_changed_at(db, &l->changed)) != DB_OK ||
	    (rc = print_footer(db, e, l)) != DB_OK)
		return rc;
	snprintf(l->footer, sizeof(l->footer), "powers %s · 调整记录 %lld 条"
	    "%s%.12s", POWERS_VERSION, entries, *head ? " · 末条 " : "", head);
	if (l->name != NULL)
		snprintf(l->scope, sizeof(l->scope), "%s：%s（%s）",
		    e->f.unit ? "单位" : "主管部门", l->name, code);
	else if (e->f.kind != NULL)
		snprintf(l->scope, sizeof(l->scope), "范围：全部%s",
		    strcmp(e->f.kind, "new_city") == 0 ? "新城" : "街镇");
	if (strcmp(e->what, "positive-list") == 0) {
		if (l->name != NULL)
			snprintf(l->title, sizeof(l->title), "%s 正面清单%s",
			    l->name, e->f.department ? "（按层级）" : "");
		else
			snprintf(l->title, sizeof(l->title), "%s 正面清单",
			    strcmp(e->f.kind, "new_city") == 0 ? "新城" :
			    "街镇");
		snprintf(l->sheet, sizeof(l->sheet), "%s",
		    l->name ? l->name : "positive-list");
	} else {
		snprintf(l->title, sizeof(l->title), "%s",
		    strcmp(e->what, "powers") == 0 ? "事权清单" :
		    strcmp(e->what, "grants") == 0 ? "下放与委托" : "调整记录");
		snprintf(l->sheet, sizeof(l->sheet), "%s", e->what);
	}
	return DB_OK;
}

