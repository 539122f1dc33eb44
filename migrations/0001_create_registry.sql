-- The registry: units, the categories of powers, powers, and the record of
-- every import.  Codes are TEXT: leading zeros matter.  Every table is
-- STRICT; row_hash is the SHA-256 of a row's canonical content, computed
-- by the program (src/hash.c), so that 'powers verify' finds a row changed
-- behind the program's back.

-- A unit (单位): the New Area, one of its departments, a new city or a
-- street/town.  'within' is for grouping only: a street/town lies in a new
-- city's territory but is managed by the New Area.
CREATE TABLE unit (
	code		TEXT PRIMARY KEY
			CHECK (length(code) > 0 AND code = trim(code)),
	name		TEXT NOT NULL CHECK (length(name) > 0),
	kind		TEXT NOT NULL CHECK (kind IN
			('new_area', 'department', 'new_city', 'street_town')),
	parent		TEXT REFERENCES unit (code),
	within		TEXT REFERENCES unit (code),
	row_hash	BLOB NOT NULL CHECK (length(row_hash) = 32)
) STRICT;
CREATE INDEX unit_by_name ON unit (name);
CREATE INDEX unit_by_kind ON unit (kind, code);

-- Categories of powers, GB/T 39046-2020.
CREATE TABLE category (
	code		TEXT PRIMARY KEY CHECK (length(code) = 2),
	name		TEXT NOT NULL UNIQUE
) STRICT;
INSERT INTO category (code, name) VALUES
	('01', '行政许可'),
	('02', '行政处罚'),
	('03', '行政强制'),
	('04', '行政征收'),
	('05', '行政给付'),
	('06', '行政检查'),
	('07', '行政确认'),
	('08', '行政奖励'),
	('09', '行政裁决'),
	('10', '其他行政权力'),
	('20', '公共服务');

-- A power (事权): 'holder' is who exercised it at import, the New Area or
-- one of its departments; grants to new cities and streets/towns are in
-- the delegation log.
CREATE TABLE power (
	code		TEXT PRIMARY KEY
			CHECK (length(code) > 0 AND code = trim(code)),
	name		TEXT NOT NULL CHECK (length(name) > 0),
	category	TEXT NOT NULL REFERENCES category (code),
	department	TEXT NOT NULL REFERENCES unit (code),
	class		TEXT NOT NULL CHECK (class IN ('economic', 'social')),
	legal_basis	TEXT NOT NULL,
	holder		TEXT NOT NULL REFERENCES unit (code),
	note		TEXT NOT NULL,
	row_hash	BLOB NOT NULL CHECK (length(row_hash) = 32)
) STRICT;
CREATE INDEX power_by_department ON power (department, category, code);
CREATE INDEX power_by_holder ON power (holder);

-- Every import that was written: where it came from, what it did, who ran
-- it and when.  units_digest and powers_digest are the XOR of every row's
-- row_hash after the import; each run is chained to the one before by
-- SHA-256 (hash covers prev_hash and every other column).
CREATE TABLE import_run (
	id		INTEGER PRIMARY KEY,
	what		TEXT NOT NULL CHECK (what IN ('units', 'powers')),
	file		TEXT NOT NULL,
	sha256		TEXT NOT NULL CHECK (length(sha256) = 64),
	encoding	TEXT NOT NULL,
	dialect		TEXT NOT NULL,
	rows		INTEGER NOT NULL CHECK (rows >= 0),
	added		INTEGER NOT NULL,
	changed		INTEGER NOT NULL,
	unchanged	INTEGER NOT NULL,
	absent		INTEGER NOT NULL,
	operator	TEXT NOT NULL,
	at		TEXT NOT NULL,
	units_digest	BLOB NOT NULL CHECK (length(units_digest) = 32),
	powers_digest	BLOB NOT NULL CHECK (length(powers_digest) = 32),
	prev_hash	BLOB CHECK (prev_hash IS NULL OR length(prev_hash) = 32),
	hash		BLOB NOT NULL CHECK (length(hash) = 32)
) STRICT;

-- Each attribute an import changed, with its old and new value; when and
-- by whom are in import_run.
CREATE TABLE attribute_change (
	id		INTEGER PRIMARY KEY,
	import_run	INTEGER NOT NULL REFERENCES import_run (id),
	entity		TEXT NOT NULL CHECK (entity IN ('unit', 'power')),
	code		TEXT NOT NULL,
	attribute	TEXT NOT NULL,
	old_value	TEXT,
	new_value	TEXT
) STRICT;
CREATE INDEX attribute_change_by_code ON attribute_change (entity, code);

-- The record of imports is history: never rewritten.
CREATE TRIGGER import_run_no_update BEFORE UPDATE ON import_run
BEGIN
	SELECT RAISE(ABORT, 'import_run is append-only');
END;
CREATE TRIGGER import_run_no_delete BEFORE DELETE ON import_run
BEGIN
	SELECT RAISE(ABORT, 'import_run is append-only');
END;
CREATE TRIGGER attribute_change_no_update BEFORE UPDATE ON attribute_change
BEGIN
	SELECT RAISE(ABORT, 'attribute_change is append-only');
END;
CREATE TRIGGER attribute_change_no_delete BEFORE DELETE ON attribute_change
BEGIN
	SELECT RAISE(ABORT, 'attribute_change is append-only');
END;
