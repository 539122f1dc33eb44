# positive-list, list filters, show and diff on the 2022 fixtures, checked
# against the log itself (replayed here in SQL, independently of
# grant_span) and against fixtures/EXPECTED.md.

db=$tmp/browse.db
fresh "$db"
"$powers" --db "$db" -q import "$fixtures/powers.csv"
"$powers" --db "$db" -q delegate --csv "$fixtures/delegations.csv"

# What UNIT holds on DATE by the log alone: the last entry for each power
# (by date, then order of recording) is a grant, not a revoke.
log_holds() {
	sqlite3 "$db" "SELECT count(*) FROM (SELECT power, mode, row_number() OVER
	    (PARTITION BY power ORDER BY effective DESC, seq DESC) AS r
	    FROM delegation WHERE to_unit = '$1' AND effective <= '$2')
	    WHERE r = 1 AND mode <> 'revoke'"
}

for unit in FDXC QHXC JZ07; do
	expect 0 "positive list of $unit" "$powers" --db "$db" positive-list --unit "$unit" --format csv
	got=$(($(wc -l < "$tmp/out") - 1))
	want=$(log_holds "$unit" 2026-11-26)
	name="positive list of $unit agrees with the log"
	[ "$got" -eq "$want" ] && pass || fail "$got rows, the log says $want"
done
name="FDXC holds 652 (EXPECTED.md)"
[ "$(log_holds FDXC 2026-11-26)" -eq 652 ] && pass || fail "$(log_holds FDXC 2026-11-26)"

expect 0 "positive list first rows" "$powers" --db "$db" positive-list --unit 沣东新城 --format csv
name="first row"
sed -n 2p "$tmp/out" | grep -q '^1,FDXC,沣东新城,发展改革和商务局,行政许可,010310001000,企业投资项目核准,delegate,' && pass || fail "$(sed -n 2p "$tmp/out")"

# As of a date: QHXC lost 010610001001 in 2023 and got it back, entrusted, in 2024.
expect 0 "as of 2023" "$powers" --db "$db" positive-list --unit QHXC --as-of 2023-06-01 --format csv
if grep -q 010610001001 "$tmp/out"; then name="revoked power gone"; fail "still listed"; else pass; fi
expect 0 "as of 2024" "$powers" --db "$db" positive-list --unit QHXC --as-of 2024-03-01 --format csv &&
	out_has "010610001001,建筑工程施工许可证核发（新办）,entrust,西咸管发〔2024〕6号,2024-03-01"
got=$(($(wc -l < "$tmp/out") - 1))
want=$(log_holds QHXC 2024-03-01)
name="QHXC as of 2024-03-01 agrees with the log"
[ "$got" -eq "$want" ] && pass || fail "$got rows, the log says $want"

# Every street/town, grouped by unit, numbered within each.
expect 0 "positive list of streets" "$powers" --db "$db" positive-list --kind street_town --format csv
got=$(($(wc -l < "$tmp/out") - 1))
want=0
for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19; do
	want=$((want + $(log_holds "JZ$i" 2026-11-26)))
done
name="streets agree with the log"; [ "$got" -eq "$want" ] && pass || fail "$got rows, the log says $want"
name="numbering restarts per unit"
[ "$(grep -c '^1,JZ' "$tmp/out")" -eq 19 ] && pass || fail "$(grep -c '^1,JZ' "$tmp/out") units start at 1"

# A department split by level: XQ06 has 135 powers, 121 held by new cities.
expect 0 "department split" "$powers" --db "$db" positive-list --department XQ06 --format csv
name="department levels"
[ "$(grep -c ',new_city,' "$tmp/out")" -eq 121 ] && [ "$(grep -c ',new_area_level,' "$tmp/out")" -eq 14 ] &&
	pass || fail "$(cut -d, -f2 "$tmp/out" | sort | uniq -c | tr '\n' ' ')"
expect 0 "department by name" "$powers" --db "$db" positive-list --department 城市管理和综合执法局 --format csv &&
	out_has ",street_town,"

