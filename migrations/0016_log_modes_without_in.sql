-- The log's CHECK on mode as comparisons, not an IN list (issue 16).
-- SQLite 3.40 checks an IN list of more than two values against a table
-- in memory that it builds again at each run of the statement: one
-- temporary B-tree opened, filled and closed for every entry appended,
-- 30% of the instructions of a batch (callgrind of a delegate of 100k
-- powers with scattered codes: the commit that made this migration).
-- The comparisons accept and refuse the same values.  SQLite cannot
-- change a CHECK in place, so the table is rebuilt with every row kept,
-- as migrations 0004 and 0012 did and for the reasons they give, with
-- the indexes and triggers it had.
PRAGMA legacy_alter_table = ON;
ALTER TABLE delegation RENAME TO delegation_old;
PRAGMA legacy_alter_table = OFF;
CREATE TABLE delegation (
	seq		INTEGER PRIMARY KEY,
	power		TEXT NOT NULL REFERENCES power (code),
	from_unit	TEXT NOT NULL REFERENCES unit (code),
	to_unit		TEXT NOT NULL REFERENCES unit (code),
	mode		TEXT NOT NULL CHECK (mode = 'delegate' OR
			mode = 'entrust' OR mode = 'revoke' OR mode = 'cancel'),
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
CREATE INDEX delegation_by_from ON delegation (from_unit, effective);
CREATE TRIGGER delegation_no_update BEFORE UPDATE ON delegation
BEGIN
	SELECT RAISE(ABORT, 'the delegation log is append-only');
END;
CREATE TRIGGER delegation_no_delete BEFORE DELETE ON delegation
BEGIN
	SELECT RAISE(ABORT, 'the delegation log is append-only');
END;
