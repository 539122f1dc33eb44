-- The log without a UNIQUE index on hash.  Each hash covers the hash
-- before it, so no two entries can share one; the index only cost every
-- append a write at a random place in a B-tree as large as the log (17 s
-- of the 71 s a batch of 2.45M entries took: tests/bench/RESULTS.md).
-- SQLite cannot drop the index of a column constraint, so the table is
-- rebuilt with every seq and hash kept, the way SQLite's documentation of
-- ALTER TABLE shows (foreign keys are off while a migration runs and are
-- checked before it commits: src/db.c).  The old table is renamed with
-- legacy_alter_table on, which leaves the views and grant_span's foreign
-- keys naming 'delegation', the new table.
PRAGMA legacy_alter_table = ON;
ALTER TABLE delegation RENAME TO delegation_old;
PRAGMA legacy_alter_table = OFF;
CREATE TABLE delegation (
	seq		INTEGER PRIMARY KEY,
	power		TEXT NOT NULL REFERENCES power (code),
	from_unit	TEXT NOT NULL REFERENCES unit (code),
	to_unit		TEXT NOT NULL REFERENCES unit (code),
	mode		TEXT NOT NULL
			CHECK (mode IN ('delegate', 'entrust', 'revoke')),
	document	TEXT NOT NULL CHECK (length(document) > 0),
	effective	TEXT NOT NULL
			CHECK (effective = date(effective)),
	note		TEXT NOT NULL,
	recorded_by	TEXT NOT NULL,
	recorded_at	TEXT NOT NULL,
	batch		TEXT NOT NULL,
	prev_hash	BLOB CHECK (prev_hash IS NULL OR length(prev_hash) = 32),
	hash		BLOB NOT NULL CHECK (length(hash) = 32)
) STRICT;
INSERT INTO delegation SELECT * FROM delegation_old ORDER BY seq;
DROP TABLE delegation_old;
CREATE UNIQUE INDEX delegation_identity
	ON delegation (power, from_unit, to_unit, mode, document, effective);
CREATE INDEX delegation_by_to ON delegation (to_unit, effective);
CREATE TRIGGER delegation_no_update BEFORE UPDATE ON delegation
BEGIN
	SELECT RAISE(ABORT, 'the delegation log is append-only');
END;
CREATE TRIGGER delegation_no_delete BEFORE DELETE ON delegation
BEGIN
	SELECT RAISE(ABORT, 'the delegation log is append-only');
END;
