/*
 * Writers for rows of text: an aligned table, CSV, TSV, Markdown, and
 * JSON objects with a key for each column.
 *
 * Only the table is buffered, because its columns are measured before the
 * first line is printed; the other formats stream one row at a time, so a
 * large export costs no memory here.  Nothing is printed before the first
 * row or out_end(): a writer freed with out_free() after an early error
 * leaves no half header behind.
 */
#include <sys/ioctl.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out.h"

/* A table column cut to fit the terminal keeps at least this many. */
#define OUT_MINWIDTH	6

struct out_col {
	size_t		 width;		/* widest cell or the name, in columns */
	size_t		 nonempty;	/* cells that are neither NULL nor "" */
	int		 text;		/* some non-empty cell is not a number */
};

struct out {
	FILE		*fp;		/* borrowed: the caller closes it */
	enum out_format	 format;
	size_t		 ncol;
	char		**columns;	/* owned copies of the names */
	struct out_col	*cols;		/* OUT_TABLE: measured as rows arrive */
	char		**cells;	/* OUT_TABLE: nkept * ncol owned copies */
	size_t		 nrow;		/* rows taken (all formats) */
	size_t		 nkept;		/* OUT_TABLE: rows in cells */
	size_t		 caprow;	/* rows that cells has room for */
	size_t		 kept;		/* OUT_TABLE: bytes that cells holds */
	FILE		*spill;		/* OUT_TABLE: the rows, past OUT_KEEP */
	size_t		 maxwidth;	/* OUT_TABLE: cut to fit; 0: never */
	int		 begun;		/* the header or '[' is out */
	int		 bold;		/* OUT_TABLE: a bold header (a terminal) */
	int		 options;	/* OUT_CSV, OUT_TSV: OUT_BOM ... */
	int		 visible;	/* show control characters escaped */
	int		 failed;	/* a call returned -1 */
};

/*
 * A line of the table.  Spaces are held back until something visible
 * follows them, so that no line ends in spaces, whatever the padding of
 * the last columns or the cells' own trailing blanks.
 */
struct line {
	FILE		*fp;
	size_t		 pending;	/* spaces not yet written */
};

/*
 * Display width tables, Unicode 14.0, as sorted inclusive ranges.
 *
 * out_zero: general categories Mn and Me, the zero width format characters
 * U+200B..U+200F, U+2028..U+202E, U+2060..U+2064, U+FEFF and the tags
 * U+E0001, U+E0020..U+E007F, and the Hangul medial vowels and final
 * consonants U+1160..U+11FF, U+D7B0..U+D7FF (they join the preceding
 * initial into one syllable).  Unassigned code points between two ranges
 * are folded in to keep the table short.
 *
 * out_wide: East_Asian_Width W or F (EastAsianWidth.txt), with the
 * unassigned code points of the CJK blocks and planes 2 and 3, which that
 * file defaults to W.  Ambiguous (A) characters take one column: that is
 * what terminals do outside CJK legacy locales, and the registry's text is
 * UTF-8.
 *
 * Both came from Python's unicodedata; out_zero is searched first, so the
 * few wide combining marks (U+302A..U+302D, U+3099, U+309A) count zero.
 */
struct out_range {
	uint32_t	 first;
	uint32_t	 last;
};

