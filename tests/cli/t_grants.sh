# verify against grant_span: every difference from a replay of the log is
# found, a grant row no entry explains as well as one missing or changed.

db=$tmp/grants.db
fresh "$db"
"$powers" --db "$db" -q import "$fixtures/powers.csv"
"$powers" --db "$db" -q delegate --csv "$fixtures/delegations.csv"
# 010510007000 has no log entry: a grant of it comes from nowhere.
cp "$db" "$tmp/g.db"
sqlite3 "$tmp/g.db" "INSERT INTO grant_span VALUES ('010510007000', 'JZ01', 'XXXQ', 'delegate', 5, '2022-01-01', NULL, NULL)"
expect 1 "verify finds a grant no entry explains" "$powers" --db "$tmp/g.db" verify &&
	err_has "grant of power 010510007000 to JZ01 from entry #5 differs from a replay of the log"
# A grant row added beside the ones the log explains, for a power it has.
cp "$db" "$tmp/g.db"
sqlite3 "$tmp/g.db" "INSERT INTO grant_span SELECT power, 'JZ19', from_unit, mode, 100, start_date, NULL, NULL FROM grant_span WHERE power = '010310001000' AND start_seq = 1"
expect 1 "verify finds an extra grant of a delegated power" "$powers" --db "$tmp/g.db" verify &&
	err_has "grant of power 010310001000 to JZ19 from entry #100 differs"
# A grant row gone.
cp "$db" "$tmp/g.db"
sqlite3 "$tmp/g.db" "DELETE FROM grant_span WHERE power = '010310001000' AND start_seq = 1"
expect 1 "verify finds a grant missing" "$powers" --db "$tmp/g.db" verify &&
	err_has "grant of power 010310001000 to FDXC from entry #1 differs"
