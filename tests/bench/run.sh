#!/bin/sh
# The benchmark: N powers and their delegation entries (tests/bench/gen.c),
# imported, delegated, verified, counted, listed and exported by powers,
# and beside them, in the same run on the same file, the sqlite3 shell's
# .import into a STRICT table with the same columns and primary key.
# Absolute times differ by machine, so every target is a ratio measured
# here; the figures go to stdout and to tests/bench/RESULTS.md, in the
# section for this N, with the machine they ran on.
#
# usage: sh tests/bench/run.sh POWERS GEN [N]
#   BENCH_DIR   scratch folder (default build/bench); needs ~3 GB per 1M
#   REPEAT      runs of each import, the fastest kept (default 3)
#   RESULTS     where to write (default tests/bench/RESULTS.md; "-": none)
#   XLSXGEN     tests/xlsxgen.c built (default: xlsxgen beside GEN)
#   BENCH_SHAPE excel (default), scattered or repeated: the data's shape
#               (tests/bench/gen.c); each has its section for each N
set -eu

powers=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
gen=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
# The workbook maker, beside GEN (make builds both in build/).
xlsxgen=${XLSXGEN:-$(dirname "$gen")/xlsxgen}
n=${3:-1000000}
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=${BENCH_DIR:-$top/build/bench}
repeat=${REPEAT:-3}
results=${RESULTS:-$top/tests/bench/RESULTS.md}
small=100000
shape=${BENCH_SHAPE:-excel}
limit_kib=$((32 * 1024))

# The product, ./powers, on the real clock: it has no $POWERS_NOW (the
# generated entries are all dated before today).
export USER=bench
unset POWERS_DB

for tool in sqlite3 /usr/bin/time awk; do
	command -v "$tool" >/dev/null 2>&1 ||
	    { echo "bench: $tool is missing (sh tools/deps bench)" >&2; exit 1; }
done
mkdir -p "$dir"
log=$dir/log
: > "$log"

# measure NAME CMD...: run CMD under /usr/bin/time; sets secs and kib.
# Its output goes to the log; a failure stops the bench.
measure() {
	name=$1
	shift
	if ! /usr/bin/time -f '%e %M' -o "$dir/time" "$@" >>"$log" 2>&1; then
		echo "bench: $name failed; see $log" >&2
		tail -5 "$log" >&2
		exit 1
	fi
	secs=$(cut -d' ' -f1 "$dir/time")
	kib=$(cut -d' ' -f2 "$dir/time")
}

# measure_read NAME CMD...: measure, its output (a whole table) dropped.
measure_read() {
	name=$1
	shift
	if ! /usr/bin/time -f '%e %M' -o "$dir/time" "$@" >/dev/null 2>>"$log"; then
		echo "bench: $name failed; see $log" >&2
		tail -5 "$log" >&2
		exit 1
	fi
	secs=$(cut -d' ' -f1 "$dir/time")
	kib=$(cut -d' ' -f2 "$dir/time")
}

# best NAME SETUP CMD...: REPEAT runs of SETUP (untimed) then CMD; keeps
# the fastest in secs, with its kib.
best() {
	bname=$1 setup=$2
	shift 2
	bsecs= bkib=
	i=0
	while [ "$i" -lt "$repeat" ]; do
		eval "$setup"
		measure "$bname" "$@"
		if [ -z "$bsecs" ] || awk "BEGIN { exit !($secs < $bsecs) }"; then
			bsecs=$secs bkib=$kib
		fi
		i=$((i + 1))
	done
	secs=$bsecs kib=$bkib
}

# div A B: A / B to two decimals; "-" when B is zero.
div() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f", a / b }'
}
rate() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%d", a / b }'
}
mib() {
	awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'
}

# fresh DB: a new registry with the fixture units (untimed).
fresh() {
	rm -f "$1" "$1-wal" "$1-shm"
	"$powers" --db "$1" -q init >/dev/null
	"$powers" --db "$1" -q unit import "$top/fixtures/units.csv" >/dev/null
}

