# The man page and the bash completion name every option that a command
# accepts, and none that it does not.  The options come from the program
# itself: each command's --help prints a line per option of the table it
# parses with (src/cli/opt.c), so no list is kept here by hand.

man=$top/doc/powers.1
: > "$tmp/out"
: > "$tmp/err"
completion=$top/completion/powers.bash

# help_options [COMMAND...]: the options in the Options block of
# 'powers [COMMAND] --help', one a line ("-f", "--format").
help_options() {
	"$powers" "$@" --help | awk '
		/^Options:/ { f = 1; next }
		f && /^$/ { exit }
		f {
			l = $0
			sub(/^ +/, "", l)
			if (substr(l, 1, 1) != "-")
				next
			n = index(l, "  ")
			if (n > 0)
				l = substr(l, 1, n - 1)
			k = split(l, w, " ")
			for (i = 1; i <= k; i++)
				if (substr(w[i], 1, 1) == "-") {
					sub(/,$/, "", w[i])
					print w[i]
				}
		}'
}

# The commands, as 'powers --help' lists them.
commands() {
	"$powers" --help | awk '
		/^Commands:/ { f = 1; next }
		f && /^$/ { exit }
		f { l = substr($0, 3); print substr(l, 1, index(l, "  ") - 1) }'
}

# man_flags: the options named by Fl in the mdoc lines on stdin, one a
# line: ".Fl \-format" is --format, ".Fl f" is -f.
man_flags() {
	awk '{
		fl = 0
		for (i = 1; i <= NF; i++) {
			w = $i
			if (w == "Fl" || w == ".Fl") { fl = 1; continue }
			if (w ~ /^\.?[A-Z][a-z][a-z]?$/) { fl = 0; continue }
			if (!fl || w ~ /^[|,;.()]+$/)
				continue
			sub(/[,;.)]+$/, "", w)
			if (substr(w, 1, 2) == "\\-")
				print "--" substr(w, 3)
			else
				print "-" w
		}
	}'
}

# man_entry COMMAND [synopsis]: the man page's entry of COMMAND, from its
# ".It Cm COMMAND" lines to the next command's; with "synopsis", those
# lines alone.
man_entry() {
	awk -v cmd="$1" -v syn="$2" '
		/^\.It Cm / || /^\.Sh / {
			rest = substr($0, 8)
			this = /^\.It Cm / && (rest == cmd ||
			    substr(rest, 1, length(cmd) + 1) == cmd " ")
			if (this) { f = 1; print; next }
			f = 0
		}
		f && syn == "" { print }' "$man"
}

# completion_options COMMAND: the long options the completion offers
# after COMMAND (a two-word command's case is WORD1_WORD2: unit_import).
completion_options() {
	awk -v key="$(echo "$1" | tr ' ' _)" '
		/^\tcase \$cmd in/ { f = 1; next }
		f && /^\tesac/ { exit }
		f {
			pat = $1
			sub(/\).*/, "", pat)
			k = split(pat, p, "|")
			for (i = 1; i <= k; i++)
				if (p[i] == key) {
					l = $0
					sub(/^[^"]*"/, "", l)
					sub(/".*/, "", l)
					n = split(l, o, " ")
					for (j = 1; j <= n; j++)
						print o[j]
				}
		}' "$completion"
}

# same_set NAME A B: the lines of files A and B are the same set; else
# what each lacks is named.
same_set() {
	sort -u "$2" > "$tmp/set.a"
	sort -u "$3" > "$tmp/set.b"
	if cmp -s "$tmp/set.a" "$tmp/set.b"; then
		pass
	else
		name=$1
		fail "in the program only: $(comm -23 "$tmp/set.a" \
		    "$tmp/set.b" | tr '\n' ' ')in $4 only: $(comm -13 \
		    "$tmp/set.a" "$tmp/set.b" | tr '\n' ' ')"
	fi
}

# subset NAME A B WHAT: every line of A is in B.
subset() {
	sort -u "$2" > "$tmp/set.a"
	sort -u "$3" > "$tmp/set.b"
	missing=$(comm -23 "$tmp/set.a" "$tmp/set.b" | tr '\n' ' ')
	if [ -z "$missing" ]; then
		pass
	else
		name=$1
		fail "$missing$4"
	fi
}

commands > "$tmp/commands"
if [ -s "$tmp/commands" ]; then pass; else name="options: commands"; fail "powers --help lists no command"; fi

# Every option of every command, and the global ones: what the page may name.
help_options > "$tmp/global"
cp "$tmp/global" "$tmp/all"
while read -r c; do
	# shellcheck disable=SC2086 # "unit import" is two words
	help_options $c | grep -vx -e -h -e --help > "$tmp/opts"
	cat "$tmp/opts" >> "$tmp/all"

	man_entry "$c" | man_flags > "$tmp/man"
	subset "options: man page, $c" "$tmp/opts" "$tmp/man" \
	    "accepted by '$c' but not in its entry of doc/powers.1"
	man_entry "$c" synopsis | man_flags > "$tmp/man"
	subset "options: man synopsis, $c" "$tmp/man" "$tmp/opts" \
	    "in the synopsis of '$c' in doc/powers.1 but not accepted"

	# The usage line, written by hand in the table, names only options
	# the command accepts.
	# shellcheck disable=SC2086
	"$powers" $c --help | awk '/^$/ { exit } { print }' |
	    grep -o -e '--[a-z][a-z-]*' -e '\[-[a-z]\b' | tr -d '[' | sort -u > "$tmp/usage"
	subset "options: usage line, $c" "$tmp/usage" "$tmp/opts" \
	    "in the usage line of '$c' but not accepted"

	grep -x -e '--.*' "$tmp/opts" > "$tmp/long"
	completion_options "$c" > "$tmp/comp"
	same_set "options: completion, $c" "$tmp/long" "$tmp/comp" \
	    "completion/powers.bash"
done < "$tmp/commands"

# Every option the page names anywhere is accepted by some command.
man_flags < "$man" > "$tmp/man"
subset "options: man page names" "$tmp/man" "$tmp/all" \
    "named in doc/powers.1 but accepted by no command"

# The global options: the page's list of them, and the completion's.
sed -n '/^Global options:/,/^\.El/p' "$man" | man_flags > "$tmp/man"
same_set "options: man page, global" "$tmp/global" "$tmp/man" "doc/powers.1"
sed -n 's/.*_powers_reply \(--db .*\)$/\1/p' "$completion" | tr ' ' '\n' \
    | grep -x -e '--.*' > "$tmp/comp"
grep -x -e '--.*' "$tmp/global" > "$tmp/long"
same_set "options: completion, global" "$tmp/long" "$tmp/comp" \
    "completion/powers.bash"

# The commands the completion offers: the first words, then unit's second.
cut -d' ' -f1 < "$tmp/commands" | sort -u > "$tmp/words"
sed -n '/^_powers_commands="/,/"$/p' "$completion" |
    sed 's/_powers_commands="//; s/"//' | tr ' ' '\n' | grep . > "$tmp/comp"
same_set "options: completion, commands" "$tmp/words" "$tmp/comp" \
    "completion/powers.bash"
sed -n 's/^unit //p' "$tmp/commands" | sort -u > "$tmp/words"
sed -n 's/.*_powers_reply \(import .*\)$/\1/p' "$completion" | tr ' ' '\n' |
    grep . > "$tmp/comp"
same_set "options: completion, unit commands" "$tmp/words" "$tmp/comp" \
    "completion/powers.bash"
