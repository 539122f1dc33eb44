# verify against edits behind the program's back that t_damage.sh does not
# make: hashes of the wrong size, the import chain renumbered, a damaged
# log with --expect-head, and grant_span loosened (its schema rewritten
# without types or constraints) to hold what a STRICT table cannot: NULLs,
# blobs, integers, empty and long text, rows of powers the log lacks.

v2=$tmp/verify2
mkdir -p "$v2"
"$powers" --db "$v2/good.db" -q init
"$powers" --db "$v2/good.db" -q unit import "$fixtures/units.csv"
"$powers" --db "$v2/good.db" -q import "$fixtures/powers.csv"
"$powers" --db "$v2/good.db" -q delegate --csv "$fixtures/delegations.csv"
sqlite3 "$v2/good.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
rm -f "$v2/good.db-wal" "$v2/good.db-shm"

v2_untrigger="DROP TRIGGER import_run_no_update; DROP TRIGGER import_run_no_delete;
DROP TRIGGER delegation_no_update; DROP TRIGGER delegation_no_delete;
DROP TRIGGER unit_no_delete; DROP TRIGGER power_no_delete; PRAGMA foreign_keys = OFF;
PRAGMA ignore_check_constraints = ON;"
v2_loose="PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql =
'CREATE TABLE grant_span (power, to_unit, from_unit, mode, start_seq, start_date, end_seq, end_date, PRIMARY KEY (power, start_seq))'
WHERE name = 'grant_span'; PRAGMA writable_schema = OFF;"

# err_lacks TEXT: the last command did not print TEXT on stderr.
v2_err_lacks() {
	if grep -qF -- "$1" "$tmp/err"; then fail "stderr has '$1'"; else pass; fi
}

# v2_edit SQL: a copy of the good registry, edited.
v2_edit() {
	cp "$v2/good.db" "$v2/bad.db"
	sqlite3 "$v2/bad.db" "$v2_untrigger $1"
	rm -f "$v2/bad.db-wal" "$v2/bad.db-shm"
}

# v2_damaged NAME TEXT SQL: verify names the edit with TEXT (exit 1).
v2_damaged() {
	v2_edit "$3"
	expect 1 "verify2: $1" "$powers" --db "$v2/bad.db" verify && err_has "$2"
}

# The chain of imports.
v2_damaged "units digest of the wrong size" \
	"import #2: does not match its hash or the chain (expected import #2)" \
	"UPDATE import_run SET units_digest = X'01' WHERE id = 2"
v2_damaged "powers digest of the wrong size" \
	"import #2: does not match its hash or the chain (expected import #2)" \
	"UPDATE import_run SET powers_digest = X'0102' WHERE id = 2"
v2_damaged "an import's hash of the wrong size" "import #1: does not match" \
	"UPDATE import_run SET hash = X'01' WHERE id = 1"
v2_damaged "an import renumbered" \
	"import #5: does not match its hash or the chain (expected import #2)" \
	"UPDATE import_run SET id = 5 WHERE id = 2"
v2_damaged "an import's link of the wrong size" "import #2: does not match" \
	"UPDATE import_run SET prev_hash = X'01' WHERE id = 2"
v2_damaged "a link on the first import" "import #1: does not match" \
	"UPDATE import_run SET prev_hash = hash WHERE id = 1"

# The log's chain.
v2_damaged "an entry's link of the wrong size" \
	"log entry #2: changed behind the program's back" \
	"UPDATE delegation SET prev_hash = X'01' WHERE seq = 2"
v2_damaged "an entry deleted" \
	"log entry #5: found #6 in its place" \
	"DELETE FROM delegation WHERE seq = 5"

# --expect-head: the head is found before the damage, or the damage is
# named alone (not a second time as a truncated log).
first=$(sqlite3 "$v2/good.db" "SELECT lower(hex(hash)) FROM delegation WHERE seq = 1")
last=$(sqlite3 "$v2/good.db" "SELECT lower(hex(hash)) FROM delegation ORDER BY seq DESC LIMIT 1")
rm -f "$v2/good.db-wal" "$v2/good.db-shm"
expect 0 "verify2: --expect-head the first entry" \
	"$powers" --db "$v2/good.db" verify --expect-head "$first"
expect 0 "verify2: --expect-head the last entry" \
	"$powers" --db "$v2/good.db" verify --expect-head "$last"
v2_edit "UPDATE delegation SET note = 'edited' WHERE seq = 3"
expect 1 "verify2: --expect-head past the damage" \
	"$powers" --db "$v2/bad.db" verify --expect-head "$last" &&
	err_has "log entry #3: changed behind the program's back" &&
	v2_err_lacks "holds no state with head"
expect 1 "verify2: --expect-head before the damage" \
	"$powers" --db "$v2/bad.db" verify --expect-head "$first" &&
	err_has "log entry #3" && v2_err_lacks "holds no state with head"
v2_edit "DELETE FROM delegation WHERE seq = (SELECT max(seq) FROM delegation)"
expect 1 "verify2: --expect-head of a deleted last entry" \
	"$powers" --db "$v2/bad.db" verify --expect-head "$last" &&
	err_has "holds no state with head $last"

