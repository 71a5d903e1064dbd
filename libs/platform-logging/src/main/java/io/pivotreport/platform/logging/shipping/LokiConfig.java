package io.pivotreport.platform.logging.shipping;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Log shipping to Loki. Everything but {@link #url()} has a production default; without a URL nothing is shipped and
 * no thread is started.
 */
@ConfigMapping(prefix = "pivot.logging.loki")
public interface LokiConfig {

    /**
     * Loki push endpoint, e.g. {@code http://loki:3100/loki/api/v1/push}. Absent: shipping is off (console only).
     * Never put credentials into the URL; use {@link #username()} and {@link #password()}.
     */
    Optional<String> url();

    /** Value of the {@code service_name} stream label. */
    @WithDefault("${quarkus.application.name}")
    String serviceName();

    /** Value of the {@code env} stream label (local, compose, staging, production). */
    @WithDefault("${pivot.environment:local}")
    String environment();

    /** Records below this level are not shipped (the console keeps its own level). */
    @WithDefault("INFO")
    String minLevel();

    /**
     * Records waiting between the logging call and the Loki4j appender. When full, new records are dropped and counted
     * in {@code pivot_log_shipping_dropped_total{reason="queue_full"}}; the logging call never waits.
     */
    @WithDefault("10000")
    int queueCapacity();

    /** Most records in one push. */
    @WithDefault("1000")
    int batchMaxItems();

    /** Most bytes in one push; keep below Loki's {@code grpc_server_max_recv_msg_size}. */
    @WithDefault("1048576")
    int batchMaxBytes();

    /** A batch is pushed at the latest this long after its first record. */
    @WithDefault("2s")
    Duration batchTimeout();

    /**
     * Encoded batches waiting for Loki, in bytes (at least 5 x {@link #batchMaxBytes()}). When full, Loki4j drops new
     * records: {@code pivot_log_shipping_dropped_total{reason="loki_backpressure"}}.
     */
    @WithDefault("8388608")
    long sendQueueMaxBytes();

    /** Time to open a connection to Loki. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** Time for Loki to answer one push. */
    @WithDefault("5s")
    Duration requestTimeout();

    /**
     * Retries of a batch after a connection failure, a timeout, 429 or 503; then the batch is dropped and counted in
     * {@code pivot_log_shipping_failed_batches_total}.
     */
    @WithDefault("2")
    int maxRetries();

    /** First back-off before a retry; doubles per retry. */
    @WithDefault("500ms")
    Duration minRetryBackoff();

    /** Longest back-off before a retry. */
    @WithDefault("5s")
    Duration maxRetryBackoff();

    /** How long shutdown waits for the last batches to reach Loki before giving up on them. */
    @WithDefault("5s")
    Duration shutdownTimeout();

    /** {@code X-Scope-OrgID} for a multi-tenant Loki; absent for a single-tenant one. */
    Optional<String> orgId();

    /** Basic-auth user for a Loki behind an authenticating proxy. */
    Optional<String> username();

    /** Basic-auth password; from a secret or the environment, never from a committed file. */
    Optional<String> password();
}
