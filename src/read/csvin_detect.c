/*
 * The spreadsheet reader's first pass: the file's hash, its encoding and
 * its dialect, and the checks of its bytes (see csvin_internal.h).
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "csvin_internal.h"

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

int
csvin_delim_index(unsigned char ch)
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
		else if ((k = csvin_delim_index(ch)) >= 0) {
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
			return csvin_fail(c, CSVIN_EARG, 0, _("unknown encoding '%s'"),
			    iconv_name);
		return csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
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
 * The file read again from its start as UTF-8, its stream's position
 * kept: into *BADLINE the line of its first byte that is not UTF-8, and
 * into *NULLINE that of its first NUL before it, each 0 if none.  For the
 * messages only.  0, or -1 if it cannot be read again.
 */
static int
u8_lines(struct csvin *c, long *badline, long *nulline)
{
	struct scan s;
	const char *text;
	size_t n, textlen;
	off_t at;
	int eof = 0, rv = -1;

	*badline = *nulline = 0;
	memset(&s, 0, sizeof(s));
	if ((at = ftello(c->fp)) == -1 || fseek(c->fp, 0, SEEK_SET) == -1 ||
	    (s.dec = decode_open("UTF-8")) == NULL)
		goto out;
	s.line = 1;
	while (!eof) {
		if ((n = fread(c->raw, 1, BLOCK, c->fp)) < BLOCK) {
			if (ferror(c->fp))
				goto out;
			eof = 1;
		}
		s.live = decode_block(s.dec, c->raw, n, eof, &text,
		    &textlen) == 0;
		scan_text(&s, text, textlen);
		if (!s.live) {
			*badline = s.line;
			break;
		}
	}
	*nulline = s.nulline;
	rv = 0;
out:
	decode_close(s.dec);
	clearerr(c->fp);
	if (at != -1 && fseeko(c->fp, at, SEEK_SET) == -1)
		rv = -1;
	return rv;
}

/*
 * What conclude() says of the whole file C->not_gb marks, which comes
 * first: any byte that is not UTF-8, then a NUL (the NUL of line 1, and
 * its hint, are the first pass's own): into *LINE and *MSG (static text).
 * 1 if there is one, 0 if not (or the file cannot be read again).
 */
static int
whole_verdict(struct csvin *c, long *line, const char **msg)
{
	long badline, nulline;

	if (u8_lines(c, &badline, &nulline) == -1)
		return 0;
	*line = badline != 0 ? badline : nulline;
	*msg = badline != 0 ? _("bytes invalid in UTF-8 and GB18030") :
	    _("NUL byte");
	return *line != 0;
}

void
csvin_late_verdict(struct csvin *c)
{
	const char *msg;
	long line;

	if (!c->not_gb || c->err != CSVIN_EINPUT)
		return;
	/* In place of the error found: a quote error before a bad byte. */
	c->not_gb = 0;
	if (whole_verdict(c, &line, &msg)) {
		c->errline = line;
		snprintf(c->errmsg, sizeof(c->errmsg), "%s", msg);
	}
}

int
csvin_late_check(struct csvin *c)
{
	const char *msg;
	long line;

	if (!c->not_gb || c->err != CSVIN_OK)
		return 0;
	c->not_gb = 0;
	if (!whole_verdict(c, &line, &msg))
		return 0;
	return csvin_fail(c, CSVIN_EINPUT, line, "%s", msg);
}

/* The hash of MD, finished, into C as hex.  0, or -1 when libcrypto fails. */
int
csvin_keep_digest(struct csvin *c, EVP_MD_CTX *md)
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
 * Whether the scans SC (NSC of them) leave one encoding and have read its
 * header: the one given or named by a BOM, or, without a BOM, UTF-8 once
 * GB18030 has failed.  UTF-8 then stays the verdict whatever the rest
 * holds: a later invalid byte is invalid in both, and the second pass
 * says so (csvin_late_verdict()).  Not after a NUL, when both scans were
 * run: whether a NUL or an invalid byte is reported hangs on the rest
 * (see conclude()).  A file of ASCII keeps both to its end, or to its
 * first byte over 0x7f, which decides.
 */
static int
certain(const struct scan *sc, size_t nsc)
{
	if (nsc == 1)
		return header_read(&sc[0]);
	return !sc[1].live && header_read(&sc[0]) && sc[0].nulline == 0;
}

/*
 * Read the file through the scans SC (*NSC of them, chosen from its first
 * bytes) and hash it: to its end, or, when HASH_AS_READ, as far as the
 * encoding is certain and the header read (see certain(); *STOPPED set:
 * the hash is begun again in C->md for the second pass).  Returns 0, or
 * -1 with the error kept in C.
 */
