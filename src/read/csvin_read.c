/*
 * The spreadsheet reader's second pass: the decoded text fed to libcsv a
 * physical line at a time, and its fields copied out into records (see
 * csvin_internal.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "csvin_internal.h"
#include "grow.h"
#include "text.h"

/*
 * Bounds on one record, so that a missing closing quote (which makes the
 * rest of the file one field) cannot make memory grow with the file.  A
 * cell holds at most CSVIN_FIELD_MAX characters of at most 4 bytes, far
 * below a field of 1 MiB; Excel has 16384 columns.
 */
#define FIELD_BYTES_MAX		(1024 * 1024)
#define RECORD_BYTES_MAX	(4 * 1024 * 1024)
#define RECORD_FIELDS_MAX	16384

/* Where libcsv is, as far as this reader needs to know. */
enum parser_at {
	AT_BETWEEN,	/* between records */
	AT_FIELD,	/* in a field, unquoted or quoted */
	AT_OTHER	/* at the start of a field, or after a quote in a
			   quoted one */
};

/*
 * What libcsv is in the middle of: where (see enum parser_at), and the
 * bytes of the field being read and whether it is quoted (either may be
 * NULL).
 *
 * The one place that reads struct csv_parser's fields, which <csv.h>
 * shows but does not document, because libcsv's public API cannot say
 * any of it: csv_error() gives CSV_EPARSE alike for its two strict
 * complaints (a quote inside an unquoted field, which feed() forgives,
 * and text after a closing quote, which it refuses), and the byte it
 * stops at does not tell them apart ("abc" " stops at a quote too); the
 * callbacks tell a record's end but not its start (the line a record
 * starts on); and csv_get_buffer_size() is the capacity of a buffer that
 * never shrinks, not the length of the field being read (the bound that
 * keeps a missing closing quote from reading the whole file into one
 * field).  Knowing these from outside would take a second CSV parser
 * beside libcsv, to agree with it.  The numbers of the states are
 * libcsv.c's (ROW_NOT_BEGUN 0, FIELD_NOT_BEGUN 1, FIELD_BEGUN 2,
 * FIELD_MIGHT_HAVE_ENDED 3); the tests of both strict complaints
 * (check_csvin.c, tests/bad2) fail should a libcsv renumber them.
 */
static enum parser_at
parser_state(const struct csv_parser *p, size_t *field_len, int *quoted)
{
	if (field_len != NULL)
		*field_len = p->entry_pos;
	if (quoted != NULL)
		*quoted = p->quoted;
	switch (p->pstate) {
	case 0:
		return AT_BETWEEN;
	case 2:
		return AT_FIELD;
	default:
		return AT_OTHER;
	}
}

/* Characters (code points) in LEN bytes of UTF-8: the non-continuation bytes. */
static size_t
utf8_chars(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * libcsv's end-of-field callback: copy the field, trimmed, into the record
 * being built (DATA is libcsv's buffer, valid only during the call).
 */
static void
field_cb(void *data, size_t len, void *arg)
{
	struct csvin *c = arg;

	if (c->err != CSVIN_OK)
		return;
	(void)csvin_add_field(c, data == NULL ? "" : data,
	    data == NULL ? 0 : len);
}

/*
 * Append a field, trimmed, to the record being built: for libcsv's
 * fields and the cells of a workbook (xlsxin_sheet.c) alike.  0, or -1
 * with the error kept.
 */
int
csvin_add_field(struct csvin *c, const char *s, size_t len)
{
	size_t cap;

	text_trim(&s, &len);
	if (c->nfield == RECORD_FIELDS_MAX) {
		csvin_fail(c, CSVIN_EINPUT, c->rec_line, _("record over %d fields"),
		    RECORD_FIELDS_MAX);
		return -1;
	}
	if (len >= RECORD_BYTES_MAX - c->rlen) {
		csvin_fail(c, CSVIN_EINPUT, c->rec_line, _("record over %d MiB"),
		    RECORD_BYTES_MAX / (1024 * 1024));
		return -1;
	}
	if (grow_array(&c->rbuf, &c->rcap, c->rlen + len + 1, 1, 1024) == -1) {
		csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
		return -1;
	}
	if (c->nfield == c->fcap) {
		/* Three arrays of one capacity. */
		cap = grow_cap(c->fcap, c->nfield + 1, 32);
		if (grow_resize(&c->roff, cap, sizeof(*c->roff)) == -1 ||
		    grow_resize(&c->rlens, cap, sizeof(*c->rlens)) == -1 ||
		    grow_resize(&c->rfield, cap, sizeof(*c->rfield)) == -1) {
			csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
			return -1;
		}
		c->fcap = cap;
	}
	memcpy(c->rbuf + c->rlen, s, len);
	c->rbuf[c->rlen + len] = '\0';
	c->roff[c->nfield] = c->rlen;
	c->rlens[c->nfield] = len;
	c->rlen += len + 1;
	c->nfield++;
	/* Bytes bound characters: count only when it may matter. */
	if (c->rowerr[0] == '\0' && len > CSVIN_FIELD_MAX &&
	    utf8_chars(s, len) > CSVIN_FIELD_MAX)
		snprintf(c->rowerr, sizeof(c->rowerr),
		    _("field %zu over %d characters"), c->nfield,
		    CSVIN_FIELD_MAX);
	return 0;
}

/* libcsv's end-of-record callback. */
static void
record_cb(int ch, void *arg)
{
	struct csvin *c = arg;

	(void)ch;
	c->row_done = 1;
}

/*
 * Feed N bytes of decoded text, part of one physical line, to libcsv.
 * Returns 0, or -1 with the error kept in C.
 */
static int
feed(struct csvin *c, const char *s, size_t n)
{
	size_t done, flen;
	int quoted;

	/* Found by csvin_detect() unless the file changed since. */
	if (memchr(s, '\0', n) != NULL)
		return csvin_fail(c, CSVIN_EINPUT, c->line, _("NUL byte"));
	while (n > 0) {
		done = csv_parse(&c->parser, s, n, field_cb, record_cb, c);
		if (c->err != CSVIN_OK)
			return -1;
		if (done == n)
			break;
		if (csv_error(&c->parser) != CSV_EPARSE)
			return csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(ENOMEM));
		if (parser_state(&c->parser, NULL, NULL) != AT_FIELD)
			return csvin_fail(c, CSVIN_EINPUT, c->line,
			    _("text after a closing quote"));
		/*
		 * A quote inside an unquoted field: keep it as text, as
		 * libcsv does when not strict, and go on strictly.
		 */
		csv_set_opts(&c->parser, CSV_OPTS & ~CSV_STRICT);
		if (csv_parse(&c->parser, s + done, 1, field_cb, record_cb,
		    c) != 1)
			return csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(ENOMEM));
		csv_set_opts(&c->parser, CSV_OPTS);
		done++;
		s += done;
		n -= done;
	}
	(void)parser_state(&c->parser, &flen, &quoted);
	if (flen > FIELD_BYTES_MAX) {
		if (quoted)
			return csvin_fail(c, CSVIN_EINPUT, c->rec_line,
			    _("unterminated quote (a field over %d MiB)"),
			    FIELD_BYTES_MAX / (1024 * 1024));
		return csvin_fail(c, CSVIN_EINPUT, c->line, _("field over %d MiB"),
		    FIELD_BYTES_MAX / (1024 * 1024));
	}
	return 0;
}