say() {
	printf '%s\n' "$*" >&2
}

# ---- Inputs

say "bench: generating $n powers, shape $shape, in $dir"
mkdir -p "$dir/n" "$dir/small"
measure gen "$gen" -s "$shape" "$n" "$dir/n"
entries=$(tail -1 "$log" | awk '{ print $3 }')
if [ "$n" -ne "$small" ]; then
	"$gen" -s "$shape" "$small" "$dir/small" >/dev/null
else
	cp "$dir/n/powers.csv" "$dir/n/delegations.csv" "$dir/small/"
fi
bytes=$(wc -c < "$dir/n/powers.csv")

# ---- The sqlite3 shell's .import, the yardstick, and powers import

# Run in turns, the fastest of each kept, so that both see the same
# machine: another process busy for a while slows one as much as the other.
say "bench: sqlite3 .import and powers import, in turns ($repeat runs each)"
shell_sql="CREATE TABLE power (code TEXT PRIMARY KEY, name TEXT NOT NULL,
    category TEXT NOT NULL, department TEXT NOT NULL, class TEXT NOT NULL,
    legal_basis TEXT NOT NULL, holder TEXT NOT NULL, note TEXT NOT NULL) STRICT;"
db=$dir/bench.db
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
shell_secs= import_secs=
i=0
while [ "$i" -lt "$repeat" ]; do
	rm -f "$dir/shell.db" "$dir/shell.db-journal"
	measure "sqlite3 .import" sqlite3 "$dir/shell.db" "$shell_sql" \
	    ".import --csv --skip 1 $dir/n/powers.csv power"
	if [ -z "$shell_secs" ] || awk "BEGIN { exit !($secs < $shell_secs) }"; then
		shell_secs=$secs shell_kib=$kib
	fi
	fresh "$db"
	measure "import" "$powers" --db "$db" import "$dir/n/powers.csv"
	if [ -z "$import_secs" ] || awk "BEGIN { exit !($secs < $import_secs) }"; then
		import_secs=$secs import_kib=$kib
	fi
	i=$((i + 1))
done
got=$(sqlite3 "$dir/shell.db" 'SELECT count(*) FROM power')
[ "$got" -eq "$n" ] || { say "bench: sqlite3 imported $got rows, not $n"; exit 1; }
rm -f "$dir/shell.db"

# ---- SQLite alone: what SQLite takes to write the same rows into the
# registry's own tables, with their indexes, checks and foreign keys, in
# one INSERT ... SELECT from a copy: no reading, decoding, checking,
# hashing or per-row statements.  Beside import, delegate and verify, it
# says how much of their time is SQLite's work on this schema.

# floor_copy FROM TO: TO a copy of registry FROM, its WAL folded in.
floor_copy() {
	sqlite3 "$1" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
	rm -f "$2" "$2-wal" "$2-shm"
	cp "$1" "$2"
}
floor_sql="PRAGMA foreign_keys = ON; PRAGMA cache_size = -8192;"

say "bench: SQLite alone, the powers into an empty registry"
floor_copy "$db" "$dir/from.db"
fresh "$dir/floor.db"
measure "SQLite alone: power" sqlite3 "$dir/floor.db" "$floor_sql" \
    "ATTACH '$dir/from.db' AS reg; BEGIN;
    INSERT INTO main.power SELECT * FROM reg.power ORDER BY rowid; COMMIT;"
floor_import_secs=$secs floor_import_kib=$kib
rm -f "$dir/floor.db" "$dir/floor.db-wal" "$dir/floor.db-shm"

# The alternative considered for power: a WITHOUT ROWID table keyed by
# code (one B-tree, not a rowid table beside its primary key's index),
# with the same columns, checks, foreign keys and indexes.
say "bench: SQLite alone, the powers into a WITHOUT ROWID power"
fresh "$dir/floor.db"
alt_ddl=$(sqlite3 "$dir/floor.db" "SELECT sql || ';' FROM sqlite_schema
    WHERE tbl_name = 'power' AND type IN ('table', 'index') AND sql IS NOT NULL" |
    sed -e 's/\bpower\b/alt_power/g' -e 's/ power_by_/ alt_power_by_/' \
	-e 's/^) STRICT;$/) STRICT, WITHOUT ROWID;/')
