# Dated changes and the two times (issue 14, points 1, 3 and 5): every
# change an import makes holds from --effective (default today), or from
# the start with --correction; answers as of an earlier day are as they
# were.  --as-recorded DATE answers as the registry stood at the end of
# that day.  The clock is $POWERS_NOW (the test build's), set per command
# to record on different days.
#
# 010310001000 企业投资项目核准 (economic, 发展改革和商务局) is delegated to
# the five new cities from 2022-03-03; on that day 808 economic powers,
# 720 delegated to new cities, 89.11%.

dt=$tmp/dated
mkdir -p "$dt"
# on DAY CMD...: run CMD with the clock at 10:00 in Beijing on DAY.
on() {
	d=$1; shift
	POWERS_NOW=${d}T02:00:00Z "$@"
}
# The fixtures recorded on 2026-01-10.
rm -f "$dt/base.db"
on 2026-01-10 "$powers" --db "$dt/base.db" -q init >/dev/null
on 2026-01-10 "$powers" --db "$dt/base.db" -q unit import "$fixtures/units.csv"
on 2026-01-10 "$powers" --db "$dt/base.db" -q import "$fixtures/powers.csv"
on 2026-01-10 "$powers" --db "$dt/base.db" -q delegate --csv "$fixtures/delegations.csv"
db=$dt/r.db
cp "$dt/base.db" "$db"
code=010310001000

# summary DB DATE [ARGS]: the summary row of stats as of DATE, as CSV.
summary() {
	d=$1 day=$2; shift 2
	"$powers" --db "$d" stats --as-of "$day" -f csv "$@" | sed -n 2p | tr -d '\r'
}
# check_summary NAME DB DATE WANT [ARGS]
check_summary() {
	name=$1
	got=$(summary "$2" "$3" ${5:+"$5"} ${6:+"$6"})
	[ "$got" = "$4" ] && pass || fail "summary '$got', wanted '$4'"
}
s2022_before="2022-03-03,808,720,89.11,88,120"
s2026_before="2026-06-01,808,720,89.11,88,120"
s2026_after="2026-06-01,807,719,89.10,88,121"

# A change of class and name from 2026-03-01, recorded on 2026-04-01.
printf 'code,class,name\n%s,social,企业投资项目核准（新）\n' "$code" > "$dt/change.csv"
expect 0 "dated change" env POWERS_NOW=2026-04-01T02:00:00Z \
    "$powers" --db "$db" import --effective 2026-03-01 "$dt/change.csv" &&
	out_has "changed $code class: 'economic' -> 'social'" &&
	out_has "the changes hold, and new rows exist, from 2026-03-01"
check_summary "dated change: as of 2022-03-03 as before" "$db" 2022-03-03 "$s2022_before"
check_summary "dated change: as of 2026-02-28 as before" "$db" 2026-02-28 "2026-02-28,808,720,89.11,88,120"
check_summary "dated change: as of 2026-06-01 after" "$db" 2026-06-01 "$s2026_after"
expect 0 "dated change: list as of 2026-02-28" "$powers" --db "$db" list --as-of 2026-02-28 --department 发展改革和商务局 -f csv &&
	out_has "$code,企业投资项目核准,行政许可,发展改革和商务局,economic,"
expect 0 "dated change: list as of 2026-03-01" "$powers" --db "$db" list --as-of 2026-03-01 -f csv &&
	out_has "$code,企业投资项目核准（新）,行政许可,发展改革和商务局,social,"
expect 0 "dated change: show lists the change with its date" "$powers" --db "$db" show "$code" -f csv &&
	out_has "class,economic,social,2026-03-01"
expect 0 "dated change: show as of the day before" "$powers" --db "$db" show "$code" --as-of 2026-02-28 -f csv &&
	out_has "$code,企业投资项目核准,01,"
expect 0 "dated change: verify" "$powers" --db "$db" verify

# A change dated before it is refused, naming it; nothing written.
cp "$db" "$dt/before-early.db"
printf 'code,name\n%s,另一个名字\n' "$code" > "$dt/early.csv"
expect 3 "earlier change refused" "$powers" --db "$db" import --effective 2026-02-01 "$dt/early.csv" &&
	err_has "early.csv:2: the name of '$code' changes from 2026-03-01 by import #3, after 2026-02-01" &&
	err_has "give --effective 2026-03-01 or later, or undo import #3 first (--correction would replace it on every date)"