static const struct out_range out_zero[] = {
	{ 0x00300, 0x0036f }, { 0x00483, 0x00489 }, { 0x00591, 0x005bd },
	{ 0x005bf, 0x005bf }, { 0x005c1, 0x005c2 }, { 0x005c4, 0x005c5 },
	{ 0x005c7, 0x005c7 }, { 0x00610, 0x0061a }, { 0x0064b, 0x0065f },
	{ 0x00670, 0x00670 }, { 0x006d6, 0x006dc }, { 0x006df, 0x006e4 },
	{ 0x006e7, 0x006e8 }, { 0x006ea, 0x006ed }, { 0x00711, 0x00711 },
	{ 0x00730, 0x0074a }, { 0x007a6, 0x007b0 }, { 0x007eb, 0x007f3 },
	{ 0x007fd, 0x007fd }, { 0x00816, 0x00819 }, { 0x0081b, 0x00823 },
	{ 0x00825, 0x00827 }, { 0x00829, 0x0082d }, { 0x00859, 0x0085b },
	{ 0x00898, 0x0089f }, { 0x008ca, 0x008e1 }, { 0x008e3, 0x00902 },
	{ 0x0093a, 0x0093a }, { 0x0093c, 0x0093c }, { 0x00941, 0x00948 },
	{ 0x0094d, 0x0094d }, { 0x00951, 0x00957 }, { 0x00962, 0x00963 },
	{ 0x00981, 0x00981 }, { 0x009bc, 0x009bc }, { 0x009c1, 0x009c4 },
	{ 0x009cd, 0x009cd }, { 0x009e2, 0x009e3 }, { 0x009fe, 0x00a02 },
	{ 0x00a3c, 0x00a3c }, { 0x00a41, 0x00a51 }, { 0x00a70, 0x00a71 },
	{ 0x00a75, 0x00a75 }, { 0x00a81, 0x00a82 }, { 0x00abc, 0x00abc },
	{ 0x00ac1, 0x00ac8 }, { 0x00acd, 0x00acd }, { 0x00ae2, 0x00ae3 },
	{ 0x00afa, 0x00b01 }, { 0x00b3c, 0x00b3c }, { 0x00b3f, 0x00b3f },
	{ 0x00b41, 0x00b44 }, { 0x00b4d, 0x00b56 }, { 0x00b62, 0x00b63 },
	{ 0x00b82, 0x00b82 }, { 0x00bc0, 0x00bc0 }, { 0x00bcd, 0x00bcd },
	{ 0x00c00, 0x00c00 }, { 0x00c04, 0x00c04 }, { 0x00c3c, 0x00c3c },
	{ 0x00c3e, 0x00c40 }, { 0x00c46, 0x00c56 }, { 0x00c62, 0x00c63 },
	{ 0x00c81, 0x00c81 }, { 0x00cbc, 0x00cbc }, { 0x00cbf, 0x00cbf },
	{ 0x00cc6, 0x00cc6 }, { 0x00ccc, 0x00ccd }, { 0x00ce2, 0x00ce3 },
	{ 0x00d00, 0x00d01 }, { 0x00d3b, 0x00d3c }, { 0x00d41, 0x00d44 },
	{ 0x00d4d, 0x00d4d }, { 0x00d62, 0x00d63 }, { 0x00d81, 0x00d81 },
	{ 0x00dca, 0x00dca }, { 0x00dd2, 0x00dd6 }, { 0x00e31, 0x00e31 },
	{ 0x00e34, 0x00e3a }, { 0x00e47, 0x00e4e }, { 0x00eb1, 0x00eb1 },
	{ 0x00eb4, 0x00ebc }, { 0x00ec8, 0x00ecd }, { 0x00f18, 0x00f19 },
	{ 0x00f35, 0x00f35 }, { 0x00f37, 0x00f37 }, { 0x00f39, 0x00f39 },
	{ 0x00f71, 0x00f7e }, { 0x00f80, 0x00f84 }, { 0x00f86, 0x00f87 },
	{ 0x00f8d, 0x00fbc }, { 0x00fc6, 0x00fc6 }, { 0x0102d, 0x01030 },
	{ 0x01032, 0x01037 }, { 0x01039, 0x0103a }, { 0x0103d, 0x0103e },
	{ 0x01058, 0x01059 }, { 0x0105e, 0x01060 }, { 0x01071, 0x01074 },
	{ 0x01082, 0x01082 }, { 0x01085, 0x01086 }, { 0x0108d, 0x0108d },
	{ 0x0109d, 0x0109d }, { 0x01160, 0x011ff }, { 0x0135d, 0x0135f },
	{ 0x01712, 0x01714 }, { 0x01732, 0x01733 }, { 0x01752, 0x01753 },
	{ 0x01772, 0x01773 }, { 0x017b4, 0x017b5 }, { 0x017b7, 0x017bd },
	{ 0x017c6, 0x017c6 }, { 0x017c9, 0x017d3 }, { 0x017dd, 0x017dd },
	{ 0x0180b, 0x0180d }, { 0x0180f, 0x0180f }, { 0x01885, 0x01886 },
	{ 0x018a9, 0x018a9 }, { 0x01920, 0x01922 }, { 0x01927, 0x01928 },
	{ 0x01932, 0x01932 }, { 0x01939, 0x0193b }, { 0x01a17, 0x01a18 },
	{ 0x01a1b, 0x01a1b }, { 0x01a56, 0x01a56 }, { 0x01a58, 0x01a60 },
	{ 0x01a62, 0x01a62 }, { 0x01a65, 0x01a6c }, { 0x01a73, 0x01a7f },
	{ 0x01ab0, 0x01b03 }, { 0x01b34, 0x01b34 }, { 0x01b36, 0x01b3a },
	{ 0x01b3c, 0x01b3c }, { 0x01b42, 0x01b42 }, { 0x01b6b, 0x01b73 },
	{ 0x01b80, 0x01b81 }, { 0x01ba2, 0x01ba5 }, { 0x01ba8, 0x01ba9 },
	{ 0x01bab, 0x01bad }, { 0x01be6, 0x01be6 }, { 0x01be8, 0x01be9 },
	{ 0x01bed, 0x01bed }, { 0x01bef, 0x01bf1 }, { 0x01c2c, 0x01c33 },
	{ 0x01c36, 0x01c37 }, { 0x01cd0, 0x01cd2 }, { 0x01cd4, 0x01ce0 },
	{ 0x01ce2, 0x01ce8 }, { 0x01ced, 0x01ced }, { 0x01cf4, 0x01cf4 },
	{ 0x01cf8, 0x01cf9 }, { 0x01dc0, 0x01dff }, { 0x0200b, 0x0200f },
	{ 0x02028, 0x0202e }, { 0x02060, 0x02064 }, { 0x020d0, 0x020f0 },
	{ 0x02cef, 0x02cf1 }, { 0x02d7f, 0x02d7f }, { 0x02de0, 0x02dff },
	{ 0x0302a, 0x0302d }, { 0x03099, 0x0309a }, { 0x0a66f, 0x0a672 },
	{ 0x0a674, 0x0a67d }, { 0x0a69e, 0x0a69f }, { 0x0a6f0, 0x0a6f1 },
	{ 0x0a802, 0x0a802 }, { 0x0a806, 0x0a806 }, { 0x0a80b, 0x0a80b },
	{ 0x0a825, 0x0a826 }, { 0x0a82c, 0x0a82c }, { 0x0a8c4, 0x0a8c5 },
	{ 0x0a8e0, 0x0a8f1 }, { 0x0a8ff, 0x0a8ff }, { 0x0a926, 0x0a92d },
	{ 0x0a947, 0x0a951 }, { 0x0a980, 0x0a982 }, { 0x0a9b3, 0x0a9b3 },
	{ 0x0a9b6, 0x0a9b9 }, { 0x0a9bc, 0x0a9bd }, { 0x0a9e5, 0x0a9e5 },
	{ 0x0aa29, 0x0aa2e }, { 0x0aa31, 0x0aa32 }, { 0x0aa35, 0x0aa36 },
	{ 0x0aa43, 0x0aa43 }, { 0x0aa4c, 0x0aa4c }, { 0x0aa7c, 0x0aa7c },
	{ 0x0aab0, 0x0aab0 }, { 0x0aab2, 0x0aab4 }, { 0x0aab7, 0x0aab8 },
	{ 0x0aabe, 0x0aabf }, { 0x0aac1, 0x0aac1 }, { 0x0aaec, 0x0aaed },
	{ 0x0aaf6, 0x0aaf6 }, { 0x0abe5, 0x0abe5 }, { 0x0abe8, 0x0abe8 },
	{ 0x0abed, 0x0abed }, { 0x0d7b0, 0x0d7ff }, { 0x0fb1e, 0x0fb1e },
	{ 0x0fe00, 0x0fe0f }, { 0x0fe20, 0x0fe2f }, { 0x0feff, 0x0feff },
	{ 0x101fd, 0x101fd }, { 0x102e0, 0x102e0 }, { 0x10376, 0x1037a },
	{ 0x10a01, 0x10a0f }, { 0x10a38, 0x10a3f }, { 0x10ae5, 0x10ae6 },
	{ 0x10d24, 0x10d27 }, { 0x10eab, 0x10eac }, { 0x10f46, 0x10f50 },
	{ 0x10f82, 0x10f85 }, { 0x11001, 0x11001 }, { 0x11038, 0x11046 },
	{ 0x11070, 0x11070 }, { 0x11073, 0x11074 }, { 0x1107f, 0x11081 },
	{ 0x110b3, 0x110b6 }, { 0x110b9, 0x110ba }, { 0x110c2, 0x110c2 },
	{ 0x11100, 0x11102 }, { 0x11127, 0x1112b }, { 0x1112d, 0x11134 },
	{ 0x11173, 0x11173 }, { 0x11180, 0x11181 }, { 0x111b6, 0x111be },
	{ 0x111c9, 0x111cc }, { 0x111cf, 0x111cf }, { 0x1122f, 0x11231 },
	{ 0x11234, 0x11234 }, { 0x11236, 0x11237 }, { 0x1123e, 0x1123e },
	{ 0x112df, 0x112df }, { 0x112e3, 0x112ea }, { 0x11300, 0x11301 },
	{ 0x1133b, 0x1133c }, { 0x11340, 0x11340 }, { 0x11366, 0x11374 },
	{ 0x11438, 0x1143f }, { 0x11442, 0x11444 }, { 0x11446, 0x11446 },
	{ 0x1145e, 0x1145e }, { 0x114b3, 0x114b8 }, { 0x114ba, 0x114ba },
	{ 0x114bf, 0x114c0 }, { 0x114c2, 0x114c3 }, { 0x115b2, 0x115b5 },
	{ 0x115bc, 0x115bd }, { 0x115bf, 0x115c0 }, { 0x115dc, 0x115dd },
	{ 0x11633, 0x1163a }, { 0x1163d, 0x1163d }, { 0x1163f, 0x11640 },
	{ 0x116ab, 0x116ab }, { 0x116ad, 0x116ad }, { 0x116b0, 0x116b5 },
	{ 0x116b7, 0x116b7 }, { 0x1171d, 0x1171f }, { 0x11722, 0x11725 },
	{ 0x11727, 0x1172b }, { 0x1182f, 0x11837 }, { 0x11839, 0x1183a },
	{ 0x1193b, 0x1193c }, { 0x1193e, 0x1193e }, { 0x11943, 0x11943 },
	{ 0x119d4, 0x119db }, { 0x119e0, 0x119e0 }, { 0x11a01, 0x11a0a },
	{ 0x11a33, 0x11a38 }, { 0x11a3b, 0x11a3e }, { 0x11a47, 0x11a47 },
	{ 0x11a51, 0x11a56 }, { 0x11a59, 0x11a5b }, { 0x11a8a, 0x11a96 },
	{ 0x11a98, 0x11a99 }, { 0x11c30, 0x11c3d }, { 0x11c3f, 0x11c3f },
	{ 0x11c92, 0x11ca7 }, { 0x11caa, 0x11cb0 }, { 0x11cb2, 0x11cb3 },
	{ 0x11cb5, 0x11cb6 }, { 0x11d31, 0x11d45 }, { 0x11d47, 0x11d47 },
	{ 0x11d90, 0x11d91 }, { 0x11d95, 0x11d95 }, { 0x11d97, 0x11d97 },
	{ 0x11ef3, 0x11ef4 }, { 0x16af0, 0x16af4 }, { 0x16b30, 0x16b36 },
	{ 0x16f4f, 0x16f4f }, { 0x16f8f, 0x16f92 }, { 0x16fe4, 0x16fe4 },
	{ 0x1bc9d, 0x1bc9e }, { 0x1cf00, 0x1cf46 }, { 0x1d167, 0x1d169 },
	{ 0x1d17b, 0x1d182 }, { 0x1d185, 0x1d18b }, { 0x1d1aa, 0x1d1ad },
	{ 0x1d242, 0x1d244 }, { 0x1da00, 0x1da36 }, { 0x1da3b, 0x1da6c },
	{ 0x1da75, 0x1da75 }, { 0x1da84, 0x1da84 }, { 0x1da9b, 0x1daaf },
	{ 0x1e000, 0x1e02a }, { 0x1e130, 0x1e136 }, { 0x1e2ae, 0x1e2ae },
	{ 0x1e2ec, 0x1e2ef }, { 0x1e8d0, 0x1e8d6 }, { 0x1e944, 0x1e94a },
	{ 0xe0001, 0xe01ef },
};

