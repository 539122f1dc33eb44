# verify sees everything (issue 12, point 5): what t_damage.sh and
# t_verify2.sh do not touch, each edit made with the sqlite3 shell on a
# copy of a fixture registry: the attribute changes, the categories, the
# schema (views, triggers, indexes), schema_doc, the time zone, a power
# re-hashed into the import chain, and the exit status of a file that is
# not whole.

v3=$tmp/verify3
mkdir -p "$v3"
# A second import of the powers with one note changed, for rows in
# attribute_change.
LC_ALL=C sed '3s/,,\(\r\{0,1\}\)$/,,edited\1/' "$fixtures/powers.csv" > "$v3/powers2.csv"
"$powers" --db "$v3/good.db" -q init
"$powers" --db "$v3/good.db" -q unit import "$fixtures/units.csv"
"$powers" --db "$v3/good.db" -q import "$fixtures/powers.csv"
"$powers" --db "$v3/good.db" -q import "$v3/powers2.csv"
"$powers" --db "$v3/good.db" -q delegate --csv "$fixtures/delegations.csv"
sqlite3 "$v3/good.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
rm -f "$v3/good.db-wal" "$v3/good.db-shm"
name="verify3: the fixture has attribute changes"
n=$(sqlite3 "$v3/good.db" "SELECT count(*) FROM attribute_change")
[ "$n" -gt 0 ] && pass || fail "$n attribute changes"
rm -f "$v3/good.db-wal" "$v3/good.db-shm"
expect 0 "verify3: the fixture verifies" "$powers" --db "$v3/good.db" verify

# v3_sql NAME: the CREATE statement of schema object NAME.
v3_sql() {
	sqlite3 "$v3/good.db" "SELECT sql || ';' FROM sqlite_schema WHERE name = '$1'"
	rm -f "$v3/good.db-wal" "$v3/good.db-shm"
}
# v3_damaged NAME TEXT SQL: verify names the edit with TEXT (exit 1).
v3_damaged() {
	cp "$v3/good.db" "$v3/bad.db"
	sqlite3 "$v3/bad.db" "PRAGMA foreign_keys = OFF; $3"
	rm -f "$v3/bad.db-wal" "$v3/bad.db-shm"
	expect 1 "verify3: $1" "$powers" --db "$v3/bad.db" verify && err_has "$2"
}

# The attribute changes: their triggers dropped for the edit and put
# back as they were, so that only the rows differ.
ac_trig="$(v3_sql attribute_change_no_update) $(v3_sql attribute_change_no_delete)"
ac_drop="DROP TRIGGER attribute_change_no_update; DROP TRIGGER attribute_change_no_delete;"
v3_damaged "an attribute change edited" "attribute_change: " \
	"$ac_drop UPDATE attribute_change SET new_value = 'forged' WHERE id = (SELECT max(id) FROM attribute_change); $ac_trig"
v3_damaged "an attribute change added" "attribute_change: " \
	"INSERT INTO attribute_change (import_run, entity, code, attribute, old_value, new_value) SELECT import_run, entity, code, 'name', 'a', 'b' FROM attribute_change LIMIT 1"
v3_damaged "an attribute change deleted" "attribute_change: " \
	"$ac_drop DELETE FROM attribute_change WHERE id = (SELECT min(id) FROM attribute_change); $ac_trig"

# The digests taken away from the last import, with the change: a run
# after one that has them must have them too.
ir_trig=$(v3_sql import_run_no_update)
v3_damaged "an import's digests taken away" "import #3: does not match" \
	"$ac_drop DROP TRIGGER import_run_no_update; DELETE FROM attribute_change WHERE id = (SELECT min(id) FROM attribute_change); UPDATE import_run SET changes_digest = NULL, zone_digest = NULL, extra_hash = NULL WHERE id = 3; $ac_trig $ir_trig"

# What the migrations write: the categories and schema_doc.
v3_damaged "a category edited" "category: " \
	"UPDATE category SET name = '行政许可（改）' WHERE code = '01'"
v3_damaged "a category added" "category: " \
	"INSERT INTO category (code, name) VALUES ('30', '新类')"
v3_damaged "schema_doc edited" "schema_doc: " \
	"UPDATE schema_doc SET description = 'nothing to see' WHERE name = 'delegation'"
v3_damaged "schema_column_doc edited" "schema_column_doc: " \
	"UPDATE schema_column_doc SET description = 'nothing to see' WHERE object = 'grants_readable' AND name = 'unit_name'"

# The schema: each object as the migrations create it.
gr=$(v3_sql grants_readable | sed 's/;$/ WHERE g.start_seq <> 1;/')
v3_damaged "a view redefined to hide a grant" "view 'grants_readable'" \
	"DROP VIEW live_grants; DROP VIEW positive_list; DROP VIEW grants_readable; $gr $(v3_sql live_grants) $(v3_sql positive_list)"
v3_damaged "a trigger dropped" "trigger 'delegation_no_update'" \
	"DROP TRIGGER delegation_no_update"
v3_damaged "a trigger added" "trigger 'sneaky'" \
	"CREATE TRIGGER sneaky AFTER INSERT ON delegation BEGIN SELECT 1; END"
v3_damaged "an index dropped" "index 'unit_by_name'" \
	"DROP INDEX unit_by_name"
