# delegate, stats, history, verify and head on the 2022 fixtures; every
# rule; idempotent batches; the chain finds edits behind the program's back.

db=$tmp/log.db
fresh "$db"
"$powers" --db "$db" -q import "$fixtures/powers.csv"
expect 0 "delegate the 2022 batch" "$powers" --db "$db" delegate --csv "$fixtures/delegations.csv" &&
	out_has "4722 entries appended, 0 already logged"
expect 0 "the same batch again adds nothing" "$powers" --db "$db" delegate --csv "$fixtures/delegations.csv" &&
	out_has "0 entries appended, 4722 already logged"
expect 0 "verify" "$powers" --db "$db" verify && out_has "ok: 4722 log entries"

# The seed's figures, from the registry.
expect 0 "stats csv" "$powers" --db "$db" stats --format csv
name="stats today"
grep -q '^2026-11-26,808,720,89.11,88,120' "$tmp/out" && pass || fail "wrong figures"
expect 0 "stats before the reform" "$powers" --db "$db" stats --as-of 2022-02-15 --format csv
name="stats 2022-02-15"
grep -q '^2022-02-15,808,0,0.00,808,' "$tmp/out" && pass || fail "wrong figures"
expect 0 "stats on the day" "$powers" --db "$db" stats --as-of 2022-03-03 --format csv
name="stats 2022-03-03"
grep -q '^2022-03-03,808,720,89.11,88,' "$tmp/out" && pass || fail "wrong figures"
expect 0 "stats by new city" "$powers" --db "$db" stats --by new_city --format csv &&
	out_has "FDXC,沣东新城,652," && out_has "KGXC,空港新城,662,"
expect 0 "stats by new city, 2022" "$powers" --db "$db" stats --by new_city --as-of 2022-03-03 --format csv &&
	out_has "KGXC,空港新城,663," && out_has "JHXC,泾河新城,659,"
expect 0 "stats by department" "$powers" --db "$db" stats --by department --format csv &&
	out_has "XQ06,住房和城乡建设局,135,121" && out_has "XQ18,统计局,10,0"
expect 0 "stats json" "$powers" --db "$db" stats --format json &&
	out_has '"delegated_to_new_cities":720' && out_has '"by_street_town":['
expect 0 "stats table" "$powers" --db "$db" stats && out_has "89.11"
expect 2 "stats bad date" "$powers" --db "$db" stats --as-of 2022-02-30

# History of one power: the revoke and the re-grant.
expect 0 "history of a power" "$powers" --db "$db" history 010610001001 --format csv &&
	out_has "revoke" && out_has "2024-03-01"
expect 0 "history window" "$powers" --db "$db" history --since 2023-01-01 --until 2023-12-31 --format csv
n=$(($(wc -l < "$tmp/out") - 1))
name="history window rows"; [ "$n" -eq 4 ] && pass || fail "$n rows, wanted 4"

# The head, and a truncated log found by --expect-head.
expect 0 "head" "$powers" --db "$db" head
head=$(cut -d' ' -f2 "$tmp/out")
count=$(cut -d' ' -f1 "$tmp/out")
name="head count"; [ "$count" -eq 4722 ] && pass || fail "count $count"
expect 0 "verify expected head" "$powers" --db "$db" verify --expect-head "$head"

# By hand: several codes at once, then the rules.
expect 0 "delegate by hand" "$powers" --db "$db" --by clerk2 delegate 010610001001 010910001000 \
	--to JZ01 --mode 下放 --document '西咸管发〔2026〕1号' --effective 2026-01-05 &&
	out_has "2 entries appended"
expect 0 "verify after" "$powers" --db "$db" verify --expect-head "$head"
expect 1 "old head is not the last" "$powers" --db "$db" verify --expect-head 0000000000000000000000000000000000000000000000000000000000000000 &&
	err_has "truncated or rewritten"

broken() {	# broken NAME TEXT ARGS...: a rule broken by hand, nothing written
	bname=$1 btext=$2
	shift 2
	cp "$db" "$tmp/before.db"
	expect 3 "$bname" "$powers" --db "$db" delegate "$@" && err_has "$btext" &&
		err_has "nothing written"
	name="$bname writes nothing"; same_file "$tmp/before.db" "$db"
}
doc='西咸管发〔2026〕9号'
broken "already holds" "already holds this power" 010610001001 --to KGXC --mode delegate --document "$doc" --effective 2026-02-01
broken "revoke without grant" "no live grant" 010610001001 --to JZ02 --mode revoke --document "$doc" --effective 2026-02-01
broken "revoke names the giver" "came from" 010610001001 --to KGXC --from XXXQ --mode revoke --document "$doc" --effective 2026-02-01
broken "receiver kind" "grants go to a new city" 010610001001 --to XQ07 --mode delegate --document "$doc" --effective 2026-02-01
broken "giver level" "grants come from the New Area level" 010610001001 --from FDXC --to JZ01 --mode delegate --document "$doc" --effective 2026-02-01
broken "giver holds" "does not hold this power" 010610001001 --from XQ07 --to JZ01 --mode delegate --document "$doc" --effective 2026-02-01
broken "no such date" "bad date '2026-02-30'" 010610001001 --to JZ01 --mode delegate --document "$doc" --effective 2026-02-30
broken "unknown power" "unknown power 'NOPE'" NOPE --to JZ01 --mode delegate --document "$doc" --effective 2026-02-01
broken "unknown unit" "unknown to 'NOWHERE'" 010610001001 --to NOWHERE --mode delegate --document "$doc" --effective 2026-02-01
broken "unknown mode" "unknown mode" 010610001001 --to JZ01 --mode give --document "$doc" --effective 2026-02-01
# Backdated before a logged grant to the same unit: breaks that entry.
broken "backdated grant" "would break logged entry" 010910001000 --to KGXC --mode delegate --document "$doc" --effective 2022-01-01
# The entrusted city cannot pass the power on (QHXC holds 010610001001 by 委托).
broken "entrusted passes on" "by entrustment" 010610001001 --from QHXC --to JZ02 --mode delegate --document "$doc" --effective 2026-02-01

