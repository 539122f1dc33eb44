# changes: the later changes of fixtures/changes.csv (a revoke and two
# cancellations, 取消) recorded after the 2022 log.  Every figure of the
# section "Later changes" of fixtures/EXPECTED.md is checked against the
# program: the numbers are read from that file, made by the Python oracle
# of tools/gen_fixtures.py, so that the oracle, not this test, holds them.
# Then make demo's script: the figures before and after, and the seed's
# sentence last.

ch=$tmp/changes
mkdir -p "$ch"
db=$ch/c.db
fresh "$db"
"$powers" --db "$db" -q import "$fixtures/powers.csv"
"$powers" --db "$db" -q delegate --csv "$fixtures/delegations.csv"

# The section, its table of figures as the lines of stats --format csv
# (as_of,economic,delegated,share,kept,social) and its table of the new
# cities as "CODE DATE COUNT" lines.
awk '/^## / { on = $0 == "## Later changes (fixtures/changes.csv)" } on' "$fixtures/EXPECTED.md" > "$ch/section.md"
grep -E '^\| [0-9]{4}-[0-9]{2}-[0-9]{2} \| [0-9]+ \|' "$ch/section.md" |
	sed 's/^| //; s/ |$//; s/ | /,/g; s/%//g' > "$ch/figures"
awk -F' [|] ' '
	/^\| code \| new city \|/ { for (i = 3; i <= NF; i++) { d[i] = $i; sub(/^as of /, "", d[i]); sub(/ \|$/, "", d[i]) }; n = NF; on = 1; next }
	on && /^\|---/ { next }
	on && /^\| / { sub(/^\| /, "", $1); sub(/ \|$/, "", $n); for (i = 3; i <= n; i++) print $1, d[i], $i; next }
	on { on = 0 }' "$ch/section.md" > "$ch/cities"

name="EXPECTED.md has the section's figures"
[ "$(wc -l < "$ch/figures")" -ge 2 ] && [ "$(wc -l < "$ch/cities")" -ge 2 ] && pass ||
	fail "$(cat "$ch/figures" "$ch/cities")"
# The seed's day is there, with the seed's figures: the later changes
# leave them as they were.
name="EXPECTED.md: 2022-03-03 still 808 / 720 / 89.11%"
[ "$(head -n 1 "$ch/figures")" = "2022-03-03,808,720,89.11,88,120" ] && pass || fail "$(head -n 1 "$ch/figures")"
last=$(tail -n 1 "$ch/figures" | cut -d, -f1)

# ch_stats DATE: the summary line of stats as of DATE.
ch_stats() {
	"$powers" --db "$db" stats --as-of "$1" --format csv | sed -n 2p | tr -d '\r'
}

# Without changes.csv the figures of its last date are not the section's:
# the checks below can fail.
name="before changes.csv: $last differs"
got=$(ch_stats "$last")
[ "$got" != "$(tail -n 1 "$ch/figures")" ] && pass || fail "$got"

expect 0 "delegate changes.csv: dry run" "$powers" --db "$db" delegate --csv "$fixtures/changes.csv" --dry-run &&
	out_has "UTF-8 with BOM" && out_has "nothing written"
n=$(grep -c '^| [0-9]\{12\} |' "$ch/section.md")
expect 0 "delegate changes.csv" "$powers" --db "$db" delegate --csv "$fixtures/changes.csv" &&
	out_has "$n entries appended, 0 already logged"
expect 0 "changes.csv again adds nothing" "$powers" --db "$db" delegate --csv "$fixtures/changes.csv" &&
	out_has "0 entries appended, $n already logged"
expect 0 "verify after the changes" "$powers" --db "$db" verify

# stats, as of each date of the section.
while IFS=, read -r d rest; do
	name="stats as of $d (EXPECTED.md)"
	got=$(ch_stats "$d")
	[ "$got" = "$d,$rest" ] && pass || fail "$got, EXPECTED.md has $d,$rest"
done < "$ch/figures"

# ch_plist UNIT DATE WANT: UNIT's positive list as of DATE has WANT rows.
ch_plist() {
	"$powers" --db "$db" positive-list --unit "$1" --as-of "$2" --format csv > "$tmp/out"
	got=$(($(wc -l < "$tmp/out") - 1))
	name="positive-list: $1 as of $2 (EXPECTED.md)"
	[ "$got" = "$3" ] && pass || fail "$got rows, EXPECTED.md has $3"
}

# Each new city's count: unit list's, and its positive list's rows.
while read -r unit d want; do
	"$powers" --db "$db" unit list --as-of "$d" --kind new_city --format csv > "$tmp/out"
	got=$(tr -d '\r' < "$tmp/out" | awk -F, -v u="$unit" '$1 == u { print $6 }')
	name="unit list: $unit as of $d (EXPECTED.md)"
	[ "$got" = "$want" ] && pass || fail "$got, EXPECTED.md has $want"
	ch_plist "$unit" "$d" "$want"