v3_damaged "an index added" "index 'power_by_name'" \
	"CREATE INDEX power_by_name ON power (name)"
v3_damaged "a table added" "table 'extra'" \
	"CREATE TABLE extra (x)"

# The time zone, set at init.
v3_damaged "the time zone renamed" "time_zone: " \
	"UPDATE time_zone SET name = 'UTC'"
v3_damaged "an offset edited" "time_zone: " \
	"UPDATE time_zone_offset SET utc_offset = 0"

# A power edited and re-hashed into the import chain: the chain of a
# registry that imported an edited file, put into a copy of the good one
# with the sqlite3 shell.  It verifies as a whole; only the kept head
# finds it.  The head is kept after more entries, too.
LC_ALL=C sed '4s/,\(\r\{0,1\}\)$/,forged\1/' "$v3/powers2.csv" > "$v3/powers3.csv"
"$powers" --db "$v3/other.db" -q init
"$powers" --db "$v3/other.db" -q unit import "$fixtures/units.csv"
"$powers" --db "$v3/other.db" -q import "$fixtures/powers.csv"
"$powers" --db "$v3/other.db" -q import "$v3/powers3.csv"
rm -f "$v3/other.db-wal" "$v3/other.db-shm"
expect 0 "verify3: head" "$powers" --db "$v3/good.db" head
kept=$(cut -d' ' -f2 "$tmp/out")
name="verify3: head is one hash"
case $kept in
????????????????????????????????????????????????????????????????) pass ;;
*) fail "head '$kept'" ;;
esac
logh=$(sqlite3 "$v3/good.db" "SELECT lower(hex(hash)) FROM delegation ORDER BY seq DESC LIMIT 1")
rm -f "$v3/good.db-wal" "$v3/good.db-shm"
name="verify3: head covers more than the log"
[ "$kept" != "$logh" ] && pass || fail "head is the log's last hash"
cp "$v3/good.db" "$v3/bad.db"
sqlite3 "$v3/bad.db" "ATTACH '$v3/other.db' AS o; PRAGMA foreign_keys = OFF;
DROP TRIGGER import_run_no_delete; DROP TRIGGER attribute_change_no_delete; DROP TRIGGER power_no_delete;
DELETE FROM power; INSERT INTO power SELECT * FROM o.power;
DELETE FROM attribute_change; INSERT INTO attribute_change SELECT * FROM o.attribute_change;
DELETE FROM import_run; INSERT INTO import_run SELECT * FROM o.import_run;
$(v3_sql import_run_no_delete) $(v3_sql attribute_change_no_delete) $(v3_sql power_no_delete)"
rm -f "$v3/bad.db-wal" "$v3/bad.db-shm"
expect 0 "verify3: a re-hashed chain verifies alone" "$powers" --db "$v3/bad.db" verify
expect 1 "verify3: a re-hashed power, with the kept head" \
	"$powers" --db "$v3/bad.db" verify --expect-head "$kept" &&
	err_has "holds no state with head"
expect 0 "verify3: the kept head" "$powers" --db "$v3/good.db" verify --expect-head "$kept"
# A head kept before this change (the log's last hash) still checks.
expect 0 "verify3: a head of the log alone" "$powers" --db "$v3/good.db" verify --expect-head "$logh"
# The registry grows: an import, then entries; the kept head is a state
# it grew from, and so is the head before any entry.
cp "$v3/good.db" "$v3/grown.db"
"$powers" --db "$v3/grown.db" -q import "$v3/powers3.csv"
"$powers" --db "$v3/grown.db" -q delegate 010610001001 --to JZ01 --mode 下放 \
	--document '西咸管发〔2027〕1号' --effective 2027-01-05
expect 0 "verify3: a kept head after growth" "$powers" --db "$v3/grown.db" verify --expect-head "$kept"
"$powers" --db "$v3/other.db" head > "$tmp/h0"
expect 0 "verify3: a head with no entries" "$powers" --db "$v3/other.db" verify --expect-head "$(cut -d' ' -f2 "$tmp/h0")"
"$powers" --db "$v3/grown.db" head > "$tmp/h1"
expect 1 "verify3: a head the registry did not reach" "$powers" --db "$v3/good.db" verify --expect-head "$(cut -d' ' -f2 "$tmp/h1")"

# A file that is not whole is damage (1), not a failure to check (5).
size=$(wc -c < "$v3/good.db")
for keep in 0 50 100 $((size / 2)); do
	cp "$v3/good.db" "$v3/bad.db"
	truncate -s "$keep" "$v3/bad.db"
	expect 1 "verify3: truncated to $keep bytes" "$powers" --db "$v3/bad.db" verify &&
		err_has "is damaged"
done
cp "$v3/good.db" "$v3/bad.db"
printf 'SQLite format 4' | dd of="$v3/bad.db" bs=1 conv=notrunc 2>/dev/null
expect 1 "verify3: a damaged header" "$powers" --db "$v3/bad.db" verify && err_has "is damaged"
# A folder where the registry should be: verify could not check (5).
mkdir -p "$v3/dir.db"
expect 5 "verify3: a folder, not checked" "$powers" --db "$v3/dir.db" verify &&
	err_has "could not check"
