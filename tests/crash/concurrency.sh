#!/bin/sh
# Concurrency: several writers (delegations by hand, unit and power
# imports) and readers (stats, verify, export) on one registry at once.
# Checked: every writer that said 0 landed and every other wrote nothing
# (no lost write), the readers never failed, 'verify' passes after, and a
# writer that gave up said 4 only after its --timeout.
#
# usage: sh tests/crash/concurrency.sh POWERS [WRITERS]
set -u
powers=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
writers=${2:-4}
top=$(cd "$(dirname "$0")/../.." && pwd)
fixtures=$top/fixtures
tmp=$(mktemp -d /tmp/powers-conc.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export POWERS_NOW=2026-11-26T00:00:00Z USER=conc
unset POWERS_DB
db=$tmp/r.db
failed=0
passed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); printf 'FAIL concurrency: %s\n' "$*"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

"$powers" --db "$db" -q init
"$powers" --db "$db" -q unit import "$fixtures/units.csv"
"$powers" --db "$db" -q import "$fixtures/powers.csv"
has_export=0
"$powers" export --help >/dev/null 2>&1 && has_export=1

# Power codes to delegate: the first 5 per writer, distinct.
sqlite3 "$db" "SELECT code FROM power ORDER BY code LIMIT $((writers * 5))" > "$tmp/codes"

# job NAME CMD...: run CMD, keep its exit status and milliseconds.
job() {
	n=$1
	shift
	t0=$(now_ms)
	"$@" >"$tmp/$n.out" 2>"$tmp/$n.err" </dev/null
	echo "$? $(($(now_ms) - t0))" > "$tmp/$n.st"
}

# Writer K: five hand delegations to street/town JZ0K, one power each, and
# one unit import and one power import of rows only it writes.
writer() {
	k=$1
	j=0
	sed -n "$(((k - 1) * 5 + 1)),$((k * 5))p" "$tmp/codes" | while read -r code; do
		j=$((j + 1))
		job "w$k-d$j" "$powers" --db "$db" --timeout 20 --by "w$k" delegate "$code" \
		    --to "JZ0$k" --mode delegate --document "西咸管发〔2026〕$k$j号" \
		    --effective 2026-01-0$j
	done
	printf 'code,name,kind,parent,within\nCT%02d,并发街道%d,street_town,XXXQ,FDXC\n' "$k" "$k" > "$tmp/units$k.csv"
	job "w$k-u" "$powers" --db "$db" --timeout 20 unit import "$tmp/units$k.csv"
	printf 'code,name,category,department,class\n97000000%04d,并发事项%d,01,XQ03,economic\n' "$k" "$k" > "$tmp/powers$k.csv"
	job "w$k-p" "$powers" --db "$db" --timeout 20 import "$tmp/powers$k.csv"
}

# Readers: each loops until the writers are done.
reader() {
	r=$1
	i=0
	while [ ! -f "$tmp/writers.done" ]; do
		i=$((i + 1))
		case $r in
		stats) job "r-stats-$i" "$powers" --db "$db" --timeout 20 stats --format csv ;;
		verify) job "r-verify-$i" "$powers" --db "$db" --timeout 20 verify ;;
		export) job "r-export-$i" "$powers" --db "$db" --timeout 20 export --what log --format csv --out "$tmp/export-$i.csv" ;;
		esac
	done
}

readers="stats verify"
[ "$has_export" -eq 1 ] && readers="$readers export"
for r in $readers; do reader "$r" & done
pids=""
k=1
while [ "$k" -le "$writers" ]; do
	writer "$k" &
	pids="$pids $!"
	k=$((k + 1))
done
# A long import from the fixtures' other encodings keeps the lock busy too.
job "w-big" "$powers" --db "$db" --timeout 20 import "$fixtures/encodings/powers.utf16le.txt" &
pids="$pids $!"
for p in $pids; do wait "$p"; done
touch "$tmp/writers.done"
wait

# waited FILE MS: a writer that said 4 waited its --timeout (20 s) first.
waited() {
	[ "$2" -ge 20000 ] && ok || bad "$(basename "$1" .st): exit 4 after $2 ms, before its --timeout of 20 s"
}

# Every writer: 0 (landed) or 4 (busy, nothing written).
landed=0
for f in "$tmp"/w*-d*.st; do
	set -- $(cat "$f")
	case $1 in
	0) landed=$((landed + 1)); ok ;;
	4) waited "$f" "$2" ;;
	*) bad "$(basename "$f" .st): exit $1: $(head -2 "${f%.st}.err")" ;;
	esac
