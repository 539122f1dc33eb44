/*
 * Reading a clerk's sheet for the importing commands: see sheet.h.
 */
#include <err.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sheet.h"
#include "text.h"

void
sheet_error(struct sheet *ctx, long line, const char *fmt, ...)
{
	va_list ap;

	if (ctx->silent || ++ctx->errors > SHEET_MAX_ERRORS)
		return;
	/* Entries typed on the command line have no file to point into. */
	if (ctx->in == NULL)
		fprintf(stderr, "powers: %s: ", current_cmd->name);
	else if (line <= 0)
		fprintf(stderr, "powers: %s: %s: ", current_cmd->name,
		    ctx->opts->file);
	else
		fprintf(stderr, "powers: %s: %s:%ld: ", current_cmd->name,
		    ctx->opts->file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
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
		warnx("%s: bad --delimiter '%s': comma, tab or semicolon",
		    current_cmd->name, arg);
		return -1;
	}
	return 0;
}

const struct opt sheet_opt_table[] = {
	OPT_BOOL("dry-run", 'n', "check and report, write nothing",
	    &sheet_opt_values.dry_run),
	OPT_STRING("encoding", 0, "E", "read as encoding E, an iconv name; "
	    "default found from the bytes", &sheet_opt_values.encoding),
	OPT_CALLBACK("delimiter", 0, "D", "comma, tab or semicolon; default "
	    "found from the header", NULL, opt_delimiter),
	OPT_BOOL("ignore-unknown", 0, "ignore the columns the command does "
	    "not know", &sheet_opt_values.ignore_unknown),
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
		sheet_error(ctx, csvin_errline(in), "%s", csvin_errmsg(in));
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
	[LOG_COL_TO] = { "to", "承接单位", 1 },
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
	snprintf(why, whysz, "the header has one column; the file seems to "
	    "use %s: give --delimiter %s", d[best].ch == '\t' ? "tabs" :
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

	if (ctx->opts->hash_as_read)
		ctx->in = csvin_open_hash_as_read(ctx->opts->file,
		    ctx->opts->encoding, ctx->opts->delimiter);
	else
		ctx->in = csvin_open(ctx->opts->file, ctx->opts->encoding,
		    ctx->opts->delimiter);
	if (ctx->in == NULL) {
		warnx("%s: out of memory", current_cmd->name);
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
			sheet_error(ctx, 0, "empty file");
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
				    "no column of this file is known");
		}
		ctx->title[ctx->ntitle++] = hdr.line;
	}
	if (found && csvin_map_header(&hdr, cols, ncol,
	    ctx->opts->ignore_unknown, ctx->index, why, sizeof(why)) == 0) {
		ctx->nheader = hdr.nfield;
		ctx->header_line = hdr.line;
		if (csvin_unnamed_columns(ctx->in, &hdr) != 0) {
			warnx("%s: out of memory", current_cmd->name);
			return EXIT_FAIL;
		}
		return -1;
	}
	/* A header of mojibake: say so, not that it is unknown. */
	if (csvin_check_encoding(ctx->in) != 0)
		return sheet_reader_failed(ctx);
	if (found) {
		if ((k = other_kind(&hdr, cols)) >= 0)
			sheet_error(ctx, hdr.line, "this looks like a %s file: "
			    "use `%s`", file_kinds[k].noun,
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
		printf("  skipped title line%s", ctx->ntitle == 1 ? "" : "s");
		for (i = 0; i < ctx->ntitle; i++)
			printf("%s%ld", i == 0 ? " " : ", ", ctx->title[i]);
		printf(" above the header\n");
	}
	if (ctx->in != NULL && (blank = csvin_blank_rows(ctx->in)) > 0)
		printf("  %ld empty row%s skipped\n", blank,
		    blank == 1 ? "" : "s");
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
		sheet_error(ctx, row->line, "%zu field%s where the header has %zu",
		    row->nfield, row->nfield == 1 ? "" : "s", ctx->nheader);
		return -1;
	}
	for (i = 0; i < ncol; i++) {
		if (cols[i].required && *sheet_field(ctx, row, (int)i) == '\0') {
			sheet_error(ctx, row->line, "empty %s (%s)", cols[i].en,
			    cols[i].zh);
			return -1;
		}
	}
	for (i = 0; i < ncol; i++) {
		if ((at = ctx->index[i]) < 0 || (size_t)at >= row->nfield)
			continue;
		f = row->field[at];
		rule = column_rule(&cols[i]);
		if (text_check(f, row->len[at], rule, &flaw) == 0 &&
		    (rule != TEXT_CODE ||
		    !text_excel_damage(f, excel, sizeof(excel))))
			continue;
		/* A bad row: the message is worth its cost now. */
		bad = 1;
		snprintf(what, sizeof(what), "%s (%s)", cols[i].en, cols[i].zh);
		if (text_refusal(what, f, row->len[at], rule, msg,
		    sizeof(msg)) != 0)
			sheet_error(ctx, row->line, "%s", msg);
		else
			sheet_error(ctx, row->line, "%s '%s' %s: format the %s "
			    "column as text (文本) and type the codes again",
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
 * Resolve a unit reference that must be of one of KINDS (a bit mask).
 * What names nothing gets the nearest names of those kinds; a name that
 * several units share, each of them with its code.
 */
const struct unit_info *
sheet_unit(struct sheet *ctx, long line, const char *what,
    const char *ref, unsigned kinds, const char *kinds_text)
{
	const struct unit_info *u;
	char near[1024] = "";
	int ambiguous;

	if ((u = refs_unit(&ctx->refs, ref, &ambiguous)) == NULL) {
		if (sheet_quiet(ctx))
			;
		else if (ambiguous)
			refs_units_named(&ctx->refs, ref, near, sizeof(near));
		else
			refs_suggest_unit(&ctx->refs, ref, kinds, near,
			    sizeof(near));
		if (ambiguous)
			sheet_error(ctx, line, "%s '%s' names several units: %s: "
			    "give the code", what, ref, near);
		else if (*near != '\0')
			sheet_error(ctx, line, "unknown %s '%s': did you mean %s?",
			    what, ref, near);
		else
			sheet_error(ctx, line, "unknown %s '%s': no unit has a "
			    "name or code near it; give the code or the exact "
			    "name of a unit of the registry", what, ref);
		return NULL;
	}
	if (!(kinds & (1u << u->kind))) {
		sheet_error(ctx, line, "%s '%s' is a %s, not %s", what, ref,
		    kind_name(u->kind), kinds_text);
		return NULL;
	}
	return u;
}

/* Report the errors counted; returns EXIT_INPUT. */
int
sheet_refuse(struct sheet *ctx)
{
	if (ctx->errors > SHEET_MAX_ERRORS)
		warnx("%s: %s: %ld more errors not shown", current_cmd->name,
		    ctx->opts->file, ctx->errors - SHEET_MAX_ERRORS);
	warnx("%s: %s: %ld error%s; nothing written", current_cmd->name,
	    ctx->opts->file, ctx->errors, ctx->errors == 1 ? "" : "s");
	return EXIT_INPUT;
}


static void	ahead_stop(struct sheet *);

void
sheet_close(struct sheet *ctx)
{
	ahead_stop(ctx);
	refs_free(&ctx->refs);
	csvin_close(ctx->in);
	ctx->in = NULL;
}

/* ---- Reading ahead ---- */

/*
 * Batches handed from the reading thread to the writing one: a few, so
 * that neither waits for the other, of at most AHEAD_ROWS rows and
 * AHEAD_TEXT bytes of fields (unless one row needs more), so that memory
 * does not grow with the file.
 */
#define AHEAD_BATCHES	3
#define AHEAD_ROWS	512
#define AHEAD_TEXT	(512 * 1024)

/*
 * A resolved field: in the batch's text (a field as read) or elsewhere
 * (the refs, a constant), which stays put.
 */
struct ahead_field {
	const char	*ptr;
	size_t		 off;
	int		 in_text;
};

struct ahead_slot {
	long			 line;
	long long		 offset;
	size_t			 first;		/* its fields: off[first...] */
	size_t			 nfield;
	size_t			 error;		/* row error in text, or SIZE_MAX */
	int			 ok, failed;
	struct ahead_field	 field[SHEET_MAX_COLUMNS];
	unsigned char		 hash[SHEET_HASH_LEN];
};

struct ahead_batch {
	char			*text;
	size_t			 used, cap;
	size_t			*off, *len;	/* each field's place in text */
	size_t			 nfields, fcap;
	struct ahead_slot	 slot[AHEAD_ROWS];
	size_t			 nslot;
	int			 full;		/* filled, not yet consumed */
	int			 last;		/* the reader's last batch */
	int			 end;		/* then: 0 at the end, -1 failed */
};

/* A row as read, over a batch's text: the field pointers it needs. */
struct ahead_view {
	char			**field;
	size_t			 cap;
};

struct sheet_ahead {
	struct sheet		*ctx;		/* the caller's: loud */
	struct sheet		 quiet;		/* the thread's copy: silent */
	sheet_check_fn		*check;
	void			*arg;
	int			 threaded;
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 changed;
	int			 stop;		/* the writer needs no more */
	int			 nomem;		/* the reader ran out of memory */
	struct ahead_batch	 batch[AHEAD_BATCHES];
	size_t			 w, r;		/* batches filled, consumed */
	size_t			 at;		/* next slot of batch r */
	int			 done;		/* the last batch was consumed */
	int			 end;		/* and how the reader ended */
	struct ahead_view	 rview, wview;	/* reader's, writer's */
};

/* Point V's fields at the text of SLOT in B, as a csvin row.  0 or -1. */
static int
view_row(struct ahead_view *v, const struct ahead_batch *b,
    const struct ahead_slot *slot, struct csvin_row *row)
{
	char **f;
	size_t i, cap;

	if (slot->nfield > v->cap) {
		for (cap = v->cap ? v->cap : 16; cap < slot->nfield;)
			cap *= 2;
		if ((f = realloc(v->field, cap * sizeof(*f))) == NULL)
			return -1;
		v->field = f;
		v->cap = cap;
	}
	for (i = 0; i < slot->nfield; i++)
		v->field[i] = b->text + b->off[slot->first + i];
	memset(row, 0, sizeof(*row));
	row->line = slot->line;
	row->nfield = slot->nfield;
	row->field = v->field;
	row->len = b->len + slot->first;
	row->error = slot->error == SIZE_MAX ? NULL : b->text + slot->error;
	return 0;
}

/*
 * Copy ROW into batch B and check it silently.  Returns 0, 1 when it does
 * not fit (B has rows: hand B over and put it in the next), or -1 when
 * out of memory.
 */
static int
put_row(struct sheet_ahead *a, struct ahead_batch *b,
    const struct csvin_row *row)
{
	struct ahead_slot *slot;
	struct sheet_row out;
	struct csvin_row view;
	size_t bytes = 0, i, cap, *p;
	char *t;

	for (i = 0; i < row->nfield; i++)
		bytes += row->len[i] + 1;
	if (row->error != NULL)
		bytes += strlen(row->error) + 1;
	if (b->used + bytes > b->cap) {
		if (b->nslot > 0)
			return 1;
		/* An empty batch: nothing points into its text yet. */
		cap = bytes > AHEAD_TEXT ? bytes : AHEAD_TEXT;
		if ((t = realloc(b->text, cap)) == NULL)
			return -1;
		b->text = t;
		b->cap = cap;
	}
	if (b->nfields + row->nfield > b->fcap) {
		for (cap = b->fcap ? b->fcap : 1024;
		    cap < b->nfields + row->nfield;)
			cap *= 2;
		if ((p = realloc(b->off, cap * sizeof(*p))) == NULL)
			return -1;
		b->off = p;
		if ((p = realloc(b->len, cap * sizeof(*p))) == NULL)
			return -1;
		b->len = p;
		b->fcap = cap;
	}
	slot = &b->slot[b->nslot];
	memset(slot, 0, sizeof(*slot));
	slot->line = row->line;
	slot->offset = csvin_offset(a->quiet.in);
	slot->first = b->nfields;
	slot->nfield = row->nfield;
	for (i = 0; i < row->nfield; i++) {
		memcpy(b->text + b->used, row->field[i], row->len[i] + 1);
		b->off[b->nfields] = b->used;
		b->len[b->nfields++] = row->len[i];
		b->used += row->len[i] + 1;
	}
	slot->error = SIZE_MAX;
	if (row->error != NULL) {
		slot->error = b->used;
		memcpy(b->text + b->used, row->error, strlen(row->error) + 1);
		b->used += strlen(row->error) + 1;
	}
	if (view_row(&a->rview, b, slot, &view) != 0)
		return -1;
	memset(&out, 0, sizeof(out));
	slot->ok = a->check(&a->quiet, &view, &out, a->arg) == 0;
	if (slot->ok) {
		slot->failed = out.failed;
		memcpy(slot->hash, out.hash, sizeof(slot->hash));
		for (i = 0; i < SHEET_MAX_COLUMNS; i++) {
			const char *f = out.field[i];

			slot->field[i].in_text = f != NULL && f >= b->text &&
			    f < b->text + b->cap;
			if (slot->field[i].in_text)
				slot->field[i].off = (size_t)(f - b->text);
			else
				slot->field[i].ptr = f;
		}
	}
	b->nslot++;
	return 0;
}

/* The reading thread: fills the batches in turn until the end. */
static void *
reader(void *arg)
{
	struct sheet_ahead *a = arg;
	struct ahead_batch *b;
	struct csvin_row row;
	int got = 1, pending = 0, rc;

	for (;;) {
		b = &a->batch[a->w % AHEAD_BATCHES];
		pthread_mutex_lock(&a->lock);
		while (b->full && !a->stop)
			pthread_cond_wait(&a->changed, &a->lock);
		rc = a->stop;
		pthread_mutex_unlock(&a->lock);
		if (rc)
			return NULL;
		b->used = b->nfields = b->nslot = 0;
		b->last = 0;
		while (b->nslot < AHEAD_ROWS) {
			/* A row the last batch had no room for comes first. */
			if (!pending && (got = csvin_next(a->quiet.in, &row)) != 1)
				break;
			pending = 0;
			if ((rc = put_row(a, b, &row)) == 1) {
				pending = 1;
				break;
			}
			if (rc == -1) {
				a->nomem = 1;
				got = -1;
				break;
			}
		}
		if (got != 1) {
			b->last = 1;
			b->end = got < 0 ? -1 : 0;
		}
		pthread_mutex_lock(&a->lock);
		b->full = 1;
		a->w++;
		pthread_cond_broadcast(&a->changed);
		pthread_mutex_unlock(&a->lock);
		if (b->last)
			return NULL;
	}
}

int
sheet_ahead_start(struct sheet *ctx, sheet_check_fn *check, void *arg,
    long long min_bytes)
{
	struct sheet_ahead *a;

	if ((a = calloc(1, sizeof(*a))) == NULL) {
		warnx("%s: out of memory", current_cmd->name);
		return EXIT_FAIL;
	}
	a->ctx = ctx;
	a->check = check;
	a->arg = arg;
	ctx->ahead = a;
	if (csvin_size(ctx->in) < min_bytes)
		return -1;
	a->quiet = *ctx;
	a->quiet.silent = 1;
	a->quiet.ahead = NULL;
	if (pthread_mutex_init(&a->lock, NULL) != 0)
		return -1;
	if (pthread_cond_init(&a->changed, NULL) != 0) {
		pthread_mutex_destroy(&a->lock);
		return -1;
	}
	/* No thread to be had: read in line. */
	if (pthread_create(&a->thread, NULL, reader, a) != 0) {
		pthread_cond_destroy(&a->changed);
		pthread_mutex_destroy(&a->lock);
		return -1;
	}
	a->threaded = 1;
	return -1;
}

/* Stop the thread, if any, and free what reading ahead holds. */
static void
ahead_stop(struct sheet *ctx)
{
	struct sheet_ahead *a = ctx->ahead;
	size_t i;

	if (a == NULL)
		return;
	if (a->threaded) {
		pthread_mutex_lock(&a->lock);
		a->stop = 1;
		pthread_cond_broadcast(&a->changed);
		pthread_mutex_unlock(&a->lock);
		pthread_join(a->thread, NULL);
		pthread_cond_destroy(&a->changed);
		pthread_mutex_destroy(&a->lock);
	}
	for (i = 0; i < AHEAD_BATCHES; i++) {
		free(a->batch[i].text);
		free(a->batch[i].off);
		free(a->batch[i].len);
	}
	free(a->rview.field);
	free(a->wview.field);
	free(a);
	ctx->ahead = NULL;
}

/* The next good row, read in line. */
static int
next_in_line(struct sheet *ctx, struct sheet_row *out)
{
	struct sheet_ahead *a = ctx->ahead;
	struct csvin_row row;
	int got;

	while ((got = csvin_next(ctx->in, &row)) == 1) {
		memset(out, 0, sizeof(*out));
		if (a->check(ctx, &row, out, a->arg) != 0)
			continue;
		out->line = row.line;
		out->offset = csvin_offset(ctx->in);
		return 1;
	}
	return got;
}

int
sheet_ahead_next(struct sheet *ctx, struct sheet_row *out)
{
	struct sheet_ahead *a = ctx->ahead;
	struct ahead_batch *b;
	struct ahead_slot *slot;
	struct csvin_row view;
	size_t i;

	if (!a->threaded)
		return next_in_line(ctx, out);
	for (;;) {
		if (a->done)
			return a->end;
		b = &a->batch[a->r % AHEAD_BATCHES];
		if (a->at == 0) {
			pthread_mutex_lock(&a->lock);
			while (!b->full)
				pthread_cond_wait(&a->changed, &a->lock);
			pthread_mutex_unlock(&a->lock);
		}
		if (a->at < b->nslot) {
			slot = &b->slot[a->at++];
			memset(out, 0, sizeof(*out));
			out->line = slot->line;
			out->offset = slot->offset;
			if (!slot->ok) {
				/* Bad: check it again, aloud, in its turn. */
				if (view_row(&a->wview, b, slot, &view) != 0) {
					a->nomem = 1;
					a->done = 1;
					a->end = -1;
					continue;
				}
				if (a->check(ctx, &view, out, a->arg) != 0)
					continue;
				return 1;
			}
			out->failed = slot->failed;
			memcpy(out->hash, slot->hash, sizeof(out->hash));
			for (i = 0; i < SHEET_MAX_COLUMNS; i++)
				out->field[i] = slot->field[i].in_text ?
				    b->text + slot->field[i].off :
				    slot->field[i].ptr;
			return 1;
		}
		if (b->last) {
			a->done = 1;
			a->end = b->end;
			continue;
		}
		/* Batch done: the reader may fill it again. */
		pthread_mutex_lock(&a->lock);
		b->full = 0;
		a->r++;
		a->at = 0;
		pthread_cond_broadcast(&a->changed);
		pthread_mutex_unlock(&a->lock);
	}
}

int
sheet_ahead_failed(struct sheet *ctx)
{
	struct sheet_ahead *a = ctx->ahead;
	int nomem = a != NULL && a->nomem;

	/* The reader has stopped: csvin is the caller's again. */
	ahead_stop(ctx);
	if (nomem) {
		warnx("%s: out of memory", current_cmd->name);
		return EXIT_FAIL;
	}
	return sheet_reader_failed(ctx);
}
