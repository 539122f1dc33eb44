-- An index for 'diff', whose cost must follow the grants it prints, not
-- the registry's size (issue 12, point 6; tests/check_plan.c holds the
-- query to it): the grants that ended between its two dates.  Those that
-- started between them are found through grant_span_by_unit (to_unit,
-- start_date), unit by unit, as 'history --since' finds its entries
-- through delegation_by_to and 'list --category' its powers through
-- power_by_department: each index more is written by every import or
-- delegate (the four first tried cost delegate 17% at 300k).
CREATE INDEX grant_span_by_end ON grant_span (end_date);
