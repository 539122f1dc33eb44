/* Scratch files in $TMPDIR: see scratch.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "scratch.h"

int
scratch_open(const char *what, const char **dirp)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if (dirp != NULL)
		*dirp = dir;
	if ((size_t)snprintf(path, sizeof(path), "%s/powers-%s.XXXXXX", dir,
	    what) >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = mkstemp(path)) == -1)
		return -1;
	(void)unlink(path);
	return fd;
}
