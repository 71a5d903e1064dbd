package io.pivotreport.platform.logging.metrics;

import java.util.List;

/**
 * The platform's own metric names as Prometheus shows them (docs/observability.md, "Metrics"), defined once for the
 * services, the alert rules and the dashboards. Register a counter with the full name including {@code _total}; the
 * Micrometer Prometheus registry keeps it as is.
 */
public final class MetricNames {

    /** Gateway: requests refused at token verification. Tags: token_class, reason. */
    public static final String AUTH_FAILURES = "pivot_auth_failures_total";
    /** Private services: refused internal calls. Tag: reason (missing, invalid, wrong_audience, forbidden, cross_tenant). */
    public static final String INTERNAL_TOKEN_DENIALS = "pivot_internal_token_denials_total";
    /** Gateway: requests answered 429. Tag: scope (e.g. tenant, ip; never the tenant's id). */
    public static final String RATE_LIMIT_HITS = "pivot_rate_limit_hits_total";
    /** license-service: lifecycle events applied. Tag: event (installed, enabled, disabled, uninstalled, erasure_due). */
    public static final String TENANT_LIFECYCLE_EVENTS = "pivot_license_lifecycle_events_total";
    /** report-service: saved-report writes. Tag: operation (create, update, delete). */
    public static final String REPORTS_SAVED = "pivot_reports_saved_total";
    /** analytics-service: session events stored. */
    public static final String SESSION_EVENTS_INGESTED = "pivot_session_events_ingested_total";
    /** analytics-service: session events sent to the dead-letter topic. Tag: reason. */
    public static final String SESSION_EVENTS_DEAD_LETTERED = "pivot_session_events_dead_lettered_total";
    /** Scheduled jobs: Unix time of the last success. Tag: job. */
    public static final String JOB_LAST_SUCCESS = "pivot_job_last_success_timestamp_seconds";
    /** Scheduled jobs: rows touched. Tag: job. */
    public static final String JOB_ROWS_AFFECTED = "pivot_job_rows_affected_total";
    /** Backup job (pushed to the Pushgateway): Unix time of the last verified backup. Tag: database. */
    public static final String BACKUP_LAST_SUCCESS = "pivot_backup_last_success_timestamp_seconds";
    /** platform-data: outbox rows not yet acknowledged by Kafka. */
    public static final String OUTBOX_PENDING = "pivot_outbox_pending";
    /** platform-data: outbox rows acknowledged by Kafka. */
    public static final String OUTBOX_RELAYED = "pivot_outbox_relayed_total";
    /** platform-data: relay passes that could not publish. */
    public static final String OUTBOX_RELAY_FAILURES = "pivot_outbox_relay_failures_total";
    /** platform-logging: log records that never left the process. Tag: reason (queue_full, loki_backpressure). */
    public static final String LOG_SHIPPING_DROPPED = "pivot_log_shipping_dropped_total";
    /** platform-logging: log batches Loki did not accept after retries. */
    public static final String LOG_SHIPPING_FAILED_BATCHES = "pivot_log_shipping_failed_batches_total";

    /** Every name above. */
    public static final List<String> ALL = List.of(AUTH_FAILURES, INTERNAL_TOKEN_DENIALS, RATE_LIMIT_HITS,
            TENANT_LIFECYCLE_EVENTS, REPORTS_SAVED, SESSION_EVENTS_INGESTED, SESSION_EVENTS_DEAD_LETTERED,
            JOB_LAST_SUCCESS, JOB_ROWS_AFFECTED, BACKUP_LAST_SUCCESS, OUTBOX_PENDING, OUTBOX_RELAYED,
            OUTBOX_RELAY_FAILURES, LOG_SHIPPING_DROPPED, LOG_SHIPPING_FAILED_BATCHES);

    private MetricNames() {
    }
}
