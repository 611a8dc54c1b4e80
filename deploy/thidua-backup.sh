#!/bin/sh
# Nightly backup of Thi Đua Số, run by deploy/thidua-backup.service as user thidua (install as
# /opt/thidua/bin/thidua-backup, mode 0755).
#
# `thidua backup FILE` (Operations/BackupCommand.swift) writes one consistent archive — a tar holding manifest.json,
# the database (SQLite VACUUM INTO, or pg_dump of one snapshot), installation.secret and every stored file — while
# the server keeps serving. It writes in a work folder beside FILE and renames the archive into place when complete,
# so a half-written archive never looks like a backup; it exits non-zero when a file the database names is missing.
# Archives older than THIDUA_BACKUP_KEEP_DAYS are deleted afterwards, and only after today's succeeded.
#
# The archive holds installation.secret (it opens sealed ballot counts) and citizens' personal data: this folder is
# mode 0750, the archives 0600 (umask below).
#
# Environment (from /etc/thidua/thidua.env through the unit): DATABASE_URL, THIDUA_DATA_DIR as for the server
# (THIDUA_PG_BIN if pg_dump is not under /usr/lib/postgresql/<version>/bin); THIDUA_BACKUP_DIR (default
# /var/backups/thidua), THIDUA_BACKUP_KEEP_DAYS (default 7), THIDUA_BIN (default /opt/thidua/bin/thidua). The last
# three are read by this script only, never by the server.
set -eu

BIN=${THIDUA_BIN:-/opt/thidua/bin/thidua}
DIR=${THIDUA_BACKUP_DIR:-/var/backups/thidua}
KEEP=${THIDUA_BACKUP_KEEP_DAYS:-7}

case $KEEP in '' | *[!0-9]*) echo "THIDUA_BACKUP_KEEP_DAYS must be a whole number of days (got '$KEEP')" >&2; exit 2 ;; esac
[ -d "$DIR" ] || { echo "backup directory $DIR does not exist (install -d -o thidua -g thidua -m 0750 $DIR)" >&2; exit 2; }

umask 077
archive="$DIR/thidua-$(date +%Y%m%d-%H%M).tar"
start=$(date +%s)
"$BIN" backup "$archive"
echo "backup: $archive, $(du -h "$archive" | cut -f1), $(( $(date +%s) - start )) s"

# Retention: archives older than KEEP days (never the one just written: -mtime +N is older than N whole days).
find "$DIR" -maxdepth 1 -type f -name 'thidua-*.tar' -mtime +"$KEEP" -print -delete
# Work folders of runs killed half-way (the command removes its own when it ends).
find "$DIR" -maxdepth 1 -type d -name '.thidua-backup-*' -mmin +1440 -exec rm -rf {} +
