# undo (issue 14, point 4): the events that reverse one import run or one
# batch of the log are appended; afterwards the answer for every date is
# what it was before the run; refused, naming them, where later entries
# rest on it; the undo is a run itself and can be undone.  Nothing is
# deleted: the registry only grows.

ud=$tmp/undo
mkdir -p "$ud"
fresh "$ud/base.db"
"$powers" --db "$ud/base.db" -q import "$fixtures/powers.csv"
"$powers" --db "$ud/base.db" -q delegate --csv "$fixtures/delegations.csv"
db=$ud/r.db
cp "$ud/base.db" "$db"
code=010310001000
days="2022-03-03 2026-02-28 2026-03-01 2026-11-26 2030-01-01"

# state DB: what every date answers, as one file: list and stats as of
# each of $days.
state() {
	for d in $days; do
		"$powers" --db "$1" list --as-of "$d" -f csv
		"$powers" --db "$1" stats --as-of "$d" -f csv
	done
}
# same_state NAME A B: the two files of state() are the same.
same_state() {
	name=$1
	cmp -s "$2" "$3" && pass || fail "the answers differ: $(diff "$2" "$3" | head -5)"
}
rows() {
	sqlite3 "$1" "SELECT (SELECT count(*) FROM attribute_change) || ' ' ||
	    (SELECT count(*) FROM import_run) || ' ' || (SELECT count(*) FROM delegation)"
}

# Usage: exit 2 before the registry is read.
expect 2 "undo: no run" "$powers" --db "$db" undo
expect 2 "undo: a bare number" "$powers" --db "$db" undo 3 && err_has "import:N" && err_has "entry:SEQ"
expect 2 "undo: import:0" "$powers" --db "$db" undo import:0
expect 2 "undo: two runs" "$powers" --db "$db" undo import:1 import:2
expect 3 "undo: no such run" "$powers" --db "$db" undo import:99 && err_has "there is no import #99"
expect 3 "undo: no such entry" "$powers" --db "$db" undo entry:99999 && err_has "there is no log entry #99999"
expect 3 "undo: a run that added rows" "$powers" --db "$db" undo import:2 &&
	err_has "import #2 added 928 rows: a row once added stays"
name="refused undos: nothing written"; same_file "$ud/base.db" "$db"

# An import of changes effective 2026-03-01, undone.
state "$db" > "$ud/before.txt"
printf 'code,class,name,note\n%s,social,新名字,新备注\n010310002000,social,外商投资项目核准（改）,\n' "$code" > "$ud/change.csv"
"$powers" --db "$db" -q import --effective 2026-03-01 "$ud/change.csv"
state "$db" > "$ud/changed.txt"
name="the change changes answers"; cmp -s "$ud/before.txt" "$ud/changed.txt" && fail "no change" || pass
cp "$db" "$ud/changed.db"
expect 0 "undo --dry-run" "$powers" --db "$db" undo --dry-run import:3 &&
	out_has "dry run: import #3 undone by import #4: 2 rows changed back; nothing written"
name="dry run: nothing written"; same_file "$ud/changed.db" "$db"
before_rows=$(rows "$db")
expect 0 "undo import:3" "$powers" --db "$db" undo import:3 &&
	out_has "import #3 undone by import #4: 2 rows changed back"
state "$db" > "$ud/undone.txt"
same_state "undo: every date answers as before the run" "$ud/before.txt" "$ud/undone.txt"
name="undo deleted nothing"
set -- $before_rows
set -- "$@" $(rows "$db")
[ "$4" -gt "$1" ] && [ "$5" -eq $(($2 + 1)) ] && [ "$6" -eq "$3" ] && pass || fail "rows $*"
expect 0 "undo: show lists both" "$powers" --db "$db" show "$code" -f csv &&
	out_has "class,economic,social,2026-03-01" && out_has "class,social,economic,2026-03-01"
expect 0 "undo: verify" "$powers" --db "$db" verify
expect 0 "undo: history of imports" "$powers" --db "$db" sql "SELECT file, encoding, dialect FROM imports_readable WHERE id = 4" -f csv &&
	out_has "undo of import #3,undo,import #3"

# The undo undone: the change again.
expect 3 "undo import:3 again: the undo rests on it" "$powers" --db "$db" undo import:3 &&
	err_has "import #4 changed it again after it, resting on it: undo import #4 first"
expect 0 "undo the undo" "$powers" --db "$db" undo import:4
state "$db" > "$ud/redone.txt"
same_state "undo of the undo: the change again" "$ud/changed.txt" "$ud/redone.txt"
expect 0 "undo of the undo: verify" "$powers" --db "$db" verify

