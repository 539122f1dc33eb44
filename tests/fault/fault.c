/*
 * Fault injection: run 'import', 'unit import', 'delegate' (from a file
 * and by hand) and 'verify' through the functions main() calls, failing in turn
 * the 1st, 2nd, 3rd ... allocation, then write, then sync, until a run
 * goes through without meeting the fault.  After each run, with the
 * faults off: the exit status is 0 or 5 and a failure said why on
 * stderr, SQLite's integrity_check says ok, 'verify' passes, and the
 * registry is exactly as before or exactly as after (as the same command
 * leaves it when nothing fails).  Under 'make SANITIZE=address,undefined'
 * LeakSanitizer checks at exit that no failure path leaked.
 *
 * Allocations are failed through every hook there is:
 *   - SQLite's: SQLITE_CONFIG_MALLOC, a wrapper of its default allocator;
 *   - src/'s calls to the C library: the binary is linked with
 *     -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,
 *     --wrap=strndup, which reaches only the project's objects (not
 *     libsqlite3, libcsv, libc);
 *   - libcsv's, when csvin.c hands the parser realloc() and free() with
 *     csv_set_realloc_func()/csv_set_free_func() (then --wrap reaches
 *     them); without that line libcsv allocates unseen;
 *   - OpenSSL's: CRYPTO_set_mem_functions().
 * Writes and syncs are failed by a VFS shim over "unix", registered as
 * the default: xWrite and xTruncate give SQLITE_IOERR_WRITE, xSync
 * SQLITE_IOERR_FSYNC.  A failed write also fails every later one (a full
 * disk stays full); an allocation fails once.
 *
 * usage: fault [--quick] [-v] [--only LABEL KIND N]
 *   --quick   every allocation up to 400, then about 500 spread over the
 *             rest (at least every 7th); writes and syncs all (make check)
 *   -v        name each run before it starts
 *   --only    one run, e.g. --only 'unit import' allocation 2431: its
 *             stderr shown, the registry kept in /tmp/fault-work.db
 */
#define _GNU_SOURCE		/* sched_setaffinity(), CPU_SET() */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <sqlite3.h>

#include "cmd.h"
#include "db.h"
#include "fuzzutil.h"
#include "hash.h"

/* ---- The fault plan */

enum fault { F_NONE, F_ALLOC, F_WRITE, F_SYNC };
static const char *const fault_names[] = { "none", "allocation", "write",
    "sync" };

/*
 * Atomic, should a command read ahead on a thread: the Nth call is then
 * the Nth of either thread.
 */
static _Atomic enum fault armed;	/* which calls are counted */
static _Atomic long fail_at;		/* the call that fails, from 1 */
static _Atomic long calls;		/* calls counted since armed */
static _Atomic int hit;			/* the fault happened */

/* Whether this call, of kind K, fails. */
static int
should_fail(enum fault k)
{
	long n;

	if (armed != k)
		return 0;
	n = ++calls;
	if (n == fail_at || (k != F_ALLOC && n > fail_at)) {
		hit = 1;
		return 1;
	}
	return 0;
}

/* ---- The C library, for src/ (-Wl,--wrap=...) */

void	*__real_malloc(size_t);
void	*__real_calloc(size_t, size_t);
void	*__real_realloc(void *, size_t);
char	*__real_strdup(const char *);
char	*__real_strndup(const char *, size_t);
void	*__wrap_malloc(size_t);
void	*__wrap_calloc(size_t, size_t);
void	*__wrap_realloc(void *, size_t);
char	*__wrap_strdup(const char *);
char	*__wrap_strndup(const char *, size_t);

