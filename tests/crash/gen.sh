#!/bin/sh
# Big input files for the crash trials, with awk (a fresh Debian has no
# python3).  They use the units of fixtures/units.csv.
#
# usage: sh tests/crash/gen.sh DIR ROWS
#   DIR/powers1.csv       ROWS powers (UTF-8, English header, LF)
#   DIR/powers2.csv       the same powers, every 7th renamed, ROWS/10 more
#   DIR/delegations.csv   grants, entrustments and revocations of the
#                         first ROWS/2 powers (Chinese header, CRLF)
set -eu
dir=$1
rows=$2

powers='BEGIN {
	print "code,name,category,department,class,legal_basis,holder,note"
	n = variant == 1 ? rows : rows + int(rows / 10)
	for (i = 1; i <= n; i++) {
		name = "测试事项" i
		if (variant == 2 && i % 7 == 1)
			name = name "（改）"
		printf "9%011d,%s,%02d,XQ%02d,%s,\"《测试条例》第%d条，第一款\",,%s\n",
		    i, name, i % 10 + 1, i % 20 + 1,
		    i % 7 == 0 ? "social" : "economic", i, i % 3 == 0 ? "批量" : ""
	}
}'
awk -v rows="$rows" -v variant=1 "$powers" > "$dir/powers1.csv"
awk -v rows="$rows" -v variant=2 "$powers" > "$dir/powers2.csv"

awk -v rows="$rows" 'BEGIN {
	split("FDXC FXXC QHXC KGXC JHXC", city, " ")
	printf "\357\273\277事项编码,原实施主体,承接单位,调整方式,依据文号,实施时间,备注\r\n"
	for (i = 1; i <= rows / 2; i++) {
		code = sprintf("9%011d", i)
		c = city[i % 5 + 1]
		printf "%s,XXXQ,%s,下放,西咸管发〔2026〕1号,2026-01-05,\r\n", code, c
		if (i % 4 == 0)
			printf "%s,XXXQ,JZ%02d,委托,西咸管发〔2026〕2号,2026-02-01,\r\n",
			    code, i % 19 + 1
		if (i % 8 == 0)
			printf "%s,XXXQ,%s,收回,西咸管发〔2026〕3号,2026-03-01,交回\r\n",
			    code, c
	}
}' > "$dir/delegations.csv"
