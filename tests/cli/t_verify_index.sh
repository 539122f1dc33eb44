# verify finds an index that does not hold its table's entries (issue 16):
# quick_check, which verify runs in place of integrity_check, does not
# compare an index with its table, so verify sums both.  Each index is
# damaged behind the program's back with the sqlite3 shell: its CREATE
# statement swapped for one over other columns, the index rebuilt by
# REINDEX as that one, and the statement put back, so that the schema
# and every table are as they were and quick_check still says ok.

vi=$tmp/verify_index
mkdir -p "$vi"
"$powers" --db "$vi/good.db" -q init
"$powers" --db "$vi/good.db" -q unit import "$fixtures/units.csv"
"$powers" --db "$vi/good.db" -q import "$fixtures/powers.csv"
# A second import with one note changed, for rows in attribute_change.
LC_ALL=C sed '3s/,,\(\r\{0,1\}\)$/,,edited\1/' "$fixtures/powers.csv" > "$vi/powers2.csv"
"$powers" --db "$vi/good.db" -q import "$vi/powers2.csv"
"$powers" --db "$vi/good.db" -q delegate --csv "$fixtures/delegations.csv"
sqlite3 "$vi/good.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
rm -f "$vi/good.db-wal" "$vi/good.db-shm"
expect 0 "verify_index: the fixture verifies" "$powers" --db "$vi/good.db" verify

# vi_swap INDEX OTHER: rebuild INDEX as the CREATE statement OTHER, then
# put its own statement back.
vi_swap() {
	cp "$vi/good.db" "$vi/bad.db"
	own=$(sqlite3 "$vi/bad.db" "SELECT sql FROM sqlite_schema WHERE name = '$1'" |
	    sed "s/'/''/g")
	sqlite3 "$vi/bad.db" "PRAGMA writable_schema = ON;
	    UPDATE sqlite_schema SET sql = '$2' WHERE name = '$1';"
	sqlite3 "$vi/bad.db" "REINDEX \"$1\";"
	sqlite3 "$vi/bad.db" "PRAGMA writable_schema = ON;
	    UPDATE sqlite_schema SET sql = '$own' WHERE name = '$1';"
	rm -f "$vi/bad.db-wal" "$vi/bad.db-shm"
}

# vi_damaged NAME INDEX OTHER: verify finds INDEX rebuilt as OTHER, and
# tells it as integrity_check does (exit 1); quick_check alone does not.
vi_damaged() {
	vi_swap "$2" "$3"
	name="verify_index: $1: quick_check alone says ok"
	q=$(sqlite3 "$vi/bad.db" 'PRAGMA quick_check')
	rm -f "$vi/bad.db-wal" "$vi/bad.db-shm"
	[ "$q" = ok ] && pass || fail "quick_check: $q"
	expect 1 "verify_index: $1" "$powers" --db "$vi/bad.db" verify &&
	    err_has "integrity_check: " && err_has "is damaged"
}

vi_damaged "an index of power over another column" power_by_holder \
    "CREATE INDEX power_by_holder ON power (department)"
vi_damaged "the unique index of the log over fewer columns" \
    delegation_identity \
    "CREATE UNIQUE INDEX delegation_identity ON delegation (power, from_unit, to_unit, mode, document, note)"
vi_damaged "an index of grant_span over another column" grant_span_by_end \
    "CREATE INDEX grant_span_by_end ON grant_span (start_date)"
vi_damaged "a partial index over the rows it leaves out" attribute_change_by_effective \
    "CREATE INDEX attribute_change_by_effective ON attribute_change (effective) WHERE effective IS NULL"
vi_damaged "an index of unit over another column" unit_by_name \
    "CREATE INDEX unit_by_name ON unit (code)"

name="verify_index: the damaged file is left as it was"
vi_swap power_by_holder "CREATE INDEX power_by_holder ON power (department)"
cp "$vi/bad.db" "$vi/before.db"
"$powers" --db "$vi/bad.db" verify >/dev/null 2>&1
cmp -s "$vi/bad.db" "$vi/before.db" && pass || fail "verify wrote to the file"
