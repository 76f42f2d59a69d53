# Sourced by scripts/backup.sh and scripts/restore.sh (not run on its own).
#
# set_db_uri: sets DB_URI to the site's DATABASE_URL as a libpq URI, with any password moved to
# PGPASSWORD so it does not show in `ps` while pg_dump or pg_restore runs; dj-database-url's other
# PostgreSQL schemes become postgresql://. Calls the sourcing script's die() when DATABASE_URL is
# missing or not PostgreSQL.

set_db_uri() {
	local url=${DATABASE_URL:-}
	if [[ -z $url ]]; then
		die "DATABASE_URL is not set. Without it the site uses SQLite (db.sqlite3); backups and restores are for PostgreSQL only, e.g. DATABASE_URL=postgres://user@host:5432/practice."
	fi
	if [[ ! $url =~ ^(postgres|postgresql|pgsql|postgis):// ]]; then
		die "DATABASE_URL is not a PostgreSQL database (${url%%:*}://...). Backups and restores are for PostgreSQL only; for SQLite, copy the database file and the media folder while the site is stopped."
	fi
	url="postgresql://${url#*://}"
	if [[ $url =~ ^postgresql://([^:@/]*):([^@/]*)@(.*)$ ]]; then
		local password=${BASH_REMATCH[2]}
		# Percent-decode (%40 is @) the way libpq would have.
		PGPASSWORD=$(printf '%b' "${password//%/\\x}")
		export PGPASSWORD
		url="postgresql://${BASH_REMATCH[1]}@${BASH_REMATCH[3]}"
	fi
	DB_URI=$url
}