measure "SQLite alone: power WITHOUT ROWID" sqlite3 "$dir/floor.db" "$floor_sql" \
    "$alt_ddl" "ATTACH '$dir/from.db' AS reg; BEGIN;
    INSERT INTO main.alt_power SELECT * FROM reg.power ORDER BY rowid; COMMIT;"
floor_alt_secs=$secs floor_alt_kib=$kib
rm -f "$dir/from.db" "$dir/floor.db" "$dir/floor.db-wal" "$dir/floor.db-shm"

# The same powers from an .xlsx workbook (tests/xlsxgen.c): in constant
# memory, inline strings, as powers export writes them; and as Excel
# saves a sheet, every text a shared string, so that a million rows of
# unique text pass what is kept of them in memory (SST_MEMORY) and are
# read back from a scratch file.  A sheet holds at most 1,048,576 rows
# (Excel's limit): past that there is no workbook to read.
xlsx_secs=- xlsx_kib=0 xlsx_ratio=- sst_secs=- sst_kib=0 sst_ratio=-
if [ "$n" -lt 1048576 ]; then
	say "bench: powers import of the same $n powers from .xlsx ($repeat runs)"
	measure "xlsxgen" "$xlsxgen" -m -s 事项 "$dir/n/powers.xlsx" < "$dir/n/powers.csv"
	best "import xlsx" 'fresh "$dir/xlsx.db"' \
	    "$powers" --db "$dir/xlsx.db" import "$dir/n/powers.xlsx"
	xlsx_secs=$secs xlsx_kib=$kib
	xlsx_ratio=$(div "$xlsx_secs" "$import_secs")
	say "bench: import from .xlsx: $xlsx_secs s, $(mib "$xlsx_kib") MiB peak; ${xlsx_ratio}x the CSV import ($import_secs s)"
	rm -f "$dir/n/powers.xlsx"
	measure "xlsxgen (shared strings)" "$xlsxgen" -s 事项 "$dir/n/shared.xlsx" < "$dir/n/powers.csv"
	best "import xlsx (shared strings)" 'fresh "$dir/xlsx.db"' \
	    "$powers" --db "$dir/xlsx.db" import "$dir/n/shared.xlsx"
	sst_secs=$secs sst_kib=$kib
	sst_ratio=$(div "$sst_secs" "$import_secs")
	say "bench: import from .xlsx of shared strings: $sst_secs s, $(mib "$sst_kib") MiB peak; ${sst_ratio}x the CSV import"
	rm -f "$dir/xlsx.db" "$dir/xlsx.db-journal" "$dir/n/shared.xlsx"
fi

say "bench: powers import of $small rows ($repeat runs)"
best "import $small" 'fresh "$dir/small.db"' \
    "$powers" --db "$dir/small.db" import "$dir/small/powers.csv"
small_secs=$secs small_kib=$kib
rm -f "$dir/small.db" "$dir/small.db-wal" "$dir/small.db-shm"

say "bench: delegate --csv ($entries entries)"
measure "delegate" "$powers" --db "$db" delegate --csv "$dir/n/delegations.csv"
delegate_secs=$secs delegate_kib=$kib

