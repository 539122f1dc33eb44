/*
 * verify: recompute what the registry claims, and say where it differs.
 */
#define _GNU_SOURCE		/* sched_getaffinity(), CPU_COUNT() */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_internal.h"
#include "hash.h"
#include "replay.h"

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
	unsigned char	 digests[2][HASH_LEN];	/* units, powers */
	unsigned char	 changes[HASH_LEN], zone[HASH_LEN];
	int		 has_extra;
	unsigned char	(*heads)[HASH_LEN];	/* runs + 1, sorted */
	size_t		 nheads;
};

static void
damage(struct verify *v, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
damage(struct verify *v, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	v->damaged = 1;
	v->report(msg, v->arg);
}

/*
 * SQLite saying the file is corrupt is damage to report, not a failure
 * to check: the same exit status as any other damage.
 */
static int
step_failed(struct verify *v, const char *doing)
{
	int code = sqlite3_errcode(v->db->conn);

	if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
		damage(v, "%s: %s", doing, sqlite3_errmsg(v->db->conn));
		return DB_OK;
	}
	return db_sqlite_fail(v->db, doing);
}

/*
 * Column I of the current row as text, NULL for SQL NULL.  *OOM is set
 * when SQLite could not make the text (out of memory: NULL, and the
 * connection says so): a failure to check, not a value that differs.
 */
static const char *
col_text(sqlite3_stmt *st, int i, int *oom)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	if (s == NULL &&
	    sqlite3_errcode(sqlite3_db_handle(st)) == SQLITE_NOMEM)
		*oom = 1;
	return s;
}

/* Hash columns FIRST..FIRST+N-1 of the current row as text. */
static int
hash_columns(struct verify *v, sqlite3_stmt *st, int first, int n,
    const char *tag, const unsigned char *prev, unsigned char out[HASH_LEN])
{
	const char *fields[16];
	int i, oom = 0;

	for (i = 0; i < n && i < 16; i++)
		fields[i] = col_text(st, first + i, &oom);
	if (oom)
		return db_fail(v->db, "out of memory");
	if (hash_fields(tag, prev, fields, (size_t)n, out) != 0)
		return db_fail(v->db, "sha-256 failed");
	return DB_OK;
}

/*
 * Whether a row of integrity_check is SQLite failing to read a page for
 * want of memory ("unable to get the page. error code=7"): a failure to
 * check, not damage.
 */
static int
out_of_memory_row(const char *s)
{
	static const char tag[] = "error code=";
	const char *p = s != NULL ? strstr(s, tag) : NULL;
	long code;

	if (p == NULL)
		return 0;
	code = strtol(p + sizeof(tag) - 1, NULL, 10);
	return code == SQLITE_NOMEM || code == SQLITE_IOERR_NOMEM;
}

static int
check_pragma(struct verify *v, const char *sql, const char *what)
{
	sqlite3_stmt *st;
	int step, shown = 0;

	if ((st = db_prepare(v->db, sql)) == NULL)
		return step_failed(v, what);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int oom = 0;
		const char *first = col_text(st, 0, &oom);

		if (oom || out_of_memory_row(first)) {
			sqlite3_finalize(st);
			return db_fail(v->db, "%s: out of memory", what);
		}
		if (sqlite3_column_count(st) == 1 && first &&
		    strcmp(first, "ok") == 0)
			continue;
		if (shown++ < 10)
			damage(v, "%s: %s%s%s%s%s", what, first ? first : "",
			    sqlite3_column_count(st) > 1 ? " row " : "",
			    sqlite3_column_count(st) > 1 ?
			    (const char *)sqlite3_column_text(st, 1) : "",
			    sqlite3_column_count(st) > 2 ? " refers to a missing " :
			    "", sqlite3_column_count(st) > 2 ?
			    (const char *)sqlite3_column_text(st, 2) : "");
	}
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? DB_OK : step_failed(v, what);
}

/*
 * The head's import part after the run hashed RUN (NULL: before any),
 * with the time zone's digest ZONE: SHA-256 of both.  The head is this
 * XOR the log's last hash (32 zero bytes before any entry), so that
 * verify finds a kept head among every pair of an import and an entry
 * in one pass over the log; see db_registry_head().
 */
static int
head_part(const unsigned char *run, const unsigned char *extra,
    const unsigned char *zone, unsigned char out[HASH_LEN])
{
	char rhex[HASH_HEX_LEN + 1], ehex[HASH_HEX_LEN + 1];
	char zhex[HASH_HEX_LEN + 1];
	const char *fields[3];

	if (run != NULL)
		hash_hex(run, rhex);
	if (extra != NULL)
		hash_hex(extra, ehex);
	hash_hex(zone, zhex);
	fields[0] = run != NULL ? rhex : NULL;
	fields[1] = extra != NULL ? ehex : NULL;
	fields[2] = zhex;
	return hash_fields("registry head", NULL, fields, 3, out);
}

int
db_import_extra_hash(const unsigned char *hash, const unsigned char *changes,
    const unsigned char *zone, unsigned char out[HASH_LEN])
{
	char hex[3][HASH_HEX_LEN + 1];
	const char *fields[3] = { hex[0], hex[1], hex[2] };

	hash_hex(hash, hex[0]);
	hash_hex(changes, hex[1]);
	hash_hex(zone, hex[2]);
	return hash_fields("import_run extra", NULL, fields, 3, out);
}

static int
head_cmp(const void *a, const void *b)
{
	return memcmp(a, b, HASH_LEN);
}

/* Keep the head's import part after RUN, for --expect-head. */
static int
keep_head(struct verify *v, struct chain *c, const unsigned char *run,
    const unsigned char *extra, const unsigned char *zone)
{
	unsigned char (*p)[HASH_LEN];

	if ((p = realloc(c->heads, (c->nheads + 1) * sizeof(*p))) == NULL)
		return db_fail(v->db, "out of memory");
	c->heads = p;
	if (head_part(run, extra, zone, c->heads[c->nheads]) != 0)
		return db_fail(v->db, "sha-256 failed");
	c->nheads++;
	return DB_OK;
}

/*
 * The import runs' chain, ending with the digests the tables must have:
 * C gets the last run's (zero when none).  A run written since migration
 * 0007 also has changes_digest and zone_digest, bound to it by its
 * extra_hash, and so has every run after it.  With ZONE (the
 * time zone's digest), C->heads gets the head's import part before the
 * first run and after each.
 */
