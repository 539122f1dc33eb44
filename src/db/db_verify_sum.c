/*
 * verify's order-free checksums: a multiset of rows summed so that two
 * scans in different orders can be compared without sorting either.
 * Each row is hashed by a fast 64-bit mix in two lanes of different
 * seeds; the sums (mod 2^64) and the count are compared.  It is for
 * finding damage, not for resisting a forger: what a forger could edit
 * (the rows) is bound by SHA-256 elsewhere; what is summed here is what
 * SQLite derives from the rows (indexes, grant_span, a replay of the log),
 * and a difference is then named by the slower exact check.  A sum, not
 * a XOR, so that a row twice does not cancel out.
 */
#include <string.h>

#include "db_internal.h"

#define M1	0x9e3779b97f4a7c15ULL
#define M2	0xbf58476d1ce4e5b9ULL
#define M3	0x94d049bb133111ebULL

/* splitmix64's finisher: every bit of X moves every bit of the result. */
static unsigned long long
mix(unsigned long long x)
{
	x ^= x >> 30;
	x *= M2;
	x ^= x >> 27;
	x *= M3;
	return x ^ (x >> 31);
}

/*
 * Feed the 64 bits W into both lanes of the row hash H: one multiply
 * each (the words are mixed in full once, when the row is added).
 */
static void
feed(unsigned long long h[2], unsigned long long w)
{
	h[0] = (h[0] ^ w) * M2;
	h[0] ^= h[0] >> 29;
	h[1] = (h[1] + w) * M3;
	h[1] ^= h[1] >> 32;
}

/* Feed N bytes P, 8 at a time, then their length. */
static void
feed_bytes(unsigned long long h[2], const unsigned char *p, size_t n)
{
	unsigned long long w;
	size_t k = n;

	for (; k >= 8; p += 8, k -= 8) {
		memcpy(&w, p, 8);
		feed(h, w);
	}
	if (k > 0) {
		w = 0;
		memcpy(&w, p, k);
		feed(h, w);
	}
	feed(h, (unsigned long long)n);
}

void
verify_row_start(unsigned long long h[2])
{
	h[0] = M1;
	h[1] = M3;
}

void
verify_row_cell(unsigned long long h[2], const struct cell *c)
{
	feed(h, (unsigned long long)c->type);
	if (c->type == SQLITE_INTEGER)
		feed(h, (unsigned long long)c->i);
	else if (c->type != SQLITE_NULL)
		feed_bytes(h, (const unsigned char *)c->s, c->len);
}

int
verify_row_value(unsigned long long h[2], sqlite3_value *v)
{
	struct cell c;
	double d;

	memset(&c, 0, sizeof(c));
	c.type = sqlite3_value_type(v);
	switch (c.type) {
	case SQLITE_INTEGER:
		c.i = sqlite3_value_int64(v);
		break;
	case SQLITE_FLOAT:
		/* Its bits, under a type of its own. */
		d = sqlite3_value_double(v);
		memcpy(&c.i, &d, sizeof(d));
		feed(h, (unsigned long long)SQLITE_FLOAT);
		feed(h, (unsigned long long)c.i);
		return 0;
	case SQLITE_BLOB:
	case SQLITE_TEXT:
		/*
		 * The bytes as stored, text too: no terminator to add, so no
		 * memory to want.
		 */
		c.s = sqlite3_value_blob(v);
		c.len = (size_t)sqlite3_value_bytes(v);
		if (c.s == NULL && c.len > 0)
			return -1;
		break;
	}
	verify_row_cell(h, &c);
	return 0;
}

void
verify_sum_add(struct verify_sum *s, const unsigned long long h[2])
{
	s->lane[0] += mix(h[0]);
	s->lane[1] += mix(h[1] ^ M2);
	s->rows++;
}

int
verify_sum_eq(const struct verify_sum *a, const struct verify_sum *b)
{
	return a->rows == b->rows && a->lane[0] == b->lane[0] &&
	    a->lane[1] == b->lane[1];
}
