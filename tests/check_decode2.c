/*
 * More of the block-wise decoder: a length no buffer could hold, code
 * points beyond U+10FFFF out of a 32-bit encoding.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "decode.h"
#include "testutil.h"

START_TEST(test_length_too_large)
{
	struct decode *d = decode_open("GB18030");
	const char *text = NULL;
	size_t len = 99;

	ck_assert_ptr_nonnull(d);
	errno = 0;
	/* Refused before a byte is read: IN is never touched past "x". */
	ck_assert_int_eq(decode_block(d, "x", SIZE_MAX, 0, &text, &len), -1);
	ck_assert_int_eq(errno, ENOMEM);
	ck_assert_uint_eq(len, 0);
	/* The decoder still works afterwards. */
	ck_assert_int_eq(decode_block(d, "ok", 2, 1, &text, &len), 0);
	ck_assert_uint_eq(len, 2);
	ck_assert_int_eq(memcmp(text, "ok", 2), 0);
	decode_close(d);
}
END_TEST

START_TEST(test_ucs4_beyond_unicode)
{
	/* 'a', U+10FFFF, then U+110000: the last is no Unicode. */
	static const char in[] = "a\0\0\0" "\xff\xff\x10\0" "\0\0\x11\0";
	struct decode *d = decode_open("UCS-4LE");
	const char *text;
	size_t len;
	int rv;

	ck_assert_ptr_nonnull(d);
	errno = 0;
	rv = decode_block(d, in, 12, 1, &text, &len);
	ck_assert_int_eq(rv, -1);
	ck_assert_int_eq(errno, EILSEQ);
	/* The text before it is kept: 'a' and F4 8F BF BF. */
	ck_assert_uint_eq(len, 5);
	ck_assert_int_eq(memcmp(text, "a\xf4\x8f\xbf\xbf", 5), 0);
	decode_close(d);
}
END_TEST

Suite *
decode2_suite(void)
{
	Suite *s = suite_create("decode2");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_length_too_large);
	tcase_add_test(tc, test_ucs4_beyond_unicode);
	suite_add_tcase(s, tc);
	return s;
}
