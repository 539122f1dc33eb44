/*
 * export: its options, and the checks of them all together before the
 * registry is opened (a usage error writes nothing).
 */
#include <err.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "export.h"
#include "i18n.h"
#include "text.h"

struct export export_args;

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

/* The options as they come; cmd_export_check() makes export_args. */
static struct {
	const char	*what, *out, *manifest, *format, *labels, *title, *issuer;
	struct cmd_scope scope;
	char		 as_of[11];
	int		 bom, raw;
} o;

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

const char *
export_format_name(enum export_format f)
{
	size_t i;

	for (i = 0; i < NFORMATS; i++)
		if (formats[i].format == f)
			return formats[i].name;
	return "?";
}

static int
opt_what(const struct opt *opt, const char *arg)
{
	size_t i;

	(void)opt;
	if (arg == NULL) {
		o.what = whats[0];
		return 0;
	}
	for (i = 0; whats[i] != NULL; i++)
		if (strcmp(whats[i], arg) == 0)
			break;
	if (whats[i] == NULL) {
		warnx(_("export: --what: powers, grants, log or positive-list, "
		    "not '%s'"), arg);
		return -1;
	}
	o.what = whats[i];
	return 0;
}

const struct opt cmd_export_opts[] = {
	OPT_CALLBACK("what", 0, "W", N_("powers (default), grants, log or "
	    "positive-list"), NULL, opt_what),
	OPT_CALLBACK("unit", 0, "U", N_("the positive list of unit U"), &o.scope,
	    cmd_opt_scope),
	OPT_CALLBACK("kind", 0, "K", N_("the positive lists of kind K, new_city "
	    "or street_town"), &o.scope, cmd_opt_scope),
	OPT_CALLBACK("department", 0, "D", N_("the positive list of department "
	    "D"), &o.scope, cmd_opt_scope),
	OPT_STRING("format", 'f', "F", N_("csv, tsv, json, xlsx or html; default "
	    "from the extension of --out, else csv"), &o.format),
	OPT_STRING("out", 'o', "FILE", N_("the file to write, replaced "
	    "atomically; - for standard output"), &o.out),
	CMD_OPT_AS_OF(o.as_of),
	OPT_BOOL("bom", 0, N_("csv and tsv: begin with a BOM, for Excel"), &o.bom),
	OPT_BOOL("raw", 0, N_("csv and tsv: keep cells that start with = + - @ "
	    "as they are"), &o.raw),
	OPT_STRING("manifest", 0, "FILE", N_("also a JSON manifest of the "
	    "output, to FILE"), &o.manifest),
	OPT_STRING("labels", 0, "L", N_("zh: column headers, modes and classes "
	    "in Chinese; en: as stored (the default, but for html)"),
	    &o.labels),
	OPT_STRING("title", 0, "TEXT", N_("html and xlsx: the title, instead of "
	    "the one made from the scope"), &o.title),
	OPT_STRING("issuer", 0, "TEXT", N_("html: the issuing authority, shown "
	    "under the title"), &o.issuer),
	CMD_OPT_QUIET,
	OPT_END
};

/*
 * The format: --format, else --out's extension.  -1 to go on, else the
 * exit status.
 */
static int
check_format(struct export *e)
{
	size_t i;

	if (o.format != NULL) {
		for (i = 0; i < NFORMATS; i++)
			if (strcmp(formats[i].name, o.format) == 0)
				break;
		if (i == NFORMATS) {
			warnx(_("export: --format: csv, tsv, json, xlsx or html, "
			    "not '%s'"), o.format);
			return EXIT_USAGE;
		}
		e->format = formats[i].format;
	} else
		e->format = format_of(e->out);
	if (e->format == EXPORT_XLSX && strcmp(e->out, "-") == 0) {
		warnx(_("export: xlsx is not written to standard output"));
		return EXIT_USAGE;
	}
	if ((o.bom || o.raw) && e->format != EXPORT_CSV &&
	    e->format != EXPORT_TSV) {
		warnx(_("export: --%s is for csv and tsv, not %s"),
		    o.bom ? "bom" : "raw", export_format_name(e->format));
		return EXIT_USAGE;
	}
	e->options = (o.bom ? OUT_BOM : 0) | (o.raw ? 0 : OUT_NEUTRALISE);
	/*
	 * Files for jobs keep the registry's names unless asked; a page is
	 * for the public, in Chinese unless asked.
	 */
	if (o.labels == NULL)
		e->zh = e->format == EXPORT_HTML;
	else if (strcmp(o.labels, "zh") == 0 || strcmp(o.labels, "en") == 0)
		e->zh = strcmp(o.labels, "zh") == 0;
	else {
		warnx(_("export: --labels: zh or en, not '%s'"), o.labels);
		return EXIT_USAGE;
	}
	return -1;
}

