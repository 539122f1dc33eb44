# Read-only access to the live registry (issue 12, point 4): a rollback
# journal and no free pages (src/db/db_journal.c).  Read commands create no
# file; a refused write leaves every byte; a write cut off by a kill is
# rolled back by the next reader that may write, and said to be so where
# it may not; a registry made in WAL mode is brought over by migrate.

ro=$tmp/readonly
mkdir -p "$ro/live"
rdb=$ro/live/r.db
fresh "$rdb"
"$powers" --db "$rdb" -q import "$fixtures/powers.csv"
"$powers" --db "$rdb" -q delegate --csv "$fixtures/delegations.csv"

# ro_files DIR: the names in DIR, on one line.
ro_files() {
	ls -a "$1" | tr '\n' ' '
}

name="the live registry is in rollback mode"
[ "$(db_header "$rdb")" = "1 1" ] && pass || fail "header bytes $(db_header "$rdb")"
name="the live registry keeps no free page"
[ "$(sqlite3 "$rdb" 'PRAGMA auto_vacuum')" = 1 ] && pass || fail "auto_vacuum $(sqlite3 "$rdb" 'PRAGMA auto_vacuum')"

for c in "list" "show 010310001000" "history" "stats" "positive-list --kind new_city" \
    "diff --from 2022-01-01" "schema" "export --out -" "verify" "head" "migrate --status"; do
	# shellcheck disable=SC2086
	expect 0 "live registry: $c" "$powers" --db "$rdb" $c
done
expect 0 "live registry: sql" "$powers" --db "$rdb" sql "SELECT count(*) FROM power"
name="read commands on the live registry create no file"
[ "$(ro_files "$ro/live")" = ". .. r.db " ] && pass || fail "$(ro_files "$ro/live")"
expect 0 "sqlite3 -readonly on the live registry" sqlite3 -readonly "$rdb" "SELECT count(*) FROM power"
name="sqlite3 -readonly created no file"
[ "$(ro_files "$ro/live")" = ". .. r.db " ] && pass || fail "$(ro_files "$ro/live")"

# Pages freed by a write go back at its commit, so that a refused write,
# rolled back, cannot leave bytes in a reused free page: an import that
# shortens every note, then one refused at its last line.
{ echo code,note; sqlite3 "$rdb" "SELECT code || ',短' FROM power ORDER BY code"; } > "$ro/short.csv"
awk -F, 'NR == 1 { print; next } { printf "%s,", $1; for (i = 0; i < 200; i++) printf "长"; print "" }' \
    "$ro/short.csv" > "$ro/long.csv"
# (As corrections, undated: the registry is taken back to version 9 below,
# and a change recorded then had no date.)
expect 0 "long notes" "$powers" --db "$rdb" -q import --correction "$ro/long.csv"
expect 0 "short notes" "$powers" --db "$rdb" -q import --correction "$ro/short.csv"
name="no free page after a write that freed some"
[ "$(sqlite3 "$rdb" 'PRAGMA freelist_count')" = 0 ] && pass || fail "$(sqlite3 "$rdb" 'PRAGMA freelist_count') free pages"
cp "$ro/long.csv" "$ro/refused.csv"
printf '010310001000,\001\n' >> "$ro/refused.csv"
cp "$rdb" "$ro/before.db"
expect 3 "an import refused at its last line" "$powers" --db "$rdb" -q import "$ro/refused.csv"
name="the refused import left every byte"; same_file "$ro/before.db" "$rdb"
name="the refused import left no file"
[ "$(ro_files "$ro/live")" = ". .. r.db " ] && pass || fail "$(ro_files "$ro/live")"

