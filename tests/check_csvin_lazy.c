/*
 * csvin_open_hash_as_read() against csvin_open(): on files of certain
 * encoding, many blocks long, valid or not, both give the same records,
 * encoding, dialect and SHA-256, and fail with the same error on the same
 * line; the one reading lazily hands out the records before the error
 * first, and knows the hash only at the end.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvin.h"
#include "hash.h"
#include "testutil.h"

/* A growable buffer of bytes. */
struct buf {
	char	*p;
	size_t	 n, cap;
};

static void
put(struct buf *b, const void *s, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2;
		b->p = realloc(b->p, b->cap);
		ck_assert_ptr_nonnull(b->p);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

static void
puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/*
 * A UTF-8 sheet, with a BOM when NAME is NULL: a header, then ROWS rows
 * "N,名称N,备注", or with NAME in place of 名称; at line BAD_LINE (0:
 * none) the bytes BAD (BADLEN of them) in the name.
 */
static void
sheet_named(struct buf *b, const char *name, long rows, long bad_line,
    const char *bad, size_t badlen, const char *eol)
{
	char line[128];
	long i;

	if (name == NULL)
		puts_(b, "\xef\xbb\xbf");
	puts_(b, "code,name,note");
	puts_(b, eol);
	for (i = 1; i <= rows; i++) {
		snprintf(line, sizeof(line), "%06ld,%s%ld", i,
		    name != NULL ? name : "名称", i);
		puts_(b, line);
		if (i + 1 == bad_line)
			put(b, bad, badlen);
		puts_(b, ",备注");
		puts_(b, eol);
	}
}

static void
sheet(struct buf *b, long rows, long bad_line, const char *bad,
    size_t badlen, const char *eol)
{
	sheet_named(b, NULL, rows, bad_line, bad, badlen, eol);
}

/* What reading a whole file gave: its records, then how it ended. */
struct outcome {
	struct buf	 rows;		/* "line|f1|f2|...\n" each */
	long		 nrows;
	enum csvin_err	 err;
	char		 msg[256];
	long		 line;
	char		 encoding[64], dialect[48], sha256[65];
};

static void
read_all(struct csvin *c, struct outcome *o)
{
	struct csvin_row row;
	char num[32];
	size_t i;
	int rv;

	memset(o, 0, sizeof(*o));
	while ((rv = csvin_next(c, &row)) == 1) {
		snprintf(num, sizeof(num), "%ld", row.line);
		puts_(&o->rows, num);
		for (i = 0; i < row.nfield; i++) {
			puts_(&o->rows, "|");
			puts_(&o->rows, row.field[i]);
		}
		puts_(&o->rows, "\n");
		o->nrows++;
	}
	o->err = csvin_error(c);
	snprintf(o->msg, sizeof(o->msg), "%s", rv == -1 ? csvin_errmsg(c) :
	    "");
	o->line = rv == -1 ? csvin_errline(c) : 0;
	snprintf(o->encoding, sizeof(o->encoding), "%s", csvin_encoding(c));
	snprintf(o->dialect, sizeof(o->dialect), "%s", csvin_dialect(c));
	snprintf(o->sha256, sizeof(o->sha256), "%s", csvin_sha256(c));
}

/*
 * Read B both ways, with encoding ENC (NULL: detected), and compare.
 * Returns how many records the lazy reader handed out before it ended.
 */
static long
both_ways(const struct buf *b, const char *enc)
{
	const char *path = tu_write_temp(b->p, b->n);
	struct csvin *eager, *lazy;
	struct outcome e, l;
	unsigned char h[HASH_LEN];
	char hex[HASH_HEX_LEN + 1];
	long n;

	ck_assert_int_eq(hash_file(path, h, NULL), 0);
	hash_hex(h, hex);
	eager = csvin_open(path, enc, 0);
	lazy = csvin_open_hash_as_read(path, enc, 0);
	unlink(path);
	ck_assert_ptr_nonnull(eager);
	ck_assert_ptr_nonnull(lazy);
	read_all(eager, &e);
	read_all(lazy, &l);
	ck_assert_int_eq(l.err, e.err);
	ck_assert_str_eq(l.msg, e.msg);
	ck_assert_int_eq(l.line, e.line);
	if (e.err == CSVIN_OK) {
		ck_assert_str_eq(l.encoding, e.encoding);
		ck_assert_str_eq(l.dialect, e.dialect);
		ck_assert_int_eq(l.nrows, e.nrows);
		ck_assert_msg(l.rows.n == e.rows.n &&
		    memcmp(l.rows.p, e.rows.p, e.rows.n) == 0,
		    "the records differ");
		ck_assert_str_eq(e.sha256, hex);
		ck_assert_str_eq(l.sha256, hex);
	} else {
		/* The eager reader refused at csvin_open(). */
		ck_assert_int_eq(e.nrows, 0);
	}
	n = l.nrows;
	csvin_close(eager);
	csvin_close(lazy);
	free(e.rows.p);
	free(l.rows.p);
	return n;
}

START_TEST(test_valid_many_blocks)
{
	struct buf b = { 0 };

	sheet(&b, 20000, 0, NULL, 0, "\r\n");
	ck_assert_int_gt(b.n, 4 * 64 * 1024);
	ck_assert_int_eq(both_ways(&b, NULL), 20001);
	free(b.p);
	b = (struct buf){ 0 };
	sheet(&b, 20000, 0, NULL, 0, "\n");
	ck_assert_int_eq(both_ways(&b, "UTF-8"), 20001);
	free(b.p);
}
END_TEST

/* Invalid bytes, a NUL, a character cut at the end: far past the header. */
START_TEST(test_bad_late)
{
	static const struct {
		const char	*bytes;
		size_t		 len;
	} bad[] = {
		{ "\xff", 1 },
		{ "\xe5\x90", 2 },		/* a character cut short */
		{ "\0", 1 },
		{ "\xed\xa0\x80", 3 },		/* a surrogate */
	};
	struct buf b;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		b = (struct buf){ 0 };
		sheet(&b, 20000, 15000, bad[i].bytes, bad[i].len, "\r\n");
		/* The lazy reader hands out lines 1 to 14999 first. */
		ck_assert_int_eq(both_ways(&b, NULL), 14999);
		free(b.p);
	}
	/* A character cut by the end of the file. */
	b = (struct buf){ 0 };
	sheet(&b, 20000, 0, NULL, 0, "\n");
	put(&b, "\xe5\x90", 2);
	both_ways(&b, NULL);
	free(b.p);
}
END_TEST

