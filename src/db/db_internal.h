#ifndef DB_INTERNAL_H
#define DB_INTERNAL_H

/*
 * What the db*.c files share and nothing else sees: the connection and
 * the error slot.
 */

#include <sqlite3.h>
#include <time.h>

#include "db.h"
#include "hash.h"
#include "refs.h"
#include "replay.h"

/* PRAGMA application_id of every registry: "PWRS". */
#define POWERS_APPLICATION_ID 0x50575253

struct db {
	sqlite3		*conn;
	char		*path;
	int		 in_tx;
	int		 timeout_ms;	/* as opened: for a second connection */
	char		 err[1024];
	/*
	 * The answer as recorded at the end of this day (empty: now), and
	 * the day the TEMP views of db_as_of.c were last made for.
	 */
	char		 as_recorded[11];
	char		 shadow_day[11];
	int		 shadow_set;
	int		 ad_hoc;	/* db_sql(): :as_of is the user's */
	int		 after_last;	/* db_set_after_last() */
	/*
	 * The CREATE INDEX statements of the indexes a bulk write dropped
	 * in this transaction (db_bulk_defer()), as sqlite_schema held
	 * them: made again by db_commit(), forgotten by db_rollback().
	 */
	char		**deferred;
	size_t		 ndeferred, deferredcap;
};



/*
 * PATH as a plain file name for sqlite3_open_v2(), never a URI: "./"
 * before a relative one.  NULL for want of memory; caller frees.
 */
char	*db_plain_path(const char *path);
/*
 * The time to record for a write made at AT (ISO 8601 UTC), into OUT: AT,
 * or the last record's time when AT is before it by a few minutes, or by
 * any amount after db_set_after_last(); DB_ERROR with the message when
 * AT is further behind (db_clock.c).
 */
