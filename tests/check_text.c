/*
 * What a clerk cannot see: invisible, control and space characters found
 * by their Unicode category, named by code point; Excel's scientific
 * notation; distances between names in characters, not bytes.
 */
#include <check.h>
#include <string.h>

#include "testutil.h"
#include "text.h"

/* The flaw RULE finds in S, or -1 for none; its code point in *CP. */
static int
flaw_of(const char *s, enum text_rule rule, long *cp, size_t *offset)
{
	struct text_flaw f;

	if (text_check(s, strlen(s), rule, &f) == 0)
		return -1;
	*cp = f.cp;
	if (offset != NULL)
		*offset = f.offset;
	return (int)f.kind;
}

START_TEST(test_code_invisible)
{
	long cp;
	size_t at;

	ck_assert_int_eq(flaw_of("010310001000", TEXT_CODE, &cp, NULL), -1);
	ck_assert_int_eq(flaw_of("XQ-06_a.b", TEXT_CODE, &cp, NULL), -1);
	ck_assert_int_eq(flaw_of("0103\u200b10001000", TEXT_CODE, &cp, &at),
	    TEXT_INVISIBLE);
	ck_assert_int_eq(cp, 0x200b);
	ck_assert_uint_eq(at, 4);
	ck_assert_int_eq(flaw_of("\ufeff0103", TEXT_CODE, &cp, NULL),
	    TEXT_INVISIBLE);
	ck_assert_int_eq(cp, 0xfeff);
	ck_assert_int_eq(flaw_of("01\u00ad03", TEXT_CODE, &cp, NULL),
	    TEXT_INVISIBLE);
	ck_assert_int_eq(flaw_of("01\u206003", TEXT_CODE, &cp, NULL),
	    TEXT_INVISIBLE);
	ck_assert_int_eq(cp, 0x2060);
}
END_TEST

START_TEST(test_code_space)
{
	long cp;

	ck_assert_int_eq(flaw_of("XQ 06", TEXT_CODE, &cp, NULL), TEXT_SPACE);
	ck_assert_int_eq(cp, ' ');
	ck_assert_int_eq(flaw_of("XQ\t06", TEXT_CODE, &cp, NULL), TEXT_SPACE);
	ck_assert_int_eq(flaw_of("XQ\u300006", TEXT_CODE, &cp, NULL),
	    TEXT_SPACE);
	ck_assert_int_eq(cp, 0x3000);
	ck_assert_int_eq(flaw_of("XQ\u00a006", TEXT_CODE, &cp, NULL),
	    TEXT_SPACE);
	ck_assert_int_eq(flaw_of("XQ\u200a06", TEXT_CODE, &cp, NULL),
	    TEXT_SPACE);
	/* A space is no flaw in a name. */
	ck_assert_int_eq(flaw_of("西咸新区 财政局", TEXT_LINE, &cp, NULL), -1);
}
END_TEST

START_TEST(test_control)
{
	long cp;

	ck_assert_int_eq(flaw_of("01\x1b[31m", TEXT_CODE, &cp, NULL),
	    TEXT_CONTROL);
	ck_assert_int_eq(cp, 0x1b);
	ck_assert_int_eq(flaw_of("名称\a", TEXT_LINE, &cp, NULL), TEXT_CONTROL);
	ck_assert_int_eq(cp, 7);
	ck_assert_int_eq(flaw_of("x\x7f", TEXT_LINES, &cp, NULL), TEXT_CONTROL);
	/* C1 controls are Cc too (U+0085 NEXT LINE). */
	ck_assert_int_eq(flaw_of("x\xc2\x85y", TEXT_LINE, &cp, NULL),
	    TEXT_CONTROL);
	ck_assert_int_eq(cp, 0x85);
}
END_TEST

