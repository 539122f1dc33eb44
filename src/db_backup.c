/*
 * A consistent copy of the registry, with SQLite's online backup API.
 */
#include <stdlib.h>

#include "db_internal.h"

/*
 * One step of -1 pages copies the whole database under one read
 * transaction.  In WAL mode that snapshot does not block writers, and
 * none of their commits can restart it, as they would restart a backup
 * done in small steps: under a steady writer that might never finish.
 *
 * The copy needs no journal: it is a temporary file until the caller
 * renames it, and a journal would only leave a "-journal" file beside it
 * if the process were killed.  Page 1 comes from the registry, so the
 * copy is a WAL-mode registry like the original.
 */
int
db_backup(struct db *db, const char *path, long *pages)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	char *name;
	int rc, step;

	if ((name = db_plain_path(path)) == NULL)
		return db_fail(db, "out of memory");
	rc = sqlite3_open_v2(name, &dst, SQLITE_OPEN_READWRITE, NULL);
	free(name);
	if (rc != SQLITE_OK) {
		rc = db_fail(db, "backup: '%s': %s", path, dst ?
		    sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	if (sqlite3_exec(dst, "PRAGMA journal_mode = OFF", NULL, NULL,
	    NULL) != SQLITE_OK) {
		rc = db_fail(db, "backup: %s", sqlite3_errmsg(dst));
		goto out;
	}
	if ((b = sqlite3_backup_init(dst, "main", db->conn, "main")) == NULL) {
		rc = db_fail(db, "backup: %s", sqlite3_errmsg(dst));
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
		db_fail(db, "registry '%s' is busy: locked by another process "
		    "past the timeout", db->path);
		rc = DB_BUSY;
		break;
	default:
		rc = db_fail(db, "backup: %s", sqlite3_errstr(step));
		break;
	}
out:
	if (sqlite3_close(dst) != SQLITE_OK && rc == DB_OK)
		rc = db_fail(db, "backup: closing the copy failed");
	return rc;
}
