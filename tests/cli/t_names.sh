# Names on the command line are never guessed: a unit or department given
# by a name that several units share is refused (exit 2), each candidate
# named with its code and kind; a code always wins over a name; an unknown
# name is refused with the units whose names come close.

db=$tmp/names.db
fresh "$db"
# Two units named 沣东 (a new city and a street/town), two departments named
# 规划局, and a street/town named like another unit's code.
cat >"$tmp/names-units.csv" <<'EOF'
code,name,kind,parent,within
FDX2,沣东,new_city,XXXQ,
FDJD,沣东,street_town,XXXQ,FDXC
GH01,规划局,department,XXXQ,
GH02,规划局,department,XXXQ,
JZ99,JZ01,street_town,XXXQ,
EOF
cat >"$tmp/names-powers.csv" <<'EOF'
code,name,category,department,class
900000000001,规划许可甲,01,GH01,economic
900000000002,规划许可乙,01,GH02,economic
900000000003,施工许可丙,01,XQ06,economic
EOF
"$powers" --db "$db" -q unit import "$tmp/names-units.csv"
"$powers" --db "$db" -q import "$tmp/names-powers.csv"
"$powers" --db "$db" -q delegate 900000000001 --to FDX2 --mode delegate \
    --document 西咸管发〔2022〕1号 --effective 2022-03-01
"$powers" --db "$db" -q delegate 900000000002 --to FDJD --mode delegate \
    --document 西咸管发〔2022〕1号 --effective 2022-03-01
"$powers" --db "$db" -q delegate 900000000003 --to FDXC --mode delegate \
    --document 西咸管发〔2022〕1号 --effective 2022-03-01

# fd_refused OPT, gh_refused OPT: stderr names OPT, the name and each
# candidate with its code and kind, in the order of the codes.
fd_refused() {
	err_has "--$1 '沣东' names several units: 沣东 (FDJD, street_town), 沣东 (FDX2, new_city): give the code"
}
gh_refused() {
	err_has "--$1 '规划局' names several units: 规划局 (GH01, department), 规划局 (GH02, department): give the code"
}

# list
expect 2 "list --unit shared name" "$powers" --db "$db" list --unit 沣东 && fd_refused unit && out_empty
expect 2 "list --department shared name" "$powers" --db "$db" list --department 规划局 &&
	err_has "powers: list: " && gh_refused department && out_empty
expect 0 "list --department by code" "$powers" --db "$db" list --department GH01 --format csv &&
	out_has 900000000001
name="list --department GH01 is GH01 alone"
grep -q 900000000002 "$tmp/out" && fail "GH02's power listed" || pass
expect 0 "list --unit by code" "$powers" --db "$db" list --unit FDJD --format csv &&
	out_has 900000000002
expect 0 "list --department unique name" "$powers" --db "$db" list --department 住房和城乡建设局 --format csv &&
	out_has ",住房和城乡建设局,"
expect 2 "list --department unknown" "$powers" --db "$db" list --department 规划 &&
	err_has "unknown unit '规划'" && err_has "规划局 (GH01, department)" &&
	err_has "自然资源和规划局 (XQ05, department)"
expect 2 "list --department a new city" "$powers" --db "$db" list --department FDXC &&
	err_has "'FDXC' is a new_city"

# positive-list
expect 2 "positive-list --unit shared name" "$powers" --db "$db" positive-list --unit 沣东 &&
	err_has "powers: positive-list: " && fd_refused unit && out_empty
expect 2 "positive-list --department shared name" "$powers" --db "$db" positive-list --department 规划局 &&
	gh_refused department && out_empty
expect 0 "positive-list --unit by code" "$powers" --db "$db" positive-list --unit FDX2 --format csv &&
	out_has ",FDX2,沣东,规划局,行政许可,900000000001,"
expect 0 "positive-list --department by code" "$powers" --db "$db" positive-list --department GH02 --format csv &&
	out_has 900000000002
expect 0 "positive-list --unit unique name" "$powers" --db "$db" positive-list --unit 沣东新城 --format csv &&
	out_has ",FDXC,沣东新城,"
# A code wins over a name: JZ01 is 三桥街道, not the unit named 'JZ01'.
expect 0 "a code wins over a name" "$powers" --db "$db" positive-list --unit JZ01 --format csv
name="a code wins over a name: rows"
grep -q ',JZ99,' "$tmp/out" && fail "JZ99 chosen" || pass
expect 0 "a name that is no code" "$powers" --db "$db" positive-list --unit JZ99 --format csv
expect 2 "positive-list unknown, with the names that contain it" \
	"$powers" --db "$db" positive-list --unit 沣东新 &&
	err_has "unknown unit '沣东新'" && err_has "沣东新城 (FDXC, new_city)"
