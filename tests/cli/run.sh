#!/bin/sh
# CLI tests: run the built binary over good and bad fixtures and check
# stdout, stderr and the exit status.
#
# usage: sh tests/cli/run.sh ./powers
powers=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
fixtures=$top/fixtures
bad=$top/tests/cli/bad
tmp=$(mktemp -d /tmp/powers-cli.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export POWERS_NOW=2026-11-26T00:00:00Z
export USER=tester
unset POWERS_DB

. "$top/tests/cli/lib.sh"

# CLI_ONLY=NAME runs tests/cli/t_NAME.sh alone.
for t in "$top"/tests/cli/t_${CLI_ONLY:-*}.sh; do
	. "$t"
done

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