name="earlier change refused: nothing written"; same_file "$dt/before-early.db" "$db"
expect 2 "--effective and --correction clash" "$powers" --db "$db" import --effective 2026-02-01 --correction "$dt/early.csv" &&
	err_has "not both"
name="clash: nothing written"; same_file "$dt/before-early.db" "$db"
expect 2 "--effective takes a date" "$powers" --db "$db" import --effective 2026-02-30 "$dt/early.csv"

# A correction holds from the start: every past answer moves.
printf 'code,class\n%s,economic\n' "$code" > "$dt/fix.csv"
expect 0 "correction" env POWERS_NOW=2026-05-01T02:00:00Z \
    "$powers" --db "$db" import --correction "$dt/fix.csv" &&
	out_has "the changes are corrections: they hold from the start"
check_summary "correction: as of 2026-06-01" "$db" 2026-06-01 "$s2026_before"
printf 'code,class\n%s,social\n' "$code" > "$dt/fix2.csv"
expect 0 "correction to social" env POWERS_NOW=2026-05-02T02:00:00Z \
    "$powers" --db "$db" import --correction "$dt/fix2.csv"
check_summary "correction: as of 2022-03-03 moves too" "$db" 2022-03-03 "2022-03-03,807,719,89.10,88,121"
expect 0 "correction: verify" "$powers" --db "$db" verify

# As recorded: the end of each day in Beijing.
check_summary "as recorded 2026-04-30: the dated change only" "$db" 2026-06-01 "$s2026_after" --as-recorded 2026-04-30
check_summary "as recorded 2026-03-31: before any change" "$db" 2026-06-01 "$s2026_before" --as-recorded 2026-03-31
check_summary "as recorded 2026-05-01: after the first correction" "$db" 2022-03-03 "$s2022_before" --as-recorded 2026-05-01
check_summary "as recorded 2026-01-09: nothing yet" "$db" 2022-03-03 "2022-03-03,0,0,0.00,0,0" --as-recorded 2026-01-09
check_summary "as recorded today: as now" "$db" 2022-03-03 "2022-03-03,807,719,89.10,88,121" --as-recorded 2026-11-26

# A positive list exported on a day is made again byte for byte later,
# after corrections and new entries, with --as-recorded that day.
db2=$dt/pub.db
cp "$dt/base.db" "$db2"
on 2026-01-10 "$powers" --db "$db2" -q export --what positive-list --unit FDXC --as-of 2026-01-10 --out "$dt/fdxc-then.csv"
on 2026-01-10 "$powers" --db "$db2" -q export --what positive-list --unit FDXC --as-of 2026-01-10 --format html --out "$dt/fdxc-then.html"
printf 'code,name\n%s,企业投资项目核准（更正）\n' "$code" > "$dt/rename.csv"
on 2026-02-01 "$powers" --db "$db2" -q import --correction "$dt/rename.csv"
printf 'power,from,to,mode,document,effective\n010310001000,西咸新区,沣东新城,revoke,西咸发〔2026〕1号,2026-01-05\n' > "$dt/revoke.csv"
expect 0 "a backdated revoke recorded later" env POWERS_NOW=2026-02-02T02:00:00Z \
    "$powers" --db "$db2" -q delegate --csv "$dt/revoke.csv"
expect 0 "export now" "$powers" --db "$db2" export --what positive-list --unit FDXC --as-of 2026-01-10 --out "$dt/fdxc-now.csv"
name="export now differs"
cmp -s "$dt/fdxc-then.csv" "$dt/fdxc-now.csv" && fail "the correction and the revoke changed nothing" || pass
expect 0 "export as recorded then" "$powers" --db "$db2" export --what positive-list --unit FDXC --as-of 2026-01-10 --as-recorded 2026-01-10 --out "$dt/fdxc-again.csv"
name="export as recorded then: the same bytes"; same_file "$dt/fdxc-then.csv" "$dt/fdxc-again.csv"
expect 0 "html as recorded then" "$powers" --db "$db2" export --what positive-list --unit FDXC --as-of 2026-01-10 --as-recorded 2026-01-10 --format html --out "$dt/fdxc-again.html"
name="html as recorded then: the same bytes"; same_file "$dt/fdxc-then.html" "$dt/fdxc-again.html"
expect 0 "manifest: both dates" "$powers" --db "$db2" -q export --what positive-list --unit FDXC --as-of 2026-01-10 --as-recorded 2026-01-10 --out "$dt/m.csv" --manifest "$dt/m.json" &&
	grep -q '"as_of":"2026-01-10","as_recorded":"2026-01-10"' "$dt/m.json" && pass || fail "manifest: $(cat "$dt/m.json")"
