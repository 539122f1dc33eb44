# export and backup: each format on the fixtures, the same bytes twice,
# atomic replacement (a failed run leaves the old file and no temporary
# one), the formula rule, xlsx cells and sheets, manifests, reading while
# a writer commits, and a registry locked past the timeout.

db=$tmp/export.db
fresh "$db"
"$powers" --db "$db" -q import "$fixtures/powers.csv"
"$powers" --db "$db" -q delegate --csv "$fixtures/delegations.csv"
ex=$tmp/exports
mkdir -p "$ex"

ex_q() {
	sqlite3 "$db" "$1"
}
# ex_rows FILE: data lines of a CSV without line breaks in cells (TSV: any).
ex_rows() {
	echo $(($(wc -l < "$1") - 1))
}
# ex_no_temp DIR: no temporary file (".NAME.XXXXXX") left in DIR.
ex_no_temp() {
	name="no temporary file left in $(basename "$1")"
	left=$(find "$1" -maxdepth 1 -name '.*.*' ! -name . ! -name .. | head -3)
	[ -z "$left" ] && pass || fail "left: $left"
}
# ex_json_rows FILE: the length of the JSON array in FILE, -1 when invalid.
ex_json_rows() {
	sqlite3 :memory: "SELECT CASE WHEN json_valid(CAST(readfile('$1') AS TEXT))
	    THEN json_array_length(CAST(readfile('$1') AS TEXT)) ELSE -1 END"
}
# ex_manifest_get FILE KEY: a member of a manifest.
ex_manifest_get() {
	sqlite3 :memory: "SELECT json_extract(CAST(readfile('$1') AS TEXT), '\$.$2')"
}

# Every kind of export in every format, chosen by the extension, twice:
# the same registry gives the same bytes.
for what in powers grants log; do
	for f in csv tsv json xlsx html; do
		expect 0 "$what as $f" "$powers" --db "$db" -q export --what "$what" --out "$ex/$what.$f" &&
		out_empty &&
		expect 0 "$what as $f again" "$powers" --db "$db" -q export --what "$what" --out "$ex/$what.again.$f" &&
		same_file "$ex/$what.$f" "$ex/$what.again.$f"
	done
done
for sel in "--unit FDXC" "--kind new_city" "--kind street_town" "--department XQ06"; do
	for f in csv tsv json xlsx html; do
		# shellcheck disable=SC2086
		expect 0 "positive list $sel as $f" "$powers" --db "$db" -q export --what positive-list $sel --out "$ex/pl.$f" &&
		# shellcheck disable=SC2086
		expect 0 "positive list $sel as $f again" "$powers" --db "$db" -q export --what positive-list $sel --out "$ex/pl.again.$f" &&
		same_file "$ex/pl.$f" "$ex/pl.again.$f"
	done
done
ex_no_temp "$ex"

# No clock in any file: another day, another time zone, a second later.
sleep 1
for f in csv json xlsx html; do
	POWERS_NOW=2031-05-05T12:34:56Z TZ=Asia/Shanghai "$powers" --db "$db" -q export --what positive-list --kind new_city \
	    --as-of 2026-11-26 --out "$ex/later.$f"
	"$powers" --db "$db" -q export --what positive-list --kind new_city --out "$ex/now.$f"
	same_file "$ex/later.$f" "$ex/now.$f"
done

# What each holds.
name="powers: one row a power"
[ "$(ex_rows "$ex/powers.tsv")" -eq "$(ex_q 'SELECT count(*) FROM power')" ] && pass || fail "$(ex_rows "$ex/powers.tsv") rows"
expect 0 "powers carry every attribute and the holders" "$powers" --db "$db" -q export --out - &&
	out_has "code,name,category_code,category,department_code,department,class,legal_basis,holder_code,holder,note,exercised_by_codes,exercised_by,exercised_modes" &&
	out_has "010310001000,企业投资项目核准,01,行政许可,XQ03,发展改革和商务局,economic," &&
	out_has ",XXXQ,西咸新区,,FDXC;FXXC;JHXC;KGXC;QHXC,沣东新城、沣西新城、泾河新城、空港新城、秦汉新城,delegate;delegate;delegate;delegate;delegate"
