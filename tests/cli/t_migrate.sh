# migrate: a registry of schema version 3, its log full, brought to the
# latest version with every entry, hash and grant kept; and a registry
# whose foreign keys are broken refused by a migration, left as it was.
#
# A version-3 registry is made from a new one by taking away what 0006
# (the hashes in hex) and 0005 (the time zone) added and putting back what
# migration 0004 took away: the UNIQUE constraint on delegation.hash.

mg=$tmp/migrate
mkdir -p "$mg"
"$powers" --db "$mg/new.db" -q init
"$powers" --db "$mg/new.db" -q unit import "$fixtures/units.csv"
"$powers" --db "$mg/new.db" -q import "$fixtures/powers.csv"
"$powers" --db "$mg/new.db" -q delegate --csv "$fixtures/delegations.csv"
"$powers" --db "$mg/new.db" head > "$mg/head.want"

# mg_dump DB: the log and grants, every byte of them, in order.
mg_dump() {
	sqlite3 "$1" "SELECT seq, power, from_unit, to_unit, mode, document,
	    effective, note, recorded_by, recorded_at, batch, hex(prev_hash),
	    hex(hash) FROM delegation ORDER BY seq;
	    SELECT * FROM grant_span ORDER BY power, start_seq;
	    SELECT count(*) FROM log_readable; SELECT count(*) FROM grants_readable"
}
mg_dump "$mg/new.db" > "$mg/dump.want"

cp "$mg/new.db" "$mg/v3.db"
sqlite3 "$mg/v3.db" "PRAGMA foreign_keys = OFF; PRAGMA legacy_alter_table = ON;
BEGIN;
ALTER TABLE delegation RENAME TO d4;
CREATE TABLE delegation (seq INTEGER PRIMARY KEY,
	power TEXT NOT NULL REFERENCES power (code),
	from_unit TEXT NOT NULL REFERENCES unit (code),
	to_unit TEXT NOT NULL REFERENCES unit (code),
	mode TEXT NOT NULL, document TEXT NOT NULL, effective TEXT NOT NULL,
	note TEXT NOT NULL, recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL,
	batch TEXT NOT NULL, prev_hash BLOB,
	hash BLOB NOT NULL UNIQUE CHECK (length(hash) = 32)) STRICT;
INSERT INTO delegation SELECT * FROM d4;
DROP TABLE d4;
CREATE UNIQUE INDEX delegation_identity
	ON delegation (power, from_unit, to_unit, mode, document, effective);
CREATE INDEX delegation_by_to ON delegation (to_unit, effective);
CREATE TRIGGER delegation_no_update BEFORE UPDATE ON delegation
BEGIN SELECT RAISE(ABORT, 'the delegation log is append-only'); END;
CREATE TRIGGER delegation_no_delete BEFORE DELETE ON delegation
BEGIN SELECT RAISE(ABORT, 'the delegation log is append-only'); END;
$(before_0005)
PRAGMA user_version = 3;
COMMIT;"
name="made a version-3 registry"
got=$(sqlite3 "$mg/v3.db" "SELECT count(*) FROM pragma_index_list('delegation') WHERE origin = 'u'")
[ "$got" = 1 ] && pass || fail "$got UNIQUE constraints on delegation"

expect 5 "version 3 needs migrating" "$powers" --db "$mg/v3.db" list &&
	err_has "run 'powers migrate'"

# A broken foreign key stops the migration, and nothing is written.
cp "$mg/v3.db" "$mg/broken.db"
sqlite3 "$mg/broken.db" "PRAGMA foreign_keys = OFF;
UPDATE power SET holder = 'NOWHERE' WHERE rowid = (SELECT min(rowid) FROM power)"
cp "$mg/broken.db" "$mg/broken.before"
expect 5 "migrate refuses broken foreign keys" "$powers" --db "$mg/broken.db" migrate &&
	err_has "0004_log_without_hash_index" && err_has "power breaks a foreign key"
name="refused migration leaves the registry"; same_file "$mg/broken.before" "$mg/broken.db"

expect 0 "migrate version 3" "$powers" --db "$mg/v3.db" migrate &&
	out_has "applied 0004_log_without_hash_index" && out_has "applied 0006_expose_hashes"
name="no UNIQUE index on the hash"
got=$(sqlite3 "$mg/v3.db" "SELECT count(*) FROM pragma_index_list('delegation') WHERE origin = 'u'")
[ "$got" = 0 ] && pass || fail "$got UNIQUE constraints left"
name="no table left behind"
got=$(sqlite3 "$mg/v3.db" "SELECT count(*) FROM sqlite_schema WHERE name = 'delegation_old'")
[ "$got" = 0 ] && pass || fail "delegation_old is still there"
mg_dump "$mg/v3.db" > "$mg/dump.got"
name="every entry, hash and grant kept"; same_file "$mg/dump.want" "$mg/dump.got"
expect 0 "verify after migrating" "$powers" --db "$mg/v3.db" verify &&
	out_has "4722 log entries chained"
# The head covers the imports' digests of 0007, which the version-3 copy
# lost: the log's part, its count and last hash, is what migrating keeps.
expect 0 "head after migrating" "$powers" --db "$mg/v3.db" head
name="the same count"; [ "$(cut -d' ' -f1 "$mg/head.want")" = "$(cut -d' ' -f1 "$tmp/out")" ] && pass || fail "$(cat "$mg/head.want")"
expect 0 "the log's head kept" "$powers" --db "$mg/v3.db" verify --expect-head \
	"$(sqlite3 "$mg/new.db" "SELECT lower(hex(hash)) FROM delegation ORDER BY seq DESC LIMIT 1")"

# What the rebuilt table still refuses.
name="the log stays append-only"
if sqlite3 "$mg/v3.db" "UPDATE delegation SET note = 'x' WHERE seq = 1" 2>"$mg/err"; then
	fail "an entry was edited"
else
	grep -q 'append-only' "$mg/err" && pass || fail "$(cat "$mg/err")"
fi
name="grant_span still refuses a mode that is no grant"
if sqlite3 "$mg/v3.db" "UPDATE grant_span SET mode = 'revoke'
    WHERE rowid = 1" 2>"$mg/err"; then
	fail "a grant became a revoke"
else
	grep -q 'CHECK constraint' "$mg/err" && pass || fail "$(cat "$mg/err")"
fi
# grant_span has no foreign keys since 0018: a grant that names no entry
# is the replay's to find.
cp "$mg/v3.db" "$mg/dangling.db"
sqlite3 "$mg/dangling.db" "UPDATE grant_span SET start_seq = 999999
    WHERE rowid = 1"
expect 1 "verify names a grant of no entry" "$powers" --db "$mg/dangling.db" \
    verify && err_has "differs from a replay"
code=$(sqlite3 "$mg/v3.db" "SELECT code FROM power WHERE class = 'economic'
    AND code NOT IN (SELECT power FROM delegation) ORDER BY code LIMIT 1")
printf 'power,to,mode,document,effective\n%s,FDXC,delegate,西咸管发〔2026〕1号,2026-01-01\n' "$code" > "$mg/one.csv"
expect 0 "delegate after migrating" "$powers" --db "$mg/v3.db" delegate --csv "$mg/one.csv" &&
	out_has "1 entries appended"
expect 0 "verify after the new entry" "$powers" --db "$mg/v3.db" verify &&
	out_has "4723 log entries chained"
