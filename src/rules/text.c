/*
 * What a clerk cannot see: see text.h.  The Unicode general categories
 * come from utf8proc, so that no table of invisible characters is kept
 * here by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "i18n.h"
#include "text.h"

/*
 * The code point at S (LEN bytes left): its length in bytes, *CP set; a
 * byte that begins no UTF-8 character is 1 byte long, *CP = -1.
 */
static size_t
next_cp(const char *s, size_t len, long *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n;

	n = utf8proc_iterate((const utf8proc_uint8_t *)s,
	    (utf8proc_ssize_t)(len > 4 ? 4 : len), &c);
	if (n <= 0) {
		*cp = -1;
		return 1;
	}
	*cp = c;
	return (size_t)n;
}

int
text_check(const char *s, size_t len, enum text_rule rule,
    struct text_flaw *flaw)
{
	utf8proc_category_t cat;
	size_t i, n;
	long cp;

	for (i = 0; i < len; i += n) {
		/* ASCII letters and digits, the most of every sheet, first. */
		if ((unsigned char)s[i] > 0x20 && (unsigned char)s[i] < 0x7f) {
			n = 1;
			continue;
		}
		/*
		 * Then Chinese: E4..E9 lead U+4000..U+9FFF, ideographs and
		 * hexagrams, none of them refused.
		 */
		if ((unsigned char)s[i] >= 0xe4 && (unsigned char)s[i] <= 0xe9 &&
		    i + 2 < len && ((unsigned char)s[i + 1] & 0xc0) == 0x80 &&
		    ((unsigned char)s[i + 2] & 0xc0) == 0x80) {
			n = 3;
			continue;
		}
		n = next_cp(s + i, len - i, &cp);
		flaw->offset = i;
		if (cp < 0) {
			flaw->kind = TEXT_NOT_UTF8;
			flaw->cp = (unsigned char)s[i];
			return -1;
		}
		flaw->cp = cp;
		cat = utf8proc_category((utf8proc_int32_t)cp);
		if (rule == TEXT_CODE && (cat == UTF8PROC_CATEGORY_ZS ||
		    cp == '\t')) {
			flaw->kind = TEXT_SPACE;
			return -1;
		}
		if (cat == UTF8PROC_CATEGORY_CC) {
			if (rule == TEXT_LINES && (cp == '\t' || cp == '\n' ||
			    (cp == '\r' && i + 1 < len && s[i + 1] == '\n')))
				continue;
			flaw->kind = rule != TEXT_LINES && (cp == '\t' ||
			    cp == '\n' || cp == '\r') ? TEXT_BREAK : TEXT_CONTROL;
			return -1;
		}
		if ((cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP) &&
		    rule != TEXT_LINES) {
			flaw->kind = TEXT_BREAK;
			return -1;
		}
		if ((cat == UTF8PROC_CATEGORY_CF ||
		    utf8proc_get_property((utf8proc_int32_t)cp)->ignorable) &&
		    rule != TEXT_LINES) {
			flaw->kind = TEXT_INVISIBLE;
			return -1;
		}
		if ((cat == UTF8PROC_CATEGORY_CN || cat == UTF8PROC_CATEGORY_CO ||
		    cat == UTF8PROC_CATEGORY_CS) && rule != TEXT_LINES) {
			flaw->kind = TEXT_NONCHAR;
			return -1;
		}
		/* Full-width ASCII (U+FF01..FF5E): １ is not 1 to a lookup. */
		if (rule == TEXT_CODE && cp >= 0xff01 && cp <= 0xff5e) {
			flaw->kind = TEXT_WIDE;
			return -1;
		}
	}
	return 0;
}

/*
 * A short name for the characters a clerk meets most, to be translated;
 * NULL for others.
 */
static const char *
cp_name(long cp)
{
	static const struct {
		long		 cp;
		const char	*name;
	} names[] = {
		{ 0x00, N_("null") }, { 0x07, N_("bell") }, { 0x08, N_("backspace") },
		{ 0x09, N_("tab") }, { 0x0a, N_("line feed") },
		{ 0x0b, N_("vertical tab") }, { 0x0c, N_("form feed") },
		{ 0x0d, N_("carriage return") }, { 0x1b, N_("escape") },
		{ 0x20, N_("space") }, { 0x7f, N_("delete") },
		{ 0x85, N_("next line") }, { 0xa0, N_("no-break space") },
		{ 0xad, N_("soft hyphen") }, { 0x200b, N_("zero width space") },
		{ 0x200c, N_("zero width non-joiner") },
		{ 0x200d, N_("zero width joiner") },
		{ 0x200e, N_("left-to-right mark") },
		{ 0x200f, N_("right-to-left mark") },
		{ 0x2028, N_("line separator") }, { 0x2029, N_("paragraph separator") },
		{ 0x202e, N_("right-to-left override") },
		{ 0x202f, N_("narrow no-break space") },
		{ 0x2060, N_("word joiner") }, { 0x3000, N_("ideographic space") },
		{ 0xfeff, N_("byte order mark") },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].cp == cp)
			return names[i].name;
	return NULL;
}