void *
__wrap_malloc(size_t n)
{
	if (should_fail(F_ALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_malloc(n);
}

void *
__wrap_calloc(size_t n, size_t size)
{
	if (should_fail(F_ALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_calloc(n, size);
}

void *
__wrap_realloc(void *p, size_t n)
{
	if (should_fail(F_ALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_realloc(p, n);
}

char *
__wrap_strdup(const char *s)
{
	if (should_fail(F_ALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_strdup(s);
}

char *
__wrap_strndup(const char *s, size_t n)
{
	if (should_fail(F_ALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_strndup(s, n);
}

/* ---- OpenSSL */

static void *
ossl_malloc(size_t n, const char *file, int line)
{
	(void)file;
	(void)line;
	return should_fail(F_ALLOC) ? NULL : __real_malloc(n);
}

static void *
ossl_realloc(void *p, size_t n, const char *file, int line)
{
	(void)file;
	(void)line;
	return should_fail(F_ALLOC) ? NULL : __real_realloc(p, n);
}

static void
ossl_free(void *p, const char *file, int line)
{
	(void)file;
	(void)line;
	free(p);
}

/* ---- SQLite's allocator */

static sqlite3_mem_methods real_mem;

static void *
mem_malloc(int n)
{
	return should_fail(F_ALLOC) ? NULL : real_mem.xMalloc(n);
}

static void
mem_free(void *p)
{
	real_mem.xFree(p);
}

static void *
mem_realloc(void *p, int n)
{
	return should_fail(F_ALLOC) ? NULL : real_mem.xRealloc(p, n);
}

static int
mem_size(void *p)
{
	return real_mem.xSize(p);
}

static int
mem_roundup(int n)
{
	return real_mem.xRoundup(n);
}

static int
mem_init(void *arg)
{
	return real_mem.xInit(arg);
}

static void
mem_shutdown(void *arg)
{
	real_mem.xShutdown(arg);
}

/* ---- A VFS shim over "unix" that fails writes and syncs */

static sqlite3_vfs *real_vfs;

struct shim_file {
	sqlite3_file	 base;
	sqlite3_file	*real;	/* follows this struct, real_vfs->szOsFile bytes */
};

#define REAL(f) (((struct shim_file *)(f))->real)

static int
shim_close(sqlite3_file *f)
{
	return REAL(f)->pMethods->xClose(REAL(f));
}

static int
shim_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), buf, n, off);
}

static int
shim_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	if (should_fail(F_WRITE))
		return SQLITE_IOERR_WRITE;
	return REAL(f)->pMethods->xWrite(REAL(f), buf, n, off);
}

static int
shim_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	if (should_fail(F_WRITE))
		return SQLITE_IOERR_TRUNCATE;
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int
shim_sync(sqlite3_file *f, int flags)
{
	if (should_fail(F_SYNC))
		return SQLITE_IOERR_FSYNC;
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int
shim_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int
shim_lock(sqlite3_file *f, int lock)
{
	return REAL(f)->pMethods->xLock(REAL(f), lock);
}

static int
shim_unlock(sqlite3_file *f, int lock)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), lock);
}

static int
shim_check_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int
shim_file_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int
shim_sector_size(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int
shim_device(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int
shim_shm_map(sqlite3_file *f, int page, int size, int extend,
    void volatile **p)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), page, size, extend, p);
}

static int
shim_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}

static void
shim_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int
shim_shm_unmap(sqlite3_file *f, int delete_flag)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), delete_flag);
}

static int
shim_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **p)
{
	return REAL(f)->pMethods->xFetch(REAL(f), off, n, p);
}

static int
shim_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods shim_io = {
	3, shim_close, shim_read, shim_write, shim_truncate, shim_sync,
	shim_file_size, shim_lock, shim_unlock, shim_check_reserved,
	shim_file_control, shim_sector_size, shim_device, shim_shm_map,
	shim_shm_lock, shim_shm_barrier, shim_shm_unmap, shim_fetch,
	shim_unfetch,
};

static int
shim_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
    int *outflags)
{
	struct shim_file *s = (struct shim_file *)f;
	int rc;

	(void)vfs;
	s->real = (sqlite3_file *)(s + 1);
	rc = real_vfs->xOpen(real_vfs, name, s->real, flags, outflags);
	s->base.pMethods = s->real->pMethods != NULL ? &shim_io : NULL;
	return rc;
}

