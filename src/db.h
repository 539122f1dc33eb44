#ifndef DB_H
#define DB_H

#include <stddef.h>
#include <stdio.h>

#include "out.h"

/*
 * The registry.  db*.c are the only files that include <sqlite3.h>; they
 * never print and never exit.  Functions return DB_OK or a negative DB_*
 * code and keep the detail for db_errmsg().
 */

struct db;

#define DB_OK		0
#define DB_ERROR	(-1)	/* I/O, SQLite, out of memory: exit 5 */
#define DB_BUSY		(-2)	/* locked past the busy timeout: exit 4 */
#define DB_REJECT	(-3)	/* the input breaks a rule: exit 3 */
#define DB_DAMAGED	(-4)	/* verify found damage: exit 1 */

enum db_mode {
	DB_CREATE,	/* init: a new registry; refuses an existing one */
	DB_READ,	/* read-only; the schema must be current */
	DB_WRITE,	/* read-write; the schema must be current */
	DB_MIGRATE	/* read-write; any older schema */
};

/*
 * Open the registry at PATH.  *DBP is set whenever memory allows, also on
 * failure, so that db_errmsg() can say why; db_close() it either way.
 * TIMEOUT_MS is how long to wait for a lock.
 */
int		 db_open(struct db **dbp, const char *path, enum db_mode mode,
		    int timeout_ms);
void		 db_close(struct db *);
/* The last error, lowercase, without the program name.  Never NULL. */
const char	*db_errmsg(const struct db *);

/* One writing transaction: BEGIN IMMEDIATE, so that a lock waits here. */
int		 db_begin(struct db *);
int		 db_commit(struct db *);
/* Roll back if a transaction is open; safe to call at any time. */
void		 db_rollback(struct db *);

/* Migrations: the registry's version and the program's. */
int		 db_schema_version(struct db *, int *version);
int		 db_schema_latest(void);
/*
 * Apply every pending migration, each in its own transaction together
 * with its user_version.  DONE (may be NULL) is called after each.
 */
int		 db_migrate(struct db *,
		    void (*done)(int number, const char *name, void *arg),
		    void *arg);

/* Bind a named parameter (":name") to a text value, for db_query(). */
struct db_param {
	const char	*name;
	const char	*value;	/* NULL binds NULL */
};

/*
 * Run a query and write its rows to FP in FORMAT, with the query's column
 * names as headers; JSON rows are built by SQLite's json_object().
 * Parameters not named in SQL are ignored.  *ROWS (may be NULL) gets the
 * row count.
 */
int		 db_query(struct db *, const char *sql,
		    const struct db_param *params, size_t nparams,
		    FILE *fp, enum out_format format, long *rows);

/* Now, as ISO 8601 UTC; $POWERS_NOW overrides it, for tests. */
const char	*db_now(void);

#endif

/* ---- Imports of units and powers (db_import.c) ---- */

struct refs;

/* Load the units and categories that rows are checked against. */
int		 db_refs_load(struct db *, struct refs *);

enum import_what {
	IMPORT_UNITS,	/* fields: code, name, kind, parent, within */
	IMPORT_POWERS	/* fields: code, name, category, department, class,
			   legal_basis, holder, note */
};
#define IMPORT_UNIT_FIELDS	5
#define IMPORT_POWER_FIELDS	8

struct import_counts {
	long	rows, added, changed, unchanged, absent;
};

/* Where an import came from, for its record in import_run. */
struct import_meta {
	const char	*file;
	const char	*sha256;	/* hex */
	const char	*encoding;
	const char	*dialect;
	const char	*operator_name;
	const char	*at;		/* ISO 8601 */
};

struct db_import;

/*
 * Begin an import: one IMMEDIATE transaction, ended by the caller with
 * db_commit() or db_rollback() after db_import_free().  Foreign keys are
 * checked at commit, so rows may name units that come later in the file.
 */
int	db_import_begin(struct db *, enum import_what, struct db_import **);
/*
 * Upsert one row by its code: FIELDS in the order above, resolved (codes,
 * not names; "economic", not 经济发展和项目审批类), NULL for none.
 * Returns DB_REJECT when the code came before in this import, with that
 * row's line in *FIRST_LINE; changes of attributes are recorded.
 */
