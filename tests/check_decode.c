/*
 * Tests of the block-wise decoder: characters cut by block boundaries,
 * invalid and truncated input.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "testutil.h"


/*
 * Decode the LEN bytes at IN in pieces of STEP bytes; the concatenated
 * text goes to OUT (OUTSZ bytes, NUL-terminated).  Returns what the last
 * decode_block() returned.
 */
static int
decode_steps(const char *enc, const char *in, size_t len, size_t step,
    char *out, size_t outsz)
{
	struct decode *d;
	const char *text;
	size_t n, textlen, used = 0, off = 0;
	int rv = 0;

	d = decode_open(enc);
	ck_assert_ptr_nonnull(d);
	while (rv == 0) {
		n = len - off < step ? len - off : step;
		rv = decode_block(d, in + off, n, off + n == len, &text,
		    &textlen);
		ck_assert_uint_lt(used + textlen, outsz);
		memcpy(out + used, text, textlen);
		used += textlen;
		off += n;
		if (off == len)
			break;
	}
	out[used] = '\0';
	decode_close(d);
	return rv;
}

START_TEST(test_utf8_byte_by_byte)
{
	const char in[] = "a中😀é,b\r\n";
	char out[64];
	size_t step;

	/* Every cut, from one byte at a time to the whole. */
	for (step = 1; step <= sizeof(in); step++) {
		ck_assert_int_eq(decode_steps("UTF-8", in, sizeof(in) - 1,
		    step, out, sizeof(out)), 0);
		ck_assert_str_eq(out, in);
	}
}
END_TEST

START_TEST(test_gb18030_cut)
{
	/* 中 (2 bytes), 😀 (4 bytes), ¥ (4 bytes) in GB18030. */
	const char in[] = "\xd6\xd0" "\x94" "9" "\xfc" "6" "x" "\x81" "0"
	    "\x84" "6";
	char out[64];
	size_t step;

	for (step = 1; step <= sizeof(in); step++) {
		ck_assert_int_eq(decode_steps("GB18030", in, sizeof(in) - 1,
		    step, out, sizeof(out)), 0);
		ck_assert_str_eq(out, "中😀x¥");
	}
}
END_TEST

START_TEST(test_utf16_surrogates_cut)
{
	/* U+FEFF, 'a', U+1F600 as D83D DE00, U+4E2D in UTF-16LE. */
	const char in[] = "\xff\xfe" "a\0" "\x3d\xd8\x00\xde" "\x2d\x4e";
	char out[64];
	size_t step;

	for (step = 1; step <= sizeof(in); step++) {
		ck_assert_int_eq(decode_steps("UTF-16LE", in, sizeof(in) - 1,
		    step, out, sizeof(out)), 0);
		/* The decoder keeps the BOM as U+FEFF: csvin drops it. */
		ck_assert_str_eq(out, "\xef\xbb\xbf" "a😀中");
	}
}
END_TEST

START_TEST(test_invalid_keeps_text_before)
{
	struct decode *d;
	const char *text;
	size_t len;

	d = decode_open("GB18030");
	ck_assert_ptr_nonnull(d);
	errno = 0;
	ck_assert_int_eq(decode_block(d, "ab\n\x80z", 5, 0, &text, &len), -1);
	ck_assert_int_eq(errno, EILSEQ);
	ck_assert_uint_eq(len, 3);
	ck_assert_int_eq(memcmp(text, "ab\n", 3), 0);
	decode_close(d);
}
END_TEST

START_TEST(test_truncated_at_eof)
{
	struct decode *d;
	const char *text;
	size_t len;

	d = decode_open("UTF-8");
	ck_assert_ptr_nonnull(d);
	/* Not the end: held back. */
	ck_assert_int_eq(decode_block(d, "x\xe4\xb8", 3, 0, &text, &len), 0);
	ck_assert_uint_eq(len, 1);
	/* The end comes with nothing to finish the character. */
	errno = 0;
	ck_assert_int_eq(decode_block(d, "", 0, 1, &text, &len), -1);
	ck_assert_int_eq(errno, EILSEQ);
	ck_assert_uint_eq(len, 0);

	/* After a reset the held-back bytes are gone. */
	decode_reset(d);
	ck_assert_int_eq(decode_block(d, "\xe4\xb8", 2, 0, &text, &len), 0);
	decode_reset(d);
	ck_assert_int_eq(decode_block(d, "ok", 2, 1, &text, &len), 0);
	ck_assert_uint_eq(len, 2);
	ck_assert_int_eq(memcmp(text, "ok", 2), 0);
	decode_close(d);
}
END_TEST

START_TEST(test_invalid_utf8_forms)
{
	static const char *const bad[] = {
		"\xff\xff",		/* never in UTF-8 */
		"\xc0\x80",		/* overlong NUL */
		"\xed\xa0\x80",		/* a surrogate */
		"\xf4\x90\x80\x80",	/* over U+10FFFF */
		"ok\xf8\x88\x80\x80\x80",	/* the old 5-byte form */
	};
	char out[16];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_int_eq(decode_steps("UTF-8", bad[i], strlen(bad[i]),
		    64, out, sizeof(out)), -1);
}
END_TEST