static const struct out_range out_wide[] = {
	{ 0x01100, 0x0115f }, { 0x0231a, 0x0231b }, { 0x02329, 0x0232a },
	{ 0x023e9, 0x023ec }, { 0x023f0, 0x023f0 }, { 0x023f3, 0x023f3 },
	{ 0x025fd, 0x025fe }, { 0x02614, 0x02615 }, { 0x02648, 0x02653 },
	{ 0x0267f, 0x0267f }, { 0x02693, 0x02693 }, { 0x026a1, 0x026a1 },
	{ 0x026aa, 0x026ab }, { 0x026bd, 0x026be }, { 0x026c4, 0x026c5 },
	{ 0x026ce, 0x026ce }, { 0x026d4, 0x026d4 }, { 0x026ea, 0x026ea },
	{ 0x026f2, 0x026f3 }, { 0x026f5, 0x026f5 }, { 0x026fa, 0x026fa },
	{ 0x026fd, 0x026fd }, { 0x02705, 0x02705 }, { 0x0270a, 0x0270b },
	{ 0x02728, 0x02728 }, { 0x0274c, 0x0274c }, { 0x0274e, 0x0274e },
	{ 0x02753, 0x02755 }, { 0x02757, 0x02757 }, { 0x02795, 0x02797 },
	{ 0x027b0, 0x027b0 }, { 0x027bf, 0x027bf }, { 0x02b1b, 0x02b1c },
	{ 0x02b50, 0x02b50 }, { 0x02b55, 0x02b55 }, { 0x02e80, 0x02e99 },
	{ 0x02e9b, 0x02ef3 }, { 0x02f00, 0x02fd5 }, { 0x02ff0, 0x02ffb },
	{ 0x03000, 0x03029 }, { 0x0302e, 0x0303e }, { 0x03041, 0x03096 },
	{ 0x0309b, 0x030ff }, { 0x03105, 0x0312f }, { 0x03131, 0x0318e },
	{ 0x03190, 0x031e3 }, { 0x031f0, 0x0321e }, { 0x03220, 0x03247 },
	{ 0x03250, 0x04dbf }, { 0x04e00, 0x0a48c }, { 0x0a490, 0x0a4c6 },
	{ 0x0a960, 0x0a97c }, { 0x0ac00, 0x0d7a3 }, { 0x0f900, 0x0faff },
	{ 0x0fe10, 0x0fe19 }, { 0x0fe30, 0x0fe52 }, { 0x0fe54, 0x0fe66 },
	{ 0x0fe68, 0x0fe6b }, { 0x0ff01, 0x0ff60 }, { 0x0ffe0, 0x0ffe6 },
	{ 0x16fe0, 0x16fe3 }, { 0x16ff0, 0x16ff1 }, { 0x17000, 0x187f7 },
	{ 0x18800, 0x18cd5 }, { 0x18d00, 0x18d08 }, { 0x1aff0, 0x1aff3 },
	{ 0x1aff5, 0x1affb }, { 0x1affd, 0x1affe }, { 0x1b000, 0x1b122 },
	{ 0x1b150, 0x1b152 }, { 0x1b164, 0x1b167 }, { 0x1b170, 0x1b2fb },
	{ 0x1f004, 0x1f004 }, { 0x1f0cf, 0x1f0cf }, { 0x1f18e, 0x1f18e },
	{ 0x1f191, 0x1f19a }, { 0x1f200, 0x1f202 }, { 0x1f210, 0x1f23b },
	{ 0x1f240, 0x1f248 }, { 0x1f250, 0x1f251 }, { 0x1f260, 0x1f265 },
	{ 0x1f300, 0x1f320 }, { 0x1f32d, 0x1f335 }, { 0x1f337, 0x1f37c },
	{ 0x1f37e, 0x1f393 }, { 0x1f3a0, 0x1f3ca }, { 0x1f3cf, 0x1f3d3 },
	{ 0x1f3e0, 0x1f3f0 }, { 0x1f3f4, 0x1f3f4 }, { 0x1f3f8, 0x1f43e },
	{ 0x1f440, 0x1f440 }, { 0x1f442, 0x1f4fc }, { 0x1f4ff, 0x1f53d },
	{ 0x1f54b, 0x1f54e }, { 0x1f550, 0x1f567 }, { 0x1f57a, 0x1f57a },
	{ 0x1f595, 0x1f596 }, { 0x1f5a4, 0x1f5a4 }, { 0x1f5fb, 0x1f64f },
	{ 0x1f680, 0x1f6c5 }, { 0x1f6cc, 0x1f6cc }, { 0x1f6d0, 0x1f6d2 },
	{ 0x1f6d5, 0x1f6d7 }, { 0x1f6dd, 0x1f6df }, { 0x1f6eb, 0x1f6ec },
	{ 0x1f6f4, 0x1f6fc }, { 0x1f7e0, 0x1f7eb }, { 0x1f7f0, 0x1f7f0 },
	{ 0x1f90c, 0x1f93a }, { 0x1f93c, 0x1f945 }, { 0x1f947, 0x1f9ff },
	{ 0x1fa70, 0x1fa74 }, { 0x1fa78, 0x1fa7c }, { 0x1fa80, 0x1fa86 },
	{ 0x1fa90, 0x1faac }, { 0x1fab0, 0x1faba }, { 0x1fac0, 0x1fac5 },
	{ 0x1fad0, 0x1fad9 }, { 0x1fae0, 0x1fae7 }, { 0x1faf0, 0x1faf6 },
	{ 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};

static int	in_table(const struct out_range *, size_t, uint32_t);
static size_t	utf8_decode(const char *, uint32_t *);
static int	cp_width(uint32_t);
static size_t	term_width(FILE *);
static int	wants_color(FILE *);
static char	*table_copy(const char *);
static int	looks_numeric(const char *);
static int	table_row(struct out *, const char *const *);
static void	table_print(struct out *);
static void	spill_print(struct out *, struct line *);
static void	begin(struct out *);
static void	csv_field(FILE *, const char *, int, int);
static void	tsv_field(FILE *, const char *, int, int);
static void	md_field(FILE *, const char *);
static int	put_control(FILE *, const char **);
static void	stream_fields(struct out *, const char *const *);
static void	stream_row(struct out *, const char *const *);
static int	col_right(const struct out_col *);
static void	line_pad(struct line *, size_t);
static void	line_put(struct line *, const char *, size_t);
static void	line_end(struct line *);
static void	line_cell(struct line *, const char *, size_t, int);
static void	table_fit(struct out *);

int
out_format_parse(const char *name, enum out_format *format)
{
	static const struct {
		const char	*name;
		enum out_format	 format;
	} names[] = {
		{ "table", OUT_TABLE },
		{ "csv", OUT_CSV },
		{ "tsv", OUT_TSV },
		{ "json", OUT_JSON },
		{ "markdown", OUT_MARKDOWN },
		{ "md", OUT_MARKDOWN },
	};
	size_t i;

	if (name == NULL)
		return -1;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(name, names[i].name) == 0) {
			*format = names[i].format;
			return 0;
		}
	}
	return -1;
}