static int
check_imports(struct verify *v, struct chain *c, const unsigned char *zone)
{
	sqlite3_stmt *st;
	unsigned char prev[HASH_LEN], h[HASH_LEN];
	char udig[HASH_HEX_LEN + 1], pdig[HASH_HEX_LEN + 1];
	long long expect = 1;
	int step, rc, has_prev = 0;

	memset(c->digests, 0, sizeof(c->digests));
	c->has_extra = 0;
	if (zone != NULL && (rc = keep_head(v, c, NULL, NULL, zone)) != DB_OK)
		return rc;
	st = db_prepare(v->db, "SELECT id, what, file, sha256, encoding, "
	    "dialect, rows, added, changed, unchanged, absent, operator, at, "
	    "units_digest, powers_digest, prev_hash, hash, changes_digest, "
	    "zone_digest, extra_hash FROM import_run ORDER BY id");
	if (st == NULL)
		return step_failed(v, "import_run");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		const char *fields[14];
		unsigned char e[HASH_LEN];
		int i, ok, oom = 0, extra;

		for (i = 0; i < 12; i++)
			fields[i] = col_text(st, 1 + i, &oom);
		if (oom) {
			sqlite3_finalize(st);
			return db_fail(v->db, "out of memory");
		}
		/* Once a run has the digests, every later one must. */
		extra = c->has_extra ||
		    sqlite3_column_type(st, 17) != SQLITE_NULL ||
		    sqlite3_column_type(st, 18) != SQLITE_NULL ||
		    sqlite3_column_type(st, 19) != SQLITE_NULL;
		ok = sqlite3_column_bytes(st, 13) == HASH_LEN &&
		    sqlite3_column_bytes(st, 14) == HASH_LEN &&
		    sqlite3_column_bytes(st, 16) == HASH_LEN && (!extra ||
		    (sqlite3_column_bytes(st, 17) == HASH_LEN &&
		    sqlite3_column_bytes(st, 18) == HASH_LEN &&
		    sqlite3_column_bytes(st, 19) == HASH_LEN));
		if (ok) {
			hash_hex(sqlite3_column_blob(st, 13), udig);
			hash_hex(sqlite3_column_blob(st, 14), pdig);
			fields[12] = udig;
			fields[13] = pdig;
			if (hash_fields("import_run", has_prev ? prev : NULL,
			    fields, 14, h) != 0 || (extra &&
			    db_import_extra_hash(h, sqlite3_column_blob(st, 17),
			    sqlite3_column_blob(st, 18), e) != 0)) {
				sqlite3_finalize(st);
				return db_fail(v->db, "sha-256 failed");
			}
			ok = memcmp(h, sqlite3_column_blob(st, 16), HASH_LEN) == 0 &&
			    (!extra || memcmp(e, sqlite3_column_blob(st, 19),
			    HASH_LEN) == 0);
		}
		if (ok && id != expect)
			ok = 0;
		if (ok)
			ok = has_prev ? (sqlite3_column_bytes(st, 15) == HASH_LEN &&
			    memcmp(prev, sqlite3_column_blob(st, 15),
			    HASH_LEN) == 0) :
			    sqlite3_column_type(st, 15) == SQLITE_NULL;
		if (!ok) {
			damage(v, "import #%lld: does not match its hash or the "
			    "chain (expected import #%lld)", id, expect);
			break;
		}
		memcpy(prev, h, HASH_LEN);
		has_prev = 1;
		memcpy(c->digests[0], sqlite3_column_blob(st, 13), HASH_LEN);
		memcpy(c->digests[1], sqlite3_column_blob(st, 14), HASH_LEN);
		if ((c->has_extra = extra)) {
			memcpy(c->changes, sqlite3_column_blob(st, 17), HASH_LEN);
			memcpy(c->zone, sqlite3_column_blob(st, 18), HASH_LEN);
		}
		if (zone != NULL && (rc = keep_head(v, c, h, extra ? e : NULL,
		    zone)) != DB_OK) {
			sqlite3_finalize(st);
			return rc;
		}
		expect++;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		return step_failed(v, "import_run");
	if (c->nheads > 1)
		qsort(c->heads, c->nheads, sizeof(c->heads[0]), head_cmp);
	return DB_OK;
}

/*
 * Hash each row of QUERY (its columns as text, under TAG) and XOR it into
 * DIGEST; *ROWS (may be NULL) gets how many.  P1, when not negative, is
 * bound to ?1.
 */
static int
digest_query(struct db *db, const char *query, long long p1, const char *tag,
    unsigned char digest[HASH_LEN], long long *rows)
{
	const char *fields[16];
	unsigned char h[HASH_LEN];
	sqlite3_stmt *st;
	long long n = 0;
	int step, i, ncol, oom;

	if ((st = db_prepare(db, query)) == NULL)
		return DB_ERROR;
	if (p1 >= 0)
		sqlite3_bind_int64(st, 1, p1);
	ncol = sqlite3_column_count(st);
	if (ncol > 16)
		ncol = 16;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0, oom = 0; i < ncol; i++)
			fields[i] = col_text(st, i, &oom);
		if (oom) {
			sqlite3_finalize(st);
			return db_fail(db, "out of memory");
		}
		if (hash_fields(tag, NULL, fields, (size_t)ncol, h) != 0) {
			sqlite3_finalize(st);
			return db_fail(db, "sha-256 failed");
		}
		hash_xor(digest, h);
		n++;
	}
	sqlite3_finalize(st);
	if (rows != NULL)
		*rows = n;
	if (step != SQLITE_DONE)
		return db_sqlite_fail(db, tag);
	return DB_OK;
}

int
db_changes_digest(struct db *db, long long after, unsigned char digest[HASH_LEN])
{
	return digest_query(db, "SELECT id, import_run, entity, code, "
	    "attribute, old_value, new_value FROM attribute_change "
	    "WHERE id > ?1", after, "attribute_change", digest, NULL);
}

int
db_zone_digest(struct db *db, unsigned char out[HASH_LEN])
{
	int rc;

	memset(out, 0, HASH_LEN);
	if ((rc = digest_query(db, "SELECT id, name FROM time_zone", -1,
	    "time_zone", out, NULL)) != DB_OK)
		return rc;
	return digest_query(db, "SELECT since, utc_offset FROM "
	    "time_zone_offset", -1, "time_zone_offset", out, NULL);
}

/*
 * The attribute changes and the time zone against the digests the last
 * import recorded (none before migration 0007); ZONE is the zone's.
 */
