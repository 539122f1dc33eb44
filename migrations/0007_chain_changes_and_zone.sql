-- What the import chain did not cover: the attribute changes and the
-- time zone.  Each import written from now on records changes_digest (the
-- XOR of every attribute_change row's hash, the rows of runs before it
-- included), zone_digest (the hash of time_zone and time_zone_offset),
-- and extra_hash, the SHA-256 of the run's hash and both digests, so that
-- 'powers verify' finds a change of either made behind the program's
-- back.  The run's own hash is left as it was, so that the runs written
-- before this migration (all three NULL) stay checkable; once a run has
-- them every later run must.  The first import after this migration
-- covers the older changes.  The categories and schema_doc are written by
-- the migrations alone: verify compares them with what the migrations
-- create, as it does every table, view, index and trigger.
ALTER TABLE import_run ADD COLUMN changes_digest BLOB
	CHECK (changes_digest IS NULL OR length(changes_digest) = 32);
ALTER TABLE import_run ADD COLUMN zone_digest BLOB
	CHECK (zone_digest IS NULL OR length(zone_digest) = 32);
ALTER TABLE import_run ADD COLUMN extra_hash BLOB
	CHECK (extra_hash IS NULL OR length(extra_hash) = 32);