# A later change of the same attribute rests on the run.
printf 'code,name\n%s,又一个名字\n' "$code" > "$ud/later.csv"
"$powers" --db "$db" -q import --effective 2026-06-01 "$ud/later.csv"
cp "$db" "$ud/later.db"
expect 3 "undo: a later change rests on it" "$powers" --db "$db" undo import:5 &&
	err_has "import #5 changed '$code' name, and import #6 changed it again"
name="refused: nothing written"; same_file "$ud/later.db" "$db"

# A correction made over dated changes is not undone.
printf 'code,note\n%s,更正的备注\n' "$code" > "$ud/fix.csv"
"$powers" --db "$db" -q import --correction "$ud/fix.csv"
expect 3 "undo: a correction over dated changes" "$powers" --db "$db" undo import:7 &&
	err_has "corrected '$code' note from the start over the dated change of import #3"

# A batch of the log: a grant by hand, undone.
db2=$ud/log.db
cp "$ud/base.db" "$db2"
state "$db2" > "$ud/log-before.txt"
"$powers" --db "$db2" positive-list --unit JZ12 --as-of 2026-11-26 -f csv > "$ud/jz12-before.csv"
expect 0 "a grant by hand" "$powers" --db "$db2" -q delegate 010310005000 --to JZ12 --mode delegate \
    --document '西咸发〔2026〕7号' --effective 2026-05-01
seq=$(sqlite3 "$db2" "SELECT max(seq) FROM delegation")
expect 0 "undo the grant" "$powers" --db "$db2" undo "entry:$seq" &&
	out_has "entries #$seq to #$seq undone by 1 entries"
state "$db2" > "$ud/log-undone.txt"
same_state "undo of a grant: every date as before" "$ud/log-before.txt" "$ud/log-undone.txt"
"$powers" --db "$db2" positive-list --unit JZ12 --as-of 2026-11-26 -f csv > "$ud/jz12-after.csv"
name="undo of a grant: the positive list as before"; same_file "$ud/jz12-before.csv" "$ud/jz12-after.csv"
expect 0 "undo of a grant: history names it" "$powers" --db "$db2" history 010310005000 --unit JZ12 -f csv &&
	out_has "undo of entry #$seq"
expect 0 "undo of a grant: verify" "$powers" --db "$db2" verify

# A revoke undone gives the grant back; the revoke's own undo again.
expect 0 "a revoke by hand" "$powers" --db "$db2" -q delegate 010310001000 --to FDXC --mode revoke \
    --document '西咸发〔2026〕8号' --effective 2026-05-01
rseq=$(sqlite3 "$db2" "SELECT max(seq) FROM delegation")
state "$db2" > "$ud/revoked.txt"
expect 0 "undo the revoke" "$powers" --db "$db2" undo "entry:$rseq"
state "$db2" > "$ud/unrevoked.txt"
same_state "undo of a revoke: every date as before it" "$ud/log-before.txt" "$ud/unrevoked.txt"
useq=$(sqlite3 "$db2" "SELECT max(seq) FROM delegation")
expect 0 "undo the undo of the revoke" "$powers" --db "$db2" undo "entry:$useq"
state "$db2" > "$ud/rerevoked.txt"
same_state "undo of the undo: revoked again" "$ud/revoked.txt" "$ud/rerevoked.txt"
expect 0 "undo of a revoke: verify" "$powers" --db "$db2" verify

# A later entry that rests on the batch: the undo is refused, naming it.
expect 0 "a second grant" "$powers" --db "$db2" -q delegate 010310006000 --to JZ12 --mode delegate \
    --document '西咸发〔2026〕9号' --effective 2026-05-01
gseq=$(sqlite3 "$db2" "SELECT max(seq) FROM delegation")
"$powers" --db "$db2" -q delegate 010310006000 --to JZ12 --mode revoke \
    --document '西咸发〔2026〕10号' --effective 2026-09-01
cp "$db2" "$ud/resting.db"
expect 3 "undo: a later revoke rests on the grant" "$powers" --db "$db2" undo "entry:$gseq" &&
	err_has "entry #$gseq (delegate of '010310006000' to 'JZ12' from 2026-05-01) cannot be undone" &&
	err_has "#$((gseq + 1))"
name="refused: nothing written"; same_file "$ud/resting.db" "$db2"

# A cancellation is final.
"$powers" --db "$db2" -q cancel 010310007000 --effective 2026-10-01 --document '西咸发〔2026〕11号'
cseq=$(sqlite3 "$db2" "SELECT max(seq) FROM delegation")
expect 3 "undo: a cancellation" "$powers" --db "$db2" undo "entry:$cseq" && err_has "a cancellation is final"
