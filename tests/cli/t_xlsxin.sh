# .xlsx workbooks read directly by import, unit import and delegate: the
# same registry as from the CSV, cells named SHEET!CELL in errors, the
# parts of the format libxlsxwriter never writes, and the files refused
# (zip bombs, encrypted entries, .xls, .xlsb, damaged zips).  Workbooks
# are made here: build/xlsxgen (tests/xlsxgen.c, libxlsxwriter) and
# tests/cli/xlsx_hand.py (hand-made XML, zipped).

xg=$(dirname "$powers")/../xlsxgen
hand="python3 $top/tests/cli/xlsx_hand.py"
xd=$tmp/xlsx
mkdir -p "$xd"
if [ ! -x "$xg" ]; then
	name="xlsxgen built"; fail "no $xg: run 'make build/xlsxgen'"
fi

# powers_csv DB OUT: the powers of DB as CSV, to compare two registries.
powers_csv() {
	"$powers" --db "$1" -q export --what powers --format csv --out "$2"
}

# The fixtures' powers as a clerk's workbook: a merged title row, text
# codes, a sheet named in Chinese, shared strings.
iconv -f GB18030 -t UTF-8 "$fixtures/powers.csv" > "$xd/powers.csv"
"$xg" -s 事项清单 -t 西咸新区经济管理事权下放清单 "$xd/powers.xlsx" < "$xd/powers.csv"
fresh "$xd/csv.db"
"$powers" --db "$xd/csv.db" -q import "$fixtures/powers.csv"
powers_csv "$xd/csv.db" "$xd/want.csv"
fresh "$xd/x.db"
expect 0 "import an xlsx workbook" "$powers" --db "$xd/x.db" import "$xd/powers.xlsx" &&
	out_has "928 powers: 928 new" && out_has "xlsx" && out_has "事项清单" &&
	out_has "skipped title line 1 above the header"
powers_csv "$xd/x.db" "$xd/got.csv"
name="the workbook gives the registry its CSV gives"; same_file "$xd/want.csv" "$xd/got.csv"
got=$(sqlite3 "$xd/x.db" "SELECT sha256 || '|' || encoding || '|' || dialect FROM import_run WHERE what = 'powers'")
name="import_run keeps the workbook's SHA-256, xlsx and the sheet"
[ "$got" = "$(sha256sum "$xd/powers.xlsx" | cut -d' ' -f1)|xlsx|事项清单" ] && pass || fail "got '$got'"
expect 0 "the same workbook again: unchanged" "$powers" --db "$xd/x.db" import "$xd/powers.xlsx" &&
	out_has "928 powers: 0 new, 0 changed, 928 unchanged"
# Chosen by content, not name.
cp "$xd/powers.xlsx" "$xd/powers.csv.bak"
fresh "$xd/name.db"
expect 0 "a workbook named .bak is still a workbook" "$powers" --db "$xd/name.db" -q import "$xd/powers.csv.bak"

# A workbook on standard input is spooled and read as the file is.
fresh "$xd/stdin.db"
expect 0 "a workbook on standard input" sh -c '"$1" --db "$2" import - < "$3"' sh \
	"$powers" "$xd/stdin.db" "$xd/powers.xlsx" &&
	out_has "928 powers: 928 new" && out_has "事项清单"
powers_csv "$xd/stdin.db" "$xd/stdin.csv"
name="a workbook on standard input gives the registry its file gives"
same_file "$xd/want.csv" "$xd/stdin.csv"
got=$(sqlite3 "$xd/stdin.db" "SELECT sha256 FROM import_run WHERE what = 'powers'")
name="import_run keeps the SHA-256 of the workbook read from standard input"
[ "$got" = "$(sha256sum "$xd/powers.xlsx" | cut -d' ' -f1)" ] && pass || fail "got '$got'"

# A dry run writes nothing.
fresh "$xd/dry.db"
cp "$xd/dry.db" "$xd/dry.before"
expect 0 "dry run of a workbook" "$powers" --db "$xd/dry.db" import --dry-run "$xd/powers.xlsx" &&
	out_has "dry run: 928 powers: 928 new"
name="dry run of a workbook writes nothing"; same_file "$xd/dry.before" "$xd/dry.db"

