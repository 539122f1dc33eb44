# Files the program writes and paths it reads (issue 12, points 1, 4, 9):
# --out, --manifest and backup replace only a regular file or create one,
# through a symbolic link the file it points to; devices, FIFOs, sockets
# and folders are refused with exit 2; a replaced file keeps its mode,
# owner and group.  Every node is made in a temporary folder.

tg=$tmp/targets
mkdir -p "$tg"
tdb=$tg/r.db
fresh "$tdb"
"$powers" --db "$tdb" -q import "$fixtures/powers.csv"
"$powers" --db "$tdb" -q delegate --csv "$fixtures/delegations.csv"

# tg_kind PATH: what ls says PATH is (its mode's first letter).
tg_kind() {
	ls -ld "$1" 2>/dev/null | cut -c1
}

# Nodes that are not regular files: each refused with 2, left as it was.
mkfifo "$tg/fifo"
mkdir "$tg/dir"
have_dev=0
mknod "$tg/null" c 1 3 2>/dev/null && have_dev=1
have_sock=0
if command -v python3 >/dev/null 2>&1 &&
    python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$tg/sock" 2>/dev/null; then
	have_sock=1
fi
for n in fifo dir null sock; do
	case $n in
	fifo) k=p what="a FIFO" ;;
	dir) k=d what="a folder" ;;
	null) [ "$have_dev" -eq 1 ] || continue; k=c what="a device" ;;
	sock) [ "$have_sock" -eq 1 ] || continue; k=s what="a socket" ;;
	esac
	expect 2 "export --out $what" "$powers" --db "$tdb" -q export --out "$tg/$n" &&
	err_has "is $what, not a regular file"
	name="export --out $what: still $what"
	[ "$(tg_kind "$tg/$n")" = "$k" ] && pass || fail "now $(ls -ld "$tg/$n")"
	expect 2 "export --manifest $what" "$powers" --db "$tdb" -q export --out "$tg/m.csv" --manifest "$tg/$n" &&
	err_has "is $what, not a regular file"
	name="export --manifest $what: nothing written"
	[ "$(tg_kind "$tg/$n")" = "$k" ] && [ ! -e "$tg/m.csv" ] && pass || fail "$(ls -l "$tg")"
	expect 2 "backup to $what" "$powers" --db "$tdb" -q backup "$tg/$n" &&
	err_has "is $what, not a regular file"
	name="backup to $what: still $what"
	[ "$(tg_kind "$tg/$n")" = "$k" ] && pass || fail "now $(ls -ld "$tg/$n")"
	# Through a symbolic link to it: refused the same way, link kept.
	ln -s "$n" "$tg/to-$n"
	expect 2 "export --out a link to $what" "$powers" --db "$tdb" -q export --out "$tg/to-$n" &&
	err_has "is $what, not a regular file"
	name="export --out a link to $what: link and node kept"
	[ "$(tg_kind "$tg/to-$n")" = l ] && [ "$(tg_kind "$tg/$n")" = "$k" ] && pass || fail "$(ls -l "$tg")"
done
expect 2 "export --out a folder with a slash" "$powers" --db "$tdb" -q export --out "$tg/dir/"
name="no temporary file left beside the refused nodes"
left=$(find "$tg" -name '.*.*' | head -3)
[ -z "$left" ] && pass || fail "left: $left"

# --out - is standard output, as before.
expect 0 "export --out -" "$powers" --db "$tdb" -q export --what log --out - &&
out_has "seq,effective,power"

# A symbolic link to a regular file: the file is replaced, the link kept.
mkdir "$tg/real"
printf 'old\n' > "$tg/real/log.csv"
ln -s real/log.csv "$tg/log.csv"
ln -s log.csv "$tg/log2.csv"
expect 0 "export --out a link" "$powers" --db "$tdb" -q export --what log --out "$tg/log.csv"
name="export --out a link: the link kept"
[ "$(tg_kind "$tg/log.csv")" = l ] && [ "$(readlink "$tg/log.csv")" = real/log.csv ] && pass || fail "$(ls -l "$tg")"
name="export --out a link: the file it points to replaced"
grep -q '^seq,effective' "$tg/real/log.csv" && pass || fail "$(head -2 "$tg/real/log.csv")"
expect 0 "export --out a link to a link" "$powers" --db "$tdb" -q export --what grants --out "$tg/log2.csv"
name="export --out a link to a link: both links kept, the file replaced"
[ "$(tg_kind "$tg/log2.csv")" = l ] && [ "$(tg_kind "$tg/log.csv")" = l ] &&
    grep -q '^power,power_name' "$tg/real/log.csv" && pass || fail "$(ls -l "$tg" "$tg/real")"
