#!/bin/bash
# Backs up every service database once (compose profile "backup"); each database keeps its own heartbeat.
set -uo pipefail
status=0
for db in license report analytics; do
  upper=$(echo "$db" | tr '[:lower:]' '[:upper:]')
  password_var="${upper}_DB_PASSWORD"
  PGHOST="${db}-db" PGPORT=5432 PGUSER="$db" PGDATABASE="$db" PGPASSWORD="${!password_var}" \
    /opt/pivot/backup/backup.sh --database "$db" || status=1
done
exit $status