int	db_import_row(struct db_import *, const char *const *fields, long line,
	    long *first_line);
/*
 * Count what was absent from the file, call EACH on up to MAX of their
 * codes (in code order), record the import in import_run, and give the
 * counts.  Writes, but does not commit.
 */
int	db_import_finish(struct db_import *, const struct import_meta *,
	    struct import_counts *, void (*each)(const char *code, void *),
	    void *arg, long max);
void	db_import_free(struct db_import *);

/* ---- Browsing (db_list.c) ---- */

/* Filters of 'list'; NULL members do not filter. */
struct power_filter {
	const char	*department;
	const char	*category;
	const char	*class_name;
};

/* The powers with their category, department and holder names. */
int	db_list_powers(struct db *, const struct power_filter *, FILE *,
	    enum out_format);

/*
 * Write the schema as SQL, in a stable order, as schema/schema.sql holds
 * it: generated from the migrations, never edited by hand.
 */
int	db_schema_dump(struct db *, FILE *);

/* ---- The delegation log (db_log.c) ---- */

/* One entry to append: codes resolved, mode a name, date YYYY-MM-DD. */
struct log_row {
	const char	*power;
	const char	*from;		/* NULL: the power's holder */
	const char	*to;
	const char	*mode;		/* "delegate", "entrust", "revoke" */
	const char	*document;
	const char	*effective;
	const char	*note;
};

struct log_counts {
	long	appended, skipped;
};

struct db_log;

/*
 * Begin a batch of entries recorded by BY at AT, under the batch id BATCH:
 * one IMMEDIATE transaction, ended by the caller with db_commit() or
 * db_rollback() after db_log_free().
 */
int	db_log_begin(struct db *, const char *batch, const char *by,
	    const char *at, struct db_log **);
/*
 * Check ROW against the rules as of its date, with every entry logged
 * before it (this batch's included), and append it.  Returns DB_OK, or
 * DB_REJECT with the reason in WHY, or an error.  An entry identical to
 * one logged is skipped and counted.
 */
int	db_log_add(struct db_log *, const struct log_row *row, char *why,
	    size_t whysz);
void	db_log_counts(const struct db_log *, struct log_counts *);
void	db_log_free(struct db_log *);

/* The chain's head: the number of entries and the last hash (hex). */
int	db_log_head(struct db *, long long *count, char hex[65]);

/* ---- Integrity (db_verify.c) ---- */

/*
 * Check the registry: SQLite's integrity_check and foreign_key_check, the
 * import chain, every unit's and power's hash and the digests of both
 * tables, the delegation log's chain, that its head is EXPECT_HEAD's
 * entry or later (NULL: not checked), and that the grants equal a replay
 * of the log.  Each problem goes to REPORT.  Returns DB_OK when all hold,
 * DB_DAMAGED when one does not, or an error.  *ENTRIES gets the number of
 * log entries checked.
 */
int	db_verify(struct db *, const char *expect_head,
	    void (*report)(const char *msg, void *arg), void *arg,
	    long long *entries);

/* ---- Figures and history (db_stats.c) ---- */

/* One part of the figures: a single row (the summary) or a table. */
struct db_section {
	const char	*name;		/* "summary", "by_new_city" ... */
	const char	*title;		/* for people */
	const char	*sql;
	int		 one_row;	/* JSON: an object, not an array */
};

extern const struct db_section db_stats_sections[];
extern const int db_stats_nsections;

/* One section of the figures as of AS_OF (YYYY-MM-DD), in FORMAT. */
int	db_stats_section(struct db *, const struct db_section *,
	    const char *as_of, FILE *, enum out_format);
/*
 * Sections as one JSON object, each member built by SQLite's JSON
 * functions: {"summary": {...}, "by_new_city": [...], ...}.
 */
int	db_query_json_sections(struct db *, const struct db_section *, int n,
	    const struct db_param *, size_t nparams, FILE *);

/* The log in readable form; NULL members do not filter. */
struct history_filter {
	const char	*power;
	const char	*since;		/* YYYY-MM-DD, effective on or after */
	const char	*until;		/* effective on or before */
};
int	db_history(struct db *, const struct history_filter *, FILE *,
	    enum out_format);
