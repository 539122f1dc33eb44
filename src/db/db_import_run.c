/*
 * An import's own row: import_run, chained to the run before it by its
 * hash, with the digests of both tables, of the attribute changes and of
 * the time zone (migrations/0007_chain_changes_and_zone.sql).
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "db_internal.h"
#include "hash.h"

/* The last import_run: its id, hash and digests, if there is one. */
int
import_load_last_run(struct db_import *imp)
{
	sqlite3_stmt *st;
	int step;

	st = db_prepare(imp->db, "SELECT id, hash, units_digest, "
	    "powers_digest, changes_digest, (SELECT max(id) FROM "
	    "attribute_change) FROM import_run ORDER BY id DESC LIMIT 1");
	if (st == NULL)
		return DB_ERROR;
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		/*
		 * A hash of another size was written behind the program's
		 * back: chaining onto it would hide the damage, and copying
		 * it would read past its end.
		 */
		if (sqlite3_column_bytes(st, 1) != HASH_LEN ||
		    sqlite3_column_bytes(st, 2) != HASH_LEN ||
		    sqlite3_column_bytes(st, 3) != HASH_LEN) {
			long long id = sqlite3_column_int64(st, 0);

			sqlite3_finalize(st);
			return db_fail(imp->db, _("import #%lld is damaged (a hash "
			    "of the wrong size): run 'powers verify'"), id);
		}
		imp->run_id = sqlite3_column_int64(st, 0) + 1;
		imp->has_prev_run = 1;
		memcpy(imp->prev_run_hash, sqlite3_column_blob(st, 1), HASH_LEN);
		memcpy(imp->digest[0], sqlite3_column_blob(st, 2), HASH_LEN);
		memcpy(imp->digest[1], sqlite3_column_blob(st, 3), HASH_LEN);
		/* Before 0007 none: the digest starts from every row. */
		if (sqlite3_column_bytes(st, 4) == HASH_LEN) {
			memcpy(imp->changes, sqlite3_column_blob(st, 4),
			    HASH_LEN);
			imp->has_changes = 1;
			imp->changes_before = sqlite3_column_int64(st, 5);
		}
	} else
		imp->run_id = 1;
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return db_sqlite_fail(imp->db, _("reading import_run"));
	return DB_OK;
}

/*
 * Count the rows of the table this import did not name (each, up to MAX,
 * to EACH): after a fresh import there are none.
 */
static int
count_absent(struct db_import *imp, void (*each)(const char *, void *),
    void *arg, long max)
{
	sqlite3_stmt *st;
	int step;

	if ((st = db_prepare(imp->db, imp->spec->sql.absent)) == NULL)
		return DB_ERROR;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (each != NULL && imp->counts.absent < max)
			each((const char *)sqlite3_column_text(st, 0), arg);
		imp->counts.absent++;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return db_sqlite_fail(imp->db, _("counting absent rows"));
	return DB_OK;
}

/*
 * Write the run's row: M and the five counts VALUES, its hash H, the
 * zone's digest ZONE and its extra hash EXTRA.
 */
static int
insert_run(struct db_import *imp, const struct import_meta *m,
    const long *values, const unsigned char *h, const unsigned char *zone,
    const unsigned char *extra)
{
	sqlite3_stmt *st;
	int rc, i, bound = SQLITE_OK;

	st = db_prepare(imp->db, "INSERT INTO import_run (id, what, file, "
	    "sha256, encoding, dialect, rows, added, changed, unchanged, "
	    "absent, operator, at, units_digest, powers_digest, prev_hash, "
	    "hash, changes_digest, zone_digest, extra_hash) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
	    "?17, ?18, ?19, ?20)");
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, imp->run_id);
	db_bind_static(st, 2, imp->spec->what, &bound);
	db_bind_static(st, 3, m->file, &bound);
	db_bind_static(st, 4, m->sha256, &bound);
	db_bind_static(st, 5, m->encoding, &bound);
	db_bind_static(st, 6, m->dialect, &bound);
	for (i = 0; i < 5; i++)
		sqlite3_bind_int64(st, 7 + i, values[i]);
	db_bind_static(st, 12, m->operator_name, &bound);
	db_bind_static(st, 13, m->at, &bound);
	sqlite3_bind_blob(st, 14, imp->digest[0], HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(st, 15, imp->digest[1], HASH_LEN, SQLITE_STATIC);
	if (imp->has_prev_run)
		sqlite3_bind_blob(st, 16, imp->prev_run_hash, HASH_LEN,
		    SQLITE_STATIC);
	sqlite3_bind_blob(st, 17, h, HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(st, 18, imp->changes, HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(st, 19, zone, HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(st, 20, extra, HASH_LEN, SQLITE_STATIC);
	rc = import_step_done(imp->db, st, bound, N_("recording the import"));
	sqlite3_finalize(st);
	return rc;
}

int
db_import_finish(struct db_import *imp, const struct import_meta *m,
    struct import_counts *counts, void (*each)(const char *, void *),
    void *arg, long max)
{
	char num[5][24], udig[HASH_HEX_LEN + 1], pdig[HASH_HEX_LEN + 1];
	const struct import_counts *c = &imp->counts;
	long values[5];
	unsigned char h[HASH_LEN], zone[HASH_LEN], extra[HASH_LEN];
	struct import_meta stamped = *m;
	char at[32];
	int rc, i;

	/* Hashed and recorded at the time db_clock.c gives. */
	if ((rc = db_record_time(imp->db, m->at, at)) != DB_OK)
		return rc;
	stamped.at = at;
	m = &stamped;
	/* After a fresh import every row came from the file. */
	if (!imp->fresh && (rc = count_absent(imp, each, arg, max)) != DB_OK)
		return rc;
	*counts = imp->counts;
	/* Read only now: count_absent() has just counted the absent rows. */
	values[0] = c->rows;
	values[1] = c->added;
	values[2] = c->changed;
	values[3] = c->unchanged;
	values[4] = c->absent;
	for (i = 0; i < 5; i++)
		snprintf(num[i], sizeof(num[i]), "%ld", values[i]);
	hash_hex(imp->digest[0], udig);
	hash_hex(imp->digest[1], pdig);
	/*
	 * The attribute changes (the last run's digest and this run's rows,
	 * or every row when the last run has none) and the time zone, in
	 * the chain: migrations/0007_chain_changes_and_zone.sql.
	 */
	if (!imp->has_changes) {
		memset(imp->changes, 0, HASH_LEN);
		imp->changes_before = 0;
	}
	if ((rc = db_changes_digest(imp->db, imp->changes_before,
	    imp->changes)) != DB_OK ||
	    (rc = db_zone_digest(imp->db, zone)) != DB_OK)
		return rc;
	{
		const char *fields[] = {
			imp->spec->what, m->file, m->sha256, m->encoding,
			m->dialect, num[0], num[1], num[2], num[3], num[4],
			m->operator_name, m->at, udig, pdig,
		};

		if (hash_fields("import_run", imp->has_prev_run ?
		    imp->prev_run_hash : NULL, fields,
		    sizeof(fields) / sizeof(fields[0]), h) != 0)
			return db_fail(imp->db, _("sha-256 failed"));
	}
	if (db_import_extra_hash(h, imp->changes, zone, extra) != 0)
		return db_fail(imp->db, _("sha-256 failed"));
	return insert_run(imp, m, values, h, zone, extra);
}
