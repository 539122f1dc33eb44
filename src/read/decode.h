#ifndef DECODE_H
#define DECODE_H

#include <stddef.h>

/*
 * Turn a byte stream in some encoding into UTF-8, one block at a time, with
 * glibc iconv.  A helper of the spreadsheet reader (csvin.c), kept apart so
 * that its block-boundary handling can be tested alone: a character cut by
 * the end of a block is held back and decoded with the next block, so
 * callers may cut their input anywhere.
 */

struct decode;

/*
 * A decoder from ENCODING (an iconv name: "GB18030", "UTF-16LE" ...) to
 * UTF-8.  Returns NULL with errno EINVAL when iconv does not know the name,
 * ENOMEM when out of memory.  Free with decode_close().
 */
struct decode	*decode_open(const char *encoding);
void		 decode_close(struct decode *);

/* Forget any held-back bytes and shift state, to decode from the start. */
void		 decode_reset(struct decode *);

/*
 * Decode the LEN bytes at IN, after any bytes held back by the last call.
 * EOF says that IN ends the input, so that a character cut short there is
 * invalid rather than held back.  *OUT gets the UTF-8 text and *OUTLEN its
 * length; the text is owned by the decoder and valid until the next call.
 *
 * Returns 0, or -1 with errno EILSEQ when the input holds a sequence that
 * is invalid in the encoding (or ends inside one), ENOMEM when out of
 * memory.  On EILSEQ *OUT holds the text decoded before the bad sequence,
 * so that the caller can tell on which line it lies.
 */
int		 decode_block(struct decode *, const char *in, size_t len,
		    int eof, const char **out, size_t *outlen);

#endif