# Each format.
for f in table tsv markdown json; do
	expect 0 "positive list as $f" "$powers" --db "$db" positive-list --unit JZ01 --format "$f"
done
name="json is valid"
[ "$(sqlite3 :memory: "SELECT json_valid(CAST(readfile('$tmp/out') AS TEXT))")" = 1 ] && pass || fail "invalid json"
expect 0 "markdown" "$powers" --db "$db" positive-list --unit JZ01 --format markdown && out_has "| no | unit_code |"

# Bad arguments.
expect 2 "no selector" "$powers" --db "$db" positive-list
expect 2 "two selectors" "$powers" --db "$db" positive-list --unit FDXC --kind new_city
expect 2 "unknown unit" "$powers" --db "$db" positive-list --unit NOPE && err_has "unknown unit 'NOPE'"
expect 2 "a department is no unit here" "$powers" --db "$db" positive-list --unit XQ06 && err_has "use"
expect 2 "bad kind" "$powers" --db "$db" positive-list --kind department

# list filters.
expect 0 "list by unit" "$powers" --db "$db" list --unit FDXC --format csv
name="list by unit agrees"; [ $(($(wc -l < "$tmp/out") - 1)) -eq 652 ] && pass || fail "$(wc -l < "$tmp/out")"
expect 0 "list by department and class" "$powers" --db "$db" list --department XQ15 --class social --format csv
name="XQ15 social"; [ $(($(wc -l < "$tmp/out") - 1)) -eq 21 ] && pass || fail "$(wc -l < "$tmp/out")"
expect 0 "list by category name" "$powers" --db "$db" list --category 行政征收 --format csv
name="行政征收"; [ $(($(wc -l < "$tmp/out") - 1)) -eq 12 ] && pass || fail "$(wc -l < "$tmp/out")"
expect 0 "list by kind, before the reform" "$powers" --db "$db" list --kind new_city --as-of 2022-01-01 --format csv
name="nothing delegated before"; [ "$(wc -l < "$tmp/out")" -eq 1 ] && pass || fail "$(wc -l < "$tmp/out")"
expect 0 "exercised by" "$powers" --db "$db" list --format csv
out_has "010610001001,建筑工程施工许可证核发（新办）,行政许可,住房和城乡建设局,economic,沣东新城、沣西新城、泾河新城、空港新城、秦汉新城"

# show.
expect 0 "show" "$powers" --db "$db" show 010610001001 && out_has "Exercised by" && out_has "秦汉新城"
expect 0 "show json" "$powers" --db "$db" show 010610001001 --format json &&
	out_has '"code":"010610001001"' && out_has '"history":['
expect 0 "show as of 2023" "$powers" --db "$db" show 010610001001 --as-of 2023-06-01 --format csv
name="four holders in 2023"; [ "$(grep -c ',new_city,' "$tmp/out")" -eq 4 ] && pass || fail "$(grep -c ',new_city,' "$tmp/out")"
expect 2 "show unknown" "$powers" --db "$db" show NOPE && err_has "unknown power 'NOPE'"

# diff.
expect 0 "diff" "$powers" --db "$db" diff --from 2022-03-03 --to 2024-12-31 --format csv &&
	out_has "lost,010610001001,建筑工程施工许可证核发（新办）,QHXC" &&
	out_has "gained,010610001001,建筑工程施工许可证核发（新办）,QHXC"
name="three lost"; [ "$(grep -c '^lost,' "$tmp/out")" -eq 3 ] && pass || fail "$(grep -c '^lost,' "$tmp/out")"
expect 0 "diff, nothing changed" "$powers" --db "$db" diff --from 2025-02-01 --to 2026-11-26 --format csv
name="no change"; [ "$(wc -l < "$tmp/out")" -eq 1 ] && pass || fail "$(wc -l < "$tmp/out")"
expect 2 "diff needs --from" "$powers" --db "$db" diff
