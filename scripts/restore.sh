#!/usr/bin/env bash
# Restore a backup set made by scripts/backup.sh: the PostgreSQL database and the media folder.
#
#   scripts/restore.sh [--yes] BACKUP_SET_DIR
#
# Restores into the database named by DATABASE_URL (which must exist; it may be empty) and into
# MEDIA_ROOT (default <repo>/media). It first checks every file against the set's manifest (size
# and sha256) and refuses a set that does not match. It asks you to type the database's name
# before it replaces anything; --yes skips that question (for scripts).
#
# The database is replaced in ONE transaction: the tables the backup does not have (say, from a
# migration newer than the backup) are dropped, then `pg_restore --clean --if-exists --no-owner
# --no-privileges` drops and recreates every table of the backup. If anything fails, PostgreSQL
# rolls it all back and the database is left exactly as it was. (Dropping and recreating the
# whole database would need the CREATEDB right, no open connection from the site, and would
# leave no database at all if the restore then failed.) Objects are owned by the role in
# DATABASE_URL, whichever role owned them when the backup was made.
#
# The media folder is unpacked beside MEDIA_ROOT first, then swapped in once the database is
# restored; the folder it replaces is kept as MEDIA_ROOT.before-restore-<UTC time>, not deleted.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

die() {
	echo "restore: $*" >&2
	exit 1
}

usage() {
	sed -n '2,20s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

# set_db_uri: DATABASE_URL as DB_URI for libpq, the password in PGPASSWORD.
# shellcheck source=database_url.sh
source "$REPO/scripts/database_url.sh"

psql_query() {
	psql --no-psqlrc --quiet --tuples-only --no-align --dbname="$DB_URI" --command="$1"
}

ASSUME_YES=false
SET_DIR=
for arg in "$@"; do
	case "$arg" in
	-y | --yes) ASSUME_YES=true ;;
	-h | --help)
		usage
		exit 0
		;;
	-*) die "unknown option $arg (usage: scripts/restore.sh [--yes] BACKUP_SET_DIR)" ;;
	*)
		[[ -z $SET_DIR ]] || die "one backup set at a time (usage: scripts/restore.sh [--yes] BACKUP_SET_DIR)"
		SET_DIR=$arg
		;;
	esac
done
[[ -n $SET_DIR ]] || die "which backup set? (usage: scripts/restore.sh [--yes] BACKUP_SET_DIR)"

MEDIA_ROOT=${MEDIA_ROOT:-$REPO/media}
MEDIA_ROOT=${MEDIA_ROOT%/}
set_db_uri
for tool in pg_restore psql tar gzip sha256sum; do
	command -v "$tool" >/dev/null || die "$tool is not installed (Debian: apt-get install postgresql-client tar gzip coreutils)."
done

# 1. The set is whole and unchanged since backup.sh wrote it.
MANIFEST="$SET_DIR/manifest.txt"
[[ -d $SET_DIR ]] || die "$SET_DIR is not a folder."
[[ -f $MANIFEST ]] || die "$SET_DIR has no manifest.txt: not a complete backup set."
grep -qx 'format: practice-backup 1' "$MANIFEST" || die "$MANIFEST is not a practice-backup 1 manifest."
declare -A CHECKED=()
while read -r _ file size sum; do
	[[ $file =~ ^[A-Za-z0-9._-]+$ ]] || die "$MANIFEST names an unexpected file '$file'."
	[[ -f "$SET_DIR/$file" ]] || die "$file is missing from $SET_DIR."
	actual_size=$(stat --format=%s "$SET_DIR/$file")
	actual_sum=$(sha256sum "$SET_DIR/$file" | cut -d' ' -f1)
	if [[ $actual_size != "$size" || $actual_sum != "$sum" ]]; then
		die "checksum mismatch: $SET_DIR/$file is not the file that was backed up (manifest: $size bytes, sha256 $sum; found: $actual_size bytes, sha256 $actual_sum). Nothing was restored."
	fi
	CHECKED[$file]=1
done < <(grep '^file: ' "$MANIFEST")
for file in database.dump media.tar.gz; do
	[[ -n ${CHECKED[$file]:-} ]] || die "$MANIFEST does not list $file: not a complete backup set."
done
echo "Checksums match: $SET_DIR"
BACKUP_DB=$(sed -n 's/^database: //p' "$MANIFEST")
BACKUP_TIME=$(sed -n 's/^created: //p' "$MANIFEST")

