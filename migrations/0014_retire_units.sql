-- Units that leave the registry's area (issue 14, point 3): 'powers unit
-- retire CODE --effective DATE --document DOC' ends a unit's membership
-- from DATE.  Its live grants end that day by revoke entries of the log,
-- and the end itself is recorded as an import run of units (what =
-- 'units', no row of unit changed) whose attribute changes of the unit
-- are 'retired_from' (old NULL, new DATE), 'retired_document' and
-- 'retired_note'.  So the retirement is in the import chain: the run's
-- hash, and its extra_hash over the changes' digest, are in the head and
-- checked by verify, with no chain or table of its own, and a registry
-- made before this migration keeps its head.  This view is its readable
-- form, one row a retired unit; the rules and the queries as of a date
-- read attribute_change through the unit's own rows
-- (attribute_change_by_code), as DB_MEMBER says in src/db/db_internal.h.
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

INSERT INTO schema_doc (name, kind, description) VALUES
	('unit_retirements', 'view', 'the units retired (unit retire): from which day, on which document');
INSERT INTO schema_column_doc (object, name, description) VALUES
	('unit_retirements', 'unit_code', 'the code of the retired unit'),
	('unit_retirements', 'unit_name', 'its name'),
	('unit_retirements', 'retired_from', 'the first day it is no member: in no list or count by unit'),
	('unit_retirements', 'document', 'the document number (文号) the retirement rests on'),
	('unit_retirements', 'note', 'the note given, or empty'),
	('unit_retirements', 'recorded_by', 'who recorded it'),
	('unit_retirements', 'recorded_at', 'when it was recorded (UTC)'),
	('unit_retirements', 'import_run', 'the import run that records it, in the import chain');
