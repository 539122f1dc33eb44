# unit retire: a unit leaves the registry's area from a date (a street or
# town handed back to 咸阳, as 双照, 陈杨寨, 泾干 and 南位 were in 2021).
# Its live grants end that day by revoke entries of the log, no grant to
# it takes effect on or after that day, and from then on it is in no
# positive list by kind and no stats by unit; before it everything is as
# it was.  The retirement is an import run of units with its attribute
# changes, in the import chain: head and verify cover it.
#
# JZ12 渭城街道 (street_town, within QHXC) holds 71 live grants, all
# effective by 2025-01-01.  Today is 2026-11-26.

rt=$tmp/retire
mkdir -p "$rt"
fresh "$rt/base.db"
"$powers" --db "$rt/base.db" -q import "$fixtures/powers.csv"
"$powers" --db "$rt/base.db" -q delegate --csv "$fixtures/delegations.csv"
db=$rt/r.db
cp "$rt/base.db" "$db"
doc='咸政发〔2025〕30号'

rt_same() {
	name="$1: nothing written"; same_file "$rt/base.db" "$db"
}
# rt_out DB FILE ARGS...: the command's stdout into FILE.
rt_out() {
	d=$1 f=$2; shift 2
	"$powers" --db "$d" "$@" > "$f"
}

# Usage errors: exit 2, nothing written.
expect 2 "retire: no unit" "$powers" --db "$db" unit retire --effective 2026-01-01 --document "$doc"
expect 2 "retire: no document" "$powers" --db "$db" unit retire JZ12 --effective 2026-01-01 &&
	err_has "--document"
expect 2 "retire: no date" "$powers" --db "$db" unit retire JZ12 --document "$doc" && err_has "--effective"
expect 2 "retire: bad date" "$powers" --db "$db" unit retire JZ12 --effective 2026-13-01 --document "$doc" &&
	err_has "bad --effective '2026-13-01'"
expect 2 "retire: empty document" "$powers" --db "$db" unit retire JZ12 --effective 2026-01-01 --document ' '
expect 2 "retire: two units" "$powers" --db "$db" unit retire JZ12 JZ13 --effective 2026-01-01 --document "$doc"
expect 2 "retire: unknown unit" "$powers" --db "$db" unit retire NOPE --effective 2026-01-01 --document "$doc" &&
	err_has "'NOPE'"
rt_same "usage errors"

# Refused (exit 3): the New Area, a department, a date before the unit's
# own entries.
expect 3 "retire the New Area" "$powers" --db "$db" unit retire XXXQ --effective 2026-01-01 --document "$doc" &&
	err_has "'XXXQ' is the new_area"
expect 3 "retire a department" "$powers" --db "$db" unit retire XQ06 --effective 2026-01-01 --document "$doc" &&
	err_has "'XQ06' is a department"
expect 3 "retire before its own entries" "$powers" --db "$db" unit retire JZ12 --effective 2020-01-01 \
	--document "$doc" && err_has "log entry #" && err_has "on or after 2020-01-01"
rt_same "refused"

# --dry-run checks and writes nothing.
expect 0 "retire: dry run" "$powers" --db "$db" unit retire JZ12 --effective 2026-01-01 --document "$doc" \
	--dry-run && out_has "dry run: " && out_has "71 live grants ended" && out_has "nothing written"
rt_same "dry run"

"$powers" --db "$db" head > "$rt/head.before"
expect 0 "retire JZ12" "$powers" --db "$db" unit retire 渭城街道 --effective 2026-01-01 --document "$doc" \
	--note '移交咸阳市' && out_has "unit 'JZ12' (渭城街道) retired from 2026-01-01" &&
	out_has "71 live grants ended" && out_has "log: 4793 entries"
expect 0 "verify after a retirement" "$powers" --db "$db" verify && out_has "ok: 4793 log entries"
"$powers" --db "$db" head > "$rt/head.after"
name="the head moves"
cmp -s "$rt/head.before" "$rt/head.after" && fail "same head" || pass