expect 0 "backup through a link" "$powers" --db "$tdb" -q backup "$tg/log.csv"
name="backup through a link: the link kept, the copy behind it"
[ "$(tg_kind "$tg/log.csv")" = l ] && [ "$(sqlite3 "$tg/real/log.csv" 'SELECT count(*) FROM unit')" -gt 0 ] &&
    pass || fail "$(ls -l "$tg" "$tg/real")"
name="no temporary file left beside the link or its file"
left=$(find "$tg" -name '.*.*' | head -3)
[ -z "$left" ] && pass || fail "left: $left"
# A link to nothing is not written through (as cp refuses it): 2.
ln -s missing.csv "$tg/dangling.csv"
expect 2 "export --out a dangling link" "$powers" --db "$tdb" -q export --out "$tg/dangling.csv" &&
err_has "symbolic link to a missing file"
name="export --out a dangling link: nothing created"
[ ! -e "$tg/missing.csv" ] && [ "$(tg_kind "$tg/dangling.csv")" = l ] && pass || fail "$(ls -l "$tg")"

# A replaced file keeps its mode, owner and group (we may set them as root).
printf 'old\n' > "$tg/private.csv"
chmod 0600 "$tg/private.csv"
expect 0 "export over a 0600 file" "$powers" --db "$tdb" -q export --out "$tg/private.csv"
name="export over a 0600 file: still 0600"
[ "$(stat -c %a "$tg/private.csv")" = 600 ] && pass || fail "mode $(stat -c %a "$tg/private.csv")"
printf 'old\n' > "$tg/group.json"
chmod 0640 "$tg/group.json"
expect 0 "manifest over a 0640 file" "$powers" --db "$tdb" -q export --out "$tg/m2.csv" --manifest "$tg/group.json"
name="manifest over a 0640 file: still 0640"
[ "$(stat -c %a "$tg/group.json")" = 640 ] && pass || fail "mode $(stat -c %a "$tg/group.json")"
printf 'old\n' > "$tg/copy.db"
chmod 0600 "$tg/copy.db"
expect 0 "backup over a 0600 file" "$powers" --db "$tdb" -q backup "$tg/copy.db"
name="backup over a 0600 file: still 0600"
[ "$(stat -c %a "$tg/copy.db")" = 600 ] && pass || fail "mode $(stat -c %a "$tg/copy.db")"
if [ "$(id -u)" -eq 0 ]; then
	printf 'old\n' > "$tg/theirs.csv"
	chown nobody:nogroup "$tg/theirs.csv"
	chmod 0640 "$tg/theirs.csv"
	expect 0 "export over another user's file, as root" "$powers" --db "$tdb" -q export --out "$tg/theirs.csv"
	name="export over another user's file: owner, group and mode kept"
	[ "$(stat -c '%U:%G %a' "$tg/theirs.csv")" = "nobody:nogroup 640" ] && pass ||
	    fail "now $(stat -c '%U:%G %a' "$tg/theirs.csv")"
	printf 'old\n' > "$tg/theirs.db"
	chown nobody:nogroup "$tg/theirs.db"
	expect 0 "backup over another user's file, as root" "$powers" --db "$tdb" -q backup "$tg/theirs.db"
	name="backup over another user's file: owner and group kept"
	[ "$(stat -c '%U:%G' "$tg/theirs.db")" = "nobody:nogroup" ] && pass ||
	    fail "now $(stat -c '%U:%G' "$tg/theirs.db")"
fi
# A new file: 0644 less the umask, as before.
(umask 027 && "$powers" --db "$tdb" -q export --out "$tg/new.csv")
name="a new file: 0644 less the umask"
[ "$(stat -c %a "$tg/new.csv")" = 640 ] && pass || fail "mode $(stat -c %a "$tg/new.csv")"

