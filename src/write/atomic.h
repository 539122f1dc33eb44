#ifndef ATOMIC_H
#define ATOMIC_H

#include <stdio.h>

/*
 * Replacing a file atomically, for files that scheduled jobs pick up: the
 * new content goes to a temporary file in the target's folder (a rename
 * never crosses file systems), which is synced, renamed over the target,
 * and the folder synced.  A reader sees the old file or the new one,
 * never half of one; after a failure or a signal the old file is as it
 * was and no temporary file is left.
 *
 * Functions return 0 / NULL on failure with errno set; atomic_error()
 * says what was being done, for the message.
 */

struct atomic;

/*
 * Why TARGET may not be replaced: NULL when it is a regular file, a
 * symbolic link to one, or nothing yet (or cannot be looked at: then
 * atomic_open() says why); else what it is, "a folder", "a device", "a
 * FIFO", "a socket" or "a symbolic link to a missing file", for a message.
 * The strings are static.
 */
const char	*atomic_refusal(const char *target);
/*
 * Begin replacing TARGET, a regular file or nothing yet; through a
 * symbolic link, the file it points to, so that the link stays.  Anything
 * else atomic_refusal() names is refused: NULL, EISDIR or EINVAL.  Create
 * the temporary file ".NAME.XXXXXX" beside it (mkstemp).  With STREAM, atomic_fp() gives a stream on it; without,
 * the caller writes the file at atomic_path() itself (a library that takes
 * a file name, such as libxlsxwriter) and the file is synced at commit.
 * NULL on failure (a missing folder: ENOENT), nothing created.
 */
struct atomic	*atomic_open(const char *target, int stream);
/* The stream on the temporary file; NULL when opened without STREAM. */
FILE		*atomic_fp(struct atomic *);
/* The temporary file's path; valid until commit or abort. */
const char	*atomic_path(const struct atomic *);
/*
 * Finish the temporary file: flush and close the stream, fsync, set the
 * mode of the file it replaces, and its owner and group where the process
 * may (all as root, the group if it is one of ours), or for a new file
 * 0644 less the umask, not mkstemp's 0600.  After
 * this the file's bytes are final and may be read back (hashed) at
 * atomic_path(); nothing more may be written.  0 or -1.
 */
int		 atomic_finish(struct atomic *);
/*
 * Rename the temporary file over the target and fsync the folder, calling
 * atomic_finish() first if the caller did not.  0, A freed; or -1, A still
 * the caller's, to read atomic_error() and then atomic_abort().  Only a
 * failed fsync of the folder comes after the rename: the new file is then
 * in place but its entry may not survive a crash.
 */
int		 atomic_commit(struct atomic *);
/*
 * Give up: close and remove the temporary file, free A.  The target is
 * untouched.  atomic_abort(NULL) does nothing.  errno is preserved.
 */
void		 atomic_abort(struct atomic *);
/* What failed last in A, "writing", "renaming" ...: for messages. */
const char	*atomic_error(const struct atomic *);

#endif