expect 0 "manifest: as recorded now is null" "$powers" --db "$db2" -q export --what positive-list --unit FDXC --out "$dt/m.csv" --manifest "$dt/m.json" &&
	grep -q '"as_recorded":null' "$dt/m.json" && pass || fail "manifest: $(cat "$dt/m.json")"
expect 0 "positive-list as recorded" "$powers" --db "$db2" positive-list --unit FDXC --as-of 2026-01-10 --as-recorded 2026-01-10 -f csv &&
	out_has "$code,企业投资项目核准,"
expect 0 "positive-list now" "$powers" --db "$db2" positive-list --unit FDXC --as-of 2026-01-10 -f csv
name="positive-list now: revoked"; grep -q "$code" "$tmp/out" && fail "still listed" || pass
expect 0 "grants as recorded then" "$powers" --db "$db2" -q export --what grants --unit FDXC --as-of 2026-01-10 --as-recorded 2026-01-10 --out "$dt/g-then.csv" &&
	grep -q "^$code," "$dt/g-then.csv" && pass || fail "the grant is not in the grants as recorded then"
expect 0 "grants now" "$powers" --db "$db2" -q export --what grants --unit FDXC --as-of 2026-01-10 --out "$dt/g-now.csv" &&
	grep -q "^$code," "$dt/g-now.csv" && fail "the revoked grant is still there" || pass
expect 0 "log as recorded then" "$powers" --db "$db2" -q export --what log --as-recorded 2026-01-10 --out "$dt/l-then.csv" &&
	grep -q "西咸发〔2026〕1号" "$dt/l-then.csv" && fail "the later revoke is in the log as recorded then" || pass
expect 0 "log now" "$powers" --db "$db2" -q export --what log --out "$dt/l-now.csv" &&
	grep -q "西咸发〔2026〕1号" "$dt/l-now.csv" && pass || fail "the revoke is not in the log"
expect 0 "history as recorded then" "$powers" --db "$db2" history "$code" --as-recorded 2026-01-10 -f csv
name="history as recorded then: not the later revoke"
grep -q "西咸发〔2026〕1号" "$tmp/out" && fail "the revoke is there" || pass
expect 0 "history now" "$powers" --db "$db2" history "$code" -f csv && out_has "西咸发〔2026〕1号"
expect 0 "diff as recorded then" "$powers" --db "$db2" diff --from 2026-01-01 --to 2026-01-10 --unit FDXC --as-recorded 2026-01-10 -f csv
name="diff as recorded then: nothing lost"; grep -q "^lost,$code" "$tmp/out" && fail "lost" || pass
expect 0 "diff now" "$powers" --db "$db2" diff --from 2026-01-01 --to 2026-01-10 --unit FDXC -f csv && out_has "lost,$code"
expect 0 "as recorded: verify" "$powers" --db "$db2" verify

# Units: a dated rename, and a unit that exists from a date.
db3=$dt/units.db
cp "$dt/base.db" "$db3"
printf 'code,name\nFDXC,沣东新城（新名）\n' > "$dt/rename-unit.csv"
expect 0 "unit renamed from 2026-03-01" "$powers" --db "$db3" unit import --effective 2026-03-01 "$dt/rename-unit.csv"
expect 0 "unit list as of 2026-02-01" "$powers" --db "$db3" unit list --as-of 2026-02-01 -f csv &&
	out_has "FDXC,沣东新城,new_city"
expect 0 "unit list as of 2026-03-01" "$powers" --db "$db3" unit list --as-of 2026-03-01 -f csv &&
	out_has "FDXC,沣东新城（新名）,new_city"
expect 0 "stats by new city as of 2026-02-01" "$powers" --db "$db3" stats --as-of 2026-02-01 --by new_city -f csv &&
	out_has "FDXC,沣东新城,"
# The former name still finds the unit on the command line (a clerk
# asking of a day before the rename uses the name of that day), and the
# new name too; a name no unit ever had is still unknown.
expect 0 "--unit by its former name" "$powers" --db "$db3" positive-list --unit 沣东新城 --as-of 2026-02-01 -f csv &&
	out_has ",FDXC,"
expect 0 "--unit by its new name" "$powers" --db "$db3" positive-list --unit 沣东新城（新名） --as-of 2026-02-01 -f csv &&
	out_has ",FDXC,"
