#!/bin/sh
# Crash trials: start a writing command, SIGKILL it after a random delay,
# and check that the registry is exactly as before or exactly as after (the
# after-state made by the same command run to the end on a copy), that
# SQLite's integrity_check says ok and that 'powers verify' passes.
#
#   import     a 50,000-row powers file upserted over an older one
#   delegate   34,000 log entries recorded
#   export     the powers exported (read-only: the registry must not move,
#              and --out must hold its old bytes or the whole new file)
#   migrate    a registry at schema version 2, with data, migrated: it must
#              be at a version the migrations define, never between, and
#              'powers migrate' must finish it
#   init       a new registry: none or a whole one may be left, nothing else
#
# usage: sh tests/crash/crash.sh POWERS [TRIALS [KINDS]]
#   TRIALS (default 105) are shared out as import 30, delegate 30, export
#   25, migrate 10, init 10 (export's share goes to the others when the
#   program has no export yet).  KINDS limits the kinds run.
#   CRASH_ROWS sets the size of the powers file (default 50000, 5000 when
#   TRIALS < 30); CRASH_SEED the random seed (printed, to replay a run).
set -u
powers=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
trials=${2:-105}
kinds=${3:-import delegate export migrate init}
top=$(cd "$(dirname "$0")/../.." && pwd)
fixtures=$top/fixtures
if [ "$trials" -lt 30 ]; then rows=${CRASH_ROWS:-5000}; else rows=${CRASH_ROWS:-50000}; fi
seed=${CRASH_SEED:-$(date +%s)}
tmp=$(mktemp -d /tmp/powers-crash.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export POWERS_NOW=2026-11-26T00:00:00Z USER=crash
unset POWERS_DB

failed=0
say() { printf '%s\n' "$*"; }
bad() { failed=$((failed + 1)); say "FAIL $*"; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# rand_ms N MAX: a delay in milliseconds in [0, MAX), from the seed and N
# (a digest of both: mawk's srand() folds big seeds together).
rand_ms() {
	x=$(printf '%s-%s' "$seed" "$1" | md5sum | cut -c1-7)
	echo $((0x$x % ($2 > 0 ? $2 : 1)))
}

# copy SRC DST: a registry with its journal or (made before schema version
# 10) its WAL, as a killed process would leave it.
copy() {
	rm -f "$2" "$2-wal" "$2-shm" "$2-journal"
	cp "$1" "$2"
	[ -f "$1-wal" ] && cp "$1-wal" "$2-wal"
	[ -f "$1-journal" ] && cp "$1-journal" "$2-journal"
	return 0
}

# state DB: a digest of the registry's whole content, its version included.
state() {
	{ sqlite3 "$1" 'PRAGMA user_version; PRAGMA application_id;' && sqlite3 "$1" .dump; } |
	    md5sum | cut -d' ' -f1
}

# killat MS CMD...: run CMD, SIGKILL it after MS milliseconds; $killed
# says whether it was still running, $status how it ended.
killat() {
	secs=$(awk -v m="$1" 'BEGIN { printf "%.3f", m / 1000 }')
	shift
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null &
	pid=$!
	sleep "$secs"
	if kill -9 "$pid" 2>/dev/null; then killed=1; else killed=0; fi
	wait "$pid" 2>/dev/null
	status=$?
	[ "$status" -eq 137 ] || killed=0
}

# timed CMD...: run CMD to the end; $took gets its milliseconds.
timed() {
	t0=$(now_ms)
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	status=$?
	took=$(($(now_ms) - t0))
	[ "$took" -gt 0 ] || took=1
}

# sound KIND N DB: integrity_check ok and verify passes.
sound() {
	ic=$(sqlite3 "$3" 'PRAGMA integrity_check' 2>&1)
	if [ "$ic" != ok ]; then
		bad "$1 #$2: integrity_check: $(echo "$ic" | head -3)"
		return 1
	fi
	if ! "$powers" --db "$3" -q verify >"$tmp/vout" 2>"$tmp/verr"; then
		bad "$1 #$2: verify: $(head -3 "$tmp/verr")"
		return 1
	fi
	return 0
}

# ---- How many of each
has_export=0
if "$powers" export --help >/dev/null 2>&1; then has_export=1; fi
w_import=30 w_delegate=30 w_export=25 w_migrate=10 w_init=10
[ "$has_export" -eq 1 ] || w_export=0
for k in import delegate export migrate init; do
	case " $kinds " in *" $k "*) ;; *) eval "w_$k=0" ;; esac