same_file "$tmp/out" "$ex/powers.csv"
name="powers: the note is there"
grep -q '2021年版清单新增' "$ex/powers.csv" && pass || fail "no note"
live="start_date <= '2026-11-26' AND (end_date IS NULL OR end_date > '2026-11-26')"
name="grants: those live on the day"
[ "$(ex_rows "$ex/grants.tsv")" -eq "$(ex_q "SELECT count(*) FROM grant_span WHERE $live")" ] && pass || fail "$(ex_rows "$ex/grants.tsv") rows"
name="log: every entry"
[ "$(ex_rows "$ex/log.tsv")" -eq "$(ex_q 'SELECT count(*) FROM delegation')" ] && pass || fail "$(ex_rows "$ex/log.tsv") rows"
for what in powers grants log; do
	name="$what as json: valid, a row each"
	[ "$(ex_json_rows "$ex/$what.json")" -eq "$(ex_rows "$ex/$what.tsv")" ] && pass || fail "$(ex_json_rows "$ex/$what.json")"
done
expect 0 "grants as of 2023" "$powers" --db "$db" -q export --what grants --as-of 2023-06-01 --out "$ex/g2023.tsv"
name="grants as of 2023"
[ "$(ex_rows "$ex/g2023.tsv")" -eq "$(ex_q "SELECT count(*) FROM grant_span WHERE start_date <= '2023-06-01' AND (end_date IS NULL OR end_date > '2023-06-01')")" ] &&
	pass || fail "$(ex_rows "$ex/g2023.tsv")"
expect 0 "grants of one unit" "$powers" --db "$db" -q export --what grants --unit 沣东新城 --out "$ex/gfd.tsv"
name="grants of one unit"
[ "$(ex_rows "$ex/gfd.tsv")" -eq "$(ex_q "SELECT count(*) FROM grant_span WHERE to_unit = 'FDXC' AND $live")" ] && pass || fail "$(ex_rows "$ex/gfd.tsv")"

# A positive list is exactly what positive-list gives (--raw: no formula
# rule, as on the terminal).
for sel in "--unit FDXC" "--kind street_town" "--department XQ06"; do
	for f in csv json; do
		# shellcheck disable=SC2086
		"$powers" --db "$db" positive-list $sel --format $f > "$tmp/pl.want"
		[ "$f" = csv ] && raw=--raw || raw=
		# shellcheck disable=SC2086
		expect 0 "positive list $sel as $f is positive-list's" "$powers" --db "$db" -q export --what positive-list $sel $raw --out "$ex/same.$f" &&
		same_file "$ex/same.$f" "$tmp/pl.want"
	done
done

# Standard output; the format from --format, else csv.
"$powers" --db "$db" -q export --what positive-list --unit FDXC --out "$ex/fd.tsv"
"$powers" --db "$db" -q export --what positive-list --unit FDXC --out "$ex/fd.csv"
expect 0 "to stdout" "$powers" --db "$db" export --what positive-list --unit FDXC --format tsv --out - &&
	same_file "$tmp/out" "$ex/fd.tsv"
expect 0 "an unknown extension is csv" "$powers" --db "$db" -q export --what log --out "$ex/log.txt" &&
	same_file "$ex/log.txt" "$ex/log.csv"
expect 0 "--format over the extension" "$powers" --db "$db" -q export --what log --format json --out "$ex/log.dat" &&
	same_file "$ex/log.dat" "$ex/log.json"
expect 0 "a summary without -q" "$powers" --db "$db" export --what log --out "$ex/log.csv" &&
	out_has "export: $(ex_q 'SELECT count(*) FROM delegation') rows to '$ex/log.csv' (csv, "

# --bom: UTF-8's byte order mark first, for Excel; else none.
expect 0 "bom" "$powers" --db "$db" -q export --what positive-list --unit FDXC --bom --out "$ex/bom.csv"
name="bom first"
[ "$(head -c 3 "$ex/bom.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] && pass || fail "$(head -c 3 "$ex/bom.csv" | od -An -tx1)"
name="then the same bytes"
tail -c +4 "$ex/bom.csv" | cmp -s - "$ex/fd.csv" && pass || fail "differs"
name="no bom by default"
[ "$(head -c 4 "$ex/fd.csv")" = "no,u" ] && pass || fail "$(head -c 4 "$ex/fd.csv" | od -c)"