/*
 * Without a BOM, UTF-8 is certain once GB18030 has failed: with names of
 * odd length in bytes (名称号) at the first row, or never, with 名称,
 * which GB18030 reads too.  Bad bytes far past the header give the
 * verdict on the whole file all the same: invalid in both encodings, a
 * NUL, or, a NUL then an invalid byte, the invalid byte.
 */
START_TEST(test_no_bom_late)
{
	static const struct {
		const char	*bytes;
		size_t		 len;
	} bad[] = {
		{ "", 0 },
		{ "\xff", 1 },
		{ "\xd6\xd0", 2 },		/* GB18030's 中 */
		{ "\xe5\x90", 2 },		/* a character cut short */
		{ "\0", 1 },
		{ "\0\xff", 2 },		/* a NUL, then an invalid byte */
		{ "\xed\xa0\x80", 3 },		/* a surrogate */
	};
	static const char *const names[] = { "名称号", "名称" };
	struct buf b;
	size_t i, k;
	long want;

	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			b = (struct buf){ 0 };
			sheet_named(&b, names[k], 20000, bad[i].len ? 15000 : 0,
			    bad[i].bytes, bad[i].len, "\n");
			/* Read lazily only once GB18030 has failed. */
			want = bad[i].len == 0 ? 20001 : k == 0 ? 14999 : 0;
			ck_assert_int_eq(both_ways(&b, NULL), want);
			free(b.p);
		}
	/* A character cut by the end of the file. */
	b = (struct buf){ 0 };
	sheet_named(&b, names[0], 20000, 0, NULL, 0, "\n");
	put(&b, "\xe5\x90", 2);
	ck_assert_int_eq(both_ways(&b, NULL), 20001);
	free(b.p);
}
END_TEST

/*
 * Without a BOM, an error the second pass finds first (a NUL, text after
 * a closing quote) gives way to an invalid byte after it: the verdict on
 * the whole file, as a first pass to its end gives it.  Without one, the
 * NUL is still a NUL.
 */
START_TEST(test_no_bom_error_then_bad)
{
	static const char *const first[] = { "\0", ",\"x\"y" };
	struct buf b;
	size_t i;

	for (i = 0; i < sizeof(first) / sizeof(first[0]); i++) {
		b = (struct buf){ 0 };
		sheet_named(&b, "名称号", 20000, 12000, first[i],
		    strlen(first[i]) + (i == 0), "\n");
		/* Some byte of a row near the end. */
		b.p[b.n - 18000] = '\xff';
		ck_assert_int_eq(both_ways(&b, NULL), 11999);
		free(b.p);
	}
}
END_TEST