/*
 * --title and --issuer: a text a person sees on the page, one line, for
 * the formats that show it.  -1 to go on, else the exit status.
 */
static int
check_texts(const struct export *e)
{
	const char *given[] = { e->title, e->issuer }, *names[] = {
		"--title", "--issuer" };
	char why[768];
	int i;

	for (i = 0; i < 2; i++) {
		if (given[i] == NULL)
			continue;
		if (*given[i] == '\0') {
			warnx(_("export: %s needs a text"), names[i]);
			return EXIT_USAGE;
		}
		if (text_refusal(names[i], given[i], strlen(given[i]),
		    TEXT_LINE, why, sizeof(why)) != 0) {
			warnx(_("export: %s"), why);
			return EXIT_USAGE;
		}
	}
	if (e->title != NULL && e->format != EXPORT_HTML &&
	    e->format != EXPORT_XLSX) {
		warnx(_("export: --title is for html and xlsx, not %s"),
		    export_format_name(e->format));
		return EXIT_USAGE;
	}
	if (e->issuer != NULL && e->format != EXPORT_HTML) {
		warnx(_("export: --issuer is for html, not %s"),
		    export_format_name(e->format));
		return EXIT_USAGE;
	}
	return -1;
}

/* Where the output and the manifest go.  -1 to go on, else the status. */
static int
check_targets(const struct export *e)
{
	if (e->manifest != NULL && (strcmp(e->manifest, e->out) == 0 ||
	    (*e->manifest == '\0'))) {
		warnx(_("export: --manifest needs a file of its own"));
		return EXIT_USAGE;
	}
	if (cmd_is_registry(e->out) ||
	    (e->manifest != NULL && cmd_is_registry(e->manifest))) {
		warnx(_("export: '%s' is the registry or one of its files"),
		    cmd_is_registry(e->out) ? e->out : e->manifest);
		return EXIT_USAGE;
	}
	if ((strcmp(e->out, "-") != 0 &&
	    cmd_refused("export", "--out", e->out)) ||
	    (e->manifest != NULL && strcmp(e->manifest, "-") != 0 &&
	    cmd_refused("export", "--manifest", e->manifest)))
		return EXIT_USAGE;
	return -1;
}

/*
 * The options together, into export_args.  Returns -1 to go on, else
 * the exit status (a usage error reported).
 */
int
cmd_export_check(int argc, char **argv)
{
	struct export *e = &export_args;
	int given = o.scope.given, status;

	memset(e, 0, sizeof(*e));
	e->what = o.what;
	e->out = o.out;
	e->manifest = o.manifest;
	e->title = o.title;
	e->issuer = o.issuer;
	memcpy(e->as_of, o.as_of, sizeof(e->as_of));
	if (argc != 0) {
		warnx(_("export: unexpected argument '%s'"), argv[0]);
		return cmd_usage(current_cmd, 0);
	}
	if (e->out == NULL || *e->out == '\0') {
		warnx(_("export: --out FILE is needed ('-' for standard output)"));
		return cmd_usage(current_cmd, 0);
	}
	if (given > 1 || (given == 0 && strcmp(e->what, "positive-list") == 0)) {
		if (given > 1)
			warnx(_("export: give at most one of --unit, --kind "
			    "and --department"));
		else
			warnx(_("export: give one of --unit, --kind and "
			    "--department"));
		return cmd_usage(current_cmd, 0);
	}
	e->unit_ref = o.scope.unit;
	e->dept_ref = o.scope.dept;
	e->f.kind = o.scope.kind;
	if ((status = check_format(e)) >= 0 || (status = check_texts(e)) >= 0)
		return status;
	return check_targets(e);
}
