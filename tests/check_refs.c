/*
 * Validation of what a row names: units by code or name, categories by
 * code or name, kinds and classes in English or Chinese.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "refs.h"
#include "testutil.h"

static struct refs r;

static void
setup(void)
{
	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(refs_add_unit(&r, "XXXQ", "西咸新区", KIND_NEW_AREA), 0);
	ck_assert_int_eq(refs_add_unit(&r, "XQ06", "住房和城乡建设局",
	    KIND_DEPARTMENT), 0);
	ck_assert_int_eq(refs_add_unit(&r, "FDXC", "沣东新城", KIND_NEW_CITY), 0);
	/* Two units of one name: only their codes may name them. */
	ck_assert_int_eq(refs_add_unit(&r, "JZ90", "同名街道",
	    KIND_STREET_TOWN), 0);
	ck_assert_int_eq(refs_add_unit(&r, "JZ91", "同名街道",
	    KIND_STREET_TOWN), 0);
	ck_assert_int_eq(refs_add_category(&r, "01", "行政许可"), 0);
	ck_assert_int_eq(refs_add_category(&r, "20", "公共服务"), 0);
	ck_assert_int_eq(refs_sort(&r), 0);
}

static void
teardown(void)
{
	refs_free(&r);
}

START_TEST(test_unit_by_code_or_name)
{
	const struct unit_info *u;
	int ambiguous;

	u = refs_unit(&r, "XQ06", &ambiguous);
	ck_assert_ptr_nonnull(u);
	ck_assert_str_eq(u->name, "住房和城乡建设局");
	u = refs_unit(&r, "沣东新城", &ambiguous);
	ck_assert_ptr_nonnull(u);
	ck_assert_str_eq(u->code, "FDXC");
	ck_assert_int_eq(u->kind, KIND_NEW_CITY);
	ck_assert_ptr_null(refs_unit(&r, "XQ99", &ambiguous));
	ck_assert_int_eq(ambiguous, 0);
	/* A near name is no name. */
	ck_assert_ptr_null(refs_unit(&r, "沣东", &ambiguous));
}
END_TEST

START_TEST(test_unit_ambiguous_name)
{
	int ambiguous = 0;

	ck_assert_ptr_null(refs_unit(&r, "同名街道", &ambiguous));
	ck_assert_int_eq(ambiguous, 1);
	ck_assert_ptr_nonnull(refs_unit(&r, "JZ91", &ambiguous));
}
END_TEST

START_TEST(test_only_unit)
{
	ck_assert_str_eq(refs_only_unit(&r, KIND_NEW_AREA)->code, "XXXQ");
	ck_assert_ptr_null(refs_only_unit(&r, KIND_STREET_TOWN));
}
END_TEST

START_TEST(test_set_unit_replaces)
{
	ck_assert_int_eq(refs_set_unit(&r, "FDXC", "沣东新城管委会",
	    KIND_NEW_CITY), 0);
	ck_assert_int_eq(refs_set_unit(&r, "KGXC", "空港新城",
	    KIND_NEW_CITY), 0);
	ck_assert_int_eq(refs_sort(&r), 0);
	ck_assert_ptr_nonnull(refs_unit(&r, "沣东新城管委会", NULL));
	ck_assert_ptr_null(refs_unit(&r, "沣东新城", NULL));
	ck_assert_ptr_nonnull(refs_unit(&r, "空港新城", NULL));
}
END_TEST

START_TEST(test_category)
{
	ck_assert_str_eq(refs_category(&r, "01")->name, "行政许可");
	ck_assert_str_eq(refs_category(&r, "1")->code, "01");
	ck_assert_str_eq(refs_category(&r, "公共服务")->code, "20");
	ck_assert_ptr_null(refs_category(&r, "行政许诺"));
	ck_assert_ptr_null(refs_category(&r, "2"));
	ck_assert_ptr_null(refs_category(&r, "001"));
	ck_assert_ptr_null(refs_category(&r, ""));
}
END_TEST

START_TEST(test_kind)
{
	enum unit_kind k;

	ck_assert_int_eq(parse_kind("new_city", &k), 0);
	ck_assert_int_eq(k, KIND_NEW_CITY);
	ck_assert_int_eq(parse_kind("街镇", &k), 0);
	ck_assert_int_eq(k, KIND_STREET_TOWN);
	ck_assert_int_eq(parse_kind("镇", &k), 0);
	ck_assert_int_eq(k, KIND_STREET_TOWN);
	ck_assert_int_eq(parse_kind("Department", &k), 0);
	ck_assert_int_eq(k, KIND_DEPARTMENT);
	ck_assert_int_eq(parse_kind("区县", &k), -1);
	ck_assert_int_eq(parse_kind("", &k), -1);
	ck_assert_str_eq(kind_name(KIND_NEW_AREA), "new_area");
}
END_TEST

