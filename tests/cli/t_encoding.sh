# A file without a byte order mark whose bytes go wrong late: past a
# megabyte of ASCII or of UTF-8, far beyond the first pass's first block.
# Whether the first pass reads the whole file or only as far as the
# encoding is certain, the verdict is the one on the whole file: the same
# message on the same line, exit 3 and nothing written, or the file read
# as the encoding it turns out to be.

en=$tmp/encoding
mkdir -p "$en"
endb=$en/e.db
fresh "$endb"
sqlite3 "$endb" .dump > "$en/before.dump"
# en_sheet KIND ROWS BADLINE BYTES [BADLINE2 BYTES2]: a powers file without
# a BOM, LF, of ROWS rows: KIND ascii (an English header, ASCII names) or
# utf8 (a Chinese header, Chinese names, of odd length in bytes, which
# GB18030 cannot read: the file is certainly not GB18030 from its first
# row).  At line BADLINE the name ends with BYTES (octal escapes, which
# awk -v reads; \001 stands for a NUL, which no awk string holds), and at
# BADLINE2 with BYTES2.
en_sheet() {
	awk -v kind="$1" -v rows="$2" -v l1="$3" -v l2="${5:-0}" \
	    -v b1="$4" -v b2="${6:-}" 'BEGIN {
		if (kind == "ascii")
			print "code,name,category,department"
		else
			print "事项编码,事项名称,事项类型,主管部门"
		for (i = 2; i <= rows + 1; i++) {
			name = kind == "ascii" ? "item " i : "测试事项" i "号"
			if (i == l1) name = name b1
			if (i == l2) name = name b2
			printf "0199%08d,%s,01,XQ03\n", i, name
		}
	}' | tr '\001' '\000'
}
# en_refused NAME FILE LINE TEXT: refused at FILE:LINE with TEXT, exit 3,
# nothing written.
en_refused() {
	expect 3 "$1" "$powers" --db "$endb" import "$2" &&
		err_has "powers: import: $2:$3: $4" && err_has "nothing written"
	name="$1 leaves the registry"
	sqlite3 "$endb" .dump > "$en/after.dump"
	same_file "$en/before.dump" "$en/after.dump"
}

en_sheet ascii 40000 30000 '\377' > "$en/ascii-ff.csv"
en_sheet utf8 40000 30000 '\377' > "$en/utf8-ff.csv"
for f in ascii-ff utf8-ff; do
	name="encoding: $f.csv is over a megabyte"
	[ "$(wc -c < "$en/$f.csv")" -gt 1048576 ] && pass || fail "too small"
done

# ---- A megabyte of ASCII, then: both encodings stay candidates

en_refused "encoding: late 0xff after ASCII" "$en/ascii-ff.csv" 30000 \
    "bytes invalid in UTF-8 and GB18030"
# A GB18030 character: the file is GB18030 after all, and is read so.
en_sheet ascii 40000 30000 '\326\320' > "$en/ascii-gb.csv"
expect 0 "encoding: late GB18030 after ASCII is read" "$powers" --db "$endb" import --dry-run "$en/ascii-gb.csv" &&
	out_has "GB18030, comma, LF" && out_has "40000 powers: 40000 new"
# UTF-8: read as UTF-8.
en_sheet ascii 40000 30000 '\344\270\255' > "$en/ascii-u8.csv"
expect 0 "encoding: late UTF-8 after ASCII is read" "$powers" --db "$endb" import --dry-run "$en/ascii-u8.csv" &&
	out_has "UTF-8, comma, LF" && out_has "40000 powers: 40000 new"
# A NUL.
en_sheet ascii 40000 30000 '\001' > "$en/ascii-nul.csv"
en_refused "encoding: late NUL after ASCII" "$en/ascii-nul.csv" 30000 "NUL byte"

# ---- A megabyte of UTF-8, then: the file cannot be GB18030

en_refused "encoding: late 0xff after UTF-8" "$en/utf8-ff.csv" 30000 \
    "bytes invalid in UTF-8 and GB18030"
