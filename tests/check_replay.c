/*
 * The rules of delegation, replayed on one power's entries.
 */
#include <check.h>
#include <string.h>

#include "replay.h"
#include "testutil.h"

#define NA	KIND_NEW_AREA
#define DEPT	KIND_DEPARTMENT
#define CITY	KIND_NEW_CITY
#define TOWN	KIND_STREET_TOWN

static struct span spans[16];
static size_t nspans;
static const struct entry *bad;
static char why[256];

/* Replay N entries of a power held by XQ06; 0 when every rule holds. */
static int
run(struct entry *e, size_t n)
{
	replay_sort(e, n);
	return replay(e, n, "XQ06", "XQ06", spans, &nspans, &bad, why,
	    sizeof(why));
}

START_TEST(test_grants_and_revoke)
{
	struct entry e[] = {
		{ 1, "XQ06", DEPT, "FDXC", CITY, MODE_DELEGATE, "2022-02-16", NULL },
		{ 2, "XXXQ", NA, "FXXC", CITY, MODE_ENTRUST, "2022-02-16", NULL },
		{ 3, "XQ06", DEPT, "FDXC", CITY, MODE_REVOKE, "2023-05-10", NULL },
		{ 4, "XQ06", DEPT, "FDXC", CITY, MODE_ENTRUST, "2024-03-01", NULL },
	};

	ck_assert_int_eq(run(e, 4), 0);
	ck_assert_uint_eq(nspans, 3);
	ck_assert_int_eq(spans[0].start->seq, 1);
	ck_assert_ptr_nonnull(spans[0].end);
	ck_assert_int_eq(spans[0].end->seq, 3);
	ck_assert_ptr_null(spans[1].end);
	ck_assert_int_eq(spans[2].start->seq, 4);
	ck_assert_ptr_null(bad);
}
END_TEST

/* No grant to a retired unit on or after its day; a revoke that day. */
START_TEST(test_retired_unit)
{
	static const struct retired ret = { "2026-01-01", "咸政发〔2025〕30号" };
	struct entry e[] = {
		{ 1, "XQ06", DEPT, "JZ12", TOWN, MODE_DELEGATE, "2022-02-16", &ret },
		{ 2, "XQ06", DEPT, "JZ12", TOWN, MODE_REVOKE, "2026-01-01", &ret },
		{ 3, "XXXQ", NA, "JZ12", TOWN, MODE_ENTRUST, "2026-01-01", &ret },
	};

	ck_assert_int_eq(run(e, 2), 0);
	ck_assert_uint_eq(nspans, 1);
	ck_assert_int_eq(spans[0].end->seq, 2);
	ck_assert_int_eq(run(e, 3), -1);
	ck_assert_int_eq(bad->seq, 3);
	ck_assert_ptr_nonnull(strstr(why, "'JZ12' is retired from 2026-01-01 "
	    "by '咸政发〔2025〕30号'"));
	/* Before the day it is still a member. */
	e[2].effective = "2025-12-31";
	e[2].to = "JZ13";
	ck_assert_int_eq(run(e, 3), 0);
}
END_TEST

START_TEST(test_already_holds)
{
	struct entry e[] = {
		{ 1, "XQ06", DEPT, "FDXC", CITY, MODE_DELEGATE, "2022-02-16", NULL },
		{ 2, "XXXQ", NA, "FDXC", CITY, MODE_ENTRUST, "2022-03-01", NULL },
	};

	ck_assert_int_eq(run(e, 2), -1);
	ck_assert_int_eq(bad->seq, 2);
	ck_assert_ptr_nonnull(strstr(why, "already holds"));
}
END_TEST

START_TEST(test_revoke_needs_live_grant)
{
	struct entry e[] = {
		{ 1, "XQ06", DEPT, "FDXC", CITY, MODE_REVOKE, "2022-02-16", NULL },
	};

	ck_assert_int_eq(run(e, 1), -1);
	ck_assert_ptr_nonnull(strstr(why, "no live grant"));
}
END_TEST

