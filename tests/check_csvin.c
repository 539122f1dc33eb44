/*
 * Tests of the spreadsheet reader: encodings, dialects, quoting, line
 * numbers, refusals, header mapping, and blocks cut inside characters.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvin.h"
#include "testutil.h"


/*
 * Open the LEN bytes at DATA as a file.  The file is unlinked at once:
 * the reader keeps it open.
 */
static struct csvin *
open_mem(const void *data, size_t len, const char *enc, int delim)
{
	const char *path = tu_write_temp(data, len);
	struct csvin *c;

	c = csvin_open(path, enc, delim);
	ck_assert_ptr_nonnull(c);
	unlink(path);
	return c;
}

/* For string literals, which may hold NULs. */
#define OPEN(s, enc, delim)	open_mem((s), sizeof(s) - 1, (enc), (delim))

/*
 * The next record of C is on LINE with the fields WANT (NULL-terminated).
 * AT is the test's line, for the message.  Failures only are reported:
 * Check marks every passing ck_assert_*() with a write to its pipe, which
 * the tests over thousands of rows cannot afford.
 */
static void
expect_row(int at, struct csvin *c, long line, const char *const *want)
{
	struct csvin_row row;
	size_t i, n;
	int rv;

	rv = csvin_next(c, &row);
	if (rv != 1)
		ck_abort_msg("at %d: csvin_next() = %d: %s (line %ld)", at,
		    rv, csvin_errmsg(c), csvin_errline(c));
	for (n = 0; want[n] != NULL; n++)
		;
	if (row.line != line)
		ck_abort_msg("at %d: line %ld, want %ld", at, row.line, line);
	if (row.nfield != n)
		ck_abort_msg("at %d: line %ld: %zu fields, want %zu", at,
		    line, row.nfield, n);
	for (i = 0; i < n; i++) {
		if (strcmp(row.field[i], want[i]) != 0)
			ck_abort_msg("at %d: line %ld: field %zu '%s', "
			    "want '%s'", at, line, i + 1, row.field[i],
			    want[i]);
		if (row.len[i] != strlen(want[i]))
			ck_abort_msg("at %d: line %ld: field %zu length %zu",
			    at, line, i + 1, row.len[i]);
	}
	if (row.error != NULL)
		ck_abort_msg("at %d: line %ld: row error '%s'", at, line,
		    row.error);
}

#define EXPECT_ROW(c, line, ...) \
	expect_row(__LINE__, (c), (line), (const char *const []){ __VA_ARGS__, NULL })

static void
expect_end(int at, struct csvin *c)
{
	struct csvin_row row;
	int rv;

	rv = csvin_next(c, &row);
	ck_assert_msg(rv == 0, "at %d: csvin_next() = %d: %s (line %ld)", at,
	    rv, csvin_errmsg(c), csvin_errline(c));
	/* And it stays at the end. */
	ck_assert_int_eq(csvin_next(c, &row), 0);
	ck_assert_int_eq(csvin_error(c), CSVIN_OK);
}

#define EXPECT_END(c)	expect_end(__LINE__, (c))

/* csvin_next() fails with KIND, a message holding MSG, on LINE. */
static void
expect_fail(int at, struct csvin *c, enum csvin_err kind, const char *msg,
    long line)
{
	struct csvin_row row;
	int rv;

	rv = csvin_next(c, &row);
	ck_assert_msg(rv == -1, "at %d: csvin_next() = %d, want -1", at, rv);
	ck_assert_msg(csvin_error(c) == kind, "at %d: error %d, want %d: %s",
	    at, csvin_error(c), kind, csvin_errmsg(c));
	ck_assert_msg(strstr(csvin_errmsg(c), msg) != NULL,
	    "at %d: message '%s', want '%s'", at, csvin_errmsg(c), msg);
	ck_assert_msg(csvin_errline(c) == line, "at %d: line %ld, want %ld",
	    at, csvin_errline(c), line);
	/* And it stays failed. */
	ck_assert_int_eq(csvin_next(c, &row), -1);
}

#define EXPECT_FAIL(c, kind, msg, line) \
	expect_fail(__LINE__, (c), (kind), (msg), (line))

/* csvin_open() already failed with KIND, a message holding MSG, on LINE. */
#define EXPECT_OPEN_FAIL(c, kind, msg, line) do {			\
	ck_assert_int_eq(csvin_error(c), (kind));			\
	ck_assert_msg(strstr(csvin_errmsg(c), (msg)) != NULL,		\
	    "message '%s', want '%s'", csvin_errmsg(c), (msg));		\
	ck_assert_int_eq(csvin_errline(c), (line));			\
	EXPECT_FAIL((c), (kind), (msg), (line));			\
} while (0)

/*
 * UTF-8 to UTF-16 (BE or LE, with a BOM or not), written here rather than
 * with iconv so that the reader is not tested against itself.  *OUTLEN
 * gets the length.  Caller frees.
 */
static char *
to_utf16(const char *s, size_t len, int be, int bom, size_t *outlen)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char *out, *o;
	unsigned long cp, u[2];
	size_t i = 0, k, nu;

	out = o = malloc(len * 2 + 2);
	ck_assert_ptr_nonnull(out);
	if (bom) {
		*o++ = be ? 0xfe : 0xff;
		*o++ = be ? 0xff : 0xfe;
	}
	while (i < len) {
		if (p[i] < 0x80)
			cp = p[i++];
		else if (p[i] < 0xe0) {
			cp = (p[i] & 0x1ful) << 6 | (p[i + 1] & 0x3f);
			i += 2;
		} else if (p[i] < 0xf0) {
			cp = (p[i] & 0x0ful) << 12 | (p[i + 1] & 0x3ful) << 6 |
			    (p[i + 2] & 0x3f);
			i += 3;
		} else {
			cp = (p[i] & 0x07ul) << 18 | (p[i + 1] & 0x3ful) << 12 |
			    (p[i + 2] & 0x3ful) << 6 | (p[i + 3] & 0x3f);
			i += 4;
		}
		if (cp >= 0x10000) {
			cp -= 0x10000;
			u[0] = 0xd800 + (cp >> 10);
			u[1] = 0xdc00 + (cp & 0x3ff);
			nu = 2;
		} else {
			u[0] = cp;
			nu = 1;
		}
		for (k = 0; k < nu; k++) {
			*o++ = be ? u[k] >> 8 : u[k] & 0xff;
			*o++ = be ? u[k] & 0xff : u[k] >> 8;
		}
	}
	*outlen = o - out;
	return (char *)out;
}

/*
 * The same list in every encoding: Chinese header, leading zeros, a quoted
 * comma, characters outside the BMP and outside GBK.
 */
#define SAMPLE_UTF8 \
	"事项编码,事项名称,备注\r\n" \
	"000123,行政许可,\"含,逗号\"\r\n" \
	"000124,沣东新城,😀¥\r\n"