# A write cut off: a sqlite3 shell killed in a transaction whose pages
# spilled into the file leaves a hot journal.  The shell reads from a FIFO
# held open, so that it waits with no child and dies by the signal alone.
ro_cut() {
	rm -f "$1-journal" "$ro/cut.fifo"
	mkfifo "$ro/cut.fifo"
	sqlite3 "$1" < "$ro/cut.fifo" >/dev/null 2>&1 &
	cut_pid=$!
	exec 4>"$ro/cut.fifo"
	printf 'PRAGMA cache_size = 10;\nBEGIN;\nUPDATE power SET note = hex(randomblob(400));\nSELECT 1;\n' >&4
	tries=0
	while [ ! -s "$1-journal" ] && [ "$tries" -lt 200 ]; do sleep 0.1; tries=$((tries + 1)); done
	# The UPDATE runs to its end before the shell reads on: wait for that.
	sleep 1
	kill -9 "$cut_pid" 2>/dev/null
	wait "$cut_pid" 2>/dev/null
	exec 4>&-
	rm -f "$ro/cut.fifo"
	[ -s "$1-journal" ]
}
mkdir -p "$ro/cut"
cp "$rdb" "$ro/cut/r.db"
dump "$ro/cut/r.db" > "$ro/cut.want"
name="a write cut off leaves a hot journal"
if ro_cut "$ro/cut/r.db"; then
	pass
	expect 0 "a read after a write was cut off" "$powers" --db "$ro/cut/r.db" stats
	name="the cut-off write was rolled back"
	[ ! -e "$ro/cut/r.db-journal" ] && [ "$(dump "$ro/cut/r.db")" = "$(cat "$ro/cut.want")" ] && pass ||
	    fail "$(ro_files "$ro/cut")"
	if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1 &&
	    setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
		chmod 711 "$tmp"
		chmod 755 "$ro" "$ro/cut"
		ro_cut "$ro/cut/r.db"
		chmod 644 "$ro/cut/r.db" "$ro/cut/r.db-journal"
		expect 5 "nobody: a read after a write was cut off" setpriv --reuid=nobody --regid=nogroup \
		    --clear-groups "$powers" --db "$ro/cut/r.db" stats &&
		err_has "was cut off" && err_has "may write to the registry and its folder"
		name="nobody's cut-off registry: not called 'not a powers registry'"
		grep -q "not a powers registry" "$tmp/err" && fail "said so" || pass
		name="nobody's read left the journal for its owner"
		[ -s "$ro/cut/r.db-journal" ] && pass || fail "$(ro_files "$ro/cut")"
		expect 0 "its owner's read rolls it back" "$powers" --db "$ro/cut/r.db" -q verify
		chmod 700 "$tmp"
	fi
else
	fail "no hot journal made"
fi

# A registry made in WAL mode with free pages kept (schema version 9, by
# an older powers): refused until migrated, then in rollback mode, whole.
mkdir -p "$ro/old"
cp "$rdb" "$ro/old/r.db"
"$powers" --db "$ro/old/r.db" head > "$ro/old.head"
# (Migration 0011 adds two lines of column documentation and 0013 an
# index: taken away, so that they apply as to a registry of version 9.)
sqlite3 "$ro/old/r.db" "DELETE FROM schema_column_doc WHERE name IN ('recorded_on', 'at_date');
$(before_0013)
PRAGMA auto_vacuum = NONE; VACUUM; PRAGMA journal_mode = WAL; PRAGMA user_version = 9" >/dev/null
name="made a WAL registry at version 9"
[ "$(db_header "$ro/old/r.db")" = "2 2" ] && pass || fail "header $(db_header "$ro/old/r.db")"
expect 5 "a version-9 registry needs migrating" "$powers" --db "$ro/old/r.db" stats &&
	err_has "run 'powers migrate'"
expect 0 "migrate a WAL registry" "$powers" --db "$ro/old/r.db" migrate && out_has "0010_rollback_journal"
name="migrated: rollback mode"
[ "$(db_header "$ro/old/r.db")" = "1 1" ] && pass || fail "header $(db_header "$ro/old/r.db")"
name="migrated: no free page kept"
[ "$(sqlite3 -readonly "$ro/old/r.db" 'PRAGMA auto_vacuum')" = 1 ] && pass || fail "auto_vacuum"
name="migrated: nothing left beside it"
[ "$(ro_files "$ro/old")" = ". .. r.db " ] && pass || fail "$(ro_files "$ro/old")"
expect 0 "migrated: verify" "$powers" --db "$ro/old/r.db" -q verify
name="migrated: the head is the registry's"
[ "$("$powers" --db "$ro/old/r.db" head)" = "$(cat "$ro/old.head")" ] && pass || fail "head changed"
