#ifndef DB_H
#define DB_H

#include <stddef.h>

/*
 * The registry.  db*.c are the only files that include <sqlite3.h>; they
 * never print, never exit and know no output format: a query hands its
 * rows to the caller's db_row_fn, and the command renders them.
 * Functions return DB_OK or a negative DB_* code and keep the detail for
 * db_errmsg().
 */

struct db;

#define DB_OK		0
#define DB_ERROR	(-1)	/* I/O, SQLite, out of memory: exit 5 */
#define DB_BUSY		(-2)	/* locked past the busy timeout: exit 4 */
#define DB_REJECT	(-3)	/* the input breaks a rule: exit 3 */
#define DB_DAMAGED	(-4)	/* verify found damage: exit 1 */
#define DB_AMBIGUOUS	(-5)	/* a name several rows bear: the caller says */

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
/*
 * Stamp a write whose clock is behind the registry's last record with that
 * record's time, rather than refuse it: powers --after-last-record.
 */
void	db_set_after_last(struct db *db, int on);
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
 * What a cell holds, for a writer that types its values (JSON): the same
 * numbers as out.h's OUT_TEXT and OUT_NUMBER, which rows.c checks.
 */
#define DB_CELL_TEXT	0	/* text; a BLOB comes as lowercase hex */
#define DB_CELL_NUMBER	1	/* an integer or a real, SQLite's text */

/*
 * A row callback: called once with CELLS and TYPES NULL before the first
 * row, so that the NCOL column NAMES are known even when no row comes,
 * then once a row: CELLS (a NULL cell is an SQL NULL, a BLOB its
 * lowercase hex) and the DB_CELL_* of each in TYPES.  All are valid only
 * until it returns.  Nonzero stops the query: the db function returns
 * DB_ERROR, and ARG knows why.
 */
typedef int	db_row_fn(void *arg, int ncol, const char *const *names,
		    const char *const *cells, const int *types);

/*
 * Run a query and hand its rows to ROW, with the query's column names.
 * Parameters not named in SQL are ignored.  *ROWS (may be NULL) gets the
 * row count.  The named queries of the other db_*.c files come through
 * here.
 */
int		 db_query(struct db *, const char *sql,
		    const struct db_param *params, size_t nparams,
		    db_row_fn *row, void *arg, long *rows);

/*
 * Now, in seconds from 1970 (UTC), and as ISO 8601 UTC ("...T...Z", a
 * static buffer).  Only a test build (-DPOWERS_TEST_HOOKS) lets
 * $POWERS_NOW set them.
 */
long long	 db_clock(void);
const char	*db_now(void);

/* ---- The registry's time zone (db_time.c) ---- */

struct tz_span;
/*
 * Make NAME the registry's zone, with its offsets SPANS (tz_spans()), in
 * one transaction of its own.
 */
int		 db_time_zone_set(struct db *, const char *name,
		    const struct tz_span *spans, size_t n);
/* The zone's offset east of UTC, in seconds, at T (seconds from 1970). */
int		 db_utc_offset(struct db *, long long t, long *offset);
/* Today, YYYY-MM-DD, in the registry's zone. */
int		 db_today(struct db *, char out[11]);
/*
 * Answer every query as the registry stood at the end of DAY in its time
 * zone (--as-recorded), or as it is now (NULL): what was recorded later
 * is not seen.
 */
void		 db_set_as_recorded(struct db *, const char *day);
/*
 * Make the queries that follow answer as of DAY, and as recorded as
 * db_set_as_recorded() said (db_as_of.c).  db_query() does it for every
 * query given :as_of; a command that reads more than queries (export's
 * labels name the log's head) does it first.  On a connection opened for
 * writing it does nothing: writes see the tables.  DB_OK or an error.
 */
int		 db_as_of(struct db *, const char *day);


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
 * A field the file does not give (its column is absent, or the cell of
 * an attribute that is never cleared is empty): a row already registered
 * keeps its value, a new row takes the column's default.  Compared by
 * address, never by content.
 */