# Its grants end that day, by revokes from their givers with the document.
name="its grants end on the date"
got=$(sqlite3 "$db" "SELECT count(*) FROM grants_readable WHERE unit_code = 'JZ12' AND end_date = '2026-01-01'")
[ "$got" = 71 ] && pass || fail "$got"
name="none of its grants live"
got=$(sqlite3 "$db" "SELECT count(*) FROM grant_span WHERE to_unit = 'JZ12' AND end_date IS NULL")
[ "$got" = 0 ] && pass || fail "$got"
name="the revokes: from each grant's giver, with the document"
got=$(sqlite3 "$db" "SELECT count(*) FROM delegation d JOIN grant_span g ON g.end_seq = d.seq
    WHERE d.mode = 'revoke' AND d.to_unit = 'JZ12' AND d.from_unit = g.from_unit
    AND d.document = '$doc' AND d.effective = '2026-01-01' AND d.note = '移交咸阳市'")
[ "$got" = 71 ] && pass || fail "$got"
name="the retirement recorded"
got=$(sqlite3 "$db" "SELECT unit_code, retired_from, document, note, recorded_by <> '' FROM unit_retirements")
[ "$got" = "JZ12|2026-01-01|$doc|移交咸阳市|1" ] && pass || fail "$got"

# Before the date everything is as it was; from it JZ12 is left out.
for day in 2022-03-03 2025-12-31; do
	rt_out "$rt/base.db" "$rt/pl.want" positive-list --kind street_town --as-of $day --format csv
	rt_out "$db" "$rt/pl.got" positive-list --kind street_town --as-of $day --format csv
	name="positive list by kind as of $day unchanged"; same_file "$rt/pl.want" "$rt/pl.got"
	rt_out "$rt/base.db" "$rt/st.want" stats --by street_town --as-of $day --format csv
	rt_out "$db" "$rt/st.got" stats --by street_town --as-of $day --format csv
	name="stats by street/town as of $day unchanged"; same_file "$rt/st.want" "$rt/st.got"
done
name="as of 2025-12-31 JZ12 is listed"
grep -q ',JZ12,' "$rt/pl.got" && grep -q '^JZ12,' "$rt/st.got" && pass || fail "not listed"
for day in 2026-01-01 2026-06-01; do
	rt_out "$rt/base.db" "$rt/pl.base" positive-list --kind street_town --as-of $day --format csv
	grep -v ',JZ12,' "$rt/pl.base" > "$rt/pl.want"
	rt_out "$db" "$rt/pl.got" positive-list --kind street_town --as-of $day --format csv
	name="positive list by kind as of $day without JZ12"; same_file "$rt/pl.want" "$rt/pl.got"
	rt_out "$rt/base.db" "$rt/st.base" stats --by street_town --as-of $day --format csv
	grep -v '^JZ12,' "$rt/st.base" > "$rt/st.want"
	rt_out "$db" "$rt/st.got" stats --by street_town --as-of $day --format csv
	name="stats by street/town as of $day without JZ12"; same_file "$rt/st.want" "$rt/st.got"
done
rt_out "$rt/base.db" "$rt/sum.want" stats --as-of 2026-06-01 --format csv
rt_out "$db" "$rt/sum.got" stats --as-of 2026-06-01 --format csv
name="the summary is the New Area's: unchanged"; same_file "$rt/sum.want" "$rt/sum.got"
expect 0 "its own positive list after" "$powers" --db "$db" positive-list --unit JZ12 --as-of 2026-06-01 --format csv
name="its own positive list after: empty"
[ "$(wc -l < "$tmp/out")" -le 1 ] && pass || fail "$(wc -l < "$tmp/out") lines"

# unit list shows it as retired from the date on; unit show names it.
expect 0 "unit list before" "$powers" --db "$db" unit list --kind street_town --as-of 2025-12-31 --format csv &&
	out_has "code,name,kind,parent,within,powers,retired_from" && out_has "JZ12,渭城街道,street_town,XXXQ,QHXC,71,"
name="unit list before: not retired"
grep -q '^JZ12,.*,2026-01-01' "$tmp/out" && fail "retired" || pass
expect 0 "unit list after" "$powers" --db "$db" unit list --kind street_town --as-of 2026-06-01 --format csv &&
	out_has "JZ12,渭城街道,street_town,XXXQ,QHXC,0,2026-01-01"
expect 0 "unit list: others not retired" "$powers" --db "$db" unit list --as-of 2026-06-01 --format csv &&
	out_has "JZ13,周陵街道,street_town,XXXQ,QHXC,75,"
expect 0 "unit show" "$powers" --db "$db" unit show JZ12 --format csv &&
	out_has "2026-01-01,$doc,移交咸阳市"

# A later grant to it is refused, naming the retirement; so is one that
# day, and one from a sheet.  An earlier one is still taken, and ends on
# the retirement's date by a revoke of its own.
cp "$db" "$rt/after.db"
expect 3 "grant after the retirement" "$powers" --db "$db" delegate 100120001000 --to JZ12 --mode delegate \
	--document 'X〔2026〕9号' --effective 2026-03-01 &&
	err_has "'JZ12' is retired from 2026-01-01 by '$doc'"
expect 3 "grant on the retirement's day" "$powers" --db "$db" delegate 100120001000 --to JZ12 --mode entrust \
	--document 'X〔2026〕9号' --effective 2026-01-01 && err_has "retired from 2026-01-01"
expect 3 "grant from a sheet after" "$powers" --db "$db" delegate --csv /dev/stdin <<EOF
power,from,to,mode,document,effective
100120001000,XXXQ,JZ12,下放,X〔2026〕9号,2026-05-01
EOF
expect 3 "retire twice" "$powers" --db "$db" unit retire JZ12 --effective 2026-05-01 --document 'X' &&
	err_has "'JZ12' is retired already from 2026-01-01 by '$doc'"
name="refused after the retirement: nothing written"; same_file "$rt/after.db" "$db"
expect 0 "an earlier grant" "$powers" --db "$db" delegate 100120001000 --to JZ12 --mode delegate \
	--document 'X〔2025〕3号' --effective 2025-06-01 && out_has "2 entries appended"
name="the earlier grant ends on the retirement's date"
got=$(sqlite3 "$db" "SELECT g.start_date, g.end_date, d.mode, d.document FROM grant_span g
    JOIN delegation d ON d.seq = g.end_seq WHERE g.power = '100120001000' AND g.to_unit = 'JZ12'")
[ "$got" = "2025-06-01|2026-01-01|revoke|$doc" ] && pass || fail "$got"
expect 0 "verify after an earlier grant" "$powers" --db "$db" verify
expect 0 "other units still take grants" "$powers" --db "$db" delegate 100120001000 --to JZ10 --mode delegate \
	--document 'X〔2026〕9号' --effective 2026-03-01 && out_has "1 entries appended"

# A unit with no live grant retires with no entry; its run is chained.
cp "$rt/base.db" "$rt/nogrant.db"
expect 0 "retire a unit with grants ended" "$powers" --db "$rt/nogrant.db" unit retire JZ13 \
	--effective 2026-01-01 --document "$doc" -q
expect 0 "retire a new city" "$powers" --db "$rt/nogrant.db" unit retire JHXC --effective 2026-02-01 \
	--document "$doc" && out_has "retired from 2026-02-01"
expect 0 "verify after two retirements" "$powers" --db "$rt/nogrant.db" verify
expect 0 "stats by new city after" "$powers" --db "$rt/nogrant.db" stats --by new_city --as-of 2026-06-01 --format csv
name="stats by new city after: without JHXC"
grep -q '^JHXC,' "$tmp/out" && fail "counted" || pass
expect 0 "help" "$powers" unit retire --help && out_has "--effective" && out_has "--dry-run" && out_has "--note"

# An edit of the retirement behind the program's back: verify says no.
rt_tamper() {
	cp "$rt/after.db" "$rt/bad.db"
	sqlite3 "$rt/bad.db" "DROP TRIGGER attribute_change_no_update; DROP TRIGGER attribute_change_no_delete;
DROP TRIGGER import_run_no_update; DROP TRIGGER import_run_no_delete; PRAGMA foreign_keys = OFF; $2"
	expect 1 "verify: $1" "$powers" --db "$rt/bad.db" verify
}
rt_tamper "the retirement's date moved" \
	"UPDATE attribute_change SET new_value = '2027-01-01' WHERE attribute = 'retired_from'" &&
	err_has "attribute_change"
rt_tamper "the retirement's document changed" \
	"UPDATE attribute_change SET new_value = 'X' WHERE attribute = 'retired_document'" &&
	err_has "attribute_change"
rt_tamper "the retirement deleted" "DELETE FROM attribute_change WHERE attribute LIKE 'retired%'" &&
	err_has "attribute_change"
rt_tamper "the retirement's run edited" \
	"UPDATE import_run SET operator = 'x' WHERE id = (SELECT max(id) FROM import_run)" && err_has "import #"
rt_tamper "a retired unit's grant live again" \
	"UPDATE grant_span SET end_seq = NULL, end_date = NULL WHERE to_unit = 'JZ12' AND power IN
    (SELECT power FROM grant_span WHERE to_unit = 'JZ12' LIMIT 1)" && err_has "grant"

# A registry made before migration 0014 keeps its head and entries, and
# then takes a retirement.
cp "$rt/base.db" "$rt/v13.db"
sqlite3 "$rt/v13.db" "BEGIN; $(before_0014) PRAGMA user_version = 13; COMMIT;"
"$powers" --db "$rt/base.db" head > "$rt/head.want"
sqlite3 "$rt/base.db" "SELECT * FROM delegation ORDER BY seq; SELECT * FROM grant_span ORDER BY power, start_seq;
    SELECT * FROM import_run ORDER BY id" > "$rt/log.want"
expect 5 "version 13 needs migrating" "$powers" --db "$rt/v13.db" unit retire JZ12 \
	--effective 2026-01-01 --document "$doc" && err_has "run 'powers migrate'"
expect 0 "migrate version 13" "$powers" --db "$rt/v13.db" migrate && out_has "applied 0014_retire_units"
sqlite3 "$rt/v13.db" "SELECT * FROM delegation ORDER BY seq; SELECT * FROM grant_span ORDER BY power, start_seq;
    SELECT * FROM import_run ORDER BY id" > "$rt/log.got"
name="migrated: every entry, grant and run kept"; same_file "$rt/log.want" "$rt/log.got"
expect 0 "migrated: the head kept" "$powers" --db "$rt/v13.db" head
name="migrated: the same head"; same_file "$rt/head.want" "$tmp/out"
expect 0 "migrated: verify" "$powers" --db "$rt/v13.db" verify
expect 0 "migrated: the schema documents it" "$powers" --db "$rt/v13.db" schema unit_retirements &&
	out_has "retired_from"
expect 0 "migrated: a retirement" "$powers" --db "$rt/v13.db" unit retire JZ12 --effective 2026-01-01 \
	--document "$doc" && out_has "71 live grants ended"
expect 0 "migrated: verify after it" "$powers" --db "$rt/v13.db" verify
