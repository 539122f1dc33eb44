# bash completion for powers(1)

_powers_commands="init migrate unit import delegate cancel list show history diff
positive-list stats sql schema export backup verify head"

_powers()
{
	local cur prev words cword cmd i
	_init_completion || return

	# The command is the first word that is not a global option.
	cmd=
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--db|--by|--timeout) ((i++)) ;;
		-*) ;;
		*) cmd=${words[i]}; break ;;
		esac
	done

	case $prev in
	--db|--out|--manifest|--csv)
		_filedir
		return ;;
	--format)
		COMPREPLY=($(compgen -W "table csv tsv json markdown xlsx html" -- "$cur"))
		return ;;
	--kind)
		COMPREPLY=($(compgen -W "new_area department new_city street_town" -- "$cur"))
		return ;;
	--mode)
		COMPREPLY=($(compgen -W "delegate entrust revoke cancel 下放 委托 收回 取消" -- "$cur"))
		return ;;
	--class)
		COMPREPLY=($(compgen -W "economic social" -- "$cur"))
		return ;;
	--what)
		COMPREPLY=($(compgen -W "powers grants log positive-list" -- "$cur"))
		return ;;
	--by)
		[ "$cmd" = stats ] &&
		    COMPREPLY=($(compgen -W "new_city street_town department" -- "$cur"))
		return ;;
	--timezone)
		COMPREPLY=($(compgen -W "Asia/Shanghai UTC" -- "$cur"))
		return ;;
	--delimiter)
		COMPREPLY=($(compgen -W "comma tab semicolon" -- "$cur"))
		return ;;
	--encoding)
		COMPREPLY=($(compgen -W "GB18030 GBK UTF-8 UTF-16LE UTF-16BE" -- "$cur"))
		return ;;
	esac

	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--db --quiet --by --timeout --version --help" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$_powers_commands" -- "$cur"))
		fi
		return
	fi

	# The unit commands are two words: the case is unit_WORD.
	if [ "$cmd" = unit ] && [ "$cword" -eq $((i + 1)) ]; then
		COMPREPLY=($(compgen -W "import list show retire" -- "$cur"))
		return
	fi
	[ "$cmd" = unit ] && cmd=unit_${words[i + 1]}

	local opts=
	case $cmd in
	init) opts="--timezone" ;;
	migrate) opts="--status" ;;
	unit_import|import) opts="--dry-run --encoding --delimiter --ignore-unknown --quiet" ;;
	unit_list) opts="--as-of --kind --format" ;;
	unit_show) opts="--as-of --format" ;;
	unit_retire) opts="--effective --document --note --dry-run --quiet" ;;
	delegate) opts="--csv --to --from --mode --document --effective --note --dry-run --encoding --delimiter --ignore-unknown --quiet" ;;
	cancel) opts="--effective --document --note --dry-run --quiet" ;;
	list) opts="--unit --kind --department --category --class --as-of --format" ;;
	show) opts="--as-of --format" ;;
	history) opts="--unit --since --until --format" ;;
	diff) opts="--from --to --unit --format" ;;
	positive-list) opts="--unit --kind --department --as-of --format" ;;
	stats) opts="--as-of --by --format" ;;
	sql) opts="--format --param --timeout" ;;
	schema) opts="--format" ;;
	export) opts="--what --unit --kind --department --format --out --as-of --bom --raw --manifest --title --issuer" ;;
	verify) opts="--expect-head" ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))
	else
		_filedir
	fi
}
complete -F _powers powers
