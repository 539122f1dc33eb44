# Rendering: JSON that holds each column's own value under a key of its
# own, hashes (BLOBs) as lowercase hex in every format and in the views,
# the sql sandbox's limits on a single function call, and control
# characters shown escaped wherever a person reads.

db=$tmp/render.db
fresh "$db"
"$powers" --db "$db" -q import "$fixtures/powers.csv"
"$powers" --db "$db" -q delegate --csv "$fixtures/delegations.csv"

# rd_json_valid: the last output is valid JSON.
rd_json_valid() {
	name="$name: valid json"
	[ "$(sqlite3 :memory: "SELECT json_valid(CAST(readfile('$tmp/out') AS TEXT))")" = 1 ] &&
		pass || fail "invalid json"
}

# Repeated column names: each value under its own key, a, a_2, a_3 ...,
# skipping a name that a real column has.
expect 0 "json repeated names" "$powers" --db "$db" sql --format json \
	"SELECT 1 AS a, 2 AS b, 3 AS a" && out_has '{"a":1,"b":2,"a_2":3}'
expect 0 "json repeated names beside a real a_2" "$powers" --db "$db" sql --format json \
	"SELECT 1 AS a, 2 AS a, 3 AS a_2, 4 AS a" && out_has '{"a":1,"a_3":2,"a_2":3,"a_4":4}'
expect 0 "json join of two codes" "$powers" --db "$db" sql --format json \
	"SELECT u.code, p.code FROM unit u JOIN power p ON p.department = u.code
	 WHERE p.code = '010310001000'" &&
	out_has '{"code":"XQ03","code_2":"010310001000"}'
expect 0 "json types" "$powers" --db "$db" sql --format json \
	"SELECT 1 AS i, 0.5 AS r, 'x' AS t, NULL AS n, '1' AS s, 1e999 AS inf" &&
	out_has '{"i":1,"r":0.5,"t":"x","n":null,"s":"1","inf":9.0e+999}' && rd_json_valid
expect 0 "json of a pragma" "$powers" --db "$db" sql --format json "PRAGMA table_info(unit)" &&
	out_has '{"cid":0,"name":"code","type":"TEXT","notnull":1,"dflt_value":null,"pk":1}'

# BLOBs are lowercase hex in every format.
hash1=$(sqlite3 "$db" "SELECT lower(hex(hash)) FROM delegation WHERE seq = 1")
q="SELECT seq, hash FROM delegation WHERE seq = 1"
expect 0 "blob json" "$powers" --db "$db" sql --format json "$q" &&
	out_has "{\"seq\":1,\"hash\":\"$hash1\"}"
for f in table csv tsv markdown; do
	expect 0 "blob $f" "$powers" --db "$db" sql --format "$f" "$q" && out_has "$hash1"
done
expect 0 "blob json, whole table" "$powers" --db "$db" sql --format json \
	"SELECT * FROM delegation" && rd_json_valid
expect 0 "blob with a NUL" "$powers" --db "$db" sql --format csv "SELECT x'00ff41' AS b" &&
	out_has "00ff41"
expect 0 "blob empty" "$powers" --db "$db" sql --format json "SELECT x'' AS b" &&
	out_has '{"b":""}'
# ... and in the views.
expect 0 "log_readable has hex hashes" "$powers" --db "$db" sql --format csv \
	"SELECT hash FROM log_readable WHERE seq = 1" && out_has "$hash1"
expect 0 "log_readable's prev_hash" "$powers" --db "$db" sql --format csv \
	"SELECT prev_hash FROM log_readable WHERE seq = 2" && out_has "$hash1"
run1=$(sqlite3 "$db" "SELECT lower(hex(hash)) FROM import_run ORDER BY id LIMIT 1")
expect 0 "imports_readable has hex hashes" "$powers" --db "$db" sql --format csv \
	"SELECT hash FROM imports_readable ORDER BY id LIMIT 1" && out_has "$run1"

# The sandbox's limits: a single call cannot outrun the time limit.
expect 3 "sql long LIKE pattern" timeout 30 "$powers" --db "$db" sql \
	"SELECT printf('%.*c',600000,'a') LIKE '%'||printf('%.*c',40000,'a')||'b'" &&
	err_has "LIKE or GLOB pattern too complex"
expect 3 "sql long GLOB pattern" timeout 30 "$powers" --db "$db" sql \
	"SELECT printf('%.*c',600000,'a') GLOB '*'||printf('%.*c',40000,'a')||'b'" &&
	err_has "LIKE or GLOB pattern too complex"
expect 3 "sql huge string" timeout 30 "$powers" --db "$db" sql \
	"SELECT length(hex(zeroblob(600000)))" && err_has "string or blob too big"
expect 3 "sql huge blob" timeout 30 "$powers" --db "$db" sql \
	"SELECT length(zeroblob(2000000000))" && err_has "string or blob too big"