done
entries=$(sqlite3 "$db" "SELECT count(*) FROM delegation")
[ "$entries" -eq "$landed" ] && ok ||
	bad "$landed delegations said 0, the log holds $entries entries"
imports=0
for f in "$tmp"/w*-u.st "$tmp"/w*-p.st "$tmp"/w-big.st; do
	set -- $(cat "$f")
	case $1 in
	0) imports=$((imports + 1)); ok ;;
	4) waited "$f" "$2" ;;
	*) bad "$(basename "$f" .st): exit $1: $(head -2 "${f%.st}.err")" ;;
	esac
done
runs=$(sqlite3 "$db" "SELECT count(*) - 2 FROM import_run")
[ "$runs" -eq "$imports" ] && ok || bad "$imports imports said 0, import_run holds $runs more runs"
k=1
while [ "$k" -le "$writers" ]; do
	set -- $(cat "$tmp/w$k-u.st")
	n=$(sqlite3 "$db" "SELECT count(*) FROM unit WHERE code = 'CT$(printf %02d "$k")'")
	if [ "$1" -eq 0 ] && [ "$n" -ne 1 ]; then bad "writer $k: its unit import said 0 but its unit is missing"; fi
	if [ "$1" -ne 0 ] && [ "$n" -ne 0 ]; then bad "writer $k: its unit import failed but its unit is there"; fi
	k=$((k + 1))
done

# Readers never fail while writers write (WAL: readers do not wait).
nreads=0
for f in "$tmp"/r-*.st; do
	[ -f "$f" ] || continue
	nreads=$((nreads + 1))
	set -- $(cat "$f")
	[ "$1" -eq 0 ] && ok || bad "$(basename "$f" .st): exit $1: $(head -2 "${f%.st}.err")"
done
"$powers" --db "$db" -q verify && ok || bad "verify after the writers"

# Busy: a lock held past --timeout gives 4, and only after the timeout.
( echo "BEGIN IMMEDIATE;"; sleep 3; echo "COMMIT;" ) | sqlite3 "$db" &
holder=$!
sleep 0.3
before=$(sqlite3 "$db" "SELECT count(*) FROM delegation")
code=$(sed -n "$((writers * 5 + 1))p;" "$tmp/codes")
[ -n "$code" ] || code=$(sqlite3 "$db" "SELECT code FROM power WHERE code NOT IN (SELECT power FROM delegation) LIMIT 1")
job busy "$powers" --db "$db" --timeout 1 delegate "$code" --to JZ09 \
    --mode delegate --document 'busy' --effective 2026-02-01
set -- $(cat "$tmp/busy.st")
if [ "$1" -eq 4 ] && [ "$2" -ge 1000 ] && [ "$2" -lt 2900 ]; then ok; else
	bad "locked registry, --timeout 1: exit $1 after $2 ms (wanted 4 after 1000 to 2900 ms)"
fi
grep -q "busy" "$tmp/busy.err" && ok || bad "exit 4 without saying busy: $(cat "$tmp/busy.err")"
job busy-ro "$powers" --db "$db" --timeout 1 stats --format csv
set -- $(cat "$tmp/busy-ro.st")
[ "$1" -eq 0 ] && ok || bad "a reader waited on a writer's lock: exit $1 after $2 ms"
wait "$holder"
after=$(sqlite3 "$db" "SELECT count(*) FROM delegation")
[ "$after" -eq "$before" ] && ok || bad "the busy delegate wrote"
# The same lock, shorter than the timeout: the writer waits, then writes.
( echo "BEGIN IMMEDIATE;"; sleep 1; echo "COMMIT;" ) | sqlite3 "$db" &
holder=$!
sleep 0.3
job wait "$powers" --db "$db" --timeout 5 delegate "$code" --to JZ09 \
    --mode delegate --document 'waited' --effective 2026-02-01
wait "$holder"
set -- $(cat "$tmp/wait.st")
[ "$1" -eq 0 ] && [ "$2" -ge 500 ] && ok || bad "a lock held 1 s, --timeout 5: exit $1 after $2 ms (wanted 0 after waiting)"
"$powers" --db "$db" -q verify && ok || bad "verify at the end"

echo "concurrency: $writers writers ($landed of $((writers * 5)) delegations, $imports imports landed), $nreads reads; $passed passed, $failed failed"
[ "$failed" -eq 0 ]
