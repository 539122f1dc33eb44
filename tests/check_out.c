/*
 * The output writers: exact bytes of each format, display widths, the
 * alignment of numbers, cutting a table to a terminal's width.
 */
#include <check.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "testutil.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))


/*
 * Run NROW rows of NCOL cells through a FORMAT writer fitted to WIDTH
 * (0: never cut) and return what it printed.  Caller frees.
 */
static char *
render(enum out_format format, const char *const *cols, size_t ncol,
    const char *const *cells, size_t nrow, size_t width)
{
	char *buf = NULL;
	size_t len = 0, r;
	struct out *o;
	FILE *fp;

	fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);
	o = out_new(fp, format, cols, ncol);
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(out_format(o), format);
	out_set_width(o, width);
	for (r = 0; r < nrow; r++)
		ck_assert_int_eq(out_row(o, cells + r * ncol), 0);
	ck_assert_int_eq(out_end(o), 0);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_uint_eq(strlen(buf), len);
	return buf;
}

/* Frame NOBJ JSON objects and return the output.  Caller frees. */
static char *
render_json(const char *const *objects, size_t nobj)
{
	static const char *const cols[] = { "a" };
	char *buf = NULL;
	size_t len = 0, i;
	struct out *o;
	FILE *fp;

	fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);
	o = out_new(fp, OUT_JSON, cols, 1);
	ck_assert_ptr_nonnull(o);
	for (i = 0; i < nobj; i++)
		ck_assert_int_eq(out_json_row(o, objects[i]), 0);
	ck_assert_int_eq(out_end(o), 0);
	ck_assert_int_eq(fclose(fp), 0);
	return buf;
}

START_TEST(test_width)
{
	ck_assert_uint_eq(out_width(""), 0);
	ck_assert_uint_eq(out_width(NULL), 0);
	ck_assert_uint_eq(out_width("abc"), 3);
	ck_assert_uint_eq(out_width("沣东新城"), 8);
	/* Fullwidth comma and ideographic full stop. */
	ck_assert_uint_eq(out_width("，"), 2);
	ck_assert_uint_eq(out_width("。"), 2);
	ck_assert_uint_eq(out_width("a，b"), 4);
	ck_assert_uint_eq(out_width("西安市2024年"), 12);
	ck_assert_uint_eq(out_width("ＡＢ"), 4);
	ck_assert_uint_eq(out_width("한국"), 4);
	ck_assert_uint_eq(out_width("かな"), 4);
	/* An extension B ideograph, four bytes of UTF-8. */
	ck_assert_uint_eq(out_width("\xf0\xa0\x80\x80"), 2);
	/* Ambiguous width: one column. */
	ck_assert_uint_eq(out_width("…"), 1);
	ck_assert_uint_eq(out_width("é"), 1);
	/* e and a combining acute accent. */
	ck_assert_uint_eq(out_width("e\xcc\x81"), 1);
	/* A stray byte counts as the U+FFFD a terminal shows. */
	ck_assert_uint_eq(out_width("a\xffz"), 3);
	ck_assert_uint_eq(out_width("\xe6\xb2"), 2);
}
END_TEST

START_TEST(test_format_name)
{
	static const char *const names[] = {
		"table", "csv", "tsv", "json", "markdown"
	};
	enum out_format f;
	size_t i;

	for (i = 0; i < NELEM(names); i++) {
		f = OUT_TABLE;
		ck_assert_int_eq(out_format_parse(names[i], &f), 0);
		ck_assert_str_eq(out_format_name(f), names[i]);
	}
	ck_assert_int_eq(out_format_parse("md", &f), 0);
	ck_assert_int_eq(f, OUT_MARKDOWN);
	ck_assert_int_eq(out_format_parse("csv", &f), 0);
	ck_assert_int_eq(f, OUT_CSV);
	f = OUT_TSV;
	ck_assert_int_eq(out_format_parse("xml", &f), -1);
	ck_assert_int_eq(out_format_parse("", &f), -1);
	ck_assert_int_eq(out_format_parse("csvx", &f), -1);
	ck_assert_int_eq(out_format_parse(NULL, &f), -1);
	/* A failed parse leaves the format alone. */
	ck_assert_int_eq(f, OUT_TSV);
}
END_TEST