static int
check_extra(struct verify *v, const struct chain *c, const unsigned char *zone)
{
	unsigned char sum[HASH_LEN] = { 0 };
	long long rows;
	int rc;

	if (!c->has_extra)
		return DB_OK;
	rc = digest_query(v->db, "SELECT id, import_run, entity, code, "
	    "attribute, old_value, new_value FROM attribute_change "
	    "WHERE id > ?1", 0, "attribute_change", sum, &rows);
	if (rc != DB_OK)
		return step_failed(v, "attribute_change");
	if (memcmp(sum, c->changes, HASH_LEN) != 0)
		damage(v, "attribute_change: the %lld rows do not match the "
		    "last import's digest: a change was edited, added or "
		    "deleted behind the program's back", rows);
	if (memcmp(zone, c->zone, HASH_LEN) != 0)
		damage(v, "time_zone: the zone or its offsets do not match the "
		    "last import's digest: changed behind the program's back");
	return DB_OK;
}

/*
 * The schema against what the migrations create: the migrations applied
 * to a registry in memory, and every object of sqlite_schema (type,
 * name, table, SQL) compared, each difference named; then the rows the
 * migrations alone write, category, schema_doc and schema_column_doc.
 * SQLite's statistics
 * (sqlite_stat*, written by ANALYZE) are not the schema.
 */
static int
check_schema(struct verify *v)
{
	static const char objects[] = "SELECT type, name, tbl_name, sql "
	    "FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_stat%' "
	    "ESCAPE '\\' ORDER BY type, name";
	static const struct {
		const char *table, *query;
	} rows[] = {
		{ "category", "SELECT code, name FROM category" },
		{ "schema_doc", "SELECT name, kind, description FROM schema_doc" },
		{ "schema_column_doc", "SELECT object, name, description FROM "
		    "schema_column_doc" },
	};
	struct db *mem = NULL;
	sqlite3_stmt *have = NULL, *want = NULL;
	int rc, hs, ws, shown = 0;
	size_t i;

	if ((rc = db_open(&mem, ":memory:", DB_CREATE, 0)) != DB_OK ||
	    (rc = db_migrate(mem, NULL, NULL)) != DB_OK) {
		rc = db_fail(v->db, "the schema to compare with: %s",
		    db_errmsg(mem));
		goto out;
	}
	if ((have = db_prepare(v->db, objects)) == NULL) {
		rc = step_failed(v, "sqlite_schema");
		goto out;
	}
	if ((want = db_prepare(mem, objects)) == NULL) {
		rc = db_fail(v->db, "the schema to compare with: %s",
		    db_errmsg(mem));
		goto out;
	}
	hs = sqlite3_step(have);
	ws = sqlite3_step(want);
	while (hs == SQLITE_ROW || ws == SQLITE_ROW) {
		const char *ht = NULL, *hn = NULL, *wt = NULL, *wn = NULL;
		int c, k, oom = 0;

		if (hs == SQLITE_ROW) {
			ht = col_text(have, 0, &oom);
			hn = col_text(have, 1, &oom);
		}
		if (ws == SQLITE_ROW) {
			wt = col_text(want, 0, &oom);
			wn = col_text(want, 1, &oom);
		}
		if (oom) {
			rc = db_fail(v->db, "out of memory");
			goto out;
		}
		if (hs != SQLITE_ROW)
			c = 1;
		else if (ws != SQLITE_ROW)
			c = -1;
		else if ((c = strcmp(ht ? ht : "", wt ? wt : "")) == 0)
			c = strcmp(hn ? hn : "", wn ? wn : "");
		if (c < 0 && shown++ < 10)
			damage(v, "schema: %s '%s' is not one the migrations "
			    "create: added behind the program's back", ht, hn);
		else if (c > 0 && shown++ < 10)
			damage(v, "schema: %s '%s' is missing: the migrations "
			    "create it", wt, wn);
		else if (c == 0) {
			for (k = 2; k < 4; k++) {
				const char *a = col_text(have, k, &oom);
				const char *b = col_text(want, k, &oom);

				if ((a == NULL) != (b == NULL) ||
				    (a != NULL && strcmp(a, b) != 0))
					break;
			}
			if (oom) {
				rc = db_fail(v->db, "out of memory");
				goto out;
			}
			if (k < 4 && shown++ < 10)
				damage(v, "schema: %s '%s' differs from what the "
				    "migrations create: redefined behind the "
				    "program's back", ht, hn);
		}
		if (c <= 0)
			hs = sqlite3_step(have);
		if (c >= 0)
			ws = sqlite3_step(want);
	}
	if (hs != SQLITE_DONE) {
		rc = step_failed(v, "sqlite_schema");
		goto out;
	}
	if (ws != SQLITE_DONE) {
		rc = db_fail(v->db, "the schema to compare with: %s",
		    sqlite3_errmsg(mem->conn));
		goto out;
	}
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		unsigned char a[HASH_LEN] = { 0 }, b[HASH_LEN] = { 0 };
		long long n;

		/* A table the schema check found missing: nothing to read. */
		if (v->damaged)
			break;
		if ((rc = digest_query(v->db, rows[i].query, -1, rows[i].table,
		    a, &n)) != DB_OK) {
			rc = step_failed(v, rows[i].table);
			goto out;
		}
		if ((rc = digest_query(mem, rows[i].query, -1, rows[i].table,
		    b, NULL)) != DB_OK) {
			rc = db_fail(v->db, "the schema to compare with: %s",
			    db_errmsg(mem));
			goto out;
		}
		if (memcmp(a, b, HASH_LEN) != 0)
			damage(v, "%s: the %lld rows are not those the migrations "
			    "write: a row was edited, added or deleted behind "
			    "the program's back", rows[i].table, n);
	}
	rc = DB_OK;
out:
	sqlite3_finalize(have);
	sqlite3_finalize(want);
	db_close(mem);
	return rc;
}

/*
 * Every row of TABLE against its row_hash, and the digest of the whole
 * table against the last import's DIGEST: a row changed names itself; a
 * row added or deleted shows in the digest.
 */
