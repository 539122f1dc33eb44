# Malformed inputs (tests/bad2/MANIFEST): each refused with its exit
# status and message, FILE:LINE where the error has a line, "nothing
# written", and the registry's content exactly as before.

bad2=$top/tests/bad2
mal=$tmp/malformed
mkdir -p "$mal"

# The three registries the cases start from.
"$powers" --db "$mal/empty.db" -q init
cp "$mal/empty.db" "$mal/units.db"
"$powers" --db "$mal/units.db" -q unit import "$fixtures/units.csv"
cp "$mal/units.db" "$mal/full.db"
"$powers" --db "$mal/full.db" -q import "$fixtures/powers.csv"
"$powers" --db "$mal/full.db" -q delegate --csv "$fixtures/delegations.csv"
for r in empty units full; do
	rm -f "$mal/$r.db-wal" "$mal/$r.db-shm"
	sqlite3 "$mal/$r.db" .dump > "$mal/$r.dump"
done

ncases=0
while IFS='|' read -r file reg cmd want line msg note; do
	case $file in ''|'#'*) continue ;; esac
	ncases=$((ncases + 1))
	cp "$mal/$reg.db" "$mal/work.db"
	rm -f "$mal/work.db-wal" "$mal/work.db-shm"
	# shellcheck disable=SC2086
	run "$powers" --db "$mal/work.db" $cmd "$bad2/$file"
	name="malformed $file"
	if [ "$note" = pending ]; then
		# Should be refused; accepted today.  Say so, do not fail.
		if [ "$status" -eq "$want" ]; then pass; else
			echo "note: $file: accepted (exit $status), should be refused: known gap"
		fi
		continue
	fi
	if [ "$status" -ne "$want" ]; then
		fail "exit $status, wanted $want"
		continue
	fi
	pass
	[ -n "$line" ] && err_has "$bad2/$file:$line: "
	err_has "$msg"
	[ "$want" -eq 3 ] && err_has "nothing written"
	out_empty
	if grep -qE 'runtime error|Sanitizer' "$tmp/err"; then fail "sanitizer report"; else pass; fi
	sqlite3 "$mal/work.db" .dump > "$mal/work.dump"
	name="malformed $file leaves the registry"
	same_file "$mal/$reg.dump" "$mal/work.dump"
done < "$bad2/MANIFEST"

name="malformed: at least 40 cases"
[ "$ncases" -ge 40 ] && pass || fail "only $ncases cases in tests/bad2/MANIFEST"

# Options and files that are not there: the exit status says whose fault.
cp "$mal/units.db" "$mal/work.db"
rm -f "$mal/work.db-wal" "$mal/work.db-shm"
w=$mal/work.db
expect 2 "malformed: unknown encoding" "$powers" --db "$w" import --encoding NO-SUCH-CODESET "$bad2/three-errors.csv" &&
	err_has "unknown encoding 'NO-SUCH-CODESET'"
# A folder is not a regular file: refused as input (issue 11), not an I/O error.
expect 3 "malformed: a folder for a file" "$powers" --db "$w" import "$bad2" &&
	err_has "is a folder, not a regular file"
expect 2 "malformed: no file" "$powers" --db "$w" import
expect 2 "malformed: two files" "$powers" --db "$w" import "$bad2/bom-only.csv" "$bad2/bom-only.csv"
expect 2 "malformed: --csv and --to" "$powers" --db "$w" delegate --csv "$bad2/deleg-unknown-mode.csv" --to JZ01
expect 2 "malformed: a code without --to" "$powers" --db "$w" delegate 010610001001 --mode delegate
expect 3 "malformed: UTF-16LE forced on an odd file" "$powers" --db "$w" import --encoding UTF-16LE "$bad2/utf16-odd-length.txt"
expect 3 "malformed: GB18030 forced on UTF-8" "$powers" --db "$w" unit import --encoding GB18030 "$fixtures/units.csv" &&
	err_has "units.csv: the file is UTF-8, not GB18030: leave --encoding out, or give --encoding UTF-8"
expect 3 "malformed: tab forced on commas" "$powers" --db "$w" import --delimiter tab "$bad2/three-errors.csv" &&
	err_has "three-errors.csv:1: the header has one column; the file seems to use ',': give --delimiter ','"
