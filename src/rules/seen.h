/*
 * A set of strings that may answer "seen" for one never added, and never
 * "not seen" for one that was: a Bloom filter, in a bounded number of
 * bytes whatever it holds, for skipping a lookup that would find nothing.
 */
#ifndef SEEN_H
#define SEEN_H

#include <stddef.h>
#include <stdint.h>

struct seen {
	uint64_t	*bits;
	uint64_t	 mask;		/* bits in the filter, less one */
};

/*
 * Room for about EXPECTED strings, at most SEEN_MAX_BYTES.  0, or -1 when
 * out of memory.
 */
#define SEEN_MAX_BYTES	(4u << 20)
int	seen_init(struct seen *, size_t expected);
void	seen_add(struct seen *, const char *);
/* 0: never added.  1: added, or (rarely, more often when full) not. */
int	seen_maybe(const struct seen *, const char *);
void	seen_free(struct seen *);

#endif
