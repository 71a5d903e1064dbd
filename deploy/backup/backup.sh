#!/bin/bash
# Encrypted daily backup of one PostgreSQL database (policy P7). Usable anywhere: a Kubernetes CronJob, the compose
# "backup" profile, a host's cron, by hand.
#
#   backup.sh --database NAME
#
# Connection: the usual libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD or PGPASSFILE, PGSSLMODE); PGDATABASE
# defaults to NAME. Settings (environment):
#   BACKUP_AGE_RECIPIENTS_FILE  required: age public key(s), one per line. Backups are encrypted to them; the identity
#                               (private key) that decrypts lives with the restore operators, never beside the backups.
#   BACKUP_DIR                  where backups go (default /backups); each database gets its own sub-directory
#   BACKUP_RETENTION_DAYS       backups older than this are deleted after a successful run (default 14; the newest
#                               backup is never deleted)
#   BACKUP_TEXTFILE_DIR         optional: write the heartbeat for node-exporter's textfile collector here
#   PUSHGATEWAY_URL             optional: push the heartbeat to this Prometheus Pushgateway
#   PG_BIN                      optional: directory of pg_dump (it must be the server's major version or newer)
#
# Output: $BACKUP_DIR/NAME/NAME-<UTC yyyymmddThhmmssZ>.dump.age (pg_dump custom format, encrypted with age) and a
# .sha256 beside it, so copies can be checked without the key. Nothing unencrypted ever touches the disk.
# Heartbeat (only after success): pivot_backup_last_success_timestamp_seconds{database="NAME"}, plus the size and the
# duration of the last backup. Exit codes: 0 done, 1 backup failed (nothing written), 2 usage, 3 backup written but
# the heartbeat could not be delivered.
set -euo pipefail
umask 077

log() { printf '%s backup[%s] %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${DATABASE:-?}" "$*" >&2; }
die() { log "ERROR: $2"; exit "$1"; }

DATABASE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --database) DATABASE="${2:-}"; shift 2 ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) die 2 "unknown argument: $1" ;;
  esac
done
[[ "$DATABASE" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die 2 "--database NAME is required ([a-z_][a-z0-9_]*)"

BACKUP_DIR="${BACKUP_DIR:-/backups}"
RETENTION_DAYS="${BACKUP_RETENTION_DAYS:-14}"
RECIPIENTS="${BACKUP_AGE_RECIPIENTS_FILE:-}"
[[ "$RETENTION_DAYS" =~ ^[1-9][0-9]*$ ]] || die 2 "BACKUP_RETENTION_DAYS must be a positive number of days"
[ -n "$RECIPIENTS" ] && [ -r "$RECIPIENTS" ] || die 2 "BACKUP_AGE_RECIPIENTS_FILE must name a readable age recipients file (no unencrypted backups)"
PG_DUMP="${PG_BIN:+$PG_BIN/}pg_dump"
command -v "$PG_DUMP" >/dev/null || die 2 "pg_dump not found (set PG_BIN or install the PostgreSQL client)"
command -v age >/dev/null || die 2 "age not found (Debian package: age)"
export PGDATABASE="${PGDATABASE:-$DATABASE}"

target_dir="$BACKUP_DIR/$DATABASE"
mkdir -p "$target_dir"
started=$(date -u +%s)
stamp=$(date -u -d "@$started" +%Y%m%dT%H%M%SZ)
final="$target_dir/$DATABASE-$stamp.dump.age"
partial="$final.partial"
trap 'rm -f "$partial"' EXIT

log "dumping to $final"
# Custom format (compressed, restorable table by table); streamed straight into age so no plaintext lands on disk.
# pipefail makes a failing pg_dump fail the whole pipeline.
if ! "$PG_DUMP" --format=custom --compress=6 --lock-wait-timeout=60000 \
      | age --encrypt --recipients-file "$RECIPIENTS" --output "$partial"; then
  die 1 "pg_dump or encryption failed; no backup written"
fi
[ -s "$partial" ] || die 1 "empty backup; nothing written"
mv -f "$partial" "$final"
trap - EXIT
(cd "$target_dir" && sha256sum "$(basename "$final")" > "$(basename "$final").sha256")
finished=$(date -u +%s)
size=$(stat -c %s "$final")
log "wrote $size bytes in $((finished - started)) s"

# Retention by the timestamp in the name (not mtime: copies and restores of the folder keep their meaning).
cutoff=$((finished - RETENTION_DAYS * 86400))
for old in "$target_dir/$DATABASE"-*.dump.age; do
  [ "$old" = "$final" ] && continue
  name=$(basename "$old")
  ts=${name#"$DATABASE"-}; ts=${ts%.dump.age}
  [[ "$ts" =~ ^([0-9]{4})([0-9]{2})([0-9]{2})T([0-9]{2})([0-9]{2})([0-9]{2})Z$ ]] || continue
  epoch=$(date -u -d "${BASH_REMATCH[1]}-${BASH_REMATCH[2]}-${BASH_REMATCH[3]} ${BASH_REMATCH[4]}:${BASH_REMATCH[5]}:${BASH_REMATCH[6]}" +%s)
  if [ "$epoch" -lt "$cutoff" ]; then
    rm -f "$old" "$old.sha256"
    log "retention: deleted $name"
  fi
done

metrics=$(cat <<EOF
# HELP pivot_backup_last_success_timestamp_seconds When the last successful backup of the database finished.
# TYPE pivot_backup_last_success_timestamp_seconds gauge
pivot_backup_last_success_timestamp_seconds{database="$DATABASE"} $finished
# HELP pivot_backup_last_size_bytes Size of the last successful (encrypted) backup.
# TYPE pivot_backup_last_size_bytes gauge
pivot_backup_last_size_bytes{database="$DATABASE"} $size
# HELP pivot_backup_last_duration_seconds How long the last successful backup took.
# TYPE pivot_backup_last_duration_seconds gauge
pivot_backup_last_duration_seconds{database="$DATABASE"} $((finished - started))
EOF
)
status=0
if [ -n "${BACKUP_TEXTFILE_DIR:-}" ]; then
  mkdir -p "$BACKUP_TEXTFILE_DIR"
  prom="$BACKUP_TEXTFILE_DIR/pivot_backup_$DATABASE.prom"
  # Written aside and renamed: the collector never reads half a file.
  if printf '%s\n' "$metrics" > "$prom.$$" && chmod 0644 "$prom.$$" && mv -f "$prom.$$" "$prom"; then
    log "heartbeat written to $prom"
  else
    rm -f "$prom.$$"; log "WARNING: could not write heartbeat file $prom"; status=3
  fi
fi
if [ -n "${PUSHGATEWAY_URL:-}" ]; then
  if command -v curl >/dev/null && printf '%s\n' "$metrics" \
       | curl --fail --silent --show-error --max-time 20 --retry 3 --data-binary @- \
           "${PUSHGATEWAY_URL%/}/metrics/job/pivot_backup/database/$DATABASE" >/dev/null; then
    log "heartbeat pushed to the Pushgateway"
  else
    log "WARNING: could not push the heartbeat to the Pushgateway"; status=3
  fi
fi
exit $status