START_TEST(test_table)
{
	static const char *const cols[] = { "code", "name", "count" };
	static const char *const cells[] = {
		"000123", "沣东新城", "12",
		"7", NULL, "3.5",
		"000045", "西咸新区管委会", "-100",
	};
	char *s;

	s = render(OUT_TABLE, cols, 3, cells, 3, 0);
	ck_assert_str_eq(s,
	    "code    name            count\n"
	    "------  --------------  -----\n"
	    "000123  沣东新城           12\n"
	    "7                         3.5\n"
	    "000045  西咸新区管委会   -100\n");
	free(s);
}
END_TEST

START_TEST(test_table_align)
{
	static const char *const cols[] = { "id", "code", "share", "zip" };
	static const char *const cells[] = {
		"1", "000123", "12.5%", "0",
		"250", "42", "-3%", "710075",
		"", "7", NULL, "1.0e+20",
	};
	char *s;

	/*
	 * id, share and zip are numbers ("0" alone is one, empty cells do
	 * not count); code has a code with leading zeros, so it is text.
	 */
	s = render(OUT_TABLE, cols, 4, cells, 3, 0);
	ck_assert_str_eq(s,
	    " id  code    share      zip\n"
	    "---  ------  -----  -------\n"
	    "  1  000123  12.5%        0\n"
	    "250  42        -3%   710075\n"
	    "     7              1.0e+20\n");
	free(s);
}
END_TEST

START_TEST(test_table_text_not_numbers)
{
	static const char *const cols[] = { "a", "b", "c", "d" };
	static const char *const cells[] = {
		"1", "-", "1.", "00.5",
		"x", "2", "3", "1",
	};
	char *s;

	/* Every column has one cell that is not a number. */
	s = render(OUT_TABLE, cols, 4, cells, 2, 0);
	ck_assert_str_eq(s,
	    "a  b  c   d\n"
	    "-  -  --  ----\n"
	    "1  -  1.  00.5\n"
	    "x  2  3   1\n");
	free(s);
}
END_TEST

START_TEST(test_table_no_trailing_space)
{
	static const char *const cols[] = { "name", "note" };
	static const char *const cells[] = {
		"x", NULL,
		"long name", "trail  ",
		"a\tb", "line1\nline2\r\nline3",
	};
	char *s;

	/* Tabs and line ends become spaces; no line ends in a space. */
	s = render(OUT_TABLE, cols, 2, cells, 3, 0);
	ck_assert_str_eq(s,
	    "name       note\n"
	    "---------  -----------------\n"
	    "x\n"
	    "long name  trail\n"
	    "a b        line1 line2 line3\n");
	free(s);
}
END_TEST

START_TEST(test_table_empty)
{
	static const char *const cols[] = { "单位", "n" };
	char *s;

	s = render(OUT_TABLE, cols, 2, NULL, 0, 0);
	ck_assert_str_eq(s, "单位  n\n----  -\n");
	free(s);
}
END_TEST

START_TEST(test_table_fit)
{
	static const char *const cols[] = { "name", "id" };
	static const char *const cells[] = {
		"西咸新区管委会综合执法局", "1",
		"沣东新城", "22",
	};
	char *s;

	/*
	 * 24 + 2 + 2 columns in 16: name shrinks to 12.  Five ideographs
	 * and '…' take 11; the sixth would straddle the edge.
	 */
	s = render(OUT_TABLE, cols, 2, cells, 2, 16);
	ck_assert_str_eq(s,
	    "name          id\n"
	    "------------  --\n"
	    "西咸新区管…    1\n"
	    "沣东新城      22\n");
	free(s);

	/* Not a terminal: nothing is cut. */
	s = render(OUT_TABLE, cols, 2, cells, 2, 0);
	ck_assert_str_eq(s,
	    "name                      id\n"
	    "------------------------  --\n"
	    "西咸新区管委会综合执法局   1\n"
	    "沣东新城                  22\n");
	free(s);

	/* Wide enough: nothing is cut either. */
	s = render(OUT_TABLE, cols, 2, cells, 2, 28);
	ck_assert_ptr_null(strstr(s, "…"));
	free(s);
}
END_TEST

