# Bulk writes: a first import and a first batch of the log build their
# secondary indexes after their rows (src/db/db_bulk.c).  The test build
# does so from row $POWERS_TEST_BULK_ROWS on, so that the fixtures take
# the path of a file of a million rows.  The rules, their messages and
# exit codes, the schema after the commit, the refusal that leaves every
# byte, and a kill before the commit that leaves the registry as it was.

bk=$tmp/bulk
mkdir -p "$bk"

# schema_of DB: every object of the registry, as verify compares them.
schema_of() {
	sqlite3 "$1" "SELECT type, name, tbl_name, sql FROM sqlite_schema
	    ORDER BY type, name"
}

# The registry written the usual way, its indexes kept up row by row.
fresh "$bk/live.db"
"$powers" --db "$bk/live.db" -q import "$fixtures/powers.csv"
"$powers" --db "$bk/live.db" -q delegate --csv "$fixtures/delegations.csv"

# The same written in bulk: the same schema, rows and grants after it.
fresh "$bk/bulk.db"
expect 0 "a first import in bulk" env POWERS_TEST_BULK_ROWS=100 \
    "$powers" --db "$bk/bulk.db" import "$fixtures/powers.csv" &&
	out_has "928 powers: 928 new"
expect 0 "a first batch in bulk" env POWERS_TEST_BULK_ROWS=100 \
    "$powers" --db "$bk/bulk.db" delegate --csv "$fixtures/delegations.csv" &&
	out_has "4722 entries appended"
name="bulk: the schema as a row-by-row write leaves it"
schema_of "$bk/live.db" > "$bk/live.schema"
schema_of "$bk/bulk.db" > "$bk/bulk.schema"
same_file "$bk/live.schema" "$bk/bulk.schema"
name="bulk: the powers and grants as a row-by-row write leaves them"
# (A batch's id and so its hashes differ from run to run.)
for q in "rowid, code, name, category, department, class, legal_basis,
    holder, note, hex(row_hash) FROM power ORDER BY rowid" \
    "* FROM grant_span ORDER BY power, start_seq" \
    "seq, power, from_unit, to_unit, mode, document, effective, note,
    recorded_by, recorded_at FROM delegation ORDER BY seq"; do
	sqlite3 "$bk/live.db" "SELECT $q" >> "$bk/live.rows"
	sqlite3 "$bk/bulk.db" "SELECT $q" >> "$bk/bulk.rows"
done
same_file "$bk/live.rows" "$bk/bulk.rows"
expect 0 "bulk: verify" "$powers" --db "$bk/bulk.db" verify &&
	out_has "ok: 4722 log entries"
# The indexes made again are searched as before.
expect 0 "bulk: one unit's list" "$powers" --db "$bk/bulk.db" positive-list \
    --unit JZ01 --format csv
name="bulk: one unit's list, as row by row"
"$powers" --db "$bk/live.db" positive-list --unit JZ01 --format csv > "$bk/live.list"
same_file "$bk/live.list" "$tmp/out"

# A duplicate code after the indexes were dropped: the primary key still
# names the line, exit 3, and the rollback leaves every byte.
fresh "$bk/dup.db"
cp "$bk/dup.db" "$bk/dup-before.db"
expect 3 "bulk: a duplicate code" env POWERS_TEST_BULK_ROWS=2 \
    "$powers" --db "$bk/dup.db" import "$bad/duplicate-code.csv" &&
	err_has "$bad/duplicate-code.csv:5: code '010619001000' already on line 2"
err_has "nothing written"
name="bulk: a refused import leaves the registry"
same_file "$bk/dup-before.db" "$bk/dup.db"

# An entry that breaks a rule late in a first batch: its line named,
# exit 3, every byte as before.
fresh "$bk/rule.db"
"$powers" --db "$bk/rule.db" -q import "$fixtures/powers.csv"
cp "$fixtures/delegations.csv" "$bk/late.csv"
# With the fixture's line ends (CRLF).
printf '010310001000,XXXQ,NOWHERE,下放,西咸新区发〔2022〕5号,2022-02-16,\r\n' \
    >> "$bk/late.csv"
