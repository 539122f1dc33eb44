# The layers hold (doc/ARCHITECTURE.md, tools/check-layers): the tree as it
# is passes, and a copy with one breach of each kind fails, naming it.

ly=$tmp/layers
expect 0 "the tree's layers hold" sh "$top/tools/check-layers" "$top/src" && out_has "the layers hold"

# ly_breach WHAT FILE LINE [NAMED]: a copy of src/ with LINE added to FILE
# fails, naming NAMED (default FILE).
ly_breach() {
	rm -rf "$ly"
	mkdir -p "$ly"
	cp -R "$top/src" "$ly/src"
	mkdir -p "$(dirname "$ly/src/$2")"
	printf '%s\n' "$3" >> "$ly/src/$2"
	expect 1 "check-layers: $1" sh "$top/tools/check-layers" "$ly/src" && err_has "src/${4:-$2}"
}
ly_breach "the db layer includes a writer" db/db_list.c '#include "out.h"'
ly_breach "a rule includes the db layer" rules/refs.c '#include "db.h"'
ly_breach "the read layer includes the command layer" read/decode.c '#include "cmd.h"'
ly_breach "the command layer includes the db layer's private header" cli/cmd_list.c '#include "db_internal.h"'
ly_breach "SQLite called outside the db layer" cli/cmd_head.c 'static void f(void) { sqlite3_close(0); }'
ly_breach "libcsv outside the read layer" write/out.c '#include <csv.h>'
ly_breach "iconv outside the read layer" rules/text.c '#include <iconv.h>'
ly_breach "libzip outside the read layer" cli/sheet.c '#include <zip.h>'
ly_breach "expat outside the read layer" write/xlsx.c '#include <expat.h>'
ly_breach "a folder that is no layer" misc/x.c 'int x;' misc/: a folder that is no layer
