/*
 * Block-wise decoding to UTF-8 with glibc iconv.  See decode.h.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "decode.h"
#include "grow.h"

/*
 * The most bytes a cut character can leave behind: 3 for UTF-8 and
 * GB18030, 3 for a UTF-16 surrogate pair.  Room to spare for other
 * encodings iconv knows.
 */
#define CARRY_MAX	16

struct decode {
	iconv_t		 cd;			/* (iconv_t)-1 for UTF-8 */
	int		 utf8;			/* UTF-8 in: validated here */
	char		 carry[CARRY_MAX];	/* the cut character's bytes */
	size_t		 ncarry;
	char		*in;			/* carry + block, when needed */
	size_t		 incap;
	char		*out;			/* the UTF-8 text */
	size_t		 outcap;
};

struct decode *
decode_open(const char *encoding)
{
	struct decode *d;

	if ((d = calloc(1, sizeof(*d))) == NULL)
		return NULL;
	/*
	 * UTF-8 to UTF-8 needs no conversion, only a check, and glibc's
	 * goes through UCS-4 both ways: a tenth of an import's time.  So
	 * UTF-8 is checked here, to the same verdict (utf8_valid()).
	 */
	if (strcasecmp(encoding, "UTF-8") == 0 ||
	    strcasecmp(encoding, "UTF8") == 0) {
		d->utf8 = 1;
		d->cd = (iconv_t)-1;
		return d;
	}
	if ((d->cd = iconv_open("UTF-8", encoding)) == (iconv_t)-1) {
		free(d);
		errno = EINVAL;
		return NULL;
	}
	return d;
}

void
decode_close(struct decode *d)
{
	if (d == NULL)
		return;
	if (!d->utf8)
		iconv_close(d->cd);
	free(d->in);
	free(d->out);
	free(d);
}

void
decode_reset(struct decode *d)
{
	if (!d->utf8)
		iconv(d->cd, NULL, NULL, NULL, NULL);
	d->ncarry = 0;
}

/*
 * Make room for at least NEED bytes of output, keeping what is written.
 * Returns 0, or -1 with errno ENOMEM.
 */
static int
grow_out(struct decode *d, size_t need)
{
	return grow_array(&d->out, &d->outcap, need, 1, 4096);
}

/*
 * Where the first character beyond U+10FFFF starts in the N bytes of UTF-8
 * at S, or N.  glibc's UTF-8 decoder takes the old 5- and 6-byte forms and
 * code points up to 2^31 (so UTF-8 in, UTF-8 out, passes them through), but
 * they are not Unicode, and SQLite and JSON readers would choke on them.
 * In iconv's output they show as a lead byte over F4, or F4 then 90 or over.
 */
static size_t
beyond_unicode(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < n; i++)
		if (u[i] >= 0xf4 && (u[i] > 0xf4 || (i + 1 < n &&
		    u[i + 1] >= 0x90)))
			return i;
	return n;
}

/*
 * Whether the N bytes at S hold at I a three-byte character whose lead
 * takes any continuation byte after it (not E0, not ED): most of the
 * characters of a Chinese sheet, checked here before the general case.
 */
static inline int
utf8_three(const unsigned char *s, size_t i, size_t n)
{
	return i + 2 < n && s[i] >= 0xe1 && s[i] <= 0xef && s[i] != 0xed &&
	    (s[i + 1] & 0xc0) == 0x80 && (s[i + 2] & 0xc0) == 0x80;
}

/*
 * How many of the N bytes at S are whole, valid UTF-8 characters from the
 * start: Unicode scalar values (no surrogates, none beyond U+10FFFF), each
 * in its shortest form (RFC 3629).  This is what glibc's iconv from UTF-8
 * takes, once beyond_unicode() has cut what it lets through.  *CUT is set
 * when the bytes after those are the start of a valid character that the
 * end of S cuts short, rather than an invalid sequence.
 */