START_TEST(test_table_fit_minimum)
{
	static const char *const cols[] = { "a", "b" };
	static const char *const cells[] = { "abcdefghij", "abcd" };
	char *s;

	/* No column goes below six, even when the table cannot fit. */
	s = render(OUT_TABLE, cols, 2, cells, 1, 5);
	ck_assert_str_eq(s,
	    "a       b\n"
	    "------  ----\n"
	    "abcde…  abcd\n");
	free(s);
}
END_TEST

START_TEST(test_csv)
{
	static const char *const cols[] = { "名称", "note", "n" };
	static const char *const cells[] = {
		"沣东新城", "a,b", "1",
		NULL, "say \"hi\"", "",
		"line1\nline2", " lead", "cr\r",
		"trail ", "plain", "x",
	};
	char *s;

	s = render(OUT_CSV, cols, 3, cells, 4, 0);
	ck_assert_str_eq(s,
	    "名称,note,n\r\n"
	    "沣东新城,\"a,b\",1\r\n"
	    ",\"say \"\"hi\"\"\",\r\n"
	    "\"line1\nline2\",\" lead\",\"cr\r\"\r\n"
	    "\"trail \",plain,x\r\n");
	free(s);
}
END_TEST

START_TEST(test_csv_one_column)
{
	static const char *const cols[] = { "a" };
	static const char *const cells[] = { "x", NULL, "" };
	char *s;

	/* An empty lone field is quoted, or it would be a blank line. */
	s = render(OUT_CSV, cols, 1, cells, 3, 0);
	ck_assert_str_eq(s, "a\r\nx\r\n\"\"\r\n\"\"\r\n");
	free(s);

	/* The header comes even without rows. */
	s = render(OUT_CSV, cols, 1, NULL, 0, 0);
	ck_assert_str_eq(s, "a\r\n");
	free(s);
}
END_TEST

/*
 * Run one column of cells through a FORMAT writer with OPTIONS and return
 * what it printed.  Caller frees.
 */
static char *
render_opts(enum out_format format, int options, const char *const *cells,
    size_t nrow)
{
	static const char *const cols[] = { "v" };
	char *buf = NULL;
	size_t len = 0, r;
	struct out *o;
	FILE *fp;

	fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);
	o = out_new(fp, format, cols, 1);
	ck_assert_ptr_nonnull(o);
	out_set_csv(o, options);
	for (r = 0; r < nrow; r++)
		ck_assert_int_eq(out_row(o, cells + r), 0);
	ck_assert_int_eq(out_end(o), 0);
	ck_assert_int_eq(fclose(fp), 0);
	return buf;
}

/* OWASP's CSV injection examples, and text that must pass unchanged. */
static const char *const formulas[] = {
	"=1+2", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1",
	"=HYPERLINK(\"http://x\",\"y\")", "-2+3+cmd|' /C calc'!A0",
	"沣东新城", "000123", "a-b=c", "'=x", "", NULL,
};

START_TEST(test_formula)
{
	size_t i;

	for (i = 0; i < 8; i++)
		ck_assert_msg(out_formula(formulas[i]), "%s", formulas[i]);
	for (; i < NELEM(formulas); i++)
		ck_assert_msg(!out_formula(formulas[i]), "%s", formulas[i]);
}
END_TEST