extern const char DB_IMPORT_KEEP[];

/*
 * What the command says of each field: LABEL names it in messages
 * ("holder (实施主体)"); a new row must give it when NEEDED, else takes
 * DFLT (NULL for none) for DB_IMPORT_KEEP.
 */
struct import_column {
	const char	*label;
	int		 needed;
	const char	*dflt;
};

/*
 * Begin an import: one IMMEDIATE transaction, ended by the caller with
 * db_commit() or db_rollback() after db_import_free().  Foreign keys are
 * checked at commit, so rows may name units that come later in the file.
 * COLS (IMPORT_*_FIELDS of them, code first) stays the caller's and must
 * outlive the import.
 */
int	db_import_begin(struct db *, enum import_what,
	    const struct import_column *cols, struct db_import **);
/* Whether the table was empty when the import began: every row is new. */
int	db_import_fresh(const struct db_import *);
/*
 * Upsert one row by its code: FIELDS in the order above, resolved (codes,
 * not names; "economic", not 经济发展和项目审批类), NULL for none (an
 * empty optional attribute: cleared), DB_IMPORT_KEEP for not given.
 * Returns DB_REJECT with the reason in WHY (WHYSZ bytes) when the code came
 * before in this import, when a new row lacks a field it needs, or when
 * the row would change a unit's kind; changes of attributes are recorded.
 */
int	db_import_row(struct db_import *, const char *const *fields, long line,
	    char *why, size_t whysz);
/*
 * The same with the row's hash H computed already by db_import_hash(),
 * which is pure and may run in another thread (the importing command
 * reads ahead).  db_import_hash() returns 0, or -1 when libcrypto fails.
 * A row with a DB_IMPORT_KEEP field is hashed again once it is whole.
 */
int	db_import_hash(enum import_what, const char *const *fields,
	    unsigned char h[32]);
int	db_import_hashed(struct db_import *, const char *const *fields,
	    const unsigned char *h, long line, char *why, size_t whysz);
/*
 * The checks that need the whole file, run once every row is in: a
 * digits-only code that is another code of the registry or of the file
 * with its leading zeros dropped (Excel's damage), and, for powers, a
 * changed holder or department that would make an entry already in the
 * log break the rules.  Calls EACH with the line and the reason of each
 * problem found; *PROBLEMS gets their number.  Writes nothing.
 */
int	db_import_check(struct db_import *,
	    void (*each)(long line, const char *why, void *arg), void *arg,
	    long *problems);
/*
 * Count what was absent from the file, call EACH on up to MAX of their
 * codes (in code order), record the import in import_run, and give the
 * counts.  Writes, but does not commit.
 */
/*
 * Call EACH on up to MAX of the attributes this import changed, in the
 * order they changed; *TOTAL gets how many there are.
 */
int	db_import_changes(struct db_import *,
	    void (*each)(const char *code, const char *attribute,
	    const char *old_value, const char *new_value, void *arg),
	    void *arg, long max, long *total);
/*
 * The dates of the import's events (migration 0015): its changes hold
 * from CHANGES_FROM, its new rows exist from ADDED_FROM (YYYY-MM-DD); NULL
 * for from the start, as always so.  Before the first row; without it
 * everything holds from the start.
 */
void	db_import_dates(struct db_import *, const char *changes_from,
	    const char *added_from);
int	db_import_finish(struct db_import *, const struct import_meta *,
	    struct import_counts *, void (*each)(const char *code, void *),
	    void *arg, long max);
void	db_import_free(struct db_import *);

/* ---- Browsing (db_list.c) ---- */

/* Filters of 'list'; NULL members do not filter. */
struct power_filter {
	const char	*unit;		/* exercised by this unit's code */
	const char	*kind;		/* exercised by a unit of this kind */
	const char	*department;	/* a department's code */
	const char	*category;	/* code or name */
	const char	*class_name;	/* "economic" or "social" */
	const char	*as_of;		/* YYYY-MM-DD; never NULL */
};

