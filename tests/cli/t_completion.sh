# The bash completion on a plain machine: sourced by a bash with no rc
# file and without the bash-completion package, it completes commands,
# options, the values each command takes, files, and units from the
# registry the command line names.

completion=$top/completion/powers.bash
cdir=$tmp/completion
cbin=$cdir/bin
mkdir -p "$cbin" "$cdir/work"
ln -sf "$powers" "$cbin/powers"
cdb=$cdir/units.db
fresh "$cdb"
"$powers" --db "$cdb" -q import "$fixtures/powers.csv"
"$powers" --db "$cdb" -q unit retire JZ19 --effective 2026-01-01 --document '西咸新区发〔2026〕1号'

# comp WORD...: complete the last WORD of 'powers WORD...' in a plain bash
# (an empty environment, no rc file, in $cdir/work), as bash would call
# _powers; the candidates, sorted, one a line, to $tmp/out, and stderr to
# $tmp/err.  $comp_env: more NAME=VALUE for the environment.
comp() {
	# shellcheck disable=SC2086,SC2016
	(cd "$cdir/work" && env -i PATH="$cbin:/usr/bin:/bin" HOME="$cdir" LANG=C.UTF-8 $comp_env \
	    bash --norc --noprofile -c '
		. "$1" || exit 8
		shift
		# The test is worth nothing where bash-completion is loaded.
		if declare -F _init_completion _filedir >/dev/null; then
			echo "bash-completion is loaded" >&2
			exit 9
		fi
		COMP_WORDS=(powers "$@")
		COMP_CWORD=$#
		COMP_LINE="${COMP_WORDS[*]}"
		COMP_POINT=${#COMP_LINE}
		_powers powers "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' comp "$completion" "$@") > "$tmp/comp" 2> "$tmp/err"
	status=$?
	grep . "$tmp/comp" | LC_ALL=C sort > "$tmp/out"
}
comp_env=

# comp_is NAME WANT: the candidates are the words of WANT, no more.
comp_is() {
	name=$1
	printf '%s\n' $2 | grep . | LC_ALL=C sort > "$tmp/want"
	if [ "$status" -eq 0 ] && cmp -s "$tmp/want" "$tmp/out" && [ ! -s "$tmp/err" ]; then
		pass
	else
		fail "got: $(tr '\n' ' ' < "$tmp/out")wanted: $(tr '\n' ' ' < "$tmp/want")(status $status)"
	fi
}
# comp_units SQL-WHERE PREFIX: the codes and names of the units of $cdb
# WHERE says, that start with PREFIX.
comp_units() {
	sqlite3 "$cdb" "SELECT code FROM unit WHERE ($1) AND substr(code, 1, length('$2')) = '$2'
	    UNION SELECT name FROM unit WHERE ($1) AND substr(name, 1, length('$2')) = '$2'"
}

comp ex
comp_is "completion: a command" "export"
comp unit re
comp_is "completion: a unit command" "retire"
comp --d
comp_is "completion: a global option" "--db"
comp export --lab
comp_is "completion: --labels" "--labels"
comp export --labels ''
comp_is "completion: the languages of --labels" "en zh"
comp export --format ''
comp_is "completion: export's formats" "csv tsv json xlsx html"
comp list --format ''
comp_is "completion: list's formats" "table csv tsv json markdown"
comp list -f j
comp_is "completion: -f is --format" "json"
# bash splits "--format=x" at '=' (COMP_WORDBREAKS): the reply is the value.
comp export --format = x
comp_is "completion: --format=VALUE" "xlsx"
comp export --format =
comp_is "completion: --format=" "csv tsv json xlsx html"
comp positive-list --kind ''
comp_is "completion: positive-list's kinds" "new_city street_town"
comp unit list --kind ''
comp_is "completion: unit list's kinds" "new_area department new_city street_town"

# Each command offers the formats and kinds it takes, and only those: what
# the program itself accepts (a refusal is exit 2).
# comp_try COMMAND OPTION VALUE: run COMMAND with --OPTION VALUE and the
# operands it needs; its exit status.
comp_try() {
	case $1 in
	"unit show") set -- "$@" XXXQ ;;
	show) set -- "$@" 010310001000 ;;
	diff) set -- "$@" --from 2022-01-01 ;;
	positive-list) [ "$2" = kind ] || set -- "$@" --unit FDXC ;;
	sql) set -- "$@" 'SELECT 1' ;;
	export) [ "$2" = kind ] && set -- "$@" --what positive-list --out "$cdir/x.csv" ||
	    set -- "$@" --out "$cdir/x.$3" ;;
	esac
	c=$1 o=$2 v=$3
	shift 3
	# shellcheck disable=SC2086 # "unit show" is two words
	"$powers" --db "$cdb" $c "--$o" "$v" "$@" >/dev/null 2>&1 </dev/null
}
"$powers" --help | awk '/^Commands:/ { f = 1; next } f && /^$/ { exit }
    f { l = substr($0, 3); print substr(l, 1, index(l, "  ") - 1) }' > "$cdir/commands"
