#!/bin/sh
# Branch coverage per file of src/, from the .gcda files a --coverage
# build left in BUILD (make coverage), with plain gcov.  Then, for the
# files the reliability issue holds to 90% of branches (the decoder, the
# CSV reader, validation and verify), the lines with a branch never taken.
#
# usage: sh tests/coverage/report.sh BUILD
set -eu
build=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
key="decode.c csvin.c csvin_detect.c csvin_read.c csvin_header.c sheet.c refs.c replay.c db_verify.c"
out=$(mktemp -d /tmp/powers-cov.XXXXXX)	# annotated sources
trap 'rm -rf "$out"' EXIT

printf '%-22s %8s %10s %8s\n' file lines branches taken
for src in src/*/*.c; do
	f=$(basename "$src" .c)
	obj=$build/$(basename "$(dirname "$src")")
	[ -f "$obj/$f.gcno" ] || continue
	gcov -b -n -o "$obj" "$src" 2>/dev/null |
	    awk -v name="$f.c" -v want="$src" '
		/^File / { this = index($0, "'"'"'" want "'"'"'") > 0 }
		this && /^Lines executed:/ { split($2, a, ":"); lines = a[2] }
		this && /^Taken at least once:/ { split($4, a, ":"); taken = a[2]; nb = $6 }
		this && /^No branches/ { taken = "-"; nb = 0 }
		END { if (lines != "") printf "%-22s %8s %10s %8s\n", name, lines, nb, taken }'
done | sort

echo
echo "Branches never taken in the files held to 90%:"
for f in $key; do
	src=$(ls src/*/"$f")
	obj=$build/$(basename "$(dirname "$src")")
	[ -f "$obj/${f%.c}.gcno" ] || continue
	gcov -b -t -o "$obj" "$src" 2>/dev/null > "$out/$f.gcov" || continue
	awk -v name="$f" '
		/^ *[-#=0-9*]+: *[0-9]+:/ { split($0, a, ":"); line = a[2] + 0 }
		/^branch/ && (/never executed/ || / taken 0%/) { miss[line]++ }
		END {
			n = 0
			for (l in miss) lines[n++] = l
			# sort numerically
			for (i = 0; i < n; i++) for (j = i + 1; j < n; j++)
				if (lines[j] + 0 < lines[i] + 0) { t = lines[i]; lines[i] = lines[j]; lines[j] = t }
			s = ""
			for (i = 0; i < n; i++) s = s (i ? " " : "") lines[i]
			if (n) printf "  %s: %s\n", name, s
		}' "$out/$f.gcov"
done
