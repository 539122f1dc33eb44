# Time: "today" is the date in the registry's time zone (init --timezone,
# default Asia/Shanghai), for every default --as-of and for the views, in
# powers and in the plain sqlite3 shell, whatever the user's zone; recorded
# times stay UTC.  The clock is set by faketime (libfaketime), never by a
# hook of the product; the product ignores the test hooks.

tm=$tmp/time
mkdir -p "$tm"

# at UTC CMD...: run CMD with the clock stopped at UTC (ISO 8601, "Z"), in
# the user's zone $user_tz (faketime reads the time given in that zone).
# POWERS_NOW is unset: only the clock speaks.  ASan must allow libfaketime
# to be preloaded before it.  The clock is stopped (faketime -f with an
# absolute time), not started there: a check one second before midnight
# must not see midnight pass when a loaded machine or ASan is slow.
user_tz=America/Los_Angeles
at() {
	at_t=$(TZ=$user_tz date -d "$1" '+%Y-%m-%d %H:%M:%S')
	shift
	env -u POWERS_NOW TZ=$user_tz \
	    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	    faketime -f "$at_t" "$@"
}

# A bad zone is refused (2) and no registry is made.
for z in Mars/Base ../../etc/passwd /etc/localtime localtime Asia/ "Asia/Shang hai" ""; do
	rm -f "$tm/bad.db"
	expect 2 "init refuses time zone '$z'" "$powers" --db "$tm/bad.db" init --timezone "$z" &&
		err_has "powers: init: --timezone: unknown time zone '$z'" && err_has "IANA name"
	name="init refuses time zone '$z': no registry"
	[ ! -e "$tm/bad.db" ] && pass || fail "a registry was made"
done
expect 2 "init --timezone needs a zone" "$powers" --db "$tm/bad.db" init --timezone

# Three registries, one delegation each, effective 2026-12-02.
for z in Asia/Shanghai UTC America/New_York Asia/Kathmandu; do
	f=$tm/$(echo "$z" | tr / _).db
	rm -f "$f"
	if [ "$z" = Asia/Shanghai ]; then
		expect 0 "init: default zone" "$powers" --db "$f" init && out_has "time zone Asia/Shanghai"
	else
		expect 0 "init --timezone $z" "$powers" --db "$f" init --timezone "$z" && out_has "time zone $z"
	fi
	"$powers" --db "$f" -q unit import "$fixtures/units.csv"
	"$powers" --db "$f" -q import "$fixtures/powers.csv"
	name="zone stored: $z"
	got=$(sqlite3 "$f" "SELECT name FROM time_zone")
	[ "$got" = "$z" ] && pass || fail "time_zone is '$got'"
done
sh=$tm/Asia_Shanghai.db
utc=$tm/UTC.db
ny=$tm/America_New_York.db
ktm=$tm/Asia_Kathmandu.db
for f in "$sh" "$utc"; do
	at 2026-11-30T12:00:00Z "$powers" --db "$f" -q delegate 010510007000 --to FDXC --mode delegate \
	    --document '西咸管发〔2026〕9号' --effective 2026-12-02
done

# today DB UTC: what powers and the sqlite3 shell say today is, at UTC.
today_is() {
	at "$2" "$powers" --db "$1" stats --format csv >"$tmp/out" 2>"$tmp/err"
	t_cmd=$(sed -n '2s/,.*//p' "$tmp/out")
	t_view=$(at "$2" sqlite3 "$1" "SELECT date FROM today")
	t_sql=$(at "$2" "$powers" --db "$1" sql --format csv "SELECT date FROM today" | tr -d '\r' | sed -n 2p)
}
# check_today DB UTC WANT: all three say WANT.
check_today() {
	today_is "$1" "$2"
	name="today at $2 in $(basename "$1" .db)"
	if [ "$t_cmd" = "$3" ] && [ "$t_view" = "$3" ] && [ "$t_sql" = "$3" ]; then
		pass
	else
		fail "powers '$t_cmd', sqlite3 '$t_view', powers sql '$t_sql', wanted $3"
	fi
}
# Across midnight in Beijing (UTC+8) and in UTC.
check_today "$sh" 2026-12-01T15:59:59Z 2026-12-01
check_today "$sh" 2026-12-01T16:00:00Z 2026-12-02
check_today "$sh" 2026-12-01T23:30:00Z 2026-12-02
check_today "$utc" 2026-12-01T23:30:00Z 2026-12-01
check_today "$utc" 2026-12-02T00:00:00Z 2026-12-02
# Summer time: New York is UTC-4 in July, UTC-5 in December.
check_today "$ny" 2026-07-01T03:59:59Z 2026-06-30
check_today "$ny" 2026-07-01T04:00:00Z 2026-07-01
check_today "$ny" 2026-12-02T04:59:59Z 2026-12-01
check_today "$ny" 2026-12-02T05:00:00Z 2026-12-02
# Kathmandu is UTC+5:45.
check_today "$ktm" 2026-12-01T18:14:59Z 2026-12-01
check_today "$ktm" 2026-12-01T18:15:00Z 2026-12-02