# --db is a plain path in every command: no URI, symbolic links followed.
pd=$tg/paths
mkdir -p "$pd/real"
expect 0 "init --db file:u.db" sh -c "cd '$pd' && '$powers' --db file:u.db -q init"
name="init --db file:u.db: a file named file:u.db"
[ -f "$pd/file:u.db" ] && [ ! -e "$pd/u.db" ] && pass || fail "$(ls -a "$pd")"
expect 0 "unit import --db file:u.db" sh -c "cd '$pd' && '$powers' --db file:u.db -q unit import '$fixtures/units.csv'"
expect 0 "list --db file:u.db" sh -c "cd '$pd' && '$powers' --db file:u.db stats --format csv"
expect 0 "verify --db file:u.db" sh -c "cd '$pd' && '$powers' --db file:u.db -q verify"
name="--db file:u.db: every command used file:u.db, none made u.db"
[ ! -e "$pd/u.db" ] && [ "$(sqlite3 "$pd/file:u.db" 'SELECT count(*) FROM unit')" -gt 0 ] && pass || fail "$(ls -a "$pd")"
# 'file:' with a query is a file name too, not options.
expect 5 "--db 'file:u.db?mode=memory' is a missing file" sh -c "cd '$pd' && '$powers' --db 'file:u.db?mode=memory' list"
err_has "no registry at 'file:u.db?mode=memory'"
# Through links: to the file, and in a folder of the path.
cp "$tdb" "$pd/real/r.db"
ln -s real/r.db "$pd/link.db"
ln -s real "$pd/linkdir"
expect 0 "stats through a link to the registry" "$powers" --db "$pd/link.db" stats --format csv
expect 0 "stats through a linked folder" "$powers" --db "$pd/linkdir/r.db" stats --format csv
expect 0 "a write through a link to the registry" "$powers" --db "$pd/link.db" -q delegate 010310001000 --to JZ01 \
    --mode delegate --document '西咸管发〔2026〕99号' --effective 2026-03-01
expect 0 "verify through a linked folder" "$powers" --db "$pd/linkdir/r.db" -q verify
name="the write landed in the file the link names, and the link stays"
[ "$(tg_kind "$pd/link.db")" = l ] &&
    [ "$(sqlite3 "$pd/real/r.db" "SELECT count(*) FROM delegation WHERE document = '西咸管发〔2026〕99号'")" = 1 ] &&
    pass || fail "$(ls -l "$pd")"
name="nothing left beside the link"
[ ! -e "$pd/link.db-wal" ] && [ ! -e "$pd/link.db-shm" ] && [ ! -e "$pd/link.db-journal" ] && pass || fail "$(ls -a "$pd")"
expect 0 "backup into a linked folder" "$powers" --db "$pd/link.db" -q backup "$pd/linkdir/copy.db"
name="backup into a linked folder: the copy is there"
[ -f "$pd/real/copy.db" ] && pass || fail "$(ls -a "$pd/real")"

# Read-only access.  Every backup is in rollback mode (its header's bytes
# 18 and 19 are 1, not WAL's 2), so that SQLite reads it where it may
# create no -wal and -shm: every read command and sqlite3 -readonly, for
# a user who may only read.  CI runs as root, whom file modes do not stop,
# so that user is nobody (setpriv); where chattr +i works, root in an
# immutable folder too.  The live registry is in rollback mode as well
# (src/db/db_journal.c): what cannot be read is said to be so, never "not a
# powers registry".

# tg_reads DB WHAT: every read command on DB, as "$tg_as" (a prefix).
tg_reads() {
	for c in "list" "show 010310001000" "history" "history 010310001000" \
	    "stats" "positive-list --unit FDXC" "positive-list --kind new_city" \
	    "positive-list --department XQ06" "diff --from 2022-01-01" \
	    "sql" "schema" "export --out -" "export --what log --out -" \
	    "verify" "head" "migrate --status"; do
		if [ "$c" = sql ]; then
			# shellcheck disable=SC2086
			expect 0 "$2: sql" $tg_as "$powers" --db "$1" sql "SELECT count(*) FROM power" || return 1
		else
			# shellcheck disable=SC2086
			expect 0 "$2: $c" $tg_as "$powers" --db "$1" $c || return 1
		fi
	done
}

rw=$tg/rw
mkdir -p "$rw"
fresh "$rw/r.db"
"$powers" --db "$rw/r.db" -q import "$fixtures/powers.csv"
"$powers" --db "$rw/r.db" -q delegate --csv "$fixtures/delegations.csv"
expect 0 "backup" "$powers" --db "$rw/r.db" -q backup "$tg/copy1.db"
name="a backup is in rollback mode"
[ "$(db_header "$tg/copy1.db")" = "1 1" ] && pass || fail "header bytes $(db_header "$tg/copy1.db")"
name="a backup is whole"
[ "$(sqlite3 "$tg/copy1.db" 'PRAGMA integrity_check')" = ok ] && pass || fail "integrity_check"
expect 0 "verify on a backup" "$powers" --db "$tg/copy1.db" -q verify
name="a backup leaves nothing beside it"
[ -z "$(find "$tg" -maxdepth 1 -name 'copy1.db?*')" ] && pass || fail "$(ls -a "$tg")"
tg_as=""
b=$tg/b
mkdir -p "$b"
cp "$tg/copy1.db" "$b/backup.db"
tg_reads "$b/backup.db" "read commands on a backup"
name="read commands on a backup create no file"
[ "$(ls -a "$b" | tr '\n' ' ')" = ". .. backup.db " ] && pass || fail "$(ls -a "$b")"

