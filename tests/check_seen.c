/*
 * The Bloom filter that lets a first batch of the log skip looking up the
 * entries of a power it has not met (src/rules/seen.c): never "not seen"
 * for a string added, rarely "seen" for one never added, and bounded.
 */
#include <check.h>
#include <stdio.h>

#include "testutil.h"
#include "seen.h"

/* Codes as a merged list has them: twelve digits, near each other. */
static const char *
code(unsigned long i, char *buf, size_t size)
{
	snprintf(buf, size, "%012lu", 10100000000ul + i * 7);
	return buf;
}

START_TEST(test_no_false_not_seen)
{
	struct seen s;
	char buf[32];
	unsigned long i, wrong = 0, n = 200000;

	ck_assert_int_eq(seen_init(&s, n), 0);
	/* Nothing added: nothing seen. */
	for (i = 0; i < n; i++)
		ck_assert_int_eq(seen_maybe(&s, code(i, buf, sizeof(buf))), 0);
	for (i = 0; i < n; i += 2)
		seen_add(&s, code(i, buf, sizeof(buf)));
	/* Every one added is seen. */
	for (i = 0; i < n; i += 2)
		ck_assert_int_eq(seen_maybe(&s, code(i, buf, sizeof(buf))), 1);
	/* Those never added: seen now and then, at sixteen bits each. */
	for (i = 1; i < n; i += 2)
		wrong += (unsigned long)seen_maybe(&s, code(i, buf, sizeof(buf)));
	ck_assert_msg(wrong < n / 2 / 100, "%lu of %lu seen wrongly", wrong,
	    n / 2);
	seen_free(&s);
}
END_TEST

START_TEST(test_empty_sees_nothing)
{
	struct seen s;
	char buf[32];
	unsigned long i;

	ck_assert_int_eq(seen_init(&s, 0), 0);
	for (i = 0; i < 1000; i++)
		ck_assert_int_eq(seen_maybe(&s, code(i, buf, sizeof(buf))), 0);
	ck_assert_int_eq(seen_maybe(&s, ""), 0);
	seen_add(&s, "");
	ck_assert_int_eq(seen_maybe(&s, ""), 1);
	seen_free(&s);
}
END_TEST

/* Asked for more than the bound: no more bytes, still no false "not seen". */
START_TEST(test_bounded)
{
	struct seen s;
	char buf[32];
	unsigned long i, n = 3000000;

	ck_assert_int_eq(seen_init(&s, 100000000), 0);
	ck_assert_uint_eq((s.mask + 1) / 8, SEEN_MAX_BYTES);
	for (i = 0; i < n; i++)
		seen_add(&s, code(i, buf, sizeof(buf)));
	for (i = 0; i < n; i++)
		ck_assert_int_eq(seen_maybe(&s, code(i, buf, sizeof(buf))), 1);
	seen_free(&s);
}
END_TEST

Suite *
seen_suite(void)
{
	Suite *s = suite_create("seen");
	TCase *tc = tcase_create("seen");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_no_false_not_seen);
	tcase_add_test(tc, test_empty_sees_nothing);
	tcase_add_test(tc, test_bounded);
	suite_add_tcase(s, tc);
	return s;
}
