# What a red team found in the import path after issue 11's first pass:
# endless standard input, encodings that are not Unicode's forced on
# UTF-8, blank options, a refusal that pointed at a dead end, and codes
# that Excel or a keyboard made look like others.

xdb=$tmp/excel.db
fresh "$xdb"
"$powers" --db "$xdb" -q import "$fixtures/powers.csv"
"$powers" --db "$xdb" -q delegate --csv "$fixtures/delegations.csv"
xkeep() { sqlite3 "$xdb" .dump >"$tmp/x.before"; }
xsame() {
	sqlite3 "$xdb" .dump >"$tmp/x.after"
	if cmp -s "$tmp/x.before" "$tmp/x.after"; then pass; else
		fail "the registry changed"; fi
}
xkeep

# Standard input that never ends is refused as it comes.
expect 3 "'-' from /dev/zero" sh -c "timeout 10 '$powers' --db '$xdb' import - </dev/zero"
err_has "standard input holds a NUL byte"
printf '事项编码,事项名称\n010310001000,企业投资项目核准\n' >"$tmp/x-ok.csv"
expect 0 "'-' from a file still reads" sh -c "'$powers' --db '$xdb' import --dry-run - <'$tmp/x-ok.csv'"

# Any encoding that is not Unicode's, forced on a UTF-8 file, is refused.
printf 'code,name\n010310002000,外商投资项目核准X\n' >"$tmp/x-u8.csv"
for e in CP1252 BIG5 gbk; do
	expect 3 "--encoding $e on UTF-8" "$powers" --db "$xdb" import --encoding "$e" "$tmp/x-u8.csv"
	err_has "the file is UTF-8, not $e"
done
xsame

# Options an entry needs are trimmed, and refused when nothing is left.
for d in "" "   " "　"; do
	expect 2 "--document '$d'" "$powers" --db "$xdb" delegate 020310009000 --to FDXC --mode delegate --document "$d" --effective 2022-06-01
	err_has "--document is empty"
done
expect 2 "--by blank" "$powers" --db "$xdb" --by "  " delegate 020310009000 --to FDXC --mode delegate --document D1 --effective 2022-06-01
err_has "--by is empty"
xsame
expect 0 "options trimmed" "$powers" --db "$xdb" --by " 王 " delegate " 020310009000 " --to " FDXC" --mode delegate --document " D1　" --effective 2022-06-01
got=$(sqlite3 "$xdb" "SELECT power || '|' || to_unit || '|' || document || '|' || recorded_by FROM delegation ORDER BY seq DESC LIMIT 1")
[ "$got" = "020310009000|FDXC|D1|王" ] && pass || { name="trimmed entry"; fail "got '$got'"; }
xkeep

# A holder change under the log says what holds, not to revoke first.
printf 'code,department,holder\n010510002002,XQ06,XQ06\n' >"$tmp/x-holder.csv"
expect 3 "holder change under the log" "$powers" --db "$xdb" import "$tmp/x-holder.csv"
err_has "keep this power's holder and department"
if grep -q "record a revoke first" "$tmp/err"; then
	name="no dead end"; fail "the message points at revoking"; else pass; fi

# Codes that look like registered ones.
xcode() {
	printf '事项编码,事项名称,事项类型,主管部门\n"%s",企业投资项目核准,01,XQ03\n' "$1" >"$tmp/x-code.csv"
	expect 3 "code $2" "$powers" --db "$xdb" import "$tmp/x-code.csv"
	err_has "$3"
}
xcode "'010310001000" "with Excel's text mark" "Excel's mark for text"
xcode '=""010310001000""' "as a formula" "looks like an Excel formula"
xcode "010310001000.0" "with decimals" "wrote with decimals"
xcode "１０３１０００１０００" "in full width" "full-width character, U+FF11"
xcode "$(printf '0103\315\21710001000')" "with U+034F" "invisible character, U+034F"
xcode "$(printf '0103\343\205\24410001000')" "with U+3164" "invisible character, U+3164"
xcode "$(printf '0103\357\277\2761000')" "with U+FFFE" "U+FFFE, which is no character"
xsame

# A GBK file with a line of UTF-8 pasted in: GB18030 reads it as mojibake.
{ printf '事项编码,事项名称,事项类型,主管部门\n010310001000,企业投资项目核准,01,XQ03\n' | iconv -t GBK
  printf '010310002000,外商投资项目核准,01,XQ03\n'; } >"$tmp/x-mixed.csv"
expect 3 "a UTF-8 line in a GBK file" "$powers" --db "$xdb" import "$tmp/x-mixed.csv"
err_has "x-mixed.csv:3: this line is UTF-8, while the file is GB18030 (line 1)"
xsame
expect 0 "the way out: --encoding GB18030" "$powers" --db "$xdb" import --dry-run --encoding GB18030 "$tmp/x-mixed.csv"

# An unknown column: the nearest name, the columns there are, the option.
printf 'code,\344\272\213\351\241\271\342\200\213\345\220\215\347\247\260\n010310001000,x\n' >"$tmp/x-col.csv"
expect 3 "unknown column with U+200B" "$powers" --db "$xdb" import "$tmp/x-col.csv"
err_has "x-col.csv:1: unknown column '事项<U+200B>名称' (did you mean '事项名称'?)"
err_has "the columns: code/事项编码, name/事项名称"
err_has "--ignore-unknown"

# A second New Area could give any power: a registry holds one.
printf 'code,name,kind,parent\nXXX2,另一新区,new_area,\n' >"$tmp/x-na.csv"
xkeep
expect 3 "a second New Area" "$powers" --db "$xdb" unit import "$tmp/x-na.csv"
err_has "x-na.csv:2: the registry's New Area is 'XXXQ' (西咸新区)"
xsame