if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1 &&
    setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
	chmod 711 "$tmp"
	ro=$tg/ro
	mkdir -p "$ro"
	cp "$tg/copy1.db" "$ro/backup.db"
	cp "$rw/r.db" "$ro/live.db"
	chmod 755 "$tg" "$ro"
	chmod 644 "$ro/backup.db" "$ro/live.db"
	tg_as="setpriv --reuid=nobody --regid=nogroup --clear-groups"
	tg_reads "$ro/backup.db" "nobody, a backup in root's folder"
	expect 0 "nobody: sqlite3 -readonly on the backup" $tg_as sqlite3 -readonly "$ro/backup.db" "SELECT count(*) FROM power"
	name="nobody's reads created no file"
	[ "$(ls -a "$ro" | tr '\n' ' ')" = ". .. backup.db live.db " ] && pass || fail "$(ls -a "$ro")"
	# A copy of the live registry, in rollback mode too (db_journal.c).
	tg_reads "$ro/live.db" "nobody, a copy of the live registry in root's folder"
	expect 0 "nobody: sqlite3 -readonly on the live registry's copy" $tg_as sqlite3 -readonly "$ro/live.db" "SELECT count(*) FROM power"
	name="nobody's reads of the live copy created no file"
	[ "$(ls -a "$ro" | tr '\n' ' ')" = ". .. backup.db live.db " ] && pass || fail "$(ls -a "$ro")"
	# Writing is refused as what it is.
	expect 5 "nobody: a write on a registry it may only read" $tg_as "$powers" --db "$ro/backup.db" \
	    delegate 010310001000 --to JZ02 --mode delegate --document D --effective 2026-03-01 &&
	err_has "read-only"
	name="nobody's write: not called 'not a powers registry'"
	grep -q "not a powers registry" "$tmp/err" && fail "said so" || pass
	# A registry nobody may not read at all: permission, said so.
	cp "$tg/copy1.db" "$ro/secret.db"
	chmod 600 "$ro/secret.db"
	expect 5 "nobody: a registry it may not read" $tg_as "$powers" --db "$ro/secret.db" stats &&
	err_has "Permission denied"
	name="nobody's unreadable registry: not called 'not a powers registry'"
	grep -q "not a powers registry" "$tmp/err" && fail "said so" || pass
	chmod 700 "$tmp"
fi
tg_as=""

# Root in an immutable folder (chattr +i), where the file system allows it.
im=$tg/immutable
mkdir -p "$im"
cp "$tg/copy1.db" "$im/backup.db"
if chattr +i "$im/backup.db" "$im" 2>/dev/null; then
	tg_reads "$im/backup.db" "root, an immutable backup"
	expect 0 "root: sqlite3 -readonly on an immutable backup" sqlite3 -readonly "$im/backup.db" "SELECT count(*) FROM power"
	name="reads in an immutable folder created no file"
	[ "$(ls -a "$im" | tr '\n' ' ')" = ". .. backup.db " ] && pass || fail "$(ls -a "$im")"
	expect 5 "root: a write on an immutable registry" "$powers" --db "$im/backup.db" \
	    delegate 010310001000 --to JZ02 --mode delegate --document D --effective 2026-03-01 &&
	err_has "read-only"
	chattr -i "$im" "$im/backup.db"
fi

# A full disk is said to be one (a small tmpfs, where mount works).
fd=$tg/full
mkdir -p "$fd"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=4m tmpfs "$fd" 2>/dev/null; then
	cp "$tg/copy1.db" "$fd/r.db"
	dd if=/dev/zero of="$fd/filler" bs=64k 2>/dev/null
	expect 5 "a write on a full disk" "$powers" --db "$fd/r.db" -q import "$fixtures/powers.csv" &&
	err_has "full"
	name="a full disk: not called 'not a powers registry'"
	grep -q "not a powers registry" "$tmp/err" && fail "said so" || pass
	rm -f "$fd/filler"
	expect 0 "after the full disk, verify" "$powers" --db "$fd/r.db" -q verify
	umount "$fd"
fi