START_TEST(test_line_breaks)
{
	long cp;

	/* Tabs and line breaks belong to the multi-line fields only. */
	ck_assert_int_eq(flaw_of("第一条\n第二条\r\n\t第三条", TEXT_LINES, &cp,
	    NULL), -1);
	ck_assert_int_eq(flaw_of("名\n称", TEXT_LINE, &cp, NULL), TEXT_BREAK);
	ck_assert_int_eq(flaw_of("名\t称", TEXT_LINE, &cp, NULL), TEXT_BREAK);
	ck_assert_int_eq(flaw_of("名\u2028称", TEXT_LINE, &cp, NULL),
	    TEXT_BREAK);
	/* A CR alone moves the cursor back over what was written. */
	ck_assert_int_eq(flaw_of("真\r假", TEXT_LINES, &cp, NULL), TEXT_CONTROL);
	ck_assert_int_eq(cp, '\r');
	ck_assert_int_eq(flaw_of("末尾\r", TEXT_LINES, &cp, NULL), TEXT_CONTROL);
}
END_TEST

START_TEST(test_names_and_notes)
{
	long cp;

	/* Two names alike to the eye are not two names. */
	ck_assert_int_eq(flaw_of("沣东\u200b新城", TEXT_LINE, &cp, NULL),
	    TEXT_INVISIBLE);
	ck_assert_int_eq(flaw_of("\u202e局政财", TEXT_LINE, &cp, NULL),
	    TEXT_INVISIBLE);
	/* Free text keeps what a web page left in it, controls aside. */
	ck_assert_int_eq(flaw_of("见\u00ad附件", TEXT_LINES, &cp, NULL), -1);
}
END_TEST

START_TEST(test_not_utf8)
{
	long cp;

	ck_assert_int_eq(flaw_of("ab\xff", TEXT_LINE, &cp, NULL),
	    TEXT_NOT_UTF8);
	ck_assert_int_eq(cp, 0xff);
	/* A surrogate encoded in UTF-8 (CESU) is not UTF-8. */
	ck_assert_int_eq(flaw_of("\xed\xa0\x80", TEXT_LINES, &cp, NULL),
	    TEXT_NOT_UTF8);
}
END_TEST

START_TEST(test_explain)
{
	struct text_flaw f = { TEXT_INVISIBLE, 0x200b, 4 };
	char buf[256];

	text_explain(&f, buf, sizeof(buf));
	ck_assert_str_eq(buf, "an invisible character, U+200B (zero width "
	    "space): delete it; it often comes from copying from a web page");
	f.kind = TEXT_CONTROL;
	f.cp = 0x1b;
	text_explain(&f, buf, sizeof(buf));
	ck_assert_str_eq(buf, "a control character, U+001B (escape): "
	    "delete it");
	f.kind = TEXT_SPACE;
	f.cp = 0x3000;
	text_explain(&f, buf, sizeof(buf));
	ck_assert_ptr_nonnull(strstr(buf, "U+3000 (ideographic space)"));
	f.kind = TEXT_INVISIBLE;
	f.cp = 0xe0001;
	text_explain(&f, buf, sizeof(buf));
	ck_assert_ptr_nonnull(strstr(buf, "U+E0001:"));
	/* Cut to the buffer, terminated. */
	text_explain(&f, buf, 8);
	ck_assert_uint_eq(strlen(buf), 7);
}
END_TEST

START_TEST(test_show)
{
	const char *s = "0103\u200b10\x1b\t\u3000 x";
	char buf[128], small[8];
	char longer[200];
	size_t i;

	text_show(s, strlen(s), 4, buf, sizeof(buf));
	ck_assert_str_eq(buf, "0103<U+200B>10<U+001B><U+0009><U+3000> x");
	text_show("a\xffz", 3, 1, buf, sizeof(buf));
	ck_assert_str_eq(buf, "a<0xFF>z");
	/* A long value is cut around the flaw, in whole characters. */
	for (i = 0; i < 100; i++)
		longer[i] = 'a';
	memcpy(longer + 100, "\u200b", 3);
	for (i = 103; i < 199; i++)
		longer[i] = 'b';
	longer[199] = '\0';
	text_show(longer, strlen(longer), 100, buf, sizeof(buf));
	ck_assert_ptr_nonnull(strstr(buf, "...aaaa"));
	ck_assert_ptr_nonnull(strstr(buf, "a<U+200B>b"));
	ck_assert_ptr_nonnull(strstr(buf, "bbb..."));
	ck_assert_uint_lt(strlen(buf), 80);
	/* A small buffer holds no half escape. */
	text_show("\u200b\u200b", 6, 0, small, sizeof(small));
	ck_assert_str_eq(small, "");
	text_show("ab\u200b", 5, 0, small, sizeof(small));
	ck_assert_str_eq(small, "ab");
}
END_TEST

