# The published page (export --format html) as the public gets it: its
# title and issuer, valid HTML by the W3C's checker (vnu, tools/vnu), and
# its layout measured from inside headless Chromium with a CJK font, at a
# desktop's width and a phone's: no horizontal scrolling, no date, code or
# document number broken over two lines, one column grid across the
# departments' tables, cards on a phone, the filter following the
# address; and printed, the column headings on every page and no filter
# box.  Screenshots go to build/page/ for a person to look at.  Nothing
# here is skipped: a missing browser or checker fails.

pdb=$tmp/page.db
fresh "$pdb"
"$powers" --db "$pdb" -q import "$fixtures/powers.csv"
"$powers" --db "$pdb" -q delegate --csv "$fixtures/delegations.csv"
pages=$tmp/pages
mkdir -p "$pages"
export_page() {
	out=$1
	shift
	"$powers" --db "$pdb" -q export --format html --out "$pages/$out" "$@"
}
export_page fd.html --what positive-list --unit FDXC
export_page nc.html --what positive-list --kind new_city
export_page dept.html --what positive-list --department XQ06
export_page grants.html --what grants --unit FDXC
export_page empty.html --what grants --unit FDXC --as-of 2000-01-01

# --title and --issuer: on the page, escaped; the date it holds as of.
title='沣东新城 <b>权责</b> & "清单"'
issuer="西咸新区管委会 'x' <i>"
expect 0 "page: --title and --issuer" "$powers" --db "$pdb" export \
    --what positive-list --unit FDXC --title "$title" --issuer "$issuer" \
    --as-of 2023-01-01 --out "$pages/titled.html"
name="page: the title escaped in <title> and <h1>"
grep -qF '<title>沣东新城 &lt;b&gt;权责&lt;/b&gt; &amp; &quot;清单&quot;</title>' "$pages/titled.html" &&
	grep -qF '<h1>沣东新城 &lt;b&gt;权责&lt;/b&gt; &amp; &quot;清单&quot;</h1>' "$pages/titled.html" &&
	pass || fail "$(grep -m2 -e '<title>' -e '<h1>' "$pages/titled.html")"
name="page: the issuer escaped on the page"
grep -qF '发布机关：西咸新区管委会 &#39;x&#39; &lt;i&gt;' "$pages/titled.html" && pass ||
	fail "$(grep -m1 -i 'issuer' "$pages/titled.html")"
name="page: the date it holds as of"
grep -qF '截至 <time datetime="2023-01-01">2023-01-01</time>' "$pages/titled.html" &&
	grep -qF '截至 <time datetime="2026-11-26">2026-11-26</time>' "$pages/fd.html" &&
	pass || fail "$(grep -m1 '截至' "$pages/titled.html" "$pages/fd.html")"
name="page: without --title the list names its unit"
grep -qF '<h1>沣东新城 正面清单</h1>' "$pages/fd.html" && ! grep -q '发布机关' "$pages/fd.html" &&
	pass || fail "$(grep -m1 '<h1>' "$pages/fd.html")"
expect 0 "page: --title names a workbook too" "$powers" --db "$pdb" export \
    --what positive-list --unit FDXC --title "$title" --out "$tmp/titled.xlsx"
name="page: the workbook's title"
unzip -p "$tmp/titled.xlsx" docProps/core.xml | grep -qF '<dc:title>沣东新城 &lt;b&gt;权责&lt;/b&gt; &amp; "清单"</dc:title>' &&
	pass || fail "$(unzip -p "$tmp/titled.xlsx" docProps/core.xml | head -c 600)"

expect 2 "page: an empty --title is refused" "$powers" --db "$pdb" export \
    --what positive-list --unit FDXC --title '' --out "$tmp/no.html"
err_has "export: --title needs a text"
expect 2 "page: an invisible character in --issuer is refused" "$powers" --db "$pdb" \
    export --what positive-list --unit FDXC --issuer "$(printf '西咸\342\200\213新区')" --out "$tmp/no.html"
err_has "--issuer"
expect 2 "page: --issuer is for html" "$powers" --db "$pdb" export \
    --what positive-list --unit FDXC --issuer 西咸新区 --out "$tmp/no.csv"
err_has "export: --issuer is for html, not csv"
expect 2 "page: --title is for html and xlsx" "$powers" --db "$pdb" export \
    --what positive-list --unit FDXC --title 清单 --format json --out "$tmp/no.json"
err_has "export: --title is for html and xlsx, not json"
name="page: a refused option writes nothing"
[ ! -e "$tmp/no.html" ] && [ ! -e "$tmp/no.csv" ] && [ ! -e "$tmp/no.json" ] && pass || fail "$(ls "$tmp"/no.*)"

# The headings: h1, then h2 (a department, or a unit of a kind), then h3.
name="page: headings skip no level"
for p in fd dept grants; do
	grep -q '<h3' "$pages/$p.html" && echo "$p has h3"
