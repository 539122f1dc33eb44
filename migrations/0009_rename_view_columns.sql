-- The views' columns by one rule, so that a query reads the same in every
-- view.  A power, category or unit that a view names is two columns,
-- X_code and X_name, X its role: power, category, department and holder
-- (a power's), unit (the unit a grant is to, or whose positive list it
-- is), from and to (the units a grant or log entry is from and to).  No
-- view has a bare code, name or role (before: the power's code was
-- 'power', 'code' or 'power_code'; 'from_unit' a name in the views and a
-- code in the tables).  Every other column keeps its table's name.
--
-- Renamed here: powers_readable code, name, category, department, holder
-- to power_code, power_name, category_name, department_name, holder_name;
-- grants_readable and live_grants power, unit, from_unit to power_code,
-- unit_name, from_name; positive_list unit, department, category to
-- unit_name, department_name, category_name; log_readable power,
-- from_unit, to_unit to power_code, from_name, to_name.  today and
-- imports_readable keep theirs.  schema_column_doc says what each view
-- column holds ('powers schema VIEW').
DROP VIEW positive_list;
DROP VIEW live_grants;
DROP VIEW grants_readable;
DROP VIEW powers_readable;
DROP VIEW log_readable;

-- Powers with their category, department and holder named.
CREATE VIEW powers_readable AS
SELECT p.code AS power_code, p.name AS power_name,
    p.category AS category_code, c.name AS category_name,
    p.department AS department_code, d.name AS department_name, p.class,
    p.legal_basis, p.holder AS holder_code, h.name AS holder_name, p.note
FROM power p
JOIN category c ON c.code = p.category
JOIN unit d ON d.code = p.department
JOIN unit h ON h.code = p.holder;

-- Every grant with its start and end, named: the history of who held what.
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

-- The grants live today, in the registry's time zone.
CREATE VIEW live_grants AS
SELECT * FROM grants_readable
WHERE start_date <= (SELECT date FROM today)
  AND (end_date IS NULL OR end_date > (SELECT date FROM today));

-- Today's positive list (正面清单) of every new city and street/town.
CREATE VIEW positive_list AS
SELECT g.unit_code, g.unit_name, g.unit_kind, p.department_code,
    p.department_name, p.category_code, p.category_name, g.power_code,
    g.power_name, g.mode, g.document, g.start_date AS effective
FROM live_grants g
JOIN powers_readable p ON p.power_code = g.power_code;

-- The delegation log, readable, its hashes in hex.
CREATE VIEW log_readable AS
SELECT d.seq, d.effective, d.power AS power_code, p.name AS power_name,
    d.mode, d.from_unit AS from_code, f.name AS from_name,
    d.to_unit AS to_code, t.name AS to_name, d.document, d.note,
    d.recorded_by, d.recorded_at, d.batch,
    CASE WHEN d.prev_hash IS NULL THEN NULL
        ELSE lower(hex(d.prev_hash)) END AS prev_hash,
    lower(hex(d.hash)) AS hash
FROM delegation d
JOIN power p ON p.code = d.power
JOIN unit f ON f.code = d.from_unit
JOIN unit t ON t.code = d.to_unit;

-- A line on every column of every view, for 'powers schema VIEW'.
CREATE TABLE schema_column_doc (
	object		TEXT NOT NULL,
	name		TEXT NOT NULL,
	description	TEXT NOT NULL,
	PRIMARY KEY (object, name)
) STRICT;