expect 2 "positive-list unknown, with the names it contains" \
	"$powers" --db "$db" positive-list --unit 沣东新城管委会 &&
	err_has "did you mean" && err_has "沣东新城 (FDXC, new_city)"
expect 2 "positive-list unknown, nothing close" "$powers" --db "$db" positive-list --unit NOPE &&
	err_has "unknown unit 'NOPE'"
name="nothing close: no suggestion"
grep -q "did you mean" "$tmp/err" && fail "a suggestion for NOPE" || pass

# export
ex=$tmp/names-ex
mkdir -p "$ex"
expect 2 "export positive-list --unit shared name" "$powers" --db "$db" export --what positive-list \
	--unit 沣东 --out "$ex/pl.csv" && err_has "powers: export: " && fd_refused unit
name="export refused: no file"; [ ! -e "$ex/pl.csv" ] && pass || fail "file written"
expect 2 "export grants --unit shared name" "$powers" --db "$db" export --what grants \
	--unit 沣东 --out "$ex/g.csv" && fd_refused unit
expect 2 "export powers --department shared name" "$powers" --db "$db" export --what powers \
	--department 规划局 --out "$ex/p.csv" && gh_refused department
name="export refused: no files"; [ -z "$(ls "$ex")" ] && pass || fail "$(ls "$ex")"
expect 0 "export --unit by code" "$powers" --db "$db" -q export --what positive-list \
	--unit FDJD --out "$ex/fdjd.csv"
name="export by code: the unit's rows"
grep -q 900000000002 "$ex/fdjd.csv" && pass || fail "$(cat "$ex/fdjd.csv")"

# delegate by hand: refused before any rule is checked, nothing written.
dump "$db" >"$tmp/names-before.sql"
expect 2 "delegate --to shared name" "$powers" --db "$db" delegate 900000000002 --to 沣东 \
	--mode delegate --document 西咸管发〔2022〕2号 --effective 2022-04-01 &&
	err_has "powers: delegate: " && fd_refused to
expect 2 "delegate --from shared name" "$powers" --db "$db" delegate 900000000001 --to JZ01 \
	--from 规划局 --mode delegate --document 西咸管发〔2022〕2号 --effective 2022-04-01 &&
	gh_refused from
expect 2 "delegate --to and --from both shared: both named" "$powers" --db "$db" delegate 900000000001 \
	--to 沣东 --from 规划局 --mode delegate --document 西咸管发〔2022〕2号 --effective 2022-04-01 &&
	fd_refused to && gh_refused from
# An unknown unit stays an error of the entries, as before (exit 3).
expect 3 "delegate --to unknown" "$powers" --db "$db" delegate 900000000001 --to 沣东新 \
	--mode delegate --document 西咸管发〔2022〕2号 --effective 2022-04-01 &&
	err_has "unknown to '沣东新'"
dump "$db" >"$tmp/names-after.sql"
name="delegate refused: registry unchanged"
same_file "$tmp/names-before.sql" "$tmp/names-after.sql"
# The rules still check the kinds: a department receives nothing (exit 3).
expect 3 "delegate --to a department" "$powers" --db "$db" delegate 900000000001 --to GH02 \
	--mode delegate --document 西咸管发〔2022〕2号 --effective 2022-04-01
expect 0 "delegate --to by code" "$powers" --db "$db" -q delegate 900000000001 --to FDJD \
	--mode entrust --document 西咸管发〔2022〕2号 --effective 2022-04-01
name="delegate by code: FDJD recorded"
[ "$(sqlite3 "$db" "SELECT to_unit FROM delegation ORDER BY seq DESC LIMIT 1")" = FDJD ] && pass ||
	fail "$(sqlite3 "$db" "SELECT to_unit FROM delegation ORDER BY seq DESC LIMIT 1")"
expect 0 "delegate --to and --from unique names" "$powers" --db "$db" -q delegate 900000000002 \
	--to 沣东新城 --from 西咸新区 --mode delegate --document 西咸管发〔2022〕2号 --effective 2022-04-01
name="delegate by names: FDXC from XXXQ recorded"
[ "$(sqlite3 "$db" "SELECT from_unit || ' ' || to_unit FROM delegation ORDER BY seq DESC LIMIT 1")" = "XXXQ FDXC" ] &&
	pass || fail "$(sqlite3 "$db" "SELECT from_unit || ' ' || to_unit FROM delegation ORDER BY seq DESC LIMIT 1")"
