-- Indexes from which every section of 'stats' is read in key order, never
-- by a search of a table's rows for each grant (issue 16: every section
-- under one second at 1M powers, on every shape).  On powers whose codes
-- come in scattered order, power's rows and grant_span's rows lie in an
-- order no other table follows, so a search of either by code, one for
-- each grant, read a random page each: the summary took 21.5 s at 1M
-- (the commit that made this migration has the profile).
--
-- power_by_department carries class: a scan of it gives every power's
-- code and class, 30 MiB in key order, where power itself is 330 MiB, and
-- a department's codes come in order, so each power's next search (its
-- spans, its cancel) reads the page the last one read.  Its leading
-- columns are as before, for 'list --department' and '--category'.
DROP INDEX power_by_department;
CREATE INDEX power_by_department ON power (department, category, code, class);
-- Each power's spans with every column stats reads: whether it has a live
-- grant to a new city is a search of this index alone.  One index more
-- that 'delegate' writes (grant_span's key, power and start_seq, says
-- nothing of the unit or the dates).
CREATE INDEX grant_span_by_power
	ON grant_span (power, to_unit, start_date, end_date, mode);
-- A unit's spans, covering as well: its live grants counted with no row
-- of grant_span read.  The leading columns are as before, for 'diff' and
-- the positive list.
DROP INDEX grant_span_by_unit;
CREATE INDEX grant_span_by_unit
	ON grant_span (to_unit, start_date, end_date, power, mode);
-- The cancellations alone (DB_NOT_CANCELLED in src/db/db_internal.h):
-- whether a power is cancelled is a search of a few pages held in the
-- cache, where delegation_identity holds every entry (213 MiB at 1M).
-- Only a cancel entry is written to it.
CREATE INDEX delegation_cancels ON delegation (power, effective)
	WHERE mode = 'cancel';
