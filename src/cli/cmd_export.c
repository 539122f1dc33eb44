/*
 * export: a file for scheduled jobs.
 *
 * It replaces its target atomically (atomic.c): a job that reads the
 * file finds the old one or the new one, never half of one, and a failed
 * run leaves the old one as it was, with exit status 5.  An export reads
 * the registry in one transaction, so its rows, its manifest and the log
 * head they name are one state, whatever an import commits meanwhile.
 * The same registry gives the same bytes: no clock is read.  Its options
 * are in export_args.c, the writers behind export_sink.c, the text for
 * people in export_labels.c.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "cmd.h"
#include "db.h"
#include "export.h"
#include "hash.h"
#include "i18n.h"

/*
 * Resolve --unit and --department to codes in E->f.  Returns -1 to go
 * on, else the exit status.
 */
static int
resolve(struct db *db, struct export *e)
{
	int positive = strcmp(e->what, "positive-list") == 0, status;

	if (e->unit_ref != NULL) {
		if ((status = cmd_resolve_unit(db, "--unit", e->unit_ref,
		    positive ? N_("new_city or street_town") : NULL,
		    e->unit)) >= 0)
			return status;
		e->f.unit = e->unit;
	}
	if (e->dept_ref != NULL) {
		if ((status = cmd_resolve_unit(db, "--department", e->dept_ref,
		    N_("department or new_area"), e->department)) >= 0)
			return status;
		e->f.department = e->department;
	}
	return -1;
}

/*
 * Copy FP (from its start) to standard output, flushed: a manifest must
 * not describe bytes that did not get out.
 */
static int
copy_to_stdout(FILE *fp)
{
	char buf[65536];
	size_t n;

	rewind(fp);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			return -1;
	return ferror(fp) || fflush(stdout) == EOF ? -1 : 0;
}

/*
 * The writer's options for E: titles and lines (into L and LINES, which
 * must outlive S; --title and --issuer as given), the grouping of a positive list, the test hook.  A
 * DB_* code.
 */
static int
prepare_sink(struct db *db, const struct export *e, struct labels *l,
    const char **lines, struct xlsx_opts *xo, struct html_opts *ho,
    struct sink *s)
{
	static const char *const hide_unit[] = {
		"unit_code", "unit", "department", NULL
	};
	static const char *const hide_level[] = { "level", NULL };
	const char *hook = NULL;
	int rc, positive = strcmp(e->what, "positive-list") == 0, n = 0;

	if ((rc = make_labels(db, e, l)) != DB_OK)
		return rc;
	if (l->scope[0] != '\0')
		lines[n++] = l->scope;
	/* The log is whole: no date applies to it. */
	if (strcmp(e->what, "log") != 0)
		ho->as_of = e->as_of;
	ho->title = e->title ? e->title : l->title;
	ho->issuer = e->issuer;
	ho->lines = lines;
	ho->footer = l->footer;
	ho->raw_names = !e->zh;
	if (positive && e->f.department != NULL) {
		ho->group = "level";
		ho->hide = hide_level;
	} else if (positive) {
		ho->section = e->f.kind ? "unit" : NULL;
		ho->group = "department";
		ho->hide = hide_unit;
	}
	xo->sheet = l->sheet;
	xo->split = positive && e->f.kind ? "unit" : NULL;
	xo->title = ho->title;
	xo->created = l->changed;
	xo->footer = l->print_footer;
	xo->zh = e->zh;
#ifdef POWERS_TEST_HOOKS
	hook = getenv("POWERS_TEST_FAIL_AFTER_ROWS");
#endif
	if (hook != NULL)
		s->fail_after = strtol(hook, NULL, 10);
	s->format = e->format;
	s->options = e->options;
	s->zh = e->zh;
	s->xo = xo;
	s->ho = ho;
	return DB_OK;
}

/*
 * Open where the rows go: a temporary file beside --out (*A), or for
 * "-" an unnamed one (*FP); and the manifest's (*MA).  0, or -1 (said).
 */
static int
open_targets(const struct export *e, struct sink *s, struct atomic **a,
    FILE **fp, struct atomic **ma)
{
	if (strcmp(e->out, "-") == 0) {
		if ((*fp = tmpfile()) == NULL) {
			warn(_("export: a temporary file"));
			return -1;
		}
		s->fp = *fp;
	} else {
		if ((*a = atomic_open(e->out, e->format != EXPORT_XLSX)) ==
		    NULL) {
			warn(_("export: cannot write '%s'"), e->out);
			return -1;
		}
		s->fp = atomic_fp(*a);
		s->path = atomic_path(*a);
	}
	if (e->manifest != NULL && strcmp(e->manifest, "-") != 0 &&
	    (*ma = atomic_open(e->manifest, 1)) == NULL) {
		warn(_("export: cannot write '%s'"), e->manifest);
		return -1;
	}
	return 0;
}

/*
 * The output written: hash it into E, and copy it to stdout when it is
 * for "-" (FP).  0, or -1 (said).
 */
static int
finish_output(struct export *e, struct atomic *a, FILE *fp)
{
	unsigned char digest[HASH_LEN];

	if (a != NULL) {
		if (atomic_finish(a) != 0) {
			warn(_("export: %s '%s'"), atomic_error(a), e->out);
			return -1;
		}
		if (hash_file(atomic_path(a), digest, &e->bytes) != 0) {
			warn(_("export: reading back '%s'"), e->out);
			return -1;
		}
	} else {
		if (fflush(fp) == EOF || ferror(fp)) {
			warn(_("export: a temporary file"));
			return -1;
		}
		rewind(fp);
		if (hash_stream(fp, digest, &e->bytes) != 0 ||
		    copy_to_stdout(fp) != 0) {
			warn(_("export: standard output"));
			return -1;
		}
	}
	hash_hex(digest, e->sha256);
	return 0;
}

