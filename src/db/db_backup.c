/*
 * A consistent copy of the registry, with SQLite's online backup API.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "db_internal.h"

/*
 * One step of -1 pages copies the whole database under one read
 * transaction.  In WAL mode that snapshot does not block writers, and
 * none of their commits can restart it, as they would restart a backup
 * done in small steps: under a steady writer that might never finish.
 *
 * The copy needs no journal: it is a temporary file until the caller
 * renames it, and a journal would only leave a "-journal" file beside it
 * if the process were killed.
 *
 * Page 1 comes from the registry, which is in rollback mode (db_journal.c)
 * unless a 'powers migrate' could not yet take it out of WAL mode: then
 * so would the copy be, and SQLite reads a WAL-mode file only where it may
 * create its -wal and -shm files, or not at all on read-only media.  A
 * backup must open read-only anywhere, so once the copy is closed its
 * header is set to rollback mode: bytes 18 and 19, the file format's
 * write and read versions, 1 for a rollback journal and 2 for WAL (the
 * two bytes PRAGMA journal_mode changes).  The copy is closed, has no
 * WAL and is no one else's yet, so nothing else is in it to change.
 * Rejected: PRAGMA journal_mode = DELETE on the copy, which would first
 * open it in WAL and create the -wal and -shm files beside it; VACUUM
 * INTO, which writes a -journal beside its output.
 */
/* Set the header of the closed SQLite file at PATH to rollback mode. */
static int
rollback_mode(const char *path)
{
	static const unsigned char version[2] = { 1, 1 };
	int fd, saved;

	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) == -1)
		return -1;
	if (pwrite(fd, version, 2, 18) != 2) {
		saved = errno;
		close(fd);
		errno = saved ? saved : EIO;
		return -1;
	}
	return close(fd);
}

int
db_backup(struct db *db, const char *path, long *pages)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	char *name;
	int rc, step;

	if ((name = db_plain_path(path)) == NULL)
		return db_fail(db, _("out of memory"));
	rc = sqlite3_open_v2(name, &dst, SQLITE_OPEN_READWRITE, NULL);
	free(name);
	if (rc != SQLITE_OK) {
		rc = db_fail(db, _("backup: '%s': %s"), path, dst ?
		    sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	if (sqlite3_exec(dst, "PRAGMA journal_mode = OFF", NULL, NULL,
	    NULL) != SQLITE_OK) {
		rc = db_fail(db, _("backup: %s"), sqlite3_errmsg(dst));
		goto out;
	}
	if ((b = sqlite3_backup_init(dst, "main", db->conn, "main")) == NULL) {
		rc = db_fail(db, _("backup: %s"), sqlite3_errmsg(dst));
		goto out;
	}
	step = sqlite3_backup_step(b, -1);
	if (pages != NULL)
		*pages = sqlite3_backup_pagecount(b);
	sqlite3_backup_finish(b);
	switch (step & 0xff) {
	case SQLITE_DONE:
		rc = DB_OK;
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		db_fail(db, _("registry '%s' is busy: locked by another process "
		    "past the timeout"), db->path);
		rc = DB_BUSY;
		break;
	default:
		rc = db_fail(db, _("backup: %s"), sqlite3_errstr(step));
		break;
	}
out:
	if (sqlite3_close(dst) != SQLITE_OK && rc == DB_OK)
		rc = db_fail(db, _("backup: closing the copy failed"));
	if (rc == DB_OK && rollback_mode(path) != 0)
		rc = db_fail(db, _("backup: setting the copy's journal mode: %s"),
		    strerror(errno));
	return rc;
}