static int
check_rows(struct verify *v, const char *table, const char *columns,
    int ncolumns, const unsigned char *digest)
{
	unsigned char h[HASH_LEN], sum[HASH_LEN] = { 0 };
	char sql[256];
	sqlite3_stmt *st;
	long long rows = 0;
	int step, rc, shown = 0;

	snprintf(sql, sizeof(sql), "SELECT %s, row_hash FROM %s ORDER BY code",
	    columns, table);
	if ((st = db_prepare(v->db, sql)) == NULL)
		return step_failed(v, table);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		rows++;
		if ((rc = hash_columns(v, st, 0, ncolumns, table, NULL, h)) !=
		    DB_OK) {
			sqlite3_finalize(st);
			return rc;
		}
		hash_xor(sum, h);
		if (sqlite3_column_bytes(st, ncolumns) == HASH_LEN &&
		    memcmp(h, sqlite3_column_blob(st, ncolumns), HASH_LEN) == 0)
			continue;
		if (shown++ == 0)
			damage(v, "%s '%s': changed behind the program's back "
			    "(its content does not match its hash)", table,
			    sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return step_failed(v, table);
	if (shown == 0 && memcmp(sum, digest, HASH_LEN) != 0)
		damage(v, "%s: the %lld rows do not match the last import's "
		    "digest: a row was added or deleted behind the program's "
		    "back", table, rows);
	return DB_OK;
}

/*
 * Whether EXPECT is the head of a state with H as the log's last hash:
 * H itself (a head kept before the head covered the imports), or H XOR
 * the head's import part after one of the runs in C.
 */
static int
head_is(const unsigned char *expect, const unsigned char *h,
    const struct chain *c)
{
	unsigned char part[HASH_LEN];
	size_t i;

	if (h != NULL && memcmp(h, expect, HASH_LEN) == 0)
		return 1;
	memcpy(part, expect, HASH_LEN);
	if (h != NULL)
		for (i = 0; i < HASH_LEN; i++)
			part[i] ^= h[i];
	return c->nheads > 0 && bsearch(part, c->heads, c->nheads,
	    sizeof(c->heads[0]), head_cmp) != NULL;
}

/*
 * The log's chain; *FOUND is set when EXPECT (may be NULL) is the head
 * of a state the registry went through: after one of the runs in C and
 * one of the entries (or none).
 */
static int
check_log(struct verify *v, const unsigned char *expect,
    const struct chain *c, int *found, long long *entries)
{
	unsigned char prev[HASH_LEN], h[HASH_LEN];
	sqlite3_stmt *st;
	long long n = 0;
	int step, rc, has_prev = 0, ok;

	*found = expect != NULL && head_is(expect, NULL, c);
	st = db_prepare(v->db, "SELECT seq, power, from_unit, to_unit, mode, "
	    "document, effective, note, recorded_by, recorded_at, batch, "
	    "prev_hash, hash FROM delegation ORDER BY seq");
	if (st == NULL)
		return step_failed(v, "delegation");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		long long seq = sqlite3_column_int64(st, 0);

		n++;
		if ((rc = hash_columns(v, st, 0, 11, "delegation",
		    has_prev ? prev : NULL, h)) != DB_OK) {
			sqlite3_finalize(st);
			return rc;
		}
		ok = seq == n && sqlite3_column_bytes(st, 12) == HASH_LEN &&
		    memcmp(h, sqlite3_column_blob(st, 12), HASH_LEN) == 0;
		if (ok)
			ok = has_prev ? (sqlite3_column_bytes(st, 11) == HASH_LEN &&
			    memcmp(prev, sqlite3_column_blob(st, 11),
			    HASH_LEN) == 0) :
			    sqlite3_column_type(st, 11) == SQLITE_NULL;
		if (!ok) {
			if (seq != n)
				damage(v, "log entry #%lld: found #%lld in its "
				    "place: an entry was deleted or reordered",
				    n, seq);
			else
				damage(v, "log entry #%lld: changed behind the "
				    "program's back (it does not match its hash "
				    "or the chain)", seq);
			break;
		}
		if (expect && !*found && head_is(expect, h, c))
			*found = 1;
		memcpy(prev, h, HASH_LEN);
		has_prev = 1;
	}
	sqlite3_finalize(st);
	*entries = n;
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		return step_failed(v, "delegation");
	return DB_OK;
}

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

/* One power's log entry as read, its strings in the arena. */
struct entry_row {
	long long	 seq;
	size_t		 from, to, mode, effective;	/* arena offsets */
};

/*
 * What one power needs in memory: its log entries and its rows of
 * grant_span, their bytes in one arena; kept for the next power.
 */
struct group {
	char			*arena;
	size_t			 used, cap;
	struct entry_row	*ev;
	size_t			 nev, evcap;
	struct grant_row	*gv;
	size_t			 ngv, gvcap;
	struct cell		 power;
	/* A replay: entries with kinds, their spans, as grant rows. */
	struct entry		*entries;
	struct span		*spans;
	struct grant_row	*rv;
	size_t			 rcap;
};

/* The first grant found on each side of the difference. */
struct grants_diff {
	int	found_stored;		/* in grant_span, not in the replay */
	int	found_replayed;		/* in the replay, not in grant_span */
	char	stored[512];
	char	replayed[512];
};

/* Copy N bytes into the arena; *OFF gets where.  0, or -1 (memory). */
static int
arena_put(struct group *g, const void *p, size_t n, size_t *off)
{
	char *a;
	size_t cap;

	if (g->used + n + 1 > g->cap) {
		for (cap = g->cap ? g->cap : 4096; cap < g->used + n + 1;)
			cap *= 2;
		if ((a = realloc(g->arena, cap)) == NULL)
			return -1;
		g->arena = a;
		g->cap = cap;
	}
	if (n > 0)
		memcpy(g->arena + g->used, p, n);
	g->arena[g->used + n] = '\0';
	*off = g->used;
	g->used += n + 1;
	return 0;
}

/*
 * Column I of the current row into *C, its bytes in the arena.  0, or -1
 * when out of memory.
 */
static int
cell_get(struct group *g, sqlite3_stmt *st, int i, struct cell *c)
{
	const void *p;

	memset(c, 0, sizeof(*c));
	c->type = sqlite3_column_type(st, i);
	switch (c->type) {
	case SQLITE_NULL:
		return 0;
	case SQLITE_INTEGER:
		c->i = sqlite3_column_int64(st, i);
		return 0;
	case SQLITE_BLOB:
		p = sqlite3_column_blob(st, i);
		break;
	default:
		c->type = SQLITE_TEXT;
		p = sqlite3_column_text(st, i);
		break;
	}
	c->len = (size_t)sqlite3_column_bytes(st, i);
	if (p == NULL && c->len > 0)
		return -1;
	return arena_put(g, p, c->len, &c->off);
}

static int
type_rank(int type)
{
	switch (type) {
	case SQLITE_NULL:
		return 0;
	case SQLITE_INTEGER:
		return 1;
	case SQLITE_TEXT:
		return 2;
	default:
		return 3;
	}
}

/* Compare two values as SQLite orders them (BINARY collation). */
static int
cell_cmp(const struct cell *a, const struct cell *b)
{
	size_t n;
	int c;

	if (a->type != b->type)
		return type_rank(a->type) - type_rank(b->type);
	switch (a->type) {
	case SQLITE_NULL:
		return 0;
	case SQLITE_INTEGER:
		return (a->i > b->i) - (a->i < b->i);
	default:
		n = a->len < b->len ? a->len : b->len;
		if (n > 0 && (c = memcmp(a->s, b->s, n)) != 0)
			return c;
		return (a->len > b->len) - (a->len < b->len);
	}
}

