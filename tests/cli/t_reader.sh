# The bytes-to-rows path of the imports (issue 11): only regular files are
# read, a forced encoding must fit, Excel's leftovers (nameless empty
# columns, empty rows, title rows, midnight date-times) are taken, and the
# header's mistakes are answered with the way out.

rd=$tmp/reader
mkdir -p "$rd"
rdb=$rd/r.db
fresh "$rdb"
sqlite3 "$rdb" .dump > "$rd/before.dump"
# unchanged NAME: the registry is as it was before the refusal.
unchanged() {
	name="$1 leaves the registry"
	sqlite3 "$rdb" .dump > "$rd/after.dump"
	same_file "$rd/before.dump" "$rd/after.dump"
}
PH='code,name,category,department,class,legal_basis,holder,note'
ok1='019990001000,测试事项一,01,XQ03,economic,《测试条例》第一条,,'
ok2='019990002000,测试事项二,行政处罚,XQ06,经济发展和项目审批类,《测试条例》第二条,XQ06,备注'

# ---- Only regular files are read

mkfifo "$rd/fifo"
# A FIFO with no writer would block an open(): refused at once instead.
expect 3 "reader: a FIFO is refused" timeout 5 "$powers" --db "$rdb" import "$rd/fifo" &&
	err_has "$rd/fifo: is a FIFO, not a regular file" && err_has "nothing written"
unchanged "reader: a FIFO"
expect 3 "reader: a folder is refused" "$powers" --db "$rdb" import "$rd" &&
	err_has "$rd: is a folder, not a regular file"
expect 3 "reader: /dev/zero is refused at once" timeout 5 "$powers" --db "$rdb" import /dev/zero &&
	err_has "/dev/zero: is a character device, not a regular file"
expect 3 "reader: /dev/null is refused" "$powers" --db "$rdb" unit import /dev/null &&
	err_has "/dev/null: is a character device, not a regular file"
expect 3 "reader: delegate --csv of a FIFO" timeout 5 "$powers" --db "$rdb" delegate --csv "$rd/fifo" &&
	err_has "is a FIFO, not a regular file"
unchanged "reader: devices and folders"
# A pipe named /dev/stdin is a FIFO too: only '-' is spooled.
name="reader: a pipe as /dev/stdin is refused"
printf '%s\n%s\n' "$PH" "$ok1" | "$powers" --db "$rdb" import --dry-run /dev/stdin >"$tmp/out" 2>"$tmp/err"
[ $? -eq 3 ] && pass || fail "exit not 3"
err_has "is a FIFO, not a regular file"
# A symbolic link to a regular file is read.
printf '%s\r\n%s\r\n' "$PH" "$ok1" > "$rd/one.csv"
ln -s "$rd/one.csv" "$rd/link.csv"
expect 0 "reader: a symbolic link to a file is read" "$powers" --db "$rdb" import --dry-run "$rd/link.csv" &&
	out_has "1 powers: 1 new"
# '-' is standard input, spooled: detection and hashing work as for a file.
name="reader: '-' reads standard input"
"$powers" --db "$rdb" import - < "$rd/one.csv" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] && pass || fail "exit not 0"
out_has "1 powers: 1 new"
got=$(sqlite3 "$rdb" "SELECT sha256 FROM import_run WHERE what = 'powers' ORDER BY rowid DESC LIMIT 1")
[ "$got" = "$(sha256sum "$rd/one.csv" | cut -d' ' -f1)" ] && pass || fail "sha256 '$got'"
name="reader: '-' from a pipe, GB18030 detected"
printf '%s\r\n%s\r\n' "$PH" "$ok2" | iconv -f UTF-8 -t GB18030 | "$powers" --db "$rdb" import --dry-run - >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] && pass || fail "exit not 0"
out_has "GB18030"
fresh "$rdb"
sqlite3 "$rdb" .dump > "$rd/before.dump"

# ---- Dates: Excel's midnight date-times are dates, serials get a hint