START_TEST(test_class)
{
	ck_assert_str_eq(parse_class(""), "economic");
	ck_assert_str_eq(parse_class("经济发展和项目审批类"), "economic");
	ck_assert_str_eq(parse_class("Economic"), "economic");
	ck_assert_str_eq(parse_class("社会管理类"), "social");
	ck_assert_ptr_null(parse_class("经济类别X"));
}
END_TEST

START_TEST(test_suggest_unit)
{
	char buf[512];
	unsigned any = 0xfu, dept = 1u << KIND_DEPARTMENT;

	/* A Chinese short form: its characters in order in the name. */
	ck_assert_int_eq(refs_suggest_unit(&r, "住建局", dept, buf,
	    sizeof(buf)), 1);
	ck_assert_str_eq(buf, "'住房和城乡建设局' (XQ06)");
	/* One character off, counted in characters, not bytes. */
	ck_assert_int_eq(refs_suggest_unit(&r, "沣东新成", any, buf,
	    sizeof(buf)), 1);
	ck_assert_str_eq(buf, "'沣东新城' (FDXC)");
	/* Only the kinds asked for. */
	ck_assert_int_eq(refs_suggest_unit(&r, "沣东新成", dept, buf,
	    sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");
	/* A code mistyped, or in the wrong case. */
	ck_assert_int_eq(refs_suggest_unit(&r, "XQ6", any, buf, sizeof(buf)), 1);
	ck_assert_str_eq(buf, "'住房和城乡建设局' (XQ06)");
	ck_assert_int_eq(refs_suggest_unit(&r, "fdxc", any, buf, sizeof(buf)), 1);
	/* A name that holds the names of two units: both, joined by "or". */
	ck_assert_int_eq(refs_suggest_unit(&r, "西咸新区住房和城乡建设局", any,
	    buf, sizeof(buf)), 2);
	ck_assert_str_eq(buf, "'住房和城乡建设局' (XQ06) or '西咸新区' (XXXQ)");
	/* Nothing near, and nothing typed. */
	ck_assert_int_eq(refs_suggest_unit(&r, "ZZZZZZZZ", any, buf,
	    sizeof(buf)), 0);
	ck_assert_int_eq(refs_suggest_unit(&r, "", any, buf, sizeof(buf)), 0);
	/* One character says too little: 局 is in every department. */
	ck_assert_int_eq(refs_suggest_unit(&r, "局", dept, buf, sizeof(buf)), 0);
	/* A small buffer is cut, terminated. */
	refs_suggest_unit(&r, "住建局", dept, buf, 6);
	ck_assert_uint_eq(strlen(buf), 5);
}
END_TEST

START_TEST(test_suggest_at_most)
{
	struct refs many;
	char code[8], buf[1024];
	int i;

	memset(&many, 0, sizeof(many));
	for (i = 0; i < 20; i++) {
		snprintf(code, sizeof(code), "JZ%02d", i);
		ck_assert_int_eq(refs_add_unit(&many, code, "某某街道",
		    KIND_STREET_TOWN), 0);
	}
	ck_assert_int_eq(refs_sort(&many), 0);
	ck_assert_int_eq(refs_suggest_unit(&many, "某某", 0xfu, buf,
	    sizeof(buf)), REFS_SUGGEST_MAX);
	/* Ties in the order of the codes. */
	ck_assert_ptr_nonnull(strstr(buf, "'某某街道' (JZ00), "));
	ck_assert_ptr_null(strstr(buf, "JZ05"));
	refs_free(&many);
}
END_TEST

START_TEST(test_units_named)
{
	char buf[256];

	ck_assert_int_eq(refs_units_named(&r, "同名街道", buf, sizeof(buf)), 2);
	ck_assert_str_eq(buf, "JZ90 (street_town), JZ91 (street_town)");
	ck_assert_int_eq(refs_units_named(&r, "无", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_suggest_category)
{
	char buf[256];

	ck_assert_int_eq(refs_suggest_category(&r, "行政许诺", buf,
	    sizeof(buf)), 1);
	ck_assert_str_eq(buf, "01 行政许可");
	ck_assert_int_eq(refs_suggest_category(&r, "许可", buf, sizeof(buf)), 1);
	ck_assert_int_eq(refs_suggest_category(&r, "99", buf, sizeof(buf)), 0);
	refs_list_categories(&r, buf, sizeof(buf));
	ck_assert_str_eq(buf, "01 行政许可, 20 公共服务");
}
END_TEST

Suite *
refs_suite(void)
{
	Suite *s = suite_create("refs");
	TCase *tc = tcase_create("refs");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_unit_by_code_or_name);
	tcase_add_test(tc, test_unit_ambiguous_name);
	tcase_add_test(tc, test_only_unit);
	tcase_add_test(tc, test_set_unit_replaces);
	tcase_add_test(tc, test_category);
	tcase_add_test(tc, test_kind);
	tcase_add_test(tc, test_class);
	tcase_add_test(tc, test_suggest_unit);
	tcase_add_test(tc, test_suggest_at_most);
	tcase_add_test(tc, test_units_named);
	tcase_add_test(tc, test_suggest_category);
	suite_add_tcase(s, tc);
	return s;
}
