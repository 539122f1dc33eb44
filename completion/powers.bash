# bash completion for powers(1)
#
# It needs a plain bash and nothing else: not the bash-completion package
# (no _init_completion, no _filedir), which it does not use even where it
# is loaded, so that it behaves the same on every machine.  Units are
# completed from the registry the command line names (--db, else
# $POWERS_DB, else ./powers.db), by code and by name, of the kinds the
# option takes; quietly nothing when there is no registry.  The formats and
# kinds each command takes are tables here, checked against what the
# program accepts by tests/cli/t_completion.sh.
# shellcheck disable=SC2086 # the tables are lists of words, split on purpose

_powers_commands="init migrate unit import delegate cancel undo list show history diff
positive-list stats sql schema export backup verify head"

# The formats of --format, and of export's.
_powers_formats="table csv tsv json markdown"
_powers_export_formats="csv tsv json xlsx html"
_powers_kinds="new_area department new_city street_town"

# The options that take an argument, whatever the command.
_powers_argopts=" --db --by --timeout --as-of --as-recorded --effective --document --note
--since --until --expect-head --param --category --format -f --kind --mode
--class --what --labels --timezone --delimiter --encoding --to --from --unit
--department --out -o --manifest --csv --file --sheet --title --issuer "

# _powers_reply WORD...: COMPREPLY gets each WORD that starts with $cur,
# after $pfx.  No word is expanded or split (a unit's name may hold any
# character).
_powers_reply()
{
	local w
	COMPREPLY=()
	for w in "$@"; do
		[[ $w == "$cur"* ]] && COMPREPLY+=("$pfx$w")
	done
}

# _powers_files: the files and folders that start with $cur.
_powers_files()
{
	# Outside a completion (a test calling _powers) compopt says so.
	compopt -o filenames 2>/dev/null
	mapfile -t COMPREPLY < <(compgen -f -- "$cur")
}

# _powers_units [live] KIND...: the codes and names of the registry's units
# of the kinds (every kind when none), "live": not retired.  The registry
# is $db, else what the program finds itself; any error means no units.
_powers_units()
{
	local live='' i code='' name='' kind='' retired='' want=" $* "
	local -a f args=() units=()
	[ "$1" = live ] && live=1 && shift && want=" $* "
	[ $# -eq 0 ] && want=" $_powers_kinds "
	[ -n "$db" ] && args=(--db "$db")
	{
		IFS=$'\t' read -r -a f || return
		for ((i = 0; i < ${#f[@]}; i++)); do
			case ${f[i]} in
			code) code=$i ;;
			name) name=$i ;;
			kind) kind=$i ;;
			retired_from) retired=$i ;;
			esac
		done
		[ -n "$code" ] && [ -n "$name" ] && [ -n "$kind" ] || return
		while IFS=$'\t' read -r -a f; do
			[[ $want == *" ${f[kind]} "* ]] || continue
			[ -n "$live" ] && [ -n "$retired" ] && [ -n "${f[retired]}" ] &&
			    continue
			units+=("${f[code]}" "${f[name]}")
		done
	} < <("$prog" "${args[@]}" --timeout 1 unit list --format tsv \
	    2>/dev/null </dev/null)
	_powers_reply "${units[@]}"
}

# _powers_words: words, cword, cur, prev from COMP_WORDS, with what bash
# split at '=' put together again ("--db" "=" "x" is "--db=x"); a current
# word "--opt=value" is prev "--opt", cur "value", and pfx what the reply
# must start with ("--opt=" when bash left the word whole).
_powers_words()
{
	local i n w glue=0
	words=() cword=0 pfx=
	for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
		w=${COMP_WORDS[i]}
		n=${#words[@]}
		if ((glue)); then
			words[n - 1]+=$w
			glue=0
		elif [ "$w" = = ] && ((n > 1)) && [[ ${words[n - 1]} == --* ]]; then
			words[n - 1]+='='
			glue=1
		else
			words+=("$w")
		fi
		((i == COMP_CWORD)) && cword=$((${#words[@]} - 1))
	done
	# The cursor after the last word: an empty word to complete.
	((COMP_CWORD >= ${#COMP_WORDS[@]})) && words+=("") &&
	    cword=$((${#words[@]} - 1))
	cur=${words[cword]}
	prev=
	((cword > 0)) && prev=${words[cword - 1]}
	if [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
		[[ ${COMP_WORDS[COMP_CWORD]} == --*=* ]] && pfx=$prev=
	fi
}

# _powers_value: COMPREPLY for the argument of option $prev of $cmd; 1 when
# $prev takes none.
_powers_value()
{
	case $prev in
	--db|--out|-o|--manifest|--csv|--file)
		_powers_files ;;
	--format|-f)
		if [ "$cmd" = export ]; then
			_powers_reply $_powers_export_formats
		else
			_powers_reply $_powers_formats
		fi ;;
	--kind)
		case $cmd in
		positive-list|export) _powers_reply new_city street_town ;;
		*) _powers_reply $_powers_kinds ;;
		esac ;;
	--mode)
		_powers_reply delegate entrust revoke cancel 下放 委托 收回 取消 ;;
	--class)
		_powers_reply economic social ;;
	--what)
		_powers_reply powers grants log positive-list ;;
	--labels)
		_powers_reply zh en ;;
	--by)
		[ "$cmd" = stats ] && _powers_reply new_city street_town department ;;
	--timezone)
		_powers_reply Asia/Shanghai UTC ;;
	--delimiter)
		_powers_reply comma tab semicolon ;;
	--encoding)
		_powers_reply GB18030 GBK UTF-8 UTF-16LE UTF-16BE ;;
	--to)
		[ "$cmd" = delegate ] && _powers_units live new_city street_town ;;
	--from)
		[ "$cmd" = delegate ] && _powers_units new_area department ;;
	--unit)
		if [ "$cmd" = positive-list ]; then
			_powers_units new_city street_town
		else
			_powers_units
		fi ;;
	--department)
		_powers_units new_area department ;;
	*)
		[[ $_powers_argopts == *[[:space:]]${prev}[[:space:]]* ]] || return 1 ;;
	esac
	return 0
}