# A GB18030 character pasted in: invalid in both, as a whole.
en_sheet utf8 40000 30000 '\326\320' > "$en/utf8-gb.csv"
en_refused "encoding: late GB18030 after UTF-8" "$en/utf8-gb.csv" 30000 \
    "bytes invalid in UTF-8 and GB18030"
# A surrogate, and a character cut short by the end of a line.
en_sheet utf8 40000 30000 '\355\240\200' > "$en/utf8-sur.csv"
en_refused "encoding: late surrogate after UTF-8" "$en/utf8-sur.csv" 30000 \
    "bytes invalid in UTF-8 and GB18030"
en_sheet utf8 40000 39999 '\344\270' > "$en/utf8-cut.csv"
en_refused "encoding: late cut character after UTF-8" "$en/utf8-cut.csv" 39999 \
    "bytes invalid in UTF-8 and GB18030"
# A character cut by the end of the file.
{ en_sheet utf8 40000 0 ''; printf '\344\270'; } > "$en/utf8-eof.csv"
en_refused "encoding: a character cut by the end of the file" "$en/utf8-eof.csv" 40002 \
    "bytes invalid in UTF-8 and GB18030"
# A NUL alone is a NUL; a NUL then an invalid byte is the invalid byte.
en_sheet utf8 40000 30000 '\001' > "$en/utf8-nul.csv"
en_refused "encoding: late NUL after UTF-8" "$en/utf8-nul.csv" 30000 "NUL byte"
en_sheet utf8 40000 30000 '\001' 35000 '\377' > "$en/utf8-nul-ff.csv"
en_refused "encoding: late NUL, then 0xff, after UTF-8" "$en/utf8-nul-ff.csv" 35000 \
    "bytes invalid in UTF-8 and GB18030"
# Each refusal is the only message: no row before it was in error.
name="encoding: one error"
err_has "1 error; nothing written"
# The same through the other importing commands.
{ echo 'code,name,kind,parent'
  awk 'BEGIN { for (i = 0; i < 40000; i++) printf "U%06d,测试单位%d号,department,XXXQ\n", i, i
	print "U999999,测试\377,department,XXXQ" }'; } > "$en/units-ff.csv"
expect 3 "encoding: unit import, late 0xff after UTF-8" "$powers" --db "$endb" unit import "$en/units-ff.csv" &&
	err_has "$en/units-ff.csv:40002: bytes invalid in UTF-8 and GB18030" &&
	err_has "nothing written"
name="encoding: unit import, late 0xff leaves the registry"
sqlite3 "$endb" .dump > "$en/after.dump"
same_file "$en/before.dump" "$en/after.dump"
# A header refused in a file bad further on: the bad bytes are the verdict.
{ echo '事项编码,事项名称,事项类型,备考'; tail -n +2 "$en/utf8-ff.csv"; } > "$en/utf8-hdr-ff.csv"
en_refused "encoding: an unknown column, then late 0xff" "$en/utf8-hdr-ff.csv" 30000 \
    "bytes invalid in UTF-8 and GB18030"
{ echo '事项编码,事项名称,事项类型,备考'; tail -n +2 "$en/utf8-nul.csv"; } > "$en/utf8-hdr-nul.csv"
en_refused "encoding: an unknown column, then a late NUL" "$en/utf8-hdr-nul.csv" 30000 "NUL byte"
# A valid one is read whole, its hash that of every byte.
en_sheet utf8 40000 0 '' > "$en/utf8-ok.csv"
expect 0 "encoding: a valid UTF-8 file" "$powers" --db "$endb" import "$en/utf8-ok.csv" &&
	out_has "UTF-8, comma, LF" && out_has "40000 powers: 40000 new"
got=$(sqlite3 "$endb" "SELECT sha256 FROM import_run WHERE what = 'powers'")
name="encoding: the SHA-256 of the whole file"
[ "$got" = "$(sha256sum "$en/utf8-ok.csv" | cut -d' ' -f1)" ] && pass || fail "got '$got'"
