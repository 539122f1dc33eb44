#ifndef XLSXIN_SST_H
#define XLSXIN_SST_H

/*
 * A workbook's shared strings (xl/sharedStrings.xml), kept so that a cell
 * can name any of them by its index, anywhere in the sheet, within the
 * program's 32 MiB: the first ones in memory, up to a budget, and the
 * rest on a scratch file (scratch.h) read back through a few windows.
 *
 * Why this split: Excel numbers its strings in the order their cells
 * first appear, so the strings repeated down a column (a category, a
 * department, a holder) come early and stay in memory, and the ones
 * past the budget, each in one row (a power's name, its basis), are
 * asked for in about the order they were written: the file is read
 * forward.  Asked for out of order they are still found, by a mark kept
 * every SST_STRIDE strings, only more slowly.
 */

#include <stddef.h>
#include <stdint.h>

/* The bytes of strings kept in memory (their offsets counted). */
#define SST_MEMORY	(4u << 20)
/* A spilled string's offset is kept every SST_STRIDE strings. */
#define SST_STRIDE	64
/* The file is read through SST_WINDOWS windows of SST_WINDOW bytes. */
#define SST_WINDOWS	4
#define SST_WINDOW	(64 * 1024)

struct sst_window {
	char		*buf;
	long long	 base;		/* its first byte's offset; -1: empty */
	size_t		 len;
	unsigned	 used;		/* when last read, for replacing */
};

struct sst {
	size_t		 budget;	/* bytes in memory before spilling */
	size_t		 n;		/* strings, in memory and spilled */

	/* The first strings: one arena, each NUL-terminated, an offset each. */
	char		*mem;
	size_t		 memlen, memcap;
	uint32_t	*off;
	size_t		 nmem, offcap;

	/* The rest: each its length (4 bytes, host order) and its bytes. */
	int		 fd;		/* -1 until the budget is passed */
	const char	*dir;		/* where, for a message */
	long long	 flen;		/* bytes on the file and buffered */
	char		*wbuf;
	size_t		 wlen;
	long long	*mark;		/* of spilled string k * SST_STRIDE */
	size_t		 nmark, markcap;

	/* Reading it back. */
	struct sst_window win[SST_WINDOWS];
	unsigned	 clock;
	size_t		 next;		/* the spilled string after the last one read */
	long long	 nextoff;	/* and its offset */
	char		*out;		/* the last one read, NUL-terminated */
	size_t		 outcap;
};

/* An empty store that keeps BUDGET bytes in memory (SST_MEMORY). */
void	sst_init(struct sst *s, size_t budget);
/*
 * Add the next string, TEXT of N bytes.  0, or -1 with errno set: ENOMEM,
 * or the scratch file's error (its folder in s->dir).
 */
int	sst_add(struct sst *s, const char *text, size_t n);
/*
 * String I (from 0, below s->n), NUL-terminated, valid until the next
 * call; NULL with errno set when the scratch file cannot be read.
 */
const char *sst_get(struct sst *s, size_t i);
void	sst_free(struct sst *s);

#endif
