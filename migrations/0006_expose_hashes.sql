-- The hashes as lowercase hex in the views, the form 'powers head' and
-- 'verify' print and the one a person can compare; the tables keep the
-- 32 bytes.  log_readable gains each entry's hash and the hash before
-- it (NULL for the first); imports_readable is import_run with its
-- digests and hashes in hex.  Columns are only added at the end, so a
-- query naming log_readable's columns reads what it read before.
DROP VIEW log_readable;
CREATE VIEW log_readable AS
SELECT d.seq, d.effective, d.power, p.name AS power_name, d.mode,
    d.from_unit AS from_code, f.name AS from_unit, d.to_unit AS to_code,
    t.name AS to_unit, d.document, d.note, d.recorded_by, d.recorded_at,
    d.batch,
    CASE WHEN d.prev_hash IS NULL THEN NULL
        ELSE lower(hex(d.prev_hash)) END AS prev_hash,
    lower(hex(d.hash)) AS hash
FROM delegation d
JOIN power p ON p.code = d.power
JOIN unit f ON f.code = d.from_unit
JOIN unit t ON t.code = d.to_unit;

CREATE VIEW imports_readable AS
SELECT r.id, r.what, r.file, r.sha256, r.encoding, r.dialect, r.rows,
    r.added, r.changed, r.unchanged, r.absent, r.operator, r.at,
    lower(hex(r.units_digest)) AS units_digest,
    lower(hex(r.powers_digest)) AS powers_digest,
    CASE WHEN r.prev_hash IS NULL THEN NULL
        ELSE lower(hex(r.prev_hash)) END AS prev_hash,
    lower(hex(r.hash)) AS hash
FROM import_run r;

UPDATE schema_doc
SET description = 'the delegation log with power and unit names, hashes in hex'
WHERE name = 'log_readable';
INSERT INTO schema_doc (name, kind, description) VALUES
	('imports_readable', 'view', 'every import, its digests and hashes in hex');
