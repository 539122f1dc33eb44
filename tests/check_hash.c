/*
 * hash_fields(): the canonical form of hash.h, byte for byte, whatever
 * the size of the fields: checked against sha256sum's answer for a small
 * row and against hash_stream() over the message written out by hand for
 * rows whose fields are longer than hash_fields' buffer.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "testutil.h"

/* The row "abc", NULL, "" under "row": printf 'row\n3:abc,-0:,' | sha256sum */
START_TEST(test_known_answer)
{
	const char *fields[] = { "abc", NULL, "" };
	unsigned char h[HASH_LEN];
	char hex[HASH_HEX_LEN + 1];

	ck_assert_int_eq(hash_fields("row", NULL, fields, 3, h), 0);
	hash_hex(h, hex);
	ck_assert_str_eq(hex, "e9da87e9314cde9a6849dade13333b2d"
	    "39fa3c204f33e9326c1c08bfca3840f5");
}
END_TEST

/* SHA-256 of the N bytes at P, through hash_stream(). */
static void
stream_hash(const char *p, size_t n, unsigned char out[HASH_LEN])
{
	FILE *fp = fmemopen((void *)p, n, "rb");

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(hash_stream(fp, out, NULL), 0);
	fclose(fp);
}

/*
 * Fields of LEN bytes each, around the buffer's size and far over it,
 * after a previous hash: the same as the message made by hand.
 */
static void
check_long_fields(size_t len)
{
	unsigned char prev[HASH_LEN], got[HASH_LEN], want[HASH_LEN];
	char *a = malloc(len + 1), *b = malloc(len + 1), *msg;
	const char *fields[4];
	size_t n = 0, size = 3 * len + 256;

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_nonnull(msg = malloc(size));
	memset(a, 'a', len);
	a[len] = '\0';
	memset(b, 'b', len);
	b[len] = '\0';
	memset(prev, 0x5a, sizeof(prev));
	fields[0] = "010100000001";
	fields[1] = a;
	fields[2] = NULL;
	fields[3] = b;
	ck_assert_int_eq(hash_fields("delegation", prev, fields, 4, got), 0);

	n += (size_t)snprintf(msg + n, size - n, "delegation\n");
	memcpy(msg + n, prev, HASH_LEN);
	n += HASH_LEN;
	n += (size_t)snprintf(msg + n, size - n, "12:010100000001,%zu:%s,-"
	    "%zu:%s,", len, a, len, b);
	stream_hash(msg, n, want);
	ck_assert_msg(memcmp(got, want, HASH_LEN) == 0,
	    "fields of %zu bytes hash differently", len);
	free(a);
	free(b);
	free(msg);
}

START_TEST(test_long_fields)
{
	static const size_t lens[] = { 0, 9, 10, 1000, 2000, 2047, 2048,
	    2049, 4096, 32767 };
	size_t i;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		check_long_fields(lens[i]);
}
END_TEST

Suite *
hash_suite(void)
{
	Suite *s = suite_create("hash");
	TCase *tc = tcase_create("hash");

	tcase_add_test(tc, test_known_answer);
	tcase_add_test(tc, test_long_fields);
	suite_add_tcase(s, tc);
	return s;
}
