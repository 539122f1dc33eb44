#!/bin/sh
# Make the malformed inputs of tests/bad2/ (see README.md and MANIFEST).
# Needs only sh, printf, awk and iconv; the files are kept in the
# repository, so this runs only when a case is added or changed.
#
# usage: sh tests/bad2/gen.sh
set -eu
cd "$(dirname "$0")"

PH='code,name,category,department,class,legal_basis,holder,note'
PZ='事项编码,事项名称,事项类型,主管部门,事权类别,设定依据,实施主体,备注'
UH='code,name,kind,parent,within'
DH='power,from,to,mode,document,effective,note'
DZ='事项编码,原实施主体,承接单位,调整方式,依据文号,实施时间,备注'
ok1='019990001000,测试事项一,01,XQ03,economic,《测试条例》第一条,,'
ok2='019990002000,测试事项二,行政处罚,XQ06,经济发展和项目审批类,《测试条例》第二条,XQ06,备注'
ok3='019990003000,测试事项三,10,XQ01,social,,,'
doc='西咸管发〔2026〕9号'

# ---- powers files: 'powers import' on a registry holding the fixture units

# UTF-16LE saved without its byte order mark: looks like ASCII with NULs.
printf '%s\r\n%s\r\n' "$PH" "$ok1" | iconv -f UTF-8 -t UTF-16LE > utf16-no-bom.csv
# The same, all ASCII: only the NULs give it away, on line 1.
printf 'code,name,category,department\r\n019990001000,x,01,XQ03\r\n' | iconv -f UTF-8 -t UTF-16LE > utf16-no-bom-ascii.csv
# A BOM, then a high surrogate (D800) followed by an ASCII character on line 3.
{
	printf '\377\376'
	printf '%s\r\n%s\r\n' "$PZ" "$ok1" | iconv -f UTF-8 -t UTF-16LE
	printf '0\0001\000\000\330x\000,\000\r\000\n\000'
} > utf16-lone-surrogate.txt
# A BOM and an odd number of bytes: the last character is cut in half.
{
	printf '\377\376'
	printf '%s\r\n%s\r\n' "$PH" "$ok1" | iconv -f UTF-8 -t UTF-16LE
	printf 'x'
} > utf16-odd-length.txt
# CRLF, LF and CR in one file; line 4 (after a CR) names an unknown category.
printf '%s\r\n%s\n%s\r019990004000,测试事项四,行政许诺,XQ03,economic,,,\r\n' \
    "$PH" "$ok1" "$ok2" > mixed-line-ends.csv
# The header is only delimiters: an empty row (skipped), so line 2 is taken
# for the header, and its first cell is an unknown column.
printf ',,,,,,,\r\n%s\r\n' "$ok1" > header-only-delimiters.csv
# The same column twice, once in English and once in Chinese.
printf 'code,事项编码,name,category,department\r\n1,1,a,01,XQ03\r\n' > duplicate-column-en-zh.csv
# Text after a closing quote: "《测试条例》"第三条 on line 3.
printf '%s\r\n%s\r\n019990002000,测试事项二,01,XQ03,economic,"《测试条例》"第三条,,\r\n' \
    "$PH" "$ok1" > text-after-quote.csv