static int
grant_cmp(const struct grant_row *a, const struct grant_row *b)
{
	int i, c;

	for (i = 0; i < G_NCOLS; i++)
		if ((c = cell_cmp(&a->c[i], &b->c[i])) != 0)
			return c;
	return 0;
}

static void
cell_text(struct cell *c, const char *s)
{
	memset(c, 0, sizeof(*c));
	if (s == NULL) {
		c->type = SQLITE_NULL;
		return;
	}
	c->type = SQLITE_TEXT;
	c->s = s;
	c->len = strlen(s);
}

static void
cell_int(struct cell *c, long long i)
{
	memset(c, 0, sizeof(*c));
	c->type = SQLITE_INTEGER;
	c->i = i;
}

/* Room for a replay of N entries: entries, spans, replayed rows. */
static int
replay_room(struct group *g, size_t n)
{
	struct entry *e;
	struct span *sp;
	struct grant_row *r;
	size_t cap;

	if (n <= g->rcap)
		return 0;
	for (cap = g->rcap ? g->rcap : 16; cap < n;)
		cap *= 2;
	if ((e = realloc(g->entries, cap * sizeof(*e))) != NULL)
		g->entries = e;
	if ((sp = realloc(g->spans, cap * sizeof(*sp))) != NULL)
		g->spans = sp;
	if ((r = realloc(g->rv, cap * sizeof(*r))) != NULL)
		g->rv = r;
	if (e == NULL || sp == NULL || r == NULL)
		return -1;
	g->rcap = cap;
	return 0;
}

static void
group_free(struct group *g)
{
	free(g->arena);
	free(g->ev);
	free(g->gv);
	free(g->entries);
	free(g->spans);
	free(g->rv);
}

/* The message EXCEPT's row would give: the power, to whom, which entry. */
static void
grant_message(char *buf, size_t size, const struct cell *power,
    const struct grant_row *r)
{
	char seq[32];

	if (r->c[G_START_SEQ].type == SQLITE_INTEGER)
		snprintf(seq, sizeof(seq), "%lld", r->c[G_START_SEQ].i);
	else
		snprintf(seq, sizeof(seq), "%.*s", (int)(r->c[G_START_SEQ].len <
		    sizeof(seq) ? r->c[G_START_SEQ].len : sizeof(seq) - 1),
		    r->c[G_START_SEQ].s ? r->c[G_START_SEQ].s : "");
	/* Text up to a NUL, as SQLite's concatenation printed would be. */
	snprintf(buf, size, "grant of power %.*s to %.*s from entry #%s "
	    "differs from a replay of the log",
	    power->type == SQLITE_NULL ? 0 : (int)power->len,
	    power->s ? power->s : "",
	    r->c[G_TO].type == SQLITE_NULL ? 0 : (int)r->c[G_TO].len,
	    r->c[G_TO].s ? r->c[G_TO].s : "", seq);
}

/*
 * Compare the power's rows of grant_span with its replayed spans, both
 * sets of grant rows, and note the least row on each side that the other
 * lacks, unless a power before this one had one already.
 */
static void
diff_group(struct group *g, size_t nr, struct grants_diff *d)
{
	const struct grant_row *least;
	size_t i, j;

	if (!d->found_stored) {
		least = NULL;
		for (i = 0; i < g->ngv; i++) {
			for (j = 0; j < nr && grant_cmp(&g->gv[i], &g->rv[j]);
			    j++)
				;
			if (j == nr && (!least ||
			    grant_cmp(&g->gv[i], least) < 0))
				least = &g->gv[i];
		}
		if (least) {
			grant_message(d->stored, sizeof(d->stored), &g->power,
			    least);
			d->found_stored = 1;
		}
	}
	if (!d->found_replayed) {
		least = NULL;
		for (j = 0; j < nr; j++) {
			for (i = 0; i < g->ngv && grant_cmp(&g->rv[j],
			    &g->gv[i]); i++)
				;
			if (i == g->ngv && (!least ||
			    grant_cmp(&g->rv[j], least) < 0))
				least = &g->rv[j];
		}
		if (least) {
			grant_message(d->replayed, sizeof(d->replayed),
			    &g->power, least);
			d->found_replayed = 1;
		}
	}
}

/*
 * Replay one power's entries (collected in G) and diff its spans with its
 * rows of grant_span.  Entries that name a unit the registry lacks are
 * left out, as a join would; no row of power leaves them all out.
 * Returns DB_OK (damage reported through V) or an error.
 */
static int
replay_group(struct verify *v, struct group *g, sqlite3_stmt *power_st,
    struct unit_kinds *units, struct grants_diff *d)
{
	const struct entry *bad;
	char *holder = NULL, *dept = NULL, why[512];
	size_t i, n = 0, nspans = 0;
	int step, rc = DB_OK, bound = SQLITE_OK;

	if (g->nev > 0 && g->power.type == SQLITE_TEXT) {
		db_bind_static(power_st, 1, g->power.s, &bound);
		step = bound == SQLITE_OK ? sqlite3_step(power_st) : bound;
		if (step == SQLITE_ROW) {
			holder = db_column_dup(power_st, 0);
			dept = db_column_dup(power_st, 1);
			if (holder == NULL || dept == NULL) {
				db_unbind(power_st);
				rc = db_fail(v->db, "out of memory");
				goto out;
			}
		}
		db_unbind(power_st);
		if (step != SQLITE_ROW && step != SQLITE_DONE) {
			rc = step_failed(v, "replay");
			goto out;
		}
	}
	if (replay_room(g, g->nev) != 0)
		goto nomem;
	if (holder != NULL) {
		for (i = 0; i < g->nev; i++) {
			const struct entry_row *r = &g->ev[i];
			struct entry *e = &g->entries[n];
			int f, t;

			memset(e, 0, sizeof(*e));
			e->seq = r->seq;
			e->from = g->arena + r->from;
			e->to = g->arena + r->to;
			e->effective = g->arena + r->effective;
			f = unit_kinds_find(units, e->from, &e->from_kind);
			t = unit_kinds_find(units, e->to, &e->to_kind);
			/* A unit the registry lacks: the join dropped it. */
			if (f == -1 || t == -1)
				continue;
			if (f != 0 || t != 0 ||
			    parse_mode(g->arena + r->mode, &e->mode) != 0) {
				damage(v, "log entry #%lld: unknown kind or mode",
				    r->seq);
				goto out;
			}
			n++;
		}
		if (replay(g->entries, n, holder, dept, g->spans, &nspans,
		    &bad, why, sizeof(why)) != 0) {
			damage(v, "log entry #%lld of power '%s' breaks the "
			    "rules: %s", bad->seq, g->power.s, why);
			goto out;
		}
	}
	if (d->found_stored && d->found_replayed)
		goto out;
	for (i = 0; i < nspans; i++) {
		const struct entry *st = g->spans[i].start, *en = g->spans[i].end;
		struct grant_row *r = &g->rv[i];

		cell_text(&r->c[G_TO], st->to);
		cell_text(&r->c[G_FROM], st->from);
		cell_text(&r->c[G_MODE], mode_name(st->mode));
		cell_int(&r->c[G_START_SEQ], st->seq);
		cell_text(&r->c[G_START_DATE], st->effective);
		if (en != NULL) {
			cell_int(&r->c[G_END_SEQ], en->seq);
			cell_text(&r->c[G_END_DATE], en->effective);
		} else {
			cell_text(&r->c[G_END_SEQ], NULL);
			cell_text(&r->c[G_END_DATE], NULL);
		}
	}
	diff_group(g, nspans, d);
	goto out;
nomem:
	rc = db_fail(v->db, "out of memory");
out:
	free(holder);
	free(dept);
	return rc;
}
/* Step a stream: 1 at a row, 0 at its end, or an error (via V). */
static int
stream_step(struct verify *v, sqlite3_stmt *st, const char *doing, int *rc)
{
	int step = sqlite3_step(st);

	if (step == SQLITE_ROW)
		return 1;
	if (step != SQLITE_DONE)
		*rc = step_failed(v, doing);
	return 0;
}

