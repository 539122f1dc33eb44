/*
 * verify: recompute what the registry claims, and say where it differs.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "hash.h"
#include "replay.h"

struct verify {
	struct db	*db;
	void		(*report)(const char *, void *);
	void		*arg;
	int		 damaged;
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

/* Hash columns FIRST..FIRST+N-1 of the current row as text. */
static int
hash_columns(sqlite3_stmt *st, int first, int n, const char *tag,
    const unsigned char *prev, unsigned char out[HASH_LEN])
{
	const char *fields[16];
	int i;

	for (i = 0; i < n && i < 16; i++)
		fields[i] = (const char *)sqlite3_column_text(st, first + i);
	return hash_fields(tag, prev, fields, (size_t)n, out);
}

static int
check_pragma(struct verify *v, const char *sql, const char *what)
{
	sqlite3_stmt *st;
	int step, shown = 0;

	if ((st = db_prepare(v->db, sql)) == NULL)
		return step_failed(v, what);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *first = (const char *)sqlite3_column_text(st, 0);

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
 * The import runs' chain, ending with the digests the tables must have.
 * DIGESTS gets the last run's [units, powers] (zero when none).
 */
static int
check_imports(struct verify *v, unsigned char digests[2][HASH_LEN])
{
	sqlite3_stmt *st;
	unsigned char prev[HASH_LEN], h[HASH_LEN];
	char udig[HASH_HEX_LEN + 1], pdig[HASH_HEX_LEN + 1];
	long long expect = 1;
	int step, has_prev = 0;

	memset(digests, 0, 2 * HASH_LEN);
	st = db_prepare(v->db, "SELECT id, what, file, sha256, encoding, "
	    "dialect, rows, added, changed, unchanged, absent, operator, at, "
	    "units_digest, powers_digest, prev_hash, hash FROM import_run "
	    "ORDER BY id");
	if (st == NULL)
		return step_failed(v, "import_run");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		const char *fields[14];
		int i, ok;

		for (i = 0; i < 12; i++)
			fields[i] = (const char *)sqlite3_column_text(st, 1 + i);
		ok = sqlite3_column_bytes(st, 13) == HASH_LEN &&
		    sqlite3_column_bytes(st, 14) == HASH_LEN &&
		    sqlite3_column_bytes(st, 16) == HASH_LEN;
		if (ok) {
			hash_hex(sqlite3_column_blob(st, 13), udig);
			hash_hex(sqlite3_column_blob(st, 14), pdig);
			fields[12] = udig;
			fields[13] = pdig;
			ok = hash_fields("import_run", has_prev ? prev : NULL,
			    fields, 14, h) == 0 &&
			    memcmp(h, sqlite3_column_blob(st, 16), HASH_LEN) == 0;
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
		memcpy(digests[0], sqlite3_column_blob(st, 13), HASH_LEN);
		memcpy(digests[1], sqlite3_column_blob(st, 14), HASH_LEN);
		expect++;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		return step_failed(v, "import_run");
	return DB_OK;
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
	int step, shown = 0;

	snprintf(sql, sizeof(sql), "SELECT %s, row_hash FROM %s ORDER BY code",
	    columns, table);
	if ((st = db_prepare(v->db, sql)) == NULL)
		return step_failed(v, table);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		rows++;
		if (hash_columns(st, 0, ncolumns, table, NULL, h) != 0) {
			sqlite3_finalize(st);
			return db_fail(v->db, "sha-256 failed");
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

/* The log's chain; *FOUND is set when EXPECT (may be NULL) is an entry. */
static int
check_log(struct verify *v, const unsigned char *expect, int *found,
    long long *entries)
{
	unsigned char prev[HASH_LEN], h[HASH_LEN];
	sqlite3_stmt *st;
	long long n = 0;
	int step, has_prev = 0, ok;

	*found = 0;
	st = db_prepare(v->db, "SELECT seq, power, from_unit, to_unit, mode, "
	    "document, effective, note, recorded_by, recorded_at, batch, "
	    "prev_hash, hash FROM delegation ORDER BY seq");
	if (st == NULL)
		return step_failed(v, "delegation");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		long long seq = sqlite3_column_int64(st, 0);

		n++;
		ok = seq == n && hash_columns(st, 0, 11, "delegation",
		    has_prev ? prev : NULL, h) == 0 &&
		    sqlite3_column_bytes(st, 12) == HASH_LEN &&
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
		if (expect && memcmp(h, expect, HASH_LEN) == 0)
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
 * Replay every power's log and compare with grant_span, through a temp
 * table and EXCEPT both ways.
 */
static int
check_grants(struct verify *v)
{
	static const char entries_sql[] =
	    "SELECT d.power, p.holder, p.department, d.seq, d.from_unit, "
	    "f.kind, d.to_unit, t.kind, d.mode, d.effective "
	    "FROM delegation d JOIN power p ON p.code = d.power "
	    "JOIN unit f ON f.code = d.from_unit "
	    "JOIN unit t ON t.code = d.to_unit "
	    "ORDER BY d.power, d.effective, d.seq";
	sqlite3_stmt *st = NULL, *ins = NULL;
	struct entry *ev = NULL;
	struct span *spans = NULL;
	char **strs = NULL, *power = NULL, *holder = NULL, *dept = NULL;
	size_t n = 0, cap = 0, nspans, i;
	const struct entry *bad;
	char why[512];
	int step = SQLITE_DONE, rc = DB_ERROR, more = 1;

	if (db_exec(v->db, "CREATE TEMP TABLE IF NOT EXISTS replayed ("
	    "power TEXT, to_unit TEXT, from_unit TEXT, mode TEXT, "
	    "start_seq INTEGER, start_date TEXT, end_seq INTEGER, "
	    "end_date TEXT)") != DB_OK ||
	    db_exec(v->db, "DELETE FROM temp.replayed") != DB_OK)
		return DB_ERROR;
	st = db_prepare(v->db, entries_sql);
	ins = db_prepare(v->db, "INSERT INTO temp.replayed VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	if (st == NULL || ins == NULL)
		goto out;
	while (more) {
		step = sqlite3_step(st);
		more = step == SQLITE_ROW;
		/* A power's entries end: replay them and keep the spans. */
		if (power != NULL && (!more || strcmp(power,
		    (const char *)sqlite3_column_text(st, 0)) != 0)) {
			if ((spans = calloc(n + 1, sizeof(*spans))) == NULL)
				goto nomem;
			if (replay(ev, n, holder, dept, spans, &nspans, &bad, why,
			    sizeof(why)) != 0)
				damage(v, "log entry #%lld of power '%s' breaks "
				    "the rules: %s", bad->seq, power, why);
			for (i = 0; i < nspans && !v->damaged; i++) {
				const struct entry *s = spans[i].start;
				const struct entry *e = spans[i].end;

				db_bind_text(ins, 1, power);
				db_bind_text(ins, 2, s->to);
				db_bind_text(ins, 3, s->from);
				db_bind_text(ins, 4, mode_name(s->mode));
				sqlite3_bind_int64(ins, 5, s->seq);
				db_bind_text(ins, 6, s->effective);
				if (e) {
					sqlite3_bind_int64(ins, 7, e->seq);
					db_bind_text(ins, 8, e->effective);
				} else {
					sqlite3_bind_null(ins, 7);
					sqlite3_bind_null(ins, 8);
				}
				if (sqlite3_step(ins) != SQLITE_DONE) {
					sqlite3_reset(ins);
					rc = db_sqlite_fail(v->db, "replay");
					goto out;
				}
				sqlite3_reset(ins);
			}
			free(spans);
			spans = NULL;
			for (i = 0; i < 3 * n; i++)
				free(strs[i]);
			n = 0;
			free(power);
			free(holder);
			free(dept);
			power = holder = dept = NULL;
			if (v->damaged)
				break;
		}
		if (!more)
			break;
		if (power == NULL) {
			power = db_column_dup(st, 0);
			holder = db_column_dup(st, 1);
			dept = db_column_dup(st, 2);
			if (!power || !holder || !dept)
				goto nomem;
		}
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct entry *ne = realloc(ev, ncap * sizeof(*ev));
			char **ns;

			if (ne == NULL)
				goto nomem;
			ev = ne;
			if ((ns = realloc(strs, 3 * ncap * sizeof(*strs))) == NULL)
				goto nomem;
			strs = ns;
			cap = ncap;
		}
		memset(&ev[n], 0, sizeof(ev[n]));
		ev[n].seq = sqlite3_column_int64(st, 3);
		strs[3 * n] = db_column_dup(st, 4);
		strs[3 * n + 1] = db_column_dup(st, 6);
		strs[3 * n + 2] = db_column_dup(st, 9);
		ev[n].from = strs[3 * n];
		ev[n].to = strs[3 * n + 1];
		ev[n].effective = strs[3 * n + 2];
		n++;
		if (!ev[n - 1].from || !ev[n - 1].to || !ev[n - 1].effective)
			goto nomem;
		if (parse_kind((const char *)sqlite3_column_text(st, 5),
		    &ev[n - 1].from_kind) != 0 ||
		    parse_kind((const char *)sqlite3_column_text(st, 7),
		    &ev[n - 1].to_kind) != 0 ||
		    parse_mode((const char *)sqlite3_column_text(st, 8),
		    &ev[n - 1].mode) != 0) {
			damage(v, "log entry #%lld: unknown kind or mode",
			    ev[n - 1].seq);
			break;
		}
	}
	if (step != SQLITE_DONE && step != SQLITE_ROW) {
		rc = step_failed(v, "replay");
		goto out;
	}
	rc = DB_OK;
	if (!v->damaged)
		rc = check_pragma(v, "SELECT 'grant of power ' || power || ' to ' "
		    "|| to_unit || ' from entry #' || start_seq || ' differs "
		    "from a replay of the log' FROM (SELECT * FROM grant_span "
		    "EXCEPT SELECT * FROM temp.replayed UNION ALL "
		    "SELECT * FROM temp.replayed EXCEPT SELECT * FROM grant_span) "
		    "LIMIT 1", "grants");
	goto out;
nomem:
	rc = db_fail(v->db, "out of memory");
out:
	for (i = 0; i < 3 * n; i++)
		free(strs[i]);
	free(strs);
	free(ev);
	free(spans);
	free(power);
	free(holder);
	free(dept);
	sqlite3_finalize(st);
	sqlite3_finalize(ins);
	return rc;
}

int
db_verify(struct db *db, const char *expect_head,
    void (*report)(const char *, void *), void *arg, long long *entries)
{
	struct verify v = { db, report, arg, 0 };
	unsigned char digests[2][HASH_LEN], expect[HASH_LEN];
	int rc, found;

	*entries = 0;
	if (expect_head && hash_unhex(expect_head, expect) != 0)
		return db_fail(db, "bad head '%s': 64 hex digits expected",
		    expect_head);
	/*
	 * SQLite's own checks first: nothing else means much on a damaged
	 * file.  Then the chains, before foreign keys, so that a deleted
	 * entry is named as such and not as a grant left dangling.
	 */
	if ((rc = check_pragma(&v, "PRAGMA integrity_check",
	    "integrity_check")) != DB_OK)
		return rc;
	if (v.damaged)
		return DB_DAMAGED;
	if ((rc = check_imports(&v, digests)) != DB_OK ||
	    (rc = check_rows(&v, "unit", "code, name, kind, parent, within", 5,
	    digests[0])) != DB_OK ||
	    (rc = check_rows(&v, "power", "code, name, category, department, "
	    "class, legal_basis, holder, note", 8, digests[1])) != DB_OK ||
	    (rc = check_log(&v, expect_head ? expect : NULL, &found,
	    entries)) != DB_OK)
		return rc;
	if (expect_head && !found && !v.damaged)
		damage(&v, "the log holds no entry with head %s: it was "
		    "truncated or rewritten", expect_head);
	if (v.damaged)
		return DB_DAMAGED;
	if ((rc = check_pragma(&v, "PRAGMA foreign_key_check",
	    "foreign_key_check")) != DB_OK)
		return rc;
	if (!v.damaged && (rc = check_grants(&v)) != DB_OK)
		return rc;
	return v.damaged ? DB_DAMAGED : DB_OK;
}
