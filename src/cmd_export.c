/*
 * export: a file for scheduled jobs.  backup: a copy of the registry.
 *
 * Both replace their target atomically (atomic.c): a job that reads the
 * file finds the old one or the new one, never half of one, and a failed
 * run leaves the old one as it was, with exit status 5.  An export reads
 * the registry in one transaction, so its rows, its manifest and the log
 * head they name are one state, whatever an import commits meanwhile.
 * The same registry gives the same bytes: no clock is read.
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "atomic.h"
#include "cmd.h"
#include "db.h"
#include "hash.h"
#include "html.h"
#include "out.h"
#include "xlsx.h"

enum export_format {
	EXPORT_CSV,
	EXPORT_TSV,
	EXPORT_JSON,
	EXPORT_XLSX,
	EXPORT_HTML
};

/* Names for --format, and the extensions that choose one without it. */
static const struct {
	const char		*name;
	const char		*ext;
	enum export_format	 format;
} formats[] = {
	{ "csv", ".csv", EXPORT_CSV },
	{ "tsv", ".tsv", EXPORT_TSV },
	{ "json", ".json", EXPORT_JSON },
	{ "xlsx", ".xlsx", EXPORT_XLSX },
	{ "html", ".html", EXPORT_HTML },
	{ "html", ".htm", EXPORT_HTML },
};
#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

static const char *const whats[] = {
	"powers", "grants", "log", "positive-list", NULL
};

/* What one export does, from the options. */
struct export {
	const char		*what;
	const char		*out;		/* "-": stdout */
	const char		*manifest;	/* NULL: none */
	enum export_format	 format;
	int			 options;	/* OUT_BOM, OUT_NEUTRALISE */
	const char		*unit_ref;	/* as given */
	const char		*dept_ref;
	struct positive_filter	 f;
	char			 as_of[11];
	char			 unit[64];	/* resolved codes */
	char			 department[64];
	/* Results. */
	long			 rows;
	long long		 bytes;
	char			 sha256[HASH_HEX_LEN + 1];
	char			*manifest_json;
};

/*
 * Where the rows go: one of the writers.  FAIL_AFTER is a test hook: in a
 * test build (-DPOWERS_TEST_HOOKS) with $POWERS_TEST_FAIL_AFTER_ROWS set to
 * N, the writer fails as a full disk would after N rows, so that tests can
 * show that a run failing half way leaves the old file and no temporary
 * one.  It changes nothing else, and the product has no such hook.
 */
struct sink {
	enum export_format	 format;
	FILE			*fp;		/* all but xlsx */
	const char		*path;		/* xlsx: the file to write */
	const struct xlsx_opts	*xo;
	const struct html_opts	*ho;
	int			 options;
	struct out		*out;
	struct xlsx		*xlsx;
	struct html		*html;
	long			 rows;
	long			 fail_after;	/* -1: never */
	char			 err[512];	/* why the writer failed */
};

static enum export_format
format_of(const char *path)
{
	size_t i, n = strlen(path), e;

	for (i = 0; i < NFORMATS; i++) {
		e = strlen(formats[i].ext);
		if (n > e && strcasecmp(path + n - e, formats[i].ext) == 0)
			return formats[i].format;
	}
	return EXPORT_CSV;
}

static const char *
format_name(enum export_format f)
{
	size_t i;

	for (i = 0; i < NFORMATS; i++)
		if (formats[i].format == f)
			return formats[i].name;
	return "?";
}

