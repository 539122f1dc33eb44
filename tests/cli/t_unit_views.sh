# unit list and unit show on the 2022 fixtures: every unit with the number
# of powers it exercises as of a date (a grantee its live grants, a unit
# of the New Area level the powers it holds that no one was given), and
# one unit whole.  The figures are checked against positive-list, list
# and the log.  An unknown unit exits 2, as every --unit does.

db=$tmp/unit-views.db
fresh "$db"
"$powers" --db "$db" -q import "$fixtures/powers.csv"
"$powers" --db "$db" -q delegate --csv "$fixtures/delegations.csv"

rows() {
	echo $(($(wc -l < "$tmp/out") - 1))
}

# unit_powers CODE: the powers column of CODE's row in the last unit list.
unit_powers() {
	tr -d '\r' < "$tmp/out" | awk -F, -v u="$1" '$1 == u { print $6 }'
}

expect 0 "unit list" "$powers" --db "$db" unit list --as-of 2022-03-03 --format csv
out_has "code,name,kind,parent,within,powers"
out_has "XXXQ,西咸新区,new_area,,,"
out_has "JZ03,王寺街道,street_town,XXXQ,FDXC,"
name="unit list: every unit"; [ "$(rows)" -eq 45 ] && pass || fail "$(rows) rows"
name="unit list: the New Area first, then departments, cities, streets"
[ "$(sed -n 2p "$tmp/out" | cut -d, -f1)" = XXXQ ] &&
	[ "$(sed -n 3p "$tmp/out" | cut -d, -f1)" = XQ01 ] &&
	[ "$(sed -n 23p "$tmp/out" | cut -d, -f1)" = FDXC ] &&
	[ "$(sed -n 46p "$tmp/out" | cut -d, -f1)" = JZ19 ] && pass || fail "$(cut -d, -f1 "$tmp/out" | tr '\n' ' ')"
cp "$tmp/out" "$tmp/units-2022.csv"

# A grantee's count is its positive list's, as of the same date.
for unit in FDXC FXXC QHXC KGXC JHXC JZ01 JZ07 JZ19; do
	got=$(unit_powers "$unit")
	"$powers" --db "$db" positive-list --unit "$unit" --as-of 2022-03-03 --format csv > "$tmp/pl"
	want=$(($(wc -l < "$tmp/pl") - 1))
	name="unit list: $unit exercises its positive list"
	[ "$got" = "$want" ] && pass || fail "$got, positive-list gives $want"
	cp "$tmp/units-2022.csv" "$tmp/out"
