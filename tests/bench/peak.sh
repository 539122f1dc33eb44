#!/bin/sh
# Peak memory, by hand, at sizes make bench does not run (10M and past):
# N powers and their entries (tests/bench/gen.c, shape BENCH_SHAPE),
# imported, delegated from one file in one batch, verified and counted,
# each step's seconds and peak resident memory (/usr/bin/time) printed,
# against the 32 MiB bound.  Shorter than 'make bench-10m': none of the
# sqlite3 shell's steps, no repeats, no other queries.
#
# usage: sh tests/bench/peak.sh POWERS GEN N
#   BENCH_DIR   scratch folder (default build/bench-peak); ~3 GB per 1M
#   BENCH_SHAPE excel (default), scattered or repeated
set -eu

powers=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
gen=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
n=$3
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=${BENCH_DIR:-$top/build/bench-peak}
shape=${BENCH_SHAPE:-excel}
limit_kib=$((32 * 1024))
export USER=bench
unset POWERS_DB

rm -rf "$dir"
mkdir -p "$dir"
"$gen" -s "$shape" "$n" "$dir" >"$dir/gen.log"
db=$dir/r.db
"$powers" --db "$db" -q init
"$powers" --db "$db" -q unit import "$top/fixtures/units.csv"
entries=$(($(wc -l < "$dir/delegations.csv") - 1))
printf 'peak: N = %s powers, %s entries, shape %s, %s\n' "$n" "$entries" \
    "$shape" "$(date -u +%Y-%m-%d)"
worst=0
step() {	# step NAME CMD...: timed, its output to the log
	name=$1
	shift
	if ! /usr/bin/time -f '%e %M' -o "$dir/time" "$@" >>"$dir/log" 2>&1; then
		echo "peak: $name failed; see $dir/log" >&2
		exit 1
	fi
	read -r secs kib < "$dir/time"
	[ "$kib" -gt "$worst" ] && worst=$kib
	awk -v n="$name" -v s="$secs" -v k="$kib" -v l="$limit_kib" 'BEGIN {
		printf "peak: %-10s %9.2f s %7.1f MiB%s\n", n, s, k / 1024,
		    (k > l ? "  OVER 32 MiB" : "") }'
}
step import "$powers" --db "$db" -q import "$dir/powers.csv"
step delegate "$powers" --db "$db" -q delegate --file "$dir/delegations.csv"
step verify "$powers" --db "$db" verify
step stats "$powers" --db "$db" stats
awk -v k="$worst" -v l="$limit_kib" 'BEGIN {
	printf "peak: at most %.1f MiB: %s\n", k / 1024,
	    (k > l ? "MISSES the 32 MiB bound" : "within the 32 MiB bound") }'
rm -rf "$dir"