/* The header: make the writer, then give it the column names. */
static int
sink_begin(struct sink *s, int ncol, const char *const *names)
{
	enum out_format of;

	switch (s->format) {
	case EXPORT_CSV:
	case EXPORT_TSV:
	case EXPORT_JSON:
		of = s->format == EXPORT_CSV ? OUT_CSV :
		    s->format == EXPORT_TSV ? OUT_TSV : OUT_JSON;
		if ((s->out = out_new(s->fp, of, names, (size_t)ncol)) == NULL)
			break;
		out_set_csv(s->out, s->options);
		/* --out - goes through a temporary file: is it for a person? */
		if (s->path == NULL)
			out_set_visible(s->out, isatty(STDOUT_FILENO));
		return 0;
	case EXPORT_XLSX:
		if ((s->xlsx = xlsx_new(s->path, s->xo)) == NULL)
			break;
		if (xlsx_row(s->xlsx, ncol, names, NULL) == 0)
			return 0;
		snprintf(s->err, sizeof(s->err), "%s", xlsx_error(s->xlsx));
		return -1;
	case EXPORT_HTML:
		if ((s->html = html_new(s->fp, s->ho)) == NULL)
			break;
		if (html_row(s->html, ncol, names, NULL) == 0)
			return 0;
		snprintf(s->err, sizeof(s->err), "write error: %s",
		    strerror(errno));
		return -1;
	}
	snprintf(s->err, sizeof(s->err), "out of memory");
	return -1;
}

/* A db_row_fn: the rows of the export, to the writer. */
static int
sink_row(void *arg, int ncol, const char *const *names,
    const char *const *cells, const int *types)
{
	struct sink *s = arg;
	int rc = -1;

	if (cells == NULL)
		return sink_begin(s, ncol, names);
	if (s->fail_after >= 0 && s->rows >= s->fail_after) {
		snprintf(s->err, sizeof(s->err), "failing after %ld rows, as "
		    "the test hook asks", s->rows);
		return -1;
	}
	switch (s->format) {
	case EXPORT_CSV:
	case EXPORT_TSV:
	case EXPORT_JSON:
		rc = out_typed_row(s->out, cells, types);
		break;
	case EXPORT_XLSX:
		if ((rc = xlsx_row(s->xlsx, ncol, names, cells)) != 0) {
			snprintf(s->err, sizeof(s->err), "%s",
			    xlsx_error(s->xlsx));
			return -1;
		}
		break;
	case EXPORT_HTML:
		rc = html_row(s->html, ncol, names, cells);
		break;
	}
	if (rc != 0) {
		snprintf(s->err, sizeof(s->err), "write error: %s",
		    strerror(errno));
		return -1;
	}
	s->rows++;
	return 0;
}

/* Finish the writer: the file is complete when this returns 0. */
static int
sink_end(struct sink *s)
{
	int rc = 0;

	switch (s->format) {
	case EXPORT_CSV:
	case EXPORT_TSV:
	case EXPORT_JSON:
		rc = out_end(s->out);
		s->out = NULL;
		break;
	case EXPORT_XLSX:
		if ((rc = xlsx_end(s->xlsx)) != 0) {
			snprintf(s->err, sizeof(s->err), "%s",
			    xlsx_error(s->xlsx));
			return -1;
		}
		break;
	case EXPORT_HTML:
		rc = html_end(s->html);
		break;
	}
	if (rc != 0)
		snprintf(s->err, sizeof(s->err), "write error: %s",
		    strerror(errno));
	return rc;
}

static void
sink_free(struct sink *s)
{
	out_free(s->out);
	xlsx_free(s->xlsx);
	html_free(s->html);
}

/*
 * Whether TARGET names the registry or a file SQLite keeps beside it
 * (-wal, -shm, -journal): renaming a file over one of them would destroy
 * the registry or the commits not yet in it.  The registry is found by
 * its inode, so that a link or another spelling of the path counts; the
 * companions by name, as they come and go.
 */