/*
 * Asked before any error (a header refused), the lazy reader of a file
 * without a BOM gives the verdict the eager one gave at its open: a NUL,
 * or an invalid byte after it; none for a file without either.
 */
START_TEST(test_no_bom_check_encoding)
{
	static const struct {
		const char	*bytes;
		size_t		 len;
	} bad[] = { { "\0", 1 }, { "\xff", 1 }, { "", 0 } };
	const char *path;
	struct csvin *eager, *lazy;
	struct csvin_row row;
	struct buf b;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		b = (struct buf){ 0 };
		sheet_named(&b, "名称号", 20000, bad[i].len ? 15000 : 0,
		    bad[i].bytes, bad[i].len, "\n");
		path = tu_write_temp(b.p, b.n);
		eager = csvin_open(path, NULL, 0);
		lazy = csvin_open_hash_as_read(path, NULL, 0);
		unlink(path);
		ck_assert_int_eq(csvin_error(lazy), CSVIN_OK);
		ck_assert_int_eq(csvin_next(lazy, &row), 1);
		if (bad[i].len == 0) {
			ck_assert_int_eq(csvin_error(eager), CSVIN_OK);
			ck_assert_int_eq(csvin_check_encoding(lazy), 0);
		} else {
			ck_assert_int_eq(csvin_check_encoding(lazy), -1);
			ck_assert_int_eq(csvin_error(lazy), csvin_error(eager));
			ck_assert_str_eq(csvin_errmsg(lazy), csvin_errmsg(eager));
			ck_assert_int_eq(csvin_errline(lazy), 15000);
			ck_assert_int_eq(csvin_errline(eager), 15000);
		}
		csvin_close(eager);
		csvin_close(lazy);
		free(b.p);
	}
}
END_TEST

/* A header longer than a block; a CRLF cut by the end of the first block. */
START_TEST(test_header_at_block_end)
{
	struct buf b;
	size_t pad;

	b = (struct buf){ 0 };
	puts_(&b, "\xef\xbb\xbf" "code,name,note");
	while (b.n < 70 * 1024)
		puts_(&b, ",x");
	puts_(&b, "\r\n");
	puts_(&b, "1,名称,备注\r\n");
	both_ways(&b, NULL);
	free(b.p);

	/* The CR the last byte of the first block, its LF the next's first. */
	b = (struct buf){ 0 };
	puts_(&b, "\xef\xbb\xbf" "code,name,note");
	for (pad = 64 * 1024 - 1 - b.n; pad > 0; pad--)
		puts_(&b, " ");
	puts_(&b, "\r\n");
	ck_assert_int_eq(b.n, 64 * 1024 + 1);
	puts_(&b, "1,名称,备注\r\n2,名称,备注\r\n");
	ck_assert_int_eq(both_ways(&b, NULL), 3);
	free(b.p);
}
END_TEST

/* Until the last record, the lazy reader has no hash to give. */
START_TEST(test_hash_only_at_end)
{
	struct buf b = { 0 };
	struct csvin_row row;
	struct csvin *c;
	const char *path;

	sheet(&b, 20000, 0, NULL, 0, "\n");
	path = tu_write_temp(b.p, b.n);
	c = csvin_open_hash_as_read(path, NULL, 0);
	unlink(path);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(csvin_error(c), CSVIN_OK);
	ck_assert_int_eq(csvin_size(c), (long long)b.n);
	ck_assert_int_eq(csvin_next(c, &row), 1);
	ck_assert_str_eq(csvin_sha256(c), "");
	while (csvin_next(c, &row) == 1)
		;
	ck_assert_int_eq(strlen(csvin_sha256(c)), HASH_HEX_LEN);
	csvin_close(c);
	free(b.p);
}
END_TEST

Suite *
csvin_lazy_suite(void)
{
	Suite *s = suite_create("csvin_lazy");
	TCase *tc = tcase_create("csvin_lazy");

	tcase_add_test(tc, test_valid_many_blocks);
	tcase_add_test(tc, test_bad_late);
	tcase_add_test(tc, test_no_bom_late);
	tcase_add_test(tc, test_no_bom_error_then_bad);
	tcase_add_test(tc, test_no_bom_check_encoding);
	tcase_add_test(tc, test_header_at_block_end);
	tcase_add_test(tc, test_hash_only_at_end);
	suite_add_tcase(s, tc);
	return s;
}
