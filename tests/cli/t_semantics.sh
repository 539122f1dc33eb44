# Import semantics (../shared/domain.md): absent columns keep attributes,
# empty cells clear optional ones, a unit's kind never changes, no
# re-import breaks an entry already in the log, and Excel's dropped
# leading zeros are refused with the code they probably were.

sem=$tmp/sem.db
rm -f "$sem" "$sem-wal" "$sem-shm"
"$powers" --db "$sem" -q init >/dev/null
"$powers" --db "$sem" -q unit import "$fixtures/units.csv"
"$powers" --db "$sem" -q import "$fixtures/powers.csv"
"$powers" --db "$sem" -q delegate --csv "$fixtures/delegations.csv"

# dump_is_same: the registry holds what it held at the last dump_keep.
dump_keep() {
	sqlite3 "$sem" .dump >"$tmp/sem.before"
}
dump_is_same() {
	sqlite3 "$sem" .dump >"$tmp/sem.after"
	if cmp -s "$tmp/sem.before" "$tmp/sem.after"; then pass; else
		fail "the registry changed"; fi
}
power_row() {
	sqlite3 "$sem" "SELECT name, category, department, class, legal_basis, holder, note FROM power WHERE code = '$1'"
}

# The case: a sheet of four columns and one row, a social power
# with a legal basis and a note.  The power stays social, keeps both, and
# the seed's figures for 2022 stay as they were.
before=$(power_row 100120001000)
printf '事项编码,事项名称,事项类型,主管部门\r\n100120001000,政府信息依申请公开,10,XQ01\r\n' >"$tmp/four.csv"
expect 0 "four columns: accepted" "$powers" --db "$sem" import "$tmp/four.csv"
after=$(power_row 100120001000)
if [ "$before" = "$after" ]; then pass; else
	name="four columns keep the rest"; fail "'$before' became '$after'"; fi
expect 0 "four columns: stats of 2022" "$powers" --db "$sem" stats --as-of 2022-03-03 --format csv
out_has "808" && out_has "720" && out_has "89.11"

# A column the file has, with an empty cell: the optional attribute is
# cleared and the summary says so; the others are kept.
printf '事项编码,备注\r\n100120001000,\r\n' >"$tmp/clear.csv"
expect 0 "empty note clears it" "$powers" --db "$sem" import "$tmp/clear.csv"
out_has "cleared 100120001000 note: was '2021年版清单新增'"
got=$(sqlite3 "$sem" "SELECT class || '|' || note || '|' || (legal_basis <> '') FROM power WHERE code = '100120001000'")
[ "$got" = "social||1" ] && pass || { name="note cleared, rest kept"; fail "got '$got'"; }

# A required attribute is never cleared: an empty name is refused.
dump_keep
printf '事项编码,事项名称\r\n100120001000,\r\n' >"$tmp/noname.csv"
expect 3 "empty name refused" "$powers" --db "$sem" import "$tmp/noname.csv"
err_has "noname.csv:2: empty name (事项名称)"
dump_is_same

# An empty class or holder keeps what the power has.
printf '事项编码,事权类别,实施主体\r\n100120001000,,\r\n' >"$tmp/keepclass.csv"
expect 0 "empty class kept" "$powers" --db "$sem" import "$tmp/keepclass.csv"
out_has "0 changed, 1 unchanged"

# A new power in a file without its name: refused, named.
dump_keep
printf '事项编码,事项类型,主管部门\r\n999999000001,01,XQ06\r\n' >"$tmp/newnoname.csv"
expect 3 "new power without name" "$powers" --db "$sem" import "$tmp/newnoname.csv"
err_has "newnoname.csv:2: '999999000001' is not registered yet, and a new power needs its name (事项名称)"
dump_is_same

# Units: a file of codes and names renames and keeps kind, parent, within.
before=$(sqlite3 "$sem" "SELECT kind, parent, within FROM unit WHERE code = 'JZ01'")
printf 'code,name\nJZ01,新的街道名\n' >"$tmp/rename.csv"
expect 0 "unit rename keeps the rest" "$powers" --db "$sem" unit import "$tmp/rename.csv"
after=$(sqlite3 "$sem" "SELECT kind, parent, within FROM unit WHERE code = 'JZ01'")
[ "$before" = "$after" ] && pass || { name="unit kept"; fail "'$before' became '$after'"; }
expect 0 "verify after rename" "$powers" --db "$sem" verify

