/*
 * An .xlsx workbook's package: the zip (libzip), checked against bombs
 * and encryption; its workbook, relationships, styles and shared strings
 * (expat, each parsed whole: they are small, but for the shared strings,
 * kept by xlsxin_sst.c).  See xlsxin_internal.h; the sheet itself is
 * streamed by xlsxin_sheet.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grow.h"
#include "i18n.h"
#include "xlsxin_internal.h"

static const char resave[] = "open it in Excel or LibreOffice and save it "
    "as .xlsx (Excel 工作簿) or CSV";

int
xlsxin_sniff(struct csvin *c)
{
	unsigned char m[8];
	size_t n;

	n = fread(m, 1, sizeof(m), c->fp);
	if (ferror(c->fp) || fseek(c->fp, 0, SEEK_SET) == -1)
		return csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
	if (n == 8 && memcmp(m, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)
		return csvin_fail(c, CSVIN_EINPUT, 0, _("an .xls workbook (Excel "
		    "97-2003) or another OLE2 file, which powers does not "
		    "read: %s"), resave);
	return n >= 4 && (memcmp(m, "PK\3\4", 4) == 0 ||
	    memcmp(m, "PK\5\6", 4) == 0);
}

const char *
xlsx_local(const char *name)
{
	const char *p = strrchr(name, ':');

	return p != NULL ? p + 1 : name;
}

const char *
xlsx_attr(const char **atts, const char *name)
{
	for (; atts[0] != NULL; atts += 2)
		if (strcmp(xlsx_local(atts[0]), name) == 0)
			return atts[1];
	return NULL;
}

int
xlsx_append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (grow_array(buf, cap, *len + n + 1, 1, 256) == -1)
		return -1;
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
	return 0;
}

/* Refuse the workbook as damaged, saying what libzip said. */
static int
damaged(struct csvin *c, const char *what, const char *why)
{
	return csvin_fail(c, CSVIN_EINPUT, 0, _("a damaged .xlsx workbook (%s%s"
	    "%s): %s"), what, why != NULL ? ": " : "", why != NULL ? why : "",
	    resave);
}

int
xlsx_entry_open(struct csvin *c, struct xentry *e, const char *name,
    int optional)
{
	struct xlsxin *x = c->x;
	zip_stat_t st;
	zip_int64_t i;

	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "%s", name);
	if ((i = zip_name_locate(x->zip, name, 0)) < 0) {
		if (optional)
			return 0;
		return csvin_fail(c, CSVIN_EINPUT, 0, _("the workbook has no "
		    "part %s: %s"), name, resave);
	}
	zip_stat_init(&st);
	if (zip_stat_index(x->zip, (zip_uint64_t)i, 0, &st) == -1)
		return damaged(c, name, zip_strerror(x->zip));
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
	    st.encryption_method != ZIP_EM_NONE)
		return csvin_fail(c, CSVIN_EINPUT, 0, _("the workbook is "
		    "encrypted (%s): remove its password in Excel (文件 > 信息 "
		    "> 保护工作簿) and save it again"), name);
	e->size = st.size;
	e->comp = st.comp_size;
	if (st.size > (zip_uint64_t)(XLSX_TOTAL_MAX - x->total))
		goto bomb;
	if ((e->zf = zip_fopen_index(x->zip, (zip_uint64_t)i, 0)) == NULL) {
		if (zip_error_code_zip(zip_get_error(x->zip)) == ZIP_ER_NOPASSWD)
			return csvin_fail(c, CSVIN_EINPUT, 0, _("the workbook "
			    "is encrypted (%s): remove its password and save it "
			    "again"), name);
		return damaged(c, name, zip_strerror(x->zip));
	}
	return 1;
bomb:
	return csvin_fail(c, CSVIN_EINPUT, 0, _("the workbook's %s would inflate "
	    "to over %lld MiB: refused as a zip bomb"), name,
	    XLSX_TOTAL_MAX >> 20);
}