INSERT INTO schema_column_doc (object, name, description) VALUES
	('powers_readable', 'power_code', 'the power''s code (事项编码)'),
	('powers_readable', 'power_name', 'the power''s name (事项名称)'),
	('powers_readable', 'category_code', 'its category''s code, GB/T 39046-2020 (01 ... 20)'),
	('powers_readable', 'category_name', 'its category''s name (行政许可 ...)'),
	('powers_readable', 'department_code', 'the code of the department in charge (主管部门)'),
	('powers_readable', 'department_name', 'the name of the department in charge'),
	('powers_readable', 'class', 'economic (经济发展和项目审批类) or social (社会管理类)'),
	('powers_readable', 'legal_basis', 'the law or rule that sets the power (设定依据), or NULL'),
	('powers_readable', 'holder_code', 'the code of the unit that holds it when no grant is live (实施主体)'),
	('powers_readable', 'holder_name', 'the name of that unit'),
	('powers_readable', 'note', 'the note (备注), or NULL'),
	('grants_readable', 'power_code', 'the power''s code'),
	('grants_readable', 'power_name', 'the power''s name'),
	('grants_readable', 'class', 'the power''s class: economic or social'),
	('grants_readable', 'unit_code', 'the code of the unit the power is granted to'),
	('grants_readable', 'unit_name', 'the name of that unit'),
	('grants_readable', 'unit_kind', 'that unit''s kind: new_city or street_town'),
	('grants_readable', 'from_code', 'the code of the unit that granted it'),
	('grants_readable', 'from_name', 'the name of the unit that granted it'),
	('grants_readable', 'mode', 'delegate (下放) or entrust (委托)'),
	('grants_readable', 'document', 'the document (依据文号) of the entry that started the grant'),
	('grants_readable', 'start_date', 'the first day the grant is live'),
	('grants_readable', 'end_date', 'the first day it is no longer live, or NULL while it lasts'),
	('grants_readable', 'start_seq', 'the log entry that started it (log_readable.seq)'),
	('grants_readable', 'end_seq', 'the log entry that ended it, or NULL'),
	('positive_list', 'unit_code', 'the code of the new city or street/town whose list it is'),
	('positive_list', 'unit_name', 'the name of that unit'),
	('positive_list', 'unit_kind', 'that unit''s kind: new_city or street_town'),
	('positive_list', 'department_code', 'the code of the power''s department'),
	('positive_list', 'department_name', 'the name of the power''s department'),
	('positive_list', 'category_code', 'the code of the power''s category'),
	('positive_list', 'category_name', 'the name of the power''s category'),
	('positive_list', 'power_code', 'the power''s code'),
	('positive_list', 'power_name', 'the power''s name'),
	('positive_list', 'mode', 'delegate (下放) or entrust (委托)'),
	('positive_list', 'document', 'the document (依据文号) of the grant'),
	('positive_list', 'effective', 'the day the grant became live'),
	('log_readable', 'seq', 'the entry''s number in the log, from 1'),
	('log_readable', 'effective', 'the day the entry takes effect (实施时间)'),
	('log_readable', 'power_code', 'the power''s code'),
	('log_readable', 'power_name', 'the power''s name'),
	('log_readable', 'mode', 'delegate (下放), entrust (委托) or revoke (收回)'),
	('log_readable', 'from_code', 'the code of the unit the power goes from'),
	('log_readable', 'from_name', 'the name of that unit'),
	('log_readable', 'to_code', 'the code of the unit the power goes to (or, for revoke, is taken from)'),
	('log_readable', 'to_name', 'the name of that unit'),
	('log_readable', 'document', 'the document (依据文号)'),
	('log_readable', 'note', 'the note, or an empty string'),
	('log_readable', 'recorded_by', 'the operator who recorded it (--by)'),
	('log_readable', 'recorded_at', 'when it was recorded, UTC, ISO 8601 with Z'),
	('log_readable', 'batch', 'the batch the entry came in (one delegate run)'),
	('log_readable', 'prev_hash', 'the SHA-256 of the entry before, lowercase hex; NULL for the first'),
	('log_readable', 'hash', 'the entry''s SHA-256, lowercase hex, chained to prev_hash'),
	('today', 'date', 'today''s date in the registry''s time zone'),
	('today', 'time_zone', 'the registry''s time zone, an IANA name'),
	('today', 'utc_offset', 'its offset from UTC now, in seconds east'),
	('imports_readable', 'id', 'the import''s number, from 1'),
	('imports_readable', 'what', 'units or powers'),
	('imports_readable', 'file', 'the file imported, as it was named'),
	('imports_readable', 'sha256', 'the file''s SHA-256, lowercase hex'),
	('imports_readable', 'encoding', 'the encoding it was read in'),
	('imports_readable', 'dialect', 'its delimiter and line ends'),
	('imports_readable', 'rows', 'the rows read'),
	('imports_readable', 'added', 'the rows added'),
	('imports_readable', 'changed', 'the rows changed'),
	('imports_readable', 'unchanged', 'the rows unchanged'),
	('imports_readable', 'absent', 'the registered rows the file did not have'),
	('imports_readable', 'operator', 'who ran it (--by)'),
	('imports_readable', 'at', 'when, UTC, ISO 8601 with Z'),
	('imports_readable', 'units_digest', 'the digest of the unit table after it, lowercase hex'),
	('imports_readable', 'powers_digest', 'the digest of the power table after it, lowercase hex'),
	('imports_readable', 'prev_hash', 'the hash of the import before, lowercase hex; NULL for the first'),
	('imports_readable', 'hash', 'the import''s hash, lowercase hex, chained to prev_hash');
INSERT INTO schema_column_doc (object, name, description)
SELECT 'live_grants', name, description FROM schema_column_doc
WHERE object = 'grants_readable';

INSERT INTO schema_doc (name, kind, description) VALUES
	('schema_column_doc', 'table', 'a line on every column of every view, for ''powers schema VIEW''');
