/*
 * Fuzz the decoder (src/read/decode.c): any bytes, in each encoding the reader
 * uses, cut into blocks anywhere.
 *
 * Input: byte 0 picks the encoding, byte 1 seeds the block sizes, the rest
 * is the text.  Checked: decoding in blocks gives exactly what decoding in
 * one call gives (the same verdict, the same text, also the text before an
 * invalid sequence), and the text is valid UTF-8 within Unicode.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "fuzzutil.h"

static const char *const encodings[] = {
	"UTF-8", "GB18030", "UTF-16LE", "UTF-16BE", "GBK", "UTF-16",
};
#define NENC (sizeof(encodings) / sizeof(encodings[0]))

/* Whether the N bytes at S are UTF-8 of scalar values (RFC 3629). */
static int
valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0, k, len;
	uint32_t cp, min;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0)
			len = 2, cp = s[i] & 0x1f, min = 0x80;
		else if ((s[i] & 0xf0) == 0xe0)
			len = 3, cp = s[i] & 0x0f, min = 0x800;
		else if ((s[i] & 0xf8) == 0xf0)
			len = 4, cp = s[i] & 0x07, min = 0x10000;
		else
			return 0;
		if (i + len > n)
			return 0;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

/* Decode all of IN with D, in blocks when SEED is not 0, into a new buffer. */
static int
decode_all(struct decode *d, const unsigned char *in, size_t n, unsigned seed,
    unsigned char **out, size_t *outlen, int *err)
{
	const char *text;
	size_t textlen, pos = 0, cut, cap = 64;
	unsigned char *buf, *grown;
	int rc = 0;

	if ((buf = malloc(cap)) == NULL)
		fu_die("out of memory");
	*outlen = 0;
	*err = 0;
	do {
		if (seed == 0)
			cut = n;
		else {
			seed = seed * 1103515245u + 12345u;
			cut = (seed >> 16) % 9;	/* 0 to 8 bytes: cuts anywhere */
			if (cut > n - pos)
				cut = n - pos;
		}
		rc = decode_block(d, (const char *)in + pos, cut,
		    pos + cut == n, &text, &textlen);
		if (rc == -1)
			*err = errno;
		while (*outlen + textlen + 1 > cap) {
			cap *= 2;
			if ((grown = realloc(buf, cap)) == NULL)
				fu_die("out of memory");
			buf = grown;
		}
		if (textlen > 0)	/* TEXT may be NULL when there is none */
			memcpy(buf + *outlen, text, textlen);
		*outlen += textlen;
		pos += cut;
	} while (rc == 0 && pos < n);
	*out = buf;
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct decode *d;
	const char *enc;
	unsigned char *whole, *blocks;
	size_t wlen, blen;
	unsigned seed;
	int wrc, brc, werr, berr;

	if (size < 2)
		return 0;
	enc = encodings[data[0] % NENC];
	seed = data[1] | 1u;
	data += 2;
	size -= 2;

	if ((d = decode_open(enc)) == NULL)
		fu_die("decode_open %s", enc);
	wrc = decode_all(d, data, size, 0, &whole, &wlen, &werr);
	decode_reset(d);
	brc = decode_all(d, data, size, seed, &blocks, &blen, &berr);
	decode_close(d);

	if (wrc != brc)
		fu_die("%s: in one call %d, in blocks %d", enc, wrc, brc);
	if (wrc == -1 && (werr != EILSEQ || berr != EILSEQ))
		fu_die("%s: errno %d and %d, EILSEQ expected", enc, werr, berr);
	if (wlen != blen || memcmp(whole, blocks, wlen) != 0)
		fu_die("%s: %zu bytes in one call, %zu in blocks, or they differ",
		    enc, wlen, blen);
	if (!valid_utf8(whole, wlen))
		fu_die("%s: the decoded text is not valid UTF-8", enc);
	free(whole);
	free(blocks);
	return 0;
}
