# export --labels zh|en: Chinese column headers and values for people,
# English (the default) for scheduled jobs; a Chinese export of the powers
# imports back; workbooks with date cells and a print set-up.

ldb=$tmp/labels.db
fresh "$ldb"
"$powers" --db "$ldb" -q import "$fixtures/powers.csv"
"$powers" --db "$ldb" -q delegate --csv "$fixtures/delegations.csv"
# A cancellation to come, so that the log holds every mode and the
# power is still in today's lists.
"$powers" --db "$ldb" -q cancel 202020002000 --effective 2027-01-01 --document '西咸新区发〔2026〕9号'
lx=$tmp/labels
mkdir -p "$lx"

# lb_header FILE: the first line of FILE without its line end.
lb_header() {
	head -n 1 "$1" | tr -d '\r'
}

# The default is en, but for html (zh): the same bytes as --labels en,
# the columns as before.
for what in powers grants log; do
	for f in csv tsv json xlsx html; do
		[ $f = html ] && l=zh || l=en
		expect 0 "labels: $what as $f, $l" "$powers" --db "$ldb" -q export --what "$what" --labels $l --out "$lx/$what.$l.$f" &&
		expect 0 "labels: $what as $f, default" "$powers" --db "$ldb" -q export --what "$what" --out "$lx/$what.$f" &&
		same_file "$lx/$what.$f" "$lx/$what.$l.$f"
	done
done
name="labels: en keeps the columns"
[ "$(lb_header "$lx/powers.csv")" = "code,name,category_code,category,department_code,department,class,legal_basis,holder_code,holder,note,exercised_by_codes,exercised_by,exercised_modes" ] &&
	pass || fail "$(lb_header "$lx/powers.csv")"

# zh: the contract's Chinese names, and values for people.
expect 0 "labels: powers in Chinese" "$powers" --db "$ldb" -q export --labels zh --out "$lx/powers.zh.csv"
name="labels: the Chinese header of powers"
[ "$(lb_header "$lx/powers.zh.csv")" = "事项编码,事项名称,类型编码,事项类型,部门编码,主管部门,事权类别,设定依据,实施主体编码,实施主体,备注,行使单位编码,行使单位,行使方式" ] &&
	pass || fail "$(lb_header "$lx/powers.zh.csv")"
name="labels: classes and modes in Chinese"
grep -qF "010310001000,企业投资项目核准,01,行政许可,XQ03,发展改革和商务局,经济发展和项目审批类," "$lx/powers.zh.csv" &&
	grep -qF ",下放;下放;下放;下放;下放" "$lx/powers.zh.csv" && ! grep -q ',economic,\|delegate' "$lx/powers.zh.csv" &&
	pass || fail "$(sed -n 2p "$lx/powers.zh.csv")"
name="labels: the same rows as in English"
[ "$(wc -l < "$lx/powers.zh.csv")" -eq "$(wc -l < "$lx/powers.csv")" ] && pass || fail "$(wc -l < "$lx/powers.zh.csv") lines"

# Every column of every export has a Chinese name, each its own.
for sel in "--what powers" "--what grants" "--what log" "--what positive-list --unit FDXC" \
    "--what positive-list --kind street_town" "--what positive-list --department XQ06"; do
	# shellcheck disable=SC2086
	expect 0 "labels: $sel in Chinese" "$powers" --db "$ldb" -q export $sel --labels zh --format tsv --out "$lx/zh.tsv"
	name="labels: $sel: every header Chinese and unique"
	lb_header "$lx/zh.tsv" | tr '\t' '\n' > "$lx/heads"
	if grep -q '[A-Za-z_]' "$lx/heads" || [ "$(sort -u "$lx/heads" | wc -l)" -ne "$(wc -l < "$lx/heads")" ]; then
		fail "$(tr '\n' ' ' < "$lx/heads")"
	else
		pass
	fi
	# shellcheck disable=SC2086
	"$powers" --db "$ldb" -q export $sel --format tsv --out "$lx/en.tsv"
	name="labels: $sel: as many columns and rows as in English"
	[ "$(awk -F'\t' '{ print NF }' "$lx/zh.tsv" | sort -u)" = "$(awk -F'\t' '{ print NF }' "$lx/en.tsv" | sort -u)" ] &&
		[ "$(wc -l < "$lx/zh.tsv")" -eq "$(wc -l < "$lx/en.tsv")" ] && pass || fail "differ"