START_TEST(test_revoke_names_the_giver)
{
	struct entry e[] = {
		{ 1, "XQ06", DEPT, "FDXC", CITY, MODE_DELEGATE, "2022-02-16", NULL },
		{ 2, "XXXQ", NA, "FDXC", CITY, MODE_REVOKE, "2023-01-01", NULL },
	};

	ck_assert_int_eq(run(e, 2), -1);
	ck_assert_int_eq(bad->seq, 2);
	ck_assert_ptr_nonnull(strstr(why, "came from 'XQ06'"));
}
END_TEST

START_TEST(test_revoke_before_grant_in_time)
{
	/* Recorded after, effective before: replayed in date order. */
	struct entry e[] = {
		{ 1, "XQ06", DEPT, "FDXC", CITY, MODE_DELEGATE, "2023-01-01", NULL },
		{ 2, "XQ06", DEPT, "FDXC", CITY, MODE_REVOKE, "2022-06-01", NULL },
	};

	ck_assert_int_eq(run(e, 2), -1);
	ck_assert_int_eq(bad->seq, 2);
}
END_TEST

START_TEST(test_entrusted_never_passes_on)
{
	struct entry e[] = {
		{ 1, "XQ06", DEPT, "FDXC", CITY, MODE_ENTRUST, "2022-02-16", NULL },
		{ 2, "FDXC", CITY, "JZ01", TOWN, MODE_DELEGATE, "2022-03-01", NULL },
	};

	ck_assert_int_eq(run(e, 2), -1);
	ck_assert_int_eq(bad->seq, 2);
	ck_assert_ptr_nonnull(strstr(why, "entrustment"));
}
END_TEST

START_TEST(test_giver_new_area_level)
{
	struct entry e[] = {
		{ 1, "FDXC", CITY, "JZ01", TOWN, MODE_DELEGATE, "2022-03-01", NULL },
	};

	ck_assert_int_eq(run(e, 1), -1);
	ck_assert_ptr_nonnull(strstr(why, "New Area level"));
}
END_TEST

START_TEST(test_giver_must_hold)
{
	struct entry e[] = {
		{ 1, "XQ07", DEPT, "FDXC", CITY, MODE_DELEGATE, "2022-03-01", NULL },
	};

	ck_assert_int_eq(run(e, 1), -1);
	ck_assert_ptr_nonnull(strstr(why, "does not hold"));
}
END_TEST

START_TEST(test_receiver_kind)
{
	struct entry e[] = {
		{ 1, "XXXQ", NA, "XQ07", DEPT, MODE_DELEGATE, "2022-03-01", NULL },
	};

	ck_assert_int_eq(run(e, 1), -1);
	ck_assert_ptr_nonnull(strstr(why, "new city or a street/town"));
}
END_TEST

START_TEST(test_parse_date)
{
	char d[11];

	ck_assert_int_eq(parse_date("2022-02-16", d), 0);
	ck_assert_str_eq(d, "2022-02-16");
	ck_assert_int_eq(parse_date("2022/2/6", d), 0);
	ck_assert_str_eq(d, "2022-02-06");
	ck_assert_int_eq(parse_date("2022年3月1日", d), 0);
	ck_assert_str_eq(d, "2022-03-01");
	ck_assert_int_eq(parse_date("2024-02-29", d), 0);
	ck_assert_int_eq(parse_date("2023-02-29", d), -1);
	ck_assert_int_eq(parse_date("1900-02-29", d), -1);
	ck_assert_int_eq(parse_date("2000-02-29", d), 0);
	ck_assert_int_eq(parse_date("2022-13-01", d), -1);
	ck_assert_int_eq(parse_date("2022-04-31", d), -1);
	ck_assert_int_eq(parse_date("2022-02-16x", d), -1);
	ck_assert_int_eq(parse_date("22-02-16", d), -1);
	ck_assert_int_eq(parse_date("", d), -1);
}
END_TEST