# At 07:30 in Beijing on 2026-12-02 (23:30 UTC the day before) the grant
# effective that day is live in the Shanghai registry, not yet in the UTC
# one: every default --as-of, and the views.
now=2026-12-01T23:30:00Z
at $now "$powers" --db "$sh" positive-list --unit FDXC --format csv >"$tm/pl.sh" 2>&1
at $now "$powers" --db "$utc" positive-list --unit FDXC --format csv >"$tm/pl.utc" 2>&1
name="positive-list today in Shanghai has the grant"
grep -q 010510007000 "$tm/pl.sh" && pass || fail "$(head -3 "$tm/pl.sh")"
name="positive-list today in UTC has not"
grep -q 010510007000 "$tm/pl.utc" && fail "$(head -3 "$tm/pl.utc")" || pass
# Each command, and what it prints when FDXC exercises the power.
for c in "list --format csv|,沣东新城" "show 010510007000 --format csv|FDXC,沣东新城,new_city,delegate" \
    "export --what grants --format csv --out -|FDXC" "export --format csv --out -|,FDXC,"; do
	cmd=${c%|*}
	has=${c#*|}
	# shellcheck disable=SC2086
	at $now "$powers" --db "$sh" $cmd >"$tm/c.sh" 2>&1
	# shellcheck disable=SC2086
	at $now "$powers" --db "$utc" $cmd >"$tm/c.utc" 2>&1
	name="$cmd: today in Shanghai FDXC has it"
	grep -qF -- "$has" "$tm/c.sh" && pass || fail "$(head -3 "$tm/c.sh")"
	name="$cmd: today in UTC FDXC has not"
	grep -qF -- "$has" "$tm/c.utc" && fail "$(grep -F -- "$has" "$tm/c.utc" | head -2)" || pass
done
at $now "$powers" --db "$sh" stats --format csv >"$tm/s.sh"
at $now "$powers" --db "$utc" stats --format csv >"$tm/s.utc"
name="stats: today in Shanghai counts the grant"
[ "$(sed -n 2p "$tm/s.sh")" != "$(sed -n 2p "$tm/s.utc" | sed 's/^2026-12-01/2026-12-02/')" ] && pass ||
	fail "$(sed -n 2p "$tm/s.sh") / $(sed -n 2p "$tm/s.utc")"
at 2026-12-02T00:00:00Z "$powers" --db "$sh" diff --from 2026-12-01 --format csv >"$tm/d.sh"
at 2026-12-02T00:00:00Z "$powers" --db "$utc" diff --from 2026-12-01 --format csv >"$tm/d.utc"
name="diff: --to is today in each zone"
grep -q 010510007000 "$tm/d.sh" && grep -q 010510007000 "$tm/d.utc" && pass || fail "$(cat "$tm/d.sh")"
at 2026-12-01T20:00:00Z "$powers" --db "$utc" diff --from 2026-12-01 --format csv >"$tm/d.utc"
name="diff: not yet in UTC"
grep -q 010510007000 "$tm/d.utc" && fail "$(cat "$tm/d.utc")" || pass
for f in "$sh" "$utc"; do
	for v in live_grants positive_list; do
		got_shell=$(at $now sqlite3 "$f" "SELECT count(*) FROM $v WHERE unit_code = 'FDXC'")
		got_sql=$(at $now "$powers" --db "$f" sql --format csv "SELECT count(*) AS n FROM $v WHERE unit_code = 'FDXC'" | tr -d '\r' | sed -n 2p)
		want=1
		[ "$f" = "$utc" ] && want=0
		name="$v at $now in $(basename "$f" .db)"
		[ "$got_shell" = $want ] && [ "$got_sql" = $want ] && pass ||
			fail "sqlite3 $got_shell, powers sql $got_sql, wanted $want"
	done
done

# Recorded times stay UTC, ISO 8601 with Z, whatever the zones.
at $now "$powers" --db "$sh" -q delegate 010510007000 --to JZ03 --mode delegate \
    --document '西咸管发〔2026〕10号' --effective 2026-12-02
name="recorded time in UTC"
got=$(sqlite3 "$sh" "SELECT recorded_at FROM delegation WHERE to_unit = 'JZ03'")
[ "$got" = 2026-12-01T23:30:00Z ] && pass || fail "recorded_at '$got'"
expect 0 "verify after delegating at 07:30 in Beijing" "$powers" --db "$sh" verify
# Beside a recorded time, its date in the registry's zone: 07:30 on the
# 2nd in Beijing, still the 1st in UTC.
at $now "$powers" --db "$utc" -q delegate 010510007000 --to JZ03 --mode delegate \
    --document '西咸管发〔2026〕10号' --effective 2026-12-02
# tm_recorded_on DB DATE: history, show and log_readable give DATE.
tm_recorded_on() {
	expect 0 "history: recorded_on in $(basename "$1")" "$powers" --db "$1" history --format csv &&
		out_has "2026-12-01T23:30:00Z,$2"
	expect 0 "show: recorded_on in $(basename "$1")" "$powers" --db "$1" show 010510007000 --format csv &&
		out_has "2026-12-01T23:30:00Z,$2"
	name="log_readable.recorded_on in $(basename "$1")"
	got=$(sqlite3 "$1" "SELECT recorded_on FROM log_readable WHERE to_code = 'JZ03'")
	[ "$got" = "$2" ] && pass || fail "recorded_on '$got'"
}
tm_recorded_on "$sh" 2026-12-02
tm_recorded_on "$utc" 2026-12-01
at $now "$powers" --db "$sh" -q import "$fixtures/powers.csv"
name="imports_readable.at_date in the registry's zone"
got=$(sqlite3 "$sh" "SELECT at || ' ' || at_date FROM imports_readable ORDER BY id DESC LIMIT 1")
[ "$got" = "2026-12-01T23:30:00Z 2026-12-02" ] && pass || fail "'$got'"

# A registry made before the time zone gets the default from migrate: a
# version-4 registry is a new one without what migrations 0006 (the hashes
# in hex) and 0005 added.
cp "$utc" "$tm/v4.db"
sqlite3 "$tm/v4.db" "PRAGMA foreign_keys = OFF; BEGIN;
$(before_0005)
PRAGMA user_version = 4; COMMIT;"
expect 0 "migrate a version-4 registry" "$powers" --db "$tm/v4.db" migrate &&
	out_has "applied 0005_add_time_zone" && out_has "applied 0006_expose_hashes"
name="migrate: the default zone"
got=$(sqlite3 "$tm/v4.db" "SELECT name FROM time_zone")
[ "$got" = Asia/Shanghai ] && pass || fail "time_zone is '$got'"
check_today "$tm/v4.db" 2026-12-01T23:30:00Z 2026-12-02
expect 0 "verify after migrating to the time zone" "$powers" --db "$tm/v4.db" verify

# The product has no test hooks: not in its strings, and without effect.
for hook in POWERS_NOW POWERS_TEST_FAIL_AFTER_ROWS POWERS_TEST_BULK_ROWS POWERS_TEST_BULK_KILL; do
	name="release binary has no $hook"
	strings "$release" | grep -q "$hook" && fail "'strings' finds $hook" || pass
done
rm -f "$tm/rel.db"
at $now env POWERS_NOW=2031-05-05T12:34:56Z "$release" --db "$tm/rel.db" -q init --timezone UTC
at $now env POWERS_NOW=2031-05-05T12:34:56Z "$release" --db "$tm/rel.db" -q unit import "$fixtures/units.csv"
at $now env POWERS_NOW=2031-05-05T12:34:56Z "$release" --db "$tm/rel.db" -q import "$fixtures/powers.csv"
at $now env POWERS_NOW=2031-05-05T12:34:56Z "$release" --db "$tm/rel.db" -q delegate 010510007000 \
    --to FDXC --mode delegate --document '西咸管发〔2026〕9号' --effective 2026-12-01
name="release binary ignores POWERS_NOW"
got=$(sqlite3 "$tm/rel.db" "SELECT group_concat(at) FROM import_run; SELECT recorded_at FROM delegation")
[ "$got" = "2026-12-01T23:30:00Z,2026-12-01T23:30:00Z
2026-12-01T23:30:00Z" ] && pass || fail "recorded: $got"
expect 0 "release binary ignores POWERS_NOW for today" env POWERS_NOW=2031-05-05T12:34:56Z "$release" --db "$tm/rel.db" stats --format csv &&
	out_has "$(date -u +%Y-%m-%d),"
expect 0 "release binary ignores POWERS_TEST_FAIL_AFTER_ROWS" env POWERS_TEST_FAIL_AFTER_ROWS=0 "$release" --db "$tm/rel.db" \
    -q export --out "$tm/rel.csv"
# The test build takes them (else the tests above prove nothing).
expect 5 "test build takes POWERS_TEST_FAIL_AFTER_ROWS" env POWERS_TEST_FAIL_AFTER_ROWS=0 "$powers" --db "$tm/rel.db" \
    -q export --out "$tm/rel.csv" && err_has "failing after 0 rows"
expect 0 "test build takes POWERS_NOW" env POWERS_NOW=2031-05-05T12:34:56Z "$powers" --db "$tm/rel.db" stats --format csv &&
	out_has "2031-05-05,"

# Recorded times keep the order of the records (--as-recorded cuts the
# registry by them): a write is never stamped before the last record.
# With the clock more than five minutes behind it, the write is refused,
# exit 5, nothing written; within five minutes (a clock stepped back by
# NTP) it takes the last record's time; and when the last record came
# from a clock that was ahead, --after-last-record stamps it so too.
rm -f "$tm/clk.db"
at 2026-03-01T10:00:00Z "$powers" --db "$tm/clk.db" -q init
at 2026-03-01T10:00:00Z "$powers" --db "$tm/clk.db" -q unit import "$fixtures/units.csv"
cp "$tm/clk.db" "$tm/clk.before"
expect 5 "an import with the clock set back a day" at 2026-02-28T10:00:00Z \
	"$powers" --db "$tm/clk.db" import "$fixtures/powers.csv" &&
	err_has "clock says 2026-02-28T10:00:00Z, 24 h 0 min before the registry's last record (2026-03-01T10:00:00Z)" &&
	err_has "set this clock right" && err_has "--after-last-record"
name="the import refused for the clock wrote nothing"; same_file "$tm/clk.before" "$tm/clk.db"
expect 5 "a dry run with the clock set back says so too" at 2026-02-28T10:00:00Z \
	"$powers" --db "$tm/clk.db" import --dry-run "$fixtures/powers.csv" &&
	err_has "clock says 2026-02-28T10:00:00Z"
expect 0 "an import with the clock three minutes behind" at 2026-03-01T09:57:00Z \
	"$powers" --db "$tm/clk.db" -q import "$fixtures/powers.csv"
got=$(sqlite3 "$tm/clk.db" "SELECT at FROM import_run ORDER BY id DESC LIMIT 1")
name="three minutes behind: stamped with the last record's time"
[ "$got" = 2026-03-01T10:00:00Z ] && pass || fail "at $got"
cp "$tm/clk.db" "$tm/clk.before"
expect 5 "a delegation with the clock set back" at 2026-03-01T09:00:00Z \
	"$powers" --db "$tm/clk.db" delegate 010510007000 --to FDXC --mode delegate \
	--document '西咸管发〔2026〕9号' --effective 2026-03-01 &&
	err_has "clock says 2026-03-01T09:00:00Z, 1 h 0 min before"
name="the delegation refused for the clock wrote nothing"; same_file "$tm/clk.before" "$tm/clk.db"
# A machine whose clock is 8 hours ahead (Beijing time read as UTC)
# records an entry; the machines with the right time are refused after
# it, and --after-last-record lets them go on, in order.
expect 0 "a delegation from a clock 8 hours ahead" at 2026-03-01T18:05:00Z \
	"$powers" --db "$tm/clk.db" -q delegate 010510007000 --to FDXC --mode delegate \
	--document '西咸管发〔2026〕9号' --effective 2026-03-01
expect 5 "the right clock after it is refused" at 2026-03-01T10:10:00Z \
	"$powers" --db "$tm/clk.db" cancel 010510008000 --effective 2026-03-02 --document '西咸管发〔2026〕10号' &&
	err_has "7 h 55 min before the registry's last record (2026-03-01T18:05:00Z)"
expect 0 "--after-last-record records it at the last record's time" at 2026-03-01T10:10:00Z \
	"$powers" --db "$tm/clk.db" -q --after-last-record cancel 010510008000 --effective 2026-03-02 \
	--document '西咸管发〔2026〕10号'
got=$(sqlite3 "$tm/clk.db" "SELECT group_concat(recorded_at, ' ') FROM delegation")
name="the entries keep the order of their records"
[ "$got" = "2026-03-01T18:05:00Z 2026-03-01T18:05:00Z" ] && pass || fail "recorded: $got"
expect 5 "an undo with the clock set back" at 2026-02-01T00:00:00Z \
	"$powers" --db "$tm/clk.db" undo entry:1 && err_has "clock says 2026-02-01T00:00:00Z, 28 days before"
expect 0 "verify after the refusals" "$powers" --db "$tm/clk.db" verify
