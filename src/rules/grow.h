#ifndef GROW_H
#define GROW_H

/*
 * The growing array, in one place: a buffer whose capacity doubles when
 * it is too small, so that appending N elements costs O(N) copies in all.
 * Nothing here keeps state: the caller holds the pointer and the
 * capacity, both in elements, and frees the array with free().
 *
 *	if (grow_array(&v->item, &v->cap, v->n + 1, sizeof(*v->item),
 *	    16) == -1)
 *		return -1;
 *	v->item[v->n++] = x;
 *
 * Parallel arrays that share one capacity take grow_cap() once and
 * grow_resize() for each, then store the capacity.
 */

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * The capacity that holds NEED elements: CAP, or FIRST when CAP is 0,
 * doubled until it does.  FIRST must not be 0.  SIZE_MAX when doubling
 * would overflow (grow_resize() then refuses it).
 */
static inline size_t
grow_cap(size_t cap, size_t need, size_t first)
{
	if (cap == 0)
		cap = first;
	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			return SIZE_MAX;
		cap *= 2;
	}
	return cap;
}

/*
 * Reallocate the array whose address is ARRAYP (a T **, passed as void *
 * so that one function serves every T) to N elements of SIZE bytes.
 * Returns 0, or -1 with errno ENOMEM and the array untouched.  The
 * pointer is read and written through memcpy(), which is defined for any
 * object pointer type of the same representation as void * (POSIX).
 */
static inline int
grow_resize(void *arrayp, size_t n, size_t size)
{
	void *p, *q;

	if (size != 0 && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(&p, arrayp, sizeof(p));
	if ((q = realloc(p, n * size)) == NULL)
		return -1;
	memcpy(arrayp, &q, sizeof(q));
	return 0;
}

/*
 * Make room for NEED elements of SIZE bytes in the array at ARRAYP (a
 * T **) of *CAP elements, doubling from FIRST.  Nothing moves when NEED
 * fits already.  Returns 0, or -1 with errno ENOMEM and the array and
 * *CAP untouched; what the array holds is kept either way.
 */
static inline int
grow_array(void *arrayp, size_t *cap, size_t need, size_t size,
    size_t first)
{
	size_t n;

	if (need <= *cap)
		return 0;
	n = grow_cap(*cap, need, first);
	if (grow_resize(arrayp, n, size) == -1)
		return -1;
	*cap = n;
	return 0;
}

#endif