long
xlsx_entry_read(struct csvin *c, struct xentry *e, char *buf, size_t n)
{
	struct xlsxin *x = c->x;
	zip_int64_t got;

	if ((got = zip_fread(e->zf, buf, n)) < 0)
		return damaged(c, e->name, zip_file_strerror(e->zf));
	e->got += got;
	x->total += got;
	/* The bytes that came, not what the header said would. */
	if (x->total > XLSX_TOTAL_MAX ||
	    (e->got > XLSX_RATIO_FROM && (zip_uint64_t)e->got / XLSX_RATIO_MAX >
	    e->comp))
		return csvin_fail(c, CSVIN_EINPUT, 0, _("the workbook's %s "
		    "inflates %s: refused as a zip bomb"), e->name,
		    x->total > XLSX_TOTAL_MAX ? "to over 1 GiB" :
		    "more than 200 times");
	if ((zip_uint64_t)e->got > e->size)
		return damaged(c, e->name, _("longer than its header says"));
	return (long)got;
}

void
xlsx_entry_close(struct xentry *e)
{
	if (e->zf != NULL)
		zip_fclose(e->zf);
	e->zf = NULL;
}

/*
 * Parse the entry NAME whole with START and END as handlers (user data
 * C), and TEXT if not NULL.  0 (also when OPTIONAL and missing), or -1
 * with the error kept.
 */
static int
parse_entry(struct csvin *c, const char *name, int optional,
    XML_StartElementHandler start, XML_EndElementHandler end,
    XML_CharacterDataHandler text)
{
	struct xentry e;
	XML_Parser p;
	void *buf;
	long n;
	int rc = -1, open;

	if ((open = xlsx_entry_open(c, &e, name, optional)) <= 0)
		return open;
	if ((p = XML_ParserCreate(NULL)) == NULL) {
		xlsx_entry_close(&e);
		return csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(ENOMEM));
	}
	c->x->p = p;
	XML_SetUserData(p, c);
	XML_SetElementHandler(p, start, end);
	if (text != NULL)
		XML_SetCharacterDataHandler(p, text);
	c->x->depth = 0;
	do {
		if ((buf = XML_GetBuffer(p, XLSX_CHUNK)) == NULL) {
			csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(ENOMEM));
			goto out;
		}
		if ((n = xlsx_entry_read(c, &e, buf, XLSX_CHUNK)) < 0)
			goto out;
		if (XML_ParseBuffer(p, (int)n, n == 0) != XML_STATUS_OK) {
			if (c->err == CSVIN_OK)
				csvin_fail(c, CSVIN_EINPUT, 0, _("malformed XML "
				    "in the workbook's %s, line %lu: %s: %s"),
				    name, XML_GetCurrentLineNumber(p),
				    XML_ErrorString(XML_GetErrorCode(p)),
				    resave);
			goto out;
		}
	} while (n > 0);
	rc = 0;
out:
	XML_ParserFree(p);
	c->x->p = NULL;
	xlsx_entry_close(&e);
	return rc;
}

/* Stop the parser of a handler that failed: the error is kept. */
static void
stop(struct csvin *c)
{
	XML_StopParser(c->x->p, XML_FALSE);
}

