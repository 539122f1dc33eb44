/*
 * The spreadsheet reader.  See csvin.h.
 *
 * Two passes over the file.  The first (detect()) reads every byte once: it
 * hashes them and decodes them, as the caller said, as the BOM says, or
 * both as UTF-8 and as GB18030 side by side, and on the decoded text it
 * counts lines, notes the first NUL and the first invalid byte, the first
 * line end, and counts the delimiters of the header.  It keeps only
 * counters, so a 150 MB file costs no more memory than a 1 KB one, and a
 * file that is bad at its last line is refused before any row is imported.
 * Opened by csvin_open_hash_as_read(), a file whose encoding is certain
 * is read by the first pass only to the end of its header: the second
 * pass hashes the bytes, and its own checks of NULs and invalid bytes,
 * which are there for a file changed between the passes, give the same
 * errors on the same lines.  An import of 1M rows so ends 0.7 s sooner.
 *
 * The second pass (csvin_next()) rewinds, decodes again and feeds libcsv
 * one physical line at a time: a record starts on the line before which
 * libcsv was between records.  A line ends at CRLF, LF or CR, wherever it
 * is: Excel ends rows with CRLF but breaks lines inside a cell with a bare
 * LF, and a clerk's editor counts both, so the line end found first only
 * names the dialect.  libcsv ends records on CR or LF alike, which agrees.
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

#include <csv.h>
#include <openssl/evp.h>

#include "csvin.h"
#include "text.h"
#include "decode.h"
#include "hash.h"

/* Bytes read at a time, in both passes. */
#define BLOCK		(64 * 1024)

/*
 * Bounds on one record, so that a missing closing quote (which makes the
 * rest of the file one field) cannot make memory grow with the file.  A
 * cell holds at most CSVIN_FIELD_MAX characters of at most 4 bytes, far
 * below a field of 1 MiB; Excel has 16384 columns.
 */
#define FIELD_BYTES_MAX		(1024 * 1024)
#define RECORD_BYTES_MAX	(4 * 1024 * 1024)
#define RECORD_FIELDS_MAX	16384

/*
 * libcsv's parser states (libcsv.c).  struct csv_parser is public, the
 * names of its states are not.
 */
#define LIBCSV_ROW_NOT_BEGUN	0
#define LIBCSV_FIELD_BEGUN	2

/*
 * Strict, so that text after a closing quote ("abc"def) is an error rather
 * than silently swallowing the following lines into the field until the
 * next quote.  Its other complaint, a quote inside an unquoted field
 * (abc"def, common in hand-made files), is forgiven in feed().
 */
#define CSV_OPTS	(CSV_STRICT | CSV_STRICT_FINI)

/* The candidate delimiters, in the order preferred on a tie. */
static const char delims[] = { ',', '\t', ';' };
static const char *const delim_names[] = { "comma", "tab", "semicolon" };

enum eol { EOL_NONE, EOL_CRLF, EOL_LF, EOL_CR };
static const char *const eol_names[] = {
	"no line end", "CRLF", "LF", "CR"
};

/* Where the delimiter sniffer is in the header record. */
enum sniff {
	SN_BEFORE,	/* before the header: blank lines */
	SN_FIELD,	/* at the start of a field */
	SN_UNQUOTED,	/* in an unquoted field */
	SN_QUOTED,	/* in a quoted field */
	SN_QUOTE,	/* just after a quote in a quoted field */
	SN_DONE		/* after the header */
};

/* One candidate decoding of the first pass. */
struct scan {
	struct decode	*dec;
	const char	*name;		/* for csvin_encoding() */
	int		 live;		/* no invalid byte so far */
	int		 started;	/* some text seen: the BOM is behind */
	long		 line;		/* the line being read, from 1 */
	int		 prevcr;	/* the last byte was a CR */
	long		 badline;	/* the line of the invalid byte */
	long		 nulline;	/* the line of the first NUL, or 0 */
	enum eol	 eol;		/* the first line end */
	enum sniff	 sniff;
	long		 ndelim[3];	/* delims[] in the header */
};

struct csvin {
	FILE		*fp;
	char		*raw;		/* BLOCK bytes as read */
	enum csvin_err	 err;
	char		 errmsg[256];
	long		 errline;

	char		 encoding[64];
	char		 dialect[48];
	char		 sha256[HASH_HEX_LEN + 1];
	int		 delim;
	long long	 size;		/* bytes of the file */
	long long	 offset;	/* bytes read in the second pass */
	EVP_MD_CTX	*md;		/* hashing in the second pass, or NULL */

	/*
	 * An encoding given that is not one of Unicode's (GBK, GB18030,
	 * CP1252, BIG5 ...) on a file that may be UTF-8: the bytes are
	 * checked as UTF-8 too, as they are read, and the file refused at
	 * its end if they are (with some not ASCII).  A file of UTF-8 read
	 * as any of them is mojibake.
	 */
	const char	*forced;	/* the encoding given, or NULL */
	int		 gb_forced;	/* and it is not a Unicode encoding */
	struct decode	*u8;		/* the bytes as UTF-8, while valid */
	int		 nonascii;	/* a byte over 0x7f seen */

