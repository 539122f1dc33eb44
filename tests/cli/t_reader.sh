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
