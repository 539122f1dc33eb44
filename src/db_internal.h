#ifndef DB_INTERNAL_H
#define DB_INTERNAL_H

/*
 * What the db*.c files share and nothing else sees: the connection and
 * the error slot.
 */

#include <sqlite3.h>

#include "db.h"

struct db {
	sqlite3		*conn;
	char		*path;
	int		 in_tx;
	char		 err[1024];
};

/* Keep a message for db_errmsg(); printf-style.  Returns DB_ERROR. */
int	db_fail(struct db *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * Keep SQLite's last error with a prefix saying what was being done, and
 * map its code: busy or locked gives DB_BUSY, a constraint DB_REJECT,
 * anything else DB_ERROR.
 */
int	db_sqlite_fail(struct db *, const char *doing);
/* Prepare SQL, or keep the error; NULL on failure. */
sqlite3_stmt	*db_prepare(struct db *, const char *sql);
/* Run SQL without results (DDL, pragmas); DB_OK or an error code. */
int	db_exec(struct db *, const char *sql);
/* Bind a text or NULL by position (SQLITE_TRANSIENT). */
int	db_bind_text(sqlite3_stmt *, int pos, const char *value);
/* Copy column I of the current row; NULL for SQL NULL.  Caller frees. */
char	*db_column_dup(sqlite3_stmt *, int i);

#endif