/* Excel's date-times at midnight are dates; other times and serials not. */
START_TEST(test_parse_date_time)
{
	char d[11], msg[512];

	ck_assert_int_eq(parse_date("2022/6/1 0:00", d), 0);
	ck_assert_str_eq(d, "2022-06-01");
	ck_assert_int_eq(parse_date("2022-06-01 00:00:00", d), 0);
	ck_assert_str_eq(d, "2022-06-01");
	ck_assert_int_eq(parse_date("2022/6/1 00:00", d), 0);
	ck_assert_int_eq(parse_date("2022-06-01 0:00:00", d), 0);
	ck_assert_int_eq(parse_date("2022年6月1日 0:00", d), 0);
	ck_assert_str_eq(d, "2022-06-01");
	ck_assert_int_eq(parse_date("2022-06-01T00:00:00", d), 0);
	ck_assert_int_eq(parse_date("2022-06-01 ", d), -1);
	ck_assert_int_eq(parse_date("2022-06-01 0", d), -1);
	ck_assert_int_eq(parse_date("2022-06-01 0:0", d), -1);
	ck_assert_int_eq(parse_date("2022-06-01 000:00", d), -1);
	ck_assert_int_eq(parse_date("2022-06-01 0:00:00x", d), -1);

	date_error("date", "2022/6/1 9:30", 1, msg, sizeof(msg));
	ck_assert_ptr_nonnull(strstr(msg, "bad date '2022/6/1 9:30': holds a "
	    "time of day"));
	ck_assert_int_eq(parse_date("2022-06-01 00:00:01", d), -1);
	date_error("date", "2022-06-01 00:00:01", 1, msg, sizeof(msg));
	ck_assert_ptr_nonnull(strstr(msg, "holds a time of day"));

	/* Serial 44713 is 2022-06-01 in Excel's 1900 system. */
	ck_assert_int_eq(parse_date("44713", d), -1);
	date_error("date", "44713", 1, msg, sizeof(msg));
	ck_assert_ptr_nonnull(strstr(msg, "looks like an Excel date serial "
	    "number (2022-06-01): format the column as a date or as text"));
	date_error("date", "44713.5", 1, msg, sizeof(msg));
	ck_assert_ptr_nonnull(strstr(msg, "(2022-06-01)"));
	date_error("date", "36526", 1, msg, sizeof(msg));
	ck_assert_ptr_nonnull(strstr(msg, "(2000-01-01)"));
	date_error("--as-of", "44713", 0, msg, sizeof(msg));
	ck_assert_ptr_nonnull(strstr(msg, "bad --as-of '44713': looks like an "
	    "Excel date serial number (2022-06-01)"));
	ck_assert_ptr_null(strstr(msg, "format the column"));

	/* Every message names the forms that are accepted. */
	date_error("date", "16/02/2022", 1, msg, sizeof(msg));
	ck_assert_ptr_nonnull(strstr(msg, "bad date '16/02/2022': "));
	ck_assert_ptr_nonnull(strstr(msg, "YYYY-MM-DD, YYYY/M/D, YYYY.M.D or "
	    "YYYY年M月D日, optionally followed by a midnight time"));
	date_error("date", "2022-02-30", 1, msg, sizeof(msg));
	ck_assert_ptr_nonnull(strstr(msg, "not a day of the calendar"));
	ck_assert_ptr_nonnull(strstr(msg, "YYYY年M月D日"));
	date_error("date", "1899-12-31", 1, msg, sizeof(msg));
	ck_assert_ptr_nonnull(strstr(msg, "before 1900"));
	ck_assert_ptr_nonnull(strstr(msg, "YYYY年M月D日"));
}
END_TEST

