# cancel: powers cancelled (取消) from a date, by hand and from a sheet.
# From that date the power is in no list and no count, its live grants
# end that day and no later entry of it is accepted; before it everything
# is as it was.  The entry is in the log's chain: verify finds an edit of
# it, and a registry made before migration 0012 keeps every entry.
#
# 010610001001 (economic, XQ06) is delegated to the five new cities;
# 010610001002 (economic, held by XXXQ) to none.  Today is 2026-11-26.

cx=$tmp/cancel
mkdir -p "$cx"
fresh "$cx/base.db"
"$powers" --db "$cx/base.db" -q import "$fixtures/powers.csv"
"$powers" --db "$cx/base.db" -q delegate --csv "$fixtures/delegations.csv"
db=$cx/c.db
cp "$cx/base.db" "$db"
doc='西咸管发〔2026〕1号'

# cx_same NAME: the registry is byte for byte the base one.
cx_same() {
	name="$1: nothing written"; same_file "$cx/base.db" "$db"
}
# cx_stats ARGS...: the summary line of stats --format csv.
cx_stats() {
	"$powers" --db "$db" stats --format csv "$@" | sed -n 2p | tr -d '\r'
}

# Usage: no code, no --document, no --effective, a bad date: exit 2.
expect 2 "cancel: no code" "$powers" --db "$db" cancel --effective 2026-01-01 --document "$doc"
expect 2 "cancel: no document" "$powers" --db "$db" cancel 010610001001 --effective 2026-01-01 &&
	err_has "--document"
expect 2 "cancel: no date" "$powers" --db "$db" cancel 010610001001 --document "$doc" &&
	err_has "--effective"
expect 2 "cancel: bad date" "$powers" --db "$db" cancel 010610001001 --effective 2026-02-30 --document "$doc" &&
	err_has "bad --effective '2026-02-30'"
expect 2 "cancel: empty document" "$powers" --db "$db" cancel 010610001001 --effective 2026-01-01 --document ' '
expect 2 "cancel: --to is not an option" "$powers" --db "$db" cancel 010610001001 --effective 2026-01-01 \
	--document "$doc" --to FDXC
cx_same "usage errors"

# Input rejected: an unknown power (exit 3), nothing written.
expect 3 "cancel: unknown power" "$powers" --db "$db" cancel NOPE --effective 2026-01-01 --document "$doc" &&
	err_has "unknown power 'NOPE'"
cx_same "unknown power"

# --dry-run checks and writes nothing.
expect 0 "cancel: dry run" "$powers" --db "$db" cancel 010610001001 --effective 2026-01-01 \
	--document "$doc" --dry-run && out_has "dry run: 1 entries appended" && out_has "nothing written"
cx_same "dry run"

expect 0 "cancel by hand" "$powers" --db "$db" cancel 010610001001 --effective 2026-01-01 \
	--document "$doc" --note '事项取消' && out_has "1 entries appended" && out_has "log: 4723 entries"
expect 0 "verify after a cancel" "$powers" --db "$db" verify && out_has "ok: 4723 log entries"

# The entry: power, the holder on both sides, mode cancel.
name="the cancel entry"
got=$(sqlite3 "$db" "SELECT power, from_unit, to_unit, mode, document, effective, note FROM delegation WHERE seq = 4723")
[ "$got" = "010610001001|XQ06|XQ06|cancel|$doc|2026-01-01|事项取消" ] && pass || fail "$got"
# Its live grants end that day; the one revoked in 2023 keeps its end.
name="live grants end on the cancel's date"
got=$(sqlite3 "$db" "SELECT count(*), min(end_seq) FROM grant_span WHERE power = '010610001001' AND end_date = '2026-01-01'")
[ "$got" = "5|4723" ] && pass || fail "$got"
name="no grant of it live"
got=$(sqlite3 "$db" "SELECT count(*) FROM grant_span WHERE power = '010610001001' AND end_date IS NULL")
[ "$got" = 0 ] && pass || fail "$got"

# Counts: before the date as they were, from it without the power.
name="stats 2022-03-03 kept"
got=$(cx_stats --as-of 2022-03-03)
[ "$got" = "2022-03-03,808,720,89.11,88,120" ] && pass || fail "$got"
name="stats the day before"
got=$(cx_stats --as-of 2025-12-31)
[ "$got" = "2025-12-31,808,720,89.11,88,120" ] && pass || fail "$got"
name="stats from the date"
got=$(cx_stats --as-of 2026-01-01)
[ "$got" = "2026-01-01,807,719,89.10,88,120" ] && pass || fail "$got"
expect 0 "stats by department" "$powers" --db "$db" stats --by department --format csv &&
	out_has "XQ06,住房和城乡建设局,134,120"
