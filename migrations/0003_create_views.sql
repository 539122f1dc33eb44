-- Views for analysts: English column names, stable across versions, each
-- described in schema_doc (printed by 'powers schema').  "Today" in a view
-- is SQLite's date('now'), in UTC; the commands take --as-of instead.

-- One line on every table and view, for 'powers schema' and for analysts.
CREATE TABLE schema_doc (
	name		TEXT PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('table', 'view')),
	description	TEXT NOT NULL
) STRICT;

-- Powers with their category, department and holder named.
CREATE VIEW powers_readable AS
SELECT p.code, p.name, p.category AS category_code, c.name AS category,
    p.department AS department_code, d.name AS department, p.class,
    p.legal_basis, p.holder AS holder_code, h.name AS holder, p.note
FROM power p
JOIN category c ON c.code = p.category
JOIN unit d ON d.code = p.department
JOIN unit h ON h.code = p.holder;

-- Every grant with its start and end, named: the history of who held what.
CREATE VIEW grants_readable AS
SELECT g.power, p.name AS power_name, p.class, g.to_unit AS unit_code,
    u.name AS unit, u.kind AS unit_kind, g.from_unit AS from_code,
    f.name AS from_unit, g.mode, e.document, g.start_date, g.end_date,
    g.start_seq, g.end_seq
FROM grant_span g
JOIN power p ON p.code = g.power
JOIN unit u ON u.code = g.to_unit
JOIN unit f ON f.code = g.from_unit
JOIN delegation e ON e.seq = g.start_seq;

-- The grants live today.
CREATE VIEW live_grants AS
SELECT * FROM grants_readable
WHERE start_date <= date('now')
  AND (end_date IS NULL OR end_date > date('now'));

-- Today's positive list (正面清单) of every new city and street/town.
CREATE VIEW positive_list AS
SELECT g.unit_code, g.unit, g.unit_kind, p.department_code, p.department,
    p.category_code, p.category, g.power AS power_code,
    g.power_name, g.mode, g.document, g.start_date AS effective
FROM live_grants g
JOIN powers_readable p ON p.code = g.power;

-- The delegation log, readable.
CREATE VIEW log_readable AS
SELECT d.seq, d.effective, d.power, p.name AS power_name, d.mode,
    d.from_unit AS from_code, f.name AS from_unit, d.to_unit AS to_code,
    t.name AS to_unit, d.document, d.note, d.recorded_by, d.recorded_at,
    d.batch
FROM delegation d
JOIN power p ON p.code = d.power
JOIN unit f ON f.code = d.from_unit
JOIN unit t ON t.code = d.to_unit;

INSERT INTO schema_doc (name, kind, description) VALUES
	('unit', 'table', 'units: the New Area, its departments, new cities, streets/towns'),
	('category', 'table', 'categories of powers, GB/T 39046-2020 (01 行政许可 ... 20 公共服务)'),
	('power', 'table', 'powers (事权): code, name, category, department, class, legal basis, holder'),
	('import_run', 'table', 'every import: file, SHA-256, encoding, counts, operator, time; chained'),
	('attribute_change', 'table', 'each attribute an import changed, old and new value'),
	('delegation', 'table', 'the delegation log: append-only, hash-chained entries'),
	('grant_span', 'table', 'grants as time spans, a replay of the log (live: start_date <= D < end_date)'),
	('schema_doc', 'table', 'this list: one line on every table and view'),
	('powers_readable', 'view', 'powers with category, department and holder names'),
	('grants_readable', 'view', 'every grant, past and present, with names and document'),
	('live_grants', 'view', 'the grants live today'),
	('positive_list', 'view', 'today''s positive list (正面清单) of every new city and street/town'),
	('log_readable', 'view', 'the delegation log with power and unit names');