done

expect 0 "labels: the log in Chinese" "$powers" --db "$ldb" -q export --what log --labels zh --out "$lx/log.zh.csv"
name="labels: the log's header names the contract's columns"
lb_header "$lx/log.zh.csv" | grep -qF "记录号,实施时间,事项编码,事项名称,调整方式,原实施主体编码,原实施主体,承接单位编码,承接单位,依据文号,备注," &&
	pass || fail "$(lb_header "$lx/log.zh.csv")"
name="labels: every mode in Chinese"
[ "$(tail -n +2 "$lx/log.zh.csv" | cut -d, -f5 | LC_ALL=C sort -u | tr '\n' ' ')" = "下放 取消 委托 收回 " ] && pass ||
	fail "$(tail -n +2 "$lx/log.zh.csv" | cut -d, -f5 | LC_ALL=C sort -u | tr '\n' ' ')"
expect 0 "labels: grants in Chinese" "$powers" --db "$ldb" -q export --what grants --labels zh --format tsv --out "$lx/grants.zh.tsv"
name="labels: kinds of unit in Chinese"
[ "$(tail -n +2 "$lx/grants.zh.tsv" | cut -f8 | LC_ALL=C sort -u | tr '\n' ' ')" = "新城 街镇 " ] && pass ||
	fail "$(tail -n +2 "$lx/grants.zh.tsv" | cut -f8 | LC_ALL=C sort -u | tr '\n' ' ')"
expect 0 "labels: a positive list in Chinese" "$powers" --db "$ldb" -q export --what positive-list --department XQ06 --labels zh --out "$lx/dept.zh.csv"
name="labels: levels in Chinese"
tail -n +2 "$lx/dept.zh.csv" | cut -d, -f2 | grep -qx '新区本级' && ! grep -q 'new_area_level' "$lx/dept.zh.csv" && pass || fail "$(sed -n 2p "$lx/dept.zh.csv")"

# json: keys stay English, for machines; the values are for people.
expect 0 "labels: json in Chinese" "$powers" --db "$ldb" -q export --labels zh --format json --out "$lx/powers.zh.json"
name="labels: json keys English, values Chinese"
[ "$(sqlite3 :memory: "SELECT json_extract(CAST(readfile('$lx/powers.zh.json') AS TEXT), '\$[0].class') || ' ' ||
    json_extract(CAST(readfile('$lx/powers.zh.json') AS TEXT), '\$[0].exercised_modes')")" = "经济发展和项目审批类 下放;下放;下放;下放;下放" ] &&
	pass || fail "$(head -c 300 "$lx/powers.zh.json")"

# html: a page for the public is Chinese unless --labels en asks.
expect 0 "labels: html in English" "$powers" --db "$ldb" -q export --what positive-list --unit FDXC --labels en --format html --out "$lx/fd.en.html" &&
	expect 0 "labels: html by default" "$powers" --db "$ldb" -q export --what positive-list --unit FDXC --format html --out "$lx/fd.html" &&
	expect 0 "labels: html in Chinese" "$powers" --db "$ldb" -q export --what positive-list --unit FDXC --labels zh --format html --out "$lx/fd.zh.html" &&
	same_file "$lx/fd.html" "$lx/fd.zh.html"