void
text_explain(const struct text_flaw *f, char *buf, size_t size)
{
	const char *name = cp_name(f->cp);
	char who[64];

	if (f->kind == TEXT_NOT_UTF8) {
		snprintf(buf, size, _("byte 0x%02lX, which is not UTF-8: give the "
		    "text in UTF-8"), f->cp);
		return;
	}
	if (name != NULL)
		snprintf(who, sizeof(who), "U+%04lX (%s)", f->cp, _(name));
	else
		snprintf(who, sizeof(who), "U+%04lX", f->cp);
	switch (f->kind) {
	case TEXT_SPACE:
		snprintf(buf, size, _("white space, %s: a code has none inside; "
		    "delete it"), who);
		break;
	case TEXT_BREAK:
		snprintf(buf, size, _("a line break or tab, %s: only a note or "
		    "legal basis may hold them; delete it or join the lines"),
		    who);
		break;
	case TEXT_INVISIBLE:
		snprintf(buf, size, _("an invisible character, %s: delete it; it "
		    "often comes from copying from a web page"), who);
		break;
	case TEXT_NONCHAR:
		snprintf(buf, size, _("%s, which is no character of Unicode's "
		    "(unassigned, private use or a noncharacter): delete it"),
		    who);
		break;
	case TEXT_WIDE:
		snprintf(buf, size, _("a full-width character, %s: type the code "
		    "in half-width (半角) letters and digits"), who);
		break;
	default:
		snprintf(buf, size, _("a control character, %s: delete it"), who);
		break;
	}
}

/* 1 when text_show() writes CP as <U+XXXX>. */
static int
hidden(long cp)
{
	utf8proc_category_t cat;

	if (cp == ' ')
		return 0;
	cat = utf8proc_category((utf8proc_int32_t)cp);
	return cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_CF ||
	    cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
	    cat == UTF8PROC_CATEGORY_ZP || cat == UTF8PROC_CATEGORY_CN ||
	    cat == UTF8PROC_CATEGORY_CO || cat == UTF8PROC_CATEGORY_CS ||
	    utf8proc_get_property((utf8proc_int32_t)cp)->ignorable;
}

#define SHOW_AROUND	30	/* characters shown either side */

void
text_show(const char *s, size_t len, size_t at, char *buf, size_t size)
{
	size_t i, n, o = 0, from = 0, before = 0, shown = 0;
	char piece[16];
	long cp;

	if (size == 0)
		return;
	buf[0] = '\0';
	/* Start SHOW_AROUND characters before AT. */
	for (i = 0; i < at && i < len; i += n) {
		n = next_cp(s + i, len - i, &cp);
		before++;
	}
	if (before > SHOW_AROUND) {
		for (i = 0, n = 0; before > SHOW_AROUND; i += n, before--)
			n = next_cp(s + i, len - i, &cp);
		from = i;
	}
	if (from > 0)
		o += (size_t)snprintf(buf + o, size - o, "...");
	for (i = from; i < len && o < size; i += n) {
		n = next_cp(s + i, len - i, &cp);
		if (shown++ == before + SHOW_AROUND) {
			snprintf(buf + o, size - o, "...");
			return;
		}
		if (cp < 0)
			snprintf(piece, sizeof(piece), "<0x%02X>",
			    (unsigned char)s[i]);
		else if (hidden(cp))
			snprintf(piece, sizeof(piece), "<U+%04lX>", cp);
		else {
			memcpy(piece, s + i, n);
			piece[n] = '\0';
		}
		if (o + strlen(piece) >= size)
			break;
		memcpy(buf + o, piece, strlen(piece) + 1);
		o += strlen(piece);
	}
}

int
text_refusal(const char *what, const char *s, size_t len,
    enum text_rule rule, char *msg, size_t size)
{
	struct text_flaw f;
	char shown[256], why[256];

	if (text_check(s, len, rule, &f) == 0)
		return 0;
	text_show(s, len, f.offset, shown, sizeof(shown));
	text_explain(&f, why, sizeof(why));
	snprintf(msg, size, _("%s '%s' holds %s"), what, shown, why);
	return -1;
}

