-- Indexes for the reads whose cost must follow what they print, not the
-- registry's size (issue 12, point 6; tests/check_plan.c holds each query
-- to them): 'diff' finds the grants that started or ended between its two
-- dates, 'history --since/--until' the entries of a span of days, and
-- 'list --category' the powers of one category.
CREATE INDEX grant_span_by_start ON grant_span (start_date);
CREATE INDEX grant_span_by_end ON grant_span (end_date);
CREATE INDEX delegation_by_effective ON delegation (effective);
CREATE INDEX power_by_category ON power (category, code);
