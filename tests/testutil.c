#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "testutil.h"

const char *
tu_write_temp(const void *data, size_t len)
{
	static char path[64];
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "/tmp/powers-test-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

char *
tu_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL) {
		if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else {
			buf[n] = '\0';
			if (len)
				*len = (size_t)n;
		}
	}
	fclose(f);
	return buf;
}

const char *
tu_top(void)
{
	const char *top = getenv("POWERS_TOP");

	return top ? top : ".";
}

struct db *
tu_fresh_registry(void)
{
	struct db *db = NULL;

	ck_assert_int_eq(db_open(&db, ":memory:", DB_CREATE, 0), DB_OK);
	ck_assert_int_eq(db_migrate(db, NULL, NULL), DB_OK);
	return db;
}

void
tu_registry_file(char *path, size_t size)
{
	struct db *db = NULL;
	int fd;

	snprintf(path, size, "/tmp/powers-test-XXXXXX");
	ck_assert_int_ge(fd = mkstemp(path), 0);
	close(fd);
	unlink(path);
	ck_assert_int_eq(db_open(&db, path, DB_CREATE, 0), DB_OK);
	ck_assert_int_eq(db_migrate(db, NULL, NULL), DB_OK);
	db_close(db);
}

int
tu_has_line(const char *plan, const char *prefix)
{
	const char *p = plan;
	size_t n = strlen(prefix);

	while (*p != '\0') {
		if (strncmp(p, prefix, n) == 0)
			return 1;
		if ((p = strchr(p, '\n')) == NULL)
			break;
		p++;
	}
	return 0;
}

void
tu_import_rows(struct db *db, enum import_what what, const char *const *rows,
    int n, int nf, const char *from)
{
	static const char zeros[] = "0000000000000000000000000000000000000000"
	    "000000000000000000000000";
	static const struct import_column cols[IMPORT_POWER_FIELDS];
	const struct import_meta m = { "t.csv", zeros, "UTF-8", "comma, LF",
	    "tester", "2026-11-26T00:00:00Z" };
	struct db_import *imp;
	struct import_counts c;
	char why[256];
	int i;

	ck_assert_int_eq(db_import_begin(db, what, cols, &imp), DB_OK);
	db_import_dates(imp, from, NULL);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(db_import_row(imp, rows + i * nf, i + 2, why,
		    sizeof(why)), DB_OK);
	ck_assert_int_eq(db_import_finish(imp, &m, &c, NULL, NULL, 0), DB_OK);
	db_import_free(imp);
	ck_assert_int_eq(db_commit(db), DB_OK);
}
