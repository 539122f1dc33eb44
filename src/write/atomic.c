/*
 * Replacing a file atomically: a temporary file in the target's folder,
 * fsync, rename, fsync of the folder (the order that ext4, XFS and the
 * POSIX rename guarantee together make crash-safe).
 *
 * A temporary file must not outlive a killed job either: cron's timeout
 * or an operator's ^C would otherwise leave ".out.csv.Xa3f9Q" files to pile
 * up.  The paths in flight are kept in a small table that a handler for
 * the terminating signals unlinks before dying of the signal as before.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"

/* Temporary files in flight at once: the output and its manifest. */
#define ATOMIC_MAX	4

struct atomic {
	char		*target;
	char		*dir;		/* the target's folder, for its fsync */
	char		*tmp;		/* the temporary file */
	FILE		*fp;		/* NULL without STREAM or once closed */
	mode_t		 mode;		/* the old file's, else 0644 less umask */
	uid_t		 uid;		/* the old file's owner and group */
	gid_t		 gid;
	int		 replaces;	/* a file is there: keep its owner */
	int		 finished;	/* synced and closed: bytes final */
	int		 renamed;	/* the target is the new file */
	const char	*error;		/* what failed last */
};

/*
 * Written only with the signals below blocked, read by the handler; the
 * strings belong to the struct atomic that registered them.
 */
static const char *volatile pending[ATOMIC_MAX];
static const int atomic_signals[] = {
	SIGHUP, SIGINT, SIGTERM, SIGPIPE, SIGXFSZ
};
#define NSIGNALS (sizeof(atomic_signals) / sizeof(atomic_signals[0]))