static int
shim_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)vfs;
	return real_vfs->xDelete(real_vfs, name, sync_dir);
}

static int
shim_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return real_vfs->xAccess(real_vfs, name, flags, out);
}

static int
shim_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static void *
shim_dlopen(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return real_vfs->xDlOpen(real_vfs, name);
}

static void
shim_dlerror(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	real_vfs->xDlError(real_vfs, n, out);
}

static void (*shim_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	(void)vfs;
	return real_vfs->xDlSym(real_vfs, h, sym);
}

static void
shim_dlclose(sqlite3_vfs *vfs, void *h)
{
	(void)vfs;
	real_vfs->xDlClose(real_vfs, h);
}

static int
shim_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return real_vfs->xRandomness(real_vfs, n, out);
}

static int
shim_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return real_vfs->xSleep(real_vfs, us);
}

static int
shim_current_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return real_vfs->xCurrentTime(real_vfs, out);
}

static int
shim_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return real_vfs->xGetLastError(real_vfs, n, out);
}

static int
shim_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

static sqlite3_vfs shim_vfs = {
	2, 0, 0, NULL, "fault", NULL, shim_open, shim_delete, shim_access,
	shim_full_pathname, shim_dlopen, shim_dlerror, shim_dlsym,
	shim_dlclose, shim_randomness, shim_sleep, shim_current_time,
	shim_last_error, shim_current_time64, NULL, NULL, NULL,
};

/* ---- The registry's content, to tell before from after */

/* FNV-1a over every row of every table, in rowid order. */
static int
digest(const char *path, uint64_t *out)
{
	static const char *const tables[] = {
		"unit", "category", "power", "import_run", "attribute_change",
		"delegation", "grant_span",
	};
	sqlite3 *conn = NULL;
	sqlite3_stmt *st = NULL;
	uint64_t h = 1469598103934665603ULL;
	char sql[128];
	size_t t;
	int i, n, rc = -1;

	if (sqlite3_open_v2(path, &conn, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		goto out;
	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		snprintf(sql, sizeof(sql), "SELECT * FROM %s ORDER BY rowid",
		    tables[t]);
		if (sqlite3_prepare_v2(conn, sql, -1, &st, NULL) != SQLITE_OK)
			goto out;
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (i = 0; i < sqlite3_column_count(st); i++) {
				const unsigned char *p = sqlite3_column_blob(st, i);
				int k;

				n = sqlite3_column_bytes(st, i);
				for (k = 0; k < n; k++)
					h = (h ^ p[k]) * 1099511628211ULL;
				h = (h ^ (uint64_t)(sqlite3_column_type(st, i) + 256)) *
				    1099511628211ULL;
			}
			h = (h ^ 0x1ffULL) * 1099511628211ULL;
		}
		sqlite3_finalize(st);
		st = NULL;
	}
	*out = h;
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(conn);
	return rc;
}

