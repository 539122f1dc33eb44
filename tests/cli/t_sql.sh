# sql and schema: read-only ad-hoc SQL in every format, parameters, the
# time limit; every way of writing refused with the registry unchanged to
# the byte and no file made; the schema listed.

db=$tmp/sql.db
fresh "$db"
"$powers" --db "$db" -q import "$fixtures/powers.csv"
cp "$db" "$tmp/sql-before.db"

q="SELECT code, name FROM power WHERE code = '010310001000'"
expect 0 "sql table" "$powers" --db "$db" sql "$q" &&
	out_has "code          name" && out_has "010310001000  企业投资项目核准"
expect 0 "sql csv" "$powers" --db "$db" sql --format csv "$q" &&
	out_has "010310001000,企业投资项目核准"
expect 0 "sql tsv" "$powers" --db "$db" sql --format tsv "$q" &&
	out_has "$(printf '010310001000\t企业投资项目核准')"
expect 0 "sql json" "$powers" --db "$db" sql --format json "$q" &&
	out_has '{"code":"010310001000","name":"企业投资项目核准"}'
expect 0 "sql markdown" "$powers" --db "$db" sql --format markdown "$q" &&
	out_has "| 010310001000 | 企业投资项目核准 |"
expect 0 "sql options after the query" "$powers" --db "$db" sql "$q" --format csv &&
	out_has "010310001000,企业投资项目核准"
expect 0 "sql over a view" "$powers" --db "$db" sql --format csv \
	"SELECT count(*) AS n FROM powers_readable" && out_has "928"
expect 0 "sql trailing semicolon and comment" "$powers" --db "$db" sql --format json \
	"SELECT count(*) AS n FROM power; -- all of them" && out_has '{"n":928}'
expect 0 "sql reading pragma" "$powers" --db "$db" sql --format csv "PRAGMA table_info(power)" &&
	out_has ",legal_basis,TEXT,"

expect 0 "sql --param" "$powers" --db "$db" sql --format csv --param code=010310001000 \
	"SELECT name FROM power WHERE code = :code" && out_has "企业投资项目核准"
expect 0 "sql --param, value never SQL" "$powers" --db "$db" sql --format csv \
	--param "x=1'; DELETE FROM power; --" "SELECT :x AS v" &&
	out_has "1'; DELETE FROM power; --"
expect 2 "sql parameter not given" "$powers" --db "$db" sql --param a=1 \
	"SELECT :a, :b, :c" && err_has "no value for :b, :c"
expect 2 "sql bad --param" "$powers" --db "$db" sql --param novalue "SELECT 1" &&
	err_has "bad --param 'novalue'"

# Each refusal: exit 3, what was refused named, the registry unchanged.
# refused SQL TEXT: sql refuses SQL, saying TEXT.
refused() {
	expect 3 "sql refuses: $1" "$powers" --db "$db" sql "$1" && err_has "$2"
	name="sql refuses: $1: registry unchanged"
	same_file "$tmp/sql-before.db" "$db"
}
refused "delete from power" "powers: sql: refused: the registry is read-only here (DELETE on power)"
refused "UPDATE power SET name = 'x'" "(UPDATE on power)"
refused "INSERT INTO category VALUES ('99', 'x')" "(INSERT on category)"
refused "DROP TABLE delegation" "(DROP TABLE delegation)"
refused "CREATE TABLE x (a)" "(CREATE TABLE x)"
refused "ALTER TABLE power ADD COLUMN x" "(ALTER TABLE power)"
refused "PRAGMA user_version = 5" "(PRAGMA user_version = 5)"
refused "PRAGMA journal_mode = DELETE" "(PRAGMA journal_mode = DELETE)"
refused "SELECT load_extension('$tmp/x')" "function load_extension() is not allowed"
refused "BEGIN" "(BEGIN)"
refused "VACUUM" "(VACUUM)"