static int
is_registry(const char *target)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	struct stat ts, rs;
	char tdir[PATH_MAX], rdir[PATH_MAX], buf[PATH_MAX];
	const char *tbase, *rbase, *slash;
	size_t i;

	if (stat(target, &ts) == 0 && stat(globals.db_path, &rs) == 0 &&
	    ts.st_dev == rs.st_dev && ts.st_ino == rs.st_ino)
		return 1;
	slash = strrchr(target, '/');
	snprintf(buf, sizeof(buf), "%.*s", slash ? (int)(slash - target) +
	    (slash == target) : 1, slash ? target : ".");
	tbase = slash ? slash + 1 : target;
	if (realpath(buf, tdir) == NULL)
		return 0;
	slash = strrchr(globals.db_path, '/');
	snprintf(buf, sizeof(buf), "%.*s", slash ? (int)(slash -
	    globals.db_path) + (slash == globals.db_path) : 1,
	    slash ? globals.db_path : ".");
	rbase = slash ? slash + 1 : globals.db_path;
	if (realpath(buf, rdir) == NULL || strcmp(tdir, rdir) != 0)
		return 0;
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(buf, sizeof(buf), "%s%s", rbase, suffixes[i]);
		if (strcmp(tbase, buf) == 0)
			return 1;
	}
	return 0;
}

/*
 * Whether TARGET, given to CMD's OPT ("--out", NULL for backup's FILE),
 * is a node that is not a regular file, which is refused (and said):
 * renaming over /dev/null or a FIFO would put a file in its place.
 */
static int
refused(const char *cmd, const char *opt, const char *target)
{
	const char *what = atomic_refusal(target);

	if (what == NULL)
		return 0;
	warnx("%s: %s%s'%s' is %s, not a regular file: name a file to "
	    "create or replace%s", cmd, opt ? opt : "", opt ? ": " : "",
	    target, what, opt ? ", or - for standard output" : "");
	return 1;
}

/*
 * Parse the options into E.  Returns -1 to go on, else the exit status
 * (a usage error reported, or --help).
 */
static int
parse_args(int argc, char **argv, struct export *e)
{
	static const struct option opts[] = {
		{ "what", required_argument, NULL, 'w' },
		{ "unit", required_argument, NULL, 'u' },
		{ "kind", required_argument, NULL, 'k' },
		{ "department", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "bom", no_argument, NULL, 'B' },
		{ "raw", no_argument, NULL, 'R' },
		{ "manifest", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *fmt = NULL;
	size_t i;
	int ch, given = 0, bom = 0, raw = 0;

	while ((ch = getopt_long(argc, argv, "f:o:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'w':
			for (i = 0; whats[i] != NULL; i++)
				if (strcmp(whats[i], optarg) == 0)
					break;
			if (whats[i] == NULL) {
				warnx("export: --what: powers, grants, log or "
				    "positive-list, not '%s'", optarg);
				return EXIT_USAGE;
			}
			e->what = whats[i];
			break;
		case 'u':
			e->unit_ref = optarg;
			given++;
			break;
		case 'k':
			if (strcmp(optarg, "new_city") != 0 &&
			    strcmp(optarg, "street_town") != 0) {
				warnx("export: --kind: new_city or "
				    "street_town, not '%s'", optarg);
				return EXIT_USAGE;
			}
			e->f.kind = optarg;
			given++;
			break;
		case 'd':
			e->dept_ref = optarg;
			given++;
			break;
		case 'f':
			fmt = optarg;
			break;
		case 'o':
			e->out = optarg;
			break;
		case 'a':
			if (cmd_parse_date("--as-of", optarg, e->as_of) != 0)
				return EXIT_USAGE;
			break;
		case 'B':
			bom = 1;
			break;
		case 'R':
			raw = 1;
			break;
		case 'm':
			e->manifest = optarg;
			break;
		default:
			return cmd_usage(current_cmd, ch == 'h');
		}
	}
	if (optind != argc) {
		warnx("export: unexpected argument '%s'", argv[optind]);
		return cmd_usage(current_cmd, 0);
	}
	if (e->out == NULL || *e->out == '\0') {
		warnx("export: --out FILE is needed ('-' for standard output)");
		return cmd_usage(current_cmd, 0);
	}
	if (given > 1 || (given == 0 && strcmp(e->what, "positive-list") == 0)) {
		warnx("export: give %s of --unit, --kind and --department",
		    given > 1 ? "at most one" : "one");
		return cmd_usage(current_cmd, 0);
	}
	if (fmt != NULL) {
		for (i = 0; i < NFORMATS; i++)
			if (strcmp(formats[i].name, fmt) == 0)
				break;
		if (i == NFORMATS) {
			warnx("export: --format: csv, tsv, json, xlsx or html, "
			    "not '%s'", fmt);
			return EXIT_USAGE;
		}
		e->format = formats[i].format;
	} else
		e->format = format_of(e->out);
	if (e->format == EXPORT_XLSX && strcmp(e->out, "-") == 0) {
		warnx("export: xlsx is not written to standard output");
		return EXIT_USAGE;
	}
	if ((bom || raw) && e->format != EXPORT_CSV &&
	    e->format != EXPORT_TSV) {
		warnx("export: --%s is for csv and tsv, not %s",
		    bom ? "bom" : "raw", format_name(e->format));
		return EXIT_USAGE;
	}
	e->options = (bom ? OUT_BOM : 0) | (raw ? 0 : OUT_NEUTRALISE);
	if (e->manifest != NULL && (strcmp(e->manifest, e->out) == 0 ||
	    (*e->manifest == '\0'))) {
		warnx("export: --manifest needs a file of its own");
		return EXIT_USAGE;
	}
	if (is_registry(e->out) ||
	    (e->manifest != NULL && is_registry(e->manifest))) {
		warnx("export: '%s' is the registry or one of its files",
		    is_registry(e->out) ? e->out : e->manifest);
		return EXIT_USAGE;
	}
	if ((strcmp(e->out, "-") != 0 && refused("export", "--out", e->out)) ||
	    (e->manifest != NULL && strcmp(e->manifest, "-") != 0 &&
	    refused("export", "--manifest", e->manifest)))
		return EXIT_USAGE;
	return -1;
}

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
		    positive ? "new_city or street_town" : NULL,
		    e->unit)) >= 0)
			return status;
		e->f.unit = e->unit;
	}
	if (e->dept_ref != NULL) {
		if ((status = cmd_resolve_unit(db, "--department", e->dept_ref,
		    "department or new_area", e->department)) >= 0)
			return status;
		e->f.department = e->department;
	}
	return -1;
}