static int
read_all(struct csvin *c, struct scan *sc, size_t *nsc, const char *encoding,
    int hash_as_read, int *stopped)
{
	EVP_MD_CTX *md = NULL;
	struct stat sb;
	const char *text;
	size_t n, textlen, k;
	int eof = 0, first = 1, rv = -1;

	if ((md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		csvin_fail(c, CSVIN_EIO, 0, _("cannot compute SHA-256"));
		goto out;
	}
	while (!eof) {
		n = fread(c->raw, 1, BLOCK, c->fp);
		if (n < BLOCK) {
			if (ferror(c->fp)) {
				csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
				goto out;
			}
			eof = 1;
		}
		if (EVP_DigestUpdate(md, c->raw, n) != 1) {
			csvin_fail(c, CSVIN_EIO, 0, _("cannot compute SHA-256"));
			goto out;
		}
		c->size += n;
		csvin_u8_feed(c, c->raw, n, eof);

		if (first) {
			first = 0;
			if (scan_choose(c, sc, nsc, encoding, c->raw, n) == -1)
				goto out;
		}

		for (k = 0; k < *nsc; k++) {
			if (!sc[k].live)
				continue;
			if (decode_block(sc[k].dec, c->raw, n, eof, &text,
			    &textlen) == -1) {
				if (errno != EILSEQ) {
					csvin_fail(c, CSVIN_EIO, 0, "%s",
					    strerror(errno));
					goto out;
				}
				sc[k].live = 0;
			}
			scan_text(&sc[k], text, textlen);
			if (!sc[k].live)
				sc[k].badline = sc[k].line;
		}
		if (hash_as_read && !eof && certain(sc, *nsc)) {
			*stopped = 1;
			break;
		}
	}

	if (*stopped) {
		/* The second pass reads, hashes and checks it all. */
		if (fstat(fileno(c->fp), &sb) == -1) {
			csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
			goto out;
		}
		c->size = sb.st_size;
		if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
			csvin_fail(c, CSVIN_EIO, 0, _("cannot compute SHA-256"));
			goto out;
		}
		c->md = md;
		md = NULL;
	} else if (csvin_keep_digest(c, md) != 0) {
		csvin_fail(c, CSVIN_EIO, 0, _("cannot compute SHA-256"));
		goto out;
	}
	rv = 0;
out:
	EVP_MD_CTX_free(md);
	return rv;
}

/*
 * The verdict on the scans SC (NSC of them) that read the file (to its
 * header only when STOPPED): its encoding, or why it has none, then the
 * checks of its text and its dialect.  ENCODING and DELIMITER are as
 * given.  On success the winning scan's decoder is C's.  Returns 0, or -1
 * with the error kept in C.
 */
static int
conclude(struct csvin *c, struct scan *sc, size_t nsc, const char *encoding,
    int delimiter, int stopped)
{
	struct scan *win = NULL;
	size_t k, i;
	long line;

	/* UTF-8 first: an ASCII file is valid in both. */
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
		return csvin_fail(c, CSVIN_EINPUT, line,
		    _("bytes invalid in UTF-8 and GB18030"));
	}
	if (win == NULL) {
		if (sc[0].nulline != 0 && sc[0].nulline <= sc[0].badline)
			return csvin_fail(c, CSVIN_EINPUT, sc[0].nulline,
			    _("NUL byte"));
		return csvin_invalid_bytes(c, sc[0].name, sc[0].badline);
	}
	/* Read whole, a GB file is judged now; else as the rest is read. */
	if (stopped) {
		decode_reset(c->u8 != NULL ? c->u8 : win->dec);
		c->not_gb = nsc == 2;
	}
	else if (csvin_u8_verdict(c) == -1)
		return -1;
	if (win->nulline != 0) {
		/* UTF-16 without a BOM looks like ASCII with NULs. */
		return csvin_fail(c, CSVIN_EINPUT, win->nulline, _("NUL byte%s"),
		    encoding == NULL && win->nulline == 1 ?
		    " (UTF-16 without a byte order mark? give the encoding)" :
		    "");
	}
	if (win->sniff == SN_BEFORE)
		return csvin_fail(c, CSVIN_EINPUT, 0, _("empty file"));
	if (encoding == NULL && win == &sc[1] && csvin_mixed(c) != 0)
		return -1;

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
	    delim_names[csvin_delim_index((unsigned char)c->delim)],
	    eol_names[win->eol]);
	c->dec = win->dec;
	win->dec = NULL;
	decode_reset(c->dec);
	return 0;
}

/* The first pass (see csvin_internal.h). */
int
csvin_detect(struct csvin *c, const char *encoding, int delimiter,
    int hash_as_read)
{
	struct scan sc[2];
	size_t nsc = 0, k;
	int stopped = 0, rv;

	memset(sc, 0, sizeof(sc));
	rv = read_all(c, sc, &nsc, encoding, hash_as_read, &stopped);
	if (rv == 0)
		rv = conclude(c, sc, nsc, encoding, delimiter, stopped);
	for (k = 0; k < nsc; k++)
		decode_close(sc[k].dec);
	return rv;
}
