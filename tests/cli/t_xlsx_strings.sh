# A workbook's shared strings past what is kept in memory (SST_MEMORY,
# 4 MiB: src/read/xlsxin_sst.h) go to a scratch file in $TMPDIR and come
# back the same: 20,000 powers of unique text, each column its own
# shared string (as Excel saves a sheet), import to the registry their
# CSV gives.  The scratch file is gone afterwards; a $TMPDIR where none
# can be made is an I/O error that says where and writes nothing.

xg=$(dirname "$powers")/../xlsxgen
sd=$tmp/strings
mkdir -p "$sd/tmp"
if [ ! -x "$xg" ]; then
	name="xlsxgen built"; fail "no $xg: run 'make build/xlsxgen'"
fi

# 20,000 powers, each name and basis its own text, about 6 MB of strings.
awk 'BEGIN {
	print "事项编码,事项名称,事项类型,主管部门,事权类别,设定依据,实施主体,备注"
	for (i = 1; i <= 20000; i++)
		printf "9%011d,第%d项经济发展事项的审批与核准（按《西咸新区事权清单》办理）,行政许可,XQ01,经济发展和项目审批类,《西咸新区管理办法》第%d条第%d款，《陕西省优化营商环境条例》第%d条,,备注%d之说明\n",
		    i, i, i, i % 97, i % 89, i
}' > "$sd/powers.csv"
"$xg" -s 事项 "$sd/powers.xlsx" < "$sd/powers.csv"
strings_bytes=$(unzip -p "$sd/powers.xlsx" xl/sharedStrings.xml | wc -c)
name="the workbook's shared strings pass 4 MiB"
[ "$strings_bytes" -gt 4194304 ] && pass || fail "only $strings_bytes bytes"

fresh "$sd/csv.db"
"$powers" --db "$sd/csv.db" -q import "$sd/powers.csv"
"$powers" --db "$sd/csv.db" -q export --what powers --format csv --out "$sd/want.csv"
fresh "$sd/x.db"
expect 0 "import a workbook of 20,000 unique strings" env TMPDIR="$sd/tmp" \
	"$powers" --db "$sd/x.db" import "$sd/powers.xlsx" &&
	out_has "20000 powers: 20000 new"
"$powers" --db "$sd/x.db" -q export --what powers --format csv --out "$sd/got.csv"
name="strings read back from the scratch file give the CSV's registry"
same_file "$sd/want.csv" "$sd/got.csv"
name="the scratch file is not left in \$TMPDIR"
[ -z "$(ls -A "$sd/tmp")" ] && pass || fail "left: $(ls -A "$sd/tmp")"

# The same workbook with its shared strings in reverse order (each cell
# renumbered): the sheet asks for the strings backwards, from the end of
# the scratch file to its start.
python3 - "$sd/powers.xlsx" "$sd/rev.xlsx" <<'PY'
import re, sys, zipfile
src, dst = sys.argv[1:]
with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
    sst = z.read("xl/sharedStrings.xml").decode()
    items = re.findall(r"<si>.*?</si>", sst, re.S)
    n = len(items)
    head = sst[:sst.index("<si>")]
    tail = sst[sst.rindex("</si>") + 5:]
    for info in z.infolist():
        data = z.read(info.filename)
        if info.filename == "xl/sharedStrings.xml":
            data = (head + "".join(reversed(items)) + tail).encode()
        elif info.filename == "xl/worksheets/sheet1.xml":
            data = re.sub(r'(t="s"[^>]*><v>)(\d+)(</v>)',
                lambda m: m.group(1) + str(n - 1 - int(m.group(2))) + m.group(3),
                data.decode()).encode()
        out.writestr(info, data)
PY
name="the reversed workbook numbers its first cell's string last"
unzip -p "$sd/rev.xlsx" xl/worksheets/sheet1.xml | grep -q '<c r="A2" t="s"><v>[1-9][0-9]\{4\}</v>' &&
	pass || fail "$(unzip -p "$sd/rev.xlsx" xl/worksheets/sheet1.xml | head -c 600)"
fresh "$sd/rev.db"
expect 0 "a workbook whose cells ask for strings backwards" env TMPDIR="$sd/tmp" \
	"$powers" --db "$sd/rev.db" -q import "$sd/rev.xlsx"
"$powers" --db "$sd/rev.db" -q export --what powers --format csv --out "$sd/rev.out"
name="strings asked for backwards read back the same"; same_file "$sd/want.csv" "$sd/rev.out"

# No scratch file can be made: exit 5 (I/O), saying where, nothing written.
fresh "$sd/no.db"
cp "$sd/no.db" "$sd/no.before"
expect 5 "no scratch file for the shared strings" env TMPDIR="$sd/none/here" \
	"$powers" --db "$sd/no.db" import "$sd/powers.xlsx" &&
	err_has "powers.xlsx" && err_has "shared strings" && err_has "$sd/none/here" &&
	err_has "TMPDIR"
name="no scratch file: nothing written"; same_file "$sd/no.before" "$sd/no.db"