name="labels: html in English has English headings and modes"
grep -qF '<th>code</th>' "$lx/fd.en.html" && grep -qF '<td>delegate</td>' "$lx/fd.en.html" && ! grep -qF '<th>事项编码</th>' "$lx/fd.en.html" &&
	grep -qF '<th>事项编码</th>' "$lx/fd.html" && pass || fail "$(grep -m1 '<th>' "$lx/fd.en.html")"

# Bad values are usage errors, and nothing is written.
expect 2 "labels: an unknown language" "$powers" --db "$ldb" -q export --labels fr --out "$lx/fr.csv" &&
	err_has "export: --labels: zh or en, not 'fr'"
name="labels: nothing written for a bad --labels"
[ ! -e "$lx/fr.csv" ] && pass || fail "written"

# The round trip: a Chinese export of the powers imports back to the same
# powers (the columns the import does not know are the holders of today).
rdb=$tmp/labels-back.db
fresh "$rdb"
expect 0 "labels: a Chinese export imports back" "$powers" --db "$rdb" -q import --ignore-unknown "$lx/powers.zh.csv"
lb_powers() {
	sqlite3 "$1" "SELECT code, name, category, department, class, legal_basis, holder, note FROM power ORDER BY code"
}
name="labels: the same powers after the round trip"
lb_powers "$ldb" > "$lx/p.a"
lb_powers "$rdb" > "$lx/p.b"
[ -s "$lx/p.a" ] && cmp -s "$lx/p.a" "$lx/p.b" && pass || fail "$(diff "$lx/p.a" "$lx/p.b" | head -5)"
expect 0 "labels: imported again, nothing changes" "$powers" --db "$rdb" import --ignore-unknown "$lx/powers.zh.csv" &&
	out_has "0 new, 0 changed"