printf '%s\r\n%s\r\n' "$PH" "$ok1" > "$rd/one.csv"
expect 0 "reader: one power to delegate" "$powers" --db "$rdb" -q import "$rd/one.csv"
DH='power,from,to,mode,document,effective,note'
doc='西咸管发〔2026〕9号'
printf '%s\r\n019990001000,XXXQ,FDXC,delegate,%s,2022/6/1 0:00,\r\n019990001000,XXXQ,FXXC,delegate,%s,2022-06-01 00:00:00,\r\n' \
    "$DH" "$doc" "$doc" > "$rd/midnight.csv"
expect 0 "reader: midnight date-times are dates" "$powers" --db "$rdb" delegate --csv "$rd/midnight.csv" &&
	out_has "2 entries appended"
got=$(sqlite3 "$rdb" "SELECT group_concat(effective, ' ') FROM delegation WHERE power = '019990001000'")
name="reader: midnight read as the date"
[ "$got" = "2022-06-01 2022-06-01" ] && pass || fail "got '$got'"
sqlite3 "$rdb" .dump > "$rd/before.dump"
printf '%s\r\n019990001000,XXXQ,QHXC,delegate,%s,2022/6/1 9:30,\r\n019990001000,XXXQ,KGXC,delegate,%s,44713,\r\n' \
    "$DH" "$doc" "$doc" > "$rd/times.csv"
expect 3 "reader: a time of day and a serial are refused" "$powers" --db "$rdb" delegate --csv "$rd/times.csv" &&
	err_has "$rd/times.csv:2: bad date '2022/6/1 9:30': holds a time of day; write YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日, optionally followed by a midnight time" &&
	err_has "$rd/times.csv:3: bad date '44713': looks like an Excel date serial number (2022-06-01): format the column as a date or as text; write YYYY-MM-DD"
unchanged "reader: bad dates"
expect 0 "reader: --as-of takes a midnight date-time" "$powers" --db "$rdb" stats --as-of "2022/6/1 0:00"
expect 0 "reader: --as-of 2022-06-01 00:00:00" "$powers" --db "$rdb" list --as-of "2022-06-01 00:00:00"
expect 2 "reader: --as-of with a time of day" "$powers" --db "$rdb" stats --as-of "2022-06-01 12:00" &&
	err_has "bad --as-of '2022-06-01 12:00': holds a time of day; write YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日"
expect 2 "reader: --as-of in an unknown form" "$powers" --db "$rdb" stats --as-of "01/06/2022" &&
	err_has "bad --as-of '01/06/2022': write YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日"
expect 3 "reader: --effective by hand with a serial" "$powers" --db "$rdb" delegate 019990001000 --to QHXC --mode delegate --document "$doc" --effective 44713 &&
	err_has "bad date '44713': looks like an Excel date serial number (2022-06-01); write"
unchanged "reader: bad dates by hand"

# ---- A forced encoding that does not fit is refused

fresh "$rdb"
sqlite3 "$rdb" .dump > "$rd/before.dump"
# The fixture powers as UTF-8 without a BOM: Chinese header, Chinese text.
iconv -f GB18030 -t UTF-8 "$fixtures/powers.csv" > "$rd/powers-utf8.csv"
for e in GBK gb18030 CP936 GB2312; do
	expect 3 "reader: --encoding $e on UTF-8" "$powers" --db "$rdb" import --encoding "$e" "$rd/powers-utf8.csv" &&
		err_has "powers: import: $rd/powers-utf8.csv: the file is UTF-8, not $e: leave --encoding out, or give --encoding UTF-8" &&
		err_has "nothing written"
done
unchanged "reader: GB forced on UTF-8"
# An English header: the header maps, the rows are read; refused at the end.
iconv -f GB18030 -t UTF-8 "$fixtures/encodings/powers.gbk-en.csv" > "$rd/powers-en-utf8.csv"
expect 3 "reader: --encoding GBK on UTF-8, English header" "$powers" --db "$rdb" import --encoding GBK "$rd/powers-en-utf8.csv" &&
	err_has "$rd/powers-en-utf8.csv: the file is UTF-8, not GBK"
# Big enough to be read ahead in another thread (4 MiB).
awk 'BEGIN { print "code,name,category,department"
	for (i = 0; i < 120000; i++) printf "%012d,测试事项%d,01,XQ03\r\n", i, i }' > "$rd/powers-big-utf8.csv"
