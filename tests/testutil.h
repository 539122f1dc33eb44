#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <check.h>
#include <stddef.h>

#include "db.h"

/* Every suite's prototype, from the list the build makes (suites.h). */
#define SUITE(name) Suite *name(void);
#include "suites.h"
#undef SUITE

/*
 * Write LEN bytes of DATA to a new temporary file and return its path
 * (static storage, valid until the next call).  Aborts the test on error.
 */
const char	*tu_write_temp(const void *data, size_t len);

/* Read a whole file; *LEN gets its size.  Caller frees.  NULL on error. */
char		*tu_read_file(const char *path, size_t *len);

/* The repository's top folder, from which fixtures/ is reached. */
const char	*tu_top(void);

/*
 * A fresh in-memory registry, read-write, the migrations applied: the
 * suites' one way to make one.  Aborts the test on error; db_close() it.
 */
struct db	*tu_fresh_registry(void);
/*
 * A new registry file, the migrations applied, its name (under /tmp) into
 * PATH (SIZE bytes, 24 at least), closed.  Aborts the test on error; the
 * caller unlinks it.
 */
void		 tu_registry_file(char *path, size_t size);

/* Whether a line of PLAN (db_explain()'s) starts with PREFIX. */
int		 tu_has_line(const char *plan, const char *prefix);
/*
 * One import of ROWS (N of them, NF fields each, as db_import_row() takes
 * them) into WHAT, its changes from FROM (NULL: from the start), in its
 * own transaction, committed.  Aborts the test on error.
 */
void		 tu_import_rows(struct db *db, enum import_what what,
		    const char *const *rows, int n, int nf, const char *from);

#endif