/* Unlink what is in flight, then die of SIG as if never caught. */
static void
on_signal(int sig)
{
	size_t i;

	for (i = 0; i < ATOMIC_MAX; i++)
		if (pending[i] != NULL)
			unlink(pending[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * Install the handler once, and only over the default action: a signal
 * the caller ignores (nohup's SIGHUP) stays ignored.
 */
static void
catch_signals(void)
{
	static int done;
	struct sigaction sa, old;
	size_t i;

	if (done)
		return;
	done = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < NSIGNALS; i++) {
		if (sigaction(atomic_signals[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_DFL)
			sigaction(atomic_signals[i], &sa, NULL);
	}
}

/* Add PATH to the table (ADD) or take it out, with the signals blocked. */
static void
track(const char *path, int add)
{
	sigset_t all, saved;
	size_t i;

	sigemptyset(&all);
	for (i = 0; i < NSIGNALS; i++)
		sigaddset(&all, atomic_signals[i]);
	sigprocmask(SIG_BLOCK, &all, &saved);
	for (i = 0; i < ATOMIC_MAX; i++) {
		if (add && pending[i] == NULL) {
			pending[i] = path;
			break;
		}
		if (!add && pending[i] == path) {
			pending[i] = NULL;
			break;
		}
	}
	sigprocmask(SIG_SETMASK, &saved, NULL);
}

static void
atomic_free(struct atomic *a)
{
	track(a->tmp, 0);
	free(a->tmp);
	free(a->dir);
	free(a->target);
	free(a);
}

const char *
atomic_refusal(const char *target)
{
	struct stat sb;

	if (lstat(target, &sb) != 0)
		return NULL;
	if (S_ISLNK(sb.st_mode) && stat(target, &sb) != 0)
		return errno == ENOENT ? "a symbolic link to a missing file" :
		    NULL;
	if (S_ISREG(sb.st_mode))
		return NULL;
	if (S_ISDIR(sb.st_mode))
		return "a folder";
	if (S_ISFIFO(sb.st_mode))
		return "a FIFO";
	if (S_ISSOCK(sb.st_mode))
		return "a socket";
	if (S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode))
		return "a device";
	return "not a file";
}

/*
 * As coreutils' install and cp do, look at what is there first (lstat):
 * a regular file is replaced, keeping its mode, owner and group; a
 * symbolic link is followed to the file it names, which is replaced
 * there, so that the link stays; anything else is refused, since a rename
 * over /dev/null or a FIFO would put a regular file in its place.
 */
struct atomic *
atomic_open(const char *target, int stream)
{
	struct atomic *a;
	struct stat sb;
	const char *slash, *base;
	char *real = NULL;
	mode_t mask;
	size_t dirlen;
	int fd, saved;

	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	a->error = "creating a temporary file";
	if (lstat(target, &sb) == 0) {
		if (S_ISLNK(sb.st_mode)) {
			/* A link to nothing is not written through (cp). */
			if ((real = realpath(target, NULL)) == NULL ||
			    stat(real, &sb) != 0)
				goto fail;
			target = real;
		}
		if (!S_ISREG(sb.st_mode)) {
			errno = S_ISDIR(sb.st_mode) ? EISDIR : EINVAL;
			goto fail;
		}
		a->replaces = 1;
		a->mode = sb.st_mode & 07777;
		a->uid = sb.st_uid;
		a->gid = sb.st_gid;
	}
	slash = strrchr(target, '/');
	base = slash ? slash + 1 : target;
	if (*base == '\0') {
		/* "dir/" names a folder, which cannot be replaced. */
		errno = EISDIR;
		goto fail;
	}
	dirlen = slash ? (size_t)(slash - target) : 0;
	if ((a->target = strdup(target)) == NULL ||
	    (a->dir = slash ? strndup(target, dirlen ? dirlen : 1) :
	    strdup(".")) == NULL ||
	    (a->tmp = malloc(strlen(target) + sizeof(".") +
	    sizeof(".XXXXXX"))) == NULL)
		goto fail;
	/* Hidden, beside the target: ".out.csv.Xa3f9Q". */
	sprintf(a->tmp, "%.*s.%s.XXXXXX", (int)(base - target), target, base);

	if (!a->replaces) {
		mask = umask(0);
		umask(mask);
		a->mode = 0644 & ~mask;
	}

	catch_signals();
	track(a->tmp, 1);
	if ((fd = mkstemp(a->tmp)) == -1) {
		track(a->tmp, 0);
		goto fail;
	}
	if (stream) {
		if ((a->fp = fdopen(fd, "w")) == NULL) {
			saved = errno;
			close(fd);
			unlink(a->tmp);
			errno = saved;
			track(a->tmp, 0);
			goto fail;
		}
	} else
		close(fd);
	free(real);
	a->error = NULL;
	return a;
fail:
	saved = errno;
	free(real);
	free(a->tmp);
	free(a->dir);
	free(a->target);
	free(a);
	errno = saved;
	return NULL;
}

FILE *
atomic_fp(struct atomic *a)
{
	return a->fp;
}

const char *
atomic_path(const struct atomic *a)
{
	return a->tmp;
}

const char *
atomic_error(const struct atomic *a)
{
	return a->error ? a->error : "replacing the file";
}

int
atomic_finish(struct atomic *a)
{
	FILE *fp = a->fp;
	int fd, saved;

	if (a->finished)
		return 0;
	if (fp != NULL) {
		a->fp = NULL;
		a->error = "writing";
		if (fflush(fp) == EOF || ferror(fp)) {
			saved = errno;
			fclose(fp);
			errno = saved ? saved : EIO;
			return -1;
		}
		fd = dup(fileno(fp));
		if (fclose(fp) == EOF) {
			saved = errno;
			if (fd != -1)
				close(fd);
			errno = saved;
			return -1;
		}
		if (fd == -1)
			return -1;
	} else {
		/* Written by name: reopen what is there now. */
		a->error = "opening the written file";
		fd = open(a->tmp, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd == -1)
			return -1;
	}
	/*
	 * The old file's owner and group where we may set them: all as
	 * root, the group alone if we are in it, else neither (EPERM).  The
	 * owner first: a chown clears the set-id bits that fchmod sets.
	 */
	a->error = "setting the owner";
	if (a->replaces && fchown(fd, a->uid, a->gid) == -1 &&
	    (errno != EPERM || (fchown(fd, (uid_t)-1, a->gid) == -1 &&
	    errno != EPERM))) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	a->error = "syncing";
	if (fchmod(fd, a->mode) == -1 || fsync(fd) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	if (close(fd) == -1)
		return -1;
	a->finished = 1;
	a->error = NULL;
	return 0;
}

int
atomic_commit(struct atomic *a)
{
	int fd, saved;

	if (atomic_finish(a) == -1)
		return -1;
	a->error = "renaming the temporary file";
	if (rename(a->tmp, a->target) == -1)
		return -1;
	/* The temporary name is gone: nothing for the handler to remove. */
	a->renamed = 1;
	track(a->tmp, 0);
	a->error = "syncing the folder";
	if ((fd = open(a->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	if (fsync(fd) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	close(fd);
	atomic_free(a);
	return 0;
}

void
atomic_abort(struct atomic *a)
{
	int saved = errno;

	if (a == NULL)
		return;
	if (a->fp != NULL)
		fclose(a->fp);
	/* After the rename the name is free, maybe taken by another run. */
	if (!a->renamed)
		unlink(a->tmp);
	atomic_free(a);
	errno = saved;
}