/* Text for people about what was exported: titles, sheets, lines. */
struct labels {
	char	 title[256];
	char	 sheet[128];
	char	 scope[256];
	char	 as_of[64];
	char	 footer[256];
	char	*name;		/* the unit's or department's name */
};

static int
make_labels(struct db *db, const struct export *e, struct labels *l)
{
	const char *code = e->f.unit ? e->f.unit : e->f.department;
	long long entries;
	char head[HASH_HEX_LEN + 1];
	int rc;

	if (code != NULL && (rc = db_unit_name(db, code, &l->name)) != DB_OK)
		return rc;
	if ((rc = db_log_head(db, &entries, head)) != DB_OK)
		return rc;
	snprintf(l->as_of, sizeof(l->as_of), "截至 %s", e->as_of);
	snprintf(l->footer, sizeof(l->footer), "powers %s · 调整记录 %lld 条"
	    "%s%.12s", POWERS_VERSION, entries, *head ? " · 末条 " : "", head);
	if (l->name != NULL)
		snprintf(l->scope, sizeof(l->scope), "%s：%s（%s）",
		    e->f.unit ? "单位" : "主管部门", l->name, code);
	else if (e->f.kind != NULL)
		snprintf(l->scope, sizeof(l->scope), "范围：全部%s",
		    strcmp(e->f.kind, "new_city") == 0 ? "新城" : "街镇");
	if (strcmp(e->what, "positive-list") == 0) {
		if (l->name != NULL)
			snprintf(l->title, sizeof(l->title), "%s 正面清单%s",
			    l->name, e->f.department ? "（按层级）" : "");
		else
			snprintf(l->title, sizeof(l->title), "%s 正面清单",
			    strcmp(e->f.kind, "new_city") == 0 ? "新城" :
			    "街镇");
		snprintf(l->sheet, sizeof(l->sheet), "%s",
		    l->name ? l->name : "positive-list");
	} else {
		snprintf(l->title, sizeof(l->title), "%s",
		    strcmp(e->what, "powers") == 0 ? "事权清单" :
		    strcmp(e->what, "grants") == 0 ? "下放与委托" : "调整记录");
		snprintf(l->sheet, sizeof(l->sheet), "%s", e->what);
	}
	return DB_OK;
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
	static const char *const hide_unit[] = {
		"unit_code", "unit", "department", NULL
	};
	static const char *const hide_level[] = { "level", NULL };
	struct labels l = { .name = NULL };
	struct xlsx_opts xo = { NULL, NULL, NULL, 0 };
	struct html_opts ho = { NULL, NULL, NULL, NULL, NULL, NULL };
	struct sink s = { .fail_after = -1 };
	struct export_manifest m;
	struct atomic *a = NULL;
	unsigned char digest[HASH_LEN];
	const char *lines[3] = { NULL, NULL, NULL }, *hook;
	FILE *fp = NULL;
	long long changed;
	int rc, status = EXIT_FAIL, positive, nlines = 0;

	positive = strcmp(e->what, "positive-list") == 0;
	if ((rc = make_labels(db, e, &l)) != DB_OK ||
	    (rc = db_changed_at(db, &changed)) != DB_OK) {
		warnx("export: %s", db_errmsg(db));
		status = cmd_db_status(rc);
		goto out;
	}
	if (l.scope[0] != '\0')
		lines[nlines++] = l.scope;
	/* The log is whole: no date applies to it. */
	if (strcmp(e->what, "log") != 0)
		lines[nlines++] = l.as_of;
	ho.title = l.title;
	ho.lines = lines;
	ho.footer = l.footer;
	if (positive && e->f.department != NULL) {
		ho.group = "level";
		ho.hide = hide_level;
	} else if (positive) {
		ho.section = e->f.kind ? "unit" : NULL;
		ho.group = "department";
		ho.hide = hide_unit;
	}
	xo.sheet = l.sheet;
	xo.split = positive && e->f.kind ? "unit" : NULL;
	xo.title = l.title;
	xo.created = changed;

	hook = NULL;
#ifdef POWERS_TEST_HOOKS
	hook = getenv("POWERS_TEST_FAIL_AFTER_ROWS");
#endif
	if (hook != NULL)
		s.fail_after = strtol(hook, NULL, 10);
	s.format = e->format;
	s.options = e->options;
	s.xo = &xo;
	s.ho = &ho;
	if (strcmp(e->out, "-") == 0) {
		if ((fp = tmpfile()) == NULL) {
			warn("export: a temporary file");
			goto out;
		}
		s.fp = fp;
	} else {
		if ((a = atomic_open(e->out, e->format != EXPORT_XLSX)) ==
		    NULL) {
			warn("export: cannot write '%s'", e->out);
			goto out;
		}
		s.fp = atomic_fp(a);
		s.path = atomic_path(a);
	}
	if (e->manifest != NULL && strcmp(e->manifest, "-") != 0 &&
	    (*ma = atomic_open(e->manifest, 1)) == NULL) {
		warn("export: cannot write '%s'", e->manifest);
		goto out;
	}

	rc = db_export_rows(db, e->what, &e->f, sink_row, &s, &e->rows);
	if (rc != DB_OK) {
		warnx("export: %s%s%s", s.err[0] ? e->out : "",
		    s.err[0] ? ": " : "", s.err[0] ? s.err : db_errmsg(db));
		status = s.err[0] ? EXIT_FAIL : cmd_db_status(rc);
		goto out;
	}
	if (sink_end(&s) != 0) {
		warnx("export: %s: %s", e->out, s.err);
		goto out;
	}
	if (a != NULL) {
		if (atomic_finish(a) != 0) {
			warn("export: %s '%s'", atomic_error(a), e->out);
			goto out;
		}
		if (hash_file(atomic_path(a), digest, &e->bytes) != 0) {
			warn("export: reading back '%s'", e->out);
			goto out;
		}
	} else {
		if (fflush(fp) == EOF || ferror(fp)) {
			warn("export: a temporary file");
			goto out;
		}
		rewind(fp);
		if (hash_stream(fp, digest, &e->bytes) != 0 ||
		    copy_to_stdout(fp) != 0) {
			warn("export: standard output");
			goto out;
		}
	}
	hash_hex(digest, e->sha256);

	if (e->manifest != NULL) {
		m.file = e->out;
		m.what = e->what;
		m.format = format_name(e->format);
		m.unit = e->f.unit;
		m.kind = e->f.kind;
		m.department = e->f.department;
		m.as_of = e->as_of;
		m.sha256 = e->sha256;
		m.bytes = e->bytes;
		m.rows = e->rows;
		if ((rc = db_export_manifest(db, &m, &e->manifest_json)) !=
		    DB_OK) {
			warnx("export: manifest: %s", db_errmsg(db));
			status = cmd_db_status(rc);
			goto out;
		}
	}
	if (a != NULL && atomic_commit(a) != 0) {
		warn("export: %s for '%s'", atomic_error(a), e->out);
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
		warn("export: %s for '%s'", atomic_error(a), e->manifest);
		atomic_abort(a);
		return EXIT_FAIL;
	}
	return EXIT_DONE;
}