expect 5 "sql one slow call" timeout 30 "$powers" --db "$db" sql --timeout 0.5 \
	"SELECT instr(printf('%.*c',900000,'a'), printf('%.*c',450000,'a')||'b'),
	        instr(printf('%.*c',900000,'a'), printf('%.*c',450000,'a')||'c'),
	        instr(printf('%.*c',900000,'a'), printf('%.*c',450000,'a')||'d')" &&
	err_has "query took longer than 0.5 s (--timeout)"
expect 0 "sql short LIKE still works" "$powers" --db "$db" sql --format csv \
	"SELECT count(*) AS n FROM power WHERE name LIKE '%核准%'" && out_has "n"

# Control characters stored behind the program's back.
cdb=$tmp/render-ctl.db
cp "$db" "$cdb"
sqlite3 "$cdb" "UPDATE power SET note = 'a' || char(27) || '[31mred' || char(7) ||
	'b' || char(13) || 'c' || char(127) || 'd' || char(155) || 'e' || char(10) || 'f'
	WHERE code = '010310001000'"
ctlq="SELECT code, note FROM power WHERE code = '010310001000'"
# rd_no_raw: the last output holds no raw ESC, BEL, lone CR, DEL or C1.
rd_no_raw() {
	name="$name: no raw control"
	if LC_ALL=C grep -q "$(printf '[\033\007\177]')" "$tmp/out" ||
	    LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$tmp/out" ||
	    LC_ALL=C grep -q "$(printf '\rc')" "$tmp/out"; then
		fail "raw control characters"
	else
		pass
	fi
}
for f in table markdown; do
	expect 0 "control chars in $f" "$powers" --db "$cdb" sql --format "$f" "$ctlq" &&
		out_has 'a\x1b[31mred\x07b\x0dc\x7fd\x9be' && rd_no_raw
done
expect 0 "control chars in list" "$powers" --db "$cdb" list --format markdown && rd_no_raw
expect 0 "control chars in show" "$powers" --db "$cdb" show 010310001000 && rd_no_raw &&
	out_has 'a\x1b[31mred'
# csv and tsv to a file or pipe keep the value.
expect 0 "control chars kept in csv to a pipe" "$powers" --db "$cdb" sql --format csv "$ctlq" &&
	out_has "$(printf 'a\033[31mred\007b\rc')"
expect 0 "control chars kept in tsv to a pipe" "$powers" --db "$cdb" sql --format tsv "$ctlq" &&
	out_has "$(printf 'a\033[31mred\007b\\rc')"
expect 0 "control chars in json" "$powers" --db "$cdb" sql --format json "$ctlq" &&
	out_has 'a\u001b[31mred\u0007b\rc\u007fd\u009be\nf' && rd_no_raw
expect 0 "control chars in export csv" "$powers" --db "$cdb" -q export --out "$tmp/ctl.csv" &&
	LC_ALL=C grep -q "$(printf 'a\033\[31mred')" "$tmp/ctl.csv" && pass || fail "value not kept"
expect 0 "control chars in export html" "$powers" --db "$cdb" -q export --format html \
	--out "$tmp/out" && rd_no_raw && out_has 'a\x1b[31mred\x07b'
# A workbook is read by people: shown escaped, not as OOXML's _x001B_,
# which Excel gives back as the raw character.
expect 0 "control chars in export xlsx" "$powers" --db "$cdb" -q export --format xlsx --out "$tmp/ctl.xlsx" &&
	unzip -p "$tmp/ctl.xlsx" xl/worksheets/sheet1.xml > "$tmp/out" && rd_no_raw &&
	out_has 'a\x1b[31mred\x07b\x0dc\x7fd\x9be' && name="xlsx: no _x001B_" &&
	{ grep -q '_x001B_' "$tmp/out" && fail "kept as _x001B_" || pass; }
# On a terminal (script(1) gives one), csv and tsv are shown escaped too.
if command -v script >/dev/null 2>&1; then
	for f in csv tsv json; do
		NO_COLOR=1 script -qec "'$powers' --db '$cdb' sql --format $f \"$ctlq\"" /dev/null \
			>"$tmp/out" 2>"$tmp/err" </dev/null
		name="control chars in $f on a terminal"
		tr -d '\r' <"$tmp/out" >"$tmp/out.lf" && mv "$tmp/out.lf" "$tmp/out"
		rd_no_raw
		[ "$f" = csv ] && out_has 'a\x1b[31mred\x07b\x0dc\x7fd\x9be'
		[ "$f" = tsv ] && out_has 'a\x1b[31mred\x07b\rc\x7fd\x9be'
	done
fi
if command -v script >/dev/null 2>&1; then
	script -qec "'$powers' --db '$cdb' -q export --out - --format csv" /dev/null \
		>"$tmp/out" 2>"$tmp/err" </dev/null
	name="control chars in export --out - on a terminal"
	tr -d '\r' <"$tmp/out" >"$tmp/out.lf" && mv "$tmp/out.lf" "$tmp/out"
	rd_no_raw
	out_has 'a\x1b[31mred\x07b\x0dc'
fi
expect 0 "control chars kept in export --out - to a pipe" "$powers" --db "$cdb" -q export --out - &&
	out_has "$(printf 'a\033[31mred\007b\rc')"
