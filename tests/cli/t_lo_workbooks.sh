# Workbooks made by LibreOffice (not by libxlsxwriter, as the other tests'
# are): tests/cli/lo/powers-lo.xlsx and delegations-lo.xlsx were made from
# the fixtures by LibreOffice 7.4 (Debian 12's libreoffice-calc-nogui):
#
#   { echo 西咸新区经济管理事权下放清单; iconv -f GB18030 -t UTF-8 \
#       fixtures/powers.csv | sed 's/\r$//'; } > 事项.csv
#   sed 's/^\xEF\xBB\xBF//; s/\r$//' fixtures/delegations.csv > 下放.csv
#   soffice --headless --infilter="CSV:44,34,76,1,1/2/2/2/3/2/4/2/5/2/6/2/7/2/8/2" \
#       --convert-to xlsx 事项.csv
#   soffice --headless --infilter="CSV:44,34,76,1,1/2/2/2/3/2/4/2/5/2/6/5/7/2" \
#       --convert-to xlsx 下放.csv
#
# that is: a title row above the header, codes kept as text, the dates of
# 实施时间 as date cells, the sheets named 事项 and 下放.  They import to the
# same registry as the fixtures' CSV files.

lo=$tmp/lo
mkdir -p "$lo"
for k in csv xlsx; do
	fresh "$lo/$k.db"
done
"$powers" --db "$lo/csv.db" -q import "$fixtures/powers.csv"
"$powers" --db "$lo/csv.db" -q delegate --csv "$fixtures/delegations.csv"
expect 0 "LibreOffice workbook: import" "$powers" --db "$lo/xlsx.db" import "$top/tests/cli/lo/powers-lo.xlsx" &&
	out_has "xlsx, 事项" && out_has "skipped title line 1 above the header" &&
	out_has "928 powers: 928 new"
expect 0 "LibreOffice workbook: delegate --file" "$powers" --db "$lo/xlsx.db" delegate --file "$top/tests/cli/lo/delegations-lo.xlsx" &&
	out_has "4722 entries appended"
for k in csv xlsx; do
	"$powers" --db "$lo/$k.db" -q export --what powers --format csv --out "$lo/$k-powers.csv"
	# The log without who recorded it, when, and from which file.
	"$powers" --db "$lo/$k.db" -q export --what log --format csv --out - | cut -d, -f1-12 > "$lo/$k-log.csv"
done
name="LibreOffice workbook: the same powers as the CSV"; same_file "$lo/csv-powers.csv" "$lo/xlsx-powers.csv"
name="LibreOffice workbook: the same log as the CSV"; same_file "$lo/csv-log.csv" "$lo/xlsx-log.csv"
expect 0 "LibreOffice workbook: the seed's figures" "$powers" --db "$lo/xlsx.db" stats --as-of 2022-03-03 -f csv &&
	out_has "2022-03-03,808,720,89.11,88,120"