#define SAMPLE_GB18030 \
	"\xca\xc2\xcf\xee\xb1\xe0\xc2\xeb,\xca\xc2\xcf\xee\xc3\xfb\xb3\xc6," \
	"\xb1\xb8\xd7\xa2\r\n" \
	"000123,\xd0\xd0\xd5\xfe\xd0\xed\xbf\xc9,\"\xba\xac,\xb6\xba\xba\xc5\"" \
	"\r\n" \
	"000124,\xe3\xe3\xb6\xab\xd0\xc2\xb3\xc7,\x94" "9" "\xfc" "6" "\x81" \
	"0" "\x84" "6" "\r\n"

static void
expect_sample(int at, struct csvin *c)
{
	ck_assert_msg(csvin_error(c) == CSVIN_OK, "at %d: %s (line %ld)", at,
	    csvin_errmsg(c), csvin_errline(c));
	expect_row(at, c, 1,
	    (const char *const []){ "事项编码", "事项名称", "备注", NULL });
	expect_row(at, c, 2,
	    (const char *const []){ "000123", "行政许可", "含,逗号", NULL });
	expect_row(at, c, 3,
	    (const char *const []){ "000124", "沣东新城", "😀¥", NULL });
	expect_end(at, c);
}

START_TEST(test_utf8)
{
	struct csvin *c = OPEN(SAMPLE_UTF8, NULL, 0);

	ck_assert_str_eq(csvin_encoding(c), "UTF-8");
	ck_assert_str_eq(csvin_dialect(c), "comma, CRLF");
	expect_sample(__LINE__, c);
	csvin_close(c);
}
END_TEST

START_TEST(test_utf8_bom)
{
	struct csvin *c = OPEN("\xef\xbb\xbf" SAMPLE_UTF8, NULL, 0);

	ck_assert_str_eq(csvin_encoding(c), "UTF-8 with BOM");
	ck_assert_str_eq(csvin_dialect(c), "comma, CRLF");
	expect_sample(__LINE__, c);
	csvin_close(c);
}
END_TEST

START_TEST(test_utf8_bom_given)
{
	/* Told UTF-8, the BOM is still not part of the first name. */
	struct csvin *c = OPEN("\xef\xbb\xbf" SAMPLE_UTF8, "UTF-8", 0);

	ck_assert_str_eq(csvin_encoding(c), "UTF-8");
	expect_sample(__LINE__, c);
	csvin_close(c);
}
END_TEST

START_TEST(test_gb18030)
{
	struct csvin *c = OPEN(SAMPLE_GB18030, NULL, 0);

	ck_assert_str_eq(csvin_encoding(c), "GB18030");
	ck_assert_str_eq(csvin_dialect(c), "comma, CRLF");
	expect_sample(__LINE__, c);
	csvin_close(c);
}
END_TEST

START_TEST(test_gbk_given)
{
	struct csvin *c = OPEN("\xca\xc2\xcf\xee\xb1\xe0\xc2\xeb,b\n"
	    "\xd6\xd0,1\n", "GBK", 0);

	ck_assert_str_eq(csvin_encoding(c), "GBK");
	EXPECT_ROW(c, 1, "事项编码", "b");
	EXPECT_ROW(c, 2, "中", "1");
	EXPECT_END(c);
	csvin_close(c);
}
END_TEST

START_TEST(test_utf16le_bom_tab)
{
	const char tsv[] = "事项编码\t事项名称\t备注\r\n"
	    "000123\t行政许可\t\"含,逗号\"\r\n"
	    "000124\t沣东新城\t😀¥\r\n";
	struct csvin *c;
	size_t len;
	char *b;

	b = to_utf16(tsv, sizeof(tsv) - 1, 0, 1, &len);
	c = open_mem(b, len, NULL, 0);
	ck_assert_str_eq(csvin_encoding(c), "UTF-16LE");
	ck_assert_str_eq(csvin_dialect(c), "tab, CRLF");
	expect_sample(__LINE__, c);
	csvin_close(c);
	free(b);
}
END_TEST

START_TEST(test_utf16be)
{
	struct csvin *c;
	size_t len;
	char *b;

	/* With a BOM, found. */
	b = to_utf16(SAMPLE_UTF8, sizeof(SAMPLE_UTF8) - 1, 1, 1, &len);
	c = open_mem(b, len, NULL, 0);
	ck_assert_str_eq(csvin_encoding(c), "UTF-16BE");
	ck_assert_str_eq(csvin_dialect(c), "comma, CRLF");
	expect_sample(__LINE__, c);
	csvin_close(c);
	free(b);

	/* Without, told. */
	b = to_utf16(SAMPLE_UTF8, sizeof(SAMPLE_UTF8) - 1, 1, 0, &len);
	c = open_mem(b, len, "UTF-16BE", 0);
	ck_assert_str_eq(csvin_encoding(c), "UTF-16BE");
	expect_sample(__LINE__, c);
	csvin_close(c);

	free(b);

	/* Without, not told: ASCII in UTF-16 looks like ASCII with NULs. */
	b = to_utf16("a,b\r\n", 5, 1, 0, &len);
	c = open_mem(b, len, NULL, 0);
	EXPECT_OPEN_FAIL(c, CSVIN_EINPUT, "NUL byte", 1);
	ck_assert_ptr_nonnull(strstr(csvin_errmsg(c), "give the encoding"));
	csvin_close(c);
	free(b);
}
END_TEST

START_TEST(test_ascii_is_utf8)
{
	struct csvin *c = OPEN("a,b\n1,2\n", NULL, 0);

	ck_assert_str_eq(csvin_encoding(c), "UTF-8");
	ck_assert_str_eq(csvin_dialect(c), "comma, LF");
	EXPECT_ROW(c, 1, "a", "b");
	EXPECT_ROW(c, 2, "1", "2");
	EXPECT_END(c);
	csvin_close(c);
}
END_TEST