	/* The second pass. */
	struct decode	*dec;
	const char	*text;		/* decoded text, owned by dec */
	size_t		 textlen;
	size_t		 textpos;
	int		 started;	/* some text seen: the BOM is behind */
	int		 eof;		/* all bytes read and decoded */
	int		 decerr;	/* the text ends at an invalid byte */
	int		 finished;	/* csv_fini() called */
	int		 done;		/* csvin_next() said 0 */
	int		 at_line_start;
	int		 pending_cr;	/* a line ended at a CR that ended the
					   text: an LF may follow */
	long		 line;		/* the physical line being fed */
	long		 rec_line;	/* the line the record started on */
	long		 nrec;		/* records handed out */
	struct csv_parser parser;
	int		 parser_init;

	/* The record being built: fields copied out of libcsv's buffer. */
	char		*rbuf;
	size_t		 rlen, rcap;
	size_t		*roff;		/* each field's offset in rbuf */
	size_t		*rlens;
	char		**rfield;
	size_t		 nfield, fcap;
	int		 row_done;	/* libcsv ended the record */
	char		 rowerr[256];
	long		 nblank;	/* records of empty fields skipped */

	/* The header's columns without a name, and whether one held text. */
	size_t		*unnamed;
	char		*unnamed_said;
	size_t		 nunnamed;
};

static int	fail(struct csvin *, enum csvin_err, long, const char *, ...)
		    __attribute__((format(printf, 4, 5)));

/*
 * Keep the first fatal error.  Returns -1, for the callers' convenience.
 */
static int
fail(struct csvin *c, enum csvin_err kind, long line, const char *fmt, ...)
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

static int
delim_index(unsigned char ch)
{
	size_t i;

	for (i = 0; i < sizeof(delims); i++)
		if (ch == (unsigned char)delims[i])
			return (int)i;
	return -1;
}

/*
 * Follow the header record far enough to count the candidate delimiters
 * outside quotes.  Not a parser: libcsv reads the records; this only has to
 * agree with it on where quotes are, and does not yet know which candidate
 * ends a field, so any of them does.
 */
static void
sniff(struct scan *s, unsigned char ch)
{
	int k;

	switch (s->sniff) {
	case SN_BEFORE:
		/* libcsv skips these before a record, too. */
		if (ch == '\r' || ch == '\n' || ch == ' ' || ch == '\t')
			return;
		s->sniff = SN_FIELD;
		/* FALLTHROUGH */
	case SN_FIELD:
		if (ch == ' ')
			return;
		if (ch == '"') {
			s->sniff = SN_QUOTED;
			return;
		}
		/* FALLTHROUGH */
	case SN_UNQUOTED:
	case SN_QUOTE:
		if (s->sniff == SN_QUOTE && ch == '"')	/* a doubled quote */
			s->sniff = SN_QUOTED;
		else if ((k = delim_index(ch)) >= 0) {
			s->ndelim[k]++;
			s->sniff = SN_FIELD;
		} else if (ch == '\r' || ch == '\n')
			s->sniff = SN_DONE;
		else
			s->sniff = SN_UNQUOTED;
		return;
	case SN_QUOTED:
		if (ch == '"')
			s->sniff = SN_QUOTE;
		return;
	case SN_DONE:
		return;
	}
}

/*
 * Look at N bytes of text decoded by scan S: count lines, note the first
 * NUL and the first line end, and sniff the header.
 */
static void
scan_text(struct scan *s, const char *text, size_t n)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t i;

	if (!s->started && n > 0) {
		s->started = 1;
		if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
			p += 3, n -= 3;
	}
	for (i = 0; i < n; i++) {
		/*
		 * Past the header only line ends and NULs count: skip what
		 * cannot be either, which is nearly every byte.
		 */
		if (s->sniff == SN_DONE && !s->prevcr) {
			while (i < n && p[i] > '\r')
				i++;
			if (i == n)
				break;
		}
		if (p[i] == '\n' && s->prevcr) {
			/* The LF of a CRLF: the line has been counted. */
			s->prevcr = 0;
			if (s->line == 2 && s->eol == EOL_CR)
				s->eol = EOL_CRLF;
			continue;
		}
		s->prevcr = 0;
		if (p[i] == '\r' || p[i] == '\n') {
			if (s->line == 1)
				s->eol = p[i] == '\r' ? EOL_CR : EOL_LF;
			s->line++;
			s->prevcr = p[i] == '\r';
		} else if (p[i] == '\0' && s->nulline == 0)
			s->nulline = s->line;
		if (s->sniff != SN_DONE)
			sniff(s, p[i]);
	}
}