# A unit's kind never changes: a department made a new city, a new city
# made a street/town.
dump_keep
printf 'code,name,kind\nXQ06,住房和城乡建设局,new_city\n' >"$tmp/kind1.csv"
expect 3 "department to new city refused" "$powers" --db "$sem" unit import "$tmp/kind1.csv"
err_has "kind1.csv:2: unit 'XQ06' is a department and cannot become a new_city"
err_has "give it a new code"
dump_is_same
printf '编码,名称,类型\nFDXC,沣东新城,街镇\n' >"$tmp/kind2.csv"
expect 3 "new city to street/town refused" "$powers" --db "$sem" unit import "$tmp/kind2.csv"
err_has "kind2.csv:2: unit 'FDXC' is a new_city and cannot become a street_town"
dump_is_same
expect 0 "stats of 2022 after the refusals" "$powers" --db "$sem" stats --as-of 2022-03-03 --format csv
out_has "89.11"

# A changed holder and department that would make logged entries break
# the rules (their giver, XQ05, would no longer hold the power).
dump_keep
printf '事项编码,主管部门,实施主体\r\n010510002002,XQ06,XQ06\r\n' >"$tmp/holder.csv"
expect 3 "holder change under the log refused" "$powers" --db "$sem" import "$tmp/holder.csv"
err_has "holder.csv:2: power '010510002002': this change would break logged entry #"
err_has "does not hold this power"
dump_is_same
# A change the log does not rest on is accepted.
printf '事项编码,实施主体\r\n010510002002,XQ05\r\n' >"$tmp/holder2.csv"
expect 0 "holder kept as the log has it" "$powers" --db "$sem" import "$tmp/holder2.csv"

# Excel's dropped leading zeros: against a registered code...
dump_keep
printf '事项编码,事项名称,事项类型,主管部门\r\n10310001000,某事项,01,XQ03\r\n' >"$tmp/zeros1.csv"
expect 3 "dropped zeros of a registered code" "$powers" --db "$sem" import "$tmp/zeros1.csv"
err_has "zeros1.csv:2: code (事项编码) '10310001000' looks like '010310001000' with its leading zeros dropped"
err_has "format the code column as text"
dump_is_same
# ... in a delegation sheet ...
printf '事项编码,原实施主体,承接单位,调整方式,依据文号,实施时间\r\n10310001000,XXXQ,JZ01,下放,西咸新区发〔2022〕5号,2022-02-16\r\n' >"$tmp/zeros2.csv"
expect 3 "dropped zeros in a delegation sheet" "$powers" --db "$sem" delegate --csv "$tmp/zeros2.csv"
err_has "zeros2.csv:2: 10310001000: unknown power '10310001000': it looks like '010310001000'"
dump_is_same
# ... against another code of the same file, into an empty registry ...
zdb=$tmp/zeros.db
fresh "$zdb"
printf 'code,name,category,department\n010310001000,甲,01,XQ03\n20001,乙,01,XQ03\n10310001000,丙,01,XQ03\n' >"$tmp/zeros3.csv"
expect 3 "dropped zeros within one file" "$powers" --db "$zdb" import "$tmp/zeros3.csv"
err_has "zeros3.csv:4: code (事项编码) '10310001000' looks like '010310001000'"
got=$(sqlite3 "$zdb" "SELECT count(*) FROM power")
[ "$got" = 0 ] && pass || { name="nothing written"; fail "$got powers"; }
# ... and for unit codes.
printf 'code,name,kind\n0501,甲街道,street_town\n501,乙街道,street_town\n' >"$tmp/zeros4.csv"
expect 3 "dropped zeros of a unit code" "$powers" --db "$zdb" unit import "$tmp/zeros4.csv"
err_has "zeros4.csv:3: code (编码) '501' looks like '0501'"
# Digits-only codes of one length are fine.
printf 'code,name,category,department\n100310001000,甲,01,XQ03\n200310001000,乙,01,XQ03\n' >"$tmp/digits.csv"
expect 0 "digits-only codes of one length" "$powers" --db "$zdb" import "$tmp/digits.csv"

# Every import above kept the chains and hashes whole.
expect 0 "verify after the imports" "$powers" --db "$sem" verify
expect 0 "verify after the imports (empty registry)" "$powers" --db "$zdb" verify

# A dry run with absent columns says what the import would do.
printf '事项编码,备注\r\n100120001000,新的备注\r\n' >"$tmp/drynote.csv"
dump_keep
expect 0 "dry run of a note" "$powers" --db "$sem" import --dry-run "$tmp/drynote.csv"
out_has "changed 100120001000 note: '' -> '新的备注'" && out_has "nothing written"
dump_is_same

# --help says what an import changes and what it reads.
expect 0 "import --help" "$powers" import --help
out_has "Only code is required" && out_has "'-' for standard input"
expect 0 "unit import --help" "$powers" unit import --help
out_has "a unit's kind never changes"
expect 0 "delegate --help" "$powers" delegate --help
out_has "optionally"
