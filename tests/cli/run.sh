#!/bin/sh
# CLI tests: run the built binary over good and bad fixtures and check
# stdout, stderr and the exit status.
#
# usage: sh tests/cli/run.sh ./powers [TEST-BUILD]
#
# The tests run TEST-BUILD, default build/test/powers (make builds it
# beside ./powers): it alone takes $POWERS_NOW and
# $POWERS_TEST_FAIL_AFTER_ROWS.  $release, the product, is run where a
# test shows that it ignores them.
release=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
test_build=${2:-$(dirname "$0")/../../build/test/powers}
if [ ! -x "$test_build" ]; then
	echo "cli: no test build '$test_build': run 'make'" >&2
	exit 1
fi
powers=$(cd "$(dirname "$test_build")" && pwd)/$(basename "$test_build")
top=$(cd "$(dirname "$0")/../.." && pwd)
fixtures=$top/fixtures
bad=$top/tests/cli/bad
tmp=$(mktemp -d /tmp/powers-cli.XXXXXX)
[ -n "${CLI_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
export POWERS_NOW=2026-11-26T00:00:00Z
export USER=tester
unset POWERS_DB LANGUAGE
# The messages are English, whatever the caller's locale (t_i18n.sh sets its own).
export LC_MESSAGES=C

. "$top/tests/cli/lib.sh"

# CLI_ONLY=NAME runs tests/cli/t_NAME.sh alone.
for t in "$top"/tests/cli/t_${CLI_ONLY:-*}.sh; do
	. "$t"
done

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