START_TEST(test_line_ends)
{
	struct csvin *c;

	c = OPEN("a,b\n1,2\n\n3,4\n", NULL, 0);
	ck_assert_str_eq(csvin_dialect(c), "comma, LF");
	EXPECT_ROW(c, 1, "a", "b");
	EXPECT_ROW(c, 2, "1", "2");
	EXPECT_ROW(c, 4, "3", "4");
	EXPECT_END(c);
	csvin_close(c);

	c = OPEN("a,b\r\n1,2\r\n\r\n3,4\r\n", NULL, 0);
	ck_assert_str_eq(csvin_dialect(c), "comma, CRLF");
	EXPECT_ROW(c, 1, "a", "b");
	EXPECT_ROW(c, 2, "1", "2");
	EXPECT_ROW(c, 4, "3", "4");
	EXPECT_END(c);
	csvin_close(c);

	c = OPEN("a,b\r1,2\r\r3,4\r", NULL, 0);
	ck_assert_str_eq(csvin_dialect(c), "comma, CR");
	EXPECT_ROW(c, 1, "a", "b");
	EXPECT_ROW(c, 2, "1", "2");
	EXPECT_ROW(c, 4, "3", "4");
	EXPECT_END(c);
	csvin_close(c);

	/* No line end at all, and none after the last record. */
	c = OPEN("a,b", NULL, 0);
	ck_assert_str_eq(csvin_dialect(c), "comma, no line end");
	EXPECT_ROW(c, 1, "a", "b");
	EXPECT_END(c);
	csvin_close(c);

	c = OPEN("a,b\r\n1,2", NULL, 0);
	EXPECT_ROW(c, 1, "a", "b");
	EXPECT_ROW(c, 2, "1", "2");
	EXPECT_END(c);
	csvin_close(c);
}
END_TEST

START_TEST(test_delimiter_detect)
{
	struct csvin *c;

	c = OPEN("a\tb\tc\n1\t2,5\t3\n", NULL, 0);
	ck_assert_str_eq(csvin_dialect(c), "tab, LF");
	EXPECT_ROW(c, 1, "a", "b", "c");
	EXPECT_ROW(c, 2, "1", "2,5", "3");
	EXPECT_END(c);
	csvin_close(c);

	/* The European Excel: semicolons, decimal commas. */
	c = OPEN("a;b;c\r\n1;2,5;3\r\n", NULL, 0);
	ck_assert_str_eq(csvin_dialect(c), "semicolon, CRLF");
	EXPECT_ROW(c, 1, "a", "b", "c");
	EXPECT_ROW(c, 2, "1", "2,5", "3");
	EXPECT_END(c);
	csvin_close(c);

	/* Delimiters inside quotes do not count. */
	c = OPEN("\"a;b;c\",d\n1,2\n", NULL, 0);
	ck_assert_str_eq(csvin_dialect(c), "comma, LF");
	EXPECT_ROW(c, 1, "a;b;c", "d");
	csvin_close(c);

	c = OPEN("\"a,b,c\";\"d\"\"e,f\";g\n", NULL, 0);
	ck_assert_str_eq(csvin_dialect(c), "semicolon, LF");
	EXPECT_ROW(c, 1, "a,b,c", "d\"e,f", "g");
	csvin_close(c);

	/* A tie, and none at all: comma. */
	c = OPEN("a;b,c\n", NULL, 0);
	ck_assert_str_eq(csvin_dialect(c), "comma, LF");
	EXPECT_ROW(c, 1, "a;b", "c");
	csvin_close(c);

	c = OPEN("\n\nabc\n", NULL, 0);
	ck_assert_str_eq(csvin_dialect(c), "comma, LF");
	EXPECT_ROW(c, 3, "abc");
	csvin_close(c);

	/* Only the header counts. */
	c = OPEN("a,b\n1;2;3;4\n", NULL, 0);
	ck_assert_str_eq(csvin_dialect(c), "comma, LF");
	csvin_close(c);
}
END_TEST

START_TEST(test_delimiter_given)
{
	struct csvin *c;

	c = OPEN("a,b;c,d\n1,2;3,4\n", NULL, ';');
	ck_assert_str_eq(csvin_dialect(c), "semicolon, LF");
	EXPECT_ROW(c, 1, "a,b", "c,d");
	EXPECT_ROW(c, 2, "1,2", "3,4");
	EXPECT_END(c);
	csvin_close(c);

	c = OPEN("a,b\tc\n", NULL, '\t');
	ck_assert_str_eq(csvin_dialect(c), "tab, LF");
	EXPECT_ROW(c, 1, "a,b", "c");
	csvin_close(c);

	c = OPEN("a\tb;c\n", NULL, ',');
	ck_assert_str_eq(csvin_dialect(c), "comma, LF");
	EXPECT_ROW(c, 1, "a\tb;c");
	csvin_close(c);

	c = OPEN("a|b\n", NULL, '|');
	EXPECT_OPEN_FAIL(c, CSVIN_EARG, "delimiter", 0);
	csvin_close(c);
}
END_TEST

START_TEST(test_quoted)
{
	struct csvin *c;

	c = OPEN("h1,h2,h3\n"
	    "\"a,b\",\"say \"\"hi\"\"\",\"\"\n"
	    "\"multi\nline\",2,x\n"
	    "\n"
	    "next,3,x\n"
	    "\"a\r\nb\",4,\"\r\n\"\"\"\r\n"
	    "last,5,x", NULL, 0);
	EXPECT_ROW(c, 1, "h1", "h2", "h3");
	EXPECT_ROW(c, 2, "a,b", "say \"hi\"", "");
	/* Line breaks inside quotes are kept as they were. */
	EXPECT_ROW(c, 3, "multi\nline", "2", "x");
	/* After a field over two lines and a blank line. */
	EXPECT_ROW(c, 6, "next", "3", "x");
	/* A CRLF in a quoted field is one line end; trimmed at the ends. */
	EXPECT_ROW(c, 7, "a\r\nb", "4", "\"");
	EXPECT_ROW(c, 10, "last", "5", "x");
	EXPECT_END(c);
	csvin_close(c);
}
END_TEST

START_TEST(test_excel_cell_breaks)
{
	/* Excel: rows end with CRLF, breaks inside a cell are a bare LF. */
	struct csvin *c = OPEN("code,name\r\n"
	    "001,\"first\nsecond\nthird\"\r\n"
	    "002,x\r\n", NULL, 0);

	ck_assert_str_eq(csvin_dialect(c), "comma, CRLF");
	EXPECT_ROW(c, 1, "code", "name");
	EXPECT_ROW(c, 2, "001", "first\nsecond\nthird");
	EXPECT_ROW(c, 5, "002", "x");
	EXPECT_END(c);
	csvin_close(c);
}
END_TEST

START_TEST(test_blank_lines)
{
	struct csvin *c = OPEN("\n\r\na,b\n\n\n1,2\n   \n\xe3\x80\x80\n,\n3,4",
	    NULL, 0);

	EXPECT_ROW(c, 3, "a", "b");
	EXPECT_ROW(c, 6, "1", "2");
	/* Only delimiters: an empty row, skipped too, but counted. */
	EXPECT_ROW(c, 10, "3", "4");
	EXPECT_END(c);
	ck_assert_int_eq(csvin_blank_rows(c), 1);
	csvin_close(c);
}
END_TEST