/* Static storage; "?" for a value outside the enum. */
const char *
out_format_name(enum out_format format)
{
	switch (format) {
	case OUT_TABLE:
		return "table";
	case OUT_CSV:
		return "csv";
	case OUT_TSV:
		return "tsv";
	case OUT_JSON:
		return "json";
	case OUT_MARKDOWN:
		return "markdown";
	}
	return "?";
}

/*
 * The writer copies the column names (a NULL name becomes ""), so the
 * caller may free COLUMNS at once.  FP stays the caller's: neither
 * out_end() nor out_free() closes it.  A table on a terminal is fitted to
 * its width; out_set_width() changes that.
 */
struct out *
out_new(FILE *fp, enum out_format format, const char *const *columns,
    size_t ncol)
{
	struct out *o;
	size_t i;

	if ((o = calloc(1, sizeof(*o))) == NULL)
		return NULL;
	o->fp = fp;
	o->format = format;
	o->ncol = ncol;
	/* calloc(0) may return NULL; one spare slot keeps NULL meaning OOM. */
	if ((o->columns = calloc(ncol + 1, sizeof(*o->columns))) == NULL ||
	    (o->cols = calloc(ncol + 1, sizeof(*o->cols))) == NULL)
		goto fail;
	for (i = 0; i < ncol; i++) {
		if (format == OUT_TABLE)
			o->columns[i] = table_copy(columns[i] ? columns[i] : "");
		else
			o->columns[i] = strdup(columns[i] ? columns[i] : "");
		if (o->columns[i] == NULL)
			goto fail;
		o->cols[i].width = out_width(o->columns[i]);
	}
	if (format == OUT_TABLE) {
		o->maxwidth = term_width(fp);
		o->bold = wants_color(fp);
	}
	o->visible = fileno(fp) != -1 && isatty(fileno(fp));
	return o;
fail:
	out_free(o);
	return NULL;
}

enum out_format
out_format(const struct out *o)
{
	return o->format;
}

/*
 * Fit an OUT_TABLE into COLUMNS terminal columns, as far as the minimum
 * column width allows; 0 never cuts.  Other formats never cut.
 */
void
out_set_width(struct out *o, size_t columns)
{
	o->maxwidth = columns;
}

/* Only CSV and TSV heed it: the table and Markdown always escape. */
void
out_set_visible(struct out *o, int on)
{
	o->visible = on;
}

/*
 * The C0 controls (U+0000..U+001F), DEL and the C1 controls (U+0080..
 * U+009F, two bytes in UTF-8) move a terminal's cursor, ring its bell or
 * start an escape sequence.  "\xHH" shows which one is there, in ASCII,
 * with a form that is the same for all three (a C1 control's code point
 * fits in two hex digits too).
 */
size_t
out_control(const char *str, char buf[5])
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned cp;
	size_t n;

	if (s[0] < 0x20 || s[0] == 0x7f) {
		cp = s[0];
		n = 1;
	} else if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f) {
		cp = s[1];
		n = 2;
	} else
		return 0;
	if (cp == 0 && n == 1)
		return 0;	/* the string's end */
	snprintf(buf, 5, "\\x%02x", cp);
	return n;
}