# A quote opened in the middle of a quoted field, then more text: line 2.
printf '%s\r\n019990001000,"测试"事项"一",01,XQ03,economic,,,\r\n' "$PH" > quote-in-quoted-field.csv
# 16,385 fields on line 2, one more than Excel has columns.
{
	printf '%s\r\n' "$PH"
	awk 'BEGIN { for (i = 1; i < 16385; i++) printf "x,"; printf "x\r\n" }'
} > fields-16385.csv
# CR line ends only (old Mac Excel); line 3 names an unknown department.
printf '%s\r%s\r019990002000,测试事项二,01,XQ99,economic,,,\r' "$PH" "$ok1" > cr-only-bad-department.csv
# Only a UTF-8 BOM.
printf '\357\273\277' > bom-only.csv
# Only blank lines and white space.
printf '\r\n   \r\n\t\r\n\r\n' > blank-lines-only.csv
# GB18030, cut in the middle of a two-byte character at the end (line 3).
{ printf '%s\r\n%s\r\n019990002000,测' "$PZ" "$ok1" | iconv -f UTF-8 -t GB18030; printf '\262'; } > gb18030-cut-at-end.csv
# A code holding a control character (0x01) on line 3.
printf '%s\r\n%s\r\n0199900\00102000,测试事项二,01,XQ03,economic,,,\r\n' "$PH" "$ok1" > code-control-char.csv
# The holder is a new city (line 2), not the New Area level.
printf '%s\r\n019990001000,测试事项一,01,XQ03,economic,,FDXC,\r\n' "$PH" > holder-new-city.csv
# The department is a street/town (line 2).
printf '%s\r\n019990001000,测试事项一,01,JZ01,economic,,,\r\n' "$PH" > department-street-town.csv
# Category 00 and 21: no such codes (lines 2 and 3).
printf '%s\r\n019990001000,测试事项一,00,XQ03,economic,,,\r\n019990002000,测试事项二,21,XQ03,economic,,,\r\n' \
    "$PH" > category-no-such-code.csv
# The header says semicolon, the rows use commas: 1 field on line 2.
printf 'code;name;category;department\r\n019990001000,测试事项一,01,XQ03\r\n' > delimiter-mismatch.csv
# A row with fewer fields than the header (line 3), after a good one.
printf '%s\r\n%s\r\n019990002000,测试事项二,01\r\n' "$PH" "$ok1" > too-few-fields.csv
# An empty department, required (line 2).
printf '%s\r\n019990001000,测试事项一,01,,economic,,,\r\n' "$PH" > empty-department.csv
# UTF-8 with one invalid byte (0xFF) in a Chinese line: not UTF-8, not GB18030.
printf '%s\r\n%s\r\n019990002000,测试\377事项,01,XQ03,economic,,,\r\n' "$PZ" "$ok1" > utf8-invalid-byte.csv
# UTF-8 past U+10FFFF (F4 90 80 80) on line 2.
printf '%s\r\n019990001000,测试\364\220\200\200,01,XQ03,economic,,,\r\n' "$PH" > utf8-beyond-unicode.csv
# Three errors in one file, every one reported: lines 2, 3 and 4.
printf '%s\r\n019990001000,,01,XQ03,economic,,,\r\n019990002000,测试事项二,99,XQ03,economic,,,\r\n019990003000,测试事项三,01,XQ03,第三类,,,\r\n' \
    "$PH" > three-errors.csv

# ---- units files: 'powers unit import' on a new registry

UA='XXXQ,西咸新区,new_area,,'
UB='XQ03,发展改革和商务局,department,XXXQ,'
UC='FDXC,沣东新城,new_city,XXXQ,'
# A street/town 'within' a department (line 5).
printf '%s\r\n%s\r\n%s\r\n%s\r\nJZ01,三桥街道,street_town,XXXQ,XQ03\r\n' "$UH" "$UA" "$UB" "$UC" > units-within-department.csv
# A department 'within' a new city (line 3): only streets/towns lie within one.
printf '%s\r\n%s\r\nXQ03,发展改革和商务局,department,XXXQ,FDXC\r\n%s\r\n' "$UH" "$UA" "$UC" > units-department-within.csv
# A unit that is its own parent (line 3).
printf '%s\r\n%s\r\nXQ03,发展改革和商务局,department,XQ03,\r\n' "$UH" "$UA" > units-own-parent.csv
# The same code twice (lines 3 and 4).
printf '%s\r\n%s\r\n%s\r\nXQ03,财政局,department,XXXQ,\r\n' "$UH" "$UA" "$UB" > units-duplicate-code.csv
# An empty kind (line 3).
printf '%s\r\n%s\r\nXQ03,发展改革和商务局,,XXXQ,\r\n' "$UH" "$UA" > units-empty-kind.csv
# A name given twice as parent: two units named 财政局, one referred to by name (line 5).
printf '%s\r\n%s\r\nXQ04,财政局,department,XXXQ,\r\nXQ44,财政局,department,XXXQ,\r\nJZ01,三桥街道,street_town,财政局,\r\n' \
    "$UH" "$UA" > units-ambiguous-name.csv
