/*
 * The spreadsheet reader: opening a file or standard input, closing, and
 * what it tells of the file.  See csvin.h; the design and the map of the
 * csvin*.c files are in csvin_internal.h.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "csvin_internal.h"
#include "i18n.h"
#include "scratch.h"

/*
 * Keep the first fatal error.  Returns -1, for the callers' convenience.
 */
int
csvin_fail(struct csvin *c, enum csvin_err kind, long line, const char *fmt,
    ...)
{
	va_list ap;

	if (c->err != CSVIN_OK)
		return -1;
	c->err = kind;
	c->errline = line;
	va_start(ap, fmt);
	vsnprintf(c->errmsg, sizeof(c->errmsg), fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * Whether ENCODING is one of Unicode's: UTF-8, UTF-16, UTF-32, UCS-2 ...
 * in any spelling iconv takes (case, '-', '_').  The others read the
 * bytes of a UTF-8 file without an error, as mojibake.
 */
static int
unicode_encoding(const char *encoding)
{
	char name[16];
	size_t n = 0;

	for (; *encoding != '\0' && n < sizeof(name) - 1; encoding++)
		if (*encoding != '-' && *encoding != '_')
			name[n++] = (char)toupper((unsigned char)*encoding);
	name[n] = '\0';
	return strncmp(name, "UTF", 3) == 0 || strncmp(name, "UCS", 3) == 0 ||
	    strncmp(name, "UNICODE", 7) == 0;
}

/* What a file that is not a regular file is, for the message. */
static const char *
file_type(mode_t mode)
{
	if (S_ISDIR(mode))
		return "folder";
	if (S_ISCHR(mode))
		return "character device";
	if (S_ISBLK(mode))
		return "block device";
	if (S_ISFIFO(mode))
		return "FIFO";
	if (S_ISSOCK(mode))
		return "socket";
	return "special file";
}

/* The most standard input may hold: it is spooled to a temporary file. */
#define SPOOL_MAX	(2LL << 30)

/* Refuse the input, the reason kept in C; returns NULL. */
static FILE *
fail_null(struct csvin *c, const char *why)
{
	csvin_fail(c, CSVIN_EINPUT, 0, "%s", why);
	return NULL;
}

/*
 * Standard input, copied to a temporary file in $TMPDIR (or /tmp) that is
 * unlinked at once: both passes read it, detection and hashing as for a
 * file, and its size is known.  Returns the stream at its start, or NULL
 * with the error kept in C.
 */
static FILE *
spool_stdin(struct csvin *c)
{
	const char *dir;
	long long total = 0;
	FILE *fp;
	size_t n;
	int fd, nul_ok = 0;

	if ((fd = scratch_open("stdin", &dir)) == -1) {
		if (errno == ENAMETOOLONG)
			csvin_fail(c, CSVIN_EIO, 0, _("$TMPDIR is too long"));
		else
			csvin_fail(c, CSVIN_EIO, 0, _("cannot spool standard "
			    "input in %s: %s"), dir, strerror(errno));
		return NULL;
	}
	if ((fp = fdopen(fd, "w+b")) == NULL) {
		csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
		close(fd);
		return NULL;
	}
	/*
	 * Refused as it comes, not once it has filled the disk: a NUL byte
	 * where text can hold none (the reader would refuse it too), or
	 * more than SPOOL_MAX bytes (/dev/zero, 'yes').
	 */
	while ((n = fread(c->raw, 1, BLOCK, stdin)) > 0) {
		/* Text of two bytes a character, or a workbook (a zip). */
		if (total == 0)
			nul_ok = n >= 2 && (memcmp(c->raw, "\xff\xfe", 2) == 0 ||
			    memcmp(c->raw, "\xfe\xff", 2) == 0 ||
			    (n >= 4 && memcmp(c->raw, "PK\3\4", 4) == 0));
		if (!nul_ok && (c->forced == NULL || !unicode_encoding(c->forced) ||
		    strncasecmp(c->forced, "utf-8", 5) == 0 ||
		    strcasecmp(c->forced, "utf8") == 0) &&
		    memchr(c->raw, '\0', n) != NULL) {
			fclose(fp);
			return fail_null(c, _("standard input holds a NUL byte: it "
			    "is no text file (UTF-16 without a byte order mark? "
			    "give the encoding)"));
		}
		if ((total += n) > SPOOL_MAX) {
			fclose(fp);
			return fail_null(c, _("standard input is over 2 GiB: give "
			    "the file's name instead of '-'"));
		}
		if (fwrite(c->raw, 1, n, fp) != n)
			break;
	}
	if (ferror(stdin) || ferror(fp) || fflush(fp) != 0 ||
	    fseek(fp, 0, SEEK_SET) == -1) {
		csvin_fail(c, CSVIN_EIO, 0, _("cannot spool standard input in %s: %s"),
		    dir, strerror(errno));
		fclose(fp);
		return NULL;
	}
	return fp;
}

/*
 * Open PATH for reading: a regular file, or a symbolic link to one; '-'
 * is standard input, spooled.  A device, FIFO, socket or folder is
 * refused before it is opened (a FIFO would wait for a writer, /dev/zero
 * never ends), and checked again once open, O_NONBLOCK, in case it was
 * swapped in between.  Returns the stream, or NULL with the error kept
 * in C.
 */
static FILE *
open_input(struct csvin *c, const char *path)
{
	struct stat sb;
	FILE *fp;
	int fd, flags;

	if (strcmp(path, "-") == 0)
		return spool_stdin(c);
	if (stat(path, &sb) == -1) {
		csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
		return NULL;
	}
	if (!S_ISREG(sb.st_mode))
		goto special;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) ==
	    -1) {
		csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    (flags = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1) {
		close(fd);
		if (!S_ISREG(sb.st_mode))
			goto special;
		csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
		return NULL;
	}
	if ((fp = fdopen(fd, "rb")) == NULL) {
		csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
		close(fd);
	}
	return fp;
special:
	csvin_fail(c, CSVIN_EINPUT, 0, _("is a %s, not a regular file"),
	    file_type(sb.st_mode));
	return NULL;
}

struct csvin *
csvin_open_sheet(const char *path, const char *encoding, int delimiter,
    int hash_as_read, const char *sheet)
{
	struct csvin *c;
	int zip;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	if ((c->raw = malloc(BLOCK)) == NULL) {
		free(c);
		return NULL;
	}
	if (encoding != NULL && *encoding == '\0')
		encoding = NULL;
	if (encoding != NULL && strlen(encoding) >= sizeof(c->encoding)) {
		csvin_fail(c, CSVIN_EARG, 0, _("unknown encoding '%s'"), encoding);
		return c;
	}
	if (encoding != NULL) {
		c->forced = encoding;
		if ((c->gb_forced = !unicode_encoding(encoding)) &&
		    (c->u8 = decode_open("UTF-8")) == NULL) {
			csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
			return c;
		}
	}
	if (delimiter != 0 && csvin_delim_index((unsigned char)delimiter) < 0) {
		csvin_fail(c, CSVIN_EARG, 0,
		    _("the delimiter must be comma, tab or semicolon"));
		return c;
	}
	if ((c->fp = open_input(c, path)) == NULL)
		return c;
	if ((zip = xlsxin_sniff(c)) == -1)
		return c;
	if (zip && (encoding != NULL || delimiter != 0)) {
		csvin_fail(c, CSVIN_EARG, 0, _("--%s is for CSV files, and '%s' "
		    "is an .xlsx workbook"), encoding != NULL ? "encoding" :
		    "delimiter", path);
		return c;
	}
	if (!zip && sheet != NULL) {
		csvin_fail(c, CSVIN_EARG, 0, _("--sheet is for .xlsx workbooks, "
		    "and '%s' is not one"), path);
		return c;
	}
	if (zip) {
		(void)xlsxin_open(c, sheet);
		return c;
	}
	if (csvin_detect(c, encoding, delimiter, hash_as_read) == -1)
		return c;
	if (fseek(c->fp, 0, SEEK_SET) == -1) {
		csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
		return c;
	}
	if (csv_init(&c->parser, CSV_OPTS) != 0) {
		csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(ENOMEM));
		return c;
	}
	c->parser_init = 1;
	/*
	 * Name the allocator libcsv uses, so that a test binary wrapping
	 * realloc() and free() (tests/fault) reaches libcsv's buffers too.
	 */
	csv_set_realloc_func(&c->parser, realloc);
	csv_set_free_func(&c->parser, free);
	csv_set_delim(&c->parser, (unsigned char)c->delim);
	/* libcsv grows its field buffer by this much at a time. */
	csv_set_blk_size(&c->parser, 4096);
	c->at_line_start = 1;
	return c;
}