cp "$bk/rule.db" "$bk/rule-before.db"
expect 3 "bulk: a broken rule on the last line" env POWERS_TEST_BULK_ROWS=100 \
    "$powers" --db "$bk/rule.db" delegate --csv "$bk/late.csv" &&
	err_has "late.csv:4724: unknown to 'NOWHERE'"
name="bulk: a refused batch leaves the registry"
same_file "$bk/rule-before.db" "$bk/rule.db"

# Killed with the indexes made again but not committed, the rows of the
# write in the file (a cache of a few pages): the journal takes the
# registry back to what it was, and the write runs whole after.
fresh "$bk/kill.db"
dump "$bk/kill.db" > "$bk/kill-before.dump"
expect 137 "bulk: an import killed before its commit" env \
    POWERS_TEST_BULK_ROWS=100 POWERS_TEST_BULK_KILL=1 \
    "$powers" --db "$bk/kill.db" import "$fixtures/powers.csv"
name="bulk: a killed import left the registry"
[ -f "$bk/kill.db-journal" ] && pass || fail "no journal left to roll back"
expect 0 "bulk: verify after the killed import" "$powers" --db "$bk/kill.db" verify
name="bulk: the killed import left nothing"
dump "$bk/kill.db" > "$bk/kill-after.dump"
same_file "$bk/kill-before.dump" "$bk/kill-after.dump"
"$powers" --db "$bk/kill.db" -q import "$fixtures/powers.csv"
dump "$bk/kill.db" > "$bk/kill-before.dump"
expect 137 "bulk: a batch killed before its commit" env \
    POWERS_TEST_BULK_ROWS=100 POWERS_TEST_BULK_KILL=1 \
    "$powers" --db "$bk/kill.db" delegate --csv "$fixtures/delegations.csv"
expect 0 "bulk: verify after the killed batch" "$powers" --db "$bk/kill.db" verify
name="bulk: the killed batch left nothing"
dump "$bk/kill.db" > "$bk/kill-after.dump"
same_file "$bk/kill-before.dump" "$bk/kill-after.dump"
expect 0 "bulk: the batch again, whole" env POWERS_TEST_BULK_ROWS=100 \
    "$powers" --db "$bk/kill.db" delegate --csv "$fixtures/delegations.csv" &&
	out_has "4722 entries appended"
name="bulk: the schema after the killed writes"
schema_of "$bk/kill.db" > "$bk/kill.schema"
same_file "$bk/live.schema" "$bk/kill.schema"

# A first import whose file leaves out the legal basis and the note and
# has empty classes and holders: the read-ahead thread gives each new
# row the defaults and hashes it there; the hash is of the row written.
{
	printf '事项编码,事项名称,事项类型,主管部门,事权类别,实施主体\n'
	i=0
	while [ "$i" -lt 300 ]; do
		case $((i % 3)) in
		0) printf '09%04d,事项%d,行政许可,XQ01,,\n' "$i" "$i" ;;
		1) printf '09%04d,事项%d,行政许可,XQ01,社会管理类,\n' "$i" "$i" ;;
		*) printf '09%04d,事项%d,行政许可,XQ01,,XQ01\n' "$i" "$i" ;;
		esac
		i=$((i + 1))
	done
} > "$bk/defaults.csv"
fresh "$bk/defaults.db"
expect 0 "bulk: a first import with defaults" env POWERS_TEST_BULK_ROWS=100 \
    "$powers" --db "$bk/defaults.db" import "$bk/defaults.csv" &&
	out_has "300 powers: 300 new"
