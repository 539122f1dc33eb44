/*
 * Shared by the fuzz harnesses: see fuzzutil.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cmd.h"
#include "db.h"
#include "fuzzutil.h"

void
fu_die(const char *fmt, ...)
{
	va_list ap;
	char msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* Straight to file descriptor 2: stderr the FILE is /dev/null. */
	dprintf(2, "fuzz: %s\n", msg);
	abort();
}

const char *
fu_top(void)
{
	const char *top = getenv("POWERS_TOP");

	return top && *top ? top : ".";
}

static char scratch[256];

static void
remove_scratch(void)
{
	char cmd[300];

	if (scratch[0] == '\0')
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", scratch);
	if (system(cmd) != 0)
		return;
}

const char *
fu_init(void)
{
	FILE *null;

	if (scratch[0] != '\0')
		return scratch;
	snprintf(scratch, sizeof(scratch), "%s/powers-fuzz-XXXXXX",
	    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (mkdtemp(scratch) == NULL)
		fu_die("cannot make %s", scratch);
	atexit(remove_scratch);
	setenv("POWERS_NOW", "2026-11-26T00:00:00Z", 1);
	if ((null = fopen("/dev/null", "w")) == NULL)
		fu_die("cannot open /dev/null");
	if (getenv("FUZZ_VERBOSE") == NULL) {
		stdout = null;
		stderr = null;
	}
	globals.quiet = 1;
	globals.by = "fuzzer";
	globals.timeout_ms = 1000;
	return scratch;
}

void
fu_write(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || (len > 0 && fwrite(data, 1, len, f) != len) ||
	    fclose(f) != 0)
		fu_die("cannot write %s", path);
}

unsigned char *
fu_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0)
		fu_die("cannot read %s", path);
	if ((buf = malloc((size_t)n + 1)) == NULL)
		fu_die("out of memory");
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		fu_die("cannot read %s", path);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

void
fu_copy_registry(const char *src, const char *dst)
{
	char name[512];
	unsigned char *buf;
	size_t len;

	buf = fu_read(src, &len);
	snprintf(name, sizeof(name), "%s-wal", dst);
	unlink(name);
	snprintf(name, sizeof(name), "%s-shm", dst);
	unlink(name);
	fu_write(dst, buf, len);
	free(buf);
}

int
fu_run(const char *db, const char *name, ...)
{
	char *argv[32];
	const char *word, *a;
	char first[32], *words[2];
	const struct cmd *cmd;
	va_list ap;
	int argc = 0, n, status;

	/* The command by its one or two words, from main()'s table. */
	snprintf(first, sizeof(first), "%s", name);
	words[0] = first;
	words[1] = NULL;
	if ((word = strchr(name, ' ')) != NULL) {
		first[word - name] = '\0';
		words[1] = (char *)word + 1;
	}
	if ((cmd = cmd_find(words[1] ? 2 : 1, words, &n)) == NULL)
		fu_die("no command '%s'", name);
	word = strrchr(name, ' ');
	argv[argc++] = (char *)(word ? word + 1 : name);
	va_start(ap, name);
	while ((a = va_arg(ap, const char *)) != NULL && argc < 31)
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;

	globals.db_path = db;
	status = cmd_run(cmd, argc, argv);
	fflush(stdout);
	fflush(stderr);
	return status;
}

void
fu_make_registry(const char *path, const char *units, const char *powers,
    const char *delegations)
{
	char name[512];
	int st;

	unlink(path);
	snprintf(name, sizeof(name), "%s-wal", path);
	unlink(name);
	snprintf(name, sizeof(name), "%s-shm", path);
	unlink(name);
	if ((st = fu_run(path, "init", NULL)) != 0)
		fu_die("init %s: exit %d", path, st);
	if (units && (st = fu_run(path, "unit import", units, NULL)) != 0)
		fu_die("unit import %s: exit %d", units, st);
	if (powers && (st = fu_run(path, "import", powers, NULL)) != 0)
		fu_die("import %s: exit %d", powers, st);
	if (delegations &&
	    (st = fu_run(path, "delegate", "--csv", delegations, NULL)) != 0)
		fu_die("delegate --csv %s: exit %d", delegations, st);
}

static void
ignore_report(const char *msg, void *arg)
{
	(void)msg;
	(void)arg;
}

int
fu_verify(const char *path)
{
	struct db *db = NULL;
	long long entries;
	int rc;

	rc = db_open(&db, path, DB_READ, 1000);
	if (rc == DB_OK)
		rc = db_verify(db, NULL, ignore_report, NULL, &entries);
	db_close(db);
	return rc;
}

int
fu_fingerprint(const char *path, char out[256])
{
	static const char sql[] =
	    "SELECT (SELECT count(*) FROM unit) || ' ' || "
	    "(SELECT count(*) FROM power) || ' ' || "
	    "(SELECT count(*) FROM import_run) || ' ' || "
	    "(SELECT count(*) FROM attribute_change) || ' ' || "
	    "(SELECT count(*) FROM grant_span) || ' ' || "
	    "(SELECT count(*) FROM delegation) || ' ' || "
	    "coalesce((SELECT hex(hash) FROM delegation "
	    "ORDER BY seq DESC LIMIT 1), '-') || ' ' || "
	    "coalesce((SELECT hex(hash) FROM import_run "
	    "ORDER BY id DESC LIMIT 1), '-')";
	sqlite3 *conn = NULL;
	sqlite3_stmt *st = NULL;
	int rc = -1;

	out[0] = '\0';
	if (sqlite3_open_v2(path, &conn, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK &&
	    sqlite3_prepare_v2(conn, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		snprintf(out, 256, "%s", sqlite3_column_text(st, 0));
		rc = 0;
	}
	sqlite3_finalize(st);
	sqlite3_close(conn);
	return rc;
}