static int
integrity_ok(const char *path)
{
	sqlite3 *conn = NULL;
	sqlite3_stmt *st = NULL;
	int ok = 0;

	if (sqlite3_open_v2(path, &conn, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK &&
	    sqlite3_prepare_v2(conn, "PRAGMA integrity_check", -1, &st,
	    NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0)
		ok = 1;
	sqlite3_finalize(st);
	sqlite3_close(conn);
	return ok;
}

/* ---- The trials */

struct trial {
	const char	*label;
	const char	*cmd;
	const char	*args[12];
	int		 readonly;	/* writes nothing: after is before */
};

static char dir[256], base[300], work[300], errpath[300];
static FILE *quiet_err;		/* stderr between runs: /dev/null */
static int quick, verbose;

/* In --quick, test every STEP-th allocation past the first 400. */
static long
quick_step(long total)
{
	long step = (total - 400) / 500;

	return step > 7 ? step : 7;
}
static const char *only_label;	/* --only LABEL KIND N: one run, kept */
static enum fault only_kind;
static long only_n;
static long failures;

static void
problem(const struct trial *t, enum fault k, long n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
problem(const struct trial *t, enum fault k, long n, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	dprintf(2, "FAIL fault: %s, %s #%ld: %s\n", t->label, fault_names[k], n,
	    msg);
	failures++;
}

/* Run T on a fresh copy of the base registry with fault K at call N. */
static int
run(const struct trial *t, enum fault k, long n)
{
	const char *a[12];
	FILE *err;
	int i, st;

	fu_copy_registry(base, work);
	if ((err = fopen(errpath, "w")) == NULL)
		fu_die("cannot write %s", errpath);
	stderr = err;
	for (i = 0; i < 12; i++)
		a[i] = t->args[i];
	calls = 0;
	hit = 0;
	fail_at = n;
	armed = k;
	st = fu_run(work, t->cmd, a[0], a[1], a[2], a[3], a[4], a[5], a[6],
	    a[7], a[8], a[9], a[10], a[11]);
	armed = F_NONE;
	stderr = quiet_err;
	fclose(err);
	return st;
}

/* The text the last run wrote to stderr, its first line. */
static const char *
last_error(void)
{
	static char line[512];
	FILE *f = fopen(errpath, "r");

	line[0] = '\0';
	if (f != NULL) {
		if (fgets(line, sizeof(line), f) == NULL)
			line[0] = '\0';
		fclose(f);
	}
	line[strcspn(line, "\n")] = '\0';
	return line;
}

static void
trial(const struct trial *t)
{
	static const enum fault kinds[] = { F_ALLOC, F_WRITE, F_SYNC };
	uint64_t before, after, now;
	long n, runs, failed_runs, written_on_failure, total;
	size_t i;
	int st, rc;

	if (only_label != NULL) {
		char cmd[1024];

		if (strcmp(only_label, t->label) != 0)
			return;
		st = run(t, only_kind, only_n);
		dprintf(1, "fault: %s, %s #%ld: exit %d, the fault %s; "
		    "stderr:\n", t->label, fault_names[only_kind], only_n, st,
		    hit ? "met" : "not met");
		snprintf(cmd, sizeof(cmd), "cat '%s'; cp '%s' /tmp/fault-work.db;"
		    " cp '%s' /tmp/fault-base.db; rm -f /tmp/fault-work.db-wal",
		    errpath, work, base);
		if (system(cmd) != 0)
			dprintf(2, "fault: cannot keep the registry\n");
		dprintf(1, "kept in /tmp/fault-work.db, the base in "
		    "/tmp/fault-base.db\n");
		return;
	}

	if (digest(base, &before) != 0)
		fu_die("cannot read %s", base);
	if ((st = run(t, F_NONE, 0)) != 0)
		fu_die("%s: exit %d without a fault: %s", t->label, st,
		    last_error());
	if (digest(work, &after) != 0)
		fu_die("cannot read %s", work);
	if ((after == before) != t->readonly)
		fu_die("%s: the command %s", t->label, t->readonly ?
		    "changes the registry" : "changes nothing");

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		enum fault k = kinds[i];

		/* How many calls there are: a run whose fault never comes. */
		run(t, k, LONG_MAX);
		total = calls;
		runs = failed_runs = written_on_failure = 0;
		for (n = 1;; n++) {
			/*
			 * Quick: every one of the first 400, then a sample of
			 * about 500 spread over the rest, so that a command
			 * of many allocations (verify builds the schema of
			 * the migrations in memory) costs what a small one
			 * does.
			 */
			if (quick && k == F_ALLOC && n > 400 &&
			    n % quick_step(total) != 0)
				continue;
			if (n > 2000000) {
				problem(t, k, n, "still failing: the loop never ends");
				break;
			}
			if (verbose)
				dprintf(2, "fault: %s, %s #%ld\n", t->label,
				    fault_names[k], n);
			st = run(t, k, n);
			runs++;
			if (!hit) {
				if (st != 0)
					problem(t, k, n, "exit %d without a fault: %s",
					    st, last_error());
				break;
			}
			if (st != 0 && st != EXIT_FAIL)
				problem(t, k, n, "exit %d, wanted 0 or 5: %s", st,
				    last_error());
			if (st != 0) {
				failed_runs++;
				if (last_error()[0] == '\0')
					problem(t, k, n, "exit %d and no message",
					    st);
			}
			/*
			 * verify first: a failed write leaves a hot journal,
			 * which the next command rolls back (src/db/db_journal.c),
			 * a read command too; the read-only checks below
			 * could not.
			 */
			if ((rc = fu_verify(work)) != DB_OK)
				problem(t, k, n, "verify says %d", rc);
			if (!integrity_ok(work)) {
				problem(t, k, n, "integrity_check is not ok");
				continue;
			}
			if (digest(work, &now) != 0) {
				problem(t, k, n, "cannot read the registry");
				continue;
			}
			if (st == 0 && now != after)
				problem(t, k, n, "exit 0, yet not as after");
			else if (now != before && now != after)
				problem(t, k, n, "neither as before nor as after");
			else if (st != 0 && now == after && after != before)
				written_on_failure++;
		}
		dprintf(1, "fault: %-18s %-10s %5ld calls, %5ld runs, %ld "
		    "failed cleanly%s", t->label, fault_names[k], total, runs,
		    failed_runs, written_on_failure ? "" : "\n");
		if (written_on_failure)
			dprintf(1, ", %ld of them after the change was "
			    "committed\n", written_on_failure);
	}
}

static const char powers_old[] =
    "code,name,category,department,class,legal_basis,holder,note\n"
    "P001,企业投资项目核准,01,XQ03,economic,《企业投资项目核准和备案管理条例》,,\n"
    "P002,建筑工程施工许可,行政许可,XQ06,economic,《建筑法》第七条,XQ06,备注\n"
    "P003,政府信息依申请公开,10,XQ01,social,,,\n";
static const char powers_new[] =
    "\xef\xbb\xbf事项编码,事项名称,事项类型,主管部门,事权类别,设定依据,实施主体,备注\r\n"
    "P001,企业投资项目核准（改）,01,XQ03,economic,《企业投资项目核准和备案管理条例》,,\r\n"
    "P004,排污许可,01,XQ07,经济发展和项目审批类,\"《环境保护法》,第四十五条\",,\r\n"
    "P005,多行依据,06,XQ13,economic,\"依据\n第二行\",XQ13,\r\n";
static const char units_new[] =
    "code,name,kind,parent,within\n"
    "JZ20,新街道,street_town,XXXQ,FDXC\n"
    "FDXC,沣东新城（改）,new_city,XXXQ,\n";
static const char log_old[] =
    "power,from,to,mode,document,effective,note\n"
    "P001,XXXQ,FDXC,delegate,西咸新区发〔2022〕5号,2022-02-16,\n"
    "P002,XQ06,JZ01,entrust,西咸新区发〔2022〕6号,2022-03-01,\n";
static const char log_new[] =
    "power,from,to,mode,document,effective,note\n"
    "P001,XXXQ,FXXC,下放,西咸新区发〔2023〕1号,2023-01-01,\n"
    "P001,XXXQ,FDXC,收回,西咸新区发〔2023〕2号,2023-06-01,交回\n"
    "P003,XXXQ,JZ05,委托,西咸新区发〔2023〕3号,2023年7月1日,\n";

int
main(int argc, char **argv)
{
	static sqlite3_mem_methods fail_mem = {
		mem_malloc, mem_free, mem_realloc, mem_size, mem_roundup,
		mem_init, mem_shutdown, NULL,
	};
	char units[512], p_old[300], p_new[300], u_new[300], l_old[300],
	    l_new[300];
	unsigned char h[32];
	const char *f[1] = { "x" };
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0)
			quick = 1;
		else if (strcmp(argv[i], "-v") == 0)
			verbose = 1;
		else if (strcmp(argv[i], "--only") == 0 && i + 3 < argc) {
			only_label = argv[++i];
			i++;
			only_kind = strcmp(argv[i], "allocation") == 0 ? F_ALLOC :
			    strcmp(argv[i], "write") == 0 ? F_WRITE : F_SYNC;
			only_n = atol(argv[++i]);
		}
		else {
			fprintf(stderr, "usage: fault [--quick] [-v] "
			    "[--only LABEL KIND N]\n");
			return 2;
		}
	}
	/* Before anything allocates. */
	if (!CRYPTO_set_mem_functions(ossl_malloc, ossl_realloc, ossl_free))
		fu_die("CRYPTO_set_mem_functions");
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem) != SQLITE_OK ||
	    sqlite3_config(SQLITE_CONFIG_MALLOC, &fail_mem) != SQLITE_OK ||
	    sqlite3_initialize() != SQLITE_OK)
		fu_die("sqlite3_config");
	if ((real_vfs = sqlite3_vfs_find("unix")) == NULL)
		fu_die("no unix VFS");
	shim_vfs.szOsFile = (int)sizeof(struct shim_file) + real_vfs->szOsFile;
	shim_vfs.mxPathname = real_vfs->mxPathname;
	if (sqlite3_vfs_register(&shim_vfs, 1) != SQLITE_OK)
		fu_die("sqlite3_vfs_register");

	snprintf(dir, sizeof(dir), "%s", fu_init());
	quiet_err = stderr;
	/* OpenSSL initialises itself once: not a failure to inject. */
	if (hash_fields("warm-up", NULL, f, 1, h) != 0)
		fu_die("sha-256");
	snprintf(base, sizeof(base), "%s/base.db", dir);
	snprintf(work, sizeof(work), "%s/work.db", dir);
	snprintf(errpath, sizeof(errpath), "%s/stderr", dir);
	snprintf(units, sizeof(units), "%s/fixtures/units.csv", fu_top());