rm -f "$tmp/vacuum.db" "$tmp/attach.db"
refused "VACUUM INTO '$tmp/vacuum.db'" "(VACUUM)"
name="sql: VACUUM INTO made no file"
if [ -e "$tmp/vacuum.db" ]; then fail "$tmp/vacuum.db was created"; else pass; fi
refused "ATTACH '$tmp/attach.db' AS y" "(ATTACH '$tmp/attach.db')"
name="sql: ATTACH made no file"
if [ -e "$tmp/attach.db" ]; then fail "$tmp/attach.db was created"; else pass; fi

expect 3 "sql syntax error" "$powers" --db "$db" sql "SELEC 1" &&
	err_has 'near "SELEC": syntax error'
expect 3 "sql no such table" "$powers" --db "$db" sql "SELECT * FROM nowhere" &&
	err_has "no such table: nowhere"
expect 2 "sql two statements" "$powers" --db "$db" sql "SELECT 1; DELETE FROM power" &&
	err_has "one statement at a time"
same_file "$tmp/sql-before.db" "$db"
expect 2 "sql empty query" "$powers" --db "$db" sql " -- nothing"
expect 2 "sql no query" "$powers" --db "$db" sql
expect 0 "sql json of a pragma" "$powers" --db "$db" sql --format json "PRAGMA table_info(power)" &&
	out_has '"name":"legal_basis"'
expect 0 "sql help" "$powers" sql --help && out_has "usage: powers sql"

# The time limit: exit 5, and soon.
runaway="WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c
	WHERE x < 1000000000000) SELECT count(*) FROM c"
expect 5 "sql time limit" "$powers" --db "$db" sql --timeout 0.3 "$runaway" &&
	err_has "query took longer than 0.3 s (--timeout)"
expect 2 "sql bad --timeout" "$powers" --db "$db" sql --timeout 0 "SELECT 1" &&
	err_has "bad --timeout '0'"
expect 2 "sql bad --timeout, not a number" "$powers" --db "$db" sql --timeout soon "SELECT 1"

# A registry locked by another process is busy: exit 4, retry later.
mkfifo "$tmp/lock"
sqlite3 "$db" <"$tmp/lock" >"$tmp/locked" 2>&1 &
locker=$!
exec 9>"$tmp/lock"
printf 'PRAGMA locking_mode = EXCLUSIVE;\nBEGIN EXCLUSIVE;\n%s\n' \
	"SELECT count(*) FROM power; SELECT 'locked';" >&9
tries=0
until grep -q '^locked$' "$tmp/locked" || [ "$tries" -ge 50 ]; do
	sleep 0.1
	tries=$((tries + 1))
done
expect 4 "sql on a locked registry" "$powers" --timeout 0.2 --db "$db" sql "SELECT 1" &&
	err_has "busy"
exec 9>&-
wait "$locker"

rm -f "$tmp/none.db"
expect 5 "sql on a missing registry" "$powers" --db "$tmp/none.db" sql "SELECT 1"
if [ -e "$tmp/none.db" ]; then fail "sql created a registry"; else pass; fi

# schema: every table and view, a line each.
expect 0 "schema" "$powers" --db "$db" schema &&
	out_has "positive_list" && out_has "delegation" && out_has "the delegation log"
expect 0 "schema csv" "$powers" --db "$db" schema --format csv &&
	out_has "positive_list,view," && out_has "delegation,table,"
expect 0 "schema json" "$powers" --db "$db" schema --format json &&
	out_has '{"name":"unit","kind":"table","description":"units:'
# A table without a line in schema_doc is listed too, its description empty.
cp "$db" "$tmp/extra.db"
sqlite3 "$tmp/extra.db" 'CREATE TABLE local_notes (a)'
expect 0 "schema lists undocumented tables" "$powers" --db "$tmp/extra.db" schema --format csv &&
	out_has "local_notes,table,"
expect 2 "schema extra argument" "$powers" --db "$db" schema power unit
