# views: the analysts' views name their columns by one rule (README, "The
# schema, and SQL for analysts"): a power, category or unit is X_code and
# X_name, X its role; 'powers schema VIEW' lists a view's columns, a line
# each; the README's example queries give the right figures; a registry
# made before migration 0009 gets the new names from migrate.

vw=$tmp/views
mkdir -p "$vw"
db=$vw/v.db
fresh "$db"
"$powers" --db "$db" -q import "$fixtures/powers.csv"
"$powers" --db "$db" -q delegate --csv "$fixtures/delegations.csv"

# cols DB VIEW: the view's columns, comma-separated, in order.
cols() {
	sqlite3 "$1" "SELECT group_concat(name, ',') FROM
	    (SELECT name FROM pragma_table_info('$2') ORDER BY cid)"
}
want_cols() {
	name="columns of $2"
	got=$(cols "$1" "$2")
	[ "$got" = "$3" ] && pass || fail "got $got"
}
check_views() {
	want_cols "$1" powers_readable "power_code,power_name,category_code,category_name,department_code,department_name,class,legal_basis,holder_code,holder_name,note"
	g="power_code,power_name,class,unit_code,unit_name,unit_kind,from_code,from_name,mode,document,start_date,end_date,start_seq,end_seq"
	want_cols "$1" grants_readable "$g"
	want_cols "$1" live_grants "$g"
	want_cols "$1" positive_list "unit_code,unit_name,unit_kind,department_code,department_name,category_code,category_name,power_code,power_name,mode,document,effective"
	want_cols "$1" log_readable "seq,effective,power_code,power_name,mode,from_code,from_name,to_code,to_name,document,note,recorded_by,recorded_at,recorded_on,batch,prev_hash,hash"
	want_cols "$1" today "date,time_zone,utc_offset"
	# The rule, for any view: no bare code, name or role; each X_code
	# beside its X_name.
	name="no view column is a bare code, name or role"
	got=$(sqlite3 "$1" "SELECT s.name || '.' || c.name FROM sqlite_schema s,
	    pragma_table_info(s.name) c WHERE s.type = 'view' AND c.name IN
	    ('code', 'name', 'power', 'unit', 'category', 'department',
	     'holder', 'from_unit', 'to_unit')")
	[ -z "$got" ] && pass || fail "$got"
	name="each X_code has its X_name"
	got=$(sqlite3 "$1" "SELECT s.name || '.' || c.name FROM sqlite_schema s,
	    pragma_table_info(s.name) c WHERE s.type = 'view'
	    AND c.name LIKE '%\_code' ESCAPE '\' AND NOT EXISTS (SELECT 1
	        FROM pragma_table_info(s.name) n
	        WHERE n.name = substr(c.name, 1, length(c.name) - 5) || '_name')")
	[ -z "$got" ] && pass || fail "$got"
	name="every view column is documented"
	got=$(sqlite3 "$1" "SELECT s.name || '.' || c.name FROM sqlite_schema s,
	    pragma_table_info(s.name) c WHERE s.type = 'view' AND NOT EXISTS
	    (SELECT 1 FROM schema_column_doc d WHERE d.object = s.name
	     AND d.name = c.name AND d.description <> '')")
	[ -z "$got" ] && pass || fail "$got"
}
check_views "$db"

# The views hold what they held: the codes and names where they belong.
name="grants_readable: from_code is a code, from_name its name"
got=$(sqlite3 "$db" "SELECT count(*) FROM grants_readable g JOIN unit u
    ON u.code = g.from_code AND u.name = g.from_name")
all=$(sqlite3 "$db" "SELECT count(*) FROM grant_span")
[ "$got" = "$all" ] && [ "$all" -gt 0 ] && pass || fail "$got of $all"
name="log_readable: to_code and to_name"
got=$(sqlite3 "$db" "SELECT count(*) FROM log_readable l JOIN unit u
    ON u.code = l.to_code AND u.name = l.to_name")
all=$(sqlite3 "$db" "SELECT count(*) FROM delegation")
[ "$got" = "$all" ] && pass || fail "$got of $all"

# schema VIEW: a line a column, with its type and what it holds.
expect 0 "schema grants_readable" "$powers" --db "$db" schema --format csv grants_readable &&
	out_has "column,type,description" && out_has "from_name,TEXT," &&
	out_has "power_code,TEXT,"
name="schema grants_readable: a line a column"
n=$(tr -d '\r' <"$tmp/out" | sed 1d | wc -l)
[ "$n" -eq 14 ] && pass || fail "$n lines"
expect 0 "schema log_readable, table" "$powers" --db "$db" schema log_readable &&
	out_has "to_name" && out_has "hash"
expect 0 "schema TABLE lists its columns too" "$powers" --db "$db" schema --format csv delegation &&
	out_has "from_unit,TEXT,"
expect 0 "schema is case-blind as SQL" "$powers" --db "$db" schema --format csv LIVE_GRANTS &&
	out_has "unit_name,TEXT,"
expect 2 "schema of nothing" "$powers" --db "$db" schema no_such_view &&
	err_has "no table or view 'no_such_view'" && err_has "'powers schema' lists them"
expect 2 "schema takes one name" "$powers" --db "$db" schema today live_grants
expect 0 "schema still lists tables and views" "$powers" --db "$db" schema --format csv &&
	out_has "positive_list,view," && out_has "delegation,table," &&
	out_has "schema_column_doc,table,"

# The README's example queries run on the new names, and the second one
# counts powers, not grants: 住房和城乡建设局 has 135 powers in the fixtures.
readme_query() {
	rq=$(sed -n "/^    # $1/,/^\$/p" "$top/README.md" | sed 1d)
	rq=${rq#*\"}
	printf '%s\n' "${rq%\"*}"
}
q2=$(readme_query "How many powers each department")
expect 0 "README example 2 runs" "$powers" --db "$db" sql --format csv "$q2" &&
	out_has "住房和城乡建设局,135,"
name="README example 2: powers per department as the power table has them"
got=$(tr -d '\r' <"$tmp/out" | sed 1d | cut -d, -f1,2 | sort)
want=$(sqlite3 -separator , "$db" "SELECT u.name, count(*) FROM power p
    JOIN unit u ON u.code = p.department GROUP BY u.name" | tr -d '\r' | sort)
[ -n "$got" ] && [ "$got" = "$want" ] && pass || fail "$(echo "$got" | head -3)"
expect 0 "README example 1 runs" "$powers" --db "$db" sql --format csv \
	--param unit=FDXC --param day=2023-01-01 "$(readme_query "The economic powers")" &&
	out_has "power_code,power_name,mode,document"
expect 0 "README example 3 runs" "$powers" --db "$db" sql --format csv \
	"$(readme_query "Streets.towns that hold nothing")" && out_has "code,name"

# A registry of version 6 (before the renames) gets them from migrate,
# its rows kept.
cp "$db" "$vw/v6.db"
sqlite3 "$vw/v6.db" "PRAGMA foreign_keys = OFF; BEGIN;
$(before_0009)
PRAGMA user_version = 6; COMMIT;"
want_cols "$vw/v6.db" grants_readable "power,power_name,class,unit_code,unit,unit_kind,from_code,from_unit,mode,document,start_date,end_date,start_seq,end_seq"
expect 0 "migrate a version-6 registry" "$powers" --db "$vw/v6.db" migrate &&
	out_has "applied 0009_rename_view_columns"
check_views "$vw/v6.db"
name="migrate keeps the schema of a new registry"
a=$(sqlite3 "$db" "SELECT type, name, sql FROM sqlite_schema ORDER BY name")
b=$(sqlite3 "$vw/v6.db" "SELECT type, name, sql FROM sqlite_schema ORDER BY name")
[ "$a" = "$b" ] && pass || fail "schemas differ"
expect 0 "verify after migrating the views" "$powers" --db "$vw/v6.db" verify

# The program reads grants_readable and log_readable through subqueries of
# the same definition (DB_GRANTS_READABLE, DB_LOG_READABLE in
# src/db/db_internal.h), which see the registry as of a day and as
# recorded: what export writes from them equals the views, row for row
# (as of the tests' today, \$POWERS_NOW's).
expect 0 "export --what log" "$powers" --db "$db" export --what log --format csv --out "$vw/log.csv"
"$powers" --db "$db" sql -f csv "SELECT seq, effective, power_code AS power, power_name,
    mode, from_code, from_name AS from_unit, to_code, to_name AS to_unit,
    document, note, recorded_by, recorded_at, batch FROM log_readable
    ORDER BY seq" | tr -d '\r' > "$vw/log-view.csv"
tr -d '\r' < "$vw/log.csv" > "$vw/log-export.csv"
name="export log = log_readable"; same_file "$vw/log-view.csv" "$vw/log-export.csv"
expect 0 "export --what grants" "$powers" --db "$db" export --what grants --format csv --out "$vw/grants.csv"
"$powers" --db "$db" sql -f csv "SELECT g.power_code AS power, g.power_name, g.class,
    p.department AS department_code, d.name AS department, g.unit_code,
    g.unit_name AS unit, g.unit_kind, g.from_code, g.from_name AS from_unit,
    g.mode, g.document, g.start_date, g.end_date, g.start_seq, g.end_seq
    FROM grants_readable g JOIN power p ON p.code = g.power_code
    JOIN unit d ON d.code = p.department
    WHERE g.start_date <= '2026-11-26' AND (g.end_date IS NULL OR g.end_date > '2026-11-26')
    ORDER BY g.power_code, g.unit_code, g.start_seq" | tr -d '\r' > "$vw/grants-view.csv"
tr -d '\r' < "$vw/grants.csv" > "$vw/grants-export.csv"
name="export grants = grants_readable"; same_file "$vw/grants-view.csv" "$vw/grants-export.csv"
