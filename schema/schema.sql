-- Generated from migrations/ by 'make schema': do not edit.
-- Schema version 18.

CREATE TABLE attribute_change (
	id		INTEGER PRIMARY KEY,
	import_run	INTEGER NOT NULL REFERENCES import_run (id),
	entity		TEXT NOT NULL CHECK (entity IN ('unit', 'power')),
	code		TEXT NOT NULL,
	attribute	TEXT NOT NULL,
	old_value	TEXT,
	new_value	TEXT
, effective TEXT
	CHECK (effective IS NULL OR effective = date(effective))) STRICT;

CREATE TABLE category (
	code		TEXT PRIMARY KEY CHECK (length(code) = 2),
	name		TEXT NOT NULL UNIQUE
) STRICT;

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

CREATE TABLE grant_span (
	power		TEXT NOT NULL,
	to_unit		TEXT NOT NULL,
	from_unit	TEXT NOT NULL,
	mode		TEXT NOT NULL CHECK (mode IN ('delegate', 'entrust')),
	start_seq	INTEGER NOT NULL,
	start_date	TEXT NOT NULL,
	end_seq		INTEGER,
	end_date	TEXT,
	PRIMARY KEY (power, start_seq)
) STRICT;

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
, changes_digest BLOB
	CHECK (changes_digest IS NULL OR length(changes_digest) = 32), zone_digest BLOB
	CHECK (zone_digest IS NULL OR length(zone_digest) = 32), extra_hash BLOB
	CHECK (extra_hash IS NULL OR length(extra_hash) = 32)) STRICT;

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

CREATE TABLE schema_column_doc (
	object		TEXT NOT NULL,
	name		TEXT NOT NULL,
	description	TEXT NOT NULL,
	PRIMARY KEY (object, name)
) STRICT;

CREATE TABLE schema_doc (
	name		TEXT PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('table', 'view')),
	description	TEXT NOT NULL
) STRICT;

CREATE TABLE time_zone (
	id		INTEGER PRIMARY KEY CHECK (id = 1),
	name		TEXT NOT NULL CHECK (length(name) > 0)
) STRICT;

CREATE TABLE time_zone_offset (
	since		INTEGER PRIMARY KEY,
	utc_offset	INTEGER NOT NULL
			CHECK (utc_offset BETWEEN -86400 AND 86400)
) STRICT;

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

CREATE INDEX attribute_change_by_code ON attribute_change (entity, code);

CREATE INDEX attribute_change_by_effective ON attribute_change (effective)
	WHERE effective IS NOT NULL;

CREATE INDEX attribute_change_by_run ON attribute_change (import_run);

CREATE INDEX delegation_by_from ON delegation (from_unit, effective);

CREATE INDEX delegation_by_to ON delegation (to_unit, effective);

CREATE INDEX delegation_cancels ON delegation (power, effective)
	WHERE mode = 'cancel';

CREATE UNIQUE INDEX delegation_identity
	ON delegation (power, from_unit, to_unit, mode, document, effective);

CREATE INDEX grant_span_by_end ON grant_span (end_date);

CREATE INDEX grant_span_by_power
	ON grant_span (power, to_unit, start_date, end_date, mode);

CREATE INDEX grant_span_by_unit
	ON grant_span (to_unit, start_date, end_date, power, mode);

CREATE INDEX power_by_department ON power (department, category, code, class);

CREATE INDEX power_by_holder ON power (holder);

CREATE INDEX unit_by_kind ON unit (kind, code);

CREATE INDEX unit_by_name ON unit (name);

CREATE VIEW grants_readable AS
SELECT g.power AS power_code, p.name AS power_name, p.class,
    g.to_unit AS unit_code, u.name AS unit_name, u.kind AS unit_kind,
    g.from_unit AS from_code, f.name AS from_name, g.mode, e.document,
    g.start_date, g.end_date, g.start_seq, g.end_seq
FROM grant_span g
JOIN power p ON p.code = g.power
JOIN unit u ON u.code = g.to_unit
JOIN unit f ON f.code = g.from_unit
JOIN delegation e ON e.seq = g.start_seq;

CREATE VIEW imports_readable AS
SELECT r.id, r.what, r.file, r.sha256, r.encoding, r.dialect, r.rows,
    r.added, r.changed, r.unchanged, r.absent, r.operator, r.at,
    date(r.at, (SELECT o.utc_offset FROM time_zone_offset o
        WHERE o.since <= CAST(strftime('%s', r.at) AS INTEGER)
        ORDER BY o.since DESC LIMIT 1) || ' seconds') AS at_date,
    lower(hex(r.units_digest)) AS units_digest,
    lower(hex(r.powers_digest)) AS powers_digest,
    CASE WHEN r.prev_hash IS NULL THEN NULL
        ELSE lower(hex(r.prev_hash)) END AS prev_hash,
    lower(hex(r.hash)) AS hash
