/*
 * export: the text a person reads about what was exported, in Chinese as
 * the clerks write it: the title, the sheet's name, the scope line, the
 * footer that names the log's head.
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "export.h"

int
make_labels(struct db *db, const struct export *e, struct labels *l)
{
	const char *code = e->f.unit ? e->f.unit : e->f.department;
	long long entries;
	char head[HASH_HEX_LEN + 1];
	int rc;

	if (code != NULL && (rc = db_unit_name(db, code, &l->name)) != DB_OK)
		return rc;
	if ((rc = db_log_head(db, &entries, head)) != DB_OK)
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