# 2. What would change. The dump must be readable by this pg_restore; its tables are listed so
# that tables the backup does not have can be dropped too (they would otherwise survive, and a
# later `migrate` would trip over them).
DUMP_TABLES=$(pg_restore --list "$SET_DIR/database.dump" | awk '$4 == "TABLE" && $5 != "DATA" { print $5 "." $6 }' | sort) ||
	die "pg_restore cannot read $SET_DIR/database.dump (see the error above)."
TARGET_DB=$(psql_query 'SELECT current_database()') ||
	die "cannot connect to the database in DATABASE_URL (see the error above)."
TARGET_TABLES=$(psql_query "SELECT schemaname || '.' || tablename FROM pg_tables
	WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1" | sort)
EXTRA_TABLES=$(comm -23 <(printf '%s\n' "$TARGET_TABLES") <(printf '%s\n' "$DUMP_TABLES") | sed '/^$/d')

echo "Backup of database $BACKUP_DB made $BACKUP_TIME."
echo "This REPLACES database $TARGET_DB (tables now: $(printf '%s\n' "$TARGET_TABLES" | sed '/^$/d' | wc -l)) and the media folder $MEDIA_ROOT."
if [[ -n $EXTRA_TABLES ]]; then
	echo "These tables are not in the backup and will be dropped: $(paste -sd' ' <<<"$EXTRA_TABLES")"
fi

# 3. An explicit yes: --yes, or the database's name typed at a terminal.
if [[ $ASSUME_YES != true ]]; then
	[[ -t 0 ]] || die "refusing to restore without confirmation: run it at a terminal, or pass --yes."
	read -r -p "Type the database name ($TARGET_DB) to go ahead: " answer || answer=
	[[ $answer == "$TARGET_DB" ]] || die "not confirmed; nothing was changed."
fi

# 4. Unpack the media beside MEDIA_ROOT (same file system, so the swap below is a rename), before
# the database is touched: a full disk or a bad archive stops the restore with nothing changed.
MEDIA_PARENT=$(dirname "$MEDIA_ROOT")
mkdir -p "$MEDIA_PARENT"
STAGING=$(mktemp -d "$MEDIA_PARENT/.$(basename "$MEDIA_ROOT").restoring-XXXXXX")
trap 'rm -rf -- "$STAGING"' EXIT
tar --extract --gzip --file="$SET_DIR/media.tar.gz" --directory="$STAGING" --no-same-owner ||
	die "unpacking the media archive failed (see the error above); nothing was changed."

# 5. The database, in one transaction: BEGIN, drop the extra tables, pg_restore's script, and
# COMMIT only if pg_restore got to its end. On an error psql stops (ON_ERROR_STOP); without the
# COMMIT it disconnects mid-transaction; either way PostgreSQL rolls everything back.
echo "Restoring database $TARGET_DB ..."
{
	echo 'BEGIN;'
	echo 'SET client_min_messages = warning;'
	while read -r table; do
		[[ -n $table ]] || continue
		schema=${table%%.*} name=${table#*.}
		printf 'DROP TABLE IF EXISTS "%s"."%s" CASCADE;\n' "${schema//\"/\"\"}" "${name//\"/\"\"}"
	done <<<"$EXTRA_TABLES"
	pg_restore --clean --if-exists --no-owner --no-privileges --file=- "$SET_DIR/database.dump" &&
		echo 'COMMIT;'
} | psql --no-psqlrc --quiet --set=ON_ERROR_STOP=1 --dbname="$DB_URI" >/dev/null ||
	die "restoring the database failed (see the error above); it was rolled back, so database $TARGET_DB and the media folder are as they were."

# 6. Swap the media folder, keeping the one it replaces.
if [[ -e $MEDIA_ROOT ]]; then
	ASIDE="$MEDIA_ROOT.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
	# Two restores in one second (or a leftover folder) must not collide: number the later ones.
	n=1
	while [[ -e $ASIDE ]]; do
		ASIDE="$MEDIA_ROOT.before-restore-$(date -u +%Y%m%dT%H%M%SZ)-$n"
		n=$((n + 1))
	done
	mv --no-target-directory -- "$MEDIA_ROOT" "$ASIDE" ||
		die "the database is restored, but $MEDIA_ROOT could not be moved aside; the restored media are in $STAGING."
	echo "Previous media folder kept as $ASIDE"
fi
mv --no-target-directory -- "$STAGING" "$MEDIA_ROOT"
trap - EXIT

echo "Restored $SET_DIR into database $TARGET_DB and $MEDIA_ROOT."
echo "Next: if the code is newer than the backup, run 'manage.py migrate'; then run 'manage.py invalidate_page_cache' so no page cached before the restore is served, and without Redis restart the app servers too (their own caches may hold pages from after the backup)."