# The formula rule (OWASP): cells a spreadsheet would run get a leading '.
fdb=$tmp/formula.db
fresh "$fdb"
cat > "$tmp/formula.csv" <<'EOF'
code,name,category,department,class,legal_basis,holder,note
000123000001,公式一,01,XQ03,economic,=1+2,,@SUM(A1)
000123000002,公式二,01,XQ03,economic,"=HYPERLINK(""http://x"",""y"")",,+1
000123000003,公式三,01,XQ03,economic,-2+3+cmd|' /C calc'!A0,,-1
000123000004,普通事项,01,XQ03,economic,《条例》第三条,,a=b
EOF
"$powers" --db "$fdb" -q import "$tmp/formula.csv"
expect 0 "formulas neutralised" "$powers" --db "$fdb" -q export --out "$ex/formula.csv" &&
	expect 0 "formulas neutralised in tsv" "$powers" --db "$fdb" -q export --out "$ex/formula.tsv" &&
	expect 0 "formulas kept with --raw" "$powers" --db "$fdb" -q export --raw --out "$ex/raw.csv"
name="csv: =, @"
grep -qF "000123000001,公式一,01,行政许可,XQ03,发展改革和商务局,economic,'=1+2,XXXQ,西咸新区,'@SUM(A1)," "$ex/formula.csv" && pass || fail "$(sed -n 2p "$ex/formula.csv")"
name="csv: a quoted formula, +"
grep -qF "economic,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",XXXQ,西咸新区,'+1," "$ex/formula.csv" && pass || fail "$(sed -n 3p "$ex/formula.csv")"
name="csv: -"
grep -qF "economic,'-2+3+cmd|' /C calc'!A0,XXXQ,西咸新区,'-1," "$ex/formula.csv" && pass || fail "$(sed -n 4p "$ex/formula.csv")"
name="csv: text and codes unchanged"
grep -qF "000123000004,普通事项,01,行政许可,XQ03,发展改革和商务局,economic,《条例》第三条,XXXQ,西咸新区,a=b," "$ex/formula.csv" && pass || fail "$(sed -n 5p "$ex/formula.csv")"
name="tsv too"
grep -qF "	'=1+2	XXXQ	西咸新区	'@SUM(A1)	" "$ex/formula.tsv" && pass || fail "$(sed -n 2p "$ex/formula.tsv")"
name="--raw keeps them"
grep -qF ",economic,=1+2,XXXQ,西咸新区,@SUM(A1)," "$ex/raw.csv" && pass || fail "$(sed -n 2p "$ex/raw.csv")"
expect 2 "--raw is for csv and tsv" "$powers" --db "$fdb" -q export --raw --out "$ex/raw.json" && err_has "--raw is for csv and tsv"
expect 2 "--bom is for csv and tsv" "$powers" --db "$fdb" -q export --bom --out "$ex/raw.html"

