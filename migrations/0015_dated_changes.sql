-- Dated changes (issue 14, point 1): each change an import makes to a
-- power or a unit takes effect from a date, 'import --effective DATE'
-- (default today); 'import --correction' makes it hold from the start,
-- as if always so, and so does NULL here: a change recorded before this
-- migration overwrote the row in place and every past answer with it, so
-- it keeps holding from the start and no past answer moves.  A row that
-- an import added is an event too, attribute 'added' (old and new NULL):
-- the row exists from its effective date, from the start when NULL, and
-- as recorded from its import run's time (src/db/db_as_of.c says how the
-- answers as of a date and as recorded on a day read these rows).
-- Chained: the changes digest hashes 'attribute' followed by a line feed
-- and the date when there is one, so that a date given, changed or taken
-- away behind the program's back breaks the last import's digest, while
-- the rows recorded before this migration keep their hashes.
ALTER TABLE attribute_change ADD COLUMN effective TEXT
	CHECK (effective IS NULL OR effective = date(effective));
-- The events that take effect after a day: whether an answer as of that
-- day differs from the rows as they are (db_as_of.c), one search.
CREATE INDEX attribute_change_by_effective ON attribute_change (effective)
	WHERE effective IS NOT NULL;
-- One run's events: its summary, 'undo' and the answers as recorded.
CREATE INDEX attribute_change_by_run ON attribute_change (import_run);

INSERT INTO schema_column_doc (object, name, description) VALUES
	('attribute_change', 'effective', 'the first day the change holds (import --effective); NULL: from the start, as a correction (import --correction) and every change recorded before migration 0015');