/* The manifest's JSON into E, inside the read transaction.  A DB_* code. */
static int
make_manifest(struct db *db, struct export *e)
{
	struct export_manifest m;

	m.file = e->out;
	m.what = e->what;
	m.format = export_format_name(e->format);
	m.unit = e->f.unit;
	m.kind = e->f.kind;
	m.department = e->f.department;
	m.as_of = e->as_of;
	m.sha256 = e->sha256;
	m.bytes = e->bytes;
	m.rows = e->rows;
	return db_export_manifest(db, &m, &e->manifest_json);
}

/*
 * Write the export: to a temporary file beside --out, finished, hashed,
 * then renamed over it; for "-", to an unnamed temporary file copied to
 * stdout only once complete, so that a failed run prints nothing.  The
 * manifest's JSON is made here, inside the read transaction, and its
 * temporary file opened before anything is written, so that a manifest
 * that cannot be written fails the run before the output is replaced.
 * *MA gets it, for write_manifest().
 */
static int
write_export(struct db *db, struct export *e, struct atomic **ma)
{
	struct labels l = { .name = NULL };
	struct xlsx_opts xo = { .sheet = NULL };
	struct html_opts ho = { .title = NULL };
	struct sink s = { .fail_after = -1 };
	struct atomic *a = NULL;
	const char *lines[2] = { NULL, NULL };
	FILE *fp = NULL;
	int rc, status = EXIT_FAIL;

	if ((rc = prepare_sink(db, e, &l, lines, &xo, &ho, &s)) != DB_OK) {
		warnx(_("export: %s"), db_errmsg(db));
		status = cmd_db_status(rc);
		goto out;
	}
	if (open_targets(e, &s, &a, &fp, ma) != 0)
		goto out;

	rc = db_export_rows(db, e->what, &e->f, sink_row, &s, &e->rows);
	if (rc != DB_OK) {
		warnx(_("export: %s%s%s"), s.err[0] ? e->out : "",
		    s.err[0] ? ": " : "", s.err[0] ? s.err : db_errmsg(db));
		status = s.err[0] ? EXIT_FAIL : cmd_db_status(rc);
		goto out;
	}
	if (sink_end(&s) != 0) {
		warnx(_("export: %s: %s"), e->out, s.err);
		goto out;
	}
	if (finish_output(e, a, fp) != 0)
		goto out;
	if (e->manifest != NULL && (rc = make_manifest(db, e)) != DB_OK) {
		warnx(_("export: manifest: %s"), db_errmsg(db));
		status = cmd_db_status(rc);
		goto out;
	}
	if (a != NULL && atomic_commit(a) != 0) {
		warn(_("export: %s for '%s'"), atomic_error(a), e->out);
		goto out;
	}
	a = NULL;
	status = EXIT_DONE;
out:
	sink_free(&s);
	atomic_abort(a);
	if (fp != NULL)
		fclose(fp);
	free(l.name);
	return status;
}

/*
 * The manifest, after the file it describes is in place, through A, the
 * temporary file write_export() opened (NULL: to stdout).  Frees A.
 */
static int
write_manifest(const struct export *e, struct atomic *a)
{
	if (a == NULL) {
		printf("%s\n", e->manifest_json);
		return EXIT_DONE;
	}
	fprintf(atomic_fp(a), "%s\n", e->manifest_json);
	if (atomic_commit(a) != 0) {
		warn(_("export: %s for '%s'"), atomic_error(a), e->manifest);
		atomic_abort(a);
		return EXIT_FAIL;
	}
	return EXIT_DONE;
}

int
cmd_export(int argc, char **argv, struct db *db)
{
	struct atomic *ma = NULL;
	struct export e = export_args;
	int rc, status;

	(void)argc;
	(void)argv;
	if ((status = cmd_today(db, e.as_of)) >= 0)
		return status;
	e.f.as_of = e.as_of;
	/* The labels name the log's head as recorded, as the rows are. */
	if ((rc = db_read_begin(db)) != DB_OK ||
	    (rc = db_as_of(db, e.as_of)) != DB_OK) {
		warnx(_("export: %s"), db_errmsg(db));
		db_rollback(db);
		return cmd_db_status(rc);
	}
	if ((status = resolve(db, &e)) < 0)
		status = write_export(db, &e, &ma);
	if (status == EXIT_DONE && (rc = db_read_end(db)) != DB_OK) {
		warnx(_("export: %s"), db_errmsg(db));
		status = cmd_db_status(rc);
	}
	db_rollback(db);
	if (status == EXIT_DONE && e.manifest != NULL) {
		status = write_manifest(&e, ma);
		ma = NULL;
	}
	atomic_abort(ma);
	if (status == EXIT_DONE && !globals.quiet && strcmp(e.out, "-") != 0 &&
	    (e.manifest == NULL || strcmp(e.manifest, "-") != 0))
		printf(_("export: %ld rows to '%s' (%s, %lld bytes, sha256 %s)\n"),
		    e.rows, e.out, export_format_name(e.format), e.bytes,
		    e.sha256);
	free(e.manifest_json);
	return status;
}