# xlsx: codes are text (inline strings, leading zeros kept), a bold
# frozen header, one sheet per unit.
if command -v unzip >/dev/null 2>&1; then
	name="xlsx: a code is a text cell"
	unzip -p "$ex/powers.xlsx" xl/worksheets/sheet1.xml > "$tmp/sheet1.xml"
	grep -q '<c r="A2" t="inlineStr"><is><t>010310001000</t></is></c>' "$tmp/sheet1.xml" && pass || fail "$(head -c 1200 "$tmp/sheet1.xml")"
	name="xlsx: no code is a number"
	! grep -q '<v>10310001000</v>' "$tmp/sheet1.xml" && pass || fail "a number"
	name="xlsx: the header is frozen"
	grep -q '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' "$tmp/sheet1.xml" && pass || fail "no pane"
	name="xlsx: columns sized"
	grep -q '<cols><col min="1" max="1" width=' "$tmp/sheet1.xml" && pass || fail "no widths"
	name="xlsx: bold header"
	unzip -p "$ex/powers.xlsx" xl/styles.xml | grep -q '<b/>' && pass || fail "no bold"
	name="xlsx: no clock in the properties"
	unzip -p "$ex/powers.xlsx" docProps/core.xml | grep -q '<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-26T00:00:00Z</dcterms:created>' &&
		pass || fail "$(unzip -p "$ex/powers.xlsx" docProps/core.xml)"
	expect 0 "xlsx of the new cities" "$powers" --db "$db" -q export --what positive-list --kind new_city --out "$ex/cities.xlsx"
	unzip -p "$ex/cities.xlsx" xl/workbook.xml > "$tmp/workbook.xml"
	name="xlsx: five sheets, one a new city"
	[ "$(grep -o '<sheet name="[^"]*"' "$tmp/workbook.xml" | wc -l)" -eq 5 ] && pass || fail "$(grep -o '<sheet name="[^"]*"' "$tmp/workbook.xml")"
	for city in 沣东新城 沣西新城 秦汉新城 空港新城 泾河新城; do
		name="xlsx: a sheet for $city"
		grep -q "<sheet name=\"$city\"" "$tmp/workbook.xml" && pass || fail "none"
	done
	name="xlsx: each sheet holds its unit's rows"
	n=0
	for i in 1 2 3 4 5; do
		n=$((n + $(unzip -p "$ex/cities.xlsx" "xl/worksheets/sheet$i.xml" | grep -o '<row ' | wc -l) - 1))
	done
	[ "$n" -eq "$(ex_q "SELECT count(*) FROM grant_span g JOIN unit u ON u.code = g.to_unit WHERE u.kind = 'new_city' AND $live")" ] &&
		pass || fail "$n rows"
	expect 0 "xlsx of the streets" "$powers" --db "$db" -q export --what positive-list --kind street_town --out "$ex/streets.xlsx"
	name="xlsx: sheet names fit Excel"
	unzip -p "$ex/streets.xlsx" xl/workbook.xml | grep -o '<sheet name="[^"]*"' | sed 's/<sheet name="//; s/"$//' > "$tmp/names"
	badnames=$(grep '[]*?:/\[]' "$tmp/names")
	while read -r n; do
		[ "$(printf %s "$n" | LC_ALL=C.UTF-8 wc -m)" -le 31 ] || badnames="$badnames $n"
	done < "$tmp/names"
	[ "$(wc -l < "$tmp/names")" -eq 19 ] && [ -z "$badnames" ] && [ "$(sort -u "$tmp/names" | wc -l)" -eq 19 ] && pass || fail "$badnames"
else
	echo "skipped: xlsx contents (no unzip)"
fi
expect 2 "xlsx not to stdout" "$powers" --db "$db" -q export --format xlsx --out -

# HTML: one page, nothing fetched, values escaped.
expect 0 "html of a unit" "$powers" --db "$db" -q export --what positive-list --unit FDXC --out "$ex/fd.html" &&
	out_empty
for want in '<title>沣东新城 正面清单</title>' '<h1>沣东新城 正面清单</h1>' '单位：沣东新城（FDXC）' '截至 <time datetime="2026-11-26">2026-11-26</time>' \
    '<h2>发展改革和商务局</h2>' '<input id="q"' '西咸新区发〔2022〕5号' '<th>依据文号</th>' '共 652 项'; do
	name="html has $want"
	grep -qF "$want" "$ex/fd.html" && pass || fail "missing"
done
name="html: nothing fetched"
grep -Eq '<(link|img|iframe|object|embed)|src=|href=|url\(|@import' "$ex/fd.html" && fail "$(grep -Eo '<(link|img|iframe)[^>]*|src=[^ ]*|href=[^ ]*' "$ex/fd.html" | head -3)" || pass
cat > "$tmp/escape.csv" <<'EOF'
code,name,category,department,class,legal_basis,holder,note
000123000005,"<b>粗</b> & ""引"" 'x'",01,XQ03,economic,</td><script>alert(1)</script>,,
EOF
"$powers" --db "$fdb" -q import "$tmp/escape.csv"
expect 0 "html escapes markup" "$powers" --db "$fdb" -q export --format html --out "$ex/escape.html"
name="html: & < > \" ' escaped"
grep -qF '<td>&lt;b&gt;粗&lt;/b&gt; &amp; &quot;引&quot; &#39;x&#39;</td>' "$ex/escape.html" &&
	grep -qF '&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;' "$ex/escape.html" &&
	! grep -qF '<script>alert' "$ex/escape.html" && pass || fail "$(grep -F '粗' "$ex/escape.html")"

# The manifest: the file's SHA-256, rows, the date, the log's head, the
# version; JSON from SQLite.
expect 0 "manifest" "$powers" --db "$db" -q export --what positive-list --unit FDXC --out "$ex/m.csv" --manifest "$ex/m.json"
name="manifest is valid json"
[ "$(sqlite3 :memory: "SELECT json_valid(CAST(readfile('$ex/m.json') AS TEXT))")" = 1 ] && pass || fail "$(cat "$ex/m.json")"
name="manifest: sha256 of the file"
[ "$(ex_manifest_get "$ex/m.json" sha256)" = "$(sha256sum "$ex/m.csv" | cut -d' ' -f1)" ] && pass || fail "$(cat "$ex/m.json")"
name="manifest: bytes, rows, as_of, what, version"
[ "$(ex_manifest_get "$ex/m.json" bytes)" -eq "$(wc -c < "$ex/m.csv")" ] &&
	[ "$(ex_manifest_get "$ex/m.json" rows)" -eq 652 ] &&
	[ "$(ex_manifest_get "$ex/m.json" as_of)" = 2026-11-26 ] &&
	[ "$(ex_manifest_get "$ex/m.json" what)" = positive-list ] &&
	[ "$(ex_manifest_get "$ex/m.json" unit)" = FDXC ] &&
	[ "$(ex_manifest_get "$ex/m.json" version)" = "$("$powers" --version | cut -d' ' -f2)" ] && pass || fail "$(cat "$ex/m.json")"
"$powers" --db "$db" head > "$tmp/head"
# The manifest's log_head is the log's last hash, which verify takes as a
# kept head; 'head' prints the registry's head beside the same count.
name="manifest: the log's head"
[ "$(ex_manifest_get "$ex/m.json" log_head)" = "$(sqlite3 "$db" "SELECT lower(hex(hash)) FROM delegation ORDER BY seq DESC LIMIT 1")" ] &&
	grep -qF "$(ex_manifest_get "$ex/m.json" log_entries)" "$tmp/head" && pass || fail "$(cat "$tmp/head")"
rm -f "$db-wal" "$db-shm"
expect 0 "manifest: its log_head verifies" "$powers" --db "$db" verify --expect-head "$(ex_manifest_get "$ex/m.json" log_head)"
expect 0 "manifest of stdout" "$powers" --db "$db" -q export --what log --out - --manifest "$ex/m2.json"
name="manifest of stdout: the bytes printed"
[ "$(ex_manifest_get "$ex/m2.json" sha256)" = "$(sha256sum < "$tmp/out" | cut -d' ' -f1)" ] && pass || fail "$(cat "$ex/m2.json")"
expect 2 "manifest over the output" "$powers" --db "$db" -q export --out "$ex/m.csv" --manifest "$ex/m.csv"

# A new file is 0644 less the umask, not mkstemp's 0600.
rm -f "$ex/mode.csv"
(umask 022; "$powers" --db "$db" -q export --what log --out "$ex/mode.csv")
name="mode 0644"
[ "$(stat -c %a "$ex/mode.csv")" = 644 ] && pass || fail "$(stat -c %a "$ex/mode.csv")"

# Atomicity.  A missing folder or registry: 5, nothing created.
expect 5 "missing folder" "$powers" --db "$db" -q export --out "$tmp/nofolder/out.csv" && err_has "nofolder/out.csv"
name="missing folder: nothing created"
[ ! -e "$tmp/nofolder" ] && pass || fail "created"
before=$(ls -A "$ex" | wc -l)
expect 5 "missing registry" "$powers" --db "$tmp/none.db" -q export --out "$ex/none.csv" && err_has "none.db"
name="missing registry: nothing created"
[ ! -e "$tmp/none.db" ] && [ ! -e "$ex/none.csv" ] && [ "$(ls -A "$ex" | wc -l)" -eq "$before" ] && pass || fail "created"
expect 5 "missing registry, backup" "$powers" --db "$tmp/none.db" -q backup "$ex/none.db"
name="missing registry, backup: nothing created"
[ ! -e "$tmp/none.db" ] && [ ! -e "$ex/none.db" ] && [ "$(ls -A "$ex" | wc -l)" -eq "$before" ] && pass || fail "created"

# A run refused after a good one leaves the good file as it was.
cp "$ex/pl.csv" "$tmp/pl.before"
expect 2 "unknown unit" "$powers" --db "$db" -q export --what positive-list --unit NOPE --out "$ex/pl.csv" && err_has "unknown unit 'NOPE'"
same_file "$ex/pl.csv" "$tmp/pl.before"
expect 2 "positive list needs a selector" "$powers" --db "$db" -q export --what positive-list --out "$ex/pl.csv"
same_file "$ex/pl.csv" "$tmp/pl.before"

# A run failing half way (the test hook fails the writer after N rows, as
# a full disk would): 5, the old file byte for byte, no temporary file.
for f in csv tsv json xlsx html; do
	cp "$ex/pl.$f" "$tmp/before.$f"
	expect 5 "failing half way, $f" env POWERS_TEST_FAIL_AFTER_ROWS=100 "$powers" --db "$db" -q export \
	    --what positive-list --kind new_city --out "$ex/pl.$f" --manifest "$ex/pl.manifest" &&
		err_has "failing after 100 rows"
	same_file "$ex/pl.$f" "$tmp/before.$f"
	name="failing half way, $f: no manifest"
	[ ! -e "$ex/pl.manifest" ] && pass || fail "written"
done
ex_no_temp "$ex"
# A manifest that cannot be written fails the run before the output is
# replaced.
cp "$ex/fd.csv" "$tmp/before.csv"
expect 5 "manifest to a missing folder" "$powers" --db "$db" -q export --what log --out "$ex/fd.csv" \
    --manifest "$tmp/nofolder/m.json"
same_file "$ex/fd.csv" "$tmp/before.csv"
ex_no_temp "$ex"
mkdir -p "$ex/dir.csv"
expect 2 "a folder in the way (refused, as the contract says)" "$powers" --db "$db" -q export --out "$ex/dir.csv"
ex_no_temp "$ex"
expect 2 "not over the registry" "$powers" --db "$db" -q export --out "$db" && err_has "is the registry"
expect 2 "not over its wal" "$powers" --db "$db" -q export --out "$db-wal"
expect 2 "backup not over the registry" "$powers" --db "$db" -q backup "$db"
expect 2 "backup not over the registry, another path" "$powers" --db "$db" -q backup "$tmp/../$(basename "$tmp")/export.db"
expect 0 "registry intact" "$powers" --db "$db" -q verify

# A writer that keeps appending to the log: delegate then revoke, each
# on a new day.
ex_writer() {
	i=1
	while [ "$i" -le "$1" ]; do
		"$powers" --db "$2" -q delegate 010310001000 --to JZ01 --mode delegate \
		    --document "测试〔$((2030 + i))〕1号" --effective "$((2030 + i))-01-01" || return 1
		"$powers" --db "$2" -q delegate 010310001000 --to JZ01 --from XXXQ --mode revoke \
		    --document "测试〔$((2030 + i))〕2号" --effective "$((2030 + i))-06-01" || return 1
		i=$((i + 1))
	done
}

# A cron-style loop while the writer runs: every file complete and one
# state (the rows of the log export are the entries its manifest names).
wdb=$tmp/written.db
"$powers" --db "$db" -q backup "$wdb"
ex_writer 15 "$wdb" &
wpid=$!
i=1
while [ "$i" -le 8 ]; do
	expect 0 "cron run $i" "$powers" --db "$wdb" -q export --what log --out "$ex/cron.tsv" --manifest "$ex/cron.json"
	name="cron run $i: one state"
	[ "$(ex_rows "$ex/cron.tsv")" -eq "$(ex_manifest_get "$ex/cron.json" log_entries)" ] &&
		[ "$(ex_manifest_get "$ex/cron.json" rows)" -eq "$(ex_manifest_get "$ex/cron.json" log_entries)" ] &&
		[ "$(sha256sum "$ex/cron.tsv" | cut -d' ' -f1)" = "$(ex_manifest_get "$ex/cron.json" sha256)" ] &&
		pass || fail "$(ex_rows "$ex/cron.tsv") rows, $(cat "$ex/cron.json")"
	i=$((i + 1))
done
# A backup while it writes: a consistent copy that verify passes.
expect 0 "backup under a writer" "$powers" --db "$wdb" -q backup "$ex/copy.db"
name="writer finished"
wait "$wpid" && pass || fail "the writer failed"
expect 0 "the copy verifies" "$powers" --db "$ex/copy.db" verify
expect 0 "the copy is a registry" "$powers" --db "$ex/copy.db" -q export --what log --out "$ex/copy.tsv"
name="the copy holds a state of the log"
n=$(ex_rows "$ex/copy.tsv")
[ "$n" -ge "$(ex_rows "$ex/log.tsv")" ] && [ "$n" -le $(($(ex_rows "$ex/log.tsv") + 30)) ] && pass || fail "$n entries"
expect 0 "backup again, over the old copy" "$powers" --db "$wdb" backup "$ex/copy.db" && out_has "backup: "
expect 0 "the new copy verifies" "$powers" --db "$ex/copy.db" verify
name="the new copy is the registry's last state"
[ "$("$powers" --db "$ex/copy.db" head)" = "$("$powers" --db "$wdb" head)" ] && pass || fail "heads differ"
ex_no_temp "$ex"
expect 5 "backup to a missing folder" "$powers" --db "$db" -q backup "$tmp/nofolder/copy.db"
name="backup to a missing folder: nothing created"
[ ! -e "$tmp/nofolder" ] && pass || fail "created"

# A registry locked past the timeout: 4, nothing written.  The lock is
# SQLite's exclusive locking mode, held by a sqlite3 shell until its input
# closes.
ldb=$tmp/locked.db
"$powers" --db "$db" -q backup "$ldb"
mkfifo "$tmp/lock.fifo"
sqlite3 "$ldb" < "$tmp/lock.fifo" >/dev/null 2>&1 &
lpid=$!
exec 3>"$tmp/lock.fifo"
# The shell waits for the lock (.timeout), which the polling below may
# hold for a moment.
printf '.timeout 10000\nPRAGMA locking_mode = EXCLUSIVE;\nBEGIN EXCLUSIVE;\nSELECT count(*) FROM unit;\n' >&3
tries=0
while "$powers" --db "$ldb" --timeout 0 head >/dev/null 2>&1 && [ "$tries" -lt 100 ]; do
	sleep 0.1
	tries=$((tries + 1))
done
expect 4 "export of a locked registry" "$powers" --db "$ldb" --timeout 0.5 -q export --out "$ex/locked.csv" &&
	err_has "busy"
name="locked: nothing written"
[ ! -e "$ex/locked.csv" ] && pass || fail "written"
expect 4 "backup of a locked registry" "$powers" --db "$ldb" --timeout 0.5 -q backup "$ex/locked.db"
name="locked backup: nothing written"
[ ! -e "$ex/locked.db" ] && pass || fail "written"
ex_no_temp "$ex"
exec 3>&-
wait "$lpid"
expect 0 "unlocked again" "$powers" --db "$ldb" --timeout 0.5 -q export --out "$ex/locked.csv"

# Usage.
expect 2 "no --out" "$powers" --db "$db" export
expect 2 "bad --what" "$powers" --db "$db" export --what units --out "$ex/x.csv"
expect 2 "bad --format" "$powers" --db "$db" export --format pdf --out "$ex/x.csv"
expect 2 "two selectors" "$powers" --db "$db" export --unit FDXC --kind new_city --out "$ex/x.csv"
expect 2 "bad date" "$powers" --db "$db" export --as-of 2026-02-30 --out "$ex/x.csv"
expect 2 "backup needs a file" "$powers" --db "$db" backup
expect 0 "export --help" "$powers" export --help && out_has "usage: powers export"
expect 0 "backup --help" "$powers" backup --help && out_has "usage: powers backup FILE"
name="nothing written by usage errors"
[ ! -e "$ex/x.csv" ] && pass || fail "written"

# -q after the command, as before it: the file written, nothing said.
rm -f "$ex/quiet.csv"
expect 0 "export -q" "$powers" --db "$db" export -q --what powers --out "$ex/quiet.csv" &&
	out_empty && err_empty
name="export -q writes the file"; [ -s "$ex/quiet.csv" ] && pass || fail "no $ex/quiet.csv"
expect 0 "export without -q says what it wrote" "$powers" --db "$db" export --what powers --out "$ex/quiet.csv" &&
	out_has "rows to '$ex/quiet.csv'"
expect 0 "verify -q" "$powers" --db "$db" verify -q && out_empty && err_empty