# --sheet: by name or by number; the first sheet by default.
"$xg" -p 说明 -s 事项 "$xd/two.xlsx" < "$xd/powers.csv"
fresh "$xd/two.db"
expect 3 "the first sheet is read by default" "$powers" --db "$xd/two.db" import "$xd/two.xlsx" &&
	err_has "two.xlsx:说明!A1:"
expect 0 "--sheet NAME" "$powers" --db "$xd/two.db" import --sheet 事项 "$xd/two.xlsx" &&
	out_has "928 powers: 928 new"
expect 0 "--sheet N" "$powers" --db "$xd/two.db" import --sheet 2 "$xd/two.xlsx" &&
	out_has "928 powers: 0 new, 0 changed, 928 unchanged"
expect 3 "--sheet naming no sheet" "$powers" --db "$xd/two.db" import --sheet 事权 "$xd/two.xlsx" &&
	err_has "no sheet '事权'" && err_has "'说明', '事项'"
expect 3 "--sheet 3 of two" "$powers" --db "$xd/two.db" import --sheet 3 "$xd/two.xlsx" &&
	err_has "no sheet 3"
expect 2 "--sheet on a CSV file" "$powers" --db "$xd/two.db" import --sheet 2 "$xd/powers.csv" &&
	err_has "--sheet"
expect 2 "--encoding on a workbook" "$powers" --db "$xd/two.db" import --encoding GB18030 "$xd/powers.xlsx" &&
	err_has "--encoding"

# Units and delegations from workbooks; dates as date cells.
iconv -f UTF-8 -t UTF-8 "$fixtures/units.csv" | sed '1s/^\xef\xbb\xbf//' > "$xd/units.csv"
"$xg" -s 单位 "$xd/units.xlsx" < "$xd/units.csv"
rm -f "$xd/u.db"
"$powers" --db "$xd/u.db" -q init
expect 0 "unit import of a workbook" "$powers" --db "$xd/u.db" unit import "$xd/units.xlsx" &&
	out_has "45 units: 45 new"
sed '1s/^\xef\xbb\xbf//' "$fixtures/delegations.csv" > "$xd/dl.csv"
"$xg" -s 下放 -t 事权下放记录 -d 5 "$xd/dl.xlsx" < "$xd/dl.csv"
unzip -p "$xd/dl.xlsx" xl/worksheets/sheet1.xml | grep -q '<c r="F3" s="[0-9]*"><v>4' &&
	pass || { name="the effective dates are date cells"; fail "no date cell"; }
"$powers" --db "$xd/csv.db" -q delegate --csv "$fixtures/delegations.csv"
"$powers" --db "$xd/x.db" -q delegate --file "$xd/dl.xlsx"
expect 0 "grants from the CSV" "$powers" --db "$xd/csv.db" -q export --what grants --format csv --out "$xd/g.want"
expect 0 "grants from the workbook" "$powers" --db "$xd/x.db" -q export --what grants --format csv --out "$xd/g.got"
name="delegate --file of a workbook gives the grants of the CSV"; same_file "$xd/g.want" "$xd/g.got"
fresh "$xd/alias.db"
"$powers" --db "$xd/alias.db" -q import "$fixtures/powers.csv"
expect 0 "delegate --csv still reads a workbook" "$powers" --db "$xd/alias.db" -q delegate --csv "$xd/dl.xlsx"
expect 3 "delegate --file of the powers is refused" "$powers" --db "$xd/alias.db" delegate --file "$xd/powers.xlsx" &&
	err_has "powers.xlsx:事项清单!"

# What powers export writes imports back unchanged.
# (from a registry without delegations: the export names the holders)
fresh "$xd/orig.db"
"$powers" --db "$xd/orig.db" -q import "$fixtures/powers.csv"
expect 0 "export powers as xlsx" "$powers" --db "$xd/orig.db" -q export --what powers --out "$xd/export.xlsx"
fresh "$xd/back.db"
expect 0 "import the export" "$powers" --db "$xd/back.db" -q import --ignore-unknown "$xd/export.xlsx"
powers_csv "$xd/back.db" "$xd/back.csv"
powers_csv "$xd/orig.db" "$xd/orig.csv"
name="an exported workbook imports back unchanged"; same_file "$xd/orig.csv" "$xd/back.csv"

