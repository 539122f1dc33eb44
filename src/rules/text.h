#ifndef TEXT_H
#define TEXT_H

#include <stddef.h>

/*
 * What a clerk cannot see: the characters a value may not hold, found by
 * their Unicode general category (utf8proc), and the helpers that name
 * them and measure how near two names are.  Pure functions over UTF-8: no
 * printing, no registry; safe from any thread.
 */

enum text_rule {
	TEXT_CODE,	/* a code: no white space, control or format char */
	TEXT_LINE,	/* one line: no control, format or line separator */
	TEXT_LINES	/* free text (note, legal_basis): tabs, line breaks */
};

enum text_flaw_kind {
	TEXT_NOT_UTF8,		/* a byte that begins no UTF-8 character */
	TEXT_SPACE,		/* white space inside a code (Zs, tab) */
	TEXT_CONTROL,		/* a control character (Cc) */
	TEXT_BREAK,		/* a tab or line break in a one-line field */
	TEXT_INVISIBLE,		/* a format character (Cf), or one that is
				   ignorable by default (U+034F, U+3164) */
	TEXT_NONCHAR,		/* unassigned, private use or a noncharacter
				   (Cn, Co, Cs): nothing a keyboard types */
	TEXT_WIDE		/* a full-width letter or digit in a code */
};

struct text_flaw {
	enum text_flaw_kind	 kind;
	long			 cp;	/* the code point; the byte if NOT_UTF8 */
	size_t			 offset;	/* its first byte in the value */
};

/*
 * The first character of S (LEN bytes) that RULE refuses: returns 0 when
 * there is none, else -1 with *FLAW set.  In TEXT_LINES a CR is a line
 * break only before an LF (CR LF, kept as given); a CR alone is refused.
 */
int	text_check(const char *s, size_t len, enum text_rule rule,
	    struct text_flaw *flaw);
/*
 * Say what FLAW is and what to do, e.g. "an invisible character, U+200B
 * (zero width space): delete it; it often comes from copying from a web
 * page", into BUF (SIZE bytes, always terminated).
 */
void	text_explain(const struct text_flaw *, char *buf, size_t size);
/*
 * S (LEN bytes) as a message may quote it: the characters around byte
 * AT (at most about 30 either side, "..." where cut), with every control,
 * format, line-separating and non-ASCII space character written as
 * <U+XXXX> and every byte that is not UTF-8 as <0xXX>.  Into BUF (SIZE
 * bytes, always terminated).
 */
void	text_show(const char *s, size_t len, size_t at, char *buf,
	    size_t size);
/*
 * text_check() with the message a refusal gives: when S (LEN bytes) holds
 * a flaw, "WHAT 'S as shown' holds WHAT IS WRONG: WHAT TO DO" goes into
 * MSG (SIZE bytes) and -1 is returned; else 0.  WHAT names the column or
 * option: "code (事项编码)", "--by".
 */
int	text_refusal(const char *what, const char *s, size_t len,
	    enum text_rule rule, char *msg, size_t size);

/*
 * 1 when the code S looks like a number Excel wrote in scientific
 * notation: "1.03E+10", "1.03e10", "1E+11", "1,03E+10".
 */
int	text_is_scientific(const char *s);

/*
 * When the code S bears a mark of Excel's (scientific notation, a
 * leading text marker ', a formula ="...", a number with decimals
 * "10310001000.0"), say what it looks like into BUF (SIZE bytes) and
 * return 1; else 0.
 */
int	text_excel_damage(const char *s, char *buf, size_t size);

/* The number of code points in S (a byte that is not UTF-8 counts one). */
size_t	text_length(const char *s);
/*
 * The edit distance from A to B in code points (insert, delete, replace
 * one character), or (size_t)-1 when either is over 256 characters.
 */
size_t	text_distance(const char *a, const char *b);
/*
 * 1 when every character of NEEDLE comes in HAY in the same order, as
 * in a Chinese short form: 住建局 in 住房和城乡建设局.
 */
int	text_in_order(const char *needle, const char *hay);

/*
 * Trim *S, *LEN bytes of UTF-8, of white space at both ends: ASCII,
 * U+00A0 (no-break space) and U+3000 (ideographic space), as a sheet's
 * values are trimmed.
 */
void	text_trim(const char **s, size_t *len);
/* The same on a string of one's own (an argument): cut in place. */
char	*text_trim_arg(char *s);

#endif
