/*
 * verify's use of SQLite's own checks: integrity_check in a thread beside
 * the other checks, foreign_key_check, and a look at a file that SQLite
 * would not open as a registry.
 */
#define _GNU_SOURCE		/* sched_getaffinity(), CPU_COUNT() */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "db_internal.h"

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

int
verify_pragma(struct verify *v, const char *sql, const char *what)
{
	sqlite3_stmt *st;
	int step, shown = 0;

	if ((st = db_prepare(v->db, sql)) == NULL)
		return verify_failed(v, what);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int oom = 0;
		const char *first = verify_text(st, 0, &oom);

		if (oom || out_of_memory_row(first)) {
			sqlite3_finalize(st);
			return db_fail(v->db, _("%s: out of memory"), what);
		}
		if (sqlite3_column_count(st) == 1 && first &&
		    strcmp(first, "ok") == 0)
			continue;
		if (shown++ < 10)
			verify_damage(v, "%s: %s%s%s%s%s", what,
			    first ? first : "",
			    sqlite3_column_count(st) > 1 ? " row " : "",
			    sqlite3_column_count(st) > 1 ?
			    (const char *)sqlite3_column_text(st, 1) : "",
			    sqlite3_column_count(st) > 2 ? " refers to a missing " :
			    "", sqlite3_column_count(st) > 2 ?
			    (const char *)sqlite3_column_text(st, 2) : "");
	}
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? DB_OK : verify_failed(v, what);
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

/*
 * integrity_check on DB, its findings and verdict into IN.  What it
 * does is done faster by quick_check (every page, every row's types and
 * constraints) and the sums of the indexes against their tables
 * (db_verify_index.c), which together leave out only what a damaged file
 * has no reason to show and nothing else does; when either finds
 * anything, or cannot check, integrity_check runs after all, so that
 * what is told is SQLite's own account of the damage.
 */
static void
integrity_check_on(struct db *db, struct integrity *in)
{
	struct told quick = { .n = 0 };
	struct verify q = { db, keep, &quick, 0 };
	struct verify v = { db, keep, &in->found, 0 };
	int same = 0, summed = 0;

	if (verify_pragma(&q, "PRAGMA quick_check", "quick_check") == DB_OK &&
	    !q.damaged && (summed = verify_indexes(db, &same) == DB_OK) &&
	    same)
		return;
	/* A failure to check (out of memory) is left to integrity_check. */
	if ((in->rc = verify_pragma(&v, "PRAGMA integrity_check",
	    "integrity_check")) != DB_OK)
		snprintf(in->err, sizeof(in->err), "%s", db_errmsg(db));
	else if (in->found.n == 0 && summed && !same) {
		/*
		 * The sums and integrity_check disagree.  A value SQLite
		 * could not make for want of memory reads as NULL and
		 * changes a sum without an error (the fault harness's
		 * allocation failures): sum again before calling it damage.
		 */
		if ((in->rc = verify_indexes(db, &same)) != DB_OK)
			snprintf(in->err, sizeof(in->err), "%s", db_errmsg(db));
		else if (!same)
			keep(_("integrity_check: an index does not hold the "
			    "entries of its table's rows"), &in->found);
	}
}

static void *
integrity_run(void *arg)
{
	struct integrity *in = arg;
	struct db *db = NULL;

	/*
	 * SQLite's own page cache: quick_check and the sums read each table
	 * and index once, in order, where a larger cache buys nothing, and
	 * the memory is the sorter's of the other checks (db_verify_grants.c).
	 */
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

/*
 * Every check: integrity_check beside the chains, or after them on a
 * registry in memory, and what it finds told first; see db_verify().
 */
int
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

/*
 * Whether the first N bytes H of a file of SB's size are a damaged
 * database header: 1 (said in WHY), or 0.
 */
static int
header_damaged(const unsigned char *h, ssize_t n, const struct stat *sb,
    char *why, size_t size)
{
	static const char magic[] = "SQLite format 3";
	unsigned long page, pages;
	long version;

	if (n < 100) {
		snprintf(why, size, _("the file is %lld bytes, shorter than a "
		    "database's header: truncated"), (long long)sb->st_size);
		return 1;
	}
	if (memcmp(h, magic, sizeof(magic)) != 0) {
		snprintf(why, size, _("its header does not begin as an SQLite "
		    "database's: damaged"));
		return 1;
	}
	page = be(h + 16, 2);
	if (page == 1)
		page = 65536;
	if (page < 512 || (page & (page - 1)) != 0) {
		snprintf(why, size, _("its header's page size is damaged"));
		return 1;
	}
	pages = be(h + 28, 4);
	if (sb->st_size % (off_t)page != 0 || (be(h + 24, 4) == be(h + 92, 4) &&
	    (off_t)(pages * page) > sb->st_size)) {
		snprintf(why, size, _("the file is %lld bytes, not the %lu pages "
		    "of %lu its header counts: truncated"),
		    (long long)sb->st_size, pages, page);
		return 1;
	}
	version = (long)(int)be(h + 60, 4);
	if (version < 0) {
		snprintf(why, size, _("its header's schema version %ld is "
		    "damaged"), version);
		return 1;
	}
	return 0;
}

/*
 * What SQLite makes of the file at PATH, its header H, and whether it
 * holds our tables: 1 (said in WHY) when it is damaged, 0 when not, -1
 * when out of memory.
 */
static int
sqlite_says_damaged(const char *path, const unsigned char *h, char *why,
    size_t size)
{
	sqlite3 *conn = NULL;
	sqlite3_stmt *st = NULL;
	char *name;
	int rc, ours = 0;

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
		snprintf(why, size, _("it holds a registry's tables, yet its "
		    "header's application id is damaged"));
		rc = 1;
	} else
		rc = 0;
	sqlite3_finalize(st);
	sqlite3_close_v2(conn);
	return rc;
}

int
db_verify_unopened(const char *path, char *why, size_t size)
{
	unsigned char h[100];
	struct stat sb;
	ssize_t n;
	int fd;

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
	if (header_damaged(h, n, &sb, why, size))
		return 1;
	return sqlite_says_damaged(path, h, why, size);
}
