# What a clerk cannot see, and messages that say how to fix it: invisible,
# control and space characters refused by code point and column, in every
# sheet and in --by, --document and --note; Excel's scientific notation;
# the nearest names for what is unknown, the valid values for what is not.

tx=$tmp/text
mkdir -p "$tx"
txdb=$tx/t.db
fresh "$txdb"
"$powers" --db "$txdb" -q import "$fixtures/powers.csv"
rm -f "$txdb-wal" "$txdb-shm"
sqlite3 "$txdb" .dump > "$tx/before.dump"

PH='code,name,category,department,class,legal_basis,holder,note'
PZ='事项编码,事项名称,事项类型,主管部门,事权类别,设定依据,实施主体,备注'
DZ='事项编码,原实施主体,承接单位,调整方式,依据文号,实施时间,备注'
tdoc='西咸管发〔2026〕9号'

# same_registry NAME: the registry is byte for byte as it was.
same_registry() {
	name="$1 leaves the registry"
	sqlite3 "$txdb" .dump > "$tx/after.dump"
	same_file "$tx/before.dump" "$tx/after.dump"
}

# refuse NAME FILE TEXT [CMD...]: the file is refused (exit 3) at line 2
# with TEXT, and nothing written.
refuse() {
	rname=$1 rfile=$2 rtext=$3
	shift 3
	[ $# -eq 0 ] && set -- import
	expect 3 "$rname" "$powers" --db "$txdb" "$@" "$rfile" &&
		err_has "$rfile:2: " && err_has "$rtext" && err_has "nothing written"
	same_registry "$rname"
}

# ---- white space, control and invisible characters in a sheet

printf '%s\r\n0199\342\200\21390001000,测试事项,01,XQ03,,,,\r\n' "$PZ" > "$tx/zwsp.csv"
refuse "code with U+200B" "$tx/zwsp.csv" \
	"code (事项编码) '0199<U+200B>90001000' holds an invisible character, U+200B (zero width space): delete it; it often comes from copying from a web page"
printf '%s\r\n019990001000\357\273\277,测试事项,01,XQ03,,,,\r\n' "$PH" > "$tx/bom.csv"
refuse "code with U+FEFF" "$tx/bom.csv" "code (事项编码) '019990001000<U+FEFF>' holds an invisible character, U+FEFF (byte order mark)"
printf '%s\r\n0199\302\25590001000,测试事项,01,XQ03,,,,\r\n' "$PH" > "$tx/shy.csv"
refuse "code with U+00AD" "$tx/shy.csv" "U+00AD (soft hyphen)"
printf '%s\r\n0199\342\201\24090001000,测试事项,01,XQ03,,,,\r\n' "$PH" > "$tx/wj.csv"
refuse "code with U+2060" "$tx/wj.csv" "U+2060 (word joiner)"
printf '%s\r\n0199 90001000,测试事项,01,XQ03,,,,\r\n' "$PH" > "$tx/space.csv"
refuse "code with a space" "$tx/space.csv" "code (事项编码) '0199 90001000' holds white space, U+0020 (space): a code has none inside; delete it"
printf '%s\r\n"0199\t90001000",测试事项,01,XQ03,,,,\r\n' "$PH" > "$tx/tab.csv"
refuse "code with a tab" "$tx/tab.csv" "'0199<U+0009>90001000' holds white space, U+0009 (tab)"
printf '%s\r\n0199\343\200\20090001000,测试事项,01,XQ03,,,,\r\n' "$PH" > "$tx/ideo.csv"
refuse "code with U+3000" "$tx/ideo.csv" "'0199<U+3000>90001000' holds white space, U+3000 (ideographic space)"
printf '%s\r\n0199\302\24090001000,测试事项,01,XQ03,,,,\r\n' "$PH" > "$tx/nbsp.csv"
refuse "code with U+00A0" "$tx/nbsp.csv" "holds white space, U+00A0 (no-break space)"
printf '%s\r\n019990001000,测试\033[31m事项,01,XQ03,,,,\r\n' "$PH" > "$tx/esc.csv"
refuse "name with ESC" "$tx/esc.csv" "name (事项名称) '测试<U+001B>[31m事项' holds a control character, U+001B (escape): delete it"
printf '%s\r\n019990001000,"测试\n事项",01,XQ03,,,,\r\n' "$PH" > "$tx/lf.csv"
refuse "name over two lines" "$tx/lf.csv" "name (事项名称) '测试<U+000A>事项' holds a line break or tab, U+000A (line feed): only a note or legal basis may hold them"
printf '%s\r\n019990001000,沣东\342\200\213事项,01,XQ03,,,,\r\n' "$PH" > "$tx/name-zwsp.csv"
refuse "name with U+200B" "$tx/name-zwsp.csv" "name (事项名称) '沣东<U+200B>事项' holds an invisible character, U+200B"
printf '%s\r\n019990001000,测试事项,01,XQ03\342\200\213,,,,\r\n' "$PH" > "$tx/dept-zwsp.csv"
refuse "department with U+200B" "$tx/dept-zwsp.csv" "department (主管部门) 'XQ03<U+200B>' holds an invisible character"
printf '%s\r\n019990001000,测试事项,01,XQ03,,"《条例》\a",,\r\n' "$PH" > "$tx/bel.csv"
refuse "legal basis with BEL" "$tx/bel.csv" "legal_basis (设定依据) '《条例》<U+0007>' holds a control character, U+0007 (bell)"
printf '%s\r\n019990001000,测试事项,01,XQ03,,,,"真的\r假的"\r\n' "$PH" > "$tx/cr.csv"
refuse "note with a CR alone" "$tx/cr.csv" "note (备注) '真的<U+000D>假的' holds a control character, U+000D (carriage return)"
# Every column of the row is checked, each named.
printf '%s\r\n0199\342\200\21390001000,测试\007事项,01,XQ03,,,,\r\n' "$PH" > "$tx/two.csv"
refuse "two columns" "$tx/two.csv" "code (事项编码)" && err_has "name (事项名称) '测试<U+0007>事项'"
# Units: the code and the name.
printf 'code,name,kind\r\nXQ\342\200\21399,新部门,department\r\n' > "$tx/unit-zwsp.csv"
refuse "unit code with U+200B" "$tx/unit-zwsp.csv" "code (编码) 'XQ<U+200B>99' holds an invisible character" unit import
printf 'code,name,kind\r\nXQ99,新\033部门,department\r\n' > "$tx/unit-esc.csv"
refuse "unit name with ESC" "$tx/unit-esc.csv" "name (名称) '新<U+001B>部门' holds a control character" unit import
# Delegation sheets: the power, the document, the note.
printf '%s\r\n0106\342\200\21310001001,XXXQ,JZ01,下放,%s,2026-02-01,\r\n' "$DZ" "$tdoc" > "$tx/deleg-zwsp.csv"
refuse "delegated power with U+200B" "$tx/deleg-zwsp.csv" "power (事项编码) '0106<U+200B>10001001' holds an invisible character" delegate --csv
printf '%s\r\n010610001001,XXXQ,JZ01,下放,%s\a,2026-02-01,\r\n' "$DZ" "$tdoc" > "$tx/deleg-bel.csv"
refuse "document with BEL" "$tx/deleg-bel.csv" "document (依据文号) '$tdoc<U+0007>' holds a control character" delegate --csv
printf '%s\r\n010610001001,XXXQ,JZ01,下放,%s,2026-02-01,"见\033[2J"\r\n' "$DZ" "$tdoc" > "$tx/deleg-note.csv"
refuse "delegation note with ESC" "$tx/deleg-note.csv" "note (备注) '见<U+001B>[2J' holds a control character" delegate --csv

# What the multi-line fields may hold: tabs, LF, CR LF (kept as given).
printf '%s\r\n019990001000,测试事项,01,XQ03,,"第一条\r\n第二条\t附",,"一\n二"\r\n' "$PH" > "$tx/lines.csv"
cp "$txdb" "$tx/lines.db"
expect 0 "note and legal basis over lines" "$powers" --db "$tx/lines.db" import "$tx/lines.csv"
got=$(sqlite3 "$tx/lines.db" "SELECT hex(legal_basis) || '|' || hex(note) FROM power WHERE code = '019990001000'")
name="line breaks kept as given"
[ "$got" = "$(printf '第一条\r\n第二条\t附' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)|$(printf '一\n二' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" ] && pass || fail "got '$got'"
# Spaces inside a name are seen, and kept.
printf '%s\r\n019990001000,测试 事项,01,XQ03,,,,\r\n' "$PH" > "$tx/name-space.csv"
expect 0 "a space inside a name" "$powers" --db "$tx/lines.db" import "$tx/name-space.csv"

# ---- the command line: --by, --document, --note (exit 2, named)

expect 2 "--by with ESC" "$powers" --db "$txdb" --by "$(printf 'clerk\033[8m')" import "$fixtures/powers.csv" &&
	err_has "--by 'clerk<U+001B>[8m' holds a control character, U+001B (escape): delete it"
same_registry "--by with ESC"
expect 2 "--by with U+200B" "$powers" --db "$txdb" --by "$(printf 'clerk\342\200\213')" head &&
	err_has "--by 'clerk<U+200B>' holds an invisible character"
expect 2 "--by not UTF-8" "$powers" --db "$txdb" --by "$(printf 'clerk\377')" head &&
	err_has "--by 'clerk<0xFF>' holds byte 0xFF, which is not UTF-8"
expect 2 "--document with BEL" "$powers" --db "$txdb" delegate 010610001001 --to JZ01 --mode delegate \
	--document "$(printf '%s\a' "$tdoc")" --effective 2026-02-01 &&
	err_has "--document '$tdoc<U+0007>' holds a control character, U+0007 (bell)"
same_registry "--document with BEL"
expect 2 "--note with CR" "$powers" --db "$txdb" delegate 010610001001 --to JZ01 --mode delegate \
	--document "$tdoc" --effective 2026-02-01 --note "$(printf 'ok\rno')" &&
	err_has "--note 'ok<U+000D>no' holds a control character, U+000D (carriage return)"
same_registry "--note with CR"
expect 2 "--document over two lines" "$powers" --db "$txdb" delegate 010610001001 --to JZ01 --mode delegate \
	--document "$(printf 'a\nb')" --effective 2026-02-01 &&
	err_has "--document 'a<U+000A>b' holds a line break or tab"
cp "$txdb" "$tx/note.db"
expect 0 "--note over two lines" "$powers" --db "$tx/note.db" delegate 010610001001 --to JZ01 --mode delegate \
	--document "$tdoc" --effective 2026-02-01 --note "$(printf 'first\nsecond')"

# ---- Excel's scientific notation, in every code column

hint="looks like a number Excel turned into scientific notation: format the code column as text (文本) and type the codes again"
printf '%s\r\n1.03E+10,测试事项,01,XQ03,,,,\r\n' "$PH" > "$tx/sci.csv"
refuse "code 1.03E+10" "$tx/sci.csv" "code (事项编码) '1.03E+10' $hint"
printf '%s\r\n1.03e10,测试事项,01,XQ03,,,,\r\n' "$PH" > "$tx/sci-lower.csv"
refuse "code 1.03e10" "$tx/sci-lower.csv" "code (事项编码) '1.03e10' looks like a number"
printf '%s\r\n"1,03E+10",测试事项,01,XQ03,,,,\r\n' "$PH" > "$tx/sci-comma.csv"
refuse "code 1,03E+10" "$tx/sci-comma.csv" "code (事项编码) '1,03E+10' looks like a number"
printf 'code,name,kind\r\n1E+11,新部门,department\r\n' > "$tx/sci-unit.csv"
refuse "unit code 1E+11" "$tx/sci-unit.csv" "code (编码) '1E+11' looks like a number" unit import
printf '%s\r\n1.06E+10,XXXQ,JZ01,下放,%s,2026-02-01,\r\n' "$DZ" "$tdoc" > "$tx/sci-deleg.csv"
refuse "delegated power 1.06E+10" "$tx/sci-deleg.csv" "power (事项编码) '1.06E+10' looks like a number Excel turned into scientific notation: format the power column as text" delegate --csv

# ---- the nearest names, and the valid values

printf '%s\r\n019990001000,测试事项,01,住建局,,,,\r\n' "$PH" > "$tx/dept-short.csv"
refuse "department by a short form" "$tx/dept-short.csv" "unknown department '住建局': did you mean '住房和城乡建设局' (XQ06)?"
printf '%s\r\n019990001000,测试事项,01,财政,,,,\r\n' "$PH" > "$tx/dept-part.csv"
refuse "department by a part of its name" "$tx/dept-part.csv" "unknown department '财政': did you mean '财政局' (XQ04)?"
printf '%s\r\n019990001000,测试事项,01,XQ3,,,,\r\n' "$PH" > "$tx/dept-typo.csv"
refuse "department code mistyped" "$tx/dept-typo.csv" "unknown department 'XQ3': did you mean"
err_has "'发展改革和商务局' (XQ03)"
# Only the kinds the column takes are suggested: no new city here.
printf '%s\r\n019990001000,测试事项,01,沣东新成,,,,\r\n' "$PH" > "$tx/dept-city.csv"
refuse "department near a new city" "$tx/dept-city.csv" "unknown department '沣东新成'"
name="no new city suggested for a department"
grep -q "FDXC" "$tmp/err" && fail "FDXC suggested" || pass
printf '%s\r\n019990001000,测试事项,01,XQ03,,,ZZZZZZZZ,\r\n' "$PH" > "$tx/holder-far.csv"
refuse "holder near nothing" "$tx/holder-far.csv" "unknown holder 'ZZZZZZZZ': no unit has a name or code near it; give the code or the exact name of a unit of the registry"
printf '%s\r\n010610001001,XXXQ,沣东新成,下放,%s,2026-02-01,\r\n' "$DZ" "$tdoc" > "$tx/to-typo.csv"
refuse "receiver mistyped" "$tx/to-typo.csv" "unknown to '沣东新成': did you mean '沣东新城' (FDXC)" delegate --csv
printf '%s\r\n019990001000,测试事项,行政许诺,XQ03,,,,\r\n' "$PH" > "$tx/cat.csv"
refuse "category mistyped" "$tx/cat.csv" "unknown category '行政许诺': did you mean 01 行政许可? the categories: 01 行政许可, 02 行政处罚, 03 行政强制, 04 行政征收, 05 行政给付, 06 行政检查, 07 行政确认, 08 行政奖励, 09 行政裁决, 10 其他行政权力, 20 公共服务"
printf '%s\r\n019990001000,测试事项,99,XQ03,,,,\r\n' "$PH" > "$tx/cat-far.csv"
refuse "category far" "$tx/cat-far.csv" "unknown category '99': the categories: 01 行政许可, "
printf 'code,name,kind\r\nXQ99,新部门,区县\r\n' > "$tx/kind.csv"
refuse "kind unknown" "$tx/kind.csv" "unknown kind '区县': new_area (新区), department (部门), new_city (新城) or street_town (街镇)" unit import
printf '%s\r\n019990001000,测试事项,01,XQ03,第三类,,,\r\n' "$PH" > "$tx/class.csv"
refuse "class unknown" "$tx/class.csv" "unknown class '第三类': economic (经济发展和项目审批类) or social (社会管理类)"
printf '%s\r\n010610001001,XXXQ,JZ01,转移,%s,2026-02-01,\r\n' "$DZ" "$tdoc" > "$tx/mode.csv"
refuse "mode unknown" "$tx/mode.csv" "unknown mode '转移': delegate (下放), entrust (委托), revoke (收回) or cancel (取消)" delegate --csv
# A name that several units share: each named with its code.
printf 'code,name,kind,parent\r\nJZ90,同名街道,street_town,XXXQ\r\nJZ91,同名街道,street_town,XXXQ\r\n' > "$tx/twins.csv"
cp "$txdb" "$tx/twins.db"
"$powers" --db "$tx/twins.db" -q unit import "$tx/twins.csv"
printf '%s\r\n010610001001,XXXQ,同名街道,下放,%s,2026-02-01,\r\n' "$DZ" "$tdoc" > "$tx/to-twins.csv"
expect 3 "receiver named by a shared name" "$powers" --db "$tx/twins.db" delegate --csv "$tx/to-twins.csv" &&
	err_has "to-twins.csv:2: to '同名街道' names several units: JZ90 (street_town), JZ91 (street_town): give the code"
