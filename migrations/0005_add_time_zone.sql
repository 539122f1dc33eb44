-- The registry's time zone: "today" is the date there, whatever the
-- machine's or the user's zone.  'powers init --timezone ZONE' chooses it
-- (an IANA name); a registry made before this migration gets the default,
-- Asia/Shanghai.
--
-- SQLite knows no IANA zone, so the zone's UTC offsets are kept beside its
-- name: time_zone_offset holds the offset in force from each change on,
-- from 1970 to 2100, as the machine's zone data gave them at init.  The
-- view 'today' reads the offset in force now, so that live_grants and
-- positive_list mean today in the registry's zone in the plain sqlite3
-- shell too.  Their limit: a zone whose rules change after init (a country
-- dropping summer time) keeps the offsets of init.  Asia/Shanghai has kept
-- UTC+8 all year since 1991; the row below is its offset.
CREATE TABLE time_zone (
	id		INTEGER PRIMARY KEY CHECK (id = 1),
	name		TEXT NOT NULL CHECK (length(name) > 0)
) STRICT;
INSERT INTO time_zone (id, name) VALUES (1, 'Asia/Shanghai');

-- since: seconds from 1970-01-01T00:00:00Z (UTC); utc_offset: seconds east
-- of UTC from then until the next row's since.  The first row starts at
-- 0001-01-01.
CREATE TABLE time_zone_offset (
	since		INTEGER PRIMARY KEY,
	utc_offset	INTEGER NOT NULL
			CHECK (utc_offset BETWEEN -86400 AND 86400)
) STRICT;
INSERT INTO time_zone_offset (since, utc_offset) VALUES (-62135596800, 28800);

-- Today in the registry's time zone, with the zone and its offset now.
CREATE VIEW today AS
SELECT date('now', o.utc_offset || ' seconds') AS date, z.name AS time_zone,
    o.utc_offset
FROM time_zone z,
    (SELECT utc_offset FROM time_zone_offset
     WHERE since <= CAST(strftime('%s', 'now') AS INTEGER)
     ORDER BY since DESC LIMIT 1) o;

-- The grants live today, in the registry's time zone (positive_list
-- reads this view, so it follows).
DROP VIEW live_grants;
CREATE VIEW live_grants AS
SELECT * FROM grants_readable
WHERE start_date <= (SELECT date FROM today)
  AND (end_date IS NULL OR end_date > (SELECT date FROM today));

INSERT INTO schema_doc (name, kind, description) VALUES
	('time_zone', 'table', 'the registry''s time zone (IANA name, init --timezone); today is the date there'),
	('time_zone_offset', 'table', 'the zone''s UTC offset in seconds from each change on (since: seconds from 1970, UTC), 1970-2100'),
	('today', 'view', 'today''s date in the registry''s time zone, the zone and its UTC offset now');
UPDATE schema_doc SET description = 'the grants live today (view today: the registry''s time zone)'
WHERE name = 'live_grants';