expect 0 "stats by department before" "$powers" --db "$db" stats --by department --as-of 2025-12-31 --format csv &&
	out_has "XQ06,住房和城乡建设局,135,121"
expect 0 "stats by new city" "$powers" --db "$db" stats --by new_city --format csv &&
	out_has "FDXC,沣东新城,651,"

# Lists: list, positive-list, export.
expect 0 "list before the date" "$powers" --db "$db" list --department XQ06 --as-of 2025-12-31 --format csv &&
	out_has "010610001001,"
expect 0 "list from the date" "$powers" --db "$db" list --department XQ06 --format csv
name="list: the cancelled power is in no list"
grep -q '^010610001001,' "$tmp/out" && fail "listed" || pass
expect 0 "list of the holder" "$powers" --db "$db" list --unit XQ06 --format csv
name="list --unit: not listed"
grep -q '^010610001001,' "$tmp/out" && fail "listed" || pass
expect 0 "positive list before" "$powers" --db "$db" positive-list --unit FDXC --as-of 2025-12-31 --format csv &&
	out_has ",010610001001,"
expect 0 "positive list after" "$powers" --db "$db" positive-list --unit FDXC --format csv
name="positive list: not listed"
grep -q ',010610001001,' "$tmp/out" && fail "listed" || pass
expect 0 "department's list before" "$powers" --db "$db" positive-list --department XQ06 --as-of 2025-12-31 --format csv &&
	out_has ",010610001001,"
expect 0 "department's list after" "$powers" --db "$db" positive-list --department XQ06 --format csv
name="department's list: at no level"
grep -q ',010610001001,' "$tmp/out" && fail "listed" || pass
expect 0 "export powers before" "$powers" --db "$db" -q export --as-of 2025-12-31 --out "$cx/before.csv" &&
	grep -q '^010610001001,' "$cx/before.csv" && pass || fail "not exported"
expect 0 "export powers after" "$powers" --db "$db" -q export --out "$cx/after.csv"
name="export powers: not exported"
grep -q '^010610001001,' "$cx/after.csv" && fail "exported" || pass
expect 0 "export positive list after" "$powers" --db "$db" -q export --what positive-list --unit FDXC \
	--out "$cx/pl.csv"
name="export positive list: not exported"
grep -q ',010610001001,' "$cx/pl.csv" && fail "exported" || pass

# show says so; history shows the entry.
expect 0 "show a cancelled power" "$powers" --db "$db" show 010610001001 --format csv &&
	out_has "2026-01-01,$doc" && out_has "cancel,XQ06"
expect 0 "history shows the cancel" "$powers" --db "$db" history 010610001001 --format csv &&
	out_has "2026-01-01,010610001001,建筑工程施工许可证核发（新办）,cancel,XQ06"

# A later grant is refused, naming the cancellation; so is one that day.
cp "$db" "$cx/after.db"
expect 3 "grant after a cancel" "$powers" --db "$db" delegate 010610001001 --to FDXC --mode delegate \
	--document 'X〔2026〕9号' --effective 2026-06-01 &&
	err_has "cancelled (取消) from 2026-01-01 by '$doc'"
expect 3 "grant on the cancel's day" "$powers" --db "$db" delegate 010610001001 --to JZ01 --mode delegate \
	--document 'X〔2026〕9号' --effective 2026-01-01 && err_has "cancelled"
expect 3 "revoke after a cancel" "$powers" --db "$db" delegate 010610001001 --to FDXC --mode revoke \
	--document 'X〔2026〕9号' --effective 2026-02-01 && err_has "cancelled"
expect 3 "grant from a sheet after a cancel" "$powers" --db "$db" delegate --csv /dev/stdin <<EOF
power,from,to,mode,document,effective
010610001001,XQ06,JZ01,下放,X〔2026〕9号,2026-03-01
EOF
name="refused grants: nothing written"; same_file "$cx/after.db" "$db"
# Cancelled again, or earlier: refused.
expect 3 "cancel twice" "$powers" --db "$db" cancel 010610001001 --effective 2026-05-01 --document 'X〔2026〕9号' &&
	err_has "cancelled (取消) from 2026-01-01 by '$doc'"