expect 3 "malformed: semicolon forced" "$powers" --db "$w" -q import --delimiter semicolon "$bad2/three-errors.csv"
expect 3 "malformed: \\t forced" "$powers" --db "$w" import --delimiter '\t' "$bad2/three-errors.csv"
expect 3 "malformed: ; forced, dry run" "$powers" --db "$w" import --dry-run --delimiter ';' "$bad2/three-errors.csv"
expect 3 "malformed: unknown columns ignored, the rest still checked" "$powers" --db "$w" delegate --ignore-unknown --csv "$bad2/deleg-unknown-column.csv" &&
	err_has "unknown power '010610001001'"
expect 3 "malformed: , forced" "$powers" --db "$w" import --delimiter , "$bad2/three-errors.csv" &&
	err_has "three-errors.csv:4: unknown class"
expect 3 "malformed: comma forced" "$powers" --db "$w" import --delimiter comma "$bad2/three-errors.csv"
expect 3 "malformed: a tab character forced" "$powers" --db "$w" import --delimiter "$(printf '\t')" "$bad2/three-errors.csv"
expect 3 "malformed: an empty --encoding detects" "$powers" --db "$w" import --encoding '' "$bad2/three-errors.csv" &&
	err_has "three-errors.csv:4: unknown class"
expect 2 "malformed: an encoding name of 80 letters" "$powers" --db "$w" import \
	--encoding "$(printf '%080d' 0 | tr 0 X)" "$bad2/three-errors.csv" && err_has "unknown encoding"
expect 3 "malformed: UTF8, the other spelling" "$powers" --db "$w" import --encoding UTF8 "$bad2/three-errors.csv" &&
	err_has "three-errors.csv:4: unknown class"
# A NUL, then a byte invalid in the encoding given: the NUL is named.
printf 'code,name,category,department\r\n019990001000,a\000b,01,XQ03\r\n019990002000,\377,01,XQ03\r\n' > "$mal/nul-then-bad.csv"
expect 3 "malformed: a NUL before a bad byte, UTF-8 forced" "$powers" --db "$w" import --encoding UTF-8 "$mal/nul-then-bad.csv" &&
	err_has "nul-then-bad.csv:2: NUL byte"
# Five fields of 900 KB on one line: a record over 4 MiB.
awk 'BEGIN { printf "code,name,category,department,note\r\n"
	for (k = 0; k < 1000; k++) c = c "x"	# (mawk: no sprintf over 8 KiB)
	for (f = 0; f < 5; f++) {
		for (k = 0; k < 900; k++) printf "%s", c
		printf f < 4 ? "," : "\r\n"
	} }' > "$mal/record-4mib.csv"
expect 3 "malformed: a record over 4 MiB" "$powers" --db "$w" import "$mal/record-4mib.csv" &&
	err_has "record-4mib.csv:2: record over 4 MiB"
# A quote opened and never closed, over 1.1 MB: refused before the end.
awk 'BEGIN { printf "code,name,category,department\r\n1,\""
	for (k = 0; k < 1000; k++) c = c "y"
	for (k = 0; k < 1100; k++) printf "%s", c
	printf "\r\n" }' > "$mal/quote-1mib.csv"
expect 3 "malformed: an unterminated quote over 1 MiB" "$powers" --db "$w" import "$mal/quote-1mib.csv" &&
	err_has "quote-1mib.csv:2: unterminated quote"
rm -f "$mal/record-4mib.csv" "$mal/quote-1mib.csv"
# 150 bad rows: the first 100 are shown, then the count of the rest.
{
	printf 'code,name,category,department\r\n'
	awk 'BEGIN { for (i = 1; i <= 150; i++) printf "0199%08d,x,99,XQ03\r\n", i }'
} > "$mal/many.csv"
expect 3 "malformed: 150 bad rows" "$powers" --db "$w" import "$mal/many.csv" &&
	err_has "many.csv:101: unknown category '99'" && err_has "50 more errors not shown" &&
	err_has "150 errors; nothing written"
n=$(grep -c "unknown category" "$tmp/err")
name="malformed: 100 errors shown"; [ "$n" -eq 100 ] && pass || fail "$n shown"
sqlite3 "$w" .dump > "$mal/work.dump"
name="malformed: options leave the registry"; same_file "$mal/units.dump" "$mal/work.dump"