expect 3 "reader: --encoding GB18030 on a big UTF-8 file" "$powers" --db "$rdb" import --encoding GB18030 "$rd/powers-big-utf8.csv" &&
	err_has "the file is UTF-8, not GB18030"
expect 3 "reader: unit import --encoding GBK on UTF-8" "$powers" --db "$rdb" unit import --encoding gbk "$fixtures/units-en.csv" &&
	err_has "the file is UTF-8, not gbk"
tail -c +4 "$fixtures/delegations.csv" > "$rd/deleg-utf8.csv"
expect 3 "reader: delegate --csv --encoding GBK on UTF-8" "$powers" --db "$rdb" delegate --csv "$rd/deleg-utf8.csv" --encoding GBK &&
	err_has "the file is UTF-8, not GBK"
unchanged "reader: GB forced on UTF-8, rows read"
expect 3 "reader: --encoding UTF-8 on GB18030" "$powers" --db "$rdb" import --encoding UTF-8 "$fixtures/powers.csv" &&
	err_has "$fixtures/powers.csv:1: bytes invalid in UTF-8; the file reads as GB18030: give --encoding GB18030, or leave --encoding out"
expect 3 "reader: --encoding UTF-8 on GB18030, English header" "$powers" --db "$rdb" import --encoding UTF-8 "$fixtures/encodings/powers.gbk-en.csv" &&
	err_has "$fixtures/encodings/powers.gbk-en.csv:2: bytes invalid in UTF-8; the file reads as GB18030"
unchanged "reader: UTF-8 forced on GB18030"
expect 0 "reader: --encoding GB18030 on GB18030 still reads" "$powers" --db "$rdb" import --dry-run --encoding gb18030 "$fixtures/powers.csv"

# ---- Excel's leftovers: nameless empty columns, empty rows, title rows

fresh "$rdb"
sqlite3 "$rdb" .dump > "$rd/before.dump"
PZ='事项编码,事项名称,事项类型,主管部门,事权类别,设定依据,实施主体,备注'
printf '西咸新区经济管理事权下放清单,,,,,,,,,\r\n,,,,,,,,,\r\n%s,,\r\n%s,,\r\n,,,,,,,,,\r\n%s,,\r\n,,,,,,,,,\r\n' \
    "$PZ" "$ok1" "$ok2" > "$rd/excel.csv"
expect 0 "reader: Excel's title row, empty rows and columns" "$powers" --db "$rdb" import "$rd/excel.csv" &&
	out_has "  skipped title line 1 above the header" && out_has "  3 empty rows skipped" &&
	out_has "2 powers: 2 new"
sqlite3 "$rdb" .dump > "$rd/before.dump"
printf 'A title,,\r\nsecond title,,\r\n%s\r\n%s\r\n' "$PH" "$ok1" > "$rd/titles.csv"
expect 0 "reader: two title lines" "$powers" --db "$rdb" import --dry-run "$rd/titles.csv" &&
	out_has "  skipped title lines 1, 2 above the header"
printf '单位清单,,,,,\r\n编码,名称,类型,上级,所在新城,\r\n,,,,,\r\nXQ90,测试部门,department,XXXQ,,\r\n' > "$rd/excel-units.csv"
expect 0 "reader: unit import with a title and an empty row" "$powers" --db "$rdb" unit import --dry-run "$rd/excel-units.csv" &&
	out_has "skipped title line 1 above the header" && out_has "1 empty row skipped"
printf '实施清单\r\n%s\r\n,,,,,,\r\n019990001000,XXXQ,FDXC,下放,西咸管发〔2026〕9号,2022-06-01,\r\n' \
    '事项编码,原实施主体,承接单位,调整方式,依据文号,实施时间,备注' > "$rd/excel-deleg.csv"
expect 0 "reader: delegate --csv with a title and an empty row" "$powers" --db "$rdb" delegate --dry-run --csv "$rd/excel-deleg.csv" &&
	out_has "skipped title line 1 above the header" && out_has "1 empty row skipped" && out_has "1 entries appended"
# A nameless column that holds a value is still refused, once, where it does.
printf '%s,\r\n%s,\r\n%s,x\r\n019990003000,测试事项三,10,XQ01,social,,,,y\r\n' "$PH" "$ok1" "$ok2" > "$rd/nameless.csv"
expect 3 "reader: a nameless column with a value" "$powers" --db "$rdb" import "$rd/nameless.csv" &&
	err_has "$rd/nameless.csv:3: column 9 has no name in the header but holds 'x': name the column, or delete it" &&
	err_has "1 error; nothing written"
