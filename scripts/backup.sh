#!/usr/bin/env bash
# Back up the site: the PostgreSQL database and the media folder (uploaded images, documents and
# their renditions), as one timestamped backup set that scripts/restore.sh puts back.
#
#   scripts/backup.sh [DEST_DIR]        (default DEST_DIR: <repo>/backups)
#
# Reads DATABASE_URL (PostgreSQL only) and MEDIA_ROOT (default <repo>/media), as the site does.
# A set is a folder DEST_DIR/<database>-<UTC time>/ holding
#   database.dump   pg_dump --format=custom (compressed; pg_restore can pick parts of it)
#   media.tar.gz    the contents of MEDIA_ROOT
#   manifest.txt    when, which database, and each file's size and sha256, checked on restore
# The set is built under a hidden ".partial" name and renamed only once complete, so a set with
# its final name is always whole; a failed run removes its partial folder and exits non-zero.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

die() {
	echo "backup: $*" >&2
	exit 1
}

usage() {
	sed -n '2,13s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

# set_db_uri: DATABASE_URL as DB_URI for libpq, the password in PGPASSWORD.
# shellcheck source=database_url.sh
source "$REPO/scripts/database_url.sh"

case "${1:-}" in
-h | --help)
	usage
	exit 0
	;;
-*) die "unknown option $1 (usage: scripts/backup.sh [DEST_DIR])" ;;
esac
[[ $# -le 1 ]] || die "too many arguments (usage: scripts/backup.sh [DEST_DIR])"

DEST=${1:-$REPO/backups}
MEDIA_ROOT=${MEDIA_ROOT:-$REPO/media}
MEDIA_ROOT=${MEDIA_ROOT%/}
set_db_uri
for tool in pg_dump psql tar gzip sha256sum; do
	command -v "$tool" >/dev/null || die "$tool is not installed (Debian: apt-get install postgresql-client tar gzip coreutils)."
done

# The database's real name, which also proves the connection works before anything is written.
DB_NAME=$(psql --no-psqlrc --quiet --tuples-only --no-align --dbname="$DB_URI" \
	--command='SELECT current_database()') || die "cannot connect to the database in DATABASE_URL (see the error above)."

# Backups hold personal data (consultation requests, commenters' e-mail addresses, password
# hashes): only the owner may read them.
umask 077
mkdir -p "$DEST"
NOW=$(date -u +%s)
STAMP=$(date -u -d "@$NOW" +%Y%m%dT%H%M%SZ)
NAME="$DB_NAME-$STAMP"
FINAL="$DEST/$NAME"
[[ ! -e $FINAL ]] || die "$FINAL already exists; run again in a second."
PARTIAL=$(mktemp -d "$DEST/.$NAME.XXXXXX.partial")
trap 'rm -rf -- "$PARTIAL"' EXIT

echo "Dumping database $DB_NAME ..."
pg_dump --format=custom --file="$PARTIAL/database.dump" --dbname="$DB_URI" ||
	die "pg_dump failed (see the error above); no backup was written."

# Media after the dump: a file uploaded meanwhile is at worst an unused extra in the archive,
# whereas archiving first could miss the file of a row that the dump then contains.
if [[ -d $MEDIA_ROOT ]]; then
	echo "Archiving media folder $MEDIA_ROOT ..."
	tar --create --gzip --file="$PARTIAL/media.tar.gz" --directory="$MEDIA_ROOT" . ||
		die "archiving $MEDIA_ROOT failed (see the error above); no backup was written."
else
	echo "backup: warning: media folder $MEDIA_ROOT does not exist; the set holds an empty media archive." >&2
	EMPTY=$(mktemp -d)
	tar --create --gzip --file="$PARTIAL/media.tar.gz" --directory="$EMPTY" .
	rmdir "$EMPTY"
fi

{
	echo "format: practice-backup 1"
	echo "created: $(date -u -d "@$NOW" +%Y-%m-%dT%H:%M:%SZ)"
	echo "database: $DB_NAME"
	echo "media_root: $MEDIA_ROOT"
	echo "pg_dump: $(pg_dump --version)"
	# One line a file: "file: NAME SIZE_IN_BYTES SHA256".
	for file in database.dump media.tar.gz; do
		size=$(stat --format=%s "$PARTIAL/$file")
		sum=$(sha256sum "$PARTIAL/$file" | cut -d' ' -f1)
		echo "file: $file $size $sum"
	done
} >"$PARTIAL/manifest.txt"

# rename() within one folder is atomic: the set appears whole under its final name or not at all.
mv --no-target-directory -- "$PARTIAL" "$FINAL"
trap - EXIT
echo "Backup written to $FINAL"