/* A cancel ends every live grant on its date and is the last entry. */
START_TEST(test_cancel_ends_grants)
{
	struct entry e[] = {
		{ 1, "XQ06", DEPT, "FDXC", CITY, MODE_DELEGATE, "2022-02-16", NULL },
		{ 2, "XQ06", DEPT, "FXXC", CITY, MODE_ENTRUST, "2022-02-16", NULL },
		{ 3, "XQ06", DEPT, "FXXC", CITY, MODE_REVOKE, "2023-01-01", NULL },
		{ 4, "XQ06", DEPT, "XQ06", DEPT, MODE_CANCEL, "2026-01-01", NULL },
		{ 5, "XQ06", DEPT, "JZ01", TOWN, MODE_DELEGATE, "2025-06-01", NULL },
	};

	ck_assert_int_eq(run(e, 5), 0);
	ck_assert_uint_eq(nspans, 3);
	ck_assert_int_eq(spans[0].end->seq, 4);
	ck_assert_int_eq(spans[1].end->seq, 3);
	ck_assert_int_eq(spans[2].end->seq, 4);
}
END_TEST

START_TEST(test_nothing_after_cancel)
{
	struct entry e[] = {
		{ 1, "XXXQ", NA, "XXXQ", NA, MODE_CANCEL, "2026-01-01", NULL },
		{ 2, "XXXQ", NA, "FDXC", CITY, MODE_DELEGATE, "2026-01-01", NULL },
	};
	struct entry twice[] = {
		{ 1, "XXXQ", NA, "XXXQ", NA, MODE_CANCEL, "2026-01-01", NULL },
		{ 2, "XXXQ", NA, "XXXQ", NA, MODE_CANCEL, "2027-01-01", NULL },
	};

	ck_assert_int_eq(run(e, 2), -1);
	ck_assert_int_eq(bad->seq, 2);
	ck_assert_ptr_nonnull(strstr(why, "cancelled (取消) from 2026-01-01"));
	ck_assert_int_eq(run(twice, 2), -1);
	ck_assert_int_eq(bad->seq, 2);
	ck_assert_ptr_nonnull(strstr(why, "cancelled (取消) already"));
}
END_TEST

START_TEST(test_parse_mode)
{
	enum mode m;

	ck_assert_int_eq(parse_mode("下放", &m), 0);
	ck_assert_int_eq(m, MODE_DELEGATE);
	ck_assert_int_eq(parse_mode("委托", &m), 0);
	ck_assert_int_eq(m, MODE_ENTRUST);
	ck_assert_int_eq(parse_mode("Revoke", &m), 0);
	ck_assert_int_eq(m, MODE_REVOKE);
	ck_assert_int_eq(parse_mode("取消", &m), 0);
	ck_assert_int_eq(m, MODE_CANCEL);
	ck_assert_str_eq(mode_name(MODE_CANCEL), "cancel");
	ck_assert_int_eq(parse_mode("转让", &m), -1);
}
END_TEST

Suite *
replay_suite(void)
{
	Suite *s = suite_create("replay");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, test_grants_and_revoke);
	tcase_add_test(tc, test_retired_unit);
	tcase_add_test(tc, test_already_holds);
	tcase_add_test(tc, test_revoke_needs_live_grant);
	tcase_add_test(tc, test_revoke_names_the_giver);
	tcase_add_test(tc, test_revoke_before_grant_in_time);
	tcase_add_test(tc, test_entrusted_never_passes_on);
	tcase_add_test(tc, test_giver_new_area_level);
	tcase_add_test(tc, test_giver_must_hold);
	tcase_add_test(tc, test_receiver_kind);
	tcase_add_test(tc, test_parse_date);
	tcase_add_test(tc, test_parse_date_time);
	tcase_add_test(tc, test_cancel_ends_grants);
	tcase_add_test(tc, test_nothing_after_cancel);
	tcase_add_test(tc, test_parse_mode);
	suite_add_tcase(s, tc);
	return s;
}
