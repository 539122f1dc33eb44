/*
 * The shared strings of a workbook: in memory up to a budget, then on a
 * scratch file.  See xlsxin_sst.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grow.h"
#include "scratch.h"
#include "xlsxin_sst.h"

/* Bytes written to the scratch file at a time. */
#define SST_WBUF	(64 * 1024)

void
sst_init(struct sst *s, size_t budget)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	s->budget = budget;
	s->fd = -1;
	for (i = 0; i < SST_WINDOWS; i++)
		s->win[i].base = -1;
}

void
sst_free(struct sst *s)
{
	size_t i;

	free(s->mem);
	free(s->off);
	free(s->wbuf);
	free(s->mark);
	free(s->out);
	for (i = 0; i < SST_WINDOWS; i++)
		free(s->win[i].buf);
	if (s->fd != -1)
		close(s->fd);
	sst_init(s, s->budget);
}

/* Write BUF (N bytes) whole to the scratch file.  0 or -1 (errno). */
static int
write_all(int fd, const char *buf, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, buf, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
flush(struct sst *s)
{
	if (s->wlen == 0)
		return 0;
	if (write_all(s->fd, s->wbuf, s->wlen) == -1)
		return -1;
	s->wlen = 0;
	return 0;
}

/* Append N bytes to the scratch file, through the write buffer. */
static int
spill_bytes(struct sst *s, const char *p, size_t n)
{
	size_t k;

	while (n > 0) {
		if (s->wlen == SST_WBUF && flush(s) == -1)
			return -1;
		k = SST_WBUF - s->wlen < n ? SST_WBUF - s->wlen : n;
		memcpy(s->wbuf + s->wlen, p, k);
		s->wlen += k;
		s->flen += (long long)k;
		p += k;
		n -= k;
	}
	return 0;
}

static int
spill(struct sst *s, const char *text, size_t n)
{
	size_t k = s->n - s->nmem;	/* its index among the spilled */
	uint32_t len = (uint32_t)n;

	if (s->fd == -1) {
		if ((s->wbuf = malloc(SST_WBUF)) == NULL)
			return -1;
		if ((s->fd = scratch_open("strings", &s->dir)) == -1)
			return -1;
	}
	if (k % SST_STRIDE == 0) {
		if (grow_array(&s->mark, &s->markcap, s->nmark + 1,
		    sizeof(*s->mark), 256) == -1)
			return -1;
		s->mark[s->nmark++] = s->flen;
	}
	return spill_bytes(s, (const char *)&len, sizeof(len)) == -1 ||
	    spill_bytes(s, text, n) == -1 ? -1 : 0;
}

int
sst_add(struct sst *s, const char *text, size_t n)
{
	if (n > UINT32_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	/* In memory while the budget holds and nothing was spilled yet. */
	if (s->fd == -1 && s->memlen + n + 1 + (s->nmem + 1) *
	    sizeof(*s->off) <= s->budget) {
		if (grow_array(&s->off, &s->offcap, s->nmem + 1,
		    sizeof(*s->off), 1024) == -1 ||
		    grow_array(&s->mem, &s->memcap, s->memlen + n + 1, 1,
		    4096) == -1)
			return -1;
		memcpy(s->mem + s->memlen, text, n);
		s->mem[s->memlen + n] = '\0';
		s->off[s->nmem++] = (uint32_t)s->memlen;
		s->memlen += n + 1;
	} else if (spill(s, text, n) == -1)
		return -1;
	s->n++;
	return 0;
}

/*
 * The window holding byte OFF of the scratch file, read into the least
 * recently used one when none does.  NULL with errno set.
 */
static struct sst_window *
window(struct sst *s, long long off)
{
	struct sst_window *w, *old = &s->win[0];
	ssize_t got;
	size_t i;

	for (i = 0; i < SST_WINDOWS; i++) {
		w = &s->win[i];
		if (w->base != -1 && off >= w->base &&
		    off < w->base + (long long)w->len) {
			w->used = ++s->clock;
			return w;
		}
		if (w->base == -1 || w->used < old->used)
			old = w;
	}
	if (old->buf == NULL && (old->buf = malloc(SST_WINDOW)) == NULL)
		return NULL;
	old->base = -1;
	do
		got = pread(s->fd, old->buf, SST_WINDOW,
		    off - off % SST_WINDOW);
	while (got == -1 && errno == EINTR);
	if (got == -1)
		return NULL;
	if (off - off % SST_WINDOW + got <= off) {
		errno = EIO;	/* cut short behind the program's back */
		return NULL;
	}
	old->base = off - off % SST_WINDOW;
	old->len = (size_t)got;
	old->used = ++s->clock;
	return old;
}

/* N bytes of the scratch file from OFF into DST.  0 or -1 (errno). */
static int
read_at(struct sst *s, long long off, char *dst, size_t n)
{
	struct sst_window *w;
	size_t k;

	while (n > 0) {
		if ((w = window(s, off)) == NULL)
			return -1;
		k = (size_t)(w->base + (long long)w->len - off);
		if (k > n)
			k = n;
		memcpy(dst, w->buf + (off - w->base), k);
		dst += k;
		off += (long long)k;
		n -= k;
	}
	return 0;
}

const char *
sst_get(struct sst *s, size_t i)
{
	size_t k, at;
	long long off;
	uint32_t len;

	if (i < s->nmem)
		return s->mem + s->off[i];
	if (flush(s) == -1)
		return NULL;
	/* From the mark before it, or on from the last one read. */
	k = i - s->nmem;
	at = k - k % SST_STRIDE;
	off = s->mark[k / SST_STRIDE];
	if (s->next > at && s->next <= k) {
		at = s->next;
		off = s->nextoff;
	}
	for (;; at++) {
		if (read_at(s, off, (char *)&len, sizeof(len)) == -1)
			return NULL;
		off += (long long)sizeof(len);
		if (at == k)
			break;
		off += len;
	}
	if (grow_array(&s->out, &s->outcap, (size_t)len + 1, 1, 256) == -1 ||
	    read_at(s, off, s->out, len) == -1)
		return NULL;
	s->out[len] = '\0';
	s->next = k + 1;
	s->nextoff = off + len;
	return s->out;
}
