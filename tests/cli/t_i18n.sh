# The Chinese interface (GNU gettext, po/zh_CN.po): LANG=zh_CN.UTF-8 gives
# Chinese help, messages and summaries with the same prefixes (powers: CMD:,
# FILE:LINE:) and exit codes; LANG=C, unset or en_US.UTF-8 keeps English
# byte for byte; and every message marked in the code has its translation.
#
# The catalogue is the build's, build/locale/zh_CN/LC_MESSAGES/powers.mo
# (make), found through $POWERS_LOCALEDIR as make demo finds it.  Where the
# system has no zh_CN.UTF-8, it is compiled from the locales package into
# build/locpath with localedef (no root needed) and found through $LOCPATH.

idb=$tmp/i18n.db
i18n_mo=$top/build/locale/zh_CN/LC_MESSAGES/powers.mo
i18n_lp=
if ! locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8'; then
	i18n_lp=$top/build/locpath
	[ -d "$i18n_lp/zh_CN.UTF-8" ] || { mkdir -p "$i18n_lp" &&
	    localedef -i zh_CN -f UTF-8 "$i18n_lp/zh_CN.UTF-8" >/dev/null 2>&1; }
fi

# zh CMD...: CMD in Chinese; en LANG CMD...: in LANG, the catalogue there.
zh() {
	env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=zh_CN.UTF-8 \
	    ${i18n_lp:+LOCPATH=$i18n_lp} POWERS_LOCALEDIR="$top/build/locale" "$@"
}
en() {
	if [ -n "$1" ]; then i18n_env="LANG=$1"; else i18n_env="-u LANG"; fi
	shift
	# shellcheck disable=SC2086
	env -u LC_ALL -u LC_MESSAGES -u LANGUAGE $i18n_env \
	    ${i18n_lp:+LOCPATH=$i18n_lp} POWERS_LOCALEDIR="$top/build/locale" "$@"
}

name="i18n: the catalogue is built"
[ -f "$i18n_mo" ] && pass || fail "no $i18n_mo: run make"
name="i18n: zh_CN.UTF-8 is available"
zh sh -c 'locale 2>&1' | grep -q 'Cannot set' && fail "localedef failed" || pass

fresh "$idb"

# Help: the global one, a command's.
expect 0 "i18n: --help in Chinese" zh "$powers" --help &&
	out_has "用法：powers [--db FILE]" && out_has "命令：" &&
	out_has "从表格导入事项" && out_has "显示此帮助并退出" && err_empty
expect 0 "i18n: import --help in Chinese" zh "$powers" import --help &&
	out_has "用法：powers import [--dry-run]" && out_has "选项：" &&
	out_has "  -n, --dry-run            检查并报告，不写入任何内容"

# Usage errors: the prefix and exit 2.
expect 2 "i18n: an unknown command" zh "$powers" frob &&
	err_has "powers: 未知的命令 'frob'" && err_has "用法：powers"
expect 2 "i18n: a bad option value" zh "$powers" --db "$idb" list --class x &&
	err_has "powers: list: 未知的事权类别 'x'"

# An import error: FILE:LINE: kept, exit 3, the values as they were.
expect 3 "i18n: an import error" zh "$powers" --db "$idb" import "$bad/unknown-category.csv" &&
	err_has "powers: import: $bad/unknown-category.csv:3: 未知的事项类型 '行政许诺'" &&
	err_has "powers: import: $bad/unknown-category.csv: 1 个错误；未写入任何内容"

# The character a refusal names, by its Chinese name.
printf '事项编码,事项名称,事项类型,主管部门,事权类别,设定依据,实施主体,备注\n100120001000,政府\342\200\213信息,其他行政权力,XQ01,社会管理类,依据,,\n' > "$tmp/zwsp.csv"
expect 3 "i18n: an invisible character named in Chinese" zh "$powers" --db "$idb" import "$tmp/zwsp.csv" &&
	err_has "U+200B (零宽空格)" && err_has "含有不可见字符"

# The column, the kinds and the units suggested, in Chinese too.
printf '事项编码,事项名称,事项类型,主管部门,事权类别,设定依据,实施主体,备注\n100120001000,政府信息,其他行政权力,XQ99,社会管理类,依据,JZ01,\n' > "$tmp/kinds.csv"
expect 3 "i18n: a unit of the wrong kind, in Chinese" zh "$powers" --db "$idb" import "$tmp/kinds.csv" &&
	err_has "未知的 主管部门 'XQ99'" && err_has "' (XQ09) 或 '" &&
	err_has "实施主体 'JZ01' 是 街镇，不是新区或其部门"
expect 3 "i18n: the same in English" en C "$powers" --db "$idb" import "$tmp/kinds.csv" &&
	err_has "unknown department 'XQ99'" && err_has "' (XQ09) or '" &&
	err_has "holder 'JZ01' is a street_town, not the New Area or one of its departments"
expect 2 "i18n: --unit of the wrong kind, in Chinese" zh "$powers" --db "$idb" positive-list --unit XQ01 &&
	err_has "'XQ01' 是 部门，不是 新城或街镇（请用 --department）"