while read -r c; do
	for opt in format kind; do
		# shellcheck disable=SC2086
		"$powers" $c --help | grep -q -e "--$opt " || continue
		case $opt in
		format) all="table csv tsv json markdown xlsx html" ;;
		kind) all="new_area department new_city street_town" ;;
		esac
		takes=
		for v in $all; do
			comp_try "$c" $opt "$v"
			[ $? -eq 2 ] || takes="$takes $v"
		done
		# shellcheck disable=SC2086
		comp $c --$opt ''
		comp_is "completion: $c --$opt offers what it takes" "$takes"
	done
done < "$cdir/commands"

# Units from the registry: codes and names, of the kinds the option takes.
comp --db "$cdb" delegate 010310001000 --to ''
comp_is "completion: --to, every new city and street/town" "$(comp_units "kind IN ('new_city', 'street_town') AND code <> 'JZ19'" '')"
comp --db "$cdb" delegate 010310001000 --to 沣
comp_is "completion: --to by a name's start" "$(comp_units "kind IN ('new_city', 'street_town') AND code <> 'JZ19'" 沣)"
name="completion: names are there"
grep -qx 沣东新城 "$tmp/out" && pass || fail "no 沣东新城"
comp --db "$cdb" delegate 010310001000 --from X
comp_is "completion: --from, the New Area level" "$(comp_units "kind IN ('new_area', 'department')" X)"
comp --db "$cdb" list --unit F
comp_is "completion: --unit" "FDXC FXXC"
comp --db "$cdb" list --department ''
comp_is "completion: --department" "$(comp_units "kind IN ('new_area', 'department')" '')"
comp --db "$cdb" export --what positive-list --department 住
comp_is "completion: export --department" "住房和城乡建设局"
comp --db "$cdb" unit show J
comp_is "completion: unit show" "$(comp_units "1" J)"
comp --db "$cdb" unit retire ''
comp_is "completion: unit retire, not the retired" "$(comp_units "kind IN ('new_city', 'street_town') AND code <> 'JZ19'" '')"
comp --db "$cdb" unit retire JZ01 --effective 2026-01-01 ''
comp_is "completion: unit retire takes one unit" ""
comp --db "$cdb" diff --from ''
comp_is "completion: diff's --from is a date" ""

# The registry the command line names: --db=FILE, $POWERS_DB, ./powers.db.
comp --db = "$cdb" list --unit F
comp_is "completion: --db=FILE" "FDXC FXXC"
comp_env="POWERS_DB=$cdb"
comp list --unit F
comp_is "completion: POWERS_DB" "FDXC FXXC"
comp_env=
cp "$cdb" "$cdir/work/powers.db"
comp list --unit F
comp_is "completion: ./powers.db" "FDXC FXXC"
rm "$cdir/work/powers.db"
comp list --unit F
comp_is "completion: no registry, quietly nothing" ""
comp --db "$cdir/none.db" unit show ''
comp_is "completion: a registry that is not there, quietly nothing" ""
name="completion: no registry was created"
[ ! -e "$cdir/none.db" ] && [ ! -e "$cdir/work/powers.db" ] && pass || fail "created"

# Files, without bash-completion's _filedir.
: > "$cdir/work/sheet-a.csv"
: > "$cdir/work/sheet-b.csv"
mkdir -p "$cdir/work/sheets"
comp import sheet
comp_is "completion: files" "sheet-a.csv sheet-b.csv sheets"
comp export --out sheet-
comp_is "completion: --out is a file" "sheet-a.csv sheet-b.csv"
comp list --unit
comp_is "completion: options of a command" "--unit"

# The options that take an argument are those whose help names one, so
# that what follows one is never taken for an operand.
: > "$cdir/argopts"
{ echo; cat "$cdir/commands"; } | while read -r c; do
	# shellcheck disable=SC2086
	"$powers" $c --help | awk '/^Options:/ { f = 1; next } f && /^$/ { exit }
	    f && $0 ~ /^ +-/ {
		sub(/^ +/, ""); n = index($0, "  "); if (n) $0 = substr($0, 1, n - 1)
		k = split($0, w, " ")
		if (k < 2 || w[k] ~ /^-/) next
		for (i = 1; i < k; i++) { sub(/,$/, "", w[i]); print w[i] } }'
done | sort -u > "$cdir/argopts"
sed -n '/^_powers_argopts="/,/"$/p' "$completion" | sed 's/_powers_argopts="//; s/"//' |
    tr ' ' '\n' | grep . | sort -u > "$cdir/comp-argopts"
name="completion: the options that take an argument"
cmp -s "$cdir/argopts" "$cdir/comp-argopts" && pass ||
	fail "in the program only: $(comm -23 "$cdir/argopts" "$cdir/comp-argopts" | tr '\n' ' ')in the completion only: $(comm -13 "$cdir/argopts" "$cdir/comp-argopts" | tr '\n' ' ')"