/* The first CR or LF in [P, END), or END. */
static const char *
line_end(const char *p, const char *end)
{
	const char *lf, *cr;

	/* memchr is vectorised; a byte loop here cost a tenth of a row. */
	lf = memchr(p, '\n', (size_t)(end - p));
	cr = memchr(p, '\r', (size_t)((lf ? lf : end) - p));
	return cr ? cr : lf ? lf : end;
}

/*
 * Feed libcsv the rest of the current physical line, or as much of it as
 * the decoded text holds.  Returns 0, or -1 with the error kept in C.
 */
static int
feed_line(struct csvin *c)
{
	const char *p = c->text + c->textpos, *end = c->text + c->textlen;
	const char *e;
	size_t n;

	if (c->pending_cr) {
		c->pending_cr = 0;
		if (*p == '\n') {
			/* The LF of a CRLF cut by the end of the text. */
			c->textpos++;
			return feed(c, p, 1);
		}
	}
	if (c->at_line_start) {
		c->at_line_start = 0;
		c->line++;
		if (parser_state(&c->parser, NULL, NULL) == AT_BETWEEN)
			c->rec_line = c->line;
	}
	e = line_end(p, end);
	if (e < end) {
		c->at_line_start = 1;
		if (*e == '\r' && e + 1 == end)
			c->pending_cr = 1;
		else if (*e == '\r' && e[1] == '\n')
			e++;
		e++;
	}
	n = e - p;
	c->textpos += n;
	return feed(c, p, n);
}

/*
 * Read and decode the next block.  Returns 0, or -1 with the error kept
 * in C.
 */
static int
refill(struct csvin *c)
{
	size_t n;

	n = fread(c->raw, 1, BLOCK, c->fp);
	if (n < BLOCK) {
		if (ferror(c->fp))
			return csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
		c->eof = 1;
	}
	c->offset += n;
	if (c->eof && c->offset != c->size)
		return csvin_fail(c, CSVIN_EIO, 0, _("the file changed while read"));
	if (c->md != NULL) {
		if (EVP_DigestUpdate(c->md, c->raw, n) != 1 ||
		    (c->eof && csvin_keep_digest(c, c->md) != 0))
			return csvin_fail(c, CSVIN_EIO, 0, _("cannot compute SHA-256"));
		if (c->eof) {
			EVP_MD_CTX_free(c->md);
			c->md = NULL;
		}
	}
	csvin_u8_feed(c, c->raw, n, c->eof);
	c->textpos = 0;
	if (decode_block(c->dec, c->raw, n, c->eof, &c->text,
	    &c->textlen) == -1) {
		if (errno != EILSEQ)
			return csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
		/* Hand out the text before the bad byte first. */
		c->decerr = 1;
		c->eof = 1;
	}
	if (!c->started && c->textlen > 0) {
		c->started = 1;
		if (c->textlen >= 3 && memcmp(c->text, "\xef\xbb\xbf", 3) == 0)
			c->textpos = 3;
	}
	return 0;
}

