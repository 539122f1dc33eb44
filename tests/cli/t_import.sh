# unit import and import: good files in every encoding, re-imports, dry
# runs, and every bad file refused with its line, exit 3 and nothing written.

db=$tmp/import.db
rm -f "$db"
expect 0 "init" "$powers" --db "$db" init
expect 0 "unit import" "$powers" --db "$db" unit import "$fixtures/units.csv" &&
	out_has "UTF-8 with BOM" && out_has "45 units: 45 new, 0 changed"
expect 0 "import powers, GB18030" "$powers" --db "$db" import "$fixtures/powers.csv" &&
	out_has "GB18030" && out_has "comma, CRLF" &&
	out_has "928 powers: 928 new, 0 changed, 0 unchanged, 0 absent"
expect 0 "second import: all unchanged" "$powers" --db "$db" import "$fixtures/powers.csv" &&
	out_has "928 powers: 0 new, 0 changed, 928 unchanged, 0 absent"
expect 0 "units again, in English, other order" "$powers" --db "$db" unit import "$fixtures/units-en.csv" &&
	out_has "45 units: 0 new, 0 changed, 45 unchanged"
expect 0 "list csv" "$powers" --db "$db" list --format csv
lines=$(wc -l < "$tmp/out")
if [ "$lines" -eq 929 ]; then pass; else name="list csv rows"; fail "$lines lines, wanted 929"; fi
# Leading zeros survive, as text.
grep -q '^010610001001,' "$tmp/out" && pass || { name="leading zeros"; fail "code 010610001001 not listed"; }