# A message of the db layer: no registry there, exit 5 as in English.
expect 5 "i18n: a db-layer message" zh "$powers" --db "$tmp/none.db" list &&
	err_has "powers: '$tmp/none.db' 处没有登记库" && err_has "用 'powers init' 创建"

# An import summary.
expect 0 "i18n: an import summary" zh "$powers" --db "$idb" import "$fixtures/powers.csv" &&
	out_has "928 个事项：新增 928，变更 0，未变 0，文件中缺少 0"

# Table titles for people in Chinese; CSV keeps the column names, and sql
# the query's own.
expect 0 "i18n: a table's titles" zh "$powers" --db "$idb" list --department XQ03 &&
	name="i18n: a table's titles" &&
	{ head -n 1 "$tmp/out" | grep -q '^编码  *名称  *事项类型  *主管部门  *事权类别  *行使单位$' && pass ||
	    fail "$(head -n 1 "$tmp/out")"; }
expect 0 "i18n: CSV keeps the names" zh "$powers" --db "$idb" list --format csv &&
	out_has "code,name,category,department,class,exercised_by"
expect 0 "i18n: sql keeps the query's names" zh "$powers" --db "$idb" sql "SELECT 1 AS code" &&
	name="i18n: sql keeps the query's names" &&
	{ [ "$(head -n 1 "$tmp/out")" = "code" ] && pass || fail "$(head -n 1 "$tmp/out")"; }

# English by default: LANG=C, unset and en_US.UTF-8 give the same bytes,
# those the other tests expect, with the Chinese catalogue at hand.
for lang in C "" en_US.UTF-8; do
	for args in "--help" "import --help" "frob" "list --class x" "list" "stats" \
	    "import $bad/unknown-category.csv" "import --dry-run $fixtures/powers.csv"; do
		# shellcheck disable=SC2086
		run en "$lang" "$powers" --db "$idb" $args
		cat "$tmp/out" "$tmp/err" > "$tmp/i18n.${lang:-unset}.$(echo "$args" | cksum | cut -d' ' -f1)"
	done
done
for f in "$tmp"/i18n.C.*; do
	name="i18n: English without LANG, same bytes as LANG=C"
	same_file "$f" "$tmp/i18n.unset.${f##*.}"
	name="i18n: English under en_US.UTF-8, same bytes as LANG=C"
	same_file "$f" "$tmp/i18n.en_US.UTF-8.${f##*.}"
done
expect 2 "i18n: LANG=C is English" en C "$powers" --db "$idb" list --class x &&
	err_has "powers: list: unknown class 'x'"

# Every message of the code has a Chinese translation, not fuzzy: the
# template made from the sources as 'make pot' makes it, merged with
# po/zh_CN.po.
if ! command -v xgettext >/dev/null 2>&1; then
	name="i18n: xgettext is installed (tools/deps: gettext)"
	fail "no xgettext"
else
	xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=NC_:1c,2 \
	    -o "$tmp/i18n.pot" "$top"/src/*/*.c "$top"/src/*/*.h 2>"$tmp/i18n.xg"
	msgmerge -q --no-fuzzy-matching -o "$tmp/i18n.po" "$top/po/zh_CN.po" "$tmp/i18n.pot"
	for kind in untranslated only-fuzzy; do
		name="i18n: no $kind message in po/zh_CN.po"
		# Each msgid whole, a line each (one of several lines starts
		# with msgid ""): the header's, empty, is not a message.
		msgattrib --$kind --no-obsolete --no-wrap "$tmp/i18n.po" |
		    awk '/^msgid / { on = 1; id = substr($0, 7); next }
			on && /^"/ { id = id $0; next }
			on { on = 0; gsub(/""/, "", id); if (id != "\"\"") print id }' \
		    > "$tmp/i18n.$kind"
		[ -s "$tmp/i18n.$kind" ] && fail "$(wc -l < "$tmp/i18n.$kind") messages: $(head -n 20 "$tmp/i18n.$kind" | tr '\n' '|')" || pass
	done
	name="i18n: the translations keep their formats (msgfmt --check)"
	msgfmt --check -o /dev/null "$tmp/i18n.po" 2>"$tmp/i18n.fmt" && pass ||
	    fail "$(head -c 600 "$tmp/i18n.fmt")"
	# A message that starts with a command's prefix ("import: ") keeps it.
	name="i18n: translations keep the 'CMD: ' prefix"
	cmds=$("$powers" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z -]*[a-z]\)  .*/\1/p' | paste -sd'|' -)
	msgcat --no-wrap "$top/po/zh_CN.po" | awk -v cmds="^($cmds): " '
	    /^msgid "/ { id = $0; sub(/^msgid "/, "", id); next }
	    /^msgstr "/ { s = $0; sub(/^msgstr "/, "", s)
		if (match(id, cmds)) {
			p = substr(id, 1, RLENGTH)
			if (substr(s, 1, RLENGTH) != p) print id
		} }' > "$tmp/i18n.prefix"
	[ -s "$tmp/i18n.prefix" ] && fail "$(head -n 10 "$tmp/i18n.prefix" | tr '\n' '|')" || pass
fi