# A batch with one broken rule writes nothing and names the line.
cp "$db" "$tmp/before.db"
printf '事项编码,原实施主体,承接单位,调整方式,依据文号,实施时间,备注\r\n' > "$tmp/batch.csv"
printf '020510001000,XXXQ,JZ05,下放,西咸管发〔2026〕2号,2026-03-01,\r\n' >> "$tmp/batch.csv"
printf '020510001000,XXXQ,JZ05,下放,西咸管发〔2026〕3号,2026-03-02,second grant\r\n' >> "$tmp/batch.csv"
expect 3 "batch with a broken rule" "$powers" --db "$db" delegate --csv "$tmp/batch.csv" &&
	err_has "batch.csv:3: 020510001000: 'JZ05' already holds this power since 2026-03-01"
name="broken batch writes nothing"; same_file "$tmp/before.db" "$db"
expect 0 "dry run" "$powers" --db "$db" delegate --dry-run --csv "$bad/../../../fixtures/delegations.csv" &&
	out_has "dry run: 0 entries appended, 4722 already logged"

# Edits behind the program's back, with the sqlite3 shell.
tamper() {	# tamper NAME TEXT SQL
	cp "$db" "$tmp/t.db"
	sqlite3 "$tmp/t.db" "DROP TRIGGER delegation_no_update; DROP TRIGGER delegation_no_delete; DROP TRIGGER power_no_delete; $3"
	expect 1 "verify finds: $1" "$powers" --db "$tmp/t.db" verify && err_has "$2"
}
tamper "an edited entry" "log entry #100: changed" \
	"UPDATE delegation SET document = '西咸管发〔2022〕99号' WHERE seq = 100"
tamper "a deleted entry" "log entry #100: found #101" \
	"DELETE FROM delegation WHERE seq = 100"
tamper "reordered entries" "log entry #7" \
	"UPDATE delegation SET seq = -7 WHERE seq = 7; UPDATE delegation SET seq = 7 WHERE seq = 8; UPDATE delegation SET seq = 8 WHERE seq = -7"
tamper "an edited power" "power '010610001001': changed" \
	"UPDATE power SET name = '改过的名称' WHERE code = '010610001001'"
tamper "an edited unit" "unit 'FDXC': changed" \
	"UPDATE unit SET name = '别的新城' WHERE code = 'FDXC'"
tamper "a deleted power" "a row was added or deleted" \
	"PRAGMA foreign_keys = OFF; DELETE FROM grant_span WHERE power = '200120001000'; DELETE FROM delegation WHERE power = '200120001000' AND seq = (SELECT max(seq) FROM delegation); DELETE FROM power WHERE code = '200120001000'"
tamper "an edited grant" "differs from a replay" \
	"UPDATE grant_span SET end_date = NULL, end_seq = NULL WHERE end_date IS NOT NULL AND rowid = (SELECT min(rowid) FROM grant_span WHERE end_date IS NOT NULL)"
# Truncation keeps the chain intact: only the published head finds it.
cp "$db" "$tmp/t.db"
sqlite3 "$tmp/t.db" "DROP TRIGGER delegation_no_delete; PRAGMA foreign_keys = OFF; DELETE FROM delegation WHERE seq > 4722; DELETE FROM grant_span WHERE start_seq > 4722"
"$powers" --db "$db" head > "$tmp/head"
expect 1 "verify finds a truncated log" "$powers" --db "$tmp/t.db" verify --expect-head "$(cut -d' ' -f2 "$tmp/head")" &&
	err_has "truncated or rewritten"

# The log refuses UPDATE and DELETE.
name="log append-only"
if sqlite3 "$db" "UPDATE delegation SET note = 'x' WHERE seq = 1" 2>/dev/null; then fail "update allowed"; else pass; fi
expect 2 "verify, a head that is no hash" "$powers" --db "$db" verify --expect-head xyz && err_has "64 hex digits"
