# A registry made by main before issue 14 (schema version 11, by the
# binary of 1b6663e~1): tests/cli/old/v11.db.gz holds the fixture units,
# 40 powers and their 231 entries recorded on 2025-06-01, the notes of
# 100120002000 and 020220002000 changed on 2025-07-01 (import #3), the
# name of 100120002000 on 2025-07-02 (#4), and JZ01 renamed 改名的街道 on
# 2025-07-03 (#5); v11.head is what that binary's 'head' printed.  The
# new binary migrates it, verify passes, the head is kept, the changes
# recorded then hold from the start, and the new events work on it.

od=$tmp/old
mkdir -p "$od"
gzip -dc "$top/tests/cli/old/v11.db.gz" > "$od/r.db"
db=$od/r.db

expect 5 "old registry: a read asks for migrate" "$powers" --db "$db" stats &&
	err_has "migrate"
sqlite3 "$db" "SELECT * FROM grant_span ORDER BY power, start_seq" > "$od/spans.before"
expect 0 "old registry: migrate" "$powers" --db "$db" migrate &&
	out_has "0015_dated_changes" &&
	out_has "0018_grant_span_without_foreign_keys"
# 0018 rebuilt grant_span without its foreign keys, every row kept.
sqlite3 "$db" "SELECT * FROM grant_span ORDER BY power, start_seq" > "$od/spans.after"
name="old registry: grant_span's rows kept by 0018"
if [ -s "$od/spans.before" ]; then
	same_file "$od/spans.before" "$od/spans.after"
else
	fail "the old registry has no grants"
fi
name="old registry: grant_span has no foreign keys after 0018"
got=$(sqlite3 "$db" "SELECT count(*) FROM pragma_foreign_key_list('grant_span')")
[ "$got" = 0 ] && pass || fail "$got foreign keys"
expect 0 "old registry: verify after migrate" "$powers" --db "$db" verify &&
	out_has "ok: 231 log entries chained"
expect 0 "old registry: head" "$powers" --db "$db" head
name="old registry: the head is kept"
same_file "$top/tests/cli/old/v11.head" "$tmp/out"

# The changes recorded before 0015 hold from the start: as of any day.
expect 0 "old changes: as of 2022-03-03" "$powers" --db "$db" list --as-of 2022-03-03 -f csv &&
	out_has "100120002000,改过的名字," && out_has "改名的街道"
expect 0 "old changes: show lists them undated" "$powers" --db "$db" show 100120002000 -f csv &&
	out_has "name,信访事项复查,改过的名字," 
expect 0 "old changes: unit list as of 2022-03-03" "$powers" --db "$db" unit list --as-of 2022-03-03 -f csv &&
	out_has "JZ01,改名的街道,street_town"

# The new events on it: a dated change, an undo of an old run, verify.
# Written on the clock of a day after its last record (the file was made
# on 2026-12-01, after the tests' POWERS_NOW): a write is refused when the
# clock is behind the registry's last record.
later=2026-12-02T00:00:00Z
printf 'code,note\n100120002000,新的备注\n' > "$od/note.csv"
expect 0 "old registry: a dated change" env POWERS_NOW=$later "$powers" --db "$db" -q import --effective 2026-06-01 "$od/note.csv"
expect 0 "old registry: as of before it" "$powers" --db "$db" show 100120002000 --as-of 2026-05-31 -f csv
expect 0 "old registry: undo import #5 (the rename of 2025)" env POWERS_NOW=$later "$powers" --db "$db" undo import:5 &&
	out_has "import #5 undone by import #7"
expect 0 "old registry: unit list after the undo" "$powers" --db "$db" unit list -f csv &&
	out_has "JZ01,三桥街道,street_town"
expect 0 "old registry: verify after it all" "$powers" --db "$db" verify
