# history --unit and diff --unit on the 2022 fixtures: what one unit was
# given and what was taken from it, checked against the log itself (read
# here in SQL) and against plain 'diff'.  An unknown unit exits 2, as every
# --unit does; a name several units bear is refused, exit 2.

db=$tmp/unit-history.db
fresh "$db"
"$powers" --db "$db" -q import "$fixtures/powers.csv"
"$powers" --db "$db" -q delegate --csv "$fixtures/delegations.csv"

# log_count WHERE: the log's entries that WHERE (SQL over delegation) keeps.
log_count() {
	sqlite3 "$db" "SELECT count(*) FROM delegation WHERE $1"
}

# rows: the data rows of the last command's CSV.
rows() {
	echo $(($(wc -l < "$tmp/out") - 1))
}

# history --unit: a new city's entries, and only its own.
expect 0 "history of a new city" "$powers" --db "$db" history --unit QHXC --format csv
name="history --unit QHXC counts the log's entries to QHXC"
want=$(log_count "to_unit = 'QHXC' OR from_unit = 'QHXC'")
[ "$(rows)" -eq "$want" ] && [ "$want" -eq 668 ] && pass || fail "$(rows) rows, the log has $want"
name="history --unit QHXC shows only QHXC's entries"
others=$(awk -F, 'NR > 1 && $6 != "QHXC" && $8 != "QHXC"' "$tmp/out" | wc -l)
[ "$others" -eq 0 ] && pass || fail "$others entries of other units"
out_has "seq,effective,power,power_name,mode,from_code,from_name,to_code,to_name,document,note,recorded_by,recorded_at,recorded_on"
out_has "4715,2023-05-10,010610001001,建筑工程施工许可证核发（新办）,revoke,XQ06,住房和城乡建设局,QHXC,秦汉新城,西咸管发〔2023〕17号,秦汉新城申请交回,tester,2026-11-26T00:00:00Z,2026-11-26"
cp "$tmp/out" "$tmp/by-code.csv"
expect 0 "history of a unit by name" "$powers" --db "$db" history --unit 秦汉新城 --format csv &&
	same_file "$tmp/out" "$tmp/by-code.csv"

# A department gives: its entries are those it is the giver of.
expect 0 "history of a department" "$powers" --db "$db" history --unit XQ06 --format csv
name="history --unit XQ06 counts the entries XQ06 gave"
want=$(log_count "from_unit = 'XQ06' OR to_unit = 'XQ06'")
[ "$(rows)" -eq "$want" ] && [ "$want" -eq 111 ] && pass || fail "$(rows) rows, the log has $want"

# With dates and a power.
expect 0 "history --unit --since" "$powers" --db "$db" history --unit QHXC --since 2023-01-01 --format csv
name="QHXC since 2023: the revoke and the entrustment"
[ "$(rows)" -eq 2 ] && pass || fail "$(rows) rows"
out_has ",revoke,XQ06,"
out_has "4719,2024-03-01,010610001001,建筑工程施工许可证核发（新办）,entrust,XQ06,住房和城乡建设局,QHXC,"
expect 0 "history --unit --until" "$powers" --db "$db" history --unit JZ07 --until 2022-04-15 --format csv
name="JZ07 until 2022-04-15"
want=$(log_count "to_unit = 'JZ07' AND effective <= '2022-04-15'")
[ "$(rows)" -eq "$want" ] && [ "$want" -gt 0 ] && pass || fail "$(rows) rows, the log has $want"
expect 0 "history --unit --since --until" "$powers" --db "$db" history --unit JZ07 --since 2022-04-15 --until 2022-07-01 --format csv
name="JZ07 from 2022-04-15 to 2022-07-01"
want=$(log_count "to_unit = 'JZ07' AND effective BETWEEN '2022-04-15' AND '2022-07-01'")
[ "$(rows)" -eq "$want" ] && pass || fail "$(rows) rows, the log has $want"
expect 0 "history CODE --unit" "$powers" --db "$db" history 010610001001 --unit QHXC --format csv
name="one power of one unit"
[ "$(rows)" -eq "$(log_count "power = '010610001001' AND to_unit = 'QHXC'")" ] &&
	[ "$(awk -F, 'NR > 1 && $3 != "010610001001"' "$tmp/out" | wc -l)" -eq 0 ] &&
	pass || fail "$(cat "$tmp/out")"
expect 0 "history CODE --unit, another unit" "$powers" --db "$db" history 010610001001 --unit JZ07 --format csv
name="a power the unit never had: no entry"; [ "$(rows)" -eq 0 ] && pass || fail "$(rows) rows"

# Every format.
for f in table tsv markdown json; do
	expect 0 "history --unit as $f" "$powers" --db "$db" history --unit QHXC --since 2023-01-01 --format "$f" &&
		out_has "西咸管发〔2023〕17号" && out_has tester
done
name="history --unit json is an array of two"
[ "$(sqlite3 :memory: "SELECT json_array_length(CAST(readfile('$tmp/out') AS TEXT))")" = 2 ] && pass || fail "not two"
expect 0 "history --unit markdown" "$powers" --db "$db" history --unit QHXC --since 2023-01-01 --format markdown &&
	out_has "| seq | effective |"

