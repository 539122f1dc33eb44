/*
 * The checks of a file that export and backup write, before anything is
 * opened: not the registry, a regular file or nothing.
 */
#include <sys/stat.h>

#include <err.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "cmd.h"
#include "i18n.h"

/*
 * Whether TARGET names the registry or a file SQLite keeps beside it
 * (-wal, -shm, -journal): renaming a file over one of them would destroy
 * the registry or the commits not yet in it.  The registry is found by
 * its inode, so that a link or another spelling of the path counts; the
 * companions by name, as they come and go.
 */
int
cmd_is_registry(const char *target)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	struct stat ts, rs;
	char tdir[PATH_MAX], rdir[PATH_MAX], buf[PATH_MAX];
	const char *tbase, *rbase, *slash;
	size_t i;

	if (stat(target, &ts) == 0 && stat(globals.db_path, &rs) == 0 &&
	    ts.st_dev == rs.st_dev && ts.st_ino == rs.st_ino)
		return 1;
	slash = strrchr(target, '/');
	snprintf(buf, sizeof(buf), "%.*s", slash ? (int)(slash - target) +
	    (slash == target) : 1, slash ? target : ".");
	tbase = slash ? slash + 1 : target;
	if (realpath(buf, tdir) == NULL)
		return 0;
	slash = strrchr(globals.db_path, '/');
	snprintf(buf, sizeof(buf), "%.*s", slash ? (int)(slash -
	    globals.db_path) + (slash == globals.db_path) : 1,
	    slash ? globals.db_path : ".");
	rbase = slash ? slash + 1 : globals.db_path;
	if (realpath(buf, rdir) == NULL || strcmp(tdir, rdir) != 0)
		return 0;
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(buf, sizeof(buf), "%s%s", rbase, suffixes[i]);
		if (strcmp(tbase, buf) == 0)
			return 1;
	}
	return 0;
}

/*
 * Whether TARGET, given to CMD's OPT ("--out", NULL for backup's FILE),
 * is a node that is not a regular file, which is refused (and said):
 * renaming over /dev/null or a FIFO would put a file in its place.
 */
int
cmd_refused(const char *cmd, const char *opt, const char *target)
{
	const char *what = atomic_refusal(target);

	if (what == NULL)
		return 0;
	warnx(_("%s: %s%s'%s' is %s, not a regular file: name a file to "
	    "create or replace%s"), cmd, opt ? opt : "", opt ? ": " : "",
	    target, what, opt ? ", or - for standard output" : "");
	return 1;
}