# The same powers saved every way a clerk saves them: the same registry.
sqlite3 "$db" "SELECT code, name, category, department, class, legal_basis, holder, note FROM power ORDER BY code" > "$tmp/want"
for f in "$fixtures"/encodings/*; do
	other=$tmp/enc.db
	fresh "$other"
	expect 0 "import $(basename "$f")" "$powers" --db "$other" import "$f" &&
		out_has "928 powers: 928 new"
	sqlite3 "$other" "SELECT code, name, category, department, class, legal_basis, holder, note FROM power ORDER BY code" > "$tmp/got"
	name="same registry from $(basename "$f")"
	same_file "$tmp/want" "$tmp/got"
	# Files of a certain encoding (a BOM, or UTF-8 where GB18030 fails) are
	# hashed as they are imported, the others before.
	name="import_run keeps the SHA-256 of $(basename "$f")"
	got=$(sqlite3 "$other" "SELECT sha256 FROM import_run WHERE what = 'powers'")
	[ "$got" = "$(sha256sum "$f" | cut -d' ' -f1)" ] && pass || fail "got '$got'"
done

# A dry run writes nothing.
fresh "$tmp/dry.db"
cp "$tmp/dry.db" "$tmp/dry.before"
expect 0 "dry run" "$powers" --db "$tmp/dry.db" import --dry-run "$fixtures/powers.csv" &&
	out_has "dry run: 928 powers: 928 new" && out_has "nothing written"
name="dry run leaves the registry"; same_file "$tmp/dry.before" "$tmp/dry.db"

# A changed attribute is recorded with its old and new value.
printf 'code,name,kind,parent\r\nFDXC,沣东新城管委会,new_city,XXXQ\r\n' > "$tmp/rename.csv"
cp "$db" "$tmp/rename.before"
expect 0 "dry run names the change" "$powers" --db "$db" unit import --dry-run "$tmp/rename.csv" &&
	out_has "changed FDXC name: '沣东新城' -> '沣东新城管委会'" && out_has "nothing written"
name="dry run of a change writes nothing"; same_file "$tmp/rename.before" "$db"
expect 0 "rename a unit" "$powers" --db "$db" --by clerk1 unit import "$tmp/rename.csv" &&
	out_has "1 units: 0 new, 1 changed, 0 unchanged, 44 absent"
got=$(sqlite3 "$db" "SELECT c.attribute || '|' || c.old_value || '|' || c.new_value || '|' || r.operator FROM attribute_change c JOIN import_run r ON r.id = c.import_run WHERE c.code = 'FDXC'")
name="change recorded"
[ "$got" = "name|沣东新城|沣东新城管委会|clerk1" ] && pass || fail "got '$got'"
got=$(sqlite3 "$db" "SELECT rows || '|' || added || '|' || changed || '|' || unchanged || '|' || absent FROM import_run ORDER BY id DESC LIMIT 1")
name="import_run keeps the counts printed"
[ "$got" = "1|0|1|0|44" ] && pass || fail "got '$got'"
got=$(sqlite3 "$db" "SELECT count(*) FROM import_run")
name="imports recorded"
[ "$got" -eq 5 ] && pass || fail "got $got import runs"

# Every bad file: exit 3, its line named, the registry byte-for-byte as before.
refused() {	# refused FILE LINE TEXT [unit]
	file=$bad/$1
	if [ "${4:-}" = unit ]; then
		reg=$tmp/unit-bad.db
		rm -f "$reg"; "$powers" --db "$reg" -q init
		cmd="unit import"
	else
		reg=$tmp/bad.db
		fresh "$reg"
		cmd="import"
	fi
	cp "$reg" "$tmp/before.db"
	# shellcheck disable=SC2086
	expect 3 "refuse $1" "$powers" --db "$reg" $cmd "$file" || return
	if [ -n "$2" ]; then err_has "$file:$2: $3"; else err_has "$3"; fi
	err_has "nothing written"
	name="$1 leaves the registry"; same_file "$tmp/before.db" "$reg"
	out_empty
}
refused wrong-field-count.csv 4 "9 fields where the header has 8"
refused missing-column.csv 1 "missing column 'name' (事项名称)"
refused unknown-column.csv 1 "unknown column '备考'"
refused empty-code.csv 3 "empty code (事项编码)"
refused empty-name.csv 4 "empty name (事项名称)"
refused unknown-category.csv 3 "unknown category '行政许诺'"
refused unknown-department.csv 5 "unknown department 'XQ99'"
refused duplicate-code.csv 5 "code '010619001000' already on line 2"
refused invalid-bytes.csv 3 "bytes invalid in"
refused nul-byte.csv 4 "NUL byte"
refused field-too-long.csv 3 "field 6 over 32767 characters"
refused unterminated-quote.csv 3 "unterminated quote"
refused multiline-then-bad.csv 5 "unknown category '行政备案'"
refused bad-class.csv 4 "unknown class '经济类别X'"
refused gb18030-bad-category.csv 3 "unknown category '行政审批'"
refused units-unknown-kind.csv 4 "unknown kind '区县'" unit
refused units-unknown-parent.csv 4 "unknown parent 'NOPE'" unit
refused several-errors.csv 2 "unknown category '行政审批'" &&
	err_has "several-errors.csv:4: unknown department 'XQ99'" &&
	err_has "several-errors.csv:6: empty name (事项名称)" &&
	err_has "3 errors; nothing written"

# A row far wider than the header (as a stray delimiter run makes it).
fresh "$tmp/bad.db"; cp "$tmp/bad.db" "$tmp/before.db"
{ printf '事项编码,事项名称,事项类型,主管部门,事权类别,设定依据,实施主体,备注\r\n'
  printf '010699001000,宽行,行政许可,XQ06,,,,,,,,,,,,,,,,,,\r\n'; } > "$tmp/wide.csv"
expect 3 "refuse a row of 22 fields" "$powers" --db "$tmp/bad.db" import "$tmp/wide.csv" &&
	err_has "wide.csv:2: 22 fields where the header has 8"
name="wide row leaves the registry"; same_file "$tmp/before.db" "$tmp/bad.db"

# The same in a file large enough to be read ahead in another thread.
awk 'BEGIN {
	printf "事项编码,事项名称,事项类型,主管部门,事权类别,设定依据,实施主体,备注\r\n"
	for (i = 0; i < 30000; i++)
		printf "0199%08d,事项%d,行政许可,XQ06,,《中华人民共和国行政许可法》第十二条第一款规定的行政许可事项,,\r\n", i, i
	printf "019999999999,宽行,行政许可,XQ06,,,,,,,,,,,,,,,,,,,,\r\n"
}' > "$tmp/big-wide.csv"
expect 3 "refuse a wide row read ahead" "$powers" --db "$tmp/bad.db" import "$tmp/big-wide.csv" &&
	err_has "big-wide.csv:30002: 24 fields where the header has 8"
name="big wide file leaves the registry"; same_file "$tmp/before.db" "$tmp/bad.db"

# The empty file: no line to name.
fresh "$tmp/bad.db"; cp "$tmp/bad.db" "$tmp/before.db"
expect 3 "refuse empty.csv" "$powers" --db "$tmp/bad.db" import "$bad/empty.csv" &&
	err_has "empty file"
name="empty.csv leaves the registry"; same_file "$tmp/before.db" "$tmp/bad.db"

# Unknown columns are ignored on request.
expect 0 "ignore unknown column" "$powers" --db "$tmp/bad.db" import --ignore-unknown "$bad/unknown-column.csv"
expect 0 "header only" "$powers" --db "$tmp/bad.db" import "$bad/header-only.csv" &&
	out_has "0 powers: 0 new"

# A missing file is an I/O failure, not bad input.
expect 5 "missing file" "$powers" --db "$tmp/bad.db" import "$tmp/no-such.csv" &&
	err_has "no-such.csv"
# The encoding can be forced; a wrong one is refused, not guessed around.
expect 0 "forced GB18030" "$powers" --db "$tmp/enc.db" import --encoding GB18030 "$fixtures/powers.csv"
expect 3 "forced UTF-8 on GB18030" "$powers" --db "$tmp/enc.db" import --encoding UTF-8 "$fixtures/powers.csv"
expect 2 "bad delimiter" "$powers" --db "$tmp/enc.db" import --delimiter pipe "$fixtures/powers.csv"
expect 0 "quiet" "$powers" --db "$tmp/enc.db" -q import "$fixtures/powers.csv" && out_empty && err_empty
