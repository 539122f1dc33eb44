-- An index for 'history --unit' and 'diff --unit' (issue 14, point 6),
-- whose cost must follow the unit's own entries: those a unit of the New
-- Area level gave, as delegation_by_to (to_unit, effective) holds those a
-- new city or street/town was given.  Without it, the entries of the New
-- Area or a department were a scan of the whole log.  Numbered 0013:
-- 0012 is taken by 'cancel', written beside it.
CREATE INDEX delegation_by_from ON delegation (from_unit, effective);
