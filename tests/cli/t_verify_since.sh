# verify --since HASH (issue 16): from a head kept with 'powers head', only
# what was recorded after it, so that a large registry is checked often
# at the cost of its growth; and what it leaves out, which only a full
# verify sees.

vs=$tmp/verify_since
mkdir -p "$vs"
# The fixture's log in two batches: the head is kept between them.
head -n 3001 "$fixtures/delegations.csv" > "$vs/first.csv"
{ head -n 1 "$fixtures/delegations.csv"; tail -n +3002 "$fixtures/delegations.csv"; } > "$vs/second.csv"
"$powers" --db "$vs/good.db" -q init
"$powers" --db "$vs/good.db" -q unit import "$fixtures/units.csv"
"$powers" --db "$vs/good.db" -q import "$fixtures/powers.csv"
"$powers" --db "$vs/good.db" -q delegate --csv "$vs/first.csv"
kept=$("$powers" --db "$vs/good.db" head | cut -d' ' -f2)
"$powers" --db "$vs/good.db" -q delegate --csv "$vs/second.csv"
sqlite3 "$vs/good.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
rm -f "$vs/good.db-wal" "$vs/good.db-shm"

expect 0 "verify_since: the entries since the kept head" \
	"$powers" --db "$vs/good.db" verify --since "$kept" &&
	out_has "ok: 1722 log entries since the kept head (#3000) chained"
now=$("$powers" --db "$vs/good.db" head | cut -d' ' -f2)
expect 0 "verify_since: from the head itself, nothing to chain" \
	"$powers" --db "$vs/good.db" verify --since "$now" &&
	out_has "ok: 0 log entries since the kept head (#4722) chained"
expect 0 "verify_since: quiet" "$powers" --db "$vs/good.db" -q verify --since "$kept" &&
	out_empty

expect 2 "verify_since: not hex" "$powers" --db "$vs/good.db" verify --since xyz &&
	err_has "bad --since 'xyz'"
expect 2 "verify_since: not with --expect-head" \
	"$powers" --db "$vs/good.db" verify --since "$kept" --expect-head "$kept" &&
	err_has "--since and --expect-head"
other=0000000000000000000000000000000000000000000000000000000000000001
expect 1 "verify_since: a head the registry never had" \
	"$powers" --db "$vs/good.db" verify --since "$other" &&
	err_has "holds no state with head $other"

# vs_edit NAME SQL: a copy of the registry with SQL applied behind the
# program's back (the log's triggers dropped), in bad.db.
# The triggers are put back as they were, so that only the rows differ.
vs_triggers=$(sqlite3 "$vs/good.db" "SELECT group_concat(sql || ';', ' ')
    FROM sqlite_schema WHERE name IN ('delegation_no_update', 'delegation_no_delete')")
rm -f "$vs/good.db-wal" "$vs/good.db-shm"
vs_edit() {
	cp "$vs/good.db" "$vs/bad.db"
	sqlite3 "$vs/bad.db" "PRAGMA foreign_keys = OFF;
	    DROP TRIGGER delegation_no_update; DROP TRIGGER delegation_no_delete; $1;
	    $vs_triggers"
	rm -f "$vs/bad.db-wal" "$vs/bad.db-shm"
}

# vs_found NAME SQL TEXT: --since finds the edit SQL, and says TEXT.
vs_found() {
	vs_edit "$2"
	expect 1 "verify_since: $1" "$powers" --db "$vs/bad.db" verify --since "$kept" &&
	    err_has "$3"
}
vs_found "an entry edited since" "UPDATE delegation SET note = 'edited' WHERE seq = 4000" \
	"log entry #4000: changed behind the program's back"
vs_found "the kept head's own entry edited" \
	"UPDATE delegation SET note = 'edited' WHERE seq = 3000" \
	"log entry #3000: changed behind the program's back"
vs_found "an entry since deleted" "DELETE FROM delegation WHERE seq = 4000" \
	"log entry #4000: found #4001 in its place"
vs_found "a grant of a power touched since" \
	"DELETE FROM grant_span WHERE start_seq = (SELECT max(start_seq) FROM grant_span)" \
	"differs from a replay"

# What --since leaves out: an entry before the kept head, a grant of a
# power no entry since touches.  The full verify finds both.
vs_edit "UPDATE delegation SET note = 'edited' WHERE seq = 10"
expect 0 "verify_since: an entry before the head is not read" \
	"$powers" --db "$vs/bad.db" verify --since "$kept"
expect 1 "verify_since: the full verify finds it" "$powers" --db "$vs/bad.db" verify &&
	err_has "log entry #10: changed behind the program's back"
vs_edit "DELETE FROM grant_span WHERE power NOT IN (SELECT power FROM delegation WHERE seq > 3000) AND rowid = (SELECT min(rowid) FROM grant_span WHERE power NOT IN (SELECT power FROM delegation WHERE seq > 3000))"
expect 0 "verify_since: a grant of a power untouched since is not read" \
	"$powers" --db "$vs/bad.db" verify --since "$kept"
expect 1 "verify_since: the full verify finds it" "$powers" --db "$vs/bad.db" verify &&
	err_has "differs from a replay"

# An import since the kept head rewrote what the grants rest on: the
# whole registry is checked, and the output says so.
cp "$vs/good.db" "$vs/grown.db"
LC_ALL=C sed '3s/,,\(\r\{0,1\}\)$/,,edited\1/' "$fixtures/powers.csv" > "$vs/powers2.csv"
"$powers" --db "$vs/grown.db" -q import "$vs/powers2.csv"
expect 0 "verify_since: an import since: the whole registry" \
	"$powers" --db "$vs/grown.db" verify --since "$kept" &&
	out_has "an import since the kept head: ok: 4722 log entries chained"