int
text_is_scientific(const char *s)
{
	const char *p = s;

	/* Excel's form: one digit, a fraction, E, a signed exponent. */
	if (*p < '1' || *p > '9')
		return 0;
	p++;
	if (*p == '.' || *p == ',') {
		p++;
		if (*p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p != 'E' && *p != 'e')
		return 0;
	p++;
	if (*p == '+' || *p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	return *p == '\0';
}

int
text_excel_damage(const char *s, char *buf, size_t size)
{
	size_t n = strspn(s, "0123456789");

	if (text_is_scientific(s))
		snprintf(buf, size, _("looks like a number Excel turned into "
		    "scientific notation"));
	else if (*s == '\'')
		snprintf(buf, size, _("starts with ', Excel's mark for text, "
		    "which is no part of the code"));
	else if (*s == '=' && s[1] == '"')
		snprintf(buf, size, _("looks like an Excel formula (=\"...\"), "
		    "not a code"));
	else if (n > 0 && s[n] == '.' && s[n + 1] != '\0' &&
	    strspn(s + n + 1, "0") == strlen(s + n + 1))
		snprintf(buf, size, _("looks like a number Excel wrote with "
		    "decimals"));
	else
		return 0;
	return 1;
}

size_t
text_length(const char *s)
{
	size_t i, n, len = strlen(s), count = 0;
	long cp;

	for (i = 0; i < len; i += n, count++)
		n = next_cp(s + i, len - i, &cp);
	return count;
}

#define DISTANCE_MAX	256	/* characters; names are far shorter */

/* Decode S into at most DISTANCE_MAX code points; their count, or -1. */
static long
decode(const char *s, long *out)
{
	size_t i, n, len = strlen(s);
	long count = 0;

	for (i = 0; i < len; i += n) {
		if (count == DISTANCE_MAX)
			return -1;
		n = next_cp(s + i, len - i, &out[count]);
		if (out[count] < 0)
			out[count] = -(long)(unsigned char)s[i] - 1;
		count++;
	}
	return count;
}

size_t
text_distance(const char *a, const char *b)
{
	long ca[DISTANCE_MAX], cb[DISTANCE_MAX];
	size_t row[DISTANCE_MAX + 1], diag, up, best;
	long na, nb, i, j;

	if ((na = decode(a, ca)) < 0 || (nb = decode(b, cb)) < 0)
		return (size_t)-1;
	/* Levenshtein over one row: row[j] is the distance a[..i], b[..j]. */
	for (j = 0; j <= nb; j++)
		row[j] = (size_t)j;
	for (i = 1; i <= na; i++) {
		diag = row[0];
		row[0] = (size_t)i;
		for (j = 1; j <= nb; j++) {
			up = row[j];
			best = diag + (ca[i - 1] != cb[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[nb];
}

int
text_in_order(const char *needle, const char *hay)
{
	size_t i = 0, j = 0, n, m, nlen = strlen(needle), hlen = strlen(hay);
	long a, b;

	while (i < nlen) {
		n = next_cp(needle + i, nlen - i, &a);
		for (;;) {
			if (j >= hlen)
				return 0;
			m = next_cp(hay + j, hlen - j, &b);
			j += m;
			if (a == b && n == m && memcmp(needle + i, hay + j - m,
			    n) == 0)
				break;
		}
		i += n;
	}
	return 1;
}

static int
is_ascii_space(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	    ch == '\v' || ch == '\f';
}

/*
 * Trim *S, *LEN bytes of UTF-8, of ASCII white space, U+00A0 (no-break
 * space, C2 A0) and U+3000 (ideographic space, E3 80 80) at both ends.
 * C2 and E3 are lead bytes, so a match at the end cannot be the tail of
 * another character.
 */
void
text_trim(const char **s, size_t *len)
{
	const unsigned char *p = (const unsigned char *)*s;
	size_t n = *len;

	for (;;) {
		if (n >= 1 && is_ascii_space(p[0]))
			p++, n--;
		else if (n >= 2 && p[0] == 0xc2 && p[1] == 0xa0)
			p += 2, n -= 2;
		else if (n >= 3 && p[0] == 0xe3 && p[1] == 0x80 &&
		    p[2] == 0x80)
			p += 3, n -= 3;
		else
			break;
	}
	for (;;) {
		if (n >= 1 && is_ascii_space(p[n - 1]))
			n--;
		else if (n >= 2 && p[n - 2] == 0xc2 && p[n - 1] == 0xa0)
			n -= 2;
		else if (n >= 3 && p[n - 3] == 0xe3 && p[n - 2] == 0x80 &&
		    p[n - 1] == 0x80)
			n -= 3;
		else
			break;
	}
	*s = (const char *)p;
	*len = n;
}

char *
text_trim_arg(char *s)
{
	const char *p = s;
	size_t len = strlen(s);

	text_trim(&p, &len);
	s = (char *)p;
	/* Written only when cut: a caller's literal needs no trimming. */
	if (s[len] != '\0')
		s[len] = '\0';
	return s;
}