void
csvin_row_reset(struct csvin *c)
{
	c->rlen = 0;
	c->nfield = 0;
	c->rowerr[0] = '\0';
	c->row_done = 0;
}

int
csvin_unnamed_columns(struct csvin *c, const struct csvin_row *hdr)
{
	size_t i, n = 0;

	free(c->unnamed);
	free(c->unnamed_said);
	c->nunnamed = 0;
	c->unnamed = malloc((hdr->nfield ? hdr->nfield : 1) *
	    sizeof(*c->unnamed));
	c->unnamed_said = calloc(hdr->nfield ? hdr->nfield : 1, 1);
	if (c->unnamed == NULL || c->unnamed_said == NULL)
		return -1;
	for (i = 0; i < hdr->nfield; i++)
		if (hdr->len[i] == 0)
			c->unnamed[n++] = i;
	c->nunnamed = n;
	c->width = hdr->nfield;
	return 0;
}

/*
 * The first text in a column of the header with no name, the first time
 * for that column, into the record's error (unless it has one).
 */
static void
check_unnamed(struct csvin *c)
{
	const char *v;
	size_t i, at, len;

	for (i = 0; i < c->nunnamed && c->rowerr[0] == '\0'; i++) {
		at = c->unnamed[i];
		if (at >= c->nfield || c->rlens[at] == 0 || c->unnamed_said[i])
			continue;
		c->unnamed_said[i] = 1;
		v = c->rbuf + c->roff[at];
		/* At most 40 bytes of it, cut where a character starts. */
		for (len = c->rlens[at] < 40 ? c->rlens[at] : 40;
		    len < c->rlens[at] && ((unsigned char)v[len] & 0xc0) ==
		    0x80; len--)
			;
		snprintf(c->rowerr, sizeof(c->rowerr), _("column %zu has no "
		    "name in the header but holds '%.*s%s': name the column, "
		    "or delete it"), at + 1, (int)len, v,
		    len < c->rlens[at] ? "..." : "");
	}
}

/* Whether the record built holds only empty fields. */
static int
all_empty(const struct csvin *c)
{
	size_t i;

	for (i = 0; i < c->nfield; i++)
		if (c->rlens[i] != 0)
			return 0;
	return 1;
}

/*
 * The record built, ended, into ROW: 1, or 0 when it is a blank line or
 * an empty row, skipped (the record reset).
 */
int
csvin_hand_out(struct csvin *c, struct csvin_row *row)
{
	size_t i;

	/* A line of white space is a blank line. */
	if (c->nfield == 1 && c->rlens[0] == 0) {
		csvin_row_reset(c);
		return 0;
	}
	/* Excel's empty row: counted. */
	if (all_empty(c)) {
		c->nblank++;
		csvin_row_reset(c);
		return 0;
	}
	check_unnamed(c);
	for (i = 0; i < c->nfield; i++)
		c->rfield[i] = c->rbuf + c->roff[i];
	row->line = c->rec_line;
	row->nfield = c->nfield;
	row->field = c->rfield;
	row->len = c->rlens;
	row->error = c->rowerr[0] != '\0' ? c->rowerr : NULL;
	row->numeric = NULL;
	c->nrec++;
	return 1;
}

/* csvin_next() for text, but for the verdict on a failure. */
static int
next_text(struct csvin *c, struct csvin_row *row)
{
	if (c->done)
		return 0;
	csvin_row_reset(c);
	for (;;) {
		if (c->row_done) {
			if (csvin_hand_out(c, row))
				return 1;
			continue;
		}
		if (c->textpos < c->textlen) {
			if (feed_line(c) == -1)
				return -1;
			continue;
		}
		if (c->decerr)
			return csvin_invalid_bytes(c, c->encoding, c->line +
			    (c->at_line_start ? 1 : 0));
		if (!c->eof) {
			if (refill(c) == -1)
				return -1;
			continue;
		}
		if (!c->finished) {
			/* The last record, if the file does not end a line. */
			c->finished = 1;
			if (csv_fini(&c->parser, field_cb, record_cb, c) != 0)
				return csvin_fail(c, CSVIN_EINPUT, c->rec_line,
				    _("unterminated quote"));
			if (c->err != CSVIN_OK)
				return -1;
			continue;
		}
		if (c->nrec == 0)
			return csvin_fail(c, CSVIN_EINPUT, 0, _("empty file"));
		/* Before the caller may take the file as read. */
		if (csvin_u8_verdict(c) == -1)
			return -1;
		c->done = 1;
		return 0;
	}
}

int
csvin_next(struct csvin *c, struct csvin_row *row)
{
	int rv;

	if (c->x != NULL)
		return xlsxin_next(c, row);
	if (c->err != CSVIN_OK)
		return -1;
	if ((rv = next_text(c, row)) == -1)
		csvin_late_verdict(c);
	return rv;
}