/*
 * Set up scan S for the iconv encoding ICONV_NAME, reported as NAME.
 * Returns 0, or -1 with the error kept in C.
 */
static int
scan_init(struct csvin *c, struct scan *s, const char *iconv_name,
    const char *name)
{
	memset(s, 0, sizeof(*s));
	if ((s->dec = decode_open(iconv_name)) == NULL) {
		if (errno == EINVAL)
			return fail(c, CSVIN_EARG, 0, "unknown encoding '%s'",
			    iconv_name);
		return fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
	}
	s->name = name;
	s->live = 1;
	s->line = 1;
	return 0;
}

/*
 * Set up the scans of the first pass in SC, *NSC of them, from ENCODING as
 * given to csvin_open() or from the N bytes at the start of the file, RAW.
 * The decoders turn a BOM into U+FEFF, which scan_text() and csvin_next()
 * drop.  Returns 0, or -1 with the error kept in C.
 */
static int
scan_choose(struct csvin *c, struct scan *sc, size_t *nsc,
    const char *encoding, const char *raw, size_t n)
{
	const unsigned char *u = (const unsigned char *)raw;

	*nsc = 1;
	if (encoding != NULL)
		return scan_init(c, &sc[0], encoding, encoding);
	if (n >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		return scan_init(c, &sc[0], "UTF-8", "UTF-8 with BOM");
	if (n >= 2 && u[0] == 0xff && u[1] == 0xfe)
		return scan_init(c, &sc[0], "UTF-16LE", "UTF-16LE");
	if (n >= 2 && u[0] == 0xfe && u[1] == 0xff)
		return scan_init(c, &sc[0], "UTF-16BE", "UTF-16BE");
	/* Both at once, so that the file is read only once. */
	if (scan_init(c, &sc[0], "UTF-8", "UTF-8") == -1)
		return -1;
	*nsc = 2;
	return scan_init(c, &sc[1], "GB18030", "GB18030");
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

/* Check N more bytes of the file, RAW, as UTF-8 (see struct csvin). */
static void
u8_feed(struct csvin *c, const char *raw, size_t n, int eof)
{
	const char *out;
	size_t i, len;

	if (c->u8 == NULL)
		return;
	for (i = 0; !c->nonascii && i < n; i++)
		if ((unsigned char)raw[i] >= 0x80)
			c->nonascii = 1;
	if (decode_block(c->u8, raw, n, eof, &out, &len) == -1) {
		decode_close(c->u8);
		c->u8 = NULL;
	}
}

/* Refuse a file read to its end as a GB encoding that is UTF-8.  0 or -1. */
static int
u8_verdict(struct csvin *c)
{
	int bad = c->u8 != NULL && c->nonascii;

	decode_close(c->u8);
	c->u8 = NULL;
	if (!bad)
		return 0;
	return fail(c, CSVIN_EINPUT, 0, "the file is UTF-8, not %s: leave "
	    "--encoding out, or give --encoding UTF-8", c->forced);
}

/*
 * Whether the whole file decodes as ENCODING, read again from its start;
 * *NONASCII (if not NULL) is set when it has a byte over 0x7f.  For the
 * messages only: the stream's position is kept.
 */
static int
fits(struct csvin *c, const char *encoding, int *nonascii)
{
	struct decode *d;
	const char *out;
	size_t n, len, i;
	off_t at;
	int eof = 0, ok = 1;

	if (nonascii != NULL)
		*nonascii = 0;
	if ((at = ftello(c->fp)) == -1 || fseek(c->fp, 0, SEEK_SET) == -1)
		return 0;
	if ((d = decode_open(encoding)) == NULL)
		ok = 0;
	while (ok && !eof) {
		n = fread(c->raw, 1, BLOCK, c->fp);
		if (n < BLOCK) {
			if (ferror(c->fp))
				ok = 0;
			eof = 1;
		}
		for (i = 0; nonascii != NULL && !*nonascii && i < n; i++)
			if ((unsigned char)c->raw[i] >= 0x80)
				*nonascii = 1;
		if (ok && decode_block(d, c->raw, n, eof, &out, &len) == -1)
			ok = 0;
	}
	decode_close(d);
	clearerr(c->fp);
	if (fseeko(c->fp, at, SEEK_SET) == -1)
		return 0;
	return ok;
}

/*
 * Refuse bytes invalid in the encoding NAME at LINE.  When the encoding
 * was given, say which one fits the file, if one does: UTF-8 (then a GB
 * encoding given is refused as such, see u8_verdict()) or GB18030.
 * Returns -1.
 */
static int
invalid_bytes(struct csvin *c, const char *name, long line)
{
	const char *hint = "";
	int nonascii;

	if (c->forced != NULL) {
		if (fits(c, "UTF-8", &nonascii)) {
			if (c->gb_forced && nonascii)
				return fail(c, CSVIN_EINPUT, 0, "the file is "
				    "UTF-8, not %s: leave --encoding out, or "
				    "give --encoding UTF-8", c->forced);
			hint = "; the file is UTF-8: give --encoding UTF-8, "
			    "or leave --encoding out";
		} else if (fits(c, "GB18030", NULL))
			hint = "; the file reads as GB18030: give --encoding "
			    "GB18030, or leave --encoding out";
	}
	return fail(c, CSVIN_EINPUT, line, "bytes invalid in %s%s", name, hint);
}

int
csvin_check_encoding(struct csvin *c)
{
	int nonascii;

	if (c->err != CSVIN_OK)
		return -1;
	if (c->u8 == NULL)
		return 0;
	if (!fits(c, "UTF-8", &nonascii) || !nonascii)
		return 0;
	return fail(c, CSVIN_EINPUT, 0, "the file is UTF-8, not %s: leave "
	    "--encoding out, or give --encoding UTF-8", c->forced);
}

/* The hash of MD, finished, into C as hex.  0, or -1 when libcrypto fails. */
static int
keep_digest(struct csvin *c, EVP_MD_CTX *md)
{
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int dlen;

	if (EVP_DigestFinal_ex(md, digest, &dlen) != 1 || dlen != HASH_LEN)
		return -1;
	hash_hex(digest, c->sha256);
	return 0;
}

/*
 * Whether scan S, of the one encoding there is, has read the header line
 * and its line end (the LF of a CRLF included): all the first pass needs
 * of a file whose encoding is certain, when it is hashed as read.
 */
static int
header_read(const struct scan *s)
{
	return s->live && s->sniff == SN_DONE && s->line >= 2 && !s->prevcr;
}

/*
 * The first pass: hash the file, find its encoding, check that all of it
 * decodes, and find its dialect.  ENCODING and DELIMITER are as given to
 * csvin_open().  With HASH_AS_READ, a file of certain encoding is read
 * only to the end of its header, and the second pass hashes it.  On
 * success C has its encoding, dialect, hash (or a hash begun), size and
 * decoder (rewound).  Returns 0, or -1 with the error kept in C.
 */
/*
 * A file found to be GB18030 (it is not UTF-8) that holds a line of UTF-8
 * all the same: a line pasted from another file, which GB18030 reads
 * without an error, as mojibake.  A line counts as UTF-8 when it is valid
 * UTF-8 with at least two characters over ASCII (one could be GB18030 by
 * chance).  Refused, naming the line, unless the encoding is given.  An
 * extra pass, on GB18030 files only.  0, or -1 with the error kept.
 */
static int
mixed(struct csvin *c)
{
	long line = 1, u8line = 0, gbline = 0;
	int need = 0, wide = 0, bad = 0, eof = 0;
	unsigned char b;
	size_t n, i;

	if (fseek(c->fp, 0, SEEK_SET) == -1)
		return fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
	while (!eof && (u8line == 0 || gbline == 0)) {
		if ((n = fread(c->raw, 1, BLOCK, c->fp)) < BLOCK) {
			if (ferror(c->fp))
				return fail(c, CSVIN_EIO, 0, "%s",
				    strerror(errno));
			eof = 1;
		}
		for (i = 0; i <= n; i++) {
			/* The end of the file ends its last line. */
			if (i == n && !eof)
				break;
			b = i < n ? (unsigned char)c->raw[i] : '\n';
			if (b == '\n') {
				if (need != 0)
					bad = 1;
				if (bad && gbline == 0)
					gbline = line;
				else if (!bad && wide >= 2 && u8line == 0)
					u8line = line;
				line++;
				need = wide = bad = 0;
			} else if (need > 0) {
				if ((b & 0xc0) != 0x80)
					bad = 1, need = 0;
				else if (--need == 0)
					wide++;
			} else if (b >= 0xc2 && b <= 0xf4)
				need = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1;
			else if (b >= 0x80)
				bad = 1;
		}
	}
	clearerr(c->fp);
	if (u8line == 0 || gbline == 0)
		return 0;
	return fail(c, CSVIN_EINPUT, u8line, "this line is UTF-8, while the "
	    "file is GB18030 (line %ld): the file mixes two encodings; save "
	    "it again as one, or give --encoding GB18030 if this line is "
	    "GB18030 too", gbline);
}

static int
detect(struct csvin *c, const char *encoding, int delimiter, int hash_as_read)
{
	struct scan sc[2], *win;
	EVP_MD_CTX *md = NULL;
	struct stat sb;
	const char *text;
	size_t n, textlen, nsc = 0, k, i;
	long line;
	int eof = 0, first = 1, rv = -1, stopped = 0;

	memset(sc, 0, sizeof(sc));
	if ((md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		fail(c, CSVIN_EIO, 0, "cannot compute SHA-256");
		goto out;
	}
	while (!eof) {
		n = fread(c->raw, 1, BLOCK, c->fp);
		if (n < BLOCK) {
			if (ferror(c->fp)) {
				fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
				goto out;
			}
			eof = 1;
		}
		if (EVP_DigestUpdate(md, c->raw, n) != 1) {
			fail(c, CSVIN_EIO, 0, "cannot compute SHA-256");
			goto out;
		}
		c->size += n;
		u8_feed(c, c->raw, n, eof);

		if (first) {
			first = 0;
			if (scan_choose(c, sc, &nsc, encoding, c->raw, n) == -1)
				goto out;
		}

		for (k = 0; k < nsc; k++) {
			if (!sc[k].live)
				continue;
			if (decode_block(sc[k].dec, c->raw, n, eof, &text,
			    &textlen) == -1) {
				if (errno != EILSEQ) {
					fail(c, CSVIN_EIO, 0, "%s",
					    strerror(errno));
					goto out;
				}
				sc[k].live = 0;
			}
			scan_text(&sc[k], text, textlen);
			if (!sc[k].live)
				sc[k].badline = sc[k].line;
		}
		if (hash_as_read && nsc == 1 && !eof && header_read(&sc[0])) {
			stopped = 1;
			break;
		}
	}

	if (stopped) {
		/* The second pass reads, hashes and checks it all. */
		if (fstat(fileno(c->fp), &sb) == -1) {
			fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
			goto out;
		}
		c->size = sb.st_size;
		if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
			fail(c, CSVIN_EIO, 0, "cannot compute SHA-256");
			goto out;
		}
		c->md = md;
		md = NULL;
	} else if (keep_digest(c, md) != 0) {
		fail(c, CSVIN_EIO, 0, "cannot compute SHA-256");
		goto out;
	}

	/* UTF-8 first: an ASCII file is valid in both. */
	win = NULL;
	for (k = 0; k < nsc && win == NULL; k++)
		if (sc[k].live)
			win = &sc[k];
	if (win == NULL && nsc == 2) {
		/*
		 * The line where the likelier encoding failed: the one that
		 * got further.  A GB18030 file with one bad byte fails as
		 * UTF-8 at its first Chinese character, which says nothing.
		 */
		line = sc[0].badline > sc[1].badline ? sc[0].badline :
		    sc[1].badline;
		fail(c, CSVIN_EINPUT, line,
		    "bytes invalid in UTF-8 and GB18030");
		goto out;
	}
	if (win == NULL) {
		if (sc[0].nulline != 0 && sc[0].nulline <= sc[0].badline)
			fail(c, CSVIN_EINPUT, sc[0].nulline, "NUL byte");
		else
			invalid_bytes(c, sc[0].name, sc[0].badline);
		goto out;
	}
	/* Read whole, a GB file is judged now; else as the rest is read. */
	if (stopped)
		decode_reset(c->u8 != NULL ? c->u8 : win->dec);
	else if (u8_verdict(c) == -1)
		goto out;
	if (win->nulline != 0) {
		/* UTF-16 without a BOM looks like ASCII with NULs. */
		fail(c, CSVIN_EINPUT, win->nulline, "NUL byte%s",
		    encoding == NULL && win->nulline == 1 ?
		    " (UTF-16 without a byte order mark? give the encoding)" :
		    "");
		goto out;
	}
	if (win->sniff == SN_BEFORE) {
		fail(c, CSVIN_EINPUT, 0, "empty file");
		goto out;
	}
	if (encoding == NULL && win == &sc[1] && mixed(c) != 0)
		goto out;

	if (delimiter != 0)
		c->delim = delimiter;
	else {
		/* The most frequent; the first in delims[] on a tie. */
		k = 0;
		for (i = 1; i < sizeof(delims); i++)
			if (win->ndelim[i] > win->ndelim[k])
				k = i;
		c->delim = delims[k];
	}
	snprintf(c->encoding, sizeof(c->encoding), "%s", win->name);
	snprintf(c->dialect, sizeof(c->dialect), "%s, %s",
	    delim_names[delim_index((unsigned char)c->delim)],
	    eol_names[win->eol]);
	c->dec = win->dec;
	win->dec = NULL;
	decode_reset(c->dec);
	rv = 0;
out:
	for (k = 0; k < nsc; k++)
		decode_close(sc[k].dec);
	EVP_MD_CTX_free(md);
	return rv;
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
	fail(c, CSVIN_EINPUT, 0, "%s", why);
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
	const char *dir = getenv("TMPDIR");
	char path[4096];
	long long total = 0;
	FILE *fp;
	size_t n;
	int fd, wide = 0;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if ((size_t)snprintf(path, sizeof(path), "%s/powers-stdin.XXXXXX",
	    dir) >= sizeof(path)) {
		fail(c, CSVIN_EIO, 0, "$TMPDIR is too long");
		return NULL;
	}
	if ((fd = mkstemp(path)) == -1) {
		fail(c, CSVIN_EIO, 0, "cannot spool standard input in %s: %s",
		    dir, strerror(errno));
		return NULL;
	}
	(void)unlink(path);
	if ((fp = fdopen(fd, "w+b")) == NULL) {
		fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
		close(fd);
		return NULL;
	}
	/*
	 * Refused as it comes, not once it has filled the disk: a NUL byte
	 * where text can hold none (the reader would refuse it too), or
	 * more than SPOOL_MAX bytes (/dev/zero, 'yes').
	 */
	while ((n = fread(c->raw, 1, BLOCK, stdin)) > 0) {
		if (total == 0)
			wide = n >= 2 && (memcmp(c->raw, "\xff\xfe", 2) == 0 ||
			    memcmp(c->raw, "\xfe\xff", 2) == 0);
		if (!wide && (c->forced == NULL || !unicode_encoding(c->forced) ||
		    strncasecmp(c->forced, "utf-8", 5) == 0 ||
		    strcasecmp(c->forced, "utf8") == 0) &&
		    memchr(c->raw, '\0', n) != NULL) {
			fclose(fp);
			return fail_null(c, "standard input holds a NUL byte: it "
			    "is no text file (UTF-16 without a byte order mark? "
			    "give the encoding)");
		}
		if ((total += n) > SPOOL_MAX) {
			fclose(fp);
			return fail_null(c, "standard input is over 2 GiB: give "
			    "the file's name instead of '-'");
		}
		if (fwrite(c->raw, 1, n, fp) != n)
			break;
	}
	if (ferror(stdin) || ferror(fp) || fflush(fp) != 0 ||
	    fseek(fp, 0, SEEK_SET) == -1) {
		fail(c, CSVIN_EIO, 0, "cannot spool standard input in %s: %s",
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
		fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
		return NULL;
	}
	if (!S_ISREG(sb.st_mode))
		goto special;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) ==
	    -1) {
		fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    (flags = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1) {
		close(fd);
		if (!S_ISREG(sb.st_mode))
			goto special;
		fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
		return NULL;
	}
	if ((fp = fdopen(fd, "rb")) == NULL) {
		fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
		close(fd);
	}
	return fp;
special:
	fail(c, CSVIN_EINPUT, 0, "is a %s, not a regular file",
	    file_type(sb.st_mode));
	return NULL;
}

static struct csvin *
open_file(const char *path, const char *encoding, int delimiter,
    int hash_as_read)
{
	struct csvin *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	if ((c->raw = malloc(BLOCK)) == NULL) {
		free(c);
		return NULL;
	}
	if (encoding != NULL && *encoding == '\0')
		encoding = NULL;
	if (encoding != NULL && strlen(encoding) >= sizeof(c->encoding)) {
		fail(c, CSVIN_EARG, 0, "unknown encoding '%s'", encoding);
		return c;
	}
	if (encoding != NULL) {
		c->forced = encoding;
		if ((c->gb_forced = !unicode_encoding(encoding)) &&
		    (c->u8 = decode_open("UTF-8")) == NULL) {
			fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
			return c;
		}
	}
	if (delimiter != 0 && delim_index((unsigned char)delimiter) < 0) {
		fail(c, CSVIN_EARG, 0,
		    "the delimiter must be comma, tab or semicolon");
		return c;
	}
	if ((c->fp = open_input(c, path)) == NULL)
		return c;
	if (detect(c, encoding, delimiter, hash_as_read) == -1)
		return c;
	if (fseek(c->fp, 0, SEEK_SET) == -1) {
		fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
		return c;
	}
	if (csv_init(&c->parser, CSV_OPTS) != 0) {
		fail(c, CSVIN_EIO, 0, "%s", strerror(ENOMEM));
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
	return open_file(path, encoding, delimiter, 0);
}

struct csvin *
csvin_open_hash_as_read(const char *path, const char *encoding,
    int delimiter)
{
	return open_file(path, encoding, delimiter, 1);
}

void
csvin_close(struct csvin *c)
{
	if (c == NULL)
		return;
	if (c->parser_init)
		csv_free(&c->parser);
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

/*
 * libcsv's end-of-field callback: copy the field, trimmed, into the record
 * being built (DATA is libcsv's buffer, valid only during the call).
 */
static void
field_cb(void *data, size_t len, void *arg)
{
	struct csvin *c = arg;
	const char *s = data;
	size_t cap, *off, *lens;
	char *buf, **fields;

	if (c->err != CSVIN_OK)
		return;
	if (s == NULL)
		len = 0;
	text_trim(&s, &len);
	if (c->nfield == RECORD_FIELDS_MAX) {
		fail(c, CSVIN_EINPUT, c->rec_line, "record over %d fields",
		    RECORD_FIELDS_MAX);
		return;
	}
	if (len >= RECORD_BYTES_MAX - c->rlen) {
		fail(c, CSVIN_EINPUT, c->rec_line, "record over %d MiB",
		    RECORD_BYTES_MAX / (1024 * 1024));
		return;
	}
	if (c->rlen + len + 1 > c->rcap) {
		for (cap = c->rcap ? c->rcap : 1024; cap < c->rlen + len + 1;)
			cap *= 2;
		if ((buf = realloc(c->rbuf, cap)) == NULL) {
			fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
			return;
		}
		c->rbuf = buf;
		c->rcap = cap;
	}
	if (c->nfield == c->fcap) {
		cap = c->fcap ? c->fcap * 2 : 32;
		if ((off = realloc(c->roff, cap * sizeof(*off))) != NULL)
			c->roff = off;
		if ((lens = realloc(c->rlens, cap * sizeof(*lens))) != NULL)
			c->rlens = lens;
		if ((fields = realloc(c->rfield, cap * sizeof(*fields))) !=
		    NULL)
			c->rfield = fields;
		if (off == NULL || lens == NULL || fields == NULL) {
			fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
			return;
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
		    "field %zu over %d characters", c->nfield,
		    CSVIN_FIELD_MAX);
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
	size_t done;

	/* Found by detect() unless the file changed since. */
	if (memchr(s, '\0', n) != NULL)
		return fail(c, CSVIN_EINPUT, c->line, "NUL byte");
	while (n > 0) {
		done = csv_parse(&c->parser, s, n, field_cb, record_cb, c);
		if (c->err != CSVIN_OK)
			return -1;
		if (done == n)
			break;
		if (csv_error(&c->parser) != CSV_EPARSE)
			return fail(c, CSVIN_EIO, 0, "%s", strerror(ENOMEM));
		if (c->parser.pstate != LIBCSV_FIELD_BEGUN)
			return fail(c, CSVIN_EINPUT, c->line,
			    "text after a closing quote");
		/*
		 * A quote inside an unquoted field: keep it as text, as
		 * libcsv does when not strict, and go on strictly.
		 */
		csv_set_opts(&c->parser, CSV_OPTS & ~CSV_STRICT);
		if (csv_parse(&c->parser, s + done, 1, field_cb, record_cb,
		    c) != 1)
			return fail(c, CSVIN_EIO, 0, "%s", strerror(ENOMEM));
		csv_set_opts(&c->parser, CSV_OPTS);
		done++;
		s += done;
		n -= done;
	}
	if (c->parser.entry_pos > FIELD_BYTES_MAX) {
		if (c->parser.quoted)
			return fail(c, CSVIN_EINPUT, c->rec_line,
			    "unterminated quote (a field over %d MiB)",
			    FIELD_BYTES_MAX / (1024 * 1024));
		return fail(c, CSVIN_EINPUT, c->line, "field over %d MiB",
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
		if (c->parser.pstate == LIBCSV_ROW_NOT_BEGUN)
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
			return fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
		c->eof = 1;
	}
	c->offset += n;
	if (c->eof && c->offset != c->size)
		return fail(c, CSVIN_EIO, 0, "the file changed while read");
	if (c->md != NULL) {
		if (EVP_DigestUpdate(c->md, c->raw, n) != 1 ||
		    (c->eof && keep_digest(c, c->md) != 0))
			return fail(c, CSVIN_EIO, 0, "cannot compute SHA-256");
		if (c->eof) {
			EVP_MD_CTX_free(c->md);
			c->md = NULL;
		}
	}
	u8_feed(c, c->raw, n, c->eof);
	c->textpos = 0;
	if (decode_block(c->dec, c->raw, n, c->eof, &c->text,
	    &c->textlen) == -1) {
		if (errno != EILSEQ)
			return fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
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

static void
row_reset(struct csvin *c)
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
		snprintf(c->rowerr, sizeof(c->rowerr), "column %zu has no "
		    "name in the header but holds '%.*s%s': name the column, "
		    "or delete it", at + 1, (int)len, v,
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

int
csvin_next(struct csvin *c, struct csvin_row *row)
{
	size_t i;

	if (c->err != CSVIN_OK)
		return -1;
	if (c->done)
		return 0;
	row_reset(c);
	for (;;) {
		if (c->row_done) {
			/* A line of white space is a blank line. */
			if (c->nfield == 1 && c->rlens[0] == 0) {
				row_reset(c);
				continue;
			}
			/* Excel's empty row: counted. */
			if (all_empty(c)) {
				c->nblank++;
				row_reset(c);
				continue;
			}
			check_unnamed(c);
			for (i = 0; i < c->nfield; i++)
				c->rfield[i] = c->rbuf + c->roff[i];
			row->line = c->rec_line;
			row->nfield = c->nfield;
			row->field = c->rfield;
			row->len = c->rlens;
			row->error = c->rowerr[0] != '\0' ? c->rowerr : NULL;
			c->nrec++;
			return 1;
		}
		if (c->textpos < c->textlen) {
			if (feed_line(c) == -1)
				return -1;
			continue;
		}
		if (c->decerr)
			return invalid_bytes(c, c->encoding, c->line +
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
				return fail(c, CSVIN_EINPUT, c->rec_line,
				    "unterminated quote");
			if (c->err != CSVIN_OK)
				return -1;
			continue;
		}
		if (c->nrec == 0)
			return fail(c, CSVIN_EINPUT, 0, "empty file");
		/* Before the caller may take the file as read. */
		if (u8_verdict(c) == -1)
			return -1;
		c->done = 1;
		return 0;
	}
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

/* Whether the N bytes at S equal the string T, ASCII case ignored. */
static int
ascii_caseeq(const char *s, size_t n, const char *t)
{
	size_t i;
	unsigned char a, b;

	for (i = 0; i < n; i++) {
		a = (unsigned char)s[i];
		b = (unsigned char)t[i];
		if (b == '\0')
			return 0;
		if (a >= 'A' && a <= 'Z')
			a += 'a' - 'A';
		if (b >= 'A' && b <= 'Z')
			b += 'a' - 'A';
		if (a != b)
			return 0;
	}
	return t[n] == '\0';
}

/*
 * Say that the header cell NAME (LEN bytes) names no column of COLS, into
 * ERR: shown with what a clerk cannot see as <U+XXXX>, with the nearest
 * column's name (a few edits away, or typed in part: 事项名 for 事项名称),
 * the columns there are, and --ignore-unknown.
 */
static void
unknown_column(const char *name, size_t len, const struct csvin_col *cols,
    size_t ncol, char *err, size_t errsz)
{
	char typed[512], shown[256], near[96] = "", list[512] = "";
	const char *best = NULL, *cand;
	size_t i, k, d, bestd = (size_t)-1, at = 0;

	snprintf(typed, sizeof(typed), "%.*s", (int)len, name);
	text_show(name, len, 0, shown, sizeof(shown));
	for (i = 0; i < ncol; i++) {
		for (k = 0; k < 2; k++) {
			if ((cand = k == 0 ? cols[i].en : cols[i].zh) == NULL)
				continue;
			d = text_distance(typed, cand);
			if (text_in_order(typed, cand) || text_in_order(cand, typed))
				d = d < 1 ? d : 1;
			if (d < bestd) {
				bestd = d;
				best = cand;
			}
		}
		at += (size_t)snprintf(list + at, at < sizeof(list) ?
		    sizeof(list) - at : 0, "%s%s/%s", i ? ", " : "",
		    cols[i].en ? cols[i].en : "", cols[i].zh ? cols[i].zh : "");
		if (at >= sizeof(list))
			at = sizeof(list);
	}
	/* Near: at most a third of what was typed, and not all of it. */
	if (best != NULL && bestd != (size_t)-1 && bestd * 3 <= text_length(typed)
	    + 2 && bestd < text_length(typed))
		snprintf(near, sizeof(near), " (did you mean '%s'?)", best);
	snprintf(err, errsz, "unknown column '%s'%s; the columns: %s; or give "
	    "--ignore-unknown to skip the columns it does not know", shown,
	    near, list);
}

int
csvin_map_header(const struct csvin_row *hdr, const struct csvin_col *cols,
    size_t ncol, int ignore_unknown, int *index, char *err, size_t errsz)
{
	const char *name;
	size_t i, j, len;

	for (i = 0; i < ncol; i++)
		index[i] = -1;
	for (j = 0; j < hdr->nfield; j++) {
		name = hdr->field[j];
		len = hdr->len[j];
		text_trim(&name, &len);
		if (len == 0)
			continue;
		for (i = 0; i < ncol; i++) {
			if (cols[i].en != NULL &&
			    ascii_caseeq(name, len, cols[i].en))
				break;
			if (cols[i].zh != NULL && strlen(cols[i].zh) == len &&
			    memcmp(name, cols[i].zh, len) == 0)
				break;
		}
		if (i == ncol) {
			if (ignore_unknown)
				continue;
			unknown_column(name, len, cols, ncol, err, errsz);
			return -1;
		}
		if (index[i] != -1) {
			snprintf(err, errsz, "column '%s' twice",
			    cols[i].en != NULL ? cols[i].en : cols[i].zh);
			return -1;
		}
		index[i] = (int)j;
	}
	for (i = 0; i < ncol; i++) {
		if (!cols[i].required || index[i] != -1)
			continue;
		if (cols[i].en != NULL && cols[i].zh != NULL)
			snprintf(err, errsz, "missing column '%s' (%s)",
			    cols[i].en, cols[i].zh);
		else
			snprintf(err, errsz, "missing column '%s'",
			    cols[i].en != NULL ? cols[i].en : cols[i].zh);
		return -1;
	}
	return 0;
}