# _powers_operands FROM: how many operands (not options or their
# arguments) the words from FROM to the current one hold.
_powers_operands()
{
	local j n=0
	for ((j = $1; j < cword; j++)); do
		if [[ $_powers_argopts == *[[:space:]]${words[j]}[[:space:]]* ]]; then
			((j++))
		elif [[ ${words[j]} != -* ]]; then
			((n++))
		fi
	done
	echo $n
}

_powers()
{
	local cur prev words cword pfx cmd i db='' prog
	_powers_words
	prog=${words[0]/#\~/$HOME}

	# The command is the first word that is not a global option; --db
	# names the registry.
	cmd=
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--db) db=${words[i + 1]}; ((i++)) ;;
		--db=*) db=${words[i]#--db=} ;;
		--by|--timeout) ((i++)) ;;
		-*) ;;
		*) cmd=${words[i]}; break ;;
		esac
	done
	db=${db/#\~/$HOME}

	_powers_value && return

	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			_powers_reply --db --quiet --by --timeout --version --help
		else
			_powers_reply $_powers_commands
		fi
		return
	fi

	# The unit commands are two words: the case is unit_WORD.
	if [ "$cmd" = unit ] && [ "$cword" -eq $((i + 1)) ]; then
		_powers_reply import list show retire
		return
	fi
	[ "$cmd" = unit ] && cmd=unit_${words[i + 1]} && ((i++))

	local opts=
	case $cmd in
	init) opts="--timezone --quiet" ;;
	migrate) opts="--status --quiet" ;;
	unit_import|import) opts="--effective --correction --dry-run --encoding --delimiter --ignore-unknown --sheet --quiet" ;;
	unit_list) opts="--as-of --as-recorded --kind --format" ;;
	unit_show) opts="--as-of --as-recorded --format" ;;
	unit_retire) opts="--effective --document --note --dry-run --quiet" ;;
	delegate) opts="--file --csv --to --from --mode --document --effective --note --dry-run --encoding --delimiter --ignore-unknown --sheet --quiet" ;;
	cancel) opts="--effective --document --note --dry-run --quiet" ;;
	undo) opts="--dry-run --quiet" ;;
	list) opts="--unit --kind --department --category --class --as-of --as-recorded --format" ;;
	show) opts="--as-of --as-recorded --format" ;;
	history) opts="--unit --since --until --as-recorded --format" ;;
	diff) opts="--from --to --unit --as-recorded --format" ;;
	positive-list) opts="--unit --kind --department --as-of --as-recorded --format" ;;
	stats) opts="--as-of --as-recorded --by --format" ;;
	sql) opts="--format --param --timeout" ;;
	schema) opts="--format" ;;
	export) opts="--what --unit --kind --department --format --out --as-of --as-recorded --bom --raw --manifest --labels --title --issuer --quiet" ;;
	verify) opts="--expect-head --since --quiet" ;;
	esac
	if [[ $cur == -* ]]; then
		_powers_reply $opts --help
		return
	fi
	# The operands: files, one unit, or nothing to offer.
	case $cmd in
	import|unit_import|backup)
		_powers_files ;;
	unit_show)
		[ "$(_powers_operands $((i + 1)))" -eq 0 ] && _powers_units ;;
	unit_retire)
		[ "$(_powers_operands $((i + 1)))" -eq 0 ] &&
		    _powers_units live new_city street_town ;;
	*)
		COMPREPLY=() ;;
	esac
}
complete -F _powers powers