/*
 * Write the control character at *S in its visible form and move *S past
 * it; 0 when *S is not at one (nothing written).
 */
static int
put_control(FILE *fp, const char **s)
{
	char buf[5];
	size_t n;

	if ((n = out_control(*s, buf)) == 0)
		return 0;
	fputs(buf, fp);
	*s += n - 1;	/* the caller's loop steps over the last byte */
	return 1;
}

/* Only CSV and TSV take options; the others ignore them. */
void
out_set_csv(struct out *o, int options)
{
	o->options = options;
}

/*
 * OWASP's list (CSV Injection): '=', '+', '-' and '@' start a formula in
 * Excel, LibreOffice and Google Sheets, and a leading tab or carriage
 * return may be stripped on import, leaving one.  A negative number is
 * caught too: "'-1" is text, which a registry of codes and names can
 * afford.
 */
int
out_formula(const char *s)
{
	return s != NULL && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
}

/*
 * CELLS is copied (or written at once), so the caller may reuse it as soon
 * as this returns: sqlite3_column_text() pointers are fine.  Returns -1
 * when out of memory, when a write failed, or for an OUT_JSON writer.
 */
int
out_row(struct out *o, const char *const *cells)
{
	switch (o->format) {
	case OUT_TABLE:
		if (table_row(o, cells) == -1) {
			o->failed = 1;
			return -1;
		}
		return 0;
	case OUT_JSON:
		/* The objects come from SQLite's json_object(). */
		o->failed = 1;
		return -1;
	case OUT_CSV:
	case OUT_TSV:
	case OUT_MARKDOWN:
		stream_row(o, cells);
		break;
	}
	o->nrow++;
	return ferror(o->fp) ? -1 : 0;
}

/*
 * OBJECT is one JSON object on one line, as json_object() returns it; it
 * is written at once, not kept.
 */
int
out_json_row(struct out *o, const char *object)
{
	if (o->format != OUT_JSON || object == NULL) {
		o->failed = 1;
		return -1;
	}
	fputs(o->nrow == 0 ? "[\n" : ",\n", o->fp);
	fputs(object, o->fp);
	o->nrow++;
	o->begun = 1;
	return ferror(o->fp) ? -1 : 0;
}

/*
 * The header of CSV, TSV and Markdown is printed even without rows, so
 * that a script reading an empty result still sees the columns.  FP is
 * flushed, so that a full disk shows here and not at the caller's fclose().
 * Returns -1 when a write failed or an earlier call returned -1.
 */
int
out_end(struct out *o)
{
	int rc;

	switch (o->format) {
	case OUT_TABLE:
		table_print(o);
		break;
	case OUT_JSON:
		fputs(o->nrow == 0 ? "[]\n" : "\n]\n", o->fp);
		break;
	case OUT_CSV:
	case OUT_TSV:
	case OUT_MARKDOWN:
		begin(o);
		break;
	}
	rc = 0;
	if (fflush(o->fp) == EOF || ferror(o->fp) || o->failed)
		rc = -1;
	out_free(o);
	return rc;
}

void
out_free(struct out *o)
{
	size_t i;

	if (o == NULL)
		return;
	if (o->cells != NULL) {
		for (i = 0; i < o->nkept * o->ncol; i++)
			free(o->cells[i]);
		free(o->cells);
	}
	if (o->spill != NULL)
		fclose(o->spill);
	if (o->columns != NULL) {
		for (i = 0; i < o->ncol; i++)
			free(o->columns[i]);
		free(o->columns);
	}
	free(o->cols);
	free(o);
}

/*
 * Control characters take no column (the table replaces them first);
 * a byte that is not UTF-8 takes one, as the terminal's U+FFFD would.
 */
size_t
out_width(const char *s)
{
	uint32_t cp;
	size_t w = 0;

	if (s == NULL)
		return 0;
	while (*s != '\0') {
		s += utf8_decode(s, &cp);
		w += cp_width(cp);
	}
	return w;
}

static int
in_table(const struct out_range *t, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp < t[mid].first)
			hi = mid;
		else if (cp > t[mid].last)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/*
 * The code point at S into *CP; returns the bytes it takes, at least 1 so
 * that callers always advance.  Overlong forms, surrogates and truncated
 * sequences give U+FFFD for their first byte only, then resynchronise.
 * S must not be at its terminating NUL.
 */
static size_t
utf8_decode(const char *str, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else
		goto bad;
	/* The NUL terminator is no continuation byte, so this stops at it. */
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		goto bad;
	*cp = c;
	return n;
bad:
	*cp = 0xfffd;
	return 1;
}

static int
cp_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 0;
	if (cp < 0x300)
		return 1;
	if (in_table(out_zero, sizeof(out_zero) / sizeof(out_zero[0]), cp))
		return 0;
	if (in_table(out_wide, sizeof(out_wide) / sizeof(out_wide[0]), cp))
		return 2;
	return 1;
}

/*
 * The width of the terminal FP writes to, or 0 when it is not one (a
 * pipe or a file is never cut) or its width is unknown.
 */
static size_t
term_width(FILE *fp)
{
	struct winsize ws;
	const char *env;
	char *end;
	unsigned long n;
	int fd;

	if ((fd = fileno(fp)) == -1 || !isatty(fd))
		return 0;
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if ((env = getenv("COLUMNS")) != NULL && *env != '\0') {
		n = strtoul(env, &end, 10);
		if (*end == '\0' && n > 0 && n < 100000)
			return n;
	}
	return 0;
}

/*
 * Whether to colour (embolden) a table's header: only on a terminal, and
 * never when NO_COLOR is set to anything (no-color.org).
 */
static int
wants_color(FILE *fp)
{
	const char *no = getenv("NO_COLOR");
	int fd = fileno(fp);

	return fd != -1 && isatty(fd) && (no == NULL || *no == '\0');
}

/*
 * A copy of S for the table: a line end (LF or CR LF) or a tab becomes a
 * space, since a newline would break the row and a tab defeat the
 * padding; every other control character its visible form ("\x1b"), so
 * that none reaches the terminal.  Caller frees; NULL when out of memory.
 */
static char *
table_copy(const char *s)
{
	const char *p;
	char *copy, *q, buf[5];
	size_t len = strlen(s), n;

	/* At most 4 bytes for each byte: "\x1b" for ESC. */
	if (len > (SIZE_MAX - 1) / 4 || (copy = malloc(len * 4 + 1)) == NULL)
		return NULL;
	for (p = s, q = copy; *p != '\0'; p++) {
		if (p[0] == '\r' && p[1] == '\n') {
			*q++ = ' ';
			p++;
		} else if (*p == '\n' || *p == '\t')
			*q++ = ' ';
		else if ((n = out_control(p, buf)) != 0) {
			memcpy(q, buf, 4);
			q += 4;
			p += n - 1;
		} else
			*q++ = *p;
	}
	*q = '\0';
	return copy;
}

