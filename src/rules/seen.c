/*
 * The Bloom filter of seen.h: three bits a string, from one 64-bit hash
 * (FNV-1a, then mixed) split in two, as Kirsch and Mitzenmacher showed
 * two hashes serve as k.  Sixteen bits a string expected keep the false
 * "seen" near 0.1%; past SEEN_MAX_BYTES the filter stays that size and
 * answers "seen" more often, which costs only the lookup it would skip.
 */
#include <stdlib.h>

#include "seen.h"

#define SEEN_MIN_BITS	(1u << 16)
#define BITS_EACH	16
#define PROBES		3

static uint64_t
hash_of(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	/* FNV's low bits mix poorly for near strings (codes): spread them. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

int
seen_init(struct seen *s, size_t expected)
{
	uint64_t bits = SEEN_MIN_BITS;

	while (bits < (uint64_t)expected * BITS_EACH &&
	    bits < (uint64_t)SEEN_MAX_BYTES * 8)
		bits <<= 1;
	/* Pages never written stay out of the process's memory. */
	if ((s->bits = calloc(bits / 64, sizeof(*s->bits))) == NULL)
		return -1;
	s->mask = bits - 1;
	return 0;
}

void
seen_add(struct seen *s, const char *str)
{
	uint64_t h = hash_of(str), a = h, b = (h >> 32) | 1;
	int i;

	for (i = 0; i < PROBES; i++, a += b)
		s->bits[(a & s->mask) / 64] |= 1ull << (a & 63);
}

int
seen_maybe(const struct seen *s, const char *str)
{
	uint64_t h = hash_of(str), a = h, b = (h >> 32) | 1;
	int i;

	for (i = 0; i < PROBES; i++, a += b)
		if (!(s->bits[(a & s->mask) / 64] & (1ull << (a & 63))))
			return 0;
	return 1;
}

void
seen_free(struct seen *s)
{
	free(s->bits);
	s->bits = NULL;
}
