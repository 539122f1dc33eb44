/*
 * verify's chains: the import runs' and the log's hash chains, each
 * table's rows against their hashes and the last import's digests, and
 * the registry's head, which is made from both chains' ends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "db_internal.h"
#include "grow.h"
#include "hash.h"

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
	if (grow_array(&c->heads, &c->headcap, c->nheads + 1,
	    sizeof(*c->heads), 16) == -1)
		return db_fail(v->db, _("out of memory"));
	if (head_part(run, extra, zone, c->heads[c->nheads]) != 0)
		return db_fail(v->db, _("sha-256 failed"));
	c->nheads++;
	return DB_OK;
}

/*
 * Whether the current row of import_run (columns as verify_imports()
 * selects them) matches its hash and the chain: it is run EXPECT, it
 * follows PREV (NULL: the first), and its hash and, when *EXTRA, its
 * extra_hash are right.  *EXTRA comes in as whether an earlier run had
 * the digests of migration 0007 and goes out as whether this one has
 * them; H and E get its hash and extra hash.  *OK gets 1 or 0; DB_OK or
 * an error.
 */
static int
run_matches(struct verify *v, sqlite3_stmt *st, long long expect,
    const unsigned char *prev, int *extra, unsigned char h[HASH_LEN],
    unsigned char e[HASH_LEN], int *ok)
{
	char udig[HASH_HEX_LEN + 1], pdig[HASH_HEX_LEN + 1];
	const char *fields[14];
	int i, oom = 0;

	for (i = 0; i < 12; i++)
		fields[i] = verify_text(st, 1 + i, &oom);
	if (oom)
		return db_fail(v->db, _("out of memory"));
	/* Once a run has the digests, every later one must. */
	*extra = *extra || sqlite3_column_type(st, 17) != SQLITE_NULL ||
	    sqlite3_column_type(st, 18) != SQLITE_NULL ||
	    sqlite3_column_type(st, 19) != SQLITE_NULL;
	*ok = sqlite3_column_bytes(st, 13) == HASH_LEN &&
	    sqlite3_column_bytes(st, 14) == HASH_LEN &&
	    sqlite3_column_bytes(st, 16) == HASH_LEN && (!*extra ||
	    (sqlite3_column_bytes(st, 17) == HASH_LEN &&
	    sqlite3_column_bytes(st, 18) == HASH_LEN &&
	    sqlite3_column_bytes(st, 19) == HASH_LEN));
	if (*ok) {
		hash_hex(sqlite3_column_blob(st, 13), udig);
		hash_hex(sqlite3_column_blob(st, 14), pdig);
		fields[12] = udig;
		fields[13] = pdig;
		if (hash_fields("import_run", prev, fields, 14, h) != 0 ||
		    (*extra && db_import_extra_hash(h,
		    sqlite3_column_blob(st, 17), sqlite3_column_blob(st, 18),
		    e) != 0))
			return db_fail(v->db, _("sha-256 failed"));
		*ok = memcmp(h, sqlite3_column_blob(st, 16), HASH_LEN) == 0 &&
		    (!*extra || memcmp(e, sqlite3_column_blob(st, 19),
		    HASH_LEN) == 0);
	}
	if (*ok && sqlite3_column_int64(st, 0) != expect)
		*ok = 0;
	if (*ok)
		*ok = prev != NULL ? (sqlite3_column_bytes(st, 15) == HASH_LEN &&
		    memcmp(prev, sqlite3_column_blob(st, 15), HASH_LEN) == 0) :
		    sqlite3_column_type(st, 15) == SQLITE_NULL;
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
int
verify_imports(struct verify *v, struct chain *c, const unsigned char *zone)
{
	sqlite3_stmt *st;
	unsigned char prev[HASH_LEN], h[HASH_LEN];
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
		return verify_failed(v, "import_run");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		unsigned char e[HASH_LEN];
		int ok = 0, extra = c->has_extra;

		if ((rc = run_matches(v, st, expect, has_prev ? prev : NULL,
		    &extra, h, e, &ok)) != DB_OK) {
			sqlite3_finalize(st);
			return rc;
		}
		if (!ok) {
			verify_damage(v, _("import #%lld: does not match its "
			    "hash or the chain (expected import #%lld)"),
			    sqlite3_column_int64(st, 0), expect);
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
		return verify_failed(v, "import_run");
	if (c->nheads > 1)
		qsort(c->heads, c->nheads, sizeof(c->heads[0]), head_cmp);
	return DB_OK;
}

int
db_changes_digest(struct db *db, long long after, unsigned char digest[HASH_LEN])
{
	return verify_digest(db, DB_CHANGES_HASHED, after, "attribute_change",
	    digest, NULL);
}

int
db_zone_digest(struct db *db, unsigned char out[HASH_LEN])
{
	int rc;

	memset(out, 0, HASH_LEN);
	if ((rc = verify_digest(db, "SELECT id, name FROM time_zone", -1,
	    "time_zone", out, NULL)) != DB_OK)
		return rc;
	return verify_digest(db, "SELECT since, utc_offset FROM "
	    "time_zone_offset", -1, "time_zone_offset", out, NULL);
}

/*
 * The attribute changes and the time zone against the digests the last
 * import recorded (none before migration 0007); ZONE is the zone's.
 */
int
verify_extra(struct verify *v, const struct chain *c, const unsigned char *zone)
{
	unsigned char sum[HASH_LEN] = { 0 };
	long long rows;
	int rc;

	if (!c->has_extra)
		return DB_OK;
	rc = verify_digest(v->db, DB_CHANGES_HASHED, 0, "attribute_change",
	    sum, &rows);
	if (rc != DB_OK)
		return verify_failed(v, "attribute_change");
	if (memcmp(sum, c->changes, HASH_LEN) != 0)
		verify_damage(v, _("attribute_change: the %lld rows do not "
		    "match the last import's digest: a change was edited, "
		    "added or deleted behind the program's back"), rows);
	if (memcmp(zone, c->zone, HASH_LEN) != 0)
		verify_damage(v, _("time_zone: the zone or its offsets do not "
		    "match the last import's digest: changed behind the "
		    "program's back"));
	return DB_OK;
}

/*
 * Every row of TABLE against its row_hash, and the digest of the whole
 * table against the last import's DIGEST: a row changed names itself; a
 * row added or deleted shows in the digest.  SQL gives the rows, code
 * first, NCOLUMNS of them and then row_hash, in the table's own order:
 * by code, through the index, each row was a lookup at a random place
 * in the table when the codes came in scattered order (1M powers: see
 * the commit).  The digest is a XOR, of any order; of the rows changed,
 * the least code is named, as when they came by code.
 */
int
verify_rows(struct verify *v, const char *table, const char *sql,
    int ncolumns, const unsigned char *digest)
{
	unsigned char h[HASH_LEN], sum[HASH_LEN] = { 0 };
	sqlite3_stmt *st;
	char *least = NULL;
	const char *code;
	long long rows = 0, changed = 0;
	int step, rc;

	if ((st = db_prepare(v->db, sql)) == NULL)
		return verify_failed(v, table);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		rows++;
		if ((rc = verify_hash_columns(v, st, 0, ncolumns, table, NULL,
		    h)) != DB_OK) {
			sqlite3_finalize(st);
			free(least);
			return rc;
		}
		hash_xor(sum, h);
		if (sqlite3_column_bytes(st, ncolumns) == HASH_LEN &&
		    memcmp(h, sqlite3_column_blob(st, ncolumns), HASH_LEN) == 0)
			continue;
		changed++;
		code = (const char *)sqlite3_column_text(st, 0);
		if (code != NULL && (least == NULL || strcmp(code, least) < 0)) {
			free(least);
			if ((least = strdup(code)) == NULL) {
				sqlite3_finalize(st);
				return db_fail(v->db, "out of memory");
			}
		}
	}
	sqlite3_finalize(st);
	if (changed > 0)
		verify_damage(v, "%s '%s': changed behind the program's back "
		    "(its content does not match its hash)", table,
		    least ? least : "");
	free(least);
	if (step != SQLITE_DONE)
		return verify_failed(v, table);
	if (changed == 0 && memcmp(sum, digest, HASH_LEN) != 0)
		verify_damage(v, _("%s: the %lld rows do not match the last "
		    "import's digest: a row was added or deleted behind the "
		    "program's back"), table, rows);
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
 * The log's chain from entry FROM on (1: the whole log); *FOUND is set
 * when EXPECT (may be NULL) is the head of a state the registry went
 * through: after one of the runs in C and one of the entries (or none).
 * Entry FROM's link to the one before is taken as it is stored, its own
 * hash checked: for verify --since, whose kept head vouches for it.
 */
int
verify_log(struct verify *v, const unsigned char *expect,
    const struct chain *c, int *found, long long *entries, long long from)
{
	unsigned char prev[HASH_LEN], h[HASH_LEN];
	sqlite3_stmt *st;
	long long n = from - 1;
	int step, rc, has_prev = 0, ok;

	*found = expect != NULL && head_is(expect, NULL, c);
	st = db_prepare(v->db, "SELECT seq, power, from_unit, to_unit, mode, "
	    "document, effective, note, recorded_by, recorded_at, batch, "
	    "prev_hash, hash FROM delegation WHERE seq >= ?1 ORDER BY seq");
	if (st == NULL)
		return verify_failed(v, "delegation");
	sqlite3_bind_int64(st, 1, from);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		long long seq = sqlite3_column_int64(st, 0);

		if (++n > 1 && !has_prev &&
		    sqlite3_column_bytes(st, 11) == HASH_LEN) {
			memcpy(prev, sqlite3_column_blob(st, 11), HASH_LEN);
			has_prev = 1;
		}
		if ((rc = verify_hash_columns(v, st, 0, 11, "delegation",
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
				verify_damage(v, _("log entry #%lld: found #%lld "
				    "in its place: an entry was deleted or "
				    "reordered"), n, seq);
			else
				verify_damage(v, _("log entry #%lld: changed "
				    "behind the program's back (it does not "
				    "match its hash or the chain)"), seq);
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
		return verify_failed(v, "delegation");
	return DB_OK;
}

/*
 * The head: SHA-256 over the last import run's hash (the units' and
 * powers' digests) and extra_hash (the attribute changes'), the zone's
 * digest, XOR the log's last hash.  Kept heads are checked by
 * verify_log(): the XOR lets one pass over the log try every run.
 */
int
db_registry_head(struct db *db, long long *count, char hex[HASH_HEX_LEN + 1])
{
	unsigned char zone[HASH_LEN], run[HASH_LEN], extra[HASH_LEN];
	unsigned char log[HASH_LEN], head[HASH_LEN];
	char loghex[HASH_HEX_LEN + 1];
	sqlite3_stmt *st;
	int i, step, has_run = 0, has_extra = 0, rc;
	/* Inside a caller's read transaction (export's) it reads in that. */
	int own = sqlite3_get_autocommit(db->conn);

	if (own && (rc = db_exec(db, "BEGIN")) != DB_OK)
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
		rc = db_sqlite_fail(db, _("reading the head"));
		goto out;
	}
	if ((rc = db_log_head(db, count, loghex)) != DB_OK)
		goto out;
	memset(log, 0, sizeof(log));
	if (loghex[0] != '\0' && hash_unhex(loghex, log) != 0) {
		rc = db_fail(db, _("reading the head: a damaged log"));
		goto out;
	}
	if (head_part(has_run ? run : NULL, has_extra ? extra : NULL, zone,
	    head) != 0) {
		rc = db_fail(db, _("sha-256 failed"));
		goto out;
	}
	for (i = 0; i < HASH_LEN; i++)
		head[i] ^= log[i];
	hash_hex(head, hex);
	rc = DB_OK;
out:
	if (own)
		db_rollback(db);
	return rc;
}

/*
 * Where the kept head EXPECT is in the log, for verify --since: the log
 * walked back from its end, each entry's hash XOR the head's import part
 * of the last run (the head now XOR the log's last hash) tried against
 * it, so that the walk is as long as the entries since.  *AT gets the
 * entry (0: before any), or -1 when EXPECT is no state since the last
 * import: an older one, or none.
 */
int
verify_since_find(struct verify *v, const unsigned char *expect,
    long long *at)
{
	unsigned char now[HASH_LEN], part[HASH_LEN];
	char hex[HASH_HEX_LEN + 1];
	sqlite3_stmt *st;
	long long count;
	int step, i, first = 1, rc;

	*at = -1;
	if ((rc = db_registry_head(v->db, &count, hex)) != DB_OK)
		return verify_failed(v, "head");
	if (hash_unhex(hex, now) != 0)
		return db_fail(v->db, "reading the head: a damaged log");
	memcpy(part, now, HASH_LEN);
	if ((st = db_prepare(v->db, "SELECT seq, hash FROM delegation "
	    "ORDER BY seq DESC")) == NULL)
		return verify_failed(v, "delegation");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *h = sqlite3_column_blob(st, 1);
		int same = 1;

		if (sqlite3_column_bytes(st, 1) != HASH_LEN)
			continue;
		if (first)
			for (i = 0; i < HASH_LEN; i++)
				part[i] ^= h[i];
		first = 0;
		for (i = 0; i < HASH_LEN && same; i++)
			same = (expect[i] ^ h[i]) == part[i];
		if (same) {
			*at = sqlite3_column_int64(st, 0);
			break;
		}
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		return verify_failed(v, "delegation");
	if (*at == -1 && memcmp(expect, part, HASH_LEN) == 0)
		*at = 0;
	return DB_OK;
}
