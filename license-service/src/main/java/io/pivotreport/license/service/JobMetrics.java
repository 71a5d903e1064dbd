package io.pivotreport.license.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** {@code pivot_job_last_success_timestamp_seconds{job}} for this service's scheduled jobs (alerts fire when stale). */
@ApplicationScoped
public class JobMetrics {

    public static final String LAST_SUCCESS = "pivot_job_last_success_timestamp_seconds";

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    // strong references: Micrometer holds gauge state weakly
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

    public static final String HISTORY_PURGE = "account-history-purge";
    public static final String TENANT_ERASURE = "tenant-erasure";
    public static final String SECRET_REENCRYPTION = "secret-reencryption";
    public static final String PERSONAL_DATA_REPORTING = "personal-data-reporting";

    /** Publishes the gauge at 0 so a job that never succeeded is visible, not absent. */
    public void register(String job) {
        gauge(job);
    }

    public void succeeded(String job) {
        gauge(job).set(clock.instant().getEpochSecond());
    }

    private AtomicLong gauge(String job) {
        return lastSuccess.computeIfAbsent(job,
                name -> registry.gauge(LAST_SUCCESS, Tags.of("job", name), new AtomicLong()));
    }
}
