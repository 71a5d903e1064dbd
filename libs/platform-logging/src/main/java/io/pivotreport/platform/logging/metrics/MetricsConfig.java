package io.pivotreport.platform.logging.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Shared metric settings. */
@ConfigMapping(prefix = "pivot.metrics")
public interface MetricsConfig {

    /**
     * Publish {@code http_server_requests_seconds_bucket} (a latency histogram) so Prometheus can compute p95/p99 over
     * all replicas; the p99 alert and the latency panels need it.
     */
    @WithDefault("true")
    boolean httpHistogram();

    /** Smallest latency bucket of the HTTP histogram. */
    @WithDefault("5ms")
    Duration httpHistogramMin();

    /** Largest latency bucket of the HTTP histogram; slower requests land in {@code +Inf}. */
    @WithDefault("30s")
    Duration httpHistogramMax();
}