expect 2 "--unit by a name no unit had" "$powers" --db "$db3" positive-list --unit 沣东旧城 &&
	err_has "unknown unit '沣东旧城'"
expect 2 "a write takes no former name" "$powers" --db "$db3" unit retire 沣东新城 --dry-run \
    --effective 2026-12-01 --document '西咸发〔2026〕9号' && err_has "unknown unit '沣东新城'"
printf 'power,from,to,mode,document,effective\n%s,XXXQ,沣东新城,delegate,西咸发〔2026〕9号,2026-12-01\n' "$(sqlite3 "$db3" "SELECT code FROM power WHERE class = 'economic' ORDER BY code LIMIT 1")" > "$dt/former.csv"
expect 3 "a sheet naming a unit by its former name says whose it was" \
    "$powers" --db "$db3" delegate --dry-run --file "$dt/former.csv" &&
	err_has "unknown to '沣东新城': it is a former name of FDXC, now '沣东新城（新名）'; give its code or the name it bears"
printf 'code,name,kind,parent,within\nJZ99,新设街道,street_town,XXXQ,FDXC\n' > "$dt/new-unit.csv"
expect 0 "a unit from 2026-07-01" "$powers" --db "$db3" unit import --effective 2026-07-01 "$dt/new-unit.csv"
expect 0 "unit list as of 2026-06-30" "$powers" --db "$db3" unit list --as-of 2026-06-30 -f csv
name="unit list as of 2026-06-30: not yet"; grep -q JZ99 "$tmp/out" && fail "JZ99 listed" || pass
expect 0 "unit list as of 2026-07-01" "$powers" --db "$db3" unit list --as-of 2026-07-01 -f csv &&
	out_has "JZ99,新设街道,street_town"
social=$(sqlite3 "$db3" "SELECT code FROM power WHERE class = 'social' ORDER BY code LIMIT 1")
cp "$db3" "$dt/units-before.db"
expect 3 "a grant to a unit before it exists" "$powers" --db "$db3" delegate "$social" --to JZ99 \
    --mode delegate --document '西咸发〔2026〕3号' --effective 2026-06-30 &&
	err_has "'JZ99' exists from 2026-07-01 (unit import --effective): no grant to it may take effect before that day"
name="refused grant: nothing written"; same_file "$dt/units-before.db" "$db3"
expect 0 "a grant to it from the day it exists" "$powers" --db "$db3" -q delegate "$social" --to JZ99 \
    --mode delegate --document '西咸发〔2026〕3号' --effective 2026-07-01
expect 0 "units: verify" "$powers" --db "$db3" verify

# A date changed behind the program's back breaks the chain.
cp "$db" "$dt/tampered.db"
sqlite3 "$dt/tampered.db" "DROP TRIGGER attribute_change_no_update;
UPDATE attribute_change SET effective = '2027-01-01' WHERE effective = '2026-03-01';"
expect 1 "verify: a date changed" "$powers" --db "$dt/tampered.db" verify &&
	err_has "attribute_change: the 4 rows do not match the last import's digest"
cp "$db" "$dt/tampered2.db"
sqlite3 "$dt/tampered2.db" "DROP TRIGGER attribute_change_no_update;
UPDATE attribute_change SET effective = NULL WHERE effective = '2026-03-01';"
expect 1 "verify: a dated change made a correction" "$powers" --db "$dt/tampered2.db" verify

# A registry made before migration 0015 migrates; verify passes, and the
# changes it recorded (here a correction's, whose rows are as they were
# then once the column is gone) hold from the start.
cp "$dt/base.db" "$dt/v14.db"
"$powers" --db "$dt/v14.db" -q import --correction "$dt/fix2.csv"
sqlite3 "$dt/v14.db" "BEGIN; $(before_0015) PRAGMA user_version = 14; COMMIT;"
expect 0 "v14: migrate" "$powers" --db "$dt/v14.db" migrate
expect 0 "v14: verify after migrate" "$powers" --db "$dt/v14.db" verify
check_summary "v14: its change holds from the start" "$dt/v14.db" 2022-03-03 "2022-03-03,807,719,89.10,88,121"

# verify replays the attribute events against the rows: an edit of a row
# and of an event is named by its attribute, beside the broken digests.
cp "$db" "$dt/edited.db"
sqlite3 "$dt/edited.db" "UPDATE power SET class = 'economic' WHERE code = '$code'"
expect 1 "verify: a row edited against its events" "$powers" --db "$dt/edited.db" verify &&
	err_has "power '$code': its class is 'economic', but its last change (import #5) made it 'social'"