START_TEST(test_csv_neutralise)
{
	char *s;

	s = render_opts(OUT_CSV, OUT_NEUTRALISE, formulas, NELEM(formulas));
	ck_assert_str_eq(s,
	    "v\r\n"
	    "'=1+2\r\n"
	    "'+1\r\n"
	    "'-1\r\n"
	    "'@SUM(A1)\r\n"
	    "'\t=1\r\n"
	    "\"'\r=1\"\r\n"
	    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n"
	    "'-2+3+cmd|' /C calc'!A0\r\n"
	    "沣东新城\r\n"
	    "000123\r\n"
	    "a-b=c\r\n"
	    "'=x\r\n"
	    "\"\"\r\n"
	    "\"\"\r\n");
	free(s);

	/* Without the option, as every other caller of out_new() gets. */
	s = render_opts(OUT_CSV, 0, formulas, 3);
	ck_assert_str_eq(s, "v\r\n=1+2\r\n+1\r\n-1\r\n");
	free(s);
}
END_TEST

START_TEST(test_tsv_neutralise)
{
	char *s;

	s = render_opts(OUT_TSV, OUT_NEUTRALISE, formulas, 10);
	ck_assert_str_eq(s,
	    "v\n"
	    "'=1+2\n"
	    "'+1\n"
	    "'-1\n"
	    "'@SUM(A1)\n"
	    "'\\t=1\n"
	    "'\\r=1\n"
	    "'=HYPERLINK(\"http://x\",\"y\")\n"
	    "'-2+3+cmd|' /C calc'!A0\n"
	    "沣东新城\n"
	    "000123\n");
	free(s);
}
END_TEST

START_TEST(test_bom)
{
	static const char *const cells[] = { "x" };
	char *s;

	s = render_opts(OUT_CSV, OUT_BOM, cells, 1);
	ck_assert_str_eq(s, "\xef\xbb\xbfv\r\nx\r\n");
	free(s);
	/* Once, before the header, also when no row comes. */
	s = render_opts(OUT_TSV, OUT_BOM | OUT_NEUTRALISE, cells, 0);
	ck_assert_str_eq(s, "\xef\xbb\xbfv\n");
	free(s);
	/* Other formats take no options. */
	s = render_opts(OUT_MARKDOWN, OUT_BOM | OUT_NEUTRALISE, formulas, 1);
	ck_assert_str_eq(s, "| v |\n| --- |\n| =1+2 |\n");
	free(s);
}
END_TEST

START_TEST(test_tsv)
{
	static const char *const cols[] = { "名称", "tab\there" };
	static const char *const cells[] = {
		"a\tb", "back\\slash",
		"x\ny\r", NULL,
		"沣东新城", "",
	};
	char *s;

	s = render(OUT_TSV, cols, 2, cells, 3, 0);
	ck_assert_str_eq(s,
	    "名称\ttab\\there\n"
	    "a\\tb\tback\\\\slash\n"
	    "x\\ny\\r\t\n"
	    "沣东新城\t\n");
	free(s);
}
END_TEST

START_TEST(test_markdown)
{
	static const char *const cols[] = { "名称", "a|b" };
	static const char *const cells[] = {
		"x|y", "l1\nl2\r\nl3",
		NULL, "沣东新城",
	};
	char *s;

	s = render(OUT_MARKDOWN, cols, 2, cells, 2, 0);
	ck_assert_str_eq(s,
	    "| 名称 | a\\|b |\n"
	    "| --- | --- |\n"
	    "| x\\|y | l1<br>l2<br>l3 |\n"
	    "|  | 沣东新城 |\n");
	free(s);
}
END_TEST

