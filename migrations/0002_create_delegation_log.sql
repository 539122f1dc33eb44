-- The delegation log: one row per event, appended and never changed, each
-- chained to the one before by SHA-256 (hash covers prev_hash and every
-- other column; computed by the program, src/db_log.c).  The current and
-- past state of every power is a replay of this log.
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
	hash		BLOB NOT NULL UNIQUE CHECK (length(hash) = 32)
) STRICT;
-- An entry identical to one logged is skipped, so a batch run twice adds
-- nothing: this index finds it, and refuses a second copy.
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

-- Grants as spans of time, derived from the log by replay: a grant is live
-- on day D when start_date <= D and (end_date IS NULL or D < end_date).
-- Kept so that "who exercises what as of D" is an indexed lookup; verify
-- checks that it equals a fresh replay.
CREATE TABLE grant_span (
	power		TEXT NOT NULL REFERENCES power (code),
	to_unit		TEXT NOT NULL REFERENCES unit (code),
	from_unit	TEXT NOT NULL REFERENCES unit (code),
	mode		TEXT NOT NULL CHECK (mode IN ('delegate', 'entrust')),
	start_seq	INTEGER NOT NULL REFERENCES delegation (seq),
	start_date	TEXT NOT NULL,
	end_seq		INTEGER REFERENCES delegation (seq),
	end_date	TEXT,
	PRIMARY KEY (power, start_seq)
) STRICT;
CREATE INDEX grant_span_by_unit ON grant_span (to_unit, start_date);

-- Units and powers are never deleted: they are history too.
CREATE TRIGGER unit_no_delete BEFORE DELETE ON unit
BEGIN
	SELECT RAISE(ABORT, 'units are never deleted');
END;
CREATE TRIGGER power_no_delete BEFORE DELETE ON power
BEGIN
	SELECT RAISE(ABORT, 'powers are never deleted');
END;
