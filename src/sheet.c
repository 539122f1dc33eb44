/*
 * Reading a clerk's sheet for the importing commands: see sheet.h.
 */
#include <err.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sheet.h"

void
sheet_error(struct sheet *ctx, long line, const char *fmt, ...)
{
	va_list ap;

	if (++ctx->errors > SHEET_MAX_ERRORS)
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
int
sheet_options(int argc, char **argv, struct sheet_opts *o)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "ignore-unknown", no_argument, NULL, 'i' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	memset(o, 0, sizeof(*o));
	while ((ch = getopt_long(argc, argv, "nqh", opts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			o->dry_run = 1;
			break;
		case 'e':
			o->encoding = optarg;
			break;
		case 'd':
			if ((o->delimiter = sheet_parse_delimiter(optarg)) < 0) {
				warnx("%s: bad --delimiter '%s': comma, tab or "
				    "semicolon", current_cmd->name, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'i':
			o->ignore_unknown = 1;
			break;
		case 'q':
			globals.quiet = 1;
			break;
		default:
			return cmd_usage(current_cmd, ch == 'h');
		}
	}
	if (optind != argc - 1)
		return cmd_usage(current_cmd, 0);
	o->file = argv[optind];
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
 * Open the file and map its header onto COLS.  Returns -1 to go on, else
 * the exit status.
 */
int
sheet_open(struct sheet *ctx, const struct csvin_col *cols, size_t ncol)
{
	struct csvin_row hdr;
	char why[256];
	int rc;

	ctx->in = csvin_open(ctx->opts->file, ctx->opts->encoding,
	    ctx->opts->delimiter);
	if (ctx->in == NULL) {
		warnx("%s: out of memory", current_cmd->name);
		return EXIT_FAIL;
	}
	if (csvin_error(ctx->in) != CSVIN_OK)
		return sheet_reader_failed(ctx);
	if ((rc = csvin_next(ctx->in, &hdr)) < 0)
		return sheet_reader_failed(ctx);
	if (rc == 0) {
		sheet_error(ctx, 0, "empty file");
		return sheet_refuse(ctx);
	}
	if (csvin_map_header(&hdr, cols, ncol, ctx->opts->ignore_unknown,
	    ctx->index, why, sizeof(why)) != 0) {
		sheet_error(ctx, hdr.line, "%s", why);
		return sheet_refuse(ctx);
	}
	ctx->nheader = hdr.nfield;
	return -1;
}

/* Column I of ROW, or "" when the file has no such column. */
const char *
sheet_field(const struct sheet *ctx, const struct csvin_row *row, int i)
{
	int at = ctx->index[i];

	return at >= 0 && (size_t)at < row->nfield ? row->field[at] : "";
}

/*
 * Check what every row needs: the reader's verdict, the number of fields,
 * the required ones not empty, and a code without control characters.
 * Returns 0 when the row may go on to the rest of the checks.
 */
int
sheet_check_shape(struct sheet *ctx, const struct csvin_row *row,
    const struct csvin_col *cols, size_t ncol)
{
	const unsigned char *p;
	size_t i;

	if (row->error != NULL) {
		sheet_error(ctx, row->line, "%s", row->error);
		return -1;
	}
	if (row->nfield != ctx->nheader) {
		sheet_error(ctx, row->line, "%zu fields where the header has %zu",
		    row->nfield, ctx->nheader);
		return -1;
	}
	for (i = 0; i < ncol; i++) {
		if (cols[i].required && *sheet_field(ctx, row, (int)i) == '\0') {
			sheet_error(ctx, row->line, "empty %s (%s)", cols[i].en,
			    cols[i].zh);
			return -1;
		}
	}
	for (p = (const unsigned char *)sheet_field(ctx, row, 0); *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			sheet_error(ctx, row->line, "code '%s' holds a control "
			    "character", sheet_field(ctx, row, 0));
			return -1;
		}
	}
	return 0;
}

/* Resolve a unit reference that must be of one of KINDS (a bit mask). */
const struct unit_info *
sheet_unit(struct sheet *ctx, long line, const char *what,
    const char *ref, unsigned kinds, const char *kinds_text)
{
	const struct unit_info *u;
	int ambiguous;

	if ((u = refs_unit(&ctx->refs, ref, &ambiguous)) == NULL) {
		sheet_error(ctx, line, ambiguous ? "%s '%s' names several units: "
		    "give its code" : "unknown %s '%s'", what, ref);
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


void
sheet_close(struct sheet *ctx)
{
	refs_free(&ctx->refs);
	csvin_close(ctx->in);
	ctx->in = NULL;
}