done < "$ch/cities"

# Then the changes over time of EXPECTED.md's next section, as its
# commands give them: a dated change of class (attributes.csv), a mistaken
# sheet (mistake.csv) and its undo, a street/town retired.  Each table of
# the section is read by its header; every figure is checked against the
# program, and the undo against the figures without the mistake.
awk '/^## / { on = $0 == "## Changes over time (attributes.csv, mistake.csv undone, a retirement)" } on' \
	"$fixtures/EXPECTED.md" > "$ch/later.md"
# ch_table HEAD: the rows of the section's table whose header starts with
# "| HEAD |", as comma-separated fields, without the % signs.
ch_table() {
	awk -v h="| $1 |" 'index($0, h) == 1 { on = 1; next }
		on && /^\|---/ { next } on && /^\| / { print; next } { on = 0 }' "$ch/later.md" |
		sed 's/^| //; s/ |$//; s/ | /,/g; s/%//g'
}
ch_table "as of" > "$ch/after"
ch_table "as of, before them" > "$ch/before"
ch_table "as of, with mistake.csv" > "$ch/mistaken"
ch_table "code" > "$ch/streets"
# The dates of the street/town table's columns, and the section's commands.
sdates=$(grep '^| code | street/town |' "$ch/later.md" | tr '|' '\n' | sed -n 's/^ as of \(.*\) $/\1/p')
grep '^    powers ' "$ch/later.md" | sed 's/^    powers //' > "$ch/commands"
name="EXPECTED.md has the section on changes over time"
[ "$(wc -l < "$ch/after")" -ge 4 ] && [ -s "$ch/before" ] && [ -s "$ch/mistaken" ] &&
	[ "$(wc -l < "$ch/streets")" -eq 19 ] && [ "$(echo "$sdates" | wc -l)" -eq 2 ] &&
	[ "$(wc -l < "$ch/commands")" -eq 4 ] && pass ||
	fail "$(cat "$ch/after" "$ch/before" "$ch/mistaken" "$ch/commands")"
name="EXPECTED.md: 2022-03-03 still 808 / 720 / 89.11% after them"
[ "$(head -n 1 "$ch/after")" = "2022-03-03,808,720,89.11,88,120" ] && pass || fail "$(head -n 1 "$ch/after")"
# The mistake moves the figures, its undo brings them back.
name="EXPECTED.md: the mistake's figures differ, the undo's do not"
ok=1
while IFS=, read -r d rest; do
	grep -qx -- "$d,$rest" "$ch/after" && ok=0
	grep -q "^$d," "$ch/after" || ok=0
done < "$ch/mistaken"
[ $ok = 1 ] && pass || fail "$(cat "$ch/mistaken")"