/*
 * Whether S reads as a number to align on the right: an optional '-',
 * digits, an optional fraction and exponent (SQLite prints large reals as
 * 1.0e+20), an optional '%'.  More than one digit before the point with a
 * leading zero is a code ("000123", a unit's number), which is text.
 */
static int
looks_numeric(const char *s)
{
	const char *p = s, *digits;

#define ISDIGIT(c)	((c) >= '0' && (c) <= '9')
	if (*p == '-')
		p++;
	for (digits = p; ISDIGIT(*p); p++)
		;
	if (p == digits || (p - digits > 1 && *digits == '0'))
		return 0;
	if (*p == '.') {
		for (digits = ++p; ISDIGIT(*p); p++)
			;
		if (p == digits)
			return 0;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		for (digits = p; ISDIGIT(*p); p++)
			;
		if (p == digits)
			return 0;
	}
#undef ISDIGIT
	if (*p == '%')
		p++;
	return *p == '\0';
}

/*
 * The table is aligned over all its rows, so they are kept until out_end()
 * prints them: in memory up to OUT_KEEP bytes, then, so that a large
 * result (a 300k-row list or diff took 220 to 790 MB) stays within the
 * program's 32 MiB, in a temporary file in $TMPDIR (else /tmp), removed
 * as soon as it is made, that out_end() reads back: two passes, the same
 * table.  Aligning over the first rows only and streaming the rest was
 * rejected: a wider cell further down would be cut or break the columns.
 * Where no temporary file can be made the rows stay in memory, as before.
 */
#define OUT_KEEP	(4u << 20)

/* A cell in the spill file: its table copy and a NUL (NULL prints as ""). */
static void
spill_cell(FILE *fp, const char *cell)
{
	if (cell != NULL)
		fputs(cell, fp);
	putc('\0', fp);
}

/* Move the rows kept in memory to o->spill (a new temporary file). */
static void
spill_start(struct out *o)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	size_t i;
	int fd;

	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	o->kept = 0;	/* if none can be made, try again OUT_KEEP later */
	if ((size_t)snprintf(path, sizeof(path), "%s/powers-table.XXXXXX",
	    dir) >= sizeof(path) || (fd = mkstemp(path)) == -1)
		return;
	unlink(path);
	if ((o->spill = fdopen(fd, "w+")) == NULL) {
		close(fd);
		return;
	}
	for (i = 0; i < o->nkept * o->ncol; i++) {
		spill_cell(o->spill, o->cells[i]);
		free(o->cells[i]);
	}
	free(o->cells);
	o->cells = NULL;
	o->nkept = o->caprow = o->kept = 0;
}

/* Keep a copy of one row and measure it.  0, or -1 when out of memory. */
static int
table_row(struct out *o, const char *const *cells)
{
	char **grown, **row;
	size_t cap, i;

	if (o->spill == NULL && o->nkept == o->caprow) {
		cap = o->caprow ? o->caprow * 2 : 64;
		if (o->ncol != 0 && cap > SIZE_MAX / sizeof(*grown) / o->ncol)
			return -1;
		/* With no columns there is nothing to keep but the count. */
		if (o->ncol != 0) {
			grown = realloc(o->cells, cap * o->ncol * sizeof(*grown));
			if (grown == NULL)
				return -1;
			o->cells = grown;
		}
		o->caprow = cap;
	}
	/* Spilled, each cell is measured and written, then freed. */
	row = o->spill != NULL ? NULL : o->cells + o->nkept * o->ncol;
	for (i = 0; i < o->ncol; i++) {
		char *c = NULL;
		size_t w;

		if (cells[i] != NULL && (c = table_copy(cells[i])) == NULL) {
			while (row != NULL && i-- > 0)
				free(row[i]);
			return -1;
		}
		w = out_width(c);
		if (w > o->cols[i].width)
			o->cols[i].width = w;
		if (c != NULL && c[0] != '\0') {
			o->cols[i].nonempty++;
			if (!looks_numeric(c))
				o->cols[i].text = 1;
		}
		if (row == NULL) {
			spill_cell(o->spill, c);
			free(c);
		} else {
			row[i] = c;
			o->kept += (c ? strlen(c) + 1 : 0) + 2 * sizeof(*row);
		}
	}
	if (o->spill == NULL)
		o->nkept++;
	o->nrow++;
	if (o->spill == NULL && o->kept > OUT_KEEP)
		spill_start(o);
	return o->spill != NULL && ferror(o->spill) ? -1 : 0;
}

/* Whether a column is all numbers, to align on the right. */
static int
col_right(const struct out_col *c)
{
	return c->nonempty > 0 && !c->text;
}

static void
line_pad(struct line *l, size_t n)
{
	l->pending += n;
}

static void
line_put(struct line *l, const char *s, size_t len)
{
	size_t keep = len;

	while (keep > 0 && s[keep - 1] == ' ')
		keep--;
	if (keep == 0) {
		l->pending += len;
		return;
	}
	for (; l->pending > 0; l->pending--)
		putc(' ', l->fp);
	fwrite(s, 1, keep, l->fp);
	l->pending = len - keep;
}

static void
line_end(struct line *l)
{
	l->pending = 0;
	putc('\n', l->fp);
}

/*
 * Print S in WIDTH columns, on the right when RIGHT.  A cell wider than
 * WIDTH (the table was cut to fit) loses its tail at a character boundary
 * and ends in '…'; a wide character that would straddle the edge goes too,
 * and the column is padded instead.
 */
static void
line_cell(struct line *l, const char *s, size_t width, int right)
{
	const char *p;
	uint32_t cp;
	size_t w, n, cw;
	int cut;

	if (s == NULL)
		s = "";
	w = out_width(s);
	n = strlen(s);
	cut = w > width;
	if (cut) {
		/* Keep what fits in WIDTH - 1, then one column for '…'. */
		for (p = s, w = 0; *p != '\0'; p += n) {
			n = utf8_decode(p, &cp);
			cw = cp_width(cp);
			if (w + cw > width - 1)
				break;
			w += cw;
		}
		n = (size_t)(p - s);
		w++;
	}
	if (right)
		line_pad(l, width - w);
	line_put(l, s, n);
	if (cut)
		line_put(l, "\xe2\x80\xa6", 3);
	if (!right)
		line_pad(l, width - w);
}

/*
 * Shrink the widest columns one column at a time until the table fits in
 * o->maxwidth or every column is down to OUT_MINWIDTH (or narrower by
 * nature).  Taking from the widest first cuts long names and leaves the
 * short codes and numbers whole.
 */