START_TEST(test_json)
{
	static const char *const objs[] = {
		"{\"name\":\"沣东新城\",\"n\":1}",
		"{\"name\":null,\"n\":2}",
	};
	char *s;

	s = render_json(objs, 0);
	ck_assert_str_eq(s, "[]\n");
	free(s);
	s = render_json(objs, 1);
	ck_assert_str_eq(s, "[\n{\"name\":\"沣东新城\",\"n\":1}\n]\n");
	free(s);
	s = render_json(objs, 2);
	ck_assert_str_eq(s,
	    "[\n"
	    "{\"name\":\"沣东新城\",\"n\":1},\n"
	    "{\"name\":null,\"n\":2}\n"
	    "]\n");
	free(s);
}
END_TEST

/* Run one row through a FORMAT writer, visible or not; caller frees. */
static char *
render_visible(enum out_format format, const char *cell, int visible)
{
	static const char *const cols[] = { "v" };
	char *buf = NULL;
	size_t len = 0;
	struct out *o;
	FILE *fp;

	fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);
	o = out_new(fp, format, cols, 1);
	ck_assert_ptr_nonnull(o);
	out_set_visible(o, visible);
	ck_assert_int_eq(out_row(o, &cell), 0);
	ck_assert_int_eq(out_end(o), 0);
	ck_assert_int_eq(fclose(fp), 0);
	return buf;
}

START_TEST(test_control)
{
	char buf[5];

	ck_assert_uint_eq(out_control("\033[31m", buf), 1);
	ck_assert_str_eq(buf, "\\x1b");
	ck_assert_uint_eq(out_control("\x7f", buf), 1);
	ck_assert_str_eq(buf, "\\x7f");
	ck_assert_uint_eq(out_control("\xc2\x9b" "1m", buf), 2);
	ck_assert_str_eq(buf, "\\x9b");
	ck_assert_uint_eq(out_control("\t", buf), 1);
	ck_assert_str_eq(buf, "\\x09");
	ck_assert_uint_eq(out_control("a", buf), 0);
	ck_assert_uint_eq(out_control("", buf), 0);
	/* U+00A0 is no control. */
	ck_assert_uint_eq(out_control("\xc2\xa0", buf), 0);
}
END_TEST

START_TEST(test_control_visible)
{
	static const char cell[] = "a\033[2Jb\a\rc\r\nd\ne\tf\xc2\x9bg";
	char *s;

	/* The table: line ends and tabs are spaces, the rest visible. */
	s = render_visible(OUT_TABLE, cell, 0);
	ck_assert_str_eq(s, "v\n"
	    "-----------------------------\n"
	    "a\\x1b[2Jb\\x07\\x0dc d e f\\x9bg\n");
	free(s);
	/* Markdown whether or not on a terminal. */
	s = render_visible(OUT_MARKDOWN, cell, 0);
	ck_assert_str_eq(s, "| v |\n| --- |\n"
	    "| a\\x1b[2Jb\\x07\\x0dc<br>d<br>e\tf\\x9bg |\n");
	free(s);
	/* CSV and TSV keep the value unless on a terminal. */
	s = render_visible(OUT_CSV, cell, 0);
	ck_assert_str_eq(s, "v\r\n\"a\033[2Jb\a\rc\r\nd\ne\tf\xc2\x9bg\"\r\n");
	free(s);
	s = render_visible(OUT_CSV, cell, 1);
	ck_assert_str_eq(s, "v\r\n"
	    "\"a\\x1b[2Jb\\x07\\x0dc\r\nd\ne\tf\\x9bg\"\r\n");
	free(s);
	s = render_visible(OUT_TSV, cell, 0);
	ck_assert_str_eq(s, "v\na\033[2Jb\a\\rc\\r\\nd\\ne\\tf\xc2\x9bg\n");
	free(s);
	s = render_visible(OUT_TSV, cell, 1);
	ck_assert_str_eq(s, "v\na\\x1b[2Jb\\x07\\rc\\r\\nd\\ne\\tf\\x9bg\n");
	free(s);
}
END_TEST

