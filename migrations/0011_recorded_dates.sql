-- The dates beside recorded times (issue 12, point 3): recorded times are
-- UTC, and the day a clerk in the registry's time zone recorded an entry
-- or ran an import is the date there, not the UTC date (at 07:30 in
-- Beijing it is still yesterday in UTC).  log_readable gains recorded_on
-- and imports_readable at_date: the date of the recorded time in the
-- registry's zone, with the UTC offset in force at that instant
-- (time_zone_offset, whose primary key 'since' finds it by a search).
DROP VIEW log_readable;
DROP VIEW imports_readable;

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

INSERT INTO schema_column_doc (object, name, description) VALUES
	('log_readable', 'recorded_on', 'the date it was recorded, in the registry''s time zone'),
	('imports_readable', 'at_date', 'the date of the import, in the registry''s time zone');