done
wsum=$((w_import + w_delegate + w_export + w_migrate + w_init))
n_delegate=$((trials * w_delegate / wsum))
n_export=$((trials * w_export / wsum))
n_migrate=$((trials * w_migrate / wsum))
n_init=$((trials * w_init / wsum))
n_import=$((trials - n_delegate - n_export - n_migrate - n_init))
[ "$w_import" -gt 0 ] || { n_delegate=$((n_delegate + n_import)); n_import=0; }
say "crash: $trials trials (import $n_import, delegate $n_delegate, export $n_export, migrate $n_migrate, init $n_init), $rows rows, seed $seed"
case " $kinds " in *" export "*)
	[ "$has_export" -eq 1 ] || say "crash: no 'powers export' yet: export trials skipped, shared out to the others" ;;
esac

# ---- Inputs and the registries trials start from
sh "$top/tests/crash/gen.sh" "$tmp" "$rows"
reg() { "$powers" --db "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }; }
reg "$tmp/units.db" -q init
reg "$tmp/units.db" -q unit import "$fixtures/units.csv"
cp "$tmp/units.db" "$tmp/p1.db"
reg "$tmp/p1.db" -q import "$tmp/powers1.csv"
cp "$tmp/p1.db" "$tmp/full.db"
reg "$tmp/full.db" -q delegate --csv "$tmp/delegations.csv"
for b in units p1 full; do sqlite3 "$tmp/$b.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null; done

# tally KIND: count outcomes per kind.
tally() {
	eval "t_$1=\$((\${t_$1:-0} + 1))"
	[ "$killed" -eq 1 ] && eval "k_$1=\$((\${k_$1:-0} + 1))"
	eval "s_$1_$2=\$((\${s_$1_$2:-0} + 1))"
}

# writer KIND N BASE CMD...: one trial of a writing command whose before-
# and after-states are $before and $after.
writer() {
	kind=$1 n=$2 base=$3
	shift 3
	copy "$base" "$tmp/work.db"
	killat "$(rand_ms "$n" "$span")" "$powers" --db "$tmp/work.db" "$@"
	if [ "$killed" -eq 0 ] && [ "$status" -ne 0 ]; then
		bad "$kind #$n: exit $status: $(head -2 "$tmp/err")"
		return
	fi
	sound "$kind" "$n" "$tmp/work.db" || return
	s=$(state "$tmp/work.db")
	if [ "$s" = "$before" ]; then tally "$kind" before
	elif [ "$s" = "$after" ]; then tally "$kind" after
	else bad "$kind #$n: the registry is neither as before nor as after"
	fi
}

# prepare BASE CMD...: $before, $after and $span (the uninterrupted run's
# milliseconds) for a writing command.
prepare() {
	base=$1
	shift
	before=$(state "$base")
	copy "$base" "$tmp/after.db"
	timed "$powers" --db "$tmp/after.db" "$@"
	[ "$status" -eq 0 ] || { say "crash: the uninterrupted run failed: $(cat "$tmp/err")"; exit 1; }
	after=$(state "$tmp/after.db")
	span=$took
	say "crash: '$*' takes ${took} ms uninterrupted"
}

# ---- import: an upsert of powers2 over powers1 (renames, new rows)
if [ "$n_import" -gt 0 ]; then
	prepare "$tmp/p1.db" import "$tmp/powers2.csv"
	i=1
	while [ "$i" -le "$n_import" ]; do
		writer import "$i" "$tmp/p1.db" import "$tmp/powers2.csv"
		i=$((i + 1))
	done
fi

# ---- delegate: the whole log
if [ "$n_delegate" -gt 0 ]; then
	prepare "$tmp/p1.db" delegate --csv "$tmp/delegations.csv"
	i=1
	while [ "$i" -le "$n_delegate" ]; do
		writer delegate "$i" "$tmp/p1.db" delegate --csv "$tmp/delegations.csv"
		i=$((i + 1))
	done
fi

# ---- export: the registry must not move; --out is old or whole
if [ "$n_export" -gt 0 ]; then
	before=$(state "$tmp/full.db")
	mkdir -p "$tmp/exp"
	i=1
	while [ "$i" -le "$n_export" ]; do
		if [ $((i % 2)) -eq 0 ]; then fmt=json; else fmt=csv; fi
		if [ ! -f "$tmp/want.$fmt" ]; then
			copy "$tmp/full.db" "$tmp/work.db"
			timed "$powers" --db "$tmp/work.db" export --what powers --format "$fmt" --out "$tmp/want.$fmt"
			[ "$status" -eq 0 ] || { bad "export: the uninterrupted run failed: $(cat "$tmp/err")"; break; }
			eval "span_$fmt=$took"
			say "crash: 'export --format $fmt' takes $took ms uninterrupted"
		fi
		eval "span=\$span_$fmt"
		rm -rf "$tmp/exp" && mkdir "$tmp/exp"
		echo "old content" > "$tmp/exp/out.$fmt"
		copy "$tmp/full.db" "$tmp/work.db"
		killat "$(rand_ms "$i" "$span")" "$powers" --db "$tmp/work.db" export --what powers --format "$fmt" --out "$tmp/exp/out.$fmt"
		if [ "$killed" -eq 0 ] && [ "$status" -ne 0 ]; then
			bad "export #$i: exit $status: $(head -2 "$tmp/err")"
		elif sound export "$i" "$tmp/work.db"; then
			if [ "$(state "$tmp/work.db")" != "$before" ]; then
				bad "export #$i: the registry changed"
			elif cmp -s "$tmp/exp/out.$fmt" "$tmp/want.$fmt"; then
				tally export after
			elif [ "$(cat "$tmp/exp/out.$fmt")" = "old content" ]; then
				tally export before
			else
				bad "export #$i: --out holds neither its old bytes nor the whole export ($(wc -c < "$tmp/exp/out.$fmt") bytes)"
			fi
			left=$(ls -A "$tmp/exp" | grep -v "^out.$fmt\$")
			[ -z "$left" ] || leftover="${leftover:-}${leftover:+, }$(echo $left)"
		fi
		i=$((i + 1))
	done
fi

# ---- migrate: a registry at version 2 holding the full registry's data
if [ "$n_migrate" -gt 0 ]; then
	latest=$(ls "$top"/migrations/*.sql | tail -1 | xargs basename | sed 's/^0*\([0-9]*\)_.*/\1/')
	v2=$tmp/v2.db
	rm -f "$v2"
	for m in "$top"/migrations/0001_*.sql "$top"/migrations/0002_*.sql; do
		sqlite3 "$v2" < "$m"
	done
	sqlite3 "$v2" "PRAGMA application_id = 1347899987; PRAGMA user_version = 2; PRAGMA journal_mode = WAL" >/dev/null
	for t in $(sqlite3 "$v2" "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"); do
		cols=$(sqlite3 "$v2" "SELECT group_concat(name, ', ') FROM pragma_table_info('$t')")
		sqlite3 "$v2" "ATTACH '$tmp/full.db' AS f; INSERT OR IGNORE INTO main.$t ($cols) SELECT $cols FROM f.$t"
	done
	# The state at each version, the migrations applied by hand.
	v=2
	cp "$v2" "$tmp/v.db"
	eval "state_2=$(state "$v2")"
	for m in "$top"/migrations/*.sql; do
		num=$(basename "$m" | sed 's/^0*\([0-9]*\)_.*/\1/')
		[ "$num" -gt 2 ] || continue
		{ echo "BEGIN;"; cat "$m"; echo "PRAGMA user_version = $num; COMMIT;"; } | sqlite3 "$tmp/v.db"
		eval "state_$num=$(state "$tmp/v.db")"
	done
	# Then migrate takes the registry out of WAL mode and, once, VACUUMs
	# it into auto_vacuum = FULL (src/db/db_journal.c), which may put the
	# schema's entries in another order: killed in the VACUUM, a registry
	# at the latest version is as the migrations leave it or as that does.
	sqlite3 "$tmp/v.db" "PRAGMA journal_mode = DELETE; PRAGMA auto_vacuum = FULL; VACUUM" >/dev/null
	vacuumed=$(state "$tmp/v.db")
	copy "$v2" "$tmp/after.db"
	timed "$powers" --db "$tmp/after.db" -q migrate
	[ "$status" -eq 0 ] || { bad "migrate: the uninterrupted run failed: $(cat "$tmp/err")"; }
	[ "$(state "$tmp/after.db")" = "$vacuumed" ] || bad "migrate: 'powers migrate' does not give what the migrations give by hand"
	span=$((took + 5))
	say "crash: 'migrate' from version 2 takes $took ms uninterrupted"
	i=1
	while [ "$i" -le "$n_migrate" ]; do
		copy "$v2" "$tmp/work.db"
		killat "$(rand_ms "$i" "$span")" "$powers" --db "$tmp/work.db" -q migrate
		if [ "$killed" -eq 0 ] && [ "$status" -ne 0 ]; then
			bad "migrate #$i: exit $status: $(head -2 "$tmp/err")"
			i=$((i + 1)); continue
		fi
		v=$(sqlite3 "$tmp/work.db" 'PRAGMA user_version')
		eval "want=\${state_$v:-none}"
		got=$(state "$tmp/work.db")
		[ "$v" -eq "$latest" ] && [ "$got" = "$vacuumed" ] && want=$got
		if [ "$got" != "$want" ]; then
			bad "migrate #$i: the registry is at version $v but not as migration $v leaves it"
		elif ! "$powers" --db "$tmp/work.db" -q migrate >/dev/null 2>"$tmp/err"; then
			bad "migrate #$i: 'powers migrate' cannot finish it: $(head -2 "$tmp/err")"
		elif sound migrate "$i" "$tmp/work.db"; then
			if [ "$v" -eq 2 ]; then tally migrate before
			elif [ "$v" -eq "$latest" ]; then tally migrate after
			else tally migrate between_migrations
			fi
		fi
		i=$((i + 1))
	done
fi

# ---- init: none or a whole registry
if [ "$n_init" -gt 0 ]; then
	rm -f "$tmp/new.db"*
	timed "$powers" --db "$tmp/new.db" -q init
	want=$(state "$tmp/new.db")
	span=$((took + 5))
	say "crash: 'init' takes $took ms uninterrupted"
	i=1
	while [ "$i" -le "$n_init" ]; do
		rm -f "$tmp/new.db" "$tmp/new.db-wal" "$tmp/new.db-shm" "$tmp/new.db-journal"
		killat "$(rand_ms "$i" "$span")" "$powers" --db "$tmp/new.db" -q init
		if [ "$killed" -eq 0 ] && [ "$status" -ne 0 ]; then
			bad "init #$i: exit $status: $(head -2 "$tmp/err")"
		elif [ ! -e "$tmp/new.db" ]; then
			tally init before
		elif [ "$(state "$tmp/new.db")" = "$want" ] && sound init "$i" "$tmp/new.db"; then
			tally init after
		else
			bad "init #$i: killed after $(rand_ms "$i" "$span") ms, it left a registry half made: $(stat -c %s "$tmp/new.db") bytes, schema version $(sqlite3 "$tmp/new.db" 'PRAGMA user_version' 2>&1), application_id $(sqlite3 "$tmp/new.db" 'PRAGMA application_id' 2>&1)"
		fi
		i=$((i + 1))
	done
fi

# ---- Summary
total=0
for k in import delegate export migrate init; do
	eval "t=\${t_$k:-0} kk=\${k_$k:-0} b=\${s_${k}_before:-0} a=\${s_${k}_after:-0} m=\${s_${k}_between_migrations:-0}"
	eval "n=\$n_$k"
	[ "$n" -gt 0 ] || continue
	total=$((total + t))
	extra=""
	[ "$m" -gt 0 ] && extra=", $m between migrations"
	say "crash: $k: $t of $n trials sound ($kk killed while running, $((t - kk)) had ended): $b as before, $a as after$extra"
done
[ -z "${leftover:-}" ] || say "crash: note: SIGKILL left temporary files beside export's --out: $leftover"
say "crash: $total sound, $failed failed (seed $seed)"
[ "$failed" -eq 0 ]