unchanged "reader: Excel's leftovers"

# ---- The header's mistakes, with the way out

printf '%s\r\n%s\r\n' "$PH" "$ok1" | tr , ';' > "$rd/semicolons.csv"
expect 3 "reader: a forced comma on a semicolon file" "$powers" --db "$rdb" import --delimiter comma "$rd/semicolons.csv" &&
	err_has "$rd/semicolons.csv:1: the header has one column; the file seems to use ';': give --delimiter ';'"
printf '%s\r\n%s\r\n' "$PH" "$ok1" | tr , '\t' > "$rd/tabs.csv"
expect 3 "reader: a forced semicolon on a tab file" "$powers" --db "$rdb" import --delimiter ';' "$rd/tabs.csv" &&
	err_has "$rd/tabs.csv:1: the header has one column; the file seems to use tabs: give --delimiter tab"
# Each kind of file given to the command of another.
expect 3 "reader: units (Chinese) to import" "$powers" --db "$rdb" import "$fixtures/units.csv" &&
	err_has "$fixtures/units.csv:1: this looks like a units file: use \`powers unit import\`"
expect 3 "reader: units (English) to import" "$powers" --db "$rdb" import "$fixtures/units-en.csv" &&
	err_has "units-en.csv:1: this looks like a units file: use \`powers unit import\`"
expect 3 "reader: units to delegate --csv" "$powers" --db "$rdb" delegate --csv "$fixtures/units.csv" &&
	err_has "this looks like a units file: use \`powers unit import\`"
expect 3 "reader: powers to unit import" "$powers" --db "$rdb" unit import "$fixtures/powers.csv" &&
	err_has "$fixtures/powers.csv:1: this looks like a powers file: use \`powers import\`"
expect 3 "reader: powers (English) to unit import" "$powers" --db "$rdb" unit import "$fixtures/encodings/powers.gbk-en.csv" &&
	err_has "this looks like a powers file: use \`powers import\`"
expect 3 "reader: powers to delegate --csv" "$powers" --db "$rdb" delegate --csv "$fixtures/powers.csv" &&
	err_has "this looks like a powers file: use \`powers import\`"
expect 3 "reader: delegations to import" "$powers" --db "$rdb" import "$fixtures/delegations.csv" &&
	err_has "$fixtures/delegations.csv:1: this looks like a delegations file: use \`powers delegate --csv\`"
expect 3 "reader: delegations to unit import" "$powers" --db "$rdb" unit import "$fixtures/delegations.csv" &&
	err_has "this looks like a delegations file: use \`powers delegate --csv\`"
# Under a title row too.
{ printf '单位清单,,,,\r\n'; tail -c +4 "$fixtures/units.csv"; } > "$rd/units-title.csv"
expect 3 "reader: units under a title to import" "$powers" --db "$rdb" import "$rd/units-title.csv" &&
	err_has "$rd/units-title.csv:2: this looks like a units file: use \`powers unit import\`"
# No row maps: reported against the first row, as before.
printf '备考,名字\r\n1,2\r\n' > "$rd/unknown.csv"
expect 3 "reader: no header found" "$powers" --db "$rdb" import "$rd/unknown.csv" &&
	err_has "$rd/unknown.csv:1: unknown column '备考'"
unchanged "reader: header mistakes"

# ---- Values are trimmed of ASCII white space, U+3000 and U+00A0

printf '%s\r\n\t019990001000\343\200\200, \302\240测试事项一\343\200\200 ,01,XQ03,,,,\r\n' "$PH" > "$rd/spaces.csv"
expect 0 "reader: values trimmed" "$powers" --db "$rdb" import "$rd/spaces.csv" &&
	out_has "1 powers: 0 new"
got=$(sqlite3 "$rdb" "SELECT code || '|' || name FROM power WHERE code LIKE '%019990001000%'")
name="reader: trimmed of U+3000 and U+00A0"
[ "$got" = "019990001000|测试事项一" ] && pass || fail "got '$got'"