int	db_record_time(struct db *db, const char *at, char out[32]);
/* Keep a message for db_errmsg(); printf-style.  Returns DB_ERROR. */
int	db_fail(struct db *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * Keep SQLite's last error with a prefix saying what was being done, and
 * map its code: busy or locked gives DB_BUSY, a constraint DB_REJECT,
 * anything else DB_ERROR.
 */
int	db_sqlite_fail(struct db *, const char *doing);
/*
 * The digests the import chain records (db_verify_chain.c): XOR into DIGEST
 * the hash of every attribute_change row whose id is above AFTER; the
 * hash of time_zone and time_zone_offset into OUT.  DB_OK or an error.
 */
int	db_changes_digest(struct db *, long long after,
	    unsigned char digest[32]);
int	db_zone_digest(struct db *, unsigned char out[32]);
/*
 * The attribute changes above ?1 as the changes digest hashes them: the
 * date of a dated change (migration 0015) after its attribute and a line
 * feed, so that a row recorded before that migration keeps its hash.
 */
#define DB_CHANGES_HASHED \
	"SELECT id, import_run, entity, code,\n" \
	"    CASE WHEN effective IS NULL THEN attribute\n" \
	"        ELSE attribute || char(10) || effective END,\n" \
	"    old_value, new_value FROM attribute_change WHERE id > ?1"
/* A run's extra_hash: over its HASH, CHANGES and ZONE digests.  0, -1. */
int	db_import_extra_hash(const unsigned char *hash,
	    const unsigned char *changes, const unsigned char *zone,
	    unsigned char out[32]);
/* Prepare SQL, or keep the error; NULL on failure. */
sqlite3_stmt	*db_prepare(struct db *, const char *sql);
/* Run SQL without results (DDL, pragmas); DB_OK or an error code. */
int	db_exec(struct db *, const char *sql);
/* Bind a text or NULL by position (SQLITE_TRANSIENT). */
int	db_bind_text(sqlite3_stmt *, int pos, const char *value);
/* Copy column I of the current row; NULL for SQL NULL.  Caller frees. */
char	*db_column_dup(sqlite3_stmt *, int i);

/* ---- The rules of a day's grants, written once for every query ---- */

/*
 * SQL that is true when grant span G (its alias, a string literal) is
 * live on DAY (an SQL expression, ":as_of"): it started on or before that
 * day and had not ended by it (end_date is the first day without it,
 * db_log.c).  Every query of a day's grants says it with this; the views
 * live_grants and positive_list say it of today in migrations/.  Macros,
 * so that the queries stay static strings joined at compile time.
 */
#define DB_LIVE(g, day) \
	"(" g ".start_date <= " day " AND (" g ".end_date IS NULL OR " \
	g ".end_date > " day "))"

/*
 * SQL that is true when the power whose code is CODE (an SQL expression)
 * is not cancelled on DAY: no cancel entry of it takes effect on or
 * before that day.  Every list and count of powers as of a day says it
 * with this, so that a cancelled power leaves them all on one date (its
 * grants end that day in grant_span: db_log.c).  A search of the power's
 * own entries in delegation_identity (power, ...), a few rows a power.
 */
#define DB_NOT_CANCELLED(code, day) \
	"NOT EXISTS (SELECT 1 FROM delegation dc WHERE dc.power = " code \
	" AND dc.mode = 'cancel' AND dc.effective <= " day ")"

/*
 * The date of the recorded time T (UTC, ISO 8601 with Z) in the
 * registry's time zone, with the offset in force at that instant: the
 * date shown beside recorded times.  log_readable and imports_readable
 * say the same in migrations/ (0011).
 */
#define DB_LOCAL_DATE(t) \
	"date(" t ", (SELECT o.utc_offset FROM time_zone_offset o\n" \
	"        WHERE o.since <= CAST(strftime('%s', " t ") AS INTEGER)\n" \
	"        ORDER BY o.since DESC LIMIT 1) || ' seconds')"

/*
 * COLUMN of each grant live on :as_of of the power whose code is CODE,
 * by the unit's code (g the grant, u its unit): group_concat() over it
 * names who exercises the power ('list', 'export --what powers'), and the
 * lists built from it are in step, item for item.
 */
#define DB_LIVE_UNITS(column, code) \
	"SELECT " column " FROM grant_span g\n" \
	"        JOIN unit u ON u.code = g.to_unit\n" \
	"        WHERE g.power = " code " AND " DB_LIVE("g", ":as_of") "\n" \
	"        ORDER BY u.code"

/*
 * The retirement day of the unit whose code is CODE (an SQL expression)
 * when it is on or before DAY: a SELECT of at most one row.  A unit is
 * retired once ('unit retire'), recorded among its own attribute changes
 * (migrations/0014_retire_units.sql), a search of attribute_change_by_code
 * (entity, code).  DB_MEMBER and DB_UNITS are said with it, and nothing
 * else says it.
 */
#define DB_RETIRED_BY(code, day) \
	"SELECT ur.new_value FROM attribute_change ur\n" \
	"        WHERE ur.entity = 'unit' AND ur.code = " code "\n" \
	"        AND ur.attribute = 'retired_from' AND ur.new_value <= " day

/*
 * SQL that is true when the unit whose code is CODE is a member of the
 * registry's area on DAY: not retired on or before that day.  Every list
 * and count by unit as of a day says it with this (the positive list by
 * unit or kind, stats by new city and by street/town), so that a retired
 * unit leaves them all on one date; its grants end that day too.
 */
#define DB_MEMBER(code, day) \
	"NOT EXISTS (" DB_RETIRED_BY(code, day) ")"

/*
 * The units as of DAY (an SQL expression), a row each: code, name, kind,
 * parent, within, and retired_from, the day it was retired when that is
 * on or before DAY (else NULL).  Every query that names a unit or groups
 * by one as of a date reads them here (unit list and show, diff --unit),
 * so that dated names and memberships change this one place.  A subquery
 * that SQLite flattens, its plan that of unit itself.
 */
#define DB_UNITS(day) \
	"(SELECT code, name, kind, parent, within,\n" \
	"    (" DB_RETIRED_BY("unit.code", day) ") AS retired_from FROM unit)"

/*
 * True when log entry D (its alias) gave UNIT (an SQL expression) a
 * power or took one from it: UNIT received it (a new city or a
 * street/town: delegation_by_to) or gave it (the New Area or a
 * department: delegation_by_from).
 */
#define DB_ENTRY_OF(d, unit) \
	"(" d ".to_unit = " unit " OR " d ".from_unit = " unit ")"

/*
 * The log in readable form over delegation d, a row an entry, up to its
 * WHERE: what 'history' and 'unit show' print.
 */
#define DB_LOG_HEAD \
	"SELECT d.seq, d.effective, d.power, p.name AS power_name,\n" \
	"    d.mode, d.from_unit AS from_code, fu.name AS from_name,\n" \
	"    d.to_unit AS to_code, tu.name AS to_name, d.document, d.note,\n" \
	"    d.recorded_by, d.recorded_at,\n" \
	"    " DB_LOCAL_DATE("d.recorded_at") " AS recorded_on\n" \
	"FROM delegation d\n" \
	"JOIN power p ON p.code = d.power\n" \
	"JOIN unit fu ON fu.code = d.from_unit\n" \
	"JOIN unit tu ON tu.code = d.to_unit\n"

/*
 * The schema's views grants_readable and log_readable (migrations 0009,
 * 0011) as subqueries over the tables, column for column: a view of the
 * main schema reads main's tables whatever TEMP views db_as_of.c makes,
 * so that the program's own queries (show, export) read these, which see
 * the registry as of a day and as recorded.  tests/cli/t_views.sh holds
 * them to the views.
 */
#define DB_GRANTS_READABLE \
	"(SELECT g.power AS power_code, p.name AS power_name, p.class,\n" \
	"    g.to_unit AS unit_code, u.name AS unit_name, u.kind AS unit_kind,\n" \
	"    g.from_unit AS from_code, f.name AS from_name, g.mode, e.document,\n" \
	"    g.start_date, g.end_date, g.start_seq, g.end_seq\n" \
	"FROM grant_span g\n" \
	"JOIN power p ON p.code = g.power\n" \
	"JOIN unit u ON u.code = g.to_unit\n" \
	"JOIN unit f ON f.code = g.from_unit\n" \
	"JOIN delegation e ON e.seq = g.start_seq)"
#define DB_LOG_READABLE \
	"(SELECT d.seq, d.effective, d.power AS power_code,\n" \
	"    p.name AS power_name, d.mode, d.from_unit AS from_code,\n" \
	"    f.name AS from_name, d.to_unit AS to_code, t.name AS to_name,\n" \
	"    d.document, d.note, d.recorded_by, d.recorded_at,\n" \
	"    " DB_LOCAL_DATE("d.recorded_at") " AS recorded_on, d.batch\n" \
	"FROM delegation d\n" \
	"JOIN power p ON p.code = d.power\n" \
	"JOIN unit f ON f.code = d.from_unit\n" \
	"JOIN unit t ON t.code = d.to_unit)"

/*
 * The changes imports made to the ENTITY ('power' or 'unit', a string
 * literal) whose code is :code, in the order they were made, each with
 * the day it holds from (NULL: from the start): the last section of
 * 'show' and of 'unit show'.
 */
#define DB_CHANGES_OF(entity) \
	"SELECT r.at, " DB_LOCAL_DATE("r.at") " AS at_date,\n" \
	"    r.operator, r.file, c.attribute, c.old_value, c.new_value,\n" \
	"    c.effective\n" \
	"FROM attribute_change c JOIN import_run r ON r.id = c.import_run\n" \
	"WHERE c.entity = '" entity "' AND c.code = :code ORDER BY c.id"

/*
 * A query over powers filtered as F says (db_list.c): HEAD, a SELECT over
 * power p (and unit h, its holder) that ends in "WHERE 1\n", with a term
 * for each filter F gives and the powers' order, into SQL (SIZE bytes).
 * The caller binds :department, :category, :class, :unit, :kind and
 * :as_of.  'list' and 'export --what powers' share it.  DB_ERROR when it
 * does not fit.
 */
int	db_power_query(struct db *, const char *head,
	    const struct power_filter *f, char *sql, size_t size);

/* ---- Bulk writes and whole-registry checks (db_bulk.c) ---- */

/*
 * Give the connection the page cache of a bulk write or a check of the
 * whole registry (an import, a batch of log entries, verify): larger than
 * SQLite's 2 MB, within the 32 MiB the bench allows the process.
 */
int	db_bulk_cache(struct db *);
/*
 * A bulk write that has written WRITTEN rows into a table that held
 * BEFORE when it began: whether its secondary indexes are now best built
 * after the rows (db_bulk_defer()).  True once, at the row where the
 * batch outgrows the table (and a few thousand rows at least).
 */
int	db_bulk_due(long long written, long long before);
/*
 * Drop TABLE's secondary indexes that no per-row statement searches and
 * no rule needs (none UNIQUE), in the open transaction, keeping their
 * SQL: db_commit() makes them again with db_bulk_rebuild(), sorted, with
 * the same SQL; a rollback brings them back as they were.  DB_OK or an
 * error.
 */
int	db_bulk_defer(struct db *, const char *table);
int	db_bulk_rebuild(struct db *);
/* Forget what db_bulk_defer() dropped (the transaction rolled back). */
void	db_bulk_forget(struct db *);
/*
 * The rollback journal (db_journal.c): put a registry made before schema
 * version 10 in rollback mode and auto_vacuum = FULL; whether a read-only connection's last error was a hot journal; roll
 * that journal back through a read-write connection where the user may.
 */
int	db_journal_settle(struct db *);
/* The integer a PRAGMA SQL returns, into VALUE. */
int	db_pragma_int(struct db *, const char *sql, int *value);
int	db_journal_is_hot(struct db *);
int	db_journal_recover(struct db *);

/*
 * Bind VALUE (NULL binds NULL) to parameter POS in place: the caller
 * steps and resets the statement, and clears its bindings with
 * db_unbind(), before VALUE changes or goes away.  In place because a
 * copy per field cost a tenth of an imported row, and because a copy can
 * fail for want of memory and leave NULL bound, which a nullable column
 * takes without a word.  *RC keeps the first error (start it at
 * SQLITE_OK).
 */
void	db_bind_static(sqlite3_stmt *, int pos, const char *value, int *rc);
/* Reset the statement and forget what was bound in place. */
void	db_unbind(sqlite3_stmt *);

/* Every unit's kind, in memory: looked up once per row, not queried. */
struct unit_kinds {
	struct unit_kind_of	*v;	/* sorted by code */
	size_t			 n;
};
/* Load them; free with unit_kinds_free() also on failure. */
int	unit_kinds_load(struct db *, struct unit_kinds *);
/*
 * The kind of unit CODE into *KIND: 0, -1 when there is no such unit, -2
 * when its kind is none of the four (a registry damaged past its CHECK).
 */
int	unit_kinds_find(const struct unit_kinds *, const char *code,
	    enum unit_kind *kind);
/*
 * The retirement of unit CODE ('unit retire'), or NULL while it is a
 * member or there is no such unit; valid until unit_kinds_free().
 */
const struct retired *unit_kinds_retired(const struct unit_kinds *,
	    const char *code);
/*
 * The first day unit CODE exists (imported with --effective), or NULL
 * when from the start; valid until unit_kinds_free().
 */
const char *unit_kinds_since(const struct unit_kinds *, const char *code);
void	unit_kinds_free(struct unit_kinds *);

/*
 * ---- The delegation log: its batch's state is in db_log_internal.h,
 *      for db_log*.c and db_unit_retire.c ----
 */

/* ---- Imports (db_import.c, db_import_check.c, db_import_run.c,
 *      db_import_events.c) ---- */

/*
 * What an import does to one table: its names, and every statement on it
 * written out whole, so that no name is formatted into SQL (db_import.c).
 */
struct table_spec {
	const char		*table;		/* also the rows' hash tag */
	const char		*entity;	/* attribute_change.entity */
	const char		*what;		/* import_run.what */
	const char *const	*columns;	/* code first */
	int			 ncolumns;
	struct {
		const char	*select;	/* the row of code ?1 */
		const char	*insert;	/* ?1..?N, row_hash ?N+1 */
		const char	*insert_line;	/* the same, rowid ?N+2 */
		const char	*update;	/* as insert, by code */
		const char	*line;		/* the rowid of code ?1 */
		const char	*empty;		/* whether the table is */
		const char	*absent;	/* codes not in temp.seen */
		const char	*zero_lengths;	/* of codes with zeros */
		const char	*zeros_fresh;	/* see zeros_dropped() */
		const char	*zeros_suspect;
	} sql;
};
extern const struct table_spec import_specs[];

/*
 * Lengths of codes as a bit mask (bit N: some code of N bytes), for the
 * codes that Excel's dropping of leading zeros could have made, and
 * those it could have been made from.  Longer codes are not tracked.
 */
#define LEN_BITS	64

struct db_import {
	struct db		*db;
	const struct table_spec	*spec;
	const struct import_column *cols;
	sqlite3_stmt		*select, *insert, *update, *change, *seen,
				*seen_line, *suspect;
	/*
	 * The row being written once its DB_IMPORT_KEEP fields are filled:
	 * the pointers, and the text of the old values they point into.
	 */
	const char		*whole[IMPORT_POWER_FIELDS];
	char			*kept;
	size_t			 keptcap;
	/*
	 * Digits-only codes: those without a leading zero that this import
	 * added (in temp.suspect unless fresh), and those with one.
	 */
	unsigned long long	 bare_lens, zero_lens;
	long			 nsuspect;
	/*
	 * The table was empty when the import began: every row is new, the
	 * table itself holds the codes seen so far, and each row's rowid is
	 * the line it came from (see add_fresh()).
	 */
	int			 fresh;
	long long		 run_id;
	unsigned char		 prev_run_hash[HASH_LEN];
	int			 has_prev_run;
	/* XOR of row_hash over each table: [0] units, [1] powers. */
	unsigned char		 digest[2][HASH_LEN];
	/*
	 * The last run's changes_digest (has_changes: it has one, it was
	 * written since migration 0007) and attribute_change's last id
	 * before this run: the digest grows by this run's rows.
	 */
	unsigned char		 changes[HASH_LEN];
	int			 has_changes;
	long long		 changes_before;
	struct import_counts	 counts;
	/*
	 * The dates of this run's events (db_import_dates()): its changes
	 * hold from changes_from, its new rows exist from added_from; an
	 * empty one is from the start.  added_given: an 'added' event for
	 * each new row even into an empty table.
	 */
	char			 changes_from[11], added_from[11];
	int			 added_given;
	sqlite3_stmt		*later;	/* a later-dated change, if any */
	/*
	 * The row as written when a later-dated change keeps some of its
	 * attributes (record_changes()): the pointers, and their text.
	 */
	const char		*ahead[IMPORT_POWER_FIELDS];
	char			*aheadbuf;
	size_t			 aheadcap;
};

/*
 * Run a statement that returns no row, then reset it.  BOUND is what
 * binding its parameters gave (SQLITE_OK, or the error).  DOING, marked
 * N_(), is translated only on failure.
 */
int	import_step_done(struct db *, sqlite3_stmt *, int bound,
	    const char *doing);
/* The last import_run: its id, hash and digests, if any (_run.c). */
int	import_load_last_run(struct db_import *);
/*
 * The events of a row (db_import_events.c): record each attribute of the
 * selected row (imp->select) that FIELDS change, from the run's date;
 * *KEEP gets a bit (1 << I) for each attribute I a change dated later
 * holds already, which the row keeps; DB_REJECT, said in WHY, when one
 * cannot change from that date.
 */
int	import_record_changes(struct db_import *, const char *const *fields,
	    unsigned *keep, char *why, size_t whysz);
/* ROW with the selected row's values where KEEP says, into imp->ahead. */
int	import_keep_ahead(struct db_import *, const char *const *row,
	    unsigned keep);
/* The 'added' event of the new row CODE, from the run's date. */
int	import_record_added(struct db_import *, const char *code);

/* ---- verify (db_verify.c and the db_verify_*.c it calls) ---- */

/* A run of verify: where damage is told, and whether any was. */
struct verify {
	struct db	*db;
	void		(*report)(const char *, void *);
	void		*arg;
	int		 damaged;
};

/*
 * What the import chain gives the later checks: the last run's digests
 * (changes and zone: has_extra, 0 for a run written before migration
 * 0007), and for --expect-head the head's import part after each run.
 */
struct chain {
	unsigned char	 digests[2][32];	/* units, powers */
	unsigned char	 changes[32], zone[32];
	int		 has_extra;
	unsigned char	(*heads)[32];		/* runs + 1, sorted */
	size_t		 nheads, headcap;
};

/*
 * One value of a grant as EXCEPT compares it: NULL, an integer, or text
 * (bytes and length, BINARY collation); a blob, which a damaged STRICT
 * table cannot hold, compares as text after every text.
 */
struct cell {
	int		 type;		/* SQLITE_NULL, _INTEGER, _TEXT, _BLOB */
	long long	 i;
	const char	*s;
	size_t		 off, len;	/* s is arena + off once collected */
};

/* The columns of grant_span after power, in its order. */
enum {
	G_TO, G_FROM, G_MODE, G_START_SEQ, G_START_DATE, G_END_SEQ,
	G_END_DATE, G_NCOLS
};

struct grant_row {
	struct cell	 c[G_NCOLS];
};

/* The first grant found on each side of the difference. */
struct grants_diff {
	int	found_stored;		/* in grant_span, not in the replay */
	int	found_replayed;		/* in the replay, not in grant_span */
	char	stored[512];
	char	replayed[512];
};

/* Grant rows compared (db_verify_cells.c). */
/* Compare two values as SQLite orders them (BINARY collation). */
int	verify_cell_cmp(const struct cell *, const struct cell *);
/* *C as the text S (borrowed; NULL for SQL NULL), or the integer I. */
void	verify_cell_text(struct cell *c, const char *s);
void	verify_cell_int(struct cell *c, long long i);
/*
 * Compare a power's NSTORED rows of grant_span with its NREPLAYED
 * replayed spans, both as grant rows, and note in D the least row on
 * each side that the other lacks, unless a power before this one had
 * one already.
 */
void	verify_grants_diff(struct grants_diff *d, const struct cell *power,
	    const struct grant_row *stored, size_t nstored,
	    const struct grant_row *replayed, size_t nreplayed);

/*
 * An order-free checksum of rows (db_verify_sum.c): each row hashed by
 * verify_row_start() and one verify_row_cell() or verify_row_value() per
 * column, then added; two sums are equal when the rows were.
 */
struct verify_sum {
	unsigned long long	 lane[2];
	long long		 rows;
};
void	verify_row_start(unsigned long long h[2]);
void	verify_row_cell(unsigned long long h[2], const struct cell *c);
/* -1 when SQLite could not give the value (out of memory). */
int	verify_row_value(unsigned long long h[2], sqlite3_value *v);
void	verify_sum_add(struct verify_sum *s, const unsigned long long h[2]);
int	verify_sum_eq(const struct verify_sum *a, const struct verify_sum *b);
/*
 * Each index of the registry against its table, by sums (_index.c):
 * DB_OK with *SAME 1 when every one matches, 0 when one does not (or
 * cannot be checked so), or an error.
 */
int	verify_indexes(struct db *db, int *same);

/* Tell damage through V's report, printf-style, and note it. */
void	verify_damage(struct verify *v, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * A step or prepare that failed while DOING: SQLite saying the file is
 * corrupt is damage told (DB_OK), anything else an error kept.
 */
int	verify_failed(struct verify *v, const char *doing);
/*
 * Column I of the current row as text, NULL for SQL NULL; *OOM is set
 * when SQLite could not make the text.  Valid until the next step.
 */
const char *verify_text(sqlite3_stmt *st, int i, int *oom);
/* Hash columns FIRST..FIRST+N-1 (N at most 16) of the row as text. */
int	verify_hash_columns(struct verify *v, sqlite3_stmt *st, int first,
	    int n, const char *tag, const unsigned char *prev,
	    unsigned char out[32]);
/*
 * XOR into DIGEST the hash of each row of QUERY (up to 16 columns as
 * text, under TAG); *ROWS (may be NULL) gets how many.  P1, when not
 * negative, is bound to ?1.
 */
int	verify_digest(struct db *db, const char *query, long long p1,
	    const char *tag, unsigned char digest[32], long long *rows);

/* The checks, in the order verify_chains() runs them (db_verify.c). */
int	verify_schema(struct verify *v);			/* _schema.c */
int	verify_imports(struct verify *v, struct chain *c,	/* _chain.c */
	    const unsigned char *zone);
int	verify_extra(struct verify *v, const struct chain *c,
	    const unsigned char *zone);
int	verify_rows(struct verify *v, const char *table, const char *sql,
	    int ncolumns, const unsigned char *digest);
int	verify_log(struct verify *v, const unsigned char *expect,
	    const struct chain *c, int *found, long long *entries,
	    long long from);
/* Which entry a kept head follows (verify --since; _chain.c). */
int	verify_since_find(struct verify *v, const unsigned char *expect,
	    long long *at);
/* A pragma that gives "ok" or rows of damage (db_verify_integrity.c). */
int	verify_pragma(struct verify *v, const char *sql, const char *what);
int	verify_grants(struct verify *v);			/* _grants.c */
/* The grants of the powers of the entries after AFTER alone. */
int	verify_grants_since(struct verify *v, long long after);
/* The attribute events replayed against the rows (_events.c). */
int	verify_events(struct verify *v);
/* Every check but integrity_check; DB_OK, DB_DAMAGED or an error. */
int	verify_chains(struct verify *v, const char *expect_head,
	    const unsigned char *expect, long long *entries);
/*
 * Every check: integrity_check beside verify_chains(), or after it on a
 * registry in memory, and what it finds told first
 * (db_verify_integrity.c).
 */
int	verify_all(struct verify *v, const char *expect_head,
	    const unsigned char *expect, long long *entries);

/* ---- Ad-hoc SQL's defences (db_sql_guard.c, used by db_sql.c) ---- */

/* What the authorizer and the progress handler of one db_sql() share. */
struct guard {
	int		 verb;		/* the first action seen: SQLITE_SELECT ... */
	char		 why[512];	/* the first refusal; "" when none */
	char		 schema[128];	/* a write of sqlite_schema asked */
	struct timespec	 deadline;	/* CLOCK_MONOTONIC */
	int		 timed_out;
	/* What guard_arm() changed, for guard_disarm() to put back. */
	int		 armed;
	int		 was_query_only, was_defensive;
	int		 attached, length, pattern;	/* the limits */
};

int	guard_arm(struct db *, struct guard *);
void	guard_time(struct db *, struct guard *, double timeout);
void	guard_disarm(struct db *, struct guard *);
/*
 * Why preparing the user's statement failed, or a write of sqlite_schema
 * that nothing else refused; why running it failed (RC db_query()'s).
 * Each keeps the message and returns the code.
 */
int	guard_prepare_failed(struct db *, const struct guard *);
int	guard_run_failed(struct db *, const struct guard *, int rc,
	    double timeout);

#endif
