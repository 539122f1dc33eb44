/*
 * The shared strings of a workbook (src/read/xlsxin_sst.c): strings past
 * the memory budget go to a scratch file and come back the same, asked
 * for in order, backwards, at random, across the marks and the windows,
 * and longer than a window; and the scratch file is not left behind.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "xlsxin_sst.h"

/* String I: its number, then I % 97 more letters, some of them CJK. */
static const char *
text_of(size_t i, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%zu:", i);
	size_t k;

	for (k = 0; k < i % 97 && (size_t)n + 4 < size; k++)
		n += snprintf(buf + n, size - (size_t)n, "%s",
		    k % 3 ? "x" : "事");
	return buf;
}

/* A store of N strings with a budget of BUDGET bytes. */
static void
fill(struct sst *s, size_t n, size_t budget)
{
	char buf[512];
	size_t i;

	sst_init(s, budget);
	for (i = 0; i < n; i++) {
		text_of(i, buf, sizeof(buf));
		ck_assert_int_eq(sst_add(s, buf, strlen(buf)), 0);
	}
	ck_assert_uint_eq(s->n, n);
}

static void
expect(struct sst *s, size_t i)
{
	char want[512];
	const char *got = sst_get(s, i);

	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, text_of(i, want, sizeof(want)));
}

START_TEST(test_in_memory)
{
	struct sst s;
	size_t i;

	fill(&s, 1000, SST_MEMORY);
	ck_assert_int_eq(s.fd, -1);	/* nothing spilled */
	for (i = 0; i < 1000; i++)
		expect(&s, 999 - i);
	sst_free(&s);
}
END_TEST

START_TEST(test_spilled)
{
	const size_t n = 50000;
	struct sst s;
	size_t i;

	/* 4 KiB in memory: the first few dozen; the rest on the file. */
	fill(&s, n, 4096);
	ck_assert_int_ne(s.fd, -1);
	ck_assert_uint_lt(s.nmem, 200);
	ck_assert_uint_gt(s.nmem, 10);
	for (i = 0; i < n; i++)	/* in order, as a sheet asks */
		expect(&s, i);
	for (i = n; i-- > 0;)	/* backwards: every walk from a mark */
		expect(&s, i);
	srand(16);
	for (i = 0; i < 20000; i++)	/* at random */
		expect(&s, (size_t)rand() % n);
	/* The same one twice, and a memory one between spilled ones. */
	expect(&s, n - 1);
	expect(&s, n - 1);
	expect(&s, 0);
	expect(&s, n / 2);
	sst_free(&s);
}
END_TEST

/* A string longer than a window spans several, and comes back whole. */
START_TEST(test_longer_than_a_window)
{
	const size_t len = 3 * SST_WINDOW + 123;
	char *big = malloc(len + 1);
	const char *got;
	struct sst s;
	size_t i;

	ck_assert_ptr_nonnull(big);
	for (i = 0; i < len; i++)
		big[i] = (char)('a' + i % 26);
	big[len] = '\0';
	sst_init(&s, 16);
	ck_assert_int_eq(sst_add(&s, "before", 6), 0);
	ck_assert_int_eq(sst_add(&s, big, len), 0);
	ck_assert_int_eq(sst_add(&s, "", 0), 0);
	ck_assert_int_eq(sst_add(&s, "after", 5), 0);
	ck_assert_str_eq(sst_get(&s, 3), "after");
	got = sst_get(&s, 1);
	ck_assert_ptr_nonnull(got);
	ck_assert_uint_eq(strlen(got), len);
	ck_assert_int_eq(memcmp(got, big, len), 0);
	ck_assert_str_eq(sst_get(&s, 2), "");
	ck_assert_str_eq(sst_get(&s, 0), "before");
	sst_free(&s);
	free(big);
}
END_TEST

/* Entries of DIR whose names begin with "powers-strings". */
static int
scratch_files(const char *dir)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		n += strncmp(e->d_name, "powers-strings", 14) == 0;
	closedir(d);
	return n;
}

/* The file is made in $TMPDIR and unlinked at once. */
START_TEST(test_scratch_in_tmpdir)
{
	char dir[] = "/tmp/check_sst.XXXXXX";
	char *old = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;
	struct sst s;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	setenv("TMPDIR", dir, 1);
	fill(&s, 500, 64);
	ck_assert_int_ne(s.fd, -1);
	ck_assert_str_eq(s.dir, dir);
	ck_assert_int_eq(scratch_files(dir), 0);
	expect(&s, 499);
	sst_free(&s);
	/* A folder that cannot be written: the add says so. */
	setenv("TMPDIR", "/nonexistent/powers", 1);
	sst_init(&s, 16);
	ck_assert_int_eq(sst_add(&s, "0123456789abcdef", 16), -1);
	sst_free(&s);
	if (old != NULL)
		setenv("TMPDIR", old, 1);
	else
		unsetenv("TMPDIR");
	free(old);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

Suite *
sst_suite(void)
{
	Suite *s = suite_create("sst");
	TCase *tc = tcase_create("sst");

	tcase_add_test(tc, test_in_memory);
	tcase_add_test(tc, test_spilled);
	tcase_add_test(tc, test_longer_than_a_window);
	tcase_add_test(tc, test_scratch_in_tmpdir);
	suite_add_tcase(s, tc);
	return s;
}
