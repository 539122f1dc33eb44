# Helpers for the CLI tests: run the real binary, check what it printed
# and how it exited.  Sourced by tests/cli/run.sh and the test files.

passed=0
failed=0

# run CMD...: run it, keeping stdout, stderr and the exit status.
run() {
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	status=$?
}

fail() {
	failed=$((failed + 1))
	printf 'FAIL %s: %s\n' "$name" "$*"
	printf '  stdout: %s\n' "$(head -c 600 "$tmp/out")"
	printf '  stderr: %s\n' "$(head -c 600 "$tmp/err")"
}

pass() {
	passed=$((passed + 1))
}

# expect STATUS NAME CMD...: run CMD, check its exit status.
expect() {
	want=$1
	name=$2
	shift 2
	run "$@"
	if [ "$status" -ne "$want" ]; then
		fail "exit $status, wanted $want"
		return 1
	fi
	pass
}

# out_has TEXT / err_has TEXT: the last command printed TEXT (fixed string).
out_has() {
	if grep -qF -- "$1" "$tmp/out"; then pass; else fail "stdout lacks '$1'"; fi
}
err_has() {
	if grep -qF -- "$1" "$tmp/err"; then pass; else fail "stderr lacks '$1'"; fi
}
err_empty() {
	if [ ! -s "$tmp/err" ]; then pass; else fail "stderr not empty"; fi
}
out_empty() {
	if [ ! -s "$tmp/out" ]; then pass; else fail "stdout not empty"; fi
}

# same_file A B: the two files hold the same bytes.
same_file() {
	if cmp -s "$1" "$2"; then pass; else fail "$1 and $2 differ"; fi
}

# fresh DB: a new registry with the fixture units.
fresh() {
	rm -f "$1" "$1-wal" "$1-shm"
	"$powers" --db "$1" -q init >/dev/null &&
	"$powers" --db "$1" -q unit import "$fixtures/units.csv" >/dev/null
}

# db_header FILE: bytes 18 and 19 of an SQLite file, "1 1" (a rollback
# journal) or "2 2" (WAL).
db_header() {
	od -An -tu1 -j18 -N2 "$1" | tr -s ' ' | sed 's/^ //; s/ $//'
}

# dump DB: the registry's content as text, to compare two registries.
dump() {
	sqlite3 "$1" .dump
}

# before_0008: the SQL that takes away the indexes of migration 0008.
before_0008() {
	sed -n 's/^CREATE INDEX \([a-z_]*\) .*/DROP INDEX IF EXISTS \1;/p' \
	    "$top"/migrations/0008_*.sql
}

# before_0017: the SQL that gives back the indexes migration 0017 changed
# and takes away those it made, for a registry made new and taken back to
# an older version.
before_0017() {
	echo "DROP INDEX IF EXISTS grant_span_by_power;
DROP INDEX IF EXISTS delegation_cancels;
DROP INDEX power_by_department;
CREATE INDEX power_by_department ON power (department, category, code);
DROP INDEX grant_span_by_unit;
CREATE INDEX grant_span_by_unit ON grant_span (to_unit, start_date);"
}

# before_0015: the SQL that takes away what migration 0015 added (the
# events' dates, their indexes and documentation), for a registry made new
# and taken back to version 14.  Its changes must be undated (imported
# with --correction), as every change was before 0015: a date taken away
# would break the changes digest.
before_0015() {
	before_0017
	echo "DROP INDEX attribute_change_by_effective;
DROP INDEX attribute_change_by_run;
ALTER TABLE attribute_change DROP COLUMN effective;
DELETE FROM schema_column_doc WHERE object = 'attribute_change';"
}

# before_0014: the SQL that takes away the view of migration 0014 and its
# documentation (and what 0015 did), for a registry made new and taken
# back to version 13.
before_0014() {
	before_0015
	echo "DROP VIEW unit_retirements;
DELETE FROM schema_column_doc WHERE object = 'unit_retirements';
DELETE FROM schema_doc WHERE name = 'unit_retirements';"
}

# before_0013: the SQL that takes away the index of migration 0013 (and
# what 0014 did), for a registry made new and taken back to an older
# version.
before_0013() {
	before_0014
	sed -n 's/^CREATE INDEX \([a-z_]*\) .*/DROP INDEX IF EXISTS \1;/p' \
	    "$top"/migrations/0013_*.sql
}

# before_0009: the SQL that takes a new registry back to version 6, taking
# away what migrations 0009 (the views' columns renamed), 0008 (indexes)
# and 0007 (the digests of changes and zone) did, and 0013 (an index)
# after them: each view gets back its definition of 0003, 0005
# (live_grants) or 0006 (log_readable).
before_0009() {
	before_0013
	before_0008
	echo "ALTER TABLE import_run DROP COLUMN extra_hash;
ALTER TABLE import_run DROP COLUMN zone_digest;
ALTER TABLE import_run DROP COLUMN changes_digest;
DROP VIEW positive_list; DROP VIEW live_grants; DROP VIEW grants_readable;
DROP VIEW powers_readable; DROP VIEW log_readable; DROP TABLE schema_column_doc;
DELETE FROM schema_doc WHERE name = 'schema_column_doc';"
	for v in powers_readable grants_readable positive_list; do
		sed -n "/^CREATE VIEW $v/,/;\$/p" "$top/migrations/0003_create_views.sql"
	done
	sed -n '/^CREATE VIEW live_grants/,/;$/p' "$top/migrations/0005_add_time_zone.sql"
	sed -n '/^CREATE VIEW log_readable/,/;$/p' "$top/migrations/0006_expose_hashes.sql"
}

# before_0005: the SQL that takes a new registry back to version 4, taking
# away what migrations 0009 to 0007 (before_0009), 0006 (the hashes in
# hex) and 0005 (the time zone) did, for tests that make an old registry
# by hand.  log_readable gets back its definition of 0003.
before_0005() {
	before_0009
	echo "DROP VIEW imports_readable;
DELETE FROM schema_doc WHERE name = 'imports_readable';
DROP VIEW log_readable;"
	sed -n '/^CREATE VIEW log_readable/,/;$/p' "$top/migrations/0003_create_views.sql"
	echo "UPDATE schema_doc SET description = 'the delegation log with power and unit names'
WHERE name = 'log_readable';
DROP VIEW today; DROP TABLE time_zone_offset; DROP TABLE time_zone;
DROP VIEW live_grants;
CREATE VIEW live_grants AS SELECT * FROM grants_readable
WHERE start_date <= date('now') AND (end_date IS NULL OR end_date > date('now'));
DELETE FROM schema_doc WHERE name IN ('time_zone', 'time_zone_offset', 'today');
UPDATE schema_doc SET description = 'the grants live today' WHERE name = 'live_grants';"
}