# grant_span loosened: each odd value is a grant the replay lacks.  The
# new schema holds from the next connection on.
cp "$v2/good.db" "$v2/loose.db"
sqlite3 "$v2/loose.db" "$v2_untrigger $v2_loose"
rm -f "$v2/loose.db-wal" "$v2/loose.db-shm"
# v2_loose_damaged NAME TEXT SQL: as v2_damaged, on the loosened copy.
v2_loose_damaged() {
	cp "$v2/loose.db" "$v2/bad.db"
	sqlite3 "$v2/bad.db" "PRAGMA foreign_keys = OFF; $3"
	rm -f "$v2/bad.db-wal" "$v2/bad.db-shm"
	expect 1 "verify2: $1" "$powers" --db "$v2/bad.db" verify && err_has "$2"
}
p1=$(sqlite3 "$v2/good.db" "SELECT power FROM grant_span ORDER BY power, start_seq LIMIT 1")
# The loosened table is itself a schema the migrations do not create.
expect 1 "verify2: grant_span loosened, nothing else" "$powers" --db "$v2/loose.db" verify &&
	err_has "schema: table 'grant_span' differs from what the migrations create"
g="differs from a replay of the log"
v2_loose_damaged "a grant's mode a blob" "grants: grant of power $p1 to FDXC from entry #1 $g" \
	"UPDATE grant_span SET mode = X'64656c6567617465' WHERE rowid = 1"
v2_loose_damaged "a grant's mode empty" "grants: grant of power $p1 to FDXC from entry #1 $g" \
	"UPDATE grant_span SET mode = '' WHERE rowid = 1"
v2_loose_damaged "a grant's mode 5000 bytes long" "grants: grant of power $p1 to FDXC from entry #1 $g" \
	"UPDATE grant_span SET mode = printf('%.5000c', 'd') WHERE rowid = 1"
v2_loose_damaged "a grant's end an integer" "grants: grant of power $p1 to FDXC from entry #1 $g" \
	"UPDATE grant_span SET end_date = 7 WHERE rowid = 1"
v2_loose_damaged "a grant's start entry text" "grants: grant of power $p1 to FDXC from entry #one $g" \
	"UPDATE grant_span SET start_seq = 'one' WHERE rowid = 1"
v2_loose_damaged "a grant's start entry 40 characters of text" "from entry #$(printf '%031d' 0) $g" \
	"UPDATE grant_span SET start_seq = printf('%.40c', '0') WHERE rowid = 1"
v2_loose_damaged "a grant with no start entry" "grants: grant of power $p1 to FDXC from entry # $g" \
	"UPDATE grant_span SET start_seq = NULL WHERE rowid = 1"
v2_loose_damaged "a grant with no power and no unit" "grants: grant of power  to  from entry #1 $g" \
	"UPDATE grant_span SET power = NULL, to_unit = NULL WHERE rowid = 1"
v2_loose_damaged "a grant's power an integer" "to FDXC from entry #1 $g" \
	"UPDATE grant_span SET power = 5 WHERE rowid = 1"
v2_loose_damaged "a grant's power a blob" "grants: grant of power $p1 to FDXC from entry #1 $g" \
	"UPDATE grant_span SET power = CAST(power AS BLOB) WHERE rowid = 1"
v2_loose_damaged "every grant of a power changed: the least named" \
	"grants: grant of power $p1 to FDXC from entry #1 $g" \
	"UPDATE grant_span SET mode = 'entrust' WHERE power = '$p1'"
v2_loose_damaged "two grants of a power deleted: the least named" \
	"grants: grant of power $p1 to FDXC from entry #1 $g" \
	"DELETE FROM grant_span WHERE power = '$p1' AND start_seq IN (1, 3)"
v2_loose_damaged "two grants of a power moved: the least of each side named" \
	"grants: grant of power $p1 to FDXC from entry #3 $g" \
	"UPDATE grant_span SET mode = 'entrust', to_unit = CASE start_seq WHEN 1 THEN 'QHXC' ELSE 'FDXC' END WHERE power = '$p1' AND start_seq IN (1, 3)"
v2_loose_damaged "two grants deleted, the lesser replayed later: it is named" \
	"grants: grant of power $p1 to KGXC from entry #4 $g" \
	"DELETE FROM grant_span WHERE power = '$p1' AND start_seq IN (3, 4)"
v2_loose_damaged "a grant of a power past the log's last" \
	"grants: grant of power 999999999999 to FDXC from entry #1 $g" \
	"INSERT INTO grant_span VALUES ('999999999999', 'FDXC', 'XXXQ', 'delegate', 1, '2022-02-16', NULL, NULL)"
plast=$(sqlite3 "$v2/good.db" "SELECT max(power) FROM delegation")
rm -f "$v2/good.db-wal" "$v2/good.db-shm"
v2_loose_damaged "the grants of the log's last power deleted" \
	"grants: grant of power $plast to" \
	"DELETE FROM grant_span WHERE power = '$plast'"
