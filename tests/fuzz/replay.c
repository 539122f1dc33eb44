/*
 * Replay a fuzz corpus without libFuzzer: each file named, and each file
 * of each folder named (in name order), goes once through the harness it
 * is linked with.  Built with the project's compiler and flags (and the
 * sanitizers under 'make SANITIZE=...'), so that 'make check' runs every
 * seed and every past crasher.
 *
 * usage: replay_HARNESS PATH...
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzzutil.h"

static long ran;

static void
one(const char *path)
{
	unsigned char *buf;
	size_t len;

	if (getenv("REPLAY_VERBOSE"))
		dprintf(2, "replay: %s\n", path);
	buf = fu_read(path, &len);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	ran++;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int
main(int argc, char **argv)
{
	struct dirent **names;
	struct stat sb;
	char path[4096];
	int i, j, n;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &sb) != 0)
			continue;	/* no crashers yet: no folder */
		if (!S_ISDIR(sb.st_mode)) {
			one(argv[i]);
			continue;
		}
		if ((n = scandir(argv[i], &names, NULL, by_name)) < 0) {
			perror(argv[i]);
			return 1;
		}
		for (j = 0; j < n; j++) {
			snprintf(path, sizeof(path), "%s/%s", argv[i],
			    names[j]->d_name);
			if (names[j]->d_name[0] != '.' &&
			    stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
				one(path);
			free(names[j]);
		}
		free(names);
	}
	dprintf(1, "%s: %ld inputs replayed\n", argv[0], ran);
	return 0;
}
