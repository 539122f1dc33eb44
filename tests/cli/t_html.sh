# The HTML export in a real browser: headless Chromium renders the page,
# runs its filter (given in the address, "#q=..."), and takes a
# screenshot.  Skipped, saying so, where Chromium is not installed.

chromium=/usr/bin/chromium
if [ ! -x "$chromium" ]; then
	echo "skipped: html in a browser ($chromium missing; tools/deps installs it)"
else
	hdb=$tmp/html.db
	fresh "$hdb"
	"$powers" --db "$hdb" -q import "$fixtures/powers.csv"
	"$powers" --db "$hdb" -q delegate --csv "$fixtures/delegations.csv"
	page=$tmp/fd.html
	"$powers" --db "$hdb" -q export --what positive-list --unit FDXC --out "$page"

	# html_browser ARGS...: Chromium headless, with a fresh profile and no
	# network of its own; its chatter on stderr is dropped.
	html_browser() {
		profile=$(mktemp -d "$tmp/chromium.XXXXXX")
		timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
		    --no-first-run --disable-background-networking --disable-component-update \
		    --disable-sync --disable-dev-shm-usage --user-data-dir="$profile" "$@" 2>/dev/null
	}
	# html_shown FILE: rows of the page's tables the filter left visible.
	html_shown() {
		grep -o '<tr><td>' "$1" | wc -l
	}

	name="html: the page renders with every row shown"
	html_browser --dump-dom "file://$page" > "$tmp/all.dom"
	[ "$(html_shown "$tmp/all.dom")" -eq 652 ] && [ "$(grep -c '<tr hidden' "$tmp/all.dom")" -eq 0 ] &&
		grep -q '显示 652 / 652 项' "$tmp/all.dom" && pass || fail "$(html_shown "$tmp/all.dom") rows shown"

	# 建筑 in the address: the filter narrows the rows in the browser.
	name="html: the filter narrows the rows"
	html_browser --dump-dom "file://$page#q=%E5%BB%BA%E7%AD%91" > "$tmp/some.dom"
	n=$(html_shown "$tmp/some.dom")
	want=$(grep '<tr><td>' "$page" | grep -c '建筑')
	[ "$n" -gt 0 ] && [ "$n" -lt 652 ] && [ "$n" -eq "$want" ] &&
		[ "$(grep -c '<tr hidden' "$tmp/some.dom")" -eq $((652 - n)) ] &&
		grep -q "显示 $n / 652 项" "$tmp/some.dom" && pass || fail "$n rows shown, $want hold 建筑"
	name="html: the rows kept hold the text"
	[ "$(grep '<tr><td>' "$tmp/some.dom" | grep -vc '建筑')" -eq 0 ] && pass || fail "$(grep '<tr><td>' "$tmp/some.dom" | grep -v '建筑' | head -2)"
	name="html: departments without a match are hidden"
	grep -q '<section class="group" hidden' "$tmp/some.dom" && pass || fail "none hidden"

	# A department's name matches its rows too; two words narrow further.
	name="html: the filter reads headings and several words"
	html_browser --dump-dom "file://$page#q=%E8%B4%A2%E6%94%BF%E5%B1%80" > "$tmp/dept.dom"
	html_browser --dump-dom "file://$page#q=%E5%BB%BA%E7%AD%91%20%E8%AE%B8%E5%8F%AF" > "$tmp/two.dom"
	d=$(html_shown "$tmp/dept.dom")
	t=$(html_shown "$tmp/two.dom")
	[ "$d" -gt 0 ] && [ "$d" -lt 652 ] && [ "$t" -gt 0 ] && [ "$t" -le "$n" ] && pass || fail "$d, $t rows shown"

	name="html: a screenshot"
	html_browser --window-size=1280,1600 --screenshot="$tmp/fd.png" "file://$page" >/dev/null
	[ -f "$tmp/fd.png" ] && [ "$(head -c 8 "$tmp/fd.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
		[ "$(wc -c < "$tmp/fd.png")" -gt 20000 ] && pass || fail "$(ls -l "$tmp/fd.png" 2>&1)"
fi