/*
 * Whether the N bytes at S start with one well-formed UTF-8 character
 * (the Unicode standard's table 3-7): its length, or 0.  The reference
 * the decoder's own check is held to.
 */
static size_t
ref_char(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t need, k;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		need = 1;
	else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		lo = c == 0xe0 ? 0xa0 : 0x80;
		hi = c == 0xed ? 0x9f : 0xbf;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		lo = c == 0xf0 ? 0x90 : 0x80;
		hi = c == 0xf4 ? 0x8f : 0xbf;
	} else
		return 0;
	for (k = 1; k <= need; k++) {
		if (k >= n || s[k] < lo || s[k] > hi)
			return 0;
		lo = 0x80, hi = 0xbf;
	}
	return need + 1;
}

/* Decode the N bytes at S whole, and hold it to the reference. */
static void
utf8_against_ref(struct decode *d, const unsigned char *s, size_t n)
{
	const char *text;
	size_t want, len;
	int rv;

	for (want = 0; want < n; want += len)
		if ((len = ref_char(s + want, n - want)) == 0)
			break;
	decode_reset(d);
	rv = decode_block(d, (const char *)s, n, 1, &text, &len);
	if (len != want || (rv == 0) != (want == n))
		ck_abort_msg("%zu bytes, from %02x %02x %02x %02x: took %zu, "
		    "not %zu", n, s[0], s[1], s[2], s[3], len, want);
}

/*
 * Every lead byte before every byte, then bytes at the edges of each
 * range (and four-byte forms from every lead over EF), after 0 to 8 bytes
 * of ASCII (a word's worth) and before a character of each length: the
 * decoder's check of UTF-8 takes what the reference takes, up to the
 * same byte.
 */
START_TEST(test_utf8_every_sequence)
{
	static const unsigned char edge[] = { 0x00, 0x41, 0x7f, 0x80, 0x8f,
	    0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff };
	static const char *const after[] = { "", "z", "中" };
	unsigned char buf[32] = { 0 };
	struct decode *d;
	size_t a, al, pre, n, e3, e4;
	unsigned lead, b2;

	d = decode_open("UTF-8");
	ck_assert_ptr_nonnull(d);
	for (a = 0; a < sizeof(after) / sizeof(after[0]); a++)
	for (lead = 0; lead < 256; lead++)
	for (b2 = 0; b2 <= 256; b2++)
	for (e3 = 0; e3 <= (b2 < 256 ? sizeof(edge) : 0); e3++)
	for (e4 = 0; e4 <= (lead >= 0xf0 && e3 > 0 ? sizeof(edge) : 0); e4++) {
		/*
		 * b2 256: the lead alone; e3, e4 0: no third, fourth byte,
		 * else the byte edge[e3 - 1], edge[e4 - 1].
		 */
		pre = (lead + b2 + e3) % 9;
		memset(buf, 'a', pre);
		n = pre;
		buf[n++] = (unsigned char)lead;
		if (b2 < 256)
			buf[n++] = (unsigned char)b2;
		if (e3 > 0)
			buf[n++] = edge[e3 - 1];
		if (e4 > 0)
			buf[n++] = edge[e4 - 1];
		al = strlen(after[a]);
		memcpy(buf + n, after[a], al);
		utf8_against_ref(d, buf + pre, n - pre + al);
		utf8_against_ref(d, buf, n + al);
	}
	decode_close(d);
}
END_TEST

START_TEST(test_beyond_unicode_keeps_text_before)
{
	struct decode *d;
	const char *text;
	size_t len;

	d = decode_open("UTF-8");
	ck_assert_ptr_nonnull(d);
	errno = 0;
	ck_assert_int_eq(decode_block(d, "a\n\xf4\x8f\xbf\xbf\xf4\x90\x80\x80",
	    10, 1, &text, &len), -1);
	ck_assert_int_eq(errno, EILSEQ);
	/* U+10FFFF is the last valid character. */
	ck_assert_uint_eq(len, 6);
	decode_close(d);
}
END_TEST

START_TEST(test_lone_surrogate)
{
	char out[16];

	/* A high surrogate followed by 'A'. */
	ck_assert_int_eq(decode_steps("UTF-16LE", "\x00\xd8" "A\0", 4, 64,
	    out, sizeof(out)), -1);
}
END_TEST

START_TEST(test_unknown_encoding)
{
	errno = 0;
	ck_assert_ptr_null(decode_open("NO-SUCH-ENCODING-42"));
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

Suite *
decode_suite(void)
{
	Suite *s = suite_create("decode");
	TCase *tc = tcase_create("decode");

	tcase_add_test(tc, test_utf8_byte_by_byte);
	tcase_add_test(tc, test_gb18030_cut);
	tcase_add_test(tc, test_utf16_surrogates_cut);
	tcase_add_test(tc, test_invalid_keeps_text_before);
	tcase_add_test(tc, test_truncated_at_eof);
	tcase_add_test(tc, test_invalid_utf8_forms);
	tcase_add_test(tc, test_utf8_every_sequence);
	tcase_add_test(tc, test_beyond_unicode_keeps_text_before);
	tcase_add_test(tc, test_lone_surrogate);
	tcase_add_test(tc, test_unknown_encoding);
	suite_add_tcase(s, tc);
	return s;
}