# ch_check FILE WHAT: stats as of each date of FILE is FILE's line.
ch_check() {
	while IFS=, read -r d rest; do
		name="$2: stats as of $d (EXPECTED.md)"
		got=$(ch_stats "$d")
		[ "$got" = "$d,$rest" ] && pass || fail "$got, EXPECTED.md has $d,$rest"
	done < "$1"
}
ch_check "$ch/before" "before them"
# ch_run LINE: run one of the section's commands on the registry, the
# fixtures' path and the mistake's run (read back) put in.
ch_run() {
	set -f
	# shellcheck disable=SC2086
	set -- $1
	set +f
	n=$#
	while [ "$n" -gt 0 ]; do
		a=$1
		shift
		case $a in
		fixtures/*) a=$fixtures/${a#fixtures/} ;;
		import:N) a=import:$("$powers" --db "$db" sql --format csv "SELECT max(id) FROM import_run" | tail -n 1 | tr -d '\r') ;;
		esac
		set -- "$@" "$a"
		n=$((n - 1))
	done
	expect 0 "$*" "$powers" --db "$db" "$@"
}
ch_run "$(sed -n 1p "$ch/commands")" && out_has "class: 'economic' -> 'social'"
ch_run "$(sed -n 2p "$ch/commands")" && out_has "class: 'economic' -> 'social'"
ch_check "$ch/mistaken" "with mistake.csv"
ch_run "$(sed -n 3p "$ch/commands")" && out_has "undone by import #"
ch_run "$(sed -n 4p "$ch/commands")" && out_has "retired from"
expect 0 "verify after the changes over time" "$powers" --db "$db" verify
ch_check "$ch/after" "after them"

# Each street/town: stats --by street_town (no row: retired), unit list
# and its positive list, on both dates.
i=0
for d in $sdates; do
	i=$((i + 1))
	"$powers" --db "$db" stats --by street_town --as-of "$d" --format csv | tr -d '\r' > "$ch/by.$i"
	"$powers" --db "$db" unit list --kind street_town --as-of "$d" --format csv | tr -d '\r' > "$ch/ul.$i"
	while IFS=, read -r code _ _ c1 c2; do
		want=$c1
		[ $i = 2 ] && want=$c2
		got=$(awk -F, -v u="$code" '$1 == u { print $4 }' "$ch/by.$i")
		name="stats --by street_town: $code as of $d (EXPECTED.md)"
		[ "$got" = "$(echo "$want" | sed 's/—//')" ] && pass || fail "'$got', EXPECTED.md has $want"
		[ "$want" = "—" ] && want=0
		got=$(awk -F, -v u="$code" '$1 == u { print $6 }' "$ch/ul.$i")
		name="unit list: $code as of $d (EXPECTED.md)"
		[ "$got" = "$want" ] && pass || fail "$got, EXPECTED.md has $want"
		ch_plist "$code" "$d" "$want"
	done < "$ch/streets"
done

# make demo: the figures of both dates read back from the registry, and
# the seed's sentence last.
expect 0 "demo" sh "$top/tools/demo" "$release" "$ch/demo.db"
for d in 2022-03-03 "$last"; do
	want=$(grep "^$d," "$ch/figures")
	name="demo: stats as of $d"
	tr -d '\r' < "$tmp/out" | grep -qx -- "$want" && pass || fail "no line '$want'"
done
name="demo: the seed's sentence last"
got=$(tail -n 1 "$tmp/out")
[ "$got" = "As of 2022-03-03: of the New Area level's 808 economic powers, 720 are delegated to the new cities: 89.11%." ] &&
	pass || fail "$got"

# The demo's figures for the changes over time: as of the last date before
# them and after, with the mistake and after its undo, the street/towns
# after the retirement; and verify passes at the end.
tr -d '\r' < "$tmp/out" > "$ch/demo.out"
ch_last=$(tail -n 1 "$ch/after" | cut -d, -f1)
# ch_line LINE: the number of the demo's first output line LINE.
ch_line() {
	grep -nx -- "$1" "$ch/demo.out" | head -n 1 | cut -d: -f1
}
b=$(ch_line "$(grep "^$ch_last," "$ch/before")")
m=$(ch_line "$(tail -n 1 "$ch/mistaken")")
a=$(ch_line "$(grep "^$ch_last," "$ch/after")")
name="demo: stats as of $ch_last before, with the mistake, after (EXPECTED.md)"
[ -n "$b" ] && [ -n "$m" ] && [ -n "$a" ] && [ "$b" -lt "$m" ] && [ "$m" -lt "$a" ] && pass ||
	fail "lines '$b' '$m' '$a'"
m=$(tail -n 1 "$ch/mistaken" | cut -d, -f1)
name="demo: the undo gives the figures as of $m without the mistake"
u=$(grep -n -x -- "$(grep "^$m," "$ch/after")" "$ch/demo.out" | cut -d: -f1 | tail -n 1)
[ -n "$u" ] && [ "$u" -gt "$(ch_line "$(grep "^$m," "$ch/mistaken")")" ] && pass || fail "line '$u'"
d2=$(echo "$sdates" | sed -n 2p)
while IFS=, read -r code sname _ _ c2; do
	want=$c2
	[ "$want" = "—" ] && want="0,$d2"
	name="demo: unit list as of $d2: $code (EXPECTED.md)"
	grep -q "^$code,$sname,street_town,[A-Z0-9]*,[A-Z0-9]*,$want,*\$" "$ch/demo.out" && pass ||
		fail "no line '$code,$sname,...,$want'"
done < "$ch/streets"
# The power of the dated change: in no list of social powers the day before
# its date, in one from then.
attr=$(sed -n 's/^| import attributes\.csv | \([0-9]*\) |.*/\1/p' "$ch/later.md")
name="demo: $attr social from the date of attributes.csv alone"
[ -n "$attr" ] && [ "$(grep -c "^$attr,.*,social," "$ch/demo.out")" = 1 ] &&
	[ "$(grep -n "^$attr,.*,social," "$ch/demo.out" | cut -d: -f1)" -gt "$(grep -n -- ' list .* --class social --as-of ' "$ch/demo.out" | tail -n 1 | cut -d: -f1)" ] &&
	pass || fail "'$attr'"
name="demo: verify passes at the end"
v=$(grep -n '^\$ powers .* verify$' "$ch/demo.out" | tail -n 1 | cut -d: -f1)
[ -n "$v" ] && [ "$v" -gt "$(grep -n '^\$ powers .* unit retire ' "$ch/demo.out" | cut -d: -f1)" ] &&
	sed -n "$((v + 1))p" "$ch/demo.out" | grep -q '^ok: [0-9]* log entries chained' &&
	pass || fail "no verify passed after the retirement"
IFS=, read -r d econ dl share _ <<EOF
$(grep "^$ch_last," "$ch/after")
EOF
name="demo: the sentence as of $ch_last (EXPECTED.md)"
grep -qxF "As of $d: of the New Area level's $econ economic powers, $dl are delegated to the new cities: $share%." "$ch/demo.out" &&
	pass || fail "no sentence with $econ / $dl / $share%"
expect 0 "demo registry: verify" "$powers" --db "$ch/demo.db" verify
