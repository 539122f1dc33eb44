/*
 * Reading a sheet ahead in a thread (sheet_ahead_*): the rows, their
 * resolved fields and hashes, the errors and how reading ended are those
 * of reading in line, whatever the batches and their bounds; stopping
 * early leaves nothing behind.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "hash.h"
#include "sheet.h"
#include "testutil.h"

static const struct csvin_col cols[3] = {
	{ "code", "编码", 1 },
	{ "name", "名称", 1 },
	{ "note", "备注", 0 },
};

static const struct cmd test_cmd = { "import", NULL, OPEN_NONE, "", "", NULL };

/*
 * Good unless the code ends in 7; resolved into the code and the name,
 * hashed.  Errors through CTX, silent or aloud as it says.
 */
static int
check(struct sheet *ctx, const struct csvin_row *row, struct sheet_row *out,
    void *arg)
{
	size_t n;

	(void)arg;
	if (sheet_check_shape(ctx, row, cols, 3) != 0)
		return -1;
	out->field[0] = sheet_field(ctx, row, 0);
	out->field[1] = sheet_field(ctx, row, 1);
	n = strlen(out->field[0]);
	if (n > 0 && out->field[0][n - 1] == '7') {
		sheet_error(ctx, row->line, "code '%s' ends in 7",
		    out->field[0]);
		return -1;
	}
	if (hash_fields("test", NULL, out->field, 2, out->hash) != 0)
		out->failed = 1;
	return 0;
}

/* What reading a file gave: a digest of every row, and how it ended. */
struct result {
	unsigned char	digest[HASH_LEN];
	long		rows, errors, last_line;
	int		end, status;
};

static void
read_all(const char *path, long long min_bytes, long stop_after,
    struct result *res)
{
	struct sheet_opts opts = { .file = path, .ignore_unknown = 1 };
	struct sheet ctx = { .opts = &opts };
	struct sheet_row r;
	char line[32], hex[HASH_HEX_LEN + 1];
	const char *f[4];
	int got;

	memset(res, 0, sizeof(*res));
	current_cmd = &test_cmd;
	ck_assert_int_eq(sheet_open(&ctx, cols, 3), -1);
	ck_assert_int_eq(sheet_ahead_start(&ctx, check, NULL, min_bytes), -1);
	while ((got = sheet_ahead_next(&ctx, &r)) == 1) {
		ck_assert_int_eq(r.failed, 0);
		ck_assert_int_gt(r.line, res->last_line);
		ck_assert_int_gt(r.offset, 0);
		snprintf(line, sizeof(line), "%ld", r.line);
		hash_hex(r.hash, hex);
		f[0] = line;
		f[1] = r.field[0];
		f[2] = r.field[1];
		f[3] = hex;
		ck_assert_int_eq(hash_fields("row", res->digest, f, 4,
		    res->digest), 0);
		res->rows++;
		res->last_line = r.line;
		if (res->rows == stop_after)
			break;
	}
	res->end = got;
	if (got < 0)
		res->status = sheet_ahead_failed(&ctx);
	res->errors = ctx.errors;
	sheet_close(&ctx);
}

/* The same file read in line and in a thread gives the same. */
static void
assert_same(const char *path)
{
	struct result in_line, ahead;

	read_all(path, 1LL << 62, 0, &in_line);
	read_all(path, 0, 0, &ahead);
	ck_assert_int_eq(ahead.rows, in_line.rows);
	ck_assert_int_eq(ahead.errors, in_line.errors);
	ck_assert_int_eq(ahead.end, in_line.end);
	ck_assert_int_eq(ahead.status, in_line.status);
	ck_assert_int_eq(ahead.last_line, in_line.last_line);
	ck_assert_int_eq(memcmp(ahead.digest, in_line.digest, HASH_LEN), 0);
}

/*
 * A file of N rows: every tenth bad (code ending in 7), one of the wrong
 * width, one with a field of BIG bytes (over a batch, and over what a
 * cell holds: an error), quoted line breaks in the note; TAIL ends it.
 */
static const char *
make_file(int n, size_t big, const char *tail)
{
	size_t cap = (size_t)n * 64 + big + 1024, len = 0;
	char *buf = malloc(cap);
	const char *path;
	int i;

	ck_assert_ptr_nonnull(buf);
	len += (size_t)snprintf(buf + len, cap - len, "编码,名称,备注\r\n");
	for (i = 0; i < n; i++) {
		if (i == n / 3)
			len += (size_t)snprintf(buf + len, cap - len,
			    "W%05d,too,wide,row\r\n", i);
		else if (i == n / 2 && big > 0) {
			len += (size_t)snprintf(buf + len, cap - len,
			    "B%05d,", i);
			memset(buf + len, 'x', big);
			len += big;
			len += (size_t)snprintf(buf + len, cap - len, ",\r\n");
		} else
			len += (size_t)snprintf(buf + len, cap - len,
			    "C%05d,名称%d,\"备注\n%d\"\r\n", i, i, i);
	}
	len += (size_t)snprintf(buf + len, cap - len, "%s", tail);
	path = tu_write_temp(buf, len);
	free(buf);
	return path;
}

START_TEST(test_ahead_same_as_in_line)
{
	/* Over 512 rows a batch, around the ring of batches. */
	const char *path = make_file(5000, 0, "");

	assert_same(path);
	unlink(path);
}
END_TEST

START_TEST(test_ahead_big_row)
{
	/* A row larger than a batch's text: a batch of its own. */
	const char *path = make_file(3000, 700 * 1024, "L9,last,\r\n");

	assert_same(path);
	unlink(path);
}
END_TEST

START_TEST(test_ahead_reader_fails)
{
	struct result res;
	const char *path = make_file(2000, 0, "Q1,\"unterminated\r\n");

	assert_same(path);
	read_all(path, 0, 0, &res);
	ck_assert_int_eq(res.end, -1);
	ck_assert_int_eq(res.status, EXIT_INPUT);
	unlink(path);
}
END_TEST

START_TEST(test_ahead_fixture)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/fixtures/units.csv", tu_top());
	assert_same(path);
}
END_TEST

START_TEST(test_ahead_stop_early)
{
	struct result res;
	const char *path;

	/* The thread is stopped and joined mid-file; ASan finds a leak. */
	path = make_file(5000, 0, "");
	read_all(path, 0, 700, &res);
	ck_assert_int_eq(res.rows, 700);
	unlink(path);
	path = make_file(100, 0, "");
	read_all(path, 0, 1, &res);
	ck_assert_int_eq(res.rows, 1);
	unlink(path);
}
END_TEST

static void
quiet_stderr(void)
{
	/* The rows checked aloud report: not for the test's output. */
	ck_assert_ptr_nonnull(freopen("/dev/null", "w", stderr));
}

Suite *
sheet_suite(void)
{
	Suite *s = suite_create("sheet");
	TCase *tc = tcase_create("ahead");

	tcase_add_checked_fixture(tc, quiet_stderr, NULL);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_ahead_same_as_in_line);
	tcase_add_test(tc, test_ahead_big_row);
	tcase_add_test(tc, test_ahead_reader_fails);
	tcase_add_test(tc, test_ahead_fixture);
	tcase_add_test(tc, test_ahead_stop_early);
	suite_add_tcase(s, tc);
	return s;
}