/* Whether the current row of ST is for the power of group G. */
static int
same_power(sqlite3_stmt *st, const struct group *g)
{
	struct cell c, p = g->power;

	memset(&c, 0, sizeof(c));
	c.type = sqlite3_column_type(st, 0);
	if (c.type == SQLITE_INTEGER)
		c.i = sqlite3_column_int64(st, 0);
	else if (c.type == SQLITE_BLOB)
		c.s = sqlite3_column_blob(st, 0);
	else if (c.type != SQLITE_NULL) {
		c.type = SQLITE_TEXT;
		c.s = (const char *)sqlite3_column_text(st, 0);
	}
	c.len = (size_t)sqlite3_column_bytes(st, 0);
	p.s = g->arena + p.off;
	return cell_cmp(&c, &p) == 0;
}

/*
 * Replay every power's log and compare its spans with grant_span, power by
 * power: the log in the order of the identity index (power first) and
 * grant_span in its primary key's, both by power code, merged, so that
 * one power's entries and rows are in memory at a time and nothing is
 * sorted whole or written.  What differs is reported as the EXCEPT of
 * the two would name it: the least row of grant_span that the replay
 * lacks, else the least replayed row that grant_span lacks.
 */
static int
check_grants(struct verify *v)
{
	struct group g;
	struct grants_diff d;
	struct unit_kinds units;
	sqlite3_stmt *es = NULL, *gs = NULL, *ps = NULL;
	size_t i;
	int rc = DB_OK, e_row, g_row, c, k;

	memset(&g, 0, sizeof(g));
	memset(&d, 0, sizeof(d));
	if ((rc = unit_kinds_load(v->db, &units)) != DB_OK)
		goto out;
	es = db_prepare(v->db, "SELECT power, seq, from_unit, to_unit, mode, "
	    "effective FROM delegation ORDER BY power, effective, seq");
	gs = db_prepare(v->db, "SELECT power, to_unit, from_unit, mode, "
	    "start_seq, start_date, end_seq, end_date FROM grant_span "
	    "ORDER BY power, start_seq");
	ps = db_prepare(v->db, "SELECT holder, department FROM power "
	    "WHERE code = ?1");
	if (es == NULL || gs == NULL || ps == NULL) {
		rc = step_failed(v, "replay");
		goto out;
	}
	e_row = stream_step(v, es, "replay", &rc);
	g_row = rc == DB_OK ? stream_step(v, gs, "grants", &rc) : 0;
	while (rc == DB_OK && !v->damaged && (e_row || g_row)) {
		/* The next power: the lesser of the two streams' current. */
		g.used = g.nev = g.ngv = 0;
		if (e_row && g_row) {
			struct cell ec, gc;

			if (cell_get(&g, es, 0, &ec) != 0 ||
			    cell_get(&g, gs, 0, &gc) != 0)
				goto nomem;
			ec.s = g.arena + ec.off;
			gc.s = g.arena + gc.off;
			c = cell_cmp(&ec, &gc);
			g.power = c <= 0 ? ec : gc;
		} else if (cell_get(&g, e_row ? es : gs, 0, &g.power) != 0)
			goto nomem;
		for (; e_row && same_power(es, &g);
		    e_row = stream_step(v, es, "replay", &rc)) {
			struct entry_row *r;
			int oom = 0;
			const char *f = col_text(es, 2, &oom);
			const char *t = col_text(es, 3, &oom);
			const char *m = col_text(es, 4, &oom);
			const char *eff = col_text(es, 5, &oom);

			if (oom)
				goto nomem;
			if (g.nev == g.evcap) {
				size_t cap = g.evcap ? 2 * g.evcap : 16;

				if ((r = realloc(g.ev, cap * sizeof(*r))) == NULL)
					goto nomem;
				g.ev = r;
				g.evcap = cap;
			}
			r = &g.ev[g.nev];
			r->seq = sqlite3_column_int64(es, 1);
			/* A C string each, as the replay reads them. */
			if (arena_put(&g, f ? f : "", f ? strlen(f) : 0,
			    &r->from) != 0 ||
			    arena_put(&g, t ? t : "", t ? strlen(t) : 0,
			    &r->to) != 0 ||
			    arena_put(&g, m ? m : "", m ? strlen(m) : 0,
			    &r->mode) != 0 ||
			    arena_put(&g, eff ? eff : "", eff ? strlen(eff) : 0,
			    &r->effective) != 0)
				goto nomem;
			g.nev++;
		}
		if (rc != DB_OK)
			break;
		for (; g_row && same_power(gs, &g);
		    g_row = stream_step(v, gs, "grants", &rc)) {
			struct grant_row *r;

			if (g.ngv == g.gvcap) {
				size_t cap = g.gvcap ? 2 * g.gvcap : 16;

				if ((r = realloc(g.gv, cap * sizeof(*r))) == NULL)
					goto nomem;
				g.gv = r;
				g.gvcap = cap;
			}
			r = &g.gv[g.ngv];
			for (k = 0; k < G_NCOLS; k++)
				if (cell_get(&g, gs, 1 + k, &r->c[k]) != 0)
					goto nomem;
			g.ngv++;
		}
		if (rc != DB_OK)
			break;
		/* The arena is whole now: point into it. */
		g.power.s = g.arena + g.power.off;
		for (i = 0; i < g.ngv; i++)
			for (k = 0; k < G_NCOLS; k++)
				g.gv[i].c[k].s = g.arena + g.gv[i].c[k].off;
		rc = replay_group(v, &g, ps, &units, &d);
	}
	if (rc == DB_OK && !v->damaged && (d.found_stored || d.found_replayed))
		damage(v, "grants: %s", d.found_stored ? d.stored : d.replayed);
	goto out;
nomem:
	rc = db_fail(v->db, "out of memory");
out:
	sqlite3_finalize(es);
	sqlite3_finalize(gs);
	sqlite3_finalize(ps);
	unit_kinds_free(&units);
	group_free(&g);
	return rc;
}