# Errors name the sheet and the cell.
printf '事项编码,事项名称,事项类型,主管部门\n010310001000,甲,行政许可,XQ03\n010310002000,乙,行政许诺,XQ03\n' > "$xd/bad.csv"
"$xg" -s 事项 "$xd/bad.xlsx" < "$xd/bad.csv"
fresh "$xd/bad.db"
cp "$xd/bad.db" "$xd/bad.before"
expect 3 "an unknown category names its cell" "$powers" --db "$xd/bad.db" import "$xd/bad.xlsx" &&
	err_has "bad.xlsx:事项!C3: unknown category '行政许诺'"
name="a refused workbook writes nothing"; same_file "$xd/bad.before" "$xd/bad.db"
printf '事项编码,事项名称,事项类型,主管部门\n10310001000,甲,行政许可,XQ03\n' > "$xd/num.csv"
"$xg" -s 事项 -n 0 "$xd/num.xlsx" < "$xd/num.csv"
expect 3 "a code typed as a number is refused, naming the cell" "$powers" --db "$xd/bad.db" import "$xd/num.xlsx" &&
	err_has "num.xlsx:事项!A2: code (事项编码) 10310001000 is a number" && err_has "text (文本)"
printf '编码,名称,类型,上级\nXXXQ,西咸新区,new_area,\nFDXC,沣东新城,city,XXXQ\n' > "$xd/ubad.csv"
"$xg" -s 单位 "$xd/ubad.xlsx" < "$xd/ubad.csv"
expect 3 "unit import: a bad kind names its cell" "$powers" --db "$xd/bad.db" unit import "$xd/ubad.xlsx" &&
	err_has "ubad.xlsx:单位!C3: unknown kind 'city'"
printf '事项编码,事项名称,事项类型,主管部门,备考\n010310001000,甲,行政许可,XQ03,x\n' > "$xd/col.csv"
"$xg" -s 事项 "$xd/col.xlsx" < "$xd/col.csv"
expect 3 "an unknown column" "$powers" --db "$xd/bad.db" import "$xd/col.xlsx" &&
	err_has "unknown column '备考'"

# The parts of the format libxlsxwriter never writes.
$hand basic "$xd/hand.xlsx"
fresh "$xd/hand.db"
expect 0 "inline strings, rich text, formulas, missing cells and rows" \
	"$powers" --db "$xd/hand.db" import "$xd/hand.xlsx" &&
	out_has "5 powers: 5 new" && out_has "skipped title line 1 above the header"
got=$(sqlite3 "$xd/hand.db" "SELECT code || '|' || name || '|' || category || '|' || ifnull(note, '') FROM power ORDER BY code" | tr '\n' ' ')
name="each kind of cell read as Excel shows it"
[ "$got" = "100120001000|政府信息依申请公开|10|TRUE 100120002000|第二项|10|2.5 100120003000|信访事项复查|10|2022-03-01 100120004000|第四项|10|2022-03-01 100120005000|第五项|10|1.5 " ] &&
	pass || fail "got '$got'"
$hand date1904 "$xd/d1904.xlsx"
fresh "$xd/d1904.db"
expect 0 "a workbook of the 1904 date system" "$powers" --db "$xd/d1904.db" -q import "$xd/d1904.xlsx"
got=$(sqlite3 "$xd/d1904.db" "SELECT note FROM power WHERE code = '100120003000'")
name="dates of the 1904 system"; [ "$got" = "2026-03-02" ] && pass || fail "got '$got'"

# Refused, with a way out, exit 3, nothing written.
refused() {	# refused KIND TEXT: the file made by xlsx_hand.py KIND
	$hand "$1" "$xd/$1.xlsx"
	expect 3 "refused: $1" "$powers" --db "$xd/bad.db" import "$xd/$1.xlsx" &&
		err_has "$2" && err_has "nothing written"
	name="refused $1 writes nothing"; same_file "$xd/bad.before" "$xd/bad.db"
}
refused bomb "zip bomb"
refused encrypted "encrypted"
refused xls "save it as .xlsx"
refused xlsb "save it as .xlsx"
refused notbook "no xlsx workbook"
refused nosheet "xl/worksheets/gone.xml"
refused badxml "malformed"
head -c 3000 "$xd/powers.xlsx" > "$xd/cut.xlsx"
expect 3 "a truncated workbook" "$powers" --db "$xd/bad.db" import "$xd/cut.xlsx" &&
	err_has "damaged" && err_has "nothing written"
name="a truncated workbook writes nothing"; same_file "$xd/bad.before" "$xd/bad.db"