static size_t
utf8_valid(const unsigned char *s, size_t n, int *cut)
{
	size_t i = 0, need, k;
	unsigned char c, lo, hi;
	uint64_t w;

	*cut = 0;
	while (i < n) {
		/* Runs of ASCII eight bytes at a time. */
		while (i + 8 <= n) {
			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i == n)
			break;
		if ((c = s[i]) < 0x80) {
			i++;
			continue;
		}
		/* Runs of Chinese, three bytes at a time. */
		if (utf8_three(s, i, n)) {
			do
				i += 3;
			while (utf8_three(s, i, n));
			continue;
		}
		/* The lead byte, and the range of the byte after it. */
		lo = 0x80, hi = 0xbf;
		if (c >= 0xc2 && c <= 0xdf)
			need = 1;
		else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			if (c == 0xe0)
				lo = 0xa0;		/* overlong */
			else if (c == 0xed)
				hi = 0x9f;		/* surrogates */
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			if (c == 0xf0)
				lo = 0x90;		/* overlong */
			else if (c == 0xf4)
				hi = 0x8f;		/* beyond U+10FFFF */
		} else
			return i;
		for (k = 1; k <= need; k++) {
			if (i + k == n) {
				*cut = 1;
				return i;
			}
			if (s[i + k] < lo || s[i + k] > hi)
				return i;
			lo = 0x80, hi = 0xbf;
		}
		i += need + 1;
	}
	return i;
}

/*
 * decode_block() for UTF-8: the bytes are copied as they are, up to the
 * first invalid sequence.  SRC is the carry and the block.
 */
static int
utf8_block(struct decode *d, const char *src, size_t srcleft, int eof,
    const char **out, size_t *outlen)
{
	size_t ok;
	int cut;

	ok = utf8_valid((const unsigned char *)src, srcleft, &cut);
	if (ok > 0)
		memcpy(d->out, src, ok);
	*out = d->out;
	*outlen = ok;
	if (ok == srcleft)
		return 0;
	if (cut && !eof && srcleft - ok <= CARRY_MAX) {
		/* Cut by the block boundary: keep it for the next. */
		memcpy(d->carry, src + ok, srcleft - ok);
		d->ncarry = srcleft - ok;
		return 0;
	}
	errno = EILSEQ;
	return -1;
}

int
decode_block(struct decode *d, const char *in, size_t len, int eof,
    const char **out, size_t *outlen)
{
	char *src, *dst, *p;
	size_t srcleft, dstleft, used;
	int rv = -1;

	*out = d->out;
	*outlen = 0;
	if (len > (SIZE_MAX - CARRY_MAX) / 4) {
		errno = ENOMEM;
		return -1;
	}

	/*
	 * A character cut by the last block goes in front of this one.  iconv
	 * takes a char ** but never writes through it, so IN is used in
	 * place when there is nothing to put in front.
	 */
	if (d->ncarry > 0) {
		if (d->incap < d->ncarry + len) {
			if ((p = realloc(d->in, d->ncarry + len)) == NULL)
				return -1;
			d->in = p;
			d->incap = d->ncarry + len;
		}
		memcpy(d->in, d->carry, d->ncarry);
		if (len > 0)
			memcpy(d->in + d->ncarry, in, len);
		src = d->in;
		srcleft = d->ncarry + len;
		d->ncarry = 0;
	} else {
		src = (char *)in;
		srcleft = len;
	}

	/* One input byte never makes more than 3 bytes of UTF-8. */
	if (grow_out(d, d->utf8 ? srcleft : srcleft * 3 + CARRY_MAX) == -1)
		return -1;
	if (d->utf8)
		return utf8_block(d, src, srcleft, eof, out, outlen);
	dst = d->out;
	dstleft = d->outcap;

	while (srcleft > 0) {
		if (iconv(d->cd, &src, &srcleft, &dst, &dstleft) != (size_t)-1)
			break;
		if (errno == E2BIG) {
			used = dst - d->out;
			if (grow_out(d, d->outcap * 2) == -1)
				goto out;
			dst = d->out + used;
			dstleft = d->outcap - used;
			continue;
		}
		if (errno == EINVAL && !eof && srcleft <= CARRY_MAX) {
			/* Cut by the block boundary: keep it for the next. */
			memcpy(d->carry, src, srcleft);
			d->ncarry = srcleft;
			break;
		}
		/* Invalid, or cut short by the end of the input. */
		errno = EILSEQ;
		goto out;
	}
	/* Return to the initial shift state (a no-op for most encodings). */
	if (eof && iconv(d->cd, NULL, NULL, &dst, &dstleft) == (size_t)-1) {
		errno = EILSEQ;
		goto out;
	}
	rv = 0;
out:
	*out = d->out;
	*outlen = dst - d->out;
	if ((used = beyond_unicode(d->out, *outlen)) < *outlen) {
		*outlen = used;
		errno = EILSEQ;
		rv = -1;
	}
	return rv;
}
