#!/bin/sh
# Creates the topics of io.pivotreport.events.Topics (idempotent). Runs once before the services start.
set -eu
BOOTSTRAP="${KAFKA_BOOTSTRAP:-kafka:9092}"
create() {
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$1" --partitions "$2" --replication-factor 1 --config "retention.ms=$3"
}
DAY_MS=86400000
create pivot.tenant-lifecycle.v1         3 $((30 * DAY_MS))
create pivot.tenant-erasure-receipts.v1  3 $((30 * DAY_MS))
# Session data is kept at most 30 days anywhere (P3); the broker keeps it far shorter.
create pivot.session-events.v1           6 $((7 * DAY_MS))
create pivot.session-events.dlq.v1       1 $((7 * DAY_MS))
# accountIds travel on these two: kept only as long as a consumer may need to catch up after an outage.
create pivot.account-references.v1       3 $((7 * DAY_MS))
create pivot.account-closures.v1         1 $((7 * DAY_MS))