static void
table_fit(struct out *o)
{
	size_t total, i, widest;

	if (o->maxwidth == 0 || o->ncol == 0)
		return;
	total = 2 * (o->ncol - 1);
	for (i = 0; i < o->ncol; i++)
		total += o->cols[i].width;
	while (total > o->maxwidth) {
		widest = 0;
		for (i = 1; i < o->ncol; i++)
			if (o->cols[i].width > o->cols[widest].width)
				widest = i;
		if (o->cols[widest].width <= OUT_MINWIDTH)
			break;
		o->cols[widest].width--;
		total--;
	}
}

/* The second pass: the rows out_row() wrote to o->spill. */
static void
spill_print(struct out *o, struct line *l)
{
	char *cell = NULL;
	size_t cap = 0, i;

	if (fflush(o->spill) == EOF || fseek(o->spill, 0, SEEK_SET) != 0) {
		o->failed = 1;
		return;
	}
	while (o->ncol > 0) {
		for (i = 0; i < o->ncol; i++) {
			if (getdelim(&cell, &cap, '\0', o->spill) == -1)
				break;
			if (i > 0)
				line_pad(l, 2);
			line_cell(l, cell, o->cols[i].width,
			    col_right(&o->cols[i]));
		}
		if (i == 0)
			break;
		line_end(l);
		if (i < o->ncol) {
			o->failed = 1;	/* a row cut short: a read error */
			break;
		}
	}
	if (ferror(o->spill))
		o->failed = 1;
	free(cell);
}

/*
 * The header, a rule of '-' under each column, and the rows; columns two
 * spaces apart.  A column whose every non-empty cell is a number is
 * aligned on the right, its name too, so the name sits over the digits.
 */
static void
table_print(struct out *o)
{
	struct line l = { o->fp, 0 };
	size_t r, i, k;

	table_fit(o);
	if (o->bold)
		fputs("\033[1m", o->fp);
	for (i = 0; i < o->ncol; i++) {
		if (i > 0)
			line_pad(&l, 2);
		line_cell(&l, o->columns[i], o->cols[i].width,
		    col_right(&o->cols[i]));
	}
	if (o->bold)
		fputs("\033[0m", o->fp);
	line_end(&l);
	for (i = 0; i < o->ncol; i++) {
		if (i > 0)
			line_pad(&l, 2);
		for (k = 0; k < o->cols[i].width; k++)
			line_put(&l, "-", 1);
	}
	line_end(&l);
	for (r = 0; r < o->nkept; r++) {
		for (i = 0; i < o->ncol; i++) {
			if (i > 0)
				line_pad(&l, 2);
			line_cell(&l, o->cells[r * o->ncol + i],
			    o->cols[i].width, col_right(&o->cols[i]));
		}
		line_end(&l);
	}
	if (o->spill != NULL)
		spill_print(o, &l);
}

/*
 * RFC 4180: a field is quoted when it holds a comma, a quote, CR or LF, or
 * starts or ends in a blank (which spreadsheet imports would trim); quotes
 * inside are doubled.  NULL is an empty field.  With NEUTRALISE, a field
 * that would be a formula starts with a ' (inside the quotes, if any),
 * which spreadsheets show as text and do not print.
 */
static void
csv_field(FILE *fp, const char *s, int neutralise, int visible)
{
	size_t len;
	int tick, quote;

	if (s == NULL || *s == '\0')
		return;
	len = strlen(s);
	tick = neutralise && out_formula(s);
	quote = strpbrk(s, ",\"\r\n") != NULL ||
	    (!tick && (s[0] == ' ' || s[0] == '\t')) ||
	    s[len - 1] == ' ' || s[len - 1] == '\t';
	if (quote)
		putc('"', fp);
	if (tick)
		putc('\'', fp);
	for (; *s != '\0'; s++) {
		/* A terminal shows LF, CR LF and tabs as they are meant. */
		if (visible && *s != '\n' && *s != '\t' &&
		    !(s[0] == '\r' && s[1] == '\n') && put_control(fp, &s))
			continue;
		if (*s == '"')
			putc('"', fp);
		putc(*s, fp);
	}
	if (quote)
		putc('"', fp);
}

/*
 * A TSV field cannot hold a tab or a line end, so they are escaped as
 * PostgreSQL's COPY text format does, and the backslash with them.
 * NULL is an empty field, not COPY's \N: the readers are spreadsheets.
 * NEUTRALISE as for CSV.
 */
static void
tsv_field(FILE *fp, const char *s, int neutralise, int visible)
{
	if (s == NULL)
		return;
	if (neutralise && out_formula(s))
		putc('\'', fp);
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '\t':
			fputs("\\t", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		default:
			if (!visible || !put_control(fp, &s))
				putc(*s, fp);
			break;
		}
	}
}

/*
 * A GitHub table cell: '|' would end the cell and a line end the row, so
 * they become "\|" and "<br>" (LF, or CR LF as one).  Other control
 * characters but the tab are shown as "\x1b": Markdown is read by people,
 * often in a terminal.
 */
static void
md_field(FILE *fp, const char *s)
{
	if (s == NULL)
		return;
	for (; *s != '\0'; s++) {
		if (*s == '|')
			fputs("\\|", fp);
		else if (*s == '\r' && s[1] == '\n') {
			fputs("<br>", fp);
			s++;
		} else if (*s == '\n')
			fputs("<br>", fp);
		else if (*s == '\t' || !put_control(fp, &s))
			putc(*s, fp);
	}
}

/* One row of a streamed format: the fields, separators and line end. */
static void
stream_fields(struct out *o, const char *const *cells)
{
	size_t i;

	switch (o->format) {
	case OUT_CSV:
		for (i = 0; i < o->ncol; i++) {
			if (i > 0)
				putc(',', o->fp);
			csv_field(o->fp, cells[i],
			    o->options & OUT_NEUTRALISE, o->visible);
		}
		/* A lone empty field would be a blank line, which readers skip. */
		if (o->ncol == 1 && (cells[0] == NULL || cells[0][0] == '\0'))
			fputs("\"\"", o->fp);
		fputs("\r\n", o->fp);
		break;
	case OUT_TSV:
		for (i = 0; i < o->ncol; i++) {
			if (i > 0)
				putc('\t', o->fp);
			tsv_field(o->fp, cells[i],
			    o->options & OUT_NEUTRALISE, o->visible);
		}
		putc('\n', o->fp);
		break;
	case OUT_MARKDOWN:
		putc('|', o->fp);
		for (i = 0; i < o->ncol; i++) {
			putc(' ', o->fp);
			md_field(o->fp, cells[i]);
			fputs(" |", o->fp);
		}
		putc('\n', o->fp);
		break;
	case OUT_TABLE:
	case OUT_JSON:
		break;
	}
}

