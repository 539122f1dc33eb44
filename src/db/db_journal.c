/*
 * The registry's journal: a rollback journal, at rest and while writing.
 *
 * The contract asks that read commands create no file and that a registry
 * the user may only read (a read-only file or folder, a copy on read-only
 * media) be readable by every read command and by sqlite3 -readonly.  A
 * WAL-mode file cannot give that: SQLite reads one only where it may
 * create the -wal and -shm files beside it, and every reader creates them.
 * In rollback mode a reader takes a shared lock on the file and writes
 * nothing.
 *
 * Rejected: WAL while a command writes and rollback mode at rest.  The two
 * switches each rewrite the header's change counter, so a refused import
 * (most are refused mid-transaction, at the line that is wrong) would
 * leave the registry's bytes changed, where the contract asks that a
 * failure leave it as it was.  What rollback mode costs: a reader waits
 * for a writer while the writer holds the file exclusively (from its first
 * spill of the page cache to its commit), and past --timeout it exits 4,
 * "busy, safe to retry".
 *
 * A rolled-back transaction leaves the file's bytes as they were only
 * where the file has no free pages: SQLite does not journal a free page it
 * reuses (its content means nothing), so a refused import that wrote into
 * one would leave other bytes there.  The registry is therefore kept in
 * auto_vacuum = FULL, which gives every free page back at each commit;
 * what a transaction writes lands in journaled pages or beyond the end of
 * the file, which the rollback truncates.
 *
 * A writer killed in the middle leaves a "hot" journal that the next
 * connection rolls back; a read-only connection cannot, so a read command
 * that meets one finishes the rollback through a connection of its own
 * where the user may write, as any SQLite program would, and otherwise
 * says who can.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "db_internal.h"

/* The journal mode, lowercased as SQLite gives it, into MODE. */
static int
journal_mode(struct db *db, char *mode, size_t size)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_prepare(db, "PRAGMA journal_mode")) == NULL)
		return DB_ERROR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		snprintf(mode, size, "%s",
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? DB_OK : db_sqlite_fail(db, _("journal mode"));
}

/*
 * A registry made before schema version 10, in WAL mode and with free
 * pages kept, goes to rollback mode and auto_vacuum = FULL; the second
 * takes a VACUUM, once.  SQLite leaves the journal mode as it is, without
 * an error, while another connection has the file open: that is a busy
 * registry.  Nothing is done to a registry already so.
 */
int
db_journal_settle(struct db *db)
{
	char mode[16] = "";
	int rc, vacuum = 0;

	if ((rc = journal_mode(db, mode, sizeof(mode))) != DB_OK)
		return rc;
	if (strcmp(mode, "wal") == 0) {
		if ((rc = db_exec(db, "PRAGMA journal_mode = DELETE")) != DB_OK ||
		    (rc = journal_mode(db, mode, sizeof(mode))) != DB_OK)
			return rc;
		if (strcmp(mode, "wal") == 0) {
			db_fail(db, _("registry '%s' is busy: another process "
			    "has it open, so it stays in WAL mode; run 'powers "
			    "migrate' again when no other program uses it"),
			    db->path);
			return DB_BUSY;
		}
	}
	if ((rc = db_pragma_int(db, "PRAGMA auto_vacuum", &vacuum)) != DB_OK ||
	    vacuum == 1)
		return rc;
	if ((rc = db_exec(db, "PRAGMA auto_vacuum = FULL")) != DB_OK)
		return rc;
	return db_exec(db, "VACUUM");
}

/*
 * Whether the last error of DB's connection is a hot journal that it,
 * read-only, could not roll back.
 */
int
db_journal_is_hot(struct db *db)
{
	return sqlite3_extended_errcode(db->conn) == SQLITE_READONLY_ROLLBACK;
}

/*
 * Roll back the hot journal beside DB's file through a read-write
 * connection of its own, which SQLite does on its first read.  DB_ERROR,
 * saying who may, when this user cannot write the registry or its folder
 * (SQLite then opens the file read-only and meets the journal again).
 */
int
db_journal_recover(struct db *db)
{
	sqlite3 *rw = NULL;
	char *name;
	int rc;

	if ((name = db_plain_path(db->path)) == NULL)
		return db_fail(db, _("out of memory"));
	rc = sqlite3_open_v2(name, &rw, SQLITE_OPEN_READWRITE, NULL);
	free(name);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(rw, db->timeout_ms);
		rc = sqlite3_exec(rw, "PRAGMA application_id", NULL, NULL,
		    NULL);
	}
	if (rc != SQLITE_OK && (rc & 0xff) == SQLITE_BUSY) {
		db_fail(db, _("registry '%s' is busy: locked by another "
		    "process past the timeout"), db->path);
		rc = DB_BUSY;
	} else if (rc != SQLITE_OK)
		rc = db_fail(db, _("registry '%s' has a write that was cut off "
		    "(its '%s-journal' is left from a process that was killed "
		    "or lost power): the next command run by a user who may "
		    "write to the registry and its folder puts it back as it "
		    "was before that write; until then it cannot be read"),
		    db->path, db->path);
	else
		rc = DB_OK;
	sqlite3_close_v2(rw);
	return rc;
}