done > "$tmp/levels"
grep -q '<h2>' "$pages/nc.html" && grep -q '<h3>' "$pages/nc.html" && grep -q '<h2>' "$pages/fd.html" &&
	[ ! -s "$tmp/levels" ] && pass || fail "$(cat "$tmp/levels")"

# The W3C checker, errors and warnings: none.
name="page: vnu finds nothing wrong"
if jar=$(sh "$top/tools/vnu"); then
	if timeout 300 java -jar "$jar" --also-check-css "$pages"/*.html > "$tmp/vnu.out" 2>&1; then
		[ ! -s "$tmp/vnu.out" ] && pass || fail "$(head -5 "$tmp/vnu.out")"
	else
		fail "$(head -5 "$tmp/vnu.out")"
	fi
else
	fail "no HTML checker: tools/vnu failed (above)"
fi

# page_browser ARGS...: headless Chromium with a fresh profile and no
# network of its own; its chatter on stderr is dropped.
chromium=/usr/bin/chromium
page_browser() {
	profile=$(mktemp -d "$tmp/chromium.XXXXXX")
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
	    --no-first-run --disable-background-networking --disable-component-update \
	    --disable-sync --disable-dev-shm-usage --hide-scrollbars \
	    --user-data-dir="$profile" "$@" 2>/dev/null
}

# page_checks PAGE WIDTH [--fit] [--filter]: page_check.js run in PAGE at WIDTH
# (tests/cli/page_browser.js emulates a phone below 600 px); each
# verdict a pass or a fail.
page_checks() {
	page=$1
	w=$2
	shift 2
	profile=$(mktemp -d "$tmp/chromium.XXXXXX")
	name="page: $(basename "$page") at $w px: the checks ran"
	if node "$top/tests/cli/page_browser.js" "$chromium" "$profile" "file://$page" \
	    "$w" 900 --check "$top/tests/cli/page_check.js" "$@" > "$tmp/verdicts" 2> "$tmp/err" &&
	    [ -s "$tmp/verdicts" ]; then
		pass
	else
		fail "no verdicts"
	fi
	while IFS= read -r v; do
		case "$v" in
		"ok "*) name="page: $(basename "$page"): ${v#ok }"; pass ;;
		*) name="page: $(basename "$page"): ${v#not ok }"; fail "at $w px" ;;
		esac
	done < "$tmp/verdicts"
}

if [ ! -x "$chromium" ]; then
	name="page: in a browser"
	fail "$chromium missing: tools/deps installs chromium"
else
	# A positive list fits the page; a wide export's table may scroll
	# in its box on a desktop, never the page.
	for p in fd nc dept; do
		page_checks "$pages/$p.html" 1280 --fit
		page_checks "$pages/$p.html" 390 --fit
	done
	page_checks "$pages/grants.html" 1280
	page_checks "$pages/grants.html" 390
	page_checks "$pages/fd.html" 1280 --filter
	page_checks "$pages/fd.html" 390 --filter

	# Printed: the headings on every page that has rows, no filter box.
	name="page: printed, the column headings on every page"
	page_browser --no-pdf-header-footer --print-to-pdf="$tmp/fd.pdf" "file://$pages/fd.html" >/dev/null
	if pdftotext "$tmp/fd.pdf" "$tmp/fd.txt" 2>/dev/null; then
		awk 'BEGIN { RS = "\f" } /[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]/ { rows++; if (index($0, "事项名称") == 0) bad++ }
		    /筛选/ { filter++ }
		    END { print rows + 0, bad + 0, filter + 0 }' "$tmp/fd.txt" > "$tmp/fd.pages"
		read -r rows bad filter < "$tmp/fd.pages"
		[ "$rows" -gt 3 ] && [ "$bad" -eq 0 ] && [ "$filter" -eq 0 ] && pass ||
			fail "$rows pages with rows, $bad without headings, $filter with the filter"
	else
		fail "no text from the printed page (pdftotext: tools/deps installs poppler-utils)"
	fi

	# Screenshots for a person: desktop and phone.
	shots=$top/build/page
	mkdir -p "$shots"
	for w in 1280,900 390,844; do
		for p in fd nc; do
			node "$top/tests/cli/page_browser.js" "$chromium" "$(mktemp -d "$tmp/chromium.XXXXXX")" \
			    "file://$pages/$p.html" "${w%,*}" "${w#*,}" --screenshot "$shots/$p-${w%,*}.png"
		done
	done
	name="page: screenshots at 1280 and 390 px"
	[ "$(head -c 8 "$shots/fd-390.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
		[ "$(wc -c < "$shots/fd-1280.png")" -gt 20000 ] && pass || fail "$(ls -l "$shots" 2>&1)"
fi
