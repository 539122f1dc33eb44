# Time: the product has no test hooks; the test build takes them.

tm=$tmp/time
mkdir -p "$tm"

# The product has no test hooks: not in its strings, and without effect.
for hook in POWERS_NOW POWERS_TEST_FAIL_AFTER_ROWS; do
	name="release binary has no $hook"
	strings "$release" | grep -q "$hook" && fail "'strings' finds $hook" || pass
done
rm -f "$tm/rel.db"
POWERS_NOW=2031-05-05T12:34:56Z "$release" --db "$tm/rel.db" -q init
POWERS_NOW=2031-05-05T12:34:56Z "$release" --db "$tm/rel.db" -q unit import "$fixtures/units.csv"
POWERS_NOW=2031-05-05T12:34:56Z "$release" --db "$tm/rel.db" -q import "$fixtures/powers.csv"
POWERS_NOW=2031-05-05T12:34:56Z "$release" --db "$tm/rel.db" -q delegate 010510007000 \
    --to FDXC --mode delegate --document '西咸管发〔2026〕9号' --effective 2026-12-01
name="release binary ignores POWERS_NOW"
got=$(sqlite3 "$tm/rel.db" "SELECT count(*) FROM import_run WHERE at LIKE '2031%';
    SELECT count(*) FROM delegation WHERE recorded_at LIKE '2031%'; SELECT count(*) FROM import_run")
[ "$got" = "0
0
2" ] && pass || fail "recorded: $got"
expect 0 "release binary ignores POWERS_TEST_FAIL_AFTER_ROWS" env POWERS_TEST_FAIL_AFTER_ROWS=0 "$release" --db "$tm/rel.db" \
    -q export --out "$tm/rel.csv"
# The test build takes them (else the tests above prove nothing).
expect 5 "test build takes POWERS_TEST_FAIL_AFTER_ROWS" env POWERS_TEST_FAIL_AFTER_ROWS=0 "$powers" --db "$tm/rel.db" \
    -q export --out "$tm/rel.csv" && err_has "failing after 0 rows"
expect 0 "test build takes POWERS_NOW" env POWERS_NOW=2031-05-05T12:34:56Z "$powers" --db "$tm/rel.db" stats --format csv &&
	out_has "2031-05-05,"