/* xl/workbook.xml: the date system, and the sheet asked for. */
static void
workbook_start(void *ud, const char *el, const char **atts)
{
	struct csvin *c = ud;
	struct xlsxin *x = c->x;
	const char *name, *id, *v;
	size_t len;

	el = xlsx_local(el);
	if (strcmp(el, "workbookPr") == 0) {
		v = xlsx_attr(atts, "date1904");
		x->date1904 = v != NULL && (strcmp(v, "1") == 0 ||
		    strcmp(v, "true") == 0);
		return;
	}
	if (strcmp(el, "sheet") != 0 ||
	    (name = xlsx_attr(atts, "name")) == NULL ||
	    (id = xlsx_attr(atts, "id")) == NULL)
		return;
	x->nth++;
	len = strlen(x->names);
	if (len + strlen(name) + 5 < sizeof(x->names))
		snprintf(x->names + len, sizeof(x->names) - len, "%s'%s'",
		    len > 0 ? ", " : "", name);
	if (x->found)
		return;
	if (x->ask == NULL ? x->nth == 1 : strcmp(x->ask, name) == 0 ||
	    (strspn(x->ask, "0123456789") == strlen(x->ask) &&
	    atol(x->ask) == x->nth)) {
		x->found = 1;
		snprintf(x->sheet, sizeof(x->sheet), "%s", name);
		snprintf(x->want_id, sizeof(x->want_id), "%s", id);
	}
}

static void
no_end(void *ud, const char *el)
{
	(void)ud;
	(void)el;
}

/* xl/_rels/workbook.xml.rels: the part of the sheet's relationship. */
static void
rels_start(void *ud, const char *el, const char **atts)
{
	struct xlsxin *x = ((struct csvin *)ud)->x;
	const char *id, *target;

	if (strcmp(xlsx_local(el), "Relationship") != 0 ||
	    (id = xlsx_attr(atts, "Id")) == NULL ||
	    (target = xlsx_attr(atts, "Target")) == NULL ||
	    strcmp(id, x->want_id) != 0)
		return;
	/* Relative to xl/, or from the package's root. */
	if (target[0] == '/')
		snprintf(x->part, sizeof(x->part), "%s", target + 1);
	else
		snprintf(x->part, sizeof(x->part), "xl/%s", target);
}

/*
 * Whether a number format code shows a date: y, m or d outside quoted
 * text, escapes and [brackets], and not a time alone ([h]:mm, mm:ss).
 */
static int
date_code(const char *s)
{
	int y = 0, m = 0, d = 0, hs = 0;

	for (; *s != '\0'; s++) {
		switch (*s) {
		case '"':
			while (s[1] != '\0' && *++s != '"')
				;
			break;
		case '\\':
		case '_':
		case '*':
			if (s[1] != '\0')
				s++;
			break;
		case '[':
			/* [h], [mm], [ss]: elapsed time, never a date. */
			if (strchr("hHmMsS", s[1]) != NULL)
				hs = 1;
			while (s[1] != '\0' && *++s != ']')
				;
			break;
		case 'y': case 'Y': y = 1; break;
		case 'm': case 'M': m = 1; break;
		case 'd': case 'D': d = 1; break;
		case 'h': case 'H': case 's': case 'S': hs = 1; break;
		}
	}
	return y || d || (m && !hs);
}

/*
 * Built-in number formats that show a date: 14-17 and 22 (m/d/yy ...),
 * and the East Asian ones Chinese Excel writes without defining them,
 * 27-36 and 50-58 (yyyy"年"m"月"d"日" ...).  18-21 and 45-47 show a time
 * alone (h:mm, mm:ss), a duration rather than a day: kept as numbers.
 */
static int
date_builtin(long id)
{
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) ||
	    (id >= 50 && id <= 58);
}

/* Custom formats' ids run from 164; more are not believed. */
#define NUMFMT_MAX	4096