# The log's floor as delegate writes a batch larger than the log: empty
# copies of its tables with their primary keys, triggers and the UNIQUE
# identity of an entry, the other indexes built after the rows, in the
# same transaction (src/db/db_bulk.c).
say "bench: SQLite alone, the log into empty copies of its tables"
floor_copy "$db" "$dir/floor.db"
log_objects() {
	sqlite3 "$dir/floor.db" "SELECT sql || ';' FROM sqlite_schema
	    WHERE tbl_name IN ('delegation', 'grant_span') AND sql IS NOT NULL
	    AND ($1) ORDER BY type = 'index', name" |
	    sed -e 's/delegation/floor_log/g' -e 's/grant_span/floor_span/g'
}
live="type <> 'index' OR sql LIKE 'CREATE UNIQUE %'"
floor_ddl=$(log_objects "$live")
floor_after=$(log_objects "NOT ($live)")
measure "SQLite alone: log" sqlite3 "$dir/floor.db" "$floor_sql" "$floor_ddl" \
    "BEGIN; INSERT INTO floor_log SELECT * FROM delegation ORDER BY seq;
    INSERT INTO floor_span SELECT * FROM grant_span ORDER BY rowid;
    $floor_after COMMIT;"
floor_log_secs=$secs floor_log_kib=$kib

# The alternative considered for grant_span (the last note's next lever):
# a WITHOUT ROWID table keyed by power and start, one B-tree, and so
# without grant_span_by_power, whose order the table has.  (Its foreign
# keys, the other half of that lever, went: migration 0018.)
say "bench: SQLite alone, the log beside a WITHOUT ROWID grant_span"
floor_copy "$db" "$dir/floor.db"
alt_ddl=$(printf '%s\n' "$floor_ddl" | awk '
	/^CREATE TABLE floor_span/ { span = 1 }
	span && /^\) STRICT;$/ { $0 = ") STRICT, WITHOUT ROWID;"; span = 0 }
	{ print }')
