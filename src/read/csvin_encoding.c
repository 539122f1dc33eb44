/*
 * What the spreadsheet reader says of a file's encoding beyond finding
 * it (csvin_detect.c): the checks of an encoding given against the file
 * (is it UTF-8 after all, or GB18030), with the messages that say which
 * fits, and the pass over a GB18030 file for a line of UTF-8 in it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "csvin_internal.h"

/* Check N more bytes of the file, RAW, as UTF-8 (see struct csvin). */
void
csvin_u8_feed(struct csvin *c, const char *raw, size_t n, int eof)
{
	const char *out;
	size_t i, len;

	if (c->u8 == NULL)
		return;
	for (i = 0; !c->nonascii && i < n; i++)
		if ((unsigned char)raw[i] >= 0x80)
			c->nonascii = 1;
	if (decode_block(c->u8, raw, n, eof, &out, &len) == -1) {
		decode_close(c->u8);
		c->u8 = NULL;
	}
}

/* Refuse a file read to its end as a GB encoding that is UTF-8.  0 or -1. */
int
csvin_u8_verdict(struct csvin *c)
{
	int bad = c->u8 != NULL && c->nonascii;

	decode_close(c->u8);
	c->u8 = NULL;
	if (!bad)
		return 0;
	return csvin_fail(c, CSVIN_EINPUT, 0, _("the file is UTF-8, not %s: leave "
	    "--encoding out, or give --encoding UTF-8"), c->forced);
}

/*
 * Whether the whole file decodes as ENCODING, read again from its start;
 * *NONASCII (if not NULL) is set when it has a byte over 0x7f.  For the
 * messages only: the stream's position is kept.
 */
static int
fits(struct csvin *c, const char *encoding, int *nonascii)
{
	struct decode *d;
	const char *out;
	size_t n, len, i;
	off_t at;
	int eof = 0, ok = 1;

	if (nonascii != NULL)
		*nonascii = 0;
	if ((at = ftello(c->fp)) == -1 || fseek(c->fp, 0, SEEK_SET) == -1)
		return 0;
	if ((d = decode_open(encoding)) == NULL)
		ok = 0;
	while (ok && !eof) {
		n = fread(c->raw, 1, BLOCK, c->fp);
		if (n < BLOCK) {
			if (ferror(c->fp))
				ok = 0;
			eof = 1;
		}
		for (i = 0; nonascii != NULL && !*nonascii && i < n; i++)
			if ((unsigned char)c->raw[i] >= 0x80)
				*nonascii = 1;
		if (ok && decode_block(d, c->raw, n, eof, &out, &len) == -1)
			ok = 0;
	}
	decode_close(d);
	clearerr(c->fp);
	if (fseeko(c->fp, at, SEEK_SET) == -1)
		return 0;
	return ok;
}

/*
 * Refuse bytes invalid in the encoding NAME at LINE.  When the encoding
 * was given, say which one fits the file, if one does: UTF-8 (then a GB
 * encoding given is refused as such, see csvin_u8_verdict()) or GB18030.
 * Returns -1.
 */
int
csvin_invalid_bytes(struct csvin *c, const char *name, long line)
{
	const char *hint = "";
	int nonascii;

	if (c->forced != NULL) {
		if (fits(c, "UTF-8", &nonascii)) {
			if (c->gb_forced && nonascii)
				return csvin_fail(c, CSVIN_EINPUT, 0, _("the file is "
				    "UTF-8, not %s: leave --encoding out, or "
				    "give --encoding UTF-8"), c->forced);
			hint = "; the file is UTF-8: give --encoding UTF-8, "
			    "or leave --encoding out";
		} else if (fits(c, "GB18030", NULL))
			hint = "; the file reads as GB18030: give --encoding "
			    "GB18030, or leave --encoding out";
	}
	return csvin_fail(c, CSVIN_EINPUT, line, _("bytes invalid in %s%s"), name, hint);
}

int
csvin_check_encoding(struct csvin *c)
{
	int nonascii;

	if (c->err != CSVIN_OK)
		return -1;
	/* UTF-8 by a part of the file: bad further on, it is bad bytes. */
	if (csvin_late_check(c) != 0)
		return -1;
	if (c->u8 == NULL)
		return 0;
	if (!fits(c, "UTF-8", &nonascii) || !nonascii)
		return 0;
	return csvin_fail(c, CSVIN_EINPUT, 0, _("the file is UTF-8, not %s: leave "
	    "--encoding out, or give --encoding UTF-8"), c->forced);
}

/*
 * A file found to be GB18030 (it is not UTF-8) that holds a line of UTF-8
 * all the same: a line pasted from another file, which GB18030 reads
 * without an error, as mojibake.  A line counts as UTF-8 when it is valid
 * UTF-8 with at least two characters over ASCII (one could be GB18030 by
 * chance).  Refused, naming the line, unless the encoding is given.  An
 * extra pass, on GB18030 files only.  0, or -1 with the error kept.
 */
int
csvin_mixed(struct csvin *c)
{
	long line = 1, u8line = 0, gbline = 0;
	int need = 0, wide = 0, bad = 0, eof = 0;
	unsigned char b;
	size_t n, i;

	if (fseek(c->fp, 0, SEEK_SET) == -1)
		return csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
	while (!eof && (u8line == 0 || gbline == 0)) {
		if ((n = fread(c->raw, 1, BLOCK, c->fp)) < BLOCK) {
			if (ferror(c->fp))
				return csvin_fail(c, CSVIN_EIO, 0, "%s",
				    strerror(errno));
			eof = 1;
		}
		for (i = 0; i <= n; i++) {
			/* The end of the file ends its last line. */
			if (i == n && !eof)
				break;
			b = i < n ? (unsigned char)c->raw[i] : '\n';
			if (b == '\n') {
				if (need != 0)
					bad = 1;
				if (bad && gbline == 0)
					gbline = line;
				else if (!bad && wide >= 2 && u8line == 0)
					u8line = line;
				line++;
				need = wide = bad = 0;
			} else if (need > 0) {
				if ((b & 0xc0) != 0x80)
					bad = 1, need = 0;
				else if (--need == 0)
					wide++;
			} else if (b >= 0xc2 && b <= 0xf4)
				need = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1;
			else if (b >= 0x80)
				bad = 1;
		}
	}
	clearerr(c->fp);
	if (u8line == 0 || gbline == 0)
		return 0;
	return csvin_fail(c, CSVIN_EINPUT, u8line, _("this line is UTF-8, while the "
	    "file is GB18030 (line %ld): the file mixes two encodings; save "
	    "it again as one, or give --encoding GB18030 if this line is "
	    "GB18030 too"), gbline);
}