START_TEST(test_json_keys)
{
	static const char *const c1[] = { "a", "b", "a", "a" };
	static const char *const c2[] = { "a", "a", "a_2", "a" };
	static const char *const c3[] = { "a_2", "a", "a", NULL, NULL };
	struct out_json *j;

	ck_assert_ptr_nonnull(j = out_json_new(c1, 4));
	ck_assert_str_eq(out_json_key(j, 0), "a");
	ck_assert_str_eq(out_json_key(j, 1), "b");
	ck_assert_str_eq(out_json_key(j, 2), "a_2");
	ck_assert_str_eq(out_json_key(j, 3), "a_3");
	ck_assert_ptr_null(out_json_key(j, 4));
	out_json_free(j);
	/* A real column a_2, wherever it is, keeps its name. */
	ck_assert_ptr_nonnull(j = out_json_new(c2, 4));
	ck_assert_str_eq(out_json_key(j, 0), "a");
	ck_assert_str_eq(out_json_key(j, 1), "a_3");
	ck_assert_str_eq(out_json_key(j, 2), "a_2");
	ck_assert_str_eq(out_json_key(j, 3), "a_4");
	out_json_free(j);
	ck_assert_ptr_nonnull(j = out_json_new(c3, 5));
	ck_assert_str_eq(out_json_key(j, 0), "a_2");
	ck_assert_str_eq(out_json_key(j, 1), "a");
	ck_assert_str_eq(out_json_key(j, 2), "a_3");
	ck_assert_str_eq(out_json_key(j, 3), "");
	ck_assert_str_eq(out_json_key(j, 4), "_2");
	out_json_free(j);
	out_json_free(NULL);
}
END_TEST

START_TEST(test_json_object)
{
	static const char *const cols[] = { "n", "s", "z", "r", "q\"" };
	static const char *const cells[] = { "1", "1", NULL, "Inf",
		"\"\\/\b\f\n\r\t\001\037\177\xc2\x80\xc2\x9f\xc2\xa0中" };
	static const int types[] = { OUT_NUMBER, OUT_TEXT, OUT_NUMBER,
		OUT_NUMBER, OUT_TEXT };
	struct out_json *j;

	ck_assert_ptr_nonnull(j = out_json_new(cols, 5));
	ck_assert_str_eq(out_json_object(j, cells, types),
	    "{\"n\":1,\"s\":\"1\",\"z\":null,\"r\":9.0e+999,\"q\\\"\":"
	    "\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\\u0080\\u009f"
	    "\xc2\xa0中\"}");
	/* Without types every cell is a string. */
	ck_assert_str_eq(out_json_object(j, cells, NULL),
	    "{\"n\":\"1\",\"s\":\"1\",\"z\":null,\"r\":\"Inf\",\"q\\\"\":"
	    "\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\\u0080\\u009f"
	    "\xc2\xa0中\"}");
	out_json_free(j);
}
END_TEST

START_TEST(test_json_misuse)
{
	static const char *const cols[] = { "a" };
	static const char *const cells[] = { "x" };
	char *buf = NULL;
	size_t len = 0;
	struct out *o;
	FILE *fp;

	fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);

	/* Plain cells on a JSON writer are refused, and out_end says so. */
	o = out_new(fp, OUT_JSON, cols, 1);
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(out_row(o, cells), -1);
	ck_assert_int_eq(out_end(o), -1);

	/* A JSON object on a CSV writer likewise. */
	o = out_new(fp, OUT_CSV, cols, 1);
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(out_json_row(o, "{}"), -1);
	out_free(o);
	out_free(NULL);

	ck_assert_int_eq(fclose(fp), 0);
	free(buf);
}
END_TEST

START_TEST(test_write_error)
{
	static const char *const cols[] = { "a" };
	static const char *const cells[] = { "x" };
	struct out *o;
	FILE *fp;

	/* /dev/full fails every write with ENOSPC, as a full disk would. */
	fp = fopen("/dev/full", "w");
	if (fp == NULL)
		return;
	o = out_new(fp, OUT_CSV, cols, 1);
	ck_assert_ptr_nonnull(o);
	out_row(o, cells);
	ck_assert_int_eq(out_end(o), -1);
	fclose(fp);

	fp = fopen("/dev/full", "w");
	ck_assert_ptr_nonnull(fp);
	o = out_new(fp, OUT_TABLE, cols, 1);
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(out_row(o, cells), 0);
	ck_assert_int_eq(out_end(o), -1);
	fclose(fp);
}
END_TEST