# The workbook: date cells, a print set-up, a footer with the head.
if command -v unzip >/dev/null 2>&1; then
	head=$("$powers" --db "$ldb" head | cut -d' ' -f2)
	expect 0 "labels: the log as a workbook in Chinese" "$powers" --db "$ldb" -q export --what log --labels zh --out "$lx/log.zh.xlsx"
	unzip -p "$lx/log.zh.xlsx" xl/worksheets/sheet1.xml > "$lx/log.xml"
	unzip -p "$lx/log.zh.xlsx" xl/workbook.xml > "$lx/wb.xml"
	unzip -p "$lx/log.zh.xlsx" xl/styles.xml > "$lx/styles.xml"
	name="xlsx: landscape"
	grep -q '<pageSetup[^>]*orientation="landscape"' "$lx/log.xml" && pass || fail "$(grep -o '<pageSetup[^>]*>' "$lx/log.xml")"
	name="xlsx: fit to one page wide"
	grep -q '<pageSetUpPr fitToPage="1"/>' "$lx/log.xml" && grep -q '<pageSetup[^>]*fitToHeight="0"' "$lx/log.xml" &&
		! grep -q 'fitToWidth="[02-9]' "$lx/log.xml" && pass || fail "$(grep -o '<pageSetup[^>]*>' "$lx/log.xml")"
	name="xlsx: the header row on every page"
	grep -q "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'\?[^<]*'\?!\$1:\$1</definedName>" "$lx/wb.xml" &&
		pass || fail "$(grep -o '<definedNames>.*</definedNames>' "$lx/wb.xml")"
	name="xlsx: a footer with the date and the head"
	grep -o '<oddFooter>[^<]*</oddFooter>' "$lx/log.xml" > "$lx/footer"
	grep -qF "$head" "$lx/footer" && grep -q '20[0-9][0-9]-[01][0-9]-[0-3][0-9]' "$lx/footer" && pass || fail "$(cat "$lx/footer")"
	name="xlsx: the Chinese header"
	grep -qF '<c r="B1" t="inlineStr" s="1"><is><t>实施时间</t></is></c>' "$lx/log.xml" ||
		grep -qF '<t>实施时间</t>' "$lx/log.xml" && pass || fail "$(head -c 800 "$lx/log.xml")"
	name="xlsx: modes in Chinese"
	grep -qF '<t>下放</t>' "$lx/log.xml" && ! grep -qF '<t>delegate</t>' "$lx/log.xml" && pass || fail "delegate"
	# 2022-02-16 is day 44608 of Excel's calendar; its style a date format.
	name="xlsx: a date is a date cell"
	style=$(grep -o '<c r="B2" s="[0-9]*"><v>44608</v></c>' "$lx/log.xml" | sed 's/.* s="\([0-9]*\)".*/\1/')
	[ -n "$style" ] && pass || fail "$(grep -o '<c r="B2"[^/]*/c>' "$lx/log.xml")"
	name="xlsx: its style is yyyy-mm-dd"
	fmt=$(sed 's/.*<cellXfs[^>]*>//; s/<\/cellXfs>.*//' "$lx/styles.xml" | grep -o '<xf [^>]*>' | sed -n "$((style + 1))p" |
	    sed 's/.*numFmtId="\([0-9]*\)".*/\1/')
	grep -q "<numFmt numFmtId=\"$fmt\" formatCode=\"yyyy\\\\\?-mm\\\\\?-dd\"/>" "$lx/styles.xml" && pass ||
		fail "style $style, numFmt $fmt: $(grep -o '<numFmts.*</numFmts>' "$lx/styles.xml")"
	name="xlsx: a time of record stays text"
	grep -q '<t>20[0-9-]*T[0-9:]*Z</t>' "$lx/log.xml" && pass || fail "no recorded_at"

	# en: the same columns as before, the same print set-up, English footer.
	unzip -p "$lx/log.xlsx" xl/worksheets/sheet1.xml > "$lx/log.en.xml"
	name="xlsx: en keeps its header"
	sed 's/.*<row r="1"//; s/<row r="2".*//' "$lx/log.en.xml" | grep -o '<t>[^<]*</t>' | sed 's/<[^>]*>//g' | tr '\n' ',' > "$lx/h"
	[ "$(cat "$lx/h")" = "$(lb_header "$lx/log.csv")," ] && pass || fail "$(head -c 300 "$lx/h")"
	name="xlsx: en has the print set-up and footer"
	grep -q 'orientation="landscape"' "$lx/log.en.xml" && grep -qF "$head" "$lx/log.en.xml" && pass || fail "none"
	name="xlsx: en dates are date cells too"
	grep -q '<c r="B2" s="[0-9]*"><v>44608</v></c>' "$lx/log.en.xml" && pass || fail "$(grep -o '<c r="B2"[^/]*/c>' "$lx/log.en.xml")"

	# A positive list of several units: every sheet has its print set-up.
	expect 0 "labels: a workbook of every new city" "$powers" --db "$ldb" -q export --what positive-list --kind new_city --labels zh --out "$lx/cities.xlsx"
	name="xlsx: each sheet prints its header on every page"
	[ "$(unzip -p "$lx/cities.xlsx" xl/workbook.xml | grep -o '_xlnm.Print_Titles' | wc -l)" -eq 5 ] &&
		[ "$(unzip -p "$lx/cities.xlsx" 'xl/worksheets/sheet*.xml' | grep -o 'orientation="landscape"' | wc -l)" -eq 5 ] &&
		pass || fail "$(unzip -p "$lx/cities.xlsx" xl/workbook.xml | grep -o '<definedNames>.*</definedNames>')"
	name="xlsx: grants' start dates are date cells"
	"$powers" --db "$ldb" -q export --what grants --labels zh --out "$lx/grants.xlsx"
	unzip -p "$lx/grants.xlsx" xl/worksheets/sheet1.xml | grep -q '<c r="M2" s="[0-9]*"><v>[0-9]*</v></c>' && pass || fail "no date in M2"
else
	echo "skipped: xlsx print set-up and dates (no unzip)"
fi