START_TEST(test_trim)
{
	struct csvin *c = OPEN("a,b,c,d,e\n"
	    "  000123 ,\xe3\x80\x80名称\xe3\x80\x80,\xc2\xa0x y\xc2\xa0,"
	    " \" q \" ,\t\xe3\x80\x80\t\n", NULL, 0);

	EXPECT_ROW(c, 1, "a", "b", "c", "d", "e");
	/* Leading zeros kept, inner spaces kept. */
	EXPECT_ROW(c, 2, "000123", "名称", "x y", "q", "");
	EXPECT_END(c);
	csvin_close(c);
}
END_TEST

START_TEST(test_stray_quotes)
{
	struct csvin *c;

	/* A quote inside an unquoted field is text. */
	c = OPEN("a,b\n1,abc\"def\n2,\"x\"\n", NULL, 0);
	EXPECT_ROW(c, 1, "a", "b");
	EXPECT_ROW(c, 2, "1", "abc\"def");
	EXPECT_ROW(c, 3, "2", "x");
	EXPECT_END(c);
	csvin_close(c);

	/* Text after a closing quote is refused, not swallowed. */
	c = OPEN("a,b\n1,2\n\"abc\"def,x\n3,\"y\"\n", NULL, 0);
	EXPECT_ROW(c, 1, "a", "b");
	EXPECT_ROW(c, 2, "1", "2");
	EXPECT_FAIL(c, CSVIN_EINPUT, "closing quote", 3);
	csvin_close(c);

	/* On the line where it is, not where the record starts. */
	c = OPEN("a,b\n\"x\ny\"z,1\n", NULL, 0);
	EXPECT_ROW(c, 1, "a", "b");
	EXPECT_FAIL(c, CSVIN_EINPUT, "closing quote", 3);
	csvin_close(c);
}
END_TEST

START_TEST(test_unterminated_quote)
{
	struct csvin *c;

	c = OPEN("a,b\n1,2\n3,\"abc\n4,5\n6,7\n", NULL, 0);
	EXPECT_ROW(c, 1, "a", "b");
	EXPECT_ROW(c, 2, "1", "2");
	EXPECT_FAIL(c, CSVIN_EINPUT, "unterminated quote", 3);
	csvin_close(c);

	c = OPEN("a,b\n\"", NULL, 0);
	EXPECT_ROW(c, 1, "a", "b");
	EXPECT_FAIL(c, CSVIN_EINPUT, "unterminated quote", 2);
	csvin_close(c);
}
END_TEST

START_TEST(test_unterminated_quote_big)
{
	/* Memory must not follow a missing quote to the end of the file. */
	size_t n = 3 * 1024 * 1024, i;
	struct csvin *c;
	char *b;

	b = malloc(n);
	ck_assert_ptr_nonnull(b);
	memcpy(b, "a,b\n1,\"x", 8);
	for (i = 8; i < n; i++)
		b[i] = i % 50 == 0 ? '\n' : 'x';
	c = open_mem(b, n, NULL, 0);
	EXPECT_ROW(c, 1, "a", "b");
	EXPECT_FAIL(c, CSVIN_EINPUT, "unterminated quote", 2);
	csvin_close(c);
	free(b);
}
END_TEST

/*
 * HEAD, BIG_ROWS rows "1,2" (more than a block), then TAIL, opened with
 * ENCODING by csvin_open_hash_as_read().
 */
#define BIG_ROWS	20000

static struct csvin *
open_big(const char *head, const char *tail, const char *encoding)
{
	size_t hn = strlen(head), tn = strlen(tail), n, i;
	const char *path;
	struct csvin *c;
	char *buf;

	n = hn + BIG_ROWS * 5 + tn;
	buf = malloc(n);
	ck_assert_ptr_nonnull(buf);
	memcpy(buf, head, hn);
	for (i = 0; i < BIG_ROWS; i++)
		memcpy(buf + hn + i * 5, "1,2\r\n", 5);
	memcpy(buf + hn + BIG_ROWS * 5, tail, tn);
	path = tu_write_temp(buf, n);
	free(buf);
	c = csvin_open_hash_as_read(path, encoding, 0);
	ck_assert_ptr_nonnull(c);
	unlink(path);
	return c;
}

/* Read C to its end or its error: the records read. */
static long
read_all(struct csvin *c)
{
	struct csvin_row row;
	long n = 0;

	while (csvin_next(c, &row) == 1)
		n++;
	return n;
}

#define UTF8_IS_NOT_GB "the file is UTF-8, not "
#define UTF8_WAY_OUT	"leave --encoding out, or give --encoding UTF-8"

/* A forced GB encoding on a file that is UTF-8 with Chinese: refused. */
START_TEST(test_gb_forced_on_utf8)
{
	static const char *const names[] = { "GBK", "gb18030", "CP936",
	    "GB2312", "euc-cn" };
	struct csvin *c;
	size_t i;
	char want[128];

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		c = OPEN("事项编码,b\n中,1\n", names[i], 0);
		snprintf(want, sizeof(want), UTF8_IS_NOT_GB "%s: " UTF8_WAY_OUT,
		    names[i]);
		EXPECT_OPEN_FAIL(c, CSVIN_EINPUT, want, 0);
		csvin_close(c);
	}
	/* ASCII is both: taken. */
	c = OPEN("a,b\n1,2\n", "GBK", 0);
	ck_assert_int_eq(csvin_error(c), CSVIN_OK);
	EXPECT_ROW(c, 1, "a", "b");
	EXPECT_ROW(c, 2, "1", "2");
	EXPECT_END(c);
	csvin_close(c);
	/* Not UTF-8 somewhere: it is GBK after all. */
	c = OPEN("a,b\n测试,1\n\xd6\xd0,2\n", "GBK", 0);
	ck_assert_int_eq(csvin_error(c), CSVIN_OK);
	EXPECT_ROW(c, 1, "a", "b");
	EXPECT_ROW(c, 2, "娴嬭瘯", "1");
	EXPECT_ROW(c, 3, "中", "2");
	EXPECT_END(c);
	csvin_close(c);

	/*
	 * Hashed as read, a file of more than a block is read by the first
	 * pass only to its header: the rest is checked as read, the records
	 * first, then the refusal, before csvin_next() says 0.
	 */
	c = open_big("a,b\r\n", "测试,1\r\n", "GB18030");
	ck_assert_int_eq(csvin_error(c), CSVIN_OK);
	ck_assert_int_eq(read_all(c), BIG_ROWS + 2);
	ck_assert_int_eq(csvin_error(c), CSVIN_EINPUT);
	ck_assert_str_eq(csvin_errmsg(c),
	    UTF8_IS_NOT_GB "GB18030: " UTF8_WAY_OUT);
	ck_assert_int_eq(csvin_errline(c), 0);
	csvin_close(c);
	c = open_big("a,b\r\n", "测试,1\r\n\xd6\xd0,2\r\n", "gbk");
	ck_assert_int_eq(read_all(c), BIG_ROWS + 3);
	ck_assert_int_eq(csvin_error(c), CSVIN_OK);
	csvin_close(c);
	/* Invalid in GBK, valid UTF-8: named as UTF-8. */
	c = OPEN("a,b\n1,中\n", "GBK", 0);
	EXPECT_OPEN_FAIL(c, CSVIN_EINPUT, UTF8_IS_NOT_GB "GBK", 0);
	csvin_close(c);
	/* Asked before the end (a header that maps to nothing). */
	c = open_big("名称,b\r\n", "", "GBK");
	ck_assert_int_eq(csvin_error(c), CSVIN_OK);
	ck_assert_int_eq(csvin_check_encoding(c), -1);
	ck_assert_int_eq(csvin_error(c), CSVIN_EINPUT);
	ck_assert_ptr_nonnull(strstr(csvin_errmsg(c), UTF8_IS_NOT_GB "GBK"));
	csvin_close(c);
	c = open_big("\xd6\xd0,b\r\n", "", "GBK");
	ck_assert_int_eq(csvin_check_encoding(c), 0);
	EXPECT_ROW(c, 1, "中", "b");
	EXPECT_ROW(c, 2, "1", "2");
	ck_assert_int_eq(read_all(c), BIG_ROWS - 1);
	ck_assert_int_eq(csvin_error(c), CSVIN_OK);
	csvin_close(c);
}
END_TEST