/* The header of a streamed format, once, before its first row. */
static void
begin(struct out *o)
{
	size_t i;

	if (o->begun)
		return;
	o->begun = 1;
	if ((o->options & OUT_BOM) &&
	    (o->format == OUT_CSV || o->format == OUT_TSV))
		fputs("\xef\xbb\xbf", o->fp);
	stream_fields(o, (const char *const *)o->columns);
	if (o->format == OUT_MARKDOWN) {
		putc('|', o->fp);
		for (i = 0; i < o->ncol; i++)
			fputs(" --- |", o->fp);
		putc('\n', o->fp);
	}
}

static void
stream_row(struct out *o, const char *const *cells)
{
	begin(o);
	stream_fields(o, cells);
}

/*
 * JSON rows.  The keys are fixed once for the columns; each row is built
 * into a buffer that grows to the longest row and is reused.
 */
struct out_json {
	size_t		 ncol;
	char		**keys;		/* owned, one a column */
	char		*buf;		/* the last object */
	size_t		 len;
	size_t		 cap;
	int		 failed;	/* out of memory while building */
};

/* Whether KEY is among the first N of LIST. */
static int
json_has(char *const *list, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i] != NULL && strcmp(list[i], key) == 0)
			return 1;
	return 0;
}

/*
 * The key of column I: its name, or, when an earlier key took it, NAME_K
 * for the smallest K >= 2 that is no column's name (whatever its place)
 * and no earlier key.  Caller frees; NULL when out of memory.
 */
static char *
json_key(const char *const *columns, size_t ncol, char *const *keys,
    size_t i)
{
	const char *name = columns[i] ? columns[i] : "";
	char *key;
	size_t size, j, k;
	int taken;

	if (!json_has(keys, i, name))
		return strdup(name);
	size = strlen(name) + 24;
	if ((key = malloc(size)) == NULL)
		return NULL;
	for (k = 2; ; k++) {
		snprintf(key, size, "%s_%zu", name, k);
		taken = json_has(keys, i, key);
		for (j = 0; !taken && j < ncol; j++)
			taken = columns[j] != NULL &&
			    strcmp(columns[j], key) == 0;
		if (!taken)
			return key;
	}
}

struct out_json *
out_json_new(const char *const *columns, size_t ncol)
{
	struct out_json *j;
	size_t i;

	if ((j = calloc(1, sizeof(*j))) == NULL)
		return NULL;
	j->ncol = ncol;
	if ((j->keys = calloc(ncol + 1, sizeof(*j->keys))) == NULL)
		goto fail;
	for (i = 0; i < ncol; i++)
		if ((j->keys[i] = json_key(columns, ncol, j->keys, i)) == NULL)
			goto fail;
	return j;
fail:
	out_json_free(j);
	return NULL;
}

const char *
out_json_key(const struct out_json *j, size_t i)
{
	return i < j->ncol ? j->keys[i] : NULL;
}

void
out_json_free(struct out_json *j)
{
	size_t i;

	if (j == NULL)
		return;
	if (j->keys != NULL) {
		for (i = 0; i < j->ncol; i++)
			free(j->keys[i]);
		free(j->keys);
	}
	free(j->buf);
	free(j);
}

/* Append N bytes of S to the object being built. */
static void
json_put(struct out_json *j, const char *s, size_t n)
{
	char *p;
	size_t cap;

	if (j->failed)
		return;
	if (j->len + n + 1 > j->cap) {
		cap = (j->len + n + 1) * 2;
		if ((p = realloc(j->buf, cap)) == NULL) {
			j->failed = 1;
			return;
		}
		j->buf = p;
		j->cap = cap;
	}
	memcpy(j->buf + j->len, s, n);
	j->len += n;
	j->buf[j->len] = '\0';
}

/*
 * S as a JSON string, to J (FP NULL) or FP.  As SQLite's json_quote()
 * writes it, so that the output of earlier versions stays the same: '"'
 * and '\' escaped, \b \t \n \f \r for those, \u00hh for the other C0
 * controls; and, unlike json_quote(), DEL and the C1 controls as \u00hh
 * too, so that none reaches a terminal raw.  The value is kept either way.
 */
static void
json_string(struct out_json *j, FILE *fp, const char *str)
{
	const unsigned char *s = (const unsigned char *)str, *run;
	char esc[8];
	unsigned c;
	size_t n;

#define JSON_PUT(p, len) (fp ? (void)fwrite((p), 1, (len), fp) : \
    json_put(j, (p), (len)))
	JSON_PUT("\"", 1);
	for (run = s; *s != '\0'; ) {
		c = s[0];
		n = 1;
		if (c == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f) {
			c = s[1];
			n = 2;
		} else if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) {
			s++;
			continue;
		}
		JSON_PUT((const char *)run, (size_t)(s - run));
		if (c == '"' || c == '\\')
			snprintf(esc, sizeof(esc), "\\%c", c);
		else if (c == '\b')
			snprintf(esc, sizeof(esc), "\\b");
		else if (c == '\t')
			snprintf(esc, sizeof(esc), "\\t");
		else if (c == '\n')
			snprintf(esc, sizeof(esc), "\\n");
		else if (c == '\f')
			snprintf(esc, sizeof(esc), "\\f");
		else if (c == '\r')
			snprintf(esc, sizeof(esc), "\\r");
		else
			snprintf(esc, sizeof(esc), "\\u%04x", c);
		JSON_PUT(esc, strlen(esc));
		s += n;
		run = s;
	}
	JSON_PUT((const char *)run, (size_t)(s - run));
	JSON_PUT("\"", 1);
#undef JSON_PUT
}

void
out_json_string(FILE *fp, const char *s)
{
	json_string(NULL, fp, s);
}

/*
 * A number as SQLite prints it (1, 0.5, 1.0e+20), but for the infinities,
 * which JSON has no word for: they become 9.0e+999 and -9.0e+999, which
 * readers take for them, as SQLite's own json functions do since 3.45.
 */
static void
json_number(struct out_json *j, const char *s)
{
	if (strcmp(s, "Inf") == 0)
		s = "9.0e+999";
	else if (strcmp(s, "-Inf") == 0)
		s = "-9.0e+999";
	json_put(j, s, strlen(s));
}

const char *
out_json_object(struct out_json *j, const char *const *cells,
    const int *types)
{
	size_t i;

	j->len = 0;
	j->failed = 0;
	json_put(j, "{", 1);
	for (i = 0; i < j->ncol; i++) {
		if (i > 0)
			json_put(j, ",", 1);
		json_string(j, NULL, j->keys[i]);
		json_put(j, ":", 1);
		if (cells[i] == NULL)
			json_put(j, "null", 4);
		else if (types != NULL && types[i] == OUT_NUMBER)
			json_number(j, cells[i]);
		else
			json_string(j, NULL, cells[i]);
	}
	json_put(j, "}", 1);
	return j->failed ? NULL : j->buf;
}