alt_after=$(printf '%s\n' "$floor_after" | awk '
	/^CREATE INDEX floor_span_by_power/ { skip = 1 }
	!skip { print }
	/;$/ { skip = 0 }')
measure "SQLite alone: log, WITHOUT ROWID grant_span" sqlite3 "$dir/floor.db" \
    "$floor_sql" "$alt_ddl" \
    "BEGIN; INSERT INTO floor_log SELECT * FROM delegation ORDER BY seq;
    INSERT INTO floor_span SELECT * FROM grant_span ORDER BY rowid;
    $alt_after COMMIT;"
floor_span_alt_secs=$secs floor_span_alt_kib=$kib
rm -f "$dir/floor.db" "$dir/floor.db-wal" "$dir/floor.db-shm"

say "bench: verify"
measure "verify" "$powers" --db "$db" verify
verify_secs=$secs verify_kib=$kib

say "bench: SQLite alone, PRAGMA integrity_check"
measure "SQLite alone: integrity_check" sqlite3 "$db" "PRAGMA integrity_check"
floor_verify_secs=$secs floor_verify_kib=$kib

say "bench: stats"
measure "stats" "$powers" --db "$db" stats --format csv
stats_secs=$secs stats_kib=$kib

# The read commands, each in its default format (the table, aligned over
# every row: out.c keeps them in a temporary file past 4 MiB).
say "bench: stats, list, show, diff, history (tables)"
measure_read "stats (table)" "$powers" --db "$db" stats
stats_t_secs=$secs stats_t_kib=$kib
measure_read "stats --by department" "$powers" --db "$db" stats --by department
dept_secs=$secs dept_kib=$kib
measure_read "list" "$powers" --db "$db" list
plist_secs=$secs plist_kib=$kib
measure_read "list --unit JZ01" "$powers" --db "$db" list --unit JZ01
ulist_secs=$secs ulist_kib=$kib
show_code=$(sqlite3 "$db" "SELECT power FROM grant_span LIMIT 1")
measure_read "show" "$powers" --db "$db" show "$show_code"
show_secs=$secs show_kib=$kib
measure_read "diff" "$powers" --db "$db" diff --from 2022-01-01
diff_secs=$secs diff_kib=$kib
measure_read "history" "$powers" --db "$db" history
hist_secs=$secs hist_kib=$kib
measure_read "history --since" "$powers" --db "$db" history --since 2024-01-01
hsince_secs=$secs hsince_kib=$kib

say "bench: positive-list --unit JZ01"
measure "positive-list" "$powers" --db "$db" positive-list --unit JZ01 \
    --format csv
list_secs=$secs list_kib=$kib
list_rows=$("$powers" --db "$db" positive-list --unit JZ01 --format csv |
    wc -l)
list_rows=$((list_rows - 1))

say "bench: export --what powers"
rm -f "$dir/powers-export.csv"
measure "export" "$powers" --db "$db" export --what powers --format csv \
    --out "$dir/powers-export.csv"
export_secs=$secs export_kib=$kib
rm -f "$dir/powers-export.csv"

# ---- Change over time (issue 14): dated changes, their undo, answers as
# of a day before them and as recorded.  A tenth of the powers renamed
# from 2026-01-01, then undone; then every power's note changed from
# 2025-01-01, so that the registry holds N more attribute events; then
# stats and one unit's list as of 2022-03-03 (before both: the views of
# db_as_of.c replay them) and as recorded yesterday (before all of it).
say "bench: import a tenth changed, dated; its undo; every note changed"
sqlite3 -csv "$db" "SELECT 'code', 'name'" > "$dir/tenth.csv"
sqlite3 -csv "$db" "SELECT code, name || '（改）' FROM power WHERE rowid % 10 = 0" \
    >> "$dir/tenth.csv"
sqlite3 -csv "$db" "SELECT 'code', 'note'" > "$dir/notes.csv"
sqlite3 -csv "$db" "SELECT code, 'note ' || rowid FROM power" >> "$dir/notes.csv"
measure "import a tenth changed" "$powers" --db "$db" import --effective 2026-01-01 "$dir/tenth.csv"
tenth_secs=$secs tenth_kib=$kib
tenth_run=$(sqlite3 "$db" "SELECT max(id) FROM import_run")
measure "undo" "$powers" --db "$db" undo "import:$tenth_run"
undo_secs=$secs undo_kib=$kib
measure "import every note changed" "$powers" --db "$db" import --effective 2025-01-01 "$dir/notes.csv"
notes_secs=$secs notes_kib=$kib
events=$(sqlite3 "$db" "SELECT count(*) FROM attribute_change")
yesterday=$(TZ=Asia/Shanghai date -d yesterday +%Y-%m-%d)
measure_read "stats --as-of 2022-03-03" "$powers" --db "$db" stats --as-of 2022-03-03 --format csv
asof_secs=$secs asof_kib=$kib
measure_read "stats --as-recorded" "$powers" --db "$db" stats --as-of 2022-03-03 --as-recorded "$yesterday" --format csv
asrec_secs=$secs asrec_kib=$kib
measure_read "positive-list --as-of" "$powers" --db "$db" positive-list --unit JZ01 --as-of 2022-03-03 --format csv
lasof_secs=$secs lasof_kib=$kib
measure_read "positive-list --as-recorded" "$powers" --db "$db" positive-list --unit JZ01 --as-of 2022-03-03 --as-recorded "$yesterday" --format csv
lasrec_secs=$secs lasrec_kib=$kib
rm -f "$dir/tenth.csv" "$dir/notes.csv"

# ---- verify --since a kept head: the head kept, a later batch of a
# hundredth as many entries (powers with none yet, delegated to a unit
# of the kind their class goes to), then verify of what came after it.
say "bench: a hundredth more entries, then verify --since the kept head"
kept=$("$powers" --db "$db" head | awk '{ print $NF }')
{
	echo '事项编码,原实施主体,承接单位,调整方式,依据文号,实施时间,备注'
	sqlite3 -csv "$db" ".parameter set :more $((entries / 100))" \
	    "SELECT code, '', CASE class WHEN 'economic' THEN 'FDXC'
	    ELSE 'JZ01' END, '下放', '西咸管发〔2026〕9号', '2026-01-01', ''
	    FROM power WHERE code NOT IN (SELECT power FROM delegation)
	    ORDER BY code LIMIT :more"
} > "$dir/more.csv"
more=$(($(wc -l < "$dir/more.csv") - 1))
measure "delegate more" "$powers" --db "$db" delegate --csv "$dir/more.csv"
more_secs=$secs more_kib=$kib
measure "verify --since" "$powers" --db "$db" verify --since "$kept"
since_secs=$secs since_kib=$kib
# What it takes whatever came since: from the head as it is now.
now_head=$("$powers" --db "$db" head | awk '{ print $NF }')
measure "verify --since the head" "$powers" --db "$db" verify --since "$now_head"
since0_secs=$secs since0_kib=$kib
rm -f "$dir/more.csv"

# ---- Figures and targets

load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
import_rate=$(rate "$n" "$import_secs")
delegate_rate=$(rate "$entries" "$delegate_secs")
verify_rate=$(rate "$entries" "$verify_secs")
more_share=$(awk -v a="$more" -v b="$entries" 'BEGIN { printf "%.1f", 100 * a / b }')
since_share=$(awk -v a="$since_secs" -v b="$verify_secs" 'BEGIN { printf "%.1f", 100 * a / b }')
# In proportion: beyond what it takes with nothing since, each entry
# since at most twice the full verify's time for one entry.
since_each=$(awk -v s="$since_secs" -v z="$since0_secs" -v m="$more" \
    'BEGIN { d = s - z; if (d < 0) d = 0; if (m == 0) print "-"; else printf "%.2f", 1e6 * d / m }')
verify_each=$(awk -v v="$verify_secs" -v e="$entries" 'BEGIN { printf "%.2f", 1e6 * v / e }')
ratio=$(div "$import_secs" "$shell_secs")
deleg_ratio=$(div "$delegate_rate" "$import_rate")
# What the targets ask, in seconds, beside what SQLite alone takes.
# The targets of issue 16: import at most 1.3x the shell, delegate at
# least 0.6x the import's rows/s, verify at least 300k entries/s.
import_need=$(awk -v s="$shell_secs" 'BEGIN { printf "%.2f", 1.3 * s }')
delegate_need=$(awk -v e="$entries" -v r="$import_rate" \
    'BEGIN { printf "%.2f", e / (0.6 * r) }')
verify_need=$(awk -v e="$entries" 'BEGIN { printf "%.2f", e / 300000 }')
flat=$(awk -v a="$import_kib" -v b="$small_kib" \
    'BEGIN { d = a > b ? a - b : b - a; printf "%.1f", 100 * d / (a > b ? a : b) }')
# The bound is on every command the bench runs (the floors are SQLite's).
peak=$(printf '%s\n' "$import_kib" "$xlsx_kib" "$sst_kib" "$small_kib" "$verify_kib" \
    "$delegate_kib" "$more_kib" "$since_kib" "$since0_kib" \
    "$stats_kib" "$list_kib" "$export_kib" "$stats_t_kib" "$dept_kib" \
    "$plist_kib" "$ulist_kib" "$show_kib" "$diff_kib" "$hist_kib" \
    "$hsince_kib" "$tenth_kib" "$undo_kib" "$notes_kib" "$asof_kib" \
    "$asrec_kib" "$lasof_kib" "$lasrec_kib" | sort -n | tail -1)

verdict() {	# verdict CONDITION: "holds" or "MISSES"
	if awk "BEGIN { exit !($1) }"; then echo holds; else echo MISSES; fi
}
t_import=$(verdict "$ratio <= 1.3")
t_memory=$(verdict "$peak <= $limit_kib")
# Flat is asked of 100k against 1M; beyond, the WAL index of the one
# transaction grows with the file (8 bytes a page), within the bound.
if [ "$n" -le 1000000 ]; then
	t_flat=$(verdict "$flat <= 10")
else
	t_flat="(asked of 1M)"
fi
t_delegate=$(verdict "$deleg_ratio >= 0.6")
t_verify=$(verdict "$verify_rate >= 300000")
if [ "$more" -gt 0 ]; then
	t_since=$(verdict "$since_each <= 2 * $verify_each")
else
	t_since="(no power left without entries to add)"
fi

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
sqlite_version=$(sqlite3 --version | cut -d' ' -f1)
today=$(date -u +%Y-%m-%d)

report() {
	cat <<EOF
### N = $n powers, $entries delegation entries, shape $shape ($today)

Shape: $(case $shape in
excel) echo "as Excel saves a list: a BOM, CRLF, codes in order within each department." ;;
scattered) echo "a merged list: codes in scattered order, UTF-8 without a BOM, LF." ;;
repeated) echo "the excel powers; each grant revoked and given again: three entries a grant." ;;
esac)