/* UTF-8 forced on a GB18030 file: the message says which one fits. */
START_TEST(test_utf8_forced_on_gb)
{
	struct csvin *c;

	c = OPEN("\xca\xc2\xcf\xee,b\n\xd6\xd0,1\n", "UTF-8", 0);
	EXPECT_OPEN_FAIL(c, CSVIN_EINPUT, "bytes invalid in UTF-8; the file "
	    "reads as GB18030: give --encoding GB18030, or leave --encoding "
	    "out", 1);
	csvin_close(c);
	c = open_big("a,b\r\n", "\xd6\xd0,1\r\n", "utf-8");
	ck_assert_int_eq(read_all(c), BIG_ROWS + 1);
	EXPECT_FAIL(c, CSVIN_EINPUT, "bytes invalid in utf-8; the file reads "
	    "as GB18030: give --encoding GB18030", BIG_ROWS + 2);
	csvin_close(c);
	/* Fits nothing: no hint. */
	c = OPEN("a,b\n\xff\xff,1\n", "UTF-8", 0);
	EXPECT_OPEN_FAIL(c, CSVIN_EINPUT, "bytes invalid in UTF-8", 2);
	ck_assert_ptr_null(strstr(csvin_errmsg(c), "reads as"));
	csvin_close(c);
}
END_TEST

/* Excel's empty rows are skipped and counted; blank lines only skipped. */
START_TEST(test_blank_rows)
{
	struct csvin *c = OPEN("a,b,c\r\n,,\r\n1,2,3\r\n\r\n , \"\" ,\r\n"
	    "4,5,6\r\n,,\r\n", NULL, 0);

	EXPECT_ROW(c, 1, "a", "b", "c");
	EXPECT_ROW(c, 3, "1", "2", "3");
	EXPECT_ROW(c, 6, "4", "5", "6");
	EXPECT_END(c);
	ck_assert_int_eq(csvin_blank_rows(c), 3);
	csvin_close(c);
}
END_TEST

/* A column with no name in the header must hold nothing. */
START_TEST(test_unnamed_columns)
{
	struct csvin *c = OPEN("a,,b,\r\n1,,2,\r\n3,x,4,\r\n5,y,6,z\r\n"
	    "7,w,8,\r\n", NULL, 0);
	struct csvin_row row;

	ck_assert_int_eq(csvin_next(c, &row), 1);
	ck_assert_int_eq(csvin_unnamed_columns(c, &row), 0);
	EXPECT_ROW(c, 2, "1", "", "2", "");
	ck_assert_int_eq(csvin_next(c, &row), 1);
	ck_assert_str_eq(row.error, "column 2 has no name in the header but "
	    "holds 'x': name the column, or delete it");
	/* Once for each column. */
	ck_assert_int_eq(csvin_next(c, &row), 1);
	ck_assert_ptr_nonnull(row.error);
	ck_assert_ptr_nonnull(strstr(row.error, "column 4 has no name"));
	ck_assert_int_eq(csvin_next(c, &row), 1);
	ck_assert_ptr_null(row.error);
	EXPECT_END(c);
	csvin_close(c);
}
END_TEST

START_TEST(test_invalid_bytes)
{
	struct csvin *c;

	/* Told UTF-8. */
	c = OPEN("a,b\n1,2\n\xff\xff,3\n", "UTF-8", 0);
	EXPECT_OPEN_FAIL(c, CSVIN_EINPUT, "bytes invalid in UTF-8", 3);
	csvin_close(c);

	/* Not told: neither UTF-8 nor GB18030. */
	c = OPEN("a,b\r\n1,2\r\n\r\n\xff\xff,3\r\n", NULL, 0);
	EXPECT_OPEN_FAIL(c, CSVIN_EINPUT,
	    "bytes invalid in UTF-8 and GB18030", 4);
	csvin_close(c);

	/* GB18030 with one bad byte: its line, not UTF-8's first failure. */
	c = OPEN("\xca\xc2\xcf\xee\xb1\xe0\xc2\xeb,b\n\xd6\xd0,1\n\xd6\xd0,2\n"
	    "\x80,3\n", NULL, 0);
	EXPECT_OPEN_FAIL(c, CSVIN_EINPUT,
	    "bytes invalid in UTF-8 and GB18030", 4);
	csvin_close(c);

	/* UTF-8 with one bad byte: likewise. */
	c = OPEN("名称,b\n中,1\n中,2\n中,3\xff\n", NULL, 0);
	EXPECT_OPEN_FAIL(c, CSVIN_EINPUT,
	    "bytes invalid in UTF-8 and GB18030", 4);
	csvin_close(c);

	/* Told GB18030. */
	c = OPEN("a,b\n\xd6\xd0\xff,1\n", "GB18030", 0);
	EXPECT_OPEN_FAIL(c, CSVIN_EINPUT, "bytes invalid in GB18030", 2);
	csvin_close(c);

	/* Cut short at the end. */
	c = OPEN("a,b\n\xe4\xb8", "UTF-8", 0);
	EXPECT_OPEN_FAIL(c, CSVIN_EINPUT, "bytes invalid in UTF-8", 2);
	csvin_close(c);

	/* A lone surrogate in UTF-16LE, on the line after a CR. */
	c = OPEN("\xff\xfe" "a\0,\0b\0\r\0" "\x00\xd8" "1\0", NULL, 0);
	EXPECT_OPEN_FAIL(c, CSVIN_EINPUT, "bytes invalid in UTF-16LE", 2);
	csvin_close(c);
}
END_TEST