/*
 * SQLite's integrity_check, the larger part of verify's work on a large
 * registry, runs in a second thread on a connection of its own while this
 * one checks the chains (on 1M powers and 2.45M entries, 10 s beside
 * about 5 s: tests/bench/RESULTS.md).  Its findings are told first, as
 * when it ran first: what the other checks find meanwhile is held until
 * it is done, and dropped when it found damage, for nothing else means
 * much on a damaged file.  The checks report a few lines each at most,
 * so what is held is small.  Its snapshot may be a commit newer than the
 * other checks' one: it checks the file's structure, which any snapshot
 * shows.
 */
#define TOLD_MAX	32	/* more lines than the checks ever tell */

/* Findings kept to be told later, in order. */
struct told {
	char		 msg[TOLD_MAX][1024];
	int		 n;
};

struct integrity {
	pthread_t	 thread;
	const char	*path;
	int		 timeout_ms;
	int		 rc;		/* DB_OK, or why it could not check */
	char		 err[1024];
	struct told	 found;
};

static void
keep(const char *msg, void *arg)
{
	struct told *t = arg;

	if (t->n < TOLD_MAX)
		snprintf(t->msg[t->n++], sizeof(t->msg[0]), "%s", msg);
}

/* integrity_check on DB, its findings and verdict into IN. */
static void
integrity_check_on(struct db *db, struct integrity *in)
{
	struct verify v = { db, keep, &in->found, 0 };

	if ((in->rc = check_pragma(&v, "PRAGMA integrity_check",
	    "integrity_check")) != DB_OK)
		snprintf(in->err, sizeof(in->err), "%s", db_errmsg(db));
}

static void *
integrity_run(void *arg)
{
	struct integrity *in = arg;
	struct db *db = NULL;

	if ((in->rc = db_open(&db, in->path, DB_READ, in->timeout_ms)) ==
	    DB_OK)
		integrity_check_on(db, in);
	else
		snprintf(in->err, sizeof(in->err), "%s", db_errmsg(db));
	db_close(db);
	return NULL;
}

/*
 * Start integrity_check in its thread: 1, or 0 when it is to run here,
 * after the other checks: when this process may use one CPU only (a
 * second thread would only take turns with this one), for a registry in
 * memory (no second connection to it), and when no thread is to be had.
 */
static int
integrity_start(struct verify *v, struct integrity *in)
{
	const char *path = v->db->path;
	cpu_set_t cpus;

	memset(in, 0, sizeof(*in));
	if (sched_getaffinity(0, sizeof(cpus), &cpus) == 0 &&
	    CPU_COUNT(&cpus) < 2)
		return 0;
	if (strcmp(path, ":memory:") == 0)
		return 0;
	in->path = path;
	in->timeout_ms = v->db->timeout_ms;
	return pthread_create(&in->thread, NULL, integrity_run, in) == 0;
}

/*
 * Tell, in order, integrity_check's findings in IN or else those HELD of
 * the other checks, through REPORT and ARG; RC is what the other checks
 * returned.  The verdict: integrity_check's failure or damage first, then
 * RC.
 */
static int
integrity_verdict(struct verify *v, const struct integrity *in,
    const struct told *held, void (*report)(const char *, void *), void *arg,
    int rc)
{
	const struct told *tell = held;
	int i;

	v->report = report;
	v->arg = arg;
	if (in->rc != DB_OK) {
		db_fail(v->db, "%s", in->err);
		return in->rc;
	}
	if (in->found.n > 0) {
		tell = &in->found;
		rc = DB_DAMAGED;
	}
	for (i = 0; i < tell->n; i++)
		report(tell->msg[i], arg);
	return rc;
}

/* Every check but integrity_check, in order; see verify_all(). */
static int
verify_chains(struct verify *v, const char *expect_head,
    const unsigned char *expect, long long *entries)
{
	struct chain c;
	unsigned char zone[HASH_LEN];
	int rc, found, schema_damaged = 0;

	memset(&c, 0, sizeof(c));
	/*
	 * The schema first: what the other checks read must be what the
	 * migrations made; what it finds does not stop the other checks (a
	 * trigger dropped to edit a table behind the program's back, the
	 * edit is named too).  Then the chains before foreign keys, so that
	 * a deleted entry is named as such and not as a grant left dangling.
	 */
	if ((rc = check_schema(v)) != DB_OK)
		goto out;
	schema_damaged = v->damaged;
	v->damaged = 0;
	if ((rc = db_zone_digest(v->db, zone)) != DB_OK) {
		rc = step_failed(v, "time_zone");
		goto out;
	}
	if ((rc = check_imports(v, &c, expect_head ? zone : NULL)) != DB_OK ||
	    (rc = check_extra(v, &c, zone)) != DB_OK ||
	    (rc = check_rows(v, "unit", "code, name, kind, parent, within", 5,
	    c.digests[0])) != DB_OK ||
	    (rc = check_rows(v, "power", "code, name, category, department, "
	    "class, legal_basis, holder, note", 8, c.digests[1])) != DB_OK ||
	    (rc = check_log(v, expect_head ? expect : NULL, &c, &found,
	    entries)) != DB_OK)
		goto out;
	if (expect_head && !found && !v->damaged)
		damage(v, "the registry holds no state with head %s: it was "
		    "truncated or rewritten (imports, changes, time zone or "
		    "log)", expect_head);
	if (v->damaged) {
		rc = DB_DAMAGED;
		goto out;
	}
	if ((rc = check_pragma(v, "PRAGMA foreign_key_check",
	    "foreign_key_check")) != DB_OK)
		goto out;
	if (!v->damaged && (rc = check_grants(v)) != DB_OK)
		goto out;
	rc = v->damaged ? DB_DAMAGED : DB_OK;
out:
	if (schema_damaged) {
		v->damaged = 1;
		if (rc == DB_OK)
			rc = DB_DAMAGED;
	}
	free(c.heads);
	return rc;
}

/*
 * Every check: integrity_check beside the chains, or after them on a
 * registry in memory, and what it finds told first; see db_verify().
 */