Machine: $(uname -m), ${cpu:-unknown CPU}, $(nproc) CPUs, ${mem:-unknown} memory,
$(uname -sr), SQLite $sqlite_version.  powers.csv: $bytes bytes.  Each import
is the fastest of $repeat runs, the shell's and powers' in turns; the others
run once.  Load average before: $load_before; after: $load_after.

| step | seconds | rows/s | peak MiB | note |
|---|---:|---:|---:|---|
| sqlite3 shell \`.import\` | $shell_secs | $(rate "$n" "$shell_secs") | $(mib "$shell_kib") | STRICT table, same columns, PRIMARY KEY (code) |
| powers import | $import_secs | $import_rate | $(mib "$import_kib") | ${ratio}x the shell's time |
| powers import from .xlsx | $xlsx_secs | $(rate "$n" "$xlsx_secs") | $(mib "$xlsx_kib") | ${xlsx_ratio}x the CSV import's time (asked: at most 2x) |
| powers import from .xlsx, shared strings | $sst_secs | $(rate "$n" "$sst_secs") | $(mib "$sst_kib") | ${sst_ratio}x the CSV import's time; as Excel saves a sheet |
| powers import, $small rows | $small_secs | $(rate "$small" "$small_secs") | $(mib "$small_kib") | peak memory ${flat}% from N's |
| delegate --csv | $delegate_secs | $delegate_rate | $(mib "$delegate_kib") | ${deleg_ratio}x the import's rows/s |
| verify | $verify_secs | $verify_rate | $(mib "$verify_kib") | log entries/s |
| delegate --csv, a later batch | $more_secs | $(rate "$more" "$more_secs") | $(mib "$more_kib") | $more entries into the log of $entries |
| verify --since the head before it | $since_secs | $(rate "$more" "$since_secs") | $(mib "$since_kib") | ${since_share}% of the full verify's time for ${more_share}% of the entries |
| verify --since the head now | $since0_secs | - | $(mib "$since0_kib") | nothing since: what it takes whatever came since |
| stats | $stats_secs | - | $(mib "$stats_kib") | |
| stats (table, every section) | $stats_t_secs | - | $(mib "$stats_t_kib") | |
| stats --by department | $dept_secs | - | $(mib "$dept_kib") | |
| list (table) | $plist_secs | $(rate "$n" "$plist_secs") | $(mib "$plist_kib") | every power |
| list --unit JZ01 (table) | $ulist_secs | - | $(mib "$ulist_kib") | |
| show CODE | $show_secs | - | $(mib "$show_kib") | |
| diff --from 2022-01-01 (table) | $diff_secs | - | $(mib "$diff_kib") | every grant |
| history (table) | $hist_secs | $(rate "$entries" "$hist_secs") | $(mib "$hist_kib") | the whole log |
| history --since 2024-01-01 (table) | $hsince_secs | - | $(mib "$hsince_kib") | |
| positive-list --unit JZ01 | $list_secs | - | $(mib "$list_kib") | $list_rows rows |
| export --what powers (csv) | $export_secs | $(rate "$n" "$export_secs") | $(mib "$export_kib") | |
| import, a tenth renamed, --effective | $tenth_secs | $(rate "$((n / 10))" "$tenth_secs") | $(mib "$tenth_kib") | rows/s of the rows changed |
| undo of it | $undo_secs | $(rate "$((n / 10))" "$undo_secs") | $(mib "$undo_kib") | |
| import, every note changed, --effective | $notes_secs | $(rate "$n" "$notes_secs") | $(mib "$notes_kib") | then $events attribute events |
| stats --as-of 2022-03-03 | $asof_secs | - | $(mib "$asof_kib") | replays the dated events |
| stats --as-of 2022-03-03 --as-recorded yesterday | $asrec_secs | - | $(mib "$asrec_kib") | everything recorded later: cut |
| positive-list --unit JZ01 --as-of 2022-03-03 | $lasof_secs | - | $(mib "$lasof_kib") | |
| the same --as-recorded yesterday | $lasrec_secs | - | $(mib "$lasrec_kib") | |
| SQLite alone: the powers into \`power\` | $floor_import_secs | $(rate "$n" "$floor_import_secs") | $(mib "$floor_import_kib") | INSERT ... SELECT into an empty registry |
| SQLite alone: the powers into a WITHOUT ROWID \`power\` | $floor_alt_secs | $(rate "$n" "$floor_alt_secs") | $(mib "$floor_alt_kib") | the alternative: one B-tree keyed by code |
| SQLite alone: the log into \`delegation\`, \`grant_span\` | $floor_log_secs | $(rate "$entries" "$floor_log_secs") | $(mib "$floor_log_kib") | INSERT ... SELECT into empty copies, their secondary indexes built after |
| SQLite alone: the same, \`grant_span\` WITHOUT ROWID | $floor_span_alt_secs | $(rate "$entries" "$floor_span_alt_secs") | $(mib "$floor_span_alt_kib") | the alternative: keyed by power and start, no \`grant_span_by_power\` |
| SQLite alone: \`PRAGMA integrity_check\` | $floor_verify_secs | $(rate "$entries" "$floor_verify_secs") | $(mib "$floor_verify_kib") | the sqlite3 shell on the registry |

The targets, and in seconds what each asks beside what SQLite alone
takes to do the same writes or checks on this schema:

| target | measured | |
|---|---|---|
| import at most 1.3x the shell's time | ${ratio}x | $t_import: asks ${import_need} s; SQLite alone ${floor_import_secs} s |
| peak memory at most 32 MiB (every command of powers above) | $(mib "$peak") MiB | $t_memory |
| flat: $small and N within 10% | ${flat}% | $t_flat |
| delegate at least 0.6x the import's rows/s | ${deleg_ratio}x | $t_delegate: asks ${delegate_need} s; SQLite alone ${floor_log_secs} s |
| verify at least 300k entries/s | $verify_rate/s | $t_verify: asks ${verify_need} s; SQLite alone ${floor_verify_secs} s |
| verify --since a kept head in proportion to the entries since | ${since_each} µs an entry beyond ${since0_secs} s | $t_since: the full verify ${verify_each} µs an entry |
| one unit's list uses an index | tests/check_plan.c | (make check) |
| and so as of a day before dated changes, and as recorded | tests/check_plan_dated.c | (make check) |
| stats, list, show, diff, history use their indexes | tests/check_plan.c | (make check) |
EOF
}

report
if [ "$results" != "-" ]; then
	# Replace this N's section, keep the others.
	# The excel shape keeps the markers it had before there were shapes.
	key="N=$n"
	[ "$shape" = excel ] || key="N=$n shape=$shape"
	begin="<!-- bench $key -->"
	end="<!-- end $key -->"
	[ -f "$results" ] || printf '%s\n' "# Bench results" "" \
	    "Written by 'make bench' (tests/bench/run.sh); see README.md." \
	    > "$results"
	report > "$dir/section"
	awk -v b="$begin" -v e="$end" -v f="$dir/section" '
	    $0 == b { skip = 1; next }
	    $0 == e { skip = 0; next }
	    !skip { line[++n] = $0 }
	    END {
		while (n > 0 && line[n] == "") n--
		for (i = 1; i <= n; i++) print line[i]
		print ""
		print b
		while ((getline l < f) > 0) print l
		print e
	    }' "$results" > "$dir/results.new"
	mv "$dir/results.new" "$results"
	say "bench: written to $results"
fi
rm -f "$db" "$db-wal" "$db-shm"