/* xl/styles.xml: numFmt codes, then cellXfs, in that order. */
static void
styles_start(void *ud, const char *el, const char **atts)
{
	struct csvin *c = ud;
	struct xlsxin *x = c->x;
	const char *id, *code;
	long n;

	el = xlsx_local(el);
	if (strcmp(el, "numFmt") == 0 && (id = xlsx_attr(atts, "numFmtId")) &&
	    (code = xlsx_attr(atts, "formatCode")) != NULL) {
		n = atol(id);
		if (n >= 164 && n < 164 + NUMFMT_MAX && x->numfmt_date != NULL)
			x->numfmt_date[n - 164] = (char)date_code(code);
	} else if (strcmp(el, "cellXfs") == 0)
		x->in_xfs = 1;
	else if (strcmp(el, "xf") == 0 && x->in_xfs) {
		if (grow_array(&x->xf_date, &x->xfcap, x->nxf + 1, 1, 64) == -1) {
			csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(ENOMEM));
			stop(c);
			return;
		}
		n = (id = xlsx_attr(atts, "numFmtId")) != NULL ? atol(id) : 0;
		x->xf_date[x->nxf++] = (unsigned char)(date_builtin(n) ||
		    (n >= 164 && n < 164 + NUMFMT_MAX && x->numfmt_date[n - 164]));
	}
}

static void
styles_end(void *ud, const char *el)
{
	struct xlsxin *x = ((struct csvin *)ud)->x;

	if (strcmp(xlsx_local(el), "cellXfs") == 0)
		x->in_xfs = 0;
}

/*
 * xl/sharedStrings.xml: each <si>'s text, its <t> and its runs' <r><t>
 * joined, its phonetic runs (<rPh>) left out.
 */
static void
sst_start(void *ud, const char *el, const char **atts)
{
	struct xlsxin *x = ((struct csvin *)ud)->x;

	(void)atts;
	el = xlsx_local(el);
	if (strcmp(el, "si") == 0) {
		x->in_si = 1;
		x->clen = 0;
	} else if (strcmp(el, "rPh") == 0)
		x->in_rph = 1;
	else if (strcmp(el, "t") == 0 && x->in_si && !x->in_rph)
		x->in_text = 1;
}

static void
sst_end(void *ud, const char *el)
{
	struct csvin *c = ud;
	struct xlsxin *x = c->x;

	el = xlsx_local(el);
	if (strcmp(el, "t") == 0)
		x->in_text = 0;
	else if (strcmp(el, "rPh") == 0)
		x->in_rph = 0;
	else if (strcmp(el, "si") == 0) {
		x->in_si = 0;
		if (sst_add(&x->sst, x->cbuf != NULL ? x->cbuf : "",
		    x->clen) == -1) {
			if (errno == ENOMEM)
				csvin_fail(c, CSVIN_EIO, 0, "%s",
				    strerror(ENOMEM));
			else
				csvin_fail(c, CSVIN_EIO, 0, _("cannot keep the "
				    "workbook's shared strings in %s: %s: set "
				    "TMPDIR to a folder with room"),
				    x->sst.dir != NULL ? x->sst.dir : "$TMPDIR",
				    strerror(errno));
			stop(c);
			return;
		}
	}
}

static void
sst_text(void *ud, const char *s, int len)
{
	struct csvin *c = ud;
	struct xlsxin *x = c->x;

	if (!x->in_text)
		return;
	if (x->clen + (size_t)len > 4 * CSVIN_FIELD_MAX + 4) {
		csvin_fail(c, CSVIN_EINPUT, 0, _("a shared string over %d "
		    "characters"), CSVIN_FIELD_MAX);
		stop(c);
		return;
	}
	if (xlsx_append(&x->cbuf, &x->clen, &x->ccap, s, (size_t)len) == -1) {
		csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(ENOMEM));
		stop(c);
	}
}