expect 3 "cancel again, earlier" "$powers" --db "$db" cancel 010610001001 --effective 2025-05-01 \
	--document 'X〔2026〕9号' && err_has "#4723" && err_has "cancelled (取消) already from 2025-05-01"
name="refused cancels: nothing written"; same_file "$cx/after.db" "$db"
# An earlier grant is still fine, and ends on the cancel's date.
expect 0 "grant before the cancel" "$powers" --db "$db" delegate 010610001001 --to JZ01 --mode delegate \
	--document 'X〔2025〕3号' --effective 2025-06-01 && out_has "1 entries appended"
name="the earlier grant ends on the cancel's date"
got=$(sqlite3 "$db" "SELECT start_date, end_date, end_seq FROM grant_span WHERE power = '010610001001' AND to_unit = 'JZ01'")
[ "$got" = "2025-06-01|2026-01-01|4723" ] && pass || fail "$got"
expect 0 "verify after a backdated grant" "$powers" --db "$db" verify

# A cancel backdated before a logged grant breaks it: refused.
cp "$cx/base.db" "$cx/early.db"
expect 3 "cancel before a logged grant" "$powers" --db "$cx/early.db" cancel 010610001001 \
	--effective 2024-01-01 --document "$doc" && err_has "#4719"
name="cancel before a logged grant: nothing written"; same_file "$cx/base.db" "$cx/early.db"

# From a sheet: mode cancel or 取消, to empty; the column is still needed.
cp "$cx/base.db" "$db"
printf 'power,from,to,mode,document,effective,note\n010610001001,,,取消,%s,2026-01-01,\n010610001002,,,cancel,%s,2026-01-01,\n' \
	"$doc" "$doc" > "$cx/cancel.csv"
expect 0 "sheet: dry run" "$powers" --db "$db" delegate --csv "$cx/cancel.csv" --dry-run &&
	out_has "dry run: 2 entries appended"
cx_same "sheet dry run"
expect 0 "sheet: cancel two" "$powers" --db "$db" delegate --csv "$cx/cancel.csv" && out_has "2 entries appended"
expect 0 "sheet: again adds nothing" "$powers" --db "$db" delegate --csv "$cx/cancel.csv" &&
	out_has "0 entries appended, 2 already logged"
name="sheet: stats from the date"
got=$(cx_stats)
[ "$got" = "2026-11-26,806,719,89.21,87,120" ] && pass || fail "$got"
name="sheet: stats 2022-03-03 kept"
got=$(cx_stats --as-of 2022-03-03)
[ "$got" = "2022-03-03,808,720,89.11,88,120" ] && pass || fail "$got"
name="sheet: the holder on both sides"
got=$(sqlite3 "$db" "SELECT from_unit || '>' || to_unit FROM delegation WHERE power = '010610001002'")
[ "$got" = "XXXQ>XXXQ" ] && pass || fail "$got"
expect 0 "sheet: verify" "$powers" --db "$db" verify && out_has "ok: 4724 log entries"
printf 'power,mode,document,effective\n010610001003,取消,%s,2026-02-01\n' "$doc" > "$cx/noto.csv"
expect 3 "sheet without a to column" "$powers" --db "$db" delegate --csv "$cx/noto.csv" &&
	err_has "missing column 'to' (承接单位)"
printf 'power,to,mode,document,effective\n010610001003,,取消,%s,2026-02-01\n' "$doc" > "$cx/noto.csv"
expect 0 "sheet: a third cancel" "$powers" --db "$db" delegate --csv "$cx/noto.csv" && out_has "1 entries appended"
printf 'power,to,mode,document,effective\n010610002001,,下放,%s,2026-02-01\n' "$doc" > "$cx/noto2.csv"
expect 3 "a grant needs its to" "$powers" --db "$db" delegate --csv "$cx/noto2.csv" && err_has "empty to (承接单位)"
printf 'power,to,mode,document,effective\n010610002001,FDXC,取消,%s,2026-02-01\n' "$doc" > "$cx/to.csv"
expect 3 "a cancel takes nothing to anyone" "$powers" --db "$db" delegate --csv "$cx/to.csv" &&
	err_has "takes the power from no one and gives it to no one" && err_has "its holder 'XXXQ'"
printf 'power,from,to,mode,document,effective\n010610002001,XXXQ,XXXQ,取消,%s,2026-02-01\n' "$doc" > "$cx/holder.csv"
expect 0 "a cancel may name the holder" "$powers" --db "$db" delegate --csv "$cx/holder.csv" --dry-run &&
	out_has "1 entries appended"