# diff --unit: QHXC lost 010610001001 in 2023 and got it back in 2024.
expect 0 "diff of a new city" "$powers" --db "$db" diff --unit QHXC --from 2022-03-03 --to 2024-12-31 --format csv
out_has "change,power,power_name,unit_code,unit,unit_kind,from_code,mode,document,effective,seq,recorded_by,recorded_at"
out_has "gained,010610001001,建筑工程施工许可证核发（新办）,QHXC,秦汉新城,new_city,XQ06,entrust,西咸管发〔2024〕6号,2024-03-01,4719,tester,2026-11-26T00:00:00Z"
out_has "lost,010610001001,建筑工程施工许可证核发（新办）,QHXC,秦汉新城,new_city,XQ06,revoke,西咸管发〔2023〕17号,2023-05-10,4715,tester,2026-11-26T00:00:00Z"
name="diff --unit QHXC: two changes"; [ "$(rows)" -eq 2 ] && pass || fail "$(rows) rows"
cp "$tmp/out" "$tmp/forward.csv"
expect 0 "diff by name" "$powers" --db "$db" diff --unit 秦汉新城 --from 2022-03-03 --to 2024-12-31 --format csv &&
	same_file "$tmp/out" "$tmp/forward.csv"
# Backwards, what was gained is lost.
expect 0 "diff of a new city, backwards" "$powers" --db "$db" diff --unit QHXC --from 2024-12-31 --to 2022-03-03 --format csv &&
	out_has "lost,010610001001,建筑工程施工许可证核发（新办）,QHXC,秦汉新城,new_city,XQ06,entrust,西咸管发〔2024〕6号,2024-03-01"

# The changes of each unit are those of plain diff: change, power and
# unit agree, row for row (the date is the entry's: plain diff gives none
# for a grant lost backwards).
for unit in QHXC JZ07 KGXC JZ05; do
	for span in "2022-02-20 2022-12-31" "2022-03-03 2026-11-26" "2025-01-01 2022-01-01"; do
		set -- $span
		"$powers" --db "$db" diff --from "$1" --to "$2" --format csv |
		    awk -F, -v u="$unit" 'NR > 1 && $4 == u { print $1 "," $2 "," $4 }' |
		    sort > "$tmp/plain"
		expect 0 "diff --unit $unit $1 $2" "$powers" --db "$db" diff --unit "$unit" --from "$1" --to "$2" --format csv
		awk -F, 'NR > 1 { print $1 "," $2 "," $4 }' "$tmp/out" | sort > "$tmp/mine"
		name="diff --unit $unit $1 $2 agrees with diff"
		cmp -s "$tmp/plain" "$tmp/mine" && [ -s "$tmp/mine" ] && pass || fail "$(diff "$tmp/plain" "$tmp/mine" | head -5)"
	done
done

# A department: the grants it gave or took back.
expect 0 "diff of a department" "$powers" --db "$db" diff --unit XQ06 --from 2022-03-03 --to 2024-12-31 --format csv &&
	out_has "lost,010610001001,建筑工程施工许可证核发（新办）,QHXC,秦汉新城,new_city,XQ06,revoke,"
name="diff --unit XQ06 names only XQ06's grants"
[ "$(rows)" -eq 2 ] && [ "$(awk -F, 'NR > 1 && $7 != "XQ06"' "$tmp/out" | wc -l)" -eq 0 ] && pass || fail "$(cat "$tmp/out")"
expect 0 "diff --unit, nothing changed" "$powers" --db "$db" diff --unit QHXC --from 2025-02-01 --to 2026-11-26 --format csv
name="no change"; [ "$(rows)" -eq 0 ] && pass || fail "$(rows) rows"
expect 0 "diff --unit, --to defaults to today" "$powers" --db "$db" diff --unit JZ07 --from 2023-01-01 --format csv &&
	out_has "lost,011420001000,"

for f in table tsv markdown json; do
	expect 0 "diff --unit as $f" "$powers" --db "$db" diff --unit QHXC --from 2022-03-03 --to 2024-12-31 --format "$f" &&
		out_has "西咸管发〔2023〕17号" && out_has tester
done
name="diff --unit json is an array of two"
[ "$(sqlite3 :memory: "SELECT json_array_length(CAST(readfile('$tmp/out') AS TEXT))")" = 2 ] && pass || fail "not two"

# Bad usage: exit 2, and an unknown or ambiguous unit is one too.
expect 2 "history --unit without a value" "$powers" --db "$db" history --unit
expect 2 "history, unknown unit" "$powers" --db "$db" history --unit NOPE &&
	err_has "powers: history: --unit: unknown unit 'NOPE'" && out_empty
expect 2 "history --unit, bad date" "$powers" --db "$db" history --unit QHXC --since 2023-13-01
expect 2 "diff --unit needs --from" "$powers" --db "$db" diff --unit QHXC && err_has "--from DATE is needed"
expect 2 "diff, unknown unit" "$powers" --db "$db" diff --unit 秦汉 --from 2022-03-03 &&
	err_has "powers: diff: --unit: unknown unit '秦汉': did you mean 秦汉新城 (QHXC, new_city)?"
expect 2 "diff --unit, an operand" "$powers" --db "$db" diff --unit QHXC --from 2022-03-03 extra
cp "$db" "$tmp/twins.db"
printf 'code,name,kind,parent\nJZ90,三桥街道,street_town,XXXQ\n' > "$tmp/twin.csv"
"$powers" --db "$tmp/twins.db" -q unit import "$tmp/twin.csv"
expect 2 "history, a name two units bear" "$powers" --db "$tmp/twins.db" history --unit 三桥街道 &&
	err_has "names several units: 三桥街道 (JZ01, street_town), 三桥街道 (JZ90, street_town): give the code"
expect 2 "diff, a name two units bear" "$powers" --db "$tmp/twins.db" diff --unit 三桥街道 --from 2022-03-03 &&
	err_has "give the code"
expect 0 "history of a unit with no entry" "$powers" --db "$tmp/twins.db" history --unit JZ90 --format csv
name="no entry"; [ "$(rows)" -eq 0 ] && pass || fail "$(rows) rows"