FROM import_run r;

CREATE VIEW live_grants AS
SELECT * FROM grants_readable
WHERE start_date <= (SELECT date FROM today)
  AND (end_date IS NULL OR end_date > (SELECT date FROM today));

CREATE VIEW log_readable AS
SELECT d.seq, d.effective, d.power AS power_code, p.name AS power_name,
    d.mode, d.from_unit AS from_code, f.name AS from_name,
    d.to_unit AS to_code, t.name AS to_name, d.document, d.note,
    d.recorded_by, d.recorded_at,
    date(d.recorded_at, (SELECT o.utc_offset FROM time_zone_offset o
        WHERE o.since <= CAST(strftime('%s', d.recorded_at) AS INTEGER)
        ORDER BY o.since DESC LIMIT 1) || ' seconds') AS recorded_on,
    d.batch,
    CASE WHEN d.prev_hash IS NULL THEN NULL
        ELSE lower(hex(d.prev_hash)) END AS prev_hash,
    lower(hex(d.hash)) AS hash
FROM delegation d
JOIN power p ON p.code = d.power
JOIN unit f ON f.code = d.from_unit
JOIN unit t ON t.code = d.to_unit;

CREATE VIEW positive_list AS
SELECT g.unit_code, g.unit_name, g.unit_kind, p.department_code,
    p.department_name, p.category_code, p.category_name, g.power_code,
    g.power_name, g.mode, g.document, g.start_date AS effective
FROM live_grants g
JOIN powers_readable p ON p.power_code = g.power_code;

CREATE VIEW powers_readable AS
SELECT p.code AS power_code, p.name AS power_name,
    p.category AS category_code, c.name AS category_name,
    p.department AS department_code, d.name AS department_name, p.class,
    p.legal_basis, p.holder AS holder_code, h.name AS holder_name, p.note
FROM power p
JOIN category c ON c.code = p.category
JOIN unit d ON d.code = p.department
JOIN unit h ON h.code = p.holder;

CREATE VIEW today AS
SELECT date('now', o.utc_offset || ' seconds') AS date, z.name AS time_zone,
    o.utc_offset
FROM time_zone z,
    (SELECT utc_offset FROM time_zone_offset
     WHERE since <= CAST(strftime('%s', 'now') AS INTEGER)
     ORDER BY since DESC LIMIT 1) o;

CREATE VIEW unit_retirements AS
SELECT u.code AS unit_code, u.name AS unit_name, f.new_value AS retired_from,
    d.new_value AS document, coalesce(n.new_value, '') AS note,
    r.operator AS recorded_by, r.at AS recorded_at, r.id AS import_run
FROM unit u
JOIN attribute_change f ON f.entity = 'unit' AND f.code = u.code
    AND f.attribute = 'retired_from'
JOIN import_run r ON r.id = f.import_run
LEFT JOIN attribute_change d ON d.entity = 'unit' AND d.code = u.code
    AND d.import_run = f.import_run AND d.attribute = 'retired_document'
LEFT JOIN attribute_change n ON n.entity = 'unit' AND n.code = u.code
    AND n.import_run = f.import_run AND n.attribute = 'retired_note';

CREATE TRIGGER attribute_change_no_delete BEFORE DELETE ON attribute_change
BEGIN
	SELECT RAISE(ABORT, 'attribute_change is append-only');
END;

CREATE TRIGGER attribute_change_no_update BEFORE UPDATE ON attribute_change
BEGIN
	SELECT RAISE(ABORT, 'attribute_change is append-only');
END;

CREATE TRIGGER delegation_no_delete BEFORE DELETE ON delegation
BEGIN
	SELECT RAISE(ABORT, 'the delegation log is append-only');
END;

CREATE TRIGGER delegation_no_update BEFORE UPDATE ON delegation
BEGIN
	SELECT RAISE(ABORT, 'the delegation log is append-only');
END;

CREATE TRIGGER import_run_no_delete BEFORE DELETE ON import_run
BEGIN
	SELECT RAISE(ABORT, 'import_run is append-only');
END;

CREATE TRIGGER import_run_no_update BEFORE UPDATE ON import_run
BEGIN
	SELECT RAISE(ABORT, 'import_run is append-only');
END;

CREATE TRIGGER power_no_delete BEFORE DELETE ON power
BEGIN
	SELECT RAISE(ABORT, 'powers are never deleted');
END;

CREATE TRIGGER unit_no_delete BEFORE DELETE ON unit
BEGIN
	SELECT RAISE(ABORT, 'units are never deleted');
END;