START_TEST(test_nul)
{
	struct csvin *c;

	c = OPEN("a,b\n1,2\n\"x\ny\",\0z\n", NULL, 0);
	EXPECT_OPEN_FAIL(c, CSVIN_EINPUT, "NUL byte", 4);
	csvin_close(c);

	c = OPEN("a,b\r\n\0", "GB18030", 0);
	EXPECT_OPEN_FAIL(c, CSVIN_EINPUT, "NUL byte", 2);
	csvin_close(c);
}
END_TEST

/* A field of N copies of the UTF-8 character CH, then ",x\n". */
static char *
long_field(const char *ch, size_t n, size_t *len)
{
	size_t cl = strlen(ch), i;
	char *b;

	b = malloc(n * cl + 4);
	ck_assert_ptr_nonnull(b);
	for (i = 0; i < n; i++)
		memcpy(b + i * cl, ch, cl);
	memcpy(b + n * cl, ",x\n", 4);
	*len = n * cl + 3;
	return b;
}

START_TEST(test_field_too_long)
{
	const char hdr[] = "a,b\n", tail[] = "y,z\n";
	struct csvin_row row;
	struct csvin *c;
	size_t flen, len;
	char *f, *b;

	/* 32768 characters, 3 bytes each: over.  Then the next row is fine. */
	f = long_field("中", CSVIN_FIELD_MAX + 1, &flen);
	len = sizeof(hdr) - 1 + flen + sizeof(tail) - 1;
	b = malloc(len);
	ck_assert_ptr_nonnull(b);
	memcpy(b, hdr, sizeof(hdr) - 1);
	memcpy(b + sizeof(hdr) - 1, f, flen);
	memcpy(b + sizeof(hdr) - 1 + flen, tail, sizeof(tail) - 1);
	c = open_mem(b, len, NULL, 0);
	EXPECT_ROW(c, 1, "a", "b");
	ck_assert_int_eq(csvin_next(c, &row), 1);
	ck_assert_int_eq(row.line, 2);
	ck_assert_ptr_nonnull(row.error);
	ck_assert_str_eq(row.error, "field 1 over 32767 characters");
	ck_assert_uint_eq(row.nfield, 2);
	ck_assert_uint_eq(row.len[0], 3 * (CSVIN_FIELD_MAX + 1));
	ck_assert_str_eq(row.field[1], "x");
	EXPECT_ROW(c, 3, "y", "z");
	EXPECT_END(c);
	csvin_close(c);
	free(b);
	free(f);

	/* Exactly 32767 characters (98301 bytes) is fine. */
	f = long_field("中", CSVIN_FIELD_MAX, &flen);
	c = open_mem(f, flen, NULL, 0);
	ck_assert_int_eq(csvin_next(c, &row), 1);
	ck_assert_ptr_null(row.error);
	ck_assert_uint_eq(row.len[0], 3 * CSVIN_FIELD_MAX);
	csvin_close(c);
	free(f);

	/* Characters, not bytes, in the second field. */
	f = long_field("a", CSVIN_FIELD_MAX + 1, &flen);
	b = malloc(flen + 2);
	ck_assert_ptr_nonnull(b);
	memcpy(b, "1,", 2);
	memcpy(b + 2, f, flen);
	c = open_mem(b, flen + 2, NULL, 0);
	ck_assert_int_eq(csvin_next(c, &row), 1);
	ck_assert_ptr_nonnull(row.error);
	ck_assert_str_eq(row.error, "field 2 over 32767 characters");
	csvin_close(c);
	free(b);
	free(f);
}
END_TEST

START_TEST(test_empty_file)
{
	struct csvin *c;

	c = OPEN("", NULL, 0);
	EXPECT_OPEN_FAIL(c, CSVIN_EINPUT, "empty file", 0);
	csvin_close(c);

	c = OPEN("\xef\xbb\xbf", NULL, 0);
	EXPECT_OPEN_FAIL(c, CSVIN_EINPUT, "empty file", 0);
	csvin_close(c);

	c = OPEN("\xff\xfe", NULL, 0);
	EXPECT_OPEN_FAIL(c, CSVIN_EINPUT, "empty file", 0);
	csvin_close(c);

	c = OPEN("\r\n\r\n\n \n", NULL, 0);
	EXPECT_OPEN_FAIL(c, CSVIN_EINPUT, "empty file", 0);
	csvin_close(c);

	/* Blank only once trimmed: found by the first csvin_next(). */
	c = OPEN("\xe3\x80\x80\n\n", NULL, 0);
	ck_assert_int_eq(csvin_error(c), CSVIN_OK);
	EXPECT_FAIL(c, CSVIN_EINPUT, "empty file", 0);
	csvin_close(c);
}
END_TEST

