/*
 * Reading a clerk's sheet for the importing commands: see sheet.h.
 */
#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "i18n.h"
#include "sheet.h"
#include "text.h"

/*
 * Report at LINE, in the field at position AT (-1: the row, named in a
 * workbook by its code's cell, else its first).  A text file's place is
 * FILE:LINE, a workbook's FILE:SHEET!CELL.
 */
static void
report(struct sheet *ctx, long line, int at, const char *fmt, va_list ap)
{
	char where[192];

	if (ctx->silent || ++ctx->errors > SHEET_MAX_ERRORS)
		return;
	if (at < 0 && ctx->header_line > 0)
		at = ctx->index[0];
	/* Entries typed on the command line have no file to point into. */
	if (ctx->in == NULL)
		fprintf(stderr, "powers: %s: ", current_cmd->name);
	else if (line <= 0)
		fprintf(stderr, "powers: %s: %s: ", current_cmd->name,
		    ctx->opts->file);
	else
		fprintf(stderr, "powers: %s: %s:%s: ", current_cmd->name,
		    ctx->opts->file, csvin_where(ctx->in, line, at < 0 ? 0 : at,
		    where, sizeof(where)));
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
sheet_error(struct sheet *ctx, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(ctx, line, -1, fmt, ap);
	va_end(ap);
}

void
sheet_cell_error(struct sheet *ctx, long line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(ctx, line, col >= 0 && ctx->header_line > 0 ? ctx->index[col] :
	    -1, fmt, ap);
	va_end(ap);
}

int
sheet_parse_delimiter(const char *s)
{
	if (strcmp(s, ",") == 0 || strcmp(s, "comma") == 0)
		return ',';
	if (strcmp(s, "\t") == 0 || strcmp(s, "tab") == 0 ||
	    strcmp(s, "\\t") == 0)
		return '\t';
	if (strcmp(s, ";") == 0 || strcmp(s, "semicolon") == 0)
		return ';';
	return -1;
}

/* Returns -1 to go on, else the exit status. */
struct sheet_opts sheet_opt_values;

static int
opt_delimiter(const struct opt *o, const char *arg)
{
	(void)o;
	if (arg == NULL)
		sheet_opt_values.delimiter = 0;
	else if ((sheet_opt_values.delimiter = sheet_parse_delimiter(arg)) < 0) {
		warnx(_("%s: bad --delimiter '%s': comma, tab or semicolon"),
		    current_cmd->name, arg);
		return -1;
	}
	return 0;
}

const struct opt sheet_opt_table[] = {
	OPT_BOOL("dry-run", 'n', N_("check and report, write nothing"),
	    &sheet_opt_values.dry_run),
	OPT_STRING("encoding", 0, "E", N_("read as encoding E, an iconv name; "
	    "default found from the bytes"), &sheet_opt_values.encoding),
	OPT_CALLBACK("delimiter", 0, "D", N_("comma, tab or semicolon; default "
	    "found from the header"), NULL, opt_delimiter),
	OPT_BOOL("ignore-unknown", 0, N_("ignore the columns the command does "
	    "not know"), &sheet_opt_values.ignore_unknown),
	OPT_STRING("sheet", 0, "NAME|N", N_("of an .xlsx workbook, the sheet "
	    "named NAME or the Nth; default the first"),
	    &sheet_opt_values.sheet),
	CMD_OPT_QUIET,
	OPT_END
};

int
sheet_file_operand(int argc, char **argv)
{
	if (argc != 1)
		return cmd_usage(current_cmd, 0);
	sheet_opt_values.file = argv[0];
	/* An import records the file's hash at its end. */
	sheet_opt_values.hash_as_read = 1;
	return -1;
}

int
sheet_options(int argc, char **argv, struct sheet_opts *o)
{
	int first, status;

	memset(o, 0, sizeof(*o));
	if ((status = cmd_parse(current_cmd, sheet_opt_table, argc, argv,
	    &first)) >= 0 ||
	    (status = sheet_file_operand(argc - first, argv + first)) >= 0)
		return status;
	*o = sheet_opt_values;
	return -1;
}

/* sheet_error() at the field at position AT. */
static void __attribute__((format(printf, 4, 5)))
report_at(struct sheet *ctx, long line, int at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(ctx, line, at, fmt, ap);
	va_end(ap);
}

/* Report a fatal reader error; returns the exit status. */
int
sheet_reader_failed(struct sheet *ctx)
{
	struct csvin *in = ctx->in;

	switch (csvin_error(in)) {
	case CSVIN_EIO:
		warnx("%s: %s: %s", current_cmd->name, ctx->opts->file,
		    csvin_errmsg(in));
		return EXIT_FAIL;
	case CSVIN_EARG:
		warnx("%s: %s", current_cmd->name, csvin_errmsg(in));
		return EXIT_USAGE;
	default:
		report_at(ctx, csvin_errline(in), (int)csvin_errcol(in) - 1,
		    "%s", csvin_errmsg(in));
		return sheet_refuse(ctx);
	}
}

/*
 * The columns of the three kinds of file, one table each for the command
 * that reads it and for the message that a header belongs to another
 * kind.  Only a code must be a column of a units or powers file: a column
 * the file does not have leaves that attribute of every row as it is
 * (DB_IMPORT_KEEP), and a new row that needs it is refused.
 */
const struct csvin_col sheet_unit_cols[SHEET_UNIT_COLS] = {
	{ "code", "编码", 1 },
	{ "name", "名称", 0 },
	{ "kind", "类型", 0 },
	{ "parent", "上级", 0 },
	{ "within", "所在新城", 0 },
};
const struct csvin_col sheet_power_cols[SHEET_POWER_COLS] = {
	{ "code", "事项编码", 1 },
	{ "name", "事项名称", 0 },
	{ "category", "事项类型", 0 },
	{ "department", "主管部门", 0 },
	{ "class", "事权类别", 0 },
	{ "legal_basis", "设定依据", 0 },
	{ "holder", "实施主体", 0 },
	{ "note", "备注", 0 },
};
const struct csvin_col sheet_log_cols[SHEET_LOG_COLS] = {
	[LOG_COL_POWER] = { "power", "事项编码", 1 },
	[LOG_COL_FROM] = { "from", "原实施主体", 0 },
	/* A cancel's is empty: the rows are checked by cmd_delegate.c. */
	[LOG_COL_TO] = { "to", "承接单位", CSVIN_COLUMN_ONLY },
	[LOG_COL_MODE] = { "mode", "调整方式", 1 },
	[LOG_COL_DOCUMENT] = { "document", "依据文号", 1 },
	[LOG_COL_EFFECTIVE] = { "effective", "实施时间", 1 },
	[LOG_COL_NOTE] = { "note", "备注", 0 },
};
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
static const struct {
	const char		*noun;
	const char		*command;
	const struct csvin_col	*cols;
	size_t			 ncol;
} file_kinds[] = {
	{ "units", "powers unit import", sheet_unit_cols, SHEET_UNIT_COLS },
	{ "powers", "powers import", sheet_power_cols, SHEET_POWER_COLS },
	{ "delegations", "powers delegate --csv", sheet_log_cols,
	    SHEET_LOG_COLS },
};

/* Whether the columns COLS are those of kind K (the command's own). */
static int
same_kind(size_t k, const struct csvin_col *cols)
{
	return file_kinds[k].cols == cols;
}

/*
 * Whether ROW looks like a header of COLS, if a faulty one: at least half
 * of its cells that are not empty name one of COLS.  A title row names
 * none; a row of data may hold a name ('department' as a kind) but
 * rarely half.
 */
static int
names_columns(const struct csvin_row *row, const struct csvin_col *cols,
    size_t ncol)
{
	int index[SHEET_MAX_COLUMNS];
	char why[256];
	size_t i, known = 0, cells = 0;

	(void)csvin_map_header(row, cols, ncol, 1, index, why, sizeof(why));
	for (i = 0; i < ncol; i++)
		known += index[i] != -1;
	for (i = 0; i < row->nfield; i++)
		cells += row->len[i] > 0;
	return known > 0 && 2 * known >= cells;
}

/*
 * The kind of file, other than that of COLS, whose header ROW is whole,
 * or -1.
 */
static int
other_kind(const struct csvin_row *row, const struct csvin_col *cols)
{
	int index[SHEET_MAX_COLUMNS];
	char why[256];
	size_t k;

	for (k = 0; k < NELEM(file_kinds); k++)
		if (!same_kind(k, cols) && csvin_map_header(row,
		    file_kinds[k].cols, file_kinds[k].ncol, 0, index, why,
		    sizeof(why)) == 0)
			return (int)k;
	return -1;
}

/*
 * A header of one field holding a delimiter (another was forced, or the
 * file is quoted oddly): the way out into WHY.  0, or -1 when not so.
 */
static int
one_column(const struct csvin_row *row, char *why, size_t whysz)
{
	static const struct {
		char		 ch;
		const char	*name;
	} d[] = { { ';', "';'" }, { '\t', "tab" }, { ',', "','" } };
	size_t i, best = 0, n[3] = { 0, 0, 0 };
	const char *p;

	if (row->nfield != 1)
		return -1;
	for (p = row->field[0]; *p; p++)
		for (i = 0; i < NELEM(d); i++)
			n[i] += *p == d[i].ch;
	for (i = 1; i < NELEM(d); i++)
		if (n[i] > n[best])
			best = i;
	if (n[best] == 0)
		return -1;
	snprintf(why, whysz, _("the header has one column; the file seems to "
	    "use %s: give --delimiter %s"), d[best].ch == '\t' ? "tabs" :
	    d[best].name, d[best].name);
	return 0;
}

int
sheet_open(struct sheet *ctx, const struct csvin_col *cols, size_t ncol)
{
	struct csvin_row hdr;
	char why[1024], first_why[1024];
	long first_line = 0;
	int rc, found = 0, k;
	size_t n;

	ctx->in = csvin_open_sheet(ctx->opts->file, ctx->opts->encoding,
	    ctx->opts->delimiter, ctx->opts->hash_as_read, ctx->opts->sheet);
	ctx->cols = cols;
	ctx->ncol = ncol;
	if (ctx->in == NULL) {
		warnx(_("%s: out of memory"), current_cmd->name);
		return EXIT_FAIL;
	}
	if (csvin_error(ctx->in) != CSVIN_OK)
		return sheet_reader_failed(ctx);
	/* Title rows above the header: a banner, a date, a blank line. */
	ctx->ntitle = 0;
	for (n = 0; n < SHEET_TITLE_MAX; n++) {
		if ((rc = csvin_next(ctx->in, &hdr)) < 0 && n == 0)
			return sheet_reader_failed(ctx);
		if (rc == 0 && n == 0) {
			sheet_error(ctx, 0, _("empty file"));
			return sheet_refuse(ctx);
		}
		if (rc != 1)
			break;
		/* Whole, or the header of another kind, or most of one. */
		if (csvin_map_header(&hdr, cols, ncol,
		    ctx->opts->ignore_unknown, ctx->index, why,
		    sizeof(why)) == 0 || other_kind(&hdr, cols) >= 0 ||
		    names_columns(&hdr, cols, ncol)) {
			found = 1;
			break;
		}
		if (n == 0) {
			/* Reported as the header when no record is one. */
			first_line = hdr.line;
			if (one_column(&hdr, first_why, sizeof(first_why)) != 0 &&
			    csvin_map_header(&hdr, cols, ncol,
			    ctx->opts->ignore_unknown, ctx->index, first_why,
			    sizeof(first_why)) == 0)
				snprintf(first_why, sizeof(first_why),
				    _("no column of this file is known"));
		}
		ctx->title[ctx->ntitle++] = hdr.line;
	}
	if (found && csvin_map_header(&hdr, cols, ncol,
	    ctx->opts->ignore_unknown, ctx->index, why, sizeof(why)) == 0) {
		ctx->nheader = hdr.nfield;
		ctx->header_line = hdr.line;
		if (csvin_unnamed_columns(ctx->in, &hdr) != 0) {
			warnx(_("%s: out of memory"), current_cmd->name);
			return EXIT_FAIL;
		}
		return -1;
	}
	/* A header of mojibake: say so, not that it is unknown. */
	if (csvin_check_encoding(ctx->in) != 0)
		return sheet_reader_failed(ctx);
	if (found) {
		if ((k = other_kind(&hdr, cols)) >= 0)
			sheet_error(ctx, hdr.line, _("this looks like a %s file: "
			    "use `%s`"), file_kinds[k].noun,
			    file_kinds[k].command);
		else
			sheet_error(ctx, hdr.line, "%s", why);
	} else
		sheet_error(ctx, first_line, "%s", first_why);
	/* A reader error while looking for the header is one more. */
	if (csvin_error(ctx->in) != CSVIN_OK)
		return sheet_reader_failed(ctx);
	return sheet_refuse(ctx);
}

void
sheet_print_skipped(const struct sheet *ctx)
{
	long blank;
	size_t i;

	if (ctx->ntitle > 0) {
		fputs(ngettext("  skipped title line", "  skipped title lines",
		    ctx->ntitle), stdout);
		for (i = 0; i < ctx->ntitle; i++)
			printf("%s%ld", i == 0 ? " " : ", ", ctx->title[i]);
		printf(_(" above the header\n"));
	}
	if (ctx->in != NULL && (blank = csvin_blank_rows(ctx->in)) > 0)
		printf(ngettext("  %ld empty row skipped\n",
		    "  %ld empty rows skipped\n", (unsigned long)blank), blank);
}

/* Column I of ROW, or "" when the file has no such column. */
const char *
sheet_field(const struct sheet *ctx, const struct csvin_row *row, int i)
{
	int at = ctx->index[i];

	return at >= 0 && (size_t)at < row->nfield ? row->field[at] : "";
}

/*
 * How a column's values are checked: the codes (a power's, a unit's, the
 * power of a delegation sheet) strictly, the free text of note and
 * legal_basis over lines, every other column as one line.
 */
static enum text_rule
column_rule(const struct csvin_col *col)
{
	if (strcmp(col->en, "code") == 0 || strcmp(col->en, "power") == 0)
		return TEXT_CODE;
	if (strcmp(col->en, "note") == 0 || strcmp(col->en, "legal_basis") == 0)
		return TEXT_LINES;
	return TEXT_LINE;
}

/*
 * Check what every row needs: the reader's verdict, the number of fields,
 * the required ones not empty, and in every column nothing a clerk
 * cannot see (text_check()), nor a code in Excel's scientific notation.
 * Returns 0 when the row may go on to the rest of the checks.
 */
int
sheet_check_shape(struct sheet *ctx, const struct csvin_row *row,
    const struct csvin_col *cols, size_t ncol)
{
	struct text_flaw flaw;
	enum text_rule rule;
	char what[64], msg[768], excel[160];
	const char *f;
	size_t i;
	int at, bad = 0;

	if (row->error != NULL) {
		sheet_error(ctx, row->line, "%s", row->error);
		return -1;
	}
	if (row->nfield != ctx->nheader) {
		sheet_error(ctx, row->line, ngettext("%zu field where the "
		    "header has %zu", "%zu fields where the header has %zu",
		    row->nfield), row->nfield, ctx->nheader);
		return -1;
	}
	for (i = 0; i < ncol; i++) {
		if (cols[i].required == 1 &&
		    *sheet_field(ctx, row, (int)i) == '\0') {
			sheet_cell_error(ctx, row->line, (int)i, _("empty %s (%s)"),
			    cols[i].en, cols[i].zh);
			return -1;
		}
	}
	for (i = 0; i < ncol; i++) {
		if ((at = ctx->index[i]) < 0 || (size_t)at >= row->nfield)
			continue;
		f = row->field[at];
		rule = column_rule(&cols[i]);
		/* A workbook's number cell: whatever zeros it had are gone. */
		if (rule == TEXT_CODE && row->numeric != NULL &&
		    row->numeric[at]) {
			bad = 1;
			sheet_cell_error(ctx, row->line, (int)i, _("%s (%s) %s is a "
			    "number, not text: Excel drops a code's leading "
			    "zeros; format the %s column as text (文本) and type "
			    "the codes again"), cols[i].en, cols[i].zh, f,
			    cols[i].en);
			continue;
		}
		if (text_check(f, row->len[at], rule, &flaw) == 0 &&
		    (rule != TEXT_CODE ||
		    !text_excel_damage(f, excel, sizeof(excel))))
			continue;
		/* A bad row: the message is worth its cost now. */
		bad = 1;
		snprintf(what, sizeof(what), "%s (%s)", cols[i].en, cols[i].zh);
		if (text_refusal(what, f, row->len[at], rule, msg,
		    sizeof(msg)) != 0)
			sheet_cell_error(ctx, row->line, (int)i, "%s", msg);
		else
			sheet_cell_error(ctx, row->line, (int)i, _("%s '%s' %s: format the %s "
			    "column as text (文本) and type the codes again"),
			    what, f, excel, cols[i].en);
	}
	return bad ? -1 : 0;
}

/* 1 when sheet_error() would print nothing: not worth a suggestion. */
static int
sheet_quiet(const struct sheet *ctx)
{
	return ctx->silent || ctx->errors >= SHEET_MAX_ERRORS;
}

/*
 * What a message calls the column WHAT (a unit's column): in Chinese its
 * Chinese header, else WHAT.
 */
static const char *
field_word(const char *what)
{
	static const char *const words[] = {
		NC_("field", "department"), NC_("field", "holder"),
		NC_("field", "from"), NC_("field", "to"),
		NC_("field", "parent"), NC_("field", "within"),
	};

	return gettext_in(words, sizeof(words) / sizeof(words[0]), "field",
	    what);
}

/*
 * Resolve a unit reference that must be of one of KINDS (a bit mask).
 * What names nothing gets the nearest names of those kinds; a name that
 * several units share, each of them with its code.
 */
const struct unit_info *
sheet_unit(struct sheet *ctx, long line, const char *what,
    const char *ref, unsigned kinds, const char *kinds_text)
{
	const struct unit_info *u, *was = NULL;
	const char *former;
	char near[1024] = "";
	int ambiguous, col = -1;
	size_t i;

	/* WHAT is the column's English name: its cell, in a workbook. */
	for (i = 0; i < ctx->ncol && ctx->cols != NULL; i++)
		if (strcmp(ctx->cols[i].en, what) == 0)
			col = (int)i;

	if ((u = refs_unit(&ctx->refs, ref, &ambiguous)) == NULL) {
		if (sheet_quiet(ctx))
			;
		else if (ambiguous)
			refs_units_named(&ctx->refs, ref, near, sizeof(near));
		else
			refs_suggest_unit(&ctx->refs, ref, kinds, near,
			    sizeof(near));
		/* A sheet, a write, takes no former name, but says whose. */
		if (!ambiguous && (former = refs_former(&ctx->refs, ref)) != NULL)
			was = refs_unit_by_code(&ctx->refs, former);
		if (ambiguous)
			sheet_cell_error(ctx, line, col, _("%s '%s' names several units: %s: "
			    "give the code"), field_word(what), ref, near);
		else if (was != NULL)
			sheet_cell_error(ctx, line, col, _("unknown %s '%s': it is a former "
			    "name of %s, now '%s'; give its code or the name it "
			    "bears"), field_word(what), ref, was->code, was->name);
		else if (*near != '\0')
			sheet_cell_error(ctx, line, col, _("unknown %s '%s': did you mean %s?"),
			    field_word(what), ref, near);
		else
			sheet_cell_error(ctx, line, col, _("unknown %s '%s': no unit has a "
			    "name or code near it; give the code or the exact "
			    "name of a unit of the registry"), field_word(what), ref);
		return NULL;
	}
	if (!(kinds & (1u << u->kind))) {
		sheet_cell_error(ctx, line, col, _("%s '%s' is a %s, not %s"),
		    field_word(what), ref, kind_word(u->kind), _(kinds_text));
		return NULL;
	}
	return u;
}

/* Report the errors counted; returns EXIT_INPUT. */
int
sheet_refuse(struct sheet *ctx)
{
	if (ctx->errors > SHEET_MAX_ERRORS)
		warnx(_("%s: %s: %ld more errors not shown"), current_cmd->name,
		    ctx->opts->file, ctx->errors - SHEET_MAX_ERRORS);
	warnx(ngettext("%s: %s: %ld error; nothing written",
	    "%s: %s: %ld errors; nothing written", (unsigned long)ctx->errors),
	    current_cmd->name, ctx->opts->file, ctx->errors);
	return EXIT_INPUT;
}


void
sheet_close(struct sheet *ctx)
{
	sheet_ahead_stop(ctx);
	refs_free(&ctx->refs);
	csvin_close(ctx->in);
	ctx->in = NULL;
}