/*
 * The powers with their category and department named, and who exercises
 * each as of the date: the units holding a live grant, else the holder.
 */
int	db_list_powers(struct db *, const struct power_filter *,
	    db_row_fn *row, void *arg);
/* Its query plan, as db_explain() gives it (tests/check_plan.c). */
int	db_list_powers_plan(struct db *, const struct power_filter *,
	    char *buf, size_t size);

/*
 * The schema as SQL, in a stable order, as schema/schema.sql holds it:
 * generated from the migrations, never edited by hand.  Into *SQL; the
 * caller frees it.
 */
int	db_schema_dump(struct db *, char **sql);

/* ---- The delegation log (db_log.c) ---- */

/* One entry to append: codes resolved, mode a name, date YYYY-MM-DD. */
struct log_row {
	const char	*power;
	const char	*from;		/* NULL: the power's holder */
	const char	*to;		/* a cancel's: NULL, its holder */
	const char	*mode;		/* delegate, entrust, revoke, cancel */
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
/*
 * The statements a batch prepares once and runs for its entries, by
 * their use; ?1 is a power's code (tests/check_plan_bulk.c holds their
 * plans while a large batch writes without its later-built indexes).
 */
enum log_sql {
	LOG_SQL_POWER, LOG_SQL_TIMELINE, LOG_SQL_APPEND, LOG_SQL_CLEAR,
	LOG_SQL_SPAN, LOG_SQL_SPAN_END, LOG_SQL_SPAN_DROP, LOG_NSQL
};
extern const char *const db_log_row_sql[LOG_NSQL];

/* ---- Undo (db_undo.c, db_undo_batch.c) ---- */

/*
 * Append the events that reverse import run RUN, as a new run recorded
 * by BY at AT (*UNDO_RUN its id, *CHANGED the rows it changed back), in a
 * transaction the caller ends (db_commit(), or db_rollback() for a dry
 * run).  DB_REJECT, said in WHY, when it cannot be undone.
 */
int	db_undo_import(struct db *, long long run, const char *by,
	    const char *at, long long *undo_run, long *changed, char *why,
	    size_t whysz);
/*
 * The same for the batch of the log that holds entry SEQ (*FIRST and
 * *LAST its first and last seq; *APPENDED the entries that reverse it).
 */
int	db_undo_batch(struct db *, long long seq, const char *by,
	    const char *at, long long *first, long long *last, long *appended,
	    char *why, size_t whysz);

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
/*
 * Check what was recorded after the state of head SINCE ('powers head'
 * printed it), and the parts of the registry that are cheap to check
 * whole: the schema, the import chain, the digests of the attribute
 * changes and the time zone, the units; the log from SINCE's entry on
 * and the grants of the powers of the entries after it.  Weaker than
 * db_verify(): see db_verify.c.  *AT gets SINCE's entry (0: before any),
 * or -1 when SINCE is no state since the last import (then only the
 * schema and the import chain were checked: call db_verify()).  DB_OK,
 * DB_DAMAGED, or an error.  *ENTRIES gets the number of the log's last
 * entry checked.
 */
int	db_verify_since(struct db *, const char *since,
	    void (*report)(const char *msg, void *arg), void *arg,
	    long long *at, long long *entries);
/*
 * The registry's head: one hash over its imports (units, powers,
 * attribute changes), time zone and log, into HEX; *COUNT gets the
 * number of log entries.  See db_verify.c.
 */
int	db_registry_head(struct db *, long long *count, char hex[65]);
/*
 * Why the file at PATH, which db_open() refused, is a damaged registry:
 * 1 with WHY set (truncated, a damaged header, SQLite reads it as
 * corrupt), 0 when it is not (another program's file, a newer registry),
 * -1 when it cannot be read (errno set): verify could not check it.
 */
int	db_verify_unopened(const char *path, char *why, size_t size);

/* ---- Figures and history (db_stats.c) ---- */

/* One part of the figures: a single row (the summary) or a table. */
struct db_section {
	const char	*name;		/* "summary", "by_new_city" ... */
	const char	*title;		/* for people, marked N_() */
	const char	*sql;
	int		 one_row;	/* JSON: an object, not an array */
};

extern const struct db_section db_stats_sections[];
extern const int db_stats_nsections;

/*
 * The rows of one section of the figures as of AS_OF (YYYY-MM-DD); its
 * SQL takes one parameter, :as_of.
 */
int	db_stats_section(struct db *, const struct db_section *,
	    const char *as_of, db_row_fn *row, void *arg);

/* The log in readable form; NULL members do not filter. */
struct history_filter {
	const char	*power;
	const char	*unit;		/* a unit's code: entries to or from it */
	const char	*since;		/* YYYY-MM-DD, effective on or after */
	const char	*until;		/* effective on or before */
};
int	db_history(struct db *, const struct history_filter *,
	    db_row_fn *row, void *arg);
int	db_history_plan(struct db *, const struct history_filter *,
	    char *buf, size_t size);

/* ---- Positive lists, show and diff (db_browse.c) ---- */

/* One unit handed to a caller; the strings are valid until it returns. */
typedef void	db_unit_fn(void *arg, const char *code, const char *name,
		    const char *kind);
/*
 * The unit REF names: the unit whose code is REF, else the one unit whose
 * name is REF (a code wins over a name), else, with FORMER, the one unit
 * that had the name REF before a rename (for a query: a write takes no
 * name but the one a unit bears).  Its code and kind into CODE and KIND
 * (each 64 bytes).  DB_REJECT when none does.  DB_AMBIGUOUS when REF is no
 * code and several units bear that name: each of them goes to EACH (may
 * be NULL), ordered by code, and CODE and KIND are left as they were.
 */
int	db_unit_lookup(struct db *, const char *ref, int former, char *code,
	    char *kind, db_unit_fn *each, void *arg);
/*
 * The units close to REF, for a message about an unknown one: those whose
 * names contain REF or are contained in it, or whose code is REF but for
 * case; the first LIMIT of them to EACH, the closest in length first.
 * *TOTAL gets how many there are in all.  None for an empty REF.
 */
int	db_unit_near(struct db *, const char *ref, int limit, db_unit_fn *each,
	    void *arg, int *total);

/* What a positive list covers: one of unit, kind or department. */
struct positive_filter {
	const char	*unit;		/* a unit's code */
	const char	*kind;		/* "new_city" or "street_town" */
	const char	*department;	/* a department's code */
	const char	*as_of;		/* YYYY-MM-DD */
};

/*
 * The positive list (正面清单): for a unit or a kind, the powers each unit
 * exercises with how it got them, numbered per unit; for a department,
 * its powers split by level (kept by the New Area level, held by new
 * cities, held by streets/towns), numbered per level.  Rows ordered by
 * department and category.  *ROWS gets the count.
 */
int	db_positive_list(struct db *, const struct positive_filter *,
	    db_row_fn *row, void *arg, long *rows);

/* ---- Units (db_unit.c) ---- */

/*
 * Every unit (of KIND, unless NULL) as of AS_OF: code, name, kind,
 * parent, within, the number of powers it exercises that day (as 'unit
 * show' lists them), and retired_from, the day it was retired when that
 * is on or before AS_OF.  The New Area first, then departments, new
 * cities and streets/towns, each by code.
 */
int	db_unit_list(struct db *, const char *kind, const char *as_of,
	    db_row_fn *row, void *arg);
int	db_unit_list_plan(struct db *, const char *kind, const char *as_of,
	    char *buf, size_t size);
/*
 * The parts of 'unit show': the unit, its retirement, the powers it exercises on :as_of
 * (a grantee its live grants, a unit of the New Area level the powers it
 * holds that no unit was given), its entries in the log and the changes
 * imports made to it.  Their SQL takes :code and :as_of.
 */
extern const struct db_section db_unit_show_sections[];
extern const int db_unit_show_nsections;

/* ---- Retiring a unit (db_unit_retire.c) ---- */

/* What 'unit retire' records; NOTE may be NULL. */
struct unit_retire {
	const char	*code, *effective, *document, *note;
	const char	*by, *at;
};

/*
 * End R->code's membership from R->effective: refused (DB_REJECT, the
 * reason in WHY) for the New Area or a department, a unit that holds
 * powers or is retired already, or one with an entry of its own in the
 * log on or after that day (a revoke that day aside).  Each grant live
 * to it that day ends by a revoke entry from its giver on R->document,
 * in one batch of the log (db_log_add()); then the retirement is written
 * as an import run of units whose attribute changes are retired_from,
 * retired_document and retired_note, in the import chain
 * (migrations/0014_retire_units.sql).  *ENDED gets how many grants
 * ended, *NAME (256 bytes) the unit's name.  Begins an IMMEDIATE
 * transaction and leaves it open: the caller ends it with db_commit()
 * or db_rollback().
 */
int	db_unit_retire(struct db *, const struct unit_retire *r, long *ended,
	    char name[256], char *why, size_t whysz);
/* Its queries, for their plans: ?1 the unit's code, ?2 the day. */
extern const char *const db_unit_retire_queries[];
extern const int db_unit_retire_nqueries;

/* The parts of 'show': attributes, current holders, history. */
extern const struct db_section db_show_sections[];
extern const int db_show_nsections;
/* DB_REJECT when no power has CODE. */
int	db_power_exists(struct db *, const char *code);
/* Each part's SQL takes :code and :as_of. */

/* Grants gained and lost between FROM and TO (YYYY-MM-DD). */
int	db_diff(struct db *, const char *from, const char *to,
	    db_row_fn *row, void *arg, long *rows);
int	db_diff_plan(struct db *, const char *from, const char *to,
	    char *buf, size_t size);
/*
 * What the unit whose code is UNIT gained and lost between FROM and TO:
 * the grants given to it or by it that changed, each with the entry that
 * made the change and who recorded it.
 */
int	db_diff_unit(struct db *, const char *unit, const char *from,
	    const char *to, db_row_fn *row, void *arg, long *rows);
int	db_diff_unit_plan(struct db *, const char *unit, const char *from,
	    const char *to, char *buf, size_t size);

/* ---- Exports, backups (db_export.c, db_backup.c) ---- */

/*
 * The query plan of the positive list F asks for into BUF (SIZE bytes),
 * a step a line as EXPLAIN QUERY PLAN words it ("SEARCH g USING INDEX
 * grant_span_by_unit (to_unit=? AND start_date<?)"): for tests/check_plan.c.
 */
int	db_positive_list_plan(struct db *, const struct positive_filter *f,
	    char *buf, size_t size);

/*
 * The plan of SQL with PARAMS bound, as db_positive_list_plan() gives it
 * (db_explain.c).  A plan longer than SIZE is an error.
 */
int	db_explain(struct db *, const char *sql, const struct db_param *params,
	    size_t nparams, char *buf, size_t size);

/*
 * One read transaction: every query until db_read_end() sees the same
 * snapshot of the registry, whatever writers commit meanwhile (WAL).
 * DB_BUSY when the registry stays locked past the timeout.
 */
int	db_read_begin(struct db *);
int	db_read_end(struct db *);

/*
 * The rows of an export, WHAT being "powers" (every attribute, the note,
 * who exercises each power as of F->as_of), "grants" (live as of
 * F->as_of), "log" (the whole log by seq; as_of ignored) or
 * "positive-list" (as db_positive_list()).  F's unit, kind and department
 * filter (NULL: not); their meaning for each is in db_export.c.
 */
int	db_export_rows(struct db *, const char *what,
	    const struct positive_filter *f, db_row_fn *row, void *arg,
	    long *rows);
/* The name of the unit with CODE into *NAME (caller frees); DB_REJECT. */
int	db_unit_name(struct db *, const char *code, char **name);
/*
 * When the registry last changed, in seconds since 1970: the latest
 * import or log entry's recorded time; 0 for an empty registry.  A date
 * for files that must not carry the time they were written.
 */
int	db_changed_at(struct db *, long long *when);

/* What a manifest describes; NULL members are JSON nulls. */
struct export_manifest {
	const char	*file;		/* --out as given, "-" for stdout */
	const char	*what;
	const char	*format;
	const char	*unit, *kind, *department;
	const char	*as_of;
	const char	*sha256;	/* hex, of the bytes written */
	long long	 bytes;
	long		 rows;
};
/*
 * The manifest as one JSON object built by SQLite's json_object(), with
 * the log's head and the program's version added, into *JSON (caller
 * frees; no trailing newline).
 */
int	db_export_manifest(struct db *, const struct export_manifest *,
	    char **json);

/*
 * Copy the registry into PATH, an empty file the caller made, with
 * SQLite's online backup API in one step: one read transaction, so the
 * copy is a consistent snapshot while writers go on (WAL).  *PAGES (may
 * be NULL) gets the pages copied (db_backup.c).
 */
int	db_backup(struct db *, const char *path, long *pages);

/* ---- Ad-hoc SQL (db_sql.c) ---- */

/*
 * db_sql() only: the query is empty, holds more than one statement, or
 * lacks a parameter's value; a usage error (exit 2), not a rejected input.
 */
#define DB_SQL_USAGE	(-10)
/* db_sql()'s time limit when none is given, in seconds. */
#define DB_SQL_TIMEOUT	10.0
/* The longest value (string or blob) and LIKE or GLOB pattern in db_sql(). */
#define DB_SQL_MAX_LENGTH	1000000
#define DB_SQL_MAX_PATTERN	200
/*
 * Seconds of CPU past the time limit after which db_sql() raises SIGPROF,
 * for a query stuck inside a single long function call.
 */
#define DB_SQL_GRACE	1.0

/*
 * Run SQL, one statement that only reads, and hand its rows to ROW as
 * db_query() does.  The registry cannot be written, attached
 * to or vacuumed, whatever SQL says and however the connection was
 * opened; no file is created.  PARAMS give the values of the statement's
 * named parameters, matched by name with or without its ':', '@' or '$';
 * those not named are ignored.  The statement is interrupted after
 * TIMEOUT seconds.  Returns DB_OK; DB_REJECT when the statement would
 * write, attach, vacuum or set a pragma, calls a function that reaches
 * files (load_extension()), makes a value longer than DB_SQL_MAX_LENGTH
 * or a pattern longer than DB_SQL_MAX_PATTERN, or SQLite rejects it (a
 * syntax error, no such table), the message saying what; DB_SQL_USAGE as
 * above; DB_BUSY; or DB_ERROR, also when the time limit passed.  The
 * connection is left as it was found.  A query still stepping after
 * TIMEOUT + DB_SQL_GRACE seconds of CPU raises SIGPROF, whose default
 * ends the process: the caller catches it to say why (cmd_sql.c).
 */
int	db_sql(struct db *, const char *sql, const struct db_param *params,
	    size_t nparams, double timeout, db_row_fn *row, void *arg,
	    long *rows);

/*
 * Every table and view, a row each: name, kind ("table" or "view") and
 * its line in schema_doc, empty when it has none, so that nothing is
 * hidden from ad-hoc SQL users.
 */
int	db_schema_list(struct db *, db_row_fn *row, void *arg);

/*
 * The columns of table or view NAME, a row each: column, type and its
 * line in schema_column_doc (empty when it has none).  DB_REJECT when
 * there is no table or view NAME.
 */
int	db_schema_columns(struct db *, const char *name, db_row_fn *row,
	    void *arg);

#endif