expect 0 "bulk: verify after defaults" "$powers" --db "$bk/defaults.db" verify
name="bulk: the defaults given"
got=$(sqlite3 "$bk/defaults.db" "SELECT class, holder, legal_basis, note,
    count(*) FROM power GROUP BY 1, 2, 3, 4 ORDER BY 1, 2" | tr '\n' ' ')
[ "$got" = "economic|XQ01|||100 economic|XXXQ|||100 social|XXXQ|||100 " ] &&
	pass || fail "got $got"

# A first batch into an empty log looks up no power's log before it has
# met the power (src/db/db_log_cache.c): a power met again further down,
# after others, is found with what the batch gave it, its same entry
# again skipped, its grant revoked; a revoke of a power never met is
# still refused, naming the line.
fresh "$bk/met.db"
"$powers" --db "$bk/met.db" -q import "$fixtures/powers.csv"
{
	echo '事项编码,原实施主体,承接单位,调整方式,依据文号,实施时间,备注'
	echo '100120001000,XXXQ,FDXC,下放,西咸新区发〔2022〕5号,2022-02-16,'
	echo '100120002000,XXXQ,FXXC,下放,西咸新区发〔2022〕5号,2022-02-16,'
	echo '100120001000,XXXQ,FDXC,下放,西咸新区发〔2022〕5号,2022-02-16,'
	echo '200120001000,XXXQ,QHXC,委托,西咸新区发〔2022〕5号,2022-02-16,'
	echo '100120001000,XXXQ,FDXC,收回,西咸新区发〔2023〕1号,2023-01-01,'
} > "$bk/met.csv"
cp "$bk/met.db" "$bk/met-before.db"
{ cat "$bk/met.csv"; \
  echo '200120002000,XXXQ,JHXC,收回,西咸新区发〔2023〕1号,2023-01-01,'; } \
    > "$bk/met-late.csv"
expect 3 "first batch: a revoke of a power never met" "$powers" \
    --db "$bk/met.db" delegate --csv "$bk/met-late.csv" &&
	err_has "met-late.csv:7: 200120002000: revoke: 'JHXC' holds no live grant"
name="first batch: the refused batch leaves the registry"
same_file "$bk/met-before.db" "$bk/met.db"
expect 0 "first batch: a power met again" "$powers" --db "$bk/met.db" \
    delegate --csv "$bk/met.csv" &&
	out_has "4 entries appended, 1 already logged (skipped)"
name="first batch: the grants of the powers met again"
got=$(sqlite3 "$bk/met.db" "SELECT power, to_unit, start_date,
    ifnull(end_date, '-') FROM grant_span ORDER BY power" | tr '\n' ' ')
[ "$got" = "100120001000|FDXC|2022-02-16|2023-01-01 100120002000|FXXC|2022-02-16|- 200120001000|QHXC|2022-02-16|- " ] &&
	pass || fail "got $got"
expect 0 "first batch: verify" "$powers" --db "$bk/met.db" verify

# An empty log beside a grant_span that is not (edited behind the
# program's back): the batch clears the power's rows as it always did.
fresh "$bk/stale.db"
"$powers" --db "$bk/stale.db" -q import "$fixtures/powers.csv"
sqlite3 "$bk/stale.db" "PRAGMA foreign_keys = OFF; INSERT INTO grant_span
    VALUES ('200120001000', 'JHXC', 'XXXQ', 'delegate', 99, '2021-01-01',
    NULL, NULL)"
expect 0 "first batch: beside a stale grant" "$powers" --db "$bk/stale.db" \
    delegate --csv "$bk/met.csv"
name="first batch: the stale grant cleared"
got=$(sqlite3 "$bk/stale.db" "SELECT count(*) FROM grant_span
    WHERE to_unit = 'JHXC'")
[ "$got" = 0 ] && pass || fail "got $got"
expect 0 "first batch: verify beside a stale grant" "$powers" \
    --db "$bk/stale.db" verify

# A log whose greatest seq is 0 (an entry numbered 0, written behind the
# program's back: the program numbers from 1) is not an empty log: its
# power's entry is still looked up, so a grant it holds is refused again
# as the path that loads every power's log refuses it, and no second
# grant of the same power to the same unit is appended.
fresh "$bk/seq0.db"
"$powers" --db "$bk/seq0.db" -q import "$fixtures/powers.csv"
sqlite3 "$bk/seq0.db" "INSERT INTO delegation VALUES (0, '100120001000',
    'XXXQ', 'FDXC', 'delegate', 'D1', '2022-02-16', '', 'x',
    '2026-01-01T00:00:00Z', 'b', NULL, zeroblob(32))"
cp "$bk/seq0.db" "$bk/seq0-before.db"
expect 3 "first batch: a log holding only entry #0 is looked up" \
    "$powers" --db "$bk/seq0.db" delegate 100120001000 --to FDXC \
    --mode delegate --document D2 --effective 2022-03-01 &&
	err_has "'FDXC' already holds this power since 2022-02-16"
name="first batch: beside entry #0, nothing written"
same_file "$bk/seq0-before.db" "$bk/seq0.db"