cp "$db" "$dt/edited2.db"
sqlite3 "$dt/edited2.db" "DROP TRIGGER attribute_change_no_delete;
DELETE FROM attribute_change WHERE import_run = 4 AND attribute = 'class'"
expect 1 "verify: an event taken away" "$powers" --db "$dt/edited2.db" verify &&
	err_has "the class of power '$code' changed by import #5 from 'economic', but the change before it left 'social'"

# A change scheduled for a later day, then the unchanged list again (a
# nightly job): nothing changes, and the later change still holds.  A
# different value from an earlier day is refused, naming the way out.
db4=$dt/future.db
cp "$dt/base.db" "$db4"
printf 'code,name\n%s,二〇三〇年新名称\n' "$code" > "$dt/future.csv"
expect 0 "a change from 2030" "$powers" --db "$db4" -q import --effective 2030-01-01 "$dt/future.csv"
printf 'code,name\n%s,企业投资项目核准\n' "$code" > "$dt/same.csv"
cp "$db4" "$dt/future-before.db"
expect 0 "the list as it is today, again" "$powers" --db "$db4" import "$dt/same.csv" &&
	out_has "1 powers: 0 new, 0 changed, 1 unchanged"
expect 0 "the 2030 change still holds" "$powers" --db "$db4" show "$code" --as-of 2031-01-01 -f csv &&
	out_has "$code,二〇三〇年新名称,"
expect 0 "and today the name of today" "$powers" --db "$db4" show "$code" -f csv &&
	out_has "$code,企业投资项目核准,"
printf 'code,name\n%s,另一个名称\n' "$code" > "$dt/other.csv"
expect 3 "another value from today: refused" "$powers" --db "$db4" import "$dt/other.csv" &&
	err_has "changes from 2030-01-01 by import #3, after 2026-11-26: the file's value would hold only until then" &&
	err_has "undo import #3 first"
expect 0 "future: verify" "$powers" --db "$db4" verify

# A dated change of holder: the rules check a giver against the holder as
# it is, so no entry may be dated before that change.
db5=$dt/holder.db
cp "$dt/base.db" "$db5"
hp=$(sqlite3 "$db5" "SELECT code FROM power p WHERE class = 'social' AND holder = 'XXXQ'
    AND NOT EXISTS (SELECT 1 FROM delegation d WHERE d.power = p.code) ORDER BY code LIMIT 1")
printf 'code,holder\n%s,XQ03\n' "$hp" > "$dt/holder.csv"
expect 0 "holder from 2030" "$powers" --db "$db5" -q import --effective 2030-01-01 "$dt/holder.csv"
cp "$db5" "$dt/holder-before.db"
expect 3 "an entry dated before the holder's change" "$powers" --db "$db5" delegate "$hp" --from XQ03 --to JZ07 \
    --mode delegate --document '西咸发〔2026〕5号' --effective 2022-05-01 &&
	err_has "the holder or department of '$hp' changes from 2030-01-01 (import --effective): no entry of it may be dated before that day"
name="refused: nothing written"; same_file "$dt/holder-before.db" "$db5"
expect 0 "an entry from that day" "$powers" --db "$db5" -q delegate "$hp" --from XQ03 --to JZ07 \
    --mode delegate --document '西咸发〔2026〕5号' --effective 2030-01-01
expect 0 "holder: verify" "$powers" --db "$db5" verify

# --as-recorded after today: not known yet, exit 2.  An analyst's own
# :as_of in 'sql' is a parameter like any other.  'verify --expect-head'
# takes the head as 'powers head' prints it.
expect 2 "--as-recorded tomorrow" "$powers" --db "$db" stats --as-recorded 2026-11-27 &&
	err_has "--as-recorded 2026-11-27 is after today (2026-11-26)"
expect 0 "--as-recorded today" "$powers" --db "$db" stats --as-recorded 2026-11-26
expect 0 "sql with its own :as_of" "$powers" --db "$db" sql --param as_of=2022-03-03 "SELECT :as_of AS d" &&
	out_has "2022-03-03"
"$powers" --db "$db" head > "$dt/head"
expect 0 "verify --expect-head as head prints it" "$powers" --db "$db" verify --expect-head "$(cat "$dt/head")"
