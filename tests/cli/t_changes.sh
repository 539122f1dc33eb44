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

# Each new city's count: unit list's, and its positive list's rows.
while read -r unit d want; do
	"$powers" --db "$db" unit list --as-of "$d" --kind new_city --format csv > "$tmp/out"
	got=$(tr -d '\r' < "$tmp/out" | awk -F, -v u="$unit" '$1 == u { print $6 }')
	name="unit list: $unit as of $d (EXPECTED.md)"
	[ "$got" = "$want" ] && pass || fail "$got, EXPECTED.md has $want"
	"$powers" --db "$db" positive-list --unit "$unit" --as-of "$d" --format csv > "$tmp/out"
	got=$(($(wc -l < "$tmp/out") - 1))
	name="positive-list: $unit as of $d (EXPECTED.md)"
	[ "$got" = "$want" ] && pass || fail "$got rows, EXPECTED.md has $want"
done < "$ch/cities"

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