START_TEST(test_refusal)
{
	char msg[512];

	ck_assert_int_eq(text_refusal("--by", "clerk", 5, TEXT_LINE, msg,
	    sizeof(msg)), 0);
	ck_assert_int_eq(text_refusal("--by", "clerk\x1b[8m", 9, TEXT_LINE,
	    msg, sizeof(msg)), -1);
	ck_assert_str_eq(msg, "--by 'clerk<U+001B>[8m' holds a control "
	    "character, U+001B (escape): delete it");
	/* LEN, not the NUL, ends the value. */
	ck_assert_int_eq(text_refusal("code (编码)", "XQ\0" "06", 5, TEXT_CODE,
	    msg, sizeof(msg)), -1);
	ck_assert_str_eq(msg, "code (编码) 'XQ<U+0000>06' holds a control "
	    "character, U+0000 (null): delete it");
}
END_TEST

START_TEST(test_scientific)
{
	ck_assert_int_eq(text_is_scientific("1.03E+10"), 1);
	ck_assert_int_eq(text_is_scientific("1.03e10"), 1);
	ck_assert_int_eq(text_is_scientific("1E+11"), 1);
	ck_assert_int_eq(text_is_scientific("1,03E+10"), 1);
	ck_assert_int_eq(text_is_scientific("6.1E-05"), 1);
	ck_assert_int_eq(text_is_scientific("010310001000"), 0);
	ck_assert_int_eq(text_is_scientific("10310001000"), 0);
	ck_assert_int_eq(text_is_scientific("XQ06"), 0);
	ck_assert_int_eq(text_is_scientific("1E"), 0);
	ck_assert_int_eq(text_is_scientific("1.E5"), 0);
	ck_assert_int_eq(text_is_scientific("1.03E+10x"), 0);
	/* Codes that only hold an E: not Excel's form. */
	ck_assert_int_eq(text_is_scientific("0E1"), 0);
	ck_assert_int_eq(text_is_scientific("12E3"), 0);
	ck_assert_int_eq(text_is_scientific(""), 0);
}
END_TEST

START_TEST(test_distance)
{
	/* Characters, not bytes: one Chinese character is one edit. */
	ck_assert_uint_eq(text_distance("沣东新城", "沣东新成"), 1);
	ck_assert_uint_eq(text_distance("沣东新城", "沣西新城"), 1);
	ck_assert_uint_eq(text_distance("住建局", "住房和城乡建设局"), 5);
	ck_assert_uint_eq(text_distance("XQ6", "XQ06"), 1);
	ck_assert_uint_eq(text_distance("", "财政局"), 3);
	ck_assert_uint_eq(text_distance("财政局", "财政局"), 0);
	ck_assert_uint_eq(text_length("住房和城乡建设局"), 8);
	ck_assert_uint_eq(text_length("a\xff"), 2);
}
END_TEST

START_TEST(test_in_order)
{
	ck_assert_int_eq(text_in_order("住建局", "住房和城乡建设局"), 1);
	ck_assert_int_eq(text_in_order("沣东", "沣东新城"), 1);
	ck_assert_int_eq(text_in_order("建住局", "住房和城乡建设局"), 0);
	ck_assert_int_eq(text_in_order("", "x"), 1);
	ck_assert_int_eq(text_in_order("x", ""), 0);
}
END_TEST

Suite *
text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("text");

	tcase_add_test(tc, test_code_invisible);
	tcase_add_test(tc, test_code_space);
	tcase_add_test(tc, test_control);
	tcase_add_test(tc, test_line_breaks);
	tcase_add_test(tc, test_names_and_notes);
	tcase_add_test(tc, test_not_utf8);
	tcase_add_test(tc, test_explain);
	tcase_add_test(tc, test_show);
	tcase_add_test(tc, test_refusal);
	tcase_add_test(tc, test_scientific);
	tcase_add_test(tc, test_distance);
	tcase_add_test(tc, test_in_order);
	suite_add_tcase(s, tc);
	return s;
}