/*
 * A large table (issue 12: a 300k-row list took 220 MB to align) is kept
 * in a temporary file past a few MiB, and still aligned over every row:
 * the widest cell comes last, every line is as long as the rule.
 */
START_TEST(test_table_large)
{
	const char *const cols[] = { "code", "name", "n" };
	const size_t nrow = 100000;
	char code[16], name[128], num[16], *line = NULL;
	const char *cells[3] = { code, name, num };
	size_t r, cap = 0, lines = 0, want = 0;
	ssize_t len;
	struct out *o;
	FILE *fp = tmpfile();
#ifdef __GLIBC__
	size_t before = mallinfo2().uordblks;
#endif

	ck_assert_ptr_nonnull(fp);
	o = out_new(fp, OUT_TABLE, cols, 3);
	ck_assert_ptr_nonnull(o);
	out_set_width(o, 0);
	for (r = 0; r < nrow; r++) {
		snprintf(code, sizeof(code), "c%06zu", r);
		snprintf(name, sizeof(name), "%.*s", r == nrow - 1 ? 100 :
		    (int)(r % 60), "name of the power, long enough to be cut "
		    "here and there by the modulo, then padded out to a full "
		    "hundred characters for the last row.");
		snprintf(num, sizeof(num), "%zu", r * 7);
		ck_assert_int_eq(out_row(o, cells), 0);
	}
#ifdef __GLIBC__
	/* About 9 MB of cells: no more than the budget is held. */
	ck_assert_msg(mallinfo2().uordblks < before + (6u << 20),
	    "%zu bytes held", mallinfo2().uordblks - before);
#endif
	ck_assert_int_eq(out_end(o), 0);
	rewind(fp);
	while ((len = getline(&line, &cap, fp)) != -1) {
		if (lines == 0)
			want = (size_t)len;
		ck_assert_msg((size_t)len == want, "line %zu: %zd bytes, "
		    "not %zu: %s", lines + 1, len, want, line);
		lines++;
	}
	ck_assert_uint_eq(lines, nrow + 2);
	ck_assert_uint_eq(want, 7 + 2 + 100 + 2 + 6 + 1);
	free(line);
	fclose(fp);
}
END_TEST

Suite *
out_suite(void)
{
	Suite *s = suite_create("out");
	TCase *tc = tcase_create("out");

	tcase_add_test(tc, test_width);
	tcase_add_test(tc, test_format_name);
	tcase_add_test(tc, test_table);
	tcase_add_test(tc, test_table_align);
	tcase_add_test(tc, test_table_text_not_numbers);
	tcase_add_test(tc, test_table_no_trailing_space);
	tcase_add_test(tc, test_table_empty);
	tcase_add_test(tc, test_table_fit);
	tcase_add_test(tc, test_table_fit_minimum);
	tcase_add_test(tc, test_csv);
	tcase_add_test(tc, test_csv_one_column);
	tcase_add_test(tc, test_tsv);
	tcase_add_test(tc, test_formula);
	tcase_add_test(tc, test_csv_neutralise);
	tcase_add_test(tc, test_tsv_neutralise);
	tcase_add_test(tc, test_bom);
	tcase_add_test(tc, test_markdown);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_json_misuse);
	tcase_add_test(tc, test_control);
	tcase_add_test(tc, test_control_visible);
	tcase_add_test(tc, test_json_keys);
	tcase_add_test(tc, test_json_object);
	tcase_add_test(tc, test_write_error);
	tcase_add_test(tc, test_table_large);
	suite_add_tcase(s, tc);
	return s;
}
