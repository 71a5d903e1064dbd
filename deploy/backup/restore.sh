#!/bin/bash
# Restores one encrypted backup written by backup.sh into an EMPTY database (see docs/operations.md, "Restore from
# backup"). The restore is one transaction: it lands completely or not at all.
#
#   restore.sh --file NAME-<stamp>.dump.age --identity AGE_IDENTITY_FILE [--force]
#
# Target: the usual libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD or PGPASSFILE, PGDATABASE = the target
# database, which must exist). Objects are owned by PGUSER (the service's role); grants are not restored.
#   --force      restore into a database that already holds tables (drops the objects of the backup first)
#   PG_BIN       optional: directory of pg_restore/psql
# Exit codes: 0 restored, 1 failed (target unchanged), 2 usage or refused.
set -euo pipefail
umask 077

log() { printf '%s restore %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() { log "ERROR: $2"; exit "$1"; }

FILE="" IDENTITY="" FORCE=false
while [ $# -gt 0 ]; do
  case "$1" in
    --file) FILE="${2:-}"; shift 2 ;;
    --identity) IDENTITY="${2:-}"; shift 2 ;;
    --force) FORCE=true; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) die 2 "unknown argument: $1" ;;
  esac
done
[ -n "$FILE" ] && [ -r "$FILE" ] || die 2 "--file must name a readable backup (.dump.age)"
[ -n "$IDENTITY" ] && [ -r "$IDENTITY" ] || die 2 "--identity must name a readable age identity file"
[ -n "${PGDATABASE:-}" ] || die 2 "PGDATABASE (the target database) is required"
PG_RESTORE="${PG_BIN:+$PG_BIN/}pg_restore"
PSQL="${PG_BIN:+$PG_BIN/}psql"
command -v "$PG_RESTORE" >/dev/null || die 2 "pg_restore not found (set PG_BIN or install the PostgreSQL client)"
command -v age >/dev/null || die 2 "age not found (Debian package: age)"

if [ -f "$FILE.sha256" ]; then
  (cd "$(dirname "$FILE")" && sha256sum --check --quiet "$(basename "$FILE").sha256") \
    || die 1 "checksum mismatch: $FILE is damaged"
fi

existing=$("$PSQL" --no-psqlrc --tuples-only --no-align --set ON_ERROR_STOP=1 --command \
  "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r','p','v','m','S') AND n.nspname NOT IN ('pg_catalog','information_schema')
      AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'") \
  || die 1 "cannot connect to the target database $PGDATABASE"
clean=()
if [ "$existing" != "0" ]; then
  $FORCE || die 2 "target database $PGDATABASE is not empty ($existing relations); restore into a fresh database or pass --force"
  clean=(--clean --if-exists)
  log "--force: dropping the backup's objects in $PGDATABASE first"
fi

log "restoring $(basename "$FILE") into $PGDATABASE"
# age authenticates the ciphertext: a wrong key or a tampered file fails before pg_restore sees a byte of it.
if ! age --decrypt --identity "$IDENTITY" "$FILE" \
     | "$PG_RESTORE" --dbname="$PGDATABASE" --no-owner --no-privileges --exit-on-error --single-transaction "${clean[@]}"; then
  die 1 "restore failed; the single transaction was rolled back, $PGDATABASE is unchanged"
fi
log "restored $(basename "$FILE") into $PGDATABASE"
