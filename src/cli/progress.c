#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "progress.h"

/* Below this many bytes an import is over before a bar would help. */
#define PROGRESS_MIN_BYTES (4LL << 20)

struct progress {
	const char	*label;
	long long	 total;
	time_t		 last;
};

struct progress *
progress_start(const char *label, long long total, int quiet)
{
	struct progress *p;

	if (quiet || total < PROGRESS_MIN_BYTES || !isatty(STDERR_FILENO))
		return NULL;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	p->label = label;
	p->total = total;
	return p;
}

void
progress_update(struct progress *p, long long done, long rows)
{
	time_t now;
	int pct, i;

	if (p == NULL || (now = time(NULL)) == p->last)
		return;
	p->last = now;
	pct = (int)(done * 100 / p->total);
	fprintf(stderr, "\r%s [", p->label);
	for (i = 0; i < 30; i++)
		fputc(i < pct * 30 / 100 ? '#' : ' ', stderr);
	fprintf(stderr, _("] %3d%% %ld rows"), pct, rows);
}

void
progress_end(struct progress *p)
{
	if (p == NULL)
		return;
	fprintf(stderr, "\r\033[K");
	free(p);
}
