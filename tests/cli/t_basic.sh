# The command line itself: help, version, usage errors, a missing registry.

expect 0 "version" "$powers" --version && out_has "powers "
expect 0 "help" "$powers" --help && out_has "unit import"
expect 2 "no command" "$powers"
expect 2 "unknown command" "$powers" frobnicate && err_has "unknown command 'frobnicate'"
expect 2 "unknown global option" "$powers" --frob list
expect 0 "command help" "$powers" import --help && out_has "usage: powers import"
expect 2 "unknown command option" "$powers" --db "$tmp/x.db" list --frob
expect 2 "bad format" "$powers" --db "$tmp/x.db" list --format xml

# Only init creates a registry: every other command names the missing path.
rm -f "$tmp/none.db"
expect 5 "missing registry" "$powers" --db "$tmp/none.db" list &&
	err_has "$tmp/none.db"
if [ -e "$tmp/none.db" ]; then fail "a missing registry was created"; else pass; fi
expect 5 "missing registry, import" "$powers" --db "$tmp/none.db" import "$fixtures/powers.csv"
if [ -e "$tmp/none.db" ]; then fail "import created a registry"; else pass; fi

# POWERS_DB is used when --db is not given.
rm -f "$tmp/env.db"
expect 0 "init by POWERS_DB" env POWERS_DB="$tmp/env.db" "$powers" init
if [ -s "$tmp/env.db" ]; then pass; else fail "POWERS_DB not used"; fi
expect 5 "init twice" "$powers" --db "$tmp/env.db" init && err_has "already exists"
expect 0 "migrate status" "$powers" --db "$tmp/env.db" migrate --status &&
	out_has "applied  0001_create_registry"
expect 0 "migrate, nothing to do" "$powers" --db "$tmp/env.db" migrate &&
	out_has "nothing to do"

# A registry newer than the program is refused, not damaged.
cp "$tmp/env.db" "$tmp/newer.db"
sqlite3 "$tmp/newer.db" 'PRAGMA user_version = 999'
expect 5 "newer registry" "$powers" --db "$tmp/newer.db" list && err_has "newer than this program"
expect 5 "newer registry, migrate" "$powers" --db "$tmp/newer.db" migrate && err_has "newer"

# A file that is no registry.
printf 'hello\n' > "$tmp/text.db"
expect 5 "not a registry" "$powers" --db "$tmp/text.db" list