# Not refused today (MANIFEST: pending): a cycle of parents (lines 3-4),
# and a new city whose parent is a street/town that lies within it (line 3).
printf '%s\r\n%s\r\nXQ03,发展改革和商务局,department,XQ04,\r\nXQ04,财政局,department,XQ03,\r\n' \
    "$UH" "$UA" > units-parent-cycle.csv
printf '%s\r\n%s\r\nFDXC,沣东新城,new_city,JZ01,\r\nJZ01,三桥街道,street_town,FDXC,FDXC\r\n' \
    "$UH" "$UA" > units-new-city-under-street.csv

# ---- delegations files: 'powers delegate --csv' on the fixture registry
# (units, powers and the 2022 log; 010610001001 is XQ06's, granted to the
# five new cities, QHXC's grant revoked in 2023 and entrusted again in 2024)

d() {	# d FILE ROW...: a delegations file, the header in Chinese
	f=$1
	shift
	printf '\357\273\277%s\r\n' "$DZ" > "$f"
	for r in "$@"; do printf '%s\r\n' "$r" >> "$f"; done
}
d deleg-already-holds.csv "010610001001,XQ06,KGXC,下放,$doc,2026-02-01,"
d deleg-revoke-without-grant.csv "010610001001,XQ06,JZ02,收回,$doc,2026-02-01,"
d deleg-revoke-wrong-giver.csv "010610001001,XXXQ,KGXC,收回,$doc,2026-02-01,"
d deleg-giver-new-city.csv "020510001000,FDXC,JZ01,下放,$doc,2026-02-01,"
d deleg-entrusted-passes-on.csv "010610001001,QHXC,JZ10,下放,$doc,2026-02-01,"
d deleg-to-department.csv "010610001001,XQ06,XQ07,下放,$doc,2026-02-01,"
d deleg-giver-not-holder.csv "010610001001,XQ07,JZ01,下放,$doc,2026-02-01,"
d deleg-date-feb-30.csv "010610001001,XQ06,JZ01,下放,$doc,2022-02-30,"
d deleg-date-unknown-format.csv "010610001001,XQ06,JZ01,下放,$doc,16/02/2022,"
d deleg-date-before-1900.csv "010610001001,XQ06,JZ01,下放,$doc,1899-12-31,"
d deleg-unknown-mode.csv "010610001001,XQ06,JZ01,转移,$doc,2026-02-01,"
d deleg-unknown-power.csv "NOPE,XQ06,JZ01,下放,$doc,2026-02-01,"
d deleg-unknown-unit.csv "010610001001,XQ06,NOWHERE,下放,$doc,2026-02-01,"
d deleg-backdated.csv "010910001000,XXXQ,KGXC,下放,$doc,2022-01-01,"
d deleg-empty-document.csv "010610001001,XQ06,JZ01,下放,,2026-02-01,"
# The second row revokes the grant the first row made, naming another giver.
d deleg-batch-revoke-wrong-giver.csv "020510001000,XXXQ,JZ05,下放,$doc,2026-03-01," \
    "020510001000,XQ05,JZ05,收回,$doc,2026-04-01,"
# No 'to' column.
printf '%s\r\n010610001001,XQ06,下放,%s,2026-02-01\r\n' 'power,from,mode,document,effective' "$doc" > deleg-missing-to-column.csv
# The English header, an unknown column 'remark'.
printf '%s,remark\r\n010610001001,XQ06,JZ01,delegate,%s,2026-02-01,,x\r\n' "$DH" "$doc" > deleg-unknown-column.csv