/* The file's SHA-256 and size, reading it from its start. */
static int
hash_workbook(struct csvin *c)
{
	EVP_MD_CTX *md;
	size_t n;
	int rc = -1;

	if ((md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(md);
		return csvin_fail(c, CSVIN_EIO, 0, _("cannot hash the file"));
	}
	while ((n = fread(c->raw, 1, BLOCK, c->fp)) > 0) {
		c->size += (long long)n;
		if (EVP_DigestUpdate(md, c->raw, n) != 1)
			break;
	}
	if (ferror(c->fp) || !feof(c->fp))
		csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
	else if (csvin_keep_digest(c, md) == 0)
		rc = 0;
	EVP_MD_CTX_free(md);
	return rc;
}

int
xlsxin_open(struct csvin *c, const char *sheet)
{
	struct xlsxin *x;
	int fd, zerr;
	zip_error_t ze;

	if ((c->x = x = calloc(1, sizeof(*x))) == NULL)
		return csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(ENOMEM));
	sst_init(&x->sst, SST_MEMORY);	/* before a return: its fd is -1 */
	snprintf(c->encoding, sizeof(c->encoding), "xlsx");
	if (hash_workbook(c) == -1)
		return -1;
	if ((fd = dup(fileno(c->fp))) == -1)
		return csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(errno));
	if ((x->zip = zip_fdopen(fd, ZIP_CHECKCONS, &zerr)) == NULL) {
		close(fd);
		if (zerr == ZIP_ER_MEMORY)
			return csvin_fail(c, CSVIN_EIO, 0, "%s",
			    strerror(ENOMEM));
		if (zerr == ZIP_ER_NOZIP)
			return damaged(c, "cut short, or no zip archive", NULL);
		zip_error_init_with_code(&ze, zerr);
		damaged(c, "the zip archive", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return -1;
	}
	if (zip_name_locate(x->zip, "xl/workbook.bin", 0) >= 0)
		return csvin_fail(c, CSVIN_EINPUT, 0, _("an .xlsb workbook (Excel "
		    "binary), which powers does not read: %s"), resave);
	if (zip_name_locate(x->zip, "xl/workbook.xml", 0) < 0)
		return csvin_fail(c, CSVIN_EINPUT, 0, _("a zip archive, but no "
		    "xlsx workbook (it has no xl/workbook.xml): give a .xlsx "
		    "or CSV file"));
	x->ask = sheet;
	if (parse_entry(c, "xl/workbook.xml", 0, workbook_start, no_end,
	    NULL) == -1)
		return -1;
	if (!x->found) {
		if (sheet == NULL)
			return csvin_fail(c, CSVIN_EINPUT, 0, _("the workbook has "
			    "no sheet"));
		return csvin_fail(c, CSVIN_EINPUT, 0, _("the workbook has no "
		    "sheet %s%s%s: its sheets are %s"), strspn(sheet,
		    "0123456789") == strlen(sheet) ? "" : "'", sheet,
		    strspn(sheet, "0123456789") == strlen(sheet) ? "" : "'",
		    x->names);
	}
	snprintf(c->dialect, sizeof(c->dialect), "%s", x->sheet);
	if (parse_entry(c, "xl/_rels/workbook.xml.rels", 0, rels_start,
	    no_end, NULL) == -1)
		return -1;
	if (x->part[0] == '\0')
		return damaged(c, "the sheet's relationship is missing", NULL);
	if ((x->numfmt_date = calloc(NUMFMT_MAX, 1)) == NULL)
		return csvin_fail(c, CSVIN_EIO, 0, "%s", strerror(ENOMEM));
	if (parse_entry(c, "xl/styles.xml", 1, styles_start, styles_end,
	    NULL) == -1 ||
	    parse_entry(c, "xl/sharedStrings.xml", 1, sst_start, sst_end,
	    sst_text) == -1)
		return -1;
	free(x->numfmt_date);
	x->numfmt_date = NULL;
	return xlsx_sheet_start(c);
}

const char *
xlsxin_sheet(const struct xlsxin *x)
{
	return x->sheet;
}

void
xlsxin_close(struct xlsxin *x)
{
	if (x == NULL)
		return;
	xlsx_entry_close(&x->ent);
	if (x->p != NULL)
		XML_ParserFree(x->p);
	if (x->zip != NULL)
		zip_discard(x->zip);
	free(x->numfmt_date);
	free(x->xf_date);
	sst_free(&x->sst);
	free(x->cbuf);
	free(x->numeric);
	free(x);
}