static int
verify_all(struct verify *v, const char *expect_head,
    const unsigned char *expect, long long *entries)
{
	struct integrity in;
	struct told held;
	void (*report)(const char *, void *) = v->report;
	void *arg = v->arg;
	int rc, threaded;

	threaded = integrity_start(v, &in);
	held.n = 0;
	v->report = keep;
	v->arg = &held;
	rc = verify_chains(v, expect_head, expect, entries);
	if (threaded)
		pthread_join(in.thread, NULL);
	else
		integrity_check_on(v->db, &in);
	return integrity_verdict(v, &in, &held, report, arg, rc);
}

int
db_verify(struct db *db, const char *expect_head,
    void (*report)(const char *, void *), void *arg, long long *entries)
{
	struct verify v = { db, report, arg, 0 };
	unsigned char expect[HASH_LEN];
	int rc;

	*entries = 0;
	if (expect_head && hash_unhex(expect_head, expect) != 0)
		return db_fail(db, "bad head '%s': 64 hex digits expected",
		    expect_head);
	/*
	 * One snapshot for every check but integrity_check: an import
	 * committed between reading its digest and reading its table is not
	 * damage.  The deferred BEGIN takes it at the first read.
	 */
	if ((rc = db_exec(db, "BEGIN")) != DB_OK)
		return rc;
	rc = verify_all(&v, expect_head, expect, entries);
	db_rollback(db);
	return rc;
}

/*
 * The head: SHA-256 over the last import run's hash (the units' and
 * powers' digests) and extra_hash (the attribute changes'), the zone's
 * digest, XOR the log's last hash.  Kept heads are checked by
 * check_log(): the XOR lets one pass over the log try every run.
 */
int
db_registry_head(struct db *db, long long *count, char hex[HASH_HEX_LEN + 1])
{
	unsigned char zone[HASH_LEN], run[HASH_LEN], extra[HASH_LEN];
	unsigned char log[HASH_LEN], head[HASH_LEN];
	char loghex[HASH_HEX_LEN + 1];
	sqlite3_stmt *st;
	int i, step, has_run = 0, has_extra = 0, rc;

	if ((rc = db_exec(db, "BEGIN")) != DB_OK)
		return rc;
	if ((rc = db_zone_digest(db, zone)) != DB_OK)
		goto out;
	rc = DB_ERROR;
	st = db_prepare(db, "SELECT hash, extra_hash FROM import_run "
	    "ORDER BY id DESC LIMIT 1");
	if (st == NULL)
		goto out;
	if ((step = sqlite3_step(st)) == SQLITE_ROW &&
	    sqlite3_column_bytes(st, 0) == HASH_LEN) {
		memcpy(run, sqlite3_column_blob(st, 0), HASH_LEN);
		has_run = 1;
		if (sqlite3_column_bytes(st, 1) == HASH_LEN) {
			memcpy(extra, sqlite3_column_blob(st, 1), HASH_LEN);
			has_extra = 1;
		}
	}
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = db_sqlite_fail(db, "reading the head");
		goto out;
	}
	if ((rc = db_log_head(db, count, loghex)) != DB_OK)
		goto out;
	memset(log, 0, sizeof(log));
	if (loghex[0] != '\0' && hash_unhex(loghex, log) != 0) {
		rc = db_fail(db, "reading the head: a damaged log");
		goto out;
	}
	if (head_part(has_run ? run : NULL, has_extra ? extra : NULL, zone,
	    head) != 0) {
		rc = db_fail(db, "sha-256 failed");
		goto out;
	}
	for (i = 0; i < HASH_LEN; i++)
		head[i] ^= log[i];
	hash_hex(head, hex);
	rc = DB_OK;
out:
	db_rollback(db);
	return rc;
}

/* The big-endian 16 or 32 bits at P. */
static unsigned long
be(const unsigned char *p, int n)
{
	unsigned long x = 0;
	int i;

	for (i = 0; i < n; i++)
		x = x << 8 | p[i];
	return x;
}

int
db_verify_unopened(const char *path, char *why, size_t size)
{
	static const char magic[] = "SQLite format 3";
	unsigned char h[100];
	struct stat sb;
	unsigned long page, pages;
	long version;
	sqlite3 *conn = NULL;
	sqlite3_stmt *st = NULL;
	char *name;
	ssize_t n;
	int fd, rc, ours = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    (n = pread(fd, h, sizeof(h), 0)) < 0) {
		if (!S_ISREG(sb.st_mode))
			errno = EISDIR;
		close(fd);
		return -1;
	}
	close(fd);
	if (n < (ssize_t)sizeof(h)) {
		snprintf(why, size, "the file is %lld bytes, shorter than a "
		    "database's header: truncated", (long long)sb.st_size);
		return 1;
	}
	if (memcmp(h, magic, sizeof(magic)) != 0) {
		snprintf(why, size, "its header does not begin as an SQLite "
		    "database's: damaged");
		return 1;
	}
	page = be(h + 16, 2);
	if (page == 1)
		page = 65536;
	if (page < 512 || (page & (page - 1)) != 0) {
		snprintf(why, size, "its header's page size is damaged");
		return 1;
	}
	pages = be(h + 28, 4);
	if (sb.st_size % (off_t)page != 0 || (be(h + 24, 4) == be(h + 92, 4) &&
	    (off_t)(pages * page) > sb.st_size)) {
		snprintf(why, size, "the file is %lld bytes, not the %lu pages "
		    "of %lu its header counts: truncated",
		    (long long)sb.st_size, pages, page);
		return 1;
	}
	version = (long)(int)be(h + 60, 4);
	if (version < 0) {
		snprintf(why, size, "its header's schema version %ld is "
		    "damaged", version);
		return 1;
	}
	/* What SQLite makes of it, and whether it holds our tables. */
	if ((name = db_plain_path(path)) == NULL)
		return -1;
	rc = sqlite3_open_v2(name, &conn, SQLITE_OPEN_READONLY, NULL);
	free(name);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(conn, "SELECT count(*) FROM sqlite_schema "
		    "WHERE type = 'table' AND name IN ('unit', 'power', "
		    "'import_run', 'delegation')", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		ours = sqlite3_column_int(st, 0) == 4;
		rc = SQLITE_OK;
	}
	if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB) {
		snprintf(why, size, "%s", sqlite3_errmsg(conn));
		rc = 1;
	} else if (rc == SQLITE_OK && ours &&
	    (long)(int)be(h + 68, 4) != POWERS_APPLICATION_ID) {
		snprintf(why, size, "it holds a registry's tables, yet its "
		    "header's application id is damaged");
		rc = 1;
	} else
		rc = 0;
	sqlite3_finalize(st);
	sqlite3_close_v2(conn);
	return rc;
}