#define FILE_OF(var, name, text) \
	snprintf(var, sizeof(var), "%s/%s", dir, name); \
	fu_write(var, text, sizeof(text) - 1)
	FILE_OF(p_old, "powers-old.csv", powers_old);
	FILE_OF(p_new, "powers-new.csv", powers_new);
	FILE_OF(u_new, "units-new.csv", units_new);
	FILE_OF(l_old, "log-old.csv", log_old);
	FILE_OF(l_new, "log-new.csv", log_new);
	fu_make_registry(base, units, p_old, l_old);
	if (fu_run(base, "import", p_new, NULL) != 0)
		fu_die("import %s", p_new);

	{
		const struct trial trials[] = {
			{ "import", "import", { p_old }, 0 },
			{ "unit import", "unit import", { u_new }, 0 },
			{ "delegate --csv", "delegate", { "--csv", l_new }, 0 },
			{ "delegate by hand", "delegate", { "P003", "P004",
			    "--to", "JZ07", "--mode", "delegate", "--document",
			    "西咸管发〔2026〕1号", "--effective", "2026-01-05" }, 0 },
			{ "verify", "verify", { NULL }, 1 },
		};
		const struct trial one_cpu =
		    { "verify on one CPU", "verify", { NULL }, 1 };
		cpu_set_t cpus;
		size_t t;

		/* The base has powers_new imported: powers_old changes it back. */
		for (t = 0; t < sizeof(trials) / sizeof(trials[0]); t++)
			trial(&trials[t]);
		/*
		 * verify runs integrity_check in a second thread, whose
		 * allocations fall among the first's in an order that varies:
		 * on one CPU it runs in line, and the Nth allocation is the
		 * same one in every run.  Last, for the process stays there.
		 */
		CPU_ZERO(&cpus);
		CPU_SET(sched_getcpu() < 0 ? 0 : sched_getcpu(), &cpus);
		if (sched_setaffinity(0, sizeof(cpus), &cpus) != 0)
			fu_die("cannot keep to one CPU: %s", strerror(errno));
		trial(&one_cpu);
	}
	dprintf(1, "fault: %ld failures\n", failures);
	return failures == 0 ? 0 : 1;
}
