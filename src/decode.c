/*
 * Block-wise decoding to UTF-8 with glibc iconv.  See decode.h.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"

/*
 * The most bytes a cut character can leave behind: 3 for UTF-8 and
 * GB18030, 3 for a UTF-16 surrogate pair.  Room to spare for other
 * encodings iconv knows.
 */
#define CARRY_MAX	16

struct decode {
	iconv_t		 cd;
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
	iconv_close(d->cd);
	free(d->in);
	free(d->out);
	free(d);
}

void
decode_reset(struct decode *d)
{
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
	size_t cap = d->outcap;
	char *p;

	if (need <= cap)
		return 0;
	while (cap < need)
		cap = cap < 4096 ? 4096 : cap * 2;
	if ((p = realloc(d->out, cap)) == NULL)
		return -1;
	d->out = p;
	d->outcap = cap;
	return 0;
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
	if (grow_out(d, srcleft * 3 + CARRY_MAX) == -1)
		return -1;
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
