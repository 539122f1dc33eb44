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