int
cmd_export(int argc, char **argv)
{
	struct atomic *ma = NULL;
	struct export e;
	struct db *db;
	int rc, status;

	memset(&e, 0, sizeof(e));
	e.what = "powers";
	e.as_of[0] = '\0';
	if ((status = parse_args(argc, argv, &e)) >= 0)
		return status;
	if ((db = cmd_open(&status)) == NULL)
		return status;
	if ((status = cmd_today(db, e.as_of)) >= 0)
		return status;
	e.f.as_of = e.as_of;
	if ((rc = db_read_begin(db)) != DB_OK) {
		warnx("export: %s", db_errmsg(db));
		return cmd_db_status(rc);
	}
	if ((status = resolve(db, &e)) < 0)
		status = write_export(db, &e, &ma);
	if (status == EXIT_DONE && (rc = db_read_end(db)) != DB_OK) {
		warnx("export: %s", db_errmsg(db));
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
		printf("export: %ld rows to '%s' (%s, %lld bytes, sha256 %s)\n",
		    e.rows, e.out, format_name(e.format), e.bytes, e.sha256);
	free(e.manifest_json);
	return status;
}

int
cmd_backup(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct atomic *a;
	struct db *db;
	const char *target;
	long pages = 0;
	int ch, rc, status;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		return cmd_usage(current_cmd, ch == 'h');
	if (argc - optind != 1 || *argv[optind] == '\0') {
		warnx("backup: one FILE is needed");
		return cmd_usage(current_cmd, 0);
	}
	target = argv[optind];
	if (strcmp(target, "-") == 0) {
		warnx("backup: a registry is not written to standard output");
		return EXIT_USAGE;
	}
	if (is_registry(target)) {
		warnx("backup: '%s' is the registry or one of its files",
		    target);
		return EXIT_USAGE;
	}
	if (refused("backup", NULL, target))
		return EXIT_USAGE;
	if ((db = cmd_open(&status)) == NULL)
		return status;
	if ((a = atomic_open(target, 0)) == NULL) {
		warn("backup: cannot write '%s'", target);
		return EXIT_FAIL;
	}
	if ((rc = db_backup(db, atomic_path(a), &pages)) != DB_OK) {
		warnx("backup: %s", db_errmsg(db));
		atomic_abort(a);
		return cmd_db_status(rc);
	}
	if (atomic_commit(a) != 0) {
		warn("backup: %s for '%s'", atomic_error(a), target);
		atomic_abort(a);
		return EXIT_FAIL;
	}
	if (!globals.quiet)
		printf("backup: %ld pages to '%s'\n", pages, target);
	return EXIT_DONE;
}
