/*
 * Validation of what a row names: units by code or name, categories by
 * code or name, kinds and classes in English or Chinese.
 */
#include <check.h>
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
	suite_add_tcase(s, tc);
	return s;
}