START_TEST(test_missing_file)
{
	struct csvin *c;

	c = csvin_open("/nonexistent/powers-test.csv", NULL, 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(csvin_error(c), CSVIN_EIO);
	ck_assert_str_eq(csvin_errmsg(c), strerror(ENOENT));
	ck_assert_int_eq(csvin_errline(c), 0);
	EXPECT_FAIL(c, CSVIN_EIO, strerror(ENOENT), 0);
	csvin_close(c);

	/* A folder or a device is refused before it is read. */
	c = csvin_open("/", NULL, 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(csvin_error(c), CSVIN_EINPUT);
	ck_assert_str_eq(csvin_errmsg(c), "is a folder, not a regular file");
	csvin_close(c);
	c = csvin_open("/dev/zero", NULL, 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(csvin_error(c), CSVIN_EINPUT);
	ck_assert_str_eq(csvin_errmsg(c),
	    "is a character device, not a regular file");
	csvin_close(c);

	csvin_close(NULL);
}
END_TEST

START_TEST(test_unknown_encoding)
{
	struct csvin *c = OPEN("a,b\n", "NO-SUCH-ENCODING-42", 0);

	EXPECT_OPEN_FAIL(c, CSVIN_EARG, "unknown encoding", 0);
	csvin_close(c);
}
END_TEST

START_TEST(test_sha256_and_progress)
{
	struct csvin_row row;
	struct csvin *c;

	c = OPEN("abc", NULL, 0);
	ck_assert_str_eq(csvin_sha256(c),
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ck_assert_int_eq(csvin_size(c), 3);
	ck_assert_int_eq(csvin_offset(c), 0);
	ck_assert_int_eq(csvin_next(c, &row), 1);
	ck_assert_str_eq(row.field[0], "abc");
	ck_assert_int_eq(csvin_offset(c), 3);
	csvin_close(c);

	/* Of the bytes, BOM and all, not of the text. */
	c = OPEN("\xef\xbb\xbf" "abc", NULL, 0);
	ck_assert_str_ne(csvin_sha256(c),
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ck_assert_int_eq(csvin_size(c), 6);
	csvin_close(c);
}
END_TEST

/*
 * A file of a header and NROW rows "NNNNNN<d>TEXT<eol>", the header padded
 * with PAD spaces (trimmed away) to move the rows against the block
 * boundaries.  In UTF-8; *LEN gets the length.  Caller frees.
 */
static char *
make_rows(size_t pad, size_t nrow, const char *text, char d, const char *eol,
    size_t *len)
{
	size_t cap = 64 + pad + nrow * (16 + strlen(text) + 2), n = 0, i;
	char *b;

	b = malloc(cap);
	ck_assert_ptr_nonnull(b);
	memset(b, ' ', pad);
	n = pad;
	n += snprintf(b + n, cap - n, "code%cname%s", d, eol);
	for (i = 0; i < nrow; i++)
		n += snprintf(b + n, cap - n, "%06zu%c%s%s", i + 1, d, text,
		    eol);
	*len = n;
	return b;
}

/* Read back what make_rows() wrote. */
static void
expect_rows(int at, struct csvin *c, size_t nrow, const char *text,
    long lines_per_row)
{
	char code[32];
	size_t i;

	expect_row(at, c, 1, (const char *const []){ "code", "name", NULL });
	for (i = 0; i < nrow; i++) {
		snprintf(code, sizeof(code), "%06zu", i + 1);
		expect_row(at, c, 2 + (long)i * lines_per_row,
		    (const char *const []){ code, text, NULL });
	}
	expect_end(at, c);
	ck_assert_int_eq(csvin_offset(c), csvin_size(c));
}

/* Whether byte BOUNDARY of UTF-8 B is inside a character. */
static int
utf8_cut(const char *b, size_t len, size_t boundary)
{
	return boundary < len && ((unsigned char)b[boundary] & 0xc0) == 0x80;
}

/* Whether byte BOUNDARY of GB18030 B is inside a character. */
static int
gb_cut(const char *b, size_t len, size_t boundary)
{
	const unsigned char *u = (const unsigned char *)b;
	size_t i = 0, w;

	while (i < len && i < boundary) {
		if (u[i] < 0x80)
			w = 1;
		else if (i + 1 < len && u[i + 1] >= 0x30 && u[i + 1] <= 0x39)
			w = 4;
		else
			w = 2;
		if (i + w > boundary)
			return 1;
		i += w;
	}
	return 0;
}

#define BLOCK_BOUNDARY	65536	/* csvin.c's BLOCK */

START_TEST(test_block_boundary_utf8)
{
	/* Quoted, so that a comma can sit in the name. */
	const char *text = "\"中文😀,x\"";
	struct csvin *c;
	size_t pad, len, nrow = 6000;
	char *b;
	int cut = 0;

	for (pad = 0; pad < 8; pad++) {
		b = make_rows(pad, nrow, text, ',', "\r\n", &len);
		ck_assert_uint_gt(len, 2 * BLOCK_BOUNDARY);
		cut |= utf8_cut(b, len, BLOCK_BOUNDARY);
		c = open_mem(b, len, NULL, 0);
		ck_assert_str_eq(csvin_encoding(c), "UTF-8");
		expect_rows(__LINE__, c, nrow, "中文😀,x", 1);
		csvin_close(c);
		free(b);
	}
	ck_assert_msg(cut, "no character cut by the block boundary");
}
END_TEST

START_TEST(test_block_boundary_crlf)
{
	struct csvin *c;
	size_t pad, len, nrow = 5000;
	char *b;
	int seen = 0;

	/* Every pad puts a different byte of the rows at the boundary. */
	for (pad = 0; pad < 20; pad++) {
		b = make_rows(pad, nrow, "\"two\r\nlines\"", ',', "\r\n", &len);
		if (b[BLOCK_BOUNDARY - 1] == '\r' && b[BLOCK_BOUNDARY] == '\n')
			seen = 1;
		c = open_mem(b, len, NULL, 0);
		expect_rows(__LINE__, c, nrow, "two\r\nlines", 2);
		csvin_close(c);
		free(b);
	}
	ck_assert_msg(seen, "no CRLF cut by the block boundary");
}
END_TEST

START_TEST(test_block_boundary_gb18030)
{
	/* 中文 (2 bytes each), 😀 (4 bytes): "中文😀" in GB18030. */
	const char *gb = "\xd6\xd0\xce\xc4\x94" "9" "\xfc" "6";
	struct csvin *c;
	size_t pad, len, nrow = 9000;
	char *b;
	int cut = 0;

	for (pad = 0; pad < 16; pad++) {
		b = make_rows(pad, nrow, gb, ',', "\n", &len);
		ck_assert_uint_gt(len, BLOCK_BOUNDARY);
		cut |= gb_cut(b, len, BLOCK_BOUNDARY);
		c = open_mem(b, len, NULL, 0);
		ck_assert_str_eq(csvin_encoding(c), "GB18030");
		expect_rows(__LINE__, c, nrow, "中文😀", 1);
		csvin_close(c);
		free(b);
	}
	ck_assert_msg(cut, "no character cut by the block boundary");
}
END_TEST

START_TEST(test_block_boundary_utf16)
{
	struct csvin *c;
	size_t pad, len, u8len, nrow = 4000;
	char *u8, *b;
	unsigned char hi;
	int cut = 0;

	for (pad = 0; pad < 13; pad++) {
		u8 = make_rows(pad, nrow, "中😀文", '\t', "\r\n", &u8len);
		b = to_utf16(u8, u8len, 0, 1, &len);
		ck_assert_uint_gt(len, BLOCK_BOUNDARY);
		/* A high surrogate just before the boundary, its pair after. */
		hi = (unsigned char)b[BLOCK_BOUNDARY - 1];
		cut |= hi >= 0xd8 && hi <= 0xdb;
		c = open_mem(b, len, NULL, 0);
		ck_assert_str_eq(csvin_encoding(c), "UTF-16LE");
		ck_assert_str_eq(csvin_dialect(c), "tab, CRLF");
		expect_rows(__LINE__, c, nrow, "中😀文", 1);
		csvin_close(c);
		free(b);
		free(u8);
	}
	ck_assert_msg(cut, "no surrogate pair cut by the block boundary");
}
END_TEST

/* A header row made by hand. */
static void
make_header(struct csvin_row *row, char **names, size_t *lens, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		lens[i] = strlen(names[i]);
	row->line = 1;
	row->nfield = n;
	row->field = names;
	row->len = lens;
	row->error = NULL;
}

static const struct csvin_col cols[] = {
	{ "code", "事项编码", 1 },
	{ "name", "事项名称", 1 },
	{ "note", "备注", 0 },
};
#define NCOL	(sizeof(cols) / sizeof(cols[0]))

/* Map the header NAMES (NULL-terminated); *ERR gets the reason. */
static int
map(const char *const *names, int ignore, int *index, char *err,
    size_t errsz)
{
	struct csvin_row row;
	char store[16][64], *fields[16];
	size_t lens[16], n;

	for (n = 0; names[n] != NULL; n++) {
		ck_assert_uint_lt(n, 16);
		ck_assert_uint_lt(strlen(names[n]), sizeof(store[n]));
		strcpy(store[n], names[n]);
		fields[n] = store[n];
	}
	make_header(&row, fields, lens, n);
	err[0] = '\0';
	return csvin_map_header(&row, cols, NCOL, ignore, index, err, errsz);
}

#define NAMES(...)	((const char *const []){ __VA_ARGS__, NULL })

START_TEST(test_map_header)
{
	int index[NCOL];
	char err[128];

	/* English, any case. */
	ck_assert_int_eq(map(NAMES("code", "Name", "NOTE"), 0, index, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(index[0], 0);
	ck_assert_int_eq(index[1], 1);
	ck_assert_int_eq(index[2], 2);

	/* Chinese, in another order, the optional column absent. */
	ck_assert_int_eq(map(NAMES("事项名称", "事项编码"), 0, index, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(index[0], 1);
	ck_assert_int_eq(index[1], 0);
	ck_assert_int_eq(index[2], -1);

	/* Mixed, with spaces around. */
	ck_assert_int_eq(map(NAMES("备注", " code ", "\xe3\x80\x80事项名称"), 0,
	    index, err, sizeof(err)), 0);
	ck_assert_int_eq(index[0], 1);
	ck_assert_int_eq(index[1], 2);
	ck_assert_int_eq(index[2], 0);

	ck_assert_int_eq(map(NAMES("code", "备注"), 0, index, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "missing column 'name' (事项名称)");

	ck_assert_int_eq(map(NAMES("code", "name", "备考"), 0, index, err,
	    sizeof(err)), -1);
	/* The nearest name, then the columns (cut here by ERR's size). */
	ck_assert_msg(strncmp(err, "unknown column '备考' (did you mean "
	    "'备注'?); the columns: code/事项编码", strlen("unknown column "
	    "'备考' (did you mean '备注'?); the columns: code/事项编码")) == 0,
	    "got '%s'", err);

	ck_assert_int_eq(map(NAMES("备考", "code", "name"), 1, index, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(index[0], 1);
	ck_assert_int_eq(index[1], 2);
	ck_assert_int_eq(index[2], -1);

	ck_assert_int_eq(map(NAMES("code", "name", "事项编码"), 0, index, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "column 'code' twice");

	ck_assert_int_eq(map(NAMES("code", "name", "CODE"), 1, index, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "column 'code' twice");

	/*
	 * Excel's empty trailing column: mapped to nothing; its cells must
	 * stay empty (csvin_unnamed_columns()).
	 */
	ck_assert_int_eq(map(NAMES("code", "name", ""), 0, index, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(index[0], 0);
	ck_assert_int_eq(index[1], 1);
	ck_assert_int_eq(index[2], -1);
	ck_assert_int_eq(map(NAMES("code", "name", ""), 1, index, err,
	    sizeof(err)), 0);

	/* Only whole names match. */
	ck_assert_int_eq(map(NAMES("cod", "name"), 0, index, err,
	    sizeof(err)), -1);
	ck_assert_msg(strncmp(err, "unknown column 'cod' (did you mean "
	    "'code'?)", strlen("unknown column 'cod' (did you mean "
	    "'code'?)")) == 0, "got '%s'", err);
	ck_assert_int_eq(map(NAMES("codes", "name"), 0, index, err,
	    sizeof(err)), -1);
	ck_assert_msg(strncmp(err, "unknown column 'codes' (did you mean "
	    "'code'?)", strlen("unknown column 'codes' (did you mean "
	    "'code'?)")) == 0, "got '%s'", err);
}
END_TEST

START_TEST(test_map_header_from_file)
{
	struct csvin_row row;
	struct csvin *c;
	int index[NCOL];
	char err[128];

	c = OPEN(SAMPLE_GB18030, NULL, 0);
	ck_assert_int_eq(csvin_next(c, &row), 1);
	ck_assert_int_eq(csvin_map_header(&row, cols, NCOL, 0, index, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(index[0], 0);
	ck_assert_int_eq(index[1], 1);
	ck_assert_int_eq(index[2], 2);
	csvin_close(c);
}
END_TEST

Suite *
csvin_suite(void)
{
	Suite *s = suite_create("csvin");
	TCase *tc;

	tc = tcase_create("encodings");
	tcase_add_test(tc, test_utf8);
	tcase_add_test(tc, test_utf8_bom);
	tcase_add_test(tc, test_utf8_bom_given);
	tcase_add_test(tc, test_gb18030);
	tcase_add_test(tc, test_gbk_given);
	tcase_add_test(tc, test_gb_forced_on_utf8);
	tcase_add_test(tc, test_blank_rows);
	tcase_add_test(tc, test_unnamed_columns);
	tcase_add_test(tc, test_utf8_forced_on_gb);
	tcase_add_test(tc, test_utf16le_bom_tab);
	tcase_add_test(tc, test_utf16be);
	tcase_add_test(tc, test_ascii_is_utf8);
	suite_add_tcase(s, tc);

	tc = tcase_create("dialect");
	tcase_add_test(tc, test_line_ends);
	tcase_add_test(tc, test_delimiter_detect);
	tcase_add_test(tc, test_delimiter_given);
	tcase_add_test(tc, test_quoted);
	tcase_add_test(tc, test_excel_cell_breaks);
	tcase_add_test(tc, test_blank_lines);
	tcase_add_test(tc, test_trim);
	tcase_add_test(tc, test_stray_quotes);
	suite_add_tcase(s, tc);

	tc = tcase_create("refusals");
	tcase_add_test(tc, test_unterminated_quote);
	tcase_add_test(tc, test_unterminated_quote_big);
	tcase_add_test(tc, test_invalid_bytes);
	tcase_add_test(tc, test_nul);
	tcase_add_test(tc, test_field_too_long);
	tcase_add_test(tc, test_empty_file);
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_unknown_encoding);
	suite_add_tcase(s, tc);

	tc = tcase_create("stream");
	/* Megabytes under the sanitizers: more than the default 4 s. */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_sha256_and_progress);
	tcase_add_test(tc, test_block_boundary_utf8);
	tcase_add_test(tc, test_block_boundary_crlf);
	tcase_add_test(tc, test_block_boundary_gb18030);
	tcase_add_test(tc, test_block_boundary_utf16);
	suite_add_tcase(s, tc);

	tc = tcase_create("header");
	tcase_add_test(tc, test_map_header);
	tcase_add_test(tc, test_map_header_from_file);
	suite_add_tcase(s, tc);
	return s;
}
