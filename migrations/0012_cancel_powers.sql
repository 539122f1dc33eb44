-- Cancelled powers (取消, issue 14): a cancellation is an entry of the
-- delegation log, mode 'cancel', so that it is chained with every other
-- entry and covered by 'head' and 'verify' with no chain of its own.  Its
-- from_unit and to_unit are both the power's holder: it takes the power
-- from no one and gives it to no one; from its effective date the power
-- is in no list and no count, its live grants end (grant_span.end_seq is
-- the cancel), and no later entry of it is accepted (src/rules/replay.c).
-- SQLite cannot change a CHECK in place, so the table is rebuilt with
-- every row kept, as migration 0004 did and for the reasons it gives:
-- the old table renamed with legacy_alter_table on leaves the views and
-- grant_span's foreign keys naming 'delegation', the new table.
PRAGMA legacy_alter_table = ON;
ALTER TABLE delegation RENAME TO delegation_old;
PRAGMA legacy_alter_table = OFF;
CREATE TABLE delegation (
	seq		INTEGER PRIMARY KEY,
	power		TEXT NOT NULL REFERENCES power (code),
	from_unit	TEXT NOT NULL REFERENCES unit (code),
	to_unit		TEXT NOT NULL REFERENCES unit (code),
	mode		TEXT NOT NULL CHECK (mode IN
			('delegate', 'entrust', 'revoke', 'cancel')),
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

UPDATE schema_column_doc
SET description = 'delegate (下放), entrust (委托), revoke (收回) or cancel (取消)'
WHERE object = 'log_readable' AND name = 'mode';
UPDATE schema_column_doc
SET description = 'the code of the unit the power goes to (for revoke, is taken from; for cancel, its holder)'
WHERE object = 'log_readable' AND name = 'to_code';
UPDATE schema_column_doc
SET description = 'the code of the unit the power goes from (for cancel, its holder)'
WHERE object = 'log_readable' AND name = 'from_code';