struct csvin *
csvin_open(const char *path, const char *encoding, int delimiter)
{
	return csvin_open_sheet(path, encoding, delimiter, 0, NULL);
}

struct csvin *
csvin_open_hash_as_read(const char *path, const char *encoding,
    int delimiter)
{
	return csvin_open_sheet(path, encoding, delimiter, 1, NULL);
}

void
csvin_close(struct csvin *c)
{
	if (c == NULL)
		return;
	if (c->parser_init)
		csv_free(&c->parser);
	xlsxin_close(c->x);
	decode_close(c->dec);
	decode_close(c->u8);
	EVP_MD_CTX_free(c->md);
	if (c->fp != NULL)
		fclose(c->fp);
	free(c->unnamed);
	free(c->unnamed_said);
	free(c->rfield);
	free(c->rlens);
	free(c->roff);
	free(c->rbuf);
	free(c->raw);
	free(c);
}

long
csvin_blank_rows(const struct csvin *c)
{
	return c->nblank;
}

enum csvin_err
csvin_error(const struct csvin *c)
{
	return c->err;
}

const char *
csvin_errmsg(const struct csvin *c)
{
	return c->errmsg;
}

long
csvin_errline(const struct csvin *c)
{
	return c->errline;
}

long
csvin_errcol(const struct csvin *c)
{
	return c->errcol;
}

const char *
csvin_sheet(const struct csvin *c)
{
	return c->x != NULL ? xlsxin_sheet(c->x) : NULL;
}

const char *
csvin_where(const struct csvin *c, long line, long at, char *buf,
    size_t bufsz)
{
	char col[8];
	size_t n = 0;
	long v;

	if (c->x == NULL) {
		snprintf(buf, bufsz, "%ld", line);
		return buf;
	}
	/* Excel's column letters: A..Z, AA..ZZ, AAA..XFD. */
	col[sizeof(col) - 1] = '\0';
	for (v = at + 1; at >= 0 && v > 0 && n < sizeof(col) - 1;
	    v = (v - 1) / 26)
		col[sizeof(col) - 2 - n++] = (char)('A' + (v - 1) % 26);
	snprintf(buf, bufsz, "%s!%s%ld", xlsxin_sheet(c->x),
	    col + sizeof(col) - 1 - n, line);
	return buf;
}

const char *
csvin_encoding(const struct csvin *c)
{
	return c->encoding;
}

const char *
csvin_dialect(const struct csvin *c)
{
	return c->dialect;
}

const char *
csvin_sha256(const struct csvin *c)
{
	return c->sha256;
}

long long
csvin_size(const struct csvin *c)
{
	return c->size;
}

long long
csvin_offset(const struct csvin *c)
{
	return c->offset;
}