done
name="FDXC exercises 652 (EXPECTED.md)"; [ "$(unit_powers FDXC)" = 652 ] && pass || fail "$(unit_powers FDXC)"
# A department exercises the powers it holds that no unit was given.
want=$(sqlite3 "$db" "SELECT count(*) FROM power p WHERE p.holder = 'XQ06' AND NOT EXISTS
    (SELECT 1 FROM delegation d WHERE d.power = p.code AND d.effective <= '2022-03-03'
     AND d.mode <> 'revoke' AND NOT EXISTS (SELECT 1 FROM delegation r WHERE r.power = d.power
     AND r.to_unit = d.to_unit AND r.mode = 'revoke' AND r.effective <= '2022-03-03' AND r.seq > d.seq))")
name="unit list: XQ06 exercises what it kept"; [ "$(unit_powers XQ06)" = "$want" ] && [ "$want" -eq 3 ] && pass || fail "$(unit_powers XQ06), the log says $want"
# Every exerciser of every power is counted once: the units' counts add up
# to the names in list's exercised_by.
"$powers" --db "$db" list --as-of 2022-03-03 --format csv |
    tr -d '\r' | awk -F, 'NR > 1 { n += split($NF, a, "、") } END { print n }' > "$tmp/want"
name="unit list: the counts add up to list's exercisers"
[ "$(awk -F, 'NR > 1 { n += $6 } END { print n }' "$tmp/units-2022.csv")" = "$(cat "$tmp/want")" ] &&
	pass || fail "$(awk -F, 'NR > 1 { n += $6 } END { print n }' "$tmp/units-2022.csv") vs $(cat "$tmp/want")"

# Another date: QHXC had lost 010610001001 by 2023-06-01.
expect 0 "unit list as of 2023" "$powers" --db "$db" unit list --as-of 2023-06-01 --kind new_city --format csv
got=$(unit_powers QHXC)
"$powers" --db "$db" positive-list --unit QHXC --as-of 2023-06-01 --format csv > "$tmp/pl"
name="unit list as of 2023: QHXC"; [ "$got" -eq $(($(wc -l < "$tmp/pl") - 1)) ] && [ "$got" -eq 665 ] && pass || fail "$got"
name="unit list --kind new_city"; [ "$(rows)" -eq 5 ] && pass || fail "$(rows) rows"
expect 0 "unit list --kind department" "$powers" --db "$db" unit list --kind department --format csv
name="unit list --kind department"; [ "$(rows)" -eq 20 ] && pass || fail "$(rows) rows"
expect 0 "unit list --kind street_town" "$powers" --db "$db" unit list --kind street_town --format csv
name="unit list --kind street_town"; [ "$(rows)" -eq 19 ] && pass || fail "$(rows) rows"
expect 0 "unit list --kind new_area" "$powers" --db "$db" unit list --kind new_area --format csv
name="unit list --kind new_area"; [ "$(rows)" -eq 1 ] && pass || fail "$(rows) rows"
expect 0 "unit list, today" "$powers" --db "$db" unit list --format csv
name="unit list defaults to today"; [ "$(unit_powers QHXC)" -eq 666 ] && pass || fail "$(unit_powers QHXC)"

for f in table tsv markdown json; do
	expect 0 "unit list as $f" "$powers" --db "$db" unit list --as-of 2022-03-03 --format "$f" && out_has "秦汉新城"
done
name="unit list json: 45 objects"
[ "$(sqlite3 :memory: "SELECT json_array_length(CAST(readfile('$tmp/out') AS TEXT))")" = 45 ] && pass || fail "not 45"
expect 0 "unit list markdown" "$powers" --db "$db" unit list --format markdown && out_has "| code | name | kind |"

# unit show: the unit, what it exercises, its history, its changes.
expect 0 "unit show" "$powers" --db "$db" unit show QHXC --as-of 2023-06-01
out_has "Unit"
out_has "Powers exercised"
out_has "History"
out_has "Changes by import"
expect 0 "unit show csv" "$powers" --db "$db" unit show QHXC --as-of 2023-06-01 --format csv
out_has "code,name,kind,parent_code,parent,within_code,within"
out_has "QHXC,秦汉新城,new_city,XXXQ,西咸新区,,"
out_has "power,power_name,department,mode,from_code,document,since"
out_has "4715,2023-05-10,010610001001,建筑工程施工许可证核发（新办）,revoke,XQ06,住房和城乡建设局,QHXC,秦汉新城,西咸管发〔2023〕17号,秦汉新城申请交回,tester,"
name="unit show as of 2023: the revoked power is not exercised"
grep -q '^010610001001,.*,delegate,' "$tmp/out" && fail "still exercised" || pass
expect 0 "unit show as of 2024" "$powers" --db "$db" unit show QHXC --as-of 2024-03-01 --format csv &&
	out_has "010610001001,建筑工程施工许可证核发（新办）,住房和城乡建设局,entrust,XQ06,西咸管发〔2024〕6号,2024-03-01"

expect 0 "unit show json" "$powers" --db "$db" unit show QHXC --as-of 2022-03-03 --format json
cp "$tmp/out" "$tmp/show.json"
j="CAST(readfile('$tmp/show.json') AS TEXT)"
name="unit show json: one object of sections"
[ "$(sqlite3 :memory: "SELECT json_type($j, '\$.unit') || ' ' || json_array_length($j, '\$.powers') || ' ' ||
    json_array_length($j, '\$.history') || ' ' || json_array_length($j, '\$.changes')")" = \
    "object 666 668 0" ] && pass || fail "$(head -c 300 "$tmp/out")"
out_has '"unit":{"code":"QHXC","name":"秦汉新城","kind":"new_city"'
expect 0 "unit show by name" "$powers" --db "$db" unit show 秦汉新城 --as-of 2022-03-03 --format json &&
	same_file "$tmp/out" "$tmp/show.json"

# A department: what it kept, and the entries it gave.
expect 0 "unit show of a department" "$powers" --db "$db" unit show XQ06 --as-of 2022-03-03 --format json
name="unit show XQ06: 3 powers, 111 entries"
[ "$(sqlite3 :memory: "SELECT json_array_length(CAST(readfile('$tmp/out') AS TEXT), '\$.powers') || ' ' ||
    json_array_length(CAST(readfile('$tmp/out') AS TEXT), '\$.history')")" = "3 111" ] && pass || fail "$(head -c 300 "$tmp/out")"
out_has '"mode":"holder"'

# An import that moves a street: the change is in its show.
cp "$db" "$tmp/moved.db"
printf 'code,within\nJZ03,QHXC\n' > "$tmp/move.csv"
"$powers" --db "$tmp/moved.db" -q unit import "$tmp/move.csv"
expect 0 "unit show, a change" "$powers" --db "$tmp/moved.db" unit show JZ03 --format csv &&
	out_has "within,FDXC,QHXC" && out_has "JZ03,王寺街道,street_town,XXXQ,西咸新区,QHXC,秦汉新城"
expect 0 "unit list after the move" "$powers" --db "$tmp/moved.db" unit list --kind street_town --format csv &&
	out_has "JZ03,王寺街道,street_town,XXXQ,QHXC,"

for f in table tsv markdown; do
	expect 0 "unit show as $f" "$powers" --db "$tmp/moved.db" unit show JZ03 --format "$f" && out_has "王寺街道"
done
expect 0 "unit show markdown" "$powers" --db "$tmp/moved.db" unit show JZ03 --format markdown &&
	out_has "## Powers exercised"

# Bad usage: exit 2.
expect 2 "unit show without a unit" "$powers" --db "$db" unit show
expect 2 "unit show, two units" "$powers" --db "$db" unit show QHXC FDXC
expect 2 "unit show, unknown unit" "$powers" --db "$db" unit show NOPE &&
	err_has "powers: unit show: unit: unknown unit 'NOPE'" && out_empty
expect 2 "unit show, near name" "$powers" --db "$db" unit show 秦汉 && err_has "did you mean 秦汉新城 (QHXC, new_city)?"
expect 2 "unit show, bad date" "$powers" --db "$db" unit show QHXC --as-of 2022-02-30
expect 2 "unit list, bad kind" "$powers" --db "$db" unit list --kind city && err_has "powers: unit list: unknown kind 'city'"
expect 2 "unit list, an operand" "$powers" --db "$db" unit list FDXC
expect 2 "unit list, bad format" "$powers" --db "$db" unit list --format xml
expect 2 "unit, no subcommand known" "$powers" --db "$db" unit lists
cp "$db" "$tmp/twins2.db"
printf 'code,name,kind,parent\nJZ90,三桥街道,street_town,XXXQ\n' > "$tmp/twin2.csv"
"$powers" --db "$tmp/twins2.db" -q unit import "$tmp/twin2.csv"
expect 2 "unit show, a name two units bear" "$powers" --db "$tmp/twins2.db" unit show 三桥街道 &&
	err_has "names several units: 三桥街道 (JZ01, street_town), 三桥街道 (JZ90, street_town): give the code"
expect 0 "help" "$powers" unit list --help && out_has "usage: powers unit list"
expect 0 "help" "$powers" unit show --help && out_has "usage: powers unit show"
