#!/bin/sh
# Run each libFuzzer harness for SECONDS, from the seed corpus kept in
# tests/ (plus the bad input files), growing a working corpus under the
# build folder.  A crash, leak or timeout is copied to
# tests/fuzz/crashers/HARNESS/ (replayed by 'make check' from then on) and
# fails the run.  FUZZ_JOBS harnesses run at a time (default: the cores).
#
# usage: sh tests/fuzz/run.sh BINDIR SECONDS HARNESS...
set -u
bindir=$1
seconds=$2
shift 2
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$bindir/work
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
export POWERS_TOP="$top"

# Seeds beyond tests/fuzz/corpus/HARNESS, and the largest input tried.
extra() {
	case $1 in
	csvin|import) echo "$top/tests/cli/bad $top/tests/bad2" ;;
	delegate) echo "$top/tests/bad2" ;;
	esac
}
max_len() {
	case $1 in
	csvin) echo 200000 ;;	# beyond the reader's 64 KiB block
	verify) echo 4096 ;;
	*) echo 16384 ;;
	esac
}

one() {
	h=$1
	mkdir -p "$work/corpus/$h" "$work/artifacts/$h"
	# shellcheck disable=SC2046
	"$bindir/lf_$h" -max_total_time="$seconds" -timeout=20 \
	    -rss_limit_mb=2560 -max_len="$(max_len "$h")" -print_final_stats=1 \
	    -artifact_prefix="$work/artifacts/$h/" \
	    "$work/corpus/$h" "$top/tests/fuzz/corpus/$h" $(extra "$h") \
	    > "$work/$h.log" 2>&1
	echo $? > "$work/$h.status"
}

mkdir -p "$work"
running=0
for h in "$@"; do
	one "$h" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait
		running=0
	fi
done
wait

failed=0
for h in "$@"; do
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$h.log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$h.log")
	cov=$(grep -E '^#[0-9]+' "$work/$h.log" | tail -1 | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	st=$(cat "$work/$h.status")
	found=""
	for a in "$work/artifacts/$h"/*; do
		[ -f "$a" ] || continue
		mkdir -p "$top/tests/fuzz/crashers/$h"
		cp "$a" "$top/tests/fuzz/crashers/$h/"
		found="$found $(basename "$a")"
		rm -f "$a"
	done
	printf 'fuzz %-9s %ss: %s executions (%s/s), coverage %s, exit %s%s\n' \
	    "$h" "$seconds" "${execs:-?}" "${rate:-?}" "${cov:-?}" "$st" \
	    "${found:+, found:$found (kept in tests/fuzz/crashers/$h)}"
	if [ "$st" -ne 0 ] || [ -n "$found" ]; then
		failed=1
		grep -E 'ERROR|SUMMARY|fuzz:' "$work/$h.log" | head -5
	fi
done
exit $failed