expect 0 "help names cancel" "$powers" delegate --help && out_has "cancel (取消)"
expect 0 "cancel --help" "$powers" cancel --help && out_has "--effective" && out_has "--dry-run"

# An edit of a cancel entry behind the program's back: verify says no.
cx_tamper() {
	cp "$db" "$cx/bad.db"
	sqlite3 "$cx/bad.db" "DROP TRIGGER delegation_no_update; PRAGMA foreign_keys = OFF; $2"
	expect 1 "verify: $1" "$powers" --db "$cx/bad.db" verify
}
cx_tamper "a cancel's date moved" "UPDATE delegation SET effective = '2027-01-01' WHERE mode = 'cancel'" &&
	err_has "log entry #4723"
cx_tamper "a cancel's document changed" "UPDATE delegation SET document = 'X' WHERE seq = 4724" &&
	err_has "log entry #4724"
cx_tamper "a cancel made a revoke" "PRAGMA ignore_check_constraints = ON;
UPDATE delegation SET mode = 'revoke' WHERE seq = 4724" && err_has "log entry #4724"
cx_tamper "a cancelled power's grant live again" \
	"UPDATE grant_span SET end_seq = NULL, end_date = NULL WHERE power = '010610001001' AND to_unit = 'FDXC'" &&
	err_has "grant"

# A registry made before migration 0012: the log's mode allows no cancel
# and log_readable.mode's line is 0009's.  Migrating (0012, then 0013's index) keeps every entry,
# the head, and then takes a cancel.
cp "$cx/base.db" "$cx/v11.db"
sqlite3 "$cx/v11.db" "PRAGMA foreign_keys = OFF; PRAGMA legacy_alter_table = ON;
BEGIN;
ALTER TABLE delegation RENAME TO d11;
$(sed -n '/^CREATE TABLE delegation/,/^) STRICT;/p' "$top/migrations/0004_log_without_hash_index.sql")
INSERT INTO delegation SELECT * FROM d11;
DROP TABLE d11;
$(sed -n '/^CREATE UNIQUE INDEX/,$p' "$top/migrations/0004_log_without_hash_index.sql")
UPDATE schema_column_doc SET description = 'delegate (下放), entrust (委托) or revoke (收回)'
WHERE object = 'log_readable' AND name = 'mode';
$(before_0014)
PRAGMA user_version = 11;
COMMIT;"
"$powers" --db "$cx/base.db" head > "$cx/head.want"
sqlite3 "$cx/base.db" "SELECT * FROM delegation ORDER BY seq; SELECT * FROM grant_span ORDER BY power, start_seq" > "$cx/log.want"
name="made a version-11 registry"
got=$(sqlite3 "$cx/v11.db" "SELECT sql LIKE '%''cancel''%' FROM sqlite_schema WHERE name = 'delegation'")
[ "$got" = 0 ] && pass || fail "$got"
expect 5 "version 11 needs migrating" "$powers" --db "$cx/v11.db" cancel 010610001001 \
	--effective 2026-01-01 --document "$doc" && err_has "run 'powers migrate'"
expect 0 "migrate version 11" "$powers" --db "$cx/v11.db" migrate && out_has "applied 0012_cancel_powers"
sqlite3 "$cx/v11.db" "SELECT * FROM delegation ORDER BY seq; SELECT * FROM grant_span ORDER BY power, start_seq" > "$cx/log.got"
name="migrated: every entry and grant kept"; same_file "$cx/log.want" "$cx/log.got"
expect 0 "migrated: the head kept" "$powers" --db "$cx/v11.db" head
name="migrated: the same head"; same_file "$cx/head.want" "$tmp/out"
expect 0 "migrated: verify" "$powers" --db "$cx/v11.db" verify
expect 0 "migrated: the schema documents cancel" "$powers" --db "$cx/v11.db" schema log_readable &&
	out_has "cancel (取消)"
name="migrated: triggers and indexes kept"
got=$(sqlite3 "$cx/v11.db" "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema WHERE tbl_name = 'delegation' AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name)")
[ "$got" = "delegation_by_from delegation_by_to delegation_cancels delegation_identity delegation_no_delete delegation_no_update" ] && pass || fail "$got"
expect 0 "migrated: a cancel" "$powers" --db "$cx/v11.db" cancel 010610001001 --effective 2026-01-01 \
	--document "$doc" && out_has "1 entries appended"
expect 0 "migrated: verify after a cancel" "$powers" --db "$cx/v11.db" verify
